"""Issue 11, settings: /settings in the admin chat, a card whose buttons only the group's
admins may press; each change is an audit event and can be undone from /audit."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from arq import create_pool

from domain.delivery.batches import Batches, last_digest
from domain.delivery.service import Deliveries
from domain.events import EventBus
from domain.groups.service import Groups
from domain.infra.arq_queue import ArqJobQueue, redis_settings
from domain.infra.models import (
    Delivery,
    Face,
    Group,
    ModerationEvent,
    Photo,
    Prototype,
    Suggestion,
)
from domain.infra.stores.delivery import TortoiseDeliveryStore
from domain.infra.stores.groups import TortoiseGroupStore
from domain.infra.stores.privacy import TortoiseRetentionStore
from domain.infra.telegram.client import make_bot
from domain.infra.telegram.messenger import make_messenger
from domain.languages import dates
from domain.moderation.audit import Actor
from domain.moderation.undo import UndoOutcome
from domain.privacy.retention import Retention
from domain.recognition.face_index import FaceFilter
from domain.settings import DeliverySettings, MatchingSettings, Settings
from domain.states import DeliveryMode, DeliveryStatus, FaceSource, ModerationAction
from tests.e2e.conftest import (
    CAST,
    Collages,
    Journey,
    JourneyFactory,
    data_of,
    labels,
)
from tests.e2e.organizers import audit_undo, bound_admin_chat

X, NOBODY = CAST["angelina"], CAST["strangers"]
# One button of each setting on a fresh card.
EVERY_KIND_OF_BUTTON = ("Approval: turn on", "Stricter", "Daily digest", "Keep: 90 d", "• English")


async def settings_card(journey: Journey, user: dict[str, Any], chat: dict[str, Any]) -> Any:
    sent = await journey.says(user, "/settings", chat["id"])
    (card,) = await journey.replies(chat["id"], sent)
    return card


async def snapshot(group: dict[str, Any]) -> tuple[Any, ...]:
    row = await Group.get(chat_id=group["id"])
    return (
        row.requires_approval,
        row.strictness,
        row.delivery_mode,
        row.retention_days,
        row.language,
        await ModerationEvent.filter(group_id=row.id).count(),
    )


async def office(journey: Journey) -> tuple[dict[str, Any], ...]:
    """Class 1A (Poster created it; Ann is a member), its admin chat with both in it."""
    poster, ann = journey.user("Poster"), journey.user("Ann")
    group, _ = await journey.group_with_bot("Class 1A", poster, [ann])
    chat = await bound_admin_chat(journey, group, [poster, ann])
    return poster, ann, group, chat


async def test_an_admin_changes_each_setting_and_each_change_is_audited(journey: Journey) -> None:
    poster, _ann, group, chat = await office(journey)
    card = await settings_card(journey, poster, chat)
    assert "Settings of Class 1A" in card["text"]
    assert "Approval of new persons: off" in card["text"]
    assert "Strictness: calibrated (0 of 3)" in card["text"]
    # What "each photo" does: a burst of photos may still come as one album.
    assert (
        "Delivery: each photo or clip as it comes (several at once may come as one album)"
        in (card["text"])
    )
    assert "Keep faces of photos and clips: until someone deletes them" in card["text"]
    assert "Language: English" in card["text"]
    # Only the languages that have a catalog are offered, each in its own words.
    assert labels(card)[-4:] == ["• English", "Русский", "עברית", "Español"]

    turn_on = data_of(card, "Approval: turn on")  # the card is edited below
    presses = [
        ("Approval: turn on", "Approval of new persons is now on"),
        ("Stricter (1 of 3)", "Strictness is now stricter, 1 of 3"),
        ("Stricter (2 of 3)", "Strictness is now stricter, 2 of 3"),
        ("Albums", "Delivery is now albums"),
        ("Keep: 30 d", "Keep faces of photos and clips is now 30 days"),
    ]
    for label, said in presses:
        answer = await journey.press(poster, journey.now(card), label)
        assert answer["text"].startswith("Class 1A: " + said), answer
    row = await Group.get(chat_id=group["id"])
    assert row.requires_approval is True
    assert row.strictness == 2
    assert row.delivery_mode == DeliveryMode.ALBUM
    assert row.retention_days == 30
    now = journey.now(card)["text"]
    assert "Approval of new persons: on" in now
    assert "Strictness: stricter, 2 of 3" in now
    assert "Keep faces of photos and clips: 30 days" in now
    assert "• Albums" in labels(journey.now(card))

    events = await ModerationEvent.filter(group_id=row.id).order_by("created_at")
    assert [(e.action, e.actor_user_id, e.details) for e in events] == [
        (ModerationAction.SETTING_CHANGED, poster["id"], details)
        for details in (
            {"setting": "approval", "old": False, "new": True},
            {"setting": "strictness", "old": 0, "new": 1},
            {"setting": "strictness", "old": 1, "new": 2},
            {"setting": "delivery", "old": "each", "new": "album"},
            {"setting": "retention", "old": None, "new": 30},
        )
    ]

    # Pressed twice (a replay): said so, changed once.
    again = await journey.world.press_button(poster["id"], chat["id"], card["message_id"], turn_on)
    assert "is already on" in again["text"]
    assert await ModerationEvent.filter(group_id=row.id).count() == 5

    # Undo from /audit puts the old value back, and records that too.
    admin = Actor(poster["id"], "P")
    undone = await audit_undo().undo(events[3].id, await Group.get(id=row.id), admin)
    assert undone.outcome == UndoOutcome.UNDONE
    assert (await Group.get(id=row.id)).delivery_mode == DeliveryMode.EACH
    assert (await ModerationEvent.get(id=events[3].id)).undone_at is not None
    back = await ModerationEvent.filter(group_id=row.id).order_by("-created_at").first()
    assert back is not None and back.details == {
        "setting": "delivery",
        "old": "album",
        "new": "each",
        "undoes": str(events[3].id),
    }
    # An older change of a setting changed again since is not undone.
    stale = await audit_undo().undo(events[1].id, await Group.get(id=row.id), admin)
    assert (stale.outcome, stale.reason) == (UndoOutcome.REFUSED, "changed_since")
    assert (await Group.get(id=row.id)).strictness == 2


async def test_a_member_of_the_admin_chat_who_is_not_an_admin_reads_but_cannot_change(
    journey: Journey,
) -> None:
    _poster, ann, group, chat = await office(journey)
    card = await settings_card(journey, ann, chat)  # reading is fine
    assert "Approval of new persons: off" in card["text"]
    before = await snapshot(group)
    for label in EVERY_KIND_OF_BUTTON:
        answer = await journey.press(ann, card, label)
        assert answer["text"] == "Only the group's admins can change its settings.", label
    assert await snapshot(group) == before
    assert "edit_date" not in journey.now(card)  # the card is as it was


async def test_an_admin_of_another_group_cannot_change_this_groups_settings(
    journey: Journey,
) -> None:
    poster, _ann, group, chat = await office(journey)
    bob = journey.user("Bob")
    await journey.group_with_bot("Class 2B", bob, [])
    await journey.world.set_member_status(chat["id"], bob["id"], "member")  # in the office
    card = await settings_card(journey, poster, chat)
    before = await snapshot(group)
    for label in EVERY_KIND_OF_BUTTON:
        answer = await journey.press(bob, card, label)
        assert answer["text"] == "Only the group's admins can change its settings.", label
    assert await snapshot(group) == before


async def test_a_demoted_admin_can_no_longer_change_settings(journey: Journey) -> None:
    _poster, ann, group, chat = await office(journey)
    await journey.world.set_member_status(group["id"], ann["id"], "administrator")
    card = await settings_card(journey, ann, chat)
    answer = await journey.press(ann, card, "Stricter (1 of 3)")
    assert "Strictness is now stricter, 1 of 3" in answer["text"]
    await journey.world.set_member_status(group["id"], ann["id"], "member")
    before = await snapshot(group)
    for label in ("Less strict (0 of 3)", *EVERY_KIND_OF_BUTTON):
        answer = await journey.press(ann, journey.now(card), label)
        assert answer["text"] == "Only the group's admins can change its settings.", label
    assert await snapshot(group) == before


async def test_forged_or_foreign_setting_buttons_have_expired(journey: Journey) -> None:
    poster, _ann, group, chat = await office(journey)
    card = await settings_card(journey, poster, chat)
    before = await snapshot(group)
    data = data_of(card, "Stricter (1 of 3)")
    for forged in (
        data.replace(":strictness:1", ":strictness:9"),  # past the bound
        data.replace(":strictness:1", ":approval:x"),
        data.replace(":strictness:", ":colour:"),
        data.replace(":strictness:1", ":strictness:²"),  # str.isdigit says yes, int() no
        data.replace(":strictness:1", ":retention:²"),
        data.replace(":strictness:1", ":retention:٣٠"),  # Arabic-Indic 30
        data.replace(":strictness:1", ":zone:../../etc/passwd"),
        "gs:notauuid:approval:1",
    ):
        answer = await journey.world.press_button(
            poster["id"], chat["id"], card["message_id"], forged
        )
        assert answer["text"] == "This button has expired.", forged
    # The group's admin chat moved elsewhere since: the old card's buttons are dead.
    await Group.filter(chat_id=group["id"]).update(admin_chat_id=chat["id"] - 1)
    answer = await journey.press(poster, card, "Stricter (1 of 3)")
    assert answer["text"] == "This button has expired."
    assert await snapshot(group) == before


async def test_retention_deletes_old_faces_and_crops_not_enrollment_even_after_the_bot_left(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    # Thresholds so high that Alice's faces are asked about: each keeps a crop meanwhile.
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, poster, group = await journey.class_with_alice()
        chat = await bound_admin_chat(journey, group, [poster])
        old = await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        new = await journey.post(group, poster, collages.make(NOBODY["group"][1], X["group"][1]))
        await journey.settle()
        assert len(journey.suggestions(ann)) == 2
        # A third, as old, whose face Ann confirmed: it is one of Alice's prototypes now.
        confirmed = await journey.post(group, poster, collages.make(X["group"][2]))
        await journey.settle()
        question = journey.suggestions(ann)[-1]
        await journey.press(ann, question, "Yes")
        await journey.settle()
        old_photo = await Photo.get(message_id=old[0]["message_id"])
        new_photo = await Photo.get(message_id=new[0]["message_id"])
        confirmed_photo = await Photo.get(message_id=confirmed[0]["message_id"])
        (confirmed_face,) = await Face.filter(photo=confirmed_photo)
        assert await Prototype.exists(face=confirmed_face)
        # The old photos were posted 40 days ago.
        await Photo.filter(id__in=[old_photo.id, confirmed_photo.id]).update(
            posted_at=datetime.now(UTC) - timedelta(days=40)
        )
        old_crops = [f.crop_key for f in await Face.filter(photo=old_photo) if f.crop_key]
        new_crops = [f.crop_key for f in await Face.filter(photo=new_photo) if f.crop_key]
        assert old_crops and new_crops
        enrollment = await Face.filter(source=FaceSource.ENROLLMENT).count()
        prototypes = await Prototype.all().count()
        assert journey.stack is not None
        index, blobs = journey.stack.face_index, journey.stack.blobs
        assert index is not None and blobs is not None
        retention = Retention(index, blobs, TortoiseRetentionStore())
        in_old = FaceFilter(photo_ids=[old_photo.id])

        # Kept until someone deletes them: nothing goes.
        assert (await retention.run()).faces == 0
        assert await index.count(in_old) == await Face.filter(photo=old_photo).count() > 0

        card = await settings_card(journey, poster, chat)
        await journey.press(poster, card, "Keep: 30 d")
        assert (await Group.get(chat_id=group["id"])).retention_days == 30
        expired = await retention.run()

        assert expired.faces > 0 and expired.crops == len(old_crops)
        assert not await Face.filter(photo=old_photo).exists()
        assert await index.count(in_old) == 0
        for key in old_crops:
            assert not await blobs.exists(key)
        assert not await Suggestion.filter(face__photo=old_photo).exists()
        # The recent photo, the enrollment and the person's prototypes are all there.
        assert (
            await Face.filter(photo=new_photo).count()
            == await index.count(FaceFilter(photo_ids=[new_photo.id]))
            > 0
        )
        for key in new_crops:
            assert await blobs.exists(key)
        assert await Face.filter(source=FaceSource.ENROLLMENT).count() == enrollment
        assert await Face.exists(id=confirmed_face.id)  # a prototype stays
        assert await index.count(FaceFilter(face_ids=[confirmed_face.id])) == 1
        assert await Prototype.all().count() == prototypes
        assert await Photo.exists(id=old_photo.id)  # which message it was stays
        await journey.assert_consistent()
        assert (await retention.run()).faces == 0  # run again: nothing left to do
        # /stats says how long faces are kept and what retention deleted so far.
        sent = await journey.says(poster, "/stats", chat["id"])
        (stats,) = await journey.replies(chat["id"], sent)
        today = dates.day(datetime.now(UTC).date())  # "Nov 24, 2026"
        kept, as_of = stats["caption"].rsplit("\n\n", 1)  # the lines above its "As of …"
        assert as_of.startswith("As of ") and as_of.endswith(". Send /stats for the latest.")
        assert kept.endswith(
            f"Faces of photos and clips kept: 30 days (faces of older posts deleted so far: "
            f"{expired.faces}; last checked {today})"
        )

        # The bot removed from the group: what it keeps of the group's photos still goes.
        await journey.world.set_bot_status(group["id"], "kicked")
        await journey.settle()
        assert (await Group.get(chat_id=group["id"])).is_active is False
        await Photo.filter(id=new_photo.id).update(posted_at=datetime.now(UTC) - timedelta(days=40))
        assert (await retention.run()).faces > 0
        assert not await Face.filter(photo=new_photo).exists()
        assert await index.count(FaceFilter(photo_ids=[new_photo.id])) == 0
        for key in new_crops:
            assert not await blobs.exists(key)


async def test_a_parent_is_told_how_long_the_group_keeps_faces_before_agreeing(
    journey: Journey,
) -> None:
    poster = journey.user("Poster")
    ann, ben = journey.user("Ann"), journey.user("Ben")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann, ben])
    consent = await journey.reply_to(ann, f"/start {payload}")
    assert (
        "In Class 1A, the faces found in its photos and clips are kept until they are deleted"
        in (consent["text"])
    )

    chat = await bound_admin_chat(journey, group, [poster])
    await journey.press(poster, await settings_card(journey, poster, chat), "Keep: 30 d")
    consent = await journey.reply_to(ben, f"/start {payload}")
    assert (
        "In Class 1A, its organizers have me delete the faces found in its photos and clips 30 "
        "days after they were posted, except the faces you confirm as one of your people"
    ) in consent["text"]
    assert "kept until they are deleted" not in consent["text"]


def test_retention_runs_daily_in_the_worker() -> None:
    from workers.app import cron_jobs

    (job,) = [j for j in cron_jobs(Settings()) if j.name.endswith("apply_retention")]
    assert job.hour == {3} and job.minute == {17}


def album_messages(journey: Journey, user: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        m
        for m in journey.world.transcript(user["id"])
        if m["from"]["is_bot"] and "photo" in m and "media_group_id" in m
    ]


async def in_mode(
    journey: Journey, poster: dict[str, Any], group: dict[str, Any], label: str
) -> None:
    chat = await bound_admin_chat(journey, group, [poster])
    card = await settings_card(journey, poster, chat)
    await journey.press(poster, card, label)


async def test_albums_gather_a_guardians_photos_of_a_few_minutes_and_send_each_once(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(delivery=DeliverySettings(album_window_s=3)) as journey:
        ann, poster, group = await journey.class_with_alice()
        await in_mode(journey, poster, group, "Albums")
        posted = []
        for i in range(3):
            posted += await journey.post(
                group, poster, collages.make(X["group"][i], NOBODY["group"][i])
            )
        await journey.settle()  # waits for the album's delayed job too

        album = album_messages(journey, ann)
        assert len(album) == 3
        assert len({m["media_group_id"] for m in album}) == 1
        assert all(m["caption"] == "Alice · Class 1A" for m in album)
        assert journey.singles(ann) == []  # nothing came one by one
        deliveries = await Delivery.filter(participant__telegram_user_id=ann["id"])
        assert [d.status for d in deliveries] == [DeliveryStatus.SENT] * 3
        assert sorted(d.message_id for d in deliveries) == sorted(m["message_id"] for m in album)
        # The album carries no buttons: "Not Alice?" for each photo follows it.
        follow = journey.last(ann)
        assert follow["text"].startswith("3 photos from Class 1A above.")
        assert labels(follow) == [f"Not Alice? (photo {n})" for n in (1, 2, 3)]
        (choices,) = await journey.after_pressing(ann, follow, "Not Alice? (photo 2)")
        assert "Alice" in choices["text"]

        # Exactly once: the cron, run again, sends nothing more.
        async with batches_of(journey) as batches:
            assert await batches.send_due() == 0
        await journey.settle()
        assert len(album_messages(journey, ann)) == 3


@contextlib.asynccontextmanager
async def batches_of(journey: Journey) -> AsyncIterator[Batches]:
    """The worker's album sender, on the same Telegram, Redis and Postgres."""
    assert journey.stack is not None and journey.stack.redis is not None
    settings = journey.settings
    bot = make_bot(settings)
    messenger = make_messenger(bot, journey.stack.redis, settings.telegram)
    pool = await create_pool(redis_settings(settings.redis_url or ""))
    queue = ArqJobQueue(pool)
    deliveries = Deliveries(
        messenger,
        queue,
        TortoiseDeliveryStore(),
        groups=Groups(TortoiseGroupStore(), EventBus()),
        membership_recheck=timedelta(minutes=5),
    )
    try:
        yield Batches(
            messenger,
            queue,
            deliveries,
            album_window=timedelta(seconds=settings.delivery.album_window_s),
            digest_hour=settings.delivery.digest_hour_utc,
        )
    finally:
        await pool.aclose()
        await bot.session.close()


