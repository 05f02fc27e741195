"""Deleting biometric data: forget faces, delete a person, /forget. Checked by reading
Postgres, Qdrant and the blob store directly."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from redis.asyncio import Redis

from domain.enrollment.service import cover_key
from domain.infra.models import (
    AssignmentEvent,
    ConsentRecord,
    Delivery,
    EnrollmentPhoto,
    Face,
    FaceRejection,
    GuardianInvite,
    Guardianship,
    Membership,
    Participant,
    Person,
    Photo,
    Prototype,
    Suggestion,
)
from domain.recognition.assignments import FORGOTTEN_ACTOR
from domain.recognition.face_index import FaceFilter
from domain.settings import MatchingSettings
from domain.states import (
    AssignmentOperation,
    ConsentKind,
    DeliveryStatus,
    PersonStatus,
    PhotoStatus,
)
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, labels, photo_bytes
from tests.e2e.steps import delete_person, forget_everything

X, Y, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]


async def _notes_naming(*names: str) -> list[str]:
    notes = [event.note or "" for event in await AssignmentEvent.all()]
    return [note for note in notes if any(name in note for name in names)]


async def _merge(journey: Journey, user: dict[str, Any], keep: str, drop: str) -> None:
    card = await journey.card(user, keep)
    (choose,) = await journey.after_pressing(user, card, "Merge")
    merged = await journey.confirm_merge(user, choose, drop)
    assert merged["text"].startswith(f"Merged {drop} into {keep}")
    await journey.settle()


async def _nothing_left_of(journey: Journey, person_id: UUID) -> None:
    assert journey.stack is not None
    assert journey.stack.face_index is not None
    assert journey.stack.blobs is not None
    assert await journey.stack.face_index.count(FaceFilter(person_ids=[person_id])) == 0
    assert await Face.filter(person_id=person_id).count() == 0
    assert await Prototype.filter(person_id=person_id).count() == 0
    assert await Suggestion.filter(person_id=person_id).count() == 0
    assert await journey.stack.blobs.keys(f"persons/{person_id}/") == []
    assert await journey.stack.blobs.keys("crops/") == []


async def test_forget_faces_keeps_the_person(journey: Journey, collages: Collages) -> None:
    ann, poster, group = await journey.class_with_alice()
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    alice = await Person.get(name="Alice")
    assert await Face.filter(person=alice).count() == 4

    (ready,) = [
        m for m in journey.world.transcript(ann["id"]) if "Alice is ready" in m.get("text", "")
    ]
    # The same child enrolled twice by mistake, then merged: "Ally is ready. I'll send you…"
    # promises Alice's photos now, and is made true with hers (s29 fixb: it stayed).
    await journey.enroll_again(
        ann, "Ally", [photo_bytes(n) for n in (X["group"][0], X["group"][1], "img11.jpg")]
    )
    (allys,) = [
        m for m in journey.world.transcript(ann["id"]) if "Ally is ready" in m.get("text", "")
    ]
    await _merge(journey, ann, "Alice", "Ally")
    card = await journey.card(ann, "Alice")
    (question,) = await journey.after_pressing(ann, card, "Forget faces")
    assert "Delete every face of Alice" in question["text"]
    await journey.press(ann, question, "Yes, delete")
    # Said once, where it was asked (it was said again below). It said "Deleting every face
    # of Alice... I'll confirm when it's done." until then.
    await journey.until(lambda: journey.now(question)["text"] == "Deleted every face of Alice.")
    await journey.settle()

    await _nothing_left_of(journey, alice.id)
    kept = await Person.get(id=alice.id)
    assert (kept.name, kept.status) == ("Alice", PersonStatus.NEEDS_PHOTOS)
    assert await Guardianship.filter(person=kept).count() == 1
    assert (
        await AssignmentEvent.filter(operation=AssignmentOperation.REMOVE, from_person=kept).count()
        == 1
    )
    await journey.assert_consistent()
    # "Alice is ready. I'll send you the photos…" no longer promises photos (walken3 10).
    assert (
        journey.now(ready)["text"]
        == journey.now(allys)["text"]
        == (
            "Since then every face of Alice was deleted: I send no photos or clips of them until "
            "photos or a clip of them are added again from /persons."
        )
    )

    # Her copy stays in Ann's chat, without "Not Alice?" (no face of hers is left to correct).
    def bots_photos() -> list[dict[str, Any]]:
        return [
            m for m in journey.world.transcript(ann["id"]) if "photo" in m and m["from"]["is_bot"]
        ]

    (copy,) = bots_photos()
    assert labels(copy) == [] and copy["caption"] == "Alice · Class 1A"
    # A photo of her afterwards reaches nobody.
    await journey.post(group, poster, collages.make(X["group"][1]))
    await journey.settle()
    assert bots_photos() == [copy]

    # Kept means kept: enrolling someone else does not take her for an unfinished draft.
    await journey.enroll(ann, "Yara", [photo_bytes(n) for n in Y["enroll"]])
    assert (await Person.get(id=alice.id)).status == PersonStatus.NEEDS_PHOTOS
    assert "faces forgotten" in (await journey.reply_to(ann, "/persons"))["text"]
    # "Add photos" enrolls her afresh (three photos, as the first time).
    card = await journey.card(ann, "Alice")
    (asked,) = await journey.after_pressing(ann, card, "Add photos or a clip")
    assert "3 to 10 photos" in asked["text"]
    for name in X["enroll"]:
        sent = (await journey.world.user_sends_photos(ann["id"], ann["id"], [photo_bytes(name)]))[0]
        (verdict,) = await journey.replies(ann["id"], sent)
        assert verdict["text"].startswith("✅"), verdict["text"]
    done = await journey.says(ann, "/done")
    _, again = await journey.replies(ann["id"], done, count=2)
    assert "Alice is ready" in again["text"]
    assert (await Person.get(id=alice.id)).status == PersonStatus.ACTIVE
    # The first "Alice is ready", which then said nothing comes, says they were added again
    # (walken4 6: it still said "I send no photos… until…").
    await journey.settle()
    assert (
        journey.now(ready)["text"]
        == journey.now(allys)["text"]
        == (
            "Since then every face of Alice was deleted, and then photos of them were added "
            "again: I look for Alice again and send you the photos and clips they are in."
        )
    )


async def test_delete_person_removes_everything(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    # Every match lands in the suggestion band, so suggestions and their crops exist too.
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, poster, group = await journey.class_with_alice()
        await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        await journey.settle()
        alice = await Person.get(name="Alice")
        assert await Suggestion.filter(person=alice).count() == 1
        assert journey.stack is not None and journey.stack.blobs is not None
        assert await journey.stack.blobs.keys("crops/")

        question = await delete_person(journey, ann, "Alice")
        assert journey.now(question)["text"] == "Deleted Alice's data."

        assert not await Person.exists(id=alice.id)
        await _nothing_left_of(journey, alice.id)
        (removal,) = await AssignmentEvent.filter(operation=AssignmentOperation.REMOVE)
        assert removal.from_person_id is None  # type: ignore[attr-defined]
        assert removal.face_count == 3  # the audit keeps what happened, nothing biometric
        # The face that was only suggested as Alice stays an unknown face, without its crop.
        assert await Face.filter(photo_id__isnull=False, person_id=None).count() == 2
        assert await Face.filter(crop_key__isnull=False).count() == 0
        await journey.assert_consistent()

        await journey.post(group, poster, collages.make(X["group"][1]))
        await journey.settle()
        assert journey.photos_for(ann) == []


async def test_forget_me_deletes_the_participant(journey: Journey, collages: Collages) -> None:
    ann, poster, group = await journey.class_with_alice()
    await journey.enroll(ann, "Yara", [photo_bytes(n) for n in Y["enroll"]])
    bea = journey.user("Bea")
    journey.world.chats[group["id"]].members[bea["id"]] = "member"
    await journey.co_guardian(ann, "Yara", bea)  # so Yara stays when Ann goes
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.post(group, ann, collages.make(NOBODY["group"][0]))  # Ann posts too
    await journey.settle()
    alice, yara = await Person.get(name="Alice"), await Person.get(name="Yara")
    participant = await Participant.get(telegram_user_id=ann["id"])
    # Ann says the face in the photo she got is Yara's, not Alice's: the audit records it.
    (delivered,) = journey.photos_for(ann)
    (choices,) = await journey.after_pressing(ann, delivered, "Not Alice?")
    await journey.press(ann, choices, "That isn't Alice")
    await journey.press(ann, await journey.edited(choices), "Yara")
    await journey.settle()
    (moved,) = await AssignmentEvent.filter(operation=AssignmentOperation.MOVE)
    assert moved.actor == f"participant:{participant.id}"
    yara_prototypes = await Prototype.filter(person=yara).count()
    card = await journey.card(ann, "Alice")
    await journey.reply_to(ann, "/add Zoe")  # a conversation in progress is dropped too

    question = await journey.reply_to(ann, "/forget")
    assert "cannot be undone" in question["text"]
    (done,) = await journey.after_pressing(ann, question, "Yes, delete everything")
    assert done["text"].startswith("Everything I had about you is deleted")
    # Her persons' cards (their faces) go from her chat at once.
    await journey.until(lambda: bool(journey.now(card).get("_deleted")))
    await journey.settle()

    assert not await Participant.exists(telegram_user_id=ann["id"])
    assert labels(journey.now(delivered)) == []  # her copy stays, without "Not Yara?"
    assert await Membership.filter(participant_id=participant.id).count() == 0
    assert await Delivery.filter(participant_id=participant.id).count() == 0
    assert not await Person.exists(id=alice.id)
    await _nothing_left_of(journey, alice.id)
    assert await Person.exists(id=yara.id)  # Bea keeps her
    assert await Prototype.filter(person=yara).count() == yara_prototypes
    # The audit keeps what happened, not who did it nor the names Ann typed.
    assert not await AssignmentEvent.filter(actor__contains=str(participant.id)).exists()
    await moved.refresh_from_db()
    assert moved.actor == FORGOTTEN_ACTOR == "participant:deleted"
    assert moved.actor_participant_id is None  # type: ignore[attr-defined]
    assert moved.to_person_id == yara.id  # type: ignore[attr-defined]
    assert await _notes_naming("Alice", "Yara", "Zoe") == []
    # Her photos stay in the group's record, without saying she posted them.
    assert await Photo.filter(posted_by_user_id=ann["id"]).count() == 0
    assert await Photo.filter(posted_by_user_id=poster["id"]).count() == 1
    assert await Photo.all().count() == 2
    consents = await ConsentRecord.filter(telegram_user_id=ann["id"]).order_by("created_at")
    assert [c.kind for c in consents] == [ConsentKind.AGREED, ConsentKind.DATA_DELETED]
    assert consents[-1].participant_id is None  # type: ignore[attr-defined]
    redis: Redis = journey.redis
    assert await redis.keys(f"facedrop:fsm:*{ann['id']}*") == []
    await journey.assert_consistent()

    # Photos of her afterwards reach nobody through Ann.
    before = len(journey.world.transcript(ann["id"]))
    await journey.post(group, poster, collages.make(X["group"][1]))
    await journey.settle()
    assert len(journey.world.transcript(ann["id"])) == before
    # What /persons says she can do next is true: /add needs her group's link first.
    assert (await journey.reply_to(ann, "/persons"))["text"] == (
        "Your list of people is empty. To enroll someone, first open the link I posted in your "
        "group's chat; then send /add."
    )
    assert (await journey.reply_to(ann, "/add"))["text"].startswith(
        "You aren't in any group of mine yet. Open the link I posted"
    )
    again = await journey.reply_to(ann, "/forget confirm")
    await journey.settle()
    # It said "Deleting everything... I'll confirm when it's done.", and then that it was.
    assert journey.now(again)["text"] == "Deleted everything."


async def test_deleting_while_a_photo_is_recognized_delivers_nothing_after(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    alice = await Person.get(name="Alice")
    crowd_with_alice = collages.make(
        NOBODY["group"][0], X["group"][0], NOBODY["group"][1], NOBODY["group"][2]
    )
    card = await journey.card(ann, "Alice")
    (question,) = await journey.after_pressing(ann, card, "Delete")
    posted = await journey.post(group, poster, crowd_with_alice)
    while not await Photo.filter(status=PhotoStatus.PROCESSING).exists():
        await asyncio.sleep(0.005)
    await journey.press(ann, question, "Yes, delete")  # while recognized
    await journey.settle()

    # Whatever the interleaving: nothing reaches Ann once the deletion is confirmed (the
    # question edited to "Deleted Alice's data.", in the order the bot asked Telegram).
    done = journey.now(question)
    assert done["text"] == "Deleted Alice's data."
    asked = journey.world.requests()
    confirming = next(
        i
        for i, r in enumerate(asked)
        if r["method"] == "editMessageText"
        and r.get("params", {}).get("text", "").startswith("Deleted")
    )
    sends = ("sendPhoto", "sendDocument", "sendVideo", "sendMediaGroup", "copyMessage")
    assert [
        r
        for r in asked[confirming:]
        if r["method"] in sends and str(r.get("chat_id")) == str(ann["id"])
    ] == []
    confirmed = datetime.fromtimestamp(done["edit_date"], tz=UTC)
    late = Delivery.filter(
        status=DeliveryStatus.SENT, photo__message_id=posted[0]["message_id"], sent_at__gt=confirmed
    )
    assert await late.count() == 0
    await _nothing_left_of(journey, alice.id)
    await journey.assert_consistent()


async def test_deleting_a_person_takes_the_persons_merged_into_it(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    # The same child enrolled twice by mistake, with an invitation sent for the second.
    await journey.enroll_again(
        ann, "Ally", [photo_bytes(n) for n in (X["group"][0], X["group"][1], "img11.jpg")]
    )
    alice, ally = await Person.get(name="Alice"), await Person.get(name="Ally")
    card = await journey.card(ann, "Ally")
    await journey.after_pressing(ann, card, "Invite co-guardian")
    assert await GuardianInvite.filter(person=ally).count() == 1
    await _merge(journey, ann, "Alice", "Ally")
    # A note as earlier versions wrote them, naming both.
    await AssignmentEvent.create(
        operation=AssignmentOperation.MOVE,
        actor=f"participant:{(await Participant.get(telegram_user_id=ann['id'])).id}",
        from_person=ally,
        to_person=alice,
        note="guardian: this is Alice, not Ally",
    )
    await journey.post(group, poster, collages.make(X["group"][2]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1
    assert journey.stack is not None and journey.stack.blobs is not None
    assert await journey.stack.blobs.keys(f"persons/{ally.id}/")

    await delete_person(journey, ann, "Alice")

    for person in (alice, ally):
        assert not await Person.exists(id=person.id)
        await _nothing_left_of(journey, person.id)
    assert await Person.all().count() == 0
    assert await Guardianship.all().count() == 0
    assert await GuardianInvite.all().count() == 0
    assert await EnrollmentPhoto.all().count() == 0
    assert await FaceRejection.all().count() == 0
    assert await journey.stack.blobs.keys("persons/") == []
    assert await _notes_naming("Alice", "Ally") == []
    assert not await AssignmentEvent.filter(from_person_id__isnull=False).exists()
    assert not await AssignmentEvent.filter(to_person_id__isnull=False).exists()
    await journey.assert_consistent()


async def test_forget_me_keeps_what_a_merged_person_gave_a_co_guarded_one(
    journey: Journey,
) -> None:
    ann, _, group = await journey.class_with_alice()
    await journey.enroll(ann, "Yara", [photo_bytes(n) for n in Y["enroll"]])
    await journey.enroll_again(ann, "Ally", [photo_bytes(n) for n in Y["group"]])  # Yara, twice
    bea = journey.user("Bea")
    journey.world.chats[group["id"]].members[bea["id"]] = "member"
    await journey.co_guardian(ann, "Yara", bea)
    yara, ally = await Person.get(name="Yara"), await Person.get(name="Ally")
    await _merge(journey, ann, "Yara", "Ally")
    faces = await Face.filter(person=yara)
    assert len(faces) == 6

    await forget_everything(journey, ann)

    # Ally's record goes with Ann; the faces it gave Yara stay Yara's, and Yara's cover.
    assert not await Person.exists(id=ally.id)
    assert [g.person_id for g in await Guardianship.all()] == [yara.id]  # type: ignore[attr-defined]
    assert await Face.filter(person=yara).count() == 6
    assert await Prototype.filter(person=yara).count() == 6
    assert journey.stack is not None and journey.stack.blobs is not None
    assert await journey.stack.blobs.keys(f"persons/{yara.id}/") == [cover_key(yara.id)]
    assert await journey.stack.blobs.keys(f"persons/{ally.id}/") == []
    (merge,) = await AssignmentEvent.filter(operation=AssignmentOperation.MERGE)
    assert (merge.actor, merge.from_person_id) == (FORGOTTEN_ACTOR, None)  # type: ignore[attr-defined]
    assert await _notes_naming("Alice", "Yara", "Ally") == []
    card = await journey.card(bea, "Yara")
    assert "learned faces: 6" in card["caption"]
    await journey.assert_consistent()


async def test_forget_me_leaves_no_name_in_the_organizers_audit(journey: Journey) -> None:
    from domain.infra.models import ModerationEvent
    from domain.states import ModerationAction
    from tests.e2e.organizers import bound_admin_chat

    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    # Ann organizes a group of her own, and bans someone there.
    camp, camp_payload = await journey.group_with_bot("Camp", ann, [poster])
    await journey.join(poster, camp_payload)
    camp_office = await bound_admin_chat(journey, camp, [ann], title="Camp office")
    sent = await journey.says(ann, f"/ban {poster['id']}", camp_office["id"])
    (said,) = await journey.replies(camp_office["id"], sent)
    assert "is banned" in said["text"], said
    # Class 1A's organizer bans Ann.
    sent = await journey.says(poster, f"/ban {ann['id']}", office["id"])
    (said,) = await journey.replies(office["id"], sent)
    assert "is banned" in said["text"], said
    banned = await ModerationEvent.get(action=ModerationAction.BANNED, actor_user_id=poster["id"])
    assert "Ann" in banned.subject  # while she is here, the organizers see whom they banned
    # Camp's /audit, open in its admin chat, names her as its organizer.
    sent = await journey.says(ann, "/audit", camp_office["id"])
    (camp_audit,) = await journey.replies(camp_office["id"], sent)
    assert "Ann" in camp_audit["text"]

    await forget_everything(journey, ann)

    # What the organizers did stays, by Telegram id, without her name.
    await banned.refresh_from_db()
    assert banned.subject == "" and banned.details["user_id"] == ann["id"]
    hers = await ModerationEvent.get(action=ModerationAction.BANNED, actor_user_id=ann["id"])
    assert hers.actor_name == "" and hers.subject.startswith("Poster")
    named = [
        (e.actor_name, e.subject)
        for e in await ModerationEvent.all()
        if "Ann" in e.actor_name + e.subject or "ann" in e.actor_name + e.subject
    ]
    assert named == []
    # Camp's open /audit was said again without her name (a group she is no member of).
    assert "Ann" not in journey.now(camp_audit)["text"]
    assert "banned" in journey.now(camp_audit)["text"]
    # /audit in Class 1A's admin chat shows whom by id only.
    sent = await journey.says(poster, "/audit", office["id"])
    (audit,) = await journey.replies(office["id"], sent)
    assert "Ann" not in audit["text"]


async def test_the_goodbye_names_the_way_back_and_it_works(journey: Journey) -> None:
    ann, poster = journey.user("Ann"), journey.user("Poster")
    _group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    await journey.join(ann, payload)

    question = await journey.reply_to(ann, "/forget")
    (goodbye,) = await journey.after_pressing(ann, question, "Yes, delete everything")
    assert goodbye["text"].endswith(
        "Goodbye! (If you ever want to come back, open the link I posted in your group's "
        "chat again.)"
    ), goodbye["text"]
    # /start alone points to the same link; it does not bring her back by itself.
    start = await journey.reply_to(ann, "/start")
    assert "open the link I posted in your group" in start["text"], start["text"]
    # The link does: she is asked to agree again, and is in.
    await journey.join(ann, payload)
    assert "You're in" in (await journey.reply_to(ann, "/start"))["text"]
