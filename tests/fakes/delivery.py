"""Delivery's store (``domain.delivery.stores``) in memory: plain dicts a test fills and
reads, with the same answers the tortoise store gives; and a guardian's chat that takes
every turn and keeps what was sent, for ``Deliveries.send`` without Telegram."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from domain.delivery.decision import Facts, Persons
from domain.delivery.posted_albums import PostedAlbum
from domain.delivery.stores import (
    ALBUM_REFUSED,
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
)
from domain.groups.memberships import Member
from domain.states import DeliveryMode, DeliveryStatus, MediaKind, PersonStatus
from domain.telegram import ALBUM_KINDS, AlbumItem, Button, Deletion, Edit, NotThisPerson

_ALBUM_WHAT = {MediaKind.PHOTO: "file", MediaKind.VIDEO: "video"}


@dataclass
class Kept:
    """A delivery's row: which photo, to whom, and where it stands."""

    photo_id: UUID
    guardian_id: UUID
    status: DeliveryStatus = DeliveryStatus.PENDING
    error: str | None = None
    message_id: int | None = None
    sent_at: datetime | None = None
    album_id: UUID | None = None
    corrections_due: bool = False
    corrections_message_id: int | None = None
    names_message_id: int | None = None
    planned_at: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass
class KeptPerson:
    name: str
    status: PersonStatus = PersonStatus.ACTIVE
    guardians: set[UUID] = field(default_factory=set)
    faces: dict[UUID, UUID] = field(default_factory=dict)  # face id: photo id


