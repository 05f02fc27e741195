"""Issue 32 (session 36): news that stayed on screen after they stopped being true.

Ann's "Paused Alice: I'll keep recognizing them…" and "Resumed Alice: I'll send their photos
and clips again." (her card's answers) kept the old name after a rename, and "Paused…" kept
promising to hold photos after "Forget faces", a deletion or her /forget. Carl's "Ann had me
forget the faces of Alice…" kept the old name after a rename, and "Ann added 1 photo of
Alice. I'll use it once the organizers of Class 1A approve Alice." kept Ann's name after
her /forget, and its promise after the organizers' decision. "Merged Amy into Alice. You can
undo it from the history." stayed once "Forget faces" of Alice made the undo impossible, and
"The organizers of Class 1A now have me send you its photos and clips once a day…" once
they undid it from /audit."""

from __future__ import annotations

from typing import Any

from domain.moderation import texts as moderation_texts
from tests.e2e.conftest import CAST, Journey, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import (
    delete_person,
    forget_everything,
    forget_faces,
    reads_now,
    sent_starting,
)
from tests.e2e.test_approvals import add_member, alice_waiting, cards, said
from tests.e2e.test_group_settings import settings_card

User = dict[str, Any]
X, SARA = CAST["angelina"], CAST["scarlett"]


async def rename(journey: Journey, user: User, old: str, new: str) -> None:
    await journey.after_pressing(user, await journey.card(user, old), "Rename")
    assert (await journey.reply_to(user, new))["text"] == f"Renamed to {new}."


async def _paused(journey: Journey, ann: User) -> User:
    """Ann presses "Pause" on Alice's card: her answer "Paused Alice: …"."""
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Pause")
    await journey.until(lambda: bool(sent_starting(journey, ann, "Paused")))
    (paused,) = sent_starting(journey, ann, "Paused")
    await journey.settle()
    return paused


async def test_paused_and_resumed_follow_a_rename(journey: Journey) -> None:
    """Ann pauses and resumes Alice, then renames her Alicia: both answers name Alicia (the
    pause's in the past since the resume)."""
    ann, _poster, _group = await journey.class_with_alice()
    paused = await _paused(journey, ann)
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Resume")
    await journey.until(lambda: bool(sent_starting(journey, ann, "Resumed")))
    (resumed,) = sent_starting(journey, ann, "Resumed")
    await journey.settle()

    await rename(journey, ann, "Alice", "Alicia")
    await journey.until(lambda: "Alicia" in reads_now(journey, resumed))
    await journey.settle()
    assert reads_now(journey, paused) == "Paused Alicia for a while: resumed since."
    assert reads_now(journey, resumed) == "Resumed Alicia: I'll send their photos and clips again."


async def test_paused_says_what_forget_faces_and_forget_made_of_it(journey: Journey) -> None:
    """Ann pauses Alice: after "Forget faces" her "Paused Alice: …" says every face of
    Alice was deleted, as her "Alice is ready…" does; after her /forget (Alice, with no
    other guardian, went with it), that she is no longer a guardian."""
    ann, _poster, _group = await journey.class_with_alice()
    paused = await _paused(journey, ann)

    await forget_faces(journey, ann, "Alice")
    assert reads_now(journey, paused) == (
        "Since then every face of Alice was deleted: I send no photos or clips of them until "
        "photos or a clip of them are added again from /persons."
    )

    await forget_everything(journey, ann)
    assert reads_now(journey, paused) == (
        "You deleted everything I had about you, so you are no longer a guardian here and I "
        "no longer send you photos or clips."
    )


async def test_paused_says_the_deletion(journey: Journey) -> None:
    """Ann pauses Alice, then deletes her: "Paused Alice: …" no longer promises to hold her
    photos."""
    ann, _poster, _group = await journey.class_with_alice()
    paused = await _paused(journey, ann)

    await delete_person(journey, ann, "Alice")
    assert reads_now(journey, paused) in (
        "Alice has since been deleted, with everything I had about them: I no longer send "
        "anyone their photos and clips.",
        "Alice was paused then.",
    )


async def test_forget_faces_news_follows_a_rename(journey: Journey) -> None:
    """Ann has Alice's faces forgotten, then renames her Alicia: Carl's "Ann had me forget
    the faces of Alice…" names Alicia."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await forget_faces(journey, ann, "Alice")
    (carls,) = sent_starting(journey, carl, "Ann had me")

    await rename(journey, ann, "Alice", "Alicia")
    await journey.until(lambda: "Alicia" in reads_now(journey, carls))
    await journey.settle()
    assert reads_now(journey, carls) == (
        "Ann had me forget the faces of Alicia: I deleted every one I had; the name and "
        'guardians are kept. Open /persons and choose "Add photos or a clip" to enroll them '
        "again."
    )


WAITS = "I'll use it once the organizers of Class 1A approve Alice."


async def carls_news_of_a_photo_added(journey: Journey, ann: User, carl: User) -> User:
    """Carl accepts Ann's invitation to Alice, then Ann adds a photo of her from the card:
    Carl's news of it ("Ann added 1 photo of Alice…")."""
    await journey.co_guardian(ann, "Alice", carl)
    await journey.settle()
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Add photos or a clip")
    sent = await journey.world.user_sends_photos(ann["id"], ann["id"], [photo_bytes(X["group"][2])])
    await journey.replies(ann["id"], sent[0])
    await journey.replies(ann["id"], await journey.says(ann, "/done"), count=2)
    await journey.until(lambda: bool(sent_starting(journey, carl, "Ann added")))
    (news,) = sent_starting(journey, carl, "Ann added")
    await journey.settle()
    return news


