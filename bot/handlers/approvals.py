"""The organizers' side: approval cards in the admin chat (issue 11).

Every press re-checks that the presser is an admin of the card's group now, and that the
card is in the group's admin chat; a decision is taken once, and a later press hears who
took it. ``/pending`` in the admin chat posts the cards still waiting again."""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.handlers.claims import redraw_unclaimed
from bot.organizers import for_chosen_group, run_for_group
from bot.replies import answer, conclude, pressed_message
from domain.claims.service import Naming
from domain.groups.stores import GroupView
from domain.infra.telegram.callbacks import ApprovalData, approval_button, expand
from domain.languages import texts as languages_texts
from domain.languages.catalogs import _
from domain.moderation import admin_answers, texts
from domain.moderation.approvals import Approvals, DecideOutcome
from domain.moderation.audit import Actor
from domain.moderation.linking import AdminChatLinking
from domain.moderation.organizers import Organizers

OK, NO, BACK, REASON = "ok", "no", "back", "r_"


def _decide_keyboard(approval_id: UUID) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                approval_button(approval_id, OK, texts.approve_button()),
                approval_button(approval_id, NO, texts.reject_button()),
            ]
        ]
    )


def _reasons_keyboard(
    approval_id: UUID, reasons: tuple[tuple[str, str, str], ...]
) -> InlineKeyboardMarkup:
    rows = [
        [approval_button(approval_id, f"{REASON}{code}", _(label))]
        for code, label, _sentence in reasons
    ]
    rows.append([approval_button(approval_id, BACK, texts.back_button())])
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def card_pressed(
    query: CallbackQuery,
    callback_data: ApprovalData,
    organizers: Organizers,
    approvals: Approvals,
    naming: Naming,
    bot: Bot,
) -> None:
    message = pressed_message(query)
    approval_id = expand(callback_data.id)
    group = await approvals.card_group(approval_id) if approval_id else None
    act = callback_data.act
    reason = act.removeprefix(REASON) if act.startswith(REASON) else None
    if (
        message is None
        or approval_id is None
        or group is None
        or group.admin_chat_id != message.chat.id  # relinked, or a forged press
        or (reason is None and act not in (OK, NO, BACK))
        or (
            reason is not None
            and reason not in {code for code, _l, _s in await approvals.reasons(approval_id)}
        )
    ):
        await answer(query, languages_texts.button_expired())
        return
    # Asked of Telegram at every press: the card says nothing the chat does not show.
    if not await organizers.may_moderate(group, query.from_user.id):
        await answer(query, texts.only_organizers_decide(), alert=True)
        return
    cover = bool(message.photo)
    claim = False
    if act in (NO, BACK):
        already = await approvals.decision(approval_id, cover=cover)
        if already is None:  # still pending: show the reasons, or hide them again
            keyboard = (
                _reasons_keyboard(approval_id, await approvals.reasons(approval_id))
                if act == NO
                else _decide_keyboard(approval_id)
            )
            with suppress(TelegramBadRequest):  # pressed twice: already shown
                await message.edit_reply_markup(reply_markup=keyboard)
            await answer(query, texts.pick_a_reason() if act == NO else "")
            return
        decided = already
    else:
        actor = Actor(user_id=query.from_user.id, name=query.from_user.full_name)
        claim = await approvals.is_claim(approval_id)  # a rejected claim's approval goes
        decided = await approvals.decide(approval_id, act == OK, reason or "", actor, cover=cover)
    if decided.outcome == DecideOutcome.GONE:
        await answer(query, languages_texts.button_expired())
        return
    if decided.outcome == DecideOutcome.ALREADY:
        await answer(query, texts.already_decided(decided.approved, decided.by), alert=True)
    else:
        await answer(query)
        if claim and decided.outcome == DecideOutcome.DECIDED:
            # Claimed, or its child deleted with the rejection: the group's /unclaimed
            # lists no longer list the child (findings19 13).
            await redraw_unclaimed(bot, naming, group)
    # The decided card itself is deleted (or, too old to delete, blanked), and a record of
    # the decision without the face posted (Approvals.decide); a card still up as posted
    # (Telegram unavailable), or one pressed again, at least says the decision and loses
    # its buttons. A blanked card is left blank: editing it would name the child again.
    if message.reply_markup is not None and await approvals.still_posted(
        approval_id, message.chat.id, message.message_id
    ):
        await conclude(query, decided.card)


async def pending_command(message: Message, **data: Any) -> None:
    await run_for_group(message, "pending", data)


@for_chosen_group("pending")
async def pending_in(
    message: Message, group: GroupView, user_id: int, data: dict[str, Any]
) -> None:
    """Post again the cards of the group's pending approvals (they may have scrolled away,
    or waited for the admin chat to be linked)."""
    organizers: Organizers = data["organizers"]
    approvals: Approvals = data["approvals"]
    if not await organizers.may_moderate(group, user_id):
        await message.answer(texts.only_organizers_pending(group.title))
        return
    if not await approvals.any_pending(group.id):
        sent = await message.answer(texts.no_pending_approvals(group.title))
        # Kept: a switch of the group's language redraws it in the new one (issue 32).
        admin_linking: AdminChatLinking = data["admin_linking"]
        await admin_linking.keep_answer(
            group.id,
            sent.chat.id,
            sent.message_id,
            admin_answers.NOTHING_PENDING,
            {admin_answers.AT: datetime.now(UTC).isoformat()},  # said again "As of" then
        )
        return
    await approvals.post_waiting(group.id)


def router() -> Router:
    routes = Router(name="approvals")
    routes.callback_query.register(card_pressed, ApprovalData.filter(), F.message)
    routes.message.register(
        pending_command,
        Command("pending"),
        F.chat.type.in_({ChatType.GROUP, ChatType.SUPERGROUP}),
    )
    return routes
