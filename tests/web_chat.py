"""The web chat in a real Chromium (Playwright): the browser, and a person using the page
as people do (by labels and button names, not by the page's code)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from playwright.async_api import Browser, ConsoleMessage, Locator, Page, Playwright, expect

# Debian's chromium (apt-get install chromium), or the one named here.
BROWSER_ENV = "WEB_CHAT_BROWSER"
# Where the journey saves the README's screenshots (`make screenshots`); unset: none saved.
SCREENSHOTS_ENV = "WEB_CHAT_SCREENSHOTS"
WAIT_MS = 60_000  # the bot's answers come through the real model and worker


def chromium_path() -> str:
    path = (
        os.environ.get(BROWSER_ENV) or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not path:
        raise RuntimeError(
            f"no Chromium: install Debian's (apt-get install chromium) or set {BROWSER_ENV}"
        )
    return path


async def launch(playwright: Playwright) -> Browser:
    return await playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])


class WebChat:
    """One browser tab on the web chat, and what a person does there."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        # A refused request (a 4xx the page shows as a toast) is logged by Chromium itself.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    async def open(self, emulator_url: str) -> WebChat:
        await self.page.goto(f"{emulator_url}/web/")
        return self

    async def screenshot(self, name: str) -> None:
        """The page as it is now, for the README, when screenshots are asked for."""
        folder = os.environ.get(SCREENSHOTS_ENV)
        if folder:
            await self.page.wait_for_load_state("networkidle")
            await self.page.screenshot(path=str(Path(folder) / f"{name}.png"))

    @property
    def acting_as(self) -> Locator:
        return self.page.get_by_label("acting as")

    async def new_user(self, first_name: str, **fields: str) -> None:
        """New user: the page then acts as them."""
        await self.page.get_by_role("button", name="New user").click()
        dialog = self.page.locator("#user-dialog")
        await dialog.get_by_label("First name").fill(first_name)
        for label, value in fields.items():
            field = dialog.get_by_label(label.replace("_", " ").capitalize())
            if await field.evaluate("(node) => node.tagName") == "SELECT":
                await field.select_option(label=value)  # the language, as it is named there
            else:
                await field.fill(value)
        await dialog.get_by_role("button", name="Create").click()
        await expect(self.acting_as.locator("option:checked")).to_have_text(
            re.compile(rf"^{re.escape(first_name)}")
        )

    async def act_as(self, first_name: str) -> None:
        """Pick the user whose name starts with this in "acting as"."""
        options = self.acting_as.locator("option")
        await expect(options.first).to_be_attached()
        for option in await options.all():
            if (await option.inner_text()).startswith(first_name):
                await self.acting_as.select_option(value=await option.get_attribute("value"))
                return
        raise AssertionError(f"no user {first_name!r} to act as")

    async def new_group(self, title: str, *, bot: str = "as an admin") -> None:
        await self.page.get_by_role("button", name="New group").click()
        dialog = self.page.locator("#group-dialog")
        await dialog.get_by_label("Group name").fill(title)
        await dialog.get_by_label("Add the bot").select_option(
            label=next(
                o
                for o in ("as an admin (sees every photo)", "as a member", "not now")
                if o.startswith(bot)
            )
        )
        await dialog.get_by_role("button", name="Create").click()
        await expect(self.page.locator("#chat-title")).to_have_text(title)

    def chat_in_list(self, title: str) -> Locator:
        name = self.page.locator(".name", has_text=re.compile(rf"^{re.escape(title)}( \(bot\))?$"))
        return self.page.locator(".chat-list button", has=name)

    async def open_chat(self, title: str) -> None:
        await self.chat_in_list(title).click()
        await expect(self.page.locator("#chat-title")).to_have_text(title)

    async def say(self, text: str) -> None:
        box = self.page.get_by_label("Message")
        await box.fill(text)
        await box.press("Enter")
        # The newest of one's own: the bot may have answered already.
        mine = self.page.locator("#messages > li.out").last
        await expect(mine).to_contain_text(text.split()[0])

    async def send_photos(self, paths: Sequence[Path], caption: str = "") -> None:
        await self.page.locator("#attach").set_input_files(list(paths))
        dialog = self.page.locator("#photos-dialog")
        if caption:
            await dialog.get_by_label("Caption").fill(caption)
        await dialog.get_by_role("button", name="Send").click()
        await expect(dialog).to_be_hidden()

    @property
    def messages(self) -> Locator:
        return self.page.locator("#messages > li")

    def from_others(self, text: str | re.Pattern[str] = "") -> Locator:
        return self.page.locator("#messages > li.in", has_text=text)

    async def bot_says(self, text: str | re.Pattern[str]) -> Locator:
        """The newest message of the open chat's others that says this (waits for it)."""
        found = self.from_others(text).last
        await expect(found).to_be_visible(timeout=WAIT_MS)
        return self.page.locator(f"#{await found.get_attribute('id')}")  # stays it when edited

    async def press(self, label: str, message: Locator | None = None) -> None:
        scope = message if message is not None else self.page.locator("#messages")
        await scope.get_by_role("button", name=label, exact=True).last.click()


async def drawn_at(node: Locator, text: str) -> float:
    """How far from the page's left edge the first ``text`` inside the node is drawn: which
    of two words comes first on the screen, whatever their order in the text."""
    left: float = await node.evaluate(
        """(node, text) => {
            const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const at = walker.currentNode.data.indexOf(text);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(walker.currentNode, at);
                range.setEnd(walker.currentNode, at + text.length);
                return range.getBoundingClientRect().left;
            }
            throw new Error(`no ${text} in ${node.textContent}`);
        }""",
        text,
    )
    return left
