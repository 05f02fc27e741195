"""Issue 32's smaller untruths, read as each reader reads them: an open "Not Alice?" menu
kept the old name after a rename; an older guardians list kept listing a guardian who had
left, its button saying only "This button has expired."; /persons said "active" of a
person still waiting for the organizers' approval; an album note's button, its faces
deleted by the group's retention, popped a generic popup where the single copy's names
retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.infra.models import Photo
from domain.moderation import texts as moderation_texts
from domain.privacy import retention as retention_module
from tests.e2e.conftest import CAST, Collages, Journey, labels, photo_bytes
from tests.e2e.test_approvals import alice_waiting
from tests.e2e.test_group_settings import settings_card
from tests.e2e.test_retention_leaves_truth import data_of, retention_of

X, NOBODY = CAST["angelina"], CAST["strangers"]


async def test_a_rename_closes_open_menus_and_an_older_guardians_list_says_he_left(
    journey: Journey,
) -> None:
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    await journey.post(group, poster, photo_bytes(X["group"][0]))
    await journey.until(lambda: bool(journey.singles(ann)))
    (copy,) = journey.singles(ann)
    (menu,) = await journey.after_pressing(ann, copy, "Not Alice?")
    assert labels(menu)[-1] == "That isn't Alice"

    # Ann renames Alice: the menu still open said "That isn't Alice"; it is closed now.
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Rename")
    assert (await journey.reply_to(ann, "Lia"))["text"] == "Renamed to Lia."
    await journey.until(lambda: not labels(journey.now(menu)))
    assert journey.now(menu)["text"] == (
        "Closed: the name is Lia now. Press “Not Lia?” again to correct this."
    )
    await journey.until(lambda: labels(journey.now(copy)) == ["Not Lia?"])

    # Carl opens "Guardians" twice, and stops getting Lia's photos from the second list.
    card = await journey.card(carl, "Lia")
    (older,) = await journey.after_pressing(carl, card, "Guardians")
    (newer,) = await journey.after_pressing(carl, card, "Guardians")
    stop = data_of(older, "Stop getting Lia's photos and clips")
    await journey.press(carl, newer, "Stop getting Lia's photos and clips")
    await journey.until(lambda: journey.last(ann).get("text", "").startswith("Carl no longer"))
    # The older list's button answered "This button has expired." and kept "Carl (you)".
    # Now the older list says so at once, and its button, pressed from a client that still
    # shows it, says the same.
    await journey.until(
        lambda: journey.now(older)["text"] == "You no longer get Lia's photos and clips."
    )
    assert not labels(journey.now(older))
    pressed = await journey.world.press_button(carl["id"], carl["id"], older["message_id"], stop)
    assert pressed["text"] == "You no longer get Lia's photos and clips."


async def test_waiting_for_approval_is_listed_so_and_what_retention_leaves_reads_true(
    journey: Journey, collages: Collages, monkeypatch: pytest.MonkeyPatch
) -> None:
    poster, group, office, ann, card = await alice_waiting(journey)
    await journey.settle()
    # It said "• Alice: active, 3 learned faces" while nothing of her was recognized yet.
    listing = await journey.reply_to(ann, "/persons")
    assert listing["text"].startswith("Your people:\n• Alice: waiting for an organizer's approval")
    await journey.press(poster, card, moderation_texts.approve_button())
    await journey.until(lambda: ": active, " in journey.now(listing)["text"])

    # A photo of Alice, then an album of two: one copy with its "Not Alice?", then one
    # album with one note.
    (single,) = await journey.post(group, poster, collages.make(X["group"][2]))
    await journey.until(lambda: bool(journey.singles(ann)))
    (copy,) = journey.singles(ann)
    assert labels(copy) == ["Not Alice?"]
    album = [collages.make(X["group"][n], NOBODY["group"][n]) for n in (0, 1)]
    posted = await journey.world.user_sends_album(
        group["id"],
        poster["id"],
        [(image, f"{n}.jpg", "image/jpeg") for n, image in enumerate(album)],
    )
    await journey.settle()
    note = next(
        m
        for m in journey.world.transcript(ann["id"])
        if m["from"]["is_bot"] and "Not Alice? (photo 1)" in labels(m)
    )
    not_alice = data_of(note, "Not Alice? (photo 2)")

    # Class 1A keeps faces 30 days; the photo and the album's second photo are 40 days old
    # (the album's first, the one the note replies to, keeps the note in the chat):
    # retention deletes their faces, its run out of time for editing copies at once.
    await journey.press(poster, await settings_card(journey, poster, office), "Keep: 30 d")
    await Photo.filter(message_id__in=[single["message_id"], posted[1]["message_id"]]).update(
        posted_at=datetime.now(UTC) - timedelta(days=40)
    )
    monkeypatch.setattr(retention_module, "EDITS_BUDGET", timedelta(0))
    async with retention_of(journey) as retention:
        assert (await retention.run()).faces > 0
    # The copy left kept "Not Alice?" for good; a job takes it off now.
    await journey.until(lambda: labels(journey.now(copy)) == [])
    assert journey.now(copy)["caption"] == "Alice · Class 1A"
    assert labels(journey.now(note)) == ["Not Alice? (photo 1)"]
    # A press on the note as it was says why, as the single copy's does (it read "That
    # person was deleted (or their faces, or this photo), so this button does nothing now.").
    pressed = await journey.world.press_button(ann["id"], ann["id"], note["message_id"], not_alice)
    assert pressed["text"] == (
        "Class 1A keeps the faces of its photos and clips 30 days: this one's are deleted, so "
        "there is nothing to correct."
    )
