"""What an organizers' approval asks of the database, in its words: the port its store
implements (on tortoise: ``domain/infra/stores/moderation_approvals.py``; in memory, for
the unit tests of the rules it frees: ``tests/fakes/moderation_approvals.py``)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from domain.moderation.audit import Actor
from domain.moderation.takedown_store import PhotoGroup
from domain.states import ApprovalKind, ApprovalStatus

# A message posted about an approval in an admin chat, as recorded with it: its "chat",
# its "message", and whether it shows the person's "face" (older records may say "photo"
# or "blank" instead).
Card = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Asker:
    """The guardian who asked (None once they used /forget): how they are named on a card,
    where they are told, and in which language."""

    id: UUID
    telegram_user_id: int
    first_name: str
    username: str | None
    language: str | None
    language_code: str | None


@dataclass(frozen=True, slots=True)
class ClaimTold:
    """The message that told a claimer their claim was approved ("Tom is yours now…"), and
    what it counted (``texts.claimed``'s numbers, and the groups whose organizers were
    still to approve), to say it again with the child's name as it stands now."""

    chat_id: int
    message_id: int
    photos: int = 0
    waiting: tuple[str, ...] = ()
    one_by_one: int = 0
    already: int = 0
    own: int = 0
    clips: int = 0
    already_clips: int = 0
    own_clips: int = 0


@dataclass(frozen=True, slots=True)
class ApprovalCase:
    """An approval as its organizers decide it: what is asked, about whom, by whom, and
    the decision (``reason``: a rejection's code, "" otherwise)."""

    id: UUID
    kind: ApprovalKind
    status: ApprovalStatus
    group: PhotoGroup  # the group it is asked in, and its admin chat
    person_id: UUID
    person_name: str
    cover_face_id: UUID | None
    asker: Asker | None
    reason: str = ""
    cards: Sequence[Card] = field(default_factory=tuple)
    # The person it was merged into since it was asked, named as it is now (the end of the
    # merge chain); "" while it is not merged. Its cards and record say so.
    merged_into: str = ""
    # A claim whose parent said "it's my Itai": Itai's name now ("" for a claim of the
    # named child itself, or when Itai is gone). Its card and record say Itai.
    claimed_into: str = ""
    # A claim whose parent said "it's my Itai", Itai deleted since (or being deleted): there
    # is nothing left to approve; its card says so and offers only Reject.
    claimed_into_gone: bool = False
    # The message that told the asker it waits, (chat, message); None: none was sent.
    waiting_told: tuple[int, int] | None = None
    # The messages that said it waits inside another line (chat, message, which line:
    # ``texts.SAID_INSIDE``), "Alice is ready… In Class 1A, the organizers approve new
    # persons first", redrawn with ``waiting_told`` until the decision (walkhe2 1, 9).
    waiting_inside: tuple[tuple[int, int, str], ...] = ()
    # The message that told the asker it was rejected, (chat, message); None: none.
    rejected_told: tuple[int, int] | None = None
    # The message that told the asker it was approved, "from now on" (chat, message), and
    # whether it says since that a merge made the child wait again; None: none to redraw.
    approved_told: tuple[int, int, bool] | None = None
    # The messages that told the person's other guardians it was approved, "from now on",
    # when /audit undid its rejection (chat, message, whether it says since that the child
    # waits again), redrawn as ``approved_told`` is.
    approved_told_others: tuple[tuple[int, int, bool], ...] = ()
    # The person it was merged into since it was asked (the merge chain's end); None: not.
    merged_into_id: UUID | None = None
    # An approved claim's message to the claimer, and what it counted; None: none sent.
    claim_told: ClaimTold | None = None
    # The message that told the asker the photos come now, approval turned off while it
    # waited, (chat, message); None: none to take back.
    approval_off_told: tuple[int, int] | None = None

    @property
    def approved(self) -> bool:
        return self.status == ApprovalStatus.APPROVED


@dataclass(frozen=True, slots=True)
class Decision:
    """A decision as it is recorded, with its audit event (whose subject and details name
    no one)."""

    status: ApprovalStatus
    reason: str
    actor: Actor
    subject: str
    details: dict[str, Any]


