"""What the eleventh walk of issue 32 found untrue about moves and merges (findings11 1, 2,
6, 16), read as each guardian reads it: a move back left the first move's "Moved: that face
is Amy now." with an Undo that only refused, and the co-guardian without the copy the first
move took; "Forget faces" left the move back's Undo, which said "This button has expired.";
a merge left an open "Who is it, then?" menu offering the merged-away name; and the merge
question said the forgotten person's photos move, when their copies keep her name. And a
merge's copy edits, owed in its own transaction, outlive a crash right after it."""

from __future__ import annotations

import pytest

from domain.delivery import copies as copies_module
from tests.e2e.conftest import (
    CAST,
    Collages,
    Journey,
    JourneyFactory,
    data_of,
    labels,
    photo_bytes,
)
from tests.e2e.test_durable_requests import _workers_stopped

X, SARA, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]

CHANGED_SINCE = "That can't be undone any more: the face or person has changed since."


async def test_moves_forget_and_merge_leave_every_answer_true(
    journey: Journey, collages: Collages
) -> None:
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (anns,) = journey.photos_for(ann)
    (carls,) = journey.photos_for(carl)

    # Ann moves the face to Amy: Carl, Alice's only, loses his copy and is told.
    (choices,) = await journey.after_pressing(ann, anns, "Not Alice?")
    await journey.press(ann, choices, "That isn't Alice")
    await journey.press(ann, journey.now(choices), "Amy")
    first = journey.now(choices)
    assert first["text"].startswith("Moved: that face is Amy now.")
    first_undo = data_of(first, "Undo")
    assert journey.now(carls).get("_deleted") is True
    await journey.settle()

    # And back to Alice: Carl gets the copy again, told why, as an undo would, and Ann's
    # answer says so (moves3 1: it said nothing of it), naming nobody; the first move's
    # message says it can't be undone, with no Undo.
    (choices,) = await journey.after_pressing(ann, journey.now(anns), "Not Amy?")
    await journey.press(ann, choices, "That isn't Amy")
    await journey.press(ann, journey.now(choices), "Alice")
    back = journey.now(choices)
    assert back["text"] == (
        "Moved: that face is Alice now. The other guardian who lost their copy gets it back, "
        "and I told them why."
    )
    assert labels(back) == ["Undo"]
    await journey.until(lambda: not labels(journey.now(first)))
    assert journey.now(first)["text"] == (
        f"Moved: that face was Amy's, until a later change.\n{CHANGED_SINCE}"
    )
    await journey.settle()
    told = [
        m.get("text")
        for m in journey.world.transcript(carl["id"])
        if "after all" in m.get("text", "")
    ]
    assert told == [
        "Ann said that face in a photo from Class 1A is Alice's after all, so I'm sending you "
        "the photo again."
    ]
    again = [m for m in journey.photos_for(carl) if not journey.now(m).get("_deleted")]
    assert [labels(m) for m in again] == [["Not Alice?"]]

    # The first move's Undo, pressed anyway: the undo's own refusal, as /history says it.
    refused = await journey.world.press_button(
        ann["id"], ann["id"], first["message_id"], first_undo
    )
    assert refused["text"] == CHANGED_SINCE
    # A stranger replaying that Undo's data from his own chat: refused as any old button,
    # and his message is not rewritten with Ann's children's names.
    mallory = journey.user("Mallory")
    hello = await journey.reply_to(mallory, "/start")
    replayed = await journey.world.press_button(
        mallory["id"], mallory["id"], hello["message_id"], first_undo
    )
    assert "Amy" not in replayed["text"] and "Alice" not in replayed["text"]
    assert replayed["text"] != CHANGED_SINCE
    assert journey.now(hello)["text"] == hello["text"]

    # A photo of Amy; Ann opens "Not Amy?" -> "That isn't Amy": the menu offers Alice.
    await journey.post(group, poster, photo_bytes(SARA["group"][0]))
    await journey.settle()
    amys = [m for m in journey.photos_for(ann) if labels(m) == ["Not Amy?"]][-1]
    (menu,) = await journey.after_pressing(ann, amys, "Not Amy?")
    await journey.press(ann, menu, "That isn't Amy")
    assert labels(journey.now(menu)) == ["Alice", "Someone I don't know"]

    # "Forget faces" on Alice: the move back's message says why its Undo went.
    (question,) = await journey.after_pressing(
        ann, await journey.card(ann, "Alice"), "Forget faces"
    )
    await journey.press(ann, question, "Yes, delete")
    await journey.until(lambda: not labels(journey.now(back)))
    assert journey.now(back)["text"] == "Moved: that face was Alice's, until it was deleted."
    await journey.settle()

    # Merging Alice into Amy: the question says Alice's copies keep her name; the open
    # menu about Amy's face, which offered Alice, closes naming the merge.
    (choose,) = await journey.after_pressing(ann, await journey.card(ann, "Amy"), "Merge")
    await journey.press(ann, choose, "Alice")
    await journey.until(lambda: journey.has_button(journey.now(choose), "Merge, keep"))
    assert (
        "Alice's faces were forgotten: the photos and clips of Alice already sent keep that "
        "name, whichever name stays."
    ) in journey.now(choose)["text"]
    await journey.press(ann, journey.now(choose), "Merge, keep")
    await journey.until(lambda: not labels(journey.now(menu)))
    assert journey.now(menu)["text"] == (
        "Closed: Alice was merged into Amy. Press “Not Amy?” again to correct this."
    )


async def test_a_merge_owes_its_copies_edits_as_it_commits(
    journey_factory: JourneyFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bot dies as the merge commits, before its reaction owed the copies' edits: here
    # that reaction never runs. The edits were owed in the merge's own transaction, and the
    # workers, started again (they reconcile at start-up), show them.
    async def died(*_: object) -> None:
        return None

    monkeypatch.setattr(copies_module, "on_persons_merged", died)
    async with journey_factory() as journey:
        ann, poster, group = await journey.class_with_alice()
        await journey.enroll(ann, "Yara", [photo_bytes(n) for n in SARA["enroll"]])
        await journey.post(group, poster, photo_bytes(SARA["group"][0]))
        await journey.settle()
        (yaras,) = journey.photos_for(ann)
        assert labels(yaras) == ["Not Yara?"]

        await _workers_stopped(journey)
        (choose,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Merge")
        await journey.confirm_merge(ann, choose, "Yara")
        assert labels(journey.now(yaras)) == ["Not Yara?"]  # no worker runs yet
        await journey.shutdown()
        await journey.start()
        await journey.until(lambda: labels(journey.now(yaras)) == ["Not Alice?"])
        assert "Yara" not in journey.now(yaras)["caption"]
