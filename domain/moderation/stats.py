"""``/stats`` of a group for its organizers: counts only (no names, no faces), and a
small chart of the photos and clips posted and delivered per day. A clip over the 20 MB a
bot may download through the cloud Bot API is read from its thumbnail only: counted apart,
so organizers see that such clips were only partly read.

The arithmetic and the chart are pure functions; ``Statistics`` counts the plain facts its
store (``stats_store.StatsStore``) reads.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache
from typing import TYPE_CHECKING
from uuid import UUID

from domain.languages import dates
from domain.languages.catalogs import drawn, right_to_left
from domain.languages.chats import zone_of_group
from domain.moderation import texts
from domain.moderation.stats_store import Guarded, StatsStore
from domain.states import PersonStatus, PhotoStatus

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WEEK = timedelta(days=7)
HOUR = timedelta(hours=1)
# A person's statuses in which it is matched in its guardians' groups (as recognition's).
MATCHED = (PersonStatus.ACTIVE, PersonStatus.PAUSED)
CHART_DAYS = 14


@dataclass(frozen=True, slots=True)
class Day:
    day: date
    photos: int
    deliveries: int
    clips: int = 0


@dataclass(frozen=True, slots=True)
class GroupStats:
    members: int  # participants who joined through the link and are still in the group
    guardians: int  # of them, those guarding a person counted in ``persons`` or ``faceless``
    persons: int  # the persons recognized in the group (matched, approved here if asked)
    photos_week: int  # photos posted in the last 7 days (taken down ones not counted)
    clips_week: int  # clips (videos, round videos, animations) posted in the last 7 days
    thumbnail_only_week: int  # of them, those over the download limit: only their thumbnail read
    deliveries_week: int  # copies sent to guardians in the last 7 days (whatever became of them)
    suggestions_pending: int  # "Is this ...?" questions not answered yet
    recognized_week: int  # photos of the week with at least one recognized face
    processed_week: int  # photos of the week recognition has finished with
    failed_photos_week: int  # photos that could not be read
    failed_clips_week: int  # clips that could not be read (sound only, corrupt, too long)
    failed_deliveries_week: int  # deliveries Telegram refused
    days: list[Day]
    # Persons of the group's whose faces were deleted ("Forget faces"): kept, matched again
    # once their guardians add photos of them.
    faceless: int = 0

    @property
    def recognition_rate(self) -> float | None:
        return recognition_rate(self.recognized_week, self.processed_week)


def recognition_rate(recognized: int, processed: int) -> float | None:
    """Photos with at least one recognized face over the photos processed; None for none."""
    if processed <= 0:
        return None
    return min(1.0, recognized / processed)


def per_day(
    photo_times: Iterable[datetime],
    delivery_times: Iterable[datetime],
    today: date,
    days: int = CHART_DAYS,
    zone: tzinfo = UTC,
    clip_times: Iterable[datetime] = (),
) -> list[Day]:
    """Photos, deliveries and clips per day of the group's time ``zone``, for the ``days``
    days ending ``today``, oldest first, days without any included (zeros)."""
    photos = Counter(t.astimezone(zone).date() for t in photo_times)
    sent = Counter(t.astimezone(zone).date() for t in delivery_times)
    clips = Counter(t.astimezone(zone).date() for t in clip_times)
    first = today - timedelta(days=days - 1)
    return [
        Day(day, photos[day], sent[day], clips[day])
        for day in (first + timedelta(days=i) for i in range(days))
    ]


def draws_clips(days: list[Day]) -> bool:
    """Whether the chart has a bar of clips: only where clips were posted in its days."""
    return any(d.clips for d in days)


@dataclass(frozen=True, slots=True)
class ChartLabels:
    """The chart's words, as they are handed to the renderer."""

    title: str
    photos: str
    deliveries: str
    days: list[str]
    clips: str = ""


@cache
def renderer_orders_right_to_left() -> bool:
    """Whether matplotlib lays out right-to-left text itself (3.11 shapes text with
    libraqm, which applies the Unicode bidi algorithm): then Hebrew is handed over as
    written, since putting it in visual order first would have it reversed twice. Asked of
    the renderer, not of its version: an alef followed by two bets starts at the left
    edge only when the letters are laid out in the order they are written."""
    import numpy as np
    from matplotlib.textpath import TextPath

    def outline(text: str) -> set[tuple[float, float]]:
        vertices = np.round(TextPath((0, 0), text, size=10).vertices, 2)
        return {(float(x), float(y)) for x, y in vertices}

    return not outline("\u05d0") <= outline("\u05d0\u05d1\u05d1")


def for_the_chart(text: str) -> str:
    """``text`` as the renderer needs it to show it the right way round."""
    return text if renderer_orders_right_to_left() else drawn(text)


def chart_labels(days: list[Day]) -> ChartLabels:
    """The chart's words in the current language, ready for the renderer."""
    return ChartLabels(
        for_the_chart(texts.stats_chart_title(clips=draws_clips(days))),
        for_the_chart(texts.stats_chart_photos()),
        for_the_chart(texts.stats_chart_deliveries()),
        [for_the_chart(dates.day_of_year(d.day)) for d in days],
        for_the_chart(texts.stats_chart_clips()),
    )


