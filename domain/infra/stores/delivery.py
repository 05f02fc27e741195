"""Delivery's store (``domain.delivery.stores``) on tortoise and Postgres; and reserving a
delivery for the one request that sends it (``reserve``, ``reserve_all``): from then on a
crash never leads to a second send."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from uuid import UUID, uuid4

from tortoise.expressions import F, Q, Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from domain.delivery.decision import Facts, Persons
from domain.delivery.posted_albums import PostedAlbum
from domain.delivery.stores import (
    ALBUM_REFUSED,
    CANCELLED_BY_BAN,
    AlbumCopy,
    Batch,
    CopyNow,
    Due,
    Guardian,
    Held,
    Names,
    OwedCopy,
    Planned,
    Posted,
    SentAlbum,
    SentCopy,
    SentNote,
    held_subject,
)
from domain.infra.models import (
    AssignmentEvent,
    Delivery,
    Face,
    Group,
    Membership,
    Participant,
    Person,
    Photo,
    StaleCopy,
    UserRequest,
)
from domain.infra.queries import ids_of
from domain.infra.stores.photo_copies import album_places
from domain.infra.stores.requests import ask_request, open_requests, requests_done
from domain.infra.stores.sent_counts import count_sent
from domain.states import (
    DeliveryMode,
    DeliveryStatus,
    MediaKind,
    MembershipStatus,
    PersonStatus,
    PhotoStatus,
    RequestKind,
)
from domain.telegram import ALBUM_KINDS


class TortoiseDeliveryStore:
    """``DeliveryStore``: a delivery's row, with its photo, group, guardian and persons."""

    async def due(self, delivery_id: UUID) -> Due | None:
        delivery = await _delivery(delivery_id)
        if delivery is None:
            return None
        return Due(
            delivery.id, _posted(delivery), _guardian(delivery.participant), await _facts(delivery)
        )

    async def facts(self, delivery_id: UUID) -> Facts | None:
        delivery = await _delivery(delivery_id)
        return None if delivery is None else await _facts(delivery)

    async def is_pending(self, delivery_id: UUID) -> bool:
        return await Delivery.exists(id=delivery_id, status=DeliveryStatus.PENDING)

    async def burst(self, due: Due, room: int) -> list[UUID]:
        # An item of a posted album whose others are still being read waits for them (its
        # own job sends it): another photo's burst does not take it.
        reading = Photo.filter(
            group_id=due.photo.group_id,
            media_group_id__isnull=False,
            media_kind__in=list(ALBUM_KINDS),
            status__in=[PhotoStatus.PENDING, PhotoStatus.PROCESSING],
            removed_at__isnull=True,
        ).values("media_group_id")
        ready = ready_to_go(due.guardian.id, due.photo.group_id).filter(
            Q(photo__media_group_id__isnull=True) | ~Q(photo__media_group_id__in=Subquery(reading))
        )
        if len(await ready.limit(2).values_list("id", flat=True)) < 2:  # mostly: it alone
            return []
        if not await ready.filter(id=due.id).exists():
            return []  # one that cannot go takes no album's turn
        return await ids_of(ready.exclude(id=due.id).limit(room))

    async def posted_album(self, due: Due) -> PostedAlbum | None:
        delivery = await Delivery.get_or_none(id=due.id).select_related("photo")
        if delivery is None:
            return None
        photo = delivery.photo
        if photo.media_group_id is None or photo.media_kind not in ALBUM_KINDS:
            return None
        unread = (
            await Photo.filter(
                group_id=due.photo.group_id,
                media_group_id=photo.media_group_id,
                media_kind__in=list(ALBUM_KINDS),
                status__in=[PhotoStatus.PENDING, PhotoStatus.PROCESSING],
                removed_at__isnull=True,
            )
            .exclude(id=photo.id)
            .count()
        )
        return PostedAlbum(photo.created_at, delivery.created_at, unread)

    async def reserve(self, due: Due) -> bool:
        return await reserve(due.id, DeliveryStatus.PENDING, due.guardian.id, due.photo.group_id)

    async def reserve_all(
        self, delivery_ids: list[UUID], origin: DeliveryStatus, guardian_id: UUID, group_id: UUID
    ) -> set[UUID]:
        return await reserve_all(delivery_ids, origin, guardian_id, group_id)

    async def named(self, due: Due) -> list[tuple[UUID, str]]:
        faces = await Face.filter(
            photo_id=due.photo.id,
            person__status=PersonStatus.ACTIVE,
            person__guardianships__participant_id=due.guardian.id,
        ).select_related("person")
        return [(face.id, face.person.name) for face in faces if face.person is not None]

    async def on_screen(self, face_ids: Collection[UUID]) -> dict[UUID, float]:
        rows = await Face.filter(id__in=list(face_ids), seen_from_s__isnull=False).values_list(
            "id", "seen_from_s"
        )
        return {UUID(str(face_id)): float(at) for face_id, at in rows}

    async def finish(self, delivery_id: UUID, status: DeliveryStatus, reason: str) -> None:
        await Delivery.filter(id=delivery_id).update(status=status, error=reason[:255])

    async def hold(self, delivery_id: UUID) -> None:
        await Delivery.filter(id=delivery_id, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.HELD
        )

    async def release(self, delivery_id: UUID, reason: str) -> None:
        await Delivery.filter(id=delivery_id, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.PENDING, error=reason[:255]
        )

    async def sent(self, delivery_id: UUID, message_id: int, at: datetime) -> None:
        fresh = (
            await Delivery.filter(id=delivery_id)
            .exclude(status=DeliveryStatus.SENT)
            .values_list("photo__group_id", flat=True)
        )
        await Delivery.filter(id=delivery_id).update(
            status=DeliveryStatus.SENT, message_id=message_id, sent_at=at, error=None
        )
        await count_sent(fresh, at)
        await _recognized([delivery_id])

    async def names_sent(self, delivery_id: UUID, message_id: int) -> None:
        await Delivery.filter(id=delivery_id).update(names_message_id=message_id)

    async def unreachable(self, guardian_id: UUID, since: datetime) -> None:
        await Participant.filter(id=guardian_id).update(is_reachable=False, unreachable_since=since)

    async def unpark(self, guardian_id: UUID) -> list[UUID]:
        parked = await ids_of(
            Delivery.filter(participant_id=guardian_id, status=DeliveryStatus.PARKED)
        )
        await Delivery.filter(id__in=parked).update(status=DeliveryStatus.PENDING, error=None)
        return parked

    async def guardians(self, person_id: UUID) -> list[Guardian]:
        return [
            _guardian(participant)
            for participant in await Participant.filter(guardianships__person_id=person_id)
        ]

    async def guardian(self, person_id: UUID, user_id: int) -> Guardian | None:
        participant = await Participant.get_or_none(
            telegram_user_id=user_id, guardianships__person_id=person_id
        )
        return None if participant is None else _guardian(participant)

    async def person(self, person_id: UUID) -> tuple[str, PersonStatus] | None:
        person = await Person.get_or_none(id=person_id)
        return None if person is None else (person.name, PersonStatus(person.status))

    async def held(self, guardian_id: UUID, person_id: UUID) -> list[Held]:
        rows = (
            await Delivery.filter(
                participant_id=guardian_id,
                status=DeliveryStatus.HELD,
                photo__faces__person_id=person_id,
                photo__group__is_active=True,
                photo__group__memberships__participant_id=guardian_id,
                photo__group__memberships__status=MembershipStatus.MEMBER,
            )
            .distinct()
            .order_by("photo__posted_at", "photo__created_at")
            .values_list(
                "id",
                "photo__media_kind",
                "photo__group__title",
                "photo__posted_at",
                "photo__created_at",
            )
        )
        return [Held(UUID(str(i)), MediaKind(kind).is_clip, title) for i, kind, title, _, _ in rows]

    async def held_elsewhere(self, guardian_id: UUID, person_id: UUID) -> list[tuple[str, bool]]:
        rows = (
            await Delivery.filter(
                Q(status=DeliveryStatus.HELD)
                | Q(status=DeliveryStatus.CANCELLED, error=CANCELLED_BY_BAN),
                participant_id=guardian_id,
                photo__faces__person_id=person_id,
                photo__group__is_active=True,
                photo__group__memberships__participant_id=guardian_id,
                photo__group__memberships__status__in=[
                    MembershipStatus.LEFT,
                    MembershipStatus.BANNED,
                ],
            )
            .distinct()
            .values_list("status", "photo__group__title", "photo__group__memberships__status")
        )
        out = {
            (title, DeliveryStatus(status) == DeliveryStatus.CANCELLED)
            for status, title, membership in rows
            if (DeliveryStatus(status) == DeliveryStatus.CANCELLED)
            == (MembershipStatus(membership) == MembershipStatus.BANNED)
        }
        return sorted(out)

    # Albums

    async def planned(self, delivery_ids: list[UUID]) -> list[Planned]:
        deliveries = await Delivery.filter(id__in=delivery_ids).select_related(
            "photo__group", "participant"
        )
        deliveries.sort(key=lambda d: (d.photo.posted_at, d.photo.message_id))
        return [_planned(delivery) for delivery in deliveries]

    async def names(self, guardian_id: UUID, photo_ids: list[UUID]) -> Names:
        names: Names = {}
        for face in await Face.filter(
            photo_id__in=photo_ids,
            person__status=PersonStatus.ACTIVE,
            person__guardianships__participant_id=guardian_id,
        ).prefetch_related("person"):
            if face.person is not None:
                names.setdefault(face.photo_id, []).append((face.id, face.person.name))  # type: ignore[attr-defined]
        return names

    async def group_paused(self, group_id: UUID) -> bool:
        return await Group.exists(id=group_id, paused_at__isnull=False)

    async def release_all(
        self, delivery_ids: list[UUID], status: DeliveryStatus, refused: str | None
    ) -> None:
        await Delivery.filter(id__in=delivery_ids, status=DeliveryStatus.SENDING).update(
            status=status, error=refused
        )

    async def finish_all(
        self, delivery_ids: list[UUID], status: DeliveryStatus, reason: str
    ) -> int:
        return await Delivery.filter(
            id__in=delivery_ids, status__in=(DeliveryStatus.WAITING, DeliveryStatus.SENDING)
        ).update(status=status, error=reason[:255])

    async def to_single(self, delivery_ids: list[UUID]) -> None:
        await Delivery.filter(id__in=delivery_ids, status=DeliveryStatus.WAITING).update(
            status=DeliveryStatus.PENDING
        )

    async def album_sent(self, sent: list[tuple[UUID, int]], at: datetime) -> UUID:
        message_ids = dict(sent)
        # A copy sent again by an Undo may be the first of the album it was in, whose id
        # that album's note, its other copies and its blanks still go by: the new album
        # takes the id of one that is no older album's, so the two notes stay apart.
        taken = {
            str(album)
            for album in await Delivery.filter(album_id__in=list(message_ids))
            .exclude(id__in=list(message_ids))
            .values_list("album_id", flat=True)
        } | {
            str(album)
            for album in await Delivery.filter(hidden_album_id__in=list(message_ids)).values_list(
                "hidden_album_id", flat=True
            )
        }
        album_id = next(
            (delivery_id for delivery_id, _message in sent if str(delivery_id) not in taken),
            sent[0][0],
        )
        fresh = (
            await Delivery.filter(id__in=list(message_ids))
            .exclude(status=DeliveryStatus.SENT)
            .values_list("photo__group_id", flat=True)
        )
        reserved = await Delivery.filter(id__in=list(message_ids))
        for delivery in reserved:
            delivery.status, delivery.message_id = DeliveryStatus.SENT, message_ids[delivery.id]
            delivery.sent_at, delivery.error, delivery.album_id = at, None, album_id
            delivery.corrections_due = delivery.id == album_id
        # One statement: the album's photos are all marked sent, or none is.
        await Delivery.bulk_update(
            reserved,
            fields=["status", "message_id", "sent_at", "error", "album_id", "corrections_due"],
        )
        await count_sent(fresh, at)
        await _recognized(list(message_ids))
        return album_id

    async def album_due(self, album_id: UUID) -> SentAlbum | None:
        first = await Delivery.get_or_none(id=album_id, corrections_due=True).select_related(
            "participant", "photo__group"
        )
        if first is None:
            return None
        assert first.sent_at is not None
        group = first.photo.group
        return SentAlbum(
            _guardian(first.participant), group.id, group.title, first.message_id, first.sent_at
        )

    async def any_ready(self, guardian_id: UUID, group_id: UUID) -> bool:
        return await ready_to_go(guardian_id, group_id).exists()

    async def album_photos(self, album_id: UUID) -> list[AlbumCopy]:
        return await album_places(album_id)

    async def album_taken_down(self, album_id: UUID) -> tuple[int, int]:
        kinds = await Delivery.filter(
            album_id=album_id, status=DeliveryStatus.TAKEN_DOWN, message_id__isnull=False
        ).values_list("photo__media_kind", flat=True)
        clips = sum(1 for kind in kinds if MediaKind(str(kind)).is_clip)
        return len(kinds) - clips, clips

    async def corrections_offered(self, album_id: UUID, message_id: int | None) -> None:
        await Delivery.filter(id=album_id).update(
            corrections_due=False, corrections_message_id=message_id
        )

    async def albums_of(self, photo_ids: Collection[UUID]) -> list[UUID]:
        return [
            UUID(str(album_id))
            for album_id in await Delivery.filter(
                photo_id__in=list(photo_ids), album_id__isnull=False
            )
            .distinct()
            .values_list("album_id", flat=True)
        ]

    async def notes_sent(self, album_ids: Collection[UUID]) -> list[SentNote]:
        firsts = await Delivery.filter(
            id__in=list(album_ids), corrections_message_id__isnull=False
        ).select_related("participant", "photo__group")
        return [
            SentNote(
                first.id,
                _guardian(first.participant),
                first.photo.group.title,
                first.corrections_message_id,
            )
            for first in firsts
            if first.corrections_message_id is not None
        ]

    async def notes_in_chat_of(self, guardian_id: UUID) -> list[tuple[int, int]]:
        rows = await Delivery.filter(
            participant_id=guardian_id, corrections_message_id__isnull=False
        ).values_list("participant__telegram_user_id", "corrections_message_id")
        return [(int(chat_id), int(message_id)) for chat_id, message_id in rows]

    # Batches

    async def waiting_pairs(self, group_id: UUID | None = None) -> list[tuple[UUID, UUID]]:
        waiting = Delivery.filter(status=DeliveryStatus.WAITING)
        if group_id is not None:
            waiting = waiting.filter(photo__group_id=group_id)
        return [
            (UUID(str(participant_id)), UUID(str(pair_group_id)))
            for participant_id, pair_group_id in await waiting.distinct().values_list(
                "participant_id", "photo__group_id"
            )
        ]

    async def batch(self, guardian_id: UUID, group_id: UUID) -> Batch | None:
        waiting = (
            await Delivery.filter(
                participant_id=guardian_id,
                photo__group_id=group_id,
                status=DeliveryStatus.WAITING,
            )
            .order_by("photo__posted_at", "photo__message_id")
            .select_related("photo__group", "participant")
        )
        if not waiting:
            return None
        group, participant = waiting[0].photo.group, waiting[0].participant
        return Batch(
            _guardian(participant),
            participant.is_reachable,
            DeliveryMode(group.delivery_mode),
            group.is_active,
            group.paused_at is not None,
            [_planned(delivery) for delivery in waiting],
        )

    async def take_held(
        self,
        delivery_ids: list[UUID],
        status: DeliveryStatus,
        reason: str | None,
        said: tuple[int, int] | None = None,
    ) -> list[UUID]:
        async with in_transaction():
            taken = await ids_of(
                Delivery.filter(id__in=delivery_ids, status=DeliveryStatus.HELD)
                .select_for_update()
                .order_by("id")  # one lock order, whoever takes them
            )
            await Delivery.filter(id__in=taken).update(status=status, error=reason)
            if said is not None and taken:
                await ask_request(
                    RequestKind.HELD_SENT, held_subject(said), None, said=said, waits_for=taken
                )
        return taken

    async def held_sending(self, said: tuple[int, int]) -> list[UUID] | None:
        rows = await UserRequest.filter(
            kind=RequestKind.HELD_SENT, subject=held_subject(said), done_at=None
        ).values_list("waits_for", flat=True)
        if not rows:
            return None
        return [UUID(each) for waits_for in rows for each in (waits_for or [])]

    async def held_said(self, said: tuple[int, int]) -> None:
        await requests_done(await open_requests(RequestKind.HELD_SENT, held_subject(said)))

    async def statuses(self, delivery_ids: list[UUID]) -> list[tuple[DeliveryStatus, bool]]:
        rows = await Delivery.filter(id__in=delivery_ids).values_list("status", "photo__media_kind")
        return [(DeliveryStatus(status), MediaKind(kind).is_clip) for status, kind in rows]

    # Copies

    async def copies_in_chats(
        self,
        *,
        person_ids: Collection[UUID] = (),
        participant_id: UUID | None = None,
        photo_ids: Collection[UUID] = (),
    ) -> list[SentCopy]:
        query = Delivery.filter(status=DeliveryStatus.SENT, message_id__isnull=False)
        if person_ids:
            query = query.filter(photo__faces__person_id__in=list(person_ids))
        if participant_id is not None:
            query = query.filter(participant_id=participant_id)
        if photo_ids:
            query = query.filter(photo_id__in=list(photo_ids))
        rows = await query.distinct().values(
            "photo_id",
            "participant_id",
            "participant__telegram_user_id",
            "message_id",
            "album_id",
            "names_message_id",
        )
        return [
            SentCopy(
                row["photo_id"],
                row["participant_id"],
                int(row["participant__telegram_user_id"]),
                int(row["message_id"]),
                row["album_id"] is not None,
                row["album_id"],
                row["names_message_id"],
            )
            for row in rows
        ]

    async def copy_now(self, copy: SentCopy) -> CopyNow | None:
        participant = await Participant.get_or_none(id=copy.participant_id)
        photo = await Photo.get_or_none(id=copy.photo_id).select_related("group")
        if participant is None or photo is None or photo.removed_at is not None:
            return None
        faces = await Face.filter(
            photo_id=photo.id,
            person__status__in=(PersonStatus.ACTIVE, PersonStatus.PAUSED),
            person__guardianships__participant_id=participant.id,
        ).select_related("person")
        named = sorted(
            ((face.id, face.person.name) for face in faces if face.person is not None),
            key=lambda each: each[1],
        )
        return CopyNow(
            _guardian(participant),
            photo.group.title,
            photo.caption,
            photo.caption_entities,
            named,
            {face.id: face.seen_from_s for face in faces if face.seen_from_s is not None},
        )

    async def photos_moved(self, event_id: UUID) -> set[UUID]:
        event = await AssignmentEvent.get_or_none(id=event_id)
        if event is None:
            return set()
        moved = await Face.filter(
            id__in=[UUID(face) for face in event.face_ids], photo_id__isnull=False
        ).values_list("photo_id", flat=True)
        return {UUID(str(photo_id)) for photo_id in moved}

    async def owe(self, copies: Sequence[SentCopy]) -> list[OwedCopy]:
        owed = [
            OwedCopy(copy, uuid4())
            for copy in {(c.chat_id, c.message_id): c for c in copies}.values()
        ]
        if owed:
            await StaleCopy.bulk_create(
                [
                    StaleCopy(
                        chat_id=each.copy.chat_id,
                        message_id=each.copy.message_id,
                        photo_id=each.copy.photo_id,
                        participant_id=each.copy.participant_id,
                        album_id=each.copy.album_id,
                        names_message_id=each.copy.names_message_id,
                        version=each.version,
                    )
                    for each in owed
                ],
                on_conflict=["chat_id", "message_id"],
                update_fields=["version"],
            )
        return owed

    async def owed_in(self, chat_id: int) -> list[OwedCopy]:
        rows = await StaleCopy.filter(chat_id=chat_id).order_by("created_at", "message_id")
        return [
            OwedCopy(
                SentCopy(
                    row.photo_id,
                    row.participant_id,
                    row.chat_id,
                    row.message_id,
                    row.album_id is not None,
                    row.album_id,
                    row.names_message_id,
                ),
                row.version,
            )
            for row in rows
        ]

    async def shown(self, owed: OwedCopy) -> bool:
        deleted = await StaleCopy.filter(
            chat_id=owed.copy.chat_id, message_id=owed.copy.message_id, version=owed.version
        ).delete()
        return deleted > 0


