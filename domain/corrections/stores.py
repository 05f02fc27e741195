"""What the corrections' services ask of the database, in their words: the ports their
stores implement (on tortoise: ``domain/infra/stores/corrections.py``; in memory, for the
unit tests of the rules they free: ``tests/fakes/corrections.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Protocol
from uuid import UUID

from domain.corrections.clip_questions import Turn
from domain.persons.stores import CopyTold
from domain.states import (
    DeliveryStatus,
    OfferStatus,
    PersonStatus,
    QuestionMode,
    SuggestionStatus,
)
from domain.telegram import Button

Sent = list[tuple[int, int]]  # the messages a question went as: (chat id, message id)


@dataclass(frozen=True, slots=True)
class Asked:
    """An open question ("Is this Alice?") as its expiry reads it: about which face, and
    where it was sent."""

    id: UUID
    face_id: UUID
    sent_to: Sent


class CropStore(Protocol):
    """The database side of ``crops.drop_crop``: a question's face crop."""

    async def crop_to_drop(self, face_id: UUID) -> str | None:
        """The crop of the face (of a group's photo) when nothing needs it any more: no
        question about the face open, none about to be asked (the next family's). None:
        it stays, or there is none."""

    async def crop_dropped(self, face_id: UUID, crop_key: str) -> None:
        """The face no longer has this crop (a newer one it was given meanwhile stays)."""


class ExpiryStore(CropStore, Protocol):
    """The database side of ``expiry.QuestionExpiry``."""

    async def unanswered(self, asked_before: datetime, limit: int) -> list[Asked]:
        """The open questions asked before ``asked_before``, oldest first, ``limit`` at most."""

    async def expire(self, suggestion_id: UUID, at: datetime) -> bool:
        """The question, if still open, expired and withdrawn at ``at``, in one conditional
        statement: an answer that came first wins. Whether it expired now."""


class NextFamilyAsks(Protocol):
    """What ``next_family.ask`` reads and writes, inside the transaction of the "no"."""

    async def question_count(self, face_id: UUID) -> int:
        """How many questions the face brought, answered or not."""

    async def any_open(self, face_id: UUID) -> bool:
        """Whether a question about the face is still open."""

    async def ask_next_family(self, face_id: UUID) -> None:
        """Record the request to ask the next family about the face (an outbox row, in the
        caller's transaction: written with the "no", or not at all)."""


@dataclass(frozen=True, slots=True)
class Unasked:
    """A face the next family may be asked about: nobody's, of a photo still shown in a
    group still active; where and when it was posted, and the group's strictness."""

    group_id: UUID
    posted_on: date
    strictness: int


class NextFamilyStore(NextFamilyAsks, CropStore, Protocol):
    """The database side of ``next_family.NextFamily``."""

    async def asked(self, face_id: UUID) -> list[UUID]:
        """The open requests to ask the next family about the face, oldest first."""

    async def mark_done(self, asks: list[UUID]) -> None:
        """These requests are done (again is harmless)."""

    async def unasked(self, face_id: UUID) -> Unasked | None:
        """The face (of a group's photo) while the next family may be asked about it;
        None: it is somebody's, its photo was taken down, its group is gone, or no face."""

    async def left_out(self, face_id: UUID) -> set[UUID]:
        """The persons never asked about the face: asked already, rejected for it or had
        it taken off them by a guardian (``assignments.taken_off``), or holding another
        face of its photo."""

    async def matchable(self, group_id: UUID, posted_on: date) -> list[UUID]:
        """The persons who may be recognized in the group in a photo of that day."""

    async def suggest(self, face_id: UUID, person_id: UUID, score: float) -> UUID | None:
        """A new question about the face for the person, under the face's lock, while the
        face is nobody's (a guardian may have moved it meanwhile) and the person was never
        asked about it; its id, or None."""


@dataclass(frozen=True, slots=True)
class Someone:
    """A person as a correction names it."""

    id: UUID
    name: str
    status: PersonStatus


@dataclass(frozen=True, slots=True)
class FaceNow:
    """A face as a correction first reads it: its photo (None: not a group's photo) and
    its person now (None: nobody's); ``clip``: the photo is a clip (what the guardian reads
    says "clip")."""

    id: UUID
    photo_id: UUID | None
    person: Someone | None
    clip: bool = False
    round_video: bool = False  # a round video: no caption, and its medium can't be edited


@dataclass(frozen=True, slots=True)
class Answering:
    """A question ("Is this Alice?") as its answer reads it: about which face, of which
    photo (None: gone), for which person, and its sibling pair's leading question."""

    id: UUID
    face_id: UUID
    photo_id: UUID | None
    person: Someone
    pair_id: UUID | None


