"""What the groups' services ask of the database, in their words: the port its store
implements (on tortoise: ``domain/infra/stores/groups.py``; in memory, for the unit tests
of the rules it frees: ``tests/fakes/groups.py``), and a group as the bot shows it."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from domain.states import DeliveryMode, GroupType, MembershipStatus


@dataclass(frozen=True, slots=True)
class GroupView:
    """A group as the bot shows it and its organizers' commands read it, as stored when
    read (read again to see a change)."""

    id: UUID
    chat_id: int
    title: str
    is_active: bool = True
    admin_chat_id: int | None = None
    language: str = "en"
    requires_approval: bool = False
    strictness: int = 0  # steps above the calibrated thresholds
    delivery_mode: DeliveryMode = DeliveryMode.EACH
    retention_days: int | None = None
    paused_at: datetime | None = None
    retention_ran_at: datetime | None = None
    faces_expired: int = 0
    admin_token: str | None = None  # the /admin link's, while one is out
    join_token: str = ""  # the deep link's payload that names the group
    welcomed_at: datetime | None = None  # greeted with the join link (None: not yet)
    # What the slices keep in the group's ``settings`` (its zone, its welcome, its cards).
    settings: Mapping[str, Any] = field(default_factory=dict)


class GroupRef(Protocol):
    """A group as a rule needs to name it: a ``GroupView``, or a row that has these."""

    @property
    def id(self) -> UUID: ...

    @property
    def title(self) -> str: ...


class GroupStore(Protocol):
    """The groups as the organizers' commands read them."""

    async def group(self, group_id: UUID) -> GroupView | None:
        """The group; None: no such group."""

    async def at_chat(self, chat_id: int) -> GroupView | None:
        """The group recorded for this chat (active or not); None: none is."""

    async def served_by(self, admin_chat_id: int) -> list[GroupView]:
        """The active groups this chat is the admin chat of, by title."""

    async def formerly_served(self, chat_id: int) -> GroupView | None:
        """The active group this chat was the admin chat of last, when it serves none now
        and is no photo group in use (its admins moved the admin chat away)."""

    async def with_admin_chat(self) -> list[GroupView]:
        """The active groups that have an admin chat."""


@dataclass(frozen=True, slots=True)
class MembershipFacts:
    """A participant's membership of a group, and what says whether it is still trusted."""

    id: UUID
    status: MembershipStatus
    verified_at: datetime
    group_chat_id: int
    group_settings: Mapping[str, Any]


class MembershipStore(Protocol):
    """What ``MemberCheck`` asks of the memberships."""

    async def membership(self, participant_id: UUID, group_id: UUID) -> MembershipFacts | None:
        """The participant's membership of the group; None: none was recorded."""

    async def verified(self, membership_id: UUID, member: bool, at: datetime) -> bool:
        """Telegram's answer recorded (a member, or left), verified ``at``, only while it is
        still a membership (a conditional update: a ban or a leave recorded meanwhile is
        never overwritten); whether it was."""


@dataclass(frozen=True, slots=True)
class Migrated:
    """A group upgraded to a supergroup, as ``GroupChanges.migrate`` left it."""

    group: GroupView | None  # at its new chat id; None: facedrop knows no group at either
    admin_of: int  # groups whose admin chat it is, moved to the new id with it
    moved: bool = False  # False: no group was at the old id (moved before, or never one)
    pending: int = 0  # the group's deliveries still pending (said in the log)


class GroupChanges(GroupStore, MembershipStore, Protocol):
    """What ``Groups`` (and its ``MemberCheck``) read and change of the groups: their
    records and memberships, as the bot sees them."""

    async def record_chat(
        self, chat_id: int, title: str, kind: GroupType, join_token: str
    ) -> GroupView:
        """The group at this chat, created (with ``join_token``) on first sight: one however
        many updates of the chat race to create it. A non-empty ``title`` and ``kind`` that
        changed are kept."""

    async def set_active(self, group_id: UUID, active: bool) -> bool:
        """Whether the bot is in the group now; whether that changed (once however many
        updates say it)."""

    async def bot_came(
        self, group_id: UUID, *, welcomed_at: datetime | None, language: str
    ) -> None:
        """The bot is in the group (active), greeted then, speaking that language."""

    async def merge_setting(self, group_id: UUID, key: str, value: Any) -> None:
        """``settings[key] = value``, under the group's row lock: two merges at once never
        lose each other's keys."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        """What happens inside happens at once, or not at all."""

    async def migrate(self, old_chat_id: int, new_chat_id: int) -> Migrated:
        """The group at ``old_chat_id`` now at ``new_chat_id``, a supergroup, with its row
        locked until the transaction ends (call inside one; idempotent: a second call finds
        it moved): the groups served by the old chat as admin chat follow it; its photos
        keep their message ids negated; a group recorded at the new id meanwhile (the
        ``twin``) has its photos and the memberships of participants the group lacks
        folded in, and is deleted (what else was its own goes with it, cascading: whatever
        must go first goes before, in the same transaction)."""

    async def members(self, group_id: UUID) -> list[int]:
        """The Telegram user ids of those in the group in facedrop (joined through its link,
        neither left nor banned since), as recorded."""

    async def member_left(self, chat_id: int, user_id: int) -> GroupView | None:
        """The user's membership of the group at this chat is left, only while it is a
        membership (a ban stays a ban); the group when it was one until now."""
