"""/add: a name, then photos one by one; /done and /cancel; the buttons on each verdict
("Remove this photo", a clip's "Remove these views", "This looks like Sara; add to
Sara?")."""

from __future__ import annotations

from contextlib import suppress
from uuid import UUID

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Document, Message, ReplyParameters, Video, VideoNote

from bot.replies import answer
from bot.states import AddPerson
from bot.users import telegram_user
from domain.enrollment import texts
from domain.enrollment.rules import NameProblem, PhotoVerdict, check_name
from domain.enrollment.service import Enrollment, FinishOutcome, PhotoAnswer, Refusal
from domain.infra.telegram.callbacks import EnrollmentPhotoData, expand, keyboard
from domain.languages import texts as languages_texts
from domain.onboarding import texts as onboarding_texts
from domain.persons import texts as persons_texts
from domain.persons.service import Persons
from domain.settings import Settings
from domain.states import MediaKind
from domain.telegram import DOWNLOAD_LIMIT

REFUSALS = {
    Refusal.NEEDS_GROUP: onboarding_texts.needs_group,
    Refusal.NEEDS_CONSENT: onboarding_texts.needs_consent,
}


async def _begin(
    message: Message, state: FSMContext, enrollment: Enrollment, persons: Persons, name: str
) -> None:
    assert message.from_user is not None
    user_id = message.from_user.id
    same = await persons.look_alike_name(user_id, name)
    if same is not None:  # two persons the guardian could not tell apart: another name
        await state.set_state(AddPerson.name)
        await message.answer(persons_texts.name_looks_like(name, same))
        return
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
        cancelled = None
        if data.get("person_id"):
            cancelled = await enrollment.cancel(
                UUID(data["person_id"]), message.from_user.id, new_person=data.get("new", True)
            )
        # No name given yet: nothing was sent for anyone, nothing was deleted (findings24 12).
        await message.answer(cancelled.text() if cancelled else texts.cancelled())
        if cancelled and cancelled.replies:
            await enrollment.take_buttons_off(cancelled.replies)
    elif current is None and (draft := await enrollment.current_draft(message.from_user.id)):
        # An unfinished enrollment whose conversation was lost (a Redis flush): Postgres
        # still holds it, and its faces; /cancel deletes them.
        cancelled = await enrollment.cancel(draft, message.from_user.id, new_person=True)
        await message.answer(cancelled.text() if cancelled else texts.nothing_to_cancel())
        if cancelled and cancelled.replies:
            await enrollment.take_buttons_off(cancelled.replies)
    else:
        await message.answer(texts.cancelled() if current else texts.nothing_to_cancel())


async def add(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    enrollment: Enrollment,
    persons: Persons,
) -> None:
    assert message.from_user is not None
    refusal = await enrollment.refusal(message.from_user.id)
    if refusal is not None:
        await message.answer(REFUSALS[refusal]())
        return
    data = await state.get_data()
    if await state.get_state() == AddPerson.photos.state and data.get("person_id"):
        # A new /add abandons an unfinished one, says so, and takes its buttons off.
        abandoned = await enrollment.cancel(
            UUID(data["person_id"]), message.from_user.id, new_person=data.get("new", True)
        )
        if abandoned is not None:
            await message.answer(abandoned.text_for_another())
        if abandoned and abandoned.replies:
            await enrollment.take_buttons_off(abandoned.replies)
    await state.clear()
    checked = check_name(command.args or "")
    if checked.name is None:
        await state.set_state(AddPerson.name)
        await message.answer(
            texts.ask_name()
            if checked.problem in (NameProblem.EMPTY, None)
            else texts.bad_name(checked.problem, checked.length)
        )
        return
    await _begin(message, state, enrollment, persons, checked.name)


async def got_name(
    message: Message, state: FSMContext, enrollment: Enrollment, persons: Persons
) -> None:
    checked = check_name(message.text or "")
    if checked.name is None:
        await message.answer(texts.bad_name(checked.problem, checked.length))
        return
    await _begin(message, state, enrollment, persons, checked.name)


