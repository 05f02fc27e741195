"""The audit's store (``domain.moderation.audit_store``) on tortoise and Postgres: the
moderation events, and the people's corrections touching a group's photos, found by one
query that reads only that group's photos."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from contextlib import suppress
from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.infra.models import (
    Approval,
    AssignmentEvent,
    Group,
    ModerationEvent,
    Participant,
    Person,
    Photo,
)
from domain.infra.stores.assignments import faces_left, merge_chain_end
from domain.moderation import texts as moderation_texts
from domain.moderation.audit_store import (
    ASKER_SHOWN,
    BACK,
    INTO_SHOWN,
    SAID_UNDONE,
    AuditedGroup,
    AuditEvent,
    Correction,
    Said,
    lifting,
)
from domain.moderation.audit_view import NOT_CORRECTIONS, SHOWN_SETTING
from domain.recognition.assignments import CLAIMED_NOTE, remembered_not_theirs
from domain.states import ApprovalStatus, MediaKind, ModerationAction, PersonStatus


def corrections_query() -> str:
    """The newest people's corrections that touch one of the group's photos ($1 the group,
    $2 how many, $3 the operations left out; the undo of a merge is left out with the
    merge; $4 the latest time, or null; $5 ``CLAIMED_NOTE``). The faces a parent's claim
    assigned once approved are left out too: the claim and its approval have their own
    lines, and they are no tagging of the parent's (one line a face read "Ann tagged 1
    face…", issue 32). The
    photo ids an event lists are compared as UUIDs, so each is found through the photos'
    primary key."""
    return f"""
        SELECT e.id FROM {AssignmentEvent._meta.db_table} e
        WHERE e.actor_participant_id IS NOT NULL AND e.photo_count > 0
          AND e.operation <> ALL($3::text[])
          AND e.note IS DISTINCT FROM $5::text
          AND COALESCE(e.details::jsonb ->> 'unmerge', 'false') <> 'true'
          AND ($4::timestamptz IS NULL OR e.created_at <= $4::timestamptz)
          AND EXISTS (
            SELECT 1 FROM jsonb_array_elements_text(e.photo_ids::jsonb) AS touched(photo_id)
            JOIN {Photo._meta.db_table} p ON p.id = touched.photo_id::uuid
            WHERE p.group_id = $1
          )
        ORDER BY e.created_at DESC
        LIMIT $2
        """


def _group(group: Group) -> AuditedGroup:
    return AuditedGroup(group.id, group.title, group.admin_chat_id, dict(group.settings or {}))


def audit_event(event: ModerationEvent) -> AuditEvent:
    return AuditEvent(
        event.id,
        event.group_id,  # type: ignore[attr-defined]
        event.action,
        event.actor_name,
        event.subject,
        dict(event.details),
        event.created_at,
        event.undone_at,
    )


async def _with_askers(events: list[AuditEvent]) -> list[AuditEvent]:
    """The events, an approval decision's with the guardian who asked for it named as the
    admin chat's approval cards name them (``ASKER_SHOWN``), while they are a participant
    (read now: after their /forget, no name; findings25 1)."""
    asked = {
        str(e.details["participant"])
        for e in events
        if e.action in (ModerationAction.APPROVED, ModerationAction.REJECTED)
        and e.details.get("participant")
    }
    if not asked:
        return events
    names = {
        str(pid): moderation_texts.guardian_label(first_name, username)
        for pid, first_name, username in await Participant.filter(id__in=list(asked)).values_list(
            "id", "first_name", "username"
        )
    }
    return [
        replace(e, details={**e.details, ASKER_SHOWN: names[who]})
        if (who := str(e.details.get("participant", ""))) in names
        else e
        for e in events
    ]


async def _with_into(events: list[AuditEvent]) -> list[AuditEvent]:
    """The events, a claim's of "it's my Sara" with Sara named as she is now
    (``INTO_SHOWN``: renamed, the new name; merged, the child kept; deleted, none)."""
    named: dict[str, str] = {}
    for event in events:
        into = str(event.details.get("into") or "")
        if event.action != ModerationAction.CLAIMED or not into or into in named:
            continue
        with suppress(ValueError):
            person = await Person.get_or_none(id=UUID(into))
            if person is not None:
                person = await merge_chain_end(person)
            if person is not None and person.status not in (
                PersonStatus.DELETING,
                PersonStatus.MERGED,
                PersonStatus.UNCLAIMED,
            ):
                named[into] = person.name
    return [
        replace(e, details={**e.details, INTO_SHOWN: named[into]})
        if (into := str(e.details.get("into") or "")) in named
        else e
        for e in events
    ]


def named_by(events: Iterable[ModerationEvent], key: str, value: str) -> str:
    """Who made the first of ``events`` whose details say ``key``: ``value`` (who decided an
    approval, who undid an event), as the event names them; "" when none says."""
    return next((e.actor_name for e in events if e.details.get(key) == value), "")


async def events_after(
    event: AuditEvent, actions: Collection[ModerationAction]
) -> list[AuditEvent]:
    """The group's events of these actions recorded after ``event``."""
    later = ModerationEvent.filter(
        group_id=event.group_id, action__in=list(actions), created_at__gt=event.created_at
    ).exclude(id=event.id)
    return [audit_event(e) for e in await later]


