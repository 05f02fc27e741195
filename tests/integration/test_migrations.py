"""The real migrations on a fresh embedded Postgres, and the guard against model drift."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest
from tortoise.context import TortoiseContext
from tortoise.migrations.autodetector import MigrationAutodetector

from domain.infra import database
from domain.infra.models import Approval, Group, Person
from domain.states import ApprovalKind, ApprovalStatus, GroupType, PersonStatus
from tests import migrated
from tests.conftest import REPO

EXPECTED_TABLES = {
    "groups",
    "participants",
    "memberships",
    "persons",
    "guardianships",
    "photos",
    "faces",
    "prototypes",
    "suggestions",
    "face_rejections",
    "deliveries",
    "assignment_events",
    "consent_records",
    "enrollment_photos",
}
MIGRATIONS = sorted(p.stem for p in (REPO / "migrations").glob("[0-9][0-9][0-9][0-9]_*.py"))


async def _fetch(url: str, query: str) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        rows: list[asyncpg.Record] = await connection.fetch(query)
        return rows
    finally:
        await connection.close()


async def test_migrations_build_the_schema_on_a_fresh_database(
    new_database: Callable[[], Awaitable[str]],
    new_migrated_database: Callable[[], Awaitable[str]],
) -> None:
    url = await new_database()
    assert await database.pending_migrations(url) == MIGRATIONS
    assert MIGRATIONS[0] == "0001_initial"

    assert await database.migrate(url) == MIGRATIONS

    tables = {
        r["tablename"]
        for r in await _fetch(url, "SELECT tablename FROM pg_tables WHERE schemaname='public'")
    }
    assert tables >= EXPECTED_TABLES
    assert await database.pending_migrations(url) == []
    # Applying again changes nothing.
    assert await database.migrate(url) == []
    # The copies every other test works on (restored from a dump of the migrations' result
    # made by an earlier worker or run: tests/migrated.py) are what the migrations build.
    copy = await new_migrated_database()
    assert await migrated.schema_of(copy) == await migrated.schema_of(url)
    assert await database.pending_migrations(copy) == []


async def test_constraints_that_carry_the_product_rules_exist(database_url: str) -> None:
    uniques = await _fetch(
        database_url,
        """SELECT tc.table_name,
                  string_agg(kcu.column_name, ',' ORDER BY kcu.ordinal_position) AS cols
           FROM information_schema.table_constraints tc
           JOIN information_schema.key_column_usage kcu
             USING (constraint_schema, constraint_name)
           WHERE tc.constraint_type = 'UNIQUE' GROUP BY tc.table_name, tc.constraint_name""",
    )
    found = {(r["table_name"], r["cols"]) for r in uniques}
    assert ("photos", "group_id,message_id") in found
    assert ("deliveries", "photo_id,participant_id") in found
    assert ("faces", "photo_id,bbox_x,bbox_y,bbox_w,bbox_h") in found
    assert ("memberships", "participant_id,group_id") in found


async def test_foreign_keys_follow_the_cascade_rules(database_url: str) -> None:
    rows = await _fetch(
        database_url,
        """SELECT tc.table_name, kcu.column_name, rc.delete_rule
           FROM information_schema.referential_constraints rc
           JOIN information_schema.table_constraints tc
             USING (constraint_schema, constraint_name)
           JOIN information_schema.key_column_usage kcu
             USING (constraint_schema, constraint_name)""",
    )
    rules = {(r["table_name"], r["column_name"]): r["delete_rule"] for r in rows}
    # Seed 002, section 11.1, with our additions.
    assert rules[("faces", "person_id")] == "SET NULL"
    assert rules[("faces", "photo_id")] == "CASCADE"
    assert rules[("prototypes", "person_id")] == "CASCADE"
    assert rules[("prototypes", "face_id")] == "SET NULL"
    assert rules[("suggestions", "face_id")] == "CASCADE"
    assert rules[("suggestions", "person_id")] == "CASCADE"
    assert rules[("assignment_events", "from_person_id")] == "SET NULL"
    assert rules[("assignment_events", "to_person_id")] == "SET NULL"
    assert rules[("deliveries", "photo_id")] == "CASCADE"
    assert rules[("consent_records", "participant_id")] == "SET NULL"
    # An organizer's decision on a person outlives the guardian who asked for it.
    assert rules[("approvals", "participant_id")] == "SET NULL"
    assert rules[("approvals", "person_id")] == "CASCADE"


async def test_indexes_for_the_journeys_exist(database_url: str) -> None:
    rows = await _fetch(
        database_url, "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname='public'"
    )
    definitions = [(r["tablename"], r["indexdef"]) for r in rows]

    def indexed(table: str, columns: str) -> bool:
        return any(t == table and f"({columns})" in d for t, d in definitions)

    assert indexed("faces", "person_id")
    assert indexed("photos", "status, updated_at")
    assert indexed("deliveries", "status, updated_at")
    assert indexed("memberships", "group_id, status")
    assert indexed("suggestions", "person_id, status")
    assert indexed("assignment_events", "created_at")


async def test_models_match_the_migrations() -> None:
    """Fails when a model changed without a migration: run `make migrations`."""
    missing = await database.model_changes_without_migration("postgres://localhost/unused")
    assert missing == [], f"models changed without a migration: {[w.name for w in missing]}"


async def test_the_drift_check_notices_a_model_without_migration() -> None:
    config = database.tortoise_config("postgres://localhost/unused")
    config["apps"]["facedrop"]["models"].append("tests.integration.drift_model")
    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        assert ctx.apps is not None
        writers = await MigrationAutodetector(ctx.apps, config["apps"]).changes()
    assert len(writers) == 1
    assert "NotMigrated" in writers[0].as_string()


@pytest.mark.parametrize("table", sorted(EXPECTED_TABLES))
async def test_every_table_has_a_uuid_primary_key(database_url: str, table: str) -> None:
    rows = await _fetch(
        database_url,
        f"""SELECT data_type FROM information_schema.columns
            WHERE table_name = '{table}' AND column_name = 'id'""",
    )
    assert [r["data_type"] for r in rows] == ["uuid"]


async def _migrated_to(new_database: Callable[[], Awaitable[str]], target: str) -> str:
    """A new database with the migrations up to ``target`` applied; its URL."""
    url = await new_database()
    await migrated.migrate(url, target)
    return url


async def _a_group(
    connection: asyncpg.Connection,
    chat_id: int = -100,
    *,
    approval: bool = False,
    settings: dict[str, Any] | None = None,
) -> Any:
    """A group row as the migration under test finds it; returns its id."""
    return await connection.fetchval(
        """INSERT INTO groups (id, chat_id, title, type, join_token, is_active,
                               requires_approval, settings, created_at, updated_at)
           VALUES (gen_random_uuid(), $1, 'Class', 'supergroup', $2, true,
                   $3, $4::jsonb, now(), now())
           RETURNING id""",
        chat_id,
        f"tok{chat_id}",
        approval,
        json.dumps(settings or {}),
    )


async def test_upgrading_keeps_existing_rows(new_database: Callable[[], Awaitable[str]]) -> None:
    """A database on the first migration, with data, moves to the latest one intact."""
    url = await _migrated_to(new_database, "facedrop.0001_initial")
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        group = await _a_group(connection)
        await connection.execute(
            """INSERT INTO photos (id, group_id, message_id, file_id, file_unique_id, posted_at,
                                   status, attempts, created_at, updated_at)
               VALUES (gen_random_uuid(), $1, 7, 'f', 'u', now(), 'done', 1, now(), now())""",
            group,
        )
    finally:
        await connection.close()

    assert await database.migrate(url) == MIGRATIONS[1:]
    rows = await _fetch(url, "SELECT message_id, media_kind FROM photos")
    assert [(r["message_id"], r["media_kind"]) for r in rows] == [(7, "photo")]


async def test_an_approval_written_without_cards_starts_with_none(db: str) -> None:
    """Migration 0011: a row written by hand, or by code that predates ``cards``, gets the
    database default (no card) instead of failing on NOT NULL."""
    group = await Group.create(chat_id=-11, title="G", type=GroupType.SUPERGROUP, join_token="t")
    person = await Person.create(name="Alice", status=PersonStatus.PENDING_APPROVAL)
    connection = await asyncpg.connect(db.replace("postgres://", "postgresql://", 1))
    try:
        await connection.execute(
            """INSERT INTO approvals (id, group_id, kind, person_id, status, created_at)
               VALUES (gen_random_uuid(), $1, $2, $3, $4, now())""",
            group.id,
            ApprovalKind.PERSON.value,
            person.id,
            ApprovalStatus.PENDING.value,
        )
    finally:
        await connection.close()
    (approval,) = await Approval.filter(group=group)
    assert approval.cards == []


async def test_a_card_known_only_by_the_old_columns_moves_into_cards(
    new_database: Callable[[], Awaitable[str]],
) -> None:
    """Migration 0012: an approval whose card was recorded only in ``card_chat_id`` /
    ``card_message_id`` keeps it in ``cards`` (so deleting the person still deletes it)."""
    url = await _migrated_to(new_database, "facedrop.0011_approvals_cards_default")
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        group = await _a_group(connection, approval=True)
        person = await connection.fetchval(
            """INSERT INTO persons (id, name, status, created_at, updated_at)
               VALUES (gen_random_uuid(), 'Alice', 'pending_approval', now(), now())
               RETURNING id"""
        )
        for chat_id, message_id in ((-200, 5), (None, None)):
            await connection.execute(
                """INSERT INTO approvals (id, group_id, kind, person_id, status, created_at,
                                          card_chat_id, card_message_id)
                   VALUES (gen_random_uuid(), $1, 'person', $2, 'pending', now(), $3, $4)""",
                group,
                person,
                chat_id,
                message_id,
            )
    finally:
        await connection.close()

    assert "0012_approvals_cards_only" in await database.migrate(url)
    rows = await _fetch(url, "SELECT cards::text FROM approvals ORDER BY cards::text")
    assert sorted(json.loads(r["cards"]) for r in rows) == [
        [],
        [{"chat": -200, "message": 5, "face": True}],
    ]


async def test_bans_recorded_before_become_ban_periods(
    new_database: Callable[[], Awaitable[str]],
) -> None:
    """Migration 0048: the bans the audit recorded before become ``ban_periods`` (what a
    look back for earlier photos reads): each ban to the first unban after it of the same
    user in the same group, or open while none came; other users' and other groups' events
    end none of them."""
    url = await _migrated_to(new_database, "facedrop.0047_person_message_settings")
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        groups = [await _a_group(connection, chat_id) for chat_id in (-100, -101)]
        events = [  # group, action, user, day of November
            (groups[0], "banned", 7, 1),
            (groups[1], "unbanned", 7, 2),  # another group's unban
            (groups[0], "unbanned", 8, 2),  # another user's unban
            (groups[0], "unbanned", 7, 3),
            (groups[0], "banned", 7, 5),  # banned again: holds still
            (groups[1], "banned", 8, 4),
            (groups[1], "unbanned", 8, 6),
        ]
        for group, action, user, day in events:
            await connection.execute(
                """INSERT INTO moderation_events (id, group_id, action, actor_user_id,
                                                  actor_name, subject, details, said_in,
                                                  created_at)
                   VALUES (gen_random_uuid(), $1, $2, 1, 'Org', 'Ann', $3::jsonb, '[]',
                           make_timestamptz(2026, 11, $4, 12, 0, 0, 'UTC'))""",
                group,
                action,
                json.dumps({"user_id": user}),
                day,
            )
    finally:
        await connection.close()

    assert "0048_ban_periods" in await database.migrate(url)
    rows = await _fetch(
        url,
        """SELECT group_id, telegram_user_id, extract(day FROM started_at AT TIME ZONE 'UTC')
                  AS started, extract(day FROM ended_at AT TIME ZONE 'UTC') AS ended
           FROM ban_periods ORDER BY started_at""",
    )
    assert [
        (groups.index(r["group_id"]), r["telegram_user_id"], r["started"], r["ended"]) for r in rows
    ] == [(0, 7, 1, 3), (1, 8, 4, 6), (0, 7, 5, None)]


async def test_offers_left_on_persons_merged_before_follow_the_merge(
    new_database: Callable[[], Awaitable[str]],
) -> None:
    """Migration 0057: an offer of earlier photos left open on a person merged away before
    merges moved them goes to the person at the end of its merge chain (Alice into Ally,
    Ally into Max: Max), recorded on the chain's last merge so that its undo moves it back;
    answered offers, a guardian's batch of questions and offers of persons not merged stay."""
    url = await _migrated_to(new_database, "facedrop.0056_photo_copies_forgotten")
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        group = await _a_group(connection)
        parent = await connection.fetchval(
            """INSERT INTO participants (id, telegram_user_id, first_name, is_reachable,
                                         created_at, updated_at)
               VALUES (gen_random_uuid(), 7, 'Ann', true, now(), now()) RETURNING id"""
        )
        persons: dict[str, Any] = {}
        for name, into in (
            ("Max", None),
            ("Ally", "Max"),
            ("Alice", "Ally"),
            ("Tom", None),
            ("Sam", "Tom"),
            ("Noa", None),
        ):
            persons[name] = await connection.fetchval(
                """INSERT INTO persons (id, name, status, merged_into_id, created_at,
                                        updated_at)
                   VALUES (gen_random_uuid(), $1, $2, $3, now(), now()) RETURNING id""",
                name,
                "active" if into is None else "merged",
                persons.get(into or ""),
            )
        events = {}
        for removed, kept in (("Alice", "Ally"), ("Ally", "Max"), ("Sam", "Tom")):
            events[removed] = await connection.fetchval(
                """INSERT INTO assignment_events (id, operation, actor, from_person_id,
                                                  to_person_id, face_ids, photo_ids,
                                                  face_count, photo_count, details,
                                                  created_at)
                   VALUES (gen_random_uuid(), 'merge', 'Ann', $1, $2, '[]', '[]', 0, 0,
                           '{"face_ids": []}', now()) RETURNING id""",
                persons[removed],
                persons[kept],
            )
        offers = {}
        for key, person, status, participant in (
            ("alice", "Alice", "pending", None),
            ("alice answered", "Alice", "sent", None),
            ("alice's questions", "Alice", "waiting", parent),
            ("sam", "Sam", "pending", None),
            ("noa", "Noa", "pending", None),
        ):
            offers[key] = await connection.fetchval(
                """INSERT INTO earlier_photos (id, person_id, group_id, face_ids, photo_count,
                                               participant_id, sheet, status, created_at)
                   VALUES (gen_random_uuid(), $1, $2, '[]', 2, $3, true, $4, now())
                   RETURNING id""",
                persons[person],
                group,
                participant,
                status,
            )
    finally:
        await connection.close()

    assert "0057_offers_follow_old_merges" in await database.migrate(url)
    rows = await _fetch(url, "SELECT id, person_id FROM earlier_photos")
    names = {persons[name]: name for name in persons}
    keys = {offers[key]: key for key in offers}
    assert {keys[r["id"]]: names[r["person_id"]] for r in rows} == {
        "alice": "Max",
        "alice answered": "Alice",
        "alice's questions": "Alice",
        "sam": "Tom",
        "noa": "Noa",
    }
    rows = await _fetch(url, "SELECT id, details::text FROM assignment_events")
    recorded = {r["id"]: json.loads(r["details"]).get("offer_ids") for r in rows}
    assert recorded == {
        events["Alice"]: None,
        events["Ally"]: [str(offers["alice"])],
        events["Sam"]: [str(offers["sam"])],
    }