async def _added_while_waiting(journey: Journey) -> tuple[User, User, User, User]:
    """Alice waits for Class 1A's organizers; Carl, a member, is her co-guardian; Ann adds
    a photo of her: (poster, the office, Ann, Carl's news of the photo)."""
    poster, group, office, ann, _card = await alice_waiting(journey)
    carl = journey.user("Carl")
    await add_member(journey, group, carl)
    await journey.join(carl, journey.group_payload(group))
    news = await carls_news_of_a_photo_added(journey, ann, carl)
    assert reads_now(journey, news) == f"Ann added 1 photo of Alice. {WAITS}"
    return poster, office, ann, news


async def test_photos_added_while_waiting_say_the_approval(journey: Journey) -> None:
    """The organizers approve Alice: Carl's "Ann added 1 photo of Alice. I'll use it once
    … approve Alice." says they did, as Ann's own "Added…" does."""
    poster, office, _ann, news = await _added_while_waiting(journey)

    card = [c for c in cards(journey, office) if "New person: Alice" in said(c)][-1]
    await journey.press(poster, card, moderation_texts.approve_button())
    await journey.settle()
    assert reads_now(journey, news) == (
        "New faces of Alice were added. Alice waited for the approval of the organizers of "
        "Class 1A: they have since approved Alice."
    )


async def test_photos_added_while_waiting_lose_the_name_at_forget(journey: Journey) -> None:
    """Ann deletes everything while Alice waits: Carl's news no longer names her, and says
    the organizers' decision once they approve Alice."""
    poster, office, ann, news = await _added_while_waiting(journey)

    await forget_everything(journey, ann)
    assert reads_now(journey, news) == f"Another guardian added 1 photo of Alice. {WAITS}"

    card = [c for c in cards(journey, office) if "New person: Alice" in said(c)][-1]
    await journey.press(poster, card, moderation_texts.approve_button())
    await journey.settle()
    assert reads_now(journey, news) == (
        "New faces of Alice were added. Alice waited for the approval of the organizers of "
        "Class 1A: they have since approved Alice."
    )


async def test_a_merges_answer_drops_the_undo_once_its_faces_are_forgotten(
    journey: Journey,
) -> None:
    """Ann merges Amy into Alice, then has Alice's faces forgotten: /history refuses the
    undo now, and the merge's answer no longer offers it."""
    ann, _, _ = await journey.class_with_alice()
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    (choose,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Merge")
    merged = await journey.confirm_merge(ann, choose, "Amy")
    await journey.settle()
    assert reads_now(journey, merged) == (
        "Merged Amy into Alice. You can undo it from the history."
    )

    await forget_faces(journey, ann, "Alice")
    assert reads_now(journey, merged) == (
        "Merged Amy into Alice; every face of Alice was deleted since, so it can't be undone."
    )


async def test_a_delivery_told_says_it_was_changed_since(journey: Journey) -> None:
    """The organizers of Class 1A turn the daily digest on, then undo it from /audit: Ann's
    "… now have me send you its photos and clips once a day…" says it in the past, above
    the news that they come as they come again."""
    ann, poster, group = await journey.class_with_alice()
    chat = await bound_admin_chat(journey, group, [poster])
    card = await settings_card(journey, poster, chat)
    await journey.press(poster, card, "Daily digest")
    await journey.until(lambda: bool(sent_starting(journey, ann, "The organizers of Class 1A")))
    (digest,) = sent_starting(journey, ann, "The organizers of Class 1A")
    await journey.settle()
    assert "now have me send you its photos and clips once a day" in reads_now(journey, digest)

    (audit,) = await journey.replies(chat["id"], await journey.says(poster, "/audit", chat["id"]))
    assert (await journey.press(poster, audit, "↩️ Undo 1"))["text"] == "Undone."
    await journey.until(lambda: "as they come" in journey.last(ann).get("text", ""))
    await journey.settle()
    said = reads_now(journey, digest)
    assert said.startswith(
        "For a while, the organizers of Class 1A had me send you its photos and clips this "
        "way: a daily digest, at "
    ), said
    assert said.endswith(". They have changed it since."), said
