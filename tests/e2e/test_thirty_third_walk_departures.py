"""Session 33 (issue 32): a departure leaves no promise standing.

When the organizers of Class 1A removed me from it, nobody was told: Ann still read "You're
in: I'll look for Alice in Class 1A, and send you the photos…" and "Alice is ready. I'll
send you the photos and clips they appear in from: Class 1A.", though nothing came from
there. She is now told once, and both say that nothing comes from Class 1A until I am
added back; added back, they say what they said.

When Ann left Class 1A, she was told "You're no longer in Class 1A…", but those two older
messages still promised its photos; now they say so while she is out, and what they said
once she is back through the link."""

from __future__ import annotations

from typing import Any

from cli.service import bot_words
from sandbox.script import Script
from tests.e2e.conftest import BOT_USERNAME, CAST, WAIT, Journey, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import bot_lines, forget_everything, reads_now, sent_starting

READY = "Alice is ready. I'll send you the photos and clips they appear in from: Class 1A."
REMOVED = (
    "I was removed from Class 1A, so no photos or clips come to you from there until its "
    "organizers add me back. Your people and the photos and clips I already sent you stay. "
    "Once I'm back, I'll look for your people there again: nothing for you to do."
)


def _promises(journey: Journey, ann: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Ann's "You're in… Class 1A" and "Alice is ready… from: Class 1A"."""
    (joined,) = sent_starting(journey, ann, "You're in")
    (ready,) = sent_starting(journey, ann, "Alice is ready")
    return joined, ready


def _first_line(journey: Journey, message: dict[str, Any]) -> str:
    return reads_now(journey, message).split("\n\n")[0]


async def test_the_bot_removed_from_the_group_tells_its_parents_once(journey: Journey) -> None:
    ann, _poster, group = await journey.class_with_alice()
    await journey.settle()
    joined, ready = _promises(journey, ann)
    you_are_in = reads_now(journey, joined)
    assert _first_line(journey, ready) == READY

    await journey.world.set_bot_status(group["id"], "kicked")
    await journey.settle()
    await journey.world.set_bot_status(group["id"], "left")  # a second update
    await journey.settle()
    assert bot_lines(journey, ann).count(REMOVED) == 1, bot_lines(journey, ann)
    assert reads_now(journey, joined) == (
        "You're in Class 1A, but I'm no longer in it: no photos or clips come to you from there "
        "until its organizers add me back."
    )
    assert _first_line(journey, ready) == (
        "Alice is ready. I'm no longer in Class 1A: nothing comes from there until its "
        "organizers add me back."
    )

    # Added back: both say what they said, and the news says it in the past.
    await journey.world.set_bot_status(group["id"], "administrator")
    await journey.settle()
    assert reads_now(journey, joined) == you_are_in
    assert _first_line(journey, ready) == READY
    assert (
        "I had been removed from Class 1A; since then its organizers added me back, and I look "
        "for your people there again."
    ) in bot_lines(journey, ann)
    assert REMOVED not in bot_lines(journey, ann)


async def test_the_news_of_the_removal_after_a_forget(journey: Journey) -> None:
    ann, poster = journey.user("Ann"), journey.user("Poster")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    await journey.join(ann, payload)
    await journey.world.set_bot_status(group["id"], "kicked")
    await journey.settle()
    (told,) = sent_starting(journey, ann, "I was removed from Class 1A")
    await forget_everything(journey, ann)
    assert reads_now(journey, told) == (
        "I had been removed from Class 1A. Since then you deleted everything I had about you."
    )


async def test_its_organizers_are_told_and_a_group_without_parents_tells_nobody(
    journey: Journey,
) -> None:
    poster, bea = journey.user("Poster"), journey.user("Bea")
    group, _payload = await journey.group_with_bot("Class 1A", poster, [bea])
    office = await bound_admin_chat(journey, group, [poster])
    await journey.world.set_bot_status(group["id"], "kicked")
    await journey.settle()
    await journey.world.set_bot_status(group["id"], "left")  # a second update
    await journey.settle()
    assert [line for line in bot_lines(journey, office) if "removed" in line] == [
        "I was removed from Class 1A: I no longer see its photos and clips, and its parents get "
        "none from there. To go on, add me back to it: its settings stay."
    ]
    # Bea never opened the link; removed from the admin chat, the bot tells no parent.
    await journey.world.set_bot_status(office["id"], "kicked")
    await journey.settle()
    assert not bot_lines(journey, bea)
    assert not bot_lines(journey, poster)


async def test_a_parent_who_left_reads_no_promise_of_its_photos(journey: Journey) -> None:
    ann, _poster, group = await journey.class_with_alice()
    await journey.settle()
    joined, ready = _promises(journey, ann)
    you_are_in = reads_now(journey, joined)

    await journey.world.set_member_status(group["id"], ann["id"], "left")
    await journey.settle()
    assert reads_now(journey, joined) == (
        "You were in Class 1A until you left it: I no longer look for your people there."
    )
    assert _first_line(journey, ready) == (
        "Alice is ready. You left Class 1A: nothing comes from there now."
    )

    # Back through the link: they say what they said.
    await journey.world.set_member_status(group["id"], ann["id"], "member")
    await journey.join(ann, journey.group_payload(group))
    await journey.settle()
    assert reads_now(journey, joined) == you_are_in
    assert _first_line(journey, ready) == READY


async def test_a_hebrew_parent_reads_it_in_hebrew(journey: Journey) -> None:
    ann = journey.world.create_user("Ann", username="ann", language_code="he")
    poster = journey.user("Poster")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    in_hebrew = Script(journey.world, BOT_USERNAME, wait=WAIT, words=bot_words)
    await in_hebrew.join(ann, payload)
    await in_hebrew.enroll(ann, "Alice", [photo_bytes(n) for n in CAST["angelina"]["enroll"]])
    await journey.settle()
    lines = bot_lines(journey, ann)

    await journey.world.set_bot_status(group["id"], "kicked")
    await journey.settle()
    now = bot_lines(journey, ann)
    assert now[-1] == HE_REMOVED, now[-1]
    assert HE_AWAY in now, now
    # (A right-to-left line that opens with a name starts with a right-to-left mark.)
    assert any(line.lstrip("\u200f").startswith(HE_READY_AWAY) for line in now), now

    await journey.world.set_bot_status(group["id"], "administrator")
    await journey.settle()
    assert bot_lines(journey, ann)[: len(lines)] == lines


HE_REMOVED = (
    "הוציאו אותי מהקבוצה Class 1A, ולכן לא יגיעו אליכם משם תמונות או סרטונים עד שהמארגנים שלה "
    "יחזירו אותי. האנשים שלכם והתמונות והסרטונים שכבר שלחתי לכם נשארים. כשאחזור, אחפש שם שוב את "
    "האנשים שלכם: אין צורך לעשות דבר."
)
HE_AWAY = (
    "אתם בקבוצה Class 1A, אבל אני כבר לא בה: לא יגיעו אליכם משם תמונות או סרטונים עד שהמארגנים "
    "שלה יחזירו אותי."
)
HE_READY_AWAY = (
    "Alice: הכול מוכן. אני כבר לא בקבוצה Class 1A: לא יגיע משם דבר עד שהמארגנים שלה יחזירו אותי."
)


async def test_a_rename_meanwhile_is_read_once_back(journey: Journey) -> None:
    ann, carl, _poster, group = await journey.class_with_alice_and_carl()
    await journey.settle()
    (joined,) = sent_starting(journey, carl, "You're in")
    assert reads_now(journey, joined).startswith("You're in: I'll look for Alice in Class 1A")
    (_, ready) = _promises(journey, ann)

    await journey.world.set_bot_status(group["id"], "kicked")
    await journey.settle()
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Rename")
    assert (await journey.reply_to(ann, "Alicia"))["text"] == "Renamed to Alicia."
    await journey.settle()
    assert reads_now(journey, joined).startswith("You're in Class 1A, but I'm no longer in it")
    assert _first_line(journey, ready) == (
        "Alicia is ready. I'm no longer in Class 1A: nothing comes from there until its "
        "organizers add me back."
    )

    await journey.world.set_bot_status(group["id"], "administrator")
    await journey.settle()
    assert reads_now(journey, joined).startswith("You're in: I'll look for Alicia in Class 1A")
    assert _first_line(journey, ready) == READY.replace("Alice", "Alicia")
