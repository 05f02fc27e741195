"""The approvals' store (``domain.moderation.approval_store``) on tortoise and Postgres: an
approval locked while it is decided, so two presses (or two organizers) decide it once, and
its recorded messages changed under the same lock; and the approvals the other capabilities'
adapters ask for (``ask_*``), inside their own transactions."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from domain.infra.models import (
    Approval,
    AssignmentEvent,
    Claim,
    Face,
    Group,
    GroupBan,
    Guardianship,
    Membership,
    ModerationEvent,
    Participant,
    Person,
)
from domain.infra.queries import ids_of
from domain.infra.stores.assignments import (
    blocked_guardians,
    blocked_persons,
    merge_chain_end,
    merged_into_any,
)
from domain.infra.stores.moderation_audit import named_by
from domain.infra.stores.moderation_takedown import photo_group
from domain.moderation.approval_rules import ENROLLED, GONE_GUARDIAN, kind_needed
from domain.moderation.approval_store import (
    ApprovalCase,
    Asker,
    Card,
    ClaimTold,
    Decision,
)
from domain.moderation.takedown_store import PhotoGroup
from domain.states import (
    ApprovalKind,
    ApprovalStatus,
    GuardianRole,
    MembershipStatus,
    ModerationAction,
    PersonStatus,
)

log = logging.getLogger(__name__)


def _asker(participant: Participant | None) -> Asker | None:
    if participant is None:
        return None
    return Asker(
        participant.id,
        participant.telegram_user_id,
        participant.first_name,
        participant.username,
        participant.language,
        participant.language_code,
    )


def _case(
    approval: Approval,
    merged_into: str = "",
    claimed_into: str = "",
    into_gone: bool = False,
    merged_into_id: UUID | None = None,
) -> ApprovalCase:
    """``approval`` with its group, person and participant fetched (``merged_into``: the
    name now of the person it was merged into, if it was)."""
    person = approval.person
    return ApprovalCase(
        id=approval.id,
        kind=approval.kind,
        status=approval.status,
        group=photo_group(approval.group),
        person_id=person.id,
        person_name=person.name,
        cover_face_id=person.cover_face_id,
        asker=_asker(approval.participant),
        reason=approval.reason or "",
        cards=tuple(approval.cards),
        merged_into=merged_into,
        claimed_into=claimed_into,
        claimed_into_gone=into_gone,
        waiting_told=_told(approval.waiting_told),
        waiting_inside=_inside(approval.waiting_told),
        rejected_told=_told(approval.rejected_told),
        approved_told=_approved_told(approval.approved_told),
        approved_told_others=_approved_told_others(approval.approved_told),
        approval_off_told=_told(approval.approval_off_told),
        merged_into_id=merged_into_id,
        claim_told=_claim_told(approval.claim_told),
    )


async def _full(approval: Approval) -> ApprovalCase:
    """``_case`` with whom the person was merged into, and for a claim of "it's my Itai",
    Itai's name now."""
    claimed_into, gone = "", False
    if approval.kind == ApprovalKind.CLAIM:
        into = await Claim.filter(person_id=approval.person.id).values_list(
            "into_person_id", flat=True
        )
        if into and into[0] is not None:
            person = await Person.get_or_none(id=into[0])
            # Merged since into another of theirs: the faces go there, named so.
            kept = None if person is None else await merge_chain_end(person)
            gone = kept is None or kept.status == PersonStatus.DELETING
            claimed_into = "" if kept is None or gone else kept.name
    kept = await _kept(approval.person)
    return _case(
        approval,
        kept.name if kept is not None else "",
        claimed_into,
        gone,
        kept.id if kept is not None else None,
    )


def _told(told: dict[str, Any] | None) -> tuple[int, int] | None:
    return None if not told or "chat" not in told else (int(told["chat"]), int(told["message"]))


def _inside(told: dict[str, Any] | None) -> tuple[tuple[int, int, str], ...]:
    """``waiting_told``'s lines that said it waits inside another (kept beside it)."""
    return tuple((int(c), int(m), str(s)) for c, m, s in (told or {}).get("inside", ()))


def _claim_told(told: dict[str, Any] | None) -> ClaimTold | None:
    if not told:
        return None
    return ClaimTold(**{**told, "waiting": tuple(told.get("waiting", ()))})


