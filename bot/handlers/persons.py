"""/persons and the person card: rename, birth date, add photos, pause, merge,
co-guardians, history and undo, forget faces, delete; /history, /export and /forget.

Button data is user input: every service re-checks that the user is a guardian.
"""

from __future__ import annotations

import json
from uuid import UUID

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from bot.states import AddPerson, PersonEdit
from domain import jobs as job_names
from domain import texts
from domain.enrollment import Enrollment
from domain.enrollment_rules import clean_name
from domain.export import export
from domain.guardians import Guardians, RemoveOutcome
from domain.infra.telegram.callbacks import (
    ConfirmData,
    ForgetMeData,
    GuardianData,
    MergeData,
    PersonData,
    UndoData,
    expand,
    short,
)
from domain.jobs import JobQueue
from domain.persons import MergeOutcome, PersonCard, Persons, parse_birth_date
from domain.states import PersonStatus


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


def card_keyboard(card: PersonCard) -> InlineKeyboardMarkup:
    pid = short(card.id)

    def act(action: str) -> InlineKeyboardButton:
        return _button(texts.ACTIONS[action], PersonData(id=pid, act=action).pack())

    pause = "resume" if card.status == PersonStatus.PAUSED else "pause"
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [act("rename"), act("birth")],
            [act("add")],
            [act(pause), act("merge")],
            [act("invite"), act("guardians")],
            [act("history")],
            [act("forget_faces"), act("delete")],
        ]
    )


async def show_card(bot: Bot, chat_id: int, persons: Persons, person_id: UUID) -> None:
    card = await persons.card(person_id, chat_id)
    if card is None:
        await bot.send_message(chat_id, texts.NOT_YOURS)
        return
    text = texts.person_card(
        card.name,
        texts.PERSON_STATUS.get(card.status.value, card.status.value),
        card.birth_date.isoformat() if card.birth_date else None,
        [g.name + (" (you)" if g.is_you else "") for g in card.guardians],
        card.groups,
        card.delivered_photos,
        card.faces,
    )
    cover = await persons.cover(card)
    if cover is not None:
        await bot.send_photo(
            chat_id,
            BufferedInputFile(cover, "cover.jpg"),
            caption=text,
            reply_markup=card_keyboard(card),
        )
    else:
        await bot.send_message(chat_id, text, reply_markup=card_keyboard(card))


async def list_persons(message: Message, persons: Persons) -> None:
    assert message.from_user is not None
    rows = await persons.of_user(message.from_user.id)
    markup = (
        InlineKeyboardMarkup(
            inline_keyboard=[
                [_button(row.name, PersonData(id=short(row.id), act="open").pack())] for row in rows
            ]
        )
        if rows
        else None
    )
    await message.answer(
        texts.persons_list(
            [(r.name, texts.PERSON_STATUS.get(r.status, r.status), r.faces) for r in rows]
        ),
        reply_markup=markup,
    )


