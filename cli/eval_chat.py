"""How ``facedrop eval``'s people act in the emulator's chats (pressing a button as they
read it), and the error a run stops with when the bot does not answer as they expect."""

from __future__ import annotations

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
