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

from tortoise.transactions import in_transaction

from domain.blobs import BlobStore
from domain.corrections import texts
from domain.corrections.answered import answered_by
from domain.delivery.batches import last_digest
from domain.errors import BlobNotFound, ImageError
from domain.infra.images import face_sheet
from domain.infra.models import EarlierPhotos, Face, Participant, Suggestion
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue
from domain.languages.chats import speaking_to, speaking_to_participant
from domain.recognition.assignments import receiving_guardians
from domain.retry import TryAgainLater
from domain.states import OfferStatus, PersonStatus, QuestionMode, SuggestionStatus
from domain.telegram import (
    AnswerEarlierPhotos,
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


async def gather(suggestion: Suggestion, participant: Participant, group_id: UUID) -> int:
    """Put the suggestion's face on the guardian's waiting sheet for its person and group
    (a new sheet once one holds ``SHEET_MAX``); how many faces wait for them in all."""
    face_id = str(suggestion.face_id)  # type: ignore[attr-defined]
    person_id = suggestion.person_id  # type: ignore[attr-defined]
    async with in_transaction():
        # The guardian's row, locked: two questions gathered at once (photos recognized in
        # parallel) would otherwise each find no sheet and start one.
        await Participant.select_for_update().get(id=participant.id)
        sheet = (
            await EarlierPhotos.select_for_update()
            .filter(
                participant_id=participant.id,
                person_id=person_id,
                group_id=group_id,
                status=OfferStatus.WAITING,
            )
            .order_by("-created_at")
            .first()
        )
        if sheet is not None and face_id in sheet.face_ids:
            pass  # a retry of the same question
        elif sheet is None or len(sheet.face_ids) >= SHEET_MAX:
            await EarlierPhotos.create(
                person_id=person_id,
                group_id=group_id,
                participant_id=participant.id,
                face_ids=[face_id],
                scores={face_id: round(suggestion.score, 4)},
                photo_count=1,
                status=OfferStatus.WAITING,
                sheet=True,
            )
        else:
            sheet.face_ids = [*sheet.face_ids, face_id]
            sheet.scores = {**(sheet.scores or {}), face_id: round(suggestion.score, 4)}
            sheet.photo_count = len(sheet.face_ids)
            await sheet.save(update_fields=["face_ids", "scores", "photo_count"])
    return await waiting_count(participant.id)


async def asked_today(
    participant: Participant, before: Suggestion | None = None, now: datetime | None = None
) -> int:
    """How many single questions the guardian was sent in the last 24 hours (or, with
    ``before``, in the 24 hours before it was claimed, those claimed earlier: questions
    sent at once are counted in the order they were claimed, so a burst of photos cannot
    send past the day's questions). A question on its way counts; one gathered on their
    sheet, or sent only to another guardian, does not."""
    until = before.notified_at if before is not None and before.notified_at else None
    since = (until or now or datetime.now(UTC)) - DAY
    chat = participant.telegram_user_id
    gathered = {
        face
        for faces in await EarlierPhotos.filter(participant_id=participant.id).values_list(
            "face_ids", flat=True
        )
        for face in faces
    }
    rows = (
        await Suggestion.filter(
            notified_at__gte=since, person__guardianships__participant_id=participant.id
        )
        .distinct()
        .values_list("id", "face_id", "notified_at", "sent_to")
    )
    asked = 0
    for suggestion_id, face_id, notified_at, sent_to in rows:
        if until is not None and (notified_at, str(suggestion_id)) >= (until, str(before.id)):  # type: ignore[union-attr]
            continue  # claimed after (or is) the question being decided
        if sent_to is None:
            asked += str(face_id) not in gathered  # on its way
        else:
            asked += any(sent[0] == chat for sent in sent_to)
    return asked


async def waiting_count(participant_id: UUID) -> int:
    sheets = await EarlierPhotos.filter(
        participant_id=participant_id, status=OfferStatus.WAITING
    ).values_list("face_ids", flat=True)
    return sum(len(faces) for faces in sheets)


async def open_faces(sheet: EarlierPhotos) -> list[Face]:
    """The sheet's faces whose question about its person is still open: nobody's, the
    photo not taken down, the suggestion pending; in the sheet's order."""
    faces = {
        str(face.id): face
        for face in await Face.filter(
            id__in=sheet.face_ids,
            person_id=None,
            photo__removed_at__isnull=True,
            suggestions__person_id=sheet.person_id,  # type: ignore[attr-defined]
            suggestions__status=SuggestionStatus.PENDING,
        )
    }
    return [faces[face] for face in sheet.face_ids if face in faces]


class QuestionBatches:
    """Sends the guardians' gathered questions when they are due (worker side)."""

    def __init__(
        self,
        messenger: Messenger,
        blobs: BlobStore,
        jobs: JobQueue,
        *,
        hour: int,
        a_day: int = 10,
    ) -> None:
        self._messenger = messenger
        self._blobs = blobs
        self._jobs = jobs
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
        participants = (
            await EarlierPhotos.filter(status=OfferStatus.WAITING, participant_id__isnull=False)
            .distinct()
            .values_list("participant_id", flat=True)
        )
        sent = 0
        for participant_id in participants:
            sent += await self.send(UUID(str(participant_id)), now)
        return sent

    async def send(self, participant_id: UUID, now: datetime | None = None) -> int:
        """Send the guardian's waiting sheets if they are due; how many went."""
        now = now or datetime.now(UTC)
        participant = await Participant.get_or_none(id=participant_id)
        if participant is None:
            return 0
        sheets = await EarlierPhotos.filter(
            participant_id=participant_id, status=OfferStatus.WAITING
        ).order_by("created_at")
        if not sheets:
            return 0
        waiting = sum(len(sheet.face_ids) for sheet in sheets)
        mode = QuestionMode(participant.question_mode)
        capped = (
            mode == QuestionMode.EACH and await asked_today(participant, now=now) >= self._a_day
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
        for sheet in await EarlierPhotos.filter(
            status=OfferStatus.ONE_BY_ONE, participant_id__isnull=False
        ).prefetch_related("participant"):
            participant = sheet.participant
            if participant is None:
                continue
            chat = participant.telegram_user_id
            for suggestion in await Suggestion.filter(
                face_id__in=sheet.face_ids,
                person_id=sheet.person_id,  # type: ignore[attr-defined]
                status=SuggestionStatus.PENDING,
            ):
                if any(sent[0] == chat for sent in suggestion.sent_to or []):
                    continue
                queued += await self._jobs.enqueue(
                    job_names.ASK_ONE,
                    str(suggestion.id),
                    str(participant.id),
                    job_id=ask_one_job_id(suggestion.id, participant.id),
                )
        return queued

    async def _show(self, sheet: EarlierPhotos, participant: Participant) -> int:
        # Claimed first: a second worker, or a retry after the message went, sends nothing.
        if not await EarlierPhotos.filter(id=sheet.id, status=OfferStatus.WAITING).update(
            status=OfferStatus.SENDING
        ):
            return 0
        await sheet.fetch_related("person", "group")
        person, group = sheet.person, sheet.group
        if person.status == PersonStatus.PAUSED or group.paused_at is not None:
            # Asked once the person (or the group) is resumed, as a single question is.
            await EarlierPhotos.filter(id=sheet.id).update(status=OfferStatus.WAITING)
            return 0
        faces = await open_faces(sheet)
        receivers = {g.id for g in await receiving_guardians(person.id, group.id)}
        crops: list[bytes] = []
        shown: list[Face] = []
        for face in faces:
            try:
                crops.append(await self._blobs.get(face.crop_key or ""))
                shown.append(face)
            except (BlobNotFound, ValueError):
                continue
        if not shown or participant.id not in receivers or person.status != PersonStatus.ACTIVE:
            # Settled meanwhile, or no longer theirs to see: nothing to show.
            await EarlierPhotos.filter(id=sheet.id).update(status=OfferStatus.CLOSED)
            return 0
        try:
            image = face_sheet(crops)
        except ImageError as error:
            log.warning("question sheet %s not drawn: %s", sheet.id, error)
            await EarlierPhotos.filter(id=sheet.id).update(status=OfferStatus.CLOSED)
            return 0
        with speaking_to_participant(participant):
            buttons = [
                [AnswerEarlierPhotos(sheet.id, Reply.SEND, texts.all_of_them(person.name))],
                [
                    AnswerEarlierPhotos(sheet.id, Reply.SOME, texts.some_are()),
                    AnswerEarlierPhotos(sheet.id, Reply.NO, texts.none_of_them(person.name)),
                ],
            ]
            caption = texts.questions_sheet(person.name, group.title, len(shown))
        face_ids = [str(face.id) for face in shown]
        await EarlierPhotos.filter(id=sheet.id).update(face_ids=face_ids, photo_count=len(face_ids))
        try:
            message_id = await self._messenger.send_photo(
                participant.telegram_user_id, image, caption, buttons
            )
        except TelegramUnavailable as error:
            # Refused before it went (a 429): back to waiting, the retry sends it once.
            await EarlierPhotos.filter(id=sheet.id, status=OfferStatus.SENDING).update(
                status=OfferStatus.WAITING
            )
            raise TryAgainLater(error.retry_after or 5) from None
        except (RecipientUnreachable, ChatUnavailable) as error:
            log.info("question sheet %s not sent: %s", sheet.id, error)
            await EarlierPhotos.filter(id=sheet.id).update(status=OfferStatus.CLOSED)
            return 0
        await EarlierPhotos.filter(id=sheet.id).update(
            status=OfferStatus.PENDING,
            sent_to=[[participant.telegram_user_id, message_id]],
        )
        log.info(
            "question sheet %s: %d face(s) to participant %s", sheet.id, len(shown), participant.id
        )
        return 1


class QuestionWithdrawal:
    """Tells the chats of settled questions that they are closed (worker side, a cron)."""

    def __init__(self, messenger: Messenger) -> None:
        self._messenger = messenger

    async def run(self) -> int:
        """Withdraw what was settled since the last run; how many messages were blanked."""
        started = datetime.now(UTC)
        # A face given to someone (any way: a co-guardian's yes, an organizer, a correction,
        # earlier photos sent) closes every open question about it.
        taken = await Suggestion.filter(
            status=SuggestionStatus.PENDING, face__person_id__isnull=False
        ).values_list("id", flat=True)
        if taken:
            await Suggestion.filter(id__in=list(taken), status=SuggestionStatus.PENDING).update(
                status=SuggestionStatus.EXPIRED
            )
        due = (
            await Suggestion.filter(withdrawn_at=None, sent_to__isnull=False)
            .exclude(status=SuggestionStatus.PENDING)
            .prefetch_related("reviewed_by", "person")
            .order_by("created_at")
            .limit(BATCH)
        )
        blanked = 0
        for suggestion in due:
            if datetime.now(UTC) - started > BUDGET:
                break
            if not await Suggestion.filter(id=suggestion.id, withdrawn_at=None).update(
                withdrawn_at=datetime.now(UTC)
            ):
                continue
            # The answerer's own message was edited by their answer.
            answered_here = (
                suggestion.reviewed_by.telegram_user_id
                if suggestion.reviewed_by is not None
                and suggestion.status != SuggestionStatus.EXPIRED
                else None
            )
            for chat_id, message_id in suggestion.sent_to or []:
                if chat_id == answered_here:
                    continue
                # Answered by a co-guardian: it says who, and what (``answered_by``).
                caption = await answered_by(
                    chat_id,
                    suggestion.status,
                    None if suggestion.reviewed_by is None else suggestion.reviewed_by.first_name,
                    suggestion.person.name,
                )
                blanked += await self._blank(chat_id, message_id, caption)
        for sheet in await EarlierPhotos.filter(
            status=OfferStatus.PENDING, participant_id__isnull=False
        ).limit(BATCH):
            if await open_faces(sheet):
                continue
            if not await EarlierPhotos.filter(id=sheet.id, status=OfferStatus.PENDING).update(
                status=OfferStatus.CLOSED
            ):
                continue
            for chat_id, message_id in sheet.sent_to or []:
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
