"""The guardian's whole journey, clicked through the web chat in Chromium: the page talks
only to the emulator, the real facedrop bot and worker answer through the Bot API."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from playwright.async_api import Locator, Page, expect

from domain.enrollment import texts as enrollment_texts
from domain.groups import texts as groups_texts
from domain.infra.models import Participant, Person
from domain.languages import markup
from domain.languages.catalogs import LANGUAGES, in_language
from domain.onboarding import texts
from tests.conftest import shared_photo
from tests.e2e.conftest import CAST, Collages, Journey
from tests.web_chat import WAIT_MS, WebChat, drawn_at

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
    await chat.press("Get my child's photos and clips", welcome)
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


async def _with_button(chat: WebChat, label: str) -> Locator:
    """The newest message of the open chat's others with this button (waits for it)."""
    found = chat.from_others().filter(has=chat.page.get_by_role("button", name=label)).last
    await expect(found).to_be_visible(timeout=WAIT_MS)
    return chat.page.locator(f"#{await found.get_attribute('id')}")


def chat_user_id(journey: Journey, first_name: str) -> int:
    (user,) = [u for u in journey.world.users.values() if u.first_name == first_name]
    return user.id


async def test_a_hebrew_parent_chooses_her_language_and_reads_the_bot_right_to_left(
    journey: Journey, web_page: Page
) -> None:
    chat = await WebChat(web_page).open(journey.emulator.url)
    # Every language facedrop speaks can be a new user's, named as its speakers name it.
    await web_page.get_by_role("button", name="New user").click()
    offered = await (
        web_page.locator("#user-dialog")
        .get_by_label("Language")
        .locator("option")
        .evaluate_all("(options) => options.map((o) => [o.value, o.textContent])")
    )
    assert LANGUAGES.items() <= {(value, name) for value, name in offered}
    await web_page.locator("#user-dialog").get_by_role("button", name="Cancel").click()
    for name in ("Dana", "Noa"):
        await chat.new_user(name, language=LANGUAGES["he"])
    with in_language("he"):
        join, agree = groups_texts.join_button(), texts.agree_button()

    # The teacher adds the bot: it greets the group in her language, right to left.
    await chat.act_as("Dana")
    await chat.new_group("Class 1A")
    welcome = await _with_button(chat, join)
    await expect(welcome.locator(".text")).to_have_css("direction", "rtl")
    await expect(welcome.get_by_role("button", name=join)).to_have_css("direction", "rtl")

    # Noa joins and enrolls Alice: the bot's sentences start with the name, isolated, and
    # still read right to left ("Alice" first, at the right).
    await chat.act_as("Noa")
    await chat.open_chat("Class 1A")
    await chat.press(join, welcome)
    await web_page.get_by_role("button", name="START", exact=True).click()
    await chat.press(agree, await _with_button(chat, agree))
    with in_language("he"):
        joined = markup.plain(texts.joined("Class 1A")).split("\n")[0]
    await chat.bot_says(joined)  # agreed before asking to enroll
    await chat.say("/add Alice")
    await chat.bot_says("Alice")
    enroll = [shared_photo(f"{DATASET}/{name}") for name in CAST["angelina"]["enroll"]]
    await chat.send_photos(enroll)
    # Each verdict answers its own photo: a quote of it above "✅".
    verdicts = chat.from_others(re.compile("✅"))
    await expect(verdicts).to_have_count(3, timeout=WAIT_MS)
    await expect(verdicts.locator(".quote")).to_have_count(3)
    await chat.say("/done")
    with in_language("he"):
        ready = markup.plain(enrollment_texts.enrollment_ready("Alice", ["Class 1A"])).split(".")[0]
    shown = (await chat.bot_says(ready)).locator(".text")
    await expect(shown).to_have_css("direction", "rtl")
    # Where it is drawn, once it is on the screen (an edit of the chat may redraw it).
    await expect(shown).to_be_visible()
    box = await shown.bounding_box(timeout=WAIT_MS)
    for _ in range(50):  # redrawn meanwhile: measured again once it is back on the screen
        if box is not None:
            break
        await asyncio.sleep(0.1)
        box = await shown.bounding_box(timeout=WAIT_MS)
    assert box is not None
    first_word = ready.split()[1]  # the first Hebrew word, after "Alice:"
    assert await drawn_at(shown, "Alice") > await drawn_at(shown, first_word)
    assert await drawn_at(shown, "Alice") > box["x"] + box["width"] / 2
    assert chat.errors == []
