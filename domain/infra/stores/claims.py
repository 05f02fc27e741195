"""Naming's and claiming's store (``domain.claims.stores``) on tortoise and Postgres."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.groups.stores import GroupView
from domain.infra.models import (
    Approval,
    Claim,
    ClaimFace,
    Cluster,
    Delivery,
    EarlierPhotos,
    Face,
    Group,
    Guardianship,
    Membership,
    ModerationEvent,
    Participant,
    Person,
    Photo,
    Suggestion,
)
from domain.infra.stores import assignments
from domain.infra.stores import moderation_approvals as approvals
from domain.infra.stores.groups import shown
from domain.infra.stores.photo_copies import plan_deliveries, restore_copies
from domain.moderation.audit import Actor
from domain.recognition import prototype_choice
from domain.recognition.assignments import CLAIMED_NOTE
from domain.recognition.assignments import Actor as FaceActor
from domain.recognition.service import MATCHABLE
from domain.states import (
    ApprovalKind,
    ApprovalStatus,
    DeliveryStatus,
    FaceSource,
    GuardianRole,
    MembershipStatus,
    ModerationAction,
    OfferStatus,
    PersonStatus,
    SuggestionStatus,
)

# The records it returns (``domain.claims.stores`` describes them as protocols: this module
# imports nothing of ``domain.claims``, which still reads the database in ``unclaimed``).


@dataclass(frozen=True, slots=True)
class FaceOnPhoto:
    """``claims.stores.FaceOnPhoto``."""

    id: UUID
    photo_id: UUID
    file_id: str
    bbox_x: float
    bbox_y: float
    bbox_w: float
    bbox_h: float
    shown_at_s: float | None = None
    clip: bool = False


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """``claims.stores.ClaimRecord``."""

    id: UUID
    person_id: UUID
    name: str
    person_unclaimed: bool
    group: GroupView
    join_token: str
    named_by_user_id: int | None
    named_by_name: str
    code_hash: str | None
    expires_at: datetime | None
    used_at: datetime | None
    used_by_user_id: int | None
    claimer_is_guardian: bool
    one_by_one: bool
    link_said: tuple[int, int] | None
    into_person_id: UUID | None = None
    into_name: str = ""
    into_gone: bool = False
    prompt_said: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Claimer:
    """``claims.stores.Claimer``."""

    id: UUID
    telegram_user_id: int
    first_name: str | None


@dataclass(frozen=True, slots=True)
class AskedApproval:
    """``claims.stores.AskedApproval``."""

    id: UUID
    group: GroupView


@dataclass(frozen=True, slots=True)
class Owned:
    """``claims.stores.Owned``."""

    deliveries: list[UUID]
    asked: list[AskedApproval]
    questions: list[UUID]


@dataclass(frozen=True, slots=True)
class Fate:
    """``claims.stores.Fate``."""

    photo_id: UUID
    delivery: DeliveryStatus | None
    posted_by_claimer: bool
    clip: bool = False


# Where the group's row keeps its /unclaimed lists shown, as /audit keeps its own.
UNCLAIMED_LISTS = "unclaimed_lists"


def _lists(kept: Any) -> list[tuple[int, int]]:
    return [
        (int(each[0]), int(each[1]))
        for each in (kept if isinstance(kept, list) else [])
        if isinstance(each, list) and len(each) == 2
    ]


class TortoiseClaimStore:
    """``ClaimStore``: claims and the faces they remember. Photos are planned through
    ``photo_copies.plan_deliveries`` (as for a "yes" to "Is this Tom?");
    ``scrub_names`` is ``claims.unclaimed``'s (given by the composition root)."""

    def __init__(self, scrub_names: Callable[[list[UUID]], Awaitable[None]]) -> None:
        self._scrub_names = scrub_names

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return in_transaction()

    # ----- the group's unknown faces ------------------------------------------------------

    async def named_in(self, group_id: UUID) -> bool:
        return await Claim.exists(group_id=group_id)

    async def unknown_faces(self, group_id: UUID) -> int:
        return await Face.filter(
            photo__group_id=group_id,
            source=FaceSource.GROUP_PHOTO,
            person_id=None,
            photo__removed_at__isnull=True,
        ).count()

    async def unclustered_since(self, group_id: UUID, since: datetime) -> bool:
        return await Face.exists(
            photo__group_id=group_id,
            source=FaceSource.GROUP_PHOTO,
            person_id=None,
            cluster_id=None,
            photo__removed_at__isnull=True,
            photo__posted_at__gt=since,
        )

    async def open_faces(
        self, group_id: UUID, clusters: Collection[UUID] | None = None
    ) -> list[tuple[UUID, UUID]]:
        rows = Face.filter(
            photo__group_id=group_id,
            source=FaceSource.GROUP_PHOTO,
            person_id=None,
            cluster_id__isnull=False,
            photo__removed_at__isnull=True,
        )
        if clusters is not None:
            rows = rows.filter(cluster_id__in=list(clusters))
        named = {
            UUID(str(face))
            for face in await ClaimFace.filter(
                claim__group_id=group_id, claim__person__status=PersonStatus.UNCLAIMED
            ).values_list("face_id", flat=True)
        }
        named |= await _asked_about(group_id)
        # Not ``assignments.taken_off``: that rule is of a face and one person (never offered
        # as that child again), and a sheet offers no one's face as anyone's. A face taken
        # off a child, now no one's, may still be on a sheet: named, it becomes a separate
        # unclaimed person (whose claim the organizers check), not the child; only a
        # guardian's own "Merge with…" would join the two.
        return [
            (UUID(str(face)), UUID(str(cluster)))
            for face, cluster in await rows.values_list("id", "cluster_id")
            if UUID(str(face)) not in named
        ]

    async def on_photos(self, face_ids: Collection[UUID]) -> list[FaceOnPhoto]:
        faces = Face.filter(id__in=list(face_ids))
        return _on_photos(await faces.order_by("-quality", "id").prefetch_related("photo"))

    async def cluster_group(self, cluster_id: UUID) -> GroupView | None:
        cluster = await Cluster.get_or_none(id=cluster_id).prefetch_related("group")
        return None if cluster is None else shown(cluster.group)

    async def was_admin_chat(self, chat_id: int) -> bool:
        return await Group.exists(admin_chat_id=chat_id)

    async def admin_chat_group(self, chat_id: int) -> GroupView | None:
        groups = await Group.filter(admin_chat_id=chat_id).limit(2)
        return shown(groups[0]) if len(groups) == 1 else None

    # ----- unclaimed persons --------------------------------------------------------------

    async def lock_group(self, group_id: UUID) -> None:
        await Group.select_for_update(no_key=True).get(id=group_id)

    async def name(
        self,
        group_id: UUID,
        face_ids: Sequence[UUID],
        name: str,
        actor: Actor,
        code_hash: str,
        expires_at: datetime,
    ) -> tuple[UUID, UUID]:
        person = await Person.create(name=name, status=PersonStatus.UNCLAIMED)
        claim = await Claim.create(
            person=person,
            group_id=group_id,
            named_by_user_id=actor.user_id,
            named_by_name=actor.name[:255],
            code_hash=code_hash,
            expires_at=expires_at,
        )
        await ClaimFace.bulk_create([ClaimFace(claim=claim, face_id=face) for face in face_ids])
        return person.id, claim.id

    async def claim(
        self, claim_id: UUID | None = None, *, person_id: UUID | None = None, lock: bool = False
    ) -> ClaimRecord | None:
        query = Claim.select_for_update() if lock else Claim
        if claim_id is not None:
            claim = await query.get_or_none(id=claim_id)
        else:
            claim = await query.get_or_none(person_id=person_id)
        if claim is None:
            return None
        if lock:
            await Person.select_for_update().get(id=claim.person_id)  # type: ignore[attr-defined]
        return await _record(claim)

    async def by_code(self, code_hash: str) -> ClaimRecord | None:
        claim = await Claim.get_or_none(code_hash=code_hash)
        return None if claim is None else await _record(claim)

    async def unclaimed(self, group_id: UUID) -> list[tuple[ClaimRecord, int]]:
        claims = await Claim.filter(
            group_id=group_id, person__status=PersonStatus.UNCLAIMED
        ).order_by("created_at")
        listed = []
        for claim in claims:
            faces = await ClaimFace.filter(
                claim=claim, face__person_id=None, face__photo__removed_at__isnull=True
            ).count()
            listed.append((await _record(claim), faces))
        return listed

    async def unclaimed_names(self, group_id: UUID, besides: UUID | None = None) -> list[str]:
        others = Person.filter(status=PersonStatus.UNCLAIMED, claim__group_id=group_id)
        if besides is not None:
            others = others.exclude(id=besides)
        return [str(name) for name in await others.values_list("name", flat=True)]

    async def organizer_name(self, group_id: UUID, user_id: int, until: datetime) -> str:
        latest = (
            await ModerationEvent.filter(
                group_id=group_id, actor_user_id=user_id, created_at__lte=until
            )
            .exclude(actor_name="")
            .order_by("-created_at")
            .first()
        )
        return latest.actor_name if latest is not None else ""

    async def named_for(self, group_id: UUID, face_ids: Collection[UUID]) -> str | None:
        named = await Person.filter(
            status=PersonStatus.UNCLAIMED,
            claim__group_id=group_id,
            claim__faces__face_id__in=list(face_ids),
        ).first()
        return None if named is None else str(named.name)

    async def keep_lists_shown(
        self, group_id: UUID, change: Callable[[list[tuple[int, int]]], list[tuple[int, int]]]
    ) -> None:
        async with in_transaction():
            group = await Group.select_for_update(no_key=True).get_or_none(id=group_id)
            if group is None:
                return
            settings = group.settings or {}
            kept = _lists(settings.get(UNCLAIMED_LISTS))
            group.settings = {**settings, UNCLAIMED_LISTS: [list(m) for m in change(kept)]}
            await group.save(update_fields=["settings"])

    async def lists_shown(self, group_id: UUID) -> list[tuple[int, int]]:
        group = await Group.get_or_none(id=group_id).only("id", "settings")
        return [] if group is None else _lists((group.settings or {}).get(UNCLAIMED_LISTS))

    async def unclaimed_of_chat(self, chat_id: int) -> list[UUID]:
        return [
            UUID(str(person))
            for person in await Person.filter(
                claim__group__chat_id=chat_id, status=PersonStatus.UNCLAIMED
            ).values_list("id", flat=True)
        ]

    async def person_name(self, person_id: UUID) -> str:
        person = await Person.get_or_none(id=person_id)
        return person.name if person is not None else ""

    async def set_link(
        self, claim_id: UUID, code_hash: str | None, expires_at: datetime | None
    ) -> None:
        await Claim.filter(id=claim_id).update(
            code_hash=code_hash, expires_at=expires_at, used_at=None
        )

    async def drop_link(self, code_hash: str) -> None:
        await Claim.filter(code_hash=code_hash).update(code_hash=None, expires_at=None)

    async def link_said(self, claim_id: UUID, chat_id: int, message_id: int) -> None:
        await Claim.filter(id=claim_id).update(link_chat_id=chat_id, link_message_id=message_id)

    async def link_told(self, claim_id: UUID, said: tuple[int, int]) -> None:
        chat_id, message_id = said
        await Claim.filter(id=claim_id, link_chat_id=chat_id, link_message_id=message_id).update(
            link_chat_id=None, link_message_id=None
        )

    async def prompt_said(self, claim_id: UUID, said: tuple[int, int] | None) -> None:
        chat_id, message_id = said or (None, None)
        await Claim.filter(id=claim_id).update(prompt_chat_id=chat_id, prompt_message_id=message_id)

    async def expired_links(self, now: datetime, limit: int) -> list[ClaimRecord]:
        claims = (
            await Claim.filter(
                person__status=PersonStatus.UNCLAIMED,
                code_hash__isnull=False,
                used_at__isnull=True,
                expires_at__lt=now,
                link_message_id__isnull=False,
            )
            .order_by("expires_at")
            .limit(limit)
        )
        return [await _record(claim) for claim in claims]

    async def rename(self, person_id: UUID, name: str) -> None:
        await Person.filter(id=person_id).update(name=name)

    async def delete(self, person_ids: Collection[UUID]) -> None:
        await self._scrub_names(list(person_ids))
        # Their claims, and the faces those remembered, go with them.
        await Person.filter(id__in=list(person_ids)).delete()

    async def record(
        self, group_id: UUID, action: str, actor: Actor, subject: str, details: dict[str, object]
    ) -> None:
        await ModerationEvent.record(
            group_id, ModerationAction(action), actor, subject, dict(details)
        )

    # ----- the parent's side ----------------------------------------------------------------

    async def claimer(self, user_id: int) -> Claimer | None:
        participant = await Participant.get_or_none(telegram_user_id=user_id)
        return None if participant is None else _claimer(participant)

    async def is_member(self, participant_id: UUID, group_id: UUID) -> bool:
        return await Membership.exists(
            participant_id=participant_id, group_id=group_id, status=MembershipStatus.MEMBER
        )

    async def claimable(
        self, claim_id: UUID, since: datetime | None, *, lock: bool = False
    ) -> list[FaceOnPhoto]:
        claim = await Claim.get(id=claim_id)
        query = Face.select_for_update() if lock else Face
        faces = query.filter(
            claimed_in__claim_id=claim_id,
            person_id=None,
            photo__group_id=claim.group_id,  # type: ignore[attr-defined]
            photo__removed_at__isnull=True,
        )
        if since is not None:
            faces = faces.filter(photo__posted_at__gte=since)
        asked = await _asked_about(claim.group_id)  # type: ignore[attr-defined]
        return [
            face
            for face in _on_photos(await faces.order_by("-quality", "id").prefetch_related("photo"))
            if face.id not in asked  # another family is being asked about it
        ]

    async def own_persons(
        self, participant_id: UUID, group_id: UUID, limit: int
    ) -> list[tuple[UUID, str]]:
        # Approved there, or waiting for it (``blocked_persons`` minus the pending ones):
        # never one its organizers rejected there, merged away, or being deleted.
        rejected = {
            UUID(str(person))
            for person in await Approval.filter(
                group_id=group_id, kind=ApprovalKind.PERSON, status=ApprovalStatus.REJECTED
            ).values_list("person_id", flat=True)
        }
        persons = (
            await Person.filter(
                guardianships__participant_id=participant_id,
                status__in=[*MATCHABLE, PersonStatus.PENDING_APPROVAL],
            )
            .distinct()
            .order_by("name", "id")
        )
        return [(p.id, p.name) for p in persons if p.id not in rejected][:limit]

    async def answered(
        self,
        claim_id: UUID,
        claimer_id: UUID,
        one_by_one: bool,
        kept: Collection[UUID],
        into: UUID | None = None,
    ) -> UUID:
        await Claim.filter(id=claim_id).update(
            used_at=datetime.now(UTC),
            used_by_id=claimer_id,
            one_by_one=one_by_one,
            into_person_id=into,
        )
        await ClaimFace.filter(claim_id=claim_id).exclude(face_id__in=list(kept)).delete()
        claim = await Claim.get(id=claim_id).prefetch_related("group", "person")
        participant = await Participant.get(id=claimer_id)
        approval = await approvals.ask_for_claim(claim.group, claim.person, participant)
        return approval.id

    async def declined(self, claim_id: UUID) -> None:
        await Claim.filter(id=claim_id).update(used_at=datetime.now(UTC))

    # ----- the organizers' decision -------------------------------------------------------

    async def approval(self, approval_id: UUID) -> tuple[UUID, Claimer | None] | None:
        approval = await Approval.get_or_none(id=approval_id).prefetch_related("participant")
        if approval is None:
            return None
        participant = approval.participant
        claimer = None if participant is None else _claimer(participant)
        return approval.person_id, claimer  # type: ignore[attr-defined]

    async def make_owner(
        self,
        person_id: UUID,
        claimer_id: UUID,
        assigned: Sequence[UUID],
        asked: Sequence[UUID],
    ) -> Owned:
        person = await Person.get(id=person_id)
        participant = await Participant.get(id=claimer_id)
        await Guardianship.create(person=person, participant=participant, role=GuardianRole.OWNER)
        person.status = PersonStatus.ACTIVE
        await person.save(update_fields=["status", "updated_at"])
        questions, faces = await _claimed_faces(person, participant, assigned, asked)
        # Matched at once in the claim's group (its organizers just approved); in the
        # claimer's other groups that approve new persons, once they do.
        asked_in = await approvals.ask_for_new_person(person)
        # It plans, and queues nothing: the deliveries go once the approval commits.
        deliveries = await _deliveries_of(faces, person)
        # The faces the parent confirmed are prototype candidates: chosen, then the look
        # back for earlier photos (the worker's choose_prototypes job). "Some are" confirms
        # none yet (each "yes" to its question asks for its own choice): asked then, the
        # request waited, never queued, for the reconcile cron (22 s of a test's 24).
        if faces:
            await prototype_choice.ask([person.id])
        return Owned(
            deliveries,
            [AskedApproval(a.id, shown(await Group.get(id=a.group_id))) for a in asked_in],  # type: ignore[attr-defined]
            questions,
        )

    async def merge_into(
        self,
        unclaimed_id: UUID,
        into_id: UUID,
        claimer_id: UUID,
        assigned: Sequence[UUID],
        asked: Sequence[UUID],
    ) -> Owned:
        person = await Person.get(id=into_id)
        participant = await Participant.get(id=claimer_id)
        # The named child was theirs all along: merged into it (its name stays with the
        # claim's records, "Shahar, merged into Itai"), never a person of its own.
        await Person.filter(id=unclaimed_id).update(
            status=PersonStatus.MERGED, merged_into_id=into_id
        )
        questions, faces = await _claimed_faces(person, participant, assigned, asked)
        # Planned for Itai's guardians in the group (none while Itai waits for the
        # organizers' approval there: then once they approve).
        deliveries = await _deliveries_of(faces, person)
        if faces:
            await prototype_choice.ask([person.id])
        return Owned(deliveries, [], questions)

    async def fates(
        self, claimer_id: UUID, user_id: int, photo_ids: Collection[UUID]
    ) -> list[Fate]:
        # A copy a correction or an undo took out of their chat (sent, no message left) is
        # not theirs to keep: the claim sends it again, as to one who never had it
        # (findings27 4: "3 of these photos are already with you" of copies deleted).
        deliveries = {
            UUID(str(photo)): DeliveryStatus(status)
            for photo, status, message_id in await Delivery.filter(
                participant_id=claimer_id, photo_id__in=list(photo_ids)
            ).values_list("photo_id", "status", "message_id")
            if status != DeliveryStatus.SENT or message_id is not None
        }
        photos = {
            photo.id: photo
            for photo in await Photo.filter(id__in=list(photo_ids)).only(
                "id", "posted_by_user_id", "media_kind"
            )
        }
        # One who asked for their own photos back gets them as anyone's (a delivery).
        own_back = await Participant.filter(id=claimer_id, receive_own_photos=True).exists()
        return [
            Fate(
                p,
                deliveries.get(p),
                p in photos and photos[p].posted_by_user_id == user_id and not own_back,
                p in photos and photos[p].media_kind.is_clip,
            )
            for p in photo_ids
        ]

    async def question_faces(
        self, question_ids: Collection[UUID]
    ) -> list[tuple[UUID, FaceOnPhoto]]:
        found = []
        for suggestion in await Suggestion.filter(id__in=list(question_ids)).prefetch_related(
            "face__photo"
        ):
            for face in _on_photos([suggestion.face]):
                found.append((suggestion.id, face))
        return found

    async def keep_crop(self, question_id: UUID, face_id: UUID, key: str | None) -> None:
        if key is None:
            await Suggestion.filter(id=question_id).update(status=SuggestionStatus.EXPIRED)
        else:
            await Face.filter(id=face_id).update(crop_key=key)


