"""The demo (``facedrop demo``, the web chat's "Play demo"): the class story plays through
the real bot and worker, each parent ends with their own child's photos, and a viewer can
follow it in the browser."""

from __future__ import annotations

import re

import aiohttp
from playwright.async_api import Page, expect

from cli.service import DemoFaces, bot_words
from domain.infra.insightface_engine import InsightFaceEngine
from domain.infra.models import Group, Participant, Person
from domain.settings import FacesSettings, Settings
from sandbox import Emulator, World
from sandbox.demo import ALICE, CLASS_PHOTOS, MAX, Demo, cast, next_play
from tests.conftest import FACES
from tests.e2e.conftest import BOT_USERNAME, Collages, Journey
from tests.web_chat import WAIT_MS, WebChat


async def test_the_demo_plays_from_the_web_chat_and_each_parent_gets_their_childs_photos(
    journey: Journey, collages: Collages, web_page: Page
) -> None:
    world = journey.world
    # Made by hand before: a teacher and a parent named as the demo's are, and their class;
    # and the world, kept by the sandbox across a restart, holds an earlier play's parent.
    chat = await WebChat(web_page).open(journey.emulator.url)
    await chat.new_user("Ms Lee")
    await chat.new_user("Ann")
    by_hand = {u.first_name: u.to_api() for u in world.users.values()}
    world.create_group(
        "Class 1A", creator_id=by_hand["Ms Lee"]["id"], member_ids=[by_hand["Ann"]["id"]]
    )
    world.create_user("Ann", last_name="(demo 1)")

    demo = Demo(world, BOT_USERNAME, collages, pause=0, words=bot_words)
    journey.emulator.demo = demo
    await web_page.get_by_role("button", name="Play demo").click()  # as Ann: no language
    await expect(web_page.get_by_role("status")).to_have_text(
        "The demo is playing in Class 1A (demo 2): follow it as Ms Lee (demo 2), "
        "Ann (demo 2) or Ben (demo 2)"
    )
    await web_page.get_by_role("button", name="Play demo").click()  # pressed again meanwhile
    await expect(web_page.get_by_role("status")).to_have_text("the demo is playing already")
    await demo.wait()
    (group,) = [c for c in world.chats.values() if c.title == "Class 1A (demo 2)"]
    (teacher,) = [
        u for u in world.users.values() if (u.first_name, u.last_name) == ("Ms Lee", "(demo 2)")
    ]
    assert demo.status() == {
        "playing": False,
        "step": "done: carry on by hand",
        "error": None,
        "users": ["Ms Lee (demo 2)", "Ann (demo 2)", "Ben (demo 2)"],
        "group": "Class 1A (demo 2)",
        "teacher_id": teacher.id,
        "group_id": group.id,
    }
    # The page followed it: the play's group opened as its teacher, its steps beside the
    # button, the last one saying it is over.
    await expect(chat.acting_as.locator("option:checked")).to_have_text("Ms Lee (demo 2)")
    await expect(web_page.locator("#chat-title")).to_have_text("Class 1A (demo 2)")
    await expect(chat.from_others("I'm facedrop. I send each parent")).not_to_have_count(0)
    await expect(web_page.locator("#demo-step")).to_have_text("Demo done: carry on by hand")
    await journey.settle()

    users = {
        f"{u.first_name} {u.last_name or ''}".strip(): u.to_api() for u in world.users.values()
    }
    assert sorted(users) == [
        "Ann",
        "Ann (demo 1)",
        "Ann (demo 2)",
        "Ben (demo 2)",
        "Ms Lee",
        "Ms Lee (demo 2)",
    ]
    with_alice = sum(any(n in ALICE for n in names) for names in CLASS_PHOTOS)
    # Ann removed one of Alice's photos ("Not Alice?", "Remove this photo only").
    assert len(journey.photos_for(users["Ann (demo 2)"])) == with_alice - 1
    assert await Person.exists(name="Alice")
    # Ben got Max's photos, then deleted everything with /forget: the copies stay in his
    # chat, without their "Not Max?" buttons (nothing is left to correct).
    ben = users["Ben (demo 2)"]["id"]
    copies = [m for m in world.transcript(ben) if m["from"]["is_bot"] and "photo" in m]
    assert len(copies) == sum(any(n in MAX for n in names) for names in CLASS_PHOTOS)
    assert not await Participant.exists(telegram_user_id=users["Ben (demo 2)"]["id"])
    assert not await Person.exists(name="Max")
    # The teacher, who enrolled nobody, got nothing; nor did anyone made by hand, nor the
    # earlier play's Ann: the demo neither played as them nor put them in its group.
    for name in ("Ms Lee (demo 2)", "Ms Lee", "Ann", "Ann (demo 1)"):
        assert journey.photos_for(users[name]) == []
    for name in ("Ms Lee", "Ann", "Ann (demo 1)"):
        assert world.transcript(users[name]["id"]) == []
    assert users["Ann"]["id"] not in group.members

    # The viewer follows it in the page: the users appeared, named for the play.
    await expect(chat.acting_as.locator("option")).to_have_text(
        ["Ms Lee", "Ann", "Ann (demo 1)", "Ms Lee (demo 2)", "Ann (demo 2)", "Ben (demo 2)"]
    )
    await chat.act_as("Ann")  # by hand: her class, not the demo's, and no word from the bot
    await expect(chat.chat_in_list("Class 1A (demo 2)")).to_have_count(0)
    await expect(chat.chat_in_list("Class 1A")).to_be_visible()
    await chat.open_chat(journey.world.default_bot().first_name)
    await expect(chat.from_others()).to_have_count(0)
    await chat.act_as("Ann (demo 2)")
    await expect(chat.chat_in_list("Class 1A (demo 2)")).to_be_visible()
    await chat.open_chat(journey.world.default_bot().first_name)
    # Her photos, whichever way they came (one by one, or albums when they came in a burst).
    photos = chat.page.locator("#messages > li.in img[data-unique-id]")
    await expect(photos).to_have_count(with_alice - 1, timeout=WAIT_MS)
    shown = await photos.evaluate_all("images => images.map((i) => i.dataset.uniqueId)")
    assert sorted(shown) == sorted(journey.unique_ids(users["Ann (demo 2)"]))
    await chat.bot_says("Alice · Class 1A (demo 2)")
    await chat.act_as("Ben (demo 2)")
    await chat.open_chat(journey.world.default_bot().first_name)
    await chat.bot_says("Everything I had about you is deleted")
    assert chat.errors == []


