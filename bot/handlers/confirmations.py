"""Buttons that change something for good: delete a person or forget its faces, merge,
remove a guardian, undo, and /forget. Each is a single-use token bound to the state it
was shown for (``domain.buttons``): pressed twice, after the state changed, or by
anyone else, it does nothing and says why. Once handled, the message says what was
done and its buttons are gone."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import partial
from uuid import UUID

from aiogram import Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.audits import refresh_audits
from bot.cards import drop_card, forget_account, show_card
from bot.consent import forget_conversation
from bot.handlers.corrections import change_copies_apart, keep_told
from bot.replies import (
    answer,
    button_refusal,
    conclude,
    dismiss_button,
    drop_buttons,
    drop_pressed,
    pressed_message,
    shows_pressed_button,
    token_button,
)
from domain.buttons import Action, Buttons, Pressed, Refusal
from domain.corrections import texts as corrections_texts
from domain.corrections.service import Corrections
from domain.delivery.copies import Copies
from domain.infra.telegram.callbacks import DismissData, KeepData, TokenData, expand
from domain.languages import texts as languages_texts
from domain.languages.catalogs import _
from domain.languages.chats import speaking_to
from domain.languages.markup import e
from domain.moderation.audit_view import AuditView
from domain.persons import shown, texts
from domain.persons.answers import CLOSED, FACES_FORGOTTEN, FORGOTTEN_NAME, CorrectionAnswers
from domain.persons.cards import merge_undone, show_as_now
from domain.persons.guardian_lists import (
    ASKED,
    LIST,
    close_list,
    mark_gone,
    redraw_guardians,
    redraw_list,
)
from domain.persons.guardians import Guardians, Removal, RemoveOutcome
from domain.persons.history_view import history_again, refresh_histories
from domain.persons.removals import tell_removal
from domain.persons.rules import PersonAction, Verdict
from domain.persons.service import MergeOutcome, MergeStale, PersonCard, Persons, Unavailable
from domain.privacy import texts as privacy_texts
from domain.privacy.notices import LEFT_IT, Notices, merge_news_first, merge_undone_first
from domain.recognition.assignments import UndoOutcome
from domain.states import FirstSaid
from domain.telegram import Messenger, TelegramUnavailable

# What each removal says, in its popup and then on the list pressed, made when answering:
# in the presser's language, not the one current when the module was imported.
REMOVALS: dict[RemoveOutcome, Callable[[Removal], tuple[str, str]]] = {
    RemoveOutcome.REMOVED: lambda r: (
        texts.guardian_removed(),
        texts.removed(r.leaver, r.person_name),
    ),
    RemoveOutcome.LEFT: lambda r: (
        texts.left_person(r.person_name),
        texts.left_person(r.person_name),
    ),
}


async def refused(query: CallbackQuery, persons: Persons, person_id: UUID, action: str) -> bool:
    """Answer with the precise refusal when only the owner may do ``action``; True if refused."""
    permission = await persons.permission(person_id, query.from_user.id, PersonAction(action))
    if permission.allowed:
        return False
    if permission.verdict == Verdict.OWNER_ONLY:
        text = texts.owner_only(action, permission.name, permission.owner_name)
    else:
        text = corrections_texts.not_yours()
    await answer(query, text, alert=True)
    return True


async def pressed(
    query: CallbackQuery,
    callback_data: TokenData,
    state: FSMContext,
    buttons: Buttons,
    persons: Persons,
    guardians: Guardians,
    messenger: Messenger,
    copies: Copies,
    correction_answers: CorrectionAnswers,
    audits: AuditView,
    corrections: Corrections,
    notices: Notices,
) -> None:
    message = pressed_message(query)
    chat_id = message.chat.id if message is not None else query.from_user.id
    token_id = expand(callback_data.id)
    spent = await buttons.press(token_id, query.from_user.id, chat_id)
    if spent.refusal == Refusal.EXPIRED and (
        gone := await _deleted_since(query, buttons, persons, token_id)
    ):
        # A guardians list of a person deleted since: its list says so, or will once the
        # deletion is done (``guardian_lists.on_person_deleted``).
        await answer(query, gone, alert=True)
        return
    if spent.refusal == Refusal.EXPIRED and (
        left := await _left_since(query, buttons, persons, token_id)
    ):
        # An older guardians list of a person the presser no longer guards: it says so now.
        await answer(query, left, alert=True)
        await conclude(query, e(left))
        return
    if spent.refusal == Refusal.EXPIRED and await _guardians_now(
        query, buttons, persons, messenger, token_id
    ):
        return
    if spent.refusal == Refusal.EXPIRED and (
        changed := await _leaving_changed(query, buttons, persons, token_id)
    ):
        # The owner's "Leave Alice? … and Carl becomes their owner" once who guards Alice
        # changed: it says so, as its redraw does (``guardian_lists``), naming no one.
        await answer(query, changed, alert=True)
        await conclude(query, e(changed))
        return
    if spent.refusal is not None or spent.action is None:
        said = button_refusal(spent.refusal)
        why_not: str | None = None  # an Undo's reason, its message redrawn to say it
        redrawn = False  # an Undo's /history redrawn to say why
        if spent.refusal == Refusal.EXPIRED:
            why_not, redrawn = await _undo_refused(
                query, buttons, persons, messenger, correction_answers, token_id
            )
            said = why_not or await _why_expired(query, buttons, persons, token_id) or said
        await answer(query, said, alert=True)
        if spent.refusal == Refusal.EXPIRED:
            if not await _on_history(query, persons):
                await drop_buttons(query)  # a question: none of its buttons applies now
            elif not redrawn and shows_pressed_button(query):
                # A /history's other Undo buttons may still act (findings19 3: a double
                # tap on one took them all away): only the pressed one goes.
                await drop_pressed(query)
        return
    user_id = query.from_user.id
    if spent.action == Action.UNDO:
        await _undo(
            query,
            spent,
            persons,
            buttons,
            messenger,
            correction_answers,
            audits,
            corrections,
            notices,
        )
        return
    if spent.action == Action.REMOVE_GUARDIAN:
        await _remove_guardian(
            query, spent, guardians, persons, buttons, messenger, copies, notices
        )
        return
    done: str | None
    # The question that says an erasure is under way, and what it says once it is done.
    asking = (message.chat.id, message.message_id) if message is not None else None
    finished: str | None = None
    name: str | None = None  # the person deleted, or whose faces are
    going: list[shown.Shown] = []  # its cards
    if spent.action == Action.FORGET_ME:
        await forget_conversation(state)
        # Answered first, and the question says it is under way: redrawing every message
        # of theirs can take longer than Telegram waits for the answer (findings27 9: a
        # minute of spinning, then "query is too old"). Once done, it says so.
        await answer(query)
        await conclude(query, privacy_texts.forgetting())
        if query.bot is not None:
            await forget_account(query.bot, persons, buttons, messenger, user_id, asking)
        else:
            await persons.forget_me(user_id, asking)
        if asking is not None and not await persons.still_under_way(asking):
            await conclude(query, privacy_texts.forgotten_done())
        return
    elif spent.action == Action.MERGE:
        keep, drop = spent.subject, spent.arg("drop")
        outcome, kept, removed, told = (
            await persons.merge(keep, drop, user_id)
            if keep and drop
            else (MergeOutcome.NOT_YOURS, "", "", [])
        )
        if outcome == MergeOutcome.OWNER_ONLY and keep and drop:
            for person_id in (drop, keep):
                if await refused(query, persons, person_id, "merge"):
                    return
        done = texts.merged(kept, removed) if outcome == MergeOutcome.DONE else None
        if done is not None and keep is not None:
            await answer(query)
            await conclude(query, done)
            where = pressed_message(query)
            if where is not None and drop is not None:  # an undo from /history says so there
                for before in await persons.merge_said(
                    keep, drop, where.chat.id, where.message_id
                ):  # an earlier merge of the two, undone: it says they are one again
                    async with speaking_to(before.chat_id):
                        again = texts.merge_redone(before.kept, before.removed)
                    with contextlib.suppress(TelegramUnavailable):
                        await messenger.replace_text(before.chat_id, before.message_id, again)
            # Every card of either, in every guardian's chat: the kept person's show it
            # as it is now; the one merged away describes nobody now, and goes. Where the
            # merge was asked from that one, the kept person's card comes instead.
            card = _asked_from(query)
            if query.bot is not None:
                asked = (
                    shown.Shown(card.chat.id, card.message_id, keep, bool(card.photo))
                    if card is not None and spent.arg("card_of") == keep
                    else None
                )
                await show_as_now(persons, messenger, [p for p in (keep, drop) if p], asked=asked)
                if card is not None and spent.arg("card_of") != keep:
                    # Too old to delete, it says so, its face and buttons gone.
                    await drop_card(
                        query.bot,
                        persons,
                        card,
                        messenger=messenger,
                        said=lambda _chat: texts.card_replaced(),
                        replaced_by=keep,
                    )
                    await show_card(messenger, user_id, persons, keep)
                # The other guardians are told who merged them, and whose photos they get
                # from now on (the confirmation said so).
                for newcomer in told:
                    async with speaking_to(newcomer.telegram_user_id):
                        news = texts.merged_by(
                            query.from_user.first_name,
                            kept,
                            removed,
                            newcomer.guards,
                            newcomer.gains,
                            newcomer.waits_in,
                        )
                    with contextlib.suppress(TelegramForbiddenError, TelegramBadRequest):
                        sent = await query.bot.send_message(newcomer.telegram_user_id, news)
                        if keep is not None:
                            # "…you'll get the photos and clips of Cleo too": said in the
                            # past at their /forget, their leaving and the child's deletion;
                            # in its new name at a rename.
                            await notices.guardian(
                                newcomer.telegram_user_id,
                                sent.message_id,
                                [keep],
                                first=merge_news_first(query.from_user.id, keep, removed, newcomer),
                            )
            return
    else:
        keep_person = spent.action == Action.FORGET_FACES
        action = "forget_faces" if keep_person else "delete"
        if spent.subject and await refused(query, persons, spent.subject, action):
            return
        # Where its cards are, read before its deletion's job takes that with it.
        going = await persons.shown.cards_of([spent.subject]) if spent.subject else []
        # The question says it is under way, and once done, that it is done.
        name = (
            await persons.request_erasure(
                spent.subject, user_id, keep_person=keep_person, said=asking
            )
            if spent.subject
            else None
        )
        done = None
        if name is not None:
            done = texts.forgetting_faces(name) if keep_person else texts.erasing(name)
            finished = (
                privacy_texts.faces_forgotten_done(name)
                if keep_person
                else privacy_texts.person_deleted_done(name)
            )
    if done is None:
        await answer(query, corrections_texts.not_yours(), alert=True)
        await drop_buttons(query)
        return
    await answer(query)
    await conclude(query, done)
    if finished is not None and asking is not None and not await persons.still_under_way(asking):
        # The job was done before "Deleting..." was shown here, and its "Deleted" may have
        # come first: said again after it, so "Deleting..." cannot be what stays.
        await conclude(query, finished)
    card = _asked_from(query)
    # Past Telegram's 48 hours a card can't be deleted: it says who deleted the person (or
    # its faces), its face and buttons gone (findings18 3).
    gone_said = (
        partial(
            _deleted_said,
            name,
            query.from_user.first_name,
            user_id,
            spent.action == Action.FORGET_FACES,
        )
        if name is not None
        else None
    )
    if card is not None and query.bot is not None:
        # The card shows a face that is being deleted: it goes; the question says why.
        await drop_card(query.bot, persons, card, messenger=messenger, said=gone_said)
    if spent.subject and query.bot is not None:
        # So do its other cards, in every guardian's chat, and their lists say so.
        blanked: list[shown.Shown] = []
        await show_as_now(
            persons,
            messenger,
            [spent.subject],
            drop=[spent.subject],
            gone_said=gone_said,
            going=going,
            blanked=blanked,
        )
        for old in blanked:
            if old.chat_id != user_id and name is not None:
                # "Ann deleted Alice.": without her name at her /forget (issue 32).
                await notices.deleted_here(
                    old.chat_id,
                    old.message_id,
                    user_id,
                    name,
                    faces_only=spent.action == Action.FORGET_FACES,
                    photo=old.has_photo,
                    person_id=spent.subject,
                )


def _deleted_said(name: str, who: str, by: int, faces_only: bool, chat_id: int) -> str:
    """What a card of the person deleted by ``by`` (``who``) says in the chat of
    ``chat_id`` where it can no longer be deleted."""
    return texts.deleted_here(name, who, you=chat_id == by, faces_only=faces_only)


def _asked_from(query: CallbackQuery) -> Message | None:
    """The person card a confirmation was asked from (it is sent as a reply to it)."""
    message = pressed_message(query)
    return message.reply_to_message if message is not None else None


async def _deleted_since(
    query: CallbackQuery, buttons: Buttons, persons: Persons, token_id: UUID | None
) -> str | None:
    """A guardians list's button pressed once its person was deleted, or while it is:
    "Alice is being deleted (or already is), so that button does nothing now." (walk33 1:
    "You no longer get Alice's photos and clips."); None: not so. The button was shown to
    the presser, in this chat (``press`` refuses it to anyone else first)."""
    issued = await buttons.look(token_id)
    if issued is None or issued.action != Action.REMOVE_GUARDIAN or issued.subject is None:
        return None
    why, name, _into = await persons.unavailable(
        issued.subject, query.from_user.id, listed_to_them=True
    )
    if why != Unavailable.DELETED:
        return None
    if not (name := name or issued.text("name")):  # deleted: its name went with it
        return texts.person_deleted_since()
    return texts.person_being_deleted(name)


async def _left_since(
    query: CallbackQuery, buttons: Buttons, persons: Persons, token_id: UUID | None
) -> str | None:
    """A guardians list's button pressed by one who no longer guards the person (they
    left from another list, or were removed): "You no longer get Lia's photos."; None:
    not so."""
    issued = await buttons.look(token_id)
    if issued is None or issued.action != Action.REMOVE_GUARDIAN or issued.subject is None:
        return None
    name = issued.text("name")
    if not name or await persons.card(issued.subject, query.from_user.id) is not None:
        return None
    return texts.no_longer_guardian(name)


async def _leaving_changed(
    query: CallbackQuery, buttons: Buttons, persons: Persons, token_id: UUID | None
) -> str | None:
    """The owner's "Leave" on "Leave Alice? … and Carl becomes their owner", not pressed
    before nor too old, refused since who guards Alice changed (review36 7: "This button
    has expired."); None: not so. Pressed by one who guards her still (``_left_since``
    answers the others)."""
    issued = await buttons.look(token_id)
    if (
        issued is None
        or issued.action != Action.REMOVE_GUARDIAN
        or issued.subject is None
        or "heir" not in issued.args
        or issued.used
        or issued.too_old
    ):
        return None
    if "guardians" not in issued.args:
        return None  # a button made before it kept them: nothing to compare
    card = await persons.card(issued.subject, query.from_user.id)
    if card is None or _seats(card) == issued.text("guardians"):
        return None  # (another change: renamed, paused…)
    return texts.leave_asked_changed(card.name)


def _seats(card: PersonCard) -> str:
    """Who guards the card's person, as a button notes it (their ids, no names)."""
    return ",".join(sorted(str(g.participant_id) for g in card.guardians))


