"""Asking a guardian "Is this Alice?" (worker side): the posted photo shown with the face
marked (the face's crop when the photo cannot be had), sent at once, or gathered on their
sheet of questions (``batches``) as their /settings and the day's questions say. A clip's
face (a track) is shown on its best frame, marked, with when it is on screen.

A clip's tracks are asked about one at a time, a question a person a clip
(``clip_questions``).

Siblings (a pair of suggestions, ``Suggestion.pair_id``): the pair's leading suggestion
asks each guardian of both persons once, "Is this Alice or Bob?"; a guardian of only one of
them gets the usual question about their person."""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from uuid import UUID

from domain.blobs import BlobStore
from domain.corrections import batches, texts
from domain.corrections.clip_questions import Turn
from domain.corrections.crops import QuestionPictures, drop_crop, question_window
from domain.corrections.stores import (
    AnsweredQuestionStore,
    Asker,
    OpenQuestionStore,
    Pictured,
    QuestionSenderStore,
    Sent,
    Suggested,
)
from domain.errors import BlobNotFound, ImageError, InvalidBlobKey
from domain.events import NoUndone, ParticipantForgotten, PersonRenamed, PersonsMerged
from domain.groups.memberships import MemberCheck
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue
from domain.languages import texts as languages_texts
from domain.languages.catalogs import _, in_language
from domain.languages.chats import language_of, speaking_to, zone_of_chat
from domain.languages.dates import in_zone
from domain.recognition.service import frame_key
from domain.states import PersonStatus, QuestionMode, SuggestionStatus
from domain.telegram import (
    AnswerPair,
    AnswerSuggestion,
    Button,
    ChatUnavailable,
    Messenger,
    RecipientUnreachable,
    TelegramUnavailable,
)

log = logging.getLogger(__name__)

# A chat reserved for a question's message for longer than this is a sender that died (a
# job runs two minutes by default, its retries after it): the reservation lapses, and the
# chat may be asked again.
ASKING_FOR = timedelta(minutes=10)

Asking = list[list[float]]  # the chats a question is being sent to: (chat id, since epoch s)


