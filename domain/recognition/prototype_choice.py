"""A person's prototypes, chosen again after every change of its faces (the rule:
``domain.recognition.prototypes``).

A change that can alter them (a guardian's "yes", a face moved to or detached from the
person, a merge, an undo, enrollment photos added) calls ``ask`` inside its own
transaction (a ``UserRequest``: a lost Redis delays the choice, never drops it) and
``queue`` after it commits; the worker then runs ``PrototypeChoice.choose_for``, which
reads the candidates' embeddings from the face index.

The candidates of a person:

- pinned: its enrollment prototypes, always kept;
- learned: its group-photo faces a guardian confirmed: answered "yes" to "Is this X?"
  (a suggestion accepted for it, or for a person merged into it), moved to it by a
  guardian ("that's my other child"; an undo is not a confirmation), or its accepted
  prototypes now.

A face matched automatically is no candidate: no guardian confirmed it. facedrop has no
confirmation of a delivery (a guardian who receives a photo and says nothing has not said
yes), so "confirmed deliveries" add nothing. A face that stops being the person's
(detached, moved away, taken down) stops being its prototype at once
(``assignments``); choosing again then lets another candidate take its place.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.claims.rules import CLAIMED_NOTE
from domain.infra.models import AssignmentEvent, Face, Person, Prototype, Suggestion
from domain.infra.queries import face_days
from domain.jobs import requests
from domain.jobs.queue import JobQueue
from domain.recognition import ages, assignments
from domain.recognition.face_index import FaceIndex
from domain.recognition.prototypes import Candidate, choose_prototypes
from domain.retry import TryAgainLater
from domain.states import (
    AssignmentOperation,
    FaceSource,
    PrototypeRole,
    RequestKind,
    SuggestionStatus,
)

log = logging.getLogger(__name__)
KIND = RequestKind.CHOOSE_PROTOTYPES


async def ask(person_ids: Iterable[UUID | None]) -> list[UUID]:
    """Ask for these persons' prototypes to be chosen again (inside the transaction that
    changed their faces); returns the persons to ``queue`` after it commits."""
    asked = [p for p in dict.fromkeys(person_ids) if p is not None]
    for person_id in asked:
        await requests.ask(KIND, person_id, None)
    return asked


async def queue(jobs: JobQueue, person_ids: Iterable[UUID]) -> None:
    for person_id in person_ids:
        await requests.queue(jobs, KIND, person_id)


@dataclass(frozen=True, slots=True)
class Chosen:
    """What choosing did to a person's prototypes."""

    prototypes: list[UUID]
    added: list[UUID]
    dropped: list[UUID]


