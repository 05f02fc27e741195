"""Issue 32 (session 36): "everything I had about them is deleted" is true of what is stored.

When Ann deleted Alice, her guardians read "Ann deleted Alice: everything I had about them is
deleted." (and Carl's "You're in Class 1A: I'll look for Alice…" said "Since then Alice was
deleted…"; once Ann had removed him, "Ann removed you as a guardian of Alice: …"), but the
rows kept to redraw those messages later kept "Alice" in Postgres till the /forget of the one
they named or of their reader. Once a child is deleted, no row of any table holds their name;
a message redrawn since (at the /forget of who deleted her) says it without it."""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise

from tests.e2e.conftest import CAST, Collages, Journey
from tests.e2e.steps import delete_person, forget_everything, reads_now, sent_starting

X, NOBODY = CAST["angelina"], CAST["strangers"]
DELETED = "Ann deleted Alice: everything I had about them is deleted."


async def stored_naming(name: str) -> dict[str, int]:
    """The tables with rows whose text (any column, JSON included) holds ``name``: how many."""
    connection = Tortoise.get_connection("default")
    tables = await connection.execute_query_dict(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
    )
    found = {}
    for row in tables:
        table = row["table_name"]
        (count,) = await connection.execute_query_dict(
            f'SELECT count(*) AS n FROM "{table}" AS t WHERE t::text LIKE $1', [f"%{name}%"]
        )
        if count["n"]:
            found[table] = count["n"]
    return found


async def _alice_seen(
    journey: Journey, collages: Collages
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Ann and Carl, Alice's guardians in Class 1A, each sent a photo of her: (ann, carl)."""
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    assert "persons" in await stored_naming("Alice")  # (the search finds her while she is)
    return ann, carl


async def _deleted(journey: Journey, ann: dict[str, Any], carl: dict[str, Any]) -> dict[str, Any]:
    """Ann deletes Alice: Carl's "Ann deleted Alice: …", read as it was."""
    await delete_person(journey, ann, "Alice")
    (news,) = sent_starting(journey, carl, "Ann deleted")
    assert reads_now(journey, news) == DELETED
    return news


async def test_a_deleted_child_is_named_nowhere_in_what_is_stored(
    journey: Journey, collages: Collages
) -> None:
    """Ann deletes Alice, whom Carl guards too: Carl reads it, and his "You're in Class 1A:
    I'll look for Alice…" says she was deleted, by her name; no table holds it now (the news
    and the "You're in" kept it, to be redrawn)."""
    ann, carl = await _alice_seen(journey, collages)
    (joined,) = sent_starting(journey, carl, "You're in")
    await _deleted(journey, ann, carl)
    assert reads_now(journey, joined).startswith(
        "Since then Alice was deleted: I no longer look for Alice in Class 1A."
    )
    assert await stored_naming("Alice") == {}


async def test_who_deleted_a_child_forgets_and_the_news_names_neither(
    journey: Journey, collages: Collages
) -> None:
    """Ann deletes Alice, then deletes everything: Carl's news of it no longer names Ann, and
    cannot name Alice (nothing keeps her name): it says what stands."""
    ann, carl = await _alice_seen(journey, collages)
    news = await _deleted(journey, ann, carl)

    await forget_everything(journey, ann)
    assert reads_now(journey, news) == (
        "Another guardian deleted a child you guarded together: everything I had about them "
        "is deleted."
    )
    assert await stored_naming("Alice") == {}
    assert await stored_naming("Ann") == {}


async def test_the_reader_of_a_deletion_forgets_too(journey: Journey, collages: Collages) -> None:
    """Ann deletes Alice, then Carl deletes everything: his chat reads as his goodbye says,
    and neither name is kept."""
    ann, carl = await _alice_seen(journey, collages)
    news = await _deleted(journey, ann, carl)
    assert await stored_naming("Alice") == {}

    await forget_everything(journey, carl)
    assert reads_now(journey, news) == DELETED  # (true still: Ann is here)
    assert await stored_naming("Alice") == {}
    assert await stored_naming("Carl") == {}


async def test_a_removed_guardian_keeps_no_name_of_a_child_deleted_since(
    journey: Journey, collages: Collages
) -> None:
    """Ann removes Carl as a guardian of Alice, then deletes Alice: Carl's "Ann removed you as
    a guardian of Alice: …" reads as it did, but keeps her name nowhere; at Ann's /forget it
    names neither."""
    ann, carl = await _alice_seen(journey, collages)
    (guardians,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    assert (await journey.press(ann, guardians, "Remove Carl"))["text"] == "Removed."
    await journey.until(lambda: bool(sent_starting(journey, carl, "Ann removed you")))
    (news,) = sent_starting(journey, carl, "Ann removed you")
    await journey.settle()
    removed = "Ann removed you as a guardian of Alice: you no longer get their photos and clips."
    assert reads_now(journey, news) == removed

    await delete_person(journey, ann, "Alice")
    assert reads_now(journey, news) == removed
    assert await stored_naming("Alice") == {}

    await forget_everything(journey, ann)
    assert reads_now(journey, news) == (
        "The owner of a child you guarded removed you as a guardian: you no longer get their "
        "photos and clips."
    )
    assert await stored_naming("Alice") == {}
    assert await stored_naming("Ann") == {}
