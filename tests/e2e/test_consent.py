"""Consent as a person reads it: short first (what facedrop does, what it keeps, for how
long in this group, how to delete), every detail one tap away, and the same facts for
everyone who will receive photos: a parent joining a group, a co-guardian accepting an
invitation, and anyone joining a further group (its retention is new to them)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

from domain.enrollment import texts as enrollment_texts
from domain.infra.models import Group
from domain.languages import markup
from domain.onboarding import texts
from domain.persons import texts as persons_texts
from tests.e2e.conftest import CAST, Journey, data_of, labels, photo_bytes

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
    assert "What I do: I look for your people (usually your child) in the photos" in said
    assert "What I keep: names, measurements of faces" in said
    assert (
        "In Class 1A, its organizers have me delete the faces found in its photos and clips 30 "
        "days after they were posted" in said
    )
    assert "/forget deletes everything about you at any time" in said
    assert labels(consent) == ["I agree", DETAILS]

    (details,) = await journey.after_pressing(ann, consent, DETAILS)
    assert details["text"].startswith("What I keep, and why:")
    assert "face measurements (embeddings)" in details["text"]
    assert details["text"].endswith(
        "except the faces you confirm as one of your people (they help me recognize them). "
        "The photos and clips already sent to you stay in your chat."
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
    assert said.startswith("Ann invited you to receive the photos and clips of Alice.")
    assert markup.plain(texts.what_i_do()) in said  # what a parent joining a group reads
    # Bob enrolled no one: the people looked for are his, as /persons calls them (walkhe
    # N6: "the people you enroll" was untrue to him).
    assert "What I do: I look for your people (usually your child) in the photos" in said
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
    assert opened["text"].startswith("You're in: I'll look for Alice in Class 1A")
    assert opened["text"].endswith(
        "In Class 1A, its organizers have me delete the faces found in its photos and clips 30 "
        "days after they were posted, except the faces you confirm as one of your people (they "
        "help me recognize them). The photos and clips already sent to you stay in your chat."
    )
    assert labels(opened) == []


async def _kept(journey: Journey, pattern: str, questions: int = 1) -> None:
    """Wait until the bot keeps ``questions`` consent questions (it records each just after
    sending it: a person never presses that fast, a test may)."""
    for _ in range(200):
        keys = await journey.redis.keys(pattern)
        shown = json.loads(await journey.redis.get(keys[0]) or "{}") if keys else {}
        if len(shown.get("shown", [])) >= questions:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"not kept under {pattern}")


def _agreed_today() -> str:
    return markup.plain(texts.agreed(datetime.now(UTC)))


async def test_a_consent_question_says_it_was_answered_whichever_way(journey: Journey) -> None:
    """Once agreed (the button, /agree, or accepting an invitation), every consent question
    in the chat says so, instead of "Do you agree? Tap the button"."""
    ann, bea, carl, poster = (journey.user(n) for n in ("Ann", "Bea", "Carl", "Poster"))
    _, payload = await journey.group_with_bot("Class 1A", poster, [ann, bea, carl])
    _, payload_2 = await journey.group_with_bot("Class 1B", poster, [ann])
    welcome = "Welcome! You're joining Class 1A."

    # The button: the question becomes the answer; the details stay one tap away.
    first = await journey.reply_to(ann, f"/start {payload}")
    second = await journey.reply_to(ann, f"/start {payload}")  # opened twice
    other = await journey.reply_to(ann, f"/start {payload_2}")  # and another group's
    await _kept(journey, f"facedrop:fsm:*{ann['id']}:consent:data", questions=3)
    assert "Do you agree? Tap the button or send /agree." in first["text"]
    await journey.after_pressing(ann, second, "I agree")
    for question in (first, second, other):
        now = await journey.edited(journey.now(question))
        assert "Do you agree" not in now["text"]
        assert now["text"].endswith(_agreed_today()), now["text"]
        assert labels(now) == [DETAILS]
    assert journey.now(first)["text"].startswith(welcome)
    assert journey.now(other)["text"].startswith("Welcome! You're joining Class 1B.")

    # /agree, typed, after an enrollment was started and cancelled meanwhile.
    asked = await journey.reply_to(bea, f"/start {payload}")
    await journey.reply_to(bea, "/cancel")
    assert "You're in" in (await journey.reply_to(bea, "/agree"))["text"]
    now = await journey.edited(journey.now(asked))
    assert now["text"].startswith(welcome) and now["text"].endswith(_agreed_today())
    assert labels(now) == [DETAILS]

    # Accepting an invitation is agreeing: Carl's open question says so too.
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    asked = await journey.reply_to(carl, f"/start {payload}")
    offer = await journey.reply_to(carl, f"/start {await journey.invite_link(ann, 'Alice')}")
    (accepted,) = await journey.after_pressing(carl, offer, "Accept")
    assert "You're now a guardian of Alice" in accepted["text"]
    now = await journey.edited(journey.now(asked))
    assert now["text"].endswith(_agreed_today()) and labels(now) == [DETAILS]
    # The invitation's own "Accept?" is answered in place too.
    offer_now = journey.now(offer)
    assert offer_now["text"].startswith("Ann invited you to receive the photos and clips of Alice.")
    assert offer_now["text"].endswith(
        markup.plain(persons_texts.invitation_accepted(datetime.now(UTC)))
    )
    assert "Accept?" not in offer_now["text"] and labels(offer_now) == [DETAILS]


async def test_a_parent_who_agreed_is_not_asked_again_when_invited(journey: Journey) -> None:
    """Consent is the person's, once per terms (``has_consented``): a parent who agreed in a
    group and is then invited to share another child reads the invitation, not the terms."""
    ann, _, group = await journey.class_with_alice()
    dan = journey.user("Dan")
    await journey.world.set_member_status(group["id"], dan["id"], "member")
    await journey.join(dan, journey.group_payload(group))
    offer = await journey.reply_to(dan, f"/start {await journey.invite_link(ann, 'Alice')}")
    assert offer["text"] == (
        "Ann invited you to receive the photos and clips of Alice.\n\n"
        "You agreed to how I work already (/privacy has every detail). Accept?"
    )
    assert labels(offer) == ["Accept", DETAILS]
    (accepted,) = await journey.after_pressing(dan, offer, "Accept")
    assert "You're now a guardian of Alice" in accepted["text"]


async def test_a_co_guardian_is_told_whom_she_gets_and_the_owner_when_it_is_true(
    journey: Journey,
) -> None:
    """Bea, invited to Alice before she is in any group: Ann is told Bea gets Alice's photos
    once she joins, and told again when she does; Bea, joining, is told she gets Alice's
    photos there, and /add only for another child."""
    ann, _, group = await journey.class_with_alice()
    bea = journey.user("Bea")
    offer = await journey.reply_to(bea, f"/start {await journey.invite_link(ann, 'Alice')}")
    before = journey.last(ann)
    await journey.after_pressing(bea, offer, "Accept")
    (told,) = await journey.replies(ann["id"], before)
    assert told["text"] == (
        "Bea is now also a guardian of Alice: they accepted an invitation. They will get "
        "Alice's photos and clips once they join a group through its link; I'll tell you when "
        "they do."
    )

    await journey.world.set_member_status(group["id"], bea["id"], "member")
    before = journey.last(ann)
    opened = await journey.reply_to(bea, f"/start {journey.group_payload(group)}")
    assert opened["text"].startswith(
        "You're in: I'll look for Alice in Class 1A, and send you the photos and clips they are "
        "in.\n"
        "To enroll another child, use /add."
    )
    assert "Use /add to enroll your child" not in opened["text"]
    (told,) = await journey.replies(ann["id"], before)
    assert told["text"] == "Bea now gets the photos and clips of Alice from Class 1A."

    # A second group of Bea's is no news to Ann (she was told once, as promised).
    coach = journey.user("Coach")
    _, football = await journey.group_with_bot("Football", coach, [bea])
    before = journey.last(ann)
    assert (
        "You're in: I'll look for Alice in Football"
        in (await journey.reply_to(bea, f"/start {football}"))["text"]
    )
    later = journey.world.transcript(ann["id"])
    assert [m["text"] for m in later if m["message_id"] > before["message_id"]] == []


async def test_a_question_answered_after_a_redis_flush_says_so_and_forget_keeps_nothing(
    journey: Journey,
) -> None:
    """The questions shown are kept in Redis, beside the conversation: lost (a flush), the
    pressed question still becomes its answer; /forget takes what was kept with it."""
    ann, bea, poster = journey.user("Ann"), journey.user("Bea"), journey.user("Poster")
    _, payload = await journey.group_with_bot("Class 1A", poster, [ann, bea])
    kept = f"facedrop:fsm:*{ann['id']}:consent:data"
    question = await journey.reply_to(ann, f"/start {payload}")
    await _kept(journey, kept)  # recorded just after the question is sent
    await journey.redis.delete(*await journey.redis.keys(kept))
    await journey.after_pressing(ann, question, "I agree")
    now = await journey.edited(journey.now(question))
    assert now["text"].startswith("Welcome! You're joining Class 1A.")
    assert now["text"].endswith(_agreed_today()) and labels(now) == [DETAILS]
    assert "Do you agree" not in now["text"]

    # Bea is asked, never agrees, and has everything forgotten: nothing of hers stays.
    await journey.reply_to(bea, f"/start {payload}")
    await _kept(journey, f"facedrop:fsm:*{bea['id']}:consent:data")
    await journey.reply_to(bea, "/forget confirm")
    assert await journey.redis.keys(f"facedrop:fsm:*{bea['id']}*") == []


async def test_a_message_sent_right_after_agreeing_finds_the_agreement(journey: Journey) -> None:
    """ "I agree", then /add at once, before the bot has answered the button: a person's
    updates are handled in the order they were sent, so /add finds the agreement (it was
    answered "agree first" while both were handled at once)."""
    ann, poster = journey.user("Ann"), journey.user("Poster")
    _, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    consent = await journey.reply_to(ann, f"/start {payload}")
    await journey.world.press_button(
        ann["id"], ann["id"], consent["message_id"], data_of(consent, "I agree"), wait=0
    )
    asked = await journey.says(ann, "/add Alice")
    # The agreement's answer ("You're in"), then /add's, each once, in that order.
    said = [m["text"] for m in await journey.replies(ann["id"], asked, count=2)]
    assert said[0].startswith("You're in: I'll look for your people in Class 1A."), said
    assert said[1] == markup.plain(enrollment_texts.ask_photos("Alice")), said
