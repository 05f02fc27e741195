"""Admin chats: the chat where a group's organizers get approval cards and moderate.

One admin chat may serve several groups (a school office); every card in it names its
group. A group has at most one admin chat; linking another moves it.
"""

from __future__ import annotations

from domain.infra.models import Group


async def groups_of(admin_chat_id: int) -> list[Group]:
    """The active groups this chat is the admin chat of, by title."""
    return await Group.filter(admin_chat_id=admin_chat_id, is_active=True).order_by("title")
