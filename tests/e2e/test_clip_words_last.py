"""The last sentences that said "photos" where a clip is meant too (issue 35), read where
they are said: an organizer's /start, the settings card's delivery button, a claim's offer
and its "yes" (what it sends, counted as its approval counts it), and a parent opening the
link of a group the bot has left. The clip is filmed here from the shared photos."""

from __future__ import annotations

from domain.infra.models import Face
from tests.e2e.conftest import CAST, Collages, Journey, labels
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.test_claims import _name
from tests.e2e.test_clip_earlier_and_whois import _post_clip

X, NOBODY = CAST["angelina"], CAST["strangers"]


async def test_a_claim_of_a_child_in_photos_and_a_clip_says_what_it_sends(
    journey: Journey, collages: Collages
) -> None:
    poster, pat, mallory = journey.user("Poster"), journey.user("Pat"), journey.user("Mallory")
    group, payload = await journey.group_with_bot("Class 1A", poster, [pat, mallory])
    for child, stranger in zip(X["group"][:2], NOBODY["group"][1:3], strict=True):
        await journey.post(group, poster, collages.make(child, stranger))
    clip = await _post_clip(journey, group, poster, X["group"][1], 3.0)
    await journey.settle()
    await journey.regroup("Class 1A")
    assert await Face.filter(photo__message_id=clip["message_id"], cluster_id__isnull=False)
    office = await bound_admin_chat(journey, group, [poster, mallory])

    # The organizer, no parent here, is told how a parent gets what their child is in.
    started = await journey.reply_to(poster, "/start")
    assert started["text"].endswith(
        "If your own child is in the group, open the link I posted there to get the photos "
        "and clips they are in."
    ), started["text"]

    # The settings card's delivery button is true of clips too.
    sent = await journey.says(poster, "/settings", office["id"])
    (card,) = await journey.replies(office["id"], sent)
    assert "• Right away" in labels(card) and "Each photo" not in str(card), labels(card)

    # The claim: its offer, then its "yes", which counts the clip apart.
    claim = await _name(journey, poster, office, faces=3)
    offer = await journey.reply_to(pat, f"/start {claim}")
    assert offer["text"].startswith(
        "An organizer of Class 1A sent you a claim link for a child in photos and clips posted "
        "there"
    ), offer["text"]
    assert "I send you the photos and clips of the child posted in the groups" in offer["text"]
    (question,) = await journey.after_pressing(pat, offer, "I agree")
    assert "3 faces from Class 1A." in question["caption"]
    (waiting,) = await journey.after_pressing(pat, question, "Yes, that's my child")
    assert (
        "once they approve, Tom is yours and I send you the 2 photos and 1 clip you saw the "
        "faces of. I'll tell you when they decide."
    ) in waiting["text"], waiting["text"]

    # Removed from the group, the bot says what its link can no longer bring.
    await journey.world.set_bot_status(group["id"], "kicked")
    await journey.settle()
    gone = await journey.reply_to(mallory, f"/start {payload}")
    assert gone["text"] == "I'm no longer in that group, so I can't send you its photos and clips."
