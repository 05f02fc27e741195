"""Rejections, approvals and bans tell the truth (issue 32 leftovers), through the
emulator: a co-guardian of a child the organizers of its only group rejected is promised
no photos, at accepting the invitation nor on the child's card; the rejection undone from
/audit redraws the rejection notice and tells the guardians who get its photos, once; a
parent unbanned and not back in the group is told photos come once back."""

from __future__ import annotations

from functools import partial
from typing import Any

from domain.moderation import texts
from tests.e2e.conftest import CAST, Collages, Journey, labels, photo_bytes
from tests.e2e.test_approvals import add_member, alice_waiting, cards, said
from tests.e2e.test_bans_and_pause import _says_in

X, SARA = CAST["angelina"], CAST["scarlett"]


def _since(journey: Journey, user: dict[str, Any], after: int) -> list[dict[str, Any]]:
    """The bot's new messages (not edits) in ``user``'s chat after ``after``."""
    return [
        m
        for m in journey.world.transcript(user["id"])
        if m["from"]["is_bot"] and m["message_id"] > after
    ]


def accepted(journey: Journey, user: dict[str, Any]) -> str:
    """What accepting an invitation told ``user``."""
    (told,) = [
        m["text"]
        for m in journey.world.transcript(user["id"])
        if m["from"]["is_bot"] and m.get("text", "").startswith("You're now a guardian")
    ]
    return str(told)


def _invitation(journey: Journey, user: dict[str, Any]) -> str:
    """The invitation ``user`` opened."""
    (offer,) = [
        m["text"]
        for m in journey.world.transcript(user["id"])
        if m["from"]["is_bot"] and "invited you" in m.get("text", "")
    ]
    return str(offer)


def _told_of(journey: Journey, owner: dict[str, Any], who: str) -> str | None:
    """What ``owner`` was told of ``who`` accepting an invitation (None: nothing yet)."""
    told = [
        m["text"]
        for m in journey.world.transcript(owner["id"])
        if m["from"]["is_bot"] and m.get("text", "").startswith(f"{who} is now also a guardian")
    ]
    return str(told[-1]) if told else None


def _reads(journey: Journey, user: dict[str, Any], words: str) -> bool:
    """Whether what accepting an invitation told ``user`` says ``words`` now."""
    return words in accepted(journey, user)


def _was_told_of(journey: Journey, owner: dict[str, Any], who: str) -> bool:
    return _told_of(journey, owner, who) is not None


