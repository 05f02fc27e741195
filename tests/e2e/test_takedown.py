"""Takedown: an organizer removes a group photo (issue 11). Each test acts through the
emulator with the real bot and worker, then reads Postgres, Qdrant, the blobs and the
guardians' chats."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from domain.delivery.batches import last_digest
from domain.infra.models import (
    Delivery,
    Face,
    Group,
    ModerationEvent,
    Photo,
    Suggestion,
    UserRequest,
)
from domain.moderation import texts
from domain.moderation.takedown import COPY_DELETED, NOT_SENT
from domain.recognition.face_index import FaceFilter
from domain.settings import DeliverySettings, MatchingSettings
from domain.states import DeliveryStatus, ModerationAction, PhotoStatus, RequestKind
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, data_of, labels
from tests.e2e.organizers import bound_admin_chat, post_link
from tests.e2e.steps import joins_then_co_guardian
from tests.e2e.test_durable_requests import _redis_lost, _workers_stopped
from tests.e2e.test_group_settings import album_messages, batches_of, in_mode, settings_card

X, NOBODY = CAST["angelina"], CAST["strangers"]
TWO_DAYS = 49 * 3600


def _bot_photos(journey: Journey, user: dict[str, Any]) -> list[dict[str, Any]]:
    """The photos the bot sent to the user that are still in their chat."""
    return [m for m in journey.world.transcript(user["id"]) if m["from"]["is_bot"] and "photo" in m]


async def _command(
    journey: Journey, chat: dict[str, Any], user: dict[str, Any], text: str, reply_to: int = 0
) -> dict[str, Any]:
    return await journey.world.user_sends_text(
        chat["id"], user["id"], text, reply_to_message_id=reply_to or None
    )


async def _bot_says(
    journey: Journey, chat: dict[str, Any], after: dict[str, Any]
) -> dict[str, Any]:
    (said,) = await journey.replies(chat["id"], after)
    return said


def _bot_texts(journey: Journey, chat_id: int) -> list[str]:
    return [
        m.get("text", "") + m.get("caption", "")
        for m in journey.world.transcript(chat_id)
        if m["from"]["is_bot"]
    ]


async def _untouched(photo_id: Any, copies: int) -> None:
    """Nothing changed: the photo stands, its copies too, no request, no audit event."""
    photo = await Photo.get(id=photo_id)
    assert (photo.status, photo.removed_at) == (PhotoStatus.DONE, None)
    assert await Delivery.filter(photo_id=photo_id, status=DeliveryStatus.SENT).count() == copies
    assert not await UserRequest.filter(kind=RequestKind.TAKEDOWN).exists()
    assert not await ModerationEvent.filter(action=ModerationAction.TAKEN_DOWN).exists()


async def _nothing_left_of(journey: Journey, photo_id: Any) -> None:
    assert journey.stack is not None and journey.stack.face_index is not None
    assert journey.stack.blobs is not None
    assert not await Face.filter(photo_id=photo_id).exists()
    assert not await Suggestion.filter(face__photo_id=photo_id).exists()
    assert await journey.stack.face_index.count(FaceFilter(photo_ids=[photo_id])) == 0
    assert await journey.stack.blobs.keys(f"crops/{photo_id}/") == []
    photo = await Photo.get(id=photo_id)
    assert photo.status == PhotoStatus.REMOVED and photo.removed_at is not None
    assert (
        not await Delivery.filter(photo_id=photo_id)
        .exclude(status=DeliveryStatus.TAKEN_DOWN)
        .exists()
    )


async def test_an_admin_takes_a_photo_down_in_the_group(
    journey: Journey, collages: Collages
) -> None:
    """No admin chat: the question comes under the photo, bound to the admin; every copy is
    deleted but one too old for Telegram, which the report counts without naming anyone."""
    ann, poster, group = await journey.class_with_alice()
    bob = journey.user("Bob")
    await joins_then_co_guardian(journey, ann, "Alice", bob, group)
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (ann_copy,), (bob_copy,) = journey.photos_for(ann), journey.photos_for(bob)
    photo = await Photo.get(message_id=posted["message_id"])
    assert await Face.filter(photo=photo).count() == 2
    # Bob's copy is two days old: Telegram no longer lets the bot delete it.
    journey.world.chat(bob["id"]).messages[bob_copy["message_id"]].data["date"] -= TWO_DAYS

    command = await _command(journey, group, poster, "/takedown", reply_to=posted["message_id"])
    question = await _bot_says(journey, group, command)
    assert journey.now(command).get("_deleted") is True  # the command is gone
    assert question["text"] == texts.takedown_ask_in_group()
    assert question["reply_to_message"]["message_id"] == posted["message_id"]

    # Ann is a member, not an admin: refused, and nothing changes.
    refused = await journey.press(ann, question, texts.takedown_go())
    assert refused["text"] == "Only admins of Class 1A can take its photos and clips down."
    await _untouched(photo.id, copies=2)

    confirmed = await journey.press(poster, question, texts.takedown_go())
    assert confirmed["text"] == texts.takedown_taking_private()
    await journey.settle()
    assert journey.now(question).get("_deleted") is True  # the question goes once answered
    await _nothing_left_of(journey, photo.id)
    assert journey.now(ann_copy).get("_deleted") is True
    # Ann is told in one line why it went, naming the day it was posted (her copy, gone,
    # can't be replied to) and no one in it (issue 32 leftover: it vanished unsaid).
    told = journey.world.transcript(ann["id"])[-1]
    assert told["from"]["is_bot"] and "photo" not in told
    assert told["text"].startswith("The organizers of Class 1A took down a photo posted there "), (
        told["text"]
    )
    assert told["text"].endswith(", so I deleted your copy of it."), told["text"]
    assert "Alice" not in told["text"]
    assert journey.now(bob_copy).get("_deleted") is not True  # too old: Telegram refused
    # Bob's copy says it itself: no line more.
    assert not any("I deleted your copy" in said for said in _bot_texts(journey, bob["id"]))
    assert labels(journey.now(bob_copy)) == []  # but its "Not Alice?" is gone
    # and it shows the photo no more: a grey image saying why (findings18 9).
    assert journey.now(bob_copy)["caption"] == "The organizers of Class 1A took this photo down."
    assert journey.now(posted).get("_deleted") is True  # and the post in the group
    photo = await Photo.get(id=photo.id)
    assert photo.removed_by_user_id == poster["id"]
    (event,) = await ModerationEvent.filter(action=ModerationAction.TAKEN_DOWN)
    assert (event.actor_user_id, event.actor_name) == (poster["id"], "Poster")
    (request,) = await UserRequest.filter(kind=RequestKind.TAKEDOWN)
    assert request.done_at is not None

    # The Poster never opened a chat with the bot and there is no admin chat: the group
    # hears only that it is done; its members never learn how many guardians had the photo.
    report = journey.world.transcript(group["id"])[-1]
    assert report["from"]["is_bot"]
    assert report["text"] == "Taken down."
    for said in _bot_texts(journey, group["id"]):
        assert not any(name in said for name in ("Alice", "Ann", "Bob")), said
        assert "Copies" not in said and "guardians' chats" not in said, said


async def test_takedown_by_link_in_the_admin_chat_survives_redis_loss(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """From the admin chat with the photo's link; Redis is lost after the confirmation and
    the takedown still completes, reports once, and a later "Yes" to the photo's old
    question delivers nothing."""
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, poster, group = await journey.class_with_alice()
        office = await bound_admin_chat(journey, group, [poster])
        (posted,) = await journey.post(
            group, poster, collages.make(X["group"][0], NOBODY["group"][0])
        )
        await journey.settle()
        (question,) = journey.suggestions(ann)  # "Is this Alice?", with a crop of her face
        photo = await Photo.get(message_id=posted["message_id"])
        assert journey.stack is not None and journey.stack.blobs is not None
        assert await journey.stack.blobs.keys(f"crops/{photo.id}/") != []
        await _workers_stopped(journey)

        command = await _command(journey, office, poster, f"/takedown {post_link(group, posted)}")
        card = await _bot_says(journey, office, command)
        assert card["text"].startswith("Take down a photo from Class 1A? Posted ")
        assert "This can't be undone." in card["text"]
        assert "photo" not in card and "Alice" not in card["text"]  # no face, no name
        await journey.press(poster, card, texts.takedown_go())
        assert (await journey.edited(card))["text"] == (
            "Taking down the photo from Class 1A. I'll report here when it's done."
        )
        assert (await Photo.get(id=photo.id)).status == PhotoStatus.REMOVED  # at once
        # Before the job ran, Ann answers "Yes" to the photo's question: nothing is planned.
        yes = question["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        answer = await journey.world.press_button(ann["id"], ann["id"], question["message_id"], yes)
        assert answer["text"] == "This question has already been answered."
        assert not await Delivery.filter(photo_id=photo.id).exists()
        await _redis_lost(journey, f"takedown:{photo.id}")

        await _nothing_left_of(journey, photo.id)
        assert journey.now(question).get("_deleted") is True  # the question showed her face
        reports = [t for t in _bot_texts(journey, office["id"]) if t.startswith("Taken down")]
        assert len(reports) == 1  # once, though the workers started twice
        # Her question showed the photo: deleted from her chat, and said so (findings15 2),
        # as a question, not a copy (walken3 11).
        assert "Copies deleted from guardians' chats: 0." in reports[0]
        assert "Questions showing it deleted from guardians' chats: 1." in reports[0]
        assert "too old" not in reports[0]
        # "I'll report here when it's done": the report, said where it was said.
        assert journey.now(card)["text"] == reports[0]

        assert journey.photos_for(ann) == []
        assert not await Delivery.filter(photo_id=photo.id).exists()


async def test_a_public_groups_link_works_and_another_public_group_is_refused(
    journey: Journey, collages: Collages
) -> None:
    """A public supergroup's links are t.me/<username>/<message>: the admin chat accepts
    them for its own group; a link to another public group is refused, naming nothing."""
    ann, poster, group = await journey.class_with_alice()
    journey.world.set_chat_username(group["id"], "class1a_photos")
    office = await bound_admin_chat(journey, group, [poster])
    carol = journey.user("Carol")
    other, _ = await journey.group_with_bot("Class 2B", carol, [])
    journey.world.set_chat_username(other["id"], "class2b_photos")
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    (elsewhere,) = await journey.post(other, carol, collages.make(X["group"][1]))
    await journey.settle()
    assert posted["chat"]["username"] == "class1a_photos"  # as Telegram sends it
    (copy,) = journey.photos_for(ann)

    link = f"https://t.me/class2b_photos/{elsewhere['message_id']}"
    refused = await _bot_says(
        journey, office, await _command(journey, office, poster, f"/takedown {link}")
    )
    assert refused["text"] == texts.takedown_other_group()
    assert "Class 2B" not in refused["text"] and "class2b" not in refused["text"]
    assert "reply_markup" not in refused
    theirs = {"message_id": elsewhere["message_id"], "group__chat_id": other["id"]}
    assert (await Photo.get(**theirs)).removed_at is None

    link = f"https://t.me/class1a_photos/{posted['message_id']}"
    command = await _command(journey, office, poster, f"/takedown {link}")
    card = await _bot_says(journey, office, command)
    assert card["text"].startswith("Take down a photo from Class 1A? Posted ")
    assert any(e.get("url") == link for e in card.get("entities", [])), card
    await journey.press(poster, card, texts.takedown_go())
    await journey.settle()
    photo = await Photo.get(message_id=posted["message_id"], group__chat_id=group["id"])
    await _nothing_left_of(journey, photo.id)
    assert journey.now(copy).get("_deleted") is True
    assert journey.now(posted).get("_deleted") is True
    other_photo = await Photo.get(**theirs)
    assert (other_photo.status, other_photo.removed_at) == (PhotoStatus.DONE, None)
    assert journey.now(elsewhere).get("_deleted") is not True


async def test_only_the_groups_admins_may_take_a_photo_down(
    journey: Journey, collages: Collages
) -> None:
    """A member's /takedown, an admin-chat member who is no admin of the group, an admin of
    another group, an admin demoted before pressing: all refused, nothing changes."""
    ann, poster, group = await journey.class_with_alice()
    dave, carol = journey.user("Dave"), journey.user("Carol")
    await journey.world.set_member_status(group["id"], dave["id"], "member")
    office = await bound_admin_chat(journey, group, [poster, dave, carol])
    other, _ = await journey.group_with_bot("Class 2B", carol, [])
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    photo = await Photo.get(message_id=posted["message_id"])
    (copy,) = journey.photos_for(ann)

    # A member replies /takedown in the group: the command goes, and Ann is told privately
    # (a member can't make the bot flood the group: see test_bans_hold).
    before = journey.last(ann)["message_id"]
    command = await _command(journey, group, ann, "/takedown", reply_to=posted["message_id"])
    (refusal,) = await journey.replies(ann["id"], before)
    assert refusal["text"] == "Only the admins of Class 1A can use /takedown there."
    await journey.until(lambda: journey.now(command).get("_deleted") is True)
    # A member of the admin chat who is no admin of the group can read, not act.
    command = await _command(journey, office, dave, f"/takedown {post_link(group, posted)}")
    assert (await _bot_says(journey, office, command))["text"] == (
        "Only admins of Class 1A can take its photos and clips down."
    )
    await _untouched(photo.id, copies=1)

    # Carol is an admin of Class 2B only: she can't press the Poster's confirmation.
    command = await _command(journey, office, poster, f"/takedown {post_link(group, posted)}")
    card = await _bot_says(journey, office, command)
    refused = await journey.press(carol, card, texts.takedown_go())
    assert refused["text"] == "Only admins of Class 1A can take its photos and clips down."
    # ...nor take it down from her own group's admin chat.
    her_office = await bound_admin_chat(journey, other, [carol], title="Class 2B office")
    command = await _command(journey, her_office, carol, f"/takedown {post_link(group, posted)}")
    assert (await _bot_says(journey, her_office, command))["text"] == texts.takedown_other_group()
    await _untouched(photo.id, copies=1)

    # Dave, made an admin, asks; demoted before he presses: refused.
    await journey.world.set_member_status(group["id"], dave["id"], "administrator")
    command = await _command(journey, office, dave, f"/takedown {post_link(group, posted)}")
    daves_card = await _bot_says(journey, office, command)
    await journey.world.set_member_status(group["id"], dave["id"], "member")
    refused = await journey.press(dave, daves_card, texts.takedown_go())
    assert refused["text"] == "Only admins of Class 1A can take its photos and clips down."
    # The Poster, an admin of Class 1A too, may answer Dave's (findings23 7: he was told
    # "That button was shown to someone else"): his Cancel keeps it, as on his own.
    await journey.press(poster, daves_card, texts.takedown_cancel())
    assert (await journey.edited(daves_card))["text"] == texts.takedown_kept()
    await journey.press(poster, card, texts.takedown_cancel())
    assert (await journey.edited(card))["text"] == texts.takedown_kept()
    await journey.settle()
    await _untouched(photo.id, copies=1)
    assert journey.now(copy).get("_deleted") is not True
    assert (await Group.get(chat_id=group["id"])).admin_chat_id == office["id"]


async def test_bad_takedowns_get_a_clear_answer(journey: Journey, collages: Collages) -> None:
    _, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    welcome = journey.world.transcript(group["id"])[0]

    expected = {
        "/takedown": texts.takedown_how_in_admin_chat(),
        "/takedown please": texts.takedown_bad_link(),
        "/takedown https://t.me/c/99999/5": texts.takedown_other_group(),
        f"/takedown {post_link(group, welcome)}": texts.takedown_no_such_photo(),
    }
    for text, answer in expected.items():
        command = await _command(journey, office, poster, text)
        assert (await _bot_says(journey, office, command))["text"] == answer, text
    # In the group: /takedown that replies to nothing, or to a message that is no photo.
    command = await _command(journey, group, poster, "/takedown")
    assert (await _bot_says(journey, group, command))["text"] == texts.takedown_how_in_group()
    command = await _command(journey, group, poster, "/takedown", reply_to=welcome["message_id"])
    assert (await _bot_says(journey, group, command))["text"] == texts.takedown_not_a_photo()
    await _untouched((await Photo.get(message_id=posted["message_id"])).id, copies=1)


async def test_an_album_photo_taken_down_leaves_the_others(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    album = await journey.post(
        group, poster, collages.make(X["group"][0]), collages.make(X["group"][1])
    )
    await journey.settle()
    copies = {m["photo"][-1]["file_unique_id"]: m for m in journey.photos_for(ann)}
    first, second = (copies[m["photo"][-1]["file_unique_id"]] for m in album)
    gone = await Photo.get(message_id=album[0]["message_id"])
    kept = await Photo.get(message_id=album[1]["message_id"])

    # Replied in the group: the confirmation comes in the admin chat, bound to the Poster.
    before = journey.world.transcript(office["id"])[-1]
    command = await _command(journey, group, poster, "/takedown", reply_to=album[0]["message_id"])
    card = await _bot_says(journey, office, before)
    assert card["text"].startswith("Take down a photo from Class 1A?")
    # One photo of an album: the question says only this one goes.
    assert card["text"].endswith(texts.takedown_only_this_of_album())
    assert post_link(group, album[0]) in str(card.get("entities"))
    assert journey.now(command).get("_deleted") is True
    go = card["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    cancel = card["reply_markup"]["inline_keyboard"][0][1]["callback_data"]
    await journey.press(poster, card, texts.takedown_go())
    await journey.settle()

    await _nothing_left_of(journey, gone.id)
    assert journey.now(first).get("_deleted") is True
    assert journey.now(second).get("_deleted") is not True
    kept = await Photo.get(id=kept.id)
    assert kept.status == PhotoStatus.DONE and kept.removed_at is None
    assert await Face.filter(photo=kept).count() == 1
    assert await Delivery.filter(photo=kept, status=DeliveryStatus.SENT).count() == 1
    report = journey.world.transcript(office["id"])[-1]
    assert "Copies deleted from guardians' chats: 1." in report["text"]

    # Pressed again, or asked again by link: nothing more happens, and it says so.
    again = await journey.world.press_button(poster["id"], office["id"], card["message_id"], go)
    assert again["text"] == "That photo from Class 1A was already taken down by Poster."
    again = await journey.world.press_button(poster["id"], office["id"], card["message_id"], cancel)
    assert again["text"] == "That photo from Class 1A was already taken down by Poster."
    await journey.settle()
    # A second tap answers its popup only: the card keeps its report of what was deleted.
    assert journey.now(card)["text"] == report["text"]
    assert "Copies deleted from guardians' chats: 1." in journey.now(card)["text"]
    command = await _command(journey, office, poster, f"/takedown {post_link(group, album[0])}")
    assert (await _bot_says(journey, office, command))["text"] == (
        "That photo from Class 1A was already taken down by Poster."
    )
    assert await ModerationEvent.filter(action=ModerationAction.TAKEN_DOWN).count() == 1
    # The album's last photo up: no note about the others (they are gone).
    command = await _command(journey, office, poster, f"/takedown {post_link(group, album[1])}")
    last = await _bot_says(journey, office, command)
    assert last["text"].startswith("Take down a photo from Class 1A?")
    assert "album" not in last["text"]


async def test_a_bot_that_may_not_delete_messages_says_so(
    journey: Journey, collages: Collages
) -> None:
    """The bot lost its admin rights after the photo was posted: it can't delete the command
    or the post, and says so to the admin; the copies still go."""
    ann, poster, group = await journey.class_with_alice()
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)
    await journey.world.set_bot_status(group["id"], "member")
    await journey.settle()
    await journey.says(poster, "/help")  # the Poster has a chat with the bot

    command = await _command(journey, group, poster, "/takedown", reply_to=posted["message_id"])
    question = await _bot_says(journey, group, command)
    assert journey.now(command).get("_deleted") is not True
    assert question["text"] == (
        f"{texts.takedown_ask_in_group()}\n{texts.takedown_cant_delete_command()}"
    )
    await journey.press(poster, question, texts.takedown_go())
    await journey.settle()
    photo = await Photo.get(message_id=posted["message_id"])
    await _nothing_left_of(journey, photo.id)
    assert journey.now(copy).get("_deleted") is True
    assert journey.now(posted).get("_deleted") is not True
    # No admin chat: the full report goes privately to the admin who confirmed, and nothing
    # of it is said in the group.
    report = journey.last(poster)
    assert report["text"].startswith("Taken down: the photo from Class 1A posted ")
    assert "Copies deleted from guardians' chats: 1." in report["text"]
    assert "I couldn't delete the photo in the group itself" in report["text"]
    assert not any(t.startswith("Taken down") for t in _bot_texts(journey, group["id"]))


async def test_an_offer_of_held_photos_counts_what_is_left_after_a_takedown(
    journey: Journey, collages: Collages
) -> None:
    """The offer on resume kept "2 photos" after one was taken down (findings walken4 4);
    after "Forget faces", its "Yes" answered "Alice is paused. Resume them first" (15)."""
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    card = await journey.card(ann, "Alice")
    await journey.after_pressing(ann, card, "Pause")
    (gone,) = await journey.post(group, poster, collages.make(X["group"][0]))
    (kept,) = await journey.post(group, poster, collages.make(X["group"][1]))
    await journey.settle()
    assert await Delivery.filter(status=DeliveryStatus.HELD).count() == 2
    card = await journey.card(ann, "Alice")
    _, offer = await journey.after_pressing(ann, card, "Resume", count=2)
    assert offer["text"] == (
        "While Alice was paused, I held 2 photos of them from Class 1A. Send them?"
    )

    async def taken_down(post: dict[str, Any]) -> None:
        command = await _command(journey, office, poster, f"/takedown {post_link(group, post)}")
        await journey.press(poster, await _bot_says(journey, office, command), texts.takedown_go())
        await journey.settle()

    await taken_down(gone)
    one = "While Alice was paused, I held 1 photo of them from Class 1A. Send it?"
    await journey.until(lambda: journey.now(offer)["text"] == one)
    assert labels(journey.now(offer)) == ["Yes", "No"]
    yes = data_of(journey.now(offer), "Yes")
    photo = await Photo.get(message_id=gone["message_id"])
    (held,) = await Delivery.filter(photo=photo)
    assert (held.status, held.sent_at) == (DeliveryStatus.TAKEN_DOWN, None)
    await taken_down(kept)
    none_left = (
        "While Alice was paused, I held photos or clips of them, but the organizers have "
        "since taken them down: nothing to send."
    )
    await journey.until(lambda: journey.now(offer)["text"] == none_left)
    assert labels(journey.now(offer)) == []
    # Pressed as it was (a stale app): why, not "Already done." (fixc 3).
    late = await journey.world.press_button(ann["id"], ann["id"], offer["message_id"], yes)
    assert late["text"] == none_left, late["text"]

    # Held again, and offered; "Forget faces": the faces that found it are gone, and so is
    # the offer.
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Pause")
    await journey.post(group, poster, collages.make(X["group"][2]))
    await journey.settle()
    card = await journey.card(ann, "Alice")
    _, offer = await journey.after_pressing(ann, card, "Resume", count=2)
    assert offer["text"] == one
    yes = offer["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    card = await journey.card(ann, "Alice")
    (question,) = await journey.after_pressing(ann, card, "Forget faces")
    await journey.press(ann, question, "Yes, delete")
    await journey.settle()
    forgotten = (
        "Since then every face of Alice was deleted, with what I had found of them: "
        "nothing to send."
    )
    await journey.until(lambda: journey.now(offer)["text"] == forgotten)
    assert "reply_markup" not in journey.now(offer)
    late = await journey.world.press_button(ann["id"], ann["id"], offer["message_id"], yes)
    assert late["text"] == forgotten
    await journey.settle()
    assert journey.photos_for(ann) == []


async def test_a_taken_down_photo_posted_again_stays_down(
    journey: Journey, collages: Collages
) -> None:
    """The post was too old to delete from the group (Bob's copy, too old too, shows a grey
    image now); Bob forwards the post there again after the takedown: it is recorded as
    removed at once, never recognized or sent, deleted from the group, and the admin chat
    is told once, naming the group and no one."""
    ann, poster, group = await journey.class_with_alice()
    bob = journey.user("Bob")
    await joins_then_co_guardian(journey, ann, "Alice", bob, group)
    office = await bound_admin_chat(journey, group, [poster])
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (bob_copy,) = journey.photos_for(bob)
    journey.world.chat(bob["id"]).messages[bob_copy["message_id"]].data["date"] -= TWO_DAYS
    journey.world.chat(group["id"]).messages[posted["message_id"]].data["date"] -= TWO_DAYS
    command = await _command(journey, office, poster, f"/takedown {post_link(group, posted)}")
    await journey.press(poster, await _bot_says(journey, office, command), texts.takedown_go())
    await journey.settle()
    gone = await Photo.get(message_id=posted["message_id"])
    await _nothing_left_of(journey, gone.id)
    assert journey.now(bob_copy).get("_deleted") is not True  # too old for the bot
    assert journey.now(posted).get("_deleted") is not True  # too old for the bot
    before = journey.world.transcript(office["id"])[-1]

    forwarded = await journey.world.user_forwards(
        group["id"], bob["id"], group["id"], posted["message_id"]
    )
    assert forwarded["photo"][-1]["file_unique_id"] == posted["photo"][-1]["file_unique_id"]
    (told,) = await journey.replies(office["id"], before)
    await journey.settle()

    again = await Photo.get(message_id=forwarded["message_id"])
    assert again.status == PhotoStatus.REMOVED and again.removed_at is not None
    assert again.removed_by_user_id == poster["id"]
    assert not await Face.filter(photo=again).exists()
    assert not await Delivery.filter(photo=again).exists()
    assert journey.now(forwarded).get("_deleted") is True  # gone from the group too
    assert journey.photos_for(ann) == []  # hers was deleted by the takedown; nothing new
    # His old copy only (blanked by the takedown): nothing new.
    assert [m["message_id"] for m in _bot_photos(journey, bob)] == [bob_copy["message_id"]]
    assert journey.now(bob_copy)["caption"] == "The organizers of Class 1A took this photo down."
    assert told["text"].startswith("A photo taken down from Class 1A was posted there again")
    assert "I won't recognize or send it to anyone. I deleted it from the group." in told["text"]
    assert not any(name in told["text"] for name in ("Alice", "Ann", "Bob"))
    assert journey.world.transcript(office["id"])[-1]["message_id"] == told["message_id"]  # once
    # It stays down: no job ever recognizes it.
    assert (await Photo.get(id=again.id)).status == PhotoStatus.REMOVED


async def test_an_album_photo_waiting_to_be_sent_is_taken_down_at_once(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """Album mode: a photo waiting for its album when the takedown is confirmed is taken
    down in that same moment; the album's other photo goes alone, the taken-down one never."""
    async with journey_factory(delivery=DeliverySettings(album_window_s=15)) as journey:
        ann, poster, group = await journey.class_with_alice()
        office = await bound_admin_chat(journey, group, [poster])
        card = await settings_card(journey, poster, office)
        await journey.press(poster, card, "Albums")
        (gone,) = await journey.post(group, poster, collages.make(X["group"][0]))
        (kept,) = await journey.post(group, poster, collages.make(X["group"][1]))
        for _ in range(200):  # both recognized, waiting for the album
            if await Delivery.filter(status=DeliveryStatus.WAITING).count() == 2:
                break
            await asyncio.sleep(0.1)
        assert await Delivery.filter(status=DeliveryStatus.WAITING).count() == 2
        assert journey.photos_for(ann) == []

        command = await _command(journey, office, poster, f"/takedown {post_link(group, gone)}")
        await journey.press(poster, await _bot_says(journey, office, command), texts.takedown_go())
        photo = await Photo.get(message_id=gone["message_id"])
        (waiting,) = await Delivery.filter(photo=photo)
        assert (waiting.status, waiting.error) == (DeliveryStatus.TAKEN_DOWN, NOT_SENT)

        await journey.settle()  # the album's time comes
        assert journey.unique_ids(ann) == [kept["photo"][-1]["file_unique_id"]]
        assert album_messages(journey, ann) == []
        (waiting,) = await Delivery.filter(photo=photo)
        assert (waiting.status, waiting.error, waiting.sent_at) == (
            DeliveryStatus.TAKEN_DOWN,
            NOT_SENT,
            None,
        )
        report = [t for t in _bot_texts(journey, office["id"]) if t.startswith("Taken down")]
        assert len(report) == 1 and "Copies deleted from guardians' chats: 0." in report[0]


