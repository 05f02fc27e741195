"""The language of a chat's messages."""

from __future__ import annotations

from domain.infra.models import Group
from domain.languages.catalogs import LANGUAGES, SOURCE_LANGUAGE


async def language_of_group_chat(chat_id: int) -> str:
    """The group's language setting; English for a chat that is no group of facedrop's.
    A group the bot left keeps it: added again, the bot greets it in its language."""
    group = await Group.get_or_none(chat_id=chat_id).only("id", "language")
    return group.language if group is not None and group.language in LANGUAGES else SOURCE_LANGUAGE
