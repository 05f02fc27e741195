"""Organizers' decisions hold: a ban, a pause or a takedown that lands while a send or a
membership check is half way (Telegram being asked) is not undone by it; undoing an old
decision never reverses a newer one; odd /ban arguments get a clear answer; /stats counts
the persons recognized in the group; a non-admin can't make the bot flood the group.

The races are made real by a messenger that lets the decision land while the real one
(talking HTTP to the emulator) is being asked: between the sender's checks and its claim,
or between reading a membership and writing Telegram's answer back."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from arq import create_pool

from domain.delivery.batches import Batches
from domain.delivery.service import Deliveries
from domain.events import EventBus
from domain.groups.service import Groups
from domain.infra.arq_queue import ArqJobQueue, redis_settings
from domain.infra.models import (
    Approval,
    Delivery,
    Group,
    GroupBan,
    Guardianship,
    Membership,
    ModerationEvent,
    Participant,
    Person,
    Photo,
)
from domain.infra.stores.delivery import TortoiseDeliveryStore
from domain.infra.stores.groups import TortoiseGroupStore
from domain.infra.stores.moderation_audit import TortoiseAuditStore
from domain.infra.stores.moderation_bans import TortoiseBanStore
from domain.infra.stores.moderation_pause import TortoisePauseStore
from domain.infra.stores.moderation_stats import TortoiseStatsStore
from domain.infra.stores.onboarding import TortoiseOnboardingStore
from domain.infra.telegram.client import make_bot
from domain.infra.telegram.messenger import make_messenger
from domain.infra.telegram.throttle import AlbumSize
from domain.moderation.audit import Actor
from domain.moderation.audit_view import AuditView
from domain.moderation.bans import Bans, Target
from domain.moderation.pause import Pauses
from domain.moderation.stats import Statistics
from domain.moderation.undo import UndoOutcome
from domain.onboarding.service import JoinOutcome, Onboarding, TelegramUser
from domain.states import (
    ApprovalKind,
    ApprovalStatus,
    DeliveryMode,
    DeliveryStatus,
    MembershipStatus,
    ModerationAction,
    PersonStatus,
)
from domain.telegram import Messenger
from tests.e2e.conftest import CAST, Collages, Journey, labels
from tests.e2e.organizers import audit_undo, bound_admin_chat, takedown_asked_in_group

X, NOBODY = CAST["angelina"], CAST["strangers"]
Hook = Callable[[], Awaitable[None]]


class Meanwhile:
    """The real messenger; ``during[method]`` runs once while that method is under way
    (after Telegram answered, before the caller goes on): a decision landing then."""

    def __init__(self, real: Messenger, **during: Hook) -> None:
        self._real = real
        self._during = during

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    async def _meanwhile(self, method: str) -> None:
        hook = self._during.pop(method, None)
        if hook is not None:
            await hook()

    async def member_status(self, chat_id: int, user_id: int) -> str:
        status = await self._real.member_status(chat_id, user_id)
        await self._meanwhile("member_status")
        return status

    async def wait_turn(self, chat_id: int, longest: float, count: AlbumSize | int = 1) -> int:
        taken = await self._real.wait_turn(chat_id, longest, count)
        await self._meanwhile("wait_turn")
        return taken


@contextlib.asynccontextmanager
async def senders(journey: Journey, **during: Hook) -> AsyncIterator[tuple[Messenger, Batches]]:
    """The worker's senders on the same Telegram, Redis and Postgres, with ``during``."""
    assert journey.stack is not None and journey.stack.redis is not None
    settings = journey.settings
    bot = make_bot(settings)
    messenger = cast(
        Messenger, Meanwhile(make_messenger(bot, journey.stack.redis, settings.telegram), **during)
    )
    pool = await create_pool(redis_settings(settings.redis_url or ""))
    queue = ArqJobQueue(pool)
    # Every membership is re-checked with Telegram: the window the races need.
    deliveries = Deliveries(
        messenger,
        queue,
        TortoiseDeliveryStore(),
        groups=Groups(TortoiseGroupStore(), EventBus()),
        membership_recheck=timedelta(0),
    )
    try:
        yield (
            messenger,
            Batches(
                messenger,
                queue,
                deliveries,
                album_window=timedelta(seconds=settings.delivery.album_window_s),
                digest_hour=settings.delivery.digest_hour_utc,
            ),
        )
    finally:
        await pool.aclose()
        await bot.session.close()


