"""A correction's own message ("Moved: that face is Amy now." [Undo]) kept true: once a
later change of its face (a move back, a merge, "Forget faces") means its Undo would be
refused, the message says what the move did and why it can't be undone, as /history's line
does, and its Undo goes (findings11 1: it kept "now Amy's" with an Undo that only refused,
in three wordings). As a rename closes the open menus, one pass over the Undo buttons
still on corrections' messages (they last ``buttons.VALID_FOR``: few)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from domain.buttons import VALID_FOR, Action, Buttons
from domain.events import PersonsMerged, TakenDownFacesDeleted
from domain.languages.catalogs import _
from domain.languages.chats import speaking_to
from domain.persons import texts
from domain.persons.service import Persons, Undone
from domain.persons.stores import Change, KeptOut
from domain.recognition.assignments import REMOVE_ONLY_NOTE, UndoOutcome
from domain.states import AssignmentOperation
from domain.telegram import Messenger, TelegramUnavailable

log = logging.getLogger(__name__)

SHOWN_ON = "correction"  # an Undo issued on a correction's own message (its ``shown``)
CLOSED = "closed"  # noted on its Undo once its message was closed: what it says (a kind)
# Closed at "Forget faces" of the person it took a face from (walkhe4 13), and its name.
FACES_FORGOTTEN = "faces_forgotten"
FORGOTTEN_NAME = "forgotten_name"
# Noted on an Undo replaced on its message by a new one (a rename, the merge that closed
# it undone: ``corrections.renamed``): the new one.
REPLACED = "replaced"
# What a correction's message said once its Undo was pressed there (``said_undone``).
UNDONE_RESENT, UNDONE_CLIP, UNDONE_OTHERS = "undone_resent", "undone_clip", "undone_others"
UNDONE_LEFT, UNDONE_LEFT_CLIP, UNDONE_LEFT_WHY = "undone_left", "undone_left_clip", "undone_why"
# Kinds of what a closed message says (``now_said``): the change was undone; undone, and
# its faces deleted since.
UNDONE, UNDONE_DELETED = "undone", "undone_deleted"


@dataclass(frozen=True, slots=True)
class Shown:
    """A correction's message with its Undo: the button, where it is, the change as read."""

    token_id: UUID
    chat_id: int
    message_id: int
    change: Change
    said: str | None = None  # closed here already, saying this (``now_said``)


@dataclass(frozen=True, slots=True)
class Deleted:
    """A person deleted, and its name (read before: the changes lose it)."""

    person_id: UUID
    name: str


@dataclass(frozen=True, slots=True)
class TakenDown:
    """A photo the organizers took down: the changes of its faces, its group's title."""

    change_ids: frozenset[UUID]
    group_title: str
    clip: bool = False


