"""The persons a guardian holds: their cards and the changes only a guardian may make.

Every method takes the acting Telegram user and re-checks that they are a
guardian of the person: button data is user input.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from uuid import UUID

from domain.blobs import BlobStore
from domain.delivery.albums import cards_counted
from domain.enrollment.rules import check_name
from domain.enrollment.service import Enrollment, Refusal, cover_key
from domain.errors import BlobNotFound, InvalidBlobKey
from domain.events import EventBus, NoUndone, PersonRenamed, PersonsMerged, history_changed
from domain.jobs import queue as job_names
from domain.jobs import requests
from domain.jobs.queue import JobQueue, enqueue_for
from domain.languages.chats import speaking_to
from domain.languages.dates import read_day
from domain.persons import texts
from domain.persons.guardians import seated
from domain.persons.names import looks_like
from domain.persons.rules import (
    DecidedSince,
    PersonAction,
    Verdict,
    may,
    owner,
    role_of,
    status_shown,
)
from domain.persons.shown import ShownCards
from domain.persons.stores import (
    Change,
    CopyEdit,
    CopyTold,
    GuardianOf,
    KeptOut,
    MergeBefore,
    PersonFacts,
    PersonStore,
)
from domain.recognition import assignments, prototype_choice
from domain.recognition.assignments import UndoOutcome, queue_syncs
from domain.states import (
    LISTED,
    AssignmentOperation,
    GuardianRole,
    PersonStatus,
    RequestKind,
)

log = logging.getLogger(__name__)
VISIBLE = LISTED
# The changes that name a person on both sides (from one, to another); ``assign`` names
# only the person it gave a face to, ``unassign`` and ``remove`` only the one it took from.
BETWEEN_TWO_PERSONS = (AssignmentOperation.MOVE, AssignmentOperation.MERGE)


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: UUID
    name: str
    status: str
    faces: int
    refused: tuple[str, ...] = ()  # the reader's groups whose organizers rejected it
    # ... and those whose organizers rejected the reader as its guardian
    refused_you: tuple[str, ...] = ()
    banned: tuple[str, ...] = ()  # the groups that turned facedrop off for the reader
    # Of ``refused``, each group with its organizers' reason code (``REJECT_REASONS``).
    refused_why: tuple[tuple[str, str], ...] = ()
    # The reader's other persons: "Enrolled already" may mean one of them (findings32 4).
    own_others: tuple[str, ...] = ()
    # With the reader in no group: the person's groups (its other guardians'), when the
    # organizers of every one of them rejected it (0 otherwise).
    rejected_elsewhere: int = 0


@dataclass(frozen=True, slots=True)
class NotApproved:
    """Where the organizers did not approve a person, as one of its guardians reads it."""

    yours: tuple[str, ...] = ()  # the reader's groups whose organizers rejected it
    every: bool = False  # ... and those are all the reader's groups
    # With the reader in no group: the person's groups (its other guardians'), when the
    # organizers of every one of them rejected it (0 otherwise).
    elsewhere: int = 0
    # ... when the organizers of none of them approved it, some not deciding yet (0
    # otherwise, and where ``elsewhere`` says it).
    unapproved: int = 0

    @property
    def nowhere(self) -> int:
        """The person's groups, when the organizers of none approved it (0 otherwise)."""
        return self.elsewhere or self.unapproved


@dataclass(frozen=True, slots=True)
class Listing:
    """A /persons list as it is now: the reader's persons, and with none, what /add would
    refuse them first (None: it would not), which the list then says instead of "Use /add"."""

    rows: list[PersonRow]
    refusal: Refusal | None = None


@dataclass(frozen=True, slots=True)
class GuardianRow:
    participant_id: UUID
    name: str
    role: str
    is_you: bool
    # Of the reader's groups, those whose organizers rejected this (other) guardian as the
    # person's guardian, and those where their approval is awaited: gets nothing there.
    not_approved_in: tuple[str, ...] = ()
    waiting_in: tuple[str, ...] = ()
    # Of the reader's groups, those whose organizers banned this (other) guardian (/ban):
    # gets nothing there either.
    banned_in: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PersonCard:
    id: UUID
    name: str
    status: PersonStatus
    birth_date: date | None
    guardians: list[GuardianRow]
    groups: list[str]  # the reader's groups where the person is recognized
    other_groups: int  # more groups, of other guardians (not named to this reader)
    delivered_photos: int
    delivered_clips: int
    faces: int
    cover_key: str | None
    role: GuardianRole = GuardianRole.CO_GUARDIAN  # the viewer's
    # Of ``groups``, those where the person (or the reader as its guardian) waits for the
    # organizers' approval: nothing is recognized there yet.
    waiting: frozenset[str] = frozenset()
    # Of ``waiting``, those whose organizers rejected the person (until photos added ask
    # them again).
    refused: frozenset[str] = frozenset()
    # Of ``waiting``, those whose organizers rejected the reader as its guardian (their
    # decision stands: only their undo from /audit changes it).
    refused_you: frozenset[str] = frozenset()
    # The groups whose organizers turned facedrop off for the reader (/ban).
    banned: frozenset[str] = frozenset()
    # Of ``refused``, each group with its organizers' reason code (``REJECT_REASONS``): the
    # way forward the card says follows it (findings21 2).
    refused_why: tuple[tuple[str, str], ...] = ()
    # With the reader in no group: the person's groups (its other guardians'), when the
    # organizers of every one of them rejected it (0 otherwise): nothing comes of it.
    rejected_elsewhere: int = 0
    # The reader guards another person, this one could be merged with ("Merge with…").
    can_merge: bool = True
    # The reader's other persons: "Enrolled already" may mean one of them (findings32 4).
    own_others: tuple[str, ...] = ()

    @property
    def is_owner(self) -> bool:
        return self.role == GuardianRole.OWNER

    @property
    def owner_name(self) -> str:
        return next((g.name for g in self.guardians if g.role == GuardianRole.OWNER), "")


# The lines of a /history: the latest changes made by hand; with "/history all", the
# latest changes of either kind (recognition's matches among them).
HISTORY_LINES = 10
HISTORY_ALL_LINES = 20


@dataclass(frozen=True, slots=True)
class EventRow:
    id: UUID
    when: datetime
    operation: str
    from_name: str | None
    to_name: str | None
    faces: int
    note: str
    undone: bool
    reverts: bool = False  # the event is itself an undo (not undone in turn)
    # Who made it: "" the reader (or recognition, or an organizer); else another
    # guardian's first name. ``may_undo``: whether the reader may undo it (``_undoers``).
    by: str = ""
    mine: bool = False
    may_undo: bool = True
    # Its faces deleted (by it, or since): it can never be undone, so no Undo is offered.
    faces_gone: bool = False
    # The face or person changed since: its undo would be refused (``why_not_undo``), so
    # no Undo is offered either; the line says why.
    changed_since: bool = False
    # A merge whose undo would leave one of its persons with no guardian (``NO_GUARDIAN``):
    # no Undo either; the line says why.
    no_guardian: bool = False
    # An answer to a sibling pair's "Is this Alice or Ally?" (``ANSWERED_PAIR``: the two
    # names as asked, ``from_name`` first): the child chosen ("" for "Neither").
    chosen: str = ""
    # A move or a merge whose other person was deleted since (by a guardian, or a
    # /forget): the line names it "another person" and says so after what became of the
    # change ("(undone)"), not "a person since deleted (undone)" (findings26 5, s22).
    deleted_since: bool = False
    # A change that took a face from a person every face of whom was deleted since
    # ("Forget faces", ``FACES_FORGOTTEN``): no Undo; the line says why (walken7 4).
    faces_forgotten: bool = False
    # An unmatch that also remembered the face is not its person's ("That isn't Alice"),
    # not one of a photo only ("Remove this photo only"): the line says so (walk34 4).
    remembered: bool = False