async def _guardians_now(
    query: CallbackQuery,
    buttons: Buttons,
    persons: Persons,
    messenger: Messenger,
    token_id: UUID | None,
) -> bool:
    """An older guardians list's button, pressed by one who still guards the person, once
    who guards it changed: what changed (a popup), and the list shows the guardians as they
    are now, with the buttons that still apply (findings16 1: "This button has expired."
    took them all away and kept naming one who had left). False: not so."""
    issued = await buttons.look(token_id)
    message = pressed_message(query)
    if (
        issued is None
        or issued.action != Action.REMOVE_GUARDIAN
        or issued.subject is None
        or message is None
        or "heir" in issued.args  # an owner's "Leave?": refused as the other questions are
    ):
        return False
    shown = shows_pressed_button(query)
    if not shown and issued.text(LIST) != str(message.message_id):
        return False  # not pressed on its list
    card = await persons.card(issued.subject, query.from_user.id)
    if card is None:
        return False
    who, guardian = issued.arg("who"), issued.text("guardian")
    if guardian and all(g.participant_id != who for g in card.guardians):
        said = texts.not_a_guardian_now(guardian, card.name)
    elif issued.used or issued.too_old:
        # Pressed already (a double tap), or its time was up: nothing to say changed.
        said = languages_texts.button_expired()
    else:
        said = texts.guardians_changed(card.name)
    await answer(query, said, alert=True)
    if shown and not issued.used:  # else answered, or redrawn already
        await redraw_list(
            messenger, persons, buttons, issued.subject, message.chat.id, message.message_id
        )
    return True


