"""The bot's routers, in priority order: the first that handles an update wins."""

from __future__ import annotations

from aiogram import Router

from bot import organizers
from bot.handlers import (
    admin_chat,
    approvals,
    claims,
    confirmations,
    corrections,
    earlier_photos,
    enroll,
    group,
    group_settings,
    language,
    membership,
    moderation,
    persons,
    settings,
    start,
    takedown,
    time_zone,
    unknown,
)


def get_routers() -> list[Router]:
    return [
        # The organizers' side first: its commands come in groups and admin chats, where
        # group.router() takes every other message.
        organizers.router(),
        admin_chat.router(),
        approvals.router(),
        takedown.router(),
        moderation.router(),
        claims.router(),  # before start: /start clm_<code>
        group_settings.router(),
        time_zone.router(),
        group.router(),
        membership.router(),
        start.router(),
        language.router(),  # before enroll: it works in the middle of adding photos
        enroll.router(),
        persons.router(),
        confirmations.router(),
        corrections.router(),
        earlier_photos.router(),
        settings.router(),
        unknown.router(),  # last: whatever nobody else took
    ]
