"""Where the person cards and /persons lists a guardian was sent are (ids only): recorded
when sent, so that a rename, a merge, a deletion or a guardian's leaving brings every one
still in a chat up to date at once, not when it is next pressed (``bot.cards``).

Only the latest few of each chat are kept track of; an older one is still checked when
pressed (its buttons carry the name it showed: ``rules.card_version``).

And every /history sent, which no change edits (it lists what was, its Undo buttons kept
true by ``bot.history``), and every /persons list no longer kept up to date (it says "As
of ..."), so that a /forget deletes them all (or, too old, empties them); and
every /settings card, which a change of a setting redraws and /forget deletes (or, too old,
empties: it showed settings that are gone).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

# Kept track of per chat: cards per person, and /persons lists.
CARDS_KEPT = 3
LISTS_KEPT = 2
# A rename redraws at most this many of a chat's newest /history messages that have no
# Undo button to find them by (an older one keeps the names it was written with).
HISTORIES_REDRAWN = 10


@dataclass(frozen=True, slots=True)
class Shown:
    chat_id: int
    message_id: int
    person_id: UUID | None  # None: a /persons list, a /history or a /settings card
    has_photo: bool = False
    history: bool = False  # a /history
    settings: bool = False  # a /settings card
    frozen: bool = False  # a /persons list no change edits any more ("As of ...")
    language: bool = False  # a /language menu
    # A card of ``person_id`` too old to delete once newer ones came, blanked "out of date:
    # the newest card of this person is further down": no change edits it, but what ends
    # the person for its reader (a deletion, a merge, /forget) re-words it as the others.
    replaced: bool = False


class ShownStore(Protocol):
    """Where the cards and lists are (on tortoise: ``domain/infra/stores/persons.py``)."""

    async def record(self, shown: Shown, keep: int | None) -> list[Shown]:
        """The card, list or /history was sent to a participant's chat (none: nothing is
        kept); only the ``keep`` newest of its kind (that person's cards, lists, or
        /history messages; None: all) stay tracked: the others, no longer, are returned."""

    async def forget(self, chat_id: int, message_id: int) -> None:
        """The message is no longer tracked."""

    async def record_replaced(self, shown: Shown) -> None:
        """The card ``shown`` (tracked or not) was blanked "out of date": tracked as such."""

    async def cards_of(self, person_ids: Collection[UUID]) -> list[Shown]:
        """The cards of these persons in every chat (those blanked "out of date" too),
        newest first."""

    async def lists_about(self, person_ids: Collection[UUID]) -> list[Shown]:
        """The /persons lists in the chats of these persons' guardians and of anyone shown
        a card of them, newest first."""

    async def in_chat(self, chat_id: int) -> list[Shown]:
        """Every card, list and /history tracked in the chat."""

    async def is_list(self, chat_id: int, message_id: int) -> bool:
        """Whether the message is a /persons list still tracked."""

    async def note_listing(self, chat_id: int, message_id: int, listing: Mapping[str, str]) -> None:
        """What the /history ``message_id`` lists (``history_view.listing``)."""

    async def histories_listed(self, chat_id: int, limit: int) -> list[tuple[int, dict[str, str]]]:
        """The newest ``limit`` /history messages of the chat whose listing is noted:
        (message, listing), newest first."""


class ShownCards:
    """The cards and /persons lists sent, and where they are."""

    def __init__(self, store: ShownStore) -> None:
        self._store = store

    async def record(
        self, chat_id: int, message_id: int, person_id: UUID | None, *, has_photo: bool = False
    ) -> list[Shown]:
        """A card of ``person_id`` (None: a /persons list) was sent to the chat of
        ``chat_id``. Returns the older cards of that person in the chat no longer kept track
        of (past the ``CARDS_KEPT`` newest): no change would edit them, so they go (a newer
        card is below them), or, too old to delete, say they are out of date.
        Findings13 8: one stayed whole after /forget."""
        kept = CARDS_KEPT if person_id is not None else LISTS_KEPT
        dropped = await self._store.record(Shown(chat_id, message_id, person_id, has_photo), kept)
        return dropped if person_id is not None else []

    async def record_history(
        self, chat_id: int, message_id: int, listing: Mapping[str, str] | None = None
    ) -> None:
        """A /history was sent to the chat of ``chat_id``: every one is kept track of, for
        /forget to delete (it names the persons it is about to erase), with what it lists
        (``listing``), for a rename to redraw it even when it has no Undo button."""
        await self._store.record(Shown(chat_id, message_id, None, history=True), None)
        if listing is not None:
            await self._store.note_listing(chat_id, message_id, listing)

    async def note_listing(self, chat_id: int, message_id: int, listing: Mapping[str, str]) -> None:
        """What the /history ``message_id`` lists, noted again (``history_view``)."""
        await self._store.note_listing(chat_id, message_id, listing)

    async def histories_listed(self, chat_id: int) -> list[tuple[int, dict[str, str]]]:
        """The newest /history messages of the chat (``HISTORIES_REDRAWN``) and what each
        lists: (message, listing)."""
        return await self._store.histories_listed(chat_id, HISTORIES_REDRAWN)

    async def record_settings(self, chat_id: int, message_id: int) -> None:
        """A /settings card was sent to the chat of ``chat_id``: every one is kept track of,
        for a change of a setting to redraw them all and /forget to delete them."""
        await self._store.record(Shown(chat_id, message_id, None, settings=True), None)

    async def record_frozen(self, chat_id: int, message_id: int) -> None:
        """A /persons list of the chat of ``chat_id`` that no change will edit any more (it
        says "As of ..."): kept track of still, with every other such list, for /forget to
        empty (findings18 20: past 48 hours it kept the children's names)."""
        await self._store.record(Shown(chat_id, message_id, None, frozen=True), None)

    async def record_language(self, chat_id: int, message_id: int) -> None:
        """A /language menu was sent to the chat of ``chat_id``: every one is kept track of,
        for a language chosen on any of them to redraw them all (findings21 1: an older menu
        kept the language it was sent in, and its ✓)."""
        await self._store.record(Shown(chat_id, message_id, None, language=True), None)

    async def language_menus_in(self, chat_id: int) -> list[Shown]:
        """The /language menus kept track of in the chat of ``chat_id``."""
        return [s for s in await self._store.in_chat(chat_id) if s.language]

    async def settings_in(self, chat_id: int) -> list[Shown]:
        """The /settings cards kept track of in the chat of ``chat_id``."""
        return [s for s in await self._store.in_chat(chat_id) if s.settings]

    async def forget(self, chat_id: int, message_id: int) -> None:
        """The message is gone (deleted, or replaced by a new one)."""
        await self._store.forget(chat_id, message_id)

    async def record_replaced(
        self, chat_id: int, message_id: int, person_id: UUID, *, has_photo: bool
    ) -> None:
        """A card of ``person_id`` too old to delete now says it is out of date (a newer card
        of the person is below it): no change edits it, but what ends the person for its
        reader re-words it as the other cards (findings26 7: after /forget it still pointed
        to a newer card /forget had deleted)."""
        await self._store.record_replaced(
            Shown(chat_id, message_id, person_id, has_photo, replaced=True)
        )

    async def cards_of(self, person_ids: Collection[UUID]) -> list[Shown]:
        """The cards of these persons in every chat (those blanked "out of date" too:
        ``Shown.replaced``), newest first."""
        return await self._store.cards_of(person_ids)

    async def lists_about(self, person_ids: Collection[UUID]) -> list[Shown]:
        """The /persons lists in the chats of these persons' guardians, and of anyone shown a
        card of them (a guardian who just left), newest first."""
        return await self._store.lists_about(person_ids)

    async def lists_a_new_one_drops(self, chat_id: int) -> list[Shown]:
        """The /persons lists of the chat that one more list would stop keeping track of
        (past the ``LISTS_KEPT`` newest): no change will edit them after it."""
        lists = await self.lists_in(chat_id)
        lists.sort(key=lambda s: s.message_id, reverse=True)
        return lists[LISTS_KEPT - 1 :]

    async def lists_in(self, chat_id: int) -> list[Shown]:
        """The /persons lists kept track of in the chat of ``chat_id``."""
        return [
            s
            for s in await self._store.in_chat(chat_id)
            if s.person_id is None and not (s.history or s.settings or s.frozen or s.language)
        ]

    async def in_chat(self, chat_id: int) -> list[Shown]:
        """Every card, list, /history and /settings card kept track of in the chat of
        ``chat_id``."""
        return await self._store.in_chat(chat_id)

    async def is_list(self, chat_id: int, message_id: int) -> bool:
        """Whether the message is a /persons list still kept track of."""
        return await self._store.is_list(chat_id, message_id)
