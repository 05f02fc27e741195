"""``facedrop backup`` and ``facedrop restore`` on the real stack: a class where Ann enrolled
Alice through the domain services on the real model (and is halfway through enrolling
Ben), backed up by the command in its own process, restored into fresh stacks, where a
new photo of Alice is still recognized and planned for Ann; and every refusal.

The state is built in the session's database (this process's one tortoise connection) and
in a data dir of its own; the backup is made once for the module.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast
from uuid import UUID

import numpy as np
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from arq import create_pool
from pydantic import SecretStr
from tortoise import Tortoise

from cli.backups import open_backups
from cli.main import main
from domain.backups.manifest import BLOB_DIR, FACES, MANIFEST, read_backup
from domain.backups.rules import BackupRefused
from domain.blobs import BlobStore
from domain.claims.sheets import Sheets
from domain.composition.reactions import wire_events
from domain.delivery.copies import Copies
from domain.enrollment.service import Enrollment, EnrollmentFaces, FinishOutcome, cover_key
from domain.events import EventBus
from domain.groups.service import Groups
from domain.infra.arq_queue import ArqJobQueue, redis_settings
from domain.infra.database import known_migrations
from domain.infra.edge_index import EdgeFaceIndex
from domain.infra.embedded import EmbeddedPostgres
from domain.infra.images import shrink_jpeg
from domain.infra.insightface_engine import InsightFaceEngine
from domain.infra.local_blobs import LocalBlobStore
from domain.infra.locations import edge_dir
from domain.infra.models import Delivery, EnrollmentPhoto, Face, Photo
from domain.infra.postgres_dumps import PostgresDumps
from domain.infra.stack import Stack, open_stack
from domain.infra.stores.claim_sheets import TortoiseSheetStore
from domain.infra.stores.corrections import TortoiseExpiringQuestionStore
from domain.infra.stores.enrollment import TortoiseEnrollmentStore
from domain.infra.stores.groups import TortoiseGroupStore
from domain.infra.stores.moderation_approvals import TortoiseApprovalStore
from domain.infra.stores.moderation_takedown import TortoiseTakedownStore
from domain.infra.stores.moderation_unreadable import TortoiseUnreadableStore
from domain.infra.stores.onboarding import TortoiseOnboardingStore
from domain.infra.stores.recognition import TortoisePhotoIntakeStore, TortoiseRecognitionStore
from domain.infra.telegram.messenger import AiogramMessenger, make_messenger
from domain.moderation.approvals import Approvals
from domain.onboarding.service import Onboarding, TelegramUser
from domain.persons.service import Persons
from domain.recognition.face_index import FaceIndex, IndexedFace
from domain.recognition.intake import PhotoIntake
from domain.recognition.service import Recognition
from domain.recognition.stores import PostedPhoto
from domain.recognition.thresholds import thresholds_for
from domain.settings import FacesSettings, Settings, TelegramSettings
from domain.states import DeliveryStatus, MediaKind, PhotoStatus
from sandbox import Emulator, World
from sandbox.collages import DATASET, DEMO_CAST
from tests.conftest import MODELS, TEST_PACK, assert_conformant, shared_photo

TOKEN = "424242:backup-token"
ALICE = DEMO_CAST["angelina"]
BEN = DEMO_CAST["scarlett"]["enroll"][0]
pytestmark = pytest.mark.timeout(600)


def photo_bytes(name: str) -> bytes:
    return shared_photo(f"{DATASET}/{name}").read_bytes()


def facedrop(
    *args: str, data_dir: Path, database_url: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The command in its own process, on the embedded stack of ``data_dir`` (its database
    the one at ``database_url`` when given)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACEDROP_")}
    env.update(
        FACEDROP_DATA_DIR=str(data_dir),
        FACEDROP_OPS__PORT="0",
        FACEDROP_FACES__ROOT=str(MODELS),
        FACEDROP_FACES__PACK=TEST_PACK,
        FACEDROP_LOG_LEVEL="WARNING",
    )
    if database_url is not None:
        env["FACEDROP_DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=data_dir.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        umask=0o022,  # the usual one: what it makes is readable by all unless facedrop says
    )


@dataclass
class School:
    """What was backed up, read from the stack before the backup."""

    backup: Path
    world: World
    bot: Bot
    ann: dict[str, Any]
    pat: dict[str, Any]
    chat: dict[str, Any]
    alice_id: UUID
    tables: dict[str, int]
    faces: dict[UUID, IndexedFace]
    blobs: dict[str, bytes]
    expiries: dict[str, datetime | None]


def stack_settings(
    data_dir: Path, database_url: str, redis_url: str, faces: FacesSettings
) -> Settings:
    return Settings(
        _env_file=None,
        data_dir=data_dir,
        database_url=database_url,
        redis_url=redis_url,
        bot_token=SecretStr(TOKEN),
        faces=faces,
    )


class Services:
    """The domain services the bot and the worker would run, on one open stack."""

    def __init__(self, stack: Stack, bot: Bot, engine: InsightFaceEngine, jobs: Any) -> None:
        assert stack.redis is not None
        assert stack.face_index is not None
        assert stack.blobs is not None
        self.messenger: AiogramMessenger = make_messenger(
            bot, stack.redis, TelegramSettings(per_chat_per_s=30)
        )
        thresholds = thresholds_for(TEST_PACK)
        events = wire_events(
            EventBus(),
            messenger=self.messenger,
            persons=cast(Persons, None),  # its enrollment publishes nothing
            jobs=jobs,
            album_window=timedelta(minutes=3),
            takedowns=TortoiseTakedownStore(),
            approval_cards=TortoiseApprovalStore(),
            unreadable_posts=TortoiseUnreadableStore(),
            expiring_questions=TortoiseExpiringQuestionStore(),
            copies_in_chats=cast(Copies, None),  # no face here expires
            claim_sheets=Sheets(self.messenger, TortoiseSheetStore()),
        )
        self.groups = Groups(TortoiseGroupStore(), events)
        self.onboarding = Onboarding(self.messenger, TortoiseOnboardingStore(), self.groups, events)
        store = TortoiseEnrollmentStore()
        self.enrollment = Enrollment(jobs, self.onboarding, stack.blobs, self.messenger, store)
        self.enrollment_faces = EnrollmentFaces(
            engine,
            stack.face_index,
            self.messenger,
            stack.blobs,
            thresholds,
            None,
            store=store,
            approvals=Approvals(self.messenger, stack.blobs, TortoiseApprovalStore()),
            shrink=shrink_jpeg,
        )
        self.intake = PhotoIntake(self.groups, TortoisePhotoIntakeStore(), jobs, events)
        self.recognition = Recognition(
            engine,
            stack.face_index,
            self.messenger,
            jobs,
            stack.blobs,
            thresholds,
            store=TortoiseRecognitionStore(),
            events=EventBus(),
        )

    async def enroll(self, user: TelegramUser, world: World, name: str, photos: list[str]) -> UUID:
        """Start enrolling ``name`` and have each photo checked (the session stays open)."""
        person_id = await self.enrollment.start(user, name)
        for photo in photos:
            (sent,) = await world.user_sends_photos(user.id, user.id, [photo_bytes(photo)])
            await self.enrollment.add_photo(
                person_id, user.id, user.id, sent["photo"][-1]["file_id"]
            )
        for submitted in await EnrollmentPhoto.filter(person_id=person_id):
            await self.enrollment_faces.check_photo(submitted.id)
        return person_id

    async def post(
        self, world: World, chat: dict[str, Any], poster: dict[str, Any], name: str
    ) -> Photo:
        """A photo posted in the group, recorded and recognized."""
        (sent,) = await world.user_sends_photos(chat["id"], poster["id"], [photo_bytes(name)])
        photo_id = await self.intake.record(
            PostedPhoto(
                chat_id=chat["id"],
                chat_title=chat["title"],
                chat_type="supergroup",
                message_id=sent["message_id"],
                file_id=sent["photo"][-1]["file_id"],
                file_unique_id=sent["photo"][-1]["file_unique_id"],
                media_kind=MediaKind.PHOTO,
                posted_at=datetime.now(UTC),
                posted_by_user_id=poster["id"],
            )
        )
        assert photo_id is not None
        await self.recognition.process(photo_id)
        photo = await Photo.get(id=photo_id)
        assert photo.status == PhotoStatus.DONE
        return photo


async def all_faces(index: FaceIndex) -> dict[UUID, IndexedFace]:
    faces: dict[UUID, IndexedFace] = {}
    start = None
    while True:
        page, start = await index.scroll(start=start)
        faces.update((face.face_id, face) for face in page)
        if start is None:
            return faces


async def all_blobs(blobs: BlobStore) -> tuple[dict[str, bytes], dict[str, datetime | None]]:
    keys = await blobs.keys()
    return (
        {key: await blobs.get(key) for key in keys},
        {key: (await blobs.info(key)).expires_at for key in keys},
    )


async def emptied(database_url: str) -> None:
    """The session's database without a row (as the ``db`` fixture leaves it)."""
    tables = await PostgresDumps(database_url, embedded=False).table_rows()
    names = ", ".join(t for t in tables if t != "tortoise_migrations")
    await Tortoise.get_connection("default").execute_script(f"TRUNCATE {names} CASCADE")


