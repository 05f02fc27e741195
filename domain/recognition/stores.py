"""What recognition's services ask of the database, in their words: the ports its stores
implement (on tortoise: ``domain/infra/stores/recognition.py``; in memory, for the unit
tests of the rules they free: ``tests/fakes/recognition.py``)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from domain.states import (
    DeliveryMode,
    DeliveryStatus,
    FaceSource,
    MediaKind,
    PersonStatus,
    PhotoStatus,
)


@dataclass(frozen=True, slots=True)
class FaceState:
    """What the database says of a face, which the face index's payload follows."""

    person_id: UUID | None
    cluster_id: UUID | None


class FaceSyncStore(Protocol):
    """The database side of ``face_sync.FaceSync``: a face's truth and its outbox rows."""

    async def face(self, face_id: UUID) -> FaceState | None:
        """The face's person and cluster; None: the face is gone."""

    async def is_prototype(self, face_id: UUID) -> bool:
        """Whether the face is a prototype of its person."""

    async def drop_sync_requests(self, face_id: UUID, until: datetime) -> None:
        """Remove the face's sync requests made up to ``until`` (later ones stay)."""

    async def sync_requested(self, face_id: UUID) -> bool:
        """Whether a sync of the face is still asked for."""


@dataclass(frozen=True, slots=True)
class Chooser:
    """The person whose prototypes are chosen: gone (deleting, merged) or not, and the
    birth date that weighs a child's growth."""

    gone: bool
    birth_date: date | None


@dataclass(frozen=True, slots=True)
class KnownFace:
    """A face that may become a prototype: whose it is now, where it comes from, how good."""

    face_id: UUID
    person_id: UUID | None
    source: FaceSource
    quality: float


class PrototypeStore(Protocol):
    """The database side of ``prototype_choice.PrototypeChoice``."""

    async def asked(self, person_id: UUID) -> list[UUID]:
        """The open asks to choose the person's prototypes again, oldest first."""

    async def mark_done(self, asks: list[UUID]) -> None:
        """These asks are answered (again is harmless)."""

    async def chooser(self, person_id: UUID) -> Chooser | None:
        """The person, or None when there is no such person."""

    async def merged_into(self, person_id: UUID) -> list[UUID]:
        """The persons merged into this one, directly or through others merged into it."""

    async def prototypes(self, person_id: UUID) -> dict[UUID, bool]:
        """The person's prototypes that are faces, each with whether it is pinned (an
        enrollment prototype) rather than learned (accepted)."""

    async def confirmed(self, person_ids: list[UUID]) -> set[UUID]:
        """The faces a guardian confirmed as one of these persons, not undone: a "yes" to
        "Is this X?", a face moved to them by a guardian, a person named by an organizer
        claimed by a parent."""

    async def faces(self, face_ids: Collection[UUID]) -> list[KnownFace]:
        """These faces, those that still exist."""

    async def face_days(self, face_ids: Collection[UUID]) -> dict[UUID, date]:
        """The day each face's photo shows it."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        """What happens inside happens at once, or not at all."""

    async def still_theirs(self, person_id: UUID, face_ids: Collection[UUID]) -> set[UUID]:
        """Those of these faces that are the person's now."""

    async def swap(self, person_id: UUID, dropped: list[UUID], added: list[UUID]) -> None:
        """Drop these prototypes of the person, add these as accepted ones (one already
        there stays), and ask the face index to follow all of them."""


@dataclass(frozen=True, slots=True)
class PhotoToRecognize:
    """A group's photo as recognition reads it, with what its group decides of it."""

    id: UUID
    status: PhotoStatus
    attempts: int
    file_id: str
    media_kind: MediaKind  # a clip's faces are followed through its frames
    # Read instead of the file when the bot cannot download it: a clip over the download
    # limit is recognized on its thumbnail, a still (docs/videos.md).
    preview_file_id: str | None
    posted_at: datetime
    posted_by_user_id: int | None
    group_id: UUID
    group_active: bool  # the bot is still in the group
    group_paused: bool  # by its organizers: resuming queues the photo again
    strictness: int  # steps above the calibrated thresholds (``strictness.effective``)
    delivery_mode: DeliveryMode
    duration_s: float | None = None  # a clip's length as its message gave it


@dataclass(frozen=True, slots=True)
class RecognizedFace:
    """A face found in a photo, as recognition records it: assigned (``person_id``, with
    its assignment's ``note``), asked about (``crop_key``: its crop kept for the question),
    or nobody's; and the prototypes that matched its person (seed 002's names)."""

    id: UUID
    photo_id: UUID
    person_id: UUID | None
    bbox: tuple[int, int, int, int]  # x, y, width, height
    landmarks: list[list[float]]
    det_score: float
    quality: float
    crop_key: str | None
    matching_prototype_ids: list[str] | None
    prototype_scores: dict[str, float] | None
    prototype_match_count: int | None
    note: str | None = None  # the assignment event's note, when assigned
    # A clip's face (a track): from when to when it is on screen, in seconds of the clip.
    seen_from_s: float | None = None
    seen_to_s: float | None = None
    shown_at_s: float | None = None  # a clip's face: the time of the frame its box is in


@dataclass(frozen=True, slots=True)
class NewSuggestion:
    """A question about a face for one person; two siblings' share the leading one's id as
    ``pair_id``."""

    id: UUID
    face_id: UUID
    person_id: UUID
    score: float
    pair_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class Receiver:
    """A guardian who gets a person's photos from a group."""

    id: UUID
    telegram_user_id: int
    receive_own_photos: bool  # whether a photo they posted comes back to them


