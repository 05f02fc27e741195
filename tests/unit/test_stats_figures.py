"""The figures of ``/stats`` from a group's plain facts (``Statistics`` over its store in
memory, ``tests/fakes/moderation_stats.py``): who counts as a member, a guardian and a
person recognized there, what the week's photos and deliveries are, and the chart's days
in the group's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from domain.languages.catalogs import in_language
from domain.moderation.stats import Day, Statistics, chart_figure, render_chart
from domain.moderation.texts import stats_text
from domain.states import PersonStatus, PhotoStatus
from tests.fakes.moderation_stats import MemoryStatsStore

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


async def test_members_guardians_and_the_persons_recognized_in_the_group() -> None:
    store = MemoryStatsStore()
    ann, _ = store.member(PersonStatus.ACTIVE, PersonStatus.ENROLLING)
    _, (cleo,) = store.member(PersonStatus.PAUSED)  # paused by her guardian: still matched
    store.guards(ann, PersonStatus.ACTIVE, cleo)  # Ann is Cleo's co-guardian: counted once
    _, (_merged,) = store.member(PersonStatus.MERGED)  # gone into another person
    store.member()  # a member with no child
    store.member(PersonStatus.ENROLLING)  # Bea: Yara has 2 of 3 photos, not enrolled yet
    store.member(PersonStatus.NEEDS_PHOTOS)  # Eve had Zoe's faces forgotten: guards her still
    _, (dana,) = store.member(PersonStatus.PENDING_APPROVAL)
    store.blocked.add(dana)
    outsider = store.guards(ann, PersonStatus.ACTIVE)
    store.blocked.add(outsider)  # waiting for this group's approval: not recognized here

    figures = await Statistics(store).group_stats(store.group_id, NOW)

    assert figures.members == 7
    # Guardians of a person counted below (Ann, Cleo's guardian, Eve); not those whose only
    # child is enrolling, merged or waiting for approval.
    assert figures.guardians == 3
    # Matched (active or paused) and not blocked here; not Ben (enrolling) nor Dana.
    assert figures.persons == 2
    assert figures.faceless == 1  # Zoe


async def test_the_persons_of_someone_who_left_are_not_counted() -> None:
    store = MemoryStatsStore()
    left, _ = store.member(PersonStatus.ACTIVE)
    store.member_ids.discard(left)
    figures = await Statistics(store).group_stats(store.group_id, NOW)
    assert (figures.members, figures.guardians, figures.persons) == (0, 0, 0)


async def test_the_weeks_photos_deliveries_and_recognition_rate() -> None:
    store = MemoryStatsStore()
    store.post(NOW - timedelta(hours=1), recognized=True)
    store.post(NOW - timedelta(days=2))  # processed, no face recognized
    store.post(NOW - timedelta(days=3), PhotoStatus.FAILED)
    store.post(NOW - timedelta(minutes=5), PhotoStatus.PENDING)  # not processed yet
    store.post(NOW - timedelta(days=1), PhotoStatus.REMOVED, recognized=True)  # taken down
    store.post(NOW - timedelta(days=9), recognized=True)  # last week's: on the chart only
    store.sent += [NOW - timedelta(hours=2), NOW - timedelta(hours=2), NOW - timedelta(days=8)]
    store.failed += [NOW - timedelta(days=1), NOW - timedelta(days=10)]
    store.questions = 3

    figures = await Statistics(store).group_stats(store.group_id, NOW)

    assert figures.photos_week == 4
    assert (figures.recognized_week, figures.processed_week) == (1, 2)
    assert figures.recognition_rate == 0.5
    assert figures.failed_photos_week == 1
    # Deliveries, not photos: one photo sent to two guardians counts twice.
    assert figures.deliveries_week == 2
    assert figures.failed_deliveries_week == 1
    assert figures.suggestions_pending == 3
    assert len(figures.days) == 14
    assert figures.days[-1] == Day(date(2026, 11, 23), 2, 2)
    assert figures.days[-10] == Day(date(2026, 11, 14), 1, 0)
    assert figures.days[-9] == Day(date(2026, 11, 15), 0, 1)
    assert sum(d.photos for d in figures.days) == 5


async def test_the_charts_days_are_the_groups_days() -> None:
    store = MemoryStatsStore(settings={"zone": "Asia/Jerusalem"})
    late = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # already the 24th in Jerusalem
    store.post(late)
    store.sent.append(late)
    figures = await Statistics(store).group_stats(store.group_id, late + timedelta(minutes=10))
    assert figures.days[-1] == Day(date(2026, 11, 24), 1, 1)
    assert figures.days[-2] == Day(date(2026, 11, 23), 0, 0)
    # Where the group chose no zone, its days are UTC's.
    utc = MemoryStatsStore()
    utc.post(late)
    figures = await Statistics(utc).group_stats(utc.group_id, late + timedelta(minutes=10))
    assert figures.days[-1] == Day(date(2026, 11, 23), 1, 0)


async def test_a_group_with_nothing_yet_has_no_rate() -> None:
    store = MemoryStatsStore()
    figures = await Statistics(store).group_stats(store.group_id, NOW)
    assert figures.recognition_rate is None
    assert figures.photos_week == figures.deliveries_week == figures.persons == 0
    assert [d.photos + d.deliveries for d in figures.days] == [0] * 14


async def test_clips_are_counted_apart_and_those_read_from_a_thumbnail_only_are_told() -> None:
    """A clip over the 20 MB a bot may download is matched on its thumbnail alone: the
    organizers see how many of the week's clips were only partly read."""
    store = MemoryStatsStore()
    store.post(NOW - timedelta(hours=1), recognized=True)
    store.post(NOW - timedelta(hours=2), clip=True, recognized=True)
    store.post(NOW - timedelta(hours=3), clip=True, thumbnail_only=True)
    store.post(NOW - timedelta(days=1), PhotoStatus.REMOVED, clip=True)  # taken down
    store.post(NOW - timedelta(days=8), clip=True)  # last week's: on the chart only

    figures = await Statistics(store).group_stats(store.group_id, NOW)

    assert (figures.photos_week, figures.clips_week, figures.thumbnail_only_week) == (1, 2, 1)
    # A clip is a post like a photo: its faces count in the week's recognition rate.
    assert (figures.recognized_week, figures.processed_week) == (2, 3)
    assert figures.days[-1] == Day(date(2026, 11, 23), 1, 0, 2)
    assert figures.days[-9] == Day(date(2026, 11, 15), 0, 0, 1)
    with in_language("en"):
        caption = stats_text(
            "Class 1A",
            members=0,
            guardians=0,
            persons=0,
            photos_week=figures.photos_week,
            deliveries_week=0,
            suggestions_pending=0,
            clips_week=figures.clips_week,
            thumbnail_only=figures.thumbnail_only_week,
            rate=figures.recognition_rate,
            failed_photos=0,
            failed_clips=0,
            failed_deliveries=0,
            paused=False,
        )
    assert "Photos this week: 1\n" in caption
    assert (
        "Clips this week: 2 (1 of them read from its thumbnail only: over 20 MB, more than a "
        "bot may download without a local Bot API server)\n"
    ) in caption
    assert render_chart(figures.days).startswith(b"\x89PNG")


