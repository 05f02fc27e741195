"""Claiming a delivery for the one request that sends it: from then on a crash never
leads to a second send."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from tortoise.expressions import F, Subquery
from tortoise.transactions import in_transaction

from domain.infra.models import Delivery, Membership
from domain.states import DeliveryStatus, MembershipStatus, PersonStatus


async def claim(
    delivery_id: UUID, expected: DeliveryStatus, participant_id: UUID, group_id: UUID
) -> bool:
    """Claim one delivery for sending (``expected`` -> SENDING), on the claim's own
    conditions: still ``expected``, the photo not taken down, the group not paused, the
    participant still a member (not banned), one of their persons in the photo active.

    The delivery row is locked alone first (a plain ``FOR UPDATE`` whose WHERE Postgres
    re-checks on the newest row after a wait), then the conditions are read by a fresh
    statement (a fresh snapshot under READ COMMITTED): a ban, pause or takedown that
    committed while the claim waited holds, and two senders never both win."""
    async with in_transaction():
        # (A model query: tortoise drops FOR UPDATE from values_list queries.)
        locked = await Delivery.filter(id=delivery_id, status=expected).select_for_update().first()
        if locked is None:
            return False
        still = await Delivery.filter(
            id=delivery_id,
            status=expected,
            photo__removed_at__isnull=True,
            photo__group__paused_at__isnull=True,
            photo__faces__person__status=PersonStatus.ACTIVE,
            photo__faces__person__guardianships__participant_id=participant_id,
            participant_id__in=Subquery(
                Membership.filter(
                    participant_id=participant_id,
                    group_id=group_id,
                    status=MembershipStatus.MEMBER,
                ).values("participant_id")
            ),
        ).exists()
        if not still:
            return False
        await Delivery.filter(id=delivery_id).update(
            # updated_at is when the request began: reconcile gives up on it from there
            status=DeliveryStatus.SENDING,
            attempts=F("attempts") + 1,
            updated_at=datetime.now(UTC),
        )
        return True
