"""Issue 32, F16: a rename reaches the copies already delivered. Ann renames Alice to Lia:
the photos of her already in Ann's chat and in Carl's (her co-guardian) named her "Alice ·
Class 1A" with a "Not Alice?" button; they name Lia now."""

from __future__ import annotations

from tests.e2e.conftest import CAST, Journey, photo_bytes

X = CAST["angelina"]


async def test_a_rename_renames_the_copies_in_every_guardians_chat(journey: Journey) -> None:
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    await journey.post(group, poster, photo_bytes(X["group"][0]))
    await journey.until(lambda: bool(journey.singles(ann)) and bool(journey.singles(carl)))
    copies = [journey.singles(ann)[0], journey.singles(carl)[0]]
    assert [copy["caption"] for copy in copies] == ["Alice · Class 1A"] * 2

    card = await journey.card(ann, "Alice")
    await journey.after_pressing(ann, card, "Rename")
    assert (await journey.reply_to(ann, "Lia"))["text"] == "Renamed to Lia."

    await journey.until(lambda: all(journey.now(c)["caption"] == "Lia · Class 1A" for c in copies))
    for copy in copies:
        assert journey.now(copy)["reply_markup"]["inline_keyboard"][0][0]["text"] == "Not Lia?"
