"""Telegram for the integration tests that talk to it: the emulator, the real aiogram bot
and the real messenger (see tests/integration/telegram.py); an empty face index."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from domain.infra.edge_index import EdgeFaceIndex
from tests.integration.telegram import bot, emulator, messenger, world

__all__ = ["bot", "emulator", "index", "messenger", "world"]


@pytest.fixture
async def index(tmp_path: Path) -> AsyncIterator[EdgeFaceIndex]:
    """An empty Qdrant Edge face index of the test's own (a module may define its own)."""
    opened = EdgeFaceIndex.open(tmp_path / "edge")
    await opened.ensure_ready()
    yield opened
    await opened.close()