class RecognitionStore(Protocol):
    """The database side of ``service.Recognition``."""

    async def photo(self, photo_id: UUID) -> PhotoToRecognize | None:
        """The photo and its group; None: no such photo."""

    async def start(self, photo_id: UUID, attempt: int) -> bool:
        """The photo is being recognized (its ``attempt``-th time), unless it was taken
        down; whether it is."""

    async def fail(self, photo_id: UUID, reason: str) -> bool:
        """The photo cannot be recognized, for ``reason``; whether this call failed it (it
        was pending or being recognized: one done, failed or taken down stays as it is)."""

    async def is_taken_down(self, photo_id: UUID) -> bool:
        """Whether an organizer took the photo down."""

    async def matchable(self, group_id: UUID, taken_on: date) -> list[UUID]:
        """The persons who may be recognized in the group: active or paused, with a guardian
        who is a member, born by ``taken_on``, and not waiting for (or refused) the
        organizers' approval there."""

    async def negative_examples(self, person_ids: Collection[UUID]) -> dict[UUID, list[UUID]]:
        """The faces that count as "not this person", by face: each face a guardian
        rejected for one of these persons (a "no", "that isn't Alice", "none is Alice"),
        and every face nobody holds in that face's cluster of look-alikes (a "no" teaches
        the cluster)."""

    async def birth_dates(self, person_ids: Collection[UUID]) -> dict[UUID, date]:
        """The birth dates of those of these persons who have one."""

    async def face_days(self, face_ids: Collection[UUID]) -> dict[UUID, date]:
        """The day each face's photo shows it."""

    async def guardianships(self, person_ids: Collection[UUID]) -> list[tuple[UUID, UUID]]:
        """(guardian, person) for each guardian of these persons."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        """What happens inside happens at once, or not at all."""

    async def lock_unfinished(self, photo_id: UUID) -> bool:
        """Lock the photo until the transaction ends (call inside one): whether it is still
        being recognized (not finished by another run, not taken down meanwhile)."""

    async def add_faces(self, faces: Sequence[RecognizedFace]) -> None:
        """The faces (one already recorded stays as it is) and, for each assigned one, its
        assignment event, by the system."""

    async def add_suggestions(self, suggestions: Sequence[NewSuggestion]) -> None:
        """The questions (one already asked for the face and person stays as it is)."""

    async def statuses(self, person_ids: Collection[UUID]) -> dict[UUID, PersonStatus]:
        """The status of each of these persons that exists."""

    async def receiving_guardians(self, person_id: UUID, group_id: UUID) -> list[Receiver]:
        """The guardians of the person who get its photos from the group: members there,
        none while the person is not approved there, not a co-guardian waiting for (or
        refused) their own approval."""

    async def plan_deliveries(
        self, photo_id: UUID, planned: Mapping[UUID, DeliveryStatus], due: DeliveryStatus
    ) -> None:
        """A delivery of the photo to each guardian, in its status; one already planned
        stays, except that one held is made ``due`` when it is planned ``due`` now."""

    async def finish(
        self, photo_id: UUID, width: int, height: int, duration_s: float | None = None
    ) -> None:
        """The photo is recognized (its size as the model read it; a clip's, upright, and
        its length)."""

    async def pending_deliveries(self, photo_id: UUID) -> list[UUID]:
        """The photo's deliveries waiting to be sent one by one."""

    async def waiting_for_albums(self, photo_id: UUID) -> list[tuple[UUID, UUID]]:
        """(guardian, group) of each of the photo's deliveries waiting for its album (its
        group sends albums)."""

    async def unasked_suggestions(self, photo_id: UUID) -> list[UUID]:
        """The photo's open questions not sent yet."""


@dataclass(frozen=True, slots=True)
class PostedPhoto:
    """A photo, an image sent as a file, or a clip (a video, a round video, an animation, a
    video sent as a file) posted in a group, as Telegram tells it. ``preview_file_id``: what
    is read instead of the file when the bot cannot download it (a clip over the Bot API's
    download limit: its thumbnail)."""

    chat_id: int
    chat_title: str
    chat_type: str
    message_id: int
    file_id: str
    file_unique_id: str
    media_kind: MediaKind
    posted_at: datetime
    posted_by_user_id: int | None = None
    media_group_id: str | None = None
    width: int | None = None
    height: int | None = None
    caption: str | None = None  # the poster's words under the photo
    caption_entities: list[dict[str, Any]] | None = None  # Telegram's, as JSON
    preview_file_id: str | None = None
    duration_s: float | None = None  # a clip's length, as Telegram gives it


@dataclass(frozen=True, slots=True)
class TakenDown:
    """A photo an organizer took down: who did."""

    photo_id: UUID
    removed_by_user_id: int | None


class ChatGroups(Protocol):
    """Who keeps the groups (``domain.groups.service.Groups``), as intake asks them."""

    async def photo_seen_in(self, chat_id: int, title: str, chat_type: str) -> UUID:
        """The group of the chat a photo came from: recorded on first sight, its title and
        type kept up to date, and active (a photo reached the bot, so it is in the group)."""


class PhotoIntakeStore(Protocol):
    """The database side of ``intake.PhotoIntake``."""

    async def taken_down(self, group_id: UUID, file_unique_id: str) -> TakenDown | None:
        """The first photo of this file an organizer took down in the group, if any."""

    async def add(
        self, group_id: UUID, posted: PostedPhoto, removed: TakenDown | None
    ) -> UUID | None:
        """Record the photo (``removed``: as taken down at once, by whoever took that one
        down); None when this message of the group is already recorded (a repeated update:
        the message's row is unique). A photo of an album keeps the album's caption, which
        Telegram carries on one of its messages only."""
