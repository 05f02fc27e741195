"""The corrections' stores (``domain.corrections.stores``) in memory: plain dicts a test
fills and reads, with the same answers the tortoise store gives."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Collection, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

from domain.corrections import questions
from domain.corrections.clip_questions import ClipQuestion, Turn, turn
from domain.corrections.rules import planned_as
from domain.corrections.stores import (
    Answering,
    Asked,
    AskedOfForgotten,
    AskedOfGone,
    Asker,
    Changed,
    CopyChange,
    Delivered,
    FaceNow,
    Locked,
    Notified,
    Owed,
    Pictured,
    Sent,
    Settled,
    Sheet,
    Someone,
    Subject,
    Suggested,
    Unasked,
    WaitingSheet,
)
from domain.persons.stores import CopyTold
from domain.states import (
    DeliveryStatus,
    OfferStatus,
    PersonStatus,
    QuestionMode,
    SuggestionStatus,
)
from domain.telegram import ChatUnavailable, Edit, RecipientUnreachable


@dataclass
class Question:
    """A question ("Is this Alice?") about a face, as its ``Suggestion`` row holds it."""

    face_id: UUID
    person_id: UUID
    status: SuggestionStatus = SuggestionStatus.PENDING
    notified_at: datetime | None = None
    sent_to: Sent = field(default_factory=list)
    asking: questions.Asking = field(default_factory=list)  # chats reserved: since when
    withdrawn_at: datetime | None = None
    pair_id: UUID | None = None
    score: float = 0.5
    answered_by: UUID | None = None  # the guardian who answered it
    waiting: bool = False  # a clip's track, waiting for the answer about another


@dataclass
class PostedFace:
    """A face of a group's photo: whose it is, its crop, the photo's group and day."""

    photo_id: UUID
    group_id: UUID
    posted_on: date
    person_id: UUID | None = None
    crop_key: str | None = None
    taken_down: bool = False
    group_active: bool = True
    strictness: int = 0
    clip: bool = False  # a clip's face (a track)
    on_screen: tuple[float, float] | None = None  # a clip's face: from when to when, in s


@dataclass
class QuestionSheet:
    """A sheet of one guardian's questions about a person in a group (``EarlierPhotos``)."""

    participant_id: UUID
    person_id: UUID
    group_id: UUID
    face_ids: list[str]
    scores: dict[str, float]
    status: OfferStatus = OfferStatus.WAITING
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    sent_to: Sent = field(default_factory=list)


@dataclass
class Child:
    """A person as the questions name it: its name, state, and guardians."""

    name: str
    status: PersonStatus = PersonStatus.ACTIVE
    guardians: set[UUID] = field(default_factory=set)


