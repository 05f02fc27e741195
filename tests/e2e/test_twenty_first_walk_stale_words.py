"""What the twenty-first walk still read untrue (issue 32, findings21 2, 8, 1 and
findings20 2), walked through the emulator: a rejected person's card and list follow the
rejection's reason; a takedown's question of a post 48 hours old says what it will do; an
older /language menu says the language chosen on a newer one."""

from __future__ import annotations

from typing import Any

from domain.moderation import texts
from tests.e2e.conftest import CAST, Collages, Journey, data_of, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat, post_link, takedown_asked_in_group
from tests.e2e.steps import forget_everything
from tests.e2e.test_approvals import alice_waiting, said
from tests.e2e.test_takedown_past_48_hours import _posted_long_ago


async def test_a_card_and_list_rejected_as_enrolled_already_point_to_the_invitation(
    journey: Journey,
) -> None:
    """findings21 2: after "Enrolled already", the message pointed to the other parent's
    invitation, but the card and /persons still said "adding photos asks the organizers
    again", which only sends them the card they rejected as a duplicate."""
    poster, _group, _office, ann, card = await alice_waiting(journey)
    listing = await journey.reply_to(ann, "/persons")
    alice = await journey.card(ann, "Alice")

    await journey.press(poster, card, texts.reject_button())
    await journey.press(poster, journey.now(card), "Enrolled already")
    invite = (
        "not approved in Class 1A: already enrolled by another parent, ask them to invite "
        'you ("Invite co-guardian" on their card)'
    )
    await journey.until(lambda: f"Alice: {invite}" in journey.now(listing)["text"])
    await journey.until(lambda: f"Alice · {invite}" in said(journey.now(alice)))
    fresh = await journey.reply_to(ann, "/persons")
    assert f"Alice: {invite}" in fresh["text"]
    for shown in (journey.now(listing)["text"], said(journey.now(alice)), fresh["text"]):
        assert "adding photos" not in shown, shown

    # findings32 4: to a parent with another person, who may have enrolled the same child
    # twice herself, it says it may be hers, and how to merge them (before, only "another
    # parent").
    await journey.enroll(ann, "Mia", [photo_bytes(n) for n in CAST["scarlett"]["enroll"]])
    await journey.settle()
    own = (
        "not approved in Class 1A: already enrolled. If that's your Mia, merge the two "
        '("Merge with…" on the card); if another parent enrolled them, ask them to invite '
        'you ("Invite co-guardian" on their card)'
    )
    fresh = await journey.reply_to(ann, "/persons")
    assert f"Alice: {own}" in fresh["text"], fresh["text"]
    assert f"Alice · {own}" in said(await journey.card(ann, "Alice"))


async def test_the_takedown_question_of_an_old_post_says_what_it_will_do(
    journey: Journey, collages: Collages
) -> None:
    """findings21 8: the confirmation of a post 49 hours old promised "I'll delete it in the
    group itself too ... and every copy I sent", which the report then said it couldn't."""
    _ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    (posted,) = await journey.post(group, poster, collages.make(CAST["angelina"]["group"][0]))
    await journey.settle()
    await _posted_long_ago(journey, posted)

    command = await journey.world.user_sends_text(
        office["id"], poster["id"], f"/takedown {post_link(group, posted)}"
    )
    (question,) = await journey.replies(office["id"], command)
    assert "I'll delete it in the group itself" not in question["text"], question["text"]
    assert question["text"].endswith(
        "The photo in the group is 48 hours old or more: Telegram lets a bot delete messages "
        "only in their first 48 hours, so please delete it there yourselves. I'll delete its "
        "faces and crops and the copies I sent to guardians; those older than 48 hours I can "
        "only blank (a plain grey image). This can't be undone."
    ), question["text"]


async def test_the_takedown_question_under_an_old_post_in_the_group_says_it_stays(
    journey: Journey, collages: Collages
) -> None:
    """findings21 8, in the group (no admin chat): "I'll delete it here" of a post Telegram
    won't let the bot delete."""
    _ann, poster, group = await journey.class_with_alice()
    (posted,) = await journey.post(group, poster, collages.make(CAST["angelina"]["group"][0]))
    await journey.settle()
    await _posted_long_ago(journey, posted)

    question = await takedown_asked_in_group(journey, group, poster, posted)
    assert question["text"] == (
        "Take this photo down? It is 48 hours old or more, so Telegram won't let me delete it "
        "here: an admin, please delete it. I'll delete the copies I sent to guardians (those "
        "older than 48 hours I can only blank). Only the admin who asked can confirm."
    ), question["text"]


async def test_an_older_language_menu_says_the_language_chosen_on_a_newer_one(
    journey: Journey,
) -> None:
    """findings21 1: two /language menus, a language chosen on the newer one: the older one
    kept "I write to you in English" with its ✓ English."""
    ann, _poster, _group = await journey.class_with_alice()
    older = await journey.reply_to(ann, "/language")
    newer = await journey.reply_to(ann, "/language")

    def shown(message: dict[str, Any]) -> tuple[str, list[str]]:
        now = journey.now(message)
        return now["text"], labels(now)

    await journey.world.press_button(
        ann["id"], ann["id"], newer["message_id"], data_of(newer, "Español")
    )
    await journey.settle()
    assert shown(older)[0].startswith("Te escribo en Español."), shown(older)
    assert "✓ Español" in shown(older)[1], shown(older)
    assert shown(older) == shown(newer)

    # And back, on the older one: the newer one follows.
    await journey.world.press_button(
        ann["id"], ann["id"], older["message_id"], data_of(journey.now(older), "English")
    )
    await journey.settle()
    assert shown(newer)[0].startswith("I write to you in English."), shown(newer)
    assert shown(newer) == shown(older)


async def test_after_done_a_warned_enrollment_photo_no_longer_points_to_its_button(
    journey: Journey,
) -> None:
    """findings20 2: after /done the warning under an enrollment photo unlike the others
    still said press "Remove this photo", a button /done had taken off."""
    ann, poster = journey.user("Ann"), journey.user("Poster")
    _group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    await journey.join(ann, payload)
    await journey.reply_to(ann, "/add Alice")
    alice, other = CAST["angelina"]["enroll"], CAST["scarlett"]["enroll"]
    verdicts = []
    for photo in (alice[0], other[0], alice[1]):
        (sent,) = await journey.world.user_sends_photos(ann["id"], ann["id"], [photo_bytes(photo)])
        (verdict,) = await journey.replies(ann["id"], sent)
        verdicts.append(verdict)
    warned = verdicts[1]
    assert 'press "Remove this photo"' in warned["text"], warned["text"]
    assert labels(warned) == ["Remove this photo"]

    done = await journey.says(ann, "/done")
    await journey.replies(ann["id"], done, count=2)
    await journey.until(lambda: labels(journey.now(warned)) == [])
    assert journey.now(warned)["text"] == (
        "✅ Accepted (2 photos).\n\n⚠️ This didn't look like the same child as the other faces "
        "you sent of Alice. If it isn't Alice, open their card (/persons, then Alice), press "
        '"Forget faces" and add photos again.'
    ), journey.now(warned)["text"]

    # walken4 7 (issue 32): after Ann's /forget, Alice and her card are gone: the warning's
    # instruction (open her card, "Forget faces") no longer applies, the count stays.
    await forget_everything(journey, ann)
    assert journey.now(warned)["text"] == "✅ Accepted (2 photos).", journey.now(warned)["text"]
