"""Enrollment's store (``domain.enrollment.stores``) on tortoise and Postgres: persons being
enrolled, their session photos (``EnrollmentPhoto``) and enrollment faces; and how a
photo's verdict is written in its row (``Said``: a mark and a short id, ``_VERDICT``)."""

from __future__ import annotations

from collections.abc import Collection
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from uuid import UUID

from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from domain.enrollment.rules import PhotoVerdict
from domain.enrollment.service import ENROLLED
from domain.enrollment.stores import (
    Enrolled,
    Guardian,
    LookAlikes,
    Mark,
    Said,
    SessionFace,
    SessionPhoto,
    Waiting,
)
from domain.infra.models import (
    Approval,
    EnrollmentPhoto,
    Face,
    Group,
    Guardianship,
    Membership,
    Participant,
    Person,
    Prototype,
)
from domain.infra.stores import moderation_approvals as approvals
from domain.infra.stores.assignments import request_sync
from domain.infra.stores.requests import ask_request, open_requests, requests_done
from domain.infra.telegram.callbacks import expand, short
from domain.recognition.faces import DetectedFace
from domain.states import (
    EnrollmentPhotoStatus,
    FaceSource,
    GuardianRole,
    MediaKind,
    MembershipStatus,
    PersonStatus,
    PrototypeRole,
    RequestKind,
)

# In the ``verdict`` column: a mark, then the other person's short id ("like:<id>")...
_MARKED = {Mark.NOT_PERSON: "not:", Mark.LOOKS_LIKE: "like:", Mark.ADDED_FROM: "from:"}
# ... and, after any verdict, that the accepted face is unlike the person's others.
_UNLIKE = "~u"


def _written(said: Said) -> str | None:
    """``Said`` as the ``verdict`` column holds it."""
    if said.mark is not None and said.about is not None:
        text = f"{_MARKED[said.mark]}{short(said.about)}"
    else:
        text = said.verdict
    if said.unlike:
        text += _UNLIKE
    return text or None


def _read(verdict: str | None) -> Said:
    """The ``verdict`` column as ``Said``."""
    text = verdict or ""
    unlike = text.endswith(_UNLIKE)
    text = text.removesuffix(_UNLIKE)
    for mark, prefix in _MARKED.items():
        if text.startswith(prefix):
            return Said(mark=mark, about=expand(text.removeprefix(prefix)), unlike=unlike)
    return Said(text, unlike=unlike)


def _session_photo(row: EnrollmentPhoto) -> SessionPhoto:
    return SessionPhoto(
        id=row.id,
        person_id=row.person_id,  # type: ignore[attr-defined]
        chat_id=row.chat_id,
        file_id=row.file_id,
        status=row.status,
        said=_read(row.verdict),
        created_at=row.created_at,
        updated_at=row.updated_at,
        message_id=row.message_id,
        sent_at=row.sent_at,
        reply_id=row.reply_id,
        checking_id=row.checking_id,
        face_id=row.face_id,  # type: ignore[attr-defined]
        media_kind=row.media_kind,
        clip_id=row.clip_id,
        at_s=row.at_s,
    )


def _enrolled(person: Person) -> Enrolled:
    return Enrolled(
        person.id,
        person.name,
        person.status,
        person.birth_date,
        person.cover_face_id,
    )


async def _faces(query: QuerySet[Face]) -> list[SessionFace]:
    rows = await query.distinct().values_list("id", "crop_key")
    return [SessionFace(UUID(str(face_id)), crop_key) for face_id, crop_key in rows]


async def _waiting(asked: list[Approval]) -> list[Waiting]:
    """The approvals asked, as the enrollment tells its guardians of them."""
    admin_chats = {a.group.admin_chat_id for a in asked if a.group.admin_chat_id is not None}
    titles = (
        dict(await Group.filter(chat_id__in=list(admin_chats)).values_list("chat_id", "title"))
        if admin_chats
        else {}
    )
    return [
        Waiting(
            approval.id,
            approval.participant_id,  # type: ignore[attr-defined]
            approval.group.title,
            approval.group.admin_chat_id is not None,
            approval.group.chat_id,
            str(titles.get(approval.group.admin_chat_id) or ""),
        )
        for approval in asked
    ]


