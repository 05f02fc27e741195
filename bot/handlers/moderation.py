"""The organizers' side: /ban and /unban (a reply in the group, or @username / user id in
the admin chat), /pause and /resume, /stats. Every action and every press asks Telegram
whether the sender is an admin of the group; everyone else is refused and nothing changes."""

from __future__ import annotations

import contextlib
import logging
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.filters import Command, CommandObject
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    User,
)

from bot.audits import refresh_audits
from bot.handlers.group_settings import refresh_cards
from bot.organizers import for_chosen_group, refuse_organizer_command, run_for_group
from bot.replies import answer, conclude, pressed_message
from domain.cooldown import Cooldown
from domain.delivery.service import Deliveries
from domain.groups.stores import GroupView
from domain.infra.telegram.callbacks import BanChoiceData, expand, short
from domain.jobs.queue import JobQueue
from domain.languages import texts as languages_texts
from domain.languages.chats import speaking_to
from domain.moderation import admin_answers, texts
from domain.moderation.audit import ANONYMOUS_ADMIN, Actor
from domain.moderation.audit_view import AuditView
from domain.moderation.bans import BanOutcome, Bans, Target, UnbanOutcome, parse_reference
from domain.moderation.linking import AdminChatLinking
from domain.moderation.organizers import Organizers, posted_as_the_group
from domain.moderation.pause import Pauses
from domain.moderation.stats import Statistics
from domain.persons.cards import show_as_now
from domain.persons.service import Persons
from domain.states import ModerationAction

log = logging.getLogger(__name__)

BAN, UNBAN = "b", "u"


def _actor(user: User | None) -> Actor:
    if user is None:
        return ANONYMOUS_ADMIN
    return Actor(user.id, user.full_name)  # as every other line of /audit names its actor


def _sender(data: dict[str, Any]) -> User | None:
    user = data.get("event_from_user")
    return user if isinstance(user, User) else None


async def _act(
    group: GroupView,
    target: Target,
    act: str,
    actor: Actor,
    organizers: Organizers,
    bans: Bans,
    bot: Bot,
    persons: Persons,
    audits: AuditView,
) -> tuple[str, bool]:
    """Ban or unban; the sentence for the organizers and whether anything changed."""
    if act == BAN:
        if await organizers.may_moderate(group, target.user_id):
            if target.user_id == actor.user_id:  # spoken of in the second person
                return texts.cannot_ban_yourself(group.title), False
            return texts.cannot_ban_organizer(group.title), False
        outcome = await bans.ban(group, target, actor)
        if outcome == BanOutcome.ALREADY_BANNED:
            return texts.already_banned(
                group.title, texts.participant_named(target.name, target.user_id)
            ), False
        # Their questions about the group's photos no longer apply, and they are told why;
        # their cards (and their co-guardians') no longer name the group as theirs.
        closed = await bans.withdraw_questions(organizers.telegram, group, target.user_id)
        await bans.tell_banned(
            organizers.telegram, group, target.user_id, questions_closed=closed > 0
        )
        rows = await persons.of_user(target.user_id)
        await show_as_now(persons, organizers.telegram, [row.id for row in rows])
        # An /audit shown offered to undo an earlier unban of theirs: no longer (findings24 5).
        await refresh_audits(bot, audits, group.id)
        return texts.banned(group.title, texts.participant_named(target.name, target.user_id)), True
    unbanned = await bans.unban(group, target, actor)
    if unbanned == UnbanOutcome.NOT_BANNED:
        return texts.not_banned(
            group.title, texts.participant_named(target.name, target.user_id)
        ), False
    await ban_lifted(organizers, audits, bans, persons, group, target.user_id)
    # Every /audit shown no longer offers to undo the ban lifted (findings24 5).
    await refresh_audits(bot, audits, group.id)
    return texts.unbanned(group.title, texts.participant_named(target.name, target.user_id)), True


async def ban_lifted(
    organizers: Organizers,
    audits: AuditView,
    bans: Bans,
    persons: Persons,
    group: GroupView,
    user_id: int,
) -> None:
    """A ban lifted (by /unban, or /audit's undo): the admin chat's announcement of it says
    it was lifted, and the participant hears that they may join again; their cards and lists
    (and their co-guardians') no longer say the organizers turned them off (findings13 3)."""
    await audits.ban_lifted(organizers.telegram, group.id, user_id)
    await bans.tell_lifted(organizers.telegram, group, user_id)
    rows = await persons.of_user(user_id)
    await show_as_now(persons, organizers.telegram, [row.id for row in rows])


async def _said(
    audits: AuditView, group: GroupView, target: Target, act: str, chat_id: int, message_id: int
) -> None:
    """The admin-chat message that says a ban (or an unban) was made names the user: kept
    with the event, so that their /forget unnames it."""
    action = ModerationAction.BANNED if act == BAN else ModerationAction.UNBANNED
    await audits.said_about(group.id, action, target.user_id, chat_id, message_id)


