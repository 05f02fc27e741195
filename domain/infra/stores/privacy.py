"""Privacy's stores (``domain.privacy.stores``) on tortoise and Postgres: what erasing a
person or forgetting a participant reads and deletes, each last step in one transaction;
the faces a group's retention deletes."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from domain.corrections.questions import unreserved
from domain.enrollment.rules import Tally
from domain.infra.models import (
    Approval,
    AssignmentEvent,
    Claim,
    ConsentRecord,
    Delivery,
    EarlierPhotos,
    EnrollmentPhoto,
    Face,
    FaceRejection,
    FaceSyncRequest,
    ForgetNotice,
    Group,
    GroupBan,
    GuardianInvite,
    Guardianship,
    Membership,
    ModerationEvent,
    Participant,
    Person,
    Photo,
    Prototype,
    Suggestion,
)
from domain.infra.stores.assignments import (
    chats_of_guardians,
    guardian_chats,
    merge_chain_end,
    merged_into,
    merged_into_any,
    record,
    scrub_notes,
)
from domain.infra.stores.requests import (
    forget_requester,
    open_requests_and_asker,
    requests_done,
    said_under_way,
)
from domain.languages.chats import zone_of_group
from domain.moderation.takedown import COPY_REMOVED_BEFORE
from domain.persons.rules import InviteEnd, Seat, owner, successor
from domain.persons.service import FROM_MERGED_AWAY, MERGE_SAID, TO_MERGED_AWAY
from domain.privacy.notices import InviteMade, Notice, NoticeKind
from domain.privacy.stores import (
    REMOVED_BY_A_CORRECTION,
    AnswerGiven,
    ApprovalAsked,
    Asked,
    BannedFrom,
    ChangeMade,
    ClaimMade,
    ConsentGiven,
    Erasing,
    ExpiringGroup,
    Forgetting,
    GroupJoined,
    GuardedPerson,
    Guarding,
    Held,
    Holder,
    InviteSaid,
    KeptFace,
    MergeSaid,
    OfferMade,
    OnScreen,
    OrganizerAction,
    PhotoCopy,
    Shown,
    StillGuarded,
    TheirApprovals,
    WaitingCrop,
)
from domain.recognition.assignments import FACES_FORGOTTEN_NOTE, FORGOTTEN_ACTOR, Actor
from domain.states import (
    ApprovalKind,
    ApprovalStatus,
    AssignmentOperation,
    ConsentKind,
    DeliveryStatus,
    FaceSource,
    GuardianRole,
    MediaKind,
    MembershipStatus,
    ModerationAction,
    PersonStatus,
    RequestKind,
    SuggestionStatus,
)

APPROVAL_ACTIONS = (ModerationAction.APPROVED, ModerationAction.REJECTED)
BAN_ACTIONS = (ModerationAction.BANNED, ModerationAction.UNBANNED)
UNDERWAY = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)


def _kept(faces: Sequence[Face]) -> list[KeptFace]:
    return [KeptFace(face.id, face.crop_key) for face in faces]


class TortoiseErasureStore:
    """``ErasureStore``: a person's faces, crops, offers and records; a participant's
    guardianships, approvals and audit."""

    async def asked(self, kind: RequestKind, subject: UUID | int) -> Asked:
        ids, by = await open_requests_and_asker(kind, subject)
        return Asked(tuple(ids), by, tuple(await said_under_way(ids)))

    async def close(self, asked: Asked) -> None:
        await requests_done(list(asked.ids))

    async def person_name(self, person_id: UUID) -> str | None:
        person = await Person.get_or_none(id=person_id).only("id", "name")
        return None if person is None else person.name

    async def name_now(self, person_id: UUID) -> str | None:
        person = await Person.get_or_none(id=person_id)
        kept = None if person is None else await merge_chain_end(person)
        return None if kept is None else kept.name

    async def set_status(self, person_id: UUID, status: PersonStatus) -> bool:
        return bool(await Person.filter(id=person_id).update(status=status))

    async def wait_for_claims(self, person_id: UUID) -> None:
        open_ids = await Delivery.filter(
            status__in=UNDERWAY, photo__faces__person_id=person_id
        ).values_list("id", flat=True)
        async with in_transaction():
            # A claim that started before the person's status changed holds its row until
            # it commits: locking the rows waits for it.
            await Delivery.select_for_update().filter(id__in=list(open_ids))

    async def sending(self, person_id: UUID) -> bool:
        return await Delivery.filter(
            status=DeliveryStatus.SENDING, photo__faces__person_id=person_id
        ).exists()

    async def merged_into(self, person_id: UUID) -> list[UUID]:
        return await merged_into(person_id)

    async def faces_of(self, person_ids: Sequence[UUID]) -> list[KeptFace]:
        return _kept(await Face.filter(person_id__in=list(person_ids)))

    async def suggested(self, person_ids: Sequence[UUID]) -> list[KeptFace]:
        return _kept(await Face.filter(suggestions__person_id__in=list(person_ids)).distinct())

    async def asked_elsewhere(
        self, face_ids: Sequence[UUID], person_ids: Sequence[UUID]
    ) -> set[UUID]:
        return {
            UUID(str(face_id))
            for face_id in await Suggestion.filter(
                face_id__in=list(face_ids), status=SuggestionStatus.PENDING
            )
            .exclude(person_id__in=list(person_ids))
            .values_list("face_id", flat=True)
        }

    async def crops(self, face_ids: Sequence[UUID]) -> list[KeptFace]:
        return _kept(await Face.filter(id__in=list(face_ids), crop_key__isnull=False))

    async def shown(self, person_ids: Sequence[UUID]) -> list[Shown]:
        return [
            Shown(
                tuple((chat, message) for chat, message in offer.sent_to or []),
                tuple(UUID(face) for face in offer.face_ids) if offer.sheet else (),
            )
            for offer in await EarlierPhotos.filter(person_id__in=list(person_ids))
        ]

    async def questions(self, person_ids: Sequence[UUID]) -> list[tuple[int, int]]:
        about = await Suggestion.filter(
            person_id__in=list(person_ids), status=SuggestionStatus.PENDING, withdrawn_at=None
        ).values_list("id", "pair_id")
        own = {one for one, _ in about}
        sent = await Suggestion.filter(id__in=list(own), sent_to__isnull=False).values_list(
            "sent_to", flat=True
        )
        found = [(int(chat), int(message)) for each in sent for chat, message in each]
        # A pair's question ("Alice or Ally?") went as its leading suggestion's: of a
        # leading one about the other child, only its messages in the chats of their
        # guardians (the pair's); its other messages ask that child's other guardians
        # about it alone, stay open, and must not name the one deleted (a co-guardian of
        # Ally only read "Ann deleted Alice.").
        leads = {pair for _, pair in about if pair is not None} - own
        guarding = await chats_of_guardians(person_ids)
        for each in await Suggestion.filter(id__in=list(leads), sent_to__isnull=False).values_list(
            "sent_to", flat=True
        ):
            found += [(int(chat), int(m)) for chat, m in each if int(chat) in guarding]
        return list(dict.fromkeys(found))

    async def part_pairs(self, person_ids: Sequence[UUID]) -> list[tuple[UUID, UUID]]:
        pairs = await Suggestion.filter(
            person_id__in=list(person_ids), pair_id__isnull=False
        ).values_list("pair_id", flat=True)
        guardians = {
            int(str(chat)): UUID(str(participant))
            for participant, chat in await Participant.filter(
                guardianships__person_id__in=list(person_ids)
            ).values_list("id", "telegram_user_id")
        }
        owed = []
        for other in (
            await Suggestion.select_for_update()
            .filter(pair_id__in=list(set(pairs)), status=SuggestionStatus.PENDING)
            .exclude(person_id__in=list(person_ids))
            .order_by("id")
        ):
            both = await chats_of_guardians([other.person_id]) & set(guardians)  # type: ignore[attr-defined]
            other.sent_to = [
                [chat, message] for chat, message in other.sent_to or [] if int(chat) not in both
            ]
            other.pair_id = None
            await other.save(update_fields=["sent_to", "pair_id"])
            owed += [(other.id, guardians[chat]) for chat in sorted(both)]
        return owed

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return in_transaction()

    async def erase(self, erasing: Erasing) -> None:
        person_ids = erasing.person_ids
        faces = await Face.filter(id__in=list(erasing.face_ids))
        if faces:
            await record(
                AssignmentOperation.REMOVE,
                erasing.actor,
                faces,
                from_person=erasing.person_id,
                to_person=None,
                note=FACES_FORGOTTEN_NOTE if erasing.keep_person else "person deleted",
            )
        await Face.filter(id__in=list(erasing.cleared)).update(crop_key=None)
        await Suggestion.filter(person_id__in=person_ids).delete()
        await EarlierPhotos.filter(person_id__in=person_ids).delete()
        await EnrollmentPhoto.filter(person_id__in=person_ids).delete()
        await Prototype.filter(person_id__in=person_ids).delete()
        await Face.filter(id__in=list(erasing.face_ids)).delete()
        await FaceSyncRequest.filter(face_id__in=list(erasing.face_ids)).delete()
        if erasing.keep_person:
            await Person.filter(id=erasing.person_id).update(
                status=PersonStatus.NEEDS_PHOTOS, cover_face_id=None
            )
            return
        # Their names leave the audit with them: notes are rewritten, and the events'
        # links to them are cleared by the database.
        await scrub_notes(person_ids=person_ids)
        await _scrub_moderation(person_ids=person_ids)
        await Person.filter(id__in=list(erasing.merged)).delete()
        await Person.filter(id=erasing.person_id).delete()

    async def drop_merged_record(self, person_id: UUID, crop_prefix: str) -> None:
        async with in_transaction():
            await Face.filter(crop_key__startswith=crop_prefix).update(crop_key=None)
            await scrub_notes(person_ids=[person_id])
            await mark_merged_away(person_id)
            dropped = await Person.get_or_none(id=person_id, status=PersonStatus.MERGED)
            if dropped is None:
                return
            # Alice merged into Ally, Ally into Max: Ally's record gone, Alice is Max's.
            await Person.filter(merged_into_id=person_id).update(
                merged_into_id=dropped.merged_into_id  # type: ignore[attr-defined]
            )
            await dropped.delete()

    async def actor(self, participant_id: UUID | None, user_id: int | None) -> Actor | None:
        participant = await Participant.get_or_none(id=participant_id) if participant_id else None
        if participant is None and user_id is not None:
            participant = await Participant.get_or_none(telegram_user_id=user_id)
        return Actor.participant(participant) if participant else None

    async def user_id(self, participant_id: UUID) -> int | None:
        participant = await Participant.get_or_none(id=participant_id)
        return participant.telegram_user_id if participant else None

    async def guardian_chats(self, person_ids: Collection[UUID]) -> dict[UUID, list[int]]:
        return await guardian_chats(person_ids)

    async def first_name(self, user_id: int) -> str | None:
        participant = await Participant.get_or_none(telegram_user_id=user_id)
        return (participant.first_name or None) if participant else None

    async def participant_of(self, user_id: int) -> Forgetting | None:
        participant = await Participant.get_or_none(telegram_user_id=user_id)
        if participant is None:
            return None
        return Forgetting(
            participant.id,
            user_id,
            participant.language,
            participant.language_code,
            Actor.participant(participant),
        )

    async def unname_posts(self, user_id: int) -> None:
        await Photo.filter(posted_by_user_id=user_id).update(
            posted_by_user_id=None, caption=None, caption_entities=None
        )

    async def forget_requests_of(self, user_id: int, asked: Asked) -> None:
        async with in_transaction():
            await forget_requester(user_id)
            await self.close(asked)

    async def rejected_in(self, person_ids: Collection[UUID]) -> set[UUID]:
        rows = await Approval.filter(
            person_id__in=list(person_ids), status=ApprovalStatus.REJECTED
        ).values_list("group_id", flat=True)
        return {UUID(str(each)) for each in rows}

    async def audited_groups(self, participant_id: UUID | None, user_id: int) -> set[UUID]:
        members = (
            await Membership.filter(participant_id=participant_id).values_list(
                "group_id", flat=True
            )
            if participant_id is not None
            else []
        )
        return {
            UUID(str(group_id))
            for group_id in (
                *members,
                *await GroupBan.filter(telegram_user_id=user_id).values_list("group_id", flat=True),
                *await ModerationEvent.filter(actor_user_id=user_id, group_id__not_isnull=True)
                .distinct()
                .values_list("group_id", flat=True),
            )
        }

    async def merges_said_about(self, person_id: UUID) -> list[MergeSaid]:
        said = []
        for event in await AssignmentEvent.filter(
            Q(from_person_id=person_id) | Q(to_person_id=person_id),
            operation=AssignmentOperation.MERGE,
        ).prefetch_related("from_person", "to_person"):
            where = (event.details or {}).get(MERGE_SAID)
            removed, kept = event.from_person, event.to_person
            if not (isinstance(where, list) and len(where) == 2) or (removed is kept is None):
                continue
            # One of the two gone already (deleted before): its name went with it.
            said.append(
                MergeSaid(
                    int(where[0]),
                    int(where[1]),
                    removed.name if removed is not None else "",
                    kept.name if kept is not None else "",
                    undone=event.undone_at is not None,
                    into_it=kept is not None and kept.id == person_id,
                    other_deleted=removed is None or kept is None,
                )
            )
        return said

    async def merges_said_to(self, participant_id: UUID, user_id: int) -> list[int]:
        said: list[int] = []
        for details in await AssignmentEvent.filter(
            operation=AssignmentOperation.MERGE, actor_participant_id=participant_id
        ).values_list("details", flat=True):
            where = (details or {}).get(MERGE_SAID) if isinstance(details, dict) else None
            if isinstance(where, list) and len(where) == 2 and int(where[0]) == user_id:
                said.append(int(where[1]))
        return said

    async def invites_said_by(self, participant_id: UUID) -> list[InviteSaid]:
        invites = (
            await GuardianInvite.filter(invited_by_id=participant_id, message_id__isnull=False)
            .order_by("created_at")
            .prefetch_related("person", "used_by")
        )
        return [
            InviteSaid(
                int(invite.message_id),
                # Said in the past: the name it handed, if the child went since.
                await _name_now(invite.person) or invite.person.name,
                (invite.used_by.first_name or "?") if invite.used_by is not None else "",
                invite.used_at is not None,
            )
            for invite in invites
            if invite.message_id is not None
        ]

    async def invites_said_about(self, person_id: UUID) -> list[tuple[int, InviteSaid]]:
        return await _invites_said(person_id=person_id)

    async def invites_used_by(self, participant_id: UUID) -> list[tuple[int, InviteSaid]]:
        return await _invites_said(used_by_id=participant_id)

    async def acted_as_organizer(self, user_id: int) -> bool:
        return (
            await ModerationEvent.filter(actor_user_id=user_id)
            .exclude(action=ModerationAction.CLAIMED)
            .exists()
        )

    async def unname_organizer(self, user_id: int) -> bool:
        return bool(await ModerationEvent.filter(actor_user_id=user_id).update(actor_name=""))

    async def approvals_of(self, participant_id: UUID) -> TheirApprovals:
        theirs = await Approval.filter(participant_id=participant_id)
        return TheirApprovals(
            # A decided claim stays with its person too, and its record is shown again
            # without their name (findings24 11: "Dora (@dora) is the guardian of Sam now."
            # stayed after her /forget).
            of_persons=[
                a.id
                for a in theirs
                if a.kind == ApprovalKind.PERSON
                or (a.kind == ApprovalKind.CLAIM and a.status != ApprovalStatus.PENDING)
            ],
            going=[
                a.id
                for a in theirs
                if a.kind == ApprovalKind.GUARDIAN
                or (a.kind == ApprovalKind.CLAIM and a.status == ApprovalStatus.PENDING)
            ],
        )

    async def guardianships_of(self, participant_id: UUID) -> list[Guarding]:
        return [
            Guarding(g.id, g.person.id, g.person.status == PersonStatus.MERGED)
            for g in await Guardianship.filter(participant_id=participant_id).prefetch_related(
                "person"
            )
        ]

    async def still_guarded(
        self, guardianship_id: UUID, participant_id: UUID
    ) -> StillGuarded | None:
        guardianship = await Guardianship.get_or_none(id=guardianship_id).prefetch_related("person")
        if guardianship is None:
            return None
        person = guardianship.person
        others = (
            await Guardianship.filter(person_id=person.id)
            .exclude(participant_id=participant_id)
            .exists()
        )
        merged = person.status == PersonStatus.MERGED and person.merged_into_id is not None  # type: ignore[attr-defined]
        return StillGuarded(person.id, merged, others)

    async def let_go(self, guardianship_id: UUID, person_id: UUID) -> int | None:
        async with in_transaction():
            await scrub_notes(person_ids=[person_id, *await merged_into(person_id)])
            rows = await Guardianship.filter(person_id=person_id).prefetch_related("participant")
            seats = [Seat(g.participant_id, g.role, g.created_at) for g in rows]  # type: ignore[attr-defined]
            leaving = next((g.participant_id for g in rows if g.id == guardianship_id), None)  # type: ignore[attr-defined]
            await Guardianship.filter(id=guardianship_id).delete()
            held = owner(seats)
            if held is None or held.participant_id != leaving:
                return None  # a co-guardian's: nothing changes hands
            heir = successor(seats, held.participant_id)
            if heir is None:
                return None
            await Guardianship.filter(
                person_id=person_id, participant_id=heir.participant_id
            ).update(role=GuardianRole.OWNER)
            chats = {g.participant_id: g.participant.telegram_user_id for g in rows}  # type: ignore[attr-defined]
            return int(chats[heir.participant_id])

    async def forget(
        self,
        participant: Forgetting,
        *,
        guarded: Sequence[UUID],
        withdrawn: Sequence[UUID],
        asked: Asked,
        terms_version: str,
    ) -> None:
        user_id = participant.telegram_user_id
        async with in_transaction():
            await scrub_notes(actor_participant=participant.id)
            await _scrub_moderation(person_ids=guarded, user_id=user_id)
            await AssignmentEvent.filter(
                Q(actor_participant_id=participant.id) | Q(actor=participant.actor.label)
            ).update(actor=FORGOTTEN_ACTOR, actor_participant_id=None)
            await GuardianInvite.filter(invited_by_id=participant.id, used_at=None).delete()
            waiting = await Claim.filter(
                used_by_id=participant.id, person__status=PersonStatus.UNCLAIMED
            ).values_list("id", flat=True)
            await Claim.filter(id__in=list(waiting)).update(
                used_at=None, used_by_id=None, code_hash=None, expires_at=None, one_by_one=False
            )
            # The offers of earlier photos their co-guardians keep no longer say it went
            # to them.
            for offer in await EarlierPhotos.filter(person_id__in=list(guarded)):
                kept = [pair for pair in offer.sent_to or [] if pair[0] != user_id]
                if kept != (offer.sent_to or []):
                    await EarlierPhotos.filter(id=offer.id).update(sent_to=kept)
            # A question being sent to them as they go keeps no trace of their chat.
            for asking in await Suggestion.filter(asking__isnull=False).select_for_update():
                asking.asking = unreserved(asking.asking or [], {user_id}) or None
                await asking.save(update_fields=["asking"])
            await Approval.filter(id__in=list(withdrawn)).delete()
            # Their copies stay in their chat, out of reach once their deliveries are gone:
            # each photo counts them, anonymously, for a takedown's report (findings22 6).
            await _count_forgotten_copies(participant.id)
            await ConsentRecord.create(
                participant_id=participant.id,
                telegram_user_id=user_id,
                kind=ConsentKind.DATA_DELETED,
                terms_version=terms_version,
            )
            await Participant.filter(id=participant.id).delete()
            # Their requests no longer say who asked; this one is done with the deletion.
            await forget_requester(user_id)
            await self.close(asked)


class TortoiseRetentionStore:
    """``RetentionStore``: the groups' retention, and their photos' faces."""

    async def groups(self) -> list[ExpiringGroup]:
        return [
            ExpiringGroup(group.id, group.retention_days, group.title)
            for group in await Group.filter(retention_days__isnull=False)
            if group.retention_days is not None
        ]

    async def expiring(self, group_id: UUID, posted_before: datetime, limit: int) -> list[KeptFace]:
        due = Face.filter(
            source=FaceSource.GROUP_PHOTO,
            photo__group_id=group_id,
            photo__posted_at__lt=posted_before,
        )
        prototypes = await Prototype.filter(
            face__photo__group_id=group_id, face__photo__posted_at__lt=posted_before
        ).values_list("face_id", flat=True)
        if prototypes:
            due = due.exclude(id__in=prototypes)
        return _kept(await due.order_by("id").limit(limit))

    async def photos_of(self, face_ids: Sequence[UUID]) -> list[UUID]:
        photo_ids = (
            await Face.filter(id__in=list(face_ids)).distinct().values_list("photo_id", flat=True)
        )
        return [UUID(str(photo)) for photo in photo_ids]

    async def delete_faces(self, face_ids: Sequence[UUID]) -> None:
        async with in_transaction():
            await Face.filter(id__in=list(face_ids)).delete()
            await FaceSyncRequest.filter(face_id__in=list(face_ids)).delete()

    async def ran(self, group_id: UUID, at: datetime, expired: int) -> None:
        await Group.filter(id=group_id).update(
            retention_ran_at=at, faces_expired=F("faces_expired") + expired
        )


class TortoiseExportStore:
    """``ExportStore``: the participant's rows and their persons'."""

    async def organizer_actions(self, user_id: int) -> list[OrganizerAction]:
        events = (
            await ModerationEvent.filter(actor_user_id=user_id)
            .order_by("created_at")
            .prefetch_related("group")
        )
        return [
            OrganizerAction(
                event.group.title if event.group is not None else "",
                event.action.value,
                event.actor_name,
                event.created_at,
                subject=event.subject,
                details=event.details or {},
                undone=event.undone_at is not None,
                zone=zone_of_group(event.group.settings) if event.group is not None else "UTC",
            )
            for event in events
        ]

    async def kept_by_id(self, user_id: int) -> tuple[list[ConsentGiven], list[BannedFrom]]:
        consents = [
            ConsentGiven(c.kind.value, c.terms_version, c.created_at)
            for c in await ConsentRecord.filter(telegram_user_id=user_id).order_by("created_at")
        ]
        bans = [
            BannedFrom(b.group.title, b.created_at)
            for b in await GroupBan.filter(telegram_user_id=user_id).prefetch_related("group")
        ]
        return consents, bans

    async def held(self, user_id: int) -> Held | None:
        participant = await Participant.get_or_none(telegram_user_id=user_id)
        if participant is None:
            return None
        consents, bans = await self.kept_by_id(user_id)
        # Only copies that reached their chat: one taken down (or dropped) while it waited,
        # for the daily digest say, was never sent (findings22 4).
        sent = [
            d
            for d in await Delivery.filter(participant=participant).prefetch_related("photo__group")
            if d.sent_at is not None or d.message_id is not None
        ]
        on_screen = await _on_screen(
            [d.photo.id for d in sent if MediaKind(d.photo.media_kind).is_clip], participant
        )
        return Held(
            holder=_holder(participant),
            groups=[
                GroupJoined(m.group.title, m.status.value, m.verified_at)
                for m in await Membership.filter(participant=participant).prefetch_related("group")
            ],
            consents=consents,
            bans=bans,
            persons=[
                await _guarded(guardianship, participant)
                for guardianship in await Guardianship.filter(
                    participant=participant
                ).prefetch_related("person")
            ],
            sent_to_them=[
                PhotoCopy(
                    d.photo.group.title,
                    d.photo.message_id,
                    d.sent_at,
                    status=_copy_status(d),
                    kind=_kind(d.photo),
                    on_screen=on_screen.get(d.photo.id, ()),
                )
                for d in sent
            ],
            posted=[
                PhotoCopy(
                    p.group.title, p.message_id, p.posted_at, caption=p.caption, kind=_kind(p)
                )
                for p in await Photo.filter(posted_by_user_id=user_id).prefetch_related("group")
            ],
            waiting=[
                WaitingCrop(
                    s.person.name,
                    s.face.photo.group.title if s.face.photo else None,
                    s.notified_at,
                    s.face.crop_key or "",
                    face_id=s.face.id,
                    pair_id=s.pair_id,
                    leads=s.pair_id == s.id,
                    posted_at=s.face.photo.posted_at if s.face.photo else None,
                    retention_days=s.face.photo.group.retention_days if s.face.photo else None,
                )
                # Only where they may answer it: a group they are banned from, or left,
                # asks them nothing (findings19 8: its question was closed at the ban).
                for s in await Suggestion.filter(
                    person__guardianships__participant=participant,
                    status=SuggestionStatus.PENDING,
                    face__crop_key__not_isnull=True,
                    face__photo__group_id__in=await _member_of(participant),
                ).prefetch_related("person", "face__photo__group")
            ],
            changes=[
                ChangeMade(
                    e.operation.value,
                    e.face_count,
                    e.photo_count,
                    e.note,
                    e.created_at,
                    e.undone_at,
                    undoes=e.undoes_id is not None,  # type: ignore[attr-defined]
                )
                for e in await AssignmentEvent.filter(actor_participant=participant).order_by(
                    "created_at"
                )
            ],
            answers=await _answers(participant),
            claims=[
                ClaimMade(
                    c.person.name,
                    c.group.title,
                    c.named_by_name,
                    c.created_at,
                    c.used_at,
                    c.person.status != PersonStatus.UNCLAIMED,
                    c.one_by_one,
                    await _claimed_into(c),
                )
                for c in await Claim.filter(used_by=participant).prefetch_related("person", "group")
            ],
        )


async def _claimed_into(claim: Claim) -> str:
    """The name now of the person a claim said its faces are ("it's my Itai"); "" for a
    claim of the named child itself, or when that person is gone."""
    if claim.into_person_id is None:
        return ""
    into = await Person.get_or_none(id=claim.into_person_id)
    kept = None if into is None else await merge_chain_end(into)
    return "" if kept is None else kept.name


async def _answers(participant: Participant) -> list[AnswerGiven]:
    """Their answers to questions about their persons, oldest first, each "no" with whether
    it is still remembered (its rejection kept)."""
    answered = (
        await Suggestion.filter(
            reviewed_by=participant,
            status__in=[SuggestionStatus.ACCEPTED, SuggestionStatus.REJECTED],
        )
        .order_by("reviewed_at")
        .prefetch_related("person", "face__photo__group")
    )
    kept = {
        (str(face), str(person))
        for face, person in await FaceRejection.filter(
            face_id__in=[s.face.id for s in answered]
        ).values_list("face_id", "person_id")
    }
    # Each "yes" whose match was undone from /history: when (the face's match to the
    # person the question named, or one merged into it since, undone).
    named = list({s.person.id for s in answered})
    undone: dict[str, datetime] = {}
    for event in await AssignmentEvent.filter(
        operation=AssignmentOperation.ASSIGN,
        to_person_id__in=[*named, *await merged_into_any(named)],
        undone_at__isnull=False,
    ).values("face_ids", "undone_at"):
        for face in event["face_ids"] or []:
            undone[str(face)] = event["undone_at"]
    # A sibling pair's answer is one answer to one question ("Is this Alice or Ally?"):
    # "Neither" (both its halves rejected by them) or "It's Alice" (Alice's half accepted,
    # Ally's rejected), said as one entry under the pair's leading half.
    halves: dict[UUID, list[Suggestion]] = {}
    for s in answered:
        if s.pair_id is not None:
            halves.setdefault(s.pair_id, []).append(s)
    pairs = {
        pair_id: pair
        for pair_id, pair in halves.items()
        if len(pair) == 2
        and sorted(h.status for h in pair)
        in (
            [SuggestionStatus.REJECTED, SuggestionStatus.REJECTED],
            sorted([SuggestionStatus.ACCEPTED, SuggestionStatus.REJECTED]),
        )
    }

    def remembered(s: Suggestion) -> bool:
        return s.status == SuggestionStatus.REJECTED and (str(s.face.id), str(s.person.id)) in kept

    def undone_at(s: Suggestion) -> datetime | None:
        if s.status == SuggestionStatus.ACCEPTED and s.face.person_id != s.person.id:  # type: ignore[attr-defined]
            return undone.get(str(s.face.id))
        # A "no" undone from /history since (findings27 6).
        return s.no_undone_at if s.status == SuggestionStatus.REJECTED else None

    given = []
    for s in answered:
        if s.pair_id in pairs:
            pair = pairs[s.pair_id]
            lead = next((h for h in pair if h.id == s.pair_id), pair[0])
            if lead is not s:
                continue  # said with the pair's leading half
            (other,) = [h for h in pair if h is not s]
            picked = next((h for h in pair if h.status == SuggestionStatus.ACCEPTED), None)
            given.append(
                AnswerGiven(
                    await _name_now(s.person),
                    s.face.photo.group.title if s.face.photo else None,
                    picked is not None,
                    s.reviewed_at,
                    remembered=remembered(s),
                    # "It's Alice" undone: its match undone from /history (its "no" to
                    # Ally, undone with it or alone, is said by what it still changes).
                    undone_at=undone_at(picked if picked is not None else s),
                    other_name=await _name_now(other.person),
                    other_remembered=remembered(other),
                    picked=None if picked is None else await _name_now(picked.person),
                )
            )
            continue
        given.append(
            AnswerGiven(
                # The person's name now, followed through merges: the same child is named
                # alike in every entry (findings24 7: "Is this Bobby?" beside "Is this
                # Alice?").
                await _name_now(s.person),
                s.face.photo.group.title if s.face.photo else None,
                s.status == SuggestionStatus.ACCEPTED,
                s.reviewed_at,
                remembered=remembered(s),
                undone_at=undone_at(s),
            )
        )
    return given


async def _name_now(person: Person) -> str:
    """The person's name, or that of the person it was merged into (to the chain's end);
    "" when that one was deleted since."""
    kept = await merge_chain_end(person)
    return "" if kept is None else kept.name


async def _member_of(participant: Participant) -> list[UUID]:
    """The groups the participant is a member of now: where a question may wait for them."""
    groups = await Membership.filter(
        participant=participant, status=MembershipStatus.MEMBER
    ).values_list("group_id", flat=True)
    return [UUID(str(group)) for group in groups]


def _holder(participant: Participant) -> Holder:
    return Holder(
        telegram_user_id=participant.telegram_user_id,
        first_name=participant.first_name,
        username=participant.username,
        language_code=participant.language_code,
        receive_own_photos=participant.receive_own_photos,
        question_mode=participant.question_mode.value,
        questions_every=participant.questions_every,
        language=participant.language,
        created_at=participant.created_at,
    )


async def _count_forgotten_copies(participant_id: UUID) -> None:
    """Each photo whose copy is still in this participant's chat counts one more copy the
    bot can no longer reach (their delivery rows are deleted with them)."""
    shown = await Delivery.filter(
        participant_id=participant_id,
        status=DeliveryStatus.SENT,
        message_id__not_isnull=True,
    ).values_list("photo_id", flat=True)
    if shown:
        await Photo.filter(id__in=list(shown)).update(copies_forgotten=F("copies_forgotten") + 1)


def _copy_status(delivery: Delivery) -> str:
    """A copy sent to them, as /export says what became of it: first of all, a correction
    (a move, an undo, "remove this photo only") may have taken it from their chat, and a
    takedown after that found nothing there to delete (findings16 2)."""
    removed = delivery.error == COPY_REMOVED_BEFORE or (
        delivery.status == DeliveryStatus.SENT and delivery.message_id is None
    )
    return REMOVED_BY_A_CORRECTION if removed else delivery.status.value


def _kind(photo: Photo) -> str:
    """A post as /export names it: a photo, or a clip (a video, round video or animation)."""
    return "clip" if MediaKind(photo.media_kind).is_clip else "photo"


async def _on_screen(clip_ids: list[UUID], participant: Participant) -> dict[UUID, list[OnScreen]]:
    """When the participant's persons are seen in these clips, by clip, first seen first."""
    if not clip_ids:
        return {}
    seen: dict[UUID, list[OnScreen]] = {}
    for photo_id, name, from_s, to_s, clip_s in (
        await Face.filter(
            photo_id__in=clip_ids,
            person__guardianships__participant=participant,
            seen_from_s__isnull=False,
        )
        .order_by("seen_from_s")
        .values_list("photo_id", "person__name", "seen_from_s", "seen_to_s", "photo__duration_s")
    ):
        seen.setdefault(UUID(str(photo_id)), []).append(OnScreen(name, from_s, to_s, clip_s))
    return seen


