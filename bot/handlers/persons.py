"""/persons and the person card: rename, birth date, add photos, pause, merge,
co-guardians, history and undo, forget faces, delete; /history, /export and /forget.

Button data is user input: every service re-checks that the user is a guardian.
"""

from __future__ import annotations

import json
from contextlib import suppress
from typing import Any
from uuid import UUID

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
)

from bot.cards import (
    drop_card,
    forget_account,
    persons_list_view,
    show_card,
    update_list_at,
)
from bot.consent import forget_conversation
from bot.handlers.confirmations import refused
from bot.history import send_history
from bot.replies import (
    answer,
    conclude,
    dismiss_button,
    drop_buttons,
    drop_pressed,
    pressed_message,
    shows_pressed_button,
    token_button,
)
from bot.states import AddPerson, PersonEdit
from domain.buttons import Action, Buttons
from domain.corrections import texts as corrections_texts
from domain.delivery.service import Deliveries, HeldOutcome
from domain.delivery.stores import NOTHING_HELD
from domain.enrollment import texts as enrollment_texts
from domain.enrollment.rules import check_name
from domain.enrollment.service import Enrollment
from domain.infra.telegram.callbacks import (
    HeldData,
    HistoryData,
    MergeChoiceData,
    PersonData,
    expand,
    short,
)
from domain.languages import dates
from domain.languages import texts as languages_texts
from domain.languages.catalogs import _
from domain.languages.chats import speaking_to
from domain.persons import shown, texts
from domain.persons.cards import show_as_now
from domain.persons.guardian_lists import send_guardians
from domain.persons.guardians import Guardians
from domain.persons.rules import card_version, may_merge_with
from domain.persons.service import (
    BadBirthDate,
    MergeOutcome,
    MergePlan,
    PauseOutcome,
    PersonCard,
    Persons,
    Unavailable,
    parse_birth_date,
)
from domain.privacy import texts as privacy_texts
from domain.privacy.export import DataExport, export_caption
from domain.privacy.notices import PAUSED, RENAMED, RESUMED, Notices
from domain.states import PersonStatus
from domain.telegram import Messenger


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


def _button_is_on(query: CallbackQuery) -> bool:
    """Whether the pressed data is a button of the message it was pressed on (forged data,
    sent with another message, is not)."""
    message = pressed_message(query)
    rows = message.reply_markup.inline_keyboard if message and message.reply_markup else []
    return any(button.callback_data == query.data for row in rows for button in row)


async def unavailable(
    query: CallbackQuery,
    persons: Persons,
    messenger: Messenger,
    person_id: UUID | None,
    *,
    on_card: bool,
) -> None:
    """The real reason a guardian's button does nothing; strangers learn nothing. A card
    (``on_card``) of a person deleted or merged away is deleted (``bot.cards``), and for a
    merged one the current card is sent; a /persons list lists the reader's persons as
    they are now."""
    message = pressed_message(query)
    # A button of a /persons list in the presser's own chat: the list named only their own
    # persons, so one gone since was deleted (findings19 9: "That isn't one of your
    # people" read as if their deleted child were someone else's).
    listed_to_them = (
        _on_a_list(query) and message is not None and message.chat.id == query.from_user.id
    )
    reason, name, into = (
        await persons.unavailable(person_id, query.from_user.id, listed_to_them=listed_to_them)
        if person_id
        else (Unavailable.NOT_YOURS, "", None)
    )
    if reason == Unavailable.DELETED:
        text = texts.person_being_deleted(name or _pressed_label(query))
    elif reason == Unavailable.MERGED:
        text = texts.person_merged_into(name)
    elif on_card:
        # Deleted meanwhile (then nothing tells who guarded it), or no longer theirs: the
        # same words, and the card goes, whoever presses it, in their own chat.
        text = texts.stale_card()
    else:
        text = corrections_texts.not_yours()
    await answer(query, text, alert=True)
    if _on_a_list(query) and message is not None and query.bot is not None:
        # The presser's own list, in their own chat: it lists only who is theirs now.
        await update_list_at(query.bot, message.chat.id, message.message_id, persons)
        return
    if reason == Unavailable.NOT_YOURS and not on_card:
        return
    if not on_card or message is None or query.bot is None:
        await drop_buttons(query)
        return
    # Too old to delete, it says why, without the face and buttons (findings18 3).
    if reason == Unavailable.DELETED and name:
        gone = texts.deleted_here(name, None, you=False)
    elif reason == Unavailable.MERGED:
        gone = texts.card_replaced()
    else:
        gone = texts.stale_card()
    await drop_card(
        query.bot,
        persons,
        message,
        messenger=messenger,
        said=lambda _chat: gone,
        replaced_by=into if reason == Unavailable.MERGED else None,
    )
    if into is not None:
        await show_card(messenger, query.from_user.id, persons, into)