def test_each_play_of_the_demo_is_numbered_after_the_plays_the_world_holds() -> None:
    world = World()
    assert next_play(world) == 1
    teacher = world.create_user("Ms Lee")  # by hand: no play of the demo
    world.create_group("Class 1A", creator_id=teacher["id"])
    assert next_play(world) == 1
    world.create_group("Class 1A (demo 3)", creator_id=teacher["id"])  # kept from before
    assert next_play(world) == 4
    world.create_user("Ben", last_name="(demo 7)")
    assert next_play(world) == 8
    assert cast(8) == {
        "users": ["Ms Lee (demo 8)", "Ann (demo 8)", "Ben (demo 8)"],
        "group": "Class 1A (demo 8)",
    }


async def test_without_photos_there_is_no_demo_to_play() -> None:
    async with Emulator() as emulator, aiohttp.ClientSession() as http:
        response = await http.post(emulator.url + "/control/demo")
        assert response.status == 404
        assert "no demo here" in (await response.json())["error"]


def test_the_sandbox_crops_the_demo_photos_around_their_faces(
    faces_settings: FacesSettings, engine: InsightFaceEngine
) -> None:
    faces = DemoFaces(Settings(faces=faces_settings), FACES)
    assert faces.there
    try:
        photo = faces.collages().make(ALICE[0], MAX[0], CLASS_PHOTOS[0][1])
    finally:
        faces.close()
    assert len(engine.analyze_sync(photo).faces) == 3
    assert not DemoFaces(Settings(faces=faces_settings), FACES / "nowhere").there


