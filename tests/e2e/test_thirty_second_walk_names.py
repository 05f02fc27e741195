"""Leftovers of issue 32 (session 32): notices that kept an old name, or lost a fact, once
what they told changed.

Carl, Alice's co-guardian, read "Ann merged Amy into Alice: … you'll get the photos and
clips of Amy too"; once he stopped getting Alice's photos, it was redrawn to the very line
of the "You're now a guardian of Alice…" above it, and the merge was gone from his chat. It
now keeps the merge, in the past.

A rename reached neither a co-guardian's "You're in: I'll look for Alice in Class 1A…" nor the
children a "You're in Class 1A." says still wait for the organizers, or were refused there;
nor what the organizers' decisions redraw ("… I'll tell you when they decide", "You're now a
guardian of Alice, but … have not approved Alice"); nor a merge's news to a co-guardian; nor
an heir's "Ann deleted their data with me, so you're now the owner of Alice…"."""

from __future__ import annotations

from typing import Any

from domain.moderation import texts as moderation_texts
from tests.e2e.conftest import CAST, Journey, photo_bytes
from tests.e2e.steps import forget_everything, owner_leaves
from tests.e2e.test_approvals import add_member, alice_waiting

X, Y = CAST["angelina"], CAST["scarlett"]
User = dict[str, Any]


def _plain(text: str) -> str:
    return text.replace("\u2068", "").replace("\u2069", "")


def text_of(journey: Journey, message: dict[str, Any]) -> str:
    now = journey.now(message)
    return _plain(str(now.get("text") or now.get("caption") or ""))


def said(journey: Journey, user: User, start: str) -> list[dict[str, Any]]:
    """The bot's messages to the user that started with ``start`` when sent."""
    return [
        m
        for m in journey.world.transcript(user["id"])
        if m["from"]["is_bot"] and _plain(m.get("text", "")).startswith(start)
    ]


async def _amy_merged_into_alice(journey: Journey) -> tuple[User, User, dict[str, Any]]:
    """Ann and Carl guard Alice in Class 1A; Ann enrolls Amy (alone hers) and merges her
    into Alice: (ann, carl, Carl's news of the merge)."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await journey.enroll_again(
        ann, "Amy", [photo_bytes(n) for n in (X["group"][0], X["group"][1], "img11.jpg")]
    )
    (choose,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Merge")
    await journey.confirm_merge(ann, choose, "Amy")
    await journey.until(lambda: bool(said(journey, carl, "Ann merged")))
    (news,) = said(journey, carl, "Ann merged")
    assert text_of(journey, news) == (
        "Ann merged Amy into Alice: they are one child now, called Alice. You were a "
        "guardian of Alice only, so from now on you'll get the photos and clips of Amy too."
    )
    await journey.settle()
    return ann, carl, news


async def test_leaving_keeps_the_merge_in_its_news(journey: Journey) -> None:
    """Carl stops getting Alice's photos: the merge's news says the merge still, and that he
    was her guardian until then (it read the line of the message above it)."""
    _ann, carl, news = await _amy_merged_into_alice(journey)
    (guardian,) = said(journey, carl, "You're now a guardian of Alice")

    (guardians,) = await journey.after_pressing(
        carl, await journey.card(carl, "Alice"), "Guardians"
    )
    await journey.press(carl, guardians, "Stop getting Alice's photos and clips")
    await journey.until(lambda: text_of(journey, guardian).startswith("You were"))
    await journey.settle()
    assert text_of(journey, guardian) == (
        "You were a guardian of Alice until you stopped getting their photos and clips."
    )
    assert text_of(journey, news) == (
        "Ann merged Amy into Alice. You were a guardian of Alice until you stopped getting "
        "their photos and clips."
    )


async def _rename(journey: Journey, user: User, name: str, new: str) -> None:
    await journey.after_pressing(user, await journey.card(user, name), "Rename")
    assert (await journey.reply_to(user, new))["text"] == f"Renamed to {new}."


async def test_a_rename_reaches_a_co_guardians_you_are_in(journey: Journey) -> None:
    """Carl's "You're in: I'll look for Alice in Class 1A…" (and the group's keep below it)
    kept "Alice" once Ann renamed her Alicia: it says what it said, of Alicia."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await journey.settle()
    (joined,) = said(journey, carl, "You're in: I'll look for Alice in Class 1A")
    before = text_of(journey, joined)
    assert "\n\n" in before  # the group's keep

    await _rename(journey, ann, "Alice", "Alicia")
    await journey.until(lambda: "Alicia" in text_of(journey, joined))
    await journey.settle()
    assert text_of(journey, joined) == before.replace("Alice", "Alicia")


