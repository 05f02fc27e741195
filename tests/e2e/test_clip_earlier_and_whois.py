"""A clip's faces where a photo's are cut again from the post (issue 35): a clip of a child
posted before the child was enrolled is offered among the earlier photos and sent on
"yes"; a clip of a child nobody enrolled shows its face on the organizers' /whois sheet,
and the clip reaches the parent who claims the child. Each face is cut from the clip's
frame it was best seen in (``faces.shown_at_s``). The clips are filmed here from the
shared photos (``sandbox/clips.py``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from domain.infra.models import Face, Person, Photo
from sandbox.clips import film
from tests.e2e.conftest import CAST, Collages, Journey, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.test_claims import _approved, _claim, _name
from tests.e2e.test_earlier_photos import offers

X, NOBODY = CAST["angelina"], CAST["strangers"]


def media_ids(journey: Journey, user: dict[str, Any]) -> list[str]:
    """The unique ids of the group's photos and clips the bot sent this user."""
    photos = [m["photo"][-1]["file_unique_id"] for m in journey.photos_for(user)]
    clips = [
        m["video"]["file_unique_id"]
        for m in journey.world.transcript(user["id"])
        if m["from"]["is_bot"] and "video" in m
    ]
    return sorted(photos + clips)


async def _post_clip(
    journey: Journey, group: dict[str, Any], poster: dict[str, Any], still: str, seconds: float
) -> dict[str, Any]:
    """A clip of a still and then a stranger, posted in the group."""
    clip = film([(photo_bytes(still), seconds), (photo_bytes(NOBODY["group"][0]), 2.0)])
    return await journey.world.user_sends_media(
        "video", group["id"], poster["id"], clip, file_name="song.mp4", mime_type="video/mp4"
    )


async def test_a_clip_posted_before_the_child_was_enrolled_is_offered_and_sent_on_yes(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, bea = journey.user("Ann"), journey.user("Poster"), journey.user("Bea")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann, bea])
    await journey.join(ann, payload)
    clip = await _post_clip(journey, group, poster, X["group"][0], 3.0)
    # The same child in another clip, whose file can no longer be read by the time Alice
    # is enrolled (Telegram gives other bytes): left out, nothing else lost.
    unreadable = await _post_clip(journey, group, poster, X["group"][0], 2.5)
    (photo,) = await journey.post(group, poster, collages.make(NOBODY["group"][2], X["group"][1]))
    await journey.settle()
    assert media_ids(journey, ann) == []
    assert await Face.filter(photo__message_id=clip["message_id"], shown_at_s__isnull=False)
    files = journey.world.files
    gone = files.get(unreadable["video"]["file_id"])
    assert gone is not None
    files.keep(replace(gone, data=gone.data[:600]))

    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    await journey.settle()
    (offer,) = offers(journey, ann)
    assert offer["caption"] == (
        "I found 1 photo and 1 clip of Alice in Class 1A, posted earlier. Are these faces "
        "(numbered) Alice? I'll send the photos and clips of those that are."
    )
    assert media_ids(journey, ann) == []  # shown, not sent
    await journey.press(ann, offer, "Yes, all are Alice")
    assert journey.now(offer)["caption"] == (
        "They're all Alice. Sending you 1 photo and 1 clip of Alice from Class 1A."
    )
    await journey.settle()
    # The clip once, the photo once; not the clip that could not be read, nor anything of
    # the stranger's, and nothing to Bea.
    assert media_ids(journey, ann) == sorted(
        [clip["video"]["file_unique_id"], photo["photo"][-1]["file_unique_id"]]
    )
    sent = [m for m in journey.world.transcript(ann["id"]) if "video" in m]
    assert sent[0]["caption"] == "Alice at 0:00 · Class 1A"
    assert media_ids(journey, bea) == []
    unread = await Photo.get(message_id=unreadable["message_id"])
    assert not await Face.filter(photo=unread, person__name="Alice").exists()
    await journey.assert_consistent()


async def test_a_clip_of_a_child_nobody_enrolled_is_on_the_whois_sheet_and_reaches_the_claimer(
    journey: Journey, collages: Collages
) -> None:
    poster, pat, mallory = journey.user("Poster"), journey.user("Pat"), journey.user("Mallory")
    group, _ = await journey.group_with_bot("Class 1A", poster, [pat, mallory])
    photos = [
        await journey.post(group, poster, collages.make(child, stranger))
        for child, stranger in zip(X["group"][:2], NOBODY["group"][1:3], strict=True)
    ]
    clip = await _post_clip(journey, group, poster, X["group"][1], 3.0)
    await journey.settle()
    await journey.regroup("Class 1A")
    in_clip = await Face.filter(photo__message_id=clip["message_id"], cluster_id__isnull=False)
    assert in_clip, "the clip's face of the child is grouped with the photos'"
    office = await bound_admin_chat(journey, group, [poster, mallory])
    await journey.reply_to(poster, "/start")  # the claim link comes here, privately

    # The sheet shows 3 faces: the two photos' and the clip's, cut from its frame.
    payload = await _name(journey, poster, office, faces=3)
    question = await _claim(journey, pat, payload)
    assert "photo" in question  # the faces' sheet; its words true of a clip among photos
    assert "3 faces from Class 1A." in question["caption"]
    claimed = await _approved(journey, pat, question, poster, office)
    assert claimed["text"].startswith(
        "Tom is yours now. Sending you the 2 photos and 1 clip from Class 1A you saw the faces of"
    ), claimed["text"]
    await journey.settle()
    assert media_ids(journey, pat) == sorted(
        [p[0]["photo"][-1]["file_unique_id"] for p in photos] + [clip["video"]["file_unique_id"]]
    )
    assert media_ids(journey, mallory) == []
    tom = await Person.get(name="Tom")
    assert await Face.filter(person=tom, photo__message_id=clip["message_id"]).count() == 1
    await journey.assert_consistent()
