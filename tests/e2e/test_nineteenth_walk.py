"""What the nineteenth walk of issue 32 (Hebrew, the whole journey) found, walked here
through the emulator as its users did: after /audit's Undo of a second rejection, the
first rejection of the same person was offered an Undo that only refused (findings19 1);
a deleted child's button on an older /persons list told the parent who deleted him "That
isn't one of your people." (findings19 9)."""

from __future__ import annotations

from domain.moderation import texts
from domain.settings import MatchingSettings
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, data_of, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat, take_down
from tests.e2e.test_approvals import alice_waiting, cards, said

X, Y = CAST["angelina"], CAST["scarlett"]
CHANGED = "That can't be undone any more: it has changed since."


async def test_the_first_rejection_is_not_offered_to_undo_once_the_second_is_undone(
    journey: Journey,
) -> None:
    poster, _group, office, ann, card = await alice_waiting(journey)
    await journey.press(poster, card, texts.reject_button())
    await journey.press(poster, journey.now(card), "Unsuitable photos")
    await journey.settle()
    # Clearer photos ask the organizers again, who reject Alice again.
    alice = await journey.card(ann, "Alice")
    await journey.after_pressing(ann, alice, "Add photos or a clip")
    sent = await journey.world.user_sends_photos(ann["id"], ann["id"], [photo_bytes(X["group"][2])])
    await journey.replies(ann["id"], sent[0])
    done = await journey.says(ann, "/done")
    await journey.replies(ann["id"], done, count=2)
    await journey.settle()
    (again,) = cards(journey, office)
    await journey.press(poster, again, texts.reject_button())
    await journey.press(poster, journey.now(again), "Enrolled already")
    await journey.settle()

    # /audit offers to undo the second rejection only; its Undo approves Alice.
    asked = await journey.says(poster, "/audit", office["id"])
    (audit,) = await journey.replies(office["id"], asked)
    assert audit["text"].count("rejected a new person") == 2, audit["text"]
    assert CHANGED in audit["text"]
    (undo,) = [label for label in labels(audit) if label.startswith("↩️ Undo")]
    assert (await journey.press(poster, audit, undo))["text"] == "Undone."
    await journey.settle()
    assert "Alice · active" in said(await journey.card(ann, "Alice"))

    # Alice is approved: the first rejection is not in force, and no /audit offers to
    # undo it; its line keeps saying why.
    shown = journey.now(audit)
    assert not [label for label in labels(shown) if label.startswith("↩️ Undo")], labels(shown)
    assert CHANGED in shown["text"], shown["text"]
    asked = await journey.says(poster, "/audit", office["id"])
    (fresh,) = await journey.replies(office["id"], asked)
    assert not [label for label in labels(fresh) if label.startswith("↩️ Undo")], labels(fresh)
    assert CHANGED in fresh["text"], fresh["text"]


async def test_an_older_list_keeps_no_button_of_a_child_gone_or_no_longer_theirs(
    journey: Journey,
) -> None:
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    # Three lists each: the oldest is no longer kept up to date, and keeps no button (walkhe4
    # 2: a merge or a deletion left them opening a child gone).
    oldest = await journey.reply_to(ann, "/persons")
    carls = await journey.reply_to(carl, "/persons")
    carls_alice = data_of(carls, "Alice")
    for _ in range(2):
        await journey.reply_to(ann, "/persons")
        await journey.reply_to(carl, "/persons")
    await journey.until(lambda: "As of" in journey.now(oldest)["text"])
    await journey.until(lambda: "As of" in journey.now(carls)["text"])
    assert labels(journey.now(oldest)) == [] and labels(journey.now(carls)) == []

    # Carl is no longer her guardian (Alice still is): his old button, pressed on an app
    # that still shows it, says she isn't his.
    (guardians,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    assert (await journey.press(ann, guardians, "Remove Carl"))["text"] == "Removed."
    await journey.settle()
    pressed = await journey.world.press_button(
        carl["id"], carl["id"], carls["message_id"], carls_alice
    )
    assert pressed["text"] == "That isn't one of your people."

    # Ann deletes Alice: her oldest list offers no button to a child gone.
    (question,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Delete")
    await journey.press(ann, question, "Yes, delete")
    await journey.until(lambda: journey.now(question)["text"] == "Deleted Alice's data.")
    await journey.settle()
    assert labels(journey.now(oldest)) == []
    assert "As of" in journey.now(oldest)["text"]


async def test_a_yes_on_a_photo_she_has_shows_on_her_open_card(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """findings19 7: her open card kept "Photos delivered: 0" after a "Yes" made a photo
    she already had (for her other child) Alice's too; a fresh card said 1."""
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, poster, group = await journey.class_with_alice()
        await journey.enroll(ann, "Bo", [photo_bytes(n) for n in Y["enroll"]])
        card = await journey.card(ann, "Alice")
        await journey.post(group, poster, collages.make(X["group"][0], Y["group"][0]))
        await journey.settle()
        questions = {q["caption"]: q for q in journey.suggestions(ann)}
        await journey.press(ann, questions["Is this Bo? (a photo in Class 1A)"], "Yes")
        await journey.settle()
        assert "Photos delivered: 0" in journey.now(card)["caption"]
        await journey.press(ann, questions["Is this Alice? (a photo in Class 1A)"], "Yes")
        await journey.settle()
        await journey.until(lambda: "Photos delivered: 1" in journey.now(card)["caption"])
        fresh = await journey.card(ann, "Alice")
        assert journey.now(card)["caption"] == fresh["caption"]


async def test_a_correction_and_a_takedown_show_on_her_open_card(journey: Journey) -> None:
    """findings18 5: after "That isn't Alice" and after a takedown of a photo she had, her
    open card still counted the copies they took; a fresh card did not."""
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    card = await journey.card(ann, "Alice")
    posted = []
    for name in X["group"][:2]:  # one at a time: each its own copy, with "Not Alice?"
        posted += await journey.post(group, poster, photo_bytes(name))
        await journey.settle()
    await journey.until(lambda: "Photos delivered: 2" in journey.now(card)["caption"])

    first, _second = journey.photos_for(ann)
    (choices,) = await journey.after_pressing(ann, first, "Not Alice?")
    await journey.press(ann, choices, "That isn't Alice")
    await journey.settle()
    await journey.until(lambda: "Photos delivered: 1" in journey.now(card)["caption"])

    await take_down(journey, group, office, poster, posted[1])
    await journey.until(lambda: "Photos delivered: 0" in journey.now(card)["caption"])
    fresh = await journey.card(ann, "Alice")
    assert journey.now(card)["caption"] == fresh["caption"]
