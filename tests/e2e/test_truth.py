"""Every sentence true: what the bot says about storage, birth dates, /start, paused
persons and the poster's own photos is what it does."""

from __future__ import annotations

import io
import json
import re
from typing import Any

from PIL import Image
from tortoise import Tortoise

from domain.infra.insightface_engine import CROP_MAX_SIDE
from domain.infra.models import (
    Approval,
    Delivery,
    Face,
    Group,
    GroupBan,
    ModerationEvent,
    Person,
    Photo,
    Suggestion,
)
from domain.recognition.face_index import FaceFilter
from domain.recognition.service import frame_key
from domain.settings import MatchingSettings
from domain.states import DeliveryStatus, MediaKind, SuggestionStatus
from sandbox.clips import film
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import co_guardian_then_joins

X, NOBODY = CAST["angelina"], CAST["strangers"]
UUID_RE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

# Each table holding rows about people, and the words of the details under the consent
# that disclose it. A table that is not here and has rows fails the test: disclose it.
DISCLOSED_TABLES = {
    "participants": "you and their other guardians",
    "participants.question_mode": "how my questions reach you (as they come, once a day, or "
    "every 5 or 10)",
    "participants.language": "the language I write to you in: the one you chose with "
    "/language, or your Telegram app's",
    "persons": "the people you enroll (with a birth date if you give one)",
    "guardianships": "you and their other guardians",
    "guardian_invites": "you and their other guardians",
    "groups": "the groups you joined",
    "memberships": "the groups you joined",
    "faces": "face measurements (embeddings) of the faces in your enrollment photos and clips "
    "(and the day you sent each) and in the group's photos and clips (in a clip, one for each "
    "face I followed through it, with when it is on screen)",
    "prototypes": "face measurements (embeddings)",
    "clusters": "faces not matched to any enrolled child are grouped by likeness (without any "
    "name)",
    "enrollment_photos": "face measurements (embeddings) of the faces in your enrollment photos "
    "and clips (and the day you sent each)",
    "suggestions": 'when I\'m unsure ("Is this your child?"), or before I send earlier photos or '
    "clips I found, a small crop of each face I show you, and for a face in a clip, the one "
    "frame of the clip I show it on, until you answer (at most 30 days)",
    "face_rejections": "the corrections you make",
    "assignment_events": "the corrections you make",
    "button_tokens": "the buttons I showed you, so each works only once",
    "person_messages": "which of my messages show your people (their cards and /persons "
    "lists), to keep them up to date when something changes",
    # A "Not Alice?" menu still open, closed if Alice is renamed: a message showing her.
    "correction_menus": "which of my messages show your people",
    # The notices that a co-guardian gets a person's photos, and /export documents: made
    # true at /forget (their ids only).
    "forget_notices": "which of my messages show your people",
    "photos": "which group photos and clips were posted (a link to the Telegram message, its "
    "caption, to keep it on the copies I send, who posted it, and a clip's length)",
    "deliveries": "which of them I sent to whom",
    "earlier_photos": 'which earlier ones I offered you ("I found 3 earlier photos of your child") '
    "and what you answered",
    "consent_records": "your consent, kept even after you delete everything, without any face data",
    "group_bans": "if a group's organizers stop my service for you in their group, your Telegram "
    "id and that group, kept even after /forget so that their decision holds",
    "approvals": "in a group whose organizers approve new people: their decision on the people "
    "you enroll and on you as a guardian",
    "moderation_events": "what a group's organizers did about you (a ban, or their decision on "
    "a person you enroll), kept for the group's audit, without names after /forget",
    # When each ban held (from the audit's bans and unbans): the same record, by the ban.
    "ban_periods": "what a group's organizers did about you (a ban",
}
# Bookkeeping without anything a person told us: face ids waiting for a Qdrant sync, and
# the requests users confirmed (``user_requests``): who asked is kept only until the work
# is done (to tell them and name them in the audit, which the corrections disclose); what
# stays after is a kind, a person id and the dates, and for /forget the Telegram id and the
# dates, which the message confirming the deletion names. And the ids of the bot's own
# answers in a group that name its admin chat (``admin_pointers``), about no one; and how
# many copies a group's posts gave per hour (``sent_counts``, for /stats), about no one.
TECHNICAL_TABLES = {"face_sync_requests", "user_requests", "admin_pointers", "sent_counts"}
COVER = "one small crop of one enrollment face per person, shown on their card"
SUGGESTION_CROP = DISCLOSED_TABLES["suggestions"]
NOT_KEPT = (
    "I don't keep the enrollment photos and clips themselves, and I fetch the group's photos "
    "and clips from Telegram only while I look at them (a clip's frames are read one by one "
    "and let go, but for the one a question shows)."
)


