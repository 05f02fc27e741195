"""The groups' store (``domain.groups.stores``) on tortoise and Postgres."""

from __future__ import annotations

from uuid import UUID

from domain.groups.stores import GroupView
from domain.infra.models import Group
from domain.states import DeliveryMode


class TortoiseGroupStore:
    """``GroupStore``: a group's row."""

    async def group(self, group_id: UUID) -> GroupView | None:
        return view(await Group.get_or_none(id=group_id))

    async def at_chat(self, chat_id: int) -> GroupView | None:
        return view(await Group.get_or_none(chat_id=chat_id))

    async def served_by(self, admin_chat_id: int) -> list[GroupView]:
        groups = await Group.filter(admin_chat_id=admin_chat_id, is_active=True).order_by("title")
        return [shown(group) for group in groups]

    async def with_admin_chat(self) -> list[GroupView]:
        groups = await Group.filter(is_active=True, admin_chat_id__isnull=False)
        return [shown(group) for group in groups]


def shown(group: Group) -> GroupView:
    """The group's row as the bot shows it."""
    return GroupView(
        id=group.id,
        chat_id=group.chat_id,
        title=group.title,
        is_active=group.is_active,
        admin_chat_id=group.admin_chat_id,
        language=group.language,
        requires_approval=bool(group.requires_approval),
        strictness=int(group.strictness),
        delivery_mode=DeliveryMode(group.delivery_mode),
        retention_days=group.retention_days,
        paused_at=group.paused_at,
        retention_ran_at=group.retention_ran_at,
        faces_expired=group.faces_expired,
        settings=dict(group.settings or {}),
        admin_token=group.admin_token,
    )


def view(group: Group | None) -> GroupView | None:
    return None if group is None else shown(group)
