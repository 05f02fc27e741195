"""A guardian joins a group through its deep link and agrees to how their data is used."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.earlier_photos import look_back
from domain.groups.service import Groups
from domain.infra.models import ConsentRecord, Group, GroupBan, Membership, Participant, Person
from domain.infra.queries import ids_of
from domain.jobs.queue import JobQueue
from domain.moderation import approvals
from domain.states import LISTED, ConsentKind, MembershipStatus, PersonStatus, QuestionMode
from domain.telegram import IN_CHAT_STATUSES, ChatMigrated, ChatUnavailable, Messenger

log = logging.getLogger(__name__)

TERMS_VERSION = "2026-11"


@dataclass(frozen=True, slots=True)
class TelegramUser:
    id: int
    first_name: str = ""
    username: str | None = None
    language_code: str | None = None


class JoinOutcome(StrEnum):
    UNKNOWN_LINK = "unknown_link"
    GROUP_INACTIVE = "group_inactive"
    NOT_A_MEMBER = "not_a_member"
    BANNED = "banned"  # the group's organizers stopped facedrop for this user there
    NEEDS_CONSENT = "needs_consent"
    JOINED = "joined"


@dataclass(frozen=True, slots=True)
class JoinResult:
    outcome: JoinOutcome
    group_title: str = ""
    retention_days: int | None = None  # the group's: the consent (or joined) text says it
    persons: tuple[str, ...] = ()  # the joiner's persons looked for there (names)
    first_group: bool = False  # no other group of theirs: a co-guardian's are told
    waiting: tuple[str, ...] = ()  # their persons the group's organizers have to approve


class AgreeOutcome(StrEnum):
    NOTHING_TO_AGREE = "nothing_to_agree"
    ALREADY_AGREED = "already_agreed"
    AGREED = "agreed"


@dataclass(frozen=True, slots=True)
class Agreement:
    outcome: AgreeOutcome
    group_title: str = ""
    persons: tuple[str, ...] = ()  # the persons now looked for (names)
    waiting: tuple[str, ...] = ()  # those the group's organizers have to approve first


@dataclass(frozen=True, slots=True)
class Overview:
    """What a returning participant has: their groups and their persons (name, status)."""

    groups: list[str]
    persons: list[tuple[str, PersonStatus]]


SHOWN = LISTED
# Recognized in photos (``recognition.service.MATCHABLE``): a paused person's are held.
LOOKED_FOR = (PersonStatus.ACTIVE, PersonStatus.PAUSED)


class Onboarding:
    def __init__(self, messenger: Messenger, jobs: JobQueue | None = None) -> None:
        self._messenger = messenger
        self._jobs = jobs  # looks back for a joiner's persons in the group (None: nobody asks)

    async def register(self, user: TelegramUser) -> Participant:
        """The participant for a Telegram user, created on first contact, names kept current."""
        participant, created = await Participant.get_or_create(
            telegram_user_id=user.id,
            defaults={
                "first_name": user.first_name,
                "username": user.username,
                "language_code": user.language_code,
            },
        )
        now = (user.first_name, user.username, user.language_code or participant.language_code)
        if (
            not created
            and (
                participant.first_name,
                participant.username,
                participant.language_code,
            )
            != now
        ):
            participant.first_name, participant.username, participant.language_code = now
            await participant.save(
                update_fields=["first_name", "username", "language_code", "updated_at"]
            )
        return participant

    async def language(self, user: TelegramUser, code: str | None = None) -> str | None:
        """The language the user chose (None: their Telegram app's); ``code`` changes it
        ("" goes back to Telegram's)."""
        participant = await self.register(user)
        if code is not None and participant.language != (code or None):
            participant.language = code or None
            await participant.save(update_fields=["language", "updated_at"])
        return participant.language

    async def join(self, user: TelegramUser, payload: str) -> JoinResult:
        """``/start <payload>``: record the membership once Telegram confirms it."""
        group = await Group.get_or_none(join_token=payload) if payload else None
        if group is None:
            return JoinResult(JoinOutcome.UNKNOWN_LINK)
        if not group.is_active:
            return JoinResult(JoinOutcome.GROUP_INACTIVE, group.title)
        if await GroupBan.exists(group_id=group.id, telegram_user_id=user.id):
            return JoinResult(JoinOutcome.BANNED, group.title)
        try:
            try:
                status = await self._messenger.member_status(group.chat_id, user.id)
            except ChatMigrated as migrated:  # the group became a supergroup meanwhile
                await Groups().migrated(migrated.old_chat_id, migrated.new_chat_id)
                status = await self._messenger.member_status(migrated.new_chat_id, user.id)
        except ChatUnavailable:
            return JoinResult(JoinOutcome.GROUP_INACTIVE, group.title)
        participant = await self.register(user)
        if status not in IN_CHAT_STATUSES:
            await Membership.filter(
                participant=participant, group=group, status=MembershipStatus.MEMBER
            ).update(status=MembershipStatus.LEFT, updated_at=datetime.now(UTC))
            return JoinResult(JoinOutcome.NOT_A_MEMBER, group.title)
        async with in_transaction():
            # A ban may have landed while Telegram was asked: re-checked under the group's
            # lock, which ``Bans.ban`` takes too, so one of them sees the other.
            await Group.select_for_update(no_key=True).get(id=group.id)
            if await GroupBan.exists(group_id=group.id, telegram_user_id=user.id):
                return JoinResult(JoinOutcome.BANNED, group.title)
            membership = await Membership.get_or_none(participant=participant, group=group)
            newly = membership is None or membership.status != MembershipStatus.MEMBER
            first = (
                newly
                and not await Membership.filter(
                    participant=participant, status=MembershipStatus.MEMBER, group__is_active=True
                )
                .exclude(group_id=group.id)
                .exists()
            )
            if membership is None:
                await Membership.create(
                    participant=participant,
                    group=group,
                    status=MembershipStatus.MEMBER,
                    verified_at=datetime.now(UTC),
                )
            elif membership.status == MembershipStatus.BANNED:
                return JoinResult(JoinOutcome.BANNED, group.title)  # never overwritten here
            else:
                membership.status = MembershipStatus.MEMBER
                membership.verified_at = datetime.now(UTC)
                await membership.save(update_fields=["status", "verified_at", "updated_at"])
            # A group whose organizers approve new persons: the joiner's wait for it there.
            await approvals.ask_for_persons(participant, group)
        log.info("participant %s joined group %s", participant.id, group.id)
        if newly and self._jobs is not None:
            # The group's photos posted before they joined: their persons are looked for
            # there, and what is found offered, never sent unasked.
            for person_id in await ids_of(
                Person.filter(guardianships__participant=participant, status=PersonStatus.ACTIVE)
            ):
                await look_back(self._jobs, person_id)
        persons, waiting = await self.looked_for(participant, group.id)
        outcome = (
            JoinOutcome.JOINED
            if await self.has_consented(participant)
            else JoinOutcome.NEEDS_CONSENT
        )
        return JoinResult(outcome, group.title, group.retention_days, persons, first, waiting)

    async def looked_for(
        self, participant: Participant, group_id: UUID
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The names of the participant's persons (their own, or shared with them) that are
        looked for in the group, and of those its organizers have yet to approve (the
        person, or the participant as its guardian): a joiner who has persons is told so
        rather than to /add."""
        blocked = await approvals.blocked_persons(group_id)
        looked: list[str] = []
        waiting: list[str] = []
        for person in await Person.filter(
            guardianships__participant=participant, status__in=LOOKED_FOR
        ).order_by("name"):
            held = person.id in blocked or participant.id in await approvals.blocked_guardians(
                group_id, person.id
            )
            (waiting if held else looked).append(person.name)
        return tuple(looked), tuple(waiting)

    async def retention(self, user_id: int) -> list[tuple[str, int | None]]:
        """The user's groups (title, days their photos' faces are kept; None: no limit)."""
        return [
            (m.group.title, m.group.retention_days)
            for m in await Membership.filter(
                participant__telegram_user_id=user_id,
                status=MembershipStatus.MEMBER,
                group__is_active=True,
            )
            .prefetch_related("group")
            .order_by("group__title")
        ]

    async def overview(self, user_id: int) -> Overview | None:
        """A member who agreed: their groups and persons; None for anyone still to join."""
        participant = await Participant.get_or_none(telegram_user_id=user_id)
        if participant is None or not await self.has_consented(participant):
            return None
        groups = sorted(
            m.group.title
            for m in await Membership.filter(
                participant=participant, status=MembershipStatus.MEMBER, group__is_active=True
            ).prefetch_related("group")
        )
        if not groups:
            return None
        persons = await Person.filter(
            guardianships__participant=participant, status__in=SHOWN
        ).order_by("name")
        return Overview(groups, [(p.name, p.status) for p in persons])

    async def agreed(self, user_id: int) -> bool:
        """Whether the user agreed to the current terms (joining a group, an invitation or a
        claim): they are not asked again."""
        participant = await Participant.get_or_none(telegram_user_id=user_id)
        return participant is not None and await self.has_consented(participant)

    async def has_consented(self, participant: Participant) -> bool:
        latest = await ConsentRecord.filter(participant=participant).order_by("-created_at").first()
        return (
            latest is not None
            and latest.kind == ConsentKind.AGREED
            and latest.terms_version == TERMS_VERSION
        )

    async def agree(self, user: TelegramUser) -> Agreement:
        """The participant agrees to the terms: the outcome, the group's title and the
        persons they have."""
        participant = await Participant.get_or_none(telegram_user_id=user.id)
        membership = None
        if participant is not None:
            membership = (
                await Membership.filter(participant=participant, status=MembershipStatus.MEMBER)
                .order_by("-verified_at")
                .prefetch_related("group")
                .first()
            )
        if participant is None or membership is None:
            return Agreement(AgreeOutcome.NOTHING_TO_AGREE)
        title = membership.group.title
        persons, waiting = await self.looked_for(participant, membership.group.id)
        if await self.has_consented(participant):
            return Agreement(AgreeOutcome.ALREADY_AGREED, title, persons, waiting)
        await self.record_consent(participant, group=membership.group)
        return Agreement(AgreeOutcome.AGREED, title, persons, waiting)

    async def record_consent(self, participant: Participant, group: Group | None) -> None:
        """The participant agrees to the current terms (kept even after they are deleted)."""
        if await self.has_consented(participant):
            return
        await ConsentRecord.create(
            participant=participant,
            telegram_user_id=participant.telegram_user_id,
            group=group,
            kind=ConsentKind.AGREED,
            terms_version=TERMS_VERSION,
        )

    async def own_photos(self, user: TelegramUser, on: bool | None = None) -> bool:
        """Whether the user gets back the photos they post themselves; ``on`` changes it."""
        participant = await self.register(user)
        if on is not None and participant.receive_own_photos != on:
            participant.receive_own_photos = on
            await participant.save(update_fields=["receive_own_photos", "updated_at"])
        return participant.receive_own_photos

    async def question_mode(
        self, user: TelegramUser, mode: QuestionMode | None = None, every: int | None = None
    ) -> tuple[QuestionMode, int]:
        """How the user's questions arrive (each as it comes, once a day, every N), and
        N; ``mode`` (and ``every`` for "every N") changes it. Gathered questions of a user
        back to "as they come" go at the cron's next run."""
        participant = await self.register(user)
        if mode is not None:
            participant.question_mode = mode
            if mode == QuestionMode.EVERY and every is not None:
                participant.questions_every = every
            await participant.save(update_fields=["question_mode", "questions_every", "updated_at"])
        return QuestionMode(participant.question_mode), participant.questions_every

    async def reachable(self, user_id: int, reachable: bool) -> Participant | None:
        """The user blocked (False) or unblocked (True) the bot."""
        participant = await Participant.get_or_none(telegram_user_id=user_id)
        if participant is None or participant.is_reachable == reachable:
            return participant
        participant.is_reachable = reachable
        participant.unreachable_since = None if reachable else datetime.now(UTC)
        await participant.save(update_fields=["is_reachable", "unreachable_since", "updated_at"])
        return participant
