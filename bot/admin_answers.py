"""The admin chat's kept answers redrawn in its group's language (issue 32): what each says
again is decided in ``domain.moderation.admin_answers`` (and, for /whois, in
``domain.claims.whois_answers``); here only a /stats chart is drawn anew, which the Telegram
port cannot (``editMessageMedia`` with a new image)."""

from __future__ import annotations

from contextlib import suppress
from functools import partial

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BufferedInputFile, InputMediaPhoto

from domain.claims import whois_answers
from domain.claims.service import Naming
from domain.groups.stores import GroupView
from domain.moderation.linking import AdminChatLinking


async def _new_chart(bot: Bot, chat_id: int, message_id: int, chart: bytes, caption: str) -> None:
    """A /stats answer shows ``chart`` and ``caption``; one deleted or too old stays."""
    media = InputMediaPhoto(media=BufferedInputFile(chart, "stats.png"), caption=caption)
    with suppress(TelegramAPIError):
        await bot.edit_message_media(media=media, chat_id=chat_id, message_id=message_id)


async def in_group_language(
    bot: Bot, admin_linking: AdminChatLinking, naming: Naming | None, group: GroupView
) -> None:
    """The group's language changed: what its admin chat keeps says it in the chat's
    language (``AdminAnswers.in_group_language``; ``naming``: the /whois sheets' faces)."""
    answers = admin_linking.answers
    if answers is None:
        return
    others = whois_answers.redraws(admin_linking.organizers.telegram, naming)
    await answers.in_group_language(group, chart=partial(_new_chart, bot), others=others)
