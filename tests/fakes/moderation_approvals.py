"""The approvals' store (``domain.moderation.approval_store``) in memory: plain dicts a test
fills and reads, with the same answers the tortoise store gives."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Collection, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from uuid import UUID, uuid4

from domain.moderation import approval_store as port
from domain.moderation.takedown_store import PhotoGroup
from domain.states import ApprovalKind, ApprovalStatus


@dataclass
class MemoryApprovalStore:
    """``ApprovalStore``: approvals (with when each was asked), the audit's decisions
    (approval, who, what it recorded), guardianships (person, participant), bans (group,
    Telegram user) and the crops of cover faces."""

    approvals: dict[UUID, port.ApprovalCase] = field(default_factory=dict)
    asked_at: dict[UUID, datetime] = field(default_factory=dict)
    decisions: list[tuple[UUID, port.Decision]] = field(default_factory=list)
    guardianships: set[tuple[UUID, UUID]] = field(default_factory=set)
    bans: set[tuple[UUID, int]] = field(default_factory=set)
    covers: dict[UUID, str] = field(default_factory=dict)
    # A person's guardians besides the one asking, each with whether they are in its group.
    other_guardians_of: dict[UUID, list[tuple[port.Asker, bool]]] = field(default_factory=dict)
    # The groups each participant is a member of.
    member_of: dict[UUID, set[UUID]] = field(default_factory=dict)

    def ask(
        self,
        group: PhotoGroup,
        asker: port.Asker | None,
        name: str = "Alice",
        kind: ApprovalKind = ApprovalKind.PERSON,
    ) -> port.ApprovalCase:
        """A pending approval of a new person (``asker`` their guardian) in ``group``."""
        case = port.ApprovalCase(
            uuid4(), kind, ApprovalStatus.PENDING, group, uuid4(), name, None, asker
        )
        self.approvals[case.id] = case
        self.asked_at[case.id] = datetime.now(UTC)
        if asker is not None:
            self.guardianships.add((case.person_id, asker.id))
        return case

    def transaction(self) -> AbstractAsyncContextManager[object]:
        @asynccontextmanager
        async def at_once() -> AsyncIterator[object]:
            yield self

        return at_once()

    async def approval(self, approval_id: UUID) -> port.ApprovalCase | None:
        return self.approvals.get(approval_id)

    async def lock(self, approval_id: UUID) -> port.ApprovalCase | None:
        return self.approvals.get(approval_id)

    async def record_decision(self, case: port.ApprovalCase, decision: port.Decision) -> None:
        reason = decision.reason if decision.status == ApprovalStatus.REJECTED else ""
        self.approvals[case.id] = replace(
            self.approvals[case.id], status=decision.status, reason=reason
        )
        self.decisions.append((case.id, decision))

    async def decider(self, case: port.ApprovalCase) -> str:
        names = [d.actor.name for approval_id, d in self.decisions if approval_id == case.id]
        return names[-1] if names else ""

    async def change_cards(
        self, approval_id: UUID, change: Callable[[list[port.Card]], list[port.Card]]
    ) -> list[port.Card]:
        case = self.approvals.get(approval_id)
        if case is None:
            return []
        self.approvals[approval_id] = replace(case, cards=tuple(change(list(case.cards))))
        return list(case.cards)

    async def named_with(self, person_ids: Collection[UUID]) -> list[UUID]:
        return list(person_ids)

    async def of_merge(self, event_id: UUID) -> list[UUID]:
        return []

    async def told_waiting(self, approval_id: UUID, told: tuple[int, int] | None) -> None:
        case = self.approvals.get(approval_id)
        if case is not None:
            self.approvals[approval_id] = replace(case, waiting_told=told)

    async def told_inside(self, approval_id: UUID, told: Sequence[tuple[int, int, str]]) -> None:
        case = self.approvals.get(approval_id)
        if case is not None:
            self.approvals[approval_id] = replace(case, waiting_inside=tuple(told))

    async def told_approved(self, approval_id: UUID, told: tuple[int, int, bool] | None) -> None:
        case = self.approvals.get(approval_id)
        if case is not None:
            self.approvals[approval_id] = replace(case, approved_told=told)

    async def told_approved_others(
        self, approval_id: UUID, told: Sequence[tuple[int, int, bool]]
    ) -> None:
        case = self.approvals.get(approval_id)
        if case is not None:
            self.approvals[approval_id] = replace(case, approved_told_others=tuple(told))

    async def told_rejected(self, approval_id: UUID, told: tuple[int, int] | None) -> None:
        case = self.approvals.get(approval_id)
        if case is not None:
            self.approvals[approval_id] = replace(case, rejected_told=told)

    async def told_approval_off(self, approval_id: UUID, told: tuple[int, int] | None) -> None:
        case = self.approvals.get(approval_id)
        if case is not None:
            self.approvals[approval_id] = replace(case, approval_off_told=told)

    async def claims_into(self, person_ids: Collection[UUID]) -> list[port.ApprovalCase]:
        return []

    async def told_claimed(self, approval_id: UUID, told: port.ClaimTold) -> None:
        case = self.approvals.get(approval_id)
        if case is not None:
            self.approvals[approval_id] = replace(case, claim_told=told)

    async def cover_key(self, face_id: UUID) -> str | None:
        return self.covers.get(face_id)

    async def pending(self, group_id: UUID) -> list[UUID]:
        return sorted(
            (
                c.id
                for c in self.approvals.values()
                if c.group.id == group_id and c.status == ApprovalStatus.PENDING
            ),
            key=self.asked_at.__getitem__,
        )

    async def pending_asked_by(self, user_id: int, since: datetime) -> list[UUID]:
        return sorted(
            (
                c.id
                for c in self.approvals.values()
                if c.asker is not None
                and c.asker.telegram_user_id == user_id
                and c.status == ApprovalStatus.PENDING
                and self.asked_at[c.id] >= since
            ),
            key=self.asked_at.__getitem__,
        )

    async def of_group(self, group_id: UUID) -> list[UUID]:
        return [c.id for c in self.approvals.values() if c.group.id == group_id]

    async def decided_by(self, user_id: int) -> list[UUID]:
        return list(
            dict.fromkeys(
                approval_id for approval_id, d in self.decisions if d.actor.user_id == user_id
            )
        )

    async def of_person(self, person_id: UUID) -> list[port.ApprovalCase]:
        return [c for c in self.approvals.values() if c.person_id == person_id]

    async def still_guardian(self, person_id: UUID, participant_id: UUID) -> bool:
        return (person_id, participant_id) in self.guardianships

    async def person_blocked_in(self, group_id: UUID, person_id: UUID) -> bool:
        return False

    async def forget(self, approval_ids: Collection[UUID]) -> None:
        for approval_id in approval_ids:
            self.approvals.pop(approval_id, None)

    async def banned(self, group_id: UUID, user_id: int) -> bool:
        return (group_id, user_id) in self.bans

    async def in_another_group(self, participant_id: UUID, group_id: UUID) -> bool:
        return bool(self.member_of.get(participant_id, set()) - {group_id})

    async def guardian_blocked_in(
        self, group_id: UUID, person_id: UUID, participant_id: UUID
    ) -> bool:
        return False

    async def in_group(self, participant_id: UUID, group_id: UUID) -> bool:
        return group_id in self.member_of.get(participant_id, set())

    async def other_guardians(
        self, person_id: UUID, besides: UUID, group_id: UUID
    ) -> list[tuple[port.Asker, bool]]:
        return [g for g in self.other_guardians_of.get(person_id, []) if g[0].id != besides]

    async def group(self, group_id: UUID) -> PhotoGroup | None:
        groups = {c.group.id: c.group for c in self.approvals.values()}
        return groups.get(group_id)
