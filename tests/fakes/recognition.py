"""Recognition's stores (``domain.recognition.stores``) in memory: plain dicts a test fills
and reads, with the same answers the tortoise stores give."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import AsyncIterator, Callable, Collection, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from domain.recognition.service import MATCHABLE
from domain.recognition.stores import (
    Chooser,
    FaceState,
    KnownFace,
    NewSuggestion,
    PhotoToRecognize,
    PostedPhoto,
    Receiver,
    RecognizedFace,
    TakenDown,
)
from domain.states import (
    DeliveryMode,
    DeliveryStatus,
    FaceSource,
    MediaKind,
    PersonStatus,
    PhotoStatus,
)


@dataclass
class MemoryFaceSyncStore:
    """``FaceSyncStore``: faces, prototypes, and the outbox's requests (face, made at)."""

    faces: dict[UUID, FaceState] = field(default_factory=dict)
    prototypes: set[UUID] = field(default_factory=set)
    requests: list[tuple[UUID, datetime]] = field(default_factory=list)

    async def face(self, face_id: UUID) -> FaceState | None:
        return self.faces.get(face_id)

    async def is_prototype(self, face_id: UUID) -> bool:
        return face_id in self.prototypes

    async def drop_sync_requests(self, face_id: UUID, until: datetime) -> None:
        self.requests = [(f, at) for f, at in self.requests if f != face_id or at > until]

    async def sync_requested(self, face_id: UUID) -> bool:
        return any(f == face_id for f, _ in self.requests)


@dataclass
class MemoryPrototypeStore:
    """``PrototypeStore``: persons, their prototypes (face: pinned), the faces guardians
    confirmed, faces and their days; ``swaps`` and ``synced`` record what was written."""

    persons: dict[UUID, Chooser] = field(default_factory=dict)
    merged: dict[UUID, list[UUID]] = field(default_factory=dict)
    prototype_faces: dict[UUID, dict[UUID, bool]] = field(default_factory=dict)
    confirmations: dict[UUID, set[UUID]] = field(default_factory=dict)
    known: dict[UUID, KnownFace] = field(default_factory=dict)
    days: dict[UUID, date] = field(default_factory=dict)
    asks: dict[UUID, list[UUID]] = field(default_factory=dict)  # person: open asks
    synced: list[UUID] = field(default_factory=list)
    swaps: list[tuple[UUID, list[UUID], list[UUID]]] = field(default_factory=list)
    # Called when a transaction opens: what another writer does meanwhile.
    meanwhile: list[Callable[[], None]] = field(default_factory=list)

    def ask(self, person_id: UUID) -> UUID:
        made = uuid4()
        self.asks.setdefault(person_id, []).append(made)
        return made

    def face(self, person_id: UUID | None, source: FaceSource, quality: float) -> UUID:
        face_id = uuid4()
        self.known[face_id] = KnownFace(face_id, person_id, source, quality)
        return face_id

    async def asked(self, person_id: UUID) -> list[UUID]:
        return list(self.asks.get(person_id, []))

    async def mark_done(self, asks: list[UUID]) -> None:
        for person_id, open_asks in self.asks.items():
            self.asks[person_id] = [a for a in open_asks if a not in asks]

    async def chooser(self, person_id: UUID) -> Chooser | None:
        return self.persons.get(person_id)

    async def merged_into(self, person_id: UUID) -> list[UUID]:
        return list(self.merged.get(person_id, []))

    async def prototypes(self, person_id: UUID) -> dict[UUID, bool]:
        return dict(self.prototype_faces.get(person_id, {}))

    async def confirmed(self, person_ids: list[UUID]) -> set[UUID]:
        return {f for p in person_ids for f in self.confirmations.get(p, set())}

    async def faces(self, face_ids: Collection[UUID]) -> list[KnownFace]:
        return [self.known[f] for f in dict.fromkeys(face_ids) if f in self.known]

    async def face_days(self, face_ids: Collection[UUID]) -> dict[UUID, date]:
        return {f: self.days[f] for f in face_ids if f in self.days}

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return self._transaction()

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[object]:
        while self.meanwhile:
            self.meanwhile.pop(0)()
        yield self

    async def still_theirs(self, person_id: UUID, face_ids: Collection[UUID]) -> set[UUID]:
        return {f for f in face_ids if f in self.known and self.known[f].person_id == person_id}

    async def swap(self, person_id: UUID, dropped: list[UUID], added: list[UUID]) -> None:
        mine = self.prototype_faces.setdefault(person_id, {})
        for face_id in dropped:
            mine.pop(face_id, None)
        for face_id in added:
            mine.setdefault(face_id, False)
        self.swaps.append((person_id, dropped, added))
        self.synced.extend([*dropped, *added])


