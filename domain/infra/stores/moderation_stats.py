"""``/stats``' store (``domain.moderation.stats_store``) on tortoise and Postgres."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.infra.models import Delivery, Group, Guardianship, Membership, Photo, Suggestion
from domain.infra.stores import assignments, sent_counts
from domain.moderation.stats_store import Guarded, PostedPhoto
from domain.states import (
    DeliveryStatus,
    MediaKind,
    MembershipStatus,
    PersonStatus,
    PhotoStatus,
    SuggestionStatus,
)


class TortoiseStatsStore:
    """``StatsStore``: counts and times of one group, read without locks."""

    async def group_settings(self, group_id: UUID) -> Mapping[str, Any] | None:
        group = await Group.get_or_none(id=group_id).only("id", "settings")
        return None if group is None else group.settings

    async def members(self, group_id: UUID) -> frozenset[UUID]:
        ids = await Membership.filter(
            group_id=group_id, status=MembershipStatus.MEMBER
        ).values_list("participant_id", flat=True)
        return frozenset(UUID(str(i)) for i in ids)

    async def guarded(self, participant_ids: Collection[UUID]) -> list[Guarded]:
        if not participant_ids:
            return []
        rows = await Guardianship.filter(participant_id__in=list(participant_ids)).values_list(
            "participant_id", "person_id", "person__status"
        )
        return [
            Guarded(UUID(str(guardian)), UUID(str(person)), PersonStatus(status))
            for guardian, person, status in rows
        ]

    async def blocked_persons(self, group_id: UUID) -> frozenset[UUID]:
        return frozenset(await assignments.blocked_persons(group_id))

    async def photos_since(self, group_id: UUID, since: datetime) -> list[PostedPhoto]:
        posted = Photo.filter(group_id=group_id, posted_at__gte=since).exclude(
            status=PhotoStatus.REMOVED
        )
        rows = await posted.values_list(
            "id", "posted_at", "status", "media_kind", "preview_file_id", "recognized"
        )
        # Recognized when it was read (or later, as a copy was sent): kept on the photo,
        # so an erasure of the faces and copies (a /forget, "Forget faces", retention) does
        # not lower the rate; or a face someone's now (a question answered since).
        recognized = set(
            await posted.filter(faces__person_id__isnull=False)
            .distinct()
            .values_list("id", flat=True)
        )
        return [
            PostedPhoto(
                posted_at,
                PhotoStatus(status),
                flagged or photo_id in recognized,
                clip=MediaKind(kind).is_clip,
                thumbnail_only=MediaKind(kind).is_clip and preview is not None,
            )
            for photo_id, posted_at, status, kind, preview, flagged in rows
        ]

    async def sent_since(self, group_id: UUID, since: datetime) -> list[tuple[datetime, int]]:
        return await sent_counts.sent_since(group_id, since)

    async def failed_deliveries_since(self, group_id: UUID, since: datetime) -> int:
        return await Delivery.filter(
            photo__group_id=group_id, status=DeliveryStatus.FAILED, updated_at__gte=since
        ).count()

    async def pending_questions(self, group_id: UUID) -> int:
        answerable = await Guardianship.filter(
            participant_id__in=list(await self.members(group_id))
        ).values_list("person_id", flat=True)
        # One question per face: a sibling pair's "Is this Alice or Ally?" is a suggestion
        # per child (findings24 3).
        faces = await (
            Suggestion.filter(
                face__photo__group_id=group_id,
                status=SuggestionStatus.PENDING,
                person_id__in=list(answerable),
            )
            .distinct()
            .values_list("face_id", flat=True)
        )
        return len(set(faces))
