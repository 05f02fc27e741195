"""What /audit shows, over the audit's store in memory (``tests/fakes/moderation_audit.py``),
without Postgres or Telegram: which lines offer an Undo, why the others cannot, and which
/audit messages are kept true."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from domain.languages.dates import in_zone
from domain.moderation import texts
from domain.moderation.audit_store import Correction
from domain.moderation.audit_view import KEEP_SHOWN, AuditView, said_text, shown_in
from domain.moderation.takedown_store import POSTED_AT
from domain.states import AssignmentOperation, ModerationAction
from domain.telegram import UndoAuditEvent
from tests.fakes.moderation_audit import MemoryAuditStore

ADMIN_CHAT = -1002
ANN, BEN = 501, 502


async def test_only_the_decisions_that_stand_offer_an_undo() -> None:
    store = MemoryAuditStore()
    group = store.group_with_admin_chat(ADMIN_CHAT)
    first_ban = store.record(group, ModerationAction.BANNED, user_id=ANN)
    other_ban = store.record(group, ModerationAction.BANNED, user_id=BEN)
    store.record(group, ModerationAction.UNBANNED, user_id=ANN)  # replaces Ann's ban
    pause = store.record(group, ModerationAction.PAUSED)
    resume = store.record(group, ModerationAction.RESUMED, undoes=str(pause.id))
    view = AuditView(store)

    offered = await view.undoable(store.events)
    # Ann's ban was replaced by her unban; Ben's stands; an undo is not undone in turn.
    assert first_ban.id not in offered and other_ban.id in offered
    assert resume.id not in offered

    store.undone(other_ban)
    made = await view.sheet(group.id, group.title)
    assert made is not None
    text, rows = made
    undo_of = {b.event_id for row in rows for b in row if isinstance(b, UndoAuditEvent)}
    assert other_ban.id not in undo_of and first_ban.id not in undo_of
    assert "it has changed since" in text


async def test_a_rejection_asked_again_is_not_offered_and_says_why() -> None:
    """Photos added to a rejected person ask its organizers again (pending once more): the
    rejection's undo would only refuse, so /audit offers none and says it changed since."""
    store = MemoryAuditStore()
    group = store.group_with_admin_chat(ADMIN_CHAT)
    asked_again = store.record(group, ModerationAction.REJECTED, approval="a1", reason="photos")
    standing = store.record(group, ModerationAction.REJECTED, approval="a2", reason="photos")
    store.not_rejected.add("a1")
    view = AuditView(store)

    offered = await view.undoable(store.events)
    assert asked_again.id not in offered and standing.id in offered
    entries = {entry.at: entry for entry in await view.entries(group.id)}
    assert entries[asked_again.created_at].why_not == (
        "That can't be undone any more: it has changed since."
    )


async def test_a_first_rejection_is_not_offered_once_undoing_a_second_approved_the_person() -> None:
    """findings19 1: rejected, asked again, rejected again, the second rejection undone
    (which approves): the first rejection is no longer in force, and its Undo would only
    refuse. A setting changed back by an undo is the earlier change in force again."""
    store = MemoryAuditStore()
    group = store.group_with_admin_chat(ADMIN_CHAT)
    first = store.record(group, ModerationAction.REJECTED, approval="a1", reason="photos")
    second = store.record(group, ModerationAction.REJECTED, approval="a1", reason="enrolled")
    store.record(group, ModerationAction.APPROVED, approval="a1", undoes=str(second.id))
    store.undone(second)
    other = store.record(group, ModerationAction.REJECTED, approval="a2", reason="photos")
    change = store.record(group, ModerationAction.SETTING_CHANGED, setting="approvals")
    again = store.record(group, ModerationAction.SETTING_CHANGED, setting="approvals")
    store.record(group, ModerationAction.SETTING_CHANGED, setting="approvals", undoes=str(again.id))
    store.undone(again)

    offered = await AuditView(store).undoable(store.events)
    assert first.id not in offered and second.id not in offered
    assert other.id in offered and change.id in offered
    made = await AuditView(store).sheet(group.id, group.title)
    assert made is not None
    assert "That can't be undone any more: it has changed since." in made[0]


