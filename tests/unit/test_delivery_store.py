"""Delivery's rules over its store, in memory (``tests/fakes/delivery.py``), without
Postgres or Telegram: which photos a guardian gets (``Deliveries.send``), what is held,
parked and taken back (``resume``, ``held_offers``, ``take_held``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast
from uuid import UUID, uuid4

import pytest

from domain.delivery.albums import Albums
from domain.delivery.batches import Batches
from domain.delivery.copies import Copies, on_persons_merged
from domain.delivery.service import Deliveries, HeldOutcome
from domain.delivery.stores import NOTHING_HELD, CopyNow, Guardian, HeldMedia, SentCopy
from domain.events import EventBus, PersonsMerged
from domain.groups.service import Groups
from domain.jobs import queue as job_names
from domain.jobs.queue import job_id
from domain.retry import TryAgainLater
from domain.states import DeliveryMode, DeliveryStatus, MediaKind, PersonStatus
from domain.telegram import (
    ChatUnavailable,
    Messenger,
    NotThisPerson,
    RecipientUnreachable,
    TelegramUnavailable,
)
from tests.fakes.delivery import MemoryChats, MemoryDeliveryStore, MemoryMembers
from tests.fakes.groups import MemoryGroupStore
from tests.fakes.recognition import MemoryJobQueue

GROUP = uuid4()
ALICE_S_MOTHER = 501
NOON = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=2)


class World:
    """A group with Alice, her mother as her guardian, and the bot's senders."""

    def __init__(self) -> None:
        self.store = MemoryDeliveryStore()
        self.chats = MemoryChats()
        self.jobs = MemoryJobQueue()
        self.members = MemoryMembers(self.store)
        self.mother: Guardian = self.store.guardian_in(GROUP, ALICE_S_MOTHER)
        self.alice = self.store.child("Alice", self.mother)
        self.deliveries = Deliveries(
            cast(Messenger, self.chats),
            self.jobs,
            self.store,
            groups=Groups(MemoryGroupStore(), EventBus()),
            membership_recheck=timedelta(minutes=5),
            members=self.members,
        )

    def posted(self, message_id: int = 7, kind: MediaKind = MediaKind.PHOTO) -> UUID:
        """A photo of Alice in the group, and its delivery to her mother."""
        photo = self.store.photo(GROUP, self.alice, message_id=message_id, kind=kind)
        return self.store.deliver(photo, self.mother)

    def queued(self) -> set[str]:
        return set(self.jobs.queued)


def _deliver_job(delivery_id: UUID) -> str:
    return job_id(job_names.DELIVER, delivery_id)


# Sending: send, hold, wait or finish


async def test_the_guardian_gets_a_copy_of_the_group_message_naming_their_child() -> None:
    world = World()
    delivery = world.posted(message_id=7)
    await world.deliveries.send(delivery)
    [(chat, what, caption, buttons)] = world.chats.sent
    assert (chat, what) == (ALICE_S_MOTHER, "copy of 7")
    assert "Alice" in caption and "Class 1A" in caption
    assert buttons == ["Not Alice?"]
    assert world.store.status(delivery) == DeliveryStatus.SENT
    assert world.store.deliveries[delivery].message_id == 1001
    await world.deliveries.send(delivery)  # a second run of the job sends nothing
    assert len(world.chats.sent) == 1


async def test_a_photo_posted_before_the_group_became_a_supergroup_is_sent_as_its_file() -> None:
    world = World()
    delivery = world.posted(message_id=-7)
    await world.deliveries.send(delivery)
    assert [what for _, what, _, _ in world.chats.sent] == ["file file--7"]


async def test_a_group_message_gone_sends_the_photo_s_file_instead() -> None:
    world = World()
    delivery = world.posted(message_id=7)
    world.chats.refusals.append(ChatUnavailable("message to copy not found"))
    await world.deliveries.send(delivery)
    assert [what for _, what, _, _ in world.chats.sent] == ["file file-7"]
    assert world.store.status(delivery) == DeliveryStatus.SENT


async def test_an_image_sent_as_a_file_whose_message_is_gone_fails() -> None:
    world = World()
    delivery = world.posted(message_id=7, kind=MediaKind.DOCUMENT)
    world.chats.refusals.append(ChatUnavailable("message to copy not found"))
    await world.deliveries.send(delivery)
    assert world.chats.sent == []
    assert world.store.status(delivery) == DeliveryStatus.FAILED


