"""What the thirty-first session's English walk found naming a child by its old name once
its owner renamed it (walken7 2): the messages that told its guardians it is ready, that
they or another guard it, or that another guardian's correction took a copy of its photo
kept "Alice" beside cards, captions and lists that said "Alicia", though each is still
true as it stands. Each says now what it said, in the child's new name."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import CAST, Collages, Journey, photo_bytes
from tests.e2e.steps import co_guardian_then_joins, reads_now, sent_starting

X, NOBODY = CAST["angelina"], CAST["strangers"]


def naming(journey: Journey, user: dict[str, Any], name: str) -> list[str]:
    """What the bot's messages to the user say now, of those that name ``name``."""
    return [
        reads_now(journey, m)
        for m in journey.world.transcript(user["id"])
        if m["from"]["is_bot"] and name in reads_now(journey, m)
    ]


async def test_a_rename_reaches_the_ready_guardian_and_copy_gone_notices(
    journey: Journey, collages: Collages
) -> None:
    """Ann renames Alice to Alicia: her "Alice is ready…", "Carl is now also a guardian of
    Alice…", "Carl now gets the photos and clips of Alice…" and "Carl removed…", and Carl's
    "You're now a guardian of Alice…", say what they said, of Alicia."""
    ann, poster, group = await journey.class_with_alice()
    carl = journey.user("Carl")
    await co_guardian_then_joins(journey, ann, "Alice", carl, group)
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (carls,) = journey.photos_for(carl)
    (choices,) = await journey.after_pressing(carl, carls, "Not Alice?")
    await journey.press(carl, choices, "Remove this photo only")
    await journey.settle()
    (ready,) = sent_starting(journey, ann, "Alice is ready")
    (joined,) = sent_starting(journey, ann, "Carl is now also a guardian of Alice")
    (gets,) = sent_starting(journey, ann, "Carl now gets")
    (gone,) = sent_starting(journey, ann, "Carl removed a Class 1A photo")
    (guardian,) = sent_starting(journey, carl, "You're now a guardian of Alice")

    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Rename")
    assert (await journey.reply_to(ann, "Alicia"))["text"] == "Renamed to Alicia."
    await journey.until(lambda: "Alicia" in reads_now(journey, guardian))
    await journey.settle()
    assert reads_now(journey, ready) == (
        "Alicia is ready. I'll send you the photos and clips they appear in from: Class 1A."
        "\n\nFor a child: give their birth date on their card (/persons, Alicia, Birth date), "
        "and I'll weigh each photo by the child's age in it, to keep finding them as they grow."
    )
    # He has opened Class 1A's link since (test_thirty_third_walk_fixes).
    assert reads_now(journey, joined) == (
        "Carl is now also a guardian of Alicia: they accepted an invitation, and since then "
        "opened my link in a group they are in."
    )
    assert reads_now(journey, gets) == "Carl now gets the photos and clips of Alicia from Class 1A."
    assert reads_now(journey, gone) == (
        "Carl removed a Class 1A photo from Alicia's photos, so I deleted your copy of that photo."
    )
    assert reads_now(journey, guardian) == (
        "You're now a guardian of Alicia. Since then you opened my link in Class 1A, so you "
        "get their photos and clips from there."
    )
    # Nothing else names her by her old name but what asked for her photos and her new
    # name, and what told of the rename, as they did then. (Carl's "You're in: I'll look
    # for Alice in Class 1A…" is left: its group's keep redraws its words, kept whole.)
    assert naming(journey, ann, "Alice") == [
        "Now send me 3 to 10 photos of Alice (several at once is fine): recent, clear photos "
        "where the face is large, well lit and looking at the camera, and nobody else is close "
        "(a child changes fast: photos of the last months find them best). A short clip works "
        "too: 5 to 15 seconds of the face up close, turning slowly, as phones film it for face "
        "unlock. Send /done when you have sent at least 3, or /cancel.",
        "Thanks! I'm learning Alice's face now; I'll tell you when I'm ready.",
        "What should Alice's new name be? Send it, or /cancel.",
    ]
    assert [t for t in naming(journey, carl, "Alice") if not t.startswith("You're in")] == [
        "Ann renamed Alice to Alicia."
    ]


async def test_a_rename_after_forget_faces_says_what_forget_faces_left(
    journey: Journey,
) -> None:
    """Alice's faces forgotten, then photos of her added again: each rename has the notices
    say what those left them saying, in her name then ("Since then every face of Lia was
    deleted…", "… and then photos of them were added again"), not what they said first."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await journey.settle()
    (ready,) = sent_starting(journey, ann, "Alice is ready")
    (gets,) = sent_starting(journey, ann, "Carl now gets")
    (guardian,) = sent_starting(journey, carl, "You're now a guardian of Alice")

    (question,) = await journey.after_pressing(
        ann, await journey.card(ann, "Alice"), "Forget faces"
    )
    await journey.press(ann, question, "Yes, delete")
    await journey.settle()
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Rename")
    assert (await journey.reply_to(ann, "Lia"))["text"] == "Renamed to Lia."
    await journey.until(lambda: "Lia" in reads_now(journey, guardian))
    await journey.settle()
    assert reads_now(journey, ready) == (
        "Since then every face of Lia was deleted: I send no photos or clips of them until "
        "photos or a clip of them are added again from /persons."
    )
    assert reads_now(journey, gets) == (
        "Carl is a guardian of Lia too. Since then every face of Lia was deleted: I send no "
        "photos or clips of them to anyone until photos or a clip of them are added again "
        "from /persons."
    )
    assert reads_now(journey, guardian) == (
        "You're a guardian of Lia. Since then every face of Lia was deleted: I send no photos "
        "or clips of them until photos or a clip of them are added again from /persons."
    )

    await journey.after_pressing(ann, await journey.card(ann, "Lia"), "Add photos or a clip")
    for name in X["enroll"]:
        (sent,) = await journey.world.user_sends_photos(ann["id"], ann["id"], [photo_bytes(name)])
        await journey.replies(ann["id"], sent)
    await journey.reply_to(ann, "/done")
    await journey.until(lambda: journey.last(ann).get("text", "").startswith("Lia is ready"))
    await journey.settle()
    await journey.after_pressing(ann, await journey.card(ann, "Lia"), "Rename")
    assert (await journey.reply_to(ann, "Leah"))["text"] == "Renamed to Leah."
    await journey.until(lambda: "Leah" in reads_now(journey, guardian))
    await journey.settle()
    assert reads_now(journey, ready) == (
        "Since then every face of Leah was deleted, and then photos of them were added again: "
        "I look for Leah again and send you the photos and clips they are in."
    )
    assert reads_now(journey, gets) == (
        "Carl is a guardian of Leah too. Since then every face of Leah was deleted, and then "
        "photos of them were added again: I look for Leah again, for Carl too."
    )
    assert reads_now(journey, guardian) == (
        "You're a guardian of Leah. Since then every face of Leah was deleted, and then photos "
        "of them were added again: I look for Leah again."
    )
