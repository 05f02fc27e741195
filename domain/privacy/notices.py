"""Messages a user's /forget would leave untrue, made true then (issue 32, findings24 1-2,
findings25 8): the notices that they are a guardian of a person and get its photos, in their
own chat ("You're now a guardian of Alice…", "✅ You, as a guardian of Alice, are approved…")
and in the chats of its other guardians ("The organizers of Class 3A approved Carl as a
guardian of Alice: Carl now gets Alice's photos…"), and the /export documents they were sent
("Everything I hold about you and your people…", a file holding face crops): deleted while
Telegram lets me, else re-captioned.

Where each such message is is kept (ids only) when it is sent; /forget rewrites them in the
past and forgets where they are, but for those in other guardians' chats: kept, about
nobody, so that a rename of their person says them in its new name (without the name of
the one who left, which /forget deleted)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from functools import partial
from typing import Any, Protocol
from uuid import UUID

from domain.corrections import texts as corrections_texts
from domain.delivery.stores import HeldMedia
from domain.enrollment import texts as enrollment_texts
from domain.enrollment.rules import Tally
from domain.enrollment.service import Closing
from domain.events import (
    GuardianshipEnded,
    InvitationEnded,
    PersonApproved,
    PersonEnrolled,
    PersonRejected,
    PersonRenamed,
    PersonsMerged,
    TakenDownFacesDeleted,
)
from domain.groups import texts as groups_texts
from domain.languages import texts as languages_texts
from domain.languages.catalogs import _, in_language
from domain.languages.chats import speaking_to
from domain.moderation import texts as moderation_texts
from domain.onboarding import texts as onboarding_texts
from domain.persons import texts as persons_texts
from domain.persons.rules import DecidedSince, InviteEnd
from domain.persons.service import Newcomer, Persons
from domain.privacy import texts
from domain.states import FirstSaid, MediaKind, WaitingSaid
from domain.telegram import (
    AnswerHeld,
    Deletion,
    Edit,
    Messenger,
    ShowPrivacy,
    TelegramUnavailable,
)

log = logging.getLogger(__name__)

# A ``SENDING`` notice's ``shown``: it said "To enroll another child" naming no one (those
# of the reader's people waited for the group's organizers).
ANOTHER = "another"
# A ``READY`` notice's ``shown``: a first enrollment's "… is ready… from:" those groups; and
# the name of the person it was merged into since, as it says then.
READY_FROM, MERGED_INTO = "ready_from", "merged_into"
# A ``SENDING`` notice's ``shown``: what its "You're in…" was made of, said again in its
# persons' names as now at a rename (``Notices.named_as_now``): "waiting", those it said
# wait for the group's organizers; "still_waiting", "still_rejected", those its lines
# said still wait, or were refused there; "said", what a rename last made it say.
PARTS = "parts"
# A ``READY`` or ``FACES_FORGOTTEN`` notice merged: the id of the person it went into, and
# the name of the one it spoke of (both deleted with the other, which says so then).
MERGED_INTO_ID, MERGED_NAME = "merged_into_id", "merged_name"
# A ``READY`` notice merged: it was re-worded at "Forget faces" before (``faceless``), and
# says so again once the merge is undone.
FACELESS_BEFORE = "faceless_before"
# A ``FACES_FORGOTTEN`` notice's ``shown``: another guardian asked, who deleted their data
# since ("Another guardian of Noa had me forget their faces…").
BY_ANOTHER = "by_another"
# A ``SENDING`` or ``READY`` notice's ``shown``: the groups (by id) nothing comes from for
# now, so that it no longer promises their photos (issue 32): each with "why" (``LEFT``: the
# reader left it; ``REMOVED``: its organizers removed me from it; ``BAN``: its organizers
# banned the reader; ``LIFTED``: the ban was lifted since, and the reader is not back in it
# yet) and its "title" then; a ``SENDING``'s also with "said", its words meanwhile, and
# "now", what a redraw had left it saying before (``NoticeStore.words_now``): said again
# once back (else its parts).
AWAY, LEFT, REMOVED, BAN, LIFTED = "away", "left", "removed", "ban", "lifted"
# A ``READY`` notice's ``shown``: an organizers' approval in a group ("✅ Alice is approved
# by the organizers of Class 1A. I'll send you… from now on"): "group" (its id) and
# "co_guardian" (the reader's approval as a guardian, not the person's). A ``SENDING``'s:
# how a group's photos come now ("The organizers of Class 1A now have me send you its
# photos… once a day"): "group", "mode", and the digest's "hour" (UTC) and "zone". Both
# say nothing comes from the group while the reader is away from it (``_away``).
APPROVED, DELIVERY = "approved", "delivery"
# A ``SENDING`` notice's ``shown``: True while it says its reader is no longer a guardian
# of anyone; False once they are one again, and it says so in the past (walk35 2).
NO_ONE = "no_one"
# A notice in the chat of one who left a person (or was removed), that said they guard it:
# the person's id, kept to say they became its guardian again (walk36, Rivka #3); with
# ``WAS_REMOVED``, whether they were removed.
LEFT_FROM, WAS_REMOVED = "left_from", "removed"


class NoticeKind(StrEnum):
    GUARDIAN = "guardian"  # in the user's own chat: they are a guardian of the persons
    GUARDED_BY = "guarded_by"  # in another guardian's chat: the user guards the persons too
    EXPORT = "export"  # an /export document sent to the user
    SENDING = "sending"  # in the user's own chat: I look for their people, send them photos
    INVITED = "invited"  # in an invitee's chat: the user invites them to guard the persons
    BANNED = "banned"  # in the user's own chat: a group's organizers turned me off for them
    # In the user's own chat: its organizers turned me back on for them ("… tap the button
    # under my welcome in the group"): said in the past once they are back through its
    # link, banned again, or at their /forget (walk34 1: it kept asking after they had).
    UNBANNED = "unbanned"
    # In the user's own chat: a person of theirs is ready and its photos come ("Alice is
    # ready. I'll send you…"): made true at their /forget, and at "Forget faces" too.
    READY = "ready"
    # In the user's own chat: they left a group ("You're no longer in Class 1A…"): made true
    # at their return through its link, and at their /forget (walken4 1).
    LEFT = "left"
    # In the user's own chat: a question about a group's photos closed when its organizers
    # banned them, or when they left it: made true at the unban, or at their return
    # (walken4 8, 9); a /forget leaves them as they are (closed, as they say).
    CLOSED_BY_BAN = "closed_by_ban"
    CLOSED_BY_LEAVING = "closed_left"
    # In the user's own chat: the offer on resume of the photos held while a person of
    # theirs was paused ("While Alice was paused, I held 2 photos… Send them?"): redrawn
    # at a takedown of one of them, closed at the person's deletion, "Forget faces" or
    # their /forget; forgotten once answered.
    HELD = "held"
    # In the user's own chat: an enrollment photo's verdict, its session over, that warned
    # its face is unlike the others and to press the card's "Forget faces": said without
    # that instruction once its faces are gone ("Forget faces", its deletion, /forget:
    # walken4 7); ``count`` (and ``times``, a clip's) what it says then.
    UNLIKE = "unlike"
    # In the user's own chat: an invitation to guard a person they accepted ("Ann invited
    # you… You accepted on…"): named as now at a rename (fixz), and what it said of the
    # organizers' approval ("… have not approved Alice … until they do") redrawn at their
    # decisions (walkhe2 8). ``shown``: what it was made of.
    ACCEPTED = "accepted"
    # In a guardian's chat: "Forget faces" done ("Ann had me forget the faces of Noa… Open
    # /persons and choose “Add photos” to enroll them again"): says so no more once photos
    # of it were added again (walkhe4 9); ``shown``: {"by": who asked, by Telegram id}, and
    # "back" once photos were added again (kept then while it names who asked); at their
    # /forget "by" goes and ``BY_ANOTHER`` says it was another guardian (issue 32).
    FACES_FORGOTTEN = "faces_forgotten"
    # In the user's own chat: an offer of held photos (``HELD``) closed since, all of it
    # taken down; ``shown``: {"why": "taken_down"}: a press made on it as it was says why
    # (fixc 3: "Already done.").
    HELD_CLOSED = "held_closed"
    # In the user's own chat: another guardian's correction deleted their copy of a photo
    # of a person ("Another guardian of Alice removed a Class 1A photo from Alice's photos,
    # so I deleted your copy…"): named as now at a rename (walken7 2); ``shown``: {"group":
    # the group's title then, "remembered": "That isn't Alice" (else "Remove this photo
    # only"), "clip": a clip's}; or what told them of another guardian's undo: "told":
    # "undone" ("… is not Alice's any more, so I deleted your copy") or "back" ("… is
    # Alice's again, so I'm sending you the photo again"; "moved", "photo_only": which).
    COPY_GONE = "copy_gone"
    # In the user's own chat: the organizers of a group they are in removed me from it ("I
    # was removed from Class 1A…"): made true when they add me back, and at their /forget.
    BOT_REMOVED = "bot_removed"
    # In the user's own chat: a group's organizers took down a photo or clip posted there,
    # and their copy went with it ("The organizers of Class 1A took down a photo posted
    # there on …, so I deleted your copy of it."): its time redrawn in the group's zone once
    # its organizers change it (issue 32: it stayed in UTC beside /history's Jerusalem
    # times); ``group_id``, and ``shown``: {"posted": when (ISO), "clip": a clip's}; names
    # no one, and goes at its reader's /forget, true as it says.
    TAKEN_DOWN = "taken_down"
    # In the poster's own chat: a photo or clip they posted in a group could not be read ("I
    # could not read the clip you posted in Class 1A on …: … Send a shorter clip…"): its
    # time redrawn in the group's zone once its organizers change it, as ``TAKEN_DOWN``
    # (walk37B 1); ``group_id``, and ``shown``: {"posted": when (ISO), "media": its kind,
    # "reason", "longest": the longest clip read then (s)}; names no one, and goes at its
    # reader's /forget, true as it says.
    UNREADABLE = "unreadable"
    # In another guardian's chat: what the user did to a person they guard together ("Ann
    # renamed Alice to Alicia.", "Ann paused Alice: …", "Ann resumed Alice: …", "Ann no
    # longer gets Alice's photos and clips: they left."): said without their name at their
    # /forget (issue 32: it went with their data), a pause, resume or leaving in its
    # person's new name at a rename; ``shown``: {"news": ``RENAMED``,
    # ``PAUSED``, ``RESUMED`` or ``LEFT_IT``, and a rename's "was" and "name"; a pause's
    # ``RESUMED``: true once resumed since, "Ann paused Alice for a while: resumed since.",
    # a resume's ``PAUSED``: once paused again, "Ann resumed Alice for a while: paused
    # again since."}.
    NEWS_BY = "news_by"


# A ``GUARDED_BY`` notice's ``shown["said"]``: it told of an invitation accepted ("Carl is
# now also a guardian of Alice…"); without it, that they get the photos ("Carl now gets…").
JOINED = "joined"
# A ``NEWS_BY`` notice's ``shown["news"]``: what the other guardian did (``LEFT_IT``:
# stopped getting the person's photos, "Carl no longer gets Alice's photos…: they left.").
RENAMED, PAUSED, RESUMED, LEFT_IT = "renamed", "paused", "resumed", "left"
# More ``NEWS_BY`` news (``Notices.told_news``): ``ADDED``, another guardian added photos of
# the person ("Ann added 3 photos of Alice…": its "tally", and the groups whose organizers
# were asked "again"); ``DELETED``, they deleted it ("Ann deleted Alice: everything I had
# about them is deleted."); ``REMOVED_YOU``, the owner removed the reader as its guardian.
# The last two name no person (``person_ids`` empty: neither a rename nor the deletion
# reaches them, the reader no longer guards it). A ``DELETED`` keeps no name (it went with
# the person: issue 32); a ``REMOVED_YOU`` keeps the "name" it said, and the person's id
# ("of"), till the person's deletion drops the name; both are kept till the /forget of the
# one they name, or of their reader, drops them.
ADDED, DELETED, REMOVED_YOU = "added", "deleted", "removed_you"
# An ``ADDED`` news's ``shown``: "waiting", the groups (titles) whose organizers it said the
# photos wait for ("… once the organizers of Class 1A approve Alice"), and "groups", their
# ids (a rename of the group finds them: review36 6); "decisions", beside them, whether
# each group's organizers approved (null: they have yet to decide; ``added_decided``).
# "decided": one decision as rows kept before "groups" said it, its "group" (title) and
# whether they "approved" (such a row waiting is matched by title still).
WAITING, DECIDED = "waiting", "decided"
WAITING_IDS, DECISIONS = "groups", "decisions"
# ``DELETED_HERE``: a question or card of a person they deleted (or its faces, "faces"), too
# old to delete, blanked to say so ("Ann deleted Alice."): a "photo"'s re-captioned; the
# person's "name" kept only for its faces, with its id, "of" (the person deleted, both
# went with it, and "faces" too: it says the person was deleted then; "faces" without a
# name, a row kept before "of" was: "every face of a child you guarded", migration 0093).
DELETED_HERE = "deleted_here"
# A ``PAUSED`` news's ``shown``: its reader is the person's only guardian now, so it says
# "until you resume", not "until one of you resumes" (``Notices.guardians_changed``).
ALONE = "alone"
# A ``LEFT_IT`` news's ``shown``: the one who left is a guardian of the person again, so
# it says they left for a while (walk35 4).
BACK = "back"
# A ``COPY_GONE`` notice's ``shown``: the photo whose copy it tells of (its id), and, a
# removal's, that its change was undone since and the copy sent again ("… so I deleted
# your copy of that clip. Since then this was undone, and I sent it to you again.",
# walk37B 2; ``Notices.copy_back``).
COPY_OF, UNDONE_SINCE = "photo", "undone_since"
# A ``SENDING`` notice's ``shown``: it was redrawn once one it named was no longer the
# reader's ("Since then you are no longer a guardian of Amy: I look for Alice…"): that
# one's "name", whether it was "deleted", and what it "said" then, said again in the names
# of those it still looks for, as now, at a rename (issue 32).
GONE = "gone"


@dataclass(frozen=True, slots=True)
class Notice:
    chat_id: int
    message_id: int
    about_user_id: int | None  # None: said in the past, its user forgotten
    kind: NoticeKind
    person_ids: tuple[UUID, ...] = ()
    invite_id: UUID | None = None  # INVITED: the invitation it asks to accept
    # INVITED: the invitation ended (why), but its message could not be re-worded then.
    ended: InviteEnd | None = None
    group_id: UUID | None = None  # ``BANNED``, ``LEFT``, ``CLOSED_*``: the group
    # Re-worded at "Forget faces" of the person it names: re-worded again once photos of it
    # are added (findings walken4 6).
    faceless: bool = False
    count: Tally | None = None  # ``UNLIKE``: the session's count the verdict says
    times: tuple[float, ...] = ()  # ``UNLIKE``, a clip's: the times of the views kept
    # ``INVITED``, ``ACCEPTED``: what the invitation was made of ("unapproved", "elsewhere":
    # ``invitation``'s; once accepted, "inviter_id": who made it, by Telegram id, not name,
    # "rest": its paragraphs after those, "on": when); a ``GUARDIAN`` "You're now a
    # guardian… while the organizers… have not approved" ("unapproved": of how many groups).
    # ``GUARDIAN``, ``GUARDED_BY``, ``READY``: "first", what its words were made of (no
    # name: its persons' are read at a rename, ``first_said``), and "back", that it says
    # since that photos of its person were added again after "Forget faces".
    shown: Mapping[str, Any] | None = None
    # ``SENDING``: it also said how long its group keeps faces ("You're in…" of a group
    # joined after agreeing elsewhere): a redraw says it too, as it is now (issue 32).
    keeps: bool = False


@dataclass(frozen=True, slots=True)
class InviteMade:
    """Where an invitation's link was sent ("Send this link to the other guardian…"), and
    what became of it: used (by whom: "", by one who deleted their data since), or expired
    unused (when); and whether its creator stopped guarding the person since."""

    chat_id: int
    message_id: int
    used_by: str | None
    expired: datetime | None
    creator_gone: bool = False  # its creator no longer guards the person (left, removed)


class NoticeStore(Protocol):
    """Where the messages are (on tortoise: ``domain/infra/stores/privacy.py``)."""

    async def record(self, notice: Notice) -> None:
        """The message was sent."""

    async def about(self, user_id: int) -> list[Notice]:
        """The messages the user's /forget would leave untrue, oldest first."""

    async def drop(self, user_id: int) -> None:
        """Forget where the messages about the user are, and those in their chat; those
        about the user in other guardians' chats, now said in the past, are kept, about
        nobody (``said_past``)."""

    async def said_past(self, chat_ids: Collection[int], person_id: UUID) -> list[Notice]:
        """The messages in these chats about the person said in the past at a /forget."""

    async def person_name(self, person_id: UUID) -> str | None:
        """The person's name now; None: deleted."""

    async def naming(self, person_id: UUID) -> list[Notice]:
        """The messages (not /export documents) that say who guards this person, or that
        I look for it ("You're in: I'll look for Alice…")."""

    async def merged_into(self, person_id: UUID) -> list[UUID]:
        """The persons merged into this one (through others merged in turn): their faces
        are its own now."""

    async def drop_message(self, chat_id: int, message_id: int) -> None:
        """Forget where this message is (it no longer says anything to make true)."""

    async def unlike_of(self, person_ids: Collection[UUID]) -> list[Notice]:
        """The ``UNLIKE`` verdicts about these persons."""

    async def inviting(self, invite_id: UUID) -> list[Notice]:
        """The invitees' "Accept?" messages asking about this invitation."""

    async def waited_of(self, person_id: UUID) -> list[Notice]:
        """The accepted invitations (``ACCEPTED``) to guard the person, and the ``GUARDIAN``
        notices that said the organizers of none of its groups had approved it."""

    async def accepted(self, notice: Notice) -> None:
        """The ``INVITED`` notice at the same message is answered: ``notice`` now."""

    async def invited_by(self, person_id: UUID, participant_id: UUID) -> list[Notice]:
        """The invitees' "Accept?" messages asking about the participant's invitations to
        guard the person."""

    async def merged_away(self, event_id: UUID) -> list[tuple[UUID, str]]:
        """The persons a merge (its assignment event) merged into another, each with the
        name of the one it went into (none: the event was an undo)."""

    async def invited_to(self, person_id: UUID) -> list[Notice]:
        """The invitees' "Accept?" messages asking about invitations to guard the person."""

    async def merge_ends(self, event_id: UUID) -> list[tuple[UUID, str | None, UUID | None]]:
        """The persons a merge or its undo (its assignment event) was between, and those
        merged into them before, each with the name and id of the person it is merged into
        now (to the chain's end; None: not merged, or the one it went into deleted since)."""

    async def asked_at(self, chat_id: int, message_id: int) -> Notice | None:
        """The invitee's "Accept?" message there, if it is one still kept."""

    async def ended(self, notice: Notice, why: InviteEnd) -> None:
        """The invitation the message asks about ended (``why``), and the message could not
        be re-worded: kept, about nobody, to answer a press of its "Accept"."""

    async def faceless(self, notice: Notice, faceless: bool) -> None:
        """The message says (or no longer says) that every face of its person was deleted
        since ("Forget faces"); no longer: it says that photos of it were added again since
        (``shown``'s "back")."""

    async def words_now(self, chat_id: int, message_id: int, said: str) -> None:
        """A redraw of a ``SENDING`` notice that also said its group's keep made it say
        ``said`` (its words before the keep): kept, for a change of the keep to redraw it
        from these, not from what it said first (``words_of``)."""

    async def shown_now(self, notice: Notice, shown: Mapping[str, Any]) -> None:
        """The notice says now what ``shown`` was made of (kept in its place among the
        chat's others, oldest first)."""

    async def words_of(self, chat_id: int, message_id: int) -> str | None:
        """What a redraw left the ``SENDING`` message saying before its group's keep
        (``words_now``); None: not redrawn since sent, or no longer kept."""

    async def to_rename(self, person_id: UUID) -> list[Notice]:
        """The ``GUARDIAN``, ``GUARDED_BY``, ``READY``, ``COPY_GONE`` and ``NEWS_BY``
        messages naming the person, oldest first: a rename says them in its new name."""

    async def gone_of(self, person_id: UUID) -> list[Notice]:
        """The ``SENDING`` notices redrawn once their reader stopped guarding the person
        ("Since then you are no longer a guardian of Alice…", ``GONE``), oldest first."""

    async def news_of(self, person_id: UUID) -> list[Notice]:
        """The ``NEWS_BY`` that keep the person's name, not its id in ``person_ids`` ("Ann
        removed you as a guardian of Alice…", "Ann deleted every face of Alice."), oldest
        first."""

    async def told_by(self, user_id: int) -> list[Notice]:
        """The messages that name the Telegram user as the guardian who did what they tell
        of: the ``COPY_GONE`` of their correction (or its undo; ``shown["by"]``), the
        ``FACES_FORGOTTEN`` of their "Forget faces" (``shown["by"]``), and the ``GUARDIAN``
        news of their merge, its undo, or their leaving their person to the reader
        (``shown["first"]["by"]``)."""

    async def first_name(self, user_id: int) -> str | None:
        """The first name of the participant with this Telegram user id (None: unknown)."""

    async def guardian_chats(self, person_id: UUID) -> set[int]:
        """The Telegram user ids of the person's guardians now."""

    async def invite_expiry(self, invite_id: UUID) -> datetime | None:
        """When the invitation expires (None: it is gone)."""

    async def guards_anyone(self, user_id: int) -> bool:
        """Whether the Telegram user is a guardian of any person."""

    async def group_title(self, group_id: UUID) -> str | None:
        """The group's title now; None: gone."""

    async def group_keep(self, group_id: UUID) -> tuple[str, int | None] | None:
        """The group's title and how many days it keeps faces now (None: no limit);
        None: gone."""

    async def in_chat(self, chat_id: int) -> list[Notice]:
        """The messages kept in this chat, oldest first."""

    async def of_group(self, group_id: UUID, kind: NoticeKind) -> list[Notice]:
        """The messages of this kind about the group, oldest first."""

    async def in_members_chats(self, group_id: UUID, kinds: Collection[NoticeKind]) -> list[Notice]:
        """The messages of these kinds, about any group, in the private chats of the group's
        members and of those told about it, oldest first."""

    async def invites_made(self, person_id: UUID) -> list[InviteMade]:
        """Where the person's invitations' links were sent (the owner's chat), each with who
        used it or when it expired unused, oldest first."""


