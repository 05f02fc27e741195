"""The bot's routers, in priority order: the first that handles an update wins."""

from __future__ import annotations

from aiogram import Router

from bot.handlers import (
    confirmations,
    corrections,
    enroll,
    group,
    membership,
    persons,
    settings,
    start,
    unknown,
)


def get_routers() -> list[Router]:
    return [
        group.router(),
        membership.router(),
        start.router(),
        enroll.router(),
        persons.router(),
        confirmations.router(),
        corrections.router(),
        settings.router(),
        unknown.router(),  # last: whatever nobody else took
    ]
