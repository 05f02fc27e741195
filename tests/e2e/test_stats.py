"""/stats in the admin chat: counts only, true to Postgres, with a PNG chart of photos
and deliveries per day; only for the group's admins."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import numpy as np
from bidi import get_display
from PIL import Image

from domain.infra.models import Delivery, Face, Group, Membership, Photo, Suggestion
from domain.infra.stores.moderation_stats import TortoiseStatsStore
from domain.languages import dates
from domain.languages.catalogs import in_language
from domain.moderation import stats, texts
from domain.moderation.stats import Statistics
from domain.states import DeliveryStatus, MembershipStatus, PhotoStatus, SuggestionStatus
from tests.e2e.conftest import CAST, Collages, Journey
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import forget_everything
from tests.e2e.test_group_settings import settings_card

X, NOBODY = CAST["angelina"], CAST["strangers"]


def _pixels(image_bytes: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(image_bytes)) as image:
        return np.asarray(image.convert("L"), dtype=np.int16)


def _forced_labels(days: list[stats.Day], *, visual: bool) -> stats.ChartLabels:
    """The chart's words in the current language, forced into one left-to-right order: the
    visual order python-bidi gives (how Hebrew reads), or as written (reversed)."""

    def lay(text: str) -> str:
        shown = get_display(text) if visual else text
        return f"\u202d{shown}\u202c" if stats.renderer_orders_right_to_left() else shown

    return stats.ChartLabels(
        lay(texts.stats_chart_title()),
        lay(texts.stats_chart_photos()),
        lay(texts.stats_chart_deliveries()),
        [lay(dates.day_of_year(d.day)) for d in days],
    )


def _number(caption: str, label: str) -> str:
    match = re.search(rf"{re.escape(label)}: ([^\n]+)", caption)
    assert match is not None, f"no {label!r} in {caption!r}"
    return match.group(1)


async def test_stats_match_postgres_and_come_with_a_chart(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    dave = journey.user("Dave")
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.post(group, poster, collages.make(NOBODY["group"][1]))
    await journey.settle()
    office = await bound_admin_chat(journey, group, [poster, dave])

    sent = await journey.says(poster, "/stats", office["id"])
    (reply,) = await journey.replies(office["id"], sent)
    assert "photo" in reply, "the stats come as a photo: the chart"
    caption = reply["caption"]
    assert caption.startswith("Class 1A\n")

    # Every number is Postgres's.
    db_group = await Group.get(chat_id=group["id"])
    members = await Membership.filter(group=db_group, status=MembershipStatus.MEMBER).count()
    photos = await Photo.filter(group=db_group).count()
    recognized = len(
        {f.photo_id for f in await Face.filter(photo__group=db_group, person_id__isnull=False)}  # type: ignore[attr-defined]
    )
    processed = await Photo.filter(group=db_group, status=PhotoStatus.DONE).count()
    sent_count = await Delivery.filter(status=DeliveryStatus.SENT).count()
    pending = await Suggestion.filter(status=SuggestionStatus.PENDING).count()
    assert (members, photos, recognized, processed, sent_count) == (1, 2, 1, 2, 1)
    assert _number(caption, "Members who joined") == str(members)
    assert _number(caption, "Guardians") == "1"
    assert _number(caption, "Persons enrolled") == "1"
    assert _number(caption, "Photos this week") == str(photos)
    # Deliveries, not photos: one photo sent to two guardians counts twice.
    assert _number(caption, "Deliveries this week") == str(sent_count)
    assert "Photos delivered" not in caption
    assert _number(caption, "Questions waiting for an answer") == str(pending)
    assert _number(caption, "Recognition rate this week").startswith("50%")
    assert _number(caption, "Failures this week") == "0 photos, 0 clips, 0 deliveries"
    assert (
        _number(caption, "Faces of photos and clips kept")
        == "with no time limit (/settings sets one)"
    )
    # No names, no faces: counts only.
    assert "Alice" not in caption and "Ann" not in caption

    # The chart: a PNG of the last 14 days, today's bars the numbers above.
    data = journey.world.file_bytes(reply["photo"][-1]["file_id"]).data
    with Image.open(io.BytesIO(data)) as image:
        assert image.width > image.height > 100
    sent_chart = [
        r for r in journey.world.requests("sendPhoto") if str(r.get("chat_id")) == str(office["id"])
    ]
    assert sent_chart, "the chart is sent with sendPhoto"
    numbers = await Statistics(TortoiseStatsStore()).group_stats(db_group.id)
    assert len(numbers.days) == 14
    today = numbers.days[-1]
    assert today.day == datetime.now(UTC).date()
    assert (today.photos, today.deliveries) == (photos, sent_count)
    assert sum(d.photos for d in numbers.days) == photos

    # Ann's /forget deletes Alice's faces and copies: the week's rate stays what was
    # recognized when the photos were read (one that dropped would tell of an erasure).
    await forget_everything(journey, ann)
    sent = await journey.says(poster, "/stats", office["id"])
    (after,) = await journey.replies(office["id"], sent)
    assert _number(after["caption"], "Recognition rate this week").startswith("50%")

    # A member of the admin chat who is not an admin of the group gets nothing.
    refused = await journey.says(dave, "/stats", office["id"])
    (answer,) = await journey.replies(office["id"], refused)
    assert answer["text"] == "Only the admins of Class 1A can do that."
    assert "photo" not in answer

    # In Hebrew (the group's language, chosen in /settings), the chart reads right to left:
    # the picture sent is the chart with its title, legend and dates forced into Hebrew's
    # visual order, not the one with their letters reversed.
    card = await settings_card(journey, poster, office)
    await journey.press(poster, card, "עברית")
    sent = await journey.says(poster, "/stats", office["id"])
    (hebrew,) = await journey.replies(office["id"], sent)
    # Its first line, the title alone, is laid out right to left as the rest (walkhe 11).
    assert hebrew["caption"].startswith("\u200f\u2068Class 1A\u2069\n"), hebrew["caption"]
    drawn = _pixels(journey.world.file_bytes(hebrew["photo"][-1]["file_id"]).data)
    numbers = await Statistics(TortoiseStatsStore()).group_stats(db_group.id)
    with in_language("he"):
        right, reversed_ = (
            _pixels(stats.render_chart(numbers.days, _forced_labels(numbers.days, visual=v)))
            for v in (True, False)
        )
    assert drawn.shape == right.shape
    # Equal through the emulator; near (far nearer than to the reversed one) should a
    # recompression of the photo ever come between.
    near, far = np.abs(drawn - right).mean(), np.abs(drawn - reversed_).mean()
    assert near < far / 3, (near, far)