async def test_offers_moved_by_an_old_migration_are_asked_again_with_the_name_now(
    new_database: Callable[[], Awaitable[str]],
) -> None:
    """Migration 0065: the offers migration 0057 moved onto the person a merge kept (in that
    merge's ``offer_ids``) still named the person merged away until the next rename or merge:
    one ``ask_offers_again`` request per person holding one (Max, with two; Tom's merge undone,
    Sam's offer that no merge moved, a guardian's batch of questions: none), which the next
    worker run carries out (the reconcile cron queues every open request)."""
    url = await _migrated_to(new_database, "facedrop.0066_person_message_replaced")
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        group = await _a_group(connection)
        parent = await connection.fetchval(
            """INSERT INTO participants (id, telegram_user_id, first_name, is_reachable,
                                         created_at, updated_at)
               VALUES (gen_random_uuid(), 7, 'Ann', true, now(), now()) RETURNING id"""
        )
        persons: dict[str, Any] = {}
        for name, into in (("Max", None), ("Ally", "Max"), ("Tom", None), ("Sam", None)):
            persons[name] = await connection.fetchval(
                """INSERT INTO persons (id, name, status, merged_into_id, created_at,
                                        updated_at)
                   VALUES (gen_random_uuid(), $1, $2, $3, now(), now()) RETURNING id""",
                name,
                "active" if into is None else "merged",
                persons.get(into or ""),
            )
        offers = {}
        for key, person, participant in (
            ("max 1", "Max", None),
            ("max 2", "Max", None),
            ("max's questions", "Max", parent),
            ("tom", "Tom", None),
            ("sam", "Sam", None),
        ):
            offers[key] = await connection.fetchval(
                """INSERT INTO earlier_photos (id, person_id, group_id, face_ids, photo_count,
                                               participant_id, sheet, status, created_at)
                   VALUES (gen_random_uuid(), $1, $2, '[]', 2, $3, true, 'pending', now())
                   RETURNING id""",
                persons[person],
                group,
                participant,
            )
        for removed, kept, moved, undone in (
            ("Ally", "Max", ["max 1", "max 2", "max's questions"], False),
            ("Sam", "Tom", ["tom"], True),
        ):
            await connection.execute(
                """INSERT INTO assignment_events (id, operation, actor, from_person_id,
                                                  to_person_id, face_ids, photo_ids,
                                                  face_count, photo_count, details,
                                                  created_at, undone_at)
                   VALUES (gen_random_uuid(), 'merge', 'Ann', $1, $2, '[]', '[]', 0, 0,
                           $3::jsonb, now(), $4)""",
                persons[removed],
                persons[kept],
                json.dumps({"face_ids": [], "offer_ids": [str(offers[k]) for k in moved]}),
                datetime.now(UTC) if undone else None,
            )
    finally:
        await connection.close()

    assert "0067_offers_named_again" in await database.migrate(url)
    rows = await _fetch(url, "SELECT kind, subject, done_at FROM user_requests")
    assert [(r["kind"], r["subject"], r["done_at"]) for r in rows] == [
        ("ask_offers_again", str(persons["Max"]), None)
    ]


