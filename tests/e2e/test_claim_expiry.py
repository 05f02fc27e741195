"""A claim link expires unused: the organizer's private message that handed it says so
(in their language, with the date), /unclaimed lists it as expired, and a new link made
after it is live. Where the link was handed is kept in Postgres, so a Redis flush loses
nothing; a message the organizer deleted is skipped; a link used just before it expired
stays "used". The clock is moved by moving the link's expiry into the past, and the
worker's sweep (``ClaimLinks.expire_due``, a cron job) run on the same Telegram."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.claims.links import ClaimLinks
from domain.claims.unclaimed import scrub_names
from domain.infra.models import Claim, Participant
from domain.infra.stores.claims import TortoiseClaimStore
from domain.infra.telegram.client import make_bot
from domain.infra.telegram.messenger import make_messenger
from tests.e2e.conftest import Collages, Journey, labels
from tests.e2e.test_claims import INVALID, LINK, _card, _claim, _class, _name, _open, _until

EXPIRED_LINK = re.compile(
    r"^The claim link for Tom in Class 1A expired on \w{3} \d{1,2} \d\d:\d\d UTC without "
    r"being used, so it no longer works\. To make a new one, send /unclaimed in the admin "
    r"chat and press “New link”\.$"
)
CYRILLIC = re.compile("[\u0400-\u04ff]")


@contextlib.asynccontextmanager
async def sweep_of(journey: Journey) -> AsyncIterator[ClaimLinks]:
    """The worker's sweep of expired claim links, on the same Telegram and Postgres."""
    assert journey.stack is not None and journey.stack.redis is not None
    bot = make_bot(journey.settings)
    try:
        messenger = make_messenger(bot, journey.stack.redis, journey.settings.telegram)
        yield ClaimLinks(messenger, TortoiseClaimStore(scrub_names))
    finally:
        await bot.session.close()


async def _expire(claim_id: Any) -> None:
    """The clock moved past the claim's link: it expired an hour ago."""
    await Claim.filter(id=claim_id).update(expires_at=datetime.now(UTC) - timedelta(hours=1))


def _link_message(journey: Journey, organizer: dict[str, Any], payload: str) -> dict[str, Any]:
    (handed,) = [
        m for m in journey.world.transcript(organizer["id"]) if payload in m.get("text", "")
    ]
    return handed


async def _listing(journey: Journey, organizer: dict[str, Any], office: dict[str, Any]) -> Any:
    sent = await journey.says(organizer, "/unclaimed", office["id"])
    (listing,) = await journey.replies(office["id"], sent)
    return listing


async def test_an_expired_link_says_so_where_it_was_handed_and_a_new_one_is_live(
    journey: Journey, collages: Collages
) -> None:
    poster, pat, _mallory, _group, office = await _class(journey, collages)
    payload = await _name(journey, poster, office)
    handed = _link_message(journey, poster, payload)
    (claim,) = await Claim.all()
    # Pat opened the link in time, and agrees only once it has expired.
    offer = await _open(journey, pat, payload)
    assert offer["text"].startswith("An organizer of Class 1A sent you a claim link")
    await _expire(claim.id)

    # The link no longer works, whenever it was opened.
    (late,) = await journey.after_pressing(pat, offer, "I agree")
    assert late["text"].startswith(INVALID), late["text"]
    assert "Is this Tom" not in str(journey.world.transcript(pat["id"]))
    # Refused before anything was recorded of Pat: no consent, no membership.
    assert not await Participant.exists(telegram_user_id=pat["id"])
    reopened = await _open(journey, pat, payload)
    assert reopened["text"].startswith("This claim link has expired"), reopened["text"]
    # Redis forgets everything: the expiry is Postgres's (a sweep, no job per link).
    await journey.redis.flushall()

    # The sweep edits the message that handed it, once.
    async with sweep_of(journey) as sweep:
        assert await sweep.expire_due() in (0, 1)  # 0: the worker's own sweep came first
        assert await sweep.expire_due() == 0
    expired = journey.now(handed)
    assert EXPIRED_LINK.match(expired["text"]), expired["text"]
    assert payload not in expired["text"] and "start=" not in expired["text"]

    # /unclaimed says the link expired (not "no live link", not "a link is out").
    listing = await _listing(journey, poster, office)
    assert "1. Tom: 3 faces, its link expired on " in listing["text"], listing["text"]
    assert "named by Poster" in listing["text"]
    assert labels(listing) == ["1. New link", "Rename", "Delete"]  # nothing to revoke

    # A new link, made after the first expired, is live, and listed so.
    private = journey.last(poster)["message_id"]
    await journey.press(poster, listing, "1. New link")
    await _until(lambda: "a link is out" in journey.now(listing)["text"], "not listed live")
    (fresh,) = await journey.replies(poster["id"], private)
    found = LINK.search(fresh["text"])
    assert found is not None and found.group(1) != payload
    assert EXPIRED_LINK.match(journey.now(handed)["text"])  # the expired one stays so
    assert "a link is out" in (await _listing(journey, poster, office))["text"]
    question = await _claim(journey, pat, found.group(1))
    assert question["caption"].startswith("Is this Tom, your child?")


