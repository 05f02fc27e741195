"""``/export``: what facedrop holds about a participant and their persons, as data
protection law expects: names, memberships, consents, deliveries, the audit of
changes they made, the photos they posted, and every face crop kept about their
persons (the cover crop, and crops waiting for an answer), as JPEG in base64. No
embeddings, no group photos."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from tortoise.expressions import Q

from domain.blobs import BlobStore
from domain.enrollment.rules import COVER_MAX_SIDE
from domain.enrollment.service import cover_key
from domain.errors import BlobNotFound, InvalidBlobKey
from domain.infra.models import (
    Approval,
    AssignmentEvent,
    Claim,
    ConsentRecord,
    Delivery,
    EarlierPhotos,
    Face,
    GroupBan,
    Guardianship,
    Membership,
    Participant,
    Person,
    Photo,
    Prototype,
    Suggestion,
)
from domain.privacy import texts
from domain.states import ApprovalKind, FaceSource, PersonStatus, SuggestionStatus


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


async def _jpeg(blobs: BlobStore, key: str | None) -> str | None:
    """A kept crop, as base64 JPEG (None when it is gone)."""
    try:
        return base64.b64encode(await blobs.get(key or "")).decode() if key else None
    except (BlobNotFound, InvalidBlobKey):
        return None


async def _cover_photo(person: Person, blobs: BlobStore) -> dict[str, str | None] | None:
    """The person's cover crop, if one is kept."""
    if person.cover_face_id is None or not await Face.exists(
        id=person.cover_face_id, crop_key=cover_key(person.id)
    ):
        return None
    return {
        "what": texts.export_cover_photo(COVER_MAX_SIDE),
        "stored_as": cover_key(person.id),
        "jpeg_base64": await _jpeg(blobs, cover_key(person.id)),
    }


async def export(user_id: int, blobs: BlobStore) -> dict[str, Any] | None:
    """Everything kept about the participant of Telegram user ``user_id`` (None: nothing,
    facedrop never met them)."""
    participant = await Participant.get_or_none(telegram_user_id=user_id)
    if participant is None:
        return None
    persons = [
        await _person(guardianship, participant, blobs)
        for guardianship in await Guardianship.filter(participant=participant).prefetch_related(
            "person"
        )
    ]
    return {
        "exported_at": datetime.now(UTC).isoformat(),
        "you": _you(participant),
        "groups": [
            {"title": m.group.title, "status": m.status.value, "verified_at": _when(m.verified_at)}
            for m in await Membership.filter(participant=participant).prefetch_related("group")
        ],
        "consents": [
            {"kind": c.kind.value, "terms_version": c.terms_version, "at": _when(c.created_at)}
            for c in await ConsentRecord.filter(telegram_user_id=user_id).order_by("created_at")
        ],
        # Kept even after /forget, so that the organizers' decision holds.
        "banned_from_groups": [
            {"group": b.group.title, "since": _when(b.created_at)}
            for b in await GroupBan.filter(telegram_user_id=user_id).prefetch_related("group")
        ],
        "persons": persons,
        "photos_sent_to_you": [
            {
                "group": d.photo.group.title,
                "message_id": d.photo.message_id,
                "status": d.status.value,
                "sent_at": _when(d.sent_at),
            }
            for d in await Delivery.filter(participant=participant).prefetch_related("photo__group")
        ],
        "photos_you_posted": [
            {
                "group": p.group.title,
                "message_id": p.message_id,
                "posted_at": _when(p.posted_at),
                "caption": p.caption,
            }
            for p in await Photo.filter(posted_by_user_id=user_id).prefetch_related("group")
        ],
        "face_crops_waiting_for_your_answer": [
            {
                "question": f"Is this {s.person.name}?",
                "group": s.face.photo.group.title if s.face.photo else None,
                "asked_at": _when(s.notified_at),
                "kept_until": "you answer, at most 30 days",
                "jpeg_base64": await _jpeg(blobs, s.face.crop_key),
            }
            for s in await Suggestion.filter(
                person__guardianships__participant=participant,
                status=SuggestionStatus.PENDING,
                face__crop_key__not_isnull=True,
            ).prefetch_related("person", "face__photo__group")
        ],
        "changes_you_made": [
            {
                "operation": e.operation.value,
                "faces": e.face_count,
                "photos": e.photo_count,
                "note": e.note,
                "at": _when(e.created_at),
                "undone_at": _when(e.undone_at),
            }
            for e in await AssignmentEvent.filter(actor_participant=participant).order_by(
                "created_at"
            )
        ],
        # A child an organizer named that you claimed with its link (waiting for the
        # organizers, or yours since they approved).
        "claims_you_made": [
            {
                "child": c.person.name,
                "group": c.group.title,
                "named_by": c.named_by_name,
                "named_at": _when(c.created_at),
                "claimed_at": _when(c.used_at),
                "status": "approved"
                if c.person.status != PersonStatus.UNCLAIMED
                else "waiting for the organizers",
                "asked_one_by_one": c.one_by_one,
            }
            for c in await Claim.filter(used_by=participant).prefetch_related("person", "group")
        ],
        "face_measurements_included": False,
    }


