"""The /history message: a guardian's recent changes, newest first, with an Undo button for
each one that can be undone; "/history all" (or "Show automatic matches") lists the matches
recognition made among them, in the same order by time (findings11 18: listed after all
the changes by hand, under "newest first", they read as older than they were).

A /history still in a chat says what is true of its lines when it is read: a change undone
anywhere (this list, another /history, the correction's own message, a co-guardian's) is
marked undone in every /history still listing it, and its Undo goes there
(``refresh_histories``); so does a change whose faces a takedown deleted
(``on_faces_deleted``); a person renamed is named by the new name in its guardians' lists
(``on_person_renamed``; findings21 11: they kept an Undo that no longer applied, and the
old names), a list with no Undo button too, found by what its message was recorded
listing; so are they after a merge or its undo (``on_persons_merged``) and a person's
deletion (``on_person_deleted``)."""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.buttons import Action, Buttons
from domain.events import (
    HistoryChanged,
    PersonDeleted,
    PersonRenamed,
    PersonsMerged,
    TakenDownFacesDeleted,
)
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for_chat
from domain.languages import dates
from domain.languages.chats import speaking_to
from domain.persons import texts
from domain.persons.service import ANSWERED_NO, ANSWERED_PAIR, Persons
from domain.telegram import (
    Button,
    Messenger,
    PressToken,
    ShowAutomaticMatches,
    TelegramUnavailable,
)

log = logging.getLogger(__name__)


async def history_view(
    user_id: int,
    persons: Persons,
    buttons: Buttons,
    person_id: UUID | None = None,
    *,
    automatic: bool = False,
    until: datetime | None = None,
) -> tuple[str, list[list[Button]], list[UUID]]:
    """The /history text and buttons (and the Undo buttons' tokens): the changes made by
    hand, with the matches recognition made only on request (``automatic``); ``until``:
    only the changes made by then (what a /history shown then listed), as they stand now."""
    rows = await persons.history(user_id, person_id, automatic=automatic, until=until)
    hidden = not automatic and await persons.matched_automatically(user_id, person_id, until=until)
    lines: list[tuple[str, object]] = []
    offered: list[tuple[int, UUID]] = []  # the lines with an Undo: (number, change)
    others_only = False
    for i, row in enumerate(rows):
        when = texts.history_when_by(
            dates.moment_zoned(row.when), row.by, mine=row.mine, by_hand=row.operation != "assign"
        )
        line = (
            texts.history_answer_line(when, row.from_name or "?", not row.undone)
            if row.operation == ANSWERED_NO
            else texts.history_pair_line(
                when, row.from_name or "?", row.to_name or "?", row.chosen, not row.undone
            )
            if row.operation == ANSWERED_PAIR
            else texts.history_line(
                when,
                row.operation,
                row.from_name,
                row.to_name,
                row.faces,
                row.undone,
                reverts=row.reverts,
                faces_gone=row.faces_gone,
                changed_since=row.changed_since,
                no_guardian=row.no_guardian,
                deleted_since=row.deleted_since,
                faces_forgotten=row.faces_forgotten,
                remembered=row.remembered,
            )
        )
        lines.append((line, row.id))
        undoable = (
            not row.undone
            and not row.reverts
            and not row.faces_gone
            and not row.changed_since
            and not row.no_guardian
            and not row.faces_forgotten
        )
        if row.by and undoable and not row.may_undo:
            others_only = True
        # An undo is not undone in turn, nor a change whose faces were deleted or that
        # was changed since (its undo would refuse); another guardian's change only by
        # them or the owner.
        if undoable and row.may_undo:
            offered.append((i + 1, row.id))
    # The page's Undo buttons issued at once (a few queries, not a few for each line).
    tokens = await buttons.issue_all(user_id, user_id, Action.UNDO, [c for _n, c in offered])
    keyboard: list[list[Button]] = [
        [PressToken(token, f"{texts.undo()} {number}")]
        for (number, _change), token in zip(offered, tokens, strict=False)
    ]
    guards_no_one = not lines and person_id is None and not await persons.of_user(user_id)
    text = texts.history(lines, guards_no_one=guards_no_one)
    if others_only:
        text += "\n\n" + texts.history_others_changes()
    if hidden:
        text += "\n\n" + texts.history_automatic_hidden()
        keyboard.append([ShowAutomaticMatches(person_id, texts.show_automatic())])
    if until is not None and await _changed_after(persons, user_id, person_id, automatic, until):
        # An older list never gains the changes made after it (findings26 8): it says so,
        # as an older /persons list does.
        text += "\n\n" + texts.history_as_of(dates.moment_zoned(until))
    return text, keyboard, tokens