@dataclass(frozen=True, slots=True)
class Locked:
    """The questions about one face and the face, as read under their locks
    (``CorrectionStore.lock_questions``)."""

    # Each question's status, and whether anybody answered it.
    questions: dict[UUID, tuple[SuggestionStatus, bool]]
    face_person: UUID | None  # whose the face is now
    taken_down: bool  # its photo taken down by an organizer

    def is_open(self, suggestion_id: UUID) -> bool:
        """Whether the question is still waiting for its answer."""
        status, _ = self.questions.get(suggestion_id, (None, False))
        return status == SuggestionStatus.PENDING


@dataclass(frozen=True, slots=True)
class Changed:
    """A face's change, made: its event (to offer undoing), the deliveries it planned (to
    queue once committed) and the persons whose prototypes are to be chosen again."""

    event_id: UUID
    deliveries: list[UUID]
    choose: list[UUID]
    # Of ``deliveries``, the copies a correction had deleted from a guardian's chat, sent
    # again now that the face is their person's once more (a move back: findings11 2).
    resent: list[UUID] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Delivered:
    """What a guardian has of a question's photo: their delivery's status (None: none),
    and whether they posted it themselves; ``clip``: the photo is a clip (what they read
    says "clip")."""

    status: DeliveryStatus | None
    own_post: bool
    clip: bool = False
    # sent to them before the question was answered (for another of their persons)
    before: bool = False


@dataclass(frozen=True, slots=True)
class CopyChange:
    """A delivered copy of the photo in a guardian's chat that a correction changes:
    deleted (``caption`` None: none of their persons is in it any more), or its caption
    and buttons re-written to name only the persons of theirs still in it."""

    chat_id: int
    message_id: int
    caption: str | None = None
    buttons: list[list[Button]] = field(default_factory=list)
    # For a copy deleted from another guardian's chat than the one who corrected: what
    # they are told, in their language (empty: nothing).
    notice: str = ""
    # A round video's names, in the message replying to it (it has no caption): re-written
    # with the caption, deleted with the copy.
    names_message_id: int | None = None
    # For a copy deleted: what it says instead, its picture blanked and its buttons gone,
    # when Telegram no longer lets the bot delete it (48 hours), in its reader's language
    # (empty: it stays as it is, without buttons). A round video, which can't be blanked
    # either, stays: this is said in its names message instead (or in a reply to it).
    blanked: str = ""
    round_video: bool = False  # no caption, and its medium can't be edited (nor blanked)
    # For a copy deleted or blanked that an undo sent again past 48 hours: the blank its
    # earlier copy left above it ("…so I sent the photo again, below."), which then says
    # ``blanked`` too: nothing is sent again below any more.
    earlier_blank: int | None = None
    # For a copy deleted, whose reader is told ``notice``: what it is made of (kept with
    # it, to say it again in the person's new name at a rename).
    told_of: CopyTold | None = None


