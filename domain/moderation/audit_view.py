"""What ``/audit`` shows of a group: its recent moderation events and the corrections people
made to faces on its photos (who, what, when), newest first, with no person's name or face.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain import texts
from domain.infra.models import AssignmentEvent, Group, ModerationEvent, Photo
from domain.moderation import audit, undo

# Corrections are looked for among this many of the newest (they are not kept per group).
SCAN_ASSIGNMENTS = 300


@dataclass(frozen=True, slots=True)
class Entry:
    at: datetime
    line: str  # HTML
    undo_event: UUID | None = None  # a moderation event an organizer can undo
    why_not: str = ""  # why a moderation event cannot be undone (HTML), when it cannot


async def entries(group: Group, limit: int = 15) -> list[Entry]:
    moderation = [_moderation_entry(event) for event in await audit.recent([group], limit)]
    corrections = await _correction_entries(group, limit)
    merged = sorted([*moderation, *corrections], key=lambda entry: entry.at, reverse=True)
    return merged[:limit]


def _moderation_entry(event: ModerationEvent) -> Entry:
    line = texts.audit_moderation_line(
        event.actor_name, event.action, event.subject, event.details, event.undone_at is not None
    )
    if undo.can_undo(event):
        return Entry(event.created_at, line, undo_event=event.id)
    if event.undone_at is not None:  # its line says "(undone)"
        return Entry(event.created_at, line)
    return Entry(event.created_at, line, why_not=texts.cannot_undo(event.action))


async def _correction_entries(group: Group, limit: int) -> list[Entry]:
    """People's corrections touching this group's photos (recognition's own are not
    listed: they are what the corrections correct)."""
    events = (
        await AssignmentEvent.filter(actor_participant_id__isnull=False, photo_count__gt=0)
        .order_by("-created_at")
        .limit(SCAN_ASSIGNMENTS)
        .prefetch_related("actor_participant")
    )
    photo_ids = {p for event in events for p in event.photo_ids}
    if not photo_ids:
        return []
    posted = dict(
        await Photo.filter(group_id=group.id, id__in=list(photo_ids)).values_list("id", "posted_at")
    )
    here = {str(photo_id): at for photo_id, at in posted.items()}
    out: list[Entry] = []
    for event in events:
        dates = [here[p] for p in event.photo_ids if p in here]
        if not dates:
            continue
        who = event.actor_participant.first_name if event.actor_participant else ""
        line = texts.audit_correction_line(who, event.operation, event.face_count, dates)
        out.append(Entry(event.created_at, line))
        if len(out) >= limit:
            break
    return out
