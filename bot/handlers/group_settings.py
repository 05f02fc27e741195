"""The organizers' side: group_settings (issue 11). Filled in by its slice."""

from __future__ import annotations

from aiogram import Router


def router() -> Router:
    return Router(name="group_settings")
