"""What the corrections' services ask of the database, in their words: the ports their
stores implement (on tortoise: ``domain/infra/stores/corrections.py``; in memory, for the
unit tests of the rules they free: ``tests/fakes/corrections.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from uuid import UUID

Sent = list[tuple[int, int]]  # the messages a question went as: (chat id, message id)


@dataclass(frozen=True, slots=True)
class Asked:
    """An open question ("Is this Alice?") as its expiry reads it: about which face, and
    where it was sent."""

    id: UUID
    face_id: UUID
    sent_to: Sent


class CropStore(Protocol):
    """The database side of ``crops.drop_crop``: a question's face crop."""

    async def crop_to_drop(self, face_id: UUID) -> str | None:
        """The crop of the face (of a group's photo) when nothing needs it any more: no
        question about the face open, none about to be asked (the next family's). None:
        it stays, or there is none."""

    async def crop_dropped(self, face_id: UUID, crop_key: str) -> None:
        """The face no longer has this crop (a newer one it was given meanwhile stays)."""


class ExpiryStore(CropStore, Protocol):
    """The database side of ``expiry.QuestionExpiry``."""

    async def unanswered(self, asked_before: datetime, limit: int) -> list[Asked]:
        """The open questions asked before ``asked_before``, oldest first, ``limit`` at most."""

    async def expire(self, suggestion_id: UUID, at: datetime) -> bool:
        """The question, if still open, expired and withdrawn at ``at``, in one conditional
        statement: an answer that came first wins. Whether it expired now."""


class NextFamilyAsks(Protocol):
    """What ``next_family.ask`` reads and writes, inside the transaction of the "no"."""

    async def question_count(self, face_id: UUID) -> int:
        """How many questions the face brought, answered or not."""

    async def any_open(self, face_id: UUID) -> bool:
        """Whether a question about the face is still open."""

    async def ask_next_family(self, face_id: UUID) -> None:
        """Record the request to ask the next family about the face (an outbox row, in the
        caller's transaction: written with the "no", or not at all)."""


@dataclass(frozen=True, slots=True)
class Unasked:
    """A face the next family may be asked about: nobody's, of a photo still shown in a
    group still active; where and when it was posted, and the group's strictness."""

    group_id: UUID
    posted_on: date
    strictness: int


class NextFamilyStore(NextFamilyAsks, CropStore, Protocol):
    """The database side of ``next_family.NextFamily``."""

    async def asked(self, face_id: UUID) -> list[UUID]:
        """The open requests to ask the next family about the face, oldest first."""

    async def mark_done(self, asks: list[UUID]) -> None:
        """These requests are done (again is harmless)."""

    async def unasked(self, face_id: UUID) -> Unasked | None:
        """The face (of a group's photo) while the next family may be asked about it;
        None: it is somebody's, its photo was taken down, its group is gone, or no face."""

    async def left_out(self, face_id: UUID) -> set[UUID]:
        """The persons never asked about the face: asked already, rejected for it, or
        holding another face of its photo."""

    async def matchable(self, group_id: UUID, posted_on: date) -> list[UUID]:
        """The persons who may be recognized in the group in a photo of that day."""

    async def suggest(self, face_id: UUID, person_id: UUID, score: float) -> UUID | None:
        """A new question about the face for the person, under the face's lock, while the
        face is nobody's (a guardian may have moved it meanwhile) and the person was never
        asked about it; its id, or None."""


class CorrectionStore(NextFamilyAsks, CropStore, Protocol):
    """The database side of ``service.Corrections``."""
