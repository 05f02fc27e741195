"""Albums and the daily digest: a group's photos gathered for each guardian and sent
together (``sendMediaGroup``, up to ``ALBUM_MAX`` in one), each photo exactly once.

In a group whose delivery mode is ``album`` or ``digest``, recognition plans a guardian's
delivery as ``waiting``. An album goes once the first of the guardian's waiting photos
from the group waited ``album_window_s`` (a delayed job, with a cron as the safety net);
the digest goes once a day at ``digest_hour_utc``. Nothing goes while the organizers
paused the group; a photo taken down is never sent. Each delivery of an album is claimed
(``waiting`` -> ``sending``) before the one request and marked ``sent`` with its own
message after it, so an interrupted album is never sent again (reconcile gives up on it,
as on a single photo). What an album cannot carry goes the single way (``pending``, the
``deliver`` job): a photo posted as a file, a lone photo, one whose person is no longer
active or that was taken down (the single way decides its fate), and everything once the
group is back to "each photo". Photos a guardian asked for ("Yes, that's Alice") come at
once, the single way.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from uuid import UUID

from domain import texts
from domain.delivery.service import Deliveries, claim
from domain.infra.models import Delivery, Face, Group, Participant
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for
from domain.retry import TryAgainLater
from domain.states import DeliveryMode, DeliveryStatus, MediaKind, PersonStatus
from domain.telegram import (
    ChatUnavailable,
    Messenger,
    NotThisPerson,
    RecipientUnreachable,
    TelegramUnavailable,
)

log = logging.getLogger(__name__)

ALBUM_MAX = 10  # Telegram's limit of photos in one album


def last_digest(now: datetime, hour: int) -> datetime:
    """When the latest daily digest was due, at or before ``now``."""
    today = now.astimezone(UTC).replace(hour=hour, minute=0, second=0, microsecond=0)
    return today if today <= now else today - timedelta(days=1)


def is_due(
    mode: DeliveryMode, oldest: datetime, now: datetime, window: timedelta, digest_hour: int
) -> bool:
    """Whether a guardian's waiting photos from a group go now: the oldest was planned at
    ``oldest``."""
    match mode:
        case DeliveryMode.EACH:
            return True
        case DeliveryMode.ALBUM:
            return oldest <= now - window
        case DeliveryMode.DIGEST:
            return oldest < last_digest(now, digest_hour)


def batch_job_id(participant_id: UUID, group_id: UUID) -> str:
    return f"{job_names.SEND_BATCH}:{participant_id}:{group_id}"


async def queue_album(
    jobs: JobQueue, participant_id: UUID, group_id: UUID, wait: timedelta
) -> bool:
    """Send the guardian's album from the group once ``wait`` (its window) has passed."""
    return await jobs.enqueue(
        job_names.SEND_BATCH,
        str(participant_id),
        str(group_id),
        job_id=batch_job_id(participant_id, group_id),
        delay=max(0.0, wait.total_seconds()) + 1,
    )


async def queue_waiting(jobs: JobQueue, group_id: UUID) -> int:
    """The group's delivery mode changed: look at its waiting photos now (those of a group
    back to "each photo" go one by one, an album due goes) rather than at the cron's next
    run."""
    pairs = (
        await Delivery.filter(photo__group_id=group_id, status=DeliveryStatus.WAITING)
        .distinct()
        .values_list("participant_id", "photo__group_id")
    )
    for participant_id, pair_group_id in pairs:
        await jobs.enqueue(
            job_names.SEND_BATCH,
            str(participant_id),
            str(pair_group_id),
            job_id=batch_job_id(UUID(str(participant_id)), UUID(str(pair_group_id))),
        )
    return len(pairs)


