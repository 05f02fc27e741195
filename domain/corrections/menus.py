"""The "What's wrong with this photo of Alice?" menus a "Not Alice?" opens: kept while
open, so that renaming the person closes them (their words and buttons said the old name,
though pressing worked: walk 8's finding 4)."""

from __future__ import annotations

import logging
from uuid import UUID

from domain.corrections import texts
from domain.corrections.stores import MenuStore
from domain.events import PersonRenamed
from domain.languages.chats import speaking_to
from domain.telegram import Messenger, TelegramUnavailable

log = logging.getLogger(__name__)


class CorrectionMenus:
    def __init__(self, store: MenuStore, messenger: Messenger) -> None:
        self._store = store
        self._messenger = messenger

    async def shown(self, face_id: UUID, user_id: int, message_id: int) -> None:
        """The menu about the face, sent to the user's private chat."""
        await self._store.menu_shown(face_id, user_id, message_id)

    async def pressed(self, user_id: int, message_id: int) -> None:
        """A button of the menu pressed: what it says from then on is the answer's."""
        await self._store.menu_pressed(user_id, message_id)

    async def close_renamed(self, person_id: UUID) -> None:
        """The person renamed: each menu still open about one of its faces says so, with
        its buttons gone (a fresh "Not Lia?" asks in the new name). Best effort: one
        Telegram cannot edit now stays as it was (pressing it still works)."""
        for menu in await self._store.take_menus(person_id):
            async with speaking_to(menu.chat_id):
                text = texts.menu_closed_renamed(menu.name)
            try:
                await self._messenger.replace_text(menu.chat_id, menu.message_id, text)
            except TelegramUnavailable as error:
                log.info("menu %s in %s left as it was: %s", menu.message_id, menu.chat_id, error)


async def on_person_renamed(menus: CorrectionMenus, event: PersonRenamed) -> None:
    await menus.close_renamed(event.person_id)
