"""Claiming a named child, over claims' store in memory (``tests/fakes/claims.py``),
without Postgres or Telegram: a link works once and only while it lives, for a member of
the group who agreed, and "Sending you N photos" counts only what is on its way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast
from uuid import UUID, uuid4

from domain.blobs import BlobStore
from domain.claims.rules import LinkState
from domain.claims.service import (
    CLAIM_PREFIX,
    ClaimDecisions,
    Claimed,
    ClaimOutcome,
    Claims,
    NameOutcome,
    Naming,
)
from domain.claims.sheets import Sheets
from domain.infra.face_crops import PillowFaceCrops
from domain.jobs.queue import JobQueue
from domain.moderation.audit import Actor
from domain.onboarding.service import Onboarding, TelegramUser
from domain.persons.guardians import hash_code
from domain.recognition.clips import ClipStills
from domain.states import DeliveryStatus, ModerationAction, PersonStatus
from domain.telegram import Messenger
from tests.fakes.claims import MemoryClaimStore, MemorySheetStore

OLGA, PAT, SAM, EVE = 7, 21, 22, 66  # the organizer; two parents of the class; a stranger


class Class1A:
    """Class 1A: Tom on four photos, named by Olga; Pat and Sam are members and agreed."""

    def __init__(self) -> None:
        self.store = MemoryClaimStore()
        self.group = self.store.group("Class 1A", admin_chat_id=-9)
        self.faces = self.store.photo_faces(self.group, uuid4(), 4)
        self.pat = self.store.participant(PAT, member_of=self.group)
        self.sam = self.store.participant(SAM, member_of=self.group)
        # Neither Telegram nor the queue, the blobs or the join are used by these rules.
        self.naming = Naming(
            cast(Messenger, None),
            self.store,
            PillowFaceCrops(),
            stills=cast(ClipStills, None),
            sheets=Sheets(cast(Messenger, None), MemorySheetStore()),
        )
        self.claims = Claims(cast(Onboarding, None), self.naming, self.store)
        self.decisions = ClaimDecisions(
            cast(JobQueue, None), self.naming, cast(BlobStore, None), self.store
        )

    async def name_tom(self) -> tuple[UUID, str]:
        """Tom named from the faces: (his claim, the link's payload)."""
        named = await self.naming.name(self.group, self.faces, "Tom", Actor(OLGA, "Olga"))
        assert named.claim_id is not None and named.link is not None
        return named.claim_id, named.link.payload

    async def answer(
        self, claim_id: UUID, payload: str, user_id: int, *, yes: bool = True
    ) -> Claimed:
        code_hash = hash_code(payload.removeprefix(CLAIM_PREFIX))
        user = TelegramUser(user_id, f"user {user_id}")
        return await self.claims.answer(claim_id, code_hash, self.faces, user, yes=yes)


async def test_a_link_works_once_whoever_answers_second() -> None:
    school = Class1A()
    claim_id, payload = await school.name_tom()
    first = await school.answer(claim_id, payload, PAT)
    assert first.outcome == ClaimOutcome.WAITING and first.approval_id is not None
    assert first.photos == 4
    # Sam opened the same link meanwhile: he lost the race, and is told it was used.
    assert (await school.answer(claim_id, payload, SAM)).outcome == ClaimOutcome.USED
    assert (await school.answer(claim_id, payload, PAT)).outcome == ClaimOutcome.USED
    assert list(school.store.approvals) == [first.approval_id]  # one check for the organizers
    assert (await school.claims.open(payload, SAM)).state == LinkState.USED
    assert (await school.claims.open(payload, PAT)).state == LinkState.WAITING


async def test_a_claim_is_audited_when_the_parent_claims_not_when_the_organizers_decide() -> None:
    school = Class1A()
    claim_id, payload = await school.name_tom()
    assert (await school.answer(claim_id, payload, PAT)).outcome == ClaimOutcome.WAITING
    # Written at the approval, "Pat claimed" read as newer than "Olga approved a claim".
    assert school.store.audit[-1][1] == ModerationAction.CLAIMED


async def test_a_declined_link_is_spent_and_the_organizers_hear_of_it_without_a_name() -> None:
    school = Class1A()
    claim_id, payload = await school.name_tom()
    declined = await school.answer(claim_id, payload, PAT, yes=False)
    assert declined.outcome == ClaimOutcome.DECLINED and declined.admin_chat_id == -9
    assert (await school.answer(claim_id, payload, SAM)).outcome == ClaimOutcome.USED
    assert school.store.audit[-1][1] == ModerationAction.CLAIM_DECLINED
    assert school.store.persons[school.store.claims[claim_id].person_id][1] == (
        PersonStatus.UNCLAIMED
    )


async def test_an_expired_link_claims_nothing() -> None:
    school = Class1A()
    claim_id, payload = await school.name_tom()
    school.store.claims[claim_id].expires_at = datetime.now(UTC) - timedelta(minutes=1)
    assert (await school.claims.open(payload, PAT)).state == LinkState.EXPIRED
    assert (await school.answer(claim_id, payload, PAT)).outcome == ClaimOutcome.INVALID
    assert school.store.claims[claim_id].used_at is None and not school.store.approvals
    # A new link from /unclaimed works again; the old one does not.
    tom = school.store.claims[claim_id].person_id
    name, link = await school.naming.new_link(school.group, tom, Actor(OLGA, "Olga"))
    assert name == "Tom" and link is not None
    assert (await school.answer(claim_id, payload, PAT)).outcome == ClaimOutcome.INVALID
    assert (await school.answer(claim_id, link.payload, PAT)).outcome == ClaimOutcome.WAITING


async def test_a_stranger_claims_nothing() -> None:
    school = Class1A()
    claim_id, payload = await school.name_tom()
    # Eve never agreed (nor was registered): her press finds nobody to claim for.
    assert (await school.answer(claim_id, payload, EVE)).outcome == ClaimOutcome.INVALID
    # Registered, but not a member of Class 1A: refused, the link still works for Pat.
    school.store.participant(EVE)
    assert (await school.answer(claim_id, payload, EVE)).outcome == ClaimOutcome.NOT_A_MEMBER
    assert school.store.claims[claim_id].used_at is None and not school.store.approvals
    # Nor may Olga, who named him, claim him.
    school.store.participant(OLGA, member_of=school.group)
    assert (await school.answer(claim_id, payload, OLGA)).outcome == ClaimOutcome.INVALID
    assert (await school.answer(claim_id, payload, PAT)).outcome == ClaimOutcome.WAITING


async def test_sending_you_counts_the_photos_on_their_way_not_those_sent_or_posted() -> None:
    """Of Tom's four photos, Pat had one already (it showed his other child) and posted one
    himself: approved, two are on their way, and the organizers' yes says so."""
    school = Class1A()
    claim_id, payload = await school.name_tom()
    photos = [school.store.faces[face].photo_id for face in school.faces]
    school.store.deliveries[(school.pat.id, photos[0])] = DeliveryStatus.SENT
    school.store.photos[photos[1]].posted_by = PAT
    answered = await school.answer(claim_id, payload, PAT)
    assert answered.approval_id is not None
    approved = await school.decisions.approve(answered.approval_id)
    assert approved is not None
    assert (approved.photos, approved.already, approved.own) == (2, 1, 1)
    assert len(approved.deliveries) == 2 and sorted(approved.changed) == sorted(school.faces)
    assert (await school.claims.open(payload, PAT)).state == LinkState.YOURS
    # Approved twice (a double press): nothing more happens.
    assert await school.decisions.approve(answered.approval_id) is None


async def test_sending_you_counts_a_clip_among_the_photos_apart() -> None:
    """One of Tom's four posts is a clip, one Pat had already: "the 2 photos and 1 clip"."""
    school = Class1A()
    claim_id, payload = await school.name_tom()
    photos = [school.store.faces[face].photo_id for face in school.faces]
    school.store.photos[photos[0]].clip = True
    school.store.deliveries[(school.pat.id, photos[1])] = DeliveryStatus.SENT
    answered = await school.answer(claim_id, payload, PAT)
    assert answered.approval_id is not None
    approved = await school.decisions.approve(answered.approval_id)
    assert approved is not None
    assert (approved.photos, approved.clips, approved.already) == (3, 1, 1)


async def test_some_are_asks_each_face_and_sends_nothing_yet() -> None:
    school = Class1A()
    claim_id, payload = await school.name_tom()
    code_hash = hash_code(payload.removeprefix(CLAIM_PREFIX))
    user = TelegramUser(PAT, "Pat")
    some = await school.claims.answer(
        claim_id, code_hash, school.faces[:2], user, True, one_by_one=True
    )
    assert some.outcome == ClaimOutcome.WAITING and some.approval_id is not None
    approved = await school.decisions.approve(some.approval_id)
    assert approved is not None
    assert len(approved.questions) == 2 and approved.changed == [] and approved.photos == 0


async def test_faces_another_family_is_asked_about_are_not_claimed() -> None:
    school = Class1A()
    claim_id, payload = await school.name_tom()
    school.store.faces[school.faces[0]].asked = True  # "Is this Alice?" went out meanwhile
    answered = await school.answer(claim_id, payload, PAT)
    assert answered.photos == 3
    assert school.faces[0] not in school.store.claims[claim_id].faces


async def test_faces_named_once_are_not_offered_nor_named_again() -> None:
    school = Class1A()
    others = school.store.photo_faces(school.group, uuid4(), 3)
    await school.name_tom()
    open_now = {face for face, _ in await school.store.open_faces(school.group.id)}
    assert open_now == set(others)
    again = await school.naming.name(school.group, school.faces, "Tim", Actor(OLGA, "Olga"))
    assert again.outcome == NameOutcome.CHANGED and again.person_id is None
    # Two of Tom's faces and one other: only the other is Tim's.
    tim = await school.naming.name(
        school.group, [*school.faces[:2], others[0]], "Tim", Actor(OLGA, "Olga")
    )
    assert tim.claim_id is not None and school.store.claims[tim.claim_id].faces == {others[0]}


async def test_the_unclaimed_list_says_whose_link_still_works() -> None:
    school = Class1A()
    claim_id, payload = await school.name_tom()
    tom = school.store.claims[claim_id].person_id
    (listed,) = await school.naming.unclaimed(school.group)
    assert (listed.name, listed.faces, listed.link_live, listed.named_by) == (
        "Tom",
        4,
        True,
        "Olga",
    )
    assert await school.naming.revoke(school.group, tom, Actor(OLGA, "Olga")) == ("Tom", True)
    assert await school.naming.revoke(school.group, tom, Actor(OLGA, "Olga")) == ("Tom", False)
    (listed,) = await school.naming.unclaimed(school.group)
    assert not listed.link_live
    assert (await school.answer(claim_id, payload, PAT)).outcome == ClaimOutcome.INVALID
    # Another group's organizers can do nothing with him.
    other = school.store.group("Class 2B")
    assert await school.naming.revoke(other, tom, Actor(OLGA, "Olga")) == ("Tom", None)
    assert await school.naming.rename(other, tom, "Tim", Actor(OLGA, "Olga")) == ("Tom", None)
