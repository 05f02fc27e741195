"""End to end: the real aiogram bot polls the emulator, a real arq worker runs the
real model on real photos, over the embedded Postgres, Redis and Qdrant local.
Tests act as Telegram users and read what each user's chat received."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from redis.asyncio import Redis

from domain.clusters.service import Clusters
from domain.infra.insightface_engine import InsightFaceEngine
from domain.infra.models import (
    Face,
    Group,
    Prototype,
)
from domain.infra.progress import unfinished_work
from domain.infra.stack import Component, Stack, open_stack
from domain.infra.stores.clusters import TortoiseClusterStore
from domain.jobs import queue as job_names
from domain.recognition.face_index import FaceFilter
from domain.recognition.thresholds import thresholds_for
from domain.settings import (
    FacesSettings,
    JobSettings,
    MatchingSettings,
    Settings,
    TelegramSettings,
)
from sandbox import Emulator, World
from sandbox.collages import DATASET, DEMO_CAST, Collages
from sandbox.script import Script
from tests.conftest import FACES, assert_conformant, shared_photo
from tests.e2e.engine import RememberingEngine

TOKEN = "4242:e2e-token"
BOT_USERNAME = "facedrop_test_bot"
WAIT = 60.0

CAST = DEMO_CAST


def photo_bytes(name: str) -> bytes:
    return shared_photo(f"{DATASET}/{name}").read_bytes()


@pytest.fixture(scope="session")
def engine(engine: InsightFaceEngine) -> Iterator[InsightFaceEngine]:
    """The real engine, remembering its answer for each image it analyzed: the journeys
    post the same photos again and again (tests/e2e/engine.py)."""
    remembering = RememberingEngine(engine)
    yield remembering
    remembering.close()


@pytest.fixture(scope="session")
def collages(engine: InsightFaceEngine) -> Collages:
    def main_face(data: bytes) -> tuple[float, float, float, float]:
        return max(engine.analyze_sync(data).faces, key=lambda f: f.min_side).bbox

    return Collages(FACES, main_face)


@dataclass
class Journey:
    """One running facedrop (bot + worker) against one emulator."""

    emulator: Emulator
    settings: Settings
    redis: Redis
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    stack: Stack | None = None  # the running worker's components (Qdrant, blobs)
    bot_running: bool = False  # a bot of this journey is running and takes its updates

    @property
    def world(self) -> World:
        return self.emulator.world

    # ----- acting as users (sandbox.script does the talking) --------------------

    @property
    def script(self) -> Script:
        return Script(self.world, BOT_USERNAME, wait=WAIT)

    def user(self, name: str) -> dict[str, Any]:
        return self.script.user(name)

    async def says(
        self, user: dict[str, Any], text: str, chat_id: int | None = None
    ) -> dict[str, Any]:
        return await self.script.says(user, text, chat_id)

    async def replies(
        self, chat_id: int, after: dict[str, Any] | int, count: int = 1
    ) -> list[dict[str, Any]]:
        return await self.script.replies(chat_id, after, count)

    async def reply_to(self, user: dict[str, Any], text: str) -> dict[str, Any]:
        return await self.script.reply_to(user, text)

    async def group_with_bot(
        self,
        title: str,
        creator: dict[str, Any],
        members: Sequence[dict[str, Any]],
        *,
        admin: bool = True,
    ) -> tuple[dict[str, Any], str]:
        return await self.script.group_with_bot(title, creator, members, admin=admin)

    async def join(self, user: dict[str, Any], payload: str) -> None:
        await self.script.join(user, payload)

    async def enroll(self, user: dict[str, Any], name: str, photos: Sequence[bytes]) -> None:
        await self.script.enroll(user, name, photos)

    async def class_with_alice(self) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        """Ann with Alice enrolled, and a poster, in "Class 1A": (ann, poster, group)."""
        ann, poster = self.user("Ann"), self.user("Poster")
        group, payload = await self.group_with_bot("Class 1A", poster, [ann])
        await self.join(ann, payload)
        await self.enroll(ann, "Alice", [photo_bytes(n) for n in CAST["angelina"]["enroll"]])
        return ann, poster, group

    async def class_with_alice_and_carl(
        self,
    ) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
        """Ann with Alice enrolled in "Class 1A", and Carl, who accepted her invitation to be
        Alice's other guardian and joined the class too: (ann, carl, poster, group)."""
        ann, carl, poster = self.user("Ann"), self.user("Carl"), self.user("Poster")
        group, payload = await self.group_with_bot("Class 1A", poster, [ann, carl])
        await self.join(ann, payload)
        await self.enroll(ann, "Alice", [photo_bytes(n) for n in CAST["angelina"]["enroll"]])
        await self.co_guardian(ann, "Alice", carl)
        await self.reply_to(carl, f"/start {payload}")
        return ann, carl, poster, group

    async def class_with_alice_and_yara(
        self,
    ) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
        """Ann with Alice and Bea with Yara enrolled in "Class 1A", and a poster:
        (ann, bea, poster, group)."""
        ann, bea, poster = self.user("Ann"), self.user("Bea"), self.user("Poster")
        group, payload = await self.group_with_bot("Class 1A", poster, [ann, bea])
        for guardian in (ann, bea):
            await self.join(guardian, payload)
        await self.enroll(ann, "Alice", [photo_bytes(n) for n in CAST["angelina"]["enroll"]])
        await self.enroll(bea, "Yara", [photo_bytes(n) for n in CAST["scarlett"]["enroll"]])
        return ann, bea, poster, group

    async def post(
        self, group: dict[str, Any], poster: dict[str, Any], *images: bytes
    ) -> list[dict[str, Any]]:
        return await self.script.post(group, poster, *images)

    async def press(
        self, user: dict[str, Any], message: dict[str, Any], label: str
    ) -> dict[str, Any]:
        """Press the inline button whose text starts with ``label``; returns the bot's answer."""
        return await self.script.press(user, message, label)

    def last(self, user: dict[str, Any]) -> dict[str, Any]:
        return self.world.transcript(user["id"])[-1]

    async def after_pressing(
        self, user: dict[str, Any], message: dict[str, Any], label: str, count: int = 1
    ) -> list[dict[str, Any]]:
        """Press a button and return the bot's next ``count`` messages to the user."""
        return await self.script.after_pressing(user, message, label, count)

    async def edited(self, message: dict[str, Any], timeout: float = WAIT) -> dict[str, Any]:
        """Wait until the bot has edited ``message`` (a pressed button's message) and return it."""
        deadline = asyncio.get_running_loop().time() + timeout
        while "edit_date" not in message:
            assert asyncio.get_running_loop().time() < deadline, f"not edited: {message}"
            await asyncio.sleep(0.05)
        return message

    def now(self, message: dict[str, Any]) -> dict[str, Any]:
        """The message as it is now in its chat (edited, or marked ``_deleted``)."""
        (now,) = (
            m
            for m in self.world.transcript(message["chat"]["id"], include_deleted=True)
            if m["message_id"] == message["message_id"]
        )
        return now

    def suggestions(self, user: dict[str, Any]) -> list[dict[str, Any]]:
        """The "Is this Alice?" questions the user was sent."""
        return [
            m
            for m in self.world.transcript(user["id"])
            if m["from"]["is_bot"] and m.get("caption", "").startswith("Is this")
        ]

    def group_payload(self, group: dict[str, Any]) -> str:
        """The deep-link payload of the bot's welcome in the group."""
        welcome = next(m for m in self.world.transcript(group["id"]) if m["from"]["is_bot"])
        url: str = welcome["reply_markup"]["inline_keyboard"][0][0]["url"]
        return url.split("start=", 1)[1]

    async def invite_link(self, owner: dict[str, Any], person: str) -> str:
        """The payload of a co-guardian invitation to ``person``, made from its card."""
        card = await self.card(owner, person)
        (invite,) = await self.after_pressing(owner, card, "Invite co-guardian")
        link: str = invite["text"].split()[-1]
        return link.split("start=", 1)[1]

    async def co_guardian(self, owner: dict[str, Any], person: str, user: dict[str, Any]) -> None:
        """``user`` accepts ``owner``'s invitation to become a guardian of ``person``."""
        offer = await self.reply_to(user, f"/start {await self.invite_link(owner, person)}")
        (accepted,) = await self.after_pressing(user, offer, "Accept")
        assert f"You're now a guardian of {person}" in accepted["text"], accepted["text"]

    async def enroll_again(self, user: dict[str, Any], name: str, photos: Sequence[bytes]) -> None:
        """Enroll a person whose photos look like one the user already has, answering
        "No, it's a different person" when the bot asks (it asks once)."""
        await self.reply_to(user, f"/add {name}")
        asked = 0
        for data in photos:
            sent = (await self.world.user_sends_photos(user["id"], user["id"], [data]))[0]
            (verdict,) = await self.replies(user["id"], sent)
            if verdict["text"].startswith("This looks like"):
                asked += 1
                (checking,) = await self.after_pressing(user, verdict, "No, it's a different")
                verdict = await self._verdict_in(checking)
            assert verdict["text"].startswith("✅"), verdict["text"]
        assert asked == 1
        done = await self.says(user, "/done")
        _, ready = await self.replies(user["id"], done, count=2)
        assert "is ready" in ready["text"]

    async def _verdict_in(self, checking: dict[str, Any]) -> dict[str, Any]:
        """ "I'm checking the photo again…" once edited to the photo's verdict."""
        await self.until(lambda: self.now(checking)["text"].startswith("✅"))
        return self.now(checking)

    async def confirm_merge(
        self, user: dict[str, Any], choose: dict[str, Any], drop: str
    ) -> dict[str, Any]:
        """In "Which person is the same child as …?", choose ``drop`` and confirm merging it
        into the card's person ("Merge, keep …"); returns the question, once it says so."""
        await self.press(user, choose, drop)
        await self.until(lambda: self.has_button(choose, "Merge, keep"))
        await self.press(user, choose, "Merge, keep")
        await self.until(lambda: self.now(choose)["text"].startswith("Merged"))
        return choose

    @staticmethod
    def has_button(message: dict[str, Any], label: str) -> bool:
        """Whether the message (as the chat shows it now) has a button starting with this."""
        rows = message.get("reply_markup", {}).get("inline_keyboard", [])
        return any(b["text"].startswith(label) for row in rows for b in row)

    @staticmethod
    async def until(condition: Callable[[], bool], timeout: float = WAIT) -> None:
        """Wait until the chat shows ``condition`` (an edit that follows a button's answer)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not condition():
            assert asyncio.get_running_loop().time() < deadline, "not shown in time"
            await asyncio.sleep(0.05)

    async def card(self, user: dict[str, Any], name: str) -> dict[str, Any]:
        """Open a person's card through /persons."""
        listing = await self.reply_to(user, "/persons")
        (card,) = await self.after_pressing(user, listing, name)
        return card

    async def assert_consistent(self) -> None:
        """Postgres and Qdrant agree: every face has its point with its person and prototype flag,
        and no point is left without a face."""
        assert self.stack is not None and self.stack.face_index is not None
        index = self.stack.face_index
        faces = await Face.all()
        prototypes = set(await Prototype.all().values_list("face_id", flat=True))
        points = {hit.face_id: hit for hit in await index.get([f.id for f in faces])}
        for face in faces:
            point = points.get(face.id)
            assert point is not None, f"face {face.id} has no point"
            assert point.person_id == face.person_id, (face.id, point.person_id, face.person_id)  # type: ignore[attr-defined]
            assert point.is_prototype == (face.id in prototypes), face.id
        assert await index.count(FaceFilter()) == len(faces)

    # ----- reading outcomes ----------------------------------------------------

    def photos_for(self, user: dict[str, Any]) -> list[dict[str, Any]]:
        """Group photos the bot delivered to this user."""
        return self.script.delivered(user)

    def singles(self, user: dict[str, Any]) -> list[dict[str, Any]]:
        """Group photos delivered to this user one by one (not in an album)."""
        return [m for m in self.photos_for(user) if "media_group_id" not in m]

    def unique_ids(self, user: dict[str, Any]) -> list[str]:
        return [m["photo"][-1]["file_unique_id"] for m in self.photos_for(user)]

    async def busy(self) -> list[str]:
        """What is still going on (empty when all work is done). Looked at in the order work
        flows: updates Telegram has not had confirmed by the running bot (sent to it or not
        yet), then what the bot is handling, then jobs, then Postgres. Each stage hands its
        work on to a later one before it lets go of it (the bot counts an update from the
        moment it is fed, before Telegram hears it was received: bot.app
        FacedropDispatcher), so work is not missed in passing; work that flows back (a job
        whose call to Telegram makes an update) is caught by ``settle``'s second look."""
        waiting = []
        if self.bot_running:
            unconfirmed = self.world.unconfirmed_updates()
            if unconfirmed:
                waiting.append(f"{unconfirmed} updates not confirmed by the bot")
        return waiting + await unfinished_work(self.redis, job_names.UPKEEP)

    async def settle(self, timeout: float = WAIT) -> None:
        """Wait until no work is left: nothing queued or running, nothing unfinished in
        Postgres, no update waiting for the bot; twice in a row (``busy``)."""
        deadline = asyncio.get_running_loop().time() + timeout
        quiet = 0
        while quiet < 2:
            busy = await self.busy()
            if asyncio.get_running_loop().time() >= deadline:
                # Which jobs, and due when (seconds from now): a rare flake says what it was.
                queue = await self.redis.zrange("arq:queue", 0, -1, withscores=True)
                now_ms = time.time() * 1000
                due = [(job.decode(), round((at - now_ms) / 1000, 1)) for job, at in queue]
                raise AssertionError(f"work did not settle: {busy}; queue: {due}")
            quiet = 0 if busy else quiet + 1
            await asyncio.sleep(0.05)

    async def regroup(self, title: str) -> None:
        """The nightly regrouping of a group's faces nobody holds, now, at the pack's
        calibrated likeness (a journey's own thresholds may be set out of reach)."""
        assert self.stack is not None and self.stack.face_index is not None
        calibrated = thresholds_for(self.settings.faces.pack, MatchingSettings())
        clusters = Clusters(
            self.stack.face_index, None, join_at=calibrated.auto, store=TortoiseClusterStore()
        )
        await clusters.regroup((await Group.get(title=title)).id)

    # ----- running facedrop ------------------------------------------------------

    async def start(
        self,
        parts: Sequence[str] = ("bot", "worker"),
        engine: InsightFaceEngine | None = None,
        *,
        wait_for_polling: bool = True,
    ) -> None:
        from bot.app import run_bot
        from workers.app import run_worker

        # Qdrant local mode is one client per process: only the worker opens it.
        components: tuple[Component, ...] = (
            ("database", "redis", "qdrant", "blobs")
            if "worker" in parts
            else ("database", "redis", "blobs")
        )
        ready = asyncio.Event()

        async def run() -> None:
            async with open_stack(self.settings, components) as stack:
                if "worker" in parts:
                    self.stack = stack
                ready.set()
                running = []
                if "bot" in parts:
                    running.append(run_bot(stack, self.settings, self.stop, polling_timeout=1))
                if "worker" in parts:
                    running.append(run_worker(stack, self.settings, self.stop, engine=engine))
                await asyncio.gather(*running)

        # A restarted bot is running once it asks for updates (or set its webhook) again:
        # the calls of the one before do not count (its start's own work, as the admin
        # chats' menus, is counted by the wait only once it began).
        log = self.world.request_log
        before = log[-1] if log else None
        self.tasks.append(asyncio.create_task(run()))
        await asyncio.wait_for(ready.wait(), WAIT)
        while "bot" in parts and not _called_since(
            list(log), before, "getUpdates" if wait_for_polling else "setWebhook"
        ):
            await asyncio.sleep(0.05)
        self.bot_running = self.bot_running or "bot" in parts

    async def shutdown(self) -> None:
        self.bot_running = False
        self.stop.set()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(task, WAIT)
        self.tasks.clear()
        self.stop = asyncio.Event()


