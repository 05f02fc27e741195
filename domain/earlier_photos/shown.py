"""An offer of earlier photos as its messages show it ("I found 3 earlier photos of Sara...",
or "These 5 faces ... look like Sara", with [Yes, all are Sara] [Some are] [None is Sara]),
and said again while it is open once its person is called otherwise: renamed, merged into
another (the merge moves its open offers to the person kept), or the merge undone (they
go back). Before, an offer of a person merged away kept the old name, and its buttons
answered "This offer has already been answered." while nobody had answered it."""

from __future__ import annotations

import logging
from uuid import UUID

from domain.corrections import texts as corrections_texts
from domain.earlier_photos import texts
from domain.earlier_photos.stores import ShownOffer, ShownOfferStore
from domain.events import PersonRenamed, PersonsMerged
from domain.languages.chats import speaking_to
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
    """The person's open offers re-captioned as an offer shown now would be. Best effort: a
    message Telegram cannot edit stays as it was."""
    for offer in await store.offers_shown(person_id):
        for chat_id, message_id in offer.sent_to:
            async with speaking_to(chat_id):
                caption, buttons = _question(offer)
            try:
                await messenger.recaption(chat_id, message_id, caption, buttons)
            except TelegramUnavailable as error:
                log.info("offer %s in %s left as it was: %s", message_id, chat_id, error)


def _question(offer: ShownOffer) -> tuple[str, list[list[Button]]]:
    return offer_question(
        offer.id,
        offer.person_name,
        offer.group_title,
        offer.faces,
        offer.clips,
        look_alikes=offer.look_alikes,
    )
