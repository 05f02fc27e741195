"""Issue 32, session 36: small answers that stayed untrue where they are read. The admin
chat's answer to /pending ("Nothing waits for approval in Class 1A.") stayed English after
the group's language was switched in /settings, between answers redrawn in the new one."""

from __future__ import annotations

import re

from domain.languages import markup
from domain.languages.catalogs import in_language
from domain.moderation import texts as moderation_texts
from tests.e2e.conftest import CAST, Journey, photo_bytes
from tests.e2e.steps import reads_now
from tests.e2e.test_approvals import add_member, approving_class
from tests.e2e.test_group_settings import settings_card

HEBREW = re.compile("[\u05d0-\u05ea]")
X = CAST["angelina"]


async def test_the_pending_answer_is_said_again_in_the_groups_language(journey: Journey) -> None:
    poster, group, office, payload = await approving_class(journey)
    sent = await journey.says(poster, "/pending", office["id"])
    (nothing,) = await journey.replies(office["id"], sent)
    assert reads_now(journey, nothing) == "Nothing waits for approval in Class 1A."
    settings = await settings_card(journey, poster, office)

    await journey.press(poster, settings, "Español")
    await journey.settle()
    with in_language("es"):
        spanish = markup.plain(moderation_texts.no_pending_approvals("Class 1A"))
    assert journey.now(nothing)["text"] == spanish

    # Once Alice waits, /pending lists her card again: it follows the switch too.
    ann = journey.user("Ann")
    await add_member(journey, group, ann)
    await journey.join(ann, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    sent = await journey.says(poster, "/pending", office["id"])
    (listed,) = await journey.replies(office["id"], sent)
    assert reads_now(journey, listed).startswith("Aprobación necesaria"), listed
    await journey.press(poster, journey.now(settings), "עברית")
    await journey.settle()
    with in_language("he"):
        hebrew = markup.plain(moderation_texts.no_pending_approvals("Class 1A"))
    assert journey.now(nothing)["text"] == hebrew
    assert HEBREW.search(reads_now(journey, listed)), reads_now(journey, listed)

    await journey.press(poster, journey.now(settings), "English")
    await journey.settle()
    assert reads_now(journey, nothing) == "Nothing waits for approval in Class 1A."
