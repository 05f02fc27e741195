"""A person card's "Guardians…" list: who guards the person, a button to leave, and for the
owner one to remove each other guardian (single-use buttons, ``domain.buttons``).

Each list's buttons note the message they are on (``LIST``), so that once a guardianship
ends (a guardian left, was removed, or deleted everything with /forget) every list of the
person still open says who guards it now, with the buttons that still apply (findings16 1:
the owner's list kept naming the guardian who had left, and its "Remove" answered "This
button has expired." and took every button away); once the person is deleted, that it was,
without buttons (walk33 1). A list is open while one of its buttons is still to be
pressed: one answered (it says what was done) is left as it is.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from uuid import UUID

from domain.buttons import Action, Buttons, Token
from domain.events import GuardianForgotten, PersonDeleted
from domain.languages.chats import speaking_to
from domain.languages.markup import e
from domain.persons import texts
from domain.persons.service import PersonCard, Persons
from domain.states import GuardianRole
from domain.telegram import Button, Messenger, PressToken, TelegramUnavailable

log = logging.getLogger(__name__)

LIST = "list"  # noted on a guardians list's buttons: the message they are on
# Noted on the owner's "Leave Alice? … and Carl becomes their owner" buttons: the message
# asking, said again once who guards the person changed ("" once it was).
ASKED = "asked"
# Noted on a guardians list's buttons once it said its reader no longer gets the person's
# photos (they left it there or elsewhere, or were removed): listed again once they guard
# it again (walk35 2: "You no longer get Alice's photos…" stayed after she accepted again).
GONE = "gone"
# The names a button of a person keeps, to say at a press (a guardians list's, a merge's).
NAMES = ("name", "guardian", "keep_name", "drop_name")


async def guardians_view(
    buttons: Buttons, card: PersonCard, user_id: int
) -> tuple[str, list[list[Button]], list[UUID]]:
    """The list as it is now for its reader: its text, its buttons, and their tokens."""
    rows: list[list[Button]] = []
    tokens = []
    for g in card.guardians:
        # Only the owner removes others; nobody removes the owner.
        if not (g.is_you or (card.is_owner and g.role != GuardianRole.OWNER)):
            continue
        # The names: said if it is pressed once the presser no longer guards the person, or
        # once that guardian no longer is one.
        token = await buttons.issue(
            user_id,
            user_id,
            Action.REMOVE_GUARDIAN,
            card.id,
            who=g.participant_id,
            name=card.name,
            guardian=g.name,
        )
        if token is not None:
            label = (
                texts.leave_button(card.name) if g.is_you else texts.remove_guardian_button(g.name)
            )
            rows.append([PressToken(token, label)])
            tokens.append(token)
    owner = next((g.name for g in card.guardians if g.role == GuardianRole.OWNER), "")
    listed = [
        (g.name, g.is_you, g.not_approved_in, g.waiting_in, g.banned_in) for g in card.guardians
    ]
    text = texts.guardians_list(card.name, listed, owner, card.is_owner)
    return text, rows, tokens


async def send_guardians(
    messenger: Messenger, buttons: Buttons, card: PersonCard, user_id: int
) -> None:
    """A card's "Guardians": the list, its buttons knowing the message they are on."""
    text, keyboard, tokens = await guardians_view(buttons, card, user_id)
    sent = await messenger.send_text(user_id, text, keyboard)
    await buttons.note_all(tokens, **{LIST: str(sent)})


async def _open_lists(buttons: Buttons, person_id: UUID) -> dict[tuple[int, int], list[Token]]:
    """The guardians lists of the person still open (a button of theirs not pressed), by
    (chat, message), with all their buttons."""
    lists: dict[tuple[int, int], list[Token]] = {}
    for token in await buttons.issued_about(Action.REMOVE_GUARDIAN, [person_id]):
        on = token.args.get(LIST)
        if isinstance(on, str) and on.isdigit():
            lists.setdefault((token.chat_id, int(on)), []).append(token)
    return {where: tokens for where, tokens in lists.items() if any(not t.used for t in tokens)}