class Notices:
    """The messages a /forget makes true, kept track of as they are sent."""

    def __init__(self, store: NoticeStore) -> None:
        self._store = store

    async def guardian(
        self,
        chat_id: int,
        message_id: int,
        person_ids: Collection[UUID],
        *,
        unapproved: int = 0,
        first: Mapping[str, Any] | None = None,
    ) -> None:
        """Told the user in ``chat_id`` that they are a guardian of these persons
        (``unapproved``: and that the organizers of none of its groups, that many, approved
        it yet: redrawn at their decisions; ``first``: what its words were made of, said
        again in the person's new name at a rename: ``first_said``)."""
        shown: dict[str, Any] | None = {"unapproved": unapproved} if unapproved else None
        if first is not None:
            shown = {**(shown or {}), "first": dict(first)}
        await self._store.record(
            Notice(
                chat_id, message_id, chat_id, NoticeKind.GUARDIAN, tuple(person_ids), shown=shown
            )
        )

    async def guarded_by(
        self,
        chat_id: int,
        message_id: int,
        user_id: int,
        person_ids: Collection[UUID],
        first: Mapping[str, Any] | None = None,
        *,
        joined: bool = False,
    ) -> None:
        """Told another guardian (``chat_id``) that the user ``user_id`` guards (or will
        guard) these persons too (``first``: as ``guardian``'s; ``joined``: that they
        accepted an invitation, "Carl is now also a guardian…"; else that they get the
        photos, "Carl now gets…"): said in the past, each its own way, once they no longer
        do."""
        shown: dict[str, Any] = {}
        if first is not None:
            shown["first"] = dict(first)
        if joined:
            shown["said"] = JOINED
        await self._store.record(
            Notice(
                chat_id,
                message_id,
                user_id,
                NoticeKind.GUARDED_BY,
                tuple(person_ids),
                shown=shown or None,
            )
        )

    async def ready(
        self,
        chat_id: int,
        message_id: int,
        person_ids: Collection[UUID],
        *,
        groups: Sequence[str] | None = None,
        first: Mapping[str, Any] | None = None,
    ) -> None:
        """Told the user in ``chat_id`` that these persons are ready and their photos come
        ("Alice is ready. I'll send you the photos…"): a guardian notice that "Forget
        faces" makes untrue as well (findings walken3 10). ``groups``: a first enrollment's
        "Amy is ready. I'll send you… from: Class 1A." (those groups), which a merge of Amy
        into another makes untrue too (``persons_merged``); ``first``: as ``guardian``'s."""
        shown: dict[str, Any] = {}
        if groups is not None:
            shown[READY_FROM] = list(groups)
        if first is not None:
            shown["first"] = dict(first)
        await self._store.record(
            Notice(
                chat_id,
                message_id,
                chat_id,
                NoticeKind.READY,
                tuple(person_ids),
                shown=shown or None,
            )
        )

    async def pause_told(
        self, chat_id: int, message_id: int, person_id: UUID, *, paused: bool
    ) -> None:
        """The card's answer to "Pause" or "Resume" ("Paused Alice: I'll keep recognizing
        them…", "Resumed Alice: I'll send their photos…"): it promises as "Alice is ready…"
        does, made true with it at "Forget faces", a deletion and a /forget (walk35 4), and
        says it in the new name at a rename (issue 32)."""
        said = FirstSaid.PAUSED if paused else FirstSaid.RESUMED
        await self.ready(chat_id, message_id, [person_id], first={"text": said})

    async def copy_taken_down(
        self, chat_id: int, message_id: int, group_id: UUID, posted_at: datetime, *, clip: bool
    ) -> None:
        """Told the user in ``chat_id`` that the organizers of the group took down a photo
        (``clip``: a clip) posted there at ``posted_at``, and their copy of it: its time
        said in the group's zone as now (``in_group_zone``)."""
        shown = {"posted": posted_at.isoformat(), "clip": clip}
        await self._store.record(
            Notice(
                chat_id, message_id, chat_id, NoticeKind.TAKEN_DOWN, group_id=group_id, shown=shown
            )
        )

    async def unreadable_told(
        self,
        chat_id: int,
        message_id: int,
        group_id: UUID,
        post: tuple[MediaKind, datetime],
        reason: str,
        longest_clip_s: float,
    ) -> None:
        """Told the user in ``chat_id`` that the photo or clip they posted in the group
        (``post``: its kind, and when) could not be read (``reason``), and what to do
        (``longest_clip_s``: the longest clip read): its time said in the group's zone as
        now (``in_group_zone``)."""
        kind, posted_at = post
        shown = {
            "posted": posted_at.isoformat(),
            "media": kind.value,
            "reason": reason,
            "longest": longest_clip_s,
        }
        await self._store.record(
            Notice(
                chat_id, message_id, chat_id, NoticeKind.UNREADABLE, group_id=group_id, shown=shown
            )
        )

    async def in_group_zone(self, messenger: Messenger, group_id: UUID) -> None:
        """The group's organizers changed its time zone: what told its members that they
        took down a photo posted there, and their copy of it, and what told a poster their
        post there could not be read (walk37B 1), write when it was posted in the zone of
        each reader's chat now (issue 32: it stayed in UTC beside /history's Jerusalem
        times), in their language. A chat's zone is that of all its reader's groups
        (``zone_of_user``), so those of the other groups in the same chats are written again
        too (review37 1.4: one of Class 1B stayed in UTC once both groups said Jerusalem)."""
        titles: dict[UUID, str | None] = {}
        kinds = (NoticeKind.TAKEN_DOWN, NoticeKind.UNREADABLE)
        for notice in await self._store.in_members_chats(group_id, kinds):
            if notice.group_id is None:
                continue
            if notice.group_id not in titles:
                titles[notice.group_id] = await self._store.group_title(notice.group_id)
            title = titles[notice.group_id]
            if title is None:
                continue
            shown = notice.shown or {}
            posted = datetime.fromisoformat(str(shown["posted"]))
            async with speaking_to(notice.chat_id):
                if notice.kind == NoticeKind.TAKEN_DOWN:
                    said = moderation_texts.copy_deleted_at_takedown(
                        title, posted, clip=bool(shown["clip"])
                    )
                else:
                    said = moderation_texts.unreadable_for_poster(
                        title,
                        MediaKind(shown["media"]),
                        posted,
                        str(shown["reason"]),
                        float(shown["longest"]),
                    )
            await _replace(messenger, notice, said)

    async def resumed(self, messenger: Messenger, person_id: UUID) -> None:
        """The person was resumed: the card's answer to its "Pause" ("Paused Alice: … When
        you resume, I'll offer you…") says it in the past (issue 32: it promised after the
        resume), and so does the other guardians' news of it ("Ann paused Alice: … until one
        of you resumes…"), in the new name at a rename (``RESUMED`` beside what they said).
        One re-worded at "Forget faces" says that still."""
        await self._said_until(messenger, person_id, PAUSED)

    async def paused_again(self, messenger: Messenger, person_id: UUID) -> None:
        """The person was paused again: the card's answer to its "Resume" ("Resumed Alice:
        I'll send their photos and clips again.") and the other guardians' news of it ("Ann
        resumed Alice: …") say it was for a while (issue 32: they read as current after the
        pause), in the new name at a rename (``PAUSED`` beside what they said). An offer of
        what was held, unanswered, closes: the next resume offers it all again."""
        await self._said_until(messenger, person_id, RESUMED)
        names = await self._names_of([person_id])
        for notice in await self._store.naming(person_id):
            if notice.kind != NoticeKind.HELD or not names:
                continue
            async with speaking_to(notice.chat_id):
                said = persons_texts.held_since_paused_again(names[0])
            await _replace(messenger, notice, said)  # (without its buttons)
            await self._store.drop_message(notice.chat_id, notice.message_id)

    async def _said_until(self, messenger: Messenger, person_id: UUID, told: str) -> None:
        """The person was paused or resumed since the messages of its guardians told it
        ``told`` (``PAUSED``, ``RESUMED``): each says it was so for a while (the opposite
        marked in what it said: "first"'s of the card's answer, the news's own), in a
        guardian's chat now (one who left hears nothing of it since)."""
        since = RESUMED if told == PAUSED else PAUSED
        names = await self._names_of([person_id])
        if not names:
            return
        guardians = await self._store.guardian_chats(person_id)
        for notice in await self._store.to_rename(person_id):
            shown = dict(notice.shown or {})
            first = shown.get("first")
            who = None
            if (
                notice.kind == NoticeKind.READY
                and not (notice.faceless or shown.get("back"))
                and isinstance(first, Mapping)
                and first.get("text") == told
                and not first.get(since)
                and notice.chat_id in guardians
            ):
                shown["first"] = {**first, since: True}
            elif (
                notice.kind == NoticeKind.NEWS_BY
                and shown.get("news") == told
                and not shown.get(since)
                and notice.chat_id in guardians
            ):
                shown[since] = True
                shown.pop(ALONE, None)
                if notice.about_user_id is not None:
                    who = await self._store.first_name(notice.about_user_id)
            else:
                continue
            async with speaking_to(notice.chat_id):
                said = _said_as_now(replace(notice, shown=shown), names[0], names, who)
            if said is not None:
                await _replace(messenger, notice, said)
            await self._store.shown_now(notice, shown)

    async def copy_gone(
        self,
        chat_id: int,
        message_id: int,
        person_id: UUID,
        group: str,
        *,
        remembered: bool,
        clip: bool = False,
        told: str | None = None,
        moved: bool = False,
        photo_only: bool = False,
        by: int | None = None,
        photo_id: UUID | None = None,
    ) -> None:
        """Told the user in ``chat_id`` that another guardian's correction about the person
        deleted their copy of a photo of ``group`` (``remembered``: "That isn't Alice";
        ``clip``: of a clip), or that their undo did ("undone": "… is not Alice's any
        more") or sent it again ("back": "… is Alice's again"; ``moved``: "… after all";
        ``photo_only``: "… is back in Alice's photos"): said in the person's new name at a
        rename (walken7 2); ``by``: the guardian it named, by Telegram id (walk33 4), named
        again while known; ``photo_id``: whose copy (a removal's says it was undone since
        once the copy is back: ``copy_back``)."""
        shown: dict[str, Any] = {"group": group, "remembered": remembered, "clip": clip}
        if told is not None:
            shown.update(told=told, moved=moved, photo_only=photo_only)
        if by is not None:
            shown["by"] = by
        if photo_id is not None:
            shown[COPY_OF] = str(photo_id)
        await self._store.record(
            Notice(chat_id, message_id, chat_id, NoticeKind.COPY_GONE, (person_id,), shown=shown)
        )

    async def copy_back(self, messenger: Messenger, chat_id: int, photo_id: UUID) -> None:
        """The user in ``chat_id`` is told that their copy of the photo comes again, another
        guardian's change undone: what told them that change deleted it ("Carl removed a
        Class 1A clip from Alice's photos and clips, so I deleted your copy…") says that
        this was undone since (walk37B 2: it read as final beside the news of the undo),
        and so again at a rename or at that guardian's /forget (``UNDONE_SINCE``)."""
        for notice in await self._store.in_chat(chat_id):
            shown = dict(notice.shown or {})
            if (
                notice.kind != NoticeKind.COPY_GONE
                or shown.get(COPY_OF) != str(photo_id)
                or shown.get("told") is not None
                or shown.get(UNDONE_SINCE)
                or len(notice.person_ids) != 1
            ):
                continue
            shown[UNDONE_SINCE] = True
            name = await self._store.person_name(notice.person_ids[0])
            if name is not None:
                by = shown.get("by")
                who = await self._store.first_name(int(by)) if by is not None else None
                async with speaking_to(notice.chat_id):
                    said = _said_as_now(replace(notice, shown=shown), name, [name], who)
                if said is not None:
                    await _replace(messenger, notice, said)
            await self._store.shown_now(notice, shown)

    async def news_by(
        self,
        chat_id: int,
        message_id: int,
        user_id: int,
        person_id: UUID,
        news: str,
        *,
        was: str | None = None,
        name: str | None = None,
    ) -> None:
        """Told another guardian (``chat_id``) that the user ``user_id`` renamed the person
        (``news`` ``RENAMED``, from ``was`` to ``name``), paused it or resumed it: said
        without their name at their /forget."""
        shown: dict[str, Any] = {"news": news}
        if was is not None and name is not None:
            shown.update(was=was, name=name)
        await self._store.record(
            Notice(chat_id, message_id, user_id, NoticeKind.NEWS_BY, (person_id,), shown=shown)
        )

    async def told_news(
        self,
        chat_id: int,
        message_id: int,
        user_id: int,
        news: str,
        person_id: UUID | None = None,
        **said: Any,
    ) -> None:
        """Told another guardian (``chat_id``) what the user ``user_id`` did (``news``:
        ``ADDED``, ``DELETED``, ``REMOVED_YOU``; ``said``: what its words were made of): said
        without their name at their /forget (issue 32). ``person_id``: the person it names
        as now (a rename says it in the new name); None: it keeps the name it said."""
        shown: dict[str, Any] = {"news": news, **said}
        person_ids = (person_id,) if person_id is not None else ()
        await self._store.record(
            Notice(chat_id, message_id, user_id, NoticeKind.NEWS_BY, person_ids, shown=shown)
        )

    async def photos_added_by(
        self,
        chat_id: int,
        message_id: int,
        user_id: int,
        person_id: UUID,
        count: Tally,
        again: Sequence[str],
        *,
        waiting_in: Sequence[tuple[UUID, str]] = (),
    ) -> None:
        """Told another guardian that the user added photos of the person ("Ann added 3
        photos of Alice. I'll use them from now on.", and the organizers of ``again`` asked
        again; ``waiting_in``: "… once the organizers of Class 1A approve Alice", those
        groups (id, title)): said without their name at their /forget, and the wait as each
        group's organizers decide (``added_decided``)."""
        tally = [count.photos, count.views, count.clips]
        said: dict[str, Any] = {"tally": tally, "again": list(again)}
        if waiting_in:
            said[WAITING] = [title for _group, title in waiting_in]
            said[WAITING_IDS] = [str(group) for group, _title in waiting_in]
        await self.told_news(chat_id, message_id, user_id, ADDED, person_id, **said)

    async def added_decided(
        self, messenger: Messenger, persons: Persons, person_id: UUID, group_id: UUID
    ) -> None:
        """The organizers of the group decided about the person: each "Ann added 1 photo of
        Alice. I'll use it once the organizers of Class 1A approve Alice." in a guardian's
        chat says what they decided, as the adder's own "Added…" does ("New faces of Alice
        were added. Alice waited for the approval…: they have since approved Alice.";
        issue 32: it kept waiting, and naming Ann once she deleted her data). Each group's
        decision is said beside the others', the group by its title now (review36 6: one
        renamed since was never found, and a first decision hid the other groups)."""
        title = await self._store.group_title(group_id)
        name = await self._store.person_name(person_id)
        if title is None or name is None:
            return
        approved = await persons.decided_in(person_id, group_id)
        if approved is None:
            return  # (a co-guardian's approval there: it waits still)
        guardians = await persons.guardian_chats([person_id])
        for notice in await self._store.to_rename(person_id):
            shown = notice.shown or {}
            if (
                notice.kind != NoticeKind.NEWS_BY
                or shown.get("news") != ADDED
                or DECIDED in shown
                or notice.chat_id not in guardians
                or (at := _waiting_at(shown, group_id, title)) is None
            ):
                continue
            titles, decisions = list(shown[WAITING]), _decisions(shown)
            if (titles[at], decisions[at]) == (title, approved):
                continue
            titles[at], decisions[at] = title, approved
            now = {**shown, WAITING: titles, DECISIONS: decisions}
            async with speaking_to(notice.chat_id):
                said = _news_said(replace(notice, shown=now), name, None)
            await _replace(messenger, notice, said)
            await self._store.shown_now(notice, now)

    async def removed_you(
        self, chat_id: int, message_id: int, user_id: int, name: str, person_id: UUID | None
    ) -> None:
        """Told a guardian the owner ``user_id`` removed them as a guardian of the person
        named ``name`` (not to be renamed for them): said without the owner's name at the
        owner's /forget, and without the person's once it is deleted (``person_deleted``)."""
        of = str(person_id) if person_id is not None else None
        await self.told_news(chat_id, message_id, user_id, REMOVED_YOU, name=name, of=of)

    async def person_deleted_by(self, chat_id: int, message_id: int, user_id: int) -> None:
        """Told another guardian that the user ``user_id`` deleted a person ("Ann deleted
        Alice: …"): said without their name at their /forget, and without the person's
        (it went with it: issue 32)."""
        await self.told_news(chat_id, message_id, user_id, DELETED)

    async def deleted_here(
        self,
        chat_id: int,
        message_id: int,
        user_id: int,
        name: str,
        *,
        faces_only: bool,
        photo: bool = True,
        person_id: UUID | None = None,
    ) -> None:
        """A question or card in another guardian's chat, too old to delete, says the user
        ``user_id`` deleted the person ``name`` (``faces_only``: its faces, ``person_id``'s):
        said without their name at their /forget, and without the person's once it is
        deleted (then, or since: ``person_deleted``). ``photo``: in a photo's caption (a
        card without a picture: its text)."""
        if not faces_only:
            await self.told_news(chat_id, message_id, user_id, DELETED_HERE, photo=photo)
            return
        of = str(person_id) if person_id is not None else None
        await self.told_news(
            chat_id, message_id, user_id, DELETED_HERE, name=name, faces=True, photo=photo, of=of
        )

    async def faces_told(
        self, chat_id: int, message_id: int, person_id: UUID, by: int | None
    ) -> None:
        """This message told the user that every face of the person was deleted, and to add
        photos to enroll it again (``by``: who asked, if another guardian): redrawn once
        photos of it are added again (``faces_back``)."""
        shown = {"by": by} if by is not None else None
        await self._store.record(
            Notice(
                chat_id,
                message_id,
                chat_id,
                NoticeKind.FACES_FORGOTTEN,
                (person_id,),
                faceless=True,
                shown=shown,
            )
        )

    async def held(self, chat_id: int, message_id: int, person_id: UUID) -> None:
        """Offered the user in ``chat_id`` the photos of the person held while it was
        paused ("… Send them?")."""
        await self._store.record(
            Notice(chat_id, message_id, chat_id, NoticeKind.HELD, (person_id,))
        )

    async def held_taken_down(
        self,
        messenger: Messenger,
        held_for: Callable[[UUID, int], Awaitable[HeldMedia]],
        person_ids: Collection[UUID],
    ) -> None:
        """Photos of these persons were taken down: each offer of what was held of them
        counts what is left to send (``held_for``: of the person, for that Telegram user),
        or says that nothing is, without its buttons (findings walken4 4)."""
        for person_id in person_ids:
            for notice in await self._store.naming(person_id):
                if notice.kind == NoticeKind.HELD:
                    await self._held_recounted(
                        messenger,
                        notice,
                        held_for,
                        persons_texts.held_taken_down,
                        closed="taken_down",
                    )

    async def held_closed(self, chat_id: int, message_id: int) -> str | None:
        """Why this offer of held photos was closed since (``HELD_CLOSED``: "taken_down");
        None: not so."""
        for notice in await self._store.in_chat(chat_id):
            if notice.kind == NoticeKind.HELD_CLOSED and notice.message_id == message_id:
                why = (notice.shown or {}).get("why")
                return str(why) if why else None
        return None

    async def held_banned(
        self,
        messenger: Messenger,
        held_for: Callable[[UUID, int], Awaitable[HeldMedia]],
        user_id: int,
        title: str,
    ) -> None:
        """The user was banned from the group (``title``), which cancelled what was held
        for them from there: each offer of theirs counts what is left to send, or says the
        ban cancelled it, without its buttons (before, only a press said so)."""
        for notice in await self._store.about(user_id):
            if notice.kind == NoticeKind.HELD:
                await self._held_recounted(
                    messenger, notice, held_for, lambda _name: persons_texts.held_banned([title])
                )

    async def _held_recounted(
        self,
        messenger: Messenger,
        notice: Notice,
        held_for: Callable[[UUID, int], Awaitable[HeldMedia]],
        nothing: Callable[[str], str],
        *,
        closed: str | None = None,
    ) -> None:
        """An offer of held photos ("… Send them?") counting what is held now, or saying
        ``nothing`` (of the person's name) without its buttons, and then forgotten
        (``closed``: kept as closed, and why, for a press made on it as it was)."""
        (person_id,) = notice.person_ids
        name = await self._store.person_name(person_id) or "?"
        held = await held_for(person_id, notice.chat_id)
        async with speaking_to(notice.chat_id):
            if not held.count:
                await _replace(messenger, notice, nothing(name))
                await self._store.drop_message(notice.chat_id, notice.message_id)
                if closed is not None:
                    await self._store.record(
                        replace(notice, kind=NoticeKind.HELD_CLOSED, shown={"why": closed})
                    )
                return
            said = persons_texts.held_offer(name, held.photos, held.clips, groups=held.groups)
            buttons = [
                [
                    AnswerHeld(person_id, True, _(languages_texts.YES)),
                    AnswerHeld(person_id, False, _(languages_texts.NO)),
                ]
            ]
        try:
            await messenger.replace_text(notice.chat_id, notice.message_id, said, buttons)
        except TelegramUnavailable as error:
            log.info("offer %s in %s left as it was: %s", notice.message_id, notice.chat_id, error)

    async def sending(
        self,
        chat_id: int,
        message_id: int,
        person_ids: Collection[UUID] = (),
        *,
        group_id: UUID | None = None,
        keeps: bool = False,
        another: bool = False,
        waiting: Sequence[UUID] = (),
        still_waiting: Sequence[UUID] = (),
        still_rejected: Sequence[UUID] = (),
    ) -> None:
        """Told the user in ``chat_id`` that I look for their people or send them photos
        ("You're in: I'll look for your people…", "The organizers of Class 2C now have me
        send you its photos… once a day": findings26 7); ``person_ids``: those it names
        ("You're in: I'll look for Alice and Bob in Class 1A…", ``group_id``), said again
        without one that is no longer theirs (issue 32); ``keeps``: it also said how long
        the group keeps faces, which its redraws say too; ``another``: it named none, all of
        theirs waiting for the group's organizers, and said "To enroll another child": said
        again as to one with no child once none is left (``no_one_left``). ``waiting``: those
        it named as waiting for the organizers, and of them ``still_waiting`` and
        ``still_rejected``, those its lines said still wait, or were refused: with
        ``person_ids``, what a rename says again in their names as now."""
        shown: dict[str, Any] = {ANOTHER: True} if another else {}
        if person_ids or waiting:
            shown[PARTS] = {
                "waiting": [str(p) for p in waiting],
                "still_waiting": [str(p) for p in still_waiting],
                "still_rejected": [str(p) for p in still_rejected],
            }
        await self._store.record(
            Notice(
                chat_id,
                message_id,
                chat_id,
                NoticeKind.SENDING,
                tuple(person_ids),
                group_id=group_id,
                keeps=keeps,
                shown=shown or None,
            )
        )

    async def invited(
        self,
        chat_id: int,
        message_id: int,
        inviter_id: int,
        person_id: UUID,
        invite_id: UUID,
        shown: Mapping[str, Any] | None = None,
    ) -> None:
        """Asked the reader in ``chat_id`` to accept the user ``inviter_id``'s invitation
        ``invite_id`` to guard the person ("Ann invited you… Accept?"): their /forget takes
        the invitation; its use by another, its expiry, their leaving the person or its
        deletion end it too (``invitation_ended``). ``shown``: what it was made of."""
        await self._store.record(
            Notice(
                chat_id,
                message_id,
                inviter_id,
                NoticeKind.INVITED,
                (person_id,),
                invite_id,
                shown=shown,
            )
        )

    async def accepted(self, asked: Notice, paragraphs: Sequence[str], on: datetime) -> None:
        """The invitation ``asked`` was accepted, on ``on``; its message's ``paragraphs``
        before "You accepted on…". Kept to name the person as now at a rename (fixz) and say
        what the organizers decided since (walkhe2 8), until the reader's /forget."""
        if asked.shown is None:
            return  # made before what it said was kept: left as it is
        said = 1 + bool(asked.shown.get("unapproved") or asked.shown.get("elsewhere"))
        shown = {
            **asked.shown,
            "inviter_id": asked.about_user_id,
            "rest": list(paragraphs[said:]),
            "on": on.isoformat(),
        }
        await self._store.accepted(
            replace(asked, about_user_id=asked.chat_id, kind=NoticeKind.ACCEPTED, shown=shown)
        )

    async def decided(self, messenger: Messenger, persons: Persons, person_id: UUID) -> None:
        """The organizers decided about the person, or about one of its guardians: an
        invitee's accepted invitation and "You're now a guardian…" that said none of its
        groups had approved it say what stands now (walkhe2 8)."""
        await self._waited_redrawn(messenger, persons, person_id, renamed=False)

    async def _waited_redrawn(
        self, messenger: Messenger, persons: Persons, person_id: UUID, *, renamed: bool
    ) -> None:
        name = await self._store.person_name(person_id)
        if name is None:
            return
        # One who no longer guards it (left, removed) hears nothing of it, its new name
        # included: what they read says what stood when they did.
        guardians = await persons.guardian_chats([person_id])
        for notice in await self._store.waited_of(person_id):
            if notice.chat_id not in guardians:
                continue
            shown = notice.shown or {}
            if notice.kind == NoticeKind.GUARDIAN and (
                notice.faceless or (renamed and shown.get("back"))
            ):
                continue  # said so at "Forget faces" (a rename says it: ``named_as_now``)
            first = shown.get("first")
            since = (
                await persons.decided_since(person_id, notice.chat_id)
                if shown.get("unapproved")
                else DecidedSince()
            )
            if not renamed and not since.anything:
                continue  # nothing decided yet: true as it is
            inviter = shown.get("inviter_id")
            who = await self._store.first_name(int(inviter)) if inviter is not None else None
            if notice.kind == NoticeKind.ACCEPTED and who is None:
                continue  # its maker deleted their data: their name is not kept to say again
            if (
                notice.kind == NoticeKind.GUARDIAN
                and not since.anything
                and not isinstance(first, Mapping)
            ):
                continue  # sent before its words were kept: left as it is
            async with speaking_to(notice.chat_id):
                if notice.kind == NoticeKind.GUARDIAN and not since.anything:
                    # Renamed, nothing decided yet: what it said, in the new name.
                    assert isinstance(first, Mapping)
                    said = accepted_said(first, name)
                elif notice.kind == NoticeKind.GUARDIAN:
                    said = persons_texts.waited_when_accepted(
                        name, int(shown["unapproved"]), since, line=True
                    )
                else:
                    said = _accepted_invitation(shown, who or "?", name, since)
                buttons = (
                    [[ShowPrivacy(texts.privacy_button())]]
                    if notice.kind == NoticeKind.ACCEPTED
                    else []
                )
            try:
                await messenger.replace_text(notice.chat_id, notice.message_id, said, buttons)
            except TelegramUnavailable as error:
                log.info(
                    "message %s in %s left as it was: %s", notice.message_id, notice.chat_id, error
                )

    async def asked_at(self, chat_id: int, message_id: int) -> Notice | None:
        """The invitee's "Accept?" message there, as kept (None: not one, or answered)."""
        return await self._store.asked_at(chat_id, message_id)

    async def invitation_ended(
        self,
        messenger: Messenger,
        asked: Collection[Notice],
        why: InviteEnd,
        *,
        name: str | None = None,
        into: str = "",
    ) -> None:
        """The invitation each of these "Accept?" messages asks about stopped working
        (``why``): each says so, without its button; one Telegram does not let me re-word
        is kept to answer a press of its "Accept" (``ended``). ``name``: the person's name,
        where it is no longer stored (deleted); ``into``: the one it was merged into."""
        for notice in asked:
            if notice.ended is not None:
                continue  # told already (a press answers it)
            who = (
                await self._store.first_name(notice.about_user_id)
                if notice.about_user_id is not None
                else None
            )
            person = name
            if person is None and notice.person_ids:
                person = await self._store.person_name(notice.person_ids[0])
            expired = (
                await self._store.invite_expiry(notice.invite_id)
                if why == InviteEnd.EXPIRED and notice.invite_id is not None
                else None
            )
            async with speaking_to(notice.chat_id):
                said = persons_texts.invitation_ended(
                    why, who or "?", person or "?", expired, into=into
                )
            try:
                edit = await messenger.replace_text(notice.chat_id, notice.message_id, said)
            except TelegramUnavailable as error:
                log.info("invitation asked in %s left as it was: %s", notice.chat_id, error)
                edit = Edit.REFUSED
            if edit == Edit.REFUSED:
                await self._store.ended(notice, why)
            else:
                await self._store.drop_message(notice.chat_id, notice.message_id)

    async def unsaid(self, chat_id: int, message_id: int) -> None:
        """The message was re-worded and no longer says what a /forget would make untrue
        (a co-guardian's "⏳ … need the approval" once they stopped guarding the person)."""
        await self._store.drop_message(chat_id, message_id)

    async def approved(
        self, chat_id: int, message_id: int, person_id: UUID, group_id: UUID, *, co_guardian: bool
    ) -> None:
        """Told the user that the group's organizers approved the person (``co_guardian``:
        the user as its guardian) and that its photos from there come from now on: a
        ``ready`` notice, which also says nothing comes from the group while they, or I, are
        away from it (issue 32: ``_away``)."""
        await self._store.record(
            Notice(
                chat_id,
                message_id,
                chat_id,
                NoticeKind.READY,
                (person_id,),
                shown={APPROVED: {"group": str(group_id), "co_guardian": co_guardian}},
            )
        )

    async def delivery_told(
        self,
        messenger: Messenger,
        chat_id: int,
        message_id: int,
        group_id: UUID,
        mode: str,
        hour: int,
        zone: str,
    ) -> None:
        """Told the user how the group's photos come now (``mode``; a digest's ``hour``, UTC,
        said in ``zone``): a ``sending`` notice (findings26 7), which also says nothing
        comes from the group while they, or I, are away from it (issue 32: ``_away``). What
        told them before how its photos come says it in the past (``_delivery_changed``)."""
        await self._delivery_changed(messenger, chat_id, group_id)
        await self._store.record(
            Notice(
                chat_id,
                message_id,
                chat_id,
                NoticeKind.SENDING,
                shown={
                    DELIVERY: {"group": str(group_id), "mode": mode, "hour": hour, "zone": zone}
                },
            )
        )

    async def _delivery_changed(self, messenger: Messenger, chat_id: int, group_id: UUID) -> None:
        """The organizers of the group changed how its photos come, or undid it from /audit:
        each "The organizers of Class 1A now have me send you its photos and clips once a
        day…" in the user's chat says it in the past ("For a while, … had me send you… this
        way: a daily digest, at 19:00 (Jerusalem). They have changed it since."; issue 32:
        it stayed above the news that they come as they come again), and is no longer kept
        (true as it is)."""
        title = await self._store.group_title(group_id)
        for notice in await self._store.in_chat(chat_id):
            delivery = (notice.shown or {}).get(DELIVERY)
            if (
                notice.kind != NoticeKind.SENDING
                or not isinstance(delivery, Mapping)
                or delivery.get("group") != str(group_id)
            ):
                continue
            async with speaking_to(chat_id):
                digest = moderation_texts.digest_at(int(delivery["hour"]), str(delivery["zone"]))
                said = moderation_texts.delivery_changed_since(
                    title or "?", str(delivery["mode"]), digest
                )
            await _replace(messenger, notice, said)
            await self._store.drop_message(notice.chat_id, notice.message_id)

    async def banned(
        self,
        chat_id: int,
        message_id: int,
        group_id: UUID,
        messenger: Messenger | None = None,
    ) -> None:
        """Told the user in ``chat_id`` that the group's organizers turned my service off
        for them ("… Your people stay", a link refused while banned): made true at the ban's
        end and at their /forget (walken3 4). ``messenger``: told of the ban itself, so
        their older "You're in… Class 1A" and "… is ready… from: Class 1A" no longer promise
        its photos (issue 32: ``_away``); their co-guardians' chats are left as they are."""
        await self._store.record(
            Notice(chat_id, message_id, chat_id, NoticeKind.BANNED, group_id=group_id)
        )
        if messenger is not None:
            await self._away(messenger, chat_id, group_id, BAN)
            title = await self._store.group_title(group_id) or ""
            await self._in_the_past(
                messenger,
                chat_id,
                group_id,
                {
                    NoticeKind.UNBANNED: (
                        _replace,
                        partial(moderation_texts.ban_lifted_since_banned_again, title),
                    )
                },
            )

    async def unbanned(self, chat_id: int, message_id: int, group_id: UUID) -> None:
        """Told the user in ``chat_id`` that the group's organizers turned my service back
        on for them, and to open my link there again (``UNBANNED``)."""
        await self._store.record(
            Notice(chat_id, message_id, chat_id, NoticeKind.UNBANNED, group_id=group_id)
        )

    async def ban_lifted(
        self, messenger: Messenger, user_id: int, group_id: UUID, title: str
    ) -> None:
        """The user's ban from the group (``title``) was lifted: what told them it stood
        says it was lifted since, and so do the questions it closed (walken4 8: asked
        again once they are back, as new messages); all forgotten then (nothing in them is
        left for a /forget to make untrue). Their "You're in…", "… is ready…" say that its
        photos come once they are back through its link (their membership is not restored:
        ``back`` says them as before)."""
        await self._away(messenger, user_id, group_id, LIFTED, instead=BAN)
        await self._in_the_past(
            messenger,
            user_id,
            group_id,
            {
                NoticeKind.BANNED: (
                    _replace,
                    partial(moderation_texts.ban_said_since_lifted, title),
                ),
                NoticeKind.CLOSED_BY_BAN: (
                    _recaption,
                    partial(moderation_texts.question_closed_by_ban_since_lifted, title),
                ),
            },
        )

    async def left(
        self, messenger: Messenger, chat_id: int, message_id: int, group_id: UUID
    ) -> None:
        """Told the user in ``chat_id`` that they are no longer in the group ("You're no
        longer in Class 1A…"): made true at their return, and at their /forget (walken4 1).
        Their older "You're in… Class 1A" and "… is ready… from: Class 1A" no longer
        promise its photos meanwhile (``_away``)."""
        await self._store.record(
            Notice(chat_id, message_id, chat_id, NoticeKind.LEFT, group_id=group_id)
        )
        await self._away(messenger, chat_id, group_id, LEFT)

    async def bot_removed(
        self, messenger: Messenger, chat_id: int, message_id: int, group_id: UUID
    ) -> None:
        """Told the user in ``chat_id`` that the group's organizers removed me from it ("I
        was removed from Class 1A…"): their older "You're in… Class 1A" and "… is ready…
        from: Class 1A" no longer promise its photos (``_away``); all made true again when
        I am added back (``bot_back``), and at their /forget."""
        await self._store.record(
            Notice(chat_id, message_id, chat_id, NoticeKind.BOT_REMOVED, group_id=group_id)
        )
        await self._away(messenger, chat_id, group_id, REMOVED)

    async def bot_back(self, messenger: Messenger, group_id: UUID, title: str) -> None:
        """I am in the group (``title``) again: what told its parents I was removed says it
        in the past, and their "You're in…", "… is ready…" promise its photos again."""
        for notice in await self._store.of_group(group_id, NoticeKind.BOT_REMOVED):
            async with speaking_to(notice.chat_id):
                said = groups_texts.bot_removed_since_back(title)
            await _replace(messenger, notice, said)
            await self._store.drop_message(notice.chat_id, notice.message_id)
            await self._returned(messenger, notice.chat_id, group_id, REMOVED)

    async def _away(
        self,
        messenger: Messenger,
        user_id: int,
        group_id: UUID,
        why: str,
        *,
        instead: str | None = None,
    ) -> None:
        """Nothing comes to the user from the group for now (``why``: ``LEFT``, ``REMOVED``,
        ``BAN``, ``LIFTED``): each "You're in… <group>" of theirs says so instead, and each
        "… is ready… from: <group>" names it apart (issue 32: both kept promising its
        photos); said as before at ``_returned``. One re-worded at "Forget faces", or merged
        since, promises nothing of it: left as it is. ``instead``: only those away from it
        for that reason, said now for ``why`` (a ban lifted, the reader not back yet)."""
        title = await self._store.group_title(group_id)
        if title is None:
            return
        for notice in await self._store.in_chat(user_id):
            shown = dict(notice.shown or {})
            away = dict(shown.get(AWAY) or {})
            was = away.get(str(group_id))
            if instead is None and was is not None:
                continue
            if instead is not None and (not isinstance(was, Mapping) or was.get("why") != instead):
                continue
            if notice.kind == NoticeKind.SENDING and notice.group_id == group_id:
                if isinstance(was, Mapping) and shown.get("now") != was.get("said"):
                    continue  # re-worded since for another reason: it says that still
                async with speaking_to(notice.chat_id):
                    said = onboarding_texts.sending_while_away(
                        title, left=why == LEFT, banned=why == BAN, lifted=why == LIFTED
                    )
                away[str(group_id)] = {
                    "why": why,
                    "title": title,
                    "now": was.get("now") if isinstance(was, Mapping) else shown.get("now"),
                    "said": said,
                }
                shown["now"] = said  # (what a change of its keep says meanwhile)
                async with speaking_to(notice.chat_id):
                    said = await self._with_keep(notice, said)
            elif notice.kind == NoticeKind.READY and title in _ready_groups(notice):
                away[str(group_id)] = {"why": why, "title": title}
                name = await self._store.person_name(notice.person_ids[0])
                if name is None:
                    continue
                async with speaking_to(notice.chat_id):
                    said = _ready_away(notice, name, away)
            elif _promised_in(notice) == str(group_id):
                away[str(group_id)] = {"why": why, "title": title}
                async with speaking_to(notice.chat_id):
                    promise = await self._promise_said(notice, title, away[str(group_id)])
                if promise is None:
                    continue
                said = promise
            else:
                continue
            await _replace(messenger, notice, said)
            await self._store.drop_message(notice.chat_id, notice.message_id)
            await self._store.record(replace(notice, shown={**shown, AWAY: away}))

    async def _promise_said(
        self, notice: Notice, title: str, away: Mapping[str, Any] | None = None
    ) -> str | None:
        """An approval's "✅ … approved by the organizers of <group>. I'll send you…", or
        "The organizers of <group> now have me send you its photos…" (``_promised_in``),
        as first said; with ``away`` (an ``AWAY`` entry), saying instead why nothing comes
        from there now (None: its person is gone)."""
        shown = notice.shown or {}
        approved, delivery = shown.get(APPROVED), shown.get(DELIVERY)
        if isinstance(approved, Mapping):
            name = await self._store.person_name(notice.person_ids[0])
            if name is None:
                return None
            co_guardian = bool(approved.get("co_guardian"))
            if away is None:
                return moderation_texts.approved_for_guardian(name, title, co_guardian)
            said = moderation_texts.approved_by(name, title, co_guardian)
        elif isinstance(delivery, Mapping):
            digest = moderation_texts.digest_at(int(delivery["hour"]), str(delivery["zone"]))
            said = moderation_texts.delivery_changed(title, str(delivery["mode"]), digest)
            if away is None:
                return said
        else:
            return None
        why = away.get("why")
        lines = enrollment_texts.away_from(
            *([title] if why == w else [] for w in (REMOVED, LEFT, BAN, LIFTED))
        )
        return " ".join([said, *lines])

    async def _returned(self, messenger: Messenger, user_id: int, group_id: UUID, why: str) -> None:
        """Things come to the user from the group again (``why``, as ``_away``'s): what
        ``_away`` redrew says what it said before (a "… is ready…" in its person's name as
        now), unless re-worded since for another reason ("Forget faces", a merge)."""
        for notice in await self._store.in_chat(user_id):
            shown = dict(notice.shown or {})
            away = dict(shown.get(AWAY) or {})
            was = away.pop(str(group_id), None)
            if not isinstance(was, Mapping) or was.get("why") != why:
                continue
            if away:
                shown[AWAY] = away
            else:
                shown.pop(AWAY, None)
            said = ""
            if _promised_in(notice) == str(group_id):
                named = await self._store.group_title(group_id) or str(was.get("title"))
                async with speaking_to(notice.chat_id):
                    said = await self._promise_said(notice, named) or ""
            elif notice.kind == NoticeKind.SENDING and shown.get("now") == was.get("said"):
                # What a redraw had left it saying, else what it was made of, in its
                # persons' names as now (a rename meanwhile left it as it was).
                before, parts = was.get("now"), shown.get(PARTS)
                drawn = isinstance(parts, Mapping) and before == parts.get("said")
                shown.pop("now", None)
                async with speaking_to(notice.chat_id):
                    words = (
                        before
                        if isinstance(before, str) and not drawn
                        else await self._sending_said(replace(notice, shown=shown))
                    )
                    said = await self._with_keep(notice, words) if words is not None else ""
                if isinstance(before, str):
                    shown["now"] = words if drawn else before
                if drawn and isinstance(parts, Mapping):
                    shown[PARTS] = {**parts, "said": words}
            elif notice.kind == NoticeKind.READY and _ready_groups(notice):
                name = await self._store.person_name(notice.person_ids[0])
                first = shown.get("first")
                if name is not None and isinstance(first, Mapping):
                    async with speaking_to(notice.chat_id):
                        said = (
                            _ready_away(notice, name, away)
                            if away
                            else first_said(first, [name], "?") or ""
                        )
            # (Else re-worded since for another reason: it says that still.)
            if said:
                await _replace(messenger, notice, said)
            await self._store.drop_message(notice.chat_id, notice.message_id)
            await self._store.record(replace(notice, shown=shown or None))

    async def closed(self, chat_id: int, message_id: int, group_id: UUID, *, left: bool) -> None:
        """A question about the group's photos in the user's chat ``chat_id`` was closed by
        their ban (``left``: by their leaving the group): said in the past at the unban (at
        their return)."""
        kind = NoticeKind.CLOSED_BY_LEAVING if left else NoticeKind.CLOSED_BY_BAN
        await self._store.record(Notice(chat_id, message_id, chat_id, kind, group_id=group_id))

    async def back(self, messenger: Messenger, user_id: int, group_id: UUID, title: str) -> None:
        """The user is back in the group (``title``) through its link: what told them they
        were no longer in it, and the questions their leaving closed, say it in the past
        (walken4 1, 9: what is still open is asked again, as new messages); forgotten then.
        Their older "You're in…", "… is ready…" promise its photos again."""
        await self._in_the_past(
            messenger,
            user_id,
            group_id,
            {
                NoticeKind.LEFT: (_replace, partial(groups_texts.no_longer_in_since_back, title)),
                NoticeKind.UNBANNED: (
                    _replace,
                    partial(moderation_texts.ban_lifted_since_back, title),
                ),
                NoticeKind.CLOSED_BY_LEAVING: (
                    _recaption,
                    partial(corrections_texts.question_left_since_back, title),
                ),
            },
        )
        await self._returned(messenger, user_id, group_id, LEFT)
        await self._returned(messenger, user_id, group_id, LIFTED)

    async def link_opened(
        self, messenger: Messenger, user_id: int, group_title: str, *, waiting: bool = False
    ) -> None:
        """A co-guardian opened a group's link (``group_title``), in none of mine before:
        their "You're now a guardian of Alice… once you open its link" and the other
        guardians' "Carl is now also a guardian… once they open the link…; I'll tell you
        when they do" say it as done (walk33 2, 3), and keep saying so at a rename
        (``first["opened"]``); ``waiting``: the group's organizers approve them first."""
        for notice in await self._store.about(user_id):
            shown = notice.shown or {}
            first = shown.get("first")
            if not isinstance(first, Mapping) or first.get("opened") or not notice.person_ids:
                continue
            if notice.faceless or shown.get("back") or shown.get("unapproved"):
                continue  # re-worded since ("Forget faces", the organizers' decisions)
            if first.get("in_a_group") or first.get("unapproved"):
                continue
            if notice.kind == NoticeKind.GUARDIAN and _to_open(first):
                opened: Any = {"group": group_title, "waiting": waiting}
            elif notice.kind == NoticeKind.GUARDED_BY and first.get("text") == FirstSaid.JOINED:
                opened = True
            else:
                continue
            first = {**first, "opened": opened}
            names = await self._names_of(notice.person_ids)
            who = await self._store.first_name(user_id) or "?"
            async with speaking_to(notice.chat_id):
                said = first_said(first, names, who) if names else None
            if said is None:
                continue
            await _replace(messenger, notice, said)
            await self._store.shown_now(notice, {**shown, "first": first})

    async def _in_the_past(
        self,
        messenger: Messenger,
        user_id: int,
        group_id: UUID,
        say: dict[NoticeKind, tuple[Redraw, Callable[[], str]]],
    ) -> None:
        """The user's notices about the group of the kinds in ``say``: each redrawn (its
        text, or a photo's caption) with what ``say`` makes of it, in the reader's
        language, then forgotten (nothing in them is left for a /forget to make untrue)."""
        for notice in await self._store.about(user_id):
            if notice.group_id != group_id or notice.kind not in say:
                continue
            redraw, text = say[notice.kind]
            async with speaking_to(notice.chat_id):
                said = text()
            await redraw(messenger, notice, said)
            await self._store.drop_message(notice.chat_id, notice.message_id)

    async def unlike(self, person_id: UUID, verdict: Closing) -> None:
        """An enrollment verdict of the person warned its face is unlike the others
        (``verdict``: as said without the warning, its session over)."""
        times = verdict.clip[1] if verdict.clip is not None else ()
        await self._store.drop_message(verdict.chat_id, verdict.message_id)  # (run again)
        await self._store.record(
            Notice(
                verdict.chat_id,
                verdict.message_id,
                verdict.chat_id,
                NoticeKind.UNLIKE,
                (person_id,),
                count=verdict.count,
                times=times,
            )
        )

    async def unlike_of(self, person_ids: Collection[UUID]) -> list[Notice]:
        """The verdicts about these persons that warn their face is unlike the others
        (read before their faces go, with ``unwarn`` to follow)."""
        return await self._store.unlike_of(person_ids)

    async def unwarn(
        self, messenger: Messenger, warned: list[Notice], names: dict[UUID, str]
    ) -> None:
        """Their faces are gone: the verdicts ``warned`` say their count without the
        warning's instruction to open the card and press "Forget faces" (walken4 7), and
        are forgotten. ``names``: each person's (a clip's verdict names it)."""
        for notice in warned:
            name = next((names[p] for p in notice.person_ids if p in names), "")
            async with speaking_to(notice.chat_id):
                said = _unwarned(notice, name)
            await _replace(messenger, notice, said)
            await self._store.drop_message(notice.chat_id, notice.message_id)

    async def export(self, chat_id: int, message_id: int) -> None:
        """Sent the user an /export document."""
        await self._store.record(Notice(chat_id, message_id, chat_id, NoticeKind.EXPORT))

    async def forgotten(
        self,
        messenger: Messenger,
        user_id: int,
        who: str,
        language: str,
        name_of: Callable[[UUID], Awaitable[str | None]],
        known: Mapping[UUID, str] | None = None,
    ) -> None:
        """The user (first name ``who``, reading ``language``) deleted everything: each
        message about them says it in the past. ``name_of``: a person's name now (None:
        deleted since); ``known``: their persons' names as they knew them, before.

        In their own chat, a line said in full is said once, by the newest message that
        would say it: the older ones say in brief what they were about (walken7 8: six
        messages read the same line, below the goodbye that says it all)."""
        own: list[tuple[Notice, str, str]] = []  # in their chat: (notice, in full, brief)
        waits: list[Notice] = []  # their "… added photos… once the organizers approve"
        for notice in await self._store.about(user_id):
            if LEFT_FROM in (notice.shown or {}):
                continue  # "You were a guardian of Alice until you stopped…": true still
            names = [n for n in [await name_of(p) for p in notice.person_ids] if n]
            try:
                if notice.kind == NoticeKind.EXPORT:
                    await _export_gone(messenger, notice, language)
                elif notice.kind == NoticeKind.BANNED:
                    title = await self._title_of(notice)
                    with in_language(language):
                        said = moderation_texts.ban_said_since_forgotten(title)
                    await messenger.replace_text(notice.chat_id, notice.message_id, said)
                elif notice.kind == NoticeKind.LEFT:
                    title = await self._title_of(notice)
                    with in_language(language):
                        said = groups_texts.no_longer_in_since_forgotten(title)
                    await messenger.replace_text(notice.chat_id, notice.message_id, said)
                elif notice.kind == NoticeKind.UNBANNED:
                    title = await self._title_of(notice)
                    with in_language(language):
                        said = moderation_texts.ban_lifted_since_forgotten(title)
                    await messenger.replace_text(notice.chat_id, notice.message_id, said)
                elif notice.kind == NoticeKind.BOT_REMOVED:
                    title = await self._title_of(notice)
                    with in_language(language):
                        said = groups_texts.bot_removed_since_forgotten(title)
                    await messenger.replace_text(notice.chat_id, notice.message_id, said)
                elif notice.kind in (
                    NoticeKind.CLOSED_BY_BAN,
                    NoticeKind.CLOSED_BY_LEAVING,
                    NoticeKind.ACCEPTED,
                    NoticeKind.FACES_FORGOTTEN,
                    NoticeKind.HELD_CLOSED,
                    NoticeKind.COPY_GONE,
                    NoticeKind.TAKEN_DOWN,
                    NoticeKind.UNREADABLE,
                ):
                    pass  # closed, or an invitation accepted, as it says: true still
                elif notice.kind == NoticeKind.SENDING:
                    title = await self._title_of(notice)
                    with in_language(language):
                        own.append(
                            (
                                notice,
                                texts.sending_since_forgotten(),
                                texts.sending_since_forgotten_brief(title),
                            )
                        )
                elif notice.kind == NoticeKind.INVITED:
                    # "Ann invited you… Accept?": the invitation went with Ann's data.
                    async with speaking_to(notice.chat_id):
                        said = persons_texts.invitation_since_forgotten(who, names)
                    edit = await messenger.replace_text(notice.chat_id, notice.message_id, said)
                    if edit == Edit.REFUSED:  # its "Accept" answers why, when pressed
                        await self._store.ended(notice, InviteEnd.FORGOTTEN)
                elif notice.kind == NoticeKind.UNLIKE:
                    # A person that stays with its other guardians: no card of theirs now.
                    with in_language(language):
                        said = _unwarned(notice, names[0] if names else "")
                    await messenger.replace_text(notice.chat_id, notice.message_id, said)
                elif notice.kind == NoticeKind.HELD:
                    with in_language(language):
                        said = persons_texts.held_since_forgotten()
                    await messenger.replace_text(notice.chat_id, notice.message_id, said)
                elif notice.kind == NoticeKind.NEWS_BY:
                    # "Ann renamed Alice to Alicia.", in another guardian's chat: her name
                    # went with her data (issue 32); "… until one of you resumes" with no
                    # other guardian left, "until you resume".
                    notice = await self._as_guarded_now(notice)
                    async with speaking_to(notice.chat_id):
                        said = _news_said(notice, names[0] if names else "?", None)
                    if (notice.shown or {}).get("photo"):  # a question's caption
                        await messenger.recaption(notice.chat_id, notice.message_id, said)
                    else:
                        await messenger.replace_text(notice.chat_id, notice.message_id, said)
                    shown = notice.shown or {}
                    if (
                        shown.get("news") == ADDED
                        and DECIDED not in shown
                        and None in _decisions(shown)
                    ):
                        waits.append(notice)  # the organizers' decision redraws it still
                elif notice.kind in (NoticeKind.GUARDIAN, NoticeKind.READY):
                    # As now (a merged one by the name it has now), else as they knew it.
                    knew = [
                        n
                        for p in notice.person_ids
                        if (n := await name_of(p) or (known or {}).get(p))
                    ]
                    with in_language(language):
                        own.append(
                            (
                                notice,
                                persons_texts.you_were_guardian(names),
                                _forgotten_brief(notice, list(dict.fromkeys(knew))),
                            )
                        )
                else:
                    # "Carl is now also a guardian of Alice…" in another guardian's chat: in
                    # the past, and without his name, which went with his data (issue 32).
                    async with speaking_to(notice.chat_id):
                        said = _guarded_by_unnamed(notice, names)
                    await messenger.replace_text(notice.chat_id, notice.message_id, said)
            except TelegramUnavailable as error:
                log.info(
                    "message %s in %s not made true: %s", notice.message_id, notice.chat_id, error
                )
                if notice.kind == NoticeKind.INVITED:
                    await self._store.ended(notice, InviteEnd.FORGOTTEN)
        # In their own chat, "Carl is now also a guardian of Alice… I'll tell you when…",
        # "Carl now gets the photos and clips of Alice…" ("too", for them): said in the past
        # as well (walkhe2, also noticed).
        for notice in await self._store.in_chat(user_id):
            if notice.kind != NoticeKind.GUARDED_BY or notice.about_user_id in (None, user_id):
                continue
            assert notice.about_user_id is not None
            other = await self._store.first_name(notice.about_user_id)
            names = [n for n in [await name_of(p) for p in notice.person_ids] if n]
            with in_language(language):
                own.append(
                    (
                        notice,
                        persons_texts.guarded_with_you_until_forgotten(other or "?", names),
                        # (None named, its persons deleted: no brief line to say.)
                        _guarded_by_past(notice, other or "?", names)
                        if names
                        else persons_texts.guarded_with_you_until_forgotten(other or "?", names),
                    )
                )
        said_once: set[tuple[int, str]] = set()  # (chat, line) said in full, newest first
        for notice, full, brief in sorted(own, key=lambda o: o[0].message_id, reverse=True):
            once = (notice.chat_id, full)
            await _replace(messenger, notice, brief if once in said_once else full)
            said_once.add(once)
        await self._told_by_unnamed(messenger, user_id)
        await self._news_to_them_past(messenger, user_id, language, name_of, known)
        await self._store.drop(user_id)
        for notice in waits:  # kept about nobody: it names no one now
            await self._store.record(replace(notice, about_user_id=None))
        for person_id in known or {}:  # the persons they leave to the other guardians
            await self.guardians_changed(messenger, person_id)

    async def guardians_changed(self, messenger: Messenger, person_id: UUID) -> None:
        """The person's guardians changed (one left, was removed, deleted their data, or
        joined): "Ann paused Alice: … until one of you resumes" in a guardian's chat says
        "until you resume" while its reader is the only guardian left, and "one of you"
        again once another joins (issue 32)."""
        names = await self._names_of([person_id])
        if not names:
            return
        for notice in await self._store.to_rename(person_id):
            if notice.kind != NoticeKind.NEWS_BY or (notice.shown or {}).get("news") != PAUSED:
                continue
            now = await self._as_guarded_now(notice)
            if now.shown == notice.shown:
                continue
            who = (
                await self._store.first_name(notice.about_user_id)
                if notice.about_user_id is not None
                else None
            )
            async with speaking_to(notice.chat_id):
                said = _news_said(now, names[0], who)
            await _replace(messenger, notice, said)
            await self._store.shown_now(notice, now.shown or {})

    async def _as_guarded_now(self, notice: Notice) -> Notice:
        """A ``PAUSED`` news as it is to read with the person's guardians now: ``ALONE``
        while its reader is the only one (another kind, or a reader gone: as it is)."""
        shown = dict(notice.shown or {})
        if shown.get("news") != PAUSED or shown.get(RESUMED) or not notice.person_ids:
            return notice  # (one resumed since says so, to one guardian or many)
        guardians = await self._store.guardian_chats(notice.person_ids[0])
        if notice.chat_id not in guardians:
            return notice
        if guardians == {notice.chat_id}:
            shown[ALONE] = True
        else:
            shown.pop(ALONE, None)
        return replace(notice, shown=shown)

    async def _told_by_unnamed(self, messenger: Messenger, user_id: int) -> None:
        """The user deleted everything: what the other guardians read they did ("Ann said a
        face in a photo from Class 1A isn't Alice, so I deleted your copy…", "Ann merged
        Amy into Alice: …", "Ann left, so you're now the owner of Alice…") says it without
        their name (issue 32: it went with their data), as a rename since would."""
        for notice in await self._store.told_by(user_id):
            if notice.chat_id == user_id:
                continue  # (their own chat's say it above)
            if notice.kind == NoticeKind.FACES_FORGOTTEN:
                await self._faces_forgotten_unnamed(messenger, notice)
                continue
            shown = dict(notice.shown or {})
            first = shown.get("first")
            if notice.kind == NoticeKind.GUARDIAN and isinstance(first, Mapping):
                shown["first"] = {k: v for k, v in first.items() if k != "by"}
            else:
                shown.pop("by", None)
            names = await self._names_of(notice.person_ids)
            if not names:
                continue
            async with speaking_to(notice.chat_id):
                said = _said_as_now(replace(notice, shown=shown), names[0], names, None)
            if said is not None:
                await _replace(messenger, notice, said)
            await self._store.shown_now(notice, shown)

    async def _faces_forgotten_unnamed(self, messenger: Messenger, notice: Notice) -> None:
        """ "Ann had me forget the faces of Alice…" (or its "Since then…" once photos of
        her were added again, or she was merged) in another guardian's chat, once Ann
        deleted her data: said without her name (issue 32)."""
        shown = {k: v for k, v in (notice.shown or {}).items() if k != "by"}
        shown[BY_ANOTHER] = True
        names = await self._names_of(notice.person_ids)
        name = names[0] if names else str(shown.get(MERGED_NAME) or "")
        if name:
            async with speaking_to(notice.chat_id):
                said = _faces_forgotten_said(shown, name, None)
            await _replace(messenger, notice, said)
        await self._store.shown_now(notice, shown)

    async def renamed(
        self,
        messenger: Messenger,
        chats: Collection[int],
        person_id: UUID,
    ) -> None:
        """The person was renamed: the notices said in the past about it, in ``chats``,
        name it as now (not whoever left: /forget deleted their name)."""
        for notice in await self._store.said_past(chats, person_id):
            names = await self._names_of(notice.person_ids)
            async with speaking_to(notice.chat_id):
                said = _guarded_by_unnamed(notice, names)
            await _replace(messenger, notice, said)
        await self._invites_renamed(messenger, person_id)

    async def named_as_now(
        self, messenger: Messenger, chats: Collection[int], person_id: UUID
    ) -> None:
        """The person was renamed: what told its guardians (``chats``) that they, or another,
        guard it and get its photos ("You're now a guardian of Alice…", "Carl is now also a
        guardian of Alice…"), that it is ready ("Alice is ready…"), or that another
        guardian's correction deleted their copy of its photo ("Another guardian of Alice
        removed…"), says it as it did, in the new name (walken7 2: they kept the old one,
        beside cards and captions in the new). One whose words were not kept (sent before
        they were, or that the organizers' decisions redraw) is left as it is; so is one in
        the chat of a guardian who left it (they hear nothing of it since)."""
        name = await self._store.person_name(person_id)
        if name is None:
            return
        for notice in await self._store.to_rename(person_id):
            if notice.chat_id not in chats:
                continue
            if notice.kind == NoticeKind.GUARDED_BY and notice.about_user_id is None:
                continue  # said in the past at that guardian's /forget: ``renamed``
            shown = notice.shown or {}
            if shown.get("unapproved") and not (notice.faceless or shown.get("back")):
                continue  # "… not approved yet": the decisions' redraw says it (above)
            names = await self._names_of(notice.person_ids)
            who = (
                await self._store.first_name(notice.about_user_id)
                if notice.kind == NoticeKind.GUARDED_BY and notice.about_user_id is not None
                else None
            )
            first = (notice.shown or {}).get("first")
            if notice.kind == NoticeKind.GUARDIAN and isinstance(first, Mapping):
                by = first.get("by")  # who merged it, or the owner who left it
                who = await self._store.first_name(int(by)) if by is not None else None
            if notice.kind == NoticeKind.COPY_GONE and shown.get("by") is not None:
                who = await self._store.first_name(int(shown["by"]))  # walk33 4
            if notice.kind == NoticeKind.NEWS_BY:
                if shown.get("news") == RENAMED or notice.about_user_id is None:
                    continue  # a rename's news says the names of then
                who = await self._store.first_name(notice.about_user_id)
            async with speaking_to(notice.chat_id):
                said = (
                    _ready_away(notice, name, shown[AWAY])
                    if notice.kind == NoticeKind.READY and shown.get(AWAY) and _ready_groups(notice)
                    else _said_as_now(notice, name, names, who)
                )
            if said is not None:
                await _replace(messenger, notice, said)
        await self._faces_forgotten_renamed(messenger, chats, person_id, name)
        # "Since then Amy was merged into Alice…" of those merged into it.
        await self._merged_into_renamed(messenger, person_id)
        await self._sending_renamed(messenger, chats, person_id)

    async def _faces_forgotten_renamed(
        self, messenger: Messenger, chats: Collection[int], person_id: UUID, name: str
    ) -> None:
        """The person was renamed ``name``: "Ann had me forget the faces of Alice…" (or its
        "Since then photos of Alice were added again…") in its guardians' chats (``chats``),
        and the owner's own "I've deleted every face of Alice…", say it in the new name
        (issue 32: they kept the old one); one said of a person merged since is left to
        ``_merged_into_renamed``."""
        for notice in await self._store.naming(person_id):
            shown = notice.shown or {}
            if (
                notice.kind != NoticeKind.FACES_FORGOTTEN
                or notice.chat_id not in chats
                or MERGED_INTO in shown
            ):
                continue
            by = shown.get("by")
            asker = await self._store.first_name(by) if isinstance(by, int) else None
            async with speaking_to(notice.chat_id):
                said = _faces_forgotten_said(shown, name, asker)
            await _replace(messenger, notice, said)

    async def _sending_renamed(
        self, messenger: Messenger, chats: Collection[int], person_id: UUID
    ) -> None:
        """The person was renamed: each "You're in: I'll look for Alice in Class 1A…" in its
        guardians' chats (``chats``) that names it, among those it looks for or those that
        wait for the group's organizers ("Nothing of Alice comes to you from Class 1A
        until…"), says what it said, by its parts, in their names as now (it kept the old
        name); so does one redrawn since for a child no longer theirs ("Since then you are no
        longer a guardian of Amy: I look for Alice…", ``GONE``), and, once back, one that
        says meanwhile that nothing comes from its group (issue 32: both kept the old name).
        One redrawn since for another reason ("Forget faces") is left as that left it."""
        for chat_id in chats:
            for notice in await self._store.in_chat(chat_id):
                shown = notice.shown or {}
                parts = shown.get(PARTS)
                if notice.kind != NoticeKind.SENDING or not isinstance(parts, Mapping):
                    continue
                waiting = [UUID(str(p)) for p in parts.get("waiting") or ()]
                if person_id not in (*notice.person_ids, *waiting):
                    continue
                if notice.faceless or shown.get("back"):
                    continue
                title = await self._title_of(notice)
                if title is None:
                    continue
                # Away from its group (``_away``), it says so meanwhile: what it says once
                # back is what is renamed then, and said at the return (``_returned``).
                now = shown.get("now")
                away = shown.get(AWAY)
                away = away if isinstance(away, Mapping) else {}
                meanwhile = next(
                    (
                        gid
                        for gid, was in away.items()
                        if isinstance(was, Mapping) and was.get("said") == now
                    ),
                    None,
                )
                before = away[meanwhile].get("now") if meanwhile is not None else now
                gone = shown.get(GONE)
                async with speaking_to(notice.chat_id):
                    if isinstance(gone, Mapping) and before is not None and before == gone["said"]:
                        # "Since then you are no longer a guardian of Amy: I look for Alice…"
                        words = texts.sending_since_gone(
                            str(gone["name"]) if "name" in gone else None,
                            await self._names_of(notice.person_ids),
                            title,
                            deleted=bool(gone.get("deleted")),
                        )
                        now_shown = {**shown, GONE: {**gone, "said": words}}
                    elif before is None or before == parts.get("said"):
                        words = await self._sending_said(notice) or ""
                        now_shown = {**shown, PARTS: {**parts, "said": words}}
                    else:
                        continue  # redrawn since for another reason: left as that left it
                    said = await self._with_keep(notice, words)
                if meanwhile is not None:
                    if before is not None:
                        now_shown[AWAY] = {**away, meanwhile: {**away[meanwhile], "now": words}}
                    await self._store.shown_now(notice, now_shown)
                    continue
                await _replace(messenger, notice, said)
                await self._store.drop_message(notice.chat_id, notice.message_id)
                await self._store.record(replace(notice, shown=now_shown))
                # A change of its keep says these words, not the first ones.
                await self._store.words_now(notice.chat_id, notice.message_id, words)

    async def _sending_said(self, notice: Notice) -> str | None:
        """What a ``SENDING`` notice of a group said, made again of its parts, in their
        names as now, in the language in force (None: its group is gone)."""
        title = await self._title_of(notice)
        if title is None:
            return None
        shown = notice.shown or {}
        parts = shown.get(PARTS)
        parts = parts if isinstance(parts, Mapping) else {}
        waiting = await self._names_of([UUID(str(p)) for p in parts.get("waiting") or ()])
        if not parts and shown.get(ANOTHER):
            waiting = ["?"]  # (named nowhere: "To enroll another child")
        words = onboarding_texts.joined(title, await self._names_of(notice.person_ids), waiting)
        for key, line in (
            ("still_waiting", onboarding_texts.still_waiting),
            ("still_rejected", onboarding_texts.still_rejected),
        ):
            ids = [UUID(str(p)) for p in parts.get(key) or ()]
            if named := await self._names_of(ids):
                words += "\n" + line(title, named)
        return words

    async def _names_of(self, person_ids: Sequence[UUID]) -> list[str]:
        """The names of these persons now, in order (one deleted since left out)."""
        return [n for n in [await self._store.person_name(p) for p in person_ids] if n]

    async def _title_of(self, notice: Notice) -> str | None:
        """The title of the group a notice speaks of, as now (None: none, or gone)."""
        return (
            await self._store.group_title(notice.group_id) if notice.group_id is not None else None
        )

    async def accepted_renamed(
        self, messenger: Messenger, persons: Persons, person_id: UUID
    ) -> None:
        """The person was renamed: the invitations to guard it, accepted, name it as now
        ("Ann invited you… of Alice… You accepted on…" kept the old name: fixz)."""
        await self._waited_redrawn(messenger, persons, person_id, renamed=True)

    async def _invites_renamed(self, messenger: Messenger, person_id: UUID) -> None:
        """The messages that handed the renamed person's invitations, used ("Carl used the
        link I made here to become a guardian of Alice…") or expired, name it as now
        (walken4 5). One still unused holds its link, which I cannot make again: left. One
        whose creator no longer guards the person keeps saying so (walk37A A2)."""
        name = await self._store.person_name(person_id)
        if name is None:
            return
        for made in await self._store.invites_made(person_id):
            async with speaking_to(made.chat_id):
                if made.used_by is not None:
                    said = _invite_used(name, made)
                elif made.expired is not None:
                    said = persons_texts.invite_link_expired(name, made.expired)
                else:
                    continue
            try:
                await messenger.replace_text(made.chat_id, made.message_id, said)
            except TelegramUnavailable as error:
                log.info("invitation said in %s left as it was: %s", made.chat_id, error)

    async def inviter_stopped(self, messenger: Messenger, event: GuardianshipEnded) -> None:
        """A guardian left the person or was removed (``event``): the messages that handed
        their invitations to guard it, used, say they stopped being its guardian since, no
        longer to press the card's "Invite co-guardian" again: they have no card of it
        (walk37A A2). Their unused ones were deleted, and said so, by the removal."""
        if event.user_id is None:
            return
        for made in await self._store.invites_made(event.person_id):
            if made.chat_id != event.user_id or made.used_by is None:
                continue
            async with speaking_to(made.chat_id):
                said = _invite_used(event.name, made)
            try:
                await messenger.replace_text(made.chat_id, made.message_id, said)
            except TelegramUnavailable as error:
                log.info("invitation said in %s left as it was: %s", made.chat_id, error)

    async def joined_said_past(self, messenger: Messenger, event: GuardianshipEnded) -> None:
        """A guardian left the person or was removed (``event``): in their chat, "Rivka is
        now also a guardian of Alice: they accepted an invitation, and will get…" (its
        "also", and its "too" in he, no longer take in its reader) says in the past that
        Rivka accepted it (walk37A A4), as it does once Rivka no longer guards it; no longer
        kept, so that nothing says it in the present again."""
        if event.user_id is None:
            return
        for notice in await self._store.naming(event.person_id):
            if (
                notice.chat_id != event.user_id
                or notice.kind != NoticeKind.GUARDED_BY
                or notice.about_user_id is None
                or (notice.shown or {}).get("said") != JOINED
            ):
                continue
            who = await self._store.first_name(notice.about_user_id) or "?"
            names = [
                name
                for name in [await self._store.person_name(p) for p in notice.person_ids]
                if name is not None
            ]
            async with speaking_to(notice.chat_id):
                said = persons_texts.co_guardian_accepted_past(who, names or [event.name])
            await _replace(messenger, notice, said)
            await self._store.drop_message(notice.chat_id, notice.message_id)

    async def person_deleted(
        self,
        messenger: Messenger,
        person_id: UUID,
        name: str,
        guardians: Collection[int] = (),
        *,
        told: Collection[int] = (),
    ) -> None:
        """The person (``name``) was deleted: each message saying someone guards it and
        gets its photos ("✅ Alice is approved… I'll send you… from now on", "Sam is yours
        now… I'll look for more") says it was deleted since (findings26 6, findings27 7);
        its ``guardians`` (their chats) left with no one are told as such (``no_one_left``).

        In each chat, that line is said once, by the newest message that would say it: the
        older ones say in brief, in the past, what they told (walk32 6: seven messages read
        the same line), as a /forget's do (``forgotten``). In the chats ``told``, a message
        of its own says the deletion ("Ann deleted Alice…"): all of them say it in brief
        (issue 32: Carl read it twice)."""
        own: list[tuple[Notice, str, str]] = []  # (notice, in full, brief)
        for notice in await self._store.naming(person_id):
            if notice.kind == NoticeKind.SENDING:  # "You're in: I'll look for Alice and Bob…"
                await self._sending_without(messenger, notice, person_id, name, deleted=True)
                continue
            if notice.kind == NoticeKind.HELD:
                async with speaking_to(notice.chat_id):
                    said = persons_texts.held_since_deleted(name)
                await _replace(messenger, notice, said)
                await self._store.drop_message(notice.chat_id, notice.message_id)
                continue
            who = (
                await self._store.first_name(notice.about_user_id)
                if notice.kind == NoticeKind.GUARDED_BY and notice.about_user_id is not None
                else None
            )
            async with speaking_to(notice.chat_id):
                full = persons_texts.notice_of_deleted(name)
                if notice.kind == NoticeKind.GUARDED_BY:
                    brief = (
                        _guarded_by_unnamed(notice, [name])  # said in the past at a /forget
                        if notice.about_user_id is None
                        else _guarded_by_past(notice, who or "?", [name])
                    )
                elif notice.kind == NoticeKind.READY and _first_text(notice) == FirstSaid.PAUSED:
                    brief = persons_texts.was_paused_brief(name)  # "Paused Alice: …"
                elif notice.kind == NoticeKind.READY:  # "Alice is ready. I'll send you…"
                    brief = persons_texts.was_ready_brief(name)
                elif notice.kind == NoticeKind.GUARDIAN:
                    brief = persons_texts.you_were_guardian_brief([name])
                else:  # "Ann had me forget the faces of Alice… to enroll them again"
                    brief = texts.faces_forgotten_done(name)
            own.append((notice, full, brief))
        said_once = set(told)  # the chats where the deletion is said already, newest first
        for notice, full, brief in sorted(own, key=lambda o: o[0].message_id, reverse=True):
            await _replace(messenger, notice, brief if notice.chat_id in said_once else full)
            said_once.add(notice.chat_id)
            await self._store.drop_message(notice.chat_id, notice.message_id)
        # "Another guardian of Alice removed…": true as it says; its person no longer kept.
        # So is "Ann renamed Alice…", "Ann paused Alice…" (names it no longer keeps).
        for notice in await self._store.to_rename(person_id):
            if notice.kind in (NoticeKind.COPY_GONE, NoticeKind.NEWS_BY):
                await self._store.drop_message(notice.chat_id, notice.message_id)
        await self._unnamed_news(person_id)
        await self._unnamed_gone(person_id)
        # "Ann invited you… Accept?" to guard it: the invitation went with it (issue 32).
        asked = await self._store.invited_to(person_id)
        await self.invitation_ended(messenger, asked, InviteEnd.DELETED, name=name)
        # "Since then Amy was merged into Alice: I send you… of Alice": nothing comes now.
        await self._merged_into_deleted(messenger, person_id, name, guardians)
        await self.no_one_left(messenger, guardians)

    async def _unnamed_news(self, person_id: UUID) -> None:
        """The person was deleted: "Ann removed you as a guardian of Alice: …" in the chats
        of those she removed, and "Ann deleted every face of Alice." on an old card or
        question, keep the news (to say it without Ann's name at her /forget), not Alice's
        name (issue 32: it went with her), and the latter says then that she was deleted
        (not "faces": a row kept without the name for its faces says "every face of a
        child", migration 0093). The messages read as they did."""
        drop = ("name", "of", "faces")
        for notice in await self._store.news_of(person_id):
            kept = {k: v for k, v in (notice.shown or {}).items() if k not in drop}
            await self._store.shown_now(notice, kept)

    async def _unnamed_gone(self, person_id: UUID) -> None:
        """The person was deleted: "Since then you are no longer a guardian of Alice: I look
        for Yara…", in the chat of one who stopped guarding her before, no longer keeps her
        name (issue 32): what a redraw says since is said without it ("… of one child")."""
        for notice in await self._store.gone_of(person_id):
            shown = dict(notice.shown or {})
            gone = shown.get(GONE)
            if not isinstance(gone, Mapping):
                continue
            title = await self._title_of(notice)
            names = await self._names_of(notice.person_ids)
            async with speaking_to(notice.chat_id):
                words = texts.sending_since_gone(None, names, title, deleted=False)
            if shown.get("now") == gone.get("said"):
                shown["now"] = words
            shown[GONE] = {"deleted": False, "said": words}
            if isinstance(parts := shown.get(PARTS), Mapping):  # what a rename had it say
                shown[PARTS] = {k: v for k, v in parts.items() if k != "said"}
            await self._store.shown_now(notice, shown)

    async def no_one_left(self, messenger: Messenger, chats: Collection[int]) -> None:
        """Of the users in ``chats`` (the guardians of a person deleted), those who guard no
        one now: each "You're in Camp. To enroll another child, use /add." of theirs (said
        while their only people waited for the group's organizers) says what a joiner with
        no child reads, "… Use /add to enroll your child" (walken7 7: "another" stayed
        once their only child was deleted); kept, to be made true at their /forget."""
        for chat_id in chats:
            if await self._store.guards_anyone(chat_id):
                continue
            for notice in await self._store.in_chat(chat_id):
                shown = notice.shown or {}
                if notice.kind != NoticeKind.SENDING or not shown.get(ANOTHER):
                    continue
                title = await self._title_of(notice)
                if title is None:
                    continue
                async with speaking_to(notice.chat_id):
                    words = onboarding_texts.joined(title)
                    said = await self._with_keep(notice, words)
                await _replace(messenger, notice, said)
                await self._store.drop_message(notice.chat_id, notice.message_id)
                rest = {k: v for k, v in shown.items() if k not in (ANOTHER, "keeps")}
                await self._store.record(replace(notice, shown=rest or None))
                await self._store.words_now(notice.chat_id, notice.message_id, words)

    async def invitation_spent(
        self, messenger: Messenger, invite_id: UUID, used_by: int | None
    ) -> None:
        """The invitation was used (by the user ``used_by``), or expired unused (None): the
        others who opened its link and did not answer are told (issue 32: "Accept" stayed)."""
        asked = [n for n in await self._store.inviting(invite_id) if n.chat_id != used_by]
        why = InviteEnd.EXPIRED if used_by is None else InviteEnd.USED
        await self.invitation_ended(messenger, asked, why)

    async def inviter_gone(
        self, messenger: Messenger, person_id: UUID, participant_id: UUID
    ) -> None:
        """The participant no longer guards the person (left, or removed): those who opened
        their invitations' links to guard it and did not answer are told."""
        asked = await self._store.invited_by(person_id, participant_id)
        await self.invitation_ended(messenger, asked, InviteEnd.LEFT)

    async def faces_forgotten(self, messenger: Messenger, person_id: UUID, name: str) -> None:
        """The person's (``name``) faces were all deleted ("Forget faces"): each message
        saying it is ready and its photos come ("Alice is ready. I'll send you…", findings
        walken3 10), that its guardians get them ("You're now a guardian of Alice…", "Carl
        now gets the photos and clips of Alice…") or that I look for it ("You're in: I'll
        look for Alice in Class 1A…", walkhe2 5) says that nothing comes until photos of it
        are added again. Kept: a /forget or its deletion makes them true again, and photos
        added again (``faces_back``)."""
        await self._faces(messenger, person_id, name, back=False)

    async def faces_back(self, messenger: Messenger, person_id: UUID, name: str) -> None:
        """Photos of the person (``name``) were added again after "Forget faces", and it is
        ready: what said nothing comes until then says that they were (walken4 6)."""
        await self._faces(messenger, person_id, name, back=True)

    async def _faces(self, messenger: Messenger, person_id: UUID, name: str, *, back: bool) -> None:
        # Those said of a person merged into it too: its faces went with the merge (issue 32).
        merged = await self._store.merged_into(person_id)
        ids = {person_id, *merged}
        notices = await self._store.naming(person_id)
        for each in merged:
            notices += [n for n in await self._store.naming(each) if n not in notices]
        for notice in notices:
            if notice.kind == NoticeKind.HELD:
                if not back:
                    # The held photos were found by those faces: they went with them.
                    async with speaking_to(notice.chat_id):
                        said = persons_texts.held_since_faces_forgotten(name)
                    await _replace(messenger, notice, said)
                    await self._store.drop_message(notice.chat_id, notice.message_id)
                continue
            if notice.faceless != back:
                continue  # not re-worded at "Forget faces" (or re-worded again already)
            if notice.kind == NoticeKind.FACES_FORGOTTEN and (notice.shown or {}).get("back"):
                continue  # its photos added again since: a later "Forget faces" tells anew
            if notice.kind == NoticeKind.GUARDED_BY and notice.about_user_id is None:
                continue  # said in the past at a /forget: promises nothing
            who = (
                await self._store.first_name(notice.about_user_id)
                if notice.kind == NoticeKind.GUARDED_BY and notice.about_user_id is not None
                else None
            )
            if notice.kind == NoticeKind.FACES_FORGOTTEN:
                by = (notice.shown or {}).get("by")
                asker = await self._store.first_name(by) if isinstance(by, int) else None
                async with speaking_to(notice.chat_id):
                    said = texts.faces_forgotten_since_back(name, asker)
                await _replace(messenger, notice, said)
                if asker is not None:  # kept, to say it without their name at their /forget
                    await self._store.faceless(notice, False)
                else:  # told once: a later "Forget faces" sends its own
                    await self._store.drop_message(notice.chat_id, notice.message_id)
                continue
            words = ""
            async with speaking_to(notice.chat_id):
                if notice.kind == NoticeKind.SENDING:
                    names: list[str] = []
                    for each in notice.person_ids:
                        known = name if each in ids else await self._store.person_name(each)
                        if known and known not in names:
                            names.append(known)
                    title = await self._title_of(notice)
                    words = texts.sending_since_faces(name, names, title, back=back)
                    said = await self._with_keep(notice, words)
                elif notice.kind == NoticeKind.GUARDED_BY:
                    said = (
                        persons_texts.guarded_by_since_faces_back(who or "?", name)
                        if back
                        else persons_texts.guarded_by_since_faces_forgotten(who or "?", name)
                    )
                elif notice.kind == NoticeKind.GUARDIAN:
                    said = (
                        persons_texts.guardian_since_faces_back(name)
                        if back
                        else persons_texts.guardian_since_faces_forgotten(name)
                    )
                else:  # READY
                    said = (
                        persons_texts.ready_since_faces_back(name)
                        if back
                        else persons_texts.ready_since_faces_forgotten(name)
                    )
            await _replace(messenger, notice, said)
            await self._store.faceless(notice, not back)
            if notice.kind == NoticeKind.SENDING:  # a change of its keep says it so too
                await self._store.words_now(notice.chat_id, notice.message_id, words)

    async def guardianship_ended(self, messenger: Messenger, event: GuardianshipEnded) -> None:
        """A guardian left the person or was removed (``event``): the notices in their chat
        that they guard it and get its photos ("You're now a guardian of Alice…"), and those
        in the other guardians' chats that they do ("Carl now gets the photos…"), say they
        were, until then, as their /forget would (walken3 9); no longer a guardian of
        anyone, their "You're in: I'll look for Alice…" says so too."""
        await self.guardians_changed(messenger, event.person_id)
        user_id = event.user_id
        if user_id is None:
            return
        anyone = await self._store.guards_anyone(user_id)
        for notice in await self._store.naming(event.person_id):
            if notice.kind == NoticeKind.SENDING:
                # "You're in: I'll look for Alice and Bob…" names the others still (issue
                # 32); no longer a guardian of anyone, it says so (below).
                if anyone and notice.chat_id == user_id:
                    await self._sending_without(
                        messenger, notice, event.person_id, event.name, deleted=False
                    )
                continue
            merge = _merge_news(notice)
            merger = (
                await self._store.first_name(int(merge["by"]))
                if merge is not None and merge.get("by") is not None
                else None
            )
            left = False
            async with speaking_to(notice.chat_id):
                if (
                    merge is not None
                    and notice.chat_id == user_id
                    and merge.get("text") == FirstSaid.MERGE_UNDONE
                ):
                    # "Ann undid the merge…: … You get the photos of Alice only": so too.
                    kept, removed = str(merge.get("kept") or "?"), str(merge.get("removed") or "?")
                    if merge.get("guards_kept"):
                        kept = event.name
                    else:
                        removed = event.name
                    said = persons_texts.merge_undone_until(
                        merger, kept, removed, event.name, removed_as_one=event.removed
                    )
                elif merge is not None and notice.chat_id == user_id:
                    # "Ann merged Amy into Alice: … of Amy too": the merge kept, in the past
                    # (it read the line of the "You're now a guardian…" above it).
                    said = persons_texts.merged_by_until(
                        merger,
                        event.name,
                        str(merge.get("removed") or "?"),
                        removed_as_one=event.removed,
                        undone=bool(merge.get("undone")),
                    )
                elif notice.kind != NoticeKind.GUARDED_BY and notice.chat_id == user_id:
                    said = persons_texts.you_were_guardian_until(event.name, event.removed)
                    left = True
                elif notice.kind == NoticeKind.GUARDED_BY and notice.about_user_id == user_id:
                    # In the past, without the news: the one message that tells it, or the
                    # owner's own list she removed them from, says it (walken7 3).
                    said = _guarded_by_past(notice, event.who, [event.name])
                else:
                    continue
            await _replace(messenger, notice, said)
            await self._store.drop_message(notice.chat_id, notice.message_id)
            if left:  # kept about no one: said again should they guard it again
                shown = {
                    **(notice.shown or {}),
                    LEFT_FROM: str(event.person_id),
                    WAS_REMOVED: event.removed,
                }
                await self._store.record(replace(notice, person_ids=(), shown=shown))
        if anyone:
            return
        for notice in await self._store.about(user_id):
            if notice.kind == NoticeKind.SENDING:
                async with speaking_to(notice.chat_id):
                    words = texts.sending_since_no_guardian()
                    # (walk37A-2 B1: it dropped how long the group keeps faces)
                    said = await self._with_keep(notice, words)
                await _replace(messenger, notice, said)
                # Kept naming no one: what later befalls a child it named ("Forget faces",
                # photos added again) is no longer the reader's to be told there (walken7
                # 5: it was redrawn "I look for Alice there"); a /forget still reaches it.
                await self._store.drop_message(notice.chat_id, notice.message_id)
                # Marked so: said in the past once they guard someone again (walk35 2).
                shown = {**(notice.shown or {}), NO_ONE: True}
                await self._store.record(replace(notice, person_ids=(), shown=shown))
                await self._store.words_now(notice.chat_id, notice.message_id, words)

    async def guardian_again(self, messenger: Messenger, person_id: UUID) -> None:
        """A guardianship of the person began (an invitation accepted, a claim approved,
        an /add): the "You're in…" of each of its guardians that said "Since then you are
        no longer a guardian of anyone here…" (``guardianship_ended``) says it in the past
        (walk35 2); it says so again should they leave everyone again."""
        guardians = await self._store.guardian_chats(person_id)
        await self._left_back(messenger, person_id, guardians)
        for chat_id in guardians:
            for notice in await self._store.about(chat_id):
                shown = notice.shown or {}
                if shown.get(LEFT_FROM) == str(person_id):
                    await self._guardian_again_since(messenger, notice, person_id)
                    continue
                if notice.kind != NoticeKind.SENDING or shown.get(NO_ONE) is not True:
                    continue
                async with speaking_to(notice.chat_id):
                    words = texts.sending_since_guardian_again()
                    said = await self._with_keep(notice, words)
                await _replace(messenger, notice, said)
                await self._store.drop_message(notice.chat_id, notice.message_id)
                await self._store.record(replace(notice, shown={**shown, NO_ONE: False}))
                await self._store.words_now(notice.chat_id, notice.message_id, words)

    async def _news_to_them_past(
        self,
        messenger: Messenger,
        user_id: int,
        language: str,
        name_of: Callable[[UUID], Awaitable[str | None]],
        known: Mapping[UUID, str] | None,
    ) -> None:
        """At the user's /forget, the news of a pause or a resume by another guardian in
        their own chat ("Ann resumed Alice: I'll send their photos and clips again.") say
        it in the past, and that they were its guardian: they promised sending, and an
        offer, while every message around them was redrawn (walk36 N2)."""
        for notice in await self._store.in_chat(user_id):
            shown = notice.shown or {}
            if notice.kind != NoticeKind.NEWS_BY or shown.get("news") not in (PAUSED, RESUMED):
                continue
            if notice.about_user_id in (None, user_id):
                continue
            knew = [n for p in notice.person_ids if (n := await name_of(p) or (known or {}).get(p))]
            who = await self._store.first_name(notice.about_user_id)
            with in_language(language):
                said = (
                    persons_texts.resumed_by_before_forget
                    if shown.get("news") == RESUMED
                    else persons_texts.paused_by_before_forget
                )(who, knew[0] if knew else "?")
            await _replace(messenger, notice, said)

    async def _guardian_again_since(
        self, messenger: Messenger, notice: Notice, person_id: UUID
    ) -> None:
        """ "You were a guardian of Alice until you stopped getting their photos and clips."
        once its reader guards Alice again: they became one again (walk36, Rivka #3). True
        from then on: no longer kept."""
        names = await self._names_of([person_id])
        async with speaking_to(notice.chat_id):
            said = persons_texts.guardian_again_since(
                names[0] if names else "?", bool((notice.shown or {}).get(WAS_REMOVED))
            )
        await _replace(messenger, notice, said)
        await self._store.drop_message(notice.chat_id, notice.message_id)

    async def _left_back(
        self, messenger: Messenger, person_id: UUID, guardians: Collection[int]
    ) -> None:
        """ "Carl no longer gets Alice's photos and clips: they left." in another guardian's
        chat, once Carl (among ``guardians``) guards Alice again: he left for a while."""
        names = await self._names_of([person_id])
        for notice in await self._store.to_rename(person_id):
            shown = notice.shown or {}
            if (
                notice.kind != NoticeKind.NEWS_BY
                or shown.get("news") != LEFT_IT
                or shown.get(BACK)
                or notice.about_user_id is None
                or notice.about_user_id not in guardians
            ):
                continue
            now = {**shown, BACK: True}
            who = await self._store.first_name(notice.about_user_id)
            async with speaking_to(notice.chat_id):
                said = _news_said(replace(notice, shown=now), names[0] if names else "?", who)
            await _replace(messenger, notice, said)
            await self._store.shown_now(notice, now)

    async def _sending_without(
        self, messenger: Messenger, notice: Notice, person_id: UUID, name: str, *, deleted: bool
    ) -> None:
        """ "You're in: I'll look for Alice and Bob in Class 1A…" once Alice (``name``) is
        no longer the reader's (``deleted``, or they stopped guarding her): it says so, and
        whom it still looks for there; kept about those, to be made true in turn."""
        others: list[UUID] = []
        names: list[str] = []
        for other in notice.person_ids:
            if other != person_id and (known := await self._store.person_name(other)):
                others.append(other)
                names.append(known)
        title = await self._title_of(notice)
        async with speaking_to(notice.chat_id):
            words = texts.sending_since_gone(name, names, title, deleted=deleted)
            said = await self._with_keep(notice, words)
            if deleted:  # kept without the name, which went with the person (issue 32)
                words = texts.sending_since_gone(None, names, title, deleted=True)
        await _replace(messenger, notice, said)
        await self._store.drop_message(notice.chat_id, notice.message_id)
        # What it says, kept for a rename of those it still names to say it again (a
        # redraw since of one deleted says it without its name).
        gone: dict[str, Any] = {"deleted": deleted, "said": words}
        shown = {**(notice.shown or {}), GONE: gone}
        if not deleted:  # (till it is deleted: ``_unnamed_gone``)
            gone.update(name=name, of=str(person_id))
        elif isinstance(parts := shown.get(PARTS), Mapping):  # what a rename had it say
            shown[PARTS] = {k: v for k, v in parts.items() if k != "said"}
        await self._store.record(replace(notice, person_ids=tuple(others), shown=shown))
        await self._store.words_now(notice.chat_id, notice.message_id, words)

    async def words_of(self, chat_id: int, message_id: int) -> str | None:
        """What a redraw left a "You're in…" that also said its group's keep saying before
        it (None: what it said first, if it was not redrawn): a change of the keep says
        these again, not what it said first (``NoticeStore.words_now``)."""
        return await self._store.words_of(chat_id, message_id)

    async def _with_keep(self, notice: Notice, said: str) -> str:
        """A redrawn "You're in…" (``said``) that also said how long its group keeps faces
        says it still, as it is now (issue 32: the redraw dropped it); in the reader's
        language, as ``said``."""
        if not notice.keeps or notice.group_id is None:
            return said
        if (keep := await self._store.group_keep(notice.group_id)) is None:
            return said
        return f"{said}\n\n{onboarding_texts.group_retention(*keep)}"

    async def persons_merged(self, messenger: Messenger, event_id: UUID) -> None:
        """A merge: the unanswered "Ann invited you… Accept?" to guard the person merged
        away say it was merged into the other, and no longer work (issue 32: "Accept"
        stayed, and only refused); a merge or its undo: the "… is ready" of its persons
        say what stands (``_ready_merged``)."""
        for person_id, into in await self._store.merged_away(event_id):
            asked = await self._store.invited_to(person_id)
            await self.invitation_ended(messenger, asked, InviteEnd.MERGED, into=into)
        await self._ready_merged(messenger, event_id)

    async def merge_undone(self, keep: UUID, removed: str) -> None:
        """The merge of ``removed`` (its name) into ``keep`` was undone: its news to the
        other guardians ("Ann merged Amy into Alice: they are one child now…") says so when
        a rename redraws it (issue 32: it said the merge as if it still stood)."""
        for notice in await self._store.to_rename(keep):
            first = _merge_news(notice)
            if (
                first is None
                or first.get("text") != FirstSaid.MERGED
                or first.get("removed") != removed
                or first.get("undone")
            ):
                continue
            shown = {**(notice.shown or {}), "first": {**first, "undone": True}}
            await self._store.drop_message(notice.chat_id, notice.message_id)
            await self._store.record(replace(notice, shown=shown))

    async def _ready_merged(self, messenger: Messenger, event_id: UUID) -> None:
        """A first enrollment's "Amy is ready. I'll send you the photos and clips they appear
        in from: Class 1A." once Amy was merged into Alice says so, and that Alice's come
        (walken7 6: it spoke of Amy as if she were still there, as the approvals' lines
        no longer do); so does "I've deleted every face of Amy…: … to enroll them again"
        of a "Forget faces" of Amy (it asked for photos of a child no longer there). The
        merge undone, each says what it said. One re-worded at "Forget faces" of Amy says
        the merge too (issue 32: it kept asking for photos of Amy), and its words again at
        the undo; one re-worded at "Forget faces" of Alice since says that still."""
        for person_id, into, into_id in await self._store.merge_ends(event_id):
            for notice in await self._store.naming(person_id):
                shown = notice.shown or {}
                faceless = notice.faceless
                if notice.kind == NoticeKind.READY:
                    if shown.get(READY_FROM) is None or (faceless and into is None):
                        continue
                    # Amy's faces forgotten before the merge: its undo says so again.
                    faceless = into is None and bool(shown.get(FACELESS_BEFORE))
                elif notice.kind != NoticeKind.FACES_FORGOTTEN or shown.get("back"):
                    continue  # (one whose photos were added again says that still)
                if shown.get(MERGED_INTO) == into:
                    continue  # says so already
                name = await self._store.person_name(person_id) or "?"
                async with speaking_to(notice.chat_id):
                    said = await self._merged_said(notice, name, into)
                await _replace(messenger, notice, said)
                await self._store.drop_message(notice.chat_id, notice.message_id)
                now = {
                    k: v
                    for k, v in shown.items()
                    if k not in (MERGED_INTO, MERGED_INTO_ID, MERGED_NAME, FACELESS_BEFORE)
                }
                if into is not None:
                    now[MERGED_INTO] = into
                    now[MERGED_INTO_ID] = str(into_id)
                    now[MERGED_NAME] = name
                    if notice.faceless:
                        now[FACELESS_BEFORE] = True
                await self._store.record(replace(notice, shown=now or None, faceless=faceless))

    async def _merged_said(self, notice: Notice, name: str, into: str | None) -> str:
        """What the ``READY`` or ``FACES_FORGOTTEN`` ``notice`` of the person (``name``)
        says once it was merged into ``into`` (None: the merge undone, what it said)."""
        shown = notice.shown or {}
        if notice.kind == NoticeKind.READY:
            if into is not None:
                return persons_texts.ready_since_merged(name, into)
            if shown.get(FACELESS_BEFORE):
                return persons_texts.ready_since_faces_forgotten(name)
            return enrollment_texts.enrollment_ready(name, [str(g) for g in shown[READY_FROM]])
        by = shown.get("by")
        who = await self._store.first_name(by) if isinstance(by, int) else None
        if into is not None:
            return texts.faces_forgotten_since_merged(name, who, into)
        if who or shown.get(BY_ANOTHER):
            return texts.faces_forgotten_by(who, name)
        return texts.faces_forgotten(name)

    async def _merged_into_renamed(self, messenger: Messenger, person_id: UUID) -> None:
        """The person was renamed: "Since then Amy was merged into Alice: I send you the
        photos and clips of Alice." of those merged into it name it as now (they kept the
        old name, beside cards in the new)."""
        name = await self._store.person_name(person_id)
        if name is None:
            return
        for each in await self._store.merged_into(person_id):
            for notice in await self._store.naming(each):
                shown = notice.shown or {}
                if MERGED_INTO not in shown or shown[MERGED_INTO] == name:
                    continue
                merged = await self._store.person_name(each) or "?"
                async with speaking_to(notice.chat_id):
                    said = await self._merged_said(notice, merged, name)
                await _replace(messenger, notice, said)
                await self._store.drop_message(notice.chat_id, notice.message_id)
                await self._store.record(replace(notice, shown={**shown, MERGED_INTO: name}))

    async def _merged_into_deleted(
        self, messenger: Messenger, person_id: UUID, name: str, chats: Collection[int]
    ) -> None:
        """The person (``name``) was deleted, and those merged into it with it: "Since then
        Amy was merged into Alice: I send you the photos and clips of Alice." in ``chats``
        (its guardians', theirs since the merge) says Alice was deleted since (it kept
        promising her photos)."""
        for chat_id in chats:
            for notice in await self._store.in_chat(chat_id):
                shown = notice.shown or {}
                if shown.get(MERGED_INTO_ID) != str(person_id):
                    continue
                async with speaking_to(notice.chat_id):
                    said = persons_texts.ready_since_merged_deleted(
                        str(shown.get(MERGED_NAME) or "?"), name
                    )
                await _replace(messenger, notice, said)
                await self._store.drop_message(notice.chat_id, notice.message_id)


