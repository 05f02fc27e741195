"""What the thirteenth and fourteenth walks of issue 32 found untrue on cards and lists
shown earlier (findings13 1, 3, 5, 8; findings14 5), read as each reader reads them:
after an /unban (or /audit's undo of a ban) the parent's earlier list and card still
said the organizers had turned her off."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Journey, labels
from tests.e2e.organizers import bound_admin_chat

TURNED_OFF = "turned off for you by the organizers of Class 1A"
NO_GROUP = "not in any of your groups"


def text_of(journey: Journey, message: dict[str, Any]) -> str:
    now = journey.now(message)
    return str(now.get("text") or now.get("caption") or "")


async def _says_in(journey: Journey, chat: dict[str, Any], user: dict[str, Any], text: str) -> str:
    sent = await journey.says(user, text, chat["id"])
    (reply,) = await journey.replies(chat["id"], sent)
    return str(reply.get("text") or reply.get("caption") or "")


async def test_an_unban_or_its_undo_brings_the_earlier_list_and_card_up_to_date(
    journey: Journey,
) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    listing = await journey.reply_to(ann, "/persons")
    card = await journey.card(ann, "Alice")

    assert (await _says_in(journey, office, poster, "/ban @ann")).startswith("Class 1A: Ann")
    await journey.until(lambda: TURNED_OFF in text_of(journey, card))
    await journey.until(lambda: TURNED_OFF in text_of(journey, listing))

    # /unban: she is not in the group until she rejoins, and both say so, not "turned off".
    assert "no longer banned" in await _says_in(journey, office, poster, "/unban @ann")
    await journey.settle()
    was_list, was_card = text_of(journey, listing), text_of(journey, card)
    fresh_card = await journey.card(ann, "Alice")  # a /persons, then the card
    assert TURNED_OFF not in was_list and NO_GROUP in was_list, was_list
    assert was_card == fresh_card["caption"], was_card

    # Banned again, and the ban undone from /audit: the same.
    assert (await _says_in(journey, office, poster, "/ban @ann")).startswith("Class 1A: Ann")
    await journey.until(lambda: TURNED_OFF in text_of(journey, card))
    sent = await journey.says(poster, "/audit", office["id"])
    (shown,) = await journey.replies(office["id"], sent)
    (undo,) = [label for label in labels(shown) if label.startswith("↩️ Undo")]
    assert (await journey.press(poster, shown, undo))["text"] == "Undone."
    await journey.settle()
    assert text_of(journey, card) == was_card
    assert text_of(journey, fresh_card) == was_card
