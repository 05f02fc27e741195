"""The corrections' stores (``domain.corrections.stores``) on tortoise and Postgres."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.corrections.stores import Asked, Sent, Unasked
from domain.infra.models import Face, FaceRejection, Suggestion, UserRequest
from domain.recognition.service import matchable_persons
from domain.states import FaceSource, RequestKind, SuggestionStatus

NEXT_FAMILY = RequestKind.ASK_NEXT_FAMILY


class TortoiseCorrectionStore:
    """The corrections' stores: ``Suggestion`` rows (the questions), the faces they are
    about and their crops."""

    # Crops

    async def crop_to_drop(self, face_id: UUID) -> str | None:
        if await Suggestion.exists(face_id=face_id, status=SuggestionStatus.PENDING):
            return None
        if await UserRequest.exists(kind=NEXT_FAMILY, subject=str(face_id), done_at=None):
            return None
        face = await Face.get_or_none(id=face_id, source=FaceSource.GROUP_PHOTO)
        return None if face is None else face.crop_key

    async def crop_dropped(self, face_id: UUID, crop_key: str) -> None:
        await Face.filter(id=face_id, crop_key=crop_key).update(crop_key=None)

    # Expiry

    async def unanswered(self, asked_before: datetime, limit: int) -> list[Asked]:
        due = (
            await Suggestion.filter(status=SuggestionStatus.PENDING, notified_at__lt=asked_before)
            .order_by("notified_at")
            .limit(limit)
        )
        return [
            Asked(suggestion.id, suggestion.face_id, _sent(suggestion.sent_to))  # type: ignore[attr-defined]
            for suggestion in due
        ]

    async def expire(self, suggestion_id: UUID, at: datetime) -> bool:
        return bool(
            await Suggestion.filter(id=suggestion_id, status=SuggestionStatus.PENDING).update(
                status=SuggestionStatus.EXPIRED, withdrawn_at=at
            )
        )

    # The next family

    async def question_count(self, face_id: UUID) -> int:
        return await Suggestion.filter(face_id=face_id).count()

    async def any_open(self, face_id: UUID) -> bool:
        return await Suggestion.exists(face_id=face_id, status=SuggestionStatus.PENDING)

    # The rows of ``domain.jobs.requests`` (``ask``, ``pending``, ``done``), which the
    # reconcile cron reads to queue them again.

    async def ask_next_family(self, face_id: UUID) -> None:
        await UserRequest.create(kind=NEXT_FAMILY, subject=str(face_id), requested_by=None)

    async def asked(self, face_id: UUID) -> list[UUID]:
        return [
            UUID(str(request_id))
            for request_id in await UserRequest.filter(
                kind=NEXT_FAMILY, subject=str(face_id), done_at=None
            )
            .order_by("created_at")
            .values_list("id", flat=True)
        ]

    async def mark_done(self, asks: list[UUID]) -> None:
        if asks:
            await UserRequest.filter(id__in=asks, done_at=None).update(
                done_at=datetime.now(UTC), requested_by=None
            )

    async def unasked(self, face_id: UUID) -> Unasked | None:
        face = await Face.get_or_none(id=face_id, source=FaceSource.GROUP_PHOTO).prefetch_related(
            "photo__group"
        )
        photo = face.photo if face is not None else None
        if face is None or photo is None or face.person_id is not None:  # type: ignore[attr-defined]
            return None
        if photo.removed_at is not None or not photo.group.is_active:
            return None
        return Unasked(photo.group.id, photo.posted_at.date(), photo.group.strictness)

    async def left_out(self, face_id: UUID) -> set[UUID]:
        photo_id = await Face.filter(id=face_id).values_list("photo_id", flat=True)
        return {
            UUID(str(person_id))
            for person_id in (
                *await Suggestion.filter(face_id=face_id).values_list("person_id", flat=True),
                *await FaceRejection.filter(face_id=face_id).values_list("person_id", flat=True),
                *await Face.filter(photo_id__in=photo_id, person_id__isnull=False).values_list(
                    "person_id", flat=True
                ),
            )
        }

    async def matchable(self, group_id: UUID, posted_on: date) -> list[UUID]:
        return list(await matchable_persons(group_id, posted_on))

    async def suggest(self, face_id: UUID, person_id: UUID, score: float) -> UUID | None:
        async with in_transaction():
            locked = await Face.select_for_update().get(id=face_id)
            if locked.person_id is not None:  # type: ignore[attr-defined]
                return None  # matched meanwhile (a guardian moved it to their child)
            suggestion, created = await Suggestion.get_or_create(
                face_id=face_id, person_id=person_id, defaults={"score": score}
            )
        return suggestion.id if created else None


def _sent(sent_to: list[list[int]] | None) -> Sent:
    return [(int(chat_id), int(message_id)) for chat_id, message_id in sent_to or []]
