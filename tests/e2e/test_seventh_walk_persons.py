"""What the seventh walk of issue 32 found untrue about persons, co-guardians and enrollment,
each read as its reader reads it: a rename the other guardian never heard of; an invitation
that does not say who sent it; "Carl joined Class 1A" about a parent in its chat all along;
"your other photos stay with Mimi" when Mimi had none; "Added 3 photos" counting a clip's
views as photos."""

from __future__ import annotations

from tests.e2e.conftest import CAST, Journey, photo_bytes
from tests.e2e.test_enrollment import _send
from tests.e2e.test_enrollment_clip_views import _clip, _kept, _views
from tests.e2e.test_enrollment_clips import _turning

X = CAST["angelina"]


async def test_a_rename_is_told_to_the_other_guardian(journey: Journey) -> None:
    ann, carl, _, _ = await journey.class_with_alice_and_carl()
    before = journey.last(carl)
    card = await journey.card(ann, "Alice")
    await journey.after_pressing(ann, card, "Rename")
    assert (await journey.reply_to(ann, "Lia"))["text"] == "Renamed to Lia."
    # Carl's copies and card said "Lia" with no word of who chose it, or that it changed.
    (told,) = await journey.replies(carl["id"], before)
    assert told["text"] == "Ann renamed Alice to Lia."
    assert not any(
        m.get("text", "").startswith("Ann renamed") for m in journey.world.transcript(ann["id"])
    )


async def test_an_invitation_names_who_sent_it_and_opening_the_link_is_no_joining(
    journey: Journey,
) -> None:
    ann, carl, poster = journey.user("Ann"), journey.user("Carl"), journey.user("Poster")
    # Carl is in the class chat all along; he only opens its link later.
    _, payload = await journey.group_with_bot("Class 1A", poster, [ann, carl])
    await journey.join(ann, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])

    offer = await journey.reply_to(carl, f"/start {await journey.invite_link(ann, 'Alice')}")
    # It read "You've been invited ...": a link forwarded by anyone reads the same.
    assert offer["text"].startswith("Ann invited you to receive the photos and clips of Alice.\n\n")
    await journey.after_pressing(carl, offer, "Accept")

    before = journey.last(ann)
    await journey.reply_to(carl, f"/start {payload}")
    (told,) = await journey.replies(ann["id"], before)
    # It read "Carl joined Class 1A: they now get ...", while he had been there all along.
    assert told["text"] == "Carl now gets the photos and clips of Alice from Class 1A."


async def test_a_look_alike_question_on_the_first_photos_speaks_of_no_other_photos(
    journey: Journey,
) -> None:
    ann, _, _ = await journey.class_with_alice()
    await journey.reply_to(ann, "/add Mimi")
    # As in the walk, Mimi's first photos are all of Alice: none could "stay with" Mimi.
    pair = [photo_bytes(X["group"][0]), photo_bytes(X["group"][2])]
    sent = await journey.world.user_sends_photos(ann["id"], ann["id"], pair)
    asked = await journey.replies(ann["id"], sent[-1], count=2)
    assert [m["text"] for m in asked] == [
        "This looks like Alice, whom you already enrolled. Add this photo to Alice?"
    ] * 2
    # Once Mimi has a photo, the question says it stays hers (test_enrollment's
    # test_a_face_of_my_own_person_is_offered_to_them reads that).


async def test_photos_added_count_a_clips_views_apart_from_photos(journey: Journey) -> None:
    ann, carl, _, _ = await journey.class_with_alice_and_carl()
    card = await journey.card(ann, "Alice")
    await journey.after_pressing(ann, card, "Add photos or a clip")
    assert (await _send(journey, ann, photo_bytes(X["group"][0])))["text"].startswith("✅")
    views = _kept(await _clip(journey, ann, _turning(X["group"][1:3])))
    assert views >= 2

    before = journey.last(carl)
    done = await journey.says(ann, "/done")
    _, added = await journey.replies(ann["id"], done, count=2)
    # It read "Added 3 photos of Alice" for one photo and two views of a clip.
    assert added["text"] == (
        f"Added {_views(views)} and 1 photo to Alice. I'll use them from now on."
    )
    (told,) = await journey.replies(carl["id"], before)
    assert told["text"] == (
        f"Ann added {views} views from a clip and 1 photo to Alice. I'll use them from now on."
    )
