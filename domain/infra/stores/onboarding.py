"""Onboarding's store (``domain.onboarding.stores``) on tortoise and Postgres; a joining
reads the group's bans and asks moderation's approvals here, so onboarding never imports
moderation (a layer above)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from domain.groups.stores import GroupView
from domain.infra.models import (
    Approval,
    ConsentRecord,
    Group,
    GroupBan,
    Membership,
    Participant,
    Person,
)
from domain.infra.stores import moderation_approvals as approvals
from domain.infra.stores.assignments import blocked_guardians, blocked_persons
from domain.infra.stores.groups import shown, view
from domain.onboarding.stores import Joined, Names, ParticipantView
from domain.states import (
    ApprovalKind,
    ApprovalStatus,
    ConsentKind,
    MembershipStatus,
    PersonStatus,
    QuestionMode,
)


class TortoiseOnboardingStore:
    """``OnboardingStore``: participants, memberships and consent records."""

    async def register(self, telegram_user_id: int, names: Names) -> ParticipantView:
        participant, created = await Participant.get_or_create(
            telegram_user_id=telegram_user_id,
            defaults={
                "first_name": names.first_name,
                "username": names.username,
                "language_code": names.language_code,
            },
        )
        now = (names.first_name, names.username, names.language_code or participant.language_code)
        known = (participant.first_name, participant.username, participant.language_code)
        if not created and known != now:
            participant.first_name, participant.username, participant.language_code = now
            await participant.save(
                update_fields=["first_name", "username", "language_code", "updated_at"]
            )
        return _seen(participant)

    async def participant(self, telegram_user_id: int) -> ParticipantView | None:
        participant = await Participant.get_or_none(telegram_user_id=telegram_user_id)
        return None if participant is None else _seen(participant)

    async def deleted_everything(self, telegram_user_id: int) -> bool:
        if await Participant.exists(telegram_user_id=telegram_user_id):
            return False
        latest = (
            await ConsentRecord.filter(telegram_user_id=telegram_user_id)
            .order_by("-created_at")
            .first()
        )
        return latest is not None and latest.kind == ConsentKind.DATA_DELETED

    async def set_language(self, participant_id: UUID, language: str | None) -> None:
        await _save(participant_id, language=language)

    async def set_own_photos(self, participant_id: UUID, on: bool) -> None:
        await _save(participant_id, receive_own_photos=on)

    async def set_question_mode(
        self, participant_id: UUID, mode: QuestionMode, every: int | None
    ) -> None:
        if every is None:
            await _save(participant_id, question_mode=mode)
        else:
            await _save(participant_id, question_mode=mode, questions_every=every)

    async def set_reachable(
        self, telegram_user_id: int, reachable: bool, at: datetime
    ) -> ParticipantView | None:
        participant = await Participant.get_or_none(telegram_user_id=telegram_user_id)
        if participant is None or participant.is_reachable == reachable:
            return None if participant is None else _seen(participant)
        participant.is_reachable = reachable
        participant.unreachable_since = None if reachable else at
        await participant.save(update_fields=["is_reachable", "unreachable_since", "updated_at"])
        return _seen(participant)

    async def group_of_link(self, join_token: str) -> GroupView | None:
        return view(await Group.get_or_none(join_token=join_token))

    async def is_banned(self, group_id: UUID, telegram_user_id: int) -> bool:
        return await GroupBan.exists(group_id=group_id, telegram_user_id=telegram_user_id)

    async def not_a_member(self, participant_id: UUID, group_id: UUID, at: datetime) -> None:
        await Membership.filter(
            participant_id=participant_id, group_id=group_id, status=MembershipStatus.MEMBER
        ).update(status=MembershipStatus.LEFT, updated_at=at)

    async def left(self, participant_id: UUID, group_id: UUID) -> bool:
        return await Membership.exists(
            participant_id=participant_id, group_id=group_id, status=MembershipStatus.LEFT
        )

    async def join(self, participant_id: UUID, group_id: UUID, at: datetime) -> Joined:
        async with in_transaction():
            # Under the group's lock, which ``Bans.ban`` takes too: one sees the other.
            group = await Group.select_for_update(no_key=True).get(id=group_id)
            participant = await Participant.get(id=participant_id)
            if await GroupBan.exists(
                group_id=group_id, telegram_user_id=participant.telegram_user_id
            ):
                return Joined.BANNED
            membership = await Membership.get_or_none(participant=participant, group=group)
            newly = membership is None or membership.status != MembershipStatus.MEMBER
            first = (
                newly
                and not await Membership.filter(
                    participant=participant, status=MembershipStatus.MEMBER, group__is_active=True
                )
                .exclude(group_id=group_id)
                .exists()
            )
            if membership is None:
                await Membership.create(
                    participant=participant,
                    group=group,
                    status=MembershipStatus.MEMBER,
                    verified_at=at,
                )
            elif membership.status == MembershipStatus.BANNED:
                return Joined.BANNED  # never overwritten here
            else:
                membership.status, membership.verified_at = MembershipStatus.MEMBER, at
                await membership.save(update_fields=["status", "verified_at", "updated_at"])
            # A group whose organizers approve new persons: the joiner's wait for it there.
            await approvals.ask_for_persons(participant, group)
        return Joined.FIRST if first else Joined.NEWLY if newly else Joined.AGAIN

    async def persons(
        self, participant_id: UUID, statuses: Collection[PersonStatus]
    ) -> list[tuple[UUID, str, PersonStatus]]:
        persons = await Person.filter(
            guardianships__participant_id=participant_id, status__in=list(statuses)
        ).order_by("name")
        return [(p.id, p.name, PersonStatus(p.status)) for p in persons]

    async def awaiting_approval(self, participant_id: UUID, group_id: UUID) -> set[UUID]:
        blocked = await blocked_persons(group_id)
        theirs = await Person.filter(guardianships__participant_id=participant_id).values_list(
            "id", flat=True
        )
        return {
            UUID(str(person_id))
            for person_id in theirs
            if UUID(str(person_id)) in blocked
            or participant_id in await blocked_guardians(group_id, UUID(str(person_id)))
        }

    async def rejected_in(self, participant_id: UUID, group_id: UUID) -> set[UUID]:
        theirs = await Person.filter(guardianships__participant_id=participant_id).values_list(
            "id", flat=True
        )
        rows = await Approval.filter(
            Q(kind=ApprovalKind.PERSON)
            | Q(kind=ApprovalKind.GUARDIAN, participant_id=participant_id),
            group_id=group_id,
            person_id__in=list(theirs),
            status=ApprovalStatus.REJECTED,
        ).values_list("person_id", flat=True)
        return {UUID(str(each)) for each in rows}

    async def groups(self, telegram_user_id: int) -> list[GroupView]:
        memberships = (
            await Membership.filter(
                participant__telegram_user_id=telegram_user_id,
                status=MembershipStatus.MEMBER,
                group__is_active=True,
            )
            .prefetch_related("group")
            .order_by("group__title")
        )
        return [shown(m.group) for m in memberships]

    async def latest_group(self, participant_id: UUID) -> GroupView | None:
        membership = (
            await Membership.filter(participant_id=participant_id, status=MembershipStatus.MEMBER)
            .order_by("-verified_at")
            .prefetch_related("group")
            .first()
        )
        return None if membership is None else shown(membership.group)

    async def latest_consent(self, participant_id: UUID) -> tuple[ConsentKind, str] | None:
        latest = (
            await ConsentRecord.filter(participant_id=participant_id)
            .order_by("-created_at")
            .first()
        )
        return None if latest is None else (ConsentKind(latest.kind), latest.terms_version)

    async def add_consent(
        self, participant_id: UUID, group_id: UUID | None, terms_version: str
    ) -> None:
        participant = await Participant.get(id=participant_id)
        await ConsentRecord.create(
            participant=participant,
            telegram_user_id=participant.telegram_user_id,
            group_id=group_id,
            kind=ConsentKind.AGREED,
            terms_version=terms_version,
        )


async def _save(participant_id: UUID, **changes: object) -> None:
    participant = await Participant.get(id=participant_id)
    for name, value in changes.items():
        setattr(participant, name, value)
    await participant.save(update_fields=[*changes, "updated_at"])


def _seen(participant: Participant) -> ParticipantView:
    return ParticipantView(
        id=participant.id,
        telegram_user_id=participant.telegram_user_id,
        first_name=participant.first_name,
        username=participant.username,
        language_code=participant.language_code,
        language=participant.language,
        receive_own_photos=participant.receive_own_photos,
        question_mode=QuestionMode(participant.question_mode),
        questions_every=participant.questions_every,
        is_reachable=participant.is_reachable,
    )
