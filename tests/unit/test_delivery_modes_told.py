"""A group's delivery as its organizers and members read it: the digest with its hour in
the group's zone (``texts.digest_at``), and each change of delivery mode, pressed or undone
from /audit, told to its members (``GroupSettings.to_tell_of`` over the settings' store in
memory)."""

from __future__ import annotations

from domain.languages.catalogs import in_language
from domain.moderation import texts
from domain.moderation.audit import Actor
from domain.moderation.settings import GroupSettings, Setting, undone_change
from tests.fakes.moderation_settings import MemoryGroupSettingsStore
from tests.unit.test_audit_undo_told import Recorded

OLGA = Actor(7, "Olga")


ANN, CARL, DORA = 101, 102, 103


def test_the_digest_is_said_with_its_hour_in_the_groups_zone() -> None:
    assert texts.digest_at(17, "UTC") == "17:00 (UTC)"
    assert texts.digest_at(3, "Etc/GMT-3") == "06:00 (UTC+3)"  # a fixed zone: no summer time
    assert texts.setting_value("delivery", "digest", "17:00 (UTC)") == (
        "a daily digest, at 17:00 (UTC)"
    )
    assert texts.setting_value("delivery", "album", "17:00 (UTC)") == (
        "albums (photos and clips of a few minutes together)"
    )
    with in_language("ru"):
        assert texts.digest_at(17, "Asia/Jerusalem").endswith("(Иерусалим)")


async def test_each_change_of_delivery_and_its_undo_is_told_to_the_members() -> None:
    store = MemoryGroupSettingsStore()
    group = store.add(-1001, "Class 1A")
    for user_id in (CARL, ANN, DORA):
        store.member(group.id, user_id)
    store.receiving[group.id] = {ANN, CARL}  # Dora has nobody there: she gets nothing
    settings = GroupSettings(store, digest_hour=9)
    assert settings.digest_hour == 9

    told = []
    for mode in ("digest", "digest", "album"):
        change = await settings.change(group.id, Setting.DELIVERY, mode, OLGA)
        assert change is not None
        told.append(await settings.to_tell_of(group.id, change))
    assert told == [[ANN, CARL], [], [ANN, CARL]]  # the same mode again: no change

    back = undone_change(Recorded({"setting": "delivery", "old": "digest", "new": "album"}))
    assert back is not None and (back.old, back.new) == ("album", "digest")
    assert await settings.to_tell_of(group.id, back) == [ANN, CARL]
    longer = undone_change(Recorded({"setting": "retention", "old": None, "new": 30}))
    assert longer is not None and await settings.to_tell_of(group.id, longer) == [ANN, CARL, DORA]
    # Undone back to 30 days, shorter than "no limit": those who get something are told.
    shorter = undone_change(Recorded({"setting": "retention", "old": 30, "new": None}))
    assert shorter is not None and await settings.to_tell_of(group.id, shorter) == [ANN, CARL]
