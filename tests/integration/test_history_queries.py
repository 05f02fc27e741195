"""/history decides, line by line, whether an Undo would act and whether the reader may
press it, and issues a single-use button for each Undo it offers; on the real Postgres, a
full page costs the same number of queries as a short one (findings11, history's third:
not a few queries more for each line), and its buttons still act when pressed."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import cast
from uuid import UUID

import pytest

from bot.history import history_message
from domain.blobs import BlobStore
from domain.buttons import Action, Buttons
from domain.enrollment.service import Enrollment
from domain.events import EventBus
from domain.infra.models import Face, Group, Guardianship, Participant, Person, Photo
from domain.infra.stores import assignments
from domain.infra.stores.buttons import TortoiseButtonStore
from domain.infra.stores.persons import TortoisePersonStore, TortoiseShownStore
from domain.persons.service import Persons
from domain.persons.shown import ShownCards
from domain.recognition.assignments import MOVE_NOTE, Actor
from domain.states import GroupType, GuardianRole, PersonStatus
from tests.fakes.recognition import MemoryJobQueue

pytestmark = pytest.mark.usefixtures("db")

ANN = 1  # Telegram user id of the owner who reads /history


@contextmanager
def counted(caplog: pytest.LogCaptureFixture) -> Iterator[list[str]]:
    """The SQL statements sent to Postgres inside the block (tortoise logs each one)."""
    caplog.clear()
    sent: list[str] = []
    with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
        yield sent
    sent += [r.getMessage() for r in caplog.records if r.name == "tortoise.db_client"]


class Family:
    """Ann owns Alice and Ally, Bob co-guards Alice; faces of one photo, each changed once
    or twice by one of them: of every kind an Undo is decided on (another guardian's,
    changed since, one of a person Ann alone guards)."""

    async def setup(self) -> None:
        self.ann = await Participant.create(telegram_user_id=ANN, first_name="Ann")
        self.bob = await Participant.create(telegram_user_id=2, first_name="Bob")
        self.alice = await Person.create(name="Alice", status=PersonStatus.ACTIVE)
        self.ally = await Person.create(name="Ally", status=PersonStatus.ACTIVE)
        for person in (self.alice, self.ally):
            await Guardianship.create(person=person, participant=self.ann, role=GuardianRole.OWNER)
        await Guardianship.create(
            person=self.alice, participant=self.bob, role=GuardianRole.CO_GUARDIAN
        )
        group = await Group.create(chat_id=-1, title="G", type=GroupType.SUPERGROUP, join_token="t")
        self.photo = await Photo.create(
            group=group, message_id=1, file_id="f", file_unique_id="u", posted_at=datetime.now(UTC)
        )

    async def changes(self, faces: range) -> None:
        """Six changes for every four faces."""
        by_ann, by_bob = Actor.participant(self.ann), Actor.participant(self.bob)
        for i in faces:
            face = await Face.create(
                photo=self.photo,
                bbox_x=100 * i,
                bbox_y=0,
                bbox_w=90,
                bbox_h=90,
                det_score=0.9,
                quality=0.9,
            )
            kind = i % 4
            actor = by_bob if kind == 2 else by_ann
            await assignments.assign(face, self.alice.id, actor, prototype=None, note="yes")
            if kind == 0:
                await assignments.unassign(face, by_bob, remember_rejection=True, note="no")
            elif kind == 1:
                await assignments.move(face, self.ally.id, by_ann, note=MOVE_NOTE)


async def test_a_full_history_page_costs_what_a_short_one_does(
    caplog: pytest.LogCaptureFixture,
) -> None:
    family = Family()
    await family.setup()
    nothing = cast(BlobStore, object())  # /history reads no blob
    unasked = cast(Enrollment, object())  # /history reads no enrollment
    persons = Persons(
        MemoryJobQueue(),
        nothing,
        TortoisePersonStore(),
        ShownCards(TortoiseShownStore()),
        EventBus(),
        unasked,
    )
    buttons = Buttons(TortoiseButtonStore())

    async def page() -> tuple[str, list[UUID], list[str]]:
        with counted(caplog) as sent:
            text, _markup, tokens = await history_message(ANN, persons, buttons, automatic=True)
            await buttons.note_all(tokens, history="7")
        return text, tokens, sent

    await family.changes(range(4))
    short, short_tokens, for_short = await page()
    await family.changes(range(4, 20))
    full, full_tokens, for_full = await page()

    lines = [line for line in full.splitlines() if re.match(r"\d+\. ", line)]
    assert len(re.findall(r"^\d+\. ", short, re.M)) == 6 and len(lines) == 20
    # Both pages decide every way: Undo offered (Bob's "no" too: Ann owns Alice), and
    # not, a change since ruling it out.
    for text, tokens in ((short, short_tokens), (full, full_tokens)):
        assert "Bob unmatched" in text and "can't be undone" in text
        assert 0 < len(tokens) < len(re.findall(r"^\d+\. ", text, re.M))
    assert len(for_full) == len(for_short), "\n".join(for_full)
    # A button issued with the others acts when pressed, as one issued alone would.
    pressed = await buttons.press(full_tokens[-1], ANN, ANN)
    assert pressed.refusal is None and pressed.action == Action.UNDO