async def on_persons_merged(notices: Notices, messenger: Messenger, event: PersonsMerged) -> None:
    """Two persons merged: the invitations to guard the one merged away say so."""
    await notices.persons_merged(messenger, event.event_id)


async def on_person_renamed(
    notices: Notices, persons: Persons, messenger: Messenger, event: PersonRenamed
) -> None:
    """A person renamed: the notices said in the past at a co-guardian's /forget, in its
    guardians' chats, say it by the new name (they kept the old one), and so do those that
    told them they guard it, that it is ready, or that a copy of its photo went."""
    chats = await persons.guardian_chats([event.person_id])
    await notices.renamed(messenger, chats, event.person_id)
    await notices.accepted_renamed(messenger, persons, event.person_id)
    await notices.named_as_now(messenger, chats, event.person_id)


async def on_person_decided(
    notices: Notices, persons: Persons, messenger: Messenger, event: PersonApproved | PersonRejected
) -> None:
    """The organizers approved or rejected the person, or one of its guardians, in a group:
    what an invitee who accepted to guard it was told of their approval says what stands,
    and so does what another guardian was told of photos added while it waited."""
    await notices.decided(messenger, persons, event.person_id)
    await notices.added_decided(messenger, persons, event.person_id, event.group_id)


async def on_invitation_ended(
    notices: Notices, messenger: Messenger, event: InvitationEnded
) -> None:
    """An invitation used or expired: its unanswered "Accept?" messages say so."""
    await notices.invitation_spent(messenger, event.invite_id, event.used_by)


