"""The answers an admin chat keeps reading in its group's language: when an organizer
switches the group's language in /settings, the bot's messages there that it keeps are
redrawn in it (issue 32, walk33 5: the link confirmation, /stats and /whois stayed English
between Hebrew ones), as the settings cards and the /audit lists are (``refresh_cards``,
``refresh_audits``). Each says what it said when it was sent, in the new words: a /stats
answer its numbers then (its chart drawn again), a /whois answer its faces.

Messages nothing was kept of (older ones, the naming prompts not answered yet, the "I sent
you the link" answers) stay as they are."""

from __future__ import annotations

import asyncio
from contextlib import suppress
from datetime import date, datetime
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
)

from domain.claims import texts as claims_texts
from domain.claims.service import Naming
from domain.groups.stores import GroupView
from domain.infra.telegram.callbacks import WhoisData
from domain.languages.chats import speaking_to, zone_of_group
from domain.languages.dates import in_zone
from domain.moderation import linking, stats, takedown, texts
from domain.moderation.linking import AdminChatLinking, KeptAnswer

# The kinds of answers kept (``AdminChatLinking.keep_answer``).
STATS = "stats"
WHOIS_SHEET = "whois_sheet"
WHOIS_NONE = "whois_none"
WHOIS_TOO_FEW = "whois_too_few"
WHOIS_PENDING = "whois_pending"
WHOIS_LINK_SENT = "whois_link_sent"  # a child named: its claim link went to the namer
WHOIS_LINK_NOT_SENT = "whois_link_not_sent"
RESUMED = "resumed"  # /resume: what waited while paused (walk34 2)


# ----- /stats -----------------------------------------------------------------------------


def stats_said(numbers: stats.GroupStats, group: GroupView) -> dict[str, Any]:
    """What a /stats answer says (its caption's numbers and its chart's days), as plain JSON
    to keep."""
    ran_at = group.retention_ran_at
    return {
        "members": numbers.members,
        "guardians": numbers.guardians,
        "persons": numbers.persons,
        "faceless": numbers.faceless,
        "photos_week": numbers.photos_week,
        "deliveries_week": numbers.deliveries_week,
        "suggestions_pending": numbers.suggestions_pending,
        "clips_week": numbers.clips_week,
        "thumbnail_only": numbers.thumbnail_only_week,
        "rate": numbers.recognition_rate,
        "failed_photos": numbers.failed_photos_week,
        "failed_clips": numbers.failed_clips_week,
        "failed_deliveries": numbers.failed_deliveries_week,
        "paused": group.paused_at is not None,
        "retention_days": group.retention_days,
        "retention_ran_at": ran_at.isoformat() if ran_at is not None else None,
        "faces_expired": group.faces_expired,
        "days": [[d.day.isoformat(), d.photos, d.deliveries, d.clips] for d in numbers.days],
    }


def stats_days(said: dict[str, Any]) -> list[stats.Day]:
    """The chart's days a kept /stats answer drew."""
    return [stats.Day(date.fromisoformat(d[0]), d[1], d[2], d[3]) for d in said["days"]]


def stats_caption(title: str, said: dict[str, Any]) -> str:
    """A /stats answer's caption, in the current language (``said``: ``stats_said``)."""
    numbers = {key: value for key, value in said.items() if key != "days"}
    ran_at = numbers.pop("retention_ran_at")
    return texts.stats_text(
        title,
        **numbers,
        retention_ran_at=datetime.fromisoformat(ran_at) if ran_at else None,
    )


async def stats_answer(title: str, said: dict[str, Any]) -> tuple[bytes, str]:
    """A /stats answer's chart and caption, in the current language."""
    chart = await asyncio.to_thread(stats.render_chart, stats_days(said))  # this language's
    return chart, stats_caption(title, said)


# ----- /whois -----------------------------------------------------------------------------


def whois_keyboard(cluster: str, fp: str, position: int) -> InlineKeyboardMarkup:
    """A /whois sheet's buttons: name its child, or skip to the next group of faces."""

    def button(text: str, act: str) -> InlineKeyboardButton:
        data = WhoisData(cluster=cluster, act=act, fp=fp, pos=position)
        return InlineKeyboardButton(text=text, callback_data=data.pack())

    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                button(claims_texts.name_this_child(), "n"),
                button(claims_texts.skip_cluster(), "s"),
            ]
        ]
    )


