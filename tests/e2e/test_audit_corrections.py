"""/audit finds a group's corrections however busy the other groups are (issue 11): it reads
the group's own assignment events, not a window of the newest across the deployment."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.infra.models import AssignmentEvent, Group, Participant, Photo
from domain.states import AssignmentOperation, GroupType, MediaKind
from tests.e2e.conftest import CAST, Collages, Journey, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import delete_person
from tests.e2e.test_admin_chat import audit_of, audited_class


async def test_audit_shows_a_groups_correction_among_many_of_another_group(
    journey: Journey,
) -> None:
    c = await audited_class(journey)  # Ann corrected 2 faces on a photo of Nov 12
    # A busy school next door: 400 newer corrections on its own photo.
    busy = await Group.create(
        chat_id=-100777, title="Class 9Z", type=GroupType.SUPERGROUP, join_token="busy"
    )
    theirs = await Photo.create(
        group=busy,
        message_id=1,
        file_id="g",
        file_unique_id="v",
        media_kind=MediaKind.PHOTO,
        posted_at=datetime(2026, 11, 14, 9, 0, tzinfo=UTC),
    )
    zoe = await Participant.create(telegram_user_id=987654, first_name="Zoe")
    await AssignmentEvent.bulk_create(
        [
            AssignmentEvent(
                operation=AssignmentOperation.UNASSIGN,
                actor="participant",
                actor_participant=zoe,
                face_count=1,
                photo_count=1,
                photo_ids=[str(theirs.id)],
            )
            for _ in range(400)
        ]
    )

    text = (await audit_of(journey, c["poster"], c["office"]))["text"]
    assert text.startswith("Audit of Class 1A")
    assert "Ann corrected 2 faces on a photo of Nov 12" in text
    assert "Zoe" not in text and "Nov 14" not in text  # nothing of the other group


async def test_a_guardian_deleting_their_person_is_not_shown_to_the_organizers(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    await journey.post(group, poster, collages.make(CAST["angelina"]["group"][0]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1
    await delete_person(journey, ann, "Alice")
    # The deletion touched the group's photo (its faces went): still nobody's business.
    assert await AssignmentEvent.filter(operation=AssignmentOperation.REMOVE).count() == 1

    text = (await audit_of(journey, poster, office))["text"]
    assert "Ann" not in text and "removed" not in text


async def test_a_guardian_merging_two_of_their_persons_is_not_shown_to_the_organizers(
    journey: Journey, collages: Collages
) -> None:
    """A parent who enrolled the same child twice and merges the two moves no face to
    another family: no correction of recognition, so /audit lists neither the merge nor
    its undo (it read "merged people on a photo", and only when a face was on a photo)."""
    x = CAST["angelina"]
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    await journey.post(group, poster, collages.make(x["group"][2]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1
    await journey.enroll_again(
        ann, "Ally", [photo_bytes(n) for n in (x["group"][0], x["group"][1], "img11.jpg")]
    )
    card = await journey.card(ann, "Ally")
    (choose,) = await journey.after_pressing(ann, card, "Merge")
    await journey.confirm_merge(ann, choose, "Alice")  # Alice, with the group's photo, goes
    await journey.settle()
    (merge,) = await AssignmentEvent.filter(operation=AssignmentOperation.MERGE)
    assert merge.photo_count == 1  # it moved a face of the group's photo

    quiet = "Nothing happened in Class 1A yet: no moderation, no corrections."
    assert (await audit_of(journey, poster, office))["text"] == quiet

    history = await journey.reply_to(ann, "/history")
    assert "merged" in history["text"].splitlines()[1]
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
    await journey.settle()
    assert await AssignmentEvent.filter(undoes=merge).exists()
    assert (await audit_of(journey, poster, office))["text"] == quiet
