"""The persons a guardian holds: their cards and the changes only a guardian may make.

Every method takes the acting Telegram user and re-checks that they are a
guardian of the person: button data is user input.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from uuid import UUID

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from domain.blobs import BlobStore
from domain.corrections.service import (
    CopyChange,
    copies_after,
    copies_back_told,
    restore_copies,
)
from domain.enrollment.rules import check_name
from domain.enrollment.service import cover_key
from domain.errors import BlobNotFound, InvalidBlobKey
from domain.infra.models import (
    AssignmentEvent,
    Delivery,
    Face,
    Guardianship,
    Membership,
    Participant,
    Person,
    Prototype,
    Suggestion,
)
from domain.infra.queries import ids_of
from domain.jobs import queue as job_names
from domain.jobs import requests
from domain.jobs.queue import JobQueue, enqueue_for
from domain.languages.dates import read_day
from domain.persons import texts
from domain.persons.guardians import revoke_invites, seats_of
from domain.persons.names import looks_like
from domain.persons.rules import PersonAction, Verdict, may, owner, role_of
from domain.recognition import assignments, prototype_choice
from domain.recognition.assignments import Actor, UndoOutcome
from domain.states import (
    LISTED,
    AssignmentOperation,
    DeliveryStatus,
    GuardianRole,
    MembershipStatus,
    PersonStatus,
    RequestKind,
    SuggestionStatus,
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


@dataclass(frozen=True, slots=True)
class GuardianRow:
    participant_id: UUID
    name: str
    role: str
    is_you: bool


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
    faces: int
    cover_key: str | None
    role: GuardianRole = GuardianRole.CO_GUARDIAN  # the viewer's

    @property
    def is_owner(self) -> bool:
        return self.role == GuardianRole.OWNER

    @property
    def owner_name(self) -> str:
        return next((g.name for g in self.guardians if g.role == GuardianRole.OWNER), "")


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
    # guardian's first name. ``may_undo``: whether the reader may undo it (``_undoer``).
    by: str = ""
    mine: bool = False
    may_undo: bool = True


@dataclass(frozen=True, slots=True)
class Undone:
    """What an undo did: the outcome, the person the faces went back to, and whether a
    photo the correction had taken out of the chat is on its way again."""

    outcome: UndoOutcome
    name: str = ""
    resent: bool = False
    # The delivered copies still in chats that the undo changes (their captions, or a copy
    # sent only for the person the face left): ``copies_after``.
    copies: list[CopyChange] = field(default_factory=list)
    # An undone merge: both persons (whose cards and lists change), their names (kept,
    # removed) and where its "Merged … into …" message is (chat id, message id).
    merged: tuple[UUID, ...] = ()
    merged_names: tuple[str, str] = ("", "")
    merge_said: tuple[int, int] | None = None
    # The other guardians whose copy comes back, and what each is told ((chat, text)).
    told: list[tuple[int, str]] = field(default_factory=list)
    # An undone merge: the other guardians of either person, told of it as of the merge
    # (``Newcomer.gains``: the person they do not guard, whose photos they no longer get).
    others: list[Newcomer] = field(default_factory=list)


class MergeOutcome(StrEnum):
    DONE = "done"
    NOT_YOURS = "not_yours"
    SAME = "same"
    OWNER_ONLY = "owner_only"  # the user is only a co-guardian of one of them


BIRTH_DATE_TAKEN = "birth_date_taken"  # a merge's detail: the kept person took the other's
MERGE_SAID = "said"  # a merge's detail: where "Merged … into …" is (chat id, message id)


@dataclass(frozen=True, slots=True)
class Newcomer:
    """Another guardian of one of two persons being merged: after the merge they are a
    guardian of the merged child, so they get the photos of the person they did not guard
    (``gains``, named as before the merge; "" when they guarded both)."""

    telegram_user_id: int
    name: str  # their first name
    guards: str  # the person they guard now
    gains: str = ""


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
    def __init__(self, jobs: JobQueue, blobs: BlobStore) -> None:
        self._jobs = jobs
        self._blobs = blobs

    async def _guarded(self, person_id: UUID, user_id: int) -> tuple[Person, Participant] | None:
        """The person and the acting participant, if the user is one of its guardians."""
        participant = await Participant.get_or_none(
            telegram_user_id=user_id, guardianships__person_id=person_id
        )
        person = await Person.get_or_none(id=person_id, status__in=VISIBLE)
        if participant is None or person is None:
            return None
        return person, participant

    async def unavailable(
        self, person_id: UUID, user_id: int
    ) -> tuple[Unavailable, str, UUID | None]:
        """Why the user cannot act on the person, the name to say (only to a guardian), and
        for a merged person the one it is part of now (whose card to show instead)."""
        if not await Participant.exists(
            telegram_user_id=user_id, guardianships__person_id=person_id
        ):
            return Unavailable.NOT_YOURS, "", None
        person = await Person.get_or_none(id=person_id).prefetch_related("merged_into")
        if person is None or person.status == PersonStatus.DELETING:
            return Unavailable.DELETED, person.name if person else "", None
        if person.status == PersonStatus.MERGED and person.merged_into is not None:
            into = person.merged_into
            # Merged into one that was merged on in turn: the card to show is the last one.
            for _hop in range(10):
                if into.status != PersonStatus.MERGED or into.merged_into_id is None:  # type: ignore[attr-defined]
                    break
                following = await Person.get_or_none(id=into.merged_into_id)  # type: ignore[attr-defined]
                if following is None:
                    break
                into = following
            return Unavailable.MERGED, into.name, into.id
        return Unavailable.NOT_YOURS, "", None

    async def of_user(self, user_id: int) -> list[PersonRow]:
        persons = await Person.filter(
            guardianships__participant__telegram_user_id=user_id, status__in=VISIBLE
        ).order_by("name")
        return [
            PersonRow(
                person.id,
                person.name,
                person.status.value,
                await Prototype.filter(person=person).count(),
            )
            for person in persons
        ]

    async def card(self, person_id: UUID, user_id: int) -> PersonCard | None:
        guarded = await self._guarded(person_id, user_id)
        if guarded is None:
            return None
        person, participant = guarded
        seats, names = await seats_of(person.id)
        guardians = [
            GuardianRow(
                seat.participant_id,
                names[seat.participant_id],
                (role_of(seats, seat.participant_id) or GuardianRole.CO_GUARDIAN).value,
                seat.participant_id == participant.id,
            )
            for seat in sorted(seats, key=lambda s: s.since)
        ]
        # The reader's own groups are named; a co-guardian's other groups only counted.
        memberships = await Membership.filter(
            participant_id__in=[g.participant_id for g in guardians],
            status=MembershipStatus.MEMBER,
            group__is_active=True,
        ).prefetch_related("group", "participant")
        readers = {
            m.group.id: m.group.title
            for m in memberships
            if m.participant.telegram_user_id == user_id
        }
        other_groups = len({m.group.id for m in memberships} - readers.keys())
        delivered = len(
            set(
                await Delivery.filter(
                    status=DeliveryStatus.SENT, photo__faces__person_id=person.id
                ).values_list("photo_id", flat=True)
            )
        )
        cover = await self._cover_face(person)
        return PersonCard(
            id=person.id,
            name=person.name,
            status=person.status,
            birth_date=person.birth_date,
            guardians=guardians,
            groups=sorted(readers.values()),
            other_groups=other_groups,
            delivered_photos=delivered,
            faces=await Prototype.filter(person=person).count(),
            cover_key=cover.crop_key if cover else None,
            role=role_of(seats, participant.id) or GuardianRole.CO_GUARDIAN,
        )

    async def permission(self, person_id: UUID, user_id: int, action: PersonAction) -> Permission:
        """May this user do ``action`` to the person? Says who may, when it is the owner only."""
        guarded = await self._guarded(person_id, user_id)
        if guarded is None:
            return Permission(Verdict.NOT_A_GUARDIAN)
        person, participant = guarded
        seats, names = await seats_of(person.id)
        current = owner(seats)
        return Permission(
            may(role_of(seats, participant.id), action),
            person.name,
            names.get(current.participant_id, "") if current else "",
        )

    async def _cover_face(self, person: Person) -> Face | None:
        """The face the person's one cover crop shows. When that face is gone (or no longer
        theirs) there is no cover: its crop is deleted, and the next photos added make one."""
        if person.cover_face_id is None:
            return None
        current = await Face.get_or_none(id=person.cover_face_id, person_id=person.id)
        if current is not None and current.crop_key:
            return current
        if not await Face.exists(id=person.cover_face_id):
            await self._blobs.delete(cover_key(person.id))
        person.cover_face_id = None
        await person.save(update_fields=["cover_face_id", "updated_at"])
        return None

    async def cover(self, card: PersonCard) -> bytes | None:
        if card.cover_key is None:
            return None
        try:
            return await self._blobs.get(card.cover_key)
        except (BlobNotFound, InvalidBlobKey):
            return None

    async def rename(self, person_id: UUID, user_id: int, name: str) -> bool:
        """False when not the user's person, or ``name`` is not one ``check_name`` passed."""
        if check_name(name).name != name or await self._guarded(person_id, user_id) is None:
            return False
        await Person.filter(id=person_id).update(name=name)
        return True

    async def set_birth_date(self, person_id: UUID, user_id: int, born: date | None) -> str | None:
        """The person's name once the date is saved; None when not the user's person."""
        guarded = await self._guarded(person_id, user_id)
        if guarded is None:
            return None
        await Person.filter(id=person_id).update(birth_date=born)
        return guarded[0].name

    async def set_paused(self, person_id: UUID, user_id: int, paused: bool) -> PauseOutcome:
        guarded = await self._guarded(person_id, user_id)
        if guarded is None:
            return PauseOutcome.NOT_YOURS
        wanted, other = (
            (PersonStatus.PAUSED, PersonStatus.ACTIVE)
            if paused
            else (PersonStatus.ACTIVE, PersonStatus.PAUSED)
        )
        if guarded[0].status not in (wanted, other):
            return PauseOutcome.NOT_READY
        # Only the change from the other state counts: a second press finds it done.
        changed = await Person.filter(id=person_id, status=other).update(status=wanted)
        if changed and not paused:
            # The questions ("Is this Alice?") that waited while paused are asked now.
            for suggestion_id in await ids_of(
                Suggestion.filter(
                    person_id=person_id, status=SuggestionStatus.PENDING, notified_at=None
                )
            ):
                await enqueue_for(self._jobs, job_names.SEND_SUGGESTION, suggestion_id)
        return PauseOutcome.CHANGED if changed else PauseOutcome.ALREADY

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
        cover = await self._cover_face(keep)
        return MergePlan(
            MergeOutcome.DONE,
            keep.name,
            drop.name,
            cover is not None,
            keep.birth_date,
            drop.birth_date,
            tuple(n for n in await _other_guardians(keep, drop, user_id) if n.gains),
        )

    async def stale_merge(
        self, keep_id: UUID, drop_id: UUID, user_id: int, shown: tuple[str, str]
    ) -> StaleMerge:
        """Why a merge confirmation (``keep_id`` kept, ``drop_id`` merged into it, named
        ``shown`` then) did nothing: it was used, or one of the two changed since (a merge
        undone since, a guardian gone or a day passed: CHANGED)."""
        for person_id in (keep_id, drop_id):
            if not await Participant.exists(
                telegram_user_id=user_id, guardianships__person_id=person_id
            ):
                return StaleMerge(MergeStale.CHANGED)
        persons = {
            p.id: p
            for p in await Person.filter(id__in=[keep_id, drop_id]).prefetch_related("merged_into")
        }
        keep, drop = persons.get(keep_id), persons.get(drop_id)
        if (
            keep is not None
            and drop is not None
            and drop.status == PersonStatus.MERGED
            and drop.merged_into_id == keep.id  # type: ignore[attr-defined]
        ):
            return StaleMerge(MergeStale.DONE, drop.name, keep.name)
        for person, name in ((keep, shown[0]), (drop, shown[1])):
            if person is None or person.status == PersonStatus.DELETING:
                return StaleMerge(MergeStale.DELETED, name)
            if person.status == PersonStatus.MERGED:
                into = person.merged_into.name if person.merged_into else ""
                return StaleMerge(MergeStale.MERGED, name, into)
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
        (keep, participant), (remove, _) = kept, removed
        # Merging moves faces and guardians between persons: the owner's call, for both.
        for person in (keep, remove):
            if not (await self.permission(person.id, user_id, PersonAction.MERGE)).allowed:
                return MergeOutcome.OWNER_ONLY, keep.name, remove.name, []
        told = await _other_guardians(keep, remove, user_id)
        async with in_transaction():
            # Both rows locked, in id order, and checked again: two merges pressed at once
            # (A into B and B into A), or a merge racing a deletion, cannot both go through.
            locked = {
                p.id: p
                for p in await Person.select_for_update()
                .filter(id__in=[keep.id, remove.id])
                .order_by("id")
            }
            if any(
                p.id not in locked or locked[p.id].status not in VISIBLE for p in (keep, remove)
            ):
                return MergeOutcome.NOT_YOURS, keep.name, remove.name, []
            event = await assignments.merge(
                locked[keep.id], locked[remove.id], Actor.participant(participant)
            )
            kept_born, removed_born = locked[keep.id].birth_date, locked[remove.id].birth_date
            if kept_born is None and removed_born is not None:
                # The kept person had none: it takes the other's (the confirmation said
                # so); an undo gives it back to none.
                await Person.filter(id=keep.id).update(birth_date=removed_born)
                event.details = {**(event.details or {}), BIRTH_DATE_TAKEN: True}
                await event.save(update_fields=["details"])
            await revoke_invites(remove.id)
            # Both persons' prototypes are now the kept one's: more than it may hold.
            choose = await prototype_choice.ask([keep.id])
        await assignments.queue_syncs(self._jobs, [UUID(f) for f in event.face_ids])
        await prototype_choice.queue(self._jobs, choose)
        await enqueue_for(self._jobs, job_names.RECAPTION_COPIES, event.id)  # copies: kept name
        log.info("person %s merged into %s", remove.id, keep.id)
        return MergeOutcome.DONE, keep.name, remove.name, told

    async def history(
        self,
        user_id: int,
        person_id: UUID | None = None,
        limit: int = 10,
        *,
        automatic: bool = False,
        until: datetime | None = None,
    ) -> list[EventRow]:
        """The latest assignment events of the user's persons (or of one of them): the
        changes made by hand, or (``automatic``) only the matches recognition made;
        ``until``: those made by then."""
        persons = [row.id for row in await self.of_user(user_id)]
        merged = await Person.filter(
            status=PersonStatus.MERGED, merged_into_id__in=persons
        ).values_list("id", flat=True)
        scope = [person_id] if person_id in persons else [*persons, *merged]
        if person_id is not None and person_id not in persons:
            return []
        query = AssignmentEvent.filter(Q(from_person_id__in=scope) | Q(to_person_id__in=scope))
        recognized = Q(operation=AssignmentOperation.ASSIGN, actor=assignments.SYSTEM.label)
        query = query.filter(recognized) if automatic else query.exclude(recognized)
        if until is not None:
            query = query.filter(created_at__lte=until)
        events = (
            await query.order_by("-created_at")
            .limit(limit)
            .prefetch_related("from_person", "to_person", "actor_participant")
        )
        # A person the user does not guard (a co-guardian's other child) is not named.
        known = {*persons, *merged}

        def named(person: Person | None, operation: AssignmentOperation) -> str | None:
            if person is None:
                # A move or a merge had a person on both sides: one missing was deleted.
                return texts.deleted_person() if operation in BETWEEN_TWO_PERSONS else None
            return person.name if person.id in known else texts.another_person()

        rows = []
        for e in events:
            actor = e.actor_participant
            mine = actor is not None and actor.telegram_user_id == user_id
            rows.append(
                EventRow(
                    e.id,
                    e.created_at,
                    e.operation.value,
                    named(e.from_person, e.operation),
                    named(e.to_person, e.operation),
                    e.face_count,
                    e.note or "",
                    e.undone_at is not None,
                    e.undoes_id is not None,  # type: ignore[attr-defined]
                    by="" if actor is None or mine else (actor.first_name or "?"),
                    mine=mine,
                    may_undo=await self._undoer(e, user_id) is not None,
                )
            )
        return rows

    async def _undoer(self, event: AssignmentEvent, user_id: int) -> Participant | None:
        """Who may undo the event: a guardian of every living person it concerns (a merged
        person counts as the one it was merged into), and for a merge, their owner."""
        living: set[UUID] = set()
        for person in await Person.filter(
            id__in=[p for p in (event.from_person_id, event.to_person_id) if p]  # type: ignore[attr-defined]
        ):
            if person.status == PersonStatus.MERGED:
                if person.merged_into_id is not None:  # type: ignore[attr-defined]
                    living.add(person.merged_into_id)  # type: ignore[attr-defined]
            elif person.status not in assignments.GONE:
                living.add(person.id)
        participant = await Participant.get_or_none(telegram_user_id=user_id)
        if not living or participant is None:
            return None
        guarded = set(
            await Guardianship.filter(
                participant=participant, person_id__in=list(living)
            ).values_list("person_id", flat=True)
        )
        if guarded != living:
            return None
        by_another = event.actor_participant_id not in (None, participant.id)  # type: ignore[attr-defined]
        if event.operation == AssignmentOperation.MERGE or by_another:
            # A merge is its owner's call; another guardian's change, theirs or the
            # owner's (a co-guardian does not undo the other's "yes").
            for person_id in living:
                seats, _ = await seats_of(person_id)
                if role_of(seats, participant.id) != GuardianRole.OWNER:
                    return None
        return participant

    async def undo(self, event_id: UUID, user_id: int) -> Undone:
        """Revert one event, if the user may (``_undoer``) and the state allows it. A face
        given back to a person brings back the copies of its photo that the correction
        took out of its guardians' chats (``restore_copies``)."""
        event = await AssignmentEvent.get_or_none(id=event_id)
        if event is None:
            return Undone(UndoOutcome.UNKNOWN)
        participant = await self._undoer(event, user_id)
        if participant is None:
            return Undone(UndoOutcome.UNKNOWN)
        if event.undoes_id is not None:  # type: ignore[attr-defined]
            return Undone(UndoOutcome.IS_AN_UNDO)
        choose: list[UUID] = []
        resend: list[UUID] = []
        name = ""
        async with in_transaction():
            locked = await AssignmentEvent.select_for_update().get(id=event.id)
            outcome, reverted = await assignments.undo(locked, Actor.participant(participant))
            if reverted is not None:
                choose = await prototype_choice.ask(
                    [reverted.from_person_id, reverted.to_person_id]  # type: ignore[attr-defined]
                )
                if locked.operation == AssignmentOperation.MERGE and (locked.details or {}).get(
                    BIRTH_DATE_TAKEN
                ):
                    # The merge gave the kept person the other's birth date: none again.
                    merged = await Person.get_or_none(id=locked.from_person_id)  # type: ignore[attr-defined]
                    if merged is not None:
                        await Person.filter(
                            id=locked.to_person_id,  # type: ignore[attr-defined]
                            birth_date=merged.birth_date,
                        ).update(birth_date=None)
                back_to = await Person.get_or_none(id=reverted.to_person_id)  # type: ignore[attr-defined]
                name = back_to.name if back_to is not None else ""
                if back_to is not None and reverted.operation != AssignmentOperation.MERGE:
                    for face in await Face.filter(
                        id__in=[UUID(f) for f in reverted.face_ids]
                    ).prefetch_related("photo"):
                        resend += await restore_copies(face.photo, back_to)
        copies: dict[tuple[int, int], CopyChange] = {}
        if reverted is not None:
            await assignments.queue_syncs(self._jobs, [UUID(f) for f in reverted.face_ids])
            if locked.operation == AssignmentOperation.MERGE:  # its copies: its name again
                await enqueue_for(self._jobs, job_names.RECAPTION_COPIES, reverted.id)
            if locked.operation != AssignmentOperation.MERGE:
                touched = await Person.filter(
                    id__in=[reverted.from_person_id, reverted.to_person_id]  # type: ignore[attr-defined]
                )
                for face in await Face.filter(
                    id__in=[UUID(f) for f in reverted.face_ids]
                ).prefetch_related("photo"):
                    for person in touched:
                        for copy in await copies_after(face.photo, person):
                            copies[(copy.chat_id, copy.message_id)] = copy
        await prototype_choice.queue(self._jobs, choose)
        told = await copies_back_told(resend, user_id, name)
        for delivery_id in resend:
            await enqueue_for(self._jobs, job_names.DELIVER, delivery_id)
        pair: tuple[UUID, ...] = ()
        merged_names, said = ("", ""), None
        others: list[Newcomer] = []
        if reverted is not None and locked.operation == AssignmentOperation.MERGE:
            kept_id, removed_id = locked.to_person_id, locked.from_person_id  # type: ignore[attr-defined]
            pair = tuple(p for p in (kept_id, removed_id) if p is not None)
            both = {person.id: person for person in await Person.filter(id__in=pair)}
            names = {person_id: person.name for person_id, person in both.items()}
            merged_names = (names.get(kept_id, ""), names.get(removed_id, ""))
            if kept_id in both and removed_id in both:
                others = await _other_guardians(both[kept_id], both[removed_id], user_id)
            where = (locked.details or {}).get(MERGE_SAID)
            if isinstance(where, list) and len(where) == 2:
                said = (int(where[0]), int(where[1]))
        return Undone(
            outcome,
            name,
            resent=bool(resend),
            copies=list(copies.values()),
            merged=pair,
            merged_names=merged_names,
            merge_said=said,
            told=told,
            others=others,
        )

    async def merge_said(self, keep_id: UUID, drop_id: UUID, chat_id: int, message_id: int) -> None:
        """Where the merge of ``drop_id`` into ``keep_id`` was said done ("Merged … into
        …"), so that an undo from /history says so there too."""
        event = (
            await AssignmentEvent.filter(
                operation=AssignmentOperation.MERGE,
                from_person_id=drop_id,
                to_person_id=keep_id,
                undone_at__isnull=True,
            )
            .order_by("-created_at")
            .first()
        )
        if event is not None:
            event.details = {**(event.details or {}), MERGE_SAID: [chat_id, message_id]}
            await event.save(update_fields=["details"])

    async def request_erasure(
        self, person_id: UUID, user_id: int, *, keep_person: bool
    ) -> str | None:
        """Queue forgetting the person's faces (or deleting it); returns its name, or None
        when the user is not its owner (see ``permission`` for why)."""
        action = PersonAction.FORGET_FACES if keep_person else PersonAction.DELETE
        guarded = await self._guarded(person_id, user_id)
        if guarded is None or not (await self.permission(person_id, user_id, action)).allowed:
            return None
        person, _ = guarded
        kind = RequestKind.FORGET_FACES if keep_person else RequestKind.DELETE_PERSON
        # The request is a row written with the change: a lost Redis cannot lose it.
        async with in_transaction():
            if not keep_person:
                # Stop matching and delivering right away; the job does the rest. The row
                # lock orders this after a merge under way (which it then finds done: too
                # late).
                locked = await Person.select_for_update().get_or_none(id=person.id)
                if locked is None or locked.status not in VISIBLE:
                    return None
                await Person.filter(id=person.id).update(status=PersonStatus.DELETING)
                await revoke_invites(person.id)
            await requests.ask(kind, person.id, user_id)
        await requests.queue(self._jobs, kind, person.id)
        return person.name

    async def forget_me(self, user_id: int) -> None:
        """``/forget``, confirmed: queue deleting everything about the user."""
        await requests.ask(RequestKind.FORGET_PARTICIPANT, user_id, user_id)
        await requests.queue(self._jobs, RequestKind.FORGET_PARTICIPANT, user_id)


