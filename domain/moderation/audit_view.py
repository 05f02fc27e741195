"""What ``/audit`` shows of a group: its recent moderation events and the corrections people
made to faces on its photos (who, what, when), newest first, with no person's name or face.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.delivery.stores import HeldMedia
from domain.events import PersonDeleted, PersonRenamed, PersonsMerged, TakenDownFacesDeleted
from domain.languages.catalogs import _
from domain.languages.chats import speaking_to, zone_of_group
from domain.languages.dates import in_zone
from domain.moderation import texts, undo
from domain.moderation.audit_store import (
    BACK,
    SAID_DONE,
    SAID_UNDONE,
    AuditedGroup,
    AuditEvent,
    AuditStore,
    Said,
)
from domain.states import AssignmentOperation, ModerationAction
from domain.telegram import Button, Edit, Messenger, TelegramUnavailable, UndoAuditEvent

log = logging.getLogger(__name__)

UNDO_BUTTONS_PER_ROW = 3

# A guardian's own business, never listed for the organizers: deleting their person or its
# faces (``remove``), or merging two of their own persons into one (``merge``, and its
# undo), is not a correction of recognition: no face went to another family.
NOT_CORRECTIONS = (AssignmentOperation.REMOVE, AssignmentOperation.MERGE)

# The /audit messages last shown in the admin chat ([chat, message, when its lines were
# read] in the group's ``settings``): each is edited when an undo or a setting changes what
# its lines say, so none offers an undo done elsewhere or names a zone no longer in force.
SHOWN_SETTING = "audit_messages"
KEEP_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Entry:
    at: datetime
    line: str  # HTML
    undo_event: UUID | None = None  # a moderation event an organizer can undo
    why_not: str = ""  # why a moderation event cannot be undone (HTML), when it cannot
    event: UUID | None = None  # the moderation event of the line


def _moderation_entry(event: AuditEvent, offered: bool) -> Entry:
    """``offered``: an Undo button is worth showing (``AuditView.undoable``)."""
    line = texts.audit_moderation_line(
        event.actor_name,
        event.action,
        event.subject,
        event.details,
        event.undone_at is not None,
    )
    if offered:
        return Entry(event.created_at, line, undo_event=event.id, event=event.id)
    if event.undone_at is not None:  # its line says "(undone)"
        return Entry(event.created_at, line, event=event.id)
    if undo.can_undo(event):  # undoable in kind, but a later decision replaced it
        changed = texts.UNDO_REFUSED["changed_since"]
        return Entry(event.created_at, line, why_not=_(changed), event=event.id)
    if undo.is_an_undo(event):
        why_not = texts.cannot_undo_an_undo(event.action)
    else:
        why_not = texts.cannot_undo(event.action, event.details)
    return Entry(event.created_at, line, why_not=why_not, event=event.id)


def _named(event: AuditEvent) -> str:
    """Whom a ban or an unban was about, as the reader's language names them."""
    return texts.participant_named(event.subject, event.details.get("user_id"))


def undone_note(
    group_title: str,
    undone_by: str,
    event: AuditEvent,
    waiting: HeldMedia | None = None,
    *,
    back: bool = False,
) -> str:
    """What the admin chat is told when ``event`` is undone from /audit: the event's line,
    for a ban what lifting it means, in /unban's words (nothing is restored until they
    join again; ``back``: they did since), and for a pause what waited (``waiting``),
    counted as /resume counts it."""
    line = texts.audit_moderation_line(
        event.actor_name, event.action, event.subject, event.details, undone=False
    )
    note = texts.audit_undone(group_title, undone_by, line)
    if event.action == ModerationAction.BANNED:
        return f"{note}\n{texts.unbanned(group_title, _named(event), back=back)}"
    if waiting is not None and waiting.count:
        return f"{note}\n{texts.posted_while_paused(waiting.photos, waiting.clips)}"
    return note


def said_text(said: Said, group_title: str) -> str | None:
    """What a kept admin-chat message says, made again from the event as it is now (after
    a /forget: with the label the audit gives the forgotten user; a ban lifted since: so,
    and by whom); None: not one made so."""
    event = said.event
    if said.kind == SAID_UNDONE:
        back = said.lifted is not None and bool(said.lifted.details.get(BACK))
        return undone_note(group_title, said.undone_by, event, back=back)
    if said.kind == SAID_DONE and event.action == ModerationAction.BANNED:
        if said.lifted is not None:
            lifted = said.lifted
            return texts.ban_lifted(
                group_title, _named(event), lifted.actor_name, lifted.created_at
            )
        return texts.banned(group_title, _named(event))
    if said.kind == SAID_DONE and event.action == ModerationAction.PAUSED:
        if said.lifted is not None:
            lifted = said.lifted
            return texts.pause_lifted(
                group_title, event.created_at, lifted.actor_name, lifted.created_at
            )
        return texts.group_paused(group_title)
    if said.kind == SAID_DONE and event.action == ModerationAction.UNBANNED:
        return texts.unbanned(group_title, _named(event), back=bool(event.details.get(BACK)))
    return None


