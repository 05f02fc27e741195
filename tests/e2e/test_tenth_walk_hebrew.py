"""The tenth walk's finding 9 (findings10.md), as a Hebrew admin chat receives it: the
settings card's example "/timezone Jerusalem" read "Jerusalem /timezone", the command alone
isolated left to right and its Latin argument a second run, laid right to left after it.
The command and its argument are isolated together now, and the command is still one the
reader can tap."""

from __future__ import annotations

from bidi import get_display

from tests.e2e.conftest import Journey
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.test_group_settings import settings_card

LRI, PDI = "\u2066", "\u2069"


async def test_a_hebrew_command_with_its_argument_reads_as_it_is_typed(journey: Journey) -> None:
    poster = journey.user("Poster")
    group, _ = await journey.group_with_bot("Class 1A", poster, [])
    office = await bound_admin_chat(journey, group, [poster])
    await journey.press(poster, await settings_card(journey, poster, office), "עברית")

    card = await settings_card(journey, poster, office)
    text = card["text"]
    example = f"{LRI}/timezone Jerusalem{PDI}"
    assert example in text, text
    # Telegram still finds the command inside the isolate: "/timezone", tappable.
    at = text.index(example) + 1
    commands = {
        (entity["offset"], entity["length"])
        for entity in card.get("entities", [])
        if entity["type"] == "bot_command"
    }
    assert (at, len("/timezone")) in commands, card.get("entities")
    # As the app lays the line out, left to right on screen: the command before its city.
    (line,) = [line for line in text.split("\n") if example in line]
    assert "/timezone Jerusalem" in get_display(line), get_display(line)