class CorrectionStore(NextFamilyAsks, CropStore, Protocol):
    """The database side of ``service.Corrections``. Its changes of a face happen under the
    face's lock, in one transaction each (``detach``, ``move``), or inside
    ``transaction()`` after ``lock_questions`` (an answer)."""

    # Who may answer or correct

    async def guardian_of(self, user_id: int, person_ids: list[UUID]) -> UUID | None:
        """The participant, if this Telegram user is a guardian of every one of the persons
        (None for none)."""

    async def left_group(
        self, participant_id: UUID, person_ids: list[UUID], photo_id: UUID | None
    ) -> str | None:
        """The title of the photo's group when this guardian no longer gets the photos of
        one of the persons there (banned, left, not approved); None: they do, or the photo
        is gone."""

    async def may_be_told(
        self, face_id: UUID | None, user_id: int, message_id: int | None = None
    ) -> bool:
        """Whether this Telegram user may hear what became of the face (detached, deleted)
        when it is no longer their person's: they were sent its photo, or asked about it;
        of a face that is no more (``face_id`` None, or no such face): the message pressed
        (``message_id``, in their chat) is a copy the bot sent them, or they guard someone.
        Anyone else, a stranger replaying a button, hears only "not yours"."""

    # Answers to questions

    async def answering(self, suggestion_id: UUID) -> Answering | None:
        """The question; None: no such question."""

    async def pair(self, pair_id: UUID) -> list[Answering]:
        """The questions of a sibling pair ("Is this Alice or Bob?"), best score first."""

    async def clip_questions_left(self, suggestion_id: UUID) -> list[UUID]:
        """After an answer to a question about a clip's track: the questions about the same
        person's other tracks of that clip not asked yet (waiting, or never sent), to be
        weighed again (``clip_questions``); none for a photo's face or a sibling pair's."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        """What happens inside happens at once, or not at all."""

    async def lock_questions(self, suggestion_ids: list[UUID], face_id: UUID) -> Locked:
        """The questions and their face, locked until the transaction ends: two answers
        (a double press, two guardians) wait on each other, the second reads the first."""

    async def settle(
        self, suggestion_id: UUID, status: SuggestionStatus, participant_id: UUID
    ) -> None:
        """The question is ``status`` now, answered by this guardian now."""

    async def reject(self, face_id: UUID, person_id: UUID, participant_id: UUID) -> None:
        """The face is remembered as not the person's, as this guardian said (once)."""

    async def accept(
        self, face_id: UUID, person_id: UUID, participant_id: UUID, note: str
    ) -> Changed:
        """The face (nobody's, locked) becomes the person's as this guardian confirmed: the
        change recorded, the face's other open questions expired, its photo planned for the
        person's guardians who have not had it, the person's prototypes asked for again;
        inside the caller's transaction."""

    async def delivered(self, suggestion_id: UUID, user_id: int) -> Delivered:
        """What this Telegram user has of the question's photo."""

    async def copies_named(self, suggestion_id: UUID) -> list[CopyChange]:
        """The copies of the question's photo already in its person's guardians' chats
        (sent for another of their persons), each captioned with their persons in it now."""

    async def answered(self, suggestion_id: UUID) -> Settled | None:
        """The question as its other messages are to tell it: who answered and what."""

    async def hand_over(self, suggestion_id: UUID) -> None:
        """After a "no" to one question of a sibling pair, inside its transaction: while
        the other one is open, the pair's messages ("Is this Alice or Bob?", in the chats
        of the guardians of both) become the other one's messages, which ask it now."""

    async def asked_instead(self, suggestion_id: UUID) -> tuple[Suggested, Sent] | None:
        """After a "no" to one question of a sibling pair: the other one while it is open,
        with the pair's messages, in the chats of the guardians of both, that ask it now
        (``hand_over``); None: no pair, or nothing left to ask."""

    # "Not Alice?"

    async def face_now(self, face_id: UUID) -> FaceNow | None:
        """The face; None: no such face."""

    async def kept_days(self, chat_id: int, message_id: int) -> tuple[str, int] | None:
        """The message a copy (or an album's "Not Alice? (photo n)" note) of a photo its
        group's retention is past (the title, and how many days it keeps faces): why the
        faces its buttons named are gone. None: no such copy, or its faces kept."""

    async def someone(self, person_id: UUID) -> Someone | None:
        """The person; None: no such person."""

    async def other_persons(
        self, user_id: int, besides: UUID, photo_id: UUID | None = None
    ) -> list[Someone]:
        """The user's persons (active or paused) other than ``besides``, by name; with
        ``photo_id``, only those approved in its group (none the organizers rejected or
        have not approved yet there: their photos never come from it)."""

    async def staying(self, photo_id: UUID, person_id: UUID, participant_id: UUID) -> list[str]:
        """The names of the guardian's other persons (active or paused) in the photo."""

    async def others_losing(
        self, face_id: UUID, person_id: UUID, participant_id: UUID, sent_after: datetime
    ) -> int:
        """How many other guardians of the person, sent the face's photo after
        ``sent_after`` (still in their chat), would lose their copy if the face were no
        longer the person's: none of their other persons is in it."""

    async def album_copy(
        self, photo_id: UUID, participant_id: UUID
    ) -> tuple[int | None, int | None]:
        """The guardian's copy of the photo, when it is one of an album's photos: its
        message and its number among the album's photos still there (as the album's "Not
        Alice? (photo n)" buttons count them); (None, None) otherwise."""

    async def copy_sent(self, photo_id: UUID, participant_id: UUID) -> datetime | None:
        """When the guardian's copy of the photo still in their chat was sent (None: none
        is there)."""

    async def detach(
        self, face_id: UUID, person_id: UUID, participant_id: UUID, *, remember: bool
    ) -> Changed | None:
        """The face is not the person's, as this guardian said: unassigned and recorded
        (``remember``: a negative example too), the person's prototypes asked for again,
        in one transaction with the face locked. None: the face was no longer the
        person's (changed meanwhile), nothing done."""

    async def move(
        self, face_id: UUID, from_person: UUID, to_person: UUID, participant_id: UUID
    ) -> tuple[UUID | None, Changed | None]:
        """The face is this guardian's other person: moved and recorded, its photo planned
        for the new person's guardians who have not had it, both persons' prototypes asked
        for again, in one transaction with the face locked. Returns whose the face was
        under the lock, and the change (None: it was no longer ``from_person``'s, nothing
        done)."""

    async def copies_after(
        self, photo_id: UUID | None, person_id: UUID, *, remembered: bool, besides: int
    ) -> list[CopyChange]:
        """The copies of the photo in its guardians' chats once the person is no longer in
        it (``photo_copies.copies_after``), with what the other guardians than ``besides`` who
        lose theirs are told (``remembered``: as a negative example)."""

    async def copies_removed(self, removed: Sent, hidden: Sent) -> None:
        """These delivered copies ((chat, message)) were deleted from their guardians'
        chats (``hidden``: too old to delete, they were blanked and stay where they were):
        an undo, or a move back, sends them again (``photo_copies.restore_copies``)."""

    async def copies_back_told(
        self, delivery_ids: list[UUID], besides: int, name: str, person_id: UUID | None = None
    ) -> list[tuple[int, str, CopyTold | None]]:
        """The guardians other than ``besides`` (who moved the face back) whose copy comes
        again (``Changed.resent``): what each is told, in their language ((chat, text, what
        it is made of, of ``person_id``))."""


