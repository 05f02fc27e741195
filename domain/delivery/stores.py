"""What delivery's services ask of the database, in their words: the port its store
implements (on tortoise: ``domain/infra/stores/delivery.py``; in memory, for the unit tests
of the rules it frees: ``tests/fakes/delivery.py``)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from domain.delivery.decision import Facts
from domain.delivery.posted_albums import PostedAlbum
from domain.groups.memberships import Member
from domain.states import DeliveryMode, DeliveryStatus, MediaKind, PersonStatus

ALBUM_REFUSED = "album refused"  # the error of a photo Telegram refused in an album: it goes alone

Names = dict[UUID, list[tuple[UUID, str]]]  # photo id -> (face id, person name) for its guardian


@dataclass(frozen=True, slots=True)
class Held:
    """A delivery held while its person was paused: whether it is of a clip, and the title
    of the group it was posted in."""

    delivery_id: UUID
    clip: bool
    group: str


@dataclass(frozen=True, slots=True)
class HeldMedia:
    """What was held while a person or a group was paused (or taken when it resumed), as
    the reader is told: photos and clips apart ("2 photos and 1 clip")."""

    photos: int
    clips: int
    groups: tuple[str, ...] = ()  # where they were posted, when the reader is told

    @property
    def count(self) -> int:
        return self.photos + self.clips

    @classmethod
    def of(cls, clips: Collection[bool], groups: Collection[str] = ()) -> HeldMedia:
        """Of posts each a clip or not (from these groups, each named once)."""
        clip_count = len([clip for clip in clips if clip])
        return cls(
            photos=len(clips) - clip_count, clips=clip_count, groups=tuple(dict.fromkeys(groups))
        )


NOTHING_HELD = HeldMedia(photos=0, clips=0)

# The error of the deliveries a ban cancelled (held ones included: never sent now).
CANCELLED_BY_BAN = "banned from the group by an organizer"


def held_subject(said: tuple[int, int]) -> str:
    """The ``HELD_SENT`` request's subject (and its job's argument): the message that says
    "Sending 2 photos." (chat id, message id), as "<chat id>:<message id>"."""
    chat_id, message_id = said
    return f"{chat_id}:{message_id}"


def held_message(subject: str) -> tuple[int, int]:
    """The message a ``held_subject`` names."""
    chat_id, message_id = subject.split(":")
    return int(chat_id), int(message_id)


@dataclass(frozen=True, slots=True)
class Guardian:
    """The participant a delivery goes to: whom to ask about, where, in which language."""

    id: UUID
    telegram_user_id: int
    language: str | None  # chosen with /language
    language_code: str | None  # Telegram's


@dataclass(frozen=True, slots=True)
class Posted:
    """The group's photo a delivery sends a copy of."""

    id: UUID
    group_id: UUID
    group_chat_id: int
    group_title: str
    message_id: int  # negated: posted before the group became a supergroup
    file_id: str
    media_kind: MediaKind
    caption: str | None
    caption_entities: Sequence[dict[str, Any]] | None
    posted_at: datetime


@dataclass(frozen=True, slots=True)
class Due:
    """A delivery as ``Deliveries.send`` first reads it: what, to whom, and the facts its
    decision needs (``member``: as recorded; Telegram may be asked on top)."""

    id: UUID
    photo: Posted
    guardian: Guardian
    facts: Facts


@dataclass(frozen=True, slots=True)
class Planned:
    """A delivery planned for a guardian, with its photo: what an album is made of."""

    id: UUID
    photo: Posted
    planned_at: datetime
    taken_down: bool = False


@dataclass(frozen=True, slots=True)
class Batch:
    """A guardian's photos waiting in a group for its album or digest, oldest first, and
    what decides whether they go."""

    guardian: Guardian
    reachable: bool
    mode: DeliveryMode
    group_active: bool
    group_paused: bool
    waiting: list[Planned]