async def owe_moved_copies(event_id: UUID) -> None:
    """The copies of the photos whose faces the assignment event moved (a merge, or its
    undo), owed an edit (``stale_copies`` rows). Called inside the transaction that moved
    them: a crash once it commits, before ``PersonsMerged``'s reaction queued the chats'
    jobs, loses none (the reconcile cron queues them)."""
    store = TortoiseDeliveryStore()
    photo_ids = await store.photos_moved(event_id)
    if photo_ids:
        await store.owe(await store.copies_in_chats(photo_ids=list(photo_ids)))


async def _delivery(delivery_id: UUID) -> Delivery | None:
    return await Delivery.get_or_none(id=delivery_id).select_related(
        "photo__group", "participant"
    )  # one statement, joined


def ready_to_go(participant_id: UUID, group_id: UUID) -> QuerySet[Delivery]:
    """The guardian's photos from the group waiting for the chat's turn that may go in an
    album: photos and videos (an album cannot mix in files, animations or round videos),
    not one Telegram refused in an album (it goes alone), not taken down, oldest first."""
    return Delivery.filter(
        Q(error__isnull=True) | ~Q(error__startswith=ALBUM_REFUSED),
        participant_id=participant_id,
        photo__group_id=group_id,
        status=DeliveryStatus.PENDING,
        photo__media_kind__in=list(ALBUM_KINDS),
        photo__removed_at__isnull=True,
        photo__group__paused_at__isnull=True,
    ).order_by("photo__posted_at", "photo__message_id")


