"""Privacy's rules over its stores, in memory (``tests/fakes/privacy.py``), without Postgres,
Qdrant or Telegram: what an erasure removes and what it keeps, what /forget leaves to the
other guardians, what retention deletes and when, and what an export contains."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import cast
from uuid import UUID, uuid4

import pytest

from domain.blobs import BlobInfo, BlobStore
from domain.delivery.copies import Copies
from domain.delivery.purge import Purge
from domain.delivery.stores import SentCopy
from domain.errors import BlobNotFound
from domain.events import EventBus, FacesExpired, ParticipantForgotten
from domain.languages.catalogs import in_language
from domain.moderation.approvals import Approvals
from domain.moderation.audit_view import AuditView
from domain.persons import texts as persons_texts
from domain.privacy import retention, texts
from domain.privacy.erasure import Erasure
from domain.privacy.export import DataExport, asked_together
from domain.privacy.retention import Retention
from domain.privacy.stores import (
    ApprovalAsked,
    ClaimMade,
    GuardedPerson,
    Held,
    Holder,
    OfferMade,
    PhotoCopy,
    WaitingCrop,
)
from domain.recognition.assignments import FORGOTTEN_ACTOR
from domain.recognition.face_index import FaceFilter, FaceIndex
from domain.retry import TryAgainLater
from domain.states import PersonStatus, RequestKind, SuggestionStatus
from domain.telegram import Messenger
from tests.fakes.privacy import (
    KeptOffer,
    KeptSuggestion,
    MemoryErasureStore,
    MemoryExportStore,
    MemoryRetentionStore,
)
from tests.unit.test_takedown_rules import Chats

ANN, BEN = 501, 502
NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


@dataclass
class Index:
    """The face index: what was deleted, or down."""

    down: bool = False
    deleted: list[FaceFilter] = field(default_factory=list)

    async def delete(self, where: FaceFilter) -> None:
        if self.down:
            raise ConnectionError("qdrant is down")
        self.deleted.append(where)


@dataclass
class Blobs:
    kept: dict[str, bytes] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)
    expiring: dict[str, datetime] = field(default_factory=dict)

    async def get(self, key: str) -> bytes:
        if key not in self.kept:
            raise BlobNotFound(key)
        return self.kept[key]

    async def info(self, key: str) -> BlobInfo:
        if key not in self.kept:
            raise BlobNotFound(key)
        return BlobInfo(self.expiring.get(key), "image/jpeg")

    async def delete(self, key: str) -> None:
        self.deleted.append(key)

    async def delete_prefix(self, prefix: str) -> int:
        self.deleted.append(prefix)
        return 1

    async def keys(self, prefix: str) -> list[str]:
        return [key for key in self.kept if key.startswith(prefix)]


@dataclass
class Notes:
    async def in_chat_of(self, participant_id: UUID) -> list[tuple[int, int]]:
        return []

    async def drop(self, notes: Sequence[tuple[int, int]], closed: str) -> None:
        return None


@dataclass
class Shown:
    """Delivery's copies in chats, and other capabilities' cards: what erasure asked."""

    album_notes: Notes = field(default_factory=Notes)
    asked: list[tuple[str, object]] = field(default_factory=list)

    async def in_chats(self, **_: object) -> list[SentCopy]:
        return []

    async def show_as_now(self, copies: Sequence[SentCopy]) -> None:
        return None

    async def refresh_shown(self, messenger: object, group_ids: Sequence[UUID]) -> None:
        return None

    async def unname_said(self, messenger: object, group_ids: Sequence[UUID], user_id: int) -> None:
        self.asked.append(("unnamed in the admin chats", user_id))

    async def persons_deleted(self, person_ids: Sequence[UUID]) -> None:
        self.asked.append(("persons deleted", set(person_ids)))

    async def faces_forgotten(self, person_id: UUID) -> None:
        self.asked.append(("faces forgotten", person_id))

    async def withdraw(self, approval_ids: Sequence[UUID], *, why: object = None) -> None:
        self.asked.append(("withdrawn", set(approval_ids)))

    async def guardian_forgotten(self, approval_ids: Sequence[UUID]) -> None:
        self.asked.append(("shown again", set(approval_ids)))

    async def decider_forgotten(self, user_id: int) -> None:
        self.asked.append(("decisions unnamed", user_id))


async def _english(user_id: int) -> str:
    return "en"


class World:
    def __init__(self) -> None:
        self.store = MemoryErasureStore()
        self.index = Index()
        self.blobs = Blobs()
        self.chats = Chats()
        self.shown = Shown()
        self.events = EventBus()
        self.published: list[object] = []
        self.events.subscribe(ParticipantForgotten, self._published)
        self.unclaimed_scrubbed: list[UUID] = []
        purge = Purge(
            cast(FaceIndex, self.index),
            cast(BlobStore, self.blobs),
            cast(Messenger, self.chats),
            cast(Copies, self.shown),
            in_flight_wait=timedelta(0),
        )
        self.erasure = Erasure(
            purge,
            self.store,
            audits=cast(AuditView, self.shown),
            approvals=cast(Approvals, self.shown),
            events=self.events,
            language_of=_english,
            unclaimed_names=self._scrub_unclaimed,
        )

    async def _published(self, event: object) -> None:
        self.published.append(event)

    async def _scrub_unclaimed(self, person_ids: list[UUID]) -> None:
        self.unclaimed_scrubbed += person_ids

    def alice_asked(self, kind: RequestKind) -> tuple[UUID, UUID]:
        """Ann's Alice, with one face, and Ann's request about her."""
        alice = self.store.person("Alice", self.store.participant(ANN))
        face = self.store.face(alice)
        self.store.ask(kind, alice, ANN)
        return alice, face

    def told(self, user_id: int) -> list[str]:
        return [text for chat, text in self.chats.said if chat == user_id]


async def test_deleting_a_person_takes_those_merged_into_it_and_only_crops_nobody_else_needs() -> (
    None
):
    world = World()
    store = world.store
    ann = store.participant(ANN)
    alice = store.person("Alice", ann)
    ally = store.person("Ally", merged_into=alice)
    bob = store.person("Bob", store.participant(BEN))
    hers, merged = store.face(alice), store.face(ally)
    only_for_her, asked_for_bob = store.face(None), store.face(None)
    on_her_sheet = store.face(None)
    store.suggestions += [
        KeptSuggestion(only_for_her, alice),
        KeptSuggestion(asked_for_bob, alice, SuggestionStatus.REJECTED),
        KeptSuggestion(asked_for_bob, bob),
    ]
    store.offers.append(KeptOffer(alice, [(ANN, 77)], [on_her_sheet]))
    asked = store.ask(RequestKind.DELETE_PERSON, alice, ANN)

    await world.erasure.delete_person(alice, None)

    # Alice goes with Ally merged into her, their faces, suggestions and offer.
    assert set(store.persons) == {bob}
    assert hers not in store.faces and merged not in store.faces
    assert store.offers == [] and [s.person_id for s in store.suggestions] == [bob]
    # Faces only suggested for her, or shown on her sheet, stay as unknown faces without
    # their crops; Bob's guardians are still asked about one: its crop stays.
    assert store.faces[only_for_her].crop_key is None
    assert store.faces[on_her_sheet].crop_key is None
    assert store.faces[asked_for_bob].crop_key is not None
    assert f"persons/{alice}/" in world.blobs.deleted and f"persons/{ally}/" in world.blobs.deleted
    assert f"crops/{asked_for_bob}.jpg" not in world.blobs.deleted
    assert f"crops/{only_for_her}.jpg" in world.blobs.deleted
    # The offer's message goes, the organizers' cards and the naming's audit forget her.
    assert world.chats.deleted == [(ANN, 77)]
    assert ("persons deleted", {alice, ally}) in world.shown.asked
    assert world.unclaimed_scrubbed == [alice, ally]
    assert store.audit == [(f"participant:{ann}", "person deleted")]
    assert world.told(ANN) == [texts.person_deleted("Alice")]
    assert asked in store.done

    # Run again (the job queued twice): nothing left to do, nobody told twice.
    await world.erasure.delete_person(alice, None)
    assert len(world.chats.said) == 1


async def test_forgetting_faces_keeps_the_person_for_a_new_enrollment() -> None:
    world = World()
    store = world.store
    alice, face = world.alice_asked(RequestKind.FORGET_FACES)

    await world.erasure.forget_faces(alice, None)

    assert store.persons[alice].status == PersonStatus.NEEDS_PHOTOS
    assert face not in store.faces
    assert ("faces forgotten", alice) in world.shown.asked
    assert world.unclaimed_scrubbed == []  # the person stays: so does its name
    assert world.told(ANN) == [texts.faces_forgotten("Alice")]
    # Without a request (done already, or never asked), nothing goes.
    other = store.face(alice)
    await world.erasure.forget_faces(alice, None)
    assert other in store.faces and len(world.chats.said) == 1


async def test_nothing_goes_from_postgres_while_the_face_index_is_down() -> None:
    world = World()
    store = world.store
    alice, face = world.alice_asked(RequestKind.DELETE_PERSON)
    world.index.down = True

    with pytest.raises(TryAgainLater):
        await world.erasure.delete_person(alice, None)
    # Postgres still knows what to delete: the next run finishes it.
    assert face in store.faces and store.persons[alice].status == PersonStatus.DELETING
    assert world.chats.said == []
    world.index.down = False
    await world.erasure.delete_person(alice, None)
    assert store.persons == {} and world.told(ANN) == [texts.person_deleted("Alice")]


async def test_forget_me_leaves_co_guarded_persons_to_the_other_guardian() -> None:
    world = World()
    store = world.store
    ann, ben = store.participant(ANN), store.participant(BEN)
    store.participants[ann].first_name = "Ann"
    alice = store.person("Alice", ann)
    bob = store.person("Bob", ann, ben)
    alices_face, bobs_face = store.face(alice), store.face(bob)
    store.audit.append((f"participant:{ann}", "merged"))
    added, as_guardian = uuid4(), uuid4()
    store.approvals = {added: (ann, False), as_guardian: (ann, True)}
    store.ask(RequestKind.FORGET_PARTICIPANT, ANN, ANN)

    await world.erasure.forget_participant(ANN)

    # Alice had no other guardian: she goes. Bob stays with Ben, and his faces with him.
    assert set(store.persons) == {bob} and alices_face not in store.faces
    assert bobs_face in store.faces
    assert list(store.guardianships.values()) == [(bob, ben)]
    # Ann is gone; the audit keeps what she did but not who; the deletion is recorded.
    assert ann not in store.participants
    assert store.audit == [(FORGOTTEN_ACTOR, "merged"), (FORGOTTEN_ACTOR, "person deleted")]
    assert store.consents == [ANN]
    # Her card as a co-guardian goes; the person she added is shown without her name.
    assert list(store.approvals) == [added]
    assert ("withdrawn", {as_guardian}) in world.shown.asked
    assert ("shown again", {added}) in world.shown.asked
    assert ("unnamed in the admin chats", ANN) in world.shown.asked
    assert ("decisions unnamed", ANN) in world.shown.asked
    assert world.published == [ParticipantForgotten(ANN)]
    assert world.told(ANN) == [texts.forgotten()]
    # Ben, who keeps Bob, is told in one line (findings24 1: nothing told him).
    assert world.told(BEN) == [persons_texts.guardian_forgot("Bob")]
    assert all(by is None for _, _, by in store.requests.values())

    # Run again: forgotten already, and told so once.
    await world.erasure.forget_participant(ANN)
    assert len(world.chats.said) == 2


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retention, "BATCH", 2)


async def test_retention_deletes_the_faces_past_each_groups_days(small_batches: None) -> None:
    store = MemoryRetentionStore()
    kept_a_week, forever = uuid4(), uuid4()
    store.retention = {kept_a_week: 7, forever: None}
    old, recent = NOW - timedelta(days=8), NOW - timedelta(days=6)
    expired = [store.face(kept_a_week, old) for _ in range(3)]
    stays = [
        store.face(kept_a_week, recent),
        store.face(kept_a_week, old, enrollment=True),
        store.face(kept_a_week, old, prototype=True),  # "Yes, that's Alice"
        store.face(forever, old - timedelta(days=365)),
    ]
    index, blobs, events = Index(), Blobs(), EventBus()
    published: list[FacesExpired] = []

    async def seen(event: FacesExpired) -> None:
        published.append(event)

    events.subscribe(FacesExpired, seen)
    work = Retention(cast(FaceIndex, index), cast(BlobStore, blobs), store, events)

    done = await work.run(NOW)

    assert (done.faces, done.crops) == (3, 3)
    assert set(store.faces) == set(stays)
    assert sorted(f for e in published for f in e.face_ids) == sorted(expired)
    # Each crop with its best frame (a clip's face asked about keeps one beside its crop).
    assert {
        key for face in expired for key in (f"crops/{face}.jpg", f"crops/{face}.frame.jpg")
    } == set(blobs.deleted)
    # What /stats says: when it looked, and how many went in all (across batches).
    assert store.expired == {kept_a_week: 3} and store.ran_at == {kept_a_week: NOW}
    # Run again the same day: nothing more is due.
    assert (await work.run(NOW)).faces == 0
    assert store.expired == {kept_a_week: 3}


def _held(cover_crop: str | None, waiting_crop: str) -> Held:
    alice = uuid4()
    return Held(
        holder=Holder(ANN, "Ann", None, "en", True, "batched", None, None, NOW),
        groups=[],
        consents=[],
        bans=[],
        persons=[
            GuardedPerson(
                id=alice,
                name="Alice",
                birth_date=date(2020, 5, 1),
                status="active",
                role="owner",
                other_guardians=["Ben"],
                prototypes=4,
                enrollment_photos_sent_at=[NOW],
                cover_crop=cover_crop or f"persons/{alice}/cover.jpg",
                offers=[OfferMade("Class 1A", True, 2, "sent", NOW, None)],
                approvals=[ApprovalAsked("Class 1A", "guardian", "approved", None)],
                created_at=NOW,
            )
        ],
        sent_to_them=[PhotoCopy("Class 1A", 10, NOW, status="sent")],
        posted=[PhotoCopy("Class 1A", 11, NOW, caption="picnic")],
        waiting=[WaitingCrop("Alice", "Class 1A", NOW, waiting_crop)],
        changes=[],
        claims=[ClaimMade("Tom", "Class 1A", "Olga", NOW, NOW, False, True)],
    )


async def test_an_export_holds_the_kept_crops_and_no_face_measurements() -> None:
    store, blobs = MemoryExportStore(), Blobs()
    held = _held(None, "crops/gone.jpg")
    cover = f"persons/{held.persons[0].id}/cover.jpg"
    blobs.kept[cover] = b"jpeg"
    store.held_about[ANN] = held

    exported = await DataExport(store, cast(BlobStore, blobs)).of(ANN)

    assert exported is not None
    assert exported["face_measurements_included"] is False
    (alice,) = exported["persons"]
    assert alice["cover_photo"]["jpeg_base64"] == base64.b64encode(b"jpeg").decode()
    assert alice["learned_faces_kept_as_measurements"] == 4
    assert alice["earlier_photos_offered"][0]["kind"] == "your questions, gathered"
    assert alice["organizers_approvals"][0]["for"] == "you as a guardian"
    # A crop gone from the blobs meanwhile is said to be gone, not an error.
    (waiting,) = exported["face_crops_waiting_for_your_answer"]
    assert (waiting["question"], waiting["jpeg_base64"]) == ("Is this Alice?", None)
    assert exported["claims_you_made"][0]["status"] == "waiting for the organizers"
    assert exported["photos_you_posted"][0]["caption"] == "picnic"
    assert await DataExport(store, cast(BlobStore, blobs)).of(BEN) is None


def _waiting(
    name: str,
    face: UUID,
    pair: UUID | None = None,
    *,
    leads: bool = False,
    posted_at: datetime | None = None,
    retention_days: int | None = None,
) -> WaitingCrop:
    """A question about ``face`` waiting for Ann's answer, asked now (``pair``: with
    another person's, as "Alice or Ally?")."""
    return WaitingCrop(
        name,
        "Class 1A",
        NOW,
        f"crops/{face}.jpg",
        face_id=face,
        pair_id=pair,
        leads=leads,
        posted_at=posted_at,
        retention_days=retention_days,
    )