async def on_guardianship_ended(
    notices: Notices, messenger: Messenger, event: GuardianshipEnded
) -> None:
    """A guardian left a person, or was removed: the "Accept?" messages of their
    invitations to guard it, unanswered, say the invitation no longer works; what told
    them, and its other guardians, that they get its photos says they did until then
    (walken3 9); their used invitations' messages no longer tell them to invite from its
    card (walk37A A2), and what told them another accepted one says it in the past (A4)."""
    await notices.inviter_gone(messenger, event.person_id, event.participant_id)
    await notices.guardianship_ended(messenger, event)
    await notices.inviter_stopped(messenger, event)
    await notices.joined_said_past(messenger, event)


def _invite_used(name: str, made: InviteMade) -> str:
    """What the message that handed a used invitation says (in the reader's language)."""
    if made.creator_gone:
        return persons_texts.invite_link_used_since_gone(name, made.used_by or "")
    return persons_texts.invite_link_used(name, made.used_by or "")


async def on_person_enrolled(notices: Notices, messenger: Messenger, event: PersonEnrolled) -> None:
    """A person's photos are learned (an /add, photos added again): its guardian's "Since
    then you are no longer a guardian of anyone here…" says it in the past (walk35 2)."""
    await notices.guardian_again(messenger, event.person_id)


