"""The admin chat (issue 11): linking it with /admin and its startgroup link, what the bot
does there (no welcome as a photo group, photos ignored), its /help, and /audit with undo."""

from __future__ import annotations

import logging
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import (
    CallbackQuery,
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from bot.audits import audit_message, audits_moved_away, refresh_audits
from bot.handlers.group_settings import refresh_cards, settings_cards_moved_away
from bot.handlers.moderation import ban_lifted
from bot.handlers.takedown import moved_away as takedowns_moved_away
from bot.menus import drop_organizer_menu, show_organizer_menu
from bot.organizers import (
    for_chosen_group,
    link_message_now,
    refuse_in_group,
    refuse_organizer_command,
    run_for_group,
)
from bot.replies import answer, delete_messages, pressed_message
from domain.buttons import Buttons
from domain.cooldown import Cooldown
from domain.delivery.service import Deliveries
from domain.groups.service import Groups
from domain.groups.stores import GroupView
from domain.infra.telegram.callbacks import AuditUndoData, expand
from domain.languages import texts as languages_texts
from domain.languages.catalogs import _, in_language
from domain.languages.chats import language_in_group_chat, speaking_to
from domain.moderation import linking, settings, texts
from domain.moderation.approvals import Approvals
from domain.moderation.audit import ANONYMOUS_ADMIN, Actor
from domain.moderation.audit_view import AuditView, undone_note
from domain.moderation.bans import Bans
from domain.moderation.linking import AdminChatLinking, Binding, Outcome
from domain.moderation.organizers import Organizers
from domain.moderation.setting_redraws import SettingRedraws
from domain.moderation.settings import GroupSettings
from domain.moderation.takedown import TakedownRequests
from domain.moderation.undo import Undo, UndoOutcome, is_an_undo
from domain.persons.service import Persons
from domain.states import ModerationAction
from domain.telegram import IN_CHAT_STATUSES, chat_status

log = logging.getLogger(__name__)


def _actor(message: Message) -> Actor:
    if message.sender_chat is not None or message.from_user is None:
        return ANONYMOUS_ADMIN
    return Actor(message.from_user.id, message.from_user.full_name)


def _sender_id(message: Message) -> int | None:
    """The sending user; None when the message was sent on behalf of a chat."""
    if message.sender_chat is not None or message.from_user is None:
        return None
    return message.from_user.id


async def in_admin_chat(
    event: Message | ChatMemberUpdated, admin_linking: AdminChatLinking
) -> bool:
    return await admin_linking.is_admin_chat(event.chat.id)


# ----- linking ------------------------------------------------------------------------------


async def admin_command(
    message: Message,
    bot: Bot,
    groups: Groups,
    organizers: Organizers,
    admin_linking: AdminChatLinking,
    organizer_refusals: Cooldown,
) -> None:
    """/admin in a group: its admins get the startgroup link and the current admin chat.
    In an admin chat, which groups it serves; in one the admin chat moved away from, that
    it no longer is one and how to make it one again."""
    served = await organizers.served_by(message.chat.id)
    if served:
        await message.answer(texts.admin_in_admin_chat([g.title for g in served]))
        return
    # A chat its group's admins moved the admin chat away from: no photo group of its own.
    former = await organizers.formerly_served(message.chat.id)
    if former is not None:
        await message.answer(texts.no_longer_admin_chat(former.title))
        return
    group = await groups.record(message.chat.id, message.chat.title or "", message.chat.type)
    sender_chat = message.sender_chat.id if message.sender_chat else None
    if not await organizers.may_moderate(group, _sender_id(message), sender_chat_id=sender_chat):
        await refuse_organizer_command(message, group, "admin", bot, organizer_refusals)
        return
    me = await bot.me()
    link = linking.admin_link(me.username or "", await admin_linking.admin_token(group.id))
    button = texts.admin_link_button(moving=group.admin_chat_id is not None)
    markup = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=button, url=link)]])
    title = await _admin_chat_title(bot, organizers, group)
    sent = await message.answer(texts.admin_link_text(group.title, title), reply_markup=markup)
    # Once: the group keeps one link message, the newest (and not the commands asking it).
    previous = await admin_linking.swap_link_message(group.id, sent.message_id)
    await delete_messages(
        bot, message.chat.id, [message.message_id, *([previous] if previous else [])]
    )