def _pressed_label(query: CallbackQuery) -> str:
    """The label of the pressed button, as the presser reads it (a list's entry: a name)."""
    message = pressed_message(query)
    rows = message.reply_markup.inline_keyboard if message and message.reply_markup else []
    return next(
        (button.text for row in rows for button in row if button.callback_data == query.data),
        "",
    )


def _on_a_list(query: CallbackQuery) -> bool:
    """Whether the pressed button is an entry of a /persons list (its buttons open a card,
    and carry no card's version), really on the message it was pressed on."""
    try:
        data = PersonData.unpack(query.data or "")
    except (TypeError, ValueError):  # another kind of button (a merge's choice)
        return False
    return data.act == "open" and not data.v and _button_is_on(query)


async def list_persons(message: Message, persons: Persons) -> None:
    assert message.from_user is not None
    listing = await persons.listing(message.from_user.id)
    text, markup = persons_list_view(listing)
    if not listing.rows:
        # Nobody yet: what /add needs first, when it would refuse (after /forget: a group).
        await message.answer(text)
        return
    dropped = await persons.shown.lists_a_new_one_drops(message.chat.id)
    sent = await message.answer(text, reply_markup=markup)
    # Kept up to date when one of them is renamed, merged or deleted (``show_as_now``).
    await persons.shown.record(message.chat.id, sent.message_id, None)
    # An older list no change will edit any more: true as of now, and says so (findings9
    # 13: it read "paused" after the resume); without buttons, which a merge or a deletion
    # would leave opening a child gone (walkhe4 2): the new list has them.
    as_of = f"{text}\n\n{texts.list_as_of(dates.clock_now())}"
    for old in dropped:
        with suppress(TelegramBadRequest):  # deleted, or too old to edit
            await message.bot.edit_message_text(  # type: ignore[union-attr]
                as_of, chat_id=old.chat_id, message_id=old.message_id
            )
            # It names them still: /forget empties it (findings18 20).
            await persons.shown.record_frozen(old.chat_id, old.message_id)