def _called_since(log: list[dict[str, Any]], before: dict[str, Any] | None, method: str) -> bool:
    """Whether the emulator's request log has a call of ``method`` after the entry ``before``
    (a long poll shows as it starts; a webhook counts once Telegram took it)."""
    start = next((i + 1 for i, entry in enumerate(log) if entry is before), 0)
    return any(
        entry["method"].lower() == method.lower() and (method == "getUpdates" or entry.get("ok"))
        for entry in log[start:]
    )


def e2e_settings(
    tmp: Path,
    database_url: str,
    redis_url: str,
    emulator_url: str,
    faces: FacesSettings,
    **overrides: Any,
) -> Settings:
    telegram = {
        "api_url": emulator_url,
        "per_chat_per_s": 20,
        "global_per_s": 30,
        # A group's welcome at once: only the tests of an admin chat being linked wait for
        # its /start (test_seventh_walk_admin), not the hundreds that add the bot.
        "joined_wait_s": 0,
        **overrides.pop("telegram", {}),
    }
    return Settings(
        data_dir=tmp,
        database_url=database_url,
        redis_url=redis_url,
        bot_token=SecretStr(TOKEN),
        telegram=TelegramSettings(**telegram),
        jobs=JobSettings(**{"timeout_s": 60, "reconcile_every_s": 30, **overrides.pop("jobs", {})}),
        faces=faces,
        **overrides,
    )


