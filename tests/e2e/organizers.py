"""Helpers for the organizers' tests: an admin chat bound to a group.

``bound_admin_chat`` binds it straight in Postgres, for the tests of what happens in an
admin chat; the /admin link flow that binds it as a user would has its own tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from domain.infra.models import Group
from tests.e2e.conftest import Journey


async def bound_admin_chat(
    journey: Journey,
    group: dict[str, Any],
    organizers: Sequence[dict[str, Any]],
    title: str = "Class 1A office",
) -> dict[str, Any]:
    """A chat with the bot and ``organizers`` (the first creates it), bound as the admin
    chat of ``group``. Make the organizers admins of ``group`` yourself where needed
    (``journey.world.set_member_status(group["id"], user["id"], "administrator")``)."""
    chat = journey.world.create_group(
        title, creator_id=organizers[0]["id"], member_ids=[o["id"] for o in organizers[1:]]
    )
    await journey.world.set_bot_status(chat["id"], "member")
    await journey.settle()
    await Group.filter(chat_id=group["id"]).update(admin_chat_id=chat["id"])
    return chat
