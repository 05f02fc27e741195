"""Scenarios for `facedrop eval`: reading them, what a truthful guardian answers, and the
figures of a run (scored here on made-up observations; the real run is
tests/integration/test_eval.py)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from domain.recognition.scenarios import (
    Asked,
    Claimed,
    Delivered,
    Observed,
    Offered,
    Refusal,
    ScenarioError,
    WrongFace,
    claim_answer,
    cluster_figures,
    expected_deliveries,
    parse_scenario,
    photo_file,
    photo_modifiers,
    score,
    spare_is_needed,
    table,
    truthful_answer,
)

LABELS = {"a1.jpg": "alice", "a2.jpg": "alice", "b1.jpg": "bob", "s1.jpg": "stranger"}


ALICE = {"name": "Alice", "identity": "alice", "enroll": ["x"]}
BO = {
    "name": "Bo",
    "ignores_questions": True,
    "persons": [{"name": "Bob", "identity": "bob", "enroll": ["y"], "spare": ["z"]}],
}


def _late_alice(post: Any) -> list[dict[str, Any]]:
    return [{"name": "Ann", "persons": [{**ALICE, "enrolls_before_post": post}]}, BO]


def _born_alice(born: str) -> list[dict[str, Any]]:
    return [{"name": "Ann", "persons": [{**ALICE, "born": born}]}, BO]


def _data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "tiny",
        "faces": "../faces",
        "guardians": [
            {"name": "Ann", "persons": [ALICE]},
            BO,
            {"name": "Cy", "persons": []},
        ],
        "groups": [
            {"title": "1A", "members": ["Ann", "Bo"]},
            {"title": "Choir", "members": ["Bo"]},
        ],
        "posts": [
            {"group": "1A", "collage": ["a1.jpg", "s1.jpg"], "date": "2022-09-01"},
            {"group": "1A", "collage": ["b1.jpg", "a2.jpg"]},
            {"group": "Choir", "collage": ["a1.jpg"]},  # Ann is not in the choir
            {"group": "Choir", "photo": "group.jpg", "people": ["bob", "someone"]},
        ],
    }
    data.update(changes)
    return data


def test_a_scenario_names_its_people_by_their_photos_labels() -> None:
    scenario = parse_scenario(_data(), LABELS)
    assert scenario.poster == "Teacher"
    assert [g.answers for g in scenario.guardians] == [True, False, True]
    assert scenario.guardians[1].persons[0].spare == ("z",)
    assert scenario.guardians[0].persons[0].enrolls_before_post == 0  # before any post
    late = parse_scenario(_data(guardians=_late_alice(4)), LABELS)
    assert late.guardians[0].persons[0].enrolls_before_post == 4  # after the last
    first, _, _, photo = scenario.posts
    assert first.faces == (("a1.jpg", "alice"), ("s1.jpg", "stranger"))
    assert first.people == ("alice", "stranger")
    assert first.date == date(2022, 9, 1)
    assert photo.files == ("group.jpg",) and photo.people == ("bob", "someone")
    assert scenario.starts == date(2022, 9, 1)  # no 'starts': its first dated post's day


def test_a_scenario_may_start_before_its_posts_and_give_birth_dates() -> None:
    scenario = parse_scenario(
        _data(starts="2022-08-01", guardians=_born_alice("2019-03-04")), LABELS
    )
    assert scenario.starts == date(2022, 8, 1)
    assert scenario.guardians[0].persons[0].born == date(2019, 3, 4)
    undated = [{"group": "1A", "collage": ["a1.jpg"]}]
    assert parse_scenario(_data(posts=undated), LABELS).starts is None


def test_a_clip_post_names_who_is_on_screen_when() -> None:
    """Each shot of a clip is on screen ``CLIP_SHOT_S`` (2.5 s): a track first seen at 2.6 s
    is the second shot's person."""
    scenario = parse_scenario(_data(posts=[{"group": "1A", "clip": ["a1.jpg", "b1.jpg"]}]), LABELS)
    (clip,) = scenario.posts
    assert clip.clip and clip.people == (LABELS["a1.jpg"], LABELS["b1.jpg"])
    assert [clip.shot_at(t) for t in (0.0, 2.4, 2.5, 4.9, 5.0)] == [
        LABELS["a1.jpg"],
        LABELS["a1.jpg"],
        LABELS["b1.jpg"],
        LABELS["b1.jpg"],
        None,
    ]


