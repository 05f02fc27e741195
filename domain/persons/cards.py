"""What a person card and a /persons list show: their text and buttons, in the reader's
language. The bot draws them (``bot.cards``, which brings every card and list shown up to
date after a change made from its handlers); the worker, which has no handlers, brings
them up to date here, through the messenger, when a person's enrollment is learned
(``PersonEnrolled``): "faces forgotten: add photos to enroll again" stayed on every card
and list after the re-enrollment that made the person active again."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from uuid import UUID

from domain.enrollment.texts import action_label
from domain.events import PersonEnrolled
from domain.languages import dates
from domain.languages.catalogs import _
from domain.languages.chats import speaking_to
from domain.persons import texts
from domain.persons.rules import card_version
from domain.persons.service import PersonCard, PersonRow, Persons
from domain.states import PersonStatus
from domain.telegram import (
    Button,
    ChatUnavailable,
    Deletion,
    Messenger,
    PersonCardButton,
    RecipientUnreachable,
)

log = logging.getLogger(__name__)


def card_actions(card: PersonCard) -> list[list[str]]:
    """The card's buttons, as rows of actions: what applies to the person as it is, and
    what the reader may do (a co-guardian: nothing only the owner may)."""
    if card.status == PersonStatus.ENROLLING:  # unfinished: finish, fix its name, or cancel
        return [["continue"], ["rename"], ["discard"]]
    # Its faces forgotten: nothing is recognized to pause, and nothing is left to forget.
    faceless = card.status == PersonStatus.NEEDS_PHOTOS
    pause = [] if faceless else ["resume" if card.status == PersonStatus.PAUSED else "pause"]
    if not card.is_owner:
        return [["rename", "birth"], ["add"], [*pause, "invite"], ["guardians", "history"]]
    forget = [] if faceless else ["forget_faces"]
    return [
        ["rename", "birth"],
        ["add"],
        [*pause, "merge"],
        ["invite", "guardians"],
        ["history"],
        [*forget, "delete"],
    ]


def card_buttons(card: PersonCard) -> list[list[Button]]:
    version = card_version(card.name)
    return [
        [PersonCardButton(card.id, action, version, action_label(action)) for action in row]
        for row in card_actions(card)
    ]


def card_text(card: PersonCard) -> str:
    return texts.person_card(
        card.name,
        _(texts.PERSON_STATUS.get(card.status.value, card.status.value)),
        dates.day(card.birth_date) if card.birth_date else None,
        [(g.name, g.is_you) for g in card.guardians],
        card.groups,
        card.other_groups,
        card.delivered_photos,
        card.faces,
        delivered_clips=card.delivered_clips,
    )


def list_view(rows: Sequence[PersonRow]) -> tuple[str, list[list[Button]]]:
    """/persons: the reader's persons, with a button to open each one's card."""
    text = texts.persons_list(
        [(r.name, _(texts.PERSON_STATUS.get(r.status, r.status)), r.faces) for r in rows]
    )
    return text, [[PersonCardButton(row.id, "open", "", row.name)] for row in rows]


async def on_person_enrolled(persons: Persons, messenger: Messenger, event: PersonEnrolled) -> None:
    """Every card of the person still in a chat, and every /persons list about it, shows it
    as it is now; a card that must gain or lose its picture (a cover learned after its faces
    were forgotten) is replaced by one current card in that chat."""
    person_id = event.person_id
    edited: set[int] = set()
    replaced: set[int] = set()
    for shown in await persons.shown.cards_of([person_id]):
        async with speaking_to(shown.chat_id):
            card = await persons.card(person_id, shown.chat_id)
            if card is None:
                continue
            # Telegram cannot add a picture to a text message, nor take one off: such a
            # card is replaced (or, too old to delete, edited as it is).
            if shown.has_photo != (card.cover_key is not None) and (
                await messenger.delete_message(shown.chat_id, shown.message_id) != Deletion.REFUSED
            ):
                await persons.shown.forget(shown.chat_id, shown.message_id)
                replaced.add(shown.chat_id)
                continue
            if shown.has_photo:
                await messenger.recaption(
                    shown.chat_id, shown.message_id, card_text(card), card_buttons(card)
                )
            else:
                await messenger.replace_text(
                    shown.chat_id, shown.message_id, card_text(card), card_buttons(card)
                )
            edited.add(shown.chat_id)
    for chat_id in replaced - edited:
        async with speaking_to(chat_id):
            await _send_card(persons, messenger, chat_id, person_id)
    for listing in await persons.shown.lists_about([person_id]):
        async with speaking_to(listing.chat_id):
            text, buttons = list_view(await persons.of_user(listing.chat_id))
            await messenger.replace_text(listing.chat_id, listing.message_id, text, buttons)


async def _send_card(persons: Persons, messenger: Messenger, chat_id: int, person_id: UUID) -> None:
    card = await persons.card(person_id, chat_id)
    if card is None:
        return
    cover = await persons.cover(card)
    try:
        if cover is not None:
            sent = await messenger.send_photo(chat_id, cover, card_text(card), card_buttons(card))
        else:
            sent = await messenger.send_text(chat_id, card_text(card), card_buttons(card))
    except (RecipientUnreachable, ChatUnavailable):
        log.info("could not show the card of person %s in chat %s", person_id, chat_id)
        return
    await persons.shown.record(chat_id, sent, person_id, has_photo=cover is not None)
