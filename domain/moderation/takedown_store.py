"""What a takedown asks of the database, in its words: the port its store implements (on
tortoise: ``domain/infra/stores/moderation_takedown.py``; in memory, for the unit tests of
the rules it frees: ``tests/fakes/moderation_takedown.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.languages.dates import DEFAULT_ZONE
from domain.moderation.audit import Actor
from domain.states import OfferStatus

# A takedown's audit detail: when the photo was posted (ISO 8601), said in the reader's time
# zone and language when /audit is read, as every time there.
POSTED_AT = "posted_at"
# And what was taken down (``MediaKind``): /audit says "the clip" of a clip. Events recorded
# before it was kept say "the photo".
MEDIA_KIND = "media_kind"
# And, once its job reported, what it could not delete: {"post": the post in the group
# stayed, "copies": so many copies and questions in guardians' chats were too old to
# delete}. /audit says it rather than "deleted" (findings18 8); events recorded before it
# was kept, or whose job has not reported yet, have none.
LEFT = "left"


@dataclass(frozen=True, slots=True)
class PhotoGroup:
    """The group a photo was posted in, and where its organizers read."""

    id: UUID
    chat_id: int
    title: str
    admin_chat_id: int | None
    is_active: bool
    # Its time zone (/timezone): what its admin chat is told about it is written in it,
    # also where that chat serves groups of other zones.
    zone: str = DEFAULT_ZONE


@dataclass(frozen=True, slots=True)
class GroupPhoto:
    """A photo as it was posted in its group, and whether it is taken down."""

    id: UUID
    group: PhotoGroup
    message_id: int  # negated: posted before the group became a supergroup
    posted_at: datetime
    taken_down: bool
    clip: bool = False  # a video, a round video or an animation: said "clip" to organizers


@dataclass(frozen=True, slots=True)
class TakenDown:
    """What confirming a takedown found: taken down before (nothing changed), or taken down
    now with ``copies`` other posts of the same picture."""

    already: bool
    copies: int = 0


@dataclass(frozen=True, slots=True)
class Asked:
    """An open request to take a photo down, and who asked (forgotten once done)."""

    id: UUID
    by: int | None
    # The message (chat id, message id) that says it is under way: it says done once done.
    said: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class PhotoFace:
    id: UUID
    crop_key: str | None
    person_id: UUID | None = None  # whose it is


@dataclass(frozen=True, slots=True)
class Offer:
    """Faces shown to someone: an organizer's sheet or a text offer of earlier photos
    (``guardian`` None), or a guardian's batch of questions (``guardian`` set)."""

    id: UUID
    person_id: UUID
    guardian: UUID | None
    face_ids: tuple[str, ...]
    sheet: bool
    status: OfferStatus
    sent_to: tuple[tuple[int, int], ...] = ()
    scores: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SentQuestion:
    """A question about one of the photo's faces, as sent to a guardian's chat (it shows
    the photo), and when it was sent."""

    chat_id: int
    message_id: int
    sent_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Copy:
    """A copy of the photo sent to a guardian's chat."""

    delivery_id: UUID
    guardian: UUID
    chat_id: int
    message_id: int | None
    album_id: UUID | None
    names_message_id: int | None = None  # a round video's names, in a reply to it
    # the blank an earlier copy left (hidden past 48 hours by a correction whose undo sent
    # the photo again as ``message_id``): it says the takedown too
    blank_message_id: int | None = None