def test_a_real_clip_names_its_people_not_where_they_are() -> None:
    """A real clip (``video``) is judged like a photo of several people: a guardian is owed
    it when their person is among its people; nobody's clip is owed to no one."""
    posts = [
        {"group": "1A", "video": "clips/party.mp4", "people": [LABELS["a1.jpg"]]},
        {"group": "1A", "video": "clips/crowd.gif", "people": []},
    ]
    scenario = parse_scenario(_data(posts=posts), LABELS)
    party, crowd = scenario.posts
    assert party.video == "clips/party.mp4" and party.photo is None and not party.clip
    assert party.files == ("clips/party.mp4",) and crowd.people == ()
    assert {post for post, _guardian in expected_deliveries(scenario)} == {0}


def test_the_issues_recall_counts_children_on_screen_two_seconds_or_more() -> None:
    """Issue 35's bar is of children on screen at least 2 s: Alice glimpsed for a second at
    the party is owed the clip (recall counts her), but not by the issue's measure; a made
    clip's shot is 2.5 s; a real clip with no label for a person counts her."""
    party_clip: dict[str, Any] = {
        "group": "1A",
        "video": "party.mp4",
        "people": ["alice", "bob"],
        "on_screen_s": {"alice": 1.0, "bob": 6.5},
    }
    posts = [
        party_clip,
        {"group": "1A", "clip": ["a1.jpg", "s1.jpg"]},
        {"group": "1A", "video": "song.mp4", "people": ["alice"]},
    ]
    scenario = parse_scenario(_data(posts=posts), LABELS)
    party = scenario.posts[0]
    assert (party.seconds_on_screen("alice"), party.seconds_on_screen("bob")) == (1.0, 6.5)
    assert scenario.posts[1].seconds_on_screen("alice") == 2.5
    assert expected_deliveries(scenario) == {(0, "Ann"), (0, "Bo"), (1, "Ann"), (2, "Ann")}
    assert expected_deliveries(scenario, 2.0) == {(0, "Bo"), (1, "Ann"), (2, "Ann")}
    observed = Observed(
        deliveries=[Delivered(0, "Bo", automatic=True), Delivered(1, "Ann", automatic=False)]
    )
    figures = score(scenario, observed)
    measured = {
        "recall_after_answers": 0.5,  # every appearance: Alice's second at the party too
        "expected_deliveries_on_screen_2s": 3,
        "recall_automatic_on_screen_2s": 0.3333,
        "recall_after_answers_on_screen_2s": 0.6667,
    }
    assert {key: figures[key] for key in measured} == measured
    assert "  recall, on screen >= 2 s" in "\n".join(table(figures))
    with pytest.raises(ScenarioError, match="on_screen_s: expected seconds"):
        parse_scenario(_data(posts=[{**party_clip, "on_screen_s": {"carol": 3}}]), LABELS)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"posts": [{"group": "1A", "collage": ["nobody.jpg"]}]}, "nobody.jpg is not in the"),
        ({"posts": [{"group": "1A", "video": "v.mp4", "photo": "p"}]}, "'photo' or 'video'"),
        ({"posts": [{"group": "1A", "video": ""}]}, "'video' must be a non-empty string"),
        ({"posts": [{"group": "1A", "collage": ["a1.jpg"] * 5}]}, "a collage has 1 to 4 faces"),
        ({"posts": [{"group": "1A"}]}, "give one of 'collage' (1-4 files), 'clip' (1-12 files)"),
        ({"posts": [{"group": "1A", "clip": ["a1.jpg"], "photo": "p"}]}, "give one of 'collage'"),
        ({"posts": [{"group": "1A", "clip": ["a1.jpg"] * 13}]}, "a clip has 1 to 12 faces"),
        ({"posts": [{"group": "Gym", "photo": "p.jpg"}]}, "'group' must name one of the groups"),
        ({"posts": [{"group": "1A", "photo": "p", "date": "soon"}]}, "'date' must be YYYY-MM-DD"),
        ({"groups": [{"title": "1A", "members": ["Zed"]}]}, "'Zed' is not a guardian"),
        ({"poster": "Ann"}, "the poster is not a guardian"),
        ({"posts": []}, "no posts"),
        ({"colour": "red"}, "unknown key(s) colour"),
        ({"guardians": _late_alice(9)}, "Alice: enrolls_before_post 9 is past the last post"),
        ({"guardians": _late_alice(-1)}, "'enrolls_before_post' must be a post's index"),
        ({"guardians": _late_alice("2")}, "'enrolls_before_post' must be a post's index"),
        ({"starts": "2022-10-01"}, "posts[0]: dated 2022-09-01, before an earlier post or"),
        ({"starts": "1 Sept"}, "scenario: 'starts' must be YYYY-MM-DD"),
        ({"guardians": _born_alice("2023-01-01")}, "Alice: born after the scenario starts"),
        ({"guardians": _born_alice("2019")}, "'born' must be YYYY-MM-DD"),
        ({"whois_after_posts": [4]}, "'whois_after_posts' must list posts' indices (0 to 3)"),
        ({"whois_after_posts": [2, 1]}, "'whois_after_posts' must list posts' indices"),
        ({"whois_after_posts": 1}, "'whois_after_posts' must list posts' indices"),
    ],
)
def test_a_scenario_that_cannot_run_says_where(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ScenarioError, match=re.escape(message)):
        parse_scenario(_data(**changes), LABELS)