@dataclass(frozen=True, slots=True)
class SentAlbum:
    """An album whose "Not Alice?" message is still owed: to whom, replying to what."""

    guardian: Guardian
    group_id: UUID
    group_title: str
    message_id: int | None  # its first photo's
    sent_at: datetime


@dataclass(frozen=True, slots=True)
class AlbumCopy:
    """One of an album's copies still in the chat: its photo, and whether it is a clip
    (the album's note names it "clip"); ``hidden``: a correction took it past 48 hours, so
    it was blanked where it stands (it keeps its place, nothing of it is to correct)."""

    photo_id: UUID
    clip: bool = False
    hidden: bool = False


@dataclass(frozen=True, slots=True)
class SentNote:
    """An album's "Not Alice? (photo n)" message sent, still in its guardian's chat."""

    album_id: UUID  # its first delivery's id
    guardian: Guardian
    group_title: str
    message_id: int


@dataclass(frozen=True, slots=True)
class SentCopy:
    """One delivered copy in a participant's chat (an album's photo: ``album``)."""

    photo_id: UUID
    participant_id: UUID
    chat_id: int
    message_id: int
    album: bool = False
    album_id: UUID | None = None  # the album it was sent in (its "Not Alice?" message)
    names_message_id: int | None = None  # a round video's names, beside it (no caption)


@dataclass(frozen=True, slots=True)
class OwedCopy:
    """A copy owed an edit (``CopyStore.owe``); ``version``: the change it was last owed
    for, which its showing must still be the answer to (``CopyStore.shown``)."""

    copy: SentCopy
    version: UUID


@dataclass(frozen=True, slots=True)
class CopyNow:
    """What a delivered copy is to say now: its receiver (for the language), its group and
    caption, and the receiver's persons in it (face id, name), by name; a clip's: when each
    of those faces is first on screen (by face id)."""

    guardian: Guardian
    group_title: str
    caption: str | None
    caption_entities: Sequence[dict[str, Any]] | None
    named: list[tuple[UUID, str]]
    on_screen: Mapping[UUID, float] = field(default_factory=dict)


class AlbumStore(Protocol):
    """The database side of ``albums.Albums``."""

    async def planned(self, delivery_ids: list[UUID]) -> list[Planned]:
        """These deliveries, those that still exist, oldest photo first."""

    async def names(self, guardian_id: UUID, photo_ids: list[UUID]) -> Names:
        """For each photo, its faces of the guardian's active persons, with their names."""

    async def reserve_all(
        self, delivery_ids: list[UUID], origin: DeliveryStatus, guardian_id: UUID, group_id: UUID
    ) -> set[UUID]:
        """Reserve each (``origin`` -> sending) on the reservation's conditions, at once; the ids
        reserved."""

    async def on_screen(self, face_ids: Collection[UUID]) -> dict[UUID, float]:
        """When each of these faces of a clip is first on screen, in seconds of the clip
        (a photo's faces: none)."""

    async def group_paused(self, group_id: UUID) -> bool:
        """Whether the organizers paused the group."""

    async def release_all(
        self, delivery_ids: list[UUID], status: DeliveryStatus, refused: str | None
    ) -> None:
        """Those still being sent -> ``status``, unsent (``refused``: their error)."""

    async def finish_all(
        self, delivery_ids: list[UUID], status: DeliveryStatus, reason: str
    ) -> int:
        """Those still waiting or being sent -> ``status`` with ``reason``; how many."""

    async def to_single(self, delivery_ids: list[UUID]) -> None:
        """Those waiting for an album -> pending: they go the single way."""

    async def unreachable(self, guardian_id: UUID, since: datetime) -> None:
        """The guardian blocked the bot."""

    async def album_sent(self, sent: list[tuple[UUID, int]], at: datetime) -> UUID:
        """Each delivery sent as its message (delivery id, message id), all or none: one
        album, whose id is the first's, which owes its "Not Alice?" message; the first
        whose id no older album still goes by (a copy sent again after an Undo may be the
        first of the album it was in, whose note and blanks keep that id). Its id."""

    async def album_due(self, album_id: UUID) -> SentAlbum | None:
        """The album, while its "Not Alice?" message is owed."""

    async def any_ready(self, guardian_id: UUID, group_id: UUID) -> bool:
        """Whether some of the guardian's photos from the group are ready to go in an album
        (pending photos, not refused in an album, not taken down, the group not paused)."""

    async def album_photos(self, album_id: UUID) -> list[AlbumCopy]:
        """The photos of the album's copies still in the chat (sent, not taken down, not
        deleted by a correction), in its order."""

    async def album_taken_down(self, album_id: UUID) -> tuple[int, int]:
        """How many of the album's copies a takedown took while they were in the chat:
        (photos, clips)."""

    async def corrections_offered(self, album_id: UUID, message_id: int | None) -> None:
        """The album's "Not Alice?" message is no longer owed; ``message_id``: where it
        went (None: not sent), so that a later change keeps it true."""

    async def albums_of(self, photo_ids: Collection[UUID]) -> list[UUID]:
        """The albums (their first delivery's id) any copy of these photos was sent in."""

    async def notes_sent(self, album_ids: Collection[UUID]) -> list[SentNote]:
        """Those of these albums whose "Not Alice?" message was sent."""

    async def notes_in_chat_of(self, guardian_id: UUID) -> list[tuple[int, int]]:
        """The albums' "Not Alice?" messages sent to the guardian ((chat, message))."""


