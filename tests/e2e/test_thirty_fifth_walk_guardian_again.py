"""What walk 35 of issue 32 found left standing once a guardian who left is one again
(findings 2 and 4).

Carl stops getting Alice's photos, his last person: his "You're in…" says "Since then you
are no longer a guardian of anyone here…". It stayed so once he accepted a new invitation,
or enrolled a child of his own with /add, while the messages below it said he gets their
photos: it says so in the past then. Ann's "Carl no longer gets Alice's photos and clips:
they left." stayed too once he accepted again: it says he left for a while."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import CAST, Journey, labels, photo_bytes
from tests.e2e.steps import forget_everything, reads_now, sent_starting

User = dict[str, Any]
LEAVE = "Stop getting Alice's photos and clips"
# Said still under each: how long the class keeps faces, as the "You're in…" said (walk37A-2 B1).
KEEP = (
    "\n\nIn Class 1A, the faces found in its photos and clips are kept until they are deleted: "
    "its organizers have set no time limit."
)
NO_ONE = (
    "Since then you are no longer a guardian of anyone here: I look for no one for you, and "
    "send you no photos or clips."
) + KEEP
AGAIN = (
    "Since then you were for a while no longer a guardian of anyone here, until you became "
    "one again."
) + KEEP


async def _carl_left(journey: Journey) -> tuple[User, User, dict[str, Any]]:
    """Carl, Alice's co-guardian, stops getting her photos: (ann, carl, his "You're in…",
    now saying he guards no one)."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    (carls_in,) = sent_starting(journey, carl, "You're in")
    await _leave(journey, carl)
    assert reads_now(journey, carls_in) == NO_ONE
    return ann, carl, carls_in


async def _leave(journey: Journey, carl: User) -> tuple[dict[str, Any], dict[str, Any]]:
    """Carl opens Alice's guardians list twice, and stops getting her photos from the
    second: (the first list, the second)."""
    (first,) = await journey.after_pressing(carl, await journey.card(carl, "Alice"), "Guardians")
    (second,) = await journey.after_pressing(carl, await journey.card(carl, "Alice"), "Guardians")
    await journey.press(carl, second, LEAVE)
    await journey.settle()
    return first, second


async def test_one_who_accepts_again_no_longer_reads_he_guards_no_one(journey: Journey) -> None:
    """Carl accepts Ann's new invitation: his "You're in…" says he guarded no one for a
    while, and Ann's news of his leaving that he left for a while. Leaving again, he reads
    he guards no one again; deleting everything, Ann's news no longer names him."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    (carls_in,) = sent_starting(journey, carl, "You're in")
    first, second = await _leave(journey, carl)
    assert reads_now(journey, carls_in) == NO_ONE
    assert reads_now(journey, first) == "You no longer get Alice's photos and clips."
    assert reads_now(journey, second) == "You no longer receive Alice's photos and clips."
    (news,) = sent_starting(journey, ann, "Carl no longer gets")
    assert reads_now(journey, news) == "Carl no longer gets Alice's photos and clips: they left."

    await journey.co_guardian(ann, "Alice", carl)
    await journey.settle()
    assert reads_now(journey, carls_in) == AGAIN
    assert reads_now(journey, news) == (
        "Carl stopped getting Alice's photos and clips for a while: they left, then became a "
        "guardian again."
    )
    # His lists list who guards her now, with his button to leave.
    for shown in (first, second):
        assert reads_now(journey, shown) == (
            "The guardians of Alice: Ann, Carl (you). You can stop getting their photos and "
            "clips; only Ann can remove a guardian."
        )
        assert labels(journey.now(shown)) == [LEAVE]

    await journey.press(carl, first, LEAVE)
    await journey.settle()
    assert reads_now(journey, carls_in) == NO_ONE

    await forget_everything(journey, carl)
    assert reads_now(journey, news) == (
        "Another guardian stopped getting Alice's photos and clips for a while: they left, "
        "then became a guardian again."
    )


async def test_one_who_enrolls_a_child_no_longer_reads_he_guards_no_one(
    journey: Journey,
) -> None:
    """Carl enrolls a child of his own with /add: his "You're in…" says he guarded no one
    for a while."""
    _ann, carl, carls_in = await _carl_left(journey)
    await journey.enroll(carl, "Yara", [photo_bytes(n) for n in CAST["scarlett"]["enroll"]])
    await journey.settle()
    assert reads_now(journey, carls_in) == AGAIN


async def test_resumed_is_made_true_with_ready_at_forget_faces_and_forget(
    journey: Journey,
) -> None:
    """Ann pauses and resumes Alice: her "Resumed: I'll send their photos and clips again."
    says Alice's faces were deleted after "Forget faces", as her "Alice is ready…" does, and
    that she was her guardian until she deleted everything after her /forget."""
    ann, _carl, _poster, _group = await journey.class_with_alice_and_carl()
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Pause")
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Resume")
    await journey.until(lambda: bool(sent_starting(journey, ann, "Resumed")))
    (resumed,) = sent_starting(journey, ann, "Resumed")
    (ready,) = sent_starting(journey, ann, "Alice is ready")

    (question,) = await journey.after_pressing(
        ann, await journey.card(ann, "Alice"), "Forget faces"
    )
    await journey.press(ann, question, "Yes, delete")
    await journey.settle()
    assert (
        reads_now(journey, resumed)
        == reads_now(journey, ready)
        == (
            "Since then every face of Alice was deleted: I send no photos or clips of them until "
            "photos or a clip of them are added again from /persons."
        )
    )

    await forget_everything(journey, ann)
    assert reads_now(journey, resumed) == (
        "You were a guardian of Alice until you deleted everything I had about you: I no "
        "longer send you their photos and clips."
    )
