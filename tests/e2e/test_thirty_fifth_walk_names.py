"""Leftovers of issue 32 (session 35): a guardian's name left in her co-guardians' chats
once she deleted everything with /forget.

Carl's "Ann had me forget the faces of Alice: I deleted every one I had…" (and its "Since
then photos of Alice were added again…") kept Ann's name; so did a sibling pair's question
answered by one guardian, in the chat of the other ("Ann answered this question: yes,
that's Alice.", "Bea answered this question: not Alice. Is this Ally?").

"Carl paused Alice: I'll hold… until one of you resumes…" stayed so in Ann's chat once she
was Alice's only guardian (Carl left, or deleted his data): it says "until you resume"
then, and "one of you" again once another guardian joins."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import CAST, Collages, Journey, labels, photo_bytes
from tests.e2e.steps import forget_everything, reads_now, sent_starting
from tests.e2e.test_siblings import _ann_with_alice_and_ally, _post_her

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


async def test_a_forgotten_guardians_answer_to_a_sibling_pair_no_longer_names_her(
    journey: Journey, collages: Collages
) -> None:
    """Ann answers "Is this Alice or Ally?" with Alice, then deletes everything: Bea's "Is
    this Alice?" (she guards Alice only) no longer names her."""
    ann, bea, poster, group = await _ann_with_alice_and_ally(journey, bea_guards_alice=True)
    await _post_her(journey, collages, poster, group)
    (pair,) = journey.suggestions(ann)
    (beas,) = journey.suggestions(bea)
    assert (await journey.press(ann, pair, "Alice"))["text"] == "Thanks! Noted."
    await journey.until(lambda: "reply_markup" not in journey.now(beas))
    await journey.settle()
    assert reads_now(journey, beas) == "Ann answered this question: yes, that's Alice."

    await forget_everything(journey, ann)
    assert reads_now(journey, beas) == (
        "Another guardian answered this question: yes, that's Alice."
    )


async def test_a_forgotten_guardians_no_in_a_sibling_pair_no_longer_names_her(
    journey: Journey, collages: Collages
) -> None:
    """Bea (Alice's only) says her "Is this Alice?" is not Alice, then deletes everything:
    Ann's pair question, asking about Ally alone since, no longer names her."""
    ann, bea, poster, group = await _ann_with_alice_and_ally(journey, bea_guards_alice=True)
    await _post_her(journey, collages, poster, group)
    (pair,) = journey.suggestions(ann)
    (beas,) = journey.suggestions(bea)
    await journey.press(bea, beas, "No")
    asked = "Bea answered this question: not Alice.\nIs this Ally? (a photo in Class 1A)"
    await journey.until(lambda: journey.now(pair)["caption"] == asked)
    await journey.settle()

    await forget_everything(journey, bea)
    assert journey.now(pair)["caption"] == (
        "Another guardian answered this question: not Alice.\nIs this Ally? (a photo in Class 1A)"
    )
    assert labels(journey.now(pair)) == ["Yes", "No"]


PAUSED_ALONE = (
    "I'll hold new photos and clips of them instead of sending them until you resume, and "
    "then offer you the held ones."
)
PAUSED_BOTH = (
    "I'll hold new photos and clips of them instead of sending them until one of you "
    "resumes, and then offer you the held ones."
)


async def test_a_pause_told_says_until_you_resume_once_its_reader_is_alone(
    journey: Journey,
) -> None:
    """Carl pauses Alice: Ann's news of it says "until one of you resumes". Carl stops
    getting Alice's photos: Ann is her only guardian, so "until you resume"; Dan accepts
    Ann's invitation: "one of you" again."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await journey.after_pressing(carl, await journey.card(carl, "Alice"), "Pause")
    await journey.until(lambda: bool(sent_starting(journey, ann, "Carl paused")))
    (news,) = sent_starting(journey, ann, "Carl paused")
    await journey.settle()
    assert reads_now(journey, news) == f"Carl paused Alice: {PAUSED_BOTH}"

    (guardians,) = await journey.after_pressing(
        carl, await journey.card(carl, "Alice"), "Guardians"
    )
    await journey.press(carl, guardians, "Stop getting Alice's photos and clips")
    await journey.settle()
    assert reads_now(journey, news) == f"Carl paused Alice: {PAUSED_ALONE}"

    await journey.co_guardian(ann, "Alice", journey.user("Dan"))
    await journey.settle()
    assert reads_now(journey, news) == f"Carl paused Alice: {PAUSED_BOTH}"


async def test_a_forgotten_pausers_news_says_until_you_resume_to_the_one_left(
    journey: Journey,
) -> None:
    """Ann pauses Alice, then deletes everything: Carl, Alice's only guardian now, reads
    "until you resume", without her name."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Pause")
    await journey.until(lambda: bool(sent_starting(journey, carl, "Ann paused")))
    (news,) = sent_starting(journey, carl, "Ann paused")
    await journey.settle()

    await forget_everything(journey, ann)
    assert reads_now(journey, news) == f"Another guardian of Alice paused them: {PAUSED_ALONE}"


async def test_a_forgotten_leavers_news_no_longer_names_him(journey: Journey) -> None:
    """Carl stops getting Alice's photos, then deletes everything: Ann's news of his
    leaving no longer names him."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    (guardians,) = await journey.after_pressing(
        carl, await journey.card(carl, "Alice"), "Guardians"
    )
    await journey.press(carl, guardians, "Stop getting Alice's photos and clips")
    await journey.until(lambda: bool(sent_starting(journey, ann, "Carl no longer gets")))
    (news,) = sent_starting(journey, ann, "Carl no longer gets")
    await journey.settle()
    assert reads_now(journey, news) == "Carl no longer gets Alice's photos and clips: they left."

    await forget_everything(journey, carl)
    assert reads_now(journey, news) == (
        "Another guardian no longer gets Alice's photos and clips: they left."
    )