@dataclass
class MemoryDeliveryStore:
    """``DeliveryStore``: photos, guardians, persons and deliveries; groups paused or gone,
    memberships (guardian, group) and photos taken down as sets."""

    photos: dict[UUID, Posted] = field(default_factory=dict)
    guardians_: dict[UUID, Guardian] = field(default_factory=dict)
    persons: dict[UUID, KeptPerson] = field(default_factory=dict)
    seen: dict[UUID, float] = field(default_factory=dict)  # a clip's face: first on screen
    deliveries: dict[UUID, Kept] = field(default_factory=dict)
    members: set[tuple[UUID, UUID]] = field(default_factory=set)
    paused_groups: set[UUID] = field(default_factory=set)
    inactive_groups: set[UUID] = field(default_factory=set)
    taken_down: set[UUID] = field(default_factory=set)
    unreachable_since: dict[UUID, datetime] = field(default_factory=dict)
    modes: dict[UUID, DeliveryMode] = field(default_factory=dict)  # group: not "each"
    moved: dict[UUID, set[UUID]] = field(default_factory=dict)  # assignment event: its photos
    posted_together: dict[UUID, str] = field(default_factory=dict)  # photo: its media group
    reading: set[UUID] = field(default_factory=set)  # photos not yet recognized
    recorded: dict[UUID, datetime] = field(default_factory=dict)  # photo (else: as planned)
    # "Sending 2 photos." (chat, message): the deliveries its open HELD_SENT request awaits
    held_requests: dict[tuple[int, int], list[UUID]] = field(default_factory=dict)
    # Copies owed an edit, by (chat, message), oldest first
    stale: dict[tuple[int, int], OwedCopy] = field(default_factory=dict)

    # Filling it

    def guardian_in(self, group_id: UUID, user_id: int) -> Guardian:
        guardian = Guardian(uuid4(), user_id, None, None)
        self.guardians_[guardian.id] = guardian
        self.members.add((guardian.id, group_id))
        return guardian

    def child(self, name: str, *guardians: Guardian) -> UUID:
        person_id = uuid4()
        self.persons[person_id] = KeptPerson(name, guardians={g.id for g in guardians})
        return person_id

    def photo(
        self, group_id: UUID, *persons: UUID, message_id: int = 1, kind: MediaKind = MediaKind.PHOTO
    ) -> UUID:
        photo = Posted(
            uuid4(),
            group_id,
            -100,
            "Class 1A",
            message_id,
            f"file-{message_id}",
            kind,
            None,
            None,
            datetime(2026, 11, 25, 9, 0, message_id % 60, tzinfo=UTC),
        )
        self.photos[photo.id] = photo
        for person_id in persons:
            self.persons[person_id].faces[uuid4()] = photo.id
        return photo.id

    def deliver(
        self, photo_id: UUID, guardian: Guardian, status: DeliveryStatus | None = None
    ) -> UUID:
        delivery_id = uuid4()
        self.deliveries[delivery_id] = Kept(photo_id, guardian.id, status or DeliveryStatus.PENDING)
        return delivery_id

    def status(self, delivery_id: UUID) -> DeliveryStatus:
        return self.deliveries[delivery_id].status

    # The port

    async def due(self, delivery_id: UUID) -> Due | None:
        kept = self.deliveries.get(delivery_id)
        if kept is None:
            return None
        return Due(
            delivery_id,
            self.photos[kept.photo_id],
            self.guardians_[kept.guardian_id],
            self._facts(delivery_id),
        )

    async def facts(self, delivery_id: UUID) -> Facts | None:
        return self._facts(delivery_id) if delivery_id in self.deliveries else None

    def _facts(self, delivery_id: UUID) -> Facts:
        kept = self.deliveries[delivery_id]
        group_id = self.photos[kept.photo_id].group_id
        statuses = {
            person.status
            for person in self.persons.values()
            if kept.guardian_id in person.guardians and kept.photo_id in person.faces.values()
        }
        if PersonStatus.ACTIVE in statuses:
            persons = Persons.ACTIVE
        elif PersonStatus.PAUSED in statuses:
            persons = Persons.PAUSED
        else:
            persons = Persons.GONE
        return Facts(
            pending=kept.status == DeliveryStatus.PENDING,
            taken_down=kept.photo_id in self.taken_down,
            group_paused=group_id in self.paused_groups,
            member=group_id not in self.inactive_groups
            and (kept.guardian_id, group_id) in self.members,
            reachable=kept.guardian_id not in self.unreachable_since,
            persons=persons,
        )

    async def is_pending(self, delivery_id: UUID) -> bool:
        return self.deliveries[delivery_id].status == DeliveryStatus.PENDING

    async def burst(self, due: Due, room: int) -> list[UUID]:
        reading = {
            self.posted_together.get(photo_id)
            for photo_id in self.reading - self.taken_down
            if self.photos[photo_id].media_kind in ALBUM_KINDS
        }
        ready = self._oldest_first(
            d
            for d in self.deliveries
            if self._ready(d, due.guardian.id, due.photo.group_id)
            and self.posted_together.get(self.deliveries[d].photo_id) not in reading - {None}
        )
        if len(ready) < 2 or due.id not in ready:
            return []
        return [d for d in ready if d != due.id][:room]

    async def posted_album(self, due: Due) -> PostedAlbum | None:
        kept, album = self.deliveries.get(due.id), self.posted_together.get(due.photo.id)
        if kept is None or album is None or due.photo.media_kind not in ALBUM_KINDS:
            return None
        unread = [
            photo_id
            for photo_id in self.reading - {due.photo.id} - self.taken_down
            if self.posted_together.get(photo_id) == album
            and self.photos[photo_id].media_kind in ALBUM_KINDS
        ]
        recorded = self.recorded.get(due.photo.id, kept.planned_at)
        return PostedAlbum(recorded, kept.planned_at, len(unread))

    async def reserve(self, due: Due) -> bool:
        facts = self._facts(due.id)
        if not (
            facts.pending
            and not facts.taken_down
            and not facts.group_paused
            and (due.guardian.id, due.photo.group_id) in self.members
            and facts.persons == Persons.ACTIVE
        ):
            return False
        self.deliveries[due.id].status = DeliveryStatus.SENDING
        return True

    async def named(self, due: Due) -> list[tuple[UUID, str]]:
        return [
            (face_id, person.name)
            for person in self.persons.values()
            if person.status == PersonStatus.ACTIVE and due.guardian.id in person.guardians
            for face_id, photo_id in person.faces.items()
            if photo_id == due.photo.id
        ]

    async def on_screen(self, face_ids: Collection[UUID]) -> dict[UUID, float]:
        return {face_id: self.seen[face_id] for face_id in face_ids if face_id in self.seen}

    async def finish(self, delivery_id: UUID, status: DeliveryStatus, reason: str) -> None:
        kept = self.deliveries[delivery_id]
        kept.status, kept.error = status, reason[:255]

    async def hold(self, delivery_id: UUID) -> None:
        kept = self.deliveries[delivery_id]
        if kept.status == DeliveryStatus.PENDING:
            kept.status = DeliveryStatus.HELD

    async def release(self, delivery_id: UUID, reason: str) -> None:
        kept = self.deliveries[delivery_id]
        if kept.status == DeliveryStatus.SENDING:
            kept.status, kept.error = DeliveryStatus.PENDING, reason[:255]

    async def sent(self, delivery_id: UUID, message_id: int, at: datetime) -> None:
        kept = self.deliveries[delivery_id]
        kept.status, kept.message_id, kept.error = DeliveryStatus.SENT, message_id, None

    async def names_sent(self, delivery_id: UUID, message_id: int) -> None:
        self.deliveries[delivery_id].names_message_id = message_id

    async def unreachable(self, guardian_id: UUID, since: datetime) -> None:
        self.unreachable_since[guardian_id] = since

    async def unpark(self, guardian_id: UUID) -> list[UUID]:
        parked = [
            d
            for d, kept in self.deliveries.items()
            if kept.guardian_id == guardian_id and kept.status == DeliveryStatus.PARKED
        ]
        for delivery_id in parked:
            kept = self.deliveries[delivery_id]
            kept.status, kept.error = DeliveryStatus.PENDING, None
        return parked

    async def guardians(self, person_id: UUID) -> list[Guardian]:
        return [self.guardians_[g] for g in sorted(self.persons[person_id].guardians)]

    async def guardian(self, person_id: UUID, user_id: int) -> Guardian | None:
        person = self.persons.get(person_id)
        return next(
            (
                self.guardians_[g]
                for g in person.guardians
                if self.guardians_[g].telegram_user_id == user_id
            )
            if person is not None
            else iter(()),
            None,
        )

    async def person(self, person_id: UUID) -> tuple[str, PersonStatus] | None:
        person = self.persons.get(person_id)
        return None if person is None else (person.name, person.status)

    async def held(self, guardian_id: UUID, person_id: UUID) -> list[Held]:
        photos = set(self.persons[person_id].faces.values())
        held = [
            (self.photos[kept.photo_id], d)
            for d, kept in self.deliveries.items()
            if kept.guardian_id == guardian_id
            and kept.status == DeliveryStatus.HELD
            and kept.photo_id in photos
            and self._facts(d).member
        ]
        held.sort(key=lambda item: (item[0].posted_at, item[0].message_id))
        return [Held(d, photo.media_kind.is_clip, photo.group_title) for photo, d in held]

    async def held_elsewhere(self, guardian_id: UUID, person_id: UUID) -> list[tuple[str, bool]]:
        photos = set(self.persons[person_id].faces.values())
        return sorted(
            {
                (self.photos[kept.photo_id].group_title, False)
                for d, kept in self.deliveries.items()
                if kept.guardian_id == guardian_id
                and kept.status == DeliveryStatus.HELD
                and kept.photo_id in photos
                and not self._facts(d).member
            }
        )

    # Albums

    def _planned(self, delivery_id: UUID) -> Planned:
        kept = self.deliveries[delivery_id]
        return Planned(
            delivery_id,
            self.photos[kept.photo_id],
            kept.planned_at,
            kept.photo_id in self.taken_down,
        )

    def _oldest_first(self, delivery_ids: Iterable[UUID]) -> list[UUID]:
        def posted(delivery_id: UUID) -> tuple[datetime, int]:
            photo = self.photos[self.deliveries[delivery_id].photo_id]
            return photo.posted_at, photo.message_id

        return sorted(delivery_ids, key=posted)

    async def planned(self, delivery_ids: list[UUID]) -> list[Planned]:
        return [
            self._planned(d)
            for d in self._oldest_first(d for d in delivery_ids if d in self.deliveries)
        ]

    async def names(self, guardian_id: UUID, photo_ids: list[UUID]) -> Names:
        names: Names = {}
        for person in self.persons.values():
            if person.status == PersonStatus.ACTIVE and guardian_id in person.guardians:
                for face_id, photo_id in person.faces.items():
                    if photo_id in photo_ids:
                        names.setdefault(photo_id, []).append((face_id, person.name))
        return names

    async def reserve_all(
        self, delivery_ids: list[UUID], origin: DeliveryStatus, guardian_id: UUID, group_id: UUID
    ) -> set[UUID]:
        won = set()
        for delivery_id in delivery_ids:
            kept = self.deliveries.get(delivery_id)
            if kept is None or kept.status != origin:
                continue
            facts = self._facts(delivery_id)
            if (
                not facts.taken_down
                and not facts.group_paused
                and (guardian_id, group_id) in self.members
                and facts.persons == Persons.ACTIVE
            ):
                kept.status = DeliveryStatus.SENDING
                won.add(delivery_id)
        return won

    async def group_paused(self, group_id: UUID) -> bool:
        return group_id in self.paused_groups

    async def release_all(
        self, delivery_ids: list[UUID], status: DeliveryStatus, refused: str | None
    ) -> None:
        for delivery_id in delivery_ids:
            kept = self.deliveries[delivery_id]
            if kept.status == DeliveryStatus.SENDING:
                kept.status, kept.error = status, refused

    async def finish_all(
        self, delivery_ids: list[UUID], status: DeliveryStatus, reason: str
    ) -> int:
        ended = 0
        for delivery_id in delivery_ids:
            kept = self.deliveries[delivery_id]
            if kept.status in (DeliveryStatus.WAITING, DeliveryStatus.SENDING):
                kept.status, kept.error = status, reason[:255]
                ended += 1
        return ended

    async def to_single(self, delivery_ids: list[UUID]) -> None:
        for delivery_id in delivery_ids:
            kept = self.deliveries[delivery_id]
            if kept.status == DeliveryStatus.WAITING:
                kept.status = DeliveryStatus.PENDING

    async def album_sent(self, sent: list[tuple[UUID, int]], at: datetime) -> UUID:
        album_id = sent[0][0]
        for delivery_id, message_id in sent:
            kept = self.deliveries[delivery_id]
            kept.status, kept.message_id, kept.sent_at = DeliveryStatus.SENT, message_id, at
            kept.error, kept.album_id = None, album_id
            kept.corrections_due = delivery_id == album_id
        return album_id

    async def album_due(self, album_id: UUID) -> SentAlbum | None:
        first = self.deliveries.get(album_id)
        if first is None or not first.corrections_due:
            return None
        assert first.sent_at is not None
        photo = self.photos[first.photo_id]
        return SentAlbum(
            self.guardians_[first.guardian_id],
            photo.group_id,
            photo.group_title,
            first.message_id,
            first.sent_at,
        )

    async def any_ready(self, guardian_id: UUID, group_id: UUID) -> bool:
        return any(
            self._ready(delivery_id, guardian_id, group_id) for delivery_id in self.deliveries
        )

    def _ready(self, delivery_id: UUID, guardian_id: UUID, group_id: UUID) -> bool:
        kept = self.deliveries[delivery_id]
        photo = self.photos[kept.photo_id]
        return (
            kept.guardian_id == guardian_id
            and kept.status == DeliveryStatus.PENDING
            and not (kept.error or "").startswith(ALBUM_REFUSED)
            and photo.group_id == group_id
            and photo.media_kind in ALBUM_KINDS
            and kept.photo_id not in self.taken_down
            and group_id not in self.paused_groups
        )

    async def album_taken_down(self, album_id: UUID) -> tuple[int, int]:
        taken = [
            kept
            for kept in self.deliveries.values()
            if kept.album_id == album_id
            and kept.message_id is not None
            and (kept.status == DeliveryStatus.TAKEN_DOWN or kept.photo_id in self.taken_down)
        ]
        clips = sum(1 for kept in taken if self.photos[kept.photo_id].media_kind.is_clip)
        return len(taken) - clips, clips

    async def album_photos(self, album_id: UUID) -> list[AlbumCopy]:
        album = [
            kept
            for kept in self.deliveries.values()
            if kept.album_id == album_id
            and kept.status == DeliveryStatus.SENT
            and kept.message_id is not None
            and kept.photo_id not in self.taken_down
        ]
        return [
            AlbumCopy(kept.photo_id, self.photos[kept.photo_id].media_kind.is_clip)
            for kept in sorted(album, key=lambda k: k.message_id or 0)
        ]

    async def corrections_offered(self, album_id: UUID, message_id: int | None) -> None:
        self.deliveries[album_id].corrections_due = False
        self.deliveries[album_id].corrections_message_id = message_id

    async def albums_of(self, photo_ids: Collection[UUID]) -> list[UUID]:
        return sorted(
            {
                kept.album_id
                for kept in self.deliveries.values()
                if kept.photo_id in photo_ids and kept.album_id is not None
            }
        )

    async def notes_sent(self, album_ids: Collection[UUID]) -> list[SentNote]:
        notes = []
        for album_id in album_ids:
            first = self.deliveries.get(album_id)
            if first is not None and first.corrections_message_id is not None:
                notes.append(
                    SentNote(
                        album_id,
                        self.guardians_[first.guardian_id],
                        self.photos[first.photo_id].group_title,
                        first.corrections_message_id,
                    )
                )
        return notes

    async def notes_in_chat_of(self, guardian_id: UUID) -> list[tuple[int, int]]:
        return [
            (self.guardians_[kept.guardian_id].telegram_user_id, kept.corrections_message_id)
            for kept in self.deliveries.values()
            if kept.guardian_id == guardian_id and kept.corrections_message_id is not None
        ]

    # Batches

    async def waiting_pairs(self, group_id: UUID | None = None) -> list[tuple[UUID, UUID]]:
        return sorted(
            {
                (kept.guardian_id, self.photos[kept.photo_id].group_id)
                for kept in self.deliveries.values()
                if kept.status == DeliveryStatus.WAITING
                and group_id in (None, self.photos[kept.photo_id].group_id)
            }
        )

    async def batch(self, guardian_id: UUID, group_id: UUID) -> Batch | None:
        waiting = self._oldest_first(
            d
            for d, kept in self.deliveries.items()
            if kept.guardian_id == guardian_id
            and kept.status == DeliveryStatus.WAITING
            and self.photos[kept.photo_id].group_id == group_id
        )
        if not waiting:
            return None
        return Batch(
            self.guardians_[guardian_id],
            guardian_id not in self.unreachable_since,
            self.modes.get(group_id, DeliveryMode.EACH),
            group_id not in self.inactive_groups,
            group_id in self.paused_groups,
            [self._planned(d) for d in waiting],
        )

    async def statuses(self, delivery_ids: list[UUID]) -> list[tuple[DeliveryStatus, bool]]:
        return [
            (kept.status, self.photos[kept.photo_id].media_kind.is_clip)
            for kept in (self.deliveries.get(d) for d in delivery_ids)
            if kept is not None
        ]

    async def take_held(
        self,
        delivery_ids: list[UUID],
        status: DeliveryStatus,
        reason: str | None,
        said: tuple[int, int] | None = None,
    ) -> list[UUID]:
        taken = []
        for delivery_id in delivery_ids:
            kept = self.deliveries[delivery_id]
            if kept.status == DeliveryStatus.HELD:
                kept.status, kept.error = status, reason
                taken.append(delivery_id)
        if said is not None and taken:
            self.held_requests[said] = [*self.held_requests.get(said, []), *taken]
        return taken

    async def held_sending(self, said: tuple[int, int]) -> list[UUID] | None:
        return self.held_requests.get(said)

    async def held_said(self, said: tuple[int, int]) -> None:
        self.held_requests.pop(said, None)

    # Copies

    async def copies_in_chats(
        self,
        *,
        person_ids: Collection[UUID] = (),
        participant_id: UUID | None = None,
        photo_ids: Collection[UUID] = (),
    ) -> list[SentCopy]:
        of_persons = {
            photo_id
            for person_id in person_ids
            for photo_id in self.persons[person_id].faces.values()
        }
        return [
            SentCopy(
                kept.photo_id,
                kept.guardian_id,
                self.guardians_[kept.guardian_id].telegram_user_id,
                kept.message_id,
                kept.album_id is not None,
                kept.album_id,
                kept.names_message_id,
            )
            for kept in self.deliveries.values()
            if kept.status == DeliveryStatus.SENT
            and kept.message_id is not None
            and (not person_ids or kept.photo_id in of_persons)
            and participant_id in (None, kept.guardian_id)
            and (not photo_ids or kept.photo_id in photo_ids)
        ]

    async def copy_now(self, copy: SentCopy) -> CopyNow | None:
        guardian = self.guardians_.get(copy.participant_id)
        photo = self.photos.get(copy.photo_id)
        if guardian is None or photo is None or photo.id in self.taken_down:
            return None
        named = sorted(
            (
                (face_id, person.name)
                for person in self.persons.values()
                if person.status in (PersonStatus.ACTIVE, PersonStatus.PAUSED)
                and guardian.id in person.guardians
                for face_id, photo_id in person.faces.items()
                if photo_id == photo.id
            ),
            key=lambda each: each[1],
        )
        return CopyNow(guardian, photo.group_title, photo.caption, photo.caption_entities, named)

    async def photos_moved(self, event_id: UUID) -> set[UUID]:
        return set(self.moved.get(event_id, set()))

    async def owe(self, copies: Sequence[SentCopy]) -> list[OwedCopy]:
        owed = []
        for copy in copies:
            self.stale[(copy.chat_id, copy.message_id)] = OwedCopy(copy, uuid4())
            owed.append(self.stale[(copy.chat_id, copy.message_id)])
        return owed

    async def owed_in(self, chat_id: int) -> list[OwedCopy]:
        return [owed for (chat, _), owed in self.stale.items() if chat == chat_id]

    async def shown(self, owed: OwedCopy) -> bool:
        key = (owed.copy.chat_id, owed.copy.message_id)
        if key not in self.stale or self.stale[key].version != owed.version:
            return False
        del self.stale[key]
        return True


