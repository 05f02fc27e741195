"""Enrollment's store (``domain.enrollment.stores``) in memory: persons, their guardians,
session photos and enrollment faces in plain dicts a test fills and reads, with the same
answers the tortoise store gives. A transaction that raises leaves everything as it was."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import AsyncIterator, Collection
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from uuid import UUID, uuid4

from domain.enrollment.rules import PhotoVerdict
from domain.enrollment.service import ENROLLED
from domain.enrollment.stores import (
    Enrolled,
    Guardian,
    LookAlikes,
    Said,
    SessionFace,
    SessionPhoto,
    Waiting,
)
from domain.recognition.faces import DetectedFace
from domain.states import EnrollmentPhotoStatus, MediaKind, PersonStatus


@dataclass
class MemoryEnrollmentStore:
    """``EnrollmentStore``: ``guardianships`` (Telegram user, person, owner?), ``faces`` (face:
    person, enrollment source?, crop), ``prototypes`` (faces learned), ``members`` (the
    users in an active group) and the outbox (``synced``: faces; ``index_requests``)."""

    persons: dict[UUID, Enrolled] = field(default_factory=dict)
    guardianships: list[tuple[int, UUID, bool]] = field(default_factory=list)
    participants: dict[UUID, int] = field(default_factory=dict)  # participant: Telegram user
    members: set[int] = field(default_factory=set)
    photos: dict[UUID, SessionPhoto] = field(default_factory=dict)
    faces: dict[UUID, tuple[UUID, bool, str | None]] = field(default_factory=dict)
    prototypes: set[UUID] = field(default_factory=set)
    synced: list[UUID] = field(default_factory=list)
    index_requests: dict[UUID, list[UUID]] = field(default_factory=dict)  # person: open asks
    drafted: dict[UUID, datetime] = field(default_factory=dict)  # person: when it was made

    def person_of(self, user_id: int, name: str, status: PersonStatus) -> UUID:
        """A person the Telegram user owns."""
        person_id = uuid4()
        self.persons[person_id] = Enrolled(person_id, name, status)
        self.drafted[person_id] = datetime.now(UTC)
        self.guardianships.append((user_id, person_id, True))
        return person_id

    def _user(self, participant_id: UUID) -> int:
        return self.participants.setdefault(participant_id, len(self.participants) + 1)

    def _guards(self, user_id: int, person_id: UUID) -> bool:
        return any(u == user_id and p == person_id for u, p, _ in self.guardianships)

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[object]:
        saved = copy.deepcopy(
            (self.persons, self.guardianships, self.photos, self.faces, self.synced)
        )
        try:
            yield self
        except BaseException:
            self.persons, self.guardianships, self.photos, self.faces, self.synced = saved
            raise

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return self._transaction()

    async def in_a_group(self, user_id: int) -> bool:
        return user_id in self.members

    async def lock_participant(self, participant_id: UUID) -> None:
        pass

    async def lock_faces_of(self, person_id: UUID) -> None:
        pass

    async def drafts_of(self, participant_id: UUID) -> list[UUID]:
        user = self._user(participant_id)
        return [
            p
            for u, p, owner in self.guardianships
            if u == user and owner and self.persons[p].status == PersonStatus.ENROLLING
        ]

    async def create_draft(self, participant_id: UUID, name: str) -> UUID:
        return self.person_of(self._user(participant_id), name, PersonStatus.ENROLLING)

    async def current_draft(self, user_id: int) -> UUID | None:
        drafts = [
            p
            for u, p, owner in self.guardianships
            if u == user_id
            and owner
            and p in self.persons
            and self.persons[p].status == PersonStatus.ENROLLING
        ]
        return drafts[-1] if drafts else None

    async def draft(
        self, person_id: UUID, user_id: int, statuses: Collection[PersonStatus]
    ) -> Enrolled | None:
        person = self.persons.get(person_id)
        if person is None or person.status not in statuses:
            return None
        return person if self._guards(user_id, person_id) else None

    async def person(self, person_id: UUID) -> Enrolled | None:
        return self.persons.get(person_id)

    async def set_status(self, person_id: UUID, status: PersonStatus) -> None:
        self.persons[person_id] = replace(self.persons[person_id], status=status)

    async def delete_person(self, person_id: UUID) -> None:
        self.persons.pop(person_id, None)
        self.guardianships = [g for g in self.guardianships if g[1] != person_id]
        self.photos = {k: p for k, p in self.photos.items() if p.person_id != person_id}

    async def stale_drafts(self, cutoff: datetime) -> list[UUID]:
        return [
            person.id
            for person in self.persons.values()
            if await self.lock_stale_draft(person.id, cutoff)
        ]

    async def lock_stale_draft(self, person_id: UUID, cutoff: datetime) -> bool:
        person = self.persons.get(person_id)
        return (
            person is not None
            and person.status == PersonStatus.ENROLLING
            and self.drafted[person_id] < cutoff
            and all(p.created_at < cutoff for p in await self.session(person_id))
        )

    async def add_photo(
        self,
        person_id: UUID,
        chat_id: int,
        file_id: str,
        sent_at: datetime | None,
        message_id: int | None,
        media_kind: MediaKind = MediaKind.PHOTO,
    ) -> UUID:
        same = (person_id, chat_id, message_id, None)
        for sent in self.photos.values():
            if message_id is not None and (
                (sent.person_id, sent.chat_id, sent.message_id, sent.clip_id) == same
            ):
                return sent.id  # the same message again (a clip's views are not messages)
        now = datetime.now(UTC)
        photo = SessionPhoto(
            uuid4(),
            person_id,
            chat_id,
            file_id,
            EnrollmentPhotoStatus.PENDING,
            Said(),
            now,
            now,
            message_id,
            sent_at,
            media_kind=media_kind,
        )
        self.photos[photo.id] = photo
        return photo.id

    async def add_view(
        self, view_id: UUID, clip: SessionPhoto, at_s: float, face_id: UUID, reply_id: int
    ) -> None:
        if view_id in self.photos:
            return
        now = datetime.now(UTC)
        self.photos[view_id] = replace(
            clip,
            id=view_id,
            status=EnrollmentPhotoStatus.ACCEPTED,
            said=Said(PhotoVerdict.ACCEPTED.value),
            created_at=now,
            updated_at=now,
            reply_id=reply_id,
            face_id=face_id,
            media_kind=MediaKind.PHOTO,
            clip_id=clip.id,
            at_s=at_s,
        )

    async def photo(self, photo_id: UUID) -> SessionPhoto | None:
        return self.photos.get(photo_id)

    async def lock_photo(self, photo_id: UUID) -> SessionPhoto | None:
        return self.photos.get(photo_id)

    async def session(self, person_id: UUID) -> list[SessionPhoto]:
        return sorted(
            (p for p in self.photos.values() if p.person_id == person_id),
            key=lambda p: (p.message_id is None, p.message_id or 0, p.created_at),
        )

    async def lock_session(self, person_id: UUID) -> list[SessionPhoto]:
        return await self.session(person_id)

    async def accepted(self, person_id: UUID) -> int:
        return sum(
            p.status == EnrollmentPhotoStatus.ACCEPTED for p in await self.session(person_id)
        )

    async def checking(self, person_id: UUID, told_since: datetime) -> int:
        return sum(
            p.status == EnrollmentPhotoStatus.PENDING
            or (p.reply_id is None and p.updated_at > told_since)
            for p in await self.session(person_id)
        )

    def _update(self, photo_id: UUID, **changes: object) -> None:
        if photo_id in self.photos:
            changes.setdefault("updated_at", datetime.now(UTC))
            self.photos[photo_id] = replace(self.photos[photo_id], **changes)  # type: ignore[arg-type]

    async def recheck(self, photo_id: UUID, said: Said, person_id: UUID) -> None:
        self._update(
            photo_id,
            status=EnrollmentPhotoStatus.PENDING,
            said=said,
            reply_id=None,
            checking_id=None,
            person_id=person_id,
        )

    async def set_checking(self, photo_id: UUID, message_id: int) -> None:
        self._update(photo_id, checking_id=message_id)

    async def record_verdict(
        self, photo_id: UUID, status: EnrollmentPhotoStatus, said: Said, face_id: UUID | None
    ) -> None:
        self._update(photo_id, status=status, said=said)
        if face_id is not None:
            self._update(photo_id, face_id=face_id)

    async def set_reply(self, photo_id: UUID, reply_id: int) -> None:
        self._update(photo_id, reply_id=reply_id)

    async def release_reply(self, photo_id: UUID, being_told: int) -> None:
        photo = self.photos.get(photo_id)
        if photo is not None and photo.reply_id == being_told:
            self.photos[photo_id] = replace(photo, reply_id=None)

    async def delete_photo(self, photo_id: UUID) -> None:
        self.photos.pop(photo_id, None)

    async def delete_session(self, person_id: UUID) -> None:
        self.photos = {k: p for k, p in self.photos.items() if p.person_id != person_id}

    async def senders(self, person_id: UUID) -> set[int]:
        return {
            p.chat_id
            for p in await self.session(person_id)
            if p.status == EnrollmentPhotoStatus.ACCEPTED
        }

    async def create_face(
        self,
        face_id: UUID,
        person_id: UUID,
        face: DetectedFace,
        crop_key: str | None,
        taken_at: datetime | None,
    ) -> None:
        self.faces[face_id] = (person_id, True, crop_key)

    async def face_exists(self, face_id: UUID) -> bool:
        return face_id in self.faces

    async def is_prototype(self, face_id: UUID) -> bool:
        return face_id in self.prototypes

    async def face(self, face_id: UUID) -> SessionFace | None:
        found = self.faces.get(face_id)
        return SessionFace(face_id, found[2]) if found else None

    async def enrollment_faces(self, person_id: UUID) -> list[SessionFace]:
        return [
            SessionFace(f, crop)
            for f, (p, own, crop) in self.faces.items()
            if p == person_id and own
        ]

    async def faces_of(self, person_id: UUID) -> list[SessionFace]:
        return [SessionFace(f, crop) for f, (p, _, crop) in self.faces.items() if p == person_id]

    async def unlearned_faces(self, person_id: UUID) -> list[SessionFace]:
        session = {p.face_id for p in await self.session(person_id)}
        return [
            SessionFace(f, crop)
            for f, (_, _, crop) in self.faces.items()
            if f in session and f not in self.prototypes
        ]

    async def accepted_faces(self, person_id: UUID) -> list[SessionFace]:
        accepted = {
            p.face_id
            for p in await self.session(person_id)
            if p.status == EnrollmentPhotoStatus.ACCEPTED
        }
        return [SessionFace(f, crop) for f, (_, _, crop) in self.faces.items() if f in accepted]

    async def delete_faces(self, face_ids: list[UUID]) -> None:
        for face_id in face_ids:
            self.faces.pop(face_id, None)
        self.synced.extend(face_ids)

    async def has_cover(self, person_id: UUID, face_id: UUID, crop_key: str) -> bool:
        found = self.faces.get(face_id)
        return found is not None and found[0] == person_id and found[2] == crop_key

    async def end_session(
        self,
        person: Enrolled,
        face_ids: list[UUID],
        cover: tuple[UUID, str] | None,
        status: PersonStatus,
    ) -> None:
        self.prototypes.update(face_ids)
        await self.delete_session(person.id)
        for face_id in face_ids:
            owner, own, _ = self.faces[face_id]
            kept = cover[1] if cover is not None and cover[0] == face_id else None
            self.faces[face_id] = (owner, own, kept)
        changed = replace(self.persons[person.id], status=status)
        if cover is not None:
            changed = replace(changed, cover_face_id=cover[0])
        self.persons[person.id] = changed

    async def look_alikes(self, person_id: UUID, chat_id: int) -> LookAlikes | None:
        if chat_id not in self.members:
            return None
        persons = {
            p: self.persons[p].name
            for u, p, _ in self.guardianships
            if u in self.members and p != person_id and self.persons[p].status in ENROLLED
        }
        return LookAlikes(persons, {p for p in persons if self._guards(chat_id, p)})

    async def guardians(self, person_id: UUID) -> list[Guardian]:
        return [Guardian(uuid4(), u, None) for u, p, _ in self.guardianships if p == person_id]

    async def groups_of(self, participant_ids: Collection[UUID]) -> list[tuple[UUID, UUID, str]]:
        return []

    async def ask_for_approval(self, person_id: UUID) -> list[Waiting]:
        return []  # no group here asks its organizers

    async def ask_again(self, person_id: UUID) -> list[Waiting]:
        return []

    async def not_recognized_in(self, person_id: UUID) -> set[str]:
        return set()

    async def ask_to_index(self, person_id: UUID, user_id: int | None) -> None:
        self.index_requests.setdefault(person_id, []).append(uuid4())

    async def index_asks(self, person_id: UUID) -> list[UUID]:
        return list(self.index_requests.get(person_id, []))

    async def indexed(self, asks: list[UUID]) -> None:
        for person_id, open_asks in self.index_requests.items():
            self.index_requests[person_id] = [a for a in open_asks if a not in asks]
