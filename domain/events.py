"""What one capability tells the others, without importing them: domain events on a bus.

The capability that acts publishes an event (a frozen dataclass of ids); the capabilities
that react subscribe a handler to its type. The table of who reacts to what is written in
one place, the composition root (``domain.composition.reactions.wire_events``), as the message bus
of *Architecture Patterns with Python* keeps its ``HANDLERS``: so the acting capability
never imports the reacting one, and the layers keep one direction.

Handlers run in the order they were subscribed, each awaited before the next, inside the
publisher's call: an error propagates to the publisher (a job retries, as it would have if
the reaction had been written inline). No queue, no background task.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened, in the past tense: what reacting to it needs, as ids."""


@dataclass(frozen=True, slots=True)
class PersonApproved(Event):
    """Organizers approved a person, or a co-guardian of theirs, in a group (moderation):
    the photos posted while they waited are looked for (earlier photos)."""

    person_id: UUID
    group_id: UUID


@dataclass(frozen=True, slots=True)
class PersonRejected(Event):
    """Organizers rejected a person, or a co-guardian of theirs, in a group (moderation):
    its cards and /persons lists shown say it was not approved there (persons)."""

    person_id: UUID
    group_id: UUID


@dataclass(frozen=True, slots=True)
class GuardianshipEnded(Event):
    """A guardian stopped getting a person's photos and clips, by leaving or removed by its
    owner (persons): the questions they were asked about it are closed, saying why
    (corrections), as their "Yes" and "No" would only refuse now; the notices that they are
    its guardian and get its photos say they were, until then (privacy). ``user_id``: their
    chat; ``who``: their first name; ``name``: the person's; ``removed``: by its owner."""

    person_id: UUID
    participant_id: UUID
    user_id: int | None = None
    who: str = ""
    name: str = ""
    removed: bool = False


@dataclass(frozen=True, slots=True)
class InvitationEnded(Event):
    """A co-guardian invitation stopped working (persons): someone used its link
    (``used_by``, their Telegram user id), or it expired unused (``used_by`` None). Those
    who opened its link and did not answer are told, where they were asked "Accept?"
    (privacy's notices), as its "Accept" would only refuse now."""

    invite_id: UUID
    used_by: int | None = None


@dataclass(frozen=True, slots=True)
class PersonClaimed(Event):
    """Organizers approved a parent's claim of a child (claims): the claimer is its owner,
    and her /persons lists shown, "empty" before, list it (persons; walk36 N1)."""

    person_id: UUID


@dataclass(frozen=True, slots=True)
class ClaimRejected(Event):
    """Organizers rejected a parent's claim of an unclaimed child (moderation): the sheets
    of the child's faces shown for the claim go (claims)."""

    person_id: UUID


@dataclass(frozen=True, slots=True)
class FacesTakenDown(Event):
    """The faces of a photo an organizer took down are about to be deleted (moderation):
    the sheets showing one of them go (claims), the menus about them close (corrections)."""

    group_id: UUID
    face_ids: tuple[UUID, ...]


@dataclass(frozen=True, slots=True)
class TakenDownFacesDeleted(Event):
    """The faces of a photo an organizer took down were deleted (moderation): the
    corrections' messages about their persons say what became of the changes (findings19
    5), and the /history lists offering to undo a change of them say it can't be."""

    face_ids: tuple[UUID, ...]
    person_ids: tuple[UUID, ...] = ()
    # The title of the photo's group and whether it was a clip: a "Remove this photo
    # only" of it says the organizers took it down since (walken4 3).
    group_title: str = ""
    clip: bool = False
    # The photo's group: its /audit lists shown say what its corrections taught no more.
    group_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class FacesExpired(Event):
    """The faces of a group's photos are about to be deleted, kept as long as its
    organizers' retention said (privacy): the sheets showing one of them go (claims); the
    questions still open about them are closed, saying why (corrections). Published before
    the deletion, as their questions go with the faces."""

    group_id: UUID
    face_ids: tuple[UUID, ...]


@dataclass(frozen=True, slots=True)
class ExpiredFacesDeleted(Event):
    """The faces ``FacesExpired`` announced are deleted (privacy): the delivered copies of
    these photos lose their "Not Alice?" (delivery). ``edits_until``: when the retention
    run's time for such edits is spent (its job's timeout must not pass)."""

    group_id: UUID
    photo_ids: tuple[UUID, ...]
    edits_until: datetime


@dataclass(frozen=True, slots=True)
class ParticipantForgotten(Event):
    """A participant asked to be forgotten and is being forgotten (privacy): the sheets of
    faces shown in their private chat go (claims)."""

    telegram_user_id: int


@dataclass(frozen=True, slots=True)
class GuardianForgotten(Event):
    """A participant was forgotten (privacy): these persons they guarded stay with their
    other guardians, whose cards no longer name them (persons; findings13 8)."""

    person_ids: tuple[UUID, ...]


@dataclass(frozen=True, slots=True)
class OfferWithdrawn(Event):
    """A pending sheet of a person's earlier photos went with a face taken down
    (moderation): its other faces are looked for again (earlier photos)."""

    person_id: UUID


@dataclass(frozen=True, slots=True)
class TakenDownPostedAgain(Event):
    """A photo taken down in a group was posted there again and recorded as removed at once
    (recognition's intake): it is deleted from the group where the bot may, and the admin
    chat is told (moderation)."""

    photo_id: UUID


