"""What nobody else handled in the private chat: help, unknown commands, stickers..."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.types import Message

from domain import texts

log = logging.getLogger(__name__)
router = Router(name="unknown")
router.message.filter(F.chat.type == ChatType.PRIVATE)


@router.message(Command("help"))
async def help_command(message: Message) -> None:
    await message.answer(texts.HELP)


@router.message(F.text.startswith("/"))
async def unknown_command(message: Message) -> None:
    await message.answer(texts.UNKNOWN_COMMAND)


@router.message(F.photo | F.document.mime_type.startswith("image/"))
async def photo_outside_enrollment(message: Message) -> None:
    await message.answer(texts.PRIVATE_PHOTO_OUTSIDE_ENROLLMENT)


@router.message(F.text)
async def chat(message: Message) -> None:
    await message.answer(texts.HELP)


@router.message()
async def anything_else(message: Message) -> None:
    """Stickers, GIFs, videos, voice messages, other files."""
    await message.answer(texts.ONLY_PHOTOS)


@router.edited_message()
async def edited(message: Message) -> None:
    log.info("ignoring an edited message in chat %s", message.chat.id)
