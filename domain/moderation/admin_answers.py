"""The answers an admin chat keeps reading in its group's language: when an organizer
switches the group's language in /settings, the bot's messages there that it keeps are
redrawn in it (issue 32, walk33 5: the link confirmation, /stats and /whois stayed English
between Hebrew ones), as the settings cards and the /audit lists are. Each says what it
said when it was sent, in the new words: a /stats answer its numbers then (its chart drawn
again), a takedown report its counts and times then.

What each kept answer says again is decided here; the bot only draws a /stats chart anew
(``ChartEdit``), and the claims capability says its /whois answers again (``AnswerRedraw``).
Messages nothing was kept of (older ones, the naming prompts not answered yet) stay as they
are."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.groups.stores import GroupView
from domain.languages.chats import speaking_to, zone_of_group
from domain.languages.dates import in_zone
from domain.moderation import linking, stats, takedown, texts, unreadable
from domain.moderation.linking import AnswerRedraw, ChartEdit, KeptAnswer
from domain.moderation.organizers import Organizers
from domain.moderation.unreadable_store import UnreadableStore
from domain.telegram import Button, Edit, Messenger, TelegramUnavailable

log = logging.getLogger(__name__)

# The kinds of answers kept here (``AdminChatLinking.keep_answer``); the takedown report's is
# ``takedown.TAKEN_DOWN``, the /whois answers' are the claims capability's.
STATS = "stats"
RESUMED = "resumed"  # /resume: what waited while paused (walk34 2)
NOTHING_PENDING = "nothing_pending"  # /pending: nothing waited (its cards are redrawn apart)
AT = "at"  # when a /stats or /pending answer was sent


# ----- /stats -----------------------------------------------------------------------------


def stats_said(
    numbers: stats.GroupStats, group: GroupView, at: datetime | None = None
) -> dict[str, Any]:
    """What a /stats answer says (its caption's numbers and its chart's days), as plain JSON
    to keep; ``at``: when it was sent (kept as "at")."""
    ran_at = group.retention_ran_at
    said = {
        "members": numbers.members,
        "guardians": numbers.guardians,
        "persons": numbers.persons,
        "faceless": numbers.faceless,
        "photos_week": numbers.photos_week,
        "deliveries_week": numbers.deliveries_week,
        "suggestions_pending": numbers.suggestions_pending,
        "clips_week": numbers.clips_week,
        "thumbnail_only": numbers.thumbnail_only_week,
        "rate": numbers.recognition_rate,
        "failed_photos": numbers.failed_photos_week,
        "failed_clips": numbers.failed_clips_week,
        "failed_deliveries": numbers.failed_deliveries_week,
        "paused": group.paused_at is not None,
        "retention_days": group.retention_days,
        "retention_ran_at": ran_at.isoformat() if ran_at is not None else None,
        "faces_expired": group.faces_expired,
        "days": [[d.day.isoformat(), d.photos, d.deliveries, d.clips] for d in numbers.days],
    }
    if at is not None:
        said[AT] = at.isoformat()
    return said


def _numbers(said: dict[str, Any]) -> dict[str, Any]:
    """A kept /stats answer's numbers, without when it was sent."""
    return {key: value for key, value in said.items() if key != AT}


def stats_days(said: dict[str, Any]) -> list[stats.Day]:
    """The chart's days a kept /stats answer drew."""
    return [stats.Day(date.fromisoformat(d[0]), d[1], d[2], d[3]) for d in said["days"]]


def stats_caption(title: str, said: dict[str, Any], *, changed: bool = False) -> str:
    """A /stats answer's caption, in the current language and zone (``said``:
    ``stats_said``), as of when it was sent (``changed``: and that its numbers are not those
    now)."""
    numbers = {key: value for key, value in _numbers(said).items() if key != "days"}
    ran_at = numbers.pop("retention_ran_at")
    caption = texts.stats_text(
        title,
        **numbers,
        retention_ran_at=datetime.fromisoformat(ran_at) if ran_at else None,
    )
    if isinstance(at := said.get(AT), str):
        caption = f"{caption}\n\n{texts.stats_as_of(datetime.fromisoformat(at), changed=changed)}"
    return caption


async def stats_answer(
    group: GroupView, said: dict[str, Any], *, changed: bool = False
) -> tuple[bytes, str]:
    """A /stats answer's chart and caption, in the current language and the group's zone."""
    chart = await asyncio.to_thread(stats.render_chart, stats_days(said))  # this language's
    with in_zone(zone_of_group(group.settings)):
        return chart, stats_caption(group.title, said, changed=changed)


# ----- the switch -------------------------------------------------------------------------