@dataclass(frozen=True, slots=True)
class Undone:
    """What an undo did: the outcome, the person the faces went back to, and whether a
    photo the correction had taken out of the chat is on its way again."""

    outcome: UndoOutcome
    name: str = ""
    resent: bool = False  # the undoer's own copy is on its way again
    resent_clip: bool = False  # what is on its way again is a clip
    resent_others: int = 0  # the other guardians whose copy is on its way again
    photo_only: bool = False  # the change undone was "Remove this photo only"
    # The undoer's copy not sent again: they are no longer in the photo's group (its title,
    # whether it is a clip, and why); findings32 1.
    left: tuple[str, bool, KeptOut] | None = None
    # The delivered copies still in chats that the undo changes (their captions, or a copy
    # sent only for the person the face left): ``copies_after``.
    copies: list[CopyEdit] = field(default_factory=list)
    # An undone merge: both persons (whose cards and lists change), their names (kept,
    # removed) and where its "Merged … into …" message is (chat id, message id).
    merged: tuple[UUID, ...] = ()
    merged_names: tuple[str, str] = ("", "")
    merge_said: tuple[int, int] | None = None
    # An undone correction's persons: the corrections' messages about them, and its own
    # (undone from /history), say what is true now (``persons.answers``).
    persons: tuple[UUID, ...] = ()
    # The other guardians whose copy comes back, and what each is told ((chat, text, what
    # it is made of: kept, to say it in the person's new name at a rename)).
    told: list[tuple[int, str, CopyTold | None]] = field(default_factory=list)
    # An undone merge: the other guardians of either person, told of it as of the merge
    # (``Newcomer.gains``: the person they do not guard, whose photos they no longer get).
    others: list[Newcomer] = field(default_factory=list)
    # An undone "no" to a question: its messages in the answerer's chat, and their caption
    # now ((chat, message, caption)).
    answer_said: list[tuple[int, int, str]] = field(default_factory=list)
    # An undone correction's photos: the albums' "Not Alice? (photo n)" notes that show
    # them say what is true now, as after the correction (findings24 4, findings25 2).
    photos: tuple[UUID, ...] = ()
    # The other "no"s the same answer said, undone with it (a sibling pair's answer is
    # undone whole, findings27 1): their /history lines change too.
    also: tuple[UUID, ...] = ()


class MergeOutcome(StrEnum):
    DONE = "done"
    NOT_YOURS = "not_yours"
    SAME = "same"
    OWNER_ONLY = "owner_only"  # the user is only a co-guardian of one of them


# A /history line that is a "no" to a question ("Is this Alice?"), not a change of faces;
# or the answer to a sibling pair's "Is this Alice or Ally?" (the other child, or Neither).
ANSWERED_NO = "answered_no"
ANSWERED_PAIR = "answered_pair"
BIRTH_DATE_TAKEN = "birth_date_taken"  # a merge's detail: the kept person took the other's
MERGE_SAID = "said"  # a merge's detail: where "Merged … into …" is (chat id, message id)
# A change's details: its person on that side was merged into another, and that record
# dropped since (its owner's /forget): gone, but not deleted (findings26 5).
FROM_MERGED_AWAY = "from_merged_away"
TO_MERGED_AWAY = "to_merged_away"


@dataclass(frozen=True, slots=True)
class Newcomer:
    """Another guardian of one of two persons being merged: after the merge they are a
    guardian of the merged child, so they get the photos of the person they did not guard
    (``gains``, named as before the merge; "" when they guarded both)."""

    telegram_user_id: int
    name: str  # their first name
    guards: str  # the person they guard now
    gains: str = ""
    # Their groups where, merged, the child or they as its guardian wait for the organizers
    # (or were refused): nothing of it comes from there until they approve (walkhe 3).
    waits_in: tuple[str, ...] = ()
    guards_id: UUID | None = None  # the person they guard now (``guards``)


@dataclass(frozen=True, slots=True)
class MergePlan:
    """What a merge would do, to ask before it acts: which name and cover stay."""

    outcome: MergeOutcome  # DONE: the user may merge them
    keep_name: str = ""
    drop_name: str = ""
    keep_has_cover: bool = False
    # Their birth dates: the kept person's stays; one without takes the other's.
    keep_born: date | None = None
    drop_born: date | None = None
    # The other guardians who would get the other person's photos too (said before it acts).
    newcomers: tuple[Newcomer, ...] = ()
    # Of the two, those whose faces were forgotten: their copies sent keep their name (no
    # face of theirs is left to move: findings11 16).
    forgotten: tuple[str, ...] = ()
    # Photos and clips both are in, side by side: almost surely two children (findings22 5).
    together: int = 0
    # The groups where one of the two is not approved and the other is less so: merged,
    # whichever name stays, the stricter standing holds (findings24 6).
    standings: tuple[MergeStanding, ...] = ()


@dataclass(frozen=True)
class MergeStanding:
    """In a group, one of two persons to merge is not approved (``rejected``, or waiting
    for the organizers) and the other is approved, or only waiting where it was rejected:
    once merged, ``other`` is as ``stricter`` is there."""

    group: str
    stricter: str
    other: str
    rejected: bool


class MergeStale(StrEnum):
    """Why a merge confirmation did nothing (said only to a guardian of both)."""

    DONE = "done"  # the merge it asked about is done (pressed twice)
    MERGED = "merged"  # one of them was merged since (the other way, or elsewhere)
    DELETED = "deleted"  # one of them is being deleted
    RENAMED = "renamed"  # one of them was renamed: the question named another name
    CHANGED = "changed"  # anything else: too old, guardians changed, not theirs


@dataclass(frozen=True, slots=True)
class StaleMerge:
    reason: MergeStale
    name: str = ""  # the person concerned, as the question named them
    now: str = ""  # its new name (renamed), or the person it was merged into
    other: str = ""  # the other person, as named now


@dataclass(frozen=True, slots=True)
class Permission:
    """Whether the user may do an action to a person, and who could (for the refusal)."""

    verdict: Verdict
    name: str = ""
    owner_name: str = ""

    @property
    def allowed(self) -> bool:
        return self.verdict == Verdict.ALLOWED


class Unavailable(StrEnum):
    """Why a guardian's button about a person does nothing (strangers only hear NOT_YOURS)."""

    NOT_YOURS = "not_yours"  # not a guardian (or no such person): nothing is revealed
    DELETED = "deleted"  # it was one of theirs, and is being (or has been) deleted
    MERGED = "merged"  # merged into another of their persons


class PauseOutcome(StrEnum):
    CHANGED = "changed"
    ALREADY = "already"  # already paused (or already active)
    NOT_READY = "not_ready"  # still being enrolled or approved: nothing to pause yet
    NOT_YOURS = "not_yours"


@dataclass(frozen=True, slots=True)
class Paused:
    """What a card's Pause or Resume did; on a change, the person's other guardians (their
    Telegram user ids), who are told: their cards change under them."""

    outcome: PauseOutcome
    others: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Renamed:
    """A rename done: the name it had, and the person's other guardians (their Telegram
    user ids), who are told: their copies and cards say a name they never chose."""

    was: str
    others: tuple[int, ...] = ()


class BadBirthDate(StrEnum):
    UNREADABLE = "unreadable"  # not one of the formats we read, or no such day
    IN_FUTURE = "in_future"
    TOO_OLD = "too_old"


def parse_birth_date(text: str, today: date | None = None) -> date | BadBirthDate:
    """``2019-05-01``, ``01.05.2019`` or the numbers in the current language's order
    (``05/01/2019`` in English, ``01/05/2019`` in Spanish): the date, or why it is not a
    birth date."""
    born = read_day(text)
    if born is None:
        return BadBirthDate.UNREADABLE
    if born > (today or datetime.now(UTC).date()):
        return BadBirthDate.IN_FUTURE
    if born < date(1900, 1, 1):
        return BadBirthDate.TOO_OLD
    return born


