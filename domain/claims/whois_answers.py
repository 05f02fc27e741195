"""The /whois answers an admin chat keeps (``AdminChatLinking.keep_answer``), and what each
says again when its group's language is switched (``domain.moderation.admin_answers``): a
sheet its faces and buttons while they are offered, the name given once named; the others
what they said then."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from domain.claims import texts
from domain.claims.service import Naming
from domain.groups.stores import GroupView
from domain.languages.chats import speaking_to
from domain.moderation.linking import AdminChatLinking, AnswerRedraw, KeptAnswer, answers_in
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


def link_said(organizer_id: int | None) -> dict[str, Any]:
    """What a claim link's answer (``LINK_SENT``, ``LINK_NOT_SENT``) keeps of the organizer
    who asked for it: their Telegram id alone, and when, their name read from the group's
    audit (as it names what they did until then) when it is said again, so that their
    /forget leaves nothing here to name them by (walk35 3)."""
    return {"by": organizer_id, "at": datetime.now(UTC).isoformat()}


def whois_text(kind: str, title: str, said: dict[str, Any], organizer: str = "") -> str:
    """What a /whois answer without faces said, in the current language; ``organizer``: the
    name of the one who asked for a claim link, "" when none is known (kept before
    ``link_said``: the name it kept)."""
    if kind == LINK_SENT:
        return texts.claim_link_sent(said.get("who") or organizer)
    if kind == LINK_NOT_SENT:
        return texts.claim_link_not_sent(said.get("who") or organizer)
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
        await _redraw_other(messenger, naming, group, chat_id, answer)

    return {kind: sheet if kind == SHEET else other for kind in KINDS}


async def _redraw_other(
    messenger: Messenger,
    naming: Naming | None,
    group: GroupView,
    chat_id: int,
    answer: KeptAnswer,
) -> None:
    """A /whois answer without faces, in the current language: a claim link's names the
    organizer who asked for it as the group's audit names them now (no one once they used
    /forget)."""
    by, at = answer.said.get("by"), answer.said.get("at")
    organizer = ""
    if naming is not None and isinstance(by, int) and isinstance(at, str):
        organizer = await naming.organizer_name(group.id, by, datetime.fromisoformat(at))
    text = whois_text(answer.kind, group.title, answer.said, organizer)
    try:
        await messenger.replace_text(chat_id, answer.message_id, text)
    except TelegramUnavailable as error:
        log.info("/whois answer %s not said again: %s", answer.message_id, error)


async def organizer_forgotten(
    linking: AdminChatLinking, naming: Naming, group_ids: Sequence[UUID], user_id: int
) -> None:
    """An organizer used /forget (the audit unnamed already): the claim links' answers in
    these groups' admin chats that named them say it again naming no one (walk35 3: "…was
    sent privately to Teacher" stayed)."""
    messenger = linking.organizers.telegram
    for group_id in group_ids:
        group = await linking.organizers.group(group_id)
        if group is None or group.admin_chat_id is None:
            continue
        chat_id = group.admin_chat_id
        latest = {a.message_id: a for a in answers_in(group, chat_id)}
        async with speaking_to(chat_id):
            for answer in latest.values():
                if answer.kind in (LINK_SENT, LINK_NOT_SENT) and answer.said.get("by") == user_id:
                    await _redraw_other(messenger, naming, group, chat_id, answer)


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
