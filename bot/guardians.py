"""A person card's "Guardians…" list: who guards the person, a button to leave, and for the
owner one to remove each other guardian (single-use buttons, ``domain.buttons``).

Each list's buttons note the message they are on (``list``), so that once a guardianship
ends (a guardian left or was removed) every list of the person still open says who guards
it now, with the buttons that still apply (findings16 1: the owner's list kept naming the
guardian who had left, and its "Remove" answered "This button has expired." and took every
button away). A list is open while one of its buttons is still to be pressed: one answered
(it says what was done) is left as it is.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from contextlib import suppress
from uuid import UUID

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardMarkup

from bot.replies import token_button
from domain.buttons import Action, Buttons, Token
from domain.languages.chats import speaking_to
from domain.languages.markup import e
from domain.persons import texts
from domain.persons.service import PersonCard, Persons
from domain.states import GuardianRole

log = logging.getLogger(__name__)

LIST = "list"  # noted on a guardians list's buttons: the message they are on


async def guardians_view(
    buttons: Buttons, card: PersonCard, user_id: int
) -> tuple[str, InlineKeyboardMarkup, list[UUID]]:
    """The list as it is now for its reader: its text, its buttons, and their tokens."""
    rows = []
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
            rows.append([token_button(label, token)])
            tokens.append(token)
    owner = next((g.name for g in card.guardians if g.role == GuardianRole.OWNER), "")
    listed = [(g.name, g.is_you, g.not_approved_in, g.waiting_in) for g in card.guardians]
    text = texts.guardians_list(card.name, listed, owner, card.is_owner)
    return text, InlineKeyboardMarkup(inline_keyboard=rows), tokens


async def send_guardians(bot: Bot, buttons: Buttons, card: PersonCard, user_id: int) -> None:
    """A card's "Guardians": the list, its buttons knowing the message they are on."""
    text, markup, tokens = await guardians_view(buttons, card, user_id)
    sent = await bot.send_message(user_id, text, reply_markup=markup)
    await buttons.note_all(tokens, **{LIST: str(sent.message_id)})


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
    bot: Bot, persons: Persons, buttons: Buttons, person_id: UUID, chat_id: int, message_id: int
) -> None:
    """One guardians list says who guards the person now, with the buttons that apply now;
    its reader no longer guarding it: says so, without buttons."""
    shown = (await _open_lists(buttons, person_id)).get((chat_id, message_id), [])
    name = next((str(t.args.get("name", "")) for t in shown), "")
    await close_list(buttons, person_id, chat_id, message_id)
    markup: InlineKeyboardMarkup | None = None
    tokens: list[UUID] = []
    async with speaking_to(chat_id):
        card = await persons.card(person_id, chat_id)
        if card is None:
            text = e(texts.no_longer_guardian(name))
        else:
            text, markup, tokens = await guardians_view(buttons, card, chat_id)
    try:
        await bot.edit_message_text(
            text, chat_id=chat_id, message_id=message_id, reply_markup=markup
        )
    except TelegramAPIError as error:  # deleted by its reader, or unchanged
        log.info("guardians list %s in %s not redrawn: %s", message_id, chat_id, error)
    if tokens:
        await buttons.note_all(tokens, **{LIST: str(message_id)})


async def redraw_guardians(
    bot: Bot,
    persons: Persons,
    buttons: Buttons,
    person_id: UUID,
    *,
    but: Collection[tuple[int, int]] = (),
) -> None:
    """A guardianship of the person ended: each of its guardians lists still open, in any
    chat (``but`` the one pressed, which says what was done), lists who guards it now."""
    for chat_id, message_id in await _open_lists(buttons, person_id):
        if (chat_id, message_id) in but:
            continue
        with suppress(TelegramAPIError):
            await redraw_list(bot, persons, buttons, person_id, chat_id, message_id)
