"""Messages redrawn after an Undo, a rename, a deletion or a /forget, read as each user
reads them (issue 32, findings24 4, 7, 10; findings25 2, 3, 7, 10, 11): a question whose
"yes" was undone from /history kept the old name after a rename (findings25 3); a menu
closed by a rename, and a merge's answer, kept sending the reader to a button and a
history that /forget took away (findings25 10, findings24 10); a merge's answer kept
"... are two persons again" once one of them was deleted (findings25 11); /export listed
a "yes" undone from /history as standing (findings24 7); the Undo of a move left the
album's note naming the other child (findings24 4, findings25 2), and the Undo of a
correction past 48 hours left its blank saying the claim it took back (findings25 7)."""

from __future__ import annotations

from domain.settings import DeliverySettings, MatchingSettings
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import forget_everything, read_export
from tests.e2e.test_batched_questions import worker_side
from tests.e2e.test_bursts import albums_and_answers, burst
from tests.e2e.test_eleventh_walk_history import PAST_DELETING_S
from tests.e2e.test_group_settings import settings_card
from tests.e2e.test_menus_closed import _menu_open

X, SARA, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]


async def test_a_rename_reaches_a_question_whose_yes_was_undone(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """findings25 3: Ann answers "Is this Alice?" yes, undoes it from /history, then
    renames Alice to Lia: her question and Carl's copy of it say it was undone in the name
    Lia, as every card and caption does (before, they kept "Alice")."""
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, carl, poster, group = await journey.class_with_alice_and_carl()
        await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        await journey.settle()
        (question,) = journey.suggestions(ann)
        (carls_question,) = journey.suggestions(carl)
        await journey.press(ann, question, "Yes")
        await journey.settle()
        await journey.until(lambda: len(journey.photos_for(ann)) == 1)
        history = await journey.reply_to(ann, "/history")
        assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
        await journey.settle()
        await journey.until(lambda: "undid" in journey.now(question)["caption"])
        await journey.until(lambda: "undone" in journey.now(carls_question)["caption"])
        # The minute's withdrawal of settled questions leaves what the undo said (CI: it
        # wrote "Ann answered this question: yes, that's Lia." over it).
        async with worker_side(journey) as (_, withdrawal):
            await withdrawal.run()
        assert "undone" in journey.now(carls_question)["caption"]

        await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Rename")
        assert (await journey.reply_to(ann, "Lia"))["text"] == "Renamed to Lia."
        await journey.settle()
        await journey.until(lambda: "Lia" in journey.now(question)["caption"])
        assert journey.now(question)["caption"] == (
            "You said yes, that's Lia, then undid it: this face isn't Lia's any more. "
            "I removed your copy of the photo."
        )
        await journey.until(lambda: "Lia" in journey.now(carls_question)["caption"])
        assert journey.now(carls_question)["caption"] == (
            "Ann answered this question: yes, that's Lia. That was undone since: this face "
            "isn't Lia's any more."
        )

        # findings24 7: /export no longer lists the "yes" as standing.
        (answer,) = (await read_export(journey, ann))["questions_you_answered"]
        assert answer["question"] == "Is this Lia?" and answer["answer"] == "yes"
        assert answer["undone_at"] is not None


async def test_forget_rewords_a_menu_closed_by_a_rename_and_a_merge_answer(
    journey: Journey, collages: Collages
) -> None:
    """findings25 10, findings24 10: a menu a rename closed ("Closed: the name is Lia now.
    Press “Not Lia?” again to correct this.") and the merge's answer ("Merged Ally into
    Lia. You can undo it from the history.") kept their words after /forget, though no
    such button nor history was left; both say she deleted everything now."""
    ann, poster, group = await journey.class_with_alice()
    _, menu = await _menu_open(journey, collages, ann, poster, group)
    await journey.settle()  # the bot has recorded it (after sending it)
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Rename")
    assert (await journey.reply_to(ann, "Lia"))["text"] == "Renamed to Lia."
    await journey.settle()
    closed = "Closed: the name is Lia now. Press “Not Lia?” again to correct this."
    await journey.until(lambda: journey.now(menu)["text"] == closed)

    await journey.enroll_again(
        ann, "Ally", [photo_bytes(n) for n in (X["group"][1], X["group"][2], "img11.jpg")]
    )
    (choose,) = await journey.after_pressing(ann, await journey.card(ann, "Lia"), "Merge")
    await journey.confirm_merge(ann, choose, "Ally")
    assert journey.now(choose)["text"] == (
        "Merged Ally into Lia. You can undo it from the history."
    )
    await journey.settle()

    await forget_everything(journey, ann)
    await journey.until(
        lambda: journey.now(menu)["text"] == "Closed: you deleted everything I had about you."
    )
    assert labels(journey.now(menu)) == []
    await journey.until(lambda: "deleted everything" in journey.now(choose)["text"])
    assert journey.now(choose)["text"] == (
        "Since then you deleted everything I had about you: I keep nothing of this for you."
    )


async def test_a_merge_undone_then_one_deleted_says_so(journey: Journey) -> None:
    """findings25 11: Ann merges Ally into Alice, undoes it from /history ("... Ally and
    Alice are two persons again."), then deletes Ally: the merge's answer says Ally was
    deleted since, no longer that they are two persons."""
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

    (asked,) = await journey.after_pressing(ann, await journey.card(ann, "Ally"), "Delete")
    await journey.press(ann, asked, "Yes, delete")
    await journey.settle()
    await journey.until(lambda: "deleted since" in journey.now(choose)["text"])
    assert journey.now(choose)["text"] == (
        "Merged Ally into Alice, then undone from the history; Ally was deleted since."
    )


async def test_the_undo_of_a_move_redraws_the_album_note(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """findings24 4, findings25 2: Ann moves photo 2 of an album from Alice to Amy (the
    note follows: "Not Amy? (photo 2)"), then presses the move's Undo: the copy reads Alice
    again, and so does the note's button (before, it kept "Not Amy? (photo 2)" under a
    photo captioned Alice)."""
    async with journey_factory(delivery=DeliverySettings(album_window_s=2)) as journey:
        ann, poster, group = await journey.class_with_alice()
        await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
        office = await bound_admin_chat(journey, group, [poster])
        await journey.press(poster, await settings_card(journey, poster, office), "Albums")
        await journey.post(group, poster, *burst(collages)[:2])
        await journey.settle()
        ((album, (note,)),) = albums_and_answers(journey, ann)
        assert labels(note) == ["Not Alice? (photo 1)", "Not Alice? (photo 2)"]

        (choices,) = await journey.after_pressing(ann, note, "Not Alice? (photo 2)")
        await journey.press(ann, choices, "That isn't Alice")
        await journey.press(ann, journey.now(choices), "Amy")
        assert journey.now(choices)["text"].startswith("Moved: that face is Amy now.")
        await journey.settle()
        await journey.until(
            lambda: labels(journey.now(note)) == ["Not Alice? (photo 1)", "Not Amy? (photo 2)"]
        )

        await journey.press(ann, journey.now(choices), "Undo")
        await journey.settle()
        await journey.until(lambda: "Alice" in journey.now(album[1]).get("caption", ""))
        await journey.until(
            lambda: labels(journey.now(note)) == ["Not Alice? (photo 1)", "Not Alice? (photo 2)"]
        )


async def test_the_undo_of_a_correction_past_48_hours_redraws_the_blank(
    journey: Journey, collages: Collages
) -> None:
    """findings25 7: past 48 hours "That isn't Alice" blanks Ann's copy ("You said the
    person I named isn't in this photo..."); its Undo sends the photo again, and the blank
    says so instead of the claim she took back."""
    ann, poster, group = await journey.class_with_alice()
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)
    journey.world.clock.advance(PAST_DELETING_S)

    (choices,) = await journey.after_pressing(ann, copy, "Not Alice?")
    await journey.press(ann, choices, "That isn't Alice")
    await journey.settle()
    await journey.until(lambda: "isn't in this photo" in journey.now(copy).get("caption", ""))
    await journey.until(lambda: journey.has_button(journey.now(choices), "Undo"))
    before = len(journey.photos_for(ann))

    await journey.press(ann, journey.now(choices), "Undo")
    await journey.settle()
    await journey.until(lambda: len(journey.photos_for(ann)) > before)
    await journey.until(lambda: "again, below" in journey.now(copy).get("caption", ""))
    assert journey.now(copy)["caption"] == (
        "You undid this correction, so I sent the photo again, below."
    )
    assert labels(journey.now(copy)) == []


async def test_a_yes_undone_from_history_past_48_hours_blanks_the_copies_it_sent(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """findings29 7: past 48 hours, Ann's "yes" undone from /history said "I removed your
    copy of the photo" while the copy stayed, captioned "Alice · Class 1A" (Telegram
    refused the delete and nothing blanked it). Now Ann's copy and Carl's are blanked,
    each saying why, and no longer show the photo."""
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, carl, poster, group = await journey.class_with_alice_and_carl()
        await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        await journey.settle()
        (question,) = journey.suggestions(ann)
        await journey.press(ann, question, "Yes")
        await journey.settle()
        await journey.until(lambda: len(journey.photos_for(ann)) == 1)
        await journey.until(lambda: len(journey.photos_for(carl)) == 1)
        (anns,), (carls,) = journey.photos_for(ann), journey.photos_for(carl)
        pictures = [journey.now(copy)["photo"][-1]["file_id"] for copy in (anns, carls)]
        journey.world.clock.advance(PAST_DELETING_S)

        history = await journey.reply_to(ann, "/history")
        assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
        await journey.settle()
        await journey.until(lambda: "undid" in journey.now(anns).get("caption", ""))
        assert journey.now(anns)["caption"] == (
            "You undid the change that sent you this photo. Telegram lets me delete messages "
            "only in their first 48 hours, so I blanked it."
        )
        await journey.until(lambda: "undid" in journey.now(carls).get("caption", ""))
        assert journey.now(carls)["caption"].startswith(
            "Another guardian undid the change that sent you this photo."
        )
        for copy, picture in zip((anns, carls), pictures, strict=True):
            assert labels(journey.now(copy)) == []
            assert journey.now(copy)["photo"][-1]["file_id"] != picture  # a blank, not the photo
        await journey.until(lambda: "removed your copy" in journey.now(question)["caption"])
        await journey.assert_consistent()
