"""Buttons on delivered photos and suggestions. Callback data is user input: the
services check that the pressing user is a guardian of the face's person before
anything about it is read or said, and a refusal names nobody.

"Not Alice?" asks what the guardian means: "Remove this photo only" (nothing
learned) or "That isn't Alice" (then: one of their other persons, or someone they
don't know, remembered as a negative example). A handled choice replaces its
message with what was done and an Undo button."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from uuid import UUID

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import (
    CallbackQuery,
    InaccessibleMessage,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessageUnion,
    ReplyParameters,
)

from bot.replies import answer, drop_buttons, shows_pressed_button, token_button
from domain.buttons import Action, Buttons
from domain.corrections import renamed, texts
from domain.corrections.menus import CorrectionMenus
from domain.corrections.service import Correction, Corrections, Outcome, PhotoFate
from domain.earlier_photos import texts as earlier_photos_texts
from domain.infra.telegram.callbacks import (
    MoveData,
    NotPersonChoiceData,
    NotPersonData,
    PairData,
    SuggestionData,
    expand,
    keyboard,
    short,
)
from domain.languages import texts as languages_texts
from domain.moderation import texts as moderation_texts
from domain.onboarding.service import Onboarding
from domain.persons import texts as persons_texts
from domain.persons.answers import CorrectionAnswers
from domain.persons.stores import CopyEdit, CopyTold
from domain.privacy.notices import Notices
from domain.telegram import Messenger, TelegramUnavailable

log = logging.getLogger(__name__)

REMOVE, NOT_THEM = "r", "n"  # NotPersonChoiceData.act

# Callback answers for what did not happen (plain text: a popup shows no HTML), read
# when answering: in the reader's language.
REFUSALS = {
    Outcome.ALREADY: texts.already_changed,
    Outcome.NOT_YOURS: texts.not_yours,
}
# An answer's outcomes said in a popup the reader must dismiss (the others in a toast).
ALERTS = (Outcome.NOT_YOURS, Outcome.GONE, Outcome.LEFT)
UNTOUCHED = (Outcome.NOT_YOURS, Outcome.GONE)


def _on_a_clip(message: MaybeInaccessibleMessageUnion | None) -> bool:
    """Whether the pressed message is a copy of a clip, or replies to one (the choices
    under "Not Alice?"): its face gone, nothing else says what it was."""
    if message is None or isinstance(message, InaccessibleMessage):
        return False
    shown = [message, message.reply_to_message]
    return any(m is not None and (m.video or m.animation or m.video_note) for m in shown)


async def _show_with_undo(
    query: CallbackQuery,
    buttons: Buttons,
    event_id: UUID | None,
    text: str,
    **said: str,
) -> None:
    """The change just made, said with a single-use Undo (``domain.buttons``) that knows
    the message it is on: a /forget takes it off there (findings10 6); ``said``: what the
    text is made of (``corrections.renamed``: a rename says it again in the new name)."""
    chat_id = query.message.chat.id if query.message is not None else query.from_user.id
    token = (
        await buttons.issue(query.from_user.id, chat_id, Action.UNDO, event_id, shown="correction")
        if event_id
        else None
    )
    markup = (
        InlineKeyboardMarkup(inline_keyboard=[[token_button(persons_texts.undo(), token)]])
        if token
        else None
    )
    shown_at = await _show(query, text, markup)
    if token is not None and shown_at is not None:
        await buttons.note(token, message=str(shown_at), **said)


async def _show(
    query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None
) -> int | None:
    """Replace the pressed message's text and keyboard (a new message if it can't be
    edited); the message it is in."""
    message = query.message
    if query.bot is None:
        return None
    if message is not None and not isinstance(message, InaccessibleMessage) and message.text:
        with contextlib.suppress(TelegramAPIError):
            await query.bot.edit_message_text(
                text, chat_id=message.chat.id, message_id=message.message_id, reply_markup=markup
            )
            return message.message_id
    sent = await query.bot.send_message(query.from_user.id, text, reply_markup=markup)
    return sent.message_id


async def _refuse(
    query: CallbackQuery, outcome: Outcome, corrections: Corrections | None = None
) -> None:
    if outcome == Outcome.GONE:
        kept = await _kept_days(query.message, corrections)
        refusal = (
            texts.faces_expired(*kept) if kept else texts.face_gone(clip=_on_a_clip(query.message))
        )
    else:
        refusal = REFUSALS[outcome]()
    await answer(query, refusal, alert=True)


def _pressed(query: CallbackQuery) -> int | None:
    """The copy a "Not Alice?" (or a choice under it) was pressed for, in the presser's
    chat: the message pressed, or the one the choices under it reply to."""
    message = query.message
    if message is None or isinstance(message, InaccessibleMessage):
        return None
    shown = message.reply_to_message or message
    return shown.message_id


async def _kept_days(
    message: MaybeInaccessibleMessageUnion | None, corrections: Corrections | None
) -> tuple[str, int] | None:
    """The pressed copy's group keeps faces so long, and its photo's are past it: (title,
    days). The copy is the message pressed, or the one the choices under it reply to."""
    if corrections is None or message is None or isinstance(message, InaccessibleMessage):
        return None
    for shown in (message, message.reply_to_message):
        if shown is not None:
            kept = await corrections.kept_days(message.chat.id, shown.message_id)
            if kept is not None:
                return kept
    return None


async def not_this_person(
    query: CallbackQuery,
    callback_data: NotPersonData,
    corrections: Corrections,
    correction_menus: CorrectionMenus,
) -> None:
    """ "Not Alice?" on a delivered photo: ask what the guardian means, with the consequences."""
    offer = await corrections.offer(callback_data.face, query.from_user.id, _pressed(query))
    if offer.outcome != Outcome.DONE:
        await _refuse(query, offer.outcome, corrections)
        return
    face = short(callback_data.face)
    rows = [
        [
            InlineKeyboardButton(
                text=texts.remove_photo_only(clip=offer.clip),
                callback_data=NotPersonChoiceData(face=face, act=REMOVE).pack(),
            )
        ],
        [
            InlineKeyboardButton(
                text=texts.isnt_person(offer.name),
                callback_data=NotPersonChoiceData(face=face, act=NOT_THEM).pack(),
            )
        ],
    ]
    if query.bot is not None:
        # "What's wrong with this photo" replies to the copy it means, however far up: the
        # album's item for an album's "(photo n)" button (saying which), else the copy
        # tapped; said anyway when that copy is gone.
        number = offer.album_number if offer.copy_message is not None else None
        copy = offer.copy_message or (query.message.message_id if query.message else None)
        menu = await query.bot.send_message(
            query.from_user.id,
            texts.not_person_choices(
                offer.name,
                offer.staying,
                offer.others,
                number,
                clip=offer.clip,
                too_old=offer.too_old,
                round_video=offer.round_video,
            ),
            reply_markup=InlineKeyboardMarkup(inline_keyboard=rows),
            reply_parameters=ReplyParameters(message_id=copy, allow_sending_without_reply=True)
            if copy is not None
            else None,
        )
        # Kept while open: a rename closes it (it names the person).
        await correction_menus.shown(callback_data.face, query.from_user.id, menu.message_id)
    await answer(query)  # after the reply: the user sees the choices when the spinner stops


async def not_person_choice(
    query: CallbackQuery,
    callback_data: NotPersonChoiceData,
    corrections: Corrections,
    correction_menus: CorrectionMenus,
    correction_answers: CorrectionAnswers,
    buttons: Buttons,
    messenger: Messenger,
    notices: Notices,
) -> None:
    face_id = expand(callback_data.face)
    if await _answered_already(query, face_id, corrections, correction_menus):
        return
    if face_id is None or callback_data.act not in (REMOVE, NOT_THEM):
        await answer(query, languages_texts.button_expired(), alert=True)
        return
    if callback_data.act == REMOVE:
        done = await corrections.remove_photo(face_id, query.from_user.id)
        await _report(
            query,
            buttons,
            correction_answers,
            corrections,
            done,
            renamed.REMOVED,
            (correction_menus, face_id, query.from_user.id),  # her copy only
            messenger,
            notices,
        )
        return
    offer = await corrections.offer(face_id, query.from_user.id, _pressed(query))
    if offer.outcome != Outcome.DONE:
        await _refuse(query, offer.outcome, corrections)
        return
    others = await corrections.other_persons(face_id, query.from_user.id)
    if not others:
        await _forget_face(
            query,
            face_id,
            corrections,
            buttons,
            correction_answers,
            correction_menus,
            messenger,
            notices,
        )
        return
    face = short(face_id)
    rows = [
        [
            InlineKeyboardButton(
                text=p.name, callback_data=MoveData(face=face, to=short(p.id)).pack()
            )
        ]
        for p in others
    ]
    rows.append(
        [
            InlineKeyboardButton(
                text=persons_texts.none_of_mine(), callback_data=MoveData(face=face, to="").pack()
            )
        ]
    )
    menu = await _show(
        query, persons_texts.who_is_it(offer.name), InlineKeyboardMarkup(inline_keyboard=rows)
    )
    if menu is not None:  # open again, naming the persons: a rename or a merge closes it
        await correction_menus.shown(face_id, query.from_user.id, menu)
    await answer(query)


async def _answered_already(
    query: CallbackQuery,
    face_id: UUID | None,
    corrections: Corrections,
    correction_menus: CorrectionMenus,
) -> bool:
    """A menu's choice pressed: the menu says what was done from now on, no longer open.
    True, and refused, when it was not open: answered already (a double tap, or a client
    still showing the choices not taken) or closed: its other choices do nothing
    (findings14 1: "Someone I don't know", pressed after a move, undid it and deleted the
    photo, answering "Done."). A face not theirs, gone or changed since says so, as a
    fresh press would."""
    message = query.message
    if message is None or await correction_menus.pressed(query.from_user.id, message.message_id):
        return False
    closed = await correction_menus.closed_unused(query.from_user.id, message.message_id)
    if closed is not None:  # nobody answered it: it closed, and says so
        await answer(query, closed, alert=True)
        return True
    offer = (
        await corrections.offer(face_id, query.from_user.id, _pressed(query)) if face_id else None
    )
    if offer is not None and offer.outcome != Outcome.DONE:
        await _refuse(query, offer.outcome, corrections)  # not theirs, or gone, or changed
        if offer.outcome == Outcome.GONE:
            # Its face is gone (its person, its faces or its photo deleted): none of its
            # choices can apply again (findings19 17: they stayed after each press).
            await drop_buttons(query)
    else:
        await answer(query, texts.suggestion_already_answered(), alert=True)
    return True


async def _report(
    query: CallbackQuery,
    buttons: Buttons,
    answers: CorrectionAnswers,
    corrections: Corrections,
    done: Correction,
    said: str,
    corrected: tuple[CorrectionMenus, UUID, int | None],
    messenger: Messenger,
    notices: Notices,
) -> None:
    """A change that happened replaces the pressed message, with Undo (``said``: what it
    says, a ``renamed.SAID`` kind); the earlier
    corrections' messages whose Undo it ended say so (``answers``), and the other menus
    still open about the face close (``corrected``: the menus, the face, and the one chat
    the change is seen in, or None: every guardian's). Each guardian's copy of a photo
    that is no longer theirs is deleted from their chat where Telegram allows, else
    blanked (``messenger``: past 48 hours); a copy that stays for another of their
    persons names only those now."""
    if done.outcome != Outcome.DONE:
        await _refuse(query, done.outcome, corrections)
        return
    if query.bot is None:
        return
    text = renamed.said(said, done.name, clip=done.clip)
    rest = []
    removed, blanked, kept = await _change_copies(query.bot, done.copies, messenger, notices)
    # Only a copy that is gone (or blanked, or a round video left saying it isn't theirs)
    # is sent again if the correction is undone.
    await corrections.copies_removed(removed, [*blanked, *kept])
    await corrections.show_album_notes(done.albums)
    await corrections.cards_changed([query.from_user.id, *(c.chat_id for c in done.copies)])
    told = sum(
        1 for copy in done.copies if copy.notice and (copy.chat_id, copy.message_id) in removed
    )
    if any(chat_id == query.from_user.id for chat_id, _ in blanked):
        rest.append(texts.own_copy_blanked())  # too old to delete (findings18 13)
    if any(chat_id == query.from_user.id for chat_id, _ in kept):
        rest.append(texts.own_round_video_kept())  # nor to blank: it stays
    if told:
        rest.append(texts.others_told(told))
    if done.told or done.resent:  # a move back: the copies the earlier change took come again
        rest.append(texts.copies_back(len(done.told), resent=done.resent, clip=done.clip))
    text = " ".join([text, *rest])
    for chat_id, said, made in done.told:  # a move back: their copy comes again
        with contextlib.suppress(TelegramAPIError):
            sent = await query.bot.send_message(chat_id, said)
            await keep_told(notices, chat_id, sent.message_id, made, messenger)
    await _show_with_undo(
        query,
        buttons,
        done.event,
        text,
        said=said,
        rest=" ".join(rest),
        clip="1" if done.clip else "",
    )
    await answer(query, texts.correction_done())
    await answers.close_changed(done.persons)
    menus, face_id, only_in = corrected
    await menus.close_corrected(face_id, only_in=only_in)


async def change_copies(
    bot: Bot, copies: Sequence[CopyEdit], messenger: Messenger | None = None
) -> list[tuple[int, int]]:
    """Delete or re-caption delivered copies in guardians' chats (``CopyChange``), where
    Telegram allows (a message too old stays, blanked where the change says how); a
    guardian whose copy went is told, when the change says what; returns those deleted,
    blanked or, a round video, left saying why. A round video has no caption: its names
    message (a reply to it) is re-written, or goes with it."""
    removed, blanked, kept = await _change_copies(bot, copies, messenger)
    return [*removed, *blanked, *kept]


async def change_copies_apart(
    bot: Bot,
    copies: Sequence[CopyEdit],
    messenger: Messenger | None = None,
    notices: Notices | None = None,
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """``change_copies``, the copies deleted apart from those that stay blanked (or, a
    round video, kept) past 48 hours: ``Corrections.copies_removed``'s two lists."""
    removed, blanked, kept = await _change_copies(bot, copies, messenger, notices)
    return removed, [*blanked, *kept]


async def keep_told(
    notices: Notices,
    chat_id: int,
    message_id: int,
    told: CopyTold | None,
    messenger: Messenger | None = None,
) -> None:
    """What a guardian was told of their copy gone, or back, by another guardian's change
    (``told``: what it is made of; None: not kept), kept to say it in the person's new name
    at a rename (walken7 2); told it is back, what told them it went says, through
    ``messenger``, that this was undone since (walk37B 2)."""
    if told is None:
        return
    if told.told == "back" and told.photo_id is not None and messenger is not None:
        await notices.copy_back(messenger, chat_id, told.photo_id)
    await notices.copy_gone(
        chat_id,
        message_id,
        told.person_id,
        told.group,
        remembered=told.remembered,
        clip=told.clip,
        told=told.told,
        moved=told.moved,
        photo_only=told.photo_only,
        by=told.by,
        photo_id=told.photo_id,
    )


async def _change_copies(
    bot: Bot,
    copies: Sequence[CopyEdit],
    messenger: Messenger | None = None,
    notices: Notices | None = None,
) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[tuple[int, int]]]:
    """``change_copies``: the copies deleted, those Telegram refused to delete (48 hours)
    that were blanked instead through ``messenger`` (``CopyChange.blanked``: a neutral
    image, that caption, no buttons; its reader told nothing more), and the round videos
    that could be neither (Telegram can't change a round video's medium): they stay,
    without buttons, their names message saying why instead (``_round_video_kept``).
    ``notices``: where what a guardian is told of their copy gone is kept, to say it in
    the person's new name at a rename (walken7 2)."""
    removed: list[tuple[int, int]] = []
    blanked: list[tuple[int, int]] = []
    kept: list[tuple[int, int]] = []
    for copy in copies:
        with contextlib.suppress(TelegramAPIError):
            if copy.caption is None:
                try:
                    await bot.delete_message(copy.chat_id, copy.message_id)
                except TelegramAPIError as error:
                    # Too old to delete: blanked where the change says what it says then
                    # (a round video can't be: its names message says so instead), else
                    # it stays, without "Not Alice?" (nothing to correct).
                    if copy.round_video and copy.blanked and not _gone_already(error):
                        await _drop_markup(bot, copy.chat_id, copy.message_id)
                        await _round_video_kept(bot, copy)
                        kept.append((copy.chat_id, copy.message_id))
                        continue
                    if (
                        copy.blanked
                        and messenger is not None
                        and await _blank(messenger, copy.chat_id, copy.message_id, copy.blanked)
                    ):
                        blanked.append((copy.chat_id, copy.message_id))
                    else:
                        await _drop_markup(bot, copy.chat_id, copy.message_id)
                    gone = False
                else:
                    gone = True
                if copy.earlier_blank is not None and copy.blanked and messenger is not None:
                    # The blank above, which said the photo was sent again below, says
                    # what this correction did too (issue 32, fixq leftover).
                    await _blank(messenger, copy.chat_id, copy.earlier_blank, copy.blanked)
                if copy.names_message_id is not None:  # names nobody of theirs now
                    with contextlib.suppress(TelegramAPIError):
                        await bot.delete_message(copy.chat_id, copy.names_message_id)
                if not gone:
                    continue
                removed.append((copy.chat_id, copy.message_id))
                if copy.notice:
                    sent = await bot.send_message(copy.chat_id, copy.notice)
                    if notices is not None:
                        await keep_told(notices, copy.chat_id, sent.message_id, copy.told_of)
            elif copy.names_message_id is not None:
                # Each edit on its own: one refused as "not modified" must not stop the other.
                with contextlib.suppress(TelegramAPIError):
                    await bot.edit_message_reply_markup(
                        chat_id=copy.chat_id,
                        message_id=copy.message_id,
                        reply_markup=keyboard(copy.buttons),
                    )
                await bot.edit_message_text(
                    copy.caption, chat_id=copy.chat_id, message_id=copy.names_message_id
                )
            else:
                await bot.edit_message_caption(
                    chat_id=copy.chat_id,
                    message_id=copy.message_id,
                    caption=copy.caption,
                    reply_markup=keyboard(copy.buttons),
                )
    return removed, blanked, kept


