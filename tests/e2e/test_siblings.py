"""Siblings: a face close to two persons of the same guardian is never sent to either; the
guardian is asked once, "Is this Alice or Ally?", and her answer teaches both."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.infra.models import Delivery, Face, FaceRejection, Person, Prototype, Suggestion
from domain.states import SuggestionStatus
from tests.e2e.conftest import CAST, Collages, Journey, data_of, labels, photo_bytes
from tests.e2e.steps import co_guardian_then_joins, delete_person
from tests.e2e.test_question_expiry import EXPIRED, expiry_of

X, NOBODY = CAST["angelina"], CAST["strangers"]
ALREADY = "This question has already been answered."


async def _ann_with_alice_and_ally(
    journey: Journey, *, bea_guards_alice: bool = False
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Ann enrolls Alice, then Ally from other photos of the same woman (she says it is a
    different person): to the model, two siblings as alike as can be. With
    ``bea_guards_alice``, Bea (in the class) is Alice's co-guardian, not Ally's.
    Returns (ann, bea, poster, group)."""
    ann, poster, group = await journey.class_with_alice()
    await journey.enroll_again(
        ann, "Ally", [photo_bytes(n) for n in (X["group"][0], X["group"][1], "img11.jpg")]
    )
    bea = journey.user("Bea")
    if bea_guards_alice:
        await co_guardian_then_joins(journey, ann, "Alice", bea, group)
    return ann, bea, poster, group


async def _post_her(
    journey: Journey, collages: Collages, poster: dict[str, Any], group: dict[str, Any]
) -> str:
    """Post a photo of her (one neither was enrolled with) beside a stranger; returns its
    file_unique_id."""
    (posted,) = await journey.post(group, poster, collages.make(X["group"][2], NOBODY["group"][0]))
    await journey.settle()
    return str(posted["photo"][-1]["file_unique_id"])


async def _names_in_order() -> tuple[str, str]:
    """The two names as the question names them: the more likely one first."""
    lead, other = await Suggestion.all().order_by("-score").prefetch_related("person")
    assert lead.pair_id == lead.id and other.pair_id == lead.id
    return lead.person.name, other.person.name


async def test_a_face_close_to_two_of_her_children_asks_her_once_naming_both(
    journey: Journey, collages: Collages
) -> None:
    ann, bea, poster, group = await _ann_with_alice_and_ally(journey, bea_guards_alice=True)
    photo = await _post_her(journey, collages, poster, group)

    # Nobody got the photo: it could be either child.
    assert journey.photos_for(ann) == [] and journey.photos_for(bea) == []
    first, second = await _names_in_order()
    (question,) = journey.suggestions(ann)  # one question, naming both
    assert question["caption"] == f"Is this {first} or {second}? (a photo in Class 1A)"
    assert labels(question) == [first, second, "Neither"]
    # Bea guards Alice only: she is asked the usual question about Alice.
    (beas,) = journey.suggestions(bea)
    assert beas["caption"] == "Is this Alice? (a photo in Class 1A)"
    assert labels(beas) == ["Yes", "No"]
    beas_no = data_of(beas, "No")
    buttons = {label: data_of(question, label) for label in (first, second, "Neither")}
    assert all(len(data.encode()) <= 64 for data in buttons.values())

    # Eve, a stranger with a child of her own, replays each button in her chat.
    eve = journey.user("Eve")
    eves_message = await journey.reply_to(eve, "/start")
    for data in buttons.values():
        answer = await journey.world.press_button(
            eve["id"], eve["id"], eves_message["message_id"], data
        )
        assert answer["text"] == "That isn't one of your people."
    said = json.dumps(
        journey.world.transcript(
            eve["id"], after_id=eves_message["message_id"], include_deleted=True
        )
    )
    assert "Alice" not in said and "Ally" not in said
    assert await Suggestion.filter(status=SuggestionStatus.PENDING).count() == 2

    # Ann says it is Alice: the photo is Alice's, and the face is remembered as not Ally.
    answer = await journey.press(ann, question, "Alice")
    assert answer["text"] == "Thanks! Noted."
    answered = await journey.edited(question)
    assert answered["caption"] == (
        "It's Alice. The photo comes to you in this chat. I'll remember this face isn't Ally, "
        "so similar faces will be asked about instead of sent."
    )
    assert "reply_markup" not in answered
    await journey.settle()
    assert journey.unique_ids(ann) == [photo]
    assert journey.unique_ids(bea) == [photo]  # Alice's co-guardian gets it too
    face = await Face.get(person__name="Alice", photo_id__isnull=False)
    assert await Prototype.exists(face=face)
    ally = await Person.get(name="Ally")
    assert await FaceRejection.exists(face=face, person=ally)
    assert not await FaceRejection.exists(face=face, person__name="Alice")
    statuses = dict(await Suggestion.all().values_list("person__name", "status"))
    assert statuses == {"Alice": SuggestionStatus.ACCEPTED, "Ally": SuggestionStatus.REJECTED}

    # Pressed again (either name): already answered, nothing changes.
    for label in ("Alice", "Ally", "Neither"):
        again = await journey.world.press_button(
            ann["id"], ann["id"], question["message_id"], buttons[label]
        )
        assert again["text"] == ALREADY
    # Bea's question, answered by Ann's choice: it says so at once, with no buttons left (it
    # kept Yes and No until pressed, then read "Is this Alice?" with no answer); its old
    # "No" is told so.
    await journey.until(lambda: "reply_markup" not in journey.now(beas))
    assert journey.now(beas)["caption"] == "Ann answered this question: yes, that's Alice."
    again = await journey.world.press_button(bea["id"], bea["id"], beas["message_id"], beas_no)
    assert again["text"] == ALREADY
    await journey.settle()
    await face.refresh_from_db()
    assert face.person_id is not None  # type: ignore[attr-defined]
    assert await FaceRejection.all().count() == 1
    assert await Delivery.all().count() == 2
    await journey.assert_consistent()


