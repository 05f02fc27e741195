"""What the fourteenth walk of issue 32 (in Hebrew) found, read as each guardian reads it.

A "Not Alice?" menu answered once answers no more: its choices not taken, pressed from a
client that still shows them (or a double tap), changed what the parent had just decided
(findings14 1: "Someone I don't know" after a move undid it and deleted the photo,
answering "Done."; "Remove this photo only" after an undo deleted the photo sent again)."""

from __future__ import annotations

from domain.infra.models import Participant
from tests.e2e.conftest import CAST, Collages, Journey, data_of, labels, photo_bytes
from tests.e2e.steps import everything_read, forget_everything

X, SARA, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]
ANSWERED = "This question has already been answered."


async def test_a_whose_then_menu_answered_once_refuses_its_other_choices(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (delivered,) = journey.photos_for(ann)
    (menu,) = await journey.after_pressing(ann, delivered, "Not Alice?")
    remove_only = data_of(menu, "Remove this photo only")
    await journey.press(ann, menu, "That isn't Alice")
    whose = journey.now(menu)
    assert labels(whose) == ["Amy", "Someone I don't know"]
    nobody = data_of(whose, "Someone I don't know")
    assert (await journey.press(ann, whose, "Amy"))["text"] == "Done."
    moved = journey.now(menu)
    assert moved["text"].startswith("Moved: that face is Amy now.")
    await journey.settle()

    # The choices not taken, pressed anyway: refused, and nothing changes.
    for data in (nobody, remove_only):
        pressed = await journey.world.press_button(ann["id"], ann["id"], menu["message_id"], data)
        assert pressed["text"] == ANSWERED
    await journey.settle()
    assert journey.now(menu)["text"] == moved["text"]
    assert labels(journey.now(menu)) == ["Undo"]
    assert journey.now(delivered).get("_deleted") is None  # Amy's photo: Ann keeps it
    (history,) = await journey.replies(ann["id"], await journey.says(ann, "/history"))
    assert "Someone" not in history["text"] and "un-matched" not in history["text"]


async def test_remove_only_after_an_undo_does_not_delete_the_photo_sent_again(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (delivered,) = journey.photos_for(ann)
    (menu,) = await journey.after_pressing(ann, delivered, "Not Alice?")
    remove_only = data_of(menu, "Remove this photo only")
    await journey.press(ann, menu, "That isn't Alice")
    assert journey.now(delivered).get("_deleted") is True
    assert (await journey.press(ann, journey.now(menu), "Undo"))["text"] == "Undone."
    await journey.settle()
    again = [m for m in journey.photos_for(ann) if not journey.now(m).get("_deleted")]
    assert len(again) == 1

    pressed = await journey.world.press_button(
        ann["id"], ann["id"], menu["message_id"], remove_only
    )
    assert pressed["text"] == ANSWERED
    await journey.settle()
    assert journey.now(again[0]).get("_deleted") is None


async def test_no_keep_it_after_yes_delete_says_nothing_untrue(journey: Journey) -> None:
    """findings14 6: "No, keep it" pressed after "Yes, delete" (a double tap, a client not
    yet redrawn) read "OK, nothing was deleted." of a person who was gone; and "Yes" after
    "No" must not delete what "No" kept."""
    ann, _, _ = await journey.class_with_alice()
    (question,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Delete")
    keep = data_of(question, "No, keep it")
    await journey.press(ann, question, "Yes, delete")
    await journey.until(lambda: journey.now(question)["text"] == "Deleted Alice's data.")
    pressed = await journey.world.press_button(ann["id"], ann["id"], question["message_id"], keep)
    assert pressed["text"] == "This button has expired."
    await journey.settle()
    assert journey.now(question)["text"] == "Deleted Alice's data."

    # The other way round: "No" first, then the "Yes" a stale client still shows.
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    (question,) = await journey.after_pressing(ann, await journey.card(ann, "Amy"), "Delete")
    yes = data_of(question, "Yes, delete")
    # A stranger replaying the "No" from his own chat: refused, no name, nothing spent.
    mallory = journey.user("Mallory")
    hello = await journey.reply_to(mallory, "/start")
    replayed = await journey.world.press_button(
        mallory["id"], mallory["id"], hello["message_id"], data_of(question, "No, keep it")
    )
    assert replayed["text"] and "Amy" not in replayed["text"]
    assert journey.now(hello)["text"] == hello["text"]
    assert labels(journey.now(question)) == ["Yes, delete", "No, keep it"]
    await journey.press(ann, question, "No, keep it")
    await journey.until(lambda: journey.now(question)["text"] == "OK, nothing was deleted.")
    pressed = await journey.world.press_button(ann["id"], ann["id"], question["message_id"], yes)
    assert pressed["text"] == "This button has expired."
    await journey.settle()
    (card,) = [await journey.card(ann, "Amy")]
    assert card["caption"].startswith("Amy · ")


async def test_a_settings_press_after_forget_stores_nobody_again(journey: Journey) -> None:
    """findings14 7: after /forget, a press on the old /settings card stored the parent
    again (her id, name and settings) without a new consent. The card is deleted at /forget
    now (test_settings_cards); its press replayed (a client that still shows it) says what
    happened and stores nobody, and leaves the message it names as it was."""
    ann, _, _ = await journey.class_with_alice()
    (card,) = await journey.replies(ann["id"], await journey.says(ann, "/settings"))
    every = data_of(card, next(label for label in labels(card) if label.startswith("Every")))
    (done,) = await forget_everything(journey, ann)
    assert not await Participant.exists(telegram_user_id=ann["id"])
    assert journey.now(card).get("_deleted")
    pressed = await journey.world.press_button(ann["id"], ann["id"], done["message_id"], every)
    assert pressed["text"] == "This was deleted with everything else I had about you."
    await journey.settle()
    assert journey.now(done)["text"] == done["text"]
    assert not await Participant.exists(telegram_user_id=ann["id"])


async def test_a_face_corrected_closes_the_other_menus_still_open_about_it(
    journey: Journey, collages: Collages
) -> None:
    """Two "Not Alice?" menus about one photo (tapped twice, or Carl's beside Ann's): once
    one moved the face to Amy, the other kept "That isn't Alice. Who is it, then?" with
    choices that answered "That face is already Amy's" and then "already answered",
    though none was taken there. It closes now, naming no one: Carl is not Amy's guardian."""
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (delivered,) = journey.photos_for(ann)
    (carls,) = journey.photos_for(carl)
    (menu_a,) = await journey.after_pressing(ann, delivered, "Not Alice?")
    (menu_b,) = await journey.after_pressing(ann, journey.now(delivered), "Not Alice?")
    (menu_c,) = await journey.after_pressing(carl, carls, "Not Alice?")
    await journey.press(ann, menu_a, "That isn't Alice")
    await journey.press(ann, menu_b, "That isn't Alice")
    assert labels(journey.now(menu_b)) == ["Amy", "Someone I don't know"]

    assert (await journey.press(ann, journey.now(menu_a), "Amy"))["text"] == "Done."
    await journey.settle()
    closed = "Closed: this photo was corrected since, so these choices no longer apply."
    for menu in (menu_b, menu_c):
        assert journey.now(menu)["text"] == closed
        assert labels(journey.now(menu)) == []
    assert "Amy" not in everything_read(journey, carl)
    assert journey.now(menu_a)["text"].startswith("Moved: that face is Amy now.")
