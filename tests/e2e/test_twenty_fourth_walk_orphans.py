"""What the twenty-fourth walk of issue 32 found after an owner's /forget (findings24 9, 11):
her co-guardian could undo her merge from /history and so bring her child back as a person
with no guardian (faces no one could see, export or delete), and the admin chat kept her
name, and her children's, on the decisions about a person she had merged away and on her
claim. Read as each reader reads it, and checked in Postgres, Qdrant and the blobs."""

from __future__ import annotations

from typing import Any

from domain.infra.models import Face, Guardianship, Person, Prototype
from domain.moderation import texts
from domain.states import PersonStatus
from tests.e2e.conftest import CAST, Collages, Journey, labels, photo_bytes
from tests.e2e.test_approvals import _forget, approving_class, cards, members_who_joined
from tests.e2e.test_claims import _approved, _claim, _class, _name

NO_GUARDIAN = (
    "That can't be undone any more: one of the two persons would be left with no guardian."
)


async def _guardianless() -> list[str]:
    """The persons someone's child is held as with no guardian (an unclaimed person has
    none by design; a merged one is its kept person's)."""
    persons = await Person.exclude(status__in=[PersonStatus.UNCLAIMED, PersonStatus.MERGED])
    return [p.name for p in persons if not await Guardianship.exists(person_id=p.id)]


def _bot_said(journey: Journey, chat: dict[str, Any]) -> list[str]:
    """What the bot's messages in the chat say now (deleted ones left out)."""
    return [
        str(m.get("caption") or m.get("text") or "")
        for m in journey.world.transcript(chat["id"])
        if m["from"]["is_bot"]
    ]


def _undos(message: dict[str, Any]) -> list[str]:
    return [label for label in labels(message) if label.startswith("Undo")]


async def _merge(journey: Journey, user: dict[str, Any], keep: str, drop: str) -> None:
    (choose,) = await journey.after_pressing(user, await journey.card(user, keep), "Merge")
    await journey.confirm_merge(user, choose, drop)
    await journey.settle()


async def test_after_the_owners_forget_her_merge_is_not_undone_into_a_child_of_no_one(
    journey: Journey,
) -> None:
    poster, group, office, payload = await approving_class(journey)
    ann, ben = journey.user("Ann"), journey.user("Ben")
    await members_who_joined(journey, group, payload, ann, ben)
    for name, cast in (("Alice", "angelina"), ("Bobby", "scarlett"), ("Cleo", "mark")):
        await journey.enroll(ann, name, [photo_bytes(n) for n in CAST[cast]["enroll"]])
        card = cards(journey, office)[-1]
        assert f"New person: {name}" in card["caption"]
        await journey.press(poster, card, texts.approve_button())
        await journey.settle()
    before = journey.last(ben)["message_id"]
    await journey.co_guardian(ann, "Bobby", ben)
    await journey.replies(ben["id"], before, count=3)  # the last: he waits for approval
    bens = cards(journey, office)[-1]
    assert "New co-guardian: Ben" in bens["caption"]
    await journey.press(poster, bens, texts.approve_button())
    await journey.settle()
    # The walk's decisions as the admin chat read them: Cleo's names Ann and Cleo.
    assert any(
        text.startswith("Approval in Class 1A: new person Cleo, enrolled by Ann")
        for text in _bot_said(journey, office)
    )

    # Ann merges Cleo (hers alone) and Bobby (Ben guards him too) into Alice, then leaves.
    await _merge(journey, ann, "Alice", "Cleo")
    await _merge(journey, ann, "Alice", "Bobby")
    await _forget(journey, ann)
    assert await _guardianless() == []

    # findings24 11: no decision in the admin chat names Ann, nor Cleo, whose record went
    # with her data (Alice's and Bobby's are shown again without her name).
    office_now = _bot_said(journey, office)
    assert [t for t in office_now if "Ann" in t or "Cleo" in t] == [], office_now
    await journey.until(
        lambda: any(
            "a guardian who has since left facedrop" in t for t in _bot_said(journey, office)
        )
    )

    # findings24 9: Ben's /history lists Ann's merge without an Undo, and says why: undone,
    # Alice (Ann's child, whose guardian Ben is only through the merge) would be no one's.
    history = await journey.reply_to(ben, "/history")
    assert "merged" in history["text"] and NO_GUARDIAN in history["text"], history["text"]
    assert _undos(history) == [], labels(history)
    assert await _guardianless() == []

    # Ben, now Alice's only guardian, stops getting her photos: as he is told, Alice goes
    # with everything about her (Bobby and Cleo merged into her with her).
    (guardians,) = await journey.after_pressing(ben, await journey.card(ben, "Alice"), "Guardians")
    assert guardians["text"] == (
        "The guardians of Alice: Ben (you). If you stop getting their photos and clips, no "
        "guardian is left, so I delete them and everything about them."
    )
    (confirm,) = await journey.after_pressing(
        ben, guardians, "Stop getting Alice's photos and clips"
    )
    assert confirm["text"].startswith("You're the only guardian of Alice")
    await journey.press(ben, confirm, labels(confirm)[0])
    await journey.settle()
    assert await Person.all().count() == 0
    assert await Face.all().count() == 0 and await Prototype.all().count() == 0
    await journey.assert_consistent()  # no point left in Qdrant either
    assert journey.stack is not None and journey.stack.blobs is not None
    assert await journey.stack.blobs.keys("persons/") == []
    assert await journey.stack.blobs.keys("crops/") == []


async def test_after_a_claimers_forget_her_claim_names_no_one_and_leaves_no_child_of_no_one(
    journey: Journey, collages: Collages
) -> None:
    poster, pat, _mallory, _group, office = await _class(journey, collages)
    payload = await _name(journey, poster, office)
    question = await _claim(journey, pat, payload)
    await _approved(journey, pat, question, poster, office)
    await journey.settle()
    assert any(t.startswith("Claim in Class 1A: Pat") for t in _bot_said(journey, office))

    # Pat enrolls Max, whom Eve guards too, merges him into Tom (keep Tom), and leaves.
    eve = journey.user("Eve")
    await journey.enroll(pat, "Max", [collages.photo(n) for n in CAST["scarlett"]["enroll"]])
    await journey.co_guardian(pat, "Max", eve)
    await journey.settle()
    await _merge(journey, pat, "Tom", "Max")
    await _forget(journey, pat)
    assert await _guardianless() == []

    # findings24 11: the claim's record no longer says Pat is Tom's guardian.
    claims = [t for t in _bot_said(journey, office) if t.startswith("Claim in")]
    assert claims == [
        "Claim in Class 1A: Tom was claimed by a parent who has since left facedrop.\n\n"
        "✅ Approved by Poster."
    ], claims
    assert [t for t in _bot_said(journey, office) if "Pat" in t] == []

    # findings24 9: Eve's /history offers no Undo of Pat's merge; the claim's matches she
    # may undo, and Tom stays hers.
    history = await journey.reply_to(eve, "/history")
    assert NO_GUARDIAN in history["text"], history["text"]
    assert _undos(history), labels(history)
    while _undos(history):
        assert (await journey.press(eve, history, _undos(history)[0]))["text"] == "Undone."
        await journey.settle()
        history = await journey.reply_to(eve, "/history")
        assert NO_GUARDIAN in history["text"], history["text"]
    assert await _guardianless() == []
    (tom,) = await Person.filter(name="Tom")
    assert tom.status == PersonStatus.ACTIVE
    assert await Guardianship.filter(person_id=tom.id).count() == 1
    await journey.assert_consistent()