class BatchStore(Protocol):
    """The database side of ``batches.Batches``."""

    async def waiting_pairs(self, group_id: UUID | None = None) -> list[tuple[UUID, UUID]]:
        """(guardian, group) of every photo waiting for an album or a digest (in this
        group only, given one)."""

    async def batch(self, guardian_id: UUID, group_id: UUID) -> Batch | None:
        """The guardian's photos waiting in the group; None: none is."""


class CopyStore(Protocol):
    """The database side of ``copies.Copies``: the copies delivered, as they are now."""

    async def copies_in_chats(
        self,
        *,
        person_ids: Collection[UUID] = (),
        participant_id: UUID | None = None,
        photo_ids: Collection[UUID] = (),
    ) -> list[SentCopy]:
        """The copies sent and still in their chats: of photos the persons' faces are in,
        of the participant, of these photos (each filter given narrows)."""

    async def copy_now(self, copy: SentCopy) -> CopyNow | None:
        """What the copy is to say now; its ``named``: the receiver's persons in it, active
        or paused. None: the receiver forgotten, or the photo gone or taken down."""

    async def photos_moved(self, event_id: UUID) -> set[UUID]:
        """The photos whose faces the assignment event moved (none: no such event)."""

    async def owe(self, copies: Sequence[SentCopy]) -> list[OwedCopy]:
        """These copies no longer say what is true: each recorded as owed an edit until it
        is ``shown``, so that work lost with Redis or a killed worker is queued again (the
        reconcile cron). A copy owed already is owed afresh (a new version): the newest
        change is the one its edit must follow."""

    async def owed_in(self, chat_id: int) -> list[OwedCopy]:
        """The copies owed an edit in this chat, oldest first."""

    async def shown(self, owed: OwedCopy) -> bool:
        """The copy was shown as it is now: no longer owed, unless a change owed it afresh
        meanwhile (its version is no longer ``owed.version``: False, still owed)."""


class Members(Protocol):
    """Who says whether a guardian is still in a group (``domain.groups.memberships``:
    as recorded, and Telegram when facedrop cannot know)."""

    async def still_member(self, participant: Member, group_id: UUID) -> bool: ...