async def person_action(
    query: CallbackQuery,
    callback_data: PersonData,
    bot: Bot,
    state: FSMContext,
    persons: Persons,
    enrollment: Enrollment,
    guardians: Guardians,
) -> None:
    user_id = query.from_user.id
    person_id = expand(callback_data.id)
    card = await persons.card(person_id, user_id) if person_id else None
    if person_id is None or card is None:
        await query.answer(texts.NOT_YOURS, show_alert=True)
        return
    await query.answer()
    action = callback_data.act
    if action == "open":
        await show_card(bot, user_id, persons, person_id)
    elif action == "rename":
        await state.set_state(PersonEdit.name)
        await state.set_data({"person_id": str(person_id)})
        await bot.send_message(user_id, texts.ASK_NEW_NAME)
    elif action == "birth":
        await state.set_state(PersonEdit.birth_date)
        await state.set_data({"person_id": str(person_id)})
        await bot.send_message(user_id, texts.ASK_BIRTH_DATE)
    elif action == "add":
        adding = await enrollment.add_more(person_id, user_id)
        if adding is not None:
            name, minimum = adding
            await state.set_state(AddPerson.photos)
            await state.set_data({"person_id": str(person_id), "new": False})
            await bot.send_message(user_id, texts.ask_photos(name, minimum))
    elif action in ("pause", "resume"):
        if await persons.set_paused(person_id, user_id, action == "pause"):
            await bot.send_message(user_id, texts.PAUSED if action == "pause" else texts.RESUMED)
    elif action == "merge":
        others = [row for row in await persons.of_user(user_id) if row.id != person_id]
        if not others:
            await bot.send_message(user_id, texts.NO_OTHER_PERSON)
            return
        await bot.send_message(
            user_id,
            texts.CHOOSE_MERGE,
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[
                    [_button(row.name, MergeData(keep=short(person_id), drop=short(row.id)).pack())]
                    for row in others
                ]
            ),
        )
    elif action == "invite":
        invite = await guardians.invite(person_id, user_id)
        if invite is not None:
            me = await bot.me()
            link = f"https://t.me/{me.username}?start={invite.payload}"
            await bot.send_message(user_id, texts.invite_link(card.name, link))
    elif action == "guardians":
        rows = [
            [
                _button(
                    f"{texts.LEAVE if g.is_you else texts.REMOVE} {g.name}",
                    GuardianData(person=short(person_id), who=short(g.participant_id)).pack(),
                )
            ]
            for g in card.guardians
        ]
        await bot.send_message(
            user_id,
            texts.guardians_list(card.name),
            reply_markup=InlineKeyboardMarkup(inline_keyboard=rows),
        )
    elif action == "history":
        await send_history(bot, user_id, persons, person_id)
    elif action in ("forget_faces", "delete"):
        question = (
            texts.confirm_forget_faces(card.name)
            if action == "forget_faces"
            else texts.confirm_delete(card.name)
        )
        await bot.send_message(
            user_id,
            question,
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[
                    [
                        _button(texts.CONFIRM, ConfirmData(id=short(person_id), act=action).pack()),
                        _button(
                            texts.CANCEL_BUTTON, PersonData(id=short(person_id), act="open").pack()
                        ),
                    ]
                ]
            ),
        )


async def confirm_erasure(
    query: CallbackQuery, callback_data: ConfirmData, persons: Persons
) -> None:
    person_id = expand(callback_data.id)
    keep = callback_data.act == "forget_faces"
    name = (
        await persons.request_erasure(person_id, query.from_user.id, keep_person=keep)
        if person_id
        else None
    )
    if name is None:
        await query.answer(texts.NOT_YOURS, show_alert=True)
        return
    await query.answer()
    if query.bot is not None:
        await query.bot.send_message(query.from_user.id, texts.erasing(name))


async def merge(query: CallbackQuery, callback_data: MergeData, persons: Persons) -> None:
    keep, drop = expand(callback_data.keep), expand(callback_data.drop)
    outcome, kept, removed = (
        await persons.merge(keep, drop, query.from_user.id)
        if keep and drop
        else (MergeOutcome.NOT_YOURS, "", "")
    )
    if outcome != MergeOutcome.DONE:
        await query.answer(texts.NOT_YOURS, show_alert=True)
        return
    await query.answer()
    if query.bot is not None:
        await query.bot.send_message(query.from_user.id, texts.merged(kept, removed))


async def remove_guardian(
    query: CallbackQuery, callback_data: GuardianData, guardians: Guardians
) -> None:
    person_id, who = expand(callback_data.person), expand(callback_data.who)
    outcome = (
        await guardians.remove(person_id, query.from_user.id, who)
        if person_id and who
        else RemoveOutcome.NOT_ALLOWED
    )
    answers = {
        RemoveOutcome.NOT_ALLOWED: texts.NOT_YOURS,
        RemoveOutcome.REMOVED: texts.GUARDIAN_REMOVED,
        RemoveOutcome.LEFT: texts.LEFT_PERSON,
        RemoveOutcome.PERSON_DELETED: texts.LAST_GUARDIAN_LEFT,
    }
    await query.answer(answers[outcome], show_alert=outcome == RemoveOutcome.NOT_ALLOWED)
    if outcome != RemoveOutcome.NOT_ALLOWED and query.bot is not None:
        await query.bot.send_message(query.from_user.id, answers[outcome])


async def send_history(
    bot: Bot, user_id: int, persons: Persons, person_id: UUID | None = None
) -> None:
    rows = await persons.history(user_id, person_id)
    lines = [
        (
            texts.history_line(
                r.when.strftime("%Y-%m-%d %H:%M"),
                r.operation,
                r.from_name,
                r.to_name,
                r.faces,
                r.undone,
            ),
            r.id,
        )
        for r in rows
    ]
    buttons = [
        [_button(f"{texts.UNDO} {i + 1}", UndoData(event=short(event_id)).pack())]
        for i, ((_, event_id), row) in enumerate(zip(lines, rows, strict=True))
        if not row.undone
    ]
    await bot.send_message(
        user_id,
        texts.history(lines),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=buttons) if buttons else None,
    )


