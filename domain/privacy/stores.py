"""What privacy's services ask of the database, in their words: the ports their stores
implement (on tortoise: ``domain/infra/stores/privacy.py``; in memory, for the unit tests
of the rules they free: ``tests/fakes/privacy.py``)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from domain.recognition.assignments import Actor
from domain.states import PersonStatus, RequestKind


@dataclass(frozen=True, slots=True)
class Asked:
    """The open requests (``domain.jobs.requests``) about what is to be erased, and who
    asked (the Telegram user id of the first that says; None: not kept)."""

    ids: tuple[UUID, ...] = ()
    by: int | None = None
    # The messages (chat id, message id) that say the work is under way ("I'll confirm
    # when it's done"): they say it is done once it is.
    said: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class KeptFace:
    """A face Postgres keeps, and the key of its crop in the blobs (None: none kept)."""

    id: UUID
    crop_key: str | None


@dataclass(frozen=True, slots=True)
class Shown:
    """An offer of a person's earlier photos, or a sheet of look-alikes, as it was sent:
    the messages showing it and, for a sheet, the faces on it."""

    sent_to: tuple[tuple[int, int], ...]  # (chat id, message id)
    face_ids: tuple[UUID, ...] = ()


@dataclass(frozen=True, slots=True)
class Erasing:
    """What the last step of erasing a person deletes from Postgres."""

    person_id: UUID
    merged: Sequence[UUID]  # the persons merged into it, directly or not
    face_ids: Sequence[UUID]  # its faces and theirs
    cleared: Sequence[UUID]  # faces only suggested for them or shown on their sheets
    keep_person: bool  # its faces go, the person stays (enrolled again later)
    actor: Actor

    @property
    def person_ids(self) -> list[UUID]:
        return [self.person_id, *self.merged]


@dataclass(frozen=True, slots=True)
class Forgetting:
    """A participant about to be forgotten, the language they read (for the last message
    they get), and who they are in the audit until then."""

    id: UUID
    telegram_user_id: int
    language: str | None  # chosen with /language
    language_code: str | None  # Telegram's
    actor: Actor


@dataclass(frozen=True, slots=True)
class Guarding:
    """One of the participant's guardianships, and whether its person is a merged record."""

    id: UUID
    person_id: UUID
    merged: bool


@dataclass(frozen=True, slots=True)
class StillGuarded:
    """A guardianship that is still there (its person was not deleted with another): what
    decides what goes with its guardian."""

    person_id: UUID
    merged_record: bool  # merged into another person, which stays
    other_guardians: bool


@dataclass(frozen=True, slots=True)
class TheirApprovals:
    """The organizers' approvals about a participant: those of persons they added, and of
    their claims decided (they stay with the persons), and those that go with them (as a
    co-guardian, their claims still waiting)."""

    of_persons: list[UUID] = field(default_factory=list)
    going: list[UUID] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class MergeSaid:
    """Where a merge of the person (or into it) was said done ("Merged Cleo into Bobby.
    ..."): the chat and message, the two names, and whether it was undone since."""

    chat_id: int
    message_id: int
    removed: str
    kept: str
    undone: bool
    into_it: bool  # the person is the one kept (not the one merged away)
    # The other of the two was deleted before (its name is no longer kept: "" above).
    other_deleted: bool = False


@dataclass(frozen=True, slots=True)
class InviteSaid:
    """A message in the inviter's chat that hands a co-guardian invitation's link
    ("Send this link to the other guardian of Alice…"), or says who used it: its message,
    the person's name, and who used it ("": not used, or by one whose name went with
    their data: ``used`` says which)."""

    message_id: int
    person: str
    used_by: str = ""
    used: bool = False
    creator_gone: bool = False  # its inviter no longer guards the person (left, removed)


