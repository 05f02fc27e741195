"""``facedrop eval SCENARIO_DIR``: run a labelled scenario through the real pipeline in a
sandbox (the emulator, the aiogram bot, an arq worker with the model pack, embedded
Postgres/Redis/Qdrant) and print precision, recall and the questions it asked.

Guardians join their groups and enroll their persons through the bot conversation, a
poster posts each photo in order, and after each photo has been handled every guardian
answers the questions it brought truthfully (unless the scenario says they ignore them).
The scenario's format is in docs/recognition.md; its rules and scoring in
``domain/recognition/scenarios.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import faulthandler
import io
import json
import logging
import sys
import time
import tomllib
from collections import defaultdict
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as dt_time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from PIL import Image, ImageOps

from cli import eval_claims
from cli.bench_sandbox import BenchSandbox, bench_sandbox
from cli.eval_chat import EvalError, has_button, is_text, press, reply_such_that
from cli.exits import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from domain.clusters.service import Clusters
from domain.corrections import texts
from domain.earlier_photos.service import NOTE as EARLIER_NOTE
from domain.enrollment import texts as enrollment_texts
from domain.enrollment.rules import MIN_PHOTOS, PhotoVerdict
from domain.infra.insightface_engine import InsightFaceEngine
from domain.infra.models import (
    AssignmentEvent,
    Delivery,
    EarlierPhotos,
    EnrollmentPhoto,
    Face,
    Group,
    Suggestion,
)
from domain.infra.progress import unfinished_work
from domain.infra.stores.clusters import TortoiseClusterStore
from domain.jobs import queue as job_names
from domain.languages import markup
from domain.languages import texts as languages_texts
from domain.languages.catalogs import _
from domain.recognition.assignments import CLAIMED_NOTE
from domain.recognition.scenarios import (
    CLIP_SHOT_S,
    Asked,
    Delivered,
    Observed,
    Offered,
    PersonSpec,
    PostSpec,
    Refusal,
    Scenario,
    ScenarioError,
    WrongFace,
    parse_scenario,
    photo_file,
    photo_modifiers,
    score,
    spare_is_needed,
    table,
    truthful_answer,
)
from domain.recognition.thresholds import thresholds_for
from domain.settings import Settings
from domain.states import (
    DeliveryStatus,
)

if TYPE_CHECKING:  # imported where the eval runs: the sandbox loads only for a run
    from sandbox.collages import Collages

log = logging.getLogger(__name__)

SCENARIO_FILES = ("scenario.toml", "scenario.json")
Box = tuple[float, float, float, float]
Tile = tuple[int, int, int, int]
Message = dict[str, Any]


def register(commands: Any) -> None:
    evaluate = commands.add_parser("eval")
    evaluate.add_argument(
        "scenario", nargs="?", type=Path, metavar="SCENARIO_DIR", help="the scenario's folder"
    )
    evaluate.add_argument(
        "--faces", type=Path, help="the photos' root (default: the scenario's 'faces')"
    )
    evaluate.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    evaluate.add_argument(
        "--make-children-scenario",
        type=Path,
        metavar="DIR",
        help="write the children scenario (from ../shared/faces/children) into DIR and stop",
    )
    evaluate.add_argument(
        "--late",
        action="store_true",
        help="with --make-children-scenario: every second family enrolls only before the "
        "middle post",
    )
    evaluate.add_argument(
        "--holdout",
        action="store_true",
        help="with --make-children-scenario: the next children enrolled instead (a check on "
        "children the rules were not tuned on)",
    )
    evaluate.add_argument(
        "--clips",
        action="store_true",
        help="with --make-children-scenario: each post a clip of its faces one after the "
        "other (each 2.5 s, filmed as a phone pans over it) instead of a collage",
    )
    evaluate.add_argument(
        "--enroll-from-clips",
        action="store_true",
        help="each person enrolled from one clip filmed from their enroll photos (each "
        f"{CLIP_SHOT_S} s, zooming in) instead of the photos; while fewer than 3 views were "
        "kept, the enroll photos no view was kept of, then the spares, are sent as photos",
    )
    evaluate.add_argument(
        "--stuck-after",
        type=float,
        metavar="SECONDS",
        help="still running after this long: print where every task and thread is waiting "
        "(to stderr, once) and go on",
    )
    evaluate.set_defaults(handler=run_eval)


def load_scenario(folder: Path, faces: Path | None = None) -> tuple[Scenario, Path]:
    """The scenario in ``folder`` and the root its photo paths are relative to."""
    found = [folder / name for name in SCENARIO_FILES if (folder / name).is_file()]
    if len(found) != 1:
        raise ScenarioError(f"{folder}: expected one of {' or '.join(SCENARIO_FILES)}")
    text = found[0].read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text) if found[0].suffix == ".toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise ScenarioError(f"{found[0]}: {exc}") from exc
    if faces is None:
        if not isinstance(data.get("faces"), str):
            raise ScenarioError(f"{found[0]}: no 'faces' folder given (or use --faces)")
        faces = folder / data["faces"]
    root = faces.resolve()
    labels_file = root / "labels.csv"
    if not labels_file.is_file():
        raise ScenarioError(f"{root}: no labels.csv (is it the photos' root?)")
    with labels_file.open(encoding="utf-8") as rows:
        labels = {row["file"]: row["identity"] for row in csv.DictReader(rows)}
    scenario = parse_scenario(data, labels)
    files = [
        photo_file(f) for g in scenario.guardians for p in g.persons for f in (*p.enroll, *p.spare)
    ]
    files += [f for post in scenario.posts for f in post.files]
    missing = sorted({f for f in files if not (root / f).is_file()})
    if missing:
        raise ScenarioError(f"{root}: missing photo(s) {', '.join(missing[:5])}")
    return scenario, root


def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    if args.make_children_scenario is not None:
        from cli.eval_children import write_children_scenario

        faces = args.faces or Path("../shared/faces/children")
        written = write_children_scenario(
            args.make_children_scenario,
            faces,
            late=args.late,
            holdout=args.holdout,
            clips=args.clips,
        )
        print(f"facedrop eval: wrote {written}")
        return EXIT_OK
    if args.scenario is None:
        print("facedrop eval: give a SCENARIO_DIR (or --make-children-scenario DIR)")
        return EXIT_USAGE
    try:
        scenario, root = load_scenario(args.scenario, args.faces)
    except ScenarioError as exc:
        print(f"facedrop eval: {exc}")
        return EXIT_USAGE
    started = time.perf_counter()
    from sandbox.script import ScriptError

    try:
        observed = asyncio.run(
            _watched(
                _run(settings, scenario, root, from_clips=args.enroll_from_clips), args.stuck_after
            )
        )
    except (EvalError, ScriptError) as exc:
        print(f"facedrop eval: the run stopped: {exc}")
        return EXIT_FAILURE
    figures = score(scenario, observed)
    figures["seconds"] = round(time.perf_counter() - started, 1)
    figures["model_pack"] = settings.faces.pack
    print(
        f"facedrop eval {scenario.name}: {len(scenario.posts)} posts, "
        f"{sum(len(g.persons) for g in scenario.guardians)} persons of "
        f"{len(scenario.guardians)} guardians, pack {settings.faces.pack}, "
        f"{figures['seconds']} s"
    )
    for line in table(figures):
        print(line)
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return EXIT_OK


# ----- running it ------------------------------------------------------------------------


@dataclass
class _Posted:
    index: int
    post: PostSpec
    chat_id: int
    message_id: int
    size: tuple[int, int]
    tiles: list[Tile] = field(default_factory=list)  # a collage's, in the order of post.faces


def with_surroundings(image: Image.Image) -> Image.Image:
    """The photo in the middle of a plain canvas twice its size."""
    width, height = image.size
    canvas = Image.new("RGB", (width * 2, height * 2), (235, 235, 230))
    canvas.paste(image, (width // 2, height // 2))
    return canvas


def enrollment_photo(root: Path, name: str) -> bytes:
    """An enrollment photo's bytes, changed as its name says (see ``MODIFIERS``)."""
    data = (root / photo_file(name)).read_bytes()
    changes = photo_modifiers(name)
    if not changes:
        return data
    image = Image.open(io.BytesIO(data)).convert("RGB")
    if "mirrored" in changes:
        image = ImageOps.mirror(image)
    if "gray" in changes:
        image = ImageOps.grayscale(image).convert("RGB")
    if "padded" in changes:
        image = with_surroundings(image)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=95)
    return out.getvalue()


