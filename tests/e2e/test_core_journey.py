"""Journeys 1-5: a guardian enrolls a person; group photos reach exactly that guardian."""

from __future__ import annotations

from domain.infra.models import Face, Prototype
from domain.settings import MatchingSettings
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, labels, photo_bytes


async def test_each_guardian_gets_exactly_the_photos_of_their_person(
    journey: Journey, collages: Collages
) -> None:
    ann, bea, cid, poster = (
        journey.user("Ann"),
        journey.user("Bea"),
        journey.user("Cid"),
        journey.user("Poster"),
    )
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann, bea, cid])
    for guardian in (ann, bea, cid):
        await journey.join(guardian, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in CAST["angelina"]["enroll"]])
    await journey.enroll(bea, "Yara", [photo_bytes(n) for n in CAST["scarlett"]["enroll"]])

    x = CAST["angelina"]["group"]
    y = CAST["scarlett"]["group"]
    nobody = CAST["strangers"]["group"]
    with_x = await journey.post(group, poster, collages.make(x[0], nobody[0]))
    with_y = await journey.post(group, poster, collages.make(nobody[1], y[0]))
    with_both = await journey.post(group, poster, collages.make(y[1], nobody[2], x[1]))
    with_neither = await journey.post(group, poster, collages.make(nobody[0], nobody[3]))
    album = await journey.post(
        group, poster, collages.make(x[2]), collages.make(nobody[1]), collages.make(y[2])
    )
    await journey.settle()

    def ids(messages: list[dict]) -> list[str]:  # type: ignore[type-arg]
        return [m["photo"][-1]["file_unique_id"] for m in messages]

    assert sorted(journey.unique_ids(ann)) == sorted(ids(with_x + with_both + [album[0]]))
    assert sorted(journey.unique_ids(bea)) == sorted(ids(with_y + with_both + [album[2]]))
    assert journey.unique_ids(cid) == []
    assert ids(with_neither)[0] not in journey.unique_ids(ann) + journey.unique_ids(bea)
    # Nobody gets a photo twice, and the group gets nothing from the bot but its welcome.
    for guardian in (ann, bea):
        assert len(journey.unique_ids(guardian)) == len(set(journey.unique_ids(guardian)))
    from_bot = [
        m
        for m in journey.world.transcript(group["id"])
        if m["from"]["is_bot"] and "pinned_message" not in m
    ]
    assert len(from_bot) == 1
    assert "photo" not in from_bot[0]

    # The caption names the guardian's person and the group, with a "Not Alice?" button
    # (under the photo; photos that piled up while her chat was held came as an album,
    # whose buttons are in the message answering it).
    for delivered in journey.photos_for(ann):
        assert delivered["caption"] == "Alice · Class 1A"
    singles = journey.singles(ann)
    for delivered in singles:
        assert delivered["reply_markup"]["inline_keyboard"][0][0]["text"] == "Not Alice?"
    answers = [
        m
        for m in journey.world.transcript(ann["id"])
        if m["from"]["is_bot"] and "media_group_id" in m.get("reply_to_message", {})
    ]
    assert len(singles) + sum(len(labels(a)) for a in answers) == 3
    assert all(label.startswith("Not Alice? (photo ") for a in answers for label in labels(a))


async def test_a_guardian_outside_the_group_gets_nothing_from_it(
    journey: Journey, collages: Collages
) -> None:
    dan, poster, ann = journey.user("Dan"), journey.user("Poster"), journey.user("Ann")
    coach = journey.user("Coach")
    other, other_payload = await journey.group_with_bot("Football", dan, [coach])
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    await journey.join(dan, other_payload)
    await journey.join(ann, payload)
    await journey.enroll(dan, "Zed", [photo_bytes(n) for n in CAST["mark"]["enroll"]])

    posted = await journey.post(
        group, poster, collages.make(CAST["mark"]["group"][0], CAST["strangers"]["group"][0])
    )
    await journey.settle()
    assert journey.unique_ids(dan) == []
    assert posted  # Zed is in G's photo, but Dan is not a member of G

    # The same face in Dan's own group reaches him.
    await journey.post(other, coach, collages.make(CAST["mark"]["group"][1]))
    await journey.settle()
    assert len(journey.unique_ids(dan)) == 1


async def _alice_prototypes() -> set[str]:
    return {
        str(face_id)
        for face_id in await Prototype.filter(person__name="Alice").values_list(
            "face_id", flat=True
        )
    }


def _assert_evidence(face: Face, prototypes: set[str], suggest: float) -> None:
    """The face row says which of the person's prototypes matched, how well, how many."""
    ids, scores = face.matching_prototype_ids, face.prototype_scores
    assert ids is not None and scores is not None
    assert face.prototype_match_count == len(ids) == len(scores) >= 1
    assert set(ids) == set(scores) <= prototypes
    assert [scores[i] for i in ids] == sorted(scores.values(), reverse=True)  # best first
    assert min(scores.values()) >= suggest


