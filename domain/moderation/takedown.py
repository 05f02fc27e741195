"""Takedown: an organizer removes a group photo from facedrop and from every guardian's chat.

The confirmation marks the photo REMOVED and records the request (``UserRequest`` kind
TAKEDOWN) and the audit event in one transaction; from that moment nothing sends it: its
unsent deliveries are TAKEN_DOWN, a send is claimed only while the photo is not removed,
recognition skips it and corrections plan nothing for it. The job then waits for sends
already under way, deletes the photo's faces, embeddings, crops and suggestions (and the
questions about them sent to guardians, which show a crop), deletes
every delivered copy (Telegram refuses copies and questions older than 48 hours: those are
blanked, a neutral image saying the organizers took it down, and counted for the organizer,
with when they were sent, never to whom), and reports once: what it deleted
from guardians' chats, copies and questions showing the photo alike (``copy_note``,
``deleted_from_chats``), never a copy a correction had already taken from its chat.

The same picture posted in the group more than once (a forward, the same file sent again)
is taken down as a whole: one request, one job for every post of it, one report.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol
from uuid import UUID

from domain.delivery.albums import cards_counted
from domain.delivery.purge import Purge
from domain.delivery.stores import SentCopy
from domain.events import (
    EventBus,
    FacesTakenDown,
    OfferWithdrawn,
    TakenDownFacesDeleted,
    TakenDownPostedAgain,
)
from domain.jobs import requests
from domain.jobs.queue import JobQueue
from domain.languages.chats import speaking_to
from domain.languages.dates import in_zone
from domain.moderation import audit, texts
from domain.moderation.takedown_store import GroupPhoto, Offer, TakedownStore
from domain.recognition import prototype_choice
from domain.recognition.face_index import FaceFilter
from domain.recognition.service import crop_blobs
from domain.retry import TryAgainLater
from domain.states import DeliveryStatus, OfferStatus, RequestKind
from domain.telegram import (
    AnswerTakedown,
    Button,
    ChatUnavailable,
    Deletion,
    Edit,
    Messenger,
    RecipientUnreachable,
    TelegramUnavailable,
)

log = logging.getLogger(__name__)

# What a taken-down delivery's ``error`` says about its copy (the report counts them).
COPY_DELETED = "taken down: copy deleted"
COPY_TOO_OLD = "taken down: copy too old to delete"
# Too old to delete (past 48 hours), but edited: a neutral image saying it was taken down.
COPY_BLANKED = "taken down: copy too old to delete, blanked"
NOT_SENT = "taken down before it was sent"
# No longer in its chat when the photo was taken down: a correction (a move, an undo) had
# removed it (findings16 2: the report counted it deleted, /export said it was taken down),
# or its reader had deleted it. The takedown deleted nothing there: not counted.
COPY_REMOVED_BEFORE = "taken down: a correction had removed the copy"
COPY_GONE_BEFORE = "taken down: copy already deleted in its chat"
# Not sent yet: planned, held for a paused person, parked for a blocked guardian, or
# waiting for its album or the daily digest (the store takes them down).
UNSENT = (
    DeliveryStatus.PENDING,
    DeliveryStatus.HELD,
    DeliveryStatus.PARKED,
    DeliveryStatus.WAITING,
)

# Telegram lets a bot delete a message only this long after it was sent, whatever its
# rights: an older post in the group stays, and no admin right would change that.
DELETABLE_FOR = timedelta(hours=48)

# https://t.me/c/<internal id>/<message>, with an optional topic (/c/<id>/<topic>/<message>),
# or https://t.me/<username>/<message>; "?single", "?thread=" and the like are ignored.
_PRIVATE_LINK = re.compile(
    r"^(?:https?://)?t\.me/c/(\d{1,15})/(?:\d{1,12}/)?(\d{1,12})/?(?:\?.*)?$"
)
_PUBLIC_LINK = re.compile(
    r"^(?:https?://)?(?:t|telegram)\.me/([A-Za-z][A-Za-z0-9_]{3,31})/(?:\d{1,12}/)?(\d{1,12})/?"
    r"(?:\?.*)?$"
)


@dataclass(frozen=True, slots=True)
class MessageLink:
    """A link to a group message: by the chat's id (private supergroups) or its username."""

    message_id: int
    chat_id: int | None = None
    username: str | None = None


