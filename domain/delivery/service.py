"""Sending a recognized photo to one guardian, at most once, and only while they may see it."""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from domain.delivery import texts
from domain.delivery.albums import ALBUM_MAX, Albums, cards_counted
from domain.delivery.batch_jobs import queue_waiting
from domain.delivery.captions import copy_caption
from domain.delivery.decision import Decision, Step, decide
from domain.delivery.posted_albums import wait_for_album
from domain.delivery.stores import (
    NOTHING_HELD,
    DeliveryStore,
    Due,
    HeldMedia,
    Members,
    held_message,
    held_subject,
)
from domain.groups.memberships import Member, MemberCheck
from domain.groups.service import Groups
from domain.jobs import queue as job_names
from domain.jobs import requests
from domain.jobs.queue import JobQueue, enqueue_for
from domain.languages.chats import speaking_to, speaking_to_participant
from domain.logs import bind
from domain.observability import metrics
from domain.retry import TryAgainLater
from domain.settings import Settings
from domain.states import DeliveryStatus, MediaKind, PersonStatus, RequestKind
from domain.telegram import (
    ChatMigrated,
    ChatUnavailable,
    Messenger,
    RecipientUnreachable,
    TelegramUnavailable,
)

log = logging.getLogger(__name__)

# How soon "Sending 2 photos." looks again whether they went.
HELD_SENT_RETRY_S = 2


class HeldOutcome(StrEnum):
    SENDING = "sending"
    DROPPED = "dropped"
    NOTHING = "nothing"  # answered already: nothing is held any more
    PAUSED = "paused"  # paused again since the offer
    NOT_YOURS = "not_yours"
    GONE = "gone"  # the person was deleted since the offer
    FACES_FORGOTTEN = "faces_forgotten"  # its faces deleted since: what they found is gone
    # Held from groups the guardian is out of now: kept for their return.
    ELSEWHERE = "elsewhere"
    BANNED = "banned"  # cancelled by their ban from the groups since the offer


class Attempt(StrEnum):
    """What became of one try at sending a delivery alone."""

    DONE = "done"  # sent, or settled unsent
    AGAIN = "again"  # Telegram asked to wait: at the chat's next turn
    AS_FILE = "as_file"  # the group's message is gone: its file at the next turn