async def name_expected(message: Message) -> None:
    await message.answer(texts.send_a_name())


async def _add(
    message: Message,
    state: FSMContext,
    enrollment: Enrollment,
    file_id: str,
    media_kind: MediaKind = MediaKind.PHOTO,
) -> None:
    assert message.from_user is not None
    person_id = await state.get_value("person_id")
    if not person_id:
        await state.clear()
        await message.answer(texts.private_photo_outside_enrollment())
        return
    queued = await enrollment.add_photo(
        UUID(person_id),
        message.from_user.id,
        message.chat.id,
        file_id,
        message.date,
        message_id=message.message_id,
        media_kind=media_kind,
    )
    if not queued:
        # A reply, as every verdict is: in an album, to the photo it is about.
        await message.reply(texts.photo_verdict(PhotoVerdict.ENOUGH_ALREADY, 0))


async def got_photo(message: Message, state: FSMContext, enrollment: Enrollment) -> None:
    assert message.photo is not None
    await _add(message, state, enrollment, message.photo[-1].file_id)


async def got_image_file(message: Message, state: FSMContext, enrollment: Enrollment) -> None:
    assert message.document is not None
    await _add(message, state, enrollment, message.document.file_id)


async def got_clip(
    message: Message, state: FSMContext, enrollment: Enrollment, settings: Settings
) -> None:
    """A video, a round video or a video file where a photo is asked for: the worker keeps
    its best views of the face. One the bot may not download is refused at once."""
    clip: Video | VideoNote | Document
    if message.video_note is not None:
        clip, kind = message.video_note, MediaKind.VIDEO_NOTE
    elif message.video is not None:
        clip, kind = message.video, MediaKind.VIDEO
    else:
        assert message.document is not None
        clip, kind = message.document, MediaKind.VIDEO
    if (
        not settings.telegram.api_local
        and clip.file_size is not None
        and clip.file_size > DOWNLOAD_LIMIT
    ):
        await message.reply(texts.clip_too_big())
        return
    await _add(message, state, enrollment, clip.file_id, kind)


async def done(message: Message, state: FSMContext, enrollment: Enrollment) -> None:
    assert message.from_user is not None
    person_id = await state.get_value("person_id")
    finish = await enrollment.finish(UUID(person_id), message.from_user.id) if person_id else None
    if finish is None or finish.outcome == FinishOutcome.GONE:
        await state.clear()
        await message.answer(texts.nothing_to_finish())
    elif finish.outcome == FinishOutcome.STILL_CHECKING:
        await message.answer(texts.still_checking())
    elif finish.outcome == FinishOutcome.UNANSWERED:
        await message.answer(texts.answer_first(finish.unanswered))
    elif finish.outcome == FinishOutcome.TOO_FEW:
        await message.answer(texts.too_few_photos(finish.accepted, finish.minimum, finish.count))
    else:
        await state.clear()
        await message.answer(texts.enrollment_finishing(finish.name))
        await enrollment.take_buttons_off(finish.replies)


async def _session_person(state: FSMContext) -> UUID | None:
    """The person the presser's open enrollment session adds photos to, if any."""
    if await state.get_state() != AddPerson.photos.state:
        return None
    person_id = await state.get_value("person_id")
    return UUID(person_id) if person_id else None