def _gone_already(error: TelegramAPIError) -> bool:
    """A deletion refused as "message to delete not found": its reader deleted it."""
    said = str(error)
    return "not found" in said and "chat not found" not in said


async def _drop_markup(bot: Bot, chat_id: int, message_id: int) -> None:
    with contextlib.suppress(TelegramAPIError):
        await bot.edit_message_reply_markup(
            chat_id=chat_id, message_id=message_id, reply_markup=None
        )


async def _round_video_kept(bot: Bot, copy: CopyEdit) -> None:
    """A round video the correction took, too old to delete and never to be blanked: the
    message replying to it (its names, which a message can be edited to at any age) says
    it is no longer theirs and that they can delete it themselves; a new reply says so
    when that message is gone (deleted by its reader)."""
    if copy.names_message_id is not None:
        try:
            await bot.edit_message_text(
                copy.blanked, chat_id=copy.chat_id, message_id=copy.names_message_id
            )
            return
        except TelegramAPIError as error:
            log.info(
                "names of round video %s in %s not re-written: %s",
                copy.message_id,
                copy.chat_id,
                error,
            )
    await bot.send_message(
        copy.chat_id,
        copy.blanked,
        reply_parameters=ReplyParameters(
            message_id=copy.message_id, allow_sending_without_reply=True
        ),
    )


