"""What the tenth walk of issue 32 found said untrue, as its reader reads it: an undo that
promised the undoer a copy only a co-guardian got back, an /audit that listed a correction
and its undo as two identical lines, a list edited to empty that said "Use /add" to one
/add refuses, a claim's consent left looking undecided, and the messages whose buttons a
/forget must take off."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.buttons import Action, Buttons
from domain.claims import texts as claims_texts
from domain.languages.catalogs import LANGUAGES, in_language
from domain.languages.markup import plain
from domain.moderation import texts as moderation_texts
from domain.persons import texts as persons_texts
from tests.fakes.buttons import MemoryButtonStore
from tests.unit.reading import as_read

POSTED = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def test_an_undo_says_whose_copy_comes_back() -> None:
    """Ann undid "Not Alice?" -> Amy: her copy stayed (it names Amy too), Carl's came
    back; she read "I'm sending you the clip again" and none came."""
    others = plain(persons_texts.undone_correction("Alice", False, clip=True, others=1))
    assert "sending you" not in others
    assert others == (
        "Undone: that face is Alice's again. Your copy stays where it is; the other "
        "guardian who lost theirs gets it back."
    )
    assert "the 2 other guardians" in persons_texts.undone_correction("Alice", False, others=2)
    # Her own copy sent again: said so, whoever else gets theirs.
    assert persons_texts.undone_correction("Alice", True, clip=True, others=1).endswith(
        "I'm sending you the clip again."
    )


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_an_audited_correction_and_its_undo_read_apart(code: str) -> None:
    with in_language(code):
        undone = moderation_texts.audit_correction_line("Ann", "move", 1, [POSTED], 1, undone=True)
        undo = moderation_texts.audit_correction_line(
            "Ann", "move", 1, [POSTED], 1, is_an_undo=True
        )
        plain_line = moderation_texts.audit_correction_line("Ann", "move", 1, [POSTED], 1)
    assert len({undone, undo, plain_line}) == 3
    # The line as it was, then what became of it.
    assert as_read(undone).startswith(as_read(plain_line))
    assert as_read(undo).startswith(as_read(plain_line))
    if code == "en":
        assert undo == "<b>Ann</b> corrected 1 face on a clip of Nov 26 (an undo)"
        assert undone == "<b>Ann</b> corrected 1 face on a clip of Nov 26 (undone)"


def test_a_list_edited_to_empty_says_what_persons_says() -> None:
    """After /forget, Ben's old list read "Use /add", which /add then refused."""
    for refusal in ("needs_group", "needs_consent", None):
        assert persons_texts.persons_list([], refusal) == persons_texts.no_persons(refusal)
    assert "first open the link" in persons_texts.persons_list([], "needs_group")


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_a_claims_consent_answered_by_an_outsider_says_so(code: str) -> None:
    with in_language(code):
        asked = claims_texts.claim_offer("Class 2B", False, 30)
        outsider = claims_texts.claim_offer("Class 2B", False, 30, outsider=True)
    assert outsider != asked and "Class 2B" in outsider.rsplit("\n\n", 1)[1]
    if code == "en":
        assert outsider.endswith(
            "Not yet: you aren't a member of <b>Class 2B</b>. Join it, then tap "
            "the link again: I'll ask you once more then."
        ), outsider


async def test_forget_finds_the_messages_a_users_buttons_are_on() -> None:
    """/history listings and a correction's message note where their Undo is; a button in
    another chat, or with no message noted, names none."""
    store = MemoryButtonStore()
    buttons = Buttons(store)
    store.participant(11)
    store.participant(12)
    on_history = await buttons.issue(11, 11, Action.FORGET_ME)
    on_correction = await buttons.issue(11, 11, Action.FORGET_ME)
    elsewhere = await buttons.issue(11, -500, Action.FORGET_ME)
    theirs = await buttons.issue(12, 12, Action.FORGET_ME)
    await buttons.issue(11, 11, Action.FORGET_ME)  # noted nowhere
    assert on_history and on_correction and elsewhere and theirs
    await buttons.note(on_history, history="36")
    await buttons.note(on_correction, message="34")
    await buttons.note(elsewhere, message="7")
    await buttons.note(theirs, message="8")
    assert await buttons.messages_of(11) == [34, 36]
