"""Recognition's stores (``domain.recognition.stores``) on tortoise and Postgres."""

from __future__ import annotations

from collections.abc import Collection
from contextlib import AbstractAsyncContextManager
from datetime import date, datetime
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.infra.models import (
    AssignmentEvent,
    Face,
    FaceSyncRequest,
    Person,
    Prototype,
    Suggestion,
)
from domain.infra.queries import face_days
from domain.infra.stores.requests import open_requests, requests_done
from domain.recognition import assignments, prototype_choice
from domain.recognition.stores import Chooser, FaceState, KnownFace
from domain.states import AssignmentOperation, PrototypeRole, SuggestionStatus


class TortoiseFaceSyncStore:
    """``FaceSyncStore``: a face's row, its prototype row, its outbox rows."""

    async def face(self, face_id: UUID) -> FaceState | None:
        face = await Face.get_or_none(id=face_id)
        if face is None:
            return None
        return FaceState(face.person_id, face.cluster_id)  # type: ignore[attr-defined]

    async def is_prototype(self, face_id: UUID) -> bool:
        return await Prototype.exists(face_id=face_id)

    async def drop_sync_requests(self, face_id: UUID, until: datetime) -> None:
        await FaceSyncRequest.filter(face_id=face_id, created_at__lte=until).delete()

    async def sync_requested(self, face_id: UUID) -> bool:
        return await FaceSyncRequest.exists(face_id=face_id)


class TortoisePrototypeStore:
    """``PrototypeStore``: asks are ``UserRequest`` rows of ``CHOOSE_PROTOTYPES``."""

    KIND = prototype_choice.KIND

    async def asked(self, person_id: UUID) -> list[UUID]:
        return await open_requests(self.KIND, person_id)

    async def mark_done(self, asks: list[UUID]) -> None:
        await requests_done(asks)

    async def chooser(self, person_id: UUID) -> Chooser | None:
        person = await Person.get_or_none(id=person_id)
        if person is None:
            return None
        return Chooser(person.status in assignments.GONE, person.birth_date)

    async def merged_into(self, person_id: UUID) -> list[UUID]:
        return await assignments.merged_into(person_id)

    async def prototypes(self, person_id: UUID) -> dict[UUID, bool]:
        return {
            UUID(str(face_id)): role != PrototypeRole.ACCEPTED
            for face_id, role in await Prototype.filter(
                person_id=person_id, face_id__isnull=False
            ).values_list("face_id", "role")
        }

    async def confirmed(self, person_ids: list[UUID]) -> set[UUID]:
        found = {
            UUID(str(face_id))
            for face_id in await Suggestion.filter(
                person_id__in=person_ids, status=SuggestionStatus.ACCEPTED
            ).values_list("face_id", flat=True)
        }
        by_guardians = AssignmentEvent.filter(
            to_person_id__in=person_ids,
            actor__startswith="participant:",
            undoes_id__isnull=True,
            undone_at__isnull=True,
        )
        for face_ids in await by_guardians.filter(operation=AssignmentOperation.MOVE).values_list(
            "face_ids", flat=True
        ):
            found.update(UUID(face_id) for face_id in face_ids)
        # Faces a parent confirmed by claiming a person an organizer named.
        for face_ids in await by_guardians.filter(
            operation=AssignmentOperation.ASSIGN, note=assignments.CLAIMED_NOTE
        ).values_list("face_ids", flat=True):
            found.update(UUID(face_id) for face_id in face_ids)
        return found

    async def faces(self, face_ids: Collection[UUID]) -> list[KnownFace]:
        return [
            KnownFace(
                UUID(str(face_id)),
                None if owner is None else UUID(str(owner)),
                source,
                float(quality),
            )
            for face_id, owner, source, quality in await Face.filter(
                id__in=list(face_ids)
            ).values_list("id", "person_id", "source", "quality")
        ]

    async def face_days(self, face_ids: Collection[UUID]) -> dict[UUID, date]:
        return await face_days(face_ids)

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return in_transaction()

    async def still_theirs(self, person_id: UUID, face_ids: Collection[UUID]) -> set[UUID]:
        return {
            UUID(str(face_id))
            for face_id in await Face.filter(
                id__in=list(face_ids), person_id=person_id
            ).values_list("id", flat=True)
        }

    async def swap(self, person_id: UUID, dropped: list[UUID], added: list[UUID]) -> None:
        if dropped:
            await Prototype.filter(person_id=person_id, face_id__in=dropped).delete()
        await Prototype.bulk_create(
            [
                Prototype(person_id=person_id, face_id=face_id, role=PrototypeRole.ACCEPTED)
                for face_id in added
            ],
            ignore_conflicts=True,
        )
        await assignments.request_sync([*dropped, *added])
