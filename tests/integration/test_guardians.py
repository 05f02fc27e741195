"""Co-guardian invitations: unguessable, stored only as a hash, used once, expiring;
and who may remove whom."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from arq import create_pool

from domain.events import EventBus
from domain.infra.arq_queue import ArqJobQueue, redis_settings
from domain.infra.models import ConsentRecord, GuardianInvite, Guardianship, Participant, Person
from domain.infra.stores.persons import TortoiseGuardianStore
from domain.onboarding.service import TelegramUser
from domain.persons.guardians import INVITE_PREFIX, Guardians, InviteOutcome, RemoveOutcome
from domain.states import GuardianRole, PersonStatus

pytestmark = pytest.mark.usefixtures("db")


class _NoTelegram:
    async def member_status(self, chat_id: int, user_id: int) -> str:
        raise AssertionError("not needed here")


@pytest.fixture
async def guardians(embedded_redis: str):  # type: ignore[no-untyped-def]
    from domain.infra.stores.onboarding import TortoiseOnboardingStore
    from domain.onboarding.service import Onboarding

    pool = await create_pool(redis_settings(embedded_redis))
    await pool.flushall()
    yield Guardians(
        Onboarding(_NoTelegram(), TortoiseOnboardingStore()),  # type: ignore[arg-type]
        ArqJobQueue(pool),
        TortoiseGuardianStore(),
        EventBus(),  # nothing reacts here
    )
    await pool.aclose()


async def _alice_of_ann() -> tuple[Person, Participant]:
    ann = await Participant.create(telegram_user_id=1, first_name="Ann")
    alice = await Person.create(name="Alice", status=PersonStatus.ACTIVE)
    await Guardianship.create(person=alice, participant=ann, role=GuardianRole.OWNER)
    return alice, ann


async def test_an_invite_works_once(guardians: Guardians) -> None:
    alice, _ = await _alice_of_ann()
    invite = await guardians.invite(alice.id, 1)
    assert invite is not None
    assert invite.payload.startswith(INVITE_PREFIX)
    code = invite.payload.removeprefix(INVITE_PREFIX)
    assert len(code) >= 32  # 24 random bytes
    stored = await GuardianInvite.get()
    assert code not in stored.code_hash  # only a hash is kept

    found = await guardians.find(invite.payload)
    assert found is not None
    outcome, name = await guardians.accept(found.id, TelegramUser(2, "Bea"))
    assert (outcome, name) == (InviteOutcome.ACCEPTED, "Alice")
    bea = await Participant.get(telegram_user_id=2)
    assert (await Guardianship.get(person=alice, participant=bea)).role == GuardianRole.CO_GUARDIAN
    assert await ConsentRecord.filter(telegram_user_id=2).count() == 1  # accepting is agreeing

    assert await guardians.find(invite.payload) is None  # used
    assert (await guardians.accept(found.id, TelegramUser(3, "Carl")))[0] == InviteOutcome.INVALID
    assert (
        await guardians.find(INVITE_PREFIX + code[:-1] + ("A" if code[-1] != "A" else "B")) is None
    )
    assert await guardians.invite(alice.id, 999) is None  # only a guardian may invite


async def test_an_expired_invite_does_not_work(guardians: Guardians) -> None:
    alice, _ = await _alice_of_ann()
    invite = await guardians.invite(alice.id, 1)
    assert invite is not None
    await GuardianInvite.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    assert await guardians.find(invite.payload) is None


async def test_who_may_remove_whom(guardians: Guardians) -> None:
    alice, ann = await _alice_of_ann()
    bea = await Participant.create(telegram_user_id=2, first_name="Bea")
    await Guardianship.create(person=alice, participant=bea, role=GuardianRole.CO_GUARDIAN)
    eve = await Participant.create(telegram_user_id=3, first_name="Eve")

    async def remove(user_id: int, target: Participant) -> RemoveOutcome:
        return (await guardians.remove(alice.id, user_id, target.id)).outcome

    assert await remove(3, bea) == RemoveOutcome.NOT_ALLOWED  # a stranger
    assert await remove(2, ann) == RemoveOutcome.OWNER_STAYS  # nobody removes the owner
    assert await remove(1, eve) == RemoveOutcome.NOT_ALLOWED  # not a guardian
    carl = await Participant.create(telegram_user_id=4, first_name="Carl")
    await Guardianship.create(person=alice, participant=carl, role=GuardianRole.CO_GUARDIAN)
    refused = await guardians.remove(alice.id, 2, carl.id)  # a co-guardian removes another
    assert (refused.outcome, refused.person_name, refused.owner_name) == (
        RemoveOutcome.OWNER_ONLY,
        "Alice",
        "Ann",
    )
    assert await Guardianship.exists(person=alice, participant=carl)
    assert await remove(1, carl) == RemoveOutcome.REMOVED
    assert await remove(1, bea) == RemoveOutcome.REMOVED
    assert await remove(1, ann) == RemoveOutcome.LAST_GUARDIAN  # asked as a deletion first
    assert (await Person.get(id=alice.id)).status == PersonStatus.ACTIVE
    assert await Guardianship.exists(person=alice, participant=ann)


async def test_when_the_owner_leaves_the_longest_standing_co_guardian_owns(
    guardians: Guardians,
) -> None:
    alice, ann = await _alice_of_ann()
    bea = await Participant.create(telegram_user_id=2, first_name="Bea")
    carl = await Participant.create(telegram_user_id=3, first_name="Carl")
    await Guardianship.create(person=alice, participant=bea, role=GuardianRole.CO_GUARDIAN)
    await Guardianship.create(person=alice, participant=carl, role=GuardianRole.CO_GUARDIAN)
    left = await guardians.remove(alice.id, 1, ann.id)
    assert left.outcome == RemoveOutcome.LEFT
    assert left.new_owner is not None and left.new_owner.participant_id == bea.id
    assert left.owner_name == "Ann"  # who left, for the message to Bea
    assert (await Guardianship.get(person=alice, participant=bea)).role == GuardianRole.OWNER
    assert (await Guardianship.get(person=alice, participant=carl)).role == (
        GuardianRole.CO_GUARDIAN
    )
    assert (await guardians.remove(alice.id, 2, carl.id)).outcome == RemoveOutcome.REMOVED
    # A co-guardian leaving hands nothing on.
    assert (await guardians.remove(alice.id, 2, bea.id)).outcome == RemoveOutcome.LAST_GUARDIAN


async def test_an_invite_dies_with_its_creators_guardianship(guardians: Guardians) -> None:
    alice, _ = await _alice_of_ann()
    bea = await Participant.create(telegram_user_id=2, first_name="Bea")
    await Guardianship.create(person=alice, participant=bea, role=GuardianRole.CO_GUARDIAN)
    kept = await guardians.invite(alice.id, 2)  # Bea's, opened but not accepted yet
    revoked = await guardians.invite(alice.id, 2)
    anns = await guardians.invite(alice.id, 1)
    assert kept is not None and revoked is not None and anns is not None
    opened = await guardians.find(kept.payload)
    assert opened is not None

    assert (await guardians.remove(alice.id, 1, bea.id)).outcome == RemoveOutcome.REMOVED
    assert await guardians.find(revoked.payload) is None
    assert await guardians.find(anns.payload) is not None  # Ann's own invite still works
    assert await GuardianInvite.filter(invited_by=bea).count() == 0  # unused ones deleted
    outcome, _ = await guardians.accept(opened.id, TelegramUser(5, "Eve"))
    assert outcome == InviteOutcome.INVALID
    assert not await Guardianship.exists(person=alice, participant__telegram_user_id=5)


async def test_accepting_rechecks_the_creator_and_the_person(guardians: Guardians) -> None:
    alice, ann = await _alice_of_ann()
    invite = await guardians.invite(alice.id, 1)
    assert invite is not None
    opened = await guardians.find(invite.payload)
    assert opened is not None
    # The creator lost guardianship some other way than through ``remove`` (/forget).
    await Guardianship.filter(participant=ann).delete()
    await Guardianship.create(
        person=alice,
        participant=await Participant.create(telegram_user_id=9, first_name="Zed"),
        role=GuardianRole.OWNER,
    )
    assert await guardians.find(invite.payload) is None
    assert (await guardians.accept(opened.id, TelegramUser(2, "Bea")))[0] == InviteOutcome.INVALID

    await Guardianship.create(person=alice, participant=ann, role=GuardianRole.CO_GUARDIAN)
    invite = await guardians.invite(alice.id, 1)
    assert invite is not None and await guardians.find(invite.payload) is not None
    await Person.filter(id=alice.id).update(status=PersonStatus.MERGED)
    assert await guardians.find(invite.payload) is None


class _EveryoneIsIn:
    """Telegram as it answers getChatMember for a member of every group."""

    async def member_status(self, chat_id: int, user_id: int) -> str:
        return "member"


async def test_an_invitee_is_sent_to_open_only_a_link_that_brings_photos(
    guardians: Guardians,
) -> None:
    """The groups a co-guardian already in (by Telegram) is told to open the link of: not
    one whose organizers rejected the child, nor one the invitee is banned from (the link
    refuses them): "once you open its link" would promise what never comes."""
    from domain.infra.models import Approval, Group, Membership
    from domain.states import ApprovalKind, ApprovalStatus, GroupType, MembershipStatus

    alice, ann = await _alice_of_ann()
    now = datetime.now(UTC)
    groups = {
        title: await Group.create(
            chat_id=-100 - n, title=title, type=GroupType.SUPERGROUP, join_token=f"tok{n}"
        )
        for n, title in enumerate(("Class 1A", "Choir", "Football"))
    }
    for group in groups.values():
        await Membership.create(participant=ann, group=group, verified_at=now)
    await Approval.create(
        group=groups["Choir"],
        kind=ApprovalKind.PERSON,
        person=alice,
        participant=ann,
        status=ApprovalStatus.REJECTED,
        decided_at=now,
    )
    bob = await Participant.create(telegram_user_id=2, first_name="Bob")
    await Membership.create(
        participant=bob, group=groups["Football"], status=MembershipStatus.BANNED, verified_at=now
    )
    asking = Guardians(
        guardians._onboarding,
        guardians._jobs,
        TortoiseGuardianStore(),
        EventBus(),
        _EveryoneIsIn(),  # type: ignore[arg-type]
    )
    assert [g.title for g in await asking.in_unopened(alice.id, 2)] == ["Class 1A"]
    assert [g.title for g in await asking.in_unopened(alice.id, 3)] == ["Class 1A", "Football"]
