"""In groups: the bot joins or leaves, members leave, photos are posted. The bot never
posts photos or names here; it only greets once and answers /start and /help with the link."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.types import (
    Animation,
    CallbackQuery,
    ChatMemberUpdated,
    Document,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    User,
    Video,
    VideoNote,
)
from aiogram.types.chat_member_union import ChatMemberUnion

from bot.menus import drop_organizer_menu, show_organizer_menu
from bot.organizers import MEMBER_HINT, admin_chat_name
from bot.replies import answer, delete_messages
from domain.claims.service import Naming
from domain.cooldown import Cooldown
from domain.groups import texts
from domain.groups.service import BotMembershipChange, Groups, join_link
from domain.groups.stores import GroupView
from domain.languages import texts as languages_texts
from domain.languages.catalogs import in_language
from domain.languages.chats import speaking_to
from domain.moderation import texts as moderation_texts
from domain.moderation.bans import Bans
from domain.moderation.linking import AdminChatLinking
from domain.moderation.organizers import Organizers
from domain.privacy.notices import Notices
from domain.recognition.intake import PhotoIntake
from domain.recognition.stores import PostedPhoto
from domain.settings import Settings
from domain.states import MediaKind
from domain.telegram import (
    DOWNLOAD_LIMIT,
    IN_CHAT_STATUSES,
    Messenger,
    chat_status,
)

log = logging.getLogger(__name__)


def _status(member: ChatMemberUnion) -> str:
    status = getattr(member.status, "value", member.status)  # an enum when built in code
    return chat_status(str(status), getattr(member, "is_member", None))


async def bot_membership_changed(
    event: ChatMemberUpdated,
    bot: Bot,
    groups: Groups,
    naming: Naming,
    admin_linking: AdminChatLinking,
    settings: Settings,
    notices: Notices,
    messenger: Messenger,
) -> None:
    me = await bot.me()
    new_status = _status(event.new_chat_member)
    if new_status not in IN_CHAT_STATUSES:
        await naming.group_gone(event.chat.id)  # its sheets of faces, its claims' cards
    elif _status(event.old_chat_member) not in IN_CHAT_STATUSES:
        # The /start of an /admin link may follow (TelegramSettings.joined_wait_s).
        await asyncio.sleep(settings.telegram.joined_wait_s)
        if await admin_linking.is_admin_chat(event.chat.id):
            return  # an admin chat: no photo group, no welcome
        # Once an admin chat, the bot removed (its menu's deletion then refused): the
        # organizers' menu would show in this photo group. Set again if a link's /start
        # bound the chat meanwhile (its menu may have been among those deleted).
        await drop_organizer_menu(bot, event.chat.id)
        if await admin_linking.is_admin_chat(event.chat.id):
            await show_organizer_menu(bot, event.chat.id)
            return
    change = await groups.bot_status_changed(
        event.chat.id,
        event.chat.title or "",
        event.chat.type,
        old_status=_status(event.old_chat_member),
        new_status=new_status,
        sees_all_messages=bool(me.can_read_all_group_messages),
        added_by_language=event.from_user.language_code,
    )
    if change.removed:
        await groups.tell_removed(messenger, notices, change.group)
    elif change.arrived:
        await notices.bot_back(messenger, change.group.id, change.group.title)
    with in_language(change.group.language):  # the group's, perhaps set just now
        await _greet(event, bot, me, groups, change, admin_linking)


async def _greet(
    event: ChatMemberUpdated,
    bot: Bot,
    me: User,
    groups: Groups,
    change: BotMembershipChange,
    admin_linking: AdminChatLinking,
) -> None:
    greeting: list[int] = []
    if change.greet:
        sent = await bot.send_message(
            event.chat.id,
            texts.welcome(change.group.title, me.username or ""),
            reply_markup=_join_markup(me, change.group),
        )
        greeting.append(sent.message_id)
    if change.needs_admin:
        sent = await bot.send_message(event.chat.id, texts.needs_admin())
        if change.greet:
            greeting.append(sent.message_id)
    elif change.can_now_see_photos:
        await bot.send_message(event.chat.id, texts.can_see_photos())
    if greeting and await admin_linking.greeted(event.chat.id, greeting):
        # Added through an /admin link whose /start was handled first: not a photo group.
        await delete_messages(bot, event.chat.id, greeting)
        return
    if change.greet:
        await groups.welcomed(change.group, greeting[0])
    if _may_pin(event.new_chat_member) and not _may_pin(event.old_chat_member):
        await _pin_welcome(bot, event.chat.id, await groups.welcome_message(change.group))


def _join_markup(me: User, group: GroupView) -> InlineKeyboardMarkup:
    """The welcome's one button: the group's join link."""
    link = join_link(me.username or "", group)
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=texts.join_button(), url=link)]]
    )


async def welcome_again(bot: Bot, groups: Groups, group: GroupView) -> None:
    """The group's welcome (pinned, perhaps) edited in the group's language, once it
    changed: it is the group's first and lasting word. Gone (an admin deleted it): nothing
    to edit."""
    message_id = await groups.welcome_message(group)
    if message_id is None:
        return
    me = await bot.me()
    with in_language(group.language):
        text, markup = texts.welcome(group.title, me.username or ""), _join_markup(me, group)
    try:
        await bot.edit_message_text(
            text=text, chat_id=group.chat_id, message_id=message_id, reply_markup=markup
        )
    except TelegramAPIError as error:
        log.info("welcome in %s not edited: %s", group.chat_id, error)


def _may_pin(member: ChatMemberUnion) -> bool:
    """An administrator with the right to pin (a bot's rights, as Telegram reports them)."""
    return _status(member) == "administrator" and bool(getattr(member, "can_pin_messages", False))


async def _pin_welcome(bot: Bot, chat_id: int, message_id: int | None) -> None:
    """The welcome, pinned so members who join later find its button; quietly (no
    notification). Refused (the right taken away a moment ago, the welcome deleted by an
    admin): it stays where it is."""
    if message_id is None:
        return
    try:
        await bot.pin_chat_message(chat_id, message_id, disable_notification=True)
    except TelegramAPIError as error:
        log.info("welcome not pinned in %s: %s", chat_id, error)


async def member_changed(
    event: ChatMemberUpdated,
    groups: Groups,
    bot: Bot,
    bans: Bans,
    notices: Notices,
    messenger: Messenger,
) -> None:
    if _status(event.new_chat_member) in ("left", "kicked"):
        await _left(
            bot, groups, bans, notices, messenger, event.chat.id, event.new_chat_member.user.id
        )


async def member_left(
    message: Message,
    groups: Groups,
    bot: Bot,
    bans: Bans,
    notices: Notices,
    messenger: Messenger,
) -> None:
    assert message.left_chat_member is not None
    await _left(bot, groups, bans, notices, messenger, message.chat.id, message.left_chat_member.id)


async def _left(
    bot: Bot,
    groups: Groups,
    bans: Bans,
    notices: Notices,
    messenger: Messenger,
    chat_id: int,
    user_id: int,
) -> None:
    """The user is out of the group: told privately, once (the update and the service
    message both come), if they were in it in facedrop; their open questions about its
    photos are closed, as a ban closes them (walken4 9). Both said in the past at their
    return through the link (walken4 1), the notice at their /forget too."""
    group = await groups.member_left(chat_id, user_id)
    if group is None:
        return
    await bans.withdraw_questions(messenger, group, user_id, left=True)
    async with speaking_to(user_id):
        said = texts.no_longer_in(group.title)
    try:
        sent = await bot.send_message(user_id, said)
    except TelegramAPIError as error:  # blocked the bot, or never wrote to it
        log.info("%s not told they left %s: %s", user_id, chat_id, error)
        return
    await notices.left(messenger, user_id, sent.message_id, group.id)


async def group_upgraded(
    message: Message, bot: Bot, groups: Groups, admin_linking: AdminChatLinking
) -> None:
    """The group became a supergroup: the same group at the new id, greeted no more.
    Both service messages come (one in the old chat, one in the new); either one moves it."""
    if message.migrate_to_chat_id is not None:
        await groups.migrated(message.chat.id, message.migrate_to_chat_id)
    elif message.migrate_from_chat_id is not None:
        await groups.migrated(message.migrate_from_chat_id, message.chat.id)
        # The message in the new chat: an admin chat's organizer menu is set again there
        # (it was the old id's).
        if await admin_linking.is_admin_chat(message.chat.id):
            await show_organizer_menu(bot, message.chat.id)


def _posted(
    message: Message,
    file_id: str,
    unique_id: str,
    kind: MediaKind,
    width: int | None,
    height: int | None,
) -> PostedPhoto:
    return PostedPhoto(
        chat_id=message.chat.id,
        chat_title=message.chat.title or "",
        chat_type=message.chat.type,
        message_id=message.message_id,
        file_id=file_id,
        file_unique_id=unique_id,
        media_kind=kind,
        posted_at=message.date,
        # Posted on behalf of a chat (an anonymous admin, whose ``from`` is GroupAnonymousBot,
        # or the linked channel, whose ``from`` is Telegram): nobody's id is the poster's.
        posted_by_user_id=(
            message.from_user.id if message.from_user and message.sender_chat is None else None
        ),
        media_group_id=message.media_group_id,
        width=width,
        height=height,
        caption=message.caption,
        caption_entities=[
            entity.model_dump(mode="json", exclude_none=True)
            for entity in message.caption_entities or []
        ],
    )


async def photo_posted(message: Message, intake: PhotoIntake) -> None:
    assert message.photo is not None
    largest = message.photo[-1]
    await intake.record(
        _posted(
            message,
            largest.file_id,
            largest.file_unique_id,
            MediaKind.PHOTO,
            largest.width,
            largest.height,
        )
    )


async def image_file_posted(message: Message, intake: PhotoIntake) -> None:
    assert message.document is not None
    document = message.document
    await intake.record(
        _posted(message, document.file_id, document.file_unique_id, MediaKind.DOCUMENT, None, None)
    )


async def clip_posted(message: Message, intake: PhotoIntake, settings: Settings) -> None:
    """A video, a round video, an animation, or a video sent as a file: recorded as a photo
    is; one the bot may not download (``DOWNLOAD_LIMIT`` through the cloud Bot API; none
    through a local Bot API server) is read from its thumbnail."""
    clip: Video | VideoNote | Animation | Document
    if message.video_note is not None:
        clip, kind = message.video_note, MediaKind.VIDEO_NOTE
        width = height = message.video_note.length
    elif message.animation is not None:  # Telegram sends its document too: this first
        clip, kind = message.animation, MediaKind.ANIMATION
        width, height = message.animation.width, message.animation.height
    elif message.video is not None:
        clip, kind = message.video, MediaKind.VIDEO
        width, height = message.video.width, message.video.height
    else:
        assert message.document is not None
        clip, kind, width, height = message.document, MediaKind.VIDEO, None, None
    too_big = (
        not settings.telegram.api_local
        and clip.file_size is not None
        and clip.file_size > DOWNLOAD_LIMIT
    )
    posted = _posted(message, clip.file_id, clip.file_unique_id, kind, width, height)
    if not isinstance(clip, Document) and clip.duration:  # a file's length is not told
        posted = replace(posted, duration_s=float(clip.duration))
    if too_big and clip.thumbnail is not None:
        posted = replace(posted, preview_file_id=clip.thumbnail.file_id)
    await intake.record(posted)


async def link_in_group(
    message: Message,
    bot: Bot,
    groups: Groups,
    admin_linking: AdminChatLinking,
    group_hints: Cooldown,
) -> None:
    """The join link, once per cooldown however many members ask at once (no flood); kept,
    so that it is said again in the group's language when that changes (walk35 6)."""
    if not await group_hints.claim(str(message.chat.id)):
        return
    me = await bot.me()
    group = await groups.record(message.chat.id, message.chat.title or "", message.chat.type)
    sent = await message.answer(
        texts.group_hint(me.username or "", join_link(me.username or "", group))
    )
    await admin_linking.keep_pointer(group.id, sent.message_id, MEMBER_HINT)


async def help_in_group(
    message: Message,
    bot: Bot,
    groups: Groups,
    organizers: Organizers,
    admin_linking: AdminChatLinking,
    group_hints: Cooldown,
) -> None:
    """/help: to one of the group's admins, what their command menu here offers and where
    each works (asked of Telegram each time), kept true when the admin chat changes; to
    anyone else, the join link. In a chat its group's admins moved the admin chat away
    from, that it no longer is one, and how to link it again (walkhe 10)."""
    former = await organizers.formerly_served(message.chat.id)
    if former is not None:
        await message.answer(moderation_texts.no_longer_admin_chat(former.title))
        return
    group = await groups.record(message.chat.id, message.chat.title or "", message.chat.type)
    user_id = message.from_user.id if message.from_user else None
    sender_chat = message.sender_chat.id if message.sender_chat else None
    if not await organizers.may_moderate(group, user_id, sender_chat_id=sender_chat):
        await link_in_group(message, bot, groups, admin_linking, group_hints)
        return
    me = await bot.me()
    admin_chat = await admin_chat_name(bot, organizers, group)
    sent = await message.answer(
        moderation_texts.group_help_for_admins(join_link(me.username or "", group), admin_chat)
    )
    # Redrawn when the admin chat is linked, moved or gone (its last line names it).
    await admin_linking.keep_pointer(group.id, sent.message_id, "help")


async def anything_else_in_group(message: Message) -> None:
    """Chat, stickers (animated and video ones too: drawings from a set, not photos of the
    class, so never read nor answered), voice messages and other commands in groups are
    none of our business."""


async def button_in_group(query: CallbackQuery) -> None:
    """facedrop puts no button of its own in a group (the welcome's is a link): one pressed
    there is forged or foreign, and nothing is edited or said in the group."""
    await answer(query, languages_texts.button_other_chat(), alert=True)


def router() -> Router:
    """This feature's handlers on a fresh router (one per dispatcher)."""
    routes = Router(name="group")
    routes.message.filter(F.chat.type.in_({ChatType.GROUP, ChatType.SUPERGROUP}))
    routes.my_chat_member.filter(F.chat.type.in_({ChatType.GROUP, ChatType.SUPERGROUP}))
    routes.chat_member.filter(F.chat.type.in_({ChatType.GROUP, ChatType.SUPERGROUP}))
    routes.my_chat_member.register(bot_membership_changed)
    routes.chat_member.register(member_changed)
    routes.message.register(group_upgraded, F.migrate_to_chat_id | F.migrate_from_chat_id)
    routes.message.register(member_left, F.left_chat_member)
    routes.message.register(photo_posted, F.photo)
    routes.message.register(
        clip_posted,
        F.video | F.video_note | F.animation | F.document.mime_type.startswith("video/"),
    )
    routes.message.register(image_file_posted, F.document.mime_type.startswith("image/"))
    routes.message.register(help_in_group, Command("help"))
    routes.message.register(link_in_group, Command("start"))
    routes.message.register(anything_else_in_group)
    routes.callback_query.register(button_in_group, F.message.chat.type != ChatType.PRIVATE)
    return routes