@dataclass
class MemoryCorrectionStore:
    """The corrections' stores: ``questions`` by id, ``faces`` by id, the persons rejected
    for each face, the open next-family requests (request: face), who may be recognized
    in each group (``matchable``)."""

    questions: dict[UUID, Question] = field(default_factory=dict)
    faces: dict[UUID, PostedFace] = field(default_factory=dict)
    rejected: dict[UUID, set[UUID]] = field(default_factory=dict)
    next_family: dict[UUID, UUID] = field(default_factory=dict)
    matchable_in: dict[UUID, list[UUID]] = field(default_factory=dict)
    persons: dict[UUID, Child] = field(default_factory=dict)
    askers: dict[UUID, Asker] = field(default_factory=dict)
    sheets: dict[UUID, QuestionSheet] = field(default_factory=dict)
    groups: dict[UUID, tuple[str, bool]] = field(default_factory=dict)  # title, paused
    # The guardians who get a person's photos from a group (not all are: approvals).
    receivers: dict[tuple[UUID, UUID], set[UUID]] = field(default_factory=dict)
    # The photos planned or sent to guardians: (photo, guardian) -> (delivery, its status).
    deliveries: dict[tuple[UUID, UUID], tuple[UUID, DeliveryStatus]] = field(default_factory=dict)
    # The faces' changes made: (what, face, from person, to person), in order.
    changes: list[tuple[str, UUID, UUID | None, UUID | None]] = field(default_factory=list)

    def guardian(
        self, chat_id: int, mode: QuestionMode = QuestionMode.EACH, every: int = 5
    ) -> Asker:
        made = Asker(uuid4(), chat_id, None, None, mode, every)
        self.askers[made.id] = made
        return made

    def child(self, name: str, *guardians: Asker) -> UUID:
        person_id = uuid4()
        self.persons[person_id] = Child(name, guardians={g.id for g in guardians})
        return person_id

    def face(self, group_id: UUID, posted_on: date, *, crop_key: str | None = None) -> UUID:
        face_id = uuid4()
        self.faces[face_id] = PostedFace(uuid4(), group_id, posted_on, crop_key=crop_key)
        return face_id

    def question(self, face_id: UUID, person_id: UUID, **state: Any) -> UUID:
        question_id = uuid4()
        self.questions[question_id] = Question(face_id, person_id, **state)
        return question_id

    def questions_about(self, face_id: UUID) -> list[Question]:
        return [q for q in self.questions.values() if q.face_id == face_id]

    # Crops

    async def crop_to_drop(self, face_id: UUID) -> str | None:
        if await self.any_open(face_id) or face_id in self.next_family.values():
            return None
        face = self.faces.get(face_id)
        return None if face is None else face.crop_key

    async def crop_dropped(self, face_id: UUID, crop_key: str) -> None:
        face = self.faces[face_id]
        if face.crop_key == crop_key:
            face.crop_key = None

    # Sheets of questions

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return _at_once()

    async def lock_guardian(self, participant_id: UUID) -> None:
        return None  # one writer at a time here

    async def waiting_sheet(
        self, participant_id: UUID, person_id: UUID, group_id: UUID
    ) -> WaitingSheet | None:
        waiting = [
            (sheet.created_at, sheet_id)
            for sheet_id, sheet in self.sheets.items()
            if (sheet.participant_id, sheet.person_id, sheet.group_id)
            == (participant_id, person_id, group_id)
            and sheet.status == OfferStatus.WAITING
        ]
        if not waiting:
            return None
        sheet_id = max(waiting)[1]
        sheet = self.sheets[sheet_id]
        return WaitingSheet(sheet_id, list(sheet.face_ids), dict(sheet.scores), sheet.created_at)

    async def start_sheet(
        self, participant_id: UUID, person_id: UUID, group_id: UUID, face_id: str, score: float
    ) -> None:
        self.sheets[uuid4()] = QuestionSheet(
            participant_id, person_id, group_id, [face_id], {face_id: score}
        )

    async def add_to_sheet(self, sheet: WaitingSheet) -> None:
        kept = self.sheets[sheet.id]
        kept.face_ids, kept.scores = list(sheet.face_ids), dict(sheet.scores)

    async def waiting_count(self, participant_id: UUID) -> int:
        return sum(
            len(sheet.face_ids)
            for sheet in self.sheets.values()
            if sheet.participant_id == participant_id and sheet.status == OfferStatus.WAITING
        )

    async def notified_since(self, participant_id: UUID, since: datetime) -> list[Notified]:
        return [
            Notified(question_id, q.face_id, q.notified_at, q.sent_to or None)
            for question_id, q in self.questions.items()
            if q.notified_at is not None
            and q.notified_at >= since
            and participant_id in self.persons[q.person_id].guardians
        ]

    async def gathered(self, participant_id: UUID) -> set[str]:
        return {
            face
            for sheet in self.sheets.values()
            if sheet.participant_id == participant_id
            for face in sheet.face_ids
        }

    async def asker(self, participant_id: UUID) -> Asker | None:
        return self.askers.get(participant_id)

    async def gathering(self) -> list[UUID]:
        return list(
            dict.fromkeys(
                sheet.participant_id
                for sheet in self.sheets.values()
                if sheet.status == OfferStatus.WAITING
            )
        )

    async def waiting_sheets(self, participant_id: UUID) -> list[Sheet]:
        return sorted(
            (
                self._sheet(sheet_id)
                for sheet_id, sheet in self.sheets.items()
                if sheet.participant_id == participant_id and sheet.status == OfferStatus.WAITING
            ),
            key=lambda sheet: sheet.created_at,
        )

    def _sheet(self, sheet_id: UUID) -> Sheet:
        sheet = self.sheets[sheet_id]
        return Sheet(
            sheet_id,
            sheet.person_id,
            sheet.group_id,
            list(sheet.face_ids),
            sheet.created_at,
            list(sheet.sent_to),
        )

    async def owed_one_by_one(self) -> list[Owed]:
        return [
            Owed(
                question_id,
                sheet.participant_id,
                self.askers[sheet.participant_id].telegram_user_id,
                q.sent_to,
                alone=not sheet.sent_to,
            )
            for sheet in self.sheets.values()
            if sheet.status == OfferStatus.ONE_BY_ONE
            for question_id, q in self.questions.items()
            if str(q.face_id) in sheet.face_ids
            and q.person_id == sheet.person_id
            and q.status == SuggestionStatus.PENDING
        ]

    async def claim_sheet(self, sheet_id: UUID) -> bool:
        if self.sheets[sheet_id].status != OfferStatus.WAITING:
            return False
        self.sheets[sheet_id].status = OfferStatus.SENDING
        return True

    async def sheet_to(self, sheet_id: UUID, status: OfferStatus) -> None:
        self.sheets[sheet_id].status = status

    async def unclaim_sheet(self, sheet_id: UUID) -> None:
        if self.sheets[sheet_id].status == OfferStatus.SENDING:
            self.sheets[sheet_id].status = OfferStatus.WAITING

    async def subject(self, sheet_id: UUID) -> Subject:
        sheet = self.sheets[sheet_id]
        person = self.persons[sheet.person_id]
        title, paused = self.groups.get(sheet.group_id, ("Class 1A", False))
        return Subject(person.name, person.status, title, paused)

    async def open_faces(self, sheet: Sheet) -> list[tuple[UUID, str | None]]:
        still = []
        for face in sheet.face_ids:
            face_id = UUID(face)
            posted = self.faces.get(face_id)
            if posted is None or posted.person_id is not None or posted.taken_down:
                continue
            if any(
                q.person_id == sheet.person_id and q.status == SuggestionStatus.PENDING
                for q in self.questions_about(face_id)
            ):
                still.append((face_id, posted.crop_key))
        return still

    async def clips_among(self, face_ids: list[str]) -> int:
        return sum(self.faces[UUID(face)].clip for face in face_ids if UUID(face) in self.faces)

    async def receiving(self, person_id: UUID, group_id: UUID) -> set[UUID]:
        return set(self.receivers.get((person_id, group_id), self.persons[person_id].guardians))

    async def shown(self, sheet_id: UUID, face_ids: list[str]) -> None:
        self.sheets[sheet_id].face_ids = list(face_ids)

    async def sheet_sent(self, sheet_id: UUID, chat_id: int, message_id: int) -> None:
        sheet = self.sheets[sheet_id]
        sheet.status, sheet.sent_to = OfferStatus.PENDING, [(chat_id, message_id)]

    async def close_taken(self) -> None:
        for q in self.questions.values():
            face = self.faces.get(q.face_id)
            if q.status == SuggestionStatus.PENDING and face is not None and face.person_id:
                q.status = SuggestionStatus.EXPIRED

    async def settled(self, limit: int) -> list[Settled]:
        return [
            Settled(question_id, q.status, None, None, self.persons[q.person_id].name, q.sent_to)
            for question_id, q in self.questions.items()
            if q.withdrawn_at is None and q.sent_to and q.status != SuggestionStatus.PENDING
        ][:limit]

    async def withdraw(self, suggestion_id: UUID, at: datetime) -> bool:
        question = self.questions[suggestion_id]
        if question.withdrawn_at is not None:
            return False
        question.withdrawn_at = at
        return True

    async def shown_sheets(self, limit: int) -> list[Sheet]:
        return [
            self._sheet(sheet_id)
            for sheet_id, sheet in self.sheets.items()
            if sheet.status == OfferStatus.PENDING
        ][:limit]

    async def close_sheet(self, sheet_id: UUID) -> bool:
        if self.sheets[sheet_id].status != OfferStatus.PENDING:
            return False
        self.sheets[sheet_id].status = OfferStatus.CLOSED
        return True

    async def follow_merges(self) -> list[UUID]:
        return []  # no merges here

    async def sheets_about(self, person_id: UUID) -> list[Sheet]:
        return [
            self._sheet(sheet_id)
            for sheet_id, sheet in self.sheets.items()
            if sheet.status == OfferStatus.PENDING and sheet.person_id == person_id
        ]

    # Asking ("Is this Alice?")

    async def suggested(self, suggestion_id: UUID) -> Suggested | None:
        question = self.questions.get(suggestion_id)
        if question is None:
            return None
        face, person = self.faces[question.face_id], self.persons[question.person_id]
        title, paused = self.groups.get(face.group_id, ("Class 1A", False))
        return Suggested(
            suggestion_id,
            question.status,
            question.notified_at is not None,
            question.score,
            question.pair_id,
            list(question.sent_to),
            question.face_id,
            face.crop_key,
            (10, 10, 20, 20),
            question.person_id,
            person.name,
            person.status,
            Pictured(
                face.photo_id,
                f"file-{face.photo_id}",
                face.group_id,
                title,
                face.taken_down,
                paused,
                clip=face.clip,
            ),
            face.on_screen,
        )

    async def paired_with(self, suggestion: Suggested) -> Suggested | None:
        for question_id, question in self.questions.items():
            if question.pair_id == suggestion.pair_id and question_id != suggestion.id:
                return await self.suggested(question_id)
        return None

    async def receiving_askers(self, person_id: UUID, group_id: UUID) -> list[Asker]:
        return [self.askers[g] for g in await self.receiving(person_id, group_id)]

    async def claim_question(self, suggestion_id: UUID, at: datetime) -> bool:
        question = self.questions[suggestion_id]
        if question.notified_at is not None:
            return False
        question.notified_at = at
        return True

    async def crop_lost(self, suggestion_id: UUID) -> None:
        self.questions[suggestion_id].status = SuggestionStatus.EXPIRED

    async def reserve_chat(self, suggestion_id: UUID, chat_id: int, at: datetime) -> bool:
        question = self.questions[suggestion_id]
        if question.status != SuggestionStatus.PENDING:
            return False
        asking = questions.reserved(question.sent_to, question.asking, chat_id, at)
        if asking is None:
            return False
        question.asking = asking
        return True

    async def release_chat(self, suggestion_id: UUID, chat_id: int) -> None:
        question = self.questions[suggestion_id]
        question.asking = questions.unreserved(question.asking, {chat_id})

    async def question_sent(self, suggestion_id: UUID, sent_to: Sent) -> None:
        question = self.questions[suggestion_id]
        question.sent_to.extend(each for each in sent_to if each not in question.sent_to)
        question.asking = questions.unreserved(question.asking, {chat for chat, _ in sent_to})

    async def also_sent(self, suggestion_id: UUID, chat_id: int, message_id: int) -> None:
        question = self.questions[suggestion_id]
        question.sent_to.append((chat_id, message_id))
        question.asking = questions.unreserved(question.asking, {chat_id})

    def _same_clip(self, suggestion_id: UUID) -> list[UUID]:
        """The unpaired questions about the question's person and the tracks of its clip."""
        asked = self.questions[suggestion_id]
        photo_id = self.faces[asked.face_id].photo_id
        return [
            q
            for q, question in self.questions.items()
            if question.person_id == asked.person_id
            and question.pair_id is None
            and self.faces[question.face_id].photo_id == photo_id
        ]

    async def clip_turn(self, suggestion_id: UUID, at: datetime) -> Turn:
        this = self.questions.get(suggestion_id)
        if this is None:
            return Turn.SETTLE
        if this.status != SuggestionStatus.PENDING or this.notified_at is not None:
            return Turn.WAIT
        face = self.faces[this.face_id]
        decided = turn(
            self._clip_question(suggestion_id),
            [self._clip_question(q) for q in self._same_clip(suggestion_id) if q != suggestion_id],
            held=any(
                f.photo_id == face.photo_id and f.person_id == this.person_id
                for f in self.faces.values()
            ),
            taken=face.person_id is not None,
        )
        this.waiting = decided == Turn.WAIT
        if decided == Turn.SETTLE:
            this.status, this.withdrawn_at = SuggestionStatus.EXPIRED, at
        return decided

    def _clip_question(self, suggestion_id: UUID) -> ClipQuestion:
        question = self.questions[suggestion_id]
        return ClipQuestion(
            suggestion_id, question.status, question.notified_at is not None, question.score
        )

    async def clip_questions_left(self, suggestion_id: UUID) -> list[UUID]:
        asked = self.questions.get(suggestion_id)
        if asked is None or asked.pair_id is not None or not self.faces[asked.face_id].clip:
            return []
        return [
            q
            for q in self._same_clip(suggestion_id)
            if q != suggestion_id
            and self.questions[q].status == SuggestionStatus.PENDING
            and self.questions[q].notified_at is None
        ]

    # Expiry

    async def unanswered(self, asked_before: datetime, limit: int) -> list[Asked]:
        due = sorted(
            (q.notified_at, question_id)
            for question_id, q in self.questions.items()
            if q.status == SuggestionStatus.PENDING
            and q.notified_at is not None
            and q.notified_at < asked_before
        )
        return [
            Asked(
                question_id,
                self.questions[question_id].face_id,
                self.questions[question_id].sent_to,
            )
            for _, question_id in due[:limit]
        ]

    async def expire(self, suggestion_id: UUID, at: datetime) -> bool:
        question = self.questions[suggestion_id]
        if question.status != SuggestionStatus.PENDING:
            return False
        question.status, question.withdrawn_at = SuggestionStatus.EXPIRED, at
        return True

    # The next family

    async def question_count(self, face_id: UUID) -> int:
        return len(self.questions_about(face_id))

    async def any_open(self, face_id: UUID) -> bool:
        return any(q.status == SuggestionStatus.PENDING for q in self.questions_about(face_id))

    async def ask_next_family(self, face_id: UUID) -> None:
        self.next_family[uuid4()] = face_id

    async def asked(self, face_id: UUID) -> list[UUID]:
        return [ask for ask, face in self.next_family.items() if face == face_id]

    async def mark_done(self, asks: list[UUID]) -> None:
        for ask in asks:
            self.next_family.pop(ask, None)

    async def unasked(self, face_id: UUID) -> Unasked | None:
        face = self.faces.get(face_id)
        if face is None or face.person_id is not None or face.taken_down:
            return None
        if not face.group_active:
            return None
        return Unasked(face.group_id, face.posted_on, face.strictness)

    async def left_out(self, face_id: UUID) -> set[UUID]:
        photo_id = self.faces[face_id].photo_id
        return (
            {q.person_id for q in self.questions_about(face_id)}
            | self.rejected.get(face_id, set())
            | {
                f.person_id
                for f in self.faces.values()
                if f.photo_id == photo_id and f.person_id is not None
            }
        )

    async def matchable(self, group_id: UUID, posted_on: date) -> list[UUID]:
        return list(self.matchable_in.get(group_id, []))

    async def suggest(self, face_id: UUID, person_id: UUID, score: float) -> UUID | None:
        if self.faces[face_id].person_id is not None:
            return None
        if any(q.person_id == person_id for q in self.questions_about(face_id)):
            return None
        return self.question(face_id, person_id, score=score)

    # Answers and "Not Alice?" (``service.Corrections``): changes are kept in ``changes``;
    # no prototypes, no copies in chats.

    async def guardian_of(self, user_id: int, person_ids: list[UUID]) -> UUID | None:
        asker = next((a for a in self.askers.values() if a.telegram_user_id == user_id), None)
        if not person_ids or asker is None:
            return None
        guards = all(asker.id in self.persons[p].guardians for p in person_ids)
        return asker.id if guards else None

    async def may_be_told(
        self, face_id: UUID | None, user_id: int, message_id: int | None = None
    ) -> bool:
        asker = next((a for a in self.askers.values() if a.telegram_user_id == user_id), None)
        if asker is None:
            return False
        face = None if face_id is None else self.faces.get(face_id)
        if face is None:
            return any(asker.id in person.guardians for person in self.persons.values())
        return (face.photo_id, asker.id) in self.deliveries or any(
            chat == user_id
            for q in self.questions.values()
            if q.face_id == face_id
            for chat, _ in q.sent_to
        )

    async def left_group(
        self, participant_id: UUID, person_ids: list[UUID], photo_id: UUID | None
    ) -> str | None:
        group_id = next((f.group_id for f in self.faces.values() if f.photo_id == photo_id), None)
        if group_id is None:
            return None
        for person_id in person_ids:
            if participant_id not in await self.receiving(person_id, group_id):
                return self.groups.get(group_id, ("Class 1A", False))[0]
        return None

    def _answering(self, question_id: UUID) -> Answering:
        question = self.questions[question_id]
        return Answering(
            question_id,
            question.face_id,
            self.faces[question.face_id].photo_id,
            self._someone(question.person_id),
            question.pair_id,
        )

    def _someone(self, person_id: UUID) -> Someone:
        person = self.persons[person_id]
        return Someone(person_id, person.name, person.status)

    async def answering(self, suggestion_id: UUID) -> Answering | None:
        return self._answering(suggestion_id) if suggestion_id in self.questions else None

    async def pair(self, pair_id: UUID) -> list[Answering]:
        paired = [q for q, question in self.questions.items() if question.pair_id == pair_id]
        paired.sort(key=lambda q: -self.questions[q].score)
        return [self._answering(q) for q in paired]

    async def lock_questions(self, suggestion_ids: list[UUID], face_id: UUID) -> Locked:
        face = self.faces[face_id]
        return Locked(
            {
                q: (self.questions[q].status, self.questions[q].answered_by is not None)
                for q in suggestion_ids
                if q in self.questions
            },
            face.person_id,
            face.taken_down,
        )

    async def settle(
        self, suggestion_id: UUID, status: SuggestionStatus, participant_id: UUID
    ) -> None:
        question = self.questions[suggestion_id]
        question.status, question.answered_by = status, participant_id

    async def reject(self, face_id: UUID, person_id: UUID, participant_id: UUID) -> None:
        self.rejected.setdefault(face_id, set()).add(person_id)

    async def accept(
        self, face_id: UUID, person_id: UUID, participant_id: UUID, note: str
    ) -> Changed:
        face = self.faces[face_id]
        face.person_id = person_id
        self.changes.append(("assign", face_id, None, person_id))
        for question in self.questions_about(face_id):
            if question.status == SuggestionStatus.PENDING:
                question.status = SuggestionStatus.EXPIRED
        return Changed(uuid4(), self._plan(face, person_id), [person_id])

    def _plan(self, face: PostedFace, person_id: UUID) -> list[UUID]:
        """The photo planned for the person's receiving guardians who have not had it
        (``rules.planned_as``); the deliveries pending now, to queue."""
        status = planned_as(self.persons[person_id].status, taken_down=face.taken_down)
        if status is None:
            return []
        planned = []
        for guardian in self.receivers.get((person_id, face.group_id), set()):
            if (face.photo_id, guardian) not in self.deliveries:
                self.deliveries[face.photo_id, guardian] = (uuid4(), status)
            delivery, now = self.deliveries[face.photo_id, guardian]
            if now == DeliveryStatus.PENDING:
                planned.append(delivery)
        return planned

    async def delivered(self, suggestion_id: UUID, user_id: int) -> Delivered:
        photo_id = self.faces[self.questions[suggestion_id].face_id].photo_id
        for (photo, guardian), (_, status) in self.deliveries.items():
            if photo == photo_id and self.askers[guardian].telegram_user_id == user_id:
                return Delivered(status, own_post=False)
        return Delivered(None, own_post=False)

    async def copies_named(self, suggestion_id: UUID) -> list[CopyChange]:
        return []  # copies in chats are the Tortoise store's (tests/e2e/test_second_taps.py)

    async def answered(self, suggestion_id: UUID) -> Settled | None:
        question = self.questions.get(suggestion_id)
        if question is None:
            return None
        by = self.askers.get(question.answered_by) if question.answered_by else None
        return Settled(
            suggestion_id,
            question.status,
            by.telegram_user_id if by else None,
            f"guardian {by.telegram_user_id}" if by else None,
            self.persons[question.person_id].name,
            list(question.sent_to),
        )

    async def hand_over(self, suggestion_id: UUID) -> None:
        return None  # no sibling pairs' messages here

    async def asked_instead(self, suggestion_id: UUID) -> tuple[Suggested, Sent] | None:
        return None

    async def kept_days(self, chat_id: int, message_id: int) -> tuple[str, int] | None:
        return None  # no retention here

    async def face_now(self, face_id: UUID) -> FaceNow | None:
        face = self.faces.get(face_id)
        if face is None:
            return None
        person = None if face.person_id is None else self._someone(face.person_id)
        return FaceNow(face_id, face.photo_id, person, face.clip)

    async def someone(self, person_id: UUID) -> Someone | None:
        return self._someone(person_id) if person_id in self.persons else None

    async def other_persons(
        self, user_id: int, besides: UUID, photo_id: UUID | None = None
    ) -> list[Someone]:
        asker = next(a for a in self.askers.values() if a.telegram_user_id == user_id)
        return sorted(
            (
                self._someone(p)
                for p, child in self.persons.items()
                if asker.id in child.guardians and p != besides
            ),
            key=lambda someone: someone.name,
        )

    async def staying(self, photo_id: UUID, person_id: UUID, participant_id: UUID) -> list[str]:
        return [
            self.persons[f.person_id].name
            for f in self.faces.values()
            if f.photo_id == photo_id
            and f.person_id not in (None, person_id)
            and participant_id in self.persons[f.person_id].guardians
        ]

    async def others_losing(
        self, face_id: UUID, person_id: UUID, participant_id: UUID, sent_after: datetime
    ) -> int:
        return 0  # no copies in chats here

    async def album_copy(
        self, photo_id: UUID, participant_id: UUID
    ) -> tuple[int | None, int | None]:
        return None, None

    async def copy_sent(self, photo_id: UUID, participant_id: UUID) -> datetime | None:
        return None

    async def detach(
        self, face_id: UUID, person_id: UUID, participant_id: UUID, *, remember: bool
    ) -> Changed | None:
        face = self.faces[face_id]
        if face.person_id != person_id:
            return None
        face.person_id = None
        if remember:
            await self.reject(face_id, person_id, participant_id)
        self.changes.append(("unassign", face_id, person_id, None))
        return Changed(uuid4(), [], [person_id])

    async def move(
        self, face_id: UUID, from_person: UUID, to_person: UUID, participant_id: UUID
    ) -> tuple[UUID | None, Changed | None]:
        face = self.faces[face_id]
        was = face.person_id
        if was != from_person:
            return was, None
        face.person_id = to_person
        await self.reject(face_id, from_person, participant_id)
        self.changes.append(("move", face_id, from_person, to_person))
        return was, Changed(uuid4(), self._plan(face, to_person), [from_person, to_person])

    async def copies_after(
        self, photo_id: UUID | None, person_id: UUID, *, remembered: bool, besides: int
    ) -> list[CopyChange]:
        return []

    async def copies_removed(self, removed: Sent, hidden: Sent) -> None:
        return None

    async def copies_back_told(
        self, delivery_ids: list[UUID], besides: int, name: str, person_id: UUID | None = None
    ) -> list[tuple[int, str, CopyTold | None]]:
        return []


