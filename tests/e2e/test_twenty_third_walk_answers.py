"""What the twenty-third walk (a Hebrew walk) found, read as each user reads it
(issue 32, findings23): a question answered "yes" and undone from /history kept saying
the photo was coming (9); an organizer's /export wrote a takedown's posting time in UTC
inside the words of an /audit line that says it in the group's zone (10); after /forget,
/export's caption still spoke of people, face crops and measurements, and /history said
"Nothing has changed yet." (8); past 48 hours, an album's note renumbered its photos as if
the copies it had hidden (not deleted) were gone (13)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from domain.settings import DeliverySettings, MatchingSettings
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, labels
from tests.e2e.organizers import taken_down_from_the_admin_chat
from tests.e2e.steps import forget_everything, read_export
from tests.e2e.test_bursts import albums_and_answers, burst
from tests.e2e.test_eleventh_walk_history import PAST_DELETING_S
from tests.e2e.test_group_settings import in_mode

NO_CHANGES = "No changes to show. Changes about a deleted person are deleted with them."

X, NOBODY = CAST["angelina"], CAST["strangers"]


async def test_a_yes_undone_from_history_says_so_in_both_guardians_questions(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """Ann answers "Is this Alice?" yes, and undoes it from /history: her copy goes, and
    her question, which said the photo was coming, and Carl's copy of it say it was undone
    (findings23 9); a rename does not turn them back into a yes."""
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, carl, poster, group = await journey.class_with_alice_and_carl()
        await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        await journey.settle()
        (question,) = journey.suggestions(ann)
        (carls_question,) = journey.suggestions(carl)
        await journey.press(ann, question, "Yes")
        await journey.settle()
        assert journey.now(question)["caption"] == (
            "Yes, that's Alice. The photo comes to you in this chat."
        )
        assert journey.now(carls_question)["caption"] == (
            "Ann answered this question: yes, that's Alice."
        )
        await journey.until(lambda: len(journey.photos_for(ann)) == 1)
        (copy,) = journey.photos_for(ann)

        history = await journey.reply_to(ann, "/history")
        assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
        await journey.settle()
        assert journey.now(copy).get("_deleted") is True
        await journey.until(lambda: "undid" in journey.now(question)["caption"])
        assert journey.now(question)["caption"] == (
            "You said yes, that's Alice, then undid it: this face isn't Alice's any more. "
            "I removed your copy of the photo."
        )
        await journey.until(lambda: "undone" in journey.now(carls_question)["caption"])
        assert journey.now(carls_question)["caption"] == (
            "Ann answered this question: yes, that's Alice. That was undone since: this face "
            "isn't Alice's any more."
        )

        # A rename re-words answered questions: not these back into a yes.
        await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Rename")
        assert (await journey.reply_to(ann, "Lia"))["text"] == "Renamed to Lia."
        await journey.settle()
        assert "undid it" in journey.now(question)["caption"]
        assert "undone since" in journey.now(carls_question)["caption"]


async def test_an_organizers_export_writes_the_posting_time_in_the_groups_zone(
    journey: Journey, collages: Collages
) -> None:
    """findings23 10: Class 1A in Jerusalem; the organizer's /export says her takedown of
    the photo posted at 12:11 Jerusalem in the /audit line's words, 12:11, not 10:11."""
    _, poster, office, posted, _ = await taken_down_from_the_admin_chat(
        journey, collages.make(X["group"][0])
    )
    asked = await journey.replies(
        office["id"], await journey.says(poster, "/timezone Jerusalem", office["id"])
    )
    await journey.press(poster, asked[0], "Use Jerusalem")
    at = datetime.fromtimestamp(posted["date"], UTC).astimezone(ZoneInfo("Asia/Jerusalem"))
    (shown,) = await journey.replies(
        office["id"], await journey.says(poster, "/audit", office["id"])
    )
    line = next(line for line in shown["text"].splitlines() if "took down" in line)
    words = f"Poster took down the photo posted {at:%b} {at.day} {at:%H:%M}"
    assert line.endswith(f"Jerusalem · {words}"), line

    data = await read_export(journey, poster)
    actions = data["your_actions_as_an_organizer"]["actions"]
    (taken,) = [a for a in actions if a["action"] == "taken_down"]
    assert taken["what"] == words, taken


async def test_after_forget_the_export_caption_and_history_say_what_is_left(
    journey: Journey,
) -> None:
    """findings23 8: Ann deletes everything; her /export's caption no longer speaks of her
    people, face crops and measurements, and /history says she deleted everything."""
    ann, _poster, _group = await journey.class_with_alice()
    history = await journey.reply_to(ann, "/history")
    assert history["text"] == NO_CHANGES
    await forget_everything(journey, ann)

    sent = await journey.says(ann, "/export")
    (reply,) = await journey.replies(ann["id"], sent)
    assert reply["caption"] == (
        "No people, faces or photos: only the records I keep by your Telegram id, each "
        "explained in the file."
    )
    assert (await journey.reply_to(ann, "/history"))["text"] == (
        "There are no changes to show: you deleted everything I had about you. I keep only "
        "the record of what you agreed to and of your deletion (/export shows it)."
    )


async def test_an_old_album_note_keeps_the_places_of_the_copies_it_hid(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """findings23 13: more than 48 hours after an album of three, Ann removes photo 1: it
    can only be hidden (blanked where it stands), so the note's buttons keep reading
    photos 2 and 3, the pictures they stand for (they were renumbered 1 and 2, and
    "(photo 1)" then removed the second picture)."""
    async with journey_factory(delivery=DeliverySettings(album_window_s=2)) as journey:
        ann, poster, group = await journey.class_with_alice()
        await in_mode(journey, poster, group, "Albums")
        await journey.post(group, poster, *burst(collages)[:3])
        await journey.settle()
        ((album, (note,)),) = albums_and_answers(journey, ann)
        assert labels(note) == [f"Not Alice? (photo {n})" for n in (1, 2, 3)]
        journey.world.clock.advance(PAST_DELETING_S)  # Telegram refuses to delete them now

        (choices,) = await journey.after_pressing(ann, note, "Not Alice? (photo 1)")
        assert (await journey.press(ann, choices, "Remove this photo only"))["text"] == "Done."
        await journey.settle()
        assert journey.now(album[0]).get("_deleted") is not True  # hidden, still first
        await journey.until(lambda: len(labels(journey.now(note))) == 2)
        assert journey.now(note)["text"].startswith("2 photos from Class 1A above.")
        assert labels(journey.now(note)) == ["Not Alice? (photo 2)", "Not Alice? (photo 3)"]

        (choices,) = await journey.after_pressing(ann, journey.now(note), "Not Alice? (photo 2)")
        assert (await journey.press(ann, choices, "Remove this photo only"))["text"] == "Done."
        await journey.settle()
        await journey.until(lambda: len(labels(journey.now(note))) == 1)
        assert labels(journey.now(note)) == ["Not Alice? (photo 3)"]
        assert journey.now(album[1]).get("_deleted") is not True  # hidden, still second