async def planned_for(photo: Photo, user: dict[str, Any]) -> list[Delivery]:
    return await Delivery.filter(photo_id=photo.id, participant__telegram_user_id=user["id"])


@pytest.fixture(scope="module")
async def school(
    tmp_path_factory: pytest.TempPathFactory,
    database_url: str,
    embedded_redis: str,
    faces_settings: FacesSettings,
    engine: InsightFaceEngine,
) -> AsyncIterator[School]:
    """Ann in "Class 1A" with Alice enrolled and found in a posted photo, Ben half
    enrolled; backed up with ``facedrop backup``."""
    root = tmp_path_factory.mktemp("school")
    await emptied(database_url)
    async with Emulator(conformance=True) as emulator:
        bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(emulator.url)))
        await bot.get_me()  # registers the bot with the emulator
        world = emulator.world
        ann, pat = world.create_user("Ann"), world.create_user("Pat")
        await world.user_sends_text(ann["id"], ann["id"], "/start")
        chat = world.create_group("Class 1A", creator_id=pat["id"], member_ids=[ann["id"]])
        await world.set_bot_status(chat["id"], "administrator")
        settings = stack_settings(root / "data", database_url, embedded_redis, faces_settings)
        async with open_stack(settings) as stack:
            assert stack.redis_url is not None
            pool = await create_pool(redis_settings(stack.redis_url))
            services = Services(stack, bot, engine, ArqJobQueue(pool))
            added = await services.groups.bot_status_changed(
                chat["id"],
                "Class 1A",
                "supergroup",
                old_status="left",
                new_status="administrator",
                sees_all_messages=False,
            )
            user = TelegramUser(ann["id"], "Ann")
            await services.onboarding.join(user, added.group.join_token)
            await services.onboarding.agree(user)
            alice_id = await services.enroll(user, world, "Alice", ALICE["enroll"])
            finished = await services.enrollment.finish(alice_id, ann["id"])
            assert finished.outcome == FinishOutcome.FINISHING
            await services.enrollment_faces.index_person(alice_id)
            photo = await services.post(world, chat, pat, ALICE["group"][0])
            assert [d.status for d in await planned_for(photo, ann)] == [DeliveryStatus.PENDING]
            await services.enroll(user, world, "Ben", [BEN])  # a session still open
            assert stack.face_index is not None
            assert stack.blobs is not None
            faces = await all_faces(stack.face_index)
            # Enrollment kept which picture each of Alice's prototypes is of, as matching reads it.
            alices = [f for f in faces.values() if f.is_prototype and f.person_id == alice_id]
            assert len(alices) == 3 and all(f.picture is not None for f in alices)
            blobs, expiries = await all_blobs(stack.blobs)
            await pool.aclose()
        tables = await PostgresDumps(database_url, embedded=False).table_rows()
        backup = root / "backup"
        made = facedrop("backup", str(backup), data_dir=root / "data", database_url=database_url)
        assert made.returncode == 0, made.stderr
        assert made.stdout.startswith(f"backup written to {backup}: 1 participants")
        yield School(backup, world, bot, ann, pat, chat, alice_id, tables, faces, blobs, expiries)
        await bot.session.close()
    assert_conformant(emulator)


