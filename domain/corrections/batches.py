"""Questions in batches, and questions withdrawn.

A guardian who chose in /settings to get their questions once a day or every N gets, instead
of one "Is this Alice?" message per face, one numbered sheet per person and group (the
earlier-photos sheet and its answers: [Yes, all are Alice] [Some are] [None is Alice]), at
most ``SHEET_MAX`` faces. The batch is an ``EarlierPhotos`` row with ``participant`` set:
``waiting`` while it gathers (``gather``: the sender adds each face it would have asked them
about), ``sending`` while it is claimed, ``pending`` once shown. Everything lives in
Postgres and the cron sends what is due, so a worker restart or a Redis flush delays a
batch by a minute at most and never sends it twice. Sibling questions ("Alice or Bob?")
stay single messages.

A guardian who gets questions as they come is sent at most ``a_day`` in 24 hours
(``FACEDROP_JOBS__QUESTIONS_A_DAY``): past it, a question waits on their sheet as if they
had chosen batches, and the sheet goes once the last 24 hours allow.

A question is withdrawn once it is settled without its guardian (another guardian answered,
the face was given to someone, the question expired): each message of it, but the one the
answer was given on, is blanked and says so, naming nobody. A sheet all of whose faces are
settled says so too; a press on a partly settled sheet answers only the faces still open.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from uuid import UUID

from domain.blobs import BlobStore
from domain.corrections import texts
from domain.corrections.answered import answered_by
from domain.corrections.crops import QuestionPictures
from domain.corrections.stores import (
    Asker,
    OpenQuestionStore,
    QuestionBatchStore,
    Sheet,
    SheetGathering,
    Subject,
    WaitingSheet,
)
from domain.delivery.batches import last_digest
from domain.errors import BlobNotFound, ImageError, InvalidBlobKey
from domain.events import PersonRenamed, PersonsMerged
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue
from domain.languages.catalogs import in_language
from domain.languages.chats import language_of, speaking_to
from domain.retry import TryAgainLater
from domain.states import OfferStatus, PersonStatus, QuestionMode, SuggestionStatus
from domain.telegram import (
    AnswerEarlierPhotos,
    Button,
    ChatUnavailable,
    Messenger,
    RecipientUnreachable,
    Reply,
    TelegramUnavailable,
)

log = logging.getLogger(__name__)
# At most this many faces on one sheet of questions (Telegram shows ten buttons' worth).
SHEET_MAX = 10
EVERY_CHOICES = (5, 10)  # "every N" as /settings offers it
BATCH = 200  # questions withdrawn per run at most; the next run takes the rest
BUDGET = timedelta(seconds=60)
DAY = timedelta(days=1)  # questions "as they come" are capped per guardian over this


def is_due(
    mode: QuestionMode,
    every: int,
    waiting: int,
    oldest: datetime,
    now: datetime,
    hour: int,
    *,
    capped: bool = False,
) -> bool:
    """Whether a guardian's gathered questions (``waiting`` faces, the oldest gathered at
    ``oldest``) go now. "As they come": at once, unless the guardian was sent their day's
    questions already (``capped``: then once the last 24 hours allow)."""
    match mode:
        case QuestionMode.EACH:
            return waiting > 0 and not capped
        case QuestionMode.DAILY:
            return waiting > 0 and oldest < last_digest(now, hour)
        case QuestionMode.EVERY:
            return waiting >= every


def batch_job_id(participant_id: UUID) -> str:
    return f"{job_names.SEND_QUESTIONS}:{participant_id}"


def ask_one_job_id(suggestion_id: UUID, participant_id: UUID) -> str:
    return f"{job_names.ASK_ONE}:{suggestion_id}:{participant_id}"


async def gather(
    store: SheetGathering,
    participant_id: UUID,
    question: tuple[UUID, UUID, float],
    group_id: UUID,
) -> int:
    """Put the question's face (face, person, score) on the guardian's waiting sheet for its
    person and group (a new sheet once one holds ``SHEET_MAX``); how many faces wait for
    them in all."""
    face_uuid, person_id, score = question
    face_id = str(face_uuid)
    async with store.transaction():
        # The guardian's row, locked: two questions gathered at once (photos recognized in
        # parallel) would otherwise each find no sheet and start one.
        await store.lock_guardian(participant_id)
        sheet = await store.waiting_sheet(participant_id, person_id, group_id)
        if sheet is not None and face_id in sheet.face_ids:
            pass  # a retry of the same question
        elif sheet is None or len(sheet.face_ids) >= SHEET_MAX:
            await store.start_sheet(participant_id, person_id, group_id, face_id, round(score, 4))
        else:
            await store.add_to_sheet(
                WaitingSheet(
                    sheet.id,
                    [*sheet.face_ids, face_id],
                    {**sheet.scores, face_id: round(score, 4)},
                    sheet.created_at,
                )
            )
    return await store.waiting_count(participant_id)


async def asked_today(
    store: SheetGathering,
    participant_id: UUID,
    chat_id: int,
    before: tuple[datetime, UUID] | None = None,
    now: datetime | None = None,
) -> int:
    """How many single questions the guardian was sent in the last 24 hours (or, with
    ``before``, the question being decided: when it was claimed and its id, in the 24
    hours before it was claimed, those claimed earlier: questions sent at once are counted
    in the order they were claimed, so a burst of photos cannot send past the day's
    questions). A question on its way counts; one gathered on their sheet, or sent only to
    another guardian, does not."""
    since = (before[0] if before is not None else now or datetime.now(UTC)) - DAY
    gathered = await store.gathered(participant_id)
    asked = 0
    for question in await store.notified_since(participant_id, since):
        if before is not None and (question.notified_at, str(question.id)) >= (
            before[0],
            str(before[1]),
        ):
            continue  # claimed after (or is) the question being decided
        if question.sent_to is None:
            asked += str(question.face_id) not in gathered  # on its way
        else:
            asked += any(chat == chat_id for chat, _ in question.sent_to)
    return asked


class QuestionBatches:
    """Sends the guardians' gathered questions when they are due (worker side)."""

    def __init__(
        self,
        messenger: Messenger,
        blobs: BlobStore,
        jobs: JobQueue,
        store: QuestionBatchStore,
        *,
        pictures: QuestionPictures,
        hour: int,
        a_day: int = 10,
    ) -> None:
        """``pictures``: the image codec that draws a sheet of numbered crops."""
        self._messenger = messenger
        self._pictures = pictures
        self._blobs = blobs
        self._jobs = jobs
        self._store = store
        self._hour = hour
        self._a_day = a_day

    async def queue(self, participant_id: UUID) -> bool:
        """Look at the guardian's batch now (it may be due: "every N" reached)."""
        return await self._jobs.enqueue(
            job_names.SEND_QUESTIONS, str(participant_id), job_id=batch_job_id(participant_id)
        )

    async def send_due(self, now: datetime | None = None) -> int:
        """Every guardian's batch that is due (the cron); how many sheets went. Also asks
        again, one by one, what a "Some are" left unasked (its jobs lost with Redis)."""
        await self._ask_one_by_one()
        sent = 0
        for participant_id in await self._store.gathering():
            sent += await self.send(participant_id, now)
        return sent

    async def send(self, participant_id: UUID, now: datetime | None = None) -> int:
        """Send the guardian's waiting sheets if they are due; how many went (a sheet of
        one face goes as its single question)."""
        now = now or datetime.now(UTC)
        participant = await self._store.asker(participant_id)
        if participant is None:
            return 0
        sheets = await self._store.waiting_sheets(participant_id)
        if not sheets:
            return 0
        waiting = sum(len(sheet.face_ids) for sheet in sheets)
        mode = participant.question_mode
        capped = (
            mode == QuestionMode.EACH
            and await asked_today(
                self._store, participant.id, participant.telegram_user_id, now=now
            )
            >= self._a_day
        )
        if not is_due(
            mode,
            participant.questions_every,
            waiting,
            sheets[0].created_at,
            now,
            self._hour,
            capped=capped,
        ):
            return 0
        sent = 0
        for sheet in sheets:
            sent += await self._show(sheet, participant)
        return sent

    async def _ask_one_by_one(self) -> int:
        """Queue the single questions a batch's "Some are" owes its guardian: each face of
        it whose question is open and was not sent to them yet (``ask_one`` is idempotent)."""
        queued = 0
        for owed in await self._store.owed_one_by_one():
            if any(chat == owed.chat_id for chat, _ in owed.sent_to):
                continue
            queued += await self._jobs.enqueue(
                job_names.ASK_ONE,
                str(owed.suggestion_id),
                str(owed.participant_id),
                job_names.ASKED_ALONE if owed.alone else job_names.ASKED_SOME,
                job_id=ask_one_job_id(owed.suggestion_id, owed.participant_id),
                again=False,  # a cron's look at what is owed: a run under way sends it
            )
        return queued

    async def _show(self, sheet: Sheet, participant: Asker) -> int:
        # Claimed first: a second worker, or a retry after the message went, sends nothing.
        if not await self._store.claim_sheet(sheet.id):
            return 0
        subject = await self._store.subject(sheet.id)
        if subject.person == PersonStatus.PAUSED or subject.group_paused:
            # Asked once the person (or the group) is resumed, as a single question is.
            await self._store.sheet_to(sheet.id, OfferStatus.WAITING)
            return 0
        shown, crops = await self._crops(await self._store.open_faces(sheet))
        receivers = await self._store.receiving(sheet.person_id, sheet.group_id)
        if not shown or participant.id not in receivers or subject.person != PersonStatus.ACTIVE:
            # Settled meanwhile, or no longer theirs to see: nothing to show.
            await self._store.sheet_to(sheet.id, OfferStatus.CLOSED)
            return 0
        if len(shown) == 1:
            # One face: asked as its own question ([Yes] [No], a clip's times), as a "Some
            # are" asks it; a sheet's "all of them" and "some are" can't apply to one.
            await self._store.shown(sheet.id, shown)
            await self._store.sheet_to(sheet.id, OfferStatus.ONE_BY_ONE)
            await self._ask_one_by_one()
            return 1
        try:
            image = self._pictures.sheet(crops)
        except ImageError as error:
            log.warning("question sheet %s not drawn: %s", sheet.id, error)
            await self._store.sheet_to(sheet.id, OfferStatus.CLOSED)
            return 0
        clips = await self._store.clips_among(shown)
        with in_language(language_of(participant.language, participant.language_code)):
            caption, buttons = sheet_question(sheet.id, subject, len(shown), clips)
        await self._store.shown(sheet.id, shown)
        try:
            message_id = await self._messenger.send_photo(
                participant.telegram_user_id, image, caption, buttons
            )
        except TelegramUnavailable as error:
            # Refused before it went (a 429): back to waiting, the retry sends it once.
            await self._store.unclaim_sheet(sheet.id)
            raise TryAgainLater(error.retry_after or 5) from None
        except (RecipientUnreachable, ChatUnavailable) as error:
            log.info("question sheet %s not sent: %s", sheet.id, error)
            await self._store.sheet_to(sheet.id, OfferStatus.CLOSED)
            return 0
        await self._store.sheet_sent(sheet.id, participant.telegram_user_id, message_id)
        log.info(
            "question sheet %s: %d face(s) to participant %s", sheet.id, len(shown), participant.id
        )
        return 1

    async def _crops(self, faces: list[tuple[UUID, str | None]]) -> tuple[list[str], list[bytes]]:
        """The faces whose crops are still there (as the sheet's face ids), and the crops."""
        shown: list[str] = []
        crops: list[bytes] = []
        for face_id, crop_key in faces:
            if not crop_key:
                continue  # dropped: a sheet shows crops only
            try:
                crops.append(await self._blobs.get(crop_key))
                shown.append(str(face_id))
            except (BlobNotFound, InvalidBlobKey, ValueError):
                continue
        return shown, crops