async def test_a_photo_taken_down_before_it_went_is_never_sent_nor_waited_for() -> None:
    world = World()
    delivery = world.posted()
    world.store.taken_down.add(world.store.deliveries[delivery].photo_id)
    await world.deliveries.send(delivery)
    assert (world.chats.sent, world.chats.turns) == ([], 0)
    assert world.store.status(delivery) == DeliveryStatus.TAKEN_DOWN


async def test_in_a_paused_group_it_stays_pending_for_the_resume() -> None:
    world = World()
    delivery = world.posted()
    world.store.paused_groups.add(GROUP)
    await world.deliveries.send(delivery)
    assert world.chats.sent == []
    assert world.store.status(delivery) == DeliveryStatus.PENDING


async def test_a_guardian_telegram_says_left_the_group_gets_nothing() -> None:
    world = World()
    delivery = world.posted()
    world.members.left.add(world.mother.id)
    await world.deliveries.send(delivery)
    assert world.chats.sent == []
    assert world.members.asked == [world.mother.id]
    assert world.store.status(delivery) == DeliveryStatus.CANCELLED


async def test_a_guardian_recorded_as_gone_is_cancelled_without_asking_telegram() -> None:
    world = World()
    delivery = world.posted()
    world.store.members.clear()
    await world.deliveries.send(delivery)
    assert (world.chats.sent, world.members.asked) == ([], [])
    assert world.store.status(delivery) == DeliveryStatus.CANCELLED


async def test_a_guardian_who_blocked_the_bot_has_it_parked() -> None:
    world = World()
    delivery = world.posted()
    await world.store.unreachable(
        world.mother.id, world.store.photos[world.store.deliveries[delivery].photo_id].posted_at
    )
    await world.deliveries.send(delivery)
    assert world.chats.sent == []
    assert world.store.status(delivery) == DeliveryStatus.PARKED


async def test_blocking_the_bot_at_the_request_parks_it_and_marks_them_unreachable() -> None:
    world = World()
    delivery = world.posted()
    world.chats.refusals.append(RecipientUnreachable("bot was blocked by the user"))
    await world.deliveries.send(delivery)
    assert world.store.status(delivery) == DeliveryStatus.PARKED
    assert world.mother.id in world.store.unreachable_since


async def test_a_photo_of_a_paused_child_is_held() -> None:
    world = World()
    delivery = world.posted()
    world.store.persons[world.alice].status = PersonStatus.PAUSED
    await world.deliveries.send(delivery)
    assert world.chats.sent == []
    assert world.store.status(delivery) == DeliveryStatus.HELD


async def test_a_child_paused_while_the_chat_waited_has_the_photo_held_not_sent() -> None:
    # The reservation refuses it; the same decision on the facts now says why.
    world = World()
    delivery = world.posted()
    world.chats.meanwhile.append(
        lambda: setattr(world.store.persons[world.alice], "status", PersonStatus.PAUSED)
    )
    await world.deliveries.send(delivery)
    assert world.chats.sent == []
    assert world.store.status(delivery) == DeliveryStatus.HELD


async def test_a_photo_taken_down_while_the_chat_waited_is_not_sent() -> None:
    world = World()
    delivery = world.posted()
    photo = world.store.deliveries[delivery].photo_id
    world.chats.meanwhile.append(lambda: world.store.taken_down.add(photo))
    await world.deliveries.send(delivery)
    assert world.chats.sent == []
    assert world.store.status(delivery) == DeliveryStatus.TAKEN_DOWN


async def test_a_face_moved_away_from_their_child_while_the_chat_waited_cancels_it() -> None:
    world = World()
    delivery = world.posted()
    world.chats.meanwhile.append(lambda: world.store.persons[world.alice].faces.clear())
    await world.deliveries.send(delivery)
    assert world.chats.sent == []
    assert world.store.deliveries[delivery].status == DeliveryStatus.CANCELLED
    assert world.store.deliveries[delivery].error == "none of their persons is in it any more"


async def test_a_group_paused_while_the_chat_waited_keeps_it_pending() -> None:
    world = World()
    delivery = world.posted()
    world.chats.meanwhile.append(lambda: world.store.paused_groups.add(GROUP))
    await world.deliveries.send(delivery)
    assert world.chats.sent == []
    assert world.store.status(delivery) == DeliveryStatus.PENDING


# Parked and held photos