async def _admin_chat_title(bot: Bot, organizers: Organizers, group: GroupView) -> str | None:
    """The admin chat's title as Telegram has it now (as ``admin_chat_name``), else as the
    bot last saw it; never a bare chat id."""
    if group.admin_chat_id is None:
        return None
    title = await organizers.admin_chat_title(group)
    with suppress(TelegramAPIError):  # the bot may have left it a moment ago
        chat = await bot.get_chat(group.admin_chat_id)
        title = chat.title or title
    return title if title != str(group.admin_chat_id) else None


async def start_with_payload(
    message: Message,
    command: CommandObject,
    bot: Bot,
    admin_linking: AdminChatLinking,
    approvals: Approvals,
    organizer_refusals: Cooldown,
    audits: AuditView,
    organizers: Organizers,
    buttons: Buttons,
    takedown_requests: TakedownRequests,
) -> None:
    """``/start@bot <token>`` in a chat: the startgroup link of /admin was opened here."""
    refusals = organizer_refusals
    result = await admin_linking.bind(
        command.args or "",
        message.chat.id,
        message.chat.title or "",
        user_id=_sender_id(message),
        actor=_actor(message),
    )
    group = result.group
    # Not yet the group's admin chat when this update came: speak the group's language;
    # a link that names no group (used, replaced) is refused in the chat's, or in a chat
    # new to facedrop, the sender's (findings15 4: English between a Hebrew teacher's
    # Hebrew messages).
    sender = message.from_user.language_code if message.from_user else None
    if group is not None:
        language = group.language
    else:
        language = await language_in_group_chat(message.chat.id, sender)
    with in_language(language):
        await _linking_answer(
            message,
            bot,
            admin_linking,
            approvals,
            organizers,
            result,
            refusals,
            audits,
            Moved(buttons, takedown_requests),
        )


@dataclass(frozen=True, slots=True)
class Moved:
    """What a move of the admin chat closes in the chat it left, besides its settings."""

    buttons: Buttons
    takedown_requests: TakedownRequests


async def _linking_answer(
    message: Message,
    bot: Bot,
    admin_linking: AdminChatLinking,
    approvals: Approvals,
    organizers: Organizers,
    result: Binding,
    refusals: Cooldown,
    audits: AuditView,
    moved: Moved,
) -> None:
    group = result.group
    match result.outcome:
        case Outcome.LINKED:
            assert group is not None
            await delete_messages(bot, message.chat.id, list(result.greetings))
            said = await message.answer(texts.admin_chat_linked(group.title))
            was_said = await admin_linking.swap_linked_message(
                group.id, message.chat.id, said.message_id
            )
            await show_organizer_menu(bot, message.chat.id)
            await link_message_now(bot, admin_linking, group)
            previous = result.previous_admin_chat_id
            if previous is not None and previous != message.chat.id:
                with suppress(TelegramAPIError):  # the bot may have left that chat
                    await bot.send_message(previous, texts.admin_chat_moved_away(group.title))
                if not await admin_linking.is_admin_chat(previous):
                    await drop_organizer_menu(bot, previous)
                await audits_moved_away(bot, audits, group.id, previous)
                await settings_cards_moved_away(
                    bot, organizers, group.id, previous, message.chat.title or ""
                )
                if was_said is not None and was_said[0] == previous:
                    # Its "now the admin chat of" says it was (walkhe2 6), in its language.
                    async with speaking_to(previous):
                        was = texts.admin_chat_was(group.title, message.chat.title or "")
                    with suppress(TelegramAPIError):  # deleted, or too old to edit
                        await bot.edit_message_text(was, chat_id=previous, message_id=was_said[1])
                await help_moved_away(bot, admin_linking, organizers, group, previous)
                await takedowns_moved_away(
                    bot,
                    moved.buttons,
                    moved.takedown_requests,
                    group.id,
                    previous,
                    message.chat.title or "",
                )
            # Approval requests that waited for an admin chat are posted here now (and
            # what was posted about them in a chat it moved from is deleted there).
            await approvals.relinked(group.id)
        case Outcome.ALREADY:
            assert group is not None
            await message.answer(texts.admin_chat_already(group.title))
        case Outcome.NOT_ORGANIZER:
            assert group is not None
            await _refuse(
                message, admin_linking, texts.admin_link_not_organizer(group.title), refusals
            )
        case Outcome.SAME_CHAT:
            await _refuse(message, admin_linking, texts.admin_link_same_chat(), refusals)
        case Outcome.PHOTO_GROUP:
            await _refuse(message, admin_linking, texts.admin_link_photo_group(), refusals)
        case Outcome.EXPIRED:
            await _refuse(message, admin_linking, texts.admin_link_expired(), refusals)