def sheet_question(
    sheet_id: UUID, subject: Subject, count: int, clips: int
) -> tuple[str, list[list[Button]]]:
    """ "Are these 3 faces Alice?" with [Yes, all are Alice] [Some are] [None is Alice]."""
    return (
        texts.questions_sheet(subject.name, subject.group_title, count, clips),
        [
            [AnswerEarlierPhotos(sheet_id, Reply.SEND, texts.all_of_them(subject.name))],
            [
                AnswerEarlierPhotos(sheet_id, Reply.SOME, texts.some_are()),
                AnswerEarlierPhotos(sheet_id, Reply.NO, texts.none_of_them(subject.name)),
            ],
        ],
    )


async def on_person_renamed(
    messenger: Messenger, store: OpenQuestionStore, event: PersonRenamed
) -> None:
    """The person renamed: its sheets of questions still open ask about it in the new name,
    as a sheet shown now would, their buttons kept (they carry the sheet, not the name), in
    the chats of its guardians who get its photos from that group now (a sheet said "Are
    these 3 faces Lily?" beside cards that said Lilly). Best effort: a message Telegram
    cannot edit stays as it was."""
    await _ask_again(messenger, store, event.person_id)


async def on_persons_merged(
    messenger: Messenger, store: OpenQuestionStore, event: PersonsMerged
) -> None:
    """Two persons merged: the sheets of questions still open about the one merged away
    are the kept one's now (the merge moved them with their questions), and ask about it
    by its name, their buttons kept, as a rename's do (findings20 4: "Are these 5 faces
    Lilly?" stayed after Lilly was merged into Mia, then read "This question is closed"
    while its faces were open questions about Mia). A merge undone: the sheets it gives
    back ask about the person they are about again."""
    for person_id in await store.merged_persons(event.event_id):
        await _ask_again(messenger, store, person_id)


