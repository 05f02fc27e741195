"""``/export``: what facedrop holds about a participant and their persons, as data
protection law expects: names, memberships, consents, deliveries, the audit of
changes they made, the photos they posted, and every face crop kept about their
persons (the cover crop, and crops waiting for an answer), as JPEG in base64. No
embeddings, no group photos."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.blobs import BlobStore, as_utc
from domain.corrections.expiry import expires_at
from domain.delivery.texts import span
from domain.enrollment.rules import COVER_MAX_SIDE
from domain.enrollment.service import cover_key
from domain.errors import BlobNotFound, InvalidBlobKey
from domain.languages.dates import in_zone, zone_name
from domain.languages.markup import plain
from domain.moderation.texts import audit_moderation_line
from domain.privacy import texts
from domain.privacy.retention import next_run
from domain.privacy.stores import (
    AnswerGiven,
    BannedFrom,
    ConsentGiven,
    ExportStore,
    GuardedPerson,
    Held,
    Holder,
    OrganizerAction,
    PhotoCopy,
    WaitingCrop,
)
from domain.recognition.service import frame_key
from domain.states import ModerationAction, OrganizerRecord


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _on_screen(copy: PhotoCopy) -> dict[str, Any]:
    """A clip sent to them: when each of their persons is seen in it (seconds, and as a
    player shows them, as its question says: ``delivery.texts.span``)."""
    if copy.kind != "clip":
        return {}
    return {
        "your_persons_on_screen": [
            {
                "person": seen.person_name,
                "from_s": seen.from_s,
                "to_s": seen.to_s,
                "shown_as": _shown_as(span((seen.from_s, seen.to_s), seen.clip_s)),
            }
            for seen in copy.on_screen
        ]
    }


def _shown_as(seen: tuple[str, str]) -> str:
    """ "0:02-0:05", or "0:02" of a face seen within one second."""
    start, end = seen
    return start if start == end else f"{start}-{end}"


def asked_together(waiting: Sequence[WaitingCrop]) -> list[list[WaitingCrop]]:
    """The questions the reader waits on, each as the persons it asks about: a pair's
    ("Is this Alice or Bob?") one question, its leading person first; a question about one
    person alone (a pair whose other person is not the reader's asked them alone)."""
    questions: dict[object, list[WaitingCrop]] = {}
    for number, crop in enumerate(waiting):
        key = (crop.face_id, crop.pair_id) if crop.pair_id is not None else number
        questions.setdefault(key, []).append(crop)
    return [sorted(asked, key=lambda crop: not crop.leads) for asked in questions.values()]


def export_caption(document: dict[str, Any]) -> str:
    """What the /export file is, said beside it: all that is held about them and their
    people, or (nothing held but what their Telegram id keeps) only those records."""
    if "persons" in document:
        return texts.export_caption()
    return texts.export_caption_kept_by_id()


class DataExport:
    """``/export``: what is held about a participant, as a JSON document, its words in the
    reader's language (its keys and recorded values as they are)."""

    def __init__(
        self,
        store: ExportStore,
        blobs: BlobStore,
        *,
        questions_expire_after: timedelta | None = None,
    ) -> None:
        """``questions_expire_after``: how long an unanswered question stays open (None:
        questions do not expire)."""
        self._store = store
        self._blobs = blobs
        self._questions_expire_after = questions_expire_after

    async def of(self, user_id: int) -> dict[str, Any] | None:
        """Everything kept about the participant of Telegram user ``user_id`` (None:
        nothing, facedrop never met them)."""
        held = await self._store.held(user_id)
        actions = await self._store.organizer_actions(user_id)
        acted = _acted(actions)
        if held is None:
            # After /forget, or an organizer who never joined as a parent: what is kept by
            # the Telegram id alone (findings21 16: /export said "I don't hold anything
            # about you" right after /forget said it kept the record of the deletion).
            consents, bans = await self._store.kept_by_id(user_id)
            if not (acted or consents or bans):
                return None
            kept: dict[str, Any] = {}
            if consents or bans:
                # What they did as an organizer, their name taken off, is kept too.
                unnamed = [a for a in actions if a.action not in PARENTS_ACTIONS]
                kept["what_is_kept"] = (
                    texts.export_kept_by_id_organizer()
                    if unnamed and not any(a.name_shown for a in unnamed)
                    else texts.export_kept_by_id()
                )
                kept["consents"] = [_consent(c) for c in consents]
                kept["banned_from_groups"] = [_ban(b) for b in bans]
            return {
                "exported_at": datetime.now(UTC).isoformat(),
                "you": {"telegram_user_id": user_id},
                **kept,
                **acted,
            }
        return {**await self._document(held), **acted}

    async def consent_kept(self, user_id: int) -> bool:
        """Whether a record of this Telegram user's consent (or its withdrawal) is kept."""
        consents, _bans = await self._store.kept_by_id(user_id)
        return bool(consents)

    async def organizer_record(self, user_id: int) -> OrganizerRecord | None:
        """What the groups' audit logs keep of what this user did as an organizer: with
        their name, by Telegram id only (after their /forget), or nothing (None)."""
        actions = [
            a
            for a in await self._store.organizer_actions(user_id)
            if a.action not in PARENTS_ACTIONS
        ]
        if not actions:
            return None
        named = any(a.name_shown for a in actions)
        return OrganizerRecord.NAMED if named else OrganizerRecord.UNNAMED

    async def _jpeg(self, key: str | None) -> str | None:
        """A kept crop, as base64 JPEG (None when it is gone)."""
        try:
            return base64.b64encode(await self._blobs.get(key or "")).decode() if key else None
        except (BlobNotFound, InvalidBlobKey):
            return None

    async def _kept_until(self, crop: WaitingCrop) -> datetime | None:
        """The latest a waiting crop is kept for its question, from what is stored: the
        crop's own expiry, the question's (once asked), and the group's keep of its photo's
        faces, each as the job that applies it runs."""
        bounds: list[datetime] = []
        try:
            info = await self._blobs.info(crop.crop_key)
            if info.expires_at is not None:
                bounds.append(as_utc(info.expires_at))
        except (BlobNotFound, InvalidBlobKey):
            pass
        if crop.asked_at is not None and self._questions_expire_after is not None:
            bounds.append(expires_at(crop.asked_at, self._questions_expire_after))
        if crop.posted_at is not None and crop.retention_days is not None:
            bounds.append(next_run(crop.posted_at + timedelta(days=crop.retention_days)))
        return min(bounds, default=None)

    async def _waiting(self, asked: list[WaitingCrop]) -> dict[str, Any]:
        """One question waiting for the reader's answer, with the crop it shows."""
        crop = asked[0]
        until = await self._kept_until(crop)
        return {
            "question": texts.export_question([c.person_name for c in asked]),
            "group": crop.group_title,
            "asked_at": _when(crop.asked_at),
            "kept_until": _when(until),
            "what": texts.export_waiting_crop(until),
            "jpeg_base64": await self._jpeg(crop.crop_key),
            # A clip's face: the frame its question shows, kept beside the crop.
            "frame_jpeg_base64": await self._jpeg(crop.crop_key and frame_key(crop.crop_key)),
        }

    async def _document(self, held: Held) -> dict[str, Any]:
        return {
            "exported_at": datetime.now(UTC).isoformat(),
            "you": _you(held.holder),
            "groups": [
                {"title": g.title, "status": g.status, "verified_at": _when(g.verified_at)}
                for g in held.groups
            ],
            "consents": [_consent(c) for c in held.consents],
            # Kept even after /forget, so that the organizers' decision holds.
            "banned_from_groups": [_ban(b) for b in held.bans],
            "persons": [await self._person(person) for person in held.persons],
            "photos_sent_to_you": [
                {
                    "group": d.group_title,
                    "message_id": d.message_id,
                    "kind": d.kind,
                    "status": d.status,
                    "sent_at": _when(d.at),
                    **_on_screen(d),
                }
                for d in held.sent_to_them
            ],
            "photos_you_posted": [
                {
                    "group": p.group_title,
                    "message_id": p.message_id,
                    "kind": p.kind,
                    "posted_at": _when(p.at),
                    "caption": p.caption,
                }
                for p in held.posted
            ],
            "face_crops_waiting_for_your_answer": [
                await self._waiting(asked) for asked in asked_together(held.waiting)
            ],
            "changes_you_made": [
                {
                    "operation": e.operation,
                    "what": texts.export_change(e.operation, e.note, e.undoes),
                    "faces": e.faces,
                    "photos": e.photos,
                    "at": _when(e.at),
                    "undone_at": _when(e.undone_at),
                }
                for e in held.changes
            ],
            # Their "yes" and "no" to "Is this Alice?" (a sibling pair's "Is this Alice or
            # Ally?" answered once: "It's Alice" or "Neither"): a "no" changes what they are
            # sent.
            "questions_you_answered": [
                {
                    "question": texts.export_question(
                        [_child(a.person_name)]
                        if a.other_name is None
                        else [_child(a.person_name), _child(a.other_name)]
                    ),
                    "group": a.group_title,
                    "answer": (
                        texts.export_answer(a.accepted)
                        if a.other_name is None
                        else texts.export_answer_picked(_child(a.picked))
                        if a.picked is not None
                        else texts.export_answer_neither()
                    ),
                    "answered_at": _when(a.at),
                    # A "yes" undone from /history since (its match undone), as
                    # changes_you_made says of the change.
                    "undone_at": _when(a.undone_at),
                    "what_it_changes": _answer_changes(a),
                }
                for a in held.answers
            ],
            # A child an organizer named that you claimed with its link (waiting for the
            # organizers, or yours since they approved).
            "claims_you_made": [
                {
                    # "It's my Itai": Itai, their child the faces were said to be.
                    "child": c.into or c.child,
                    **({"named_by_the_organizers_as": c.child} if c.into else {}),
                    "group": c.group_title,
                    "named_by": c.named_by,
                    "named_at": _when(c.named_at),
                    "claimed_at": _when(c.claimed_at),
                    "status": texts.export_claim_status(c.approved),
                    "asked_one_by_one": c.one_by_one,
                }
                for c in held.claims
            ],
            "face_measurements_included": False,
        }

    async def _cover_photo(self, person: GuardedPerson) -> dict[str, str | None] | None:
        """The person's cover crop, if one is kept."""
        key = cover_key(person.id)
        if person.cover_crop != key:
            return None
        return {
            "what": texts.export_cover_photo(COVER_MAX_SIDE, merged_into=person.merged_into),
            "stored_as": key,
            "jpeg_base64": await self._jpeg(key),
        }

    async def _person(self, person: GuardedPerson) -> dict[str, Any]:
        """A person the participant is a guardian of, as far as it concerns them: what is
        kept of its faces, the earlier photos and approvals about it."""
        return {
            "name": person.name,
            "birth_date": person.birth_date.isoformat() if person.birth_date else None,
            "status": person.status,
            **({"merged_into": person.merged_into} if person.merged_into else {}),
            "your_role": person.role,
            "other_guardians": person.other_guardians,
            "learned_faces_kept_as_measurements": person.prototypes,
            # The day each enrollment photo was sent (weighs a face by the child's age); each
            # view kept from a clip is one, at the clip's time (findings26 8).
            "enrollment_photos_and_clip_views_sent_at": [
                _when(at) for at in person.enrollment_photos_sent_at
            ],
            "cover_photo": await self._cover_photo(person),
            "earlier_photos_offered": [
                {
                    "group": o.group_title,
                    # A sheet of your own questions gathered per your /settings, or
                    # earlier photos offered to the person's guardians.
                    "kind": texts.export_offer_kind(o.gathered_questions),
                    "photos": o.photos,
                    "answer": o.answer,
                    "offered_at": _when(o.offered_at),
                    "answered_at": _when(o.answered_at),
                }
                for o in person.offers
            ],
            "organizers_approvals": [
                {
                    "group": a.group_title,
                    "for": texts.export_approval_for(a.kind),
                    "status": a.status,
                    "reason": a.reason,
                }
                for a in person.approvals
            ],
            "created_at": _when(person.created_at),
        }


def _child(name: str) -> str:
    """A child named in an answer, by its name now ("": it was merged into a child
    deleted since)."""
    return name or texts.export_child_deleted()


def _answer_changes(answer: AnswerGiven) -> str | None:
    """What their answer still changes: each "no" of it still remembered (a sibling pair's
    "Neither" says two)."""
    kept = [
        _child(name)
        for name, remembered in (
            (answer.person_name, answer.remembered),
            (answer.other_name, answer.other_remembered),
        )
        if name is not None and remembered
    ]
    if len(kept) == 2:
        return texts.export_rejections_kept(kept[0], kept[1])
    return texts.export_rejection_kept(kept[0]) if kept else None


# What a parent does that the audit keeps with their name: not done as an organizer.
PARENTS_ACTIONS = frozenset({ModerationAction.CLAIMED.value})


def _acted(actions: Sequence[OrganizerAction]) -> dict[str, Any]:
    """What they did as an organizer, as the groups' audit logs keep it (findings15 3: an
    organizer's /export said "I don't hold anything about you" while every /audit line of
    theirs named them); a parent's claims, which the audit keeps too, apart (findings18 11:
    filed as done "as an organizer")."""

    def line(a: OrganizerAction) -> dict[str, Any]:
        # What it was in the /audit line's words, in the reader's language (findings21 19:
        # "setting_changed" said neither which setting nor to what).
        # The times in it (a takedown's posting time) in the group's zone, as its /audit
        # writes them (findings23 10: they were UTC, unmarked, two hours off the line).
        with in_zone(a.zone):
            what = audit_moderation_line(a.name_shown, a.action, a.subject, a.details, a.undone)
        return {
            "group": a.group_title,
            "action": a.action,
            "what": plain(what),
            # The zone the times in "what" are written in: the group's, which an admin chat
            # serving groups in other zones does not write (findings24 8).
            "times_in": zone_name(a.zone),
            "as": a.name_shown,
            "at": _when(a.at),
        }

    organizer = [line(a) for a in actions if a.action not in PARENTS_ACTIONS]
    claims = [line(a) for a in actions if a.action in PARENTS_ACTIONS]
    acted: dict[str, Any] = {}
    if organizer:
        acted["your_actions_as_an_organizer"] = {
            "what": texts.export_organizer_actions(),
            "actions": organizer,
        }
    if claims:
        acted["your_claims_in_the_audit"] = {
            "what": texts.export_claims_audited(),
            "claims": claims,
        }
    return acted


def _consent(consent: ConsentGiven) -> dict[str, Any]:
    return {"kind": consent.kind, "terms_version": consent.terms_version, "at": _when(consent.at)}


def _ban(ban: BannedFrom) -> dict[str, Any]:
    return {"group": ban.group_title, "since": _when(ban.since)}


def _you(holder: Holder) -> dict[str, Any]:
    """Who the participant is to facedrop, and their settings."""
    return {
        "telegram_user_id": holder.telegram_user_id,
        "first_name": holder.first_name,
        "username": holder.username,
        "language_code": holder.language_code,
        "settings": {
            "receive_own_photos": holder.receive_own_photos,
            "questions_arrive": holder.question_mode,
            "questions_every": holder.questions_every,
            "language": holder.language,  # None: the Telegram app's
        },
        "known_since": _when(holder.created_at),
    }
