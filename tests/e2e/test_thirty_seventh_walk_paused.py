"""Issue 32 (session 37): the news of a pause or a resume read as current after it stopped
being.

Carl's "Ann paused Alice: I'll hold… until one of you resumes, and then offer you the held
ones." stayed so after Alice was resumed (by Ann, or by Carl himself); "Resumed Alice: I'll
send their photos and clips again." (and the other guardian's "Carl resumed Alice: …")
after a second pause, and so did the offer of what was held ("… Send it?")."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import CAST, Collages, Journey, labels
from tests.e2e.steps import forget_everything, reads_now, sent_starting
from tests.e2e.test_thirty_sixth_walk_news import rename

User = dict[str, Any]


async def _presses(journey: Journey, user: User, name: str, label: str) -> None:
    """``user`` presses ``label`` ("Pause", "Resume") on ``name``'s card, and all it starts
    runs to its end."""
    await journey.after_pressing(user, await journey.card(user, name), label)
    await journey.settle()


async def test_the_news_of_a_pause_says_it_in_the_past_once_resumed(journey: Journey) -> None:
    """Ann pauses Alice, then resumes her: Carl's "Ann paused Alice: … until one of you
    resumes…" says it was for a while, in Alice's new name at a rename, and without Ann's
    name once she deleted everything."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await _presses(journey, ann, "Alice", "Pause")
    (news,) = sent_starting(journey, carl, "Ann paused")
    assert "until one of you resumes" in reads_now(journey, news)

    await _presses(journey, ann, "Alice", "Resume")
    assert reads_now(journey, news) == "Ann paused Alice for a while: resumed since."

    await rename(journey, ann, "Alice", "Alicia")
    await journey.settle()
    assert reads_now(journey, news) == "Ann paused Alicia for a while: resumed since."

    await forget_everything(journey, ann)
    assert reads_now(journey, news) == (
        "Another guardian of Alicia paused them for a while: resumed since."
    )


async def test_the_news_of_a_pause_says_it_in_the_past_once_its_reader_resumed(
    journey: Journey,
) -> None:
    """Ann pauses Alice, and Carl resumes her: his news of the pause no longer says what
    happens until one of them resumes."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await _presses(journey, ann, "Alice", "Pause")
    (news,) = sent_starting(journey, carl, "Ann paused")

    await _presses(journey, carl, "Alice", "Resume")
    assert reads_now(journey, news) == "Ann paused Alice for a while: resumed since."


async def test_pause_resume_pause_resume_leaves_every_answer_true(journey: Journey) -> None:
    """Ann pauses Alice, Carl resumes her, Ann pauses her again and Carl resumes her again:
    each answer and each news of them says what is true now (a resume paused again since
    says so too), in Alice's new name at a rename, and without Carl's name at his
    /forget."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await _presses(journey, ann, "Alice", "Pause")
    await _presses(journey, carl, "Alice", "Resume")
    (resumed,) = sent_starting(journey, carl, "Resumed")
    (news,) = sent_starting(journey, ann, "Carl resumed")
    assert reads_now(journey, resumed) == ("Resumed Alice: I'll send their photos and clips again.")
    assert reads_now(journey, news) == (
        "Carl resumed Alice: I'll send their photos and clips again."
    )

    await _presses(journey, ann, "Alice", "Pause")
    assert reads_now(journey, resumed) == "Resumed Alice for a while: paused again since."
    assert reads_now(journey, news) == "Carl resumed Alice for a while: paused again since."
    paused, paused_again = sent_starting(journey, ann, "Paused")
    told, told_again = sent_starting(journey, carl, "Ann paused")
    assert reads_now(journey, paused) == "Paused Alice for a while: resumed since."
    assert reads_now(journey, told) == "Ann paused Alice for a while: resumed since."
    assert "When you resume" in reads_now(journey, paused_again)
    assert "until one of you resumes" in reads_now(journey, told_again)

    await _presses(journey, carl, "Alice", "Resume")
    assert reads_now(journey, paused_again) == "Paused Alice for a while: resumed since."
    assert reads_now(journey, told_again) == "Ann paused Alice for a while: resumed since."
    assert reads_now(journey, resumed) == "Resumed Alice for a while: paused again since."
    assert reads_now(journey, news) == "Carl resumed Alice for a while: paused again since."
    _, resumed_again = sent_starting(journey, carl, "Resumed")
    _, news_again = sent_starting(journey, ann, "Carl resumed")
    assert reads_now(journey, resumed_again) == (
        "Resumed Alice: I'll send their photos and clips again."
    )
    assert reads_now(journey, news_again) == (
        "Carl resumed Alice: I'll send their photos and clips again."
    )

    await rename(journey, ann, "Alice", "Alicia")
    await journey.settle()
    assert reads_now(journey, resumed) == "Resumed Alicia for a while: paused again since."
    assert reads_now(journey, news) == "Carl resumed Alicia for a while: paused again since."

    await forget_everything(journey, carl)
    assert reads_now(journey, news) == (
        "Another guardian of Alicia resumed them for a while: paused again since."
    )


async def test_an_offer_of_what_was_held_closes_at_a_second_pause(
    journey: Journey, collages: Collages
) -> None:
    """A photo of Alice is held while Ann paused her; Ann resumes her and, before answering
    the offer, pauses her again: the offer no longer asks "Send it?", and the next resume
    offers the photo again."""
    ann, poster, group = await journey.class_with_alice()
    await _presses(journey, ann, "Alice", "Pause")
    await journey.post(group, poster, collages.make(CAST["angelina"]["group"][0]))
    await journey.settle()
    await _presses(journey, ann, "Alice", "Resume")
    offered = "While Alice was paused, I held 1 photo of them from Class 1A. Send it?"
    (offer,) = sent_starting(journey, ann, "While Alice was paused")
    assert reads_now(journey, offer) == offered

    await _presses(journey, ann, "Alice", "Pause")
    assert reads_now(journey, offer) == (
        "While Alice was paused, I held photos or clips of them. This offer closed when they "
        "were paused again: the next resume offers everything held."
    )
    assert labels(journey.now(offer)) == []

    await _presses(journey, ann, "Alice", "Resume")
    _, again = sent_starting(journey, ann, "While Alice was paused")
    assert reads_now(journey, again) == offered
    await journey.press(ann, again, "Yes")
    await journey.until(lambda: reads_now(journey, again) == "Sent 1 photo.")
