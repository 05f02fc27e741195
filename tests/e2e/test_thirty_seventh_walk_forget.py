"""Issue 32, session 37: what a /forget or a leaving still left untrue, or named. The heir of
an owner who used /forget read her name ("Ann deleted their data with me, so you're now the
owner of Alice…") while that same /forget took it out of every other message. In the chat of
one who used /forget, a message about Benny, merged into Benjamin long before, read "You
were a guardian of Benny.", and three messages (Benjamin ready, paused, resumed) read the
same "You were a guardian of Benjamin." (walk36b N5, 4). The owner's "Leave Alice? … and
Carl becomes their owner" stayed as it was once Carl left, or used /forget, and its "Leave"
then answered only "This button has expired." (review36 7)."""

from __future__ import annotations

from tests.e2e.conftest import Journey
from tests.e2e.steps import forget_everything, reads_now, sent_starting


async def test_the_heir_of_an_owner_who_used_forget_is_told_without_her_name(
    journey: Journey,
) -> None:
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await forget_everything(journey, ann)
    await journey.until(lambda: bool(sent_starting(journey, carl, "Its previous owner")))
    (owner,) = sent_starting(journey, carl, "Its previous owner")
    assert reads_now(journey, owner) == (
        "Its previous owner deleted their data with me, so you're now the owner of Alice: you "
        "can invite other guardians, and only you can delete Alice, forget their faces or "
        "remove a guardian."
    )
