"""What ``/audit`` shows of a group: its recent moderation events and the corrections people
made to faces on its photos (who, what, when), newest first, with no person's name or face.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain import texts
from domain.infra.models import AssignmentEvent, Group, ModerationEvent, Photo
from domain.languages.catalogs import _
from domain.moderation import audit, undo
from domain.states import AssignmentOperation

# A guardian's own business, never listed for the organizers (``_corrections_of``).
NOT_CORRECTIONS = (AssignmentOperation.REMOVE, AssignmentOperation.MERGE)


@dataclass(frozen=True, slots=True)
class Entry:
    at: datetime
    line: str  # HTML
    undo_event: UUID | None = None  # a moderation event an organizer can undo
    why_not: str = ""  # why a moderation event cannot be undone (HTML), when it cannot


async def entries(group: Group, limit: int = 15) -> list[Entry]:
    events = await audit.recent([group], limit)
    offered = await undo.undoable(events)
    moderation = [_moderation_entry(event, event.id in offered) for event in events]
    corrections = await _correction_entries(group, limit)
    merged = sorted([*moderation, *corrections], key=lambda entry: entry.at, reverse=True)
    return merged[:limit]


def _moderation_entry(event: ModerationEvent, offered: bool) -> Entry:
    """``offered``: an Undo button is worth showing (``undo.undoable``)."""
    line = texts.audit_moderation_line(
        event.actor_name, event.action, event.subject, event.details, event.undone_at is not None
    )
    if offered:
        return Entry(event.created_at, line, undo_event=event.id)
    if event.undone_at is not None:  # its line says "(undone)"
        return Entry(event.created_at, line)
    if undo.can_undo(event):  # undoable in kind, but a later decision replaced it
        changed = texts.UNDO_REFUSED["changed_since"]
        return Entry(event.created_at, line, why_not=_(changed))
    if undo.is_an_undo(event):
        return Entry(event.created_at, line, why_not=texts.cannot_undo_an_undo())
    return Entry(event.created_at, line, why_not=texts.cannot_undo(event.action))


async def _correction_entries(group: Group, limit: int) -> list[Entry]:
    """People's corrections touching this group's photos (recognition's own are not
    listed: they are what the corrections correct). Only this group's events are read,
    however busy the other groups are."""
    ids = await _corrections_of(group, limit)
    if not ids:
        return []
    events = (
        await AssignmentEvent.filter(id__in=ids)
        .order_by("-created_at")
        .prefetch_related("actor_participant")
    )
    photo_ids = {p for event in events for p in event.photo_ids}
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
    return out


def corrections_query() -> str:
    """The newest people's corrections that touch one of the group's photos ($1 the group,
    $2 how many, $3 the operations left out; the undo of a merge is left out with the
    merge). The photo ids an event lists are compared as UUIDs, so each is found through
    the photos' primary key."""
    return f"""
        SELECT e.id FROM {AssignmentEvent._meta.db_table} e
        WHERE e.actor_participant_id IS NOT NULL AND e.photo_count > 0
          AND e.operation <> ALL($3::text[])
          AND COALESCE(e.details::jsonb ->> 'unmerge', 'false') <> 'true'
          AND EXISTS (
            SELECT 1 FROM jsonb_array_elements_text(e.photo_ids::jsonb) AS touched(photo_id)
            JOIN {Photo._meta.db_table} p ON p.id = touched.photo_id::uuid
            WHERE p.group_id = $1
          )
        ORDER BY e.created_at DESC
        LIMIT $2
        """


async def _corrections_of(group: Group, limit: int) -> list[str]:
    """The newest people's corrections that touch one of the group's photos. A guardian
    deleting their person or its faces (``remove``), or merging two of their own persons
    into one (``merge``, and its undo), is their own business, not a correction of
    recognition: no face went to another family, and organizers do not learn of it."""
    rows = await AssignmentEvent._meta.db.execute_query_dict(
        corrections_query(), [str(group.id), limit, [op.value for op in NOT_CORRECTIONS]]
    )
    return [str(row["id"]) for row in rows]