def _accepted_invitation(shown: Mapping[str, Any], who: str, name: str, since: DecidedSince) -> str:
    """An accepted invitation (``NoticeKind.ACCEPTED``) as it reads now: made by ``who``,
    the person by its name now, and what the organizers decided since where it said none
    had approved it."""
    paragraphs = [persons_texts.invited_by(who, name)]
    unapproved, elsewhere = int(shown.get("unapproved") or 0), int(shown.get("elsewhere") or 0)
    if unapproved and since.anything:
        paragraphs.append(persons_texts.waited_when_accepted(name, unapproved, since, line=False))
    elif unapproved or elsewhere:
        paragraphs.append(persons_texts.not_approved_anywhere(name, unapproved or elsewhere))
    paragraphs.extend(str(p) for p in shown.get("rest", ()))
    paragraphs.append(persons_texts.invitation_accepted(datetime.fromisoformat(shown["on"])))
    return "\n\n".join(paragraphs)


def _said_as_now(notice: Notice, name: str, names: Sequence[str], known: str | None) -> str | None:
    """What a notice (``NoticeKind.GUARDIAN``, ``GUARDED_BY``, ``READY``, ``COPY_GONE``)
    says once its person was renamed ``name`` (``names``: its persons' names now; ``known``:
    the other guardian it tells of, or who merged it, by name now; None: unknown), as it
    said it last; None: its words were not kept."""
    shown = notice.shown or {}
    who = known or "?"
    if notice.kind == NoticeKind.NEWS_BY:
        return _news_said(notice, name, known)
    if (merge := _merge_news(notice)) is not None:
        return merged_said(merge, name, known)
    first = shown.get("first")
    if (
        isinstance(first, Mapping)
        and first.get("text") == FirstSaid.OWNER_LEFT
        and not (notice.faceless or shown.get("back"))
    ):
        return persons_texts.you_own_now(name, known)
    if notice.kind == NoticeKind.COPY_GONE and shown.get("told") == "undone":
        return corrections_texts.copy_undone_by_co_guardian(
            name, str(shown.get("group") or "?"), clip=bool(shown.get("clip")), by=known
        )
    if notice.kind == NoticeKind.COPY_GONE and shown.get("told") == "back":
        return corrections_texts.copy_back_by_co_guardian(
            name,
            str(shown.get("group") or "?"),
            clip=bool(shown.get("clip")),
            moved=bool(shown.get("moved")),
            photo_only=bool(shown.get("photo_only")),
            by=known,
        )
    if notice.kind == NoticeKind.COPY_GONE:
        return corrections_texts.copy_removed_by_co_guardian(
            name,
            str(shown.get("group") or "?"),
            remembered=bool(shown.get("remembered")),
            clip=bool(shown.get("clip")),
            by=known,
            undone=bool(shown.get(UNDONE_SINCE)),
        )
    if notice.faceless or shown.get("back"):
        # Re-worded at "Forget faces" of its one person (``Notices._faces``), and maybe
        # once more when photos of it were added again.
        if len(notice.person_ids) != 1:
            return None
        back = not notice.faceless
        if notice.kind == NoticeKind.READY:
            return (
                persons_texts.ready_since_faces_back(name)
                if back
                else persons_texts.ready_since_faces_forgotten(name)
            )
        if notice.kind == NoticeKind.GUARDIAN:
            return (
                persons_texts.guardian_since_faces_back(name)
                if back
                else persons_texts.guardian_since_faces_forgotten(name)
            )
        return (
            persons_texts.guarded_by_since_faces_back(who, name)
            if back
            else persons_texts.guarded_by_since_faces_forgotten(who, name)
        )
    first = shown.get("first")
    if not isinstance(first, Mapping) or not names:
        return None
    return first_said(first, names, who)