async def look_alike_name(user_id: int, name: str, besides: UUID | None = None) -> str | None:
    """The name of another of the user's persons that reads the same as ``name`` ("Alice" and
    "Alice" with a Cyrillic i, "alice"), if any: two such names would leave the
    guardian unable to tell their persons apart. Not the person being renamed
    (``besides``), nor an unfinished enrollment (a new /add replaces it)."""
    others = Person.filter(
        guardianships__participant__telegram_user_id=user_id,
        status__in=[status for status in LISTED if status != PersonStatus.ENROLLING],
    )
    if besides is not None:
        others = others.exclude(id=besides)
    names = await others.distinct().values_list("name", flat=True)
    return looks_like(name, [str(other) for other in names])


async def _other_guardians(keep: Person, drop: Person, user_id: int) -> list[Newcomer]:
    """The guardians of ``keep`` or ``drop`` other than the user (who merges them), and
    whose photos each gets from the merge on that they did not get before."""
    rows = await Guardianship.filter(person_id__in=[keep.id, drop.id]).prefetch_related(
        "participant"
    )
    guarding: dict[UUID, set[UUID]] = {}
    people: dict[UUID, Participant] = {}
    for row in rows:
        if row.participant.telegram_user_id == user_id:
            continue
        people[row.participant.id] = row.participant
        guarding.setdefault(row.participant.id, set()).add(row.person_id)  # type: ignore[attr-defined]
    told = []
    for participant_id, persons in guarding.items():
        who = people[participant_id]
        both = len(persons) == 2
        mine, other = (keep, drop) if keep.id in persons else (drop, keep)
        told.append(
            Newcomer(
                who.telegram_user_id, who.first_name or "?", mine.name, "" if both else other.name
            )
        )
    return sorted(told, key=lambda n: (n.name, n.telegram_user_id))
