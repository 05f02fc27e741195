"""The corrections' stores (``domain.corrections.stores``) in memory: plain dicts a test
fills and reads, with the same answers the tortoise store gives."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from domain.corrections.stores import Asked, Sent, Unasked
from domain.states import SuggestionStatus


@dataclass
class Question:
    """A question ("Is this Alice?") about a face, as its ``Suggestion`` row holds it."""

    face_id: UUID
    person_id: UUID
    status: SuggestionStatus = SuggestionStatus.PENDING
    notified_at: datetime | None = None
    sent_to: Sent = field(default_factory=list)
    withdrawn_at: datetime | None = None
    pair_id: UUID | None = None
    score: float = 0.5


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


@dataclass
class MemoryQuestionChats:
    """The ``Messenger`` requests the questions' upkeep makes: ``blanked`` keeps each
    question message blanked (chat, message, caption); those in ``refused`` are refused."""

    blanked: list[tuple[int, int, str]] = field(default_factory=list)
    refused: set[tuple[int, int]] = field(default_factory=set)

    async def blank_photo(self, chat_id: int, message_id: int, caption: str) -> bool:
        if (chat_id, message_id) in self.refused:
            return False
        self.blanked.append((chat_id, message_id, caption))
        return True

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the questions' upkeep asked Telegram for {name}")
