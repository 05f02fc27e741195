"""Every change of a face's person, in one place: assign, unassign, move, merge, and undo;
on tortoise and Postgres, for the other stores' adapters (recognition, corrections,
claims, earlier photos, persons, privacy, enrollment), inside their transactions.

Each change writes one assignment event (operation, actor, from, to, faces, photos, note,
and what undoing it needs) and asks for the faces' Qdrant payload to be synced, through an
outbox row written in the same transaction (``request_sync``). The functions here run
inside the caller's transaction, under the locks it took; after it commits, the caller
queues the syncs (``domain.recognition.assignments.queue_syncs``; the reconcile cron does
it otherwise). The vocabulary (``Actor``, the notes, ``UndoOutcome``) is recognition's.

And the queries the stores share about whom a face concerns: the persons merged into one,
those matchable in a group, and who is blocked there or receives its photos.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Coroutine, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any, ParamSpec
from uuid import UUID

from tortoise.expressions import Q

from domain.infra.models import (
    Approval,
    AssignmentEvent,
    EarlierPhotos,
    Face,
    FaceRejection,
    FaceSyncRequest,
    Group,
    Guardianship,
    Participant,
    Person,
    Photo,
    Prototype,
    Suggestion,
)
from domain.recognition.assignments import (
    FACES_FORGOTTEN_NOTE,
    GONE,
    MERGE_NOTE,
    SCRUBBED_NOTE,
    TAKES_FROM,
    Actor,
    UndoFacts,
    UndoOutcome,
    is_nameless,
    why_not_undo,
)
from domain.recognition.service import MATCHABLE
from domain.states import (
    ApprovalKind,
    ApprovalStatus,
    AssignmentOperation,
    MembershipStatus,
    OfferStatus,
    PersonStatus,
    PrototypeRole,
    SuggestionStatus,
)

_Event = ParamSpec("_Event")


async def scrub_notes(
    *, person_ids: Collection[UUID] = (), actor_participant: UUID | None = None
) -> int:
    """Rewrite the notes that could carry a typed name, of the events that concern these
    persons or were made by this participant. Returns how many were rewritten."""
    ids = list(person_ids)
    concerned = Q(from_person_id__in=ids) | Q(to_person_id__in=ids)
    if actor_participant is not None:
        concerned |= Q(actor_participant_id=actor_participant)
    events = await AssignmentEvent.filter(concerned).only("id", "note")
    named = [e.id for e in events if not is_nameless(e.note)]
    if named:
        await AssignmentEvent.filter(id__in=named).update(note=SCRUBBED_NOTE)
    return len(named)


async def request_sync(face_ids: Iterable[UUID]) -> list[UUID]:
    """Outbox rows for these faces (call inside the transaction that changed them)."""
    ids = list(dict.fromkeys(face_ids))
    if ids:
        await FaceSyncRequest.bulk_create([FaceSyncRequest(face_id=face_id) for face_id in ids])
    return ids


def event(
    operation: AssignmentOperation,
    actor: Actor,
    faces: Sequence[Face],
    *,
    from_person: UUID | None,
    to_person: UUID | None,
    note: str,
    details: dict[str, Any] | None = None,
    undoes: AssignmentEvent | None = None,
) -> AssignmentEvent:
    """An assignment event, not saved yet (``record`` saves it; or ``bulk_create``)."""
    photo_ids = sorted({str(f.photo_id) for f in faces if f.photo_id})  # type: ignore[attr-defined]
    return AssignmentEvent(
        operation=operation,
        actor=actor.label,
        actor_participant_id=actor.participant_id,
        from_person_id=from_person,
        to_person_id=to_person,
        face_ids=[str(f.id) for f in faces],
        photo_ids=photo_ids,
        face_count=len(faces),
        photo_count=len(photo_ids),
        note=note,
        details=details or {},
        undoes=undoes,
    )


def _saved(
    build: Callable[_Event, AssignmentEvent],
) -> Callable[_Event, Coroutine[Any, Any, AssignmentEvent]]:
    async def saving(*args: _Event.args, **kwargs: _Event.kwargs) -> AssignmentEvent:
        made = build(*args, **kwargs)
        await made.save()
        return made

    return saving


# The event of a change, written (inside the change's transaction).
record = _saved(event)


async def assign(
    face: Face,
    person_id: UUID,
    actor: Actor,
    *,
    prototype: PrototypeRole | None,
    note: str,
    undoes: AssignmentEvent | None = None,
) -> AssignmentEvent:
    """An unassigned face becomes the person's (and, if asked, one of its prototypes)."""
    face.person_id = person_id
    await face.save(update_fields=["person_id", "updated_at"])
    added = False
    if prototype is not None:
        _, added = await Prototype.get_or_create(
            person_id=person_id, face_id=face.id, defaults={"role": prototype}
        )
    await request_sync([face.id])
    return await record(
        AssignmentOperation.ASSIGN,
        actor,
        [face],
        from_person=None,
        to_person=person_id,
        note=note,
        details={"prototype_added": prototype.value if added and prototype else None},
        undoes=undoes,
    )


