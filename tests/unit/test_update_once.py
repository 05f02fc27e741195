"""Which copies of a Telegram update count as the same update (bot.updates)."""

from __future__ import annotations

from typing import Any

from aiogram.types import Update

from bot.updates import update_key


def _update(update_id: int, text: str, date: int = 1_700_000_000) -> Update:
    raw: dict[str, Any] = {
        "update_id": update_id,
        "message": {
            "message_id": 7,
            "date": date,
            "chat": {"id": 42, "type": "private", "first_name": "Ann"},
            "from": {"id": 42, "is_bot": False, "first_name": "Ann"},
            "text": text,
        },
    }
    return Update.model_validate(raw)


def test_a_copy_telegram_sends_again_is_the_same_update() -> None:
    assert update_key(1, _update(5, "/persons")) == update_key(1, _update(5, "/persons"))


def test_an_id_counted_again_from_1_by_a_new_server_is_a_new_update() -> None:
    first = update_key(1, _update(5, "/persons"))
    assert update_key(1, _update(5, "/help")) != first
    assert update_key(1, _update(5, "/persons", date=1_700_000_001)) != first
    assert update_key(2, _update(5, "/persons")) != first  # another bot