async def _asked_about(group_id: UUID) -> set[UUID]:
    """The group's faces an enrolled child's family is being asked about: a pending
    suggestion ("Is this Alice?", one by one after "some are" too), or a pending
    earlier-photos offer or sheet. Never named nor claimed: that question is theirs."""
    asked = {
        UUID(str(face))
        for face in await Suggestion.filter(
            face__photo__group_id=group_id, status=SuggestionStatus.PENDING
        ).values_list("face_id", flat=True)
    }
    for face_ids in await EarlierPhotos.filter(
        group_id=group_id, status=OfferStatus.PENDING
    ).values_list("face_ids", flat=True):
        asked |= {UUID(str(face)) for face in face_ids or []}
    return asked


def _on_photos(faces: Sequence[Face]) -> list[FaceOnPhoto]:
    return [
        FaceOnPhoto(
            face.id,
            face.photo.id,
            # A clip over the download limit was read from its thumbnail: its faces are there.
            face.photo.preview_file_id or face.photo.file_id,
            face.bbox_x,
            face.bbox_y,
            face.bbox_w,
            face.bbox_h,
            face.shown_at_s if face.photo.preview_file_id is None else None,
            face.photo.media_kind.is_clip,
        )
        for face in faces
        if face.photo is not None
    ]


def _claimer(participant: Participant) -> Claimer:
    return Claimer(participant.id, participant.telegram_user_id, participant.first_name)


