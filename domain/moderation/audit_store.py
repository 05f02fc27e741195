"""What ``/audit`` asks of the database, in its words: the port its store implements (on
tortoise: ``domain/infra/stores/moderation_audit.py``; in memory, for the unit tests of the
rules it frees: ``tests/fakes/moderation_audit.py``)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from domain.states import AssignmentOperation, ModerationAction


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """A moderation event as the audit recorded it (its subject and details name no one)."""

    id: UUID
    group_id: UUID
    action: ModerationAction
    actor_name: str
    subject: str
    details: Mapping[str, Any]
    created_at: datetime
    undone_at: datetime | None = None


# In a decision's details as /audit lists it: the guardian who asked, named as the approval
# cards name them (read when listed, never stored: gone once they /forget; findings25 1).
ASKER_SHOWN = "asker_shown"
# In a claim's details as /audit lists it, when the parent said the faces are their own
# child's ("it's my Sara": the details' "into"): that child's name now, as the claim's card
# names it (read when listed, never stored: a rename says the new name, a merge the kept
# child's; absent once that child is deleted).
INTO_SHOWN = "into_shown"

# What an admin-chat message reporting an event says (kept on the event with the message):
# the action done ("Class 1A: Ben is banned."), or the event undone ("Olga undid “...”").
SAID_DONE = "done"
SAID_UNDONE = "undone"
# In an unban's details: the user opened the group's link again since (walk34 6).
BACK = "back"


@dataclass(frozen=True, slots=True)
class Said:
    """An admin-chat message that reports an event, and the names it is made from now:
    ``event``'s, for ``SAID_UNDONE`` who undid it (as the undo names them), and for a ban
    the unban that lifted it since (``lifting``), if any."""

    chat_id: int
    message_id: int
    kind: str
    event: AuditEvent
    undone_by: str = ""
    lifted: AuditEvent | None = None


def lifting(event: AuditEvent, events: Iterable[AuditEvent]) -> AuditEvent | None:
    """Of the group's ``events``, the unban (by /unban or /audit's undo) that lifted
    ``event`` when it is a ban: the first unban of the same user recorded after it; when it
    is a pause, the first resume (by /resume or /audit's undo) recorded after it."""
    if event.action == ModerationAction.PAUSED:
        resumes = [
            other
            for other in events
            if other.action == ModerationAction.RESUMED
            and other.group_id == event.group_id
            and other.created_at > event.created_at
        ]
        return min(resumes, key=lambda other: other.created_at, default=None)
    if event.action != ModerationAction.BANNED:
        return None
    unbans = [
        other
        for other in events
        if other.action == ModerationAction.UNBANNED
        and other.group_id == event.group_id
        and other.created_at > event.created_at
        and other.details.get("user_id") == event.details.get("user_id")
    ]
    return min(unbans, key=lambda other: other.created_at, default=None)


@dataclass(frozen=True, slots=True)
class Correction:
    """A person's correction touching a group's photos: who made it, what, of how many
    faces, when the group's photos it touched were posted, and how many of them are clips."""

    at: datetime
    who: str
    operation: AssignmentOperation
    face_count: int
    posted: list[datetime]
    clips: int = 0
    undone: bool = False  # undone since
    is_an_undo: bool = False  # it undid an earlier correction
    # An untag that also taught me the face is not that child ("That isn't Alice"), not
    # one of a photo only, while its face is kept (``assignments.remembered_not_theirs``).
    remembered: bool = False


@dataclass(frozen=True, slots=True)
class AuditedGroup:
    """A group whose audit is shown: its title, its admin chat, and its ``settings`` (where
    the /audit messages shown are kept)."""

    id: UUID
    title: str
    admin_chat_id: int | None
    settings: Mapping[str, Any] = field(default_factory=dict)


class AuditStore(Protocol):
    """The database side of ``audit_view.AuditView``."""

    async def group(self, group_id: UUID) -> AuditedGroup | None:
        """The group, while it is active."""

    async def groups(self, group_ids: Collection[UUID]) -> list[AuditedGroup]:
        """Those of these groups still active."""

    async def recent(self, group_id: UUID, limit: int, until: datetime | None) -> list[AuditEvent]:
        """The group's newest events (recorded by ``until``, when given), newest first."""

    async def later(
        self, event: AuditEvent, actions: Collection[ModerationAction]
    ) -> list[AuditEvent]:
        """The group's events of these actions recorded after ``event``."""

    async def standing_rejections(self, approval_ids: Collection[str]) -> set[str]:
        """Of these approvals (as a rejection's details name them), those still rejected:
        not asked again since (photos added make a rejected person pending once more), nor
        decided otherwise, nor gone."""

    async def corrections(
        self, group_id: UUID, limit: int, until: datetime | None
    ) -> list[Correction]:
        """The newest corrections people made (recognition's own left out, and a
        guardian's own business: ``audit_view.NOT_CORRECTIONS``, with the undo of a merge)
        that touch one of the group's photos (recorded by ``until``, when given), newest
        first. Only this group's events are read, however busy the other groups are."""

    async def groups_corrected(self, change_id: UUID) -> list[UUID]:
        """The groups whose photos a correction (an assignment event) touched: their /audit
        lists it."""

    async def groups_claimed_into(
        self, person_ids: Collection[UUID], merge_id: UUID | None = None
    ) -> list[UUID]:
        """The groups whose /audit lists a claim a parent said was into one of these persons
        (or one merged into them; ``merge_id``: and the two persons of that merge, or its
        undo): its line names that child (``INTO_SHOWN``)."""

    async def latest(
        self, group_id: UUID, action: ModerationAction, user_id: int | None
    ) -> AuditEvent | None:
        """The group's newest event of this action about this Telegram user (a ban's), or
        about no one (``user_id`` None: a pause's)."""

    async def keep_said(self, event_id: UUID, chat_id: int, message_id: int, kind: str) -> None:
        """The admin-chat message that reports the event (``SAID_*``) kept on it."""

    async def said_naming(self, group_ids: Collection[UUID], user_id: int) -> list[Said]:
        """The messages kept on these groups' events that may name this Telegram user: the
        events about them, by them, or undone by them."""

    async def said_in(self, group_id: UUID) -> list[Said]:
        """Every message kept on the group's events (redrawn in its admin chat's language)."""

    async def mark_back(self, group_id: UUID, user_id: int) -> bool:
        """The user opened the group's link again: when their newest ban or unban there is
        an unban not marked so yet, it is marked ``BACK`` (what reported it says they
        came back); whether it was."""

    async def said_on_latest(self, group_id: UUID, action: ModerationAction) -> list[Said]:
        """The messages kept on the group's newest event of this action (a pause's)."""

    async def keep_shown(self, group_id: UUID, change: Callable[[Any], list[Any]]) -> None:
        """The /audit messages kept in the group's settings become ``change(kept)``, with
        the group locked (two /audit at once both stay kept)."""
