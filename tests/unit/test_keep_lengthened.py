"""Who hears of a group's keep changed (``GroupSettings.to_tell_of`` over the settings'
store in memory): its members, once the faces are kept longer than before; those who get
something from the group (a person there), once they are kept for less; the same keep
again, or another setting, tells no one."""

from __future__ import annotations

from domain.moderation.audit import Actor
from domain.moderation.settings import GroupSettings, Setting
from domain.states import MembershipStatus
from tests.fakes.moderation_settings import MemoryGroupSettingsStore

OLGA = Actor(7, "Olga")
ANN, CARL, GONE = 101, 102, 103


async def test_a_longer_keep_is_told_to_its_members_a_shorter_one_to_those_who_get_some() -> None:
    store = MemoryGroupSettingsStore()
    group = store.add(-1001, "Class 1A")
    for user_id in (CARL, ANN):
        store.member(group.id, user_id)
    store.member(group.id, GONE, status=MembershipStatus.LEFT)
    store.receiving[group.id] = {ANN, GONE}  # Carl has nobody there; Gone left
    settings = GroupSettings(store)

    told = []
    # always -> 30 d -> 90 d -> 90 d -> 30 d -> always, and a setting that is no keep.
    for days in (30, 90, 90, 30, None):
        change = await settings.change(group.id, Setting.RETENTION, days, OLGA)
        assert change is not None
        told.append(await settings.to_tell_of(group.id, change))
    assert told == [[ANN], [ANN, CARL], [], [ANN], [ANN, CARL]]
    change = await settings.change(group.id, Setting.APPROVAL, True, OLGA)
    assert change is not None and await settings.to_tell_of(group.id, change) == []