def deliveries_of(batches: Batches) -> Deliveries:
    return batches._deliveries  # the same sender


POSTER = Actor(0, "Poster")


async def _target(user: dict[str, Any]) -> Target:
    return Target(user["id"], user["first_name"])


async def _membership(user: dict[str, Any]) -> MembershipStatus:
    membership = await Membership.get(participant__telegram_user_id=user["id"])
    return MembershipStatus(membership.status)


async def _delivered_again(journey: Journey, collages: Collages) -> tuple[Any, ...]:
    """Ann got Alice's photo; its delivery is made pending again, as if not yet sent (no
    job queued: only the test's sender sends it)."""
    ann, poster, group = await journey.class_with_alice()
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1
    (delivery,) = await Delivery.all()
    await Delivery.filter(id=delivery.id).update(status=DeliveryStatus.PENDING, message_id=None)
    return ann, poster, group, delivery.id


# ----- a ban during a membership check or a join ------------------------------------------


async def test_a_ban_while_telegram_confirms_the_membership_is_not_overwritten(
    journey: Journey, collages: Collages
) -> None:
    ann, _poster, group, delivery_id = await _delivered_again(journey, collages)
    db_group = await Group.get(chat_id=group["id"])

    async def ban_ann() -> None:
        await Bans(TortoiseBanStore()).ban(db_group, await _target(ann), POSTER)

    async with senders(journey, member_status=ban_ann) as (_, batches):
        await deliveries_of(batches).send(delivery_id)
    await journey.settle()
    # Telegram said "member" before the ban was written: the ban stands, nothing went.
    assert await _membership(ann) == MembershipStatus.BANNED
    assert (await Delivery.get(id=delivery_id)).status == DeliveryStatus.CANCELLED
    assert len(journey.photos_for(ann)) == 1


async def test_a_banned_member_who_leaves_the_group_stays_banned(journey: Journey) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    sent = await journey.says(poster, "/ban @ann", office["id"])
    await journey.replies(office["id"], sent)
    await journey.world.set_member_status(group["id"], ann["id"], "left")
    await journey.settle()
    assert await _membership(ann) == MembershipStatus.BANNED


async def test_a_ban_while_telegram_confirms_a_join_refuses_the_join(journey: Journey) -> None:
    ann, _poster, group = await journey.class_with_alice()
    db_group = await Group.get(chat_id=group["id"])
    # Ann left facedrop's side of the group; she comes back through the link, and is
    # banned while Telegram is asked whether she is in the group.
    await Membership.filter(participant__telegram_user_id=ann["id"]).update(
        status=MembershipStatus.LEFT
    )

    async def ban_ann() -> None:
        await Bans(TortoiseBanStore()).ban(db_group, await _target(ann), POSTER)

    async with senders(journey, member_status=ban_ann) as (messenger, _):
        user = TelegramUser(ann["id"], ann["first_name"], ann.get("username"), None)
        result = await Onboarding(messenger, TortoiseOnboardingStore()).join(
            user, db_group.join_token
        )
    assert result.outcome == JoinOutcome.BANNED
    assert await _membership(ann) == MembershipStatus.BANNED
    assert await GroupBan.exists(telegram_user_id=ann["id"])


# ----- a decision between the sender's checks and its claim ------------------------------