async def _leave(
    face: Face, person_id: UUID, actor: Actor, remember_rejection: bool
) -> tuple[str | None, bool]:
    """The face stops being one of the person's prototypes and, if asked, is remembered as
    "not them". Returns the prototype role it had (or None) and whether a rejection was added."""
    prototype = await Prototype.get_or_none(person_id=person_id, face_id=face.id)
    if prototype is not None:
        await prototype.delete()
    rejected = False
    if remember_rejection:
        _, rejected = await FaceRejection.get_or_create(
            face_id=face.id, person_id=person_id, defaults={"rejected_by_id": actor.participant_id}
        )
    return (prototype.role.value if prototype else None), rejected


async def unassign(
    face: Face,
    actor: Actor,
    *,
    remember_rejection: bool,
    note: str,
    undoes: AssignmentEvent | None = None,
) -> AssignmentEvent:
    """Detach a face from its person, dropping it from the prototypes, remembering the "no"."""
    person_id: UUID = face.person_id  # type: ignore[attr-defined]
    removed, rejected = await _leave(face, person_id, actor, remember_rejection)
    face.person_id = None
    await face.save(update_fields=["person_id", "updated_at"])
    await request_sync([face.id])
    return await record(
        AssignmentOperation.UNASSIGN,
        actor,
        [face],
        from_person=person_id,
        to_person=None,
        note=note,
        details={
            "prototype_removed": removed,
            "rejection_added": rejected,
        },
        undoes=undoes,
    )


async def move(
    face: Face,
    to_person: UUID,
    actor: Actor,
    *,
    note: str,
    remember_rejection: bool = True,
    undoes: AssignmentEvent | None = None,
) -> AssignmentEvent:
    """The face is someone else's: from its person to ``to_person``."""
    from_person: UUID = face.person_id  # type: ignore[attr-defined]
    removed, rejected = await _leave(face, from_person, actor, remember_rejection)
    await FaceRejection.filter(face_id=face.id, person_id=to_person).delete()
    face.person_id = to_person
    await face.save(update_fields=["person_id", "updated_at"])
    _, added = await Prototype.get_or_create(
        person_id=to_person, face_id=face.id, defaults={"role": PrototypeRole.ACCEPTED}
    )
    await request_sync([face.id])
    return await record(
        AssignmentOperation.MOVE,
        actor,
        [face],
        from_person=from_person,
        to_person=to_person,
        note=note,
        details={
            "prototype_removed": removed,
            "rejection_added": rejected,
            "prototype_added": PrototypeRole.ACCEPTED.value if added else None,
        },
        undoes=undoes,
    )


# A guardian's sheet of questions not closed yet: a merge moves it with the questions.
OPEN_SHEETS = (
    OfferStatus.WAITING,
    OfferStatus.SENDING,
    OfferStatus.PENDING,
    OfferStatus.ONE_BY_ONE,
)