async def test_answers_kept_in_a_group_s_settings_move_into_admin_pointers(
    new_database: Callable[[], Awaitable[str]],
) -> None:
    """Migration 0072: the answers that point to the admin chat, kept before in the group's
    ``settings`` ([message id, command]), become ``admin_pointers`` rows of their group (a
    malformed entry is dropped), and the key leaves ``settings``; other keys stay."""
    url = await _migrated_to(new_database, "facedrop.0071_approval_approved_told")
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        groups = [
            await _a_group(connection, chat_id, settings=settings)
            for chat_id, settings in (
                (
                    -100,
                    {
                        "admin_link_message_id": 3,
                        "admin_pointer_messages": [[5, "stats"], [9, "help"], ["x"], 4],
                    },
                ),
                (-101, {"admin_pointer_messages": [[5, "settings"]]}),
                (-102, {"admin_pointer_messages": "broken"}),
            )
        ]
    finally:
        await connection.close()

    assert "0072_admin_pointers" in await database.migrate(url)
    rows = await _fetch(
        url, "SELECT group_id, message_id, command FROM admin_pointers ORDER BY message_id"
    )
    assert sorted((groups.index(r["group_id"]), r["message_id"], r["command"]) for r in rows) == [
        (0, 5, "stats"),
        (0, 9, "help"),
        (1, 5, "settings"),
    ]
    settings = await _fetch(url, "SELECT settings::text FROM groups ORDER BY chat_id DESC")
    assert [json.loads(r["settings"]) for r in settings] == [
        {"admin_link_message_id": 3},
        {},
        {},
    ]


