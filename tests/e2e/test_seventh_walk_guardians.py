"""What the seventh walk of issue 32 found untrue or untold between guardians and their
groups, each read as its reader reads it: an answered question later read as merely
"closed"; the guardians list offering a co-guardian what only the owner may do, naming
no one; a co-guardian leaving unheard of; a group's welcome left in its old language; a
longer keep of faces told to no parent."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import CAST, Collages, Journey, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.test_batched_questions import worker_side
from tests.e2e.test_group_settings import settings_card
from tests.e2e.test_siblings import _ann_with_alice_and_ally, _post_her


def _welcome(journey: Journey, group: dict[str, Any]) -> dict[str, Any]:
    return next(
        m for m in journey.world.transcript(group["id"]) if m.get("text", "").startswith("Hi, ")
    )


async def test_an_answered_question_keeps_its_answer(journey: Journey, collages: Collages) -> None:
    ann, bea, poster, group = await _ann_with_alice_and_ally(journey, bea_guards_alice=True)
    await _post_her(journey, collages, poster, group)
    (pair,) = journey.suggestions(ann)  # "Is this Alice or Ally?"
    (beas,) = journey.suggestions(bea)  # "Is this Alice?"
    await journey.press(bea, beas, "Yes")
    answered = (await journey.edited(beas))["caption"]
    assert answered == "Yes, that's Alice. The photo comes to you in this chat."
    await journey.settle()

    # Ann merges Alice into Ally meanwhile; then the settled questions are withdrawn. Both
    # read "This question is closed: it was answered, or the face was sorted out ..."
    (allys,) = await journey.after_pressing(ann, await journey.card(ann, "Ally"), "Merge")
    await journey.confirm_merge(ann, allys, "Alice")
    await journey.settle()
    async with worker_side(journey) as (_, withdrawal):
        await withdrawal.run()
        await withdrawal.run()
    assert journey.now(pair)["caption"] == "Bea answered this question: yes, that's Alice."
    assert "reply_markup" not in journey.now(pair)
    assert journey.now(beas)["caption"] == answered


async def test_the_guardians_list_names_them_and_offers_what_the_reader_may_do(
    journey: Journey,
) -> None:
    ann, carl, _, _ = await journey.class_with_alice_and_carl()
    (anns,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    assert anns["text"] == (
        "The guardians of Alice: Ann (you), Carl. You can remove one, or stop getting their "
        "photos and clips yourself:"
    )
    # Carl read "Remove one, or leave yourself:" above his one button, and no name.
    (carls,) = await journey.after_pressing(carl, await journey.card(carl, "Alice"), "Guardians")
    assert carls["text"] == (
        "The guardians of Alice: Ann, Carl (you). You can stop getting their photos and clips; "
        "only Ann can remove a guardian."
    )
    assert labels(carls) == ["Stop getting Alice's photos and clips"]

    # Carl leaves: Ann's card changed silently, and nothing told her why.
    await journey.press(carl, carls, "Stop getting Alice's photos and clips")
    await journey.until(lambda: journey.last(ann).get("text", "").startswith("Carl no longer"))
    assert journey.last(ann)["text"] == "Carl no longer gets Alice's photos and clips: they left."
    (alone,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    assert alone["text"] == (
        "The guardians of Alice: Ann (you). If you stop getting their photos and clips, no "
        "guardian is left, so I delete them and everything about them."
    )


async def test_the_welcome_speaks_the_groups_new_language(journey: Journey) -> None:
    ann, poster, group = await journey.class_with_alice()
    chat = await bound_admin_chat(journey, group, [poster])
    welcome = _welcome(journey, group)
    english, button = welcome["text"], welcome["reply_markup"]["inline_keyboard"][0][0]
    assert english.startswith("Hi, Class 1A! I'm facedrop.")
    await journey.press(poster, await settings_card(journey, poster, chat), "עברית")
    # The group's /help answered in Hebrew; its pinned welcome stayed English.
    await journey.until(lambda: not journey.now(welcome)["text"].startswith("Hi, "))
    now = journey.now(welcome)
    assert now["text"].startswith("שלום, \u2068Class 1A\u2069! אני facedrop.")
    (hebrew,) = (b for row in now["reply_markup"]["inline_keyboard"] for b in row)
    assert hebrew["text"] != button["text"] and hebrew["url"] == button["url"]
    assert journey.photos_for(ann) == []


async def test_a_longer_keep_is_told_to_the_groups_parents_each_in_their_language(
    journey: Journey,
) -> None:
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    await journey.press(carl, await journey.reply_to(carl, "/language"), "עברית")
    chat = await bound_admin_chat(journey, group, [poster])
    before = {user["id"]: journey.last(user)["message_id"] for user in (ann, carl)}

    # Shorter: told too (test_twelfth_walk_keep_shortened reads what it says).
    card = await settings_card(journey, poster, chat)
    await journey.press(poster, card, "Keep: 30 d")
    await journey.until(
        lambda: all(journey.last(u)["message_id"] != before[u["id"]] for u in (ann, carl))
    )
    assert journey.last(ann)["text"].startswith("The organizers of Class 1A set a time limit")
    before = {user["id"]: journey.last(user)["message_id"] for user in (ann, carl)}

    # Longer than they agreed to: they read nothing, and their consent said "30 days".
    await journey.press(poster, journey.now(card), "Keep: always")
    await journey.until(lambda: journey.last(ann)["message_id"] != before[ann["id"]])
    assert journey.last(ann)["text"] == (
        "The organizers of Class 1A now have me keep the faces found in its photos and clips "
        "until they are deleted: they set no time limit (it was 30 days). /privacy says what I "
        "keep, and /forget deletes everything I have about you."
    )
    await journey.until(lambda: journey.last(carl)["message_id"] != before[carl["id"]])
    told = journey.last(carl)["text"]
    assert "Class 1A" in told and "/privacy" in told and "organizers" not in told


async def test_forgotten_faces_are_said_once_and_the_co_guardian_hears_who(
    journey: Journey,
) -> None:
    ann, carl, _, _ = await journey.class_with_alice_and_carl()
    promised = [
        _first(journey, *each)
        for each in (
            (ann, "Carl is now also"),
            (ann, "Carl now gets"),
            (carl, "You're now a guardian"),
            (carl, "You're in: I'll look for Alice"),
        )
    ]
    # Carl's "You're in" also said how long Class 1A keeps faces: each redraw keeps it.
    keep = "\n\n" + promised[-1]["text"].split("\n\n")[-1]
    assert keep.startswith("\n\nIn Class 1A, ")
    (question,) = await journey.after_pressing(
        ann, await journey.card(ann, "Alice"), "Forget faces"
    )
    await journey.press(ann, question, "Yes, delete")
    await journey.until(lambda: journey.now(question)["text"] == "Deleted every face of Alice.")
    await journey.until(lambda: journey.last(carl).get("text", "").startswith("Ann had me"))
    # Carl read Ann's own words, "I've deleted every face of Alice I had ...", as if he had
    # done it.
    forgot = journey.last(carl)
    assert forgot["text"] == (
        "Ann had me forget the faces of Alice: I deleted every one I had; the name and "
        'guardians are kept. Open /persons and choose "Add photos or a clip" to enroll them again.'
    )
    await journey.settle()
    # Ann read it twice: the question edited, then the same in a new message.
    said = [m.get("text", "") for m in journey.world.transcript(ann["id"])]
    assert not any(text.startswith("I've deleted every face") for text in said)
    # What said Alice's photos come says nothing does until photos are added (walkhe2 5).
    assert [journey.now(m)["text"] for m in promised] == [
        "Carl is a guardian of Alice too. Since then every face of Alice was deleted: I send "
        "no photos or clips of them to anyone until photos or a clip of them are added again "
        "from /persons.",
    ] * 2 + [
        "You're a guardian of Alice. Since then every face of Alice was deleted: I send no "
        "photos or clips of them until photos or a clip of them are added again from /persons.",
        "You're in Class 1A. Since then every face of Alice was deleted: I send you no photos "
        "or clips of them until photos or a clip of them are added again from /persons." + keep,
    ]

    # Ann enrolls Alice again: each says they were added, and that I look for her again
    # (walken4 6).
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Add photos or a clip")
    for name in CAST["angelina"]["enroll"]:
        sent = (await journey.world.user_sends_photos(ann["id"], ann["id"], [photo_bytes(name)]))[0]
        await journey.replies(ann["id"], sent)
    await journey.replies(ann["id"], await journey.says(ann, "/done"), count=2)
    await journey.settle()
    assert [journey.now(m)["text"] for m in promised] == [
        "Carl is a guardian of Alice too. Since then every face of Alice was deleted, and then "
        "photos of them were added again: I look for Alice again, for Carl too.",
    ] * 2 + [
        "You're a guardian of Alice. Since then every face of Alice was deleted, and then "
        "photos of them were added again: I look for Alice again.",
        "You're in Class 1A. Since then every face of Alice was deleted, and then photos of "
        "them were added again: I look for Alice there, and send you the photos and clips "
        "they are in." + keep,
    ]
    # Carl is no longer asked to enroll her again (walkhe4 9).
    assert journey.now(forgot)["text"] == (
        "Ann had me forget the faces of Alice: I deleted every one I had. Since then photos of "
        "Alice were added again: I look for Alice again."
    ), journey.now(forgot)["text"]


def _first(journey: Journey, user: dict[str, Any], start: str) -> dict[str, Any]:
    """The one message of mine to the user that begins with ``start``."""
    (first,) = [
        m
        for m in journey.world.transcript(user["id"])
        if m.get("text", "").startswith(start) and m["from"]["is_bot"]
    ]
    return first
