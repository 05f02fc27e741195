"""What ``/audit`` shows of a group: its recent moderation events and the corrections people
made to faces on its photos (who, what, when), newest first, with no person's name or face.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.infra.models import AssignmentEvent, Group, ModerationEvent, Photo
from domain.languages.catalogs import _
from domain.languages.chats import speaking_to
from domain.moderation import audit, texts, undo
from domain.states import AssignmentOperation
from domain.telegram import Button, Messenger, TelegramUnavailable, UndoAuditEvent

UNDO_BUTTONS_PER_ROW = 3

# A guardian's own business, never listed for the organizers (``_corrections_of``).
NOT_CORRECTIONS = (AssignmentOperation.REMOVE, AssignmentOperation.MERGE)


@dataclass(frozen=True, slots=True)
class Entry:
    at: datetime
    line: str  # HTML
    undo_event: UUID | None = None  # a moderation event an organizer can undo
    why_not: str = ""  # why a moderation event cannot be undone (HTML), when it cannot


async def entries(group: Group, limit: int = 15, until: datetime | None = None) -> list[Entry]:
    """The newest entries, as they stand now; ``until``: only those recorded by then (the
    lines an /audit shown then lists, each saying whether it was undone since)."""
    events = await audit.recent([group], limit, until)
    offered = await undo.undoable(events)
    moderation = [_moderation_entry(event, event.id in offered) for event in events]
    corrections = await _correction_entries(group, limit, until)
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


async def _correction_entries(group: Group, limit: int, until: datetime | None) -> list[Entry]:
    """People's corrections touching this group's photos (recognition's own are not
    listed: they are what the corrections correct). Only this group's events are read,
    however busy the other groups are."""
    ids = await _corrections_of(group, limit, until)
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
    merge; $4 the latest time, or null). The photo ids an event lists are compared as
    UUIDs, so each is found through the photos' primary key."""
    return f"""
        SELECT e.id FROM {AssignmentEvent._meta.db_table} e
        WHERE e.actor_participant_id IS NOT NULL AND e.photo_count > 0
          AND e.operation <> ALL($3::text[])
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


async def _corrections_of(group: Group, limit: int, until: datetime | None) -> list[str]:
    """The newest people's corrections that touch one of the group's photos. A guardian
    deleting their person or its faces (``remove``), or merging two of their own persons
    into one (``merge``, and its undo), is their own business, not a correction of
    recognition: no face went to another family, and organizers do not learn of it."""
    rows = await AssignmentEvent._meta.db.execute_query_dict(
        corrections_query(),
        [str(group.id), limit, [op.value for op in NOT_CORRECTIONS], until],
    )
    return [str(row["id"]) for row in rows]


# The /audit messages last shown in the admin chat ([chat, message, when its lines were
# read] in the group's ``settings``): each is edited when an undo or a setting changes what
# its lines say, so none offers an undo done elsewhere or names a zone no longer in force.
SHOWN_SETTING = "audit_messages"
KEEP_SHOWN = 5


async def shown(group_id: UUID, chat_id: int, message_id: int, at: datetime) -> None:
    """An /audit of the group was posted, listing what was recorded by ``at``."""
    async with in_transaction():
        group = await Group.select_for_update(no_key=True).get_or_none(id=group_id)
        if group is None:
            return
        kept = (group.settings or {}).get(SHOWN_SETTING)
        listed = [
            each
            for each in (kept if isinstance(kept, list) else [])
            if isinstance(each, list) and len(each) == 3 and each[:2] != [chat_id, message_id]
        ]
        listed = [*listed, [chat_id, message_id, at.isoformat()]][-KEEP_SHOWN:]
        group.settings = {**(group.settings or {}), SHOWN_SETTING: listed}
        await group.save(update_fields=["settings"])


def shown_in(group: Group) -> list[tuple[int, datetime]]:
    """The /audit messages of the group shown in its admin chat now: (message id, when its
    lines were read)."""
    kept = (group.settings or {}).get(SHOWN_SETTING)
    if group.admin_chat_id is None or not isinstance(kept, list):
        return []
    out = []
    for each in kept:
        if isinstance(each, list) and len(each) == 3 and each[0] == group.admin_chat_id:
            with suppress(TypeError, ValueError):
                out.append((int(each[1]), datetime.fromisoformat(str(each[2]))))
    return out


async def sheet(
    group: Group, until: datetime | None = None
) -> tuple[str, list[list[Button]]] | None:
    """The /audit of ``group`` (its lines recorded by ``until``, as they stand now) and its
    Undo buttons, in rows; None when nothing happened."""
    listed = await entries(group, until=until)
    if not listed:
        return None
    buttons: list[Button] = [
        UndoAuditEvent(entry.undo_event, texts.undo_button(number))
        for number, entry in enumerate(listed, 1)
        if entry.undo_event is not None
    ]
    rows = [
        buttons[i : i + UNDO_BUTTONS_PER_ROW] for i in range(0, len(buttons), UNDO_BUTTONS_PER_ROW)
    ]
    return texts.audit_text(group.title, [(e.at, e.line, e.why_not) for e in listed]), rows


async def refresh_shown(messenger: Messenger, group_ids: list[UUID]) -> None:
    """Every /audit of these groups still shown in their admin chats says what is true now
    (worker side: after /forget, the forgotten user's name is gone from each)."""
    for group in await Group.filter(id__in=group_ids, is_active=True):
        if group.admin_chat_id is None:
            continue
        async with speaking_to(group.admin_chat_id):
            for message_id, until in shown_in(group):
                made = await sheet(group, until)
                if made is None:
                    continue
                try:
                    await messenger.replace_text(group.admin_chat_id, message_id, *made)
                except TelegramUnavailable:
                    return  # Telegram is away: the next /audit is right anyway
