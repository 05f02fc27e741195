"""What naming and claiming ask of the database, in their words: the port its store
implements (on tortoise: ``domain/infra/stores/claims.py``; in memory, for the unit tests
of the rules it frees: ``tests/fakes/claims.py``), and the plain data it returns.

The data are protocols, not dataclasses as in the other stores: the adapter's records are
its own read-only dataclasses, so that it imports nothing of ``domain.claims`` while
``claims.unclaimed`` still reads the database for its callers in ``groups`` and
``privacy`` (the two packages would import each other). A group is a ``ClaimGroup`` for the
same reason (``groups`` imports ``claims`` until a group gone is an event): the adapter
hands a ``groups.stores.GroupView``."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from domain.moderation.audit import Actor
from domain.states import DeliveryStatus


class ListedGroup(Protocol):
    """A group as its /unclaimed list names it."""

    @property
    def id(self) -> UUID: ...

    @property
    def title(self) -> str: ...


class ClaimGroup(Protocol):
    """A group as naming and claiming read it."""

    @property
    def id(self) -> UUID: ...

    @property
    def chat_id(self) -> int: ...

    @property
    def title(self) -> str: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def admin_chat_id(self) -> int | None: ...

    @property
    def retention_days(self) -> int | None: ...

    # What the slices keep in the group's ``settings`` (its last grouping of faces, ...).
    @property
    def settings(self) -> Mapping[str, Any]: ...


class FaceOnPhoto(Protocol):
    """A face nobody holds, where its photo has it (to cut its crop again from Telegram):
    ``file_id`` the picture its box is in (a clip read from its thumbnail: the thumbnail),
    ``shown_at_s`` for a clip read whole, the time of the clip's frame it is in; ``clip``:
    its post is a video, round video or animation ("the 2 photos and 1 clip")."""

    @property
    def id(self) -> UUID: ...

    @property
    def photo_id(self) -> UUID: ...

    @property
    def file_id(self) -> str: ...

    @property
    def shown_at_s(self) -> float | None: ...

    @property
    def clip(self) -> bool: ...

    @property
    def bbox_x(self) -> float: ...

    @property
    def bbox_y(self) -> float: ...

    @property
    def bbox_w(self) -> float: ...

    @property
    def bbox_h(self) -> float: ...


class ClaimRecord(Protocol):
    """An unclaimed person's claim and its link, as stored when read."""

    @property
    def id(self) -> UUID: ...

    @property
    def person_id(self) -> UUID: ...

    @property
    def name(self) -> str: ...

    # not claimed (approved) nor deleted
    @property
    def person_unclaimed(self) -> bool: ...

    @property
    def group(self) -> ClaimGroup: ...

    # the group's own link: the opener joins through it
    @property
    def join_token(self) -> str: ...

    @property
    def named_by_user_id(self) -> int | None: ...

    @property
    def named_by_name(self) -> str: ...

    # None: no live link
    @property
    def code_hash(self) -> str | None: ...

    @property
    def expires_at(self) -> datetime | None: ...

    @property
    def used_at(self) -> datetime | None: ...

    # the Telegram user who answered it
    @property
    def used_by_user_id(self) -> int | None: ...

    # the one who answered it is the person's guardian now
    @property
    def claimer_is_guardian(self) -> bool: ...

    # "some are": once approved, each face is asked about on its own
    @property
    def one_by_one(self) -> bool: ...

    # (chat, message) holding the link in its namer's private chat; None: not known
    @property
    def link_said(self) -> tuple[int, int] | None: ...

    # "It's my Itai": the claimer's own person the faces go to once approved (None: a new
    # person, the unclaimed one); ``into_name`` its name now ("" when it is gone)
    @property
    def into_person_id(self) -> UUID | None: ...

    @property
    def into_name(self) -> str: ...

    # "It's my Itai", Itai deleted since (or being deleted): nothing left to approve
    @property
    def into_gone(self) -> bool: ...

    # (chat, message) of the admin chat's naming prompt, answered ("Named Tom…"); None:
    # not known, or told of the decision already
    @property
    def prompt_said(self) -> tuple[int, int] | None: ...


class Claimer(Protocol):
    """A participant answering a claim, as the organizers' check and the audit name them."""

    @property
    def id(self) -> UUID: ...

    @property
    def telegram_user_id(self) -> int: ...

    @property
    def first_name(self) -> str | None: ...