async def test_a_guardian_back_gets_their_parked_photos_queued_again() -> None:
    world = World()
    parked = world.posted()
    sent = world.posted(message_id=8)
    world.store.deliveries[parked].status = DeliveryStatus.PARKED
    world.store.deliveries[sent].status = DeliveryStatus.SENT
    assert await world.deliveries.resume(world.mother.id) == 1
    assert world.store.status(parked) == DeliveryStatus.PENDING
    assert world.queued() == {_deliver_job(parked)}
    assert await world.deliveries.resume(world.mother.id) == 0


async def test_held_photos_are_offered_to_each_guardian_with_some() -> None:
    world = World()
    father = world.store.guardian_in(GROUP, 502)
    world.store.persons[world.alice].guardians.add(father.id)
    for message_id in (7, 8):
        held = world.posted(message_id=message_id)
        world.store.deliveries[held].status = DeliveryStatus.HELD
    assert await world.deliveries.held_offers(world.alice) == [
        (ALICE_S_MOTHER, HeldMedia(2, 0, ("Class 1A",)))
    ]


async def test_held_clips_are_offered_and_taken_apart_from_the_photos() -> None:
    """A clip held while the child was paused is a clip in the offer and in its answer."""
    world = World()
    for message_id, kind in ((7, MediaKind.PHOTO), (8, MediaKind.VIDEO), (9, MediaKind.VIDEO_NOTE)):
        held = world.posted(message_id=message_id, kind=kind)
        world.store.deliveries[held].status = DeliveryStatus.HELD
    assert await world.deliveries.held_offers(world.alice) == [
        (ALICE_S_MOTHER, HeldMedia(1, 2, ("Class 1A",)))
    ]
    answer = await world.deliveries.take_held(world.alice, ALICE_S_MOTHER, send=True)
    assert answer == (HeldOutcome.SENDING, HeldMedia(1, 2), "Alice")


async def test_a_held_photo_from_a_group_the_guardian_left_is_neither_offered_nor_counted() -> None:
    """It can't be sent to them: the offer and "Sending" count what will come."""
    world = World()
    kept = world.posted()
    world.store.deliveries[kept].status = DeliveryStatus.HELD
    left = world.store.photo(uuid4(), world.alice, message_id=8)
    world.store.deliver(left, world.mother, DeliveryStatus.HELD)  # from a group she left
    offered = await world.deliveries.held_offers(world.alice)
    assert offered == [(ALICE_S_MOTHER, HeldMedia(1, 0, ("Class 1A",)))]
    answer = await world.deliveries.take_held(world.alice, ALICE_S_MOTHER, send=True)
    assert answer == (HeldOutcome.SENDING, HeldMedia(1, 0), "Alice")


async def test_taking_the_held_photos_queues_them_once() -> None:
    world = World()
    held = world.posted()
    world.store.deliveries[held].status = DeliveryStatus.HELD
    answer = await world.deliveries.take_held(world.alice, ALICE_S_MOTHER, send=True)
    assert answer == (HeldOutcome.SENDING, HeldMedia(1, 0), "Alice")
    assert world.store.status(held) == DeliveryStatus.PENDING
    assert world.queued() == {_deliver_job(held)}
    again = await world.deliveries.take_held(world.alice, ALICE_S_MOTHER, send=False)
    assert again == (HeldOutcome.NOTHING, NOTHING_HELD, "Alice")
    assert world.store.status(held) == DeliveryStatus.PENDING


async def test_declining_the_held_photos_cancels_them() -> None:
    world = World()
    held = world.posted()
    world.store.deliveries[held].status = DeliveryStatus.HELD
    answer = await world.deliveries.take_held(world.alice, ALICE_S_MOTHER, send=False)
    assert answer == (HeldOutcome.DROPPED, HeldMedia(1, 0), "Alice")
    assert world.store.status(held) == DeliveryStatus.CANCELLED
    assert world.queued() == set()


async def test_held_photos_are_not_sent_while_the_child_is_paused_again() -> None:
    world = World()
    held = world.posted()
    world.store.deliveries[held].status = DeliveryStatus.HELD
    world.store.persons[world.alice].status = PersonStatus.PAUSED
    answer = await world.deliveries.take_held(world.alice, ALICE_S_MOTHER, send=True)
    assert answer == (HeldOutcome.PAUSED, NOTHING_HELD, "Alice")
    assert world.store.status(held) == DeliveryStatus.HELD