# ----- /ban and /unban ------------------------------------------------------------------


async def ban_command(
    message: Message,
    command: CommandObject,
    bot: Bot,
    organizers: Organizers,
    organizer_refusals: Cooldown,
    persons: Persons,
    bans: Bans,
    audits: AuditView,
) -> None:
    act = UNBAN if command.command == "unban" else BAN
    if await organizers.served_by(message.chat.id):
        await _ban_in_admin_chat(message, command, act, organizers, bans, bot, persons, audits)
        return
    group = await organizers.photo_group(message.chat.id)
    if group is None:
        return  # neither a group of ours nor an admin chat: none of our business
    await _ban_in_group(
        message, group, act, bot, organizers, bans, organizer_refusals, persons, audits
    )


async def _ban_in_group(
    message: Message,
    group: GroupView,
    act: str,
    bot: Bot,
    organizers: Organizers,
    bans: Bans,
    refusals: Cooldown,
    persons: Persons,
    audits: AuditView,
) -> None:
    """A reply /ban in the group: the command message goes, the answer goes to the admin
    chat (no names in the group); with no admin chat, a neutral word in the group."""
    sender_chat_id = message.sender_chat.id if message.sender_chat else None
    user_id = message.from_user.id if message.from_user else None
    if not await organizers.may_moderate(group, user_id, sender_chat_id=sender_chat_id):
        command = "unban" if act == UNBAN else "ban"
        await refuse_organizer_command(message, group, command, bot, refusals)
        return
    replied = message.reply_to_message
    if replied is None:
        await message.reply(texts.ban_reply_usage())
        return
    user = replied.from_user
    if replied.sender_chat is not None or user is None or user.is_bot:
        await message.reply(texts.cannot_ban_that())
        return
    name = await bans.known_name(user.id) or _actor(user).name
    anonymous = posted_as_the_group(group.chat_id, sender_chat_id)
    actor = ANONYMOUS_ADMIN if anonymous else _actor(message.from_user)
    async with speaking_to(group.admin_chat_id or group.chat_id):  # where it is said
        text, changed = await _act(
            group, Target(user.id, name), act, actor, organizers, bans, bot, persons, audits
        )
    with contextlib.suppress(TelegramBadRequest, TelegramForbiddenError):
        await message.delete()
    if group.admin_chat_id is not None:
        try:
            sent = await bot.send_message(group.admin_chat_id, text)
            if changed:
                await _said(
                    audits, group, Target(user.id, name), act, sent.chat.id, sent.message_id
                )
            return
        except (TelegramBadRequest, TelegramForbiddenError) as error:
            log.warning("cannot tell admin chat of group %s: %s", group.id, error)
    if changed:
        await message.answer(texts.banned_in_group() if act == BAN else texts.unbanned_in_group())


async def _ban_in_admin_chat(
    message: Message,
    command: CommandObject,
    act: str,
    organizers: Organizers,
    bans: Bans,
    bot: Bot,
    persons: Persons,
    audits: AuditView,
) -> None:
    groups = await organizers.served_by(message.chat.id)
    user_id = message.from_user.id if message.from_user else None
    mine = [group for group in groups if await organizers.may_moderate(group, user_id)]
    if not mine:
        refusal = (
            texts.only_organizers_of(groups[0].title)
            if len(groups) == 1
            else texts.only_organizers()
        )
        await message.answer(refusal)
        return
    reference = parse_reference(command.args or "")
    if reference is None:
        await message.answer(texts.ban_usage())
        return
    found = [(group, await bans.find(group, reference)) for group in mine]
    known = [(group, target) for group, target in found if target is not None]
    if not known:
        await message.answer(
            texts.unknown_participant((command.args or "").strip(), [g.title for g in mine])
        )
        return
    if len(known) == 1:
        group, target = known[0]
        text, changed = await _act(
            group, target, act, _actor(message.from_user), organizers, bans, bot, persons, audits
        )
        sent = await message.answer(text)
        if changed:
            await _said(audits, group, target, act, sent.chat.id, sent.message_id)
        return
    rows = [
        [
            InlineKeyboardButton(
                text=group.title or texts.untitled_group(),
                callback_data=BanChoiceData(
                    act=act, group=short(group.id), user=target.user_id
                ).pack(),
            )
        ]
        for group, target in known
    ]
    await message.answer(
        texts.which_group(), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows)
    )