def main_face(engine: InsightFaceEngine, data: bytes) -> Box:
    """The photo's largest face; a close-up the detector misses as it is is looked for again
    with surroundings (on a canvas twice its size), as a collage tile needs a face box.
    A photo with no face found even then is taken whole (a face crop)."""
    faces = engine.analyze_sync(data).faces
    if faces:
        return max(faces, key=lambda f: f.min_side).bbox
    image = Image.open(io.BytesIO(data)).convert("RGB")
    width, height = image.size
    out = io.BytesIO()
    with_surroundings(image).save(out, format="JPEG", quality=95)
    faces = engine.analyze_sync(out.getvalue()).faces
    if not faces:
        return (0.0, 0.0, float(width), float(height))
    x1, y1, x2, y2 = max(faces, key=lambda f: f.min_side).bbox
    dx, dy = width // 2, height // 2
    return (
        max(0.0, x1 - dx),
        max(0.0, y1 - dy),
        min(float(width), x2 - dx),
        min(float(height), y2 - dy),
    )


async def _busy(sandbox: BenchSandbox) -> list[str]:
    """What is still going on (empty when all the work a post or an answer caused is done),
    looked at in the order work flows: updates the bot has not confirmed to Telegram, then
    what it handles, jobs and Postgres (as the tests' ``Journey.busy``)."""
    redis = sandbox.stack.redis
    assert redis is not None
    unconfirmed = sandbox.world.unconfirmed_updates()
    waiting = [f"{unconfirmed} updates not confirmed by the bot"] if unconfirmed else []
    return waiting + await unfinished_work(redis, job_names.UPKEEP)


