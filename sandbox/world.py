"""The emulated Telegram: users, chats, bots and what happens between them.

Users act through the control side (``user_*`` methods, ``press_button``,
``block``...); bots act through the Bot API (``sandbox.botapi``), which uses
the helpers here to check access and to post messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import secrets
import time
from collections import Counter, deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sandbox.clock import Clock
from sandbox.errors import ApiError, ControlError, bad_request, forbidden
from sandbox.files import CLIP_KINDS, FileStore, image_size
from sandbox.formatting import auto_entities, fix_text
from sandbox.limits import Fault, RateLimitConfig, RateLimiter
from sandbox.models import (
    GROUP,
    IN_CHAT,
    PRIVATE,
    SUPERGROUP,
    BotAccount,
    CallbackQuery,
    Chat,
    Sequence,
    StoredFile,
    StoredMessage,
    User,
)
from sandbox.updates import UpdateQueue

TOKEN = re.compile(r"^(\d{1,15}):([A-Za-z0-9_-]{1,100})$")
MEMBER_STATUSES = frozenset({"creator", "administrator", "member", "restricted", "left", "kicked"})
# Who Telegram names as the sender of a message "on behalf of" a chat.
GROUP_ANONYMOUS_BOT = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}
TELEGRAM_SERVICE = {"id": 777000, "is_bot": False, "first_name": "Telegram"}
# The fake sender of messages written in a group on behalf of a channel.
CHANNEL_BOT = {"id": 136817688, "is_bot": True, "first_name": "Channel", "username": "Channel_Bot"}
# Service messages: every bot in the chat gets them, whatever its privacy mode.
SERVICE_KEYS = frozenset(
    {
        "new_chat_members",
        "left_chat_member",
        "new_chat_title",
        "new_chat_photo",
        "delete_chat_photo",
        "group_chat_created",
        "supergroup_chat_created",
        "migrate_to_chat_id",
        "migrate_from_chat_id",
        "pinned_message",
    }
)
MEDIA_KINDS = frozenset({"sticker", "animation", "video", "voice", "audio", "video_note"})

ADMIN_RIGHTS = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
    "can_send_welcome_messages": False,
    "can_pin_messages": True,
    # Client.cpp JsonChatMember still writes the old name beside can_manage_video_chats.
    "can_manage_voice_chats": True,
}

# What a restricted member may still do: Telegram's default restriction is a read-only member.
RESTRICTED_RIGHTS = {
    "can_send_messages": False,
    # Client.cpp json_store_permissions still writes it: any of the media rights below.
    "can_send_media_messages": False,
    "can_send_audios": False,
    "can_send_documents": False,
    "can_send_photos": False,
    "can_send_videos": False,
    "can_send_video_notes": False,
    "can_send_voice_notes": False,
    "can_send_polls": False,
    "can_send_other_messages": False,
    "can_add_web_page_previews": False,
    "can_react_to_messages": True,
    "can_edit_tag": False,
    "can_change_info": False,
    "can_invite_users": False,
    "can_pin_messages": False,
    "can_manage_topics": False,
}


class World:
    def __init__(
        self, clock: Clock | None = None, rate_limits: RateLimitConfig | None = None
    ) -> None:
        self.clock = clock or Clock()
        self.limiter = RateLimiter(self.clock, rate_limits)
        # As telegram-bot-api started with --local (a self-hosted server): a webhook may be
        # plain HTTP, on any port (this machine's, for tests). Off: Telegram's own servers.
        self.local_mode = False
        # Where a --local server keeps the files bots download (its --dir): getFile gives
        # their absolute paths there.
        self.local_dir: Path | None = None
        self.files = FileStore()
        self.bots: dict[int, BotAccount] = {}
        self.queues: dict[int, UpdateQueue] = {}
        self.users: dict[int, User] = {}
        self.chats: dict[int, Chat] = {}
        self.callbacks: dict[str, CallbackQuery] = {}
        self.faults: list[Fault] = []
        self.request_log: deque[dict[str, Any]] = deque(maxlen=10_000)
        self.stats: Counter[str] = Counter()
        # Called with each update as it is queued (the emulator's conformance check).
        self.on_update: Callable[[dict[str, Any]], None] | None = None
        # Who watches the world change (the web chat's event stream): one queue each.
        self.watchers: set[asyncio.Queue[dict[str, Any] | None]] = set()
        # Which chat got a message last (a client's list puts it first; dates are seconds).
        self._latest: dict[int, int] = {}
        self._stored = Sequence(1)
        self._user_ids = Sequence(100_000_001)
        self._group_ids = Sequence(1)
        self._media_groups = Sequence(13_000_000_000_000_001)
        self._channel_posts = Sequence(1)

    def counters(self) -> dict[str, int]:
        """The next ids the world will hand out (kept with the world across restarts)."""
        return {
            "user_ids": self._user_ids.value,
            "group_ids": self._group_ids.value,
            "media_groups": self._media_groups.value,
            "channel_posts": self._channel_posts.value,
            "files": self.files.numbers.value,
        }

    def set_counters(self, counters: dict[str, int]) -> None:
        self._user_ids.value = counters["user_ids"]
        self._group_ids.value = counters["group_ids"]
        self._media_groups.value = counters["media_groups"]
        self._channel_posts.value = counters["channel_posts"]
        self.files.numbers.value = counters["files"]

    # ----- bots -------------------------------------------------------------

    def bot_for_token(self, token: str) -> BotAccount:
        """The bot a token names; any well-formed token is a bot, created on first use."""
        match = TOKEN.match(token)
        if match is None:
            raise ApiError(401, "Unauthorized")
        bot_id = int(match.group(1))
        bot = self.bots.get(bot_id)
        if bot is None:
            return self.create_bot(token)
        if bot.token != token:
            raise ApiError(401, "Unauthorized")
        return bot

    def create_bot(
        self,
        token: str,
        *,
        first_name: str = "facedrop",
        username: str | None = None,
        privacy_mode: bool = True,
    ) -> BotAccount:
        match = TOKEN.match(token)
        if match is None:
            raise ControlError(400, "a token looks like 123456:secret")
        bot_id = int(match.group(1))
        if bot_id in self.bots:
            bot = self.bots[bot_id]
            bot.first_name, bot.privacy_mode = first_name, privacy_mode
            bot.username = username or bot.username
            return bot
        bot = BotAccount(
            id=bot_id,
            token=token,
            first_name=first_name,
            username=username or f"sandbox_{bot_id}_bot",
            privacy_mode=privacy_mode,
        )
        self.bots[bot_id] = bot
        self.queues[bot_id] = UpdateQueue(bot, self.clock)
        return bot

    def default_bot(self) -> BotAccount:
        if not self.bots:
            raise ControlError(
                409, "no bot yet: register one (POST /control/bots) or let it call getMe"
            )
        return next(iter(self.bots.values()))

    async def _emit(self, bot: BotAccount, kind: str, payload: dict[str, Any]) -> None:
        bot.known_users.update(users_in(payload))
        update = await self.queues[bot.id].push(kind, payload)
        if update is not None and self.on_update is not None:
            self.on_update(update)

    # ----- users and chats --------------------------------------------------

    def create_user(
        self,
        first_name: str,
        *,
        username: str | None = None,
        language_code: str | None = None,
        last_name: str | None = None,
    ) -> dict[str, Any]:
        if not first_name:
            raise ControlError(400, "first_name is required")
        user = User(
            id=next(self._user_ids),
            first_name=first_name,
            username=username,
            language_code=language_code,
            last_name=last_name,
        )
        self.users[user.id] = user
        self.chats[user.id] = Chat(id=user.id, type=PRIVATE, user=user)
        self.changed()
        return user.to_api()

    def user(self, user_id: int) -> User:
        user = self.users.get(int(user_id))
        if user is None:
            raise ControlError(404, f"no user {user_id}")
        return user

    def chat(self, chat_id: int) -> Chat:
        chat = self.chats.get(int(chat_id))
        if chat is None:
            raise ControlError(404, f"no chat {chat_id}")
        return chat

    def create_group(
        self,
        title: str,
        *,
        type: str = SUPERGROUP,
        creator_id: int,
        member_ids: list[int] | None = None,
        admin_ids: list[int] | None = None,
        username: str | None = None,
    ) -> dict[str, Any]:
        """A group; with ``username``, a public supergroup (its messages' links are
        ``t.me/<username>/<message_id>``, and its chat objects carry the username)."""
        if type not in (GROUP, SUPERGROUP):
            raise ControlError(400, "type is group or supergroup")
        if not title:
            raise ControlError(400, "title is required")
        if username is not None:
            self._check_chat_username(type, username)
        number = next(self._group_ids)
        chat_id = -(1_001_000_000_000 + number) if type == SUPERGROUP else -(4_000_000_000 + number)
        chat = Chat(id=chat_id, type=type, title=title, username=username)
        chat.members[self.user(creator_id).id] = "creator"
        for user_id in member_ids or []:
            chat.members.setdefault(self.user(user_id).id, "member")
        for user_id in admin_ids or []:
            if chat.members.get(self.user(user_id).id) != "creator":
                chat.members[int(user_id)] = "administrator"
        self.chats[chat_id] = chat
        # Telegram's first message of a new group; no bot can be in it yet, so none gets it.
        created = "group_chat_created" if type == GROUP else "supergroup_chat_created"
        self._store(chat, self.user(creator_id).to_api(), {created: True}, from_bot=False)
        self.changed()
        return chat.to_api()

    def set_chat_username(self, chat_id: int, username: str | None) -> dict[str, Any]:
        """A supergroup made public (a username) or private again (None), as its owner does
        in the group's settings; later messages carry the new chat object."""
        chat = self.chat(chat_id)
        if username is not None:
            self._check_chat_username(chat.type, username, chat_id)
        chat.username = username
        return chat.to_api()

    def _check_chat_username(self, type: str, username: str, chat_id: int | None = None) -> None:
        if type != SUPERGROUP:
            raise ControlError(400, "only a supergroup can be public (have a username)")
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{4,31}", username) or username.endswith("_"):
            raise ControlError(400, "a username is 5-32 letters, digits or _, from a letter")
        taken = [
            *(c.username for c in self.chats.values() if c.id != chat_id),
            *(u.username for u in self.users.values()),
            *(b.username for b in self.bots.values()),
        ]
        if username.lower() in {t.lower() for t in taken if t}:
            raise ControlError(400, f"the username {username} is taken")

    async def upgrade_group(self, chat_id: int, *, by_user_id: int | None = None) -> dict[str, Any]:
        """A basic group becomes a supergroup with a new id: its members (and bots) move
        over, the old group gets ``migrate_to_chat_id`` and the new one
        ``migrate_from_chat_id``; from then on the Bot API refuses the old id."""
        old = self.chat(chat_id)
        if old.type != GROUP or old.migrated_to is not None:
            raise ControlError(400, "only a basic group that was not upgraded yet can be upgraded")
        actor = self.user(by_user_id) if by_user_id else self._creator(old)
        if old.members.get(actor.id) != "creator":
            raise ControlError(403, "only the group's creator can upgrade it")
        number = next(self._group_ids)
        new = Chat(id=-(1_001_000_000_000 + number), type=SUPERGROUP, title=old.title)
        new.members = dict(old.members)
        self.chats[new.id] = new
        await self._post_service(old, actor, {"migrate_to_chat_id": new.id})
        old.migrated_to = new.id
        old.members = {k: v for k, v in old.members.items() if k not in self.bots}
        await self._post_service(new, actor, {"migrate_from_chat_id": old.id})
        return new.to_api()

    def member_api(self, chat: Chat, member_id: int) -> dict[str, Any]:
        """A ChatMember object as getChatMember and chat-member updates show it."""
        if member_id in self.bots:
            user_data = self.bots[member_id].to_api()
        else:
            user_data = self.user(member_id).to_api()
        if chat.type == PRIVATE:
            status = (
                "kicked"
                if chat.user and chat.user.blocked_bot and member_id in self.bots
                else "member"
            )
        else:
            status = chat.members.get(member_id, "left")
        data: dict[str, Any] = {"status": status, "user": user_data}
        if member_id in chat.restricted and status in ("restricted", "left"):
            # Restrictions outlive leaving: a restricted user who left is still "restricted".
            data.update(status="restricted", is_member=status == "restricted", **RESTRICTED_RIGHTS)
            data["until_date"] = 0
        elif status == "creator":
            data["is_anonymous"] = False
        elif status == "administrator":
            data.update(ADMIN_RIGHTS)
            # Client.cpp json_store_administrator_rights: "if (chat_type == ChatType::
            # Supergroup) { object("can_manage_topics", ...) }" and, in groups and
            # supergroups, "can_manage_tags".
            data["can_manage_tags"] = False
            if chat.type == SUPERGROUP:
                data["can_manage_topics"] = False
        elif status == "kicked":
            data["until_date"] = 0
        return data

    async def set_bot_status(
        self, chat_id: int, status: str, *, by_user_id: int | None = None, bot_id: int | None = None
    ) -> dict[str, Any]:
        """Add the bot to a group, make it admin, or remove it (emits ``my_chat_member``)."""
        chat = self.chat(chat_id)
        if not chat.is_group:
            raise ControlError(
                400, "the bot's status is set in groups; use block/unblock for private chats"
            )
        if status not in ("member", "administrator", "left", "kicked"):
            raise ControlError(400, "status is member, administrator, left or kicked")
        bot = self.bots[bot_id] if bot_id else self.default_bot()
        actor = self.user(by_user_id) if by_user_id else self._creator(chat)
        old = self.member_api(chat, bot.id)
        chat.members[bot.id] = status
        new = self.member_api(chat, bot.id)
        if old["status"] == new["status"]:
            return new
        self.changed()
        await self._emit(bot, "my_chat_member", self._member_update(chat, actor.to_api(), old, new))
        joined = old["status"] in ("left", "kicked") and status in IN_CHAT
        if joined:
            await self._post_service(chat, actor, {"new_chat_members": [bot.to_api()]})
        elif status in ("left", "kicked") and old["status"] in IN_CHAT:
            await self._post_service(chat, actor, {"left_chat_member": bot.to_api()})
        return new

    async def set_member_status(
        self,
        chat_id: int,
        user_id: int,
        status: str,
        *,
        is_member: bool = True,
        by_user_id: int | None = None,
    ) -> dict[str, Any]:
        """A user joins, leaves, is promoted, restricted or banned (``chat_member`` + service
        messages). ``restricted`` with ``is_member`` false is a restricted user outside the
        chat; a restricted user who leaves stays restricted, as in Telegram. ``by_user_id``
        is the admin who did it (the update's and the service message's ``from``, "Tina
        added Ben"); without one the user did it themself (joined, left)."""
        chat = self.chat(chat_id)
        if not chat.is_group:
            raise ControlError(400, "members are set in groups")
        if status not in MEMBER_STATUSES:
            raise ControlError(400, f"status is one of {sorted(MEMBER_STATUSES)}")
        if status == "restricted" and chat.type != SUPERGROUP:
            raise ControlError(400, "members are restricted in supergroups only")
        user = self.user(user_id)
        actor = self.user(by_user_id) if by_user_id else user
        old = self.member_api(chat, user.id)
        was_in = chat.members.get(user.id, "left") in IN_CHAT
        if status == "restricted":
            chat.restricted.add(user.id)
            chat.members[user.id] = "restricted" if is_member else "left"
        else:
            if status != "left":
                chat.restricted.discard(user.id)  # promoted, unrestricted or banned
            chat.members[user.id] = status
        new = self.member_api(chat, user.id)
        if old == new:
            return new
        self.changed()
        update = self._member_update(chat, actor.to_api(), old, new)
        for bot in self._bots_in(chat):
            if chat.members.get(bot.id) == "administrator":
                await self._emit(bot, "chat_member", update)
        is_in = chat.members[user.id] in IN_CHAT
        if is_in and not was_in:
            await self._post_service(chat, actor, {"new_chat_members": [user.to_api()]})
        elif was_in and not is_in:
            await self._post_service(chat, actor, {"left_chat_member": user.to_api()})
        return new

    async def block(self, user_id: int, *, blocked: bool = True) -> dict[str, Any]:
        """The user blocks (or unblocks) the bot in their private chat (``my_chat_member``)."""
        user = self.user(user_id)
        if user.blocked_bot == blocked:
            return {"user_id": user.id, "blocked": blocked}
        bot = self.default_bot()
        chat = self.chats[user.id]
        old = self.member_api(chat, bot.id)
        user.blocked_bot = blocked
        self.changed()
        new = self.member_api(chat, bot.id)
        await self._emit(bot, "my_chat_member", self._member_update(chat, user.to_api(), old, new))
        return {"user_id": user.id, "blocked": blocked}

    def _creator(self, chat: Chat) -> User:
        for member_id, status in chat.members.items():
            if status == "creator" and member_id in self.users:
                return self.users[member_id]
        raise ControlError(409, "the group has no creator")

    def _bots_in(self, chat: Chat) -> list[BotAccount]:
        if chat.type == PRIVATE:
            return [] if chat.user is None or chat.user.blocked_bot else [self.default_bot()]
        return [bot for bot in self.bots.values() if chat.members.get(bot.id) in IN_CHAT]

    def _member_update(
        self, chat: Chat, actor: dict[str, Any], old: dict[str, Any], new: dict[str, Any]
    ) -> dict[str, Any]:
        return {
            "chat": chat.to_api(),
            "from": actor,
            "date": self.clock.unix(),
            "old_chat_member": old,
            "new_chat_member": new,
        }

    # ----- messages from users ----------------------------------------------

    def _store(
        self, chat: Chat, sender: dict[str, Any], content: dict[str, Any], *, from_bot: bool
    ) -> StoredMessage:
        data = {
            "message_id": chat.take_message_id(),
            "from": sender,
            "chat": chat.to_api(),
            "date": self.clock.unix(),
            **content,
        }
        data.update(_legacy_fields(data))
        stored = StoredMessage(data=data, sender_id=sender["id"], from_bot=from_bot)
        chat.messages[stored.id] = stored
        self._latest[chat.id] = next(self._stored)
        return stored

    async def _notify(self, chat: Chat) -> None:
        async with chat.changed:
            chat.changed.notify_all()
        self.changed(chat.id)

    # ----- watching the world change ------------------------------------------

    def watch(self) -> asyncio.Queue[dict[str, Any] | None]:
        """A queue that gets ``{"chat_id": id}`` when a chat's messages change and
        ``{"chat_id": null}`` when users, chats or members do; ``None`` when it ends."""
        queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self.watchers.add(queue)
        return queue

    def unwatch(self, queue: asyncio.Queue[dict[str, Any] | None]) -> None:
        self.watchers.discard(queue)

    def end_watching(self) -> None:
        for queue in self.watchers:
            queue.put_nowait(None)
        self.watchers.clear()

    def changed(self, chat_id: int | None = None) -> None:
        for queue in self.watchers:
            queue.put_nowait({"chat_id": chat_id})

    def _visible(self, bot: BotAccount, chat: Chat, message: dict[str, Any]) -> bool:
        """Whether a group message reaches the bot: privacy mode hides most of them.
        core.telegram.org/bots/faq: "All bots, regardless of settings, will receive: All
        service messages"; in privacy mode otherwise only "Commands explicitly meant for them
        (e.g., /command@this_bot)", general commands, replies to it and mentions of it
        (bots/features#privacy-mode)."""
        if chat.type == PRIVATE:
            return True
        if any(key in message for key in SERVICE_KEYS):
            return True
        if not bot.privacy_mode or chat.members.get(bot.id) == "administrator":
            return True
        text = message.get("text") or message.get("caption") or ""
        if text.startswith("/"):
            addressee = text.split(maxsplit=1)[0].partition("@")[2]
            if not addressee or addressee.lower() == bot.username.lower():
                return True
        if f"@{bot.username}".lower() in text.lower():
            return True
        replied = message.get("reply_to_message")
        return bool(replied and replied.get("from", {}).get("id") == bot.id)

    async def _deliver_to_bots(
        self, chat: Chat, stored: StoredMessage, kind: str = "message"
    ) -> None:
        for bot in self._bots_in(chat):
            if self._visible(bot, chat, stored.data):
                await self._emit(bot, kind, stored.data)
        await self._notify(chat)

    async def _post_service(self, chat: Chat, actor: User, content: dict[str, Any]) -> None:
        stored = self._store(chat, actor.to_api(), content, from_bot=False)
        await self._deliver_to_bots(chat, stored)

    def _sender(self, chat: Chat, user_id: int) -> User:
        user = self.user(user_id)
        if chat.migrated_to is not None:
            raise ControlError(409, f"chat {chat.id} was upgraded to {chat.migrated_to}")
        if chat.type == PRIVATE:
            if chat.id != user.id:
                raise ControlError(403, "a private chat's id is its user's id")
        elif chat.members.get(user.id) not in IN_CHAT:
            raise ControlError(403, f"user {user.id} is not a member of chat {chat.id}")
        elif chat.members.get(user.id) == "restricted":
            raise ControlError(403, f"user {user.id} is restricted in chat {chat.id}: read-only")
        return user

    async def _user_posts(
        self,
        chat_id: int,
        user_id: int,
        content: dict[str, Any],
        *,
        reply_to_message_id: int | None = None,
        start_link: bool = False,
    ) -> dict[str, Any]:
        chat = self.chat(chat_id)
        user = self._sender(chat, user_id)
        if chat.type == PRIVATE:
            if user.blocked_bot:
                await self.block(user.id, blocked=False)  # writing to a blocked bot unblocks it
            if not user.started_bot:
                user.started_bot = True
                self.changed()  # the users changed: a page showing START hides it
        self._quote(chat, content, reply_to_message_id)
        stored = self._store(chat, user.to_api(), content, from_bot=False)
        stored.start_link = start_link
        await self._deliver_to_bots(chat, stored)
        return stored.data

    @staticmethod
    def _quote(chat: Chat, content: dict[str, Any], reply_to_message_id: int | None) -> None:
        """A reply carries the message it answers (without that one's own reply)."""
        if reply_to_message_id:
            replied = chat.messages.get(int(reply_to_message_id))
            if replied is None or replied.deleted:
                raise ControlError(404, f"no message {reply_to_message_id} in chat {chat.id}")
            content["reply_to_message"] = {
                k: v for k, v in replied.data.items() if k != "reply_to_message"
            }

    async def user_sends_text(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        *,
        reply_to_message_id: int | None = None,
        start_link: bool = False,
    ) -> dict[str, Any]:
        content = _typed_text(text)
        return await self._user_posts(
            chat_id,
            user_id,
            content,
            reply_to_message_id=reply_to_message_id,
            start_link=start_link,
        )

    async def open_start_link(self, user_id: int, payload: str) -> dict[str, Any]:
        """The user opens ``https://t.me/<bot>?start=<payload>`` and presses START (or had
        started the bot): the bot gets ``/start <payload>`` in the private chat, while the
        user's own app shows just "/start" (the transcript marks it ``_start_link``)."""
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", payload):
            raise ControlError(400, "START_PARAM_INVALID")  # what Telegram answers the client
        return await self.user_sends_text(user_id, user_id, f"/start {payload}", start_link=True)

    async def open_startgroup_link(
        self, user_id: int, chat_id: int, payload: str, *, bot_username: str | None = None
    ) -> dict[str, Any]:
        """The user opens ``https://t.me/<bot>?startgroup=<payload>`` and picks this chat, as
        Telegram clients do: the bot is added if it is not in the chat yet (``my_chat_member``
        and the service message; public supergroups only by their admins), then the user's
        client sends ``/start@<bot> <payload>`` into the chat (``messages.startBot``)."""
        chat = self.chat(chat_id)
        if not chat.is_group:
            raise ControlError(400, "a startgroup link adds the bot to a group")
        bots = [b for b in self.bots.values() if bot_username in (None, b.username)]
        bot = self.default_bot() if bot_username is None else (bots[0] if bots else None)
        if bot is None:
            raise ControlError(404, f"no bot @{bot_username}")
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", payload):
            raise ControlError(400, "START_PARAM_INVALID")  # what Telegram answers the client
        user = self._sender(chat, user_id)
        if chat.members.get(bot.id, "left") not in IN_CHAT:
            await self.set_bot_status(chat.id, "member", by_user_id=user.id, bot_id=bot.id)
        return await self.user_sends_text(chat.id, user.id, f"/start@{bot.username} {payload}")

    async def anonymous_admin_sends_text(
        self, chat_id: int, admin_id: int, text: str, *, reply_to_message_id: int | None = None
    ) -> dict[str, Any]:
        """An admin who stays anonymous writes in a supergroup: ``from`` is
        GroupAnonymousBot and ``sender_chat`` the group itself; like anyone, they may reply."""
        chat = self.chat(chat_id)
        if chat.type != SUPERGROUP or chat.migrated_to is not None:
            raise ControlError(400, "only supergroups have anonymous admins")
        if chat.members.get(self.user(admin_id).id) not in ("creator", "administrator"):
            raise ControlError(403, "only an admin can write anonymously")
        content = {**_typed_text(text), "sender_chat": chat.to_api()}
        self._quote(chat, content, reply_to_message_id)
        stored = self._store(chat, dict(GROUP_ANONYMOUS_BOT), content, from_bot=False)
        await self._deliver_to_bots(chat, stored)
        return stored.data

    def linked_channel(self, chat: Chat, title: str | None) -> dict[str, Any]:
        """The supergroup's linked channel (one per group, its id derived from the group's)."""
        return {
            "id": -(1_002_000_000_000 + abs(chat.id) % 1_000_000_000),
            "type": "channel",
            "title": title,
        }

    async def channel_sends_text(
        self,
        chat_id: int,
        text: str,
        *,
        channel_title: str,
        as_user_id: int | None = None,
        reply_to_message_id: int | None = None,
        channel_id: int | None = None,
    ) -> dict[str, Any]:
        """Text from the group's linked channel, ``sender_chat`` the channel: a channel post
        forwarded into the group automatically (``from`` is Telegram's service account,
        ``is_automatic_forward``; it answers nothing), or, with ``as_user_id``, one of the
        channel's admins writing in the group as the channel (``from`` is Channel_Bot; such
        a message may reply). Neither tells who wrote it. With ``channel_id`` (and
        ``as_user_id``), the member writes as another channel of theirs (Telegram lets a
        member "send as" a channel they own), not the linked one."""
        chat = self.chat(chat_id)
        if chat.type != SUPERGROUP or chat.migrated_to is not None:
            raise ControlError(400, "only supergroups have linked channels")
        if not text:
            raise ControlError(400, "text is required")
        if channel_id is None:
            channel = self.linked_channel(chat, channel_title)
        elif as_user_id is None:
            raise ControlError(400, "only the linked channel's posts are forwarded")
        elif channel_id > -1_000_000_000_000:
            raise ControlError(400, "a channel's id is below -1000000000000")
        else:
            channel = {"id": channel_id, "type": "channel", "title": channel_title}
        content = {**_typed_text(text), "sender_chat": channel}
        if as_user_id is None:
            if reply_to_message_id:
                raise ControlError(400, "a forwarded channel post replies to nothing")
            sender: dict[str, Any] = TELEGRAM_SERVICE
            content.update(
                is_automatic_forward=True,
                forward_origin={
                    "type": "channel",
                    "chat": channel,
                    "message_id": next(self._channel_posts),
                    "date": self.clock.unix(),
                },
            )
        else:
            self._sender(chat, as_user_id)  # a member of the group, who may write there
            sender = CHANNEL_BOT
            self._quote(chat, content, reply_to_message_id)
        stored = self._store(chat, dict(sender), content, from_bot=False)
        await self._deliver_to_bots(chat, stored)
        return stored.data

    async def user_sends_photos(
        self,
        chat_id: int,
        user_id: int,
        images: list[bytes],
        *,
        caption: str | None = None,
        caption_entities: list[dict[str, Any]] | None = None,
    ) -> list[dict[str, Any]]:
        """One photo, or an album (2-10 photos sharing a media_group_id); the caption (with
        the formatting the user's app gave it, as entities) on the first."""
        if not 1 <= len(images) <= 10:
            raise ControlError(400, "send 1 to 10 photos")
        contents = [self._photo(data) for data in images]  # all read before any is sent
        return await self._user_posts_album(chat_id, user_id, contents, caption, caption_entities)

    async def _user_posts_album(
        self,
        chat_id: int,
        user_id: int,
        contents: list[dict[str, Any]],
        caption: str | None,
        caption_entities: list[dict[str, Any]] | None = None,
    ) -> list[dict[str, Any]]:
        """Each content a message, sharing a media_group_id when there are several (one is
        sent alone, as Telegram sends it); the caption on the first."""
        album = self.new_media_group_id() if len(contents) > 1 else None
        messages = []
        for index, content in enumerate(contents):
            if album:
                content["media_group_id"] = album
            if caption and index == 0:
                content.update(_typed_caption(caption, caption_entities))
            messages.append(await self._user_posts(chat_id, user_id, content))
        return messages

    def _photo(self, data: bytes) -> dict[str, Any]:
        """A posted photo's content: its sizes (sandbox.files.FileStore.add_photo)."""
        try:
            sizes = self.files.add_photo(data)
        except ValueError as exc:
            raise ControlError(
                400, f"a photo must be an image ({exc}); send other files as documents"
            ) from None
        return {"photo": [size.to_api() for size in sizes]}

    async def chat_sends_photo(
        self,
        chat_id: int,
        image: bytes,
        *,
        anonymous_admin_id: int | None = None,
        channel_title: str | None = None,
        caption: str | None = None,
    ) -> dict[str, Any]:
        """A photo posted on behalf of a chat: by an anonymous admin (``from`` is
        GroupAnonymousBot, ``sender_chat`` the group itself), or a post of the group's
        linked channel forwarded into it automatically (``from`` is Telegram's service
        account, ``sender_chat`` the channel, ``is_automatic_forward``)."""
        chat = self.chat(chat_id)
        if chat.type != SUPERGROUP or chat.migrated_to is not None:
            raise ControlError(400, "only supergroups have anonymous admins and linked channels")
        if (anonymous_admin_id is None) == (channel_title is None):
            raise ControlError(400, "give anonymous_admin_id or channel_title")
        try:
            sizes = self.files.add_photo(image)
        except ValueError as exc:
            raise ControlError(400, f"a photo must be an image ({exc})") from None
        content: dict[str, Any] = {"photo": [size.to_api() for size in sizes]}
        if caption:
            content.update(_typed_caption(caption))
        if anonymous_admin_id is not None:
            if chat.members.get(self.user(anonymous_admin_id).id) not in (
                "creator",
                "administrator",
            ):
                raise ControlError(403, "only an admin can post anonymously")
            sender: dict[str, Any] = GROUP_ANONYMOUS_BOT
            content["sender_chat"] = chat.to_api()
        else:
            channel = self.linked_channel(chat, channel_title)
            sender = TELEGRAM_SERVICE
            content.update(
                sender_chat=channel,
                is_automatic_forward=True,
                forward_origin={
                    "type": "channel",
                    "chat": channel,
                    "message_id": next(self._channel_posts),
                    "date": self.clock.unix(),
                },
            )
        stored = self._store(chat, dict(sender), content, from_bot=False)
        await self._deliver_to_bots(chat, stored)
        return stored.data

    async def user_sends_document(
        self,
        chat_id: int,
        user_id: int,
        data: bytes,
        *,
        file_name: str,
        mime_type: str | None = None,
        caption: str | None = None,
    ) -> dict[str, Any]:
        """Any file sent as a file (a clip, a HEIC or AVIF photo...): a ``document`` with its
        name, type and size, and the thumbnail the app makes of an image or a clip."""
        stored = self.files.add_file(
            data, kind="document", file_name=file_name, mime_type=mime_type
        )
        content = stored.message_content("document")
        if caption:
            content.update(_typed_caption(caption))
        return await self._user_posts(chat_id, user_id, content)

    async def user_sends_media(
        self,
        kind: str,
        chat_id: int,
        user_id: int,
        data: bytes,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        caption: str | None = None,
        emoji: str | None = None,
    ) -> dict[str, Any]:
        """A sticker, GIF (animation), video, video note (a round video), voice or audio
        message. A clip's size, duration and thumbnail are read from its bytes; one that
        cannot be read arrives all the same, with 0 for them (see FileStore.add_file)."""
        if kind not in MEDIA_KINDS:
            raise ControlError(400, f"kind is one of {sorted(MEDIA_KINDS)}")
        width, height = (image_size(data) or (512, 512)) if kind == "sticker" else (None, None)
        stored = self.files.add_file(
            data, kind=kind, file_name=file_name, mime_type=mime_type, width=width, height=height
        )
        media = stored.to_api()
        if kind == "sticker":
            media.update(
                type="regular",
                # As the apps tell them apart: a Lottie animation is gzipped JSON (.tgs), a
                # video sticker a WebM; any other is a still (WebP).
                is_animated=data[:2] == b"\x1f\x8b",
                is_video=data[:4] == b"\x1a\x45\xdf\xa3",
                width=width,
                height=height,
            )
            media.pop("file_name", None)
            media.pop("mime_type", None)
            if emoji:
                media["emoji"] = emoji
        elif kind not in CLIP_KINDS:
            media["duration"] = 3
            if kind == "voice":
                media.pop("file_name", None)  # a Voice has no file name; an Audio has
        content = stored.message_content(kind) if kind in CLIP_KINDS else {kind: media}
        # A video note and a sticker have no caption (td MessageContent.cpp: neither
        # MessageVideoNote nor MessageSticker keeps one).
        if caption and kind not in ("sticker", "video_note"):
            content.update(_typed_caption(caption))
        return await self._user_posts(chat_id, user_id, content)

    async def user_sends_album(
        self,
        chat_id: int,
        user_id: int,
        items: list[tuple[bytes, str | None, str | None]],
        *,
        caption: str | None = None,
    ) -> list[dict[str, Any]]:
        """An album mixing photos and videos (2-10 sharing a media_group_id; one is sent
        alone), each item ``(bytes, file name, mime type)``: an ``image/*`` file is a photo
        (400 if it is none), a ``video/*`` one a video, any other a photo if it is an
        image, else a video. The caption goes on the first."""
        if not 1 <= len(items) <= 10:
            raise ControlError(400, "send 1 to 10 photos or videos")
        contents: list[dict[str, Any]] = []
        for data, file_name, mime_type in items:
            kind = (mime_type or "").partition("/")[0]
            if kind == "image" or (kind != "video" and image_size(data) is not None):
                contents.append(self._photo(data))
            else:
                stored = self.files.add_file(
                    data, kind="video", file_name=file_name, mime_type=mime_type
                )
                contents.append(stored.message_content("video"))
        return await self._user_posts_album(chat_id, user_id, contents, caption)

    async def user_forwards(
        self, chat_id: int, user_id: int, from_chat_id: int, message_id: int
    ) -> dict[str, Any]:
        source_chat = self.chat(from_chat_id)
        source = source_chat.messages.get(int(message_id))
        if source is None or source.deleted:
            raise ControlError(404, f"no message {message_id} in chat {from_chat_id}")
        content = _content_of(source.data)
        content["forward_origin"] = _origin(source, source_chat)
        return await self._user_posts(chat_id, user_id, content)

    async def user_edits(
        self, chat_id: int, user_id: int, message_id: int, text: str
    ) -> dict[str, Any]:
        chat = self.chat(chat_id)
        user = self._sender(chat, user_id)
        stored = chat.messages.get(int(message_id))
        if stored is None or stored.deleted or stored.sender_id != user.id:
            raise ControlError(404, f"user {user.id} has no message {message_id} in chat {chat.id}")
        field = "caption" if "caption" in stored.data or "photo" in stored.data else "text"
        stored.data[field] = text
        stored.data["edit_date"] = self.clock.unix()
        await self._deliver_to_bots(chat, stored, kind="edited_message")
        return stored.data

    def user_deletes(self, chat_id: int, user_id: int, message_id: int) -> None:
        """The user deletes a message of their private chat with the bot (any message there,
        the bot's too); Telegram tells the bot nothing, and its later edits find no message."""
        chat = self.chat(chat_id)
        stored = chat.messages.get(int(message_id))
        if chat.type != PRIVATE or chat.id != int(user_id) or stored is None or stored.deleted:
            raise ControlError(404, f"user {user_id} has no message {message_id} to delete")
        stored.deleted = True

    async def press_button(
        self,
        user_id: int,
        chat_id: int,
        message_id: int,
        data: str,
        *,
        wait: float = 5.0,
        age: float = 0.0,
    ) -> dict[str, Any]:
        """The user presses an inline button; waits up to ``wait`` seconds for the bot's answer.

        Any ``data`` is accepted, as a tampered client could send it. ``age`` makes the press
        that many seconds old when the bot gets it (a bot that was slow or down): past
        CALLBACK_ANSWER_LIMIT it can no longer be answered.
        """
        user = self.user(user_id)
        chat = self.chat(chat_id)
        stored = chat.messages.get(int(message_id))
        if stored is None or stored.deleted:
            raise ControlError(404, f"no message {message_id} in chat {chat.id}")
        if chat.type == PRIVATE and chat.id != user.id:
            raise ControlError(403, "that is someone else's private chat")
        if chat.is_group and chat.members.get(user.id) not in IN_CHAT:
            raise ControlError(403, f"user {user.id} is not a member of chat {chat.id}")
        query = CallbackQuery(
            id=str(secrets.randbits(63)),
            user_id=user.id,
            chat_id=chat.id,
            message_id=stored.id,
            data=data,
            pressed_at=self.clock.monotonic() - age,
        )
        self.callbacks[query.id] = query
        payload = {
            "id": query.id,
            "from": user.to_api(),
            "message": stored.data,
            "chat_instance": str(abs(hash(("chat", chat.id))) % 10**18),
            "data": data,
        }
        bots = self._bots_in(chat)
        if not bots:
            raise ControlError(409, "no bot in that chat to answer the button")
        await self._emit(bots[0], "callback_query", payload)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(query.answered.wait(), wait)
        return {"query_id": query.id, "answered": query.answer is not None, **(query.answer or {})}

    # ----- reading the world -----------------------------------------------

    def list_users(self) -> list[dict[str, Any]]:
        return [
            {**u.to_api(), "started_bot": u.started_bot, "blocked_bot": u.blocked_bot}
            for u in self.users.values()
        ]

    def chats_of(self, user_id: int) -> list[dict[str, Any]]:
        """The chats a user's client lists: their private chat with the bot and the groups
        they are in, the latest first, each with its last message."""
        user = self.user(user_id)
        out: list[tuple[tuple[int, int], dict[str, Any]]] = []
        for chat in self.chats.values():
            if chat.type == PRIVATE:
                if chat.id != user.id:
                    continue
            elif chat.migrated_to is not None or chat.members.get(user.id) not in IN_CHAT:
                continue
            last = next(
                (
                    self._shown(m)
                    for _, m in sorted(chat.messages.items(), reverse=True)
                    if not m.deleted
                ),
                None,
            )
            order = (last["date"], self._latest.get(chat.id, 0)) if last else (0, 0)
            out.append((order, {"chat": self._chat_shown(chat), "last_message": last}))
        out.sort(key=lambda c: c[0], reverse=True)
        return [chat for _, chat in out]

    def _chat_shown(self, chat: Chat) -> dict[str, Any]:
        """A chat as a client shows it in its list (a private chat is the bot's)."""
        if chat.type != PRIVATE:
            return chat.to_api()
        bot = self.default_bot() if self.bots else None
        return {
            "id": chat.id,
            "type": PRIVATE,
            "title": bot.first_name if bot else "bot",
            "bot_username": bot.username if bot else None,
        }

    def commands_for(self, user_id: int, chat_id: int) -> list[dict[str, Any]]:
        """The bot's commands a user's menu shows in a chat: the narrowest scope the bot set,
        in the user's language first, as the Bot API's "Determining list of commands" says."""
        user, chat = self.user(user_id), self.chat(chat_id)
        if not self.bots:
            return []
        bot = self.default_bot()
        if chat.type == PRIVATE:
            scopes: list[dict[str, Any]] = [
                {"type": "chat", "chat_id": chat.id},
                {"type": "all_private_chats"},
            ]
        else:
            admin = chat.members.get(user.id) in ("creator", "administrator")
            scopes = [{"type": "chat_member", "chat_id": chat.id, "user_id": user.id}]
            if admin:
                scopes.append({"type": "chat_administrators", "chat_id": chat.id})
            scopes.append({"type": "chat", "chat_id": chat.id})
            if admin:
                scopes.append({"type": "all_chat_administrators"})
            scopes.append({"type": "all_group_chats"})
        scopes.append({"type": "default"})
        for scope in scopes:
            for language in (user.language_code or "", ""):
                key = json.dumps(scope, sort_keys=True) + "|" + language
                if key in bot.commands:
                    return bot.commands[key]
        return []

    def chat_info(self, chat_id: int) -> dict[str, Any]:
        """A chat and, for a group, its members with their roles (bots included)."""
        chat = self.chat(chat_id)
        members = [
            self.member_api(chat, member_id)
            for member_id in chat.members
            if member_id in self.bots or member_id in self.users
        ]
        return {"chat": self._chat_shown(chat), "members": members}

    def transcript(
        self, chat_id: int, *, after_id: int = 0, include_deleted: bool = False
    ) -> list[dict[str, Any]]:
        chat = self.chat(chat_id)
        out = []
        for message_id in sorted(chat.messages):
            stored = chat.messages[message_id]
            if message_id <= after_id or (stored.deleted and not include_deleted):
                continue
            out.append(self._shown(stored))
        return out

    @staticmethod
    def _shown(stored: StoredMessage) -> dict[str, Any]:
        """A message as the control API shows it: as the Bot API does, with what only the
        users' apps know marked (``_deleted``; ``_start_link``: sent by opening a start
        link, shown as "/start"). Unmarked, the stored message itself: the in-process
        caller (tests) sees later edits land in it."""
        if not stored.deleted and not stored.start_link:
            return stored.data
        shown = dict(stored.data)
        if stored.deleted:
            shown["_deleted"] = True
        if stored.start_link:
            shown["_start_link"] = True
        return shown

    async def wait_for_bot_messages(
        self, chat_id: int, *, after_id: int = 0, count: int = 1, timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        """Wait until ``count`` bot messages after ``after_id`` are in the chat, or the timeout."""
        chat = self.chat(chat_id)

        def from_bot() -> list[dict[str, Any]]:
            return [
                m.data
                for i, m in sorted(chat.messages.items())
                if i > after_id and m.from_bot and not m.deleted
            ]

        deadline = time.monotonic() + timeout
        async with chat.changed:
            while len(from_bot()) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(chat.changed.wait(), remaining)
        return from_bot()

    def file_bytes(self, file_id: str) -> StoredFile:
        stored = self.files.get(file_id)
        if stored is None:
            raise ControlError(404, f"no file {file_id}")
        return stored

    def requests(self, method: str | None = None) -> list[dict[str, Any]]:
        if method is None:
            return list(self.request_log)
        return [r for r in self.request_log if r["method"].lower() == method.lower()]

    def unconfirmed_updates(self) -> int:
        """Updates no bot has confirmed yet (not fetched, or fetched and not yet followed by
        the next getUpdates; not yet answered by a webhook): work a running bot still has."""
        return sum(queue.pending_count for queue in self.queues.values())

    def add_fault(self, fault: Fault) -> None:
        self.faults.append(fault)

    def reset(self) -> None:
        """A fresh world; bots keep their identity and update counter, so offsets stay valid."""
        for queue in self.queues.values():
            queue.stop_webhook()
            queue.drop_pending()
        for bot in self.bots.values():
            bot.commands.clear()
            bot.descriptions.clear()
            bot.short_descriptions.clear()
            bot.allowed_updates = None
        self.users.clear()
        self.chats.clear()
        self.callbacks.clear()
        self.faults.clear()
        self.request_log.clear()
        self.stats.clear()
        self.files.clear()
        self.limiter.reset()
        self.changed()

    # ----- helpers for the Bot API side --------------------------------------

    def new_media_group_id(self) -> str:
        return str(next(self._media_groups))

    def chat_for_bot(
        self, bot: BotAccount, chat_id: Any, *, sending: bool, read_only: bool = False
    ) -> Chat:
        """The chat a bot names, if the bot may act in it; else Telegram's error.
        ``read_only``: the call only reads the chat (Client.cpp's AccessRights::Read, as
        getChat): check_chat_access refuses an upgraded group only "if (!group_info->is_active
        && need_write_access)", and a basic group the bot left or was kicked from, or a public
        supergroup it is not in, only for edit access."""
        chat = self._named_chat(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        if chat.migrated_to is not None and read_only:
            return chat
        if chat.migrated_to is not None:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to},
            )
        if chat.type == PRIVATE:
            assert chat.user is not None
            if not self.knows(bot, chat.user):
                raise bad_request("chat not found")
            if sending and chat.user.blocked_bot:
                raise forbidden("bot was blocked by the user")
            if sending and not chat.user.started_bot:
                raise forbidden("bot can't initiate conversation with a user")
            return chat
        kind = "supergroup chat" if chat.type == SUPERGROUP else "group chat"
        status = chat.members.get(bot.id, "left")
        if read_only and (chat.type == GROUP or (chat.username and status != "kicked")):
            return chat
        if status == "kicked":
            raise forbidden(f"bot was kicked from the {kind}")
        if status not in IN_CHAT:
            raise forbidden(f"bot is not a member of the {kind}")
        return chat

    def _named_chat(self, chat_id: Any) -> Chat | None:
        """Client.cpp check_chat: "if (chat_id_str[0] == '@') { ... searchPublicChat" (a
        public supergroup's username, a user's too), else "td::to_integer<int64>(
        chat_id_str)": "12abc" names chat 12, "abc" chat 0, which is none."""
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            name = chat_id[1:].lower()
            for chat in self.chats.values():
                named = chat.username or (chat.user.username if chat.user else None)
                if named and named.lower() == name:
                    return chat
            return None
        return self.chats.get(to_integer(chat_id))

    def knows(self, bot: BotAccount, user: User) -> bool:
        """Whether the bot has seen this user: in an update or an answer, or because they
        started it (pressing START sends it /start)."""
        return user.id in bot.known_users or (user.started_bot and bot.id == self.default_bot().id)

    async def bot_posts(
        self, bot: BotAccount, chat: Chat, content: dict[str, Any]
    ) -> dict[str, Any]:
        stored = self._store(chat, bot.to_api(), content, from_bot=True)
        await self._notify(chat)
        return stored.data

    def message_for_bot(self, chat: Chat, message_id: Any, missing: str) -> StoredMessage:
        try:
            stored = chat.messages.get(int(message_id))
        except (TypeError, ValueError):
            stored = None
        if stored is None or stored.deleted:
            raise bad_request(missing)
        return stored

    async def notify(self, chat: Chat) -> None:
        await self._notify(chat)


