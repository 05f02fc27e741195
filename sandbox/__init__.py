"""A local Telegram Bot API emulator: the bot meets "Telegram" in tests and in the sandbox.

Self-contained: it depends on nothing of ``bot/``, ``workers/`` or ``domain/``.
See ``sandbox/README.md`` for the control API.
"""

from sandbox.server import Emulator
from sandbox.world import World

__all__ = ["Emulator", "World"]