def whois_text(kind: str, title: str, said: dict[str, Any]) -> str:
    """What a /whois answer without faces said, in the current language."""
    if kind == WHOIS_LINK_SENT:
        return claims_texts.claim_link_sent(said["who"])
    if kind == WHOIS_LINK_NOT_SENT:
        return claims_texts.claim_link_not_sent(said["who"])
    if kind == WHOIS_TOO_FEW:
        return claims_texts.whois_too_few(title, said["faces"], said["needed"])
    if kind == WHOIS_PENDING:
        return claims_texts.whois_grouping_pending(title, said["minutes"])
    return claims_texts.whois_none(title, said["named_before"])


async def _redraw_sheet(
    bot: Bot, naming: Naming, group: GroupView, chat_id: int, answer: KeptAnswer
) -> None:
    """A /whois sheet says its words in the current language: its faces and buttons while
    they are offered, the name given once named (its faces blanked then); nothing when it
    was deleted (taken down, expired, its claim rejected)."""
    said = answer.said
    faces = await naming.sheets.faces_of(chat_id, answer.message_id, said["fp"])
    if faces is None:
        return
    named = await naming.named_since(group, faces)
    with suppress(TelegramAPIError):  # deleted meanwhile, or too old to edit
        if named is not None:
            await bot.edit_message_caption(
                chat_id=chat_id,
                message_id=answer.message_id,
                caption=claims_texts.whois_named(named),
            )
            return
        await bot.edit_message_caption(
            chat_id=chat_id,
            message_id=answer.message_id,
            caption=claims_texts.whois_sheet(
                group.title, said["position"] + 1, said["total"], len(faces)
            ),
            reply_markup=whois_keyboard(said["cluster"], said["fp"], said["position"]),
        )


# ----- the switch -------------------------------------------------------------------------


async def in_group_language(
    bot: Bot, admin_linking: AdminChatLinking, naming: Naming | None, group: GroupView
) -> None:
    """The group's language changed, and so perhaps its admin chat's (English where it
    serves groups of different ones): the messages the bot keeps there, of every group it
    serves, say their words in the chat's language, each as it said them: the link
    confirmations, the /help answers, the /stats answers (their charts drawn again), the
    /resume answers, the takedown reports and the /whois answers (``naming``: its sheets' faces)."""
    chat_id = group.admin_chat_id
    if chat_id is None:
        return
    served = await admin_linking.organizers.served_by(chat_id)
    async with speaking_to(chat_id):
        help_text = texts.admin_chat_help([g.title for g in served])
        edits = {m: help_text for g in served for m in linking.help_answers_in(g, chat_id)}
        for each in served:
            linked = linking.linked_message_in(each, chat_id)
            if linked is not None:
                edits[linked] = texts.admin_chat_linked(each.title)
        for message_id, text in edits.items():
            with suppress(TelegramAPIError):  # deleted, unchanged, or too old to edit
                await bot.edit_message_text(text, chat_id=chat_id, message_id=message_id)
        for each in served:
            for answer in linking.answers_in(each, chat_id):
                await _redraw(bot, naming, each, chat_id, answer)


async def _redraw(
    bot: Bot, naming: Naming | None, group: GroupView, chat_id: int, answer: KeptAnswer
) -> None:
    """One kept answer, in the current language."""
    with suppress(TelegramAPIError):  # deleted, or too old to edit
        if answer.kind == STATS:
            chart, caption = await stats_answer(group.title, answer.said)
            media = InputMediaPhoto(media=BufferedInputFile(chart, "stats.png"), caption=caption)
            await bot.edit_message_media(media=media, chat_id=chat_id, message_id=answer.message_id)
        elif answer.kind == WHOIS_SHEET:
            if naming is not None:
                await _redraw_sheet(bot, naming, group, chat_id, answer)
        elif answer.kind == takedown.TAKEN_DOWN:  # its times in the group's zone
            with in_zone(zone_of_group(group.settings)):
                text = takedown.report_text(group.title, answer.said)
            await bot.edit_message_text(text, chat_id=chat_id, message_id=answer.message_id)
        elif answer.kind == RESUMED:
            text = texts.group_resumed(group.title, answer.said["photos"], answer.said["clips"])
            await bot.edit_message_text(text, chat_id=chat_id, message_id=answer.message_id)
        else:
            text = whois_text(answer.kind, group.title, answer.said)
            await bot.edit_message_text(text, chat_id=chat_id, message_id=answer.message_id)
