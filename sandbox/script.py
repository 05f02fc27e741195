"""Scripted Telegram users for the emulator: they talk to a facedrop bot the way
people do (join a group through its link, agree, enroll a person, post photos).
Used by end-to-end tests, the benchmark and demos; it only knows the bot's
commands and the shape of its answers, not its code: the words it reads and the buttons it
presses are the bot's English source sentences, which a ``Words`` given by whoever knows the
bot's catalogs says in each user's language (the demo's, played in its viewer's)."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Sequence
from typing import Any, Protocol

from sandbox.world import World

Message = dict[str, Any]


class ScriptError(AssertionError):
    """The bot did not answer as a person using it would expect."""


class Words(Protocol):
    """One of the bot's sentences (its English source text) as the bot says it to a user
    whose Telegram app speaks ``language``: its HTML and the placeholders without a value
    as they are, each value given filled in as the bot writes a name there."""

    def __call__(self, language: str | None, source: str, /, **values: str) -> str: ...


def in_english(language: str | None, source: str, /, **values: str) -> str:
    """The bot's words where no catalog is at hand: its source text, in English."""
    return source.format(**values) if values else source


# What a sentence's words are cut at: its markup and its placeholders (a name, a number).
_NOT_WORDS = re.compile(r"<[^>]*>|\{\w*\}")
# Invisible marks a right-to-left sentence carries around its names and commands.
_MARKS = "\u200e\u200f\u2066\u2067\u2068\u2069"


