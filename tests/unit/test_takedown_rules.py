"""A takedown's rules over its store, in memory (``tests/fakes/moderation_takedown.py``),
without Postgres or Telegram: what confirming takes down (once, with every post of the same
picture), and what the job deletes and reports (``TakedownDeletion.process``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import cast
from uuid import UUID, uuid4

import pytest

from domain.blobs import BlobStore
from domain.delivery.copies import Copies
from domain.delivery.purge import Purge
from domain.delivery.stores import SentCopy
from domain.events import EventBus, FacesTakenDown, OfferWithdrawn
from domain.moderation import texts
from domain.moderation.audit import Actor
from domain.moderation.takedown import (
    COPY_DELETED,
    COPY_GONE_BEFORE,
    COPY_REMOVED_BEFORE,
    COPY_TOO_OLD,
    NOT_SENT,
    Outcome,
    TakedownDeletion,
    TakedownRequests,
)
from domain.moderation.takedown_store import Offer
from domain.recognition.face_index import FaceIndex
from domain.retry import TryAgainLater
from domain.states import DeliveryStatus, OfferStatus
from domain.telegram import Deletion, Messenger
from tests.fakes.moderation_takedown import MemoryTakedownStore
from tests.fakes.recognition import MemoryJobQueue

GROUP_CHAT, ADMIN_CHAT = -1001, -1002
OLGA = Actor(user_id=7, name="Olga")
ANN, BEN = 501, 502


@dataclass
class Chats:
    """Telegram as the takedown meets it: every message deleted, but those too old (which
    are blanked instead, but those it will not edit: a round video)."""

    too_old: set[tuple[int, int]] = field(default_factory=set)
    gone: set[tuple[int, int]] = field(default_factory=set)  # deleted by their readers
    unblankable: set[tuple[int, int]] = field(default_factory=set)
    deleted: list[tuple[int, int]] = field(default_factory=list)
    blanked: list[tuple[int, int, str]] = field(default_factory=list)
    said: list[tuple[int, str]] = field(default_factory=list)

    async def blank_photo(self, chat_id: int, message_id: int, caption: str) -> bool:
        if (chat_id, message_id) in self.unblankable:
            return False
        self.blanked.append((chat_id, message_id, caption))
        return True

    async def delete_message(self, chat_id: int, message_id: int) -> Deletion:
        if (chat_id, message_id) in self.too_old:
            return Deletion.REFUSED
        if (chat_id, message_id) in self.gone:
            return Deletion.GONE
        self.deleted.append((chat_id, message_id))
        return Deletion.DELETED

    async def send_text(self, chat_id: int, text: str, *_: object) -> int:
        self.said.append((chat_id, text))
        return len(self.said)


@dataclass
class Notes:
    albums: list[UUID] = field(default_factory=list)

    async def show_as_now(self, album_ids: Collection[UUID]) -> None:
        self.albums += album_ids


@dataclass
class Shown:
    """Delivery's keeping the copies and their albums' notes true (``Copies``), as the
    takedown asks it to."""

    copies: list[SentCopy] = field(default_factory=list)
    album_notes: Notes = field(default_factory=Notes)

    async def show_as_now(self, copies: Sequence[SentCopy]) -> None:
        self.copies += copies


@asynccontextmanager
async def in_english(chat_id: int) -> AsyncIterator[str]:
    """Every chat reads English (the languages' store is not the takedown's)."""
    yield "en"


class Index:
    async def delete(self, _: object) -> None:
        return None


class Blobs:
    def __init__(self) -> None:
        self.deleted: list[str] = []

    async def delete_prefix(self, prefix: str) -> None:
        self.deleted.append(prefix)

    async def delete(self, key: str) -> None:
        self.deleted.append(key)


class World:
    def __init__(self, *, admin_chat: bool = True) -> None:
        self.store = MemoryTakedownStore()
        self.group = self.store.group(GROUP_CHAT, ADMIN_CHAT if admin_chat else None)
        self.chats = Chats()
        self.shown = Shown()
        self.events = EventBus()
        self.published: list[object] = []
        for kind in (FacesTakenDown, OfferWithdrawn):
            self.events.subscribe(kind, self._published)
        self.jobs = MemoryJobQueue()
        self.blobs = Blobs()
        self.takedowns = TakedownRequests(self.jobs, self.store)
        purge = Purge(
            cast(FaceIndex, Index()),
            cast(BlobStore, self.blobs),
            cast(Messenger, self.chats),
            cast(Copies, self.shown),
            in_flight_wait=timedelta(0),
        )
        self.work = TakedownDeletion(
            purge,
            self.store,
            events=self.events,
            jobs=self.jobs,
            speaking=in_english,
        )

    async def _published(self, event: object) -> None:
        self.published.append(event)


async def test_confirming_takes_down_every_post_of_the_picture_once() -> None:
    world = World()
    photo = world.store.post(world.group, 10, "sunset")
    again = world.store.post(world.group, 11, "sunset")
    other = world.store.post(world.group, 12, "beach")
    unsent = world.store.deliver(again, ANN, DeliveryStatus.PENDING)

    confirmed = await world.takedowns.confirm(photo, OLGA)
    assert confirmed.outcome == Outcome.TAKING_DOWN
    assert [p.removed_at is not None for p in world.store.photos.values()] == [True, True, False]
    assert world.store.photos[photo].caption is None
    assert (world.store.copies[unsent].status, world.store.copies[unsent].error) == (
        DeliveryStatus.TAKEN_DOWN,
        NOT_SENT,
    )
    assert len(world.jobs.queued) == 1 and len(world.store.requests) == 1

    second = await world.takedowns.confirm(photo, Actor(user_id=8, name="Mia"))
    assert (second.outcome, second.by) == (Outcome.ALREADY, "Olga")
    assert len(world.store.requests) == 1 and len(world.store.audit) == 1
    assert (await world.takedowns.confirm(uuid4(), OLGA)).outcome == Outcome.GONE
    assert world.store.photos[other].removed_at is None


async def test_the_job_deletes_the_group_post_and_every_copy_and_reports_once() -> None:
    world = World()
    photo = world.store.post(world.group, 10, "sunset")
    forward = world.store.post(world.group, 11, "sunset")
    world.store.deliver(photo, ANN)
    old = world.store.deliver(forward, BEN)
    old_copy = world.store.copies[old]
    assert old_copy.message_id is not None
    world.chats.too_old.add((BEN, old_copy.message_id))
    world.chats.unblankable.add((BEN, old_copy.message_id))  # not even blanked
    face = world.store.face(photo, asked_in=(ANN, 900))
    world.store.prototypes[face] = person = uuid4()
    await world.takedowns.confirm(photo, OLGA)

    report = await world.work.process(photo)
    assert report is not None
    # Ann's copy, and apart, her question, which shows the photo (walken3 11: counted as
    # two copies).
    assert (report.deleted, report.questions) == (1, 1)
    assert (len(report.too_old), report.group_post) == (1, True)
    # Both posts in the group, Ann's copy and the question showing the face are deleted.
    assert {(GROUP_CHAT, 10), (GROUP_CHAT, 11), (ANN, 900)} <= set(world.chats.deleted)
    assert [c.error for c in world.store.copies.values()] == [COPY_DELETED, COPY_TOO_OLD]
    # Ben's copy stays, captioned as now (without its buttons).
    assert [c.chat_id for c in world.shown.copies] == [BEN]
    assert world.chats.blanked == []
    # The audit keeps what stayed: Ben's copy (the posts in the group went).
    assert world.store.left == {photo: {"post": False, "copies": 1, "unreachable": 0}}
    assert world.store.face_rows == {} and world.store.choose_again == [person]
    assert f"crops/{photo}/" in world.blobs.deleted
    # Ann, whose copy went, is told so in her chat (Ben's stays, as said); then the report.
    assert [chat for chat, _ in world.chats.said] == [ANN, ADMIN_CHAT]
    assert world.store.requests == {}
    # Run again (the job re-queued), it finds nothing left to do and says nothing.
    assert await world.work.process(photo) is None
    assert len(world.chats.said) == 2


async def test_the_report_goes_to_who_confirmed_when_there_is_no_admin_chat() -> None:
    world = World(admin_chat=False)
    photo = world.store.post(world.group, 10)
    await world.takedowns.confirm(photo, OLGA)
    await world.work.process(photo)
    assert [chat for chat, _ in world.chats.said] == [OLGA.user_id]


async def test_a_send_under_way_brings_the_job_back_before_anything_goes() -> None:
    world = World()
    photo = world.store.post(world.group, 10)
    world.store.deliver(photo, ANN, DeliveryStatus.SENDING)
    await world.takedowns.confirm(photo, OLGA)
    with pytest.raises(TryAgainLater):
        await world.work.process(photo)
    assert world.chats.deleted == [] and world.chats.said == []
    assert len(world.store.requests) == 1


async def test_a_guardian_s_batch_keeps_its_other_faces_and_a_sheet_goes() -> None:
    world = World()
    photo = world.store.post(world.group, 10)
    other_photo = world.store.post(world.group, 11)
    face = world.store.face(photo)
    kept = world.store.face(other_photo)
    person = uuid4()
    batch = Offer(
        uuid4(),
        person,
        uuid4(),
        (str(face), str(kept)),
        False,
        OfferStatus.PENDING,
        ((ANN, 700),),
        {str(face): 0.7, str(kept): 0.6},
    )
    sheet = Offer(uuid4(), person, None, (str(face), str(kept)), True, OfferStatus.PENDING)
    world.store.kept_offers = {batch.id: batch, sheet.id: sheet}
    await world.takedowns.confirm(photo, OLGA)
    report = await world.work.process(photo)
    # The batch's message showed it: a question deleted (walken3 11: not counted at all).
    assert report is not None and (report.deleted, report.questions) == (0, 1)

    waiting = world.store.kept_offers[batch.id]
    assert (waiting.face_ids, waiting.scores, waiting.status, waiting.sent_to) == (
        (str(kept),),
        {str(kept): 0.6},
        OfferStatus.WAITING,
        (),
    )
    assert (ANN, 700) in world.chats.deleted
    # The sheet goes, with the crop it alone kept of the other face; its person is looked
    # at again.
    assert sheet.id not in world.store.kept_offers
    assert world.store.face_rows[kept][1] is None
    assert OfferWithdrawn(person) in world.published


async def test_only_what_the_takedown_deleted_is_counted() -> None:
    """findings16 2 and findings15 2: a copy a correction had taken from its chat, or its
    reader had deleted, is not counted deleted (and says so); a question showing the photo
    is, and one too old to delete is blanked and counted so, with when it was asked."""
    world = World()
    photo = world.store.post(world.group, 10, "sunset")
    kept = world.store.deliver(photo, ANN)
    removed = world.store.deliver(photo, BEN)
    world.store.copies[removed].message_id = None  # a move took it from Ben's chat
    read = world.store.deliver(photo, 503)
    world.chats.gone.add((503, cast(int, world.store.copies[read].message_id)))
    asked = world.store.face(photo, asked_in=(ANN, 900))
    world.store.questions[asked].append((504, 901))
    world.chats.too_old.add((504, 901))
    world.store.asked_at[(504, 901)] = when = world.store.photos[photo].posted_at
    await world.takedowns.confirm(photo, OLGA)

    report = await world.work.process(photo)
    assert report is not None
    assert (report.deleted, report.questions, report.too_old) == (
        1,
        1,
        [],
    )  # Ann's copy, her question
    # The question too old to delete is blanked and counted apart from the copies.
    assert (report.blanked, report.questions_blanked) == ([], [when])
    assert world.chats.blanked == [(504, 901, texts.question_taken_down("Class 1A"))]
    notes = {d: world.store.copies[d].error for d in (kept, removed, read)}
    assert notes == {
        kept: COPY_DELETED,
        removed: COPY_REMOVED_BEFORE,
        read: COPY_GONE_BEFORE,
    }
    assert BEN not in {chat for chat, _ in world.chats.deleted}
