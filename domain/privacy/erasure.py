"""Deleting biometric data: a person's faces (keeping the person), a whole person,
or everything about a participant.

Order matters, so that nothing reaches anyone after the deletion is confirmed:
the person stops being matched and delivered first (status DELETING, checked
atomically when a delivery is claimed), sends already under way are waited
for, then Qdrant and the blobs are cleared and Postgres last (so that until the
end Postgres still knows what to delete), and only then is the guardian told.
Each step can run again: a failure part way is retried.

A deleted person takes with it the persons merged into it; the faces only
suggested for it stay as unknown faces without their crops. The audit keeps
what happened but no name: notes name no one (older notes that did are
rewritten), and a forgotten participant's events name the actor
``participant:deleted``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from uuid import UUID

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from domain.blobs import BlobStore
from domain.claims import sheets as claim_sheets
from domain.claims.service import scrub_names
from domain.delivery.copies import Copies
from domain.delivery.stores import SentCopy
from domain.enrollment.service import person_blob_prefix
from domain.infra.models import (
    Approval,
    AssignmentEvent,
    Claim,
    ClaimSheet,
    ConsentRecord,
    Delivery,
    EarlierPhotos,
    EnrollmentPhoto,
    Face,
    FaceSyncRequest,
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
from domain.jobs import requests
from domain.languages.catalogs import in_language
from domain.languages.chats import language_of, language_of_user
from domain.moderation.approvals import Approvals
from domain.moderation.audit_view import AuditView
from domain.onboarding.service import TERMS_VERSION
from domain.privacy import texts
from domain.recognition.assignments import (
    FORGOTTEN_ACTOR,
    SYSTEM,
    Actor,
    merged_into,
    record,
    scrub_notes,
)
from domain.recognition.face_index import FaceFilter, FaceIndex
from domain.retry import TryAgainLater
from domain.states import (
    ApprovalKind,
    ApprovalStatus,
    AssignmentOperation,
    ConsentKind,
    DeliveryStatus,
    ModerationAction,
    PersonStatus,
    RequestKind,
    SuggestionStatus,
)
from domain.telegram import (
    ChatUnavailable,
    Messenger,
    RecipientUnreachable,
    TelegramUnavailable,
)

log = logging.getLogger(__name__)
APPROVAL_ACTIONS = (ModerationAction.APPROVED, ModerationAction.REJECTED)
BAN_ACTIONS = (ModerationAction.BANNED, ModerationAction.UNBANNED)


async def _scrub_moderation(*, person_ids: Sequence[UUID] = (), user_id: int | None = None) -> None:
    """The organizers' audit keeps what they did, not the names: approvals of these persons
    name no one (events written before they stopped naming anyone did), and the user's
    bans keep their Telegram id only; what they did as an organizer keeps no name either.
    Inside the caller's transaction."""
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
                await ModerationEvent.filter(id=event.id).update(subject=f"user {user_id}")
        await ModerationEvent.filter(actor_user_id=user_id).update(actor_name="")


@dataclass(frozen=True, slots=True)
class Erased:
    faces: int
    blobs: int
    # The delivered copies of its photos still in chats: shown as they are now (their
    # "Not Alice?" buttons gone) once the guardians were told (``show_as_now``).
    copies: list[SentCopy] = field(default_factory=list)