async def _undo_refused(
    query: CallbackQuery,
    buttons: Buttons,
    persons: Persons,
    messenger: Messenger,
    correction_answers: CorrectionAnswers,
    token_id: UUID | None,
) -> tuple[str | None, bool]:
    """An expired Undo on a correction's own message, or on a /history: why it can't be
    undone, as its undo would refuse and /history says (findings11 1: one wording, not
    "expired"), the message saying the same (a /history redrawn: findings21 11); None:
    another button, or nothing precise to say. One pressed again once its change was undone
    (a double tap, or a co-guardian's undo) says so: "That change is already undone."
    (findings32 3: "This button has expired."). And whether the /history was redrawn."""
    issued = await buttons.look(token_id)
    message = pressed_message(query)
    if issued is None or issued.action != Action.UNDO or issued.subject is None:
        return None, False
    if message is not None and issued.text("history") == str(message.message_id):
        if message.chat.id != issued.chat_id:
            return None, False  # replayed elsewhere: nothing of it is said there
        change = next(iter(await persons.changes_of([issued.subject])), None)
        if change is None or change.refused is None:
            return None, False
        if change.refused == UndoOutcome.ALREADY_UNDONE:
            # Its /history says so already (redrawn by the undo): only the pressed button
            # goes, if it is still shown.
            return _(texts.UNDO_TEXTS[change.refused.value]), False
        await history_again(messenger, persons, buttons, query.from_user.id, issued.args)
        if change.refused == UndoOutcome.FACES_FORGOTTEN and change.from_person is not None:
            # Named, as its line says it (walken7 4).
            return texts.undo_after_faces_forgotten(change.from_person.name), True
        return _(texts.UNDO_TEXTS[change.refused.value]), True
    if issued.text("shown") != "correction" or message is None:
        return None, False
    if message.chat.id != issued.chat_id or issued.text("message") != str(message.message_id):
        return None, False  # replayed elsewhere (a stranger's chat): nothing of it is said there
    if issued.text(CLOSED) == FACES_FORGOTTEN:
        # Closed at "Forget faces": why, not "expired" (walkhe4 13).
        return texts.undo_after_faces_forgotten(issued.text(FORGOTTEN_NAME)), False
    change = next(iter(await persons.changes_of([issued.subject])), None)
    if change is not None and change.refused == UndoOutcome.ALREADY_UNDONE:
        return _(texts.UNDO_TEXTS[change.refused.value]), False  # it says "Undone: ..."
    refused = await correction_answers.refused(issued.subject, message.chat.id, message.message_id)
    return refused, False


