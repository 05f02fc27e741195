"""Moderation's answers to a joining (``domain.onboarding.service.JoinModeration``), on
tortoise and Postgres: onboarding asks them without importing moderation, a layer above."""

from __future__ import annotations

from uuid import UUID

from domain.infra.models import Group, Participant
from domain.moderation import approvals, bans


class ModerationOfJoins:
    """``JoinModeration``: the group's bans, and the approvals its organizers ask for."""

    async def is_banned(self, group_id: UUID, user_id: int) -> bool:
        return await bans.is_banned(group_id, user_id)

    async def ask_for_persons(self, participant_id: UUID, group_id: UUID) -> None:
        participant = await Participant.get(id=participant_id)
        await approvals.ask_for_persons(participant, await Group.get(id=group_id))