async def test_a_stranger_cannot_take_a_child_s_held_photos() -> None:
    world = World()
    held = world.posted()
    world.store.deliveries[held].status = DeliveryStatus.HELD
    world.store.guardian_in(GROUP, 666)
    answer = await world.deliveries.take_held(world.alice, 666, send=True)
    assert answer == (HeldOutcome.NOT_YOURS, NOTHING_HELD, "")
    assert world.store.status(held) == DeliveryStatus.HELD
    # No such person (deleted since the offer, or made up): said so, naming no one.
    assert await world.deliveries.take_held(uuid4(), ALICE_S_MOTHER, send=True) == (
        HeldOutcome.GONE,
        NOTHING_HELD,
        "",
    )


# Albums: a burst, an album's "Not Alice?" message, a group's batches


def _albums(world: World) -> Albums:
    return Albums(cast(Messenger, world.chats), world.jobs, world.store)


def _batches(world: World) -> Batches:
    return Batches(
        cast(Messenger, world.chats),
        world.jobs,
        world.deliveries,
        album_window=WINDOW,
        digest_hour=18,
    )


async def test_photos_gathered_while_the_chat_waited_go_as_one_album() -> None:
    world = World()
    first, second = world.posted(message_id=7), world.posted(message_id=8)
    await world.deliveries.send(first)
    assert [what for _, what, _, _ in world.chats.sent] == [
        "album's file file-7",
        "album's file file-8",
    ]
    assert "Alice" in world.chats.sent[0][2]
    kept = world.store.deliveries
    assert (kept[first].status, kept[second].status) == (DeliveryStatus.SENT,) * 2
    assert kept[first].album_id == kept[second].album_id == first
    # Its "Not Alice?" message, and the chat's open cards' count (findings13 1).
    chat = world.chats.sent[0][0]
    queued = world.queued()
    assert job_id(job_names.ALBUM_CORRECTIONS, first) in queued
    (cards,) = queued - {job_id(job_names.ALBUM_CORRECTIONS, first)}
    assert cards.startswith(f"{job_names.SHOW_CARDS}:{chat}:")
    await world.deliveries.send(second)  # its own job: gone with the album already
    assert len(world.chats.sent) == 2


async def test_an_album_s_not_alice_message_names_each_photo_still_shown() -> None:
    world = World()
    first, second, third = (world.posted(message_id=m) for m in (7, 8, 9))
    await world.deliveries.send(first)
    world.store.taken_down.add(world.store.deliveries[second].photo_id)
    await _albums(world).offer_corrections(first)
    *_, (chat, what, said, buttons) = world.chats.sent
    first_message = world.store.deliveries[first].message_id
    assert (chat, what) == (ALICE_S_MOTHER, f"text replying to {first_message}")
    assert "2 photos from" in said
    assert buttons == ["Not Alice? (photo 1)", "Not Alice? (photo 2)"]
    assert world.store.deliveries[third].status == DeliveryStatus.SENT
    sent = len(world.chats.sent)
    await _albums(world).offer_corrections(first)  # owed once
    assert len(world.chats.sent) == sent


async def test_a_group_s_album_goes_once_its_window_passed_without_a_photo_taken_down() -> None:
    world = World()
    world.store.modes[GROUP] = DeliveryMode.ALBUM
    waiting = [world.posted(message_id=m) for m in (7, 8, 9)]
    for delivery_id in waiting:
        world.store.deliveries[delivery_id].status = DeliveryStatus.WAITING
        world.store.deliveries[delivery_id].planned_at = NOON
    world.store.taken_down.add(world.store.deliveries[waiting[2]].photo_id)
    batches = _batches(world)
    assert await batches.send(world.mother.id, GROUP, NOON + WINDOW / 2) == 0
    assert world.chats.sent == []
    assert {name for name, _ in world.jobs.queued.values()} == {job_names.SEND_BATCH}
    assert await batches.send_due(NOON + WINDOW) == 2
    assert [what for _, what, _, _ in world.chats.sent] == [
        "album's file file-7",
        "album's file file-8",
    ]
    assert world.store.status(waiting[2]) == DeliveryStatus.TAKEN_DOWN


async def test_a_group_s_album_for_a_guardian_who_blocked_the_bot_is_parked() -> None:
    world = World()
    world.store.modes[GROUP] = DeliveryMode.ALBUM
    waiting = [world.posted(message_id=m) for m in (7, 8)]
    for delivery_id in waiting:
        world.store.deliveries[delivery_id].status = DeliveryStatus.WAITING
        world.store.deliveries[delivery_id].planned_at = NOON
    world.store.unreachable_since[world.mother.id] = NOON
    assert await _batches(world).send(world.mother.id, GROUP, NOON + WINDOW) == 0
    assert world.chats.sent == []
    assert {world.store.status(d) for d in waiting} == {DeliveryStatus.PARKED}