class ErasureStore(Protocol):
    """The database side of ``erasure.Erasure``."""

    async def asked(self, kind: RequestKind, subject: UUID | int) -> Asked:
        """The requests of this kind about ``subject`` not done yet."""

    async def close(self, asked: Asked) -> None:
        """These requests are done (again is harmless); who asked is no longer kept."""

    async def person_name(self, person_id: UUID) -> str | None:
        """The person's name; None: no such person (deleted already)."""

    async def name_now(self, person_id: UUID) -> str | None:
        """The person's name, or, merged, that of the person it went into (through every
        merge since); None: deleted, or what it went into deleted."""

    async def merges_said_about(self, person_id: UUID) -> list[MergeSaid]:
        """The messages that said a merge of the person, or into it, done, where both
        persons are still known."""

    async def set_status(self, person_id: UUID, status: PersonStatus) -> bool:
        """The person's status is ``status`` from now on (matching and delivering read
        it); False: no such person."""

    async def wait_for_claims(self, person_id: UUID) -> None:
        """Returns once every claim of a delivery of the person's photos that began before
        has committed (their rows are locked, then let go)."""

    async def sending(self, person_id: UUID) -> bool:
        """Whether a delivery of one of the person's photos is being sent."""

    async def merged_into(self, person_id: UUID) -> list[UUID]:
        """The persons merged into this one, directly or through others merged into it."""

    async def faces_of(self, person_ids: Sequence[UUID]) -> list[KeptFace]:
        """The faces of these persons."""

    async def suggested(self, person_ids: Sequence[UUID]) -> list[KeptFace]:
        """The faces suggested for these persons (theirs among them)."""

    async def asked_elsewhere(
        self, face_ids: Sequence[UUID], person_ids: Sequence[UUID]
    ) -> set[UUID]:
        """Those of these faces still asked about (a pending suggestion) for another person
        than these."""

    async def crops(self, face_ids: Sequence[UUID]) -> list[KeptFace]:
        """Those of these faces that keep a crop."""

    async def shown(self, person_ids: Sequence[UUID]) -> list[Shown]:
        """The offers of these persons' earlier photos and their sheets of look-alikes."""

    async def questions(self, person_ids: Sequence[UUID]) -> list[tuple[int, int]]:
        """The messages (chat id, message id) of the questions still open about these
        persons ("Is this Alice?", and a pair's "Alice or Ally?" naming one of them, in
        the chats of their guardians only: the pair's other child's question asked of its
        guardians alone stays)."""

    async def part_pairs(self, person_ids: Sequence[UUID]) -> list[tuple[UUID, UUID]]:
        """Inside the erasure's ``transaction``, before it: the other question of each
        sibling pair of these persons still open becomes one person's question, out of the
        chats of the guardians of both (where the pair's question is closed); those
        guardians, to be asked it alone: (question id, participant id)."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        """What happens inside happens at once, or not at all."""

    async def erase(self, erasing: Erasing) -> None:
        """Inside a ``transaction`` (with whatever else goes with the persons): the removal
        recorded in the audit, the cleared faces' crops forgotten, the persons'
        suggestions, offers, enrollment photos, prototypes, faces and their outbox rows
        deleted; then the person back to
        enrollment without a cover (``keep_person``), or the persons deleted with their
        names scrubbed from every audit."""

    async def drop_merged_record(self, person_id: UUID, crop_prefix: str) -> None:
        """All at once: a merged person's record goes (only while it is merged), the faces'
        crops under ``crop_prefix`` are forgotten, its notes scrubbed; the persons merged
        into it are part of the one it was merged into from then on (the chain kept whole)."""

    async def actor(self, participant_id: UUID | None, user_id: int | None) -> Actor | None:
        """The participant (by id, else by Telegram user id) as an actor of the audit."""

    async def user_id(self, participant_id: UUID) -> int | None:
        """The participant's Telegram user id; None: no such participant."""

    async def guardian_chats(self, person_ids: Collection[UUID]) -> dict[UUID, list[int]]:
        """The Telegram user ids of the guardians of each of these persons, by person."""

    async def first_name(self, user_id: int) -> str | None:
        """The first name of the participant of this Telegram user, as Telegram last gave
        it; None: no such participant, or no name."""

    async def participant_of(self, user_id: int) -> Forgetting | None:
        """The participant of this Telegram user; None: none (forgotten already)."""

    async def unname_posts(self, user_id: int) -> None:
        """The photos the user posted no longer say who posted them, nor keep their
        captions."""

    async def forget_requests_of(self, user_id: int, asked: Asked) -> None:
        """All at once: the user's requests no longer say who asked, and ``asked`` are
        done."""

    async def audited_groups(self, participant_id: UUID | None, user_id: int) -> set[UUID]:
        """The groups whose /audit may name the user (a member once, banned, or one of its
        organizers)."""

    async def rejected_in(self, person_ids: Collection[UUID]) -> set[UUID]:
        """The groups whose organizers rejected one of these persons: their /audit offered
        to undo it, which their deletion ends."""

    async def acted_as_organizer(self, user_id: int) -> bool:
        """Whether a group's audit log keeps something the user did as an organizer (a
        parent's own claim is none)."""

    async def merges_said_to(self, participant_id: UUID, user_id: int) -> list[int]:
        """The messages in the user's chat that said the participant's merges done ("Merged
        Cleo into Bobby. You can undo it from the history.", or since undone)."""

    async def invites_said_by(self, participant_id: UUID) -> list[InviteSaid]:
        """The messages in the participant's chat that hand their co-guardian invitations'
        links, or say who used them (those whose expiry was told are no longer known)."""

    async def invites_said_about(self, person_id: UUID) -> list[tuple[int, InviteSaid]]:
        """The messages that hand co-guardian invitations' links to the person, or say who
        used them, each with its chat (its inviter's)."""

    async def invites_used_by(self, participant_id: UUID) -> list[tuple[int, InviteSaid]]:
        """The messages that say the participant used a co-guardian invitation ("Carl used
        the link I made here…"), each with its chat (its inviter's)."""

    async def unname_organizer(self, user_id: int) -> bool:
        """What the user did as an organizer no longer names them (kept by Telegram id);
        False: they did nothing as one."""

    async def approvals_of(self, participant_id: UUID) -> TheirApprovals:
        """The organizers' approvals about the participant."""

    async def guardianships_of(self, participant_id: UUID) -> list[Guarding]:
        """The participant's guardianships."""

    async def still_guarded(
        self, guardianship_id: UUID, participant_id: UUID
    ) -> StillGuarded | None:
        """The guardianship as it is now; None: gone (with a person it was merged into)."""

    async def let_go(self, guardianship_id: UUID, person_id: UUID) -> int | None:
        """All at once: the guardianship goes, and the audit's notes about the person (and
        those merged into it) no longer keep what its guardian typed; its guardian owned
        the person: the longest-standing other is marked its owner (``persons.rules.
        successor``, as when an owner leaves). The new owner's Telegram user id, if so."""

    async def forget(
        self,
        participant: Forgetting,
        *,
        guarded: Sequence[UUID],
        withdrawn: Sequence[UUID],
        asked: Asked,
        terms_version: str,
    ) -> None:
        """All at once (one transaction): the participant's notes and names leave the audit
        (their events name ``FORGOTTEN_ACTOR``), the ``guarded`` persons' approvals name
        no one, their open invitations and waiting claims go, the offers their co-guardians
        keep no longer say they went to them, the ``withdrawn`` approvals are deleted, the
        deletion is recorded as a consent record (under ``terms_version``), the participant
        is deleted, their requests no longer say who asked and ``asked`` are done."""


