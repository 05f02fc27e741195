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
    return bool(await claim_all([delivery_id], expected, participant_id, group_id))


async def claim_all(
    delivery_ids: list[UUID], expected: DeliveryStatus, participant_id: UUID, group_id: UUID
) -> set[UUID]:
    """Claim each of one guardian's deliveries from one group as ``claim`` does, in one
    transaction of three statements whatever their number (an album's claims, right
    before its request); the ids claimed. Rows are locked in id order, as every caller
    locks them, so two claimers never wait on each other in a circle."""
    async with in_transaction():
        # (A model query: tortoise drops FOR UPDATE from values_list queries.)
        locked = (
            await Delivery.filter(id__in=delivery_ids, status=expected)
            .order_by("id")
            .select_for_update()
        )
        if not locked:
            return set()
        still = set(
            await Delivery.filter(
                id__in=[d.id for d in locked],
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
            )
            .distinct()
            .values_list("id", flat=True)
        )
        if still:
            await Delivery.filter(id__in=list(still)).update(
                # updated_at is when the request began: reconcile gives up on it from there
                status=DeliveryStatus.SENDING,
                attempts=F("attempts") + 1,
                updated_at=datetime.now(UTC),
            )
        return still  # type: ignore[return-value]