async def test_a_clip_that_could_not_be_read_is_a_failed_clip_not_a_failed_photo() -> None:
    """A sound-only clip fails as a clip: /stats counts the week's failures of each apart."""
    store = MemoryStatsStore()
    store.post(NOW - timedelta(hours=1), PhotoStatus.FAILED, clip=True)
    store.post(NOW - timedelta(hours=2), PhotoStatus.FAILED, clip=True)
    store.post(NOW - timedelta(hours=3), PhotoStatus.FAILED)
    store.post(NOW - timedelta(days=8), PhotoStatus.FAILED, clip=True)  # last week's

    figures = await Statistics(store).group_stats(store.group_id, NOW)

    assert (figures.failed_photos_week, figures.failed_clips_week) == (1, 2)


def test_an_empty_weeks_chart_counts_from_zero_in_whole_numbers() -> None:
    """walkhe 6: with nothing posted the y axis read -0.045 ... 0.045."""
    days = [Day(date(2026, 11, 9) + timedelta(days=n), 0, 0) for n in range(14)]
    for week in (days, [*days[:-1], Day(date(2026, 11, 22), 3, 7)]):
        with in_language("he"):
            axes = chart_figure(week).axes[0]
        bottom, top = axes.get_ylim()
        ticks = [t for t in axes.get_yticks() if bottom <= t <= top]
        assert bottom == 0
        assert top >= 1
        assert ticks and all(t >= 0 and t == int(t) for t in ticks), ticks