def first_said(first: Mapping[str, Any], names: Sequence[str], who: str) -> str | None:
    """The words a notice was sent with (``first``: what they were made of, its "text" a
    ``FirstSaid``), naming its
    persons ``names`` (and ``who``, the other guardian it tells of), in the language in
    force; None: not a kind kept."""
    kind, name = first.get("text"), names[0]
    if kind == FirstSaid.READY:
        return enrollment_texts.enrollment_ready(
            name, list(first.get("groups") or ()), ask_birth_date=bool(first.get("birth"))
        )
    if kind == FirstSaid.ACCEPTED:
        return accepted_said(first, name)
    if kind == FirstSaid.PAUSED and first.get(RESUMED):
        return persons_texts.paused_then_resumed(name)
    if kind == FirstSaid.PAUSED:
        return persons_texts.paused(name)
    if kind == FirstSaid.RESUMED and first.get(PAUSED):
        return persons_texts.resumed_then_paused(name)
    if kind == FirstSaid.RESUMED:
        return persons_texts.resumed(name)
    if kind == FirstSaid.JOINED and first.get("opened"):
        return persons_texts.co_guardian_joined_since_opened(who, name)
    if kind == FirstSaid.JOINED:
        return persons_texts.co_guardian_joined(
            who,
            name,
            bool(first.get("in_a_group")),
            group_title=first.get("group_title"),
            unopened=bool(first.get("unopened")),
            unapproved=int(first.get("unapproved") or 0),
            person_waits=bool(first.get("person_waits")),
        )
    if kind == FirstSaid.OWNER:
        # Its previous owner's name went with their data (/forget): not said again.
        return persons_texts.you_own_after_forget(name)
    if kind == FirstSaid.IN_GROUP:
        return persons_texts.co_guardian_in_group(who, names, first.get("group_title"), False)
    return None


