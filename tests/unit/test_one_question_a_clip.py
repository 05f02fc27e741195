"""One question a person a clip (``domain/corrections/clip_questions.py``): the rule, and
the sender and the answers over the corrections' store in memory
(``tests/fakes/corrections.py``): of a child's tracks in one clip, her guardian is asked
about the likest only; a "no" asks the next, a "yes" settles the rest unasked, and a clip
already going to her asks nothing about her."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import cast
from uuid import UUID, uuid4

from PIL import Image

from domain.corrections.clip_questions import ClipQuestion, Turn, turn
from domain.corrections.questions import SuggestionSender
from domain.corrections.service import Corrections, Outcome
from domain.delivery.album_notes import AlbumNotes
from domain.infra.face_crops import PillowFaceCrops
from domain.infra.local_blobs import LocalBlobStore
from domain.jobs import queue as job_names
from domain.jobs.queue import job_id
from domain.states import SuggestionStatus
from domain.telegram import Messenger
from tests.fakes.corrections import MemoryCorrectionStore, MemoryQuestionChats, PostedFace
from tests.fakes.delivery import MemoryDeliveryStore
from tests.fakes.recognition import MemoryJobQueue

GROUP = uuid4()
ANN = 501  # Alice's mother
TODAY = date(2026, 11, 26)
PENDING, REJECTED = SuggestionStatus.PENDING, SuggestionStatus.REJECTED
ACCEPTED, EXPIRED = SuggestionStatus.ACCEPTED, SuggestionStatus.EXPIRED


def _q(score: float, status: SuggestionStatus = PENDING, *, asked: bool = False) -> ClipQuestion:
    return ClipQuestion(uuid4(), status, asked, score)


# The rule


def test_the_likest_track_is_asked_about_and_the_others_wait_for_it() -> None:
    likest, next_, last = _q(0.7), _q(0.6), _q(0.5)
    assert turn(likest, [next_, last], held=False) == Turn.ASK
    assert turn(next_, [likest, last], held=False) == Turn.WAIT
    assert turn(last, [likest, next_], held=False) == Turn.WAIT


def test_a_no_asks_the_next_track_and_a_question_out_keeps_the_others_waiting() -> None:
    answered_no, next_, last = _q(0.7, REJECTED, asked=True), _q(0.6), _q(0.5)
    assert turn(next_, [answered_no, last], held=False) == Turn.ASK
    assert turn(last, [answered_no, next_], held=False) == Turn.WAIT
    # A question already out about the person in the clip comes first, even a less like one.
    assert turn(_q(0.9), [_q(0.6, asked=True)], held=False) == Turn.WAIT


def test_a_clip_going_to_the_person_or_asked_about_unanswered_asks_nothing_more() -> None:
    question = _q(0.8)
    assert turn(question, [], held=True) == Turn.SETTLE  # another track of it is hers
    assert turn(question, [_q(0.5, ACCEPTED, asked=True)], held=False) == Turn.SETTLE
    assert turn(question, [_q(0.5, EXPIRED, asked=True)], held=False) == Turn.SETTLE
    assert turn(question, [], held=False, taken=True) == Turn.SETTLE  # given to someone
    # A track's question settled unasked (its crop lost) does not stop the next.
    assert turn(question, [_q(0.9, EXPIRED)], held=False) == Turn.ASK


# Asked and answered, in memory


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 150, 120)).save(out, "JPEG")
    return out.getvalue()


class Clip:
    """Alice, whose mother Ann gets her questions as they come, and a clip of her group."""

    def __init__(self, tmp_path: Path) -> None:
        self.store = MemoryCorrectionStore()
        self.blobs = LocalBlobStore(tmp_path)
        self.chats = MemoryQuestionChats()
        self.jobs = MemoryJobQueue()
        self.ann = self.store.guardian(ANN)
        self.alice = self.store.child("Alice", self.ann)
        self.store.receivers[self.alice, GROUP] = {self.ann.id}
        self.clip = uuid4()
        self.sender = SuggestionSender(
            cast(Messenger, self.chats),
            self.blobs,
            self.jobs,
            store=self.store,
            pictures=PillowFaceCrops(),
        )
        self.corrections = Corrections(
            self.jobs,
            self.store,
            AlbumNotes(cast(Messenger, object()), MemoryDeliveryStore()),
            self.blobs,
        )

    async def track(self, person: UUID | None = None, *, clip: bool = True) -> UUID:
        """A face of the clip (a track), its crop kept; ``person``: whose it is."""
        face = uuid4()
        key = f"crops/{self.clip}/{face}.jpg"
        self.store.faces[face] = PostedFace(
            self.clip if clip else uuid4(), GROUP, TODAY, person, key, clip=clip
        )
        await self.blobs.put(key, _jpeg())
        return face

    async def asked_about(self, score: float, *, clip: bool = True) -> UUID:
        return self.store.question(await self.track(clip=clip), self.alice, score=score)

    async def send_queued(self) -> None:
        """The questions queued to be sent, sent (as the worker does)."""
        for queued, (name, args) in list(self.jobs.queued.items()):
            if name == job_names.SEND_SUGGESTION:
                del self.jobs.queued[queued]
                await self.sender.send(UUID(args[0]))

    def asked(self) -> list[UUID]:
        return [q for q, question in self.store.questions.items() if question.sent_to]

    async def crop_kept(self, question: UUID) -> bool:
        return self.store.faces[self.store.questions[question].face_id].crop_key is not None


async def test_one_question_about_alice_in_a_clip_then_the_next_after_a_no_none_after_a_yes(
    tmp_path: Path,
) -> None:
    clip = Clip(tmp_path)
    last, likest, next_ = [await clip.asked_about(s) for s in (0.5, 0.7, 0.6)]
    for question in (last, likest, next_):
        await clip.sender.send(question)
    assert clip.asked() == [likest] and len(clip.chats.photos) == 1
    assert clip.store.questions[last].waiting and clip.store.questions[next_].waiting
    assert await clip.crop_kept(last) and await clip.crop_kept(next_)

    assert (await clip.corrections.answer_suggestion(likest, ANN, accept=False))[0] == Outcome.DONE
    assert job_id(job_names.SEND_SUGGESTION, next_) in clip.jobs.queued
    await clip.send_queued()
    assert clip.asked() == [likest, next_] and len(clip.chats.photos) == 2
    assert not clip.store.questions[next_].waiting and clip.store.questions[last].waiting

    assert (await clip.corrections.answer_suggestion(next_, ANN, accept=True))[0] == Outcome.DONE
    await clip.send_queued()
    assert len(clip.chats.photos) == 2  # nothing more asked about Alice in this clip
    assert clip.store.questions[last].status == SuggestionStatus.EXPIRED
    assert not await clip.crop_kept(last)


async def test_a_clip_already_going_to_alice_asks_nothing_about_her_other_tracks(
    tmp_path: Path,
) -> None:
    clip = Clip(tmp_path)
    await clip.track(clip.alice)  # one of her tracks assigned to her
    other = await clip.asked_about(0.6)
    await clip.sender.send(other)
    assert clip.chats.photos == []
    assert clip.store.questions[other].status == SuggestionStatus.EXPIRED
    assert not await clip.crop_kept(other)


async def test_a_photos_faces_and_a_clips_unanswered_question_are_left_as_they_were(
    tmp_path: Path,
) -> None:
    clip = Clip(tmp_path)
    # Two faces of photos (not clips) asked about Alice: each asked, as before.
    first, second = await clip.asked_about(0.6, clip=False), await clip.asked_about(0.7, clip=False)
    await clip.sender.send(first)
    await clip.sender.send(second)
    assert len(clip.chats.photos) == 2
    # A clip's question nobody answered (expired): its other track is settled, not asked.
    expired = await clip.asked_about(0.7)
    waiting = await clip.asked_about(0.6)
    await clip.sender.send(expired)
    await clip.sender.send(waiting)
    assert clip.store.questions[waiting].waiting
    clip.store.questions[expired].status = SuggestionStatus.EXPIRED
    await clip.sender.send(waiting)  # the reconciler queues it again
    assert len(clip.chats.photos) == 3
    assert clip.store.questions[waiting].status == SuggestionStatus.EXPIRED
    assert clip.store.questions[waiting].withdrawn_at is not None
