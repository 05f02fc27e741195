"""Leftovers of issue 32 (session 34): names and news left stale in co-guardians' chats.

Once Bea deleted everything with /forget, Ann's chat still named her in "Bea said a face in
a photo from Class 1A isn't Alice…", "Bea renamed Alice to Alicia.", "Bea paused Alicia…",
"Bea resumed Alicia…" and "Bea answered this question: yes, that's Alice."; so did Carl's
"Ann merged Amy into Alice: …" once Ann did. Their names went with their data: these now
say "Another guardian…" (or name no one), in the reader's language.

Carl's "You're in: I'll look for Alice and Amy in Class 1A…", redrawn once he stopped
getting Amy's photos ("Since then you are no longer a guardian of Amy: I look for Alice…"),
kept "Alice" once Ann renamed her; so did one redrawn at his leaving Class 1A, once he was
back.

Carl, who stopped getting Alice's photos after Ann merged Amy into her and undid it, read
the merge's news without its undo."""

from __future__ import annotations

from typing import Any

from domain.corrections import texts as corrections_texts
from domain.languages import markup
from domain.languages.catalogs import in_language
from domain.persons import texts as persons_texts
from domain.settings import MatchingSettings
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, photo_bytes
from tests.e2e.steps import co_guardian_then_joins, forget_everything, reads_now, sent_starting
from tests.e2e.test_approvals import add_member

X, Y, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]
User = dict[str, Any]


def _hebrew(text: str) -> str:
    """A text made in Hebrew (inside ``in_language``) as its reader reads it."""
    return markup.plain(text).replace("\u2068", "").replace("\u2069", "")


def reading(journey: Journey, user: User, text: str) -> list[dict[str, Any]]:
    """The bot's messages to the user that read ``text`` now."""
    return [
        m
        for m in journey.world.transcript(user["id"])
        if m["from"]["is_bot"] and reads_now(journey, m) == text
    ]


async def _rename(journey: Journey, user: User, name: str, new: str) -> None:
    await journey.after_pressing(user, await journey.card(user, name), "Rename")
    assert (await journey.reply_to(user, new))["text"] == f"Renamed to {new}."


async def _ann_merges_amy_into_alice(journey: Journey) -> tuple[User, User, dict[str, Any]]:
    """Ann, Alice's owner, enrolls Amy and merges her into Alice; Carl, Alice's other
    guardian, reads the news ("Ann merged Amy into Alice: …"): Ann, Carl and that news."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await journey.enroll_again(
        ann, "Amy", [photo_bytes(n) for n in (X["group"][0], X["group"][1], "img11.jpg")]
    )
    (choose,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Merge")
    await journey.confirm_merge(ann, choose, "Amy")
    await journey.until(lambda: bool(sent_starting(journey, carl, "Ann merged")))
    (news,) = sent_starting(journey, carl, "Ann merged")
    await journey.settle()
    return ann, carl, news


async def test_a_forgotten_co_guardians_news_no_longer_names_her(
    journey: Journey, collages: Collages
) -> None:
    """Ann reads Hebrew; Bea, Alice's other guardian, removes a photo, renames Alice, pauses
    and resumes her, then deletes everything: each of Ann's messages about it says it
    without Bea's name, in Hebrew."""
    ann, poster, group = await journey.class_with_alice()
    bea = journey.user("Bea")
    await co_guardian_then_joins(journey, ann, "Alice", bea, group)
    journey.world.user(ann["id"]).language_code = "he"  # her Telegram app speaks Hebrew
    await journey.reply_to(ann, "/start")
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (beas,) = journey.photos_for(bea)
    (choices,) = await journey.after_pressing(bea, beas, "Not Alice?")
    assert (await journey.press(bea, choices, "That isn't Alice"))["text"] == "Done."
    await journey.settle()
    await _rename(journey, bea, "Alice", "Alicia")
    await journey.after_pressing(bea, await journey.card(bea, "Alicia"), "Pause")
    await journey.settle()
    await journey.after_pressing(bea, await journey.card(bea, "Alicia"), "Resume")
    await journey.settle()

    with in_language("he"):
        told = [
            # (Said before the rename: in the new name since.)
            corrections_texts.copy_removed_by_co_guardian(
                "Alicia", "Class 1A", remembered=True, clip=False, by="Bea"
            ),
            persons_texts.renamed_by("Bea", "Alice", "Alicia"),
            # (Resumed since: said in the past, issue 32.)
            persons_texts.paused_by_then_resumed("Bea", "Alicia"),
            persons_texts.resumed_by("Bea", "Alicia"),
        ]
        unnamed = [
            corrections_texts.copy_removed_by_co_guardian(
                "Alicia", "Class 1A", remembered=True, clip=False, by=None
            ),
            persons_texts.renamed_by(None, "Alice", "Alicia"),
            persons_texts.paused_by_then_resumed(None, "Alicia"),
            persons_texts.resumed_by(None, "Alicia"),
        ]
    messages = []
    for text in told:
        (message,) = reading(journey, ann, _hebrew(text))
        messages.append(message)

    await forget_everything(journey, bea)
    assert [reads_now(journey, m) for m in messages] == [_hebrew(t) for t in unnamed]
    assert not any("Bea" in reads_now(journey, m) for m in messages)


