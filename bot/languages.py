"""Which language the bot speaks for an update: in a group chat, the group's language
setting (its organizers choose it in /settings); elsewhere English, until participants
choose their own (issue 15). aiogram's i18n middleware sets it around every handler."""

from __future__ import annotations

from typing import Any

from aiogram.enums import ChatType
from aiogram.types import Chat, TelegramObject
from aiogram.utils.i18n import I18nMiddleware

from domain.languages.catalogs import SOURCE_LANGUAGE
from domain.languages.chats import language_of_group_chat


class GroupChatLanguage(I18nMiddleware):
    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        chat: Chat | None = data.get("event_chat")
        if chat is None or chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
            return SOURCE_LANGUAGE
        return await language_of_group_chat(chat.id)