async def close_list(buttons: Buttons, person_id: UUID, chat_id: int, message_id: int) -> None:
    """The list answered (or redrawn): its buttons still to be pressed can no longer be,
    and a later change leaves its words as they are."""
    for token in (await _open_lists(buttons, person_id)).get((chat_id, message_id), []):
        if not token.used:
            await buttons.withdraw(token.id)


async def redraw_list(
    messenger: Messenger,
    persons: Persons,
    buttons: Buttons,
    person_id: UUID,
    chat_id: int,
    message_id: int,
) -> None:
    """One guardians list says who guards the person now, with the buttons that apply now;
    its reader no longer guarding it: says so, without buttons."""
    shown = (await _open_lists(buttons, person_id)).get((chat_id, message_id), [])
    name = next((str(t.args.get("name", "")) for t in shown), "")
    await close_list(buttons, person_id, chat_id, message_id)
    keyboard: list[list[Button]] = []
    tokens: list[UUID] = []
    async with speaking_to(chat_id):
        card = await persons.card(person_id, chat_id)
        if card is None:
            text = e(texts.no_longer_guardian(name))
            await mark_gone(buttons, person_id, chat_id, message_id)
        else:
            text, keyboard, tokens = await guardians_view(buttons, card, chat_id)
    try:
        await messenger.replace_text(chat_id, message_id, text, keyboard)
    except TelegramUnavailable as error:
        log.info("guardians list %s in %s not redrawn: %s", message_id, chat_id, error)
    if tokens:
        await buttons.note_all(tokens, **{LIST: str(message_id)})


async def _lists_in(buttons: Buttons, person_id: UUID, chat_id: int) -> dict[int, list[Token]]:
    """The guardians lists of the person in this chat, answered or not, by message, with
    all their buttons."""
    lists: dict[int, list[Token]] = {}
    for token in await buttons.issued_about(Action.REMOVE_GUARDIAN, [person_id]):
        on = token.args.get(LIST)
        if token.chat_id == chat_id and isinstance(on, str) and on.isdigit():
            lists.setdefault(int(on), []).append(token)
    return lists


async def mark_gone(buttons: Buttons, person_id: UUID, chat_id: int, message_id: int) -> None:
    """The list says its reader no longer gets the person's photos: listed again once they
    guard it again (``lists_again``)."""
    tokens = (await _lists_in(buttons, person_id, chat_id)).get(message_id, [])
    await buttons.note_all([t.id for t in tokens], **{GONE: 1})


async def lists_again(
    messenger: Messenger, persons: Persons, buttons: Buttons, person_id: UUID, chat_id: int
) -> None:
    """The reader of ``chat_id`` guards the person again (an invitation accepted): their
    guardians lists that said "You no longer get Alice's photos and clips." list who guards
    it now, with the buttons that apply (walk35 2)."""
    lists = {
        message_id: tokens
        for message_id, tokens in (await _lists_in(buttons, person_id, chat_id)).items()
        if any(t.args.get(GONE) for t in tokens)
    }
    for message_id, gone in lists.items():
        async with speaking_to(chat_id):
            card = await persons.card(person_id, chat_id)
            if card is None:
                return
            text, keyboard, tokens = await guardians_view(buttons, card, chat_id)
        await buttons.note_all([t.id for t in gone], **{GONE: 0})
        try:
            await messenger.replace_text(chat_id, message_id, text, keyboard)
        except TelegramUnavailable as error:
            log.info("guardians list %s in %s not redrawn: %s", message_id, chat_id, error)
        if tokens:
            await buttons.note_all(tokens, **{LIST: str(message_id)})