async def test_a_ban_pause_or_takedown_landing_before_the_claim_stops_the_send(
    journey: Journey, collages: Collages
) -> None:
    ann, _poster, group, delivery_id = await _delivered_again(journey, collages)
    db_group = await Group.get(chat_id=group["id"])

    # Paused while the sender waited for its turn: not sent, still pending for the resume.
    async def pause_it() -> None:
        await Pauses(TortoisePauseStore()).pause(db_group, POSTER)

    async with senders(journey, wait_turn=pause_it) as (_, batches):
        await deliveries_of(batches).send(delivery_id)
    assert (await Delivery.get(id=delivery_id)).status == DeliveryStatus.PENDING
    assert len(journey.photos_for(ann)) == 1
    await Pauses(TortoisePauseStore()).resume(db_group, POSTER, None)

    # Taken down while it waited: never sent.
    photo = await Photo.get(group=db_group)

    async def take_down() -> None:
        await Photo.filter(id=photo.id).update(removed_at=datetime.now(UTC))

    async with senders(journey, wait_turn=take_down) as (_, batches):
        await deliveries_of(batches).send(delivery_id)
    assert (await Delivery.get(id=delivery_id)).status == DeliveryStatus.TAKEN_DOWN
    assert len(journey.photos_for(ann)) == 1

    # Banned while it waited: cancelled.
    await Photo.filter(id=photo.id).update(removed_at=None)
    await Delivery.filter(id=delivery_id).update(status=DeliveryStatus.PENDING)

    async def ban_ann() -> None:
        await Bans(TortoiseBanStore()).ban(db_group, await _target(ann), POSTER)

    async with senders(journey, wait_turn=ban_ann) as (_, batches):
        await Membership.filter(participant__telegram_user_id=ann["id"]).update(
            verified_at=datetime.now(UTC) + timedelta(days=1)  # no membership check
        )
        await deliveries_of(batches).send(delivery_id)
    await journey.settle()
    assert (await Delivery.get(id=delivery_id)).status == DeliveryStatus.CANCELLED
    assert len(journey.photos_for(ann)) == 1