async def _ask_again(
    messenger: Messenger, store: OpenQuestionStore | QuestionBatchStore, person_id: UUID
) -> None:
    """The person's shown sheets re-captioned with the words a sheet shown now gets."""
    for sheet in await store.sheets_about(person_id):
        subject = await store.subject(sheet.id)
        clips = await store.clips_among(sheet.face_ids)
        for chat_id, message_id in sheet.sent_to:
            async with speaking_to(chat_id):
                caption, buttons = sheet_question(sheet.id, subject, len(sheet.face_ids), clips)
            try:
                await messenger.recaption(chat_id, message_id, caption, buttons)
            except TelegramUnavailable as error:
                log.info("question sheet %s in %s left as it was: %s", message_id, chat_id, error)


class QuestionWithdrawal:
    """Tells the chats of settled questions that they are closed (worker side, a cron)."""

    def __init__(self, messenger: Messenger, store: QuestionBatchStore) -> None:
        self._messenger = messenger
        self._store = store

    async def run(self) -> int:
        """Withdraw what was settled since the last run; how many messages were blanked."""
        started = datetime.now(UTC)
        # A face given to someone (any way: a co-guardian's yes, an organizer, a correction,
        # earlier photos sent) closes every open question about it.
        await self._store.close_taken()
        # A sheet left on a person merged away asks about the person it is part of (its
        # questions are that one's): never closed as answered while they are open.
        for person_id in await self._store.follow_merges():
            await _ask_again(self._messenger, self._store, person_id)
        blanked = 0
        for suggestion in await self._store.settled(BATCH):
            if datetime.now(UTC) - started > BUDGET:
                break
            if not await self._store.withdraw(suggestion.id, datetime.now(UTC)):
                continue
            if suggestion.answer_gone:
                continue  # told by its undo or correction ("That was undone since: …")
            # The answerer's own message was edited by their answer.
            answered_here = (
                suggestion.by_chat if suggestion.status != SuggestionStatus.EXPIRED else None
            )
            partner = suggestion.partner
            for chat_id, message_id in suggestion.sent_to:
                if chat_id == answered_here:
                    continue
                if partner is not None and chat_id in partner.guardian_chats:
                    # "Is this Ally or Alice?" was answered by Bea's "yes, Alice": it says
                    # so, where the reader guards Alice too (not the generic "closed").
                    if chat_id == partner.by_chat:
                        continue
                    caption = await answered_by(
                        chat_id, partner.status, partner.by_name, partner.name
                    )
                else:
                    # Answered by a co-guardian: it says who, and what (``answered_by``).
                    caption = await answered_by(
                        chat_id, suggestion.status, suggestion.by_name, suggestion.name
                    )
                blanked += await self._blank(chat_id, message_id, caption)
        for sheet in await self._store.shown_sheets(BATCH):
            if await self._store.open_faces(sheet):
                continue
            if not await self._store.close_sheet(sheet.id):
                continue
            for chat_id, message_id in sheet.sent_to:
                async with speaking_to(chat_id):
                    closed = texts.question_withdrawn()
                blanked += await self._blank(chat_id, message_id, closed)
        if blanked:
            log.info("%d settled question message(s) withdrawn", blanked)
        return blanked

    async def _blank(self, chat_id: int, message_id: int, caption: str) -> int:
        try:
            return int(await self._messenger.blank_photo(chat_id, message_id, caption))
        except TelegramUnavailable as error:
            log.info("question message in chat %s not withdrawn: %s", chat_id, error)
            return 0