async def _merged_into(person: Person) -> str | None:
    """The name of the person this one was merged into (it is kept while the merge may be
    undone); None: not merged."""
    into_id = person.merged_into_id  # type: ignore[attr-defined]
    if person.status != PersonStatus.MERGED or into_id is None:
        return None
    into = await Person.get_or_none(id=into_id)
    return into.name if into is not None else None


async def _guarded(guardianship: Guardianship, participant: Participant) -> GuardedPerson:
    person = guardianship.person
    others = (
        await Guardianship.filter(person=person)
        .exclude(participant=participant)
        .prefetch_related("participant")
    )
    cover = (
        await Face.get_or_none(id=person.cover_face_id)
        if person.cover_face_id is not None
        else None
    )
    return GuardedPerson(
        id=person.id,
        name=person.name,
        birth_date=person.birth_date,
        status=person.status.value,
        role=guardianship.role.value,
        other_guardians=[g.participant.first_name for g in others],
        prototypes=await Prototype.filter(person=person).count(),
        enrollment_photos_sent_at=[
            face.taken_at or face.created_at
            for face in await Face.filter(person=person, source=FaceSource.ENROLLMENT).order_by(
                "created_at"
            )
        ],
        cover_crop=cover.crop_key if cover else None,
        merged_into=await _merged_into(person),
        offers=[
            OfferMade(
                o.group.title,
                o.participant_id is not None,  # type: ignore[attr-defined]
                o.photo_count,
                o.status.value,
                o.created_at,
                o.answered_at,
            )
            for o in await EarlierPhotos.filter(person=person)
            .filter(Q(participant_id=None) | Q(participant_id=participant.id))
            .prefetch_related("group")
        ],
        approvals=[
            ApprovalAsked(a.group.title, a.kind.value, a.status.value, a.reason)
            for a in await Approval.filter(person=person, participant=participant).prefetch_related(
                "group"
            )
        ],
        created_at=person.created_at,
    )


