"""Issue 32's smaller untruths, read as their readers read them: a person waiting for the
organizers' approval listed "active"; an empty /persons after /forget saying "You haven't
enrolled anyone"; /audit's undo of a pause not counting what it sends on."""

from __future__ import annotations

from domain.languages.catalogs import in_language
from domain.moderation.audit import Actor
from domain.moderation.audit_store import AuditedGroup
from domain.moderation.audit_view import undone_note
from domain.moderation.bans import Bans
from domain.moderation.pause import Pauses
from domain.moderation.settings import GroupSettings
from domain.moderation.undo import Undo, UndoOutcome
from domain.persons import texts as persons_texts
from domain.persons.rules import IN_NO_GROUP, status_shown
from domain.states import ModerationAction, PersonStatus, PhotoStatus
from tests.fakes.moderation_approvals import MemoryApprovalStore
from tests.fakes.moderation_bans import MemoryBanStore
from tests.fakes.moderation_pause import MemoryPauseStore
from tests.fakes.moderation_settings import MemoryGroupSettingsStore
from tests.fakes.moderation_undo import MemoryUndoStore

OLGA, PETER = Actor(7, "Olga"), Actor(8, "Peter")


def test_a_person_recognized_in_none_of_the_readers_groups_yet_is_waiting_not_active() -> None:
    waiting = status_shown(PersonStatus.ACTIVE, ["Class 1A"], {"Class 1A"})
    assert waiting == PersonStatus.PENDING_APPROVAL
    # Recognized in one of them: active there (the card names the group still waiting).
    assert status_shown(PersonStatus.ACTIVE, ["Class 1A", "Choir"], {"Choir"}) == "active"
    # The reader in no group at all (left, or unbanned and not back): nothing comes to
    # them, so not "active" (findings9 9); paused: what it is.
    assert status_shown(PersonStatus.ACTIVE, [], set()) == IN_NO_GROUP
    assert status_shown(PersonStatus.PAUSED, ["Class 1A"], {"Class 1A"}) == "paused"
    with in_language("en"):
        assert persons_texts.persons_list([("Alice", "active", 3)]).startswith("Your people:")


def test_an_empty_list_says_it_is_empty_not_that_nobody_was_ever_enrolled() -> None:
    with in_language("en"):
        for refusal in ("needs_group", "needs_consent", None):
            said = persons_texts.no_persons(refusal)
            assert said.startswith("Your list of people is empty.")
            assert "enrolled" not in said


async def test_a_pause_undone_counts_what_waited_as_resume_does() -> None:
    settings = MemoryGroupSettingsStore()
    group = settings.add(-1001, "Class 1A", admin_chat_id=-2001)
    audit, pauses = MemoryUndoStore(), MemoryPauseStore()
    pauses.paused[group.id] = None
    undo = Undo(
        audit,
        Bans(MemoryBanStore()),
        Pauses(pauses),
        GroupSettings(settings),
        MemoryApprovalStore(),
    )
    await Pauses(pauses).pause(group, OLGA)
    pauses.photo(group.id, PhotoStatus.PENDING)
    pauses.photo(group.id, PhotoStatus.PENDING)
    pauses.photo(group.id, PhotoStatus.PENDING, clip=True)
    pause = audit.record(
        AuditedGroup(group.id, group.title, group.admin_chat_id), ModerationAction.PAUSED
    )

    done = await undo.undo(pause.id, group, PETER)

    assert done.outcome == UndoOutcome.UNDONE and done.event is not None
    with in_language("en"):
        note = undone_note(group.title, PETER.name, done.event, done.waiting)
    assert note.endswith(
        "\n2 photos and 1 clip posted while it was paused were queued to be handled."
    )
