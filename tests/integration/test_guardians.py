"""Co-guardian invitations: unguessable, stored only as a hash, used once, expiring;
and who may remove whom."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from arq import create_pool

from domain.guardians import INVITE_PREFIX, Guardians, InviteOutcome, RemoveOutcome
from domain.infra.arq_queue import ArqJobQueue, redis_settings
from domain.infra.models import ConsentRecord, GuardianInvite, Guardianship, Participant, Person
from domain.onboarding import TelegramUser
from domain.states import GuardianRole, PersonStatus

pytestmark = pytest.mark.usefixtures("db")


class _NoTelegram:
    async def member_status(self, chat_id: int, user_id: int) -> str:
        raise AssertionError("not needed here")


@pytest.fixture
async def guardians(embedded_redis: str):  # type: ignore[no-untyped-def]
    from domain.onboarding import Onboarding

    pool = await create_pool(redis_settings(embedded_redis))
    await pool.flushall()
    yield Guardians(Onboarding(_NoTelegram()), ArqJobQueue(pool))  # type: ignore[arg-type]
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

    assert await guardians.remove(alice.id, 3, bea.id) == RemoveOutcome.NOT_ALLOWED  # a stranger
    assert await guardians.remove(alice.id, 2, ann.id) == RemoveOutcome.NOT_ALLOWED  # not the owner
    assert (
        await guardians.remove(alice.id, 1, eve.id) == RemoveOutcome.NOT_ALLOWED
    )  # not a guardian
    assert await guardians.remove(alice.id, 1, bea.id) == RemoveOutcome.REMOVED
    assert await guardians.remove(alice.id, 1, ann.id) == RemoveOutcome.PERSON_DELETED
    assert (await Person.get(id=alice.id)).status == PersonStatus.DELETING
