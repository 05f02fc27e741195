"""Issue 32 (session 37): every answer true where it is read, and a deleted child's name kept
in no row.

Carl's "Ann added 1 photo of Alice. I'll use it once the organizers of Class 1A approve
Alice." found the organizers' decision by the group's title: a group renamed before they
decided left it waiting for good, and with two groups waiting the first decision hid the
other (review36 6). Carl's old card blanked "Ann deleted every face of Alice." written
before its row kept Alice's id could not be found by her deletion, and kept her name
(review36 3: migration 0093 drops it)."""

from __future__ import annotations

import importlib
from typing import Any

from tortoise import Tortoise

from domain.infra.models import ForgetNotice, Group
from domain.moderation import texts as moderation_texts
from domain.settings import MatchingSettings
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import delete_person, forget_everything, forget_faces, reads_now
from tests.e2e.test_approvals import add_member, cards, said
from tests.e2e.test_deleted_past_48_hours import _blanked, carls_old_copies
from tests.e2e.test_thirty_sixth_walk_deleted import stored_naming
from tests.e2e.test_thirty_sixth_walk_news import carls_news_of_a_photo_added

User = dict[str, Any]
X = CAST["angelina"]


async def _waits_in(journey: Journey, *titles: str) -> tuple[User, list[User], User]:
    """Each of ``titles`` approves new persons (Poster organizes them, in one admin chat
    each); Ann and Carl are members of each; Ann enrolls Alice, Carl becomes her
    co-guardian, and Ann adds a photo of her while she waits: (poster, the admin chats,
    Carl's news of the photo)."""
    poster, ann, carl = journey.user("Poster"), journey.user("Ann"), journey.user("Carl")
    offices, payloads = [], []
    for title in titles:
        group, payload = await journey.group_with_bot(title, poster, [])
        await Group.filter(chat_id=group["id"]).update(requires_approval=True)
        offices.append(await bound_admin_chat(journey, group, [poster], f"{title} office"))
        for user in (ann, carl):
            await add_member(journey, group, user)
        payloads.append(payload)
    for user in (ann, carl):
        for payload in payloads:
            await journey.join(user, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    news = await carls_news_of_a_photo_added(journey, ann, carl)
    return poster, offices, news


async def _decide(journey: Journey, poster: User, office: User, *buttons: str) -> None:
    card = [c for c in cards(journey, office) if "New person: Alice" in said(c)][-1]
    for button in buttons:
        await journey.press(poster, journey.now(card), button)
    await journey.settle()


async def test_photos_added_while_waiting_say_the_decision_of_a_group_renamed(
    journey: Journey,
) -> None:
    """Class 1A is renamed Class 2A before its organizers approve Alice: Carl's news says
    they did."""
    poster, (office,), news = await _waits_in(journey, "Class 1A")
    assert reads_now(journey, news) == (
        "Ann added 1 photo of Alice. I'll use it once the organizers of Class 1A approve Alice."
    )

    await Group.filter(title="Class 1A").update(title="Class 2A")
    await _decide(journey, poster, office, moderation_texts.approve_button())
    assert reads_now(journey, news) == (
        "New faces of Alice were added. Alice waited for the approval of the organizers of "
        "Class 2A: they have since approved Alice."
    )


async def test_photos_added_while_waiting_in_two_groups_say_each_decision(
    journey: Journey,
) -> None:
    """Alice waits in Class 1A and Class 1B: Carl's news says the first decision and that
    she still waits in the other group, then both decisions."""
    poster, (first, second), news = await _waits_in(journey, "Class 1A", "Class 1B")
    assert reads_now(journey, news) == (
        "Ann added 1 photo of Alice. I'll use it once the organizers of Class 1A and Class 1B "
        "approve Alice."
    )

    await _decide(journey, poster, second, moderation_texts.reject_button(), "Not of this group")
    assert reads_now(journey, news) == (
        "New faces of Alice were added. Alice waited for the approval of the organizers of "
        "Class 1B: they have since decided not to approve Alice. Alice still waits for the "
        "approval of the organizers of Class 1A."
    )

    await _decide(journey, poster, first, moderation_texts.approve_button())
    assert reads_now(journey, news) == (
        "New faces of Alice were added. Alice waited for the approval of the organizers of "
        "Class 1A: they have since approved Alice. Alice waited for the approval of the "
        "organizers of Class 1B: they have since decided not to approve Alice."
    )


async def test_an_old_card_kept_without_the_child_s_id_keeps_no_name(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """Carl's card and question of Alice, too old to delete, blanked "Ann deleted every face
    of Alice." when their rows kept no id of Alice: migration 0093 drops her name, and they
    read as they did; at Ann's /forget, they say it of "a child you guarded"."""
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        old = await carls_old_copies(journey, collages)
        ann, carls_card, carls = old.ann, old.card, old.question
        await forget_faces(journey, ann, "Alice")
        await _blanked(journey, carls, old.question_was, "Ann deleted every face of Alice.")
        for row in await ForgetNotice.filter(kind="news_by"):  # as written before "of" was
            row.said = {k: v for k, v in (row.said or {}).items() if k != "of"}
            await row.save(update_fields=["said"])

        migration = importlib.import_module("migrations.0093_kept_names")
        await Tortoise.get_connection("default").execute_script(migration.FORGET_THE_NAMES)
        assert reads_now(journey, carls) == "Ann deleted every face of Alice."
        await delete_person(journey, ann, "Alice")
        assert await stored_naming("Alice") == {}

        await forget_everything(journey, ann)
        assert reads_now(journey, carls) == "Every face of a child you guarded was deleted."
        assert reads_now(journey, carls_card) == "Every face of a child you guarded was deleted."
        assert await stored_naming("Ann") == {}
