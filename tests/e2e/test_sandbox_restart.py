"""The sandbox keeps its world: an emulator restarted on its data directory still has the
class, and the bot goes on delivering in it."""

from __future__ import annotations

from pathlib import Path

from redis.asyncio import Redis

from domain.infra.insightface_engine import InsightFaceEngine
from domain.settings import FacesSettings
from sandbox import Emulator
from tests.conftest import assert_conformant
from tests.e2e.conftest import (
    BOT_USERNAME,
    CAST,
    TOKEN,
    Collages,
    Journey,
    e2e_settings,
)


async def test_after_a_restart_of_the_emulator_the_class_goes_on_receiving_photos(
    tmp_path: Path,
    db: str,
    embedded_redis: str,
    faces_settings: FacesSettings,
    engine: InsightFaceEngine,
    collages: Collages,
) -> None:
    redis = Redis.from_url(embedded_redis)
    await redis.flushall()
    world_dir = tmp_path / "telegram"
    x, nobody = CAST["angelina"]["group"], CAST["strangers"]["group"]
    try:
        async with Emulator(data_dir=world_dir, conformance=True) as first:
            first.world.create_bot(TOKEN, username=BOT_USERNAME)
            settings = e2e_settings(tmp_path, db, embedded_redis, first.url, faces_settings)
            journey = Journey(first, settings, redis)
            await journey.start(engine=engine)
            try:
                ann, poster, group = await journey.class_with_alice()
                before = await journey.post(group, poster, collages.make(x[0], nobody[0]))
                await journey.settle()
                assert len(journey.photos_for(ann)) == 1
            finally:
                await journey.shutdown()
        assert_conformant(first)
        port = int(first.url.rsplit(":", 1)[1])

        second = Emulator(data_dir=world_dir, conformance=True)
        await second.start(port=port)  # the bot is configured with this address
        try:
            journey = Journey(second, settings, redis)
            await journey.start(engine=engine)
            try:
                # Everyone is still there: the group, Ann's chat with what she received.
                assert journey.world.chat(group["id"]).title == "Class 1A"
                assert len(journey.photos_for(ann)) == 1
                after = await journey.post(group, poster, collages.make(nobody[1], x[1]))
                await journey.settle()
                delivered = [m["photo"][-1]["file_unique_id"] for m in journey.photos_for(ann)]
                assert delivered == [
                    before[0]["photo"][-1]["file_unique_id"],
                    after[0]["photo"][-1]["file_unique_id"],
                ]
                await journey.assert_consistent()
            finally:
                await journey.shutdown()
        finally:
            await second.stop()
        assert_conformant(second)
    finally:
        await redis.aclose()
