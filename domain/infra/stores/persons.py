"""The persons' store (``domain.persons.stores``) on tortoise and Postgres: persons, their
guardianships, and the assignment events of their faces (merged and undone through
``domain.infra.stores.assignments``, in the store's own transactions)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from datetime import UTC, date, datetime
from uuid import UUID

from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from domain.corrections import texts as corrections_texts
from domain.corrections.stores import CopyChange
from domain.infra.models import (
    Approval,
    AssignmentEvent,
    Delivery,
    Face,
    FaceRejection,
    Group,
    GuardianInvite,
    Guardianship,
    Membership,
    Participant,
    Person,
    PersonMessage,
    Photo,
    Prototype,
    Suggestion,
)
from domain.infra.stores import assignments
from domain.infra.stores import moderation_approvals as approvals
from domain.infra.stores.delivery import owe_moved_copies
from domain.infra.stores.photo_copies import (
    copies_after,
    copies_back_told,
    corrector_named,
    kept_out_left,
    restore_copies,
)
from domain.infra.stores.requests import ask_request, still_under_way
from domain.persons.service import BIRTH_DATE_TAKEN, MERGE_SAID, VISIBLE
from domain.persons.shown import Shown
from domain.persons.stores import (
    AnsweredNo,
    AnsweredYes,
    Change,
    CopyTold,
    Delivered,
    ExpiredInvite,
    GuardianOf,
    GuardianSeat,
    InGroup,
    Invitation,
    KeptOut,
    LookedIn,
    MergeBefore,
    Merged,
    PersonFacts,
    Reader,
    Reverted,
)
from domain.recognition import prototype_choice
from domain.recognition.assignments import (
    FACES_FORGOTTEN_NOTE,
    SYSTEM,
    Actor,
    UndoOutcome,
    why_not_undo,
)
from domain.states import (
    ApprovalKind,
    AssignmentOperation,
    DeliveryStatus,
    GuardianRole,
    MediaKind,
    MembershipStatus,
    PersonStatus,
    RequestKind,
    SuggestionStatus,
)


def _facts(person: Person) -> PersonFacts:
    return PersonFacts(
        person.id,
        person.name,
        person.status,
        person.birth_date,
        person.cover_face_id,
        person.merged_into_id,  # type: ignore[attr-defined]
    )


def _changes(
    person_ids: Collection[UUID], recognized: bool | None, until: datetime | None
) -> QuerySet[AssignmentEvent]:
    """The changes about these persons: recognition's own matches (``recognized``), the
    others (False) or both (None), made by ``until``."""
    scope = list(person_ids)
    query = AssignmentEvent.filter(Q(from_person_id__in=scope) | Q(to_person_id__in=scope))
    by_recognition = Q(operation=AssignmentOperation.ASSIGN, actor=SYSTEM.label)
    if recognized is not None:
        query = query.filter(by_recognition) if recognized else query.exclude(by_recognition)
    return query if until is None else query.filter(created_at__lte=until)


def _change(
    event: AssignmentEvent,
    faces_left: int,
    refused: UndoOutcome | None,
    face_person_id: UUID | None = None,
) -> Change:
    actor = event.actor_participant
    return Change(
        id=event.id,
        created_at=event.created_at,
        operation=event.operation,
        from_person=_facts(event.from_person) if event.from_person else None,
        to_person=_facts(event.to_person) if event.to_person else None,
        from_person_id=event.from_person_id,  # type: ignore[attr-defined]
        to_person_id=event.to_person_id,  # type: ignore[attr-defined]
        face_count=event.face_count,
        note=event.note or "",
        undone=event.undone_at is not None,
        undoes=event.undoes_id is not None,  # type: ignore[attr-defined]
        faces_left=faces_left,
        refused=refused,
        actor_participant_id=event.actor_participant_id,  # type: ignore[attr-defined]
        actor_telegram_user_id=actor.telegram_user_id if actor else None,
        actor_first_name=actor.first_name if actor else None,
        details=dict(event.details or {}),
        face_person_id=face_person_id,
        photo_ids=tuple(UUID(str(photo)) for photo in event.photo_ids or []),
    )


async def _changes_now(events: list[AssignmentEvent]) -> list[Change]:
    """The events as they stand now, with their one face's person: a few queries for all."""
    left = await assignments.faces_left(events)
    facts = await assignments.undo_facts_all(events)
    return [
        _change(e, left[e.id], why_not_undo(facts[e.id]), facts[e.id].face_person) for e in events
    ]


async def _actor(participant_id: UUID) -> Actor:
    return Actor.participant(await Participant.get(id=participant_id))


async def _faces_expired_from(person_id: UUID) -> list[str]:
    """The photos whose faces were the person's until they were deleted (a group's
    retention) while the photo and its copies stay: each given to it, never taken from it
    since, and none of them still there."""
    events = await AssignmentEvent.filter(
        Q(to_person_id=person_id) | Q(from_person_id=person_id)
    ).values_list("to_person_id", "face_ids", "photo_ids")
    taken = {face for to, faces, _ in events if to != person_id for face in faces}
    given = [(faces, photos) for to, faces, photos in events if to == person_id and faces]
    held = {
        str(face)
        for face in await Face.filter(
            id__in=[face for faces, _ in given for face in faces]
        ).values_list("id", flat=True)
    }
    return [
        photo for faces, photos in given if not (set(faces) & (taken | held)) for photo in photos
    ]