def test_the_backup_holds_the_whole_class(school: School) -> None:
    manifest = json.loads((school.backup / MANIFEST).read_text())
    assert manifest["tables"] == school.tables
    assert manifest["tables"]["persons"] == 2  # Alice, and Ben being enrolled
    assert manifest["faces"] == len(school.faces) >= 5  # 3 of Alice's, Ben's, the photo's
    assert manifest["blobs"] == len(school.blobs)
    assert manifest["migrations"][0] == "0001_initial"
    assert set(manifest["files"]) == {
        "database.dump",
        FACES,
        "blobs.jsonl",
        *(f"{BLOB_DIR}/{key}" for key in school.blobs),
    }
    # Alice's cover, kept for good; the crop of Ben's open session, with its expiry.
    assert school.expiries[cover_key(school.alice_id)] is None
    (session_crop,) = [key for key in school.blobs if key.startswith("enrolling/")]
    assert school.expiries[session_crop] is not None


def test_only_the_backups_owner_can_read_it(school: School) -> None:
    # Names and face embeddings: the directory 0700, each file 0600 (and the blobs' folders
    # 0700), though the command ran under umask 022.
    assert school.backup.stat().st_mode & 0o777 == 0o700
    inside = {
        path.relative_to(school.backup).as_posix(): path.stat().st_mode & 0o777
        for path in school.backup.rglob("*")
    }
    files = {name for name in inside if (school.backup / name).is_file()}
    assert {"database.dump", FACES, "blobs.jsonl", MANIFEST} <= files
    assert any(name.startswith(f"{BLOB_DIR}/") for name in files)
    assert {name: mode for name, mode in inside.items() if name in files} == dict.fromkeys(
        files, 0o600
    )
    assert {name: mode for name, mode in inside.items() if name not in files} == dict.fromkeys(
        set(inside) - files, 0o700
    )


