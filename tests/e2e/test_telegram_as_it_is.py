"""Telegram as it really behaves: restricted members, supergroup upgrades, anonymous
admins and linked-channel posts; the emulator does it and the bot copes."""

from __future__ import annotations

from domain.infra.models import Membership
from domain.states import MembershipStatus
from tests.e2e.conftest import CAST, Collages, JourneyFactory

X = CAST["angelina"]


async def test_a_restricted_guardian_receives_until_they_leave_while_restricted(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    # Membership is asked of Telegram before every delivery (getChatMember).
    async with journey_factory(telegram={"membership_recheck_s": 0}) as journey:
        ann, poster, group = await journey.class_with_alice()

        # An admin makes Ann read-only: she is still in the group and still receives.
        restricted = await journey.world.set_member_status(group["id"], ann["id"], "restricted")
        assert restricted["status"] == "restricted" and restricted["is_member"] is True
        await journey.post(group, poster, collages.make(X["group"][0]))
        await journey.settle()
        assert len(journey.photos_for(ann)) == 1

        # Ann leaves while restricted: Telegram still says "restricted", is_member false.
        await journey.world.set_member_status(group["id"], ann["id"], "restricted", is_member=False)
        member = journey.world.member_api(journey.world.chat(group["id"]), ann["id"])
        assert member["status"] == "restricted" and member["is_member"] is False
        await journey.settle()
        assert (
            await Membership.get(participant__telegram_user_id=ann["id"])
        ).status == MembershipStatus.LEFT
        await journey.post(group, poster, collages.make(X["group"][1]))
        await journey.settle()
        assert len(journey.photos_for(ann)) == 1

        # Tapping the group's link again does not make her a member.
        answer = await journey.reply_to(ann, f"/start {journey.group_payload(group)}")
        assert answer["text"].startswith("You need to be a member of Class 1A")
        assert (
            await Membership.get(participant__telegram_user_id=ann["id"])
        ).status == MembershipStatus.LEFT
        await journey.post(group, poster, collages.make(X["group"][2]))
        await journey.settle()
        assert len(journey.photos_for(ann)) == 1
