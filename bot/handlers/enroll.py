"""/add: a name, then photos one by one; /done and /cancel."""

from __future__ import annotations

from uuid import UUID

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.states import AddPerson
from bot.users import telegram_user
from domain import texts
from domain.enrollment import Enrollment, FinishOutcome, Refusal
from domain.enrollment_rules import NameProblem, PhotoVerdict, check_name

REFUSALS = {Refusal.NEEDS_GROUP: texts.NEEDS_GROUP, Refusal.NEEDS_CONSENT: texts.NEEDS_CONSENT}


async def _begin(message: Message, state: FSMContext, enrollment: Enrollment, name: str) -> None:
    assert message.from_user is not None
    user_id = message.from_user.id
    person_id = await enrollment.start(telegram_user(message.from_user), name)
    await state.set_state(AddPerson.photos)
    await state.set_data({"person_id": str(person_id), "new": True})
    if not await enrollment.is_current(person_id, user_id):
        # A later /add sent at the same time replaced this one: point the conversation at
        # the session that survives, and leave the answer to its own /add.
        current = await enrollment.current_draft(user_id)
        if current is not None:
            await state.set_data({"person_id": str(current), "new": True})
        return
    await message.answer(texts.ask_photos(name))


async def cancel(message: Message, state: FSMContext, enrollment: Enrollment) -> None:
    """/cancel anywhere: an enrollment session forgets what it was sent; an edit stops."""
    assert message.from_user is not None
    current = await state.get_state()
    data = await state.get_data()
    await state.clear()
    if current in (AddPerson.name.state, AddPerson.photos.state):
        if data.get("person_id"):
            await enrollment.cancel(
                UUID(data["person_id"]), message.from_user.id, new_person=data.get("new", True)
            )
        await message.answer(texts.ENROLLMENT_CANCELLED)
    else:
        await message.answer(texts.CANCELLED if current else texts.NOTHING_TO_CANCEL)


async def add(
    message: Message, command: CommandObject, state: FSMContext, enrollment: Enrollment
) -> None:
    assert message.from_user is not None
    refusal = await enrollment.refusal(message.from_user.id)
    if refusal is not None:
        await message.answer(REFUSALS[refusal])
        return
    data = await state.get_data()
    if await state.get_state() == AddPerson.photos.state and data.get("person_id"):
        # A new /add abandons an unfinished one.
        await enrollment.cancel(
            UUID(data["person_id"]), message.from_user.id, new_person=data.get("new", True)
        )
    await state.clear()
    checked = check_name(command.args or "")
    if checked.name is None:
        await state.set_state(AddPerson.name)
        await message.answer(
            texts.ASK_NAME
            if checked.problem in (NameProblem.EMPTY, None)
            else texts.bad_name(checked.problem, checked.length)
        )
        return
    await _begin(message, state, enrollment, checked.name)


async def got_name(message: Message, state: FSMContext, enrollment: Enrollment) -> None:
    checked = check_name(message.text or "")
    if checked.name is None:
        await message.answer(texts.bad_name(checked.problem, checked.length))
        return
    await _begin(message, state, enrollment, checked.name)


async def name_expected(message: Message) -> None:
    await message.answer(texts.BAD_NAME)


async def _add(message: Message, state: FSMContext, enrollment: Enrollment, file_id: str) -> None:
    assert message.from_user is not None
    person_id = await state.get_value("person_id")
    if not person_id:
        await state.clear()
        await message.answer(texts.PRIVATE_PHOTO_OUTSIDE_ENROLLMENT)
        return
    queued = await enrollment.add_photo(
        UUID(person_id), message.from_user.id, message.chat.id, file_id
    )
    if not queued:
        await message.answer(texts.photo_verdict(PhotoVerdict.ENOUGH_ALREADY, 0))


async def got_photo(message: Message, state: FSMContext, enrollment: Enrollment) -> None:
    assert message.photo is not None
    await _add(message, state, enrollment, message.photo[-1].file_id)


async def got_image_file(message: Message, state: FSMContext, enrollment: Enrollment) -> None:
    assert message.document is not None
    await _add(message, state, enrollment, message.document.file_id)


async def done(message: Message, state: FSMContext, enrollment: Enrollment) -> None:
    assert message.from_user is not None
    person_id = await state.get_value("person_id")
    finish = await enrollment.finish(UUID(person_id), message.from_user.id) if person_id else None
    if finish is None or finish.outcome == FinishOutcome.GONE:
        await state.clear()
        await message.answer(texts.NOTHING_TO_CANCEL)
    elif finish.outcome == FinishOutcome.STILL_CHECKING:
        await message.answer(texts.STILL_CHECKING)
    elif finish.outcome == FinishOutcome.TOO_FEW:
        await message.answer(texts.too_few_photos(finish.accepted))
    else:
        await state.clear()
        await message.answer(texts.enrollment_finishing(finish.name))


async def photo_expected(message: Message) -> None:
    await message.answer(texts.NOT_A_PHOTO_NOW)


async def done_without_enrollment(message: Message) -> None:
    await message.answer(texts.NOTHING_TO_CANCEL)


def router() -> Router:
    """This feature's handlers on a fresh router (one per dispatcher)."""
    routes = Router(name="enroll")
    routes.message.filter(F.chat.type == ChatType.PRIVATE)
    routes.message.register(cancel, Command("cancel"))
    routes.message.register(add, Command("add"))
    routes.message.register(got_name, AddPerson.name, F.text)
    # Other commands (/persons, /forget, /help...) pass through to their own routers.
    routes.message.register(name_expected, AddPerson.name, ~F.text.startswith("/"))
    routes.message.register(got_photo, AddPerson.photos, F.photo)
    routes.message.register(
        got_image_file, AddPerson.photos, F.document.mime_type.startswith("image/")
    )
    routes.message.register(done, AddPerson.photos, Command("done"))
    routes.message.register(photo_expected, AddPerson.photos, ~F.text.startswith("/"))
    routes.message.register(done_without_enrollment, StateFilter(None), Command("done"))
    return routes