async def test_the_copies_on_record_fill_the_sent_counts(
    new_database: Callable[[], Awaitable[str]],
) -> None:
    """Migration 0078: /stats' copies per group and hour start from the copies on record,
    sent or taken down since (a copy never sent counts nothing)."""
    url = await _migrated_to(new_database, "facedrop.0075_forget_notice_group")
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        group = await _a_group(connection)
        photo = await connection.fetchval(
            """INSERT INTO photos (id, group_id, message_id, file_id, file_unique_id, posted_at,
                                   status, attempts, created_at, updated_at)
               VALUES (gen_random_uuid(), $1, 7, 'f', 'u', now(), 'done', 1, now(), now())
               RETURNING id""",
            group,
        )
        for user, status, sent_at in (
            (1, "sent", datetime(2026, 11, 20, 9, 10, tzinfo=UTC)),
            (2, "taken_down", datetime(2026, 11, 20, 9, 50, tzinfo=UTC)),
            (3, "sent", datetime(2026, 11, 21, 10, 0, tzinfo=UTC)),
            (4, "pending", None),
        ):
            parent = await connection.fetchval(
                """INSERT INTO participants (id, telegram_user_id, first_name, is_reachable,
                                             created_at, updated_at)
                   VALUES (gen_random_uuid(), $1, 'P', true, now(), now()) RETURNING id""",
                user,
            )
            await connection.execute(
                """INSERT INTO deliveries (id, photo_id, participant_id, status, attempts,
                                           sent_at, corrections_due, created_at, updated_at)
                   VALUES (gen_random_uuid(), $1, $2, $3, 1, $4, false, now(),
                           now())""",
                photo,
                parent,
                status,
                sent_at,
            )
    finally:
        await connection.close()

    assert "0078_sent_counts" in await database.migrate(url)
    rows = await _fetch(
        url,
        "SELECT group_id, to_char(hour AT TIME ZONE 'UTC', 'MM-DD HH24:MI') AS at, sent "
        "FROM sent_counts ORDER BY hour",
    )
    assert [(r["group_id"], r["at"], r["sent"]) for r in rows] == [
        (group, "11-20 09:00", 2),
        (group, "11-21 10:00", 1),
    ]


