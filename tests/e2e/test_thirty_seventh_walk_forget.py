"""Issue 32, session 37: what a /forget or a leaving still left untrue, or named. The heir of
an owner who used /forget read her name ("Ann deleted their data with me, so you're now the
owner of Alice…") while that same /forget took it out of every other message. In the chat of
one who used /forget, a message about Benny, merged into Benjamin long before, read "You
were a guardian of Benny.", and three messages (Benjamin ready, paused, resumed) read the
same "You were a guardian of Benjamin." (walk36b N5, 4). The owner's "Leave Alice? … and
Carl becomes their owner" stayed as it was once Carl left, or used /forget, and its "Leave"
then answered only "This button has expired." (review36 7)."""

from __future__ import annotations

from tests.e2e.conftest import CAST, Journey, data_of, labels, photo_bytes
from tests.e2e.steps import bot_lines, delete_person, forget_everything, reads_now, sent_starting


async def test_the_heir_of_an_owner_who_used_forget_is_told_without_her_name(
    journey: Journey,
) -> None:
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await forget_everything(journey, ann)
    await journey.until(lambda: bool(sent_starting(journey, carl, "Its previous owner")))
    (owner,) = sent_starting(journey, carl, "Its previous owner")
    assert reads_now(journey, owner) == (
        "Its previous owner deleted their data with me, so you're now the owner of Alice: you "
        "can invite other guardians, and only you can delete Alice, forget their faces or "
        "remove a guardian."
    )


async def test_a_forgetters_ready_pause_and_resume_say_what_they_told_once(
    journey: Journey,
) -> None:
    """Ann enrolled Ally, who is Alice, merged Ally into Alice, paused and resumed Alice,
    then used /forget. "Ally is ready…" read "You were a guardian of Ally." (walk36b N5:
    Ally had been Alice for long), and "Alice is ready…", "Paused Alice…" and "Resumed
    Alice…" each read "You were a guardian of Alice." (walk36b 4). Each says what it told,
    in the past; the newest says once that she is no longer a guardian."""
    x = CAST["angelina"]
    ann, _poster, _group = await journey.class_with_alice()
    await journey.enroll_again(
        ann, "Ally", [photo_bytes(n) for n in (x["group"][0], x["group"][1], "img11.jpg")]
    )
    ready = [
        *sent_starting(journey, ann, "Alice is ready"),
        *sent_starting(journey, ann, "Ally is"),
    ]
    (choose,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Merge")
    await journey.confirm_merge(ann, choose, "Ally")
    await journey.settle()
    for press in ("Pause", "Resume"):
        await journey.after_pressing(ann, await journey.card(ann, "Alice"), press)
    await journey.settle()
    told = [
        *ready,
        *sent_starting(journey, ann, "Paused Alice"),
        *sent_starting(journey, ann, "Resumed Alice"),
    ]
    assert len(told) == 4, bot_lines(journey, ann)

    await forget_everything(journey, ann)
    assert [reads_now(journey, m) for m in told] == [
        "Alice was ready then.",
        "Ally was ready then, and was merged into Alice since.",
        "Alice was paused then.",
        "You deleted everything I had about you, so you are no longer a guardian here and I "
        "no longer send you photos or clips.",
    ], bot_lines(journey, ann)


async def test_a_hebrew_owner_reads_of_the_forgotten_co_guardian_in_no_gender(
    journey: Journey,
) -> None:
    """Walk36b 5: once Carl used /forget, Ann (in Hebrew) read "Another guardian also got
    the photos and clips of Alice while they were a guardian." as "…נשלחו גם אליו" ("to
    him"): it says "to that guardian"."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await journey.press(ann, await journey.reply_to(ann, "/language"), "עברית")
    await journey.settle()
    (got,) = sent_starting(journey, ann, "Carl now gets")
    await forget_everything(journey, carl)
    await journey.until(lambda: "Carl" not in reads_now(journey, got))
    assert reads_now(journey, got) == (
        "כל עוד היה ל-Alice הורה נוסף, התמונות והסרטונים נשלחו גם להורה הזה."
    )


LEAVE = "Stop getting Alice's photos and clips"
CHANGED = (
    "Who guards Alice has changed since I asked, so I did nothing: you still get their photos "
    "and clips. To leave, press “Guardians…” on their card again."
)


async def test_the_owners_leave_question_says_its_guardians_changed_without_the_heir(
    journey: Journey,
) -> None:
    """Review36 7: Ann's "Leave Alice? … and Carl becomes their owner" stayed as it was once
    Carl used /forget (his name in it), and its "Leave" then answered only "This button has
    expired.". It says who guards Alice changed, naming no one, and so does a press."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    (listed,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    (asked,) = await journey.after_pressing(ann, listed, LEAVE)
    assert "Carl becomes their owner" in reads_now(journey, asked)
    leave = data_of(asked, "Leave")

    await forget_everything(journey, carl)
    await journey.until(lambda: reads_now(journey, asked) == CHANGED)
    assert not labels(journey.now(asked))
    pressed = await journey.world.press_button(ann["id"], ann["id"], asked["message_id"], leave)
    assert pressed["text"] == CHANGED
    assert "Alice" in (await journey.reply_to(ann, "/persons"))["text"]


async def test_the_owners_leave_question_says_so_once_a_guardian_joins(journey: Journey) -> None:
    """Review37 1.2: Ann's "Leave Alice? … and Carl becomes their owner" was redrawn only at
    a removal or a /forget. Dan accepts an invitation to Alice: it says who guards her
    changed, without buttons."""
    ann, _carl, _poster, _group = await journey.class_with_alice_and_carl()
    (listed,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    (asked,) = await journey.after_pressing(ann, listed, LEAVE)
    assert "Carl becomes their owner" in reads_now(journey, asked)

    await journey.co_guardian(ann, "Alice", journey.user("Dan"))
    await journey.until(lambda: reads_now(journey, asked) == CHANGED)
    assert not labels(journey.now(asked))


async def test_the_owners_leave_question_says_so_once_the_child_is_deleted(
    journey: Journey,
) -> None:
    """Review37 1.2: once Alice was deleted, Ann's "Leave Alice? … and Carl becomes their
    owner" still asked, with its buttons. It says she was deleted, naming no guardian."""
    ann, _carl, _poster, _group = await journey.class_with_alice_and_carl()
    (listed,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    (asked,) = await journey.after_pressing(ann, listed, LEAVE)

    await delete_person(journey, ann, "Alice")
    await journey.until(lambda: "deleted" in reads_now(journey, asked))
    assert reads_now(journey, asked) == (
        "Alice has since been deleted, with everything I had about them: there is nothing to leave."
    )
    assert not labels(journey.now(asked))
