"""Issue 32 (session 36): news that stayed on screen after they stopped being true.

Ann's "Paused Alice: I'll keep recognizing them…" and "Resumed Alice: I'll send their photos
and clips again." (her card's answers) kept the old name after a rename, and "Paused…" kept
promising to hold photos after "Forget faces", a deletion or her /forget. Carl's "Ann had me
forget the faces of Alice…" kept the old name after a rename."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Journey
from tests.e2e.steps import (
    delete_person,
    forget_everything,
    forget_faces,
    reads_now,
    sent_starting,
)

User = dict[str, Any]

PAUSED = (
    "I'll keep recognizing them in new group photos and clips but hold those instead of "
    "sending them. When you resume, I'll offer you the held photos and clips in one batch."
)


async def rename(journey: Journey, user: User, old: str, new: str) -> None:
    await journey.after_pressing(user, await journey.card(user, old), "Rename")
    assert (await journey.reply_to(user, new))["text"] == f"Renamed to {new}."


async def _paused(journey: Journey, ann: User) -> User:
    """Ann presses "Pause" on Alice's card: her answer "Paused Alice: …"."""
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Pause")
    await journey.until(lambda: bool(sent_starting(journey, ann, "Paused")))
    (paused,) = sent_starting(journey, ann, "Paused")
    await journey.settle()
    return paused


async def test_paused_and_resumed_follow_a_rename(journey: Journey) -> None:
    """Ann pauses and resumes Alice, then renames her Alicia: both answers name Alicia."""
    ann, _poster, _group = await journey.class_with_alice()
    paused = await _paused(journey, ann)
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Resume")
    await journey.until(lambda: bool(sent_starting(journey, ann, "Resumed")))
    (resumed,) = sent_starting(journey, ann, "Resumed")
    await journey.settle()

    await rename(journey, ann, "Alice", "Alicia")
    await journey.until(lambda: "Alicia" in reads_now(journey, resumed))
    await journey.settle()
    assert reads_now(journey, paused) == f"Paused Alicia: {PAUSED}"
    assert reads_now(journey, resumed) == "Resumed Alicia: I'll send their photos and clips again."


async def test_paused_says_what_forget_faces_and_forget_made_of_it(journey: Journey) -> None:
    """Ann pauses Alice: after "Forget faces" her "Paused Alice: …" says every face of
    Alice was deleted, as her "Alice is ready…" does; after her /forget (Alice, with no
    other guardian, went with it), that she is no longer a guardian."""
    ann, _poster, _group = await journey.class_with_alice()
    paused = await _paused(journey, ann)

    await forget_faces(journey, ann, "Alice")
    assert reads_now(journey, paused) == (
        "Since then every face of Alice was deleted: I send no photos or clips of them until "
        "photos or a clip of them are added again from /persons."
    )

    await forget_everything(journey, ann)
    assert reads_now(journey, paused) == (
        "You deleted everything I had about you, so you are no longer a guardian here and I "
        "no longer send you photos or clips."
    )


async def test_paused_says_the_deletion(journey: Journey) -> None:
    """Ann pauses Alice, then deletes her: "Paused Alice: …" no longer promises to hold her
    photos."""
    ann, _poster, _group = await journey.class_with_alice()
    paused = await _paused(journey, ann)

    await delete_person(journey, ann, "Alice")
    assert reads_now(journey, paused) in (
        "Alice has since been deleted, with everything I had about them: I no longer send "
        "anyone their photos and clips.",
        "Alice was paused then.",
    )


async def test_forget_faces_news_follows_a_rename(journey: Journey) -> None:
    """Ann has Alice's faces forgotten, then renames her Alicia: Carl's "Ann had me forget
    the faces of Alice…" names Alicia."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await forget_faces(journey, ann, "Alice")
    (carls,) = sent_starting(journey, carl, "Ann had me")

    await rename(journey, ann, "Alice", "Alicia")
    await journey.until(lambda: "Alicia" in reads_now(journey, carls))
    await journey.settle()
    assert reads_now(journey, carls) == (
        "Ann had me forget the faces of Alicia: I deleted every one I had; the name and "
        'guardians are kept. Open /persons and choose "Add photos or a clip" to enroll them '
        "again."
    )