async def test_a_deleted_message_is_skipped_and_the_organizers_language_is_read(
    journey: Journey, collages: Collages
) -> None:
    poster, _pat, _mallory, _group, office = await _class(journey, collages)
    first = await _name(journey, poster, office)
    (claim,) = await Claim.all()
    # The organizer deleted the message that handed the link: the sweep goes on.
    journey.world.user_deletes(
        poster["id"], poster["id"], _link_message(journey, poster, first)["message_id"]
    )
    await _expire(claim.id)
    async with sweep_of(journey) as sweep:
        assert await sweep.expire_due() in (0, 1)  # 0: the worker's own sweep came first
        assert await sweep.expire_due() == 0
    await claim.refresh_from_db()
    assert claim.link_message_id is None

    # A new link for an organizer who reads Russian: its expiry says so in Russian.
    await Participant.filter(telegram_user_id=poster["id"]).update(language="ru")
    listing = await _listing(journey, poster, office)
    assert "its link expired on" in listing["text"]  # the admin chat's language: English
    private = journey.last(poster)["message_id"]
    await journey.press(poster, listing, "1. New link")
    (fresh,) = await journey.replies(poster["id"], private)
    found = LINK.search(fresh["text"])
    assert found is not None
    # The press handled to its end: the bot records where it handed the link only once
    # Telegram has the message, so a sweep run as the message shows would find no message
    # to edit and leave the link in it (a flake under load).
    await journey.settle()
    await _expire(claim.id)
    async with sweep_of(journey) as sweep:
        assert await sweep.expire_due() in (0, 1)  # 0: the worker's own sweep came first
    told = journey.now(fresh)["text"]
    assert CYRILLIC.search(told) and "/unclaimed" in told and found.group(1) not in told, told


async def test_a_link_used_just_before_it_expired_stays_used(
    journey: Journey, collages: Collages
) -> None:
    poster, pat, _mallory, _group, office = await _class(journey, collages)
    payload = await _name(journey, poster, office)
    handed = _link_message(journey, poster, payload)
    # Redis forgets the conversations: the message that handed the link is still known.
    await journey.redis.flushall()
    question = await _claim(journey, pat, payload)
    before = journey.world.transcript(office["id"])[-1]["message_id"]
    await journey.after_pressing(pat, question, "Yes, that's my child")
    await _card(journey, office, before)  # the claim waits for the organizers
    used = (
        "The claim link for Tom in Class 1A was used, so it no longer works. /unclaimed "
        "lists each named child until a parent's claim of them is approved."
    )
    await _until(lambda: journey.now(handed)["text"] == used, "not told it was used")
    (claim,) = await Claim.all()
    await _expire(claim.id)  # its time ran out just after it was used
    async with sweep_of(journey) as sweep:
        assert await sweep.expire_due() == 0
    assert journey.now(handed)["text"] == used
    listing = await _listing(journey, poster, office)
    # The claim waits for the organizers: said so, not "expired" (nor a new link offered).
    assert "the claim waits for your decision" in listing["text"]
    assert "expired" not in listing["text"]
    assert INVALID not in str(journey.world.transcript(pat["id"]))


async def test_an_expired_link_names_its_group_only_to_a_member_of_it(
    journey: Journey, collages: Collages
) -> None:
    """findings18 15: an expired claim link named its group to whoever opened it; a
    stranger learns only that it expired, a member of the group whom to ask."""
    poster, pat, _mallory, group, office = await _class(journey, collages)
    payload = await _name(journey, poster, office)
    (claim,) = await Claim.all()
    await _expire(claim.id)

    eve = journey.user("Eve")  # in no group of the bot
    told = (await _open(journey, eve, payload))["text"]
    assert told == (
        "This claim link has expired (they work for 48 hours). Ask whoever sent it to you "
        "for a new one."
    )
    assert "Class 1A" not in str(journey.world.transcript(eve["id"]))
    # Pat, a member of the class who joined facedrop, is told whom to ask.
    await journey.join(pat, journey.group_payload(group))
    told = (await _open(journey, pat, payload))["text"]
    assert told == (
        "This claim link has expired (they work for 48 hours). Ask the organizers of "
        "Class 1A for a new one."
    )
