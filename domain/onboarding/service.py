"""A guardian joins a group through its deep link and agrees to how their data is used."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from uuid import UUID

from domain.events import EventBus, GuardianJoined
from domain.groups.service import Groups
from domain.onboarding.stores import Joined, Names, OnboardingStore, ParticipantView
from domain.states import LISTED, ConsentKind, PersonStatus, QuestionMode
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
    group_id: UUID | None = None  # the group joined (its consent question is redrawn)
    back: bool = False  # a member before, who had left (or was banned): a return
    person_ids: tuple[UUID, ...] = ()  # the ids of ``persons``, in order
    rejected: tuple[str, ...] = ()  # those of ``waiting`` its organizers refused there
    # The ids of ``waiting``, in order: a rename says the "You're in…" again (``Notices``).
    waiting_ids: tuple[UUID, ...] = ()


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
    person_ids: tuple[UUID, ...] = ()  # the ids of ``persons``, in order
    group_id: UUID | None = None
    waiting_ids: tuple[UUID, ...] = ()  # the ids of ``waiting``, in order


@dataclass(frozen=True, slots=True)
class Overview:
    """What a returning participant has: their groups and their persons (name, status)."""

    groups: list[str]
    persons: list[tuple[str, PersonStatus]]


SHOWN = LISTED
# Recognized in photos (``recognition.service.MATCHABLE``): a paused person's are held.
LOOKED_FOR = (PersonStatus.ACTIVE, PersonStatus.PAUSED)


class Onboarding:
    def __init__(
        self,
        messenger: Messenger,
        store: OnboardingStore,
        groups: Groups | None = None,
        events: EventBus | None = None,
    ) -> None:
        self._messenger = messenger
        self._store = store
        self._groups = groups  # follows a group become a supergroup (None: not here)
        # Tells that a guardian joined (earlier photos look back there); None: nobody.
        self._events = events

    async def register(self, user: TelegramUser) -> ParticipantView:
        """The participant for a Telegram user, created on first contact, names kept current."""
        return await self._store.register(
            user.id, Names(user.first_name, user.username, user.language_code)
        )

    async def language(self, user: TelegramUser, code: str | None = None) -> str | None:
        """The language the user chose (None: their Telegram app's); ``code`` changes it
        ("" goes back to Telegram's)."""
        if code is None:  # read only: a menu opened stores nobody (findings25 9)
            return (await self._settings_of(user)).language
        participant = await self.register(user)
        if participant.language != (code or None):
            await self._store.set_language(participant.id, code or None)
            return code or None
        return participant.language

    async def _settings_of(self, user: TelegramUser) -> ParticipantView:
        return await self.settings_of(user.id)

    async def settings_of(self, user_id: int) -> ParticipantView:
        """The user's settings as stored, or the defaults for one I hold nothing about
        (before their first act, or after /forget): reading them creates no participant,
        whose name and settings would then be kept without consent (findings25 9)."""
        participant = await self._store.participant(user_id)
        return participant if participant is not None else ParticipantView(UUID(int=0), user_id)

    async def join(self, user: TelegramUser, payload: str) -> JoinResult:
        """``/start <payload>``: record the membership once Telegram confirms it."""
        group = await self._store.group_of_link(payload) if payload else None
        if group is None:
            return JoinResult(JoinOutcome.UNKNOWN_LINK)
        if not group.is_active:
            return JoinResult(JoinOutcome.GROUP_INACTIVE, group.title)
        if await self._store.is_banned(group.id, user.id):
            return JoinResult(JoinOutcome.BANNED, group.title, group_id=group.id)
        try:
            try:
                status = await self._messenger.member_status(group.chat_id, user.id)
            except ChatMigrated as migrated:  # the group became a supergroup meanwhile
                if self._groups is None:
                    raise
                await self._groups.migrated(migrated.old_chat_id, migrated.new_chat_id)
                status = await self._messenger.member_status(migrated.new_chat_id, user.id)
        except ChatUnavailable:
            return JoinResult(JoinOutcome.GROUP_INACTIVE, group.title)
        participant = await self.register(user)
        if status not in IN_CHAT_STATUSES:
            await self._store.not_a_member(participant.id, group.id, datetime.now(UTC))
            return JoinResult(JoinOutcome.NOT_A_MEMBER, group.title)
        returning = await self._store.left(participant.id, group.id)
        # A ban may have landed while Telegram was asked: the store sees it under the lock.
        joined = await self._store.join(participant.id, group.id, datetime.now(UTC))
        if joined == Joined.BANNED:
            return JoinResult(JoinOutcome.BANNED, group.title, group_id=group.id)
        log.info("participant %s joined group %s", participant.id, group.id)
        if joined != Joined.AGAIN and self._events is not None:
            # The group's photos posted before they joined: their persons are looked for
            # there, and what is found offered, never sent unasked.
            active = await self._store.persons(participant.id, (PersonStatus.ACTIVE,))
            await self._events.publish(GuardianJoined(group.id, tuple(p for p, _, _ in active)))
        persons, waiting = await self.looked_for(participant.id, group.id)
        looked = await self.looked_for_ids(participant.id, group.id)
        outcome = (
            JoinOutcome.JOINED
            if await self.has_consented(participant.id)
            else JoinOutcome.NEEDS_CONSENT
        )
        first = joined == Joined.FIRST
        return JoinResult(
            outcome,
            group.title,
            group.retention_days,
            persons,
            first,
            waiting,
            group.id,
            back=returning and joined != Joined.AGAIN,
            person_ids=looked,
            rejected=await self.rejected_names(participant.id, group.id),
            waiting_ids=await self.waiting_ids(participant.id, group.id),
        )

    async def rejected_names(self, participant_id: UUID, group_id: UUID) -> tuple[str, ...]:
        """The names of the participant's persons its organizers refused in the group (the
        person, or the participant as its guardian): told as refused, never as waiting for a
        decision (walkmore 1)."""
        refused = await self._store.rejected_in(participant_id, group_id)
        if not refused:
            return ()
        persons = await self._store.persons(participant_id, LOOKED_FOR)
        return tuple(name for person_id, name, _ in persons if person_id in refused)

    async def looked_for(
        self, participant_id: UUID, group_id: UUID
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The names of the participant's persons (their own, or shared with them) that are
        looked for in the group, and of those its organizers have yet to approve (the
        person, or the participant as its guardian): a joiner who has persons is told so
        rather than to /add."""
        held = await self._store.awaiting_approval(participant_id, group_id)
        looked: list[str] = []
        waiting: list[str] = []
        for person_id, name, _ in await self._store.persons(participant_id, LOOKED_FOR):
            (waiting if person_id in held else looked).append(name)
        return tuple(looked), tuple(waiting)

    async def looked_for_ids(self, participant_id: UUID, group_id: UUID) -> tuple[UUID, ...]:
        """The ids of the persons ``looked_for`` names as looked for, in its order: the
        "You're in: I'll look for Alice and Bob" that names them is redrawn once one of them
        is no longer the reader's (issue 32)."""
        held = await self._store.awaiting_approval(participant_id, group_id)
        persons = await self._store.persons(participant_id, LOOKED_FOR)
        return tuple(person_id for person_id, _, _ in persons if person_id not in held)

    async def waiting_ids(self, participant_id: UUID, group_id: UUID) -> tuple[UUID, ...]:
        """The ids of the persons ``looked_for`` names as waiting for the group's organizers,
        in its order: a rename says the "You're in…" that names them in its new name."""
        held = await self._store.awaiting_approval(participant_id, group_id)
        persons = await self._store.persons(participant_id, LOOKED_FOR)
        return tuple(person_id for person_id, _, _ in persons if person_id in held)

    async def retention(self, user_id: int) -> list[tuple[str, int | None]]:
        """The user's groups (title, days their photos' faces are kept; None: no limit)."""
        return [(group.title, group.retention_days) for group in await self._store.groups(user_id)]

    async def retention_of_groups(self, user_id: int) -> list[tuple[UUID, str, int | None]]:
        """``retention`` with each group's id: what /privacy says, kept to be redrawn."""
        return [(g.id, g.title, g.retention_days) for g in await self._store.groups(user_id)]

    async def overview(self, user_id: int) -> Overview | None:
        """A member who agreed: their groups and persons; None for anyone still to join."""
        participant = await self._store.participant(user_id)
        if participant is None or not await self.has_consented(participant.id):
            return None
        groups = sorted(group.title for group in await self._store.groups(user_id))
        if not groups:
            return None
        persons = await self._store.persons(participant.id, SHOWN)
        return Overview(groups, [(name, status) for _, name, status in persons])

    async def known(self, user_id: int) -> bool:
        """Whether anything is stored about the user (not before their first command, nor
        after /forget)."""
        return await self._store.participant(user_id) is not None

    async def deleted_everything(self, user_id: int) -> bool:
        """Whether the user deleted everything (/forget) and has not come back since: what
        was asked of them before is closed, whoever's it was."""
        return await self._store.deleted_everything(user_id)

    async def agreed(self, user_id: int) -> bool:
        """Whether the user agreed to the current terms (joining a group, an invitation or a
        claim): they are not asked again."""
        participant = await self._store.participant(user_id)
        return participant is not None and await self.has_consented(participant.id)

    async def has_consented(self, participant_id: UUID) -> bool:
        latest = await self._store.latest_consent(participant_id)
        return latest == (ConsentKind.AGREED, TERMS_VERSION)

    async def agree(self, user: TelegramUser) -> Agreement:
        """The participant agrees to the terms: the outcome, the group's title and the
        persons they have."""
        participant = await self._store.participant(user.id)
        group = None if participant is None else await self._store.latest_group(participant.id)
        if participant is None or group is None:
            return Agreement(AgreeOutcome.NOTHING_TO_AGREE)
        persons, waiting = await self.looked_for(participant.id, group.id)
        if await self.has_consented(participant.id):
            return Agreement(AgreeOutcome.ALREADY_AGREED, group.title, persons, waiting)
        await self.record_consent(participant.id, group_id=group.id)
        looked = await self.looked_for_ids(participant.id, group.id)
        return Agreement(
            AgreeOutcome.AGREED,
            group.title,
            persons,
            waiting,
            looked,
            group.id,
            await self.waiting_ids(participant.id, group.id),
        )

    async def record_consent(self, participant_id: UUID, group_id: UUID | None) -> None:
        """The participant agrees to the current terms (kept even after they are deleted)."""
        if await self.has_consented(participant_id):
            return
        await self._store.add_consent(participant_id, group_id, TERMS_VERSION)

    async def own_photos(self, user: TelegramUser, on: bool | None = None) -> bool:
        """Whether the user gets back the photos they post themselves; ``on`` changes it."""
        if on is None:
            return (await self._settings_of(user)).receive_own_photos
        participant = await self.register(user)
        if participant.receive_own_photos != on:
            await self._store.set_own_photos(participant.id, on)
            return on
        return participant.receive_own_photos

    async def question_mode(
        self, user: TelegramUser, mode: QuestionMode | None = None, every: int | None = None
    ) -> tuple[QuestionMode, int]:
        """How the user's questions arrive (each as it comes, once a day, every N), and
        N; ``mode`` (and ``every`` for "every N") changes it. Gathered questions of a user
        back to "as they come" go at the cron's next run."""
        if mode is None:
            shown = await self._settings_of(user)
            return shown.question_mode, shown.questions_every
        participant = await self.register(user)
        every = every if mode == QuestionMode.EVERY and every is not None else None
        await self._store.set_question_mode(participant.id, mode, every)
        return mode, participant.questions_every if every is None else every

    async def reachable(self, user_id: int, reachable: bool) -> ParticipantView | None:
        """The user blocked (False) or unblocked (True) the bot."""
        return await self._store.set_reachable(user_id, reachable, datetime.now(UTC))