async def merge(
    keep: Person, remove: Person, actor: Actor, *, undoes: AssignmentEvent | None = None
) -> AssignmentEvent:
    """``remove`` becomes part of ``keep``: its faces, prototypes, suggestions, rejections and
    guardians. ``remove`` is kept, hidden (status MERGED), so the merge can be undone."""
    faces = await Face.filter(person_id=remove.id)
    # One person at most once per photo: where both were seen side by side (almost surely
    # two children, as the confirmation warned), the kept person keeps the better-matched
    # face and the other is no one's, until the merge is undone (findings22 5).
    set_aside = await _one_face_per_photo(keep, faces)
    await Face.filter(id__in=[f.id for f in faces if str(f.id) not in set_aside]).update(
        person_id=keep.id
    )
    set_aside_prototypes: list[dict[str, str]] = []
    if set_aside:
        await Face.filter(id__in=[UUID(face) for face in set_aside]).update(person_id=None)
        # Where both faces were prototypes, the one set aside is one no more (a prototype
        # of no one's face), until the undo gives it back.
        for prototype in await Prototype.filter(face_id__in=[UUID(face) for face in set_aside]):
            set_aside_prototypes.append(
                {
                    "face": str(prototype.face_id),  # type: ignore[attr-defined]
                    "person": str(prototype.person_id),  # type: ignore[attr-defined]
                    "role": prototype.role.value,
                }
            )
            await prototype.delete()
    moved_prototypes = []
    for prototype in await Prototype.filter(person_id=remove.id):
        if await Prototype.exists(person_id=keep.id, face_id=prototype.face_id):  # type: ignore[attr-defined]
            await prototype.delete()
        else:
            prototype.person_id = keep.id
            await prototype.save(update_fields=["person_id"])
            moved_prototypes.append(str(prototype.id))
    moved_suggestions = []
    folded_pairs = []
    for suggestion in await Suggestion.filter(person_id=remove.id):
        if await Suggestion.exists(person_id=keep.id, face_id=suggestion.face_id):  # type: ignore[attr-defined]
            # An open question closes; an answered one keeps its answer (its messages say
            # who answered, and what: the withdrawal must not read it as expired).
            if suggestion.status == SuggestionStatus.PENDING:
                folded = await _fold_pair(suggestion, keep)
                if folded is not None:
                    folded_pairs.append(folded)
                suggestion.status = SuggestionStatus.EXPIRED
                await suggestion.save(update_fields=["status", "sent_to"])
        else:
            suggestion.person_id = keep.id
            await suggestion.save(update_fields=["person_id"])
            moved_suggestions.append(str(suggestion.id))
    moved_rejections = []
    for rejection in await FaceRejection.filter(person_id=remove.id):
        if await FaceRejection.exists(person_id=keep.id, face_id=rejection.face_id):  # type: ignore[attr-defined]
            continue
        rejection.person_id = keep.id
        await rejection.save(update_fields=["person_id"])
        moved_rejections.append(str(rejection.id))
    # The guardians' sheets of questions about it still gathering, being sent, shown or
    # asked one by one: about the kept person now, as their questions are (a sheet left
    # on the merged person was closed as if answered, its waiting faces never asked).
    moved_sheets = [
        str(sheet_id)
        for sheet_id in await EarlierPhotos.filter(
            person_id=remove.id, participant_id__isnull=False, status__in=OPEN_SHEETS
        ).values_list("id", flat=True)
    ]
    if moved_sheets:
        await EarlierPhotos.filter(id__in=moved_sheets).update(person_id=keep.id)
    # Its offers still open ("I found 3 earlier photos of Lilly", a sheet of look-alikes):
    # the kept person's now, asked about in its name (``PersonsMerged``); left on the
    # merged person, their buttons acted on a person that was gone.
    moved_offers = [
        str(offer_id)
        for offer_id in await EarlierPhotos.filter(
            person_id=remove.id, participant_id__isnull=True, status=OfferStatus.PENDING
        ).values_list("id", flat=True)
    ]
    if moved_offers:
        await EarlierPhotos.filter(id__in=moved_offers).update(person_id=keep.id)
    added_guardianships = []
    for guardianship in await Guardianship.filter(person_id=remove.id):
        created, was_created = await Guardianship.get_or_create(
            person_id=keep.id,
            participant_id=guardianship.participant_id,  # type: ignore[attr-defined]
            defaults={"role": guardianship.role},
        )
        if was_created:
            added_guardianships.append(str(created.id))
    previous_status = remove.status.value
    remove.status = PersonStatus.MERGED
    remove.merged_into_id = keep.id
    await remove.save(update_fields=["status", "merged_into_id", "updated_at"])
    await request_sync([*(f.id for f in faces), *(UUID(face) for face in set_aside)])
    return await record(
        AssignmentOperation.MERGE,
        actor,
        faces,
        from_person=remove.id,
        to_person=keep.id,
        note=MERGE_NOTE,
        details={
            "prototype_ids": moved_prototypes,
            "suggestion_ids": moved_suggestions,
            "rejection_ids": moved_rejections,
            "question_sheet_ids": moved_sheets,
            "folded_pairs": folded_pairs,
            "offer_ids": moved_offers,
            "added_guardianship_ids": added_guardianships,
            "previous_status": previous_status,
            "set_aside_faces": set_aside,
            "set_aside_prototypes": set_aside_prototypes,
        },
        undoes=undoes,
    )


def _match_score(face: Face) -> float:
    """How well a face matched the person it was given (0: given by a guardian's answer)."""
    return max((face.prototype_scores or {}).values(), default=0.0)


async def _one_face_per_photo(keep: Person, moving: Sequence[Face]) -> dict[str, str]:
    """Of the photos where both persons of a merge have a face, the face each leaves to no
    one: each face id with the person it was of, for the undo to give back. A prototype
    stays over a face that is none; between two prototypes, or two faces neither of which
    is one, the better-matched stays (the kept person's own on a tie). One photo holds the
    person once, so a prototype may be set aside too (``merge`` takes it off as one)."""
    by_photo = {face.photo_id: face for face in moving if face.photo_id is not None}  # type: ignore[attr-defined]
    if not by_photo:
        return {}
    owns = await Face.filter(person_id=keep.id, photo_id__in=list(by_photo))
    prototypes = {
        str(face)
        for face in await Prototype.filter(
            face_id__in=[*(f.id for f in moving), *(f.id for f in owns)]
        ).values_list("face_id", flat=True)
    }
    set_aside: dict[str, str] = {}
    for own in owns:
        other = by_photo[own.photo_id]  # type: ignore[attr-defined]
        own_prototype, other_prototype = str(own.id) in prototypes, str(other.id) in prototypes
        if own_prototype != other_prototype:
            own_first = own_prototype
        else:
            own_first = _match_score(own) >= _match_score(other)
        if own_first:
            set_aside[str(other.id)] = str(other.person_id)  # type: ignore[attr-defined]
        else:
            set_aside[str(own.id)] = str(keep.id)
    return set_aside