def shown_in(group: AuditedGroup, chat_id: int | None = None) -> list[tuple[int, datetime]]:
    """The /audit messages of the group shown in its admin chat now (or in ``chat_id``, one
    it moved from): (message id, when its lines were read)."""
    kept = group.settings.get(SHOWN_SETTING)
    chat = group.admin_chat_id if chat_id is None else chat_id
    if chat is None or not isinstance(kept, list):
        return []
    out = []
    for each in kept:
        if isinstance(each, list) and len(each) == 3 and each[0] == chat:
            with suppress(TypeError, ValueError):
                out.append((int(each[1]), datetime.fromisoformat(str(each[2]))))
    return out


def with_shown(kept: Any, chat_id: int, message_id: int, at: datetime) -> list[Any]:
    """The /audit messages kept, with this one (listing what was recorded by ``at``) as the
    newest; the oldest beyond ``KEEP_SHOWN`` are no longer kept true."""
    listed = [
        each
        for each in (kept if isinstance(kept, list) else [])
        if isinstance(each, list) and len(each) == 3 and each[:2] != [chat_id, message_id]
    ]
    return [*listed, [chat_id, message_id, at.isoformat()]][-KEEP_SHOWN:]


class AuditView:
    """The /audit of a group, and keeping every /audit shown true."""

    def __init__(self, store: AuditStore) -> None:
        self._store = store

    async def group(self, group_id: UUID) -> AuditedGroup | None:
        """The group whose audit is shown, while it is active."""
        return await self._store.group(group_id)

    async def undoable(self, events: list[AuditEvent]) -> set[UUID]:
        """Of ``events`` (one group's), those whose Undo button is worth offering: not
        undone, an undo registered, and not replaced by a later decision; a rejection, only
        while it stands (photos added ask the organizers again: its undo would refuse)."""
        rejections = [
            str(event.details.get("approval"))
            for event in events
            if event.action == ModerationAction.REJECTED and undo.can_undo(event)
        ]
        standing = await self._store.standing_rejections(rejections) if rejections else set()
        return {
            event.id
            for event in events
            if undo.can_undo(event)
            and (
                event.action != ModerationAction.REJECTED
                or str(event.details.get("approval")) in standing
            )
            and not undo.replaced(event, await self._store.later(event, undo.decisions_like(event)))
        }

    async def entries(
        self, group_id: UUID, limit: int = 15, until: datetime | None = None
    ) -> list[Entry]:
        """The newest entries, as they stand now; ``until``: only those recorded by then
        (the lines an /audit shown then lists, each saying whether it was undone since)."""
        events = await self._store.recent(group_id, limit, until)
        offered = await self.undoable(events)
        moderation = [_moderation_entry(event, event.id in offered) for event in events]
        lifted = {
            event.id: (event.action, by)
            for event in events
            if event.id not in offered and (by := await self._lifted_by(event)) is not None
        }
        corrections = [
            Entry(
                correction.at,
                texts.audit_correction_line(
                    correction.who,
                    correction.operation,
                    correction.face_count,
                    correction.posted,
                    correction.clips,
                    undone=correction.undone,
                    is_an_undo=correction.is_an_undo,
                    remembered=correction.remembered,
                ),
            )
            for correction in await self._store.corrections(group_id, limit, until)
        ]
        merged = sorted([*moderation, *corrections], key=lambda entry: entry.at, reverse=True)
        listed = merged[:limit]
        # A ban lifted or a pause ended since: which line did it (walkhe N4), not only that
        # "it has changed since".
        numbers = {entry.event: n for n, entry in enumerate(listed, 1) if entry.event}
        told = []
        for entry in listed:
            if entry.event in lifted:
                action, by = lifted[entry.event]
                entry = replace(entry, why_not=texts.lifted_since(action, numbers.get(by)))
            told.append(entry)
        return told

    async def _lifted_by(self, event: AuditEvent) -> UUID | None:
        """The /unban that lifted this ban, or the /resume that ended this pause, since
        (the first of them, an undo not counted); None for any other event, or one still
        in force, or undone."""
        lifting = {
            ModerationAction.BANNED: ModerationAction.UNBANNED,
            ModerationAction.PAUSED: ModerationAction.RESUMED,
        }.get(ModerationAction(event.action))
        if lifting is None or event.undone_at is not None:
            return None
        later = await self._store.later(event, (lifting,))
        for other in sorted(later, key=lambda each: each.created_at):
            if undo.is_an_undo(other):
                continue
            if event.action == ModerationAction.PAUSED or other.details.get(
                "user_id"
            ) == event.details.get("user_id"):
                return other.id
        return None

    async def sheet(
        self, group_id: UUID, title: str, until: datetime | None = None
    ) -> tuple[str, list[list[Button]]] | None:
        """The /audit of the group (its lines recorded by ``until``, as they stand now) and
        its Undo buttons, in rows; None when nothing happened."""
        listed = await self.entries(group_id, until=until)
        if not listed:
            return None
        buttons: list[Button] = [
            UndoAuditEvent(entry.undo_event, texts.undo_button(number))
            for number, entry in enumerate(listed, 1)
            if entry.undo_event is not None
        ]
        rows = [
            buttons[i : i + UNDO_BUTTONS_PER_ROW]
            for i in range(0, len(buttons), UNDO_BUTTONS_PER_ROW)
        ]
        text = texts.audit_text(title, [(e.at, e.line, e.why_not) for e in listed])
        if until is not None and await self._recorded_after(group_id, until):
            # Redrawn (an undo, a language): it never gains what came later (walk34 3), as
            # an older /history says (``history_as_of``).
            text += "\n\n" + texts.audit_as_of(until)
        return text, rows

    async def _recorded_after(self, group_id: UUID, until: datetime) -> bool:
        """Whether an /audit sent now would list a line recorded after ``until``."""
        events = await self._store.recent(group_id, 1, None)
        corrections = await self._store.corrections(group_id, 1, None)
        return any(event.created_at > until for event in events) or any(
            correction.at > until for correction in corrections
        )

    async def listing(self, change_id: UUID) -> list[UUID]:
        """The groups whose /audit lists this correction of faces (an assignment event): a
        guardian's undo of it changes its line there ("(undone)"), so each /audit shown
        there is redrawn, as for an organizer's undo (findings17 6)."""
        return await self._store.groups_corrected(change_id)

    async def shown(self, group_id: UUID, chat_id: int, message_id: int, at: datetime) -> None:
        """An /audit of the group was posted, listing what was recorded by ``at``."""
        await self._store.keep_shown(
            group_id, lambda kept: with_shown(kept, chat_id, message_id, at)
        )

    async def said_about(
        self,
        group_id: UUID,
        action: ModerationAction,
        user_id: int | None,
        chat_id: int,
        message_id: int,
    ) -> None:
        """The admin-chat message that reported a ban or an unban of this user (the group's
        newest) is kept, so that a /forget can unname it; or a pause (``user_id`` None), so
        that the resume can say it was lifted."""
        event = await self._store.latest(group_id, action, user_id)
        if event is not None:
            await self._store.keep_said(event.id, chat_id, message_id, SAID_DONE)

    async def said_undone(self, event_id: UUID, chat_id: int, message_id: int) -> None:
        """The admin-chat message that said the event was undone is kept, as ``said_about``."""
        await self._store.keep_said(event_id, chat_id, message_id, SAID_UNDONE)

    async def unname_said(self, messenger: Messenger, group_ids: list[UUID], user_id: int) -> None:
        """After a /forget (the events already unnamed): the admin-chat messages kept on these
        groups' events that named the user say it again with the audit's label."""
        groups = {group.id: group for group in await self._store.groups(group_ids)}
        await self._say_again(
            messenger, groups, await self._store.said_naming(list(groups), user_id)
        )

    async def ban_lifted(self, messenger: Messenger, group_id: UUID, user_id: int) -> None:
        """After a ban of this user was lifted (/unban, or /audit's undo): the admin chat's
        announcement of it ("... is banned ... /unban lifts it.") says it was lifted, by
        whom and when."""
        groups = {group.id: group for group in await self._store.groups([group_id])}
        lifted = [
            said
            for said in await self._store.said_naming(list(groups), user_id)
            if said.kind == SAID_DONE and said.lifted is not None
        ]
        await self._say_again(messenger, groups, lifted)

    async def member_back(self, messenger: Messenger, group_id: UUID, user_id: int) -> None:
        """The user opened the group's link again: when a ban of theirs was lifted since
        they were last in it, what the admin chat was told of the unban ("They can join
        again … nothing is restored until they do") says they did (walk34 6)."""
        if not await self._store.mark_back(group_id, user_id):
            return
        groups = {group.id: group for group in await self._store.groups([group_id])}
        if group_id in groups:
            await self._say_again(
                messenger, groups, await self._store.said_naming([group_id], user_id)
            )

    async def in_language(self, messenger: Messenger, group_id: UUID) -> None:
        """The group's language (or zone) changed: every admin-chat message kept on its
        events (its bans, unbans and pauses, lifted or not, and the undos told) says what
        it said, in the chat's language and the group's zone (walk34 2)."""
        groups = {group.id: group for group in await self._store.groups([group_id])}
        if group_id not in groups:
            return
        chat_id = groups[group_id].admin_chat_id
        kept = [said for said in await self._store.said_in(group_id) if said.chat_id == chat_id]
        await self._say_again(messenger, groups, kept)

    async def pause_lifted(self, messenger: Messenger, group_id: UUID) -> None:
        """After the group was resumed (/resume, or /audit's undo of the pause): the admin
        chat's announcement of the pause ("... is paused ... until you send /resume") says
        when it was paused, and when and by whom it was resumed (findings19 14)."""
        groups = {group.id: group for group in await self._store.groups([group_id])}
        if group_id not in groups:
            return
        lifted = [
            said
            for said in await self._store.said_on_latest(group_id, ModerationAction.PAUSED)
            if said.kind == SAID_DONE and said.lifted is not None
        ]
        await self._say_again(messenger, groups, lifted)

    async def _say_again(
        self, messenger: Messenger, groups: Mapping[UUID, AuditedGroup], kept: Iterable[Said]
    ) -> None:
        """Each kept message says again what ``said_text`` makes of it now. Telegram refuses
        to edit a message older than 48 hours: that one stays as it is (logged)."""
        for said in kept:
            group = groups[said.event.group_id]
            # Its times (when a ban or a pause was lifted) in the group's zone, also in an
            # admin chat serving groups of other zones.
            async with speaking_to(said.chat_id):
                with in_zone(zone_of_group(group.settings)):
                    text = said_text(said, group.title)
            if text is None:
                continue
            try:
                edited = await messenger.replace_text(said.chat_id, said.message_id, text)
            except TelegramUnavailable as error:
                log.info(
                    "message %s in %s not said again: %s", said.message_id, said.chat_id, error
                )
                continue
            if edited == Edit.REFUSED:
                log.info("message %s in %s not said again: too old", said.message_id, said.chat_id)

    async def claimed_into_changed(
        self, messenger: Messenger, person_ids: Collection[UUID], merge_id: UUID | None = None
    ) -> None:
        """These persons were renamed, merged (``merge_id``) or deleted: each /audit shown
        whose line of a claim "into" one of them names it says it as now."""
        groups = await self._store.groups_claimed_into(person_ids, merge_id)
        if groups:
            await self.refresh_shown(messenger, groups)

    async def refresh_shown(self, messenger: Messenger, group_ids: list[UUID]) -> None:
        """Every /audit of these groups still shown in their admin chats says what is true
        now (worker side: after /forget, the forgotten user's name is gone from each), its
        times in the group's own zone, as a fresh one (``bot.audits.audit_message``)."""
        for group in await self._store.groups(group_ids):
            if group.admin_chat_id is None:
                continue
            async with speaking_to(group.admin_chat_id):
                for message_id, until in shown_in(group):
                    with in_zone(zone_of_group(group.settings)):
                        made = await self.sheet(group.id, group.title, until)
                    if made is None:
                        continue
                    try:
                        await messenger.replace_text(group.admin_chat_id, message_id, *made)
                    except TelegramUnavailable:
                        return  # Telegram is away: the next /audit is right anyway


async def on_person_renamed(view: AuditView, messenger: Messenger, event: PersonRenamed) -> None:
    """A rename: the /audit lists shown naming it in a claim's line say the new name."""
    await view.claimed_into_changed(messenger, [event.person_id])


async def on_persons_merged(view: AuditView, messenger: Messenger, event: PersonsMerged) -> None:
    """A merge (or its undo): those lines name the child that stands."""
    await view.claimed_into_changed(messenger, [], event.event_id)


async def on_person_deleted(view: AuditView, messenger: Messenger, event: PersonDeleted) -> None:
    """A deletion: those lines no longer name the child."""
    await view.claimed_into_changed(messenger, [event.person_id])


async def on_taken_down_faces_deleted(
    view: AuditView, messenger: Messenger, event: TakenDownFacesDeleted
) -> None:
    """A takedown deleted a photo's faces: the /audit lists shown of its group no longer
    say a correction of them taught me anything ("(and I remember it isn't that child)"),
    and say what was recorded since (issue 32, s35)."""
    if event.group_id is not None:
        await view.refresh_shown(messenger, [event.group_id])
