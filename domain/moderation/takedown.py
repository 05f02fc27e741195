"""Takedown: an organizer removes a group photo from facedrop and from every guardian's chat.

The confirmation marks the photo REMOVED and records the request (``UserRequest`` kind
TAKEDOWN) and the audit event in one transaction; from that moment nothing sends it: its
unsent deliveries are TAKEN_DOWN, a send is claimed only while the photo is not removed,
recognition skips it and corrections plan nothing for it. The job then waits for sends
already under way, deletes the photo's faces, embeddings, crops and suggestions (and the
questions about them sent to guardians, which show a crop), deletes
every delivered copy (Telegram refuses copies older than 48 hours: those are counted for
the organizer, with when they were sent, never to whom), and reports once.

The same picture posted in the group more than once (a forward, the same file sent again)
is taken down as a whole: one request, one job for every post of it, one report.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.blobs import BlobStore
from domain.delivery.copies import Copies
from domain.delivery.stores import SentCopy
from domain.events import EventBus, FacesTakenDown, OfferWithdrawn, TakenDownPostedAgain
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
)
from domain.infra.queries import ids_of
from domain.jobs import requests
from domain.jobs.queue import JobQueue
from domain.languages.chats import speaking_to
from domain.moderation import audit, texts
from domain.recognition import prototype_choice
from domain.recognition.face_index import FaceFilter, FaceIndex
from domain.retry import TryAgainLater
from domain.states import (
    DeliveryStatus,
    ModerationAction,
    OfferStatus,
    PhotoStatus,
    RequestKind,
    SuggestionStatus,
)
from domain.telegram import (
    ChatUnavailable,
    Deletion,
    Messenger,
    RecipientUnreachable,
    TelegramUnavailable,
)

log = logging.getLogger(__name__)

# What a taken-down delivery's ``error`` says about its copy (the report counts them).
COPY_DELETED = "taken down: copy deleted"
COPY_TOO_OLD = "taken down: copy too old to delete"
NOT_SENT = "taken down before it was sent"
# Not sent yet: planned, held for a paused person, parked for a blocked guardian, or
# waiting for its album or the daily digest.
UNSENT = (
    DeliveryStatus.PENDING,
    DeliveryStatus.HELD,
    DeliveryStatus.PARKED,
    DeliveryStatus.WAITING,
)

# https://t.me/c/<internal id>/<message>, with an optional topic (/c/<id>/<topic>/<message>),
# or https://t.me/<username>/<message>; "?single", "?thread=" and the like are ignored.
_PRIVATE_LINK = re.compile(
    r"^(?:https?://)?t\.me/c/(\d{1,15})/(?:\d{1,12}/)?(\d{1,12})/?(?:\?.*)?$"
)
_PUBLIC_LINK = re.compile(
    r"^(?:https?://)?(?:t|telegram)\.me/([A-Za-z][A-Za-z0-9_]{3,31})/(?:\d{1,12}/)?(\d{1,12})/?"
    r"(?:\?.*)?$"
)


@dataclass(frozen=True, slots=True)
class MessageLink:
    """A link to a group message: by the chat's id (private supergroups) or its username."""

    message_id: int
    chat_id: int | None = None
    username: str | None = None


def parse_link(text: str) -> MessageLink | None:
    """The message a t.me link points to; None for anything else."""
    link = text.strip()
    if match := _PRIVATE_LINK.match(link):
        return MessageLink(message_id=int(match[2]), chat_id=int(f"-100{match[1]}"))
    if match := _PUBLIC_LINK.match(link):
        if match[1].lower() == "c":
            return None
        return MessageLink(message_id=int(match[2]), username=match[1])
    return None


def link_to(chat_id: int, message_id: int, username: str | None = None) -> str | None:
    """The t.me link of a group message, where Telegram has one (supergroups)."""
    if username:
        return f"https://t.me/{username}/{message_id}"
    text = str(chat_id)
    if not text.startswith("-100"):
        return None  # a basic group's messages have no links
    return f"https://t.me/c/{text[4:]}/{message_id}"


async def posted_again(messenger: Messenger, event: TakenDownPostedAgain) -> None:
    """A photo taken down in its group was posted there again (recognition's intake recorded
    it as removed at once): delete it from the group where the bot may, and tell the admin
    chat, naming the group and no one else."""
    photo = await Photo.get_or_none(id=event.photo_id).prefetch_related("group")
    if photo is None:
        return
    group = photo.group
    try:
        deleted = await messenger.delete_message(group.chat_id, photo.message_id) != (
            Deletion.REFUSED
        )
    except TelegramUnavailable as error:
        log.info("re-posted photo %s not deleted: %s", photo.id, error)
        deleted = False
    if group.admin_chat_id is None:
        return
    link = None if deleted else link_to(group.chat_id, photo.message_id)
    async with speaking_to(group.admin_chat_id):
        text = texts.taken_down_posted_again(group.title, photo.posted_at, deleted, link)
    try:
        await messenger.send_text(group.admin_chat_id, text)
    except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
        log.info("admin chat of group %s not told of a re-post: %s", group.id, error)


