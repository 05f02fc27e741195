"""What the seventh walk of issue 32 found untrue on the person cards and /persons lists,
read as their readers read them: "faces forgotten ..., 7 learned faces" on the lists
edited at "Forget faces"; the photos delivered counted 0 once the faces were forgotten,
while the copies are still in the chats, and a card offering to forget or pause what has no
face left; English answers to a guardian who reads Hebrew."""

from __future__ import annotations

from typing import Any

from domain.enrollment.texts import action_label
from domain.languages import markup
from domain.languages.catalogs import in_language
from domain.persons import texts
from tests.e2e.conftest import CAST, Collages, Journey, labels, photo_bytes

X, NOBODY = CAST["angelina"], CAST["strangers"]


async def test_forgotten_faces_are_none_on_every_list_and_the_copies_still_count(
    journey: Journey, collages: Collages
) -> None:
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    lists = [await journey.reply_to(reader, "/persons") for reader in (ann, carl)]
    for listed in lists:
        assert listed["text"].startswith("Your people:\n• Alice: active, ")
    card = await journey.card(ann, "Alice")
    assert card["caption"].splitlines()[-1].startswith("Photos delivered: 1 · learned faces: ")

    (question,) = await journey.after_pressing(ann, card, "Forget faces")
    await journey.press(ann, question, "Yes, delete")  # said where it was asked, edited
    await journey.until(lambda: journey.now(question)["text"] == "Deleted every face of Alice.")
    # Both lists were edited to "faces forgotten ..., 3 learned faces" (counted before the
    # faces went).
    forgotten = (
        "Your people:\n• Alice: faces forgotten: add photos or a clip to enroll again, "
        "0 learned faces"
    )
    await journey.until(lambda: all(journey.now(m)["text"] == forgotten for m in lists))

    # The copy is still in both chats: it was delivered, and still counts ("Photos
    # delivered: 0" was read); nothing is left to forget or to pause.
    for reader in (ann, carl):
        copies = [
            m
            for m in journey.world.transcript(reader["id"])
            if m["from"]["is_bot"] and "photo" in m and "Class 1A" in m.get("caption", "")
        ]
        assert len(copies) == 1  # its "Not Alice?" gone with the faces (photos_for reads that)
        copy = copies[0]

        def plain(copy: dict[str, Any] = copy) -> bool:
            return "reply_markup" not in journey.now(copy)

        await journey.until(plain)
    fresh = await journey.card(ann, "Alice")
    assert fresh["text"].splitlines()[-1] == "Photos delivered: 1 · learned faces: 0"
    assert labels(fresh) == [
        "Rename",
        "Birth date",
        "Add photos or a clip",
        "Invite co-guardian",
        "Guardians…",
        "History",
        "Delete",
    ]
    assert not {"Pause", "Forget faces"} & set(labels(await journey.card(carl, "Alice")))


async def test_leaving_is_answered_in_the_leavers_language(journey: Journey) -> None:
    _, carl, _, _ = await journey.class_with_alice_and_carl()
    chooser = await journey.reply_to(carl, "/language")
    await journey.press(carl, chooser, "עברית")
    with in_language("he"):
        guardians = action_label("guardians")
        leave = markup.plain(texts.leave_button("Alice"))
        left = markup.plain(texts.left_person("Alice"))
    card = await journey.card(carl, "Alice")
    (listing,) = await journey.after_pressing(carl, card, guardians)
    # Popup and message read "You no longer receive Alice's photos and clips." (made at
    # import, it was English; it said "their", with no name, on a list that no longer shows it).
    popup = await journey.press(carl, listing, leave)
    assert popup["text"] == left
    await journey.until(lambda: journey.now(listing)["text"] == left)


async def test_enrolling_again_after_forgetting_brings_every_card_and_list_up_to_date(
    journey: Journey,
) -> None:
    ann, carl, _, _ = await journey.class_with_alice_and_carl()
    card = await journey.card(ann, "Alice")
    (question,) = await journey.after_pressing(ann, card, "Forget faces")
    await journey.press(ann, question, "Yes, delete")  # said where it was asked, edited
    await journey.until(lambda: journey.now(question)["text"] == "Deleted every face of Alice.")
    # The cards and lists each guardian has open, from before the re-enrollment.
    faceless = [await journey.card(reader, "Alice") for reader in (ann, carl)]
    assert all(c["text"].startswith("Alice · faces forgotten") for c in faceless)
    lists = [
        [
            m
            for m in journey.world.transcript(reader["id"])
            if m["from"]["is_bot"] and m.get("text", "").startswith("Your people:")
        ][-1]
        for reader in (ann, carl)
    ]
    assert all("faces forgotten" in m["text"] for m in lists)

    def accepted() -> int:
        return sum(m.get("text", "").startswith("✅") for m in journey.world.transcript(ann["id"]))

    before = accepted()
    (asked,) = await journey.after_pressing(ann, faceless[0], "Add photos or a clip")
    assert "3 to 10 photos" in asked["text"]
    album = [photo_bytes(name) for name in X["enroll"]]
    await journey.world.user_sends_photos(ann["id"], ann["id"], album)
    await journey.until(lambda: accepted() == before + len(album))
    done = await journey.says(ann, "/done")
    _, ready = await journey.replies(ann["id"], done, count=2)
    assert "Alice is ready" in ready["text"]

    # Every list and card kept "faces forgotten: add photos or a clip to enroll again"; a fresh
    # /persons said active.
    await journey.until(
        lambda: all(
            journey.now(m)["text"].startswith("Your people:\n• Alice: active, ") for m in lists
        )
    )

    def current(reader: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            m
            for m in journey.world.transcript(reader["id"])
            if m["from"]["is_bot"] and m.get("caption", "").startswith("Alice · active")
        ]

    # A text card cannot take the new picture: it goes, and a current card comes.
    await journey.until(lambda: all(journey.now(old).get("_deleted") for old in faceless))
    await journey.until(lambda: [len(current(reader)) for reader in (ann, carl)] == [1, 1])
    assert all(journey.has_button(current(reader)[0], "Pause") for reader in (ann, carl))