async def person_action(
    query: CallbackQuery,
    callback_data: PersonData,
    bot: Bot,
    state: FSMContext,
    persons: Persons,
    enrollment: Enrollment,
    guardians: Guardians,
    buttons: Buttons,
    deliveries: Deliveries,
    messenger: Messenger,
    notices: Notices,
) -> None:
    user_id = query.from_user.id
    person_id = expand(callback_data.id)
    action = callback_data.act
    card = await persons.card(person_id, user_id) if person_id else None
    if person_id is None or card is None:
        # A card's buttons carry its version; a /persons entry's none; forged data is on
        # no card.
        on_card = bool(callback_data.v) and _button_is_on(query)
        await unavailable(query, persons, messenger, person_id, on_card=on_card)
        return
    message = pressed_message(query)
    if callback_data.v and callback_data.v != card_version(card.name):
        # An older card, from before a rename: it shows a name the person no longer has.
        await answer(query, texts.card_out_of_date(card.name), alert=True)
        if message is not None:
            await drop_card(
                bot,
                persons,
                message,
                messenger=messenger,
                said=lambda _c: texts.card_replaced(),
                replaced_by=person_id,
            )
        await show_card(messenger, user_id, persons, person_id)
        return
    # Questions about this card are sent as replies to it: their answers update it.
    reply_to_card = (
        ReplyParameters(message_id=message.message_id, allow_sending_without_reply=True)
        if message is not None and action != "open"
        else None
    )
    if action in ("forget_faces", "delete", "merge") and await refused(
        query, persons, person_id, action
    ):
        return
    if action in ("continue", "discard") and not (
        card.status == PersonStatus.ENROLLING and card.is_owner
    ):  # finished (or cancelled) since the card was shown, or forged
        await answer(query, languages_texts.button_expired(), alert=True)
        return
    await answer(query)
    if action == "open":
        await show_card(messenger, user_id, persons, person_id)
    elif action == "continue":
        await state.set_state(AddPerson.photos)
        await state.set_data({"person_id": str(person_id), "new": True})
        await bot.send_message(user_id, enrollment_texts.enrollment_continues(card.name))
    elif action == "discard":
        await _discard_draft(bot, state, persons, enrollment, message, person_id, user_id)
    elif action == "rename":
        await state.set_state(PersonEdit.name)
        await state.set_data({"person_id": str(person_id), **_card_ids(message)})
        await bot.send_message(
            user_id, texts.ask_new_name(card.name), reply_parameters=reply_to_card
        )
    elif action == "birth":
        await state.set_state(PersonEdit.birth_date)
        await state.set_data({"person_id": str(person_id), **_card_ids(message)})
        await bot.send_message(
            user_id, texts.ask_birth_date(card.name), reply_parameters=reply_to_card
        )
    elif action == "add":
        adding = await enrollment.add_more(person_id, user_id)
        if adding is not None:
            name, minimum = adding
            await state.set_state(AddPerson.photos)
            await state.set_data({"person_id": str(person_id), "new": False})
            await bot.send_message(user_id, enrollment_texts.ask_photos(name, minimum))
    elif action in ("pause", "resume"):
        await _pause(
            bot,
            messenger,
            persons,
            deliveries,
            notices,
            message,
            card,
            query,
            pausing=action == "pause",
        )
    elif action == "merge":
        await _offer_merge(bot, persons, card, user_id, reply_to_card)
    elif action == "invite":
        invite = await guardians.invite(person_id, user_id)
        if invite is not None:
            me = await bot.me()
            link = f"https://t.me/{me.username}?start={invite.payload}"
            sent = await bot.send_message(user_id, texts.invite_link(card.name, link))
            # Once used, it says who used it (it kept offering the link as if it worked).
            await guardians.invite_said(invite.id, sent.message_id)
    elif action == "guardians":
        await send_guardians(messenger, buttons, card, user_id)
    elif action == "history":
        await send_history(bot, user_id, persons, buttons, person_id)
    elif action in ("forget_faces", "delete"):
        await _confirm_erasure(
            bot, buttons, card, user_id, reply_to_card, forget=action == "forget_faces"
        )


async def _discard_draft(
    bot: Bot,
    state: FSMContext,
    persons: Persons,
    enrollment: Enrollment,
    card_message: Message | None,
    person_id: UUID,
    user_id: int,
) -> None:
    """An unfinished enrollment's card's "Discard": the draft goes, and its card."""
    if await state.get_value("person_id") == str(person_id):
        await state.clear()
    cancelled = await enrollment.cancel(person_id, user_id, new_person=True)
    await bot.send_message(
        user_id, cancelled.text() if cancelled else enrollment_texts.nothing_to_cancel()
    )
    if card_message is not None:
        await drop_card(bot, persons, card_message)
    if cancelled and cancelled.replies:
        await enrollment.take_buttons_off(cancelled.replies)