async def _why_expired(
    query: CallbackQuery, buttons: Buttons, persons: Persons, token_id: UUID | None
) -> str | None:
    """What changed since an expired button was shown, where it can be said precisely (only
    to a guardian of what it concerns); None: the usual "expired"."""
    issued = await buttons.look(token_id)
    if issued is not None and issued.action == Action.DELETE_PERSON and "alone" in issued.args:
        card = await persons.card(issued.subject, query.from_user.id) if issued.subject else None
        if card is not None and len(card.guardians) > 1:
            return texts.not_last_guardian(card.name)
        return None
    if issued is None or issued.action != Action.MERGE:
        return None
    keep, drop = issued.subject, issued.arg("drop")
    if keep is None or drop is None:
        return None
    stale = await persons.stale_merge(
        keep,
        drop,
        query.from_user.id,
        (issued.text("keep_name"), issued.text("drop_name")),
    )
    if stale.reason == MergeStale.CHANGED:
        return None
    return texts.stale_merge(stale.reason.value, stale.name, stale.now, stale.other)


async def _undo(
    query: CallbackQuery,
    spent: Pressed,
    persons: Persons,
    buttons: Buttons,
    messenger: Messenger,
    correction_answers: CorrectionAnswers,
    audits: AuditView,
    corrections: Corrections,
    notices: Notices,
) -> None:
    """Undo from /history (the list stays, the line says it was undone and its button
    goes, in every /history listing it) or from the correction's own message (``shown``
    "correction"), which then says it was undone."""
    undone = await persons.undo(spent.subject, query.from_user.id) if spent.subject else None
    said = texts.UNDO_TEXTS[undone.outcome.value if undone else "unknown"]
    done = undone is not None and undone.outcome == UndoOutcome.DONE
    where = pressed_message(query)
    if not done and spent.args.get("shown") == "correction" and spent.subject and where:
        # Its message says why from now on, as a later change would have made it say.
        await correction_answers.refused(spent.subject, where.chat.id, where.message_id)
    if done and undone is not None and undone.left is not None and not undone.resent:
        # Nothing comes back to them: why (findings32 1).
        group, clip, why = undone.left
        await answer(
            query, f"{_(said)} {texts.not_sent_again_left(group, clip=clip, why=why)}", alert=True
        )
    elif undone is not None and undone.outcome == UndoOutcome.FACES_FORGOTTEN and undone.name:
        # Whose faces "Forget faces" deleted, as its /history line says it (walken7 4).
        await answer(query, texts.undo_after_faces_forgotten(undone.name), alert=True)
    else:
        await answer(query, _(said), alert=not done)
    if undone is not None and undone.copies and query.bot is not None:
        # Copies that stayed name the person again (or go, sent only for the one it left).
        # One that went is no longer a copy sent (findings23 5: /export said "sent" and
        # /stats counted it); a later change that gives the face back sends it again.
        # Past 48 hours one is blanked instead (findings29 7: it stayed, named, while the
        # question said it was removed), kept apart so that a later change redraws it.
        await corrections.copies_removed(
            *await change_copies_apart(query.bot, undone.copies, messenger, notices)
        )
    if undone is not None and undone.photos:
        # The albums' notes name the person each copy names now, as after the correction
        # itself (findings24 4: "Not Alice? (photo 2)" stayed under a photo of Bob again).
        await corrections.show_album_notes(await corrections.albums_of(undone.photos))
    if undone is not None:
        for chat_id, message_id, caption in undone.answer_said:  # an undone "no"
            with contextlib.suppress(TelegramUnavailable):
                await messenger.recaption(chat_id, message_id, caption)
    if undone is not None and query.bot is not None:
        for chat_id, said, made in undone.told:  # told their copy went: told it comes back
            with contextlib.suppress(TelegramAPIError):
                sent = await query.bot.send_message(chat_id, said)
                # Said in the person's new name at a rename (walken7 2 follow-up).
                await keep_told(notices, chat_id, sent.message_id, made, messenger)
    if done and undone is not None and spent.args.get("shown") == "correction":
        clip = undone.resent_clip or bool(spent.args.get("clip"))
        await conclude(
            query,
            texts.undone_correction(
                undone.name,
                undone.resent,
                clip=clip,
                others=undone.resent_others,
                left=undone.left,
                photo_only=undone.photo_only,
            ),
        )
        if spent.subject is not None and where is not None:  # a rename says it again
            await correction_answers.said_undone(spent.subject, where.message_id, undone, clip)
    elif not done and "history" in spent.args and query.bot is not None:
        # An older /history, its change changed since: its lines say what is true now (this
        # one why it can't be undone), with the Undo buttons that would still act.
        await history_again(messenger, persons, buttons, query.from_user.id, spent.args)
    elif not done or "history" not in spent.args:
        await drop_pressed(query)
    if done and spent.subject is not None and query.bot is not None:
        also = undone.also if undone is not None else ()
        await refresh_histories(messenger, persons, buttons, [spent.subject, *also])
        # The /audit shown in the admin chats of its photos' groups lists the change: each
        # says it was undone now, as after an organizer's undo (findings17 6).
        for group_id in await audits.listing(spent.subject):
            await refresh_audits(query.bot, audits, group_id)
    if done and undone is not None and undone.persons:
        # Undone from /history: its own message says so; the others about its persons
        # whose Undo it ended say why (a merge's undo does this through its event).
        await correction_answers.close_changed(undone.persons)
    if done and undone is not None and undone.merged and query.bot is not None:
        # An undone merge: both persons' cards and lists, in every guardian's chat, as the
        # merge did; its "Merged … into …" says it was undone.
        await show_as_now(persons, messenger, undone.merged)
        kept_name, removed_name = undone.merged_names
        if len(undone.merged) == 2:  # its older cards blanked "merged into" say it's undone
            await merge_undone(persons, messenger, undone.merged[1], removed_name, kept_name)
        if undone.merge_said is not None:
            chat_id, message_id = undone.merge_said
            async with speaking_to(chat_id):
                text = texts.merge_undone(*undone.merged_names)
            with contextlib.suppress(TelegramBadRequest):  # deleted, or said already
                await query.bot.edit_message_text(
                    text, chat_id=chat_id, message_id=message_id, reply_markup=None
                )
        # The other guardians were told of the merge ("one child now"): told it is undone,
        # and that news, redrawn at a rename, says the undo too.
        kept, removed = undone.merged_names
        if len(undone.merged) == 2:
            await notices.merge_undone(undone.merged[0], removed)
        for other in undone.others:
            async with speaking_to(other.telegram_user_id):
                news = texts.merge_undone_by(
                    query.from_user.first_name, kept, removed, other.guards if other.gains else ""
                )
            with contextlib.suppress(TelegramForbiddenError, TelegramBadRequest):
                sent = await query.bot.send_message(other.telegram_user_id, news)
                if other.gains and other.guards_id is not None:
                    # "…You get the photos and clips of Alicia only": said in the past at
                    # their /forget and the child's deletion, as the merge's news (walken7 1).
                    await notices.guardian(
                        other.telegram_user_id,
                        sent.message_id,
                        [other.guards_id],
                        first=merge_undone_first(
                            query.from_user.id, undone.merged[0], kept, removed, other
                        ),
                    )