def parse_link(text: str) -> MessageLink | None:
    """The message a t.me link points to; None for anything else."""
    link = text.strip()
    if match := _PRIVATE_LINK.match(link):
        return MessageLink(message_id=int(match[2]), chat_id=int(f"-100{match[1]}"))
    if match := _PUBLIC_LINK.match(link):
        if match[1].lower() == "c":
            return None
        return MessageLink(message_id=int(match[2]), username=match[1])
    return None


def link_to(chat_id: int, message_id: int, username: str | None = None) -> str | None:
    """The t.me link of a group message, where Telegram has one (supergroups)."""
    if username:
        return f"https://t.me/{username}/{message_id}"
    text = str(chat_id)
    if not text.startswith("-100"):
        return None  # a basic group's messages have no links
    return f"https://t.me/c/{text[4:]}/{message_id}"


async def posted_again(
    messenger: Messenger, store: TakedownStore, event: TakenDownPostedAgain
) -> None:
    """A photo taken down in its group was posted there again (recognition's intake recorded
    it as removed at once): delete it from the group where the bot may, and tell the admin
    chat, naming the group and no one else."""
    photo = await store.photo(event.photo_id)
    if photo is None:
        return
    group = photo.group
    try:
        deleted = await messenger.delete_message(group.chat_id, photo.message_id) != (
            Deletion.REFUSED
        )
    except TelegramUnavailable as error:
        log.info("re-posted photo %s not deleted: %s", photo.id, error)
        deleted = False
    if group.admin_chat_id is None:
        return
    link = None if deleted else link_to(group.chat_id, photo.message_id)
    async with speaking_to(group.admin_chat_id):
        text = texts.taken_down_posted_again(
            group.title, photo.posted_at, deleted, link, clip=photo.clip
        )
    try:
        await messenger.send_text(group.admin_chat_id, text)
    except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
        log.info("admin chat of group %s not told of a re-post: %s", group.id, error)


class Outcome(StrEnum):
    TAKING_DOWN = "taking_down"
    ALREADY = "already"  # taken down before (by ``by``)
    GONE = "gone"


@dataclass(frozen=True, slots=True)
class Confirmed:
    outcome: Outcome
    by: str = ""


class TakedownRequests:
    """An organizer's takedown, confirmed: the photo marked removed and the request to
    delete it recorded; and which photo a command means (the bot)."""

    def __init__(self, jobs: JobQueue, store: TakedownStore) -> None:
        self._jobs = jobs
        self._store = store

    async def photo(self, photo_id: UUID) -> GroupPhoto | None:
        """The photo a takedown button is about, with its group."""
        return await self._store.photo(photo_id)

    async def photo_at(self, group_id: UUID, message_id: int) -> GroupPhoto | None:
        """The group photo posted as this message."""
        return await self._store.photo_at(group_id, message_id)

    async def in_an_album(self, photo: GroupPhoto) -> bool:
        """Whether the photo came in an album whose other photos are still up (a takedown
        removes only the photo it was asked for)."""
        return await self._store.in_an_album(photo.id)

    async def unreachable(self, photo: GroupPhoto) -> int:
        """How many copies a takedown of the photo (and of the same picture posted there
        again) could not reach: sent to guardians who have since used /forget."""
        return await self._store.forgotten_copies_of(photo.id)

    async def who_took_down(self, photo: GroupPhoto) -> str:
        """The name the audit keeps of whoever took the photo down."""
        return await self._store.taken_down_by(photo)

    async def confirm(
        self, photo_id: UUID, actor: audit.Actor, said: tuple[int, int] | None = None
    ) -> Confirmed:
        """Mark the photo REMOVED, stop its unsent deliveries, record the request and the
        audit event, all at once (the same picture posted in the group before, a forward or
        the same file sent again, goes with it); then queue the job. ``said``: the message
        (chat id, message id) that will say it is under way, and once reported, done."""
        taken = await self._store.take_down(photo_id, actor, said)
        if taken is None:
            return Confirmed(Outcome.GONE)
        if taken.already:
            photo = await self._store.photo(photo_id)
            return Confirmed(Outcome.ALREADY, await self.who_took_down(photo) if photo else "")
        log.info("photo %s (+%d copies) taken down by %s", photo_id, taken.copies, actor.user_id)
        await requests.queue(self._jobs, RequestKind.TAKEDOWN, photo_id)
        return Confirmed(Outcome.TAKING_DOWN)