async def test_the_audit_lists_corrections_with_the_moderation_newest_first() -> None:
    store = MemoryAuditStore()
    group = store.group_with_admin_chat(ADMIN_CHAT)
    store.record(group, ModerationAction.PAUSED)
    later = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    store.kept_corrections[group.id] = [
        Correction(later, "Ann", AssignmentOperation.MOVE, 1, [later - timedelta(days=1)]),
        Correction(later, "Ann", AssignmentOperation.REMOVE, 1, [later]),  # her own business
    ]
    entries = await AuditView(store).entries(group.id)
    assert [entry.at for entry in entries] == [later, store.events[0].created_at]
    assert "Ann" in entries[0].line


async def test_the_newest_audit_messages_are_kept_true_and_one_shown_again_moves_up() -> None:
    store = MemoryAuditStore()
    group = store.group_with_admin_chat(ADMIN_CHAT)
    view = AuditView(store)
    at = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    for message_id in range(1, KEEP_SHOWN + 2):
        await view.shown(group.id, ADMIN_CHAT, message_id, at)
    await view.shown(group.id, ADMIN_CHAT, 3, at + timedelta(hours=1))
    kept = await store.group(group.id)
    assert kept is not None
    assert [message for message, _ in shown_in(kept)] == [2, 4, 5, 6, 3]


async def test_the_reports_of_a_ban_and_its_undo_are_kept_and_made_from_the_events() -> None:
    store = MemoryAuditStore()
    group = store.group_with_admin_chat(ADMIN_CHAT)
    store.record(group, ModerationAction.BANNED, user_id=ANN)
    ban = store.record(group, ModerationAction.BANNED, user_id=BEN)
    view = AuditView(store)
    await view.said_about(group.id, ModerationAction.BANNED, BEN, ADMIN_CHAT, 70)
    await view.said_undone(ban.id, ADMIN_CHAT, 71)

    # Ben's newest ban keeps both reports; Ann's none. As the events are now (the audit's
    # label for a forgotten user: ``user <id>``), so the reports say.
    assert await store.said_naming([group.id], ANN) == []
    reported = await store.said_naming([group.id], BEN)
    assert [(said.message_id, said.event.id) for said in reported] == [(70, ban.id), (71, ban.id)]
    store.events = [replace(e, subject=f"user {BEN}") for e in store.events]
    done, undone = [replace(said, event=store.events[1], undone_by="Olga") for said in reported]
    assert said_text(done, group.title) == (
        f"<b>Class 1A</b>: user {BEN} is banned. They get no more photos or clips from this "
        "group and can't join it again through my link. /unban lifts it."
    )
    assert said_text(undone, group.title) == (
        f"↩️ <b>Class 1A</b>: <b>Olga</b> undid “<b>Olga</b> banned user {BEN}”.\n"
        f"<b>Class 1A</b>: user {BEN} is no longer banned. They can join again through my "
        "link in the group (nothing is restored until they do)."
    )


async def test_a_bans_report_says_who_lifted_it_and_when_once_lifted() -> None:
    store = MemoryAuditStore()
    group = store.group_with_admin_chat(ADMIN_CHAT)
    ban = store.record(group, ModerationAction.BANNED, user_id=BEN)
    store.events[0] = replace(ban, subject="Ben")
    view = AuditView(store)
    await view.said_about(group.id, ModerationAction.BANNED, BEN, ADMIN_CHAT, 70)
    store.record(group, ModerationAction.UNBANNED, user_id=ANN)  # someone else's: no matter
    store.record(group, ModerationAction.UNBANNED, user_id=BEN)  # 09:02
    store.record(group, ModerationAction.BANNED, user_id=BEN)  # banned again: a new report

    (report,) = await store.said_naming([group.id], BEN)
    assert said_text(report, group.title) == (
        "<b>Class 1A</b>: Ben was banned; <b>Olga</b> lifted the ban Nov 20 09:02 UTC."
    )


def test_a_takedown_says_when_its_photo_was_posted_in_the_readers_zone_when_read() -> None:
    posted = datetime(2026, 11, 26, 4, 57, tzinfo=UTC)
    details = {"photo": "p", POSTED_AT: posted.isoformat()}
    with in_zone("Asia/Jerusalem"):
        line = texts.audit_moderation_line("Olga", "taken_down", "", details, undone=False)
    assert line == "<b>Olga</b> took down the photo posted Nov 26 06:57"
    with in_zone("UTC"):
        line = texts.audit_moderation_line("Olga", "taken_down", "", details, undone=False)
    assert line == "<b>Olga</b> took down the photo posted Nov 26 04:57"