async def test_a_restored_stack_still_recognizes_alice(
    school: School,
    db: str,
    embedded_redis: str,
    faces_settings: FacesSettings,
    engine: InsightFaceEngine,
    tmp_path: Path,
) -> None:
    # An empty stack: the session's database (emptied by ``db``) and a new data dir.
    restored = facedrop("restore", str(school.backup), data_dir=tmp_path / "data", database_url=db)
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith("restored the backup of ")
    assert "1 participants, 2 persons, 1 groups, 1 photos" in restored.stdout

    assert await PostgresDumps(db, embedded=False).table_rows() == school.tables
    settings = stack_settings(tmp_path / "data", db, embedded_redis, faces_settings)
    async with open_stack(settings) as stack:
        assert stack.face_index is not None
        assert stack.blobs is not None
        faces = await all_faces(stack.face_index)
        assert set(faces) == set(school.faces)
        for face_id, face in faces.items():
            before = school.faces[face_id]
            assert (face.person_id, face.photo_id, face.group_id) == (
                before.person_id,
                before.photo_id,
                before.group_id,
            )
            assert (face.is_prototype, face.cluster_id) == (before.is_prototype, before.cluster_id)
            assert face.picture == before.picture
            assert np.allclose(face.embedding, before.embedding, atol=1e-6)
        assert await all_blobs(stack.blobs) == (school.blobs, school.expiries)

        # What an operator cares about: Alice is recognized in a new photo, for Ann.
        pool = await create_pool(redis_settings(embedded_redis))
        services = Services(stack, school.bot, engine, ArqJobQueue(pool))
        photo = await services.post(school.world, school.chat, school.pat, ALICE["group"][1])
        await pool.aclose()
        assert [f.person_id for f in await Face.filter(photo_id=photo.id)] == [school.alice_id]  # type: ignore[attr-defined]
        assert [d.status for d in await planned_for(photo, school.ann)] == [DeliveryStatus.PENDING]