class TortoiseAuditStore:
    """``AuditStore``: ``ModerationEvent`` and ``AssignmentEvent`` rows, and the groups'
    settings."""

    async def group(self, group_id: UUID) -> AuditedGroup | None:
        group = await Group.get_or_none(id=group_id, is_active=True)
        return None if group is None else _group(group)

    async def groups(self, group_ids: Collection[UUID]) -> list[AuditedGroup]:
        return [_group(g) for g in await Group.filter(id__in=list(group_ids), is_active=True)]

    async def recent(self, group_id: UUID, limit: int, until: datetime | None) -> list[AuditEvent]:
        events = ModerationEvent.filter(group_id=group_id)
        if until is not None:
            events = events.filter(created_at__lte=until)
        listed = [audit_event(e) for e in await events.order_by("-created_at").limit(limit)]
        return await _with_into(await _with_askers(listed))

    async def later(
        self, event: AuditEvent, actions: Collection[ModerationAction]
    ) -> list[AuditEvent]:
        return await events_after(event, actions)

    async def standing_rejections(self, approval_ids: Collection[str]) -> set[str]:
        ids = []
        for each in approval_ids:
            with suppress(ValueError):
                ids.append(UUID(each))
        if not ids:
            return set()
        rows = await Approval.filter(id__in=ids, status=ApprovalStatus.REJECTED).values_list(
            "id", flat=True
        )
        return {str(each) for each in rows}

    async def corrections(
        self, group_id: UUID, limit: int, until: datetime | None
    ) -> list[Correction]:
        left_out = [op.value for op in NOT_CORRECTIONS]
        rows = await AssignmentEvent._meta.db.execute_query_dict(
            corrections_query(), [str(group_id), limit, left_out, until, CLAIMED_NOTE]
        )
        if not rows:
            return []
        events = (
            await AssignmentEvent.filter(id__in=[str(row["id"]) for row in rows])
            .order_by("-created_at")
            .prefetch_related("actor_participant")
        )
        touched = {p for event in events for p in event.photo_ids}
        posted = await Photo.filter(group_id=group_id, id__in=list(touched)).values_list(
            "id", "posted_at", "media_kind"
        )
        here = {str(photo_id): at for photo_id, at, _kind in posted}
        clips = {str(photo_id) for photo_id, _at, kind in posted if MediaKind(kind).is_clip}
        left = await faces_left(events)
        out = []
        for event in events:
            dates = [here[p] for p in event.photo_ids if p in here]
            if dates:
                who = event.actor_participant.first_name if event.actor_participant else ""
                of_clips = sum(p in clips for p in event.photo_ids)
                out.append(
                    Correction(
                        event.created_at,
                        who,
                        event.operation,
                        event.face_count,
                        dates,
                        of_clips,
                        undone=event.undone_at is not None,
                        is_an_undo=event.undoes_id is not None,  # type: ignore[attr-defined]
                        remembered=remembered_not_theirs(
                            event.operation, event.details or {}, left[event.id]
                        ),
                    )
                )
        return out

    async def groups_claimed_into(
        self, person_ids: Collection[UUID], merge_id: UUID | None = None
    ) -> list[UUID]:
        wanted = {str(each) for each in person_ids}
        if merge_id is not None:
            merge = await AssignmentEvent.get_or_none(id=merge_id)
            if merge is not None:
                ends = (merge.from_person_id, merge.to_person_id)  # type: ignore[attr-defined]
                wanted |= {str(each) for each in ends if each is not None}
        following = list(wanted)
        while following:  # and those merged into them, at any depth
            merged = await Person.filter(merged_into_id__in=following).values_list("id", flat=True)
            following = [str(each) for each in merged if str(each) not in wanted]
            wanted |= set(following)
        claims = await ModerationEvent.filter(action=ModerationAction.CLAIMED)
        return sorted(
            {e.group_id for e in claims if str(e.details.get("into") or "") in wanted},  # type: ignore[attr-defined]
            key=str,
        )

    async def groups_corrected(self, change_id: UUID) -> list[UUID]:
        event = await AssignmentEvent.get_or_none(id=change_id)
        if event is None or not event.photo_ids:
            return []
        groups = (
            await Photo.filter(id__in=list(event.photo_ids))
            .distinct()
            .values_list("group_id", flat=True)
        )
        return [UUID(str(group)) for group in groups]

    async def latest(
        self, group_id: UUID, action: ModerationAction, user_id: int | None
    ) -> AuditEvent | None:
        events = await ModerationEvent.filter(group_id=group_id, action=action).order_by(
            "-created_at"
        )
        return next((audit_event(e) for e in events if e.details.get("user_id") == user_id), None)

    async def keep_said(self, event_id: UUID, chat_id: int, message_id: int, kind: str) -> None:
        async with in_transaction():
            event = await ModerationEvent.select_for_update().get_or_none(id=event_id)
            if event is None:
                return
            event.said_in = [*(event.said_in or []), [chat_id, message_id, kind]]
            await event.save(update_fields=["said_in"])

    async def said_naming(self, group_ids: Collection[UUID], user_id: int) -> list[Said]:
        return await self._said(
            group_ids,
            lambda event: (
                user_id
                in (event.details.get("user_id"), event.actor_user_id, event.undone_by_user_id)
            ),
        )

    async def said_in(self, group_id: UUID) -> list[Said]:
        return await self._said([group_id], lambda _event: True)

    async def _said(
        self, group_ids: Collection[UUID], chosen: Callable[[ModerationEvent], bool]
    ) -> list[Said]:
        """The messages kept on the ``chosen`` events of these groups, oldest first."""
        events = await ModerationEvent.filter(group_id__in=list(group_ids)).order_by("created_at")
        recorded = [audit_event(event) for event in events]
        out = []
        for event in events:
            for chat_id, message_id, kind in event.said_in or [] if chosen(event) else []:
                undone_by = ""
                if kind == SAID_UNDONE:
                    undo = [e for e in events if e.created_at >= event.created_at]
                    undone_by = named_by(undo, "undoes", str(event.id))
                said = audit_event(event)
                out.append(
                    Said(chat_id, message_id, kind, said, undone_by, lifting(said, recorded))
                )
        return out

    async def mark_back(self, group_id: UUID, user_id: int) -> bool:
        async with in_transaction():
            events = (
                await ModerationEvent.select_for_update()
                .filter(
                    group_id=group_id,
                    action__in=[ModerationAction.BANNED, ModerationAction.UNBANNED],
                )
                .order_by("-created_at")
            )
            latest = next((e for e in events if e.details.get("user_id") == user_id), None)
            if (
                latest is None
                or latest.action != ModerationAction.UNBANNED
                or latest.details.get(BACK)
            ):
                return False
            latest.details = {**latest.details, BACK: True}
            await latest.save(update_fields=["details"])
            return True

    async def said_on_latest(self, group_id: UUID, action: ModerationAction) -> list[Said]:
        latest = (
            await ModerationEvent.filter(group_id=group_id, action=action)
            .order_by("-created_at")
            .first()
        )
        if latest is None or not latest.said_in:
            return []
        event = audit_event(latest)
        after = await ModerationEvent.filter(
            group_id=group_id, created_at__gt=latest.created_at
        ).order_by("created_at")
        lifted = lifting(event, [audit_event(other) for other in after])
        return [
            Said(chat_id, message_id, kind, event, lifted=lifted)
            for chat_id, message_id, kind in latest.said_in
        ]

    async def keep_shown(self, group_id: UUID, change: Callable[[Any], list[Any]]) -> None:
        async with in_transaction():
            group = await Group.select_for_update(no_key=True).get_or_none(id=group_id)
            if group is None:
                return
            settings = group.settings or {}
            group.settings = {**settings, SHOWN_SETTING: change(settings.get(SHOWN_SETTING))}
            await group.save(update_fields=["settings"])