class CorrectionAnswers:
    def __init__(self, buttons: Buttons, persons: Persons, messenger: Messenger) -> None:
        self._buttons = buttons
        self._persons = persons
        self._messenger = messenger

    async def close_changed(
        self,
        person_ids: Collection[UUID],
        *,
        deleted: Deleted | None = None,
        pressed: bool = False,
        taken_down: TakenDown | None = None,
    ) -> None:
        """Each correction's message about one of these persons whose Undo would now be
        refused says why, with the Undo gone; one whose change was undone elsewhere (from
        /history, or by the person's owner) says so; one closed so earlier says what its
        face is now. Only the buttons of these persons' changes are read (by key). Best
        effort: a message Telegram cannot edit stays as it was (its Undo, pressed, says the
        same refusal). ``pressed``: those whose Undo was pressed there too (their faces
        deleted, "Undone: that face is Amy's again." is no longer true); ``taken_down``:
        the photo of some of these changes, taken down."""
        shown = await self.shown_about(person_ids, pressed=pressed)
        await self.close(shown, deleted=deleted, taken_down=taken_down)

    async def shown_about(
        self, person_ids: Collection[UUID], *, pressed: bool = False
    ) -> list[Shown]:
        """The corrections' messages with an Undo (or closed here) of a change from or to
        these persons: read before a deletion, which takes the persons off the changes;
        ``pressed``: with those whose Undo was pressed there."""
        changes = await self._persons.corrected_since(person_ids, datetime.now(UTC) - VALID_FOR)
        by_id = {change.id: change for change in changes}
        shown = []
        for token in await self._buttons.issued_about(Action.UNDO, list(by_id)):
            message = token.args.get("message")
            if token.args.get("shown") != SHOWN_ON or token.subject not in by_id:
                continue
            if token.used and CLOSED not in token.args and not pressed:
                continue  # pressed there: its message says what the press did
            if REPLACED in token.args:
                continue  # another Undo on its message now speaks for it
            if isinstance(message, str) and message.isdigit():
                said = str(token.args.get(CLOSED, "")) or None
                shown.append(
                    Shown(token.id, token.chat_id, int(message), by_id[token.subject], said)
                )
        return shown

    async def close(
        self,
        shown: Collection[Shown],
        *,
        deleted: Deleted | None = None,
        taken_down: TakenDown | None = None,
    ) -> None:
        """These messages (``shown_about``) said as their changes stand now; ``deleted``:
        the person deleted since they were read, and its name; ``taken_down``: a photo
        taken down."""
        now = {c.id: c for c in await self._persons.changes_of({s.change.id for s in shown})}
        for message in shown:
            change = now.get(message.change.id)
            if change is None or change.refused is None:
                continue  # still undoable
            if message.said == FACES_FORGOTTEN:
                continue  # closed at "Forget faces", its words true still
            said, text = now_said(change, message.change, deleted, taken_down)
            if said == message.said:
                continue  # said so already
            if message.said is None:
                await self._buttons.withdraw(message.token_id)
            await self._buttons.note(message.token_id, **{CLOSED: said})
            await self._say(message.chat_id, message.message_id, text)

    async def close_faces_forgotten(
        self, shown: Collection[Shown], person_id: UUID, name: str
    ) -> None:
        """Every face of the person was deleted ("Forget faces"): the Undo of a change that
        took a face or a photo from it ("Removed this clip of Noa", "That isn't Noa") goes,
        its words staying (true still). Pressed, it gave nothing back (its state changed),
        and giving back a face found through the faces deleted is what "Forget faces"
        undoes (walkhe4 13, as the offer of held photos is closed then)."""
        for message in shown:
            change = message.change
            if message.said is not None or change.from_person_id != person_id:
                continue
            if change.refused == UndoOutcome.ALREADY_UNDONE:
                continue
            await self._buttons.withdraw(message.token_id)
            # Pressed on a stale app, it says why (``FACES_FORGOTTEN``), not "expired".
            await self._buttons.note(
                message.token_id, **{CLOSED: FACES_FORGOTTEN, FORGOTTEN_NAME: name}
            )
            await self._say(message.chat_id, message.message_id, None)

    async def refused(self, event_id: UUID, chat_id: int, message_id: int) -> str | None:
        """An Undo on a correction's message pressed once it could no longer act (its
        button expired, or the undo refused): why, as /history says it, the message saying
        the same; None: it could still act, or was undone already."""
        change = next(iter(await self._persons.changes_of([event_id])), None)
        if change is None or change.refused in (None, UndoOutcome.ALREADY_UNDONE):
            return None  # undoable, or undone here (a replay: "expired", as any button)
        said, text = now_said(change, change, None)
        await self._buttons.note_all(
            [
                t.id
                for t in await self._buttons.issued_about(Action.UNDO, [event_id])
                if t.args.get("message") == str(message_id)
            ],
            **{CLOSED: said},
        )
        await self._say(chat_id, message_id, text)
        return _(texts.UNDO_TEXTS[change.refused.value])

    async def said_undone(
        self, event_id: UUID, message_id: int, undone: Undone, clip: bool
    ) -> None:
        """Its Undo pressed on the correction's message: what that said is noted on the
        button, for a rename to say it again whole (walken3 7: it dropped "and I'm sending
        you the photo again", ``undone_said``)."""
        group, left_clip, why = undone.left or ("", False, "")
        said = {
            UNDONE_RESENT: "1" if undone.resent else "",
            UNDONE_CLIP: "1" if clip else "",
            UNDONE_OTHERS: str(undone.resent_others),
            UNDONE_LEFT: group,
            UNDONE_LEFT_CLIP: "1" if left_clip else "",
            UNDONE_LEFT_WHY: str(why),
        }
        tokens = await self._buttons.issued_about(Action.UNDO, [event_id], expired=True)
        await self._buttons.note_all(
            [t.id for t in tokens if t.args.get("message") == str(message_id)], **said
        )

    async def close_taken_down(self, event: TakenDownFacesDeleted) -> None:
        """A photo taken down, its faces deleted: the corrections about its faces' persons,
        and those of its faces (a face removed from its person has none)."""
        touching = await self._persons.changes_of(
            await self._persons.changes_touching(event.face_ids)
        )
        persons = set(event.person_ids) | {
            p for c in touching for p in (c.from_person_id, c.to_person_id) if p is not None
        }
        taken_down = TakenDown(frozenset(c.id for c in touching), event.group_title, event.clip)
        await self.close_changed(persons, pressed=True, taken_down=taken_down)

    async def close_merged(self, event_id: UUID) -> None:
        """A merge, or its undo: the corrections about either person may no longer be
        undone."""
        change = await self._persons.change(event_id)
        if change is not None:
            await self.close_changed([p for p in (change.from_person_id, change.to_person_id) if p])

    async def _say(self, chat_id: int, message_id: int, text: Callable[[], str] | None) -> None:
        """The message's text now (None: it stays, its Undo goes), in its reader's language."""
        try:
            if text is None:
                await self._messenger.drop_buttons(chat_id, message_id)
                return
            async with speaking_to(chat_id):
                said = text()
            await self._messenger.replace_text(chat_id, message_id, said)
        except TelegramUnavailable as error:
            log.info("answer %s in %s left as it was: %s", message_id, chat_id, error)