def test_expected_deliveries_are_a_guardians_persons_in_groups_they_are_in() -> None:
    scenario = parse_scenario(_data(), LABELS)
    assert expected_deliveries(scenario) == {(0, "Ann"), (1, "Ann"), (1, "Bo"), (3, "Bo")}


def test_a_truthful_guardian_says_yes_only_to_their_own_persons_face() -> None:
    scenario = parse_scenario(_data(), LABELS)
    collage, photo = scenario.posts[1], scenario.posts[3]
    assert truthful_answer("alice", "alice", collage) is True
    assert truthful_answer("alice", "bob", collage) is False  # Alice is in it, not this face
    # A photo whose faces the scenario does not place: yes when the person is in it.
    assert truthful_answer("bob", None, photo) is True
    assert truthful_answer("alice", None, photo) is False


def test_the_figures_of_a_run() -> None:
    scenario = parse_scenario(_data(), LABELS)
    observed = Observed(
        deliveries=[
            Delivered(0, "Ann", automatic=True),
            Delivered(1, "Ann", automatic=False),  # after Ann said yes
            Delivered(1, "Bo", automatic=True),
            Delivered(2, "Bo", automatic=True),  # Alice's face sent to Bob's guardian
        ],
        questions=[
            Asked(1, "Ann", "Alice", "alice", True),
            Asked(0, "Ann", "Alice", "stranger", False, 0.38),  # a stranger shown to Ann
            Asked(3, "Bo", "Bob", None, None),  # Bo ignores questions
        ],
        refusals=[Refusal("Bo", "Bob", "y", "no_face")],
        enrollment_photos=3,
        wrong_faces=[WrongFace(2, "Bob", "alice")],
    )
    figures = score(scenario, observed)
    assert figures["expected_deliveries"] == 4
    assert figures["delivered"] == 4
    assert figures["precision"] == 0.75
    assert figures["wrong_deliveries"] == [
        {
            "guardian": "Bo",
            "post": 2,
            "photo": ["a1.jpg"],
            "really_in_it": ["alice"],
            "automatic": True,
        }
    ]
    assert figures["recall_automatic"] == 0.5
    assert figures["recall_after_answers"] == 0.75
    assert figures["missed"] == [{"guardian": "Bo", "post": 3, "photo": ["group.jpg"]}]
    assert figures["questions"] == 3
    assert figures["questions_answered_yes"] == 1
    assert figures["questions_per_delivered_photo"] == 0.75
    assert figures["questions_about_another_familys_child"] == 1
    assert figures["asked"][1:] == [
        {
            "guardian": "Ann",
            "post": 0,
            "is_this": "Alice",
            "really": "stranger",
            "answer": "no",
            "score": 0.38,
        },
        {
            "guardian": "Bo",
            "post": 3,
            "is_this": "Bob",
            "really": None,
            "answer": "none",
            "score": None,
        },
    ]
    assert figures["enrollment_refused_by_reason"] == {"no_face": 1}
    assert figures["faces_counted_as_the_wrong_person"] == [
        {"post": 2, "person": "Bob", "really": "alice"}
    ]
    assert figures["clusters"] == {  # no unknown faces in this run
        "clusters": 0,
        "members": [],
        "unknown_faces": 0,
        "clustered": 0,
        "purity": None,
        "completeness": None,
    }

    lines = table(figures)
    assert "  precision" in lines[3] and lines[3].endswith("0.75")
    assert any(line.split()[-1] == "n/a" and "purity" in line for line in lines)
    assert lines[-1] == ("  WRONG: Bo got post 2 (a1.jpg); really in it: alice")
    assert any(line.endswith("1 of 3 (no_face 1)") for line in lines)