@dataclass(frozen=True, slots=True)
class ExpiringGroup:
    """A group whose organizers set how long its photos' faces are kept."""

    id: UUID
    retention_days: int
    title: str


class RetentionStore(Protocol):
    """The database side of ``retention.Retention``."""

    async def groups(self) -> list[ExpiringGroup]:
        """The groups with a retention set (those the bot has left too)."""

    async def expiring(self, group_id: UUID, posted_before: datetime, limit: int) -> list[KeptFace]:
        """Up to ``limit`` faces of the group's photos posted before ``posted_before``, by
        id: group photos' faces only, never an enrollment face nor a face a guardian made
        one of their person's prototypes."""

    async def photos_of(self, face_ids: Sequence[UUID]) -> list[UUID]:
        """The photos these faces are in (read before they go: their copies show them)."""

    async def delete_faces(self, face_ids: Sequence[UUID]) -> None:
        """All at once: the faces go with their suggestions, rejections and outbox rows.
        What showed them is its owners' to take (``FacesExpired``: the claims' sheets,
        the questions)."""

    async def ran(self, group_id: UUID, at: datetime, expired: int) -> None:
        """What /stats reports: retention looked at ``at`` and ``expired`` more faces went
        (added to the count, so two runs never lose one)."""


# ----- /export: what is held about a participant, as plain data (statuses as stored)


@dataclass(frozen=True, slots=True)
class Holder:
    """The participant as facedrop knows them, and their settings."""

    telegram_user_id: int
    first_name: str | None
    username: str | None
    language_code: str | None
    receive_own_photos: bool
    question_mode: str
    questions_every: int | None
    language: str | None  # None: the Telegram app's
    created_at: datetime


@dataclass(frozen=True, slots=True)
class GroupJoined:
    title: str
    status: str
    verified_at: datetime | None


@dataclass(frozen=True, slots=True)
class ConsentGiven:
    kind: str
    terms_version: str
    at: datetime


@dataclass(frozen=True, slots=True)
class BannedFrom:
    group_title: str
    since: datetime


@dataclass(frozen=True, slots=True)
class OrganizerAction:
    """Something they did as an organizer, as a group's audit log keeps it (with the name
    they were shown by then): a decision, a ban, a takedown, a setting."""

    group_title: str
    action: str
    name_shown: str
    at: datetime
    # What the audit line is made of (``moderation.texts.audit_moderation_line``).
    subject: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)
    undone: bool = False
    zone: str = "UTC"  # the group's time zone, in which its /audit writes the line's times


@dataclass(frozen=True, slots=True)
class OnScreen:
    """One of their persons in a clip, and from when to when (seconds of the clip)."""

    person_name: str
    from_s: float
    to_s: float
    clip_s: float | None = None  # the clip's length, when read