@dataclass(frozen=True, slots=True)
class Asker:
    """A guardian as their questions are sent: their chat, language and /settings."""

    id: UUID
    telegram_user_id: int  # their private chat's id
    language: str | None  # chosen with /language
    language_code: str | None  # Telegram's
    question_mode: QuestionMode
    questions_every: int


@dataclass(frozen=True, slots=True)
class WaitingSheet:
    """A guardian's sheet of questions about one person in one group, gathering."""

    id: UUID
    face_ids: list[str]
    scores: dict[str, float]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Sheet:
    """A sheet of one guardian's questions ("Are these Alice?"): its faces, in order, about
    which person in which group, and where it was sent once shown."""

    id: UUID
    person_id: UUID
    group_id: UUID
    face_ids: list[str]
    created_at: datetime
    sent_to: Sent


@dataclass(frozen=True, slots=True)
class Subject:
    """The person a sheet asks about and its group, as the sheet says them."""

    name: str
    person: PersonStatus
    group_title: str
    group_paused: bool


@dataclass(frozen=True, slots=True)
class Notified:
    """A single question claimed for sending: when, about which face, where it went (None:
    on its way, or gathered on a sheet)."""

    id: UUID
    face_id: UUID
    notified_at: datetime
    sent_to: Sent | None


@dataclass(frozen=True, slots=True)
class Owed:
    """An open question a sheet's "Some are" owes its guardian one by one (``alone``: the
    one face left on their sheet, which never went, asked as its own question)."""

    suggestion_id: UUID
    participant_id: UUID
    chat_id: int
    sent_to: Sent
    alone: bool = False


@dataclass(frozen=True, slots=True)
class Settled:
    """A question settled (answered, expired, its face given to someone) whose messages
    were not told yet: who of the guardians answered, and its person's name."""

    id: UUID
    status: SuggestionStatus
    by_chat: int | None  # the answerer's chat
    by_name: str | None  # the answerer's first name
    name: str
    sent_to: Sent
    # A pair's question settled by its partner's answer (Ann asked "Is this Ally or
    # Alice?", Bea, asked "Is this Alice?", said yes): who answered what, and which of its
    # chats guard the partner's person (they read that answer; no one else may).
    partner: PartnerAnswer | None = None
    # Its answer no longer stands (a "yes" or a "no" undone from /history, or the face
    # moved by a correction since): what became of it was said in its messages then, by
    # the undo or the correction.
    answer_gone: bool = False


@dataclass(frozen=True, slots=True)
class PartnerAnswer:
    """The answer that settled a pair's other question (``Settled.partner``)."""

    status: SuggestionStatus
    by_chat: int
    by_name: str | None
    name: str
    guardian_chats: frozenset[int]
    undone: bool = False  # a "no" undone from /history since (findings32 5)


class SheetGathering(Protocol):
    """What ``batches.gather`` and ``batches.asked_today`` read and write."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        """What happens inside happens at once, or not at all."""

    async def lock_guardian(self, participant_id: UUID) -> None:
        """Lock the guardian's row until the transaction ends: two questions gathered at
        once (photos recognized in parallel) wait on each other."""

    async def waiting_sheet(
        self, participant_id: UUID, person_id: UUID, group_id: UUID
    ) -> WaitingSheet | None:
        """The guardian's newest sheet gathering questions about the person in the group,
        locked until the transaction ends."""

    async def start_sheet(
        self, participant_id: UUID, person_id: UUID, group_id: UUID, face_id: str, score: float
    ) -> None:
        """A new sheet for the guardian, gathering, with this face on it."""

    async def add_to_sheet(self, sheet: WaitingSheet) -> None:
        """Write the sheet's faces and scores as they are now."""

    async def waiting_count(self, participant_id: UUID) -> int:
        """How many faces wait on the guardian's gathering sheets."""

    async def notified_since(self, participant_id: UUID, since: datetime) -> list[Notified]:
        """The questions about the guardian's persons claimed for sending since then."""

    async def gathered(self, participant_id: UUID) -> set[str]:
        """The faces on any of the guardian's sheets."""

    async def asker(self, participant_id: UUID) -> Asker | None:
        """The guardian; None: no such participant."""


