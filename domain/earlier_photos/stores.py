"""What looking back for a person's earlier photos, and answering an offer of them, ask of
the database, in their words: the port its store implements (on tortoise:
``domain/infra/stores/earlier_photos.py``; in memory, for the unit tests of the rules it
frees: ``tests/fakes/earlier_photos.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from domain.delivery.stores import Guardian
from domain.states import OfferStatus, PersonStatus, SuggestionStatus


@dataclass(frozen=True, slots=True)
class Seeker:
    """The person whose earlier photos are looked for."""

    id: UUID
    name: str
    birth_date: date | None


@dataclass(frozen=True, slots=True)
class LookGroup:
    """A group the person's earlier photos are looked for in."""

    id: UUID
    title: str
    retention_days: int | None
    strictness: int  # steps above the calibrated thresholds


@dataclass(frozen=True, slots=True)
class EarlierPhoto:
    id: UUID
    file_id: str
    posted_at: datetime
    clip: bool = False  # a video, round video or animation: counted apart when offered
    # A clip over the download limit, read from this thumbnail: its faces are there.
    preview_file_id: str | None = None

    @property
    def read_whole(self) -> bool:
        """A clip read frame by frame: its faces are each in a frame of their own."""
        return self.clip and self.preview_file_id is None


@dataclass(frozen=True, slots=True)
class InFrame:
    """A face of a clip read whole, where it is: the box (x, y, width, height) in the
    clip's frame at ``at_s`` (its best sighting), to cut it from again."""

    face_id: UUID
    box: tuple[float, float, float, float]
    at_s: float


@dataclass(frozen=True, slots=True)
class NewOffer:
    """A sheet of faces about to be shown to the person's guardians."""

    person_id: UUID
    group_id: UUID
    face_ids: list[UUID]
    scores: dict[UUID, float]
    cluster_id: UUID | None  # look-alikes (else faces sure enough to send)
    prototype_ids: list[str]  # the prototypes that found them


@dataclass(frozen=True, slots=True)
class Offered:
    """An offer as a guardian's press finds it."""

    id: UUID
    person_id: UUID
    person_name: str
    person_status: PersonStatus
    group_id: UUID
    group_title: str
    retention_days: int | None  # the group's
    birth_date: date | None  # the person's
    questions: bool  # a batch of one guardian's questions (``corrections.batches``)
    sheet: bool  # a photo message of numbered faces
    face_ids: list[UUID]
    sent_to: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Locked:
    """The offer read again under its lock, and its person's status."""

    status: OfferStatus
    person_status: PersonStatus
    scores: dict[UUID, float]
    prototype_ids: list[str]


# The answers whose messages name the person ("They're all Sara...", "Another guardian of
# Sara said no..."): said again in its name as now.
ANSWERED_SHOWN = (
    OfferStatus.SENT,
    OfferStatus.DECLINED,
    OfferStatus.ONE_BY_ONE,
    OfferStatus.STALE,
)


@dataclass(frozen=True, slots=True)
class ShownOffer:
    """An offer as its messages show it: a sheet of faces sure enough to send ("I found 3
    earlier photos of Sara") or of look-alikes, still open (``status`` pending) or answered
    (one of ``ANSWERED_SHOWN``)."""

    id: UUID
    person_name: str
    group_title: str
    look_alikes: bool  # "These 5 faces look alike, and like Sara"
    faces: int  # the faces it shows
    clips: int  # of ``faces``, those in clips
    sent_to: list[tuple[int, int]]  # (chat, message) of those who get its photos now
    status: OfferStatus = OfferStatus.PENDING
    answered_at: datetime | None = None
    answered_by: int | None = None  # the presser's chat (their user id)


class ShownOfferStore(Protocol):
    """The open offers' messages, to say them again when their person is called otherwise
    (a rename, a merge, a merge undone): on tortoise, ``TortoiseEarlierPhotoStore``."""

    async def merged_persons(self, event_id: UUID) -> list[UUID]:
        """The persons of a merge, or of its undo (the event ``PersonsMerged`` names),
        still there (active or paused)."""

    async def offers_shown(self, person_id: UUID) -> list[ShownOffer]:
        """The person's offers shown (sheets; not a guardian's batch of questions), still
        open or answered (``ANSWERED_SHOWN``; those of persons merged into it too, named
        as it), in the chats of its guardians who get its photos from that group now."""

    async def asked_again(self, person_id: UUID) -> list[UUID]:
        """The person's ``ASK_OFFERS_AGAIN`` requests not done yet."""

    async def asked_again_done(self, request_ids: list[UUID]) -> None:
        """Those requests are done."""