async def history_command(message: Message, bot: Bot, persons: Persons) -> None:
    assert message.from_user is not None
    await send_history(bot, message.from_user.id, persons)


async def undo(query: CallbackQuery, callback_data: UndoData, persons: Persons) -> None:
    event_id = expand(callback_data.event)
    outcome = await persons.undo(event_id, query.from_user.id) if event_id else None
    text = texts.UNDO_TEXTS[outcome.value if outcome else "unknown"]
    await query.answer(text, show_alert=True)


async def new_name(message: Message, state: FSMContext, persons: Persons) -> None:
    assert message.from_user is not None
    name = clean_name(message.text or "")
    if name is None:
        await message.answer(texts.BAD_NAME)
        return
    person_id = await state.get_value("person_id")
    await state.clear()
    ok = person_id and await persons.rename(UUID(person_id), message.from_user.id, name)
    await message.answer(texts.RENAMED if ok else texts.NOT_YOURS)


async def new_birth_date(message: Message, state: FSMContext, persons: Persons) -> None:
    assert message.from_user is not None
    born = parse_birth_date(message.text or "")
    if born is None:
        await message.answer(texts.BAD_BIRTH_DATE)
        return
    person_id = await state.get_value("person_id")
    await state.clear()
    ok = person_id and await persons.set_birth_date(UUID(person_id), message.from_user.id, born)
    await message.answer(texts.BIRTH_DATE_SET if ok else texts.NOT_YOURS)


async def export_command(message: Message) -> None:
    assert message.from_user is not None
    data = await export(message.from_user.id)
    if data is None:
        await message.answer(texts.NOTHING_TO_EXPORT)
        return
    document = BufferedInputFile(
        json.dumps(data, indent=2, ensure_ascii=False).encode(), "facedrop-export.json"
    )
    await message.answer_document(document, caption=texts.EXPORT_CAPTION)


async def forget_command(
    message: Message, command: CommandObject, state: FSMContext, jobs: JobQueue
) -> None:
    assert message.from_user is not None
    if (command.args or "").strip().lower() == "confirm":
        await _forget(message.from_user.id, state, jobs)
        await message.answer(texts.FORGETTING)
        return
    await message.answer(
        texts.FORGET_CONFIRM,
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    _button(texts.FORGET_BUTTON, ForgetMeData(yes=True).pack()),
                    _button(texts.CANCEL_BUTTON, ForgetMeData(yes=False).pack()),
                ]
            ]
        ),
    )


async def forget_button(
    query: CallbackQuery, callback_data: ForgetMeData, state: FSMContext, jobs: JobQueue
) -> None:
    await query.answer()
    if query.bot is None:
        return
    if not callback_data.yes:
        await query.bot.send_message(query.from_user.id, texts.KEPT)
        return
    await _forget(query.from_user.id, state, jobs)
    await query.bot.send_message(query.from_user.id, texts.FORGETTING)


async def _forget(user_id: int, state: FSMContext, jobs: JobQueue) -> None:
    await state.clear()
    await jobs.enqueue(
        job_names.FORGET_PARTICIPANT,
        str(user_id),
        job_id=f"{job_names.FORGET_PARTICIPANT}:{user_id}",
    )


def router() -> Router:
    """This feature's handlers on a fresh router (one per dispatcher)."""
    routes = Router(name="persons")
    routes.message.filter(F.chat.type == ChatType.PRIVATE)
    routes.message.register(list_persons, Command("persons"))
    routes.message.register(history_command, Command("history"))
    routes.message.register(export_command, Command("export"))
    routes.message.register(forget_command, Command("forget"))
    routes.message.register(new_name, PersonEdit.name, F.text)
    routes.message.register(new_birth_date, PersonEdit.birth_date, F.text)
    routes.callback_query.register(person_action, PersonData.filter())
    routes.callback_query.register(confirm_erasure, ConfirmData.filter())
    routes.callback_query.register(merge, MergeData.filter())
    routes.callback_query.register(remove_guardian, GuardianData.filter())
    routes.callback_query.register(undo, UndoData.filter())
    routes.callback_query.register(forget_button, ForgetMeData.filter())
    return routes
