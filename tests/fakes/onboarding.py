"""Onboarding's store (``domain.onboarding.stores``) in memory: participants, groups,
memberships, persons and consents a test fills and reads, with the same answers the
tortoise store gives."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import datetime
from uuid import UUID, uuid4

from domain.groups.stores import GroupView
from domain.onboarding.stores import Joined, Names, ParticipantView
from domain.states import ConsentKind, MembershipStatus, PersonStatus, QuestionMode


@dataclass
class MemoryOnboardingStore:
    """``OnboardingStore``: participants by Telegram id; groups by id; memberships by
    (participant, group): status and when verified; persons (id: name, status, guardians);
    bans (group, Telegram id); consents, oldest first; ``asked``: who joined a group whose
    organizers approve new persons (participant, group)."""

    participants: dict[int, ParticipantView] = field(default_factory=dict)
    groups_by_id: dict[UUID, GroupView] = field(default_factory=dict)
    memberships: dict[tuple[UUID, UUID], tuple[MembershipStatus, datetime]] = field(
        default_factory=dict
    )
    guarded: dict[UUID, tuple[str, PersonStatus, set[UUID]]] = field(default_factory=dict)
    bans: set[tuple[UUID, int]] = field(default_factory=set)
    consents: list[tuple[UUID, UUID | None, ConsentKind, str]] = field(default_factory=list)
    asked: list[tuple[UUID, UUID]] = field(default_factory=list)
    # (group, person, guardian): the organizers have yet to approve the person there (a
    # guardian None), or this guardian of it
    unapproved: set[tuple[UUID, UUID, UUID | None]] = field(default_factory=set)

    def group(self, title: str, **fields: object) -> GroupView:
        group = GroupView(uuid4(), -len(self.groups_by_id) - 100, title, **fields)  # type: ignore[arg-type]
        self.groups_by_id[group.id] = group
        return group

    def person(self, name: str, guardian: UUID, status: PersonStatus = PersonStatus.ACTIVE) -> UUID:
        person_id = uuid4()
        self.guarded[person_id] = (name, status, {guardian})
        return person_id

    def _by_id(self, participant_id: UUID) -> ParticipantView:
        return next(p for p in self.participants.values() if p.id == participant_id)

    def _change(self, participant_id: UUID, **fields: object) -> None:
        participant = self._by_id(participant_id)
        self.participants[participant.telegram_user_id] = replace(participant, **fields)  # type: ignore[arg-type]

    async def register(self, telegram_user_id: int, names: Names) -> ParticipantView:
        known = self.participants.get(telegram_user_id)
        if known is None:
            known = ParticipantView(uuid4(), telegram_user_id)
        self.participants[telegram_user_id] = replace(
            known,
            first_name=names.first_name,
            username=names.username,
            language_code=names.language_code or known.language_code,
        )
        return self.participants[telegram_user_id]

    async def participant(self, telegram_user_id: int) -> ParticipantView | None:
        return self.participants.get(telegram_user_id)

    async def deleted_everything(self, telegram_user_id: int) -> bool:
        return False  # nobody is forgotten in memory

    async def set_language(self, participant_id: UUID, language: str | None) -> None:
        self._change(participant_id, language=language)

    async def set_own_photos(self, participant_id: UUID, on: bool) -> None:
        self._change(participant_id, receive_own_photos=on)

    async def set_question_mode(
        self, participant_id: UUID, mode: QuestionMode, every: int | None
    ) -> None:
        if every is None:
            self._change(participant_id, question_mode=mode)
        else:
            self._change(participant_id, question_mode=mode, questions_every=every)

    async def set_reachable(
        self, telegram_user_id: int, reachable: bool, at: datetime
    ) -> ParticipantView | None:
        participant = self.participants.get(telegram_user_id)
        if participant is not None:
            self._change(participant.id, is_reachable=reachable)
        return self.participants.get(telegram_user_id)

    async def group_of_link(self, join_token: str) -> GroupView | None:
        return next((g for g in self.groups_by_id.values() if g.join_token == join_token), None)

    async def is_banned(self, group_id: UUID, telegram_user_id: int) -> bool:
        return (group_id, telegram_user_id) in self.bans

    async def not_a_member(self, participant_id: UUID, group_id: UUID, at: datetime) -> None:
        status, verified = self.memberships.get((participant_id, group_id), (None, at))
        if status == MembershipStatus.MEMBER:
            self.memberships[(participant_id, group_id)] = (MembershipStatus.LEFT, verified)

    async def left(self, participant_id: UUID, group_id: UUID) -> bool:
        status = self.memberships.get((participant_id, group_id), (None, None))[0]
        return status == MembershipStatus.LEFT

    async def join(self, participant_id: UUID, group_id: UUID, at: datetime) -> Joined:
        if (group_id, self._by_id(participant_id).telegram_user_id) in self.bans:
            return Joined.BANNED
        status = self.memberships.get((participant_id, group_id), (None, at))[0]
        if status == MembershipStatus.BANNED:
            return Joined.BANNED
        elsewhere = [
            group
            for (who, group), (other, _) in self.memberships.items()
            if who == participant_id and group != group_id and other == MembershipStatus.MEMBER
        ]
        first = not any(self.groups_by_id[g].is_active for g in elsewhere)
        self.memberships[(participant_id, group_id)] = (MembershipStatus.MEMBER, at)
        if self.groups_by_id[group_id].requires_approval:
            self.asked.append((participant_id, group_id))
        if status == MembershipStatus.MEMBER:
            return Joined.AGAIN
        return Joined.FIRST if first else Joined.NEWLY

    async def persons(
        self, participant_id: UUID, statuses: Collection[PersonStatus]
    ) -> list[tuple[UUID, str, PersonStatus]]:
        theirs = [
            (person_id, name, status)
            for person_id, (name, status, guardians) in self.guarded.items()
            if participant_id in guardians and status in statuses
        ]
        return sorted(theirs, key=lambda p: p[1])

    async def awaiting_approval(self, participant_id: UUID, group_id: UUID) -> set[UUID]:
        return {
            person
            for group, person, guardian in self.unapproved
            if group == group_id and guardian in (None, participant_id)
        }

    async def rejected_in(self, participant_id: UUID, group_id: UUID) -> set[UUID]:
        return set()

    async def groups(self, telegram_user_id: int) -> list[GroupView]:
        participant = self.participants.get(telegram_user_id)
        groups = [
            self.groups_by_id[group_id]
            for (who, group_id), (status, _) in self.memberships.items()
            if participant is not None and who == participant.id
            if status == MembershipStatus.MEMBER
        ]
        return sorted((g for g in groups if g.is_active), key=lambda g: g.title)

    async def latest_group(self, participant_id: UUID) -> GroupView | None:
        theirs = [
            (verified, group_id)
            for (who, group_id), (status, verified) in self.memberships.items()
            if who == participant_id and status == MembershipStatus.MEMBER
        ]
        return self.groups_by_id[max(theirs)[1]] if theirs else None

    async def latest_consent(self, participant_id: UUID) -> tuple[ConsentKind, str] | None:
        theirs = [(kind, terms) for who, _, kind, terms in self.consents if who == participant_id]
        return theirs[-1] if theirs else None

    async def add_consent(
        self, participant_id: UUID, group_id: UUID | None, terms_version: str
    ) -> None:
        self.consents.append((participant_id, group_id, ConsentKind.AGREED, terms_version))
