"""Messages shown before a change, read after it (findings21 10, 11, 15, 12): each says
what is true now, and offers no button that no longer applies."""

from __future__ import annotations

from typing import Any

from domain.moderation import texts as moderation_texts
from sandbox.collages import Collages
from tests.e2e.conftest import CAST, Journey, data_of, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat, take_down
from tests.e2e.steps import forget_everything, read_export
from tests.e2e.test_approvals import add_member, alice_waiting, approving_class, cards, records
from tests.e2e.test_claims import _claim as claim
from tests.e2e.test_claims import _class as claims_class
from tests.e2e.test_claims import _name as name_from_whois
from tests.e2e.test_eleventh_walk_guardians import text_of
from tests.e2e.test_eleventh_walk_history import PAST_DELETING_S, numbered
from tests.e2e.test_group_settings import settings_card

X, NOBODY = CAST["angelina"], CAST["strangers"]
GONE_FACES = "That can't be undone: the faces it concerned were deleted."
NO_CHANGES = "No changes to show. Changes about a deleted person are deleted with them."
# "That isn't Alice" taught me something: the line says so (walk34 4).
UNMATCHED = "unmatched 1 face: Alice (and I remember it isn't Alice's)"
GUARDS_NO_ONE = (
    "No changes to show: you guard no one now, and changes about a deleted person are deleted "
    "with them."
)
CHANGED_SINCE = "That can't be undone any more: the face or person has changed since."
KEPT_30 = "clips 30 days after they were posted"
NAMED_TOM = "Named Tom. /unclaimed can rename Tom until a parent's claim of them is approved."