def too_old_to_delete(posted: Sequence[datetime], now: datetime) -> bool:
    """Whether these posts in the group are all past the time Telegram lets a bot delete
    a message in (so a refusal is their age, not a missing right)."""
    return bool(posted) and all(now - moment >= DELETABLE_FOR for moment in posted)


def copy_note(message_id: int | None, deleted: Deletion | None, blanked: bool = False) -> str:
    """What became of a delivered copy at the takedown (its delivery's note): deleted now,
    too old for Telegram to delete (``blanked``: shown as a neutral image instead), or not
    in its chat any more (``message_id`` None: a correction removed it; ``Deletion.GONE``:
    its reader deleted it)."""
    if message_id is None:
        return COPY_REMOVED_BEFORE
    if deleted == Deletion.REFUSED:
        return COPY_BLANKED if blanked else COPY_TOO_OLD
    if deleted == Deletion.GONE:
        return COPY_GONE_BEFORE
    return COPY_DELETED


@dataclass
class QuestionsDeleted:
    """The questions about the photo's faces ("Is this Alice?", an earlier-photos sheet:
    each shows the photo) that the takedown deleted from guardians' chats, counted apart
    from its copies in the report (walken3 11: "Copies deleted: 4" were 2 copies and 2
    questions, and a sheet deleted counted 0), and when those too old to delete were sent
    (``blanked``: shown as a neutral image instead), counted apart from the copies too
    old as well (findings15 2, findings19 15, issue 32)."""

    deleted: int = 0
    too_old: list[datetime] = field(default_factory=list)
    blanked: list[datetime] = field(default_factory=list)

    def add(self, outcome: Deletion, sent_at: datetime | None, blanked: bool = False) -> None:
        if outcome == Deletion.DELETED:
            self.deleted += 1
        elif outcome == Deletion.REFUSED and sent_at is not None:
            (self.blanked if blanked else self.too_old).append(sent_at)


@dataclass(frozen=True, slots=True)
class Report:
    # The copies deleted now from guardians' chats (not one a correction or its reader had
    # removed before), and apart, the questions showing it deleted now.
    deleted: int
    too_old: list[datetime]
    group_post: bool | None  # deleted from the group (all its posts); None: nothing to delete
    copies: list[datetime] = field(default_factory=list)  # when its other posts were posted
    posts_left: list[datetime] = field(default_factory=list)  # posts the bot could not delete
    # The posts left are 48 hours old or more: Telegram's limit, not a missing right.
    left_too_old: bool = False
    blanked: list[datetime] = field(default_factory=list)  # copies too old, shown blank now
    # Copies sent to guardians who have since used /forget: out of reach, left in their chats.
    unreachable: int = 0
    questions: int = 0
    # The questions showing it too old to delete: left as they were, or blanked (when each
    # was sent), counted apart from the copies as the deleted ones are.
    questions_too_old: list[datetime] = field(default_factory=list)
    questions_blanked: list[datetime] = field(default_factory=list)


# The report kept in the admin chat, redrawn when the group's language changes (walk34 2):
# its kind (``AdminChatLinking.keep_answer``), and what it said, as plain JSON.
TAKEN_DOWN = "taken_down"
_TIMES = ("too_old", "copies", "posts_left", "blanked", "questions_too_old", "questions_blanked")


def report_said(photo: GroupPhoto, report: Report) -> dict[str, Any]:
    """What a takedown's report says, to keep (``report_text`` says it again)."""
    said: dict[str, Any] = {
        "posted_at": photo.posted_at.isoformat(),
        "clip": photo.clip,
        "deleted": report.deleted,
        "group_post": report.group_post,
        "left_too_old": report.left_too_old,
        "unreachable": report.unreachable,
        "questions": report.questions,
    }
    for key in _TIMES:
        said[key] = [at.isoformat() for at in getattr(report, key)]
    return said


def report_text(title: str, said: dict[str, Any]) -> str:
    """A kept report (``report_said``), in the current language and zone."""
    times = {key: [datetime.fromisoformat(at) for at in said[key]] for key in _TIMES}
    return texts.taken_down(
        title,
        datetime.fromisoformat(said["posted_at"]),
        said["deleted"],
        times.pop("too_old"),
        said["group_post"],
        clip=said["clip"],
        left_too_old=said["left_too_old"],
        unreachable=said["unreachable"],
        questions=said["questions"],
        **times,
    )