def _faces_forgotten_said(shown: Mapping[str, Any], name: str, asker: str | None) -> str:
    """A ``FACES_FORGOTTEN`` notice (``shown``) of the person ``name`` as it reads, asked by
    ``asker`` (None: its reader, the owner, or one who deleted their data since)."""
    if shown.get("back"):
        return texts.faces_forgotten_since_back(name, asker)
    if (into := shown.get(MERGED_INTO)) is not None:
        return texts.faces_forgotten_since_merged(
            str(shown.get(MERGED_NAME) or name), asker, str(into)
        )
    if asker is None and not (shown.get(BY_ANOTHER) or shown.get("by") is not None):
        return texts.faces_forgotten(name)
    return texts.faces_forgotten_by(asker, name)


def _forgotten_brief(notice: Notice, knew: Sequence[str]) -> str:
    """A ``GUARDIAN`` or ``READY`` notice in the chat of one who deleted everything with
    /forget, of the persons ``knew`` (as now, or as they knew them), when a newer one says
    the rest: what it told, in the past (walk36b 4: "Benjamin is ready", "Paused
    Benjamin…" and "Resumed Benjamin…" each read "You were a guardian of Benjamin."), one of
    a child merged since with the merge (N5: "You were a guardian of Benny.", Benjamin for
    long)."""
    shown = notice.shown or {}
    first = _first_text(notice)
    if notice.kind != NoticeKind.READY or len(knew) != 1:
        return persons_texts.you_were_guardian_brief(knew)
    if shown.get(MERGED_INTO) is not None:
        if not shown.get(MERGED_NAME):  # kept before the name merged away was: it is lost
            return persons_texts.you_were_guardian_brief(knew)
        return persons_texts.was_ready_merged_brief(
            str(shown[MERGED_NAME]), str(shown[MERGED_INTO])
        )
    if first == FirstSaid.PAUSED:
        return persons_texts.was_paused_brief(knew[0])
    if first == FirstSaid.RESUMED:
        return persons_texts.was_resumed_brief(knew[0])
    if first == FirstSaid.READY or READY_FROM in shown:
        return persons_texts.was_ready_brief(knew[0])
    return persons_texts.you_were_guardian_brief(knew)