class SuggestionSender:
    """Asks the guardians of the suggested person (worker side)."""

    def __init__(
        self,
        messenger: Messenger,
        blobs: BlobStore,
        jobs: JobQueue | None = None,
        *,
        a_day: int = 10,
        members: MemberCheck | None = None,
        store: QuestionSenderStore,
        pictures: QuestionPictures,
    ) -> None:
        """``pictures``: the image codec that marks the face on the posted photo."""
        self._store = store
        self._pictures = pictures
        self._messenger = messenger
        self._blobs = blobs
        self._jobs = jobs
        self._members = members  # asks Telegram when a membership cannot be known
        self._a_day = a_day  # single questions a guardian is sent in 24 hours at most

    async def _picture(self, suggestion: Suggested, photo: Pictured) -> bytes | None:
        """What a question shows: the posted photo zoomed on the face, marked, with the
        photo around it, the context a parent needs to tell their child (the asked are
        members of the group: nothing they could not see there; ``question_window``).
        Downloaded again, never kept (a clip's face: its best frame, kept with its crop; a
        clip read from its thumbnail: the thumbnail); the face's crop when Telegram cannot
        give the photo now or it cannot be read. None: neither can be shown (nothing is
        asked)."""
        try:
            data = await self._best_frame(suggestion, photo) or await self._messenger.download(
                photo.preview_file_id or photo.file_id
            )
            return self._pictures.marked(data, suggestion.box, question_window)
        except (TelegramUnavailable, ChatUnavailable, ImageError) as error:
            log.info("photo %s not shown whole in a question (%s): its crop", photo.id, error)
            return await self._crop(suggestion)

    async def _best_frame(self, suggestion: Suggested, photo: Pictured) -> bytes | None:
        """A clip's face: the frame it was best seen in (a clip is no picture to mark)."""
        if not photo.clip or not suggestion.crop_key:
            return None
        try:
            return await self._blobs.get(frame_key(suggestion.crop_key))
        except (BlobNotFound, InvalidBlobKey, ValueError):
            return None

    async def _still_member(self, participant: Asker, group_id: UUID) -> bool:
        return self._members is None or await self._members.still_member(participant, group_id)

    async def _crop(self, suggestion: Suggested) -> bytes | None:
        """The face's crop; None when it is gone (dropped, or expired with its blob)."""
        if not suggestion.crop_key:
            return None
        try:
            return await self._blobs.get(suggestion.crop_key)
        except (BlobNotFound, InvalidBlobKey, ValueError):
            return None

    async def send_one(
        self, suggestion_id: UUID, participant_id: UUID, why: str = job_names.ASKED_SOME
    ) -> bool:
        """Ask one guardian about one open suggestion on its own (``why``: a batch's "Some
        are", the one face left on their sheet, which says its post's day, a question owed
        to a parent back in the group); once: a chat it was sent to is not asked again. A
        sibling pair's, to a guardian of both, as the pair's question. One owed to a parent
        back who chose batches in /settings waits on their next sheet (walk34 9: it came at
        once, outside their daily schedule)."""
        suggestion = await self._store.suggested(suggestion_id)
        participant = await self._store.asker(participant_id)
        if suggestion is None or suggestion.status != SuggestionStatus.PENDING:
            return False
        if participant is None:
            return False
        chat = participant.telegram_user_id
        if any(sent_chat == chat for sent_chat, _ in suggestion.sent_to):
            return False
        photo = suggestion.photo
        if photo is None or photo.taken_down or suggestion.person != PersonStatus.ACTIVE:
            return False
        receivers = await self._store.receiving_askers(suggestion.person_id, photo.group_id)
        if participant.id not in {g.id for g in receivers} or not await self._still_member(
            participant, photo.group_id
        ):
            return False
        # A sibling pair's question to a guardian of both asks about both, by its leading
        # one while both are open (as ``_ask_each``); its other one, then, asks nothing.
        partner = await self._partner(suggestion)
        if partner is not None and participant.id not in {
            g.id for g in await self._store.receiving_askers(partner.person_id, photo.group_id)
        }:
            partner = None
        if partner is not None and suggestion.pair_id != suggestion.id:
            if partner.status == SuggestionStatus.PENDING:
                return False
            partner = None
        if partner is None and why == job_names.ASKED_BACK and await self._waits(participant):
            await self._gather(suggestion, participant, photo.group_id)
            return False
        picture = await self._picture(suggestion, photo)
        if picture is None:
            return False
        alone = why == job_names.ASKED_ALONE
        dated = alone or suggestion.earlier
        zone = await zone_of_chat(chat) if dated else None
        with _speaking_to(participant), in_zone(zone):
            question, buttons = (
                single_question(suggestion, photo, dated=alone)
                if partner is None
                else _pair_question(suggestion, partner, photo)
            )
        message_id = await self._ask(suggestion, participant, picture, question, buttons)
        if message_id is None:
            return False
        await self._store.also_sent(suggestion.id, chat, message_id)
        return True

    async def _ask(
        self,
        suggestion: Suggested,
        receiver: Asker,
        picture: bytes,
        question: str,
        buttons: list[list[Button]],
    ) -> int | None:
        """The question sent to the receiver's chat, reserved first under the question's
        lock: its first sending and the questions owed to a parent back in the group may run
        at once, and only one of them asks her (walkhe4 1: she was asked twice). The
        message's id; None: not sent (closed, sent or being sent there already, or the chat
        cannot be written to). The reservation ends with the message recorded, or here when
        it could not go (a Telegram outage retries the job: the chat is free for it)."""
        chat = receiver.telegram_user_id
        if not await self._store.reserve_chat(suggestion.id, chat, datetime.now(UTC)):
            return None
        sent = False
        try:
            message_id = await self._messenger.send_photo(chat, picture, question, buttons)
            sent = True
            return message_id
        except (RecipientUnreachable, ChatUnavailable) as error:
            log.info(
                "suggestion %s not sent to participant %s: %s", suggestion.id, receiver.id, error
            )
            return None
        finally:
            if not sent:
                await self._store.release_chat(suggestion.id, chat)

    async def send(self, suggestion_id: UUID) -> None:
        """Ask the guardians of the suggestion's person, once (the claim)."""
        suggestion = await self._store.suggested(suggestion_id)
        if (
            suggestion is None
            or suggestion.status != SuggestionStatus.PENDING
            or suggestion.notified
            or suggestion.person == PersonStatus.PAUSED  # asked on resume
            or (suggestion.photo is not None and suggestion.photo.group_paused)  # on resume
            or not await self._its_turn(suggestion)
        ):
            return
        # Who is still in the group, asked before the claim (a Telegram outage retries).
        members = await self._members_asked(suggestion)
        claimed_at = datetime.now(UTC)
        if not await self._store.claim_question(suggestion.id, claimed_at):
            return
        photo = suggestion.photo
        if photo is None or photo.taken_down or suggestion.person != PersonStatus.ACTIVE:
            return  # a photo taken down asks nothing
        # The posted photo, marked; its face's crop only when Telegram cannot give it. A
        # question with neither is closed unasked: nothing was said to anyone.
        picture = await self._picture(suggestion, photo)
        if picture is None:
            await self._store.crop_lost(suggestion.id)
            return
        receivers = [
            guardian
            for guardian in await self._store.receiving_askers(suggestion.person_id, photo.group_id)
            if guardian.id in members
        ]
        sent_to = await self._ask_each(suggestion, photo, picture, receivers, claimed_at)
        if sent_to:
            await self._store.question_sent(suggestion.id, sent_to)

    async def _its_turn(self, suggestion: Suggested) -> bool:
        """A question about a clip's track is asked in its turn: one question a person a
        clip (``clip_questions``); one settled unasked lets its crop go."""
        photo = suggestion.photo
        if photo is None or not photo.clip or suggestion.pair_id is not None:
            return True
        turn = await self._store.clip_turn(suggestion.id, datetime.now(UTC))
        if turn == Turn.SETTLE:
            await drop_crop(self._blobs, self._store, suggestion.face_id)
        return turn == Turn.ASK

    async def _members_asked(self, suggestion: Suggested) -> set[UUID]:
        """The person's guardians receiving the group's photos who are still in it."""
        posted = suggestion.photo
        if posted is None:
            return set()
        return {
            guardian.id
            for guardian in await self._store.receiving_askers(
                suggestion.person_id, posted.group_id
            )
            if await self._still_member(guardian, posted.group_id)
        }

    async def _ask_each(
        self,
        suggestion: Suggested,
        photo: Pictured,
        picture: bytes,
        receivers: list[Asker],
        claimed_at: datetime,
    ) -> Sent:
        """Ask each receiver now, or gather the question on their sheet, or leave them to
        the pair's leading question; the messages it went as."""
        partner = await self._partner(suggestion)
        shared: set[UUID] = set()
        if partner is not None:
            theirs = await self._store.receiving_askers(partner.person_id, photo.group_id)
            shared = {receiver.id for receiver in receivers} & {g.id for g in theirs}
        leading = suggestion.pair_id == suggestion.id
        sent_to: Sent = []
        for receiver in receivers:
            with _speaking_to(receiver), in_zone(await _zone_of(suggestion, receiver)):
                question, buttons = single_question(suggestion, photo, dated=suggestion.earlier)
                if receiver.id in shared and leading and partner is not None:
                    question, buttons = _pair_question(suggestion, partner, photo)
            if receiver.id in shared:
                if not leading or partner is None:
                    continue  # the pair's leading suggestion asks them about both
            elif await self._waits(receiver, before=(claimed_at, suggestion.id)):
                # Asked on their next sheet of questions (their /settings, or their day's
                # questions sent already: the sheet goes once the last 24 hours allow).
                await self._gather(suggestion, receiver, photo.group_id)
                continue
            message_id = await self._ask(suggestion, receiver, picture, question, buttons)
            if message_id is not None:
                sent_to.append((receiver.telegram_user_id, message_id))
        return sent_to

    async def _waits(self, receiver: Asker, before: tuple[datetime, UUID] | None = None) -> bool:
        """Their question waits on their next sheet: their /settings chose batches, or their
        day's questions were sent already (the sheet goes once the last 24 hours allow);
        ``before``: as ``batches.asked_today`` counts them."""
        return receiver.question_mode != QuestionMode.EACH or (
            await batches.asked_today(
                self._store, receiver.id, receiver.telegram_user_id, before=before
            )
            >= self._a_day
        )

    async def _gather(self, suggestion: Suggested, receiver: Asker, group_id: UUID) -> None:
        """The question on the receiver's sheet; the sheet looked at when "every N" is
        reached."""
        waiting = await batches.gather(
            self._store,
            receiver.id,
            (suggestion.face_id, suggestion.person_id, suggestion.score),
            group_id,
        )
        due = receiver.question_mode == QuestionMode.EVERY
        if due and waiting >= receiver.questions_every and self._jobs is not None:
            await self._jobs.enqueue(
                job_names.SEND_QUESTIONS,
                str(receiver.id),
                job_id=batches.batch_job_id(receiver.id),
            )

    async def _partner(self, suggestion: Suggested) -> Suggested | None:
        """The other suggestion of a sibling pair: for the leading one, while it is open and
        its person matchable (else the shared guardians are asked about the leading person
        alone); for the other one, the leading one (whose question names both), whatever
        its state."""
        if suggestion.pair_id is None:
            return None
        other = await self._store.paired_with(suggestion)
        if other is None:
            return None
        leading = suggestion.pair_id == suggestion.id
        if leading and (
            other.status != SuggestionStatus.PENDING
            or other.person not in (PersonStatus.ACTIVE, PersonStatus.PAUSED)
        ):
            return None
        return other


