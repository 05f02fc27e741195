"""/persons: the people the guardian enrolled."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.types import Message

from domain import texts
from domain.persons import Persons


async def list_persons(message: Message, persons: Persons) -> None:
    assert message.from_user is not None
    rows = await persons.of_user(message.from_user.id)
    await message.answer(
        texts.persons_list(
            [(r.name, texts.PERSON_STATUS.get(r.status, r.status), r.faces) for r in rows]
        )
    )


def router() -> Router:
    """This feature's handlers on a fresh router (one per dispatcher)."""
    routes = Router(name="persons")
    routes.message.filter(F.chat.type == ChatType.PRIVATE)
    routes.message.register(list_persons, Command("persons"))
    return routes
