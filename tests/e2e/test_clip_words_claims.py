"""A claim's words when a clip is among the child's faces (issue 35): the parent who claims
a child posted one of its clips themselves, so that clip is not sent back, and the
sentence that says so calls it a clip, while the photos go. The scene is
``test_clip_earlier_and_whois``'s, the clip posted by the claimer."""

from __future__ import annotations

from domain.infra.models import Person
from tests.e2e.conftest import Collages, Journey
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.test_claims import _approved, _claim, _name
from tests.e2e.test_clip_earlier_and_whois import NOBODY, X, _post_clip, media_ids


async def test_a_claimer_is_told_their_own_clip_is_not_sent_back_and_gets_the_photos(
    journey: Journey, collages: Collages
) -> None:
    poster, pat = journey.user("Poster"), journey.user("Pat")
    group, _ = await journey.group_with_bot("Class 1A", poster, [pat])
    photos = [
        await journey.post(group, poster, collages.make(child, stranger))
        for child, stranger in zip(X["group"][:2], NOBODY["group"][1:3], strict=True)
    ]
    await _post_clip(journey, group, pat, X["group"][1], 3.0)  # Pat filmed the song
    await journey.settle()
    await journey.regroup("Class 1A")
    office = await bound_admin_chat(journey, group, [poster])
    await journey.reply_to(poster, "/start")  # the claim link comes here, privately

    payload = await _name(journey, poster, office, faces=3)
    question = await _claim(journey, pat, payload)
    claimed = await _approved(journey, pat, question, poster, office)
    assert claimed["text"].startswith(
        "Tom is yours now. You posted 1 clip of those from Class 1A you saw the faces of "
        "yourself, so I don't send it back (/settings). Sending you the other 2 photos;"
    ), claimed["text"]
    await journey.settle()
    # What the sentence says: the two photos, not Pat's own clip.
    assert media_ids(journey, pat) == sorted(p[0]["photo"][-1]["file_unique_id"] for p in photos)
    assert await Person.filter(name="Tom").count() == 1