async def test_the_daily_digest_sends_the_days_photos_once_at_its_hour(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    await in_mode(journey, poster, group, "Daily digest")
    for i in range(2):
        await journey.post(group, poster, collages.make(X["group"][i], NOBODY["group"][i]))
    await journey.settle()
    assert album_messages(journey, ann) == [] and journey.photos_for(ann) == []
    waiting = await Delivery.filter(participant__telegram_user_id=ann["id"])
    assert [d.status for d in waiting] == [DeliveryStatus.WAITING] * 2
    planned = max(d.created_at for d in waiting)
    hour = journey.settings.delivery.digest_hour_utc
    # Before the digest's hour nothing goes; at the next one, the day's photos go together.
    before = last_digest(planned, hour) + timedelta(days=1) - timedelta(minutes=1)
    at = last_digest(planned, hour) + timedelta(days=1, minutes=1)
    async with batches_of(journey) as batches:
        assert await batches.send_due(now=before) == 0
        assert await batches.send_due(now=at) == 2
        await journey.settle()
        assert await batches.send_due(now=at + timedelta(days=1)) == 0  # once
    album = album_messages(journey, ann)
    assert len(album) == 2 and len({m["media_group_id"] for m in album}) == 1
    assert [d.status for d in await Delivery.filter(participant__telegram_user_id=ann["id"])] == [
        DeliveryStatus.SENT
    ] * 2

    # Back to each photo: a new photo goes at once, as before.
    chat_id = (await Group.get(chat_id=group["id"])).admin_chat_id
    card = await settings_card(journey, poster, {"id": chat_id})
    await journey.press(poster, card, "Right away")
    await journey.post(group, poster, collages.make(X["group"][2], NOBODY["group"][2]))
    await journey.settle()
    assert len(journey.singles(ann)) == 1


async def test_a_stricter_group_asks_about_a_face_it_would_have_sent(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    # Calibrated so that this photo of Alice is just sure enough to send: its best prototype
    # scores 0.845, at least 0.07 above auto (0.76) as matching asks of a best one whose
    # second (about 0.72) is not within 0.05 of auto; one step stricter (0.79) it is not.
    async with journey_factory(matching=MatchingSettings(auto=0.76, suggest=0.4)) as journey:
        ann, poster, group = await journey.class_with_alice()
        photo = collages.make(X["group"][0], NOBODY["group"][0])
        await journey.post(group, poster, photo)
        await journey.settle()
        assert len(journey.photos_for(ann)) == 1 and journey.suggestions(ann) == []

        await in_mode(journey, poster, group, "Stricter (1 of 3)")  # auto 0.79 now
        assert (await Group.get(chat_id=group["id"])).strictness == 1
        await journey.post(group, poster, photo)  # the same photo again
        await journey.settle()
        assert len(journey.photos_for(ann)) == 1  # not sent without asking
        (question,) = journey.suggestions(ann)
        assert question["caption"] == "Is this Alice? (a photo in Class 1A)"


async def test_an_admin_chat_serving_two_groups_asks_which_group_first(journey: Journey) -> None:
    poster, _ann, group, chat = await office(journey)
    other, _ = await journey.group_with_bot("Class 2B", poster, [])
    await Group.filter(chat_id=other["id"]).update(admin_chat_id=chat["id"])
    sent = await journey.says(poster, "/settings", chat["id"])
    (which,) = await journey.replies(chat["id"], sent)
    assert which["text"] == "Which group?"
    assert labels(which) == ["Class 1A", "Class 2B"]
    await journey.press(poster, which, "Class 2B")
    (card,) = await journey.replies(chat["id"], which)
    assert "Settings of Class 2B" in card["text"]
    await journey.press(poster, card, "Daily digest")
    assert (await Group.get(chat_id=other["id"])).delivery_mode == DeliveryMode.DIGEST
    assert (await Group.get(chat_id=group["id"])).delivery_mode == DeliveryMode.EACH
    assert "Delivery: a daily digest" in journey.now(card)["text"]


async def test_photos_waiting_for_the_digest_go_one_by_one_when_it_is_turned_off(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    await in_mode(journey, poster, group, "Daily digest")
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    assert journey.photos_for(ann) == []
    chat_id = (await Group.get(chat_id=group["id"])).admin_chat_id
    card = await settings_card(journey, poster, {"id": chat_id})
    await journey.press(poster, card, "Right away")
    await journey.settle()  # at once, not at the cron's next run
    (sent,) = journey.photos_for(ann)
    assert sent["caption"] == "Alice · Class 1A"
    assert [d.status for d in await Delivery.all()] == [DeliveryStatus.SENT]


async def test_settings_in_the_photo_group_itself_point_an_admin_to_the_admin_chat(
    journey: Journey,
) -> None:
    poster, ann = journey.user("Poster"), journey.user("Ann")
    group, _ = await journey.group_with_bot("Class 1A", poster, [ann])
    asked = await journey.says(ann, "/settings", group["id"])  # a parent: refused
    (refused,) = await journey.replies(group["id"], asked)
    assert refused["text"] == "Only the group's admins can use /settings."
    sent = await journey.says(poster, "/settings", group["id"])
    (reply,) = await journey.replies(group["id"], sent)
    assert reply["text"].startswith("/settings works in this group's admin chat, and it has none")
    await journey.settle()
    answers = [
        m
        for m in journey.world.transcript(group["id"])
        if m["from"]["is_bot"] and m["message_id"] > asked["message_id"]
    ]
    assert answers == [refused, reply]  # a reply each
    assert "Approval" not in reply["text"]