async def test_neither_teaches_that_the_face_is_neither_child(
    journey: Journey, collages: Collages
) -> None:
    ann, _, poster, group = await _ann_with_alice_and_ally(journey)
    await _post_her(journey, collages, poster, group)
    first, second = await _names_in_order()
    (question,) = journey.suggestions(ann)
    alice = data_of(question, "Alice")

    answer = await journey.press(ann, question, "Neither")
    assert answer["text"] == "Thanks, noted: similar faces will be asked about instead of sent."
    answered = await journey.edited(question)
    assert answered["caption"] == (
        f"Neither {first} nor {second}. I'll remember this face is neither of them, so "
        "similar faces will be asked about instead of sent."
    )
    assert "reply_markup" not in answered
    await journey.settle()
    assert journey.photos_for(ann) == []
    face = await Face.get(photo_id__isnull=False, suggestions__person__name="Alice")
    assert face.person_id is None  # type: ignore[attr-defined]
    rejections = await FaceRejection.filter(face=face).prefetch_related("person")
    assert {r.person.name for r in rejections} == {"Alice", "Ally"}
    suggestions = await Suggestion.all()
    assert {q.status for q in suggestions} == {SuggestionStatus.REJECTED}
    assert face.crop_key is None  # no question about it is open
    again = await journey.world.press_button(ann["id"], ann["id"], question["message_id"], alice)
    assert again["text"] == ALREADY


async def test_a_co_guardians_yes_first_leaves_the_question_naming_both_answered(
    journey: Journey, collages: Collages
) -> None:
    ann, bea, poster, group = await _ann_with_alice_and_ally(journey, bea_guards_alice=True)
    photo = await _post_her(journey, collages, poster, group)
    (question,) = journey.suggestions(ann)
    (beas,) = journey.suggestions(bea)
    ally = data_of(question, "Ally")

    # Bea says yes, it is Alice: the face is Alice's before Ann answers.
    assert (await journey.press(bea, beas, "Yes"))["text"] == "Thanks! Noted."
    await journey.settle()
    # Ann, later, says Ally on the question as she has it (the minute's withdrawal of
    # settled questions may have taken its buttons meanwhile): the face was given to Alice
    # meanwhile, so nothing changes.
    answer = await journey.world.press_button(ann["id"], ann["id"], question["message_id"], ally)
    assert answer["text"] == ALREADY
    assert "reply_markup" not in await journey.edited(question)  # its buttons are gone
    await journey.settle()
    face = await Face.get(photo_id__isnull=False, suggestions__person__name="Ally")
    assert face.person_id == (await Person.get(name="Alice")).id  # type: ignore[attr-defined]
    assert not await FaceRejection.exists()
    assert journey.unique_ids(ann) == [photo] and journey.unique_ids(bea) == [photo]


async def test_an_unanswered_question_naming_both_expires_naming_nobody(
    journey: Journey, collages: Collages
) -> None:
    ann, _, poster, group = await _ann_with_alice_and_ally(journey)
    await _post_her(journey, collages, poster, group)
    (question,) = journey.suggestions(ann)
    alice = data_of(question, "Alice")
    await Suggestion.all().update(notified_at=datetime.now(UTC) - timedelta(days=15))

    async with expiry_of(journey) as expiry:
        done = await expiry.run()
    assert (done.questions, done.messages) == (2, 1)  # one message for the pair
    blanked = journey.now(question)
    assert blanked["caption"] == EXPIRED
    assert "reply_markup" not in blanked
    late = await journey.world.press_button(ann["id"], ann["id"], question["message_id"], alice)
    assert late["text"] == "This question has expired: nobody answered it in time."
    await journey.settle()
    assert not await Face.filter(photo_id__isnull=False, person_id__isnull=False).exists()
    assert not await FaceRejection.exists()
    assert journey.photos_for(ann) == []


async def test_a_question_naming_a_child_deleted_meanwhile_is_answered_already(
    journey: Journey, collages: Collages
) -> None:
    ann, _, poster, group = await _ann_with_alice_and_ally(journey)
    await _post_her(journey, collages, poster, group)
    (question,) = journey.suggestions(ann)
    alice = data_of(question, "Alice")

    await delete_person(journey, ann, "Ally")
    assert not await Person.exists(name="Ally")

    # Alice is still hers, but the question was about two children: nothing is decided.
    # Its button says why (it said "already answered" while nobody had answered it); Ann
    # is asked about Alice alone (test_sibling_pair_leftovers).
    answer = await journey.world.press_button(ann["id"], ann["id"], question["message_id"], alice)
    assert answer["text"] == (
        "This question no longer applies: its face or the person it asked about was deleted, "
        "so there is nothing to answer now."
    )
    await journey.settle()
    assert not await Face.filter(photo_id__isnull=False, person_id__isnull=False).exists()
    assert not await FaceRejection.exists()
    assert journey.photos_for(ann) == []
    await journey.assert_consistent()
