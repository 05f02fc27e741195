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
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from uuid import UUID

from domain.claims.unclaimed import scrub_names
from domain.corrections import texts as corrections_texts
from domain.corrections.menus import CorrectionMenus
from domain.corrections.stores import OpenMenu
from domain.delivery.purge import Purge
from domain.delivery.stores import SentCopy
from domain.enrollment.service import Closing, person_blob_prefix, unwarned
from domain.enrollment.stores import EnrollmentStore
from domain.events import (
    EventBus,
    GuardianForgotten,
    ParticipantForgotten,
    PersonDeleted,
    PersonFacesErased,
    history_changed,
)
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue
from domain.languages.catalogs import in_language
from domain.languages.chats import language_of, language_of_user, speaking_to
from domain.moderation.approval_rules import Withdrawn
from domain.moderation.approvals import Approvals
from domain.moderation.audit_view import AuditView
from domain.onboarding.service import TERMS_VERSION
from domain.persons import texts as persons_texts
from domain.persons.answers import CorrectionAnswers, Deleted
from domain.privacy import texts
from domain.privacy.notices import Notices
from domain.privacy.stores import (
    Asked,
    Erasing,
    ErasureStore,
    Forgetting,
    InviteSaid,
    KeptFace,
    MergeSaid,
    Shown,
)
from domain.recognition.assignments import SYSTEM, Actor
from domain.recognition.face_index import FaceFilter
from domain.recognition.service import crop_blobs
from domain.retry import TryAgainLater
from domain.states import FirstSaid, PersonStatus, RequestKind
from domain.telegram import (
    ChatUnavailable,
    Deletion,
    Edit,
    RecipientUnreachable,
    TelegramUnavailable,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Erased:
    faces: int
    blobs: int
    # The delivered copies of its photos still in chats: shown as they are now (their
    # "Not Alice?" buttons gone) once the guardians were told (``show_as_now``).
    copies: list[SentCopy] = field(default_factory=list)
    # The "What's wrong with this photo of Alice?" menus still open about its faces: closed
    # once the guardians were told.
    menus: list[OpenMenu] = field(default_factory=list)
    # The questions still open about it ("Is this Alice?"), and the offers and sheets naming
    # it that Telegram refused to delete (older than 48 hours): closed once the guardians
    # were told, saying who deleted what (findings18 3: they stayed whole, with buttons).
    questions: list[tuple[int, int]] = field(default_factory=list)
    # The other questions of its sibling pairs, one person's question now, owed to the
    # guardians of both whose pair's question ("Is this Ally or Alice?") is closed:
    # (question id, participant id), asked once that question says why it closed.
    owed: list[tuple[UUID, UUID]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Belongings:
    """What erasing a person takes: its faces (and those of the persons merged into it),
    the crops of faces only suggested for them or shown on their sheets that nobody else is
    asked about, and the offers and sheets that name them."""

    faces: list[KeptFace]
    cleared: list[KeptFace]
    shown: list[Shown]

    @property
    def crop_keys(self) -> list[str]:
        return [face.crop_key for face in (*self.faces, *self.cleared) if face.crop_key]


class Erasure:
    def __init__(
        self,
        purge: Purge,
        store: ErasureStore,
        *,
        audits: AuditView,
        approvals: Approvals,
        events: EventBus,
        language_of: Callable[[int], Awaitable[str]] = language_of_user,
        unclaimed_names: Callable[[list[UUID]], Awaitable[None]] = scrub_names,
        answers: CorrectionAnswers | None = None,
        menus: CorrectionMenus | None = None,
        jobs: JobQueue | None = None,
        notices: Notices | None = None,
        enrollment: EnrollmentStore | None = None,
        claim_links_said: Callable[[list[UUID], int], Awaitable[None]] | None = None,
    ) -> None:
        """``purge``: where the person's faces and the copies of their photos are (those
        copies kept true); ``audits``:
        every /audit still shown names no one forgotten; ``approvals``: the organizers'
        cards about a person or a participant that go with them; ``events`` tells the
        capabilities that show a forgotten participant something (``ParticipantForgotten``);
        ``language_of`` (a user's, as stored) and ``unclaimed_names`` (scrubbing a deleted
        unclaimed person's name from the organizers' audit, inside the erasure's
        transaction) are given by a test that has neither languages' nor claims' store;
        ``answers``: the corrections' messages, whose Undo the faces' going ends;
        ``menus``: the open "What's wrong with this photo?" menus, closed with the faces;
        ``jobs``: asks the other child of a sibling pair's question closed (``Erased.owed``);
        ``enrollment``: the persons' session photos, whose verdicts that warned a face is
        unlike the others lose their instruction with the faces (``_unwarn``);
        ``claim_links_said``: the admin chats' "A claim link … was sent to Olga" of these
        groups, said again without the name of this forgotten organizer (Telegram id)."""
        self._index = purge.index
        self._blobs = purge.blobs
        self._messenger = purge.messenger
        self._copies = purge.copies
        self._store = store
        self._in_flight_wait = purge.in_flight_wait
        self._audits = audits
        self._approvals = approvals
        self._events = events
        self._language_of = language_of
        self._unclaimed_names = unclaimed_names
        self._answers = answers
        self._menus = menus
        self._jobs = jobs
        # The messages a /forget leaves untrue (a guardian's notices, /export documents).
        self._notices = notices
        self._enrollment = enrollment
        self._claim_links_said = claim_links_said

    async def _tell(
        self, user_id: int | None, say: Callable[[], str], language: str | None = None
    ) -> int | None:
        """Send ``say()``, made in the user's language (``language``: for one forgotten);
        the message's id (None: not sent)."""
        if user_id is None:
            return None
        with in_language(language or await self._language_of(user_id)):
            text = say()
        try:
            return await self._messenger.send_text(user_id, text)
        except (RecipientUnreachable, ChatUnavailable):
            log.info("could not tell user %s: %s", user_id, text)
            return None

    async def _said_done(
        self,
        asked: Asked,
        say: Callable[[], str],
        language: str | None = None,
        *,
        told: bool = False,
    ) -> None:
        """The messages that said the work was under way ("I'll confirm when it's done")
        say it is done: they stayed as they were, under the confirmation that followed.
        One its reader deleted meanwhile: ``say()`` comes as a new message, the only word
        they read that it was done, unless ``told`` (a message of its own said it already).
        ``language``: as ``_tell``'s."""
        for chat_id, message_id in asked.said:
            with in_language(language or await self._language_of(chat_id)):
                text = say()
            try:
                edit = await self._messenger.replace_text(chat_id, message_id, text)
            except TelegramUnavailable as error:  # the work is done; only this edit is lost
                log.info("could not edit message %s in %s: %s", message_id, chat_id, error)
                continue
            if edit == Edit.GONE and not told:
                await self._tell(chat_id, say, language)

    async def _stop_deliveries(self, person_id: UUID) -> None:
        """Wait for the sends under way that involve the person.

        No new one starts: a delivery is claimed only while one of the recipient's
        persons in the photo is ACTIVE, and this person is no longer by now.
        """
        # A claim that started before the status changed is waited for, so that the poll
        # below sees it.
        await self._store.wait_for_claims(person_id)
        deadline = datetime.now(UTC) + self._in_flight_wait
        while await self._store.sending(person_id):
            if datetime.now(UTC) > deadline:
                log.warning(
                    "person %s: sends still under way after %s; deleting anyway",
                    person_id,
                    self._in_flight_wait,
                )
                return
            await asyncio.sleep(0.2)

    async def _belongings(self, person_ids: list[UUID]) -> Belongings:
        """What goes with these persons. A crop another person's guardians are still being
        asked about stays for them."""
        faces = await self._store.faces_of(person_ids)
        theirs = {face.id for face in faces}
        suggested = [
            face for face in await self._store.suggested(person_ids) if face.id not in theirs
        ]
        still_asked = await self._store.asked_elsewhere([face.id for face in suggested], person_ids)
        cleared = [face for face in suggested if face.id not in still_asked and face.crop_key]
        # Its earlier photos offered ("I found 3 earlier photos of Sara") and sheets of
        # look-alikes name it: their messages go, and a sheet's crops with them.
        shown = await self._store.shown(person_ids)
        on_sheets = list(dict.fromkeys(face for each in shown for face in each.face_ids))
        still_asked |= await self._store.asked_elsewhere(on_sheets, person_ids)
        going = theirs | {face.id for face in cleared}
        cleared += [
            face
            for face in await self._store.crops([f for f in on_sheets if f not in still_asked])
            if face.id not in going
        ]
        return Belongings(faces, cleared, shown)

    async def _unsend(self, shown: list[Shown]) -> list[tuple[int, int]]:
        """The messages of the offers and sheets that name the person go; those Telegram
        refuses to delete (older than 48 hours) are returned, to be closed."""
        refused: list[tuple[int, int]] = []
        for each in shown:
            for chat_id, message_id in each.sent_to:
                try:
                    deleted = await self._messenger.delete_message(chat_id, message_id)
                except TelegramUnavailable as error:
                    raise TryAgainLater(error.retry_after or 5) from None
                if deleted == Deletion.REFUSED:
                    refused.append((chat_id, message_id))
        return refused

    async def _close_questions(
        self,
        questions: list[tuple[int, int]],
        name: str,
        who: str | None,
        requester: int | None,
        *,
        faces_only: bool,
        person_id: UUID | None = None,
    ) -> None:
        """Each question taken (``Erased.questions``) loses its picture and buttons and says,
        in its reader's language, who deleted the person (or its faces). Best effort: one
        Telegram cannot edit stays, and its buttons answer that it no longer applies."""
        for chat_id, message_id in questions:
            with in_language(await self._language_of(chat_id)):
                said = persons_texts.deleted_here(
                    name, who, you=chat_id == requester, faces_only=faces_only
                )
            try:
                await self._messenger.blank_photo(chat_id, message_id, said)
            except TelegramUnavailable as error:
                log.info("question %s in chat %s left as it was: %s", message_id, chat_id, error)
                continue
            if who and requester is not None and chat_id != requester and self._notices is not None:
                # "Ann deleted Alice.": without her name at her /forget (issue 32).
                await self._notices.deleted_here(
                    chat_id, message_id, requester, name, faces_only=faces_only, person_id=person_id
                )

    async def _ask_owed(self, owed: list[tuple[UUID, UUID]]) -> None:
        """The other child of each sibling pair's question just closed is asked about alone
        (``SuggestionSender.send_one``: still open, still theirs, not in their chat)."""
        if self._jobs is None:
            return
        for suggestion_id, participant_id in owed:
            await self._jobs.enqueue(
                job_names.ASK_ONE,
                str(suggestion_id),
                str(participant_id),
                # as ``corrections.batches.ask_one_job_id``
                job_id=f"{job_names.ASK_ONE}:{suggestion_id}:{participant_id}",
            )

    async def _warned(self, person_ids: list[UUID]) -> list[Closing]:
        """The persons' enrollment verdicts that warned a face is unlike the others and
        pointed to the card's "Forget faces" (read before the erasure deletes them)."""
        if self._enrollment is None:
            return []
        warned: list[Closing] = []
        for each in person_ids:
            photos = await self._enrollment.session(each)
            name = await self._store.person_name(each) if photos else None
            warned += unwarned(photos, name) if name is not None else ()
        return warned

    async def _unwarn(self, warned: list[Closing]) -> None:
        """Those verdicts say their count without the instruction: the faces, and maybe the
        card, are gone (walken4 7). Best effort: one Telegram cannot edit stays."""
        for verdict in warned:
            with in_language(await self._language_of(verdict.chat_id)):
                text = verdict.text()
            try:
                await self._messenger.replace_text(verdict.chat_id, verdict.message_id, text)
            except TelegramUnavailable as error:
                log.info("verdict %s left as it was: %s", verdict.message_id, error)

    async def _clear_index_and_blobs(self, person_ids: list[UUID], belongings: Belongings) -> int:
        """The embeddings and the crops go (before Postgres: until the very end Postgres
        still knows what to delete, so a run that fails part way is simply run again).
        How many blobs went."""
        try:
            await self._index.delete(FaceFilter(person_ids=person_ids))
            await self._index.delete(FaceFilter(face_ids=[face.id for face in belongings.faces]))
        except Exception as error:  # the Qdrant client raises many types; retry the whole step
            log.warning("person %s: Qdrant deletion failed (%s); will retry", person_ids[0], error)
            raise TryAgainLater(5) from error
        removed = 0
        for each in person_ids:
            removed += await self._blobs.delete_prefix(person_blob_prefix(each))
        for key in belongings.crop_keys:
            for blob in crop_blobs(key):
                await self._blobs.delete(blob)
        return removed + len(belongings.crop_keys)

    async def erase_person(
        self, person_id: UUID, *, keep_person: bool, actor: Actor = SYSTEM
    ) -> Erased | None:
        """Delete every face, embedding, prototype, suggestion and crop of the person and of
        the persons merged into it; the person itself too unless ``keep_person`` (then it
        can be enrolled again), and then the merged persons' rows with it. Faces that were
        only suggested for them stay, as unknown faces, without their crops."""
        # Not matched or delivered from now on. A person being deleted says so (the
        # reconcile cron finishes the deletion if this run dies); one losing its faces
        # goes back to enrollment.
        paused = PersonStatus.NEEDS_PHOTOS if keep_person else PersonStatus.DELETING
        if not await self._store.set_status(person_id, paused):
            return None
        await self._stop_deliveries(person_id)
        merged = await self._store.merged_into(person_id)
        person_ids = [person_id, *merged]
        # The copies of its photos in chats: their "Not Alice?" buttons go at the end.
        copies = await self._copies.in_chats(person_ids=person_ids)
        # The groups whose /audit offers to undo its rejection: no longer, once it is gone.
        rejected_in = await self._store.rejected_in(person_ids) if not keep_person else set()
        if not keep_person:
            # Its approval cards and records in admin chats name it (and show its face).
            await self._approvals.persons_deleted(person_ids)
        belongings = await self._belongings(person_ids)
        refused = await self._unsend(belongings.shown)
        # Read before the erasure deletes the suggestions.
        questions = [*await self._store.questions(person_ids), *refused]
        # ... and its enrollment photos (their verdicts' warnings: redrawn at the end).
        warned = await self._warned(person_ids)
        unlike = await self._notices.unlike_of(person_ids) if self._notices is not None else []
        names = {p: n for p in person_ids if unlike and (n := await self._store.person_name(p))}
        blobs = await self._clear_index_and_blobs(person_ids, belongings)
        face_ids = [face.id for face in belongings.faces]
        erasing = Erasing(
            person_id, merged, face_ids, [f.id for f in belongings.cleared], keep_person, actor
        )
        # Its open menus go with its faces (a cascade): taken first, closed at the end.
        menus = await self._menus.take(person_ids) if self._menus is not None else []
        async with self._store.transaction():
            owed = await self._store.part_pairs(person_ids)
            await self._store.erase(erasing)
            if not keep_person:
                await self._unclaimed_names(person_ids)  # a claimed person: the naming's audit
        if keep_person:
            # No approval card shows its face any more.
            await self._approvals.faces_forgotten(person_id)
        if face_ids:  # nor a sheet of faces (a claim's, a /whois)
            await self._events.publish(PersonFacesErased(tuple(face_ids)))
        if rejected_in:  # their Undo would only refuse now (it changed since)
            await self._audits.refresh_shown(self._messenger, sorted(rejected_in))
        await self._unwarn(warned)
        if self._notices is not None and unlike:
            await self._notices.unwarn(self._messenger, unlike, names)
        log.info(
            "person %s: %d faces and %d blobs erased%s",
            person_id,
            len(face_ids),
            blobs,
            "" if keep_person else f", person deleted with {len(merged)} merged into it",
        )
        return Erased(
            faces=len(face_ids),
            blobs=blobs,
            copies=copies,
            menus=menus,
            questions=questions,
            owed=owed,
        )

    async def _drop_merged_record(self, person_id: UUID) -> None:
        """A merged person no one guards any more, whose faces now belong to the person it
        was merged into (who stays): the record and its leftovers go, its old faces stay,
        and what the admin chats were told of its approvals.

        Its cover crop goes too: a person keeps one cover, and the one it was merged into
        has its own."""
        # Its approvals' cards and records in admin chats name it and who enrolled it
        # ("new person Cleo, enrolled by Ann"): they go with the record (findings24 11).
        # Too old to delete, they say it was merged, not deleted (findings26 5).
        await self._approvals.persons_deleted([person_id], why=Withdrawn.MERGED)
        prefix = person_blob_prefix(person_id)
        for key in await self._blobs.keys(prefix):
            await self._blobs.delete(key)
        await self._store.drop_merged_record(person_id, prefix)

    async def _actor(self, participant_id: UUID | None, user_id: int | None = None) -> Actor:
        """Who asked, for the audit: the participant, or the system."""
        return await self._store.actor(participant_id, user_id) or SYSTEM

    async def forget_faces(self, person_id: UUID, requested_by: UUID | None) -> None:
        """Seed 000 D.II: every face of the person goes; name, guardians and settings stay.

        Done once per request (``domain.jobs.requests``): run again, it finds nothing to do and
        tells no one twice. (``requested_by`` comes only with jobs queued before requests
        were rows.)"""
        asked = await self._store.asked(RequestKind.FORGET_FACES, person_id)
        name = await self._store.person_name(person_id)
        if name is None or (not asked.ids and requested_by is None):
            await self._store.close(asked)
            return
        requester = asked.by
        if requester is None and requested_by is not None:
            requester = await self._store.user_id(requested_by)
        actor = await self._actor(requested_by, requester)
        who = await self._store.first_name(requester) if requester is not None else None
        # The corrections' messages about it, read while its changes still name it (walkhe4
        # 13: "Removed this clip of Noa" kept an Undo that could only refuse).
        shown = await self._answers.shown_about([person_id]) if self._answers else []
        merges_said = await self._store.merges_said_about(person_id)
        erased = await self.erase_person(person_id, keep_person=True, actor=actor)
        await self._merges_said_faces_forgotten(merges_said)
        await self._store.close(asked)
        told = await self._tell_guardians(
            (await self._store.guardian_chats([person_id])).get(person_id, []),
            asked,
            requester,
            partial(texts.faces_forgotten, name),
            partial(texts.faces_forgotten_by, who, name) if who else None,
        )
        if self._notices is not None:
            # "… to enroll them again": said so no more once photos are added (walkhe4 9).
            for chat_id, message_id, by_other in told:
                by = requester if by_other else None
                await self._notices.faces_told(chat_id, message_id, person_id, by)
        await self._said_done(asked, lambda: texts.faces_forgotten_done(name))
        await self._copies.show_as_now(erased.copies if erased else [])
        if self._menus is not None and erased is not None:
            await self._menus.close_deleted(erased.menus, faces_only=True)
        if erased is not None:
            await self._close_questions(
                erased.questions, name, who, requester, faces_only=True, person_id=person_id
            )
            await self._ask_owed(erased.owed)
        if self._answers is not None:  # a move of its faces can't be undone now: say so
            await self._answers.close_faces_forgotten(shown, person_id, name)
            await self._answers.close_changed([person_id])
        # A /history line now (its faces deleted): the lists sent before it say so, and no
        # longer offer to undo what took a face from it (walken7 4: "Undo" of "That isn't
        # Alice" stayed, to give back a face found through the faces deleted).
        await history_changed(self._events, [person_id])
        if self._notices is not None:  # "Alice is ready. I'll send you…": nothing comes now
            await self._notices.faces_forgotten(self._messenger, person_id, name)

    async def delete_person(self, person_id: UUID, requested_by: UUID | None) -> None:
        """Seed 000 D.I: the person and everything about it."""
        asked = await self._store.asked(RequestKind.DELETE_PERSON, person_id)
        name = await self._store.person_name(person_id)
        if name is None:
            await self._store.close(asked)  # deleted already, and said so
            return
        requester = asked.by
        if requester is None and requested_by is not None:
            requester = await self._store.user_id(requested_by)
        guardians = (await self._store.guardian_chats([person_id])).get(person_id, [])
        if requester is not None and not guardians:
            guardians = [requester]
        actor = await self._actor(requested_by, requester)
        who = await self._store.first_name(requester) if requester is not None else None
        # The corrections' messages about it, read while its changes still name it.
        shown = await self._answers.shown_about([person_id]) if self._answers else []
        # Its merges' "Merged … into …" messages, read while the merges still name it.
        merges_said = await self._store.merges_said_about(person_id)
        # Its invitations' messages ("… used the link… press the card's Invite again"),
        # read while the invitations are there (they go with it).
        invites_said = await self._store.invites_said_about(person_id)
        erased = await self.erase_person(person_id, keep_person=False, actor=actor)
        await self._store.close(asked)
        told = await self._tell_guardians(
            guardians,
            asked,
            requester,
            partial(texts.person_deleted, name),
            partial(texts.person_deleted_by, who, name) if who else None,
        )
        await self._said_done(asked, lambda: texts.person_deleted_done(name))
        # The chats told of it by a message of its own ("Ann deleted Alice…"): their older
        # notices need not say it again. The requester's answer ("Deleted Alice's data.")
        # is not news: her notices say it once, as in the chats of a /forget.
        said_there = {chat_id for chat_id, _m, _by in told}
        await self._copies.show_as_now(erased.copies if erased else [])
        if self._menus is not None and erased is not None:
            await self._menus.close_deleted(erased.menus)
        if erased is not None:
            await self._close_questions(erased.questions, name, who, requester, faces_only=False)
            await self._ask_owed(erased.owed)
        if self._answers is not None:
            await self._answers.close(shown, deleted=Deleted(person_id, name))
        await self._merges_said_deleted(merges_said, name)
        await self._invites_said_deleted(invites_said, name)
        if self._notices is not None:  # "✅ Alice is approved… from now on": said in the past
            await self._notices.person_deleted(
                self._messenger, person_id, name, guardians, told=said_there
            )
            for chat_id, message_id, by_other in told:
                if by_other and requester is not None:
                    # "Ann deleted Alice: …": without her name at her /forget (issue 32).
                    await self._notices.person_deleted_by(chat_id, message_id, requester)
        # The /history lists shown to its guardians: without its changes, nor their Undo.
        await self._events.publish(PersonDeleted(person_id, tuple(guardians)))

    async def _merges_said_faces_forgotten(self, merges: list[MergeSaid]) -> None:
        """Each "Merged … into … You can undo it from the history." into the person whose
        faces were all deleted says it can't be undone now: the faces it moved went with
        them (/history refuses it since). Best effort."""
        for merge in merges:
            if merge.undone or not merge.into_it or merge.other_deleted:
                continue
            async with speaking_to(merge.chat_id):
                text = persons_texts.merge_said_faces_forgotten(merge.kept, merge.removed)
            try:
                await self._messenger.replace_text(merge.chat_id, merge.message_id, text)
            except TelegramUnavailable as error:
                log.info("merge said in %s left as it was: %s", merge.chat_id, error)

    async def _merges_said_deleted(self, merges: list[MergeSaid], name: str) -> None:
        """Each "Merged … into …" message of the deleted person says it was deleted since
        (findings25 11: "… are two persons again" stayed). Best effort."""
        for merge in merges:
            if not merge.undone and not merge.into_it:
                continue  # merged away into another, who stays: the message holds
            async with speaking_to(merge.chat_id):
                if merge.other_deleted:
                    # The other one was deleted before (its message named that one only).
                    text = persons_texts.merge_said_both_deleted(undone=merge.undone)
                else:
                    text = persons_texts.merge_said_deleted(
                        merge.kept, merge.removed, name, undone=merge.undone
                    )
            try:
                await self._messenger.replace_text(merge.chat_id, merge.message_id, text)
            except TelegramUnavailable as error:
                log.info("merge said in %s left as it was: %s", merge.chat_id, error)

    async def _tell_guardians(
        self,
        guardians: list[int],
        asked: Asked,
        requester: int | None,
        said: Callable[[], str],
        said_by: Callable[[], str] | None,
    ) -> list[tuple[int, int, bool]]:
        """What was done to a person, said once to each guardian: where "Deleting..." said
        it would confirm, that message says it is done (``_said_done``), so nothing more
        there; the requester otherwise reads ``said``; the others read who did it
        (``said_by``), not the requester's own words (``said`` when no name is known).
        Where each was told: (chat, message, whether it said who did it)."""
        confirming = {chat_id for chat_id, _message_id in asked.said}
        told: list[tuple[int, int, bool]] = []
        for user_id in guardians:
            if user_id in confirming:
                continue
            by_other = user_id != requester and said_by is not None
            message_id = await self._tell(user_id, said_by if by_other and said_by else said)
            if message_id is not None:
                told.append((user_id, message_id, by_other))
        return told

    async def forget_participant(self, user_id: int) -> None:
        """``/forget``: everything about the participant; persons left without a guardian go too.

        A consent record of the deletion is kept (who, when; nothing biometric). The audit
        keeps what happened but not who: the participant's events name a tombstone actor,
        and no note keeps a name they typed. Their photos no longer say who posted them, nor
        keep the captions they wrote.
        """
        asked = await self._store.asked(RequestKind.FORGET_PARTICIPANT, user_id)
        participant = await self._store.participant_of(user_id)
        if not asked.ids and participant is None:
            return  # forgotten already, and told so (this job ran before)
        await self._store.unname_posts(user_id)
        if participant is None:
            # An organizer who never joined as a parent (or joined and left): what they did
            # stays in the groups' audit logs, by Telegram id only.
            audited = await self._store.audited_groups(None, user_id)
            organizer = await self._store.unname_organizer(user_id)
            await self._store.forget_requests_of(user_id, asked)
            await self._tell(user_id, texts.organizer_unnamed if organizer else texts.forgotten)
            await self._said_done(asked, texts.forgotten_done, told=True)
            await self._audits.refresh_shown(self._messenger, sorted(audited))
            await self._approvals.decider_forgotten(user_id)
            await self._claim_links_unnamed(sorted(audited), user_id)
            return
        # The copies in their chat: their "Not Alice?" buttons go once they are forgotten.
        copies = await self._copies.in_chats(participant_id=participant.id)
        # Their albums' "Not Alice? (photo n)" messages: none applies once they are gone.
        notes = await self._copies.album_notes.in_chat_of(participant.id)
        # The groups whose /audit may name them (a member once, or banned): refreshed after.
        audited = await self._store.audited_groups(participant.id, user_id)
        # Their approvals of persons stay with the persons (the decision is the group's
        # about the person): shown again without their name once they are gone. Those about
        # them as a co-guardian go with them (nothing is left to decide), and so do their
        # claims still waiting for the organizers (the named child stays unclaimed, its
        # link spent): their cards first, and the sheets of faces shown in their chat.
        approvals = await self._store.approvals_of(participant.id)
        # Their "Merged Cleo into Bobby. You can undo it from the history.": no such
        # history, nor either child, is theirs any more (findings24 10). Read before the
        # audit forgets who merged.
        merges_said = await self._store.merges_said_to(participant.id, user_id)
        # Their invitations' messages ("Send this link…", "Carl used the link…: press the
        # card's Invite again"): no card, nor the invitation, is left after this.
        invites_said = await self._store.invites_said_by(participant.id)
        # The inviters' "Carl used the link I made here…" of the invitations they used: said
        # without their name once it went with their data (issue 32).
        links_used = await self._store.invites_used_by(participant.id)
        await self._approvals.withdraw(approvals.going, why=Withdrawn.FORGOTTEN)
        await self._events.publish(ParticipantForgotten(user_id))
        guarded = [g.person_id for g in await self._store.guardianships_of(participant.id)]
        # Their names as they knew them, read before those left to no one go: their older
        # notices ("Alice is ready…") say in brief whom they were about; one merged into
        # another by the name it has had since (walk36b N5: "You were a guardian of Benny.").
        known = {p: n for p in guarded if (n := await self._store.name_now(p)) is not None}
        kept: list[UUID] = []  # the persons that stay with their other guardians
        who = await self._store.first_name(user_id) or "?"
        # Of those, the persons their guardians know (no merged record), each with its new
        # owner's chat where the participant owned it.
        left: dict[UUID, int | None] = {}
        copies += await self._leave_their_persons(participant, kept, left)
        await self._store.forget(
            participant,
            guarded=guarded,
            withdrawn=approvals.going,
            asked=asked,
            terms_version=TERMS_VERSION,
        )
        log.info("participant %s forgotten", participant.id)
        await self._approvals.guardian_forgotten(approvals.of_persons)
        language = language_of(participant.language, participant.language_code)
        # What they did as an organizer stays in the audit, without their name: said so.
        organizer = await self._store.acted_as_organizer(user_id)
        await self._tell(
            user_id, texts.forgotten_organizer if organizer else texts.forgotten, language
        )
        await self._said_done(asked, texts.forgotten_done, language, told=True)
        # Every /audit still shown in those groups' admin chats: without their name now.
        await self._audits.refresh_shown(self._messenger, sorted(audited))
        # And every admin-chat message that named them reporting a ban or an undo.
        await self._audits.unname_said(self._messenger, sorted(audited), user_id)
        # And the records of the approvals and claims they decided there.
        await self._approvals.decider_forgotten(user_id)
        await self._claim_links_unnamed(sorted(audited), user_id)
        await self._copies.show_as_now(
            list({(c.chat_id, c.message_id): c for c in copies}.values())
        )
        with in_language(language):
            gone = persons_texts.shown_forgotten()
        await self._copies.album_notes.drop(notes, gone)
        with in_language(language):
            unsaid = corrections_texts.answer_forgotten()
        for message_id in merges_said:
            try:
                await self._messenger.replace_text(user_id, message_id, unsaid)
            except TelegramUnavailable as error:
                log.info("merge said in %s left as it was: %s", user_id, error)
        await self._invites_said_forgotten(user_id, invites_said, language)
        await self._links_used_unnamed(links_used)
        # Their co-guardians' cards of the persons they leave no longer name them.
        if kept:
            await self._events.publish(GuardianForgotten(tuple(kept)))
        await self._tell_left(left)
        if self._notices is not None:
            # "Carl now gets Alice's photos…", "You're now a guardian of Alice…", their
            # /export documents: said in the past, or deleted (findings24 1-2, findings25 8).
            await self._notices.forgotten(
                self._messenger, user_id, who, language, self._store.name_now, known
            )

    async def _claim_links_unnamed(self, group_ids: list[UUID], user_id: int) -> None:
        """The claim links' answers in the admin chats no longer name the organizer."""
        if self._claim_links_said is not None:
            await self._claim_links_said(group_ids, user_id)

    async def _invites_said_forgotten(
        self, user_id: int, invites: list[InviteSaid], language: str
    ) -> None:
        """The messages that handed the user's invitations say they deleted everything
        since (best effort: one Telegram cannot edit stays as it was)."""
        for invite in invites:
            with in_language(language):
                if invite.used_by or invite.used:
                    text = persons_texts.invite_link_used_since_forgotten(
                        invite.person, invite.used_by
                    )
                else:
                    text = persons_texts.invite_link_since_forgotten(invite.person)
            try:
                await self._messenger.replace_text(user_id, invite.message_id, text)
            except TelegramUnavailable as error:
                log.info("invitation said in %s left as it was: %s", user_id, error)

    async def _links_used_unnamed(self, links: list[tuple[int, InviteSaid]]) -> None:
        """The inviters' messages that said who used their links ("Carl used the link I made
        here…") say it was used, without the name (best effort, as above)."""
        for chat_id, invite in links:
            async with speaking_to(chat_id):
                text = (  # walk37A A2: no card of it left to invite from
                    persons_texts.invite_link_used_since_gone(invite.person, "")
                    if invite.creator_gone
                    else persons_texts.invite_link_used(invite.person, "")
                )
            try:
                await self._messenger.replace_text(chat_id, invite.message_id, text)
            except TelegramUnavailable as error:
                log.info("invitation said in %s left as it was: %s", chat_id, error)

    async def _invites_said_deleted(self, invites: list[tuple[int, InviteSaid]], name: str) -> None:
        """The messages that handed the deleted person's (``name``) invitations say it was
        deleted since (walken3 6: "press the card's Invite co-guardian again" of no card).
        Best effort: one Telegram cannot edit stays as it was."""
        for chat_id, invite in invites:
            async with speaking_to(chat_id):
                if invite.used_by or invite.used:  # walk33 9: used, by one forgotten since
                    text = persons_texts.invite_link_used_since_deleted(name, invite.used_by)
                else:
                    text = persons_texts.invite_link_since_deleted(name)
            try:
                await self._messenger.replace_text(chat_id, invite.message_id, text)
            except TelegramUnavailable as error:
                log.info("invitation said in %s left as it was: %s", chat_id, error)

    async def _tell_left(self, left: Mapping[UUID, int | None]) -> None:
        """Each other guardian of a person the forgotten participant guarded is told, in
        one line, that they no longer do: nothing else told the owner, whose chat still said
        they got the photos (findings24 1, findings25 8). The one who owns it now in their
        place (``left``'s chat) is told that instead."""
        chats = await self._store.guardian_chats(list(left))
        for person_id, heir in left.items():
            name = await self._store.person_name(person_id)
            if name is None:
                continue
            for chat_id in chats.get(person_id, []):
                said = (
                    partial(persons_texts.you_own_after_forget, name)
                    if chat_id == heir
                    else partial(persons_texts.guardian_forgot, name)
                )
                told = await self._tell(chat_id, said)
                if chat_id == heir and told is not None and self._notices is not None:
                    # "…you're now the owner of Alice": said in the past at the heir's own
                    # /forget, and the person's deletion; in its new name at a rename.
                    await self._notices.guardian(
                        chat_id, told, [person_id], first={"text": FirstSaid.OWNER}
                    )

    async def _leave_their_persons(
        self, participant: Forgetting, kept: list[UUID], left: dict[UUID, int | None]
    ) -> list[SentCopy]:
        """Each person the participant guards stays with its other guardians (without what
        they typed about it in the audit: added to ``kept``, and to ``left`` unless it is a
        merged record, whose guardians are told, with its new owner if the participant owned
        it); one they alone guarded is
        erased, a merged record dropped. The copies in chats of the persons erased."""
        copies: list[SentCopy] = []
        # Merged persons last: most go with the person they were merged into.
        guardianships = sorted(
            await self._store.guardianships_of(participant.id), key=lambda g: g.merged
        )
        for guardianship in guardianships:
            now = await self._store.still_guarded(guardianship.id, participant.id)
            if now is None:
                continue  # deleted with a person it was merged into
            if now.other_guardians:
                heir = await self._store.let_go(guardianship.id, now.person_id)
                kept.append(now.person_id)
                if not now.merged_record:
                    left[now.person_id] = heir
            elif now.merged_record:
                await self._drop_merged_record(now.person_id)
            else:
                erased = await self.erase_person(
                    now.person_id, keep_person=False, actor=participant.actor
                )
                copies += erased.copies if erased else []
        return copies
