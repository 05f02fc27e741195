"""What an admin chat says is true of what is stored when it is read (issue 32, last
session's leftovers): in an admin chat serving groups of different time zones, a ban's
announcement and a takedown's report are written in the zone of the group they are about,
as its /audit is."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from domain.infra.models import Group
from domain.moderation import texts as moderation_texts
from tests.e2e.conftest import CAST, Collages, Journey, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat, take_down
from tests.e2e.test_approvals import cards, said

X, SARA = CAST["angelina"], CAST["scarlett"]


async def _in(journey: Journey, office: dict[str, Any], user: dict[str, Any], text: str) -> Any:
    """``user`` sends ``text`` in the admin chat serving two groups (picking Class 1A where
    asked which); the bot's answer."""
    sent = await journey.says(user, text, office["id"])
    (which,) = await journey.replies(office["id"], sent)
    if "Class 1A" not in labels(which):
        return which
    await journey.press(user, which, "Class 1A")
    (answer,) = await journey.replies(office["id"], which)
    return answer


def _moments(at: datetime, zone: ZoneInfo) -> set[str]:
    """How a time a minute either way of ``at`` reads in ``zone``: "16:30 Jerusalem"."""
    return {
        f"{datetime.fromtimestamp(at.timestamp() + d * 60, UTC).astimezone(zone):%H:%M} Jerusalem"
        for d in (-1, 0, 1)
    }


async def test_a_shared_admin_chat_writes_bans_and_takedowns_in_their_groups_zone(
    journey: Journey, collages: Collages
) -> None:
    """Class 1A (Jerusalem) and Class 4B (UTC) share an admin chat: the ban lifted and the
    takedown report of Class 1A read "UTC" (the settings card said so); they are in
    Jerusalem's time now, and the card no longer says they are not."""
    _ann, poster, group = await journey.class_with_alice()
    class4, _ = await journey.group_with_bot("Class 4B", poster, [])
    office = await bound_admin_chat(journey, group, [poster])
    await Group.filter(chat_id=class4["id"]).update(admin_chat_id=office["id"])
    (asked,) = await journey.replies(
        office["id"], await journey.says(poster, "/timezone Jerusalem", office["id"])
    )
    pressed = await journey.press(poster, asked, "Jerusalem for Class 1A")
    assert pressed["text"] == "Class 1A: Time zone is now Jerusalem."
    card = " ".join(journey.now(asked)["text"].split())
    assert "I write its times in UTC, except each group's /audit" not in card, card
    assert (
        "When one chat gets times from groups in different time zones (an admin chat of "
        "several groups, or a member of several), I write its times in UTC, except what an "
        "admin chat says of one group (its /audit, bans, pauses and takedowns): in that "
        "group's zone."
    ) in card, card
    jerusalem = ZoneInfo("Asia/Jerusalem")

    banned = await _in(journey, office, poster, "/ban @ann")
    assert banned["text"].endswith("/unban lifts it."), banned["text"]
    unbanned = await _in(journey, office, poster, "/unban @ann")
    assert "is no longer banned" in unbanned["text"], unbanned["text"]
    await journey.until(lambda: "lifted" in journey.now(banned)["text"])
    lifted = journey.now(banned)["text"]
    assert "UTC" not in lifted, lifted
    assert any(
        lifted.endswith(f"{moment}.") for moment in _moments(datetime.now(UTC), jerusalem)
    ), lifted

    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    at = datetime.fromtimestamp(posted["date"], UTC)
    report = await take_down(journey, group, office, poster, posted)
    assert report.startswith("Taken down: the photo from Class 1A posted "), report
    assert "UTC" not in report, report
    assert any(moment in report for moment in _moments(at, jerusalem)), report


