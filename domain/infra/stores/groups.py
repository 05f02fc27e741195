"""The groups' stores (``domain.groups.stores``) on tortoise and Postgres."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from domain.groups.stores import GroupView, MembershipFacts, Migrated
from domain.infra.models import Delivery, Group, Membership, ModerationEvent, Photo
from domain.states import (
    DeliveryMode,
    DeliveryStatus,
    GroupType,
    MembershipStatus,
    ModerationAction,
)


class TortoiseGroupStore:
    """``GroupStore``, ``GroupChanges`` and ``MembershipStore``: a group's row and its
    memberships."""

    async def group(self, group_id: UUID) -> GroupView | None:
        return view(await Group.get_or_none(id=group_id))

    async def at_chat(self, chat_id: int) -> GroupView | None:
        return view(await Group.get_or_none(chat_id=chat_id))

    async def served_by(self, admin_chat_id: int) -> list[GroupView]:
        groups = await Group.filter(admin_chat_id=admin_chat_id, is_active=True).order_by("title")
        return [shown(group) for group in groups]

    async def formerly_served(self, chat_id: int) -> GroupView | None:
        return view(await formerly_served(chat_id))

    async def with_admin_chat(self) -> list[GroupView]:
        groups = await Group.filter(is_active=True, admin_chat_id__isnull=False)
        return [shown(group) for group in groups]

    async def record_chat(
        self, chat_id: int, title: str, kind: GroupType, join_token: str
    ) -> GroupView:
        group, created = await Group.get_or_create(
            chat_id=chat_id,
            defaults={"title": title or str(chat_id), "type": kind, "join_token": join_token},
        )
        if not created and (group.title != title or group.type != kind) and title:
            group.title, group.type = title, kind
            await group.save(update_fields=["title", "type", "updated_at"])
        return shown(group)

    async def set_active(self, group_id: UUID, active: bool) -> bool:
        changed = await Group.filter(id=group_id, is_active=not active).update(
            is_active=active, updated_at=datetime.now(UTC)
        )
        return bool(changed)

    async def bot_came(
        self, group_id: UUID, *, welcomed_at: datetime | None, language: str
    ) -> None:
        await Group.filter(id=group_id).update(
            is_active=True, welcomed_at=welcomed_at, language=language, updated_at=datetime.now(UTC)
        )

    async def merge_setting(self, group_id: UUID, key: str, value: Any) -> None:
        async with in_transaction():
            locked = await Group.filter(id=group_id).select_for_update(no_key=True).get()
            locked.settings = {**locked.settings, key: value}
            await locked.save(update_fields=["settings", "updated_at"])

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return in_transaction()

    async def migrate(self, old_chat_id: int, new_chat_id: int) -> Migrated:
        served = await Group.filter(admin_chat_id=old_chat_id).update(admin_chat_id=new_chat_id)
        group = await Group.filter(chat_id=old_chat_id).select_for_update().first()
        if group is None:
            return Migrated(view(await Group.get_or_none(chat_id=new_chat_id)), served)
        await Photo.filter(group=group, message_id__gt=0).update(message_id=-F("message_id"))
        twin = await Group.get_or_none(chat_id=new_chat_id)
        if twin is not None:
            await Photo.filter(group=twin).update(group_id=group.id)
            members = await Membership.filter(group=group).values_list("participant_id", flat=True)
            await (
                Membership.filter(group=twin)
                .exclude(participant_id__in=members)
                .update(group_id=group.id)
            )
            await twin.delete()
        group.chat_id, group.type = new_chat_id, GroupType.SUPERGROUP
        await group.save(update_fields=["chat_id", "type", "updated_at"])
        pending = await Delivery.filter(photo__group=group, status=DeliveryStatus.PENDING).count()
        return Migrated(shown(group), served, moved=True, pending=pending)

    async def members(self, group_id: UUID) -> list[int]:
        return await Membership.filter(
            group_id=group_id, status=MembershipStatus.MEMBER
        ).values_list("participant__telegram_user_id", flat=True)  # type: ignore[return-value]

    async def member_left(self, chat_id: int, user_id: int) -> GroupView | None:
        group = await Group.get_or_none(chat_id=chat_id)
        if group is None:
            return None
        left = await Membership.filter(
            group=group, participant__telegram_user_id=user_id, status=MembershipStatus.MEMBER
        ).update(status=MembershipStatus.LEFT, updated_at=datetime.now(UTC))  # when: an undo says
        return shown(group) if left else None

    async def membership(self, participant_id: UUID, group_id: UUID) -> MembershipFacts | None:
        membership = await Membership.get_or_none(
            participant_id=participant_id, group_id=group_id
        ).prefetch_related("group")
        if membership is None:
            return None
        return MembershipFacts(
            id=membership.id,
            status=MembershipStatus(membership.status),
            verified_at=membership.verified_at,
            group_chat_id=membership.group.chat_id,
            group_settings=dict(membership.group.settings or {}),
        )

    async def verified(self, membership_id: UUID, member: bool, at: datetime) -> bool:
        return bool(
            await Membership.filter(id=membership_id, status=MembershipStatus.MEMBER).update(
                status=MembershipStatus.MEMBER if member else MembershipStatus.LEFT,
                verified_at=at,
                updated_at=at,
            )
        )


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
        join_token=group.join_token,
        welcomed_at=group.welcomed_at,
    )


def view(group: Group | None) -> GroupView | None:
    return None if group is None else shown(group)


async def formerly_served(chat_id: int) -> Group | None:
    """The active group this chat was the admin chat of last, when it serves none now and
    is no photo group in use: an admin chat the group's admins moved away from (each link
    is recorded, ``ADMIN_CHAT_LINKED``, with the chat it replaced)."""
    if await Group.exists(admin_chat_id=chat_id, is_active=True):
        return None
    if await Group.exists(chat_id=chat_id, is_active=True):
        return None
    event = (
        await ModerationEvent.filter(
            action=ModerationAction.ADMIN_CHAT_LINKED,
            details__contains={"previous_chat_id": chat_id},
        )
        .order_by("-created_at")
        .first()
    )
    group_id = getattr(event, "group_id", None) if event is not None else None
    if group_id is None:
        return None
    return await Group.get_or_none(id=group_id, is_active=True)
