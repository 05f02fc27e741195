"""Every button is safe to press twice: destructive confirmations are single-use and
bound to the state they were shown for; a handled button's message says what was
done and keeps no buttons; popups are plain text; forged data reveals nothing."""

from __future__ import annotations

import asyncio
from typing import Any

from domain.corrections import texts as corrections_texts
from domain.infra.models import (
    AssignmentEvent,
    Guardianship,
    Participant,
    Person,
    PersonMessage,
)
from domain.infra.telegram.callbacks import PersonData, TokenData, short
from domain.languages import markup, texts
from domain.onboarding import texts as onboarding_texts
from domain.persons import texts as persons_texts
from domain.privacy import texts as privacy_texts
from domain.states import PersonStatus
from tests.e2e.conftest import CAST, Collages, Journey, data_of, labels, photo_bytes

X, Y = CAST["angelina"], CAST["scarlett"]
EXPIRED = "This button has expired."


async def press_data(
    journey: Journey, user: dict[str, Any], message: dict[str, Any], data: str
) -> str:
    """Press ``data`` on ``message`` (as a replayed or stale button); the popup's text."""
    answer = await journey.world.press_button(
        user["id"], message["chat"]["id"], message["message_id"], data
    )
    assert answer["answered"], answer
    return str(answer.get("text") or "")


async def test_deleting_a_person_is_confirmed_once(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    card = await journey.card(ann, "Alice")
    (question,) = await journey.after_pressing(ann, card, "Delete")
    yes = data_of(question, "Yes, delete")

    await journey.press(ann, question, "Yes, delete")
    # The question said what was happening, and then that it is done, with no buttons left.
    await journey.edited(question)
    assert "reply_markup" not in question
    await journey.settle()
    assert journey.now(question)["text"] == "Deleted Alice's data."
    assert not await Person.exists(name="Alice")
    assert journey.last(ann)["message_id"] == question["message_id"]  # nothing after it

    # Pressed again (a second tap, a replay): nothing happens, and it says so.
    assert await press_data(journey, ann, question, yes) == EXPIRED


async def test_a_stale_forget_button_does_not_delete_the_new_account(journey: Journey) -> None:
    ann, _, group = await journey.class_with_alice()
    question = await journey.reply_to(ann, "/forget")
    stale = data_of(question, "Yes, delete everything")
    await journey.reply_to(ann, "/forget confirm")
    await journey.settle()
    assert not await Participant.exists(telegram_user_id=ann["id"])

    # Ann comes back, joins again and enrolls again.
    await journey.join(ann, journey.group_payload(group))
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])

    assert await press_data(journey, ann, question, stale) == EXPIRED
    await journey.settle()
    assert await Participant.exists(telegram_user_id=ann["id"])
    assert (await Person.get(name="Alice")).status == PersonStatus.ACTIVE


