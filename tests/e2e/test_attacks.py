"""Attacks that once got through (issue 33), each through the emulator: what the attacker
tried, and what everyone reads now."""

from __future__ import annotations

from domain.infra.models import Membership, Person
from domain.states import MembershipStatus
from tests.e2e.conftest import CAST, Collages, Journey, photo_bytes

X, S = CAST["angelina"], CAST["scarlett"]
ZWSP, WJ, RLM = "\u200b", "\u2060", "\u200f"
CYRILLIC_I = "\u0456"


async def test_a_guardian_who_left_while_the_bot_was_away_receives_nothing(
    journey: Journey, collages: Collages
) -> None:
    # Ann and Bob are both Alice's guardians in Class 1A.
    ann, bob, poster = journey.user("Ann"), journey.user("Bob"), journey.user("Poster")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann, bob])
    for user in (ann, bob):
        await journey.join(user, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    await journey.co_guardian(ann, "Alice", bob)

    # The bot is removed; Ann leaves meanwhile (Telegram tells a bot nothing about a group
    # it is not in); the bot is added back.
    await journey.world.set_bot_status(group["id"], "left")
    await journey.settle()
    await journey.world.set_member_status(group["id"], ann["id"], "left")
    await journey.world.set_bot_status(group["id"], "administrator")
    await journey.settle()

    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    # Bob, still in the group, receives Alice's photo; Ann, who left, does not.
    assert len(journey.photos_for(bob)) == 1
    assert journey.photos_for(ann) == []
    ann_in_group = await Membership.get(participant__telegram_user_id=ann["id"])
    assert ann_in_group.status == MembershipStatus.LEFT
    bob_in_group = await Membership.get(participant__telegram_user_id=bob["id"])
    assert bob_in_group.status == MembershipStatus.MEMBER


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
    assert sorted(await Person.all().values_list("name", flat=True)) == ["Alice", "Sari"]
