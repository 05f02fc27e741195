"""How ``facedrop eval``'s people act in the emulator's chats (pressing a button as they
read it), and the error a run stops with when the bot does not answer as they expect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cli.bench_sandbox import BenchSandbox

Message = dict[str, Any]


class EvalError(Exception):
    """The sandbox did not answer as the scenario needs (the bot stuck, work not settling)."""


async def press(
    sandbox: BenchSandbox, user: Message, message: Message, label: str, *, exact: bool = False
) -> None:
    """``user`` presses the button of ``message`` labelled ``label`` (or starting so)."""
    for row in message.get("reply_markup", {}).get("inline_keyboard", []):
        for button in row:
            if button["text"] == label or (not exact and button["text"].startswith(label)):
                await sandbox.world.press_button(
                    user["id"],
                    message["chat"]["id"],
                    message["message_id"],
                    button["callback_data"],
                )
                return
    raise EvalError(f"no button {label!r} on {message.get('text') or message.get('caption')}")


async def reply_such_that(
    sandbox: BenchSandbox, user: Message, after_id: int, wanted: Callable[[Message], bool]
) -> Message:
    """The bot's first message in the user's private chat after ``after_id`` that is the
    answer ``wanted`` describes: a question or an album the worker sends meanwhile comes
    between a command and its answer, and a person reads past it, as the eval does."""
    script = sandbox.script
    count = 1
    while True:
        messages = await sandbox.world.wait_for_bot_messages(
            user["id"], after_id=after_id, count=count, timeout=script.wait
        )
        for message in messages:
            if wanted(message):
                return message
        if len(messages) < count:
            raise EvalError(f"no answer as expected in the chat of {user['first_name']}")
        count = len(messages) + 1


def has_button(label: str, *, exact: bool = False) -> Callable[[Message], bool]:
    """A message with a button labelled ``label`` (or starting so)."""

    def wanted(message: Message) -> bool:
        return any(
            button["text"] == label or (not exact and button["text"].startswith(label))
            for row in message.get("reply_markup", {}).get("inline_keyboard", [])
            for button in row
        )

    return wanted


def is_text(message: Message) -> bool:
    """A text message (a question and an album are photos, with captions)."""
    return "text" in message