async def test_a_group_back_to_each_photo_sends_its_waiting_photos_one_by_one() -> None:
    world = World()
    waiting = [world.posted(message_id=m) for m in (7, 8)]
    for delivery_id in waiting:
        world.store.deliveries[delivery_id].status = DeliveryStatus.WAITING
    assert await _batches(world).send(world.mother.id, GROUP) == 0
    assert {world.store.status(d) for d in waiting} == {DeliveryStatus.PENDING}
    assert world.queued() == {_deliver_job(d) for d in waiting}


async def test_an_album_telegram_refuses_goes_photo_by_photo() -> None:
    world = World()
    first, second = world.posted(message_id=7), world.posted(message_id=8)
    world.chats.refusals.append(ChatUnavailable("wrong file identifier"))
    await world.deliveries.send(first)
    assert [what for _, what, _, _ in world.chats.sent] == ["copy of 7"]  # alone, at once
    assert world.store.status(first) == DeliveryStatus.SENT
    assert world.store.status(second) == DeliveryStatus.PENDING
    assert (world.store.deliveries[second].error or "").startswith("album refused")
    assert _deliver_job(second) in world.queued()
    await world.deliveries.send(second)  # its job: alone too, never in an album again
    assert [what for _, what, _, _ in world.chats.sent] == ["copy of 7", "copy of 8"]


async def test_a_change_of_mode_or_a_resume_looks_at_the_group_s_waiting_photos_at_once() -> None:
    world = World()
    world.store.modes[GROUP] = DeliveryMode.ALBUM
    waiting = world.posted(message_id=7)
    world.store.deliveries[waiting].status = DeliveryStatus.WAITING
    elsewhere = world.store.photo(uuid4(), world.alice, message_id=8)
    world.store.deliveries[
        world.store.deliver(elsewhere, world.mother)
    ].status = DeliveryStatus.WAITING
    assert await world.deliveries.queue_waiting(GROUP) == 1
    assert world.queued() == {f"{job_names.SEND_BATCH}:now:{world.mother.id}:{GROUP}"}


# Copies kept true: a guardian's copies, and an album's "Not Alice?" message, after a change


def _copies(world: World) -> Copies:
    return Copies(cast(Messenger, world.chats), world.store, world.jobs)


async def test_a_copy_names_the_receiver_s_persons_in_it_as_they_are_now() -> None:
    world = World()
    delivery = world.posted(message_id=7)
    await world.deliveries.send(delivery)
    photo = world.store.deliveries[delivery].photo_id
    # Ben's face in it was found to be Ben's (a merge moved it); Alice's was renamed.
    ben = world.store.child("Ben", world.mother)
    world.store.persons[ben].faces[uuid4()] = photo
    world.store.persons[world.alice].name = "Alicia"
    copies = _copies(world)
    await copies.show_as_now(await copies.in_chats(photo_ids=[photo]))
    [(chat, message, caption, buttons)] = world.chats.edited
    assert (chat, message) == (ALICE_S_MOTHER, world.store.deliveries[delivery].message_id)
    assert caption is not None and "Alicia" in caption and "Ben" in caption
    assert buttons == ["Not Alicia?", "Not Ben?"]


async def test_a_copy_with_none_of_the_receiver_s_persons_left_loses_its_buttons() -> None:
    world = World()
    delivery = world.posted(message_id=7)
    await world.deliveries.send(delivery)
    copies = _copies(world)
    sent = await copies.in_chats(person_ids=[world.alice])
    world.store.persons[world.alice].faces.clear()  # her faces deleted
    assert await copies.in_chats(person_ids=[world.alice]) == []
    await copies.show_as_now(sent)
    assert world.chats.edited == [(ALICE_S_MOTHER, sent[0].message_id, None, [])]