class Deliveries:
    def __init__(
        self,
        messenger: Messenger,
        jobs: JobQueue,
        store: DeliveryStore,
        *,
        groups: Groups,
        membership_recheck: timedelta,
        job_timeout: timedelta = timedelta(seconds=120),
        bursts_as_albums: bool = True,
        posted_album_wait: timedelta = timedelta(0),
        members: Members | None = None,
    ) -> None:
        """``members``: who says whether a guardian is still in a group (by default, as
        recorded, and Telegram when facedrop cannot know: ``self.members``);
        ``posted_album_wait``: the longest an item of a posted album waits for its others
        (``posted_albums``; only where bursts go as albums)."""
        self._messenger = messenger
        self._jobs = jobs
        self._store = store
        self.store = store  # for the batches and albums built beside it
        self._groups = groups  # follows a group Telegram says became a supergroup
        self.members = MemberCheck(messenger, groups, recheck=membership_recheck)
        self._members: Members = self.members if members is None else members
        self._albums = Albums(messenger, jobs, store) if bursts_as_albums else None
        self._posted_album_wait = posted_album_wait if bursts_as_albums else timedelta(0)
        # How long one ``send`` may wait: the job's time less room for the request itself.
        timeout_s = job_timeout.total_seconds()
        self._budget_s = timeout_s - max(1.0, min(15.0, timeout_s / 4))

    @classmethod
    def configured(
        cls,
        messenger: Messenger,
        jobs: JobQueue,
        store: DeliveryStore,
        settings: Settings,
        groups: Groups,
    ) -> Deliveries:
        """Deliveries as ``settings`` configure them: the one way the bot and the worker
        build theirs."""
        return cls(
            messenger,
            jobs,
            store,
            groups=groups,
            membership_recheck=timedelta(seconds=settings.telegram.membership_recheck_s),
            job_timeout=timedelta(seconds=settings.jobs.timeout_s),
            bursts_as_albums=settings.delivery.bursts_as_albums,
            posted_album_wait=timedelta(seconds=settings.delivery.posted_album_wait_s),
        )

    async def send(self, delivery_id: UUID) -> None:
        """Send the delivery if it is still due. It is ``sending`` only around the request
        itself: waits for a turn or for a 429 to pass happen while it is ``pending``, so a
        stop during one loses nothing, and a wait longer than the job has left defers it."""
        deadline = time.monotonic() + self._budget_s
        due = await self._store.due(delivery_id)
        if due is None:
            return
        bind(photo_id=due.photo.id, delivery_id=due.id)
        decision = await self._decide_first(due)
        if decision.step != Step.SEND:
            await self._settle(due, decision)
            return
        await self._wait_for_album(due)
        await self._send(due, deadline)

    async def _wait_for_album(self, due: Due) -> None:
        """An item of an album posted in the group comes back later (the job deferred, the
        delivery pending) while the album's others are still being read, at most
        ``posted_album_wait``: the guardian's items of it then go as one album (the burst
        ``_turn`` gathers). A photo posted alone goes at once."""
        if not self._posted_album_wait:
            return
        album = await self._store.posted_album(due)
        wait = wait_for_album(album, datetime.now(UTC), self._posted_album_wait)
        if wait:
            raise TryAgainLater(wait)

    async def _decide_first(self, due: Due) -> Decision:
        """The decision before the chat's turn, on the facts as recorded; one that would send
        asks Telegram too whether the guardian is still in the group, when facedrop cannot
        know (``domain.groups.memberships``)."""
        decision = decide(due.facts)
        if decision.step == Step.SEND and not await self.still_member(
            due.guardian, due.photo.group_id
        ):
            decision = decide(replace(due.facts, member=False))
        return decision

    async def _settle(self, due: Due, decision: Decision) -> None:
        """Act on a decision not to send now: finish it, hold it, or leave it as it is (a
        paused group's resume queues it again; one no longer pending is settled)."""
        if decision.step == Step.FINISH:
            assert decision.status is not None
            await self._finish(due.id, decision.status, decision.reason)
        elif decision.step == Step.HOLD:
            # Their person was paused after the photo was planned: held, and offered with
            # the others when they resume.
            await self._store.hold(due.id)

    async def _send(self, due: Due, deadline: float) -> None:
        """Wait for the chat's turn and send it: with the guardian's other photos of a
        burst, as one album, when there are some; else alone (again at the next turn when
        Telegram asks to wait, or as its file once the group's message is gone)."""
        # Copy the group's message; once it is gone, or it was posted before the group
        # became a supergroup (its id is negated then: the old chat can't be copied
        # from), send the file again.
        copy = due.photo.message_id >= 0
        alone = False  # after an album that could not take it
        while True:
            burst = await self._turn(due, deadline, alone=alone)
            if burst is None:
                return  # sent with another photo's album, or settled meanwhile
            if burst and self._albums is not None:
                await self._albums.send_burst(due.guardian, [due.id, *burst])
                if await self._store.is_pending(due.id):
                    alone = True  # the album could not take it: alone, its fate decided
                    continue
                return
            attempt = await self._send_alone(due, copy=copy)
            if attempt == Attempt.DONE:
                return
            if attempt == Attempt.AS_FILE:
                copy = False

    async def _turn(self, due: Due, deadline: float, *, alone: bool) -> list[UUID] | None:
        """Wait for the chat's turn (deferring the job when it is further off than the job
        has left); then None when the photo went meanwhile (in another photo's album) or
        is no longer pending, else the guardian's other photos from the group to send with
        it as one album: those that gathered while the chat was held (a burst), none when
        it goes ``alone``."""
        burst: list[UUID] = []

        async def ready() -> int:
            """Asked once the chat is free: how many photos go now (0: none)."""
            nonlocal burst
            if not await self._store.is_pending(due.id):
                return 0
            if not alone and self._albums is not None:
                burst = await self._store.burst(due, ALBUM_MAX - 1)
            return 1 + len(burst)

        try:
            taken = await self._messenger.wait_turn(
                due.guardian.telegram_user_id, longest=deadline - time.monotonic(), count=ready
            )
        except TelegramUnavailable as error:
            raise TryAgainLater(error.retry_after or 5) from None
        if not taken:
            return None
        return burst[: taken - 1]  # the second's room was for fewer: theirs go later

    async def _send_alone(self, due: Due, *, copy: bool) -> Attempt:
        """Reserve the delivery and make the one request that sends it, the turn taken."""
        photo, guardian = due.photo, due.guardian
        # Reserve it, only while one of the recipient's persons in the photo is active:
        # a person being deleted stops its deliveries here, atomically. From here on a
        # crash never leads to a second send. A photo taken down, a group paused or a
        # recipient banned (or gone) since the checks above: never reserved.
        if not await self._store.reserve(due):
            await self._not_reserved(due)
            return Attempt.DONE
        named = await self._store.named(due)
        on_screen = (
            await self._store.on_screen([face for face, _ in named])
            if photo.media_kind.is_clip
            else {}
        )
        with speaking_to_participant(guardian):
            caption, buttons = copy_caption(
                named, photo.group_title, photo.caption, photo.caption_entities, on_screen=on_screen
            )
        chat_id = guardian.telegram_user_id
        try:
            if copy:
                message_id = await self._messenger.copy_photo(
                    chat_id,
                    photo.group_chat_id,
                    photo.message_id,
                    caption,
                    buttons,
                    turn_taken=True,
                )
            elif photo.media_kind.is_clip:
                message_id = await self._messenger.send_clip(
                    chat_id, photo.media_kind, photo.file_id, caption, buttons, turn_taken=True
                )
            else:
                message_id = await self._messenger.send_photo(
                    chat_id, photo.file_id, caption, buttons, turn_taken=True
                )
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            return await self._refused(due, error, copy=copy)
        await self._store.sent(due.id, message_id, datetime.now(UTC))
        await cards_counted(self._jobs, chat_id)
        metrics.delivered(DeliveryStatus.SENT, photo.posted_at)
        log.info("delivery %s sent (photo %s to participant %s)", due.id, photo.id, guardian.id)
        if photo.media_kind == MediaKind.VIDEO_NOTE:
            await self._say_beside(due.id, chat_id, message_id, caption)
        return Attempt.DONE

    async def _say_beside(
        self, delivery_id: UUID, chat_id: int, message_id: int, caption: str
    ) -> None:
        """A round video carries no caption (Telegram drops it): who is in it and when
        ("Alice at 0:03 · Class 1A") goes in a message replying to the copy, at the chat's
        next turn, kept so that a rename re-writes it as it re-captions copies. The copy is
        sent already: a refusal here loses only these words."""
        try:
            said = await self._messenger.send_text(chat_id, caption, reply_to=message_id)
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            log.info("names beside round video %s in %s not sent: %s", message_id, chat_id, error)
            return
        await self._store.names_sent(delivery_id, said)

    async def _refused(self, due: Due, error: Exception, *, copy: bool) -> Attempt:
        """Telegram refused the request (nothing was sent): park it, fail it, or make it
        pending again for another try."""
        if isinstance(error, RecipientUnreachable):
            await self._finish(due.id, DeliveryStatus.PARKED, str(error))
            await self._store.unreachable(due.guardian.id, datetime.now(UTC))
            return Attempt.DONE
        if isinstance(error, ChatUnavailable):
            if copy and (due.photo.media_kind == MediaKind.PHOTO or due.photo.media_kind.is_clip):
                # The group message is gone; the file is still Telegram's to resend (a
                # clip as what it is: a video, an animation, a round video).
                await self._store.release(due.id, str(error)[:255])
                return Attempt.AS_FILE
            await self._finish(due.id, DeliveryStatus.FAILED, str(error))
            return Attempt.DONE
        assert isinstance(error, TelegramUnavailable)
        # Refused before sending: it is safe to try again (at the group's new id when it
        # became a supergroup).
        if isinstance(error, ChatMigrated):
            await self._groups.migrated(error.old_chat_id, error.new_chat_id)
        await self._store.release(due.id, str(error)[:255])
        if error.retry_after is None:
            raise TryAgainLater(5) from None
        return Attempt.AGAIN  # the chat is held for retry_after: the turn waits, or defers

    async def _not_reserved(self, due: Due) -> None:
        """The reservation failed: something changed since the first decision. The same decision
        on the facts now says what (a reservation never fails on facts that would send it: they
        changed back meanwhile, and it is tried again later)."""
        facts = await self._store.facts(due.id)
        if facts is None:
            return
        decision = decide(facts)
        if decision.step == Step.SEND:
            raise TryAgainLater(1)
        await self._settle(due, decision)

    async def still_member(self, participant: Member, group_id: UUID) -> bool:
        """Whether the participant is (still) a member of the group, asked of Telegram
        when facedrop cannot know (``domain.groups.memberships``)."""
        return await self._members.still_member(participant, group_id)

    async def _finish(self, delivery_id: UUID, status: DeliveryStatus, reason: str) -> None:
        log.info("delivery %s %s: %s", delivery_id, status.value, reason)
        await self._store.finish(delivery_id, status, reason[:255])
        metrics.delivered(status)

    async def queue_waiting(self, group_id: UUID) -> int:
        """The group's delivery mode changed, or it resumed: its guardians' photos waiting
        for an album or a digest are looked at now (``batch_jobs.queue_waiting``); how
        many guardians have some."""
        return await queue_waiting(self._jobs, self._store, group_id)

    async def resume(self, participant_id: UUID) -> int:
        """The participant is reachable again: send what was parked for them."""
        parked = await self._store.unpark(participant_id)
        for delivery_id in parked:
            await enqueue_for(self._jobs, job_names.DELIVER, delivery_id)
        return len(parked)

    async def held_offers(self, person_id: UUID) -> list[tuple[int, HeldMedia]]:
        """For each guardian, how many photos and clips of the person were held while it
        was paused, and from which groups: (Telegram user id, held), only guardians with
        some."""
        offers = []
        for guardian in await self._store.guardians(person_id):
            held = await self._store.held(guardian.id, person_id)
            if held:
                # The groups by name: photos posted the same second have no order.
                media = HeldMedia.of([h.clip for h in held], sorted(h.group for h in held))
                offers.append((guardian.telegram_user_id, media))
        return offers

    async def held_for(self, person_id: UUID, user_id: int) -> HeldMedia:
        """What is held of the person for the guardian of this Telegram user id and can be
        sent now, as its offer counts it (``NOTHING_HELD``: nothing, or no longer theirs)."""
        guardian = await self._store.guardian(person_id, user_id)
        if guardian is None:
            return NOTHING_HELD
        held = await self._store.held(guardian.id, person_id)
        return HeldMedia.of([h.clip for h in held], sorted(h.group for h in held))

    async def tell_held_sent(self, subject: str) -> None:
        """The answer "Sending 2 photos." says "Sent 2 photos." once they went (as
        "Deleting…" says "Deleted…"): it comes back while one is still on its way. Its
        ``HELD_SENT`` request (``subject``: that message) was recorded with the photos
        taken, so a job lost (a worker killed, Redis flushed) is queued again by the
        reconcile cron; it is done once the message says it (an edit made twice says the
        same), and a run after that finds nothing to do."""
        said = held_message(subject)
        delivery_ids = await self._store.held_sending(said)
        if delivery_ids is None:
            return
        statuses = await self._store.statuses(delivery_ids)
        if any(s in (DeliveryStatus.PENDING, DeliveryStatus.SENDING) for s, _ in statuses):
            raise TryAgainLater(HELD_SENT_RETRY_S)
        sent = HeldMedia.of([clip for s, clip in statuses if s == DeliveryStatus.SENT])
        # None went (taken back meanwhile): "Sending" is all it said.
        if sent.count:
            chat_id, message_id = said
            async with speaking_to(chat_id):
                text = texts.held_delivered(sent.photos, sent.clips)
            try:
                # Gone (its reader deleted "Sending 2 photos."): the photos themselves say it.
                await self._messenger.replace_text(chat_id, message_id, text)
            except TelegramUnavailable as error:
                raise TryAgainLater(error.retry_after or 5) from None
        await self._store.held_said(said)

    async def take_held(
        self, person_id: UUID, user_id: int, send: bool, said: tuple[int, int] | None = None
    ) -> tuple[HeldOutcome, HeldMedia, str]:
        """The guardian's answer to the offer on resume: send the held photos, or drop them.
        ``said``: the offer's message (chat id, message id), which says "Sent" once they went."""
        person = await self._store.person(person_id)
        if person is None:
            # Deleted since (with its guardianships): nothing of it is left to name.
            return HeldOutcome.GONE, NOTHING_HELD, ""
        guardian = await self._store.guardian(person_id, user_id)
        if guardian is None:
            return HeldOutcome.NOT_YOURS, NOTHING_HELD, ""
        name, state = person
        if state == PersonStatus.NEEDS_PHOTOS:
            # "Forget faces": the faces that found the held photos went with them.
            return HeldOutcome.FACES_FORGOTTEN, NOTHING_HELD, name
        if send and state == PersonStatus.PAUSED:
            return HeldOutcome.PAUSED, NOTHING_HELD, name
        held = await self._store.held(guardian.id, person_id)
        if not held:
            out = await self._store.held_elsewhere(guardian.id, person_id)
            banned = [title for title, ban in out if ban]
            if banned:
                return HeldOutcome.BANNED, HeldMedia.of([], banned), name
            if out:
                return HeldOutcome.ELSEWHERE, HeldMedia.of([], [t for t, _ in out]), name
        status = DeliveryStatus.PENDING if send else DeliveryStatus.CANCELLED
        taken = await self._store.take_held(
            [h.delivery_id for h in held],
            status,
            None if send else "the guardian declined the held photos",
            said if send else None,
        )
        if not taken:
            return HeldOutcome.NOTHING, NOTHING_HELD, name
        if not send:
            metrics.delivered(DeliveryStatus.CANCELLED, count=len(taken))
        if send:
            for delivery_id in taken:
                await enqueue_for(self._jobs, job_names.DELIVER, delivery_id)
            if said is not None:
                await requests.queue(self._jobs, RequestKind.HELD_SENT, held_subject(said))
        log.info(
            "participant %s %s %d held photo(s) of person %s",
            guardian.id,
            "took" if send else "declined",
            len(taken),
            person_id,
        )
        outcome = HeldOutcome.SENDING if send else HeldOutcome.DROPPED
        return outcome, HeldMedia.of([h.clip for h in held if h.delivery_id in taken]), name
