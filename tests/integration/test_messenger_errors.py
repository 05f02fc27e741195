"""What Telegram answers when the bot writes to someone it cannot write to, as facedrop's
messenger reads it: the real aiogram bot against the emulator, which answers as the Bot API
server does (Client.cpp)."""

from __future__ import annotations

import pytest

from domain.infra.telegram.messenger import AiogramMessenger
from domain.telegram import ChatUnavailable, RecipientUnreachable
from sandbox import World
from tests.integration.telegram import jpeg

pytestmark = pytest.mark.usefixtures("db")


async def test_a_user_the_bot_never_saw_is_unreachable_not_a_missing_chat(
    world: World, messenger: AiogramMessenger
) -> None:
    # Client.cpp check_chat: a user tdlib does not know is 400 "chat not found"
    # (TelegramBadRequest), not 403 like a user who never started the bot: both mean "this
    # person cannot be written to now", so a delivery waits for them instead of failing.
    poster, stranger, known = (world.create_user(n) for n in ("Pat", "Sam", "Kim"))
    chat = world.create_group("Class 1A", creator_id=poster["id"], member_ids=[known["id"]])
    await world.set_bot_status(chat["id"], "administrator")
    (posted,) = await world.user_sends_photos(chat["id"], poster["id"], [jpeg()])
    await world.user_sends_text(chat["id"], known["id"], "hello")  # the bot saw Kim

    with pytest.raises(RecipientUnreachable, match="Bad Request: chat not found"):
        await messenger.send_text(stranger["id"], "Alice is in a new photo")
    with pytest.raises(RecipientUnreachable, match="Bad Request: chat not found"):
        await messenger.copy_photo(stranger["id"], chat["id"], posted["message_id"], "Alice")
    with pytest.raises(RecipientUnreachable, match="bot can't initiate conversation"):
        await messenger.send_text(known["id"], "Alice is in a new photo")
    # A group that is not there is another matter: the chat is unavailable.
    with pytest.raises(ChatUnavailable, match="Bad Request: chat not found"):
        await messenger.send_text(-1009999999999, "hello?")
    assert [m for m in world.transcript(stranger["id"]) if m["from"]["is_bot"]] == []
