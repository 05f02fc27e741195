"""Guardians correct the matching: answer a suggestion ("Is this Alice?"), or say a
delivered photo's face is not their person. Every change of a face's person is
an audited assignment event; Qdrant follows through a sync job."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from enum import StrEnum
from uuid import UUID

from tortoise.transactions import in_transaction

from domain import jobs as job_names
from domain import texts
from domain.blobs import BlobStore
from domain.errors import BlobNotFound
from domain.infra.models import (
    AssignmentEvent,
    Delivery,
    Face,
    FaceRejection,
    Participant,
    Prototype,
    Suggestion,
)
from domain.jobs import JobQueue, enqueue_for
from domain.recognition import receiving_guardians
from domain.states import (
    AssignmentOperation,
    PersonStatus,
    PrototypeRole,
    SuggestionStatus,
)
from domain.telegram import AnswerSuggestion, ChatUnavailable, Messenger, RecipientUnreachable

log = logging.getLogger(__name__)
# Accepted faces become prototypes up to this many per person.
MAX_PROTOTYPES = 20


class Outcome(StrEnum):
    DONE = "done"
    NOT_YOURS = "not_yours"
    ALREADY = "already"  # answered, or the face changed meanwhile


def actor(participant: Participant) -> str:
    return f"participant:{participant.id}"


class Corrections:
    def __init__(self, jobs: JobQueue) -> None:
        self._jobs = jobs

    async def answer_suggestion(
        self, suggestion_id: UUID, user_id: int, accept: bool
    ) -> tuple[Outcome, str]:
        """Yes: the face becomes the person's (and its photo is delivered). No: it never will."""
        participant = await Participant.get_or_none(telegram_user_id=user_id)
        suggestion = await Suggestion.get_or_none(id=suggestion_id).prefetch_related(
            "person", "face__photo__group"
        )
        if participant is None or suggestion is None:
            return Outcome.NOT_YOURS, ""
        person = suggestion.person
        if not await person.guardianships.filter(participant=participant).exists():
            return Outcome.NOT_YOURS, ""
        deliveries: list[UUID] = []
        async with in_transaction():
            locked = await Suggestion.select_for_update().get(id=suggestion.id)
            face = await Face.select_for_update().get(id=suggestion.face.id)
            if locked.status != SuggestionStatus.PENDING:
                return Outcome.ALREADY, person.name
            locked.reviewed_by_id = participant.id
            locked.reviewed_at = datetime.now(UTC)
            if not accept:
                locked.status = SuggestionStatus.REJECTED
                await locked.save()
                await FaceRejection.get_or_create(
                    face_id=face.id, person_id=person.id, defaults={"rejected_by": participant}
                )
                return Outcome.DONE, person.name
            if face.person_id is not None:  # type: ignore[attr-defined]
                locked.status = SuggestionStatus.EXPIRED
                await locked.save()
                return Outcome.ALREADY, person.name
            locked.status = SuggestionStatus.ACCEPTED
            await locked.save()
            face.person_id = person.id
            await face.save(update_fields=["person_id", "updated_at"])
            photo = suggestion.face.photo
            await AssignmentEvent.create(
                operation=AssignmentOperation.ASSIGN,
                actor=actor(participant),
                actor_participant=participant,
                to_person=person,
                face_ids=[str(face.id)],
                photo_ids=[str(photo.id)] if photo else [],
                face_count=1,
                photo_count=1 if photo else 0,
                note="suggestion accepted",
            )
            if await Prototype.filter(person=person).count() < MAX_PROTOTYPES:
                await Prototype.get_or_create(
                    person=person, face=face, defaults={"role": PrototypeRole.ACCEPTED}
                )
            # Pending suggestions of other persons for this face are moot now.
            await Suggestion.filter(face_id=face.id, status=SuggestionStatus.PENDING).update(
                status=SuggestionStatus.EXPIRED
            )
            if photo is not None and person.status == PersonStatus.ACTIVE:
                for guardian in await receiving_guardians(person.id, photo.group.id):
                    delivery, _ = await Delivery.get_or_create(
                        photo_id=photo.id, participant_id=guardian.id
                    )
                    deliveries.append(delivery.id)
        await enqueue_for(self._jobs, job_names.SYNC_FACE, suggestion.face.id)
        for delivery_id in deliveries:
            await enqueue_for(self._jobs, job_names.DELIVER, delivery_id)
        log.info("suggestion %s accepted by participant %s", suggestion.id, participant.id)
        return Outcome.DONE, person.name

    async def not_this_person(self, face_id: UUID, user_id: int) -> tuple[Outcome, str]:
        """On a delivered photo: this face is not (our) person. Detach it and remember it."""
        participant = await Participant.get_or_none(telegram_user_id=user_id)
        face = await Face.get_or_none(id=face_id).prefetch_related("person")
        if participant is None or face is None or face.person is None:
            return (Outcome.ALREADY if face is not None else Outcome.NOT_YOURS), ""
        person = face.person
        if not await person.guardianships.filter(participant=participant).exists():
            return Outcome.NOT_YOURS, ""
        async with in_transaction():
            locked = await Face.select_for_update().get(id=face.id)
            if locked.person_id != person.id:  # type: ignore[attr-defined]
                return Outcome.ALREADY, person.name
            locked.person_id = None
            await locked.save(update_fields=["person_id", "updated_at"])
            await Prototype.filter(face_id=face.id, person_id=person.id).delete()
            await FaceRejection.get_or_create(
                face_id=face.id, person_id=person.id, defaults={"rejected_by": participant}
            )
            await AssignmentEvent.create(
                operation=AssignmentOperation.UNASSIGN,
                actor=actor(participant),
                actor_participant=participant,
                from_person=person,
                face_ids=[str(face.id)],
                photo_ids=[str(face.photo_id)] if face.photo_id else [],  # type: ignore[attr-defined]
                face_count=1,
                photo_count=1 if face.photo_id else 0,  # type: ignore[attr-defined]
                note="guardian: not this person",
            )
        await enqueue_for(self._jobs, job_names.SYNC_FACE, face.id)
        log.info(
            "face %s detached from person %s by participant %s", face.id, person.id, participant.id
        )
        return Outcome.DONE, person.name