async def test_in_the_group_the_question_says_only_this_photo_of_the_album_goes(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    album = await journey.post(
        group, poster, collages.make(X["group"][0]), collages.make(X["group"][1])
    )
    await journey.settle()
    command = await _command(journey, group, poster, "/takedown", reply_to=album[1]["message_id"])
    question = await _bot_says(journey, group, command)
    assert question["text"] == (
        f"{texts.takedown_ask_in_group()}\n{texts.takedown_only_this_of_album_in_group()}"
    )
    await journey.press(poster, question, texts.takedown_cancel())
    await journey.settle()
    assert await Photo.filter(status=PhotoStatus.REMOVED).count() == 0
    assert len(journey.photos_for(ann)) == 2


async def test_copies_of_the_photo_posted_before_go_with_it(
    journey: Journey, collages: Collages
) -> None:
    """Bob forwarded the photo inside the group before the takedown, and the Poster
    forwarded his forward: those posts are the same picture, so they go too, with the copies of them
    sent to guardians. The organizer gets ONE report listing it all, the copy too old to
    delete included."""
    ann, poster, group = await journey.class_with_alice()
    bob = journey.user("Bob")
    await journey.world.set_member_status(group["id"], bob["id"], "member")
    office = await bound_admin_chat(journey, group, [poster])
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    again = await journey.world.user_forwards(
        group["id"], bob["id"], group["id"], posted["message_id"]
    )
    await journey.settle()
    resent = await journey.world.user_forwards(
        group["id"], poster["id"], group["id"], again["message_id"]
    )
    await journey.settle()
    first, _, _ = journey.photos_for(ann)  # Alice is in all three
    # Ann's copy of the first post is three days old: too old for the bot to delete.
    journey.world.chat(ann["id"]).messages[first["message_id"]].data["date"] -= 3 * 86400
    before = journey.world.transcript(office["id"])[-1]["message_id"]

    command = await _command(journey, office, poster, f"/takedown {post_link(group, posted)}")
    await journey.press(poster, await _bot_says(journey, office, command), texts.takedown_go())
    await journey.settle()
    for message in (posted, again, resent):
        photo = await Photo.get(message_id=message["message_id"])
        assert photo.status == PhotoStatus.REMOVED
        await _nothing_left_of(journey, photo.id)
        assert journey.now(message).get("_deleted") is True  # gone from the group
    # The two others deleted; the one too old stays, a grey image without its "Not Alice?".
    assert [m["message_id"] for m in _bot_photos(journey, ann)] == [first["message_id"]]
    assert labels(journey.now(first)) == []
    assert journey.now(first)["caption"] == "The organizers of Class 1A took this photo down."
    after = [m for m in journey.world.transcript(office["id"]) if m["message_id"] > before]
    reports = [m["text"] for m in after if m["from"]["is_bot"]]
    reports = [t for t in reports if t.startswith("Taken down")]
    assert len(reports) == 1, reports
    (report,) = reports
    assert report.startswith("Taken down: the photo from Class 1A posted ")
    assert ", with 2 other posts of the same picture there (" in report
    assert "Copies deleted from guardians' chats: 2." in report
    assert "Copies I could only blank (older than 48 hours, which Telegram doesn't " in report
    assert "): 1 (sent " in report
    assert "Copies too old for me to delete" not in report
    assert "couldn't delete" not in report
    assert not any(name in report for name in ("Alice", "Ann", "Bob"))
    (request,) = await UserRequest.filter(kind=RequestKind.TAKEDOWN)
    assert request.done_at is not None


async def test_in_digest_mode_a_waiting_photo_never_goes_and_a_sent_one_is_deleted(
    journey: Journey, collages: Collages
) -> None:
    """Daily digest: a photo waiting for the digest, taken down before its hour, is never
    delivered (the digest goes without it); a photo already delivered in a digest album is
    deleted from the guardian's chat, the album's other photo stays."""
    ann, poster, group = await journey.class_with_alice()
    await in_mode(journey, poster, group, "Daily digest")
    office = {"id": (await Group.get(chat_id=group["id"])).admin_chat_id}
    posted = []
    for i in range(3):
        posted += await journey.post(group, poster, collages.make(X["group"][i]))
    await journey.settle()
    waiting = await Delivery.filter(participant__telegram_user_id=ann["id"])
    assert [d.status for d in waiting] == [DeliveryStatus.WAITING] * 3
    first, second, third = posted

    async def take_down(message: dict[str, Any]) -> Photo:
        command = await _command(journey, office, poster, f"/takedown {post_link(group, message)}")
        await journey.press(poster, await _bot_says(journey, office, command), texts.takedown_go())
        await journey.settle()
        return await Photo.get(message_id=message["message_id"])

    # Taken down while it waits for the digest: never delivered.
    gone = await take_down(first)
    (held,) = await Delivery.filter(photo=gone)
    assert (held.status, held.error, held.sent_at) == (DeliveryStatus.TAKEN_DOWN, NOT_SENT, None)
    hour = journey.settings.delivery.digest_hour_utc
    at = last_digest(max(d.created_at for d in waiting), hour) + timedelta(days=1, minutes=1)
    async with batches_of(journey) as batches:
        assert await batches.send_due(now=at) == 2
        await journey.settle()
        assert await batches.send_due(now=at + timedelta(days=1)) == 0
    album = album_messages(journey, ann)
    assert [m["photo"][-1]["file_unique_id"] for m in album] == [
        m["photo"][-1]["file_unique_id"] for m in (second, third)
    ]
    assert journey.singles(ann) == []  # nothing one by one either
    (held,) = await Delivery.filter(photo=gone)
    assert (held.status, held.sent_at) == (DeliveryStatus.TAKEN_DOWN, None)
    await _nothing_left_of(journey, gone.id)

    # Delivered in the digest album, then taken down: deleted from Ann's chat.
    in_album = {m["photo"][-1]["file_unique_id"]: m for m in album}
    removed = await take_down(second)
    await _nothing_left_of(journey, removed.id)
    (copy,) = await Delivery.filter(photo=removed)
    assert (copy.status, copy.error) == (DeliveryStatus.TAKEN_DOWN, COPY_DELETED)
    assert journey.now(in_album[second["photo"][-1]["file_unique_id"]]).get("_deleted") is True
    assert journey.now(in_album[third["photo"][-1]["file_unique_id"]]).get("_deleted") is not True
    reports = [t for t in _bot_texts(journey, office["id"]) if t.startswith("Taken down")]
    assert len(reports) == 2
    assert "Copies deleted from guardians' chats: 0." in reports[0]
    assert "Copies deleted from guardians' chats: 1." in reports[1]


async def test_in_the_group_an_admin_is_told_the_question_is_in_the_admin_chat(
    journey: Journey, collages: Collages
) -> None:
    """The command goes from the group, and the group reads where its confirmation was asked
    (the admin chat by name, no photo, no name); the question says the group's post goes
    too, and it does."""
    ann, poster, group = await journey.class_with_alice()
    olga, mallory = journey.user("Olga"), journey.user("Mallory")
    for user in (olga, mallory):
        await journey.world.set_member_status(group["id"], user["id"], "member")
    await journey.world.set_member_status(group["id"], olga["id"], "administrator")
    office = await bound_admin_chat(journey, group, [poster, olga, mallory])
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)

    before = journey.world.transcript(office["id"])[-1]
    command = await _command(journey, group, poster, "/takedown", reply_to=posted["message_id"])
    hint = await _bot_says(journey, group, command)
    assert hint["text"] == (
        "I asked for the takedown to be confirmed in the admin chat, Class 1A office."
    )
    assert journey.now(command).get("_deleted") is True
    card = await _bot_says(journey, office, before)
    assert card["text"].endswith(
        "I'll delete it in the group itself too, its faces and crops, and every copy I sent "
        "to guardians. This can't be undone."
    )
    # Mallory is in the admin chat but no admin of the group: refused, nothing changes.
    refused = await journey.press(mallory, card, texts.takedown_go())
    assert refused["text"] == "Only admins of Class 1A can take its photos and clips down."
    await _untouched((await Photo.get(message_id=posted["message_id"])).id, copies=1)
    # Another admin of the group than the one who asked may confirm.
    await journey.press(olga, card, texts.takedown_go())
    await journey.settle()
    assert journey.now(posted).get("_deleted") is True  # as the question said
    assert journey.now(copy).get("_deleted") is True
    # The group's notice that a confirmation waits goes once it is answered.
    assert journey.now(hint).get("_deleted") is True
    assert (await ModerationEvent.get(action=ModerationAction.TAKEN_DOWN)).actor_name == "Olga"
    # The report says the group's own post went too.
    report = journey.world.transcript(office["id"])[-1]
    assert report["text"].startswith("Taken down: the photo from Class 1A posted "), report
    assert "Deleted in the group itself too." in report["text"]
    for said in _bot_texts(journey, group["id"]):
        assert "Alice" not in said and "Ann" not in said, said