async def _blank(messenger: Messenger, chat_id: int, message_id: int, caption: str) -> bool:
    """The copy's picture replaced by a neutral image, its caption by ``caption``, its
    buttons dropped (Telegram lets a bot edit its own messages at any age); False when
    not (a round video's medium can't be edited)."""
    try:
        return await messenger.blank_photo(chat_id, message_id, caption)
    except TelegramUnavailable:
        return False


async def _forget_face(
    query: CallbackQuery,
    face_id: UUID,
    corrections: Corrections,
    buttons: Buttons,
    answers: CorrectionAnswers,
    menus: CorrectionMenus,
    messenger: Messenger,
    notices: Notices,
) -> None:
    done = await corrections.not_this_person(face_id, query.from_user.id)
    await _report(
        query,
        buttons,
        answers,
        corrections,
        done,
        renamed.NOT_PERSON,
        (menus, face_id, None),
        messenger,
        notices,
    )


async def move_face(
    query: CallbackQuery,
    callback_data: MoveData,
    corrections: Corrections,
    correction_menus: CorrectionMenus,
    correction_answers: CorrectionAnswers,
    buttons: Buttons,
    messenger: Messenger,
    notices: Notices,
) -> None:
    face_id = expand(callback_data.face)
    if await _answered_already(query, face_id, corrections, correction_menus):
        return
    if face_id is None:
        await answer(query, languages_texts.button_expired(), alert=True)
        return
    if not callback_data.to:
        await _forget_face(
            query,
            face_id,
            corrections,
            buttons,
            correction_answers,
            correction_menus,
            messenger,
            notices,
        )
        return
    to_person = expand(callback_data.to)
    if to_person is None:
        await answer(query, languages_texts.button_expired(), alert=True)
        return
    done = await corrections.move_face(face_id, to_person, query.from_user.id)
    if done.outcome == Outcome.SAME:
        await answer(query, texts.already_theirs(done.name), alert=True)
        if query.message is not None:  # nothing was done here: the menu is still open
            await correction_menus.shown(face_id, query.from_user.id, query.message.message_id)
        return
    if done.outcome == Outcome.BLOCKED:  # a forged or replayed button: nothing moved
        await answer(query, texts.not_approved_there(done.name), alert=True)
        if query.message is not None:  # the menu's own choices still apply
            await correction_menus.shown(face_id, query.from_user.id, query.message.message_id)
        return
    await _report(
        query,
        buttons,
        correction_answers,
        corrections,
        done,
        renamed.MOVED,
        (correction_menus, face_id, None),
        messenger,
        notices,
    )