async def _changed_after(
    persons: Persons, user_id: int, person_id: UUID | None, automatic: bool, until: datetime
) -> bool:
    """Whether a /history sent now would list a change made after ``until``."""
    newest = await persons.history(user_id, person_id, limit=1, automatic=automatic)
    return bool(newest) and newest[0].when > until


async def note(
    buttons: Buttons,
    tokens: list[UUID],
    message_id: int,
    person_id: UUID | None,
    automatic: bool,
    until: datetime,
) -> None:
    """Each Undo button knows the /history it is on, and what that listed: to say there
    what became of its change, wherever it is undone."""
    await buttons.note_all(tokens, history=str(message_id), **listing(person_id, automatic, until))


def listing(person_id: UUID | None, automatic: bool, until: datetime) -> dict[str, str]:
    """What a /history lists, as its Undo buttons note it and its message is recorded with
    (``history_again`` reads it): one person's changes or all, recognition's matches too or
    not, and those made by when."""
    return {
        "person": str(person_id or ""),
        "automatic": "1" if automatic else "",
        "until": until.isoformat(),
    }


async def refresh_histories(
    messenger: Messenger, persons: Persons, buttons: Buttons, event_ids: Collection[UUID]
) -> None:
    """The changes ``event_ids`` were undone, or can no longer be: every /history still
    listing one says so now, with the buttons still of use: those with an Undo button for
    it, and, by what they were recorded listing, the newest of the chats of the guardians
    of its persons (a list that showed it without an Undo: another guardian's change, or
    every line undone, stayed as if it were in force)."""
    seen: set[tuple[int, str]] = set()
    for event_id in event_ids:
        for user_id, chat_id, args in await buttons.shown_for(Action.UNDO, event_id):
            await _again_once(messenger, persons, buttons, seen, user_id, chat_id, args)
    for user_id in sorted(await _guardian_chats_of(persons, event_ids)):
        await _listed_again(messenger, persons, buttons, seen, user_id)


async def _guardian_chats_of(persons: Persons, event_ids: Collection[UUID]) -> set[int]:
    """The chats of the guardians of the persons these changes were between."""
    changes = await persons.changes_of(event_ids)
    between = {c.from_person_id for c in changes} | {c.to_person_id for c in changes}
    return await persons.guardian_chats([p for p in between if p is not None])


async def history_again(
    messenger: Messenger, persons: Persons, buttons: Buttons, user_id: int, args: Mapping[str, Any]
) -> None:
    """The /history an Undo button was on (``args``: what ``note`` kept on it) says what
    its lines are now, with the buttons still of use: after an undo, or a press its undo
    refused (the change was changed since), a takedown or a rename."""
    message_id, listed = args.get("history"), args.get("until")
    if not isinstance(message_id, str) or not isinstance(listed, str):
        return
    person = args.get("person")
    person_id = UUID(person) if isinstance(person, str) and person else None
    automatic = args.get("automatic") == "1"
    until = datetime.fromisoformat(listed)
    async with speaking_to(user_id):
        text, keyboard, tokens = await history_view(
            user_id, persons, buttons, person_id, automatic=automatic, until=until
        )
    try:  # deleted, unchanged or too old: nothing to edit
        await messenger.replace_text(user_id, int(message_id), text, keyboard)
    except TelegramUnavailable as error:
        log.info("/history %s in %s left as it was: %s", message_id, user_id, error)
    await note(buttons, tokens, int(message_id), person_id, automatic, until)


async def _again_once(
    messenger: Messenger,
    persons: Persons,
    buttons: Buttons,
    seen: set[tuple[int, str]],
    user_id: int,
    chat_id: int,
    args: Mapping[str, Any],
) -> None:
    message_id = args.get("history")
    if not isinstance(message_id, str) or chat_id != user_id:
        return  # an Undo on a correction's own message: that one says it itself
    if (user_id, message_id) in seen:  # listed again (its buttons made anew)
        return
    seen.add((user_id, message_id))
    await history_again(messenger, persons, buttons, user_id, args)


