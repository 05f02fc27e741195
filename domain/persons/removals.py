"""Who hears of a guardian's leaving or removal, once it is done, and what each reads: the
co-guardian who took over as owner ("You own Alice now"), the one removed (who removed
them, so they learn it from us, not from a list that changed under them), and, when a
guardian left by themself, the others who still guard the person. Each in their own
language; one who blocked the bot is skipped. The cards and lists that changed are brought
up to date apart (``cards.show_as_now``)."""

from __future__ import annotations

import logging

from domain.languages.chats import speaking_to
from domain.persons import texts
from domain.persons.guardians import Removal, RemoveOutcome
from domain.telegram import ChatUnavailable, Messenger, RecipientUnreachable, TelegramUnavailable

log = logging.getLogger(__name__)


async def tell_removal(
    messenger: Messenger, removal: Removal
) -> tuple[tuple[int, int] | None, list[tuple[int, int]], tuple[int, int] | None]:
    """Where the heir read "…you're now the owner of Alice" (chat, message), to be said in
    the past at their /forget (None: no heir told); where the others read "Carl no
    longer gets Alice's photos and clips: they left.", to be said without his name at his
    /forget; and where the one removed read "Ann removed you as a guardian of Alice…", to
    be said without hers at her /forget (None: no one removed was told)."""
    heard: tuple[int, int] | None = None
    removed: tuple[int, int] | None = None
    left: list[tuple[int, int]] = []
    news: list[tuple[int, str]] = []
    if removal.new_owner is not None:
        heir = removal.new_owner.telegram_user_id
        async with speaking_to(heir):
            news.append((heir, texts.you_own_now(removal.person_name, removal.owner_name)))
    if removal.outcome == RemoveOutcome.REMOVED and removal.gone_chat is not None:
        async with speaking_to(removal.gone_chat):
            told = texts.removed_you(removal.owner_name, removal.person_name)
        news.append((removal.gone_chat, told))
    for chat_id in removal.told:
        async with speaking_to(chat_id):
            news.append((chat_id, texts.guardian_left(removal.leaver, removal.person_name)))
    for chat_id, text in news:
        try:
            sent = await messenger.send_text(chat_id, text)
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            log.info("a guardian's leaving not told in chat %s: %s", chat_id, error)
            continue
        if removal.new_owner is not None and chat_id == removal.new_owner.telegram_user_id:
            heard = (chat_id, sent)
        elif chat_id in removal.told:
            left.append((chat_id, sent))
        elif chat_id == removal.gone_chat and removal.outcome == RemoveOutcome.REMOVED:
            removed = (chat_id, sent)
    return heard, left, removed