async def photo_button(
    query: CallbackQuery,
    callback_data: EnrollmentPhotoData,
    state: FSMContext,
    enrollment: Enrollment,
) -> None:
    """A verdict's button: checked against the presser's own open session, used once."""
    user_id = query.from_user.id
    photo_id = expand(callback_data.photo)
    session = await _session_person(state)
    if photo_id is None or callback_data.act not in ("rm", "rmv", "yes", "no"):
        outcome = None
    elif callback_data.act == "rm":
        outcome = await enrollment.remove_photo(photo_id, user_id, session)
    elif callback_data.act == "rmv":  # a clip's "Remove these views"
        outcome = await enrollment.remove_clip_views(photo_id, user_id, session)
    else:
        other = expand(callback_data.to)
        outcome = (
            await enrollment.answer_looks_like(
                photo_id,
                user_id,
                session,
                other,
                same=callback_data.act == "yes",
            )
            if other
            else None
        )
    message = query.message
    if outcome is not None and outcome.answer == PhotoAnswer.REMOVED:
        # The verdict itself now says so: "Accepted" would no longer be true of the photo.
        await answer(query)
        removed = texts.enrollment_photo_removed(
            outcome.count, outcome.minimum, views=outcome.views
        )
        if query.bot is not None:
            # The photos after it counted it: each verdict says its count as it is now.
            for verdict in outcome.retold:
                text, buttons = verdict.message()
                with suppress(TelegramBadRequest):  # too old to edit, or deleted
                    await query.bot.edit_message_text(
                        text,
                        chat_id=verdict.chat_id,
                        message_id=verdict.message_id,
                        reply_markup=keyboard(buttons),
                    )
        if isinstance(message, Message):
            with suppress(TelegramBadRequest):
                await message.edit_text(removed, reply_markup=None)
                return
        if query.bot is not None:  # too old to edit: said anew
            await query.bot.send_message(user_id, removed)
        return
    if isinstance(message, Message) and message.reply_markup is not None:
        with suppress(TelegramBadRequest):  # too old to edit, or edited meanwhile
            await message.edit_reply_markup(reply_markup=None)
    if outcome is None or outcome.answer == PhotoAnswer.EXPIRED:
        await answer(query, languages_texts.button_expired(), alert=True)
        return
    await answer(query)
    if outcome.answer != PhotoAnswer.ADDED:  # the service said it checks again, under it
        await _answered(query)
        return
    # Only this photo goes; the session goes on for its own person.
    reply = texts.added_to(
        outcome.name, outcome.session_name, others=outcome.accepted, kept=outcome.count
    )
    if query.bot is not None:
        await query.bot.send_message(user_id, reply, reply_parameters=await _answered(query))


async def _answered(query: CallbackQuery) -> ReplyParameters | None:
    """The question just answered says so under what it asked (the label of the button
    pressed, its buttons gone); what follows replies to it."""
    message = query.message
    if not isinstance(message, Message):
        return None
    rows = message.reply_markup.inline_keyboard if message.reply_markup else []
    pressed = next((b.text for row in rows for b in row if b.callback_data == query.data), None)
    if pressed is not None:
        with suppress(TelegramBadRequest):  # too old to edit, or edited meanwhile
            await message.edit_text(
                f"{message.html_text}\n\n{texts.answered_with(pressed)}", reply_markup=None
            )
    return ReplyParameters(message_id=message.message_id, allow_sending_without_reply=True)


async def photo_expected(message: Message) -> None:
    await message.answer(texts.not_a_photo_now())


async def done_without_enrollment(
    message: Message, state: FSMContext, enrollment: Enrollment
) -> None:
    """/done with no conversation: the user's unfinished enrollment, found in Postgres (its
    conversation lost), is finished; without one there is nothing to do."""
    assert message.from_user is not None
    draft = await enrollment.current_draft(message.from_user.id)
    if draft is None:
        await message.answer(texts.nothing_to_finish())
        return
    await state.set_state(AddPerson.photos)
    await state.set_data({"person_id": str(draft), "new": True})
    await done(message, state, enrollment)


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
    routes.message.register(
        got_clip,
        AddPerson.photos,
        F.video | F.video_note | F.document.mime_type.startswith("video/"),
    )
    routes.message.register(done, AddPerson.photos, Command("done"))
    routes.message.register(photo_expected, AddPerson.photos, ~F.text.startswith("/"))
    routes.message.register(done_without_enrollment, StateFilter(None), Command("done"))
    routes.callback_query.register(photo_button, EnrollmentPhotoData.filter())
    return routes
