"""findings19 14: the admin chat's "<group> is paused: ... until you send /resume"
announcement stayed in the present tense once the group ran again (by /resume, or by
/audit's Undo of the pause), where a ban's announcement says it was lifted."""

from __future__ import annotations

import re

from tests.e2e.conftest import Journey
from tests.e2e.organizers import bound_admin_chat

PAUSED = "Class 1A is paused: I recognize and send nothing from it until you send /resume."
LIFTED = re.compile(
    r"Class 1A was paused \w{3} \d{1,2} \d\d:\d\d UTC until Poster( \(@poster\))? resumed it "
    r"\w{3} \d{1,2} \d\d:\d\d UTC\."
)


async def test_the_pause_announcement_says_it_was_lifted_by_resume_and_by_undo(
    journey: Journey,
) -> None:
    poster = journey.user("Poster")
    group, _ = await journey.group_with_bot("Class 1A", poster, [])
    office = await bound_admin_chat(journey, group, [poster])

    sent = await journey.says(poster, "/pause", office["id"])
    (paused,) = await journey.replies(office["id"], sent)
    assert paused["text"].startswith(PAUSED)
    sent = await journey.says(poster, "/resume", office["id"])
    (resumed,) = await journey.replies(office["id"], sent)
    assert resumed["text"] == "Class 1A is running again."
    # It kept "is paused ... until you send /resume" while the group ran.
    await journey.until(lambda: LIFTED.fullmatch(journey.now(paused)["text"]) is not None)
    assert LIFTED.fullmatch(journey.now(paused)["text"]), journey.now(paused)["text"]

    # Paused again, lifted by /audit's Undo of the pause: the same.
    sent = await journey.says(poster, "/pause", office["id"])
    (again,) = await journey.replies(office["id"], sent)
    assert again["text"].startswith(PAUSED)
    asked = await journey.says(poster, "/audit", office["id"])
    (shown,) = await journey.replies(office["id"], asked)
    assert (await journey.press(poster, shown, "↩️ Undo 1"))["text"] == "Undone."
    await journey.until(lambda: LIFTED.fullmatch(journey.now(again)["text"]) is not None)
    assert LIFTED.fullmatch(journey.now(again)["text"]), journey.now(again)["text"]
    # The first one still says its own pause and resume.
    assert LIFTED.fullmatch(journey.now(paused)["text"])
