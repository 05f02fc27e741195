"""Telegram for the integration tests that talk to it: the emulator, the real aiogram bot
and the real messenger (see tests/integration/telegram.py)."""

from tests.integration.telegram import bot, emulator, messenger, world

__all__ = ["bot", "emulator", "messenger", "world"]
