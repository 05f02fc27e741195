"""Recognition's stores (``domain.recognition.stores``) on tortoise and Postgres."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.infra.models import (
    AssignmentEvent,
    Delivery,
    Face,
    FaceRejection,
    FaceSyncRequest,
    Guardianship,
    Person,
    Photo,
    Prototype,
    Suggestion,
)
from domain.infra.queries import face_days, ids_of
from domain.infra.stores import assignments
from domain.infra.stores.requests import open_requests, requests_done
from domain.recognition import prototype_choice
from domain.recognition.assignments import CLAIMED_NOTE, GONE, SYSTEM
from domain.recognition.stores import (
    Chooser,
    FaceState,
    KnownFace,
    NewSuggestion,
    PhotoToRecognize,
    PostedPhoto,
    Receiver,
    RecognizedFace,
    TakenDown,
)
from domain.states import (
    AssignmentOperation,
    DeliveryMode,
    DeliveryStatus,
    FaceSource,
    PersonStatus,
    PhotoStatus,
    PrototypeRole,
    SuggestionStatus,
)


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
        return Chooser(person.status in GONE, person.birth_date)

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
            operation=AssignmentOperation.ASSIGN, note=CLAIMED_NOTE
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


class TortoiseRecognitionStore:
    """``RecognitionStore``: photos, faces, suggestions and deliveries; the locked
    read-modify-write of a photo's outcome is the caller's transaction with the photo's row
    locked (``select_for_update``), as two workers may recognize one photo at once."""

    async def photo(self, photo_id: UUID) -> PhotoToRecognize | None:
        photo = await Photo.get_or_none(id=photo_id).prefetch_related("group")
        if photo is None:
            return None
        group = photo.group
        return PhotoToRecognize(
            id=photo.id,
            status=photo.status,
            attempts=photo.attempts,
            file_id=photo.file_id,
            media_kind=photo.media_kind,
            preview_file_id=photo.preview_file_id,
            posted_at=photo.posted_at,
            posted_by_user_id=photo.posted_by_user_id,
            group_id=group.id,
            group_active=group.is_active,
            group_paused=group.paused_at is not None,
            strictness=group.strictness,
            delivery_mode=group.delivery_mode,
            duration_s=photo.duration_s,
        )

    async def start(self, photo_id: UUID, attempt: int) -> bool:
        started = await Photo.filter(id=photo_id, removed_at__isnull=True).update(
            status=PhotoStatus.PROCESSING, attempts=attempt
        )
        return bool(started)

    async def fail(self, photo_id: UUID, reason: str) -> bool:
        # A photo taken down meanwhile stays REMOVED; one failed already is not failed again
        # (its poster was told once).
        failed = await Photo.filter(
            id=photo_id,
            removed_at__isnull=True,
            status__in=(PhotoStatus.PENDING, PhotoStatus.PROCESSING),
        ).update(status=PhotoStatus.FAILED, error=reason[:255])
        return bool(failed)

    async def is_taken_down(self, photo_id: UUID) -> bool:
        return await Photo.exists(id=photo_id, removed_at__isnull=False)

    async def matchable(self, group_id: UUID, taken_on: date) -> list[UUID]:
        return list(await assignments.matchable_persons(group_id, taken_on))

    async def negative_examples(self, person_ids: Collection[UUID]) -> dict[UUID, list[UUID]]:
        rejected: dict[UUID, list[UUID]] = defaultdict(list)  # face -> persons
        by_cluster: dict[UUID, set[UUID]] = defaultdict(set)  # cluster -> persons
        for face_id, person_id, cluster_id in await FaceRejection.filter(
            person_id__in=list(person_ids)
        ).values_list("face_id", "person_id", "face__cluster_id"):
            rejected[face_id].append(person_id)
            if cluster_id is not None:
                by_cluster[cluster_id].add(person_id)
        if by_cluster:
            for face_id, cluster_id in await Face.filter(
                cluster_id__in=list(by_cluster), person_id=None
            ).values_list("id", "cluster_id"):
                for person_id in by_cluster[cluster_id]:
                    if person_id not in rejected[face_id]:
                        rejected[face_id].append(person_id)
        return rejected

    async def birth_dates(self, person_ids: Collection[UUID]) -> dict[UUID, date]:
        return {
            UUID(str(person_id)): born
            for person_id, born in await Person.filter(
                id__in=list(person_ids), birth_date__isnull=False
            ).values_list("id", "birth_date")
        }

    async def face_days(self, face_ids: Collection[UUID]) -> dict[UUID, date]:
        return await face_days(face_ids)

    async def guardianships(self, person_ids: Collection[UUID]) -> list[tuple[UUID, UUID]]:
        return [
            (UUID(str(participant_id)), UUID(str(person_id)))
            for participant_id, person_id in await Guardianship.filter(
                person_id__in=list(person_ids)
            ).values_list("participant_id", "person_id")
        ]

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return in_transaction()

    async def lock_unfinished(self, photo_id: UUID) -> bool:
        locked = await Photo.select_for_update().get(id=photo_id)
        return locked.status == PhotoStatus.PROCESSING and locked.removed_at is None

    async def add_faces(self, faces: Sequence[RecognizedFace]) -> None:
        rows = {
            face.id: Face(
                id=face.id,
                photo_id=face.photo_id,
                person_id=face.person_id,
                source=FaceSource.GROUP_PHOTO,
                bbox_x=face.bbox[0],
                bbox_y=face.bbox[1],
                bbox_w=face.bbox[2],
                bbox_h=face.bbox[3],
                landmarks=face.landmarks,
                det_score=face.det_score,
                quality=face.quality,
                crop_key=face.crop_key,
                seen_from_s=face.seen_from_s,
                seen_to_s=face.seen_to_s,
                shown_at_s=face.shown_at_s,
                matching_prototype_ids=face.matching_prototype_ids,
                prototype_scores=face.prototype_scores,
                prototype_match_count=face.prototype_match_count,
            )
            for face in faces
        }
        await Face.bulk_create(list(rows.values()), ignore_conflicts=True)
        await AssignmentEvent.bulk_create(
            [
                assignments.event(
                    AssignmentOperation.ASSIGN,
                    SYSTEM,
                    [rows[face.id]],
                    from_person=None,
                    to_person=face.person_id,
                    note=face.note or "",
                )
                for face in faces
                if face.person_id is not None
            ]
        )

    async def add_suggestions(self, suggestions: Sequence[NewSuggestion]) -> None:
        await Suggestion.bulk_create(
            [
                Suggestion(
                    id=each.id,
                    face_id=each.face_id,
                    person_id=each.person_id,
                    score=each.score,
                    pair_id=each.pair_id,
                )
                for each in suggestions
            ],
            ignore_conflicts=True,
        )

    async def statuses(self, person_ids: Collection[UUID]) -> dict[UUID, PersonStatus]:
        return {
            UUID(str(person_id)): PersonStatus(status)
            for person_id, status in await Person.filter(id__in=list(person_ids)).values_list(
                "id", "status"
            )
        }

    async def receiving_guardians(self, person_id: UUID, group_id: UUID) -> list[Receiver]:
        return [
            Receiver(guardian.id, guardian.telegram_user_id, guardian.receive_own_photos)
            for guardian in await assignments.receiving_guardians(person_id, group_id)
        ]

    async def plan_deliveries(
        self, photo_id: UUID, planned: Mapping[UUID, DeliveryStatus], due: DeliveryStatus
    ) -> None:
        await Delivery.bulk_create(
            [
                Delivery(photo_id=photo_id, participant_id=participant_id, status=status)
                for participant_id, status in planned.items()
            ],
            ignore_conflicts=True,
        )
        # Planned before (held): another of the guardian's persons in it is active now.
        await Delivery.filter(
            photo_id=photo_id,
            participant_id__in=[p for p, status in planned.items() if status == due],
            status=DeliveryStatus.HELD,
        ).update(status=due)

    async def finish(
        self, photo_id: UUID, width: int, height: int, duration_s: float | None = None
    ) -> None:
        # As the locked row's save did: its ``updated_at`` too (the reconcile cron reads it).
        # Recognized: kept for /stats, whatever becomes of its faces after.
        recognized = await Face.exists(photo_id=photo_id, person_id__isnull=False)
        await Photo.filter(id=photo_id).update(
            status=PhotoStatus.DONE,
            width=width,
            height=height,
            duration_s=duration_s,
            error=None,
            updated_at=datetime.now(UTC),
            **({"recognized": True} if recognized else {}),
        )

    async def pending_deliveries(self, photo_id: UUID) -> list[UUID]:
        return await ids_of(Delivery.filter(photo_id=photo_id, status=DeliveryStatus.PENDING))

    async def waiting_for_albums(self, photo_id: UUID) -> list[tuple[UUID, UUID]]:
        return [
            (UUID(str(participant_id)), UUID(str(group_id)))
            for participant_id, group_id in await Delivery.filter(
                photo_id=photo_id,
                status=DeliveryStatus.WAITING,
                photo__group__delivery_mode=DeliveryMode.ALBUM,
            ).values_list("participant_id", "photo__group_id")
        ]

    async def unasked_suggestions(self, photo_id: UUID) -> list[UUID]:
        return await ids_of(
            Suggestion.filter(
                face__photo_id=photo_id, status=SuggestionStatus.PENDING, notified_at=None
            )
        )


async def _share_album_caption(group_id: UUID, media_group_id: str) -> None:
    """Telegram carries an album's caption on one of its messages (the first, as phones send
    it): every photo of the album keeps it, so that a guardian's copy of the third photo
    shows what the teacher wrote too. Called after each photo's row is committed, so
    whichever of the album's photos is recorded last finds the captioned one."""
    album = Photo.filter(group_id=group_id, media_group_id=media_group_id)
    captioned = await album.filter(caption__isnull=False).order_by("message_id").first()
    if captioned is not None:
        await album.filter(caption__isnull=True).update(
            caption=captioned.caption, caption_entities=captioned.caption_entities
        )


