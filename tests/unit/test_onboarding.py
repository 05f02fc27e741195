"""Onboarding's rules over its store, in memory (``tests/fakes/onboarding.py``), without
Postgres or Telegram: a guardian joining a group through its link, agreeing to the terms,
and their own settings (``Onboarding``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import cast

import pytest

from domain.events import EventBus, GuardianJoined
from domain.onboarding.service import (
    TERMS_VERSION,
    AgreeOutcome,
    JoinOutcome,
    Onboarding,
    TelegramUser,
)
from domain.states import ConsentKind, MembershipStatus, PersonStatus, QuestionMode
from domain.telegram import Messenger
from tests.fakes.onboarding import MemoryOnboardingStore

ANN = TelegramUser(501, "Ann", "ann", "ru")
NOON = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@dataclass
class Telegram:
    """Telegram's ``member_status``: who is in which chat; each question asked."""

    members: set[tuple[int, int]] = field(default_factory=set)
    asked: list[tuple[int, int]] = field(default_factory=list)

    async def member_status(self, chat_id: int, user_id: int) -> str:
        self.asked.append((chat_id, user_id))
        return "member" if (chat_id, user_id) in self.members else "left"


class World:
    def __init__(self) -> None:
        self.store = MemoryOnboardingStore()
        self.telegram = Telegram()
        self.joined: list[GuardianJoined] = []
        events = EventBus()
        events.subscribe(GuardianJoined, self._joined)
        self.onboarding = Onboarding(cast(Messenger, self.telegram), self.store, events=events)
        self.class_1a = self.store.group("Class 1A", join_token="1a", retention_days=30)
        self.telegram.members.add((self.class_1a.chat_id, ANN.id))

    async def _joined(self, event: GuardianJoined) -> None:
        self.joined.append(event)


@pytest.fixture
def world() -> World:
    return World()


async def test_a_link_of_no_group_or_of_a_group_the_bot_left_is_refused(world: World) -> None:
    assert (await world.onboarding.join(ANN, "nope")).outcome == JoinOutcome.UNKNOWN_LINK
    world.store.group("Gone", join_token="gone", is_active=False)
    assert (await world.onboarding.join(ANN, "gone")).outcome == JoinOutcome.GROUP_INACTIVE
    assert world.telegram.asked == []


async def test_a_banned_user_is_refused_without_asking_telegram(world: World) -> None:
    world.store.bans.add((world.class_1a.id, ANN.id))
    assert (await world.onboarding.join(ANN, "1a")).outcome == JoinOutcome.BANNED
    assert world.telegram.asked == [] and world.store.memberships == {}


async def test_someone_not_in_the_group_is_told_so_and_an_old_membership_ends(
    world: World,
) -> None:
    assert (await world.onboarding.join(ANN, "1a")).outcome == JoinOutcome.NEEDS_CONSENT
    world.telegram.members.clear()  # Ann left the group since
    assert (await world.onboarding.join(ANN, "1a")).outcome == JoinOutcome.NOT_A_MEMBER
    ann = await world.store.participant(ANN.id)
    assert ann is not None
    assert world.store.memberships[(ann.id, world.class_1a.id)][0] == MembershipStatus.LEFT


async def test_a_guardian_joining_has_their_persons_looked_for_there_once(world: World) -> None:
    ann = await world.onboarding.register(ANN)
    alice = world.store.person("Alice", ann.id)
    world.store.person("Bob", ann.id, status=PersonStatus.PAUSED)
    joined = await world.onboarding.join(ANN, "1a")
    assert joined.outcome == JoinOutcome.NEEDS_CONSENT and joined.first_group
    assert (joined.group_title, joined.retention_days) == ("Class 1A", 30)
    assert joined.persons == ("Alice", "Bob")  # a paused person is looked for too
    assert world.joined == [GuardianJoined(world.class_1a.id, (alice,))]  # the active one
    again = await world.onboarding.join(ANN, "1a")
    assert not again.first_group and len(world.joined) == 1


async def test_a_second_group_is_not_the_first(world: World) -> None:
    await world.onboarding.join(ANN, "1a")
    football = world.store.group("Football", join_token="fb")
    world.telegram.members.add((football.chat_id, ANN.id))
    assert not (await world.onboarding.join(ANN, "fb")).first_group


