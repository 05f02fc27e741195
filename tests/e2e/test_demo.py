"""The demo (``facedrop demo``, the web chat's "Play demo"): the class story plays through
the real bot and worker, each parent ends with their own child's photos, and a viewer can
follow it in the browser."""

from __future__ import annotations

import aiohttp
from playwright.async_api import Page, expect

from cli.service import DemoFaces
from domain.infra.insightface_engine import InsightFaceEngine
from domain.infra.models import Participant, Person
from domain.settings import FacesSettings, Settings
from sandbox import Emulator
from sandbox.demo import ALICE, CLASS_PHOTOS, MAX, Demo
from tests.conftest import FACES
from tests.e2e.conftest import BOT_USERNAME, Collages, Journey
from tests.web_chat import WAIT_MS, WebChat


async def test_the_demo_plays_from_the_web_chat_and_each_parent_gets_their_childs_photos(
    journey: Journey, collages: Collages, web_page: Page
) -> None:
    demo = Demo(journey.world, BOT_USERNAME, collages, pause=0)
    journey.emulator.demo = demo
    chat = await WebChat(web_page).open(journey.emulator.url)
    await web_page.get_by_role("button", name="Play demo").click()
    await expect(web_page.get_by_role("status")).to_contain_text("The demo is playing")
    await web_page.get_by_role("button", name="Play demo").click()  # pressed again meanwhile
    await expect(web_page.get_by_role("status")).to_have_text("the demo is playing already")
    await demo.wait()
    assert demo.status() == {"playing": False, "step": "done: carry on by hand", "error": None}
    await journey.settle()

    users = {u.first_name: u.to_api() for u in journey.world.users.values()}
    with_alice = sum(any(n in ALICE for n in names) for names in CLASS_PHOTOS)
    # Ann removed one of Alice's photos ("Not Alice?", "Remove this photo only").
    assert len(journey.photos_for(users["Ann"])) == with_alice - 1
    assert await Person.exists(name="Alice")
    # Ben got Max's photos, then deleted everything with /forget.
    assert len(journey.photos_for(users["Ben"])) == sum(
        any(n in MAX for n in names) for names in CLASS_PHOTOS
    )
    assert not await Participant.exists(telegram_user_id=users["Ben"]["id"])
    assert not await Person.exists(name="Max")
    # The teacher, who enrolled nobody, got nothing.
    assert journey.photos_for(users["Ms Lee"]) == []

    # The viewer follows it in the page: the users appeared, their chats hold the story.
    await chat.act_as("Ann")
    await chat.open_chat(journey.world.default_bot().first_name)
    # Her photos, whichever way they came (one by one, or albums when they came in a burst).
    photos = chat.page.locator("#messages > li.in img[data-unique-id]")
    await expect(photos).to_have_count(with_alice - 1, timeout=WAIT_MS)
    shown = await photos.evaluate_all("images => images.map((i) => i.dataset.uniqueId)")
    assert sorted(shown) == sorted(journey.unique_ids(users["Ann"]))
    await chat.act_as("Ben")
    await chat.open_chat(journey.world.default_bot().first_name)
    await chat.bot_says("Everything I had about you is deleted")
    assert chat.errors == []


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
