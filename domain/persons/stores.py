"""What the persons' services ask of the database, in their words: the port its store
implements (on tortoise: ``domain/infra/stores/persons.py``; in memory, for the unit tests
of the rules it frees: ``tests/fakes/persons.py``).

A merge, an undo and a deletion race each other and two presses of one button: each is
one store method doing its whole locked change (``merge``, ``undo``), or runs in the
store's unit of work (``transaction()``, with ``lock_visible``)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from domain.recognition.assignments import UndoOutcome
from domain.states import AssignmentOperation, GuardianRole, PersonStatus, RequestKind
from domain.telegram import Button


class CopyEdit(Protocol):
    """A delivered copy in a guardian's chat that a change rewrites (its caption and
    buttons) or deletes (``caption`` None), telling them ``notice``: what
    ``corrections.stores.CopyChange`` says, read here without importing corrections."""

    @property
    def chat_id(self) -> int: ...

    @property
    def message_id(self) -> int: ...

    @property
    def caption(self) -> str | None: ...

    @property
    def buttons(self) -> list[list[Button]]: ...

    @property
    def notice(self) -> str: ...

    @property
    def names_message_id(self) -> int | None: ...

    @property
    def blanked(self) -> str: ...

    @property
    def round_video(self) -> bool: ...

    @property
    def earlier_blank(self) -> int | None: ...

    @property
    def told_of(self) -> CopyTold | None: ...


@dataclass(frozen=True, slots=True)
class CopyTold:
    """What a guardian's ``CopyEdit.notice`` (another guardian's correction deleted their
    copy) is made of: the person it names, the group's title, whether the correction said
    "That isn't Alice" (``remembered``; else "Remove this photo only"), whether of a clip.
    Kept with the notice, to say it again in the person's new name at a rename (walken7 2)."""

    person_id: UUID
    group: str
    remembered: bool
    clip: bool = False
    # Else, what told them of an undo: "undone", their copy went ("… is not Alice's any
    # more"); "back", it came again ("… is Alice's again", ``moved``: "… after all",
    # ``photo_only``: "… is back in Alice's photos").
    told: str | None = None
    moved: bool = False
    photo_only: bool = False
    # The guardian whose change it tells of, by Telegram id, where it named them (walk33
    # 4: ``corrections.texts.others_named``): named again at a rename while they are known.
    by: int | None = None
    # The photo (or clip) whose copy it tells of: a removal's notice says it was undone
    # since once its copy is told "back" (walk37B 2).
    photo_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """A person as a guardian's commands read them."""

    id: UUID
    name: str
    status: PersonStatus
    birth_date: date | None = None
    cover_face_id: UUID | None = None
    merged_into_id: UUID | None = None  # MERGED: the person it is part of now


@dataclass(frozen=True, slots=True)
class GuardianSeat:
    """One guardian of a person: their seat (role, since when) and who they are."""

    participant_id: UUID
    telegram_user_id: int
    first_name: str | None
    role: GuardianRole
    since: datetime


@dataclass(frozen=True, slots=True)
class GuardianOf:
    """A guardian of one of two persons, and which one (``Newcomer``'s facts)."""

    participant_id: UUID
    telegram_user_id: int
    first_name: str | None
    person_id: UUID


@dataclass(frozen=True, slots=True)
class InGroup:
    """A guardian in an active group."""

    telegram_user_id: int
    group_id: UUID
    group_title: str


@dataclass(frozen=True, slots=True)
class Delivered:
    """The posts with a person's face delivered to a guardian, each counted once: photos
    (and images sent as files) and clips (videos, round videos, animations) apart."""

    photos: int
    clips: int


@dataclass(frozen=True, slots=True)
class Merged:
    """A merge done: its event, the faces it changed (moved, or set aside: one per photo),
    the persons whose prototypes are to be chosen again."""

    event_id: UUID
    face_ids: list[UUID]
    choose: list[UUID]


