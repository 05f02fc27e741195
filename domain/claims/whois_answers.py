"""The /whois answers an admin chat keeps (``AdminChatLinking.keep_answer``), and what each
says again when its group's language is switched (``domain.moderation.admin_answers``): a
sheet its faces and buttons while they are offered, the name given once named; the others
what they said then."""

from __future__ import annotations

import logging
from typing import Any

from domain.claims import texts
from domain.claims.service import Naming
from domain.groups.stores import GroupView
from domain.moderation.linking import AnswerRedraw, KeptAnswer
from domain.telegram import Button, Messenger, NameFaces, TelegramUnavailable

log = logging.getLogger(__name__)

SHEET = "whois_sheet"
NONE = "whois_none"
TOO_FEW = "whois_too_few"
PENDING = "whois_pending"
LINK_SENT = "whois_link_sent"  # a child named: its claim link went to the namer
LINK_NOT_SENT = "whois_link_not_sent"
KINDS = (SHEET, NONE, TOO_FEW, PENDING, LINK_SENT, LINK_NOT_SENT)


def sheet_buttons(cluster: str, fp: str, position: int) -> list[list[Button]]:
    """A /whois sheet's buttons: name its child, or skip to the next group of faces."""
    return [
        [
            NameFaces(cluster, "n", fp, position, texts.name_this_child()),
            NameFaces(cluster, "s", fp, position, texts.skip_cluster()),
        ]
    ]


def whois_text(kind: str, title: str, said: dict[str, Any]) -> str:
    """What a /whois answer without faces said, in the current language."""
    if kind == LINK_SENT:
        return texts.claim_link_sent(said["who"])
    if kind == LINK_NOT_SENT:
        return texts.claim_link_not_sent(said["who"])
    if kind == TOO_FEW:
        return texts.whois_too_few(title, said["faces"], said["needed"])
    if kind == PENDING:
        return texts.whois_grouping_pending(title, said["minutes"])
    return texts.whois_none(title, said["named_before"])


def redraws(messenger: Messenger, naming: Naming | None) -> dict[str, AnswerRedraw]:
    """How each kind of /whois answer is said again (``naming``: its sheets' faces; without
    it, the sheets stay as they are)."""

    async def sheet(group: GroupView, chat_id: int, answer: KeptAnswer) -> None:
        if naming is not None:
            await _redraw_sheet(messenger, naming, group, chat_id, answer)

    async def other(group: GroupView, chat_id: int, answer: KeptAnswer) -> None:
        text = whois_text(answer.kind, group.title, answer.said)
        try:
            await messenger.replace_text(chat_id, answer.message_id, text)
        except TelegramUnavailable as error:
            log.info("/whois answer %s not said again: %s", answer.message_id, error)

    return {kind: sheet if kind == SHEET else other for kind in KINDS}


async def _redraw_sheet(
    messenger: Messenger, naming: Naming, group: GroupView, chat_id: int, answer: KeptAnswer
) -> None:
    """A /whois sheet says its words in the current language: its faces and buttons while
    they are offered, the name given once named (its faces blanked then); nothing when it
    was deleted (taken down, expired, its claim rejected)."""
    said = answer.said
    faces = await naming.sheets.faces_of(chat_id, answer.message_id, said["fp"])
    if faces is None:
        return
    named = await naming.named_since(group, faces)
    if named is not None:
        caption = texts.whois_named(named)
        buttons: list[list[Button]] = []
    else:
        caption = texts.whois_sheet(group.title, said["position"] + 1, said["total"], len(faces))
        buttons = sheet_buttons(said["cluster"], said["fp"], said["position"])
    try:  # deleted meanwhile, or too old to edit: it stays as it is
        await messenger.recaption(chat_id, answer.message_id, caption, buttons)
    except TelegramUnavailable as error:
        log.info("/whois sheet %s not said again: %s", answer.message_id, error)
