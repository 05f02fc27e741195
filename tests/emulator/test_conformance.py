"""The Bot API conformance check: the validator on hand-written objects, and the
emulator's hook reporting what it answers outside the spec."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import ClientDecodeError, TelegramRetryAfter

from sandbox import Emulator
from sandbox.conformance import SPEC_FILE, Spec, default_spec
from sandbox.errors import ApiError
from sandbox.limits import Fault
from sandbox.spec.extract import dumps, reduce
from tests.emulator.conftest import TOKEN, jpeg

USER = {"id": 100000001, "is_bot": False, "first_name": "Ann"}
GROUP = {"id": -1001, "type": "group", "title": "Class 1A"}
MESSAGE = {"message_id": 5, "date": 1_700_000_000, "chat": GROUP, "from": USER, "text": "hi"}


@pytest.fixture
def spec() -> Spec:
    return default_spec()


def test_a_good_message_fits(spec: Spec) -> None:
    assert spec.check_result("sendMessage", MESSAGE) == []


def test_a_missing_required_field_is_named_with_its_path(spec: Spec) -> None:
    chat = {k: v for k, v in GROUP.items() if k != "type"}
    assert spec.check_result("sendPhoto", {**MESSAGE, "chat": chat}) == [
        "sendPhoto -> Message.chat.type: missing required field"
    ]


def test_wrong_types_are_reported(spec: Spec) -> None:
    bad = {**MESSAGE, "date": "yesterday", "chat": {**GROUP, "id": True}}
    assert spec.check_result("sendMessage", bad) == [
        'sendMessage -> Message.date: expected Integer, got String "yesterday"',
        "sendMessage -> Message.chat.id: expected Integer, got Boolean true",
    ]


def test_null_and_unknown_fields_are_reported(spec: Spec) -> None:
    bad = {**MESSAGE, "caption": None, "poster_id": 7}
    assert spec.check_result("sendMessage", bad) == [
        "sendMessage -> Message.caption: null where Telegram leaves the field out",
        "sendMessage -> Message.poster_id: a field the spec does not know",
    ]


def test_arrays_are_walked_item_by_item(spec: Spec) -> None:
    photo = {"file_id": "a", "file_unique_id": "b", "width": 90, "height": 60}
    good = {**MESSAGE, "photo": [photo, {**photo, "file_size": 10}]}
    assert spec.check_result("sendPhoto", good) == []
    bad = {**MESSAGE, "photo": [photo, {**photo, "width": 9.5}]}
    assert spec.check_result("sendPhoto", bad) == [
        "sendPhoto -> Message.photo[1].width: expected Integer, got Float 9.5"
    ]
    assert spec.check_result("sendMessage", {**MESSAGE, "photo": photo}) == [
        "sendMessage -> Message.photo: expected Array of PhotoSize, got Object"
    ]


def test_an_array_result_names_each_item(spec: Spec) -> None:
    assert spec.check_result("sendMediaGroup", [MESSAGE, MESSAGE]) == []
    assert spec.check_result("sendMediaGroup", [MESSAGE, {**MESSAGE, "chat": 3}]) == [
        "sendMediaGroup -> Message[1].chat: expected Chat, got Integer 3"
    ]


def test_true_and_unions(spec: Spec) -> None:
    assert spec.check_result("deleteMessage", True) == []
    assert spec.check_result("editMessageText", True) == []
    assert spec.check_result("editMessageText", MESSAGE) == []
    assert spec.check_result("editMessageText", "done") == [
        'editMessageText -> Message | Boolean: expected Message or Boolean, got String "done"'
    ]
    # "True" means the literal true: a checklist's `is_disabled`... any field typed True.
    assert spec.check({"type": "private", "id": 1}, ["Chat"], "c") == []
    assert spec.check(False, ["True"], "t") == ["t: expected True, got Boolean false"]


def test_chat_members_are_matched_to_their_subtype_by_status(spec: Spec) -> None:
    member = {"status": "member", "user": USER}
    assert spec.check_result("getChatMember", member) == []
    restricted = {
        "status": "restricted",
        "user": USER,
        "until_date": 0,
        **{name: True for name in RESTRICTED_RIGHTS},
    }
    assert spec.check_result("getChatMember", restricted) == [
        "getChatMember -> ChatMember.is_member: missing required field (as ChatMemberRestricted)"
    ]
    assert spec.check_result("getChatMember", {**restricted, "is_member": False}) == []
    assert spec.check_result("getChatMember", {"status": "guest", "user": USER}) == [
        "getChatMember -> ChatMember: fits no ChatMember subtype (one of "
        'status="administrator", status="creator", status="kicked", status="left", '
        'status="member", status="restricted")'
    ]
    # A member with an owner's field is not an owner.
    assert spec.check_result("getChatMember", {**member, "is_anonymous": False}) == [
        "getChatMember -> ChatMember.is_anonymous: a field the spec does not know "
        "(as ChatMemberMember)"
    ]


RESTRICTED_RIGHTS = (
    "can_send_messages",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_send_polls",
    "can_send_other_messages",
    "can_react_to_messages",
    "can_add_web_page_previews",
    "can_edit_tag",
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_manage_topics",
)


def test_message_origins_and_inaccessible_messages(spec: Spec) -> None:
    origin = {"type": "hidden_user", "date": 1, "sender_user_name": "Ann"}
    assert spec.check({**MESSAGE, "forward_origin": origin}, ["Message"], "m") == []
    assert spec.check(
        {**MESSAGE, "forward_origin": {**origin, "type": "user"}}, ["Message"], "m"
    ) == [
        "m.forward_origin.sender_user: missing required field (as MessageOriginUser)",
        "m.forward_origin.sender_user_name: a field the spec does not know (as MessageOriginUser)",
    ]
    query = {"id": "1", "from": USER, "chat_instance": "c", "data": "x"}
    gone = {"chat": GROUP, "message_id": 5, "date": 0}
    assert spec.check({**query, "message": gone}, ["CallbackQuery"], "q") == []
    assert spec.check({**query, "message": MESSAGE}, ["CallbackQuery"], "q") == []


def test_an_update_is_checked_as_update(spec: Spec) -> None:
    assert spec.check_update({"update_id": 1, "message": MESSAGE}) == []
    assert spec.check_update({"update_id": 1, "message": {**MESSAGE, "chat": None}}) == [
        "update -> Update.message.chat: null where Telegram leaves the field out"
    ]


def test_the_vendored_spec_is_what_the_extractor_writes(tmp_path: Path) -> None:
    vendored = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    assert vendored["source"]["version"].startswith("Bot API ")
    assert dumps(vendored) == SPEC_FILE.read_text(encoding="utf-8")
    upstream: dict[str, Any] = {
        "version": "Bot API 1.0",
        "release_date": "today",
        "types": {
            "Owner": {
                "subtypes": ["A"],
                "fields": [],
            },
            "A": {
                "fields": [
                    {
                        "name": "status",
                        "types": ["String"],
                        "required": True,
                        "description": 'The status, always "a"',
                    }
                ]
            },
        },
        "methods": {"getA": {"returns": ["A"], "fields": []}},
    }
    reduced = Spec(reduce(upstream))
    assert reduced.check_result("getA", {"status": "a"}) == []
    assert reduced.check_result("getA", {"status": "b"}) == [
        'getA -> A.status: expected "a", got String "b"'
    ]


@contextlib.asynccontextmanager
async def checked_emulator() -> AsyncIterator[tuple[Emulator, Bot]]:
    """An emulator of its own (the fixture's would fail these tests at teardown)."""
    async with Emulator(conformance=True) as running:
        session = AiohttpSession(api=TelegramAPIServer.from_base(running.url))
        client = Bot(TOKEN, session=session)
        await client.get_me()  # registers the bot with the emulator
        try:
            yield running, client
        finally:
            await client.session.close()


async def test_the_emulator_reports_a_result_outside_the_spec(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with checked_emulator() as (emulator, bot):
        assert emulator.conformance is not None
        user = emulator.world.create_user("Ann")
        await emulator.world.user_sends_text(user["id"], user["id"], "/start")
        await bot.send_message(user["id"], "fine")
        assert emulator.conformance.violations == []
        original = emulator.api.methods["getchat"]

        async def m_getChat(*args: Any) -> Any:  # its name is how the emulator logs it
            found = dict(await original(*args))
            del found["type"]
            found["colour"] = "red"
            return found

        monkeypatch.setitem(emulator.api.methods, "getchat", m_getChat)
        with pytest.raises(ClientDecodeError):  # aiogram refuses such a Chat too
            await bot.get_chat(user["id"])
        assert emulator.conformance.violations == [
            "getChat -> ChatFullInfo.type: missing required field",
            "getChat -> ChatFullInfo.colour: a field the spec does not know",
        ]
        assert "  getChat -> ChatFullInfo.type" in emulator.conformance.report()


async def test_the_emulator_reports_error_parameters_outside_the_spec(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with checked_emulator() as (emulator, bot):
        assert emulator.conformance is not None
        user = emulator.world.create_user("Ann")
        await emulator.world.user_sends_text(user["id"], user["id"], "/start")
        emulator.world.add_fault(Fault(method="sendMessage", error_code=429, retry_after=3))
        with pytest.raises(TelegramRetryAfter):
            await bot.send_message(user["id"], "soon")
        assert emulator.conformance.violations == []

        async def m_sendMessage(*args: Any) -> Any:  # its name is how the emulator logs it
            raise ApiError(429, "Too Many Requests: retry after 3", {"retry_after": "3"})

        monkeypatch.setitem(emulator.api.methods, "sendmessage", m_sendMessage)
        with pytest.raises(TelegramRetryAfter):  # aiogram reads "3" as 3: only the check sees it
            await bot.send_message(user["id"], "later")
        assert emulator.conformance.violations == [
            'sendMessage error -> ResponseParameters.retry_after: expected Integer, got String "3"'
        ]


async def test_the_emulator_reports_an_update_outside_the_spec(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with checked_emulator() as (emulator, _):
        assert emulator.conformance is not None
        world = emulator.world
        user = world.create_user("Ann")
        await world.user_sends_text(user["id"], user["id"], "/start")
        assert emulator.conformance.violations == []
        monkeypatch.setattr(world.users[user["id"]], "first_name", 42)
        await world.user_sends_text(user["id"], user["id"], "again")
        assert emulator.conformance.violations == [
            "update -> Update.message.from.first_name: expected String, got Integer 42",
            "update -> Update.message.chat.first_name: expected String, got Integer 42",
        ]


async def test_media_of_every_kind_and_forwards_fit_the_spec() -> None:
    async with checked_emulator() as (emulator, bot):
        assert emulator.conformance is not None
        world = emulator.world
        ann, bob = world.create_user("Ann"), world.create_user("Bob")
        group = world.create_group("Class 1A", creator_id=ann["id"], member_ids=[bob["id"]])
        await world.set_bot_status(group["id"], "administrator")
        await world.user_sends_text(ann["id"], ann["id"], "/start")
        for kind in ("sticker", "animation", "video", "voice", "audio", "video_note"):
            await world.user_sends_media(
                kind, group["id"], bob["id"], jpeg(64, 64), file_name=f"a.{kind}",
                mime_type="application/octet-stream", caption="c", emoji="🙂",
            )  # fmt: skip
        posted = await world.user_sends_photos(group["id"], bob["id"], [jpeg()], caption="x")
        forwarded = await world.user_forwards(
            ann["id"], ann["id"], group["id"], posted[0]["message_id"]
        )
        # Bot API 7.0 documents forward_origin only, but Client.cpp (JsonMessage) still
        # writes "forward_from" and "forward_date" beside it: so does the emulator.
        origin = forwarded["forward_origin"]
        assert (forwarded["forward_from"], forwarded["forward_date"]) == (
            origin["sender_user"],
            origin["date"],
        )
        await bot.forward_message(ann["id"], group["id"], posted[0]["message_id"])
        updates = await bot.get_updates(timeout=0)
        voice = next(u.message.voice for u in updates if u.message and u.message.voice)
        assert voice.mime_type == "application/octet-stream"
        assert emulator.conformance.violations == []


async def test_conformance_is_off_unless_asked() -> None:
    async with Emulator() as plain:
        assert plain.conformance is None
    async with Emulator(conformance=True) as checked:
        assert checked.conformance is not None
        assert checked.world.on_update == checked.conformance.update


def test_fields_newer_than_the_vendored_spec_are_declared_not_waved_through() -> None:
    admin = {
        "status": "administrator",
        "user": USER,
        **dict.fromkeys(ADMIN_RIGHTS, False),
    }
    later = default_spec()
    assert later.check_result("getChatMember", admin) == [
        "getChatMember -> ChatMember.can_send_welcome_messages: missing required field "
        "(as ChatMemberAdministrator)"
    ]
    assert later.check_result("getChatMember", {**admin, "can_send_welcome_messages": 1}) == [
        "getChatMember -> ChatMember.can_send_welcome_messages: expected Boolean, got Integer 1 "
        "(as ChatMemberAdministrator)"
    ]
    as_vendored = Spec.load()  # Bot API 10.1 did not have the field yet
    assert as_vendored.check_result(
        "getChatMember", {**admin, "can_send_welcome_messages": True}
    ) == [
        "getChatMember -> ChatMember.can_send_welcome_messages: a field the spec does not know "
        "(as ChatMemberAdministrator)"
    ]


def test_what_telegram_writes_beyond_the_documentation_is_accepted() -> None:
    # Client.cpp JsonChatMember: object("can_manage_voice_chats", ...); json_store_permissions:
    # object("can_send_media_messages", ...); JsonMessage: "forward_from", "forward_date",
    # "new_chat_participant", "new_chat_member", "left_chat_participant", "voice_chat_started".
    spec = default_spec()
    admin = {
        "status": "administrator",
        "user": USER,
        **dict.fromkeys(ADMIN_RIGHTS, False),
        "can_send_welcome_messages": False,
        "can_manage_voice_chats": True,
    }
    assert spec.check_result("getChatMember", admin) == []
    restricted = {
        "status": "restricted",
        "user": USER,
        "is_member": True,
        "until_date": 0,
        **dict.fromkeys(RESTRICTED_RIGHTS, False),
        "can_send_media_messages": False,
    }
    assert spec.check_result("getChatMember", restricted) == []
    forwarded = {
        **MESSAGE,
        "forward_origin": {"type": "user", "date": 1_600_000_000, "sender_user": USER},
        "forward_from": USER,
        "forward_date": 1_600_000_000,
    }
    joined = {
        **MESSAGE,
        "new_chat_members": [USER],
        "new_chat_participant": USER,
        "new_chat_member": USER,
    }
    left = {**MESSAGE, "left_chat_member": USER, "left_chat_participant": USER}
    call = {**MESSAGE, "video_chat_started": {}, "voice_chat_started": {}}
    for message in (forwarded, joined, left, call):
        assert spec.check_result("sendMessage", message) == []
    # Accepted as Telegram writes them, not waved through.
    assert spec.check_result("sendMessage", {**forwarded, "forward_date": "then"}) == [
        'sendMessage -> Message.forward_date: expected Integer, got String "then"'
    ]


ADMIN_RIGHTS = (
    "can_be_edited",
    "is_anonymous",
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
)
