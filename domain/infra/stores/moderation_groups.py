"""The organizers' stores of their groups (``domain.moderation.group_stores``) on tortoise
and Postgres."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from domain.groups.stores import GroupView
from domain.infra.models import AdminPointer, Claim, Group, Membership, ModerationEvent, Photo
from domain.infra.stores.groups import TortoiseGroupStore, shown, view
from domain.states import MembershipStatus, ModerationAction


class TortoiseOrganizerStore(TortoiseGroupStore):
    """``OrganizerStore``: groups, and the children organizers named in them."""

    async def named_a_child(self, user_id: int) -> bool:
        return await Claim.exists(named_by_user_id=user_id, group__is_active=True)

    async def linked_groups_of(self, user_id: int) -> list[GroupView]:
        groups = (
            await Group.filter(
                Q(
                    memberships__participant__telegram_user_id=user_id,
                    memberships__status=MembershipStatus.MEMBER,
                )
                | Q(claims__named_by_user_id=user_id)
                | Q(moderation_events__actor_user_id=user_id),
                is_active=True,
                admin_chat_id__isnull=False,
            )
            .distinct()
            .order_by("title")
        )
        return [shown(group) for group in groups]


class TortoiseLinkingStore(TortoiseGroupStore):
    """``LinkingStore``: groups' admin chats, /admin tokens and settings keys."""

    async def by_admin_token(self, token: str) -> GroupView | None:
        return view(await Group.get_or_none(admin_token=token, is_active=True))

    async def admin_token(self, group_id: UUID, fresh: str) -> str:
        async with in_transaction():
            locked = await Group.filter(id=group_id).select_for_update(no_key=True).get()
            if locked.admin_token is None:
                locked.admin_token = fresh
                await locked.save(update_fields=["admin_token", "updated_at"])
        return locked.admin_token

    async def keep_setting(self, group_id: UUID, key: str, value: object) -> object:
        async with in_transaction():
            locked = await Group.filter(id=group_id).select_for_update(no_key=True).get()
            previous = locked.settings.get(key)
            locked.settings = {**locked.settings, key: value}
            await locked.save(update_fields=["settings", "updated_at"])
        return previous

    async def keep_in_list(self, group_id: UUID, key: str, item: object, keep: int) -> None:
        async with in_transaction():
            locked = await Group.filter(id=group_id).select_for_update(no_key=True).get()
            kept = locked.settings.get(key)
            items = [*(kept if isinstance(kept, list) else []), item][-keep:]
            locked.settings = {**locked.settings, key: items}
            await locked.save(update_fields=["settings", "updated_at"])

    async def keep_pointer(self, group_id: UUID, message_id: int, command: str, keep: int) -> None:
        async with in_transaction():
            await Group.filter(id=group_id).select_for_update(no_key=True).get()
            await AdminPointer.get_or_create(
                group_id=group_id, message_id=message_id, defaults={"command": command}
            )
            older = (
                await AdminPointer.filter(group_id=group_id)
                .order_by("-message_id")
                .offset(keep)
                .values_list("id", flat=True)
            )
            if older:
                await AdminPointer.filter(id__in=older).delete()

    async def pointers(self, group_id: UUID) -> list[tuple[int, str]]:
        kept = AdminPointer.filter(group_id=group_id).order_by("message_id")
        return [
            (message_id, command)
            for message_id, command in await kept.values_list("message_id", "command")
        ]

    async def is_photo_group(self, chat_id: int) -> bool:
        own = await Group.get_or_none(chat_id=chat_id)
        if own is None:
            return False
        return await Membership.filter(group=own).exists() or await Photo.filter(group=own).exists()

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return in_transaction()

    async def locked(self, group_id: UUID) -> GroupView:
        return shown(await Group.filter(id=group_id).select_for_update(no_key=True).get())

    async def link(self, group_id: UUID, admin_chat_id: int, fresh_token: str) -> None:
        await Group.filter(id=group_id).update(
            admin_chat_id=admin_chat_id, admin_token=fresh_token, updated_at=datetime.now(UTC)
        )

    async def record(
        self,
        group_id: UUID,
        action: ModerationAction,
        actor: tuple[int | None, str],
        subject: str,
        details: dict[str, Any],
    ) -> None:
        user_id, name = actor
        await ModerationEvent.create(
            group_id=group_id,
            action=action,
            actor_user_id=user_id,
            actor_name=name[:255],
            subject=subject[:255],
            details=details,
        )

    async def close_own_group(self, chat_id: int, greetings: str) -> tuple[int, ...]:
        own = await Group.filter(chat_id=chat_id).select_for_update(no_key=True).first()
        if own is None:
            return ()
        kept = tuple(i for i in own.settings.get(greetings, []) if isinstance(i, int))
        own.is_active = False
        own.settings = {k: v for k, v in own.settings.items() if k != greetings}
        await own.save(update_fields=["is_active", "settings", "updated_at"])
        return kept

    async def keep_greetings(self, chat_id: int, message_ids: list[int], greetings: str) -> bool:
        async with in_transaction():
            own = await Group.filter(chat_id=chat_id).select_for_update(no_key=True).first()
            admin_chat = await Group.filter(admin_chat_id=chat_id, is_active=True).exists()
            if own is not None and admin_chat:
                own.is_active = False
                await own.save(update_fields=["is_active", "updated_at"])
            elif own is not None:
                kept = [i for i in own.settings.get(greetings, []) if isinstance(i, int)]
                own.settings = {**own.settings, greetings: kept + message_ids}
                await own.save(update_fields=["settings", "updated_at"])
        return admin_chat

    async def unlink(self, chat_id: int) -> list[GroupView]:
        groups = await Group.filter(admin_chat_id=chat_id)
        await Group.filter(admin_chat_id=chat_id).update(admin_chat_id=None)
        return [replace(shown(group), admin_chat_id=None) for group in groups]