CROPS = "face_crops_waiting_for_your_answer"


async def _organizers_act(
    journey: Journey, ann: dict[str, Any], poster: dict[str, Any], group: dict[str, Any]
) -> None:
    """The group's organizers approve a new co-guardian of Alice, then ban him, through the
    bot: approvals, group_bans and moderation_events hold rows."""
    office = await bound_admin_chat(journey, group, [poster])
    await Group.filter(chat_id=group["id"]).update(requires_approval=True)
    bob = journey.user("Bob")
    await journey.world.set_member_status(group["id"], bob["id"], "member")
    await journey.join(bob, journey.group_payload(group))
    before = journey.last(bob)["message_id"]
    await journey.co_guardian(ann, "Alice", bob)
    await journey.replies(bob["id"], before, count=3)
    (card,) = [
        m
        for m in journey.world.transcript(office["id"])
        if m["from"]["is_bot"] and "Approval needed" in (m.get("caption") or m.get("text") or "")
    ]
    await journey.press(poster, card, "✅ Approve")
    sent = await journey.says(poster, f"/ban {bob['id']}", office["id"])
    (banned,) = await journey.replies(office["id"], sent)
    assert "is banned" in banned["text"], banned
    assert await Approval.exists() and await GroupBan.exists()
    assert await ModerationEvent.filter(group__chat_id=group["id"]).count() == 2