async def test_an_album_paused_before_its_claim_keeps_waiting_and_goes_after_resume(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    for i in range(2):
        await journey.post(group, poster, collages.make(X["group"][i], NOBODY["group"][i]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == 2
    db_group = await Group.get(chat_id=group["id"])
    await Group.filter(id=db_group.id).update(delivery_mode=DeliveryMode.ALBUM)
    await Delivery.all().update(status=DeliveryStatus.WAITING, message_id=None)
    participant = await Participant.get(telegram_user_id=ann["id"])
    later = datetime.now(UTC) + timedelta(hours=1)
    # The first two may themselves have gone as an album (a burst): count only what follows.
    seen = len(journey.world.transcript(ann["id"]))

    async def pause_it() -> None:
        await Pauses(TortoisePauseStore()).pause(db_group, POSTER)

    async with senders(journey, wait_turn=pause_it) as (_, batches):
        assert await batches.send(participant.id, db_group.id, now=later) == 0
        assert [d.status for d in await Delivery.all()] == [DeliveryStatus.WAITING] * 2
        # While paused, the cron sends nothing either, and the album stays as it is.
        assert await batches.send_due(now=later) == 0
        assert [d.status for d in await Delivery.all()] == [DeliveryStatus.WAITING] * 2
        await Pauses(TortoisePauseStore()).resume(db_group, POSTER, None)
        assert await batches.send(participant.id, db_group.id, now=later) == 2
    await journey.settle()
    assert [d.status for d in await Delivery.all()] == [DeliveryStatus.SENT] * 2
    album = [
        m
        for m in journey.world.transcript(ann["id"])[seen:]
        if m["from"]["is_bot"] and "photo" in m and "media_group_id" in m
    ]
    assert len(album) == 2


# ----- undo never reverses a newer decision ----------------------------------------------


async def test_undoing_an_old_ban_or_pause_leaves_the_newer_one_standing(
    journey: Journey,
) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    for text in ("/ban @ann", "/unban @ann", "/ban @ann", "/pause", "/resume", "/pause"):
        sent = await journey.says(poster, text, office["id"])
        await journey.replies(office["id"], sent)
    events = await ModerationEvent.all().order_by("created_at")
    first_ban, first_pause = events[0], events[3]
    assert (first_ban.action, first_pause.action) == (
        ModerationAction.BANNED,
        ModerationAction.PAUSED,
    )
    db_group = await Group.get(chat_id=group["id"])
    admin = Actor(poster["id"], "Poster")

    for event in (first_ban, first_pause):
        result = await audit_undo().undo(event.id, db_group, admin)
        assert (result.outcome, result.reason) == (UndoOutcome.REFUSED, "changed_since")
    assert await GroupBan.exists(telegram_user_id=ann["id"])
    assert await _membership(ann) == MembershipStatus.BANNED
    assert (await Group.get(id=db_group.id)).paused_at is not None
    assert await ModerationEvent.all().count() == len(events)
    # The audit offers Undo only for the decisions that stand.
    entries = await AuditView(TortoiseAuditStore()).entries(db_group.id)
    assert {e.undo_event for e in entries if e.undo_event} == {events[2].id, events[5].id}
    sent = await journey.says(poster, "/audit", office["id"])
    (shown,) = await journey.replies(office["id"], sent)
    assert len([b for b in labels(shown) if b.startswith("↩️ Undo")]) == 2
    # The first ban, the first pause and the resume were replaced by later decisions: the
    # ban and the pause say which line lifted them (walkhe N4), newest first.
    assert "6. " in shown["text"] and "7. " not in shown["text"]
    assert "Lifted since with /unban (line 5): to ban them again, send /ban." in shown["text"]
    assert "Ended since with /resume (line 2): to pause again, send /pause." in shown["text"]
    assert shown["text"].count("it has changed since") == 1
    # Every line names its actor the same way (not "Poster (@poster)" on bans and pauses).
    assert shown["text"].count("Poster ") == 6 and "(@poster)" not in shown["text"]

    # The newest ones are undone as before.
    for event in (events[2], events[5]):
        assert (await audit_undo().undo(event.id, db_group, admin)).outcome == UndoOutcome.UNDONE
    assert not await GroupBan.exists()
    assert (await Group.get(id=db_group.id)).paused_at is None


# ----- odd /ban arguments ---------------------------------------------------------------


async def test_odd_ban_arguments_get_a_clear_answer_and_a_shared_username_its_newest_user(
    journey: Journey,
) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    db_group = await Group.get(chat_id=group["id"])

    async def says(text: str) -> str:
        sent = await journey.says(poster, text, office["id"])
        (reply,) = await journey.replies(office["id"], sent)
        return str(reply["text"])

    usage = await says("/ban")
    assert usage.startswith("To ban someone from a group in facedrop:")
    for odd in ("²", "٣", "99999999999999999999", "9223372036854775808", "-5", "0"):
        assert await says(f"/ban {odd}") == usage, odd
    assert not await GroupBan.exists()

    # Someone who had the username @ann before, known in the group (a stale copy).
    old = await Participant.create(telegram_user_id=777000111, first_name="Old", username="Ann")
    await Membership.create(
        participant=old, group=db_group, status=MembershipStatus.LEFT, verified_at=datetime.now(UTC)
    )
    await Participant.filter(id=old.id).update(updated_at=datetime.now(UTC) - timedelta(days=30))
    assert (await says("/ban @ann")).startswith("Class 1A: Ann (@ann) is banned.")
    assert [b.telegram_user_id for b in await GroupBan.all()] == [ann["id"]]


# ----- /stats persons ---------------------------------------------------------------


async def test_stats_count_only_the_persons_recognized_in_the_group(journey: Journey) -> None:
    ann, poster, group = await journey.class_with_alice()
    db_group = await Group.get(chat_id=group["id"])
    participant = await Participant.get(telegram_user_id=ann["id"])
    # Ann also has Ben, still enrolling, and Cleo, waiting for this group's approval.
    ben = await Person.create(name="Ben", status=PersonStatus.ENROLLING)
    cleo = await Person.create(name="Cleo", status=PersonStatus.ACTIVE)
    for person in (ben, cleo):
        await Guardianship.create(person=person, participant=participant)
    await Group.filter(id=db_group.id).update(requires_approval=True)
    await Approval.create(
        group=db_group,
        kind=ApprovalKind.PERSON,
        person=cleo,
        participant=participant,
        status=ApprovalStatus.PENDING,
    )
    office = await bound_admin_chat(journey, group, [poster])
    sent = await journey.says(poster, "/stats", office["id"])
    (reply,) = await journey.replies(office["id"], sent)
    assert "Persons enrolled: 1\n" in reply["caption"]
    assert (await Statistics(TortoiseStatsStore()).group_stats(db_group.id)).persons == 1
    # Approved: Cleo is recognized here, and counted.
    await Approval.filter(person=cleo).update(status=ApprovalStatus.APPROVED)
    assert (await Statistics(TortoiseStatsStore()).group_stats(db_group.id)).persons == 2


# ----- refusals in the group ---------------------------------------------------------------


async def test_a_member_cannot_make_the_bot_flood_the_group_with_refusals(
    journey: Journey,
) -> None:
    ann, _poster, group = await journey.class_with_alice()
    bea = journey.user("Bea")
    await journey.world.set_member_status(group["id"], bea["id"], "member")
    hello = await journey.says(ann, "Hello", group["id"])
    before = journey.world.transcript(group["id"])[-1]["message_id"]
    commands = []
    for text in ("/ban", "/ban", "/takedown", "/admin", "/unban", "/pause", "/stats"):
        commands.append(
            await journey.world.user_sends_text(
                group["id"], bea["id"], text, reply_to_message_id=hello["message_id"]
            )
        )
    await journey.settle()
    said = [
        m["text"]
        for m in journey.world.transcript(group["id"])
        if m["from"]["is_bot"] and m["message_id"] > before
    ]
    # One short refusal, a reply to the first command the bot handled (updates run
    # concurrently), which stays so the reply reads right; her other commands are gone.
    # (Bea never started the bot: it cannot tell her privately.)
    assert len(said) == 1, said
    (replied,) = (c for c in commands if not journey.now(c).get("_deleted"))
    name = replied["text"].lstrip("/")
    assert said[0] == f"Only the group's admins can use /{name}."
    # Another member gets their own refusal; nothing changed.
    carl = journey.user("Carl")
    await journey.world.set_member_status(group["id"], carl["id"], "member")
    refusal = await takedown_asked_in_group(journey, group, carl, hello)
    assert refusal["text"] == "Only the group's admins can use /takedown."
    assert not await GroupBan.exists()
    assert not await ModerationEvent.exists()
    assert (await Group.get(chat_id=group["id"])).admin_token is None


async def _waiting_album(
    journey: Journey, collages: Collages, *, due: bool = True
) -> tuple[Any, ...]:
    """Two photos of Alice waiting for Ann's album, due since yesterday (``due``), else
    recognized just now (due once the group's album window has passed: minutes)."""
    ann, poster, group = await journey.class_with_alice()
    for i in range(2):
        await journey.post(group, poster, collages.make(X["group"][i], NOBODY["group"][i]))
    await journey.settle()
    await Group.filter(chat_id=group["id"]).update(delivery_mode=DeliveryMode.ALBUM)
    await Delivery.all().update(
        status=DeliveryStatus.WAITING,
        message_id=None,
        created_at=datetime.now(UTC) - (timedelta(days=1) if due else timedelta(0)),
    )
    office = await bound_admin_chat(journey, group, [poster])
    return ann, poster, group, office


async def test_resume_sends_the_albums_that_came_due_while_paused(
    journey: Journey, collages: Collages
) -> None:
    # Not due yet when paused: a due album may be sent by the worker's cron before /pause.
    ann, poster, _group, office = await _waiting_album(journey, collages, due=False)
    # The cron saw it (it runs every minute) and planned the album for when it is due: a
    # plan the resume's look at once must not be swallowed by.
    async with senders(journey) as (_, batches):
        assert await batches.send_due() == 0
    queued = await journey.redis.zrange("arq:queue", 0, -1)
    assert [job for job in queued if job.startswith(b"send_batch:")] != []
    seen = len(journey.world.transcript(ann["id"]))  # the first two may have been a burst album
    sent = await journey.says(poster, "/pause", office["id"])
    await journey.replies(office["id"], sent)
    await Delivery.all().update(created_at=datetime.now(UTC) - timedelta(days=1))
    sent = await journey.says(poster, "/resume", office["id"])
    await journey.replies(office["id"], sent)
    await journey.settle()
    assert [d.status for d in await Delivery.all()] == [DeliveryStatus.SENT] * 2
    album = [
        m
        for m in journey.world.transcript(ann["id"])[seen:]
        if m["from"]["is_bot"] and "photo" in m and "media_group_id" in m
    ]
    assert len(album) == 2


async def test_a_ban_cancels_the_photos_waiting_for_an_album(
    journey: Journey, collages: Collages
) -> None:
    # Not due yet: a due album may be sent by the worker's cron before the ban arrives.
    _ann, poster, _group, office = await _waiting_album(journey, collages, due=False)
    sent = await journey.says(poster, "/ban @ann", office["id"])
    await journey.replies(office["id"], sent)
    assert [d.status for d in await Delivery.all()] == [DeliveryStatus.CANCELLED] * 2
