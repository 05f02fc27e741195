"""Enrolling a person: a name, then 3-10 photos of their face, checked one by one.

``Enrollment`` records what the guardian sends and queues the checks (the bot);
``EnrollmentFaces`` judges the face of each photo with the model, keeps only its
embedding (never the photo), and turns the accepted faces into the person's
prototypes (the worker).

What is kept of the pixels: while a session is open, a crop of each accepted
face (``enrolling/<face>.jpg``, expiring on its own); when the session ends one
small crop becomes the person's cover (``persons/<person>/cover.jpg``, shown on
their card, deleted with them) and every other crop is deleted.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol
from uuid import UUID

from domain.blobs import BlobStore
from domain.enrollment import texts
from domain.enrollment.clip_views import (
    LONGEST_CLIP_S,
    VIEWS_PER_CLIP,
    ClipFrames,
    ClipView,
    pick_views,
)
from domain.enrollment.rules import (
    COVER_MAX_SIDE,
    MAX_PHOTOS,
    MIN_PHOTOS,
    SAME_PICTURE_AT,
    PhotoVerdict,
    Tally,
    check_name,
    clearly_someone_elses,
    judge,
    minimum_photos,
    same_picture,
    unlike_the_others,
)
from domain.enrollment.stores import (
    Enrolled,
    EnrollmentStore,
    Mark,
    Said,
    SessionFace,
    SessionPhoto,
    Waiting,
)
from domain.errors import BlobNotFound, ImageError
from domain.events import EventBus, PersonEnrolled
from domain.jobs import queue as job_names
from domain.jobs import requests
from domain.jobs.queue import JobQueue, enqueue_for
from domain.languages.chats import speaking_to
from domain.onboarding.service import Onboarding, TelegramUser
from domain.recognition import prototype_choice
from domain.recognition.assignments import queue_syncs
from domain.recognition.face_index import FaceFilter, FaceIndex, IndexedFace
from domain.recognition.faces import DetectedFace, FaceEngine, analyze_bounded
from domain.recognition.matching import best_by_person
from domain.recognition.thresholds import MatchThresholds
from domain.retry import TryAgainLater
from domain.states import ENROLLED as ENROLLED
from domain.states import (
    EnrollmentPhotoStatus,
    FirstSaid,
    MediaKind,
    PersonStatus,
    RequestKind,
    WaitingSaid,
)
from domain.telegram import (
    ORGANIZER_STATUSES,
    AnswerLooksLike,
    Button,
    ChatUnavailable,
    Edit,
    Messenger,
    RecipientUnreachable,
    RemoveClipViews,
    RemoveEnrollmentPhoto,
    TelegramUnavailable,
)
from domain.videos.frames import VideoTooLong

log = logging.getLogger(__name__)
FACE_IDS = uuid.UUID("6f0e3c52-5b8f-4a51-9b0e-2d1c1f8a9e10")
# Photos can be added to a person being enrolled and to an enrolled one.
ADDABLE = (
    PersonStatus.ENROLLING,
    PersonStatus.NEEDS_PHOTOS,
    PersonStatus.ACTIVE,
    PersonStatus.PAUSED,
    PersonStatus.PENDING_APPROVAL,
)
# Persons a new enrollment face is compared with (as group photos are).
# A session's crops outlive an abandoned session by this much at most.
SESSION_CROP_KEEP = timedelta(days=7)
# ``SessionPhoto.reply_id`` while its verdict is being sent, and once it could not be.
BEING_TOLD = 0
NOT_TOLD = -1
# A verdict a worker began to send and never finished (killed) is told by the next one
# after this long.
TELLING_STALE = timedelta(seconds=60)


class Refusal(StrEnum):
    NEEDS_GROUP = "needs_group"
    NEEDS_CONSENT = "needs_consent"


class FinishOutcome(StrEnum):
    TOO_FEW = "too_few"
    STILL_CHECKING = "still_checking"
    UNANSWERED = "unanswered"  # too few, while "This looks like Mimi ..." waits on the guardian
    FINISHING = "finishing"
    GONE = "gone"


@dataclass(frozen=True, slots=True)
class Closing:
    """A verdict of a session that is over (/done, /cancel): its buttons no longer apply.
    ``count``: the session's count at an accepted photo's (or a clip's) verdict, whose
    "Send more, or /done" is no longer true either (None: only the buttons go); ``clip``:
    a clip's verdict, the person's name and its views' times; ``unlike``: the person's
    name, when the verdict warned that its face is unlike the others (and pointed to the
    button that goes: findings20 2)."""

    chat_id: int
    message_id: int
    count: Tally | None = None
    cancelled: bool = False  # the session was cancelled: nothing is learned from it
    clip: tuple[str, tuple[float, ...]] | None = None
    unlike: str | None = None
    # A photo refused ("❌ ... Please send another."): sending one now starts nothing, so its
    # instruction goes as an accepted photo's "Send more" does (findings25 12).
    refused: PhotoVerdict | None = None
    # ... a clip refused ("❌ ... Please film the face up close..."): how to film the next
    # one goes too.
    refused_clip: bool = False
    # A look-alike question ("Add this photo to Alice?") left unanswered by a session that
    # is over (cancelled, or finished with /done): it no longer asks (walkhe 2: it kept
    # asking, without its buttons).
    asked: bool = False

    @property
    def accepted(self) -> int | None:
        return self.count.accepted if self.count is not None else None

    def text(self) -> str:
        """What the verdict says now (when ``count`` or ``refused`` is not None)."""
        if self.asked and self.cancelled:
            return texts.enrollment_photo_closed(0, cancelled=True)
        if self.asked:
            return texts.question_left_at_done()
        if self.refused is not None and self.refused_clip:
            return texts.clip_refused_closed(self.refused)
        if self.refused is not None:
            return texts.refused_closed(self.refused)
        if self.clip is not None:
            if self.cancelled:
                return texts.clip_cancelled()
            said = texts.views_kept(*self.clip)
        elif self.cancelled:
            return texts.enrollment_photo_closed(self.accepted or 0, cancelled=True)
        else:
            said = texts.photo_accepted_closed(self.count or Tally())
        if self.unlike is None:
            return said
        views = len(self.clip[1]) if self.clip is not None else 0
        return f"{said}\n\n{texts.unlike_the_others_closed(self.unlike, views=views)}"


# The verdicts whose buttons (and words) no longer apply: the session is over.
Replies = tuple[Closing, ...]


@dataclass(frozen=True, slots=True)
class Retold:
    """An accepted photo's verdict, or a clip's, whose count changed (a photo or a clip's
    views before it were removed): the session's count at it now. ``views``: a clip's,
    the times of the views kept from it (the person's ``name`` in its words)."""

    chat_id: int
    message_id: int
    photo_id: UUID
    count: Tally
    minimum: int
    unlike: str | None = None  # the person's name when its face is unlike the others
    views: tuple[float, ...] = ()
    name: str = ""

    @property
    def accepted(self) -> int:
        return self.count.accepted

    def message(self) -> tuple[str, list[list[Button]]]:
        """The verdict's words and buttons now."""
        if self.views:
            return clip_verdict(
                self.photo_id,
                self.name,
                self.views,
                self.count,
                self.minimum,
                unlike=self.unlike is not None,
            )
        return accepted_text(self.count, self.minimum, self.unlike), [
            [RemoveEnrollmentPhoto(self.photo_id, texts.remove_photo_button())]
        ]


def accepted_text(count: Tally, minimum: int, unlike: str | None = None) -> str:
    """An accepted photo's verdict with the session's count, and, when its face is unlike
    the person's others (``unlike``: the person's name), the warning that says so."""
    text = texts.photo_accepted(count, minimum)
    return f"{text}\n\n{texts.unlike_the_others(unlike)}" if unlike is not None else text


def clip_verdict(
    clip_id: UUID,
    name: str,
    views: Sequence[float],
    count: Tally,
    minimum: int,
    *,
    unlike: bool = False,
) -> tuple[str, list[list[Button]]]:
    """What a clip gave (the views kept of ``name``'s face, with the session's count), and
    the button that takes those views back while the session is open."""
    text = texts.clip_kept(name, views, count, minimum)
    if unlike:
        text = f"{text}\n\n{texts.unlike_the_others(name, views=len(views))}"
    return text, [[RemoveClipViews(clip_id, texts.remove_views_button(len(views)))]]


@dataclass(frozen=True, slots=True)
class Finish:
    outcome: FinishOutcome
    accepted: int = 0
    name: str = ""
    minimum: int = MIN_PHOTOS
    replies: Replies = ()  # FINISHING: to ``take_buttons_off`` once the guardian is answered
    count: Tally | None = None  # TOO_FEW: the accepted photos and clip views, told apart
    unanswered: int = 0  # UNANSWERED: the look-alike questions waiting for the guardian


@dataclass(frozen=True, slots=True)
class Cancelled:
    """An enrollment session cancelled: what was sent in it (``photos``, ``clips``), gone;
    ``kept``: the person stays with the faces learned before (photos were being added to
    someone enrolled), else nothing of them was learned. ``replies``: to
    ``take_buttons_off`` once the guardian is answered."""

    name: str
    kept: bool
    photos: int = 0
    clips: int = 0
    replies: Replies = ()

    def text(self) -> str:
        if self.kept:
            return texts.addition_cancelled(self.name, self.photos, self.clips)
        return texts.enrollment_cancelled()

    def text_for_another(self) -> str:
        """Said when a new /add left this session unfinished (findings29 1: nothing said it,
        and "Send more" stayed above the new prompt)."""
        if self.kept:
            return texts.addition_cancelled(self.name, self.photos, self.clips)
        return texts.enrollment_left_for_another(self.name, sent=bool(self.photos or self.clips))


class PhotoAnswer(StrEnum):
    REMOVED = "removed"
    ADDED = "added"  # this photo goes to the person it looked like; the session goes on
    DIFFERENT = "different"  # checked again, as a different person
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class _Told:
    """One verdict to send: on which photo, and the count it states."""

    photo_id: UUID
    chat_id: int
    message_id: int | None
    verdict: PhotoVerdict
    accepted: Tally  # the session's count at this verdict
    minimum: int
    looks_like: Enrolled | None
    session: str = ""  # the name of the person the session enrolls
    unlike: bool = False  # accepted, but far from the person's other faces (UNLIKE)
    clip: bool = False  # a clip: ``views`` kept (their times), or why none (``verdict``)
    views: tuple[float, ...] = ()
    # A look-alike question: the session's accepted photos and views, which stay.
    others: Tally = field(default_factory=Tally)
    checking_id: int | None = None  # "I'm checking the photo again…", to say it instead


@dataclass(frozen=True, slots=True)
class PhotoOutcome:
    answer: PhotoAnswer
    accepted: int = 0
    minimum: int = MIN_PHOTOS
    person_id: UUID | None = None
    name: str = ""
    retold: tuple[Retold, ...] = ()  # REMOVED: the other verdicts whose count changed
    session_name: str = ""  # ADDED: the person the session goes on enrolling
    # REMOVED: what the session has left; ADDED: what it keeps; photos and views told apart
    count: Tally = field(default_factory=Tally)
    views: int = 0  # REMOVED: a clip's, how many of its views were taken back


def person_blob_prefix(person_id: UUID) -> str:
    return f"persons/{person_id}/"


def cover_key(person_id: UUID) -> str:
    """The one crop kept per person: a small picture of one enrollment face, for the card."""
    return f"{person_blob_prefix(person_id)}cover.jpg"


def session_crop_key(face_id: UUID) -> str:
    """A crop kept only while the enrollment session that accepted the face is open."""
    return f"enrolling/{face_id}.jpg"


# Not matched yet: a new person, or one whose faces were forgotten (enrolled afresh).
UNENROLLED = (PersonStatus.ENROLLING, PersonStatus.NEEDS_PHOTOS)


def _minimum(person: Enrolled) -> int:
    return minimum_photos(person.status in UNENROLLED)


def _in_order(photos: list[SessionPhoto]) -> list[SessionPhoto]:
    """In the order their verdicts are told (``_claim_verdicts``)."""
    return sorted(photos, key=lambda p: (p.message_id or 0, p.created_at))


def _told_order(photo: SessionPhoto) -> tuple[int, int, int, datetime]:
    """In the order the verdicts were sent (their message ids), which is not the order of
    the photos once one was checked again (answered "No, it's a different person"); the
    verdicts not sent last, in the order of the photos."""
    sent = (photo.reply_id or 0) > 0
    return (
        0 if sent else 1,
        photo.reply_id or 0 if sent else 0,
        photo.message_id or 0,
        photo.created_at,
    )


def _tallies(photos: list[SessionPhoto]) -> dict[UUID, Tally]:
    """The count each accepted photo's verdict, and each clip's that kept views, states:
    the session's accepted photos and views up to it (counted when it was told, so in the
    order the verdicts were sent; a clip's views where its verdict was)."""
    clip_replies = {p.id: p.reply_id for p in photos if p.media_kind.is_clip}
    accepted = sorted(
        (
            replace(p, reply_id=clip_replies.get(p.clip_id)) if p.clip_id is not None else p
            for p in photos
            if p.status == EnrollmentPhotoStatus.ACCEPTED
        ),
        key=_told_order,
    )
    count, tallies = Tally(), dict[UUID, Tally]()
    for p in accepted:
        if p.clip_id is None:
            count = tallies[p.id] = count.plus_photo()
        else:  # a clip's views are told together, at its verdict
            count = tallies[p.clip_id] = Tally(
                count.photos, count.views + 1, count.clips + (p.clip_id not in tallies)
            )
    return tallies


def _tally_of(photos: Sequence[SessionPhoto]) -> Tally:
    """The accepted ones of these session photos, photos and clip views told apart."""
    accepted = [p for p in photos if p.status == EnrollmentPhotoStatus.ACCEPTED]
    views = [p.clip_id for p in accepted if p.clip_id is not None]
    return Tally(len(accepted) - len(views), len(views), len(set(views)))


def _unanswered(photos: Sequence[SessionPhoto]) -> int:
    """How many of these session photos wait on the guardian's answer to "This looks like
    Mimi ... Add this photo to Mimi?"."""
    return sum(
        p.status == EnrollmentPhotoStatus.REJECTED and p.said.mark == Mark.LOOKS_LIKE
        for p in photos
    )


def _views_of(photos: list[SessionPhoto]) -> dict[UUID, tuple[float, ...]]:
    """Each clip that kept views: their times in it, in order."""
    views: dict[UUID, list[float]] = {}
    for p in photos:
        if p.clip_id is not None and p.status == EnrollmentPhotoStatus.ACCEPTED:
            views.setdefault(p.clip_id, []).append(p.at_s or 0.0)
    return {clip: tuple(sorted(times)) for clip, times in views.items()}


def _closing(photos: list[SessionPhoto], minimum: int, name: str, *, cancelled: bool) -> Replies:
    """The told verdicts of a session that is over: each one's buttons go, and an
    accepted photo's (or a clip's) words say what is true now (``Closing``)."""
    tallies, views = _tallies(photos), _views_of(photos)
    refused = tuple(
        Closing(
            p.chat_id,
            p.reply_id or 0,
            cancelled=cancelled,
            refused=verdict,
            refused_clip=p.media_kind.is_clip,
        )
        for p in _in_order(photos)
        if (verdict := _refused(p)) is not None
    )
    return refused + tuple(
        Closing(
            p.chat_id,
            p.reply_id or 0,
            # "(1 of 3)" stays true; "(3 photos). Send more, or /done." no longer is, nor a
            # warning's "press Remove this photo", nor a count with a clip's views in it,
            # "2 views from your clip so far (2 of 3)." (walk37B 6).
            count
            if (count := tallies.get(p.id))
            and (cancelled or count.accepted >= minimum or _warned(p) or count.views)
            else None,
            cancelled,
            (name, views[p.id]) if p.id in views else None,
            name if _warned(p) else None,
            asked=_asking(p),
        )
        for p in _in_order(photos)
        if _has_buttons(p, views)
    )


def unwarned(photos: list[SessionPhoto], name: str) -> Replies:
    """The verdicts of the person's session (``photos``, ``name``) that warned their face is
    unlike the others, once its faces are gone ("Forget faces", its deletion, a /forget):
    said without the instruction to open its card and press "Forget faces" (walken4 7)."""
    return tuple(
        replace(closing, unlike=None)
        for closing in _closing(photos, MIN_PHOTOS, name, cancelled=False)
        if closing.unlike is not None  # its count is set: an accepted photo's words
    )


def _asking(photo: SessionPhoto) -> bool:
    """Whether the photo's verdict still asks "Add this photo to Alice?" (not answered)."""
    return photo.status == EnrollmentPhotoStatus.REJECTED and photo.said.mark == Mark.LOOKS_LIKE


def _refused(photo: SessionPhoto) -> PhotoVerdict | None:
    """The verdict of a photo refused whose words ask for another one, or of a clip refused
    whose words say how to film the next one (told)."""
    if (
        (photo.reply_id or 0) <= 0
        or photo.status != EnrollmentPhotoStatus.REJECTED
        or photo.clip_id is not None
        or photo.said.mark is not None
    ):
        return None
    try:
        verdict = PhotoVerdict(photo.said.verdict)
    except ValueError:
        return None
    closed = texts.CLIP_REFUSED_CLOSED if photo.media_kind.is_clip else texts.REFUSED_CLOSED
    return verdict if verdict in closed else None


def _alone_and_warned(person: Enrolled, left: Sequence[SessionPhoto]) -> SessionPhoto | None:
    """The one accepted photo left in a new person's session, when its verdict still warns
    that its face is unlike the others: there are none now."""
    accepted = [p for p in left if p.status == EnrollmentPhotoStatus.ACCEPTED]
    if person.status != PersonStatus.ENROLLING or len(accepted) != 1:
        return None
    (photo,) = accepted
    return photo if photo.said.unlike and photo.clip_id is None else None


def _warned(photo: SessionPhoto) -> bool:
    """Whether the photo's verdict, accepted, warned that its face is unlike the others."""
    return photo.status == EnrollmentPhotoStatus.ACCEPTED and photo.said.unlike


def _has_buttons(photo: SessionPhoto, views: dict[UUID, tuple[float, ...]]) -> bool:
    """Whether the photo's verdict was told with buttons ("Remove this photo", "add it to
    Sara?", or a clip's "Remove these views" while it has ``views``), which no longer apply
    once the session is over."""
    return (photo.reply_id or 0) > 0 and (
        photo.status == EnrollmentPhotoStatus.ACCEPTED
        or photo.said.mark == Mark.LOOKS_LIKE
        or photo.id in views
    )


async def drop_buttons(messenger: Messenger, replies: Replies) -> None:
    """Take the buttons off a closed session's verdicts, and an accepted photo's (or a
    clip's) "Send more, or /done" (in the language the caller speaks)."""
    for verdict in replies:
        try:
            if verdict.count is None and verdict.refused is None and not verdict.asked:
                await messenger.drop_buttons(verdict.chat_id, verdict.message_id)
            else:
                await messenger.replace_text(verdict.chat_id, verdict.message_id, verdict.text())
        except TelegramUnavailable as error:
            log.info("buttons of verdict %s left on: %s", verdict.message_id, error)


async def discard_faces(store: EnrollmentStore, faces: list[SessionFace]) -> list[UUID]:
    """Delete these faces (inside a transaction), the face index to follow; their ids."""
    face_ids = [face.id for face in faces]
    await store.delete_faces(face_ids)
    return face_ids


class ApprovalCards(Protocol):
    """The organizers' side of a new person (``moderation.approvals.Approvals``): the cards
    of the approvals its enrollment asked for, posted in the admin chats."""

    async def announce(self, approval_ids: Sequence[UUID], *, tell: bool = True) -> None: ...

    async def asked_again(self, approval_ids: Sequence[UUID]) -> None:
        """Rejections asked again by photos added: their cards, and the /audit lists shown
        that offered to undo them."""

    async def told_inside(self, person_id: UUID, chat_id: int, message_id: int, line: str) -> None:
        """The message told the user the person waits for their groups' organizers, inside
        its other lines (``line``: which): redrawn with their decision."""


class ReadyNotices(Protocol):
    """Where a guardian was told a new person is ready ("Alice is ready. I'll send you… /persons,
    Alice, Birth date"), for their /forget or its deletion to make true
    (``domain.privacy.notices.Notices``)."""

    async def ready(
        self,
        chat_id: int,
        message_id: int,
        person_ids: Collection[UUID],
        *,
        groups: Sequence[str] | None = None,
        first: Mapping[str, Any] | None = None,
    ) -> None:
        """Told the user in ``chat_id`` that these persons are ready and their photos come
        (made true at "Forget faces" too); ``groups``: "… is ready… from:" those groups (a
        merge says so); ``first``: what its words were made of, said again in the person's
        new name at a rename."""

    async def photos_added_by(
        self,
        chat_id: int,
        message_id: int,
        user_id: int,
        person_id: UUID,
        count: Tally,
        again: Sequence[str],
        *,
        waiting_in: Sequence[tuple[UUID, str]] = (),
    ) -> None:
        """Told another guardian (``chat_id``) that the user ``user_id`` added photos of the
        person (``count``; the organizers of ``again`` asked again; ``waiting_in``: used
        once the organizers of those groups (id, title) approve it): said without their
        name at their /forget, and the wait as each group's organizers decide."""

    async def faces_back(self, messenger: Messenger, person_id: UUID, name: str) -> None:
        """Photos of the person were added again after "Forget faces": what said nothing
        comes until then says they were."""

    async def unlike(self, person_id: UUID, verdict: Closing) -> None:
        """An enrollment verdict of the person warned that its face is unlike the others,
        and to press its card's "Forget faces" (``verdict``: as said once its session is
        over, without the warning): said so once its faces are gone (walken4 7)."""


# Makes a person's small cover picture of one enrollment crop (a JPEG, at most this many
# pixels on a side): ``domain.infra.images.shrink_jpeg``.
Shrink = Callable[[bytes, int], bytes]


class Enrollment:
    """The guardian's side of enrolling, run by the bot."""

    def __init__(
        self,
        jobs: JobQueue,
        onboarding: Onboarding,
        blobs: BlobStore,
        messenger: Messenger,
        store: EnrollmentStore,
    ) -> None:
        self._jobs = jobs
        self._onboarding = onboarding
        self._blobs = blobs
        self._messenger = messenger
        self._store = store

    async def refusal(self, user_id: int) -> Refusal | None:
        """Why this user cannot enroll anyone yet, or None when they can."""
        if not await self._store.in_a_group(user_id):
            return Refusal.NEEDS_GROUP
        if not await self._onboarding.agreed(user_id):
            return Refusal.NEEDS_CONSENT
        return None

    async def start(self, user: TelegramUser, name: str) -> UUID:
        """A new person being enrolled; it replaces the participant's unfinished one.

        The participant's row is locked for the transaction, so that many ``/add`` at once
        leave exactly one draft (the last), never orphans."""
        if check_name(name).name != name:
            raise ValueError("a person's name must be checked with check_name first")
        participant = await self._onboarding.register(user)
        store = self._store
        async with store.transaction():
            await store.lock_participant(participant.id)
            discarded = [
                (draft_id, await self._discard_new(draft_id))
                for draft_id in await store.drafts_of(participant.id)
            ]
            person_id = await store.create_draft(participant.id, name)
        for draft_id, face_ids in discarded:
            await self._after_discard(draft_id, face_ids)
        log.info("enrollment of person %s started by participant %s", person_id, participant.id)
        return person_id

    async def _discard_new(self, person_id: UUID) -> list[UUID]:
        """Delete a person still being enrolled (inside a transaction); its face ids."""
        face_ids = await discard_faces(self._store, await self._store.enrollment_faces(person_id))
        await self._store.delete_person(person_id)
        return face_ids

    async def _after_discard(self, person_id: UUID, face_ids: list[UUID]) -> None:
        await queue_syncs(self._jobs, face_ids)
        await self._blobs.delete_prefix(person_blob_prefix(person_id))
        log.info("unfinished enrollment of person %s discarded", person_id)

    async def is_current(self, person_id: UUID, user_id: int) -> bool:
        """Whether this enrollment session is still the user's (a later /add replaces it)."""
        return await self._draft(person_id, user_id) is not None

    async def current_draft(self, user_id: int) -> UUID | None:
        """The person this user is enrolling now, if any."""
        return await self._store.current_draft(user_id)

    async def _draft(self, person_id: UUID, user_id: int) -> Enrolled | None:
        """The person photos are being added to, if this user is one of its guardians."""
        return await self._store.draft(person_id, user_id, ADDABLE)

    async def add_more(self, person_id: UUID, user_id: int) -> tuple[str, int] | None:
        """Start adding photos to an existing person: its name and the photos it needs
        (None: not allowed)."""
        person = await self._draft(person_id, user_id)
        return (person.name, _minimum(person)) if person else None

    async def add_photo(
        self,
        person_id: UUID,
        user_id: int,
        chat_id: int,
        file_id: str,
        sent_at: datetime | None = None,
        message_id: int | None = None,
        media_kind: MediaKind = MediaKind.PHOTO,
    ) -> bool:
        """Queue one photo, or a clip (``media_kind``: its views are picked by the worker),
        for checking (``sent_at``: its message's date; ``message_id``: the message, which
        its verdict answers); False when this session already has enough."""
        person = await self._draft(person_id, user_id)
        if person is None:
            return False
        if await self._store.accepted(person.id) >= MAX_PHOTOS:
            return False
        photo_id = await self._store.add_photo(
            person.id, chat_id, file_id, sent_at, message_id, media_kind
        )
        await enqueue_for(self._jobs, job_names.CHECK_ENROLLMENT_PHOTO, photo_id)
        return True

    async def finish(self, person_id: UUID, user_id: int) -> Finish:
        """``/done``: a new person needs 3 accepted photos, an enrolled one at least 1 more."""
        person = await self._draft(person_id, user_id)
        if person is None:
            return Finish(FinishOutcome.GONE)
        accepted = await self._store.accepted(person.id)
        # Checked but not told yet: its verdict is on its way (a killed worker's, older, is
        # told by the next check of the session, or never; it holds nothing up).
        pending = await self._store.checking(person.id, datetime.now(UTC) - TELLING_STALE)
        needed = _minimum(person)
        if pending:
            # Every photo sent is answered before the session ends, the last ones of an
            # album too (they would be dropped unanswered).
            return Finish(FinishOutcome.STILL_CHECKING, accepted, person.name, needed)
        if accepted < needed:
            photos = await self._store.session(person.id)
            if unanswered := _unanswered(photos):
                # What is missing is her answer, not more photos.
                return Finish(
                    FinishOutcome.UNANSWERED, accepted, person.name, needed, unanswered=unanswered
                )
            count = _tally_of(photos)
            return Finish(FinishOutcome.TOO_FEW, accepted, person.name, needed, count=count)
        async with self._store.transaction():
            # Locked: a verdict being told now either is seen here, or sees the session
            # closed and takes its own buttons off.
            photos = await self._store.lock_session(person.id)
            if person.status in UNENROLLED:
                await self._store.set_status(person.id, PersonStatus.INDEXING)
            # Photos added to an enrolled person change no status: the request row is what
            # a lost Redis cannot lose.
            await self._store.ask_to_index(person.id, user_id)
        await requests.queue(self._jobs, RequestKind.INDEX_PERSON, person.id)
        replies = _closing(photos, needed, person.name, cancelled=False)
        return Finish(FinishOutcome.FINISHING, accepted, person.name, needed, replies)

    async def take_buttons_off(self, replies: Replies) -> None:
        """Take the buttons off the verdicts of a session that is over (after /done or
        /cancel is answered: at one message a second, they may take a while)."""
        await drop_buttons(self._messenger, replies)

    async def cancel(self, person_id: UUID, user_id: int, *, new_person: bool) -> Cancelled | None:
        """Forget what this session sent: the whole person when it was new, else only the
        photos not indexed yet. None: nothing to cancel; else what went, and the verdicts
        whose buttons no longer apply (``take_buttons_off``)."""
        person = await self._draft(person_id, user_id)
        if person is None:
            return None
        store = self._store
        whole = new_person and person.status == PersonStatus.ENROLLING
        async with store.transaction():
            photos = await store.lock_session(person.id)
            needed = _minimum(person)
            faces = await (store.enrollment_faces if whole else store.unlearned_faces)(person.id)
            crops = [face.crop_key for face in faces if face.crop_key]
            face_ids = await discard_faces(store, faces)
            if whole:
                await store.delete_person(person.id)
            else:
                await store.delete_session(person.id)
        await queue_syncs(self._jobs, face_ids)
        if new_person:
            await self._blobs.delete_prefix(person_blob_prefix(person_id))
        for key in crops:
            await self._blobs.delete(key)
        log.info("enrollment session of person %s cancelled", person_id)
        # A clip's views are the clip's; a photo refused was told it was not counted, and is
        # not said to be deleted now (findings25 12: "I deleted the 1 photo you sent").
        # A photo waiting on its look-alike question was sent for the person, and goes too
        # (walkhe 2: "nothing had been sent for Noni", after 3 photos asked about).
        sent = [
            p
            for p in photos
            if p.clip_id is None and (p.status != EnrollmentPhotoStatus.REJECTED or _asking(p))
        ]
        clips = sum(p.media_kind.is_clip for p in sent)
        return Cancelled(
            person.name,
            kept=not whole and person.status not in UNENROLLED,
            photos=len(sent) - clips,
            clips=clips,
            replies=_closing(photos, needed, person.name, cancelled=True),
        )

    async def remove_photo(
        self, photo_id: UUID, user_id: int, session_person_id: UUID | None
    ) -> PhotoOutcome:
        """Take back one accepted photo of the open session: its face, point and crop."""
        return await self._take_back(photo_id, user_id, session_person_id, clip=False)

    async def remove_clip_views(
        self, clip_id: UUID, user_id: int, session_person_id: UUID | None
    ) -> PhotoOutcome:
        """Take back the views kept from one clip of the open session: their faces, points
        and crops. The clip's own row stays (the same message sent again adds nothing)."""
        return await self._take_back(clip_id, user_id, session_person_id, clip=True)

    async def _take_back(
        self, photo_id: UUID, user_id: int, session_person_id: UUID | None, *, clip: bool
    ) -> PhotoOutcome:
        """``remove_photo`` (a photo) or ``remove_clip_views`` (a clip's views): only the
        presser's own open session's, not learned yet; the other verdicts whose count
        changed are retold."""
        store = self._store
        async with store.transaction():
            photo = await store.lock_photo(photo_id)
            person = await self._draft(session_person_id, user_id) if session_person_id else None
            if photo is None or person is None or photo.person_id != person.id:
                return PhotoOutcome(PhotoAnswer.EXPIRED)
            session = await store.session(person.id)
            if clip:  # the views kept from it (none when it is no clip)
                taken = [p for p in session if p.clip_id == photo.id]
            else:  # a view is no photo: taken back only with its clip's
                taken = [photo] if photo.clip_id is None else []
            taken = [p for p in taken if p.status == EnrollmentPhotoStatus.ACCEPTED]
            face_ids = [p.face_id for p in taken if p.face_id is not None]
            if (
                not taken
                or len(face_ids) != len(taken)
                or any([await store.is_prototype(f) for f in face_ids])  # already learned
            ):
                return PhotoOutcome(PhotoAnswer.EXPIRED)
            faces = [await store.face(f) for f in face_ids]
            crops = [face.crop_key for face in faces if face is not None and face.crop_key]
            for p in taken:
                await store.delete_photo(p.id)
            await store.delete_faces(face_ids)
            gone = {p.id for p in taken}
            left = [p for p in session if p.id not in gone]
            if alone := _alone_and_warned(person, left):
                # A new person's one face left has nothing to be unlike.
                said = replace(alone.said, unlike=False)
                await store.record_verdict(alone.id, alone.status, said, alone.face_id)
                left = [replace(p, said=said) if p.id == alone.id else p for p in left]
        await queue_syncs(self._jobs, face_ids)
        for crop in crops:
            await self._blobs.delete(crop)
        log.info(
            "enrollment %s %s of person %s removed",
            "clip's views" if clip else "photo",
            photo_id,
            person.id,
        )
        # The verdicts after it counted it: each says its count as it is now.
        before, after, views = _tallies(session), _tallies(left), _views_of(left)
        minimum = _minimum(person)
        retold = tuple(
            Retold(
                p.chat_id,
                p.reply_id or 0,
                p.id,
                count,
                minimum,
                person.name if p.said.unlike else None,
                views.get(p.id, ()),
                person.name,
            )
            for p in left
            if (count := after.get(p.id)) is not None
            and (count != before.get(p.id) or (alone is not None and p.id == alone.id))
            and (p.reply_id or 0) > 0
        )
        now = _tally_of(await store.session(person.id))
        return PhotoOutcome(
            PhotoAnswer.REMOVED,
            now.accepted,
            minimum,
            person.id,
            retold=retold,
            count=now,
            views=len(taken) if clip else 0,
        )

    async def answer_looks_like(
        self,
        photo_id: UUID,
        user_id: int,
        session_person_id: UUID | None,
        other_id: UUID,
        *,
        same: bool,
    ) -> PhotoOutcome:
        """The guardian's answer to "This looks like Sara; add this photo to Sara?".

        Yes: this photo, and only this one, goes to Sara: checked again as Sara's, then
        learned at once (``EnrollmentFaces.check_photo``); the session goes on for the
        person it enrolls, with its other photos (a parent enrolling Ben who sent one photo
        of Sara among Ben's means that photo).
        No: the photo is checked again, no longer compared with Sara; "I'm checking the
        photo again…" is said under the question, and becomes the new verdict once told.
        """
        store = self._store
        async with store.transaction():
            photo = await store.lock_photo(photo_id)
            draft = await self._draft(session_person_id, user_id) if session_person_id else None
            other = await store.draft(other_id, user_id, ENROLLED)
            if (
                photo is None
                or photo.status != EnrollmentPhotoStatus.REJECTED
                or photo.said != Said(mark=Mark.LOOKS_LIKE, about=other_id)
                or draft is None
                or other is None
                or photo.person_id != draft.id
            ):
                return PhotoOutcome(PhotoAnswer.EXPIRED)
            # Checked again: its new verdict is told anew.
            if not same:
                await store.recheck(photo.id, Said(mark=Mark.NOT_PERSON, about=other.id), draft.id)
            else:
                await store.recheck(photo.id, Said(mark=Mark.ADDED_FROM, about=draft.id), other.id)
        if not same:
            await self._say_checking_again(photo)
        await enqueue_for(self._jobs, job_names.CHECK_ENROLLMENT_PHOTO, photo.id)
        if not same:
            return PhotoOutcome(PhotoAnswer.DIFFERENT, person_id=draft.id, name=draft.name)
        log.info("enrollment photo %s of person %s goes to person %s", photo.id, draft.id, other.id)
        return PhotoOutcome(
            PhotoAnswer.ADDED,
            # What the session still holds (sent, checked or not): "your other photos";
            # its accepted ones counted, views from a clip told apart.
            len(session := await store.session(draft.id)),
            person_id=other.id,
            name=other.name,
            session_name=draft.name,
            count=_tally_of(session),
        )

    async def _say_checking_again(self, photo: SessionPhoto) -> None:
        """Said before the check is queued, so its verdict finds the message to replace."""
        try:
            message_id = await self._messenger.send_text(
                photo.chat_id, texts.different_person(), reply_to=photo.reply_id
            )
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable):
            return  # the verdict is told anew, as a reply to the photo
        await self._store.set_checking(photo.id, message_id)


class EnrollmentFaces:
    """The faces of an enrollment: each photo's face judged with the model, then the
    person's accepted faces indexed as its prototypes (the worker)."""

    def __init__(
        self,
        engine: FaceEngine,
        index: FaceIndex,
        messenger: Messenger,
        blobs: BlobStore,
        thresholds: MatchThresholds,
        jobs: JobQueue | None,
        *,
        store: EnrollmentStore,
        approvals: ApprovalCards,
        shrink: Shrink,
        clips: ClipFrames | None = None,
        events: EventBus | None = None,
        notices: ReadyNotices | None = None,
    ) -> None:
        self._engine = engine
        self._events = events  # None: nobody reacts to a person learned
        self._notices = notices  # None: "Alice is ready" is not made true at /forget
        self._clips = clips  # None: a clip sent while enrolling is unreadable
        self._index = index
        self._messenger = messenger
        self._blobs = blobs
        self._thresholds = thresholds
        self._jobs = jobs  # None: a photo added to another person is learned by reconcile
        self._store = store
        self._approvals = approvals
        self._shrink = shrink

    async def check_photo(self, enrollment_photo_id: UUID, attempt: int = 1) -> None:
        """Judge one photo and tell the guardian; ``attempt`` counts the runs of this check
        (an image the engine keeps failing on is judged unreadable at the last one).

        An answer to the verdict that came while it was being told ("Yes, add to Alice"
        pressed at once) asks for this job while it still runs: the queue runs it again
        once it ends (``domain.infra.arq_queue``), and that run checks the photo afresh."""
        submitted = await self._store.photo(enrollment_photo_id)
        if submitted is None:
            return
        if submitted.status != EnrollmentPhotoStatus.PENDING:
            await self._tell(submitted.person_id)
            return
        if submitted.media_kind.is_clip:
            await self._check_clip(submitted, attempt)
            return
        looks_like: UUID | None = None
        unlike = False
        try:
            data = await self._messenger.download(submitted.file_id)
            found = await analyze_bounded(
                self._engine,
                data,
                crops=True,
                attempt=attempt,
                what=f"enrollment photo {submitted.id}",
            )
            verdict, face = judge(found.faces)
            added = submitted.said.mark == Mark.ADDED_FROM
            if face is not None and await self._same_picture(face, submitted.person_id):
                # Added to another of the guardian's persons ("Yes, add to Alice") too: the
                # same picture twice would be two agreeing prototypes of one photo.
                refused = PhotoVerdict.SAME_PICTURE_ADDED if added else PhotoVerdict.SAME_PICTURE
                verdict, face = refused, None
            elif face is not None and not added:  # added: the guardian said whose it is
                verdict, looks_like = await self._already_enrolled(face, submitted)
            if face is not None and not added and verdict == PhotoVerdict.ACCEPTED:
                unlike = await self._unlike_the_others(face, submitted.person_id)
        except ImageError as error:
            log.info("enrollment photo %s unreadable: %s", submitted.id, error)
            verdict, face = PhotoVerdict.UNREADABLE, None
        except ChatUnavailable as error:
            log.info("enrollment photo %s cannot be fetched: %s", submitted.id, error)
            verdict, face = PhotoVerdict.UNREADABLE, None
        except TelegramUnavailable as error:
            raise TryAgainLater(error.retry_after or 5) from None

        face_id = uuid.uuid5(FACE_IDS, str(submitted.id))
        crop = session_crop_key(face_id)
        store = self._store
        async with store.transaction():
            still = await self._still_to_check(submitted.id)
            if still is None:
                return
            locked, person = still
            if looks_like == person.id:
                verdict, looks_like = PhotoVerdict.ACCEPTED, None
            if verdict == PhotoVerdict.ACCEPTED and face is not None:
                # Checked again with the person's faces held: a copy of this photo checked
                # at the same time (an album) was not indexed yet when we looked above.
                await store.lock_faces_of(person.id)
                if await self._same_picture(face, person.id):
                    verdict = (
                        PhotoVerdict.SAME_PICTURE_ADDED
                        if locked.said.mark == Mark.ADDED_FROM
                        else PhotoVerdict.SAME_PICTURE
                    )
            accepted = await store.accepted(person.id)
            if verdict == PhotoVerdict.ACCEPTED and accepted >= MAX_PHOTOS:
                verdict = PhotoVerdict.ENOUGH_ALREADY
            kept = face if verdict == PhotoVerdict.ACCEPTED else None
            if kept is not None:
                await store.create_face(
                    face_id, person.id, kept, crop if kept.crop else None, locked.sent_at
                )
            said = _said(locked.said, verdict, looks_like, kept=kept is not None, unlike=unlike)
            added_now = kept is not None and said.mark == Mark.ADDED_FROM
            if added_now:
                # Learned on its own, as "Add photos" would (the guardian is told then).
                await store.ask_to_index(person.id, locked.chat_id)
            await store.record_verdict(
                locked.id,
                EnrollmentPhotoStatus.ACCEPTED if kept else EnrollmentPhotoStatus.REJECTED,
                said,
                face_id if kept else None,
            )
            if kept is not None:
                # Indexed while the person's faces are held (``lock_faces_of``): the next
                # check of this person finds it.
                await self._index.upsert(
                    [IndexedFace(face_id=face_id, embedding=kept.embedding, person_id=person.id)]
                )

        if kept is not None:
            if kept.crop:
                await self._blobs.put(
                    crop,
                    kept.crop,
                    expires_at=datetime.now(UTC) + SESSION_CROP_KEEP,
                    content_type="image/jpeg",
                )
            if not await store.face_exists(face_id):
                # Cancelled or removed while we wrote: take back what we just stored.
                await self._index.delete(FaceFilter(face_ids=[face_id]))
                await self._blobs.delete(crop)
                return
        await self._tell(person.id)
        if kept is not None:
            await self._reweigh(person.id)
        if kept is not None and added_now and self._jobs is not None:
            await requests.queue(self._jobs, RequestKind.INDEX_PERSON, person.id)

    async def _still_to_check(self, photo_id: UUID) -> tuple[SessionPhoto, Enrolled] | None:
        """Inside a transaction: the photo, locked and still to be checked, and its person,
        who may still be added to; None when it was cancelled or checked by another run, or
        its person is being deleted (the photo goes with them)."""
        store = self._store
        locked = await store.lock_photo(photo_id)
        if locked is None or locked.status != EnrollmentPhotoStatus.PENDING:
            return None
        # The session may have moved to another person while we looked.
        person = await store.person(locked.person_id)
        if person is None or person.status not in ADDABLE:
            await store.delete_photo(locked.id)
            return None
        return locked, person

    async def _check_clip(self, clip: SessionPhoto, attempt: int) -> None:
        """A clip sent as a photo: its main face's sharpest, most different views
        (``clip_views.pick_views``, up to the room the session has left), each checked as
        a photo's face is (another family's child, a look-alike of the guardian's own) and
        kept as if it were a photo sent; its verdict says what was kept, or why nothing."""
        refused: PhotoVerdict | None = None
        kept: list[ClipView] = []
        unlike: list[bool] = []
        try:
            if self._clips is None:
                raise ImageError("no clip reader in this process")
            data = await self._messenger.download(clip.file_id)
            _, frames = await self._clips.frame_faces(
                data, attempt=attempt, what=f"enrollment clip {clip.id}", longest_s=LONGEST_CLIP_S
            )
            room = MAX_PHOTOS - await self._store.accepted(clip.person_id)
            picked = pick_views(frames, min(room, VIEWS_PER_CLIP))
            refused = picked.refused
            if room <= 0:
                refused = PhotoVerdict.ENOUGH_ALREADY
            again = False  # a view the person has already (the same clip sent again)
            for view in picked.views if room > 0 else []:
                if await self._same_picture(view.face, clip.person_id):
                    again = True
                    continue
                verdict, looks_like = await self._already_enrolled(view.face, clip)
                if verdict == PhotoVerdict.ACCEPTED or looks_like == clip.person_id:
                    kept.append(view)
                    unlike.append(await self._unlike_the_others(view.face, clip.person_id))
                else:
                    refused = verdict  # someone else's, or one of the guardian's own
            if again and not kept and refused is None:
                refused = PhotoVerdict.SAME_PICTURE
        except VideoTooLong as error:
            log.info("enrollment clip %s too long: %s", clip.id, error)
            refused = PhotoVerdict.TOO_LONG
        except ImageError as error:
            log.info("enrollment clip %s unreadable: %s", clip.id, error)
            refused = PhotoVerdict.UNREADABLE
        except ChatUnavailable as error:
            log.info("enrollment clip %s cannot be fetched: %s", clip.id, error)
            refused = PhotoVerdict.UNREADABLE
        except TelegramUnavailable as error:
            raise TryAgainLater(error.retry_after or 5) from None

        store = self._store
        stored: list[tuple[UUID, ClipView]] = []
        async with store.transaction():
            still = await self._still_to_check(clip.id)
            if still is None:
                return
            locked, person = still
            if kept:
                # Checked again with the person's faces held: a copy of this clip checked at
                # the same time (an album) was not indexed yet when we looked above.
                await store.lock_faces_of(person.id)
                new = [
                    (view, far)
                    for view, far in zip(kept, unlike, strict=True)
                    if not await self._same_picture(view.face, person.id)
                ]
                if not new and refused is None:
                    refused = PhotoVerdict.SAME_PICTURE
                kept, unlike = [view for view, _ in new], [far for _, far in new]
            room = MAX_PHOTOS - await store.accepted(person.id)  # photos checked meanwhile
            if kept and room <= 0:
                refused = PhotoVerdict.ENOUGH_ALREADY
            for number, view in enumerate(kept[: max(room, 0)]):
                face_id = uuid.uuid5(FACE_IDS, f"{locked.id}/{number}")
                crop = session_crop_key(face_id) if view.face.crop else None
                await store.create_face(face_id, person.id, view.face, crop, locked.sent_at)
                # Its verdict is the clip's: never told on its own.
                await store.add_view(
                    uuid.uuid5(FACE_IDS, f"{locked.id}/view/{number}"),
                    locked,
                    view.at_s,
                    face_id,
                    NOT_TOLD,
                )
                stored.append((face_id, view))
            verdict = PhotoVerdict.ACCEPTED if stored else refused or PhotoVerdict.NO_FACE
            # The clip itself is no face: its views are the accepted photos.
            await store.record_verdict(
                locked.id,
                EnrollmentPhotoStatus.REJECTED,
                Said(verdict.value, unlike=bool(unlike) and all(unlike)),
                None,
            )
            # Indexed while the person's faces are held (``lock_faces_of``).
            await self._index.upsert(
                [
                    IndexedFace(face_id=face_id, embedding=view.face.embedding, person_id=person.id)
                    for face_id, view in stored
                ]
            )
        for face_id, view in stored:
            if view.face.crop:
                await self._blobs.put(
                    session_crop_key(face_id),
                    view.face.crop,
                    expires_at=datetime.now(UTC) + SESSION_CROP_KEEP,
                    content_type="image/jpeg",
                )
        gone = [face_id for face_id, _ in stored if not await store.face_exists(face_id)]
        if gone:
            # Cancelled while we wrote: take back what we just stored.
            await self._index.delete(FaceFilter(face_ids=gone))
            for face_id in gone:
                await self._blobs.delete(session_crop_key(face_id))
            return
        await self._tell(person.id)
        if stored:
            await self._reweigh(person.id)

    async def _tell(self, person_id: UUID) -> None:
        """Send the session's verdicts not told yet, each as a reply to its photo, in the
        order the photos were sent (an album's are checked at once and finish in any
        order), each with the count true when it is read. A photo still being checked holds
        back the ones sent after it: its own check tells them."""
        while batch := await self._claim_verdicts(person_id):
            for told in batch:
                await self._tell_one(told)

    async def _claim_verdicts(self, person_id: UUID) -> list[_Told]:
        """The verdicts this worker is to send now, marked as being sent (none while another
        worker sends some: it sends those after them too)."""
        batch: list[_Told] = []
        store = self._store
        async with store.transaction():
            person = await store.person(person_id)
            if person is None:
                return []
            photos = await store.lock_session(person_id)
            stale = datetime.now(UTC) - TELLING_STALE

            def told(photo: SessionPhoto) -> bool:
                if photo.reply_id == BEING_TOLD:
                    return photo.updated_at > stale
                return photo.reply_id is not None

            if any(p.reply_id == BEING_TOLD and told(p) for p in photos):
                return []
            # A clip's views count once its verdict, which tells them, is told.
            clips_told = {p.id for p in photos if p.media_kind.is_clip and told(p)}
            accepted = _tally_of(
                [p for p in photos if (told(p) if p.clip_id is None else p.clip_id in clips_told)]
            )
            for photo in photos:
                if photo.clip_id is not None or told(photo):
                    continue
                if photo.status == EnrollmentPhotoStatus.PENDING:
                    break
                if photo.media_kind.is_clip:
                    batch.append(
                        self._clip_told(photo, photos, accepted, _minimum(person), person.name)
                    )
                    accepted = batch[-1].accepted
                    await store.set_reply(photo.id, BEING_TOLD)
                    continue
                looks_like: Enrolled | None = None
                said = photo.said
                if photo.status == EnrollmentPhotoStatus.ACCEPTED and said.mark == Mark.ADDED_FROM:
                    # Answered when the guardian said whose it is; learning it is told.
                    await store.set_reply(photo.id, NOT_TOLD)
                    continue
                unlike, others = False, Tally()
                if photo.status == EnrollmentPhotoStatus.ACCEPTED:
                    verdict = PhotoVerdict.ACCEPTED
                    unlike = said.unlike
                    accepted = accepted.plus_photo()
                elif said.mark == Mark.LOOKS_LIKE:
                    looks_like = await store.person(said.about) if said.about else None
                    if looks_like is None:  # deleted meanwhile: nothing left to ask
                        await store.set_reply(photo.id, NOT_TOLD)
                        continue
                    verdict = PhotoVerdict.LOOKS_LIKE_YOURS
                    others = _tally_of(photos)
                elif said.mark is None and said.verdict in {v.value for v in PhotoVerdict}:
                    verdict = PhotoVerdict(said.verdict)
                else:
                    verdict = PhotoVerdict.UNREADABLE
                await store.set_reply(photo.id, BEING_TOLD)
                batch.append(
                    _Told(
                        photo.id,
                        photo.chat_id,
                        photo.message_id,
                        verdict,
                        accepted,
                        _minimum(person),
                        looks_like,
                        person.name,
                        unlike,
                        others=others,
                        checking_id=photo.checking_id,
                    )
                )
        return batch

    @staticmethod
    def _clip_told(
        clip: SessionPhoto, photos: list[SessionPhoto], accepted: Tally, minimum: int, name: str
    ) -> _Told:
        """A clip's verdict: its views kept (their times), counted after the photos told
        before it; or why none was (its own verdict)."""
        views = sorted(
            p.at_s or 0.0
            for p in photos
            if p.clip_id == clip.id and p.status == EnrollmentPhotoStatus.ACCEPTED
        )
        refused = clip.said.verdict in {v.value for v in PhotoVerdict}
        return _Told(
            clip.id,
            clip.chat_id,
            clip.message_id,
            PhotoVerdict(clip.said.verdict) if refused else PhotoVerdict.UNREADABLE,
            accepted.plus_clip(len(views)),
            minimum,
            None,
            name,
            clip.said.unlike and bool(views),
            clip=True,
            views=tuple(views),
        )

    async def _tell_one(self, told: _Told) -> None:
        async with speaking_to(told.chat_id):
            text, buttons = (
                self._clip_message(told)
                if told.clip
                else self._verdict_message(
                    told.verdict,
                    told.photo_id,
                    told.accepted,
                    told.minimum,
                    told.looks_like,
                    told.session,
                    unlike=told.unlike,
                    others=told.others,
                )
            )
        try:
            reply_id = await self._say_verdict(told, text, buttons)
        except (RecipientUnreachable, ChatUnavailable):
            log.info("could not tell %s about enrollment photo %s", told.chat_id, told.photo_id)
            reply_id = NOT_TOLD
        except TelegramUnavailable as error:
            await self._store.release_reply(told.photo_id, BEING_TOLD)
            raise TryAgainLater(error.retry_after or 5) from None
        async with self._store.transaction():
            photo = await self._store.lock_photo(told.photo_id)
            if photo is not None and photo.reply_id == BEING_TOLD:
                # Not when it was answered and checked again since (pressed as soon as it
                # came): its next verdict is to be told, not counted as this one.
                await self._store.set_reply(photo.id, reply_id)
            closed = photo is None or await self._session_closed(photo.person_id)
        if closed and buttons and reply_id > 0:
            # /done or /cancel came while it was on its way: its buttons no longer apply.
            await drop_buttons(self._messenger, (Closing(told.chat_id, reply_id),))

    async def _say_verdict(self, told: _Told, text: str, buttons: list[list[Button]]) -> int:
        """The verdict's message: "I'm checking the photo again…" edited to say it (no
        present tense left above it), else a new reply to the photo (also when the user
        deleted "I'm checking…": the verdict is news)."""
        if (
            told.checking_id is not None
            and await self._messenger.replace_text(told.chat_id, told.checking_id, text, buttons)
            == Edit.EDITED
        ):
            return told.checking_id
        return await self._messenger.send_text(
            told.chat_id, text, buttons, reply_to=told.message_id
        )

    async def _session_closed(self, person_id: UUID) -> bool:
        """Whether this person's enrollment session is over (/done, /cancel, deleted)."""
        person = await self._store.person(person_id)
        if person is None or person.status not in ADDABLE:
            return True
        return bool(await self._store.index_asks(person_id))

    @staticmethod
    def _clip_message(told: _Told) -> tuple[str, list[list[Button]]]:
        """What a clip gave, with the button that takes its views back; or why nothing."""
        if not told.views:
            return texts.clip_refused(told.verdict), []
        return clip_verdict(
            told.photo_id, told.session, told.views, told.accepted, told.minimum, unlike=told.unlike
        )

    @staticmethod
    def _verdict_message(
        verdict: PhotoVerdict,
        photo_id: UUID,
        accepted: Tally,
        minimum: int,
        looks_like: Enrolled | None,
        session: str,
        *,
        unlike: bool = False,
        others: Tally | None = None,
    ) -> tuple[str, list[list[Button]]]:
        if verdict == PhotoVerdict.LOOKS_LIKE_YOURS and looks_like is not None:
            return texts.looks_like(looks_like.name, session, others=others or Tally()), [
                [
                    AnswerLooksLike(
                        photo_id, looks_like.id, True, texts.add_to_button(looks_like.name)
                    )
                ],
                [AnswerLooksLike(photo_id, looks_like.id, False, texts.different_person_button())],
            ]
        if verdict == PhotoVerdict.SAME_PICTURE_ADDED:
            return texts.same_picture_added(session), []
        text = texts.photo_verdict(verdict, accepted.accepted, minimum)
        if verdict == PhotoVerdict.ACCEPTED:
            text = accepted_text(accepted, minimum, session if unlike else None)
            return text, [[RemoveEnrollmentPhoto(photo_id, texts.remove_photo_button())]]
        return text, []

    async def _unlike_the_others(self, face: DetectedFace, person_id: UUID) -> bool:
        """Whether the face is far from every face the person already has (this session's
        accepted ones, their prototypes, their photos): closer to none of them than the
        pack's ``suggest``, below which a group photo's face is taken for somebody else
        (``rules.unlike_the_others``). The first face of a new person has nothing to be
        unlike."""
        hits = await self._index.search(
            face.embedding, where=FaceFilter(person_ids=[person_id]), limit=1
        )
        return unlike_the_others([hit.score for hit in hits], self._thresholds.suggest)

    async def _reweigh(self, person_id: UUID) -> None:
        """Each accepted photo of the open session warned as unlike the others when, and
        only when, its face is unlike the person's other faces now: a face accepted later
        can show the earlier warning blamed the wrong photo (the walk of issue 32: another
        child's photo sent first, the child's own second was warned, and two more of her
        left the warning there and none on the first). A clip's views are weighed the same
        way, against the faces that are not the clip's own: the clip is warned when every
        view it kept is unlike them, as when it was checked. A flipped verdict already told
        is edited, its count as it was; one not told yet is told so. Photos the guardian
        said whose they are keep their words."""
        store = self._store
        session = await store.session(person_id)
        photos = [
            p
            for p in session
            if p.status == EnrollmentPhotoStatus.ACCEPTED
            and p.face_id is not None
            and p.clip_id is None
            and not p.media_kind.is_clip
            and p.said.mark != Mark.ADDED_FROM
        ]
        clips = [
            p
            for p in session
            if p.media_kind.is_clip
            and p.clip_id is None
            and p.said.verdict == PhotoVerdict.ACCEPTED.value
            and p.said.mark != Mark.ADDED_FROM
        ]
        views = [
            v
            for v in session
            if v.clip_id in {c.id for c in clips}
            and v.status == EnrollmentPhotoStatus.ACCEPTED
            and v.face_id is not None
        ]
        vectors = await self._index.vectors([p.face_id for p in [*photos, *views] if p.face_id])
        photos = [p for p in photos if p.face_id in vectors]
        views = [v for v in views if v.face_id in vectors]
        if len(photos) + len(views) < 2:
            return
        weighed = [*photos, *views]
        found = await self._index.search_batch(
            [vectors[p.face_id] for p in weighed if p.face_id],
            where=FaceFilter(person_ids=[person_id]),
            limit=VIEWS_PER_CLIP + 3,  # room for a clip's own views, which are not others
        )
        far: dict[UUID, list[bool]] = {}  # each clip's views: unlike the others, or not
        flipped: list[SessionPhoto] = []
        for photo, hits in zip(weighed, found, strict=True):
            own = {v.face_id for v in views if v.clip_id == photo.clip_id} | {photo.face_id}
            others = [h.score for h in hits if h.face_id not in own]
            unlike = unlike_the_others(others, self._thresholds.suggest)
            if photo.clip_id is not None:
                far.setdefault(photo.clip_id, []).append(unlike)
            elif unlike != photo.said.unlike:
                flipped.append(photo)
        flipped += [
            clip for clip in clips if clip.id in far and all(far[clip.id]) != clip.said.unlike
        ]
        if not flipped:
            return
        retold: list[Retold] = []
        async with store.transaction():
            person = await store.person(person_id)
            if person is None or await self._session_closed(person_id):
                return  # learned or gone: its closing words stand
            session = await store.lock_session(person_id)
            now = {p.id: p for p in session}
            tallies, kept_views = _tallies(session), _views_of(session)
            for was in flipped:
                current = now.get(was.id)
                if current is None or current.said != was.said or current.face_id != was.face_id:
                    continue  # changed meanwhile: its own check weighed it
                said = replace(current.said, unlike=not current.said.unlike)
                await store.record_verdict(current.id, current.status, said, current.face_id)
                if (current.reply_id or 0) > 0 and current.id in tallies:
                    retold.append(
                        Retold(
                            current.chat_id,
                            current.reply_id or 0,
                            current.id,
                            tallies[current.id],
                            _minimum(person),
                            person.name if said.unlike else None,
                            kept_views.get(current.id, ()),
                            person.name,
                        )
                    )
        for verdict in retold:
            async with speaking_to(verdict.chat_id):
                text, buttons = verdict.message()
            try:
                await self._messenger.replace_text(
                    verdict.chat_id, verdict.message_id, text, buttons
                )
            except TelegramUnavailable:
                log.info("could not re-word enrollment verdict %s", verdict.photo_id)

    async def _same_picture(self, face: DetectedFace, person_id: UUID) -> bool:
        """Whether the face is the same picture (the same photo, or a copy of it) as a face
        the person already has from enrollment: this session's accepted ones or the
        prototypes pinned from earlier sessions (``rules.same_picture``). Faces found in
        group photos are not compared: they are no photo the guardians sent."""
        hits = await self._index.search(
            face.embedding,
            where=FaceFilter(person_ids=[person_id]),
            limit=10,
            min_score=SAME_PICTURE_AT,
        )
        return same_picture([hit.score for hit in hits if hit.photo_id is None])

    async def _already_enrolled(
        self, face: DetectedFace, photo: SessionPhoto
    ) -> tuple[PhotoVerdict, UUID | None]:
        """Whether the face already is an enrolled person of the groups the guardian is in.

        Compared as a group photo would be, with the pack's ``auto`` threshold: one of the
        guardian's own persons is asked about (LOOKS_LIKE_YOURS, with the person); another
        guardian's is refused (SOMEONE_ELSES, never named) only when the photo is clearly
        that child (``rules.clearly_someone_elses``: small children who are not related
        reach ``auto``); merely alike, it is accepted, and matching asks between the two.
        One prototype is enough here, although a group photo also needs a second prototype
        to agree (``matching.MIN_AGREEING``) before it is sent without asking: a guard that
        refuses or asks errs the other way from one that sends.
        """
        found = await self._store.look_alikes(photo.person_id, photo.chat_id)
        if found is None:
            return PhotoVerdict.ACCEPTED, None
        declined = {
            p.said.about
            for p in await self._store.session(photo.person_id)
            if p.said.mark == Mark.NOT_PERSON
        }
        persons = [p for p in found.persons if p not in declined]
        if not persons:
            return PhotoVerdict.ACCEPTED, None
        hits = await self._index.search(
            face.embedding,
            where=FaceFilter(person_ids=list(persons), is_prototype=True),
            limit=min(500, max(50, 10 * len(persons))),
            min_score=self._thresholds.auto,
        )
        best = best_by_person([(hit.person_id, hit.score) for hit in hits])
        if not best:
            return PhotoVerdict.ACCEPTED, None
        for candidate in sorted(best, key=lambda p: best[p], reverse=True):
            if candidate in found.own:
                return PhotoVerdict.LOOKS_LIKE_YOURS, candidate
            if clearly_someone_elses(best[candidate], self._thresholds.auto):
                return PhotoVerdict.SOMEONE_ELSES, None
        # Only alike (small children often are): matching asks between look-alikes.
        return PhotoVerdict.ACCEPTED, None

    async def index_person(self, person_id: UUID) -> None:
        """Turn this session's accepted faces into prototypes, keep one small cover crop,
        delete the session's other crops and tell the guardians."""
        store = self._store
        asked = await store.index_asks(person_id)
        person = await store.person(person_id)
        if person is None or person.status not in (PersonStatus.INDEXING, *ADDABLE):
            await store.indexed(asked)
            return
        first_time = person.status == PersonStatus.INDEXING
        faces = await store.accepted_faces(person.id)
        if not first_time and not faces:
            await store.indexed(asked)  # learned already (this job ran before): said once
            return
        face_ids = [face.id for face in faces]
        await self._index.set_person(face_ids, person.id)
        if first_time:  # its only prototypes: which picture each is of, kept with them
            vectors = await self._index.vectors(face_ids)
            await prototype_choice.keep_pictures(self._index, person.id, vectors, face_ids)
        # (later sessions ask for the prototypes to be chosen again, which works it out)
        await self._index.set_prototype(face_ids, True)
        cover = await self._cover(person, faces)
        session_crops = [f.crop_key for f in faces if f.crop_key]  # the cover is a copy
        # Who sent this session's photos (their private chat): the others are told by whom.
        senders = await store.senders(person.id)
        # What is learned, told as sent: a clip's views are no photos.
        session = await store.session(person.id)
        learned = _tally_of(session)
        if self._notices is not None:  # the warnings: their instruction goes with the faces
            for verdict in unwarned(session, person.name):
                await self._notices.unlike(person.id, verdict)
        # Matched at once, except in groups whose organizers approve new persons.
        status = PersonStatus.ACTIVE if first_time else person.status
        async with store.transaction():
            # The session is over: what was sent is now only measurements, and one cover.
            await store.end_session(
                person, face_ids, (cover, cover_key(person.id)) if cover else None, status
            )
            # New photos ask again the organizers who rejected the person: they may show
            # what the rejection said the first ones did not.
            waiting = await (store.ask_for_approval if first_time else store.ask_again)(person.id)
            if not first_time:  # more pinned prototypes: less room for learned ones
                await prototype_choice.ask([person.id])
            await store.indexed(asked)
        for key in session_crops:
            await self._blobs.delete(key)
        log.info("person %s indexed with %d new prototypes", person.id, len(face_ids))
        approval_ids = [approval.approval_id for approval in waiting]
        if first_time:
            await self._approvals.announce(approval_ids, tell=False)
        else:
            await self._approvals.asked_again(approval_ids)
        await self._tell_indexed(
            replace(person, status=status), learned, waiting, senders, first_time=first_time
        )
        if self._events is not None:  # its cards and lists shown say what it is now
            await self._events.publish(PersonEnrolled(person.id))

    async def _tell_indexed(
        self,
        person: Enrolled,
        learned: Tally,
        waiting: list[Waiting],
        senders: set[int],
        *,
        first_time: bool,
    ) -> None:
        """Tell each guardian the session is learned: who added photos (``senders``: the
        chats they came from), or where the new person is recognized now and where it
        waits for the organizers."""
        guardians = await self._store.guardians(person.id)
        groups = await self._store.groups_of([g.id for g in guardians])
        sender = next((g for g in guardians if g.telegram_user_id in senders), None)
        blocked: set[str] = set() if first_time else await self._store.not_recognized_in(person.id)
        for guardian in guardians:
            # Each guardian hears of their own groups only (not a co-guardian's).
            ours = sorted(
                (title, group) for member, group, title in groups if member == guardian.id
            )
            theirs = [title for title, _group in ours]
            again = sorted({a.group_title for a in waiting} & set(theirs))
            # Recognized in none of them yet: the photos are used once the organizers approve.
            waits_in = ours if theirs and set(theirs) <= blocked else []
            waiting_in = [title for title, _group in waits_in]
            mine = [a for a in waiting if a.participant_id == guardian.id]
            later = sorted(a.group_title for a in mine)
            # What "Alice is ready…" is made of, to say it again in the new name at a rename
            # (one that waits for the organizers is redrawn at their decision instead).
            first: dict[str, Any] | None = None
            async with speaking_to(guardian.telegram_user_id):
                if not first_time and sender is not None and sender.id != guardian.id:
                    message = texts.photos_added_by(
                        sender.first_name or "?", person.name, learned, waiting_in
                    )
                elif not first_time:
                    message = texts.photos_added(person.name, learned, waiting_in)
                elif person.status == PersonStatus.ACTIVE:
                    unset = sorted(a.group_title for a in mine if not a.has_admin_chat)
                    message = (
                        texts.enrollment_ready_waiting(
                            person.name,
                            [t for t in theirs if t not in later],
                            later,
                            unset,
                            await self._organized(guardian.telegram_user_id, mine),
                        )
                        if later
                        else texts.enrollment_ready(
                            person.name, theirs, ask_birth_date=person.birth_date is None
                        )
                    )
                    if not later:
                        birth = person.birth_date is None
                        first = {"text": FirstSaid.READY, "groups": theirs, "birth": birth}
                else:
                    message = texts.enrollment_awaiting_approval(person.name)
                if again and not first_time:
                    message += "\n\n" + texts.organizers_asked_again(person.name, again)
            try:
                sent = await self._messenger.send_text(guardian.telegram_user_id, message)
            except (RecipientUnreachable, ChatUnavailable):
                log.info("could not tell participant %s about person %s", guardian.id, person.id)
                continue
            waits = first_time and person.status == PersonStatus.ACTIVE and bool(later)
            if waits or (not first_time and waiting_in):
                # "…the organizers approve new persons first: I'll tell you when they
                # decide", "I'll use it once the organizers… approve": redrawn at their
                # decision, and at approval off and on (walkhe2 1, 9, walken4 2).
                line = WaitingSaid.READY if first_time else WaitingSaid.ADDED
                await self._approvals.told_inside(person.id, guardian.telegram_user_id, sent, line)
            by_other = not first_time and sender is not None and sender.id != guardian.id
            if by_other and sender is not None and self._notices is not None:
                # "Ann added 3 photos of Alice…": without her name at her /forget (issue 32);
                # "… I'll use them once the organizers of Class 1A approve Alice" too, and
                # redrawn at their decision.
                await self._notices.photos_added_by(
                    guardian.telegram_user_id,
                    sent,
                    sender.telegram_user_id,
                    person.id,
                    learned,
                    again,
                    waiting_in=[(group, title) for title, group in waits_in],
                )
            ready = first_time and person.status == PersonStatus.ACTIVE
            if (ready or waiting_in) and self._notices is not None:
                # "Alice is ready… (/persons, Alice, Birth date)": said in the past at their
                # /forget, and at Alice's deletion (issue 32: it kept sending to a card);
                # "Added… I'll use it once…" too (walken4 2).
                await self._notices.ready(
                    guardian.telegram_user_id,
                    sent,
                    [person.id],
                    # "… is ready… from: Class 1A": a merge of it says so (walken7 6).
                    groups=theirs if ready and not later else None,
                    first=first,
                )
        if first_time and person.status == PersonStatus.ACTIVE and self._notices is not None:
            # Enrolled again after "Forget faces": "Since then every face of Alice was
            # deleted: I send no photos…" says they were added again (walken4 6).
            await self._notices.faces_back(self._messenger, person.id, person.name)

    async def _organized(self, user_id: int, waiting: Sequence[Waiting]) -> list[str]:
        """The admin chats (titles, "" when unknown) where the cards of ``waiting`` wait for
        this user, an organizer of their groups: told so, not "I'll tell you when they
        decide" as of others (walkmore 5). Asked of Telegram; unanswered: not said."""
        chats: list[str] = []
        for asked in waiting:
            if not asked.has_admin_chat or not asked.group_chat_id:
                continue
            try:
                status = await self._messenger.member_status(asked.group_chat_id, user_id)
            except (ChatUnavailable, RecipientUnreachable, TelegramUnavailable):
                continue
            if status in ORGANIZER_STATUSES and asked.admin_chat_title not in chats:
                chats.append(asked.admin_chat_title)
        return chats

    async def _cover(self, person: Enrolled, session: list[SessionFace]) -> UUID | None:
        """Write a new cover from the session's best crop when the person has none; the
        face it shows (None: the current cover stays, or there is no crop to make one)."""
        key = cover_key(person.id)
        current = person.cover_face_id is not None and await self._store.has_cover(
            person.id, person.cover_face_id, key
        )
        if current and await self._blobs.exists(key):
            return None
        for face in session:  # best quality first
            if not face.crop_key:
                continue
            try:
                crop = await self._blobs.get(face.crop_key)
            except BlobNotFound:
                continue
            await self._blobs.put(
                key, self._shrink(crop, COVER_MAX_SIDE), content_type="image/jpeg"
            )
            return face.id
        return None


def _said(
    recorded: Said, verdict: PhotoVerdict, looks_like: UUID | None, *, kept: bool, unlike: bool
) -> Said:
    """A checked photo's verdict as recorded: a look-alike of one of the guardian's persons
    is marked so (to ask); a "not that person" or "it is this one" of an accepted photo
    stays (not asked about again; learned now); else the check's verdict. An accepted face
    unlike the person's others says so too."""
    if verdict == PhotoVerdict.LOOKS_LIKE_YOURS and looks_like is not None:
        said = Said(mark=Mark.LOOKS_LIKE, about=looks_like)
    elif kept and recorded.mark in (Mark.NOT_PERSON, Mark.ADDED_FROM):
        said = recorded
    else:
        said = Said(verdict.value)
    if kept and unlike and looks_like is None:
        said = replace(said, unlike=True)
    return said
