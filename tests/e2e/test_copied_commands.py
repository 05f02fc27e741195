"""A command shown as code in Hebrew is copied clean: Telegram's app copies a code entity's
text, and the marks that make the command draw left to right in a right-to-left sentence
(U+2066 ... U+2069) sat inside it, so a pasted "/ban @username" carried invisible
characters. They stand just outside the entity now, where they still isolate it."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Journey
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.test_group_settings import settings_card

LRI, PDI = "\u2066", "\u2069"


def coded(message: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Each code entity's text as the emulator reports it (what a copy takes), with the
    character on either side of it."""
    text, found = message["text"], []
    for entity in message.get("entities", []):
        if entity["type"] == "code":
            start, end = entity["offset"], entity["offset"] + entity["length"]
            found.append((text[start - 1 : start], text[start:end], text[end : end + 1]))
    return found


async def test_a_hebrew_command_shown_as_code_is_copied_without_marks(journey: Journey) -> None:
    poster = journey.user("Poster")
    group, _ = await journey.group_with_bot("Class 1A", poster, [])
    office = await bound_admin_chat(journey, group, [poster])
    await journey.press(poster, await settings_card(journey, poster, office), "עברית")

    async def said(text: str) -> dict[str, Any]:
        (answer,) = await journey.replies(
            office["id"], await journey.says(poster, text, office["id"])
        )
        return answer

    # How to ban, in the admin chat: three commands to copy, each isolated from outside.
    assert coded(await said("/ban")) == [
        (LRI, "/ban @username", PDI),
        (LRI, "/ban user_id", PDI),
        (LRI, "/unban", PDI),
    ]
    # A command with a Hebrew argument is isolated whole; a zone's name is no command.
    unknown = coded(await said("/timezone Narnia"))
    assert [copied for _, copied, _ in unknown] == ["/timezone ירושלים", "Asia/Jerusalem", "UTC+2"]
    assert unknown[0][::2] == (LRI, PDI)