async def _scrub_moderation(*, person_ids: Sequence[UUID] = (), user_id: int | None = None) -> None:
    """The organizers' audit keeps what they did, not the names: approvals of these persons
    name no one (events written before they stopped naming anyone did), and the user's
    bans keep their Telegram id only (no subject); what they did as an organizer keeps no
    name either. Inside the caller's transaction."""
    persons = {str(each) for each in person_ids}
    if persons:
        for event in await ModerationEvent.filter(action__in=APPROVAL_ACTIONS):
            if event.details.get("person") in persons:
                kind = event.details.get("kind")
                subject = "a new co-guardian" if kind == "guardian" else "a new person"
                if event.subject != subject:
                    await ModerationEvent.filter(id=event.id).update(subject=subject)
    if user_id is not None:
        for event in await ModerationEvent.filter(action__in=BAN_ACTIONS):
            if event.details.get("user_id") == user_id:
                # No name: the audit says "user <id>" in its reader's language.
                await ModerationEvent.filter(id=event.id).update(subject="")
        await ModerationEvent.filter(actor_user_id=user_id).update(actor_name="")


class TortoiseNoticeStore:
    """``NoticeStore``: the messages a user's /forget makes true (``forget_notices``)."""

    async def record(self, notice: Notice) -> None:
        await ForgetNotice.create(
            chat_id=notice.chat_id,
            message_id=notice.message_id,
            about_user_id=notice.about_user_id,
            kind=notice.kind.value,
            person_ids=[str(p) for p in notice.person_ids],
            invite_id=notice.invite_id,
            group_id=notice.group_id,
            faceless=notice.faceless,
            said=_said_of(notice),
        )

    async def about(self, user_id: int) -> list[Notice]:
        rows = await ForgetNotice.filter(about_user_id=user_id).order_by("created_at")
        return [_notice(row) for row in rows]

    async def drop(self, user_id: int) -> None:
        async with in_transaction():
            await ForgetNotice.filter(chat_id=user_id).delete()
            await ForgetNotice.filter(
                about_user_id=user_id, kind=NoticeKind.GUARDED_BY.value
            ).update(about_user_id=None)
            await ForgetNotice.filter(about_user_id=user_id).delete()
            # The invitations they made, accepted: who made them is no longer kept.
            for row in await ForgetNotice.filter(kind=NoticeKind.ACCEPTED.value):
                if (row.said or {}).get("inviter_id") == user_id:
                    row.said = {k: v for k, v in row.said.items() if k != "inviter_id"}
                    await row.save(update_fields=["said"])

    async def person_name(self, person_id: UUID) -> str | None:
        person = await Person.get_or_none(id=person_id).only("id", "name")
        return None if person is None else person.name

    async def said_past(self, chat_ids: Collection[int], person_id: UUID) -> list[Notice]:
        rows = await ForgetNotice.filter(about_user_id=None, chat_id__in=list(chat_ids)).exclude(
            kind=NoticeKind.INVITED.value
        )
        return [_notice(row) for row in rows if str(person_id) in (row.person_ids or [])]

    async def naming(self, person_id: UUID) -> list[Notice]:
        rows = await ForgetNotice.filter(
            kind__in=[
                NoticeKind.GUARDIAN.value,
                NoticeKind.GUARDED_BY.value,
                NoticeKind.READY.value,
                NoticeKind.SENDING.value,  # those that name persons
                NoticeKind.HELD.value,
                NoticeKind.FACES_FORGOTTEN.value,
            ]
        ).order_by("created_at")
        return [_notice(row) for row in rows if str(person_id) in (row.person_ids or [])]

    async def merged_into(self, person_id: UUID) -> list[UUID]:
        found: list[UUID] = []
        frontier = [person_id]
        while frontier:
            rows = await Person.filter(
                merged_into_id__in=frontier, status=PersonStatus.MERGED
            ).values_list("id", flat=True)
            frontier = [UUID(str(row)) for row in rows if UUID(str(row)) not in found]
            found += frontier
        return [each for each in found if each != person_id]

    async def drop_message(self, chat_id: int, message_id: int) -> None:
        await ForgetNotice.filter(chat_id=chat_id, message_id=message_id).delete()

    async def unlike_of(self, person_ids: Collection[UUID]) -> list[Notice]:
        ids = {str(p) for p in person_ids}
        rows = await ForgetNotice.filter(kind=NoticeKind.UNLIKE.value).order_by("created_at")
        return [_notice(row) for row in rows if ids & set(row.person_ids or [])]

    async def inviting(self, invite_id: UUID) -> list[Notice]:
        rows = await ForgetNotice.filter(kind=NoticeKind.INVITED.value, invite_id=invite_id)
        return [_notice(row) for row in rows]

    async def invited_by(self, person_id: UUID, participant_id: UUID) -> list[Notice]:
        participant = await Participant.get_or_none(id=participant_id)
        if participant is None:
            return []
        rows = await ForgetNotice.filter(
            kind=NoticeKind.INVITED.value, about_user_id=participant.telegram_user_id
        )
        return [_notice(row) for row in rows if str(person_id) in (row.person_ids or [])]

    async def merged_away(self, event_id: UUID) -> list[tuple[UUID, str]]:
        event = await AssignmentEvent.get_or_none(id=event_id)
        if event is None:
            return []
        ends = (event.from_person_id, event.to_person_id)  # type: ignore[attr-defined]
        found = []
        for each in ends:
            person = await Person.get_or_none(id=each) if each is not None else None
            if person is None or person.status != PersonStatus.MERGED:
                continue
            kept = await merge_chain_end(person)
            if kept is not None and kept.id != person.id:
                found.append((person.id, kept.name))
        return found

    async def merge_ends(self, event_id: UUID) -> list[tuple[UUID, str | None, UUID | None]]:
        event = await AssignmentEvent.get_or_none(id=event_id)
        if event is None:
            return []
        ends = [p for p in (event.from_person_id, event.to_person_id) if p is not None]  # type: ignore[attr-defined]
        ids: list[UUID] = []
        for end in ends:
            for each in [UUID(str(end)), *await self.merged_into(UUID(str(end)))]:
                if each not in ids:
                    ids.append(each)
        found: list[tuple[UUID, str | None, UUID | None]] = []
        for person in await Person.filter(id__in=ids):
            kept = await merge_chain_end(person) if person.status == PersonStatus.MERGED else None
            if kept is not None and kept.id != person.id:
                found.append((person.id, kept.name, kept.id))
            else:
                found.append((person.id, None, None))
        return found

    async def waited_of(self, person_id: UUID) -> list[Notice]:
        rows = await ForgetNotice.filter(
            kind__in=[NoticeKind.ACCEPTED.value, NoticeKind.GUARDIAN.value], said__isnull=False
        ).order_by("created_at")
        return [
            _notice(row)
            for row in rows
            if str(person_id) in (row.person_ids or [])
            and (row.kind == NoticeKind.ACCEPTED.value or (row.said or {}).get("unapproved"))
        ]

    async def accepted(self, notice: Notice) -> None:
        async with in_transaction():
            await ForgetNotice.filter(
                kind=NoticeKind.INVITED.value, chat_id=notice.chat_id, message_id=notice.message_id
            ).delete()
            await self.record(notice)

    async def invited_to(self, person_id: UUID) -> list[Notice]:
        rows = await ForgetNotice.filter(kind=NoticeKind.INVITED.value)
        return [_notice(row) for row in rows if str(person_id) in (row.person_ids or [])]

    async def asked_at(self, chat_id: int, message_id: int) -> Notice | None:
        row = await ForgetNotice.filter(
            kind=NoticeKind.INVITED.value, chat_id=chat_id, message_id=message_id
        ).first()
        return None if row is None else _notice(row)

    async def ended(self, notice: Notice, why: InviteEnd) -> None:
        await ForgetNotice.filter(
            kind=NoticeKind.INVITED.value, chat_id=notice.chat_id, message_id=notice.message_id
        ).update(ended=why.value, about_user_id=None)

    async def faceless(self, notice: Notice, faceless: bool) -> None:
        async with in_transaction():
            for row in await ForgetNotice.filter(
                chat_id=notice.chat_id, message_id=notice.message_id
            ).select_for_update():
                row.faceless = faceless
                if not faceless:  # it says now that photos were added again
                    row.said = {**(row.said or {}), "back": True}
                await row.save(update_fields=["faceless", "said"])

    async def words_now(self, chat_id: int, message_id: int, said: str) -> None:
        async with in_transaction():
            for row in await ForgetNotice.filter(
                chat_id=chat_id, message_id=message_id, kind=NoticeKind.SENDING.value
            ).select_for_update():
                row.said = {**(row.said or {}), "now": said}
                await row.save(update_fields=["said"])

    async def shown_now(self, notice: Notice, shown: Mapping[str, Any]) -> None:
        await ForgetNotice.filter(
            chat_id=notice.chat_id,
            message_id=notice.message_id,
            kind=notice.kind.value,
            about_user_id=notice.about_user_id,
        ).update(said=dict(shown))

    async def words_of(self, chat_id: int, message_id: int) -> str | None:
        for row in await ForgetNotice.filter(
            chat_id=chat_id, message_id=message_id, kind=NoticeKind.SENDING.value
        ):
            if isinstance(now := (row.said or {}).get("now"), str):
                return now
        return None

    async def to_rename(self, person_id: UUID) -> list[Notice]:
        rows = await ForgetNotice.filter(
            kind__in=[
                NoticeKind.GUARDIAN.value,
                NoticeKind.GUARDED_BY.value,
                NoticeKind.READY.value,
                NoticeKind.COPY_GONE.value,
                NoticeKind.NEWS_BY.value,
            ]
        ).order_by("created_at")
        return [_notice(row) for row in rows if str(person_id) in (row.person_ids or [])]

    async def gone_of(self, person_id: UUID) -> list[Notice]:
        rows = await ForgetNotice.filter(
            kind=NoticeKind.SENDING.value, said__contains={"gone": {"of": str(person_id)}}
        ).order_by("created_at")
        return [_notice(row) for row in rows]

    async def news_of(self, person_id: UUID) -> list[Notice]:
        rows = await ForgetNotice.filter(
            kind=NoticeKind.NEWS_BY.value, said__contains={"of": str(person_id)}
        ).order_by("created_at")
        return [_notice(row) for row in rows]

    async def told_by(self, user_id: int) -> list[Notice]:
        rows = await ForgetNotice.filter(
            kind__in=[
                NoticeKind.COPY_GONE.value,
                NoticeKind.GUARDIAN.value,
                NoticeKind.FACES_FORGOTTEN.value,
            ],
            said__isnull=False,
        ).order_by("created_at")
        return [_notice(row) for row in rows if _told_by(row) == user_id]

    async def first_name(self, user_id: int) -> str | None:
        participant = await Participant.get_or_none(telegram_user_id=user_id)
        return None if participant is None else participant.first_name

    async def invite_expiry(self, invite_id: UUID) -> datetime | None:
        invite = await GuardianInvite.get_or_none(id=invite_id).only("id", "expires_at")
        return None if invite is None else invite.expires_at

    async def group_title(self, group_id: UUID) -> str | None:
        group = await Group.get_or_none(id=group_id).only("id", "title")
        return None if group is None else group.title

    async def group_keep(self, group_id: UUID) -> tuple[str, int | None] | None:
        group = await Group.get_or_none(id=group_id).only("id", "title", "retention_days")
        return None if group is None else (group.title, group.retention_days)

    async def in_chat(self, chat_id: int) -> list[Notice]:
        rows = await ForgetNotice.filter(chat_id=chat_id).order_by("created_at")
        return [_notice(row) for row in rows]

    async def of_group(self, group_id: UUID, kind: NoticeKind) -> list[Notice]:
        rows = await ForgetNotice.filter(group_id=group_id, kind=kind.value).order_by("created_at")
        return [_notice(row) for row in rows]

    async def in_members_chats(self, group_id: UUID, kinds: Collection[NoticeKind]) -> list[Notice]:
        values = [kind.value for kind in kinds]
        chats = set(
            await Membership.filter(group_id=group_id).values_list(
                "participant__telegram_user_id", flat=True
            )
        )
        chats |= set(
            await ForgetNotice.filter(group_id=group_id, kind__in=values).values_list(
                "chat_id", flat=True
            )
        )
        rows = await ForgetNotice.filter(chat_id__in=chats, kind__in=values).order_by("created_at")
        return [_notice(row) for row in rows]

    async def invites_made(self, person_id: UUID) -> list[InviteMade]:
        now = datetime.now(UTC)
        invites = (
            await GuardianInvite.filter(person_id=person_id, message_id__isnull=False)
            .exclude(invited_by_id=None)
            .order_by("created_at")
            .prefetch_related("invited_by", "used_by")
        )
        guards = {
            str(p)
            for p in await Guardianship.filter(person_id=person_id).values_list(
                "participant_id", flat=True
            )
        }
        return [
            InviteMade(
                int(invite.invited_by.telegram_user_id),
                int(invite.message_id),
                # Used by one who deleted their data since: "", their name went with it.
                (invite.used_by.first_name or "?")
                if invite.used_by is not None
                else ("" if invite.used_at is not None else None),
                invite.expires_at if invite.used_at is None and invite.expires_at < now else None,
                str(invite.invited_by.id) not in guards,
            )
            for invite in invites
            if invite.message_id is not None and invite.invited_by is not None
        ]

    async def guardian_chats(self, person_id: UUID) -> set[int]:
        users = await Guardianship.filter(person_id=person_id).values_list(
            "participant__telegram_user_id", flat=True
        )
        return {int(str(u)) for u in users if u is not None}

    async def guards_anyone(self, user_id: int) -> bool:
        return await Guardianship.filter(participant__telegram_user_id=user_id).exists()