class QuestionBatchStore(SheetGathering, Protocol):
    """The database side of ``batches.QuestionBatches`` and ``batches.QuestionWithdrawal``."""

    async def gathering(self) -> list[UUID]:
        """The guardians with a sheet gathering."""

    async def waiting_sheets(self, participant_id: UUID) -> list[Sheet]:
        """The guardian's gathering sheets, oldest first."""

    async def owed_one_by_one(self) -> list[Owed]:
        """The open questions of every sheet answered "Some are", with their guardian."""

    async def claim_sheet(self, sheet_id: UUID) -> bool:
        """Gathering -> being sent, in one conditional statement: a second worker, or a
        retry after the message went, claims nothing. Whether it was claimed now."""

    async def sheet_to(self, sheet_id: UUID, status: OfferStatus) -> None:
        """The sheet is now ``status`` (gathering again, closed, shown)."""

    async def unclaim_sheet(self, sheet_id: UUID) -> None:
        """Being sent -> gathering again (Telegram refused it before it went), if still so."""

    async def subject(self, sheet_id: UUID) -> Subject:
        """The sheet's person and group."""

    async def open_faces(self, sheet: Sheet) -> list[tuple[UUID, str | None]]:
        """The sheet's faces whose question about its person is still open (nobody's, the
        photo not taken down, the question pending), in the sheet's order, with their
        crops."""

    async def clips_among(self, face_ids: list[str]) -> int:
        """How many of these faces are faces of clips (tracks), not of photos."""

    async def receiving(self, person_id: UUID, group_id: UUID) -> set[UUID]:
        """The person's guardians who get its photos from the group."""

    async def shown(self, sheet_id: UUID, face_ids: list[str]) -> None:
        """The sheet holds only the faces shown on it."""

    async def sheet_sent(self, sheet_id: UUID, chat_id: int, message_id: int) -> None:
        """The sheet was shown as this message: pending its answer."""

    async def close_taken(self) -> None:
        """Every open question about a face given to someone meanwhile is expired."""

    async def settled(self, limit: int) -> list[Settled]:
        """The questions settled and sent whose messages were not told, oldest first."""

    async def withdraw(self, suggestion_id: UUID, at: datetime) -> bool:
        """Mark the question's messages told, in one conditional statement: once only.
        Whether it was marked now."""

    async def shown_sheets(self, limit: int) -> list[Sheet]:
        """Sheets of questions shown and not answered."""

    async def close_sheet(self, sheet_id: UUID) -> bool:
        """Shown -> closed, in one conditional statement; whether it was closed now."""

    async def follow_merges(self) -> list[UUID]:
        """The guardians' sheets of questions not closed whose person was merged into
        another (left there by a merge made before merges moved them) moved to the person
        it is part of now, as their questions were; those persons."""

    async def sheets_about(self, person_id: UUID) -> list[Sheet]:
        """As ``OpenQuestionStore.sheets_about``."""


class ExpiringQuestionStore(Protocol):
    """The database side of ``expired_faces.on_faces_expired``: the questions about faces
    a group's retention is about to delete."""

    async def kept_by(self, group_id: UUID) -> tuple[str, int] | None:
        """The group's title and how many days it keeps faces; None: it sets no retention."""

    async def close_about(self, group_id: UUID, face_ids: Sequence[UUID]) -> Sent:
        """The messages of the questions still open about these faces (single or pair), and
        of the group's shown sheets of questions with one of them, none of whose other
        faces is left: those sheets closed (a conditional update: once). Read before the
        faces go (their questions go with them)."""

    async def close_offers_about(
        self, group_id: UUID, face_ids: Sequence[UUID]
    ) -> list[tuple[int, int, bool]]:
        """The group's offers of earlier photos still open ("I found 3 earlier photos of
        Sara: send them?", a sheet of look-alike faces) with one of these faces and none of
        their other faces left: closed (a conditional update: once). Each message shown, as
        (chat id, message id, whether it is a sheet: a photo, else a text)."""