@dataclass
class MemoryJobQueue:
    """``JobQueue``: the jobs queued, each once while it waits (as arq's job ids do)."""

    queued: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)

    async def enqueue(
        self,
        name: str,
        *args: str,
        job_id: str,
        delay: float | None = None,
        again: bool = True,
    ) -> bool:
        if job_id in self.queued:
            return False
        self.queued[job_id] = (name, args)
        return True


@dataclass
class MemoryRecognitionStore:
    """``RecognitionStore``: photos, the persons each group may recognize (``in_group``,
    before their status and birth date are applied), their guardians, and what recognition
    writes (``faces``, ``suggestions``, ``deliveries``: by (photo, guardian), with its id
    and status). A transaction that raises leaves what was written as it was."""

    photos: dict[UUID, PhotoToRecognize] = field(default_factory=dict)
    taken_down: set[UUID] = field(default_factory=set)
    persons: dict[UUID, PersonStatus] = field(default_factory=dict)
    born: dict[UUID, date] = field(default_factory=dict)
    in_group: dict[UUID, set[UUID]] = field(default_factory=dict)  # group: persons
    guardians: list[tuple[UUID, UUID]] = field(default_factory=list)  # (guardian, person)
    receivers: dict[UUID, list[Receiver]] = field(default_factory=dict)  # person: guardians
    rejected: dict[UUID, list[UUID]] = field(default_factory=dict)  # face: persons
    days: dict[UUID, date] = field(default_factory=dict)
    faces: dict[UUID, RecognizedFace] = field(default_factory=dict)
    suggestions: dict[tuple[UUID, UUID], NewSuggestion] = field(default_factory=dict)
    deliveries: dict[tuple[UUID, UUID], tuple[UUID, DeliveryStatus]] = field(default_factory=dict)
    notified: set[UUID] = field(default_factory=set)  # suggestions already sent
    durations: dict[UUID, float | None] = field(default_factory=dict)  # photo: clip's length
    # Called when the photo's row is locked: what another writer does meanwhile.
    meanwhile: list[Callable[[], None]] = field(default_factory=list)

    def add_photo(
        self,
        group_id: UUID,
        *,
        posted_on: date = date(2026, 5, 4),
        posted_by: int | None = None,
        mode: DeliveryMode = DeliveryMode.EACH,
        active: bool = True,
        paused: bool = False,
        kind: MediaKind = MediaKind.PHOTO,
    ) -> UUID:
        photo_id = uuid4()
        self.photos[photo_id] = PhotoToRecognize(
            id=photo_id,
            status=PhotoStatus.PENDING,
            attempts=0,
            file_id=f"file-{photo_id}",
            media_kind=kind,
            preview_file_id=None,
            posted_at=datetime(posted_on.year, posted_on.month, posted_on.day, 9, tzinfo=UTC),
            posted_by_user_id=posted_by,
            group_id=group_id,
            group_active=active,
            group_paused=paused,
            strictness=0,
            delivery_mode=mode,
        )
        return photo_id

    def add_person(
        self, group_id: UUID, *guardians: Receiver, status: PersonStatus = PersonStatus.ACTIVE
    ) -> UUID:
        person_id = uuid4()
        self.persons[person_id] = status
        self.in_group.setdefault(group_id, set()).add(person_id)
        self.receivers[person_id] = list(guardians)
        self.guardians.extend((guardian.id, person_id) for guardian in guardians)
        return person_id

    def status_of(self, photo_id: UUID) -> PhotoStatus:
        return self.photos[photo_id].status

    def _set(self, photo_id: UUID, status: PhotoStatus, attempts: int | None = None) -> None:
        photo = self.photos[photo_id]
        self.photos[photo_id] = replace(
            photo, status=status, attempts=photo.attempts if attempts is None else attempts
        )

    async def photo(self, photo_id: UUID) -> PhotoToRecognize | None:
        return self.photos.get(photo_id)

    async def start(self, photo_id: UUID, attempt: int) -> bool:
        if photo_id in self.taken_down:
            return False
        self._set(photo_id, PhotoStatus.PROCESSING, attempts=attempt)
        return True

    async def fail(self, photo_id: UUID, reason: str) -> bool:
        photo = self.photos.get(photo_id)
        unfinished = (PhotoStatus.PENDING, PhotoStatus.PROCESSING)
        if photo is None or photo_id in self.taken_down or photo.status not in unfinished:
            return False
        self._set(photo_id, PhotoStatus.FAILED)
        return True

    async def is_taken_down(self, photo_id: UUID) -> bool:
        return photo_id in self.taken_down

    async def matchable(self, group_id: UUID, taken_on: date) -> list[UUID]:
        return [
            person
            for person in self.in_group.get(group_id, set())
            if self.persons[person] in MATCHABLE
            and (person not in self.born or self.born[person] <= taken_on)
        ]

    async def negative_examples(self, person_ids: Collection[UUID]) -> dict[UUID, list[UUID]]:
        found = {
            face: [p for p in persons if p in person_ids] for face, persons in self.rejected.items()
        }
        return {face: persons for face, persons in found.items() if persons}

    async def birth_dates(self, person_ids: Collection[UUID]) -> dict[UUID, date]:
        return {p: self.born[p] for p in person_ids if p in self.born}

    async def face_days(self, face_ids: Collection[UUID]) -> dict[UUID, date]:
        return {f: self.days[f] for f in face_ids if f in self.days}

    async def guardianships(self, person_ids: Collection[UUID]) -> list[tuple[UUID, UUID]]:
        return [(g, p) for g, p in self.guardians if p in person_ids]

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return self._transaction()

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[object]:
        kept = copy.deepcopy((self.photos, self.faces, self.suggestions, self.deliveries))
        try:
            yield self
        except BaseException:
            self.photos, self.faces, self.suggestions, self.deliveries = kept
            raise

    async def lock_unfinished(self, photo_id: UUID) -> bool:
        while self.meanwhile:
            self.meanwhile.pop(0)()
        photo = self.photos[photo_id]
        return photo.status == PhotoStatus.PROCESSING and photo_id not in self.taken_down

    async def add_faces(self, faces: Sequence[RecognizedFace]) -> None:
        for face in faces:
            self.faces.setdefault(face.id, face)

    async def add_suggestions(self, suggestions: Sequence[NewSuggestion]) -> None:
        for each in suggestions:
            self.suggestions.setdefault((each.face_id, each.person_id), each)

    async def statuses(self, person_ids: Collection[UUID]) -> dict[UUID, PersonStatus]:
        return {p: self.persons[p] for p in person_ids if p in self.persons}

    async def receiving_guardians(self, person_id: UUID, group_id: UUID) -> list[Receiver]:
        return (
            list(self.receivers.get(person_id, []))
            if person_id in self.in_group.get(group_id, set())
            else []
        )

    async def plan_deliveries(
        self, photo_id: UUID, planned: Mapping[UUID, DeliveryStatus], due: DeliveryStatus
    ) -> None:
        for guardian, status in planned.items():
            known = self.deliveries.get((photo_id, guardian))
            if known is None:
                self.deliveries[(photo_id, guardian)] = (uuid4(), status)
            elif known[1] == DeliveryStatus.HELD and status == due:
                self.deliveries[(photo_id, guardian)] = (known[0], due)

    async def finish(
        self, photo_id: UUID, width: int, height: int, duration_s: float | None = None
    ) -> None:
        self._set(photo_id, PhotoStatus.DONE)
        self.durations[photo_id] = duration_s

    async def pending_deliveries(self, photo_id: UUID) -> list[UUID]:
        return [
            delivery_id
            for (photo, _), (delivery_id, status) in self.deliveries.items()
            if photo == photo_id and status == DeliveryStatus.PENDING
        ]

    async def waiting_for_albums(self, photo_id: UUID) -> list[tuple[UUID, UUID]]:
        photo = self.photos[photo_id]
        if photo.delivery_mode != DeliveryMode.ALBUM:
            return []
        return [
            (guardian, photo.group_id)
            for (photo_of, guardian), (_, status) in self.deliveries.items()
            if photo_of == photo_id and status == DeliveryStatus.WAITING
        ]

    async def unasked_suggestions(self, photo_id: UUID) -> list[UUID]:
        return [
            each.id
            for each in self.suggestions.values()
            if self.faces[each.face_id].photo_id == photo_id and each.id not in self.notified
        ]