async def _record(claim: Claim) -> ClaimRecord:
    await claim.fetch_related("person", "group", "used_by")
    used_by = claim.used_by
    # "It's my Itai": the person the faces go to (its guardian is the claimer's question);
    # Itai merged since into another of theirs, that one, as the merge took Itai's faces
    # (None, as Itai deleted: the one it went into was deleted since).
    into = None
    if claim.into_person_id is not None:
        into = await Person.get_or_none(id=claim.into_person_id)
        if into is not None:
            into = await assignments.merge_chain_end(into)
    guarded = claim.person.id if claim.into_person_id is None else into.id if into else None
    return ClaimRecord(
        id=claim.id,
        person_id=claim.person.id,
        name=claim.person.name,
        person_unclaimed=claim.person.status == PersonStatus.UNCLAIMED,
        group=shown(claim.group),
        join_token=claim.group.join_token,
        named_by_user_id=claim.named_by_user_id,
        named_by_name=claim.named_by_name,
        code_hash=claim.code_hash,
        expires_at=claim.expires_at,
        used_at=claim.used_at,
        used_by_user_id=None if used_by is None else used_by.telegram_user_id,
        # Into their own person: theirs once approved (the named one merged into it).
        claimer_is_guardian=used_by is not None
        and guarded is not None
        and (claim.into_person_id is None or claim.person.status == PersonStatus.MERGED)
        and await Guardianship.exists(person_id=guarded, participant=used_by),
        one_by_one=claim.one_by_one,
        link_said=None
        if claim.link_chat_id is None or claim.link_message_id is None
        else (claim.link_chat_id, claim.link_message_id),
        # Itai gone (deleted): still the claim of a child of theirs, never a new one's.
        into_person_id=None
        if claim.into_person_id is None
        else into.id
        if into is not None
        else claim.into_person_id,
        into_name="" if into is None else into.name,
        into_gone=claim.into_person_id is not None
        and (into is None or into.status == PersonStatus.DELETING),
        prompt_said=None
        if claim.prompt_chat_id is None or claim.prompt_message_id is None
        else (claim.prompt_chat_id, claim.prompt_message_id),
    )


