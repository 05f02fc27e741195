"""Attacks that once got through (issue 33), each through the emulator: what the attacker
tried, and what everyone reads now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast

from arq import create_pool

from domain.claims.service import Naming
from domain.claims.sheets import Sheets
from domain.claims.unclaimed import scrub_names
from domain.enrollment.drafts import StaleDrafts
from domain.infra.arq_queue import ArqJobQueue, redis_settings
from domain.infra.face_crops import PillowFaceCrops
from domain.infra.models import EnrollmentPhoto, Face, Group, Membership, Person
from domain.infra.stores.claim_sheets import TortoiseSheetStore
from domain.infra.stores.claims import TortoiseClaimStore
from domain.infra.stores.enrollment import TortoiseEnrollmentStore
from domain.infra.stores.groups import shown
from domain.recognition.clips import ClipStills
from domain.recognition.face_index import FaceFilter
from domain.settings import MatchingSettings
from domain.states import MembershipStatus, PersonStatus
from domain.telegram import Messenger
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, labels, photo_bytes
from tests.e2e.steps import ann_in_a_class
from tests.e2e.test_claims import _class, _whois

X, S, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]
ZWSP, WJ, RLM = "\u200b", "\u2060", "\u200f"
CYRILLIC_I = "\u0456"


async def _alice_with_two_guardians(
    journey: Journey,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Ann and Bob, both Alice's guardians in Class 1A: (ann, bob, poster, group)."""
    ann, bob, poster = journey.user("Ann"), journey.user("Bob"), journey.user("Poster")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann, bob])
    for user in (ann, bob):
        await journey.join(user, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    await journey.co_guardian(ann, "Alice", bob)
    return ann, bob, poster, group


async def _ann_leaves_while_the_bot_is_away(
    journey: Journey, ann: dict[str, Any], group: dict[str, Any]
) -> None:
    """The bot is removed; Ann leaves meanwhile (Telegram tells a bot nothing about a group
    it is not in); the bot is added back."""
    await journey.world.set_bot_status(group["id"], "left")
    await journey.settle()
    await journey.world.set_member_status(group["id"], ann["id"], "left")
    await journey.world.set_bot_status(group["id"], "administrator")
    await journey.settle()


async def test_a_guardian_who_left_while_the_bot_was_away_receives_nothing(
    journey: Journey, collages: Collages
) -> None:
    ann, bob, poster, group = await _alice_with_two_guardians(journey)
    await _ann_leaves_while_the_bot_is_away(journey, ann, group)

    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    # Bob, still in the group, receives Alice's photo; Ann, who left, does not.
    assert len(journey.photos_for(bob)) == 1
    assert journey.photos_for(ann) == []
    ann_in_group = await Membership.get(participant__telegram_user_id=ann["id"])
    assert ann_in_group.status == MembershipStatus.LEFT
    bob_in_group = await Membership.get(participant__telegram_user_id=bob["id"])
    assert bob_in_group.status == MembershipStatus.MEMBER


async def test_a_guardian_who_left_while_the_bot_was_away_is_asked_nothing(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    # Thresholds so high that every true match is a question ("Is this Alice?").
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, bob, poster, group = await _alice_with_two_guardians(journey)
        await _ann_leaves_while_the_bot_is_away(journey, ann, group)

        await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        await journey.settle()
        # The question shows the group's photo: to Bob only.
        assert len(journey.suggestions(bob)) == 1
        assert journey.suggestions(ann) == []


async def test_invisible_and_look_alike_names_are_refused(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    await journey.enroll(ann, "Sara", [photo_bytes(n) for n in S["enroll"]])

    # A name of nothing but zero-width characters: refused, and asked again.
    assert (await journey.reply_to(ann, f"/add {ZWSP}{WJ}"))["text"] == (
        "That name has only invisible characters. Send a name with letters, or /cancel."
    )
    # A name that passes for Alice (a Cyrillic i): refused, and asked again.
    refused = await journey.reply_to(ann, f"Al{CYRILLIC_I}ce")
    assert refused["text"].startswith("You already have Alice, and Al"), refused["text"]
    assert refused["text"].endswith(
        "looks the same. Send a name you can tell apart (add an initial, for example), or /cancel."
    )
    assert (await journey.reply_to(ann, "/cancel"))["text"] != ""

    # Renaming Sara to Alice with a zero-width space inside: it is Alice, refused.
    card = await journey.card(ann, "Sara")
    await journey.after_pressing(ann, card, "Rename")
    refused = await journey.reply_to(ann, f"Al{ZWSP}ice")
    assert refused["text"].startswith("You already have Alice, and Alice looks the same.")
    # Invisible characters inside a name are dropped: the name is what a reader sees.
    assert (await journey.reply_to(ann, f"Sa{ZWSP}ri{RLM}"))["text"] == "Renamed to Sari."
    assert card["caption"].startswith("Sari · active")
    assert sorted([p.name for p in await Person.all()]) == ["Alice", "Sari"]


async def _two_photos_into_a_draft(journey: Journey, ann: dict[str, Any]) -> None:
    """Ann starts enrolling Alice and two of her photos are accepted (two faces stored)."""
    asked = await journey.reply_to(ann, "/add Alice")
    assert "photos" in asked["text"]
    for name in X["enroll"][:2]:
        sent = await journey.world.user_sends_photos(ann["id"], ann["id"], [photo_bytes(name)])
        (verdict,) = await journey.replies(ann["id"], sent[0])
        assert verdict["text"].startswith("✅"), verdict["text"]
    await journey.settle()
    assert await Face.filter(person__name="Alice").count() == 2


async def _nothing_of_the_draft_is_kept(journey: Journey) -> None:
    await journey.settle()
    assert await Person.filter(name="Alice").count() == 0
    assert await Face.all().count() == 0
    assert await EnrollmentPhoto.all().count() == 0
    assert journey.stack is not None and journey.stack.face_index is not None
    assert await journey.stack.face_index.count(FaceFilter()) == 0


async def test_a_draft_left_by_a_redis_flush_is_found_and_cancelled(journey: Journey) -> None:
    ann = await ann_in_a_class(journey)
    await _two_photos_into_a_draft(journey, ann)

    # Redis loses the conversation; Postgres still holds the draft and its two faces.
    await journey.redis.flushall()
    listing = await journey.reply_to(ann, "/persons")
    assert "• Alice: enrollment not finished" in listing["text"]
    # Its card offers to finish the enrollment, fix its name, or cancel it.
    (card,) = await journey.after_pressing(ann, listing, "Alice")
    assert labels(card) == ["Continue enrolling", "Rename", "Cancel enrollment"]

    assert (await journey.reply_to(ann, "/cancel"))["text"] == (
        "Cancelled. I've deleted what you sent for this person."
    )
    await _nothing_of_the_draft_is_kept(journey)
    assert (await journey.reply_to(ann, "/cancel"))["text"] == "There's nothing to cancel."


async def test_a_draft_left_by_a_redis_flush_is_finished_or_cancelled_from_its_card(
    journey: Journey,
) -> None:
    ann = await ann_in_a_class(journey)
    await _two_photos_into_a_draft(journey, ann)
    await journey.redis.flushall()

    # /done finds the draft in Postgres: two photos are not enough yet.
    too_few = await journey.reply_to(ann, "/done")
    assert too_few["text"].startswith("I need at least 3"), too_few["text"]
    await journey.redis.flushall()
    card = await journey.card(ann, "Alice")
    (going_on,) = await journey.after_pressing(ann, card, "Continue enrolling")
    assert going_on["text"] == (
        "Let's finish enrolling Alice: send me more photos or a clip of them, then /done "
        "(or /cancel to delete what you sent)."
    )
    third = await journey.world.user_sends_photos(
        ann["id"], ann["id"], [photo_bytes(X["enroll"][2])]
    )
    (verdict,) = await journey.replies(ann["id"], third[0])
    assert verdict["text"].startswith("✅"), verdict["text"]
    done = await journey.says(ann, "/done")
    _, ready = await journey.replies(ann["id"], done, count=2)
    assert "is ready" in ready["text"]

    # The old card's buttons no longer apply: Alice is enrolled.
    answer = await journey.press(ann, card, "Cancel enrollment")
    assert answer["text"] == "This button has expired."
    assert await Face.filter(person__name="Alice").count() == 3


async def test_a_draft_nobody_comes_back_to_is_deleted_after_a_day(journey: Journey) -> None:
    ann = await ann_in_a_class(journey)
    await _two_photos_into_a_draft(journey, ann)
    await journey.redis.flushall()
    assert journey.stack is not None and journey.stack.blobs is not None

    pool = await create_pool(redis_settings(journey.settings.redis_url or ""))
    try:
        drafts = StaleDrafts(
            ArqJobQueue(pool),
            journey.stack.blobs,
            TortoiseEnrollmentStore(),
            keep=timedelta(hours=24),
        )
        assert await drafts.run() == 0  # sent to a moment ago: kept
        assert await drafts.run(datetime.now(UTC) + timedelta(hours=25)) == 1
    finally:
        await pool.aclose()
    await _nothing_of_the_draft_is_kept(journey)
    listing = await journey.reply_to(ann, "/persons")
    assert listing["text"] == "Your list of people is empty. Use /add to enroll someone."


async def test_a_cluster_is_not_named_with_invisible_characters(
    journey: Journey, collages: Collages
) -> None:
    poster, _, _, _, office = await _class(journey, collages)
    sheet = await _whois(journey, poster, office)
    before = journey.world.transcript(office["id"])[-1]["message_id"]
    await journey.press(poster, sheet, "Name this child")
    (prompt,) = await journey.replies(office["id"], before)

    async def reply(name: str) -> dict[str, Any]:
        sent = await journey.world.user_sends_text(
            office["id"], poster["id"], name, reply_to_message_id=prompt["message_id"]
        )
        (answer,) = await journey.replies(office["id"], sent)
        return answer

    # Nothing but zero-width characters: refused, and asked again.
    assert (await reply(f"{ZWSP}{WJ}{RLM}"))["text"] == (
        "That name has only invisible characters. Send a name with letters, or /cancel."
    )
    # Invisible characters inside: the child is named what a reader sees.
    told = await reply(f"To{ZWSP}m{RLM}")
    assert told["text"].startswith("A claim link for the child you named was sent"), told
    (tom,) = await Person.filter(status=PersonStatus.UNCLAIMED)
    assert tom.name == "Tom"
    # Another child of the group may not pass for Tom (a Cyrillic o).
    group = shown(await Group.get(title="Class 1A"))
    no_telegram = cast(Messenger, None)  # reading names asks nothing of Telegram
    sheets = Sheets(no_telegram, TortoiseSheetStore())
    naming = Naming(
        no_telegram,
        TortoiseClaimStore(scrub_names),
        PillowFaceCrops(),
        stills=cast(ClipStills, None),
        sheets=sheets,
    )
    assert await naming.look_alike(group, "T\u043em") == "Tom"
    assert await naming.look_alike(group, "T\u043em", besides=tom.id) is None
    assert await naming.look_alike(group, "Tim") is None