async def test_an_album_photo_taken_down_leaves_its_not_alice_message_true(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """Photo 1 of a guardian's album taken down: the album's "Not Alice? (photo n)"
    message speaks of the one photo left, with its button only."""
    from tests.e2e.test_bursts import albums_and_answers, burst

    async with journey_factory(delivery=DeliverySettings(album_window_s=2)) as journey:
        ann, poster, group = await journey.class_with_alice()
        office = await bound_admin_chat(journey, group, [poster])
        await journey.press(poster, await settings_card(journey, poster, office), "Albums")
        posted = await journey.post(group, poster, *burst(collages)[:2])
        await journey.settle()
        ((album, answers),) = albums_and_answers(journey, ann)
        (note,) = answers
        assert labels(note) == ["Not Alice? (photo 1)", "Not Alice? (photo 2)"]
        gone = await Photo.get(message_id=posted[0]["message_id"])
        first = next(
            m
            for m in album
            if m["photo"][-1]["file_unique_id"] == posted[0]["photo"][-1]["file_unique_id"]
        )
        before = journey.world.transcript(office["id"])[-1]
        await _command(journey, group, poster, "/takedown", reply_to=posted[0]["message_id"])
        card = await _bot_says(journey, office, before)
        await journey.press(poster, card, texts.takedown_go())
        await journey.settle()
        await _nothing_left_of(journey, gone.id)
        assert journey.now(first).get("_deleted") is True
        now = journey.now(note)
        assert now["text"].startswith("1 photo from"), now["text"]
        assert labels(now) == ["Not Alice? (photo 1)"]