@dataclass(frozen=True, slots=True)
class MediaUnreadable(Event):
    """A photo or clip posted in a group could not be read and ended failed (recognition),
    published once: the admin chat and the poster are told why (moderation). ``reason``:
    the ``ImageError`` class's own ``reason``, without the detail."""

    photo_id: UUID
    reason: str


@dataclass(frozen=True, slots=True)
class PhotoWaitsForAlbum(Event):
    """A recognized photo of a guardian's child waits for the guardian's album, the group
    sending albums (recognition): the album goes once its window has passed (delivery)."""

    participant_id: UUID
    group_id: UUID


@dataclass(frozen=True, slots=True)
class GuardianJoined(Event):
    """A guardian joined a group through its link (onboarding): their persons looked for
    are looked for in the photos posted there before (earlier photos)."""

    group_id: UUID
    person_ids: tuple[UUID, ...]


@dataclass(frozen=True, slots=True)
class GroupGone(Event):
    """The bot left a group, or was removed from it (groups): nobody can claim, rename or
    delete its unclaimed persons any more, so they go (claims)."""

    group_id: UUID


@dataclass(frozen=True, slots=True)
class UnclaimedPersonsGoing(Event):
    """Unclaimed persons an organizer named are about to be deleted, or their group is
    gone (claims): the cards of their claims still waiting, naming the child and the
    claimer, go from the admin chats (moderation). Telegram unavailable, the handler raises
    ``TryAgainLater`` before the persons go."""

    person_ids: tuple[UUID, ...]


@dataclass(frozen=True, slots=True)
class PersonRenamed(Event):
    """A guardian renamed a person (persons): the copies of its photos already in the
    guardians' chats name it as now, not by the old name (delivery)."""

    person_id: UUID


@dataclass(frozen=True, slots=True)
class PersonsMerged(Event):
    """Two persons merged, or a merge undone (persons; ``event_id``: the assignment event
    that moved the faces, the merge's or its undo's): the copies of those photos already in
    the guardians' chats name their persons as now (delivery)."""

    event_id: UUID


@dataclass(frozen=True, slots=True)
class NoUndone(Event):
    """A guardian's "no" to a question about the person undone from /history (persons): a
    sibling pair's question that asks about the other child alone since that "no" ("Bea
    answered this question: not Alice. Is this Ally?") says it was undone (corrections)."""

    person_id: UUID


@dataclass(frozen=True, slots=True)
class PersonDeleted(Event):
    """A guardian deleted a person, and everything about it (privacy; ``guardian_chats``:
    the chats of its guardians then, as it has none now): the /history lists shown there
    no longer name it as present, nor offer to undo its changes (persons)."""

    person_id: UUID
    guardian_chats: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class HistoryChanged(Event):
    """A change /history lists was recorded about these persons (corrections: an answer, a
    "Not Alice?", a move; persons: an undo): the /history lists sent before it to their
    guardians say they are as of their time (persons)."""

    person_ids: tuple[UUID, ...]


@dataclass(frozen=True, slots=True)
class PersonFacesErased(Event):
    """A person's faces were erased, their crops with them (privacy: the person deleted, or
    its faces forgotten): the sheets of faces still showing one of them go (claims: a
    claimed child's claim sheet and /whois sheets showed its crops)."""

    face_ids: tuple[UUID, ...]


@dataclass(frozen=True, slots=True)
class PersonEnrolled(Event):
    """A person's enrollment photos are learned, by the worker (enrollment): the cards and
    /persons lists shown of it say what it is now (persons), as a change made from the
    bot's handlers brings them up to date there."""

    person_id: UUID


@dataclass(frozen=True, slots=True)
class PrototypesChosen(Event):
    """A person's prototypes were chosen again, by the worker (recognition), and their
    number changed: the cards and /persons lists shown of it say how many faces are learned
    now (persons), as they were drawn by the change that asked for the choice, before it
    (walk37A A1: a claimer's list read "Tom: active, 0 learned faces" for good)."""

    person_id: UUID


E = TypeVar("E", bound=Event)
Handler = Callable[[E], Awaitable[None]]


class EventBus:
    """Dispatches each event to the handlers subscribed to its type, in order."""

    def __init__(self) -> None:
        self._handlers: defaultdict[type[Event], list[Handler[Any]]] = defaultdict(list)

    def subscribe(self, event_type: type[E], handler: Handler[E]) -> None:
        self._handlers[event_type].append(handler)

    def handlers(self, event_type: type[Event]) -> list[Handler[Any]]:
        """Who reacts to this type of event (for the wiring's own tests)."""
        return list(self._handlers.get(event_type, ()))

    async def publish(self, event: Event) -> None:
        """Await each handler of the event's exact type; the first error propagates (the
        handlers after it do not run)."""
        for handler in self._handlers.get(type(event), ()):
            await handler(event)


async def history_changed(events: EventBus | None, person_ids: Iterable[UUID | None]) -> None:
    """Publish ``HistoryChanged`` about these persons, each once and in their order (None
    skipped): a change /history lists was recorded. Nothing when no person is named, or no
    bus was given (nobody reacts)."""
    changed = tuple(dict.fromkeys(p for p in person_ids if p is not None))
    if events is not None and changed:
        await events.publish(HistoryChanged(changed))