def undone_said(args: Mapping[str, Any], name: str, change: Change) -> str:
    """A correction's message whose Undo was pressed there, said again (in ``name``, the
    person the change was undone back to) as ``said_undone`` noted it."""
    group = str(args.get(UNDONE_LEFT) or "")
    why = str(args.get(UNDONE_LEFT_WHY) or "")
    left = (
        (group, bool(args.get(UNDONE_LEFT_CLIP)), KeptOut(why))
        if group and why in set(KeptOut)
        else None
    )
    return texts.undone_correction(
        name,
        bool(args.get(UNDONE_RESENT)),
        clip=bool(args.get(UNDONE_CLIP)),
        others=int(str(args.get(UNDONE_OTHERS) or 0)),
        left=left,
        photo_only=change.note == REMOVE_ONLY_NOTE,
    )


def now_said(
    change: Change, before: Change, deleted: Deleted | None, taken_down: TakenDown | None = None
) -> tuple[str, Callable[[], str] | None]:
    """What a correction's message whose Undo would refuse says now, by kind (noted on its
    button, to say it once): undone elsewhere (and its face deleted since, or not); a
    move whose face is where it left it, or elsewhere since, or deleted since, or whose
    person was deleted; else its words stay, its Undo goes."""
    if change.refused == UndoOutcome.ALREADY_UNDONE:
        back = before.from_person
        if back is None:
            return UNDONE, None
        if change.faces_left == 0:  # deleted since (a takedown): no longer "is" anyone's
            return UNDONE_DELETED, lambda: texts.undone_until_deleted(back.name)
        photo_only = change.note == REMOVE_ONLY_NOTE
        return UNDONE, lambda: texts.undone_correction(back.name, False, photo_only=photo_only)
    if (
        taken_down is not None
        and change.id in taken_down.change_ids
        and change.operation == AssignmentOperation.UNASSIGN
        and change.faces_left == 0
        and before.from_person is not None
    ):
        name, group, clip = before.from_person.name, taken_down.group_title, taken_down.clip
        if change.note == REMOVE_ONLY_NOTE:
            # "Removed this photo of Alice" with its Undo: the photo itself is gone now.
            return "taken_down", lambda: texts.removed_then_taken_down(name, group, clip=clip)
        if change.details.get("rejection_added"):
            # "That isn't Alice … I'll remember this face isn't Alice": its face deleted,
            # what it taught went with it (issue 32, s35).
            return "taken_down", lambda: texts.not_them_then_taken_down(name, group, clip=clip)
    if change.operation != AssignmentOperation.MOVE:
        return "kept", None  # what it said ("That isn't Alice") stays true
    why = (change.refused or UndoOutcome.CHANGED_SINCE).value
    if deleted is not None and before.to_person_id == deleted.person_id:
        return "deleted", lambda: texts.moved_until_deleted(deleted.name)
    to = change.to_person
    if to is None:
        return "kept", None
    if change.faces_left == 0:  # deleted since (a takedown, "Forget faces"): no one's now
        return "deleted_since", lambda: texts.moved_until_face_deleted(to.name)
    if change.face_person_id == change.to_person_id:
        # Its face is where the move left it (the person it left went, or a later change
        # was undone): only the Undo can't act.
        return "is", lambda: texts.moved_not_undoable(to.name, why)
    return "was", lambda: texts.moved_changed_since(to.name, why)


async def on_persons_merged(answers: CorrectionAnswers, event: PersonsMerged) -> None:
    await answers.close_merged(event.event_id)


async def on_taken_down_faces_deleted(
    answers: CorrectionAnswers, event: TakenDownFacesDeleted
) -> None:
    """A takedown deleted faces of these persons: the corrections' messages about them say
    what became of the changes, an undone one included (findings19 5: "Undone: these faces
    are Noam's again." after the photo was taken down); a "Remove this photo only" of it
    (its face no one's: found by the changes of its faces) says it was taken down
    (walken4 3)."""
    await answers.close_taken_down(event)
