"""Privacy's stores in memory (``domain.privacy.stores``): persons with their faces,
suggestions and offers, participants with their guardianships, approvals and requests; what
an erasure deletes is what these lose."""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID, uuid4

from domain.privacy.stores import (
    Asked,
    BannedFrom,
    ConsentGiven,
    Erasing,
    ExpiringGroup,
    Forgetting,
    Guarding,
    Held,
    InviteSaid,
    KeptFace,
    MergeSaid,
    OrganizerAction,
    Shown,
    StillGuarded,
    TheirApprovals,
)
from domain.recognition.assignments import FORGOTTEN_ACTOR, Actor
from domain.states import PersonStatus, RequestKind, SuggestionStatus


@dataclass
class KeptPerson:
    name: str
    status: PersonStatus = PersonStatus.ACTIVE
    merged_into: UUID | None = None
    cover: UUID | None = None


@dataclass
class KeptSuggestion:
    face_id: UUID
    person_id: UUID
    status: SuggestionStatus = SuggestionStatus.PENDING


@dataclass
class KeptOffer:
    person_id: UUID
    sent_to: list[tuple[int, int]]
    face_ids: list[UUID] = field(default_factory=list)  # a sheet's


@dataclass
class KeptParticipant:
    user_id: int
    language: str = "en"
    first_name: str = ""
    posted: int = 0  # photos they posted that still say so