async def test_a_co_guardian_of_a_child_rejected_in_its_only_group_is_promised_nothing(
    journey: Journey,
) -> None:
    poster, group, office, ann, card = await alice_waiting(journey)
    await journey.press(poster, card, texts.reject_button())
    await journey.press(poster, journey.now(card), "Unsuitable photos")

    # Bob, in no group, accepts Ann's invitation: Alice's only group rejected her, so
    # nothing comes to him (it said "You'll get their photos and clips from the groups
    # you're in (join a group through its link first)", and the card "open my link").
    bob = journey.user("Bob")
    await journey.co_guardian(ann, "Alice", bob)
    assert accepted(journey, bob) == (
        "You're now a guardian of Alice, but no photos or clips of Alice come to you: the "
        "organizers of Alice's group did not approve Alice, and you are in none of my groups."
    )
    nowhere = (
        "not approved by the organizers of Alice's group: no photos or clips of Alice come to you"
    )
    assert f"Alice · {nowhere}" in said(await journey.card(bob, "Alice"))
    assert f"Alice: {nowhere}" in (await journey.reply_to(bob, "/persons"))["text"]
    # His invitation said so before he accepted, and Ann is told so of him (she read "They
    # will get Alice's photos and clips once they join a group through its link").
    assert (
        "The organizers of Alice's group have not approved Alice: no photos or clips of Alice "
        "come to you until they do."
    ) in _invitation(journey, bob)
    unapproved = (
        "{who} is now also a guardian of Alice: they accepted an invitation. No photos or clips "
        "of Alice come to them while the organizers of Alice's group have not approved Alice."
    )
    await journey.until(lambda: _told_of(journey, ann, "Bob") is not None)
    assert _told_of(journey, ann, "Bob") == unapproved.format(who="Bob")

    # Dan is in Class 1A (Telegram says) but never opened its link: not "you are in none of
    # my groups".
    dan = journey.user("Dan")
    await add_member(journey, group, dan)
    await journey.co_guardian(ann, "Alice", dan)
    assert accepted(journey, dan) == (
        "You're now a guardian of Alice, but no photos or clips of Alice come to you: the "
        "organizers of Class 1A, which you're in, did not approve Alice."
    )
    await journey.until(lambda: _told_of(journey, ann, "Dan") is not None)
    assert _told_of(journey, ann, "Dan") == unapproved.format(who="Dan")
    # Nor does his card say "and not in any of your groups" (issue 32).
    assert f"Alice · {nowhere}\n" in said(await journey.card(dan, "Alice"))

    # Carl, a member of Class 1A, accepts one too: told Class 1A did not approve Alice.
    carl = journey.user("Carl")
    await add_member(journey, group, carl)
    await journey.join(carl, journey.group_payload(group))
    await journey.co_guardian(ann, "Alice", carl)
    assert accepted(journey, carl) == (
        "You're now a guardian of Alice. The organizers of Class 1A did not approve Alice, so "
        "no photos or clips of Alice come to you from there until they do."
    )
    # Ann reads that Alice is not approved there either (issue 32: only that its
    # organizers approve new co-guardians first).
    await journey.until(lambda: _told_of(journey, ann, "Carl") is not None)
    assert _told_of(journey, ann, "Carl") == (
        "Carl is now also a guardian of Alice: they accepted an invitation. In Class 1A its "
        "organizers approve new co-guardians first, and have not approved Alice there "
        "either; I'll tell you when they decide."
    )

    # His waiting for the organizers' approval says Alice is not approved there either.
    waiting = (
        "⏳ You, as a guardian of Alice, need the approval of the organizers of Class 1A, and "
        "Alice is not approved there either: nothing of Alice comes from there until they "
        "approve Alice and you."
    )
    await journey.until(
        lambda: any(
            m.get("text", "").startswith("⏳") for m in journey.world.transcript(carl["id"])
        )
    )
    (told,) = [
        m["text"]
        for m in journey.world.transcript(carl["id"])
        if m.get("text", "").startswith("⏳")
    ]
    assert told.startswith(waiting), told
    # Dan opens Class 1A's link now: he waits for his own approval there too.
    await journey.join(dan, journey.group_payload(group))
    await journey.until(
        lambda: any(m.get("text", "").startswith("⏳") for m in journey.world.transcript(dan["id"]))
    )
    await journey.settle()
    (dan_waits,) = [
        m for m in journey.world.transcript(dan["id"]) if m.get("text", "").startswith("⏳")
    ]
    assert dan_waits["text"].startswith(waiting), dan_waits["text"]

    # The organizers approve Carl as Alice's guardian, then undo Alice's rejection from
    # /audit (issue 32: nobody but Ann was told, and her "Alice wasn't approved…" stayed
    # as it was, above the approval).
    await journey.until(
        lambda: any("New co-guardian: Carl" in said(c) for c in cards(journey, office))
    )
    (carl_card,) = [c for c in cards(journey, office) if "New co-guardian: Carl" in said(c)]
    await journey.press(poster, carl_card, texts.approve_button())
    await journey.settle()
    (rejection,) = [
        m
        for m in journey.world.transcript(ann["id"])
        if m["from"]["is_bot"] and m.get("text", "").startswith("Alice wasn't approved")
    ]
    ann_before, carl_before = journey.last(ann)["message_id"], journey.last(carl)["message_id"]
    bob_before = journey.last(bob)["message_id"]
    dan_before = journey.last(dan)["message_id"]
    sent = await journey.says(poster, "/audit", office["id"])
    (shown,) = await journey.replies(office["id"], sent)
    (undo,) = [label for label in labels(shown) if label.startswith("↩️ Undo")]
    assert (await journey.press(poster, shown, undo))["text"] == "Undone."
    await journey.replies(carl["id"], carl_before)
    await journey.settle()
    assert journey.now(rejection)["text"] == (
        "Alice wasn't approved by the organizers of Class 1A at first, but they have since "
        "undone their rejection and approved Alice."
    )
    # Each guardian who gets Alice's photos from Class 1A now learns it, once.
    approved = (
        "✅ Alice is approved by the organizers of Class 1A. I'll send you the photos and clips "
        "Alice appears in that are posted there from now on."
    )
    assert [m.get("text") for m in _since(journey, ann, ann_before)] == [approved]
    assert [m.get("text") for m in _since(journey, carl, carl_before)] == [approved]
    # Dan, still waiting for his own approval, gets nothing from there yet: nothing new is
    # said to him, but his "⏳" no longer says Alice is not approved there (issue 32).
    assert _since(journey, dan, dan_before) == []
    assert journey.now(dan_waits)["text"] == (
        "⏳ You, as a guardian of Alice, need the approval of the organizers of Class 1A "
        "before I send photos and clips from there. I'll tell you when they decide."
    )
    # Bob, in no group, is told nothing: his card says what is true of him now.
    assert _since(journey, bob, bob_before) == []
    assert "Alice · no photos or clips of Alice come to you until you open my link" in said(
        await journey.card(bob, "Alice")
    )

    # Once Alice's faces are forgotten, Carl's "✅ … from now on", said at the undo, no
    # longer promises photos either (issue 32: only Ann's own notices were redrawn).
    (ann_approved,) = _since(journey, ann, ann_before)
    (carl_approved,) = _since(journey, carl, carl_before)
    (question,) = await journey.after_pressing(
        ann, await journey.card(ann, "Alice"), "Forget faces"
    )
    await journey.press(ann, question, "Yes, delete")
    await journey.until(
        lambda: said(journey.now(carl_approved)).startswith("Since then every face of Alice")
    )

    # Ann merges Alice into Amy, who waits for the organizers: the "✅ Alice is approved…
    # from now on" that Ann and Carl read says Amy waits (issue 32: it still promised the
    # photos, Carl's, from /audit's undo, and Ann's, of a child merged into one waiting).
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    await journey.until(lambda: any("New person: Amy" in said(c) for c in cards(journey, office)))
    amy = await journey.card(ann, "Amy")
    (choose,) = await journey.after_pressing(ann, amy, "Merge")
    await journey.press(ann, choose, "Alice")
    await journey.until(lambda: labels(journey.now(choose))[0].startswith("Merge, keep"))
    await journey.press(ann, journey.now(choose), "Merge, keep Amy")
    await journey.settle()
    waits = (
        "✅ The organizers of Class 1A approved Alice, merged since into Amy. Amy still needs "
        "their approval, though: nothing of Amy comes from there until then."
    )
    assert journey.now(ann_approved)["text"] == waits, journey.now(ann_approved)["text"]
    assert journey.now(carl_approved)["text"] == waits, journey.now(carl_approved)["text"]
    # Amy approved, Ann's says what comes now.
    (amys,) = [c for c in cards(journey, office) if "New person: Amy" in said(c)]
    await journey.press(poster, journey.now(amys), texts.approve_button())
    await journey.settle()
    assert journey.now(ann_approved)["text"] == (
        "✅ The organizers of Class 1A approved Alice, merged since into Amy. I'll send you "
        "the photos and clips Amy appears in that are posted there from now on."
    ), journey.now(ann_approved)["text"]


