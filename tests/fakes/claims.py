"""Naming's and claiming's store (``domain.claims.stores``) in memory: a group's photos and
faces, its unclaimed persons' claims, the participants answering them and their deliveries,
which a test fills and reads, with the same answers the tortoise store gives (its records:
``domain.infra.stores.claims``)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Collection, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from domain.groups.stores import GroupView
from domain.infra.stores.claims import (
    Claimer,
    ClaimRecord,
    FaceOnPhoto,
    Fate,
    Owned,
)
from domain.moderation.audit import Actor
from domain.states import DeliveryStatus, PersonStatus


@dataclass
class Photo:
    group_id: UUID
    posted_by: int | None = None  # the Telegram user who posted it
    clip: bool = False  # a video, round video or animation
    posted_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    removed: bool = False


@dataclass
class Face:
    photo_id: UUID
    cluster_id: UUID | None
    quality: float = 0.8
    person_id: UUID | None = None
    asked: bool = False  # an enrolled child's family is being asked about it


@dataclass
class Claim:
    person_id: UUID
    group_id: UUID
    named_by_user_id: int | None
    named_by_name: str
    code_hash: str | None
    expires_at: datetime | None
    faces: set[UUID]
    used_at: datetime | None = None
    used_by: UUID | None = None  # the participant
    one_by_one: bool = False
    link_said: tuple[int, int] | None = None  # (chat, message) holding the link
    into: UUID | None = None  # "it's my Itai"
    prompt_said: tuple[int, int] | None = None  # (chat, message) of the naming prompt


@dataclass
class MemoryClaimStore:
    """``ClaimStore``: what naming and claiming read and write, in dicts."""

    groups: dict[UUID, GroupView] = field(default_factory=dict)
    photos: dict[UUID, Photo] = field(default_factory=dict)
    faces: dict[UUID, Face] = field(default_factory=dict)
    persons: dict[UUID, tuple[str, PersonStatus]] = field(default_factory=dict)
    claims: dict[UUID, Claim] = field(default_factory=dict)
    participants: dict[int, Claimer] = field(default_factory=dict)
    members: set[tuple[UUID, UUID]] = field(default_factory=set)  # (participant, group)
    owners: set[tuple[UUID, UUID]] = field(default_factory=set)  # (person, participant)
    deliveries: dict[tuple[UUID, UUID], DeliveryStatus] = field(default_factory=dict)
    approvals: dict[UUID, tuple[UUID, UUID | None]] = field(default_factory=dict)
    audit: list[tuple[UUID, str, str]] = field(default_factory=list)  # group, action, subject
    questions: dict[UUID, UUID] = field(default_factory=dict)  # question -> face
    lists: dict[UUID, list[tuple[int, int]]] = field(default_factory=dict)  # /unclaimed shown

    # ----- what a test sets up --------------------------------------------------------------

    def group(self, title: str = "Class 1A", **fields: Any) -> GroupView:
        group = GroupView(uuid4(), -len(self.groups) - 100, title, **fields)
        self.groups[group.id] = group
        return group

    def photo_faces(
        self, group: GroupView, cluster_id: UUID | None, count: int, *, posted_by: int | None = None
    ) -> list[UUID]:
        """``count`` photos of the group, a face on each (in this cluster)."""
        faces = []
        for _ in range(count):
            photo_id = uuid4()
            self.photos[photo_id] = Photo(group.id, posted_by)
            face_id = uuid4()
            self.faces[face_id] = Face(photo_id, cluster_id)
            faces.append(face_id)
        return faces

    def participant(self, user_id: int, *, member_of: GroupView | None = None) -> Claimer:
        claimer = Claimer(uuid4(), user_id, f"user {user_id}")
        self.participants[user_id] = claimer
        if member_of is not None:
            self.members.add((claimer.id, member_of.id))
        return claimer

    # ----- ClaimStore -----------------------------------------------------------------------

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return self._transaction()

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[object]:
        yield self

    def _open(self, face: Face) -> bool:
        photo = self.photos[face.photo_id]
        return face.person_id is None and not photo.removed and not face.asked

    async def named_in(self, group_id: UUID) -> bool:
        return any(claim.group_id == group_id for claim in self.claims.values())

    async def unknown_faces(self, group_id: UUID) -> int:
        return sum(
            1
            for face in self.faces.values()
            if self.photos[face.photo_id].group_id == group_id
            and face.person_id is None
            and not self.photos[face.photo_id].removed
        )

    async def unclustered_since(self, group_id: UUID, since: datetime) -> bool:
        return any(
            self.photos[face.photo_id].group_id == group_id
            and face.cluster_id is None
            and self._open(face)
            and self.photos[face.photo_id].posted_at > since
            for face in self.faces.values()
        )

    async def open_faces(
        self, group_id: UUID, clusters: Collection[UUID] | None = None
    ) -> list[tuple[UUID, UUID]]:
        named = {
            face
            for claim in self.claims.values()
            if claim.group_id == group_id
            and self.persons[claim.person_id][1] == PersonStatus.UNCLAIMED
            for face in claim.faces
        }
        return [
            (face_id, face.cluster_id)
            for face_id, face in self.faces.items()
            if face.cluster_id is not None
            and (clusters is None or face.cluster_id in clusters)
            and self.photos[face.photo_id].group_id == group_id
            and self._open(face)
            and face_id not in named
        ]

    def _on_photo(self, face_id: UUID) -> FaceOnPhoto:
        face = self.faces[face_id]
        clip = self.photos[face.photo_id].clip
        return FaceOnPhoto(
            face_id, face.photo_id, f"file-{face.photo_id}", 10, 10, 90, 90, clip=clip
        )

    def _best_first(self, face_ids: Collection[UUID]) -> list[UUID]:
        return sorted(face_ids, key=lambda f: (-self.faces[f].quality, str(f)))

    async def on_photos(self, face_ids: Collection[UUID]) -> list[FaceOnPhoto]:
        return [self._on_photo(f) for f in self._best_first(face_ids) if f in self.faces]

    async def cluster_group(self, cluster_id: UUID) -> GroupView | None:
        for face in self.faces.values():
            if face.cluster_id == cluster_id:
                return self.groups[self.photos[face.photo_id].group_id]
        return None

    async def was_admin_chat(self, chat_id: int) -> bool:
        return any(group.admin_chat_id == chat_id for group in self.groups.values())

    async def admin_chat_group(self, chat_id: int) -> GroupView | None:
        groups = [group for group in self.groups.values() if group.admin_chat_id == chat_id]
        return groups[0] if len(groups) == 1 else None

    async def lock_group(self, group_id: UUID) -> None:
        pass

    async def name(
        self,
        group_id: UUID,
        face_ids: Sequence[UUID],
        name: str,
        actor: Actor,
        code_hash: str,
        expires_at: datetime,
    ) -> tuple[UUID, UUID]:
        person_id, claim_id = uuid4(), uuid4()
        self.persons[person_id] = (name, PersonStatus.UNCLAIMED)
        self.claims[claim_id] = Claim(
            person_id, group_id, actor.user_id, actor.name, code_hash, expires_at, set(face_ids)
        )
        return person_id, claim_id

    def _record(self, claim_id: UUID) -> ClaimRecord:
        claim = self.claims[claim_id]
        name, status = self.persons[claim.person_id]
        used_by = next((p for p in self.participants.values() if p.id == claim.used_by), None)
        return ClaimRecord(
            id=claim_id,
            person_id=claim.person_id,
            name=name,
            person_unclaimed=status == PersonStatus.UNCLAIMED,
            group=self.groups[claim.group_id],
            join_token="join",
            named_by_user_id=claim.named_by_user_id,
            named_by_name=claim.named_by_name,
            code_hash=claim.code_hash,
            expires_at=claim.expires_at,
            used_at=claim.used_at,
            used_by_user_id=None if used_by is None else used_by.telegram_user_id,
            claimer_is_guardian=used_by is not None
            and (claim.person_id, used_by.id) in self.owners,
            one_by_one=claim.one_by_one,
            link_said=claim.link_said,
            into_person_id=claim.into,
            into_name="" if claim.into is None else self.persons[claim.into][0],
            prompt_said=claim.prompt_said,
        )

    async def claim(
        self, claim_id: UUID | None = None, *, person_id: UUID | None = None, lock: bool = False
    ) -> ClaimRecord | None:
        for found, claim in self.claims.items():
            if found == claim_id or (claim_id is None and claim.person_id == person_id):
                return self._record(found)
        return None

    async def by_code(self, code_hash: str) -> ClaimRecord | None:
        found = [c for c, claim in self.claims.items() if claim.code_hash == code_hash]
        return self._record(found[0]) if found else None

    async def unclaimed(self, group_id: UUID) -> list[tuple[ClaimRecord, int]]:
        return [
            (self._record(c), sum(1 for f in claim.faces if self._open(self.faces[f])))
            for c, claim in self.claims.items()
            if claim.group_id == group_id
            and self.persons[claim.person_id][1] == PersonStatus.UNCLAIMED
        ]

    async def organizer_name(self, group_id: UUID, user_id: int, until: datetime) -> str:
        return ""

    async def unclaimed_names(self, group_id: UUID, besides: UUID | None = None) -> list[str]:
        return [
            self.persons[claim.person_id][0]
            for claim in self.claims.values()
            if claim.group_id == group_id
            and claim.person_id != besides
            and self.persons[claim.person_id][1] == PersonStatus.UNCLAIMED
        ]

    async def keep_lists_shown(
        self, group_id: UUID, change: Callable[[list[tuple[int, int]]], list[tuple[int, int]]]
    ) -> None:
        self.lists[group_id] = change(self.lists.get(group_id, []))

    async def lists_shown(self, group_id: UUID) -> list[tuple[int, int]]:
        return list(self.lists.get(group_id, []))

    async def unclaimed_of_chat(self, chat_id: int) -> list[UUID]:
        return [
            claim.person_id
            for claim in self.claims.values()
            if self.groups[claim.group_id].chat_id == chat_id
            and self.persons[claim.person_id][1] == PersonStatus.UNCLAIMED
        ]

    async def person_name(self, person_id: UUID) -> str:
        return self.persons[person_id][0] if person_id in self.persons else ""

    async def named_for(self, group_id: UUID, face_ids: Collection[UUID]) -> str | None:
        for claim in self.claims.values():
            name, status = self.persons[claim.person_id]
            unclaimed = claim.group_id == group_id and status == PersonStatus.UNCLAIMED
            if unclaimed and claim.faces & set(face_ids):
                return name
        return None

    async def set_link(
        self, claim_id: UUID, code_hash: str | None, expires_at: datetime | None
    ) -> None:
        claim = self.claims[claim_id]
        claim.code_hash, claim.expires_at, claim.used_at = code_hash, expires_at, None

    async def drop_link(self, code_hash: str) -> None:
        for claim in self.claims.values():
            if claim.code_hash == code_hash:
                claim.code_hash, claim.expires_at = None, None

    async def link_said(self, claim_id: UUID, chat_id: int, message_id: int) -> None:
        self.claims[claim_id].link_said = (chat_id, message_id)

    async def prompt_said(self, claim_id: UUID, said: tuple[int, int] | None) -> None:
        self.claims[claim_id].prompt_said = said

    async def link_told(self, claim_id: UUID, said: tuple[int, int]) -> None:
        claim = self.claims.get(claim_id)
        if claim is not None and claim.link_said == said:
            claim.link_said = None

    async def expired_links(self, now: datetime, limit: int) -> list[ClaimRecord]:
        due = [
            (claim.expires_at, claim_id)
            for claim_id, claim in self.claims.items()
            if self.persons[claim.person_id][1] == PersonStatus.UNCLAIMED
            and claim.code_hash is not None
            and claim.used_at is None
            and claim.expires_at is not None
            and claim.expires_at < now
            and claim.link_said is not None
        ]
        return [self._record(claim_id) for _, claim_id in sorted(due)[:limit]]

    async def rename(self, person_id: UUID, name: str) -> None:
        self.persons[person_id] = (name, self.persons[person_id][1])

    async def delete(self, person_ids: Collection[UUID]) -> None:
        for person_id in person_ids:
            self.persons.pop(person_id, None)
        self.claims = {c: k for c, k in self.claims.items() if k.person_id not in person_ids}

    async def record(
        self, group_id: UUID, action: str, actor: Actor, subject: str, details: dict[str, object]
    ) -> None:
        self.audit.append((group_id, action, subject))

    async def claimer(self, user_id: int) -> Claimer | None:
        return self.participants.get(user_id)

    async def is_member(self, participant_id: UUID, group_id: UUID) -> bool:
        return (participant_id, group_id) in self.members

    async def claimable(
        self, claim_id: UUID, since: datetime | None, *, lock: bool = False
    ) -> list[FaceOnPhoto]:
        claim = self.claims[claim_id]
        kept = [
            f
            for f in claim.faces
            if self._open(self.faces[f])
            and self.photos[self.faces[f].photo_id].group_id == claim.group_id
            and (since is None or self.photos[self.faces[f].photo_id].posted_at >= since)
        ]
        return [self._on_photo(f) for f in self._best_first(kept)]

    async def own_persons(
        self, participant_id: UUID, group_id: UUID, limit: int
    ) -> list[tuple[UUID, str]]:
        # Only the persons named here, and made theirs: enrolled ones are the database's.
        owned = sorted(
            (self.persons[person][0], person)
            for person, owner in self.owners
            if owner == participant_id and self.persons[person][1] == PersonStatus.ACTIVE
        )
        return [(person, name) for name, person in owned][:limit]

    async def answered(
        self,
        claim_id: UUID,
        claimer_id: UUID,
        one_by_one: bool,
        kept: Collection[UUID],
        into: UUID | None = None,
    ) -> UUID:
        claim = self.claims[claim_id]
        claim.into = into
        claim.used_at, claim.used_by, claim.one_by_one = datetime.now(UTC), claimer_id, one_by_one
        claim.faces &= set(kept)
        approval_id = uuid4()
        self.approvals[approval_id] = (claim.person_id, claimer_id)
        return approval_id

    async def declined(self, claim_id: UUID) -> None:
        self.claims[claim_id].used_at = datetime.now(UTC)

    async def approval(self, approval_id: UUID) -> tuple[UUID, Claimer | None] | None:
        if approval_id not in self.approvals:
            return None
        person_id, participant_id = self.approvals[approval_id]
        claimer = next((p for p in self.participants.values() if p.id == participant_id), None)
        return person_id, claimer

    async def make_owner(
        self, person_id: UUID, claimer_id: UUID, assigned: Sequence[UUID], asked: Sequence[UUID]
    ) -> Owned:
        self.owners.add((person_id, claimer_id))
        self.persons[person_id] = (self.persons[person_id][0], PersonStatus.ACTIVE)
        questions = []
        for face_id in asked:
            question_id = uuid4()
            self.questions[question_id] = face_id
            questions.append(question_id)
        claimer = next(p for p in self.participants.values() if p.id == claimer_id)
        planned = []
        for face_id in assigned:
            face = self.faces[face_id]
            face.person_id = person_id
            # As ``photo_copies.plan_deliveries``: once to each guardian, never to its poster.
            key = (claimer_id, face.photo_id)
            poster = self.photos[face.photo_id].posted_by == claimer.telegram_user_id
            if key not in self.deliveries and not poster:
                self.deliveries[key] = DeliveryStatus.PENDING
                planned.append(uuid4())
        return Owned(planned, [], questions)

    async def merge_into(
        self,
        unclaimed_id: UUID,
        into_id: UUID,
        claimer_id: UUID,
        assigned: Sequence[UUID],
        asked: Sequence[UUID],
    ) -> Owned:
        self.persons[unclaimed_id] = (self.persons[unclaimed_id][0], PersonStatus.MERGED)
        for face_id in assigned:
            self.faces[face_id].person_id = into_id
        return Owned([], [], [])

    async def fates(
        self, claimer_id: UUID, user_id: int, photo_ids: Collection[UUID]
    ) -> list[Fate]:
        return [
            Fate(
                p,
                self.deliveries.get((claimer_id, p)),
                self.photos[p].posted_by == user_id,
                self.photos[p].clip,
            )
            for p in photo_ids
        ]

    async def question_faces(
        self, question_ids: Collection[UUID]
    ) -> list[tuple[UUID, FaceOnPhoto]]:
        return [(q, self._on_photo(self.questions[q])) for q in question_ids]

    async def keep_crop(self, question_id: UUID, face_id: UUID, key: str | None) -> None:
        pass


@dataclass(frozen=True, slots=True)
class KeptSheet:
    id: UUID
    chat_id: int
    message_id: int | None
    group_id: UUID
    face_ids: tuple[UUID, ...]
    fingerprint: str | None
    claim_id: UUID | None


@dataclass
class MemorySheetStore:
    """``SheetStore`` in memory: the sheets of faces recorded, by id."""

    sheets: dict[UUID, KeptSheet] = field(default_factory=dict)

    async def record(
        self,
        group_id: UUID,
        chat_id: int,
        face_ids: Sequence[UUID],
        fingerprint: str,
        claim_id: UUID | None,
    ) -> UUID:
        sheet = KeptSheet(uuid4(), chat_id, None, group_id, tuple(face_ids), fingerprint, claim_id)
        self.sheets[sheet.id] = sheet
        return sheet.id

    async def posted(self, sheet_id: UUID, message_id: int) -> None:
        if sheet_id in self.sheets:
            self.sheets[sheet_id] = replace(self.sheets[sheet_id], message_id=message_id)

    async def faces_of(self, chat_id: int, message_id: int, fingerprint: str) -> list[UUID] | None:
        found = [
            s for s in self.sheets.values() if (s.chat_id, s.message_id) == (chat_id, message_id)
        ]
        found = found or [
            s
            for s in self.sheets.values()
            if (s.chat_id, s.fingerprint, s.message_id) == (chat_id, fingerprint, None)
        ]
        return list(found[0].face_ids) if found else None

    async def named_from(
        self, chat_id: int, message_id: int, claim_id: UUID, face_ids: Collection[UUID]
    ) -> list[int]:
        others = []
        for s in list(self.sheets.values()):
            if s.chat_id != chat_id or s.message_id is None:
                continue
            other = s.claim_id is None and s.message_id != message_id
            if other and set(face_ids) & set(s.face_ids):
                others.append(s.message_id)
            elif s.message_id != message_id:
                continue
            self.sheets[s.id] = replace(s, claim_id=claim_id)
        return others

    async def showing(self, group_id: UUID | None, face_ids: Collection[UUID]) -> list[KeptSheet]:
        return [
            s
            for s in self.sheets.values()
            if group_id in (None, s.group_id) and set(face_ids) & set(s.face_ids)
        ]

    async def where(
        self,
        *,
        claim_id: UUID | None = None,
        chat_id: int | None = None,
        group_chat_id: int | None = None,
        claimed_person_id: UUID | None = None,
    ) -> list[KeptSheet]:
        if group_chat_id is not None or claimed_person_id is not None:
            raise NotImplementedError("groups' chats and claims' persons are not kept here")
        if claim_id is None and chat_id is None:
            return []
        return [
            s
            for s in self.sheets.values()
            if claim_id in (None, s.claim_id) and chat_id in (None, s.chat_id)
        ]

    async def forget(self, sheet_id: UUID) -> None:
        self.sheets.pop(sheet_id, None)
