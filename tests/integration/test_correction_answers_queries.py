"""Keeping the corrections' messages true after a change (``CorrectionAnswers``) reads only
the Undo buttons of the changed persons' changes, by key (moves3 4): on the real Postgres,
the check after a change of Alice costs the same queries whether the guardians hold one
Undo or thirty about other persons, and it still closes the one about Alice."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast
from uuid import UUID

import pytest

from domain.blobs import BlobStore
from domain.buttons import Action, Buttons
from domain.enrollment.service import Enrollment
from domain.events import EventBus
from domain.infra.models import Face, Group, Guardianship, Participant, Person, Photo
from domain.infra.stores import assignments
from domain.infra.stores.buttons import TortoiseButtonStore
from domain.infra.stores.persons import TortoisePersonStore, TortoiseShownStore
from domain.languages.catalogs import in_language
from domain.persons.answers import SHOWN_ON, CorrectionAnswers
from domain.persons.service import Persons
from domain.persons.shown import ShownCards
from domain.recognition.assignments import MOVE_NOTE, Actor
from domain.states import GroupType, GuardianRole, PersonStatus
from domain.telegram import Messenger
from tests.fakes.recognition import MemoryJobQueue
from tests.integration.test_history_queries import counted
from tests.unit.test_corrections_kept_true import Chat

pytestmark = pytest.mark.usefixtures("db")

ANN = 1


async def test_closing_answers_reads_only_the_changed_persons_buttons(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ann = await Participant.create(telegram_user_id=ANN, first_name="Ann")
    alice, ally, others = [
        await Person.create(name=name, status=PersonStatus.ACTIVE)
        for name in ("Alice", "Ally", "Zoe")
    ]
    for person in (alice, ally, others):
        await Guardianship.create(person=person, participant=ann, role=GuardianRole.OWNER)
    group = await Group.create(chat_id=-1, title="G", type=GroupType.SUPERGROUP, join_token="t")
    photo = await Photo.create(
        group=group, message_id=1, file_id="f", file_unique_id="u", posted_at=datetime.now(UTC)
    )
    by_ann = Actor.participant(ann)
    buttons = Buttons(TortoiseButtonStore())
    message = iter(range(100, 300))

    async def moved(to: Person) -> UUID:
        """A face moved from Zoe to ``to``, its "Moved" message with an Undo; returns it."""
        face = await Face.create(
            photo=photo,
            bbox_x=next(message),
            bbox_y=0,
            bbox_w=90,
            bbox_h=90,
            det_score=0.9,
            quality=0.9,
        )
        await assignments.assign(face, others.id, by_ann, prototype=None, note="yes")
        event = await assignments.move(face, to.id, by_ann, note=MOVE_NOTE)
        token = await buttons.issue(ANN, ANN, Action.UNDO, event.id, shown=SHOWN_ON)
        assert token is not None
        await buttons.note(token, message=str(next(message)))
        return face.id

    chat = Chat()
    persons = Persons(
        MemoryJobQueue(),
        cast(BlobStore, object()),
        TortoisePersonStore(),
        ShownCards(TortoiseShownStore()),
        EventBus(),
        cast(Enrollment, object()),
    )
    answers = CorrectionAnswers(buttons, persons, cast(Messenger, chat))

    alices = await moved(alice)
    await moved(ally)

    async def after_a_change_of_alice() -> list[str]:
        with counted(caplog) as sent, in_language("en"):
            await answers.close_changed([alice.id])
        return sent

    few = await after_a_change_of_alice()
    for _ in range(30):
        await moved(ally)
    many = await after_a_change_of_alice()
    assert len(many) == len(few), "\n".join(many)
    assert chat.texts == {}  # all still undoable

    # Alice's face deleted: her move's message, and only hers, says it can't be undone.
    await Face.filter(id=alices).delete()
    await after_a_change_of_alice()
    assert list(chat.texts) == [101]
    assert chat.texts[101].startswith("Moved: that face was <b>")