async def test_a_decision_on_a_card_of_a_person_merged_since_names_whom_it_went_into(
    journey: Journey,
) -> None:
    """Amy waited for the organizers of Class 1A when Ann merged her into Alice; the card's
    decision then recorded "new person Amy", a person no longer stored apart. It says she
    was merged into Alice since."""
    ann, poster, group = await journey.class_with_alice()
    await Group.filter(chat_id=group["id"]).update(requires_approval=True)
    office = await bound_admin_chat(journey, group, [poster])
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    (card,) = cards(journey, office)
    alice = await journey.card(ann, "Alice")
    (choose,) = await journey.after_pressing(ann, alice, "Merge")
    await journey.press(ann, choose, "Amy")
    await journey.until(lambda: labels(journey.now(choose))[0].startswith("Merge, keep"))
    await journey.press(ann, choose, "Merge, keep Alice")
    await journey.settle()

    await journey.press(poster, journey.now(card), moderation_texts.approve_button())
    await journey.settle()
    records = [
        said(m)
        for m in journey.world.transcript(office["id"])
        if m["from"]["is_bot"] and said(m).startswith("Approval in Class 1A")
    ]
    assert records == [
        "Approval in Class 1A: new person Amy (since merged into Alice), enrolled by Ann "
        "(@ann).\n\n✅ Approved by Poster."
    ], records


def _undos(message: dict[str, Any]) -> list[str]:
    return [label for label in labels(message) if label.startswith("↩️ Undo")]


async def test_photos_added_to_a_rejected_person_take_its_undo_off_the_audit_shown(
    journey: Journey,
) -> None:
    """Amy rejected, an /audit shown offers [↩️ Undo 1] of the rejection; Ann adds photos
    to Amy, which asks the organizers again (a new card). The Undo stayed, and pressed only
    refused ("it has changed since"): the list says so as soon as she is asked again."""
    ann, poster, group = await journey.class_with_alice()
    await Group.filter(chat_id=group["id"]).update(requires_approval=True)
    office = await bound_admin_chat(journey, group, [poster])
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    (card,) = cards(journey, office)
    await journey.press(poster, card, moderation_texts.reject_button())
    await journey.press(poster, journey.now(card), "Unsuitable photos")
    await journey.settle()
    (audit,) = await journey.replies(
        office["id"], await journey.says(poster, "/audit", office["id"])
    )
    assert _undos(audit) == ["↩️ Undo 1"], audit["text"]

    amy = await journey.card(ann, "Amy")
    await journey.after_pressing(ann, amy, "Add photos or a clip")
    sent = await journey.world.user_sends_photos(
        ann["id"], ann["id"], [photo_bytes(SARA["group"][1])]
    )
    (verdict,) = await journey.replies(ann["id"], sent[0])
    assert verdict["text"].startswith("✅"), verdict["text"]
    await journey.says(ann, "/done")
    await journey.settle()
    (again,) = cards(journey, office)
    assert again["message_id"] != card["message_id"]
    await journey.until(lambda: _undos(journey.now(audit)) == [])
    shown = journey.now(audit)["text"]
    assert "That can't be undone any more: it has changed since." in shown, shown


async def test_a_rejected_person_deleted_takes_its_undo_off_the_audit_shown(
    journey: Journey,
) -> None:
    """Amy rejected, an /audit shown offers [↩️ Undo 1]; Ann deletes Amy. The Undo stayed
    and only refused when pressed: the list says at once it can't be undone any more."""
    ann, poster, group = await journey.class_with_alice()
    await Group.filter(chat_id=group["id"]).update(requires_approval=True)
    office = await bound_admin_chat(journey, group, [poster])
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    (card,) = cards(journey, office)
    await journey.press(poster, card, moderation_texts.reject_button())
    await journey.press(poster, journey.now(card), "Unsuitable photos")
    await journey.settle()
    (audit,) = await journey.replies(
        office["id"], await journey.says(poster, "/audit", office["id"])
    )
    assert _undos(audit) == ["↩️ Undo 1"], audit["text"]

    (question,) = await journey.after_pressing(ann, await journey.card(ann, "Amy"), "Delete")
    await journey.press(ann, question, "Yes, delete")
    await journey.settle()
    await journey.until(lambda: _undos(journey.now(audit)) == [])
    shown = journey.now(audit)["text"]
    assert "That can't be undone any more: it has changed since." in shown, shown
