"""Issue 32, last session's leftovers in questions and album notes, read as each user reads
them: a sibling pair's "It's Alice." undone from /history said the photo was coming (as a
single question's undone "yes" no longer does); past Telegram's 48 hours, an album photo
taken down renumbered the album's note; a copy hidden past 48 hours and sent again by an
undo lost its place in its album's note."""

from __future__ import annotations

from typing import Any

import pytest

from domain.settings import DeliverySettings
from tests.e2e.conftest import Collages, Journey, JourneyFactory, labels
from tests.e2e.organizers import bound_admin_chat, take_down
from tests.e2e.test_bursts import albums_and_answers, burst
from tests.e2e.test_eleventh_walk_history import PAST_DELETING_S
from tests.e2e.test_group_settings import settings_card
from tests.e2e.test_siblings import _ann_with_alice_and_ally, _names_in_order, _post_her


async def test_a_pair_answer_undone_from_history_says_so_in_both_guardians_questions(
    journey: Journey, collages: Collages
) -> None:
    """Ann answers "Is this Ally or Alice?" with [Alice] and undoes it from /history: her
    copy goes; her pair question, which said the photo was coming, and Bea's "Is this
    Alice?" (Alice's co-guardian) say it was undone, with no button; the "not Ally" of her
    answer went with it (findings27 1: one answer, undone whole), and it says so."""
    ann, bea, poster, group = await _ann_with_alice_and_ally(journey, bea_guards_alice=True)
    await _post_her(journey, collages, poster, group)
    first, second = await _names_in_order()
    (pair,) = journey.suggestions(ann)
    (beas,) = journey.suggestions(bea)
    assert labels(pair) == [first, second, "Neither"]
    assert (await journey.press(ann, pair, "Alice"))["text"] == "Thanks! Noted."
    await journey.settle()
    assert journey.now(pair)["caption"].startswith(
        "It's Alice. The photo comes to you in this chat."
    )
    assert journey.now(beas)["caption"] == "Ann answered this question: yes, that's Alice."
    await journey.until(lambda: len(journey.photos_for(ann)) == 1)
    (copy,) = journey.photos_for(ann)

    history = await journey.reply_to(ann, "/history")
    assert history["text"].splitlines()[1].endswith("you matched 1 face: Alice")
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
    await journey.settle()
    assert journey.now(copy).get("_deleted") is True
    await journey.until(lambda: "undid" in journey.now(pair)["caption"])
    # The "not Ally" the same answer said went with it (findings27 1).
    assert journey.now(pair)["caption"] == (
        "You said it's Alice, then undid it: this face isn't Alice's any more. I removed your "
        "copy of the photo. The “not Ally” of that answer was undone too: I no longer "
        "remember it."
    )
    assert labels(journey.now(pair)) == []
    await journey.until(lambda: "undone" in journey.now(beas)["caption"])
    assert journey.now(beas)["caption"] == (
        "Ann answered this question: yes, that's Alice. That was undone since: this face "
        "isn't Alice's any more."
    )
    assert labels(journey.now(beas)) == []


def _picture(message: dict[str, Any]) -> str:
    return str(message["photo"][-1]["file_unique_id"])


def _blanked(journey: Journey, copy: dict[str, Any], was: str) -> bool:
    """The copy, too old to delete, shows another picture than ``was`` now (blanked where
    it stands)."""
    now = journey.now(copy)
    return now.get("_deleted") is not True and _picture(now) != was