# A copy's status in /export when a correction (a move, an undo, "remove this photo only")
# took it from their chat: what happened to it first, whatever came after (a takedown).
REMOVED_BY_A_CORRECTION = "removed_by_a_correction"


@dataclass(frozen=True, slots=True)
class PhotoCopy:
    """A group's photo: sent to them (``status``, ``at``: when sent), or posted by them
    (``caption``, ``at``: when posted). ``kind``: a photo, or a clip (a video, round video
    or animation), then ``on_screen``: when their persons are seen in it."""

    group_title: str
    message_id: int
    at: datetime | None
    status: str | None = None
    caption: str | None = None
    kind: str = "photo"
    on_screen: Sequence[OnScreen] = ()


@dataclass(frozen=True, slots=True)
class WaitingCrop:
    """A face's crop kept while one of their persons' question about it waits: one per
    person asked about (a pair's question, "Alice or Bob?", is two, sharing ``pair_id``;
    ``leads``: the pair's leading one, named first)."""

    person_name: str
    group_title: str | None
    asked_at: datetime | None
    crop_key: str
    face_id: UUID | None = None
    pair_id: UUID | None = None
    leads: bool = False
    # What bounds its keep besides the answer: the photo's posting and its group's keep.
    posted_at: datetime | None = None
    retention_days: int | None = None


@dataclass(frozen=True, slots=True)
class ChangeMade:
    operation: str
    faces: int
    photos: int
    note: str | None
    at: datetime
    undone_at: datetime | None
    undoes: bool = False  # it is the undo of an earlier change


@dataclass(frozen=True, slots=True)
class AnswerGiven:
    """Their answer to a question about one of their persons ("Is this Alice?"), and
    whether the "no" is still remembered (a face never matched to that person again)."""

    person_name: str  # its name now ("": merged into a child deleted since)
    group_title: str | None
    accepted: bool
    at: datetime | None
    remembered: bool = False
    # A "yes" whose match was undone from /history since: when (findings24 7).
    undone_at: datetime | None = None
    # A sibling pair's question ("Is this Alice or Ally?"), one answer, one entry: the other
    # child it named (``person_name`` the first), and whether its "no" is still remembered;
    # ``picked``: the child they answered it is ("It's Alice"; ``accepted``), None for
    # "Neither".
    other_name: str | None = None
    other_remembered: bool = False
    picked: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimMade:
    child: str
    group_title: str
    named_by: str
    named_at: datetime
    claimed_at: datetime | None
    approved: bool
    one_by_one: bool
    into: str = ""  # "it's my Itai": the child of theirs they said the faces are, named now


@dataclass(frozen=True, slots=True)
class OfferMade:
    group_title: str
    gathered_questions: bool  # a sheet of their own questions (else earlier photos)
    photos: int
    answer: str
    offered_at: datetime
    answered_at: datetime | None


@dataclass(frozen=True, slots=True)
class ApprovalAsked:
    group_title: str
    kind: str
    status: str
    reason: str | None


@dataclass(frozen=True, slots=True)
class GuardedPerson:
    """A person they guard, as far as it concerns them."""

    id: UUID
    name: str
    birth_date: date | None
    status: str
    role: str
    other_guardians: list[str | None]
    prototypes: int
    enrollment_photos_sent_at: list[datetime]
    cover_crop: str | None  # the crop key of its cover face
    offers: list[OfferMade]
    approvals: list[ApprovalAsked]
    created_at: datetime
    merged_into: str | None = None  # merged into another (the undo may bring it back): its name


@dataclass(frozen=True, slots=True)
class Held:
    """Everything Postgres holds about a participant and their persons."""

    holder: Holder
    groups: list[GroupJoined]
    consents: list[ConsentGiven]
    bans: list[BannedFrom]
    persons: list[GuardedPerson]
    sent_to_them: list[PhotoCopy]
    posted: list[PhotoCopy]
    waiting: list[WaitingCrop]
    changes: list[ChangeMade]
    claims: list[ClaimMade]
    answers: list[AnswerGiven] = field(default_factory=list)


class ExportStore(Protocol):
    """The database side of ``export.DataExport``."""

    async def held(self, user_id: int) -> Held | None:
        """What is held about the participant of this Telegram user; None: facedrop never
        met them."""

    async def organizer_actions(self, user_id: int) -> list[OrganizerAction]:
        """What this Telegram user did as an organizer, as the groups' audit logs keep it,
        oldest first."""

    async def kept_by_id(self, user_id: int) -> tuple[list[ConsentGiven], list[BannedFrom]]:
        """What is kept by this Telegram user's id alone, with or without a participant
        (after /forget too): their consents and withdrawals, and the groups' bans."""
