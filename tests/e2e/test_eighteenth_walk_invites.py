"""findings18 item 14: a co-guardian invitation that expired unused kept its link in the
owner's chat, "Send this link to the other guardian of Alice. It works once, for 48
hours: ...", as if it worked; whoever opened it read "This invitation doesn't work
(anymore)". Now the worker's sweep (``InviteLinks.expire_due``, with the claim links'
cron) edits that message to say it expired and how to make a new one, in the owner's
language. The clock is moved by moving the invitation's expiry into the past."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from functools import partial

from domain.events import EventBus, InvitationEnded
from domain.infra.models import GuardianInvite
from domain.infra.stores.persons import TortoiseGuardianStore
from domain.infra.stores.privacy import TortoiseNoticeStore
from domain.infra.telegram.client import make_bot
from domain.infra.telegram.messenger import make_messenger
from domain.persons.invite_links import InviteLinks
from domain.privacy.notices import Notices, on_invitation_ended
from tests.e2e.conftest import Journey
from tests.e2e.steps import forget_everything

EXPIRED = re.compile(
    r"^The link I made here to become a guardian of Alice expired unused on "
    r"\w{3} \d{1,2} \d\d:\d\d UTC: it no longer works\. To invite someone, press the "
    r"card's \"Invite co-guardian\" again\.$"
)


INVITEE_TOLD = re.compile(
    r"^Ann invited you to receive the photos and clips of Alice\. The invitation expired "
    r"unused on \w{3} \d{1,2} \d\d:\d\d UTC and no longer works; Ann can invite you "
    r"again\.$"
)


@contextlib.asynccontextmanager
async def sweep_of(journey: Journey) -> AsyncIterator[InviteLinks]:
    """The worker's sweep of expired invitations, on the same Telegram and Postgres."""
    assert journey.stack is not None and journey.stack.redis is not None
    bot = make_bot(journey.settings)
    try:
        messenger = make_messenger(bot, journey.stack.redis, journey.settings.telegram)
        # Those who opened a link are told by privacy's notices, as the worker wires them.
        events = EventBus()
        notices = Notices(TortoiseNoticeStore())
        events.subscribe(InvitationEnded, partial(on_invitation_ended, notices, messenger))
        yield InviteLinks(messenger, TortoiseGuardianStore(), events)
    finally:
        await bot.session.close()


async def test_an_invitation_that_expired_unused_says_so_where_it_was_sent(
    journey: Journey,
) -> None:
    ann, _, _ = await journey.class_with_alice()
    dora = journey.user("Dora")
    (invite,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Invite")
    assert invite["text"].startswith("Send this link to the other guardian of Alice.")
    payload = invite["text"].split()[-1].split("start=", 1)[1]
    # The press handled to its end: the bot records where it sent the link only once
    # Telegram has the message; a sweep before that would find no message to edit.
    await journey.settle()
    # Dora opens it and does not answer.
    doras = await journey.reply_to(dora, f"/start {payload}")
    async with sweep_of(journey) as sweep:
        assert await sweep.expire_due() == 0  # still live: left as it is
        assert journey.now(invite)["text"].startswith("Send this link")
        await GuardianInvite.all().update(expires_at=datetime.now(UTC) - timedelta(hours=1))
        # The worker's own sweep (a cron every 5 minutes) may come first: either tells it.
        assert await sweep.expire_due() in (0, 1)
        assert await sweep.expire_due() == 0  # told once
    now = journey.now(invite)
    assert EXPIRED.match(now["text"]), now["text"]
    assert payload not in now["text"] and "start=" not in now["text"]
    # Her "Ann invited you… Accept?" kept its button (issue 32).
    await journey.until(lambda: not journey.now(doras).get("reply_markup"))
    said = journey.now(doras)["text"].replace("\u2068", "").replace("\u2069", "")
    assert INVITEE_TOLD.match(said), said
    # Opened anyway, it still refuses.
    refused = await journey.reply_to(dora, f"/start {payload}")
    assert refused["text"].startswith("This invitation doesn't work"), refused["text"]

    # Issue 32 leftover: after Ann's /forget no card is left to press "Invite" on.
    await forget_everything(journey, ann)
    assert journey.now(invite)["text"] == (
        "The link I made here to become a guardian of Alice no longer works: since then you "
        "deleted everything I had about you."
    ), journey.now(invite)["text"]


async def test_an_expired_invitation_is_told_in_the_owner_s_language(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    await journey.press(ann, await journey.reply_to(ann, "/language"), "עברית")
    (invite,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "הזמנת")
    await journey.settle()  # its message recorded (as above)
    await GuardianInvite.all().update(expires_at=datetime.now(UTC) - timedelta(hours=1))
    async with sweep_of(journey) as sweep:
        assert await sweep.expire_due() in (0, 1)  # 0: the worker's own sweep came first
    text = journey.now(invite)["text"]
    assert "Alice" in text and "expired" not in text and "פג" in text, text


async def test_an_invitation_to_a_child_merged_away_says_into_whom(journey: Journey) -> None:
    """Issue 32 (fixt 5): Dora's unanswered "Ann invited you… Accept?" to guard Alice kept
    its "Accept" after Ann merged Alice into Amy (pressed, it only refused)."""
    from tests.e2e.conftest import CAST, labels, photo_bytes

    ann, _, _ = await journey.class_with_alice()
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in CAST["scarlett"]["enroll"]])
    dora = journey.user("Dora")
    (invite,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Invite")
    payload = invite["text"].split()[-1].split("start=", 1)[1]
    doras = await journey.reply_to(dora, f"/start {payload}")
    assert "Accept" in labels(doras), doras
    (choose,) = await journey.after_pressing(ann, await journey.card(ann, "Amy"), "Merge")
    await journey.press(ann, choose, "Alice")
    await journey.until(lambda: labels(journey.now(choose))[0].startswith("Merge, keep"))
    await journey.press(ann, journey.now(choose), "Merge, keep Amy")
    await journey.until(lambda: not journey.now(doras).get("reply_markup"))
    said = journey.now(doras)["text"].replace("\u2068", "").replace("\u2069", "")
    assert said == (
        "Ann invited you to receive the photos and clips of Alice. Alice has since been merged "
        "into Amy, as one child: the invitation no longer works; Ann can invite you to Amy."
    ), said
