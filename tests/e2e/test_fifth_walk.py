"""What the fourth walk of issue 32 left untrue, each read as its reader reads it: a pause
that the other guardian never heard of; an invitation link still offered after it was
used; "I'll confirm when it's done" and "I'll report here when it's done" left standing
once it was done; a forgotten user's name left in the admin chat's reports of a ban and its
undo."""

from __future__ import annotations

from tests.e2e.conftest import CAST, Collages, Journey
from tests.e2e.organizers import bound_admin_chat, taken_down_from_the_admin_chat
from tests.e2e.steps import forget_everything

X, NOBODY = CAST["angelina"], CAST["strangers"]


async def test_a_pause_and_a_resume_are_told_to_the_other_guardian(
    journey: Journey, collages: Collages
) -> None:
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    carls = await journey.card(carl, "Alice")
    assert carls["caption"].startswith("Alice · active")

    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Pause")
    # Carl read nothing, and his card still said "active", while no photo reached him.
    await journey.until(lambda: journey.last(carl).get("text", "").startswith("Ann paused"))
    assert journey.last(carl).get("text", "") == (
        "Ann paused Alice: I'll hold new photos and clips of them instead of sending them "
        "until one of you resumes, and then offer you the held ones."
    )
    await journey.until(lambda: journey.now(carls)["caption"].startswith("Alice · paused"))
    assert journey.has_button(journey.now(carls), "Resume")

    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Resume", count=2)
    await journey.until(
        lambda: journey.last(carl).get("text", "").startswith("While Alice was paused")
    )
    told, offer = journey.world.transcript(carl["id"])[-2:]
    assert told["text"] == "Ann resumed Alice: I'll send their photos and clips again."
    assert offer["text"] == "While Alice was paused, I held 1 photo of them from Class 1A. Send it?"
    await journey.until(lambda: journey.now(carls)["caption"].startswith("Alice · active"))


async def test_an_invitation_link_says_who_used_it_once_used(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    carl = journey.user("Carl")
    (invite,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Invite")
    assert invite["text"].startswith("Send this link to the other guardian of Alice.")
    payload = invite["text"].split()[-1].split("start=", 1)[1]
    dora = journey.user("Dora")
    doras = await journey.reply_to(dora, f"/start {payload}")
    offer = await journey.reply_to(carl, f"/start {payload}")
    # Carl cancels, then accepts after all: its "Accept" still accepts Ann's invitation (it
    # read "This invitation doesn't work (anymore)": issue 32).
    await journey.reply_to(carl, "/cancel")
    (accepted,) = await journey.after_pressing(carl, offer, "Accept")
    assert accepted["text"].startswith("You're now a guardian of Alice"), accepted["text"]
    # Dora opened it too, and did not answer: her "Accept" stayed (issue 32).
    await journey.until(lambda: not journey.now(doras).get("reply_markup"))
    assert journey.now(doras)["text"].replace("\u2068", "").replace("\u2069", "") == (
        "Ann invited you to receive the photos and clips of Alice, but someone else used this "
        "invitation's link first: it no longer works. Ann can invite you again."
    ), journey.now(doras)
    # It kept "Send this link ... It works once, for 48 hours" with the spent link.
    await journey.until(lambda: journey.now(invite)["text"].startswith("Carl used"))
    assert journey.now(invite)["text"] == (
        "Carl used the link I made here to become a guardian of Alice: it no longer works. "
        'To invite someone else, press the card\'s "Invite co-guardian" again.'
    )


async def test_deleting_says_it_is_done_where_it_said_it_would_confirm(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    # Dora opened Ann's invitation to guard Alice, and did not answer.
    dora = journey.user("Dora")
    doras = await journey.reply_to(dora, f"/start {await journey.invite_link(ann, 'Alice')}")
    (question,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Delete")
    await journey.press(ann, question, "Yes, delete")
    # Above it, "Deleting Alice's data... I'll confirm when it's done." stayed.
    await journey.until(lambda: journey.now(question)["text"] == "Deleted Alice's data.")
    # Dora's "Accept" stayed under the invitation (issue 32).
    await journey.until(lambda: not journey.now(doras).get("reply_markup"))
    assert journey.now(doras)["text"].replace("\u2068", "").replace("\u2069", "") == (
        "Ann invited you to receive the photos and clips of Alice. Alice has since been "
        "deleted, with everything I had about them: the invitation no longer works."
    ), journey.now(doras)
    assert journey.last(ann)["message_id"] == question["message_id"]  # said there, once

    question = await journey.reply_to(ann, "/forget")
    (goodbye,) = await journey.after_pressing(ann, question, "Yes, delete everything")
    assert goodbye["text"].startswith("Everything I had about you is deleted")
    await journey.until(lambda: journey.now(question)["text"] == "Deleted everything.")


async def test_a_takedown_says_it_is_done_where_it_said_it_would_report(
    journey: Journey, collages: Collages
) -> None:
    _, _, _, _, question = await taken_down_from_the_admin_chat(
        journey, collages.make(X["group"][0])
    )
    # It still said "Taking down the photo from Class 1A. I'll report here when it's done.":
    # the report is said there (the seventh walk: once, not below it again).
    report = journey.now(question)
    assert report["text"].startswith("Taken down: the photo from Class 1A posted ")
    assert "Copies deleted from guardians' chats: 1." in report["text"]


async def test_a_forgotten_user_is_unnamed_in_the_admin_chats_reports(journey: Journey) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    sent = await journey.says(poster, "/ban @ann", office["id"])
    (banned,) = await journey.replies(office["id"], sent)
    assert banned["text"].startswith("Class 1A: Ann (@ann) is banned.")
    asked = await journey.says(poster, "/audit", office["id"])
    (shown,) = await journey.replies(office["id"], asked)
    before = journey.world.transcript(office["id"])[-1]
    assert (await journey.press(poster, shown, "↩️ Undo 1"))["text"] == "Undone."
    (undone,) = await journey.replies(office["id"], before)
    assert undone["text"].startswith("↩️ Class 1A: Poster undid “Poster banned Ann (@ann)”.\n")

    # Told privately that the service is back for her (the seventh walk): before her /forget.
    await journey.until(lambda: "turned my service back on" in journey.last(ann).get("text", ""))
    await forget_everything(journey, ann)
    # The /audit was unnamed already; the two reports kept "Ann (@ann)" in the admin chat.
    label = f"user {ann['id']}"
    await journey.until(lambda: label in journey.now(undone)["text"])
    assert journey.now(undone)["text"] == (
        f"↩️ Class 1A: Poster undid “Poster banned {label}”.\n"
        f"Class 1A: {label} is no longer banned. They can join again through my link in the "
        "group (nothing is restored until they do)."
    )
    # Lifted by the undo (the seventh walk): it says so, unnamed too.
    assert journey.now(banned)["text"].startswith(
        f"Class 1A: {label} was banned; Poster lifted the ban "
    )
    assert "Ann" not in journey.now(shown)["text"]