async def test_an_old_album_note_keeps_the_place_of_a_photo_taken_down(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """More than 48 hours after an album of three reached Ann, its second photo is taken
    down: its copy can only be blanked where it stands, so the note's buttons name photos
    1 and 3 (they were renumbered 1 and 2), and "(photo 3)" acts on the third picture."""
    async with journey_factory(delivery=DeliverySettings(album_window_s=2)) as journey:
        ann, poster, group = await journey.class_with_alice()
        office = await bound_admin_chat(journey, group, [poster])
        await journey.press(poster, await settings_card(journey, poster, office), "Albums")
        posted = await journey.post(group, poster, *burst(collages)[:3])
        await journey.settle()
        ((album, (note,)),) = albums_and_answers(journey, ann)
        was = [_picture(copy) for copy in album]
        assert labels(note) == [f"Not Alice? (photo {n})" for n in (1, 2, 3)]
        journey.world.clock.advance(PAST_DELETING_S)  # Telegram refuses to delete them now

        await take_down(journey, group, office, poster, posted[1])
        assert _blanked(journey, album[1], was[1])
        await journey.until(lambda: len(labels(journey.now(note))) == 2)
        assert journey.now(note)["text"].startswith("2 photos from Class 1A above.")
        assert labels(journey.now(note)) == ["Not Alice? (photo 1)", "Not Alice? (photo 3)"]

        (choices,) = await journey.after_pressing(ann, journey.now(note), "Not Alice? (photo 3)")
        assert choices["text"].startswith(
            "What's wrong with this photo of Alice (photo 3 of the album)?"
        )
        assert (await journey.press(ann, choices, "Remove this photo only"))["text"] == "Done."
        await journey.settle()
        assert _blanked(journey, album[2], was[2])
        assert not _blanked(journey, album[0], was[0])
        await journey.until(lambda: len(labels(journey.now(note))) == 1)
        assert labels(journey.now(note)) == ["Not Alice? (photo 1)"]


async def test_an_old_album_copy_sent_again_by_an_undo_leaves_its_place_to_its_blank(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """More than 48 hours after an album of three, Ann removes photo 1 (blanked where it
    stands) and undoes that from /history: the photo comes again as a message of its own,
    with its own button; the album's note goes on numbering the album as it stands, the
    blank first, so "(photo 2)" and "(photo 3)" still name (and act on) the second and
    third pictures (the blank's place was forgotten, and they became photos 1 and 2)."""
    async with journey_factory(delivery=DeliverySettings(album_window_s=2)) as journey:
        ann, poster, group = await journey.class_with_alice()
        office = await bound_admin_chat(journey, group, [poster])
        await journey.press(poster, await settings_card(journey, poster, office), "Albums")
        await journey.post(group, poster, *burst(collages)[:3])
        await journey.settle()
        ((album, (note,)),) = albums_and_answers(journey, ann)
        was = [_picture(copy) for copy in album]
        journey.world.clock.advance(PAST_DELETING_S)

        (choices,) = await journey.after_pressing(ann, note, "Not Alice? (photo 1)")
        assert (await journey.press(ann, choices, "Remove this photo only"))["text"] == "Done."
        await journey.settle()
        assert _blanked(journey, album[0], was[0])
        await journey.until(lambda: len(labels(journey.now(note))) == 2)
        before = len(journey.photos_for(ann))

        history = await journey.reply_to(ann, "/history")
        assert history["text"].splitlines()[1].endswith("you unmatched 1 face: Alice")
        assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
        await journey.settle()
        await journey.until(lambda: len(journey.photos_for(ann)) > before)
        again = journey.photos_for(ann)[-1]
        assert "media_group_id" not in again  # a message of its own, with its own button
        assert labels(again) == ["Not Alice?"]
        await journey.settle()
        assert journey.now(note)["text"].startswith("2 photos from Class 1A above.")
        assert labels(journey.now(note)) == ["Not Alice? (photo 2)", "Not Alice? (photo 3)"]

        (choices,) = await journey.after_pressing(ann, journey.now(note), "Not Alice? (photo 2)")
        assert choices["text"].startswith(
            "What's wrong with this photo of Alice (photo 2 of the album)?"
        )
        assert (await journey.press(ann, choices, "Remove this photo only"))["text"] == "Done."
        await journey.settle()
        assert _blanked(journey, album[1], was[1])
        assert (
            not _blanked(journey, album[2], was[2])
            and journey.now(again).get("_deleted") is not True
        )
        await journey.until(lambda: len(labels(journey.now(note))) == 1)
        assert labels(journey.now(note)) == ["Not Alice? (photo 3)"]


@pytest.mark.parametrize(("chosen", "other"), [("Alice", "Ally"), ("Ally", "Alice")])
async def test_the_not_ally_of_a_pair_answer_undone_from_history_says_so_beside_its_yes(
    journey: Journey, collages: Collages, chosen: str, other: str
) -> None:
    """Ann's [Alice] to "Is this Ally or Alice?" also said "not Ally" (its own /history
    line). That "no" undone, the pair question no longer says "I'll remember this face
    isn't Ally" (whichever of the two the pair's message was kept by), and still says it's
    Alice; then the "yes" undone too, it says both were undone (before, the "no"'s undo
    wrote "You said this face isn't Ally, then undid it" over the whole answer, or, where
    the pair's message was Alice's, left "I'll remember this face isn't Ally"). Both ways
    round: the pair's message is kept by its more likely child's question."""
    ann, _bea, poster, group = await _ann_with_alice_and_ally(journey)
    await _post_her(journey, collages, poster, group)
    (pair,) = journey.suggestions(ann)
    assert (await journey.press(ann, pair, chosen))["text"] == "Thanks! Noted."
    await journey.settle()
    assert f"isn't {other}" in journey.now(pair)["caption"]

    history = await journey.reply_to(ann, "/history")
    assert history["text"].splitlines()[2].endswith(f"?”: I remember that face isn't {other}'s")
    assert (await journey.press(ann, history, "Undo 2"))["text"] == "Undone."
    await journey.until(lambda: "undid" in journey.now(pair)["caption"])
    assert journey.now(pair)["caption"] == (
        f"It's {chosen}. You said this face isn't {other}, then undid it: I no longer remember "
        "that."
    )
    assert labels(journey.now(pair)) == []

    history = await journey.reply_to(ann, "/history")
    line = next(
        n
        for n, said in enumerate(history["text"].splitlines())
        if said.endswith(f"matched 1 face: {chosen}")
    )
    assert (await journey.press(ann, history, f"Undo {line}"))["text"] == "Undone."
    await journey.until(lambda: journey.now(pair)["caption"].startswith("You said it's"))
    assert journey.now(pair)["caption"] == (
        f"You said it's {chosen}, then undid it: this face isn't {chosen}'s any more. I "
        f"removed your copy of the photo. The “not {other}” of that answer was undone too: I "
        "no longer remember it."
    )
    assert labels(journey.now(pair)) == []
