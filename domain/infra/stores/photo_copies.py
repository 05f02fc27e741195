"""The deliveries and delivered copies a face's change brings, on tortoise: planned for the
guardians of the person it now is, taken from (or re-captioned in) the chats of the one it
no longer is, and sent again when an undo gives it back. The corrections' adapter calls
them, and so do those of claims, earlier photos and persons, inside their own
transactions with their rows."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from tortoise.expressions import F, Q

from domain.corrections import texts
from domain.corrections.rules import planned_as
from domain.corrections.stores import CopyChange
from domain.delivery.captions import copy_caption
from domain.delivery.stores import AlbumCopy
from domain.infra.models import (
    AssignmentEvent,
    Delivery,
    Face,
    Guardianship,
    Membership,
    Participant,
    Person,
    Photo,
)
from domain.infra.stores.assignments import recipients
from domain.languages.chats import speaking_to_participant
from domain.persons.stores import CopyTold, KeptOut
from domain.recognition.assignments import REMOVE_ONLY_NOTE
from domain.states import (
    AssignmentOperation,
    DeliveryStatus,
    MediaKind,
    MembershipStatus,
    PersonStatus,
)


async def guardian(user_id: int, person_id: UUID) -> Participant | None:
    """The participant, if this Telegram user is a guardian of the person."""
    return await Participant.get_or_none(
        telegram_user_id=user_id, guardianships__person_id=person_id
    )


async def corrector_named(person_id: UUID | None, by: int | None) -> str | None:
    """The name of the guardian (``by``, by Telegram id) whose change took or gave back the
    other guardians' copies of a photo of the person, where each of those has them as
    their one other guardian (walk33 4); None: they read "Another guardian of Alice"."""
    if person_id is None or by is None:
        return None
    if not texts.others_named(await Guardianship.filter(person_id=person_id).count()):
        return None
    participant = await guardian(by, person_id)
    return (participant.first_name or None) if participant is not None else None


async def plan_deliveries(photo: Photo | None, person: Person) -> list[UUID]:
    """Plan the photo for the person's guardians who have not had it.

    Call inside the transaction that gave the face to the person; returns the
    deliveries to queue after it commits.
    """
    if photo is None:
        return []
    status = planned_as(PersonStatus(person.status), taken_down=photo.removed_at is not None)
    if status is None:
        return []
    planned = []
    for receiver in await recipients(photo, person.id):
        delivery, _ = await Delivery.get_or_create(
            photo_id=photo.id, participant_id=receiver.id, defaults={"status": status}
        )
        if delivery.status == DeliveryStatus.PENDING:
            planned.append(delivery.id)
    return planned


async def restore_copies(
    photo: Photo | None, person: Person, *, removals_stand: bool = False
) -> list[UUID]:
    """The person's guardians whose copy of the photo a correction removed from their chat
    (``Corrections.copies_removed``) are to get it again, now that the face is the
    person's again: still one copy in each chat. ``removals_stand`` (an undo): not a
    guardian whose copy went by her own "Remove this photo only", still standing
    (``removed_herself``). Call inside the transaction that gave the face back; returns
    the deliveries to queue after it commits."""
    if photo is None:
        return []
    if planned_as(PersonStatus(person.status), taken_down=photo.removed_at is not None) is None:
        return []
    receivers = [r.id for r in await recipients(photo, person.id)]
    removed = await Delivery.filter(
        photo_id=photo.id,
        participant_id__in=receivers,
        status=DeliveryStatus.SENT,
        message_id=None,
    ).values_list("id", "participant_id")
    removed = [
        each
        for each, participant_id in removed
        if not (removals_stand and await removed_herself(photo, participant_id))
    ]
    if not removed:
        return []
    # Sent again as a first send: alone (its own buttons), or in a new album; no longer
    # one of the album it was in, so later re-captions treat it as what it now is. A copy
    # hidden past 48 hours left its blank in that album: the blank keeps its place in the
    # album's note (hidden_album_id), the copy sent again is a message of its own. Its
    # blank stays linked to it (hidden_message_id), in an album or not, so that a takedown
    # of the copy sent again redraws the blank too (findings26 2: it kept "I sent the
    # photo again, below." over a copy the takedown deleted).
    await Delivery.filter(
        id__in=list(removed), album_id__isnull=False, hidden_message_id__isnull=False
    ).update(hidden_album_id=F("album_id"))
    await Delivery.filter(id__in=list(removed)).update(
        status=DeliveryStatus.PENDING,
        sent_at=None,
        error=None,
        album_id=None,
        corrections_due=False,
    )
    return [UUID(str(each)) for each in removed]


async def removed_herself(photo: Photo, participant_id: UUID) -> bool:
    """Whether the participant's copy of the photo left her chat by her own "Remove this
    photo only", not undone: the last change that took a face of the photo from one of her
    persons (the one that took the copy) is that removal. Undoing another change of the
    photo (another face, another of her persons) does not send it back (issue 32)."""
    hers = await Guardianship.filter(participant_id=participant_id).values_list(
        "person_id", flat=True
    )
    last = (
        await AssignmentEvent.filter(
            photo_ids__contains=[str(photo.id)],
            operation__in=[AssignmentOperation.UNASSIGN, AssignmentOperation.MOVE],
            from_person_id__in=list(hers),
            undoes_id=None,
        )
        .order_by("-created_at")
        .first()
    )
    return (
        last is not None
        and last.undone_at is None
        and last.note == REMOVE_ONLY_NOTE
        and last.actor_participant_id == participant_id  # type: ignore[attr-defined]
    )


async def kept_out_left(
    photo: Photo | None, participant_id: UUID, correction: AssignmentEvent
) -> tuple[str, bool, KeptOut] | None:
    """The participant's copy of the photo that the correction took out of their chat,
    not sent again by its undo (``restore_copies``) because they are no longer in the
    photo's group (left it since, or before, or banned from it): that group's title,
    whether it is a clip, and why; None: not so (findings32 1: nothing said why nothing
    came). Only where this correction is what took the copy out: not where another change
    of the photo's faces, not undone, may have (issue 32: "You left … since" was said of a
    copy another correction removed)."""
    if photo is None or photo.removed_at is not None:
        return None
    removed = await Delivery.exists(
        photo_id=photo.id,
        participant_id=participant_id,
        status=DeliveryStatus.SENT,
        message_id=None,
    )
    if not removed:
        return None
    others = (
        await AssignmentEvent.filter(
            photo_ids__contains=[str(photo.id)],
            operation__in=[
                AssignmentOperation.UNASSIGN,
                AssignmentOperation.MOVE,
                AssignmentOperation.REMOVE,
            ],
            undone_at=None,
            undoes_id=None,
        )
        .exclude(id=correction.id)
        .exists()
    )
    if others:
        return None
    membership = await Membership.get_or_none(
        participant_id=participant_id,
        group_id=photo.group_id,  # type: ignore[attr-defined]
    )
    if membership is None or membership.status == MembershipStatus.MEMBER:
        return None
    if membership.status == MembershipStatus.BANNED:
        why = KeptOut.BANNED
    elif membership.updated_at >= correction.created_at:
        why = KeptOut.LEFT_SINCE
    else:
        why = KeptOut.LEFT_BEFORE
    await photo.fetch_related("group")
    return photo.group.title, photo.media_kind.is_clip, why


async def copies_back_told(
    delivery_ids: list[UUID],
    besides: int,
    name: str,
    *,
    moved: bool = False,
    photo_only: bool = False,
    person_id: UUID | None = None,
) -> list[tuple[int, str, CopyTold | None]]:
    """The guardians other than ``besides`` (who undid, or ``moved`` the face back) whose
    copy comes again (``restore_copies``): what each is told, in their language ((chat,
    text, what it is made of, kept to say it in the new name of ``person_id`` at a
    rename)); ``photo_only``: the change undone was "Remove this photo only"."""
    told: list[tuple[int, str, CopyTold | None]] = []
    by = await corrector_named(person_id, besides)
    for delivery in await Delivery.filter(id__in=delivery_ids).prefetch_related(
        "participant", "photo__group"
    ):
        participant = delivery.participant
        if participant.telegram_user_id == besides:
            continue
        with speaking_to_participant(participant):
            said = texts.copy_back_by_co_guardian(
                name,
                delivery.photo.group.title,
                clip=delivery.photo.media_kind.is_clip,
                moved=moved,
                photo_only=photo_only,
                by=by,
            )
        made = (
            CopyTold(
                person_id,
                delivery.photo.group.title,
                remembered=False,
                clip=delivery.photo.media_kind.is_clip,
                told="back",
                moved=moved,
                photo_only=photo_only,
                by=besides if by else None,
                photo_id=delivery.photo.id,
            )
            if person_id is not None
            else None
        )
        told.append((participant.telegram_user_id, said, made))
    return told


async def copies_after(
    photo: Photo | None,
    person: Person,
    *,
    told: Callable[[], str] | None = None,
    besides: int | None = None,
    blanked: Callable[[bool], str] | None = None,
    told_of: CopyTold | None = None,
) -> list[CopyChange]:
    """Once a face of the photo is no longer the person's: every guardian of the person
    whose copy of the photo is in their chat loses it, unless another of their persons is
    in it; then its caption names only those, with their buttons (the delivery's own).
    ``told``: what a guardian other than ``besides`` (the Telegram user who corrected)
    whose copy is deleted is told, in their language; ``blanked``: what a copy that goes
    says instead when Telegram no longer lets it be deleted (48 hours), in its reader's
    language, given whether the reader is ``besides`` (None: it stays as it was);
    ``told_of``: what ``told`` is made of, kept with it."""
    if photo is None:
        return []
    await photo.fetch_related("group")
    return [
        _worded(
            photo,
            delivery,
            faces,
            told if delivery.participant.telegram_user_id != besides else None,
            blanked,
            own=delivery.participant.telegram_user_id == besides,
            told_of=told_of,
        )
        for delivery, faces in await _still_theirs(photo, person)
    ]


async def _still_theirs(photo: Photo, person: Person) -> list[tuple[Delivery, list[Face]]]:
    """Who keeps what: each copy of the photo in a chat of the person's guardians, with the
    faces of its receiver's persons (active or paused) still in the photo (none: it goes)."""
    sent = await Delivery.filter(
        photo_id=photo.id,
        status=DeliveryStatus.SENT,
        message_id__isnull=False,
        participant__guardianships__person_id=person.id,
    ).prefetch_related("participant")
    return [
        (
            delivery,
            await Face.filter(
                photo_id=photo.id,
                person__status__in=(PersonStatus.ACTIVE, PersonStatus.PAUSED),
                person__guardianships__participant_id=delivery.participant.id,
            ).prefetch_related("person"),
        )
        for delivery in sent
    ]


def _worded(
    photo: Photo,
    delivery: Delivery,
    faces: list[Face],
    told: Callable[[], str] | None,
    blanked: Callable[[bool], str] | None = None,
    *,
    own: bool = False,
    told_of: CopyTold | None = None,
) -> CopyChange:
    """A copy's change in its receiver's words: ``told`` when it goes (no face left), and
    ``blanked``, what it says if it can only be blanked (``own``: to the one who
    corrected); or its caption naming the persons left, with their buttons."""
    participant = delivery.participant
    chat, message = participant.telegram_user_id, int(delivery.message_id or 0)
    names = delivery.names_message_id
    if not faces:
        notice = blank = ""
        with speaking_to_participant(participant):
            if told is not None:
                notice = told()
            if blanked is not None:
                blank = blanked(own)
        earlier = delivery.hidden_message_id
        return CopyChange(
            chat,
            message,
            notice=notice,
            names_message_id=names,
            blanked=blank,
            round_video=photo.media_kind == MediaKind.VIDEO_NOTE,
            told_of=told_of if notice else None,
            # The blank of the copy an undo sent again as this one (issue 32, fixq
            # leftover: it kept "…sent the photo again, below." once this one went).
            earlier_blank=earlier
            if earlier is not None and delivery.message_id is not None and earlier != message
            else None,
        )
    by_name = sorted((f.person.name, f.id) for f in faces if f.person is not None)
    named = [(face_id, name) for name, face_id in by_name]
    with speaking_to_participant(participant):
        caption, buttons = copy_caption(
            named,
            photo.group.title,
            photo.caption,
            photo.caption_entities,
            buttons=delivery.album_id is None,  # an album's photos carry no buttons
            # A clip's copy keeps saying when each of its persons is on screen.
            on_screen={f.id: f.seen_from_s for f in faces if f.seen_from_s is not None},
        )
    return CopyChange(chat, message, caption, buttons, names_message_id=names)


async def album_places(album_id: UUID) -> list[AlbumCopy]:
    """The album's copies in a chat, in the album's order, each in its place: those still
    shown, and those too old to delete that a correction or a takedown blanked where they
    stand (``hidden``), also once an undo sent such a copy again as a message of its own.
    The album's note numbers them so, and so does "Not Alice? (photo n)"'s question."""
    rows = await Delivery.filter(Q(album_id=album_id) | Q(hidden_album_id=album_id)).values_list(
        "photo_id",
        "photo__media_kind",
        "photo__removed_at",
        "status",
        "album_id",
        "message_id",
        "hidden_album_id",
        "hidden_message_id",
    )
    # In the album's order: a copy hidden (or taken down) past 48 hours still holds its
    # place in it, blanked, and so does one sent again since as a message of its own.
    places = []
    for photo_id, kind, removed_at, status, in_album, message_id, blank_in, blank in rows:
        ours = in_album is not None and str(in_album) == str(album_id)
        if ours and status == DeliveryStatus.SENT and message_id and removed_at is None:
            places.append((int(message_id), photo_id, kind, False))
        elif blank is not None and (
            (blank_in is not None and str(blank_in) == str(album_id))
            or (
                ours
                and blank_in is None
                and status in (DeliveryStatus.SENT, DeliveryStatus.TAKEN_DOWN)
                # its own message blanked, not the blank of a copy sent before it alone
                and (message_id is None or int(message_id) == int(blank))
            )
        ):
            places.append((int(blank), photo_id, kind, True))
    return [
        AlbumCopy(UUID(str(photo_id)), MediaKind(kind).is_clip, hidden=hidden)
        for _place, photo_id, kind, hidden in sorted(places, key=lambda place: place[0])
    ]