def users_in(payload: Any) -> set[int]:
    """The ids of the users (not bots) an update or an answer shows."""
    found: set[int] = set()
    if isinstance(payload, dict):
        if payload.get("is_bot") is False and isinstance(payload.get("id"), int):
            found.add(payload["id"])
        for value in payload.values():
            found |= users_in(value)
    elif isinstance(payload, list):
        for value in payload:
            found |= users_in(value)
    return found


def _content_of(data: dict[str, Any]) -> dict[str, Any]:
    """A message's content without its identity (for copies and forwards)."""
    skip = {
        "message_id",
        "from",
        "chat",
        "date",
        "edit_date",
        "reply_to_message",
        "forward_origin",
        *LEGACY_FIELDS,
        "reply_markup",
        "media_group_id",
        "sender_chat",
    }
    return {k: v for k, v in data.items() if k not in skip}


# Message fields the documentation dropped that Client.cpp (JsonMessage) still writes, each
# beside the field that replaced it: the emulator sends them too, as Telegram does.
LEGACY_FIELDS = (
    "forward_from",
    "forward_from_chat",
    "forward_from_message_id",
    "forward_signature",
    "forward_sender_name",
    "forward_date",
    "new_chat_participant",
    "new_chat_member",
    "left_chat_participant",
)


