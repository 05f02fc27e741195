"""What the twenty-fourth and twenty-fifth walks of issue 32 found untrue for organizers,
walked through the emulator as they did: a merge was a way round the organizers' rejection
(findings24 6); /stats counted one face asked about as two questions (findings24 3)."""

from __future__ import annotations

from typing import Any

from domain.infra.models import Group
from domain.languages.catalogs import in_language
from domain.moderation import texts as moderation_texts
from tests.e2e.conftest import CAST, Collages, Journey, labels, photo_bytes
from tests.e2e.organizers import admin_link, bound_admin_chat, open_link
from tests.e2e.test_approvals import add_member, alice_waiting, cards, said
from tests.e2e.test_bans_and_pause import _says_in
from tests.e2e.test_siblings import _ann_with_alice_and_ally, _post_her
from tests.e2e.test_stats import _number

WAITING = "Questions waiting for an answer"
X, SARA = CAST["angelina"], CAST["scarlett"]


async def _stats(journey: Journey, office: dict[str, Any], poster: dict[str, Any]) -> str:
    sent = await journey.says(poster, "/stats", office["id"])
    (reply,) = await journey.replies(office["id"], sent)
    return str(reply["caption"])


async def test_stats_count_a_sibling_pair_question_once(
    journey: Journey, collages: Collages
) -> None:
    """One face that could be Alice or Ally is one question ("Is this Alice or Ally?"),
    though it is stored as a suggestion per child: /stats read 2 (findings24 3)."""
    ann, _bea, poster, group = await _ann_with_alice_and_ally(journey)
    office = await bound_admin_chat(journey, group, [poster])
    await _post_her(journey, collages, poster, group)
    (question,) = journey.suggestions(ann)
    assert " or " in question["caption"]
    assert _number(await _stats(journey, office, poster), WAITING) == "1"


async def test_a_merge_keeps_the_organizers_rejection_and_its_undo_gives_each_its_own(
    journey: Journey, collages: Collages
) -> None:
    """Amy, rejected in Class 1A, merged into Alice (approved there): Amy's face was then
    delivered there as Alice's, and nothing said so (findings24 6). Merged, the child is
    not approved there, the merge screen says so first, and its undo gives Alice back."""
    ann, poster, group = await journey.class_with_alice()
    await Group.filter(chat_id=group["id"]).update(requires_approval=True)
    office = await bound_admin_chat(journey, group, [poster])
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    (card,) = cards(journey, office)
    await journey.press(poster, card, moderation_texts.reject_button())
    await journey.press(poster, journey.now(card), "Unsuitable photos")
    await journey.settle()

    alice = await journey.card(ann, "Alice")
    (choose,) = await journey.after_pressing(ann, alice, "Merge")
    await journey.press(ann, choose, "Amy")
    await journey.until(lambda: labels(journey.now(choose))[0].startswith("Merge, keep"))
    asked = journey.now(choose)["text"]
    assert (
        "Amy isn't approved in Class 1A: after the merge, whichever name stays, I won't "
        "send photos or clips from Class 1A for Alice either."
    ) in asked, asked
    await journey.press(ann, choose, "Merge, keep Alice")
    await journey.settle()
    assert "Groups: Class 1A (not approved by the organizers)" in said(
        await journey.card(ann, "Alice")
    )

    # Amy's face, and Alice's, posted in the class: neither comes (the rejection holds).
    await journey.post(group, poster, collages.make(SARA["group"][0]))
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    assert journey.photos_for(ann) == []
    assert journey.suggestions(ann) == []

    # Undone, Alice is approved there again and her next photo comes; Amy stays rejected.
    history = await journey.reply_to(ann, "/history")
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
    await journey.settle()
    (posted,) = await journey.post(group, poster, collages.make(X["group"][1]))
    await journey.settle()
    assert journey.unique_ids(ann)[-1:] == [posted["photo"][-1]["file_unique_id"]]
    assert "Groups: Class 1A (not approved by the organizers)" in said(
        await journey.card(ann, "Amy")
    )


async def test_an_audit_decision_says_who_asked_and_why_and_its_undo_which_one(
    journey: Journey,
) -> None:
    """Two rejections read the same, "Poster rejected a new person", each with its Undo,
    which approves the child (findings25 1): each line says who enrolled and the reason
    now (never the child), and the undo's note says which one it reopened."""
    poster, group, office, _ann, card = await alice_waiting(journey)
    await journey.press(poster, card, moderation_texts.reject_button())
    await journey.press(poster, journey.now(card), "Unsuitable photos")
    await journey.settle()
    bea = journey.user("Bea")
    await add_member(journey, group, bea)
    await journey.join(bea, journey.group_payload(group))
    await journey.enroll(bea, "Yara", [photo_bytes(n) for n in SARA["enroll"]])
    (yaras,) = [c for c in cards(journey, office) if c["message_id"] != card["message_id"]]
    await journey.press(poster, yaras, moderation_texts.reject_button())
    await journey.press(poster, journey.now(yaras), "Not of this group")
    await journey.settle()

    asked = await journey.says(poster, "/audit", office["id"])
    (audit,) = await journey.replies(office["id"], asked)
    lines = audit["text"].splitlines()
    (beas,) = [line for line in lines if "Not of this group" in line]
    assert beas.startswith("1. ") and beas.endswith(
        "rejected a new person · enrolled by Bea (@bea) · reason: Not of this group"
    ), lines
    (anns,) = [line for line in lines if "Unsuitable photos" in line]
    assert anns.startswith("2. ") and anns.endswith(
        "rejected a new person · enrolled by Ann (@ann) · reason: Unsuitable photos"
    ), lines
    assert "Alice" not in audit["text"] and "Yara" not in audit["text"]

    assert (await journey.press(poster, audit, "↩️ Undo 1"))["text"] == "Undone."
    await journey.settle()
    (note,) = [
        m
        for m in journey.world.transcript(office["id"])
        if m["from"]["is_bot"] and " undid “" in said(m)
    ]
    assert "rejected a new person · reason: Not of this group”" in said(note), said(note)


