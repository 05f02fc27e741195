"""Suggestions ("Is this Alice?") and "Not Alice" on delivered photos."""

from __future__ import annotations

from typing import Any

from domain.infra.models import AssignmentEvent, Face, FaceRejection, Prototype
from domain.settings import MatchingSettings
from domain.states import AssignmentOperation
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory

X, NOBODY = CAST["angelina"], CAST["strangers"]


def _suggestions(journey: Journey, user: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        m
        for m in journey.world.transcript(user["id"])
        if m["from"]["is_bot"] and m.get("caption", "").startswith("Is this")
    ]


async def test_suggestion_yes_delivers_and_no_never_asks_again(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    # Thresholds so high that every true match lands in the suggestion band.
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, poster, group = await journey.class_with_alice()

        first = await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        await journey.settle()
        assert journey.unique_ids(ann) == []  # not sure enough to send
        (question,) = _suggestions(journey, ann)
        assert question["caption"] == "Is this Alice? (a photo in Class 1A)"
        yes, no = question["reply_markup"]["inline_keyboard"][0]
        assert (yes["text"], no["text"]) == ("Yes", "No")

        answer = await journey.world.press_button(
            ann["id"], ann["id"], question["message_id"], yes["callback_data"]
        )
        assert answer["answered"] is True
        await journey.settle()
        assert journey.unique_ids(ann) == [first[0]["photo"][-1]["file_unique_id"]]
        face = await Face.get(person__name="Alice", photo__message_id=first[0]["message_id"])
        assert await Prototype.exists(face=face)  # accepted faces help later matches
        assert await AssignmentEvent.filter(
            operation=AssignmentOperation.ASSIGN,
            face_ids__contains=[str(face.id)],
            actor__startswith="participant:",
        ).exists()
        # Pressing again changes nothing.
        again = await journey.world.press_button(
            ann["id"], ann["id"], question["message_id"], yes["callback_data"]
        )
        assert again["text"] == "This question has already been answered."

        second = await journey.post(group, poster, collages.make(NOBODY["group"][1], X["group"][1]))
        await journey.settle()
        question = _suggestions(journey, ann)[-1]
        no_data = question["reply_markup"]["inline_keyboard"][0][1]["callback_data"]
        await journey.world.press_button(ann["id"], ann["id"], question["message_id"], no_data)
        await journey.settle()
        rejected = await Face.get(
            photo__message_id=second[0]["message_id"], rejections__person__name="Alice"
        )
        assert rejected.person_id is None  # type: ignore[attr-defined]
        assert second[0]["photo"][-1]["file_unique_id"] not in journey.unique_ids(ann)

        # The very same photo again: that face is never suggested as Alice again.
        asked = len(_suggestions(journey, ann))
        await journey.post(group, poster, collages.make(NOBODY["group"][1], X["group"][1]))
        await journey.settle()
        assert len(_suggestions(journey, ann)) == asked


async def test_not_alice_detaches_the_face_and_it_never_matches_again(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    photo = collages.make(X["group"][0], NOBODY["group"][0])
    await journey.post(group, poster, photo)
    await journey.settle()
    (delivered,) = journey.photos_for(ann)
    button = delivered["reply_markup"]["inline_keyboard"][0][0]
    assert button["text"] == "Not Alice?"

    # Someone who is not Alice's guardian sends the same button data (a tampered client).
    eve = journey.user("Eve")
    eves_message = await journey.reply_to(eve, "/start")
    forged = await journey.world.press_button(
        eve["id"], eve["id"], eves_message["message_id"], button["callback_data"]
    )
    assert forged["text"] == "That isn't one of your people."
    assert await Face.filter(person__name="Alice", photo_id__isnull=False).count() == 1

    reply_after = journey.world.transcript(ann["id"])[-1]["message_id"]
    answer = await journey.world.press_button(
        ann["id"], ann["id"], delivered["message_id"], button["callback_data"]
    )
    assert answer["answered"] is True
    confirmation = (await journey.replies(ann["id"], reply_after))[0]
    assert confirmation["text"] == "OK, that's not Alice. I won't match this face to them again."

    face = await Face.get(rejections__person__name="Alice")
    assert face.person_id is None  # type: ignore[attr-defined]
    event = await AssignmentEvent.get(operation=AssignmentOperation.UNASSIGN)
    assert event.face_ids == [str(face.id)]
    assert event.actor_participant_id is not None  # type: ignore[attr-defined]
    assert await FaceRejection.filter(face=face).count() == 1
    await journey.settle()

    # Pressing it again: already done.
    again = await journey.world.press_button(
        ann["id"], ann["id"], delivered["message_id"], button["callback_data"]
    )
    assert again["text"] == "That face isn't matched to that person any more."

    # A later photo of that same face does not match Alice.
    await journey.post(group, poster, photo)
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1