async def _forgotten_since(
    query: CallbackQuery, outcome: Outcome, onboarding: Onboarding, messenger: Messenger
) -> bool:
    """A question pressed in their own chat by one who deleted everything since it was
    asked (a button /forget's closing had not taken off there yet, or replayed): it is
    closed, and says so (findings16 9: "That isn't one of your people.", buttons kept).
    True: so answered."""
    message = query.message
    if (
        outcome != Outcome.NOT_YOURS
        or message is None
        or message.chat.id != query.from_user.id
        or not await onboarding.deleted_everything(query.from_user.id)
    ):
        return False
    said = texts.question_forgotten()
    await answer(query, said, alert=True)
    if shows_pressed_button(query):  # closed as /forget closes the others
        with contextlib.suppress(TelegramUnavailable):
            await messenger.blank_photo(message.chat.id, message.message_id, said)
    return True


async def answer_suggestion(
    query: CallbackQuery,
    callback_data: SuggestionData,
    corrections: Corrections,
    messenger: Messenger,
    onboarding: Onboarding,
) -> None:
    """ "Is this Alice?" yes/no: only a guardian of the person; the question's keyboard is
    replaced by what was done."""
    outcome, name = await corrections.answer_suggestion(
        callback_data.id, query.from_user.id, callback_data.yes
    )
    if await _forgotten_since(query, outcome, onboarding, messenger):
        return
    answers = {
        Outcome.DONE: texts.suggestion_yes() if callback_data.yes else texts.suggestion_no(),
        Outcome.ALREADY: texts.suggestion_already_answered(),
        Outcome.EXPIRED: texts.suggestion_expired_alert(),
        Outcome.NOT_YOURS: texts.not_yours(),
        Outcome.GONE: texts.question_gone(),
        Outcome.LEFT: earlier_photos_texts.earlier_photos_left(
            name or moderation_texts.untitled_group()
        ),
    }
    message = query.message
    # Not theirs, or gone (a forged or replayed press may come from any message): untouched.
    if outcome not in UNTOUCHED and message is not None and query.bot is not None:
        with contextlib.suppress(TelegramAPIError):
            if outcome == Outcome.LEFT:  # ``name``: the group's title
                await _no_longer_applies(messenger, message, name)
            elif outcome == Outcome.DONE:
                fate, clip = (
                    await corrections.photo_fate(callback_data.id, query.from_user.id)
                    if callback_data.yes
                    else (None, False)
                )
                await query.bot.edit_message_caption(
                    chat_id=message.chat.id,
                    message_id=message.message_id,
                    caption=texts.suggestion_answered(name, fate, clip=clip),
                    reply_markup=None,
                )
                if fate == PhotoFate.IN_CHAT:  # the copy she has names this person too
                    await change_copies(query.bot, await corrections.copies_named(callback_data.id))
            else:
                await query.bot.edit_message_reply_markup(
                    chat_id=message.chat.id, message_id=message.message_id, reply_markup=None
                )
    if outcome == Outcome.DONE and query.bot is not None:
        await _answered_elsewhere(
            query.bot, await corrections.asked_others(callback_data.id, query.from_user.id)
        )
        # "Is this Alice or Bob?" elsewhere, after this "not Alice": it asks about Bob now.
        for chat_id, message_id, said, buttons in await corrections.asked_instead(
            callback_data.id, query.from_user.id
        ):
            await messenger.recaption(chat_id, message_id, said, buttons)
    await answer(query, answers[outcome], alert=outcome in ALERTS)


