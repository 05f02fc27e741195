"""/takedown: an organizer removes a group photo from facedrop and from guardians' chats.

In the group, an admin replies /takedown to the photo: the bot deletes the command and
asks for one confirmation in the admin chat, or (no admin chat) right under the photo,
bound to that admin and deleted once answered. In the admin chat, /takedown takes the
photo's link. The confirmation is a single-use button; the presser's right is asked of
Telegram at every press. Anyone else's /takedown removes nothing and names no one.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from datetime import UTC, datetime
from uuid import UUID

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.organizers import admin_chat_name, refuse_organizer_command
from bot.replies import answer, button_refusal, conclude, drop_buttons, pressed_message
from domain.buttons import Action, Buttons, Refusal
from domain.cooldown import Cooldown
from domain.groups.stores import GroupView
from domain.infra.telegram.callbacks import TakedownData, expand, keyboard
from domain.languages import texts as languages_texts
from domain.languages.chats import speaking_to
from domain.languages.dates import in_zone
from domain.moderation import audit, texts
from domain.moderation.linking import AdminChatLinking
from domain.moderation.organizers import Organizers, posted_as_the_group
from domain.moderation.takedown import (
    ANSWERED,
    ASKED,
    CANCELLED,
    TAKING,
    MessageLink,
    Outcome,
    TakedownRequests,
    in_group_question_text,
    link_to,
    parse_link,
    question_buttons,
    question_said,
    question_text,
    too_old_to_delete,
    with_command_note,
)
from domain.moderation.takedown_store import PhotoGroup

log = logging.getLogger(__name__)


def _keyboard(token: UUID) -> InlineKeyboardMarkup | None:
    return keyboard(question_buttons(token))


async def takedown(
    message: Message,
    command: CommandObject,
    bot: Bot,
    organizers: Organizers,
    buttons: Buttons,
    organizer_refusals: Cooldown,
    takedown_requests: TakedownRequests,
    admin_linking: AdminChatLinking,
) -> None:
    """/takedown in a group: a reply to a photo in a photo group, or a link in an admin chat.
    A confirmation in the admin chat is kept (``admin_linking``): a switch of the group's
    language redraws it, its buttons working as before (walk34 2)."""
    group = await organizers.photo_group(message.chat.id)
    served = await organizers.served_by(message.chat.id)
    # In an admin chat, /takedown takes a link; a reply to a photo is the group's way (a
    # group may be its own admin chat).
    if served and (command.args or message.reply_to_message is None or group is None):
        await _in_admin_chat(
            message, command, served, bot, organizers, buttons, takedown_requests, admin_linking
        )
    elif group is not None:
        await _in_group(
            message,
            group,
            bot,
            organizers,
            buttons,
            organizer_refusals,
            takedown_requests,
            admin_linking,
        )


async def _in_group(
    message: Message,
    group: GroupView,
    bot: Bot,
    organizers: Organizers,
    buttons: Buttons,
    refusals: Cooldown,
    takedown_requests: TakedownRequests,
    admin_linking: AdminChatLinking,
) -> None:
    user_id = message.from_user.id if message.from_user else None
    sender_chat_id = message.sender_chat.id if message.sender_chat else None
    if not await organizers.may_moderate(group, user_id, sender_chat_id=sender_chat_id):
        await refuse_organizer_command(message, group, "takedown", bot, refusals)
        return
    replied = message.reply_to_message
    deleted = True
    try:
        await message.delete()
    except (TelegramBadRequest, TelegramForbiddenError) as error:
        log.info("cannot delete /takedown in %s: %s", group.chat_id, error)
        deleted = False
    photo = await takedown_requests.photo_at(group.id, replied.message_id) if replied else None
    if photo is None:
        text = texts.takedown_how_in_group() if replied is None else texts.takedown_not_a_photo()
        await bot.send_message(group.chat_id, with_command_note(text, deleted))
        return
    if photo.taken_down:
        by = await takedown_requests.who_took_down(photo)
        # Said in the admin chat when there is one, else in the group.
        async with speaking_to(group.admin_chat_id or group.chat_id):
            text = with_command_note(
                texts.takedown_already(group.title, by, clip=photo.clip), deleted
            )
        await bot.send_message(group.admin_chat_id or group.chat_id, text)
        return
    # An anonymous admin is no one in particular: any admin may confirm (each press is
    # checked with Telegram).
    bound = None if posted_as_the_group(group.chat_id, sender_chat_id) else user_id
    if group.admin_chat_id is not None:
        # In the admin chat any admin of the group may confirm (each press re-checked).
        token = await buttons.issue_to(None, group.admin_chat_id, Action.TAKEDOWN, photo.id)
        said = question_said(
            photo,
            token,
            link_to(group.chat_id, photo.message_id, message.chat.username),
            unreachable=await takedown_requests.unreachable(photo),
            in_album=await takedown_requests.in_an_album(photo),
            command_deleted=deleted,
        )
        # Its times in the group's zone, whichever other groups the admin chat serves.
        async with speaking_to(group.admin_chat_id):
            with in_zone(photo.group.zone):
                text = question_text(group.title, said)
            markup = _keyboard(token)
        try:
            sent = await bot.send_message(group.admin_chat_id, text, reply_markup=markup)
        except (TelegramBadRequest, TelegramForbiddenError) as error:
            log.info("admin chat of %s unreachable (%s): asking in the group", group.id, error)
        else:
            # Where it is: a move of the admin chat closes it (``moved_away``).
            await buttons.note(token, message=sent.message_id)
            await admin_linking.keep_answer(
                group.id, group.admin_chat_id, sent.message_id, ASKED, said
            )
            # The command went: the group is told where the question waits (no photo, no name).
            admin_chat = await admin_chat_name(bot, organizers, group)
            with suppress(TelegramBadRequest, TelegramForbiddenError):  # the question is asked
                notice = await bot.send_message(
                    group.chat_id, texts.takedown_asked_in_admin_chat(admin_chat or "")
                )
                # Answered, the question takes this notice away with it.
                await buttons.note(token, notice=notice.message_id)
            return
    token = await buttons.issue_to(bound, group.chat_id, Action.TAKEDOWN, photo.id)
    text = in_group_question_text(
        clip=photo.clip,
        any_admin=bound is None,
        too_old=too_old_to_delete([photo.posted_at], datetime.now(UTC)),
        unreachable=await takedown_requests.unreachable(photo),
        in_album=await takedown_requests.in_an_album(photo),
        command_deleted=deleted,
    )
    await bot.send_message(
        group.chat_id,
        text,
        reply_to_message_id=photo.message_id,
        reply_markup=_keyboard(token),
    )


async def _group_of_link(link: MessageLink, served: list[GroupView], bot: Bot) -> GroupView | None:
    if link.chat_id is not None:
        return next((g for g in served if g.chat_id == link.chat_id), None)
    for group in served:  # a public group's link names its username: ask Telegram for each
        with suppress(TelegramBadRequest, TelegramForbiddenError):
            chat = await bot.get_chat(group.chat_id)
            if chat.username and link.username and chat.username.lower() == link.username.lower():
                return group
    return None


async def _in_admin_chat(
    message: Message,
    command: CommandObject,
    served: list[GroupView],
    bot: Bot,
    organizers: Organizers,
    buttons: Buttons,
    takedown_requests: TakedownRequests,
    admin_linking: AdminChatLinking,
) -> None:
    if not command.args:
        await message.answer(texts.takedown_how_in_admin_chat())
        return
    link = parse_link(command.args)
    if link is None:
        await message.answer(texts.takedown_bad_link())
        return
    group = await _group_of_link(link, served, bot)
    if group is None:
        await message.answer(texts.takedown_other_group())
        return
    user_id = message.from_user.id if message.from_user else None
    sender_chat_id = message.sender_chat.id if message.sender_chat else None
    if not await organizers.may_moderate(group, user_id, sender_chat_id=sender_chat_id):
        await message.answer(texts.takedown_refused(group.title))
        return
    photo = await takedown_requests.photo_at(group.id, link.message_id)
    if photo is None:
        await message.answer(texts.takedown_no_such_photo())
        return
    if photo.taken_down:
        await message.answer(
            texts.takedown_already(
                group.title, await takedown_requests.who_took_down(photo), clip=photo.clip
            )
        )
        return
    # Any organizer of the group in this chat may confirm, as with a /takedown by reply
    # (findings23 7): each press is re-checked (``pressed``).
    token = await buttons.issue_to(None, message.chat.id, Action.TAKEDOWN, photo.id)
    said = question_said(
        photo,
        token,
        link_to(group.chat_id, photo.message_id, link.username),
        unreachable=await takedown_requests.unreachable(photo),
        in_album=await takedown_requests.in_an_album(photo),
    )
    with in_zone(photo.group.zone):  # its time in the group's zone, as in its admin chat
        text = question_text(group.title, said)
    sent = await message.answer(text, reply_markup=_keyboard(token))
    # Where it is: a move of the admin chat closes it (``moved_away``).
    await buttons.note(token, message=sent.message_id)
    await admin_linking.keep_answer(group.id, message.chat.id, sent.message_id, ASKED, said)


async def moved_away(
    bot: Bot,
    buttons: Buttons,
    takedown_requests: TakedownRequests,
    group_id: UUID,
    old_chat_id: int,
    chat_title: str,
) -> None:
    """The group's admin chat moved from ``old_chat_id`` to the chat ``chat_title``: each
    takedown question of the group still open there says where to ask now, without its
    buttons (walken4 11: pressed, they still took the photo down), in the chat's language."""
    for token in await buttons.unpressed_in(old_chat_id, Action.TAKEDOWN):
        message_id = token.args.get("message")
        photo = await takedown_requests.photo(token.subject) if token.subject else None
        if photo is None or photo.group.id != group_id or not isinstance(message_id, int):
            continue
        await buttons.withdraw(token.id)
        async with speaking_to(old_chat_id):
            text = texts.takedown_moved_away(photo.group.title, chat_title)
        with suppress(TelegramBadRequest, TelegramForbiddenError):  # deleted, or too old
            await bot.edit_message_text(text, chat_id=old_chat_id, message_id=message_id)


