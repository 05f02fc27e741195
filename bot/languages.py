"""Which language the bot speaks for an update: in a group chat (and an admin chat), the
group's language setting (its organizers choose it in /settings); in a private chat, the
participant's (/language, else their Telegram app's language). This middleware sets it
around every handler (``domain.languages.catalogs.in_language``), and the chat's time zone
with it (``domain.languages.chats``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Router
from aiogram.enums import ChatType
from aiogram.types import Chat, TelegramObject, User

from domain.languages.catalogs import SOURCE_LANGUAGE, in_language
from domain.languages.chats import (
    language_of_group_chat,
    language_of_user,
    zone_of_chat,
    zone_of_user,
)
from domain.languages.dates import DEFAULT_ZONE, in_zone


class ChatLanguage(BaseMiddleware):
    def setup(self, router: Router) -> None:
        """Around the handlers of every kind of event (after the update's own middlewares,
        which find the event's chat and user)."""
        for name, observer in router.observers.items():
            if name != "update":
                observer.outer_middleware(self)

    async def language(self, data: dict[str, Any]) -> str:
        chat: Chat | None = data.get("event_chat")
        user: User | None = data.get("event_from_user")
        if chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
            return await language_of_group_chat(chat.id)
        if user is None:
            return await language_of_group_chat(chat.id) if chat is not None else SOURCE_LANGUAGE
        return await language_of_user(user.id, user.language_code)

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        chat: Chat | None = data.get("event_chat")
        user: User | None = data.get("event_from_user")
        if chat is not None:
            zone = await zone_of_chat(chat.id)
        else:
            zone = await zone_of_user(user.id) if user is not None else DEFAULT_ZONE
        with in_zone(zone), in_language(await self.language(data)):
            return await handler(event, data)
