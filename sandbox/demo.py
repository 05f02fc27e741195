"""The demo: a short class story played in the emulator by scripted users, for someone to
watch in the web chat (``facedrop demo``, or its "Play demo" button) and then carry on by
hand. A teacher adds the bot, two parents join and enroll their child, the teacher posts
ten photos, each parent receives theirs, one "Not <name>?" correction, one ``/forget``.

Each play has its own cast and group, named for it ("Ann (demo 2)", "Class 1A (demo 2)"): it
never takes over a user someone made by hand, nor an earlier play's.

A play speaks the language of the viewer who pressed Play (findings23 11): its users' Telegram
apps speak it, so the bot writes to them, and to the group the teacher adds it to, in it; the
buttons they press are found by the bot's own words in it (``Words``, from the bot's catalogs,
given by the ``facedrop`` command). The names stay as they are, in every language."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from sandbox.collages import DEMO_CAST, Collages
from sandbox.script import Script, ScriptError, Words
from sandbox.world import World

log = logging.getLogger(__name__)

# Who is in each of the teacher's ten photos (DEMO_CAST's photos): Alice is "angelina",
# Max is "mark"; "scarlett" and the strangers are classmates nobody enrolled.
ALICE, MAX = DEMO_CAST["angelina"]["group"], DEMO_CAST["mark"]["group"]
OTHERS = DEMO_CAST["strangers"]["group"] + DEMO_CAST["scarlett"]["group"]
CLASS_PHOTOS: list[tuple[str, ...]] = [
    (ALICE[0], OTHERS[0]),
    (MAX[0], OTHERS[1]),
    (OTHERS[2], OTHERS[3]),
    (ALICE[1], MAX[1], OTHERS[4]),
    (OTHERS[5],),
    (ALICE[2],),
    (OTHERS[6], MAX[0], OTHERS[0]),
    (OTHERS[1], OTHERS[4]),
    (ALICE[0], OTHERS[5], OTHERS[2]),
    (MAX[1],),
]

# Who plays, and where: each play's names end in its mark, "(demo 2)".
TEACHER, PARENTS, GROUP = "Ms Lee", ("Ann", "Ben"), "Class 1A"
_PLAY_MARK = re.compile(r"\(demo (\d+)\)$")


def mark(number: int) -> str:
    return f"(demo {number})"


def next_play(world: World) -> int:
    """The number of the demo's next play: one more than any the world holds a user or a
    group of (a restarted sandbox keeps its world, and with it the earlier plays)."""
    names = [" ".join(filter(None, (u.first_name, u.last_name))) for u in world.users.values()]
    names += [c.title for c in world.chats.values() if c.title]
    played = [int(found[1]) for n in names if (found := _PLAY_MARK.search(n.strip()))]
    return max(played, default=0) + 1


def cast(number: int) -> dict[str, Any]:
    """The names a play's users and group are shown by, as the web chat lists them."""
    return {
        "users": [f"{name} {mark(number)}" for name in (TEACHER, *PARENTS)],
        "group": f"{GROUP} {mark(number)}",
    }