@dataclass(frozen=True, slots=True)
class AskedOfGone:
    """What a guardian who no longer guards a person was asked about it, still open: the
    person's name, and the questions' messages in their chat."""

    person_name: str
    messages: Sent


@dataclass(frozen=True, slots=True)
class AskedOfForgotten:
    """What a participant being forgotten was asked about their persons, in their chat: the
    questions (and their sheets of questions) still open, those they answered, and the
    offers of earlier photos still open (they show and name the person: deleted)."""

    open: Sent
    answered: Sent
    offers: Sent = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AnsweredQuestion:
    """A question about one person ("Is this Alice?", not a sibling pair's) that one of its
    guardians answered: read again once the person is renamed (``answered.on_person_renamed``)."""

    id: UUID
    status: SuggestionStatus  # accepted or rejected
    by_chat: int  # the answerer's chat
    by_name: str | None  # the answerer's first name
    name: str  # the person's name now
    # Its messages in the chats of the guardians who get the person's photos from its group
    # now (who read the new name on their cards anyway); no one else's.
    sent_to: Sent
    # A "yes" whose change was undone from /history since (its message says so): who
    # undid it when not the answerer ("": the answerer), and whether the answerer's copy
    # went with it.
    undone: bool = False
    undoer: str = ""
    removed: bool = False
    clip: bool = False
    # A "no" undone from /history since (its message in the answerer's chat says so, with
    # ``undoer`` as for a "yes").
    no_undone: bool = False


@dataclass(frozen=True, slots=True)
class AnsweredPair:
    """A sibling pair's question ("Is this Alice or Ally?") one guardian of both answered,
    with what stands of that answer now: read again once either is renamed (findings27
    3). Names are those now; ``first`` the one the question named first."""

    id: UUID  # the pair's leading question
    by_chat: int  # the answerer's chat, the one message redrawn
    sent_to: Sent  # its messages there
    first: str
    second: str
    chosen: str | None  # the child answered; None: "Neither"
    chosen_stands: bool  # the face is still the chosen child's (its match not undone)
    yes_undoer: str  # who undid that match: "" the answerer, else their first name
    removed: bool  # the answerer's copy went at that undo
    # Each "no" of the answer (the other child's, or both for "Neither"): name, whether
    # still remembered, and who undid it ("" the answerer).
    noes: tuple[tuple[str, bool, str], ...]
    clip: bool = False
    # The same question in the other guardians-of-both's chats, which read who answered
    # and what of its leading question (``answered.answered_by``): redrawn too at a rename
    # while the answer stands.
    others: Sent = field(default_factory=list)
    by_name: str | None = None  # the answerer's first name
    lead_yes: bool = False  # its leading question (``first``) was answered yes


class OpenQuestionStore(Protocol):
    """The database side of ``questions.on_person_renamed``."""

    async def open_about(self, person_id: UUID) -> list[Suggested]:
        """The questions about the person still open and asked, of photos still up, their
        ``sent_to`` only the messages in the chats of its guardians who get its photos from
        that group now; of a sibling pair's, only where it asks about the person alone (the
        chats of guardians of this one of the two: ``open_pairs_about`` for the others)."""

    async def open_pairs_about(self, person_id: UUID) -> list[tuple[Suggested, Suggested]]:
        """The sibling pairs' questions ("Is this Alice or Bob?") about the person and
        another, both still open, of photos still up and no one's yet: the leading
        suggestion, its ``sent_to`` only the messages in the chats of the guardians of both
        who get their photos from that group now, and the other one."""

    async def open_halves_about(self, person_id: UUID) -> list[tuple[Suggested, PartnerAnswer]]:
        """The sibling pairs' questions about the person and another of which one is still
        open and the other was answered no (by a guardian, not undone), of photos still up
        and no one's yet: the open one, its ``sent_to`` only the messages in the chats of
        the guardians of both who get its photos from that group now (the pair's question
        asks it alone there since the no: "Bea answered this question: not Alice. Is this
        Ally?"), and that no (``PartnerAnswer``, ``guardian_chats`` empty)."""

    async def sheets_about(self, person_id: UUID) -> list[Sheet]:
        """The sheets of questions about the person shown and not closed, sent to a
        guardian who gets its photos from that group now."""

    async def merged_persons(self, event_id: UUID) -> list[UUID]:
        """The persons of a merge, or of its undo (``PersonsMerged``'s event), still to be
        asked about: the kept one, and the one an undo gave back; none of another event."""

    async def subject(self, sheet_id: UUID) -> Subject:
        """As ``QuestionBatchStore.subject``."""

    async def clips_among(self, face_ids: list[str]) -> int:
        """As ``QuestionBatchStore.clips_among``."""


