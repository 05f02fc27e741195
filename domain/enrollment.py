"""Enrolling a person: a name, then 3-10 photos of their face, checked one by one.

The bot side (``Enrollment``) records what the guardian sends and queues the
work; the worker side (``EnrollmentWork``) looks at each photo, keeps only the
face's embedding (never the photo), and turns the accepted faces into the
person's prototypes.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from tortoise.transactions import in_transaction

from domain import jobs as job_names
from domain import texts
from domain.assignments import queue_syncs, request_sync
from domain.blobs import BlobStore
from domain.enrollment_rules import MAX_PHOTOS, MIN_PHOTOS, PhotoVerdict, check_name, judge
from domain.errors import ImageError
from domain.face_index import FaceFilter, FaceIndex, IndexedFace
from domain.faces import FaceEngine
from domain.infra.models import (
    EnrollmentPhoto,
    Face,
    Guardianship,
    Membership,
    Participant,
    Person,
    Prototype,
)
from domain.infra.queries import ids_of
from domain.jobs import JobQueue, enqueue_for
from domain.onboarding import Onboarding, TelegramUser
from domain.retry import TryAgainLater
from domain.states import (
    EnrollmentPhotoStatus,
    FaceSource,
    GuardianRole,
    MembershipStatus,
    PersonStatus,
    PrototypeRole,
)
from domain.telegram import ChatUnavailable, Messenger, RecipientUnreachable, TelegramUnavailable

log = logging.getLogger(__name__)
FACE_IDS = uuid.UUID("6f0e3c52-5b8f-4a51-9b0e-2d1c1f8a9e10")
# Photos can be added to a person being enrolled and to an enrolled one.
ADDABLE = (
    PersonStatus.ENROLLING,
    PersonStatus.ACTIVE,
    PersonStatus.PAUSED,
    PersonStatus.PENDING_APPROVAL,
)


class Refusal(StrEnum):
    NEEDS_GROUP = "needs_group"
    NEEDS_CONSENT = "needs_consent"


class FinishOutcome(StrEnum):
    TOO_FEW = "too_few"
    STILL_CHECKING = "still_checking"
    FINISHING = "finishing"
    GONE = "gone"


@dataclass(frozen=True, slots=True)
class Finish:
    outcome: FinishOutcome
    accepted: int = 0
    name: str = ""


def person_blob_prefix(person_id: UUID) -> str:
    return f"persons/{person_id}/"


class Enrollment:
    """The guardian's side of enrolling, run by the bot."""

    def __init__(self, jobs: JobQueue, onboarding: Onboarding, blobs: BlobStore) -> None:
        self._jobs = jobs
        self._onboarding = onboarding
        self._blobs = blobs

    async def refusal(self, user_id: int) -> Refusal | None:
        """Why this user cannot enroll anyone yet, or None when they can."""
        participant = await Participant.get_or_none(telegram_user_id=user_id)
        if participant is None or not await Membership.exists(
            participant=participant, status=MembershipStatus.MEMBER, group__is_active=True
        ):
            return Refusal.NEEDS_GROUP
        if not await self._onboarding.has_consented(participant):
            return Refusal.NEEDS_CONSENT
        return None

    async def start(self, user: TelegramUser, name: str) -> UUID:
        """A new person being enrolled; it replaces the participant's unfinished one.

        The participant's row is locked for the transaction, so that many ``/add`` at once
        leave exactly one draft (the last), never orphans."""
        if check_name(name).name != name:
            raise ValueError("a person's name must be checked with check_name first")
        participant = await self._onboarding.register(user)
        async with in_transaction():
            await Participant.select_for_update().get(id=participant.id)
            drafts = await Person.filter(
                status=PersonStatus.ENROLLING,
                guardianships__participant_id=participant.id,
                guardianships__role=GuardianRole.OWNER,
            )
            discarded = [(draft.id, await self._discard_new(draft)) for draft in drafts]
            person = await Person.create(name=name, status=PersonStatus.ENROLLING)
            await Guardianship.create(
                person=person, participant=participant, role=GuardianRole.OWNER
            )
        for draft_id, face_ids in discarded:
            await self._after_discard(draft_id, face_ids)
        log.info("enrollment of person %s started by participant %s", person.id, participant.id)
        return person.id

    @staticmethod
    async def _discard_new(person: Person) -> list[UUID]:
        """Delete a person still being enrolled (inside a transaction); its face ids."""
        face_ids = await ids_of(Face.filter(person=person, source=FaceSource.ENROLLMENT))
        await Face.filter(id__in=face_ids).delete()
        await person.delete()
        await request_sync(face_ids)
        return face_ids

    async def _after_discard(self, person_id: UUID, face_ids: list[UUID]) -> None:
        await queue_syncs(self._jobs, face_ids)
        await self._blobs.delete_prefix(person_blob_prefix(person_id))
        log.info("unfinished enrollment of person %s discarded", person_id)

    async def is_current(self, person_id: UUID, user_id: int) -> bool:
        """Whether this enrollment session is still the user's (a later /add replaces it)."""
        return await self._draft(person_id, user_id) is not None

    async def current_draft(self, user_id: int) -> UUID | None:
        """The person this user is enrolling now, if any."""
        draft = (
            await Person.filter(
                status=PersonStatus.ENROLLING,
                guardianships__participant__telegram_user_id=user_id,
                guardianships__role=GuardianRole.OWNER,
            )
            .order_by("-created_at")
            .first()
        )
        return draft.id if draft else None

    async def _draft(self, person_id: UUID, user_id: int) -> Person | None:
        """The person photos are being added to, if this user is one of its guardians."""
        return await Person.get_or_none(
            id=person_id,
            status__in=ADDABLE,
            guardianships__participant__telegram_user_id=user_id,
        )

    async def add_more(self, person_id: UUID, user_id: int) -> str | None:
        """Start adding photos to an existing person; returns its name (None: not allowed)."""
        person = await self._draft(person_id, user_id)
        return person.name if person else None

    async def add_photo(self, person_id: UUID, user_id: int, chat_id: int, file_id: str) -> bool:
        """Queue one photo for checking; False when this session already has enough."""
        person = await self._draft(person_id, user_id)
        if person is None:
            return False
        accepted = await EnrollmentPhoto.filter(
            person=person, status=EnrollmentPhotoStatus.ACCEPTED
        ).count()
        if accepted >= MAX_PHOTOS:
            return False
        photo = await EnrollmentPhoto.create(person=person, chat_id=chat_id, file_id=file_id)
        await enqueue_for(self._jobs, job_names.CHECK_ENROLLMENT_PHOTO, photo.id)
        return True

    async def finish(self, person_id: UUID, user_id: int) -> Finish:
        """``/done``: a new person needs 3 accepted photos, an enrolled one at least 1 more."""
        person = await self._draft(person_id, user_id)
        if person is None:
            return Finish(FinishOutcome.GONE)
        counts = {
            status: await EnrollmentPhoto.filter(person=person, status=status).count()
            for status in (EnrollmentPhotoStatus.ACCEPTED, EnrollmentPhotoStatus.PENDING)
        }
        accepted, pending = (
            counts[EnrollmentPhotoStatus.ACCEPTED],
            counts[EnrollmentPhotoStatus.PENDING],
        )
        needed = MIN_PHOTOS if person.status == PersonStatus.ENROLLING else 1
        if accepted < needed:
            if pending:
                return Finish(FinishOutcome.STILL_CHECKING, accepted, person.name)
            return Finish(FinishOutcome.TOO_FEW, accepted, person.name)
        if person.status == PersonStatus.ENROLLING:
            person.status = PersonStatus.INDEXING
            await person.save(update_fields=["status", "updated_at"])
        await enqueue_for(self._jobs, job_names.INDEX_PERSON, person.id)
        return Finish(FinishOutcome.FINISHING, accepted, person.name)

    async def cancel(self, person_id: UUID, user_id: int, *, new_person: bool) -> bool:
        """Forget what this session sent: the whole person when it was new, else only the
        photos not indexed yet."""
        person = await self._draft(person_id, user_id)
        if person is None:
            return False
        async with in_transaction():
            if new_person and person.status == PersonStatus.ENROLLING:
                face_ids = await ids_of(Face.filter(person=person, source=FaceSource.ENROLLMENT))
                await Face.filter(id__in=face_ids).delete()
                await person.delete()
            else:
                face_ids = await ids_of(Face.filter(enrollment_photos__person=person))
                await Face.filter(id__in=face_ids, prototypes__isnull=True).delete()
                await EnrollmentPhoto.filter(person=person).delete()
            await request_sync(face_ids)
        await queue_syncs(self._jobs, face_ids)
        if new_person:
            await self._blobs.delete_prefix(person_blob_prefix(person_id))
        else:
            for face_id in face_ids:
                await self._blobs.delete(f"{person_blob_prefix(person_id)}faces/{face_id}.jpg")
        log.info("enrollment session of person %s cancelled", person_id)
        return True


