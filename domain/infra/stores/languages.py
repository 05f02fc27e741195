"""The chats' languages and zones (``domain.languages.stores``) on tortoise and Postgres."""

from __future__ import annotations

from domain.infra.models import Group, Participant
from domain.infra.stores.groups import formerly_served
from domain.languages.stores import GroupChat, UserLanguage
from domain.states import MembershipStatus


class TortoiseChatStore:
    """``ChatStore``: participants' and groups' rows, only the columns a language needs."""

    async def user(self, user_id: int) -> UserLanguage | None:
        participant = await Participant.get_or_none(telegram_user_id=user_id).only(
            "id", "language", "language_code"
        )
        if participant is None:
            return None
        return UserLanguage(participant.language, participant.language_code)

    async def served_by(self, admin_chat_id: int) -> list[GroupChat]:
        served = await Group.filter(admin_chat_id=admin_chat_id).only("id", "language", "settings")
        return [GroupChat(g.language, dict(g.settings or {})) for g in served]

    async def at_chat(self, chat_id: int) -> GroupChat | None:
        group = await Group.get_or_none(chat_id=chat_id).only("id", "language", "settings")
        return None if group is None else GroupChat(group.language, dict(group.settings or {}))

    async def formerly_served(self, chat_id: int) -> GroupChat | None:
        group = await formerly_served(chat_id)
        return None if group is None else GroupChat(group.language, dict(group.settings or {}))

    async def of_member(self, user_id: int) -> list[GroupChat]:
        for status in (MembershipStatus.MEMBER, MembershipStatus.BANNED):
            groups = await Group.filter(
                memberships__participant__telegram_user_id=user_id,
                memberships__status=status,
                is_active=True,
            ).only("id", "language", "settings")
            if groups:
                return [GroupChat(g.language, dict(g.settings or {})) for g in groups]
        return []
