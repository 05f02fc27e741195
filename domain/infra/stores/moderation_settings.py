"""The group settings' store (``domain.moderation.settings_store``) on tortoise and
Postgres: the group's own columns, and the keys of its ``settings`` JSON."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.groups.stores import GroupView
from domain.infra.models import Group, Membership, ModerationEvent
from domain.infra.stores.assignments import matchable_persons, receiving_guardians
from domain.infra.stores.groups import view
from domain.moderation.audit import Actor
from domain.moderation.settings import CARDS_SETTING, stored
from domain.moderation.settings_store import SettingChange
from domain.states import MembershipStatus, ModerationAction


class TortoiseGroupSettingsStore:
    """``GroupSettingsStore``: each change under the group's row lock
    (``SELECT ... FOR NO KEY UPDATE``), in the caller's transaction."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return in_transaction()

    async def locked(self, group_id: UUID) -> GroupView | None:
        return view(await _locked(group_id))

    async def save(self, group_id: UUID, change: SettingChange, actor: Actor) -> None:
        group = await _locked(group_id)
        assert group is not None, "saved inside the transaction that found it"
        field, value = stored(group, change.setting, change.new)
        setattr(group, field, value)
        await group.save(update_fields=[field, "updated_at"])
        subject, details = change.setting.value, change.audited()
        await ModerationEvent.record(
            group.id, ModerationAction.SETTING_CHANGED, actor, subject=subject, details=details
        )

    async def keep_cards(self, group_id: UUID, cards: list[list[int]]) -> None:
        group = await _locked(group_id)
        assert group is not None, "kept inside the transaction that found it"
        group.settings = {**(group.settings or {}), CARDS_SETTING: cards}
        await group.save(update_fields=["settings"])

    async def member_chats(self, group_id: UUID) -> list[int]:
        found = await Membership.filter(
            group_id=group_id, status=MembershipStatus.MEMBER
        ).values_list("participant__telegram_user_id", flat=True)
        return sorted(int(str(user_id)) for user_id in found)

    async def receiving_chats(self, group_id: UUID) -> list[int]:
        today = datetime.now(UTC).date()
        chats: set[int] = set()
        for person_id in await matchable_persons(group_id, today):
            chats.update(g.telegram_user_id for g in await receiving_guardians(person_id, group_id))
        return sorted(chats)


async def _locked(group_id: UUID) -> Group | None:
    """The group's row, locked until the transaction ends (again: a no-op when it is)."""
    return await Group.select_for_update(no_key=True).get_or_none(id=group_id)