def reserved(sent_to: Sent, asking: Asking, chat_id: int, at: datetime) -> Asking | None:
    """A question's reservations once ``chat_id`` is reserved for its message at ``at``
    (those lapsed dropped); None: not to be asked there now (it was sent there, or is being
    sent there by another sender)."""
    if any(chat == chat_id for chat, _ in sent_to):
        return None
    since = (at - ASKING_FOR).timestamp()
    live = [[chat, when] for chat, when in asking if when > since]
    if any(chat == chat_id for chat, _ in live):
        return None
    return [*live, [chat_id, at.timestamp()]]


def unreserved(asking: Asking, chats: set[int]) -> Asking:
    """A question's reservations without those of these chats (sent there, or not sent)."""
    return [[chat, when] for chat, when in asking if chat not in chats]


def _speaking_to(participant: Asker) -> AbstractContextManager[None]:
    """Texts made inside speak the guardian's language (their private chat's)."""
    return in_language(language_of(participant.language, participant.language_code))


async def _zone_of(suggestion: Suggested, receiver: Asker) -> str | None:
    """The receiver's time zone, for the day an earlier photo's question names."""
    return await zone_of_chat(receiver.telegram_user_id) if suggestion.earlier else None


def single_question(
    suggestion: Suggested, photo: Pictured, *, dated: bool = False
) -> tuple[str, list[list[Button]]]:
    """ "Is this Alice?" with Yes and No (a clip's face: when it is on screen); ``dated``:
    it says its post's day, in the reader's zone. A question about a photo posted before
    its guardians could get it (``Suggested.earlier``: found by a look back, on a guardian's
    return or joining, the person's approval or enrollment, or among a claim's faces) is
    dated and says "an earlier photo" (walk33 8); so is the one face left on a guardian's
    daily sheet, asked a day later (walk34 9). One asked as a photo is posted is not,
    whenever its reader joined or came back (issue 32: it was decided by the second her
    membership was last confirmed)."""
    posted_at = photo.posted_at if dated else None
    if photo.clip:
        question = texts.clip_question(
            suggestion.name,
            photo.group_title,
            suggestion.on_screen,
            clip_s=photo.duration_s,
            posted_at=posted_at,
        )
    elif posted_at is not None:
        question = texts.earlier_question(suggestion.name, photo.group_title, posted_at)
    else:
        question = texts.suggestion_question(suggestion.name, photo.group_title)
    return (
        question,
        [
            [
                AnswerSuggestion(suggestion.id, True, _(languages_texts.YES)),
                AnswerSuggestion(suggestion.id, False, _(languages_texts.NO)),
            ]
        ],
    )