async def _answered_elsewhere(bot: Bot, asked: list[tuple[int, int, str]]) -> None:
    """The other guardians asked the same ((chat, message, what it reads now)): who
    answered, and what; no buttons left."""
    for chat_id, message_id, said in asked:
        with contextlib.suppress(TelegramAPIError):
            await bot.edit_message_caption(
                chat_id=chat_id, message_id=message_id, caption=said, reply_markup=None
            )


async def _no_longer_applies(
    messenger: Messenger, message: MaybeInaccessibleMessageUnion, group: str
) -> None:
    """A question its reader may no longer answer (banned from the group, or gone from
    it): the face and the buttons go, the caption says why."""
    await messenger.blank_photo(
        message.chat.id,
        message.message_id,
        texts.question_left(group or moderation_texts.untitled_group()),
    )


async def answer_pair(
    query: CallbackQuery,
    callback_data: PairData,
    corrections: Corrections,
    messenger: Messenger,
    onboarding: Onboarding,
) -> None:
    """ "Is this Alice or Bob?" (siblings): only a guardian of both; the question's keyboard
    is replaced by what was done."""
    pair_id = expand(callback_data.pair)
    chosen = expand(callback_data.person) if callback_data.person else None
    if pair_id is None or (callback_data.person and chosen is None):
        await answer(query, languages_texts.button_expired(), alert=True)
        return
    outcome, told = await corrections.answer_pair(pair_id, query.from_user.id, chosen)
    if await _forgotten_since(query, outcome, onboarding, messenger):
        return
    answers = {
        Outcome.DONE: texts.suggestion_yes() if chosen else texts.suggestion_no(),
        Outcome.ALREADY: texts.suggestion_already_answered(),
        Outcome.EXPIRED: texts.suggestion_expired_alert(),
        Outcome.NOT_YOURS: texts.not_yours(),
        Outcome.GONE: texts.question_gone(),
        Outcome.LEFT: earlier_photos_texts.earlier_photos_left(
            told.group or moderation_texts.untitled_group()
        ),
    }
    message = query.message
    # Not theirs, or gone (a forged or replayed press may come from any message): untouched.
    if outcome not in UNTOUCHED and message is not None and query.bot is not None:
        with contextlib.suppress(TelegramAPIError):
            if outcome == Outcome.LEFT:
                await _no_longer_applies(messenger, message, told.group)
            elif outcome == Outcome.DONE:
                fate, clip = (
                    await corrections.photo_fate(pair_id, query.from_user.id)
                    if chosen
                    else (None, False)
                )
                await query.bot.edit_message_caption(
                    chat_id=message.chat.id,
                    message_id=message.message_id,
                    caption=texts.pair_answered(told.chosen, told.names, fate, clip=clip),
                    reply_markup=None,
                )
                if fate == PhotoFate.IN_CHAT and chosen is not None:
                    # The copy she has names the chosen person too, as after a "yes".
                    copies = await corrections.copies_named_in_pair(pair_id, chosen)
                    await change_copies(query.bot, copies)
            else:
                await query.bot.edit_message_reply_markup(
                    chat_id=message.chat.id, message_id=message.message_id, reply_markup=None
                )
    if outcome == Outcome.DONE and query.bot is not None:
        await _answered_elsewhere(
            query.bot, await corrections.asked_others_of_pair(pair_id, query.from_user.id)
        )
    await answer(query, answers[outcome], alert=outcome in ALERTS)


def router() -> Router:
    """This feature's handlers on a fresh router (one per dispatcher)."""
    routes = Router(name="corrections")
    routes.callback_query.register(not_this_person, NotPersonData.filter())
    routes.callback_query.register(not_person_choice, NotPersonChoiceData.filter())
    routes.callback_query.register(move_face, MoveData.filter())
    routes.callback_query.register(answer_suggestion, SuggestionData.filter())
    routes.callback_query.register(answer_pair, PairData.filter())
    return routes