async def test_persons_the_organizers_have_yet_to_approve_are_said_to_wait(
    world: World,
) -> None:
    approving = world.store.group("Class 2B", join_token="2b", requires_approval=True)
    world.telegram.members.add((approving.chat_id, ANN.id))
    ann = await world.onboarding.register(ANN)
    alice = world.store.person("Alice", ann.id)
    world.store.person("Bob", ann.id)
    world.store.unapproved.add((approving.id, alice, None))
    joined = await world.onboarding.join(ANN, "2b")
    assert (joined.persons, joined.waiting) == (("Bob",), ("Alice",))
    assert world.store.asked == [(ann.id, approving.id)]


async def test_a_ban_never_becomes_a_membership(world: World) -> None:
    ann = await world.onboarding.register(ANN)
    world.store.memberships[(ann.id, world.class_1a.id)] = (MembershipStatus.BANNED, NOON)
    assert (await world.onboarding.join(ANN, "1a")).outcome == JoinOutcome.BANNED
    assert world.store.memberships[(ann.id, world.class_1a.id)][0] == MembershipStatus.BANNED


async def test_agreeing_is_recorded_once_for_the_current_terms(world: World) -> None:
    assert (await world.onboarding.agree(ANN)).outcome == AgreeOutcome.NOTHING_TO_AGREE
    await world.onboarding.join(ANN, "1a")
    assert not await world.onboarding.agreed(ANN.id)
    assert await world.onboarding.overview(ANN.id) is None  # still to agree
    agreed = await world.onboarding.agree(ANN)
    assert (agreed.outcome, agreed.group_title) == (AgreeOutcome.AGREED, "Class 1A")
    assert (await world.onboarding.agree(ANN)).outcome == AgreeOutcome.ALREADY_AGREED
    assert await world.onboarding.agreed(ANN.id) and len(world.store.consents) == 1
    assert (await world.onboarding.join(ANN, "1a")).outcome == JoinOutcome.JOINED
    overview = await world.onboarding.overview(ANN.id)
    assert overview is not None and overview.groups == ["Class 1A"]


async def test_terms_changed_since_are_asked_again(world: World) -> None:
    ann = await world.onboarding.register(ANN)
    world.store.consents.append((ann.id, None, ConsentKind.AGREED, "2020-01"))
    assert not await world.onboarding.agreed(ANN.id)
    await world.onboarding.record_consent(ann.id, None)
    assert world.store.consents[-1][3] == TERMS_VERSION
    assert await world.onboarding.agreed(ANN.id)


async def test_a_users_own_settings_are_kept(world: World) -> None:
    assert await world.onboarding.language(ANN) is None  # Telegram's
    assert await world.onboarding.language(ANN, "he") == "he"
    assert await world.onboarding.language(ANN) == "he"
    assert await world.onboarding.language(ANN, "") is None
    assert not await world.onboarding.own_photos(ANN)
    assert await world.onboarding.own_photos(ANN, True)
    assert await world.onboarding.own_photos(ANN)
    assert await world.onboarding.question_mode(ANN) == (QuestionMode.EACH, 5)
    assert await world.onboarding.question_mode(ANN, QuestionMode.EVERY, 3) == (
        QuestionMode.EVERY,
        3,
    )
    assert await world.onboarding.question_mode(ANN) == (QuestionMode.EVERY, 3)
    blocked = await world.onboarding.reachable(ANN.id, False)
    assert blocked is not None and not blocked.is_reachable


async def test_reading_settings_stores_nobody(world: World) -> None:
    """Findings25 9: opening /settings or /language after /forget stored the user again
    (name, username, language) without consent; reading shows the defaults, choosing one
    is the user's act and is stored."""
    assert await world.onboarding.language(ANN) is None
    assert not await world.onboarding.own_photos(ANN)
    assert await world.onboarding.question_mode(ANN) == (QuestionMode.EACH, 5)
    assert not await world.onboarding.known(ANN.id)
    assert await world.onboarding.own_photos(ANN, True)
    assert await world.onboarding.known(ANN.id)