def _posted(delivery: Delivery) -> Posted:
    photo, group = delivery.photo, delivery.photo.group
    return Posted(
        photo.id,
        group.id,
        group.chat_id,
        group.title,
        photo.message_id,
        photo.file_id,
        photo.media_kind,
        photo.caption,
        photo.caption_entities,
        photo.posted_at,
    )


def _planned(delivery: Delivery) -> Planned:
    return Planned(
        delivery.id, _posted(delivery), delivery.created_at, delivery.photo.removed_at is not None
    )


def _guardian(participant: Participant) -> Guardian:
    return Guardian(
        participant.id,
        participant.telegram_user_id,
        participant.language,
        participant.language_code,
    )


async def _facts(delivery: Delivery) -> Facts:
    photo, participant = delivery.photo, delivery.participant
    member = photo.group.is_active and await Membership.exists(
        participant_id=participant.id, group_id=photo.group.id, status=MembershipStatus.MEMBER
    )
    statuses = {
        str(status)
        for status in await Face.filter(
            photo_id=photo.id, person__guardianships__participant_id=participant.id
        ).values_list("person__status", flat=True)
    }
    if PersonStatus.ACTIVE in statuses:
        persons = Persons.ACTIVE
    elif PersonStatus.PAUSED in statuses:
        persons = Persons.PAUSED
    else:
        persons = Persons.GONE
    return Facts(
        pending=delivery.status == DeliveryStatus.PENDING,
        taken_down=photo.removed_at is not None,
        group_paused=photo.group.paused_at is not None,
        member=member,
        reachable=participant.is_reachable,
        persons=persons,
    )