def labels(message: dict[str, Any]) -> list[str]:
    """The texts of a message's inline buttons (none when it has no keyboard)."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button["text"] for row in rows for button in row]


def data_of(message: dict[str, Any], label: str) -> str:
    """The callback data of the button whose text starts with ``label``."""
    for row in message["reply_markup"]["inline_keyboard"]:
        for button in row:
            if button["text"].startswith(label):
                return str(button["callback_data"])
    raise AssertionError(f"no button {label!r} in {message.get('reply_markup')}")


JourneyFactory = Callable[..., "contextlib.AbstractAsyncContextManager[Journey]"]


@pytest.fixture
async def journey_factory(
    tmp_path: Path,
    db: str,
    embedded_redis: str,
    faces_settings: FacesSettings,
    engine: InsightFaceEngine,
) -> AsyncIterator[JourneyFactory]:
    redis = Redis.from_url(embedded_redis)
    await redis.flushall()

    @contextlib.asynccontextmanager
    async def make(
        start: bool = True, local_bot_api: bool = False, **overrides: Any
    ) -> AsyncIterator[Journey]:
        # ``local_bot_api``: the emulator as a self-hosted Bot API server started with
        # --local, which posts a webhook anywhere (a test's, on this machine, over HTTP) and
        # answers getFile with a path on its disk, which the bot reads (API_LOCAL).
        if local_bot_api:
            overrides["telegram"] = {"api_local": True, **overrides.get("telegram", {})}
        async with Emulator(conformance=True, local_mode=local_bot_api) as emulator:
            emulator.world.create_bot(TOKEN, username=BOT_USERNAME)
            settings = e2e_settings(
                tmp_path, db, embedded_redis, emulator.url, faces_settings, **overrides
            )
            journey = Journey(emulator, settings, redis)
            if start:
                await journey.start(engine=engine)
            try:
                yield journey
            finally:
                await journey.shutdown()
        assert_conformant(emulator)

    yield make
    await redis.aclose()


@pytest.fixture
async def journey(journey_factory: JourneyFactory) -> AsyncIterator[Journey]:
    async with journey_factory() as running:
        yield running


__all__ = ["CAST", "Collages", "Journey", "Stack", "photo_bytes"]
