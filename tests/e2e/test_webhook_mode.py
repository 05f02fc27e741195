"""The bot in webhook mode: the emulator posts updates to it, with the secret token."""

from __future__ import annotations

import socket

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
