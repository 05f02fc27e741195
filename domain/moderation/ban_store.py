"""What banning a participant asks of the database, in its words: the port its store
implements (on tortoise: ``domain/infra/stores/moderation_bans.py``; in memory, for the unit
tests of the rules it frees: ``tests/fakes/moderation_bans.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from domain.moderation.audit import Actor
from domain.states import DeliveryStatus

# Deliveries of the group not yet in the banned participant's chat: never sent now.
UNSENT = (
    DeliveryStatus.PENDING,
    DeliveryStatus.HELD,
    DeliveryStatus.PARKED,
    DeliveryStatus.WAITING,
)


@dataclass(frozen=True, slots=True)
class Known:
    """A Telegram user facedrop knows, as their last update named them."""

    user_id: int
    first_name: str
    username: str | None


class BanStore(Protocol):
    """The database side of ``bans.Bans``. A ban is kept by Telegram user id (it outlives
    the banned user's ``/forget``); a ban and a join through the link each lock the group's
    row, so a join either commits before a ban (and its membership is banned by it) or
    sees the ban."""

    async def known(self, user_id: int) -> Known | None:
        """The participant with this Telegram user id; None: facedrop does not know them."""

    async def by_username(self, username: str) -> Known | None:
        """The participant who used this username (any case) last: our copy of a username
        may be stale and two participants may share it; the one whose row changed last."""

    async def is_banned(self, group_id: UUID, user_id: int) -> bool:
        """Whether this Telegram user is banned from the group (inside a transaction that
        locked the group: as of that lock)."""

    async def was_member(self, group_id: UUID, user_id: int) -> bool:
        """Whether this Telegram user's participant has a membership of the group, now or
        before (any status)."""

    async def ban(self, group_id: UUID, user_id: int, actor: Actor, name: str) -> int | None:
        """Ban the user from the group, in one transaction with the group's row locked:
        their membership is ``banned``, their deliveries of its photos still ``UNSENT`` are
        cancelled, and the ban is audited (``name``: whom, as organizers know them). How
        many deliveries were cancelled; None, and nothing changed, when banned already."""

    async def unban(
        self, group_id: UUID, user_id: int, actor: Actor, name: str, *, undoes: UUID | None
    ) -> bool:
        """Lift the ban, in one transaction: a ``banned`` membership becomes ``left`` (not
        restored) and the unban is audited (``undoes``: the ban, when /audit undoes it).
        False, and nothing changed, when they were not banned."""

    async def open_questions(self, group_id: UUID) -> list[tuple[int, int]]:
        """The messages still asking about the group's photos ("Is this Ben?", a sheet of
        questions or of earlier photos, pending): (chat id, message id), in any chat."""

    async def release_questions(self, group_id: UUID, user_id: int) -> None:
        """The questions about the group's photos asked in this user's chat are no longer
        theirs to answer (a ban, or their leaving, closed them): their messages leave the
        questions, which wait for whoever else was asked, and are asked again once the user
        is back in the group (``Onboarding.join``); an offer of earlier photos nobody else
        holds is forgotten, its faces offered again then. Their sheets of questions shown
        there close, so that what they still ask waits for the return too, as their
        /settings say (walk34 9: a sheet's face asked one by one came again at once)."""