class EarlierPhotoStore(Protocol):
    """The database side of ``service.EarlierPhotoFinder`` and ``EarlierPhotoAnswers``."""

    # ----- looking back

    async def seeker(self, person_id: UUID) -> Seeker | None:
        """The person, while it is active."""

    async def prototype_faces(self, person_id: UUID) -> list[UUID]:
        """The faces of the person's prototypes."""

    async def groups_of(self, person_id: UUID) -> list[LookGroup]:
        """The active, unpaused groups a guardian of the person is a member of."""

    async def blocked(self, group_id: UUID) -> set[UUID]:
        """The persons the group's photos are not matched to (a guardian banned, left)."""

    async def unheld(
        self,
        face_ids: Sequence[UUID],
        group_id: UUID,
        since: datetime | None,
        besides: Sequence[tuple[datetime, datetime]] = (),
    ) -> dict[UUID, tuple[UUID, UUID | None]]:
        """Those of these faces nobody holds, of the group's recognized photos not taken
        down and posted since ``since``, not within one of the spans ``besides``: face ->
        (photo, cluster)."""

    async def banned_spans(
        self, person_id: UUID, group_id: UUID
    ) -> list[tuple[datetime, datetime]]:
        """When one of the person's guardians was banned from the group (from the ban to
        its lifting, or to now; the ban periods kept with the bans): the organizers were
        told they get nothing of it then."""

    async def seen(self, person_id: UUID, face_ids: Sequence[UUID]) -> set[UUID]:
        """Those of these faces asked about for the person, rejected for it or taken off it
        by a guardian ("Remove this photo only" too: ``assignments.taken_off``), or on one
        of its offers still open or declined ("no, thanks" is remembered)."""

    async def photos_with(self, person_id: UUID, photo_ids: Sequence[UUID]) -> set[UUID]:
        """Those of these photos the person is in."""

    async def photos(self, photo_ids: Sequence[UUID]) -> dict[UUID, EarlierPhoto]:
        """These photos."""

    async def matchable(self, group_id: UUID, taken_on: date) -> set[UUID]:
        """The persons a photo of the group taken that day may be matched to."""

    async def receivers(self, person_id: UUID, group_id: UUID) -> list[Guardian]:
        """The guardians who receive the person's photos from the group."""

    async def photos_of_faces(self, face_ids: Sequence[UUID]) -> dict[UUID, UUID]:
        """Face -> its photo."""

    async def in_frames(self, face_ids: Sequence[UUID]) -> list[InFrame]:
        """Where these faces of a clip read whole are (those with a frame's time)."""

    async def still_unknown(self, person_id: UUID, face_ids: Sequence[UUID]) -> list[UUID]:
        """Those of these faces still nobody's, of photos not taken down, while the person
        is active, in their order."""

    async def keep_crop(self, face_id: UUID, key: str) -> None:
        """The face's crop is kept under ``key``."""

    async def suggest(self, face_id: UUID, person_id: UUID, score: float) -> tuple[UUID, bool]:
        """The question "is this face the person?" (once: an existing one is found); its
        id, and whether it is new."""

    async def create_offer(self, offer: NewOffer) -> UUID:
        """The offer recorded (pending, a sheet), before it is shown."""

    async def sent_to(self, offer_id: UUID, sent_to: list[list[int]]) -> None:
        """The messages showing the offer so far (a takedown deletes what it names)."""

    async def drop_offer(self, offer_id: UUID) -> None:
        """The offer forgotten (nobody got it, or it was taken back)."""

    # ----- answering an offer

    async def offered(self, offer_id: UUID) -> Offered | None:
        """The offer, its person and group."""

    async def guardian(self, user_id: int, person_id: UUID) -> UUID | None:
        """The participant, if this Telegram user is a guardian of the person."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        """What happens inside happens at once, or not at all."""

    async def lock(self, offer_id: UUID, person_id: UUID) -> Locked:
        """(Inside a transaction.) The offer and its person locked until it ends (two
        presses answer once; a deletion or merge waits), and read again."""

    async def prototypes_still(self, person_id: UUID, prototype_ids: Sequence[str]) -> bool:
        """Whether every one of these prototypes is still the person's."""

    async def mark(
        self, offer_id: UUID, status: OfferStatus, answered_by: UUID | None = None
    ) -> None:
        """The offer's status (and who answered, now)."""

    async def still_offerable(
        self, offer_id: UUID, person_id: UUID, group_id: UUID, since: datetime | None
    ) -> list[tuple[UUID, UUID]]:
        """(Inside a transaction, locked.) The offer's faces that may still become the
        person's: nobody's, of a photo of the group not taken down and posted since
        ``since``, with their question still open when the offer is a batch of questions;
        (face, photo) in the faces' order."""

    async def photos_of_person(self, person_id: UUID, group_id: UUID) -> set[UUID]:
        """The group's photos the person is in."""

    async def answer_questions(
        self,
        face_ids: Sequence[UUID],
        person_id: UUID,
        participant_id: UUID,
        status: SuggestionStatus,
    ) -> None:
        """The open questions about these faces for the person answered (``status``)."""

    async def reject(self, face_ids: Sequence[UUID], person_id: UUID, by: UUID) -> None:
        """These faces are not the person: negative examples, never matched to it again."""

    async def assign(self, face_id: UUID, person_id: UUID, by: UUID, note: str) -> list[UUID]:
        """(Inside a transaction.) The face becomes the person's, audited as the guardian's;
        its open questions expire; its photo is planned for the person's guardians who did
        not have it. The deliveries to queue once it commits."""

    async def choose_prototypes(self, person_id: UUID) -> list[UUID]:
        """(Inside a transaction.) Ask for the person's prototypes to be chosen again; the
        requests to queue once it commits."""

    async def deliveries_to(self, delivery_ids: Sequence[UUID], participant_id: UUID) -> int:
        """How many of these deliveries go to the participant."""