class PrototypeChoice:
    """Keeps each person's prototypes at most ``limit``, chosen for quality and diversity."""

    def __init__(self, index: FaceIndex, jobs: JobQueue, limit: int) -> None:
        self._index = index
        self._jobs = jobs
        self._limit = limit

    async def choose_for(self, person_id: UUID) -> Chosen | None:
        """Choose the person's prototypes again and mark the asks done; a change that
        asked meanwhile is taken in the next round. None: the person is gone."""
        chosen: Chosen | None = None
        for _ in range(3):
            asked = await requests.pending(KIND, person_id)
            chosen = await self._choose(person_id)
            await requests.done(asked)
            if not await requests.pending(KIND, person_id):
                break
        return chosen

    async def _choose(self, person_id: UUID) -> Chosen | None:
        person = await Person.get_or_none(id=person_id)
        if person is None or person.status in assignments.GONE:
            return None
        candidates = await self._candidates(person_id)
        try:
            vectors = await self._index.vectors([c.face_id for c in candidates])
        except Exception as error:  # the Qdrant client raises many types; all mean "later"
            log.warning("person %s: face index unavailable (%s); will retry", person_id, error)
            raise TryAgainLater(5) from error
        growth = await _growth(person, [c.face_id for c in candidates])
        chosen = choose_prototypes(
            [
                Candidate(
                    c.face_id,
                    vectors.get(c.face_id),
                    c.quality,
                    c.pinned,
                    growth.get(c.face_id, 0.0),
                )
                for c in candidates
            ],
            self._limit,
        )
        async with in_transaction():
            current = {
                UUID(str(face_id))
                for face_id in await Prototype.filter(
                    person_id=person_id, face_id__isnull=False
                ).values_list("face_id", flat=True)
            }
            keep = set(chosen)
            dropped = sorted(current - keep, key=str)
            # Only a face still the person's (a correction may have moved it meanwhile).
            theirs = {
                UUID(str(face_id))
                for face_id in await Face.filter(
                    id__in=[f for f in chosen if f not in current], person_id=person_id
                ).values_list("id", flat=True)
            }
            added = [f for f in chosen if f in theirs]
            if dropped:
                await Prototype.filter(person_id=person_id, face_id__in=dropped).delete()
            await Prototype.bulk_create(
                [
                    Prototype(person_id=person_id, face_id=face_id, role=PrototypeRole.ACCEPTED)
                    for face_id in added
                ],
                ignore_conflicts=True,
            )
            await assignments.request_sync([*dropped, *added])
        await assignments.queue_syncs(self._jobs, [*dropped, *added])
        if added or dropped:
            log.info(
                "person %s: prototypes chosen again (%d: %d added, %d dropped)",
                person_id,
                len(chosen),
                len(added),
                len(dropped),
            )
        return Chosen([f for f in chosen if f in current or f in theirs], added, dropped)

    async def _candidates(self, person_id: UUID) -> list[_Face]:
        persons = [person_id, *await assignments.merged_into(person_id)]
        pinned: set[UUID] = set()
        learned: set[UUID] = set()
        for face_id, role in await Prototype.filter(
            person_id=person_id, face_id__isnull=False
        ).values_list("face_id", "role"):
            (learned if role == PrototypeRole.ACCEPTED else pinned).add(UUID(str(face_id)))
        learned.update(
            UUID(str(face_id))
            for face_id in await Suggestion.filter(
                person_id__in=persons, status=SuggestionStatus.ACCEPTED
            ).values_list("face_id", flat=True)
        )
        for face_ids in await AssignmentEvent.filter(
            operation=AssignmentOperation.MOVE,
            to_person_id__in=persons,
            actor__startswith="participant:",
            undoes_id__isnull=True,
            undone_at__isnull=True,
        ).values_list("face_ids", flat=True):
            learned.update(UUID(face_id) for face_id in face_ids)
        # Faces a parent confirmed by claiming a person an organizer named.
        for face_ids in await AssignmentEvent.filter(
            operation=AssignmentOperation.ASSIGN,
            to_person_id__in=persons,
            actor__startswith="participant:",
            note=CLAIMED_NOTE,
            undoes_id__isnull=True,
            undone_at__isnull=True,
        ).values_list("face_ids", flat=True):
            learned.update(UUID(face_id) for face_id in face_ids)
        rows = await Face.filter(id__in=[*pinned, *learned]).values_list(
            "id", "person_id", "source", "quality"
        )
        faces = []
        for face_id, owner, source, quality in rows:
            face = UUID(str(face_id))
            if face in pinned:
                faces.append(_Face(face, float(quality), pinned=True))
            elif (
                owner is not None
                and UUID(str(owner)) == person_id
                and source == FaceSource.GROUP_PHOTO
            ):
                faces.append(_Face(face, float(quality), pinned=False))
        return faces


async def _growth(person: Person, face_ids: list[UUID]) -> dict[UUID, float]:
    """How much the child grew between each face's photo and the newest one's (with a
    birth date; none without)."""
    if person.birth_date is None or not face_ids:
        return {}
    days = await face_days(face_ids)
    if not days:
        return {}
    newest = max(days.values())
    return {face: ages.growth(person.birth_date, day, newest) for face, day in days.items()}


@dataclass(frozen=True, slots=True)
class _Face:
    face_id: UUID
    quality: float
    pinned: bool