async def test_a_removed_co_guardians_card_too_old_to_delete_is_emptied(
    journey: Journey,
) -> None:
    """findings21 10: past 48 hours, Carl's card of Alice kept her face, "Guardians: Ann,
    Carl (you)" and every button after Ann removed him."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    carls_card = await journey.card(carl, "Alice")
    assert "photo" in carls_card and labels(carls_card)
    cover = carls_card["photo"][-1]["file_unique_id"]

    journey.world.clock.advance(PAST_DELETING_S)
    (guardians,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    assert (await journey.press(ann, guardians, "Remove Carl"))["text"] == "Removed."
    said = "You were removed from Alice's guardians: this card no longer applies."
    await journey.until(lambda: text_of(journey, carls_card) == said)
    old_card = journey.now(carls_card)
    assert not old_card.get("_deleted") and labels(old_card) == []
    assert old_card["photo"][-1]["file_unique_id"] != cover  # Alice's face is gone too


async def test_an_open_history_follows_a_rename_and_a_takedown(
    journey: Journey, collages: Collages
) -> None:
    """findings21 11: an open /history kept the old names after a rename, and an Undo for a
    change whose faces a takedown deleted (pressed, it said only "expired")."""
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)
    (choices,) = await journey.after_pressing(ann, copy, "Not Alice?")
    await journey.press(ann, choices, "That isn't Alice")
    await journey.settle()
    shown = await journey.reply_to(ann, "/history")
    assert numbered(shown) == [UNMATCHED] and "Undo 1" in labels(shown)
    undo_1 = data_of(shown, "Undo 1")

    card = await journey.card(ann, "Alice")
    await journey.after_pressing(ann, card, "Rename")
    assert (await journey.reply_to(ann, "Lia"))["text"] == "Renamed to Lia."
    await journey.until(lambda: "Lia" in text_of(journey, shown))
    assert numbered(journey.now(shown)) == [UNMATCHED.replace("Alice", "Lia")]
    assert "Undo 1" in labels(journey.now(shown))  # it still undoes

    await take_down(journey, group, office, poster, posted)
    await journey.until(lambda: "Undo 1" not in labels(journey.now(shown)))
    assert numbered(journey.now(shown))[0] == "unmatched 1 face: Lia"
    assert GONE_FACES in text_of(journey, shown)
    # Its old Undo pressed: the line's own reason, not "expired".
    pressed = await journey.world.press_button(ann["id"], ann["id"], shown["message_id"], undo_1)
    assert pressed["text"] == GONE_FACES


async def test_an_open_history_with_no_undo_follows_a_rename(
    journey: Journey, collages: Collages
) -> None:
    """A /history with no Undo button (its one change undone) kept the old name after a
    rename: only lists with an Undo were found (by their buttons) and redrawn."""
    ann, poster, group = await journey.class_with_alice()
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)
    (choices,) = await journey.after_pressing(ann, copy, "Not Alice?")
    await journey.press(ann, choices, "That isn't Alice")
    await journey.settle()
    first = await journey.reply_to(ann, "/history")
    assert (await journey.press(ann, first, "Undo 1"))["text"] == "Undone."
    await journey.settle()
    shown = await journey.reply_to(ann, "/history")
    assert not [label for label in labels(shown) if label.startswith("Undo")]
    before = numbered(shown)
    assert before and all("Alice" in line for line in before), before

    card = await journey.card(ann, "Alice")
    await journey.after_pressing(ann, card, "Rename")
    assert (await journey.reply_to(ann, "Lia"))["text"] == "Renamed to Lia."
    await journey.until(lambda: "Lia" in text_of(journey, shown))
    assert numbered(journey.now(shown)) == [line.replace("Alice", "Lia") for line in before]
    assert "Alice" not in text_of(journey, shown)


async def test_an_open_history_follows_a_merge_and_a_deletion(
    journey: Journey, collages: Collages
) -> None:
    """findings22 1, findings23 6: an open /history kept the Undo of a change a merge voided,
    and, after a deletion, listed the deleted child's changes as in force, their Undo too
    (both redrawn only once that Undo was pressed)."""
    ann, poster, group = await journey.class_with_alice()
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)
    (choices,) = await journey.after_pressing(ann, copy, "Not Alice?")
    await journey.press(ann, choices, "That isn't Alice")
    await journey.settle()
    await journey.enroll_again(
        ann, "Ally", [photo_bytes(n) for n in (X["group"][1], X["group"][2], "img11.jpg")]
    )
    await journey.settle()
    shown = await journey.reply_to(ann, "/history")
    assert numbered(shown) == [UNMATCHED] and "Undo 1" in labels(shown)

    card = await journey.card(ann, "Ally")
    (choose,) = await journey.after_pressing(ann, card, "Merge")
    merged = await journey.confirm_merge(ann, choose, "Alice")
    assert merged["text"].startswith("Merged Alice into Ally")
    await journey.until(lambda: "Undo 1" not in labels(journey.now(shown)))
    assert numbered(journey.now(shown))[0].startswith("unmatched 1 face: Alice")
    assert CHANGED_SINCE in text_of(journey, shown)

    after_merge = await journey.reply_to(ann, "/history")
    assert "merged" in numbered(after_merge)[0] and "Undo 1" in labels(after_merge)
    card = await journey.card(ann, "Ally")
    (question,) = await journey.after_pressing(ann, card, "Delete")
    await journey.press(ann, question, "Yes, delete")
    await journey.until(lambda: "Ally" not in text_of(journey, after_merge))
    assert not journey.now(after_merge).get("_deleted")
    # walken3 3: it said "Nothing has changed yet.", as a new /history did: she had. (Redrawn
    # as the deletion goes: with Ally deleted by then, it adds that she guards no one.)
    assert text_of(journey, after_merge) in (NO_CHANGES, GUARDS_NO_ONE)
    assert not [label for label in labels(journey.now(after_merge)) if label.startswith("Undo")]
    assert "Ally" not in text_of(journey, shown)
    # She guards no one now (Ally was her only person): a new /history says both.
    assert (await journey.reply_to(ann, "/history"))["text"] == GUARDS_NO_ONE


async def test_a_move_closed_by_a_merge_opens_again_when_the_merge_is_undone(
    journey: Journey, collages: Collages
) -> None:
    """walken3 2: Ann moves a face from Ally to Alice, then merges Ally into Alice: the
    move's message says it can't be undone, its Undo gone. She undoes the merge from
    /history: the move's message says what it said, with an Undo that works (before, it
    kept "can't be undone any more" while /history offered the move's Undo)."""
    ann, poster, group = await journey.class_with_alice()
    await journey.enroll_again(
        ann, "Ally", [photo_bytes(n) for n in (X["group"][0], X["group"][1], "img11.jpg")]
    )
    await journey.settle()
    await journey.post(group, poster, collages.make("img11.jpg", NOBODY["group"][2]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)
    (choices,) = await journey.after_pressing(ann, copy, "Not Ally?")
    await journey.press(ann, choices, "That isn't Ally")
    await journey.press(ann, journey.now(choices), "Alice")
    moved = journey.now(choices)
    assert moved["text"].startswith("Moved: that face is Alice now.")
    assert labels(moved) == ["Undo"]
    await journey.settle()

    (choose,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Merge")
    await journey.confirm_merge(ann, choose, "Ally")
    await journey.until(lambda: CHANGED_SINCE in text_of(journey, choices))
    assert not labels(journey.now(choices))
    history = await journey.reply_to(ann, "/history")
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
    await journey.until(lambda: labels(journey.now(choices)) == ["Undo"])
    assert text_of(journey, choices) == moved["text"]
    await journey.press(ann, journey.now(choices), "Undo")
    await journey.until(lambda: text_of(journey, choices).startswith("Undone"))
    assert "Ally" in text_of(journey, choices)
    await journey.settle()

    # walken3 8: merged again, the first merge's message no longer says they are two
    # persons again; /export says why Ally's crop is kept, and where Ally went.
    undone = "Merged Ally into Alice, then undone from the history: Ally and Alice are two"
    assert text_of(journey, choose).startswith(undone)
    (again,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Merge")
    await journey.confirm_merge(ann, again, "Ally")
    await journey.until(lambda: not text_of(journey, choose).startswith(undone))
    assert text_of(journey, choose) == (
        "Merged Ally into Alice, then undone from the history; the two were merged again since."
    )
    (ally,) = [p for p in (await read_export(journey, ann))["persons"] if p["name"] == "Ally"]
    assert ally["status"] == "merged" and ally["merged_into"] == "Alice"
    assert ally["cover_photo"]["what"] == (
        "a small crop (at most 160 px) of one enrollment face, kept while the merge into "
        "Alice can be undone from the history; deleted with Alice"
    )


async def test_a_co_guardians_history_says_a_change_was_undone_elsewhere(
    journey: Journey, collages: Collages
) -> None:
    """Carl's /history lists Ann's change without an Undo (it is hers to undo); Ann undoes
    it: Carl's list says it was undone (before, found by no Undo button, it stayed as if
    in force)."""
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    copy = journey.photos_for(ann)[-1]
    (choices,) = await journey.after_pressing(ann, copy, "Not Alice?")
    await journey.press(ann, choices, "That isn't Alice")
    await journey.settle()
    carls = await journey.reply_to(carl, "/history")
    assert not [label for label in labels(carls) if label.startswith("Undo")]
    assert "(undone)" not in text_of(journey, carls)

    anns = await journey.reply_to(ann, "/history")
    assert (await journey.press(ann, anns, "Undo 1"))["text"] == "Undone."
    await journey.until(lambda: "(undone)" in text_of(journey, carls))


def _bot_said(journey: Journey, chat_id: int, start: str) -> dict[str, Any]:
    """The bot's message in the chat that starts (as it reads now) with ``start``."""
    (found,) = [
        m
        for m in journey.world.transcript(chat_id)
        if m["from"]["is_bot"] and text_of(journey, m).startswith(start)
    ]
    return found


async def test_a_joined_message_says_the_groups_keep_as_it_is_now(journey: Journey) -> None:
    """findings21 15: "You're in" said the group's old keep of faces after the organizers
    shortened it (only the group-link consent was redrawn)."""
    _ann, carl, poster, group = await journey.class_with_alice_and_carl()
    joined = _bot_said(journey, carl["id"], "You're in: I'll look for Alice in Class 1A")
    assert "kept until they are deleted" in text_of(journey, joined)

    office = await bound_admin_chat(journey, group, [poster])
    await journey.press(poster, await settings_card(journey, poster, office), "Keep: 30 d")
    await journey.until(lambda: KEPT_30 in text_of(journey, joined))
    now = text_of(journey, joined)
    assert now.startswith("You're in: I'll look for Alice in Class 1A")
    assert "kept until they are deleted" not in now


async def test_a_named_prompt_says_so_and_a_claim_consent_follows_the_keep(
    journey: Journey, collages: Collages
) -> None:
    """findings21 12: the naming prompt kept asking for a reply once the child was named,
    and a later reply went unanswered; findings21 15: a claim link's consent agreed to kept
    the group's old keep of faces."""
    poster, pat, _mallory, _group, office = await claims_class(journey, collages)
    payload = await name_from_whois(journey, poster, office)
    prompt = _bot_said(journey, office["id"], "Named Tom. /unclaimed can rename")
    assert text_of(journey, prompt) == NAMED_TOM
    late = await journey.world.user_sends_text(
        office["id"], poster["id"], "Tommy", reply_to_message_id=prompt["message_id"]
    )
    (answered,) = await journey.replies(office["id"], late)
    assert answered["text"] == NAMED_TOM

    await claim(journey, pat, payload)
    offer = _bot_said(journey, pat["id"], "An organizer of Class 1A sent you a claim link")
    assert "You agreed on" in text_of(journey, offer) and KEPT_30 not in text_of(journey, offer)
    await journey.press(poster, await settings_card(journey, poster, office), "Keep: 30 d")
    await journey.until(lambda: KEPT_30 in text_of(journey, offer))
    assert "You agreed on" in text_of(journey, offer)
    assert "kept until they are deleted" not in text_of(journey, offer)


async def test_an_organizer_s_forget_takes_her_name_off_her_decisions_records(
    journey: Journey,
) -> None:
    """findings22 3: after an organizer's /forget, the admin chat's records of what she
    decided kept "✅ Approved by Poster." while /audit, just below, no longer named her."""
    poster, _group, office, _ann, card = await alice_waiting(journey)
    await journey.press(poster, card, moderation_texts.approve_button())
    await journey.settle()
    (record,) = records(journey, office)
    assert "Approved by Poster." in record["text"]

    sent = await journey.says(poster, "/forget confirm")
    await journey.replies(poster["id"], sent, count=2)
    await journey.settle()
    await journey.until(lambda: "Poster" not in text_of(journey, record))
    assert text_of(journey, record).endswith("✅ Approved by an organizer.")
    assert records(journey, office) == [journey.now(record)]


async def test_an_organizer_who_is_a_parent_is_told_her_actions_stay_unnamed(
    journey: Journey,
) -> None:
    """findings22 2: an organizer who is also a parent read at /forget "Everything I had
    about you is deleted, except the record that you agreed..." and her /export "All I keep
    about you...: the record of what you agreed to...", while the audit keeps what she did
    as an organizer by her Telegram id (the same export lists it)."""
    poster, group, office, payload = await approving_class(journey)
    await journey.join(poster, payload)
    ann = journey.user("Ann")
    await add_member(journey, group, ann)
    await journey.join(ann, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    (card,) = cards(journey, office)
    await journey.press(poster, card, moderation_texts.approve_button())
    await journey.settle()

    (done,) = await forget_everything(journey, poster)
    assert done["text"] == (
        "Everything I had about you is deleted, except the record that you agreed and then "
        "asked for this deletion (your Telegram id and the dates, nothing about faces), and "
        "what you did as an organizer, which stays in the audit log of each group you acted "
        "in, by your Telegram id only, without your name. Goodbye! (If you ever want to come "
        "back, open the link I posted in your group's chat again.)"
    )
    again = await journey.reply_to(poster, "/forget")
    assert "What you did as an organizer stays in the audit log" in again["text"]
    data = await read_export(journey, poster)
    assert data["what_is_kept"] == (
        "All I keep about you, by your Telegram id only: the record of what you agreed to and "
        "of your deletion (the dates, nothing about faces), the groups whose organizers "
        "stopped my service for you, so that their decision holds, and what you did as an "
        "organizer, in the audit log of each group you acted in, without your name."
    )
    (action,) = data["your_actions_as_an_organizer"]["actions"]
    assert action["as"] == ""
