"""Co-guardians: invite another participant with a one-time, expiring link; remove a
co-guardian, or leave. The last guardian does not leave with one tap: that would delete the
person, its faces and history, so it is asked as a deletion first (``LAST_GUARDIAN``).

An invitation speaks for its creator: it stops working (unused ones are deleted) when
the creator stops being a guardian of the person, and accepting one re-checks that.
Who may remove whom is in ``domain.persons.rules``."""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from domain.events import EventBus, GuardianshipEnded, InvitationEnded
from domain.jobs.queue import JobQueue
from domain.languages.chats import speaking_to
from domain.onboarding.service import Onboarding, TelegramUser
from domain.persons import texts
from domain.persons.rules import InviteEnd, Seat, Verdict, may_remove, owner, successor
from domain.persons.stores import GuardianSeat, GuardianStore, Invitation, LookedIn, PersonFacts
from domain.states import PersonStatus
from domain.telegram import IN_CHAT_STATUSES, ChatUnavailable, Messenger, TelegramUnavailable

log = logging.getLogger(__name__)
INVITE_PREFIX = "inv_"
INVITE_VALID = timedelta(hours=48)


class RemoveOutcome(StrEnum):
    NOT_ALLOWED = "not_allowed"  # not a guardian (or the target is not one)
    OWNER_ONLY = "owner_only"  # a co-guardian tried to remove another guardian
    OWNER_STAYS = "owner_stays"  # nobody removes the owner
    REMOVED = "removed"
    LEFT = "left"
    # The only guardian asked to leave: nothing was done, since leaving would delete the
    # person and everything about it; the deletion is to be asked for, naming that.
    LAST_GUARDIAN = "last_guardian"


class InviteOutcome(StrEnum):
    INVALID = "invalid"  # unknown, used, expired, or the person is gone
    ALREADY = "already"  # already a guardian of this person
    ACCEPTED = "accepted"


@dataclass(frozen=True, slots=True)
class Removal:
    outcome: RemoveOutcome
    person_name: str = ""
    owner_name: str = ""  # who may do it, for a refusal
    new_owner: GuardianSeat | None = None  # the owner left and this co-guardian took over
    # Whoever no longer guards the person, left or removed (first name), and the other
    # guardians a leaving is told to (Telegram user ids; the new owner is told apart,
    # ``new_owner``).
    leaver: str = ""
    told: tuple[int, ...] = ()
    # The chat of whoever no longer guards it: their /persons lists there say so, and one
    # removed is told who removed them.
    gone_chat: int | None = None


@dataclass(frozen=True, slots=True)
class JoiningNews:
    """A guardian told that a co-guardian joined their first group."""

    chat_id: int
    who: str  # the co-guardian's first name
    persons: list[str]  # the persons the reader shares with them
    group_title: str | None  # None: the reader is not in that group, so it is not named
    waiting: bool  # the group's organizers have yet to approve
    person_ids: tuple[UUID, ...] = ()  # the persons named (``persons``)


@dataclass(frozen=True, slots=True)
class AcceptedNews:
    """A guardian told that someone accepted an invitation to be a guardian of their person
    too, and when that one's photos and clips start."""

    chat_id: int
    who: str  # who accepted it (first name)
    person: str  # the person's name
    in_a_group: bool  # False: nothing comes to them until they join a group
    # In every group they are in, its organizers approve new co-guardians first: nothing
    # comes to them until they do (the reader is told their decision).
    waiting: bool
    group_title: str | None  # a group waited in, named only to a reader who is in it too
    person_id: UUID | None = None
    # Waiting, and the person itself is not approved there either (issue 32: "its
    # organizers approve new co-guardians first" alone).
    person_waits: bool = False


@dataclass(frozen=True, slots=True)
class Invite:
    id: UUID
    payload: str  # the deep-link payload: ``inv_<code>``
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class LinkUsed:
    """An accepted invitation's link, where it was sent (its creator's chat), to say there
    who used it: the message offered it as if it still worked."""

    chat_id: int
    message_id: int
    person: str  # the person's name
    by: str  # who accepted it (first name)


def hash_code(code: str) -> str:
    """The stored form of a one-time link's code (co-guardian invitations, claim links)."""
    return hashlib.sha256(code.encode()).hexdigest()


def seated(rows: list[GuardianSeat]) -> tuple[list[Seat], dict[UUID, str]]:
    """The person's guardians for the rules, and their first names."""
    seats = [Seat(row.participant_id, row.role, row.since) for row in rows]
    return seats, {row.participant_id: row.first_name or "?" for row in rows}