async def photo_at(group: Group, message_id: int) -> Photo | None:
    """The group photo posted as this message."""
    return await Photo.get_or_none(group=group, message_id=message_id)


async def in_an_album(photo: Photo) -> bool:
    """Whether the photo came in an album whose other photos are still up (a takedown
    removes only the photo it was asked for)."""
    if photo.media_group_id is None:
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


class Outcome(StrEnum):
    TAKING_DOWN = "taking_down"
    ALREADY = "already"  # taken down before (by ``by``)
    GONE = "gone"


@dataclass(frozen=True, slots=True)
class Confirmed:
    outcome: Outcome
    by: str = ""


async def who_took_down(photo: Photo) -> str:
    """The name the audit keeps of whoever took the photo down."""
    events = await ModerationEvent.filter(
        group_id=photo.group_id,  # type: ignore[attr-defined]
        action=ModerationAction.TAKEN_DOWN,
    ).order_by("-created_at")
    return next((ev.actor_name for ev in events if ev.details.get("photo") == str(photo.id)), "")


class TakedownRequests:
    """An organizer's takedown, confirmed: the photo marked removed and the request to
    delete it recorded (the bot)."""

    def __init__(self, jobs: JobQueue) -> None:
        self._jobs = jobs

    async def confirm(self, photo_id: UUID, actor: audit.Actor) -> Confirmed:
        """Mark the photo REMOVED, stop its unsent deliveries, record the request and the
        audit event, all at once; then queue the job."""
        async with in_transaction():
            photo = await Photo.select_for_update().get_or_none(id=photo_id)
            if photo is None:
                return Confirmed(Outcome.GONE)
            if photo.removed_at is not None:
                return Confirmed(Outcome.ALREADY, await who_took_down(photo))
            group = await Group.get(id=photo.group_id)  # type: ignore[attr-defined]
            # The same picture posted in the group before (a forward, the same file sent
            # again) goes with it: each copy is taken down the same way.
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
            await requests.ask(RequestKind.TAKEDOWN, photo.id, actor.user_id)
            await audit.record(
                group,
                ModerationAction.TAKEN_DOWN,
                actor,
                subject=texts.takedown_subject(photo.posted_at),
                details={
                    "photo": str(photo.id),
                    "message_id": photo.message_id,
                    "copies": [str(copy) for copy in copies],
                },
            )
        log.info("photo %s (+%d copies) taken down by %s", photo_id, len(copies), actor.user_id)
        await requests.queue(self._jobs, RequestKind.TAKEDOWN, photo.id)
        return Confirmed(Outcome.TAKING_DOWN)


@dataclass(frozen=True, slots=True)
class Report:
    deleted: int
    too_old: list[datetime]
    group_post: bool | None  # deleted from the group (all its posts); None: nothing to delete
    copies: list[datetime] = field(default_factory=list)  # when its other posts were posted
    posts_left: list[datetime] = field(default_factory=list)  # posts the bot could not delete


