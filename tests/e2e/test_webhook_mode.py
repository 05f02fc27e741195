"""The bot in webhook mode: the emulator posts updates to it, with the secret token; a
webhook without a secret is refused, and so is an update without the right token."""

from __future__ import annotations

import asyncio
import json
import socket
import time

import aiohttp
import pytest
from pydantic import ValidationError

from domain import texts
from domain.infra.models import Participant
from tests.e2e.conftest import CAST, Collages, JourneyFactory, photo_bytes


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_the_whole_journey_over_a_webhook(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    port = _free_port()
    telegram = {
        "webhook_url": f"http://127.0.0.1:{port}/telegram/webhook",
        "webhook_secret": "hook-secret",
        "webhook_host": "127.0.0.1",
        "webhook_port": port,
    }
    async with journey_factory(start=False, telegram=telegram) as journey:
        await journey.start(wait_for_polling=False)
        bot = journey.world.default_bot()
        webhook = journey.world.queues[bot.id].webhook
        assert webhook is not None
        assert webhook.url == telegram["webhook_url"]
        assert webhook.secret_token == "hook-secret"

        ann, poster = journey.user("Ann"), journey.user("Poster")
        group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
        await journey.join(ann, payload)
        await journey.enroll(ann, "Alice", [photo_bytes(n) for n in CAST["angelina"]["enroll"]])
        (posted,) = await journey.post(group, poster, collages.make(CAST["angelina"]["group"][0]))
        await journey.settle()
        assert journey.unique_ids(ann) == [posted["photo"][-1]["file_unique_id"]]
        assert journey.world.requests("getUpdates") == []  # nothing polled


async def test_a_forged_update_without_the_secret_token_is_refused(
    journey_factory: JourneyFactory,
) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    telegram = {
        "webhook_url": url,
        "webhook_secret": "hook-secret",
        "webhook_host": "127.0.0.1",
        "webhook_port": port,
    }
    async with journey_factory(start=False, telegram=telegram) as journey:
        await journey.start(wait_for_polling=False)
        ann, poster = journey.user("Ann"), journey.user("Poster")
        _, payload = await journey.group_with_bot("Class 1A", poster, [ann])
        await journey.join(ann, payload)
        assert await Participant.exists(telegram_user_id=ann["id"])

        def forged(update_id: int) -> str:
            me = {"id": ann["id"], "is_bot": False, "first_name": "Ann"}
            message = {
                "message_id": 10_000 + update_id,
                "date": int(time.time()),
                "chat": {"id": ann["id"], "type": "private", "first_name": "Ann"},
                "from": me,
                "text": "/forget confirm",
                "entities": [{"type": "bot_command", "offset": 0, "length": 7}],
            }
            return json.dumps({"update_id": 900_000 + update_id, "message": message})

        async with aiohttp.ClientSession() as http:
            for n, headers in enumerate(
                [{}, {"X-Telegram-Bot-Api-Secret-Token": "guessed"}], start=1
            ):
                async with http.post(
                    url, data=forged(n), headers={"Content-Type": "application/json", **headers}
                ) as response:
                    assert response.status in (401, 403), response.status
            await journey.settle()
            assert await Participant.exists(telegram_user_id=ann["id"])
            assert not any(
                m.get("text") in (texts.FORGETTING, texts.FORGOTTEN)
                for m in journey.world.transcript(ann["id"])
                if m["from"]["is_bot"]
            )

            # The same update with the right token is Ann's own: the check is what stopped it.
            async with http.post(
                url,
                data=forged(3),
                headers={
                    "Content-Type": "application/json",
                    "X-Telegram-Bot-Api-Secret-Token": "hook-secret",
                },
            ) as response:
                assert response.status == 200
        for _ in range(100):
            if not await Participant.exists(telegram_user_id=ann["id"]):
                break
            await asyncio.sleep(0.1)
        assert not await Participant.exists(telegram_user_id=ann["id"])


async def test_webhook_mode_refuses_to_start_without_a_secret(
    journey_factory: JourneyFactory,
) -> None:
    port = _free_port()
    telegram = {
        "webhook_url": f"http://127.0.0.1:{port}/telegram/webhook",
        "webhook_host": "127.0.0.1",
        "webhook_port": port,
    }
    with pytest.raises(ValidationError, match="FACEDROP_TELEGRAM__WEBHOOK_SECRET must be set"):
        async with journey_factory(start=False, telegram=telegram):
            pass
