"""A photo posted in a group, recorded and queued for recognition, on intake's store in
memory (``tests/fakes/recognition.py``): once per message, and a photo an organizer took
down stays down when posted again."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.events import EventBus, TakenDownPostedAgain
from domain.jobs import queue as job_names
from domain.recognition.intake import PhotoIntake
from domain.recognition.stores import PostedPhoto
from domain.states import MediaKind
from tests.fakes.recognition import MemoryChatGroups, MemoryJobQueue, MemoryPhotoIntakeStore

CHAT = -100123


def _posted(message_id: int, file_unique_id: str = "file-a") -> PostedPhoto:
    return PostedPhoto(
        chat_id=CHAT,
        chat_title="Class 1A",
        chat_type="supergroup",
        message_id=message_id,
        file_id=f"id-{file_unique_id}-{message_id}",
        file_unique_id=file_unique_id,
        media_kind=MediaKind.PHOTO,
        posted_at=datetime(2026, 5, 4, 9, tzinfo=UTC),
        posted_by_user_id=11,
    )


class Intake:
    def __init__(self) -> None:
        self.groups = MemoryChatGroups()
        self.store = MemoryPhotoIntakeStore()
        self.jobs = MemoryJobQueue()
        self.told: list[TakenDownPostedAgain] = []
        events = EventBus()

        async def tell(event: TakenDownPostedAgain) -> None:
            self.told.append(event)

        events.subscribe(TakenDownPostedAgain, tell)
        self.intake = PhotoIntake(self.groups, self.store, self.jobs, events)

    def recognitions(self) -> list[tuple[str, ...]]:
        return [args for name, args in self.jobs.queued.values() if name == job_names.RECOGNIZE]


async def test_a_photo_is_recorded_in_its_chats_group_and_queued_for_recognition() -> None:
    world = Intake()
    photo_id = await world.intake.record(_posted(7))
    assert photo_id is not None
    group_id = world.groups.groups[CHAT]
    recorded, posted, removed = world.store.photos[(group_id, 7)]
    assert (recorded, posted.caption, removed) == (photo_id, None, None)
    assert world.recognitions() == [(str(photo_id),)]


async def test_a_message_told_twice_is_recorded_and_recognized_once() -> None:
    world = Intake()
    first = await world.intake.record(_posted(7))
    assert await world.intake.record(_posted(7)) is None
    assert len(world.store.photos) == 1
    assert world.recognitions() == [(str(first),)]


async def test_a_photo_taken_down_and_posted_again_stays_down_and_moderation_is_told() -> None:
    world = Intake()
    await world.intake.record(_posted(7))
    group_id = world.groups.groups[CHAT]
    world.store.take_down(group_id, "file-a", by=99)
    world.jobs.queued.clear()
    again = await world.intake.record(_posted(8))
    assert again is not None
    _, _, removed = world.store.photos[(group_id, 8)]
    assert removed is not None and removed.removed_by_user_id == 99
    assert world.recognitions() == []
    assert world.told == [TakenDownPostedAgain(again)]
    other = await world.intake.record(_posted(9, "file-b"))  # another photo: recognized
    assert world.recognitions() == [(str(other),)]