async def reserve(
    delivery_id: UUID, expected: DeliveryStatus, participant_id: UUID, group_id: UUID
) -> bool:
    """Reserve one delivery for sending (``expected`` -> SENDING), on the reservation's own
    conditions: still ``expected``, the photo not taken down, the group not paused, the
    participant still a member (not banned), one of their persons in the photo active.

    The delivery row is locked alone first (a plain ``FOR UPDATE`` whose WHERE Postgres
    re-checks on the newest row after a wait), then the conditions are read by a fresh
    statement (a fresh snapshot under READ COMMITTED): a ban, pause or takedown that
    committed while the reservation waited holds, and two senders never both win."""
    return bool(await reserve_all([delivery_id], expected, participant_id, group_id))


async def reserve_all(
    delivery_ids: list[UUID], expected: DeliveryStatus, participant_id: UUID, group_id: UUID
) -> set[UUID]:
    """Reserve each of one guardian's deliveries from one group as ``reserve`` does, in one
    transaction of three statements whatever their number (an album's reservations, right
    before its request); the ids reserved. Rows are locked in id order, as every caller
    locks them, so two reservers never wait on each other in a circle."""
    async with in_transaction():
        # (A model query: tortoise drops FOR UPDATE from values_list queries.)
        locked = (
            await Delivery.filter(id__in=delivery_ids, status=expected)
            .order_by("id")
            .select_for_update()
        )
        if not locked:
            return set()
        still = set(
            await Delivery.filter(
                id__in=[d.id for d in locked],
                status=expected,
                photo__removed_at__isnull=True,
                photo__group__paused_at__isnull=True,
                photo__faces__person__status=PersonStatus.ACTIVE,
                photo__faces__person__guardianships__participant_id=participant_id,
                participant_id__in=Subquery(
                    Membership.filter(
                        participant_id=participant_id,
                        group_id=group_id,
                        status=MembershipStatus.MEMBER,
                    ).values("participant_id")
                ),
            )
            .distinct()
            .values_list("id", flat=True)
        )
        if still:
            await Delivery.filter(id__in=list(still)).update(
                # updated_at is when the request began: reconcile gives up on it from there
                status=DeliveryStatus.SENDING,
                attempts=F("attempts") + 1,
                updated_at=datetime.now(UTC),
            )
        return still  # type: ignore[return-value]


async def _recognized(delivery_ids: list[UUID]) -> None:
    """The photos of these copies sent had a face recognized: /stats keeps counting them
    so after the copies and faces go (``Photo.recognized``)."""
    photo_ids = await Delivery.filter(id__in=delivery_ids).values_list("photo_id", flat=True)
    await Photo.filter(id__in=list(photo_ids), recognized=False).update(recognized=True)
