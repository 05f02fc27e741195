"""The Bot API methods a bot can call, each with Telegram's answers and errors."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from PIL import Image, UnidentifiedImageError

from sandbox.errors import ApiError, bad_request, too_many_requests
from sandbox.files import (
    CLIP_KINDS,
    GETFILE_LIMIT,
    LOCAL_GETFILE_LIMIT,
    local_copy,
    unknown_file_refusal,
)
from sandbox.formatting import check_parse_mode, parse_html, render_text, utf16_len
from sandbox.links import InvalidLink, check_link, parse_url
from sandbox.models import (
    CALLBACK_ANSWER_LIMIT,
    DOCUMENT_CLASS,
    FILE_TYPES,
    GROUP,
    PRIVATE,
    BotAccount,
    Chat,
    StoredFile,
)
from sandbox.updates import Webhook, allowed_update_types
from sandbox.world import SERVICE_KEYS, World, _content_of, _origin, to_integer, users_in

TEXT_LIMIT = 4096
MEDIA_KEYS = ("animation", "audio", "document", "photo", "video")
CAPTIONED = (*MEDIA_KEYS, "voice")  # the messages that have a caption
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
PHOTO_UPLOAD_LIMIT = 10 * 1024 * 1024  # sendPhoto: "The photo must be at most 10 MB in size"
UPLOAD_LIMIT = 50 * 1024 * 1024  # other files a bot uploads (multipart/form-data)
LOCAL_UPLOAD_LIMIT = 2000 * 1024 * 1024  # the Bot API docs: --local "Upload files up to 2000 MB"
ALBUM_TYPES = ("photo", "video", "document", "audio")
# td MessageContentType.cpp is_homogenous_media_group_content: an album of these holds
# only its own kind.
HOMOGENOUS = ("document", "audio")
# The key a message's content is kept under, the more particular first (an animation also
# carries "document"): what td's MessageContentType is, for the rules below.
CONTENT_KEYS = ("animation", "video_note", "video", "photo", "audio", "voice", "sticker")
# MessageContentType.cpp is_editable_message_content (of what the emulator's messages
# carry): a text, a caption or a medium of these may be edited; a video note or a sticker
# only for its reply markup (MessagesManager.cpp can_edit_message, "only_reply_markup").
EDITABLE = ("text", "animation", "audio", "document", "photo", "video", "voice")
# MessagesManager.cpp can_edit_message_media: the contents editMessageMedia may replace.
MEDIA_EDITABLE = ("text", *MEDIA_KEYS)
# Client.h: "MAX_LENGTH = 10000;  // max width or height", "MAX_DURATION = 24 * 60 * 60";
# the bot's width, height, duration and length are clamped to them (get_integer_arg).
MAX_DIMENSION = 10000
MAX_DURATION = 24 * 60 * 60
# Files a message keeps as they are when sent again by file_id (see _file_content).
AS_STORED = ("document", "audio", *CLIP_KINDS)
# deleteMessage: "A message can only be deleted if it was sent less than 48 hours ago."
DELETE_WINDOW_S = 48 * 3600
COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
SPACES = " \t\n\r\v\f\0"  # what tdlib's trim() takes off
DESCRIPTION_LIMIT = 512  # setMyDescription: "0-512 characters"
SHORT_DESCRIPTION_LIMIT = 120  # setMyShortDescription: "0-120 characters"
# Client.cpp get_chat_action: "td::to_lower_inplace(action)", then these (and the old names
# record_audio, upload_audio and pick_up_location, and cancel).
CHAT_ACTIONS = frozenset(
    {
        "cancel",
        "record_audio",
        "upload_audio",
        "pick_up_location",
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
# Sending methods count against the flood limits.
SENDING = frozenset(
    {
        "sendmessage",
        "sendphoto",
        "senddocument",
        "sendmediagroup",
        "copymessage",
        "copymessages",
        "forwardmessage",
        "forwardmessages",
        "sendsticker",
        "sendanimation",
        "sendvideo",
        "sendvideonote",
    }
)
UPLOADS = {"sendphoto": "photo", "senddocument": "document"}


@dataclass(frozen=True)
class Described:
    """A result Telegram sends with a description ("Webhook is already set")."""

    result: Any
    description: str


@dataclass
class Upload:
    data: bytes
    filename: str | None
    content_type: str | None


Params = dict[str, Any]
Files = dict[str, Upload]
Method = Callable[[BotAccount, Params, Files], Awaitable[Any]]
# The send a method call is making, whose flood allowance is taken once it is valid.
_FLOOD: ContextVar[tuple[str, int, Params] | None] = ContextVar("flood", default=None)


def _int(params: Params, key: str, *, required: bool = True) -> int | None:
    value = params.get(key)
    if value is None or value == "":
        if required:
            raise bad_request(f"{key} is empty" if key != "chat_id" else "chat_id is empty")
        return None
    if key in ("chat_id", "from_chat_id"):
        # Client.cpp check_chat: only an empty chat_id is refused ("chat_id is empty"); any
        # other is read by td::to_integer (or looked up as an @username), and a chat it
        # does not name is "chat not found" (World.chat_for_bot).
        return to_integer(value)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_request(f"invalid {key} specified") from None


def _message_id(params: Params, key: str = "message_id") -> int:
    """Client.cpp get_message_id: "if (s_arg.empty()) { return 0; }", "int arg = td::
    to_integer<int32>(s_arg); if (arg < 0) { return 0; }": absent, negative or not a number
    is 0, which check_message answers "<message_type> not found" ("message_id <= 0")."""
    value = params.get(key)
    if value is None or value == "":
        return 0
    return max(to_integer(value, 32), 0)


def _message_ids(params: Params, key: str = "message_ids") -> list[int]:
    """Client.cpp get_message_ids (up to 100), with its words (lowercased by
    fail_query_with_error); an empty list: "Message identifiers are not specified"."""
    value = params.get(key)
    if value is None or value == "":
        raise bad_request("message identifiers are not specified")
    if not isinstance(value, list):
        raise bad_request("expected an Array of message identifiers")
    if len(value) > 100:
        raise bad_request("too many message identifiers specified")
    ids = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, (int, str, float)):
            raise bad_request("message identifier must be a Number")
        text = str(item)
        # td::to_integer_safe<int32>: the whole of it a number that fits.
        if not re.fullmatch(r"-?[0-9]+", text) or not -(2**31) <= int(text) < 2**31:
            raise bad_request("can't parse message identifier as a Number")
        if int(text) <= 0:
            raise bad_request("invalid message identifier specified")
        ids.append(int(text))
    if not ids:
        raise bad_request("message identifiers are not specified")
    return ids


def _clamped(params: Params, key: str, default: int, low: int, high: int) -> int:
    """Client.cpp get_integer_arg: "s_arg.empty() ? default_value : td::to_integer<int32>(
    s_arg)" then "td::clamp(value, min_value, max_value)": never refused; td::to_integer
    reads an optional '-' and the digits that follow (none: 0)."""
    value = params.get(key)
    if value is None or value == "":
        return default
    found = re.match(r"-?[0-9]*", str(value))
    digits = found.group() if found else ""
    number = int(digits) if digits.lstrip("-") else 0
    return min(max(number, low), high)


def _bool(params: Params, key: str) -> bool:
    value = params.get(key)
    return value is True or (isinstance(value, str) and value.lower() in ("true", "1"))


# Client.cpp get_inline_keyboard_button_type: the first of these a button has is its kind
# (an empty "url" or "callback_data" counts as absent); the rest of the button is ignored.
BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "callback_game",
    "pay",
    "switch_inline_query",
    "switch_inline_query_chosen_chat",
    "switch_inline_query_current_chat",
    "login_url",
    "web_app",
    "copy_text",
)
ROW_BUTTONS_LIMIT = 8
KEYBOARD_BUTTONS_LIMIT = 100


class _FieldError(Exception):
    pass


def _required_string(obj: dict[str, Any], name: str) -> str:
    """td JsonObject::get_required_string_field (tdutils JsonBuilder.cpp): a string, or a
    number as it was written; absent: "Can't find field \"<name>\""; anything else
    (null, true, an object): "Field \"<name>\" must be of type String"."""
    if name not in obj:
        raise _FieldError(f'Can\'t find field "{name}"')
    value = obj[name]
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise _FieldError(f'Field "{name}" must be of type String')


# The scopes without a chat, and those naming one (Client.cpp get_bot_command_scope).
WIDE_SCOPES = ("default", "all_private_chats", "all_group_chats", "all_chat_administrators")
CHAT_SCOPES = ("chat", "chat_administrators", "chat_member")


def _read_scope(value: Any) -> dict[str, Any]:
    """Client.cpp get_bot_command_scope: none is the default scope; else an object whose
    "type" is one of the seven, a chat's with its "chat_id" (a string, or a number as
    written: resolved later, by ``_checked_scope``) and a member's "user_id" (a positive
    number). Each error is "Can't parse BotCommandScope: " and tdlib's words."""
    if value is None or value == "":
        return {"type": "default"}
    try:
        if not isinstance(value, dict):
            raise _FieldError("BotCommandScope must be an Object")
        kind = _required_string(value, "type")
        if kind in WIDE_SCOPES:
            return {"type": kind}
        if kind not in CHAT_SCOPES:
            raise _FieldError("Unsupported type specified")
        chat_id = _required_string(value, "chat_id")
        if not chat_id:
            raise _FieldError("Empty chat_id specified")
        scope: dict[str, Any] = {"type": kind, "chat_id": chat_id}
        if kind == "chat_member":
            scope["user_id"] = _required_long(value, "user_id")
            if scope["user_id"] <= 0:
                raise _FieldError("Invalid user_id specified")
        return scope
    except _FieldError as error:
        raise bad_request(f"can't parse BotCommandScope: {error}") from None