@dataclass(frozen=True, slots=True)
class Change:
    """An assignment event (a change of a face's person) as /history shows it."""

    id: UUID
    created_at: datetime
    operation: AssignmentOperation
    from_person: PersonFacts | None
    to_person: PersonFacts | None
    from_person_id: UUID | None
    to_person_id: UUID | None
    face_count: int
    note: str
    undone: bool
    undoes: bool  # it is itself an undo
    faces_left: int  # of its faces, how many still exist (``assignments.faces_deleted``)
    # Why undoing it now would be refused (``assignments.why_not_undo``, the rule the undo
    # itself applies), None: it would act.
    refused: UndoOutcome | None = None
    actor_participant_id: UUID | None = None
    actor_telegram_user_id: int | None = None
    actor_first_name: str | None = None
    details: dict[str, object] = field(default_factory=dict)
    # The person of its one face now (None: none, or not read), as its undo reads it.
    face_person_id: UUID | None = None
    # The photos of its faces (an album's note numbers them: an undo redraws it).
    photo_ids: tuple[UUID, ...] = ()


@dataclass(frozen=True, slots=True)
class Reverted:
    """An undo done, or why not: the change that reverted it (None: not reverted), the
    person the faces went back to (its name), and the deliveries of copies to send again
    (``infra.stores.photo_copies.restore_copies``)."""

    outcome: UndoOutcome
    operation: AssignmentOperation | None = None
    from_person_id: UUID | None = None
    to_person_id: UUID | None = None
    face_ids: list[UUID] = field(default_factory=list)
    reverted_id: UUID | None = None
    choose: list[UUID] = field(default_factory=list)
    name: str = ""
    resend: list[UUID] = field(default_factory=list)
    resend_clip: bool = False  # what is sent again is a clip (the undo says "clip")
    # The undoer's own copy the change took out of their chat, not sent again because they
    # are no longer in the photo's group: its title, whether it is a clip, and why.
    left: tuple[str, bool, KeptOut] | None = None
    # A merge's undone: the faces it had set aside (one per photo), whose index points
    # change with the undo too (``face_ids`` are those it moved).
    set_aside: list[UUID] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class MergeBefore:
    """An earlier merge of two persons merged again, undone since, and where its "Merged …
    into …" message is, with the names of the one merged away and the one kept (now)."""

    chat_id: int
    message_id: int
    removed: str
    kept: str


class KeptOut(StrEnum):
    """Why an undo does not send the undoer's copy again: they are no longer in its group."""

    LEFT_SINCE = "left_since"  # they left it after the correction
    LEFT_BEFORE = "left_before"  # they had left it before the correction
    BANNED = "banned"  # its organizers turned facedrop off for them (/ban)


@dataclass(frozen=True, slots=True)
class AnsweredNo:
    """A guardian's "no" to a question about one of the persons ("Is this Alice?"): a
    rejection that changes matching, listed in /history as the changes are (findings17 4)."""

    id: UUID  # the question's
    at: datetime
    person_id: UUID
    person_name: str
    by_participant_id: UUID | None
    by_telegram_user_id: int | None
    by_first_name: str | None
    remembered: bool  # the face is still never matched to the person (its rejection kept)
    # The question's messages in the answerer's chat (chat id, message id).
    asked_in: tuple[tuple[int, int], ...] = ()
    clip: bool = False
    # A single question's copies in the other guardians' chats ("Ann answered this
    # question: not Alice."), redrawn when the "no" is undone (walkhe 4).
    others_sent: tuple[tuple[int, int], ...] = ()
    # Said by choosing the other child of a sibling pair ("It's Alice." to "Is this Ally or
    # Alice?"): that child's name, whether the face is still theirs, and which of
    # ``asked_in`` are the pair's own question.
    pair_yes: str = ""
    pair_yes_stands: bool = False
    pair_sent: tuple[tuple[int, int], ...] = ()
    # A sibling pair's half, answered by the same guardian as its other half: the pair's
    # leading half (the question named its person first), the other half's question and
    # person, and whether that answer was "Neither" (the other half a "no" too, its
    # rejection kept or not) or the other child (``pair_yes``).
    pair_id: UUID | None = None
    pair_other_question: UUID | None = None
    pair_other_person: UUID | None = None
    pair_other_name: str = ""
    pair_neither: bool = False
    pair_other_remembered: bool = False


