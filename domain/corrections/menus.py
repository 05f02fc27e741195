"""The "What's wrong with this photo of Alice?" menus a "Not Alice?" opens: kept while
open, so that renaming the person, merging it into another (or undoing the merge), or
deleting it (or its faces) closes them (their words and buttons said the old name, though
pressing worked: walk 8's finding 4).

A row goes when its menu is pressed, with its face or its reader (the database's
cascade), at its person's deletion and at its reader's /forget. Telegram lets a bot edit
its own messages in a private chat at any age (the 48 hours are deletion's limit, and
editing's only for business messages), so the menu could stay open; but one nobody chose
from in two days was left, and the hourly cron closes it (``close_unused``): "Press “Not
Alice?” again". That still sends the reader to a button about the person, so its row is
kept, marked closed, for as long as its face and reader are (a few ids, nothing a deletion
does not remove): whatever re-words an open menu (a rename, a merge, a correction from
another message, a takedown, the person's deletion or its faces', the reader's /forget)
re-words it too, at any age (findings22 7; before, only /forget did, and rows closed 14
days were dropped and kept their words). A fresh "Not Alice?" opens a new one."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from datetime import UTC, datetime, timedelta
from functools import partial
from uuid import UUID

from domain.corrections import texts
from domain.corrections.stores import ClosedMenus, MenuStore, OpenMenu
from domain.events import FacesTakenDown, ParticipantForgotten, PersonRenamed, PersonsMerged
from domain.languages.chats import speaking_to
from domain.telegram import Messenger, TelegramUnavailable

log = logging.getLogger(__name__)

OPEN_FOR = timedelta(hours=48)  # an unpressed menu is closed once this old
CLOSE_AT_ONCE = 200  # menus one run closes (edits go about one a second a chat)


class CorrectionMenus:
    def __init__(self, store: MenuStore, messenger: Messenger) -> None:
        self._store = store
        self._messenger = messenger

    async def shown(self, face_id: UUID, user_id: int, message_id: int) -> None:
        """The menu about the face, sent to the user's private chat."""
        await self._store.menu_shown(face_id, user_id, message_id)

    async def pressed(self, user_id: int, message_id: int) -> bool:
        """A button of the menu pressed: what it says from then on is the answer's. False:
        the menu was answered already (or closed): its other choices, pressed from a client
        that still shows them, must do nothing (findings14 1: "Someone I don't know" undid
        the move just made, and deleted the photo, answering "Done.")."""
        return await self._store.menu_pressed(user_id, message_id)

    async def closed_unused(self, user_id: int, message_id: int) -> str | None:
        """Not open because the cron closed it, nothing chosen (``close_unused``): what a
        choice replayed from it reads (findings18 18: "already answered", of a menu
        nobody answered); None: it was not."""
        name = await self._store.closed_unused(user_id, message_id)
        return None if name is None else texts.menu_closed_unused_pressed(name)

    async def close_renamed(self, person_id: UUID) -> None:
        """The person renamed: each menu still open about one of its faces says so, with
        its buttons gone (a fresh "Not Lia?" asks in the new name); so does each the cron
        closed unused ("Press “Not Alice?” again": that button reads "Not Lia?" now), kept
        closed. Best effort: one Telegram cannot edit now stays as it was (pressing it
        still works)."""
        menus = await self._store.take_menus(person_id, ClosedMenus.KEPT)
        await self._close_all(menus, texts.menu_closed_renamed)

    async def close_moved(self, event_id: UUID) -> None:
        """A merge (or its undo) moved faces to another person: each menu still open about
        one of them, or about a face of either person (its choices named the other), says
        what the merge did and whose the face is now, with its buttons gone (findings11 6:
        one stayed, answering "That face is already Yoav's"); so does each the cron closed
        unused about one of them, kept closed. Best effort, as ``close_renamed``."""
        merge = await self._store.merge_names(event_id)
        menus = await self._store.take_moved(event_id, ClosedMenus.KEPT)
        if merge is None:
            await self._close_all(menus, texts.menu_closed_renamed)
        elif merge.undone:
            await self._close_all(
                menus, partial(texts.menu_closed_unmerged, merge.removed, merge.kept)
            )
        else:
            await self._close_all(
                menus, partial(texts.menu_closed_merged, merge.removed, merge.kept)
            )

    async def close_corrected(self, face_id: UUID, *, only_in: int | None = None) -> None:
        """The face corrected from another menu (``only_in``: a change only that user's
        chat sees, their copy removed): each other menu still open about it says so, with
        its buttons gone (one kept "That isn't Alice. Who is it, then?" with choices that
        answered "That face is already Amy's" or "already answered" though none was
        taken there); so does each the cron closed unused (its "Press “Not Alice?” again"
        is of a button that no longer applies), forgotten. It names no one: the face may
        be someone else's now, whom a co-guardian of the person it was does not know. Best
        effort, as ``close_renamed``."""
        menus = await self._store.take_face_menus(face_id, only_in, ClosedMenus.FORGOTTEN)
        await self._close_all(menus, lambda _name: texts.menu_closed_corrected())

    async def take(self, person_ids: list[UUID]) -> list[OpenMenu]:
        """The menus about these persons' faces, open or closed unused (those said "Press
        “Not Alice?” again", a button the deletion takes away), forgotten as they are
        returned: taken before their faces are erased (the rows go with the faces), closed
        once the guardians were told (``close_deleted``)."""
        return [
            menu
            for person_id in person_ids
            for menu in await self._store.take_menus(person_id, ClosedMenus.FORGOTTEN)
        ]

    async def close_deleted(self, menus: list[OpenMenu], *, faces_only: bool = False) -> None:
        """The person (``faces_only``: its faces) deleted: each menu taken about it says so,
        with its buttons gone (findings14 8: they stayed, each press refused), the one the
        cron closed too (it said "Press “Not Alice?” again"). Best effort, as
        ``close_renamed``."""
        words = texts.menu_closed_faces_forgotten if faces_only else texts.menu_closed_deleted
        await self._close_all(menus, words)

    async def close_forgotten(self, user_id: int) -> None:
        """/forget: each menu still open in their chat says they deleted everything, with
        its buttons gone (findings19 17: one stayed, both buttons and "I'll remember..."
        about a child whose data was erased; its row went with them, so nothing closed it);
        so does each the cron closed unused (findings22 7: it kept "Press “Not Sam?” again
        to correct this." about a child no longer theirs). Best effort, as
        ``close_renamed``."""
        menus = await self._store.take_in_chat(user_id)
        await self._close_all(menus, lambda _name: texts.question_forgotten())

    async def close_taken_down(self, face_ids: Collection[UUID]) -> None:
        """A takedown: each menu still open about one of the photo's faces says the
        organizers took it down, with its buttons gone (findings19 17: its row went with
        the face, and the menu stayed open), and so does each the cron closed unused.
        Best effort, as ``close_renamed``."""
        menus = [
            menu
            for face_id in face_ids
            for menu in await self._store.take_face_menus(face_id, None, ClosedMenus.FORGOTTEN)
        ]
        await self._close_all(menus, lambda _name: texts.menu_closed_taken_down())

    async def close_unused(self, now: datetime | None = None) -> int:
        """The cron: each menu left unpressed for ``OPEN_FOR`` says it closed, with its
        buttons gone, and is forgotten; how many. Best effort, as ``close_renamed``."""
        menus = await self._store.take_unused((now or datetime.now(UTC)) - OPEN_FOR, CLOSE_AT_ONCE)
        await self._close_all(menus, texts.menu_closed_unused)
        return len(menus)

    async def _close_all(self, menus: list[OpenMenu], words: Callable[[str], str]) -> None:
        """Each menu edited to ``words`` of its person's name, in its reader's language."""
        for menu in menus:
            async with speaking_to(menu.chat_id):
                text = words(menu.name)
            await self._close(menu, text)

    async def _close(self, menu: OpenMenu, text: str) -> None:
        try:
            await self._messenger.replace_text(menu.chat_id, menu.message_id, text)
        except TelegramUnavailable as error:
            log.info("menu %s in %s left as it was: %s", menu.message_id, menu.chat_id, error)


async def on_person_renamed(menus: CorrectionMenus, event: PersonRenamed) -> None:
    await menus.close_renamed(event.person_id)


async def on_persons_merged(menus: CorrectionMenus, event: PersonsMerged) -> None:
    await menus.close_moved(event.event_id)


async def on_faces_taken_down(menus: CorrectionMenus, event: FacesTakenDown) -> None:
    await menus.close_taken_down(event.face_ids)


async def on_participant_forgotten(menus: CorrectionMenus, event: ParticipantForgotten) -> None:
    await menus.close_forgotten(event.telegram_user_id)