class TortoisePhotoIntakeStore:
    """``PhotoIntakeStore``: the photo's row (unique by group and message id)."""

    async def taken_down(self, group_id: UUID, file_unique_id: str) -> TakenDown | None:
        photo = (
            await Photo.filter(
                group_id=group_id, file_unique_id=file_unique_id, removed_at__isnull=False
            )
            .order_by("removed_at")
            .first()
        )
        return None if photo is None else TakenDown(photo.id, photo.removed_by_user_id)

    async def add(
        self, group_id: UUID, posted: PostedPhoto, removed: TakenDown | None
    ) -> UUID | None:
        down: dict[str, Any] = (
            {
                "status": PhotoStatus.REMOVED,
                "removed_at": datetime.now(UTC),
                "removed_by_user_id": removed.removed_by_user_id,
            }
            if removed is not None
            else {}
        )
        try:
            photo = await Photo.create(
                group_id=group_id,
                message_id=posted.message_id,
                media_group_id=posted.media_group_id,
                file_id=posted.file_id,
                file_unique_id=posted.file_unique_id,
                media_kind=posted.media_kind,
                width=posted.width,
                height=posted.height,
                posted_by_user_id=posted.posted_by_user_id,
                posted_at=posted.posted_at,
                caption=posted.caption or None,
                caption_entities=posted.caption_entities or None,
                preview_file_id=posted.preview_file_id,
                duration_s=posted.duration_s,
                **down,
            )
        except IntegrityError:
            return None
        if posted.media_group_id is not None:
            await _share_album_caption(group_id, posted.media_group_id)
        return photo.id