async def _refuse(
    message: Message, admin_linking: AdminChatLinking, text: str, refusals: Cooldown
) -> None:
    """A link that binds nothing here. In a photo group in use (its members, anyone of
    whom may send ``/start@bot <anything>``) the answer comes at most once per few minutes
    per sender, and the command goes, as for the other organizers' commands there; in a
    chat picked for the organizers it is said each time."""
    if await admin_linking.is_photo_group(message.chat.id):
        await refuse_in_group(message, text, refusals)
    else:
        await message.answer(text)


# ----- what the bot does in an admin chat ------------------------------------------------


async def admin_chat_help(
    message: Message, organizers: Organizers, admin_linking: AdminChatLinking
) -> None:
    """/help (and a bare /start) in an admin chat: the organizers' commands. Anyone there
    may read it; redrawn when the admin chat moves away (``help_moved_away``)."""
    served = await organizers.served_by(message.chat.id)
    said = await message.answer(texts.admin_chat_help([g.title for g in served]))
    await admin_linking.keep_help([g.id for g in served], message.chat.id, said.message_id)


async def help_moved_away(
    bot: Bot,
    admin_linking: AdminChatLinking,
    organizers: Organizers,
    group: GroupView,
    chat_id: int,
) -> None:
    """The /help answers left in ``chat_id``, which ``group``'s admin chat moved from: the
    commands of the groups it still serves, or that it no longer is an admin chat and how
    to make it one again (as /help there says now), in that chat's language."""
    answers = await admin_linking.help_answers_left(group.id, chat_id)
    if not answers:
        return
    still = await organizers.served_by(chat_id)
    async with speaking_to(chat_id):
        text = (
            texts.admin_chat_help([g.title for g in still])
            if still
            else texts.no_longer_admin_chat(group.title)
        )
    for message_id in answers:
        with suppress(TelegramAPIError):  # deleted, or too old to edit
            await bot.edit_message_text(text, chat_id=chat_id, message_id=message_id)


async def photo_in_admin_chat(message: Message) -> None:
    """Photos in an admin chat are the organizers' own: never recognized nor delivered."""


async def bot_status_in_admin_chat(
    event: ChatMemberUpdated, bot: Bot, admin_linking: AdminChatLinking
) -> None:
    """Not greeted as a photo group; removed from it, the groups it served have none, and
    each is told so (no names: only that its admins can link another)."""
    status = chat_status(str(event.new_chat_member.status), None)
    if status not in IN_CHAT_STATUSES:
        unlinked = await admin_linking.unlink_chat(event.chat.id)
        log.info("bot left admin chat %s of %d group(s)", event.chat.id, len(unlinked))
        await drop_organizer_menu(bot, event.chat.id)  # were it added again: a group's
        for group in unlinked:
            with in_language(group.language):  # said in the group: the group's language
                text = texts.admin_chat_left(group.title)
            with suppress(TelegramAPIError):  # the bot may have left that group too
                await bot.send_message(group.chat_id, text)
            await link_message_now(bot, admin_linking, group)


# ----- /audit -----------------------------------------------------------------------------


async def audit_command(message: Message, **data: Any) -> None:
    await run_for_group(message, "audit", data)


@for_chosen_group("audit")
async def show_audit(
    message: Message, group: GroupView, user_id: int, data: dict[str, Any]
) -> None:
    organizers: Organizers = data["organizers"]
    if not await organizers.may_moderate(group, user_id):
        await message.answer(texts.audit_not_organizer(group.title))
        return
    until = datetime.now(UTC)
    audits: AuditView = data["audits"]
    made = await audit_message(audits, group.id, group.title, until)
    if made is None:
        await message.answer(texts.audit_empty(group.title))
        return
    text, markup = made
    posted = await message.answer(text, reply_markup=markup)
    # Recorded: an undo or a setting changed later edits it to what is true then.
    await audits.shown(group.id, posted.chat.id, posted.message_id, until)


