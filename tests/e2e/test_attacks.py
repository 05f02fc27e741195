"""Attacks that once got through (issue 33), each through the emulator: what the attacker
tried, and what everyone reads now."""

from __future__ import annotations

from domain.infra.models import Membership
from domain.states import MembershipStatus
from tests.e2e.conftest import CAST, Collages, Journey, photo_bytes

X = CAST["angelina"]


async def test_a_guardian_who_left_while_the_bot_was_away_receives_nothing(
    journey: Journey, collages: Collages
) -> None:
    # Ann and Bob are both Alice's guardians in Class 1A.
    ann, bob, poster = journey.user("Ann"), journey.user("Bob"), journey.user("Poster")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann, bob])
    for user in (ann, bob):
        await journey.join(user, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    await journey.co_guardian(ann, "Alice", bob)

    # The bot is removed; Ann leaves meanwhile (Telegram tells a bot nothing about a group
    # it is not in); the bot is added back.
    await journey.world.set_bot_status(group["id"], "left")
    await journey.settle()
    await journey.world.set_member_status(group["id"], ann["id"], "left")
    await journey.world.set_bot_status(group["id"], "administrator")
    await journey.settle()

    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    # Bob, still in the group, receives Alice's photo; Ann, who left, does not.
    assert len(journey.photos_for(bob)) == 1
    assert journey.photos_for(ann) == []
    ann_in_group = await Membership.get(participant__telegram_user_id=ann["id"])
    assert ann_in_group.status == MembershipStatus.LEFT
    bob_in_group = await Membership.get(participant__telegram_user_id=bob["id"])
    assert bob_in_group.status == MembershipStatus.MEMBER
