"""What nobody else handled: help, unknown commands, stickers... and unknown buttons."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.handlers.enroll import REFUSALS
from bot.replies import answer, answer_in_parts, drop_buttons
from domain.cooldown import Cooldown
from domain.enrollment import texts as enrollment_texts
from domain.enrollment.service import Enrollment
from domain.languages import texts as languages_texts
from domain.moderation.organizers import Organizers
from domain.onboarding import texts

log = logging.getLogger(__name__)


async def help_command(message: Message, organizers: Organizers) -> None:
    user = message.from_user.id if message.from_user else message.chat.id
    await answer_in_parts(message, texts.help_text(await organizers.organized_by(user)))


async def unknown_command(message: Message) -> None:
    await message.answer(texts.unknown_command())


async def photo_outside_enrollment(
    message: Message, enrollment: Enrollment, album_hints: Cooldown
) -> None:
    """A photo or clip sent outside /add: how to enroll, or first to agree (or join). An
    album is one gesture: answered once, not once per photo (findings23 3)."""
    if message.media_group_id is not None and not await album_hints.claim(
        f"{message.chat.id}:{message.media_group_id}"
    ):
        return
    refusal = await enrollment.refusal(
        message.from_user.id if message.from_user else message.chat.id
    )
    if refusal is not None:
        await message.answer(REFUSALS[refusal]())
        return
    await message.answer(enrollment_texts.private_photo_outside_enrollment())


async def chat(message: Message) -> None:
    await answer_in_parts(message, texts.help_text())


async def anything_else(message: Message) -> None:
    """Stickers, GIFs, videos, voice messages, other files."""
    await message.answer(texts.only_photos())


async def unknown_button(query: CallbackQuery) -> None:
    """Data no handler knows: an old button from before an update, or a forged one."""
    await answer(query, languages_texts.button_expired(), alert=True)
    await drop_buttons(query)


async def edited(message: Message) -> None:
    log.info("ignoring an edited message in chat %s", message.chat.id)


def router() -> Router:
    """This feature's handlers on a fresh router (one per dispatcher)."""
    routes = Router(name="unknown")
    routes.message.filter(F.chat.type == ChatType.PRIVATE)
    routes.message.register(help_command, Command("help"))
    routes.message.register(unknown_command, F.text.startswith("/"))
    routes.message.register(
        photo_outside_enrollment,
        F.photo
        | F.document.mime_type.startswith("image/")
        # A clip of a face sent outside /add (clips are taken as enrollment photos there).
        | F.video
        | F.video_note
        | F.document.mime_type.startswith("video/"),
    )
    routes.message.register(chat, F.text)
    routes.message.register(anything_else)
    routes.edited_message.register(edited)
    routes.callback_query.register(unknown_button)
    return routes