async def _remove_guardian(
    query: CallbackQuery,
    spent: Pressed,
    guardians: Guardians,
    persons: Persons,
    buttons: Buttons,
    messenger: Messenger,
    copies: Copies,
    notices: Notices,
) -> None:
    person_id, who = spent.subject, spent.arg("who")
    if person_id is not None and who is not None and "heir" not in spent.args:
        heir = await guardians.heir(person_id, query.from_user.id, who)
        if heir is not None:  # its owner leaves, and it passes to another: asked first
            await _ask_to_leave(query, buttons, messenger, persons, person_id, who, heir)
            return
    removal = (
        await guardians.remove(person_id, query.from_user.id, who)
        if person_id and who
        else Removal(RemoveOutcome.NOT_ALLOWED)
    )
    refusals = {
        RemoveOutcome.NOT_ALLOWED: corrections_texts.not_yours(),
        RemoveOutcome.OWNER_ONLY: texts.owner_only(
            "remove_guardian", removal.person_name, removal.owner_name
        ),
        RemoveOutcome.OWNER_STAYS: texts.owner_stays(removal.person_name, removal.owner_name),
    }
    if removal.outcome in refusals:
        await answer(query, refusals[removal.outcome], alert=True)
        return
    if removal.outcome == RemoveOutcome.LAST_GUARDIAN and person_id is not None:
        await _ask_to_delete(query, buttons, person_id, removal.person_name)
        return
    popup, done = REMOVALS[removal.outcome](removal)
    await answer(query, popup)
    await conclude(query, done)
    where = pressed_message(query)
    pressed_on = [(where.chat.id, where.message_id)] if where is not None else []
    if person_id is not None:
        for chat_id, message_id in pressed_on:  # it says what was done: left so
            await close_list(buttons, person_id, chat_id, message_id)
            if removal.outcome == RemoveOutcome.LEFT:  # listed again at a return
                await mark_gone(buttons, person_id, chat_id, message_id)
        # Every other guardians list of the person, in any chat, says who guards it now.
        await redraw_guardians(messenger, persons, buttons, person_id, but=pressed_on)
    gone = [removal.gone_chat] if removal.gone_chat is not None else []
    if person_id is not None:
        # The card goes from the chat of whoever left or was removed, and their lists no
        # longer list the person; the others' list its guardians.
        name = removal.person_name
        said = (
            texts.card_of_removed
            if removal.outcome == RemoveOutcome.REMOVED
            else texts.card_of_left
        )
        await show_as_now(
            persons, messenger, [person_id], former=gone, former_said=lambda _chat: said(name)
        )
    if person_id is not None and who is not None:
        # Their copies of its photos lose its "Not Alice?", which would only refuse now (as
        # a deleted person's do: findings10 5), by their chat's job.
        await copies.show_later(await copies.in_chats(person_ids=[person_id], participant_id=who))
    heard, left, removed = await tell_removal(messenger, removal)
    if removed is not None:
        # "Ann removed you as a guardian of Alice…": without her name at her /forget, in
        # the name it said (issue 32; she pressed this).
        await notices.removed_you(*removed, query.from_user.id, removal.person_name, person_id)
    for chat_id, message_id in left:
        # "Carl no longer gets Alice's photos…: they left.": without his name at his
        # /forget (issue 32; he pressed this).
        if person_id is not None:
            await notices.news_by(chat_id, message_id, query.from_user.id, person_id, LEFT_IT)
    if heard is not None and person_id is not None:
        # "…you're now the owner of Alice": said in the past at the heir's /forget; in its
        # new name at a rename (the owner who left pressed this).
        await notices.guardian(
            *heard, [person_id], first={"text": FirstSaid.OWNER_LEFT, "by": query.from_user.id}
        )


