"""/audit after an undo (findings9 7): a change undone, with the undo that undid it, no
longer stands between an earlier change of the same setting and its Undo; that line offers
its Undo again, and the Undo acts."""

from __future__ import annotations

from domain.moderation.audit import Actor
from domain.moderation.audit_store import AuditedGroup
from domain.moderation.audit_view import AuditView
from domain.moderation.bans import Bans
from domain.moderation.pause import Pauses
from domain.moderation.settings import GroupSettings, Setting
from domain.moderation.undo import Undo, UndoOutcome
from domain.states import ModerationAction
from domain.telegram import UndoAuditEvent
from tests.fakes.moderation_approvals import MemoryApprovalStore
from tests.fakes.moderation_bans import MemoryBanStore
from tests.fakes.moderation_pause import MemoryPauseStore
from tests.fakes.moderation_settings import MemoryGroupSettingsStore
from tests.fakes.moderation_undo import MemoryUndoStore

OLGA, PETER = Actor(7, "Olga"), Actor(8, "Peter")
STRICTNESS = Setting.STRICTNESS.value


async def test_a_change_made_current_again_by_an_undo_offers_its_undo_and_it_acts() -> None:
    groups = MemoryGroupSettingsStore()
    group = groups.add(-1001, "Class 1A", admin_chat_id=-2001, strictness=1)
    audit = MemoryUndoStore()
    audited = AuditedGroup(group.id, group.title, group.admin_chat_id)
    audit.kept_groups[group.id] = audited
    settings = GroupSettings(groups)
    undo = Undo(
        audit, Bans(MemoryBanStore()), Pauses(MemoryPauseStore()), settings, MemoryApprovalStore()
    )
    view = AuditView(audit)
    await settings.change(group.id, Setting.STRICTNESS, 2, OLGA)
    first = audit.record(
        audited, ModerationAction.SETTING_CHANGED, setting=STRICTNESS, old=1, new=2
    )
    await settings.change(group.id, Setting.STRICTNESS, 3, OLGA)
    second = audit.record(
        audited, ModerationAction.SETTING_CHANGED, setting=STRICTNESS, old=2, new=3
    )
    made = await view.sheet(group.id, group.title)
    assert made is not None
    assert {b.event_id for row in made[1] for b in row if isinstance(b, UndoAuditEvent)} == {
        second.id
    }

    assert (await undo.undo(second.id, group, PETER)).outcome == UndoOutcome.UNDONE
    # The undo, as the settings' store records it on Postgres.
    audit.record(
        audited,
        ModerationAction.SETTING_CHANGED,
        setting=STRICTNESS,
        old=3,
        new=2,
        undoes=str(second.id),
    )

    made = await view.sheet(group.id, group.title)
    assert made is not None
    text, rows = made
    # Strictness is again where the first change left it: its line offers the Undo, and
    # says nothing of a change since.
    assert [b.event_id for row in rows for b in row if isinstance(b, UndoAuditEvent)] == [first.id]
    assert "changed since" not in text
    again = await undo.undo(first.id, group, PETER)
    assert again.outcome == UndoOutcome.UNDONE
    assert groups.groups[group.id].strictness == 1
