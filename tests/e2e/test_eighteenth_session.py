"""What stayed on screen, untrue, after a guardian left (issue 32; findings16 1), read as
each reader reads it: the owner's open "Guardians…" list kept naming the co-guardian who
had left, and its "Remove" said "This button has expired." and took every button away."""

from __future__ import annotations

from typing import Any

from domain.infra.models import Person
from domain.states import PersonStatus
from tests.e2e.conftest import Journey, data_of, labels

LEAVE = "Stop getting Alice's photos and clips"
REMOVE_CARL = "Remove Carl as a guardian"
ANN_ALONE = (
    "The guardians of Alice: Ann (you). If you stop getting their photos and clips, no "
    "guardian is left, so I delete them and everything about them."
)


def _said(journey: Journey, message: dict[str, Any]) -> str:
    now = journey.now(message)
    return str(now.get("text") or now.get("caption") or "")


async def test_an_open_guardians_list_names_who_guards_now_and_keeps_what_applies(
    journey: Journey,
) -> None:
    """findings16 1."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    (anns,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    assert sorted(labels(anns)) == [REMOVE_CARL, LEAVE]
    remove_carl = data_of(anns, REMOVE_CARL)

    # Carl leaves from his own list: Ann's open list says who guards Alice now, with the
    # button that still applies to her.
    (carls,) = await journey.after_pressing(carl, await journey.card(carl, "Alice"), "Guardians")
    await journey.press(carl, carls, LEAVE)
    await journey.until(lambda: _said(journey, anns) == ANN_ALONE)
    assert labels(journey.now(anns)) == [LEAVE]
    # Her app had not redrawn it yet: its "Remove Carl" says why it does nothing, and the
    # list keeps what applies.
    pressed = await journey.world.press_button(
        ann["id"], ann["id"], anns["message_id"], remove_carl
    )
    assert pressed["text"] == "Carl is no longer a guardian of Alice."
    assert _said(journey, anns) == ANN_ALONE and labels(journey.now(anns)) == [LEAVE]

    # Invited again, Carl deletes everything: a list that nothing redrew, pressed, says the
    # truth and shows the guardians as they are now, its other button kept.
    await journey.settle()
    await journey.co_guardian(ann, "Alice", carl)
    (again,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    assert sorted(labels(again)) == [REMOVE_CARL, LEAVE]
    forget = await journey.reply_to(carl, "/forget")
    await journey.after_pressing(carl, forget, "Yes, delete everything")
    await journey.settle()
    pressed = await journey.world.press_button(
        ann["id"], ann["id"], again["message_id"], data_of(again, REMOVE_CARL)
    )
    assert pressed["text"] == "Carl is no longer a guardian of Alice."
    await journey.until(lambda: _said(journey, again) == ANN_ALONE)
    assert labels(journey.now(again)) == [LEAVE]
    assert (await Person.get(name="Alice")).status == PersonStatus.ACTIVE