async def test_the_news_of_a_deletion_kept_before_forget_the_child_s_name(
    new_database: Callable[[], Awaitable[str]],
) -> None:
    """Migration 0092: the kept news of a deletion ("Ann deleted Alice…", an old card
    blanked "Ann deleted Alice.") and the "Ann removed you as a guardian of Alice" kept
    without its person drop the child's name; what else they kept stays, and so does news of
    a deletion of faces only (the child is still there) and a removal that knows its person.
    A "You're in…" redrawn "Since then Alice was deleted…" is no longer kept (its words
    name her); one redrawn for a child left, not deleted, stays."""
    url = await _migrated_to(new_database, "facedrop.0091_suggestion_earlier")
    kept: list[dict[str, Any]] = [
        {"news": "deleted", "name": "Alice"},
        {"news": "deleted_here", "name": "Alice", "photo": True},
        {"news": "deleted_here", "name": "Alice", "faces": True, "photo": False},
        {"news": "removed_you", "name": "Alice"},
        {"news": "removed_you", "name": "Alice", "of": "7d0f6a54-5b0e-4c6e-9a43-6c0e1d3b6f10"},
        {"news": "added", "tally": [1, 0, 0]},
        {
            "gone": {"name": "Alice", "deleted": True, "said": "Since then Alice was deleted…"},
            "now": "Since then Alice was deleted…",
        },
        {"gone": {"name": "Amy", "deleted": False, "said": "Since then you are no longer…"}},
    ]
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        for message_id, said in enumerate(kept, start=1):
            await connection.execute(
                """INSERT INTO forget_notices (id, chat_id, message_id, about_user_id, kind,
                                               person_ids, faceless, said, created_at)
                   VALUES (gen_random_uuid(), 5, $1, 6, $2, '[]', false, $3::jsonb, now())""",
                message_id,
                "news_by" if "news" in said else "sending",
                json.dumps(said),
            )
    finally:
        await connection.close()

    assert "0092_deleted_names" in await database.migrate(url, "facedrop.0092_deleted_names")
    rows = await _fetch(url, "SELECT said::text FROM forget_notices ORDER BY message_id")
    assert [json.loads(r["said"]) for r in rows] == [
        {"news": "deleted"},
        {"news": "deleted_here", "photo": True},
        {"news": "deleted_here", "name": "Alice", "faces": True, "photo": False},
        {"news": "removed_you"},
        {"news": "removed_you", "name": "Alice", "of": "7d0f6a54-5b0e-4c6e-9a43-6c0e1d3b6f10"},
        {"news": "added", "tally": [1, 0, 0]},
        {"gone": {"name": "Amy", "deleted": False, "said": "Since then you are no longer…"}},
    ]


