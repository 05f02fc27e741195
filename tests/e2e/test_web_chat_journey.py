"""The guardian's whole journey, clicked through the web chat in Chromium: the page talks
only to the emulator, the real facedrop bot and worker answer through the Bot API."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.async_api import Page, expect

from domain.infra.models import Participant, Person
from tests.conftest import shared_photo
from tests.e2e.conftest import CAST, Collages, Journey
from tests.web_chat import WAIT_MS, WebChat

DATASET = "serengil_deepface/tests/unit/dataset"


async def test_a_parent_gets_her_childs_photo_and_nobody_else_does(
    journey: Journey, collages: Collages, web_page: Page, tmp_path: Path
) -> None:
    chat = await WebChat(web_page).open(journey.emulator.url)
    bot_name = journey.world.default_bot().first_name
    for name in ("Teacher", "Bea", "Ann"):
        await chat.new_user(name)

    # The teacher makes the class group with the bot in it; the bot greets with a link.
    await chat.act_as("Teacher")
    await chat.new_group("Class 1A")
    welcome = await chat.bot_says("tap the button")

    # Ann opens the link from the group, starts the bot and agrees.
    await chat.act_as("Ann")
    await chat.open_chat("Class 1A")
    await chat.press("Get my child's photos", welcome)
    await expect(web_page.locator("#chat-title")).to_have_text(bot_name)
    await web_page.get_by_role("button", name="START", exact=True).click()
    await chat.press("I agree", await chat.bot_says("Do you agree?"))
    await chat.bot_says("You're in")

    # She enrolls Alice with three photos picked at once.
    await chat.say("/add Alice")
    await chat.bot_says("Now send me 3 to 10 photos of Alice")
    enroll = [shared_photo(f"{DATASET}/{name}") for name in CAST["angelina"]["enroll"]]
    await chat.send_photos(enroll)
    # Each verdict answers its own photo: a quote of it above "✅ Accepted".
    verdicts = chat.from_others(re.compile("✅ Accepted"))
    await expect(verdicts).to_have_count(3, timeout=WAIT_MS)
    await expect(verdicts.locator(".quote")).to_have_count(3)
    await chat.say("/done")
    await chat.bot_says("Alice is ready")
    await chat.screenshot("1-enrollment")

    # The teacher posts a class photo: Alice and someone nobody enrolled.
    group_photo = tmp_path / "class.jpg"
    group_photo.write_bytes(
        collages.make(CAST["angelina"]["group"][0], CAST["strangers"]["group"][0])
    )
    await chat.act_as("Teacher")
    await chat.open_chat("Class 1A")
    await chat.send_photos([group_photo])
    await journey.settle()
    await chat.screenshot("2-class-group")

    # It arrives in Ann's chat with the bot, and nowhere else.
    await chat.act_as("Ann")
    await chat.open_chat(bot_name)
    delivered = await chat.bot_says("Alice · Class 1A")
    await expect(delivered.locator("img")).to_have_count(1)
    await chat.screenshot("3-delivered")
    for other in ("Bea", "Teacher"):
        await chat.act_as(other)
        await chat.open_chat(bot_name)
        await expect(chat.from_others("Alice")).to_have_count(0)
        assert journey.photos_for({"id": chat_user_id(journey, other)}) == []
    assert len(journey.photos_for({"id": chat_user_id(journey, "Ann")})) == 1

    # "Not Alice?": she removes this photo only; it goes from her chat.
    await chat.act_as("Ann")
    await chat.open_chat(bot_name)
    await chat.press("Not Alice?", delivered)
    choices = await chat.bot_says("What's wrong with this photo of Alice?")
    await chat.press("Remove this photo only", choices)
    await expect(web_page.get_by_role("status")).to_have_text("Done.")
    await expect(delivered).to_have_count(0)

    # /forget, confirmed: everything about her goes.
    await chat.say("/forget")
    await chat.press("Yes, delete everything", await chat.bot_says("cannot be undone"))
    await chat.bot_says("Everything I had about you is deleted")
    await journey.settle()
    assert not await Person.exists(name="Alice")
    assert not await Participant.exists(telegram_user_id=chat_user_id(journey, "Ann"))
    assert chat.errors == []


def chat_user_id(journey: Journey, first_name: str) -> int:
    (user,) = [u for u in journey.world.users.values() if u.first_name == first_name]
    return user.id