def test_a_pairs_question_is_one_question_its_lead_first() -> None:
    face, other, pair = uuid4(), uuid4(), uuid4()
    ally, alice = _waiting("Ally", face, pair), _waiting("Alice", face, pair, leads=True)
    alone = _waiting("Alice", other)
    asked = asked_together([ally, alone, alice])
    assert [[w.person_name for w in question] for question in asked] == [
        ["Alice", "Ally"],
        ["Alice"],
    ]
    # A pair whose other person is not the reader's: asked about one, alone.
    assert asked_together([ally]) == [[ally]]


async def test_an_export_says_each_question_in_the_readers_words_and_when_its_crop_goes() -> None:
    face, pair, other = uuid4(), uuid4(), uuid4()
    store, blobs = MemoryExportStore(), Blobs()
    held = _held(None, "crops/x.jpg")
    old = NOW - timedelta(days=20)
    # A pair ("Alice or Ally?") asked now in a group keeping faces 30 days, its crop set to
    # go in 30 days; one about Alice alone, from a photo 20 days old in a group keeping 21.
    held = replace(
        held,
        waiting=[
            _waiting("Ally", face, pair, posted_at=NOW, retention_days=30),
            _waiting("Alice", face, pair, leads=True, posted_at=NOW, retention_days=30),
            _waiting("Alice", other, posted_at=old, retention_days=21),
        ],
    )
    for key in (f"crops/{face}.jpg", f"crops/{other}.jpg"):
        blobs.kept[key] = b"jpeg"
        blobs.expiring[key] = NOW + timedelta(days=30)
    store.held_about[ANN] = held
    export = DataExport(store, cast(BlobStore, blobs), questions_expire_after=timedelta(days=14))

    with in_language("es"):
        exported = await export.of(ANN)
    assert exported is not None
    pair_asked, alone = exported["face_crops_waiting_for_your_answer"]
    assert pair_asked["question"] == "¿Es Alice o Ally?"
    # Asked at 12:00, expiring 14 days later at the hourly run's 12:27.
    assert pair_asked["kept_until"] == "2026-12-09T12:27:00+00:00"
    assert pair_asked["what"].endswith("a más tardar el 9 dic 2026")
    # The group's keep comes first: 21 days after the photo, at retention's next run.
    assert alone["question"] == "¿Es Alice?"
    assert alone["kept_until"] == "2026-11-27T03:17:00+00:00"
    assert exported["persons"][0]["earlier_photos_offered"][0]["kind"] == "tus preguntas, agrupadas"
    assert exported["claims_you_made"][0]["status"] == "esperando a los organizadores"

    # Questions that never expire, and the crop set to go sooner than the group's keep:
    # the crop's own expiry.
    blobs.expiring[f"crops/{face}.jpg"] = NOW + timedelta(days=3)
    export = DataExport(store, cast(BlobStore, blobs))
    with in_language("en"):
        exported = await export.of(ANN)
    assert exported is not None
    assert exported["face_crops_waiting_for_your_answer"][0]["kept_until"] == (
        "2026-11-28T12:00:00+00:00"
    )


async def test_an_export_shows_a_cover_only_when_it_is_the_persons_own() -> None:
    store = MemoryExportStore()
    store.held_about[ANN] = _held("crops/someone-elses.jpg", "crops/x.jpg")
    exported = await DataExport(store, cast(BlobStore, Blobs())).of(ANN)
    assert exported is not None and exported["persons"][0]["cover_photo"] is None
