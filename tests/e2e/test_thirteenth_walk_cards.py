"""What the thirteenth and fourteenth walks of issue 32 found untrue on cards and lists
shown earlier (findings13 1, 3, 5, 8; findings14 5), read as each reader reads them:
after an /unban (or /audit's undo of a ban) the parent's earlier list and card still
said the organizers had turned her off; the owner's card and "Guardians" named a
co-guardian the organizers rejected (or had not approved yet) as if he got the photos."""

from __future__ import annotations

from typing import Any

from domain.moderation import texts as moderation_texts
from domain.persons import shown
from tests.e2e.conftest import CAST, Collages, Journey, labels
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import forget_everything
from tests.e2e.test_approvals import add_member, alice_waiting
from tests.e2e.test_eleventh_walk_guardians import card_of
from tests.e2e.test_eleventh_walk_history import PAST_DELETING_S

X, NOBODY = CAST["angelina"], CAST["strangers"]
TURNED_OFF = "turned off for you by the organizers of Class 1A"
NO_GROUP = "no photos or clips of Alice come to you until you open my link"


def text_of(journey: Journey, message: dict[str, Any]) -> str:
    now = journey.now(message)
    return str(now.get("text") or now.get("caption") or "")


async def _says_in(journey: Journey, chat: dict[str, Any], user: dict[str, Any], text: str) -> str:
    sent = await journey.says(user, text, chat["id"])
    (reply,) = await journey.replies(chat["id"], sent)
    return str(reply.get("text") or reply.get("caption") or "")


async def test_an_unban_or_its_undo_brings_the_earlier_list_and_card_up_to_date(
    journey: Journey,
) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    listing = await journey.reply_to(ann, "/persons")
    card = await journey.card(ann, "Alice")

    assert (await _says_in(journey, office, poster, "/ban @ann")).startswith("Class 1A: Ann")
    await journey.until(lambda: TURNED_OFF in text_of(journey, card))
    await journey.until(lambda: TURNED_OFF in text_of(journey, listing))

    # /unban: she is not in the group until she rejoins, and both say so, not "turned off".
    assert "no longer banned" in await _says_in(journey, office, poster, "/unban @ann")
    await journey.settle()
    was_list, was_card = text_of(journey, listing), text_of(journey, card)
    fresh_card = await journey.card(ann, "Alice")  # a /persons, then the card
    assert TURNED_OFF not in was_list and NO_GROUP in was_list, was_list
    assert was_card == fresh_card["caption"], was_card

    # Banned again, and the ban undone from /audit: the same.
    assert (await _says_in(journey, office, poster, "/ban @ann")).startswith("Class 1A: Ann")
    await journey.until(lambda: TURNED_OFF in text_of(journey, card))
    sent = await journey.says(poster, "/audit", office["id"])
    (shown,) = await journey.replies(office["id"], sent)
    (undo,) = [label for label in labels(shown) if label.startswith("↩️ Undo")]
    assert (await journey.press(poster, shown, undo))["text"] == "Undone."
    await journey.settle()
    assert text_of(journey, card) == was_card
    assert text_of(journey, fresh_card) == was_card