@contextlib.asynccontextmanager
async def _at_once() -> AsyncIterator[object]:
    yield None


@dataclass
class MemoryQuestionChats:
    """The ``Messenger`` requests the questions' upkeep makes: ``blanked`` keeps each
    question message blanked (chat, message, caption); those in ``refused`` are refused."""

    blanked: list[tuple[int, int, str]] = field(default_factory=list)
    refused: set[tuple[int, int]] = field(default_factory=set)
    photos: list[tuple[int, str]] = field(default_factory=list)  # (chat, caption) sent
    unreachable: set[int] = field(default_factory=set)  # chats that blocked the bot
    replaced: list[tuple[int, int, str]] = field(default_factory=list)  # texts edited

    async def send_photo(self, chat_id: int, photo: bytes, caption: str, buttons: Any = ()) -> int:
        if chat_id in self.unreachable:
            raise RecipientUnreachable(f"chat {chat_id} blocked the bot")
        self.photos.append((chat_id, caption))
        return 2000 + len(self.photos)

    downloadable: bytes | None = None  # what Telegram gives of any posted photo, if anything

    async def download(self, file_id: str) -> bytes:
        if self.downloadable is not None:
            return self.downloadable
        raise ChatUnavailable(f"{file_id} is not kept here")  # the question shows the crop

    async def blank_photo(self, chat_id: int, message_id: int, caption: str) -> bool:
        if (chat_id, message_id) in self.refused:
            return False
        self.blanked.append((chat_id, message_id, caption))
        return True

    async def replace_text(
        self, chat_id: int, message_id: int, text: str, buttons: Any = ()
    ) -> Edit:
        assert not buttons, "a closed message keeps no buttons"
        self.replaced.append((chat_id, message_id, text))
        return Edit.EDITED

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the questions' upkeep asked Telegram for {name}")


