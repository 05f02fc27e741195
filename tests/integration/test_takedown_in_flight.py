"""A takedown whose photo is still being sent to a guardian (a send claimed before the
confirmation, past the worker's wait): the job comes back instead of going on, so the copy
that lands is deleted too and the report goes once, after every copy is settled. On the
real Postgres, Qdrant and blob store; Telegram is the emulator, reached by the real
messenger on a real aiogram bot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from domain.delivery.copies import Copies
from domain.delivery.purge import Purge
from domain.events import EventBus
from domain.infra.local_blobs import LocalBlobStore
from domain.infra.models import Delivery, Group, Participant, Photo, UserRequest
from domain.infra.qdrant_index import QdrantFaceIndex
from domain.infra.stores.delivery import TortoiseDeliveryStore
from domain.infra.stores.moderation_takedown import TortoiseTakedownStore
from domain.infra.telegram.messenger import AiogramMessenger
from domain.jobs import requests
from domain.moderation.takedown import COPY_DELETED, TakedownDeletion
from domain.retry import TryAgainLater
from domain.states import DeliveryStatus, GroupType, PhotoStatus, RequestKind
from sandbox import World
from tests.integration.telegram import from_bot, jpeg

pytestmark = pytest.mark.usefixtures("db")


async def test_a_copy_still_being_sent_is_waited_for_then_deleted(
    tmp_path: Path, world: World, messenger: AiogramMessenger
) -> None:
    poster = world.create_user("Pat")
    organizer = world.create_user("Olga")
    guardian = world.create_user("Ann")
    await world.user_sends_text(guardian["id"], guardian["id"], "/start")
    chat = world.create_group("Class 1A", creator_id=poster["id"], member_ids=[guardian["id"]])
    office = world.create_group("Class 1A organizers", creator_id=organizer["id"])
    for where in (chat, office):
        await world.set_bot_status(where["id"], "administrator")
    (posted,) = await world.user_sends_photos(chat["id"], poster["id"], [jpeg()])

    index = QdrantFaceIndex.open(collection="faces", path=tmp_path / "qdrant")
    await index.ensure_ready()
    copies = Copies(messenger, TortoiseDeliveryStore())
    blobs = LocalBlobStore(tmp_path / "blobs")
    work = TakedownDeletion(
        Purge(index, blobs, messenger, copies, in_flight_wait=timedelta(seconds=0.5)),
        TortoiseTakedownStore(),
        events=EventBus(),  # no sheet shows its faces here
    )
    group = await Group.create(
        chat_id=chat["id"],
        title="Class 1A",
        type=GroupType.SUPERGROUP,
        join_token="t",
        admin_chat_id=office["id"],
    )
    ann = await Participant.create(telegram_user_id=guardian["id"], first_name="Ann")
    photo = await Photo.create(
        group=group,
        message_id=posted["message_id"],
        file_id=posted["photo"][-1]["file_id"],
        file_unique_id=posted["photo"][-1]["file_unique_id"],
        posted_at=datetime.now(UTC),
        status=PhotoStatus.REMOVED,
        removed_at=datetime.now(UTC),
        removed_by_user_id=organizer["id"],
    )
    # Claimed before the confirmation: the send may still reach Ann.
    copy = await Delivery.create(photo=photo, participant=ann, status=DeliveryStatus.SENDING)
    await requests.ask(RequestKind.TAKEDOWN, photo.id, organizer["id"])

    with pytest.raises(TryAgainLater):
        await work.process(photo.id)
    # No report yet, nothing deleted or skipped: the post is still in the group.
    assert from_bot(world, office["id"]) == [] and from_bot(world, organizer["id"]) == []
    assert [m["message_id"] for m in world.transcript(chat["id"]) if "photo" in m] == [
        posted["message_id"]
    ]
    assert await UserRequest.filter(kind=RequestKind.TAKEDOWN, done_at=None).count() == 1

    # The send lands meanwhile: Ann has the copy in her chat.
    sent = await messenger.copy_photo(guardian["id"], chat["id"], posted["message_id"], "Ann")
    (landed,) = from_bot(world, guardian["id"])
    assert landed["message_id"] == sent and "photo" in landed
    await Delivery.filter(id=copy.id).update(status=DeliveryStatus.SENT, message_id=sent)

    # The job, back, deletes that copy (and the post in the group) and reports once.
    report = await work.process(photo.id)
    assert report is not None and report.deleted == 1
    # Gone from Ann's chat, which says why in its place.
    (told,) = from_bot(world, guardian["id"])
    assert "photo" not in told and "took down a photo posted there" in told["text"]
    gone, _told = from_bot(world, guardian["id"], include_deleted=True)
    assert gone["message_id"] == sent and gone["_deleted"]
    assert not [m for m in world.transcript(chat["id"]) if "photo" in m]
    copy = await Delivery.get(id=copy.id)
    assert (copy.status, copy.error) == (DeliveryStatus.TAKEN_DOWN, COPY_DELETED)
    (said,) = from_bot(world, office["id"])
    assert "Copies deleted from guardians' chats: 1." in said["text"]
    assert "Class 1A" in said["text"] and "couldn't delete the photo" not in said["text"]
    assert from_bot(world, organizer["id"]) == []  # the admin chat only, not also privately

    assert await work.process(photo.id) is None  # done: nothing more, no second report
    assert len(from_bot(world, office["id"])) == 1
    assert from_bot(world, chat["id"]) == []  # nothing said in the group
    await index.close()