class AskedApproval(Protocol):
    """An approval of the claimed person asked in another group of the claimer's."""

    @property
    def id(self) -> UUID: ...

    @property
    def group(self) -> ClaimGroup: ...


class Owned(Protocol):
    """What making the claimer the person's owner changed (inside the approval's
    transaction): for the jobs to queue once it commits."""

    # to queue
    @property
    def deliveries(self) -> list[UUID]: ...

    # to announce
    @property
    def asked(self) -> Sequence[AskedApproval]: ...

    # a question per face of ``asked``, in their order
    @property
    def questions(self) -> list[UUID]: ...


class Fate(Protocol):
    """Where a claimed face's photo stands for the claimer."""

    @property
    def photo_id(self) -> UUID: ...

    # its delivery's status to the claimer; None: none, or its copy was taken out of their
    # chat (by a correction or an undo) and the claim sends it again
    @property
    def delivery(self) -> DeliveryStatus | None: ...

    # the claimer posted it and does not ask for their own photos back (/settings): it
    # is never sent to them
    @property
    def posted_by_claimer(self) -> bool: ...

    # a video, round video or animation ("Sending you 2 photos and 1 clip")
    @property
    def clip(self) -> bool: ...


class ClaimStore(Protocol):
    """The database side of ``Naming`` and ``Claims``. A method that changes more than one
    row does it in one transaction (its own, or the caller's ``transaction()``)."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        """What happens inside happens at once, or not at all; a row locked inside stays
        locked until it ends."""

    # ----- the group's unknown faces ------------------------------------------------------

    async def unknown_faces(self, group_id: UUID) -> int:
        """How many faces nobody holds the group's photos (not taken down) have."""

    async def named_in(self, group_id: UUID) -> bool:
        """Whether an organizer named faces in the group (its unclaimed person or the one
        a parent claimed stays)."""

    async def unclustered_since(self, group_id: UUID, since: datetime) -> bool:
        """Whether faces nobody holds, of the group's photos posted after ``since`` (not
        taken down), are in no cluster yet."""

    async def open_faces(
        self, group_id: UUID, clusters: Collection[UUID] | None = None
    ) -> list[tuple[UUID, UUID]]:
        """(face, cluster) of the group's clustered faces (of ``clusters``, when given)
        nobody holds, not taken down, not asked about for an enrolled child (a pending
        question or earlier-photos offer), and not already shown for a person named and
        not yet claimed."""

    async def on_photos(self, face_ids: Collection[UUID]) -> Sequence[FaceOnPhoto]:
        """These faces, best first (quality, then id); a face without its photo left out."""

    async def cluster_group(self, cluster_id: UUID) -> ClaimGroup | None:
        """The group of this cluster; None: no such cluster (regrouped since)."""

    async def was_admin_chat(self, chat_id: int) -> bool:
        """Whether this chat is the admin chat of a group (active or not)."""

    async def admin_chat_group(self, chat_id: int) -> ClaimGroup | None:
        """The group this chat is the admin chat of; None: none, or several."""

    # ----- unclaimed persons --------------------------------------------------------------

    async def lock_group(self, group_id: UUID) -> None:
        """The group's row locked until the transaction ends (two namings at once see
        each other's faces taken)."""

    async def name(
        self,
        group_id: UUID,
        face_ids: Sequence[UUID],
        name: str,
        actor: Actor,
        code_hash: str,
        expires_at: datetime,
    ) -> tuple[UUID, UUID]:
        """An unclaimed person named, its claim with its link and the faces shown, and the
        naming in the group's audit (in the caller's transaction): (person, claim)."""

    async def claim(
        self, claim_id: UUID | None = None, *, person_id: UUID | None = None, lock: bool = False
    ) -> ClaimRecord | None:
        """The claim (by its id or its person's); ``lock``: its row and its person's
        locked until the transaction ends (two answers, or an answer and a decision, one
        after the other)."""

    async def by_code(self, code_hash: str) -> ClaimRecord | None:
        """The claim whose live link has this code."""

    async def unclaimed(self, group_id: UUID) -> Sequence[tuple[ClaimRecord, int]]:
        """The group's unclaimed persons' claims, oldest first, each with how many of its
        faces are still there to show (nobody's, not taken down)."""

    async def unclaimed_names(self, group_id: UUID, besides: UUID | None = None) -> list[str]:
        """The names of the group's unclaimed persons (but ``besides``)."""

    async def organizer_name(self, group_id: UUID, user_id: int, until: datetime) -> str:
        """The name the group's audit knows this Telegram user by (their latest event there
        up to ``until``), "" when it knows none: after their /forget it names no one."""

    async def named_for(self, group_id: UUID, face_ids: Collection[UUID]) -> str | None:
        """The name of the group's unclaimed person named for one of these faces, if any."""

    async def keep_lists_shown(
        self, group_id: UUID, change: Callable[[list[tuple[int, int]]], list[tuple[int, int]]]
    ) -> None:
        """The /unclaimed lists of the group kept shown ((chat id, message id), oldest
        first) become ``change`` of them (under the group's row lock)."""

    async def lists_shown(self, group_id: UUID) -> list[tuple[int, int]]:
        """The /unclaimed lists of the group kept shown, oldest first."""

    async def unclaimed_of_chat(self, chat_id: int) -> list[UUID]:
        """The unclaimed persons named in the group of this chat."""

    async def person_name(self, person_id: UUID) -> str:
        """The person's name; "" when it is gone."""

    async def set_link(
        self, claim_id: UUID, code_hash: str | None, expires_at: datetime | None
    ) -> None:
        """The claim's link is this one now (None: none), unused."""

    async def drop_link(self, code_hash: str) -> None:
        """The link with this code stops working."""

    async def link_said(self, claim_id: UUID, chat_id: int, message_id: int) -> None:
        """The claim's link was handed in this message (which says so once it stops
        working)."""

    async def link_told(self, claim_id: UUID, said: tuple[int, int]) -> None:
        """The message ``said`` no longer offers the link (it says why, or it is gone):
        forgotten, unless the claim's link is in another message meanwhile."""

    async def prompt_said(self, claim_id: UUID, said: tuple[int, int] | None) -> None:
        """The claim's child was named in answer to this prompt (None: it says what became
        of the claim now, and is forgotten)."""

    async def expired_links(self, now: datetime, limit: int) -> Sequence[ClaimRecord]:
        """The claims of unclaimed persons whose link, never used, expired before ``now``,
        while its message still offers it (``link_said``), oldest expiry first."""

    async def rename(self, person_id: UUID, name: str) -> None: ...

    async def delete(self, person_ids: Collection[UUID]) -> None:
        """The unclaimed persons go, with their claims and the faces they remembered (the
        faces stay, nobody's); the audit keeps what was done about them, not their names
        (``unclaimed.scrub_names``; in the caller's transaction)."""

    async def record(
        self, group_id: UUID, action: str, actor: Actor, subject: str, details: dict[str, object]
    ) -> None:
        """A moderation event of the group, for /audit (in the caller's transaction)."""

    # ----- the parent's side ----------------------------------------------------------------

    async def claimer(self, user_id: int) -> Claimer | None:
        """The participant of this Telegram user; None: they never agreed (or /forget)."""

    async def is_member(self, participant_id: UUID, group_id: UUID) -> bool: ...

    async def claimable(
        self, claim_id: UUID, since: datetime | None, *, lock: bool = False
    ) -> Sequence[FaceOnPhoto]:
        """The claim's faces still nobody's, of the group's photos not taken down and
        posted since ``since`` (None: whenever), not asked about for an enrolled child,
        best first; ``lock``: their rows locked until the transaction ends."""

    async def own_persons(
        self, participant_id: UUID, group_id: UUID, limit: int
    ) -> Sequence[tuple[UUID, str]]:
        """The participant's own persons (they are a guardian of) a claim's faces may be
        said to be: enrolled, approved in the group or waiting for it (not rejected there,
        merged away or being deleted); (id, name), by name, at most ``limit``."""

    async def answered(
        self,
        claim_id: UUID,
        claimer_id: UUID,
        one_by_one: bool,
        kept: Collection[UUID],
        into: UUID | None = None,
    ) -> UUID:
        """The link used by the claimer (who said yes, or "some are"), the claim keeping
        only the faces ``kept``; the group's organizers asked to check it (in the caller's
        transaction): the approval. ``into``: "it's my Itai", the claimer's own person the
        faces go to once approved (None: the named person)."""

    async def declined(self, claim_id: UUID) -> None:
        """The link used, with a "no"."""

    # ----- the organizers' decision -------------------------------------------------------

    async def make_owner(
        self,
        person_id: UUID,
        claimer_id: UUID,
        assigned: Sequence[UUID],
        asked: Sequence[UUID],
    ) -> Owned:
        """Inside the approval's transaction: the claimer owns the person, which is active;
        the ``assigned`` faces are the person's (as the claimer's doing) and their photos
        planned for its guardians; a question ("Is this Tom?") per face of ``asked``; the
        person's approval asked in the claimer's groups that approve new persons; its
        prototypes asked to be chosen again."""

    async def merge_into(
        self,
        unclaimed_id: UUID,
        into_id: UUID,
        claimer_id: UUID,
        assigned: Sequence[UUID],
        asked: Sequence[UUID],
    ) -> Owned:
        """Inside the approval's transaction, for "it's my Itai": the unclaimed person is
        merged into the claimer's ``into_id``; the ``assigned`` faces are that person's (as
        the claimer's doing), their photos planned for its guardians; a question per face of
        ``asked``; its prototypes asked to be chosen again."""

    async def approval(self, approval_id: UUID) -> tuple[UUID, Claimer | None] | None:
        """The person an approval is about, and the participant asking (None: they used
        /forget); None: no such approval."""

    async def fates(
        self, claimer_id: UUID, user_id: int, photo_ids: Collection[UUID]
    ) -> Sequence[Fate]:
        """Where each of these photos stands for the claimer (``user_id``: their Telegram
        user, who may have posted it)."""

    async def question_faces(
        self, question_ids: Collection[UUID]
    ) -> Sequence[tuple[UUID, FaceOnPhoto]]:
        """(question, its face) of these questions."""

    async def keep_crop(self, question_id: UUID, face_id: UUID, key: str | None) -> None:
        """The question's crop is kept under ``key``; None: it could not be cut, the
        question expires unasked."""