def _first_text(notice: Notice) -> str | None:
    """What a notice's words were first made of (``FirstSaid``; None: not kept)."""
    first = (notice.shown or {}).get("first")
    return str(first.get("text")) if isinstance(first, Mapping) else None


def _ready_groups(notice: Notice) -> list[str]:
    """The groups a first enrollment's "Alice is ready. I'll send you … from: Class 1A."
    promises the photos of (none: not one, or re-worded since at "Forget faces" or a
    merge)."""
    shown = notice.shown or {}
    first = shown.get("first")
    if (
        notice.faceless
        or shown.get("back")
        or MERGED_INTO in shown
        or len(notice.person_ids) != 1
        or not isinstance(first, Mapping)
        or first.get("text") != FirstSaid.READY
    ):
        return []
    return [str(g) for g in first.get("groups") or ()]


def _promised_in(notice: Notice) -> str | None:
    """The group (its id) whose photos an approval's "✅ …" or a delivery's "… now have me
    send you its photos…" promise (``APPROVED``, ``DELIVERY``), while it still says so
    (not re-worded since at "Forget faces" or a merge)."""
    shown = notice.shown or {}
    if notice.faceless or MERGED_INTO in shown or shown.get("back"):
        return None
    for key in (APPROVED, DELIVERY):
        said = shown.get(key)
        if isinstance(said, Mapping) and (key == DELIVERY or len(notice.person_ids) == 1):
            return str(said.get("group"))
    return None


def _ready_away(notice: Notice, name: str, away: Mapping[str, Any]) -> str:
    """A first enrollment's "… is ready…" (``notice``) of ``name`` while nothing comes
    from the groups in ``away`` (``AWAY``'s)."""
    first = (notice.shown or {}).get("first") or {}
    gone = [a for a in away.values() if isinstance(a, Mapping)]
    return enrollment_texts.enrollment_ready_away(
        name,
        _ready_groups(notice),
        [str(a.get("title")) for a in gone if a.get("why") == REMOVED],
        [str(a.get("title")) for a in gone if a.get("why") == LEFT],
        banned=[str(a.get("title")) for a in gone if a.get("why") == BAN],
        lifted=[str(a.get("title")) for a in gone if a.get("why") == LIFTED],
        ask_birth_date=bool(first.get("birth")),
    )


def _merge_news(notice: Notice) -> Mapping[str, Any] | None:
    """What a merge's news (a ``GUARDIAN`` notice) was made of, as it still says it (not
    re-worded at "Forget faces" since); None: not one."""
    shown = notice.shown or {}
    first = shown.get("first")
    if notice.kind != NoticeKind.GUARDIAN or notice.faceless or shown.get("back"):
        return None
    if not isinstance(first, Mapping):
        return None
    if first.get("text") not in (FirstSaid.MERGED, FirstSaid.MERGE_UNDONE):
        return None
    return first


def merge_undone_first(
    by: int, keep: UUID, kept: str, removed: str, told: Newcomer
) -> dict[str, Any]:
    """What an undone merge's news to another guardian (``told``) was made of ("Ann undid
    the merge of Amy into Alice: … You get the photos and clips of Alice only"; ``keep``:
    the person that was kept, ``kept`` and ``removed`` the names it says), kept as
    ``merge_news_first``'s."""
    return {
        "text": FirstSaid.MERGE_UNDONE,
        "by": by,
        "kept": kept,
        "removed": removed,
        "guards_kept": told.guards_id == keep,
    }


def merge_news_first(by: int, keep: UUID, removed: str, told: Newcomer) -> dict[str, Any]:
    """What a merge's news to another guardian (``told``) was made of ("Ann merged Amy into
    Alice: … you'll get the photos and clips of Amy too"; ``by``: who merged them, by
    Telegram id; ``keep``: the person kept; ``removed``: the name of the one merged away),
    kept to say it again in the kept one's new name (``merged_said``), or in the past once
    the reader leaves it."""
    return {
        "text": FirstSaid.MERGED,
        "by": by,
        "removed": removed,
        "guards_kept": told.guards_id == keep,
        "gains": bool(told.gains),
        "waits_in": list(told.waits_in),
    }


def merged_said(first: Mapping[str, Any], name: str, who: str | None) -> str:
    """A merge's news (``FirstSaid.MERGED``) of the person kept, called ``name`` now, as it
    was made (``merge_news_first``); ``who``: who merged them, by their name now (None:
    they deleted their data since)."""
    removed = str(first.get("removed") or "?")
    if first.get("text") == FirstSaid.MERGE_UNDONE:
        # Two persons again: ``name`` is the one the reader guards.
        kept = name if first.get("guards_kept") else str(first.get("kept") or "?")
        if not first.get("guards_kept"):
            removed = name
        return persons_texts.merge_undone_by(who, kept, removed, name)
    if first.get("undone"):  # its undo told since: said in the past
        return persons_texts.merged_by_undone(who, name, removed)
    guards, gains = (name, removed) if first.get("guards_kept") else (removed, name)
    return persons_texts.merged_by(
        who,
        name,
        removed,
        guards,
        gains if first.get("gains") else "",
        [str(g) for g in first.get("waits_in") or ()],
    )


def accepted_said(first: Mapping[str, Any], name: str) -> str:
    """ "You're now a guardian of Alice…" (``FirstSaid.ACCEPTED``) of the person ``name``, as
    ``first`` says it was made (``persons_texts.invite_accepted``'s arguments), or as it
    says since the reader opened a group's link (``Notices.link_opened``)."""
    if isinstance(opened := first.get("opened"), Mapping):
        return persons_texts.invite_accepted_since_opened(
            name, str(opened.get("group") or "?"), waiting=bool(opened.get("waiting"))
        )
    return persons_texts.invite_accepted(
        name,
        bool(first.get("in_a_group")),
        [(str(title), str(link)) for title, link in first.get("unopened") or ()],
        list(first.get("refused") or ()),
        every=bool(first.get("every")),
        elsewhere=int(first.get("elsewhere") or 0),
        rejected_there=list(first.get("rejected_there") or ()),
        unapproved=int(first.get("unapproved") or 0),
        approval_first=bool(first.get("approval_first")),
    )


def _to_open(first: Mapping[str, Any]) -> bool:
    """An accepted invitation's "You're now a guardian…" (``first``) told the reader to open
    a group's link, or to join a group through one, and nothing else: in none of the
    person's groups, refused or waiting in none, one link at most."""
    return (
        first.get("text") == FirstSaid.ACCEPTED
        and not first.get("refused")
        and not first.get("elsewhere")
        and not first.get("approval_first")
        and len(first.get("unopened") or ()) <= 1
    )


def _unwarned(notice: Notice, name: str) -> str:
    """An ``UNLIKE`` verdict's words without its warning (in the language in force)."""
    clip = (name, notice.times) if notice.times else None
    return Closing(notice.chat_id, notice.message_id, notice.count or Tally(), clip=clip).text()


# How a notice is redrawn: ``_replace`` (a text) or ``_recaption`` (a photo's caption).
Redraw = Callable[[Messenger, Notice, str], Awaitable[None]]


def _news_said(notice: Notice, name: str, who: str | None) -> str:
    """A ``NEWS_BY`` notice of the person ``name`` (as now) as it reads, by ``who`` (None:
    they deleted their data since): a rename's with the names it was between."""
    shown = notice.shown or {}
    if (more := _more_news_said(notice, name, who)) is not None:
        return more
    if shown.get("news") == RENAMED:
        return persons_texts.renamed_by(
            who, str(shown.get("was") or "?"), str(shown.get("name") or name)
        )
    if shown.get("news") == RESUMED and shown.get(PAUSED):
        return persons_texts.resumed_by_then_paused(who, name)
    if shown.get("news") == RESUMED:
        return persons_texts.resumed_by(who, name)
    if shown.get("news") == PAUSED and shown.get(RESUMED):
        return persons_texts.paused_by_then_resumed(who, name)
    if shown.get("news") == LEFT_IT and shown.get(BACK):
        return persons_texts.guardian_left_back(who, name)
    if shown.get("news") == LEFT_IT:
        return persons_texts.guardian_left(who, name)
    return persons_texts.paused_by(who, name, alone=bool(shown.get(ALONE)))


def _decisions(shown: Mapping[str, Any]) -> list[bool | None]:
    """An ``ADDED`` news's decisions, one for each group it said the photos wait for (None:
    not decided yet)."""
    waiting = shown.get(WAITING) or ()
    decisions = list(shown.get(DECISIONS) or ())
    return [*decisions, *[None] * (len(waiting) - len(decisions))]


def _waiting_at(shown: Mapping[str, Any], group_id: UUID, title: str) -> int | None:
    """Where in an ``ADDED`` news's wait the group is (None: not there): by its id, or by
    the title it had in a row kept before the ids were (those are left as they are)."""
    ids = [str(g) for g in shown.get(WAITING_IDS) or ()]
    keys, key = (ids, str(group_id)) if ids else ([str(t) for t in shown.get(WAITING) or ()], title)
    return keys.index(key) if key in keys else None


def _more_news_said(notice: Notice, name: str, who: str | None) -> str | None:
    """An ``ADDED``, ``DELETED`` or ``REMOVED_YOU`` news as it reads, as ``_news_said``'s
    (those naming no person in the name they said); None: another news."""
    shown = notice.shown or {}
    news = shown.get("news")
    if news == ADDED and isinstance(decided := shown.get(DECIDED), Mapping):
        # Said as the adder's own "Added…" is once the organizers decided: no one named.
        return moderation_texts.said_inside(
            WaitingSaid.ADDED,
            name,
            moderation_texts.waited_for_approval(
                name, str(decided.get("group") or "?"), False, approved=bool(decided["approved"])
            ),
        )
    decisions = _decisions(shown)
    if news == ADDED and decisions != [None] * len(decisions):
        # Each group's decision, and the groups whose organizers have yet to decide.
        waiting = [str(g) for g in shown.get(WAITING) or ()]
        said = " ".join(
            moderation_texts.waited_for_approval(name, group, False, approved=approved)
            for group, approved in zip(waiting, decisions, strict=True)
            if approved is not None
        )
        if still := [g for g, d in zip(waiting, decisions, strict=True) if d is None]:
            said += " " + enrollment_texts.still_waits_for_approval(name, still)
        return moderation_texts.said_inside(WaitingSaid.ADDED, name, said)
    if news == ADDED:
        photos, views, clips = shown.get("tally") or (0, 0, 0)
        tally = Tally(photos, views, clips)
        waiting = [str(g) for g in shown.get(WAITING) or ()]
        said = (
            enrollment_texts.photos_added_by(who, name, tally, waiting)
            if who is not None
            else enrollment_texts.photos_added_by_another(name, tally, waiting)
        )
        if again := shown.get("again"):
            said += "\n\n" + enrollment_texts.organizers_asked_again(name, again)
        return said
    said_name = str(shown.get("name") or name)
    unnamed = "name" not in shown  # the person deleted: its name went with it (issue 32)
    if news == DELETED and unnamed:
        return texts.person_deleted_unnamed(who)
    if news == DELETED:
        return (
            texts.person_deleted_by(who, said_name)
            if who is not None
            else texts.person_deleted_by_another(said_name)
        )
    if news == DELETED_HERE and unnamed:
        return persons_texts.deleted_here_unnamed(who, faces_only=bool(shown.get("faces")))
    if news == DELETED_HERE:
        faces = bool(shown.get("faces"))
        return persons_texts.deleted_here(said_name, who, you=False, faces_only=faces)
    if news == REMOVED_YOU and unnamed:
        return persons_texts.removed_you_unnamed(who)
    if news == REMOVED_YOU:
        return (
            persons_texts.removed_you(who, said_name)
            if who is not None
            else persons_texts.removed_you_by_owner(said_name)
        )
    return None


def _guarded_by_past(notice: Notice, who: str, names: Sequence[str]) -> str:
    """A ``GUARDED_BY`` notice, once ``who`` no longer guards its persons (``names``), as
    it says it in the past: the invitation they accepted, or that they got the photos
    (none named, its persons deleted since: that they were a co-guardian)."""
    if not names:
        return persons_texts.was_guardian(who, names)
    if (notice.shown or {}).get("said") == JOINED:
        return persons_texts.co_guardian_accepted_past(who, names)
    return persons_texts.co_guardian_got_past(who, names)


def _guarded_by_unnamed(notice: Notice, names: Sequence[str]) -> str:
    """``_guarded_by_past`` of one whose name went with their data (/forget): said at the
    /forget, and again once a person it names was renamed."""
    if not names:
        return persons_texts.was_guardian_since_forgotten(names)
    if (notice.shown or {}).get("said") == JOINED:
        return persons_texts.co_guardian_accepted_unnamed(names)
    return persons_texts.co_guardian_got_unnamed(names)


async def _replace(messenger: Messenger, notice: Notice, said: str) -> None:
    """The notice's message says ``said`` now; best effort: one Telegram cannot edit stays
    as it was."""
    try:
        await messenger.replace_text(notice.chat_id, notice.message_id, said)
    except TelegramUnavailable as error:
        log.info("message %s in %s not made true: %s", notice.message_id, notice.chat_id, error)


async def _recaption(messenger: Messenger, notice: Notice, said: str) -> None:
    """The notice's photo message (a question, its face blanked) reads ``said`` now; best
    effort, as ``_replace``."""
    try:
        await messenger.recaption(notice.chat_id, notice.message_id, said)
    except TelegramUnavailable as error:
        log.info("message %s in %s not made true: %s", notice.message_id, notice.chat_id, error)


async def _export_gone(messenger: Messenger, notice: Notice, language: str) -> None:
    """An /export document: deleted, or (past 48 hours) re-captioned as no longer held."""
    if await messenger.delete_message(notice.chat_id, notice.message_id) != Deletion.REFUSED:
        return
    with in_language(language):
        said = texts.export_since_forgotten()
    await messenger.recaption(notice.chat_id, notice.message_id, said)


async def on_taken_down_faces_deleted(
    notices: Notices,
    messenger: Messenger,
    held_for: Callable[[UUID, int], Awaitable[HeldMedia]],
    event: TakenDownFacesDeleted,
) -> None:
    """A takedown deleted faces of these persons: their offers of held photos count what is
    left."""
    await notices.held_taken_down(messenger, held_for, event.person_ids)