async def _fold_pair(removed: Suggestion, keep: Person) -> dict[str, Any] | None:
    """A sibling pair's question ("Is this Ally or Alice?") whose two are merged: one
    person's question now. Its messages, and those that asked about the removed one alone,
    are the kept one's question (re-asked in its name: ``PersonsMerged``), not closed as
    answered while it is open (findings20 4). What an undo needs to make it a pair again
    (``_unfold_pair``); None: no pair folded."""
    kept = await Suggestion.get_or_none(
        person_id=keep.id,
        face_id=removed.face_id,  # type: ignore[attr-defined]
        status=SuggestionStatus.PENDING,
    )
    if kept is None or removed.pair_id is None or kept.pair_id != removed.pair_id:
        return None
    chats = {chat for chat, _ in kept.sent_to or []}
    moved = [[chat, message] for chat, message in removed.sent_to or [] if chat not in chats]
    folded = {
        "pair_id": str(removed.pair_id),
        "kept": str(kept.id),
        "removed": str(removed.id),
        "removed_sent_to": removed.sent_to,
        "moved": moved,
    }
    kept.sent_to = [*(kept.sent_to or []), *moved]
    kept.pair_id = None
    await kept.save(update_fields=["sent_to", "pair_id"])
    removed.sent_to = None
    return folded


async def _unfold_pair(folded: dict[str, Any]) -> None:
    """A merge undone: the pair it folded (``_fold_pair``) is a pair again while its kept
    question is still open and its face no one's, each question with its messages back
    (re-asked as the pair's, and about each alone: ``PersonsMerged``). Answered meanwhile,
    it stays as answered."""
    kept = await Suggestion.get_or_none(
        id=folded["kept"], status=SuggestionStatus.PENDING, pair_id=None
    ).prefetch_related("face")
    removed = await Suggestion.get_or_none(id=folded["removed"], status=SuggestionStatus.EXPIRED)
    if kept is None or removed is None or kept.face.person_id is not None:  # type: ignore[attr-defined]
        return
    moved = {(int(chat), int(message)) for chat, message in folded["moved"]}
    kept.sent_to = [
        [chat, message] for chat, message in kept.sent_to or [] if (chat, message) not in moved
    ]
    kept.pair_id = UUID(folded["pair_id"])
    await kept.save(update_fields=["sent_to", "pair_id"])
    removed.status = SuggestionStatus.PENDING
    removed.sent_to = folded["removed_sent_to"]
    await removed.save(update_fields=["status", "sent_to"])


async def undo(event: AssignmentEvent, actor: Actor) -> tuple[UndoOutcome, AssignmentEvent | None]:
    """Revert one event when the state still is what it left (``why_not_undo`` decides on
    what is read here); otherwise say why not. The caller holds the event's row lock."""
    facts, faces, removed = await _undo_facts(event)
    refused = why_not_undo(facts)
    if refused is not None:
        return refused, None
    if removed is not None:
        reverted = await _undo_merge(event, actor, removed)
    else:
        reverted = await _undo_one(event, actor, faces[0])
    event.undone_at = datetime.now(UTC)
    await event.save(update_fields=["undone_at"])
    return UndoOutcome.DONE, reverted


async def why_not_now(event: AssignmentEvent) -> UndoOutcome | None:
    """Why undoing the event now would be refused (``why_not_undo`` on the facts the undo
    itself reads), or None when it would act: what /history offers an Undo for."""
    return (await why_not_now_all([event]))[event.id]


async def why_not_now_all(
    events: Sequence[AssignmentEvent],
) -> dict[UUID, UndoOutcome | None]:
    """``why_not_now`` for each event, by id, read in the same few queries however many
    events there are (a /history page's twenty lines cost what one does)."""
    facts = await _undo_facts_of(events)
    return {event.id: why_not_undo(facts[event.id][0]) for event in events}


async def undo_facts_all(events: Sequence[AssignmentEvent]) -> dict[UUID, UndoFacts]:
    """What undoing each event depends on now (its refusal: ``why_not_undo`` of it), by
    id, read as ``why_not_now_all`` reads it."""
    return {event_id: facts for event_id, (facts, _f, _p) in (await _undo_facts_of(events)).items()}


async def _undo_facts(event: AssignmentEvent) -> tuple[UndoFacts, list[Face], Person | None]:
    """What undoing the event depends on; with its faces left (not a merge's) and a
    merge's removed person, for the revert."""
    return (await _undo_facts_of([event]))[event.id]


