"""A claim link that expired unused, over claims' store in memory: /unclaimed lists it as
expired (not as "no live link"), a new link made after it as live, a used one as neither;
agreeing on a link that expired since it was opened records nothing of the opener."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.claims.service import CLAIM_PREFIX, ClaimOutcome
from domain.moderation.audit import Actor
from domain.onboarding.service import TelegramUser
from domain.persons.guardians import hash_code
from tests.unit.test_claims_store import OLGA, PAT, Class1A


async def test_the_unclaimed_list_tells_an_expired_link_from_a_live_one_made_after_it() -> None:
    school = Class1A()
    claim_id, _ = await school.name_tom()
    tom = school.store.claims[claim_id].person_id
    expired_at = datetime.now(UTC) - timedelta(minutes=1)
    school.store.claims[claim_id].expires_at = expired_at
    (listed,) = await school.naming.unclaimed(school.group)
    assert (listed.link_live, listed.link_expired) == (False, expired_at)

    await school.naming.new_link(school.group, tom, Actor(OLGA, "Olga"))
    (listed,) = await school.naming.unclaimed(school.group)
    assert (listed.link_live, listed.link_expired) == (True, None)

    # Revoked, then expired past its time: no link, not an expired one.
    await school.naming.revoke(school.group, tom, Actor(OLGA, "Olga"))
    (listed,) = await school.naming.unclaimed(school.group)
    assert (listed.link_live, listed.link_expired) == (False, None)


async def test_a_used_link_past_its_time_is_not_listed_as_expired() -> None:
    school = Class1A()
    claim_id, payload = await school.name_tom()
    assert (await school.answer(claim_id, payload, PAT)).outcome == ClaimOutcome.WAITING
    school.store.claims[claim_id].expires_at = datetime.now(UTC) - timedelta(minutes=1)
    (listed,) = await school.naming.unclaimed(school.group)
    assert (listed.link_live, listed.link_expired) == (False, None)
    # Nor is its message among the expired links' (the sweep leaves "used" as it is).
    school.store.claims[claim_id].link_said = (OLGA, 5)
    assert await school.store.expired_links(datetime.now(UTC), 10) == []


async def test_agreeing_on_a_link_expired_since_it_was_opened_records_nothing() -> None:
    school = Class1A()  # its onboarding is none: a join or a consent would fail the test
    claim_id, payload = await school.name_tom()
    school.store.claims[claim_id].expires_at = datetime.now(UTC) - timedelta(seconds=1)
    code_hash = hash_code(payload.removeprefix(CLAIM_PREFIX))
    agreed = await school.claims.agree(claim_id, code_hash, TelegramUser(PAT, "Pat"))
    assert agreed.outcome == ClaimOutcome.INVALID and agreed.sheet is None
