"""Bursts (issue 12): in a group that sends each photo at once, a guardian's photos that
pile up while their chat waits for its turn (Telegram allows about one message a second
to a chat) go together as albums, each photo exactly once, with one "Not Alice?" message
answering each album; whatever Telegram refuses goes one by one, nothing lost."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from arq import create_pool

from domain.infra.arq_queue import ArqJobQueue, redis_settings
from domain.infra.models import Delivery, Group, Photo
from domain.infra.stores.moderation_pause import TortoisePauseStore
from domain.infra.stores.reconcile import TortoiseReconcileStore
from domain.jobs.reconcile import Reconciler
from domain.moderation.pause import Pauses
from domain.settings import DeliverySettings
from domain.states import DeliveryStatus
from sandbox.limits import Fault
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, labels
from tests.e2e.test_bans_hold import POSTER, deliveries_of, senders
from tests.e2e.test_group_settings import album_messages, in_mode
from tests.e2e.test_reliability import _exactly_once

X, NOBODY = CAST["angelina"], CAST["strangers"]


def burst(collages: Collages) -> list[bytes]:
    """20 different photos with Alice (and a stranger) in each."""
    photos = []
    for i in range(20):
        faces = [X["group"][i % 3], NOBODY["group"][i // 3 % 4]]
        photos.append(collages.make(*(reversed(faces) if i // 3 >= 4 else faces)))
    return photos


async def post_burst(
    journey: Journey, group: dict[str, Any], poster: dict[str, Any], photos: list[bytes]
) -> list[dict[str, Any]]:
    """Posted as a phone sends them: albums of up to 10."""
    posted = []
    for start in range(0, len(photos), 10):
        posted += await journey.post(group, poster, *photos[start : start + 10])
    return posted


def albums_and_answers(
    journey: Journey, user: dict[str, Any]
) -> list[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Each album the user got, with the messages that answer it (reply to it)."""
    items = album_messages(journey, user)
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        groups.setdefault(item["media_group_id"], []).append(item)
    answers = [m for m in journey.world.transcript(user["id"]) if "reply_to_message" in m]
    return [
        (
            album,
            [a for a in answers if a["reply_to_message"].get("media_group_id") == media_group],
        )
        for media_group, album in groups.items()
    ]


AS_TELEGRAM = {"per_chat_per_s": 1.0, "global_per_s": 29}  # the bot's own pacing, as deployed


