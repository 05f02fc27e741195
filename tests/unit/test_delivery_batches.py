from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.delivery.batches import is_due, last_digest
from domain.states import DeliveryMode

WINDOW = timedelta(minutes=3)
NOON = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def test_the_last_digest_is_today_at_its_hour_once_that_has_passed() -> None:
    assert last_digest(NOON, 9) == datetime(2026, 5, 4, 9, tzinfo=UTC)
    assert last_digest(NOON, 12) == NOON
    assert last_digest(NOON, 17) == datetime(2026, 5, 3, 17, tzinfo=UTC)


def test_each_photo_is_always_due() -> None:
    assert is_due(DeliveryMode.EACH, NOON, NOON, WINDOW, 17)


def test_an_album_is_due_once_its_first_photo_waited_the_window() -> None:
    assert not is_due(DeliveryMode.ALBUM, NOON, NOON + WINDOW - timedelta(seconds=1), WINDOW, 17)
    assert is_due(DeliveryMode.ALBUM, NOON, NOON + WINDOW, WINDOW, 17)


def test_the_digest_is_due_after_the_next_digest_hour_only() -> None:
    assert not is_due(DeliveryMode.DIGEST, NOON, NOON + timedelta(hours=4, minutes=59), WINDOW, 17)
    assert is_due(DeliveryMode.DIGEST, NOON, NOON + timedelta(hours=5), WINDOW, 17)
    # A photo of 18:00 waits for tomorrow's.
    evening = datetime(2026, 5, 4, 18, tzinfo=UTC)
    assert not is_due(DeliveryMode.DIGEST, evening, evening + timedelta(hours=22), WINDOW, 17)
    assert is_due(DeliveryMode.DIGEST, evening, evening + timedelta(hours=23), WINDOW, 17)
