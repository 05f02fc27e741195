"""The language of a chat's messages: a group's (and its admin chat's) is the group's
setting; a private chat's is the participant's choice (/language), else their Telegram
app's language when facedrop speaks it, else English.

And the time zone its times are written in: a group's (and its admin chat's) is the group's
setting (/timezone); a private chat's is that of the participant's groups when they agree
(Telegram tells no one's own), else UTC. Each time says its zone, so it is true either way."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractContextManager, asynccontextmanager
from typing import Protocol

from domain.languages.catalogs import LANGUAGES, SOURCE_LANGUAGE, in_language
from domain.languages.dates import DEFAULT_ZONE, in_zone, zone
from domain.languages.stores import ChatStore

# Where a group keeps its time zone: ``Group.settings`` (JSON), under this key.
ZONE_SETTING = "zone"


class _Chats:
    """Where this process reads the chats' languages from: read everywhere (a job's message,
    every handler), so set once, when the process connects to its database (``read_from``),
    rather than handed to each of the many callers."""

    store: ChatStore | None = None


def read_from(store: ChatStore | None) -> None:
    """The chats' languages and zones are read from ``store`` from now on (None: nowhere)."""
    _Chats.store = store


def reading_from() -> ChatStore | None:
    """The store the chats' languages are read from now (a test puts it back after its own)."""
    return _Chats.store


def _store() -> ChatStore:
    if _Chats.store is None:
        raise RuntimeError("no chat store: the process reads chats' languages once connected")
    return _Chats.store


def zone_of_group(settings: object) -> str:
    """A group's time zone (IANA name), from its ``settings`` (JSON); UTC until its
    organizers choose one."""
    name = settings.get(ZONE_SETTING) if isinstance(settings, dict) else None
    return name if isinstance(name, str) and zone(name) is not None else DEFAULT_ZONE


def _one_zone(zones: set[str]) -> str:
    return zones.pop() if len(zones) == 1 else DEFAULT_ZONE


def spoken(code: str | None) -> str | None:
    """The language facedrop speaks for a Telegram ``language_code`` ("ru", "es-419",
    "pt-br"...), or None when it speaks none of it."""
    if not code:
        return None
    language = code.replace("_", "-").split("-")[0].lower()
    return language if language in LANGUAGES else None


def language_of(chosen: str | None, telegram_code: str | None) -> str:
    return (chosen if chosen in LANGUAGES else None) or spoken(telegram_code) or SOURCE_LANGUAGE


class Speaker(Protocol):
    """A participant as far as their private chat's language goes (a row, or a store's
    plain data of one)."""

    @property
    def language(self) -> str | None: ...  # chosen with /language

    @property
    def language_code(self) -> str | None: ...  # Telegram's


def speaking_to_participant(participant: Speaker) -> AbstractContextManager[None]:
    """Texts made inside speak ``participant``'s language (their private chat's)."""
    return in_language(language_of(participant.language, participant.language_code))


async def language_of_user(user_id: int, telegram_code: str | None = None) -> str:
    """A participant's language in their private chat; ``telegram_code`` is the language
    of the update at hand (newer than the one stored)."""
    participant = await _store().user(user_id)
    if participant is None:
        return language_of(None, telegram_code)
    return language_of(participant.language, telegram_code or participant.language_code)


async def language_of_group_chat(chat_id: int) -> str:
    """The group's language setting; an admin chat speaks the language of the groups it
    serves (English if they differ), one it served until moved away that group's; English
    for a chat that is no group of facedrop's.
    A group the bot left keeps it: added again, the bot greets it in its language."""
    served = {g.language for g in await _store().served_by(chat_id)}
    if served:  # an admin chat (the bot may know it as a group too: it was added to it)
        only = served.pop() if len(served) == 1 else SOURCE_LANGUAGE
        return only if only in LANGUAGES else SOURCE_LANGUAGE
    # A chat its group's admins moved the admin chat away from: still the group's (what
    # it reads there is about that group, and its move notice came in it: walkhe 10).
    group = await _store().formerly_served(chat_id) or await _store().at_chat(chat_id)
    if group is not None and group.language in LANGUAGES:
        return group.language
    return SOURCE_LANGUAGE


async def language_in_group_chat(chat_id: int, telegram_code: str | None) -> str:
    """A group chat's language where facedrop knows the chat (a group, an admin chat: what
    its members read); in a chat it meets for the first time, the sender's (their
    Telegram app's language, when facedrop speaks it)."""
    store = _store()
    if await store.served_by(chat_id) or await store.at_chat(chat_id) is not None:
        return await language_of_group_chat(chat_id)
    if await store.formerly_served(chat_id) is not None:
        return await language_of_group_chat(chat_id)
    return language_of(None, telegram_code)


async def zone_of_user(user_id: int) -> str:
    """The time zone of a participant's private chat: their groups' when they all have the
    same (UTC when they differ or none is set); in none, the groups they were banned from."""
    groups = await _store().of_member(user_id)
    return _one_zone({zone_of_group(g.settings) for g in groups})


async def zone_of_group_chat(chat_id: int) -> str:
    """A group's time zone; an admin chat's is that of the groups it serves when they agree."""
    served = await _store().served_by(chat_id)
    if served:
        return _one_zone({zone_of_group(g.settings) for g in served})
    group = await _store().formerly_served(chat_id) or await _store().at_chat(chat_id)
    return zone_of_group(group.settings) if group is not None else DEFAULT_ZONE


async def zone_of_chat(chat_id: int) -> str:
    if chat_id > 0:
        return await zone_of_user(chat_id)
    return await zone_of_group_chat(chat_id)


async def language_of_chat(chat_id: int) -> str:
    """Telegram's private chats have the user's id (positive), groups a negative one."""
    if chat_id > 0:
        return await language_of_user(chat_id)
    return await language_of_group_chat(chat_id)


@asynccontextmanager
async def speaking_to_organizer(user_id: int, group_chat_id: int) -> AsyncIterator[str]:
    """Texts made inside speak an organizer's language in their private chat: their own
    when facedrop holds one (chosen, or their Telegram app's), else the language of the
    group they act for (one who never joined chose it for the group; English was a guess:
    findings15 5, a Hebrew teacher's claim link came in English); times in that group's
    time zone."""
    held = await _store().user(user_id)
    if held is not None and (held.language in LANGUAGES or spoken(held.language_code)):
        language = language_of(held.language, held.language_code)
    else:
        language = await language_of_group_chat(group_chat_id)
    with in_language(language), in_zone(await zone_of_group_chat(group_chat_id)):
        yield language


@asynccontextmanager
async def speaking_to(chat_id: int) -> AsyncIterator[str]:
    """Texts made inside speak the language of ``chat_id`` and write times in its time zone:
    for a job's message, which no update surrounds."""
    language = await language_of_chat(chat_id)
    with in_language(language), in_zone(await zone_of_chat(chat_id)):
        yield language