async def test_a_forgotten_co_guardians_answer_no_longer_names_her(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """Ann and Bea are both asked "Is this Alice?"; Bea answers yes, then deletes
    everything: Ann's question no longer names her."""
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, poster, group = await journey.class_with_alice()
        bea = journey.user("Bea")
        await co_guardian_then_joins(journey, ann, "Alice", bea, group)
        await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        await journey.settle()
        (anns,) = journey.suggestions(ann)
        (beas,) = journey.suggestions(bea)
        await journey.press(bea, beas, "Yes")
        await journey.until(lambda: "answered" in reads_now(journey, anns))
        await journey.settle()
        assert reads_now(journey, anns) == "Bea answered this question: yes, that's Alice."

        await forget_everything(journey, bea)
        assert reads_now(journey, anns) == (
            "Another guardian answered this question: yes, that's Alice."
        )


async def test_a_forgotten_mergers_news_no_longer_names_her(journey: Journey) -> None:
    """Ann merges Amy into Alice, then deletes everything: Carl's news of the merge says
    it without her name."""
    ann, _carl, news = await _ann_merges_amy_into_alice(journey)

    await forget_everything(journey, ann)
    assert reads_now(journey, news) == (
        "Amy was merged into Alice: they are one child now, called Alice. You were a "
        "guardian of Alice only, so from now on you'll get the photos and clips of Amy too."
    )


async def test_a_rename_reaches_a_you_are_in_redrawn_for_a_child_gone(journey: Journey) -> None:
    """Carl's "You're in: I'll look for Alice and Amy…", redrawn once he stopped getting
    Amy's photos, names Alicia once Ann renamed Alice; so does it once he is back in
    Class 1A after Ann renamed her again while he was out."""
    ann, _poster, group = await journey.class_with_alice()
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in Y["enroll"]])
    carl = journey.user("Carl")
    await journey.co_guardian(ann, "Alice", carl)
    await co_guardian_then_joins(journey, ann, "Amy", carl, group)
    await journey.until(lambda: sent_starting(journey, carl, "You're in") != [])
    (carls_in,) = sent_starting(journey, carl, "You're in")
    keep = reads_now(journey, carls_in).split("\n\n")[-1]
    (guardians,) = await journey.after_pressing(carl, await journey.card(carl, "Amy"), "Guardians")
    await journey.press(carl, guardians, "Stop getting Amy's photos and clips")
    await journey.until(lambda: reads_now(journey, carls_in).startswith("Since then"))
    await journey.settle()

    await _rename(journey, ann, "Alice", "Alicia")
    await journey.until(lambda: "Alicia" in reads_now(journey, carls_in))
    await journey.settle()
    assert reads_now(journey, carls_in) == (
        "Since then you are no longer a guardian of Amy: I look for Alicia in Class 1A, and "
        "send you the photos and clips they are in.\n\n" + keep
    )

    # Out of Class 1A meanwhile: it says so, and once back, what it said, of Lia.
    await journey.world.set_member_status(group["id"], carl["id"], "left")
    await journey.until(lambda: not reads_now(journey, carls_in).startswith("Since then"))
    await journey.settle()
    await _rename(journey, ann, "Alicia", "Lia")
    await journey.settle()
    await add_member(journey, group, carl)
    await journey.join(carl, journey.group_payload(group))
    await journey.until(lambda: reads_now(journey, carls_in).startswith("Since then"))
    await journey.settle()
    assert reads_now(journey, carls_in) == (
        "Since then you are no longer a guardian of Amy: I look for Lia in Class 1A, and "
        "send you the photos and clips they are in.\n\n" + keep
    )


async def test_leaving_after_an_undone_merge_says_the_undo(journey: Journey) -> None:
    """Ann merges Amy into Alice and undoes it; Carl stops getting Alice's photos: his news
    of the merge says it was undone, and that he was her guardian until then."""
    ann, carl, news = await _ann_merges_amy_into_alice(journey)
    history = await journey.reply_to(ann, "/history")
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
    await journey.settle()

    (guardians,) = await journey.after_pressing(
        carl, await journey.card(carl, "Alice"), "Guardians"
    )
    await journey.press(carl, guardians, "Stop getting Alice's photos and clips")
    await journey.until(lambda: "until you stopped" in reads_now(journey, news))
    await journey.settle()
    assert reads_now(journey, news) == (
        "Ann merged Amy into Alice; that merge has since been undone. You were a guardian of "
        "Alice until you stopped getting their photos and clips."
    )
