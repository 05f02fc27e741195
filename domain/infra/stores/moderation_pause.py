"""Pausing a group's store (``domain.moderation.pause_store``) on tortoise and Postgres."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.infra.models import Delivery, Group, ModerationEvent, Photo
from domain.infra.queries import ids_of
from domain.moderation.audit import Actor
from domain.moderation.pause_store import WaitingPost
from domain.states import DeliveryStatus, MediaKind, ModerationAction, PhotoStatus

WAITING = (PhotoStatus.PENDING, PhotoStatus.PROCESSING)


class TortoisePauseStore:
    """``PauseStore``: ``Group.paused_at``, changed under the group's row lock."""

    async def pause(self, group_id: UUID, actor: Actor, *, undoes: UUID | None = None) -> bool:
        async with in_transaction():
            locked = await Group.select_for_update(no_key=True).get(id=group_id)
            if locked.paused_at is not None:
                return False
            locked.paused_at = datetime.now(UTC)
            await locked.save(update_fields=["paused_at", "updated_at"])
            details = {"undoes": str(undoes)} if undoes is not None else {}
            await ModerationEvent.record(locked.id, ModerationAction.PAUSED, actor, details=details)
        return True

    async def resume(
        self, group_id: UUID, actor: Actor, *, undoes: UUID | None = None
    ) -> datetime | None:
        async with in_transaction():
            locked = await Group.select_for_update(no_key=True).get(id=group_id)
            paused_at = locked.paused_at
            if paused_at is None:
                return None
            locked.paused_at = None
            await locked.save(update_fields=["paused_at", "updated_at"])
            await ModerationEvent.record(
                locked.id,
                ModerationAction.RESUMED,
                actor,
                details={
                    "paused_at": paused_at.isoformat(),
                    **({"undoes": str(undoes)} if undoes is not None else {}),
                },
            )
        return paused_at

    async def waiting_photos(self, group_id: UUID) -> list[WaitingPost]:
        rows = await Photo.filter(group_id=group_id, status__in=WAITING).values_list(
            "id", "media_kind"
        )
        return [WaitingPost(UUID(str(i)), MediaKind(kind).is_clip) for i, kind in rows]

    async def pending_deliveries(self, group_id: UUID) -> list[UUID]:
        return await ids_of(
            Delivery.filter(photo__group_id=group_id, status=DeliveryStatus.PENDING)
        )