async def test_a_recognized_face_records_the_prototypes_that_matched(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    posted = await journey.post(
        group, poster, collages.make(CAST["angelina"]["group"][0], CAST["strangers"]["group"][0])
    )
    await journey.settle()
    assert journey.unique_ids(ann) == [posted[0]["photo"][-1]["file_unique_id"]]
    alice = await Face.get(person__name="Alice", photo__message_id=posted[0]["message_id"])
    _assert_evidence(alice, await _alice_prototypes(), suggest=0.3)
    # Sent without asking: more than one of her prototypes agreed.
    assert alice.prototype_match_count is not None and alice.prototype_match_count >= 2
    stranger = await Face.get(photo__message_id=posted[0]["message_id"], person_id=None)
    assert stranger.matching_prototype_ids is None
    assert stranger.prototype_scores is None
    assert stranger.prototype_match_count is None


async def test_a_suggested_face_records_the_prototypes_that_matched(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    # Thresholds so high that the true match lands in the suggestion band.
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, poster, group = await journey.class_with_alice()
        posted = await journey.post(group, poster, collages.make(CAST["angelina"]["group"][0]))
        await journey.settle()
        assert len(journey.suggestions(ann)) == 1
        face = await Face.get(
            photo__message_id=posted[0]["message_id"], suggestions__person__name="Alice"
        )
        assert face.person_id is None  # type: ignore[attr-defined]
        _assert_evidence(face, await _alice_prototypes(), suggest=0.4)


async def test_the_posters_caption_stays_on_the_delivered_copy(
    journey: Journey, collages: Collages
) -> None:
    """A teacher's caption under a group photo ("Sports day!", bold, a link) stays on the
    guardian's copy, formatting and all, before facedrop's line; one too long for
    Telegram's 1024 units beside that line is cut (with "…"), never the line."""
    ann, poster, group = await journey.class_with_alice()
    x, nobody = CAST["angelina"]["group"], CAST["strangers"]["group"]
    words = "Sports day! The results are on the school site."
    entities = [
        {"type": "bold", "offset": 0, "length": 11},
        {"type": "text_link", "offset": 32, "length": 11, "url": "https://school.example/"},
    ]
    await journey.world.user_sends_photos(
        group["id"],
        poster["id"],
        [collages.make(x[0], nobody[0])],
        caption=words,
        caption_entities=entities,
    )
    await journey.settle()
    (first,) = journey.photos_for(ann)
    assert first["caption"] == f"{words}\n\nAlice · Class 1A"
    assert {(e["type"], e["offset"], e["length"]) for e in first["caption_entities"]} >= {
        ("bold", 0, 11),
        ("text_link", 32, 11),
    }
    (link,) = [e for e in first["caption_entities"] if e["type"] == "text_link"]
    assert link["url"] == "https://school.example/"

    long_words = "Trip to the zoo. " * 70  # 1190 characters
    await journey.world.user_sends_photos(
        group["id"],
        poster["id"],
        [collages.make(x[1])],
        caption=long_words,
        caption_entities=[{"type": "italic", "offset": 0, "length": len(long_words)}],
    )
    await journey.settle()
    second = journey.photos_for(ann)[-1]
    caption = second["caption"]
    assert caption.startswith("Trip to the zoo. Trip") and caption.endswith("…\n\nAlice · Class 1A")
    assert len(caption.encode("utf-16-le")) // 2 <= 1024
    (italic,) = second["caption_entities"]
    assert italic["type"] == "italic" and italic["offset"] == 0
    assert italic["length"] == len(caption.removesuffix("…\n\nAlice · Class 1A"))


async def test_an_albums_caption_is_on_the_copy_of_each_of_its_photos(
    journey: Journey, collages: Collages
) -> None:
    """Telegram carries an album's caption on its first message only; Alice is in the
    second photo, and Ann's copy of it still says what the teacher wrote."""
    ann, poster, group = await journey.class_with_alice()
    x, nobody = CAST["angelina"]["group"], CAST["strangers"]["group"]
    album = await journey.world.user_sends_photos(
        group["id"],
        poster["id"],
        [collages.make(nobody[0]), collages.make(x[0], nobody[1])],
        caption="Trip to the zoo",
    )
    assert "caption" in album[0] and "caption" not in album[1]
    await journey.settle()
    (copy,) = journey.photos_for(ann)
    assert copy["photo"][-1]["file_unique_id"] == album[1]["photo"][-1]["file_unique_id"]
    assert copy["caption"] == "Trip to the zoo\n\nAlice · Class 1A"