async def _claimed_faces(
    person: Person, participant: Participant, assigned: Sequence[UUID], asked: Sequence[UUID]
) -> tuple[list[UUID], list[Face]]:
    """The claimed faces the parent said are all ``person``'s, assigned to it as the
    parent's doing; those of "Some are" asked about one by one (their questions)."""
    questions: list[UUID] = []
    for face_id in asked:
        # Posted before the child was theirs: its question says so (issue 32).
        suggestion, _ = await Suggestion.get_or_create(
            face_id=face_id, person_id=person.id, defaults={"score": 0.0, "earlier": True}
        )
        questions.append(suggestion.id)
    parent = FaceActor.participant(participant)
    faces = await Face.filter(id__in=list(assigned)).prefetch_related("photo")
    for face in faces:
        await assignments.assign(face, person.id, parent, prototype=None, note=CLAIMED_NOTE)
    return questions, list(faces)


async def _deliveries_of(faces: Sequence[Face], person: Person) -> list[UUID]:
    """The copies of the claimed faces' photos owed to ``person``'s guardians; a copy a
    correction or an undo took from the claimer's chat comes again: the face is her
    child's now (findings27 4)."""
    deliveries: list[UUID] = []
    for face in faces:
        deliveries += await plan_deliveries(face.photo, person)
        deliveries += await restore_copies(face.photo, person)
    return deliveries
