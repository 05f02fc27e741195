"""The reconcile cron's store (``domain.jobs.reconcile.ReconcileStore``) on tortoise and
Postgres: what is unfinished, as plain ids, and the tidying of what is long done."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from tortoise.expressions import Q

from domain.infra.models import (
    Delivery,
    EnrollmentPhoto,
    FaceSyncRequest,
    Guardianship,
    Person,
    Photo,
    StaleCopy,
    Suggestion,
    UserRequest,
)
from domain.infra.queries import ids_of
from domain.infra.stores.corrections import clip_question_owed
from domain.states import (
    DeliveryStatus,
    EnrollmentPhotoStatus,
    PersonStatus,
    PhotoStatus,
    RequestKind,
    SuggestionStatus,
)

# A person resumed this recently has its held questions queued by the resume itself, once
# its guardians read "Resumed:" (findings16 11: queued here meanwhile, one came first).
RESUME_ASKS_ITSELF = timedelta(minutes=1)
# An enrollment photo sent, or checked again after "No, it's a different person", this
# recently has its own check queued with it, once what the bot says of it is recorded: only
# one pending longer may have lost its job. (Queued here at once, the check of a photo
# checked again could tell its verdict before "I'm checking the photo again…" was recorded:
# the verdict came as a new message, and "I'm checking…" stayed, never replaced.)
CHECK_QUEUED_ITSELF = timedelta(minutes=1)


class TortoiseReconcileStore:
    """``ReconcileStore``: the rows whose state says their work is unfinished."""

    async def photos_to_recognize(self) -> list[UUID]:
        return await ids_of(
            Photo.filter(
                status__in=(PhotoStatus.PENDING, PhotoStatus.PROCESSING),
                group__paused_at__isnull=True,  # a paused group's photos wait for resume
            )
        )

    async def deliveries_to_send(self) -> list[UUID]:
        return await ids_of(
            Delivery.filter(status=DeliveryStatus.PENDING, photo__group__paused_at__isnull=True)
        )

    async def enrollment_photos_to_check(self) -> list[UUID]:
        return await ids_of(
            EnrollmentPhoto.filter(
                status=EnrollmentPhotoStatus.PENDING,
                updated_at__lt=datetime.now(UTC) - CHECK_QUEUED_ITSELF,
            )
        )

    async def album_notes_owed(self) -> list[UUID]:
        return await ids_of(Delivery.filter(corrections_due=True))

    async def persons_to_index(self) -> list[UUID]:
        return await ids_of(Person.filter(status=PersonStatus.INDEXING))

    async def persons_to_delete(self) -> list[UUID]:
        # A person a /forget is deleting (its guardian's request still open) is that job's
        # to finish, and the job is queued again from its request when lost: deleted here
        # beside it, its guardian read "Alice ... deleted" besides the goodbye.
        forgetting = await UserRequest.filter(
            kind=RequestKind.FORGET_PARTICIPANT, done_at__isnull=True
        ).values_list("subject", flat=True)
        users = [int(s) for s in map(str, forgetting) if s.lstrip("-").isdigit()]
        theirs = await Guardianship.filter(participant__telegram_user_id__in=users).values_list(
            "person_id", flat=True
        )
        deleting = Person.filter(status=PersonStatus.DELETING)
        return await ids_of(deleting.exclude(id__in=list(theirs)) if theirs else deleting)

    async def questions_to_send(self) -> list[UUID]:
        # A paused person's questions wait for the resume, which queues them once its
        # guardians read "Resumed:" (here only once that may have been lost); a paused
        # group's wait for its resume (then this cron queues them).
        unsent = Suggestion.filter(
            Q(person__resumed_at__isnull=True)
            | Q(person__resumed_at__lt=datetime.now(UTC) - RESUME_ASKS_ITSELF),
            status=SuggestionStatus.PENDING,
            notified_at=None,
            person__status=PersonStatus.ACTIVE,
            face__photo__group__paused_at__isnull=True,
        )
        # A clip's question waiting for another about the same person is queued by the
        # answer to that one: here only once that job may have been lost.
        waiting = await unsent.filter(waiting=True).prefetch_related("face")
        return await ids_of(unsent.filter(waiting=False)) + [
            question.id for question in waiting if await clip_question_owed(question)
        ]

    async def faces_to_sync(self) -> set[UUID]:
        return {
            UUID(str(face_id))
            for face_id in await FaceSyncRequest.all().values_list("face_id", flat=True)
        }

    async def chats_owed_copies(self) -> list[int]:
        chats = await StaleCopy.all().distinct().values_list("chat_id", flat=True)
        return [int(str(chat_id)) for chat_id in chats]

    async def open_requests(self) -> list[tuple[RequestKind, str]]:
        rows = await UserRequest.filter(done_at=None).order_by("created_at")
        return list(dict.fromkeys((row.kind, row.subject) for row in rows))

    async def abandon_sends(self, started_before: datetime, error: str) -> int:
        return await Delivery.filter(
            status=DeliveryStatus.SENDING, updated_at__lt=started_before
        ).update(status=DeliveryStatus.FAILED, error=error)

    async def tidy_requests(self, done_before: datetime) -> int:
        return await UserRequest.filter(done_at__lt=done_before).delete()