class ApprovalStore(Protocol):
    """The database side of ``approvals.Approvals``."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        """What happens inside happens at once, or not at all."""

    async def approval(self, approval_id: UUID) -> ApprovalCase | None:
        """The approval as it is now; None: no such approval (its person was deleted)."""

    async def lock(self, approval_id: UUID) -> ApprovalCase | None:
        """The approval, locked until the transaction ends (call inside one): a second
        decision on it waits for the first, and then reads it decided."""

    async def record_decision(self, case: ApprovalCase, decision: Decision) -> None:
        """The decision on the approval, and its audit event in the group, at once (inside
        the caller's transaction, the approval locked)."""

    async def decider(self, case: ApprovalCase) -> str:
        """Who decided the approval, as its audit event names them ("" when no event says:
        an anonymous admin, or an event gone)."""

    async def change_cards(
        self, approval_id: UUID, change: Callable[[list[Card]], list[Card]]
    ) -> list[Card]:
        """The approval's recorded messages become ``change(recorded)``, with the approval
        locked (two changes at once both hold); the messages recorded before the change
        are returned (none: no such approval)."""

    async def named_with(self, person_ids: Collection[UUID]) -> list[UUID]:
        """These persons and those merged into them (at any depth): the persons whose
        approvals name them (a merged person's card names the one it went into)."""

    async def of_merge(self, event_id: UUID) -> list[UUID]:
        """The two persons of a merge or its undo (its assignment event), whatever their
        status now; none: no such merge."""

    async def told_waiting(self, approval_id: UUID, told: tuple[int, int] | None) -> None:
        """The message that told the asker the approval waits (chat, message), to redraw at
        its decision; None: nothing left to redraw."""

    async def told_inside(self, approval_id: UUID, told: Sequence[tuple[int, int, str]]) -> None:
        """The messages that said the approval waits inside another line (``waiting_inside``),
        all of them (none: nothing left to redraw)."""

    async def told_approved(self, approval_id: UUID, told: tuple[int, int, bool] | None) -> None:
        """The message that told the asker of the approval (chat, message, whether it says
        the child waits again since a merge); None: nothing left to redraw."""

    async def told_approved_others(
        self, approval_id: UUID, told: Sequence[tuple[int, int, bool]]
    ) -> None:
        """The messages that told the person's other guardians of the approval (chat,
        message, whether each says the child waits again since a merge), all of them."""

    async def told_rejected(self, approval_id: UUID, told: tuple[int, int] | None) -> None:
        """The message that told the asker the approval was rejected (chat, message), to
        redraw when /audit undoes the rejection; None: nothing left to redraw."""

    async def told_approval_off(self, approval_id: UUID, told: tuple[int, int] | None) -> None:
        """The message that told the asker the photos come now, approval turned off while
        it waited (chat, message), to take back if it is turned on again; None: nothing
        left to take back."""

    async def claims_into(self, person_ids: Collection[UUID]) -> list[ApprovalCase]:
        """The pending approvals of claims whose parent said the faces are one of these
        persons ("it's my Itai")."""

    async def told_claimed(self, approval_id: UUID, told: ClaimTold) -> None:
        """The message that told the claimer their claim was approved, to say again when
        the child is renamed or merged."""

    async def cover_key(self, face_id: UUID) -> str | None:
        """Where the crop of the person's cover face is kept, while it is."""

    async def pending(self, group_id: UUID) -> list[UUID]:
        """The group's approvals waiting for its organizers, oldest first (a claim always;
        the others only while the group requires approval)."""

    async def pending_asked_by(self, user_id: int, since: datetime) -> list[UUID]:
        """The pending approvals this Telegram user asked for since then, oldest first."""

    async def of_group(self, group_id: UUID) -> list[UUID]:
        """Every approval of the group."""

    async def of_person(self, person_id: UUID) -> list[ApprovalCase]:
        """Every approval about the person."""

    async def decided_by(self, user_id: int) -> list[UUID]:
        """The approvals (and claims) the organizer of this Telegram id decided."""

    async def still_guardian(self, person_id: UUID, participant_id: UUID) -> bool:
        """Whether the participant is still a guardian of the person."""

    async def person_blocked_in(self, group_id: UUID, person_id: UUID) -> bool:
        """Whether the person itself is not approved in the group (its approval there
        pending or rejected): none of its guardians gets its photos from there."""

    async def forget(self, approval_ids: Collection[UUID]) -> None:
        """These approvals are gone (they decide nothing any more)."""

    async def banned(self, group_id: UUID, user_id: int) -> bool:
        """Whether the Telegram user is banned from the group."""

    async def in_another_group(self, participant_id: UUID, group_id: UUID) -> bool:
        """Whether the participant is a member of an active group besides this one."""

    async def guardian_blocked_in(
        self, group_id: UUID, person_id: UUID, participant_id: UUID
    ) -> bool:
        """Whether the participant, as the person's guardian, waits for the group's
        organizers' approval there (or was rejected): gets nothing of it from there."""

    async def in_group(self, participant_id: UUID, group_id: UUID) -> bool:
        """Whether the participant is a member of the group now (not left, nor unbanned
        and not back through its link yet): its photos reach them."""

    async def other_guardians(
        self, person_id: UUID, besides: UUID, group_id: UUID
    ) -> list[tuple[Asker, bool]]:
        """The person's guardians but ``besides`` whom the bot can write to, each with
        whether they are a member of the group (a group is named only to its members)."""

    async def group(self, group_id: UUID) -> PhotoGroup | None:
        """The group; None: no such group."""
