"""What the thirty-third session's walk found untrue once a named child's claim was decided
(findings-walk 7), and an invitation's message once its child was deleted (9).

Olga named Tom with /whois; Dan opened the claim link and said yes; Olga approved. The admin
chat kept the sheet "Named Tom. /unclaimed lists each named child until a parent's claim of
them is approved." and the prompt "Named Tom. /unclaimed can rename Tom until a parent's
claim of them is approved.", and Olga's private chat "The claim link for Tom in Class 1A was
used… /unclaimed lists…": none said it happened, though /unclaimed no longer listed Tom.

Carl used Ann's invitation, then deleted everything with /forget; Ann deleted Alicia, and
"… was used by Carl, so it no longer works" read "… no longer works: since then everything
I had about Alicia was deleted.", as if never used."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from domain.infra.models import Group
from domain.languages import dates
from domain.languages.catalogs import in_language
from tests.e2e.conftest import Collages, Journey
from tests.e2e.steps import delete_person, forget_everything, reads_now, sent_starting
from tests.e2e.test_claims import UNTIL_APPROVED, _card, _claim, _class, _name, _sheets_in

PROMPT = "Named Tom. /unclaimed can rename Tom until a parent's claim of them is approved."
USED = (
    "The claim link for Tom in Class 1A was used, so it no longer works. /unclaimed lists each "
    "named child until a parent's claim of them is approved."
)


def _today(language: str = "en") -> str:
    with in_language(language):
        return dates.day(datetime.now(UTC))


async def _named_and_claimed(
    journey: Journey, collages: Collages
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Poster names Tom and Pat claims him, yes: (poster, office, prompt, link message, the
    claim's card), the three messages read as they were before."""
    poster, pat, _mallory, _group, office = await _class(journey, collages)
    payload = await _name(journey, poster, office)
    link = journey.last(poster)
    (prompt,) = [
        m for m in journey.world.transcript(office["id"]) if m.get("text", "").startswith("Named")
    ]
    assert reads_now(journey, prompt) == PROMPT
    question = await _claim(journey, pat, payload)
    before = journey.world.transcript(office["id"])[-1]["message_id"]
    await journey.after_pressing(pat, question, "Yes, that's my child")
    card = await _card(journey, office, before)
    assert reads_now(journey, link) == USED
    return poster, office, prompt, link, card


async def test_an_approved_claim_is_said_where_the_child_was_named(
    journey: Journey, collages: Collages
) -> None:
    poster, office, prompt, link, card = await _named_and_claimed(journey, collages)
    (sheet,) = _sheets_in(journey, office["id"])
    assert reads_now(journey, sheet) == f"Named Tom. {UNTIL_APPROVED}"

    await journey.press(poster, card, "✅ Approve")
    await journey.settle()
    approved = (
        f"Named Tom. A parent's claim of Tom was approved on {_today()}: Tom is no longer "
        "listed in /unclaimed."
    )
    assert reads_now(journey, sheet) == approved
    assert reads_now(journey, prompt) == (  # not the sheet's sentence again (session 36)
        f"Named Tom. Since a parent's claim of Tom was approved on {_today()}, only their "
        "guardian can rename them."
    )
    assert reads_now(journey, link) == (
        "The claim link for Tom in Class 1A was used, so it no longer works. The organizers "
        f"approved that parent's claim on {_today()}: Tom is no longer listed in /unclaimed."
    )


async def test_a_rejected_claim_is_said_in_hebrew_once_the_group_speaks_it(
    journey: Journey, collages: Collages
) -> None:
    poster, office, prompt, link, card = await _named_and_claimed(journey, collages)
    await journey.press(poster, card, "❌ Reject")
    # An organizer switched the group to Hebrew meanwhile (/settings): its admin chat, and
    # its organizers' private chats where I hold no language of theirs, read Hebrew.
    await Group.filter(title="Class 1A").update(language="he")
    await journey.press(poster, journey.now(card), "Not this child's parent")
    await journey.settle()
    assert _sheets_in(journey, office["id"]) == []  # the named sheet goes with Tom
    day = _today("he")
    assert reads_now(journey, prompt) == (
        f"ניתן שם: Tom. ב-{day} נדחה שיוך של הורה אל Tom, ולכן Tom נמחקו וכבר לא מופיעים "
        "ב-\u2066/unclaimed."  # (a command is kept left-to-right in Hebrew)
    )
    assert reads_now(journey, link) == (
        "כבר השתמשו בקישור השיוך של Tom בקבוצה Class 1A, ולכן הוא כבר לא עובד. המארגנים דחו "
        f"את השיוך הזה ב-{day}, ולכן Tom נמחקו."
    )


async def test_a_child_deleted_while_their_claim_waits_is_said_so(
    journey: Journey, collages: Collages
) -> None:
    poster, office, prompt, link, _card = await _named_and_claimed(journey, collages)
    sent = await journey.says(poster, "/unclaimed", office["id"])
    (listing,) = await journey.replies(office["id"], sent)
    await journey.press(poster, listing, "Delete")
    await journey.settle()
    assert reads_now(journey, prompt) == (
        f"Named Tom. Tom was deleted with /unclaimed on {_today()}: no parent can claim them "
        "any more."
    )
    assert reads_now(journey, link) == (
        "The claim link for Tom in Class 1A was used, so it no longer works. Tom has since "
        "been deleted with /unclaimed, and that parent's claim with them."
    )


async def test_an_invitation_used_by_one_forgotten_since_stays_used_once_its_child_goes(
    journey: Journey,
) -> None:
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    (invite,) = sent_starting(journey, ann, "Carl used the link")
    await forget_everything(journey, carl)
    # Without his name, which went with his data (walk36b 1).
    assert reads_now(journey, invite) == (
        "The link I made here to become a guardian of Alice was used, so it no longer works. "
        'To invite someone else, press the card\'s "Invite co-guardian" again.'
    ), reads_now(journey, invite)

    await delete_person(journey, ann, "Alice")
    assert reads_now(journey, invite) == (
        "The link I made here to become a guardian of Alice was used, so it no longer works. "
        "Alice has since been deleted."
    )
