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

Which picture each prototype is of (copies of one picture count once in matching,
``matching.pictures_of``) changes only when the prototypes do: it is worked out here, and
where enrollment first makes a person's prototypes, and kept with them in the index
(``keep_pictures``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.events import EventBus, PrototypesChosen
from domain.jobs import requests
from domain.jobs.queue import JobQueue
from domain.recognition import ages, assignments
from domain.recognition.face_index import FaceIndex
from domain.recognition.faces import Vector
from domain.recognition.matching import pictures_of
from domain.recognition.prototypes import Candidate, choose_prototypes
from domain.recognition.stores import KnownFace, PrototypeStore
from domain.retry import TryAgainLater
from domain.states import FaceSource, RequestKind

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

    def __init__(
        self,
        index: FaceIndex,
        jobs: JobQueue,
        limit: int,
        store: PrototypeStore,
        events: EventBus | None = None,
    ) -> None:
        self._index = index
        self._jobs = jobs
        self._limit = limit
        self._store = store
        self._events = events

    async def choose_for(self, person_id: UUID) -> Chosen | None:
        """Choose the person's prototypes again and mark the asks done; a change that
        asked meanwhile is taken in the next round. None: the person is gone. A choice
        that changed them is told (``PrototypesChosen``): the cards and lists drawn by the
        change that asked for it, before it, say how many faces are learned now."""
        chosen: Chosen | None = None
        changed = False
        for _ in range(3):
            asked = await self._store.asked(person_id)
            chosen = await self._choose(person_id)
            changed = changed or (chosen is not None and bool(chosen.added or chosen.dropped))
            await self._store.mark_done(asked)
            if not await self._store.asked(person_id):
                break
        if changed and self._events is not None:
            await self._events.publish(PrototypesChosen(person_id))
        return chosen

    async def _choose(self, person_id: UUID) -> Chosen | None:
        store = self._store
        person = await store.chooser(person_id)
        if person is None or person.gone:
            return None
        candidates = await self._candidates(person_id)
        try:
            vectors = await self._index.vectors([c.face_id for c in candidates])
        except Exception as error:  # the Qdrant client raises many types; all mean "later"
            log.warning("person %s: face index unavailable (%s); will retry", person_id, error)
            raise TryAgainLater(5) from error
        days: dict[UUID, date] = {}
        if person.birth_date is not None and candidates:
            days = await store.face_days([c.face_id for c in candidates])
        growth = growth_since(person.birth_date, days)
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
        async with store.transaction():
            current = set(await store.prototypes(person_id))
            keep = set(chosen)
            dropped = sorted(current - keep, key=str)
            # Only a face still the person's (a correction may have moved it meanwhile).
            theirs = await store.still_theirs(person_id, [f for f in chosen if f not in current])
            added = [f for f in chosen if f in theirs]
            await store.swap(person_id, dropped, added)
        await assignments.queue_syncs(self._jobs, [*dropped, *added])
        prototypes = [f for f in chosen if f in current or f in theirs]
        await keep_pictures(self._index, person_id, vectors, prototypes)
        if added or dropped:
            log.info(
                "person %s: prototypes chosen again (%d: %d added, %d dropped)",
                person_id,
                len(chosen),
                len(added),
                len(dropped),
            )
        return Chosen(prototypes, added, dropped)

    async def _candidates(self, person_id: UUID) -> list[_Face]:
        store = self._store
        persons = [person_id, *await store.merged_into(person_id)]
        prototypes = await store.prototypes(person_id)
        pinned = {face for face, is_pinned in prototypes.items() if is_pinned}
        learned = {face for face, is_pinned in prototypes.items() if not is_pinned}
        learned.update(await store.confirmed(persons))
        return candidates_of(person_id, pinned, await store.faces([*pinned, *learned]))


async def keep_pictures(
    index: FaceIndex, person_id: UUID, vectors: Mapping[UUID, Vector], prototypes: Iterable[UUID]
) -> dict[UUID, UUID]:
    """Work out which picture each of the person's ``prototypes`` is of
    (``matching.pictures_of``, from their ``vectors``) and keep it with them in the index,
    where matching reads it with its hits (``Hit.picture``) instead of reading the vectors
    again at every photo: it changes only when the prototypes do, here. Only what changed is
    written. Prototypes without a picture kept (none yet, or worked out for another person)
    are grouped by matching from their vectors."""
    person_of = {face: person_id for face in prototypes if face in vectors}
    pictures = pictures_of({face: vectors[face] for face in person_of}, person_of)
    try:
        kept = {hit.face_id: hit.picture for hit in await index.get(list(pictures))}
        changed = {f: p for f, p in pictures.items() if f in kept and kept[f] != p}
        await index.set_pictures(person_id, changed)
    except Exception as error:  # the Qdrant client raises many types; all mean "later"
        log.warning("person %s: face index unavailable (%s); will retry", person_id, error)
        raise TryAgainLater(5) from error
    return pictures


def candidates_of(person_id: UUID, pinned: set[UUID], faces: Iterable[KnownFace]) -> list[_Face]:
    """The candidates among a person's pinned and learned faces: every pinned one; a
    learned one only while it is still the person's and comes from a group photo."""
    found = []
    for face in faces:
        if face.face_id in pinned:
            found.append(_Face(face.face_id, face.quality, pinned=True))
        elif face.person_id == person_id and face.source == FaceSource.GROUP_PHOTO:
            found.append(_Face(face.face_id, face.quality, pinned=False))
    return found


def growth_since(born: date | None, days: dict[UUID, date]) -> dict[UUID, float]:
    """How much the child grew between each face's photo and the newest one's (with a
    birth date; none without)."""
    if born is None or not days:
        return {}
    newest = max(days.values())
    return {face: ages.growth(born, day, newest) for face, day in days.items()}


@dataclass(frozen=True, slots=True)
class _Face:
    face_id: UUID
    quality: float
    pinned: bool
