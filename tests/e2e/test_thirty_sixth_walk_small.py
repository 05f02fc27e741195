"""Issue 32, session 36: small answers that stayed untrue where they are read. The admin
chat's answer to /pending ("Nothing waits for approval in Class 1A.") stayed English after
the group's language was switched in /settings, between answers redrawn in the new one.
Alice's owner leaving her while Carl guards her too acted at the first press, making Carl
her owner for good: she is asked first, as "Delete" and "Forget faces" ask. Once a parent's
claim of Tom was approved, the /whois sheet he was named from and the naming prompt read
the same sentence twice: the prompt says what became of renaming him, which it offered.
"Carl also got the photos and clips of Alice at the time." named no time: it says "while
they were a guardian", true when he came back too. /audit listed "Pat tagged 1 face…" for
each face Pat's approved claim assigned: the claim and its approval are its lines."""

from __future__ import annotations

import re

from domain.languages import markup
from domain.languages.catalogs import in_language
from domain.moderation import texts as moderation_texts
from tests.e2e.conftest import CAST, Collages, Journey, data_of, labels, photo_bytes
from tests.e2e.steps import bot_lines, delete_person, reads_now
from tests.e2e.test_admin_chat import audit_of
from tests.e2e.test_approvals import add_member, approving_class
from tests.e2e.test_claims import _sheets_in
from tests.e2e.test_group_settings import settings_card
from tests.e2e.test_thirty_fourth_walk_claims import _named_and_claimed, _today

HEBREW = re.compile("[\u05d0-\u05ea]")
X = CAST["angelina"]