class TakedownDeletion:
    """Deletes everything of a taken-down photo (its faces, crops and delivered copies),
    then reports once (the worker)."""

    def __init__(
        self,
        index: FaceIndex,
        blobs: BlobStore,
        messenger: Messenger,
        copies: Copies,
        *,
        in_flight_wait: timedelta,
        events: EventBus,
        jobs: JobQueue | None = None,
    ) -> None:
        """``copies``: the photo's copies in guardians' chats (one too old to delete loses
        its buttons); ``events`` tells the capabilities that show the photo's faces
        (``FacesTakenDown``, ``OfferWithdrawn``); ``jobs`` queues choosing again the
        prototypes of persons that lost one (without it, the reconcile cron does)."""
        self._index = index
        self._blobs = blobs
        self._messenger = messenger
        self._copies = copies
        self._in_flight_wait = in_flight_wait
        self._events = events
        self._jobs = jobs

    async def process(self, photo_id: UUID) -> Report | None:
        """Run again after a failure, it finishes what is left; after it reported, it finds
        no open request and does nothing."""
        asked = await requests.pending(RequestKind.TAKEDOWN, photo_id)
        photo = await Photo.get_or_none(id=photo_id).prefetch_related("group")
        if not asked or photo is None or photo.removed_at is None:
            await requests.done(asked)
            return None
        # The other posts of the same picture taken down with it (in the same moment).
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
        taken = [photo, *others]
        for other in others:  # asked for each by older versions: done with this one
            asked += await requests.pending(RequestKind.TAKEDOWN, other.id)
        ids = [p.id for p in taken]
        for each in taken:
            await self._wait_for_sends(each.id)
        # Planned meanwhile (a correction racing the confirmation): never sent now.
        await Delivery.filter(photo_id__in=ids, status__in=UNSENT).update(
            status=DeliveryStatus.TAKEN_DOWN, error=NOT_SENT
        )
        posts: list[bool | None] = []
        for each in taken:
            await self._forget_faces(each)
            await self._delete_copies(each.id)
            posts.append(await self._delete_group_post(each))
        report = Report(
            deleted=await Delivery.filter(photo_id__in=ids, error=COPY_DELETED).count(),
            too_old=[
                d.sent_at or d.created_at
                for d in await Delivery.filter(photo_id__in=ids, error=COPY_TOO_OLD)
            ],
            group_post=(
                None
                if all(post is None for post in posts)
                else not any(post is False for post in posts)
            ),
            copies=[other.posted_at for other in others],
            posts_left=[
                each.posted_at for each, post in zip(taken, posts, strict=True) if post is False
            ],
        )
        requester = requests.requester(asked)
        await requests.done(asked)
        await self._report(photo, report, requester)
        return report

    async def _wait_for_sends(self, photo_id: UUID) -> None:
        """A send claimed before the confirmation may still reach its guardian: wait for it,
        so its copy is deleted too. Still under way after the wait: the job comes back later
        (nothing deleted or reported yet), until every send has settled (a send that never
        finishes is given up by the reconciler after ``sending_stale_s``)."""
        deadline = datetime.now(UTC) + self._in_flight_wait
        while await Delivery.exists(photo_id=photo_id, status=DeliveryStatus.SENDING):
            if datetime.now(UTC) >= deadline:
                log.info("photo %s: a send still under way; the takedown comes back", photo_id)
                raise TryAgainLater(5)
            await asyncio.sleep(0.2)

    async def _forget_faces(self, photo: Photo) -> None:
        """Qdrant and the blobs first, Postgres last: until the end Postgres still knows
        what to delete, so a run that fails part way is simply run again."""
        faces = await Face.filter(photo_id=photo.id)
        face_ids = [face.id for face in faces]
        try:
            await self._index.delete(FaceFilter(photo_ids=[photo.id]))
            if face_ids:
                await self._index.delete(FaceFilter(face_ids=face_ids))
        except Exception as error:  # the Qdrant client raises many types; retry the step
            log.warning("photo %s: Qdrant deletion failed (%s); will retry", photo.id, error)
            raise TryAgainLater(5) from error
        await self._blobs.delete_prefix(f"crops/{photo.id}/")
        for face in faces:
            if face.crop_key:
                await self._blobs.delete(face.crop_key)
        # The questions asked about its faces ("Is this Alice?") show a crop of it: they go too.
        for suggestion in await Suggestion.filter(face_id__in=face_ids):
            for chat_id, message_id in suggestion.sent_to or []:
                try:
                    await self._messenger.delete_message(chat_id, message_id)
                except TelegramUnavailable as error:
                    raise TryAgainLater(error.retry_after or 5) from None
        # So do the sheets of unknown faces shown for naming or claiming a child (claims).
        await self._events.publish(
            FacesTakenDown(photo.group_id, tuple(face_ids))  # type: ignore[attr-defined]
        )
        # So do the sheets showing one of them (look-alikes, earlier photos shown before
        # they go); a text offer of its faces is answered as if they were never found.
        look_again: set[UUID] = set()  # persons whose earlier photos' sheet goes
        for offer in await EarlierPhotos.filter(group_id=photo.group_id):  # type: ignore[attr-defined]
            if not {str(face) for face in face_ids} & set(offer.face_ids):
                continue
            if offer.participant_id is not None:  # type: ignore[attr-defined]
                await self._drop_from_batch(offer, face_ids)
                continue
            if offer.sheet:
                for chat_id, message_id in offer.sent_to or []:
                    try:
                        await self._messenger.delete_message(chat_id, message_id)
                    except TelegramUnavailable as error:
                        raise TryAgainLater(error.retry_after or 5) from None
                # The sheet's other faces' crops were kept for it alone.
                for other in await Face.filter(
                    id__in=offer.face_ids, crop_key__isnull=False
                ).exclude(id__in=face_ids):
                    if not await Suggestion.exists(
                        face_id=other.id, status=SuggestionStatus.PENDING
                    ):
                        await self._blobs.delete(other.crop_key or "")
                        await Face.filter(id=other.id).update(crop_key=None)
                await EarlierPhotos.filter(id=offer.id).delete()
                if offer.status == OfferStatus.PENDING:
                    look_again.add(offer.person_id)  # type: ignore[attr-defined]
        async with in_transaction():
            await Suggestion.filter(face_id__in=face_ids).delete()
            await FaceRejection.filter(face_id__in=face_ids).delete()
            # A person that loses a prototype has it replaced by another candidate.
            lost = await Prototype.filter(face_id__in=face_ids).values_list("person_id", flat=True)
            choose = await prototype_choice.ask(UUID(str(p)) for p in lost)
            await Prototype.filter(face_id__in=face_ids).delete()
            await FaceSyncRequest.filter(face_id__in=face_ids).delete()
            await Face.filter(id__in=face_ids).delete()
        if self._jobs is not None:
            await prototype_choice.queue(self._jobs, choose)
        # The sheet's other faces are shown again, on a sheet (or a question) of their own.
        for person_id in look_again:
            await self._events.publish(OfferWithdrawn(person_id))
        log.info("photo %s: %d faces deleted", photo.id, len(face_ids))

    async def _drop_from_batch(self, batch: EarlierPhotos, face_ids: list[UUID]) -> None:
        """A guardian's batch of questions showing a face taken down: its message goes (it
        shows the crop), and its other faces wait for their next sheet (or the batch goes,
        when none is left)."""
        for chat_id, message_id in batch.sent_to or []:
            try:
                await self._messenger.delete_message(chat_id, message_id)
            except TelegramUnavailable as error:
                raise TryAgainLater(error.retry_after or 5) from None
        gone = {str(face) for face in face_ids}
        left = [face for face in batch.face_ids if face not in gone]
        if not left or batch.status not in (OfferStatus.WAITING, OfferStatus.PENDING):
            await EarlierPhotos.filter(id=batch.id).delete()
            return
        await EarlierPhotos.filter(id=batch.id).update(
            face_ids=left,
            photo_count=len(left),
            scores={face: score for face, score in (batch.scores or {}).items() if face in left},
            status=OfferStatus.WAITING,
            sent_to=None,
        )

    async def _delete_copies(self, photo_id: UUID) -> None:
        copies = await Delivery.filter(
            photo_id=photo_id, status=DeliveryStatus.SENT
        ).prefetch_related("participant")
        for copy in copies:
            outcome = Deletion.GONE
            if copy.message_id is not None:
                try:
                    outcome = await self._messenger.delete_message(
                        copy.participant.telegram_user_id, copy.message_id
                    )
                except TelegramUnavailable as error:
                    raise TryAgainLater(error.retry_after or 5) from None
            if outcome == Deletion.REFUSED and copy.message_id is not None:
                # Too old to delete: it stays, without its "Not Alice?" buttons.
                await self._copies.show_as_now(
                    [
                        SentCopy(
                            photo_id,
                            copy.participant.id,
                            copy.participant.telegram_user_id,
                            copy.message_id,
                            copy.album_id is not None,
                            copy.album_id,
                        )
                    ],
                )
            note = COPY_TOO_OLD if outcome == Deletion.REFUSED else COPY_DELETED
            await Delivery.filter(id=copy.id, status=DeliveryStatus.SENT).update(
                status=DeliveryStatus.TAKEN_DOWN, error=note
            )
        # The albums' "Not Alice? (photo n)" messages: without it (deleted if it was all).
        await self._copies.album_notes.show_as_now(
            {c.album_id for c in copies if c.album_id is not None}
        )

    async def _delete_group_post(self, photo: Photo) -> bool | None:
        """The photo in the group goes too, when the bot may delete it there."""
        if photo.message_id < 0 or not photo.group.is_active:
            return None  # posted before the group became a supergroup: no longer its message
        try:
            outcome = await self._messenger.delete_message(photo.group.chat_id, photo.message_id)
        except TelegramUnavailable as error:
            raise TryAgainLater(error.retry_after or 5) from None
        return outcome != Deletion.REFUSED

    async def _report(self, photo: Photo, report: Report, requester: int | None) -> None:
        """One message: the full report in the admin chat, else privately to who confirmed;
        when neither can be reached, only "Taken down." in the group: its members never
        learn how many guardians had the photo."""
        group = photo.group
        for chat_id in (group.admin_chat_id, requester, group.chat_id):
            if chat_id is None:
                continue
            async with speaking_to(chat_id):  # each chat's own language
                said = (
                    texts.taken_down_in_group(report.group_post)
                    if chat_id == group.chat_id
                    else texts.taken_down(
                        group.title,
                        photo.posted_at,
                        report.deleted,
                        report.too_old,
                        report.group_post,
                        copies=report.copies,
                        posts_left=report.posts_left,
                    )
                )
            try:
                await self._messenger.send_text(chat_id, said)
                return
            except (RecipientUnreachable, ChatUnavailable) as error:
                log.info(
                    "takedown report for photo %s not sent to %s: %s", photo.id, chat_id, error
                )
            except TelegramUnavailable as error:  # the work is done; only the report is lost
                log.warning("takedown report for photo %s not sent: %s", photo.id, error)
                return
