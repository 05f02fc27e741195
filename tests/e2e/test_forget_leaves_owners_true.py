"""Issue 32, last session's leftovers: what an owner's /forget leaves to her co-guardian.

When Ann, Alice's owner, deleted everything with /forget, Carl, her co-guardian, became
Alice's owner (the longest-standing guardian) and nothing told him so: he read only "Ann is
no longer a guardian of Alice", and his "Guardians…" list still said "only Ann can remove
a guardian"."""

from __future__ import annotations

from typing import Any

from domain.infra.models import ForgetNotice, Guardianship, Participant
from domain.states import GuardianRole
from tests.e2e.conftest import Journey

# Without Ann's name, which her /forget took out of every other message (session 37).
OWNER_GONE = (
    "Its previous owner deleted their data with me, so you're now the owner of Alice: you "
    "can invite other guardians, and only you can delete Alice, forget their faces or remove "
    "a guardian."
)


def _plain(text: str) -> str:
    return text.replace("\u2068", "").replace("\u2069", "")


def _said(journey: Journey, message: dict[str, Any]) -> str:
    now = journey.now(message)
    return _plain(str(now.get("text") or now.get("caption") or ""))


async def _forget(journey: Journey, user: dict[str, Any]) -> None:
    question = await journey.reply_to(user, "/forget")
    (done,) = await journey.after_pressing(user, question, "Yes, delete everything")
    assert done["text"].startswith("Everything I had about you is deleted")
    await journey.settle()
    assert not await Participant.exists(telegram_user_id=user["id"])


async def test_an_owners_forget_tells_the_new_owner_and_redraws_his_list(
    journey: Journey,
) -> None:
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    (carls_list,) = await journey.after_pressing(
        carl, await journey.card(carl, "Alice"), "Guardians"
    )
    assert _said(journey, carls_list).endswith("only Ann can remove a guardian."), _said(
        journey, carls_list
    )
    # Ann's invitations: the one Carl used, and a second link she made and never sent.
    (used,) = [
        m
        for m in journey.world.transcript(ann["id"])
        if m["from"]["is_bot"] and m.get("text", "").startswith("Carl used the link")
    ]
    assert _said(journey, used).endswith('press the card\'s "Invite co-guardian" again.')
    payload = await journey.invite_link(ann, "Alice")
    unused = journey.last(ann)
    # Dan opens it and has not answered yet.
    dan = journey.user("Dan")
    offer = await journey.reply_to(dan, f"/start {payload}")
    assert journey.has_button(offer, "Accept")
    (ready,) = [
        m
        for m in journey.world.transcript(ann["id"])
        if m["from"]["is_bot"] and m.get("text", "").startswith("Alice is ready.")
    ]
    assert "(/persons, Alice, Birth date)" in _said(journey, ready)
    assert _said(journey, unused).startswith("Send this link to the other guardian of Alice.")

    # Her lines about Carl ("Carl is now also a guardian… I'll tell you when…", "Carl now
    # gets the photos and clips of Alice…").
    about_carl = [
        m
        for m in journey.world.transcript(ann["id"])
        if m["from"]["is_bot"] and m.get("text", "").startswith(("Carl is now", "Carl now"))
    ]
    assert len(about_carl) == 2

    await _forget(journey, ann)
    await journey.until(lambda: _plain(journey.last(carl).get("text", "")) == OWNER_GONE)
    heir_told = journey.last(carl)
    # They said "too" and "I'll tell you" to one no longer told anything (walkhe2): the
    # newest says so, the older one what it told, in the past (walken7 8: the same line
    # twice).
    assert [_said(journey, m) for m in about_carl] == [
        "Carl accepted an invitation to become a guardian of Alice.",
        "You were a guardian of Alice with Carl until you deleted everything I had about "
        "you: I no longer send you their photos and clips.",
    ]
    # Issue 32 leftovers: no card, nor invitation, is left to Ann to "press Invite again".
    assert _said(journey, used) == (
        "Carl used the link I made here to become a guardian of Alice. Since then you "
        "deleted everything I had about you."
    ), _said(journey, used)
    assert _said(journey, unused) == (
        "The link I made here to become a guardian of Alice no longer works: since then you "
        "deleted everything I had about you."
    ), _said(journey, unused)
    # Dan's "Ann invited you… Accept?": the invitation went with Ann's data, no button left
    # to press (it answered only "This invitation doesn't work").
    assert _said(journey, offer) == (
        "Ann invited you to receive the photos and clips of Alice, then deleted their data "
        "with me: the invitation went with it and no longer works. Another guardian of Alice "
        "can invite you again."
    ), _said(journey, offer)
    assert not journey.now(offer).get("reply_markup"), journey.now(offer)
    # Nor a card to give Alice's birth date on.
    assert _said(journey, ready) == (
        "You were a guardian of Alice until you deleted everything I had about you: I no "
        "longer send you their photos and clips."
    ), _said(journey, ready)
    # One line: not also "Ann is no longer a guardian of Alice".
    said = [_plain(m.get("text", "")) for m in journey.world.transcript(carl["id"])]
    assert not any(t.startswith("Ann is no longer a guardian") for t in said), said
    # His open list says who guards Alice now, and what that means for him.
    await journey.until(lambda: "Ann" not in _said(journey, carls_list))
    assert _said(journey, carls_list) == (
        "The guardians of Alice: Carl (you). If you stop getting their photos and clips, no "
        "guardian is left, so I delete them and everything about them."
    )
    (seat,) = await Guardianship.filter(person__name="Alice")
    assert seat.role == GuardianRole.OWNER
    # Carl's accepted invitation, kept to name Alice as now at a rename, no longer keeps
    # who made it: Ann's data went (her Telegram id with it).
    (accepted,) = await ForgetNotice.filter(kind="accepted", chat_id=carl["id"])
    assert accepted.said is not None and "inviter_id" not in accepted.said, accepted.said

    # Carl, the owner now, deletes everything too (Alice with him, her last guardian): "you're
    # now the owner" no longer stands.
    await _forget(journey, carl)
    assert _said(journey, heir_told) == (
        "You deleted everything I had about you, so you are no longer a guardian here and I "
        "no longer send you photos or clips."
    ), _said(journey, heir_told)