async def test_a_confirmation_expires_when_the_person_changes(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    card = await journey.card(ann, "Alice")
    (question,) = await journey.after_pressing(ann, card, "Forget faces")
    await journey.after_pressing(ann, card, "Rename")
    assert (await journey.reply_to(ann, "Alicia"))["text"] == "Renamed to Alicia."

    # The question named Alice; the person is Alicia now: the button has expired.
    assert await press_data(journey, ann, question, data_of(question, "Yes, delete")) == EXPIRED
    await journey.edited(question)
    assert "reply_markup" not in question
    await journey.settle()
    alicia = await Person.get(name="Alicia")
    assert alicia.status == PersonStatus.ACTIVE
    assert await alicia.prototypes.all().count() == 3  # type: ignore[attr-defined]


async def test_no_keeps_everything_and_the_question_goes(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    question = await journey.reply_to(ann, "/forget")
    yes = data_of(question, "Yes, delete everything")
    await journey.press(ann, question, "No, keep it")
    await journey.edited(question)
    assert question["text"] == texts.kept()
    assert "reply_markup" not in question
    await journey.settle()
    assert await Participant.exists(telegram_user_id=ann["id"])
    assert yes.startswith("bt:")  # only a token's id travels in the button


async def test_merge_and_undo_buttons_act_once(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    await journey.enroll(ann, "Yara", [photo_bytes(n) for n in Y["enroll"]])
    card = await journey.card(ann, "Alice")
    (choose,) = await journey.after_pressing(ann, card, "Merge")
    await journey.press(ann, choose, "Yara")
    await journey.until(lambda: journey.has_button(choose, "Merge, keep Alice"))
    into = data_of(choose, "Merge, keep Alice")
    await journey.press(ann, choose, "Merge, keep Alice")
    await journey.until(lambda: "reply_markup" not in choose)
    assert choose["text"] == "Merged Yara into Alice. You can undo it from the history."
    await journey.settle()
    assert (
        await press_data(journey, ann, choose, into) == "Already done: Yara is part of Alice now."
    )

    history = await journey.reply_to(ann, "/history")
    undo = data_of(history, "Undo 1")
    assert await press_data(journey, ann, history, undo) == "Undone."
    await journey.edited(history)
    await journey.settle()
    # The pressed button is gone from the list; pressed again it does nothing, and says
    # why (findings32 3: "This button has expired.").
    assert undo not in str(history.get("reply_markup"))
    assert await press_data(journey, ann, history, undo) == "That change is already undone."
    assert (await Person.get(name="Yara")).status == PersonStatus.ACTIVE
    assert await AssignmentEvent.filter(undone_at__isnull=False).count() == 1

    # An enrollment not finished is nobody to merge with yet (walkhe 5): Tom, one photo in.
    await journey.reply_to(ann, "/add Tom")
    (photo,) = await journey.world.user_sends_photos(
        ann["id"], ann["id"], [photo_bytes(CAST["mark"]["enroll"][0])]
    )
    await journey.replies(ann["id"], photo)
    (choose,) = await journey.after_pressing(ann, journey.now(card), "Merge")
    assert labels(choose) == ["Yara", "No, keep both"]


async def test_forged_old_and_foreign_buttons_reveal_nothing(journey: Journey) -> None:
    ann, _, group = await journey.class_with_alice()
    mallory = journey.user("Mallory")
    hello = await journey.reply_to(mallory, "/start")
    alice = await Person.get(name="Alice")
    ann_id = (await Participant.get(telegram_user_id=ann["id"])).id
    card = await journey.card(ann, "Alice")
    (question,) = await journey.after_pressing(ann, card, "Delete")
    anns_token = data_of(question, "Yes, delete")

    answers = {
        # Ann's own confirmation, replayed by Mallory in her chat.
        anns_token: texts.button_not_yours(),
        # Made-up tokens and the buttons of older versions of the bot.
        TokenData(id=short(alice.id)).pack(): EXPIRED,
        "bt:garbage": EXPIRED,
        f"cf:{short(alice.id)}:delete": EXPIRED,
        f"mg:{short(alice.id)}:{short(alice.id)}": EXPIRED,
        f"gd:{short(alice.id)}:{short(ann_id)}": EXPIRED,
        "fm:1": EXPIRED,
        "something else entirely": EXPIRED,
        # Menu buttons re-check that the presser is a guardian.
        PersonData(id=short(alice.id), act="open").pack(): corrections_texts.not_yours(),
        PersonData(id=short(alice.id), act="delete").pack(): corrections_texts.not_yours(),
    }
    for data, expected in answers.items():
        answer = await press_data(journey, mallory, hello, data)
        assert answer == expected, (data, answer)
        assert "Alice" not in answer and "<" not in answer
    await journey.settle()
    assert (await Person.get(id=alice.id)).status == PersonStatus.ACTIVE
    assert await Guardianship.filter(person=alice).count() == 1
    # Ann herself, replaying her private button on a message in the group: refused too.
    group_message = journey.world.transcript(group["id"])[-1]
    assert await press_data(journey, ann, group_message, anns_token) == texts.button_other_chat()
    # Ann's button still works for Ann: Mallory's replay did not spend it.
    await journey.press(ann, question, "Yes, delete")
    await journey.settle()
    assert not await Person.exists(id=alice.id)


async def test_the_agree_button_goes_once_agreed(journey: Journey, collages: Collages) -> None:
    ann, poster, bea = journey.user("Ann"), journey.user("Poster"), journey.user("Bea")
    _, payload = await journey.group_with_bot("Class 1A", poster, [ann, bea])
    question = await journey.reply_to(ann, f"/start {payload}")
    agree = data_of(question, "I agree")
    joined = await journey.after_pressing(ann, question, "I agree")
    assert "You're in" in joined[0]["text"]
    await journey.edited(question)
    assert labels(question) == [privacy_texts.privacy_button()]  # the details stay one tap away
    assert await press_data(journey, ann, question, agree) == onboarding_texts.already_agreed()

    # Typed /agree takes the button away too.
    question = await journey.reply_to(bea, f"/start {payload}")
    assert "reply_markup" in question
    assert "You're in" in (await journey.reply_to(bea, "/agree"))["text"]
    await journey.edited(question)
    assert labels(question) == [privacy_texts.privacy_button()]


def test_popups_are_plain_text() -> None:
    assert markup.plain(persons_texts.erasing("Tom & <Jerry>")) == (
        "Deleting Tom & <Jerry>'s data... I'll confirm when it's done."
    )
    assert markup.plain(persons_texts.moved_to("A<b> & co")) == "Moved: that face is A<b> & co now."


async def test_pause_updates_the_card_and_a_second_press_says_so(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    card = await journey.card(ann, "Alice")
    pause = data_of(card, "Pause")
    (paused,) = await journey.after_pressing(ann, card, "Pause")
    assert paused["text"].startswith("Paused")
    # The card itself now says so, and offers Resume instead of Pause.
    await journey.edited(card)
    assert card["caption"].startswith("Alice · paused")
    assert "Resume" in str(card["reply_markup"]) and "Pause" not in str(card["reply_markup"])

    before = journey.last(ann)["message_id"]
    await press_data(journey, ann, card, pause)  # the old Pause, pressed again
    (again,) = await journey.replies(ann["id"], before)
    assert again["text"] == "Alice is already paused."
    assert (await Person.get(name="Alice")).status == PersonStatus.PAUSED


async def test_a_guardian_hears_the_real_reason_a_button_does_nothing(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    await journey.enroll(ann, "Yara", [photo_bytes(n) for n in Y["enroll"]])
    yaras_card = await journey.card(ann, "Yara")
    rename_yara = data_of(yaras_card, "Rename")
    # A card the bot no longer keeps track of (newer ones now delete an older card, or keep
    # track of it when it is too old to delete: one shown by an earlier version).
    await journey.settle()  # recorded once sent
    await PersonMessage.filter(message_id=yaras_card["message_id"]).delete()
    card = await journey.card(ann, "Alice")
    await journey.confirm_merge(ann, (await journey.after_pressing(ann, card, "Merge"))[0], "Yara")
    await journey.settle()

    # Yara was merged into Alice: her cards the bot kept track of went at once; an older one
    # says where she went when pressed, and goes; Alice's comes.
    before = journey.last(ann)
    answer = await press_data(journey, ann, yaras_card, rename_yara)
    assert answer == "That person was merged into Alice: open Alice in /persons instead."
    (current,) = await journey.replies(ann["id"], before)
    assert current["caption"].startswith("Alice · active")
    assert journey.now(yaras_card).get("_deleted")

    # Alice is being deleted: her old card says that, not "isn't one of yours".
    card = await journey.card(ann, "Alice")
    rename_alice = data_of(card, "Rename")
    # What "Delete" does first; the worker then erases her.
    await Person.filter(name="Alice").update(status=PersonStatus.DELETING)
    answer = await press_data(journey, ann, card, rename_alice)
    assert answer.startswith("Alice is being deleted")

    # A stranger pressing the same data learns nothing.
    mallory = journey.user("Mallory")
    hello = await journey.reply_to(mallory, "/start")
    assert await press_data(journey, mallory, hello, rename_alice) == corrections_texts.not_yours()


async def test_a_forget_button_expires_when_the_account_changes(journey: Journey) -> None:
    ann, _, group = await journey.class_with_alice()
    question = await journey.reply_to(ann, "/forget")
    stale = data_of(question, "Yes, delete everything")
    # Ann leaves the group and comes back: the question was about the account as it was.
    journey.world.chats[group["id"]].members[ann["id"]] = "left"
    gone = await journey.reply_to(ann, f"/start {journey.group_payload(group)}")
    assert "need to be a member" in gone["text"]
    journey.world.chats[group["id"]].members[ann["id"]] = "member"
    await journey.join(ann, journey.group_payload(group))
    assert await press_data(journey, ann, question, stale) == EXPIRED
    await journey.settle()
    assert (await Person.get(name="Alice")).status == PersonStatus.ACTIVE


async def test_two_merges_pressed_at_once_leave_one_person(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    await journey.enroll(ann, "Yara", [photo_bytes(n) for n in Y["enroll"]])
    alices = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Merge")
    yaras = await journey.after_pressing(ann, await journey.card(ann, "Yara"), "Merge")
    for choose, other in ((alices[0], "Yara"), (yaras[0], "Alice")):
        await journey.press(ann, choose, other)
    await journey.until(
        lambda: all(journey.has_button(c[0], "Merge, keep") for c in (alices, yaras))
    )
    await asyncio.gather(
        press_data(journey, ann, alices[0], data_of(alices[0], "Merge, keep")),
        press_data(journey, ann, yaras[0], data_of(yaras[0], "Merge, keep")),
    )
    await journey.settle()
    statuses = sorted(p.status.value for p in await Person.all())
    assert statuses == ["active", "merged"], statuses
    assert len((await journey.reply_to(ann, "/persons"))["reply_markup"]["inline_keyboard"]) == 1