def render_chart(days: list[Day], labels: ChartLabels | None = None) -> bytes:
    """A small PNG bar chart of photos and deliveries per day (and clips, where any were
    posted), in the current language (``labels``: these words instead, as given)."""
    out = io.BytesIO()
    chart_figure(days, labels).savefig(out, format="png")
    return out.getvalue()


def chart_figure(days: list[Day], labels: ChartLabels | None = None) -> Figure:
    """The figure ``render_chart`` draws."""
    import matplotlib

    matplotlib.use("Agg")  # no display: render to memory only
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    labels = labels or chart_labels(days)
    figure = Figure(figsize=(6.4, 3.2), dpi=100)
    axes = figure.subplots()
    positions = list(range(len(days)))
    bars = [([d.photos for d in days], labels.photos)]
    if draws_clips(days):
        bars.append(([d.clips for d in days], labels.clips))
    bars.append(([d.deliveries for d in days], labels.deliveries))
    width = 0.8 / len(bars)
    for number, (heights, label) in enumerate(bars):
        offset = (number - (len(bars) - 1) / 2) * width
        axes.bar([p + offset for p in positions], heights, width, label=label)
    axes.set_xticks(positions, labels.days, rotation=60, fontsize=7)
    # Counts: from 0, in whole numbers, even for a week with nothing (matplotlib would
    # centre an all-zero axis on 0, with negative and fractional ticks).
    highest = max((max(heights, default=0) for heights, _label in bars), default=0)
    axes.set_ylim(bottom=0, top=max(1, highest) * 1.05)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(labels.title, fontsize=10)
    # Right to left, a legend's words come before (to the right of) their colour.
    axes.legend(fontsize=8, markerfirst=not right_to_left())
    figure.tight_layout()
    return figure


class Statistics:
    """The numbers of ``/stats`` for one group, from its store's plain facts."""

    def __init__(self, store: StatsStore) -> None:
        self._store = store

    async def group_stats(self, group_id: UUID, now: datetime | None = None) -> GroupStats:
        now = now or datetime.now(UTC)
        week_ago = now - WEEK
        # The chart's days are the group's (its time zone, /timezone), not UTC's.
        zone = dates.zone(zone_of_group(await self._store.group_settings(group_id))) or UTC
        today = now.astimezone(zone).date()
        chart_from = datetime.combine(
            today - timedelta(days=CHART_DAYS - 1), datetime.min.time(), zone
        )
        since = min(week_ago, chart_from)
        members = await self._store.members(group_id)
        guarded = await self._store.guarded(members)
        photos = await self._store.photos_since(group_id, since)
        week = [photo for photo in photos if photo.posted_at >= week_ago]
        clips = [photo for photo in week if photo.clip]
        # Every copy sent, hour by hour: one in an hour that ends after a moment counts
        # as sent after it.
        sent = [
            hour
            for hour, count in await self._store.sent_since(group_id, since)
            for _copy in range(count)
        ]
        # Recognized here: matched (active, or paused by their guardian), not enrolling.
        recognized = await self._persons_here(group_id, guarded, MATCHED)
        faceless = await self._persons_here(group_id, guarded, (PersonStatus.NEEDS_PHOTOS,))
        return GroupStats(
            members=len(members),
            # Guardians of a person counted as enrolled, or of one whose faces were deleted
            # since (they still guard it, issue 32); not of one still enrolling or waiting
            # for approval (the English walk's finding 4).
            guardians=len({g.guardian for g in guarded if g.person in recognized | faceless}),
            persons=len(recognized),
            faceless=len(faceless),
            photos_week=len(week) - len(clips),
            clips_week=len(clips),
            thumbnail_only_week=len([clip for clip in clips if clip.thumbnail_only]),
            deliveries_week=len([t for t in sent if t + HOUR > week_ago]),
            suggestions_pending=await self._store.pending_questions(group_id),
            recognized_week=len([p for p in week if p.status == PhotoStatus.DONE and p.recognized]),
            processed_week=len([p for p in week if p.status == PhotoStatus.DONE]),
            failed_photos_week=len(
                [p for p in week if p.status == PhotoStatus.FAILED and not p.clip]
            ),
            failed_clips_week=len([clip for clip in clips if clip.status == PhotoStatus.FAILED]),
            failed_deliveries_week=await self._store.failed_deliveries_since(group_id, week_ago),
            days=per_day(
                [p.posted_at for p in photos if p.posted_at >= chart_from and not p.clip],
                [t for t in sent if t + HOUR > chart_from],
                today,
                zone=zone,
                clip_times=[p.posted_at for p in photos if p.posted_at >= chart_from and p.clip],
            ),
        )

    async def _persons_here(
        self, group_id: UUID, guarded: list[Guarded], statuses: Collection[PersonStatus]
    ) -> set[UUID]:
        """The persons in these statuses with a guardian who is a member, and not waiting
        for or refused the organizers' approval here. Not those of the guardians' that only
        other groups see."""
        persons = {g.person for g in guarded if g.status in statuses}
        if not persons:
            return persons
        return persons - await self._store.blocked_persons(group_id)