class Erasure:
    def __init__(
        self,
        index: FaceIndex,
        blobs: BlobStore,
        messenger: Messenger,
        copies: Copies,
        *,
        in_flight_wait: timedelta,
        audits: AuditView,
        approvals: Approvals,
    ) -> None:
        """``copies``: the copies of the photos in guardians' chats, kept true; ``audits``:
        every /audit still shown names no one forgotten."""
        self._index = index
        self._audits = audits
        self._approvals = approvals  # the cards naming what is erased, withdrawn
        self._blobs = blobs
        self._messenger = messenger
        self._copies = copies
        self._in_flight_wait = in_flight_wait

    async def _tell(
        self, user_id: int | None, say: Callable[[], str], language: str | None = None
    ) -> None:
        """Send ``say()``, made in the user's language (``language``: for one forgotten)."""
        if user_id is None:
            return
        with in_language(language or await language_of_user(user_id)):
            text = say()
        try:
            await self._messenger.send_text(user_id, text)
        except (RecipientUnreachable, ChatUnavailable):
            log.info("could not tell user %s: %s", user_id, text)

    async def _stop_deliveries(self, person_id: UUID) -> None:
        """Wait for the sends under way that involve the person.

        No new one starts: a delivery is claimed only while one of the recipient's
        persons in the photo is ACTIVE, and this person is DELETING by now.
        """
        open_ids = await Delivery.filter(
            status__in=(DeliveryStatus.PENDING, DeliveryStatus.SENDING),
            photo__faces__person_id=person_id,
        ).values_list("id", flat=True)
        async with in_transaction():
            # A claim that started before DELETING was visible holds its row until it
            # commits: locking the rows waits for it, so the poll below sees it.
            await Delivery.select_for_update().filter(id__in=list(open_ids))
        deadline = datetime.now(UTC) + self._in_flight_wait
        while await Delivery.filter(
            status=DeliveryStatus.SENDING, photo__faces__person_id=person_id
        ).exists():
            if datetime.now(UTC) > deadline:
                log.warning(
                    "person %s: sends still under way after %s; deleting anyway",
                    person_id,
                    self._in_flight_wait,
                )
                return
            await asyncio.sleep(0.2)

    async def erase_person(
        self, person_id: UUID, *, keep_person: bool, actor: Actor = SYSTEM
    ) -> Erased | None:
        """Delete every face, embedding, prototype, suggestion and crop of the person and of
        the persons merged into it; the person itself too unless ``keep_person`` (then it
        can be enrolled again), and then the merged persons' rows with it. Faces that were
        only suggested for them stay, as unknown faces, without their crops."""
        person = await Person.get_or_none(id=person_id)
        if person is None:
            return None
        # Not matched or delivered from now on. A person being deleted says so (the
        # reconcile cron finishes the deletion if this run dies); one losing its faces
        # goes back to enrollment.
        paused_status = PersonStatus.NEEDS_PHOTOS if keep_person else PersonStatus.DELETING
        await Person.filter(id=person_id).update(status=paused_status)
        await self._stop_deliveries(person_id)

        merged = await merged_into(person_id)
        person_ids = [person_id, *merged]
        # The copies of its photos in chats: their "Not Alice?" buttons go at the end.
        copies = await self._copies.in_chats(person_ids=person_ids)
        if not keep_person:
            # Its approval cards and records in admin chats name it (and show its face).
            await self._approvals.persons_deleted(person_ids)
        faces = await Face.filter(person_id__in=person_ids)
        face_ids = [face.id for face in faces]
        suggested = (
            await Face.filter(suggestions__person_id__in=person_ids)
            .exclude(id__in=face_ids)
            .distinct()
        )
        # A crop another person's guardians are still being asked about stays for them.
        still_asked = set(
            await Suggestion.filter(
                face_id__in=[face.id for face in suggested], status=SuggestionStatus.PENDING
            )
            .exclude(person_id__in=person_ids)
            .values_list("face_id", flat=True)
        )
        cleared = [face for face in suggested if face.id not in still_asked and face.crop_key]
        # Its earlier photos offered ("I found 3 earlier photos of Sara") and sheets of
        # look-alikes name it: their messages go, and a sheet's crops with them.
        offers = await EarlierPhotos.filter(person_id__in=person_ids)
        for offer in offers:
            for chat_id, message_id in offer.sent_to or []:
                try:
                    await self._messenger.delete_message(chat_id, message_id)
                except TelegramUnavailable as error:
                    raise TryAgainLater(error.retry_after or 5) from None
        on_sheets = {UUID(face) for offer in offers if offer.sheet for face in offer.face_ids}
        still_asked |= set(
            await Suggestion.filter(face_id__in=list(on_sheets), status=SuggestionStatus.PENDING)
            .exclude(person_id__in=person_ids)
            .values_list("face_id", flat=True)
        )
        cleared += await Face.filter(
            id__in=[f for f in on_sheets if f not in still_asked], crop_key__isnull=False
        ).exclude(id__in=[face.id for face in (*faces, *cleared)])
        crop_keys = [face.crop_key for face in (*faces, *cleared) if face.crop_key]
        # Qdrant and the blobs first, Postgres last: until the very end Postgres still
        # knows what to delete, so a run that fails part way is simply run again.
        try:
            await self._index.delete(FaceFilter(person_ids=person_ids))
            await self._index.delete(FaceFilter(face_ids=face_ids))
        except Exception as error:  # the Qdrant client raises many types; retry the whole step
            log.warning("person %s: Qdrant deletion failed (%s); will retry", person_id, error)
            raise TryAgainLater(5) from error
        removed = 0
        for each in person_ids:
            removed += await self._blobs.delete_prefix(person_blob_prefix(each))
        for key in crop_keys:
            await self._blobs.delete(key)
        async with in_transaction():
            if faces:
                await record(
                    AssignmentOperation.REMOVE,
                    actor,
                    faces,
                    from_person=person_id,
                    to_person=None,
                    note="faces deleted" if keep_person else "person deleted",
                )
            await Face.filter(id__in=[face.id for face in cleared]).update(crop_key=None)
            await Suggestion.filter(person_id__in=person_ids).delete()
            await EarlierPhotos.filter(person_id__in=person_ids).delete()
            await EnrollmentPhoto.filter(person_id__in=person_ids).delete()
            await Prototype.filter(person_id__in=person_ids).delete()
            await Face.filter(id__in=face_ids).delete()
            await FaceSyncRequest.filter(face_id__in=face_ids).delete()
            if keep_person:
                await Person.filter(id=person_id).update(
                    status=PersonStatus.NEEDS_PHOTOS, cover_face_id=None
                )
            else:
                # Their names leave the audit with them: notes are rewritten, and the
                # events' links to them are cleared by the database.
                await scrub_notes(person_ids=person_ids)
                await _scrub_moderation(person_ids=person_ids)
                await scrub_names(person_ids)  # a claimed person: the naming's audit
                await Person.filter(id__in=merged).delete()
                await Person.filter(id=person_id).delete()
        if keep_person:
            # No approval card shows its face any more.
            await self._approvals.faces_forgotten(person_id)
        log.info(
            "person %s: %d faces and %d blobs erased%s",
            person_id,
            len(face_ids),
            removed + len(crop_keys),
            "" if keep_person else f", person deleted with {len(merged)} merged into it",
        )
        return Erased(faces=len(face_ids), blobs=removed + len(crop_keys), copies=copies)

    async def _drop_merged_record(self, person: Person) -> None:
        """A merged person no one guards any more, whose faces now belong to the person it
        was merged into (who stays): the record and its leftovers go, its old faces stay.

        Its cover crop goes too: a person keeps one cover, and the one it was merged into
        has its own."""
        prefix = person_blob_prefix(person.id)
        for key in await self._blobs.keys(prefix):
            await self._blobs.delete(key)
        async with in_transaction():
            await Face.filter(crop_key__startswith=prefix).update(crop_key=None)
            await scrub_notes(person_ids=[person.id])
            await Person.filter(id=person.id, status=PersonStatus.MERGED).delete()

    async def _actor(self, participant_id: UUID | None, user_id: int | None = None) -> Actor:
        """Who asked, for the audit: the participant, or the system."""
        participant = await Participant.get_or_none(id=participant_id) if participant_id else None
        if participant is None and user_id is not None:
            participant = await Participant.get_or_none(telegram_user_id=user_id)
        return Actor.participant(participant) if participant else SYSTEM

    async def forget_faces(self, person_id: UUID, requested_by: UUID | None) -> None:
        """Seed 000 D.II: every face of the person goes; name, guardians and settings stay.

        Done once per request (``domain.jobs.requests``): run again, it finds nothing to do and
        tells no one twice. (``requested_by`` comes only with jobs queued before requests
        were rows.)"""
        asked = await requests.pending(RequestKind.FORGET_FACES, person_id)
        person = await Person.get_or_none(id=person_id)
        if person is None or (not asked and requested_by is None):
            await requests.done(asked)
            return
        actor = await self._actor(requested_by, requests.requester(asked))
        erased = await self.erase_person(person_id, keep_person=True, actor=actor)
        await requests.done(asked)
        for user_id in await self._guardian_chats(person_id):
            await self._tell(user_id, lambda: texts.faces_forgotten(person.name))
        await self._copies.show_as_now(erased.copies if erased else [])

    async def delete_person(self, person_id: UUID, requested_by: UUID | None) -> None:
        """Seed 000 D.I: the person and everything about it."""
        asked = await requests.pending(RequestKind.DELETE_PERSON, person_id)
        person = await Person.get_or_none(id=person_id)
        if person is None:
            await requests.done(asked)  # deleted already, and said so
            return
        requester = requests.requester(asked)
        if requester is None and requested_by is not None:
            participant = await Participant.get_or_none(id=requested_by)
            requester = participant.telegram_user_id if participant else None
        guardians = await self._guardian_chats(person_id)
        if requester is not None and not guardians:
            guardians = [requester]
        actor = await self._actor(requested_by, requester)
        erased = await self.erase_person(person_id, keep_person=False, actor=actor)
        await requests.done(asked)
        for user_id in guardians:
            await self._tell(user_id, lambda: texts.person_deleted(person.name))
        await self._copies.show_as_now(erased.copies if erased else [])

    @staticmethod
    async def _guardian_chats(person_id: UUID) -> list[int]:
        guardians = await Participant.filter(guardianships__person_id=person_id)
        return [guardian.telegram_user_id for guardian in guardians]

    async def forget_participant(self, user_id: int) -> None:
        """``/forget``: everything about the participant; persons left without a guardian go too.

        A consent record of the deletion is kept (who, when; nothing biometric). The audit
        keeps what happened but not who: the participant's events name a tombstone actor,
        and no note keeps a name they typed. Their photos no longer say who posted them, nor
        keep the captions they wrote.
        """
        asked = await requests.pending(RequestKind.FORGET_PARTICIPANT, user_id)
        participant = await Participant.get_or_none(telegram_user_id=user_id)
        if not asked and participant is None:
            return  # forgotten already, and told so (this job ran before)
        await Photo.filter(posted_by_user_id=user_id).update(
            posted_by_user_id=None, caption=None, caption_entities=None
        )
        # The copies in their chat: their "Not Alice?" buttons go once they are forgotten.
        copies = await self._copies.in_chats(participant_id=participant.id) if participant else []
        # Their albums' "Not Alice? (photo n)" messages: none applies once they are gone.
        notes = await self._copies.album_notes.in_chat_of(participant.id) if participant else []
        if participant is None:
            async with in_transaction():
                await requests.forget_requester(user_id)
                await requests.done(asked)
            await self._tell(user_id, texts.forgotten)
            return
        language = language_of(participant.language, participant.language_code)
        actor = Actor.participant(participant)
        # The groups whose /audit may name them (a member once, or banned): refreshed after.
        audited = {
            *await Membership.filter(participant=participant).values_list("group_id", flat=True),
            *await GroupBan.filter(telegram_user_id=user_id).values_list("group_id", flat=True),
        }
        # Their approvals stay with the persons (the decision is the group's about the
        # person): shown again without their name once they are gone.
        their_approvals = [
            a.id for a in await Approval.filter(participant=participant, kind=ApprovalKind.PERSON)
        ]
        # Those about them as a co-guardian go with them (nothing is left to decide): their
        # cards first.
        as_guardian = await Approval.filter(participant=participant, kind=ApprovalKind.GUARDIAN)
        # So do their claims still waiting for the organizers (the named child stays
        # unclaimed, its link spent), and the sheets of faces shown in their chat.
        as_guardian += await Approval.filter(
            participant=participant, kind=ApprovalKind.CLAIM, status=ApprovalStatus.PENDING
        )
        await self._approvals.withdraw([approval.id for approval in as_guardian])
        await claim_sheets.drop(self._messenger, await ClaimSheet.filter(chat_id=user_id))
        guarded: list[UUID] = [
            g.person_id  # type: ignore[attr-defined]
            for g in await Guardianship.filter(participant=participant)
        ]
        # Merged persons last: most go with the person they were merged into.
        guardianships = sorted(
            await Guardianship.filter(participant=participant).prefetch_related("person"),
            key=lambda g: g.person.status == PersonStatus.MERGED,
        )
        for guardianship in guardianships:
            person = await Person.get_or_none(id=guardianship.person.id)
            if person is None or not await Guardianship.exists(id=guardianship.id):
                continue  # deleted with a person it was merged into
            others = (
                await Guardianship.filter(person_id=person.id)
                .exclude(participant=participant)
                .exists()
            )
            if others:
                # The person stays with its other guardians; what this participant typed
                # about it in the audit does not.
                async with in_transaction():
                    await scrub_notes(person_ids=[person.id, *await merged_into(person.id)])
                    await guardianship.delete()
            elif person.status == PersonStatus.MERGED and person.merged_into_id is not None:  # type: ignore[attr-defined]
                await self._drop_merged_record(person)
            else:
                erased = await self.erase_person(person.id, keep_person=False, actor=actor)
                copies += erased.copies if erased else []
        async with in_transaction():
            await scrub_notes(actor_participant=participant.id)
            await _scrub_moderation(person_ids=guarded, user_id=user_id)
            await AssignmentEvent.filter(
                Q(actor_participant_id=participant.id) | Q(actor=actor.label)
            ).update(actor=FORGOTTEN_ACTOR, actor_participant_id=None)
            await GuardianInvite.filter(invited_by=participant, used_at=None).delete()
            waiting = await Claim.filter(
                used_by=participant, person__status=PersonStatus.UNCLAIMED
            ).values_list("id", flat=True)
            await Claim.filter(id__in=list(waiting)).update(
                used_at=None, used_by_id=None, code_hash=None, expires_at=None, one_by_one=False
            )
            # The offers of earlier photos their co-guardians keep no longer say it went to them.
            for offer in await EarlierPhotos.filter(person_id__in=guarded):
                kept = [pair for pair in offer.sent_to or [] if pair[0] != user_id]
                if kept != (offer.sent_to or []):
                    await EarlierPhotos.filter(id=offer.id).update(sent_to=kept)
            await Approval.filter(id__in=[a.id for a in as_guardian]).delete()
            await ConsentRecord.create(
                participant=participant,
                telegram_user_id=user_id,
                kind=ConsentKind.DATA_DELETED,
                terms_version=TERMS_VERSION,
            )
            await participant.delete()
            # Their requests no longer say who asked; this one is done with the deletion.
            await requests.forget_requester(user_id)
            await requests.done(asked)
        log.info("participant %s forgotten", participant.id)
        await self._approvals.guardian_forgotten(their_approvals)
        await self._tell(user_id, texts.forgotten, language)
        # Every /audit still shown in those groups' admin chats: without their name now.
        await self._audits.refresh_shown(self._messenger, [UUID(str(g)) for g in audited])
        await self._copies.show_as_now(
            list({(c.chat_id, c.message_id): c for c in copies}.values())
        )
        await self._copies.album_notes.drop(notes)