async def test_copies_left_once_the_budget_is_spent_or_refused_are_shown_by_their_chat_s_job() -> (
    None
):
    world = World()
    for message_id in (7, 8):
        await world.deliveries.send(world.posted(message_id=message_id))
    copies = _copies(world)
    sent = await copies.in_chats(participant_id=world.mother.id)
    assert len(sent) == 2
    world.store.persons[world.alice].name = "Alicia"
    await copies.show_as_now(sent, budget_s=-1)
    assert world.chats.edited == []
    assert f"{job_names.SHOW_COPIES}:{ALICE_S_MOTHER}" in world.queued()
    # The chat's job: Telegram busy, it comes back with both still owed; then shows them.
    world.chats.refusals.append(TelegramUnavailable("Too Many Requests", retry_after=5))
    with pytest.raises(TryAgainLater):
        await copies.show_owed(ALICE_S_MOTHER)
    assert world.chats.edited == []
    await copies.show_owed(ALICE_S_MOTHER)
    assert sorted(message for _, message, _, _ in world.chats.edited) == sorted(
        copy.message_id for copy in sent
    )
    assert {tuple(buttons) for *_, buttons in world.chats.edited} == {("Not Alicia?",)}
    assert world.store.stale == {}


async def test_a_copy_owed_afresh_while_it_was_edited_is_edited_again_for_the_newer_change() -> (
    None
):
    world = World()
    await world.deliveries.send(world.posted(message_id=7))
    copies = _copies(world)
    (sent,) = await copies.in_chats(participant_id=world.mother.id)
    read = world.store.copy_now

    async def renamed_while_read(copy: SentCopy) -> CopyNow | None:
        now = await read(copy)  # what it said: "Alice"
        world.store.persons[world.alice].name = "Alicia"
        await world.store.owe([copy])  # the rename owes it afresh
        world.store.copy_now = read  # type: ignore[method-assign]
        return now

    world.store.copy_now = renamed_while_read  # type: ignore[method-assign]
    await world.store.owe([sent])
    with pytest.raises(TryAgainLater):  # still owed: the job comes back
        await copies.show_owed(ALICE_S_MOTHER)
    await copies.show_owed(ALICE_S_MOTHER)
    assert [buttons for *_, buttons in world.chats.edited] == [["Not Alice?"], ["Not Alicia?"]]
    assert world.store.stale == {}


async def test_the_copies_of_the_photos_a_merge_moved_are_owed_then_named_again() -> None:
    world = World()
    moved = world.posted(message_id=7)
    await world.deliveries.send(moved)
    await world.deliveries.send(world.posted(message_id=8))  # another photo, alone
    event = uuid4()
    world.store.moved[event] = {world.store.deliveries[moved].photo_id}
    copies = _copies(world)
    await on_persons_merged(copies, PersonsMerged(uuid4()))  # no such event: nothing
    assert world.store.stale == {}
    await on_persons_merged(copies, PersonsMerged(event))
    # Owed in the store (Postgres: it outlives Redis), edited by the chat's job.
    assert world.chats.edited == [] and len(world.store.stale) == 1
    await copies.show_owed(ALICE_S_MOTHER)
    assert world.store.stale == {}
    [(_, message, caption, buttons)] = world.chats.edited
    assert message == world.store.deliveries[moved].message_id
    assert caption is not None and "Alice" in caption
    assert buttons == ["Not Alice?"]


async def test_an_album_s_not_alice_message_is_renumbered_then_deleted_when_nothing_applies() -> (
    None
):
    world = World()
    first, second, third = (world.posted(message_id=m) for m in (7, 8, 9))
    await world.deliveries.send(first)
    await _albums(world).offer_corrections(first)
    note = world.store.deliveries[first].corrections_message_id
    assert note is not None
    notes = _copies(world).album_notes
    assert await notes.albums_of([world.store.deliveries[third].photo_id]) == [first]
    # A correction deleted the second photo's copy from the chat.
    world.store.deliveries[second].message_id = None
    [change] = await notes.notes_now([first])
    assert (change.chat_id, change.message_id) == (ALICE_S_MOTHER, note)
    assert "2 photos from" in change.text
    assert [b.label for row in change.buttons for b in row if isinstance(b, NotThisPerson)] == [
        "Not Alice? (photo 1)",
        "Not Alice? (photo 2)",
    ]
    world.store.persons[world.alice].status = PersonStatus.DELETING
    await notes.show_as_now([first])
    assert world.chats.deleted == [(ALICE_S_MOTHER, note)]
    world.chats.too_old.add(note)
    await notes.show_as_now([first])  # too old to delete: it says so, its buttons gone
    assert world.chats.edited[-1] == (
        ALICE_S_MOTHER,
        note,
        "Nothing here is left to correct.",
        [],
    )
