"""The organizers' stores of their groups (``domain.moderation.group_stores``) on tortoise
and Postgres."""

from __future__ import annotations

from domain.infra.models import Claim
from domain.infra.stores.groups import TortoiseGroupStore


class TortoiseOrganizerStore(TortoiseGroupStore):
    """``OrganizerStore``: groups, and the children organizers named in them."""

    async def named_a_child(self, user_id: int) -> bool:
        return await Claim.exists(named_by_user_id=user_id, group__is_active=True)
