"""The private chat's own membership: a user blocks or unblocks the bot."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.types import ChatMemberUpdated

from domain.delivery.service import Deliveries
from domain.onboarding.service import Onboarding


async def blocked_or_unblocked(
    event: ChatMemberUpdated, onboarding: Onboarding, deliveries: Deliveries
) -> None:
    reachable = event.new_chat_member.status not in ("kicked", "left")
    participant = await onboarding.reachable(event.from_user.id, reachable)
    if reachable and participant is not None:
        await deliveries.resume(participant.id)


def router() -> Router:
    """This feature's handlers on a fresh router (one per dispatcher)."""
    routes = Router(name="membership")
    routes.my_chat_member.filter(F.chat.type == ChatType.PRIVATE)
    routes.my_chat_member.register(blocked_or_unblocked)
    return routes
