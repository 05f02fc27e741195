"""Which language and time zone a chat's messages are written in (``domain.languages.chats``),
over the chats' store in memory (``tests/fakes/languages.py``), without Postgres."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.languages import chats
from domain.languages.catalogs import current_language
from domain.languages.dates import current_zone
from domain.languages.stores import UserLanguage
from tests.fakes.languages import MemoryChatStore

ANN, BOB = 501, 502
CLASS_1A, CLASS_1B, ADMINS = -100, -200, -300


@pytest.fixture
def store() -> Iterator[MemoryChatStore]:
    # The process's own store put back afterwards: a worker of the test run that is also
    # serving an end-to-end journey keeps reading its database.
    before = chats.reading_from()
    store = MemoryChatStore()
    chats.read_from(store)
    yield store
    chats.read_from(before)


async def test_a_private_chat_speaks_the_chosen_language_else_telegrams(
    store: MemoryChatStore,
) -> None:
    store.users[ANN] = UserLanguage(language="es", language_code="ru")
    store.users[BOB] = UserLanguage(language=None, language_code="ru")
    assert await chats.language_of_chat(ANN) == "es"
    assert await chats.language_of_chat(BOB) == "ru"
    # The update at hand says newer than the row; a language facedrop lacks is English.
    assert await chats.language_of_user(BOB, "he") == "he"
    assert await chats.language_of_user(BOB, "xx") == "en"
    assert await chats.language_of_chat(503) == "en"  # nobody yet


async def test_an_admin_chat_speaks_its_groups_language_when_they_agree(
    store: MemoryChatStore,
) -> None:
    store.group(CLASS_1A, "ru", admin_chat_id=ADMINS)
    store.group(ADMINS, "es")  # the bot was added to it: known as a group too
    assert await chats.language_of_chat(ADMINS) == "ru"
    store.group(CLASS_1B, "he", admin_chat_id=ADMINS)
    assert await chats.language_of_chat(ADMINS) == "en"
    assert await chats.language_of_chat(CLASS_1B) == "he"
    assert await chats.language_of_chat(-999) == "en"  # no group of facedrop's


async def test_a_group_left_keeps_its_language(store: MemoryChatStore) -> None:
    store.group(CLASS_1A, "ru", is_active=False)
    assert await chats.language_of_chat(CLASS_1A) == "ru"


async def test_a_private_chat_has_its_groups_zone_when_they_agree(
    store: MemoryChatStore,
) -> None:
    berlin = store.group(CLASS_1A, zone="Europe/Berlin", members={ANN, BOB})
    assert await chats.zone_of_chat(ANN) == "Europe/Berlin"
    store.group(CLASS_1B, zone="Asia/Jerusalem", members={ANN})
    assert await chats.zone_of_chat(ANN) == "UTC"  # they differ
    berlin.is_active = False  # the bot left Class 1A
    assert await chats.zone_of_chat(ANN) == "Asia/Jerusalem"
    assert await chats.zone_of_chat(503) == "UTC"


async def test_an_admin_chats_zone_is_its_groups(store: MemoryChatStore) -> None:
    store.group(CLASS_1A, zone="Europe/Berlin", admin_chat_id=ADMINS)
    store.group(CLASS_1B, zone="Nowhere/Atlantis")  # not a zone: UTC
    assert await chats.zone_of_chat(ADMINS) == "Europe/Berlin"
    assert await chats.zone_of_chat(CLASS_1B) == "UTC"


async def test_a_jobs_message_speaks_its_chats_language_and_zone(
    store: MemoryChatStore,
) -> None:
    store.group(CLASS_1A, "ru", zone="Europe/Berlin")
    async with chats.speaking_to(CLASS_1A) as language:
        assert (language, current_language(), current_zone()) == ("ru", "ru", "Europe/Berlin")


async def test_without_a_database_no_chat_is_guessed() -> None:
    before = chats.reading_from()  # a journey this worker serves: put back afterwards
    chats.read_from(None)
    try:
        with pytest.raises(RuntimeError):
            await chats.language_of_chat(ANN)
    finally:
        chats.read_from(before)
