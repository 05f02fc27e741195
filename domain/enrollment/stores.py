"""What enrollment's services ask of the database, in their words: the port its store
implements (on tortoise: ``domain/infra/stores/enrollment.py``; in memory, for the unit
tests of the rules it frees: ``tests/fakes/enrollment.py``).

Enrollment's changes run two workers and a guardian's presses at once (an album's photos
checked side by side, /done while a verdict is on its way): the store offers a unit of work
(``transaction()``) and the locking reads that order them (``lock_*``)."""

from __future__ import annotations

from collections.abc import Collection
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from domain.recognition.faces import DetectedFace
from domain.states import EnrollmentPhotoStatus, MediaKind, PersonStatus


@dataclass(frozen=True, slots=True)
class Enrolled:
    """A person as enrollment reads them: a draft, one photos are added to, or one whose
    session ends."""

    id: UUID
    name: str
    status: PersonStatus
    birth_date: date | None = None
    cover_face_id: UUID | None = None


class Mark(StrEnum):
    """What a photo's verdict says of another person (``Said.about``)."""

    NOT_PERSON = "not"  # the guardian said it is not that person: not asked about again
    LOOKS_LIKE = "like"  # it looks like one of the guardian's persons: they are asked
    ADDED_FROM = "from"  # the guardian said it is this person, sent in that one's session


@dataclass(frozen=True, slots=True)
class Said:
    """A photo's verdict as recorded: the check's verdict (a ``PhotoVerdict`` value, ""
    before it), or a mark about another person; ``unlike``: accepted, but far from the
    person's other faces (``rules.unlike_the_others``)."""

    verdict: str = ""
    mark: Mark | None = None
    about: UUID | None = None
    unlike: bool = False


@dataclass(frozen=True, slots=True)
class SessionPhoto:
    """A photo sent in an enrollment session, and what became of it. ``reply_id``: its
    verdict's message (``BEING_TOLD`` while being sent, ``NOT_TOLD`` once it could not be,
    None before)."""

    id: UUID
    person_id: UUID
    chat_id: int
    file_id: str
    status: EnrollmentPhotoStatus
    said: Said
    created_at: datetime
    updated_at: datetime
    message_id: int | None = None
    sent_at: datetime | None = None
    reply_id: int | None = None
    # Checked again: the message saying so, edited to its verdict when that is told.
    checking_id: int | None = None
    face_id: UUID | None = None
    # A clip sent as a photo is (``is_clip``); a view picked from one: its clip's row
    # (whose verdict tells it) and its time in the clip.
    media_kind: MediaKind = MediaKind.PHOTO
    clip_id: UUID | None = None
    at_s: float | None = None


@dataclass(frozen=True, slots=True)
class SessionFace:
    """An enrollment face, with its session crop (None: none kept)."""

    id: UUID
    crop_key: str | None


@dataclass(frozen=True, slots=True)
class Guardian:
    id: UUID
    telegram_user_id: int
    first_name: str | None


@dataclass(frozen=True, slots=True)
class Waiting:
    """A new person's approval asked of a group's organizers, for one guardian."""

    approval_id: UUID
    participant_id: UUID
    group_title: str
    has_admin_chat: bool
    group_chat_id: int = 0
    # The admin chat's title as last seen ("" when none, or never seen: its organizers are
    # told where the card is only when it is known: walkmore 5).
    admin_chat_title: str = ""


@dataclass(frozen=True, slots=True)
class LookAlikes:
    """The persons an enrollment face is compared with: those enrolled in the groups of
    the guardian who sent it (id: name), and which of them are the guardian's own."""

    persons: dict[UUID, str]
    own: set[UUID]


