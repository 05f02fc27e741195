"""What /audit says it cannot undo, and what undoing a settings change brings, read as the
organizers and the group's members read them (issue 32: an unban's line read "This can't
be undone." while a /ban does it again; an undone shortening of the keep was told to no
one, though it keeps the faces longer than the members last agreed to)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

from domain.languages.catalogs import in_language
from domain.moderation.audit_view import AuditView
from domain.moderation.settings import Setting, keeps_longer, keeps_shorter, undone_change
from domain.states import ModerationAction
from tests.fakes.moderation_audit import MemoryAuditStore

ADMIN_CHAT = -1002
BEN = 502


@dataclass(frozen=True)
class Recorded:
    details: dict[str, Any]
    id: UUID = field(default_factory=uuid4)


async def test_an_unban_says_how_to_ban_again_not_that_it_cannot_be_undone() -> None:
    store = MemoryAuditStore()
    group = store.group_with_admin_chat(ADMIN_CHAT)
    store.record(group, ModerationAction.UNBANNED, user_id=BEN)
    with in_language("en"):
        (entry,) = await AuditView(store).entries(group.id)
    assert entry.undo_event is None
    assert entry.why_not == "To ban them again, send /ban."


def test_undoing_a_shorter_keep_keeps_longer_and_a_longer_one_does_not() -> None:
    shortened = undone_change(Recorded({"setting": "retention", "old": None, "new": 30}))
    assert shortened is not None
    assert (shortened.setting, shortened.old, shortened.new) == (Setting.RETENTION, 30, None)
    assert keeps_longer(shortened)  # the members are told, as a longer keep tells them
    lengthened = undone_change(Recorded({"setting": "retention", "old": 7, "new": 30}))
    assert lengthened is not None and not keeps_longer(lengthened)
    assert keeps_shorter(lengthened) and not keeps_shorter(shortened)
    language = undone_change(Recorded({"setting": "language", "old": "en", "new": "he"}))
    assert language is not None and (language.old, language.new) == ("he", "en")
    assert undone_change(Recorded({"setting": "no such"})) is None


async def test_only_the_latest_change_of_each_setting_offers_an_undo() -> None:
    """Three "Stricter" presses offered three Undo buttons, two of which only refused
    ("That can't be undone any more: it has changed since.")."""
    store = MemoryAuditStore()
    group = store.group_with_admin_chat(ADMIN_CHAT)
    changed = ModerationAction.SETTING_CHANGED
    first = store.record(group, changed, setting="strictness", old=0, new=1)
    delivery = store.record(group, changed, setting="delivery", old="each", new="album")
    latest = store.record(group, changed, setting="strictness", old=1, new=2)
    view = AuditView(store)

    assert await view.undoable(store.events) == {delivery.id, latest.id}
    with in_language("en"):
        newest, _, oldest = await view.entries(group.id)
    assert newest.undo_event == latest.id
    assert oldest.undo_event is None and first.id != oldest.undo_event
    assert oldest.why_not == "That can't be undone any more: it has changed since."