def _you(participant: Participant) -> dict[str, Any]:
    """Who the participant is to facedrop, and their settings."""
    return {
        "telegram_user_id": participant.telegram_user_id,
        "first_name": participant.first_name,
        "username": participant.username,
        "language_code": participant.language_code,
        "settings": {
            "receive_own_photos": participant.receive_own_photos,
            "questions_arrive": participant.question_mode.value,
            "questions_every": participant.questions_every,
            "language": participant.language,  # None: the Telegram app's
        },
        "known_since": _when(participant.created_at),
    }


async def _person(
    guardianship: Guardianship, participant: Participant, blobs: BlobStore
) -> dict[str, Any]:
    """A person the participant is a guardian of, as far as it concerns them: what is kept
    of its faces, the earlier photos and approvals about it."""
    person = guardianship.person
    others = (
        await Guardianship.filter(person=person)
        .exclude(participant=participant)
        .prefetch_related("participant")
    )
    return {
        "name": person.name,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "status": person.status.value,
        "your_role": guardianship.role.value,
        "other_guardians": [g.participant.first_name for g in others],
        "learned_faces_kept_as_measurements": await Prototype.filter(person=person).count(),
        # The day each enrollment photo was sent (weighs a face by the child's age).
        "enrollment_photos_sent_at": [
            _when(face.taken_at or face.created_at)
            for face in await Face.filter(person=person, source=FaceSource.ENROLLMENT).order_by(
                "created_at"
            )
        ],
        "cover_photo": await _cover_photo(person, blobs),
        "earlier_photos_offered": [
            {
                "group": o.group.title,
                # A sheet of your own questions gathered per your /settings, or
                # earlier photos offered to the person's guardians.
                "kind": "your questions, gathered"
                if o.participant_id is not None  # type: ignore[attr-defined]
                else "earlier photos",
                "photos": o.photo_count,
                "answer": o.status.value,
                "offered_at": _when(o.created_at),
                "answered_at": _when(o.answered_at),
            }
            for o in await EarlierPhotos.filter(person=person)
            .filter(Q(participant_id=None) | Q(participant_id=participant.id))
            .prefetch_related("group")
        ],
        "organizers_approvals": [
            {
                "group": a.group.title,
                "for": {
                    ApprovalKind.GUARDIAN: "you as a guardian",
                    ApprovalKind.CLAIM: "your claim of this child",
                }.get(a.kind, "this person"),
                "status": a.status.value,
                "reason": a.reason,
            }
            for a in await Approval.filter(person=person, participant=participant).prefetch_related(
                "group"
            )
        ],
        "created_at": _when(person.created_at),
    }
