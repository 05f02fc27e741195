"""Earlier photos' store in memory (``domain.earlier_photos.stores``): persons, their
guardians and prototypes, the faces of a group's photos, the offers made and what an answer
changes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from domain.delivery.stores import Guardian
from domain.earlier_photos.stores import (
    EarlierPhoto,
    InFrame,
    Locked,
    LookGroup,
    NewOffer,
    Offered,
    Seeker,
)
from domain.states import OfferStatus, PersonStatus, SuggestionStatus

POSTED = datetime(2026, 9, 1, tzinfo=UTC)


@dataclass
class KeptFace:
    photo_id: UUID
    person_id: UUID | None = None
    removed: bool = False  # its photo taken down


@dataclass
class KeptOffer:
    person_id: UUID
    face_ids: list[UUID]
    prototype_ids: list[str]
    scores: dict[UUID, float] = field(default_factory=dict)
    status: OfferStatus = OfferStatus.PENDING
    answered_by: UUID | None = None
    sent_to: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class MemoryEarlierPhotoStore:
    """``EarlierPhotoStore`` in memory: one group; its guardians all receive from it
    unless they left (``left``)."""

    group: LookGroup = field(default_factory=lambda: LookGroup(uuid4(), "5B", None, 0))
    persons: dict[UUID, tuple[str, PersonStatus]] = field(default_factory=dict)
    guardians: dict[int, tuple[UUID, set[UUID]]] = field(default_factory=dict)  # user id
    left: set[int] = field(default_factory=set)
    prototypes: dict[UUID, set[str]] = field(default_factory=dict)  # person -> face ids
    faces: dict[UUID, KeptFace] = field(default_factory=dict)
    offers: dict[UUID, KeptOffer] = field(default_factory=dict)
    suggestions: dict[tuple[UUID, UUID], tuple[UUID, SuggestionStatus]] = field(
        default_factory=dict
    )  # (face, person) -> (id, status)
    rejections: set[tuple[UUID, UUID]] = field(default_factory=set)
    deliveries: dict[UUID, tuple[UUID, int]] = field(default_factory=dict)  # id -> (photo, user)
    choose: list[UUID] = field(default_factory=list)
    clips: set[UUID] = field(default_factory=set)  # the posts that are clips

    # ----- the world a test sets up

    def person(self, name: str, *users: int) -> UUID:
        person_id = uuid4()
        self.persons[person_id] = (name, PersonStatus.ACTIVE)
        self.prototypes[person_id] = {str(uuid4())}
        for user in users:
            self.guardians.setdefault(user, (uuid4(), set()))[1].add(person_id)
        return person_id

    def face(self, photo_id: UUID | None = None, person_id: UUID | None = None) -> UUID:
        face_id = uuid4()
        self.faces[face_id] = KeptFace(photo_id or uuid4(), person_id)
        return face_id

    def offer(self, person_id: UUID, face_ids: list[UUID], *chats: int) -> UUID:
        offer_id = uuid4()
        self.offers[offer_id] = KeptOffer(
            person_id,
            face_ids,
            sorted(self.prototypes[person_id]),
            {face: 0.7 for face in face_ids},
            sent_to=[(chat, 900 + n) for n, chat in enumerate(chats)],
        )
        return offer_id

    # ----- looking back (what the finder asks; the unit tests answer offers)

    async def seeker(self, person_id: UUID) -> Seeker | None:
        name, status = self.persons[person_id]
        return Seeker(person_id, name, None) if status == PersonStatus.ACTIVE else None

    async def prototype_faces(self, person_id: UUID) -> list[UUID]:
        return [UUID(face) for face in sorted(self.prototypes.get(person_id, set()))]

    async def groups_of(self, person_id: UUID) -> list[LookGroup]:
        return [self.group]

    async def blocked(self, group_id: UUID) -> set[UUID]:
        return set()

    async def banned_spans(
        self, person_id: UUID, group_id: UUID
    ) -> list[tuple[datetime, datetime]]:
        return []

    async def unheld(
        self,
        face_ids: Sequence[UUID],
        group_id: UUID,
        since: datetime | None,
        besides: Sequence[tuple[datetime, datetime]] = (),
    ) -> dict[UUID, tuple[UUID, UUID | None]]:
        return {
            f: (self.faces[f].photo_id, None)
            for f in face_ids
            if f in self.faces and self.faces[f].person_id is None and not self.faces[f].removed
        }

    async def seen(self, person_id: UUID, face_ids: Sequence[UUID]) -> set[UUID]:
        return {f for f in face_ids if (f, person_id) in self.suggestions}

    async def photos_with(self, person_id: UUID, photo_ids: Sequence[UUID]) -> set[UUID]:
        return {f.photo_id for f in self.faces.values() if f.person_id == person_id} & set(
            photo_ids
        )

    async def photos(self, photo_ids: Sequence[UUID]) -> dict[UUID, EarlierPhoto]:
        return {p: EarlierPhoto(p, f"file-{p}", POSTED, p in self.clips) for p in photo_ids}

    async def matchable(self, group_id: UUID, taken_on: date) -> set[UUID]:
        return set(self.persons)

    async def receivers(self, person_id: UUID, group_id: UUID) -> list[Guardian]:
        return [
            Guardian(participant, user, None, "en")
            for user, (participant, guarded) in self.guardians.items()
            if person_id in guarded and user not in self.left
        ]

    async def photos_of_faces(self, face_ids: Sequence[UUID]) -> dict[UUID, UUID]:
        return {f: self.faces[f].photo_id for f in face_ids}

    async def in_frames(self, face_ids: Sequence[UUID]) -> list[InFrame]:
        return [
            InFrame(f, (10, 10, 90, 90), 1.5)
            for f in face_ids
            if self.faces[f].photo_id in self.clips
        ]

    async def still_unknown(self, person_id: UUID, face_ids: Sequence[UUID]) -> list[UUID]:
        if self.persons[person_id][1] != PersonStatus.ACTIVE:
            return []
        return [
            f for f in face_ids if self.faces[f].person_id is None and not self.faces[f].removed
        ]

    async def keep_crop(self, face_id: UUID, key: str) -> None:
        return None

    async def suggest(self, face_id: UUID, person_id: UUID, score: float) -> tuple[UUID, bool]:
        if (face_id, person_id) in self.suggestions:
            return self.suggestions[(face_id, person_id)][0], False
        suggestion = uuid4()
        self.suggestions[(face_id, person_id)] = (suggestion, SuggestionStatus.PENDING)
        return suggestion, True

    async def create_offer(self, offer: NewOffer) -> UUID:
        offer_id = uuid4()
        self.offers[offer_id] = KeptOffer(
            offer.person_id, list(offer.face_ids), offer.prototype_ids, dict(offer.scores)
        )
        return offer_id

    async def sent_to(self, offer_id: UUID, sent_to: list[list[int]]) -> None:
        self.offers[offer_id].sent_to = [(chat, message) for chat, message in sent_to]

    async def drop_offer(self, offer_id: UUID) -> None:
        del self.offers[offer_id]

    # ----- answering an offer

    async def offered(self, offer_id: UUID) -> Offered | None:
        offer = self.offers.get(offer_id)
        if offer is None:
            return None
        name, status = self.persons[offer.person_id]
        return Offered(
            offer_id,
            offer.person_id,
            name,
            status,
            self.group.id,
            self.group.title,
            None,
            None,
            questions=False,
            sheet=True,
            face_ids=list(offer.face_ids),
            sent_to=list(offer.sent_to),
        )

    async def guardian(self, user_id: int, person_id: UUID) -> UUID | None:
        participant, guarded = self.guardians.get(user_id, (None, set()))
        return participant if person_id in guarded else None

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[object]:
        yield self

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return self._transaction()

    async def lock(self, offer_id: UUID, person_id: UUID) -> Locked:
        offer = self.offers[offer_id]
        return Locked(
            offer.status, self.persons[person_id][1], dict(offer.scores), offer.prototype_ids
        )

    async def prototypes_still(self, person_id: UUID, prototype_ids: Sequence[str]) -> bool:
        return set(prototype_ids) <= self.prototypes[person_id]

    async def mark(
        self, offer_id: UUID, status: OfferStatus, answered_by: UUID | None = None
    ) -> None:
        self.offers[offer_id].status = status
        self.offers[offer_id].answered_by = answered_by

    async def still_offerable(
        self, offer_id: UUID, person_id: UUID, group_id: UUID, since: datetime | None
    ) -> list[tuple[UUID, UUID]]:
        return [
            (f, self.faces[f].photo_id)
            for f in self.offers[offer_id].face_ids
            if self.faces[f].person_id is None and not self.faces[f].removed
        ]

    async def photos_of_person(self, person_id: UUID, group_id: UUID) -> set[UUID]:
        return {f.photo_id for f in self.faces.values() if f.person_id == person_id}

    async def answer_questions(
        self,
        face_ids: Sequence[UUID],
        person_id: UUID,
        participant_id: UUID,
        status: SuggestionStatus,
    ) -> None:
        for face in face_ids:
            if (face, person_id) in self.suggestions:
                suggestion, _ = self.suggestions[(face, person_id)]
                self.suggestions[(face, person_id)] = (suggestion, status)

    async def reject(self, face_ids: Sequence[UUID], person_id: UUID, by: UUID) -> None:
        self.rejections |= {(face, person_id) for face in face_ids}

    async def assign(self, face_id: UUID, person_id: UUID, by: UUID, note: str) -> list[UUID]:
        self.faces[face_id].person_id = person_id
        photo = self.faces[face_id].photo_id
        planned = []
        for user, (_, guarded) in self.guardians.items():
            if person_id in guarded and user not in self.left:
                delivery = uuid4()
                self.deliveries[delivery] = (photo, user)
                planned.append(delivery)
        return planned

    async def choose_prototypes(self, person_id: UUID) -> list[UUID]:
        self.choose.append(person_id)
        return [person_id]

    async def deliveries_to(self, delivery_ids: Sequence[UUID], participant_id: UUID) -> int:
        users = [u for u, (p, _) in self.guardians.items() if p == participant_id]
        return sum(1 for d in delivery_ids if self.deliveries[d][1] in users)
