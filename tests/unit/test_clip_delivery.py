"""Clips delivered as they came, on delivery's rules in memory: a round video (no caption)
followed by its names, a clip whose group message is gone sent again as what it is, and
a video in a guardian's album with the photos, its caption saying when."""

from __future__ import annotations

from uuid import UUID

from domain.states import DeliveryStatus, MediaKind
from domain.telegram import ChatUnavailable
from tests.unit.test_delivery_store import World


def _face_of(world: World, delivery_id: UUID, at_s: float) -> None:
    """Alice's face in the delivery's clip is first on screen at ``at_s``."""
    photo_id = world.store.deliveries[delivery_id].photo_id
    (face,) = [f for f, p in world.store.persons[world.alice].faces.items() if p == photo_id]
    world.store.seen[face] = at_s


async def test_a_round_video_is_copied_and_its_names_follow_replying_to_it() -> None:
    world = World()
    delivery = world.posted(message_id=7, kind=MediaKind.VIDEO_NOTE)
    _face_of(world, delivery, 3.0)
    await world.deliveries.send(delivery)
    (copy, note) = world.chats.sent
    assert copy[1] == "copy of 7" and copy[3] == ["Not Alice?"]  # the buttons on the copy
    assert note[1:] == ("text replying to 1001", "Alice at 0:03 · Class 1A", [])
    assert world.store.status(delivery) == DeliveryStatus.SENT


async def test_a_clip_whose_group_message_is_gone_is_sent_again_as_what_it_is() -> None:
    for kind in (MediaKind.VIDEO, MediaKind.ANIMATION, MediaKind.VIDEO_NOTE):
        world = World()
        delivery = world.posted(message_id=7, kind=kind)
        world.chats.refusals.append(ChatUnavailable("message to copy not found"))
        await world.deliveries.send(delivery)
        sent = [(what, caption) for _, what, caption, _ in world.chats.sent]
        if kind == MediaKind.VIDEO_NOTE:  # no caption: the names beside it
            assert sent == [
                ("video_note file-7", ""),
                ("text replying to 1001", "Alice · Class 1A"),
            ]
        else:
            assert sent == [(f"{kind.value} file-7", "Alice · Class 1A")]
        assert world.store.status(delivery) == DeliveryStatus.SENT


async def test_a_video_goes_in_the_guardian_s_album_with_the_photos_saying_when() -> None:
    world = World()
    first = world.posted(message_id=7)
    clip = world.posted(message_id=8, kind=MediaKind.VIDEO)
    gif = world.posted(message_id=9, kind=MediaKind.ANIMATION)  # no album takes one
    _face_of(world, clip, 12.0)
    await world.deliveries.send(first)
    assert [(what, caption) for _, what, caption, _ in world.chats.sent] == [
        ("album's file file-7", "Alice · Class 1A"),
        ("album's video file-8", "Alice at 0:12 · Class 1A"),
    ]
    kept = world.store.deliveries
    assert kept[first].album_id == kept[clip].album_id == first
    assert kept[gif].status == DeliveryStatus.PENDING  # its own job sends it alone
