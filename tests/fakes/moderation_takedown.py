"""A takedown's store (``domain.moderation.takedown_store``) in memory: plain dicts a test
fills and reads, with the same answers the tortoise store gives."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from domain.moderation import takedown_store as port
from domain.moderation.audit import Actor
from domain.moderation.takedown import NOT_SENT, UNSENT
from domain.states import DeliveryStatus, OfferStatus


@dataclass
class KeptPhoto:
    """A photo's row: where it was posted, which picture, and when it was taken down."""

    group: port.PhotoGroup
    message_id: int
    file_unique_id: str
    posted_at: datetime
    media_group_id: str | None = None
    removed_at: datetime | None = None
    caption: str | None = None


@dataclass
class KeptCopy:
    """A delivery of a photo to a guardian."""

    photo_id: UUID
    guardian: UUID
    chat_id: int
    status: DeliveryStatus
    message_id: int | None = None
    sent_at: datetime | None = None
    album_id: UUID | None = None
    error: str | None = None


@dataclass
class MemoryTakedownStore:
    """``TakedownStore``: photos, deliveries, faces (face: photo, crop), the questions sent
    about faces, offers, open requests (id: photo, who asked) and the audit's takedowns."""

    photos: dict[UUID, KeptPhoto] = field(default_factory=dict)
    copies: dict[UUID, KeptCopy] = field(default_factory=dict)
    face_rows: dict[UUID, tuple[UUID, str | None]] = field(default_factory=dict)
    questions: dict[UUID, list[tuple[int, int]]] = field(default_factory=dict)
    open_questions: set[UUID] = field(default_factory=set)
    asked_at: dict[tuple[int, int], datetime] = field(default_factory=dict)  # question: sent
    kept_offers: dict[UUID, port.Offer] = field(default_factory=dict)
    requests: dict[UUID, tuple[UUID, int | None]] = field(default_factory=dict)
    said: dict[UUID, tuple[int, int]] = field(default_factory=dict)  # request: its message
    audit: list[tuple[UUID, str, datetime]] = field(default_factory=list)  # photo, by, posted
    left: dict[UUID, dict[str, object]] = field(default_factory=dict)  # what the job left
    prototypes: dict[UUID, UUID] = field(default_factory=dict)  # face: person
    choose_again: list[UUID] = field(default_factory=list)

    def group(self, chat_id: int = -1001, admin_chat_id: int | None = None) -> port.PhotoGroup:
        return port.PhotoGroup(uuid4(), chat_id, "Class 1A", admin_chat_id, True)

    def post(
        self,
        group: port.PhotoGroup,
        message_id: int,
        picture: str = "",
        *,
        at: datetime | None = None,
        album: str | None = None,
    ) -> UUID:
        """A photo posted in the group as this message (``picture``: its file, shared by
        every post of the same picture)."""
        photo_id = uuid4()
        posted = at or datetime(2026, 11, 20, 9, 0, tzinfo=UTC) + timedelta(minutes=message_id)
        self.photos[photo_id] = KeptPhoto(
            group, message_id, picture or str(photo_id), posted, album, caption="Look!"
        )
        return photo_id

    def deliver(
        self, photo_id: UUID, chat_id: int, status: DeliveryStatus = DeliveryStatus.SENT
    ) -> UUID:
        delivery_id = uuid4()
        sent = status == DeliveryStatus.SENT
        self.copies[delivery_id] = KeptCopy(
            photo_id,
            uuid4(),
            chat_id,
            status,
            message_id=100 + len(self.copies) if sent else None,
            sent_at=datetime(2026, 11, 20, 10, 0, tzinfo=UTC) if sent else None,
        )
        return delivery_id

    def face(self, photo_id: UUID, *, asked_in: tuple[int, int] | None = None) -> UUID:
        face_id = uuid4()
        self.face_rows[face_id] = (photo_id, f"crops/{photo_id}/{face_id}.jpg")
        if asked_in is not None:
            self.questions[face_id] = [asked_in]
            self.open_questions.add(face_id)
        return face_id

    def _view(self, photo_id: UUID) -> port.GroupPhoto:
        kept = self.photos[photo_id]
        return port.GroupPhoto(
            photo_id, kept.group, kept.message_id, kept.posted_at, kept.removed_at is not None
        )

    async def photo(self, photo_id: UUID) -> port.GroupPhoto | None:
        return self._view(photo_id) if photo_id in self.photos else None

    async def photo_at(self, group_id: UUID, message_id: int) -> port.GroupPhoto | None:
        return next(
            (
                self._view(i)
                for i, p in self.photos.items()
                if p.group.id == group_id and p.message_id == message_id
            ),
            None,
        )

    async def in_an_album(self, photo_id: UUID) -> bool:
        kept = self.photos.get(photo_id)
        if kept is None or kept.media_group_id is None:
            return False
        return any(
            i != photo_id
            and p.group.id == kept.group.id
            and p.media_group_id == kept.media_group_id
            and p.removed_at is None
            for i, p in self.photos.items()
        )

    async def taken_down_by(self, photo: port.GroupPhoto) -> str:
        return next((by for p, by, _ in reversed(self.audit) if p == photo.id), "")

    async def forgotten_copies(self, photo_ids: list[UUID]) -> int:
        return 0

    async def forgotten_copies_of(self, photo_id: UUID) -> int:
        return 0

    async def record_left(
        self, photo_id: UUID, *, post: bool, copies: int, unreachable: int = 0
    ) -> None:
        self.left[photo_id] = {"post": post, "copies": copies, "unreachable": unreachable}

    async def take_down(
        self,
        photo_id: UUID,
        actor: Actor,
        said: tuple[int, int] | None = None,
    ) -> port.TakenDown | None:
        kept = self.photos.get(photo_id)
        if kept is None:
            return None
        if kept.removed_at is not None:
            return port.TakenDown(already=True)
        copies = [
            i
            for i, p in self.photos.items()
            if i != photo_id
            and p.group.id == kept.group.id
            and p.file_unique_id == kept.file_unique_id
            and p.removed_at is None
        ]
        now = datetime.now(UTC)
        for each in (photo_id, *copies):
            self.photos[each].removed_at = now
            self.photos[each].caption = None
        await self.stop_unsent([photo_id, *copies])
        request_id = uuid4()
        self.requests[request_id] = (photo_id, actor.user_id)
        if said is not None:
            self.said[request_id] = said
        self.audit.append((photo_id, actor.name, kept.posted_at))
        return port.TakenDown(already=False, copies=len(copies))

    async def asked(self, photo_id: UUID) -> list[port.Asked]:
        return [
            port.Asked(i, by, self.said.get(i))
            for i, (photo, by) in self.requests.items()
            if photo == photo_id
        ]

    async def close(self, asked: list[UUID]) -> None:
        for request_id in asked:
            self.requests.pop(request_id, None)

    async def taken_together(self, photo_id: UUID) -> list[port.GroupPhoto]:
        kept = self.photos.get(photo_id)
        if kept is None or kept.removed_at is None:
            return []
        others = sorted(
            (
                i
                for i, p in self.photos.items()
                if i != photo_id
                and p.group.id == kept.group.id
                and p.file_unique_id == kept.file_unique_id
                and p.removed_at == kept.removed_at
            ),
            key=lambda i: self.photos[i].posted_at,
        )
        return [self._view(i) for i in (photo_id, *others)]

    async def sending(self, photo_id: UUID) -> bool:
        return any(
            c.photo_id == photo_id and c.status == DeliveryStatus.SENDING
            for c in self.copies.values()
        )

    async def stop_unsent(self, photo_ids: list[UUID]) -> None:
        for copy in self.copies.values():
            if copy.photo_id in photo_ids and copy.status in UNSENT:
                copy.status, copy.error = DeliveryStatus.TAKEN_DOWN, NOT_SENT

    async def faces(self, photo_id: UUID) -> list[port.PhotoFace]:
        return [port.PhotoFace(i, crop) for i, (p, crop) in self.face_rows.items() if p == photo_id]

    async def questions_sent(self, face_ids: list[UUID]) -> list[port.SentQuestion]:
        return [
            port.SentQuestion(*message, self.asked_at.get(message))
            for face in face_ids
            for message in self.questions.get(face, [])
        ]

    async def offers(self, group_id: UUID) -> list[port.Offer]:
        return list(self.kept_offers.values())

    async def drop_offer(self, offer_id: UUID) -> None:
        self.kept_offers.pop(offer_id, None)

    async def wait_again(self, offer_id: UUID, face_ids: list[str]) -> None:
        offer = self.kept_offers[offer_id]
        scores = {face: score for face, score in offer.scores.items() if face in face_ids}
        self.kept_offers[offer_id] = replace(
            offer, face_ids=tuple(face_ids), scores=scores, status=OfferStatus.WAITING, sent_to=()
        )

    async def crops_kept(self, face_ids: list[str]) -> list[port.PhotoFace]:
        return [
            port.PhotoFace(UUID(face), self.face_rows[UUID(face)][1])
            for face in face_ids
            if UUID(face) in self.face_rows
            and self.face_rows[UUID(face)][1] is not None
            and UUID(face) not in self.open_questions
        ]

    async def drop_crop(self, face_id: UUID) -> None:
        self.face_rows[face_id] = (self.face_rows[face_id][0], None)

    async def forget_faces(self, face_ids: list[UUID]) -> list[UUID]:
        lost = list(dict.fromkeys(self.prototypes.pop(f) for f in face_ids if f in self.prototypes))
        self.choose_again += lost
        for face in face_ids:
            self.face_rows.pop(face, None)
            self.questions.pop(face, None)
            self.open_questions.discard(face)
        return lost

    async def sent_copies(self, photo_id: UUID) -> list[port.Copy]:
        return [
            port.Copy(i, c.guardian, c.chat_id, c.message_id, c.album_id)
            for i, c in self.copies.items()
            if c.photo_id == photo_id and c.status == DeliveryStatus.SENT
        ]

    async def copy_taken_down(self, delivery_id: UUID, note: str, *, stands: bool = False) -> None:
        copy = self.copies[delivery_id]
        if copy.status == DeliveryStatus.SENT:
            copy.status, copy.error = DeliveryStatus.TAKEN_DOWN, note

    async def noted(self, photo_ids: list[UUID], note: str) -> list[datetime]:
        return [
            c.sent_at or datetime.now(UTC)
            for c in self.copies.values()
            if c.photo_id in photo_ids and c.error == note
        ]