async def _settle(sandbox: BenchSandbox, limit_s: float = 120.0) -> None:
    """Until nothing is going on, twice in a row (work a job hands back to Telegram as an
    update is seen the second time)."""
    deadline = time.monotonic() + limit_s
    quiet = 0
    while quiet < 2:
        busy = await _busy(sandbox)
        if time.monotonic() > deadline:
            raise EvalError(f"the work did not settle in {limit_s:.0f} s: {', '.join(busy)}")
        quiet = 0 if busy else quiet + 1
        await asyncio.sleep(0.05)


def _refusal_reasons() -> dict[str, str]:
    """A refusal's sentence -> its verdict (no_face, too_small, ...)."""
    reasons = {}
    for verdict in PhotoVerdict:
        if verdict != PhotoVerdict.ACCEPTED:
            with contextlib.suppress(KeyError):  # verdicts answered otherwise (a question)
                reasons[enrollment_texts.photo_verdict(verdict, 0)] = verdict.value
    return reasons


async def _text_replies(
    sandbox: BenchSandbox, user: Message, sent: Message, wanted: int = 1
) -> list[Message]:
    """The bot's first ``wanted`` text messages after ``sent``: a question about a photo
    (of a person enrolled just before, looked for in earlier photos) may come in between."""
    count = wanted
    while True:
        replies = await sandbox.script.replies(user["id"], sent, count=count)
        answers = [reply for reply in replies if "text" in reply]
        if len(answers) >= wanted:
            return answers[:wanted]
        count += wanted - len(answers)


async def _edited_to_verdict(world: Any, checking: Message, wait_s: float = 120) -> Message:
    """The message ``checking`` as it reads once edited to a verdict (✅ or ❌)."""
    deadline = time.monotonic() + wait_s
    while True:
        now: Message = next(
            m
            for m in world.transcript(checking["chat"]["id"])
            if m["message_id"] == checking["message_id"]
        )
        if now["text"].startswith(("✅", "❌")) or time.monotonic() > deadline:
            return now
        await asyncio.sleep(0.1)


async def _enroll(
    sandbox: BenchSandbox,
    root: Path,
    user: Message,
    guardian: str,
    person: PersonSpec,
    observed: Observed,
    *,
    from_clip: bool = False,
) -> bool:
    """Enroll through the conversation; True when the person is ready. ``from_clip``: the
    enroll photos are sent as one clip (``_enrollment_clip``), each view it kept counted
    as a photo accepted."""
    script, world = sandbox.script, sandbox.world
    asked = await script.reply_to(user, f"/add {person.name}")
    if "photos" not in asked["text"]:
        raise EvalError(f"{guardian}: /add {person.name} was answered {asked['text']!r}")
    reasons = _refusal_reasons()
    accepted: list[str] = []
    spares = list(person.spare)
    queue = list(person.enroll)
    if from_clip:
        # Too few views kept: the guardian sends the photos no view was kept of, then the
        # spares.
        accepted = await _enrollment_clip(sandbox, root, user, guardian, person, observed)
        spares, queue = [*(f for f in person.enroll if f not in accepted), *spares], []
        while len(accepted) < MIN_PHOTOS and spares and not queue:
            spare = spares.pop(0)
            if spare_is_needed(spare, accepted):
                queue.append(spare)
    while queue:
        file = queue.pop(0)
        observed.enrollment_photos += 1
        image = enrollment_photo(root, file)
        sent = (await world.user_sends_photos(user["id"], user["id"], [image]))[0]
        (verdict,) = await _text_replies(sandbox, user, sent)
        if verdict["text"].startswith("This looks like"):
            # A look-alike of a person they enrolled before: truthfully, a different person.
            before = world.transcript(user["id"])[-1]["message_id"]
            await press(sandbox, user, verdict, enrollment_texts.different_person_button())
            # "I'm checking the photo again…", edited to the photo's verdict once checked.
            (checking,) = await script.replies(user["id"], before)
            verdict = await _edited_to_verdict(world, checking)
        if verdict["text"].startswith("✅"):
            accepted.append(file)
        else:
            reason = reasons.get(verdict["text"], verdict["text"][:60])
            observed.refusals.append(Refusal(guardian, person.name, file, reason))
        while not queue and len(accepted) < MIN_PHOTOS and spares:
            spare = spares.pop(0)
            if spare_is_needed(spare, accepted):
                queue.append(spare)
    if len(accepted) < MIN_PHOTOS:
        await script.reply_to(user, "/cancel")
        observed.not_enrolled.append(person.name)
        return False
    done = await script.says(user, "/done")
    finishing, ready = await _text_replies(sandbox, user, done, 2)
    if "is ready" not in ready["text"]:
        raise EvalError(f"{person.name} not ready: {finishing['text']} / {ready['text']}")
    return True


