"""The twelfth walk's leftover 2: /export wrote the open questions in English whatever the
reader's language ("Is this Noa?"), a question about a pair of faces as two, and each
crop's "kept_until" as a constant "at most 30 days". Now a question is written as it was
asked, in the reader's language, once, and "kept_until" is the moment it is deleted at
the latest, from what is stored (the question's expiry, the crop's, the group's keep)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.infra.models import Group, Suggestion
from domain.settings import JobSettings
from tests.e2e.conftest import Collages, Journey
from tests.e2e.steps import read_export
from tests.e2e.test_siblings import _ann_with_alice_and_ally, _names_in_order, _post_her


def _hourly_run_after(due: datetime, minute: int) -> datetime:
    """The first run of an hourly job (at ``minute``) after ``due``."""
    run = due.replace(minute=minute, second=0, microsecond=0)
    return run if run > due else run + timedelta(hours=1)


async def test_an_export_writes_each_question_as_asked_and_the_day_its_crop_goes(
    journey: Journey, collages: Collages
) -> None:
    ann, bea, poster, group = await _ann_with_alice_and_ally(journey, bea_guards_alice=True)
    await journey.press(ann, await journey.reply_to(ann, "/language"), "עברית")
    await _post_her(journey, collages, poster, group)
    first, second = await _names_in_order()
    (lead,) = [
        s for s in await Suggestion.all().prefetch_related("face__photo") if s.pair_id == s.id
    ]
    assert lead.notified_at is not None

    # Ann (in Hebrew) was asked one question naming both: it is one, in Hebrew.
    (asked,) = (await read_export(journey, ann))["face_crops_waiting_for_your_answer"]
    assert asked["question"] == f"האם אלה הפנים של \u2068{first}\u2069 או של \u2068{second}\u2069?"
    assert asked["group"] == "Class 1A" and asked["jpeg_base64"]
    # Unanswered, the question expires (the crop with it) at the first hourly run of the
    # expiry past its days: that is its keep, not "at most 30 days".
    expiry = _hourly_run_after(
        lead.notified_at + timedelta(days=JobSettings().questions_expire_days), 27
    )
    assert datetime.fromisoformat(asked["kept_until"]) == expiry
    assert asked["what"].startswith("חיתוך קטן של הפנים") and "לכל המאוחר" in asked["what"]

    # Bea (in English) guards Alice alone: asked about Alice alone.
    (beas,) = (await read_export(journey, bea))["face_crops_waiting_for_your_answer"]
    assert beas["question"] == "Is this Alice?"
    assert beas["kept_until"] == asked["kept_until"]
    assert beas["what"].startswith(
        "a small crop of the face my question shows, kept until you answer it, and deleted on "
    )

    # The group keeps faces one day: its photo's faces go at retention's next daily run
    # after that day, before the question would expire; the export says so.
    await Group.filter(chat_id=group["id"]).update(retention_days=1)
    (beas,) = (await read_export(journey, bea))["face_crops_waiting_for_your_answer"]
    photo = lead.face.photo
    assert photo is not None
    day_after = photo.posted_at + timedelta(days=1)
    goes = datetime.combine(day_after.astimezone(UTC).date(), datetime.min.time(), UTC).replace(
        hour=3, minute=17
    )
    goes = goes if goes > day_after else goes + timedelta(days=1)
    assert datetime.fromisoformat(beas["kept_until"]) == goes