class TakedownStore(Protocol):
    """The database side of ``takedown.TakedownRequests`` and ``takedown.TakedownDeletion``."""

    async def photo(self, photo_id: UUID) -> GroupPhoto | None:
        """The photo and its group; None: no such photo."""

    async def photo_at(self, group_id: UUID, message_id: int) -> GroupPhoto | None:
        """The group's photo posted as this message."""

    async def in_an_album(self, photo_id: UUID) -> bool:
        """Whether the photo came in an album whose other photos are still up."""

    async def taken_down_by(self, photo: GroupPhoto) -> str:
        """The name the audit keeps of whoever took the photo down ("": none kept)."""

    async def take_down(
        self,
        photo_id: UUID,
        actor: Actor,
        said: tuple[int, int] | None = None,
    ) -> TakenDown | None:
        """All at once, with the photo locked (two presses take it down once): the photo and
        the other posts of the same picture in its group (by file) removed, their captions
        dropped, their unsent deliveries taken down, one takedown request recorded (``said``:
        the message that will say it is under way) and the audit event (its details say when
        the photo was posted, ``POSTED_AT``, and what it is, ``MEDIA_KIND``). None: no such
        photo."""

    async def asked(self, photo_id: UUID) -> list[Asked]:
        """The open takedown requests about the photo, oldest first."""

    async def close(self, asked: list[UUID]) -> None:
        """These requests are done (again is harmless); who asked is no longer kept."""

    async def taken_together(self, photo_id: UUID) -> list[GroupPhoto]:
        """The taken-down photo, then the other posts of the same picture taken down in the
        same moment, oldest first; [] when it is gone or not taken down."""

    async def sending(self, photo_id: UUID) -> bool:
        """Whether a copy of the photo is being sent now."""

    async def stop_unsent(self, photo_ids: list[UUID]) -> None:
        """Their deliveries not sent yet are taken down (never sent)."""

    async def faces(self, photo_id: UUID) -> list[PhotoFace]:
        """The photo's faces."""

    async def questions_sent(self, face_ids: list[UUID]) -> list[SentQuestion]:
        """The questions asked about these faces, each message once."""

    async def offers(self, group_id: UUID) -> list[Offer]:
        """The group's offers of earlier photos and guardians' batches of questions."""

    async def drop_offer(self, offer_id: UUID) -> None: ...

    async def wait_again(self, offer_id: UUID, face_ids: list[str]) -> None:
        """The batch keeps only these faces (and their scores), and waits for its next
        sheet (unsent)."""

    async def crops_kept(self, face_ids: list[str]) -> list[PhotoFace]:
        """Of these faces, those whose crop is kept and that no open question shows."""

    async def drop_crop(self, face_id: UUID) -> None:
        """The face's crop is forgotten (its blob is deleted by the caller)."""

    async def forget_faces(self, face_ids: list[UUID]) -> list[UUID]:
        """All at once: the faces go, with their questions, rejections, prototypes and sync
        requests; the persons that lost a prototype are asked to choose again (returned, to
        queue once done)."""

    async def sent_copies(self, photo_id: UUID) -> list[Copy]:
        """The photo's copies sent to guardians' chats."""

    async def copy_taken_down(self, delivery_id: UUID, note: str, *, stands: bool = False) -> None:
        """The copy, while it is still recorded as sent, is taken down with ``note``;
        ``stands``: too old to delete, its message stays (blanked), holding its place in
        its album."""

    async def noted(self, photo_ids: list[UUID], note: str) -> list[datetime]:
        """When each copy of the photos taken down with ``note`` was sent (or planned)."""

    async def forgotten_copies(self, photo_ids: list[UUID]) -> int:
        """How many copies of these photos went to guardians who have since used /forget:
        still in their chats, no longer recorded where."""

    async def forgotten_copies_of(self, photo_id: UUID) -> int:
        """Before a takedown: ``forgotten_copies`` of the photo and of the other posts of the
        same picture still up in its group (which the takedown takes down with it)."""

    async def record_left(
        self, photo_id: UUID, *, post: bool, copies: int, unreachable: int = 0
    ) -> None:
        """The photo's takedown audit event keeps what the job could not delete (``LEFT``):
        whether the post in the group stayed, how many copies (or questions) did, and how
        many it could not reach (``unreachable``: sent to guardians forgotten since)."""