def _legacy_fields(data: dict[str, Any]) -> dict[str, Any]:
    """JsonMessage: "forward_from" / "forward_from_chat" / "forward_sender_name" (with
    "forward_from_message_id" and "forward_signature") and "forward_date" from forward_origin;
    "new_chat_participant" and "new_chat_member" (the first added: choose_added_member_id)
    beside new_chat_members; "left_chat_participant" beside left_chat_member."""
    legacy: dict[str, Any] = {}
    origin = data.get("forward_origin")
    if isinstance(origin, dict):
        kind = origin.get("type")
        if kind == "user":
            legacy["forward_from"] = origin["sender_user"]
        elif kind == "hidden_user":
            legacy["forward_sender_name"] = origin["sender_user_name"]
        elif kind in ("chat", "channel"):
            legacy["forward_from_chat"] = origin.get("sender_chat") or origin.get("chat")
            if kind == "channel":
                legacy["forward_from_message_id"] = origin["message_id"]
            if origin.get("author_signature"):
                legacy["forward_signature"] = origin["author_signature"]
        legacy["forward_date"] = origin["date"]
    members = data.get("new_chat_members")
    if isinstance(members, list) and members:
        legacy["new_chat_participant"] = legacy["new_chat_member"] = members[0]
    if isinstance(data.get("left_chat_member"), dict):
        legacy["left_chat_participant"] = data["left_chat_member"]
    return legacy