class AdminAnswers:
    """Says again, in the admin chat's language, what the bot keeps there
    (``AdminChatLinking.keep_answer``), through the Telegram port."""

    def __init__(
        self,
        organizers: Organizers,
        posters: UnreadableStore | None = None,
        statistics: stats.Statistics | None = None,
    ) -> None:
        """``posters``: who posted what could not be read, as facedrop knows them now
        (without it, those notices stay as they are); ``statistics``: a group's /stats
        numbers now, that a /stats answer redrawn is told apart from ("As of ...")."""
        self._organizers = organizers
        self._messenger: Messenger = organizers.telegram
        self._posters = posters
        self._statistics = statistics

    async def in_group_language(
        self,
        group: GroupView,
        *,
        chart: ChartEdit,
        others: Mapping[str, AnswerRedraw] | None = None,
    ) -> None:
        """The group's language changed, and so perhaps its admin chat's (English where it
        serves groups of different ones): the messages the bot keeps there, of every group
        it serves, say their words in the chat's language, each as it said them: the link
        confirmations, the /help answers, the /stats answers (``chart`` draws them again),
        the /resume answers, the /pending answers that nothing waited, the takedown
        confirmations (their buttons working) and reports, the posts it could not read
        (their posters named as now), and those of the kinds ``others`` says again
        (/whois)."""
        chat_id = group.admin_chat_id
        if chat_id is None:
            return
        served = await self._organizers.served_by(chat_id)
        async with speaking_to(chat_id):
            help_text = texts.admin_chat_help([g.title for g in served])
            edits = {m: help_text for g in served for m in linking.help_answers_in(g, chat_id)}
            for each in served:
                linked = linking.linked_message_in(each, chat_id)
                if linked is not None:
                    edits[linked] = texts.admin_chat_linked(each.title)
            for message_id, text in edits.items():
                await self._replace(chat_id, message_id, text)
            for each in served:
                # A message kept more than once (a takedown's confirmation, answered, then its
                # report) shows what was kept of it last.
                latest = {a.message_id: a for a in linking.answers_in(each, chat_id)}
                for answer in latest.values():
                    await self._redraw(each, chat_id, answer, chart, others or {})

    async def _redraw(
        self,
        group: GroupView,
        chat_id: int,
        answer: KeptAnswer,
        chart: ChartEdit,
        others: Mapping[str, AnswerRedraw],
    ) -> None:
        """One kept answer, in the current language."""
        if answer.kind in others:
            await others[answer.kind](group, chat_id, answer)
        elif answer.kind == STATS:
            changed = await self._stats_changed(group, answer.said)
            image, caption = await stats_answer(group, answer.said, changed=changed)
            await chart(chat_id, answer.message_id, image, caption)
        elif answer.kind == takedown.TAKEN_DOWN:  # its times in the group's zone
            with in_zone(zone_of_group(group.settings)):
                text = takedown.report_text(group.title, answer.said)
            await self._replace(chat_id, answer.message_id, text)
        elif answer.kind == takedown.ASKED:  # still asking: its buttons work as they did
            with in_zone(zone_of_group(group.settings)):
                text = takedown.question_text(group.title, answer.said)
            buttons = takedown.question_buttons(UUID(answer.said["token"]))
            await self._replace(chat_id, answer.message_id, text, buttons)
        elif answer.kind in (takedown.TAKING, takedown.TAKEN, takedown.CANCELLED):
            answered = takedown.answered_text(group.title, answer.kind, answer.said)
            if answered is not None:
                await self._replace(chat_id, answer.message_id, answered)
        elif answer.kind == unreadable.UNREADABLE and self._posters is not None:
            text = await unreadable.admin_text(
                self._messenger, self._posters, group.title, answer.said
            )
            await self._replace(chat_id, answer.message_id, text)
        elif answer.kind == RESUMED:
            text = texts.group_resumed(group.title, answer.said["photos"], answer.said["clips"])
            await self._replace(chat_id, answer.message_id, text)
        elif answer.kind == NOTHING_PENDING:  # as of when it was asked: it may not be now
            text = texts.no_pending_approvals(group.title)
            if isinstance(at := answer.said.get(AT), str):
                with in_zone(zone_of_group(group.settings)):
                    text = f"{text}\n\n{texts.pending_as_of(datetime.fromisoformat(at))}"
            await self._replace(chat_id, answer.message_id, text)

    async def _stats_changed(self, group: GroupView, said: dict[str, Any]) -> bool:
        """Whether the group's /stats would say other numbers now than ``said``."""
        if self._statistics is None:
            return False
        now = stats_said(await self._statistics.group_stats(group.id), group)
        return now != _numbers(said)

    async def _replace(
        self, chat_id: int, message_id: int, text: str, buttons: Sequence[Sequence[Button]] = ()
    ) -> None:
        """A kept message says ``text``, with ``buttons``; one deleted or too old to edit
        stays as it is."""
        try:
            edited = await self._messenger.replace_text(chat_id, message_id, text, buttons)
        except TelegramUnavailable as error:
            log.info("message %s in %s not said again: %s", message_id, chat_id, error)
            return
        if edited == Edit.REFUSED:
            log.info("message %s in %s not said again: too old", message_id, chat_id)
