"""``domain.telegram.Messenger`` on aiogram: every send waits its turn in the shared
throttle, waits out 429s (up to a limit), and turns Telegram's errors into the
port's. A caller that took its turn itself (``wait_turn``) gets one request and
every 429 back as ``TelegramUnavailable``."""

from __future__ import annotations

import io
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BufferedInputFile,
    InputMediaPhoto,
    InputMediaVideo,
    Message,
    ReplyParameters,
    ResultChatMemberUnion,
)
from PIL import Image
from redis.asyncio import Redis

from domain.infra.telegram.callbacks import keyboard
from domain.infra.telegram.throttle import AlbumSize, RedisThrottle
from domain.observability import metrics
from domain.settings import TelegramSettings
from domain.states import MediaKind
from domain.telegram import (
    AlbumItem,
    Button,
    ChatMigrated,
    ChatUnavailable,
    Deletion,
    Edit,
    RecipientUnreachable,
    TelegramUnavailable,
    chat_status,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

UNREACHABLE = (
    "blocked by the user",
    "can't initiate conversation",
    "user is deactivated",
    "chat not found",
)


class AiogramMessenger:
    def __init__(
        self, bot: Bot, throttle: RedisThrottle, *, max_retry_wait_s: float = 60.0
    ) -> None:
        self.bot = bot
        self._throttle = throttle
        self._max_wait = max_retry_wait_s

    async def wait_turn(self, chat_id: int, longest: float, count: int | AlbumSize = 1) -> int:
        return await self._throttle.wait_turn(chat_id, longest, count)

    async def _send(
        self,
        chat_id: int,
        call: Callable[[], Awaitable[T]],
        *,
        turn_taken: bool = False,
        group_id: int | None = None,
        count: int = 1,
    ) -> T:
        while True:
            if not turn_taken:
                await self._throttle.wait_turn(chat_id, count=count)
            try:
                return await call()
            except TelegramMigrateToChat as error:
                # The group (the one sent to, or copied from) became a supergroup.
                old = group_id if group_id is not None else chat_id
                raise ChatMigrated(error.message, old, error.migrate_to_chat_id) from None
            except TelegramRetryAfter as error:
                metrics.TELEGRAM_429.inc()
                log.info(
                    "telegram asks to wait %ss before sending to %s", error.retry_after, chat_id
                )
                await self._throttle.hold_chat(chat_id, error.retry_after)
                if turn_taken or error.retry_after > self._max_wait:
                    raise TelegramUnavailable(str(error), retry_after=error.retry_after) from None
            except TelegramForbiddenError as error:
                if any(reason in error.message for reason in UNREACHABLE):
                    raise RecipientUnreachable(error.message) from None
                raise ChatUnavailable(error.message) from None
            except TelegramBadRequest as error:
                if chat_id > 0 and "chat not found" in error.message:
                    raise RecipientUnreachable(error.message) from None
                raise ChatUnavailable(error.message) from None
            except (TelegramServerError, TelegramNetworkError) as error:
                raise TelegramUnavailable(str(error)) from None

    async def send_text(
        self,
        chat_id: int,
        text: str,
        buttons: Sequence[Sequence[Button]] = (),
        *,
        reply_to: int | None = None,
        turn_taken: bool = False,
    ) -> int:
        markup = keyboard(buttons)
        reply = (
            None
            if reply_to is None
            else ReplyParameters(message_id=reply_to, allow_sending_without_reply=True)
        )
        message = await self._send(
            chat_id,
            lambda: self.bot.send_message(
                chat_id, text, reply_markup=markup, reply_parameters=reply
            ),
            turn_taken=turn_taken,
        )
        return message.message_id

    async def copy_photo(
        self,
        chat_id: int,
        from_chat_id: int,
        message_id: int,
        caption: str,
        buttons: Sequence[Sequence[Button]] = (),
        *,
        turn_taken: bool = False,
    ) -> int:
        markup = keyboard(buttons)
        copied = await self._send(
            chat_id,
            lambda: self.bot.copy_message(
                chat_id, from_chat_id, message_id, caption=caption, reply_markup=markup
            ),
            turn_taken=turn_taken,
            group_id=from_chat_id,
        )
        return copied.message_id

    async def send_photo(
        self,
        chat_id: int,
        photo: str | bytes,
        caption: str,
        buttons: Sequence[Sequence[Button]] = (),
        *,
        turn_taken: bool = False,
    ) -> int:
        markup = keyboard(buttons)
        media = BufferedInputFile(photo, "photo.jpg") if isinstance(photo, bytes) else photo
        message = await self._send(
            chat_id,
            lambda: self.bot.send_photo(chat_id, media, caption=caption, reply_markup=markup),
            turn_taken=turn_taken,
        )
        return message.message_id

    async def send_clip(
        self,
        chat_id: int,
        kind: MediaKind,
        file_id: str,
        caption: str,
        buttons: Sequence[Sequence[Button]] = (),
        *,
        turn_taken: bool = False,
    ) -> int:
        markup = keyboard(buttons)

        def request() -> Awaitable[Message]:
            if kind == MediaKind.VIDEO_NOTE:
                return self.bot.send_video_note(chat_id, file_id, reply_markup=markup)
            if kind == MediaKind.ANIMATION:
                return self.bot.send_animation(
                    chat_id, file_id, caption=caption, reply_markup=markup
                )
            return self.bot.send_video(chat_id, file_id, caption=caption, reply_markup=markup)

        message = await self._send(chat_id, request, turn_taken=turn_taken)
        return message.message_id

    async def send_album(
        self, chat_id: int, items: Sequence[AlbumItem], *, turn_taken: bool = False
    ) -> list[int]:
        media = [
            InputMediaVideo(media=item.file_id, caption=item.caption)
            if item.kind == MediaKind.VIDEO
            else InputMediaPhoto(media=item.file_id, caption=item.caption)
            for item in items
        ]
        messages = await self._send(
            chat_id,
            lambda: self.bot.send_media_group(chat_id, media=list(media)),
            turn_taken=turn_taken,
            count=len(media),  # Telegram counts each photo of an album
        )
        return [message.message_id for message in messages]

    async def download(self, file_id: str) -> bytes:
        try:
            file = await self.bot.get_file(file_id)
            if file.file_path is None:
                raise ChatUnavailable(f"file {file_id} has no path")
            data = await self.bot.download_file(file.file_path)
        except TelegramBadRequest as error:
            raise ChatUnavailable(error.message) from None
        except TelegramRetryAfter as error:
            raise TelegramUnavailable(str(error), retry_after=error.retry_after) from None
        except (TelegramServerError, TelegramNetworkError) as error:
            raise TelegramUnavailable(str(error)) from None
        if data is None:
            raise ChatUnavailable(f"file {file_id} downloaded empty")
        return data.read()

    async def member_status(self, chat_id: int, user_id: int) -> str:
        member = await self._member(chat_id, user_id)
        status = getattr(member.status, "value", member.status)
        return chat_status(str(status), getattr(member, "is_member", None))

    async def member_name(self, chat_id: int, user_id: int) -> str:
        member = await self._member(chat_id, user_id)
        return str(member.user.first_name)

    async def _member(self, chat_id: int, user_id: int) -> ResultChatMemberUnion:
        """``getChatMember``, its errors in the domain's words."""
        try:
            return await self.bot.get_chat_member(chat_id, user_id)
        except TelegramMigrateToChat as error:
            raise ChatMigrated(error.message, chat_id, error.migrate_to_chat_id) from None
        except (TelegramForbiddenError, TelegramBadRequest) as error:
            raise ChatUnavailable(error.message) from None
        except (TelegramServerError, TelegramNetworkError) as error:
            raise TelegramUnavailable(str(error)) from None

    async def delete_message(self, chat_id: int, message_id: int) -> Deletion:
        try:
            await self._send(chat_id, lambda: self.bot.delete_message(chat_id, message_id))
        except (ChatUnavailable, RecipientUnreachable) as error:
            # "message to delete not found": gone already. Anything else ("message can't be
            # deleted" past 48 hours, a bot without the right, a blocked bot): refused.
            if "not found" in str(error) and "chat not found" not in str(error):
                return Deletion.GONE
            log.info("cannot delete message %s in %s: %s", message_id, chat_id, error)
            return Deletion.REFUSED
        return Deletion.DELETED

    async def blank_photo(self, chat_id: int, message_id: int, caption: str) -> bool:
        media = InputMediaPhoto(
            media=BufferedInputFile(neutral_image(), "withdrawn.png"), caption=caption
        )
        try:
            await self._send(
                chat_id,
                lambda: self.bot.edit_message_media(
                    media=media, chat_id=chat_id, message_id=message_id, reply_markup=None
                ),
            )
        except (ChatUnavailable, RecipientUnreachable) as error:
            if _shows_nothing_more(error):
                return True
            log.info("cannot blank message %s in %s: %s", message_id, chat_id, error)
            return False
        return True

    async def replace_text(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        buttons: Sequence[Sequence[Button]] = (),
    ) -> Edit:
        markup = keyboard(buttons)
        try:
            await self._send(
                chat_id,
                lambda: self.bot.edit_message_text(
                    text, chat_id=chat_id, message_id=message_id, reply_markup=markup
                ),
            )
        except (ChatUnavailable, RecipientUnreachable) as error:
            if "not modified" in str(error):
                return Edit.EDITED
            if _shows_nothing_more(error):  # "message to edit not found": its reader deleted it
                return Edit.GONE
            log.info("cannot edit message %s in %s: %s", message_id, chat_id, error)
            return Edit.REFUSED
        return Edit.EDITED

    async def recaption(
        self,
        chat_id: int,
        message_id: int,
        caption: str,
        buttons: Sequence[Sequence[Button]] = (),
    ) -> bool:
        markup = keyboard(buttons)
        try:
            await self._send(
                chat_id,
                lambda: self.bot.edit_message_caption(
                    chat_id=chat_id, message_id=message_id, caption=caption, reply_markup=markup
                ),
            )
        except (ChatUnavailable, RecipientUnreachable) as error:
            if _shows_nothing_more(error):
                return True
            log.info("cannot re-caption message %s in %s: %s", message_id, chat_id, error)
            return False
        return True

    async def drop_buttons(self, chat_id: int, message_id: int) -> bool:
        return await self.set_buttons(chat_id, message_id, ())

    async def set_buttons(
        self, chat_id: int, message_id: int, buttons: Sequence[Sequence[Button]]
    ) -> bool:
        markup = keyboard(buttons)
        try:
            await self._send(
                chat_id,
                lambda: self.bot.edit_message_reply_markup(
                    chat_id=chat_id, message_id=message_id, reply_markup=markup
                ),
            )
        except (ChatUnavailable, RecipientUnreachable) as error:
            if _shows_nothing_more(error):
                return True
            log.info(
                "cannot change the buttons of message %s in %s: %s", message_id, chat_id, error
            )
            return False
        return True


def _shows_nothing_more(error: Exception) -> bool:
    """An edit refused because the message is gone ("message to edit not found") or says
    that already ("message is not modified"): it shows nothing of what it showed."""
    said = str(error)
    return ("not found" in said and "chat not found" not in said) or "not modified" in said


def neutral_image() -> bytes:
    """A plain grey square: what a withdrawn photo shows instead."""
    out = io.BytesIO()
    Image.new("RGB", (320, 320), (220, 220, 220)).save(out, format="PNG")
    return out.getvalue()


def make_messenger(bot: Bot, redis: Redis, telegram: TelegramSettings) -> AiogramMessenger:
    """The messenger every process uses: one throttle shared by all through Redis."""
    throttle = RedisThrottle(
        redis, per_chat_per_s=telegram.per_chat_per_s, global_per_s=telegram.global_per_s
    )
    return AiogramMessenger(bot, throttle, max_retry_wait_s=telegram.max_retry_wait_s)