@dataclass
class Demo:
    """Plays the story once at a time; ``status()`` says how far it got, and (once they
    exist) the teacher's and the group's ids, which the web chat opens to follow it."""

    world: World
    bot_username: str
    collages: Collages
    pause: float = 1.5  # seconds between steps, so a viewer can follow
    # The bot's words in a language: without them, every play is in English.
    words: Words | None = None
    step: str = "not played yet"
    error: str | None = None
    number: int | None = None  # the play's, once one started
    follow: dict[str, int] = field(default_factory=dict)  # the teacher's and group's ids
    _task: asyncio.Task[None] | None = field(default=None, repr=False)

    @property
    def playing(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self, language: str | None = None) -> bool:
        """Start playing, in ``language`` (a Telegram language code: the viewer's) where the
        bot's words are at hand; False when it is playing already."""
        if self.playing:
            return False
        self.number = next_play(self.world)
        self.error = None
        self.follow = {}
        self._task = asyncio.create_task(self._play_logged(self.number, language))
        return True

    async def wait(self) -> None:
        if self._task is not None:
            await self._task

    def status(self) -> dict[str, Any]:
        """How far it got, and (once it played) whom to follow."""
        found = {"playing": self.playing, "step": self.step, "error": self.error}
        return found if self.number is None else {**found, **cast(self.number), **self.follow}

    async def _play_logged(self, number: int, language: str | None) -> None:
        try:
            await self.play(number, language)
        except (ScriptError, TimeoutError) as exc:
            self.error = str(exc)
            self.step = "stopped"
            log.warning("the demo stopped: %s", exc)

    async def _now(self, step: str) -> None:
        self.step = step
        log.info("demo: %s", step)
        await asyncio.sleep(self.pause)

    async def play(self, number: int, language: str | None = None) -> None:
        """Play the story as play ``number``: its users are new ones, named for it (the
        mark as their last name), whoever else has the same first name; their Telegram apps
        speak ``language`` (English without the bot's words to press its buttons by)."""
        if self.words is None:
            script, language = Script(self.world, self.bot_username, wait=120), None
        else:
            script = Script(self.world, self.bot_username, wait=120, words=self.words)
        teacher, ann, ben = (
            self.world.create_user(name, last_name=mark(number), language_code=language)
            for name in (TEACHER, *PARENTS)
        )

        self.follow = {"teacher_id": teacher["id"]}  # the web chat follows the play as her
        await self._now(f"the teacher adds the bot to {cast(number)['group']}")
        group, payload = await script.group_with_bot(cast(number)["group"], teacher, [ann, ben])
        self.follow["group_id"] = group["id"]  # and opens its group
        await self._now("the parents join through the group's link")
        await script.join(ann, payload)
        await script.join(ben, payload)
        await self._now("Ann enrolls Alice, Ben enrolls Max")
        photo = self.collages.photo
        await script.enroll(ann, "Alice", [photo(n) for n in DEMO_CAST["angelina"]["enroll"]])
        await script.enroll(ben, "Max", [photo(n) for n in DEMO_CAST["mark"]["enroll"]])

        await self._now("the teacher posts ten photos")
        expected = {ann["id"]: 0, ben["id"]: 0}
        for names in CLASS_PHOTOS:
            image = await asyncio.to_thread(self.collages.make, *names)
            await script.post(group, teacher, image)
            expected[ann["id"]] += any(n in ALICE for n in names)
            expected[ben["id"]] += any(n in MAX for n in names)
            await asyncio.sleep(self.pause / 2)
        await self._now("each parent receives the photos of their child")
        for parent in (ann, ben):
            await self._delivered(script, parent, expected[parent["id"]])

        await self._now('Ann taps "Not Alice?" on a photo she does not want')
        not_alice = script.label(ann, "Not {name}?", name="Alice")
        card = script.with_button(ann, not_alice)
        (choices,) = await script.after_pressing(ann, card, not_alice)
        await self._now("she removes this photo only")
        await script.press(ann, choices, script.label(ann, "Remove this photo only"))

        await self._now("Ben deletes everything the bot holds about him: /forget")
        question = await script.reply_to(ben, "/forget")
        await script.after_pressing(ben, question, script.label(ben, "Yes, delete everything"))
        self.step = "done: carry on by hand"

    async def _delivered(self, script: Script, parent: dict[str, Any], count: int) -> None:
        deadline = asyncio.get_running_loop().time() + script.wait
        while len(script.delivered(parent)) < count:
            if asyncio.get_running_loop().time() > deadline:
                got = len(script.delivered(parent))
                raise ScriptError(f"{parent['first_name']} got {got} photos of {count}")
            await asyncio.sleep(0.2)


def demo_routes(current: Callable[[], Demo | None]) -> list[web.RouteDef]:
    """``POST /control/demo`` plays the demo (the web chat's "Play demo"), in the
    ``language_code`` its JSON body may name (the viewer's); ``GET`` says how
    far it got. Only a sandbox that has the photos (``facedrop sandbox``) has a demo."""

    def demo() -> Demo:
        found = current()
        if found is None:
            raise web.HTTPNotFound(
                text='{"error": "no demo here: it plays in `facedrop sandbox` (or `facedrop '
                'demo`), beside the photos in ../shared/faces"}',
                content_type="application/json",
            )
        return found

    async def play(request: web.Request) -> web.Response:
        if not demo().start(await _language(request)):
            return web.json_response({"error": "the demo is playing already"}, status=409)
        return web.json_response(demo().status(), status=202)

    async def status(request: web.Request) -> web.Response:
        return web.json_response(demo().status())

    return [web.post("/control/demo", play), web.get("/control/demo", status)]


async def _language(request: web.Request) -> str | None:
    """The language the demo is asked to play in: its body's ``language_code``, if any."""
    if not request.can_read_body:
        return None
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(
            text='{"error": "the body must be JSON"}', content_type="application/json"
        ) from None
    language = body.get("language_code") if isinstance(body, dict) else None
    return language if isinstance(language, str) and language else None