async def _on_history(query: CallbackQuery, persons: Persons) -> bool:
    """Whether the pressed message is a /history list (kept track of when sent)."""
    message = pressed_message(query)
    if message is None:
        return False
    shown = await persons.shown.in_chat(message.chat.id)
    return any(s.history and s.message_id == message.message_id for s in shown)


async def _ask_to_delete(
    query: CallbackQuery, buttons: Buttons, person_id: UUID, name: str
) -> None:
    """The only guardian pressed to leave, which would delete the person: asked first, as
    the card's "Delete" asks, and its "Yes, delete" takes that path. The list's button,
    spent, goes (pressed again, it would say it expired)."""
    user_id = query.from_user.id
    token = await buttons.issue(user_id, user_id, Action.DELETE_PERSON, person_id, alone="yes")
    await answer(query)
    await drop_buttons(query)
    where = pressed_message(query)
    if where is not None:  # its buttons gone: a later change leaves it as it is
        await close_list(buttons, person_id, where.chat.id, where.message_id)
    if token is None or query.bot is None:
        return
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [token_button(texts.confirm(), token), dismiss_button(texts.cancel_button(), token)]
        ]
    )
    # Not a reply to the list: "Yes, delete" takes the message replied to for the card.
    await query.bot.send_message(user_id, texts.confirm_last_leave(name), reply_markup=markup)