def _notice(row: ForgetNotice) -> Notice:
    """Where a message a /forget (or a rename, a deletion) must make true is, as stored."""
    return Notice(
        row.chat_id,
        row.message_id,
        row.about_user_id,
        NoticeKind(row.kind),
        tuple(UUID(p) for p in row.person_ids or []),
        UUID(str(row.invite_id)) if row.invite_id is not None else None,
        InviteEnd(row.ended) if row.ended else None,
        row.group_id,
        row.faceless,
        Tally(*said["count"]) if (said := row.said) and said.get("count") else None,
        tuple(said.get("times", ())) if said else (),
        row.said if row.said and row.kind != NoticeKind.UNLIKE.value else None,
        bool(said and said.get("keeps")),
    )


def _told_by(row: ForgetNotice) -> int | None:
    """Who did what a ``COPY_GONE``, ``FACES_FORGOTTEN`` or ``GUARDIAN`` notice tells of,
    by Telegram id."""
    said = row.said or {}
    if row.kind == NoticeKind.GUARDIAN.value:
        first = said.get("first")
        said = first if isinstance(first, dict) else {}
    by = said.get("by")
    return int(by) if by is not None else None


def _said_of(notice: Notice) -> dict[str, Any] | None:
    """What an ``UNLIKE`` notice's verdict says (its count, a clip's times), or that a
    ``SENDING`` one said its group's keep, as stored."""
    if notice.count is None:
        said = dict(notice.shown) if notice.shown is not None else {}
        if notice.keeps:
            said["keeps"] = True
        return said or None
    count = notice.count
    return {"count": [count.photos, count.views, count.clips], "times": list(notice.times)}