class Batches:
    def __init__(
        self,
        messenger: Messenger,
        jobs: JobQueue,
        deliveries: Deliveries,
        *,
        album_window: timedelta,
        digest_hour: int,
    ) -> None:
        self._messenger = messenger
        self._jobs = jobs
        self._deliveries = deliveries
        self._window = album_window
        self._digest_hour = digest_hour

    async def send_due(self, now: datetime | None = None) -> int:
        """Every guardian's albums that are due now (the cron); how many photos went."""
        pairs = (
            await Delivery.filter(status=DeliveryStatus.WAITING)
            .distinct()
            .values_list("participant_id", "photo__group_id")
        )
        sent = 0
        for participant_id, group_id in pairs:
            sent += await self.send(UUID(str(participant_id)), UUID(str(group_id)), now)
        return sent

    async def send(self, participant_id: UUID, group_id: UUID, now: datetime | None = None) -> int:
        """Send the guardian's waiting photos from the group if they are due."""
        now = now or datetime.now(UTC)
        waiting = (
            await Delivery.filter(
                participant_id=participant_id,
                photo__group_id=group_id,
                status=DeliveryStatus.WAITING,
            )
            .order_by("photo__posted_at", "photo__message_id")
            .prefetch_related("photo__group", "participant")
        )
        if not waiting:
            return 0
        group = waiting[0].photo.group
        participant = waiting[0].participant
        mode = DeliveryMode(group.delivery_mode)
        if not group.is_active or mode == DeliveryMode.EACH:
            await self._single(waiting)
            return 0
        if group.paused_at is not None:
            return 0  # the organizers paused the group: they wait for the resume
        removed = [d for d in waiting if d.photo.removed_at is not None]
        await self._finish(removed, DeliveryStatus.TAKEN_DOWN, "taken down by an organizer")
        waiting = [d for d in waiting if d not in removed]
        if not waiting:
            return 0
        oldest = min(delivery.created_at for delivery in waiting)
        if not is_due(mode, oldest, now, self._window, self._digest_hour):
            if mode == DeliveryMode.ALBUM:  # come back when it is
                await queue_album(self._jobs, participant_id, group_id, oldest + self._window - now)
            return 0
        if not await self._deliveries.still_member(participant, group_id):
            await self._finish(waiting, DeliveryStatus.CANCELLED, "no longer for this participant")
            return 0
        if not participant.is_reachable:
            await self._finish(waiting, DeliveryStatus.PARKED, "the participant blocked the bot")
            return 0
        photos = [d for d in waiting if d.photo.media_kind == MediaKind.PHOTO]
        await self._single([d for d in waiting if d not in photos])
        sent = 0
        for start in range(0, len(photos), ALBUM_MAX):
            sent += await self._album(group, participant, photos[start : start + ALBUM_MAX])
        return sent

    async def _album(self, group: Group, participant: Participant, chunk: list[Delivery]) -> int:
        if len(chunk) < 2:
            await self._single(chunk)
            return 0
        chat_id = participant.telegram_user_id
        try:
            await self._messenger.wait_turn(chat_id, longest=30, count=len(chunk))
        except TelegramUnavailable as error:
            raise TryAgainLater(error.retry_after or 5) from None
        # Claim each on the single send's conditions (not taken down, group not paused,
        # still a member, one of the guardian's persons in it active): from here on a
        # crash never leads to a second send.
        claimed: list[Delivery] = []
        for delivery in chunk:
            if await claim(delivery.id, DeliveryStatus.WAITING, participant.id, group.id):
                claimed.append(delivery)
        if await Group.exists(id=group.id, paused_at__isnull=False):
            # Paused meanwhile: the album waits for the resume, as it is.
            await self._release(claimed, DeliveryStatus.WAITING)
            return 0
        await self._single([d for d in chunk if d not in claimed])  # it decides their fate
        if len(claimed) < 2:
            await self._release(claimed, DeliveryStatus.PENDING)
            await self._queue_single(claimed)
            return 0
        names: dict[UUID, list[tuple[UUID, str]]] = defaultdict(list)
        for face in await Face.filter(
            photo_id__in=[d.photo.id for d in claimed],
            person__status=PersonStatus.ACTIVE,
            person__guardianships__participant_id=participant.id,
        ).prefetch_related("person"):
            if face.person is not None:
                names[face.photo_id].append((face.id, face.person.name))  # type: ignore[attr-defined]
        items = [
            (
                d.photo.file_id,
                texts.delivery_caption(sorted({n for _, n in names[d.photo.id]}), group.title),
            )
            for d in claimed
        ]
        try:
            message_ids = await self._messenger.send_album(chat_id, items, turn_taken=True)
        except RecipientUnreachable as error:
            await self._finish(claimed, DeliveryStatus.PARKED, str(error))
            await Participant.filter(id=participant.id).update(
                is_reachable=False, unreachable_since=datetime.now(UTC)
            )
            return 0
        except ChatUnavailable as error:
            # Refused (nothing was sent): a file Telegram no longer has. One by one, the
            # single way copies the group's message or says what failed.
            log.info("album for participant %s refused: %s", participant.id, error)
            await self._release(claimed, DeliveryStatus.PENDING)
            await self._queue_single(claimed)
            return 0
        except TelegramUnavailable as error:
            await self._release(claimed, DeliveryStatus.WAITING)
            raise TryAgainLater(error.retry_after or 5) from None
        now = datetime.now(UTC)
        for delivery, message_id in zip(claimed, message_ids, strict=False):
            await Delivery.filter(id=delivery.id).update(
                status=DeliveryStatus.SENT, message_id=message_id, sent_at=now, error=None
            )
        log.info(
            "album of %d photo(s) sent to participant %s from group %s",
            len(claimed),
            participant.id,
            group.id,
        )
        await self._offer_corrections(chat_id, group, claimed, names)
        return len(claimed)

    async def _offer_corrections(
        self,
        chat_id: int,
        group: Group,
        album: list[Delivery],
        names: dict[UUID, list[tuple[UUID, str]]],
    ) -> None:
        """An album carries no buttons: "Not Alice?" for each of its photos follows it."""
        buttons = [
            [NotThisPerson(face_id, texts.album_not_person_button(name, number))]
            for number, delivery in enumerate(album, start=1)
            for face_id, name in names[delivery.photo.id]
        ]
        try:
            await self._messenger.send_text(
                chat_id, texts.album_corrections(len(album), group.title), buttons
            )
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            log.info("album corrections for %s not sent: %s", chat_id, error)

    async def _single(self, deliveries: list[Delivery]) -> None:
        """These go (or are settled) the single way."""
        ids = [d.id for d in deliveries]
        if not ids:
            return
        await Delivery.filter(id__in=ids, status=DeliveryStatus.WAITING).update(
            status=DeliveryStatus.PENDING
        )
        await self._queue_single(deliveries)

    async def _queue_single(self, deliveries: list[Delivery]) -> None:
        for delivery in deliveries:
            await enqueue_for(self._jobs, job_names.DELIVER, delivery.id)

    @staticmethod
    async def _release(deliveries: list[Delivery], status: DeliveryStatus) -> None:
        await Delivery.filter(
            id__in=[d.id for d in deliveries], status=DeliveryStatus.SENDING
        ).update(status=status)

    @staticmethod
    async def _finish(deliveries: list[Delivery], status: DeliveryStatus, reason: str) -> None:
        await Delivery.filter(
            id__in=[d.id for d in deliveries],
            status__in=(DeliveryStatus.WAITING, DeliveryStatus.SENDING),
        ).update(status=status, error=reason[:255])