def _required_long(obj: dict[str, Any], name: str) -> int:
    """td JsonObject::get_required_long_field: a number, or a string of one, read whole
    (to_integer_safe: "12abc" is no number); absent: "Can't find field"."""
    if name not in obj:
        raise _FieldError(f'Can\'t find field "{name}"')
    value = obj[name]
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _FieldError(f'Field "{name}" must be a Number')
    text = value if isinstance(value, str) else json.dumps(value)
    if not re.fullmatch(r"-?[0-9]+", text) or not -(1 << 63) <= int(text) < (1 << 63):
        raise _FieldError(f'Field "{name}" must be a valid Number')
    return int(text)


def _button_error(detail: str) -> ApiError:
    # Client.cpp get_reply_markup: "Can't parse inline keyboard button: " << error
    return bad_request(f"can't parse inline keyboard button: {detail}")


def _inline_button(button: Any, *, deep: bool = True) -> dict[str, Any]:
    """One InlineKeyboardButton, checked as the Bot API (Client.cpp) and then tdlib
    (ReplyMarkup.cpp) check it; returns the button as Telegram keeps it. ``deep=False``:
    Client.cpp's half only (what it reads before the chat)."""
    if not isinstance(button, dict):
        raise _button_error("InlineKeyboardButton must be an Object")
    try:
        text = _required_string(button, "text")
    except _FieldError as error:
        raise _button_error(str(error)) from None
    button = {**button, "text": text}
    action = next(
        (
            key
            for key in BUTTON_ACTIONS
            if key in button
            and button[key] is not None
            and (key not in ("url", "callback_data") or button[key] != "")
        ),
        None,
    )
    if action is None:
        raise _button_error("Text buttons are unallowed in the inline keyboard")
    if not deep:
        return {}
    # An empty text: the button is dropped (_reply_markup). Whitespace alone is refused with
    # ReplyMarkup.cpp's "Inline keyboard button text must be non-empty" (the server's own
    # answer cannot be read in a source; assumed).
    if button["text"] and not button["text"].strip():
        raise bad_request("inline keyboard button text must be non-empty")
    value = button[action]
    if action == "callback_data" and not len(str(value).encode()) <= CALLBACK_DATA_LIMIT:
        raise bad_request("BUTTON_DATA_INVALID")
    if action == "url":
        # ReplyMarkup.cpp: "Inline keyboard button " << LinkManager::check_link's
        # "URL '<url>' is invalid: Wrong HTTP URL" (Client.cpp lowercases the first letter).
        try:
            value = check_link(str(value))
        except InvalidLink as error:
            raise bad_request(f"inline keyboard button {error}") from None
    return {"text": button["text"], action: value}


def _reply_markup(params: Params, *, deep: bool = True) -> dict[str, Any] | None:
    """The reply markup as the message shows it: an inline keyboard, or nothing. Client.cpp
    drops every other kind from a Message ("reply_markup->get_id() !=
    td_api::replyMarkupInlineKeyboard::ID ... reply_markup = nullptr"), and an empty inline
    keyboard is no keyboard (get_reply_markup: "else if (!inline_rows.empty())")."""
    markup = params.get("reply_markup")
    if markup is None or markup == "":  # Client.cpp: "if (reply_markup.empty()) return nullptr"
        return None
    if isinstance(markup, str):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if not isinstance(markup, dict):
        raise bad_request("object expected as reply markup")
    keyboard = markup.get("keyboard")
    # Client.cpp get_reply_markup: extract_optional_field("keyboard", Array) (td JsonObject:
    # "Field \"keyboard\" must be of type Array"), then "Field \"keyboard\" must be an
    # Array of Arrays" for a row that is not one.
    if keyboard is not None and not isinstance(keyboard, list):
        raise bad_request('field "keyboard" must be of type Array')
    if keyboard is not None and not all(isinstance(row, list) for row in keyboard):
        raise bad_request('field "keyboard" must be an Array of Arrays')
    rows = markup.get("inline_keyboard")
    if rows is None:
        return None
    if not isinstance(rows, list):
        raise bad_request('field "inline_keyboard" must be of type Array')
    if not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
        )
    checked = [[_inline_button(button, deep=deep) for button in row] for row in rows]
    if not deep:
        return None
    # ReplyMarkup.cpp get_reply_markup: "if (button->text_.empty() && button->icon_custom_
    # emoji_id_ == 0) { continue; }", "if (!row_buttons.empty()) { ...push_back(...) }" and
    # "if (reply_markup->inline_keyboard.empty()) { return nullptr; }": a button without
    # text, a row without buttons and a keyboard without rows are dropped.
    kept = [kept_row for row in checked if (kept_row := [b for b in row if b["text"]])]
    if keyboard or not kept:
        return None  # a reply keyboard wins over an inline one; neither is echoed
    if (
        any(len(row) > ROW_BUTTONS_LIMIT for row in kept)
        or sum(len(row) for row in kept) > KEYBOARD_BUTTONS_LIMIT
    ):
        raise bad_request("reply markup is too long")
    return {"inline_keyboard": kept}


def _checked(upload: Upload, *, local: bool) -> Upload:
    """An uploaded file within what the Bot API accepts (a --local server: 2000 MB)."""
    if not upload.data:
        raise bad_request("file must be non-empty")
    if len(upload.data) > (LOCAL_UPLOAD_LIMIT if local else UPLOAD_LIMIT):
        raise ApiError(413, "Request Entity Too Large")
    return upload


def _check_photo_dimensions(data: bytes) -> None:
    """sendPhoto: "width and height must not exceed 10000 in total; ratio at most 20"."""
    try:
        with Image.open(io.BytesIO(data)) as header:
            width, height = header.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise bad_request("IMAGE_PROCESS_FAILED") from None
    if width + height > 10000 or max(width, height) > 20 * min(width, height):
        raise bad_request("PHOTO_INVALID_DIMENSIONS")


def _reply_to(params: Params) -> tuple[int | None, bool]:
    """The message replied to, and whether to send anyway when it is not there
    (``allow_sending_without_reply``)."""
    reply = params.get("reply_parameters")
    if isinstance(reply, dict) and reply.get("message_id") is not None:
        return int(reply["message_id"]), bool(reply.get("allow_sending_without_reply"))
    anyway = str(params.get("allow_sending_without_reply", "")).lower() == "true"
    return _int(params, "reply_to_message_id", required=False), anyway


