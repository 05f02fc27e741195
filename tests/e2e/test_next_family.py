"""Asking the next family: when a guardian answers "no" to "Is this Alice?", the face is
asked about once more, to the family of the child who now scores best for it (two
look-alike children of a class: here two families enrolled the same woman). Never more
than twice, never on a stranger's press, never twice on a double press."""

from __future__ import annotations

from typing import Any

from domain.corrections import texts as corrections_texts
from domain.infra.models import Delivery, Face, FaceRejection, Suggestion, UserRequest
from domain.languages import texts
from domain.languages.catalogs import _
from domain.settings import MatchingSettings
from domain.states import RequestKind, SuggestionStatus
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, data_of, photo_bytes
from tests.e2e.steps import everything_read
from tests.e2e.test_durable_requests import _all_done, _redis_lost, _workers_stopped

NOBODY = CAST["strangers"]
# Every match a question (auto out of reach); look-alikes are no one's "someone else's".
ASKING = MatchingSettings(auto=0.97, suggest=0.4)


async def _class_of_look_alikes(
    journey: Journey,
) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, Any]]:
    """Ann (Alice) and Bea (Lina), each child enrolled from other photos of the same
    woman: to the model, look-alikes. Returns (parents, poster, group)."""
    # The posted face (img11) scores 0.75 with Alice's best photo, 0.66 with Lina's:
    # Alice's family is asked first, clearly ahead (QUESTION_LEAD); Lina's next.
    cast = [
        ("Ann", "Alice", ["img6.jpg", "img10.jpg", "img2.jpg"]),
        ("Bea", "Lina", ["img1.jpg", "img4.jpg", "img5.jpg"]),
    ]
    parents = [journey.user(name) for name, _, _ in cast]
    poster = journey.user("Poster")
    group, payload = await journey.group_with_bot("Class 1A", poster, parents)
    for parent, (_name, child, photos) in zip(parents, cast, strict=True):
        await journey.join(parent, payload)
        await journey.enroll(parent, child, [photo_bytes(n) for n in photos])
    return parents, poster, group


async def _post_her(
    journey: Journey, collages: Collages, poster: dict[str, Any], group: dict[str, Any]
) -> None:
    await journey.post(group, poster, collages.make("img11.jpg", NOBODY["group"][0]))
    await journey.settle()


def _asked(journey: Journey, parents: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """The questions each parent was sent, as (parent's index, question)."""
    return [(i, q) for i, parent in enumerate(parents) for q in journey.suggestions(parent)]


def _others(
    questions: list[tuple[int, dict[str, Any]]], first: int
) -> list[tuple[int, dict[str, Any]]]:
    """The questions to parents other than ``first`` (the one asked first)."""
    return [(i, q) for i, q in questions if i != first]


async def test_a_no_asks_the_family_of_the_next_likely_child_whose_yes_gets_the_photo(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(matching=ASKING) as journey:
        parents, poster, group = await _class_of_look_alikes(journey)
        await _post_her(journey, collages, poster, group)
        ((first, question),) = _asked(journey, parents)
        second = 1 - first
        await journey.press(parents[first], question, _(texts.NO))
        await journey.settle()

        ((asked, follow_up),) = _others(_asked(journey, parents), first)
        assert asked == second
        child = ("Alice", "Lina")[second]
        assert follow_up["caption"].startswith(f"Is this {child}?")
        assert "photo" in follow_up  # the face's crop, kept for the next family
        assert journey.photos_for(parents[second]) == []
        await journey.press(parents[second], follow_up, _(texts.YES))
        await journey.settle()

        assert len(journey.photos_for(parents[second])) == 1
        assert journey.photos_for(parents[first]) == []
        face = await Face.get(suggestions__person__name=child).prefetch_related("person")
        assert face.person is not None and face.person.name == child
        assert (
            await Delivery.filter(participant__telegram_user_id=parents[first]["id"]).count() == 0
        )
        assert face.crop_key is None  # no question open: the crop is gone
        await journey.assert_consistent()


async def test_the_next_family_is_the_last_asked_and_the_crop_goes_after_its_no(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(matching=ASKING) as journey:
        parents, poster, group = await _class_of_look_alikes(journey)
        await _post_her(journey, collages, poster, group)
        ((first, question),) = _asked(journey, parents)
        await journey.press(parents[first], question, _(texts.NO))
        await journey.settle()
        ((second, follow_up),) = _others(_asked(journey, parents), first)
        await journey.press(parents[second], follow_up, _(texts.NO))
        await journey.settle()

        assert _asked(journey, parents) == []  # both answered, none open
        assert await Suggestion.filter(sent_to__isnull=False).count() == 2
        assert all(journey.photos_for(parent) == [] for parent in parents)
        (face,) = await Face.filter(suggestions__status=SuggestionStatus.REJECTED).distinct()
        assert face.person_id is None  # type: ignore[attr-defined]
        assert face.crop_key is None  # no question open, none to come: the crop is gone
        assert await FaceRejection.filter(face_id=face.id).count() == 2
        # The first "no" asked for the next family; the second, for none (a face is asked
        # about twice at most).
        requested = await UserRequest.filter(kind=RequestKind.ASK_NEXT_FAMILY)
        assert len(requested) == 1 and requested[0].done_at is not None


async def test_a_strangers_no_and_a_no_pressed_twice_ask_no_other_family(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(matching=ASKING) as journey:
        parents, poster, group = await _class_of_look_alikes(journey)
        await _post_her(journey, collages, poster, group)
        ((first, question),) = _asked(journey, parents)

        mallory = journey.user("Mallory")
        hello = await journey.reply_to(mallory, "/start")
        refused = await journey.world.press_button(
            mallory["id"], mallory["id"], hello["message_id"], data_of(question, _(texts.NO))
        )
        assert refused["text"] == corrections_texts.not_yours()
        await journey.settle()
        assert len(_asked(journey, parents)) == 1
        assert not await FaceRejection.all().exists()

        no = data_of(question, _(texts.NO))
        await journey.press(parents[first], question, _(texts.NO))
        again = await journey.world.press_button(
            parents[first]["id"], parents[first]["id"], question["message_id"], no
        )
        assert again["text"] == corrections_texts.suggestion_already_answered()
        await journey.settle()
        assert len(_others(_asked(journey, parents), first)) == 1  # one next family, once
        assert await Suggestion.all().count() == 2
        assert "Alice" not in everything_read(journey, mallory)


async def test_the_next_family_is_still_asked_when_redis_lost_the_job(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(matching=ASKING) as journey:
        parents, poster, group = await _class_of_look_alikes(journey)
        await _post_her(journey, collages, poster, group)
        ((first, question),) = _asked(journey, parents)
        await _workers_stopped(journey)
        await journey.press(parents[first], question, _(texts.NO))
        face_id = (await Suggestion.get()).face_id  # type: ignore[attr-defined]
        await _redis_lost(journey, f"{RequestKind.ASK_NEXT_FAMILY.value}:{face_id}")

        # Asked once (the workers started twice), with the crop the "no" kept for it.
        ((_other, follow_up),) = _others(_asked(journey, parents), first)
        assert "photo" in follow_up
        await _all_done(RequestKind.ASK_NEXT_FAMILY)