async def test_the_owner_reads_a_co_guardian_the_organizers_did_not_approve_as_such(
    journey: Journey,
) -> None:
    poster, group, office, ann, alices = await alice_waiting(journey)
    await journey.press(poster, alices, moderation_texts.approve_button())
    await journey.settle()
    payload = journey.group_payload(group)
    dan = journey.user("Dan")
    await add_member(journey, group, dan)
    await journey.join(dan, payload)
    await journey.co_guardian(ann, "Alice", dan)
    await journey.settle()

    # While the organizers decide, Ann's card and its "Guardians" say Dan waits there.
    card = await journey.card(ann, "Alice")
    assert "Guardians: Ann (you), Dan (waiting for approval in Class 1A)\n" in card["caption"]
    (guardians,) = await journey.after_pressing(ann, card, "Guardians")
    assert guardians["text"].startswith(
        "The guardians of Alice: Ann (you), Dan (waiting for approval in Class 1A). "
    ), guardians["text"]

    # Rejected: the card she has open says so, as a fresh one and "Guardians" do.
    dans = await card_of(journey, office, "Dan")
    await journey.press(poster, dans, moderation_texts.reject_button())
    await journey.press(poster, journey.now(dans), "Not known as its guardian")
    await journey.settle()
    rejected = "Guardians: Ann (you), Dan (not approved in Class 1A)\n"
    assert rejected in text_of(journey, card), text_of(journey, card)
    fresh = await journey.card(ann, "Alice")
    assert rejected in fresh["caption"]
    (guardians,) = await journey.after_pressing(ann, fresh, "Guardians")
    assert guardians["text"].startswith(
        "The guardians of Alice: Ann (you), Dan (not approved in Class 1A). "
    ), guardians["text"]
    # Dan's own card names Ann plainly: she gets Alice's photos there.
    dans_card = await journey.card(dan, "Alice")
    assert "Guardians: Ann, Dan (you)\n" in dans_card["caption"], dans_card["caption"]


async def test_an_open_card_counts_the_photos_delivered_since(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    older = await journey.card(ann, "Alice")
    card = await journey.card(ann, "Alice")
    assert "Photos delivered: 0 · " in card["caption"]
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.post(group, poster, collages.make(X["group"][1], NOBODY["group"][1]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == 2
    # Both cards she has open say so, as a fresh one does.
    await journey.until(lambda: "Photos delivered: 2 · " in text_of(journey, card))
    assert "Photos delivered: 2 · " in text_of(journey, older)
    assert text_of(journey, card) == (await journey.card(ann, "Alice"))["caption"]


async def test_after_a_forget_no_card_of_hers_stays_and_her_co_guardian_reads_her_gone(
    journey: Journey,
) -> None:
    ann, carl, _, _ = await journey.class_with_alice_and_carl()
    carls = await journey.card(carl, "Alice")
    assert "Guardians: Ann, Carl (you)\n" in carls["caption"], carls["caption"]
    # More cards than the bot keeps track of: the oldest is not left untracked (whole,
    # with every button, after the /forget below).
    oldest = await journey.card(ann, "Alice")
    for _ in range(shown.CARDS_KEPT):
        await journey.card(ann, "Alice")
    await forget_everything(journey, ann)
    assert journey.now(oldest).get("_deleted"), journey.now(oldest)
    # Carl's card no longer names her: she is nobody's guardian now.
    await journey.until(lambda: "Guardians: Carl (you)\n" in text_of(journey, carls))
    assert text_of(journey, carls) == (await journey.card(carl, "Alice"))["caption"]


async def test_a_card_too_old_to_delete_says_it_is_out_of_date_once_newer_ones_came(
    journey: Journey,
) -> None:
    """A card dropped from the few kept track of (newer cards of the person opened) and too
    old for Telegram to delete was kept track of still, whole, and every newer card tried to
    delete it again. Now it says it is out of date, without the face and buttons, once."""
    ann, _, _ = await journey.class_with_alice()
    oldest = await journey.card(ann, "Alice")
    cover = oldest["photo"][-1]["file_unique_id"]
    journey.world.clock.advance(PAST_DELETING_S)
    for _ in range(shown.CARDS_KEPT):
        await journey.card(ann, "Alice")
    await journey.settle()
    now = journey.now(oldest)
    assert not now.get("_deleted")
    assert now["caption"] == (
        "This card is out of date: the newest card of this person is further down."
    )
    assert labels(now) == [] and now["photo"][-1]["file_unique_id"] != cover

    def tries() -> int:
        return sum(
            1
            for r in journey.world.requests("deleteMessage")
            if str(r["params"].get("message_id")) == str(oldest["message_id"])
        )

    before = tries()
    await journey.card(ann, "Alice")
    await journey.settle()
    assert tries() == before  # not tried again