def asked_alone(
    left: Suggested, photo: Pictured, by_name: str | None, rejected: str, *, undone: bool = False
) -> tuple[str, list[list[Button]]]:
    """A sibling pair's question once one of the two was answered no (by ``by_name``): who
    said it is not ``rejected``, above the other one's question alone, with its Yes and
    No ("Bea answered this question: not Alice. Is this Ally?"); ``undone``: that "no" was
    undone from /history since, and the question says so."""
    question, buttons = single_question(left, photo)
    said = texts.question_answered_by(by_name or texts.another_guardian(), rejected, False)
    if undone:
        said = f"{said} {texts.answer_undone_since()}"
    return f"{said}\n{question}", buttons


async def on_person_renamed(
    messenger: Messenger, store: OpenQuestionStore, event: PersonRenamed
) -> None:
    """The person renamed: its questions still open ask about it in the new name, as a
    question asked now would, with their buttons (which carry the question and the
    persons, not the names), as its cards and the captions of its photos name it
    (findings18 4: "Is this Lily?" stayed beside "Is this Lilly?"): a single person's
    question, and a sibling pair's ("Is this Lily or Max?", its buttons named anew), in
    the chats of their guardians who get its photos from that group now. Best effort: a
    message Telegram cannot edit stays as it was."""
    await _ask_again(messenger, store, event.person_id)


