"""An offer of earlier photos as its messages show it ("I found 3 earlier photos of Sara...",
or "These 5 faces ... look like Sara", with [Yes, all are Sara] [Some are] [None is Sara]),
and said again once its person is called otherwise: renamed, merged into another (the
merge moves its open offers to the person kept), or the merge undone (they go back).
Before, an offer of a person merged away kept the old name, and its buttons answered
"This offer has already been answered." while nobody had answered it.

An answered offer is said again too, in the words its answer left, named as now ("Another
guardian of Lia said yes: these come to you too."): it kept "They're all Alice..." after
Alice was renamed Lia or merged into Mia. Only the presser's "yes" counted what it sent
then, which nothing keeps: it becomes "They're all Lia: you said so on Nov 27, 2026."."""

from __future__ import annotations

import logging
from uuid import UUID

from domain.corrections import texts as corrections_texts
from domain.earlier_photos import texts
from domain.earlier_photos.stores import ShownOffer, ShownOfferStore
from domain.events import PersonRenamed, PersonsMerged
from domain.languages.chats import speaking_to
from domain.states import OfferStatus
from domain.telegram import AnswerEarlierPhotos, Button, Messenger, Reply, TelegramUnavailable

log = logging.getLogger(__name__)


def offer_question(
    offer_id: UUID, name: str, group_title: str, count: int, clips: int, *, look_alikes: bool
) -> tuple[str, list[list[Button]]]:
    """The offer's caption and buttons, in the current language: ``count`` faces shown,
    ``clips`` of them in clips; ``look_alikes``: faces that look alike (a cluster), else
    faces sure enough to send."""
    caption = (
        texts.look_alikes_question(name, group_title, count)
        if look_alikes
        else texts.earlier_photos_shown(name, group_title, count, clips)
    )
    return caption, [
        [AnswerEarlierPhotos(offer_id, Reply.SEND, corrections_texts.all_of_them(name))],
        [
            AnswerEarlierPhotos(offer_id, Reply.SOME, corrections_texts.some_are()),
            AnswerEarlierPhotos(offer_id, Reply.NO, corrections_texts.none_of_them(name)),
        ],
    ]


async def on_person_renamed(
    messenger: Messenger, store: ShownOfferStore, event: PersonRenamed
) -> None:
    """The person renamed: its open offers ask about it by the new name, their buttons kept
    (they carry the offer, not the name)."""
    await ask_again(messenger, store, event.person_id)


async def on_persons_merged(
    messenger: Messenger, store: ShownOfferStore, event: PersonsMerged
) -> None:
    """Two persons merged (the merge moved the open offers of the one merged away to the
    one kept), or the merge undone (they went back): each one's open offers ask about it by
    its name."""
    for person_id in await store.merged_persons(event.event_id):
        await ask_again(messenger, store, person_id)


async def ask_again(messenger: Messenger, store: ShownOfferStore, person_id: UUID) -> None:
    """The person's open offers re-captioned as an offer shown now would be, and its
    answered ones as their answer in its name now. Best effort: a message Telegram cannot
    edit stays as it was."""
    for offer in await store.offers_shown(person_id):
        for chat_id, message_id in offer.sent_to:
            async with speaking_to(chat_id):
                if offer.status == OfferStatus.PENDING:
                    caption, buttons = _question(offer)
                else:
                    caption, buttons = _answered(offer, chat_id), []
            try:
                await messenger.recaption(chat_id, message_id, caption, buttons)
            except TelegramUnavailable as error:
                log.info("offer %s in %s left as it was: %s", message_id, chat_id, error)


class OffersNamedAgain:
    """The ``ASK_OFFERS_AGAIN`` requests' work (their job): the offers moved by migration
    0057 onto the person a merge kept still named the person merged away (a migration sends
    nothing), until its next rename or merge; the migration after it asks, once per person
    holding such an offer, that they be said again with its name now."""

    def __init__(self, messenger: Messenger, store: ShownOfferStore) -> None:
        self._messenger = messenger
        self._store = store

    async def ask_again(self, person_id: UUID) -> None:
        """The person's offers said again as now (``ask_again``), and its requests closed;
        none open (done already): nothing."""
        asked = await self._store.asked_again(person_id)
        if not asked:
            return
        await ask_again(self._messenger, self._store, person_id)
        await self._store.asked_again_done(asked)


def _question(offer: ShownOffer) -> tuple[str, list[list[Button]]]:
    return offer_question(
        offer.id,
        offer.person_name,
        offer.group_title,
        offer.faces,
        offer.clips,
        look_alikes=offer.look_alikes,
    )


def _answered(offer: ShownOffer, chat_id: int) -> str:
    """What the answer left in that chat, in the person's name now (the handler's words,
    ``bot.handlers.earlier_photos``), but the presser's "yes": when, not what it sent."""
    name, answer = offer.person_name, offer.status.value
    if offer.status == OfferStatus.STALE:
        return texts.earlier_photos_stale(name)
    if chat_id != offer.answered_by:
        return texts.offer_answered_elsewhere(name, answer)
    if offer.status == OfferStatus.SENT:
        return texts.all_are_you_said_on(name, offer.answered_at)
    return texts.look_alikes_answered(name, offer.group_title, answer, offer.faces, 0)