class RecordedSheet(Protocol):
    """A sheet of faces recorded as posted: where it shows (``message_id`` None: not sent
    yet, or Telegram never took it)."""

    @property
    def id(self) -> UUID: ...

    @property
    def chat_id(self) -> int: ...

    @property
    def message_id(self) -> int | None: ...


class SheetStore(Protocol):
    """The sheets of faces posted for naming (/whois) and claiming, as ``sheets.Sheets``
    keeps them: each recorded before it is sent, so that a button pressed the instant it
    shows finds its faces without waiting for the message's id."""

    async def record(
        self,
        group_id: UUID,
        chat_id: int,
        face_ids: Sequence[UUID],
        fingerprint: str,
        claim_id: UUID | None,
    ) -> UUID:
        """A sheet of these faces about to be sent to ``chat_id`` (for the claim, if
        given), found by ``fingerprint`` (its buttons carry it) until it is ``posted``."""

    async def posted(self, sheet_id: UUID, message_id: int) -> None:
        """Telegram took the sheet as this message."""

    async def faces_of(self, chat_id: int, message_id: int, fingerprint: str) -> list[UUID] | None:
        """The faces the sheet pressed showed: the one recorded as this message (a sheet
        posted before sheets were recorded first is found so), else one recorded in this
        chat with this fingerprint whose message is not known yet; None: not recorded (any
        more: dropped)."""

    async def named_from(
        self, chat_id: int, message_id: int, claim_id: UUID, face_ids: Collection[UUID]
    ) -> list[int]:
        """The /whois sheet a child was named from, and every other /whois sheet of this
        chat still open showing one of these faces, belong to its claim (go with it); the
        messages of those others."""

    async def showing(
        self, group_id: UUID | None, face_ids: Collection[UUID]
    ) -> Sequence[RecordedSheet]:
        """The group's sheets showing any of these faces (``group_id`` None: any group's)."""

    async def where(
        self,
        *,
        claim_id: UUID | None = None,
        chat_id: int | None = None,
        group_chat_id: int | None = None,
        claimed_person_id: UUID | None = None,
    ) -> Sequence[RecordedSheet]:
        """The sheets of this claim, in this chat, of the group of this chat, shown for a
        claim of this person (every criterion given narrows)."""

    async def forget(self, sheet_id: UUID) -> None:
        """The sheet is no longer shown (deleted from its chat, or never sent)."""
