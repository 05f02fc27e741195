"""The organizers' command menu in admin chats, true where it is read (issue 32): an admin
chat linked before the bot set that menu (an older release) gets it when the bot starts;
and a chat the bot was removed from as an admin chat, then added to as a photo group, shows
a group's menu, not the organizers' one that was left there. The menus the bot sets at its
start, in the background, are work the tests' wait (``Journey.settle``) waits for."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiohttp import ClientSession

import bot.menus
from domain.languages.catalogs import LANGUAGES, SOURCE_LANGUAGE
from domain.moderation import texts as moderation_texts
from tests.e2e.conftest import TOKEN, Journey
from tests.e2e.organizers import admin_link, open_link

ORGANIZERS = [command for command, _description in moderation_texts.ORGANIZER_COMMANDS]
IN_THE_GROUP = ["admin", "takedown", "ban", "unban", "help"]


def menu(journey: Journey, user: dict[str, Any], chat: dict[str, Any]) -> list[str]:
    """The commands the user's menu offers in the chat, as Telegram picks them."""
    return [c["command"] for c in journey.world.commands_for(user["id"], chat["id"])]


async def delete_chat_menu(journey: Journey, chat: dict[str, Any]) -> None:
    """The chat's own menu deleted in every language, through the Bot API: as a release
    before the organizers' menu left an admin chat."""
    async with ClientSession() as http:
        for code in LANGUAGES:
            language = {} if code == SOURCE_LANGUAGE else {"language_code": code}
            scope = {"type": "chat", "chat_id": chat["id"]}
            url = f"{journey.emulator.url}/bot{TOKEN}/deleteMyCommands"
            async with http.post(url, json={"scope": scope, **language}) as answer:
                assert (await answer.json())["ok"]


async def test_an_admin_chat_menu_is_set_at_start_and_gone_when_it_is_a_photo_group(
    journey: Journey,
) -> None:
    poster, tina = journey.user("Poster"), journey.user("Tina")
    group, _payload = await journey.group_with_bot("Class 1A", poster, [])
    office = journey.world.create_group(
        "Office", type="group", creator_id=poster["id"], member_ids=[tina["id"]]
    )
    await open_link(journey, poster, await admin_link(journey, group, poster), office)
    assert menu(journey, tina, office) == ORGANIZERS

    # Linked by an older release: the admin chat has a group's menu. The bot restarted
    # sets the organizers' menu there.
    await delete_chat_menu(journey, office)
    assert menu(journey, tina, office) == ["help"]
    await journey.shutdown()
    await journey.start()
    await journey.until(lambda: menu(journey, tina, office) == ORGANIZERS)

    # The bot removed from the admin chat: Telegram refuses to take its menu off there...
    await journey.world.set_bot_status(office["id"], "left")
    await journey.settle()
    assert menu(journey, tina, office) == ORGANIZERS
    # ...and added again, as a photo group, the bot takes it off: a group's menus show.
    await journey.world.set_bot_status(office["id"], "administrator")
    await journey.until(lambda: menu(journey, tina, office) == ["help"])
    assert menu(journey, poster, office) == IN_THE_GROUP


async def test_the_wait_waits_for_the_menus_set_at_start(
    journey: Journey, monkeypatch: pytest.MonkeyPatch
) -> None:
    """bot.app sets the admin chats' menus in a task of its own as polling starts: a test
    that settled read the menu before it was set (the wait did not count that task). Here
    Telegram is slow to take it (as over many admin chats, or asked to wait)."""
    poster, tina = journey.user("Poster"), journey.user("Tina")
    group, _payload = await journey.group_with_bot("Class 1A", poster, [])
    office = journey.world.create_group(
        "Office", type="group", creator_id=poster["id"], member_ids=[tina["id"]]
    )
    await open_link(journey, poster, await admin_link(journey, group, poster), office)
    await delete_chat_menu(journey, office)  # linked by an older release
    await journey.shutdown()
    shown = bot.menus.show_organizer_menu

    async def slowly(*args: Any) -> None:
        await asyncio.sleep(2)
        await shown(*args)

    monkeypatch.setattr(bot.menus, "show_organizer_menu", slowly)
    await journey.start()
    await journey.settle()
    assert menu(journey, tina, office) == ORGANIZERS
