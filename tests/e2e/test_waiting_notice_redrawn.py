"""Issue 32, findings27 7 (last part): a co-guardian's "⏳ You, as a guardian of Mia, need
the approval of the organizers…" stayed as it was after the organizers decided, and after
her /forget. It says what was decided since, and at /forget the past."""

from __future__ import annotations

from typing import Any

from domain.languages.catalogs import in_language
from domain.moderation import texts as moderation_texts
from domain.persons import texts as persons_texts
from tests.e2e.conftest import Journey
from tests.e2e.steps import forget_everything
from tests.e2e.test_approvals import add_member, alice_waiting, records, said
from tests.e2e.test_eleventh_walk_guardians import card_of, text_of

WAITING = "⏳"


async def _waiting_notice(journey: Journey, user: dict[str, Any]) -> dict[str, Any]:
    """The bot's "you wait for the organizers" message to ``user``, once sent."""
    await journey.until(
        lambda: any(said(m).startswith(WAITING) for m in journey.world.transcript(user["id"]))
    )
    (notice,) = [m for m in journey.world.transcript(user["id"]) if said(m).startswith(WAITING)]
    return notice


async def _co_guardian_waits(
    journey: Journey, user: dict[str, Any], *, accept: str = "Accept"
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Alice approved in Class 1A; ``user``, a member, accepts Ann's invitation to guard
    her: (the Poster, the admin chat, her waiting notice, Ann)."""
    poster, group, office, ann, card = await alice_waiting(journey)
    await journey.press(poster, card, moderation_texts.approve_button())
    await add_member(journey, group, user)
    opened = await journey.world.open_start_link(user["id"], journey.group_payload(group))
    await journey.replies(user["id"], opened)
    await journey.reply_to(user, "/agree")
    offer = await journey.reply_to(user, f"/start {await journey.invite_link(ann, 'Alice')}")
    await journey.after_pressing(user, offer, accept)
    return poster, office, await _waiting_notice(journey, user), ann


async def test_a_co_guardian_s_waiting_notice_says_she_was_approved_and_then_forgot(
    journey: Journey,
) -> None:
    bea = journey.user("Bea")
    poster, office, notice, ann = await _co_guardian_waits(journey, bea)
    assert "You, as a guardian of Alice, need the approval" in text_of(journey, notice)
    # Ann pauses and resumes Alice: Bea, who gets nothing of her yet, was told "I'll hold
    # new photos… and then offer you the held ones" and "I'll send their photos and clips
    # again" (findings walken4 13).
    before = len(journey.world.transcript(bea["id"]))
    for press in ("Pause", "Resume"):
        await journey.after_pressing(ann, await journey.card(ann, "Alice"), press)
    await journey.settle()
    assert [said(m) for m in journey.world.transcript(bea["id"])[before:]] == []

    await journey.press(
        poster, await card_of(journey, office, "Bea"), moderation_texts.approve_button()
    )
    await journey.until(lambda: not text_of(journey, notice).startswith(WAITING))
    assert text_of(journey, notice) == (
        "You, as a guardian of Alice, waited for the approval of the organizers of "
        "Class 1A: they have since approved you."
    ), text_of(journey, notice)

    approved = text_of(journey, notice)
    await forget_everything(journey, bea)
    await journey.until(lambda: text_of(journey, notice) != approved)
    # In brief: the newest of her messages says it whole (walken7 8: the same line on each).
    assert text_of(journey, notice) == "You were a guardian of Alice.", text_of(journey, notice)


async def test_a_co_guardian_s_waiting_notice_says_so_once_the_owner_removed_her(
    journey: Journey,
) -> None:
    """Issue 32 leftover: Ann removed Bea while Bea's approval waited; the card left the
    admin chat, and Bea's "⏳ … need the approval" still said it waited."""
    bea = journey.user("Bea")
    _poster, office, notice, ann = await _co_guardian_waits(journey, bea)
    await card_of(journey, office, "Bea")  # her approval's card waits in the office
    (guardians,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    assert (await journey.press(ann, guardians, "Remove Bea as a guardian"))["text"] == ("Removed.")
    await journey.until(lambda: not text_of(journey, notice).startswith(WAITING))
    assert text_of(journey, notice) == (
        "You, as a guardian of Alice, waited for the approval of the organizers of Class 1A: "
        "since then you are no longer a guardian of Alice, so there is nothing left for them "
        "to decide."
    ), text_of(journey, notice)
    # Her /forget later leaves it so: she was not a guardian until then.
    await forget_everything(journey, bea)
    assert "no longer a guardian of Alice" in text_of(journey, notice), text_of(journey, notice)


async def test_a_hebrew_co_guardian_s_waiting_notice_says_she_was_rejected(
    journey: Journey,
) -> None:
    dana = journey.world.create_user("דנה", username="dana", language_code="he")
    with in_language("he"):
        accept = persons_texts.accept_invite()
    poster, office, notice, _ann = await _co_guardian_waits(journey, dana, accept=accept)
    assert "ממתינים לאישור המארגנים" in text_of(journey, notice), text_of(journey, notice)

    card = await card_of(journey, office, "דנה")
    await journey.press(poster, card, moderation_texts.reject_button())
    await journey.press(poster, journey.now(card), "Not known as its guardian")
    await journey.until(lambda: not text_of(journey, notice).startswith(WAITING))
    with in_language("he"):
        expected = moderation_texts.waited_for_approval("Alice", "Class 1A", True, approved=False)
    assert text_of(journey, notice) == expected.replace("<b>", "").replace("</b>", "")
    assert "לא לאשר" in expected, expected
    # The admin chat's record says why in the third person (walkhe2 7: it printed her
    # "they don't know you as…" to the organizers).
    (record,) = [r for r in records(journey, office) if "co-guardian" in said(r)]
    assert said(record).endswith(
        "❌ Rejected by Poster: not known to the organizers as one of this child's guardians."
    ), said(record)
