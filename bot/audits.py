"""The /audit message of a group: its lines (time, what, why it cannot be undone) and an
Undo button for each line that can be. Every /audit still shown stays true: an undo, or a
setting changed (the time zone among them), edits each one to say what is true now of
the lines it listed, in the zone in force (``refresh_audits``)."""

from __future__ import annotations

from contextlib import nullcontext, suppress
from datetime import datetime, timedelta
from uuid import UUID

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup, Message

from domain.infra.telegram.callbacks import keyboard
from domain.languages.chats import speaking_to, zone_of_group
from domain.languages.dates import in_zone
from domain.moderation import texts
from domain.moderation.audit_view import AuditView, shown_in


async def audit_message(
    audits: AuditView, group_id: UUID, title: str, until: datetime | None = None
) -> tuple[str, InlineKeyboardMarkup | None] | None:
    """The /audit of the group (its lines recorded by ``until``, as they stand now), its
    times in the group's own zone, which its header names; None when nothing happened.
    Findings24 8: an admin chat serving groups in different zones writes its other times
    in UTC, and kept Class 3A's /audit in UTC after "/timezone Jerusalem" for Class 3A."""
    group = await audits.group(group_id)
    with in_zone(zone_of_group(group.settings)) if group is not None else nullcontext():
        made = await audits.sheet(group_id, title, until)
    if made is None:
        return None
    text, rows = made
    return text, keyboard(rows)


def listed_until(message: Message) -> datetime:
    """What an /audit message listed, when it is not among those recorded as shown: what
    was recorded by the second after it was sent (Telegram gives whole seconds)."""
    return message.date + timedelta(seconds=1)


async def refresh_audits(
    bot: Bot, audits: AuditView, group_id: UUID, pressed: Message | None = None
) -> None:
    """Edit every /audit of the group still shown (and ``pressed``, the one a button was
    pressed on) to what is true now: undone lines say so, and lose their button."""
    group = await audits.group(group_id)
    if group is None or group.admin_chat_id is None:
        return
    shown = dict(shown_in(group))
    if pressed is not None and pressed.chat.id == group.admin_chat_id:
        shown.setdefault(pressed.message_id, listed_until(pressed))
    async with speaking_to(group.admin_chat_id):
        for message_id, until in shown.items():
            made = await audit_message(audits, group.id, group.title, until)
            if made is None:
                continue
            text, markup = made
            # Unchanged ("message is not modified"), deleted or too old: nothing to edit.
            with suppress(TelegramBadRequest):
                await bot.edit_message_text(
                    text, chat_id=group.admin_chat_id, message_id=message_id, reply_markup=markup
                )


async def audits_moved_away(bot: Bot, audits: AuditView, group_id: UUID, old_chat_id: int) -> None:
    """The admin chat of the group moved from ``old_chat_id``: each /audit of it still shown
    there loses its Undo buttons (pressed, they could only expire) and says the chat no
    longer serves the group (findings24 5), in the language of the context (the group's:
    the old chat, no admin chat now, would be read in English, the Hebrew walk of issue 32).
    """
    group = await audits.group(group_id)
    if group is None:
        return
    for message_id, until in shown_in(group, old_chat_id):
        made = await audit_message(audits, group.id, group.title, until)
        if made is None:
            continue
        text = f"{made[0]}\n\n{texts.admin_chat_moved_away(group.title)}"
        with suppress(TelegramBadRequest):  # deleted, or too old to edit
            await bot.edit_message_text(text, chat_id=old_chat_id, message_id=message_id)
