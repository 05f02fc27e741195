"""The approvals' store (``domain.moderation.approval_store``) on tortoise and Postgres: an
approval locked while it is decided, so two presses (or two organizers) decide it once, and
its recorded messages changed under the same lock."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.infra.models import (
    Approval,
    Face,
    Group,
    GroupBan,
    Guardianship,
    ModerationEvent,
    Participant,
)
from domain.infra.queries import ids_of
from domain.infra.stores.moderation_takedown import photo_group
from domain.moderation.approval_store import (
    ApprovalCase,
    Asker,
    Card,
    Decision,
)
from domain.moderation.takedown_store import PhotoGroup
from domain.states import ApprovalStatus, ModerationAction


def _asker(participant: Participant | None) -> Asker | None:
    if participant is None:
        return None
    return Asker(
        participant.id,
        participant.telegram_user_id,
        participant.first_name,
        participant.username,
        participant.language,
        participant.language_code,
    )


def _case(approval: Approval) -> ApprovalCase:
    """``approval`` with its group, person and participant fetched."""
    person = approval.person
    return ApprovalCase(
        id=approval.id,
        kind=approval.kind,
        status=approval.status,
        group=photo_group(approval.group),
        person_id=person.id,
        person_name=person.name,
        cover_face_id=person.cover_face_id,
        asker=_asker(approval.participant),
        reason=approval.reason or "",
        cards=tuple(approval.cards),
    )


async def _loaded(approval_id: UUID) -> ApprovalCase | None:
    approval = await Approval.get_or_none(id=approval_id).prefetch_related(
        "group", "person", "participant"
    )
    return None if approval is None else _case(approval)


class TortoiseApprovalStore:
    """``ApprovalStore``: ``Approval`` rows (their ``cards`` as JSON), with the audit's
    ``ModerationEvent`` rows of their decisions."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return in_transaction()

    async def approval(self, approval_id: UUID) -> ApprovalCase | None:
        return await _loaded(approval_id)

    async def lock(self, approval_id: UUID) -> ApprovalCase | None:
        locked = await Approval.select_for_update().get_or_none(id=approval_id)
        return None if locked is None else await _loaded(approval_id)

    async def record_decision(self, case: ApprovalCase, decision: Decision) -> None:
        rejected = decision.status == ApprovalStatus.REJECTED
        await Approval.filter(id=case.id).update(
            status=decision.status,
            reason=decision.reason if rejected else None,
            decided_by_user_id=decision.actor.user_id,
            decided_at=datetime.now(UTC),
        )
        await ModerationEvent.record(
            case.group.id,
            ModerationAction.REJECTED if rejected else ModerationAction.APPROVED,
            decision.actor,
            decision.subject,
            decision.details,
        )

    async def decider(self, case: ApprovalCase) -> str:
        events = await ModerationEvent.filter(
            group_id=case.group.id,
            action__in=[ModerationAction.APPROVED, ModerationAction.REJECTED],
        ).order_by("-created_at")
        for event in events:
            if event.details.get("approval") == str(case.id):
                return event.actor_name
        return ""

    async def change_cards(
        self, approval_id: UUID, change: Callable[[list[Card]], list[Card]]
    ) -> list[Card]:
        async with in_transaction():
            locked = await Approval.select_for_update().get_or_none(id=approval_id)
            if locked is None:
                return []
            recorded = list(locked.cards)
            await Approval.filter(id=approval_id).update(cards=change(list(recorded)))
        return recorded

    async def cover_key(self, face_id: UUID) -> str | None:
        face = await Face.get_or_none(id=face_id)
        return None if face is None else face.crop_key

    async def pending(self, group_id: UUID) -> list[UUID]:
        return await ids_of(
            Approval.filter(group_id=group_id, status=ApprovalStatus.PENDING).order_by("created_at")
        )

    async def pending_asked_by(self, user_id: int, since: datetime) -> list[UUID]:
        return await ids_of(
            Approval.filter(
                participant__telegram_user_id=user_id,
                status=ApprovalStatus.PENDING,
                created_at__gte=since,
            ).order_by("created_at")
        )

    async def of_group(self, group_id: UUID) -> list[UUID]:
        return await ids_of(Approval.filter(group_id=group_id))

    async def of_person(self, person_id: UUID) -> list[ApprovalCase]:
        approvals = await Approval.filter(person_id=person_id).prefetch_related(
            "group", "person", "participant"
        )
        return [_case(approval) for approval in approvals]

    async def still_guardian(self, person_id: UUID, participant_id: UUID) -> bool:
        return await Guardianship.exists(person_id=person_id, participant_id=participant_id)

    async def banned(self, group_id: UUID, user_id: int) -> bool:
        return await GroupBan.exists(group_id=group_id, telegram_user_id=user_id)

    async def group(self, group_id: UUID) -> PhotoGroup | None:
        group = await Group.get_or_none(id=group_id)
        return None if group is None else photo_group(group)