async def _undo_facts_of(
    events: Sequence[AssignmentEvent],
) -> dict[UUID, tuple[UndoFacts, list[Face], Person | None]]:
    """``_undo_facts`` of each event, by id: the faces, persons and later changes of them
    all read at once (four queries at most)."""

    def ids_of(event: AssignmentEvent) -> list[UUID]:
        if event.operation == AssignmentOperation.MERGE:
            return []  # a merge's faces are its persons', not undone one by one
        return list(dict.fromkeys(UUID(face) for face in event.face_ids))

    wanted = {face for event in events for face in ids_of(event)}
    found = {face.id: face for face in await Face.filter(id__in=wanted)} if wanted else {}
    removed_ids = {
        event.from_person_id  # type: ignore[attr-defined]
        for event in events
        if event.operation == AssignmentOperation.MERGE and event.from_person_id  # type: ignore[attr-defined]
    }
    removed_by_id = (
        {person.id: person for person in await Person.filter(id__in=removed_ids)}
        if removed_ids
        else {}
    )
    person_ids = {
        person
        for event in events
        for person in (event.from_person_id, event.to_person_id)  # type: ignore[attr-defined]
        if person is not None
    }
    alive = (
        {
            UUID(str(person))
            for person in await Person.filter(id__in=person_ids)
            .exclude(status__in=GONE)
            .values_list("id", flat=True)
        }
        if person_ids
        else set()
    )
    faces_of = {event.id: [found[f] for f in ids_of(event) if f in found] for event in events}
    later = await _changed_later(
        [(event, faces[0].id) for event in events if len(faces := faces_of[event.id]) == 1]
    )
    guardianless = await _unmerge_guardianless(
        [event for event in events if event.operation == AssignmentOperation.MERGE]
    )
    forgotten = await _faces_forgotten_after(
        [event for event in events if event.operation in (*TAKES_FROM, AssignmentOperation.MERGE)]
    )
    facts_of: dict[UUID, tuple[UndoFacts, list[Face], Person | None]] = {}
    for event in events:
        from_id: UUID | None = event.from_person_id  # type: ignore[attr-defined]
        to_id: UUID | None = event.to_person_id  # type: ignore[attr-defined]
        faces = faces_of[event.id]
        removed = removed_by_id.get(from_id) if from_id is not None else None
        merged = removed is not None and removed.status == PersonStatus.MERGED
        facts = UndoFacts(
            event.operation,
            undone=event.undone_at is not None,
            from_person=from_id,
            to_person=to_id,
            from_alive=from_id in alive,
            to_alive=to_id in alive,
            faces_left=len(faces),
            face_person=faces[0].person_id if len(faces) == 1 else None,  # type: ignore[attr-defined]
            merged_into=removed.merged_into_id if merged and removed else None,  # type: ignore[attr-defined]
            changed_later=event.id in later,
            guardianless=event.id in guardianless,
            faces_forgotten=event.id in forgotten,
        )
        facts_of[event.id] = (facts, faces, removed if merged else None)
    return facts_of


async def _unmerge_guardianless(merges: Sequence[AssignmentEvent]) -> set[UUID]:
    """Of these merges, those whose undo would leave a person with no guardian
    (``UndoFacts.guardianless``): the kept person keeps only the guardians it had before
    the merge (``_undo_merge`` deletes those the merge added), the removed one its own. The
    owner who made the merge gone (/forget), their child must not come back as no one's
    (findings24 9). One query for them all."""
    persons = {
        person
        for merge in merges
        for person in (merge.from_person_id, merge.to_person_id)  # type: ignore[attr-defined]
        if person is not None
    }
    if not persons:
        return set()
    seats: dict[UUID, set[UUID]] = {}
    for seat_id, person_id in await Guardianship.filter(person_id__in=persons).values_list(
        "id", "person_id"
    ):
        seats.setdefault(UUID(str(person_id)), set()).add(UUID(str(seat_id)))
    guardianless = set()
    for merge in merges:
        added = {UUID(g) for g in (merge.details or {}).get("added_guardianship_ids", [])}
        kept = seats.get(merge.to_person_id, set()) - added  # type: ignore[attr-defined]
        removed = seats.get(merge.from_person_id, set())  # type: ignore[attr-defined]
        if not kept or not removed:
            guardianless.add(merge.id)
    return guardianless


async def _faces_forgotten_after(events: Sequence[AssignmentEvent]) -> set[UUID]:
    """Of these events, those whose first person (a merge's kept one, who has the faces it
    moved) had every face deleted after them ("Forget faces" records that as a removal with
    ``FACES_FORGOTTEN_NOTE``): one query for them all (``UndoFacts.faces_forgotten``)."""
    whose = {event.id: _faces_holder(event) for event in events}
    persons = {person for person in whose.values() if person is not None}
    if not persons:
        return set()
    since = min(event.created_at for event in events)
    forgot = await AssignmentEvent.filter(
        operation=AssignmentOperation.REMOVE,
        note=FACES_FORGOTTEN_NOTE,
        from_person_id__in=list(persons),
        created_at__gt=since,
    ).values_list("from_person_id", "created_at")
    return {
        event.id
        for event in events
        if any(person == whose[event.id] and at > event.created_at for person, at in forgot)
    }


