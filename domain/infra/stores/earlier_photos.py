"""Earlier photos' store (``domain.earlier_photos.stores``) on tortoise and Postgres: the
faces looked at for a person, the offers made, and an answer's changes under the offer's
lock (the service holds the transaction: ``transaction()``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import UTC, date, datetime
from uuid import UUID

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from domain.delivery.stores import Guardian
from domain.earlier_photos.stores import (
    ANSWERED_SHOWN,
    EarlierPhoto,
    InFrame,
    Locked,
    LookGroup,
    NewOffer,
    Offered,
    Seeker,
    ShownOffer,
)
from domain.infra.models import (
    BanPeriod,
    Delivery,
    EarlierPhotos,
    Face,
    FaceRejection,
    Group,
    Participant,
    Person,
    Photo,
    Prototype,
    Suggestion,
)
from domain.infra.stores import assignments
from domain.infra.stores.photo_copies import guardian, plan_deliveries, restore_copies
from domain.infra.stores.requests import open_requests, requests_done
from domain.recognition import prototype_choice
from domain.recognition.assignments import Actor
from domain.states import (
    FaceSource,
    MediaKind,
    MembershipStatus,
    OfferStatus,
    PersonStatus,
    PhotoStatus,
    RequestKind,
    SuggestionStatus,
)


def _ids(values: Iterable[object]) -> set[UUID]:
    return {UUID(str(value)) for value in values}


class TortoiseEarlierPhotoStore:
    """``EarlierPhotoStore``: faces, their photos and persons, and ``EarlierPhotos`` rows."""

    async def seeker(self, person_id: UUID) -> Seeker | None:
        person = await Person.get_or_none(id=person_id, status=PersonStatus.ACTIVE)
        return None if person is None else Seeker(person.id, person.name, person.birth_date)

    async def prototype_faces(self, person_id: UUID) -> list[UUID]:
        faces = await Prototype.filter(person_id=person_id, face_id__isnull=False).values_list(
            "face_id", flat=True
        )
        return [UUID(str(face)) for face in faces]

    async def groups_of(self, person_id: UUID) -> list[LookGroup]:
        groups = await Group.filter(
            is_active=True,
            paused_at__isnull=True,
            memberships__participant__guardianships__person_id=person_id,
            memberships__status=MembershipStatus.MEMBER,
        ).distinct()
        return [LookGroup(g.id, g.title, g.retention_days, g.strictness) for g in groups]

    async def blocked(self, group_id: UUID) -> set[UUID]:
        return await assignments.blocked_persons(group_id)

    async def banned_spans(
        self, person_id: UUID, group_id: UUID
    ) -> list[tuple[datetime, datetime]]:
        users = await assignments.chats_of_guardians([person_id])
        now = datetime.now(UTC)
        return [
            (start, now if end is None else end)
            for start, end in await BanPeriod.filter(
                group_id=group_id, telegram_user_id__in=list(users)
            ).values_list("started_at", "ended_at")
        ]

    async def unheld(
        self,
        face_ids: Sequence[UUID],
        group_id: UUID,
        since: datetime | None,
        besides: Sequence[tuple[datetime, datetime]] = (),
    ) -> dict[UUID, tuple[UUID, UUID | None]]:
        rows = Face.filter(
            id__in=list(face_ids),
            person_id=None,
            source=FaceSource.GROUP_PHOTO,
            photo__group_id=group_id,
            photo__status=PhotoStatus.DONE,
            photo__removed_at__isnull=True,
        )
        if since is not None:
            rows = rows.filter(photo__posted_at__gte=since)
        for start, end in besides:
            rows = rows.exclude(photo__posted_at__gte=start, photo__posted_at__lte=end)
        return {
            UUID(str(face)): (UUID(str(photo)), UUID(str(cluster)) if cluster else None)
            for face, photo, cluster in await rows.values_list("id", "photo_id", "cluster_id")
        }

    async def seen(self, person_id: UUID, face_ids: Sequence[UUID]) -> set[UUID]:
        faces = list(face_ids)
        seen = _ids(
            await Suggestion.filter(person_id=person_id, face_id__in=faces).values_list(
                "face_id", flat=True
            )
        ) | {face for face, _ in await assignments.taken_off(faces, person_id)}
        for offer in await EarlierPhotos.filter(person_id=person_id).exclude(
            status__in=(OfferStatus.SENT, OfferStatus.STALE)
        ):
            seen |= _ids(offer.face_ids)
        return seen

    async def photos_with(self, person_id: UUID, photo_ids: Sequence[UUID]) -> set[UUID]:
        return _ids(
            await Face.filter(person_id=person_id, photo_id__in=list(photo_ids)).values_list(
                "photo_id", flat=True
            )
        )

    async def photos(self, photo_ids: Sequence[UUID]) -> dict[UUID, EarlierPhoto]:
        return {
            p.id: EarlierPhoto(
                p.id, p.file_id, p.posted_at, p.media_kind.is_clip, p.preview_file_id
            )
            for p in await Photo.filter(id__in=list(photo_ids))
        }

    async def matchable(self, group_id: UUID, taken_on: date) -> set[UUID]:
        return set(await assignments.matchable_persons(group_id, taken_on))

    async def receivers(self, person_id: UUID, group_id: UUID) -> list[Guardian]:
        return [
            Guardian(p.id, p.telegram_user_id, p.language, p.language_code)
            for p in await assignments.receiving_guardians(person_id, group_id)
        ]

    async def photos_of_faces(self, face_ids: Sequence[UUID]) -> dict[UUID, UUID]:
        rows = await Face.filter(id__in=list(face_ids)).values_list("id", "photo_id")
        return {UUID(str(face)): UUID(str(photo)) for face, photo in rows}

    async def in_frames(self, face_ids: Sequence[UUID]) -> list[InFrame]:
        return [
            InFrame(f.id, (f.bbox_x, f.bbox_y, f.bbox_w, f.bbox_h), f.shown_at_s)
            for f in await Face.filter(id__in=list(face_ids), shown_at_s__isnull=False)
            if f.shown_at_s is not None
        ]

    async def still_unknown(self, person_id: UUID, face_ids: Sequence[UUID]) -> list[UUID]:
        if not await Person.exists(id=person_id, status=PersonStatus.ACTIVE):
            return []
        still = _ids(
            await Face.filter(
                id__in=list(face_ids), person_id=None, photo__removed_at__isnull=True
            ).values_list("id", flat=True)
        )
        return [face for face in face_ids if face in still]

    async def keep_crop(self, face_id: UUID, key: str) -> None:
        await Face.filter(id=face_id).update(crop_key=key)

    async def suggest(self, face_id: UUID, person_id: UUID, score: float) -> tuple[UUID, bool]:
        # A photo posted before its guardians could get it: its question says so (issue 32).
        suggestion, created = await Suggestion.get_or_create(
            face_id=face_id, person_id=person_id, defaults={"score": score, "earlier": True}
        )
        return suggestion.id, created

    async def create_offer(self, offer: NewOffer) -> UUID:
        created = await EarlierPhotos.create(
            person_id=offer.person_id,
            group_id=offer.group_id,
            face_ids=[str(f) for f in offer.face_ids],
            scores={str(f): score for f, score in offer.scores.items()},
            photo_count=len(offer.face_ids),
            cluster_id=offer.cluster_id,
            prototype_ids=offer.prototype_ids,
            sheet=True,
        )
        return created.id

    async def sent_to(self, offer_id: UUID, sent_to: list[list[int]]) -> None:
        await EarlierPhotos.filter(id=offer_id).update(sent_to=sent_to)

    async def drop_offer(self, offer_id: UUID) -> None:
        await EarlierPhotos.filter(id=offer_id).delete()

    async def merged_persons(self, event_id: UUID) -> list[UUID]:
        return await assignments.persons_of_merge(event_id)

    async def asked_again(self, person_id: UUID) -> list[UUID]:
        return await open_requests(RequestKind.ASK_OFFERS_AGAIN, person_id)

    async def asked_again_done(self, request_ids: list[UUID]) -> None:
        await requests_done(request_ids)

    async def offers_shown(self, person_id: UUID) -> list[ShownOffer]:
        person = await Person.get_or_none(id=person_id)
        if person is None:
            return []
        found = []
        merged = await assignments.merged_into(person_id)
        for offer in await EarlierPhotos.filter(
            Q(person_id=person_id, status=OfferStatus.PENDING)
            | Q(person_id__in=[person_id, *merged], status__in=ANSWERED_SHOWN),
            participant_id__isnull=True,
            sheet=True,
            sent_to__isnull=False,
        ).prefetch_related("group", "answered_by"):
            chats = {
                guardian.telegram_user_id
                for guardian in await assignments.receiving_guardians(person_id, offer.group.id)
            }
            sent = [(chat, message) for chat, message in offer.sent_to or [] if chat in chats]
            if not sent:
                continue
            clips = await Face.filter(
                id__in=offer.face_ids, photo__media_kind__in=[k for k in MediaKind if k.is_clip]
            ).count()
            found.append(
                ShownOffer(
                    offer.id,
                    person.name,
                    offer.group.title,
                    offer.cluster_id is not None,
                    len(offer.face_ids),
                    clips,
                    sent,
                    offer.status,
                    offer.answered_at,
                    offer.answered_by.telegram_user_id if offer.answered_by else None,
                )
            )
        return found

    async def offered(self, offer_id: UUID) -> Offered | None:
        offer = await EarlierPhotos.get_or_none(id=offer_id).prefetch_related("person", "group")
        if offer is None:
            return None
        person, group = offer.person, offer.group
        return Offered(
            id=offer.id,
            person_id=person.id,
            person_name=person.name,
            person_status=person.status,
            group_id=group.id,
            group_title=group.title,
            retention_days=group.retention_days,
            birth_date=person.birth_date,
            questions=offer.participant_id is not None,  # type: ignore[attr-defined]
            sheet=offer.sheet,
            face_ids=[UUID(face) for face in offer.face_ids],
            sent_to=[(chat, message) for chat, message in offer.sent_to or []],
        )

    async def guardian(self, user_id: int, person_id: UUID) -> UUID | None:
        participant = await guardian(user_id, person_id)
        return participant.id if participant else None

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return in_transaction()

    async def lock(self, offer_id: UUID, person_id: UUID) -> Locked:
        offer = await EarlierPhotos.select_for_update().get(id=offer_id)
        person = await Person.select_for_update().get_or_none(id=person_id)
        return Locked(
            offer.status,
            person.status if person else PersonStatus.DELETING,
            {UUID(face): score for face, score in (offer.scores or {}).items()},
            list(offer.prototype_ids or []),
        )

    async def prototypes_still(self, person_id: UUID, prototype_ids: Sequence[str]) -> bool:
        if not prototype_ids:
            return True
        still = await Prototype.filter(person_id=person_id, face_id__in=list(prototype_ids)).count()
        return still == len(prototype_ids)

    async def mark(
        self, offer_id: UUID, status: OfferStatus, answered_by: UUID | None = None
    ) -> None:
        if answered_by is None:
            await EarlierPhotos.filter(id=offer_id).update(status=status)
        else:
            await EarlierPhotos.filter(id=offer_id).update(
                status=status, answered_by_id=answered_by, answered_at=datetime.now(UTC)
            )

    async def still_offerable(
        self, offer_id: UUID, person_id: UUID, group_id: UUID, since: datetime | None
    ) -> list[tuple[UUID, UUID]]:
        offer = await EarlierPhotos.get(id=offer_id)
        faces = Face.select_for_update().filter(
            id__in=offer.face_ids,
            person_id=None,
            photo__group_id=group_id,
            photo__removed_at__isnull=True,
        )
        if offer.participant_id is not None:  # type: ignore[attr-defined]
            # A batch of questions: only faces whose question is still open.
            faces = faces.filter(
                id__in=await Suggestion.filter(
                    face_id__in=offer.face_ids,
                    person_id=person_id,
                    status=SuggestionStatus.PENDING,
                ).values_list("face_id", flat=True)
            )
        if since is not None:
            faces = faces.filter(photo__posted_at__gte=since)
        return [
            (face.id, face.photo_id)  # type: ignore[attr-defined]
            for face in await faces
            if face.photo_id is not None  # type: ignore[attr-defined]
        ]

    async def photos_of_person(self, person_id: UUID, group_id: UUID) -> set[UUID]:
        return _ids(
            await Face.filter(person_id=person_id, photo__group_id=group_id).values_list(
                "photo_id", flat=True
            )
        )

    async def answer_questions(
        self,
        face_ids: Sequence[UUID],
        person_id: UUID,
        participant_id: UUID,
        status: SuggestionStatus,
    ) -> None:
        await Suggestion.filter(
            face_id__in=list(face_ids), person_id=person_id, status=SuggestionStatus.PENDING
        ).update(status=status, reviewed_by_id=participant_id, reviewed_at=datetime.now(UTC))

    async def reject(self, face_ids: Sequence[UUID], person_id: UUID, by: UUID) -> None:
        for face_id in face_ids:
            await FaceRejection.get_or_create(
                face_id=face_id, person_id=person_id, defaults={"rejected_by_id": by}
            )

    async def assign(self, face_id: UUID, person_id: UUID, by: UUID, note: str) -> list[UUID]:
        face = await Face.get(id=face_id).prefetch_related("photo")
        person = await Person.get(id=person_id)
        actor = Actor.participant(await Participant.get(id=by))
        await assignments.assign(face, person_id, actor, prototype=None, note=note)
        await Suggestion.filter(face_id=face_id, status=SuggestionStatus.PENDING).update(
            status=SuggestionStatus.EXPIRED
        )
        # Its queue is not used: it returns the deliveries, queued once this commits. A
        # copy a correction or an undo took out of a guardian's chat comes again too.
        return await plan_deliveries(face.photo, person) + await restore_copies(face.photo, person)

    async def choose_prototypes(self, person_id: UUID) -> list[UUID]:
        return await prototype_choice.ask([person_id])

    async def deliveries_to(self, delivery_ids: Sequence[UUID], participant_id: UUID) -> int:
        return await Delivery.filter(
            id__in=list(delivery_ids), participant_id=participant_id
        ).count()