class DeliveryStore(AlbumStore, BatchStore, CopyStore, Protocol):
    """The database side of ``service.Deliveries`` (and of the albums, batches and copies
    beside it)."""

    async def due(self, delivery_id: UUID) -> Due | None:
        """The delivery, its photo, its guardian and its facts; None: no such delivery."""

    async def facts(self, delivery_id: UUID) -> Facts | None:
        """The delivery's facts as they stand now; None: it is gone."""

    async def is_pending(self, delivery_id: UUID) -> bool:
        """Whether the delivery is still pending."""

    async def burst(self, due: Due, room: int) -> list[UUID]:
        """The guardian's other pending deliveries from the group that may go in one album
        with this one (at most ``room``), when this one may go in an album too."""

    async def posted_album(self, due: Due) -> PostedAlbum | None:
        """Where its photo stands in the album it was posted in (a media group): when it was
        recorded and recognized, and how many of the album's other photos and videos are
        still to be read. None: posted alone, or what an album cannot take (a file, an
        animation, a round video)."""

    async def reserve(self, due: Due) -> bool:
        """Reserve it for the request that sends it (pending -> sending) on the reservation's own
        conditions (see the adapter's ``reserve``): from then on it is never sent twice."""

    async def named(self, due: Due) -> list[tuple[UUID, str]]:
        """The photo's faces of the guardian's active persons: (face id, person name)."""

    async def finish(self, delivery_id: UUID, status: DeliveryStatus, reason: str) -> None:
        """Settled unsent: ``status``, with ``reason`` as its error."""

    async def hold(self, delivery_id: UUID) -> None:
        """Pending -> held (its person paused): offered when the person resumes."""

    async def release(self, delivery_id: UUID, reason: str) -> None:
        """Sending -> pending again: Telegram refused the request, for ``reason``."""

    async def sent(self, delivery_id: UUID, message_id: int, at: datetime) -> None:
        """Sent as ``message_id`` in the guardian's chat."""

    async def names_sent(self, delivery_id: UUID, message_id: int) -> None:
        """A round video's names went beside its copy as ``message_id`` (kept true since)."""

    async def unpark(self, guardian_id: UUID) -> list[UUID]:
        """The guardian's parked deliveries, pending again."""

    async def guardians(self, person_id: UUID) -> list[Guardian]:
        """The person's guardians."""

    async def guardian(self, person_id: UUID, user_id: int) -> Guardian | None:
        """The person's guardian of this Telegram user id, if they are one."""

    async def person(self, person_id: UUID) -> tuple[str, PersonStatus] | None:
        """The person's name and status; None: no such person."""

    async def held(self, guardian_id: UUID, person_id: UUID) -> list[Held]:
        """The guardian's deliveries held while the person was paused, of the groups they
        are still in (one of a group they left since cannot be sent: never offered)."""

    async def held_elsewhere(self, guardian_id: UUID, person_id: UUID) -> list[tuple[str, bool]]:
        """The groups (title, by title; banned) whose photos of the person were held for
        the guardian but cannot be sent now: held still where the guardian is out of the
        group (sent once they are back), or cancelled by their ban there (True)."""

    async def take_held(
        self,
        delivery_ids: list[UUID],
        status: DeliveryStatus,
        reason: str | None,
        said: tuple[int, int] | None = None,
    ) -> list[UUID]:
        """Those of these still held -> ``status`` (``reason``: their error), each once
        however many take them at once (rows locked); the ids it took. ``said``: the
        message (chat id, message id) to say "Sent" once those taken went, recorded in the
        same transaction (a ``HELD_SENT`` request waiting for them: ``held_sending``)."""

    async def held_sending(self, said: tuple[int, int]) -> list[UUID] | None:
        """The deliveries an open ``HELD_SENT`` request about this message waits for; None
        when none is open (said already)."""

    async def held_said(self, said: tuple[int, int]) -> None:
        """The ``HELD_SENT`` requests about this message are done."""

    async def statuses(self, delivery_ids: list[UUID]) -> list[tuple[DeliveryStatus, bool]]:
        """Where each of these deliveries is now, and whether it is a clip's (those gone
        left out)."""
