"""What a group's retention leaves behind reads true: once the faces of its older photos
are deleted, their copies lose "Not Alice?", the questions still open about them are
closed saying why, a press on either left as it was hears why it does nothing, and the
counts of what was delivered (a person's card, /stats) keep what happened."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from arq import create_pool

from domain.composition.services import build_services
from domain.infra.arq_queue import ArqJobQueue, redis_settings
from domain.infra.models import Photo
from domain.infra.stores.privacy import TortoiseRetentionStore
from domain.infra.telegram.client import make_bot
from domain.infra.telegram.messenger import make_messenger
from domain.privacy.retention import Retention
from tests.e2e.conftest import CAST, Collages, Journey, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.test_group_settings import settings_card

X, NOBODY = CAST["angelina"], CAST["strangers"]
CLOSED = (
    "This question is closed: Class 1A keeps the faces of its photos and clips 30 days, and "
    "this one's are deleted. Nothing to do here."
)


@contextlib.asynccontextmanager
async def retention_of(journey: Journey) -> AsyncIterator[Retention]:
    """The worker's retention, on the same Telegram, Redis, Postgres, Qdrant and blobs, its
    events reacted to as the composition root wires them (questions, copies, sheets)."""
    stack = journey.stack
    assert stack is not None and stack.redis is not None
    assert stack.face_index is not None and stack.blobs is not None
    bot = make_bot(journey.settings)
    messenger = make_messenger(bot, stack.redis, journey.settings.telegram)
    pool = await create_pool(redis_settings(journey.settings.redis_url or ""))
    try:
        services = build_services(stack, journey.settings, messenger, ArqJobQueue(pool))
        yield Retention(stack.face_index, stack.blobs, TortoiseRetentionStore(), services.events)
    finally:
        await pool.aclose()
        await bot.session.close()


def data_of(message: dict[str, Any], label: str) -> str:
    """The callback data of the message's button ``label``, as it was sent."""
    rows = message["reply_markup"]["inline_keyboard"]
    (data,) = [b["callback_data"] for row in rows for b in row if b["text"] == label]
    return str(data)


async def stats_of(journey: Journey, poster: dict[str, Any], office: dict[str, Any]) -> str:
    sent = await journey.says(poster, "/stats", office["id"])
    (stats,) = await journey.replies(office["id"], sent)
    return str(stats["caption"])


async def test_retention_closes_what_showed_its_faces_and_keeps_the_counts(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    # Two photos of Alice delivered: the first will be past the group's retention.
    posted = []
    for n in (0, 1):
        posted += await journey.post(
            group, poster, collages.make(X["group"][n], NOBODY["group"][1])
        )
        await journey.settle()
    old_copy, new_copy = journey.photos_for(ann)
    assert labels(old_copy) == ["Not Alice?"]
    not_alice = data_of(old_copy, "Not Alice?")
    # Ally, from other photos of the same woman: a photo of her asks "Alice or Ally?".
    await journey.enroll_again(
        ann, "Ally", [photo_bytes(n) for n in (X["group"][0], X["group"][1], "img11.jpg")]
    )
    posted += await journey.post(group, poster, collages.make(X["group"][2], NOBODY["group"][0]))
    await journey.settle()
    (question,) = journey.suggestions(ann)
    answer = labels(question)[0]
    answer_data = data_of(question, answer)
    assert "Photos delivered: 2" in caption(await journey.card(ann, "Alice"))

    # Class 1A keeps faces 30 days; the first photo and the question's are 40 days old.
    office = await bound_admin_chat(journey, group, [poster])
    await journey.press(poster, await settings_card(journey, poster, office), "Keep: 30 d")
    await journey.until(lambda: "set a time limit" in journey.last(ann).get("text", ""))
    await Photo.filter(message_id__in=[posted[0]["message_id"], posted[2]["message_id"]]).update(
        posted_at=datetime.now(UTC) - timedelta(days=40)
    )
    async with retention_of(journey) as retention:
        assert (await retention.run()).faces > 0

    # The expired photo's copy stays, without "Not Alice?"; the recent one keeps it.
    assert labels(journey.now(old_copy)) == []
    assert labels(journey.now(new_copy)) == ["Not Alice?"]
    # The question is closed, and says why.
    closed = journey.now(question)
    assert closed["caption"] == CLOSED and labels(closed) == []
    # A press on either as it was (a chat not yet refreshed) hears the truth.
    pressed = await journey.world.press_button(
        ann["id"], ann["id"], old_copy["message_id"], not_alice
    )
    assert pressed["text"] == (
        "Class 1A keeps the faces of its photos and clips 30 days: this one's are deleted, so "
        "there is nothing to correct."
    )
    pressed = await journey.world.press_button(
        ann["id"], ann["id"], question["message_id"], answer_data
    )
    assert pressed["text"] == (
        "This question no longer applies: its face or the person it asked about was deleted, "
        "so there is nothing to answer now."
    )
    # Replayed from a stranger's chat, both say nothing of what became of them (findings18
    # 16): not hers, whatever their state.
    eve = journey.user("Eve")
    hello = await journey.reply_to(eve, "/start")
    for data in (not_alice, answer_data):
        replayed = await journey.world.press_button(eve["id"], eve["id"], hello["message_id"], data)
        assert replayed["text"] == "That isn't one of your people."

    # The card counts what was delivered, the expired photo's copy included.
    card = await journey.card(ann, "Alice")
    assert "Photos delivered: 2" in caption(card)
    # /stats counts this week's photo recognized, and still once Alice's faces are forgotten.
    assert "Recognition rate this week: 100%" in await stats_of(journey, poster, office)
    (sure,) = await journey.after_pressing(ann, card, "Forget faces")
    await journey.press(ann, sure, "Yes, delete")
    await journey.until(lambda: journey.now(sure)["text"] == "Deleted every face of Alice.")
    await journey.settle()
    assert "Recognition rate this week: 100%" in await stats_of(journey, poster, office)


def caption(message: dict[str, Any]) -> str:
    return str(message.get("caption") or message.get("text"))