async def test_a_parent_unbanned_and_not_back_is_told_photos_come_once_back(
    journey: Journey, collages: Collages
) -> None:
    """Approved while unbanned and not back in the group, Ann was told "I'll send you the
    photos and clips Alice appears in that are posted there from now on": nothing came
    until she opened the link again."""
    poster, group, office, ann, card = await alice_waiting(journey)
    # While the organizers have not decided on Alice, nothing of her comes to a co-guardian:
    # Bob, in no group, was told "You'll get their photos and clips from the groups you're
    # in", Eve, in Class 1A (Telegram says), "… once you open its link", and Ann that each
    # "will get Alice's photos and clips once they join a group" (open its link).
    bob, eve = journey.user("Bob"), journey.user("Eve")
    await add_member(journey, group, eve)
    for guardian in (bob, eve):
        await journey.co_guardian(ann, "Alice", guardian)
        assert (
            "The organizers of Alice's group have not approved Alice: no photos or clips of "
            "Alice come to you until they do."
        ) in _invitation(journey, guardian)
        who = guardian["first_name"]
        await journey.until(partial(_was_told_of, journey, ann, who))
        assert _told_of(journey, ann, who) == (
            f"{who} is now also a guardian of Alice: they accepted an "
            "invitation. No photos or clips of Alice come to them while the organizers of "
            "Alice's group have not approved Alice."
        )
    assert accepted(journey, bob) == (
        "You're now a guardian of Alice, but no photos or clips of Alice come to you while the "
        "organizers of Alice's group have not approved Alice."
    )
    assert accepted(journey, eve) == (
        "You're now a guardian of Alice, but no photos or clips of Alice come to you while the "
        "organizers of Alice's group have not approved Alice; once they do, they come from the "
        "groups you're in after you open each one's link:\nClass 1A: "
        f"https://t.me/facedrop_test_bot?start={journey.group_payload(group)}"
    )
    assert (await _says_in(journey, office, poster, "/ban @ann")).startswith("Class 1A: Ann")
    assert "no longer banned" in await _says_in(journey, office, poster, "/unban @ann")
    before = journey.last(ann)["message_id"]
    await journey.press(poster, journey.now(card), texts.approve_button())
    (told,) = await journey.replies(ann["id"], before)
    assert told["text"] == (
        "✅ Alice is approved by the organizers of Class 1A. I'll send you the photos and clips "
        "Alice appears in that are posted there once you're back in the group: tap the button "
        "under my welcome there."
    ), told["text"]
    # Bob and Eve accepted while Alice waited: what they read says the organizers approved
    # her since, without naming a group Bob is not in (walkhe2 8: "… until they do" stayed).
    since = (
        "When you accepted, the organizers of Alice's group had not approved Alice. They have "
        "since approved Alice. /persons says where the photos and clips of Alice come to you "
        "from now."
    )
    for guardian in (bob, eve):
        await journey.until(partial(_reads, journey, guardian, since))
        assert accepted(journey, guardian) == f"You're now a guardian of Alice. {since}"
        assert _invitation(journey, guardian).startswith(
            f"Ann invited you to receive the photos and clips of Alice.\n\n{since}\n\n"
        ), _invitation(journey, guardian)
    # Back through the link: what she reads then is true, and the next photo reaches her.
    before = journey.last(ann)["message_id"]
    await journey.join(ann, journey.group_payload(group))
    back = [m.get("text", "") for m in await journey.replies(ann["id"], before)]
    assert back[0].startswith(
        "You're in: I'll look for Alice in Class 1A, and send you the photos and clips they are in."
    ), back
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1

    # Carl, in Class 1A, becomes Alice's co-guardian: the organizers approve him first.
    carl = journey.user("Carl")
    await add_member(journey, group, carl)
    await journey.join(carl, journey.group_payload(group))
    await journey.co_guardian(ann, "Alice", carl)
    await journey.until(
        lambda: any("New co-guardian: Carl" in said(c) for c in cards(journey, office))
    )
    assert "Carl (waiting for approval in Class 1A)" in said(await journey.card(ann, "Alice"))
    # Banned, he is in no group of Ann's: not "waiting for approval in Class 1A" there, but
    # turned off there (walk32 3: named plainly, he read as getting the photos there).
    assert (await _says_in(journey, office, poster, "/ban @carl")).startswith("Class 1A: Carl")
    assert (
        "Guardians: Ann (you), Bob, Eve, Carl (turned off by the organizers of Class 1A)\n"
    ) in said(await journey.card(ann, "Alice"))
    # Unbanned and not back, he is approved: Ann is not told he "now gets" Alice's photos.
    assert "no longer banned" in await _says_in(journey, office, poster, "/unban @carl")
    (carl_card,) = [c for c in cards(journey, office) if "New co-guardian: Carl" in said(c)]
    before = journey.last(ann)["message_id"]
    await journey.press(poster, journey.now(carl_card), texts.approve_button())
    (told,) = await journey.replies(ann["id"], before)
    assert told["text"] == (
        "The organizers of Class 1A approved Carl as a guardian of Alice, but Carl is not in "
        "the group now: Carl gets Alice's photos and clips from there once back in it."
    ), told["text"]

    # Eve opens Class 1A's link and the organizers do not approve her as Alice's guardian:
    # her lines no longer promise photos from there (walkhe2 8).
    await journey.join(eve, journey.group_payload(group))
    await journey.until(
        lambda: any("New co-guardian: Eve" in said(c) for c in cards(journey, office))
    )
    (eve_card,) = [c for c in cards(journey, office) if "New co-guardian: Eve" in said(c)]
    await journey.press(poster, eve_card, texts.reject_button())
    await journey.press(poster, journey.now(eve_card), "Other: talk to us")
    refused = (
        " The organizers of Class 1A, which you're in, have since decided not to approve you as "
        "a guardian of Alice: no photos or clips of Alice come to you from there."
    )
    await journey.until(lambda: refused in accepted(journey, eve))
    assert accepted(journey, eve) == (
        "You're now a guardian of Alice. When you accepted, the organizers of Alice's group "
        f"had not approved Alice. They have since approved Alice.{refused}"
    )
    assert refused in _invitation(journey, eve)
