"""The persons a guardian holds."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.infra.models import Person, Prototype


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: UUID
    name: str
    status: str
    faces: int


class Persons:
    async def of_user(self, user_id: int) -> list[PersonRow]:
        persons = await Person.filter(
            guardianships__participant__telegram_user_id=user_id
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