class EnrollmentStore(Protocol):
    """The database side of ``Enrollment`` and ``EnrollmentFaces``. The ``lock_*`` reads
    hold their rows until the transaction (``transaction()``) they are made in ends."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        """What happens inside happens at once, or not at all."""

    # Who may enroll, and the persons being enrolled.

    async def in_a_group(self, user_id: int) -> bool:
        """Whether the user is a member of an active group."""

    async def lock_participant(self, participant_id: UUID) -> None:
        """Lock the participant's row (inside a transaction): their /add come one by one."""

    async def lock_faces_of(self, person_id: UUID) -> None:
        """Inside a transaction, until it ends: one check at a time adds a face to this
        person (two copies of one photo in an album are checked one after the other, so
        the second finds the first's face)."""

    async def drafts_of(self, participant_id: UUID) -> list[UUID]:
        """The persons the participant owns that are still being enrolled (``ENROLLING``)."""

    async def create_draft(self, participant_id: UUID, name: str) -> UUID:
        """A new person being enrolled, owned by the participant."""

    async def current_draft(self, user_id: int) -> UUID | None:
        """The latest person this user owns that is still being enrolled."""

    async def draft(
        self, person_id: UUID, user_id: int, statuses: Collection[PersonStatus]
    ) -> Enrolled | None:
        """The person, if in one of ``statuses`` and this user is one of its guardians."""

    async def person(self, person_id: UUID) -> Enrolled | None:
        """The person, whatever their status."""

    async def set_status(self, person_id: UUID, status: PersonStatus) -> None:
        """The person's status is now ``status``."""

    async def delete_person(self, person_id: UUID) -> None:
        """Delete the person (what hangs on their row goes with it)."""

    async def stale_drafts(self, cutoff: datetime) -> list[UUID]:
        """The persons still being enrolled, made before ``cutoff``, sent no photo since."""

    async def lock_stale_draft(self, person_id: UUID, cutoff: datetime) -> bool:
        """Lock the person's row (inside a transaction) and say whether it is still being
        enrolled with no photo sent since ``cutoff`` (finished or sent one meanwhile: kept)."""

    # The session's photos.

    async def add_photo(
        self,
        person_id: UUID,
        chat_id: int,
        file_id: str,
        sent_at: datetime | None,
        message_id: int | None,
        media_kind: MediaKind = MediaKind.PHOTO,
    ) -> UUID:
        """A photo (or a clip: ``media_kind``) sent to the session, to be checked; once per
        message: the same message again (Telegram sends an update again) gives its row."""

    async def add_view(
        self, view_id: UUID, clip: SessionPhoto, at_s: float, face_id: UUID, reply_id: int
    ) -> None:
        """A view picked from ``clip`` at ``at_s``, accepted with its face (created first),
        its verdict ``reply_id`` (its clip's tells it); kept as if it were a photo sent
        with the clip. Once per ``view_id``."""

    async def photo(self, photo_id: UUID) -> SessionPhoto | None:
        """The photo as it is now."""

    async def lock_photo(self, photo_id: UUID) -> SessionPhoto | None:
        """The photo, its row locked (inside a transaction)."""

    async def session(self, person_id: UUID) -> list[SessionPhoto]:
        """The person's session photos, in the order they were sent (message, then made)."""

    async def lock_session(self, person_id: UUID) -> list[SessionPhoto]:
        """``session``, every row locked (inside a transaction)."""

    async def accepted(self, person_id: UUID) -> int:
        """How many of the person's session photos are accepted."""

    async def checking(self, person_id: UUID, told_since: datetime) -> int:
        """How many of the person's session photos are not answered yet: being checked,
        or checked since ``told_since`` with their verdict not sent yet."""

    async def recheck(self, photo_id: UUID, said: Said, person_id: UUID) -> None:
        """The photo is to be checked again, for ``person_id``, its verdict ``said`` so far
        and told anew (in a new message until ``set_checking`` says where)."""

    async def set_checking(self, photo_id: UUID, message_id: int) -> None:
        """The message saying the photo is being checked again: its verdict is told there."""

    async def record_verdict(
        self,
        photo_id: UUID,
        status: EnrollmentPhotoStatus,
        said: Said,
        face_id: UUID | None,
    ) -> None:
        """The photo's check is done: accepted (with its face) or rejected."""

    async def set_reply(self, photo_id: UUID, reply_id: int) -> None:
        """Where the photo's verdict is (or ``BEING_TOLD``, ``NOT_TOLD``)."""

    async def release_reply(self, photo_id: UUID, being_told: int) -> None:
        """The verdict being sent could not be: told again later. Only while it still reads
        ``being_told`` (a conditional update)."""

    async def delete_photo(self, photo_id: UUID) -> None:
        """Delete one session photo."""

    async def delete_session(self, person_id: UUID) -> None:
        """Delete every session photo of the person: the session is over."""

    async def senders(self, person_id: UUID) -> set[int]:
        """The chats the person's accepted session photos were sent from."""

    # The faces.

    async def create_face(
        self,
        face_id: UUID,
        person_id: UUID,
        face: DetectedFace,
        crop_key: str | None,
        taken_at: datetime | None,
    ) -> None:
        """An enrollment face of the person (no group photo), with its session crop."""

    async def face_exists(self, face_id: UUID) -> bool:
        """Whether the face is still there (not cancelled or removed meanwhile)."""

    async def is_prototype(self, face_id: UUID) -> bool:
        """Whether the face is one of a person's prototypes already (learned)."""

    async def face(self, face_id: UUID) -> SessionFace | None:
        """The face and its session crop."""

    async def enrollment_faces(self, person_id: UUID) -> list[SessionFace]:
        """Every enrollment face of the person (a draft's: all it has)."""

    async def faces_of(self, person_id: UUID) -> list[SessionFace]:
        """Every face of the person, whatever its source."""

    async def unlearned_faces(self, person_id: UUID) -> list[SessionFace]:
        """The faces of the person's session photos not learned as prototypes yet."""

    async def accepted_faces(self, person_id: UUID) -> list[SessionFace]:
        """The faces of the person's accepted session photos, best quality first."""

    async def delete_faces(self, face_ids: list[UUID]) -> None:
        """Delete these faces, and ask the face index to follow (its outbox rows, in the
        same transaction)."""

    async def has_cover(self, person_id: UUID, face_id: UUID, crop_key: str) -> bool:
        """Whether ``face_id`` is still the person's and keeps the crop ``crop_key``."""

    async def end_session(
        self,
        person: Enrolled,
        face_ids: list[UUID],
        cover: tuple[UUID, str] | None,
        status: PersonStatus,
    ) -> None:
        """The session's faces become the person's prototypes (pinned, as enrolled); its
        photos and crops go, but for the new cover (face, key); the person takes
        ``status`` (and the cover)."""

    # Who is told, who approves, what is asked of the worker.

    async def look_alikes(self, person_id: UUID, chat_id: int) -> LookAlikes | None:
        """The enrolled persons (but this one) of the groups the sender of ``chat_id`` is a
        member of; None: the sender is unknown."""

    async def guardians(self, person_id: UUID) -> list[Guardian]:
        """The person's guardians."""

    async def groups_of(self, participant_ids: Collection[UUID]) -> list[tuple[UUID, UUID, str]]:
        """The active groups these participants are members of: (participant, group,
        title)."""

    async def ask_for_approval(self, person_id: UUID) -> list[Waiting]:
        """A person just enrolled: its approval asked in the approval groups of each of its
        guardians (inside the transaction that enrolls it)."""

    async def ask_again(self, person_id: UUID) -> list[Waiting]:
        """Photos added to an enrolled person: the groups whose organizers rejected it are
        asked again, pending once more (inside the transaction that learns the photos)."""

    async def not_recognized_in(self, person_id: UUID) -> set[str]:
        """The titles of the active groups where the person is not recognized: its
        organizers' approval there is pending or rejected (``ApprovalStatus.blocks``)."""

    async def ask_to_index(self, person_id: UUID, user_id: int | None) -> None:
        """Record the request to learn the person's session (inside the transaction that
        ends it): a lost Redis cannot lose it."""

    async def index_asks(self, person_id: UUID) -> list[UUID]:
        """The open requests to learn the person's session."""

    async def indexed(self, asks: list[UUID]) -> None:
        """These requests are done (again is harmless)."""