class AnsweredQuestionStore(OpenQuestionStore, Protocol):
    """The database side of ``answered.on_person_renamed`` (and of
    ``questions.on_person_renamed``: the same store is read for both)."""

    async def answered_about(self, person_id: UUID) -> list[AnsweredQuestion]:
        """The questions about the person (alone) its guardians answered yes or no, with
        their messages in the chats of its guardians in its group now."""

    async def delivered(self, suggestion_id: UUID, user_id: int) -> Delivered:
        """As ``CorrectionStore.delivered``."""

    async def answered_by_user(self, user_id: int) -> list[AnsweredQuestion]:
        """As ``answered_about``, the questions the Telegram user answered, of any person,
        and of a sibling pair's the halves their answer settled (the others' copies of
        "Is this Alice?" read who answered it)."""

    async def open_halves_said_by(self, user_id: int) -> list[tuple[Suggested, PartnerAnswer]]:
        """As ``open_halves_about``, the sibling pairs' questions asking one child alone
        since the Telegram user answered no to the other ("Bea answered this question: not
        Alice. Is this Ally?"), of any person."""

    async def answered_pairs_about(self, person_id: UUID) -> list[AnsweredPair]:
        """The sibling pairs' questions naming the person that a guardian of both
        answered (a child, or "Neither"), with their messages in that guardian's chat."""


class GoneGuardianQuestionStore(Protocol):
    """The database side of ``guardian_gone.on_guardianship_ended``: the questions a
    guardian was asked about a person they no longer guard."""

    async def take_asked_in(self, chat_id: int) -> AskedOfForgotten | None:
        """The questions asked in the chat of the participant of this Telegram user about
        the persons they guard, open or answered, taken out of what is kept of where each
        was asked (nothing edits them any more: another guardian's answer no longer says
        who answered there), their own sheets of questions closed; None: no participant."""

    async def take_asked_of(self, person_id: UUID, participant_id: UUID) -> AskedOfGone | None:
        """The messages, in the participant's chat, of the questions still open about the
        person (single, or a pair with it), taken off those questions (no answer nor
        withdrawal edits them later), and of their shown sheets of questions about it,
        those closed (a conditional update: once); None: the person or participant is
        gone."""


@dataclass(frozen=True, slots=True)
class Pictured:
    """The posted photo a question shows, in its group. ``clip``: a video, round video or
    animation (its question shows the face's best frame, kept beside its crop);
    ``preview_file_id``: a clip read from its thumbnail alone (over the download limit)."""

    id: UUID
    file_id: str
    group_id: UUID
    group_title: str
    taken_down: bool
    group_paused: bool
    clip: bool = False
    preview_file_id: str | None = None
    posted_at: datetime | None = None
    duration_s: float | None = None  # a clip's length, when read


@dataclass(frozen=True, slots=True)
class Suggested:
    """A question ("Is this Alice?") about a face, with what asking it needs: the face's
    crop and box in the photo, the person, the photo (None: gone)."""

    id: UUID
    status: SuggestionStatus
    notified: bool  # claimed for sending already
    score: float
    pair_id: UUID | None  # siblings: the pair's leading suggestion
    sent_to: Sent
    face_id: UUID
    crop_key: str | None
    box: tuple[int, int, int, int]  # x, y, width, height
    person_id: UUID
    name: str
    person: PersonStatus
    photo: Pictured | None
    on_screen: tuple[float, float] | None = None  # a clip's face: from when to when, in s
    # About a photo posted before its person's guardians could get it (found by a look back
    # for earlier photos, or a claim's): it says so, with its day. Never one asked as posted.
    earlier: bool = False