def _faces_holder(event: AssignmentEvent) -> UUID | None:
    """Whose faces an event's undo gives back or takes apart: its first person's, or a
    merge's kept person's (the faces it moved are among them)."""
    if event.operation == AssignmentOperation.MERGE:
        return event.to_person_id  # type: ignore[attr-defined,no-any-return]
    return event.from_person_id  # type: ignore[attr-defined,no-any-return]


async def _changed_later(pairs: Sequence[tuple[AssignmentEvent, UUID]]) -> set[UUID]:
    """Of these events, each with its one face, those after which another event concerned
    that face (``UndoFacts.changed_later``): one query for them all."""
    if not pairs:
        return set()
    since = min(event.created_at for event, _face in pairs)
    touching = Q(*(Q(face_ids__contains=[str(face)]) for _event, face in pairs), join_type="OR")
    later = await AssignmentEvent.filter(touching, created_at__gt=since)
    return {
        event.id
        for event, face in pairs
        if any(
            other.id != event.id
            and other.created_at > event.created_at
            and str(face) in other.face_ids
            for other in later
        )
    }


async def _undo_one(event: AssignmentEvent, actor: Actor, face: Face) -> AssignmentEvent:
    """The change of one face made the other way round (``why_not_undo`` allowed it)."""
    details = event.details or {}
    from_id: UUID | None = event.from_person_id  # type: ignore[attr-defined]
    note = f"undo of {event.operation.value} {event.id}"
    if event.operation == AssignmentOperation.ASSIGN:
        return await unassign(face, actor, remember_rejection=False, note=note, undoes=event)
    assert from_id is not None
    role = details.get("prototype_removed")
    if event.operation == AssignmentOperation.UNASSIGN:
        reverted = await assign(
            face,
            from_id,
            actor,
            prototype=PrototypeRole(role) if role else None,
            note=note,
            undoes=event,
        )
        if details.get("rejection_added"):
            await FaceRejection.filter(face_id=face.id, person_id=from_id).delete()
        return reverted
    reverted = await move(face, from_id, actor, note=note, remember_rejection=False, undoes=event)
    # Back as it was: a prototype of its first person only if it had been one.
    if role:
        await Prototype.filter(person_id=from_id, face_id=face.id).update(role=PrototypeRole(role))
    else:
        await Prototype.filter(person_id=from_id, face_id=face.id).delete()
    return reverted


async def _undo_merge(event: AssignmentEvent, actor: Actor, removed: Person) -> AssignmentEvent:
    """The removed person back as it was, with what the merge moved (``why_not_undo``
    allowed it: it is still merged into the kept person, who is still there)."""
    details = event.details or {}
    kept_id: UUID = event.to_person_id  # type: ignore[attr-defined]
    faces = await Face.filter(id__in=[UUID(f) for f in event.face_ids], person_id=kept_id)
    await Face.filter(id__in=[f.id for f in faces]).update(person_id=removed.id)
    # The faces the merge left to no one (one person once per photo) are each person's
    # again, while still no one's.
    set_aside = details.get("set_aside_faces", {})
    for person_id in {kept_id, removed.id}:
        back = [UUID(face) for face, of in set_aside.items() if of == str(person_id)]
        if back:
            await Face.filter(id__in=back, person_id=None).update(person_id=person_id)
    # A prototype set aside with its face is one again where the face is its person's again.
    for prototype in details.get("set_aside_prototypes", []):
        if await Face.exists(id=prototype["face"], person_id=prototype["person"]):
            await Prototype.get_or_create(
                person_id=prototype["person"],
                face_id=prototype["face"],
                defaults={"role": PrototypeRole(prototype["role"])},
            )
    await Prototype.filter(id__in=details.get("prototype_ids", []), person_id=kept_id).update(
        person_id=removed.id
    )
    await Suggestion.filter(id__in=details.get("suggestion_ids", []), person_id=kept_id).update(
        person_id=removed.id
    )
    for folded in details.get("folded_pairs", []):
        await _unfold_pair(folded)
    await FaceRejection.filter(id__in=details.get("rejection_ids", []), person_id=kept_id).update(
        person_id=removed.id
    )
    await EarlierPhotos.filter(
        id__in=details.get("question_sheet_ids", []), person_id=kept_id, status__in=OPEN_SHEETS
    ).update(person_id=removed.id)
    await EarlierPhotos.filter(
        id__in=details.get("offer_ids", []), person_id=kept_id, status=OfferStatus.PENDING
    ).update(person_id=removed.id)
    await Guardianship.filter(id__in=details.get("added_guardianship_ids", [])).delete()
    removed.status = PersonStatus(details.get("previous_status", PersonStatus.ACTIVE.value))
    removed.merged_into_id = None
    await removed.save(update_fields=["status", "merged_into_id", "updated_at"])
    await request_sync([*(f.id for f in faces), *(UUID(face) for face in set_aside)])
    return await record(
        AssignmentOperation.MOVE,
        actor,
        faces,
        from_person=kept_id,
        to_person=removed.id,
        note=f"undo of merge {event.id}",
        details={"unmerge": True},
        undoes=event,
    )


