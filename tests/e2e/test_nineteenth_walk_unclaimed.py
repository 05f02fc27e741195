"""findings19 item 13: an /unclaimed list shown in the admin chat kept "1. Tom: 3 faces, a
link is out" with its four buttons after a parent claimed Tom and an organizer approved
the claim; only a press on it redrew it. Now every /unclaimed list still shown in the admin
chat is redrawn when a claim is made, approved or rejected, or a link revoked or expired."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from arq import create_pool

from domain.claims.links import ClaimLinks
from domain.composition.services import build_services
from domain.infra.arq_queue import ArqJobQueue, redis_settings
from domain.infra.models import Claim
from domain.infra.telegram.client import make_bot
from domain.infra.telegram.messenger import make_messenger
from tests.e2e.conftest import Collages, Journey, labels
from tests.e2e.test_claims import _card, _claim, _class, _name

NONE_LEFT = "No named child is waiting to be claimed in Class 1A."


async def _unclaimed(journey: Journey, organizer: dict[str, Any], office: dict[str, Any]) -> Any:
    await journey.settle()
    sent = await journey.says(organizer, "/unclaimed", office["id"])
    (listing,) = await journey.replies(office["id"], sent)
    return listing


async def test_an_open_unclaimed_list_follows_the_claim_and_its_approval(
    journey: Journey, collages: Collages
) -> None:
    poster, pat, _mallory, _group, office = await _class(journey, collages)
    payload = await _name(journey, poster, office)
    listing = await _unclaimed(journey, poster, office)
    assert listing["text"].startswith(
        "Named children not claimed yet in Class 1A:\n1. Tom: 3 faces, a link is out"
    )
    assert labels(listing) == ["1. New link", "Revoke", "Rename", "Delete"]

    question = await _claim(journey, pat, payload)
    before = journey.world.transcript(office["id"])[-1]["message_id"]
    await journey.after_pressing(pat, question, "Yes, that's my child")
    card = await _card(journey, office, before)
    await journey.settle()
    waits = journey.now(listing)
    assert "1. Tom: a parent claimed them; the claim waits for your decision" in waits["text"]
    assert labels(waits) == ["Delete"]

    await journey.press(poster, card, "✅ Approve")
    await journey.settle()
    after = journey.now(listing)
    assert after["text"] == NONE_LEFT, after["text"]
    assert "reply_markup" not in after


async def test_a_revoke_redraws_every_unclaimed_list_shown(
    journey: Journey, collages: Collages
) -> None:
    poster, _pat, _mallory, _group, office = await _class(journey, collages)
    await _name(journey, poster, office)
    older = await _unclaimed(journey, poster, office)
    newer = await _unclaimed(journey, poster, office)
    await journey.press(poster, newer, "Revoke")
    await journey.settle()
    for listing in (older, newer):
        now = journey.now(listing)
        assert "1. Tom: 3 faces, no live link" in now["text"], now["text"]
        assert labels(now) == ["1. New link", "Rename", "Delete"]


async def test_a_rejected_claim_leaves_the_lists_and_is_no_undo_in_the_audit(
    journey: Journey, collages: Collages
) -> None:
    """findings18 item 7 too: /audit offered "↩️ Undo" on a claim's rejection, which deleted
    the child it named and can never be undone (each press: "it has changed since")."""
    poster, pat, _mallory, _group, office = await _class(journey, collages)
    payload = await _name(journey, poster, office)
    listing = await _unclaimed(journey, poster, office)
    question = await _claim(journey, pat, payload)
    before = journey.world.transcript(office["id"])[-1]["message_id"]
    await journey.after_pressing(pat, question, "Yes, that's my child")
    card = await _card(journey, office, before)
    await journey.press(poster, card, "❌ Reject")
    await journey.press(poster, journey.now(card), "Not this child's parent")
    await journey.settle()
    after = journey.now(listing)
    assert after["text"] == NONE_LEFT, after["text"]
    assert "reply_markup" not in after

    sent = await journey.says(poster, "/audit", office["id"])
    (audit,) = await journey.replies(office["id"], sent)
    lines = audit["text"].split("\n")
    (at,) = [n for n, line in enumerate(lines) if line.endswith("Poster rejected a claim")]
    assert lines[at + 1].strip() == (
        "A rejected claim can't be undone: the child it named was deleted with it."
    ), audit["text"]
    number = lines[at].split(".")[0]
    assert f"↩️ Undo {number}" not in labels(audit), labels(audit)


@contextlib.asynccontextmanager
async def claim_links_of(journey: Journey) -> AsyncIterator[ClaimLinks]:
    """The worker's sweep of expired claim links as the composition root builds it, on
    the same Telegram, Redis and Postgres."""
    stack = journey.stack
    assert stack is not None and stack.redis is not None
    bot = make_bot(journey.settings)
    messenger = make_messenger(bot, stack.redis, journey.settings.telegram)
    pool = await create_pool(redis_settings(journey.settings.redis_url or ""))
    try:
        yield build_services(stack, journey.settings, messenger, ArqJobQueue(pool)).claim_links
    finally:
        await pool.aclose()
        await bot.session.close()


async def test_a_link_that_expires_redraws_the_lists_shown(
    journey: Journey, collages: Collages
) -> None:
    poster, _pat, _mallory, _group, office = await _class(journey, collages)
    await _name(journey, poster, office)
    listing = await _unclaimed(journey, poster, office)
    assert "1. Tom: 3 faces, a link is out" in listing["text"]
    await Claim.all().update(expires_at=datetime.now(UTC) - timedelta(hours=1))
    async with claim_links_of(journey) as sweep:
        assert await sweep.expire_due() in (0, 1)  # 0: the worker's own sweep came first
    now = journey.now(listing)
    assert "1. Tom: 3 faces, its link expired on " in now["text"], now["text"]
    assert labels(now) == ["1. New link", "Rename", "Delete"]
