"""Messages shown before a change, read after it (findings21 10, 11): each says
what is true now, and offers no button that no longer applies."""

from __future__ import annotations

from sandbox.collages import Collages
from tests.e2e.conftest import CAST, Journey, data_of, labels
from tests.e2e.organizers import bound_admin_chat, take_down
from tests.e2e.test_eleventh_walk_guardians import text_of
from tests.e2e.test_eleventh_walk_history import PAST_DELETING_S, numbered

X = CAST["angelina"]
GONE_FACES = "That can't be undone: the faces it concerned were deleted."


async def test_a_removed_co_guardians_card_too_old_to_delete_is_emptied(
    journey: Journey,
) -> None:
    """findings21 10: past 48 hours, Carl's card of Alice kept her face, "Guardians: Ann,
    Carl (you)" and every button after Ann removed him."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    carls_card = await journey.card(carl, "Alice")
    assert "photo" in carls_card and labels(carls_card)
    cover = carls_card["photo"][-1]["file_unique_id"]

    journey.world.clock.advance(PAST_DELETING_S)
    (guardians,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    assert (await journey.press(ann, guardians, "Remove Carl"))["text"] == "Removed."
    said = "You were removed from Alice's guardians: this card no longer applies."
    await journey.until(lambda: text_of(journey, carls_card) == said)
    old_card = journey.now(carls_card)
    assert not old_card.get("_deleted") and labels(old_card) == []
    assert old_card["photo"][-1]["file_unique_id"] != cover  # Alice's face is gone too


async def test_an_open_history_follows_a_rename_and_a_takedown(
    journey: Journey, collages: Collages
) -> None:
    """findings21 11: an open /history kept the old names after a rename, and an Undo for a
    change whose faces a takedown deleted (pressed, it said only "expired")."""
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)
    (choices,) = await journey.after_pressing(ann, copy, "Not Alice?")
    await journey.press(ann, choices, "That isn't Alice")
    await journey.settle()
    shown = await journey.reply_to(ann, "/history")
    assert numbered(shown) == ["unmatched 1 face: Alice"] and "Undo 1" in labels(shown)
    undo_1 = data_of(shown, "Undo 1")

    card = await journey.card(ann, "Alice")
    await journey.after_pressing(ann, card, "Rename")
    assert (await journey.reply_to(ann, "Lia"))["text"] == "Renamed to Lia."
    await journey.until(lambda: "Lia" in text_of(journey, shown))
    assert numbered(journey.now(shown)) == ["unmatched 1 face: Lia"]
    assert "Undo 1" in labels(journey.now(shown))  # it still undoes

    await take_down(journey, group, office, poster, posted)
    await journey.until(lambda: "Undo 1" not in labels(journey.now(shown)))
    assert numbered(journey.now(shown))[0] == "unmatched 1 face: Lia"
    assert GONE_FACES in text_of(journey, shown)
    # Its old Undo pressed: the line's own reason, not "expired".
    pressed = await journey.world.press_button(ann["id"], ann["id"], shown["message_id"], undo_1)
    assert pressed["text"] == GONE_FACES