class SuggestionSender:
    """Asks the guardians of the suggested person, with the face crop (worker side)."""

    def __init__(self, messenger: Messenger, blobs: BlobStore) -> None:
        self._messenger = messenger
        self._blobs = blobs

    async def send(self, suggestion_id: UUID) -> None:
        suggestion = await Suggestion.get_or_none(id=suggestion_id).prefetch_related(
            "person", "face__photo__group"
        )
        if (
            suggestion is None
            or suggestion.status != SuggestionStatus.PENDING
            or suggestion.notified_at
        ):
            return
        claimed = await Suggestion.filter(id=suggestion.id, notified_at=None).update(
            notified_at=datetime.now(UTC)
        )
        if not claimed:
            return
        face, person = suggestion.face, suggestion.person
        photo = face.photo
        try:
            crop = await self._blobs.get(face.crop_key or "")
        except (BlobNotFound, ValueError):
            await Suggestion.filter(id=suggestion.id).update(status=SuggestionStatus.EXPIRED)
            return
        if photo is None or person.status != PersonStatus.ACTIVE:
            return
        question = texts.suggestion_question(person.name, photo.group.title)
        buttons = [
            [
                AnswerSuggestion(suggestion.id, True, texts.YES),
                AnswerSuggestion(suggestion.id, False, texts.NO),
            ]
        ]
        for guardian in await receiving_guardians(person.id, photo.group.id):
            try:
                await self._messenger.send_photo(guardian.telegram_user_id, crop, question, buttons)
            except (RecipientUnreachable, ChatUnavailable) as error:
                log.info(
                    "suggestion %s not sent to participant %s: %s",
                    suggestion.id,
                    guardian.id,
                    error,
                )
