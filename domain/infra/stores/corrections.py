"""The corrections' stores (``domain.corrections.stores``) on tortoise and Postgres."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from domain.corrections import questions
from domain.corrections import texts as corrections_texts
from domain.corrections.clip_questions import ClipQuestion, Turn, owed, turn
from domain.corrections.stores import (
    AnsweredPair,
    AnsweredQuestion,
    Answering,
    Asked,
    AskedOfForgotten,
    AskedOfGone,
    Asker,
    Changed,
    ClosedMenus,
    CopyChange,
    Delivered,
    FaceNow,
    Locked,
    MenuStore,
    MergeNames,
    Notified,
    OpenMenu,
    Owed,
    PartnerAnswer,
    Pictured,
    Sent,
    Settled,
    Sheet,
    Someone,
    Subject,
    Suggested,
    Unasked,
    WaitingSheet,
)
from domain.infra.models import (
    AssignmentEvent,
    CorrectionMenu,
    Delivery,
    EarlierPhotos,
    Face,
    FaceRejection,
    Group,
    Guardianship,
    Participant,
    Person,
    Photo,
    Suggestion,
    UserRequest,
)
from domain.infra.queries import ids_of
from domain.infra.stores import assignments
from domain.infra.stores.photo_copies import (
    album_places,
    copies_after,
    copies_back_told,
    corrector_named,
    plan_deliveries,
    restore_copies,
)
from domain.infra.stores.requests import open_requests, requests_done
from domain.persons.stores import CopyTold
from domain.recognition import prototype_choice
from domain.recognition.assignments import MOVE_NOTE, REMOVE_ONLY_NOTE, Actor
from domain.states import (
    AssignmentOperation,
    DeliveryStatus,
    FaceSource,
    MediaKind,
    OfferStatus,
    PersonStatus,
    QuestionMode,
    RequestKind,
    SuggestionStatus,
)

NEXT_FAMILY = RequestKind.ASK_NEXT_FAMILY
CLOSED_BY_CHANGE = "changed"  # correction_menus.closed_why: by a rename or a merge
# The persons a guardian still sees as theirs (neither deleted nor merged).
SHOWN = (PersonStatus.ACTIVE, PersonStatus.PAUSED)


class TortoiseMenuStore(MenuStore):
    """The open "What's wrong with this photo of Alice?" menus (``CorrectionMenu``)."""

    async def menu_shown(self, face_id: UUID, user_id: int, message_id: int) -> None:
        participant = await Participant.get_or_none(telegram_user_id=user_id)
        if participant is not None and await Face.exists(id=face_id):
            await CorrectionMenu.create(
                participant=participant, face_id=face_id, message_id=message_id
            )

    async def menu_pressed(self, user_id: int, message_id: int) -> bool:
        deleted = await CorrectionMenu.filter(
            participant__telegram_user_id=user_id, message_id=message_id, closed_at=None
        ).delete()
        return deleted > 0

    async def closed_unused(self, user_id: int, message_id: int) -> str | None:
        rows = await CorrectionMenu.filter(
            participant__telegram_user_id=user_id,
            message_id=message_id,
            closed_at__isnull=False,
            closed_why=None,
        ).values_list("participant_id", "face__person_id", "face__person__name")
        if not rows:
            return None
        participant, person, name = rows[0]
        # Named only to a guardian of it: the face may be another family's child by now.
        if person is None or not await Guardianship.exists(
            participant_id=participant, person_id=person
        ):
            return ""
        return str(name or "")

    async def take_menus(
        self, person_id: UUID, closed: ClosedMenus = ClosedMenus.LEFT
    ) -> list[OpenMenu]:
        return await self._take(CorrectionMenu.filter(face__person_id=person_id), closed=closed)

    async def take_face_menus(
        self, face_id: UUID, user_id: int | None, closed: ClosedMenus = ClosedMenus.LEFT
    ) -> list[OpenMenu]:
        menus = CorrectionMenu.filter(face_id=face_id)
        if user_id is not None:
            menus = menus.filter(participant__telegram_user_id=user_id)
        return await self._take(menus, closed=closed)

    async def take_moved(
        self, event_id: UUID, closed: ClosedMenus = ClosedMenus.LEFT
    ) -> list[OpenMenu]:
        event = await AssignmentEvent.get_or_none(id=event_id)
        if event is None:
            return []
        faces = [UUID(face) for face in event.face_ids]
        # Both persons' faces: a menu about one of the kept person's faces offered the
        # other as a choice ("Not Yoav? Then whose? [Noa]").
        persons = [p for p in (event.from_person_id, event.to_person_id) if p]  # type: ignore[attr-defined]
        return await self._take(
            CorrectionMenu.filter(Q(face_id__in=faces) | Q(face__person_id__in=persons)),
            closed=closed,
        )

    async def merge_names(self, event_id: UUID) -> MergeNames | None:
        event = await AssignmentEvent.get_or_none(id=event_id).prefetch_related(
            "from_person", "to_person"
        )
        if event is None or event.from_person is None or event.to_person is None:
            return None
        undone = bool((event.details or {}).get("unmerge"))
        if event.operation != AssignmentOperation.MERGE and not undone:
            return None
        # An undo's event runs the other way: from the kept person back to the removed one.
        removed, kept = (
            (event.to_person, event.from_person) if undone else (event.from_person, event.to_person)
        )
        return MergeNames(removed.name, kept.name, undone=undone)

    async def take_in_chat(self, user_id: int) -> list[OpenMenu]:
        return await self._take(
            CorrectionMenu.filter(participant__telegram_user_id=user_id),
            closed=ClosedMenus.FORGOTTEN,
        )

    async def take_unused(self, shown_before: datetime, limit: int) -> list[OpenMenu]:
        return await self._take(
            CorrectionMenu.filter(created_at__lt=shown_before).order_by("created_at").limit(limit),
            closing=True,
        )

    @staticmethod
    async def _take(
        menus: QuerySet[CorrectionMenu],
        *,
        closing: bool = False,
        closed: ClosedMenus = ClosedMenus.LEFT,
    ) -> list[OpenMenu]:
        """The open menus the query finds (and those closed unused, as ``closed`` says),
        forgotten as they are returned (``closing``: marked closed, nothing chosen);
        ``name``: the person each face is now (empty: nobody's)."""
        if closed == ClosedMenus.LEFT:
            menus = menus.filter(closed_at=None)
        rows = await menus.values_list(
            "id", "participant__telegram_user_id", "message_id", "face__person__name"
        )
        taken = CorrectionMenu.filter(id__in=[menu_id for menu_id, *_ in rows])
        if closed == ClosedMenus.KEPT:
            # The open ones closed by this rename or merge are kept, closed by it: their
            # words name the person and a button, which a /forget or a deletion re-words
            # (findings25 10); a choice replayed on one is answered as before (not as the
            # cron's "nothing was chosen").
            await taken.filter(closed_at=None).update(
                closed_at=datetime.now(UTC), closed_why=CLOSED_BY_CHANGE
            )
        elif closing:
            await taken.update(closed_at=datetime.now(UTC))
        else:
            await taken.delete()
        return [
            OpenMenu(int(chat_id), int(message_id), str(name or ""))
            for _, chat_id, message_id, name in rows
        ]


class TortoiseCorrectionStore:
    """The corrections' stores: ``Suggestion`` rows (the questions), the faces they are
    about and their crops."""

    # Crops

    async def crop_to_drop(self, face_id: UUID) -> str | None:
        # The next family's request first: its worker commits the question it asks before it
        # marks the request done, so a request found done here has its question found open
        # below. Read the other way round, both could be missed between the two reads (the
        # question made and the request done in between) and the crop of a question about to
        # be asked dropped (the send job then met an empty crop key).
        if await UserRequest.exists(kind=NEXT_FAMILY, subject=str(face_id), done_at=None):
            return None
        if await Suggestion.exists(face_id=face_id, status=SuggestionStatus.PENDING):
            return None
        face = await Face.get_or_none(id=face_id, source=FaceSource.GROUP_PHOTO)
        return None if face is None else face.crop_key

    async def crop_dropped(self, face_id: UUID, crop_key: str) -> None:
        await Face.filter(id=face_id, crop_key=crop_key).update(crop_key=None)

    # Expiry

    async def unanswered(self, asked_before: datetime, limit: int) -> list[Asked]:
        due = (
            await Suggestion.filter(status=SuggestionStatus.PENDING, notified_at__lt=asked_before)
            .order_by("notified_at")
            .limit(limit)
        )
        return [
            Asked(suggestion.id, suggestion.face_id, _sent(suggestion.sent_to))  # type: ignore[attr-defined]
            for suggestion in due
        ]

    async def expire(self, suggestion_id: UUID, at: datetime) -> bool:
        return bool(
            await Suggestion.filter(id=suggestion_id, status=SuggestionStatus.PENDING).update(
                status=SuggestionStatus.EXPIRED, withdrawn_at=at
            )
        )

    # The next family

    async def question_count(self, face_id: UUID) -> int:
        return await Suggestion.filter(face_id=face_id).count()

    async def any_open(self, face_id: UUID) -> bool:
        return await Suggestion.exists(face_id=face_id, status=SuggestionStatus.PENDING)

    # The rows of ``domain.jobs.requests`` (``ask``, ``pending``, ``done``), which the
    # reconcile cron reads to queue them again.

    async def ask_next_family(self, face_id: UUID) -> None:
        await UserRequest.create(kind=NEXT_FAMILY, subject=str(face_id), requested_by=None)

    async def asked(self, face_id: UUID) -> list[UUID]:
        return await open_requests(NEXT_FAMILY, face_id)

    async def mark_done(self, asks: list[UUID]) -> None:
        await requests_done(asks)

    async def unasked(self, face_id: UUID) -> Unasked | None:
        face = await Face.get_or_none(id=face_id, source=FaceSource.GROUP_PHOTO).prefetch_related(
            "photo__group"
        )
        photo = face.photo if face is not None else None
        if face is None or photo is None or face.person_id is not None:  # type: ignore[attr-defined]
            return None
        if photo.removed_at is not None or not photo.group.is_active:
            return None
        return Unasked(photo.group.id, photo.posted_at.date(), photo.group.strictness)

    async def left_out(self, face_id: UUID) -> set[UUID]:
        photo_id = await Face.filter(id=face_id).values_list("photo_id", flat=True)
        return {
            UUID(str(person_id))
            for person_id in (
                *await Suggestion.filter(face_id=face_id).values_list("person_id", flat=True),
                *[person for _, person in await assignments.taken_off([face_id])],
                *await Face.filter(photo_id__in=photo_id, person_id__isnull=False).values_list(
                    "person_id", flat=True
                ),
            )
        }

    async def matchable(self, group_id: UUID, posted_on: date) -> list[UUID]:
        return list(await assignments.matchable_persons(group_id, posted_on))

    async def suggest(self, face_id: UUID, person_id: UUID, score: float) -> UUID | None:
        async with in_transaction():
            locked = await Face.select_for_update().get(id=face_id)
            if locked.person_id is not None:  # type: ignore[attr-defined]
                return None  # matched meanwhile (a guardian moved it to their child)
            suggestion, created = await Suggestion.get_or_create(
                face_id=face_id, person_id=person_id, defaults={"score": score}
            )
        return suggestion.id if created else None

    # Sheets of questions (``EarlierPhotos`` rows with a participant)

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return in_transaction()

    async def lock_guardian(self, participant_id: UUID) -> None:
        await Participant.select_for_update().get(id=participant_id)

    async def waiting_sheet(
        self, participant_id: UUID, person_id: UUID, group_id: UUID
    ) -> WaitingSheet | None:
        sheet = (
            await EarlierPhotos.select_for_update()
            .filter(
                participant_id=participant_id,
                person_id=person_id,
                group_id=group_id,
                status=OfferStatus.WAITING,
            )
            .order_by("-created_at")
            .first()
        )
        if sheet is None:
            return None
        return WaitingSheet(
            sheet.id, list(sheet.face_ids), dict(sheet.scores or {}), sheet.created_at
        )

    async def start_sheet(
        self, participant_id: UUID, person_id: UUID, group_id: UUID, face_id: str, score: float
    ) -> None:
        await EarlierPhotos.create(
            person_id=person_id,
            group_id=group_id,
            participant_id=participant_id,
            face_ids=[face_id],
            scores={face_id: score},
            photo_count=1,
            status=OfferStatus.WAITING,
            sheet=True,
        )

    async def add_to_sheet(self, sheet: WaitingSheet) -> None:
        await EarlierPhotos.filter(id=sheet.id).update(
            face_ids=sheet.face_ids, scores=sheet.scores, photo_count=len(sheet.face_ids)
        )

    async def waiting_count(self, participant_id: UUID) -> int:
        sheets = await EarlierPhotos.filter(
            participant_id=participant_id, status=OfferStatus.WAITING
        ).values_list("face_ids", flat=True)
        return sum(len(faces) for faces in sheets)

    async def notified_since(self, participant_id: UUID, since: datetime) -> list[Notified]:
        rows = (
            await Suggestion.filter(
                notified_at__gte=since, person__guardianships__participant_id=participant_id
            )
            .distinct()
            .values_list("id", "face_id", "notified_at", "sent_to")
        )
        return [
            Notified(
                UUID(str(suggestion_id)),
                UUID(str(face_id)),
                notified_at,
                None if sent_to is None else _sent(sent_to),
            )
            for suggestion_id, face_id, notified_at, sent_to in rows
        ]

    async def gathered(self, participant_id: UUID) -> set[str]:
        return {
            face
            for faces in await EarlierPhotos.filter(participant_id=participant_id).values_list(
                "face_ids", flat=True
            )
            for face in faces
        }

    async def asker(self, participant_id: UUID) -> Asker | None:
        participant = await Participant.get_or_none(id=participant_id)
        return None if participant is None else _asker(participant)

    async def gathering(self) -> list[UUID]:
        return [
            UUID(str(participant_id))
            for participant_id in await EarlierPhotos.filter(
                status=OfferStatus.WAITING, participant_id__isnull=False
            )
            .distinct()
            .values_list("participant_id", flat=True)
        ]

    async def waiting_sheets(self, participant_id: UUID) -> list[Sheet]:
        return [
            _sheet(sheet)
            for sheet in await EarlierPhotos.filter(
                participant_id=participant_id, status=OfferStatus.WAITING
            ).order_by("created_at")
        ]

    async def owed_one_by_one(self) -> list[Owed]:
        owed = []
        for sheet in await EarlierPhotos.filter(
            status=OfferStatus.ONE_BY_ONE, participant_id__isnull=False
        ).prefetch_related("participant"):
            participant = sheet.participant
            if participant is None:
                continue
            for suggestion in await Suggestion.filter(
                face_id__in=sheet.face_ids,
                person_id=sheet.person_id,  # type: ignore[attr-defined]
                status=SuggestionStatus.PENDING,
            ):
                owed.append(
                    Owed(
                        suggestion.id,
                        participant.id,
                        participant.telegram_user_id,
                        _sent(suggestion.sent_to),
                        alone=not sheet.sent_to,
                    )
                )
        return owed

    async def claim_sheet(self, sheet_id: UUID) -> bool:
        return bool(
            await EarlierPhotos.filter(id=sheet_id, status=OfferStatus.WAITING).update(
                status=OfferStatus.SENDING
            )
        )

    async def sheet_to(self, sheet_id: UUID, status: OfferStatus) -> None:
        await EarlierPhotos.filter(id=sheet_id).update(status=status)

    async def unclaim_sheet(self, sheet_id: UUID) -> None:
        await EarlierPhotos.filter(id=sheet_id, status=OfferStatus.SENDING).update(
            status=OfferStatus.WAITING
        )

    async def subject(self, sheet_id: UUID) -> Subject:
        sheet = await EarlierPhotos.get(id=sheet_id).prefetch_related("person", "group")
        person, group = sheet.person, sheet.group
        return Subject(
            person.name, PersonStatus(person.status), group.title, group.paused_at is not None
        )

    async def open_faces(self, sheet: Sheet) -> list[tuple[UUID, str | None]]:
        faces = {
            str(face.id): face
            for face in await Face.filter(
                id__in=sheet.face_ids,
                person_id=None,
                photo__removed_at__isnull=True,
                suggestions__person_id=sheet.person_id,
                suggestions__status=SuggestionStatus.PENDING,
            )
        }
        return [(faces[face].id, faces[face].crop_key) for face in sheet.face_ids if face in faces]

    async def clips_among(self, face_ids: list[str]) -> int:
        return await Face.filter(
            id__in=face_ids, photo__media_kind__in=[k for k in MediaKind if k.is_clip]
        ).count()

    async def receiving(self, person_id: UUID, group_id: UUID) -> set[UUID]:
        return {
            guardian.id for guardian in await assignments.receiving_guardians(person_id, group_id)
        }

    async def shown(self, sheet_id: UUID, face_ids: list[str]) -> None:
        await EarlierPhotos.filter(id=sheet_id).update(face_ids=face_ids, photo_count=len(face_ids))

    async def sheet_sent(self, sheet_id: UUID, chat_id: int, message_id: int) -> None:
        await EarlierPhotos.filter(id=sheet_id).update(
            status=OfferStatus.PENDING, sent_to=[[chat_id, message_id]]
        )

    async def close_taken(self) -> None:
        taken = await Suggestion.filter(
            status=SuggestionStatus.PENDING, face__person_id__isnull=False
        ).values_list("id", flat=True)
        if taken:
            await Suggestion.filter(id__in=list(taken), status=SuggestionStatus.PENDING).update(
                status=SuggestionStatus.EXPIRED
            )

    async def settled(self, limit: int) -> list[Settled]:
        due = (
            await Suggestion.filter(withdrawn_at=None, sent_to__isnull=False)
            .exclude(status=SuggestionStatus.PENDING)
            .prefetch_related("reviewed_by", "person", "face")
            .order_by("created_at")
            .limit(limit)
        )
        return [
            replace(
                _settled(suggestion, await self._partner(suggestion)),
                answer_gone=await _answer_gone(suggestion),
            )
            for suggestion in due
        ]

    @staticmethod
    async def _partner(suggestion: Suggestion) -> PartnerAnswer | None:
        """A pair's question closed unanswered: the guardian's yes to its partner that
        settled it, if one did."""
        if suggestion.pair_id is None or suggestion.status != SuggestionStatus.EXPIRED:
            return None
        answered = (
            await Suggestion.filter(
                pair_id=suggestion.pair_id,
                status=SuggestionStatus.ACCEPTED,
                reviewed_by_id__isnull=False,
            )
            .exclude(id=suggestion.id)
            .prefetch_related("person", "reviewed_by")
            .first()
        )
        if answered is None or answered.reviewed_by is None:
            return None
        chats = await Participant.filter(guardianships__person_id=answered.person.id).values_list(
            "telegram_user_id", flat=True
        )
        return PartnerAnswer(
            SuggestionStatus.ACCEPTED,
            answered.reviewed_by.telegram_user_id,
            answered.reviewed_by.first_name,
            answered.person.name,
            frozenset(int(str(chat)) for chat in chats),
        )

    async def withdraw(self, suggestion_id: UUID, at: datetime) -> bool:
        return bool(
            await Suggestion.filter(id=suggestion_id, withdrawn_at=None).update(withdrawn_at=at)
        )

    async def shown_sheets(self, limit: int) -> list[Sheet]:
        return [
            _sheet(sheet)
            for sheet in await EarlierPhotos.filter(
                status=OfferStatus.PENDING, participant_id__isnull=False
            ).limit(limit)
        ]

    async def follow_merges(self) -> list[UUID]:
        moved: set[UUID] = set()
        for sheet in await EarlierPhotos.filter(
            participant_id__isnull=False,
            status__in=assignments.OPEN_SHEETS,
            person__status=PersonStatus.MERGED,
        ).prefetch_related("person"):
            person = await assignments.merge_chain_end(sheet.person)
            if person is None or person.status not in (PersonStatus.ACTIVE, PersonStatus.PAUSED):
                continue
            await EarlierPhotos.filter(id=sheet.id, status=sheet.status).update(person_id=person.id)
            moved.add(person.id)
        return sorted(moved)

    async def close_sheet(self, sheet_id: UUID) -> bool:
        return bool(
            await EarlierPhotos.filter(id=sheet_id, status=OfferStatus.PENDING).update(
                status=OfferStatus.CLOSED
            )
        )

    # Asking ("Is this Alice?")

    async def suggested(self, suggestion_id: UUID) -> Suggested | None:
        suggestion = await Suggestion.get_or_none(id=suggestion_id).prefetch_related(
            "person", "face__photo__group"
        )
        return None if suggestion is None else _suggested(suggestion)

    async def paired_with(self, suggestion: Suggested) -> Suggested | None:
        if suggestion.pair_id is None:
            return None
        other = (
            await Suggestion.filter(pair_id=suggestion.pair_id)
            .exclude(id=suggestion.id)
            .prefetch_related("person", "face__photo__group")
            .first()
        )
        return None if other is None else _suggested(other)

    async def receiving_askers(self, person_id: UUID, group_id: UUID) -> list[Asker]:
        return [
            _asker(guardian)
            for guardian in await assignments.receiving_guardians(person_id, group_id)
        ]

    async def claim_question(self, suggestion_id: UUID, at: datetime) -> bool:
        return bool(
            await Suggestion.filter(id=suggestion_id, notified_at=None).update(notified_at=at)
        )

    async def crop_lost(self, suggestion_id: UUID) -> None:
        await Suggestion.filter(id=suggestion_id).update(status=SuggestionStatus.EXPIRED)

    async def reserve_chat(self, suggestion_id: UUID, chat_id: int, at: datetime) -> bool:
        async with in_transaction():
            locked = await Suggestion.select_for_update().get_or_none(id=suggestion_id)
            if locked is None or locked.status != SuggestionStatus.PENDING:
                return False
            asking = questions.reserved(
                [(chat, message) for chat, message in locked.sent_to or []],
                locked.asking or [],
                chat_id,
                at,
            )
            if asking is None:
                return False
            locked.asking = asking
            await locked.save(update_fields=["asking"])
            return True

    async def release_chat(self, suggestion_id: UUID, chat_id: int) -> None:
        async with in_transaction():
            locked = await Suggestion.select_for_update().get_or_none(id=suggestion_id)
            if locked is not None:
                locked.asking = questions.unreserved(locked.asking or [], {chat_id}) or None
                await locked.save(update_fields=["asking"])

    async def question_sent(self, suggestion_id: UUID, sent_to: Sent) -> None:
        async with in_transaction():
            locked = await Suggestion.select_for_update().get(id=suggestion_id)
            already = [list(each) for each in locked.sent_to or []]
            locked.sent_to = already + [
                [chat_id, message_id]
                for chat_id, message_id in sent_to
                if [chat_id, message_id] not in already
            ]
            chats = {chat_id for chat_id, _ in sent_to}
            locked.asking = questions.unreserved(locked.asking or [], chats) or None
            await locked.save(update_fields=["sent_to", "asking"])

    async def also_sent(self, suggestion_id: UUID, chat_id: int, message_id: int) -> None:
        async with in_transaction():
            locked = await Suggestion.select_for_update().get(id=suggestion_id)
            locked.sent_to = [*(locked.sent_to or []), [chat_id, message_id]]
            locked.asking = questions.unreserved(locked.asking or [], {chat_id}) or None
            await locked.save(update_fields=["sent_to", "asking"])

    async def clip_turn(self, suggestion_id: UUID, at: datetime) -> Turn:
        asked = await Suggestion.get_or_none(id=suggestion_id).prefetch_related("face")
        if asked is None:
            return Turn.SETTLE
        face = asked.face
        async with in_transaction():
            # The person's questions about the clip's tracks, locked in one order (no join:
            # the faces stay unlocked, as an answer locks its own face after its question).
            questions = (
                await Suggestion.filter(
                    person_id=asked.person_id,  # type: ignore[attr-defined]
                    face_id__in=await _faces_of(face.photo_id),  # type: ignore[attr-defined]
                    pair_id=None,
                )
                .order_by("id")
                .select_for_update()
            )
            this = next((q for q in questions if q.id == asked.id), None)
            if this is None or this.status != SuggestionStatus.PENDING or this.notified_at:
                return Turn.WAIT  # settled, or being asked: not this run's to ask
            decided = turn(
                _clip_question(this),
                [_clip_question(q) for q in questions if q.id != this.id],
                held=await Face.exists(
                    photo_id=face.photo_id,  # type: ignore[attr-defined]
                    person_id=asked.person_id,  # type: ignore[attr-defined]
                ),
                taken=await Face.filter(id=face.id, person_id__isnull=False).exists(),
            )
            if decided == Turn.SETTLE:
                await Suggestion.filter(id=this.id).update(
                    status=SuggestionStatus.EXPIRED, withdrawn_at=at, waiting=False
                )
            else:
                await Suggestion.filter(id=this.id).update(waiting=decided == Turn.WAIT)
            return decided

    # Answers to questions (``service.Corrections``)

    async def clip_questions_left(self, suggestion_id: UUID) -> list[UUID]:
        asked = await Suggestion.get_or_none(id=suggestion_id).prefetch_related("face__photo")
        if asked is None or asked.pair_id is not None:
            return []
        photo = asked.face.photo
        if photo is None or not MediaKind(photo.media_kind).is_clip:
            return []
        return await ids_of(
            Suggestion.filter(
                person_id=asked.person_id,  # type: ignore[attr-defined]
                face_id__in=await _faces_of(photo.id),
                pair_id=None,
                status=SuggestionStatus.PENDING,
                notified_at=None,
            ).exclude(id=asked.id)
        )

    async def guardian_of(self, user_id: int, person_ids: list[UUID]) -> UUID | None:
        if not person_ids:
            return None
        participant = await Participant.get_or_none(telegram_user_id=user_id)
        if participant is None:
            return None
        guarded = await Guardianship.filter(
            participant_id=participant.id, person_id__in=person_ids
        ).values_list("person_id", flat=True)
        return participant.id if set(guarded) >= set(person_ids) else None

    async def left_group(
        self, participant_id: UUID, person_ids: list[UUID], photo_id: UUID | None
    ) -> str | None:
        photo = await Photo.get_or_none(id=photo_id).prefetch_related("group") if photo_id else None
        if photo is None:
            return None  # the photo is gone: the answer says so its own way
        for person_id in person_ids:
            receiving = await assignments.receiving_guardians(person_id, photo.group.id)
            if participant_id not in {guardian.id for guardian in receiving}:
                return photo.group.title or ""
        return None

    async def answering(self, suggestion_id: UUID) -> Answering | None:
        suggestion = await Suggestion.get_or_none(id=suggestion_id).prefetch_related(
            "person", "face"
        )
        return None if suggestion is None else _answering(suggestion)

    async def pair(self, pair_id: UUID) -> list[Answering]:
        return [
            _answering(suggestion)
            for suggestion in await Suggestion.filter(pair_id=pair_id)
            .prefetch_related("person", "face")
            .order_by("-score", "person_id")
        ]

    async def lock_questions(self, suggestion_ids: list[UUID], face_id: UUID) -> Locked:
        locked = await Suggestion.select_for_update().filter(id__in=suggestion_ids)
        face = await Face.select_for_update().get(id=face_id).prefetch_related("photo")
        return Locked(
            {
                suggestion.id: (
                    SuggestionStatus(suggestion.status),
                    suggestion.reviewed_at is not None,
                )
                for suggestion in locked
            },
            face.person_id,  # type: ignore[attr-defined]
            face.photo is not None and face.photo.removed_at is not None,
        )

    async def settle(
        self, suggestion_id: UUID, status: SuggestionStatus, participant_id: UUID
    ) -> None:
        await Suggestion.filter(id=suggestion_id).update(
            status=status, reviewed_by_id=participant_id, reviewed_at=datetime.now(UTC)
        )

    async def reject(self, face_id: UUID, person_id: UUID, participant_id: UUID) -> None:
        await FaceRejection.get_or_create(
            face_id=face_id, person_id=person_id, defaults={"rejected_by_id": participant_id}
        )

    async def accept(
        self, face_id: UUID, person_id: UUID, participant_id: UUID, note: str
    ) -> Changed:
        face = await Face.get(id=face_id).prefetch_related("photo")
        person = await Person.get(id=person_id)
        event = await assignments.assign(
            face, person_id, Actor.of_participant(participant_id), prototype=None, note=note
        )
        await Suggestion.filter(face_id=face_id, status=SuggestionStatus.PENDING).update(
            status=SuggestionStatus.EXPIRED
        )
        deliveries = await plan_deliveries(face.photo, person)
        # A copy a correction or an undo took out of a guardian's chat comes again: the
        # face is their person's now (findings27 4: a claim's "Some are" answered yes said
        # "It's already in your chat" of a copy her Undo had deleted, and sent nothing).
        deliveries += await restore_copies(face.photo, person)
        return Changed(event.id, deliveries, await prototype_choice.ask([person_id]))

    async def delivered(self, suggestion_id: UUID, user_id: int) -> Delivered:
        photo = await Photo.get_or_none(faces__suggestions__id=suggestion_id)
        if photo is None:
            return Delivered(None, own_post=False)
        clip = photo.media_kind.is_clip
        delivery = await Delivery.get_or_none(
            participant__telegram_user_id=user_id, photo_id=photo.id
        )
        if delivery is not None:
            answered = await Suggestion.get(id=suggestion_id).values_list("reviewed_at", flat=True)
            # When it was sent, not planned: a copy an undo had taken, planned again by the
            # answer and sent before this was read, was planned long before (CI: "It's
            # already in your chat" of the copy the yes sent again).
            sent = delivery.sent_at or delivery.created_at
            before = (
                delivery.status == DeliveryStatus.SENT
                and isinstance(answered, datetime)
                and sent < answered
            )
            return Delivered(
                DeliveryStatus(delivery.status), own_post=False, clip=clip, before=before
            )
        return Delivered(None, own_post=photo.posted_by_user_id == user_id, clip=clip)

    async def copies_named(self, suggestion_id: UUID) -> list[CopyChange]:
        suggestion = await Suggestion.get_or_none(id=suggestion_id).prefetch_related(
            "person", "face__photo"
        )
        if suggestion is None or suggestion.person is None:
            return []
        return await copies_after(suggestion.face.photo, suggestion.person)

    async def answered_about(self, person_id: UUID) -> list[AnsweredQuestion]:
        return await self._answered(person_id=person_id, pair_id__isnull=True)

    async def _answered(self, **where: Any) -> list[AnsweredQuestion]:
        """``answered_about`` of the questions ``where`` picks."""
        found = []
        for question in await Suggestion.filter(
            person_id__isnull=False,
            status__in=[SuggestionStatus.ACCEPTED, SuggestionStatus.REJECTED],
            reviewed_by_id__isnull=False,
            sent_to__isnull=False,
            **where,
        ).prefetch_related("person", "reviewed_by", "no_undone_by", "face__photo"):
            by, photo = question.reviewed_by, question.face.photo
            if by is None or photo is None:
                continue
            person_id = question.person.id
            no_undone = question.status == SuggestionStatus.REJECTED and not (
                await FaceRejection.exists(face_id=question.face.id, person_id=person_id)
            )
            undid_no = question.no_undone_by
            if no_undone and undid_no is None:
                # Undone by one who has left since, or before undoers were kept: its
                # message says so as it was written; nothing tells who undid it now.
                continue
            # A "yes" undone from /history: its message says so, in the name now too
            # (findings25 3: it kept the old name after a rename).
            undone = (
                question.status == SuggestionStatus.ACCEPTED
                and question.face.person_id != person_id  # type: ignore[attr-defined]
            )
            chats = {
                guardian.telegram_user_id
                for guardian in await assignments.receiving_guardians(
                    person_id,
                    photo.group_id,  # type: ignore[attr-defined]
                )
            }
            sent = [(int(c), int(m)) for c, m in question.sent_to or [] if int(c) in chats]
            if not sent:
                continue
            undoer, removed = "", False
            if undid_no is not None and no_undone and undid_no.id != by.id:
                undoer = undid_no.first_name or "?"  # the owner undid another's "no"
            if undone:
                undid = await _yes_undoer(question.face.id, person_id, by.id)
                if undid is None:
                    continue  # the face went elsewhere by a correction, not an undo
                undoer = undid
                delivery = await Delivery.get_or_none(participant_id=by.id, photo_id=photo.id)
                # Its copy went at the undo (deleted or hidden: no message left of it).
                removed = (
                    delivery is None
                    or delivery.status != DeliveryStatus.SENT
                    or delivery.message_id is None
                )
            found.append(
                AnsweredQuestion(
                    question.id,
                    SuggestionStatus(question.status),
                    by.telegram_user_id,
                    by.first_name,
                    question.person.name,
                    sent,
                    undone=undone,
                    undoer=undoer,
                    removed=removed,
                    clip=photo.media_kind.is_clip,
                    no_undone=no_undone,
                )
            )
        return found

    async def answered_by_user(self, user_id: int) -> list[AnsweredQuestion]:
        return await self._answered(reviewed_by__telegram_user_id=user_id)

    async def open_halves_said_by(self, user_id: int) -> list[tuple[Suggested, PartnerAnswer]]:
        person_ids = await Suggestion.filter(
            reviewed_by__telegram_user_id=user_id,
            pair_id__isnull=False,
            status=SuggestionStatus.REJECTED,
        ).values_list("person_id", flat=True)
        found: dict[UUID, tuple[Suggested, PartnerAnswer]] = {}
        for person_id in dict.fromkeys(p for p in person_ids if p is not None):
            for left, said in await self.open_halves_about(UUID(str(person_id))):
                if said.by_chat == user_id:
                    found[left.id] = (left, said)
        return list(found.values())

    async def answered_pairs_about(self, person_id: UUID) -> list[AnsweredPair]:
        found = []
        pair_ids = await Suggestion.filter(
            person_id=person_id,
            pair_id__isnull=False,
            status__in=[SuggestionStatus.ACCEPTED, SuggestionStatus.REJECTED],
        ).values_list("pair_id", flat=True)
        for pair_id in set(pair_ids):
            halves = await Suggestion.filter(pair_id=pair_id).prefetch_related(
                "person", "reviewed_by", "no_undone_by", "face__photo"
            )
            lead = next((h for h in halves if h.id == pair_id), None)
            other = next((h for h in halves if h.id != pair_id), None)
            if lead is None or other is None or len(halves) != 2:
                continue
            by, photo = lead.reviewed_by, lead.face.photo
            # One answer to the pair's question: both halves settled by the same guardian.
            if (
                by is None
                or photo is None
                or other.reviewed_by_id != by.id  # type: ignore[attr-defined]
                or {lead.status, other.status}
                - {SuggestionStatus.ACCEPTED, SuggestionStatus.REJECTED}
            ):
                continue
            chats = await assignments.chats_guarding(lead.person.id, other.person.id)
            chat = by.telegram_user_id
            sent = [
                (int(c), int(m))
                for c, m in lead.sent_to or []
                if int(c) == chat and int(c) in chats
            ]
            if not sent:
                continue
            others = [
                (int(c), int(m))
                for c, m in lead.sent_to or []
                if int(c) != chat and int(c) in chats
            ]
            yes = next((h for h in halves if h.status == SuggestionStatus.ACCEPTED), None)
            stands, yes_undoer, removed = True, "", False
            if yes is not None and yes.face.person_id != yes.person.id:  # type: ignore[attr-defined]
                undid = await _yes_undoer(yes.face.id, yes.person.id, by.id)
                if undid is None:
                    continue  # the face went elsewhere by a correction, not an undo
                stands, yes_undoer = False, undid
                delivery = await Delivery.get_or_none(participant_id=by.id, photo_id=photo.id)
                removed = (
                    delivery is None
                    or delivery.status != DeliveryStatus.SENT
                    or delivery.message_id is None
                )
            noes = []
            for half in (lead, other):
                if half.status != SuggestionStatus.REJECTED:
                    continue
                kept = await FaceRejection.exists(face_id=half.face.id, person_id=half.person.id)
                undoer = half.no_undone_by
                noes.append(
                    (
                        half.person.name,
                        kept,
                        "" if undoer is None or undoer.id == by.id else undoer.first_name or "?",
                    )
                )
            found.append(
                AnsweredPair(
                    lead.id,
                    chat,
                    sent,
                    lead.person.name,
                    other.person.name,
                    yes.person.name if yes is not None else None,
                    stands,
                    yes_undoer,
                    removed,
                    tuple(noes),
                    clip=photo.media_kind.is_clip,
                    others=others,
                    by_name=by.first_name,
                    lead_yes=lead.status == SuggestionStatus.ACCEPTED,
                )
            )
        return found

    async def open_about(self, person_id: UUID) -> list[Suggested]:
        found = []
        for question in await Suggestion.filter(
            person_id=person_id,
            status=SuggestionStatus.PENDING,
            sent_to__isnull=False,
        ).prefetch_related("person", "face__photo__group"):
            asked = _suggested(question)
            photo = asked.photo
            if photo is None or photo.taken_down:
                continue
            chats = await _receiving_chats(person_id, photo.group_id)
            partner = await self.paired_with(asked)
            if partner is not None:
                # A guardian of both was asked about both (or, after a no, about the
                # other alone): not this person's question alone there.
                chats -= await assignments.chats_guarding(person_id, partner.person_id)
            sent = [(chat, message) for chat, message in asked.sent_to if chat in chats]
            if sent:
                found.append(replace(asked, sent_to=sent))
        return found

    async def open_pairs_about(self, person_id: UUID) -> list[tuple[Suggested, Suggested]]:
        found = []
        for pair_id in await Suggestion.filter(
            person_id=person_id, pair_id__isnull=False, status=SuggestionStatus.PENDING
        ).values_list("pair_id", flat=True):
            asked = await Suggestion.filter(
                pair_id=pair_id, status=SuggestionStatus.PENDING
            ).prefetch_related("person", "face__photo__group")
            lead = next((_suggested(q) for q in asked if q.id == pair_id), None)
            other = next((_suggested(q) for q in asked if q.id != pair_id), None)
            if lead is None or other is None or len(asked) != 2:
                continue
            face = asked[0].face
            photo = lead.photo
            if photo is None or photo.taken_down or face.person_id is not None:  # type: ignore[attr-defined]
                continue
            chats = (
                await _receiving_chats(lead.person_id, photo.group_id)
                & await _receiving_chats(other.person_id, photo.group_id)
                & await assignments.chats_guarding(lead.person_id, other.person_id)
            )
            sent = [(chat, message) for chat, message in lead.sent_to if chat in chats]
            if sent:
                found.append((replace(lead, sent_to=sent), other))
        return found

    async def open_halves_about(self, person_id: UUID) -> list[tuple[Suggested, PartnerAnswer]]:
        found = []
        for pair_id in await Suggestion.filter(
            person_id=person_id, pair_id__isnull=False
        ).values_list("pair_id", flat=True):
            pair = await Suggestion.filter(pair_id=pair_id).prefetch_related(
                "person", "reviewed_by", "face__photo__group"
            )
            open_ = [q for q in pair if q.status == SuggestionStatus.PENDING]
            said = [q for q in pair if q.status == SuggestionStatus.REJECTED]
            if len(pair) != 2 or len(open_) != 1 or len(said) != 1:
                continue
            (question,), (no,) = open_, said
            asked = _suggested(question)
            photo = asked.photo
            # Its "no" undone from /history since: the question says so (findings32 5).
            undone = no.no_undone_at is not None
            if (
                photo is None
                or photo.taken_down
                or question.face.person_id is not None  # type: ignore[attr-defined]
                or no.reviewed_by is None
                or not (
                    undone
                    or await FaceRejection.exists(face_id=asked.face_id, person_id=no.person_id)  # type: ignore[attr-defined]
                )
            ):
                continue
            chats = await _receiving_chats(
                asked.person_id, photo.group_id
            ) & await assignments.chats_guarding(
                asked.person_id,
                no.person_id,  # type: ignore[attr-defined]
            )
            sent = [(chat, message) for chat, message in asked.sent_to if chat in chats]
            if sent:
                by = no.reviewed_by
                answer = PartnerAnswer(
                    SuggestionStatus.REJECTED,
                    by.telegram_user_id,
                    by.first_name or None,
                    no.person.name,
                    frozenset(),
                    undone=undone,
                )
                found.append((replace(asked, sent_to=sent), answer))
        return found

    async def sheets_about(self, person_id: UUID) -> list[Sheet]:
        found = []
        for sheet in await EarlierPhotos.filter(
            person_id=person_id,
            participant_id__isnull=False,
            status=OfferStatus.PENDING,
            sent_to__isnull=False,
        ):
            shown = _sheet(sheet)
            chats = await _receiving_chats(person_id, shown.group_id)
            sent = [(chat, message) for chat, message in shown.sent_to if chat in chats]
            if sent:
                found.append(replace(shown, sent_to=sent))
        return found

    async def may_be_told(
        self, face_id: UUID | None, user_id: int, message_id: int | None = None
    ) -> bool:
        face = None if face_id is None else await Face.get_or_none(id=face_id)
        if face is None:
            if (
                message_id is not None
                and await Delivery.filter(
                    Q(message_id=message_id) | Q(corrections_message_id=message_id),
                    participant__telegram_user_id=user_id,
                ).exists()
            ):
                return True
            return await Guardianship.exists(
                participant__telegram_user_id=user_id,
                person__status__in=[PersonStatus.ACTIVE, PersonStatus.PAUSED],
            )
        photo_id = face.photo_id  # type: ignore[attr-defined]
        if photo_id is not None and await Delivery.exists(
            photo_id=photo_id, participant__telegram_user_id=user_id
        ):
            return True
        asked = await Suggestion.filter(face_id=face.id).values_list("sent_to", flat=True)
        return any(int(chat) == user_id for sent in asked for chat, _ in sent or [])

    async def merged_persons(self, event_id: UUID) -> list[UUID]:
        return await assignments.persons_of_merge(event_id)

    async def answered(self, suggestion_id: UUID) -> Settled | None:
        suggestion = await Suggestion.get_or_none(id=suggestion_id).prefetch_related(
            "person", "reviewed_by"
        )
        return None if suggestion is None else _settled(suggestion, None)

    async def hand_over(self, suggestion_id: UUID) -> None:
        answered = await Suggestion.get_or_none(id=suggestion_id)
        if answered is None or answered.pair_id != answered.id:
            return  # no pair, or not its leading question: its messages ask only it
        other = (
            await Suggestion.select_for_update()
            .filter(pair_id=answered.pair_id, status=SuggestionStatus.PENDING)
            .exclude(id=answered.id)
            .first()
        )
        if other is None:
            return
        both = await assignments.chats_guarding(answered.person_id, other.person_id)  # type: ignore[attr-defined]
        sent = _sent(answered.sent_to)
        answered.sent_to = [[chat, message] for chat, message in sent if chat not in both]
        other.sent_to = [
            *(other.sent_to or []),
            *([chat, message] for chat, message in sent if chat in both),
        ]
        await answered.save(update_fields=["sent_to"])
        await other.save(update_fields=["sent_to"])

    async def asked_instead(self, suggestion_id: UUID) -> tuple[Suggested, Sent] | None:
        answered = await Suggestion.get_or_none(id=suggestion_id)
        if answered is None or answered.pair_id is None:
            return None
        other = (
            await Suggestion.filter(pair_id=answered.pair_id, status=SuggestionStatus.PENDING)
            .exclude(id=answered.id)
            .prefetch_related("person", "face__photo__group")
            .first()
        )
        if other is None or other.face.person_id is not None:  # type: ignore[attr-defined]
            return None
        both = await assignments.chats_guarding(answered.person_id, other.person_id)  # type: ignore[attr-defined]
        asking = [(chat, message) for chat, message in _sent(other.sent_to) if chat in both]
        return (_suggested(other), asking) if asking else None

    # "Not Alice?" (``service.Corrections``)

    async def kept_days(self, chat_id: int, message_id: int) -> tuple[str, int] | None:
        copy = (
            await Delivery.filter(participant__telegram_user_id=chat_id, message_id=message_id)
            .select_related("photo__group")
            .first()
        )
        if copy is None:
            # An album's "Not Alice? (photo n)" note: its buttons name the faces of the
            # album's photos, posted together; the oldest of them says whether retention
            # is past them.
            note = await Delivery.get_or_none(
                participant__telegram_user_id=chat_id, corrections_message_id=message_id
            )
            copy = (
                await Delivery.filter(album_id=note.id)  # the note is on the album's first
                .select_related("photo__group")
                .order_by("photo__posted_at")
                .first()
                if note is not None
                else None
            )
        if copy is None or (days := copy.photo.group.retention_days) is None:
            return None
        if copy.photo.posted_at >= datetime.now(UTC) - timedelta(days=days):
            return None
        return copy.photo.group.title, days

    async def face_now(self, face_id: UUID) -> FaceNow | None:
        face = await Face.get_or_none(id=face_id).prefetch_related("person", "photo")
        if face is None:
            return None
        person = None if face.person is None else _someone(face.person)
        clip = face.photo is not None and face.photo.media_kind.is_clip
        round_video = face.photo is not None and face.photo.media_kind == MediaKind.VIDEO_NOTE
        return FaceNow(face.id, face.photo_id, person, clip, round_video)  # type: ignore[attr-defined]

    async def someone(self, person_id: UUID) -> Someone | None:
        person = await Person.get_or_none(id=person_id)
        return None if person is None else _someone(person)

    async def other_persons(
        self, user_id: int, besides: UUID, photo_id: UUID | None = None
    ) -> list[Someone]:
        persons = (
            await Person.filter(
                guardianships__participant__telegram_user_id=user_id, status__in=SHOWN
            )
            .exclude(id=besides)
            .order_by("name")
        )
        photo = await Photo.get_or_none(id=photo_id) if photo_id is not None else None
        if photo is not None:
            # Not approved in the photo's group (findings26 10: "That isn't Mia" offered
            # Zed, whom its organizers rejected, and the copy then read "Zed · Class 2C").
            blocked = await assignments.blocked_persons(photo.group_id)  # type: ignore[attr-defined]
            persons = [person for person in persons if person.id not in blocked]
        return [_someone(person) for person in persons]

    async def staying(self, photo_id: UUID, person_id: UUID, participant_id: UUID) -> list[str]:
        names = (
            await Face.filter(
                photo_id=photo_id,
                person__status__in=SHOWN,
                person__guardianships__participant_id=participant_id,
            )
            .exclude(person_id=person_id)
            .values_list("person__name", flat=True)
        )
        return [str(name) for name in names]

    async def others_losing(
        self, face_id: UUID, person_id: UUID, participant_id: UUID, sent_after: datetime
    ) -> int:
        photo_id = await Face.get(id=face_id).values_list("photo_id", flat=True)
        sent = await Delivery.filter(
            photo_id=photo_id,
            status=DeliveryStatus.SENT,
            message_id__isnull=False,
            participant__guardianships__person_id=person_id,
            sent_at__gt=sent_after,
        ).exclude(participant_id=participant_id)
        # Who keeps their copy: a guardian of another person still shown in the photo.
        others_in_it = (
            await Face.filter(photo_id=photo_id, person__status__in=SHOWN, person_id__isnull=False)
            .exclude(id=face_id)
            .values_list("person_id", flat=True)
        )
        keeping = {
            str(guardian)
            for guardian in await Guardianship.filter(person_id__in=list(others_in_it)).values_list(
                "participant_id", flat=True
            )
        }
        return sum(str(delivery.participant_id) not in keeping for delivery in sent)  # type: ignore[attr-defined]

    async def album_copy(
        self, photo_id: UUID, participant_id: UUID
    ) -> tuple[int | None, int | None]:
        copy = await Delivery.get_or_none(
            photo_id=photo_id,
            participant_id=participant_id,
            status=DeliveryStatus.SENT,
            message_id__isnull=False,
            album_id__isnull=False,
        )
        if copy is None or copy.message_id is None or copy.album_id is None:
            return None, None
        # Its number as the album's note gives it: blanks too old to delete keep theirs.
        places = await album_places(copy.album_id)
        number = next(
            (n for n, item in enumerate(places, start=1) if item.photo_id == photo_id), None
        )
        return int(copy.message_id), number

    async def copy_sent(self, photo_id: UUID, participant_id: UUID) -> datetime | None:
        copy = await Delivery.get_or_none(
            photo_id=photo_id,
            participant_id=participant_id,
            status=DeliveryStatus.SENT,
            message_id__isnull=False,
        )
        return copy.sent_at if copy is not None else None

    async def detach(
        self, face_id: UUID, person_id: UUID, participant_id: UUID, *, remember: bool
    ) -> Changed | None:
        async with in_transaction():
            locked = await Face.select_for_update().get(id=face_id)
            if locked.person_id != person_id:  # type: ignore[attr-defined]
                return None
            event = await assignments.unassign(
                locked,
                Actor.of_participant(participant_id),
                remember_rejection=remember,
                note="guardian: not this person" if remember else REMOVE_ONLY_NOTE,
            )
            # Its place among the prototypes, if it had one, goes to another candidate.
            return Changed(event.id, [], await prototype_choice.ask([person_id]))

    async def move(
        self, face_id: UUID, from_person: UUID, to_person: UUID, participant_id: UUID
    ) -> tuple[UUID | None, Changed | None]:
        async with in_transaction():
            locked = await Face.select_for_update().get(id=face_id).prefetch_related("photo")
            was: UUID | None = locked.person_id  # type: ignore[attr-defined]
            if was != from_person:
                return was, None
            event = await assignments.move(
                locked,
                to_person,
                Actor.of_participant(participant_id),
                note=MOVE_NOTE,
            )
            person = await Person.get(id=to_person)
            deliveries = await plan_deliveries(locked.photo, person)
            # A move back gives the copies an earlier move took, as an undo does.
            resent = await restore_copies(locked.photo, person)
            choose = await prototype_choice.ask([from_person, to_person])
        return was, Changed(event.id, deliveries + resent, choose, resent)

    async def copies_after(
        self, photo_id: UUID | None, person_id: UUID, *, remembered: bool, besides: int
    ) -> list[CopyChange]:
        photo = await Photo.get_or_none(id=photo_id).prefetch_related("group") if photo_id else None
        if photo is None:
            return []
        person = await Person.get(id=person_id)
        by = await corrector_named(person.id, besides)

        def told() -> str:  # called by ``copies_after`` in each guardian's language
            return corrections_texts.copy_removed_by_co_guardian(
                person.name,
                photo.group.title,
                remembered=remembered,
                clip=photo.media_kind.is_clip,
                by=by,
            )

        def blanked(own: bool) -> str:  # in each guardian's language too
            if photo.media_kind == MediaKind.VIDEO_NOTE:  # it can't be blanked: it stays
                return corrections_texts.round_video_kept(own=own, remembered=remembered)
            return corrections_texts.copy_blanked(
                own=own, remembered=remembered, clip=photo.media_kind.is_clip
            )

        said = CopyTold(
            person.id,
            photo.group.title,
            remembered,
            photo.media_kind.is_clip,
            by=besides if by else None,
            photo_id=photo.id,
        )
        return await copies_after(
            photo, person, told=told, besides=besides, blanked=blanked, told_of=said
        )

    async def copies_back_told(
        self, delivery_ids: list[UUID], besides: int, name: str, person_id: UUID | None = None
    ) -> list[tuple[int, str, CopyTold | None]]:
        return await copies_back_told(delivery_ids, besides, name, moved=True, person_id=person_id)

    async def copies_removed(self, removed: Sent, hidden: Sent) -> None:
        for chat_id, message_id in [*removed, *hidden]:
            copy = Delivery.filter(
                participant__telegram_user_id=chat_id,
                status=DeliveryStatus.SENT,
                message_id=message_id,
            )
            # Hidden, not deleted: it keeps its place in its album (findings23 13); a copy
            # sent again alone after that keeps the place of its first album's blank.
            await copy.filter(hidden_album_id__isnull=True).update(
                hidden_message_id=message_id if (chat_id, message_id) in hidden else None
            )
            await copy.update(
                message_id=None, names_message_id=None
            )  # a round video's words went too


def _asker(participant: Participant) -> Asker:
    return Asker(
        participant.id,
        participant.telegram_user_id,
        participant.language,
        participant.language_code,
        QuestionMode(participant.question_mode),
        participant.questions_every,
    )


async def _faces_of(photo_id: UUID | None) -> list[UUID]:
    """The faces (a clip's tracks) of a posted photo or clip."""
    if photo_id is None:
        return []
    return [UUID(str(f)) for f in await Face.filter(photo_id=photo_id).values_list("id", flat=True)]


def _clip_question(suggestion: Suggestion) -> ClipQuestion:
    return ClipQuestion(
        suggestion.id,
        SuggestionStatus(suggestion.status),
        suggestion.notified_at is not None,
        suggestion.score,
    )


async def clip_question_owed(waiting: Suggestion) -> bool:
    """``clip_questions.owed`` of a question left waiting (its ``face`` fetched), read of
    the person's other questions about the clip's tracks (for the reconcile cron)."""
    others = await Suggestion.filter(
        person_id=waiting.person_id,  # type: ignore[attr-defined]
        face_id__in=await _faces_of(waiting.face.photo_id),  # type: ignore[attr-defined]
        pair_id=None,
    ).exclude(id=waiting.id)
    return owed(_clip_question(waiting), [_clip_question(other) for other in others])


def _suggested(suggestion: Suggestion) -> Suggested:
    face, person = suggestion.face, suggestion.person
    photo = face.photo
    return Suggested(
        suggestion.id,
        SuggestionStatus(suggestion.status),
        suggestion.notified_at is not None,
        suggestion.score,
        suggestion.pair_id,
        _sent(suggestion.sent_to),
        face.id,
        face.crop_key,
        (face.bbox_x, face.bbox_y, face.bbox_w, face.bbox_h),
        person.id,
        person.name,
        PersonStatus(person.status),
        None
        if photo is None
        else Pictured(
            photo.id,
            photo.file_id,
            photo.group.id,
            photo.group.title,
            photo.removed_at is not None,
            photo.group.paused_at is not None,
            MediaKind(photo.media_kind).is_clip,
            photo.preview_file_id,
            photo.posted_at,
            photo.duration_s,
        ),
        None
        if face.seen_from_s is None or face.seen_to_s is None
        else (face.seen_from_s, face.seen_to_s),
        suggestion.earlier,
    )


def _answering(suggestion: Suggestion) -> Answering:
    return Answering(
        suggestion.id,
        suggestion.face.id,
        suggestion.face.photo_id,  # type: ignore[attr-defined]
        _someone(suggestion.person),
        suggestion.pair_id,
    )


def _someone(person: Person) -> Someone:
    return Someone(person.id, person.name, PersonStatus(person.status))


def _settled(suggestion: Suggestion, partner: PartnerAnswer | None) -> Settled:
    """``partner``: the answer to its pair's other question that settled it."""
    by = suggestion.reviewed_by
    return Settled(
        suggestion.id,
        SuggestionStatus(suggestion.status),
        None if by is None else by.telegram_user_id,
        None if by is None else by.first_name,
        suggestion.person.name,
        _sent(suggestion.sent_to),
        partner,
    )


def _sheet(sheet: EarlierPhotos) -> Sheet:
    return Sheet(
        sheet.id,
        sheet.person_id,  # type: ignore[attr-defined]
        sheet.group_id,  # type: ignore[attr-defined]
        list(sheet.face_ids),
        sheet.created_at,
        _sent(sheet.sent_to),
    )


async def _receiving_chats(person_id: UUID, group_id: UUID) -> set[int]:
    """The chats of the person's guardians who get its photos from the group now."""
    return {
        guardian.telegram_user_id
        for guardian in await assignments.receiving_guardians(person_id, group_id)
    }


def _sent(sent_to: list[list[int]] | None) -> Sent:
    return [(int(chat_id), int(message_id)) for chat_id, message_id in sent_to or []]


class TortoiseExpiringQuestionStore:
    """``ExpiringQuestionStore``: the questions about faces retention is about to delete."""

    async def kept_by(self, group_id: UUID) -> tuple[str, int] | None:
        group = await Group.get_or_none(id=group_id)
        if group is None or group.retention_days is None:
            return None
        return group.title, group.retention_days

    async def close_about(self, group_id: UUID, face_ids: Sequence[UUID]) -> Sent:
        open_questions = await Suggestion.filter(
            face_id__in=list(face_ids), status=SuggestionStatus.PENDING, sent_to__isnull=False
        )
        closed: Sent = [
            (chat, message) for each in open_questions for chat, message in each.sent_to or []
        ]
        for sheet in await _close_emptied(group_id, face_ids, batches=True):
            closed += [(chat, message) for chat, message in sheet.sent_to or []]
        return closed

    async def close_offers_about(
        self, group_id: UUID, face_ids: Sequence[UUID]
    ) -> list[tuple[int, int, bool]]:
        return [
            (chat, message, offer.sheet)
            for offer in await _close_emptied(group_id, face_ids, batches=False)
            for chat, message in offer.sent_to or []
        ]


async def _close_emptied(
    group_id: UUID, face_ids: Sequence[UUID], *, batches: bool
) -> list[EarlierPhotos]:
    """The group's shown offers (``batches``: a guardian's sheets of questions, else the
    offers of earlier photos to a person's guardians) with one of these faces and none of
    their other faces left, closed now (a conditional update: once)."""
    going = {str(face) for face in face_ids}
    closed: list[EarlierPhotos] = []
    for offer in await EarlierPhotos.filter(
        group_id=group_id,
        participant_id__isnull=not batches,
        status=OfferStatus.PENDING,
        sent_to__isnull=False,
    ):
        if not going & set(offer.face_ids):
            continue
        if await Face.exists(id__in=[f for f in offer.face_ids if f not in going]):
            continue  # the faces still there keep it true for them
        if await EarlierPhotos.filter(id=offer.id, status=OfferStatus.PENDING).update(
            status=OfferStatus.CLOSED
        ):
            closed.append(offer)
    return closed


class TortoiseGoneGuardianQuestionStore:
    """``GoneGuardianQuestionStore``: the questions a guardian was asked about a person
    they no longer guard."""

    async def take_asked_in(self, chat_id: int) -> AskedOfForgotten | None:
        participant = await Participant.get_or_none(telegram_user_id=chat_id)
        if participant is None:
            return None
        person_ids = await Guardianship.filter(participant_id=participant.id).values_list(
            "person_id", flat=True
        )
        still_open: Sent = []
        answered: Sent = []
        offers: Sent = []
        async with in_transaction():
            about = await Suggestion.filter(person_id__in=list(person_ids)).values_list(
                "id", "pair_id"
            )
            # A pair's question ("Alice or Ally?") went as its leading suggestion's.
            asked = {UUID(str(one)) for one, _ in about} | {
                UUID(str(pair)) for _, pair in about if pair is not None
            }
            for question in await Suggestion.select_for_update().filter(
                id__in=list(asked), sent_to__isnull=False
            ):
                theirs, others = _split(question.sent_to, chat_id)
                if not theirs:
                    continue
                pending = question.status == SuggestionStatus.PENDING
                (still_open if pending else answered).extend(theirs)
                await Suggestion.filter(id=question.id).update(sent_to=others)
            for sheet in await EarlierPhotos.select_for_update().filter(
                Q(person_id__in=list(person_ids)) | Q(participant_id=participant.id),
                status=OfferStatus.PENDING,
                sent_to__isnull=False,
            ):
                theirs, others = _split(sheet.sent_to, chat_id)
                if not theirs:
                    continue
                offers += theirs
                if sheet.participant_id == participant.id:  # type: ignore[attr-defined]
                    await EarlierPhotos.filter(id=sheet.id).update(status=OfferStatus.CLOSED)
                else:  # earlier photos offered to every guardian: the others' stay open
                    await EarlierPhotos.filter(id=sheet.id).update(sent_to=others)
        return AskedOfForgotten(still_open, answered, offers)

    async def take_asked_of(self, person_id: UUID, participant_id: UUID) -> AskedOfGone | None:
        person = await Person.get_or_none(id=person_id)
        participant = await Participant.get_or_none(id=participant_id)
        if person is None or participant is None:
            return None
        chat = participant.telegram_user_id
        taken: Sent = []
        async with in_transaction():
            about = await Suggestion.filter(
                person_id=person_id, status=SuggestionStatus.PENDING
            ).values_list("id", "pair_id")
            # A pair's question ("Alice or Ally?") went as its leading suggestion's.
            asked = {UUID(str(one)) for one, _ in about} | {
                UUID(str(pair)) for _, pair in about if pair is not None
            }
            for question in await Suggestion.select_for_update().filter(
                id__in=list(asked), status=SuggestionStatus.PENDING, sent_to__isnull=False
            ):
                theirs, others = _split(question.sent_to, chat)
                if theirs:
                    taken += theirs
                    await Suggestion.filter(id=question.id).update(sent_to=others)
            for sheet in await EarlierPhotos.select_for_update().filter(
                person_id=person_id, status=OfferStatus.PENDING, sent_to__isnull=False
            ):
                theirs, others = _split(sheet.sent_to, chat)
                if not theirs:
                    continue
                taken += theirs
                if sheet.participant_id == participant_id:  # type: ignore[attr-defined]
                    # Their own sheet of questions: nobody else is asked it.
                    await EarlierPhotos.filter(id=sheet.id).update(status=OfferStatus.CLOSED)
                else:  # earlier photos offered to every guardian: the others' stay open
                    await EarlierPhotos.filter(id=sheet.id).update(sent_to=others)
        return AskedOfGone(person.name, taken)


def _split(sent_to: list[list[int]] | None, chat_id: int) -> tuple[Sent, list[list[int]]]:
    """A question's messages in this chat, and the others' (as stored)."""
    theirs = [(int(c), int(m)) for c, m in sent_to or [] if int(c) == chat_id]
    others = [[c, m] for c, m in sent_to or [] if int(c) != chat_id]
    return theirs, others


async def _yes_undoer(face_id: UUID, person_id: UUID, answerer_id: UUID) -> str | None:
    """Who undid, from /history, the match a "yes" about the face made to the person: ""
    when the answerer did, else the undoer's first name; None: it was not undone."""
    for undo in await AssignmentEvent.filter(
        undoes__operation=AssignmentOperation.ASSIGN, undoes__to_person_id=person_id
    ).prefetch_related("undoes", "actor_participant"):
        if undo.undoes is None or str(face_id) not in (undo.undoes.face_ids or []):
            continue
        actor = undo.actor_participant
        if actor is None or actor.id == answerer_id:
            return ""
        return actor.first_name or "?"
    return None


async def _answer_gone(suggestion: Suggestion) -> bool:
    """The guardian's answer no longer stands: a "yes" whose face is not the person's any
    more (undone, or moved by a correction), or a "no" undone from /history (who undid it
    is kept then)."""
    if suggestion.status == SuggestionStatus.ACCEPTED:
        return bool(suggestion.face.person_id != suggestion.person_id)  # type: ignore[attr-defined]
    return suggestion.status == SuggestionStatus.REJECTED and (
        suggestion.no_undone_by_id is not None  # type: ignore[attr-defined]
    )
