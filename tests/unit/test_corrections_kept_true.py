"""What a guardian reads stays true after a later change (findings11 1 and 16), on the
stores in memory: a "Moved: that face is Amy now." whose Undo a later change of its face
made refuse says so and loses its Undo, while one still undoable is left alone; and a
merge's question says that the copies of a person whose faces were forgotten keep its
name."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import cast
from uuid import UUID, uuid4

from domain.buttons import Action, Buttons
from domain.corrections import texts as corrections_texts
from domain.languages.catalogs import in_language
from domain.persons import texts
from domain.persons.answers import CorrectionAnswers
from domain.persons.stores import Change
from domain.recognition.assignments import UndoOutcome
from domain.states import AssignmentOperation
from domain.telegram import Button, Edit, Messenger
from tests.fakes.buttons import MemoryButtonStore
from tests.fakes.languages import chats_in_memory
from tests.unit.test_persons_store import ANN, Family


class Chat:
    """The messages a guardian's chat shows, as the bot edits them."""

    def __init__(self) -> None:
        self.texts: dict[int, str] = {}
        self.buttons_dropped: set[int] = set()

    async def replace_text(
        self, chat_id: int, message_id: int, text: str, buttons: Sequence[Sequence[Button]] = ()
    ) -> Edit:
        self.texts[message_id] = text
        self.buttons_dropped.add(message_id)
        return Edit.EDITED

    async def drop_buttons(self, chat_id: int, message_id: int) -> bool:
        self.buttons_dropped.add(message_id)
        return True


def _move(family: Family, event_id: UUID, refused: UndoOutcome | None) -> None:
    alice, ally = family.store.known[family.alice], family.store.known[family.ally]
    family.store.events[event_id] = Change(
        event_id,
        datetime.now(UTC),
        AssignmentOperation.MOVE,
        alice,
        ally,
        alice.id,
        ally.id,
        face_count=1,
        note="",
        undone=False,
        undoes=False,
        faces_left=1,
        refused=refused,
    )


async def test_a_move_changed_since_says_so_and_loses_its_undo() -> None:
    with chats_in_memory():  # Ann's chat: English
        await _a_move_changed_since_says_so_and_loses_its_undo()


async def _a_move_changed_since_says_so_and_loses_its_undo() -> None:
    family = Family()
    store = MemoryButtonStore()
    store.participant(ANN)
    buttons = Buttons(store)
    chat = Chat()
    answers = CorrectionAnswers(buttons, family.persons, cast(Messenger, chat))
    moved_away, moved_back = uuid4(), uuid4()
    _move(family, moved_away, UndoOutcome.CHANGED_SINCE)  # moved back since
    _move(family, moved_back, None)  # the move back itself: still undoable
    for event_id, message_id in ((moved_away, 49), (moved_back, 50)):
        token = await buttons.issue(ANN, ANN, Action.UNDO, event_id, shown="correction")
        assert token is not None
        await buttons.note(token, message=str(message_id))

    await answers.close_changed([family.alice])

    assert chat.texts == {
        49: texts.moved_changed_since("Ally", UndoOutcome.CHANGED_SINCE.value),
    }
    assert chat.texts[49].startswith("Moved: that face was <b>")
    assert "can't be undone any more: the face or person has changed since" in chat.texts[49]
    assert chat.buttons_dropped == {49}
    # Its Undo is spent: a second pass edits nothing again, the move back's Undo stays.
    assert [t.subject for t in await buttons.unpressed(Action.UNDO, [moved_away, moved_back])] == [
        moved_back
    ]
    chat.texts.clear()
    await answers.close_changed([family.alice])
    assert chat.texts == {}


async def test_a_merge_question_says_forgotten_faces_keep_their_name() -> None:
    family = Family()
    family.store.faces_gone.add(family.ally)

    plan = await family.persons.merge_plan(family.alice, family.ally, ANN)

    assert plan.forgotten == ("Ally",)
    asked = texts.confirm_merge(plan.keep_name, plan.drop_name, False, forgotten=plan.forgotten)
    assert "faces were forgotten: the photos and clips of" in asked
    assert (await family.persons.merge_plan(family.ally, family.alice, ANN)).forgotten == ("Ally",)


def test_hebrew_reads_the_merge_and_the_move_back_as_the_walk_asked() -> None:
    """findings11 6 and 2, as Dana and Avi read them in Hebrew: the closed menu names the
    merge, and the co-guardian is told why the copy comes again."""
    with in_language("he"):
        closed = corrections_texts.menu_closed_merged(NOA, YOAV, YOAV)
        back = corrections_texts.copy_back_by_co_guardian(NOA, CLASS, moved=True)
        moved = texts.moved_changed_since(YOAV, UndoOutcome.CHANGED_SINCE.value)
    assert closed.startswith(f"{CLOSED} <b>\u2068{NOA}\u2069</b> {MERGED}")
    assert f"{FIX}\u2068{YOAV}\u2069?" in closed
    assert back.endswith(SENDING_AGAIN)
    assert moved.startswith(f"{MOVED} <b>\u2068{YOAV}\u2069</b>")


# The walk's Hebrew (findings11.md), spelled out of the ambiguous-letters lint's way.
NOA, YOAV, CLASS = "\u05e0\u05d5\u05e2\u05d4", "\u05d9\u05d5\u05d0\u05d1", "Class 1A"
CLOSED = "נסגר:"
MERGED = "מוזג/ה לתוך"
FIX = "„טעות בזיהוי של "
SENDING_AGAIN = "ולכן אני שולח לכם שוב את התמונה."
MOVED = "הועבר: הפנים האלה היו של"


def test_hebrew_reads_the_deleted_move_and_the_move_back_answer() -> None:
    """moves3 1 and 2, as a Hebrew-speaking parent reads them: the move to a person deleted
    since, and who gets the photo again after a move back (nobody named)."""
    with in_language("he"):
        deleted = texts.moved_until_deleted(YOAV)
        back = corrections_texts.copies_back(1)
        again = corrections_texts.copies_back(2, resent=True)
    assert deleted.startswith(f"{MOVED} <b>\u2068{YOAV}\u2069</b>")
    assert deleted.endswith(f", עד ש\u2068{YOAV}\u2069 נמחק/ה.")
    assert back == "ההורה השני יקבל בחזרה את העותק שנמחק, ושלחתי הודעה שמסבירה למה."
    assert again.startswith("אני שולח לכם את התמונה שוב. \u200f2 ההורים האחרים")