async def _ask_to_leave(
    query: CallbackQuery,
    buttons: Buttons,
    messenger: Messenger,
    persons: Persons,
    person_id: UUID,
    who: UUID,
    heir: tuple[UUID, str],
) -> None:
    """The owner pressed to leave while another guardian stays, who would own the person
    then: asked first, as the card's "Delete" asks (its "Leave" bound to who guards it now).
    The list pressed shows its buttons again, its own spent: "Cancel" leaves it working."""
    user_id = query.from_user.id
    card = await persons.card(person_id, user_id)
    await answer(query)
    where = pressed_message(query)
    if where is not None:
        await redraw_list(messenger, persons, buttons, person_id, where.chat.id, where.message_id)
    if card is None or query.bot is None:
        return
    heir_id, heir_name = heir
    token = await buttons.issue(
        user_id,
        user_id,
        Action.REMOVE_GUARDIAN,
        person_id,
        who=who,
        name=card.name,
        heir=heir_id,
        guardians=_seats(card),
    )
    if token is None:
        return
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [
                token_button(texts.confirm_leave_button(), token),
                dismiss_button(texts.cancel_leave_button(), token),
            ]
        ]
    )
    text = texts.confirm_owner_leave(card.name, heir_name)
    sent = await query.bot.send_message(user_id, text, reply_markup=markup)
    # Said again once who guards the person changes (review36 7: it kept naming the heir).
    await buttons.note(token, **{ASKED: str(sent.message_id)})


