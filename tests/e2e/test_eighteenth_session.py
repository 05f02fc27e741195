"""What stayed on screen, untrue, after a guardian left, a claim was decided, or /forget
(issue 32; findings16 1, 7, 8, 9 and findings17 3), read as each reader reads it: the
owner's open "Guardians…" list kept naming the co-guardian who had left, and its "Remove"
said "This button has expired." and took every button away; a "No, not my child" pressed
after "Yes" said the claim link was revoked; an older /unclaimed list kept "the claim
waits for your decision" and its [Delete] after the approval; after /forget, an open "Is
this Alice?" kept its [Yes] [No] ("That isn't one of your people."), and the answers and
corrections she had made kept saying what would be remembered and whose the faces are."""

from __future__ import annotations

from typing import Any

from domain.infra.models import Person
from domain.settings import MatchingSettings
from domain.states import PersonStatus
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, data_of, labels
from tests.e2e.steps import forget_everything
from tests.e2e.test_claims import _card, _claim, _class, _name

X, NOBODY = CAST["angelina"], CAST["strangers"]
ASKING = MatchingSettings(auto=0.97, suggest=0.4)  # every true match is asked about
LEAVE = "Stop getting Alice's photos and clips"
REMOVE_CARL = "Remove Carl as a guardian"
ANN_ALONE = (
    "The guardians of Alice: Ann (you). If you stop getting their photos and clips, no "
    "guardian is left, so I delete them and everything about them."
)
CLOSED = "Closed: you deleted everything I had about you."
NOTHING_KEPT = "Since then you deleted everything I had about you: I keep nothing of this for you."


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

    # Invited again, Carl deletes everything: the list is redrawn too, and its old "Remove
    # Carl", pressed before her app redrew it, says the truth.
    await journey.settle()
    await journey.co_guardian(ann, "Alice", carl)
    (again,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    assert sorted(labels(again)) == [REMOVE_CARL, LEAVE]
    remove_carl = data_of(again, REMOVE_CARL)
    await forget_everything(journey, carl)
    await journey.until(lambda: _said(journey, again) == ANN_ALONE)
    assert labels(journey.now(again)) == [LEAVE]
    pressed = await journey.world.press_button(
        ann["id"], ann["id"], again["message_id"], remove_carl
    )
    assert pressed["text"] == "Carl is no longer a guardian of Alice."
    assert _said(journey, again) == ANN_ALONE and labels(journey.now(again)) == [LEAVE]
    assert (await Person.get(name="Alice")).status == PersonStatus.ACTIVE


async def test_forget_closes_her_questions_and_what_she_answered_keeps_nothing(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """findings16 9 and findings17 3: Alice stays with Carl, Ann deletes everything."""
    async with journey_factory(matching=ASKING) as journey:
        ann, carl, poster, group = await journey.class_with_alice_and_carl()

        # Ann says yes to one question (the photo comes) and removes that photo again (a
        # correction with its Undo), says no to a second, and leaves a third open.
        await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        await journey.settle()
        (yes_asked,) = journey.suggestions(ann)
        await journey.press(ann, yes_asked, "Yes")
        await journey.until(lambda: _said(journey, yes_asked).startswith("Yes, that's Alice"))
        await journey.settle()
        (copy,) = journey.photos_for(ann)
        (choices,) = await journey.after_pressing(ann, copy, "Not Alice?")
        await journey.press(ann, choices, "Remove this photo only")
        await journey.until(lambda: _said(journey, choices).startswith("Removed this photo"))
        assert labels(journey.now(choices)) == ["Undo"]

        await journey.post(group, poster, collages.make(X["group"][1], NOBODY["group"][1]))
        await journey.settle()
        (no_asked,) = journey.suggestions(ann)
        await journey.press(ann, no_asked, "No")
        await journey.until(lambda: _said(journey, no_asked).startswith("Not Alice."))
        assert "I'll remember" in _said(journey, no_asked)

        await journey.post(group, poster, collages.make(X["group"][2], NOBODY["group"][2]))
        await journey.settle()
        (open_asked,) = journey.suggestions(ann)
        (carls_open,) = journey.suggestions(carl)  # his earlier ones say Ann answered
        yes = data_of(open_asked, "Yes")

        await forget_everything(journey, ann)

        # Her open question is closed, saying why; Carl's stays his to answer.
        await journey.until(lambda: labels(journey.now(open_asked)) == [])
        assert _said(journey, open_asked) == CLOSED
        assert labels(journey.now(carls_open)) == ["Yes", "No"]
        # What she answered and corrected no longer says what is remembered, nor whose the
        # faces are, and offers no Undo.
        for answered in (yes_asked, no_asked, choices):
            assert _said(journey, answered) == NOTHING_KEPT, journey.now(answered)
            assert labels(journey.now(answered)) == []

        # Her app still showing the question's buttons: a press says it is closed.
        pressed = await journey.world.press_button(
            ann["id"], ann["id"], open_asked["message_id"], yes
        )
        assert pressed["text"] == CLOSED
        # Carl answers his: her closed question is not told who answered.
        await journey.press(carl, journey.now(carls_open), "Yes")
        await journey.until(lambda: _said(journey, carls_open).startswith("Yes, that's Alice"))
        await journey.settle()
        assert _said(journey, open_asked) == CLOSED


async def _claim_waits(
    journey: Journey, collages: Collages
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any], str, dict[str, Any]]:
    """Pat said "Yes, that's my child" to Tom's sheet: (poster, pat, office, the sheet, its
    "No" as it was sent, the claim's card)."""
    poster, pat, _mallory, _group, office = await _class(journey, collages)
    payload = await _name(journey, poster, office)
    question = await _claim(journey, pat, payload)
    before = journey.world.transcript(office["id"])[-1]["message_id"]
    no = data_of(question, "No, not my child")
    await journey.after_pressing(pat, question, "Yes, that's my child")
    return poster, pat, office, question, no, await _card(journey, office, before)


async def test_no_pressed_after_yes_says_where_the_claim_stands(
    journey: Journey, collages: Collages
) -> None:
    """findings16 7: it said the link was revoked, and to ask for a new one."""
    _poster, pat, _office, question, no, _ = await _claim_waits(journey, collages)
    # Her app had not redrawn the sheet: its "No" says where her claim stands.
    pressed = await journey.world.press_button(pat["id"], pat["id"], question["message_id"], no)
    assert pressed["text"] == "You said yes: the organizers of Class 1A decide now; I'll tell you."
    assert (await Person.get(name="Tom")).status == PersonStatus.UNCLAIMED


async def test_an_older_unclaimed_list_says_the_child_was_claimed(
    journey: Journey, collages: Collages
) -> None:
    """findings16 8: it kept "the claim waits for your decision" and its Delete."""
    poster, _pat, office, _question, _no, card = await _claim_waits(journey, collages)
    sent = await journey.says(poster, "/unclaimed", office["id"])
    (listing,) = await journey.replies(office["id"], sent)
    assert "the claim waits for your decision" in listing["text"]
    delete = data_of(listing, "Delete")
    await journey.press(poster, card, "✅ Approve")
    await journey.settle()
    # Its Delete says what became of Tom, and the list is as it is now.
    pressed = await journey.world.press_button(
        poster["id"], office["id"], listing["message_id"], delete
    )
    assert pressed["text"] == "Tom was claimed: the organizers approved a parent's claim."
    await journey.until(
        lambda: _said(journey, listing) == "No named child is waiting to be claimed in Class 1A."
    )
    assert labels(journey.now(listing)) == []
    assert (await Person.get(name="Tom")).status == PersonStatus.ACTIVE
