"""What onboarding asks of the database, in its words: the port its store implements (on
tortoise: ``domain/infra/stores/onboarding.py``; in memory, for the unit tests of the rules
it frees: ``tests/fakes/onboarding.py``), and a participant as onboarding reads them."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from domain.groups.stores import GroupView
from domain.states import ConsentKind, PersonStatus, QuestionMode


@dataclass(frozen=True, slots=True)
class ParticipantView:
    """A Telegram user known to the bot, as stored when read."""

    id: UUID
    telegram_user_id: int
    first_name: str = ""
    username: str | None = None
    language_code: str | None = None  # Telegram's, kept current
    language: str | None = None  # chosen with /language (None: Telegram's)
    receive_own_photos: bool = False
    question_mode: QuestionMode = QuestionMode.EACH
    questions_every: int = 5
    is_reachable: bool = True


@dataclass(frozen=True, slots=True)
class Names:
    """What Telegram says of a user each time they write: kept current."""

    first_name: str
    username: str | None
    language_code: str | None


class Joined(StrEnum):
    """What became of a joining, decided under the group's lock."""

    BANNED = "banned"  # banned there (before, or while Telegram was asked)
    NEWLY = "newly"  # a member now, who was not
    FIRST = "first"  # newly, and in no other active group
    AGAIN = "again"  # a member already: verified again


class OnboardingStore(Protocol):
    """The participants, their memberships and consents, as joining and agreeing need."""

    async def register(self, telegram_user_id: int, names: Names) -> ParticipantView:
        """The participant for a Telegram user, created on first contact (one however many
        updates race to create it); names kept current (a language code None keeps the
        one known)."""

    async def participant(self, telegram_user_id: int) -> ParticipantView | None:
        """The participant; None: not one yet."""

    async def deleted_everything(self, telegram_user_id: int) -> bool:
        """Whether the latest consent record of this Telegram user says they deleted
        everything (/forget), and they are no participant since."""

    async def set_language(self, participant_id: UUID, language: str | None) -> None:
        """Their chosen language (None: Telegram's)."""

    async def set_own_photos(self, participant_id: UUID, on: bool) -> None:
        """Whether they get back the photos they post themselves."""

    async def set_question_mode(
        self, participant_id: UUID, mode: QuestionMode, every: int | None
    ) -> None:
        """How their questions arrive (and every how many, when ``every`` is given)."""

    async def set_reachable(
        self, telegram_user_id: int, reachable: bool, at: datetime
    ) -> ParticipantView | None:
        """They blocked (False) or unblocked (True) the bot, ``at``; unchanged when it already
        says so. The participant after; None: not one."""

    async def group_of_link(self, join_token: str) -> GroupView | None:
        """The group whose join link has this payload; None: none has."""

    async def is_banned(self, group_id: UUID, telegram_user_id: int) -> bool:
        """Whether the group's organizers stopped facedrop for this user there."""

    async def left(self, participant_id: UUID, group_id: UUID) -> bool:
        """Whether the participant was a member of the group and is no longer (they left,
        or a ban of them was lifted): a join now is a return."""

    async def not_a_member(self, participant_id: UUID, group_id: UUID, at: datetime) -> None:
        """Telegram says they are not in the group: their membership left, only while it is
        one (a conditional update: a ban stays)."""

    async def join(self, participant_id: UUID, group_id: UUID, at: datetime) -> Joined:
        """The participant a member of the group, verified ``at``, under the group's row
        lock, which a ban takes too: a ban committed before is seen (``BANNED``, and a
        banned membership is never overwritten), one after finds the membership. In the same
        transaction, in a group whose organizers approve new persons, the participant's wait
        for it there."""

    async def persons(
        self, participant_id: UUID, statuses: Collection[PersonStatus]
    ) -> list[tuple[UUID, str, PersonStatus]]:
        """Their persons (own or shared) in these statuses: id, name, status, by name."""

    async def awaiting_approval(self, participant_id: UUID, group_id: UUID) -> set[UUID]:
        """Those of their persons the group's organizers have yet to approve there (the
        person, or the participant as its guardian): not looked for there yet."""

    async def rejected_in(self, participant_id: UUID, group_id: UUID) -> set[UUID]:
        """Those of ``awaiting_approval`` whose approval there the organizers refused (the
        person, or the participant as its guardian): no decision is still to come."""

    async def groups(self, telegram_user_id: int) -> list[GroupView]:
        """The active groups they are a member of, by title."""

    async def latest_group(self, participant_id: UUID) -> GroupView | None:
        """The group of their most recently verified membership (None: they have none)."""

    async def latest_consent(self, participant_id: UUID) -> tuple[ConsentKind, str] | None:
        """Their latest consent record (kind, terms version); None: none."""

    async def add_consent(
        self, participant_id: UUID, group_id: UUID | None, terms_version: str
    ) -> None:
        """They agreed to these terms (in this group, if any): a record kept even after
        they are deleted."""