@dataclass
class MemoryChatGroups:
    """``ChatGroups``: a group id for each chat, made on first sight."""

    groups: dict[int, UUID] = field(default_factory=dict)

    async def photo_seen_in(self, chat_id: int, title: str, chat_type: str) -> UUID:
        return self.groups.setdefault(chat_id, uuid4())


@dataclass
class MemoryPhotoIntakeStore:
    """``PhotoIntakeStore``: the photos recorded, by (group, message id), each with its id
    and whether it was recorded as taken down (``removed``, with by whom)."""

    photos: dict[tuple[UUID, int], tuple[UUID, PostedPhoto, TakenDown | None]] = field(
        default_factory=dict
    )
    down: dict[tuple[UUID, str], TakenDown] = field(default_factory=dict)  # first taken down

    def take_down(self, group_id: UUID, file_unique_id: str, by: int) -> None:
        self.down.setdefault((group_id, file_unique_id), TakenDown(uuid4(), by))

    async def taken_down(self, group_id: UUID, file_unique_id: str) -> TakenDown | None:
        return self.down.get((group_id, file_unique_id))

    async def add(
        self, group_id: UUID, posted: PostedPhoto, removed: TakenDown | None
    ) -> UUID | None:
        if (group_id, posted.message_id) in self.photos:
            return None
        photo_id = uuid4()
        self.photos[(group_id, posted.message_id)] = (photo_id, posted, removed)
        return photo_id
