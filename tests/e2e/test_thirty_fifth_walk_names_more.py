"""More leftovers of issue 32 (session 35): a guardian's name left in another's chat once
she deleted everything with /forget.

Ann's "Carl added 1 photo of Alice. I'll use it from now on." kept Carl's name once he
deleted his data; so did Carl's "Ann deleted Alice: everything I had about them is
deleted." (and a card or question too old to delete: "Ann deleted Alice.", "Ann deleted every face
of Alice.") and "Ann removed you as a guardian of Alice: …" once Ann deleted hers. They now
say it without the name: "Another guardian added…", "Another guardian deleted a child you
guarded together…", "A child you guarded was deleted.", "The owner of Alice removed you…"
(Alice's name went with her: session 36)."""

from __future__ import annotations

from domain.settings import MatchingSettings
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, photo_bytes
from tests.e2e.steps import (
    delete_person,
    forget_everything,
    forget_faces,
    reads_now,
    sent_starting,
)
from tests.e2e.test_deleted_past_48_hours import _blanked, carls_old_copies

X = CAST["angelina"]


async def test_a_forgotten_guardians_photos_added_no_longer_name_him(journey: Journey) -> None:
    """Carl adds a photo of Alice, then deletes everything: Ann's news of it no longer
    names him."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await journey.after_pressing(carl, await journey.card(carl, "Alice"), "Add photos or a clip")
    sent = (
        await journey.world.user_sends_photos(carl["id"], carl["id"], [photo_bytes(X["group"][2])])
    )[0]
    (verdict,) = await journey.replies(carl["id"], sent)
    assert verdict["text"] == "✅ Accepted (1 photo). Send more, or /done."
    await journey.replies(carl["id"], await journey.says(carl, "/done"), count=2)
    await journey.until(lambda: bool(sent_starting(journey, ann, "Carl added")))
    (news,) = sent_starting(journey, ann, "Carl added")
    await journey.settle()
    assert reads_now(journey, news) == "Carl added 1 photo of Alice. I'll use it from now on."

    await forget_everything(journey, carl)
    assert reads_now(journey, news) == (
        "Another guardian added 1 photo of Alice. I'll use it from now on."
    )


async def test_a_forgotten_guardians_deletion_no_longer_names_her(journey: Journey) -> None:
    """Ann deletes Alice, then deletes everything: Carl's news of the deletion no longer
    names her."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await delete_person(journey, ann, "Alice")
    (news,) = sent_starting(journey, carl, "Ann deleted")
    assert reads_now(journey, news) == "Ann deleted Alice: everything I had about them is deleted."

    await forget_everything(journey, ann)
    # (Nor Alice's: her name went with her, session 36.)
    assert reads_now(journey, news) == (
        "Another guardian deleted a child you guarded together: everything I had about them "
        "is deleted."
    )


async def test_a_forgotten_owners_removal_no_longer_names_her(journey: Journey) -> None:
    """Ann removes Carl as a guardian of Alice, then deletes everything: Carl's news of his
    removal no longer names her."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    (guardians,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    assert (await journey.press(ann, guardians, "Remove Carl"))["text"] == "Removed."
    await journey.until(lambda: bool(sent_starting(journey, carl, "Ann removed you")))
    (news,) = sent_starting(journey, carl, "Ann removed you")
    await journey.settle()
    assert reads_now(journey, news) == (
        "Ann removed you as a guardian of Alice: you no longer get their photos and clips."
    )

    await forget_everything(journey, ann)
    assert reads_now(journey, news) == (
        "The owner of Alice removed you as a guardian: you no longer get their photos and clips."
    )


async def test_a_forgotten_guardians_deletion_no_longer_names_her_on_old_cards_and_questions(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """Ann deletes Alice past the 48 hours: Carl's old card and question say so without her
    name once she deletes everything."""
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        old = await carls_old_copies(journey, collages)
        ann, carls_card, carls = old.ann, old.card, old.question
        was, card_was = old.question_was, old.card_was
        await delete_person(journey, ann, "Alice")
        await _blanked(journey, carls, was, "Ann deleted Alice.")
        await _blanked(journey, carls_card, card_was, "Ann deleted Alice.")

        await forget_everything(journey, ann)
        # (Nor Alice's: her name went with her, session 36.)
        assert reads_now(journey, carls) == "A child you guarded was deleted."
        assert reads_now(journey, carls_card) == "A child you guarded was deleted."


async def test_a_forgotten_guardians_forget_faces_no_longer_names_her_on_old_cards_and_questions(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        old = await carls_old_copies(journey, collages)
        ann, carls_card, carls = old.ann, old.card, old.question
        was, card_was = old.question_was, old.card_was
        await forget_faces(journey, ann, "Alice")
        await _blanked(journey, carls, was, "Ann deleted every face of Alice.")
        await _blanked(journey, carls_card, card_was, "Ann deleted every face of Alice.")

        await forget_everything(journey, ann)
        assert reads_now(journey, carls) == "Every face of Alice was deleted."
        assert reads_now(journey, carls_card) == "Every face of Alice was deleted."
