from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from domain.blobs import as_utc, check_key
from domain.errors import InvalidBlobKey


@pytest.mark.parametrize(
    "key", ["photos/abc.jpg", "crops/3f2a/face-1.jpg", "a", "persons/id=42/x_y.jpeg"]
)
def test_ordinary_keys_pass(key: str) -> None:
    assert check_key(key) == key


@pytest.mark.parametrize(
    "key",
    [
        "",
        "/etc/passwd",
        "../secret",
        "photos/../../x",
        "photos//x",
        "photos/./x",
        ".hidden",
        "photos/",
        "photos/x y.jpg",
        "photos\\x",
        "photos/\x00",
    ],
)
def test_keys_that_could_escape_or_hide_are_refused(key: str) -> None:
    with pytest.raises(InvalidBlobKey):
        check_key(key)


def test_prefixes_may_end_with_a_slash() -> None:
    assert check_key("persons/42/", prefix=True) == "persons/42/"
    with pytest.raises(InvalidBlobKey):
        check_key("../", prefix=True)


def test_expiry_times_become_utc() -> None:
    naive = datetime(2030, 1, 1, 12, 0)
    assert as_utc(naive) == datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
    plus_two = datetime(2030, 1, 1, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    assert as_utc(plus_two) == datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
