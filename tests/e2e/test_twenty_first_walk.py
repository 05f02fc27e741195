"""What the twenty-first walk found in an undo (findings21 5, 6), read as the guardians
read it: an undo that took a photo back from a co-guardian deleted his copy without a
word, his last message still saying the photo was coming to him (5); the undoer's open
card kept counting a photo the undo had given or taken (6); after /forget, /export said
"I don't hold anything about you." right after /forget said it kept the record of the
deletion (16); an organizer's /export listed her actions as codes (19)."""

from __future__ import annotations

import json

from tests.e2e.conftest import CAST, Collages, Journey, photo_bytes
from tests.e2e.steps import co_guardian_then_joins, read_export
from tests.e2e.test_admin_chat import audited_class

X, SARA, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]


async def test_an_undo_tells_the_co_guardian_whose_copy_it_takes_and_redraws_the_cards(
    journey: Journey, collages: Collages
) -> None:
    """Ann moves a face from Alice to Amy, whose co-guardian Bea then gets the photo; Ann
    undoes the move: Bea's copy goes and Bea reads why, and Ann's open card of Amy, which
    counted the photo, counts it no more."""
    ann, poster, group = await journey.class_with_alice()
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    bea = journey.user("Bea")
    await co_guardian_then_joins(journey, ann, "Amy", bea, group)
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (delivered,) = journey.photos_for(ann)
    assert journey.photos_for(bea) == []

    (menu,) = await journey.after_pressing(ann, delivered, "Not Alice?")
    await journey.press(ann, menu, "That isn't Alice")
    await journey.press(ann, journey.now(menu), "Amy")
    await journey.settle()
    await journey.until(lambda: len(journey.photos_for(bea)) == 1)
    (beas,) = journey.photos_for(bea)
    assert beas["caption"] == "Amy · Class 1A"
    card = await journey.card(ann, "Amy")
    assert "Photos delivered: 1" in card["caption"], card["caption"]

    assert (await journey.press(ann, journey.now(menu), "Undo"))["text"] == "Undone."
    await journey.settle()
    assert journey.now(beas).get("_deleted") is True
    await journey.until(lambda: "undid" in str(journey.last(bea).get("text")))
    assert journey.last(bea)["text"] == (
        "Ann undid their change: that face in a photo from Class 1A is not Amy's any more, so "
        "I deleted your copy of that photo."
    )
    await journey.until(lambda: "Photos delivered: 0" in journey.now(card)["caption"])
    fresh = await journey.card(ann, "Amy")
    assert journey.now(card)["caption"] == fresh["caption"]


async def test_after_forget_export_shows_the_record_it_keeps(journey: Journey) -> None:
    """Ann deletes everything: /forget said it keeps the record that she agreed and asked
    for the deletion; /export then shows that record (not "I don't hold anything about
    you"), and /forget again says only that is kept."""
    ann, _poster, _group = await journey.class_with_alice()
    question = await journey.reply_to(ann, "/forget")
    (done,) = await journey.after_pressing(ann, question, "Yes, delete everything")
    assert "except the record that you agreed and then asked" in done["text"]
    await journey.settle()

    sent = await journey.says(ann, "/export")
    (reply,) = await journey.replies(ann["id"], sent)
    assert "document" in reply, reply.get("text")
    data = json.loads(journey.world.file_bytes(reply["document"]["file_id"]).data)
    assert data["you"] == {"telegram_user_id": ann["id"]}
    assert [c["kind"] for c in data["consents"]] == ["agreed", "data_deleted"]
    assert data["what_is_kept"].startswith("All I keep about you, by your Telegram id only")
    assert data["banned_from_groups"] == []
    assert "persons" not in data and "Alice" not in json.dumps(data)

    again = await journey.reply_to(ann, "/forget")
    assert again["text"] == (
        "There is nothing left to delete: I keep only the record of what you agreed to and of "
        "your deletion, by your Telegram id (the dates, nothing about faces). /export shows it."
    )


async def test_an_organizers_export_says_what_she_did_in_the_audits_words(
    journey: Journey,
) -> None:
    """findings21 19: an organizer's /export listed her actions as codes alone
    ("setting_changed", saying neither which setting nor to what): each says what /audit
    says of it."""
    c = await audited_class(journey)
    poster = c["poster"]
    data = await read_export(journey, poster)
    said = [a["what"] for a in data["your_actions_as_an_organizer"]["actions"]]
    assert "Poster changed a setting: approval of new persons off → on" in said
    assert "Poster approved a new person" in said
    assert "Alice" not in json.dumps(data["your_actions_as_an_organizer"])
