"""A group's settings changed by its organizers (``GroupSettings`` over the settings' store
in memory, ``tests/fakes/moderation_settings.py``): each change once and audited, none on a
group gone, /audit's undo only while nothing changed since, and the cards kept to edit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

from domain.moderation.audit import Actor
from domain.moderation.settings import (
    KEEP_CARDS,
    Changed,
    GroupSettings,
    Setting,
    cards_of,
    current,
)
from domain.states import DeliveryMode
from tests.fakes.moderation_settings import MemoryGroupSettingsStore

OLGA, PETER = Actor(7, "Olga"), Actor(8, "Peter")
OFFICE = -2001


@dataclass(frozen=True)
class Recorded:
    details: dict[str, Any]
    id: UUID = field(default_factory=uuid4)


def _class() -> tuple[MemoryGroupSettingsStore, UUID, GroupSettings]:
    store = MemoryGroupSettingsStore()
    group = store.add(-1001, "Class 1A", admin_chat_id=OFFICE, settings={"welcome": [5]})
    return store, group.id, GroupSettings(store)


async def test_a_change_is_made_once_and_audited() -> None:
    store, group_id, settings = _class()
    first = await settings.change(group_id, Setting.DELIVERY, "album", OLGA)
    # The same button pressed again (replayed, or by another organizer): nothing twice.
    again = await settings.change(group_id, Setting.DELIVERY, "album", PETER)
    assert first == Changed(Setting.DELIVERY, "each", "album", changed=True)
    assert again == Changed(Setting.DELIVERY, "album", "album", changed=False)
    assert store.groups[group_id].delivery_mode == DeliveryMode.ALBUM
    assert store.changes == [
        (group_id, OLGA, {"setting": "delivery", "old": "each", "new": "album"})
    ]


async def test_a_group_gone_changes_nothing() -> None:
    store, group_id, settings = _class()
    store.change(group_id, is_active=False)
    assert await settings.change(group_id, Setting.APPROVAL, True, OLGA) is None
    assert await settings.change(uuid4(), Setting.APPROVAL, True, OLGA) is None
    assert store.changes == []


async def test_the_zone_is_kept_beside_the_other_slices_keys() -> None:
    store, group_id, settings = _class()
    await settings.change(group_id, Setting.ZONE, "Asia/Jerusalem", OLGA)
    group = store.groups[group_id]
    assert current(group, Setting.ZONE) == "Asia/Jerusalem"
    assert group.settings["welcome"] == [5]


async def test_an_undo_sets_the_old_value_back_unless_it_changed_since() -> None:
    store, group_id, settings = _class()
    group = store.groups[group_id]
    await settings.change(group_id, Setting.STRICTNESS, 2, OLGA)
    changed = Recorded(store.changes[-1][2])

    await settings.change(group_id, Setting.STRICTNESS, 3, PETER)
    assert await settings.revert(changed, group, OLGA) == "changed_since"
    assert store.groups[group_id].strictness == 3

    await settings.change(group_id, Setting.STRICTNESS, 2, PETER)  # as it was made again
    assert await settings.revert(changed, group, OLGA) is None
    assert store.groups[group_id].strictness == 0
    assert store.changes[-1] == (
        group_id,
        OLGA,
        {"setting": "strictness", "old": 2, "new": 0, "undoes": str(changed.id)},
    )
    assert await settings.revert(Recorded({"setting": "colour"}), group, OLGA) == (
        "unknown_setting"
    )


async def test_the_newest_cards_are_kept_each_once() -> None:
    store, group_id, settings = _class()
    for message_id in range(1, KEEP_CARDS + 3):
        await settings.card_shown(group_id, OFFICE, message_id)
    await settings.card_shown(group_id, OFFICE, 4)  # a card shown again goes last, once
    assert cards_of(store.groups[group_id]) == [3, 5, 6, 7, 4]
    # One shown in another chat (the admin chat before) is among the newest kept, but not
    # one to edit in the admin chat now.
    await settings.card_shown(group_id, -3001, 99)
    assert cards_of(store.groups[group_id]) == [5, 6, 7, 4]
    assert store.groups[group_id].settings["welcome"] == [5]
