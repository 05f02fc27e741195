"""Journeys 1-5: a guardian enrolls a person; group photos reach exactly that guardian."""

from __future__ import annotations

from tests.e2e.conftest import CAST, Collages, Journey, labels, photo_bytes


async def test_each_guardian_gets_exactly_the_photos_of_their_person(
    journey: Journey, collages: Collages
) -> None:
    ann, bea, cid, poster = (
        journey.user("Ann"),
        journey.user("Bea"),
        journey.user("Cid"),
        journey.user("Poster"),
    )
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann, bea, cid])
    for guardian in (ann, bea, cid):
        await journey.join(guardian, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in CAST["angelina"]["enroll"]])
    await journey.enroll(bea, "Yara", [photo_bytes(n) for n in CAST["scarlett"]["enroll"]])

    x = CAST["angelina"]["group"]
    y = CAST["scarlett"]["group"]
    nobody = CAST["strangers"]["group"]
    with_x = await journey.post(group, poster, collages.make(x[0], nobody[0]))
    with_y = await journey.post(group, poster, collages.make(nobody[1], y[0]))
    with_both = await journey.post(group, poster, collages.make(y[1], nobody[2], x[1]))
    with_neither = await journey.post(group, poster, collages.make(nobody[0], nobody[3]))
    album = await journey.post(
        group, poster, collages.make(x[2]), collages.make(nobody[1]), collages.make(y[2])
    )
    await journey.settle()

    def ids(messages: list[dict]) -> list[str]:  # type: ignore[type-arg]
        return [m["photo"][-1]["file_unique_id"] for m in messages]

    assert sorted(journey.unique_ids(ann)) == sorted(ids(with_x + with_both + [album[0]]))
    assert sorted(journey.unique_ids(bea)) == sorted(ids(with_y + with_both + [album[2]]))
    assert journey.unique_ids(cid) == []
    assert ids(with_neither)[0] not in journey.unique_ids(ann) + journey.unique_ids(bea)
    # Nobody gets a photo twice, and the group gets nothing from the bot but its welcome.
    for guardian in (ann, bea):
        assert len(journey.unique_ids(guardian)) == len(set(journey.unique_ids(guardian)))
    from_bot = [m for m in journey.world.transcript(group["id"]) if m["from"]["is_bot"]]
    assert len(from_bot) == 1
    assert "photo" not in from_bot[0]

    # The caption names the guardian's person and the group, with a "Not Alice?" button
    # (under the photo; photos that piled up while her chat was held came as an album,
    # whose buttons are in the message answering it).
    for delivered in journey.photos_for(ann):
        assert delivered["caption"] == "Alice · Class 1A"
    singles = journey.singles(ann)
    for delivered in singles:
        assert delivered["reply_markup"]["inline_keyboard"][0][0]["text"] == "Not Alice?"
    answers = [
        m
        for m in journey.world.transcript(ann["id"])
        if m["from"]["is_bot"] and "media_group_id" in m.get("reply_to_message", {})
    ]
    assert len(singles) + sum(len(labels(a)) for a in answers) == 3
    assert all(label.startswith("Not Alice? (photo ") for a in answers for label in labels(a))


async def test_a_guardian_outside_the_group_gets_nothing_from_it(
    journey: Journey, collages: Collages
) -> None:
    dan, poster, ann = journey.user("Dan"), journey.user("Poster"), journey.user("Ann")
    coach = journey.user("Coach")
    other, other_payload = await journey.group_with_bot("Football", dan, [coach])
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    await journey.join(dan, other_payload)
    await journey.join(ann, payload)
    await journey.enroll(dan, "Zed", [photo_bytes(n) for n in CAST["mark"]["enroll"]])

    posted = await journey.post(
        group, poster, collages.make(CAST["mark"]["group"][0], CAST["strangers"]["group"][0])
    )
    await journey.settle()
    assert journey.unique_ids(dan) == []
    assert posted  # Zed is in G's photo, but Dan is not a member of G

    # The same face in Dan's own group reaches him.
    await journey.post(other, coach, collages.make(CAST["mark"]["group"][1]))
    await journey.settle()
    assert len(journey.unique_ids(dan)) == 1