async def mark_merged_away(person_id: UUID) -> None:
    """The record of a person merged into another is about to be dropped (no one guards
    it): its changes keep that it went so, not deleted (/history: ``Persons.history``)."""
    for event in await AssignmentEvent.filter(
        Q(from_person_id=person_id) | Q(to_person_id=person_id)
    ):
        details = dict(event.details or {})
        if event.from_person_id == person_id:  # type: ignore[attr-defined]
            details[FROM_MERGED_AWAY] = True
        if event.to_person_id == person_id:  # type: ignore[attr-defined]
            details[TO_MERGED_AWAY] = True
        event.details = details
        await event.save(update_fields=["details"])


async def _invites_said(**where: Any) -> list[tuple[int, InviteSaid]]:
    """The messages that hand the co-guardian invitations ``where`` picks, or say who used
    them, each with its chat (its inviter's, while the inviter is kept)."""
    invites = (
        await GuardianInvite.filter(message_id__isnull=False, invited_by_id__isnull=False, **where)
        .order_by("created_at")
        .prefetch_related("person", "invited_by", "used_by")
    )
    seats = await Guardianship.filter(
        person_id__in=list({invite.person.id for invite in invites})
    ).values_list("person_id", "participant_id")
    guards = {(str(person), str(participant)) for person, participant in seats}
    return [
        (
            int(invite.invited_by.telegram_user_id),
            InviteSaid(
                int(invite.message_id),
                invite.person.name,
                (invite.used_by.first_name or "?") if invite.used_by is not None else "",
                invite.used_at is not None,
                (str(invite.person.id), str(invite.invited_by.id)) not in guards,
            ),
        )
        for invite in invites
        if invite.message_id is not None and invite.invited_by is not None
    ]
