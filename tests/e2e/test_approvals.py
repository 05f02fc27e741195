"""Approvals (issue 11): in a group whose organizers approve new persons and co-guardians,
they wait for a decision on a card in the admin chat, and get nothing from that group
until approved. Through the emulator, with real recognition on real photos."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

from domain.infra.models import Approval, Face, Group, ModerationEvent, Person
from domain.languages import catalogs, markup
from domain.languages import texts as languages_texts
from domain.moderation import texts
from domain.states import ApprovalKind, ApprovalStatus, ModerationAction
from sandbox.limits import Fault
from tests.e2e.conftest import CAST, Collages, Journey, data_of, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat, link_of
from tests.e2e.steps import asked_about, delete_person

X, Y = CAST["angelina"], CAST["scarlett"]


def cards(journey: Journey, office: dict[str, Any]) -> list[dict[str, Any]]:
    """The approval cards the bot posted in the admin chat."""
    return [
        m
        for m in journey.world.transcript(office["id"])
        if m["from"]["is_bot"] and "Approval needed" in (m.get("caption") or m.get("text") or "")
    ]


def records(journey: Journey, office: dict[str, Any]) -> list[dict[str, Any]]:
    """The records of decisions the bot left in the admin chat (no face, no buttons)."""
    return [
        m
        for m in journey.world.transcript(office["id"])
        if m["from"]["is_bot"] and said(m).startswith("Approval in")
    ]


def gone(journey: Journey, message: dict[str, Any]) -> bool:
    return bool(journey.now(message).get("_deleted"))


async def _gone(journey: Journey, message: dict[str, Any]) -> bool:
    return gone(journey, message)


def said(message: dict[str, Any]) -> str:
    return str(message.get("caption") or message.get("text") or "")


async def approving_class(
    journey: Journey,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], str]:
    """ "Class 1A" (Poster is its creator) approves new persons: (poster, group, its admin
    chat, the join payload)."""
    poster = journey.user("Poster")
    group, payload = await journey.group_with_bot("Class 1A", poster, [])
    await Group.filter(chat_id=group["id"]).update(requires_approval=True)
    office = await bound_admin_chat(journey, group, [poster])
    return poster, group, office, payload


async def eventually(check: Callable[[], Awaitable[bool]], what: str) -> None:
    """Wait (a few seconds at most) until ``check`` holds: the bot's last step after the
    one a test waited for."""
    for _ in range(100):
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"never happened: {what}")


async def _card_recorded(approval_id: UUID, message_id: int) -> bool:
    return any(c["message"] == message_id for c in (await Approval.get(id=approval_id)).cards)


async def _says(journey: Journey, message: dict[str, Any], text: str) -> bool:
    return text in said(journey.now(message))


async def add_member(journey: Journey, chat: dict[str, Any], user: dict[str, Any]) -> None:
    await journey.world.set_member_status(chat["id"], user["id"], "member")


async def members_who_joined(
    journey: Journey, group: dict[str, Any], payload: str, *users: dict[str, Any]
) -> None:
    """Each of ``users`` joins ``group`` (Telegram tells the bot), then opens its link."""
    for user in users:
        await add_member(journey, group, user)
        await journey.join(user, payload)


async def alice_waiting(
    journey: Journey,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Class 1A approves new persons; Ann, a member, enrolled Alice: her card waits in the
    office. Returns the Poster (the group's creator), the group, the office, Ann, the card."""
    poster, group, office, payload = await approving_class(journey)
    ann = journey.user("Ann")
    await add_member(journey, group, ann)
    await journey.join(ann, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    (card,) = cards(journey, office)
    return poster, group, office, ann, card


async def nothing_decided(approval: Approval) -> None:
    now = await Approval.get(id=approval.id)
    assert now.status == ApprovalStatus.PENDING and now.decided_by_user_id is None
    assert not await ModerationEvent.filter(
        action__in=[ModerationAction.APPROVED, ModerationAction.REJECTED]
    ).exists()


async def test_a_new_person_waits_for_approval_and_is_matched_once_approved(
    journey: Journey, collages: Collages
) -> None:
    poster, group, office, payload = await approving_class(journey)
    ann = journey.user("Ann")
    await add_member(journey, group, ann)
    await journey.join(ann, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    ready_line = journey.last(ann)
    ready = ready_line["text"]
    assert "Alice is ready" in ready and "Class 1A" in ready and "approve" in ready, ready

    (card,) = cards(journey, office)
    assert "photo" in card  # the enrollment face kept as the person's cover
    text = card["caption"]
    assert "Class 1A" in text and "New person: Alice" in text and "enrolled by Ann" in text
    assert labels(card) == [texts.approve_button(), texts.reject_button()]
    approve = data_of(card, texts.approve_button())
    (approval,) = await Approval.all()
    assert (approval.kind, approval.status) == (ApprovalKind.PERSON, ApprovalStatus.PENDING)

    # Pending: Alice matches nothing in Class 1A.
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    assert journey.photos_for(ann) == []

    # Those who may not decide are refused, and nothing changes: a member of the admin chat
    # who is no admin of the group, an admin of another group, a demoted admin.
    helper, other, teacher = journey.user("Helper"), journey.user("Other"), journey.user("Teacher")
    await journey.group_with_bot("Class 2B", other, [])
    for user in (helper, other, teacher):
        await add_member(journey, office, user)
    await add_member(journey, group, helper)
    await journey.world.set_member_status(group["id"], teacher["id"], "administrator")
    await journey.world.set_member_status(group["id"], teacher["id"], "member")
    for user in (helper, other, teacher):
        for label in (texts.approve_button(), texts.reject_button()):
            refused = await journey.press(user, card, label)
            assert refused["text"] == texts.only_organizers_decide(), refused
    await nothing_decided(approval)
    assert labels(journey.now(card)) == [texts.approve_button(), texts.reject_button()]

    # The group's creator approves: the card says so, Ann is told.
    before = journey.last(ann)["message_id"]
    await journey.press(poster, card, texts.approve_button())
    (told,) = await journey.replies(ann["id"], before)
    assert "Alice is approved by the organizers of Class 1A" in told["text"]
    # Her "ready" line no longer says it waits, nor "I'll tell you" (walkhe2 9).
    assert said(journey.now(ready_line)) == (
        "Alice is ready. Alice waited for the approval of the organizers of Class 1A: they "
        "have since approved Alice."
    ), said(journey.now(ready_line))
    # The card with Alice's face is deleted; a record of the decision, without it, stays.
    await eventually(lambda: _gone(journey, card), "the card with the face is deleted")
    (record,) = records(journey, office)
    assert "photo" not in record and "reply_markup" not in record
    assert "Class 1A" in record["text"] and "new person Alice, enrolled by Ann" in record["text"]
    assert "Approved by Poster" in record["text"]
    assert (await Approval.get(id=approval.id)).status == ApprovalStatus.APPROVED
    (event,) = await ModerationEvent.all()
    assert (event.action, event.actor_user_id) == (ModerationAction.APPROVED, poster["id"])

    # Pressed again, by another admin (a press that raced the first, replayed on the
    # record): who decided, and nothing more happens.
    await journey.world.set_member_status(group["id"], teacher["id"], "administrator")
    again = await journey.world.press_button(
        teacher["id"], office["id"], record["message_id"], approve
    )
    assert again["text"] == "Already approved by Poster."
    assert await ModerationEvent.all().count() == 1

    # The photo posted while Alice waited is asked about, not sent unasked, as an earlier
    # photo (issue 32: it read "(a photo in Class 1A)", as one asked as it is posted).
    await journey.settle()
    (asked,) = journey.suggestions(ann)
    assert asked["caption"] == asked_about("Alice", "Class 1A", earlier=True)
    assert journey.photos_for(ann) == []
    # Photos posted from now on reach Ann.
    await journey.post(group, poster, collages.make(X["group"][1]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1
    # Once Alice's faces are forgotten, "✅ Alice is approved… from now on" no longer
    # promises photos (walken3 10).
    (question,) = await journey.after_pressing(
        ann, await journey.card(ann, "Alice"), "Forget faces"
    )
    await journey.press(ann, question, "Yes, delete")
    await journey.until(lambda: journey.now(told)["text"].startswith("Since then every face"))


async def test_a_rejected_person_matches_nothing_and_the_guardian_hears_why(
    journey: Journey, collages: Collages
) -> None:
    poster, group, office, payload = await approving_class(journey)
    ann, bea = journey.user("Ann"), journey.user("Bea")
    await members_who_joined(journey, group, payload, ann, bea)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    await journey.enroll(bea, "Sara", [photo_bytes(n) for n in Y["enroll"]])
    alice_card, sara_card = cards(journey, office)
    approve_alice = data_of(alice_card, texts.approve_button())
    assert "Alice" in alice_card["caption"] and "Sara" in sara_card["caption"]

    # Reject shows the reasons; the refused cannot pick one either.
    await journey.press(poster, alice_card, texts.reject_button())
    shown = journey.now(alice_card)
    reasons = [catalogs._(label) for _, label, _ in texts.REJECT_REASONS]
    assert labels(shown) == [*reasons, texts.back_button()]
    helper = journey.user("Helper")
    await add_member(journey, office, helper)
    await add_member(journey, group, helper)
    refused = await journey.press(helper, shown, "Not of this group")
    assert refused["text"] == texts.only_organizers_decide()
    (alice_approval,) = await Approval.filter(person__name="Alice")
    await nothing_decided(alice_approval)
    # Back, then Reject again, then a reason.
    await journey.press(poster, shown, texts.back_button())
    assert labels(journey.now(alice_card)) == [texts.approve_button(), texts.reject_button()]
    await journey.press(poster, journey.now(alice_card), texts.reject_button())
    before = journey.last(ann)["message_id"]
    await journey.press(poster, journey.now(alice_card), "Not of this group")
    (told,) = await journey.replies(ann["id"], before)
    assert "Alice wasn't approved by the organizers of Class 1A" in told["text"]
    assert "don't know them as part of this group" in told["text"]
    await eventually(lambda: _gone(journey, alice_card), "the rejected card is deleted")
    (alice_record,) = records(journey, office)
    assert "Rejected by Poster" in alice_record["text"] and "Alice" in alice_record["text"]
    await journey.press(poster, sara_card, texts.approve_button())

    # A forged press on a decided approval changes nothing and says who decided.
    forged = await journey.world.press_button(
        poster["id"], office["id"], alice_record["message_id"], approve_alice
    )
    assert forged["text"] == "Already rejected by Poster."
    expired = await journey.world.press_button(
        poster["id"], office["id"], alice_record["message_id"], "ap:nonsense:ok"
    )
    assert expired["text"] == languages_texts.button_expired()
    assert (await Approval.get(id=alice_approval.id)).status == ApprovalStatus.REJECTED

    # Alice (rejected) matches nothing; Sara (approved) does.
    await journey.post(group, poster, collages.make(X["group"][0], Y["group"][0]))
    await journey.settle()
    assert journey.photos_for(ann) == []
    assert len(journey.photos_for(bea)) == 1
    rejected = await ModerationEvent.get(action=ModerationAction.REJECTED)
    assert rejected.details["reason"] == "unknown"
    # The audit names no one: the ids are in its details.
    assert rejected.subject == "a new person" and rejected.details["person"] == str(
        (await Approval.get(id=alice_approval.id).prefetch_related("person")).person.id
    )

    # Ann's /export says what the organizers decided about Alice, and why.
    sent = await journey.says(ann, "/export")
    (exported,) = await journey.replies(ann["id"], sent)
    data = json.loads(journey.world.file_bytes(exported["document"]["file_id"]).data)
    (alice,) = data["persons"]
    assert alice["organizers_approvals"] == [
        {"group": "Class 1A", "for": "this person", "status": "rejected", "reason": "unknown"}
    ]

    # /audit's undo of the rejection: Alice is approved, Ann is told once, and the next
    # photo reaches her.
    before = journey.last(ann)["message_id"]
    sent = await journey.says(poster, "/audit", office["id"])
    (shown,) = await journey.replies(office["id"], sent)
    (undo_label,) = [label for label in labels(shown) if label.startswith("↩️ Undo")]
    undo_data = data_of(shown, undo_label)
    assert (await journey.press(poster, shown, undo_label))["text"] == "Undone."
    again = await journey.world.press_button(  # replayed: its button has left the card
        poster["id"], office["id"], shown["message_id"], undo_data
    )
    assert again["text"].startswith("Already undone")
    (told,) = await journey.replies(ann["id"], before)
    assert "Alice is approved by the organizers of Class 1A" in told["text"]
    assert (await Approval.get(id=alice_approval.id)).status == ApprovalStatus.APPROVED
    # The admin chat's record of Alice now says she is approved; the rejection's is gone.
    await eventually(lambda: _gone(journey, alice_record), "the rejection's record goes")
    (now_record,) = [r for r in records(journey, office) if "Alice" in r["text"]]
    assert "Approved by Poster" in now_record["text"]
    approved = await ModerationEvent.filter(action=ModerationAction.APPROVED)
    assert [e.details.get("undoes") for e in approved].count(str(rejected.id)) == 1
    # /audit says what it was (issue 32: "Poster approved a new person … (an undo)").
    sent = await journey.says(poster, "/audit", office["id"])
    (audit,) = await journey.replies(office["id"], sent)
    assert "Poster undid the rejection of a new person · enrolled by Ann" in audit["text"]
    assert "(an undo)" not in audit["text"]
    await journey.post(group, poster, collages.make(X["group"][1]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1


async def test_a_co_guardian_waits_for_approval_and_gets_nothing_until_then(
    journey: Journey, collages: Collages
) -> None:
    poster, group, office, payload = await approving_class(journey)
    ann, bob = journey.user("Ann"), journey.user("Bob")
    await members_who_joined(journey, group, payload, ann, bob)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    (alice_card,) = cards(journey, office)
    await journey.press(poster, alice_card, texts.approve_button())

    before = journey.last(bob)["message_id"]
    await journey.co_guardian(ann, "Alice", bob)
    told = [m["text"] for m in await journey.replies(bob["id"], before, count=3)]
    assert any("as a guardian of Alice, need the approval" in t for t in told), told
    # What he read first already said the approval comes first (issue 32: "You'll get
    # their photos and clips from the groups you're in." came before the "⏳").
    assert (
        "You're now a guardian of Alice. You'll get their photos and clips from the groups "
        "you're in; from a group whose organizers approve new co-guardians first, once they "
        "approve you." in told
    ), told
    (card,) = cards(journey, office)  # Alice's, decided, was deleted
    assert "New co-guardian: Bob" in card["caption"] and "of Alice" in card["caption"]
    approval = await Approval.get(kind=ApprovalKind.GUARDIAN)
    assert approval.status == ApprovalStatus.PENDING

    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1
    assert journey.photos_for(bob) == []  # pending: nothing from Class 1A

    # A demoted admin cannot approve him.
    teacher = journey.user("Teacher")
    await add_member(journey, office, teacher)
    await journey.world.set_member_status(group["id"], teacher["id"], "administrator")
    await journey.world.set_member_status(group["id"], teacher["id"], "member")
    refused = await journey.press(teacher, card, texts.approve_button())
    assert refused["text"] == texts.only_organizers_decide()
    assert (await Approval.get(id=approval.id)).status == ApprovalStatus.PENDING

    before = journey.last(bob)["message_id"]
    await journey.press(poster, card, texts.approve_button())
    (approved,) = await journey.replies(bob["id"], before)
    assert "You, as a guardian of Alice, are approved" in approved["text"]
    await journey.post(group, poster, collages.make(X["group"][1]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == 2
    assert len(journey.photos_for(bob)) == 1


async def test_joining_an_approving_group_later_asks_for_the_joiners_persons(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, open_group = await journey.class_with_alice()  # Class 1A: no approval
    camp, camp_payload = await journey.group_with_bot("Camp", poster, [ann])
    await Group.filter(chat_id=camp["id"]).update(requires_approval=True)
    office = await bound_admin_chat(journey, camp, [poster], title="Camp office")

    before = journey.last(ann)["message_id"]
    await journey.join(ann, camp_payload)
    told = [m["text"] for m in await journey.replies(ann["id"], before, count=2)]
    assert any("Alice needs the approval of the organizers of Camp" in t for t in told), told
    # Not "I'll look for Alice in Camp" (not before the approval), nor "/add your child".
    assert told[0].startswith("You're in Camp.\nTo enroll another child, use /add."), told
    (card,) = cards(journey, office)
    assert "Camp" in card["caption"] and "New person: Alice" in card["caption"]

    await journey.post(camp, poster, collages.make(X["group"][0]))
    await journey.post(open_group, poster, collages.make(X["group"][1]))
    await journey.settle()
    # From Class 1A only: Alice waits for approval at Camp.
    (delivered,) = journey.photos_for(ann)
    assert "Class 1A" in delivered["caption"]

    # Joining again does not ask again.
    await journey.join(ann, camp_payload)
    assert await Approval.all().count() == 1


async def test_with_no_admin_chat_the_request_waits_and_pending_posts_it(
    journey: Journey,
) -> None:
    poster = journey.user("Poster")
    group, payload = await journey.group_with_bot("Class 1A", poster, [])
    await Group.filter(chat_id=group["id"]).update(requires_approval=True)
    ann = journey.user("Ann")
    await add_member(journey, group, ann)
    await journey.join(ann, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    ready_line = journey.last(ann)
    ready = ready_line["text"]
    assert "haven't set up approvals yet" in ready and "kept" in ready, ready
    (approval,) = await Approval.all()
    assert approval.status == ApprovalStatus.PENDING and approval.cards == []

    # Once an admin chat is linked, /pending there posts what waits; only for the admins.
    helper, other, teacher = journey.user("Helper"), journey.user("Other"), journey.user("Teacher")
    office = await bound_admin_chat(journey, group, [poster, helper, other, teacher])
    await add_member(journey, group, helper)
    await journey.group_with_bot("Class 2B", other, [])
    await journey.world.set_member_status(group["id"], teacher["id"], "administrator")
    await journey.world.set_member_status(group["id"], teacher["id"], "member")
    for user in (helper, other, teacher):
        refused = await journey.says(user, "/pending", office["id"])
        (answer,) = await journey.replies(office["id"], refused)
        assert answer["text"] == markup.plain(texts.only_organizers_pending("Class 1A"))
    assert cards(journey, office) == []
    assert (await Approval.get(id=approval.id)).cards == []
    asked = await journey.says(poster, "/pending", office["id"])
    (card,) = await journey.replies(office["id"], asked)
    assert "New person: Alice" in card["caption"]
    # The card is in the chat a moment before it is recorded.
    await eventually(
        lambda: _card_recorded(approval.id, card["message_id"]), "the card is recorded"
    )

    # Approval turned off while the card waits (walkhe 1): the card gives way to a record
    # without the face or the buttons, saying Alice is matched; Ann hears her photos come
    # now; /pending no longer posts it.
    sent = await journey.says(poster, "/settings", office["id"])
    (settings,) = await journey.replies(office["id"], sent)
    before = journey.world.transcript(ann["id"])[-1]
    await journey.press(poster, settings, "Approval: turn off")
    await journey.until(lambda: gone(journey, card))
    (record,) = records(journey, office)
    assert said(record) == (
        "Approval in Class 1A: new person Alice, enrolled by Ann (@ann).\n"
        "Approval is off now: Alice is matched without it."
    )
    assert "reply_markup" not in record and "photo" not in record
    (told,) = await journey.replies(ann["id"], before)
    assert told["text"] == (
        "✅ The organizers of Class 1A no longer approve new persons first: from now on "
        "I'll send you the photos and clips of Alice posted there."
    )
    # So does her "ready" line, that said they approve first (walkhe2 1).
    assert said(journey.now(ready_line)) == (
        "Alice is ready. Alice waited for the approval of the organizers of Class 1A: they "
        "have since turned approval off."
    ), said(journey.now(ready_line))
    asked = await journey.says(poster, "/pending", office["id"])
    (answer,) = await journey.replies(office["id"], asked)
    assert answer["text"] == "Nothing waits for approval in Class 1A."

    # Turned on again (issue 32): Alice waits again, so her card is posted again in place
    # of the record, and Ann's "from now on" is taken back, with a new "⏳".
    before = journey.world.transcript(ann["id"])[-1]
    await journey.press(poster, journey.now(settings), "Approval: turn on")
    await journey.until(lambda: gone(journey, record))
    (again,) = [c for c in cards(journey, office) if not gone(journey, c)]
    assert "New person: Alice" in said(again) and "photo" in again
    assert labels(again) == [texts.approve_button(), texts.reject_button()]
    await journey.until(lambda: not said(journey.now(told)).startswith("✅"))
    assert said(journey.now(told)) == (
        "The organizers of Class 1A turned approval off for a while, then on again: Alice "
        "needs their approval again before I send more photos and clips from there."
    )
    (waits,) = await journey.replies(ann["id"], before)
    assert waits["text"] == (
        "⏳ Alice needs the approval of the organizers of Class 1A before I send photos and "
        "clips from there. I'll tell you when they decide."
    )
    assert said(journey.now(ready_line)) == (
        "Alice is ready. Alice needs the approval of the organizers of Class 1A before I send "
        "photos and clips from there. I'll tell you when they decide."
    ), said(journey.now(ready_line))
    await journey.press(poster, again, texts.approve_button())
    await journey.until(lambda: "they have since approved Alice" in said(journey.now(waits)))
    assert "they have since approved Alice" in said(journey.now(ready_line))
    # Nor does "needs their approval again" stay above it (walkhe4 5).
    assert said(journey.now(told)) == (
        "The organizers of Class 1A turned approval off for a while, then on again, and have "
        "since approved Alice."
    ), said(journey.now(told))


async def test_linking_an_admin_chat_posts_the_requests_that_waited(journey: Journey) -> None:
    poster = journey.user("Poster")
    group, payload = await journey.group_with_bot("Class 1A", poster, [])
    await Group.filter(chat_id=group["id"]).update(requires_approval=True)
    ann = journey.user("Ann")
    await add_member(journey, group, ann)
    await journey.join(ann, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    (approval,) = await Approval.all()

    # The organizer links an admin chat the way Telegram lets them: /admin, then the link.
    sent = await journey.says(poster, "/admin", group["id"])
    (answer,) = await journey.replies(group["id"], sent)
    office = journey.world.create_group("Office", creator_id=poster["id"], member_ids=[])
    await journey.script.open_startgroup(poster, link_of(answer), office)
    await journey.settle()
    linked = [m for m in journey.world.transcript(office["id"]) if "now the admin chat" in said(m)]
    assert len(linked) == 1
    (card,) = cards(journey, office)
    assert "New person: Alice" in card["caption"] and "Class 1A" in card["caption"]
    await eventually(
        lambda: _card_recorded(approval.id, card["message_id"]), "the card is recorded"
    )


async def _forget(journey: Journey, user: dict[str, Any]) -> None:
    question = await journey.reply_to(user, "/forget")
    (done,) = await journey.after_pressing(user, question, "Yes, delete everything")
    assert done["text"].startswith("Everything I had about you is deleted")
    await journey.settle()


async def test_an_approval_outlives_the_guardian_who_asked_for_it(
    journey: Journey, collages: Collages
) -> None:
    poster, group, office, payload = await approving_class(journey)
    ann, bob = journey.user("Ann"), journey.user("Bob")
    await members_who_joined(journey, group, payload, ann, bob)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    (alice_card,) = cards(journey, office)
    before = journey.last(bob)["message_id"]
    await journey.co_guardian(ann, "Alice", bob)
    await journey.replies(bob["id"], before, count=3)  # the last: he waits for approval
    _, bob_card = cards(journey, office)
    assert "New co-guardian: Bob" in bob_card["caption"]
    await journey.press(poster, bob_card, texts.approve_button())

    # Ann, who asked for Alice, uses /forget: Alice stays with Bob, still waiting.
    await _forget(journey, ann)
    (kept,) = await Approval.filter(kind=ApprovalKind.PERSON)
    assert kept.status == ApprovalStatus.PENDING
    assert kept.participant_id is None  # type: ignore[attr-defined]
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    assert journey.photos_for(bob) == []  # Alice is not recognized in Class 1A yet

    # The card is posted again without Ann's name; the old one is gone.
    await eventually(lambda: _gone(journey, alice_card), "the card naming Ann is deleted")
    (card,) = cards(journey, office)
    assert "New person: Alice" in card["caption"] and "Ann" not in card["caption"]
    assert "a guardian who has since left facedrop" in card["caption"]
    # The audit never named her.
    assert [e.subject for e in await ModerationEvent.all()] == ["a new co-guardian"]

    # Once approved, Alice's photos reach Bob; the record names no Ann either.
    await journey.press(poster, card, texts.approve_button())
    await eventually(lambda: _gone(journey, card), "the decided card is deleted")
    assert [r for r in records(journey, office) if "Ann" in r["text"]] == []
    await journey.post(group, poster, collages.make(X["group"][1]))
    await journey.settle()
    assert len(journey.photos_for(bob)) == 1

    # Bob's /export still lists the decision about him.
    sent = await journey.says(bob, "/export")
    (exported,) = await journey.replies(bob["id"], sent)
    data = json.loads(journey.world.file_bytes(exported["document"]["file_id"]).data)
    (alice,) = data["persons"]
    assert alice["organizers_approvals"] == [
        {"group": "Class 1A", "for": "you as a guardian", "status": "approved", "reason": None}
    ]


async def test_no_card_with_a_name_or_face_is_left_behind(journey: Journey) -> None:
    poster, group, office, payload = await approving_class(journey)
    ann, bea = journey.user("Ann"), journey.user("Bea")
    await members_who_joined(journey, group, payload, ann, bea)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    await journey.enroll(bea, "Sara", [photo_bytes(n) for n in Y["enroll"]])
    first = cards(journey, office)
    assert len(first) == 2

    # /pending posts them again: the new cards replace the old ones.
    asked = await journey.says(poster, "/pending", office["id"])
    await journey.replies(office["id"], asked, count=2)

    async def older_gone() -> bool:
        return all(gone(journey, old) for old in first)

    await eventually(older_gone, "the older cards are deleted")
    alice_card, sara_card = cards(journey, office)
    await journey.press(poster, sara_card, texts.approve_button())
    await eventually(lambda: _gone(journey, sara_card), "the decided card is deleted")
    assert len(records(journey, office)) == 1

    # The admin chat moves: nothing about the group's approvals stays in the old one, and
    # what waits is posted in the new one.
    sent = await journey.says(poster, "/admin", group["id"])
    (answer,) = await journey.replies(group["id"], sent)
    moved = journey.world.create_group("New office", creator_id=poster["id"], member_ids=[])
    await journey.script.open_startgroup(poster, link_of(answer), moved)
    await journey.settle()
    await eventually(lambda: _gone(journey, alice_card), "the card in the old chat is deleted")
    assert cards(journey, office) == [] and records(journey, office) == []
    (alice_card,) = cards(journey, moved)
    assert "photo" in alice_card and "Alice" in alice_card["caption"]

    # Ann forgets Alice's faces: the card no longer shows it.
    card = await journey.card(ann, "Alice")
    (question,) = await journey.after_pressing(ann, card, "Forget faces")
    await journey.press(ann, question, "Yes, delete")
    await journey.settle()
    await eventually(lambda: _gone(journey, alice_card), "the card with the face is deleted")
    (alice_card,) = cards(journey, moved)
    assert "photo" not in alice_card and "New person: Alice" in alice_card["text"]

    # Ann deletes Alice: her card goes.
    question = await delete_person(journey, ann, "Alice")
    await eventually(lambda: _gone(journey, alice_card), "the deleted person's card goes")
    assert cards(journey, moved) == []

    # Bea, Sara's last guardian, uses /forget: nothing in the admin chats names Sara.
    await _forget(journey, bea)
    every = [
        said(m)
        for chat in (office, moved)
        for m in journey.world.transcript(chat["id"])
        if m["from"]["is_bot"]
    ]
    assert [text for text in every if "Sara" in text or "Alice" in text] == []


async def test_a_banned_guardian_is_not_promised_photos(journey: Journey) -> None:
    poster, group, office, payload = await approving_class(journey)
    ann, bob = journey.user("Ann"), journey.user("Bob")
    await members_who_joined(journey, group, payload, ann, bob)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    (alice_card,) = cards(journey, office)
    await journey.press(poster, alice_card, texts.approve_button())
    before = journey.last(bob)["message_id"]
    await journey.co_guardian(ann, "Alice", bob)
    await journey.replies(bob["id"], before, count=3)  # the last: he waits for approval
    (bob_card,) = cards(journey, office)

    sent = await journey.says(poster, f"/ban {bob['id']}", office["id"])
    (banned,) = await journey.replies(office["id"], sent)
    assert "is banned" in banned["text"], banned
    before = journey.last(bob)["message_id"]
    await journey.press(poster, bob_card, texts.approve_button())
    await eventually(lambda: _gone(journey, bob_card), "the decided card is deleted")
    await journey.settle()
    told = [said(m) for m in journey.world.transcript(bob["id"]) if m["message_id"] > before]
    assert [t for t in told if "approved" in t or "I'll send you" in t] == [], told


async def test_a_waiting_co_guardian_who_forgets_leaves_nothing_to_decide(
    journey: Journey,
) -> None:
    poster, group, office, payload = await approving_class(journey)
    ann, bob = journey.user("Ann"), journey.user("Bob")
    await members_who_joined(journey, group, payload, ann, bob)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    before = journey.last(bob)["message_id"]
    await journey.co_guardian(ann, "Alice", bob)
    await journey.replies(bob["id"], before, count=3)  # the last: he waits for approval
    alice_card, bob_card = cards(journey, office)

    await _forget(journey, bob)
    await eventually(lambda: _gone(journey, bob_card), "his card is deleted")
    assert not await Approval.exists(kind=ApprovalKind.GUARDIAN)
    (alice,) = await Approval.all()  # Alice's, asked by Ann, waits as before
    assert alice.status == ApprovalStatus.PENDING and not gone(journey, alice_card)
    asked = await journey.says(poster, "/pending", office["id"])
    (card,) = await journey.replies(office["id"], asked)
    assert "New person: Alice" in card["caption"]


async def test_messages_too_old_to_delete_lose_the_face_and_the_names(journey: Journey) -> None:
    poster, _group, office, ann, card = await alice_waiting(journey)
    face = card["photo"][-1]["file_id"]
    # Three days later (Telegram lets a bot delete a message for 48 hours only).
    journey.world.chat(office["id"]).messages[card["message_id"]].data["date"] -= 3 * 24 * 3600

    await journey.press(poster, card, texts.approve_button())
    (record,) = records(journey, office)
    assert "Approved by Poster" in record["text"] and "photo" not in record

    async def blanked() -> bool:
        now = journey.now(card)
        return bool(now["photo"][-1]["file_id"] != face)

    await eventually(blanked, "the old card's face is replaced")
    now = journey.now(card)
    assert not now.get("_deleted") and "reply_markup" not in now
    assert now["caption"] == markup.plain(texts.approval_card_replaced("Class 1A")), now["caption"]
    assert "Alice" not in now["caption"] and "Ann" not in now["caption"]
    # Alice deleted days later: the record, too old to delete, names her no more.
    journey.world.chat(office["id"]).messages[record["message_id"]].data["date"] -= 3 * 86400
    person = await journey.card(ann, "Alice")
    (question,) = await journey.after_pressing(ann, person, "Delete")
    await journey.press(ann, question, "Yes, delete")
    await journey.settle()
    assert "Alice" not in said(journey.now(card))
    await eventually(
        lambda: _says(journey, record, "since been deleted"),
        "the old record names no one any more",
    )
    assert said(journey.now(record)) == (
        "Approval in Class 1A: that person has since been deleted by their guardian."
    )


async def test_an_old_record_says_the_parent_deleted_the_person_at_forget(
    journey: Journey,
) -> None:
    """Findings19 18: the decision's record is past 48 hours when Ann uses /forget (Alice
    goes with her): it said "An approval card of Class 1A, withdrawn.", read as an undone
    approval; it says what happened."""
    poster, _group, office, ann, card = await alice_waiting(journey)
    await journey.press(poster, card, texts.approve_button())
    await journey.settle()
    (record,) = records(journey, office)
    assert "Approved by Poster" in record["text"]
    journey.world.chat(office["id"]).messages[record["message_id"]].data["date"] -= 3 * 86400

    await _forget(journey, ann)
    await eventually(
        lambda: _says(journey, record, "since been deleted"), "the old record says why it went"
    )
    now = journey.now(record)
    assert not now.get("_deleted") and "reply_markup" not in now
    assert (
        said(now) == "Approval in Class 1A: that person has since been deleted by their guardian."
    )


async def test_a_card_too_old_to_delete_is_blanked_once_then_forgotten(journey: Journey) -> None:
    poster, _group, office, _ann, old = await alice_waiting(journey)
    face = old["photo"][-1]["file_id"]
    journey.world.chat(office["id"]).messages[old["message_id"]].data["date"] -= 3 * 86400

    def edits_of(message: dict[str, Any]) -> int:
        return sum(
            str(r["params"].get("message_id")) == str(message["message_id"])
            for r in journey.world.requests("editMessageMedia")
        )

    # /pending posts the card again: the old one, too old to delete, loses the face once.
    asked = await journey.says(poster, "/pending", office["id"])
    (second,) = await journey.replies(office["id"], asked)

    async def blanked() -> bool:
        return bool(journey.now(old)["photo"][-1]["file_id"] != face)

    await eventually(blanked, "the old card's face is replaced")
    await journey.settle()
    (approval,) = await Approval.all()
    assert approval.cards == [{"chat": office["id"], "message": second["message_id"], "face": True}]
    # Posted again twice more: the blanked card is left alone (it names no one).
    for _ in range(2):
        asked = await journey.says(poster, "/pending", office["id"])
        await journey.replies(office["id"], asked)
        await journey.settle()
    assert edits_of(old) == 1
    assert len([c for c in cards(journey, office) if not gone(journey, c)]) == 1
    (approval,) = await Approval.all()
    assert len(approval.cards) == 1 and approval.cards[0]["chat"] == office["id"]


async def test_a_person_is_not_deleted_while_its_card_may_still_show_it(journey: Journey) -> None:
    _poster, _group, office, ann, card = await alice_waiting(journey)

    # Telegram fails to delete the card once: the deletion comes back and finishes.
    journey.world.add_fault(Fault("deleteMessage", 500, times=1, chat_id=office["id"]))
    alice_card = await journey.card(ann, "Alice")
    (question,) = await journey.after_pressing(ann, alice_card, "Delete")
    await journey.press(ann, question, "Yes, delete")
    await journey.settle()
    assert gone(journey, card)
    assert not await Person.exists(name="Alice")
    assert not await Approval.exists()


async def test_a_person_deleted_after_its_old_record_was_blanked_leaves_nothing(
    journey: Journey,
) -> None:
    """The decision's record is past 48 hours when the admin chat moves: it is blanked and
    forgotten. Deleting the person later deletes it at once: nothing brings the forgotten
    record back to stall the deletion (its faces stayed, before)."""
    poster, group, office, ann, card = await alice_waiting(journey)
    await journey.press(poster, card, texts.approve_button())
    await journey.settle()
    (record,) = records(journey, office)
    journey.world.chat(office["id"]).messages[record["message_id"]].data["date"] -= 3 * 86400
    sent = await journey.says(poster, "/admin", group["id"])
    (answer,) = await journey.replies(group["id"], sent)
    moved = journey.world.create_group("New office", creator_id=poster["id"], member_ids=[])
    await journey.script.open_startgroup(poster, link_of(answer), moved)
    await journey.settle()
    assert "Alice" not in said(journey.now(record))  # blanked: it names no one
    assert said(journey.now(record)) == "Approval in Class 1A: the admin chat has moved since."
    assert (await Approval.get()).cards == []

    person = await journey.card(ann, "Alice")
    (question,) = await journey.after_pressing(ann, person, "Delete")
    await journey.press(ann, question, "Yes, delete")
    await journey.settle()
    assert not await Person.exists(name="Alice")
    assert not await Face.exists()
    assert not await Approval.exists()


async def test_a_parent_back_in_the_group_hears_of_the_child_still_waiting(
    journey: Journey,
) -> None:
    """Issue 32 (walken): Ann back in Class 1A read "I'll look for Alice in Class 1A" and
    nothing of Sara, who still waits for its organizers there: her approval was asked when
    Ann enrolled her, so nothing new announces it on the way back. Walkmore 1: Alice, whom
    they rejected there, was told of in the same words, as if a decision were to come."""
    poster, group, office, ann, alice_card = await alice_waiting(journey)
    await journey.press(poster, alice_card, texts.reject_button())
    await journey.press(poster, journey.now(alice_card), "Not of this group")
    await journey.settle()
    await journey.enroll(ann, "Sara", [photo_bytes(n) for n in Y["enroll"]])
    assert len(cards(journey, office)) == 1  # Sara's waits
    await journey.world.set_member_status(group["id"], ann["id"], "left")
    await journey.settle()
    await add_member(journey, group, ann)
    before = journey.last(ann)["message_id"]
    await journey.join(ann, journey.group_payload(group))
    said = " ".join(m["text"] for m in await journey.replies(ann["id"], before))
    assert "You're in Class 1A." in said, said
    assert (
        "Nothing of Sara comes to you from Class 1A until its organizers give their approval."
        in said
    ), said
    assert (
        "Alice isn't approved in Class 1A: if it's a mistake, talk to the organizers; adding "
        "photos from /persons asks them again." in said
    ), said
    assert "Nothing of Alice" not in said and "Nothing of Sara and Alice" not in said, said


async def test_approval_turned_off_promises_nothing_once_the_faces_are_forgotten(
    journey: Journey,
) -> None:
    """Issue 32 (fixt 1): Ann's "✅ … from now on I'll send you the photos and clips of
    Alice", said when approval was turned off while Alice waited, stayed as it was after
    "Forget faces" (her "Alice is ready…" and "✅ Alice is approved…" say no photo comes)."""
    poster, _group, office, ann, _card = await alice_waiting(journey)
    sent = await journey.says(poster, "/settings", office["id"])
    (settings,) = await journey.replies(office["id"], sent)
    before = journey.last(ann)["message_id"]
    await journey.press(poster, settings, "Approval: turn off")
    (told,) = await journey.replies(ann["id"], before)
    assert told["text"].startswith("✅ The organizers of Class 1A no longer approve"), told
    (question,) = await journey.after_pressing(
        ann, await journey.card(ann, "Alice"), "Forget faces"
    )
    await journey.press(ann, question, "Yes, delete")
    await journey.until(lambda: said(journey.now(told)).startswith("Since then every face"))
