"""A person deleted (or its faces forgotten) when its cards and questions are older than the
48 hours Telegram lets a bot delete its messages in (findings18 3): they stayed whole, the
child's face, "Alice · active" and ten buttons on the card, "Is this Alice?" with [Yes]
[No] on the question, each press refused. Now each shows a neutral picture saying who
deleted what, in its reader's words, and no button."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from domain.settings import MatchingSettings
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, labels
from tests.e2e.test_eleventh_walk_history import PAST_DELETING_S

X, NOBODY = CAST["angelina"], CAST["strangers"]


def _picture(message: dict[str, Any]) -> str:
    return str(message["photo"][-1]["file_unique_id"])


async def _blanked(journey: Journey, message: dict[str, Any], was: str, caption: str) -> None:
    """Still in its chat (too old to delete), the picture it showed (``was``) gone, the
    caption ``caption``, no buttons (the bot edits the cards after it answered the press)."""
    with suppress(AssertionError, TimeoutError):
        await journey.until(lambda: journey.now(message).get("caption") == caption)
    now = journey.now(message)
    assert now.get("_deleted") is not True
    assert now.get("caption") == caption, now.get("caption")
    assert _picture(now) != was
    assert labels(now) == []


async def _asked(journey: Journey, collages: Collages, poster: dict[str, Any], group: Any) -> None:
    """A photo of Alice the bot is unsure of: her guardians are asked "Is this Alice?"."""
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()


@dataclass(frozen=True)
class CarlsOldCopies:
    """Carl's card of Alice and his question "Is this Alice?", older than Telegram lets a
    bot delete, with the pictures each showed (``card_was``, ``question_was``)."""

    ann: dict[str, Any]
    carl: dict[str, Any]
    card: dict[str, Any]
    question: dict[str, Any]
    card_was: str
    question_was: str


async def carls_old_copies(journey: Journey, collages: Collages) -> CarlsOldCopies:
    """Ann's Alice, Carl her co-guardian, his card and a question about her grown past
    the 48 hours (a journey whose matching asks rather than sends)."""
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    card = await journey.card(carl, "Alice")
    await _asked(journey, collages, poster, group)
    (question,) = journey.suggestions(carl)
    journey.world.clock.advance(PAST_DELETING_S)
    return CarlsOldCopies(ann, carl, card, question, _picture(card), _picture(question))


async def test_old_cards_and_questions_of_a_deleted_person_say_who_deleted_her(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, carl, poster, group = await journey.class_with_alice_and_carl()
        anns_card, carls_card = await journey.card(ann, "Alice"), await journey.card(carl, "Alice")
        await _asked(journey, collages, poster, group)
        (anns,), (carls,) = journey.suggestions(ann), journey.suggestions(carl)
        was = {
            "anns_card": _picture(anns_card),
            "carls_card": _picture(carls_card),
            "anns": _picture(anns),
            "carls": _picture(carls),
        }

        journey.world.clock.advance(PAST_DELETING_S)
        (confirm,) = await journey.after_pressing(ann, anns_card, "Delete")
        await journey.press(ann, confirm, "Yes, delete")
        await journey.settle()
        await journey.until(lambda: journey.now(confirm)["text"] == "Deleted Alice's data.")

        await _blanked(journey, anns_card, was["anns_card"], "You deleted Alice.")
        await _blanked(journey, carls_card, was["carls_card"], "Ann deleted Alice.")
        await _blanked(journey, anns, was["anns"], "You deleted Alice.")
        await _blanked(journey, carls, was["carls"], "Ann deleted Alice.")


async def test_old_questions_say_her_faces_were_deleted(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """Forget faces: Alice stays, her open questions (their suggestions deleted with her
    faces) say so instead of offering [Yes] [No] that only answered "no longer applies"."""
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, carl, poster, group = await journey.class_with_alice_and_carl()
        await _asked(journey, collages, poster, group)
        (anns,), (carls,) = journey.suggestions(ann), journey.suggestions(carl)
        was = _picture(anns), _picture(carls)

        journey.world.clock.advance(PAST_DELETING_S)
        card = await journey.card(ann, "Alice")
        (confirm,) = await journey.after_pressing(ann, card, "Forget")
        await journey.press(ann, confirm, "Yes, delete")
        await journey.settle()
        await journey.until(lambda: "Deleted every face" in journey.now(confirm)["text"])

        await _blanked(journey, anns, was[0], "You deleted every face of Alice.")
        await _blanked(journey, carls, was[1], "Ann deleted every face of Alice.")