async def on_person_renamed(
    persons: Persons, buttons: Buttons, messenger: Messenger, event: PersonRenamed
) -> None:
    """A person renamed: the /history lists shown to its guardians name it by its new name:
    each found by the Undo buttons it was shown with, or, with none (every line undone, or
    too old to undo), by what its message was recorded listing (the chat's newest few:
    before, such a list kept the old name)."""
    await _chats_again(messenger, persons, buttons, await persons.guardian_chats([event.person_id]))


async def on_persons_merged(
    persons: Persons, buttons: Buttons, messenger: Messenger, event: PersonsMerged
) -> None:
    """Two persons merged, or the merge undone: the /history lists shown to the guardians
    of either say what their lines are now (findings22 1: an older list kept an Undo of a
    change the merge voided, refused only when pressed)."""
    chats = await _guardian_chats_of(persons, [event.event_id])
    await _chats_again(messenger, persons, buttons, chats)


async def on_person_deleted(
    persons: Persons, buttons: Buttons, messenger: Messenger, event: PersonDeleted
) -> None:
    """A person deleted: the /history lists shown to its guardians no longer list its
    changes as in force, nor offer their Undo (findings23 6: they named the deleted child
    as present until an Undo was pressed)."""
    await _chats_again(messenger, persons, buttons, event.guardian_chats)


async def _chats_again(
    messenger: Messenger, persons: Persons, buttons: Buttons, chats: Collection[int]
) -> None:
    """The /history lists shown in these chats, redrawn as they stand now, once each: those
    found by their Undo buttons, and the newest found by what they were recorded listing."""
    seen: set[tuple[int, str]] = set()
    for user_id in sorted(chats):
        for chat_id, args in await buttons.histories_of(user_id):
            await _again_once(messenger, persons, buttons, seen, user_id, chat_id, args)
        await _listed_again(messenger, persons, buttons, seen, user_id)


async def _listed_again(
    messenger: Messenger,
    persons: Persons,
    buttons: Buttons,
    seen: set[tuple[int, str]],
    user_id: int,
) -> None:
    """The newest /history lists of the user's chat, found by what each was recorded
    listing (with or without an Undo button), redrawn as they stand now; one person's list
    only while the person is still theirs (its list is not redrawn empty)."""
    listed_lists = await persons.shown.histories_listed(user_id)
    if not listed_lists:
        return
    theirs = {"", *(str(person.id) for person in await persons.of_user(user_id))}
    for message_id, listed in listed_lists:
        if listed.get("person", "") not in theirs:
            continue
        shown = {**listed, "history": str(message_id)}
        await _again_once(messenger, persons, buttons, seen, user_id, user_id, shown)


async def on_history_changed(persons: Persons, jobs: JobQueue, event: HistoryChanged) -> None:
    """A change /history lists was recorded: the lists sent before it in the chats of the
    persons' guardians (the one who made it, and the co-guardians, whose /history lists it
    too) say so, by each chat's ``SHOW_HISTORIES`` job (``mark_outdated``; one asked for
    while it runs runs again)."""
    for chat_id in sorted(await persons.guardian_chats(event.person_ids)):
        await enqueue_for_chat(jobs, job_names.SHOW_HISTORIES, chat_id)


async def mark_outdated(
    messenger: Messenger, persons: Persons, buttons: Buttons, user_id: int
) -> None:
    """Changes were made that the user's /history lists may not list (``HistoryChanged``:
    a correction, an answer, an undo): the newest lists of the chat made before those
    changes say so, redrawn once ("As of ...": findings26 8, an older list read as if it
    were the latest); a list already saying it is not read again."""
    theirs = {"", *(str(person.id) for person in await persons.of_user(user_id))}
    for message_id, listed in await persons.shown.histories_listed(user_id):
        if listed.get("as_of") or listed.get("person", "") not in theirs:
            continue
        person = listed.get("person", "")
        until = datetime.fromisoformat(listed["until"])
        automatic = listed.get("automatic") == "1"
        person_id = UUID(person) if person else None
        if not await _changed_after(persons, user_id, person_id, automatic, until):
            continue
        await history_again(
            messenger, persons, buttons, user_id, {**listed, "history": str(message_id)}
        )
        await persons.shown.note_listing(user_id, message_id, {**listed, "as_of": "1"})


async def on_faces_deleted(
    persons: Persons, buttons: Buttons, messenger: Messenger, event: TakenDownFacesDeleted
) -> None:
    """A taken-down photo's faces deleted: the /history lists offering to undo a change of
    them say it can't be, their Undo gone."""
    changes = await persons.changes_touching(event.face_ids)
    await refresh_histories(messenger, persons, buttons, changes)