class QuestionSenderStore(SheetGathering, CropStore, Protocol):
    """The database side of ``questions.SuggestionSender``."""

    async def suggested(self, suggestion_id: UUID) -> Suggested | None:
        """The question; None: no such question."""

    async def paired_with(self, suggestion: Suggested) -> Suggested | None:
        """The other question of its sibling pair, if it has one."""

    async def receiving_askers(self, person_id: UUID, group_id: UUID) -> list[Asker]:
        """The person's guardians who get its photos from the group."""

    async def claim_question(self, suggestion_id: UUID, at: datetime) -> bool:
        """Claimed for sending at ``at``, in one conditional statement (never claimed
        before): a second run of the job asks nobody twice. Whether it was claimed now."""

    async def crop_lost(self, suggestion_id: UUID) -> None:
        """The question cannot be shown (its face's crop is gone): expired."""

    async def reserve_chat(self, suggestion_id: UUID, chat_id: int, at: datetime) -> bool:
        """The chat reserved at ``at`` for the question's message, under the question's
        lock (``questions.reserved``): whether it is this sender's to ask. Not while the
        question is closed, sent there already, or being sent there by another sender: its
        first sending and a parent's questions owed at her return never both ask her."""

    async def release_chat(self, suggestion_id: UUID, chat_id: int) -> None:
        """The chat's reservation let go: the message could not be sent there."""

    async def question_sent(self, suggestion_id: UUID, sent_to: Sent) -> None:
        """The question went as these messages, added under the question's lock to those
        it went as already, their chats' reservations ended: a parent back in the group may
        be asked it on her own (``also_sent``) while it is first sent to others, and every
        message that asks it is closed with it (walkhe4 1: one was written over, and kept
        its buttons for ever)."""

    async def also_sent(self, suggestion_id: UUID, chat_id: int, message_id: int) -> None:
        """The question went as this message too, added under the question's lock, the
        chat's reservation ended (two guardians asked one by one at once both stay)."""

    async def clip_turn(self, suggestion_id: UUID, at: datetime) -> Turn:
        """A question about a clip's track, not of a sibling pair: its turn
        (``clip_questions.turn``), decided and kept under the locks of the person's
        questions about that clip (taken in one order, so two workers see one another's):
        waiting, no longer waiting, or settled unasked (expired and withdrawn at ``at``)."""


class ClosedMenus(Enum):
    """What taking a person's or a face's menus does with those the hourly cron closed
    unused ("Closed: nothing was chosen here in two days. Press “Not Alice?” again"):
    they still send the reader to that button, so what makes it another's or takes it
    away re-words them too."""

    LEFT = "left"  # not taken: only the open ones
    FORGOTTEN = "forgotten"  # taken, and forgotten (the person, its faces, the photo go)
    KEPT = "kept"  # taken, and kept closed: a choice replayed still says it closed unused


@dataclass(frozen=True, slots=True)
class OpenMenu:
    """A "What's wrong with this photo of Alice?" menu still open: where it is, and the
    name of the person it asks about, as it is now."""

    chat_id: int
    message_id: int
    name: str


@dataclass(frozen=True, slots=True)
class MergeNames:
    """A merge (or its undo) as a menu it closes names it: the person merged away, the
    one kept, and whether it is the undo."""

    removed: str
    kept: str
    undone: bool = False


class MenuStore(Protocol):
    async def menu_shown(self, face_id: UUID, user_id: int, message_id: int) -> None:
        """The menu about the face sent to the user's private chat (nothing kept for a
        user who is no participant)."""

    async def menu_pressed(self, user_id: int, message_id: int) -> bool:
        """One of the menu's buttons pressed: from then on it says what was done, and is no
        longer open. False: it was not open (answered already, or closed)."""

    async def take_menus(
        self, person_id: UUID, closed: ClosedMenus = ClosedMenus.LEFT
    ) -> list[OpenMenu]:
        """The open menus about the person's faces (and those closed unused, as ``closed``
        says), the open ones forgotten as they are returned (their caller closes them; two
        renames at once may both close one: the same words)."""

    async def take_face_menus(
        self, face_id: UUID, user_id: int | None, closed: ClosedMenus = ClosedMenus.LEFT
    ) -> list[OpenMenu]:
        """The open menus about the face (``user_id``: only those in that user's chat; and
        those closed unused, as ``closed`` says), forgotten as they are returned."""

    async def take_moved(
        self, event_id: UUID, closed: ClosedMenus = ClosedMenus.LEFT
    ) -> list[OpenMenu]:
        """The open menus about the faces an assignment event moved (a merge, or its
        undo), and about the faces of either of its persons (and those closed unused, as
        ``closed`` says), forgotten as they are returned; ``name``: the person each face
        is now."""

    async def merge_names(self, event_id: UUID) -> MergeNames | None:
        """The names of the merge the event made or undid; None: it is no merge's."""

    async def take_in_chat(self, user_id: int) -> list[OpenMenu]:
        """The menus in the user's chat, open or closed unused (``take_unused``: they still
        name a person and send the reader to its "Not Alice?"), forgotten as they are
        returned."""

    async def take_unused(self, shown_before: datetime, limit: int) -> list[OpenMenu]:
        """At most ``limit`` of the menus still open that were shown before then, oldest
        first, marked closed as they are returned (their caller closes them), no longer
        open; ``name``: the person their face is now (empty: nobody's). Those closed stay
        known (a few ids) while their face and reader do: a deletion or a /forget later,
        at any age, re-words them (Telegram lets a bot edit its message in a private chat
        at any age)."""

    async def closed_unused(self, user_id: int, message_id: int) -> str | None:
        """The menu in the user's chat was closed by ``take_unused`` (nothing chosen): the
        person its face is now (empty: nobody's); None: it was not."""