async def persons_of_merge(event_id: UUID) -> list[UUID]:
    """The persons of a merge, or of its undo (its assignment event), still there (active
    or paused): what ``PersonsMerged``'s reactions say again in their names."""
    event = await AssignmentEvent.get_or_none(id=event_id)
    if event is None:
        return []
    if event.operation != AssignmentOperation.MERGE and not (event.details or {}).get("unmerge"):
        return []
    persons = [
        person
        for person in (event.from_person_id, event.to_person_id)  # type: ignore[attr-defined]
        if person is not None
    ]
    return [
        UUID(str(person))
        for person in await Person.filter(
            id__in=persons, status__in=[PersonStatus.ACTIVE, PersonStatus.PAUSED]
        ).values_list("id", flat=True)
    ]


async def guardian_chats(person_ids: Collection[UUID]) -> dict[UUID, list[int]]:
    """The private chats (Telegram user ids) of the guardians of each of these persons, by
    person, in one query: the one place every store asks it (persons, privacy)."""
    rows = await Guardianship.filter(person_id__in=list(person_ids)).values_list(
        "person_id", "participant__telegram_user_id"
    )
    chats: dict[UUID, list[int]] = {}
    for person_id, user_id in rows:
        chats.setdefault(UUID(str(person_id)), []).append(int(user_id))
    return chats


async def merged_into(person_id: UUID) -> list[UUID]:
    """The persons merged into this one, directly or through others merged into it."""
    return await merged_into_any([person_id])


async def merged_into_any(person_ids: Collection[UUID]) -> list[UUID]:
    """The persons merged into one of these, directly or through others merged into it:
    one query a level."""
    found: list[UUID] = []
    frontier = list(person_ids)
    while frontier:
        merged = await Person.filter(
            status=PersonStatus.MERGED, merged_into_id__in=frontier
        ).values_list("id", flat=True)
        ids = {UUID(str(each)) for each in merged}
        frontier = [each for each in ids if each not in found and each not in person_ids]
        found.extend(frontier)
    return found


async def faces_left(events: Collection[AssignmentEvent]) -> dict[UUID, int]:
    """Each event's faces that still exist, by event id: one query for them all."""
    ids = {UUID(face) for event in events for face in event.face_ids}
    present = set(await Face.filter(id__in=ids).values_list("id", flat=True)) if ids else set()
    return {event.id: sum(UUID(face) in present for face in event.face_ids) for event in events}


async def merge_chain_end(person: Person) -> Person | None:
    """The person this one was merged into, to the chain's end (itself when not merged);
    None when the chain ends at a merge whose kept person was deleted since (the child went
    with it: never named by the merged-away name). A circular chain stops where it closes."""
    seen = {person.id}
    while person.status == PersonStatus.MERGED:
        # The kept person's row gone, its link was cleared (``on_delete=SET_NULL``).
        into_id = person.merged_into_id  # type: ignore[attr-defined]
        into = None if into_id is None else await Person.get_or_none(id=into_id)
        if into is None:
            return None
        if into.id in seen:
            break
        seen.add(into.id)
        person = into
    return person


# A face taken off a person by a guardian: "Remove this photo only", or a "yes" undone.
TAKING_OFF = (AssignmentOperation.UNASSIGN, AssignmentOperation.MOVE)


async def taken_off(
    face_ids: Collection[UUID], person_id: UUID | None = None
) -> set[tuple[UUID, UUID]]:
    """(face, person) for each of these faces a guardian said, or showed, is not to be the
    person's (of ``person_id`` only, when given): a "no" remembered (``FaceRejection``:
    "That isn't Alice", a move, a "no" answer, "none is Alice"), or the face taken off the
    person and not put back ("Remove this photo only", which teaches nothing, and an
    undone "yes": an unassign or move from the person, itself not undone; a person merged
    into another passes these on to it). The one rule of what is never offered again for
    a person, nor asked about, by whatever looks for faces to offer (earlier photos, the
    next family): a photo a guardian took off their child comes back to no one."""
    faces = {str(face) for face in face_ids}
    if not faces:
        return set()
    rejections = FaceRejection.filter(face_id__in=list(face_ids))
    events = AssignmentEvent.filter(
        operation__in=TAKING_OFF, undone_at__isnull=True, from_person_id__isnull=False
    )
    if person_id is not None:
        rejections = rejections.filter(person_id=person_id)  # a merge moved its own
        rows = await events.filter(
            from_person_id__in=[person_id, *await merged_into(person_id)]
        ).values_list("from_person_id", "face_ids")
    else:
        rows = []
        for face in faces:  # a face's events, by its id in their list
            rows += await events.filter(face_ids__contains=[face]).values_list(
                "from_person_id", "face_ids"
            )
    found = {
        (UUID(str(face)), UUID(str(person)))
        for face, person in await rejections.values_list("face_id", "person_id")
    }
    for from_person, ids in rows:
        person = person_id or await _merged_now(UUID(str(from_person)))
        found |= {(UUID(face), person) for face in ids if face in faces}
    return found