class Persons:
    def __init__(
        self,
        jobs: JobQueue,
        blobs: BlobStore,
        store: PersonStore,
        shown: ShownCards,
        events: EventBus,
        enrollment: Enrollment,
    ) -> None:
        self._jobs = jobs
        # What /add would refuse, for an empty /persons list (``listing``).
        self._enrollment = enrollment
        self._events = events
        self._blobs = blobs
        self._store = store
        # Where the cards and lists sent are, to keep them up to date (``bot.cards``).
        self.shown = shown

    async def _guarded(self, person_id: UUID, user_id: int) -> tuple[PersonFacts, UUID] | None:
        """The person and the acting participant, if the user is one of its guardians."""
        participant_id = await self._store.guardian_of(user_id, person_id)
        person = await self._store.person(person_id)
        if participant_id is None or person is None or person.status not in VISIBLE:
            return None
        return person, participant_id

    async def unavailable(
        self, person_id: UUID, user_id: int, *, listed_to_them: bool = False
    ) -> tuple[Unavailable, str, UUID | None]:
        """Why the user cannot act on the person, the name to say (only to a guardian), and
        for a merged person the one it is part of now (whose card to show instead).
        ``listed_to_them``: the button is on a /persons list shown to this user, which
        listed only their own persons: one no longer stored at all was deleted since (its
        name is not known here: the caller has it from the button)."""
        if await self._store.guardian_of(user_id, person_id) is None:
            if listed_to_them and await self._store.person(person_id) is None:
                return Unavailable.DELETED, "", None
            return Unavailable.NOT_YOURS, "", None
        person = await self._store.person(person_id)
        if person is None or person.status == PersonStatus.DELETING:
            return Unavailable.DELETED, person.name if person else "", None
        into = await self._store.person(person.merged_into_id) if person.merged_into_id else None
        if person.status == PersonStatus.MERGED and into is not None:
            # Merged into one that was merged on in turn: the card to show is the last one.
            for _hop in range(10):
                if into.status != PersonStatus.MERGED or into.merged_into_id is None:
                    break
                following = await self._store.person(into.merged_into_id)
                if following is None:
                    break
                into = following
            return Unavailable.MERGED, into.name, into.id
        return Unavailable.NOT_YOURS, "", None

    async def merged_away(self, person_id: UUID, user_id: int) -> tuple[str, str] | None:
        """For a guardian's card of a person merged into another since: the person's name
        and that of the one it is part of now; None otherwise (nothing said to others)."""
        reason, into, _into_id = await self.unavailable(person_id, user_id)
        person = await self._store.person(person_id)
        if reason != Unavailable.MERGED or person is None:
            return None
        return person.name, into

    async def is_participant(self, user_id: int) -> bool:
        """Whether this Telegram user is a participant (joined, and not erased since)."""
        return await self._store.participant_id(user_id) is not None

    async def listing(self, user_id: int) -> Listing:
        """The user's /persons list, fresh or edited after a change: both say the same."""
        rows = await self.of_user(user_id)
        return Listing(rows, None if rows else await self._enrollment.refusal(user_id))

    async def of_user(self, user_id: int) -> list[PersonRow]:
        participant_id = await self._store.participant_id(user_id)
        groups = (
            {m.group_id: m.group_title for m in await self._store.memberships([participant_id])}
            if participant_id is not None
            else {}
        )
        banned = (
            tuple(sorted(await self._store.banned_from(participant_id)))
            if participant_id is not None
            else ()
        )
        rows = []
        guarded = await self._store.guarded(user_id, VISIBLE)
        for person in guarded:
            waiting = (
                await self._waiting(person.id, participant_id, groups)
                if participant_id is not None
                else frozenset()
            )
            why, refused_you = await self._refused(person.id, participant_id, groups, waiting)
            refused = frozenset(why)
            elsewhere = 0 if groups else await self._rejected_elsewhere(person.id)
            status = status_shown(
                person.status, groups.values(), waiting, refused, refused_you, banned, elsewhere
            )
            faces = await self._learned_faces(person.id, person.status)
            rows.append(
                PersonRow(
                    person.id,
                    person.name,
                    status,
                    faces,
                    tuple(sorted(refused)),
                    tuple(sorted(refused_you)),
                    banned,
                    tuple(sorted(why.items())),
                    tuple(sorted(p.name for p in guarded if p.id != person.id)),
                    elsewhere,
                )
            )
        return rows

    async def _rejected_elsewhere(self, person_id: UUID) -> int:
        """The groups the person is in (its guardians'), when the organizers of every one
        of them rejected it: for a reader in none of them, nothing of it comes from any
        (0: not so, or it is in no group)."""
        seats = await self._store.seats(person_id)
        groups = {
            m.group_id for m in await self._store.memberships([s.participant_id for s in seats])
        }
        for group_id in groups:
            if await self._store.refused_in(group_id, person_id) is None:
                return 0
        return len(groups)

    async def _unapproved_elsewhere(self, person_id: UUID) -> int:
        """The groups the person is in (its guardians'), when the organizers of none of
        them approved it (waiting for them, or rejected): for a reader in none of them,
        nothing of it comes from any yet (0: not so, or it is in no group)."""
        seats = await self._store.seats(person_id)
        groups = {
            m.group_id for m in await self._store.memberships([s.participant_id for s in seats])
        }
        for group_id in groups:
            if not await self._store.person_waits_in(group_id, person_id):
                return 0
        return len(groups)

    async def decided_since(self, person_id: UUID, user_id: int) -> DecidedSince:
        """What the organizers of the person's groups decided, as its guardian ``user_id``
        (who accepted to guard it while none had approved it) reads it now."""
        seats = await self._store.seats(person_id)
        groups = {
            m.group_id for m in await self._store.memberships([s.participant_id for s in seats])
        } | await self._store.approval_asked_in(person_id)  # its owner away from one too
        approved = [g for g in groups if not await self._store.person_waits_in(g, person_id)]
        rejected = [g for g in groups if await self._store.refused_in(g, person_id) is not None]
        participant_id = await self._store.participant_id(user_id)
        mine = await self._store.memberships([participant_id]) if participant_id else []
        refused_you = [
            m.group_title
            for m in mine
            if participant_id is not None
            and await self._store.guardian_refused_in(m.group_id, person_id, participant_id)
        ]
        return DecidedSince(
            bool(approved),
            bool(groups) and len(rejected) == len(groups),
            tuple(sorted(refused_you)),
        )

    async def decided_in(self, person_id: UUID, group_id: UUID) -> bool | None:
        """Whether the organizers of the group approved the person (False: they rejected
        it; None: it waits for them there still)."""
        if await self._store.refused_in(group_id, person_id) is not None:
            return False
        if await self._store.person_waits_in(group_id, person_id):
            return None
        return True

    async def not_approved_for(self, person_id: UUID, user_id: int) -> NotApproved:
        """Where the organizers did not approve the person, as its guardian ``user_id``
        reads it (what accepting an invitation to guard it says comes)."""
        participant_id = await self._store.participant_id(user_id)
        mine = (
            {m.group_id: m.group_title for m in await self._store.memberships([participant_id])}
            if participant_id is not None
            else {}
        )
        if not mine:
            rejected = await self._rejected_elsewhere(person_id)
            return NotApproved(
                elsewhere=rejected,
                unapproved=0 if rejected else await self._unapproved_elsewhere(person_id),
            )
        refused = [
            title
            for group_id, title in mine.items()
            if await self._store.refused_in(group_id, person_id) is not None
        ]
        return NotApproved(tuple(sorted(refused)), every=len(refused) == len(mine))

    async def _waiting(
        self, person_id: UUID, participant_id: UUID, groups: dict[UUID, str]
    ) -> frozenset[str]:
        """Of the reader's ``groups`` (id: title), those where the person, or the reader as
        its guardian, waits for the organizers' approval: nothing is recognized there yet."""
        return frozenset(
            [
                title
                for group_id, title in groups.items()
                if await self._store.waiting_in(group_id, person_id, participant_id)
            ]
        )

    async def _refused(
        self,
        person_id: UUID,
        participant_id: UUID | None,
        groups: dict[UUID, str],
        waiting: frozenset[str],
    ) -> tuple[dict[str, str], frozenset[str]]:
        """Of the groups ``waiting`` (titles of ``groups``, id: title), those whose
        organizers rejected the person (with their reason's code), and those whose
        organizers rejected the reader (``participant_id``) as its guardian."""
        person: dict[str, str] = {}
        you: set[str] = set()
        for group_id, title in groups.items():
            if title not in waiting:
                continue
            reason = await self._store.refused_in(group_id, person_id)
            if reason is not None:
                person[title] = reason
            elif participant_id is not None and await self._store.guardian_refused_in(
                group_id, person_id, participant_id
            ):
                you.add(title)
        return person, frozenset(you)

    async def _blocked_in(
        self,
        person_id: UUID,
        guardian: GuardianRow,
        groups: dict[UUID, str],
        theirs: Collection[UUID],
    ) -> GuardianRow:
        """Another guardian, with the reader's ``groups`` (id: title) where the organizers
        rejected them as the person's guardian, or have not decided yet: named plainly, they
        read as getting its photos there (findings13 5). Only groups they are in (``theirs``):
        one who left or was banned waits for nothing there (issue 32); one banned is said
        so (walk32 3: "Guardians: Ann (you), Carl, Dan" once Dan was banned, read as
        getting the photos there like Carl)."""
        if guardian.is_you:
            return guardian
        refused: list[str] = []
        waiting: list[str] = []
        banned_from = set(await self._store.banned_from(guardian.participant_id))
        banned: list[str] = []
        for group_id, title in sorted(groups.items(), key=lambda item: item[1]):
            if group_id not in theirs:
                if title in banned_from:
                    banned.append(title)
                continue
            if not await self._store.guardian_waiting_in(
                group_id, person_id, guardian.participant_id
            ):
                continue
            if await self._store.guardian_refused_in(group_id, person_id, guardian.participant_id):
                refused.append(title)
            else:
                waiting.append(title)
        return replace(
            guardian,
            not_approved_in=tuple(refused),
            waiting_in=tuple(waiting),
            banned_in=tuple(banned),
        )

    async def _learned_faces(self, person_id: UUID, status: PersonStatus) -> int:
        """How many faces of the person are learned, as its cards and lists say: none once
        they were forgotten, although the job deleting them may not have got to them yet
        (the cards and lists are brought up to date as soon as it is asked)."""
        if status == PersonStatus.NEEDS_PHOTOS:
            return 0
        return await self._store.prototype_count(person_id)

    async def card(self, person_id: UUID, user_id: int) -> PersonCard | None:
        guarded = await self._guarded(person_id, user_id)
        if guarded is None:
            return None
        person, participant_id = guarded
        rows = await self._store.seats(person.id)
        seats, names = seated(rows)
        chats = {row.participant_id: row.telegram_user_id for row in rows}
        guardians = [
            GuardianRow(
                seat.participant_id,
                names[seat.participant_id],
                (role_of(seats, seat.participant_id) or GuardianRole.CO_GUARDIAN).value,
                seat.participant_id == participant_id,
            )
            for seat in sorted(seats, key=lambda s: s.since)
        ]
        # The reader's own groups are named; a co-guardian's other groups only counted.
        memberships = await self._store.memberships([g.participant_id for g in guardians])
        readers = {m.group_id: m.group_title for m in memberships if m.telegram_user_id == user_id}
        other_groups = len({m.group_id for m in memberships} - readers.keys())
        waiting = await self._waiting(person.id, participant_id, readers)
        why, refused_you = await self._refused(person.id, participant_id, readers, waiting)
        delivered = await self._store.delivered(person.id, participant_id)
        elsewhere = 0 if readers else await self._rejected_elsewhere(person.id)
        return PersonCard(
            id=person.id,
            name=person.name,
            status=person.status,
            birth_date=person.birth_date,
            guardians=[
                await self._blocked_in(
                    person.id,
                    g,
                    readers,
                    {
                        m.group_id
                        for m in memberships
                        if m.telegram_user_id == chats.get(g.participant_id)
                    },
                )
                for g in guardians
            ],
            groups=sorted(readers.values()),
            other_groups=other_groups,
            delivered_photos=delivered.photos,
            delivered_clips=delivered.clips,
            faces=await self._learned_faces(person.id, person.status),
            cover_key=await self._cover_crop(person),
            role=role_of(seats, participant_id) or GuardianRole.CO_GUARDIAN,
            waiting=waiting,
            refused=frozenset(why),
            refused_you=refused_you,
            banned=frozenset(await self._store.banned_from(participant_id)),
            refused_why=tuple(sorted(why.items())),
            rejected_elsewhere=elsewhere,
            can_merge=len(others := await self._store.guarded(user_id, VISIBLE)) > 1,
            own_others=tuple(sorted(p.name for p in others if p.id != person.id)),
        )

    async def permission(self, person_id: UUID, user_id: int, action: PersonAction) -> Permission:
        """May this user do ``action`` to the person? Says who may, when it is the owner only."""
        guarded = await self._guarded(person_id, user_id)
        if guarded is None:
            return Permission(Verdict.NOT_A_GUARDIAN)
        person, participant_id = guarded
        seats, names = seated(await self._store.seats(person.id))
        current = owner(seats)
        return Permission(
            may(role_of(seats, participant_id), action),
            person.name,
            names.get(current.participant_id, "") if current else "",
        )

    async def _cover_crop(self, person: PersonFacts) -> str | None:
        """The crop of the face the person's one cover shows. When that face is gone (or no
        longer theirs) there is no cover: its crop is deleted, and the next photos added
        make one."""
        if person.cover_face_id is None:
            return None
        crop = await self._store.cover_crop(person.id, person.cover_face_id)
        if crop:
            return crop
        if not await self._store.face_exists(person.cover_face_id):
            await self._blobs.delete(cover_key(person.id))
        await self._store.clear_cover(person.id)
        return None

    async def cover(self, card: PersonCard) -> bytes | None:
        if card.cover_key is None:
            return None
        try:
            return await self._blobs.get(card.cover_key)
        except (BlobNotFound, InvalidBlobKey):
            return None

    async def look_alike_name(
        self, user_id: int, name: str, besides: UUID | None = None
    ) -> str | None:
        """The name of another of the user's persons that reads the same as ``name`` ("Alice"
        and "Alice" with a Cyrillic i, "alice"), if any: two such names would leave the
        guardian unable to tell their persons apart. Not the person being renamed
        (``besides``), nor an unfinished enrollment (a new /add replaces it)."""
        others = await self._store.guarded(
            user_id, [status for status in LISTED if status != PersonStatus.ENROLLING]
        )
        return looks_like(name, [other.name for other in others if other.id != besides])

    async def rename(self, person_id: UUID, user_id: int, name: str) -> Renamed | None:
        """None when not the user's person, or ``name`` is not one ``check_name`` passed."""
        guarded = await self._guarded(person_id, user_id) if check_name(name).name == name else None
        if guarded is None:
            return None
        was = guarded[0].name
        await self._store.rename(person_id, name)
        # The copies already delivered still say the old name (and "Not <old name>?").
        await self._events.publish(PersonRenamed(person_id))
        if was == name:
            return Renamed(was)
        seats = await self._store.seats(person_id)
        return Renamed(
            was, tuple(s.telegram_user_id for s in seats if s.telegram_user_id != user_id)
        )

    async def set_birth_date(self, person_id: UUID, user_id: int, born: date | None) -> str | None:
        """The person's name once the date is saved; None when not the user's person."""
        guarded = await self._guarded(person_id, user_id)
        if guarded is None:
            return None
        await self._store.set_birth_date(person_id, born)
        return guarded[0].name

    async def set_paused(self, person_id: UUID, user_id: int, paused: bool) -> Paused:
        guarded = await self._guarded(person_id, user_id)
        if guarded is None:
            return Paused(PauseOutcome.NOT_YOURS)
        wanted, other = (
            (PersonStatus.PAUSED, PersonStatus.ACTIVE)
            if paused
            else (PersonStatus.ACTIVE, PersonStatus.PAUSED)
        )
        if guarded[0].status not in (wanted, other):
            return Paused(PauseOutcome.NOT_READY)
        # Only the change from the other state counts: a second press finds it done.
        changed = await self._store.change_status(person_id, other, wanted)
        if not changed:
            return Paused(PauseOutcome.ALREADY)
        others = [
            seat.telegram_user_id
            for seat in await self._store.seats(person_id)
            if seat.telegram_user_id != user_id
            and not await self._waits_everywhere(person_id, seat.participant_id)
        ]
        return Paused(PauseOutcome.CHANGED, tuple(others))

    async def _waits_everywhere(self, person_id: UUID, participant_id: UUID) -> bool:
        """Whether the co-guardian gets nothing of the person in any of their groups yet:
        their approval as its guardian waits there (findings walken4 13: told that photos
        are held and sent "again", they had received none). One in no group is told when
        they never joined one (its link brings the photos), not when the organizers banned
        them from theirs (walk32 2: a co-guardian banned read "I'll hold new photos… and
        then offer you the held ones" and "I'll send their photos and clips again")."""
        groups = await self._store.memberships([participant_id])
        if not groups:
            return bool(await self._store.banned_from(participant_id))
        for group in groups:
            if not await self._store.guardian_waiting_in(group.group_id, person_id, participant_id):
                return False
        return True

    async def ask_held_questions(self, person_id: UUID) -> None:
        """Once resumed, and its guardians told so: the questions ("Is this Alice?") that
        waited while the person was paused are asked, each as it would have come (asked
        before "Resumed:", one came first and unexplained: findings16 11). The reconcile cron
        leaves them to this for a minute after the resume (``Person.resumed_at``), then
        asks those still not asked (the bot stopped in between), as any question."""
        for suggestion_id in await self._store.unasked_questions(person_id):
            await enqueue_for(self._jobs, job_names.SEND_SUGGESTION, suggestion_id)

    async def ask_again(self, user_id: int, group_id: UUID) -> None:
        """Back in the group (a ban lifted, or they had left), and told they are in: the open
        questions about their persons there that their chat no longer holds (a ban closed
        them: findings19 8) or never did are asked of them, each on its own as a sheet's
        "Some are" asks it (``SuggestionSender.send_one``: still open, still theirs), or on
        their next sheet when their /settings chose batches (walk34 9)."""
        for suggestion_id, participant_id in await self._store.questions_owed(user_id, group_id):
            await self._jobs.enqueue(
                job_names.ASK_ONE,
                str(suggestion_id),
                str(participant_id),
                job_names.ASKED_BACK,
                # as ``corrections.batches.ask_one_job_id`` (a lower layer may not import it)
                job_id=f"{job_names.ASK_ONE}:{suggestion_id}:{participant_id}",
            )

    async def merge_plan(self, keep_id: UUID, drop_id: UUID, user_id: int) -> MergePlan:
        """Whether the user may merge ``drop`` into ``keep``, and what stays: asked before
        the merge acts."""
        if keep_id == drop_id:
            return MergePlan(MergeOutcome.SAME)
        kept, dropped = await self._guarded(keep_id, user_id), await self._guarded(drop_id, user_id)
        if kept is None or dropped is None:
            return MergePlan(MergeOutcome.NOT_YOURS)
        keep, drop = kept[0], dropped[0]
        for person in (keep, drop):
            if not (await self.permission(person.id, user_id, PersonAction.MERGE)).allowed:
                return MergePlan(MergeOutcome.OWNER_ONLY, keep.name, drop.name)
        forgotten = await self._store.faces_forgotten([keep.id, drop.id])
        return MergePlan(
            MergeOutcome.DONE,
            keep.name,
            drop.name,
            await self._cover_crop(keep) is not None,
            keep.birth_date,
            drop.birth_date,
            tuple(n for n in await self._other_guardians(keep, drop, user_id) if n.gains),
            tuple(p.name for p in (keep, drop) if p.id in forgotten),
            await self._store.photos_together(keep.id, drop.id),
            await self._merge_standings(keep, drop, user_id),
        )

    async def _merge_standings(
        self, keep: PersonFacts, drop: PersonFacts, user_id: int
    ) -> tuple[MergeStanding, ...]:
        """Of the user's groups, those where the two stand differently with the organizers
        (``MergeStanding``), by title."""
        participant_id = await self._store.participant_id(user_id)
        if participant_id is None:
            return ()
        found = []
        for joined in sorted(
            await self._store.memberships([participant_id]), key=lambda m: m.group_title
        ):
            ranks = []
            for person in (keep, drop):
                if await self._store.refused_in(joined.group_id, person.id) is not None:
                    ranks.append(2)
                elif await self._store.person_waits_in(joined.group_id, person.id):
                    ranks.append(1)
                else:
                    ranks.append(0)
            if ranks[0] == ranks[1]:
                continue
            stricter, other = (keep, drop) if ranks[0] > ranks[1] else (drop, keep)
            found.append(
                MergeStanding(joined.group_title, stricter.name, other.name, max(ranks) == 2)
            )
        return tuple(found)

    async def stale_merge(
        self, keep_id: UUID, drop_id: UUID, user_id: int, shown: tuple[str, str]
    ) -> StaleMerge:
        """Why a merge confirmation (``keep_id`` kept, ``drop_id`` merged into it, named
        ``shown`` then) did nothing: it was used, or one of the two changed since (a merge
        undone since, a guardian gone or a day passed: CHANGED)."""
        for person_id in (keep_id, drop_id):
            if await self._store.guardian_of(user_id, person_id) is None:
                return StaleMerge(MergeStale.CHANGED)
        keep, drop = await self._store.person(keep_id), await self._store.person(drop_id)
        if (
            keep is not None
            and drop is not None
            and drop.status == PersonStatus.MERGED
            and drop.merged_into_id == keep.id
        ):
            return StaleMerge(MergeStale.DONE, drop.name, keep.name)
        for person, name in ((keep, shown[0]), (drop, shown[1])):
            if person is None or person.status == PersonStatus.DELETING:
                return StaleMerge(MergeStale.DELETED, name)
            if person.status == PersonStatus.MERGED:
                into = (
                    await self._store.person(person.merged_into_id)
                    if person.merged_into_id
                    else None
                )
                return StaleMerge(MergeStale.MERGED, name, into.name if into else "")
        for person, name, other in ((keep, shown[0], drop), (drop, shown[1], keep)):
            if person is not None and other is not None and name and person.name != name:
                return StaleMerge(MergeStale.RENAMED, name, person.name, other.name)
        return StaleMerge(MergeStale.CHANGED)

    async def merge(
        self, keep_id: UUID, remove_id: UUID, user_id: int
    ) -> tuple[MergeOutcome, str, str, list[Newcomer]]:
        """Seed 000 M: ``remove`` becomes part of ``keep``; both must be the user's. Also
        returns the other guardians of either, to tell (those of one get the other's photos
        from now on: the confirmation said so)."""
        if keep_id == remove_id:
            return MergeOutcome.SAME, "", "", []
        kept, removed = (
            await self._guarded(keep_id, user_id),
            await self._guarded(remove_id, user_id),
        )
        if kept is None or removed is None:
            return MergeOutcome.NOT_YOURS, "", "", []
        (keep, participant_id), (remove, _) = kept, removed
        # Merging moves faces and guardians between persons: the owner's call, for both.
        for person in (keep, remove):
            if not (await self.permission(person.id, user_id, PersonAction.MERGE)).allowed:
                return MergeOutcome.OWNER_ONLY, keep.name, remove.name, []
        told = await self._other_guardians(keep, remove, user_id)
        # Two merges pressed at once (A into B and B into A), or a merge racing a deletion,
        # cannot both go through (``PersonStore.merge``).
        merged = await self._store.merge(keep.id, remove.id, participant_id)
        if merged is None:
            return MergeOutcome.NOT_YOURS, keep.name, remove.name, []
        await queue_syncs(self._jobs, merged.face_ids)
        await prototype_choice.queue(self._jobs, merged.choose)
        # Its copies name the kept person now.
        await self._events.publish(PersonsMerged(merged.event_id))
        log.info("person %s merged into %s", remove.id, keep.id)
        return MergeOutcome.DONE, keep.name, remove.name, told

    async def _history_scope(
        self, user_id: int, person_id: UUID | None
    ) -> tuple[list[UUID], set[UUID]]:
        """The persons whose changes the user's /history lists (none: not theirs), and
        those it may name: the user's, and those merged into them."""
        persons = [row.id for row in await self.of_user(user_id)]
        merged = await self._store.merged_into(persons)
        if person_id is not None and person_id not in persons:
            return [], set()
        scope = [person_id] if person_id is not None else [*persons, *merged]
        return scope, {*persons, *merged}

    async def history(
        self,
        user_id: int,
        person_id: UUID | None = None,
        limit: int | None = None,
        *,
        automatic: bool = False,
        until: datetime | None = None,
    ) -> list[EventRow]:
        """The latest assignment events of the user's persons (or of one of them), newest
        first: the changes made by hand, or (``automatic``: "/history all") those and the
        matches recognition made, in one list by time; ``until``: those made by then."""
        scope, known = await self._history_scope(user_id, person_id)
        if not scope:
            return []
        lines = limit or (HISTORY_ALL_LINES if automatic else HISTORY_LINES)
        recognized = None if automatic else False
        changes = await self._store.changes(scope, recognized=recognized, until=until, limit=lines)
        # A person the user does not guard (a co-guardian's other child) is not named.

        def named(person: PersonFacts | None, operation: AssignmentOperation) -> str | None:
            if person is None:
                # A move or a merge had a person on both sides: one missing is gone (the
                # line says whether it was deleted: ``_deleted_since``), unnamed.
                return texts.another_person() if operation in BETWEEN_TWO_PERSONS else None
            return person.name if person.id in known else texts.another_person()

        undoers = await self._undoers(changes, user_id)
        rows = await self._answers_no(user_id, scope, known, until, lines)
        for change in changes:
            mine = change.actor_telegram_user_id == user_id
            by_nobody = change.actor_participant_id is None
            rows.append(
                EventRow(
                    change.id,
                    change.created_at,
                    change.operation.value,
                    _merged_away(change) or named(change.from_person, change.operation),
                    named(change.to_person, change.operation),
                    change.face_count,
                    change.note,
                    change.undone,
                    change.undoes,
                    by="" if by_nobody or mine else (change.actor_first_name or "?"),
                    mine=mine and not by_nobody,
                    may_undo=undoers[change.id] is not None,
                    faces_gone=assignments.faces_deleted(change.operation, change.faces_left)
                    or change.refused == UndoOutcome.NOT_UNDOABLE,
                    changed_since=change.refused == UndoOutcome.CHANGED_SINCE,
                    no_guardian=change.refused == UndoOutcome.NO_GUARDIAN,
                    deleted_since=_deleted_since(change),
                    faces_forgotten=change.refused == UndoOutcome.FACES_FORGOTTEN,
                    remembered=assignments.remembered_not_theirs(
                        change.operation, change.details, change.faces_left
                    ),
                )
            )
        return sorted(rows, key=lambda row: row.when, reverse=True)[:lines]

    async def _answers_no(
        self,
        user_id: int,
        scope: list[UUID],
        known: set[UUID],
        until: datetime | None,
        lines: int,
    ) -> list[EventRow]:
        """The "no" answers to questions about these persons, as /history lines (findings17
        4: a "no" is remembered and changes matching, but /history said nothing changed):
        undone, while it is remembered, by the one who answered or the person's owner."""
        rows = []
        answers = await self._store.answered_no(scope, until=until, limit=lines)
        owned = await self._owned(user_id, {a.person_id for a in answers})
        listed = {answer.id for answer in answers}

        def named(person_id: UUID | None, name: str) -> str:
            return name if person_id in known else texts.another_person()

        for answer in answers:
            if answer.pair_neither and answer.pair_id != answer.id and answer.pair_id in listed:
                continue  # "Neither" is one answer: said on the pair's leading half's line
            mine = answer.by_telegram_user_id == user_id
            name = named(answer.person_id, answer.person_name)
            operation, first, second, chosen = ANSWERED_NO, name, None, ""
            remembered = answer.remembered
            if answer.pair_id is not None:
                # A sibling pair's answer, as it was asked (findings27 2: "said no to 'Is
                # this Ally?'", a question never asked), the leading half's person first.
                other = named(answer.pair_other_person, answer.pair_other_name)
                operation = ANSWERED_PAIR
                first, second = (name, other) if answer.pair_id == answer.id else (other, name)
                chosen = "" if answer.pair_neither else other
                remembered = remembered or answer.pair_other_remembered
            rows.append(
                EventRow(
                    answer.id,
                    answer.at,
                    operation,
                    first,
                    second,
                    1,
                    "",
                    not remembered,
                    by="" if mine else (answer.by_first_name or "?"),
                    mine=mine,
                    # As another guardian's change: by them, or by the person's owner.
                    may_undo=mine or answer.person_id in owned,
                    chosen=chosen,
                )
            )
        return rows

    async def _owned(self, user_id: int, person_ids: set[UUID]) -> set[UUID]:
        """Those of these persons the user is the owner of."""
        participant_id = await self._store.participant_id(user_id)
        if participant_id is None or not person_ids:
            return set()
        seats_of = await self._store.seats_of(person_ids)
        return {
            person_id
            for person_id, rows in seats_of.items()
            if role_of(seated(rows)[0], participant_id) == GuardianRole.OWNER
        }

    async def matched_automatically(
        self, user_id: int, person_id: UUID | None = None, *, until: datetime | None = None
    ) -> bool:
        """Whether recognition matched a face to the user's persons (or to one of them) by
        ``until``: what "/history all" would add to their /history."""
        scope, _known = await self._history_scope(user_id, person_id)
        return bool(scope) and await self._store.has_changes(scope, recognized=True, until=until)

    async def _undoers(self, changes: Sequence[Change], user_id: int) -> dict[UUID, UUID | None]:
        """Who may undo each change (their participant), by the change's id: a guardian of
        every living person it concerns (a merged person counts as the one it was merged
        into), and for a merge, their owner. Read for all the changes at once: a /history
        page's lines cost the same few queries as one."""
        ids = {p for change in changes for p in (change.from_person_id, change.to_person_id) if p}
        found = await self._store.persons(ids) if ids else []
        living_of: dict[UUID, UUID] = {}  # each person: the living one it counts as
        for person in found:
            if person.status == PersonStatus.MERGED:
                if person.merged_into_id is not None:
                    living_of[person.id] = person.merged_into_id
            elif person.status not in assignments.GONE:
                living_of[person.id] = person.id
        living = {
            change.id: {
                living_of[p] for p in (change.from_person_id, change.to_person_id) if p in living_of
            }
            for change in changes
        }
        participant_id = await self._store.participant_id(user_id)
        everyone = set().union(*living.values())
        if participant_id is None or not everyone:
            return dict.fromkeys(living)
        guarded = await self._store.guarded_among(participant_id, everyone)

        def owner_only(change: Change) -> bool:
            # A merge is its owner's call; another guardian's change, theirs or the owner's
            # (a co-guardian does not undo the other's "yes").
            by_another = change.actor_participant_id not in (None, participant_id)
            return change.operation == AssignmentOperation.MERGE or by_another

        asked = {p for change in changes if owner_only(change) for p in living[change.id]}
        seats_of = await self._store.seats_of(asked) if asked else {}
        owned = {
            person_id
            for person_id, rows in seats_of.items()
            if role_of(seated(rows)[0], participant_id) == GuardianRole.OWNER
        }
        return {
            change.id: participant_id
            if living[change.id]
            and living[change.id] <= guarded
            and (not owner_only(change) or living[change.id] <= owned)
            else None
            for change in changes
        }

    async def change(self, event_id: UUID) -> Change | None:
        """The change as it stands now: its persons, and why its undo would be refused."""
        return await self._store.change(event_id)

    async def corrected_since(self, person_ids: Collection[UUID], since: datetime) -> list[Change]:
        """The changes of faces from or to these persons since then, as they stand now."""
        return await self._store.corrected_since(person_ids, since)

    async def guardian_chats(self, person_ids: Collection[UUID]) -> set[int]:
        """The private chats of these persons' guardians (their Telegram user ids)."""
        by_person = await self._store.guardian_chats(person_ids)
        return {chat for chats in by_person.values() for chat in chats}

    async def changes_of(self, event_ids: Collection[UUID]) -> list[Change]:
        """These changes as they stand now."""
        return await self._store.changes_of(event_ids)

    async def changes_touching(self, face_ids: Collection[UUID]) -> list[UUID]:
        """The changes that moved any of these faces."""
        return await self._store.changes_touching(face_ids)

    async def undo(self, event_id: UUID, user_id: int) -> Undone:
        """Revert one event, if the user may (``_undoers``) and the state allows it. A face
        given back to a person brings back the copies of its photo that the correction
        took out of its guardians' chats (``restore_copies``)."""
        change = await self._store.change(event_id)
        if change is None:
            return await self._undo_no(event_id, user_id)
        participant_id = (await self._undoers([change], user_id))[change.id]
        if participant_id is None:
            return Undone(UndoOutcome.UNKNOWN)
        if change.undoes:
            return Undone(UndoOutcome.IS_AN_UNDO)
        # The copies the change hid past 48 hours (blanks saying why): read before the
        # undo sends them again, which forgets where a blank outside an album stands.
        hidden = (
            await self._store.hidden_copies(change.photo_ids)
            if change.operation != AssignmentOperation.MERGE
            else []
        )
        reverted = await self._store.undo(change.id, participant_id)
        copies: dict[tuple[int, int], CopyEdit] = {}
        if reverted.reverted_id is not None:
            # The undo is a /history line: the older lists say they don't have it.
            await history_changed(self._events, [change.from_person_id, change.to_person_id])
            await queue_syncs(self._jobs, [*reverted.face_ids, *reverted.set_aside])
            if change.operation == AssignmentOperation.MERGE:  # its copies: its name again
                await self._events.publish(PersonsMerged(reverted.reverted_id))
            else:
                touched = [p for p in (reverted.from_person_id, reverted.to_person_id) if p]
                for copy in await self._store.copies_after(reverted.face_ids, touched, user_id):
                    copies[(copy.chat_id, copy.message_id)] = copy
        await prototype_choice.queue(self._jobs, reverted.choose)
        if reverted.reverted_id is not None and change.operation != AssignmentOperation.MERGE:
            # The open cards of the chats it changes count as it is now (findings21 6: a
            # card kept "3 photos sent" after an undo gave the person a fourth); a merge's
            # undo redraws both persons' cards itself.
            for chat_id in sorted({user_id, *(chat for chat, _ in copies)}):
                await cards_counted(self._jobs, chat_id)
        photo_only = change.note == assignments.REMOVE_ONLY_NOTE
        told = await self._store.copies_back_told(
            reverted.resend,
            user_id,
            reverted.name,
            photo_only=photo_only,
            person_id=reverted.to_person_id,
        )
        for delivery_id in reverted.resend:
            await enqueue_for(self._jobs, job_names.DELIVER, delivery_id)
        # ``told`` has one line for each copy sent again to another guardian: any more in
        # ``resend`` is the undoer's own (findings10 1: "I'm sending you the clip again" was
        # said when only a co-guardian's came back).
        if reverted.outcome == UndoOutcome.FACES_FORGOTTEN and change.from_person is not None:
            # Refused: whose faces "Forget faces" deleted is what the refusal names.
            reverted = replace(reverted, name=change.from_person.name)
        undone = Undone(
            reverted.outcome,
            reverted.name,
            resent=len(reverted.resend) > len(told),
            resent_clip=reverted.resend_clip,
            resent_others=len(told),
            photo_only=photo_only,
            left=reverted.left,
            copies=list(copies.values()),
            told=told,
            persons=tuple(p for p in (reverted.from_person_id, reverted.to_person_id) if p),
            photos=change.photo_ids
            if reverted.reverted_id is not None and change.operation != AssignmentOperation.MERGE
            else (),
        )
        if reverted.reverted_id is not None and change.operation == AssignmentOperation.ASSIGN:
            said, also = await self._yes_undone(change, reverted.face_ids, undone, user_id)
            undone = replace(undone, answer_said=said, also=also)
        if reverted.reverted_id is not None and change.operation == AssignmentOperation.MERGE:
            return await self._unmerged(undone, change, user_id)
        # Each blank whose copy comes again says so, no longer the claim the undo took
        # back (findings25 7: "You said the person I named isn't in this photo." stayed
        # above the copy sent again).
        blanks = []
        for delivery_id, chat_id, message_id in hidden:
            if delivery_id in reverted.resend:
                async with speaking_to(chat_id):
                    text = texts.blank_sent_again(own=chat_id == user_id, clip=reverted.resend_clip)
                blanks.append((chat_id, message_id, text))
        if blanks:
            undone = replace(undone, answer_said=[*undone.answer_said, *blanks])
        return undone

    async def _yes_undone(
        self, change: Change, face_ids: list[UUID], undone: Undone, user_id: int
    ) -> tuple[list[tuple[int, int, str]], tuple[UUID, ...]]:
        """The questions whose "yes" made this change, now undone: each of their messages
        says so (findings23 9: "Yes, that's Tom. The photo comes to you in this chat."
        stayed beside a photo the undo had just removed), in its reader's language; and the
        sibling pairs' "no"s those answers said, undone with them (findings27 1)."""
        if change.to_person_id is None:
            return [], ()
        answers = await self._store.yes_undone(face_ids, change.to_person_id)
        if not answers:
            return [], ()
        removed = {copy.chat_id for copy in undone.copies if copy.caption is None}
        undoer = ""  # the undoer's first name, when they undid another guardian's "yes"
        if any(answer.by_telegram_user_id != user_id for answer in answers):
            rows = (await self._store.seats_of({change.to_person_id})).get(change.to_person_id, [])
            _seats, names = seated(rows)
            participant_id = await self._store.participant_id(user_id)
            undoer = (names.get(participant_id) if participant_id else None) or "?"
        said, also = [], []
        for answer in answers:
            if answer.pair_other_question is not None and answer.pair_other_kept:
                # The "not Ally" the same answer said goes with it (findings27 1: kept, it
                # sent the next photos of that face to Alice without asking).
                undoer_id = await self._store.participant_id(user_id)
                if undoer_id is not None:
                    await self._store.forget_no(answer.pair_other_question, undoer_id)
                also.append(answer.pair_other_question)
                answer = replace(answer, pair_other_kept=False, pair_other_undone=True)
            for chat_id, message_id in answer.sent_to:
                async with speaking_to(chat_id):  # the reader's language
                    if chat_id == answer.by_telegram_user_id:
                        pair = (chat_id, message_id) in answer.pair_sent
                        text = texts.answer_yes_undone(
                            answer.person_name,
                            undoer="" if chat_id == user_id else undoer,
                            removed=chat_id in removed,
                            clip=answer.clip,
                            # A pair's "It's Alice." (findings23 9, the pair's side), with
                            # the "not Ally" it also said while that still holds.
                            pair_other=answer.pair_other if pair else "",
                            other_kept=pair and answer.pair_other_kept,
                            other_undone=pair and answer.pair_other_undone,
                        )
                    else:
                        text = texts.answer_yes_undone(
                            answer.person_name, by=answer.by_first_name or "?"
                        )
                said.append((chat_id, message_id, text))
        return said, tuple(also)

    async def _undo_no(self, question_id: UUID, user_id: int) -> Undone:
        """Undo a "no" to "Is this Alice?" (its /history line's Undo): the face is no longer
        kept from Alice. The guardian who answered undoes it, or the person's owner; its
        question's message in the answerer's chat says so (``Undone.answer_said``)."""
        answer = await self._store.answer_no(question_id)
        if answer is None or await self._store.guardian_of(user_id, answer.person_id) is None:
            return Undone(UndoOutcome.UNKNOWN)
        undoer = ""  # the owner's first name, when they undo another guardian's "no"
        participant_id = await self._store.participant_id(user_id)
        if participant_id is None:
            return Undone(UndoOutcome.UNKNOWN)
        if answer.by_telegram_user_id != user_id:
            rows = (await self._store.seats_of({answer.person_id})).get(answer.person_id, [])
            seats, names = seated(rows)
            if role_of(seats, participant_id) != GuardianRole.OWNER:
                return Undone(UndoOutcome.UNKNOWN)
            undoer = names.get(participant_id) or "?"
        forgot = await self._store.forget_no(question_id, participant_id)
        also: tuple[UUID, ...] = ()
        other = answer.pair_other_question if answer.pair_neither else None
        if (
            other is not None
            and answer.pair_other_person is not None
            and await self._store.guardian_of(user_id, answer.pair_other_person) is not None
        ):
            # A pair's "Neither" is one answer, undone whole (findings27 2: undoing one
            # half left the question saying "neither of them", the other half's line
            # quoting a question never asked).
            forgot = await self._store.forget_no(other, participant_id) or forgot
            also = (other,)
        if not forgot:
            return Undone(UndoOutcome.ALREADY_UNDONE, answer.person_name)
        # A pair's question left asking about the other child since: it says so now
        # (findings32 5: the co-guardian's copy kept the "no" as standing).
        await self._events.publish(NoUndone(answer.person_id))
        said = []
        for chat_id, message_id in answer.asked_in:
            async with speaking_to(chat_id):  # the answerer's language
                text = texts.answer_no_undone(answer.person_name, undoer, clip=answer.clip)
                if (chat_id, message_id) in answer.pair_sent and also:
                    first, second = answer.person_name, answer.pair_other_name
                    if answer.pair_id != answer.id:
                        first, second = second, first
                    text = texts.pair_neither_undone(first, second, undoer)
                elif (chat_id, message_id) in answer.pair_sent and answer.pair_yes:
                    # A pair's "It's Alice." said this "not Ally" too: it still says the
                    # rest as it stands (it said "I'll remember this face isn't Ally").
                    text = texts.pair_no_undone(
                        answer.pair_yes, text, stands=answer.pair_yes_stands
                    )
                said.append((chat_id, message_id, text))
        for chat_id, message_id in answer.others_sent:
            # The other guardians' copies said who answered "no": that is undone now, as
            # their copies of an undone "yes" say (walkhe 4).
            async with speaking_to(chat_id):
                text = texts.question_answered_no_undone(
                    answer.by_first_name or texts.another_guardian(),
                    answer.person_name,
                )
            said.append((chat_id, message_id, text))
        return Undone(UndoOutcome.DONE, answer.person_name, answer_said=said, also=also)

    async def _unmerged(self, undone: Undone, merge: Change, user_id: int) -> Undone:
        """An undone merge: both persons (whose cards and lists change), their names, the
        other guardians of either (told of it as of the merge) and where the merge was said
        done (its "Merged … into …" message)."""
        kept_id, removed_id = merge.to_person_id, merge.from_person_id
        pair = tuple(p for p in (kept_id, removed_id) if p is not None)
        both = {person.id: person for person in await self._store.persons(pair)}
        names = {person_id: person.name for person_id, person in both.items()}
        others: list[Newcomer] = []
        if kept_id in both and removed_id in both:
            others = await self._other_guardians(both[kept_id], both[removed_id], user_id)
        said = None
        where = merge.details.get(MERGE_SAID)
        if isinstance(where, list) and len(where) == 2:
            said = (int(where[0]), int(where[1]))
        return replace(
            undone,
            merged=pair,
            merged_names=(
                names.get(kept_id, "") if kept_id else "",
                names.get(removed_id, "") if removed_id else "",
            ),
            merge_said=said,
            others=others,
        )

    async def merge_said(
        self, keep_id: UUID, drop_id: UUID, chat_id: int, message_id: int
    ) -> list[MergeBefore]:
        """Where the merge of ``drop_id`` into ``keep_id`` was said done ("Merged … into
        …"), so that an undo from /history says so there too; the earlier merges of the
        two, undone, whose messages are to say they were merged again since (walken3 8:
        "… are two persons again" stayed above the new "Merged … into …")."""
        return await self._store.merge_said(keep_id, drop_id, chat_id, message_id)

    async def request_erasure(
        self,
        person_id: UUID,
        user_id: int,
        *,
        keep_person: bool,
        said: tuple[int, int] | None = None,
    ) -> str | None:
        """Queue forgetting the person's faces (or deleting it); returns its name, or None
        when the user is not its owner (see ``permission`` for why). ``said``: the message
        (chat id, message id) that will say it is under way, and then that it is done."""
        action = PersonAction.FORGET_FACES if keep_person else PersonAction.DELETE
        guarded = await self._guarded(person_id, user_id)
        if guarded is None or not (await self.permission(person_id, user_id, action)).allowed:
            return None
        person, _ = guarded
        kind = RequestKind.FORGET_FACES if keep_person else RequestKind.DELETE_PERSON
        store = self._store
        # The request is a row written with the change: a lost Redis cannot lose it.
        async with store.transaction():
            if not keep_person:
                # Stop matching and delivering right away; the job does the rest. The row
                # lock orders this after a merge under way (which it then finds done: too
                # late).
                if not await store.lock_visible(person.id, VISIBLE):
                    return None
                await store.set_status(person.id, PersonStatus.DELETING)
                await store.revoke_invites(person.id)
            await store.ask(kind, person.id, user_id, said)
        await requests.queue(self._jobs, kind, person.id)
        return person.name

    async def forget_me(self, user_id: int, said: tuple[int, int] | None = None) -> None:
        """``/forget``, confirmed: queue deleting everything about the user (``said``: as
        ``request_erasure``'s)."""
        await self._store.ask(RequestKind.FORGET_PARTICIPANT, user_id, user_id, said)
        await requests.queue(self._jobs, RequestKind.FORGET_PARTICIPANT, user_id)

    async def still_under_way(self, said: tuple[int, int]) -> bool:
        """Whether the erasure (or ``/forget``) this message says is under way is still to
        be done: False once its job is done (and has said so there, or is about to)."""
        return await self._store.under_way(said)

    async def _other_guardians(
        self, keep: PersonFacts, drop: PersonFacts, user_id: int
    ) -> list[Newcomer]:
        """The guardians of ``keep`` or ``drop`` other than the user (who merges them), and
        whose photos each gets from the merge on that they did not get before."""
        guarding: dict[UUID, set[UUID]] = {}
        people: dict[UUID, GuardianOf] = {}
        for row in await self._store.guardians_of_either(keep.id, drop.id):
            if row.telegram_user_id == user_id:
                continue
            people[row.participant_id] = row
            guarding.setdefault(row.participant_id, set()).add(row.person_id)
        told = []
        for participant_id, persons in guarding.items():
            who = people[participant_id]
            both = len(persons) == 2
            mine, other = (keep, drop) if keep.id in persons else (drop, keep)
            told.append(
                Newcomer(
                    who.telegram_user_id,
                    who.first_name or "?",
                    mine.name,
                    "" if both else other.name,
                    () if both else await self._waits_in(participant_id, keep, drop),
                    mine.id,
                )
            )
        return sorted(told, key=lambda n: (n.name, n.telegram_user_id))

    async def _waits_in(
        self, participant_id: UUID, keep: PersonFacts, drop: PersonFacts
    ) -> tuple[str, ...]:
        """The guardian's groups where, once the two are merged, nothing of the child comes
        to them until the organizers approve: the merged child stands as the stricter of
        the two there, or they wait (or were refused) as its guardian. By title."""
        waits = []
        for joined in sorted(
            await self._store.memberships([participant_id]), key=lambda m: m.group_title
        ):
            for person in (keep, drop):
                if await self._store.person_waits_in(
                    joined.group_id, person.id
                ) or await self._store.guardian_waiting_in(
                    joined.group_id, person.id, participant_id
                ):
                    waits.append(joined.group_title)
                    break
        return tuple(waits)


def _deleted_since(change: Change) -> bool:
    """Whether a person of this move or merge was deleted since (its record gone, and not
    as a person merged into another whose record its owner's /forget dropped)."""
    if change.operation not in BETWEEN_TWO_PERSONS or _merged_away(change) is not None:
        return False
    return (change.from_person is None and not change.details.get(FROM_MERGED_AWAY)) or (
        change.to_person is None and not change.details.get(TO_MERGED_AWAY)
    )


def _merged_away(change: Change) -> str | None:
    """The side a merge took away, gone while the merge stands: its record was dropped once
    no one guarded it (its owner's /forget), its faces are the kept person's. Not "a person
    since deleted" (findings26 5): a person the reader did not guard. None: as for others."""
    if (
        change.operation == AssignmentOperation.MERGE
        and change.from_person is None
        and change.to_person is not None
        and not change.undone
        and not change.undoes
    ):
        return texts.another_person()
    return None