@dataclass(frozen=True, slots=True)
class AnsweredYes:
    """A guardian's "yes" to a question about a person ("Is this Alice?", or the pair's
    "Is this Ally or Alice?" answered "Alice"), whose face is no longer that person's: an
    undone yes, whose messages must say so (findings23 9)."""

    id: UUID  # the question's
    person_name: str
    by_telegram_user_id: int | None
    by_first_name: str | None
    # The question's messages (chat id, message id): the answerer's and the other guardians'.
    sent_to: tuple[tuple[int, int], ...] = ()
    clip: bool = False
    # A sibling pair's half ("Is this Ally or Alice?"): the other person's name, whether
    # the pair's answer still keeps the face from them, and which of ``sent_to`` are the
    # pair's own question (in the chats of the guardians of both).
    pair_other: str = ""
    pair_other_kept: bool = False
    pair_other_undone: bool = False  # that "not Ally" was undone from /history since
    pair_sent: tuple[tuple[int, int], ...] = ()
    # That "not Ally", when the same answer said it: its question (undone with this yes,
    # findings27 1: one answer, undone whole).
    pair_other_question: UUID | None = None


class PersonStore(Protocol):
    """The database side of ``Persons``."""

    async def answered_no(
        self, person_ids: Collection[UUID], *, until: datetime | None, limit: int
    ) -> list[AnsweredNo]:
        """The latest "no" answers to questions about these persons, newest first (made by
        ``until``)."""

    async def answer_no(self, question_id: UUID) -> AnsweredNo | None:
        """The question, if it was answered "no"."""

    async def forget_no(self, question_id: UUID, by: UUID) -> bool:
        """The "no"'s rejection goes: the face may be matched to the person again, undone
        by the participant ``by`` (kept with the question). False: it was no longer
        remembered."""

    async def yes_undone(self, face_ids: Collection[UUID], person_id: UUID) -> list[AnsweredYes]:
        """The questions about the person answered "yes" on these faces (one person's, or a
        sibling pair's half) whose face is no longer the person's, with their messages."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        """What happens inside happens at once, or not at all."""

    async def guardian_of(self, user_id: int, person_id: UUID) -> UUID | None:
        """The participant of this Telegram user, if they are a guardian of the person."""

    async def participant_id(self, user_id: int) -> UUID | None:
        """The participant of this Telegram user, if any."""

    async def person(self, person_id: UUID) -> PersonFacts | None:
        """The person, whatever their status."""

    async def persons(self, person_ids: Collection[UUID]) -> list[PersonFacts]:
        """These persons, those that exist."""

    async def guarded(self, user_id: int, statuses: Collection[PersonStatus]) -> list[PersonFacts]:
        """The user's persons in one of ``statuses``, by name."""

    async def guarded_among(self, participant_id: UUID, person_ids: Collection[UUID]) -> set[UUID]:
        """Those of these persons the participant is a guardian of."""

    async def merged_into(self, person_ids: Collection[UUID]) -> list[UUID]:
        """The persons merged into one of these, directly or through others merged into it
        (Eli merged into Tom, then Tom into Noa: both are part of Noa now)."""

    async def photos_together(self, first_id: UUID, second_id: UUID) -> int:
        """How many group photos and clips show faces of both persons (two persons side by
        side: almost surely two children)."""

    async def faces_forgotten(self, person_ids: Collection[UUID]) -> list[UUID]:
        """Of these persons, those whose faces were forgotten ("Forget faces") after some
        of their photos were sent: those copies name them with no face to move."""

    async def prototype_count(self, person_id: UUID) -> int:
        """How many prototypes the person has (the faces it is recognized by)."""

    async def seats(self, person_id: UUID) -> list[GuardianSeat]:
        """The person's guardians."""

    async def seats_of(self, person_ids: Collection[UUID]) -> dict[UUID, list[GuardianSeat]]:
        """The guardians of each of these persons, by person, in one query."""

    async def guardian_chats(self, person_ids: Collection[UUID]) -> dict[UUID, list[int]]:
        """The Telegram user ids of the guardians of each of these persons, by person."""

    async def guardians_of_either(self, keep_id: UUID, drop_id: UUID) -> list[GuardianOf]:
        """Each guardianship of either person."""

    async def waiting_in(self, group_id: UUID, person_id: UUID, participant_id: UUID) -> bool:
        """Whether the person, or the participant as its guardian, waits for the group's
        organizers' approval."""

    async def person_waits_in(self, group_id: UUID, person_id: UUID) -> bool:
        """Whether the person itself (or one merged into it) is not approved in the group:
        its organizers' approval is awaited, or they rejected it."""

    async def approval_asked_in(self, person_id: UUID) -> set[UUID]:
        """The active groups whose organizers were asked to approve the person (whether
        its guardians are members there now or not)."""

    async def refused_in(self, group_id: UUID, person_id: UUID) -> str | None:
        """Whether the group's organizers rejected the person (not approved there, until
        photos added ask them again): their reason's code (``REJECT_REASONS``; empty when
        none was given), None when they did not."""

    async def guardian_refused_in(
        self, group_id: UUID, person_id: UUID, participant_id: UUID
    ) -> bool:
        """Whether the group's organizers rejected the participant as the person's guardian
        (an earlier decision stands: only their undo from /audit changes it)."""

    async def guardian_waiting_in(
        self, group_id: UUID, person_id: UUID, participant_id: UUID
    ) -> bool:
        """Whether the participant, as the person's guardian, waits for the group's
        organizers' approval (or was rejected by them) there: gets nothing of it yet."""

    async def memberships(self, participant_ids: Collection[UUID]) -> list[InGroup]:
        """The active groups these participants are members of."""

    async def banned_from(self, participant_id: UUID) -> list[str]:
        """The titles of the active groups whose organizers banned the participant."""

    async def delivered(self, person_id: UUID, participant_id: UUID) -> Delivered:
        """How many photos and how many clips with the person's face were delivered to this
        guardian (their copies still in the chat; another guardian's are not theirs to
        count): those whose faces of it were forgotten since too."""

    async def cover_crop(self, person_id: UUID, face_id: UUID) -> str | None:
        """The crop of the cover face, while it is the person's and keeps one."""

    async def face_exists(self, face_id: UUID) -> bool:
        """Whether the face is still there."""

    async def clear_cover(self, person_id: UUID) -> None:
        """The person has no cover any more."""

    async def rename(self, person_id: UUID, name: str) -> None:
        """The person is called ``name`` now."""

    async def set_birth_date(self, person_id: UUID, born: date | None) -> None:
        """The person's birth date (None: not known)."""

    async def change_status(self, person_id: UUID, was: PersonStatus, now: PersonStatus) -> bool:
        """The person's status goes from ``was`` to ``now``; False when it was not ``was``
        (a conditional update: of two presses at once, one changes it)."""

    async def unasked_questions(self, person_id: UUID) -> list[UUID]:
        """The pending questions ("Is this Alice?") about the person not sent yet."""

    async def questions_owed(self, user_id: int, group_id: UUID) -> list[tuple[UUID, UUID]]:
        """The open questions about faces of the group's photos, each about one active
        person of this user's, asked already (of others, or of the user before a ban
        closed theirs) but not in the user's chat now: (question id, participant id). Of a
        sibling pair's two, to a guardian of both while its leading one is open, that one
        alone (it asks "Is this Ally or Alice?")."""

    async def merge(self, keep_id: UUID, remove_id: UUID, participant_id: UUID) -> Merged | None:
        """``remove`` becomes part of ``keep``, by the participant, in one transaction with
        both rows locked in id order and their status checked again (None: one of them is
        no longer listed: merged or deleted meanwhile). The kept person takes the other's
        birth date when it had none; the removed one's unused invitations go; both
        persons' prototypes are to be chosen again."""

    async def merge_said(
        self, keep_id: UUID, drop_id: UUID, chat_id: int, message_id: int
    ) -> list[MergeBefore]:
        """Where the latest merge of ``drop_id`` into ``keep_id`` not undone was said done;
        the earlier merges of the two (either way), undone, where each was said done."""

    async def changes(
        self,
        person_ids: Collection[UUID],
        *,
        recognized: bool | None,
        until: datetime | None,
        limit: int,
    ) -> list[Change]:
        """The latest changes about these persons, newest first: only recognition's own
        matches (``recognized``), all the others (False), or both (None); made by
        ``until``."""

    async def has_changes(
        self, person_ids: Collection[UUID], *, recognized: bool, until: datetime | None
    ) -> bool:
        """Whether ``changes`` would list any (one query)."""

    async def change(self, event_id: UUID) -> Change | None:
        """One change."""

    async def corrected_since(self, person_ids: Collection[UUID], since: datetime) -> list[Change]:
        """The changes of faces (not merges) from or to these persons made since then, as
        they stand now (by the persons' indexed keys: a few queries however many)."""

    async def changes_of(self, event_ids: Collection[UUID]) -> list[Change]:
        """These changes as they stand now (a few queries for all)."""

    async def changes_touching(self, face_ids: Collection[UUID]) -> list[UUID]:
        """The changes (assignment events) that moved any of these faces (one query)."""

    async def undo(self, event_id: UUID, participant_id: UUID) -> Reverted:
        """Revert the change, by the participant, in one transaction with its row locked
        (of two presses, one reverts it; the other hears it is undone already). A merge's
        birth date goes back; the copies of a photo a correction took out of chats are to
        be sent again where the face is the person's again (``Reverted.resend``)."""

    async def copies_after(
        self, face_ids: list[UUID], person_ids: list[UUID], besides: int
    ) -> Sequence[CopyEdit]:
        """The delivered copies of the faces' photos in these persons' guardians' chats,
        as they are to be now (``infra.stores.photo_copies.copies_after``); a guardian
        other than ``besides`` (the undoer) whose copy goes is told why."""

    async def copies_back_told(
        self,
        delivery_ids: list[UUID],
        besides: int,
        name: str,
        *,
        photo_only: bool = False,
        person_id: UUID | None = None,
    ) -> list[tuple[int, str, CopyTold | None]]:
        """What the other guardians whose copy comes back are told ((chat, text, what it
        is made of, of ``person_id``)); ``photo_only``: the change undone was "Remove this
        photo only"."""

    async def hidden_copies(self, photo_ids: Collection[UUID]) -> list[tuple[UUID, int, int]]:
        """The copies of these photos a correction hid past Telegram's 48 hours (blanked
        where they stand): (delivery id, chat id, the blank's message id)."""

    async def lock_visible(self, person_id: UUID, statuses: Collection[PersonStatus]) -> bool:
        """Lock the person's row (inside a transaction); whether it is in ``statuses``."""

    async def set_status(self, person_id: UUID, status: PersonStatus) -> None:
        """The person's status is now ``status``."""

    async def revoke_invites(self, person_id: UUID) -> None:
        """Delete the unused invitations to the person."""

    async def ask(
        self,
        kind: RequestKind,
        subject: UUID | int,
        user_id: int | None,
        said: tuple[int, int] | None = None,
    ) -> None:
        """Record the user's request (inside the transaction of the change it follows): a
        lost Redis cannot lose it. ``said``: the message (chat id, message id) that says
        the work is under way, to say so once it is done."""

    async def under_way(self, said: tuple[int, int]) -> bool:
        """Whether the work this message (chat id, message id) says is under way is still
        to be done (its request open); False once its job closed it."""


