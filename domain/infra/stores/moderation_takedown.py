"""A takedown's store (``domain.moderation.takedown_store``) on tortoise and Postgres: the
photo locked while it is taken down, so two presses (or two organizers) take it down once."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from domain.infra.models import (
    Delivery,
    EarlierPhotos,
    Face,
    FaceRejection,
    FaceSyncRequest,
    Group,
    ModerationEvent,
    Photo,
    Prototype,
    Suggestion,
    UserRequest,
)
from domain.infra.queries import ids_of
from domain.languages.chats import zone_of_group
from domain.moderation.audit import Actor
from domain.moderation.takedown import NOT_SENT, UNSENT
from domain.moderation.takedown_store import (
    LEFT,
    MEDIA_KIND,
    POSTED_AT,
    Asked,
    Copy,
    GroupPhoto,
    Offer,
    PhotoFace,
    PhotoGroup,
    SentQuestion,
    TakenDown,
)
from domain.recognition import prototype_choice
from domain.states import (
    DeliveryStatus,
    ModerationAction,
    OfferStatus,
    PhotoStatus,
    RequestKind,
    SuggestionStatus,
)


def photo_group(group: Group) -> PhotoGroup:
    return PhotoGroup(
        group.id,
        group.chat_id,
        group.title,
        group.admin_chat_id,
        group.is_active,
        zone_of_group(group.settings),
    )


def _photo(photo: Photo) -> GroupPhoto:
    return GroupPhoto(
        photo.id,
        photo_group(photo.group),
        photo.message_id,
        photo.posted_at,
        photo.removed_at is not None,
        photo.media_kind.is_clip,
    )


class TortoiseTakedownStore:
    """``TakedownStore``: photos, their deliveries, faces and the offers showing them."""

    async def photo(self, photo_id: UUID) -> GroupPhoto | None:
        photo = await Photo.get_or_none(id=photo_id).prefetch_related("group")
        return None if photo is None else _photo(photo)

    async def photo_at(self, group_id: UUID, message_id: int) -> GroupPhoto | None:
        photo = await Photo.get_or_none(group_id=group_id, message_id=message_id).prefetch_related(
            "group"
        )
        return None if photo is None else _photo(photo)

    async def in_an_album(self, photo_id: UUID) -> bool:
        photo = await Photo.get_or_none(id=photo_id)
        if photo is None or photo.media_group_id is None:
            return False
        return (
            await Photo.filter(
                group_id=photo.group_id,  # type: ignore[attr-defined]
                media_group_id=photo.media_group_id,
                removed_at__isnull=True,
            )
            .exclude(id=photo.id)
            .exists()
        )

    async def taken_down_by(self, photo: GroupPhoto) -> str:
        events = await ModerationEvent.filter(
            group_id=photo.group.id, action=ModerationAction.TAKEN_DOWN
        ).order_by("-created_at")
        return next(
            (ev.actor_name for ev in events if ev.details.get("photo") == str(photo.id)), ""
        )

    async def forgotten_copies(self, photo_ids: list[UUID]) -> int:
        return sum(photo.copies_forgotten for photo in await Photo.filter(id__in=photo_ids))

    async def forgotten_copies_of(self, photo_id: UUID) -> int:
        photo = await Photo.get_or_none(id=photo_id)
        if photo is None:
            return 0
        # The posts the takedown would take with it (``take_down``): the same picture, up.
        going = await Photo.filter(
            group_id=photo.group_id,  # type: ignore[attr-defined]
            file_unique_id=photo.file_unique_id,
            removed_at=None,
        ).exclude(id=photo.id)
        return photo.copies_forgotten + sum(each.copies_forgotten for each in going)

    async def record_left(
        self, photo_id: UUID, *, post: bool, copies: int, unreachable: int = 0
    ) -> None:
        photo = await Photo.get_or_none(id=photo_id)
        if photo is None:
            return
        events = await ModerationEvent.filter(
            group_id=photo.group_id,  # type: ignore[attr-defined]
            action=ModerationAction.TAKEN_DOWN,
        )
        for event in events:
            if event.details.get("photo") == str(photo_id):
                left = {"post": post, "copies": copies, "unreachable": unreachable}
                event.details = {**event.details, LEFT: left}
                await event.save(update_fields=["details"])

    async def take_down(
        self,
        photo_id: UUID,
        actor: Actor,
        said: tuple[int, int] | None = None,
    ) -> TakenDown | None:
        async with in_transaction():
            photo = await Photo.select_for_update().get_or_none(id=photo_id)
            if photo is None:
                return None
            if photo.removed_at is not None:
                return TakenDown(already=True)
            group = await Group.get(id=photo.group_id)  # type: ignore[attr-defined]
            copies = await ids_of(
                Photo.filter(
                    group_id=group.id, file_unique_id=photo.file_unique_id, removed_at=None
                ).exclude(id=photo.id)
            )
            going = [photo.id, *copies]
            await Photo.filter(id__in=going).update(
                status=PhotoStatus.REMOVED,
                removed_at=datetime.now(UTC),
                removed_by_user_id=actor.user_id,
                caption=None,  # the poster's words under it go with it
                caption_entities=None,
            )
            await Delivery.filter(photo_id__in=going, status__in=UNSENT).update(
                status=DeliveryStatus.TAKEN_DOWN, error=NOT_SENT
            )
            # One request for them all: its job takes every post down and reports once.
            # The row ``domain.jobs.requests`` reads and the reconciler queues again.
            await UserRequest.create(
                kind=RequestKind.TAKEDOWN,
                subject=str(photo.id),
                requested_by=actor.user_id,
                said_chat_id=said[0] if said else None,
                said_message_id=said[1] if said else None,
            )
            await ModerationEvent.record(
                group.id,
                ModerationAction.TAKEN_DOWN,
                actor,
                details={
                    "photo": str(photo.id),
                    # Said in each reader's zone and language when read (``audit_view``).
                    POSTED_AT: photo.posted_at.isoformat(),
                    MEDIA_KIND: photo.media_kind.value,
                    "message_id": photo.message_id,
                    "copies": [str(copy) for copy in copies],
                },
            )
        return TakenDown(already=False, copies=len(copies))

    async def asked(self, photo_id: UUID) -> list[Asked]:
        requests = UserRequest.filter(
            kind=RequestKind.TAKEDOWN, subject=str(photo_id), done_at=None
        ).order_by("created_at")
        return [
            Asked(
                request.id,
                request.requested_by,
                (request.said_chat_id, request.said_message_id)
                if request.said_chat_id is not None and request.said_message_id is not None
                else None,
            )
            for request in await requests
        ]

    async def close(self, asked: list[UUID]) -> None:
        # Who asked is no longer kept, as ``domain.jobs.requests.done`` does.
        closing = UserRequest.filter(id__in=asked, done_at=None)
        await closing.update(done_at=datetime.now(UTC), requested_by=None)

    async def taken_together(self, photo_id: UUID) -> list[GroupPhoto]:
        photo = await Photo.get_or_none(id=photo_id).prefetch_related("group")
        if photo is None or photo.removed_at is None:
            return []
        others = (
            await Photo.filter(
                group_id=photo.group.id,
                file_unique_id=photo.file_unique_id,
                removed_at=photo.removed_at,
            )
            .exclude(id=photo.id)
            .order_by("posted_at")
            .prefetch_related("group")
        )
        return [_photo(each) for each in (photo, *others)]

    async def sending(self, photo_id: UUID) -> bool:
        return await Delivery.exists(photo_id=photo_id, status=DeliveryStatus.SENDING)

    async def stop_unsent(self, photo_ids: list[UUID]) -> None:
        await Delivery.filter(photo_id__in=photo_ids, status__in=UNSENT).update(
            status=DeliveryStatus.TAKEN_DOWN, error=NOT_SENT
        )

    async def faces(self, photo_id: UUID) -> list[PhotoFace]:
        return [
            PhotoFace(face.id, face.crop_key, face.person_id)  # type: ignore[attr-defined]
            for face in await Face.filter(photo_id=photo_id)
        ]

    async def questions_sent(self, face_ids: list[UUID]) -> list[SentQuestion]:
        # A pair's question ("Alice or Bob?") may be kept by both its suggestions.
        sent: dict[tuple[int, int], SentQuestion] = {}
        for suggestion in await Suggestion.filter(face_id__in=face_ids).order_by("created_at"):
            for chat_id, message_id in suggestion.sent_to or []:
                sent.setdefault(
                    (chat_id, message_id),
                    SentQuestion(chat_id, message_id, suggestion.notified_at),
                )
        return list(sent.values())

    async def offers(self, group_id: UUID) -> list[Offer]:
        return [
            Offer(
                offer.id,
                offer.person_id,  # type: ignore[attr-defined]
                offer.participant_id,  # type: ignore[attr-defined]
                tuple(offer.face_ids),
                offer.sheet,
                offer.status,
                tuple((chat, message) for chat, message in offer.sent_to or []),
                dict(offer.scores or {}),
            )
            for offer in await EarlierPhotos.filter(group_id=group_id)
        ]

    async def drop_offer(self, offer_id: UUID) -> None:
        await EarlierPhotos.filter(id=offer_id).delete()

    async def wait_again(self, offer_id: UUID, face_ids: list[str]) -> None:
        batch = await EarlierPhotos.get_or_none(id=offer_id)
        if batch is None:
            return
        await EarlierPhotos.filter(id=offer_id).update(
            face_ids=face_ids,
            photo_count=len(face_ids),
            scores={
                face: score for face, score in (batch.scores or {}).items() if face in face_ids
            },
            status=OfferStatus.WAITING,
            sent_to=None,
        )

    async def crops_kept(self, face_ids: list[str]) -> list[PhotoFace]:
        return [
            PhotoFace(face.id, face.crop_key)
            for face in await Face.filter(id__in=face_ids, crop_key__isnull=False)
            if not await Suggestion.exists(face_id=face.id, status=SuggestionStatus.PENDING)
        ]

    async def drop_crop(self, face_id: UUID) -> None:
        await Face.filter(id=face_id).update(crop_key=None)

    async def forget_faces(self, face_ids: list[UUID]) -> list[UUID]:
        async with in_transaction():
            await Suggestion.filter(face_id__in=face_ids).delete()
            await FaceRejection.filter(face_id__in=face_ids).delete()
            # A person that loses a prototype has it replaced by another candidate.
            lost = await Prototype.filter(face_id__in=face_ids).values_list("person_id", flat=True)
            choose = await prototype_choice.ask(UUID(str(p)) for p in lost)
            await Prototype.filter(face_id__in=face_ids).delete()
            await FaceSyncRequest.filter(face_id__in=face_ids).delete()
            await Face.filter(id__in=face_ids).delete()
        return choose

    async def sent_copies(self, photo_id: UUID) -> list[Copy]:
        return [
            Copy(
                copy.id,
                copy.participant.id,
                copy.participant.telegram_user_id,
                copy.message_id,
                copy.album_id,
                copy.names_message_id,
                copy.hidden_message_id
                if copy.message_id is not None and copy.hidden_message_id != copy.message_id
                else None,
            )
            for copy in await Delivery.filter(
                photo_id=photo_id, status=DeliveryStatus.SENT
            ).prefetch_related("participant")
        ]

    async def copy_taken_down(self, delivery_id: UUID, note: str, *, stands: bool = False) -> None:
        copy = Delivery.filter(id=delivery_id, status=DeliveryStatus.SENT)
        if stands:  # blanked where it stands: it keeps its place in its album's note
            await copy.filter(message_id__isnull=False, hidden_album_id__isnull=True).update(
                hidden_message_id=F("message_id")
            )
        await copy.update(status=DeliveryStatus.TAKEN_DOWN, error=note)

    async def noted(self, photo_ids: list[UUID], note: str) -> list[datetime]:
        return [
            d.sent_at or d.created_at
            for d in await Delivery.filter(photo_id__in=photo_ids, error=note)
        ]
