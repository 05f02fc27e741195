"""What changing a group's settings asks of the database, in its words: the port its store
implements (on tortoise: ``domain/infra/stores/moderation_settings.py``; in memory, for the
unit tests of the rules it frees: ``tests/fakes/moderation_settings.py``)."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from domain.groups.stores import GroupView
from domain.moderation.audit import Actor


class Setting(StrEnum):
    """What an organizer changes with /settings' buttons (the zone: with /timezone)."""

    APPROVAL = "approval"
    STRICTNESS = "strictness"
    DELIVERY = "delivery"
    RETENTION = "retention"
    LANGUAGE = "language"
    ZONE = "zone"


# What a setting's value is: approval a bool, strictness the steps, delivery a mode's
# value, retention days (None: kept), language a code, zone an IANA name.
Value = bool | int | str | None


@dataclass(frozen=True, slots=True)
class SettingChange:
    """One setting of a group changed from ``old`` to ``new`` (``undoes``: the change it
    undoes, from /audit)."""

    setting: Setting
    old: Value
    new: Value
    undoes: UUID | None = None

    def audited(self) -> dict[str, Value]:
        """The change as its ``SETTING_CHANGED`` event's details keep it."""
        details: dict[str, Value] = {
            "setting": self.setting.value,
            "old": self.old,
            "new": self.new,
        }
        if self.undoes is not None:
            details["undoes"] = str(self.undoes)
        return details


class GroupSettingsStore(Protocol):
    """The database side of ``settings.GroupSettings``: a unit of work, so that a setting
    read, compared and changed under the group's row lock is never changed twice by two
    presses at once, and no other key of its ``settings`` is lost."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        """What happens inside happens at once, or not at all; a row locked inside stays
        locked until it ends (inside another transaction: part of it)."""

    async def locked(self, group_id: UUID) -> GroupView | None:
        """The group, its row locked (inside a transaction) until the transaction ends;
        None: no such group."""

    async def save(self, group_id: UUID, change: SettingChange, actor: Actor) -> None:
        """The setting is ``change.new`` now, recorded for /audit (``change.audited()``);
        inside the transaction that locked the group."""

    async def keep_cards(self, group_id: UUID, cards: list[list[int]]) -> None:
        """The settings cards shown now ([chat, message] pairs), kept in the group's
        ``settings``; inside the transaction that locked the group."""

    async def member_chats(self, group_id: UUID) -> list[int]:
        """The Telegram user ids of the group's members (those who joined through its
        link, and so agreed to its keep)."""

    async def receiving_chats(self, group_id: UUID) -> list[int]:
        """The Telegram user ids of the members who get photos and clips from the group:
        guardians of someone recognized there (paused or not), approved where approval is
        asked."""