async def _export(journey: Journey, user: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    sent = await journey.says(user, "/export")
    (reply,) = await journey.replies(user["id"], sent)
    data = json.loads(journey.world.file_bytes(reply["document"]["file_id"]).data)
    return reply["caption"], data


def _flat(text: str) -> str:
    return " ".join(text.split())


async def _tables_with_rows() -> dict[str, int]:
    connection = Tortoise.get_connection("default")
    tables = await connection.execute_query_dict(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
    )
    counts = {}
    for row in tables:
        name = row["table_name"]
        if name.startswith("tortoise") or name == "aerich":  # the migrations' own ledger
            continue
        (count,) = await connection.execute_query_dict(f'SELECT count(*) AS n FROM "{name}"')
        if count["n"]:
            counts[name] = count["n"]
    return counts


async def test_what_is_stored_is_what_the_consent_text_and_privacy_say(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    # Thresholds so high that a true match is a question: a suggestion crop is kept.
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        enrollment_photos = [photo_bytes(n) for n in X["enroll"]]
        ann, poster, group = await journey.class_with_alice()
        group_photo = collages.make(X["group"][0], NOBODY["group"][0])
        await journey.post(group, poster, group_photo)
        # A clip of Alice too: its face is followed through it, and its question keeps a frame.
        clip = film([(photo_bytes(X["group"][1]), 2.0)])
        posted = await journey.world.user_sends_media(
            "video", group["id"], poster["id"], clip, file_name="play.mp4", mime_type="video/mp4"
        )
        await journey.settle()
        questions = journey.suggestions(ann)
        assert sorted(" in the clip posted " in q["caption"] for q in questions) == [False, True]
        await _organizers_act(journey, ann, poster, group)

        consent = next(
            m
            for m in journey.world.transcript(ann["id"])
            if m["from"]["is_bot"] and m.get("text", "").startswith("Welcome! You're joining")
        )
        # The consent says it short; every detail is one tap away from it.
        (details,) = await journey.after_pressing(ann, consent, "What exactly is stored?")
        # /help points to /privacy for what is kept (it fits one message so).
        help_text = (await journey.reply_to(ann, "/help"))["text"]
        assert "/privacy what exactly I keep about you, and for how long" in help_text
        privacy = (await journey.reply_to(ann, "/privacy"))["text"]
        said = {"details under the consent": _flat(details["text"]), "/privacy": _flat(privacy)}

        def disclosed(words: str) -> None:
            for where, text in said.items():
                assert _flat(words) in text, f"{where} does not say: {words}"

        # Every table with rows is one the texts name.
        tables = await _tables_with_rows()
        for table in tables:
            if table in TECHNICAL_TABLES:
                continue
            assert table in DISCLOSED_TABLES, f"table {table} holds rows no text discloses"
            disclosed(DISCLOSED_TABLES[table])
        # A participant's /settings are stored with them (how questions arrive, too).
        disclosed(DISCLOSED_TABLES["participants.question_mode"])
        disclosed(DISCLOSED_TABLES["participants.language"])  # and their language
        # Face measurements live in Qdrant too.
        assert journey.stack is not None and journey.stack.face_index is not None
        assert await journey.stack.face_index.count(FaceFilter()) == await Face.all().count()
        disclosed(DISCLOSED_TABLES["faces"])

        # Every blob is a kind the texts name, small, and none is a photo someone sent.
        assert journey.stack.blobs is not None
        blobs = journey.stack.blobs
        keys = await blobs.keys("")
        alice = await Person.get(name="Alice")
        covers = [k for k in keys if re.fullmatch(f"persons/{UUID_RE}/.+", k)]
        crops = [k for k in keys if re.fullmatch(f"crops/{UUID_RE}/{UUID_RE}\\.jpg", k)]
        frames = [k for k in keys if re.fullmatch(f"crops/{UUID_RE}/{UUID_RE}\\.frame\\.jpg", k)]
        assert sorted(covers + crops + frames) == sorted(keys), f"undisclosed blobs: {keys}"
        # The decided end state (the enrollment side keeps exactly one cover per person).
        assert [k for k in covers if k.startswith(f"persons/{alice.id}/")] == covers
        assert len(covers) == 1, f"one cover crop per person, not {covers}"
        disclosed(COVER)
        asked = [await Face.get(crop_key=crop_key) for crop_key in crops]
        for face in asked:
            assert await Suggestion.exists(face=face, status=SuggestionStatus.PENDING)
        # The clip: its length, its face's times on screen, the one frame its question shows.
        clip_post = await Photo.get(message_id=posted["message_id"])
        assert clip_post.media_kind == MediaKind.VIDEO and clip_post.duration_s is not None
        (clip_face,) = [f for f in asked if f.photo_id == clip_post.id]  # type: ignore[attr-defined]
        assert clip_face.seen_from_s is not None and clip_face.seen_to_s is not None
        assert frames == [frame_key(clip_face.crop_key or "")]
        disclosed(SUGGESTION_CROP)
        for key in keys:
            data = await blobs.get(key)
            assert data not in (*enrollment_photos, group_photo, clip), key
            with Image.open(io.BytesIO(data)) as image:
                # A crop is small; a frame is one picture of the clip's size, no more.
                small = (
                    image.size == (640, 360) if key in frames else max(image.size) <= CROP_MAX_SIDE
                )
                assert small, (key, image.size)
        disclosed(NOT_KEPT)

        # /export lists the crops while the questions are open, and the clip's frame.
        waiting = (await _export(journey, ann))[1][CROPS]
        assert [c["question"] for c in waiting] == ["Is this Alice?"] * 2
        assert sorted(c["frame_jpeg_base64"] is not None for c in waiting) == [False, True]

        # Answering the questions deletes their crops and the clip's frame ("until you answer").
        for question in questions:
            await journey.press(ann, question, "Yes")
        await journey.settle()
        assert await blobs.keys("crops/") == []
        for face in asked:
            assert (await Face.get(id=face.id)).crop_key is None

        caption, exported = await _export(journey, ann)
        assert caption.startswith("Everything I hold about you and your people, the face crops")
        assert exported[CROPS] == []


async def test_start_shows_a_member_their_groups_and_persons(journey: Journey) -> None:
    stranger = journey.user("Stranger")
    assert (await journey.reply_to(stranger, "/start"))["text"].startswith("Hi! I'm facedrop.")
    ann, _, _ = await journey.class_with_alice()
    assert (await journey.reply_to(ann, "/start"))["text"] == (
        "You're in Class 1A. Your people: Alice (active). /add to enroll someone else, /help."
    )


async def test_paused_photos_are_held_and_offered_on_resume(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()

    async def pause_post_two_and_resume() -> dict[str, Any]:
        card = await journey.card(ann, "Alice")
        (paused,) = await journey.after_pressing(ann, card, "Pause")
        assert paused["text"] == (
            "Paused Alice: I'll keep recognizing them in new group photos and clips but hold "
            "those instead of sending them. When you resume, I'll offer you the held photos and "
            "clips in one batch."
        )
        await journey.post(group, poster, collages.make(X["group"][0]))
        await journey.post(group, poster, collages.make(X["group"][1], NOBODY["group"][0]))
        await journey.settle()
        assert journey.photos_for(ann) == []
        assert await Delivery.filter(status=DeliveryStatus.HELD).count() == 2
        card = await journey.card(ann, "Alice")
        resumed, offer = await journey.after_pressing(ann, card, "Resume", count=2)
        assert resumed["text"] == "Resumed Alice: I'll send their photos and clips again."
        assert offer["text"] == (
            "While Alice was paused, I held 2 photos of them from Class 1A. Send them?"
        )
        return offer

    offer = await pause_post_two_and_resume()
    no = offer["reply_markup"]["inline_keyboard"][0][1]["callback_data"]
    await journey.press(ann, offer, "No")
    assert (await journey.edited(offer))["text"] == "OK, I won't send them."
    assert "reply_markup" not in offer
    await journey.settle()
    assert journey.photos_for(ann) == []
    assert await Delivery.filter(status=DeliveryStatus.CANCELLED).count() == 2
    assert not await Delivery.exists(status=DeliveryStatus.HELD)

    offer = await pause_post_two_and_resume()  # only the two new ones are offered
    yes = offer["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await journey.press(ann, offer, "Yes")
    assert (await journey.edited(offer))["text"] == "Sending 2 photos."
    await journey.settle()
    assert len(journey.photos_for(ann)) == 2
    for data in (yes, no):  # the old buttons, pressed again: nothing more happens
        again = await journey.world.press_button(ann["id"], ann["id"], offer["message_id"], data)
        assert again["text"] == "Already done."
    await journey.settle()
    assert len(journey.photos_for(ann)) == 2


async def test_a_poster_does_not_get_their_own_photo_back_unless_they_ask(
    journey: Journey, collages: Collages
) -> None:
    ann, _, group = await journey.class_with_alice()
    bea = journey.user("Bea")
    await co_guardian_then_joins(journey, ann, "Alice", bea, group)

    await journey.post(group, ann, collages.make(X["group"][0]))
    await journey.settle()
    assert journey.photos_for(ann) == []  # Ann posted it herself
    assert len(journey.photos_for(bea)) == 1  # her co-guardian gets it

    help_text = (await journey.reply_to(ann, "/help"))["text"]
    assert "/settings send me what I post too: off or on" in help_text
    settings = await journey.reply_to(ann, "/settings")
    assert settings["text"].startswith("Send me what I post too: off.")
    answer = await journey.press(ann, settings, "Send me what I post too: off")
    assert answer["text"] == "Send me what I post too: on"
    edited = journey.world.transcript(ann["id"])
    shown = next(m for m in edited if m["message_id"] == settings["message_id"])
    assert shown["text"].startswith("Send me what I post too: on.")
    assert shown["reply_markup"]["inline_keyboard"][0][0]["text"].endswith(": on")

    await journey.post(group, ann, collages.make(X["group"][1]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1
    assert len(journey.photos_for(bea)) == 2