async def _finish(query: CallbackQuery, group: PhotoGroup, text: str) -> None:
    """In the group the question goes away; in the admin chat it says what was done."""
    message = pressed_message(query)
    if message is not None and message.chat.id == group.chat_id:
        with suppress(TelegramBadRequest, TelegramForbiddenError):
            await message.delete()
            return
    await conclude(query, text)


async def _answered(
    admin_linking: AdminChatLinking,
    group: PhotoGroup,
    message: Message,
    kind: str,
    *,
    clip: bool = False,
) -> None:
    """A confirmation in the group's admin chat was answered: a switch of the group's
    language redraws it as it reads now (``kind``: ``takedown.TAKING``, ...), no longer
    asking."""
    if message.chat.id == group.admin_chat_id:
        said = {"clip": clip}
        await admin_linking.keep_answer(group.id, message.chat.id, message.message_id, kind, said)


async def pressed(
    query: CallbackQuery,
    callback_data: TakedownData,
    buttons: Buttons,
    organizers: Organizers,
    takedown_requests: TakedownRequests,
    bot: Bot,
    admin_linking: AdminChatLinking,
) -> None:
    message = pressed_message(query)
    token_id = expand(callback_data.id)
    peeked = await buttons.peek(token_id)
    photo = (
        await takedown_requests.photo(peeked[1])
        if peeked is not None and peeked[0] == Action.TAKEDOWN and peeked[1] is not None
        else None
    )
    if message is None or photo is None or callback_data.act not in ("go", "no"):
        await answer(query, languages_texts.button_expired(), alert=True)
        await drop_buttons(query)
        return
    group = photo.group
    # The right first: nothing is read out or changed for anyone else.
    if not await organizers.may_moderate(group, query.from_user.id):
        await answer(query, texts.takedown_refused(group.title), alert=True)
        return
    if message.chat.id not in (group.chat_id, group.admin_chat_id):
        # A question left in a chat the admin chat moved from: it no longer acts there.
        now_at = await organizers.admin_chat_title(group)
        moved = (
            texts.takedown_moved_away(group.title, now_at)
            if now_at is not None
            else texts.admin_chat_moved_away(group.title)
        )
        await answer(query, "")
        await conclude(query, moved)
        return
    if photo.taken_down:
        done = texts.takedown_already(
            group.title, await takedown_requests.who_took_down(photo), clip=photo.clip
        )
        await answer(query, done, alert=True)
        issued = await buttons.look(token_id)
        # A card already answered (a second tap) shows its report: it stays as it is. Only
        # a card still asking (another admin's, or one never pressed) learns it is done.
        if issued is None or not issued.used:
            await _answered(admin_linking, group, message, ANSWERED)
            await _finish(query, group, done)
        return
    spent = await buttons.press(token_id, query.from_user.id, message.chat.id)
    if spent.refusal is not None or spent.subject != photo.id:
        await answer(query, button_refusal(spent.refusal), alert=True)
        if spent.refusal in (None, Refusal.EXPIRED):
            await drop_buttons(query)
        return
    notice = spent.args.get("notice")
    if isinstance(notice, int) and message.chat.id != group.chat_id:
        # The group's notice that the question waits in the admin chat: answered now.
        with suppress(TelegramBadRequest, TelegramForbiddenError):
            await bot.delete_message(group.chat_id, notice)
    if callback_data.act == "no":
        await answer(query, texts.takedown_kept())
        await _answered(admin_linking, group, message, CANCELLED)
        await _finish(query, group, texts.takedown_kept())
        return
    actor = audit.Actor(user_id=query.from_user.id, name=query.from_user.full_name)
    in_group = message.chat.id == group.chat_id
    # Out of the group, the question says it is under way (``_finish``), then that it is done.
    said = None if in_group else (message.chat.id, message.message_id)
    # Kept before the work is queued: its report, kept after, is what it shows then.
    await _answered(admin_linking, group, message, TAKING, clip=photo.clip)
    confirmed = await takedown_requests.confirm(photo.id, actor, said)
    if confirmed.outcome != Outcome.TAKING_DOWN:
        await _answered(admin_linking, group, message, ANSWERED)
        done = texts.takedown_already(group.title, confirmed.by, clip=photo.clip)
        await answer(query, done, alert=True)
        await _finish(query, group, done)
        return
    await answer(query, texts.takedown_taking_private(clip=photo.clip) if in_group else "")
    await _finish(query, group, texts.takedown_taking(group.title, clip=photo.clip))


def router() -> Router:
    routes = Router(name="takedown")
    in_groups = F.chat.type.in_({ChatType.GROUP, ChatType.SUPERGROUP})
    routes.message.register(takedown, Command("takedown"), in_groups)
    routes.callback_query.register(pressed, TakedownData.filter())
    return routes