async def _pause(
    bot: Bot,
    messenger: Messenger,
    persons: Persons,
    deliveries: Deliveries,
    notices: Notices,
    card_message: Message | None,
    card: PersonCard,
    query: CallbackQuery,
    *,
    pausing: bool,
) -> None:
    """A card's "Pause" or "Resume": its cards say so, in every guardian's chat, the other
    guardians are told who did it, and a resume offers each of them what was held."""
    user_id = query.from_user.id
    paused = await persons.set_paused(card.id, user_id, pausing)
    outcome = paused.outcome
    await show_as_now(persons, messenger, [card.id], asked=_shown_card(card_message, card.id))
    if outcome == PauseOutcome.CHANGED:
        told = await bot.send_message(
            user_id, (texts.paused if pausing else texts.resumed)(card.name)
        )
        await notices.pause_told(user_id, told.message_id, card.id, paused=pausing)
        who = query.from_user.first_name
        for chat_id in paused.others:
            async with speaking_to(chat_id):
                news = (texts.paused_by if pausing else texts.resumed_by)(who, card.name)
            with suppress(TelegramForbiddenError, TelegramBadRequest):  # blocked us meanwhile
                sent = await bot.send_message(chat_id, news)
                # Without their name once they delete their data (issue 32).
                await notices.news_by(
                    chat_id, sent.message_id, user_id, card.id, PAUSED if pausing else RESUMED
                )
        if pausing:
            await notices.paused_again(messenger, card.id)  # "Resumed Alice: I'll send…"
        else:
            await notices.resumed(messenger, card.id)  # "Paused Alice: … When you resume…"
            # "Resumed:" first, then what was held: the photos offered, the questions asked.
            await offer_held(bot, deliveries, notices, card.id, card.name)
            await persons.ask_held_questions(card.id)
    elif outcome == PauseOutcome.ALREADY:
        await bot.send_message(user_id, texts.already_paused(card.name, pausing))
    else:
        await bot.send_message(user_id, texts.not_ready_to_pause(card.name))


async def _offer_merge(
    bot: Bot,
    persons: Persons,
    card: PersonCard,
    user_id: int,
    reply_to_card: ReplyParameters | None,
) -> None:
    """A card's "Merge": which of the guardian's other persons is the same child."""
    rows_of_user = [row for row in await persons.of_user(user_id) if row.id != card.id]
    others = [row for row in rows_of_user if may_merge_with(row.status)]
    if not others:
        unfinished = [row.name for row in rows_of_user if not may_merge_with(row.status)]
        await bot.send_message(
            user_id,
            texts.merge_unfinished(unfinished) if unfinished else texts.no_other_person(),
        )
        return
    keep = short(card.id)
    rows = [
        [_button(row.name, MergeChoiceData(keep=keep, drop=short(row.id)).pack())] for row in others
    ]
    rows.append([_button(texts.keep_both(), MergeChoiceData(keep=keep, drop="").pack())])
    await bot.send_message(
        user_id,
        texts.choose_merge(card.name),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=rows),
        reply_parameters=reply_to_card,
    )


async def _confirm_erasure(
    bot: Bot,
    buttons: Buttons,
    card: PersonCard,
    user_id: int,
    reply_to_card: ReplyParameters | None,
    *,
    forget: bool,
) -> None:
    """A card's "Forget faces" or "Delete": asked once more, with a one-time button."""
    token = await buttons.issue(
        user_id, user_id, Action.FORGET_FACES if forget else Action.DELETE_PERSON, card.id
    )
    if token is None:
        return
    question = texts.confirm_forget_faces(card.name) if forget else texts.confirm_delete(card.name)
    await bot.send_message(
        user_id,
        question,
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[
                [token_button(texts.confirm(), token), dismiss_button(texts.cancel_button(), token)]
            ]
        ),
        reply_parameters=reply_to_card,
    )


async def offer_held(
    bot: Bot, deliveries: Deliveries, notices: Notices, person_id: UUID, name: str
) -> None:
    """On resume, each guardian is offered the photos held while the person was paused:
    kept track of, so that a takedown, a deletion or a /forget says what is left of it."""
    pid = short(person_id)
    for chat_id, held in await deliveries.held_offers(person_id):
        async with speaking_to(chat_id):  # each co-guardian in their own language
            markup = InlineKeyboardMarkup(
                inline_keyboard=[
                    [
                        _button(_(languages_texts.YES), HeldData(person=pid, yes=True).pack()),
                        _button(_(languages_texts.NO), HeldData(person=pid, yes=False).pack()),
                    ]
                ]
            )
            sent = await bot.send_message(
                chat_id,
                texts.held_offer(name, held.photos, held.clips, groups=held.groups),
                reply_markup=markup,
            )
        await notices.held(chat_id, sent.message_id, person_id)


