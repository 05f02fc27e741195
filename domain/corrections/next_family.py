"""Asking the next family: a guardian answered "no" to "Is this X?", and the face may be
another child of the group. It is asked about once more, to the guardians of the person
who now scores best for it (X and anyone holding another face of the photo left out),
when that person scores ``suggest`` or more and leads the next by ``NEXT_LEAD``
(``matching.next_question``); never matched without a guardian's "yes".

Measured on the children scenarios (docs/recognition.md, "Asking the next family"): the
child a question was wrongly about is often the runner-up, one the first question
showed to the wrong family.

The "no" records the request in its own transaction (``ask``, a ``UserRequest``: a lost
Redis delays the question, never drops it) and keeps the face's crop for it; the worker
runs ``NextFamily.ask_for``, which asks or, finding nobody, lets the crop go.
"""

from __future__ import annotations

import logging
from uuid import UUID

from domain.blobs import BlobStore
from domain.corrections.crops import drop_crop
from domain.corrections.stores import NextFamilyAsks, NextFamilyStore
from domain.jobs import queue as job_names
from domain.jobs import requests
from domain.jobs.queue import JobQueue, enqueue_for
from domain.recognition.face_index import FaceIndex
from domain.recognition.matching import next_question
from domain.recognition.service import Recognition
from domain.recognition.strictness import effective
from domain.retry import TryAgainLater
from domain.states import RequestKind

log = logging.getLogger(__name__)
KIND = RequestKind.ASK_NEXT_FAMILY
# How far the next person must lead the one after it to be asked (cosine similarity).
NEXT_LEAD = 0.04
# Questions a face may bring in all: its first and one to the next family.
MAX_QUESTIONS = 2


async def ask(store: NextFamilyAsks, face_id: UUID, *, paired: bool) -> bool:
    """After a "no" to a question about the face (inside that transaction; ``paired``: it
    was "Is this Alice or Ally?"): ask for the next family when the face may still be
    asked about. True: ``queue`` it after the commit."""
    if paired:
        return False  # their guardian answered for both
    if await store.question_count(face_id) >= MAX_QUESTIONS:
        return False
    if await store.any_open(face_id):
        return False  # another question about it is still open
    await store.ask_next_family(face_id)
    return True


async def queue(jobs: JobQueue, face_id: UUID) -> None:
    await requests.queue(jobs, KIND, face_id)


class NextFamily:
    def __init__(
        self,
        recognition: Recognition,
        index: FaceIndex,
        jobs: JobQueue,
        blobs: BlobStore,
        store: NextFamilyStore,
    ) -> None:
        self._store = store
        self._recognition = recognition
        self._index = index
        self._jobs = jobs
        self._blobs = blobs

    async def ask_for(self, face_id: UUID) -> UUID | None:
        """Choose whom to ask next about the face and ask; the suggestion, or None."""
        asked = await self._store.asked(face_id)
        if not asked:
            return None
        suggestion = await self._choose(face_id)
        await self._store.mark_done(asked)
        if suggestion is None:
            await drop_crop(self._blobs, self._store, face_id)
            return None
        await enqueue_for(self._jobs, job_names.SEND_SUGGESTION, suggestion)
        log.info("face %s: asked the next family (suggestion %s)", face_id, suggestion)
        return suggestion

    async def _choose(self, face_id: UUID) -> UUID | None:
        face = await self._store.unasked(face_id)
        if face is None or await self._store.question_count(face_id) >= MAX_QUESTIONS:
            return None
        left_out = await self._store.left_out(face_id)
        persons = [
            person
            for person in await self._store.matchable(face.group_id, face.posted_on)
            if person not in left_out
        ]
        if not persons:
            return None
        try:
            vectors = await self._index.vectors([face_id])
        except Exception as error:  # the Qdrant client raises many types; all mean "later"
            log.warning("face %s: face index unavailable (%s); will retry", face_id, error)
            raise TryAgainLater(5) from error
        if face_id not in vectors:
            return None
        found = await self._recognition.candidates(
            {face_id: vectors[face_id]}, persons, face.posted_on
        )
        thresholds = effective(self._recognition.thresholds, face.strictness)
        decision = next_question(face_id, found[face_id], thresholds, NEXT_LEAD)
        if decision is None or decision.person is None:
            return None
        return await self._store.suggest(face_id, decision.person, decision.score or 0.0)
