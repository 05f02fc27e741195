"""Sending several of a guardian's photos from one group as one album (``sendMediaGroup``),
each exactly once, and the "Not Alice?" choices an album cannot carry in one follow-up
message that replies to it.

Two ways lead here: a group in album or digest mode (its ``waiting`` photos, see
``batches``), and a burst in a group that sends each photo at once: a guardian's photos
recognized while their chat waits for its next turn go together at that turn (their
``pending`` deliveries, see ``service``). The caller has taken the chat's turn for the
whole album.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import UTC, datetime
from uuid import UUID

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from domain import texts
from domain.delivery.captions import delivery_caption
from domain.delivery.claims import claim_all
from domain.infra.models import Delivery, Face, Group, Participant
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for
from domain.languages.chats import speaking_to_participant
from domain.observability import metrics
from domain.retry import TryAgainLater
from domain.states import DeliveryStatus, MediaKind, PersonStatus
from domain.telegram import (
    ChatUnavailable,
    Messenger,
    NotThisPerson,
    RecipientUnreachable,
    TelegramUnavailable,
)

log = logging.getLogger(__name__)

ALBUM_MAX = 10  # Telegram's limit of photos in one album
PHOTOS_FIRST_S = 30.0  # the longest an album's "Not Alice?" message waits for the photos after it
ALBUM_REFUSED = "album refused"  # the error of a photo Telegram refused in an album: it goes alone

Names = dict[UUID, list[tuple[UUID, str]]]  # photo id -> (face id, person name) for its guardian


class Albums:
    def __init__(self, messenger: Messenger, jobs: JobQueue) -> None:
        self._messenger = messenger
        self._jobs = jobs

    async def send(
        self,
        group: Group,
        participant: Participant,
        chunk: list[Delivery],
        origin: DeliveryStatus,
    ) -> int:
        """Send ``chunk`` (2 to ``ALBUM_MAX`` deliveries, now ``origin``) as one album, the
        turn taken; how many photos went. Each is claimed on the single send's conditions
        (not taken down, group not paused, still a member, one of the guardian's persons in
        it active): from there on a crash never leads to a second send. One that is not
        claimed goes (or is settled) the single way, which decides its fate."""
        names = await _names(participant.id, [d.photo.id for d in chunk])  # before claiming:
        # from the claims to the request, as little as can be
        won = await claim_all([d.id for d in chunk], origin, participant.id, group.id)
        claimed = [d for d in chunk if d.id in won]
        if await Group.exists(id=group.id, paused_at__isnull=False):
            # Paused meanwhile: the album waits for the resume, as it is.
            await self.release(claimed, origin)
            return 0
        await self.single([d for d in chunk if d not in claimed])
        if len(claimed) < 2:
            await self.release(claimed, DeliveryStatus.PENDING)
            await self.queue_single(claimed)
            return 0
        with speaking_to_participant(participant):
            items = [
                (
                    d.photo.file_id,
                    delivery_caption(
                        sorted({n for _, n in names[d.photo.id]}),
                        group.title,
                        d.photo.caption,
                        d.photo.caption_entities,
                    ),
                )
                for d in claimed
            ]
        chat_id = participant.telegram_user_id
        try:
            message_ids = await self._messenger.send_album(chat_id, items, turn_taken=True)
        except RecipientUnreachable as error:
            await finish(claimed, DeliveryStatus.PARKED, str(error))
            await Participant.filter(id=participant.id).update(
                is_reachable=False, unreachable_since=datetime.now(UTC)
            )
            return 0
        except ChatUnavailable as error:
            # Refused (nothing was sent): a file Telegram no longer has. One by one, the
            # single way copies the group's message or says what failed.
            log.info("album for participant %s refused: %s", participant.id, error)
            await self.release(claimed, DeliveryStatus.PENDING, f"{ALBUM_REFUSED}: {error}")
            await self.queue_single(claimed)
            return 0
        except TelegramUnavailable as error:
            await self.release(claimed, origin)
            if origin == DeliveryStatus.PENDING:
                await self.queue_single(claimed[1:])  # the first's own job tries again
            raise TryAgainLater(error.retry_after or 5) from None
        # One statement: the album's photos are all marked sent, or none is.
        now, album_id = datetime.now(UTC), claimed[0].id
        for delivery, message_id in zip(claimed, message_ids, strict=False):
            delivery.status, delivery.message_id = DeliveryStatus.SENT, message_id
            delivery.sent_at, delivery.error, delivery.album_id = now, None, album_id
            delivery.corrections_due = delivery.id == album_id
        await Delivery.bulk_update(
            claimed,
            fields=["status", "message_id", "sent_at", "error", "album_id", "corrections_due"],
        )
        for delivery in claimed:
            metrics.delivered(DeliveryStatus.SENT, delivery.photo.posted_at)
        log.info(
            "album of %d photo(s) sent to participant %s from group %s",
            len(claimed),
            participant.id,
            group.id,
        )
        await enqueue_for(self._jobs, job_names.ALBUM_CORRECTIONS, album_id)
        return len(claimed)

    async def send_burst(self, delivery_ids: list[UUID]) -> int:
        """Send these pending deliveries of one guardian from one group (a burst) as one
        album, oldest first, the turn taken; how many photos went (``send``)."""
        chunk = await Delivery.filter(id__in=delivery_ids).select_related(
            "photo__group", "participant"
        )
        if not chunk:
            return 0
        chunk.sort(key=_posted)
        first = chunk[0]
        return await self.send(first.photo.group, first.participant, chunk, DeliveryStatus.PENDING)

    async def offer_corrections(self, album_id: UUID) -> None:
        """An album carries no buttons: "Not Alice?" for each of its photos follows it in one
        message replying to it (owed until sent: reconcile queues it again), once the
        guardian's photos from the group ready to go have gone (each message waits about a
        second for the chat's turn: the choices can wait, the photos should not; at most
        ``PHOTOS_FIRST_S``). Its buttons are those still true when it goes: a photo taken
        down or a person deleted since has none; with none left, nothing is sent."""
        first = await Delivery.get_or_none(id=album_id, corrections_due=True).prefetch_related(
            "participant", "photo__group"
        )
        if first is None:
            return
        participant, group = first.participant, first.photo.group
        assert first.sent_at is not None
        waited = (datetime.now(UTC) - first.sent_at).total_seconds()
        if waited < PHOTOS_FIRST_S and await ready_to_go(participant.id, group.id).exists():
            raise TryAgainLater(1)  # without holding a worker's slot meanwhile
        album = await Delivery.filter(
            album_id=album_id, status=DeliveryStatus.SENT, photo__removed_at__isnull=True
        ).order_by("message_id")
        names = await _names(participant.id, [d.photo_id for d in album])  # type: ignore[attr-defined]
        with speaking_to_participant(participant):
            buttons = [
                [NotThisPerson(face_id, texts.album_not_person_button(name, number))]
                for number, delivery in enumerate(album, start=1)
                for face_id, name in names[delivery.photo_id]  # type: ignore[attr-defined]
            ]
            said = texts.album_corrections(len(album), group.title)
        if buttons:
            chat_id = participant.telegram_user_id
            try:
                await self._messenger.wait_turn(chat_id, longest=10)
                await self._messenger.send_text(
                    chat_id,
                    said,
                    buttons,
                    reply_to=first.message_id,
                    turn_taken=True,
                )
            except TelegramUnavailable as error:
                raise TryAgainLater(error.retry_after or 5) from None
            except (RecipientUnreachable, ChatUnavailable) as error:
                log.info("album corrections for %s not sent: %s", chat_id, error)
        await Delivery.filter(id=album_id).update(corrections_due=False)

    async def single(self, deliveries: list[Delivery]) -> None:
        """These go (or are settled) the single way."""
        ids = [d.id for d in deliveries]
        if not ids:
            return
        await Delivery.filter(id__in=ids, status=DeliveryStatus.WAITING).update(
            status=DeliveryStatus.PENDING
        )
        await self.queue_single(deliveries)

    async def queue_single(self, deliveries: list[Delivery]) -> None:
        for delivery in deliveries:
            await enqueue_for(self._jobs, job_names.DELIVER, delivery.id)

    @staticmethod
    async def release(
        deliveries: list[Delivery], status: DeliveryStatus, refused: str | None = None
    ) -> None:
        """Back to ``status``, unsent; ``refused``: what Telegram said (such a photo goes
        alone from now on)."""
        await Delivery.filter(
            id__in=[d.id for d in deliveries], status=DeliveryStatus.SENDING
        ).update(status=status, error=None if refused is None else refused[:255])


async def finish(deliveries: list[Delivery], status: DeliveryStatus, reason: str) -> None:
    ended = await Delivery.filter(
        id__in=[d.id for d in deliveries],
        status__in=(DeliveryStatus.WAITING, DeliveryStatus.SENDING),
    ).update(status=status, error=reason[:255])
    metrics.delivered(status, count=ended)


def ready_to_go(participant_id: UUID, group_id: UUID) -> QuerySet[Delivery]:
    """The guardian's photos from the group waiting for the chat's turn that may go in an
    album: photos (an album cannot mix in files), not one Telegram refused in an album
    (it goes alone), not taken down, oldest first."""
    return Delivery.filter(
        Q(error__isnull=True) | ~Q(error__startswith=ALBUM_REFUSED),
        participant_id=participant_id,
        photo__group_id=group_id,
        status=DeliveryStatus.PENDING,
        photo__media_kind=MediaKind.PHOTO,
        photo__removed_at__isnull=True,
        photo__group__paused_at__isnull=True,
    ).order_by("photo__posted_at", "photo__message_id")


async def _names(participant_id: UUID, photo_ids: list[UUID]) -> Names:
    """For each photo, its faces of the guardian's active persons, with their names."""
    names: Names = defaultdict(list)
    for face in await Face.filter(
        photo_id__in=photo_ids,
        person__status=PersonStatus.ACTIVE,
        person__guardianships__participant_id=participant_id,
    ).prefetch_related("person"):
        if face.person is not None:
            names[face.photo_id].append((face.id, face.person.name))  # type: ignore[attr-defined]
    return names


def _posted(delivery: Delivery) -> tuple[datetime, int]:
    return delivery.photo.posted_at, delivery.photo.message_id