def _origin(source: StoredMessage, chat: Chat) -> dict[str, Any]:
    if chat.type == PRIVATE or "from" in source.data:
        return {"type": "user", "date": source.data["date"], "sender_user": source.data["from"]}
    return {"type": "chat", "date": source.data["date"], "sender_chat": chat.to_api()}


def _typed_text(text: str) -> dict[str, Any]:
    """A text a person sends, as their Telegram app (tdlib's fix_formatted_text) sends it:
    cleaned and trimmed, with the links, commands and mentions Telegram finds in it."""
    try:
        kept, _ = fix_text(text, [], allow_empty=False)
    except ApiError:
        raise ControlError(400, "text is required") from None
    content: dict[str, Any] = {"text": kept}
    entities = auto_entities(kept)
    if entities:
        content["entities"] = entities
    return content


def _typed_caption(caption: str, entities: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A caption a person adds, as their app (fix_formatted_text, allow_empty) sends it:
    cleaned and trimmed, none if nothing is left, with the entities Telegram finds."""
    kept, fixed = fix_text(caption, list(entities or []), allow_empty=True)
    if not kept:
        return {}
    found = sorted(fixed + auto_entities(kept, fixed), key=lambda e: e["offset"])
    return {"caption": kept, **({"caption_entities": found} if found else {})}


def to_integer(value: Any, bits: int = 64) -> int:
    """tdlib's td::to_integer: an optional '-', then the digits that follow, the rest ignored
    ("12abc" is 12, "abc" is 0); wraps as the C++ integer of ``bits`` does."""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        found = re.match(r"-?[0-9]*", str(value))
        digits = found.group() if found else ""
        number = int(digits) if digits.lstrip("-") else 0
    half = 1 << (bits - 1)
    return (number + half) % (1 << bits) - half
