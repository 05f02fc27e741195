"""An emulator given a data directory keeps its world there: a restart finds every chat."""

from __future__ import annotations

from pathlib import Path

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from sandbox import Emulator
from tests.conftest import assert_conformant
from tests.emulator.conftest import TOKEN, jpeg


def _bot(emulator: Emulator) -> Bot:
    return Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(emulator.url)))


async def test_a_restarted_emulator_keeps_chats_messages_files_and_update_offsets(
    tmp_path: Path,
) -> None:
    photo = jpeg(900, 600)
    async with Emulator(data_dir=tmp_path, conformance=True) as first:
        bot = _bot(first)
        me = await bot.get_me()
        world = first.world
        ann = world.create_user("Ann", username="ann")
        bob = world.create_user("Bob")
        group = world.create_group("Class 1A", creator_id=ann["id"], member_ids=[bob["id"]])
        await world.set_bot_status(group["id"], "administrator")
        await world.user_sends_text(ann["id"], ann["id"], "/start")
        posted = await world.user_sends_photos(group["id"], bob["id"], [photo], caption="trip")
        await world.block(bob["id"])
        updates = await bot.get_updates(timeout=0)
        last = updates[-1].update_id
        await bot.get_updates(offset=last + 1, timeout=0)  # all confirmed
        sent = await bot.send_message(ann["id"], "hello Ann")
        await bot.session.close()
    assert_conformant(first)

    assert (tmp_path / "world.json").exists()

    async with Emulator(data_dir=tmp_path, conformance=True) as second:
        assert second.restored
        bot = _bot(second)
        assert (await bot.get_me()).id == me.id
        world = second.world
        # The group, its members and its messages are there; the photo's bytes too.
        chat = await bot.get_chat(group["id"])
        assert chat.title == "Class 1A"
        member = await bot.get_chat_member(group["id"], bob["id"])
        assert member.status == "member"
        texts = [m.get("text") for m in world.transcript(ann["id"])]
        assert texts == ["/start", "hello Ann"]
        largest = posted[0]["photo"][-1]
        file = await bot.get_file(largest["file_id"])
        assert file.file_path is not None
        downloaded = await bot.download_file(file.file_path)
        assert downloaded is not None and downloaded.read() == photo
        # Ann started the bot before the restart: the bot may still write to her.
        again = await bot.send_message(ann["id"], "still here")
        assert again.message_id == sent.message_id + 1
        # Bob blocked the bot before the restart: still blocked.
        blocked = await bot.get_chat_member(bob["id"], me.id)
        assert blocked.status == "kicked"
        # Update ids go on from where they were; nothing confirmed comes back.
        assert await bot.get_updates(offset=last + 1, timeout=0) == []
        await world.user_sends_text(group["id"], ann["id"], "/help")
        fresh = await bot.get_updates(offset=last + 1, timeout=0)
        assert [u.update_id for u in fresh] == [last + 1]
        assert fresh[0].message is not None and fresh[0].message.text == "/help"
        # New users and groups get new ids, not the old ones again.
        cid = world.create_user("Cid")
        assert cid["id"] not in (ann["id"], bob["id"])
        other = world.create_group("Class 2B", creator_id=cid["id"])
        assert other["id"] != group["id"]
        await bot.session.close()
    assert_conformant(second)


async def test_updates_not_fetched_before_a_restart_are_waiting_after_it(tmp_path: Path) -> None:
    async with Emulator(data_dir=tmp_path, conformance=True) as first:
        bot = _bot(first)
        await bot.get_me()
        ann = first.world.create_user("Ann")
        await first.world.user_sends_text(ann["id"], ann["id"], "/start")
        await bot.session.close()
    assert_conformant(first)

    async with Emulator(data_dir=tmp_path, conformance=True) as second:
        bot = _bot(second)
        updates = await bot.get_updates(timeout=0)
        assert [u.message.text for u in updates if u.message] == ["/start"]
        await bot.session.close()
    assert_conformant(second)


async def test_without_a_directory_the_world_is_in_memory_only() -> None:
    async with Emulator(conformance=True) as first:
        first.world.create_user("Ann")
        assert first.store is None
    assert_conformant(first)
    async with Emulator(conformance=True) as second:
        assert second.world.users == {}
        assert not second.restored
    assert_conformant(second)


async def test_an_unreadable_world_is_set_aside_and_a_new_one_starts(tmp_path: Path) -> None:
    (tmp_path / "world.json").write_text('{"version": 1, "bots": [', encoding="utf-8")
    async with Emulator(data_dir=tmp_path, conformance=True) as emulator:
        assert not emulator.restored
        assert emulator.world.users == {}
        emulator.world.create_user("Ann")
    assert_conformant(emulator)
    assert (tmp_path / "world.json.unreadable").read_text(encoding="utf-8").startswith("{")
    async with Emulator(data_dir=tmp_path, conformance=True) as again:
        assert [user.first_name for user in again.world.users.values()] == ["Ann"]
    assert_conformant(again)
