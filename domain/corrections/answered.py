"""What a question about a face reads in a guardian's chat once it was settled without
them: who of the person's guardians answered it, and what."""

from __future__ import annotations

from domain.corrections import texts
from domain.languages.chats import speaking_to
from domain.states import SuggestionStatus


async def answered_by(chat_id: int, status: str, by: str | None, name: str) -> str:
    """What the question (now ``status``) about ``name`` reads in ``chat_id`` once ``by``,
    another guardian, answered it (in that chat's language); the generic "closed" when it
    was settled some other way (``by`` None: nobody of its guardians answered)."""
    async with speaking_to(chat_id):
        if by is None or status not in (SuggestionStatus.ACCEPTED, SuggestionStatus.REJECTED):
            return texts.question_withdrawn()
        return texts.question_answered_by(
            by or texts.another_guardian(), name, status == SuggestionStatus.ACCEPTED
        )