async def test_the_pending_answer_is_said_again_in_the_groups_language(journey: Journey) -> None:
    poster, group, office, payload = await approving_class(journey)
    sent = await journey.says(poster, "/pending", office["id"])
    (nothing,) = await journey.replies(office["id"], sent)
    assert reads_now(journey, nothing) == "Nothing waits for approval in Class 1A."
    settings = await settings_card(journey, poster, office)

    await journey.press(poster, settings, "Español")
    await journey.settle()
    with in_language("es"):
        spanish = markup.plain(moderation_texts.no_pending_approvals("Class 1A"))
    assert journey.now(nothing)["text"].startswith(spanish + "\n\n")

    # Once Alice waits, /pending lists her card again: it follows the switch too.
    ann = journey.user("Ann")
    await add_member(journey, group, ann)
    await journey.join(ann, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    sent = await journey.says(poster, "/pending", office["id"])
    (listed,) = await journey.replies(office["id"], sent)
    assert reads_now(journey, listed).startswith("Aprobación necesaria"), listed
    await journey.press(poster, journey.now(settings), "עברית")
    await journey.settle()
    with in_language("he"):
        hebrew = markup.plain(moderation_texts.no_pending_approvals("Class 1A"))
    assert journey.now(nothing)["text"].startswith(hebrew + "\n\n")
    assert HEBREW.search(reads_now(journey, listed)), reads_now(journey, listed)

    # Alice waits now: said again, it says when nothing waited (review36 5: it said
    # "Nothing waits" under her card).
    await journey.press(poster, journey.now(settings), "English")
    await journey.settle()
    said = reads_now(journey, nothing)
    assert re.fullmatch(
        r"Nothing waits for approval in Class 1A\.\n\nAs of .+\. Send /pending for what "
        r"waits now\.",
        said,
    ), said


LEAVE = "Stop getting Alice's photos and clips"
ASKED = (
    "Leave Alice? You'll no longer get their photos and clips, and Carl becomes their owner: "
    "only they can then delete Alice, forget their faces or remove a guardian."
)


async def test_the_owner_leaving_is_asked_first_and_its_answer_is_single_use(
    journey: Journey,
) -> None:
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    (listed,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    (asked,) = await journey.after_pressing(ann, listed, LEAVE)
    assert reads_now(journey, asked) == ASKED
    assert labels(asked) == ["Leave", "Cancel"]
    # Nothing changed yet: her list still offers both, and Carl was told nothing.
    assert labels(journey.now(listed)) == [LEAVE, "Remove Carl as a guardian"]
    assert not any("Ann left" in line for line in bot_lines(journey, carl))

    leave = data_of(asked, "Leave")
    await journey.press(ann, asked, "Cancel")
    kept = "OK: you still get Alice's photos and clips."
    await journey.until(lambda: reads_now(journey, asked) == kept)
    again = await journey.world.press_button(ann["id"], ann["id"], asked["message_id"], leave)
    assert again["text"] == "This button has expired."

    # Asked again (the list works after a "Cancel"); Dora replays its "Leave" in her chat.
    (asked,) = await journey.after_pressing(ann, journey.now(listed), LEAVE)
    dora = journey.user("Dora")
    hello = await journey.reply_to(dora, "/start")
    forged = await journey.world.press_button(
        dora["id"], dora["id"], hello["message_id"], data_of(asked, "Leave")
    )
    assert forged["text"] == "That button was shown to someone else."
    # Carl leaves meanwhile: "Carl becomes their owner" is untrue, and "Leave" does nothing;
    # both say why, naming no one (session 37: "This button has expired.").
    leave = data_of(asked, "Leave")
    (carls,) = await journey.after_pressing(carl, await journey.card(carl, "Alice"), "Guardians")
    await journey.press(carl, carls, LEAVE)
    await journey.settle()
    stale = await journey.world.press_button(ann["id"], ann["id"], asked["message_id"], leave)
    changed = (
        "Who guards Alice has changed since I asked, so I did nothing: you still get their "
        "photos and clips. To leave, press “Guardians…” on their card again."
    )
    assert stale["text"] == changed
    await journey.until(lambda: not labels(journey.now(asked)))
    assert reads_now(journey, asked) == changed
    await journey.settle()
    assert "Alice" in (await journey.reply_to(ann, "/persons"))["text"]

    # Carl back, Ann leaves: once, and Carl owns Alice.
    await journey.co_guardian(ann, "Alice", carl)
    (listed,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    (asked,) = await journey.after_pressing(ann, listed, LEAVE)
    leave = data_of(asked, "Leave")
    left = await journey.press(ann, asked, "Leave")
    assert left["text"] == "You no longer receive Alice's photos and clips."
    await journey.until(
        lambda: reads_now(journey, asked) == "You no longer receive Alice's photos and clips."
    )
    await journey.until(lambda: any("Ann left" in line for line in bot_lines(journey, carl)))
    # Pressed twice: nothing more, and it says why.
    twice = await journey.world.press_button(ann["id"], ann["id"], asked["message_id"], leave)
    assert twice["text"] == "You no longer get Alice's photos and clips."
    await journey.settle()
    assert "Alice" not in (await journey.reply_to(ann, "/persons"))["text"]


async def test_the_owner_leaving_cancelled_after_the_child_was_deleted_says_so(
    journey: Journey,
) -> None:
    """Ann is asked "Leave Alice?", deletes Alice from her card instead, then presses
    "Cancel" on the question as her screen still showed it: it says the child was deleted
    (review36 7: "You no longer get 's photos and clips.", its name gone with her). The
    question itself says so since the deletion, without buttons (review37 1.2)."""
    ann, _carl, _poster, _group = await journey.class_with_alice_and_carl()
    (listed,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    (asked,) = await journey.after_pressing(ann, listed, LEAVE)
    cancel = data_of(asked, "Cancel")
    await delete_person(journey, ann, "Alice")
    assert not labels(journey.now(asked))
    assert reads_now(journey, asked) == (
        "Alice has since been deleted, with everything I had about them: there is nothing to leave."
    )
    await journey.world.press_button(ann["id"], ann["id"], asked["message_id"], cancel)
    gone = "That child was deleted, so that button does nothing now."
    await journey.until(lambda: reads_now(journey, asked) == gone)


async def test_the_named_sheet_and_the_prompt_say_different_things_once_approved(
    journey: Journey, collages: Collages
) -> None:
    poster, office, prompt, _link, card = await _named_and_claimed(journey, collages)
    (sheet,) = _sheets_in(journey, office["id"])
    await journey.press(poster, card, "✅ Approve")
    await journey.settle()
    assert reads_now(journey, sheet) == (
        f"Named Tom. A parent's claim of Tom was approved on {_today()}: Tom is no longer "
        "listed in /unclaimed."
    )
    assert reads_now(journey, prompt) == (
        f"Named Tom. Since a parent's claim of Tom was approved on {_today()}, only their "
        "guardian can rename them."
    )


async def test_a_co_guardians_past_news_names_its_time_when_he_comes_back(
    journey: Journey,
) -> None:
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await journey.settle()
    (gets,) = [
        m
        for m in journey.world.transcript(ann["id"])
        if m["from"]["is_bot"] and m.get("text", "").startswith("Carl now gets")
    ]
    (carls,) = await journey.after_pressing(carl, await journey.card(carl, "Alice"), "Guardians")
    await journey.press(carl, carls, LEAVE)
    await journey.settle()
    past = "Carl also got the photos and clips of Alice while they were a guardian."
    await journey.until(lambda: reads_now(journey, gets) == past)

    await journey.co_guardian(ann, "Alice", carl)  # back: it is still true
    await journey.settle()
    assert reads_now(journey, gets) == past


async def test_an_approved_claim_is_no_tagging_of_the_parents_in_the_audit(
    journey: Journey, collages: Collages
) -> None:
    poster, office, _prompt, _link, card = await _named_and_claimed(journey, collages)
    await journey.press(poster, card, "✅ Approve")
    await journey.settle()
    audit = reads_now(journey, await audit_of(journey, poster, office))
    assert "claimed a named child" in audit and "approved a claim" in audit, audit
    assert "tagged" not in audit, audit