async def test_rows_kept_without_their_child_s_id_forget_the_child_s_name(
    new_database: Callable[[], Awaitable[str]],
) -> None:
    """Migration 0093: rows written before the child's id ("of") was kept beside its name,
    which a later deletion of the child cannot find, keep no name: an old card blanked "Ann
    deleted every face of Alice." keeps the news without it; a "You're in…" redrawn "Since
    then you are no longer a guardian of Alice…" is no longer kept (its words name her).
    Those that know the child, or name none, stay as they were."""
    url = await _migrated_to(new_database, "facedrop.0092_deleted_names")
    of = "7d0f6a54-5b0e-4c6e-9a43-6c0e1d3b6f10"
    left = "Since then you are no longer a guardian of <b>Alice</b>: I look for Yara…"
    kept: list[dict[str, Any]] = [
        {"news": "deleted_here", "name": "Alice", "faces": True, "photo": False},
        {"news": "deleted_here", "name": "Alice", "faces": True, "photo": True, "of": of},
        {"news": "deleted_here", "faces": True, "photo": True},
        {
            "gone": {"name": "Alice", "deleted": False, "said": left},
            "now": left,
            "parts": {"said": "You're in: I'll look for <b>Alice</b> and Yara…"},
        },
        {"gone": {"name": "Alice", "deleted": False, "said": left, "of": of}, "now": left},
        {"gone": {"deleted": False, "said": "Since then you are no longer a guardian of…"}},
    ]
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        for message_id, said in enumerate(kept, start=1):
            await connection.execute(
                """INSERT INTO forget_notices (id, chat_id, message_id, about_user_id, kind,
                                               person_ids, faceless, said, created_at)
                   VALUES (gen_random_uuid(), 5, $1, 6, $2, '[]', false, $3::jsonb, now())""",
                message_id,
                "news_by" if "news" in said else "sending",
                json.dumps(said),
            )
    finally:
        await connection.close()

    assert "0093_kept_names" in await database.migrate(url)
    rows = await _fetch(url, "SELECT said::text FROM forget_notices ORDER BY message_id")
    assert [json.loads(r["said"]) for r in rows] == [
        {"news": "deleted_here", "faces": True, "photo": False},
        {"news": "deleted_here", "name": "Alice", "faces": True, "photo": True, "of": of},
        {"news": "deleted_here", "faces": True, "photo": True},
        {"gone": {"name": "Alice", "deleted": False, "said": left, "of": of}, "now": left},
        {"gone": {"deleted": False, "said": "Since then you are no longer a guardian of…"}},
    ]