class Guardians:
    def __init__(
        self,
        onboarding: Onboarding,
        jobs: JobQueue,
        store: GuardianStore,
        events: EventBus,
        messenger: Messenger | None = None,
    ) -> None:
        self._onboarding = onboarding
        self._jobs = jobs
        self._store = store
        self._events = events
        self._messenger = messenger  # None: Telegram is not asked who is in a group

    async def in_unopened(
        self, person_id: UUID, user_id: int, *, rejected: bool = False
    ) -> list[LookedIn]:
        """The groups the person is looked for in that Telegram says the user is in, where
        the user is in no group facedrop knows of: in the group since before the bot came
        (so never seen joining), or never opened its link. Such a user is to open the
        group's link, not to join it; empty where they are in a known group already, or
        Telegram cannot say now (the usual words then). ``rejected``: of those, the groups
        whose organizers rejected the person instead (opening the link brings nothing, but
        "you are in none of my groups" is untrue: issue 32)."""
        if self._messenger is None:
            return []
        reader = await self._store.reader(user_id)
        if reader is not None and await self._store.in_a_group(reader.participant_id):
            return []
        found = []
        # Not a group whose organizers rejected the person, nor one the reader is banned
        # from: its link brings nothing there (review: "once you open its link" was said).
        looked_in = await self._store.looked_in(
            person_id, reader.participant_id if reader is not None else None, rejected=rejected
        )
        for group in looked_in:
            try:
                status = await self._messenger.member_status(group.chat_id, user_id)
            except (ChatUnavailable, TelegramUnavailable):  # not known to be in it
                continue
            if status in IN_CHAT_STATUSES:
                found.append(group)
        return found

    async def invite(self, person_id: UUID, user_id: int) -> Invite | None:
        """A new invitation; only its hash is stored, so the link is shown this once."""
        participant_id = await self._store.guardian_of(user_id, person_id)
        if participant_id is None:
            return None
        code = secrets.token_urlsafe(24)
        expires = datetime.now(UTC) + INVITE_VALID
        invite_id = await self._store.create_invite(
            person_id, participant_id, hash_code(code), expires
        )
        return Invite(id=invite_id, payload=INVITE_PREFIX + code, expires_at=expires)

    async def invite_said(self, invite_id: UUID, message_id: int) -> None:
        """Where the link was sent, in its creator's chat (``link_used``)."""
        await self._store.invite_said(invite_id, message_id)

    async def link_used(self, invite_id: UUID) -> LinkUsed | None:
        """An accepted invitation's link, to say who used it where it was sent (None: not
        used, or where it was sent is not known)."""
        invite = await self._store.invite(invite_id)
        if invite is None or invite.used_by is None or invite.said is None:
            return None
        chat_id, message_id = invite.said
        return LinkUsed(chat_id, message_id, invite.person.name, invite.used_by.first_name or "?")

    async def find(self, payload: str) -> Invitation | None:
        """A still-valid invitation for a deep-link payload."""
        if not payload.startswith(INVITE_PREFIX):
            return None
        invite = await self._store.invite_by_code(hash_code(payload.removeprefix(INVITE_PREFIX)))
        if invite is None or invite.used_at is not None or invite.expires_at < datetime.now(UTC):
            return None
        if not await self._still_valid(invite, invite.person):
            return None
        return invite

    async def accept(self, invite_id: UUID, user: TelegramUser) -> tuple[InviteOutcome, str]:
        """The invitee accepts (which includes agreeing to the terms); the invite is spent."""
        participant = await self._onboarding.register(user)
        store = self._store
        async with store.transaction():
            invite = await store.lock_invite(invite_id)
            if (
                invite is None
                or invite.used_at is not None
                or invite.expires_at < datetime.now(UTC)
            ):
                return InviteOutcome.INVALID, ""
            # Locked like a removal locks it: the creator cannot leave half-way through.
            person = await store.lock_person(invite.person.id)
            if person is None or not await self._still_valid(invite, person):
                return InviteOutcome.INVALID, ""
            await store.use_invite(invite.id, participant.id)
            # In groups whose organizers approve new guardians: pending there.
            created = await store.add_co_guardian(person.id, participant.id)
        await self._onboarding.record_consent(participant.id, group_id=None)
        log.info("participant %s became a guardian of person %s", participant.id, person.id)
        # Whoever else opened its link, and was asked "Accept?", is told it was used.
        await self._events.publish(InvitationEnded(invite.id, user.id))
        return (InviteOutcome.ACCEPTED if created else InviteOutcome.ALREADY), person.name

    async def why_refused(
        self, invite_id: UUID, user_id: int
    ) -> tuple[InviteEnd | None, datetime | None]:
        """Why accepting the invitation was refused to the user, as far as it is still known
        (a press of "Accept" under a message that could not be re-worded), and when it
        expired."""
        invite = await self._store.invite(invite_id)
        if invite is None:  # deleted with its maker's seat, or with the person
            return None, None
        if invite.used_by is not None and invite.used_by.telegram_user_id == user_id:
            return None, None  # theirs: not "someone else used it"
        if invite.used_at is not None:
            return InviteEnd.USED, None
        if invite.expires_at < datetime.now(UTC):
            return InviteEnd.EXPIRED, invite.expires_at
        if invite.person.status == PersonStatus.DELETING:
            return InviteEnd.DELETED, None
        if invite.person.status == PersonStatus.MERGED:  # not deleted: an undo revives it
            return None, None
        if invite.invited_by_id is None:
            return InviteEnd.FORGOTTEN, None
        return InviteEnd.LEFT, None

    async def person_of_invite(self, invite_id: UUID) -> UUID | None:
        """The person an invitation is to."""
        invite = await self._store.invite(invite_id)
        return None if invite is None else invite.person.id

    async def to_tell_of(self, invite_id: UUID) -> tuple[list[AcceptedNews], bool]:
        """Once an invitation is accepted: what the person's other guardians are told, and
        whether the new guardian is in a group yet (in none, they get no photo until they
        join one). Where every group they are in approves new co-guardians first, the
        others are told so, not that the photos will come (findings11 14)."""
        store = self._store
        invite = await store.invite(invite_id)
        if invite is None or invite.used_by is None:
            return [], False
        joined, person = invite.used_by, invite.person
        groups = await store.groups_of(joined.participant_id)
        waited_in = [
            group_id
            for group_id, _ in groups
            if await store.waiting_in(group_id, person.id, joined.participant_id)
        ]
        waiting = bool(groups) and len(waited_in) == len(groups)
        person_waits = waiting and all(
            [await store.person_waits_in(group_id, person.id) for group_id in waited_in]
        )
        titles = dict(groups)
        news = []
        for other in await store.reachable_guardians(person.id, joined.participant_id):
            shared = [
                g for g in waited_in if waiting and other.participant_id in await store.members(g)
            ]
            news.append(
                AcceptedNews(
                    other.telegram_user_id,
                    joined.first_name or "?",
                    person.name,
                    bool(groups),
                    waiting,
                    titles[shared[0]] if shared else None,
                    person.id,
                    person_waits,
                )
            )
        return news, bool(groups)

    async def to_tell_of_joining(self, user_id: int, payload: str) -> list[JoiningNews]:
        """A co-guardian joined their first group (through its link, ``payload``): what the
        other guardians of the persons shared with them are told (they were promised it
        when the invitation was accepted). The group is named only to those in it too."""
        store = self._store
        joiner = await store.reader(user_id)
        group = await store.group_of_link(payload) if payload else None
        if joiner is None or group is None:
            return []
        group_id, title = group
        members = await store.members(group_id)
        told: dict[tuple[int, bool], list[tuple[UUID, str]]] = {}
        in_group: dict[int, bool] = {}
        for person in await store.co_guarded(joiner.participant_id):
            waiting = await store.waiting_in(group_id, person.id, joiner.participant_id)
            for other in await store.reachable_guardians(person.id, joiner.participant_id):
                told.setdefault((other.telegram_user_id, waiting), []).append(
                    (person.id, person.name)
                )
                in_group[other.telegram_user_id] = other.participant_id in members
        return [
            JoiningNews(
                chat_id,
                joiner.first_name or "?",
                [name for _, name in persons],
                title if in_group[chat_id] else None,
                waiting,
                tuple(person_id for person_id, _ in persons),
            )
            for (chat_id, waiting), persons in told.items()
        ]

    async def heir(self, person_id: UUID, user_id: int, target: UUID) -> tuple[UUID, str] | None:
        """Who would own the person if ``target``, its owner pressing to leave, left it (the
        participant and their first name), to be asked first; None when that is not so:
        another is removed, a co-guardian leaves, or no one is left (that deletes it)."""
        actor = await self._store.guardian_of(user_id, person_id)
        if actor is None or actor != target:
            return None
        seats, names = seated(await self._store.seats(person_id))
        current = owner(seats)
        if current is None or current.participant_id != actor:
            return None
        heir = successor(seats, actor)
        return (heir.participant_id, names.get(heir.participant_id, "?")) if heir else None

    async def remove(self, person_id: UUID, user_id: int, target: UUID) -> Removal:
        """A guardian removes a co-guardian (owner only), or leaves (``target`` is themselves).

        When the owner leaves, the longest-standing co-guardian becomes the owner
        (``Removal.new_owner``, to be told)."""
        actor = await self._store.guardian_of(user_id, person_id)
        person = await self._store.person(person_id)
        if actor is None or person is None:
            return Removal(RemoveOutcome.NOT_ALLOWED)
        rows = await self._store.seats(person_id)
        seats, names = seated(rows)
        chats = {row.participant_id: row.telegram_user_id for row in rows}
        verdict = may_remove(seats, actor, target)
        current = owner(seats)
        owner_name = names.get(current.participant_id, "") if current else ""
        refusals = {
            Verdict.NOT_A_GUARDIAN: RemoveOutcome.NOT_ALLOWED,
            Verdict.OWNER_ONLY: RemoveOutcome.OWNER_ONLY,
            Verdict.OWNER_STAYS: RemoveOutcome.OWNER_STAYS,
        }
        if verdict != Verdict.ALLOWED:
            return Removal(refusals[verdict], person.name, owner_name)
        # Their unused invitations go with their seat: their messages still said "Send this
        # link…" (issue 32). Read before, said after.
        invites = await self._store.unused_invites_said(person_id, target)
        last, new_owner = await self._drop(person_id, target)
        if last:
            return Removal(RemoveOutcome.LAST_GUARDIAN, person.name, owner_name)
        await self._invites_dropped(invites, person.name, removed=target != actor)
        # What they were asked about the person would only refuse now: closed, saying why.
        await self._events.publish(
            GuardianshipEnded(
                person_id,
                target,
                user_id=chats.get(target),
                who=names.get(target, "?"),
                name=person.name,
                removed=target != actor,
            )
        )
        told: tuple[int, ...] = ()
        if target == actor:  # a leaving is told to the others (the heir is told apart)
            heir = new_owner.participant_id if new_owner is not None else None
            others = await self._store.reachable_guardians(person_id, target)
            told = tuple(o.telegram_user_id for o in others if o.participant_id != heir)
        return Removal(
            RemoveOutcome.LEFT if target == actor else RemoveOutcome.REMOVED,
            person.name,
            owner_name,
            new_owner,
            leaver=names.get(target, "?"),
            told=told,
            gone_chat=chats.get(target),
        )

    async def _drop(
        self, person_id: UUID, participant_id: UUID
    ) -> tuple[bool, GuardianSeat | None]:
        """Remove a guardianship and the unused invitations it gave. True, with nothing
        removed, when it is the person's last one (decided under the person's lock, so two
        guardians leaving at once cannot leave it with none). The second value is the new
        owner, if the owner left."""
        new_owner = None
        store = self._store
        async with store.transaction():
            await store.lock_person(person_id)
            seats, _ = seated(await store.seats(person_id))
            if all(seat.participant_id == participant_id for seat in seats):
                return True, None
            current = owner(seats)
            await store.drop_guardian(person_id, participant_id)
            if current is not None and current.participant_id == participant_id:
                heir = successor(seats, participant_id)
                if heir is not None:
                    new_owner = await store.make_owner(person_id, heir.participant_id)
                    log.info("participant %s now owns person %s", heir.participant_id, person_id)
        return False, new_owner

    async def _invites_dropped(
        self, said: list[tuple[int, int]], name: str, *, removed: bool
    ) -> None:
        """The messages that handed the invitations of one who no longer guards the person
        (``name``; ``removed`` by its owner, else they left) say the link no longer works,
        and why (best effort: one Telegram cannot edit stays as it was)."""
        if self._messenger is None:
            return
        for chat_id, message_id in said:
            async with speaking_to(chat_id):
                text = (
                    texts.invite_link_since_removed(name)
                    if removed
                    else texts.invite_link_since_left(name)
                )
            try:
                await self._messenger.replace_text(chat_id, message_id, text)
            except TelegramUnavailable as error:
                log.info("invitation said in %s left as it was: %s", chat_id, error)

    async def _still_valid(self, invite: Invitation, person: PersonFacts) -> bool:
        """The person is still there and whoever created the invitation still guards it."""
        if person.status in (PersonStatus.DELETING, PersonStatus.MERGED):
            return False
        creator = invite.invited_by_id
        return creator is not None and bool(await self._store.guarded_among(creator, [person.id]))
