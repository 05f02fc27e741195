"""``/stats`` of a group for its organizers: counts only (no names, no faces), and a
small chart of the photos posted and delivered per day.

The arithmetic and the chart are pure functions; ``group_stats`` reads Postgres.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache
from typing import Any
from uuid import UUID

from domain.infra.models import Delivery, Group, Membership, Person, Photo, Suggestion
from domain.languages import dates
from domain.languages.catalogs import drawn, right_to_left
from domain.languages.chats import zone_of_group
from domain.moderation import approvals, texts
from domain.states import (
    LISTED,
    DeliveryStatus,
    MembershipStatus,
    PersonStatus,
    PhotoStatus,
    SuggestionStatus,
)

WEEK = timedelta(days=7)
# A person's statuses in which it is matched in its guardians' groups (as recognition's).
MATCHED = (PersonStatus.ACTIVE, PersonStatus.PAUSED)
CHART_DAYS = 14


@dataclass(frozen=True, slots=True)
class Day:
    day: date
    photos: int
    deliveries: int


@dataclass(frozen=True, slots=True)
class GroupStats:
    members: int  # participants who joined through the link and are still in the group
    guardians: int  # of them, those with at least one person
    persons: int  # the persons recognized in the group (matched, approved here if asked)
    photos_week: int  # photos posted in the last 7 days (taken down ones not counted)
    deliveries_week: int  # photos sent to guardians in the last 7 days
    suggestions_pending: int  # "Is this ...?" questions not answered yet
    recognized_week: int  # photos of the week with at least one recognized face
    processed_week: int  # photos of the week recognition has finished with
    failed_photos_week: int  # photos that could not be read
    failed_deliveries_week: int  # deliveries Telegram refused
    days: list[Day]

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
) -> list[Day]:
    """Photos and deliveries per day of the group's time ``zone``, for the ``days`` days
    ending ``today``, oldest first, days without any included (zeros)."""
    photos = Counter(t.astimezone(zone).date() for t in photo_times)
    sent = Counter(t.astimezone(zone).date() for t in delivery_times)
    first = today - timedelta(days=days - 1)
    return [
        Day(day, photos[day], sent[day]) for day in (first + timedelta(days=i) for i in range(days))
    ]


@dataclass(frozen=True, slots=True)
class ChartLabels:
    """The chart's words, as they are handed to the renderer."""

    title: str
    photos: str
    deliveries: str
    days: list[str]


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
        for_the_chart(texts.stats_chart_title()),
        for_the_chart(texts.stats_chart_photos()),
        for_the_chart(texts.stats_chart_deliveries()),
        [for_the_chart(dates.day_of_year(d.day)) for d in days],
    )


def render_chart(days: list[Day], labels: ChartLabels | None = None) -> bytes:
    """A small PNG bar chart of photos and deliveries per day, in the current language
    (``labels``: these words instead, as given)."""
    import matplotlib

    matplotlib.use("Agg")  # no display: render to memory only
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    labels = labels or chart_labels(days)
    figure = Figure(figsize=(6.4, 3.2), dpi=100)
    axes = figure.subplots()
    positions = list(range(len(days)))
    width = 0.4
    axes.bar(
        [p - width / 2 for p in positions], [d.photos for d in days], width, label=labels.photos
    )
    axes.bar(
        [p + width / 2 for p in positions],
        [d.deliveries for d in days],
        width,
        label=labels.deliveries,
    )
    axes.set_xticks(positions, labels.days, rotation=60, fontsize=7)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(labels.title, fontsize=10)
    # Right to left, a legend's words come before (to the right of) their colour.
    axes.legend(fontsize=8, markerfirst=not right_to_left())
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


async def group_stats(group_id: UUID, now: datetime | None = None) -> GroupStats:
    """The numbers of ``/stats`` for one group, read from Postgres."""
    now = now or datetime.now(UTC)
    week_ago = now - WEEK
    # The chart's days are the group's (its time zone, /timezone), not UTC's.
    group = await Group.get_or_none(id=group_id).only("id", "settings")
    zone = dates.zone(zone_of_group(group.settings if group else None)) or UTC
    today = now.astimezone(zone).date()
    chart_from = datetime.combine(today - timedelta(days=CHART_DAYS - 1), datetime.min.time(), zone)
    members = Membership.filter(group_id=group_id, status=MembershipStatus.MEMBER)
    member_ids = await members.values_list("participant_id", flat=True)
    # The persons recognized here: matched (active, or paused by their guardian), with a
    # guardian who is a member, and not waiting for or refused the organizers' approval
    # here. Not those of the guardians' that only other groups see, nor those enrolling.
    matched = (
        await Person.filter(
            status__in=MATCHED, guardianships__participant_id__in=list(member_ids)
        ).values_list("id", flat=True)
        if member_ids
        else []
    )
    blocked = await approvals.blocked_persons(group_id) if matched else set()
    persons = [person_id for person_id in matched if person_id not in blocked]
    guardians = (
        await Membership.filter(
            group_id=group_id,
            status=MembershipStatus.MEMBER,
            participant__guardianships__person__status__in=LISTED,
        )
        .distinct()
        .values_list("participant_id", flat=True)
    )
    week = Photo.filter(group_id=group_id, posted_at__gte=week_ago).exclude(
        status=PhotoStatus.REMOVED
    )
    recognized = await (
        Photo.filter(
            group_id=group_id,
            posted_at__gte=week_ago,
            status=PhotoStatus.DONE,
            faces__person_id__isnull=False,
        )
        .distinct()
        .values_list("id", flat=True)
    )
    sent_week = Delivery.filter(
        photo__group_id=group_id, status=DeliveryStatus.SENT, sent_at__gte=week_ago
    )
    photo_times: list[Any] = (
        await Photo.filter(group_id=group_id, posted_at__gte=chart_from)
        .exclude(status=PhotoStatus.REMOVED)
        .values_list("posted_at", flat=True)
    )
    delivery_times: list[Any] = await Delivery.filter(
        photo__group_id=group_id, status=DeliveryStatus.SENT, sent_at__gte=chart_from
    ).values_list("sent_at", flat=True)
    return GroupStats(
        members=len(member_ids),
        guardians=len(set(guardians)),
        persons=len(set(persons)),
        photos_week=await week.count(),
        deliveries_week=await sent_week.count(),
        suggestions_pending=await Suggestion.filter(
            face__photo__group_id=group_id, status=SuggestionStatus.PENDING
        ).count(),
        recognized_week=len(set(recognized)),
        processed_week=await week.filter(status=PhotoStatus.DONE).count(),
        failed_photos_week=await week.filter(status=PhotoStatus.FAILED).count(),
        failed_deliveries_week=await Delivery.filter(
            photo__group_id=group_id, status=DeliveryStatus.FAILED, updated_at__gte=week_ago
        ).count(),
        days=per_day(
            [t for t in photo_times if isinstance(t, datetime)],
            [t for t in delivery_times if isinstance(t, datetime)],
            today,
            zone=zone,
        ),
    )
