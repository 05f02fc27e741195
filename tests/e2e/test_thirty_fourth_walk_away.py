"""Session 34 (issue 32): a parent away from a group reads no promise of its photos.

Banned from Class 1A by its organizers, Ann was told so, but her older "You're in: I'll
look for Alice in Class 1A…" and "Alice is ready. I'll send you… from: Class 1A." still
promised its photos. They now say the organizers turned my service off for her there; once
the ban is lifted, that its photos come again once she is back through the link; and back,
what they said. Her co-guardian Carl's chat is his: it reads as before."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cli.service import bot_words
from domain.languages import dates as datefmt
from domain.moderation import texts as moderation_texts
from sandbox.script import Script
from tests.e2e.conftest import BOT_USERNAME, CAST, WAIT, Collages, Journey, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import bot_lines, forget_everything, reads_now, sent_starting
from tests.e2e.test_approvals import alice_waiting
from tests.e2e.test_bans_and_pause import _says_in
from tests.e2e.test_group_settings import settings_card

READY = "Alice is ready. I'll send you the photos and clips they appear in from: Class 1A."


def _first_line(journey: Journey, message: dict[str, Any]) -> str:
    return reads_now(journey, message).split("\n\n")[0]


async def test_a_banned_parent_reads_no_promise_of_its_photos(journey: Journey) -> None:
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    office = await bound_admin_chat(journey, group, [poster])
    await journey.settle()
    (joined,) = sent_starting(journey, ann, "You're in")
    (ready,) = sent_starting(journey, ann, "Alice is ready")
    (carl_joined,) = sent_starting(journey, carl, "You're in")
    you_are_in, carl_in = reads_now(journey, joined), reads_now(journey, carl_joined)
    assert _first_line(journey, ready) == READY

    assert (await _says_in(journey, office, poster, "/ban @ann")).startswith("Class 1A: Ann")
    await journey.settle()
    assert reads_now(journey, joined) == (
        "You're in Class 1A, but its organizers turned off my service for you there: no photos "
        "or clips come to you from there."
    )
    assert _first_line(journey, ready) == (
        "Alice is ready. The organizers of Class 1A turned off my service for you: nothing "
        "comes from there."
    )
    assert reads_now(journey, carl_joined) == carl_in  # not his ban
    assert not [line for line in bot_lines(journey, carl) if "turned off" in line]

    # Unbanned, she is not back in the group until she opens its link again.
    assert "no longer banned" in await _says_in(journey, office, poster, "/unban @ann")
    await journey.settle()
    assert reads_now(journey, joined) == (
        "The organizers of Class 1A had turned off my service for you there, and have since "
        "turned it back on: to get its photos and clips again, tap the button under my welcome in "
        "the group."
    )
    assert _first_line(journey, ready) == (
        "Alice is ready. Nothing comes from Class 1A until you're back in it: tap the button "
        "under my welcome there."
    )

    (lifted,) = sent_starting(journey, ann, "The organizers of Class 1A turned my service back")
    assert reads_now(journey, lifted) == LIFTED

    await journey.join(ann, journey.group_payload(group))
    await journey.settle()
    assert reads_now(journey, joined) == you_are_in
    assert _first_line(journey, ready) == READY
    assert reads_now(journey, carl_joined) == carl_in
    # What told her to open the link says she did (walk34 1: it kept asking her to).
    assert reads_now(journey, lifted) == (
        "The organizers of Class 1A turned my service back on for you; since then you opened "
        "my link there again."
    )


LIFTED = (
    "The organizers of Class 1A turned my service back on for you: to get its photos and clips "
    "again, tap the button under my welcome in the group."
)


async def test_an_unban_told_says_what_came_after_it_a_ban_again_or_her_forget(
    journey: Journey,
) -> None:
    """Unbanned, then banned again before she came back: the unban's news says it was
    turned off again; unbanned again, then /forget: it says she deleted everything."""
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    await _says_in(journey, office, poster, "/ban @ann")
    await _says_in(journey, office, poster, "/unban @ann")
    await journey.settle()
    (first,) = sent_starting(journey, ann, "The organizers of Class 1A turned my service back")
    assert reads_now(journey, first) == LIFTED

    await _says_in(journey, office, poster, "/ban @ann")
    await journey.settle()
    assert reads_now(journey, first) == (
        "The organizers of Class 1A had turned my service back on for you; since then they "
        "turned it off again."
    )

    await _says_in(journey, office, poster, "/unban @ann")
    await journey.settle()
    (second,) = [
        m
        for m in sent_starting(journey, ann, "The organizers of Class 1A turned my service back")
        if m["message_id"] != first["message_id"]
    ]
    await forget_everything(journey, ann)
    assert reads_now(journey, second) == (
        "The organizers of Class 1A had turned my service back on for you there. Since then you "
        "deleted everything I had about you."
    )


async def test_a_hebrew_parent_reads_her_ban_in_hebrew(journey: Journey) -> None:
    ann = journey.world.create_user("Ann", username="ann", language_code="he")
    poster = journey.user("Poster")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    office = await bound_admin_chat(journey, group, [poster])
    in_hebrew = Script(journey.world, BOT_USERNAME, wait=WAIT, words=bot_words)
    await in_hebrew.join(ann, payload)
    await in_hebrew.enroll(ann, "Alice", [photo_bytes(n) for n in CAST["angelina"]["enroll"]])
    await journey.settle()
    lines = bot_lines(journey, ann)

    assert (await _says_in(journey, office, poster, "/ban @ann")).startswith("Class 1A: Ann")
    await journey.settle()
    now = bot_lines(journey, ann)
    assert HE_BANNED in now, now
    # (A right-to-left line that opens with a name starts with a right-to-left mark.)
    assert any(line.lstrip("\u200f").startswith(HE_READY_BANNED) for line in now), now

    await _says_in(journey, office, poster, "/unban @ann")
    await journey.world.open_start_link(ann["id"], journey.group_payload(group))  # agreed before
    await journey.settle()
    assert bot_lines(journey, ann)[: len(lines)] == lines


HE_BANNED = (
    "אתם בקבוצה Class 1A, אבל המארגנים שלה כיבו עבורכם את השירות שלי שם: לא יגיעו אליכם משם "
    "תמונות או סרטונים."
)
HE_READY_BANNED = (
    "Alice: הכול מוכן. המארגנים של Class 1A כיבו עבורכם את השירות שלי: לא יגיע משם דבר."
)


async def test_a_photo_posted_while_out_of_the_group_says_so_on_return(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    await journey.world.set_member_status(group["id"], ann["id"], "left")
    await journey.settle()
    await journey.post(group, poster, collages.make(CAST["angelina"]["group"][0]))
    await journey.settle()
    assert not journey.suggestions(ann)  # nothing of Class 1A reaches her while she is out

    await journey.world.set_member_status(group["id"], ann["id"], "member")
    await journey.join(ann, journey.group_payload(group))
    await journey.settle()
    (asked,) = journey.suggestions(ann)
    assert asked["caption"] == (
        f"Is this Alice? (an earlier photo, posted in Class 1A on {datefmt.day(datetime.now(UTC))})"
    )


async def test_the_approval_and_the_delivery_told_say_the_bot_was_removed(
    journey: Journey,
) -> None:
    """Ann's "✅ Alice is approved… from now on" and "… now have me send you its photos…
    once a day" promised Class 1A's photos while I was out of it."""
    poster, group, office, ann, card = await alice_waiting(journey)
    await journey.press(poster, card, moderation_texts.approve_button())
    await journey.settle()
    (approved,) = sent_starting(journey, ann, "✅ Alice is approved")
    assert reads_now(journey, approved) == APPROVED
    settings = await settings_card(journey, poster, office)
    await journey.press(poster, settings, "Daily digest")
    await journey.settle()
    (told,) = sent_starting(journey, ann, "The organizers of Class 1A now have me send you")
    digest = reads_now(journey, told)
    assert "once a day" in digest

    await journey.world.set_bot_status(group["id"], "kicked")
    await journey.settle()
    assert (
        reads_now(journey, approved)
        == f"✅ Alice is approved by the organizers of Class 1A. {AWAY}"
    )
    assert reads_now(journey, told) == f"{digest} {AWAY}"

    await journey.world.set_bot_status(group["id"], "administrator")
    await journey.settle()
    assert reads_now(journey, approved) == APPROVED
    assert reads_now(journey, told) == digest


APPROVED = (
    "✅ Alice is approved by the organizers of Class 1A. I'll send you the photos and clips "
    "Alice appears in that are posted there from now on."
)
AWAY = "I'm no longer in Class 1A: nothing comes from there until its organizers add me back."
