"""The persons' stores (``domain.persons.stores``) in memory: persons, their guardians and
invitations in plain dicts a test fills and reads, with the same answers the tortoise
stores give. Changes of faces (merge, undo, /history) are recorded, not made: their
rules live in ``domain.infra.stores.assignments`` and are told by the e2e tests."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Collection
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from domain.persons.stores import (
    AnsweredNo,
    AnsweredYes,
    Change,
    CopyEdit,
    CopyTold,
    Delivered,
    ExpiredInvite,
    GuardianOf,
    GuardianSeat,
    InGroup,
    Invitation,
    LookedIn,
    MergeBefore,
    Merged,
    PersonFacts,
    Reader,
    Reverted,
)
from domain.recognition.assignments import UndoOutcome
from domain.states import GuardianRole, PersonStatus, RequestKind


@dataclass
class MemoryPersonStore:
    """``PersonStore`` and ``GuardianStore``: ``known`` persons, ``people`` (participant:
    Telegram user, first name), ``seated`` (person: guardians), ``invites``; what was asked
    (``requests``) and merged (``merges``)."""

    known: dict[UUID, PersonFacts] = field(default_factory=dict)
    people: dict[UUID, tuple[int, str]] = field(default_factory=dict)
    seated: dict[UUID, list[GuardianSeat]] = field(default_factory=dict)
    invites: dict[UUID, Invitation] = field(default_factory=dict)
    codes: dict[str, UUID] = field(default_factory=dict)
    prototypes: dict[UUID, int] = field(default_factory=dict)
    requests: list[tuple[RequestKind, UUID | int]] = field(default_factory=list)
    # The messages that say a request is under way (no job runs here to close one).
    said_under_way: set[tuple[int, int]] = field(default_factory=set)
    merges: list[tuple[UUID, UUID]] = field(default_factory=list)
    faces_gone: set[UUID] = field(default_factory=set)  # "Forget faces" done on these
    events: dict[UUID, Change] = field(default_factory=dict)  # changes as a test sets them

    def participant(self, user_id: int, first_name: str) -> UUID:
        participant_id = uuid4()
        self.people[participant_id] = (user_id, first_name)
        return participant_id

    def child(
        self, name: str, *guardians: UUID, status: PersonStatus = PersonStatus.ACTIVE
    ) -> UUID:
        """A person; its first guardian owns it, the others are co-guardians."""
        person_id = uuid4()
        self.known[person_id] = PersonFacts(person_id, name, status)
        for place, participant_id in enumerate(guardians):
            self.seat(person_id, participant_id, owner=place == 0)
        return person_id

    def seat(self, person_id: UUID, participant_id: UUID, *, owner: bool = False) -> None:
        user, name = self.people[participant_id]
        role = GuardianRole.OWNER if owner else GuardianRole.CO_GUARDIAN
        since = datetime.now(UTC)
        self.seated.setdefault(person_id, []).append(
            GuardianSeat(participant_id, user, name, role, since)
        )

    def _participant_of(self, user_id: int) -> UUID | None:
        return next((p for p, (u, _) in self.people.items() if u == user_id), None)

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[object]:
        yield self

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return self._transaction()

    async def guardian_of(self, user_id: int, person_id: UUID) -> UUID | None:
        return next(
            (
                s.participant_id
                for s in self.seated.get(person_id, [])
                if s.telegram_user_id == user_id
            ),
            None,
        )

    async def participant_id(self, user_id: int) -> UUID | None:
        return self._participant_of(user_id)

    async def reader(self, user_id: int) -> Reader | None:
        found = self._participant_of(user_id)
        return None if found is None else Reader(found, user_id, self.people[found][1])

    async def person(self, person_id: UUID) -> PersonFacts | None:
        return self.known.get(person_id)

    async def lock_person(self, person_id: UUID) -> PersonFacts | None:
        return self.known.get(person_id)

    async def persons(self, person_ids: Collection[UUID]) -> list[PersonFacts]:
        return [self.known[p] for p in person_ids if p in self.known]

    async def guarded(self, user_id: int, statuses: Collection[PersonStatus]) -> list[PersonFacts]:
        return sorted(
            (
                person
                for person in self.known.values()
                if person.status in statuses
                and any(s.telegram_user_id == user_id for s in self.seated.get(person.id, []))
            ),
            key=lambda p: p.name,
        )

    async def guarded_among(self, participant_id: UUID, person_ids: Collection[UUID]) -> set[UUID]:
        return {
            p
            for p in person_ids
            if any(s.participant_id == participant_id for s in self.seated.get(p, []))
        }

    async def photos_together(self, first_id: UUID, second_id: UUID) -> int:
        return 0

    async def faces_forgotten(self, person_ids: Collection[UUID]) -> list[UUID]:
        return [p for p in person_ids if p in self.faces_gone]

    async def merged_into(self, person_ids: Collection[UUID]) -> list[UUID]:
        found: list[UUID] = []
        into = set(person_ids)
        while more := [
            p.id
            for p in self.known.values()
            if p.status == PersonStatus.MERGED and p.merged_into_id in into and p.id not in found
        ]:
            found += more
            into = set(more)
        return found

    async def prototype_count(self, person_id: UUID) -> int:
        return self.prototypes.get(person_id, 0)

    async def seats(self, person_id: UUID) -> list[GuardianSeat]:
        return list(self.seated.get(person_id, []))

    async def guardian_chats(self, person_ids: Collection[UUID]) -> dict[UUID, list[int]]:
        return {
            p: [s.telegram_user_id for s in self.seated[p]] for p in person_ids if p in self.seated
        }

    async def seats_of(self, person_ids: Collection[UUID]) -> dict[UUID, list[GuardianSeat]]:
        return {p: list(self.seated[p]) for p in person_ids if p in self.seated}

    async def guardians_of_either(self, keep_id: UUID, drop_id: UUID) -> list[GuardianOf]:
        return [
            GuardianOf(s.participant_id, s.telegram_user_id, s.first_name, person_id)
            for person_id in (keep_id, drop_id)
            for s in self.seated.get(person_id, [])
        ]

    async def memberships(self, participant_ids: Collection[UUID]) -> list[InGroup]:
        return []

    async def banned_from(self, participant_id: UUID) -> list[str]:
        return []

    async def delivered(self, person_id: UUID, participant_id: UUID) -> Delivered:
        return Delivered(photos=0, clips=0)

    async def cover_crop(self, person_id: UUID, face_id: UUID) -> str | None:
        return None

    async def face_exists(self, face_id: UUID) -> bool:
        return False

    async def clear_cover(self, person_id: UUID) -> None:
        self.known[person_id] = replace(self.known[person_id], cover_face_id=None)

    async def rename(self, person_id: UUID, name: str) -> None:
        self.known[person_id] = replace(self.known[person_id], name=name)

    async def set_birth_date(self, person_id: UUID, born: date | None) -> None:
        self.known[person_id] = replace(self.known[person_id], birth_date=born)

    async def change_status(self, person_id: UUID, was: PersonStatus, now: PersonStatus) -> bool:
        if self.known[person_id].status != was:
            return False
        self.known[person_id] = replace(self.known[person_id], status=now)
        return True

    async def set_status(self, person_id: UUID, status: PersonStatus) -> None:
        self.known[person_id] = replace(self.known[person_id], status=status)

    async def unasked_questions(self, person_id: UUID) -> list[UUID]:
        return []

    async def questions_owed(self, user_id: int, group_id: UUID) -> list[tuple[UUID, UUID]]:
        return []

    async def merge(self, keep_id: UUID, remove_id: UUID, participant_id: UUID) -> Merged | None:
        self.merges.append((keep_id, remove_id))
        removed = self.known[remove_id]
        self.known[remove_id] = replace(removed, status=PersonStatus.MERGED, merged_into_id=keep_id)
        return Merged(uuid4(), [], [keep_id])

    async def merge_said(
        self, keep_id: UUID, drop_id: UUID, chat_id: int, message_id: int
    ) -> list[MergeBefore]:
        return []

    async def changes(
        self,
        person_ids: Collection[UUID],
        *,
        recognized: bool | None,
        until: datetime | None,
        limit: int,
    ) -> list[Change]:
        return []

    async def has_changes(
        self, person_ids: Collection[UUID], *, recognized: bool, until: datetime | None
    ) -> bool:
        return False

    async def answered_no(
        self, person_ids: Collection[UUID], *, until: datetime | None, limit: int
    ) -> list[AnsweredNo]:
        return []

    async def answer_no(self, question_id: UUID) -> AnsweredNo | None:
        return None

    async def forget_no(self, question_id: UUID, by: UUID) -> bool:
        return False

    async def yes_undone(self, face_ids: Collection[UUID], person_id: UUID) -> list[AnsweredYes]:
        return []

    async def change(self, event_id: UUID) -> Change | None:
        return self.events.get(event_id)

    async def corrected_since(self, person_ids: Collection[UUID], since: datetime) -> list[Change]:
        return [
            c
            for c in self.events.values()
            if {c.from_person_id, c.to_person_id} & set(person_ids) and c.created_at >= since
        ]

    async def changes_of(self, event_ids: Collection[UUID]) -> list[Change]:
        return [self.events[e] for e in event_ids if e in self.events]

    async def changes_touching(self, face_ids: Collection[UUID]) -> list[UUID]:
        return []  # the fake keeps no faces of a change

    async def undo(self, event_id: UUID, participant_id: UUID) -> Reverted:
        return Reverted(UndoOutcome.UNKNOWN)

    async def copies_after(
        self, face_ids: list[UUID], person_ids: list[UUID], besides: int
    ) -> list[CopyEdit]:
        return []

    async def copies_back_told(
        self,
        delivery_ids: list[UUID],
        besides: int,
        name: str,
        *,
        photo_only: bool = False,
        person_id: UUID | None = None,
    ) -> list[tuple[int, str, CopyTold | None]]:
        return []

    async def hidden_copies(self, photo_ids: Collection[UUID]) -> list[tuple[UUID, int, int]]:
        return []

    async def lock_visible(self, person_id: UUID, statuses: Collection[PersonStatus]) -> bool:
        return person_id in self.known and self.known[person_id].status in statuses

    async def revoke_invites(self, person_id: UUID) -> None:
        self.invites = {
            k: i
            for k, i in self.invites.items()
            if i.person.id != person_id or i.used_at is not None
        }

    async def ask(
        self,
        kind: RequestKind,
        subject: UUID | int,
        user_id: int | None,
        said: tuple[int, int] | None = None,
    ) -> None:
        self.requests.append((kind, subject))
        if said is not None:
            self.said_under_way.add(said)

    async def under_way(self, said: tuple[int, int]) -> bool:
        return said in self.said_under_way

    # Guardians and invitations

    async def create_invite(
        self, person_id: UUID, invited_by: UUID, code_hash: str, expires_at: datetime
    ) -> UUID:
        invite = Invitation(
            uuid4(),
            self.known[person_id],
            invited_by,
            expires_at,
            inviter=self.people[invited_by][1],
        )
        self.invites[invite.id] = invite
        self.codes[code_hash] = invite.id
        return invite.id

    async def invite_said(self, invite_id: UUID, message_id: int) -> None:
        invite = self.invites[invite_id]
        creator = self.people[invite.invited_by_id][0] if invite.invited_by_id else 0
        self.invites[invite_id] = replace(invite, said=(creator, message_id))

    async def expired_invites(self, now: datetime, limit: int) -> list[ExpiredInvite]:
        return []

    async def unused_invites_said(
        self, person_id: UUID, participant_id: UUID
    ) -> list[tuple[int, int]]:
        return [
            i.said
            for i in self.invites.values()
            if i.person.id == person_id
            and i.invited_by_id == participant_id
            and i.used_at is None
            and i.said is not None
        ]

    async def invite_told(self, invite_id: UUID) -> None:
        return None

    def _fresh(self, invite_id: UUID | None) -> Invitation | None:
        invite = self.invites.get(invite_id) if invite_id else None
        if invite is None or invite.person.id not in self.known:
            return None
        return replace(invite, person=self.known[invite.person.id])

    async def invite_by_code(self, code_hash: str) -> Invitation | None:
        return self._fresh(self.codes.get(code_hash))

    async def invite(self, invite_id: UUID) -> Invitation | None:
        return self._fresh(invite_id)

    async def lock_invite(self, invite_id: UUID) -> Invitation | None:
        return self._fresh(invite_id)

    async def use_invite(self, invite_id: UUID, participant_id: UUID) -> None:
        user, name = self.people[participant_id]
        now = datetime.now(UTC)
        used_by = GuardianSeat(participant_id, user, name, GuardianRole.CO_GUARDIAN, now)
        self.invites[invite_id] = replace(self.invites[invite_id], used_at=now, used_by=used_by)

    async def add_co_guardian(self, person_id: UUID, participant_id: UUID) -> bool:
        if await self.guarded_among(participant_id, [person_id]):
            return False
        self.seat(person_id, participant_id)
        return True

    async def reachable_guardians(self, person_id: UUID, besides: UUID) -> list[Reader]:
        return [
            Reader(s.participant_id, s.telegram_user_id, s.first_name)
            for s in self.seated.get(person_id, [])
            if s.participant_id != besides
        ]

    async def in_a_group(self, participant_id: UUID) -> bool:
        return False

    async def groups_of(self, participant_id: UUID) -> list[tuple[UUID, str]]:
        return []

    async def looked_in(
        self, person_id: UUID, reader: UUID | None = None, *, rejected: bool = False
    ) -> list[LookedIn]:
        return []

    async def group_of_link(self, payload: str) -> tuple[UUID, str] | None:
        return None

    async def co_guarded(self, participant_id: UUID) -> list[PersonFacts]:
        return []

    async def waiting_in(self, group_id: UUID, person_id: UUID, participant_id: UUID) -> bool:
        return False

    async def person_waits_in(self, group_id: UUID, person_id: UUID) -> bool:
        return False

    async def approval_asked_in(self, person_id: UUID) -> set[UUID]:
        return set()

    async def refused_in(self, group_id: UUID, person_id: UUID) -> str | None:
        return None

    async def guardian_refused_in(
        self, group_id: UUID, person_id: UUID, participant_id: UUID
    ) -> bool:
        return False

    async def guardian_waiting_in(
        self, group_id: UUID, person_id: UUID, participant_id: UUID
    ) -> bool:
        return False

    async def members(self, group_id: UUID) -> set[UUID]:
        return set()

    async def drop_guardian(self, person_id: UUID, participant_id: UUID) -> None:
        self.seated[person_id] = [
            s for s in self.seated.get(person_id, []) if s.participant_id != participant_id
        ]

    async def make_owner(self, person_id: UUID, participant_id: UUID) -> GuardianSeat | None:
        seats = self.seated[person_id]
        self.seated[person_id] = [
            replace(s, role=GuardianRole.OWNER) if s.participant_id == participant_id else s
            for s in seats
        ]
        return next((s for s in self.seated[person_id] if s.participant_id == participant_id), None)
