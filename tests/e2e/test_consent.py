"""Consent as a person reads it: short first (what facedrop does, what it keeps, for how
long in this group, how to delete), every detail one tap away, and the same facts for
everyone who will receive photos: a parent joining a group, a co-guardian accepting an
invitation, and anyone joining a further group (its retention is new to them)."""

from __future__ import annotations

from domain import texts
from domain.infra.models import Group
from tests.e2e.conftest import CAST, Journey, labels

X = CAST["angelina"]
DETAILS = "What exactly is stored?"
SHORT = 150  # words: the consent a parent reads before agreeing (it used to be 590)


def _words(text: str) -> int:
    return len(text.split())


async def test_consent_is_short_with_every_detail_one_tap_away(journey: Journey) -> None:
    ann, poster = journey.user("Ann"), journey.user("Poster")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    await Group.filter(chat_id=group["id"]).update(retention_days=30)
    consent = await journey.reply_to(ann, f"/start {payload}")
    said = consent["text"]
    assert _words(said) <= SHORT, _words(said)
    assert "What I do: I look for the people you enroll" in said
    assert "What I keep: names, measurements of faces" in said
    assert (
        "In Class 1A, its organizers have me delete the faces found in its photos 30 days "
        "after they were posted" in said
    )
    assert "/forget deletes everything about you at any time" in said
    assert labels(consent) == ["I agree", DETAILS]

    (details,) = await journey.after_pressing(ann, consent, DETAILS)
    assert details["text"].startswith("What I keep, and why:")
    assert "face measurements (embeddings)" in details["text"]
    assert details["text"].endswith(
        "except the faces you confirm as one of your people (they help me recognize them). "
        "The photos already sent to you stay in your chat."
    )
    # Pressed again, the same details again (nothing is spent).
    (again,) = await journey.after_pressing(ann, consent, DETAILS)
    assert again["text"] == details["text"]

    # Agreeing takes "I agree" away; the details stay one tap away.
    (joined,) = await journey.after_pressing(ann, consent, "I agree")
    assert joined["text"].startswith("You're in: I'll look for your people in Class 1A.")
    assert labels(journey.now(consent)) == [DETAILS]
    # /privacy says the same, for the groups Ann is in; her menu offers it.
    assert (await journey.reply_to(ann, "/privacy"))["text"] == details["text"]
    menu = {
        c["command"]: c["description"] for c in journey.world.commands_for(ann["id"], ann["id"])
    }
    assert menu["privacy"] == "what exactly I store, and for how long"


async def test_a_co_guardian_reads_the_same_facts_and_each_groups_retention(
    journey: Journey,
) -> None:
    ann, _, group = await journey.class_with_alice()
    await Group.filter(chat_id=group["id"]).update(retention_days=30)
    bob = journey.user("Bob")
    offer = await journey.reply_to(bob, f"/start {await journey.invite_link(ann, 'Alice')}")
    said = offer["text"]
    assert said.startswith("You've been invited to receive the photos of Alice.")
    assert texts.plain(texts.what_i_do()) in said  # what a parent joining a group reads
    assert "up to its organizers: I tell you when you join the group" in said
    assert _words(said) <= SHORT
    assert labels(offer) == ["Accept", DETAILS]
    (details,) = await journey.after_pressing(bob, offer, DETAILS)
    assert details["text"].startswith("What I keep, and why:")

    (accepted,) = await journey.after_pressing(bob, offer, "Accept")
    assert "You're now a guardian of Alice" in accepted["text"]
    assert labels(journey.now(offer)) == [DETAILS]

    # Bob joins the group later: he agreed with the invitation, and reads its retention now.
    await journey.world.set_member_status(group["id"], bob["id"], "member")
    opened = await journey.reply_to(bob, f"/start {journey.group_payload(group)}")
    assert opened["text"].startswith("You're in: I'll look for your people in Class 1A.")
    assert opened["text"].endswith(
        "In Class 1A, its organizers have me delete the faces found in its photos 30 days "
        "after they were posted, except the faces you confirm as one of your people (they "
        "help me recognize them). The photos already sent to you stay in your chat."
    )
    assert labels(opened) == []
