"""What the organizers' services ask of the database about their groups, in their words:
the ports its stores implement (on tortoise: ``domain/infra/stores/moderation_groups.py``;
in memory, for the unit tests of the rules they free: ``tests/fakes/moderation_groups.py``)."""

from __future__ import annotations

from typing import Protocol

from domain.groups.stores import GroupStore


class OrganizerStore(GroupStore, Protocol):
    """The database side of ``organizers.Organizers``."""

    async def named_a_child(self, user_id: int) -> bool:
        """Whether this user named a child (``/whois``) in a group still served."""