@dataclass(frozen=True, slots=True)
class Invitation:
    """A one-time link to become a co-guardian of a person, as stored (its code hashed)."""

    id: UUID
    person: PersonFacts
    invited_by_id: UUID | None
    expires_at: datetime
    used_at: datetime | None = None
    used_by: GuardianSeat | None = None  # who accepted it (``role``: the one they got)
    # Where the link was sent (its creator's chat, the message), when that was kept.
    said: tuple[int, int] | None = None
    inviter: str | None = None  # its creator's first name (the invitation names them)


@dataclass(frozen=True, slots=True)
class Reader:
    """A participant to tell: who, and where."""

    participant_id: UUID
    telegram_user_id: int
    first_name: str | None = None


@dataclass(frozen=True, slots=True)
class LookedIn:
    """An active group a person is looked for in (one its guardians are members of), with
    what its join link carries."""

    chat_id: int
    title: str
    join_token: str


@dataclass(frozen=True, slots=True)
class ExpiredInvite:
    """An invitation that expired unused, and the message in its creator's chat that
    still offers its link."""

    id: UUID
    chat_id: int
    message_id: int
    person: str  # the person's name
    expires_at: datetime


class GuardianStore(Protocol):
    """The database side of ``Guardians``: a person's guardians and invitations."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        """What happens inside happens at once, or not at all."""

    async def guardian_of(self, user_id: int, person_id: UUID) -> UUID | None:
        """The participant of this Telegram user, if they are a guardian of the person."""

    async def reader(self, user_id: int) -> Reader | None:
        """The participant of this Telegram user, if any."""

    async def person(self, person_id: UUID) -> PersonFacts | None:
        """The person, whatever their status."""

    async def lock_person(self, person_id: UUID) -> PersonFacts | None:
        """The person, its row locked (inside a transaction): guardians join and leave one
        at a time."""

    async def seats(self, person_id: UUID) -> list[GuardianSeat]:
        """The person's guardians."""

    async def guarded_among(self, participant_id: UUID, person_ids: Collection[UUID]) -> set[UUID]:
        """Those of these persons the participant is a guardian of."""

    async def create_invite(
        self, person_id: UUID, invited_by: UUID, code_hash: str, expires_at: datetime
    ) -> UUID:
        """A new invitation, stored by its code's hash: its id."""

    async def invite_said(self, invite_id: UUID, message_id: int) -> None:
        """Keep where the invitation's link was sent (in its creator's chat)."""

    async def expired_invites(self, now: datetime, limit: int) -> list[ExpiredInvite]:
        """Unused invitations expired by ``now`` whose message still offers the link (its
        creator known), oldest first, ``limit`` at most."""

    async def unused_invites_said(
        self, person_id: UUID, participant_id: UUID
    ) -> list[tuple[int, int]]:
        """Where the participant's unused invitations to the person were sent (their chat,
        the message): ``drop_guardian`` deletes them."""

    async def invite_told(self, invite_id: UUID) -> None:
        """The invitation's message says it expired: not told again (where it is stays
        kept, for its creator's /forget to re-word it)."""

    async def invite_by_code(self, code_hash: str) -> Invitation | None:
        """The invitation of this code's hash."""

    async def invite(self, invite_id: UUID) -> Invitation | None:
        """The invitation, with who accepted it."""

    async def lock_invite(self, invite_id: UUID) -> Invitation | None:
        """The invitation, its row locked (inside a transaction): it is used once."""

    async def use_invite(self, invite_id: UUID, participant_id: UUID) -> None:
        """The invitation is used, by the participant, now."""

    async def add_co_guardian(self, person_id: UUID, participant_id: UUID) -> bool:
        """The participant is a co-guardian of the person (False: a guardian already);
        where a group's organizers approve new guardians, their approval is asked, in the
        same transaction."""

    async def reachable_guardians(self, person_id: UUID, besides: UUID) -> list[Reader]:
        """The person's guardians but ``besides`` whom the bot can write to."""

    async def in_a_group(self, participant_id: UUID) -> bool:
        """Whether the participant is a member of an active group."""

    async def groups_of(self, participant_id: UUID) -> list[tuple[UUID, str]]:
        """The active groups (id, title) the participant is a member of, by title."""

    async def looked_in(
        self, person_id: UUID, reader: UUID | None = None, *, rejected: bool = False
    ) -> list[LookedIn]:
        """The active groups the person is looked for in: those any of its guardians is a
        member of, by title; of those, none whose organizers rejected it, nor one ``reader``
        (a participant) is banned from: its link brings the reader nothing (``rejected``:
        only those whose organizers rejected it)."""

    async def group_of_link(self, payload: str) -> tuple[UUID, str] | None:
        """The group (id, title) whose join link carries ``payload``."""

    async def co_guarded(self, participant_id: UUID) -> list[PersonFacts]:
        """The enrolled persons (active or paused) the participant is a co-guardian of,
        by name."""

    async def waiting_in(self, group_id: UUID, person_id: UUID, participant_id: UUID) -> bool:
        """As ``PersonStore.waiting_in``."""

    async def person_waits_in(self, group_id: UUID, person_id: UUID) -> bool:
        """As ``PersonStore.person_waits_in``."""

    async def members(self, group_id: UUID) -> set[UUID]:
        """The participants who are members of the group."""

    async def drop_guardian(self, person_id: UUID, participant_id: UUID) -> None:
        """The participant is no longer a guardian of the person, nor of the persons merged
        into it (an undone merge must not bring them back); the unused invitations they
        created go."""

    async def make_owner(self, person_id: UUID, participant_id: UUID) -> GuardianSeat | None:
        """The guardian owns the person now; them, as now."""