class EnrollmentWork:
    """The worker's side: check each photo, then index the person."""

    def __init__(
        self, engine: FaceEngine, index: FaceIndex, messenger: Messenger, blobs: BlobStore
    ) -> None:
        self._engine = engine
        self._index = index
        self._messenger = messenger
        self._blobs = blobs

    async def check_photo(self, enrollment_photo_id: UUID) -> None:
        submitted = await EnrollmentPhoto.get_or_none(id=enrollment_photo_id).prefetch_related(
            "person"
        )
        if submitted is None or submitted.status != EnrollmentPhotoStatus.PENDING:
            return
        person = submitted.person
        try:
            data = await self._messenger.download(submitted.file_id)
            found = await self._engine.analyze(data, crops=True)
            verdict, face = judge(found.faces)
        except ImageError as error:
            log.info("enrollment photo %s unreadable: %s", submitted.id, error)
            verdict, face = PhotoVerdict.UNREADABLE, None
        except ChatUnavailable as error:
            log.info("enrollment photo %s cannot be fetched: %s", submitted.id, error)
            verdict, face = PhotoVerdict.UNREADABLE, None
        except TelegramUnavailable as error:
            raise TryAgainLater(error.retry_after or 5) from None

        face_id = uuid.uuid5(FACE_IDS, str(submitted.id))
        async with in_transaction():
            locked = await EnrollmentPhoto.select_for_update().get_or_none(id=submitted.id)
            if locked is None or locked.status != EnrollmentPhotoStatus.PENDING:
                return  # cancelled, or another run got here first
            if not await Person.exists(id=person.id, status__in=ADDABLE):
                await locked.delete()  # the person is being deleted
                return
            accepted = await EnrollmentPhoto.filter(
                person_id=person.id, status=EnrollmentPhotoStatus.ACCEPTED
            ).count()
            if verdict == PhotoVerdict.ACCEPTED and accepted >= MAX_PHOTOS:
                verdict, face = PhotoVerdict.ENOUGH_ALREADY, None
            if face is not None:
                x1, y1, x2, y2 = face.bbox
                await Face.create(
                    id=face_id,
                    photo=None,
                    person_id=person.id,
                    source=FaceSource.ENROLLMENT,
                    bbox_x=round(x1),
                    bbox_y=round(y1),
                    bbox_w=round(x2 - x1),
                    bbox_h=round(y2 - y1),
                    landmarks=[list(p) for p in face.landmarks],
                    det_score=face.det_score,
                    quality=face.quality.score,
                    crop_key=f"{person_blob_prefix(person.id)}faces/{face_id}.jpg",
                )
                locked.face_id = face_id
                accepted += 1
            locked.status = (
                EnrollmentPhotoStatus.ACCEPTED if face else EnrollmentPhotoStatus.REJECTED
            )
            locked.verdict = verdict.value
            await locked.save()

        if face is not None:
            await self._index.upsert(
                [IndexedFace(face_id=face_id, embedding=face.embedding, person_id=person.id)]
            )
            if face.crop:
                await self._blobs.put(
                    f"{person_blob_prefix(person.id)}faces/{face_id}.jpg",
                    face.crop,
                    content_type="image/jpeg",
                )
            if not await Face.exists(id=face_id):
                # Cancelled while we wrote: take back what we just stored.
                await self._index.delete(FaceFilter(face_ids=[face_id]))
                await self._blobs.delete_prefix(person_blob_prefix(person.id))
                return
        try:
            await self._messenger.send_text(
                submitted.chat_id, texts.photo_verdict(verdict, accepted)
            )
        except (RecipientUnreachable, ChatUnavailable):
            log.info("could not tell %s about enrollment photo %s", submitted.chat_id, submitted.id)

    async def index_person(self, person_id: UUID) -> None:
        """Turn this session's accepted faces into prototypes and tell the guardians."""
        person = await Person.get_or_none(id=person_id)
        if person is None or person.status not in (PersonStatus.INDEXING, *ADDABLE):
            return
        first_time = person.status == PersonStatus.INDEXING
        faces = await Face.filter(
            enrollment_photos__person=person,
            enrollment_photos__status=EnrollmentPhotoStatus.ACCEPTED,
        ).order_by("-quality")
        face_ids = [face.id for face in faces]
        await self._index.set_person(face_ids, person.id)
        await self._index.set_prototype(face_ids, True)
        guardians = await Participant.filter(guardianships__person=person)
        memberships = await Membership.filter(
            participant_id__in=[g.id for g in guardians],
            status=MembershipStatus.MEMBER,
            group__is_active=True,
        ).prefetch_related("group")
        groups = {m.group.id: m.group for m in memberships}
        async with in_transaction():
            for face in faces:
                await Prototype.get_or_create(
                    person=person, face=face, defaults={"role": PrototypeRole.ENROLLMENT}
                )
            # The session is over: what was sent is now only measurements.
            await EnrollmentPhoto.filter(person=person).delete()
            if first_time:
                needs_approval = any(group.requires_approval for group in groups.values())
                person.status = (
                    PersonStatus.PENDING_APPROVAL if needs_approval else PersonStatus.ACTIVE
                )
            if person.cover_face_id is None and face_ids:
                person.cover_face_id = face_ids[0]
            await person.save(update_fields=["status", "cover_face_id", "updated_at"])
        log.info("person %s indexed with %d new prototypes", person.id, len(face_ids))
        if not first_time:
            message = texts.photos_added(person.name, len(face_ids))
        elif person.status == PersonStatus.ACTIVE:
            message = texts.enrollment_ready(person.name, sorted(g.title for g in groups.values()))
        else:
            message = texts.enrollment_awaiting_approval(person.name)
        for guardian in guardians:
            try:
                await self._messenger.send_text(guardian.telegram_user_id, message)
            except (RecipientUnreachable, ChatUnavailable):
                log.info("could not tell participant %s about person %s", guardian.id, person.id)