async def test_a_burst_of_twenty_photos_arrives_as_albums_each_once(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(telegram=AS_TELEGRAM) as journey:
        await _burst_arrives_as_albums(journey, collages)


async def _burst_arrives_as_albums(journey: Journey, collages: Collages) -> None:
    ann, poster, group = await journey.class_with_alice()
    journey.world.limiter.config.enabled = True  # ~1 message/s per chat, as Telegram
    posted = await post_burst(journey, group, poster, burst(collages))
    await journey.settle(timeout=180)

    _exactly_once(journey, ann, posted)
    assert await Delivery.filter(status=DeliveryStatus.SENT).count() == 20
    albums = albums_and_answers(journey, ann)
    assert albums, "the photos that waited for the chat's turn went together"
    in_albums = sum(len(album) for album, _ in albums)
    singles = len(journey.photos_for(ann)) - in_albums
    assert len(albums) + singles < 20  # fewer messages than photos
    for album, answers in albums:
        assert 2 <= len(album) <= 10
        (answer,) = answers  # one "Not Alice?" message for each album, replying to it
        assert answer["reply_to_message"]["message_id"] == album[0]["message_id"]
        assert answer["text"].startswith(f"{len(album)} photos from Class 1A above.")
        assert labels(answer) == [f"Not Alice? (photo {n})" for n in range(1, len(album) + 1)]

    # The choices wait for the photos: every photo came before the first "Not Alice?".
    transcript = journey.world.transcript(ann["id"])
    photo_at = [i for i, m in enumerate(transcript) if "photo" in m and m["from"]["is_bot"]]
    answer_at = [  # the bot's answers to its own albums (enrollment verdicts reply too)
        i
        for i, m in enumerate(transcript)
        if m["from"]["is_bot"] and m.get("reply_to_message", {}).get("from", {}).get("is_bot")
    ]
    assert max(photo_at) < min(answer_at)

    # A "Not Alice?" under the last album takes back that photo, not another.
    album, (answer,) = albums[-1]
    (choices,) = await journey.after_pressing(ann, answer, f"Not Alice? (photo {len(album)})")
    assert "Alice" in choices["text"]


async def test_one_message_per_photo_when_bursts_are_not_albums(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(
        delivery=DeliverySettings(bursts_as_albums=False), telegram=AS_TELEGRAM
    ) as journey:
        ann, poster, group = await journey.class_with_alice()
        journey.world.limiter.config.enabled = True
        posted = await post_burst(journey, group, poster, burst(collages)[:6])
        await journey.settle(timeout=120)
        _exactly_once(journey, ann, posted)
        assert album_messages(journey, ann) == []


async def test_an_album_telegram_refuses_goes_one_by_one_nothing_lost(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(telegram=AS_TELEGRAM) as journey:
        await _refused_album_goes_one_by_one(journey, collages)


async def _refused_album_goes_one_by_one(journey: Journey, collages: Collages) -> None:
    ann, poster, group = await journey.class_with_alice()
    journey.world.limiter.config.enabled = True
    # Telegram refuses the album (a file it no longer has), then answers 429 to the next.
    journey.world.add_fault(
        Fault("sendMediaGroup", 400, chat_id=ann["id"], description="Bad Request: wrong file")
    )
    journey.world.add_fault(Fault("sendMediaGroup", 429, retry_after=3, chat_id=ann["id"]))
    posted = await post_burst(journey, group, poster, burst(collages)[:8])
    await journey.settle(timeout=180)

    _exactly_once(journey, ann, posted)
    sent = await Delivery.filter(status=DeliveryStatus.SENT).values_list("message_id", flat=True)
    assert len(sent) == 8
    assert Counter(sent).most_common(1)[0][1] == 1  # each its own message


async def test_the_not_alice_message_waits_out_a_429_and_still_answers_its_album(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(telegram=AS_TELEGRAM) as journey:
        ann, poster, group = await journey.class_with_alice()
        journey.world.limiter.config.enabled = True
        refused = Fault("sendMessage", 429, retry_after=2, chat_id=ann["id"])
        journey.world.add_fault(refused)
        posted = await post_burst(journey, group, poster, burst(collages)[:6])
        await journey.settle(timeout=120)
        _exactly_once(journey, ann, posted)  # every album answered by its "Not Alice?"
        albums = albums_and_answers(journey, ann)
        assert albums and all(len(answers) == 1 for _, answers in albums)
        assert refused.served == 1  # the first "Not Alice?" was answered 429


# ----- a decision landing while a burst waits for the chat's turn ---------------------------


async def _two_pending(journey: Journey, collages: Collages) -> tuple[Any, ...]:
    """Ann got two photos of Alice; both deliveries are made pending again, as if not yet
    sent (no job queued: only the test's sender sends them)."""
    ann, poster, group = await journey.class_with_alice()
    posted = await journey.post(group, poster, *burst(collages)[:2])
    await journey.settle()
    assert len(journey.photos_for(ann)) == 2
    await Delivery.all().update(status=DeliveryStatus.PENDING, message_id=None, error=None)
    first, second = await Delivery.all().order_by("photo__message_id")
    return ann, group, posted, first, second


async def test_a_photo_taken_down_while_its_burst_waits_stays_out_of_the_album(
    journey: Journey, collages: Collages
) -> None:
    ann, _group, posted, first, second = await _two_pending(journey, collages)

    async def take_down_the_first() -> None:
        await Photo.filter(id=first.photo_id).update(removed_at=datetime.now(UTC))

    async with senders(journey, member_status=take_down_the_first) as (_, batches):
        await asyncio.wait_for(deliveries_of(batches).send(first.id), 30)  # never loops
    await journey.settle()
    assert (await Delivery.get(id=first.id)).status == DeliveryStatus.TAKEN_DOWN
    assert (await Delivery.get(id=second.id)).status == DeliveryStatus.SENT
    got = Counter(journey.unique_ids(ann))
    one, two = (m["photo"][-1]["file_unique_id"] for m in posted)
    assert got == {one: 1, two: 2}  # the second went again, alone; the first never again


async def test_a_group_paused_while_a_burst_waits_sends_nothing_and_keeps_both(
    journey: Journey, collages: Collages
) -> None:
    ann, group, _posted, first, _ = await _two_pending(journey, collages)
    db_group = await Group.get(chat_id=group["id"])

    async def pause_it() -> None:
        await Pauses(TortoisePauseStore()).pause(db_group, POSTER)

    async with senders(journey, member_status=pause_it) as (_, batches):
        await asyncio.wait_for(deliveries_of(batches).send(first.id), 30)  # never loops
    assert [d.status for d in await Delivery.all().order_by("photo__message_id")] == [
        DeliveryStatus.PENDING,
        DeliveryStatus.PENDING,
    ]
    assert len(journey.photos_for(ann)) == 2  # nothing more
    await Pauses(TortoisePauseStore()).resume(db_group, POSTER, None)
    await journey.settle()
    assert len(journey.photos_for(ann)) == 4


# ----- the "Not Alice?" message is owed until it goes --------------------------------------


async def _reconcile(journey: Journey) -> None:
    """The reconcile cron's run, as after Redis lost the queued jobs."""
    pool = await create_pool(redis_settings(journey.settings.redis_url or ""))
    try:
        await Reconciler(
            ArqJobQueue(pool), TortoiseReconcileStore(), sending_stale=timedelta(minutes=10)
        ).run()
    finally:
        await pool.aclose()
    await journey.settle()


async def test_an_owed_not_alice_message_is_sent_by_reconcile_with_only_what_is_still_true(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(delivery=DeliverySettings(album_window_s=2)) as journey:
        ann, poster, group = await journey.class_with_alice()
        await in_mode(journey, poster, group, "Albums")
        await journey.post(group, poster, *burst(collages)[:3])
        await journey.settle()
        ((album, answers),) = albums_and_answers(journey, ann)
        assert len(album) == 3 and len(answers) == 1
        first = await Delivery.get(message_id=album[0]["message_id"])
        assert first.album_id == first.id
        assert await Delivery.filter(corrections_due=True).count() == 0  # nothing owed

        # Still owed, its job lost (Redis flushed): reconcile queues it; it goes once more.
        await Delivery.filter(id=first.id).update(corrections_due=True)
        await _reconcile(journey)
        ((_, answers),) = albums_and_answers(journey, ann)
        assert len(answers) == 2
        assert labels(answers[-1]) == [f"Not Alice? (photo {n})" for n in (1, 2, 3)]
        assert not (await Delivery.get(id=first.id)).corrections_due

        # Owed while a photo was taken down: its button is gone; all taken down: no message.
        photos = await Photo.filter(deliveries__album_id=first.id).order_by("message_id")
        await Photo.filter(id=photos[1].id).update(removed_at=datetime.now(UTC))
        await Delivery.filter(id=first.id).update(corrections_due=True)
        await _reconcile(journey)
        ((_, answers),) = albums_and_answers(journey, ann)
        assert labels(answers[-1]) == ["Not Alice? (photo 1)", "Not Alice? (photo 2)"]
        assert answers[-1]["text"].startswith("2 photos from Class 1A above.")
        await Photo.filter(group__chat_id=group["id"]).update(removed_at=datetime.now(UTC))
        await Delivery.filter(id=first.id).update(corrections_due=True)
        await _reconcile(journey)
        assert len(albums_and_answers(journey, ann)[0][1]) == 3  # nothing more
        assert not (await Delivery.get(id=first.id)).corrections_due