@dataclass
class MemoryExpiringQuestions:
    """``ExpiringQuestionStore`` in memory: ``kept`` says each group's title and days;
    ``questions``: the open questions' messages about a face; ``sheets``: the shown sheets
    of questions, their faces and messages; ``faces``: the faces still there (a retention
    fake's may be shared)."""

    kept: dict[UUID, tuple[str, int]] = field(default_factory=dict)
    questions: dict[UUID, list[tuple[int, int]]] = field(default_factory=dict)
    sheets: dict[UUID, tuple[list[UUID], list[tuple[int, int]]]] = field(default_factory=dict)
    faces: Collection[UUID] = field(default_factory=set)
    # The offers of earlier photos: their faces, their messages, whether each is a sheet.
    offers: dict[UUID, tuple[list[UUID], list[tuple[int, int]], bool]] = field(default_factory=dict)

    async def kept_by(self, group_id: UUID) -> tuple[str, int] | None:
        return self.kept.get(group_id)

    async def close_offers_about(
        self, group_id: UUID, face_ids: Sequence[UUID]
    ) -> list[tuple[int, int, bool]]:
        going, closed = set(face_ids), []
        for offer, (faces, sent_to, sheet) in list(self.offers.items()):
            if going & set(faces) and not (set(faces) - going) & set(self.faces):
                del self.offers[offer]  # closed once
                closed += [(chat, message, sheet) for chat, message in sent_to]
        return closed

    async def close_about(self, group_id: UUID, face_ids: Sequence[UUID]) -> Sent:
        going = set(face_ids)
        closed = [message for face in face_ids for message in self.questions.get(face, [])]
        for sheet, (faces, sent_to) in list(self.sheets.items()):
            if going & set(faces) and not (set(faces) - going) & set(self.faces):
                del self.sheets[sheet]  # closed once
                closed += sent_to
        return closed


@dataclass
class MemoryGoneGuardianQuestions:
    """``GoneGuardianQuestionStore`` in memory: ``names`` says each person's name;
    ``asked``: the open questions' messages about a person, per participant (taken once)."""

    names: dict[UUID, str] = field(default_factory=dict)
    asked: dict[tuple[UUID, UUID], list[tuple[int, int]]] = field(default_factory=dict)

    async def take_asked_in(self, chat_id: int) -> AskedOfForgotten | None:
        return None  # /forget is not asked of this store in memory

    async def take_asked_of(self, person_id: UUID, participant_id: UUID) -> AskedOfGone | None:
        if person_id not in self.names:
            return None
        return AskedOfGone(self.names[person_id], self.asked.pop((person_id, participant_id), []))