async def test_a_hebrew_heir_reads_it_in_hebrew(journey: Journey) -> None:
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await journey.press(carl, await journey.reply_to(carl, "/language"), "עברית")
    await journey.settle()
    await _forget(journey, ann)
    await journey.until(lambda: "ההורה הראשי" in journey.last(carl).get("text", ""))
    assert _plain(journey.last(carl)["text"]) == (
        "לבקשת ההורה הראשי הקודם מחקתי את כל הנתונים של ההורה הזה, ולכן אתם עכשיו ההורה "
        "הראשי של Alice: אתם יכולים להזמין הורים נוספים, ורק אתם יכולים למחוק את Alice, "
        "למחוק את הפנים או להסיר הורה."
    )


async def test_a_rename_after_a_co_guardians_forget_reaches_the_notices_said_in_the_past(
    journey: Journey,
) -> None:
    """Last session's leftover: what a co-guardian's /forget said in the past ("Carl was a
    guardian of Alice until…") kept the old name after the owner renamed Alice. Carl's name
    went with his data, so the notice no longer names him: from his /forget on (walk36b 1:
    the /forget wrote his name in again), and the message that held the link he used."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await journey.settle()
    promised = [
        m
        for m in journey.world.transcript(ann["id"])
        if m["from"]["is_bot"]
        and m.get("text", "").startswith(("Carl is now also a guardian", "Carl now gets"))
    ]
    assert len(promised) == 2
    (link,) = [
        m
        for m in journey.world.transcript(ann["id"])
        if m["from"]["is_bot"] and _said(journey, m).startswith("Carl used the link I made")
    ]
    await _forget(journey, carl)
    assert [_said(journey, n) for n in promised] == [
        "Someone accepted an invitation to become a guardian of Alice.",
        "Another guardian also got the photos and clips of Alice while they were a guardian.",
    ]
    assert _said(journey, link) == (
        "The link I made here to become a guardian of Alice was used, so it no longer works. "
        'To invite someone else, press the card\'s "Invite co-guardian" again.'
    )

    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Rename")
    assert (await journey.reply_to(ann, "Lia"))["text"] == "Renamed to Lia."
    await journey.until(lambda: all("Lia" in _said(journey, n) for n in promised))
    # Each says what it told, in the past, without the name (nor the news again: walken7
    # 3).
    assert [_said(journey, n) for n in promised] == [
        "Someone accepted an invitation to become a guardian of Lia.",
        "Another guardian also got the photos and clips of Lia while they were a guardian.",
    ]
    assert not any("Carl" in _said(journey, n) for n in promised)