async def undo_pressed(
    query: CallbackQuery,
    callback_data: AuditUndoData,
    organizers: Organizers,
    approvals: Approvals,
    audits: AuditView,
    undo: Undo,
    bans: Bans,
    bot: Bot,
    deliveries: Deliveries,
    group_settings: GroupSettings,
    setting_redraws: SettingRedraws,
    persons: Persons,
) -> None:
    message = pressed_message(query)
    event_id = expand(callback_data.event)
    event = await undo.event(event_id) if event_id else None
    group = await organizers.group(event.group_id) if event is not None else None
    if message is None or event is None or group is None or group.admin_chat_id != message.chat.id:
        await answer(query, languages_texts.button_expired())
        return
    if not await organizers.may_moderate(group, query.from_user.id):
        await answer(query, texts.not_an_organizer_button(), alert=True)
        return
    actor = Actor(query.from_user.id, query.from_user.full_name)
    result = await undo.undo(event.id, group, actor)
    match result.outcome:
        case UndoOutcome.UNDONE:
            await answer(query, texts.undone_alert())
            # Every /audit shown (this one too) says it was undone, and keeps the Undo
            # buttons still of use.
            await refresh_audits(bot, audits, group.id, message)
            assert result.event is not None
            undone = result.event
            async with speaking_to(message.chat.id):  # a language changed back is spoken
                note = undone_note(group.title, actor.name, undone, result.waiting)
            said = await message.answer(note)
            # It names both sides: kept, so that a /forget unnames it.
            await audits.said_undone(undone.id, said.chat.id, said.message_id)
            if undone.action == ModerationAction.BANNED:
                await ban_lifted(
                    organizers, audits, bans, persons, group, undone.details["user_id"]
                )
            if undone.action == ModerationAction.PAUSED:  # as /resume: what waited goes
                await deliveries.queue_waiting(group.id)
                await audits.pause_lifted(organizers.telegram, group.id)
            if undone.action in (ModerationAction.PAUSED, ModerationAction.RESUMED):
                await refresh_cards(bot, organizers, group_settings, group.id)
            back = settings.undone_change(undone)
            if undone.action == ModerationAction.SETTING_CHANGED and back is not None:
                # Told whom the change itself told: the group's welcome, its members.
                await setting_redraws.after_change(group.id, back)
            if undone.action == ModerationAction.REJECTED:
                await approvals.tell_reapproved(undone)
        case UndoOutcome.ALREADY:
            await answer(query, texts.undo_already(result.by), alert=True)
            # Undone from another card, or this one replayed: it says so now.
            await refresh_audits(bot, audits, group.id, message)
        case UndoOutcome.REFUSED:
            refused = texts.UNDO_REFUSED.get(result.reason)
            await answer(query, _(refused) if refused else languages_texts.button_expired())
            await refresh_audits(bot, audits, group.id, message)  # and says why under its line
        case UndoOutcome.NOT_POSSIBLE:
            assert result.event is not None
            if is_an_undo(result.event):
                await answer(query, texts.cannot_undo_an_undo(result.event.action))
            else:
                await answer(query, texts.cannot_undo(result.event.action, result.event.details))
            # An older /audit's button on what never could be undone (a claim's rejection,
            # findings18 7): the list as it is now, the line saying why, no button.
            await refresh_audits(bot, audits, group.id, message)
        case UndoOutcome.EXPIRED:
            await answer(query, languages_texts.button_expired())


def router() -> Router:
    routes = Router(name="admin_chat")
    in_groups = F.chat.type.in_({ChatType.GROUP, ChatType.SUPERGROUP})
    routes.message.filter(in_groups)
    routes.my_chat_member.filter(in_groups)
    routes.message.register(start_with_payload, CommandStart(deep_link=True))
    routes.message.register(admin_command, Command("admin"))
    routes.message.register(audit_command, Command("audit"))
    routes.message.register(admin_chat_help, Command("help", "start"), in_admin_chat)
    routes.message.register(
        photo_in_admin_chat, F.photo | F.document.mime_type.startswith("image/"), in_admin_chat
    )
    routes.my_chat_member.register(bot_status_in_admin_chat, in_admin_chat)
    routes.callback_query.register(undo_pressed, AuditUndoData.filter(), F.message)
    return routes