async def test_restore_into_an_embedded_stack_refuses_it_once_in_use_unless_replace(
    school: School, faces_settings: FacesSettings, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    first = facedrop("restore", str(school.backup), data_dir=data_dir)
    assert first.returncode == 0, first.stderr

    settings = Settings(_env_file=None, data_dir=data_dir, faces=faces_settings)
    manifest = read_backup(school.backup, known_migrations())
    async with open_backups(settings) as backups:
        with pytest.raises(BackupRefused) as refused:
            await backups.restore(school.backup, manifest, replace=False)
    assert str(refused.value) == (
        "this stack is not empty (1 participants, 2 persons, 1 groups, 1 photos, "
        f"{len(school.faces)} faces in the face index, {len(school.blobs)} blobs): restore "
        "into an empty one, or add --replace to delete all of it first"
    )

    replaced = facedrop("restore", "--replace", str(school.backup), data_dir=data_dir)
    assert replaced.returncode == 0, replaced.stderr
    postgres = EmbeddedPostgres(data_dir)
    postgres.start()
    try:
        url = await postgres.ensure_database()
        assert await PostgresDumps(url, embedded=True).table_rows() == school.tables
    finally:
        postgres.stop()
    index = EdgeFaceIndex.open(edge_dir(settings))
    await index.ensure_ready()
    try:
        assert set(await all_faces(index)) == set(school.faces)
    finally:
        await index.close()
    assert await all_blobs(LocalBlobStore(settings.blob_dir)) == (school.blobs, school.expiries)


# ----- refusals: each says what is wrong in one line, and changes nothing


def run_here(
    *args: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    """The command in this process (it refuses before it starts anything)."""
    monkeypatch.setenv("FACEDROP_DATA_DIR", str(data_dir))
    monkeypatch.setenv("FACEDROP_LOG_LEVEL", "WARNING")
    monkeypatch.chdir(data_dir.parent)
    code = main(list(args))
    return code, capsys.readouterr().err


def damaged_copy(school: School, tmp_path: Path) -> Path:
    copy = tmp_path / "backup"
    shutil.copytree(school.backup, copy)
    return copy


def test_backup_refuses_a_directory_that_is_not_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "backups"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    code, err = run_here(
        "backup", str(target), data_dir=tmp_path / "data", monkeypatch=monkeypatch, capsys=capsys
    )
    assert (code, err) == (
        2,
        f"facedrop: {target} is not empty: give a new directory for the backup\n",
    )
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("damage", ["corrupt", "truncate", "remove"])
def test_restore_refuses_a_damaged_backup_naming_the_file(
    school: School,
    damage: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    backup = damaged_copy(school, tmp_path)
    if damage == "corrupt":  # one bit of one embedding
        data = bytearray((backup / FACES).read_bytes())
        data[100] ^= 1
        (backup / FACES).write_bytes(bytes(data))
        said = f"{FACES} does not match its checksum"
    elif damage == "truncate":  # a copy cut short
        dump = backup / "database.dump"
        dump.write_bytes(dump.read_bytes()[:-10])
        said = "database.dump does not match its checksum"
    else:
        cover = f"{BLOB_DIR}/{cover_key(school.alice_id)}"
        (backup / cover).unlink()
        said = f"{cover} is missing"
    code, err = run_here(
        "restore", str(backup), data_dir=tmp_path / "data", monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 2
    assert err == f"facedrop: the backup at {backup} is damaged: {said}; nothing was restored\n"
    assert not (tmp_path / "data").exists()


def test_restore_refuses_a_backup_of_a_newer_facedrop(
    school: School,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    backup = damaged_copy(school, tmp_path)
    manifest = json.loads((backup / MANIFEST).read_text())
    manifest["migrations"].append("0999_from_the_future")
    (backup / MANIFEST).write_text(json.dumps(manifest))
    code, err = run_here(
        "restore", str(backup), data_dir=tmp_path / "data", monkeypatch=monkeypatch, capsys=capsys
    )
    assert (code, err) == (
        2,
        "facedrop: the backup's database is newer than this facedrop (migrations it does not "
        "know: 0999_from_the_future): upgrade facedrop first\n",
    )
    assert not (tmp_path / "data").exists()


def test_restore_refuses_what_is_not_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    missing = tmp_path / "nowhere"
    code, err = run_here(
        "restore", str(missing), data_dir=data_dir, monkeypatch=monkeypatch, capsys=capsys
    )
    assert (code, err) == (2, f"facedrop: no backup at {missing}: no such directory\n")
    code, err = run_here(
        "restore", str(tmp_path), data_dir=data_dir, monkeypatch=monkeypatch, capsys=capsys
    )
    assert (code, err) == (
        2,
        f"facedrop: {tmp_path} is not a facedrop backup (it has no {MANIFEST})\n",
    )
    (tmp_path / MANIFEST).write_text("{not json")
    code, err = run_here(
        "restore", str(tmp_path), data_dir=data_dir, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 2
    assert err.startswith(f"facedrop: {MANIFEST} is damaged (")
    assert not data_dir.exists()