async def redraw_guardians(
    messenger: Messenger,
    persons: Persons,
    buttons: Buttons,
    person_id: UUID,
    *,
    but: Collection[tuple[int, int]] = (),
) -> None:
    """A guardianship of the person ended: each of its guardians lists still open, in any
    chat (``but`` the one pressed, which says what was done), lists who guards it now."""
    for chat_id, message_id in await _open_lists(buttons, person_id):
        if (chat_id, message_id) not in but:
            await redraw_list(messenger, persons, buttons, person_id, chat_id, message_id)
    await leaving_asked_again(messenger, persons, buttons, person_id)


async def leaving_asked_again(
    messenger: Messenger, persons: Persons, buttons: Buttons, person_id: UUID
) -> None:
    """Its owner's "Leave Alice? … and Carl becomes their owner" not answered says that who
    guards the person changed, naming no one, without buttons (review36 7: it kept naming
    Carl once he left, and after his /forget). Its "Leave" has expired with the change (its
    fingerprint); a press of one still shown says the same (``bot.handlers.confirmations``)."""
    for token in await buttons.issued_about(Action.REMOVE_GUARDIAN, [person_id]):
        on = token.args.get(ASKED)
        if token.used or not isinstance(on, str) or not on.isdigit():
            continue
        async with speaking_to(token.chat_id):
            card = await persons.card(person_id, token.chat_id)
            name = card.name if card is not None else str(token.args.get("name", ""))
            said = texts.leave_asked_changed(name) if card else texts.no_longer_guardian(name)
        try:
            await messenger.replace_text(token.chat_id, int(on), e(said), [])
        except TelegramUnavailable as error:
            log.info("leave question %s in %s not redrawn: %s", on, token.chat_id, error)
        await buttons.note(token.id, **{ASKED: ""})


async def on_guardian_forgotten(
    persons: Persons, buttons: Buttons, messenger: Messenger, event: GuardianForgotten
) -> None:
    """A guardian deleted everything with /forget: the guardians lists still open of the
    persons they leave to others list who guards each now, and who owns it (an owner's
    /forget left her co-guardian's list saying only she could remove a guardian)."""
    for person_id in event.person_ids:
        await redraw_guardians(messenger, persons, buttons, person_id)


async def on_person_deleted(buttons: Buttons, messenger: Messenger, event: PersonDeleted) -> None:
    """The person was deleted: each of its guardians lists still open says so, without
    buttons (walk33 1: Ann's kept "If you stop getting their photos and clips, no guardian
    is left, so I delete them…" and its button to leave; a press of one says it was
    deleted, ``bot.handlers.confirmations``)."""
    for (chat_id, message_id), tokens in (await _open_lists(buttons, event.person_id)).items():
        name = next((str(t.args.get("name", "")) for t in tokens), "")
        for token in tokens:
            if not token.used:
                await buttons.withdraw(token.id)
        async with speaking_to(chat_id):
            text = texts.guardians_list_since_deleted(name)
        try:
            await messenger.replace_text(chat_id, message_id, text, [])
        except TelegramUnavailable as error:
            log.info("guardians list %s in %s not redrawn: %s", message_id, chat_id, error)
    for token in await buttons.issued_about(Action.REMOVE_GUARDIAN, [event.person_id]):
        on = token.args.get(ASKED)  # its owner's "Leave Alice? …", not answered
        if token.used or not isinstance(on, str) or not on.isdigit():
            continue
        # Not withdrawn: a press made on it as it was says the child was deleted.
        await buttons.note(token.id, **{ASKED: ""})
        async with speaking_to(token.chat_id):
            said = texts.leave_asked_since_deleted(str(token.args.get("name", "")))
        try:
            await messenger.replace_text(token.chat_id, int(on), said, [])
        except TelegramUnavailable as error:
            log.info("leave question %s in %s not redrawn: %s", on, token.chat_id, error)
    # Its buttons kept its name (said at a press) and its guardians' (a list's), or the
    # other one's (a merge's): they went with it (issue 32; a press says it was deleted).
    await buttons.unnote(event.person_id, *NAMES)