async def on_persons_merged(
    messenger: Messenger, store: OpenQuestionStore, event: PersonsMerged
) -> None:
    """Two persons merged: the questions still open about the one merged away are about
    the kept one now (the merge moved them), and ask about it by its name, their buttons
    kept, as a rename's do, in the chats of its guardians who get its photos from that
    group now (findings20 4: Carl's "Is this Lilly?" stayed after Lilly was merged into
    Mia, and his Yes answered "Yes, that's Mia"). A merge undone: the questions it gives
    back ask about the person they are about again."""
    for person_id in await store.merged_persons(event.event_id):
        await _ask_again(messenger, store, person_id)


async def _ask_again(messenger: Messenger, store: OpenQuestionStore, person_id: UUID) -> None:
    """The person's open questions, single and sibling pairs' (both open, or one left
    after a no to the other), re-captioned with the words a question asked now gets."""
    for asked in await store.open_about(person_id):
        if asked.photo is None:
            continue
        for chat_id, message_id in asked.sent_to:
            async with speaking_to(chat_id):
                question, buttons = single_question(asked, asked.photo)
            await _recaption(messenger, chat_id, message_id, question, buttons)
    for lead, other in await store.open_pairs_about(person_id):
        if lead.photo is None:
            continue
        for chat_id, message_id in lead.sent_to:
            async with speaking_to(chat_id):
                question, buttons = _pair_question(lead, other, lead.photo)
            await _recaption(messenger, chat_id, message_id, question, buttons)
    # A pair's question that asks one of the two alone since the other was answered no
    # ("Bea answered this question: not Alice. Is this Ally?"), whichever was renamed.
    for left, said in await store.open_halves_about(person_id):
        if left.photo is None:
            continue
        for chat_id, message_id in left.sent_to:
            async with speaking_to(chat_id):
                question, buttons = asked_alone(
                    left, left.photo, said.by_name, said.name, undone=said.undone
                )
            await _recaption(messenger, chat_id, message_id, question, buttons)


async def on_participant_forgotten(
    messenger: Messenger, store: AnsweredQuestionStore, event: ParticipantForgotten
) -> None:
    """/forget: a sibling pair's question asking about the other child alone since their
    "no" ("Ann answered this question: not Alice. Is this Ally?") says "Another guardian
    answered…" in the other guardians' chats (issue 32: her name went with her data), its
    buttons kept."""
    user_id = event.telegram_user_id
    for left, said in await store.open_halves_said_by(user_id):
        if left.photo is None:
            continue
        for chat_id, message_id in left.sent_to:
            if chat_id == user_id:
                continue
            async with speaking_to(chat_id):
                question, buttons = asked_alone(
                    left, left.photo, None, said.name, undone=said.undone
                )
            await _recaption(messenger, chat_id, message_id, question, buttons)


async def on_no_undone(messenger: Messenger, store: OpenQuestionStore, event: NoUndone) -> None:
    """A "no" to a question about the person undone from /history: the sibling pair's
    question that has asked about the other child alone since that "no" says it was undone
    (findings32 5: "Bea answered this question: not Alice." stayed as if it stood), as do
    the person's open questions, in the words a question asked now gets."""
    await _ask_again(messenger, store, event.person_id)


async def _recaption(
    messenger: Messenger,
    chat_id: int,
    message_id: int,
    question: str,
    buttons: list[list[Button]],
) -> None:
    try:
        await messenger.recaption(chat_id, message_id, question, buttons)
    except TelegramUnavailable as error:
        log.info("open question %s in %s left as it was: %s", message_id, chat_id, error)


def _pair_question(
    lead: Suggested, other: Suggested, photo: Pictured
) -> tuple[str, list[list[Button]]]:
    """ "Is this Alice or Bob?" with a button for each and one for neither (a clip's face:
    when it is on screen, as the single question says)."""
    return (
        texts.pair_question(
            lead.name,
            other.name,
            photo.group_title,
            clip=photo.clip,
            on_screen=lead.on_screen,
            clip_s=photo.duration_s,
        ),
        [
            [
                AnswerPair(lead.id, lead.person_id, lead.name),
                AnswerPair(lead.id, other.person_id, other.name),
                AnswerPair(lead.id, None, texts.neither()),
            ]
        ],
    )
