"""The twenty-ninth walk's findings (Hebrew, /work/briefs/walk/findings29.md): what a parent
reads when she leaves an enrollment unfinished for another child."""

from __future__ import annotations

from domain.infra.models import Participant, Person
from tests.e2e.conftest import CAST, Journey, labels, photo_bytes
from tests.e2e.steps import ann_in_a_class

X = CAST["angelina"]


async def test_a_new_add_says_the_unfinished_child_was_not_kept(journey: Journey) -> None:
    """findings29 1: Ann sends one photo of Sara, then /add Ben: before, only Ben's prompt
    came, "Send more" stayed above it, and nothing said Sara was gone (a photo of Sara sent
    now is learned as Ben's)."""
    ann = await ann_in_a_class(journey)
    await journey.reply_to(ann, "/add Sara")
    sent = await journey.world.user_sends_photos(
        ann["id"], ann["id"], [photo_bytes(X["enroll"][0])]
    )
    (accepted,) = await journey.replies(ann["id"], sent[-1])
    assert accepted["text"] == "✅ Accepted (1 of 3)."

    asked = await journey.script.says(ann, "/add Ben")
    said, prompt = await journey.replies(ann["id"], asked, count=2)
    assert said["text"] == (
        "I didn't keep Sara: you started enrolling someone else before Sara was done, so "
        "I've deleted what you sent for Sara. To enroll Sara, send /add again once this one "
        "is done."
    )
    assert "Ben" in prompt["text"]
    assert not await Person.filter(name="Sara").exists()


async def test_nothing_sent_yet_is_said_so_in_hebrew(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    await Participant.filter(telegram_user_id=ann["id"]).update(language="he")
    await journey.reply_to(ann, "/add Sara")
    asked = await journey.script.says(ann, "/add Ben")
    said, _ = await journey.replies(ann["id"], asked, count=2)
    assert (
        said["text"] == "הפסקתי לרשום את \u2068Sara\u2069: עוד לא נשלח דבר עבור \u2068Sara\u2069."
    )

    # walkhe 2: a photo of Ben's asked about ("looks like Alice... add it to Alice?") was
    # sent for him: a new /add says it went, and the question no longer asks.
    sent = await journey.world.user_sends_photos(ann["id"], ann["id"], [photo_bytes(X["group"][0])])
    (question,) = await journey.replies(ann["id"], sent[-1])
    assert labels(question), question
    asked = await journey.script.says(ann, "/add Dan")
    said, _ = await journey.replies(ann["id"], asked, count=2)
    assert said["text"].startswith("לא שמרתי את \u2068Ben\u2069:"), said["text"]
    await journey.until(lambda: not labels(journey.now(question)))
    assert journey.now(question)["text"] == "🗑 בוטל: לא אלמד מהתמונה הזו."