def test_cluster_figures_say_how_well_clusters_follow_who_is_who() -> None:
    faces = [
        ("jen", "c1"),
        ("jen", "c1"),
        ("jen", "c2"),  # Jen split in two
        ("jack", "c2"),
        ("jack", "c2"),
        ("jack", None),  # c2 mixes Jack and Jen
        ("ann", None),  # seen once: counts for neither figure's children
        (None, "c1"),  # not known who: left out
    ]
    figures = cluster_figures(faces)
    assert (figures["clusters"], figures["clustered"], figures["unknown_faces"]) == (2, 5, 8)
    assert figures["purity"] == 0.8  # c1: 2 of 2 Jen, c2: 2 of 3 Jack
    assert figures["completeness"] == round(4 / 6, 4)  # Jen 2 of 3, Jack 2 of 3
    assert figures["members"] == [{"jack": 2, "jen": 1}, {"jen": 2}]  # largest first
    assert cluster_figures([]) == {
        "clusters": 0,
        "members": [],
        "unknown_faces": 0,
        "clustered": 0,
        "purity": None,
        "completeness": None,
    }


def test_a_run_that_delivered_nothing_has_no_precision_rather_than_a_made_up_one() -> None:
    figures = score(parse_scenario(_data(), LABELS), Observed())
    assert figures["precision"] is None
    assert figures["recall_automatic"] == 0.0
    assert figures["questions_per_delivered_photo"] is None
    assert any(line.split()[-1] == "n/a" and "precision" in line for line in table(figures))


def test_an_enrollment_photo_may_be_sent_mirrored_or_with_surroundings() -> None:
    person = {
        "name": "Alice",
        "identity": "alice",
        "enroll": ["a1.jpg", "a1.jpg#mirrored"],
        "spare": ["a1.jpg#padded", "a1.jpg#mirrored#padded"],
    }
    scenario = parse_scenario(
        _data(
            guardians=[{"name": "Ann", "persons": [person]}],
            groups=[{"title": "1A", "members": ["Ann"]}],
            posts=[{"collage": ["a2.jpg"]}],
        ),
        LABELS,
    )
    assert scenario.guardians[0].persons[0].spare == ("a1.jpg#padded", "a1.jpg#mirrored#padded")
    assert photo_file("a1.jpg#mirrored#padded") == "a1.jpg"
    assert photo_modifiers("a1.jpg#mirrored#padded") == {"mirrored", "padded"}
    # A spare with surroundings stands in for the same photo refused as it was.
    assert spare_is_needed("a1.jpg#padded", accepted=["a1.jpg#mirrored"]) is True
    assert spare_is_needed("a1.jpg#padded", accepted=["a1.jpg"]) is False
    assert spare_is_needed("a1.jpg#mirrored#padded", accepted=["a1.jpg"]) is True
    assert spare_is_needed("a1.jpg#mirrored#padded", accepted=["a1.jpg#mirrored"]) is False
    assert spare_is_needed("b1.jpg", accepted=["b1.jpg"]) is True  # not a stand-in