class TortoisePersonStore:
    """``PersonStore``."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return in_transaction()

    async def guardian_of(self, user_id: int, person_id: UUID) -> UUID | None:
        participant = await Participant.get_or_none(
            telegram_user_id=user_id, guardianships__person_id=person_id
        )
        return participant.id if participant else None

    async def participant_id(self, user_id: int) -> UUID | None:
        participant = await Participant.get_or_none(telegram_user_id=user_id)
        return participant.id if participant else None

    async def person(self, person_id: UUID) -> PersonFacts | None:
        person = await Person.get_or_none(id=person_id)
        return _facts(person) if person else None

    async def persons(self, person_ids: Collection[UUID]) -> list[PersonFacts]:
        return [_facts(p) for p in await Person.filter(id__in=list(person_ids))]

    async def guarded(self, user_id: int, statuses: Collection[PersonStatus]) -> list[PersonFacts]:
        persons = (
            await Person.filter(
                guardianships__participant__telegram_user_id=user_id, status__in=list(statuses)
            )
            .distinct()
            .order_by("name")
        )
        return [_facts(p) for p in persons]

    async def guarded_among(self, participant_id: UUID, person_ids: Collection[UUID]) -> set[UUID]:
        found = await Guardianship.filter(
            participant_id=participant_id, person_id__in=list(person_ids)
        ).values_list("person_id", flat=True)
        return {UUID(str(p)) for p in found}

    async def photos_together(self, first_id: UUID, second_id: UUID) -> int:
        first = set(
            await Face.filter(person_id=first_id, photo_id__not_isnull=True).values_list(
                "photo_id", flat=True
            )
        )
        if not first:
            return 0
        second = await Face.filter(person_id=second_id, photo_id__in=list(first)).values_list(
            "photo_id", flat=True
        )
        return len(set(second))

    async def faces_forgotten(self, person_ids: Collection[UUID]) -> list[UUID]:
        forgotten = await AssignmentEvent.filter(
            from_person_id__in=list(person_ids),
            operation=AssignmentOperation.REMOVE,
            note=FACES_FORGOTTEN_NOTE,
        ).values_list("from_person_id", flat=True)
        return [UUID(str(p)) for p in dict.fromkeys(forgotten)]

    async def merged_into(self, person_ids: Collection[UUID]) -> list[UUID]:
        return await assignments.merged_into_any(person_ids)

    async def prototype_count(self, person_id: UUID) -> int:
        return await Prototype.filter(person_id=person_id).count()

    async def seats(self, person_id: UUID) -> list[GuardianSeat]:
        return (await self.seats_of([person_id])).get(person_id, [])

    async def guardian_chats(self, person_ids: Collection[UUID]) -> dict[UUID, list[int]]:
        return await assignments.guardian_chats(person_ids)

    async def seats_of(self, person_ids: Collection[UUID]) -> dict[UUID, list[GuardianSeat]]:
        rows = await Guardianship.filter(person_id__in=list(person_ids)).prefetch_related(
            "participant"
        )
        seats: dict[UUID, list[GuardianSeat]] = {}
        for g in rows:
            seats.setdefault(g.person_id, []).append(  # type: ignore[attr-defined]
                GuardianSeat(
                    g.participant.id,
                    g.participant.telegram_user_id,
                    g.participant.first_name,
                    g.role,
                    g.created_at,
                )
            )
        return seats

    async def guardians_of_either(self, keep_id: UUID, drop_id: UUID) -> list[GuardianOf]:
        rows = await Guardianship.filter(person_id__in=[keep_id, drop_id]).prefetch_related(
            "participant"
        )
        return [
            GuardianOf(
                row.participant.id,
                row.participant.telegram_user_id,
                row.participant.first_name,
                row.person_id,  # type: ignore[attr-defined]
            )
            for row in rows
        ]

    async def waiting_in(self, group_id: UUID, person_id: UUID, participant_id: UUID) -> bool:
        return person_id in await assignments.blocked_persons(
            group_id
        ) or participant_id in await assignments.blocked_guardians(group_id, person_id)

    async def person_waits_in(self, group_id: UUID, person_id: UUID) -> bool:
        return person_id in await assignments.blocked_persons(group_id)

    async def approval_asked_in(self, person_id: UUID) -> set[UUID]:
        asked = await Approval.filter(
            person_id=person_id, kind=ApprovalKind.PERSON, group__is_active=True
        ).values_list("group_id", flat=True)
        return {UUID(str(g)) for g in asked}

    async def refused_in(self, group_id: UUID, person_id: UUID) -> str | None:
        return await approvals.rejected_for(group_id, person_id)

    async def guardian_refused_in(
        self, group_id: UUID, person_id: UUID, participant_id: UUID
    ) -> bool:
        return await approvals.rejected(group_id, person_id, participant_id)

    async def guardian_waiting_in(
        self, group_id: UUID, person_id: UUID, participant_id: UUID
    ) -> bool:
        return participant_id in await assignments.blocked_guardians(group_id, person_id)

    async def memberships(self, participant_ids: Collection[UUID]) -> list[InGroup]:
        memberships = await Membership.filter(
            participant_id__in=list(participant_ids),
            status=MembershipStatus.MEMBER,
            group__is_active=True,
        ).prefetch_related("group", "participant")
        return [
            InGroup(m.participant.telegram_user_id, m.group.id, m.group.title) for m in memberships
        ]

    async def banned_from(self, participant_id: UUID) -> list[str]:
        banned = await Membership.filter(
            participant_id=participant_id, status=MembershipStatus.BANNED, group__is_active=True
        ).prefetch_related("group")
        return [m.group.title for m in banned]

    async def delivered(self, person_id: UUID, participant_id: UUID) -> Delivered:
        # Faces forgotten are deleted, the copies sent of their photos are not: those
        # photos are named by the forgetting's own events.
        forgotten = await AssignmentEvent.filter(
            from_person_id=person_id,
            operation=AssignmentOperation.REMOVE,
            note=FACES_FORGOTTEN_NOTE,
        ).values_list("photo_ids", flat=True)
        sent = await Delivery.filter(
            Q(photo__faces__person_id=person_id)
            | Q(photo_id__in=[photo for ids in forgotten for photo in ids])
            | Q(photo_id__in=await _faces_expired_from(person_id), photo__removed_at__isnull=True),
            status=DeliveryStatus.SENT,
            # Only copies still in their chat: one a correction or an undo took out of it
            # is no longer delivered (as /export and /stats say; findings26 4).
            message_id__isnull=False,
            participant_id=participant_id,
        ).values_list("photo_id", "photo__media_kind")
        kinds = {photo_id: MediaKind(kind) for photo_id, kind in sent}
        clips = len([kind for kind in kinds.values() if kind.is_clip])
        return Delivered(photos=len(kinds) - clips, clips=clips)

    async def cover_crop(self, person_id: UUID, face_id: UUID) -> str | None:
        face = await Face.get_or_none(id=face_id, person_id=person_id)
        return face.crop_key if face is not None and face.crop_key else None

    async def face_exists(self, face_id: UUID) -> bool:
        return await Face.exists(id=face_id)

    async def clear_cover(self, person_id: UUID) -> None:
        await Person.filter(id=person_id).update(cover_face_id=None, updated_at=datetime.now(UTC))

    async def rename(self, person_id: UUID, name: str) -> None:
        await Person.filter(id=person_id).update(name=name)

    async def set_birth_date(self, person_id: UUID, born: date | None) -> None:
        await Person.filter(id=person_id).update(birth_date=born)

    async def change_status(self, person_id: UUID, was: PersonStatus, now: PersonStatus) -> bool:
        resumed = {"resumed_at": datetime.now(UTC)} if was == PersonStatus.PAUSED else {}
        return bool(await Person.filter(id=person_id, status=was).update(status=now, **resumed))

    async def unasked_questions(self, person_id: UUID) -> list[UUID]:
        found = await Suggestion.filter(
            person_id=person_id, status=SuggestionStatus.PENDING, notified_at=None
        ).values_list("id", flat=True)
        return [UUID(str(s)) for s in found]

    async def questions_owed(self, user_id: int, group_id: UUID) -> list[tuple[UUID, UUID]]:
        participant = await Participant.get_or_none(telegram_user_id=user_id)
        if participant is None:
            return []
        asked = await Suggestion.filter(
            person__guardianships__participant=participant,
            person__status=PersonStatus.ACTIVE,
            face__photo__group_id=group_id,
            status=SuggestionStatus.PENDING,
            notified_at__isnull=False,
            waiting=False,
        )
        owed = []
        for question in asked:
            if any(chat == user_id for chat, _ in question.sent_to or []):
                continue
            if question.pair_id is not None and question.pair_id != question.id:
                # A sibling pair's other question: a guardian of both is asked the pair's
                # ("Is this Ally or Alice?") by its leading one while that is open.
                lead = await Suggestion.get_or_none(
                    id=question.pair_id, status=SuggestionStatus.PENDING
                )
                if lead is not None and await Guardianship.exists(
                    participant=participant,
                    person_id=lead.person_id,  # type: ignore[attr-defined]
                ):
                    continue
            owed.append((question.id, participant.id))
        return owed

    async def merge(self, keep_id: UUID, remove_id: UUID, participant_id: UUID) -> Merged | None:
        actor = await _actor(participant_id)
        async with in_transaction():
            locked = {
                p.id: p
                for p in await Person.select_for_update()
                .filter(id__in=[keep_id, remove_id])
                .order_by("id")
            }
            if any(
                p not in locked or locked[p].status not in VISIBLE for p in (keep_id, remove_id)
            ):
                return None
            keep, remove = locked[keep_id], locked[remove_id]
            event = await assignments.merge(keep, remove, actor)
            await owe_moved_copies(event.id)  # in its transaction: no crash loses them
            if keep.birth_date is None and remove.birth_date is not None:
                # The kept person had none: it takes the other's (the confirmation said
                # so); an undo gives it back to none.
                await Person.filter(id=keep_id).update(birth_date=remove.birth_date)
                event.details = {**(event.details or {}), BIRTH_DATE_TAKEN: True}
                await event.save(update_fields=["details"])
            await self.revoke_invites(remove_id)
            # Both persons' prototypes are now the kept one's: more than it may hold.
            choose = await prototype_choice.ask([keep_id])
        # The faces it set aside (one per photo) changed too: synced with those it moved.
        set_aside = (event.details or {}).get("set_aside_faces", [])
        return Merged(event.id, [UUID(f) for f in [*event.face_ids, *set_aside]], choose)

    async def merge_said(
        self, keep_id: UUID, drop_id: UUID, chat_id: int, message_id: int
    ) -> list[MergeBefore]:
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
        before = []
        for earlier in await AssignmentEvent.filter(
            Q(from_person_id=drop_id, to_person_id=keep_id)
            | Q(from_person_id=keep_id, to_person_id=drop_id),
            operation=AssignmentOperation.MERGE,
            undone_at__isnull=False,
        ).prefetch_related("from_person", "to_person"):
            where = (earlier.details or {}).get(MERGE_SAID)
            removed, kept = earlier.from_person, earlier.to_person
            if isinstance(where, list) and len(where) == 2 and removed and kept:
                before.append(MergeBefore(int(where[0]), int(where[1]), removed.name, kept.name))
        return before

    async def changes(
        self,
        person_ids: Collection[UUID],
        *,
        recognized: bool | None,
        until: datetime | None,
        limit: int,
    ) -> list[Change]:
        events = (
            await _changes(person_ids, recognized, until)
            .order_by("-created_at")
            .limit(limit)
            .prefetch_related("from_person", "to_person", "actor_participant")
        )
        left = await assignments.faces_left(events)
        refused = await assignments.why_not_now_all(events)
        return [_change(e, left[e.id], refused[e.id]) for e in events]

    async def answered_no(
        self, person_ids: Collection[UUID], *, until: datetime | None, limit: int
    ) -> list[AnsweredNo]:
        if not person_ids:
            return []
        answered = Suggestion.filter(
            person_id__in=list(person_ids),
            status=SuggestionStatus.REJECTED,
            reviewed_by_id__isnull=False,
            reviewed_at__isnull=False,
        )
        if until is not None:
            answered = answered.filter(reviewed_at__lte=until)
        rows = (
            await answered.order_by("-reviewed_at")
            .limit(limit)
            .prefetch_related("person", "reviewed_by", "face__photo")
        )
        return await _answered_no(rows)

    async def answer_no(self, question_id: UUID) -> AnsweredNo | None:
        row = await Suggestion.get_or_none(
            id=question_id, status=SuggestionStatus.REJECTED, reviewed_by_id__isnull=False
        ).prefetch_related("person", "reviewed_by", "face__photo")
        if row is None:
            return None
        (answered,) = await _answered_no([row])
        partner = None
        if row.pair_id is not None:
            partner = (
                await Suggestion.filter(
                    pair_id=row.pair_id,
                    status__in=[SuggestionStatus.ACCEPTED, SuggestionStatus.REJECTED],
                    reviewed_by_id=row.reviewed_by_id,  # type: ignore[attr-defined]
                )
                .exclude(id=row.id)
                .prefetch_related("person", "face")
                .first()
            )
        if partner is None or row.reviewed_by is None:
            return answered
        # A sibling pair's "no" said by choosing the other child ("It's Alice." to "Is this
        # Ally or Alice?"), or by "Neither": the pair's own question, kept by its leading
        # half, says both.
        lead = row if row.id == row.pair_id else partner
        both = await assignments.chats_guarding(row.person.id, partner.person.id)
        chat = row.reviewed_by.telegram_user_id
        pair = tuple(
            (int(c), int(m)) for c, m in lead.sent_to or [] if int(c) in both and int(c) == chat
        )
        if not pair:
            return answered
        if partner.status == SuggestionStatus.REJECTED:
            return replace(
                answered, asked_in=tuple(dict.fromkeys([*answered.asked_in, *pair])), pair_sent=pair
            )
        return replace(
            answered,
            asked_in=tuple(dict.fromkeys([*answered.asked_in, *pair])),
            pair_yes=partner.person.name,
            pair_yes_stands=partner.face.person_id == partner.person.id,  # type: ignore[attr-defined]
            pair_sent=pair,
        )

    async def forget_no(self, question_id: UUID, by: UUID) -> bool:
        question = await Suggestion.get_or_none(id=question_id)
        if question is None:
            return False
        async with in_transaction():
            forgotten = await FaceRejection.filter(
                face_id=question.face_id,  # type: ignore[attr-defined]
                person_id=question.person_id,  # type: ignore[attr-defined]
            ).delete()
            if forgotten:
                await Suggestion.filter(id=question_id).update(
                    no_undone_by_id=by, no_undone_at=datetime.now(UTC)
                )
        return forgotten > 0

    async def yes_undone(self, face_ids: Collection[UUID], person_id: UUID) -> list[AnsweredYes]:
        if not face_ids:
            return []
        rows = await Suggestion.filter(
            face_id__in=list(face_ids),
            person_id=person_id,
            status=SuggestionStatus.ACCEPTED,
            reviewed_by_id__isnull=False,
        ).prefetch_related("person", "reviewed_by", "face__photo")
        answers = []
        for row in rows:
            if row.face.person_id == person_id:  # type: ignore[attr-defined]
                continue
            sent = [(int(chat), int(message)) for chat, message in row.sent_to or []]
            pair: list[tuple[int, int]] = []
            other_name, other_kept, other_undone = "", False, False
            other, same_answer = None, False
            if row.pair_id is not None:
                other = (
                    await Suggestion.filter(pair_id=row.pair_id)
                    .exclude(id=row.id)
                    .prefetch_related("person")
                    .first()
                )
            if other is not None:
                # The pair's own question ("Is this Ally or Alice?") went to the guardians
                # of both and is kept by its leading half, whichever that is.
                lead = row if row.id == row.pair_id else other
                both = await assignments.chats_guarding(person_id, other.person.id)
                pair = [
                    (int(chat), int(message))
                    for chat, message in lead.sent_to or []
                    if int(chat) in both
                ]
                other_name = other.person.name
                other_kept = await FaceRejection.exists(
                    face_id=row.face.id, person_id=other.person.id
                )
                same_answer = (
                    other.status == SuggestionStatus.REJECTED
                    and other.reviewed_by_id == row.reviewed_by_id  # type: ignore[attr-defined]
                )
                # The "not Ally" the same answer said, undone from /history since.
                other_undone = not other_kept and same_answer
            messages = tuple(dict.fromkeys([*sent, *pair]))
            if not messages:
                continue
            by = row.reviewed_by
            answers.append(
                AnsweredYes(
                    row.id,
                    row.person.name,
                    by.telegram_user_id if by else None,
                    by.first_name if by else None,
                    messages,
                    clip=row.face.photo is not None and row.face.photo.media_kind.is_clip,
                    pair_other=other_name if pair else "",
                    pair_other_kept=other_kept,
                    pair_other_undone=other_undone,
                    pair_sent=tuple(pair),
                    pair_other_question=other.id if other is not None and same_answer else None,
                )
            )
        return answers

    async def has_changes(
        self, person_ids: Collection[UUID], *, recognized: bool, until: datetime | None
    ) -> bool:
        return await _changes(person_ids, recognized, until).exists()

    async def change(self, event_id: UUID) -> Change | None:
        event = await AssignmentEvent.get_or_none(id=event_id).prefetch_related(
            "from_person", "to_person", "actor_participant"
        )
        if event is None:
            return None
        left = (await assignments.faces_left([event]))[event.id]
        return _change(event, left, await assignments.why_not_now(event))

    async def corrected_since(self, person_ids: Collection[UUID], since: datetime) -> list[Change]:
        events = (
            await AssignmentEvent.filter(
                Q(from_person_id__in=list(person_ids)) | Q(to_person_id__in=list(person_ids)),
                created_at__gte=since,
            )
            .exclude(operation=AssignmentOperation.MERGE)
            .prefetch_related("from_person", "to_person", "actor_participant")
            if person_ids
            else []
        )
        return await _changes_now(events)

    async def changes_of(self, event_ids: Collection[UUID]) -> list[Change]:
        events = (
            await AssignmentEvent.filter(id__in=list(event_ids)).prefetch_related(
                "from_person", "to_person", "actor_participant"
            )
            if event_ids
            else []
        )
        return await _changes_now(events)

    async def changes_touching(self, face_ids: Collection[UUID]) -> list[UUID]:
        if not face_ids:
            return []
        touching = Q(*(Q(face_ids__contains=[str(face)]) for face in face_ids), join_type="OR")
        return [event.id for event in await AssignmentEvent.filter(touching).only("id")]

    async def undo(self, event_id: UUID, participant_id: UUID) -> Reverted:
        actor = await _actor(participant_id)
        resend: list[UUID] = []
        resend_clip = False
        # The undoer's copy not sent: they are no longer in its group.
        left: tuple[str, bool, KeptOut] | None = None
        async with in_transaction():
            locked = await AssignmentEvent.select_for_update().get(id=event_id)
            outcome, reverted = await assignments.undo(locked, actor)
            if reverted is None:
                return Reverted(outcome)
            from_id: UUID | None = reverted.from_person_id  # type: ignore[attr-defined]
            to_id: UUID | None = reverted.to_person_id  # type: ignore[attr-defined]
            choose = await prototype_choice.ask([from_id, to_id])
            merge = locked.operation == AssignmentOperation.MERGE
            if merge and (locked.details or {}).get(BIRTH_DATE_TAKEN):
                # The merge gave the kept person the other's birth date: none again.
                merged = await Person.get_or_none(id=locked.from_person_id)  # type: ignore[attr-defined]
                if merged is not None:
                    await Person.filter(
                        id=locked.to_person_id,  # type: ignore[attr-defined]
                        birth_date=merged.birth_date,
                    ).update(birth_date=None)
            back_to = await Person.get_or_none(id=to_id)
            face_ids = [UUID(f) for f in reverted.face_ids]
            # A merge's faces set aside (one per photo) go back too: synced with the others.
            set_aside = [UUID(f) for f in (locked.details or {}).get("set_aside_faces", [])]
            if merge:  # its copies owe their names back, in its transaction, as a merge's
                await owe_moved_copies(reverted.id)
            if back_to is not None and reverted.operation != AssignmentOperation.MERGE:
                for face in await Face.filter(id__in=face_ids).prefetch_related("photo"):
                    # A copy its guardian removed herself stays out.
                    restored = await restore_copies(face.photo, back_to, removals_stand=True)
                    resend += restored
                    resend_clip |= (
                        bool(restored) and face.photo is not None and face.photo.media_kind.is_clip
                    )
                    left = left or await kept_out_left(face.photo, participant_id, locked)
        return Reverted(
            outcome,
            reverted.operation,
            from_id,
            to_id,
            face_ids,
            reverted.id,
            choose,
            back_to.name if back_to is not None else "",
            resend,
            resend_clip,
            left,
            set_aside if merge else [],
        )

    async def copies_after(
        self, face_ids: list[UUID], person_ids: list[UUID], besides: int
    ) -> list[CopyChange]:
        touched = await Person.filter(id__in=person_ids)
        changes = []
        for face in await Face.filter(id__in=face_ids).prefetch_related("photo__group"):
            for person in touched:
                by = await corrector_named(person.id, besides)
                changes += await copies_after(
                    face.photo,
                    person,
                    told=_undone_told(face.photo, person, by),
                    besides=besides,
                    blanked=_undone_blanked(face.photo),
                    # Kept with what it told, to say it in the person's new name at a
                    # rename (walken7 2 follow-up).
                    told_of=CopyTold(
                        person.id,
                        face.photo.group.title if face.photo is not None else "?",
                        remembered=False,
                        clip=face.photo is not None and face.photo.media_kind.is_clip,
                        told="undone",
                        by=besides if by else None,
                        photo_id=face.photo.id if face.photo is not None else None,
                    ),
                )
        return changes

    async def copies_back_told(
        self,
        delivery_ids: list[UUID],
        besides: int,
        name: str,
        *,
        photo_only: bool = False,
        person_id: UUID | None = None,
    ) -> list[tuple[int, str, CopyTold | None]]:
        return await copies_back_told(
            delivery_ids, besides, name, photo_only=photo_only, person_id=person_id
        )

    async def hidden_copies(self, photo_ids: Collection[UUID]) -> list[tuple[UUID, int, int]]:
        if not photo_ids:
            return []
        return [
            (UUID(str(delivery)), int(chat), int(message))
            for delivery, chat, message in await Delivery.filter(
                photo_id__in=list(photo_ids),
                status=DeliveryStatus.SENT,
                message_id=None,
                hidden_message_id__isnull=False,
            ).values_list("id", "participant__telegram_user_id", "hidden_message_id")
        ]

    async def lock_visible(self, person_id: UUID, statuses: Collection[PersonStatus]) -> bool:
        locked = await Person.select_for_update().get_or_none(id=person_id)
        return locked is not None and locked.status in statuses

    async def set_status(self, person_id: UUID, status: PersonStatus) -> None:
        await Person.filter(id=person_id).update(status=status)

    async def revoke_invites(self, person_id: UUID) -> None:
        await GuardianInvite.filter(person_id=person_id, used_at__isnull=True).delete()

    async def ask(
        self,
        kind: RequestKind,
        subject: UUID | int,
        user_id: int | None,
        said: tuple[int, int] | None = None,
    ) -> None:
        await ask_request(kind, subject, user_id, said)

    async def under_way(self, said: tuple[int, int]) -> bool:
        return await still_under_way(said)


class TortoiseShownStore:
    """``ShownStore``: ``PersonMessage`` rows, by participant."""

    async def record(self, shown: Shown, keep: int | None) -> list[Shown]:
        participant = await Participant.get_or_none(telegram_user_id=shown.chat_id)
        if participant is None:
            return []
        await PersonMessage.get_or_create(
            participant=participant,
            message_id=shown.message_id,
            defaults={
                "person_id": shown.person_id,
                "has_photo": shown.has_photo,
                "history": shown.history,
                "settings": shown.settings,
                "frozen": shown.frozen,
                "language": shown.language,
                "replaced": shown.replaced,
            },
        )
        if keep is None:
            return []
        older = await (
            PersonMessage.filter(
                participant=participant,
                person_id=shown.person_id,
                history=shown.history,
                settings=shown.settings,
                frozen=shown.frozen,
                language=shown.language,
                replaced=shown.replaced,
            )
            .order_by("-message_id")
            .offset(keep)
            .values_list("id", "message_id", "has_photo")
        )
        if older:
            await PersonMessage.filter(id__in=[row[0] for row in older]).delete()
        return [
            Shown(
                shown.chat_id,
                message_id,
                shown.person_id,
                has_photo,
                shown.history,
                shown.settings,
                shown.frozen,
                shown.language,
                shown.replaced,
            )
            for _id, message_id, has_photo in older
        ]

    async def forget(self, chat_id: int, message_id: int) -> None:
        await PersonMessage.filter(
            participant__telegram_user_id=chat_id, message_id=message_id
        ).delete()

    async def record_replaced(self, shown: Shown) -> None:
        participant = await Participant.get_or_none(telegram_user_id=shown.chat_id)
        if participant is None:
            return
        await PersonMessage.update_or_create(
            participant=participant,
            message_id=shown.message_id,
            defaults={
                "person_id": shown.person_id,
                "has_photo": shown.has_photo,
                "history": False,
                "settings": False,
                "frozen": False,
                "language": False,
                "replaced": True,
                "listing": None,
            },
        )

    async def cards_of(self, person_ids: Collection[UUID]) -> list[Shown]:
        rows = (
            await PersonMessage.filter(person_id__in=list(person_ids))
            .order_by("-message_id")
            .prefetch_related("participant")
        )
        return [
            Shown(
                row.participant.telegram_user_id,
                row.message_id,
                row.person_id,  # type: ignore[attr-defined]
                row.has_photo,
                replaced=row.replaced,
            )
            for row in rows
        ]

    async def lists_about(self, person_ids: Collection[UUID]) -> list[Shown]:
        ids = list(person_ids)
        guardians = await Guardianship.filter(person_id__in=ids).values_list(
            "participant_id", flat=True
        )
        shown = await PersonMessage.filter(person_id__in=ids).values_list(
            "participant_id", flat=True
        )
        rows = (
            await PersonMessage.filter(
                participant_id__in=[*guardians, *shown],
                person_id__isnull=True,
                history=False,
                settings=False,
                frozen=False,
                language=False,
            )
            .order_by("-message_id")
            .prefetch_related("participant")
        )
        return [Shown(row.participant.telegram_user_id, row.message_id, None) for row in rows]

    async def in_chat(self, chat_id: int) -> list[Shown]:
        rows = await PersonMessage.filter(participant__telegram_user_id=chat_id)
        return [
            Shown(
                chat_id,
                row.message_id,
                row.person_id,  # type: ignore[attr-defined]
                row.has_photo,
                row.history,
                row.settings,
                row.frozen,
                row.language,
                row.replaced,
            )
            for row in rows
        ]

    async def is_list(self, chat_id: int, message_id: int) -> bool:
        return await PersonMessage.exists(
            participant__telegram_user_id=chat_id,
            message_id=message_id,
            person_id__isnull=True,
            history=False,
            settings=False,
            frozen=False,
            language=False,
        )

    async def note_listing(self, chat_id: int, message_id: int, listing: Mapping[str, str]) -> None:
        await PersonMessage.filter(
            participant__telegram_user_id=chat_id, message_id=message_id, history=True
        ).update(listing=dict(listing))

    async def histories_listed(self, chat_id: int, limit: int) -> list[tuple[int, dict[str, str]]]:
        rows = (
            await PersonMessage.filter(
                participant__telegram_user_id=chat_id, history=True, listing__isnull=False
            )
            .order_by("-message_id")
            .limit(limit)
            .values_list("message_id", "listing")
        )
        return [(int(message_id), dict(listing)) for message_id, listing in rows]


async def _invitation(invite: GuardianInvite | None) -> Invitation | None:
    if invite is None:
        return None
    await invite.fetch_related("person", "used_by", "invited_by")
    used_by, creator = invite.used_by, invite.invited_by
    said = (
        (creator.telegram_user_id, invite.message_id)
        if creator is not None and invite.message_id is not None
        else None
    )
    return Invitation(
        invite.id,
        _facts(invite.person),
        invite.invited_by_id,  # type: ignore[attr-defined]
        invite.expires_at,
        invite.used_at,
        GuardianSeat(
            used_by.id,
            used_by.telegram_user_id,
            used_by.first_name,
            GuardianRole.CO_GUARDIAN,
            invite.used_at or invite.created_at,
        )
        if used_by is not None
        else None,
        said,
        creator.first_name if creator is not None else None,
    )


class TortoiseGuardianStore(TortoisePersonStore):
    """``GuardianStore``: ``Guardianship`` and ``GuardianInvite`` rows (and the persons'
    questions it shares with ``TortoisePersonStore``)."""

    async def reader(self, user_id: int) -> Reader | None:
        participant = await Participant.get_or_none(telegram_user_id=user_id)
        if participant is None:
            return None
        return Reader(participant.id, participant.telegram_user_id, participant.first_name)

    async def lock_person(self, person_id: UUID) -> PersonFacts | None:
        person = await Person.select_for_update().filter(id=person_id).first()
        return _facts(person) if person else None

    async def create_invite(
        self, person_id: UUID, invited_by: UUID, code_hash: str, expires_at: datetime
    ) -> UUID:
        invite = await GuardianInvite.create(
            person_id=person_id,
            invited_by_id=invited_by,
            code_hash=code_hash,
            expires_at=expires_at,
        )
        return invite.id

    async def invite_said(self, invite_id: UUID, message_id: int) -> None:
        await GuardianInvite.filter(id=invite_id).update(message_id=message_id)

    async def expired_invites(self, now: datetime, limit: int) -> list[ExpiredInvite]:
        invites = (
            await GuardianInvite.filter(
                used_at=None,
                expires_at__lt=now,
                message_id__isnull=False,
                expiry_told=False,
                invited_by_id__isnull=False,
            )
            .order_by("expires_at")
            .limit(limit)
            .prefetch_related("person", "invited_by")
        )
        return [
            ExpiredInvite(
                invite.id,
                invite.invited_by.telegram_user_id,
                int(invite.message_id),
                invite.person.name,
                invite.expires_at,
            )
            for invite in invites
            if invite.invited_by is not None and invite.message_id is not None
        ]

    async def unused_invites_said(
        self, person_id: UUID, participant_id: UUID
    ) -> list[tuple[int, int]]:
        invites = (
            await GuardianInvite.filter(
                person_id=person_id,
                used_at__isnull=True,
                invited_by_id=participant_id,
                message_id__isnull=False,
            )
            .order_by("created_at")
            .prefetch_related("invited_by")
        )
        return [
            (invite.invited_by.telegram_user_id, int(invite.message_id))
            for invite in invites
            if invite.invited_by is not None and invite.message_id is not None
        ]

    async def invite_told(self, invite_id: UUID) -> None:
        await GuardianInvite.filter(id=invite_id).update(expiry_told=True)

    async def invite_by_code(self, code_hash: str) -> Invitation | None:
        return await _invitation(await GuardianInvite.get_or_none(code_hash=code_hash))

    async def invite(self, invite_id: UUID) -> Invitation | None:
        return await _invitation(await GuardianInvite.get_or_none(id=invite_id))

    async def lock_invite(self, invite_id: UUID) -> Invitation | None:
        return await _invitation(await GuardianInvite.select_for_update().get_or_none(id=invite_id))

    async def use_invite(self, invite_id: UUID, participant_id: UUID) -> None:
        await GuardianInvite.filter(id=invite_id).update(
            used_at=datetime.now(UTC), used_by_id=participant_id
        )

    async def add_co_guardian(self, person_id: UUID, participant_id: UUID) -> bool:
        person = await Person.get(id=person_id)
        participant = await Participant.get(id=participant_id)
        _, created = await Guardianship.get_or_create(
            person=person, participant=participant, defaults={"role": GuardianRole.CO_GUARDIAN}
        )
        if created:
            await approvals.ask_for_guardian(person, participant)
        return created

    async def reachable_guardians(self, person_id: UUID, besides: UUID) -> list[Reader]:
        others = await Participant.filter(
            guardianships__person_id=person_id, is_reachable=True
        ).exclude(id=besides)
        return [Reader(p.id, p.telegram_user_id, p.first_name) for p in others]

    async def in_a_group(self, participant_id: UUID) -> bool:
        return await Membership.exists(
            participant_id=participant_id, status=MembershipStatus.MEMBER, group__is_active=True
        )

    async def groups_of(self, participant_id: UUID) -> list[tuple[UUID, str]]:
        memberships = (
            await Membership.filter(
                participant_id=participant_id, status=MembershipStatus.MEMBER, group__is_active=True
            )
            .order_by("group__title")
            .prefetch_related("group")
        )
        return [(m.group.id, m.group.title) for m in memberships]

    async def looked_in(
        self, person_id: UUID, reader: UUID | None = None, *, rejected: bool = False
    ) -> list[LookedIn]:
        groups = (
            await Group.filter(
                is_active=True,
                memberships__status=MembershipStatus.MEMBER,
                memberships__participant__guardianships__person_id=person_id,
            )
            .distinct()
            .order_by("title")
        )
        banned = set(
            await Membership.filter(
                participant_id=reader, status=MembershipStatus.BANNED
            ).values_list("group_id", flat=True)
            if reader is not None
            else []
        )
        if rejected:
            return [
                LookedIn(g.chat_id, g.title, g.join_token)
                for g in groups
                if await approvals.rejected_for(g.id, person_id) is not None
            ]
        return [
            LookedIn(g.chat_id, g.title, g.join_token)
            for g in groups
            if g.id not in banned and await approvals.rejected_for(g.id, person_id) is None
        ]

    async def group_of_link(self, payload: str) -> tuple[UUID, str] | None:
        group = await Group.get_or_none(join_token=payload)
        return (group.id, group.title) if group else None

    async def co_guarded(self, participant_id: UUID) -> list[PersonFacts]:
        persons = await Person.filter(
            guardianships__participant_id=participant_id,
            guardianships__role=GuardianRole.CO_GUARDIAN,
            status__in=(PersonStatus.ACTIVE, PersonStatus.PAUSED),
        ).order_by("name")
        return [_facts(p) for p in persons]

    async def members(self, group_id: UUID) -> set[UUID]:
        found = await Membership.filter(
            group_id=group_id, status=MembershipStatus.MEMBER
        ).values_list("participant_id", flat=True)
        return {UUID(str(p)) for p in found}

    async def drop_guardian(self, person_id: UUID, participant_id: UUID) -> None:
        hidden = await assignments.merged_into(person_id)
        await Guardianship.filter(
            person_id__in=[person_id, *hidden], participant_id=participant_id
        ).delete()
        await GuardianInvite.filter(
            person_id=person_id, used_at__isnull=True, invited_by_id=participant_id
        ).delete()

    async def make_owner(self, person_id: UUID, participant_id: UUID) -> GuardianSeat | None:
        await Guardianship.filter(person_id=person_id, participant_id=participant_id).update(
            role=GuardianRole.OWNER
        )
        return next(
            (s for s in await self.seats(person_id) if s.participant_id == participant_id), None
        )


async def _answered_no(rows: list[Suggestion]) -> list[AnsweredNo]:
    """These "no" answers (person, answerer and face fetched), each with whether its
    rejection is still kept."""
    kept = {
        (str(face), str(person))
        for face, person in await FaceRejection.filter(
            face_id__in=[row.face.id for row in rows]
        ).values_list("face_id", "person_id")
    }
    # The other halves of sibling pairs, answered by the same guardian in the same answer:
    # "Neither" (both rejected) or the other child (findings27 1, 2).
    partners: dict[UUID, Suggestion] = {}
    paired = {row.pair_id for row in rows if row.pair_id is not None}
    if paired:
        for half in await Suggestion.filter(
            pair_id__in=list(paired),
            status__in=[SuggestionStatus.REJECTED, SuggestionStatus.ACCEPTED],
        ).prefetch_related("person"):
            for row in rows:
                if (
                    row.pair_id == half.pair_id
                    and row.id != half.id
                    and row.reviewed_by_id == half.reviewed_by_id  # type: ignore[attr-defined]
                ):
                    partners[row.id] = half
    out = []
    for row in rows:
        by = row.reviewed_by
        assert row.reviewed_at is not None
        other = partners.get(row.id)
        neither = other is not None and other.status == SuggestionStatus.REJECTED
        out.append(
            AnsweredNo(
                row.id,
                row.reviewed_at,
                row.person.id,
                row.person.name,
                by.id if by else None,
                by.telegram_user_id if by else None,
                by.first_name if by else None,
                (str(row.face.id), str(row.person.id)) in kept,
                tuple(
                    (chat, message)
                    for chat, message in row.sent_to or []
                    if by is not None and chat == by.telegram_user_id
                ),
                clip=row.face.photo is not None and row.face.photo.media_kind.is_clip,
                others_sent=tuple(
                    (int(chat), int(message))
                    for chat, message in row.sent_to or []
                    if by is not None and chat != by.telegram_user_id and row.pair_id is None
                ),
                pair_id=row.pair_id if other is not None else None,
                pair_other_question=other.id if other is not None else None,
                pair_other_person=other.person.id if other is not None else None,
                pair_other_name=other.person.name if other is not None else "",
                pair_neither=neither,
                pair_other_remembered=neither
                and other is not None
                and (str(row.face.id), str(other.person.id)) in kept,
            )
        )
    return out


def _undone_blanked(photo: Photo | None) -> Callable[[bool], str]:
    """What a copy an undo took says once Telegram no longer lets it be deleted (48 hours:
    findings29 7, it stayed as it was, named, while the question said it was removed), in
    its reader's language; ``own``: the reader undid it."""

    def blanked(own: bool) -> str:
        if photo is None:
            return ""
        return corrections_texts.copy_undone_blanked(
            own=own,
            clip=photo.media_kind.is_clip,
            round_video=photo.media_kind == MediaKind.VIDEO_NOTE,
        )

    return blanked


def _undone_told(photo: Photo | None, person: Person, by: str | None) -> Callable[[], str]:
    """What a guardian whose copy an undo deleted is told, in their language (``by``: who
    undid it, where named)."""

    def told() -> str:  # called by ``copies_after`` in each guardian's language
        if photo is None:
            return ""
        return corrections_texts.copy_undone_by_co_guardian(
            person.name, photo.group.title, clip=photo.media_kind.is_clip, by=by
        )

    return told