async def _enrollment_clip(
    sandbox: BenchSandbox,
    root: Path,
    user: Message,
    guardian: str,
    person: PersonSpec,
    observed: Observed,
) -> list[str]:
    """The person's enroll photos filmed as one clip, as a phone films a face for face
    unlock (each photo a shot of ``CLIP_SHOT_S``, zooming in), sent in the open /add; one
    entry per view the bot kept: the photo its shot filmed."""
    from sandbox.clips import film

    clip = film(
        [(enrollment_photo(root, file), CLIP_SHOT_S) for file in person.enroll], size=(640, 480)
    )
    observed.enrollment_photos += 1
    sent = await sandbox.world.user_sends_media(
        "video", user["id"], user["id"], clip, file_name="face.mp4", mime_type="video/mp4"
    )
    (verdict,) = await _text_replies(sandbox, user, sent)
    print(f"facedrop eval: {person.name}'s clip: {verdict['text']}", file=sys.stderr)
    if not verdict["text"].startswith("✅"):
        reason = verdict["text"][:60]
        observed.refusals.append(Refusal(guardian, person.name, "clip", reason))
        return []
    views = await EnrollmentPhoto.filter(
        chat_id=user["id"], message_id=sent["message_id"], clip_id__isnull=False
    )
    # Each view as the photo its shot filmed (a shot is ``CLIP_SHOT_S`` long).
    last = len(person.enroll) - 1
    return [person.enroll[min(int((v.at_s or 0.0) // CLIP_SHOT_S), last)] for v in views]


async def _give_birth_date(sandbox: BenchSandbox, user: Message, name: str, born: date) -> None:
    """On the person's card, as a guardian does: "Birth date", then the day."""
    script, world = sandbox.script, sandbox.world
    sent = await script.says(user, "/persons")
    names_them = has_button(name)  # a question naming two children has one too: the list is text
    listing = await reply_such_that(
        sandbox, user, sent["message_id"], lambda m: is_text(m) and names_them(m)
    )
    before = world.transcript(user["id"])[-1]["message_id"]
    await press(sandbox, user, listing, name)
    birth = enrollment_texts.action_label("birth")
    card = await reply_such_that(sandbox, user, before, has_button(birth, exact=True))
    before = world.transcript(user["id"])[-1]["message_id"]
    await press(sandbox, user, card, birth, exact=True)
    await reply_such_that(sandbox, user, before, is_text)  # "When was ... born?"
    sent = await script.says(user, born.isoformat())
    saved = await reply_such_that(sandbox, user, sent["message_id"], is_text)
    if not saved["text"].startswith("Saved"):
        raise EvalError(f"{name}'s birth date {born} was answered {saved['text']!r}")


class _Calendar:
    """The scenario's days on the emulator's clock: day one is the run's first day; a dated
    post is sent once the clock is moved forward to its day (never back)."""

    def __init__(self, sandbox: BenchSandbox, starts: date | None) -> None:
        self._clock = sandbox.world.clock
        self._starts = starts
        self._today = datetime.fromtimestamp(self._clock.now(), UTC).date()

    def day(self, when: date) -> date:
        """The run's day for a scenario day."""
        assert self._starts is not None
        return self._today + (when - self._starts)

    def move_to(self, when: date | None) -> None:
        if when is None or self._starts is None:
            return
        target = datetime.combine(self.day(when), dt_time(12), UTC).timestamp()
        if target > self._clock.now():
            self._clock.advance(target - self._clock.now())


def _face_identity(posted: _Posted, face: Face) -> str | None:
    """Who a detected face really is: the collage tile its centre lies in; a clip's shot on
    screen when the face is first seen; a photo's or a real clip's only person; None when
    the scenario does not place the faces of a photo or a real clip."""
    post = posted.post
    if post.photo is not None or post.video is not None:
        return post.people[0] if len(post.people) == 1 else None
    if post.clip:
        seen = face.seen_from_s
        shot = None if seen is None else post.shot_at(seen)
        return shot or "(no one: not a face of the clip)"
    width, height = posted.size
    sx = (face.photo.width or width) / width if face.photo else 1.0
    sy = (face.photo.height or height) / height if face.photo else 1.0
    cx = (face.bbox_x + face.bbox_w / 2) / sx
    cy = (face.bbox_y + face.bbox_h / 2) / sy
    for (x1, y1, x2, y2), (_face, identity) in zip(posted.tiles, post.faces, strict=True):
        if x1 <= cx <= x2 and y1 <= cy <= y2:
            return identity
    return "(no one: not a face of the collage)"


async def _watched(run: Coroutine[Any, Any, Observed], stuck_after: float | None) -> Observed:
    """``run``; still running after ``stuck_after`` seconds, where each of the process's
    asyncio tasks and threads waits is printed to stderr (a hang says where it is)."""

    async def report() -> None:
        assert stuck_after is not None
        await asyncio.sleep(stuck_after)
        print(f"facedrop eval: still running after {stuck_after:.0f} s", file=sys.stderr)
        for task in asyncio.all_tasks():
            if task is not asyncio.current_task():
                task.print_stack(limit=12, file=sys.stderr)
        faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
        sys.stderr.flush()

    watchdog = asyncio.create_task(report()) if stuck_after else None
    try:
        return await run
    finally:
        if watchdog is not None:
            watchdog.cancel()


async def _run(
    settings: Settings, scenario: Scenario, root: Path, *, from_clips: bool = False
) -> Observed:
    from sandbox.collages import Collages

    observed = Observed()
    began = time.perf_counter()
    async with bench_sandbox(settings, root) as sandbox:
        observed.seconds["sandbox_up"] = round(time.perf_counter() - began, 1)
        script = sandbox.script
        collages = Collages(root, lambda data: main_face(sandbox.engine, data), dataset="")
        poster = script.user(scenario.poster)
        users = {g.name: script.user(g.name) for g in scenario.guardians}
        by_user = {u["id"]: name for name, u in users.items()}
        groups = await _groups_joined(sandbox, scenario, poster, users)
        boss = (
            await eval_claims.organizer(sandbox, poster, groups)
            if scenario.whois_after_posts
            else None
        )

        # One after the other, in the scenario's order: whether a photo looks like another
        # family's person depends on who enrolled first, and a run must give the same figures.
        assert sandbox.stack.face_index is not None
        clusters = Clusters(
            sandbox.stack.face_index,
            None,  # the eval regroups each group itself
            join_at=thresholds_for(settings.faces.pack, settings.matching).auto,
            min_size=settings.clusters.min_size,
            store=TortoiseClusterStore(),
        )
        automatic: set[tuple[int, str]] = set()
        story = _Story(
            sandbox,
            root,
            scenario,
            users,
            observed,
            _Calendar(sandbox, scenario.starts),
            boss,
            from_clips=from_clips,
        )
        posted = story.posted

        await story.enroll_before(0)
        observed.seconds["joined_and_enrolled"] = round(time.perf_counter() - began, 1)

        for index, post in enumerate(scenario.posts):
            story.calendar.move_to(post.date)
            if index:
                await story.enroll_before(index)
            done = await _post(
                sandbox, root, collages, clusters, groups[post.group], poster, index, post
            )
            posted[(done.chat_id, done.message_id)] = done
            for receiver in await _sent_to(done, by_user):
                automatic.add((index, receiver))
            await _answer(sandbox, scenario, users, posted, story.handled, observed)
            if boss is not None and index in scenario.whois_after_posts:
                await story.names_and_claims(index)
        await story.enroll_before(len(scenario.posts))

        observed.seconds["posted_and_answered"] = round(time.perf_counter() - began, 1)
        await _read_outcome(scenario, posted, by_user, automatic, observed)
        # The clusters of the faces nobody holds, after a last regrouping of each group.
        for db_group in await Group.filter(chat_id__in=[g["id"] for g in groups.values()]):
            await clusters.regroup(db_group.id)
        await _read_unknown_faces(posted, observed)
    return observed


@dataclass
class _Story:
    """A run of the scenario as it goes: who is who, what was posted, which questions were
    seen, which persons are ready."""

    sandbox: BenchSandbox
    root: Path
    scenario: Scenario
    users: dict[str, Message]
    observed: Observed
    calendar: _Calendar
    boss: eval_claims.Organizer | None  # who names clusters (None: the scenario has none)
    posted: dict[tuple[int, int], _Posted] = field(default_factory=dict)
    handled: set[tuple[int, int]] = field(default_factory=set)  # questions seen: (chat, message)
    ready: set[str] = field(default_factory=set)  # persons enrolled or claimed
    from_clips: bool = False  # each person enrolled from a clip of their enroll photos

    def who_is(self, face: Face) -> str | None:
        """Who a face of a posted photo really is (None: not a post of the scenario)."""
        assert face.photo is not None
        found = self.posted.get((face.photo.group.chat_id, face.photo.message_id))
        return None if found is None else _face_identity(found, face)

    async def enroll_before(self, index: int) -> None:
        """Enroll the persons due before post ``index``, then answer what that brought
        (earlier photos offered, questions about them)."""
        due = [
            (guardian, person)
            for guardian in self.scenario.guardians
            for person in guardian.persons
            if person.enrolls_before_post == index
        ]
        for guardian, person in due:
            if not person.enroll:
                continue  # never enrolled: claimed, if an organizer names the child
            user = self.users[guardian.name]
            if await _enroll(
                self.sandbox,
                self.root,
                user,
                guardian.name,
                person,
                self.observed,
                from_clip=self.from_clips,
            ):
                self.ready.add(person.name)
                if person.born is not None and self.scenario.starts is not None:
                    day = self.calendar.day(person.born)
                    await _give_birth_date(self.sandbox, user, person.name, day)
        if due:
            await _settle(self.sandbox)
            await _answer(
                self.sandbox, self.scenario, self.users, self.posted, self.handled, self.observed
            )

    async def names_and_claims(self, index: int) -> None:
        """The organizer names the clusters of the children not enrolled; their
        guardians claim them (see cli/eval_claims.py), then answer what that brought."""
        assert self.boss is not None
        for spec in self.scenario.groups:
            waiting = [
                person
                for guardian in self.scenario.guardians
                if guardian.name in spec.members
                for person in guardian.persons
                if person.name not in self.ready
                and person.enrolls_before_post <= index
                and guardian.answers  # one who ignores the bot opens no link either
            ]
            if not waiting:
                continue
            named = await eval_claims.name_clusters(
                self.sandbox, self.boss, spec, waiting, self.who_is, self.observed
            )
            for person, payload in named:
                name = self.scenario.person(person.name)[0].name
                if await eval_claims.claim(
                    self.sandbox,
                    self.boss,
                    spec,
                    self.users[name],
                    name,
                    person,
                    payload,
                    self.who_is,
                    self.handled,
                    self.observed,
                ):
                    self.ready.add(person.name)
                await _settle(self.sandbox)
        await _answer(
            self.sandbox, self.scenario, self.users, self.posted, self.handled, self.observed
        )


async def _groups_joined(
    sandbox: BenchSandbox, scenario: Scenario, poster: Message, users: dict[str, Message]
) -> dict[str, Message]:
    """The scenario's groups, each with the bot and its members joined through its link."""
    groups: dict[str, Message] = {}
    for spec in scenario.groups:
        group, payload = await sandbox.script.group_with_bot(
            spec.title, poster, [users[m] for m in spec.members]
        )
        groups[spec.title] = group
        for member in spec.members:
            await sandbox.script.join(users[member], payload)
    return groups


async def _post(
    sandbox: BenchSandbox,
    root: Path,
    collages: Collages,
    clusters: Clusters,
    group: Message,
    poster: Message,
    index: int,
    post: PostSpec,
) -> _Posted:
    """Post one photo of the scenario (a photo, a collage of its faces, or a clip of them one
    after the other) and let the work it brings settle."""
    tiles: list[Tile] = []
    if post.clip:
        message, size = await _post_clip(sandbox, root, group, poster, post)
    elif post.video is not None:
        message, size = await _post_video(sandbox, root / post.video, group, poster)
    else:
        if post.photo is not None:
            image = (root / post.photo).read_bytes()
        else:
            image, tiles = collages.make_with_tiles(*(f for f, _ in post.faces))
        with Image.open(io.BytesIO(image)) as opened:
            size = opened.size
        (message,) = await sandbox.script.post(group, poster, image)
    await _settle(sandbox)
    # The worker regroups a group's unknown faces 10 minutes after its photos: the
    # eval posts faster, so it regroups itself, as if that time had passed.
    await clusters.regroup((await Group.get(chat_id=group["id"])).id)
    return _Posted(index, post, group["id"], message["message_id"], size, tiles)


async def _post_clip(
    sandbox: BenchSandbox, root: Path, group: Message, poster: Message, post: PostSpec
) -> tuple[Message, tuple[int, int]]:
    """A clip of the post's faces, each shot a photo (with surroundings, as a collage tile
    has) filmed ``CLIP_SHOT_S`` as a phone pans over it."""
    from sandbox.clips import film

    shots = []
    for file, _identity in post.faces:
        with Image.open(root / file) as opened:
            out = io.BytesIO()
            with_surroundings(opened.convert("RGB")).save(out, format="JPEG", quality=92)
        shots.append((out.getvalue(), CLIP_SHOT_S))
    size = (640, 480)
    clip = film(shots, size=size)
    message = await sandbox.world.user_sends_media(
        "video", group["id"], poster["id"], clip, file_name="clip.mp4", mime_type="video/mp4"
    )
    return message, size


# A real clip is posted as a phone sends it: a GIF becomes an animation, the rest videos.
VIDEO_TYPES = {".mp4": "video/mp4", ".mkv": "video/x-matroska", ".mov": "video/quicktime"}


async def _post_video(
    sandbox: BenchSandbox, path: Path, group: Message, poster: Message
) -> tuple[Message, tuple[int, int]]:
    """A real clip (``video`` in the scenario), its bytes as they are."""
    kind = "animation" if path.suffix.lower() == ".gif" else "video"
    message = await sandbox.world.user_sends_media(
        kind,
        group["id"],
        poster["id"],
        await asyncio.to_thread(path.read_bytes),  # up to a few MB
        file_name=path.name,
        mime_type="image/gif" if kind == "animation" else VIDEO_TYPES.get(path.suffix.lower()),
    )
    media = message.get(kind) or {}
    return message, (media.get("width") or 0, media.get("height") or 0)


async def _sent_to(posted: _Posted, by_user: dict[int, str]) -> list[str]:
    """The guardians a posted photo was sent to (by the scenario's names)."""
    return [
        by_user[delivery.participant.telegram_user_id]
        for delivery in await Delivery.filter(
            photo__group__chat_id=posted.chat_id,
            photo__message_id=posted.message_id,
            status=DeliveryStatus.SENT,
        ).prefetch_related("participant")
        if delivery.participant.telegram_user_id in by_user
    ]


async def _read_outcome(
    scenario: Scenario,
    posted: dict[tuple[int, int], _Posted],
    by_user: dict[int, str],
    automatic: set[tuple[int, str]],
    observed: Observed,
) -> None:
    """What the run did: each photo sent to whom and how, and each face given to the wrong
    person."""
    earlier = await _sent_as(EARLIER_NOTE, scenario, posted)
    claimed = await _sent_as(CLAIMED_NOTE, scenario, posted)
    for delivery in await Delivery.filter(status=DeliveryStatus.SENT).prefetch_related(
        "participant", "photo__group"
    ):
        found = posted.get((delivery.photo.group.chat_id, delivery.photo.message_id))
        receiver = by_user.get(delivery.participant.telegram_user_id)
        if found is None or receiver is None:
            continue  # not a post of the scenario, or sent to the poster
        observed.deliveries.append(
            Delivered(
                found.index,
                receiver,
                (found.index, receiver) in automatic,
                earlier=(found.index, receiver) in earlier,
                claimed=(found.index, receiver) in claimed,
            )
        )
    identities = {p.name: p.identity for g in scenario.guardians for p in g.persons}
    for face in await Face.filter(photo_id__isnull=False, person_id__isnull=False).prefetch_related(
        "photo__group", "person"
    ):
        assert face.photo is not None
        assert face.person is not None
        found = posted.get((face.photo.group.chat_id, face.photo.message_id))
        if found is None:
            continue
        really = _face_identity(found, face)
        mine = identities.get(face.person.name)
        if not truthful_answer(mine or "", really, found.post):
            observed.wrong_faces.append(WrongFace(found.index, face.person.name, really))


async def _read_unknown_faces(posted: dict[tuple[int, int], _Posted], observed: Observed) -> None:
    """The faces nobody holds, with the cluster each is in."""
    for face in await Face.filter(
        photo_id__isnull=False, person_id=None, photo__removed_at__isnull=True
    ).prefetch_related("photo__group"):
        assert face.photo is not None
        found = posted.get((face.photo.group.chat_id, face.photo.message_id))
        if found is not None:
            cluster = face.cluster_id  # type: ignore[attr-defined]
            observed.unknown_faces.append(
                (_face_identity(found, face), str(cluster) if cluster else None)
            )


async def _sent_as(
    note: str, scenario: Scenario, posted: dict[tuple[int, int], _Posted]
) -> set[tuple[int, str]]:
    """(post, guardian) pairs whose photo became the guardian's person's by the assignments
    noted so: on a yes to earlier photos shown, or on a claim approved."""
    guardian_of = {p.name: g.name for g in scenario.guardians for p in g.persons}
    pairs: set[tuple[int, str]] = set()
    for event in await AssignmentEvent.filter(note=note).prefetch_related("to_person"):
        if event.to_person is None or event.to_person.name not in guardian_of:
            continue
        for face in await Face.filter(id__in=event.face_ids).prefetch_related("photo__group"):
            if face.photo is None:
                continue
            found = posted.get((face.photo.group.chat_id, face.photo.message_id))
            if found is not None:
                pairs.add((found.index, guardian_of[event.to_person.name]))
    return pairs


async def _answer_offers(
    sandbox: BenchSandbox,
    scenario: Scenario,
    users: dict[str, Message],
    posted: dict[tuple[int, int], _Posted],
    handled: set[tuple[int, int]],
    observed: Observed,
) -> bool:
    """A guardian shown a sheet of faces ("I found 3 earlier photos of X: are these faces
    X?", or look-alikes: "These 5 faces look like X") answers truthfully: all are X, none
    is, or some are (then each face is asked about). True if any was answered."""
    new = [
        (name, message)
        for name, user in users.items()
        for message in sandbox.world.transcript(user["id"])
        if message["from"]["is_bot"]
        and message.get("caption", "").startswith(("I found", "These "))
        and (user["id"], message["message_id"]) not in handled
    ]
    if not new:
        return False
    sent = {
        (chat, message_id): offer
        for offer in await EarlierPhotos.filter(sent_to__isnull=False).prefetch_related("person")
        for chat, message_id in offer.sent_to or []
    }
    identities = {p.name: p.identity for g in scenario.guardians for p in g.persons}
    for name, message in new:
        user = users[name]
        handled.add((user["id"], message["message_id"]))
        offer = sent.get((user["id"], message["message_id"]))
        if offer is None:
            raise EvalError(f"an offer to {name} that no earlier-photos offer sent: {message}")
        pressing = scenario.guardian(name).answers and "reply_markup" in message
        if pressing:
            mine = identities.get(offer.person.name, "")
            truths = []
            for face in await Face.filter(id__in=offer.face_ids).prefetch_related("photo__group"):
                assert face.photo is not None
                found = posted.get((face.photo.group.chat_id, face.photo.message_id))
                truths.append(
                    found is not None
                    and truthful_answer(mine, _face_identity(found, face), found.post)
                )
            label = (
                texts.all_of_them(offer.person.name)
                if all(truths)
                else texts.none_of_them(offer.person.name)
                if not any(truths)
                else texts.some_are()
            )
            await press(sandbox, user, message, label)
        observed.offers.append(
            Offered(
                name,
                offer.person.name,
                offer.photo_count,
                pressing,
                sheet=offer.cluster_id is not None,
            )
        )
    return True


async def _answer(
    sandbox: BenchSandbox,
    scenario: Scenario,
    users: dict[str, Message],
    posted: dict[tuple[int, int], _Posted],
    handled: set[tuple[int, int]],
    observed: Observed,
) -> None:
    """Every guardian answers the questions they have been shown, until no new one comes."""
    identities = {p.name: p.identity for g in scenario.guardians for p in g.persons}
    while True:
        if await _answer_offers(sandbox, scenario, users, posted, handled, observed):
            await _settle(sandbox)
        new = [
            (name, message)
            for name, user in users.items()
            for message in sandbox.world.transcript(user["id"])
            if message["from"]["is_bot"]
            and message.get("caption", "").startswith("Is this")
            and (user["id"], message["message_id"]) not in handled
        ]
        if not new:
            return
        sent = {
            (chat, message_id): suggestion
            for suggestion in await Suggestion.filter(sent_to__isnull=False).prefetch_related(
                "face__photo__group", "person"
            )
            for chat, message_id in suggestion.sent_to or []
        }
        # Siblings: the pairs' suggestions, the leading one first (as the question names them).
        pairs: dict[UUID, list[Suggestion]] = defaultdict(list)
        for paired in await Suggestion.filter(pair_id__isnull=False).prefetch_related("person"):
            if paired.pair_id is not None:
                pair = pairs[paired.pair_id]
                pair.insert(0 if paired.id == paired.pair_id else len(pair), paired)
        for name, message in new:
            user = users[name]
            handled.add((user["id"], message["message_id"]))
            suggestion = sent.get((user["id"], message["message_id"]))
            if suggestion is None or suggestion.face.photo is None:
                raise EvalError(f"a question to {name} that no suggestion sent: {message}")
            photo = suggestion.face.photo
            found = posted.get((photo.group.chat_id, photo.message_id))
            if found is None:
                raise EvalError(f"a question to {name} about a photo the scenario did not post")
            really = _face_identity(found, suggestion.face)
            person = suggestion.person.name
            answer: bool | None = None
            names = [paired.person.name for paired in pairs.get(suggestion.id, [])]
            both = len(names) == 2 and message.get("caption") == markup.plain(
                texts.pair_question(names[0], names[1], photo.group.title)
            )
            if both:
                # "Is this Alice or Bob?": the name the face really is, or Neither.
                person = " or ".join(names)
                right = [
                    n for n in names if truthful_answer(identities.get(n, ""), really, found.post)
                ]
                if scenario.guardian(name).answers:
                    answer = bool(right)
                    if "reply_markup" in message:  # not yet answered by a co-guardian
                        label = right[0] if right else texts.neither()
                        await press(sandbox, user, message, label, exact=True)
            elif scenario.guardian(name).answers:
                answer = truthful_answer(identities.get(person, ""), really, found.post)
                if "reply_markup" in message:  # not yet answered by a co-guardian
                    await press(
                        sandbox,
                        user,
                        message,
                        _(languages_texts.YES if answer else languages_texts.NO),
                    )
            observed.questions.append(
                Asked(found.index, name, person, really, answer, round(suggestion.score, 4))
            )
        await _settle(sandbox)