# The confirmation in the admin chat, kept to be redrawn in another language (walk34 2): while
# it asks (its buttons still working), once confirmed ("Taking down ..."), once another
# confirmation's report said it is done; and once answered otherwise (cancelled, or taken
# down by another: it stays as it is). The newest kept of a message is what it shows.
ASKED = "takedown_asked"
TAKING = "takedown_taking"
TAKEN = "takedown_taken"
CANCELLED = "takedown_cancelled"
ANSWERED = "takedown_answered"


def question_said(
    photo: GroupPhoto,
    token: UUID,
    link: str | None,
    *,
    unreachable: int,
    in_album: bool,
    command_deleted: bool = True,
) -> dict[str, Any]:
    """What a confirmation in the admin chat asks, to keep (``question_text`` says it):
    ``token`` its buttons', ``unreachable`` the copies sent to guardians who have since used
    /forget, ``in_album`` whether only this one of its album goes, ``command_deleted``
    whether the /takedown in the group could be deleted."""
    return {
        "token": str(token),
        "posted_at": photo.posted_at.isoformat(),
        "clip": photo.clip,
        "link": link,
        "unreachable": unreachable,
        "in_album": in_album,
        "command_deleted": command_deleted,
    }


def question_text(title: str, said: dict[str, Any], now: datetime | None = None) -> str:
    """A confirmation in the admin chat (``question_said``), in the current language and
    zone; whether the post is too old for the bot to delete in the group, as of ``now``."""
    posted_at = datetime.fromisoformat(said["posted_at"])
    clip = said["clip"]
    too_old = too_old_to_delete([posted_at], now or datetime.now(UTC))
    text = texts.takedown_ask(title, posted_at, said["link"], clip=clip, too_old=too_old)
    if said["unreachable"]:
        text = f"{text}\n{texts.takedown_ask_unreachable(said['unreachable'])}"
    if said["in_album"]:  # a reply to one photo of an album takes down that one only
        text = f"{text}\n{texts.takedown_only_this_of_album(clip=clip)}"
    return with_command_note(text, said["command_deleted"])


def in_group_question_text(
    *,
    clip: bool,
    any_admin: bool,
    too_old: bool,
    unreachable: int,
    in_album: bool,
    command_deleted: bool,
) -> str:
    """A confirmation asked in the group itself, under the photo (a group with no admin
    chat): for the admin who asked, or for ``any_admin`` (an anonymous admin's
    /takedown); ``question_text``'s notes, said for the group."""
    text = (
        texts.takedown_ask_in_group_any_admin(clip=clip, too_old=too_old)
        if any_admin
        else texts.takedown_ask_in_group(clip=clip, too_old=too_old)
    )
    if unreachable:
        text = f"{text}\n{texts.takedown_ask_unreachable(unreachable)}"
    if in_album:  # a reply to one photo of an album takes down that one only
        text = f"{text}\n{texts.takedown_only_this_of_album_in_group(clip=clip)}"
    return with_command_note(text, command_deleted)


def with_command_note(text: str, command_deleted: bool) -> str:
    """An answer to a /takedown in the group, saying so when the command could not be
    deleted (the bot may not delete messages there)."""
    return text if command_deleted else f"{text}\n{texts.takedown_cant_delete_command()}"


def question_buttons(token: UUID) -> list[list[Button]]:
    """A confirmation's buttons: take it down, or cancel."""
    return [
        [
            AnswerTakedown(token, True, texts.takedown_go()),
            AnswerTakedown(token, False, texts.takedown_cancel()),
        ]
    ]


def answered_text(title: str, kind: str, said: dict[str, Any]) -> str | None:
    """A confirmation answered (``TAKING``, ``TAKEN``, ``CANCELLED``), as it reads now in
    the current language; None for one left as it is."""
    if kind == TAKING:
        return texts.takedown_taking(title, clip=said["clip"])
    if kind == TAKEN:
        return texts.takedown_taken(title, clip=said["clip"])
    if kind == CANCELLED:
        return texts.takedown_kept()
    return None


class AnswerKeeper(Protocol):
    """Where the admin chat's answers are kept, to be redrawn in another language
    (``domain.moderation.linking.AdminChatLinking``)."""

    async def keep_answer(
        self, group_id: UUID, chat_id: int, message_id: int, kind: str, said: dict[str, Any]
    ) -> None: ...


class CopyNotices(Protocol):
    """Where what told a guardian their copy went with a takedown is kept, for a change of
    the group's zone to redraw and their /forget to drop (``domain.privacy.notices``)."""

    async def copy_taken_down(
        self, chat_id: int, message_id: int, group_id: UUID, posted_at: datetime, *, clip: bool
    ) -> None: ...


