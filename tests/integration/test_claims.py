"""Unclaimed persons on the real Postgres (and Qdrant local for retention): naming assigns
nothing, the faces it remembers go with the faces (a group's retention), and deleting the
unclaimed person leaves no name behind."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from domain.claims.rules import LinkState, largest_first, link_state
from domain.claims.service import Naming
from domain.claims.sheets import Sheets
from domain.claims.unclaimed import scrub_names
from domain.events import EventBus, FacesExpired
from domain.infra.face_crops import PillowFaceCrops
from domain.infra.models import (
    Claim,
    ClaimFace,
    ClaimSheet,
    Cluster,
    EarlierPhotos,
    Face,
    Group,
    ModerationEvent,
    Person,
    Photo,
    Suggestion,
)
from domain.infra.qdrant_index import QdrantFaceIndex
from domain.infra.stores.claim_sheets import TortoiseSheetStore
from domain.infra.stores.claims import TortoiseClaimStore
from domain.infra.stores.corrections import TortoiseExpiringQuestionStore
from domain.infra.stores.groups import shown as view
from domain.infra.stores.privacy import TortoiseRetentionStore
from domain.moderation.audit import Actor
from domain.privacy.retention import Retention
from domain.states import (
    FaceSource,
    GroupType,
    OfferStatus,
    PersonStatus,
    PhotoStatus,
    SuggestionStatus,
)

pytestmark = pytest.mark.usefixtures("db")
ORGANIZER = Actor(7, "Olga")
# Naming's store on the real database (nothing here sends, nor queues).
STORE = TortoiseClaimStore(scrub_names)
SHEETS = Sheets(None, TortoiseSheetStore())  # type: ignore[arg-type]


def _naming() -> Naming:
    return Naming(messenger=None, store=STORE, crops=PillowFaceCrops(), stills=None, sheets=SHEETS)  # type: ignore[arg-type]


async def _cluster(days_ago: int = 0, size: int = 3) -> tuple[Group, list[Face]]:
    group = await Group.create(chat_id=-5, title="5B", type=GroupType.SUPERGROUP, join_token="t")
    cluster = await Cluster.create(group=group)
    faces = []
    for n in range(size):
        photo = await Photo.create(
            group=group,
            message_id=n + 1,
            file_id=f"f{n}",
            file_unique_id=f"u{n}",
            posted_at=datetime.now(UTC) - timedelta(days=days_ago),
            status=PhotoStatus.DONE,
        )
        faces.append(
            await Face.create(
                photo=photo,
                source=FaceSource.GROUP_PHOTO,
                cluster=cluster,
                bbox_x=0,
                bbox_y=0,
                bbox_w=90,
                bbox_h=90,
                det_score=0.9,
                quality=0.8,
            )
        )
    return group, faces


async def test_naming_assigns_nothing_and_a_named_face_is_not_offered_again() -> None:
    group, faces = await _cluster()
    named = await _naming().name(view(group), [f.id for f in faces], "  Tom  ", ORGANIZER)
    assert named.name == "Tom" and named.link is not None
    assert named.link.payload.startswith("clm_")
    person = await Person.get(id=named.person_id)
    assert person.status == PersonStatus.UNCLAIMED
    assert await Face.filter(person_id__isnull=False).count() == 0
    claim = await Claim.get(person=person)
    assert claim.code_hash and named.link.payload.removeprefix("clm_") not in claim.code_hash
    # The same faces cannot be named twice.
    again = await _naming().name(view(group), [f.id for f in faces], "Tim", ORGANIZER)
    assert again.person_id is None and await Person.all().count() == 1


async def test_retention_takes_the_remembered_faces_and_deleting_leaves_no_name(
    tmp_path: Path,
) -> None:
    group, faces = await _cluster(days_ago=10)
    naming = _naming()
    named = await naming.name(view(group), [f.id for f in faces], "Tom", ORGANIZER)
    assert await ClaimFace.all().count() == 3
    # A sheet recorded as showing one of them (its message not yet taken: no Telegram here).
    await SHEETS.record(group.id, -100, [faces[0].id])
    await Group.filter(id=group.id).update(retention_days=7)
    index = QdrantFaceIndex.open(collection="faces", path=tmp_path / "qdrant")
    await index.ensure_ready()
    # The sheets are the claims capability's own: it takes them, told that the faces go.
    events = EventBus()
    events.subscribe(FacesExpired, SHEETS.on_faces_expired)
    try:
        await Retention(index, blobs=None, store=TortoiseRetentionStore(), events=events).run()  # type: ignore[arg-type]
    finally:
        await index.close()
    assert await Face.all().count() == 0
    assert await ClaimFace.all().count() == 0  # nothing of the faces left with the name
    assert await ClaimSheet.all().count() == 0  # nor the record of a sheet showing them
    (listed,) = await naming.unclaimed(view(group))
    assert listed.faces == 0
    assert named.person_id is not None
    assert await naming.delete(view(group), named.person_id, ORGANIZER) == "Tom"
    assert await naming.delete(view(group), named.person_id, ORGANIZER) is None  # harmless
    assert await Claim.all().count() == 0 and not await Person.exists(id=named.person_id)
    assert not await ModerationEvent.filter(subject__contains="Tom").exists()
    assert await ModerationEvent.filter(group=group).count() == 2  # named, deleted


def test_link_states_refuse_before_anything_opens() -> None:
    now = datetime.now(UTC)
    base = {
        "found": True,
        "person_unclaimed": True,
        "group_active": True,
        "expires_at": now + timedelta(hours=1),
        "used": False,
        "used_by_opener": False,
        "named_by_opener": False,
        "now": now,
    }
    assert link_state(**base) == LinkState.OPEN  # type: ignore[arg-type]
    assert link_state(**{**base, "found": False}) == LinkState.INVALID  # type: ignore[arg-type]
    assert link_state(**{**base, "used": True}) == LinkState.USED  # type: ignore[arg-type]
    assert (
        link_state(**{**base, "used": True, "used_by_opener": True})  # type: ignore[arg-type]
        == LinkState.YOURS
    )
    waiting = {**base, "used": True, "waiting_for_opener": True}
    assert link_state(**waiting) == LinkState.WAITING  # type: ignore[arg-type]
    assert (
        link_state(**{**base, "expires_at": now - timedelta(seconds=1)})  # type: ignore[arg-type]
        == LinkState.EXPIRED
    )
    assert link_state(**{**base, "named_by_opener": True}) == LinkState.NAMER  # type: ignore[arg-type]
    assert link_state(**{**base, "person_unclaimed": False}) == LinkState.INVALID  # type: ignore[arg-type]


def test_clusters_largest_first_and_small_ones_left_out() -> None:
    from uuid import uuid4

    a, b, c = uuid4(), uuid4(), uuid4()
    pairs = [(uuid4(), a)] * 3 + [(uuid4(), b)] * 4 + [(uuid4(), c)] * 2
    assert largest_first(pairs) == [b, a]


async def test_faces_a_family_is_asked_about_are_neither_named_nor_claimed() -> None:
    """A face with a pending "Is this Alice?" or in a pending earlier-photos offer is
    Alice's family's question: /whois leaves it out, a claim cannot take it, and Alice's
    question stays pending."""
    group, faces = await _cluster(size=5)
    alice = await Person.create(name="Alice", status=PersonStatus.ACTIVE)
    asked = await Suggestion.create(face=faces[0], person=alice, score=0.5)
    offer = await EarlierPhotos.create(
        person=alice, group=group, face_ids=[str(faces[1].id)], photo_count=1
    )
    shown = {face for face, _ in await STORE.open_faces(group.id)}
    assert shown == {f.id for f in faces[2:]}
    named = await _naming().name(view(group), [f.id for f in faces], "Tom", ORGANIZER)
    assert {c.face_id for c in await ClaimFace.all()} == {f.id for f in faces[2:]}  # type: ignore[attr-defined]
    # Once the offer is answered the face is free again; a question asked after the
    # naming keeps its face out of the claim.
    await EarlierPhotos.filter(id=offer.id).update(status=OfferStatus.DECLINED)
    await Suggestion.create(face=faces[2], person=alice, score=0.5)
    claim = await Claim.get(person_id=named.person_id)
    claimable = await STORE.claimable(claim.id, None)
    assert {f.id for f in claimable} == {faces[3].id, faces[4].id}
    assert (await Suggestion.get(id=asked.id)).status == SuggestionStatus.PENDING


async def test_a_sheet_is_bound_to_the_faces_it_showed_not_to_a_prefix() -> None:
    """A sheet that left out a face in the middle (its photo could not be fetched) can
    still be named: the button is bound to the faces shown, recorded when posted."""
    from domain.claims.rules import fingerprint

    group, faces = await _cluster(size=4)
    shown = [faces[0].id, faces[2].id, faces[3].id]
    cluster_id = faces[0].cluster_id  # type: ignore[attr-defined]
    naming, seen = _naming(), view(group)
    assert await naming.still_shown(seen, cluster_id, shown, fingerprint(shown)) == shown
    # Another sheet's button, or a face gone since: changed.
    assert await naming.still_shown(seen, cluster_id, shown, fingerprint(shown[:2])) is None
    await Face.filter(id=faces[2].id).delete()
    assert await naming.still_shown(seen, cluster_id, shown, fingerprint(shown)) is None


async def test_unclaimed_persons_go_with_their_group() -> None:
    """The bot left the group (nobody can delete them there any more), or the group's
    record is merged into another: its unclaimed persons go, their names with them."""
    from domain.composition.reactions import wire_events
    from domain.events import EventBus
    from domain.groups.service import Groups
    from domain.infra.stores.groups import TortoiseGroupStore
    from domain.infra.stores.moderation_approvals import TortoiseApprovalStore
    from domain.infra.stores.moderation_takedown import TortoiseTakedownStore
    from domain.infra.stores.moderation_unreadable import TortoiseUnreadableStore

    # The events as the composition root wires them: a group gone reaches claims.
    events = wire_events(
        EventBus(),
        messenger=None,  # type: ignore[arg-type]
        persons=None,  # type: ignore[arg-type]
        jobs=None,  # type: ignore[arg-type]
        album_window=timedelta(0),
        takedowns=TortoiseTakedownStore(),
        approval_cards=TortoiseApprovalStore(),
        unreadable_posts=TortoiseUnreadableStore(),
        expiring_questions=TortoiseExpiringQuestionStore(),
        copies_in_chats=None,  # type: ignore[arg-type]
        claim_sheets=SHEETS,
    )
    groups = Groups(TortoiseGroupStore(), events)
    group, faces = await _cluster()
    naming = _naming()
    await naming.name(view(group), [f.id for f in faces], "Tom", ORGANIZER)
    enrolled = await Person.create(name="Alice", status=PersonStatus.ACTIVE)
    await groups.bot_status_changed(
        group.chat_id,
        group.title,
        "supergroup",
        old_status="administrator",
        new_status="left",
        sees_all_messages=True,
    )
    assert not await Person.exists(name="Tom") and await Claim.all().count() == 0
    assert await Person.exists(id=enrolled.id)
    assert not await ModerationEvent.filter(subject__contains="Tom").exists()

    # Merged away: a twin record at the new id with a child named there.
    old = await Group.create(chat_id=-77, title="6A", type=GroupType.GROUP, join_token="o")
    twin = await Group.create(chat_id=-10077, title="6A", type=GroupType.SUPERGROUP, join_token="n")
    await Photo.filter(group=group).update(group_id=twin.id)
    await Cluster.filter(group=group).update(group_id=twin.id)
    await naming.name(view(twin), [f.id for f in faces], "Tim", ORGANIZER)
    assert await Person.exists(name="Tim")
    await groups.migrated(old.chat_id, twin.chat_id)
    assert not await Person.exists(name="Tim") and await Claim.all().count() == 0
    assert not await ModerationEvent.filter(subject__contains="Tim").exists()
