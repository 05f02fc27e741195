"""The corrections' decisions on plain data (what the store read, under its locks where
it matters): what an answer to a question does, why a face is not the user's to correct,
what becomes of a confirmed photo for the one who confirmed it, and how a photo whose
face a person was given is planned for their guardians."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from domain.corrections.stores import Delivered, FaceNow, Locked
from domain.states import DeliveryStatus, PersonStatus, SuggestionStatus


class Outcome(StrEnum):
    DONE = "done"
    NOT_YOURS = "not_yours"
    ALREADY = "already"  # answered, or the face changed meanwhile
    EXPIRED = "expired"  # a question nobody answered in time (``expiry``)
    SAME = "same"  # moving a face to the person it already belongs to
    GONE = "gone"  # the face is no more: its person deleted (or its faces, or its photo)
    LEFT = "left"  # the presser may no longer act on the group's photo (banned, left)
    BLOCKED = "blocked"  # a move to a person not approved in the photo's group


class Verdict(StrEnum):
    """What an answer to a question (or to a sibling pair's) does, read under the locks."""

    EXPIRED = "expired"  # nobody answered in time and nobody holds the face: said so
    ALREADY = "already"  # answered before (the one chosen, for a pair)
    STALE = "stale"  # the face was given to someone, a person is gone, the photo taken
    # down: the open questions close unanswered (expired, by this guardian)
    ANSWER = "answer"  # the answer decides


def verdict(locked: Locked, *, picked: UUID | None = None, gone: bool = False) -> Verdict:
    """The answer's fate. ``picked``: the question chosen of a pair (None: neither, or a
    single question); ``gone``: a person asked about was deleted or merged meanwhile."""
    states = locked.questions.values()
    if locked.face_person is None and all(
        status == SuggestionStatus.EXPIRED and not answered for status, answered in states
    ):
        return Verdict.EXPIRED  # by time (``expiry``)
    open_ = {q for q in locked.questions if locked.is_open(q)}
    if not open_ or (picked is not None and picked not in open_):
        return Verdict.ALREADY
    if locked.face_person is not None or gone or locked.taken_down:
        return Verdict.STALE
    return Verdict.ANSWER


def refusal(face: FaceNow | None) -> Outcome:
    """Why a face is not the user's to correct, without naming anybody: a face that was
    detached meanwhile (by them or a co-guardian) is "already changed"; one that is no
    more, or whose person is being deleted, is "gone" (a stale button of a deleted person:
    nothing about anybody is left to tell)."""
    if face is None or (face.person is not None and face.person.status == PersonStatus.DELETING):
        return Outcome.GONE
    if face.person is None:
        return Outcome.ALREADY
    return Outcome.NOT_YOURS


class PhotoFate(StrEnum):
    SENT = "sent"  # sent, or on its way
    IN_CHAT = "in_chat"  # sent before the answer, for another of their persons
    HELD = "held"  # the person is paused: offered on resume
    OWN_POST = "own_post"  # the user posted it and did not ask for their own photos
    NOT_SENT = "not_sent"  # e.g. the user is no longer in that group


def fate(delivered: Delivered) -> PhotoFate:
    """What becomes of a question's photo for the user who said yes."""
    if delivered.status == DeliveryStatus.SENT and delivered.before:
        return PhotoFate.IN_CHAT
    if delivered.status is not None:
        return PhotoFate.HELD if delivered.status == DeliveryStatus.HELD else PhotoFate.SENT
    return PhotoFate.OWN_POST if delivered.own_post else PhotoFate.NOT_SENT


def planned_as(person: PersonStatus, *, taken_down: bool) -> DeliveryStatus | None:
    """How a photo whose face was given to the person (a yes, a move, a claim, an undo) is
    planned for their guardians who have not had it: pending; held while the person is
    paused (offered on resume, as recognition holds it); None, not at all: the person is
    deleted or merged, or an organizer took the photo down (never sent again)."""
    if taken_down or person not in (PersonStatus.ACTIVE, PersonStatus.PAUSED):
        return None
    return DeliveryStatus.HELD if person == PersonStatus.PAUSED else DeliveryStatus.PENDING
