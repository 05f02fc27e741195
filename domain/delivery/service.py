"""Sending a recognized photo to one guardian, at most once, and only while they may see it."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from domain.delivery.albums import ALBUM_MAX, Albums, ready_to_go
from domain.delivery.captions import copy_caption
from domain.delivery.claims import claim
from domain.groups.memberships import MemberCheck
from domain.groups.service import Groups
from domain.infra.models import Delivery, Face, Group, Membership, Participant, Person
from domain.infra.queries import ids_of
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for
from domain.languages.chats import speaking_to_participant
from domain.logs import bind
from domain.observability import metrics
from domain.retry import TryAgainLater
from domain.states import DeliveryStatus, MediaKind, MembershipStatus, PersonStatus
from domain.telegram import (
    ChatMigrated,
    ChatUnavailable,
    Messenger,
    RecipientUnreachable,
    TelegramUnavailable,
)

log = logging.getLogger(__name__)


class HeldOutcome(StrEnum):
    SENDING = "sending"
    DROPPED = "dropped"
    NOTHING = "nothing"  # answered already: nothing is held any more
    PAUSED = "paused"  # paused again since the offer
    NOT_YOURS = "not_yours"


class Deliveries:
    def __init__(
        self,
        messenger: Messenger,
        jobs: JobQueue,
        *,
        membership_recheck: timedelta,
        job_timeout: timedelta = timedelta(seconds=120),
        bursts_as_albums: bool = True,
    ) -> None:
        self._messenger = messenger
        self._jobs = jobs
        self.members = MemberCheck(messenger, recheck=membership_recheck)
        self._albums = Albums(messenger, jobs) if bursts_as_albums else None
        # How long one ``send`` may wait: the job's time less room for the request itself.
        timeout_s = job_timeout.total_seconds()
        self._budget_s = timeout_s - max(1.0, min(15.0, timeout_s / 4))

    async def send(self, delivery_id: UUID) -> None:
        """Send the delivery if it is still due. It is ``sending`` only around the request
        itself: waits for a turn or for a 429 to pass happen while it is ``pending``, so a
        stop during one loses nothing, and a wait longer than the job has left defers it."""
        deadline = time.monotonic() + self._budget_s
        delivery = await Delivery.get_or_none(id=delivery_id).select_related(
            "photo__group", "participant"
        )  # one statement, joined
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return  # sent, parked, cancelled, or claimed by another run
        photo, participant = delivery.photo, delivery.participant
        bind(photo_id=photo.id, delivery_id=delivery.id)
        if photo.removed_at is not None:
            await self._finish(delivery, DeliveryStatus.TAKEN_DOWN, "taken down before it was sent")
            return
        if photo.group.paused_at is not None:
            return  # the organizers paused the group: resuming queues it again
        if not photo.group.is_active or not await self._still_member(participant, photo.group.id):
            await self._finish(delivery, DeliveryStatus.CANCELLED, "no longer for this participant")
            return
        if not participant.is_reachable:
            await self._finish(delivery, DeliveryStatus.PARKED, "the participant blocked the bot")
            return
        chat_id = participant.telegram_user_id
        # Copy the group's message; once it is gone, or it was posted before the group
        # became a supergroup (its id is negated then: the old chat can't be copied
        # from), send the file again.
        copy = photo.message_id >= 0
        burst: list[Delivery] = []
        alone = False  # after an album that could not take it

        async def ready() -> int:
            """Asked once the chat is free: 0 when the photo went meanwhile (in another
            photo's album) or is no longer pending; else how many photos go now: with it,
            the guardian's other photos from the group that gathered while the chat was
            held (a burst), as one album."""
            nonlocal burst
            now = await Delivery.filter(id=delivery.id, status=DeliveryStatus.PENDING).first()
            if now is None:
                return 0
            burst = [] if alone else await self._burst(delivery)
            return 1 + len(burst)

        while True:
            try:
                taken = await self._messenger.wait_turn(
                    chat_id, longest=deadline - time.monotonic(), count=ready
                )
            except TelegramUnavailable as error:
                raise TryAgainLater(error.retry_after or 5) from None
            if not taken:
                return  # sent with another photo's album, or settled meanwhile
            burst = burst[: taken - 1]  # the second's room was for fewer: theirs go later
            if burst and self._albums is not None:
                await self._albums.send(
                    photo.group,
                    participant,
                    sorted([delivery, *burst], key=_posted),
                    DeliveryStatus.PENDING,
                )
                if await Delivery.exists(id=delivery.id, status=DeliveryStatus.PENDING):
                    alone = True  # the album could not take it: alone, its fate decided
                    continue
                return
            # Claim it, only while one of the recipient's persons in the photo is active:
            # a person being deleted stops its deliveries here, atomically. From here on
            # a crash never leads to a second send. A photo taken down, a group paused or
            # a recipient banned (or gone) since the checks above: never claimed.
            claimed = await claim(
                delivery.id, DeliveryStatus.PENDING, participant.id, photo.group.id
            )
            if not claimed:
                if await Delivery.exists(
                    id=delivery.id, status=DeliveryStatus.PENDING, photo__removed_at__isnull=False
                ):
                    await self._finish(delivery, DeliveryStatus.TAKEN_DOWN, "taken down")
                elif await Group.exists(id=photo.group.id, paused_at__isnull=False):
                    return  # paused meanwhile: it stays pending, resuming queues it again
                elif not await Membership.exists(
                    participant_id=participant.id,
                    group_id=photo.group.id,
                    status=MembershipStatus.MEMBER,
                ):
                    await self._finish(
                        delivery, DeliveryStatus.CANCELLED, "no longer for this participant"
                    )
                elif await Face.exists(
                    photo_id=photo.id,
                    person__status=PersonStatus.PAUSED,
                    person__guardianships__participant_id=participant.id,
                ):
                    # Their person was paused after the photo was planned: held, and
                    # offered with the others when they resume.
                    await Delivery.filter(id=delivery.id, status=DeliveryStatus.PENDING).update(
                        status=DeliveryStatus.HELD
                    )
                elif await Delivery.exists(id=delivery.id, status=DeliveryStatus.PENDING):
                    await self._finish(
                        delivery,
                        DeliveryStatus.CANCELLED,
                        "none of their persons is in it any more",
                    )
                return
            faces = await Face.filter(
                photo_id=photo.id,
                person__status=PersonStatus.ACTIVE,
                person__guardianships__participant_id=participant.id,
            ).select_related("person")
            named = [(face.id, face.person.name) for face in faces if face.person is not None]
            with speaking_to_participant(participant):
                caption, buttons = copy_caption(
                    named, photo.group.title, photo.caption, photo.caption_entities
                )
            try:
                if copy:
                    message_id = await self._messenger.copy_photo(
                        chat_id,
                        photo.group.chat_id,
                        photo.message_id,
                        caption,
                        buttons,
                        turn_taken=True,
                    )
                else:
                    message_id = await self._messenger.send_photo(
                        chat_id, photo.file_id, caption, buttons, turn_taken=True
                    )
            except RecipientUnreachable as error:
                await self._finish(delivery, DeliveryStatus.PARKED, str(error))
                await Participant.filter(id=participant.id).update(
                    is_reachable=False, unreachable_since=datetime.now(UTC)
                )
                return
            except ChatUnavailable as error:
                if copy and photo.media_kind == MediaKind.PHOTO:
                    # The group message is gone (refused: nothing was sent); the file
                    # is still Telegram's to resend.
                    await self._release(delivery, str(error))
                    copy = False
                    continue
                await self._finish(delivery, DeliveryStatus.FAILED, str(error))
                return
            except TelegramUnavailable as error:
                # Telegram refused before sending: it is safe to try again (at the group's
                # new id when it became a supergroup).
                if isinstance(error, ChatMigrated):
                    await Groups().migrated(error.old_chat_id, error.new_chat_id)
                await self._release(delivery, str(error))
                if error.retry_after is None:
                    raise TryAgainLater(5) from None
                continue  # the chat is held for retry_after: wait_turn waits, or defers
            break
        await Delivery.filter(id=delivery.id).update(
            status=DeliveryStatus.SENT, message_id=message_id, sent_at=datetime.now(UTC), error=None
        )
        metrics.delivered(DeliveryStatus.SENT, photo.posted_at)
        log.info(
            "delivery %s sent (photo %s to participant %s)", delivery.id, photo.id, participant.id
        )

    async def _burst(self, delivery: Delivery) -> list[Delivery]:
        """The guardian's other photos from the group ready to go with ``delivery`` as one
        album, when it may lead one (one that cannot go takes no album's turn)."""
        if self._albums is None:
            return []
        ready = ready_to_go(delivery.participant.id, delivery.photo.group.id)
        if len(await ready.limit(2).values_list("id", flat=True)) < 2:  # mostly: it alone
            return []
        if not await ready.filter(id=delivery.id).exists():
            return []
        return (
            await ready.exclude(id=delivery.id)
            .limit(ALBUM_MAX - 1)
            .select_related("photo__group", "participant")
        )

    @staticmethod
    async def _release(delivery: Delivery, reason: str) -> None:
        """Telegram refused the request: the delivery is pending again, to be tried later."""
        await Delivery.filter(id=delivery.id, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.PENDING, error=reason[:255]
        )

    async def still_member(self, participant: Participant, group_id: UUID) -> bool:
        """Whether the participant is (still) a member of the group, asked of Telegram
        when facedrop cannot know (``domain.groups.memberships``)."""
        return await self._still_member(participant, group_id)

    async def _still_member(self, participant: Participant, group_id: UUID) -> bool:
        return await self.members.still_member(participant, group_id)

    @staticmethod
    async def _finish(delivery: Delivery, status: DeliveryStatus, reason: str) -> None:
        log.info("delivery %s %s: %s", delivery.id, status.value, reason)
        await Delivery.filter(id=delivery.id).update(status=status, error=reason[:255])
        metrics.delivered(status)

    async def resume(self, participant_id: UUID) -> int:
        """The participant is reachable again: send what was parked for them."""
        parked = await ids_of(
            Delivery.filter(participant_id=participant_id, status=DeliveryStatus.PARKED)
        )
        await Delivery.filter(id__in=parked).update(status=DeliveryStatus.PENDING, error=None)
        for delivery_id in parked:
            await enqueue_for(self._jobs, job_names.DELIVER, delivery_id)
        return len(parked)

    async def held_offers(self, person_id: UUID) -> list[tuple[int, int]]:
        """For each guardian, how many photos of the person were held while it was paused:
        (Telegram user id, count), only guardians with some."""
        offers = []
        for participant in await Participant.filter(guardianships__person_id=person_id):
            held = await _held_ids(participant.id, person_id)
            if held:
                offers.append((participant.telegram_user_id, len(held)))
        return offers

    async def take_held(
        self, person_id: UUID, user_id: int, send: bool
    ) -> tuple[HeldOutcome, int, str]:
        """The guardian's answer to the offer on resume: send the held photos, or drop them."""
        participant = await Participant.get_or_none(
            telegram_user_id=user_id, guardianships__person_id=person_id
        )
        person = await Person.get_or_none(id=person_id)
        if participant is None or person is None:
            return HeldOutcome.NOT_YOURS, 0, ""
        if send and person.status != PersonStatus.ACTIVE:
            return HeldOutcome.PAUSED, 0, person.name
        held = await _held_ids(participant.id, person_id)
        status = DeliveryStatus.PENDING if send else DeliveryStatus.CANCELLED
        taken = await Delivery.filter(id__in=held, status=DeliveryStatus.HELD).update(
            status=status, error=None if send else "the guardian declined the held photos"
        )
        if not taken:
            return HeldOutcome.NOTHING, 0, person.name
        if not send:
            metrics.delivered(DeliveryStatus.CANCELLED, count=taken)
        if send:
            for delivery_id in held:
                await enqueue_for(self._jobs, job_names.DELIVER, delivery_id)
        log.info(
            "participant %s %s %d held photo(s) of person %s",
            participant.id,
            "took" if send else "declined",
            taken,
            person_id,
        )
        return (HeldOutcome.SENDING if send else HeldOutcome.DROPPED), taken, person.name


async def _held_ids(participant_id: UUID, person_id: UUID) -> list[UUID]:
    """The participant's deliveries held while the person was paused."""
    return await ids_of(
        Delivery.filter(
            participant_id=participant_id,
            status=DeliveryStatus.HELD,
            photo__faces__person_id=person_id,
        ).distinct()
    )


def _posted(delivery: Delivery) -> tuple[datetime, int]:
    return delivery.photo.posted_at, delivery.photo.message_id