async def take_held(
    query: CallbackQuery, callback_data: HeldData, deliveries: Deliveries, notices: Notices
) -> None:
    """Yes or no to the photos held while paused; a second press finds nothing left."""
    person_id = expand(callback_data.person)
    offer = pressed_message(query)  # edited to "Sending 2 photos.", then "Sent" once they went
    said = (offer.chat.id, offer.message_id) if offer is not None else None
    outcome, taken, name = (
        await deliveries.take_held(person_id, query.from_user.id, callback_data.yes, said=said)
        if person_id
        else (HeldOutcome.NOT_YOURS, NOTHING_HELD, "")
    )
    answers = {
        HeldOutcome.SENDING: texts.held_sent(taken.photos, taken.clips),
        HeldOutcome.DROPPED: texts.held_dropped(taken.photos, taken.clips),
        HeldOutcome.NOTHING: texts.held_already(),
        HeldOutcome.PAUSED: texts.person_paused(name),
        HeldOutcome.NOT_YOURS: corrections_texts.not_yours(),
        HeldOutcome.GONE: texts.held_gone(),
        HeldOutcome.FACES_FORGOTTEN: texts.held_since_faces_forgotten(name),
        HeldOutcome.ELSEWHERE: texts.held_out_of_group(taken.groups),
        HeldOutcome.BANNED: texts.held_banned(taken.groups),
    }
    # Closed since, all of it taken down: why, not "Already done." (fixc 3).
    closed = (
        await notices.held_closed(*said)
        if outcome == HeldOutcome.NOTHING and said is not None
        else None
    )
    if closed == "taken_down":
        answers[outcome] = texts.held_taken_down(name)
    done = outcome in (HeldOutcome.SENDING, HeldOutcome.DROPPED, HeldOutcome.BANNED)
    await answer(query, answers[outcome], alert=outcome != HeldOutcome.SENDING)
    if done:
        await conclude(query, answers[outcome])
    elif outcome in (HeldOutcome.NOTHING, HeldOutcome.GONE, HeldOutcome.FACES_FORGOTTEN):
        await drop_buttons(query)
    else:
        return  # asked again later (paused, out of the group), or not theirs
    if said is not None:  # answered: no change makes it untrue now
        await notices.unsaid(*said)


async def history_command(
    message: Message,
    bot: Bot,
    persons: Persons,
    buttons: Buttons,
    command: CommandObject,
    data_export: DataExport,
) -> None:
    assert message.from_user is not None
    user_id = message.from_user.id
    if not await persons.is_participant(user_id) and await data_export.consent_kept(user_id):
        # Erased (/forget): no change is kept, not "Nothing has changed yet." (findings23 8).
        await message.answer(privacy_texts.history_after_forget())
        return
    automatic = (command.args or "").strip().lower() == "all"
    await send_history(bot, message.from_user.id, persons, buttons, automatic=automatic)


async def history_all(
    query: CallbackQuery, callback_data: HistoryData, persons: Persons, buttons: Buttons
) -> None:
    """ "Show automatic matches": the history again, with recognition's matches."""
    person_id = expand(callback_data.person) if callback_data.person else None
    await answer(query)
    await drop_pressed(query)
    if query.bot is not None:
        await send_history(
            query.bot, query.from_user.id, persons, buttons, person_id, automatic=True
        )