class TakedownDeletion:
    """Deletes everything of a taken-down photo (its faces, crops and delivered copies),
    then reports once (the worker)."""

    def __init__(
        self,
        purge: Purge,
        store: TakedownStore,
        *,
        events: EventBus,
        jobs: JobQueue | None = None,
        speaking: Callable[[int], AbstractAsyncContextManager[str]] = speaking_to,
        answers: AnswerKeeper | None = None,
        notices: CopyNotices | None = None,
    ) -> None:
        """``purge``: where the photo's faces and copies are (a copy too old to delete loses
        its buttons); ``events`` tells the capabilities that show the photo's faces
        (``FacesTakenDown``, ``OfferWithdrawn``); ``jobs`` queues choosing again the
        prototypes of persons that lost one (without it, the reconcile cron does);
        ``speaking`` (each chat's language, as stored) is given by a test that watches it;
        ``answers`` keeps the report in the admin chat, redrawn in another language;
        ``notices`` keeps what told a guardian their copy went (its time redrawn in the
        group's zone once it changes)."""
        self._index = purge.index
        self._blobs = purge.blobs
        self._messenger = purge.messenger
        self._copies = purge.copies
        self._store = store
        self._in_flight_wait = purge.in_flight_wait
        self._events = events
        self._jobs = jobs
        self._speaking = speaking
        self._answers = answers
        self._notices = notices

    async def process(self, photo_id: UUID) -> Report | None:
        """Run again after a failure, it finishes what is left; after it reported, it finds
        no open request and does nothing."""
        asked = await self._store.asked(photo_id)
        taken = await self._store.taken_together(photo_id)
        if not asked or not taken:
            await self._store.close([a.id for a in asked])
            return None
        photo, others = taken[0], taken[1:]
        for other in others:  # asked for each by older versions: done with this one
            asked += await self._store.asked(other.id)
        ids = [p.id for p in taken]
        for each in taken:
            await self._wait_for_sends(each.id)
        # Planned meanwhile (a correction racing the confirmation): never sent now.
        await self._store.stop_unsent(ids)
        posts: list[bool | None] = []
        # Counted as they go (a run that fails part way and comes back finds the questions
        # it deleted gone, and does not count them again).
        questions = QuestionsDeleted()
        for each in taken:
            await self._forget_faces(each, questions)
            await self._delete_copies(each)
            posts.append(await self._delete_group_post(each))
        posts_left = [
            each.posted_at for each, post in zip(taken, posts, strict=True) if post is False
        ]
        report = Report(
            deleted=len(await self._store.noted(ids, COPY_DELETED)),
            questions=questions.deleted,
            too_old=await self._store.noted(ids, COPY_TOO_OLD),
            group_post=(
                None
                if all(post is None for post in posts)
                else not any(post is False for post in posts)
            ),
            copies=[other.posted_at for other in others],
            posts_left=posts_left,
            left_too_old=too_old_to_delete(posts_left, datetime.now(UTC)),
            blanked=await self._store.noted(ids, COPY_BLANKED),
            unreachable=await self._store.forgotten_copies(ids),
            questions_too_old=questions.too_old,
            questions_blanked=questions.blanked,
        )
        # /audit says what stayed, not "deleted" (findings18 8).
        await self._store.record_left(
            photo.id,
            post=report.group_post is False,
            copies=len(report.too_old) + len(report.blanked),
            unreachable=report.unreachable,
        )
        requester = next((a.by for a in asked if a.by is not None), None)
        await self._store.close([a.id for a in asked])
        said = [a.said for a in asked if a.said is not None]
        reported_in = await self._report(photo, report, requester, said)
        await self._said_done(
            photo,
            [each for each in said if each != reported_in],
            reported_in[0] if reported_in is not None else None,
        )
        return report

    async def _said_done(
        self, photo: GroupPhoto, said: Sequence[tuple[int, int]], reported_in: int | None
    ) -> None:
        """Another confirmation's "Taking down ... I'll report here when it's done." (of a
        second request for the same picture) says it is done; deleted by its reader, it is
        said in a new message, unless the report went to that chat (``reported_in``)."""
        group = photo.group
        for chat_id, message_id in said:
            async with self._speaking(chat_id):
                text = texts.takedown_taken(group.title, clip=photo.clip)
            if chat_id == group.admin_chat_id and self._answers is not None:
                # Redrawn so in another language, not as "Taking down ..." (walk34 2).
                kept = {"clip": photo.clip}
                await self._answers.keep_answer(group.id, chat_id, message_id, TAKEN, kept)
            try:
                edit = await self._messenger.replace_text(chat_id, message_id, text)
                if edit == Edit.GONE and chat_id != reported_in:
                    await self._messenger.send_text(chat_id, text)
            except (RecipientUnreachable, ChatUnavailable) as error:
                log.info("takedown of %s: not told in %s: %s", photo.id, chat_id, error)
            except TelegramUnavailable as error:  # the work is done; only this edit is lost
                log.info("takedown of %s: message %s not edited: %s", photo.id, message_id, error)

    async def _wait_for_sends(self, photo_id: UUID) -> None:
        """A send claimed before the confirmation may still reach its guardian: wait for it,
        so its copy is deleted too. Still under way after the wait: the job comes back later
        (nothing deleted or reported yet), until every send has settled (a send that never
        finishes is given up by the reconciler after ``sending_stale_s``)."""
        deadline = datetime.now(UTC) + self._in_flight_wait
        while await self._store.sending(photo_id):
            if datetime.now(UTC) >= deadline:
                log.info("photo %s: a send still under way; the takedown comes back", photo_id)
                raise TryAgainLater(5)
            await asyncio.sleep(0.2)

    async def _delete_messages(
        self, photo: GroupPhoto, messages: Sequence[Sequence[int]], questions: QuestionsDeleted
    ) -> None:
        """Delete these (chat, message), questions showing the photo's faces; one too old to
        delete is blanked. Telegram away, the job comes back."""
        for chat_id, message_id in messages:
            outcome, blanked = await self._take_off_question(photo, chat_id, message_id)
            questions.add(outcome, None, blanked)

    async def _take_off_question(
        self, photo: GroupPhoto, chat_id: int, message_id: int
    ) -> tuple[Deletion, bool]:
        """Deletes a question (or sheet) showing the photo's faces: too old to delete
        (Telegram's 48 hours), it is blanked instead, its picture and buttons replaced by a
        neutral image saying the organizers took the photo down (findings18 2, findings19
        15). The outcome; with it, whether it was blanked."""
        try:
            outcome = await self._messenger.delete_message(chat_id, message_id)
            if outcome != Deletion.REFUSED:
                return outcome, False
            async with self._speaking(chat_id):
                caption = texts.question_taken_down(photo.group.title, clip=photo.clip)
            return outcome, await self._messenger.blank_photo(chat_id, message_id, caption)
        except TelegramUnavailable as error:
            raise TryAgainLater(error.retry_after or 5) from None

    async def _forget_faces(self, photo: GroupPhoto, questions: QuestionsDeleted) -> None:
        """Qdrant and the blobs first, Postgres last: until the end Postgres still knows
        what to delete, so a run that fails part way is simply run again."""
        faces = await self._store.faces(photo.id)
        face_ids = [face.id for face in faces]
        try:
            await self._index.delete(FaceFilter(photo_ids=[photo.id]))
            if face_ids:
                await self._index.delete(FaceFilter(face_ids=face_ids))
        except Exception as error:  # the Qdrant client raises many types; retry the step
            log.warning("photo %s: Qdrant deletion failed (%s); will retry", photo.id, error)
            raise TryAgainLater(5) from error
        await self._blobs.delete_prefix(f"crops/{photo.id}/")
        for face in faces:
            if face.crop_key:
                await self._blobs.delete(face.crop_key)
        # The questions asked about its faces ("Is this Alice?") show it: they go too.
        # Too old to delete, they are blanked.
        for question in await self._store.questions_sent(face_ids):
            outcome, blanked = await self._take_off_question(
                photo, question.chat_id, question.message_id
            )
            questions.add(outcome, question.sent_at, blanked)
        # So do the sheets of unknown faces shown for naming or claiming a child (claims).
        await self._events.publish(FacesTakenDown(photo.group.id, tuple(face_ids)))
        # So do the sheets showing one of them (look-alikes, earlier photos shown before
        # they go); a text offer of its faces is answered as if they were never found.
        look_again: set[UUID] = set()  # persons whose earlier photos' sheet goes
        for offer in await self._store.offers(photo.group.id):
            if not {str(face) for face in face_ids} & set(offer.face_ids):
                continue
            if offer.guardian is not None:
                await self._drop_from_batch(photo, offer, face_ids, questions)
                continue
            if offer.sheet:
                await self._delete_messages(photo, offer.sent_to, questions)
                # The sheet's other faces' crops were kept for it alone.
                others = [face for face in offer.face_ids if UUID(face) not in face_ids]
                for other in await self._store.crops_kept(others):
                    for blob in crop_blobs(other.crop_key or ""):
                        await self._blobs.delete(blob)
                    await self._store.drop_crop(other.id)
                await self._store.drop_offer(offer.id)
                if offer.status == OfferStatus.PENDING:
                    look_again.add(offer.person_id)
        choose = await self._store.forget_faces(face_ids)
        if self._jobs is not None:
            await prototype_choice.queue(self._jobs, choose)
        # The guardians' corrections of them ("Moved: that face is Amy now.") say what
        # became of them (persons; findings19 5), and the /history lists shown no longer
        # offer to undo a change of them.
        persons = sorted({face.person_id for face in faces if face.person_id is not None}, key=str)
        if face_ids or persons:
            await self._events.publish(
                TakenDownFacesDeleted(
                    tuple(face_ids),
                    tuple(persons),
                    photo.group.title,
                    clip=photo.clip,
                    group_id=photo.group.id,
                )
            )
        # The sheet's other faces are shown again, on a sheet (or a question) of their own.
        for person_id in look_again:
            await self._events.publish(OfferWithdrawn(person_id))
        log.info("photo %s: %d faces deleted", photo.id, len(face_ids))

    async def _drop_from_batch(
        self,
        photo: GroupPhoto,
        batch: Offer,
        face_ids: list[UUID],
        questions: QuestionsDeleted,
    ) -> None:
        """A guardian's batch of questions showing a face taken down: its message goes (it
        shows the crop), and its other faces wait for their next sheet (or the batch goes,
        when none is left)."""
        await self._delete_messages(photo, batch.sent_to, questions)
        gone = {str(face) for face in face_ids}
        left = [face for face in batch.face_ids if face not in gone]
        if not left or batch.status not in (OfferStatus.WAITING, OfferStatus.PENDING):
            await self._store.drop_offer(batch.id)
            return
        await self._store.wait_again(batch.id, left)

    async def _delete_copies(self, photo: GroupPhoto) -> None:
        copies = await self._store.sent_copies(photo.id)
        for copy in copies:
            outcome: Deletion | None = None
            blanked = False
            if copy.message_id is not None:
                try:
                    outcome = await self._messenger.delete_message(copy.chat_id, copy.message_id)
                    if outcome == Deletion.DELETED:
                        await self._tell_copy_deleted(photo, copy.chat_id)
                    if outcome == Deletion.REFUSED:
                        # Too old to delete (48 hours): it shows a neutral image saying the
                        # organizers took it down, with no buttons (findings18 9).
                        async with self._speaking(copy.chat_id):
                            caption = texts.copy_taken_down(photo.group.title, clip=photo.clip)
                        blanked = await self._messenger.blank_photo(
                            copy.chat_id, copy.message_id, caption
                        )
                except TelegramUnavailable as error:
                    raise TryAgainLater(error.retry_after or 5) from None
            if copy.blank_message_id is not None:
                # The blank above it said the photo was sent again below (findings26 2):
                # it says the organizers took it down now.
                async with self._speaking(copy.chat_id):
                    caption = texts.copy_taken_down(photo.group.title, clip=photo.clip)
                try:
                    await self._messenger.blank_photo(copy.chat_id, copy.blank_message_id, caption)
                except TelegramUnavailable as error:
                    raise TryAgainLater(error.retry_after or 5) from None
            if outcome == Deletion.REFUSED and not blanked and copy.message_id is not None:
                # Neither deleted nor blanked (a round video): it stays, without its
                # "Not Alice?" buttons, the message replying to it (who is in it) saying
                # that the organizers took it down and its reader may delete it.
                if copy.names_message_id is not None:
                    async with self._speaking(copy.chat_id):
                        said = texts.round_video_taken_down(photo.group.title)
                    try:
                        await self._messenger.replace_text(
                            copy.chat_id, copy.names_message_id, said
                        )
                    except TelegramUnavailable as error:
                        raise TryAgainLater(error.retry_after or 5) from None
                await self._copies.show_as_now(
                    [
                        SentCopy(
                            photo.id,
                            copy.guardian,
                            copy.chat_id,
                            copy.message_id,
                            copy.album_id is not None,
                            copy.album_id,
                        )
                    ]
                )
            await self._store.copy_taken_down(
                copy.delivery_id,
                copy_note(copy.message_id, outcome, blanked),
                # Past 48 hours its message stays, blanked: the album's note keeps numbering
                # the others by where they stand, as a correction's hidden copy does.
                stands=outcome == Deletion.REFUSED,
            )
        # The albums' "Not Alice? (photo n)" messages: without it (deleted if it was all).
        await self._copies.album_notes.show_as_now(
            {c.album_id for c in copies if c.album_id is not None}
        )
        # The person cards open in those chats count it no more (findings18 5).
        if self._jobs is not None:
            for chat_id in sorted({c.chat_id for c in copies}):
                await cards_counted(self._jobs, chat_id)

    async def _tell_copy_deleted(self, photo: GroupPhoto, chat_id: int) -> None:
        """One line in the guardian's chat: the organizers took down a photo posted then,
        and their copy went with it (issue 32: it vanished unsaid). Lost, not retried,
        when Telegram is away: the copy is gone either way. Kept, for a change of the
        group's zone to write its time in the new one."""
        async with self._speaking(chat_id):  # its language and time zone
            text = texts.copy_deleted_at_takedown(
                photo.group.title, photo.posted_at, clip=photo.clip
            )
        try:
            message_id = await self._messenger.send_text(chat_id, text)
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            log.info("takedown of %s: not told in %s: %s", photo.id, chat_id, error)
            return
        if self._notices is not None:
            await self._notices.copy_taken_down(
                chat_id, message_id, photo.group.id, photo.posted_at, clip=photo.clip
            )

    async def _delete_group_post(self, photo: GroupPhoto) -> bool | None:
        """The photo in the group goes too, when the bot may delete it there."""
        if photo.message_id < 0 or not photo.group.is_active:
            return None  # posted before the group became a supergroup: no longer its message
        try:
            outcome = await self._messenger.delete_message(photo.group.chat_id, photo.message_id)
        except TelegramUnavailable as error:
            raise TryAgainLater(error.retry_after or 5) from None
        return outcome != Deletion.REFUSED

    async def _report(
        self,
        photo: GroupPhoto,
        report: Report,
        requester: int | None,
        said: Sequence[tuple[int, int]],
    ) -> tuple[int, int] | None:
        """One message: the full report in the admin chat, else privately to who confirmed;
        when neither can be reached, only "Taken down." in the group: its members never
        learn how many guardians had the photo. Where the confirmation said "I'll report
        here" (``said``), the report replaces it rather than following it: said once (a new
        message where its reader deleted that one). The message that carries it, if any."""
        group = photo.group
        for chat_id in (group.admin_chat_id, requester, group.chat_id):
            if chat_id is None:
                continue
            # Each chat's own language; in the admin chat, the times in the group's zone,
            # whichever other groups that chat serves.
            admin_chat = chat_id == group.admin_chat_id
            async with self._speaking(chat_id):
                with in_zone(group.zone) if admin_chat else nullcontext():
                    text = (
                        texts.taken_down_in_group(
                            report.group_post, clip=photo.clip, left_too_old=report.left_too_old
                        )
                        if chat_id == group.chat_id
                        else texts.taken_down(
                            group.title,
                            photo.posted_at,
                            report.deleted,
                            report.too_old,
                            report.group_post,
                            copies=report.copies,
                            posts_left=report.posts_left,
                            clip=photo.clip,
                            left_too_old=report.left_too_old,
                            blanked=report.blanked,
                            unreachable=report.unreachable,
                            questions=report.questions,
                            questions_too_old=report.questions_too_old,
                            questions_blanked=report.questions_blanked,
                        )
                    )
            here = next((each for each in said if each[0] == chat_id), None)
            try:
                if (
                    here is not None
                    and await self._messenger.replace_text(*here, text) == Edit.EDITED
                ):
                    reported = here
                else:
                    reported = chat_id, await self._messenger.send_text(chat_id, text)
            except (RecipientUnreachable, ChatUnavailable) as error:
                log.info(
                    "takedown report for photo %s not sent to %s: %s", photo.id, chat_id, error
                )
                continue
            except TelegramUnavailable as error:  # the work is done; only the report is lost
                log.warning("takedown report for photo %s not sent: %s", photo.id, error)
                return None
            if admin_chat and self._answers is not None:
                kept = report_said(photo, report)
                await self._answers.keep_answer(group.id, *reported, TAKEN_DOWN, kept)
            return reported
        return None