async def ban_group_chosen(
    query: CallbackQuery,
    callback_data: BanChoiceData,
    organizers: Organizers,
    persons: Persons,
    bans: Bans,
    audits: AuditView,
) -> None:
    message = pressed_message(query)
    group_id = expand(callback_data.group)
    group = await organizers.group(group_id) if group_id else None
    if (
        message is None
        or group is None
        or not group.is_active
        or group.admin_chat_id != message.chat.id
        or callback_data.act not in (BAN, UNBAN)
    ):
        await answer(query, languages_texts.button_expired())
        return
    if not await organizers.may_moderate(group, query.from_user.id):
        await answer(query, texts.only_organizers_of(group.title), alert=True)
        return
    target = await bans.find(group, callback_data.user)
    if target is None:
        await answer(query, languages_texts.button_expired())
        return
    if query.bot is None:
        await answer(query, languages_texts.button_expired())
        return
    text, changed = await _act(
        group,
        target,
        callback_data.act,
        _actor(query.from_user),
        organizers,
        bans,
        query.bot,
        persons,
        audits,
    )
    await answer(query)
    await conclude(query, text)
    if changed:
        await _said(audits, group, target, callback_data.act, message.chat.id, message.message_id)


# ----- /pause, /resume, /stats (in the admin chat, for the group it serves) -----------


async def pause_command(message: Message, **data: Any) -> None:
    await run_for_group(message, "pause", data)


async def resume_command(message: Message, **data: Any) -> None:
    await run_for_group(message, "resume", data)


async def stats_command(message: Message, **data: Any) -> None:
    await run_for_group(message, "stats", data)


async def _refused(message: Message, group: GroupView, user_id: int, data: dict[str, Any]) -> bool:
    organizers: Organizers = data["organizers"]
    if await organizers.may_moderate(group, user_id):
        return False
    await message.answer(texts.only_organizers_of(group.title))
    return True


@for_chosen_group("pause")
async def pause_group(
    message: Message, group: GroupView, user_id: int, data: dict[str, Any]
) -> None:
    if await _refused(message, group, user_id, data):
        return
    pauses: Pauses = data["pauses"]
    if await pauses.pause(group, _actor(_sender(data))):
        said = await message.answer(texts.group_paused(group.title))
        # Kept with the event: the resume redraws it in the past tense (findings19 14).
        audits: AuditView = data["audits"]
        await audits.said_about(
            group.id, ModerationAction.PAUSED, None, said.chat.id, said.message_id
        )
        await _cards_say_now(group, data)
    else:
        await message.answer(texts.group_already_paused(group.title))


@for_chosen_group("resume")
async def resume_group(
    message: Message, group: GroupView, user_id: int, data: dict[str, Any]
) -> None:
    if await _refused(message, group, user_id, data):
        return
    jobs: JobQueue = data["jobs"]
    deliveries: Deliveries = data["deliveries"]
    pauses: Pauses = data["pauses"]
    waiting = await pauses.resume(group, _actor(_sender(data)), jobs)
    if waiting is None:
        await message.answer(texts.group_not_paused(group.title))
        return
    # Albums and digests kept waiting: each goes when due (now, if it came due while
    # paused), as it would have; they stay ``waiting`` until then.
    await deliveries.queue_waiting(group.id)
    sent = await message.answer(texts.group_resumed(group.title, waiting.photos, waiting.clips))
    # Kept: a switch of the group's language redraws it in the new one (walk34 2).
    admin_linking: AdminChatLinking = data["admin_linking"]
    said = {"photos": waiting.photos, "clips": waiting.clips}
    await admin_linking.keep_answer(
        group.id, sent.chat.id, sent.message_id, admin_answers.RESUMED, said
    )
    audits: AuditView = data["audits"]
    await audits.pause_lifted(data["organizers"].telegram, group.id)
    await _cards_say_now(group, data)


async def _cards_say_now(group: GroupView, data: dict[str, Any]) -> None:
    """The group's settings cards shown say whether it is paused now."""
    await refresh_cards(data["bot"], data["organizers"], data["group_settings"], group.id)


@for_chosen_group("stats")
async def group_stats(
    message: Message, group: GroupView, user_id: int, data: dict[str, Any]
) -> None:
    if await _refused(message, group, user_id, data):
        return
    statistics: Statistics = data["stats"]
    numbers = await statistics.group_stats(group.id)
    said = admin_answers.stats_said(numbers, group, at=datetime.now(UTC))
    chart, caption = await admin_answers.stats_answer(group, said)
    sent = await message.answer_photo(BufferedInputFile(chart, "stats.png"), caption=caption)
    # Kept: a switch of the group's language redraws it in the new one (walk33 5).
    admin_linking: AdminChatLinking = data["admin_linking"]
    await admin_linking.keep_answer(
        group.id, sent.chat.id, sent.message_id, admin_answers.STATS, said
    )


def router() -> Router:
    routes = Router(name="moderation")
    in_groups = F.chat.type.in_({ChatType.GROUP, ChatType.SUPERGROUP})
    routes.message.filter(in_groups)
    routes.message.register(ban_command, Command("ban", "unban"))
    routes.message.register(pause_command, Command("pause"))
    routes.message.register(resume_command, Command("resume"))
    routes.message.register(stats_command, Command("stats"))
    routes.callback_query.register(ban_group_chosen, BanChoiceData.filter(), F.message)
    return routes