@dataclass
class MemoryMembers:
    """``Members``: as the store records them (Telegram is never asked), unless a test
    says Telegram answered that the guardian left (``left``)."""

    store: MemoryDeliveryStore
    left: set[UUID] = field(default_factory=set)
    asked: list[UUID] = field(default_factory=list)

    async def still_member(self, participant: Member, group_id: UUID) -> bool:
        self.asked.append(participant.id)
        return (participant.id, group_id) in self.store.members and participant.id not in self.left


@dataclass
class MemoryChats:
    """The few ``Messenger`` requests delivery makes: every turn is free (after
    ``meanwhile``); a request raises the next of ``refusals`` (once each), else is kept in
    ``sent``: (chat, what: "copy of <message id>", "file <file id>", "<clip kind> <file id>"
    (a clip sent again: its caption "" for a video note), "album's file <file id>" or
    "album's video <file id>" for each item of an album, "text replying to <message
    id>"; its caption or text;
    its "Not Alice?" buttons' labels)."""

    refusals: list[Exception] = field(default_factory=list)
    sent: list[tuple[int, str, str, list[str]]] = field(default_factory=list)
    turns: int = 0
    # Called while the first turn is awaited: what happens meanwhile.
    meanwhile: list[Callable[[], None]] = field(default_factory=list)
    # Messages edited: (chat, message, its text or caption now (None: as it was, its buttons
    # taken off), its "Not Alice?" buttons' labels); deleted: (chat, message), but those
    # ``too_old`` to delete.
    edited: list[tuple[int, int, str | None, list[str]]] = field(default_factory=list)
    deleted: list[tuple[int, int]] = field(default_factory=list)
    too_old: set[int] = field(default_factory=set)

    async def wait_turn(
        self, chat_id: int, longest: float, count: int | Callable[[], Awaitable[int]] = 1
    ) -> int:
        self.turns += 1
        while self.meanwhile:
            self.meanwhile.pop(0)()
        return count if isinstance(count, int) else await count()

    async def copy_photo(
        self,
        chat_id: int,
        from_chat_id: int,
        message_id: int,
        caption: str,
        buttons: Sequence[Sequence[Button]] = (),
        *,
        turn_taken: bool = False,
    ) -> int:
        return self._keep(chat_id, f"copy of {message_id}", caption, buttons)

    async def send_photo(
        self,
        chat_id: int,
        file_id: str,
        caption: str,
        buttons: Sequence[Sequence[Button]] = (),
        *,
        turn_taken: bool = False,
    ) -> int:
        return self._keep(chat_id, f"file {file_id}", caption, buttons)

    async def send_clip(
        self,
        chat_id: int,
        kind: MediaKind,
        file_id: str,
        caption: str,
        buttons: Sequence[Sequence[Button]] = (),
        *,
        turn_taken: bool = False,
    ) -> int:
        return self._keep(
            chat_id,
            f"{kind.value} {file_id}",
            "" if kind == MediaKind.VIDEO_NOTE else caption,
            buttons,
        )

    async def send_album(
        self, chat_id: int, items: Sequence[AlbumItem], *, turn_taken: bool = False
    ) -> list[int]:
        return [
            self._keep(
                chat_id, f"album's {_ALBUM_WHAT[item.kind]} {item.file_id}", item.caption, []
            )
            for item in items
        ]

    async def send_text(
        self,
        chat_id: int,
        text: str,
        buttons: Sequence[Sequence[Button]] = (),
        *,
        reply_to: int | None = None,
        turn_taken: bool = False,
    ) -> int:
        return self._keep(chat_id, f"text replying to {reply_to}", text, buttons)

    async def recaption(
        self, chat_id: int, message_id: int, caption: str, buttons: Sequence[Sequence[Button]] = ()
    ) -> bool:
        self._refuse()
        self.edited.append((chat_id, message_id, caption, _labels(buttons)))
        return True

    async def replace_text(
        self, chat_id: int, message_id: int, text: str, buttons: Sequence[Sequence[Button]] = ()
    ) -> Edit:
        await self.recaption(chat_id, message_id, text, buttons)  # kept as a caption is
        return Edit.EDITED

    async def drop_buttons(self, chat_id: int, message_id: int) -> bool:
        return await self.set_buttons(chat_id, message_id, ())

    async def set_buttons(
        self, chat_id: int, message_id: int, buttons: Sequence[Sequence[Button]]
    ) -> bool:
        self._refuse()
        self.edited.append((chat_id, message_id, None, _labels(buttons)))
        return True

    async def delete_message(self, chat_id: int, message_id: int) -> Deletion:
        if message_id in self.too_old:
            return Deletion.REFUSED
        self.deleted.append((chat_id, message_id))
        return Deletion.DELETED

    def _keep(
        self, chat_id: int, what: str, caption: str, buttons: Sequence[Sequence[Button]]
    ) -> int:
        self._refuse()
        self.sent.append((chat_id, what, caption, _labels(buttons)))
        return 1000 + len(self.sent)

    def _refuse(self) -> None:
        """Telegram refuses this request: with the next of ``refusals``, once each."""
        if self.refusals:
            raise self.refusals.pop(0)

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"delivery asked Telegram for {name}")


def _labels(buttons: Sequence[Sequence[Button]]) -> list[str]:
    """The "Not Alice?" buttons' labels."""
    return [b.label for row in buttons for b in row if isinstance(b, NotThisPerson)]
