"""The twelfth walk's finding 1: a guardian the organizers banned read, on /persons and the
card, "not in any of your groups: open my link in a group's chat ...", and that link
refuses them. Now both say who turned facedrop off for them; once unbanned, the link works
again and they say so."""

from __future__ import annotations

from tests.e2e.conftest import Journey
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.test_bans_and_pause import _says_in
from tests.e2e.test_tenth_round import NO_GROUP

TURNED_OFF = "turned off for you by the organizers of Class 1A"


async def test_a_banned_guardian_is_told_who_turned_it_off_not_to_open_the_link(
    journey: Journey,
) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])

    assert (await _says_in(journey, office, poster, "/ban @ann")).startswith("Class 1A: Ann")
    listing = await journey.reply_to(ann, "/persons")
    assert listing["text"].startswith(f"Your people:\n• Alice: {TURNED_OFF}, "), listing["text"]
    assert "open my link" not in listing["text"]
    card = await journey.card(ann, "Alice")
    assert card["caption"].startswith(f"Alice · {TURNED_OFF}\n"), card["caption"]

    assert "no longer banned" in await _says_in(journey, office, poster, "/unban @ann")
    listing = await journey.reply_to(ann, "/persons")
    assert listing["text"].startswith(f"Your people:\n• Alice: {NO_GROUP}, "), listing["text"]