async def test_a_page_reloaded_while_the_demo_plays_follows_it_again(
    journey: Journey, collages: Collages, web_page: Page
) -> None:
    """findings20 1: reloaded while the demo played, the page lost its steps for good (no
    "Demo: ...", never "Demo done"); it now asks how far the play got and follows it."""
    chat = await WebChat(web_page).open(journey.emulator.url)
    demo = Demo(journey.world, BOT_USERNAME, collages, pause=0.5)
    journey.emulator.demo = demo
    await web_page.get_by_role("button", name="Play demo").click()
    await expect(web_page.locator("#demo-step")).to_contain_text("Demo: ")
    await web_page.reload()
    await expect(web_page.locator("#demo-step")).to_contain_text("Demo: ", timeout=WAIT_MS)
    await demo.wait()
    await expect(web_page.locator("#demo-step")).to_have_text("Demo done: carry on by hand")
    await expect(chat.acting_as.locator("option:checked")).to_have_text("Ms Lee (demo 1)")
    await journey.settle()


async def test_the_demo_plays_in_the_language_of_the_viewer_who_pressed_play(
    journey: Journey, collages: Collages, web_page: Page
) -> None:
    """findings23 11: a viewer acting as a Hebrew user pressed Play and watched the whole
    story in English, left to right. The play's users now speak her language, and so does
    the group: every word the bot says in the play is Hebrew (the names stay as they are),
    laid out right to left, and its buttons were found and pressed by their Hebrew words."""
    world = journey.world
    chat = await WebChat(web_page).open(journey.emulator.url)
    await chat.new_user("דנה", language="עברית")
    demo = Demo(world, BOT_USERNAME, collages, pause=0, words=bot_words)
    journey.emulator.demo = demo
    await web_page.get_by_role("button", name="Play demo").click()
    # The click is made once the page sent it, not once the emulator has it: the play may
    # start a moment later (a CI run waited on a play not started yet).
    await journey.until(lambda: demo.number is not None)
    await demo.wait()
    assert (demo.step, demo.error) == ("done: carry on by hand", None)
    played = {u.first_name: u.to_api() for u in world.users.values() if u.last_name == "(demo 1)"}
    assert {name: user.get("language_code") for name, user in played.items()} == {
        "Ms Lee": "he",
        "Ann": "he",
        "Ben": "he",
    }
    (group,) = [c for c in world.chats.values() if c.title == "Class 1A (demo 1)"]
    assert (await Group.get(chat_id=group.id)).language == "he"
    await journey.settle()

    # Every word of the bot's in the play is Hebrew: in the group, and in each private chat.
    said = [
        m.get("text") or m.get("caption") or ""
        for chat_id in (group.id, *(u["id"] for u in played.values()))
        for m in world.transcript(chat_id)
        if m["from"]["is_bot"]
    ]
    assert len(said) > 10
    assert [text for text in said if _english_words(text)] == []
    # Ann pressed "Not Alice?" and "Remove this photo only" in Hebrew: one photo fewer.
    with_alice = sum(any(n in ALICE for n in names) for names in CLASS_PHOTOS)
    assert len(journey.photos_for(played["Ann"])) == with_alice - 1
    # Ben pressed /forget's "Yes, delete everything" in Hebrew: nothing is left of him.
    assert not await Participant.exists(telegram_user_id=played["Ben"]["id"])
    assert not await Person.exists(name="Max")

    # The page followed the play as its teacher, in the group: the welcome right to left.
    await expect(chat.acting_as.locator("option:checked")).to_have_text("Ms Lee (demo 1)")
    await expect(web_page.locator("#chat-title")).to_have_text("Class 1A (demo 1)")
    welcome = chat.from_others("אני facedrop").locator(".text")
    await expect(welcome).to_have_css("direction", "rtl")
    await chat.act_as("Ben (demo 1)")
    await chat.open_chat(world.default_bot().first_name)
    goodbye = (await chat.bot_says("כל מה שהיה לי עליכם נמחק")).locator(".text")
    await expect(goodbye).to_have_css("direction", "rtl")
    assert chat.errors == []


def _english_words(text: str) -> list[str]:
    """The Latin words of a text but the play's names, commands, links and the bot's name."""
    names = r"Alice|Max|Ms Lee|Ann|Ben|Class 1A|\(demo \d+\)|facedrop"
    left = re.sub(rf"{names}|/\w+|https?://\S+|@\w+", "", text)
    return re.findall(r"[A-Za-z]+", left)