async def merge_chosen(
    query: CallbackQuery,
    callback_data: MergeChoiceData,
    persons: Persons,
    buttons: Buttons,
    messenger: Messenger,
) -> None:
    """A person chosen to merge with: nothing is merged yet. The question becomes the
    confirmation, which says which name and cover stay, with a single-use button for
    each way round (``confirmations``)."""
    user_id = query.from_user.id
    keep, drop = expand(callback_data.keep), expand(callback_data.drop)
    message = pressed_message(query)
    if not callback_data.drop:
        if not shows_pressed_button(query):
            # The question was answered (a merge done, or "keep both" already): its words
            # stay (findings17 1: "OK, I merged nothing." replaced "I merged Tamara into
            # Tamar", which stood).
            await answer(query, corrections_texts.suggestion_already_answered(), alert=True)
            return
        await answer(query)
        await conclude(query, texts.merge_cancelled())
        return
    plan = (
        await persons.merge_plan(keep, drop, user_id)
        if keep and drop
        else MergePlan(MergeOutcome.NOT_YOURS)
    )
    if plan.outcome == MergeOutcome.OWNER_ONLY and keep and drop:
        for person_id in (keep, drop):
            if await refused(query, persons, person_id, "merge"):
                return
    if plan.outcome != MergeOutcome.DONE or keep is None or drop is None or message is None:
        await unavailable(query, persons, messenger, drop if keep and drop else None, on_card=False)
        return
    shown = {"keep_name": plan.keep_name, "drop_name": plan.drop_name}
    card = {"card_of": str(keep)}
    as_asked = await buttons.issue(
        user_id, message.chat.id, Action.MERGE, keep, drop=drop, **shown, **card
    )
    other_way = await buttons.issue(
        user_id,
        message.chat.id,
        Action.MERGE,
        drop,
        drop=keep,
        keep_name=plan.drop_name,
        drop_name=plan.keep_name,
        **card,
    )
    if as_asked is None or other_way is None:
        await answer(query, corrections_texts.not_yours(), alert=True)
        return
    await answer(query)
    with suppress(TelegramBadRequest):  # pressed twice: it already asks
        await message.edit_text(
            texts.confirm_merge(
                plan.keep_name,
                plan.drop_name,
                plan.keep_has_cover,
                texts.merge_birth_dates(
                    plan.keep_name,
                    plan.drop_name,
                    dates.day(plan.keep_born) if plan.keep_born else None,
                    dates.day(plan.drop_born) if plan.drop_born else None,
                ),
                "\n".join(
                    texts.merge_newcomer(n.name, n.guards, n.gains, n.waits_in)
                    for n in plan.newcomers
                ),
                plan.forgotten,
                plan.together,
                [
                    texts.merge_standing(m.group, m.stricter, m.other, m.rejected)
                    for m in plan.standings
                ],
            ),
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[
                    [token_button(texts.merge_keep(plan.keep_name), as_asked)],
                    [token_button(texts.merge_other_way(plan.drop_name), other_way)],
                    [_button(texts.keep_both(), MergeChoiceData(keep=short(keep), drop="").pack())],
                ]
            ),
        )


def _shown_card(message: Message | None, person_id: UUID) -> shown.Shown | None:
    """The card a button was pressed on (``show_as_now``'s ``asked``)."""
    if message is None:
        return None
    return shown.Shown(message.chat.id, message.message_id, person_id, bool(message.photo))


def _card_ids(message: Message | None) -> dict[str, int | bool]:
    """Where the card a question was asked from is (FSM data holds ids only)."""
    if message is None:
        return {}
    return {"card": message.message_id, "card_photo": bool(message.photo)}


async def _update_cards(
    messenger: Messenger, user_id: int, data: dict[str, Any], persons: Persons, person_id: UUID
) -> None:
    """Every card of the person shows the change: the one the question was asked from,
    and those in its other guardians' chats (``show_as_now``)."""
    card = data.get("card")
    asked = (
        shown.Shown(user_id, card, person_id, bool(data.get("card_photo")))
        if isinstance(card, int)
        else None
    )
    await show_as_now(persons, messenger, [person_id], asked=asked)


