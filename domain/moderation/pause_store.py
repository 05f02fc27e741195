"""What pausing a group asks of the database, in its words: the port its store implements
(on tortoise: ``domain/infra/stores/moderation_pause.py``; in memory, for the unit tests of
the rules it frees: ``tests/fakes/moderation_pause.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.moderation.audit import Actor


@dataclass(frozen=True, slots=True)
class WaitingPost:
    """A post of the group recorded and not recognized yet; ``clip``: a video, a round
    video or an animation."""

    photo_id: UUID
    clip: bool


class PauseStore(Protocol):
    """The database side of ``pause.Pauses``. A pause and a resume each lock the group's row
    for the whole change (as a photo's intake and a join read it), so two at once never
    both pause nor both resume."""

    async def pause(self, group_id: UUID, actor: Actor, *, undoes: UUID | None = None) -> bool:
        """The group paused now and the pause audited (``undoes``: the resume it undoes),
        in one transaction with the group's row locked; False, and nothing changed, when it
        was paused already."""

    async def resume(
        self, group_id: UUID, actor: Actor, *, undoes: UUID | None = None
    ) -> datetime | None:
        """The group resumed and the resume audited (with when it was paused; ``undoes``:
        the pause it undoes), in one transaction with the group's row locked: when it had
        been paused. None, and nothing changed, when it was not paused."""

    async def waiting_photos(self, group_id: UUID) -> list[WaitingPost]:
        """The group's photos and clips recorded and not recognized yet (pending or
        processing)."""

    async def pending_deliveries(self, group_id: UUID) -> list[UUID]:
        """The deliveries of the group's photos due and not sent yet (pending)."""