async def _kept(person: Person) -> Person | None:
    """The person ``person`` was merged into (to the chain's end); None when it is not
    merged, or the chain ends nowhere else."""
    if person.status != PersonStatus.MERGED:
        return None
    kept = await merge_chain_end(person)
    return kept if kept is not None and kept.id != person.id else None


def _others(told: dict[str, Any] | None) -> dict[str, Any]:
    return {"others": told["others"]} if told and told.get("others") else {}


def _approved_told(told: dict[str, Any] | None) -> tuple[int, int, bool] | None:
    if not told or "chat" not in told:
        return None
    return int(told["chat"]), int(told["message"]), bool(told.get("blocked"))


def _approved_told_others(told: dict[str, Any] | None) -> tuple[tuple[int, int, bool], ...]:
    """The other guardians' messages, kept beside the asker's under "others"."""
    others = (told or {}).get("others") or []
    return tuple((int(chat), int(message), bool(blocked)) for chat, message, blocked in others)


async def _loaded(approval_id: UUID) -> ApprovalCase | None:
    approval = await Approval.get_or_none(id=approval_id).prefetch_related(
        "group", "person", "participant"
    )
    if approval is None:
        return None
    return await _full(approval)


class TortoiseApprovalStore:
    """``ApprovalStore``: ``Approval`` rows (their ``cards`` as JSON), with the audit's
    ``ModerationEvent`` rows of their decisions."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return in_transaction()

    async def approval(self, approval_id: UUID) -> ApprovalCase | None:
        return await _loaded(approval_id)

    async def lock(self, approval_id: UUID) -> ApprovalCase | None:
        locked = await Approval.select_for_update().get_or_none(id=approval_id)
        return None if locked is None else await _loaded(approval_id)

    async def record_decision(self, case: ApprovalCase, decision: Decision) -> None:
        rejected = decision.status == ApprovalStatus.REJECTED
        await Approval.filter(id=case.id).update(
            status=decision.status,
            reason=decision.reason if rejected else None,
            decided_by_user_id=decision.actor.user_id,
            decided_at=datetime.now(UTC),
        )
        await ModerationEvent.record(
            case.group.id,
            ModerationAction.REJECTED if rejected else ModerationAction.APPROVED,
            decision.actor,
            decision.subject,
            decision.details,
        )

    async def decider(self, case: ApprovalCase) -> str:
        events = await ModerationEvent.filter(
            group_id=case.group.id,
            action__in=[ModerationAction.APPROVED, ModerationAction.REJECTED],
        ).order_by("-created_at")
        return named_by(events, "approval", str(case.id))

    async def change_cards(
        self, approval_id: UUID, change: Callable[[list[Card]], list[Card]]
    ) -> list[Card]:
        async with in_transaction():
            locked = await Approval.select_for_update().get_or_none(id=approval_id)
            if locked is None:
                return []
            recorded = list(locked.cards)
            await Approval.filter(id=approval_id).update(cards=change(list(recorded)))
        return recorded

    async def named_with(self, person_ids: Collection[UUID]) -> list[UUID]:
        found, following = list(dict.fromkeys(person_ids)), list(person_ids)
        while following:
            merged = await ids_of(Person.filter(merged_into_id__in=following))
            following = [p for p in merged if p not in found]
            found += following
        return found

    async def of_merge(self, event_id: UUID) -> list[UUID]:
        event = await AssignmentEvent.get_or_none(id=event_id)
        if event is None:
            return []
        ends = (event.from_person_id, event.to_person_id)  # type: ignore[attr-defined]
        return [UUID(str(p)) for p in ends if p is not None]

    async def told_waiting(self, approval_id: UUID, told: tuple[int, int] | None) -> None:
        saved = {} if told is None else {"chat": told[0], "message": told[1]}
        await self._change_waiting_told(
            approval_id,
            lambda was: {**saved, **{k: v for k, v in (was or {}).items() if k == "inside"}},
        )

    async def told_inside(self, approval_id: UUID, told: Sequence[tuple[int, int, str]]) -> None:
        inside = {"inside": [list(t) for t in told]} if told else {}
        await self._change_waiting_told(
            approval_id,
            lambda was: {**{k: v for k, v in (was or {}).items() if k != "inside"}, **inside},
        )

    async def _change_waiting_told(
        self,
        approval_id: UUID,
        change: Callable[[dict[str, Any] | None], dict[str, Any]],
    ) -> None:
        """``waiting_told`` becomes ``change(itself)`` (NULL once empty), the approval
        locked: the "⏳" notice and the lines that said it inside others side by side."""
        async with in_transaction():
            approval = await Approval.select_for_update().get_or_none(id=approval_id)
            if approval is None:
                return
            told = change(approval.waiting_told)
            await Approval.filter(id=approval_id).update(waiting_told=told or None)

    async def told_approved(self, approval_id: UUID, told: tuple[int, int, bool] | None) -> None:
        saved = None if told is None else {"chat": told[0], "message": told[1], "blocked": told[2]}
        await self._change_approved_told(approval_id, lambda was: {**_others(was), **(saved or {})})

    async def told_approved_others(
        self, approval_id: UUID, told: Sequence[tuple[int, int, bool]]
    ) -> None:
        others = {"others": [list(t) for t in told]} if told else {}
        await self._change_approved_told(
            approval_id,
            lambda was: {**{k: v for k, v in (was or {}).items() if k != "others"}, **others},
        )

    async def _change_approved_told(
        self,
        approval_id: UUID,
        change: Callable[[dict[str, Any] | None], dict[str, Any]],
    ) -> None:
        """``approved_told`` becomes ``change(itself)`` (NULL once empty), the approval
        locked: the asker's message and the others' are kept side by side."""
        async with in_transaction():
            approval = await Approval.select_for_update().get_or_none(id=approval_id)
            if approval is None:
                return
            told = change(approval.approved_told)
            await Approval.filter(id=approval_id).update(approved_told=told or None)

    async def told_rejected(self, approval_id: UUID, told: tuple[int, int] | None) -> None:
        saved = None if told is None else {"chat": told[0], "message": told[1]}
        await Approval.filter(id=approval_id).update(rejected_told=saved)

    async def told_approval_off(self, approval_id: UUID, told: tuple[int, int] | None) -> None:
        saved = None if told is None else {"chat": told[0], "message": told[1]}
        await Approval.filter(id=approval_id).update(approval_off_told=saved)

    async def claims_into(self, person_ids: Collection[UUID]) -> list[ApprovalCase]:
        claimed = await Claim.filter(into_person_id__in=list(person_ids)).values_list(
            "person_id", flat=True
        )
        if not claimed:
            return []
        pending = await Approval.filter(
            kind=ApprovalKind.CLAIM, person_id__in=list(claimed), status=ApprovalStatus.PENDING
        ).prefetch_related("group", "person", "participant")
        return [await _full(approval) for approval in pending]

    async def told_claimed(self, approval_id: UUID, told: ClaimTold) -> None:
        saved = {**asdict(told), "waiting": list(told.waiting)}
        await Approval.filter(id=approval_id).update(claim_told=saved)

    async def cover_key(self, face_id: UUID) -> str | None:
        face = await Face.get_or_none(id=face_id)
        return None if face is None else face.crop_key

    async def pending(self, group_id: UUID) -> list[UUID]:
        # A claim is always checked; the others wait only while the group requires approval
        # (walkhe 1: /pending posted again cards that approval turned off let in).
        return await ids_of(
            Approval.filter(group_id=group_id, status=ApprovalStatus.PENDING)
            .filter(Q(kind=ApprovalKind.CLAIM) | Q(group__requires_approval=True))
            .order_by("created_at")
        )

    async def pending_asked_by(self, user_id: int, since: datetime) -> list[UUID]:
        return await ids_of(
            Approval.filter(
                participant__telegram_user_id=user_id,
                status=ApprovalStatus.PENDING,
                created_at__gte=since,
            ).order_by("created_at")
        )

    async def of_group(self, group_id: UUID) -> list[UUID]:
        return await ids_of(Approval.filter(group_id=group_id))

    async def decided_by(self, user_id: int) -> list[UUID]:
        rows = await Approval.filter(decided_by_user_id=user_id).values_list("id", flat=True)
        return [UUID(str(each)) for each in rows]

    async def of_person(self, person_id: UUID) -> list[ApprovalCase]:
        approvals = await Approval.filter(person_id=person_id).prefetch_related(
            "group", "person", "participant"
        )
        return [await _full(approval) for approval in approvals]

    async def still_guardian(self, person_id: UUID, participant_id: UUID) -> bool:
        return await Guardianship.exists(person_id=person_id, participant_id=participant_id)

    async def person_blocked_in(self, group_id: UUID, person_id: UUID) -> bool:
        return person_id in await blocked_persons(group_id)

    async def forget(self, approval_ids: Collection[UUID]) -> None:
        await Approval.filter(id__in=list(approval_ids)).delete()

    async def banned(self, group_id: UUID, user_id: int) -> bool:
        return await GroupBan.exists(group_id=group_id, telegram_user_id=user_id)

    async def in_another_group(self, participant_id: UUID, group_id: UUID) -> bool:
        return (
            await Membership.filter(
                participant_id=participant_id,
                status=MembershipStatus.MEMBER,
                group__is_active=True,
            )
            .exclude(group_id=group_id)
            .exists()
        )

    async def guardian_blocked_in(
        self, group_id: UUID, person_id: UUID, participant_id: UUID
    ) -> bool:
        return participant_id in await blocked_guardians(group_id, person_id)

    async def in_group(self, participant_id: UUID, group_id: UUID) -> bool:
        return await Membership.exists(
            participant_id=participant_id, group_id=group_id, status=MembershipStatus.MEMBER
        )

    async def other_guardians(
        self, person_id: UUID, besides: UUID, group_id: UUID
    ) -> list[tuple[Asker, bool]]:
        others = await Participant.filter(
            guardianships__person_id=person_id, is_reachable=True
        ).exclude(id=besides)
        members = set(
            await Membership.filter(
                group_id=group_id,
                status=MembershipStatus.MEMBER,
                participant_id__in=[p.id for p in others],
            ).values_list("participant_id", flat=True)
        )
        return [(asker, p.id in members) for p in others if (asker := _asker(p)) is not None]

    async def group(self, group_id: UUID) -> PhotoGroup | None:
        group = await Group.get_or_none(id=group_id)
        return None if group is None else photo_group(group)


# ----- asking (inside the caller's transaction) -------------------------------------
# Asked by the other capabilities' adapters, with their rows, inside their transactions (a
# person's first enrollment, a co-guardian accepting an invitation, a guardian joining a
# group, a claim): the rule of which approval is needed is ``approval_rules.kind_needed``.


async def ask(
    group: Group, person: Person, participant: Participant, *, fresh: bool = False
) -> Approval | None:
    """The approval this guardian of the person needs in the group, created once (an
    earlier decision stands: a guardian who leaves and comes back is not asked again)."""
    # A claim its organizers approved stands for the person's own approval there.
    person_approval = await Approval.get_or_none(
        group_id=group.id,
        kind__in=[ApprovalKind.PERSON, ApprovalKind.CLAIM],
        person_id=person.id,
    )
    others_present = (
        await Membership.filter(
            group_id=group.id,
            status=MembershipStatus.MEMBER,
            participant__guardianships__person_id=person.id,
        )
        .exclude(participant_id=participant.id)
        .exists()
    )
    asked_by: UUID | None = None
    if person_approval is not None:
        # Its guardian may have used /forget since: asked all the same, by someone else.
        asked_by = person_approval.participant_id or GONE_GUARDIAN  # type: ignore[attr-defined]
    kind = kind_needed(
        requires_approval=group.requires_approval,
        participant_id=participant.id,
        person_asked_by=asked_by,
        others_present=others_present,
        fresh=fresh,
    )
    if kind is None:
        return None
    approval, created = await Approval.get_or_create(
        group_id=group.id, kind=kind, person_id=person.id, participant_id=participant.id
    )
    if not created:
        return None
    approval.group = group  # the caller tells the guardian which group waits
    log.info("approval %s (%s) asked in group %s", approval.id, kind.value, group.id)
    return approval


async def _approval_groups(participant: Participant) -> list[Group]:
    return await Group.filter(
        requires_approval=True,
        is_active=True,
        memberships__participant_id=participant.id,
        memberships__status=MembershipStatus.MEMBER,
    ).order_by("title")


async def ask_for_new_person(person: Person) -> list[Approval]:
    """A person just enrolled: its approval in each approval group of its guardians (the
    owner's own; a co-guardian in the same group needs theirs)."""
    asked = []
    rows = await Guardianship.filter(person_id=person.id).prefetch_related("participant")
    rows.sort(key=lambda g: (g.role != GuardianRole.OWNER, g.created_at))
    for guardianship in rows:
        for group in await _approval_groups(guardianship.participant):
            approval = await ask(group, person, guardianship.participant, fresh=True)
            if approval is not None:
                asked.append(approval)
    return asked


async def ask_for_claim(group: Group, person: Person, participant: Participant) -> Approval:
    """A parent said "yes, that's my child" to a claim link: its group's organizers check
    the claim, whether or not the group approves new persons (the link may have reached
    someone else than the parent)."""
    approval, _ = await Approval.get_or_create(
        group_id=group.id, kind=ApprovalKind.CLAIM, person_id=person.id, participant=participant
    )
    approval.group = group
    log.info("approval %s (claim) asked in group %s", approval.id, group.id)
    return approval


async def ask_for_guardian(person: Person, participant: Participant) -> list[Approval]:
    """A new co-guardian of an enrolled person, in each of their approval groups."""
    if person.status not in ENROLLED:
        return []  # asked when the person's enrollment finishes
    return [
        approval
        for group in await _approval_groups(participant)
        if (approval := await ask(group, person, participant)) is not None
    ]


async def ask_for_persons(participant: Participant, group: Group) -> list[Approval]:
    """A guardian joined a group: each of their enrolled persons, there."""
    if not group.requires_approval:
        return []
    persons = await Person.filter(
        guardianships__participant_id=participant.id, status__in=ENROLLED
    ).order_by("created_at")
    return [
        approval
        for person in persons
        if (approval := await ask(group, person, participant)) is not None
    ]


async def rejected(group_id: UUID, person_id: UUID, guardian_id: UUID | None = None) -> bool:
    """Whether the group's organizers rejected the person itself, or with ``guardian_id``
    this participant as its co-guardian."""
    whose: dict[str, Any] = (
        {"kind": ApprovalKind.PERSON}
        if guardian_id is None
        else {"kind": ApprovalKind.GUARDIAN, "participant_id": guardian_id}
    )
    return await Approval.exists(
        group_id=group_id, person_id=person_id, status=ApprovalStatus.REJECTED, **whose
    )


async def rejected_for(group_id: UUID, person_id: UUID) -> str | None:
    """The reason code of the group's organizers' rejection of the person (empty when none
    was given), None when they did not reject it: nor any person merged into it (whose
    rejection the merge keeps: findings24 6)."""
    approval = (
        await Approval.filter(
            group_id=group_id,
            person_id__in=[person_id, *await merged_into_any([person_id])],
            kind=ApprovalKind.PERSON,
            status=ApprovalStatus.REJECTED,
        )
        .order_by("-decided_at")
        .first()
    )
    return None if approval is None else approval.reason or ""


async def not_recognized_in(person_id: UUID) -> set[str]:
    """The titles of the active groups where the person is not recognized: the organizers'
    approval of it (or of a person merged into it, as ``blocked_persons`` has it) is pending
    while the group requires approval, or rejected (``ApprovalStatus.blocks``)."""
    waiting = await Approval.filter(
        person_id__in=[person_id, *await merged_into_any([person_id])],
        kind=ApprovalKind.PERSON,
        status__in=[ApprovalStatus.PENDING, ApprovalStatus.REJECTED],
        group__is_active=True,
    ).prefetch_related("group")
    return {
        approval.group.title
        for approval in waiting
        if ApprovalStatus(approval.status).blocks(approval.group.requires_approval)
    }


async def ask_again(person: Person) -> list[Approval]:
    """Photos were added to the person: its organizers' rejections, in its active groups,
    are asked again (pending once more, with a new card to post): the photos may show
    what the rejection said they did not. A decision on it replaces the rejection; /audit
    can no longer undo the rejection (it changed since). Those of the persons merged into
    it too: their rejection is the merged child's (``rejected_for``, findings24 6)."""
    rejected = await Approval.filter(
        person_id__in=[person.id, *await merged_into_any([person.id])],
        kind=ApprovalKind.PERSON,
        status=ApprovalStatus.REJECTED,
        group__is_active=True,
    ).prefetch_related("group")
    again = []
    for approval in rejected:
        # Only while still rejected: an /audit undo that approved it meanwhile stands.
        if await Approval.filter(id=approval.id, status=ApprovalStatus.REJECTED).update(
            status=ApprovalStatus.PENDING, reason=None, decided_by_user_id=None, decided_at=None
        ):
            log.info("approval %s asked again in group %s", approval.id, approval.group.id)
            again.append(approval)
    return again