async def test_a_rename_reaches_the_children_a_you_are_in_says_wait(journey: Journey) -> None:
    """Ann, back in Class 1A, read "You're in Class 1A… Nothing of Sara comes to you from
    Class 1A until its organizers give their approval. Alice isn't approved in Class 1A…":
    each rename says it again in the new names, its parts as they were."""
    poster, group, _office, ann, alice_card = await alice_waiting(journey)
    await journey.press(poster, alice_card, moderation_texts.reject_button())
    await journey.press(poster, journey.now(alice_card), "Not of this group")
    await journey.settle()
    await journey.enroll(ann, "Sara", [photo_bytes(n) for n in Y["enroll"]])
    await journey.world.set_member_status(group["id"], ann["id"], "left")
    await journey.settle()
    await add_member(journey, group, ann)
    await journey.join(ann, journey.group_payload(group))
    await journey.settle()
    (joined,) = said(journey, ann, "You're in Class 1A.")
    before = text_of(journey, joined)
    assert (
        "Nothing of Sara comes to you from Class 1A until its organizers give their approval."
        "\nAlice isn't approved in Class 1A" in before
    ), before

    await _rename(journey, ann, "Sara", "Sarah")
    await journey.until(lambda: "Sarah" in text_of(journey, joined))
    await _rename(journey, ann, "Alice", "Alicia")
    await journey.until(lambda: "Alicia" in text_of(journey, joined))
    await journey.settle()
    assert text_of(journey, joined) == before.replace("Sara", "Sarah").replace("Alice", "Alicia")


async def test_a_rename_reaches_what_waits_for_the_organizers(journey: Journey) -> None:
    """Alice waits for Class 1A's organizers: Ann's "Alice is ready… I'll tell you when they
    decide", and Bob's "You're now a guardian of Alice,
    but… while the organizers of Alice's group have not approved Alice", kept "Alice" once
    Ann renamed her, and so did what the organizers' approval redrew them to."""
    poster, _group, _office, ann, card = await alice_waiting(journey)
    bob = journey.user("Bob")
    await journey.co_guardian(ann, "Alice", bob)
    await journey.settle()
    (ready,) = said(journey, ann, "Alice is ready")
    assert text_of(journey, ready) == (
        "Alice is ready. In Class 1A, the organizers approve new persons first: I'll tell you "
        "when they decide."
    )
    (accepted,) = said(journey, bob, "You're now a guardian of Alice")

    await _rename(journey, ann, "Alice", "Alicia")
    await journey.until(lambda: "Alicia" in text_of(journey, accepted))
    await journey.settle()
    assert text_of(journey, accepted) == (
        "You're now a guardian of Alicia, but no photos or clips of Alicia come to you while "
        "the organizers of Alicia's group have not approved Alicia."
    )
    # Said as when approval is turned on again: it waits, of Alicia.
    assert text_of(journey, ready) == (
        "Alicia is ready. Alicia needs the approval of the organizers of Class 1A before I "
        "send photos and clips from there. I'll tell you when they decide."
    )

    await journey.press(poster, journey.now(card), moderation_texts.approve_button())
    await journey.settle()
    await _rename(journey, ann, "Alicia", "Lia")
    await journey.until(lambda: "Lia" in text_of(journey, accepted))
    await journey.settle()
    assert text_of(journey, ready) == (
        "Lia is ready. Lia waited for the approval of the organizers of Class 1A: they have "
        "since approved Lia."
    )
    assert text_of(journey, accepted) == (
        "You're now a guardian of Lia. When you accepted, the organizers of Lia's group had not "
        "approved Lia. They have since approved Lia. /persons says where the photos and clips "
        "of Lia come to you from now."
    )


