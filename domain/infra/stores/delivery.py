"""Delivery's store (``domain.delivery.stores``) on tortoise and Postgres."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.delivery import claims
from domain.delivery.albums import ready_to_go
from domain.delivery.decision import Facts, Persons
from domain.delivery.stores import Due, Guardian, Posted
from domain.infra.models import Delivery, Face, Membership, Participant, Person
from domain.infra.queries import ids_of
from domain.states import DeliveryStatus, MembershipStatus, PersonStatus


class TortoiseDeliveryStore:
    """``DeliveryStore``: a delivery's row, with its photo, group, guardian and persons."""

    async def due(self, delivery_id: UUID) -> Due | None:
        delivery = await _delivery(delivery_id)
        if delivery is None:
            return None
        photo, group, participant = delivery.photo, delivery.photo.group, delivery.participant
        return Due(
            delivery.id,
            Posted(
                photo.id,
                group.id,
                group.chat_id,
                group.title,
                photo.message_id,
                photo.file_id,
                photo.media_kind,
                photo.caption,
                photo.caption_entities,
                photo.posted_at,
            ),
            _guardian(participant),
            await _facts(delivery),
        )

    async def facts(self, delivery_id: UUID) -> Facts | None:
        delivery = await _delivery(delivery_id)
        return None if delivery is None else await _facts(delivery)

    async def is_pending(self, delivery_id: UUID) -> bool:
        return await Delivery.exists(id=delivery_id, status=DeliveryStatus.PENDING)

    async def burst(self, due: Due, room: int) -> list[UUID]:
        ready = ready_to_go(due.guardian.id, due.photo.group_id)
        if len(await ready.limit(2).values_list("id", flat=True)) < 2:  # mostly: it alone
            return []
        if not await ready.filter(id=due.id).exists():
            return []  # one that cannot go takes no album's turn
        return await ids_of(ready.exclude(id=due.id).limit(room))

    async def claim(self, due: Due) -> bool:
        return await claims.claim(
            due.id, DeliveryStatus.PENDING, due.guardian.id, due.photo.group_id
        )

    async def named(self, due: Due) -> list[tuple[UUID, str]]:
        faces = await Face.filter(
            photo_id=due.photo.id,
            person__status=PersonStatus.ACTIVE,
            person__guardianships__participant_id=due.guardian.id,
        ).select_related("person")
        return [(face.id, face.person.name) for face in faces if face.person is not None]

    async def finish(self, delivery_id: UUID, status: DeliveryStatus, reason: str) -> None:
        await Delivery.filter(id=delivery_id).update(status=status, error=reason[:255])

    async def hold(self, delivery_id: UUID) -> None:
        await Delivery.filter(id=delivery_id, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.HELD
        )

    async def release(self, delivery_id: UUID, reason: str) -> None:
        await Delivery.filter(id=delivery_id, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.PENDING, error=reason[:255]
        )

    async def sent(self, delivery_id: UUID, message_id: int, at: datetime) -> None:
        await Delivery.filter(id=delivery_id).update(
            status=DeliveryStatus.SENT, message_id=message_id, sent_at=at, error=None
        )

    async def unreachable(self, guardian_id: UUID, since: datetime) -> None:
        await Participant.filter(id=guardian_id).update(is_reachable=False, unreachable_since=since)

    async def unpark(self, guardian_id: UUID) -> list[UUID]:
        parked = await ids_of(
            Delivery.filter(participant_id=guardian_id, status=DeliveryStatus.PARKED)
        )
        await Delivery.filter(id__in=parked).update(status=DeliveryStatus.PENDING, error=None)
        return parked

    async def guardians(self, person_id: UUID) -> list[Guardian]:
        return [
            _guardian(participant)
            for participant in await Participant.filter(guardianships__person_id=person_id)
        ]

    async def guardian(self, person_id: UUID, user_id: int) -> Guardian | None:
        participant = await Participant.get_or_none(
            telegram_user_id=user_id, guardianships__person_id=person_id
        )
        return None if participant is None else _guardian(participant)

    async def person(self, person_id: UUID) -> tuple[str, bool] | None:
        person = await Person.get_or_none(id=person_id)
        return None if person is None else (person.name, person.status == PersonStatus.ACTIVE)

    async def held(self, guardian_id: UUID, person_id: UUID) -> list[UUID]:
        return await ids_of(
            Delivery.filter(
                participant_id=guardian_id,
                status=DeliveryStatus.HELD,
                photo__faces__person_id=person_id,
            ).distinct()
        )

    async def take_held(
        self, delivery_ids: list[UUID], status: DeliveryStatus, reason: str | None
    ) -> int:
        return await Delivery.filter(id__in=delivery_ids, status=DeliveryStatus.HELD).update(
            status=status, error=reason
        )


async def _delivery(delivery_id: UUID) -> Delivery | None:
    return await Delivery.get_or_none(id=delivery_id).select_related(
        "photo__group", "participant"
    )  # one statement, joined


def _guardian(participant: Participant) -> Guardian:
    return Guardian(
        participant.id,
        participant.telegram_user_id,
        participant.language,
        participant.language_code,
    )


async def _facts(delivery: Delivery) -> Facts:
    photo, participant = delivery.photo, delivery.participant
    member = photo.group.is_active and await Membership.exists(
        participant_id=participant.id, group_id=photo.group.id, status=MembershipStatus.MEMBER
    )
    statuses = {
        str(status)
        for status in await Face.filter(
            photo_id=photo.id, person__guardianships__participant_id=participant.id
        ).values_list("person__status", flat=True)
    }
    if PersonStatus.ACTIVE in statuses:
        persons = Persons.ACTIVE
    elif PersonStatus.PAUSED in statuses:
        persons = Persons.PAUSED
    else:
        persons = Persons.GONE
    return Facts(
        pending=delivery.status == DeliveryStatus.PENDING,
        taken_down=photo.removed_at is not None,
        group_paused=photo.group.paused_at is not None,
        member=member,
        reachable=participant.is_reachable,
        persons=persons,
    )
