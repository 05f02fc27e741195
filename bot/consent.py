"""Consent questions ("Do you agree?") as the chat shows them: once a user agrees, by any
path (the button, /agree, accepting an invitation, claiming a child), each question still in
their chat says so instead of asking.

The questions shown are kept apart from the user's conversation (an FSM destiny of its
own), which /cancel, an enrollment or an invitation clears; once answered, each is kept
there still (``agreed``), so that a change of its group's keep of faces redraws what it
says of it (``keep_changed``); so are the other messages that state a group's keep: the
"You're in" of a group joined after agreeing elsewhere (``joined``) and a claim link's
consent agreed to (``claimed``), which kept the old number of days (findings21 15)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.replies import in_parts
from domain.claims import texts as claims_texts
from domain.infra.telegram.callbacks import PrivacyData, keyboard
from domain.languages.chats import speaking_to
from domain.onboarding import texts
from domain.privacy import texts as privacy_texts
from domain.telegram import AgreeToTerms

CONSENT = "consent"
JOINED = "joined"  # "You're in ..." with the group's keep: [message, title, days, group, said]
# A claim link's consent agreed to: [message, title, days, group, agreed before, agreed on].
CLAIMED = "claimed"
# A /privacy answer: [[its messages], [[title, days, group], ...]] (walkhe 13).
PRIVACY = "privacy"
# The answered questions kept per user, newest: one per group joined, in practice.
KEEP_AGREED = 20


def details_row() -> list[InlineKeyboardButton]:
    """ "What exactly is stored?": under every consent, kept once it is answered."""
    return [
        InlineKeyboardButton(
            text=privacy_texts.privacy_button(), callback_data=PrivacyData().pack()
        )
    ]


def consent_keyboard() -> InlineKeyboardMarkup:
    """ "I agree" and "What exactly is stored?": under a consent question not answered."""
    agree = keyboard([[AgreeToTerms(texts.agree_button())]])
    assert agree is not None
    return InlineKeyboardMarkup(inline_keyboard=[*agree.inline_keyboard, details_row()])


def _questions(state: FSMContext) -> FSMContext:
    return FSMContext(state.storage, replace(state.key, destiny=CONSENT))


def _group_of(shown: list[Any]) -> str | None:
    """The group a kept question is about (its id), if it was kept with it."""
    return shown[3] if len(shown) > 3 else None


async def asked(
    state: FSMContext,
    question: Message,
    title: str,
    days: int | None,
    group_id: UUID | None = None,
) -> None:
    """A consent question shown: what it said (the group's title and retention), and of
    which group."""
    questions = _questions(state)
    shown = await questions.get_value("shown") or []
    group = str(group_id) if group_id is not None else None
    await questions.update_data(shown=[*shown, [question.message_id, title, days, group]])


async def mark_agreed(bot: Bot, state: FSMContext, user_id: int) -> list[int]:
    """The user agreed: each consent question shown to them now says so, without its
    "I agree" (the details stay one tap away), and is kept as answered. Returns the
    questions' message ids."""
    questions = _questions(state)
    shown = await questions.get_value("shown") or []
    agreed = await questions.get_value("agreed") or []
    now = datetime.now(UTC)
    for message_id, title, days, *_ in shown:
        with suppress(TelegramBadRequest):  # deleted by the user meanwhile
            await bot.edit_message_text(
                chat_id=user_id,
                message_id=message_id,
                text=texts.consent_request(title, days, agreed_on=now),
                reply_markup=InlineKeyboardMarkup(inline_keyboard=[details_row()]),
            )
    answered = [[*q[:3], _group_of(q), now.isoformat()] for q in shown]
    kept = {kind: await questions.get_value(kind) or [] for kind in (JOINED, CLAIMED, PRIVACY)}
    await questions.set_data({**kept, "agreed": [*agreed, *answered][-KEEP_AGREED:]})
    return [message_id for message_id, *_ in shown]


async def privacy_sent(
    state: FSMContext, message_ids: Sequence[int], groups: Sequence[tuple[UUID, str, int | None]]
) -> None:
    """/privacy answered in these messages, with each group's keep (id, title, days): kept,
    so that a change of a group's keep redraws it."""
    questions = _questions(state)
    kept = await questions.get_value(PRIVACY) or []
    entry = [list(message_ids), [[title, days, str(group)] for group, title, days in groups]]
    await questions.update_data({PRIVACY: [*kept, entry][-KEEP_AGREED:]})


def _privacy_parts(groups: list[list[Any]]) -> list[str]:
    return in_parts(privacy_texts.privacy([(str(title), days) for title, days, _ in groups]))


async def stated_keep(
    state: FSMContext,
    kind: str,
    message: Message,
    title: str,
    days: int | None,
    group_id: UUID,
    *said: str | bool | None,
) -> None:
    """A message other than a consent question stated the group's keep (``kind``: ``JOINED``,
    with the words before it; ``CLAIMED``, with whether the reader had agreed before and
    when they agreed to it): kept, so that a change of the keep redraws it."""
    questions = _questions(state)
    kept = await questions.get_value(kind) or []
    entry = [message.message_id, title, days, str(group_id), *said]
    await questions.update_data({kind: [*kept, entry][-KEEP_AGREED:]})


async def keep_changed(
    bot: Bot,
    storage: BaseStorage,
    user_ids: Iterable[int],
    group_id: UUID,
    days: int | None,
    words_of: Callable[[int, int], Awaitable[str | None]] | None = None,
) -> None:
    """The group's keep of faces changed (``days``; None: no time limit): each consent
    question about it kept in these users' chats, answered or not, says the keep as it is
    now (what they agreed to, and when, as it said); a "You're in…" a later redraw re-worded
    ("Forget faces", a deletion: ``words_of``, (chat, message)) keeps those words (it said
    again what it said first: "I'll look for Alice…" of a child whose faces were deleted)."""
    group = str(group_id)
    for user_id in user_ids:
        key = StorageKey(bot_id=bot.id, chat_id=user_id, user_id=user_id, destiny=CONSENT)
        questions = FSMContext(storage, key)
        data = await questions.get_data()
        redrawn = {}
        for kind in ("shown", "agreed"):
            kept = data.get(kind) or []
            for question in kept:
                if _group_of(question) != group or question[2] == days:
                    continue
                question[2] = days
                message_id, title = question[0], question[1]
                agreed_on = datetime.fromisoformat(question[4]) if kind == "agreed" else None
                async with speaking_to(user_id):
                    text = texts.consent_request(title, days, agreed_on=agreed_on)
                    markup = (
                        consent_keyboard()
                        if agreed_on is None
                        else InlineKeyboardMarkup(inline_keyboard=[details_row()])
                    )
                # Deleted by the user, or the bot blocked: nothing to redraw there.
                with suppress(TelegramBadRequest, TelegramForbiddenError):
                    await bot.edit_message_text(
                        chat_id=user_id, message_id=message_id, text=text, reply_markup=markup
                    )
            redrawn[kind] = kept
        for kind in (JOINED, CLAIMED):
            kept = data.get(kind) or []
            for stated in kept:
                if _group_of(stated) != group or stated[2] == days:
                    continue
                stated[2] = days
                now = (
                    await words_of(user_id, stated[0])
                    if words_of is not None and kind == JOINED
                    else None
                )
                async with speaking_to(user_id):
                    text = _stated_now(kind, stated, now)
                with suppress(TelegramBadRequest, TelegramForbiddenError):
                    await bot.edit_message_text(
                        chat_id=user_id,
                        message_id=stated[0],
                        text=text,
                        reply_markup=InlineKeyboardMarkup(inline_keyboard=[details_row()])
                        if kind == CLAIMED
                        else None,
                    )
            redrawn[kind] = kept
        answers = data.get(PRIVACY) or []
        for message_ids, groups in answers:
            if all(stated[2] != group or stated[1] == days for stated in groups):
                continue
            async with speaking_to(user_id):
                before = _privacy_parts(groups)
                for stated in groups:
                    if stated[2] == group:
                        stated[1] = days
                after = _privacy_parts(groups)
            if len(after) != len(message_ids):  # cut elsewhere now: left as it was
                continue
            for message_id, was, now in zip(message_ids, before, after, strict=True):
                if was == now:
                    continue
                with suppress(TelegramBadRequest, TelegramForbiddenError):
                    await bot.edit_message_text(chat_id=user_id, message_id=message_id, text=now)
        redrawn[PRIVACY] = answers
        await questions.update_data(redrawn)


def _stated_now(kind: str, stated: list[Any], now: str | None = None) -> str:
    """What a kept "You're in" (``now``: its words as a redraw left them) or claim consent
    says with the group's keep as it is now."""
    title, days = str(stated[1]), stated[2]
    if kind == JOINED:
        return texts.joined_again(now or str(stated[4]), title, days)
    agreed_on = datetime.fromisoformat(stated[5]) if stated[5] else None
    return claims_texts.claim_offer(title, bool(stated[4]), days, agreed_on=agreed_on)


async def forget_conversation(state: FSMContext) -> None:
    """/forget: the user's conversation and the consent questions kept for them go."""
    await state.clear()
    await _questions(state).clear()


async def conclude_pressed(message: Message, at: datetime) -> None:
    """A consent question agreed to that was not kept (the state was lost): its last
    paragraph, the question, becomes the answer, from the message as the chat shows it."""
    if not message.text:
        return
    said = message.html_text.split("\n\n")[:-1]
    with suppress(TelegramBadRequest):  # pressed twice: already says so
        await message.edit_text(
            "\n\n".join([*said, texts.agreed(at)]),
            reply_markup=InlineKeyboardMarkup(inline_keyboard=[details_row()]),
        )