class BotApi:
    def __init__(self, world: World) -> None:
        self.world = world
        self.methods: dict[str, Method] = {
            name.lower(): getattr(self, "m_" + name)
            for name in (
                "getMe",
                "getUpdates",
                "setWebhook",
                "deleteWebhook",
                "getWebhookInfo",
                "sendMessage",
                "sendPhoto",
                "sendDocument",
                "sendVideo",
                "sendVideoNote",
                "sendAnimation",
                "sendMediaGroup",
                "copyMessage",
                "copyMessages",
                "forwardMessage",
                "editMessageText",
                "editMessageCaption",
                "editMessageMedia",
                "editMessageReplyMarkup",
                "deleteMessage",
                "deleteMessages",
                "answerCallbackQuery",
                "getFile",
                "getChat",
                "getChatMember",
                "getChatAdministrators",
                "getChatMemberCount",
                "sendChatAction",
                "leaveChat",
                "setMyCommands",
                "getMyCommands",
                "deleteMyCommands",
                "setMyDescription",
                "getMyDescription",
                "setMyShortDescription",
                "getMyShortDescription",
                "pinChatMessage",
            )
        }

    async def call(
        self, bot: BotAccount, method: str, params: Params, files: Files | None = None
    ) -> Any:
        """Run one method; raises ApiError as Telegram would answer."""
        name = method.lower()
        implementation = self.methods.get(name)
        if implementation is None:
            # Client.cpp on_cmd: "fail_query(404, "Not Found: method not found", ...)"
            raise ApiError(404, "Not Found: method not found")
        chat_id = _chat_id_of(params)
        for fault in self.world.faults:
            if fault.matches(name, chat_id):
                fault.served += 1
                parameters = {"retry_after": fault.retry_after} if fault.retry_after else None
                raise ApiError(fault.error_code, fault.text(), parameters)
        # A send is counted against the flood limits only once it is valid and about to be
        # made (the Bot API server checks a request before tdlib sends anything): see
        # _sending(), called where a method posts.
        pending = _FLOOD.set((name, chat_id, params) if name in SENDING and chat_id else None)
        try:
            return await implementation(bot, params, files or {})
        finally:
            _FLOOD.reset(pending)

    def _sending(self) -> None:
        """The request is valid and now sends: take its flood allowance (once per call)."""
        pending = _FLOOD.get()
        if pending is not None:
            _FLOOD.set(None)
            self._take_flood_allowance(*pending)

    def _take_flood_allowance(self, name: str, chat_id: int, params: Params) -> None:
        chat = self.world.chats.get(chat_id)
        if chat is None:
            return
        count = 1
        if name == "sendmediagroup" and isinstance(params.get("media"), list):
            count = max(1, len(params["media"]))
        elif name in ("copymessages", "forwardmessages") and isinstance(
            params.get("message_ids"), list
        ):
            count = max(1, len(params["message_ids"]))
        retry_after = self.world.limiter.check(chat_id, count=count, is_group=chat.is_group)
        if retry_after is not None:
            self.world.stats["429"] += 1
            raise too_many_requests(retry_after)

    # ----- updates ---------------------------------------------------------

    async def m_getMe(self, bot: BotAccount, params: Params, files: Files) -> Any:
        return {
            **bot.to_api(),
            "can_join_groups": True,
            "can_read_all_group_messages": not bot.privacy_mode,
            "supports_inline_queries": False,
            # Client.cpp JsonUser with full_bot_info writes these too, always.
            "supports_guest_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
            "has_topics_enabled": False,
            "allows_users_to_create_topics": False,
            "can_manage_bots": False,
        }

    async def m_getUpdates(self, bot: BotAccount, params: Params, files: Files) -> Any:
        given, allowed = allowed_update_types(params.get("allowed_updates"))
        if given:
            bot.allowed_updates = allowed
        # Client.cpp process_get_updates_query: "get_integer_arg(query.get(), "limit", 100, 1,
        # 100)": absent is 100, anything else clamped to 1..100 (0 is 1); timeout to 0..50.
        limit = _clamped(params, "limit", 100, 1, 100)
        timeout = _clamped(params, "timeout", 0, 0, 50)
        offset = _clamped(params, "offset", 0, -(2**31), 2**31 - 1)
        return await self.world.queues[bot.id].get_updates(
            offset=offset, limit=limit, timeout=timeout
        )

    async def m_setWebhook(self, bot: BotAccount, params: Params, files: Files) -> Any:
        url = str(params.get("url") or "")
        if not url:
            return await self.m_deleteWebhook(bot, params, files)
        queue = self.world.queues[bot.id]
        # Client.cpp process_set_webhook_query: "if (now < next_allowed_set_webhook_time_)
        # { query->set_retry_after_error(1); ...} next_allowed_set_webhook_time_ = now + 1;",
        # before anything else (an unchanged webhook included).
        now = self.world.clock.monotonic()
        if now < queue.next_set_webhook_at:
            raise too_many_requests(1)
        queue.next_set_webhook_at = now + 1
        # do_set_webhook: td::parse_url(new_url, td::HttpUrl::Protocol::Https)
        try:
            parsed = parse_url(url, https=True)
        except InvalidLink:
            raise bad_request("invalid webhook URL specified") from None
        secret = params.get("secret_token")
        if secret is not None and len(str(secret)) > 256:
            raise bad_request("secret token is too long")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]*", str(secret)):
            raise bad_request("secret token contains unallowed characters")
        # WebhookActor.cpp start_up, "if (!parameters_->local_mode_)": Telegram's own
        # servers post only over HTTPS, and only to these ports; a --local server to any.
        if not self.world.local_mode:
            if not parsed.https:
                raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
            if (parsed.specified_port or 443) not in (443, 88, 80, 8443):
                raise bad_request(
                    "bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
                )
        given, allowed = allowed_update_types(params.get("allowed_updates"))
        if given:
            bot.allowed_updates = allowed  # Client.cpp: update_allowed_update_types, even
            # when the webhook itself is already set
        webhook = Webhook(
            url=url,
            secret_token=secret,
            max_connections=_int(params, "max_connections", required=False) or 40,
        )
        current = queue.webhook
        drop = _bool(params, "drop_pending_updates")
        if (
            current is not None
            and (current.url, current.secret_token, current.max_connections)
            == (webhook.url, webhook.secret_token, webhook.max_connections)
            and not drop
        ):
            # The Bot API server changes nothing (updates in flight stay in flight).
            return Described(True, "Webhook is already set")
        if drop:
            queue.drop_pending()
        await queue.set_webhook(webhook, self.call)
        return Described(True, "Webhook was set")

    async def m_deleteWebhook(self, bot: BotAccount, params: Params, files: Files) -> Any:
        queue = self.world.queues[bot.id]
        had = queue.webhook is not None
        queue.stop_webhook()
        if _bool(params, "drop_pending_updates"):
            queue.drop_pending()
        return Described(True, "Webhook was deleted" if had else "Webhook is already deleted")

    async def m_getWebhookInfo(self, bot: BotAccount, params: Params, files: Files) -> Any:
        return self.world.queues[bot.id].info()

    # ----- sending ----------------------------------------------------------

    def _text(
        self, params: Params, key: str, entities_key: str, limit: int, *, required: bool
    ) -> dict[str, Any]:
        raw = params.get(key)
        if raw is None or raw == "":
            if required:
                raise bad_request("message text is empty")
            return {}
        entities = params.get(entities_key)
        # Client.cpp get_input_message_text: "if (text.empty()) ... "Message text is empty"";
        # a text of spaces reaches tdlib, which trims it (formatting.fix_text); a caption of
        # spaces is none.
        plain, found = render_text(
            str(raw),
            params.get("parse_mode"),
            entities if isinstance(entities, list) else None,
            allow_empty=not required,
        )
        if not plain:
            return {}
        if utf16_len(plain) > limit:
            raise bad_request(
                "message is too long" if key == "text" else "message caption is too long"
            )
        content: dict[str, Any] = {key: plain}
        if found:
            content[entities_key] = found
        return content

    async def _post(
        self, bot: BotAccount, chat: Chat, params: Params, content: dict[str, Any]
    ) -> dict[str, Any]:
        markup = _reply_markup(params)
        if markup is not None:
            content["reply_markup"] = markup
        reply_to, anyway = _reply_to(params)
        if reply_to is not None:
            replied = chat.messages.get(reply_to)
            if replied is None or replied.deleted:
                if not anyway:
                    raise bad_request("message to be replied not found")
            else:
                content["reply_to_message"] = {
                    k: v for k, v in replied.data.items() if k != "reply_to_message"
                }
        self._sending()
        return await self.world.bot_posts(bot, chat, content)

    def _sending_chat(self, bot: BotAccount, params: Params) -> Chat:
        _int(params, "chat_id")
        chat = self.world.chat_for_bot(bot, params["chat_id"], sending=True)
        # Client.cpp check_chat_forum_topic: in a private chat "can_be_forum = true" and a
        # message_thread_id (get_forum_topic_id: a negative one is 0) is looked up with
        # getForumTopic; this emulator's bots have no topics, so TdOnCheckForumTopicCallback
        # fails it with its default "Message thread not found". In a group that is no forum
        # it is ignored ("return on_success(chat_id, nullptr, ...)").
        thread = _clamped(params, "message_thread_id", 0, 0, 2**31 - 1)
        if thread and chat.type == "private":
            raise bad_request("message thread not found")
        return chat

    @staticmethod
    def _text_read_first(params: Params, key: str, *, required: bool) -> None:
        """What Client.cpp reads of a text before it looks at the chat or the message
        (get_input_message_text, get_caption -> get_formatted_text): "Message text is
        empty", the parse_mode and the markup it parses ("Can't parse entities: ...").
        Trimming and the length limits are tdlib's, after the chat: see _text."""
        raw = params.get(key)
        if raw is None or raw == "":
            if required:
                raise bad_request("message text is empty")
            return
        if check_parse_mode(str(raw), params.get("parse_mode")) == "html":
            parse_html(str(raw))

    async def m_sendMessage(self, bot: BotAccount, params: Params, files: Files) -> Any:
        # Client.cpp process_send_message_query: get_input_message_text, then do_send_message
        # (check_chat).
        self._text_read_first(params, "text", required=True)
        _reply_markup(params, deep=False)  # do_send_message: get_reply_markup, then check_chat
        chat = self._sending_chat(bot, params)
        content = self._text(params, "text", "entities", TEXT_LIMIT, required=True)
        return await self._post(bot, chat, params, content)

    def _input_file(
        self, params: Params, key: str, files: Files
    ) -> tuple[StoredFile | None, Upload | None]:
        """An existing file (by file_id) or an upload (``attach://name`` or the field itself)."""
        value = params.get(key)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value.removeprefix("attach://"))
            if upload is None:
                # Client.cpp get_input_file: nullptr, "There is no <field> in the request"
                raise bad_request(f"there is no {key} in the request")
            return None, _checked(upload, local=self.world.local_mode)
        if key in files:
            return None, _checked(files[key], local=self.world.local_mode)
        if not value:
            raise bad_request(f"there is no {key} in the request")
        stored = self.world.files.get(str(value))
        if stored is None:
            raise bad_request(unknown_file_refusal(str(value)))
        return stored, None

    def _photo_sizes(self, params: Params, key: str, files: Files) -> list[dict[str, Any]]:
        stored, upload = self._input_file(params, key, files)
        if upload is not None:
            if len(upload.data) > PHOTO_UPLOAD_LIMIT:
                raise bad_request("PHOTO_SAVE_FILE_INVALID")
            _check_photo_dimensions(upload.data)
            try:
                sizes = self.world.files.add_photo(upload.data)
            except ValueError:
                raise bad_request("IMAGE_PROCESS_FAILED") from None
            return [size.to_api() for size in sizes]
        assert stored is not None
        _check_file_type(stored, "photo")
        return [size.to_api() for size in stored.family or [stored]]

    def _file_content(
        self, params: Params, key: str, files: Files, kind: str, given: Params | None = None
    ) -> dict[str, Any]:
        """The content a file sent as ``kind`` (document, video, video_note, animation...)
        makes. An upload is stored as that kind: its size and duration what the bot gave
        (``given``: width, height, duration, length), else what its bytes say. A file_id
        must name a file tdlib may send as ``kind`` (_check_file_type), and the message is
        what that file is: tdlib sends the file by its id, so Telegram keeps it as it was
        (a video sent with sendDocument is a video)."""
        stored, upload = self._input_file(params, key, files)
        if upload is None:
            assert stored is not None
            _check_file_type(stored, kind)
            return stored.message_content(stored.kind if stored.kind in AS_STORED else kind)
        stored = self.world.files.add_file(
            upload.data,
            kind=kind,
            file_name=upload.filename or "file",
            mime_type=upload.content_type
            if upload.content_type != "application/octet-stream"
            else None,
        )
        given = given or {}
        for name in ("width", "height", "duration"):
            limit = MAX_DURATION if name == "duration" else MAX_DIMENSION
            if value := _clamped(given, name, 0, 0, limit):
                setattr(stored, name, value)
        if length := _clamped(given, "length", 0, 0, MAX_DIMENSION):
            stored.width = stored.height = length
        return stored.message_content(kind)

    def _album_item(self, item: Params, files: Files, kind: str, given: Params) -> dict[str, Any]:
        """The content one InputMedia makes (sendMediaGroup, editMessageMedia): its file as
        ``kind`` and its caption, refused as td get_input_message_content refuses them."""
        if kind == "photo":
            content: dict[str, Any] = {"photo": self._photo_sizes(item, "media", files)}
        else:
            content = self._file_content(item, "media", files, kind, given)
        content.update(
            self._text(item, "caption", "caption_entities", CAPTION_LIMIT, required=False)
        )
        return content

    async def m_sendPhoto(self, bot: BotAccount, params: Params, files: Files) -> Any:
        # Client.cpp process_send_photo_query: "if (photo == nullptr) ... "There is no photo
        # in the request"", get_caption, then do_send_message (check_chat).
        if not _names_a_file(params.get("photo"), files, "photo"):
            raise bad_request("there is no photo in the request")
        self._text_read_first(params, "caption", required=False)
        _reply_markup(params, deep=False)
        chat = self._sending_chat(bot, params)
        content = {"photo": self._photo_sizes(params, "photo", files)}
        content.update(
            self._text(params, "caption", "caption_entities", CAPTION_LIMIT, required=False)
        )
        return await self._post(bot, chat, params, content)

    async def _send_file(
        self, bot: BotAccount, params: Params, files: Files, kind: str, *, caption: bool = True
    ) -> Any:
        """sendDocument, sendVideo, sendAnimation, sendVideoNote: Client.cpp process_send_
        <kind>_query reads the file ("There is no <kind> in the request") and the caption
        (a video note has none), then do_send_message the markup and the chat; tdlib then
        the file's type (td MessageContent.cpp get_input_message_content: get_input_file_id),
        the caption's length and a video note's length."""
        if not _names_a_file(params.get(kind), files, kind):
            raise bad_request(f"there is no {kind.replace('_', ' ')} in the request")
        if caption:
            self._text_read_first(params, "caption", required=False)
        _reply_markup(params, deep=False)
        chat = self._sending_chat(bot, params)
        content = self._file_content(params, kind, files, kind, params)
        # MessageContent.cpp create_input_message_content: "if (length < 0 || length > 640)
        # { return Status::Error(400, "Wrong video note length"); }".
        if kind == "video_note" and _clamped(params, "length", 0, 0, MAX_DIMENSION) > 640:
            raise bad_request("wrong video note length")
        if caption:
            content.update(
                self._text(params, "caption", "caption_entities", CAPTION_LIMIT, required=False)
            )
        return await self._post(bot, chat, params, content)

    async def m_sendDocument(self, bot: BotAccount, params: Params, files: Files) -> Any:
        return await self._send_file(bot, params, files, "document")

    async def m_sendVideo(self, bot: BotAccount, params: Params, files: Files) -> Any:
        return await self._send_file(bot, params, files, "video")

    async def m_sendAnimation(self, bot: BotAccount, params: Params, files: Files) -> Any:
        return await self._send_file(bot, params, files, "animation")

    async def m_sendVideoNote(self, bot: BotAccount, params: Params, files: Files) -> Any:
        return await self._send_file(bot, params, files, "video_note", caption=False)

    async def m_sendMediaGroup(self, bot: BotAccount, params: Params, files: Files) -> Any:
        # Client.cpp process_send_media_group_query: get_input_message_contents (the media
        # required, an Array, each item an InputMedia) before the chat is looked at.
        media = params.get("media")
        if media is None or media == "":
            raise bad_request('parameter "media" is required')
        if isinstance(media, str):  # Client.cpp get_input_message_contents: json_decode failed
            raise bad_request("can't parse media JSON object")
        if not isinstance(media, list):
            raise bad_request("expected an Array of InputMedia")
        for item in media:
            _check_input_media(item, files, for_album=True)
        chat = self._sending_chat(bot, params)
        # MessagesManager.cpp send_message_group: "if (input_message_contents.empty()) ...
        # "There are no messages to send"", then each item's file and caption
        # (process_input_message_content), then MessageContent.cpp check_message_group_
        # message_contents on them all.
        if not media:
            raise bad_request("there are no messages to send")
        contents = []
        for item in media:
            item_params = {
                "media": item.get("media"),
                **{k: item[k] for k in ("caption", "parse_mode", "caption_entities") if k in item},
            }
            contents.append(self._album_item(item_params, files, item["type"], item))
        _check_album([item["type"] for item in media], [_caption_above(item) for item in media])
        # "if (message_contents.size() > 1) { media_album_id = generate_new_media_album_id()":
        # one item is sent as a message of its own, with no media_group_id.
        if len(contents) > 1:
            album = self.world.new_media_group_id()
            for content in contents:
                content["media_group_id"] = album
        self._sending()
        return [await self.world.bot_posts(bot, chat, content) for content in contents]

    def _source(
        self, bot: BotAccount, params: Params, message_id: Any, missing: str
    ) -> tuple[Chat, Any]:
        _from_chat_id(params)
        source_chat = self.world.chat_for_bot(bot, params["from_chat_id"], sending=False)
        return source_chat, self.world.message_for_bot(source_chat, message_id, missing)

    async def _copy(
        self, bot: BotAccount, chat: Chat, params: Params, message_id: Any
    ) -> dict[str, Any]:
        _, source = self._source(bot, params, message_id, "message to copy not found")
        if _is_service(source.data):
            raise bad_request("the message can't be copied")
        content = _content_of(source.data)
        # Client.cpp process_copy_message_query: "bool replace_caption = query->has_arg(
        # "caption")" (an empty one removes it); td MessageContent.cpp dup_message_content
        # replaces the caption of an animation, audio, document, photo, video or voice
        # note only: a video note, a sticker or a text copied with a caption keeps none.
        if "caption" in params and any(key in content for key in CAPTIONED):
            content.pop("caption", None)
            content.pop("caption_entities", None)
            content.update(
                self._text(params, "caption", "caption_entities", CAPTION_LIMIT, required=False)
            )
        elif _bool(params, "remove_caption"):
            content.pop("caption", None)
            content.pop("caption_entities", None)
        return await self._post(bot, chat, params, content)

    async def m_copyMessage(self, bot: BotAccount, params: Params, files: Files) -> Any:
        # Client.cpp process_copy_message_query: from_chat_id and the message to copy are
        # checked first ("check_message(from_chat_id, message_id, ...)", a message_id absent
        # or not a number is 0: "message to copy not found"), then the chat it goes to.
        message_id = _message_id(params)
        self._source(bot, params, message_id, "message to copy not found")
        _reply_markup(params, deep=False)
        chat = self._sending_chat(bot, params)
        copied = await self._copy(bot, chat, params, message_id)
        return {"message_id": copied["message_id"]}

    async def m_copyMessages(self, bot: BotAccount, params: Params, files: Files) -> Any:
        # Client.cpp process_copy_messages_query: from_chat_id, then get_message_ids.
        _from_chat_id(params)
        ids = _message_ids(params)
        chat = self._sending_chat(bot, params)
        plain = {k: v for k, v in params.items() if k not in ("caption", "reply_markup")}
        # td forward_messages skips what can_forward_message refuses (a service message);
        # Client.cpp TdOnForwardMessagesCallback: "if (messages->messages_.empty()) ...
        # "Messages can't be forwarded"" (for copies too).
        source_chat = self.world.chat_for_bot(bot, params["from_chat_id"], sending=False)
        wanted = [
            i
            for i in sorted(ids)
            if not (
                isinstance(i, int)
                and (found := source_chat.messages.get(i)) is not None
                and _is_service(found.data)
            )
        ]
        if not wanted:
            raise bad_request("messages can't be forwarded")
        return [
            {"message_id": (await self._copy(bot, chat, plain, i))["message_id"]} for i in wanted
        ]

    async def m_forwardMessage(self, bot: BotAccount, params: Params, files: Files) -> Any:
        # Client.cpp process_forward_message_query: as copyMessage, the source first.
        source_chat, source = self._source(
            bot, params, _message_id(params), "message to forward not found"
        )
        chat = self._sending_chat(bot, params)
        if _is_service(source.data):
            raise bad_request("the message can't be forwarded")
        content = _content_of(source.data)
        content["forward_origin"] = source.data.get("forward_origin") or _origin(
            source, source_chat
        )
        self._sending()
        return await self.world.bot_posts(bot, chat, content)

    # ----- editing and deleting ---------------------------------------------

    def _own_message(
        self,
        bot: BotAccount,
        params: Params,
        refusal: str = "message can't be edited",
        *,
        markup_only: bool = False,
    ) -> tuple[Chat, Any]:
        # Client.cpp process_edit_message_*_query: "if (chat_id.empty() && message_id == 0)"
        # the message is an inline one, get_inline_message_id: "Message identifier is not
        # specified" when there is none; else check_message(chat_id, message_id, ...).
        # Client.cpp process_edit_message_*_query: "TRY_RESULT(reply_markup, get_reply_markup(
        # ...))" before the message is looked at.
        _reply_markup(params, deep=False)
        message_id = _message_id(params)
        if params.get("chat_id") in (None, "") and message_id == 0:
            if not params.get("inline_message_id"):
                raise bad_request("message identifier is not specified")
            raise bad_request("inline messages are not supported by this emulator")
        _int(params, "chat_id")
        chat = self.world.chat_for_bot(bot, params["chat_id"], sending=False)
        stored = self.world.message_for_bot(chat, message_id, "message to edit not found")
        # td MessagesManager.cpp can_edit_message: "is_message_forward(m)" is false, a
        # message not "is_outgoing" is false, and a service message's content is neither
        # "is_editable_message_content" nor, for its reply markup alone, "!is_service_
        # message_content(content_type)": "Message can't be edited" (edit_message_media:
        # "Message media can't be edited", can_edit_message_media).
        if (
            not stored.from_bot
            or stored.sender_id != bot.id
            or "forward_origin" in stored.data
            or _is_service(stored.data)
        ):
            raise bad_request(refusal)
        # can_edit_message: "if (is_editable_message_content(content_type)) return true;" and
        # for a bot's reply markup alone any content that is no service message: a video
        # note's caption, text or medium "can't be edited", its buttons can.
        if not markup_only and _content_kind(stored.data) not in EDITABLE:
            raise bad_request(refusal)
        return chat, stored

    async def _apply_edit(self, chat: Chat, stored: Any, changes: dict[str, Any]) -> dict[str, Any]:
        """Replace the given fields (None removes one); an edit that changes nothing is refused."""
        if {k: stored.data.get(k) for k in changes} == changes:
            raise bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        for key, value in changes.items():
            if value is None:
                stored.data.pop(key, None)
            else:
                stored.data[key] = value
        stored.data["edit_date"] = self.world.clock.unix()
        await self.world.notify(chat)
        return dict(stored.data)

    async def m_editMessageText(self, bot: BotAccount, params: Params, files: Files) -> Any:
        # Client.cpp process_edit_message_text_query: "TRY_RESULT(input_message_text,
        # get_input_message_text(query.get()))" before the message is looked at.
        self._text_read_first(params, "text", required=True)
        chat, stored = self._own_message(bot, params)
        if "text" not in stored.data:
            raise bad_request("there is no text in the message to edit")
        content = self._text(params, "text", "entities", TEXT_LIMIT, required=True)
        changes = {
            "text": content["text"],
            "entities": content.get("entities"),
            "reply_markup": _reply_markup(params),
        }
        return await self._apply_edit(chat, stored, changes)

    async def m_editMessageCaption(self, bot: BotAccount, params: Params, files: Files) -> Any:
        self._text_read_first(params, "caption", required=False)  # get_caption, first
        chat, stored = self._own_message(bot, params)
        # MessagesManager.cpp edit_message_caption: can_have_message_content_caption.
        if _content_kind(stored.data) not in CAPTIONED:
            raise bad_request("there is no caption in the message to edit")
        content = self._text(params, "caption", "caption_entities", CAPTION_LIMIT, required=False)
        changes = {
            "caption": content.get("caption"),
            "caption_entities": content.get("caption_entities"),
            "reply_markup": _reply_markup(params),
        }
        return await self._apply_edit(chat, stored, changes)

    async def m_editMessageMedia(self, bot: BotAccount, params: Params, files: Files) -> Any:
        """A message's media (or its text: MessagesManager.cpp can_edit_message_media takes
        "case MessageContentType::Text:" too) replaced by a photo, video, animation, audio
        or document. Client.cpp process_edit_message_media_query reads the media
        ("get_input_media") before it looks at the message."""
        media = params.get("media")
        if media is None or media == "":
            raise bad_request('parameter "media" is required')
        if isinstance(media, str):
            try:
                media = json.loads(media)
            except ValueError:
                raise bad_request("can't parse input media JSON object") from None
        _check_input_media(media, files, for_album=False)
        chat, stored = self._own_message(bot, params, "message media can't be edited")
        # can_edit_message_media: Text, Animation, Audio, Document, Photo, Video, else
        # edit_message_media's "Message media can't be edited".
        old = _content_kind(stored.data)
        if old not in MEDIA_EDITABLE:
            raise bad_request("message media can't be edited")
        # process_input_message_content: the file and the caption are tdlib's first...
        kind = str(media["type"])
        item = {
            "media": media.get("media"),
            **{k: media[k] for k in ("caption", "parse_mode", "caption_entities") if k in media},
        }
        new = self._album_item(item, files, kind, media)
        # ... then, for a message of an album, the kind it becomes (what tdlib makes of the
        # InputMedia: a video's file_id sent as "document" is a Document to it): "if
        # (!is_allowed_media_group_content(new_content_type))" "Message content type can't
        # be used in an album", "if (is_homogenous_media_group_content(old...) ||
        # is_homogenous_media_group_content(new...))" "Can't change media type in the album".
        if stored.data.get("media_group_id") and kind != old:
            if kind not in ALBUM_TYPES:
                raise bad_request("message content type can't be used in an album")
            if old in HOMOGENOUS or kind in HOMOGENOUS:
                raise bad_request("can't change media type in the album")
        changes = {
            **{key: None for key in (*MEDIA_EDITABLE, "caption", "caption_entities")},
            "entities": None,
            "link_preview_options": None,  # what it was is gone
            **new,
            "reply_markup": _reply_markup(params),
        }
        return await self._apply_edit(chat, stored, changes)

    async def m_editMessageReplyMarkup(self, bot: BotAccount, params: Params, files: Files) -> Any:
        chat, stored = self._own_message(bot, params, markup_only=True)
        return await self._apply_edit(chat, stored, {"reply_markup": _reply_markup(params)})

    def _deletable(self, bot: BotAccount, chat: Chat, message_id: Any) -> Any:
        """The message, if the bot may delete it; else Telegram's refusal."""
        stored = self.world.message_for_bot(chat, message_id, "message to delete not found")
        own = stored.from_bot and stored.sender_id == bot.id
        may_moderate = chat.type == "private" or chat.members.get(bot.id) in (
            "administrator",
            "creator",
        )
        # td MessagesManager.cpp delete_messages: "if (is_bot && message_id.is_server() &&
        # !can_revoke_message(dialog_id, m)) ... "Message can't be deleted for everyone"";
        # in a basic group can_revoke_message is "((m->is_outgoing && !is_service_message_
        # content(content_type)) || is_appointed_administrator)": another's message, or the
        # bot's own service message, without being an administrator.
        if chat.type == "group" and not may_moderate and (not own or _is_service(stored.data)):
            raise bad_request("message can't be deleted for everyone")
        if not own and not may_moderate:
            raise bad_request("message can't be deleted")
        # can_delete_channel_message: "content_type == MessageContentType::ChannelMigrateFrom
        # || content_type == MessageContentType::ChannelCreate" -> false, for anyone.
        if chat.type == "supergroup" and any(
            key in stored.data for key in ("migrate_from_chat_id", "supergroup_chat_created")
        ):
            raise bad_request("message can't be deleted")
        # "A message can only be deleted if it was sent less than 48 hours ago": past that,
        # Telegram says "for everyone" in a private chat (only the reader may delete it).
        if self.world.clock.unix() - int(stored.data.get("date", 0)) >= DELETE_WINDOW_S:
            raise bad_request(
                "message can't be deleted for everyone"
                if chat.type == "private"
                else "message can't be deleted"
            )
        return stored

    async def m_deleteMessage(self, bot: BotAccount, params: Params, files: Files) -> Any:
        # Client.cpp process_delete_message_query: "if (chat_id.empty()) ... "Chat identifier
        # is not specified"", "if (message_id == 0) ... "Message identifier is not
        # specified"", before the chat is looked at.
        if params.get("chat_id") in (None, ""):
            raise bad_request("chat identifier is not specified")
        message_id = _message_id(params)
        if message_id == 0:
            raise bad_request("message identifier is not specified")
        chat = self.world.chat_for_bot(bot, params["chat_id"], sending=False)
        self._deletable(bot, chat, message_id).deleted = True
        await self.world.notify(chat)
        return True

    async def m_deleteMessages(self, bot: BotAccount, params: Params, files: Files) -> Any:
        # Client.cpp process_delete_messages_query: get_message_ids(query, 100) first, then
        # check_messages (allow_empty: those not found are left out).
        ids = _message_ids(params)
        _int(params, "chat_id")
        chat = self.world.chat_for_bot(bot, params["chat_id"], sending=False)
        # td delete_messages checks every message ("can't be deleted") before deleting any.
        found = [
            self._deletable(bot, chat, message_id)
            for message_id in ids
            if (stored := chat.messages.get(message_id)) is not None and not stored.deleted
        ]
        for stored in found:
            stored.deleted = True
        await self.world.notify(chat)
        return True

    async def m_answerCallbackQuery(self, bot: BotAccount, params: Params, files: Files) -> Any:
        query = self.world.callbacks.get(str(params.get("callback_query_id") or ""))
        # Telegram answers a query once, and only while the user's app still waits for it
        # (Client.cpp maps the server's QUERY_ID_INVALID to these words).
        if (
            query is None
            or query.answer is not None
            or self.world.clock.monotonic() - query.pressed_at > CALLBACK_ANSWER_LIMIT
        ):
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        query.answer = {
            "text": text,
            "show_alert": _bool(params, "show_alert"),
            "url": params.get("url"),
        }
        query.answered.set()
        return True

    # ----- files, chats, commands --------------------------------------------

    async def m_getFile(self, bot: BotAccount, params: Params, files: Files) -> Any:
        # Client.cpp check_remote_file_id: "if (file_id.empty()) ... "Bad Request: file_id not
        # specified""; one td does not know: TdOnCheckRemoteFileIdCallback's "invalid file_id".
        if params.get("file_id") in (None, ""):
            raise bad_request("file_id not specified")
        stored = self.world.files.get(str(params.get("file_id")))
        if stored is None:
            raise bad_request("invalid file_id")
        # Client.cpp do_get_file: "if (!parameters_->local_mode_ && td::max(file->expected_
        # size_, ...) > MAX_DOWNLOAD_FILE_SIZE) ... "Bad Request: file is too big""; a --local
        # server downloads any file (Telegram holds none over 2000 MB) and json_store_file
        # gives "file->local_->path_", the absolute path on its disk.
        local = self.world.local_dir if self.world.local_mode else None
        if stored.size > (GETFILE_LIMIT if local is None else LOCAL_GETFILE_LIMIT):
            raise bad_request("file is too big")
        path = stored.file_path if local is None else str(local_copy(local, bot.token, stored))
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "file_path": path,
        }

    async def m_getChat(self, bot: BotAccount, params: Params, files: Files) -> Any:
        _int(params, "chat_id")
        # Client.cpp process_get_chat_query: check_chat(chat_id, AccessRights::Read, ...)
        chat = self.world.chat_for_bot(bot, params["chat_id"], sending=False, read_only=True)
        pinned = chat.messages.get(chat.pinned_message_id or 0)
        return {
            **chat.to_api(),
            **({"pinned_message": pinned.data} if pinned and not pinned.deleted else {}),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    async def m_getChatMember(self, bot: BotAccount, params: Params, files: Files) -> Any:
        # Client.cpp get_user_id, before the chat: "td::max(td::to_integer<int64>(...), 0)",
        # "if (user_id == 0) ... "Invalid " << field_name << " specified"".
        user_id = max(to_integer(params.get("user_id") or ""), 0)
        if user_id == 0:
            raise bad_request("invalid user_id specified")
        _int(params, "chat_id")
        # Client.cpp: "user_id == my_id_ ? AccessRights::Read : AccessRights::ReadMembers"
        chat = self.world.chat_for_bot(
            bot, params["chat_id"], sending=False, read_only=user_id == bot.id
        )
        if user_id not in self.world.users and user_id not in self.world.bots:
            raise bad_request("user not found")
        # td DialogParticipantManager.cpp do_get_dialog_participant, "case DialogType::User:":
        # only the bot and the other user are members, else "Member not found".
        if chat.type == "private" and user_id not in (chat.id, bot.id):
            raise bad_request("member not found")
        member = self.world.member_api(chat, user_id)
        bot.known_users.update(users_in(member))  # tdlib now has the user
        return member

    async def m_getChatAdministrators(self, bot: BotAccount, params: Params, files: Files) -> Any:
        _int(params, "chat_id")
        chat = self.world.chat_for_bot(bot, params["chat_id"], sending=False)
        if chat.type == "private":
            raise bad_request("there are no administrators in the private chat")
        # Client.cpp JsonChatMembers: "if (!return_bots_) { ... if (is_member_bot && user_id
        # != client_->my_id_) { continue; }": other bots only with return_bots.
        others = () if _bool(params, "return_bots") else tuple(set(self.world.bots) - {bot.id})
        admins = [
            self.world.member_api(chat, member_id)
            for member_id, status in chat.members.items()
            if status in ("creator", "administrator") and member_id not in others
        ]
        bot.known_users.update(users_in(admins))
        return admins

    async def m_getChatMemberCount(self, bot: BotAccount, params: Params, files: Files) -> Any:
        _int(params, "chat_id")
        chat = self.world.chat_for_bot(bot, params["chat_id"], sending=False)
        if chat.type == "private":
            return 2
        return sum(
            1
            for status in chat.members.values()
            if status in ("creator", "administrator", "member", "restricted")
        )

    async def m_sendChatAction(self, bot: BotAccount, params: Params, files: Files) -> Any:
        # Client.cpp process_send_chat_action_query: the action is read before the chat.
        if str(params.get("action") or "").lower() not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self._sending_chat(bot, params)
        return True

    async def m_leaveChat(self, bot: BotAccount, params: Params, files: Files) -> Any:
        _int(params, "chat_id")
        chat = self.world.chat_for_bot(bot, params["chat_id"], sending=False)
        if chat.type == "private":
            raise bad_request("chat member status can't be changed in private chats")
        await self.world.set_bot_status(chat.id, "left", bot_id=bot.id)
        return True

    def _scope_key(self, bot: BotAccount, params: Params) -> str:
        """The command list a scope and language name: the scope read as Client.cpp reads
        it, its chat (if any) checked, and keyed by the chat's id, however it was written."""
        return (
            self._checked_scope(bot, _read_scope(params.get("scope")))
            + "|"
            + str(params.get("language_code") or "")
        )

    def _checked_scope(self, bot: BotAccount, scope: dict[str, Any]) -> str:
        """Client.cpp check_bot_command_scope: a scope's chat found as check_chat finds it,
        with AccessRights::ReadMembers (a basic group as for writing: one the bot left, or
        upgraded, is refused; a public supergroup read without being in it); then tdlib
        BotCommandScope.cpp: a private chat only with the scope "chat"."""
        if "chat_id" not in scope:
            return json.dumps(scope, sort_keys=True)
        chat = self.world.chat_for_bot(bot, scope["chat_id"], sending=False, read_only=True)
        if chat.type == GROUP:
            chat = self.world.chat_for_bot(bot, scope["chat_id"], sending=False)
        if chat.type == PRIVATE and scope["type"] != "chat":
            raise bad_request("can't use specified scope in private chats")
        return json.dumps({**scope, "chat_id": chat.id}, sort_keys=True)

    async def m_setMyCommands(self, bot: BotAccount, params: Params, files: Files) -> Any:
        # Client.cpp get_bot_commands: "if (commands.empty()) { return td::vector<...>(); }":
        # none given sets an empty list.
        commands = params.get("commands")
        if commands is None or commands == "":
            commands = []
        if isinstance(commands, str):
            raise bad_request("can't parse commands JSON object")
        if not isinstance(commands, list):
            raise bad_request("expected an Array of BotCommand")  # Client.cpp get_bot_commands
        given = []
        for command in commands:
            if not isinstance(command, dict):
                raise bad_request("can't parse BotCommand: expected an Object")
            try:
                given.append(
                    {key: _required_string(command, key) for key in ("command", "description")}
                )
            except _FieldError as error:
                raise bad_request(f"can't parse BotCommand: {error}") from None
        # Client.cpp process_set_my_commands_query: the commands' JSON, then the scope's,
        # then its chat; tdlib checks each command after.
        key = self._scope_key(bot, params)
        kept = []
        for command in given:
            # tdlib BotCommand.cpp set_commands: both trimmed, a leading "/" dropped, then
            # "Command must be non-empty", "Command description must be non-empty" and the
            # lengths (32, 256); the server's BOT_COMMAND_INVALID comes after, for all.
            name = command["command"].strip(SPACES).removeprefix("/")
            description = command["description"].strip(SPACES)
            if not name:
                raise bad_request("command must be non-empty")
            if len(name) > 32:
                raise bad_request("command length must not exceed 32")
            if not description:
                raise bad_request("command description must be non-empty")
            if len(description) > 256:
                raise bad_request("command description length must not exceed 256")
            kept.append({"command": name, "description": description})
        if len(kept) > 100:  # "At most 100 commands" (the server's words not checked here)
            raise bad_request("can't parse commands JSON object")
        if not all(COMMAND_NAME.match(c["command"]) for c in kept):
            raise bad_request("BOT_COMMAND_INVALID")
        bot.commands[key] = kept
        return True

    async def m_getMyCommands(self, bot: BotAccount, params: Params, files: Files) -> Any:
        return bot.commands.get(self._scope_key(bot, params), [])

    async def m_deleteMyCommands(self, bot: BotAccount, params: Params, files: Files) -> Any:
        bot.commands.pop(self._scope_key(bot, params), None)
        return True

    # The bot's description (the empty chat's "What can this bot do?") and short description
    # (its profile and the start screen), per language as setMyCommands keeps commands.
    @staticmethod
    def _language_of(params: Params) -> str:
        return str(params.get("language_code") or "")

    async def m_setMyDescription(self, bot: BotAccount, params: Params, files: Files) -> Any:
        text = str(params.get("description") or "")
        if len(text) > DESCRIPTION_LIMIT:
            raise bad_request("BOT_DESCRIPTION_INVALID")
        bot.descriptions[self._language_of(params)] = text
        return True

    async def m_getMyDescription(self, bot: BotAccount, params: Params, files: Files) -> Any:
        # Unset for this language: the one set without a language (the default), as Telegram.
        language = self._language_of(params)
        return {"description": bot.descriptions.get(language, bot.descriptions.get("", ""))}

    async def m_setMyShortDescription(self, bot: BotAccount, params: Params, files: Files) -> Any:
        text = str(params.get("short_description") or "")
        if len(text) > SHORT_DESCRIPTION_LIMIT:
            raise bad_request("BOT_ABOUT_INVALID")
        bot.short_descriptions[self._language_of(params)] = text
        return True

    async def m_getMyShortDescription(self, bot: BotAccount, params: Params, files: Files) -> Any:
        language = self._language_of(params)
        short = bot.short_descriptions.get(language, bot.short_descriptions.get("", ""))
        return {"short_description": short}

    # ----- pinned messages ----------------------------------------------------

    async def m_pinChatMessage(self, bot: BotAccount, params: Params, files: Files) -> Any:
        """In a group the bot must be an administrator with can_pin_messages (the emulator's
        administrators have it); in a private chat it may always pin. The chat gets the
        service message "<bot> pinned ..." (``pinned_message``), as in the apps."""
        _int(params, "chat_id")
        chat = self.world.chat_for_bot(bot, params["chat_id"], sending=False)
        # Client.cpp process_pin_chat_message_query: check_message ("message to pin not
        # found") first; then td MessagesManager.cpp can_pin_message: DialogManager::
        # can_pin_messages ("Not enough rights to manage pinned messages in the chat"), then
        # "is_service_message_content" -> "Service messages can't be pinned".
        stored = self.world.message_for_bot(chat, _message_id(params), "message to pin not found")
        if chat.is_group and chat.members.get(bot.id) not in ("administrator", "creator"):
            raise bad_request("not enough rights to manage pinned messages in the chat")
        if _is_service(stored.data):
            raise bad_request("service messages can't be pinned")
        if chat.pinned_message_id == stored.id:
            return True
        chat.pinned_message_id = stored.id
        # "will not contain further reply_to_message fields even if it itself is a reply"
        pinned = {k: v for k, v in stored.data.items() if k != "reply_to_message"}
        await self.world.bot_posts(bot, chat, {"pinned_message": pinned})
        return True


def _check_input_media(item: Any, files: Files, *, for_album: bool) -> None:
    """One InputMedia as Client.cpp get_input_media reads it, with its words behind "Can't
    parse InputMedia: ": "expected an Object", the required "type" (td JsonObject: "Can't
    find field \"type\""), "media not found" when it names no file, then the type: photo,
    video, audio and document (an album takes no animation: "type \"animation\" can't be
    used in sendMediaGroup"), any other "type \"...\" is unsupported"."""

    def refused(detail: str) -> ApiError:
        return bad_request(f"can't parse InputMedia: {detail}")

    if not isinstance(item, dict):
        raise refused("expected an Object")
    # "get_optional_bool_field("show_caption_above_media")", "...("has_spoiler")" before
    # the type: td JsonObject "Field \"<name>\" must be of type Boolean".
    for flag in ("show_caption_above_media", "has_spoiler"):
        if flag in item and not isinstance(item[flag], bool):
            raise refused(f'Field "{flag}" must be of type Boolean')
    try:
        kind = _required_string(item, "type")
    except _FieldError as error:
        raise refused(str(error)) from None
    if not _names_a_file(item.get("media"), files):
        raise refused("media not found")
    if kind == "animation" and for_album:
        raise refused('type "animation" can\'t be used in sendMediaGroup')
    if kind not in (*ALBUM_TYPES, "animation"):
        raise refused(f'type "{kind}" is unsupported')


def _caption_above(item: dict[str, Any]) -> bool:
    """An InputMedia's caption shown above it: create_input_message_content keeps
    "show_caption_above_media" for a photo, a video or an animation only."""
    return item.get("show_caption_above_media") is True and item.get("type") in (
        "photo",
        "video",
        "animation",
    )


def _check_album(kinds: list[str], above: list[bool]) -> None:
    """MessageContent.cpp check_message_group_message_contents: "MAX_GROUPED_MESSAGES = 10"
    ("Too many messages to send as an album"), every item's "invert_media" that of the
    first ("Parameter show_caption_above_media must be the same for all messages"), and an
    album of documents or of audio holds nothing else (is_homogenous_media_group_content:
    message_content_type << " can't be mixed with other media types")."""
    if len(kinds) > 10:
        raise bad_request("too many messages to send as an album")
    if any(one != above[0] for one in above):
        raise bad_request("parameter show_caption_above_media must be the same for all messages")
    for alone in HOMOGENOUS:
        if alone in kinds and set(kinds) != {alone}:
            raise bad_request(f"{alone} can't be mixed with other media types")


def _check_file_type(stored: StoredFile, kind: str) -> None:
    """A file_id sent as ``kind``: td FileManager::check_input_file_id refuses a file of
    another type unless both are documents of some kind (FileType.cpp get_file_type_class:
    a video, an animation or a video note may go as a document and back), with "Can't use
    file of type " << real_type << " as " << type (Client.cpp lowercases the first letter)."""
    wanted = FILE_TYPES[kind]
    if stored.file_type != wanted and not {stored.file_type, wanted} <= DOCUMENT_CLASS:
        raise bad_request(f"can't use file of type {stored.file_type} as {wanted}")


def _names_a_file(value: Any, files: Files, field: str | None = None) -> bool:
    """Client.cpp get_input_file: a file_id or URL (any other non-empty string), an
    "attach://<name>" that the request carries, or the field itself uploaded; else none
    ("return nullptr")."""
    if isinstance(value, str) and value.startswith("attach://"):
        return value.removeprefix("attach://") in files
    if value not in (None, ""):
        return True
    return field is not None and field in files


def _from_chat_id(params: Params) -> None:
    """Client.cpp get_required_string_arg: "Parameter \"" << field_name << "\" is required"
    (lowercased by fail_query_with_error)."""
    if params.get("from_chat_id") in (None, ""):
        raise bad_request('parameter "from_chat_id" is required')


def _chat_id_of(params: Params) -> int | None:
    try:
        return int(params["chat_id"])
    except (KeyError, TypeError, ValueError):
        return None


def _is_service(data: dict[str, Any]) -> bool:
    """A service message: td MessageContent.cpp can_forward_message_content, "return
    !is_service_message_content(content_type) && ...": it can be neither forwarded nor
    copied (MessagesManager.cpp forward_message: "The message can't be copied" / "The message
    can't be forwarded")."""
    return any(key in data for key in SERVICE_KEYS)


def _content_kind(data: dict[str, Any]) -> str | None:
    """What a message is (td's MessageContentType, by the key Telegram writes its content
    under): "video", "photo", "text"..., or None for what the emulator does not tell apart
    (a service message, a poll, a location)."""
    found = next((key for key in CONTENT_KEYS if key in data), None)
    if found is not None:
        return found
    return next((key for key in ("document", "text") if key in data), None)