async def _merged_now(person_id: UUID) -> UUID:
    """The person, or the one it was merged into (and on), as it is now."""
    for _hop in range(10):
        person = await Person.get_or_none(id=person_id)
        if person is None or person.status != PersonStatus.MERGED or not person.merged_into_id:  # type: ignore[attr-defined]
            break
        person_id = person.merged_into_id  # type: ignore[attr-defined]
    return person_id


# Who a group's photos concern: for the stores of the capabilities that need it
# (recognition, corrections, earlier photos, onboarding, persons, moderation's statistics,
# the photos' copies).


async def blocked_persons(group_id: UUID) -> set[UUID]:
    """Persons not to be recognized in this group: the organizers' approval of them there
    is pending or rejected (``ApprovalStatus.blocks``; asked and decided by
    ``domain.moderation.approvals``), and the persons they were merged into: a merge keeps
    the stricter standing of the two in each group, never a way round the organizers'
    decision (findings24 6); its undo gives each its own standing back."""
    blocked = await _blocked(group_id, ApprovalKind.PERSON, "person_id")
    return blocked | await kept_of(blocked)


async def kept_of(person_ids: Collection[UUID]) -> set[UUID]:
    """The persons these were merged into, directly or through others merged on: one
    query a level."""
    found: set[UUID] = set()
    frontier = set(person_ids)
    while frontier:
        into = await Person.filter(
            id__in=list(frontier), status=PersonStatus.MERGED, merged_into_id__isnull=False
        ).values_list("merged_into_id", flat=True)
        frontier = {UUID(str(each)) for each in into} - found
        found |= frontier
    return found


async def blocked_guardians(group_id: UUID, person_id: UUID) -> set[UUID]:
    """Guardians of the person who get nothing of it from this group: their own approval
    there is pending or rejected."""
    return await _blocked(group_id, ApprovalKind.GUARDIAN, "participant_id", person_id=person_id)


async def _blocked(group_id: UUID, kind: ApprovalKind, who: str, **approvals: UUID) -> set[UUID]:
    """Who (``who``: the approvals' column naming them) the group's approvals of this kind
    block there, as the group requires approval or not (``ApprovalStatus.blocks``)."""
    group = await Group.get_or_none(id=group_id)
    if group is None:
        return set()
    rows = await Approval.filter(
        group_id=group_id,
        kind=kind,
        status__in=[ApprovalStatus.PENDING, ApprovalStatus.REJECTED],
        **approvals,
    ).values_list(who, "status")
    return {
        UUID(str(blocked))
        for blocked, status in rows
        if blocked is not None and ApprovalStatus(status).blocks(group.requires_approval)
    }


async def receiving_guardians(person_id: UUID, group_id: UUID) -> list[Participant]:
    """The guardians of a person who get its photos from this group (none while the person
    is not approved there; not a co-guardian waiting for, or refused, their approval)."""
    if person_id in await blocked_persons(group_id):
        return []
    blocked = await blocked_guardians(group_id, person_id)
    guardians = await Participant.filter(
        guardianships__person_id=person_id,
        memberships__group_id=group_id,
        memberships__status=MembershipStatus.MEMBER,
    ).distinct()
    return [guardian for guardian in guardians if guardian.id not in blocked]


async def recipients(photo: Photo, person_id: UUID) -> list[Participant]:
    """The guardians a photo of the person goes to: those in its group, but not the poster
    of their own photo unless they asked for it (``receive_own_photos``)."""
    return [
        guardian
        for guardian in await receiving_guardians(person_id, photo.group_id)  # type: ignore[attr-defined]
        if guardian.telegram_user_id != photo.posted_by_user_id or guardian.receive_own_photos
    ]


async def matchable_persons(group_id: UUID, taken_on: date) -> dict[UUID, Person]:
    """Persons who may be recognized in this group: enrolled, with a guardian who is a
    member, born by the day the photo was taken, and not waiting for (or refused) the
    organizers' approval there."""
    persons = await Person.filter(
        Q(birth_date__isnull=True) | Q(birth_date__lte=taken_on),
        status__in=MATCHABLE,
        guardianships__participant__memberships__group_id=group_id,
        guardianships__participant__memberships__status=MembershipStatus.MEMBER,
    ).distinct()
    blocked = await blocked_persons(group_id)
    return {person.id: person for person in persons if person.id not in blocked}


async def chats_guarding(first: UUID, second: UUID) -> set[int]:
    """The chats of the guardians of both persons: where a sibling pair's question went."""
    chats = await guardian_chats([first, second])
    return set(chats.get(first, [])) & set(chats.get(second, []))


async def chats_of_guardians(person_ids: Collection[UUID]) -> set[int]:
    """The chats of the guardians of any of these persons."""
    return {chat for chats in (await guardian_chats(person_ids)).values() for chat in chats}
