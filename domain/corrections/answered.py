"""What a question about a face reads in a guardian's chat once it was settled without
them: who of the person's guardians answered it, and what; and once its person is
renamed, every answered question about it, in the new name (findings16 10)."""

from __future__ import annotations

import logging
from dataclasses import replace

from domain.corrections import texts
from domain.corrections.rules import fate
from domain.corrections.stores import AnsweredPair, AnsweredQuestion, AnsweredQuestionStore
from domain.events import ParticipantForgotten, PersonRenamed
from domain.languages.chats import speaking_to
from domain.persons import texts as persons_texts
from domain.states import SuggestionStatus
from domain.telegram import Messenger, TelegramUnavailable

log = logging.getLogger(__name__)


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


async def _others_copy(question: AnsweredQuestion, chat_id: int) -> str:
    """What another guardian's copy of the answered question reads in ``chat_id``: who
    answered, and what; a "yes" or a "no" undone from /history since says so."""
    if question.undone:
        async with speaking_to(chat_id):
            return persons_texts.answer_yes_undone(question.name, by=question.by_name or "?")
    if question.no_undone:  # (walkhe 4)
        async with speaking_to(chat_id):
            return texts.question_answered_no_undone(
                question.by_name or texts.another_guardian(), question.name
            )
    return await answered_by(chat_id, question.status, question.by_name, question.name)


async def on_participant_forgotten(
    messenger: Messenger, store: AnsweredQuestionStore, event: ParticipantForgotten
) -> None:
    """/forget: the other guardians' copies of the questions they answered ("Ann answered
    this question: yes, that's Alice.", a sibling pair's halves too) say "Another
    guardian…" (issue 32: her name went with her data); the pairs' questions asking about
    the other child alone since their "no": ``questions.on_participant_forgotten``. Best
    effort, as at a rename."""
    user_id = event.telegram_user_id
    for question in await store.answered_by_user(user_id):
        for chat_id, message_id in question.sent_to:
            if chat_id == user_id:
                continue
            async with speaking_to(chat_id):
                unnamed = replace(question, by_name=texts.another_guardian())
            said = await _others_copy(unnamed, chat_id)
            try:
                await messenger.recaption(chat_id, message_id, said)
            except TelegramUnavailable as error:
                log.info(
                    "answered question %s in %s left as it was: %s", message_id, chat_id, error
                )


async def on_person_renamed(
    messenger: Messenger, store: AnsweredQuestionStore, event: PersonRenamed
) -> None:
    """The person renamed: its answered questions say the answer in the new name, as its
    cards and the captions of its photos do ("Yes, that's Bo." stayed beside "Bobby"),
    in the answerer's chat with what became of the photo as it stands now, in the other
    guardians' with who answered; a "yes" or a "no" undone from /history since says so as
    the undo said it (findings25 3). Only in the chats of its guardians who get its photos
    from that group now. Best effort: a message Telegram cannot edit stays as it was."""
    for question in await store.answered_about(event.person_id):
        yes = question.status == SuggestionStatus.ACCEPTED
        for chat_id, message_id in question.sent_to:
            if chat_id != question.by_chat:
                said = await _others_copy(question, chat_id)
            elif question.undone:  # its "yes" undone from /history: says so in the name now
                async with speaking_to(chat_id):
                    said = persons_texts.answer_yes_undone(
                        question.name,
                        undoer=question.undoer,
                        removed=question.removed,
                        clip=question.clip,
                    )
            elif question.no_undone:
                # Its "no" undone from /history: says so as the undo did, in the name now.
                async with speaking_to(chat_id):
                    said = persons_texts.answer_no_undone(
                        question.name, question.undoer, clip=question.clip
                    )
            else:
                delivered = await store.delivered(question.id, chat_id)
                async with speaking_to(chat_id):
                    said = texts.suggestion_answered(
                        question.name, fate(delivered) if yes else None, clip=delivered.clip
                    )
            try:
                await messenger.recaption(chat_id, message_id, said)
            except TelegramUnavailable as error:
                log.info(
                    "answered question %s in %s left as it was: %s", message_id, chat_id, error
                )
    # A sibling pair's question answered by a guardian of both: its answer as it stands,
    # in both children's names now (findings27 3: an undone one kept both old names, one
    # in "I'll remember these faces aren't Itai's", a rule still in force).
    for pair in await store.answered_pairs_about(event.person_id):
        for chat_id, message_id in pair.sent_to:
            async with speaking_to(chat_id):
                now = await _pair_as_it_stands(store, pair, chat_id)
            if now is None:
                continue
            try:
                await messenger.recaption(chat_id, message_id, now)
            except TelegramUnavailable as error:
                log.info("pair question %s in %s left as it was: %s", message_id, chat_id, error)
        # The other guardians of both: who answered, and what, as ``asked_others_of_pair``
        # wrote it (or the undo of its match, ``Persons.undo``), in the names now (it kept
        # the old name there).
        # (A "no" it said, undone, is said so only in the answerer's chat: the others'
        # "not Alice" is left as it is then.)
        undone_yes = pair.lead_yes and not pair.chosen_stands
        if not (pair.lead_yes or _stands(pair)):
            continue
        for chat_id, message_id in pair.others:
            if undone_yes:
                async with speaking_to(chat_id):
                    said = persons_texts.answer_yes_undone(pair.first, by=pair.by_name or "?")
            else:
                said = await answered_by(
                    chat_id,
                    SuggestionStatus.ACCEPTED if pair.lead_yes else SuggestionStatus.REJECTED,
                    pair.by_name,
                    pair.first,
                )
            try:
                await messenger.recaption(chat_id, message_id, said)
            except TelegramUnavailable as error:
                log.info("pair question %s in %s left as it was: %s", message_id, chat_id, error)


def _stands(pair: AnsweredPair) -> bool:
    """The pair's answer stands whole: its match (if any) and every "no" not undone."""
    return pair.chosen_stands and all(kept for _name, kept, _by in pair.noes)


async def _pair_as_it_stands(
    store: AnsweredQuestionStore, pair: AnsweredPair, chat_id: int
) -> str | None:
    """What the answerer's pair question says of their answer now, as its answer and its
    undos said it (None: a state no message was drawn for, left as it is)."""
    names = (pair.first, pair.second)
    if pair.chosen is None:  # "Neither"
        both = [remembered for _name, remembered, _by in pair.noes]
        if len(both) == 2 and all(both):
            return texts.pair_answered(None, names, None)
        if len(both) == 2 and not any(both):
            return persons_texts.pair_neither_undone(pair.first, pair.second, pair.noes[0][2])
        return None
    if len(pair.noes) != 1:
        return None
    other, kept, undoer = pair.noes[0]
    if not pair.chosen_stands:
        return persons_texts.answer_yes_undone(
            pair.chosen,
            undoer=pair.yes_undoer,
            removed=pair.removed,
            clip=pair.clip,
            pair_other=other,
            other_kept=kept,
            other_undone=not kept,
        )
    if kept:
        delivered = await store.delivered(pair.id, chat_id)
        return texts.pair_answered(pair.chosen, names, fate(delivered), clip=delivered.clip)
    return persons_texts.pair_no_undone(
        pair.chosen, persons_texts.answer_no_undone(other, undoer, clip=pair.clip), stands=True
    )