class Script:
    def __init__(
        self, world: World, bot_username: str, *, wait: float = 60.0, words: Words = in_english
    ) -> None:
        self.world = world
        self.bot_username = bot_username
        self.wait = wait
        self.words = words

    def label(self, user: Message, source: str, **values: str) -> str:
        """A button's label (its English source text) as ``user`` reads it."""
        return self.words(user.get("language_code"), source, **values)

    def said(self, user: Message, message: Message, *sources: str) -> bool:
        """Whether ``message`` says one of these sentences of the bot's (English source
        texts) in ``user``'s language: it holds the sentence's first words, those before
        a name, a number or markup."""
        text = message.get("text") or message.get("caption") or ""
        return any(self._first_words(user, source) in text for source in sources)

    def _first_words(self, user: Message, source: str) -> str:
        pieces = (p.strip(" \n" + _MARKS) for p in _NOT_WORDS.split(self.label(user, source)))
        return next((p for p in pieces if p), source)

    def user(self, name: str) -> Message:
        return self.world.create_user(name, username=name.lower())

    async def says(self, user: Message, text: str, chat_id: int | None = None) -> Message:
        return await self.world.user_sends_text(chat_id or user["id"], user["id"], text)

    async def replies(self, chat_id: int, after: Message | int, count: int = 1) -> list[Message]:
        """The bot's next ``count`` messages in a chat after a message (waits for them)."""
        after_id = after if isinstance(after, int) else after["message_id"]
        messages = await self.world.wait_for_bot_messages(
            chat_id, after_id=after_id, count=count, timeout=self.wait
        )
        if len(messages) < count:
            raise ScriptError(f"expected {count} bot message(s) in chat {chat_id}, got {messages}")
        return messages

    async def reply_to(self, user: Message, text: str) -> Message:
        sent = await self.says(user, text)
        return (await self.replies(user["id"], sent))[0]

    async def press(self, user: Message, message: Message, label: str) -> Message:
        """Press the inline button whose text starts with ``label``; returns the bot's answer
        to the press (``answered``, ``text``, ``show_alert``)."""
        for row in message.get("reply_markup", {}).get("inline_keyboard", []):
            for button in row:
                if button["text"].startswith(label):
                    return await self.world.press_button(
                        user["id"],
                        message["chat"]["id"],
                        message["message_id"],
                        button["callback_data"],
                    )
        raise ScriptError(f"no button {label!r} in {message.get('reply_markup')}")

    def with_button(self, user: Message, label: str) -> Message:
        """The bot's latest message to the user with a button whose text starts with this."""
        transcript: list[Message] = self.world.transcript(user["id"])
        for message in reversed(transcript):
            rows = message.get("reply_markup", {}).get("inline_keyboard", [])
            if message["from"]["is_bot"] and any(
                b["text"].startswith(label) for row in rows for b in row
            ):
                return message
        raise ScriptError(f"no message with a {label!r} button in {user['first_name']}'s chat")

    async def after_pressing(
        self, user: Message, message: Message, label: str, count: int = 1
    ) -> list[Message]:
        """Press a button and return the bot's next ``count`` messages to the user."""
        before = self.world.transcript(user["id"])[-1]["message_id"]
        await self.press(user, message, label)
        return await self.replies(user["id"], before, count)

    async def group_with_bot(
        self, title: str, creator: Message, members: Sequence[Message], *, admin: bool = True
    ) -> tuple[Message, str]:
        """A group with the bot in it; returns the group and its join link's payload."""
        group = self.world.create_group(
            title, creator_id=creator["id"], member_ids=[m["id"] for m in members]
        )
        await self.world.set_bot_status(group["id"], "administrator" if admin else "member")
        welcome = (await self.replies(group["id"], 0))[0]
        if admin:  # an admin bot pins its welcome ("... pinned"): what comes next is an answer
            await self.replies(group["id"], welcome)
        url = welcome["reply_markup"]["inline_keyboard"][0][0]["url"]
        match = re.fullmatch(rf"https://t\.me/{self.bot_username}\?start=(\S+)", url)
        if match is None:
            raise ScriptError(f"the welcome's button is not a join link: {url}")
        return group, match.group(1)

    async def open_startgroup(self, user: Message, url: str, chat: Message) -> Message:
        """Open a ``?startgroup=`` link and pick ``chat``: the bot is added if needed and
        ``/start@<bot> <payload>`` is sent there; returns that message."""
        match = re.fullmatch(r"https://t\.me/(\w+)\?startgroup=([A-Za-z0-9_-]+)", url)
        if match is None:
            raise ScriptError(f"not a startgroup link: {url}")
        return await self.world.open_startgroup_link(
            user["id"], chat["id"], match.group(2), bot_username=match.group(1)
        )

    async def admin_chat(self, group: Message, organizer: Message, title: str) -> Message:
        """A new chat of ``organizer``'s, linked as ``group``'s admin chat as an admin does
        it: /admin in the group, then its link opened in the new chat."""
        sent = await self.says(organizer, "/admin", group["id"])
        (answer,) = await self.replies(group["id"], sent)
        url = answer.get("reply_markup", {}).get("inline_keyboard", [[{}]])[0][0].get("url", "")
        chat = self.world.create_group(title, creator_id=organizer["id"])
        start = await self.open_startgroup(organizer, url, chat)
        deadline = time.monotonic() + self.wait
        while time.monotonic() < deadline:
            # The bot's welcome as a photo group may come first (then it is deleted).
            for message in await self.replies(chat["id"], start):
                if "now the admin chat of" in message.get("text", ""):
                    return chat
            await asyncio.sleep(0.1)
        raise ScriptError(f"{title} was not linked as the admin chat of {group['title']}")

    async def join(self, user: Message, payload: str) -> None:
        """Open the group's link, then agree."""
        opened = await self.world.open_start_link(user["id"], payload)
        answer = (await self.replies(user["id"], opened))[0]
        if self.said(user, answer, *_JOINED):
            return  # agreed before
        if not self.said(user, answer, "Do you agree? Tap the button or send /agree."):
            raise ScriptError(f"no consent question: {answer['text']}")
        agreed = await self.reply_to(user, "/agree")
        if not self.said(user, agreed, *_JOINED):
            raise ScriptError(f"not joined: {agreed['text']}")

    async def enroll(self, user: Message, name: str, photos: Sequence[bytes]) -> None:
        """/add name, each photo accepted, /done, and the bot says the person is ready."""
        asked = await self.reply_to(user, f"/add {name}")
        if not self.said(user, asked, _ASK_PHOTOS):
            raise ScriptError(f"not asked for photos: {asked['text']}")
        for photo in photos:
            sent = (await self.world.user_sends_photos(user["id"], user["id"], [photo]))[0]
            verdict = (await self.replies(user["id"], sent))[0]
            if not verdict["text"].lstrip(_MARKS).startswith("✅"):
                raise ScriptError(f"enrollment photo refused: {verdict['text']}")
        done = await self.says(user, "/done")
        finishing, ready = await self.replies(user["id"], done, count=2)
        if not self.said(user, ready, "<b>{name}</b> is ready."):
            raise ScriptError(f"not ready: {finishing['text']} / {ready['text']}")

    async def post(self, group: Message, poster: Message, *images: bytes) -> list[Message]:
        return await self.world.user_sends_photos(group["id"], poster["id"], list(images))

    def delivered(self, user: Message) -> list[Message]:
        """Group photos the bot delivered privately to this user: each with its "Not
        <name>?" buttons, or in an album answered by a message carrying them."""
        transcript = [m for m in self.world.transcript(user["id"]) if m["from"]["is_bot"]]
        corrected = {
            m["reply_to_message"].get("media_group_id")
            for m in transcript
            if "reply_to_message" in m and _has_not_button(m)
        }
        return [
            m
            for m in transcript
            if ("photo" in m or "document" in m)
            and (_has_not_button(m) or m.get("media_group_id") in corrected - {None})
        ]


# The bot's answers a script waits for, as its catalogs write them (English source texts).
_JOINED = (
    "You're in: I'll look for your people in <b>{group}</b>.\n"
    "Use /add to enroll your child (3 to 10 photos of their face, or a short clip).",
    "You're in <b>{group}</b>.\nTo enroll another child, use /add.",
    "You're in {groups}.",
)
_ASK_PHOTOS = (
    "Now send me {minimum} to {maximum} photos of <b>{name}</b> (several at once is fine): "
    "recent, clear photos where the face is large, well lit and looking at the camera, and "
    "nobody else is close (a child changes fast: photos of the last months find them best)."
)


def _has_not_button(message: Message) -> bool:
    """A "Not Alice?" button, in any language: its data (facedrop's NotPersonData)."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return any(
        str(button.get("callback_data", "")).startswith("np:") for row in rows for button in row
    )