def plain(html: str) -> str:
    """A text as the emulator shows it (its bold marks parsed away)."""
    return html.replace("<b>", "").replace("</b>", "")


def _undos(message: dict[str, Any]) -> list[str]:
    return [label for label in labels(message) if label.startswith("↩️ Undo")]


async def test_an_audit_shown_drops_the_undo_of_a_ban_lifted_and_of_a_chat_moved_away(
    journey: Journey,
) -> None:
    """An /audit kept [↩️ Undo 1] for a ban /unban had lifted, and in the admin chat the
    group moved away from, for good (findings24 5)."""
    _ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    assert "is banned" in await _says_in(journey, office, poster, "/ban @ann")
    asked = await journey.says(poster, "/audit", office["id"])
    (audit,) = await journey.replies(office["id"], asked)
    assert _undos(audit) == ["↩️ Undo 1"]
    assert "no longer banned" in await _says_in(journey, office, poster, "/unban @ann")
    await journey.until(lambda: _undos(journey.now(audit)) == [])

    # Banned again, an /audit offers its Undo; then the admin chat moves to another chat.
    assert "is banned" in await _says_in(journey, office, poster, "/ban @ann")
    asked = await journey.says(poster, "/audit", office["id"])
    (again,) = await journey.replies(office["id"], asked)
    assert _undos(again) == ["↩️ Undo 1"]
    asked = await journey.says(poster, "/settings", office["id"])
    (settings_card,) = await journey.replies(office["id"], asked)
    assert labels(settings_card)
    # The group speaks Hebrew: the old chat, no admin chat once it moves, is still read in
    # it (the Hebrew walk of issue 32: its /audit was redrawn in English).
    await Group.filter(chat_id=group["id"]).update(language="he")
    office2 = journey.world.create_group("Office 2", creator_id=poster["id"])
    moved = await open_link(journey, poster, await admin_link(journey, group, poster), office2)
    with in_language("he"):
        assert moderation_texts.admin_chat_linked("Class 1A").startswith(moved["text"][:20])
        gone = moderation_texts.admin_chat_moved_away("Class 1A")
        settings_gone = moderation_texts.settings_moved_away("Class 1A", "Office 2")
    await journey.until(lambda: _undos(journey.now(again)) == [])
    assert journey.now(again)["text"].endswith(plain(gone)), journey.now(again)["text"]
    # Its settings card says where the settings are now, without the buttons that expired.
    await journey.until(lambda: labels(journey.now(settings_card)) == [])
    assert journey.now(settings_card)["text"] == plain(settings_gone)


async def test_photos_added_after_a_merge_ask_the_organizers_again_about_the_rejection(
    journey: Journey,
) -> None:
    """Merged, the child is not approved where Amy was rejected, and the card says
    "adding photos asks the organizers again": photos added to Alice do."""
    ann, poster, group = await journey.class_with_alice()
    await Group.filter(chat_id=group["id"]).update(requires_approval=True)
    office = await bound_admin_chat(journey, group, [poster])
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    (card,) = cards(journey, office)
    await journey.press(poster, card, moderation_texts.reject_button())
    await journey.press(poster, journey.now(card), "Unsuitable photos")
    await journey.settle()
    alice = await journey.card(ann, "Alice")
    (choose,) = await journey.after_pressing(ann, alice, "Merge")
    await journey.press(ann, choose, "Amy")
    await journey.until(lambda: labels(journey.now(choose))[0].startswith("Merge, keep"))
    await journey.press(ann, choose, "Merge, keep Alice")
    await journey.settle()
    alice = await journey.card(ann, "Alice")
    assert "adding photos asks the organizers again" in said(alice), said(alice)

    await journey.after_pressing(ann, alice, "Add photos or a clip")
    sent = await journey.world.user_sends_photos(ann["id"], ann["id"], [photo_bytes(X["group"][2])])
    (verdict,) = await journey.replies(ann["id"], sent[0])
    assert verdict["text"].startswith("✅"), verdict["text"]
    done = await journey.says(ann, "/done")
    _, added = await journey.replies(ann["id"], done, count=2)
    assert (
        "The organizers of Class 1A had not approved Alice: I asked them again" in (added["text"])
    ), added["text"]
    await journey.settle()
    # A new card asks the organizers about the face they rejected (named as they knew it).
    (again,) = cards(journey, office)
    assert again["message_id"] != card["message_id"] and "New person: Amy" in said(again)