def test_an_unknown_change_to_an_enrollment_photo_is_refused() -> None:
    person = {"name": "Alice", "identity": "alice", "enroll": ["a1.jpg#blurred"]}
    with pytest.raises(ScenarioError, match=r"a1.jpg#blurred: unknown change\(s\) blurred"):
        parse_scenario(
            _data(
                guardians=[{"name": "Ann", "persons": [person]}],
                groups=[{"title": "1A", "members": ["Ann"]}],
            ),
            LABELS,
        )


def test_the_figures_say_what_earlier_photos_brought() -> None:
    scenario = parse_scenario(_data(), LABELS)
    observed = Observed(
        deliveries=[
            Delivered(0, "Ann", automatic=False, earlier=True),  # on a yes to earlier photos shown
            Delivered(2, "Ann", automatic=False, earlier=True),  # Ann is not in the choir
            Delivered(1, "Ann", automatic=True),
        ],
        offers=[Offered("Ann", "Alice", 2, pressed=True), Offered("Bo", "Bob", 1, pressed=False)],
    )
    figures = score(scenario, observed)
    assert figures["earlier_photo_offers"] == 2
    assert figures["earlier_photos_offered"] == 3
    assert figures["delivered_as_earlier_photos"] == 2
    assert figures["delivered_as_earlier_photos_wrong"] == 1
    assert "3 in 2 offer(s); 2 delivered on a yes (1 wrong)" in "\n".join(table(figures))


def test_a_family_may_never_enroll_and_an_organizer_look_at_clusters_after_some_posts() -> None:
    never = [{"name": "Ann", "persons": [{"name": "Alice", "identity": "alice"}]}, BO]
    scenario = parse_scenario(_data(guardians=never, whois_after_posts=[1, 3]), LABELS)
    assert scenario.guardians[0].persons[0].enroll == ()
    assert scenario.whois_after_posts == (1, 3)
    assert parse_scenario(_data(), LABELS).whois_after_posts == ()


def test_a_truthful_parent_claims_all_some_or_none_of_the_faces_shown() -> None:
    assert claim_answer("alice", ["alice", "alice"]) == "yes"
    assert claim_answer("alice", ["alice", "bob", None]) == "some"  # None: not a known face
    assert claim_answer("alice", ["bob", None]) == "no"
    assert claim_answer("alice", []) == "no"


def test_the_figures_say_what_claims_brought() -> None:
    scenario = parse_scenario(_data(), LABELS)
    observed = Observed(
        deliveries=[
            Delivered(0, "Ann", automatic=False, claimed=True),
            Delivered(2, "Ann", automatic=False, claimed=True),  # Ann is not in the choir
            Delivered(1, "Ann", automatic=True),
        ],
        clusters_named=2,
        clusters_skipped=1,
        claims=[Claimed("Ann", "Alice", 3, "some", True), Claimed("Bo", "Bob", 2, "no", False)],
    )
    figures = score(scenario, observed)
    assert (figures["delivered_on_claims"], figures["delivered_on_claims_wrong"]) == (2, 1)
    assert figures["claims"][1] == {
        "guardian": "Bo",
        "person": "Bob",
        "faces": 2,
        "answer": "no",
        "approved": False,
    }
    assert (
        "2 (1 skipped); 2 claimed (0 yes, 1 some, 1 no); 2 delivered on claims (1 wrong)"
        in "\n".join(table(figures))
    )
