"""A takedown whose photo is still being sent to a guardian (a send claimed before the
confirmation, past the worker's wait): the job comes back instead of going on, so the copy
that lands is deleted too and the report goes once, after every copy is settled. On the
real Postgres, Qdrant and blob store; Telegram is a recorder."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest

from domain.infra.local_blobs import LocalBlobStore
from domain.infra.models import Delivery, Group, Participant, Photo, UserRequest
from domain.infra.qdrant_index import QdrantFaceIndex
from domain.jobs import requests
from domain.moderation.takedown import COPY_DELETED, TakedownWork
from domain.retry import TryAgainLater
from domain.states import DeliveryStatus, GroupType, PhotoStatus, RequestKind
from domain.telegram import Deletion, Messenger

pytestmark = pytest.mark.usefixtures("db")


class Telegram:
    def __init__(self) -> None:
        self.texts: list[tuple[int, str]] = []
        self.deleted: list[tuple[int, int]] = []

    async def send_text(self, chat_id: int, text: str, buttons: Sequence[Any] = ()) -> int:
        self.texts.append((chat_id, text))
        return len(self.texts)

    async def delete_message(self, chat_id: int, message_id: int) -> Deletion:
        self.deleted.append((chat_id, message_id))
        return Deletion.DELETED


async def test_a_copy_still_being_sent_is_waited_for_then_deleted(tmp_path: Path) -> None:
    index = QdrantFaceIndex.open(collection="faces", path=tmp_path / "qdrant")
    await index.ensure_ready()
    telegram = Telegram()
    work = TakedownWork(
        index,
        LocalBlobStore(tmp_path / "blobs"),
        cast(Messenger, telegram),
        in_flight_wait=timedelta(seconds=0.5),
    )
    group = await Group.create(
        chat_id=-1001, title="Class 1A", type=GroupType.SUPERGROUP, join_token="t", admin_chat_id=-7
    )
    ann = await Participant.create(telegram_user_id=11, first_name="Ann")
    photo = await Photo.create(
        group=group,
        message_id=5,
        file_id="f",
        file_unique_id="u",
        posted_at=datetime.now(UTC),
        status=PhotoStatus.REMOVED,
        removed_at=datetime.now(UTC),
        removed_by_user_id=1,
    )
    # Claimed before the confirmation: the send may still reach Ann.
    copy = await Delivery.create(photo=photo, participant=ann, status=DeliveryStatus.SENDING)
    await requests.ask(RequestKind.TAKEDOWN, photo.id, 1)

    with pytest.raises(TryAgainLater):
        await work.process(photo.id)
    assert telegram.texts == [] and telegram.deleted == []  # no report yet, nothing skipped
    assert await UserRequest.filter(kind=RequestKind.TAKEDOWN, done_at=None).count() == 1

    # The send lands meanwhile; the job, back, deletes that copy and reports once.
    await Delivery.filter(id=copy.id).update(status=DeliveryStatus.SENT, message_id=77)
    report = await work.process(photo.id)
    assert report is not None and report.deleted == 1
    assert (11, 77) in telegram.deleted
    copy = await Delivery.get(id=copy.id)
    assert (copy.status, copy.error) == (DeliveryStatus.TAKEN_DOWN, COPY_DELETED)
    ((chat_id, text),) = telegram.texts
    assert chat_id == -7 and "Copies deleted from guardians' chats: 1." in text
    assert await work.process(photo.id) is None  # done: nothing more, no second report
    assert len(telegram.texts) == 1
