"""When a membership is asked of Telegram before a group's photos go (issue 33's attack: a
guardian who left while the bot was away)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.groups.memberships import bot_arrived_at, must_ask
from domain.groups.service import ARRIVED

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
WINDOW = timedelta(hours=6)


def test_a_recent_check_is_trusted() -> None:
    assert not must_ask(NOW - timedelta(minutes=5), NOW, WINDOW, None)


def test_an_old_check_is_asked_again() -> None:
    assert must_ask(NOW - WINDOW, NOW, WINDOW, None)


def test_a_check_from_before_the_bot_came_back_is_asked_again() -> None:
    verified = NOW - timedelta(minutes=10)
    assert must_ask(verified, NOW, WINDOW, arrived_at=NOW - timedelta(minutes=1))
    assert not must_ask(verified, NOW, WINDOW, arrived_at=NOW - timedelta(minutes=20))


def test_the_arrival_is_read_from_the_groups_settings() -> None:
    assert bot_arrived_at({ARRIVED: NOW.isoformat()}) == NOW
    assert bot_arrived_at({}) is None
    assert bot_arrived_at({ARRIVED: "yesterday"}) is None
    assert bot_arrived_at({ARRIVED: 5}) is None