@dataclass
class MemoryErasureStore:
    """``ErasureStore`` in memory: each erasure's last step removes what Postgres would."""

    persons: dict[UUID, KeptPerson] = field(default_factory=dict)
    faces: dict[UUID, KeptFace] = field(default_factory=dict)
    face_person: dict[UUID, UUID | None] = field(default_factory=dict)
    suggestions: list[KeptSuggestion] = field(default_factory=list)
    offers: list[KeptOffer] = field(default_factory=list)
    participants: dict[UUID, KeptParticipant] = field(default_factory=dict)
    guardianships: dict[UUID, tuple[UUID, UUID]] = field(default_factory=dict)  # person, guardian
    approvals: dict[UUID, tuple[UUID, bool]] = field(default_factory=dict)  # participant, goes
    requests: dict[UUID, tuple[RequestKind, str, int | None]] = field(default_factory=dict)
    done: set[UUID] = field(default_factory=set)
    audit: list[tuple[str, str]] = field(default_factory=list)  # (actor, note)
    consents: list[int] = field(default_factory=list)  # user ids whose deletion is recorded
    sending_for: set[UUID] = field(default_factory=set)  # persons with a send under way

    # ----- the world a test sets up

    def person(self, name: str, *guardians: UUID, merged_into: UUID | None = None) -> UUID:
        person_id = uuid4()
        status = PersonStatus.MERGED if merged_into else PersonStatus.ACTIVE
        self.persons[person_id] = KeptPerson(name, status, merged_into)
        for guardian in guardians:
            self.guardianships[uuid4()] = (person_id, guardian)
        return person_id

    def participant(self, user_id: int) -> UUID:
        participant_id = uuid4()
        self.participants[participant_id] = KeptParticipant(user_id)
        return participant_id

    def face(self, person_id: UUID | None, crop: bool = True) -> UUID:
        face_id = uuid4()
        self.faces[face_id] = KeptFace(face_id, f"crops/{face_id}.jpg" if crop else None)
        self.face_person[face_id] = person_id
        return face_id

    def ask(self, kind: RequestKind, subject: UUID | int, by: int | None) -> UUID:
        request_id = uuid4()
        self.requests[request_id] = (kind, str(subject), by)
        return request_id

    # ----- ErasureStore

    async def asked(self, kind: RequestKind, subject: UUID | int) -> Asked:
        open_ = [
            (request_id, by)
            for request_id, (k, s, by) in self.requests.items()
            if (k, s) == (kind, str(subject)) and request_id not in self.done
        ]
        by = next((by for _, by in open_ if by is not None), None)
        return Asked(tuple(request_id for request_id, _ in open_), by)

    async def close(self, asked: Asked) -> None:
        for request_id in asked.ids:
            self.done.add(request_id)
            kind, subject, _ = self.requests[request_id]
            self.requests[request_id] = (kind, subject, None)

    async def person_name(self, person_id: UUID) -> str | None:
        person = self.persons.get(person_id)
        return person.name if person else None

    async def name_now(self, person_id: UUID) -> str | None:
        person, seen = self.persons.get(person_id), {person_id}
        while person and person.merged_into and person.merged_into not in seen:
            seen.add(person.merged_into)
            person = self.persons.get(person.merged_into)
        return person.name if person else None

    async def set_status(self, person_id: UUID, status: PersonStatus) -> bool:
        if person_id not in self.persons:
            return False
        self.persons[person_id].status = status
        return True

    async def wait_for_claims(self, person_id: UUID) -> None:
        return None

    async def sending(self, person_id: UUID) -> bool:
        return person_id in self.sending_for

    async def merged_into(self, person_id: UUID) -> list[UUID]:
        found: list[UUID] = []
        frontier = [person_id]
        while frontier:
            frontier = [
                each
                for each, person in self.persons.items()
                if person.merged_into in frontier and each not in found
            ]
            found += frontier
        return found

    async def faces_of(self, person_ids: Sequence[UUID]) -> list[KeptFace]:
        return [self.faces[f] for f, p in self.face_person.items() if p in person_ids]

    async def suggested(self, person_ids: Sequence[UUID]) -> list[KeptFace]:
        ids = dict.fromkeys(s.face_id for s in self.suggestions if s.person_id in person_ids)
        return [self.faces[face_id] for face_id in ids if face_id in self.faces]

    async def asked_elsewhere(
        self, face_ids: Sequence[UUID], person_ids: Sequence[UUID]
    ) -> set[UUID]:
        return {
            s.face_id
            for s in self.suggestions
            if s.face_id in face_ids
            and s.status == SuggestionStatus.PENDING
            and s.person_id not in person_ids
        }

    async def crops(self, face_ids: Sequence[UUID]) -> list[KeptFace]:
        return [self.faces[f] for f in face_ids if f in self.faces and self.faces[f].crop_key]

    async def part_pairs(self, person_ids: Sequence[UUID]) -> list[tuple[UUID, UUID]]:
        return []

    async def questions(self, person_ids: Sequence[UUID]) -> list[tuple[int, int]]:
        return []

    async def shown(self, person_ids: Sequence[UUID]) -> list[Shown]:
        return [
            Shown(tuple(o.sent_to), tuple(o.face_ids))
            for o in self.offers
            if o.person_id in person_ids
        ]

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[object]:
        yield self

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return self._transaction()

    async def erase(self, erasing: Erasing) -> None:
        person_ids = erasing.person_ids
        if erasing.face_ids:
            note = "faces deleted" if erasing.keep_person else "person deleted"
            self.audit.append((erasing.actor.label, note))
        for face_id in erasing.cleared:
            self.faces[face_id] = KeptFace(face_id, None)
        self.suggestions = [s for s in self.suggestions if s.person_id not in person_ids]
        self.offers = [o for o in self.offers if o.person_id not in person_ids]
        for face_id in erasing.face_ids:
            del self.faces[face_id], self.face_person[face_id]
        if erasing.keep_person:
            self.persons[erasing.person_id].status = PersonStatus.NEEDS_PHOTOS
            self.persons[erasing.person_id].cover = None
            return
        for person_id in person_ids:
            self._delete_person(person_id)

    def _delete_person(self, person_id: UUID) -> None:
        self.persons.pop(person_id, None)
        for guardianship, (person, _) in list(self.guardianships.items()):
            if person == person_id:
                del self.guardianships[guardianship]

    async def drop_merged_record(self, person_id: UUID, crop_prefix: str) -> None:
        dropped = self.persons[person_id]
        if dropped.status == PersonStatus.MERGED:
            for person in self.persons.values():
                if person.merged_into == person_id:
                    person.merged_into = dropped.merged_into
            self._delete_person(person_id)

    async def actor(self, participant_id: UUID | None, user_id: int | None) -> Actor | None:
        for each, participant in self.participants.items():
            if each == participant_id or (user_id is not None and participant.user_id == user_id):
                return Actor(f"participant:{each}", each)
        return None

    async def user_id(self, participant_id: UUID) -> int | None:
        participant = self.participants.get(participant_id)
        return participant.user_id if participant else None

    async def guardian_chats(self, person_ids: Collection[UUID]) -> dict[UUID, list[int]]:
        chats: dict[UUID, list[int]] = {}
        for person, guardian in self.guardianships.values():
            if person in person_ids:
                chats.setdefault(person, []).append(self.participants[guardian].user_id)
        return chats

    async def first_name(self, user_id: int) -> str | None:
        for participant in self.participants.values():
            if participant.user_id == user_id:
                return participant.first_name or None
        return None

    async def participant_of(self, user_id: int) -> Forgetting | None:
        for each, participant in self.participants.items():
            if participant.user_id == user_id:
                actor = Actor(f"participant:{each}", each)
                return Forgetting(each, user_id, participant.language, None, actor)
        return None

    async def unname_posts(self, user_id: int) -> None:
        for participant in self.participants.values():
            if participant.user_id == user_id:
                participant.posted = 0

    async def forget_requests_of(self, user_id: int, asked: Asked) -> None:
        for request_id, (kind, subject, by) in self.requests.items():
            if by == user_id:
                self.requests[request_id] = (kind, subject, None)
        await self.close(asked)

    async def audited_groups(self, participant_id: UUID | None, user_id: int) -> set[UUID]:
        return set()

    async def rejected_in(self, person_ids: Collection[UUID]) -> set[UUID]:
        return set()  # no organizers' decisions here: the e2e tests read them

    async def acted_as_organizer(self, user_id: int) -> bool:
        return False  # no organizer's audit here: the e2e tests read it

    async def unname_organizer(self, user_id: int) -> bool:
        return False  # no organizer's audit here: the e2e tests read it

    async def merges_said_about(self, person_id: UUID) -> list[MergeSaid]:
        return []  # no merges here: the e2e tests read them

    async def merges_said_to(self, participant_id: UUID, user_id: int) -> list[int]:
        return []  # no merges here: the e2e tests read them

    async def invites_said_by(self, participant_id: UUID) -> list[InviteSaid]:
        return []  # no invitations here: the e2e tests read them

    async def invites_said_about(self, person_id: UUID) -> list[tuple[int, InviteSaid]]:
        return []  # no invitations here: the e2e tests read them

    async def invites_used_by(self, participant_id: UUID) -> list[tuple[int, InviteSaid]]:
        return []  # no invitations here: the e2e tests read them

    async def approvals_of(self, participant_id: UUID) -> TheirApprovals:
        theirs = [(a, goes) for a, (p, goes) in self.approvals.items() if p == participant_id]
        return TheirApprovals(
            of_persons=[a for a, goes in theirs if not goes],
            going=[a for a, goes in theirs if goes],
        )

    async def guardianships_of(self, participant_id: UUID) -> list[Guarding]:
        return [
            Guarding(g, person, self.persons[person].status == PersonStatus.MERGED)
            for g, (person, guardian) in self.guardianships.items()
            if guardian == participant_id
        ]

    async def still_guarded(
        self, guardianship_id: UUID, participant_id: UUID
    ) -> StillGuarded | None:
        if guardianship_id not in self.guardianships:
            return None
        person_id, _ = self.guardianships[guardianship_id]
        person = self.persons[person_id]
        others = any(p == person_id and g != participant_id for p, g in self.guardianships.values())
        merged = person.status == PersonStatus.MERGED and person.merged_into is not None
        return StillGuarded(person_id, merged, others)

    async def let_go(self, guardianship_id: UUID, person_id: UUID) -> int | None:
        del self.guardianships[guardianship_id]
        return None  # no roles kept here

    async def forget(
        self,
        participant: Forgetting,
        *,
        guarded: Sequence[UUID],
        withdrawn: Sequence[UUID],
        asked: Asked,
        terms_version: str,
    ) -> None:
        self.audit = [
            (FORGOTTEN_ACTOR if actor == participant.actor.label else actor, note)
            for actor, note in self.audit
        ]
        for approval in withdrawn:
            self.approvals.pop(approval, None)
        self.consents.append(participant.telegram_user_id)
        del self.participants[participant.id]
        await self.forget_requests_of(participant.telegram_user_id, asked)


