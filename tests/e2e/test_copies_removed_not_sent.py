"""A copy an undo (or a correction) took out of a guardian's chat is no copy of theirs,
read as the guardians read it (issue 32, findings27 4, findings26 4 and 2): a claim said
"You already have 3 of the photos... it isn't sent again" of copies her own Undo had
deleted, and never sent them (findings27 4); a co-guardian's card counted a copy another
guardian's Undo deleted (findings26 4); past 48 hours the blank of a copy an Undo sent
again kept "I sent the photo again, below." once a takedown deleted that copy
(findings26 2)."""

from __future__ import annotations

from typing import Any

from domain.settings import MatchingSettings
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat, take_down
from tests.e2e.steps import asked_about
from tests.e2e.test_claims import _approved, _name, _open
from tests.e2e.test_eleventh_walk_history import PAST_DELETING_S

X, SARA, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]


def _live(journey: Journey, user: dict[str, Any]) -> list[dict[str, Any]]:
    """The group photos delivered to the user that are still in their chat."""
    return [m for m in journey.photos_for(user) if not journey.now(m).get("_deleted")]


async def _claimed_after_undos(
    journey: Journey, collages: Collages
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Ann answers "Is this Alice?" yes for three photos, then undoes each from /history
    (her copies deleted, the faces nobody's); the organizer names the faces Tom in /whois
    and Ann opens the claim link: (ann, poster, office, the claim's question)."""
    ann, poster, group = await journey.class_with_alice()
    for child, stranger in zip(X["group"], NOBODY["group"], strict=False):
        await journey.post(group, poster, collages.make(child, stranger))
    await journey.settle()
    questions = journey.suggestions(ann)
    assert len(questions) == 3
    for question in questions:
        await journey.press(ann, question, "Yes")
        await journey.settle()
    await journey.until(lambda: len(_live(journey, ann)) == 3)
    for _ in range(3):
        history = await journey.reply_to(ann, "/history")
        undo = next(label for label in labels(history) if label.startswith("Undo"))
        assert (await journey.press(ann, history, undo))["text"] == "Undone."
        await journey.settle()
    await journey.until(lambda: _live(journey, ann) == [])

    await journey.regroup("Class 1A")
    office = await bound_admin_chat(journey, group, [poster])
    await journey.reply_to(poster, "/start")  # the claim link comes here, privately
    payload = await _name(journey, poster, office)
    offer = await _open(journey, ann, payload)
    (question,) = await journey.after_pressing(ann, offer, "I agree")
    assert question["caption"].startswith("Is this Tom, your child? 3 faces")
    return ann, poster, office, question


async def test_a_claim_sends_again_the_photos_an_undo_took_from_the_claimer(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """findings27 4: after her three undos, Ann claims Tom: she is told the three photos
    are sent to her, and they are (before: "You already have 3 of the photos... it isn't
    sent again", and nothing came)."""
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, poster, office, question = await _claimed_after_undos(journey, collages)
        claimed = await _approved(journey, ann, question, poster, office)
        # Her "Thank you… I'll tell you when they decide", as it was sent (redrawn since,
        # at the approval).
        waiting = next(
            str(r["params"]["text"]) for r in journey.world.requests("sendMessage")
            if str(r["params"].get("chat_id")) == str(ann["id"])
            and str(r["params"].get("text", "")).startswith("Thank you.")
        )  # fmt: skip
        assert "already have" not in waiting, waiting
        assert "I send you the 3 photos you saw the faces of" in waiting, waiting
        assert claimed["text"].startswith("Tom is yours now. Sending you the 3 photos"), claimed[
            "text"
        ]
        assert "already have" not in claimed["text"]
        await journey.settle()
        await journey.until(lambda: len(_live(journey, ann)) == 3)
        assert {m["caption"] for m in _live(journey, ann)} == {"Tom · Class 1A"}
        card = await journey.card(ann, "Tom")
        assert "Photos delivered: 3" in str(card.get("caption") or card.get("text")), card


async def test_some_are_answered_yes_sends_again_the_photos_an_undo_took(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """findings27 4, "Some are": after her three undos, Ann claims Tom face by face and
    answers yes to each question: each says the photo comes to her, and the three come
    (before: "It's already in your chat" of copies her Undo had deleted, and nothing came)."""
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, poster, office, question = await _claimed_after_undos(journey, collages)
        before = journey.world.transcript(office["id"])[-1]["message_id"]
        await journey.after_pressing(ann, question, "Some are")
        (card,) = await journey.replies(office["id"], before)
        private = journey.last(ann)["message_id"]
        await journey.press(poster, card, "✅ Approve")
        await journey.settle()
        _told, *asked = await journey.replies(ann["id"], private, 4)
        assert [m["caption"] for m in asked] == [asked_about("Tom", "Class 1A", earlier=True)] * 3
        for each in asked:
            await journey.press(ann, each, "Yes")
        await journey.settle()
        for each in asked:
            caption = journey.now(each)["caption"]
            assert "The photo comes to you in this chat." in caption, caption
            assert "already in your chat" not in caption, caption
        await journey.until(lambda: len(_live(journey, ann)) == 3)
        assert {m["caption"] for m in _live(journey, ann)} == {"Tom · Class 1A"}


async def test_a_co_guardians_card_counts_no_copy_an_undo_deleted(
    journey: Journey, collages: Collages
) -> None:
    """findings26 4: Ann moves a face from Alice to Amy, whose co-guardian Bea then gets
    the photo; Ann undoes it (Bea's copy deleted), then merges Alice into Amy: the face is
    Amy's, and Bea's card of Amy counts no photo, as her chat holds none (before:
    "Photos delivered: 1", the copy the Undo deleted)."""
    ann, poster, group = await journey.class_with_alice()
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    bea = journey.user("Bea")
    journey.world.chats[group["id"]].members[bea["id"]] = "member"
    await journey.co_guardian(ann, "Amy", bea)
    await journey.join(bea, journey.group_payload(group))
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (delivered,) = journey.photos_for(ann)

    (menu,) = await journey.after_pressing(ann, delivered, "Not Alice?")
    await journey.press(ann, menu, "That isn't Alice")
    await journey.press(ann, journey.now(menu), "Amy")
    await journey.settle()
    await journey.until(lambda: len(journey.photos_for(bea)) == 1)
    assert (await journey.press(ann, journey.now(menu), "Undo"))["text"] == "Undone."
    await journey.settle()
    await journey.until(lambda: _live(journey, bea) == [])

    (choose,) = await journey.after_pressing(ann, await journey.card(ann, "Amy"), "Merge")
    await journey.confirm_merge(ann, choose, "Alice")
    await journey.settle()
    assert _live(journey, bea) == []
    card = await journey.card(bea, "Amy")
    assert "Photos delivered: 0" in str(card.get("caption") or card.get("text")), card


async def test_a_takedown_redraws_the_blank_of_a_copy_an_undo_sent_again(
    journey: Journey, collages: Collages
) -> None:
    """findings26 2: past 48 hours Ann moves a face of Alice to Amy (Carl's copy blanked),
    then undoes it: Carl's blank says the photo was sent again, below, and it is. The
    organizers take the photo down: that copy is deleted, and the blank says they took it
    down (before: it kept "This correction was undone, so I sent the photo again, below.")."""
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    office = await bound_admin_chat(journey, group, [poster])
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (mine,) = journey.photos_for(ann)
    (carls,) = journey.photos_for(carl)
    journey.world.clock.advance(PAST_DELETING_S)

    (menu,) = await journey.after_pressing(ann, mine, "Not Alice?")
    await journey.press(ann, menu, "That isn't Alice")
    await journey.press(ann, journey.now(menu), "Amy")
    await journey.settle()
    await journey.until(lambda: "Another guardian" in journey.now(carls).get("caption", ""))
    await journey.until(lambda: journey.has_button(journey.now(menu), "Undo"))
    assert (await journey.press(ann, journey.now(menu), "Undo"))["text"] == "Undone."
    await journey.settle()

    def sent_again() -> list[dict[str, Any]]:
        return [m for m in journey.photos_for(carl) if m["message_id"] > carls["message_id"]]

    await journey.until(lambda: len(sent_again()) == 1)
    (again,) = sent_again()
    await journey.until(lambda: "again, below" in journey.now(carls).get("caption", ""))
    assert journey.now(carls)["caption"] == (
        "This correction was undone, so I sent the photo again, below."
    )

    await take_down(journey, group, office, poster, posted)
    assert journey.now(again).get("_deleted") is True
    await journey.until(lambda: "took this photo down" in journey.now(carls).get("caption", ""))
    assert journey.now(carls)["caption"] == "The organizers of Class 1A took this photo down."
    assert "reply_markup" not in journey.now(carls)
