"""A photo and a clip posted together (one media group) arrive together in a group that
sends each photo at once: the rule of how long an item waits for its album's others
(``delivery.posted_albums``), and ``Deliveries.send`` applying it on delivery's store in
memory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast
from uuid import UUID, uuid4

import pytest

from domain.delivery.posted_albums import PostedAlbum, looks_at_most, wait_for_album
from domain.delivery.service import Deliveries
from domain.events import EventBus
from domain.groups.service import Groups
from domain.retry import TryAgainLater
from domain.states import DeliveryStatus, MediaKind
from domain.telegram import Messenger
from tests.fakes.groups import MemoryGroupStore
from tests.unit.test_delivery_store import GROUP, World

NOON = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def _album(recorded_s_ago: float, planned_s_ago: float, unread: int) -> PostedAlbum:
    return PostedAlbum(
        NOON - timedelta(seconds=recorded_s_ago), NOON - timedelta(seconds=planned_s_ago), unread
    )


def test_a_photo_posted_alone_never_waits() -> None:
    assert wait_for_album(None, NOON, MINUTE) == 0


def test_an_item_read_at_once_waits_for_its_album_s_others_to_be_recorded() -> None:
    # Telegram sends an album's items as separate updates, about a second apart.
    assert wait_for_album(_album(0.5, 0.0, unread=0), NOON, MINUTE) == 1.5
    assert wait_for_album(_album(2.0, 1.0, unread=0), NOON, MINUTE) == 0


def test_an_item_waits_while_its_album_s_others_are_read_at_most_the_longest_wait() -> None:
    assert wait_for_album(_album(10, 5, unread=1), NOON, MINUTE) == 2.0
    assert wait_for_album(_album(70, 59, unread=1), NOON, MINUTE) == 1.0
    assert wait_for_album(_album(70, 60, unread=1), NOON, MINUTE) == 0  # goes alone
    assert wait_for_album(_album(10, 5, unread=1), NOON, timedelta(0)) == 0  # never waits


def test_the_deliver_job_has_tries_for_every_look() -> None:
    assert looks_at_most(MINUTE) == 32  # (2 s + 60 s) / 2 s, and one
    assert looks_at_most(timedelta(0)) == 2


class Posted:
    """Alice's mother's group sends each photo at once; items of a posted album wait."""

    def __init__(self) -> None:
        self.world = World()
        self.store = self.world.store
        self.world.deliveries = Deliveries(
            cast(Messenger, self.world.chats),
            self.world.jobs,
            self.store,
            groups=Groups(MemoryGroupStore(), EventBus()),
            membership_recheck=timedelta(minutes=5),
            members=self.world.members,
            posted_album_wait=MINUTE,
        )

    def recognized(
        self, message_id: int, kind: MediaKind = MediaKind.PHOTO, album: str | None = "A1"
    ) -> UUID:
        """An item of Alice recognized 3 s after it was recorded, planned for her mother."""
        delivery = self.world.posted(message_id=message_id, kind=kind)
        photo = self.store.deliveries[delivery].photo_id
        if album is not None:
            self.store.posted_together[photo] = album
        self.store.recorded[photo] = datetime.now(UTC) - timedelta(seconds=3)
        return delivery

    def being_read(self, message_id: int, kind: MediaKind = MediaKind.VIDEO) -> UUID:
        """An item of the album the worker has not recognized yet (nobody in it so far)."""
        photo = self.store.photo(GROUP, message_id=message_id, kind=kind)
        self.store.posted_together[photo] = "A1"
        self.store.reading.add(photo)
        return photo

    def read_with_alice(self, photo: UUID) -> UUID:
        """The worker recognized Alice in the item: its delivery to her mother."""
        self.store.reading.discard(photo)
        self.store.persons[self.world.alice].faces[uuid4()] = photo
        return self.store.deliver(photo, self.world.mother)

    async def send(self, delivery: UUID) -> list[tuple[str, str]]:
        """The delivery's job runs: what the mother's chat has received."""
        await self.world.deliveries.send(delivery)
        return [(what, caption) for _, what, caption, _ in self.world.chats.sent]


async def test_a_photo_waits_for_the_clip_posted_with_it_then_both_go_as_one_album() -> None:
    posted = Posted()
    photo = posted.recognized(7)
    clip_photo = posted.being_read(8)
    with pytest.raises(TryAgainLater) as later:
        await posted.send(photo)
    assert later.value.seconds == 2.0
    assert (posted.world.chats.sent, posted.store.status(photo)) == ([], DeliveryStatus.PENDING)

    # The clip is read: Alice is in it too, and the two go as one album, each captioned.
    clip = posted.read_with_alice(clip_photo)
    assert await posted.send(photo) == [
        ("album's file file-7", "Alice · Class 1A"),
        ("album's video file-8", "Alice · Class 1A"),
    ]
    assert (posted.store.status(photo), posted.store.status(clip)) == (DeliveryStatus.SENT,) * 2


async def test_a_guardian_whose_child_is_only_in_the_photo_gets_it_alone_once_all_is_read() -> None:
    posted = Posted()
    photo = posted.recognized(7)
    clip_photo = posted.being_read(8)
    with pytest.raises(TryAgainLater):
        await posted.send(photo)
    posted.store.reading.discard(clip_photo)  # read: nobody of hers in it
    assert await posted.send(photo) == [("copy of 7", "Alice · Class 1A")]


async def test_a_photo_posted_alone_goes_at_once() -> None:
    posted = Posted()
    photo = posted.recognized(7, album=None)
    posted.store.recorded[posted.store.deliveries[photo].photo_id] = datetime.now(UTC)
    posted.being_read(8)  # another post's clip, still being read
    assert await posted.send(photo) == [("copy of 7", "Alice · Class 1A")]


async def test_an_item_waits_no_longer_than_the_longest_wait_then_goes_alone() -> None:
    posted = Posted()
    photo = posted.recognized(7)
    posted.store.deliveries[photo].planned_at = datetime.now(UTC) - MINUTE
    posted.being_read(8)  # a long clip, still being read
    assert await posted.send(photo) == [("copy of 7", "Alice · Class 1A")]


async def test_an_animation_or_a_round_video_neither_waits_nor_is_waited_for() -> None:
    """An album can't take either (Telegram refuses them in sendMediaGroup): they go alone."""
    posted = Posted()
    photo = posted.recognized(7)
    posted.being_read(8, kind=MediaKind.ANIMATION)
    assert await posted.send(photo) == [("copy of 7", "Alice · Class 1A")]
    note = posted.recognized(9, kind=MediaKind.VIDEO_NOTE)
    posted.being_read(10)
    assert (await posted.send(note))[1][0] == "copy of 9"


async def test_a_photo_posted_alone_meanwhile_goes_without_the_items_waiting_for_their_album() -> (
    None
):
    posted = Posted()
    waiting = posted.recognized(7)
    posted.being_read(8)
    lone = posted.recognized(9, album=None)
    assert await posted.send(lone) == [("copy of 9", "Alice · Class 1A")]
    assert posted.store.status(waiting) == DeliveryStatus.PENDING