@dataclass
class ExpiringFace:
    group_id: UUID
    posted_at: datetime
    crop_key: str | None
    enrollment: bool = False
    prototype: bool = False


@dataclass
class MemoryRetentionStore:
    """``RetentionStore`` in memory: groups' retention and their photos' faces."""

    retention: dict[UUID, int | None] = field(default_factory=dict)
    faces: dict[UUID, ExpiringFace] = field(default_factory=dict)
    expired: dict[UUID, int] = field(default_factory=dict)  # what /stats reports
    ran_at: dict[UUID, datetime] = field(default_factory=dict)

    def face(self, group_id: UUID, posted_at: datetime, **facts: bool) -> UUID:
        face_id = uuid4()
        self.faces[face_id] = ExpiringFace(group_id, posted_at, f"crops/{face_id}.jpg", **facts)
        return face_id

    async def groups(self) -> list[ExpiringGroup]:
        return [
            ExpiringGroup(g, days, "Class 1A")
            for g, days in self.retention.items()
            if days is not None
        ]

    async def photos_of(self, face_ids: Sequence[UUID]) -> list[UUID]:
        return []  # no photos delivered here

    async def expiring(self, group_id: UUID, posted_before: datetime, limit: int) -> list[KeptFace]:
        due = sorted(
            face_id
            for face_id, face in self.faces.items()
            if face.group_id == group_id
            and face.posted_at < posted_before
            and not face.enrollment
            and not face.prototype
        )
        return [KeptFace(face_id, self.faces[face_id].crop_key) for face_id in due[:limit]]

    async def delete_faces(self, face_ids: Sequence[UUID]) -> None:
        for face_id in face_ids:
            del self.faces[face_id]

    async def ran(self, group_id: UUID, at: datetime, expired: int) -> None:
        self.ran_at[group_id] = at
        self.expired[group_id] = self.expired.get(group_id, 0) + expired


@dataclass
class MemoryExportStore:
    """``ExportStore`` in memory: what is held, by Telegram user id."""

    held_about: dict[int, Held] = field(default_factory=dict)

    async def organizer_actions(self, user_id: int) -> list[OrganizerAction]:
        return []

    async def held(self, user_id: int) -> Held | None:
        return self.held_about.get(user_id)

    async def kept_by_id(self, user_id: int) -> tuple[list[ConsentGiven], list[BannedFrom]]:
        held = self.held_about.get(user_id)
        return (held.consents, held.bans) if held is not None else ([], [])
