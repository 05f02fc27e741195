"""/audit's Undo over the stores in memory (``tests/fakes/moderation_undo.py`` and the
slices' own): each undoable action changed back by its slice and recorded as an undo, once
(a second press hears who undid it); a decision replaced since, or a state moved on, left
standing; what cannot be undone says so."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from uuid import uuid4

from domain.groups.stores import GroupView
from domain.moderation.audit import Actor
from domain.moderation.audit_store import AuditedGroup, AuditEvent
from domain.moderation.bans import Bans, Target
from domain.moderation.pause import Pauses
from domain.moderation.settings import GroupSettings, Setting
from domain.moderation.takedown_store import PhotoGroup
from domain.moderation.undo import Undo, UndoOutcome
from domain.states import ApprovalKind, ApprovalStatus, ModerationAction
from tests.fakes.moderation_approvals import MemoryApprovalStore
from tests.fakes.moderation_bans import MemoryBanStore
from tests.fakes.moderation_pause import MemoryPauseStore
from tests.fakes.moderation_settings import MemoryGroupSettingsStore
from tests.fakes.moderation_undo import MemoryUndoStore

OLGA, PETER = Actor(7, "Olga"), Actor(8, "Peter")
ANN = Target(501, "Ann")


@dataclass
class Office:
    """One group's organizers' slices on their stores in memory, and its Undo."""

    group: GroupView
    audit: MemoryUndoStore
    bans: MemoryBanStore
    pauses: MemoryPauseStore
    settings: MemoryGroupSettingsStore
    approvals: MemoryApprovalStore
    undo: Undo

    def record(self, action: ModerationAction, **details: Any) -> AuditEvent:
        """An event of the group, as the slice that acted recorded it."""
        group = AuditedGroup(self.group.id, self.group.title, self.group.admin_chat_id)
        return self.audit.record(group, action, **details)


def _office() -> Office:
    settings = MemoryGroupSettingsStore()
    group = settings.add(-1001, "Class 1A", admin_chat_id=-2001)
    audit, bans, pauses, approvals = (
        MemoryUndoStore(),
        MemoryBanStore(),
        MemoryPauseStore(),
        MemoryApprovalStore(),
    )
    pauses.paused[group.id] = None
    undo = Undo(audit, Bans(bans), Pauses(pauses), GroupSettings(settings), approvals)
    return Office(group, audit, bans, pauses, settings, approvals, undo)


async def test_a_ban_undone_is_lifted_once_and_a_second_press_hears_who_undid_it() -> None:
    office = _office()
    await Bans(office.bans).ban(office.group, ANN, OLGA)
    ban = office.record(ModerationAction.BANNED, user_id=ANN.user_id)

    done = await office.undo.undo(ban.id, office.group, PETER)
    again = await office.undo.undo(ban.id, office.group, OLGA)

    assert done.outcome == UndoOutcome.UNDONE
    assert not await office.bans.is_banned(office.group.id, ANN.user_id)
    (_, action, actor, _, details) = office.bans.events[-1]
    assert (action, actor, details["undoes"]) == (ModerationAction.UNBANNED, PETER, str(ban.id))
    assert (again.outcome, again.by) == (UndoOutcome.ALREADY, "Peter")
    assert len(office.bans.events) == 2  # the ban, and its undo once


async def test_an_older_ban_replaced_by_a_newer_one_stays_and_is_not_marked_undone() -> None:
    office = _office()
    first = office.record(ModerationAction.BANNED, user_id=ANN.user_id)
    office.record(ModerationAction.UNBANNED, user_id=ANN.user_id)
    await Bans(office.bans).ban(office.group, ANN, OLGA)
    office.record(ModerationAction.BANNED, user_id=ANN.user_id)
    # Another user's ban later replaces nothing of Ann's.
    other = office.record(ModerationAction.BANNED, user_id=999)
    office.record(ModerationAction.BANNED, user_id=ANN.user_id + 1)

    refused = await office.undo.undo(first.id, office.group, PETER)

    assert (refused.outcome, refused.reason) == (UndoOutcome.REFUSED, "changed_since")
    assert await office.bans.is_banned(office.group.id, ANN.user_id)
    assert (await office.audit.event(first.id)) == first  # not undone
    # 999 was never banned here: its undo finds nothing to lift.
    lifted = await office.undo.undo(other.id, office.group, PETER)
    assert (lifted.outcome, lifted.reason) == (UndoOutcome.REFUSED, "changed_since")


async def test_a_pause_undone_resumes_and_a_resume_undone_pauses_again() -> None:
    office = _office()
    await Pauses(office.pauses).pause(office.group, OLGA)
    pause = office.record(ModerationAction.PAUSED)

    assert (await office.undo.undo(pause.id, office.group, PETER)).outcome == UndoOutcome.UNDONE
    assert office.pauses.paused[office.group.id] is None
    resume = office.record(ModerationAction.RESUMED, undoes=str(pause.id))
    # The undo's own event is not undone in turn.
    assert (await office.undo.undo(resume.id, office.group, OLGA)).outcome == (
        UndoOutcome.NOT_POSSIBLE
    )

    resumed_by_hand = office.record(ModerationAction.RESUMED)
    again = await office.undo.undo(resumed_by_hand.id, office.group, OLGA)
    assert again.outcome == UndoOutcome.UNDONE
    assert office.pauses.paused[office.group.id] is not None
    (_, action, _, details) = office.pauses.events[-1]
    assert (action, details) == (ModerationAction.PAUSED, {"undoes": str(resumed_by_hand.id)})


async def test_a_rejection_undone_approves_unless_it_was_decided_otherwise_since() -> None:
    office = _office()
    group = PhotoGroup(office.group.id, office.group.chat_id, "Class 1A", -2001, True)
    case = office.approvals.ask(group, None, kind=ApprovalKind.GUARDIAN)
    office.approvals.approvals[case.id] = replace(case, status=ApprovalStatus.REJECTED)
    rejection = office.record(ModerationAction.REJECTED, approval=str(case.id))

    done = await office.undo.undo(rejection.id, office.group, PETER)

    assert done.outcome == UndoOutcome.UNDONE
    assert office.approvals.approvals[case.id].status == ApprovalStatus.APPROVED
    [(_, decision)] = office.approvals.decisions
    assert decision.actor == PETER
    assert decision.details["undoes"] == str(rejection.id)
    assert "participant" not in decision.details  # its guardian used /forget
    # Approved since: a second rejection's undo changes nothing.
    stale = office.record(ModerationAction.REJECTED, approval=str(case.id))
    refused = await office.undo.undo(stale.id, office.group, PETER)
    assert (refused.outcome, refused.reason) == (UndoOutcome.REFUSED, "changed_since")
    assert len(office.approvals.decisions) == 1


async def test_a_setting_undone_goes_back_only_while_nobody_changed_it_since() -> None:
    office = _office()
    settings = GroupSettings(office.settings)
    await settings.change(office.group.id, Setting.APPROVAL, True, OLGA)
    change = office.record(
        ModerationAction.SETTING_CHANGED, setting=Setting.APPROVAL.value, old=False, new=True
    )

    done = await office.undo.undo(change.id, office.group, PETER)

    assert done.outcome == UndoOutcome.UNDONE
    assert office.settings.groups[office.group.id].requires_approval is False
    # Turned on again, then off by hand since: that change's undo would reverse the newer one.
    await settings.change(office.group.id, Setting.APPROVAL, True, OLGA)
    newer = office.record(
        ModerationAction.SETTING_CHANGED, setting=Setting.APPROVAL.value, old=False, new=True
    )
    await settings.change(office.group.id, Setting.APPROVAL, False, OLGA)
    refused = await office.undo.undo(newer.id, office.group, PETER)
    assert (refused.outcome, refused.reason) == (UndoOutcome.REFUSED, "changed_since")
    assert office.settings.groups[office.group.id].requires_approval is False


async def test_what_cannot_be_undone_says_so_and_another_groups_event_has_expired() -> None:
    office = _office()
    taken_down = office.record(ModerationAction.TAKEN_DOWN)
    elsewhere = _office().record(ModerationAction.PAUSED)

    cannot = await office.undo.undo(taken_down.id, office.group, PETER)
    expired = await office.undo.undo(elsewhere.id, office.group, PETER)
    unknown = await office.undo.undo(uuid4(), office.group, PETER)

    assert (cannot.outcome, cannot.event) == (UndoOutcome.NOT_POSSIBLE, taken_down)
    assert expired.outcome == unknown.outcome == UndoOutcome.EXPIRED
    assert office.audit.undone_by_name == {}