class TortoiseEnrollmentStore:
    """``EnrollmentStore``: ``lock_*`` are ``SELECT ... FOR UPDATE`` in the transaction of
    ``transaction()`` (tortoise's ``in_transaction``)."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return in_transaction()

    async def in_a_group(self, user_id: int) -> bool:
        return await Membership.exists(
            participant__telegram_user_id=user_id,
            status=MembershipStatus.MEMBER,
            group__is_active=True,
        )

    async def lock_participant(self, participant_id: UUID) -> None:
        await Participant.select_for_update().get(id=participant_id)

    async def lock_faces_of(self, person_id: UUID) -> None:
        # A transaction-level advisory lock: taken by enrollment checks only, so it
        # serializes them without holding the person's row against anyone else.
        key = int.from_bytes(person_id.bytes[:8], "big", signed=True)
        await Person._meta.db.execute_query("SELECT pg_advisory_xact_lock($1)", [key])

    async def drafts_of(self, participant_id: UUID) -> list[UUID]:
        return [
            UUID(str(person_id))
            for person_id in await Person.filter(
                status=PersonStatus.ENROLLING,
                guardianships__participant_id=participant_id,
                guardianships__role=GuardianRole.OWNER,
            ).values_list("id", flat=True)
        ]

    async def create_draft(self, participant_id: UUID, name: str) -> UUID:
        person = await Person.create(name=name, status=PersonStatus.ENROLLING)
        await Guardianship.create(
            person=person, participant_id=participant_id, role=GuardianRole.OWNER
        )
        return person.id

    async def current_draft(self, user_id: int) -> UUID | None:
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

    async def draft(
        self, person_id: UUID, user_id: int, statuses: Collection[PersonStatus]
    ) -> Enrolled | None:
        person = await Person.get_or_none(
            id=person_id,
            status__in=list(statuses),
            guardianships__participant__telegram_user_id=user_id,
        )
        return _enrolled(person) if person else None

    async def person(self, person_id: UUID) -> Enrolled | None:
        person = await Person.get_or_none(id=person_id)
        return _enrolled(person) if person else None

    async def set_status(self, person_id: UUID, status: PersonStatus) -> None:
        await Person.filter(id=person_id).update(status=status, updated_at=datetime.now(UTC))

    async def delete_person(self, person_id: UUID) -> None:
        await Person.filter(id=person_id).delete()

    async def stale_drafts(self, cutoff: datetime) -> list[UUID]:
        old = {
            UUID(str(person_id))
            for person_id in await Person.filter(
                status=PersonStatus.ENROLLING, created_at__lt=cutoff
            ).values_list("id", flat=True)
        }
        if not old:
            return []
        recent = await EnrollmentPhoto.filter(
            person_id__in=old, created_at__gte=cutoff
        ).values_list("person_id", flat=True)
        return list(old - {UUID(str(p)) for p in recent})

    async def lock_stale_draft(self, person_id: UUID, cutoff: datetime) -> bool:
        person = (
            await Person.select_for_update()
            .filter(id=person_id, status=PersonStatus.ENROLLING)
            .first()
        )
        return person is not None and not await EnrollmentPhoto.exists(
            person_id=person_id, created_at__gte=cutoff
        )

    async def add_photo(
        self,
        person_id: UUID,
        chat_id: int,
        file_id: str,
        sent_at: datetime | None,
        message_id: int | None,
        media_kind: MediaKind = MediaKind.PHOTO,
    ) -> UUID:
        if message_id is not None:
            sent = await EnrollmentPhoto.get_or_none(
                person_id=person_id, chat_id=chat_id, message_id=message_id, clip_id=None
            )
            if sent is not None:
                return sent.id
        photo = await EnrollmentPhoto.create(
            person_id=person_id,
            chat_id=chat_id,
            file_id=file_id,
            sent_at=sent_at,
            message_id=message_id,
            media_kind=media_kind,
        )
        return photo.id

    async def add_view(
        self, view_id: UUID, clip: SessionPhoto, at_s: float, face_id: UUID, reply_id: int
    ) -> None:
        await EnrollmentPhoto.get_or_create(
            id=view_id,
            defaults={
                "person_id": clip.person_id,
                "chat_id": clip.chat_id,
                "file_id": clip.file_id,
                "sent_at": clip.sent_at,
                "message_id": clip.message_id,
                "status": EnrollmentPhotoStatus.ACCEPTED,
                "verdict": _written(Said(PhotoVerdict.ACCEPTED.value)),
                "face_id": face_id,
                "reply_id": reply_id,
                "clip_id": clip.id,
                "at_s": at_s,
            },
        )

    async def photo(self, photo_id: UUID) -> SessionPhoto | None:
        row = await EnrollmentPhoto.get_or_none(id=photo_id)
        return _session_photo(row) if row else None

    async def lock_photo(self, photo_id: UUID) -> SessionPhoto | None:
        row = await EnrollmentPhoto.select_for_update().get_or_none(id=photo_id)
        return _session_photo(row) if row else None

    async def session(self, person_id: UUID) -> list[SessionPhoto]:
        rows = await EnrollmentPhoto.filter(person_id=person_id).order_by(
            "message_id", "created_at"
        )
        return [_session_photo(row) for row in rows]

    async def lock_session(self, person_id: UUID) -> list[SessionPhoto]:
        rows = (
            await EnrollmentPhoto.select_for_update()
            .filter(person_id=person_id)
            .order_by("message_id", "created_at")
        )
        return [_session_photo(row) for row in rows]

    async def accepted(self, person_id: UUID) -> int:
        return await EnrollmentPhoto.filter(
            person_id=person_id, status=EnrollmentPhotoStatus.ACCEPTED
        ).count()

    async def checking(self, person_id: UUID, told_since: datetime) -> int:
        pending = await EnrollmentPhoto.filter(
            person_id=person_id, status=EnrollmentPhotoStatus.PENDING
        ).count()
        return (
            pending
            + await EnrollmentPhoto.filter(
                person_id=person_id, reply_id__isnull=True, updated_at__gt=told_since
            )
            .exclude(status=EnrollmentPhotoStatus.PENDING)
            .count()
        )

    async def recheck(self, photo_id: UUID, said: Said, person_id: UUID) -> None:
        await EnrollmentPhoto.filter(id=photo_id).update(
            status=EnrollmentPhotoStatus.PENDING,
            verdict=_written(said),
            reply_id=None,
            checking_id=None,
            person_id=person_id,
            updated_at=datetime.now(UTC),
        )

    async def set_checking(self, photo_id: UUID, message_id: int) -> None:
        await EnrollmentPhoto.filter(id=photo_id).update(checking_id=message_id)

    async def record_verdict(
        self,
        photo_id: UUID,
        status: EnrollmentPhotoStatus,
        said: Said,
        face_id: UUID | None,
    ) -> None:
        checked: dict[str, object] = {"status": status, "verdict": _written(said)}
        if face_id is not None:
            checked["face_id"] = face_id
        await EnrollmentPhoto.filter(id=photo_id).update(**checked, updated_at=datetime.now(UTC))

    async def set_reply(self, photo_id: UUID, reply_id: int) -> None:
        await EnrollmentPhoto.filter(id=photo_id).update(
            reply_id=reply_id, updated_at=datetime.now(UTC)
        )

    async def release_reply(self, photo_id: UUID, being_told: int) -> None:
        await EnrollmentPhoto.filter(id=photo_id, reply_id=being_told).update(reply_id=None)

    async def delete_photo(self, photo_id: UUID) -> None:
        await EnrollmentPhoto.filter(id=photo_id).delete()

    async def delete_session(self, person_id: UUID) -> None:
        await EnrollmentPhoto.filter(person_id=person_id).delete()

    async def senders(self, person_id: UUID) -> set[int]:
        chats = await EnrollmentPhoto.filter(
            person_id=person_id, status=EnrollmentPhotoStatus.ACCEPTED
        ).values_list("chat_id", flat=True)
        return {int(str(chat)) for chat in chats}

    async def create_face(
        self,
        face_id: UUID,
        person_id: UUID,
        face: DetectedFace,
        crop_key: str | None,
        taken_at: datetime | None,
    ) -> None:
        x1, y1, x2, y2 = face.bbox
        await Face.create(
            id=face_id,
            photo=None,
            person_id=person_id,
            source=FaceSource.ENROLLMENT,
            bbox_x=round(x1),
            bbox_y=round(y1),
            bbox_w=round(x2 - x1),
            bbox_h=round(y2 - y1),
            landmarks=[list(p) for p in face.landmarks],
            det_score=face.det_score,
            quality=face.quality.score,
            crop_key=crop_key,
            taken_at=taken_at,
        )

    async def face_exists(self, face_id: UUID) -> bool:
        return await Face.exists(id=face_id)

    async def is_prototype(self, face_id: UUID) -> bool:
        return await Prototype.exists(face_id=face_id)

    async def face(self, face_id: UUID) -> SessionFace | None:
        face = await Face.get_or_none(id=face_id)
        return SessionFace(face.id, face.crop_key) if face else None

    async def enrollment_faces(self, person_id: UUID) -> list[SessionFace]:
        return await _faces(Face.filter(person_id=person_id, source=FaceSource.ENROLLMENT))

    async def faces_of(self, person_id: UUID) -> list[SessionFace]:
        return await _faces(Face.filter(person_id=person_id))

    async def unlearned_faces(self, person_id: UUID) -> list[SessionFace]:
        return await _faces(
            Face.filter(enrollment_photos__person_id=person_id, prototypes__isnull=True)
        )

    async def accepted_faces(self, person_id: UUID) -> list[SessionFace]:
        faces = await Face.filter(
            enrollment_photos__person_id=person_id,
            enrollment_photos__status=EnrollmentPhotoStatus.ACCEPTED,
        ).order_by("-quality")
        return [SessionFace(face.id, face.crop_key) for face in faces]

    async def delete_faces(self, face_ids: list[UUID]) -> None:
        await Face.filter(id__in=face_ids).delete()
        await request_sync(face_ids)

    async def has_cover(self, person_id: UUID, face_id: UUID, crop_key: str) -> bool:
        return await Face.exists(id=face_id, person_id=person_id, crop_key=crop_key)

    async def end_session(
        self,
        person: Enrolled,
        face_ids: list[UUID],
        cover: tuple[UUID, str] | None,
        status: PersonStatus,
    ) -> None:
        for face_id in face_ids:
            await Prototype.get_or_create(
                person_id=person.id, face_id=face_id, defaults={"role": PrototypeRole.ENROLLMENT}
            )
        await EnrollmentPhoto.filter(person_id=person.id).delete()
        await Face.filter(id__in=[f for f in face_ids if cover is None or f != cover[0]]).update(
            crop_key=None
        )
        changed: dict[str, object] = {"status": status}
        if cover is not None:
            await Face.filter(id=cover[0]).update(crop_key=cover[1])
            changed["cover_face_id"] = cover[0]
        await Person.filter(id=person.id).update(**changed, updated_at=datetime.now(UTC))

    async def look_alikes(self, person_id: UUID, chat_id: int) -> LookAlikes | None:
        submitter = await Participant.get_or_none(telegram_user_id=chat_id)
        if submitter is None:
            return None
        groups = await Membership.filter(
            participant=submitter, status=MembershipStatus.MEMBER, group__is_active=True
        ).values_list("group_id", flat=True)
        persons = {
            p.id: p.name
            for p in await Person.filter(
                status__in=ENROLLED,
                guardianships__participant__memberships__group_id__in=list(groups),
                guardianships__participant__memberships__status=MembershipStatus.MEMBER,
            )
            .exclude(id=person_id)
            .distinct()
        }
        own = await Guardianship.filter(
            participant=submitter, person_id__in=list(persons)
        ).values_list("person_id", flat=True)
        return LookAlikes(persons, {UUID(str(p)) for p in own})

    async def guardians(self, person_id: UUID) -> list[Guardian]:
        return [
            Guardian(p.id, p.telegram_user_id, p.first_name)
            for p in await Participant.filter(guardianships__person_id=person_id)
        ]

    async def groups_of(self, participant_ids: Collection[UUID]) -> list[tuple[UUID, UUID, str]]:
        memberships = await Membership.filter(
            participant_id__in=list(participant_ids),
            status=MembershipStatus.MEMBER,
            group__is_active=True,
        ).prefetch_related("group")
        return [(m.participant_id, m.group.id, m.group.title) for m in memberships]  # type: ignore[attr-defined]

    async def ask_for_approval(self, person_id: UUID) -> list[Waiting]:
        return await _waiting(await approvals.ask_for_new_person(await Person.get(id=person_id)))

    async def ask_again(self, person_id: UUID) -> list[Waiting]:
        return await _waiting(await approvals.ask_again(await Person.get(id=person_id)))

    async def not_recognized_in(self, person_id: UUID) -> set[str]:
        return await approvals.not_recognized_in(person_id)

    async def ask_to_index(self, person_id: UUID, user_id: int | None) -> None:
        await ask_request(RequestKind.INDEX_PERSON, person_id, user_id)

    async def index_asks(self, person_id: UUID) -> list[UUID]:
        return await open_requests(RequestKind.INDEX_PERSON, person_id)

    async def indexed(self, asks: list[UUID]) -> None:
        await requests_done(asks)
