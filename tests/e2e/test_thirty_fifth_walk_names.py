"""Leftovers of issue 32 (session 35): a guardian's name left in her co-guardians' chats
once she deleted everything with /forget.

Carl's "Ann had me forget the faces of Alice: I deleted every one I had…" (and its "Since
then photos of Alice were added again…") kept Ann's name."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import CAST, Journey, photo_bytes
from tests.e2e.steps import forget_everything, reads_now, sent_starting

X = CAST["angelina"]
User = dict[str, Any]


async def _faces_forgotten(journey: Journey) -> tuple[User, User, User]:
    """Ann, Alice's owner, has her faces forgotten: (ann, carl, Carl's news of it)."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    (question,) = await journey.after_pressing(
        ann, await journey.card(ann, "Alice"), "Forget faces"
    )
    await journey.press(ann, question, "Yes, delete")
    await journey.until(lambda: bool(sent_starting(journey, carl, "Ann had me")))
    (forgot,) = sent_starting(journey, carl, "Ann had me")
    await journey.settle()
    return ann, carl, forgot


async def test_a_forgotten_owners_forget_faces_no_longer_names_her(journey: Journey) -> None:
    ann, _carl, forgot = await _faces_forgotten(journey)

    await forget_everything(journey, ann)
    assert reads_now(journey, forgot) == (
        "Another guardian of Alice had me forget their faces: I deleted every one I had; the "
        'name and guardians are kept. Open /persons and choose "Add photos or a clip" to '
        "enroll them again."
    )


async def test_a_forgotten_owners_forget_faces_no_longer_names_her_once_photos_are_back(
    journey: Journey,
) -> None:
    ann, _carl, forgot = await _faces_forgotten(journey)
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Add photos or a clip")
    for name in X["enroll"]:
        sent = (await journey.world.user_sends_photos(ann["id"], ann["id"], [photo_bytes(name)]))[0]
        await journey.replies(ann["id"], sent)
    await journey.replies(ann["id"], await journey.says(ann, "/done"), count=2)
    await journey.settle()
    assert reads_now(journey, forgot) == (
        "Ann had me forget the faces of Alice: I deleted every one I had. Since then photos of "
        "Alice were added again: I look for Alice again."
    )

    await forget_everything(journey, ann)
    assert reads_now(journey, forgot) == (
        "I deleted every face of Alice I had. Since then photos of Alice were added again: I "
        "look for Alice again."
    )