async def test_a_rename_reaches_a_merges_news(journey: Journey) -> None:
    """Ann renames Alice, Amy merged into her, to Alicia: Carl's news of the merge names
    Alicia (it kept "Alice" beside cards in the new name), and says it so once he leaves."""
    ann, carl, news = await _amy_merged_into_alice(journey)

    await _rename(journey, ann, "Alice", "Alicia")
    await journey.until(lambda: "Alicia" in text_of(journey, news))
    await journey.settle()
    assert text_of(journey, news) == (
        "Ann merged Amy into Alicia: they are one child now, called Alicia. You were a "
        "guardian of Alicia only, so from now on you'll get the photos and clips of Amy too."
    )

    (guardians,) = await journey.after_pressing(
        carl, await journey.card(carl, "Alicia"), "Guardians"
    )
    await journey.press(carl, guardians, "Stop getting Alicia's photos and clips")
    await journey.until(lambda: "until you stopped" in text_of(journey, news))
    assert text_of(journey, news) == (
        "Ann merged Amy into Alicia. You were a guardian of Alicia until you stopped getting "
        "their photos and clips."
    )


async def test_a_rename_reaches_the_heirs_you_are_now_the_owner(journey: Journey) -> None:
    """Ann, Alice's owner, deletes everything: Carl reads "Its previous owner deleted their
    data with me, so you're now the owner of Alice…" (without Ann's name since session 37),
    which kept "Alice" once he renamed her. It says it of Alicia."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await journey.settle()
    await forget_everything(journey, ann)
    gone = "Its previous owner deleted their data with me"
    await journey.until(lambda: bool(said(journey, carl, gone)))
    (owner,) = said(journey, carl, gone)
    await journey.settle()

    await _rename(journey, carl, "Alice", "Alicia")
    await journey.until(lambda: "Alicia" in text_of(journey, owner))
    assert text_of(journey, owner) == (
        "Its previous owner deleted their data with me, so you're now the owner of Alicia: you "
        "can invite other guardians, and only you can delete Alicia, forget their faces or "
        "remove a guardian."
    )


async def test_a_rename_reaches_the_heirs_you_are_now_the_owner_when_the_owner_left(
    journey: Journey,
) -> None:
    """Ann, Alice's owner, stops getting her photos: Carl's "Ann left, so you're now the
    owner of Alice…" kept "Alice" once he renamed her; it says it of Alicia."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    (guardians,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    await owner_leaves(journey, ann, guardians, "Alice")
    await journey.until(lambda: bool(said(journey, carl, "Ann left")))
    (owner,) = said(journey, carl, "Ann left")
    await journey.settle()

    await _rename(journey, carl, "Alice", "Alicia")
    await journey.until(lambda: "Alicia" in text_of(journey, owner))
    assert text_of(journey, owner) == (
        "Ann left, so you're now the owner of Alicia: you alone can delete them, forget their "
        "faces and remove other guardians."
    )


async def test_an_undone_merges_news_follows_a_rename_and_a_leaving(journey: Journey) -> None:
    """Ann undoes the merge of Amy into Alice: Carl's "Ann undid the merge of Amy into
    Alice: … You get the photos and clips of Alice only, as before the merge." kept "Alice"
    once she renamed Alice, and read the line above it once he left Alice."""
    ann, carl, news = await _amy_merged_into_alice(journey)
    history = await journey.reply_to(ann, "/history")
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
    (undone,) = await journey.replies(carl["id"], news)
    assert text_of(journey, undone) == (
        "Ann undid the merge of Amy into Alice: they are two persons again. You get the "
        "photos and clips of Alice only, as before the merge."
    )
    await journey.settle()

    await _rename(journey, ann, "Alice", "Alicia")
    await journey.until(lambda: "Alicia" in text_of(journey, undone))
    await journey.settle()
    assert text_of(journey, undone) == (
        "Ann undid the merge of Amy into Alicia: they are two persons again. You get the "
        "photos and clips of Alicia only, as before the merge."
    )

    (guardians,) = await journey.after_pressing(
        carl, await journey.card(carl, "Alicia"), "Guardians"
    )
    await journey.press(carl, guardians, "Stop getting Alicia's photos and clips")
    await journey.until(lambda: "until you stopped" in text_of(journey, undone))
    assert text_of(journey, undone) == (
        "Ann undid the merge of Amy into Alicia. You were a guardian of Alicia until you "
        "stopped getting their photos and clips."
    )
