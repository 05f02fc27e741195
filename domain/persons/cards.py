"""What a person card and a /persons list show: their text and buttons, in the reader's
language, and the one place every card and list shown is brought up to date after a
change to what it says (``show_as_now``): called by the bot's handlers after the changes
they make (rename, merge, delete, pause, a guardian gone or come), and on the events of
changes made elsewhere (``on_person_changed``: an enrollment learned by the worker, an
organizers' approval)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from contextlib import suppress
from functools import partial
from uuid import UUID

from domain.enrollment.texts import action_label
from domain.events import (
    GuardianForgotten,
    PersonApproved,
    PersonClaimed,
    PersonEnrolled,
    PersonRejected,
    PrototypesChosen,
)
from domain.languages import dates
from domain.languages.catalogs import _
from domain.languages.chats import speaking_to
from domain.persons import texts
from domain.persons.rules import (
    IN_NO_GROUP,
    NOT_APPROVED,
    NOT_APPROVED_ELSEWHERE,
    NOT_APPROVED_YOU,
    TURNED_OFF,
    card_version,
    status_shown,
)
from domain.persons.service import Listing, PersonCard, Persons
from domain.persons.shown import Shown
from domain.states import PersonStatus
from domain.telegram import (
    Button,
    ChatUnavailable,
    Deletion,
    Edit,
    Messenger,
    PersonCardButton,
    RecipientUnreachable,
    TelegramUnavailable,
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
    merge = ["merge"] if card.can_merge else []  # one person: nothing to merge it with
    rows = [
        ["rename", "birth"],
        ["add"],
        [*pause, *merge],
        ["invite", "guardians"],
        ["history"],
        [*forget, "delete"],
    ]
    return [row for row in rows if row]


def card_buttons(card: PersonCard) -> list[list[Button]]:
    version = card_version(card.name)
    return [
        [PersonCardButton(card.id, action, version, action_label(action)) for action in row]
        for row in card_actions(card)
    ]


def status_text(
    status: str,
    refused: Collection[str],
    name: str = "",
    refused_you: Collection[str] = (),
    banned: Collection[str] = (),
    refused_why: Collection[tuple[str, str]] = (),
    own: Collection[str] = (),
    rejected_elsewhere: int = 0,
) -> str:
    """A status of ``rules.status_shown``, in words; not approved: where, and what to do,
    as each group's reason (``refused_why``) leaves it (``own``: the reader's other
    persons, which "Enrolled already" may mean), the reader not approved as ``name``'s
    guardian: where, and who can change it."""
    if status == NOT_APPROVED:
        return texts.not_approved_in(sorted(refused), dict(refused_why), sorted(own))
    if status == TURNED_OFF:
        return texts.turned_off_in(sorted(banned))
    if status == NOT_APPROVED_YOU:
        return texts.not_approved_as_guardian_in(name, sorted(refused_you))
    if status == IN_NO_GROUP:
        return texts.in_no_group(name)
    if status == NOT_APPROVED_ELSEWHERE:
        return texts.not_approved_elsewhere(name, rejected_elsewhere)
    return _(texts.PERSON_STATUS.get(status, status))


def card_text(card: PersonCard) -> str:
    return texts.person_card(
        card.name,
        status_text(
            status_shown(
                card.status,
                card.groups,
                card.waiting,
                card.refused,
                card.refused_you,
                card.banned,
                card.rejected_elsewhere,
            ),
            card.refused,
            card.name,
            card.refused_you,
            card.banned,
            card.refused_why,
            card.own_others,
            card.rejected_elsewhere,
        ),
        dates.day(card.birth_date) if card.birth_date else None,
        [(g.name, g.is_you, g.not_approved_in, g.waiting_in, g.banned_in) for g in card.guardians],
        card.groups,
        card.other_groups,
        card.delivered_photos,
        card.faces,
        delivered_clips=card.delivered_clips,
        waiting=card.waiting,
        refused=card.refused,
        refused_you=card.refused_you,
    )


def list_view(listing: Listing) -> tuple[str, list[list[Button]]]:
    """/persons: the reader's persons, with a button to open each one's card; with none,
    what /add would refuse first (``no_persons``). A fresh list and one edited after a
    change are this one text (an emptied list said "Use /add" to one /add refused)."""
    rows, refusal = listing.rows, listing.refusal
    text = texts.persons_list(
        [
            (
                r.name,
                status_text(
                    r.status,
                    r.refused,
                    r.name,
                    r.refused_you,
                    r.banned,
                    r.refused_why,
                    r.own_others,
                    r.rejected_elsewhere,
                ),
                r.faces,
            )
            for r in rows
        ],
        refusal.value if refusal else None,
    )
    return text, [[PersonCardButton(row.id, "open", "", row.name)] for row in rows]


async def show_as_now(
    persons: Persons,
    messenger: Messenger,
    person_ids: Collection[UUID],
    *,
    drop: Collection[UUID] = (),
    asked: Shown | None = None,
    former: Collection[int] = (),
    only_in: int | None = None,
    gone_said: Callable[[int], str] | None = None,
    going: Collection[Shown] = (),
    former_said: Callable[[int], str] | None = None,
    blanked: list[Shown] | None = None,
) -> None:
    """Every card of these persons still in a chat shows the person as it is now, in its
    reader's language, or goes where it no longer describes anyone to its reader (merged
    away, being deleted, a guardian who left); a card that must lose or gain its picture
    is replaced by one current card. The /persons lists of their guardians too.
    ``drop``: persons whose cards go whatever they are now (their faces being forgotten:
    the picture is one of them). ``asked``: the card a question was asked from, in case it
    is not kept track of. ``former``: the chats of guardians who no longer guard them (left,
    or removed), whose lists are not found by the persons any more. The one place cards are
    brought up to date, after any change to what they say (the bot's handlers, and the
    events in ``on_person_changed``). ``only_in``: the cards and lists of that chat only
    (what changed is that reader's own: ``show_delivered``). ``gone_said``: what a card of
    ``drop`` says, in the chat of the given id, where Telegram refuses to delete it (older
    than 48 hours): it loses its picture and buttons (findings18 3); ``going``: the cards of
    ``drop`` read before the change (a deletion's job, once done, takes the record of where
    they are with the person). ``former_said``: what a card in a ``former`` chat (of the
    given id) too old to delete says instead, its cover blanked and its buttons off: it kept
    the child's face, "Guardians: ... (you)" and every button past the 48 hours (findings21
    10). ``blanked``: where the cards of ``drop`` that say ``gone_said`` now are added."""
    lists = await persons.shown.lists_about([*person_ids, *drop])
    for chat_id in former:
        lists += [shown for shown in await persons.shown.lists_in(chat_id) if shown not in lists]
    dropped = await persons.shown.cards_of(drop)
    for gone in [*dropped, *(card for card in going if card not in dropped)]:
        if not await _delete(persons, messenger, gone) and gone_said is not None:
            await blank_card(persons, messenger, gone, gone_said)
            if blanked is not None:
                blanked.append(gone)
    cards = await persons.shown.cards_of(person_ids)
    if (
        asked is not None
        and asked.person_id in person_ids
        and all((c.chat_id, c.message_id) != (asked.chat_id, asked.message_id) for c in cards)
    ):
        cards.append(asked)
    if only_in is not None:
        cards = [c for c in cards if c.chat_id == only_in]
        lists = [s for s in lists if s.chat_id == only_in]
    edited: set[tuple[int, UUID]] = set()
    replaced: set[tuple[int, UUID]] = set()
    for shown in cards:
        chat_id, person_id = shown.chat_id, shown.person_id
        if person_id is None:
            continue
        async with speaking_to(chat_id):
            card = await persons.card(person_id, chat_id)
            if card is not None and shown.replaced:
                continue  # "out of date: the newest card … is further down": still so
            if card is None:  # describes nobody to this reader now
                if await _delete(persons, messenger, shown):
                    continue
                if former_said is not None and chat_id in former:
                    await blank_card(persons, messenger, shown, former_said)
                elif merged := await persons.merged_away(person_id, chat_id):
                    # Too old to delete: it no longer says the merged-away person is
                    # there to pause or delete (findings26 3: "Bobby · active" with every
                    # button, past 48 hours, after Bobby was merged into Alice).
                    # Kept track of, for the merge's undo to re-word it (findings32 2).
                    await blank_card(
                        persons,
                        messenger,
                        shown,
                        partial(_merged_away, *merged),
                        replaced_by=person_id,
                    )
                continue
            # Telegram cannot add a picture to a text message, nor take one off: such a
            # card is replaced (or, too old to delete, edited as it is).
            if shown.has_photo != (card.cover_key is not None) and await _delete(
                persons, messenger, shown
            ):
                replaced.add((chat_id, person_id))
                continue
            if shown.has_photo:
                await messenger.recaption(
                    chat_id, shown.message_id, card_text(card), card_buttons(card)
                )
            else:
                await messenger.replace_text(
                    chat_id, shown.message_id, card_text(card), card_buttons(card)
                )
            edited.add((chat_id, person_id))
    for chat_id, person_id in replaced - edited:
        async with speaking_to(chat_id):
            await send_card(persons, messenger, chat_id, person_id)
    for listing in lists:
        async with speaking_to(listing.chat_id):
            text, buttons = list_view(await persons.listing(listing.chat_id))
            await messenger.replace_text(listing.chat_id, listing.message_id, text, buttons)


async def merge_undone(
    persons: Persons, messenger: Messenger, removed_id: UUID, removed: str, kept: str
) -> None:
    """A merge of ``removed`` into ``kept`` undone: the cards of the removed person too old
    to delete, blanked "Zed was merged into Mia" by the merge (or "out of date" before it,
    which the merge re-worded so), say the merge was undone since (they kept saying it was
    merged, which was no longer true)."""
    for shown in await persons.shown.cards_of([removed_id]):
        if shown.replaced:
            await blank_card(
                persons,
                messenger,
                shown,
                partial(_merge_undone, removed, kept),
                replaced_by=removed_id,
            )


async def on_person_changed(
    persons: Persons,
    messenger: Messenger,
    event: PersonEnrolled | PersonApproved | PersonRejected | PersonClaimed | PrototypesChosen,
) -> None:
    """A change made away from the person's guardians (its enrollment learned by the
    worker, its organizers' approval or rejection, a claim of it approved, its prototypes
    chosen again by the worker) shows on its cards and lists: "waiting for the organizer's
    approval" stayed on a card after the approval, and after a rejection; the claimer's
    list stayed "empty" (walk36 N1), then "0 learned faces" (walk37A A1)."""
    await show_as_now(persons, messenger, [event.person_id])


async def on_guardian_forgotten(
    persons: Persons, messenger: Messenger, event: GuardianForgotten
) -> None:
    """A guardian forgotten: the cards of the persons they leave to others no longer name
    them (findings13 8: the co-guardian's card still listed her)."""
    await show_as_now(persons, messenger, event.person_ids)


async def show_delivered(persons: Persons, messenger: Messenger, chat_id: int) -> None:
    """Photos or clips were delivered to the chat (the ``SHOW_CARDS`` job, a little after):
    the person cards open in it say how many now. Its older cards kept "Photos delivered:
    0" after 4 had come (findings13 1, findings14 5)."""
    shown = [s for s in await persons.shown.in_chat(chat_id) if s.person_id is not None]
    person_ids = {s.person_id for s in shown if s.person_id is not None}
    if person_ids:
        await show_as_now(persons, messenger, person_ids, only_in=chat_id)


async def show_in_language(persons: Persons, messenger: Messenger, chat_id: int) -> None:
    """The reader of this private chat chose another language: the person cards and
    /persons lists open in it say it in that one (findings18 10: they kept the old one,
    with its buttons, until something else changed)."""
    shown = await persons.shown.in_chat(chat_id)
    person_ids = {s.person_id for s in shown if s.person_id is not None}
    # ``former``: the chat's lists, also those about no card open here.
    await show_as_now(persons, messenger, person_ids, former=[chat_id], only_in=chat_id)
    # A list no change edits any more ("As of 15:21") was written in the language before
    # (findings25 4: it stayed English among Hebrew ones): it says the list as of now, in
    # this one; one already deleted is no longer kept track of.
    for frozen in [s for s in shown if s.frozen]:
        async with speaking_to(chat_id):
            listing = await persons.listing(chat_id)
            text, _buttons = list_view(listing)
            if listing.rows:
                text = f"{text}\n\n{texts.list_as_of(dates.clock_now())}"
            # Without buttons, as it was frozen (walkhe4 2).
            edit = await messenger.replace_text(chat_id, frozen.message_id, text)
        if edit == Edit.GONE:
            await persons.shown.forget(chat_id, frozen.message_id)


def _replaced(_chat_id: int) -> str:
    return texts.card_replaced()


def _merged_away(name: str, into: str, _chat_id: int) -> str:
    return texts.card_merged_away(name, into)


def _merge_undone(name: str, into: str, _chat_id: int) -> str:
    return texts.card_merge_undone(name, into)


async def _delete(persons: Persons, messenger: Messenger, shown: Shown) -> bool:
    """The card goes from its chat, and from what is kept track of; False when Telegram
    refuses (too old to delete): it stays, kept track of, to be edited."""
    if await messenger.delete_message(shown.chat_id, shown.message_id) == Deletion.REFUSED:
        return False
    await persons.shown.forget(shown.chat_id, shown.message_id)
    return True


async def blank_card(
    persons: Persons,
    messenger: Messenger,
    shown: Shown,
    said: Callable[[int], str],
    *,
    replaced_by: UUID | None = None,
) -> None:
    """A card Telegram no longer lets the bot delete: a neutral picture (or text) saying
    ``said`` of its chat, in its reader's language, no buttons; no longer kept track of
    (nothing it shows can change now). Best effort: one Telegram cannot edit stays, and a
    press on it is checked. ``replaced_by``: it says a newer card of that person is below
    it (``texts.card_replaced``), which holds until the person ends for its reader: kept
    track of as such (``ShownCards.record_replaced``), for that end to re-word it."""
    async with speaking_to(shown.chat_id):
        text = said(shown.chat_id)
    with suppress(TelegramUnavailable):
        if shown.has_photo:
            await messenger.blank_photo(shown.chat_id, shown.message_id, text)
        else:
            await messenger.replace_text(shown.chat_id, shown.message_id, text)
    if replaced_by is not None:
        await persons.shown.record_replaced(
            shown.chat_id, shown.message_id, replaced_by, has_photo=shown.has_photo
        )
    else:
        await persons.shown.forget(shown.chat_id, shown.message_id)


async def send_card(persons: Persons, messenger: Messenger, chat_id: int, person_id: UUID) -> bool:
    """A new card of the person, at the end of the chat; False: not one the reader may see
    (nothing sent)."""
    card = await persons.card(person_id, chat_id)
    if card is None:
        return False
    cover = await persons.cover(card)
    try:
        if cover is not None:
            sent = await messenger.send_photo(chat_id, cover, card_text(card), card_buttons(card))
        else:
            sent = await messenger.send_text(chat_id, card_text(card), card_buttons(card))
    except (RecipientUnreachable, ChatUnavailable):
        log.info("could not show the card of person %s in chat %s", person_id, chat_id)
        return True
    dropped = await persons.shown.record(chat_id, sent, person_id, has_photo=cover is not None)
    await _let_go(persons, messenger, dropped)
    return True


async def _let_go(persons: Persons, messenger: Messenger, dropped: list[Shown]) -> None:
    """Cards no longer kept track of (past the few newest of their person in the chat): no
    change would edit them, so each goes (a newer card is below it), or, too old for
    Telegram to delete, says it is out of date, without its face and buttons, which nothing
    would keep true after (it was kept track of still, and every newer card tried to delete
    it again). Kept track of as out of date, for the person's end to re-word it (findings26
    7: after /forget it still pointed to a newer card /forget had deleted)."""
    for older in dropped:
        try:
            refused = (
                await messenger.delete_message(older.chat_id, older.message_id) == Deletion.REFUSED
            )
        except TelegramUnavailable:  # best effort: a press on it is checked anyway
            continue
        if refused and older.person_id is not None:
            await blank_card(persons, messenger, older, _replaced, replaced_by=older.person_id)
