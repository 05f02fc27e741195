"""A parent's old messages true after an undo, a rename, an export, a merge and /done,
read as each user reads them (issue 32, last session's leftovers): an undone "no" kept the
old name after a rename of its person; /export wrote a sibling pair's "Neither" as two
answers to two questions nobody was asked; a merge's answer whose two persons were both
deleted said only the first was; a refused clip kept how to film the next one after /done;
two hidden copies of an old album sent again at once by Undo, as a new album."""

from __future__ import annotations

from domain.settings import DeliverySettings, MatchingSettings
from tests.clips import make_clip
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import read_export
from tests.e2e.test_bans_and_pause import _says_in
from tests.e2e.test_batched_questions import worker_side
from tests.e2e.test_bursts import albums_and_answers, burst
from tests.e2e.test_eleventh_walk_history import PAST_DELETING_S
from tests.e2e.test_enrollment_clips import _ann_in_a_class
from tests.e2e.test_group_settings import settings_card
from tests.e2e.test_siblings import _ann_with_alice_and_ally, _names_in_order, _post_her

X, NOBODY = CAST["angelina"], CAST["strangers"]


async def test_a_rename_reaches_a_no_its_owner_undid(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """Carl, Alice's co-guardian, answers "Is this Alice?" no; Ann, her owner, undoes it
    from /history; then Ann renames Alice to Lia: Carl's question says who undid his "no"
    in the name Lia, and Ann's copy of the question names Lia too (before: both "Alice"),
    and says that his "no" was undone (walkhe 4: it kept "not Alice" as standing)."""
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, carl, poster, group = await journey.class_with_alice_and_carl()
        await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        await journey.settle()
        (carls,) = journey.suggestions(carl)
        (anns,) = journey.suggestions(ann)
        await journey.press(carl, carls, "No")
        await journey.settle()
        await journey.until(lambda: "Carl answered" in journey.now(anns).get("caption", ""))
        assert journey.now(anns)["caption"] == "Carl answered this question: not Alice."

        history = await journey.reply_to(ann, "/history")
        (line,) = [each for each in history["text"].split("\n") if "said “no”" in each]
        number = line.split(".", 1)[0]
        assert (await journey.press(ann, history, f"Undo {number}"))["text"] == "Undone."
        await journey.until(lambda: "undid that since" in journey.now(carls).get("caption", ""))
        # Ann's copy of the question no longer says his "no" stands (walkhe 4).
        await journey.until(lambda: "undone" in journey.now(anns).get("caption", ""))
        assert journey.now(anns)["caption"] == (
            "Carl answered this question: not Alice. That was undone since."
        )
        # The minute's withdrawal of settled questions leaves what the undo said (CI: once
        # it ran after the rename, Ann's copy read "Carl answered this question: not Lia.").
        async with worker_side(journey) as (_, withdrawal):
            await withdrawal.run()
        assert journey.now(anns)["caption"] == (
            "Carl answered this question: not Alice. That was undone since."
        )

        await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Rename")
        assert (await journey.reply_to(ann, "Lia"))["text"] == "Renamed to Lia."
        await journey.settle()
        await journey.until(lambda: "Lia" in journey.now(carls).get("caption", ""))
        assert journey.now(carls)["caption"] == (
            "You said this face isn't Lia; Ann undid that since: I no longer remember it."
        )
        await journey.until(lambda: "Lia" in journey.now(anns).get("caption", ""))
        assert journey.now(anns)["caption"] == (
            "Carl answered this question: not Lia. That was undone since."
        )
        assert not journey.has_button(journey.now(carls), "Yes")


async def test_the_export_writes_a_pairs_neither_as_one_answer(
    journey: Journey, collages: Collages
) -> None:
    """Ann answers "Is this Alice or Ally?" with Neither: her /export lists that one
    question and its one answer (before: "Is this Alice?" no and "Is this Ally?" no, two
    questions she was never asked)."""
    ann, _, poster, group = await _ann_with_alice_and_ally(journey)
    await _post_her(journey, collages, poster, group)
    first, second = await _names_in_order()
    (question,) = journey.suggestions(ann)
    await journey.press(ann, question, "Neither")
    await journey.settle()

    (answer,) = (await read_export(journey, ann))["questions_you_answered"]
    assert answer["question"] == f"Is this {first} or {second}?"
    assert answer["group"] == "Class 1A" and answer["answer"] == "neither"
    assert answer["undone_at"] is None and answer["answered_at"]
    assert answer["what_it_changes"] == (
        f"I remember that this face is neither {first}'s nor {second}'s: on similar faces I "
        "ask instead of sending"
    )


async def test_a_merge_undone_then_both_deleted_says_both_were(journey: Journey) -> None:
    """Ann merges Ally into Alice, undoes it, deletes Ally ("...; Ally was deleted since."),
    then deletes Alice: the merge's answer says both were deleted (before, it still said
    Ally only, as if Alice were left)."""
    ann, _, _ = await journey.class_with_alice()
    await journey.enroll_again(
        ann, "Ally", [photo_bytes(n) for n in (X["group"][0], X["group"][1], "img11.jpg")]
    )
    (choose,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Merge")
    await journey.confirm_merge(ann, choose, "Ally")
    history = await journey.reply_to(ann, "/history")
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
    await journey.settle()
    await journey.until(lambda: "two persons again" in journey.now(choose)["text"])
    for name in ("Ally", "Alice"):
        (asked,) = await journey.after_pressing(ann, await journey.card(ann, name), "Delete")
        await journey.press(ann, asked, "Yes, delete")
        await journey.settle()
        await journey.until(lambda: "deleted since" in journey.now(choose)["text"])
    await journey.until(lambda: "both" in journey.now(choose)["text"])
    assert journey.now(choose)["text"] == (
        "Merged two persons, then undone from the history; both were deleted since: I keep "
        "nothing of either."
    )
    assert "reply_markup" not in journey.now(choose)


async def test_a_refused_clip_loses_its_filming_advice_at_done(journey: Journey) -> None:
    """Ann sends a clip with no face while enrolling Alice ("... Please film the face up
    close, turning slowly ..."), then her photos and /done: the clip's verdict keeps why it
    was refused and no longer tells her how to film another (before: it still did, as a
    refused photo's "Please send another" no longer does)."""
    ann, _, _ = await _ann_in_a_class(journey)
    await journey.reply_to(ann, "/add Alice")
    sent = await journey.world.user_sends_media(
        "video",
        ann["id"],
        ann["id"],
        make_clip(320, 240, seconds=3),
        file_name="face.mp4",
        mime_type="video/mp4",
    )
    (verdict,) = await journey.replies(ann["id"], sent)
    await journey.until(lambda: "Please film" in journey.now(verdict)["text"])
    for name in X["enroll"][:3]:
        await journey.world.user_sends_photos(ann["id"], ann["id"], [photo_bytes(name)])
        await journey.settle()
    done = await journey.says(ann, "/done")
    await journey.replies(ann["id"], done)
    await journey.settle()
    await journey.until(lambda: "Please film" not in journey.now(verdict)["text"])
    assert journey.now(verdict)["text"] == "❌ I couldn't find a face in this clip."
    assert "reply_markup" not in journey.now(verdict)


async def test_two_old_copies_sent_again_at_once_keep_the_old_albums_note(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """More than 48 hours after an album of three, Ann removes photos 1 and 2 (blanked where
    they stand) and undoes both from /history while the group is paused: at the resume the
    two come again as one new album, whose note offers those two; the old album's note
    still offers "(photo 3)" alone, acting on the third picture (before, the new album took
    the old one's id, its first copy's: the new note was not the two pictures')."""
    async with journey_factory(delivery=DeliverySettings(album_window_s=2)) as journey:
        ann, poster, group = await journey.class_with_alice()
        office = await bound_admin_chat(journey, group, [poster])
        await journey.press(poster, await settings_card(journey, poster, office), "Albums")
        await journey.post(group, poster, *burst(collages)[:3])
        await journey.settle()
        ((_album, (note,)),) = albums_and_answers(journey, ann)
        journey.world.clock.advance(PAST_DELETING_S)

        for left in (2, 1):
            (choices,) = await journey.after_pressing(
                ann, journey.now(note), labels(journey.now(note))[0]
            )
            assert (await journey.press(ann, choices, "Remove this photo only"))["text"] == "Done."
            await journey.settle()
            await journey.until(lambda: len(labels(journey.now(note))) == left)  # noqa: B023
        assert labels(journey.now(note)) == ["Not Alice? (photo 3)"]
        before = len(journey.photos_for(ann))

        # Both undone while the group is paused, so that the two copies wait together and
        # go as one new album at the resume.
        assert (await _says_in(journey, office, poster, "/pause")).startswith("Class 1A is paused")
        history = await journey.reply_to(ann, "/history")
        assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
        assert (await journey.press(ann, journey.now(history), "Undo 2"))["text"] == "Undone."
        await journey.settle()
        assert (await _says_in(journey, office, poster, "/resume")).startswith(
            "Class 1A is running"
        )
        await journey.settle()
        await journey.until(lambda: len(journey.photos_for(ann)) >= before + 2)
        await journey.settle()
        again = journey.photos_for(ann)[before:]
        assert len(again) == 2 and all("media_group_id" in m for m in again), again
        # The old album's note: the third picture still, alone.
        assert labels(journey.now(note)) == ["Not Alice? (photo 3)"]
        # The new album's note: its two pictures.
        ((_, (new_note,)),) = [
            (items, answers)
            for items, answers in albums_and_answers(journey, ann)
            if items[0]["message_id"] == again[0]["message_id"]
        ]
        await journey.until(lambda: len(labels(journey.now(new_note))) == 2)
        assert labels(journey.now(new_note)) == ["Not Alice? (photo 1)", "Not Alice? (photo 2)"]

        # The old note still acts on the third picture of the old album.
        (choices,) = await journey.after_pressing(ann, journey.now(note), "Not Alice? (photo 3)")
        assert choices["text"].startswith(
            "What's wrong with this photo of Alice (photo 3 of the album)?"
        )
