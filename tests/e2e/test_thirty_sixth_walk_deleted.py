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

from domain.moderation import texts
from domain.settings import MatchingSettings
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, photo_bytes
from tests.e2e.steps import (
    delete_person,
    forget_everything,
    forget_faces,
    reads_now,
    sent_starting,
)
from tests.e2e.test_admin_chat import audit_of
from tests.e2e.test_approvals import approving_class, cards
from tests.e2e.test_deleted_past_48_hours import _blanked, carls_old_copies
from tests.e2e.test_erasure import _merge

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


async def test_a_child_approved_renamed_and_merged_is_named_nowhere_once_deleted(
    journey: Journey, collages: Collages
) -> None:
    """Alice, approved by the organizers of Class 1A, renamed Alicia, with Ally merged into
    her, is deleted: /audit says a person was approved, and nothing stored names any of
    the three."""
    poster, group, office, payload = await approving_class(journey)
    ann, carl = journey.user("Ann"), journey.user("Carl")
    for user in (ann, carl):
        journey.world.chats[group["id"]].members[user["id"]] = "member"
    await journey.join(ann, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    (card,) = cards(journey, office)
    await journey.press(poster, card, texts.approve_button())
    await journey.co_guardian(ann, "Alice", carl)
    await journey.reply_to(carl, f"/start {payload}")
    await journey.settle()
    await journey.enroll_again(
        ann, "Ally", [photo_bytes(n) for n in (X["group"][0], X["group"][1], "img11.jpg")]
    )
    await _merge(journey, ann, "Alice", "Ally")
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Rename")
    assert (await journey.reply_to(ann, "Alicia"))["text"] == "Renamed to Alicia."
    await journey.post(group, poster, collages.make(X["group"][2], NOBODY["group"][0]))
    await journey.settle()
    for name in ("Alice", "Ally", "Alicia"):
        assert await stored_naming(name), name

    await delete_person(journey, ann, "Alicia")
    await journey.settle()
    for name in ("Alice", "Ally", "Alicia"):
        assert await stored_naming(name) == {}, name
    audit = (await audit_of(journey, poster, office))["text"]
    assert "approved a new person" in audit and "Ali" not in audit, audit


async def _carl_guards_alice_and_yara(
    journey: Journey,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Ann's Alice and Yara, Carl their co-guardian, in Class 1A: (ann, carl, Carl's
    "You're in Class 1A: I'll look for Alice and Yara…")."""
    ann, carl, poster = journey.user("Ann"), journey.user("Carl"), journey.user("Poster")
    _group, payload = await journey.group_with_bot("Class 1A", poster, [ann, carl])
    await journey.join(ann, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    await journey.enroll(ann, "Yara", [photo_bytes(n) for n in CAST["scarlett"]["enroll"]])
    await journey.co_guardian(ann, "Alice", carl)
    await journey.co_guardian(ann, "Yara", carl)
    await journey.reply_to(carl, f"/start {payload}")
    await journey.settle()
    (joined,) = sent_starting(journey, carl, "You're in")
    return ann, carl, joined


async def _stops_getting_alice(journey: Journey, carl: dict[str, Any]) -> None:
    """Carl presses "Stop getting Alice's photos and clips" on his guardians list of her."""
    (guardians,) = await journey.after_pressing(
        carl, await journey.card(carl, "Alice"), "Guardians"
    )
    await journey.press(carl, guardians, "Stop getting Alice's photos and clips")


async def _rename(journey: Journey, ann: dict[str, Any], name: str, to: str) -> None:
    await journey.after_pressing(ann, await journey.card(ann, name), "Rename")
    assert (await journey.reply_to(ann, to))["text"] == f"Renamed to {to}."


async def test_a_you_re_in_redrawn_at_a_rename_says_a_deleted_child_without_its_name(
    journey: Journey,
) -> None:
    """Carl guards Alice and Yara: his "You're in Class 1A: I'll look for Alice and Yara…"
    says "Since then Alice was deleted: I look for Yara…" once Ann deletes Alice; Yara
    renamed Yasmin since, it says so in her new name, and the deleted child as one (her
    name is kept nowhere to say)."""
    ann, _carl, joined = await _carl_guards_alice_and_yara(journey)
    assert "Alice and Yara" in reads_now(journey, joined), reads_now(journey, joined)

    await delete_person(journey, ann, "Alice")
    assert reads_now(journey, joined).startswith(
        "Since then Alice was deleted: I look for Yara in Class 1A, and send you the photos "
        "and clips they are in."
    ), reads_now(journey, joined)
    assert await stored_naming("Alice") == {}

    await _rename(journey, ann, "Yara", "Yasmin")
    await journey.until(lambda: "Yasmin" in reads_now(journey, joined))
    assert reads_now(journey, joined).startswith(
        "Since then a child of yours was deleted: I look for Yasmin in Class 1A, and send you "
        "the photos and clips they are in."
    ), reads_now(journey, joined)
    assert await stored_naming("Alice") == {}


async def test_an_old_card_blanked_at_forget_faces_keeps_no_name_once_the_child_is_deleted(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """Carl's card and question of Alice, too old to delete, say "Ann deleted every face of
    Alice." after "Forget faces"; then Ann deletes Alice: nothing keeps her name (their
    rows did, to say it again without Ann's at her /forget)."""
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        old = await carls_old_copies(journey, collages)
        ann, carls_card, carls = old.ann, old.card, old.question
        was, card_was = old.question_was, old.card_was
        await forget_faces(journey, ann, "Alice")
        await _blanked(journey, carls_card, card_was, "Ann deleted every face of Alice.")
        await _blanked(journey, carls, was, "Ann deleted every face of Alice.")

        await delete_person(journey, ann, "Alice")
        assert reads_now(journey, carls) == "Ann deleted every face of Alice."
        assert await stored_naming("Alice") == {}
        # At Ann's /forget, it names neither: Alice was deleted since, as it says then.
        await forget_everything(journey, ann)
        assert reads_now(journey, carls) == "A child you guarded was deleted."
        assert reads_now(journey, carls_card) == "A child you guarded was deleted."
        assert await stored_naming("Alice") == {}
        assert await stored_naming("Ann") == {}


async def test_a_child_left_then_deleted_is_named_nowhere(journey: Journey) -> None:
    """Carl stops getting Alice's photos (he keeps Yara's): his "You're in…" says "Since then
    you are no longer a guardian of Alice: I look for Yara…". Ann deletes Alice: nothing
    keeps her name, and a redraw since (Yara renamed Yasmin) says it without."""
    ann, carl, joined = await _carl_guards_alice_and_yara(journey)
    await _stops_getting_alice(journey, carl)
    left = (
        "Since then you are no longer a guardian of Alice: I look for Yara in Class 1A, and "
        "send you the photos and clips they are in."
    )
    await journey.until(lambda: reads_now(journey, joined).startswith(left))
    await journey.settle()

    await delete_person(journey, ann, "Alice")
    assert reads_now(journey, joined).startswith(left)
    assert await stored_naming("Alice") == {}

    await _rename(journey, ann, "Yara", "Yasmin")
    await journey.until(lambda: "Yasmin" in reads_now(journey, joined))
    assert reads_now(journey, joined).startswith(
        "Since then you are no longer a guardian of one child: I look for Yasmin in Class 1A, "
        "and send you the photos and clips they are in."
    ), reads_now(journey, joined)
    assert await stored_naming("Alice") == {}


async def test_a_childs_corrections_and_history_keep_no_name_once_deleted(
    journey: Journey, collages: Collages
) -> None:
    """Ann says a face in Alice's photo isn't Alice, and opens /history; Carl's copy goes.
    Ann deletes Alice: nothing stored names her (menus, kept answers, events, news)."""
    ann, carl = await _alice_seen(journey, collages)
    (delivered,) = journey.photos_for(ann)
    (choices,) = await journey.after_pressing(ann, delivered, "Not Alice?")
    assert (await journey.press(ann, choices, "That isn't Alice"))["text"] == "Done."
    await journey.settle()
    await journey.reply_to(ann, "/history")
    await journey.settle()

    await _deleted(journey, ann, carl)
    await journey.settle()
    assert await stored_naming("Alice") == {}


async def test_a_child_left_after_a_rename_then_deleted_is_named_nowhere(
    journey: Journey,
) -> None:
    """As above, but Yara was renamed Yael before Carl stopped getting Alice's photos: his
    "You're in…" was redrawn "…Alice and Yael…" then, and what that said was kept for the
    next rename (review36 2: kept with Alice's name once she was deleted)."""
    ann, carl, joined = await _carl_guards_alice_and_yara(journey)
    await _rename(journey, ann, "Yara", "Yael")
    await journey.until(lambda: "Alice and Yael" in reads_now(journey, joined))
    await _stops_getting_alice(journey, carl)
    await journey.until(lambda: reads_now(journey, joined).startswith("Since then you are"))
    await journey.settle()

    await delete_person(journey, ann, "Alice")
    assert await stored_naming("Alice") == {}
    await _rename(journey, ann, "Yael", "Yasmin")
    await journey.until(lambda: "Yasmin" in reads_now(journey, joined))
    assert reads_now(journey, joined).startswith(
        "Since then you are no longer a guardian of one child: I look for Yasmin in Class 1A, "
        "and send you the photos and clips they are in."
    ), reads_now(journey, joined)
    assert await stored_naming("Alice") == {}