async def dismissed(query: CallbackQuery) -> None:
    """ "No, keep it" on a question sent before it named its button (``KeepData``):
    nothing changes; the question goes."""
    await answer(query)
    await conclude(query, languages_texts.kept())


async def kept(
    query: CallbackQuery, callback_data: KeepData, buttons: Buttons, persons: Persons
) -> None:
    """ "No, keep it": its "Yes" can no longer act, and the question says nothing was
    deleted (an owner's leaving: that they still get the person's photos). Pressed after
    that "Yes" (a double tap, a client not yet redrawn), or by someone else: refused, and
    the question stays as it was."""
    message = pressed_message(query)
    chat_id = message.chat.id if message is not None else query.from_user.id
    token_id = expand(callback_data.id)
    refusal = await buttons.cancel(token_id, query.from_user.id, chat_id)
    if refusal is not None:
        await answer(query, button_refusal(refusal), alert=True)
        return
    said = languages_texts.kept()
    issued = await buttons.look(token_id)  # the presser's own: read once cancelled
    if issued is not None and issued.action == Action.REMOVE_GUARDIAN and issued.subject:
        card = await persons.card(issued.subject, query.from_user.id)
        said = texts.leave_cancel_said(card.name if card is not None else None, issued.text("name"))
    await answer(query)
    await conclude(query, said)


def router() -> Router:
    """This feature's handlers on a fresh router (one per dispatcher)."""
    routes = Router(name="confirmations")
    routes.callback_query.register(pressed, TokenData.filter())
    routes.callback_query.register(dismissed, DismissData.filter())
    routes.callback_query.register(kept, KeepData.filter())
    return routes
