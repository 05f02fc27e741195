"""Retention closes the questions whose faces it deleted (single or pair, and a guardian's
sheet of questions once none of its faces is left), each saying why, in its reader's
language; a sheet with a face still there stays open for it. Retention tells
(``FacesExpired``); corrections closes them (``expired_faces.on_faces_expired``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from functools import partial
from typing import cast
from uuid import uuid4

import pytest

from domain.blobs import BlobStore
from domain.corrections.expired_faces import on_faces_expired
from domain.events import EventBus, FacesExpired
from domain.languages.stores import UserLanguage
from domain.privacy.retention import Retention
from domain.recognition.face_index import FaceIndex
from domain.telegram import Messenger
from tests.fakes.corrections import MemoryExpiringQuestions, MemoryQuestionChats
from tests.fakes.languages import MemoryChatStore, chats_in_memory
from tests.fakes.privacy import MemoryRetentionStore
from tests.unit.test_privacy_rules import NOW, Blobs, Index

ANN, BEN = 501, 502
CLOSED = (
    "This question is closed: <b>Class 1A</b> keeps the faces of its photos and clips 30 "
    "days, and this one's are deleted. Nothing to do here."
)


@pytest.fixture
def languages() -> Iterator[MemoryChatStore]:
    with chats_in_memory() as store:
        yield store


async def test_expired_faces_questions_and_emptied_sheets_are_closed_saying_why(
    languages: MemoryChatStore,
) -> None:
    languages.users[BEN] = UserLanguage(language="es", language_code=None)
    store = MemoryRetentionStore()
    group = uuid4()
    store.retention = {group: 30}
    old, recent = NOW - timedelta(days=40), NOW - timedelta(days=3)
    asked, on_sheet, on_both, kept = (store.face(group, t) for t in (old, old, old, recent))
    questions = MemoryExpiringQuestions(kept={group: ("Class 1A", 30)}, faces=store.faces.keys())
    questions.questions[asked] = [(ANN, 11), (BEN, 21)]  # "Is this Alice?" to both guardians
    emptied, still_open = uuid4(), uuid4()
    questions.sheets[emptied] = ([on_sheet, on_both], [(ANN, 12)])
    questions.sheets[still_open] = ([on_both, kept], [(ANN, 13)])
    told = MemoryQuestionChats()
    events = EventBus()
    events.subscribe(FacesExpired, partial(on_faces_expired, cast(Messenger, told), questions))
    retention = Retention(cast(FaceIndex, Index()), cast(BlobStore, Blobs()), store, events)

    assert (await retention.run(NOW)).faces == 3

    by_message = {(chat, message): caption for chat, message, caption in told.blanked}
    assert set(by_message) == {(ANN, 11), (BEN, 21), (ANN, 12)}
    assert by_message[ANN, 11] == by_message[ANN, 12] == CLOSED
    assert by_message[BEN, 21].startswith("Esta pregunta está cerrada")
    assert list(questions.sheets) == [still_open]  # its recent face is still asked about


async def test_an_offer_of_earlier_photos_whose_faces_expired_is_closed_and_says_nothing_is_left(
    languages: MemoryChatStore,
) -> None:
    # findings12 6: retention deleted an offer's faces, and "Yes, send them" said "On their way."
    languages.users[BEN] = UserLanguage(language="he", language_code=None)
    store = MemoryRetentionStore()
    group = uuid4()
    store.retention = {group: 30}
    old, recent = NOW - timedelta(days=40), NOW - timedelta(days=3)
    gone, also_gone, kept = (store.face(group, t) for t in (old, old, recent))
    questions = MemoryExpiringQuestions(kept={group: ("Class 1A", 30)}, faces=store.faces.keys())
    text_offer, sheet_offer, still_open = uuid4(), uuid4(), uuid4()
    questions.offers[text_offer] = ([gone, also_gone], [(ANN, 31), (BEN, 41)], False)
    questions.offers[sheet_offer] = ([also_gone], [(ANN, 32)], True)
    questions.offers[still_open] = ([gone, kept], [(ANN, 33)], False)
    told = MemoryQuestionChats()
    events = EventBus()
    events.subscribe(FacesExpired, partial(on_faces_expired, cast(Messenger, told), questions))
    retention = Retention(cast(FaceIndex, Index()), cast(BlobStore, Blobs()), store, events)

    assert (await retention.run(NOW)).faces == 2

    nothing = (
        "Nothing to send here any more: <b>Class 1A</b> keeps the faces of its photos and "
        "clips 30 days, and these are deleted."
    )
    assert told.replaced[0] == (ANN, 31, nothing)
    assert told.replaced[1][:2] == (BEN, 41) and told.replaced[1][2].startswith("אין כאן יותר")
    assert told.blanked == [(ANN, 32, nothing)]  # the sheet of faces: its picture goes too
    assert list(questions.offers) == [still_open]  # its recent face is still offered