async def new_name(
    message: Message,
    state: FSMContext,
    bot: Bot,
    persons: Persons,
    messenger: Messenger,
    notices: Notices,
) -> None:
    assert message.from_user is not None
    checked = check_name(message.text or "")
    if checked.name is None:
        await message.answer(enrollment_texts.bad_name(checked.problem, checked.length))
        return
    name = checked.name
    data = await state.get_data()
    person_id = data.get("person_id")
    same = await persons.look_alike_name(
        message.from_user.id, name, besides=UUID(person_id) if person_id else None
    )
    if same is not None:  # asked again, in the same conversation
        await message.answer(texts.name_looks_like(name, same))
        return
    await state.clear()
    renamed = (
        await persons.rename(UUID(person_id), message.from_user.id, name) if person_id else None
    )
    if renamed is None or not person_id:
        await message.answer(corrections_texts.not_yours())
        return
    await _update_cards(messenger, message.from_user.id, data, persons, UUID(person_id))
    # The other guardians are told first: by the time the renamer reads "Renamed", they know.
    for chat_id in renamed.others:
        async with speaking_to(chat_id):
            news = texts.renamed_by(message.from_user.first_name, renamed.was, name)
        with suppress(TelegramForbiddenError, TelegramBadRequest):  # blocked us meanwhile
            sent = await bot.send_message(chat_id, news)
            # Without the renamer's name once they delete their data (issue 32).
            await notices.news_by(
                chat_id,
                sent.message_id,
                message.from_user.id,
                UUID(person_id),
                RENAMED,
                was=renamed.was,
                name=name,
            )
    await message.answer(texts.renamed(name))


async def new_birth_date(
    message: Message, state: FSMContext, persons: Persons, messenger: Messenger
) -> None:
    assert message.from_user is not None
    born = parse_birth_date(message.text or "")
    if isinstance(born, BadBirthDate):
        refusals = {
            BadBirthDate.UNREADABLE: texts.bad_birth_date(),
            BadBirthDate.IN_FUTURE: texts.future_birth_date(),
            BadBirthDate.TOO_OLD: texts.too_old_birth_date(),
        }
        await message.answer(refusals[born])
        return
    data = await state.get_data()
    person_id = data.get("person_id")
    await state.clear()
    name = (
        await persons.set_birth_date(UUID(person_id), message.from_user.id, born)
        if person_id
        else None
    )
    if name is not None and person_id:
        await _update_cards(messenger, message.from_user.id, data, persons, UUID(person_id))
    await message.answer(
        texts.birth_date_set(name, dates.day(born))
        if name is not None
        else corrections_texts.not_yours()
    )


async def export_command(message: Message, data_export: DataExport, notices: Notices) -> None:
    assert message.from_user is not None
    data = await data_export.of(message.from_user.id)
    if data is None:
        await message.answer(privacy_texts.nothing_to_export())
        return
    document = BufferedInputFile(
        json.dumps(data, indent=2, ensure_ascii=False).encode(), "facedrop-export.json"
    )
    sent = await message.answer_document(document, caption=export_caption(data))
    # What it holds is deleted at /forget: so is the document, or its caption says so.
    await notices.export(message.chat.id, sent.message_id)


async def forget_command(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    bot: Bot,
    persons: Persons,
    buttons: Buttons,
    messenger: Messenger,
    data_export: DataExport,
) -> None:
    """/forget asks first (a single-use button); ``/forget confirm`` is the typed answer."""
    assert message.from_user is not None
    user_id = message.from_user.id
    if (command.args or "").strip().lower() == "confirm":
        await forget_conversation(state)
        # It says it is under way, and once done, that it is done.
        said = await message.answer(privacy_texts.forgetting())
        await forget_account(
            bot, persons, buttons, messenger, user_id, (said.chat.id, said.message_id)
        )
        return
    token = await buttons.issue(user_id, message.chat.id, Action.FORGET_ME)
    if token is None:
        organizer = await data_export.organizer_record(user_id)
        kept = await data_export.consent_kept(user_id)
        await message.answer(privacy_texts.nothing_to_forget(organizer, kept=kept))
        return
    await message.answer(
        privacy_texts.forget_confirm(),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    token_button(privacy_texts.forget_button(), token),
                    dismiss_button(texts.cancel_button(), token),
                ]
            ]
        ),
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
    routes.callback_query.register(merge_chosen, MergeChoiceData.filter())
    routes.callback_query.register(history_all, HistoryData.filter())
    routes.callback_query.register(take_held, HeldData.filter())
    return routes
