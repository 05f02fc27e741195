"""Naming a cluster of unknown faces (organizers, in the admin chat) and claiming the
unclaimed person it makes (a parent, with a one-time link the naming organizer gets
privately).

Naming is not a guardian's confirmation, so it assigns nothing: the unclaimed person has no
guardian, no face, no prototype; it is matched and delivered to no one, and its faces stay
nobody's (other families' persons may still be found in them, as before the naming; a face
another family is being asked about is neither named nor claimed). Only the faces the
organizer saw are remembered (``ClaimFace``), and only until they go (a takedown, the
group's retention). The parent who opens the link agrees first (their membership checked,
only then the name), then sees the faces still nobody's and says "yes, that's my child"
(or "some are"). A claim never delivers on its own: it waits for the organizers of its
group (an approval of kind ``claim``); approved (``ClaimDecisions.approve``), the faces become the
person's (audited as the parent's doing) and their photos are sent as for "Yes, all are
Sara", or, after "some are", each face is asked about on its own; rejected
(``ClaimDecisions.reject``), the unclaimed person goes.

The claim link reuses the co-guardian invitation's scheme: a random code in a deep link,
only its hash stored, 48 hours."""

from __future__ import annotations

import logging
import math
import secrets
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from domain.blobs import BlobStore
from domain.claims import texts
from domain.claims.links import ClaimLinks
from domain.claims.rules import (
    LinkState,
    claim_waits,
    fingerprint,
    largest_first,
    link_state,
    may_answer,
    one_per_photo,
    photos_for_claimer,
)
from domain.claims.sheets import Sheets
from domain.claims.stores import (
    AskedApproval,
    ClaimGroup,
    ClaimRecord,
    ClaimStore,
    FaceOnPhoto,
    ListedGroup,
)
from domain.claims.unclaimed import CLAIM_ACTIONS, scrub_names
from domain.clusters.rules import MIN_CLUSTER_SIZE
from domain.clusters.service import GROUPED_SETTING
from domain.delivery.copies import Copies
from domain.enrollment.rules import check_name
from domain.errors import ImageError
from domain.events import EventBus, PersonClaimed, UnclaimedPersonsGoing, history_changed
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for
from domain.languages.catalogs import _
from domain.languages.chats import speaking_to
from domain.moderation.audit import Actor
from domain.onboarding.service import JoinOutcome, Onboarding, TelegramUser
from domain.persons.guardians import INVITE_VALID, hash_code
from domain.persons.names import looks_like
from domain.recognition import assignments, prototype_choice
from domain.recognition.clips import ClipStills
from domain.recognition.service import FaceCut, crop_key, keep_crop
from domain.retry import TryAgainLater
from domain.states import DeliveryStatus, ModerationAction
from domain.telegram import (
    Button,
    ChatUnavailable,
    Messenger,
    TelegramUnavailable,
    UnclaimedAction,
)

log = logging.getLogger(__name__)
CLAIM_PREFIX = "clm_"
CLAIM_VALID = INVITE_VALID
CROP_MARGIN = 0.4
CROP_SIDE = 320
KEEP_LISTS = 5  # /unclaimed lists of a group kept true, the newest
# "Yes, it's my Itai": at most this many of the claimer's own persons offered on the sheet.
OWN_OFFERED = 3
# A "some are" question's crop is kept this long (as an earlier-photos question's).
CROPS_KEEP = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class Sheet:
    """Faces shown on one numbered sheet."""

    face_ids: list[UUID]
    image: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.face_ids)


@dataclass(frozen=True, slots=True)
class ClusterSheet:
    cluster_id: UUID
    position: int  # 0-based, in the group's clusters largest first
    total: int
    sheet: Sheet


@dataclass(frozen=True, slots=True)
class Link:
    payload: str  # ``clm_<code>``
    expires_at: datetime


class NameOutcome(StrEnum):
    NAMED = "named"
    CHANGED = "changed"  # the cluster's faces changed (or went) since the sheet was shown
    BAD_NAME = "bad_name"


@dataclass(frozen=True, slots=True)
class Named:
    outcome: NameOutcome
    person_id: UUID | None = None
    name: str = ""
    link: Link | None = None
    claim_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class Unclaimed:
    person_id: UUID
    name: str
    faces: int  # still there to show
    link_live: bool  # an unused, unexpired link exists
    named_by: str
    link_expired: datetime | None = None  # when its link expired unused (None: it did not)
    # A parent said yes: their claim waits for the organizers' decision (no new link, no
    # revoking, no renaming meanwhile: findings13 6, a second parent could claim the child)
    waiting: bool = False
    # The claim waiting says the faces are a child of the parent's deleted since: only
    # rejecting it is left.
    into_gone: bool = False


@dataclass(frozen=True, slots=True)
class Opened:
    """What opening a claim link found, and for an open one, what the parent is told."""

    state: LinkState
    claim_id: UUID | None = None
    code_hash: str = ""
    name: str = ""
    group: str = ""
    retention_days: int | None = None  # the group's: its consent says it


class ClaimOutcome(StrEnum):
    CLAIMED = "claimed"
    DECLINED = "declined"
    INVALID = "invalid"  # revoked, expired, person gone meanwhile
    USED = "used"  # someone else used the link meanwhile
    NOT_A_MEMBER = "not_a_member"
    BANNED = "banned"
    NAMER = "namer"
    NOTHING_LEFT = "nothing_left"  # every face shown was taken down, or is someone's now
    WAITING = "waiting"  # said yes: the organizers check the claim first
    # "It's my Itai" of a person who is not (or no longer) one of theirs to say it of:
    # another family's, deleted, merged, or rejected in the group since the sheet was shown.
    NOT_YOURS = "not_yours"
    GROUP_GONE = "group_gone"  # the bot left the group


@dataclass(frozen=True, slots=True)
class Claimed:
    outcome: ClaimOutcome
    name: str = ""
    group: str = ""
    photos: int = 0  # the photos and clips of the faces they confirmed, sent once approved
    clips: int = 0  # of ``photos``, clips (counted apart: "the 2 photos and 1 clip")
    kept: int = 0  # of the faces' photos, those they have already (sent before, or posted)
    kept_clips: int = 0  # of ``kept``, clips
    admin_chat_id: int | None = None  # whom to tell of a "no"
    approval_id: UUID | None = None  # the organizers' check of a "yes"
    into: bool = False  # "it's my Itai": ``name`` is their own person's, the faces go to it
    named: str = ""  # then, the name the organizers gave (the question asked of it)


def _new_code() -> tuple[str, str]:
    code = secrets.token_urlsafe(24)
    return CLAIM_PREFIX + code, hash_code(code)


class FaceCrops(Protocol):
    """Faces cut out of photos, for the sheets naming and claiming show (crops of unknown
    faces are not kept: they are cut again each time)."""

    def crop(
        self, data: bytes, box: tuple[float, float, float, float], *, margin: float, side: int
    ) -> bytes | None:
        """The face's box (x, y, width, height) and ``margin`` (of its size) around it, cut
        from the image, at most ``side`` pixels on a side, as a JPEG; None when nothing of
        the box is in the image. ``ImageError``: the data is no image."""

    def sheet(self, crops: Sequence[bytes]) -> bytes:
        """One JPEG of the crops in a grid, each numbered from 1."""


# A photo is recognized a little after it is posted, and its regrouping queued then.
PENDING_MARGIN_S = 120


class Naming:
    """The organizers' side: clusters to name, unclaimed persons and their links."""

    def __init__(
        self,
        messenger: Messenger,
        store: ClaimStore,
        crops: FaceCrops,
        *,
        stills: ClipStills,
        sheets: Sheets,
        regroup_after_s: float = 600.0,
        min_size: int = MIN_CLUSTER_SIZE,
        events: EventBus | None = None,
    ) -> None:
        self._messenger = messenger
        self._store = store
        self._crops = crops
        self._stills = stills  # a clip's frame, to cut a face of it from
        self.sheets = sheets  # the sheets of faces shown, for naming and claiming
        # Tells moderation that unclaimed persons go, so their claims' cards go too
        # (``domain.composition.reactions``); None: no claim's card is shown here.
        self._events = events
        self._regroup_after_s = regroup_after_s
        self.min_size = min_size  # faces a group of look-alikes needs, at least

    async def too_few_faces(self, group: ClaimGroup) -> int | None:
        """How many faces nobody holds the group's photos have, when too few for any group of
        look-alikes (``min_size``); None when there are enough."""
        faces = await self._store.unknown_faces(group.id)
        return faces if faces < self.min_size else None

    async def named_before(self, group: ClaimGroup) -> bool:
        """Whether faces were named in the group before (/whois finding none says none is
        LEFT only then: findings25 12, none was ever there)."""
        return await self._store.named_in(group.id)

    async def grouping_in(self, group: ClaimGroup) -> int | None:
        """Minutes within which faces posted lately will be grouped (and so perhaps shown
        by /whois); None when none wait to be grouped."""
        if not await self._grouping_pending(group):
            return None
        return max(1, math.ceil(self._regroup_after_s / 60))

    async def _grouping_pending(self, group: ClaimGroup) -> bool:
        """Whether faces nobody holds, of photos posted in the group less than a regrouping's
        delay ago and since its last grouping, are in no cluster yet: the regrouping that
        follows a burst of photos (``Clusters.after_photo``) has not run for them, and /whois
        may show them soon."""
        since = datetime.now(UTC) - timedelta(seconds=self._regroup_after_s + PENDING_MARGIN_S)
        grouped = group.settings.get(GROUPED_SETTING)
        if isinstance(grouped, str):
            since = max(since, datetime.fromisoformat(grouped))
        return await self._store.unclustered_since(group.id, since)

    async def group_gone(self, chat_id: int) -> None:
        """The bot is leaving the group: before its unclaimed persons go (``Groups``), the
        sheets of its faces (/whois in the admin chat, a parent's claim) are deleted, and
        the cards of claims still waiting withdrawn. Telegram unavailable: those messages
        stay (their buttons answer that they expired)."""
        persons = await self._store.unclaimed_of_chat(chat_id)
        try:
            await self.sheets.drop_where(group_chat_id=chat_id)
            await self._persons_going(persons)
        except (TryAgainLater, TelegramUnavailable) as error:
            log.warning("group %s gone: its sheets and cards not all deleted: %s", chat_id, error)

    async def _persons_going(self, person_ids: Sequence[UUID]) -> None:
        """Before the persons go: the cards of their claims still waiting go from the
        admin chats (``TryAgainLater`` when Telegram left one showing)."""
        if self._events is not None and person_ids:
            await self._events.publish(UnclaimedPersonsGoing(tuple(person_ids)))

    async def named_from_sheet(
        self,
        chat_id: int,
        message_id: int,
        claim_id: UUID,
        name: str,
        face_ids: Collection[UUID],
    ) -> None:
        """The /whois sheet the child was just named from, and any other still showing
        these faces, read "Named Tom" now."""
        await self.sheets.mark_named(chat_id, message_id, claim_id, name, face_ids)

    async def prompt_answered(self, claim_id: UUID, chat_id: int, message_id: int) -> None:
        """The child was named in answer to this prompt ("Named Tom. /unclaimed can rename
        Tom…"): it says what became of them once a claim is decided, or they are deleted."""
        await self._store.prompt_said(claim_id, (chat_id, message_id))

    async def decided(self, claim: ClaimRecord, *, approved: bool) -> None:
        """The organizers decided on a parent's claim of the child: the naming prompt, and
        (approved: rejected, they are deleted) the /whois sheets it was named from, say so
        instead of pointing to /unclaimed (walk33 7). Best effort."""
        on = datetime.now(UTC)
        if approved:
            chat_id = claim.prompt_said[0] if claim.prompt_said else claim.group.admin_chat_id
            if chat_id is not None:
                await self.sheets.named_decided(
                    claim.id, chat_id, lambda: texts.whois_named_decided(claim.name, True, on)
                )
        await self._prompt_says(claim, lambda: texts.whois_prompt_decided(claim.name, approved, on))

    async def _prompt_says(self, claim: ClaimRecord, said: Callable[[], str]) -> None:
        """The claim's naming prompt says ``said()`` (in its chat's language), then is
        forgotten; Telegram unavailable, it stays as it was."""
        if claim.prompt_said is None:
            return
        chat_id, message_id = claim.prompt_said
        async with speaking_to(chat_id):
            text = said()
        try:
            await self._messenger.replace_text(chat_id, message_id, text)
        except TelegramUnavailable as error:
            log.info("claim %s: naming prompt left as it was: %s", claim.id, error)
        await self._store.prompt_said(claim.id, None)

    async def cluster(self, group: ClaimGroup, position: int) -> ClusterSheet | None:
        """The group's ``position``-th cluster nobody holds (largest first), as a sheet;
        None when there is none (left)."""
        while True:
            order = largest_first(await self._store.open_faces(group.id))
            if position >= len(order):
                return None
            open_ids = [
                face for face, _ in await self._store.open_faces(group.id, [order[position]])
            ]
            sheet = await self.sheet(one_per_photo(await self._store.on_photos(open_ids)))
            if sheet is not None:
                return ClusterSheet(order[position], position, len(order), sheet)
            position += 1  # no photo of it could be fetched: the next one

    async def cluster_group(self, cluster_id: UUID) -> ClaimGroup | None:
        """The group of a cluster /whois showed; None when it is gone (regrouped since)."""
        return await self._store.cluster_group(cluster_id)

    async def was_admin_chat(self, chat_id: int) -> bool:
        """Whether this chat is (or was, for a group gone) a group's admin chat."""
        return await self._store.was_admin_chat(chat_id)

    async def admin_chat_group(self, chat_id: int) -> ClaimGroup | None:
        """The group this chat is the admin chat of; None: none, or several (an /unclaimed
        list there names no group to its buttons)."""
        return await self._store.admin_chat_group(chat_id)

    async def sheet(self, faces: Sequence[FaceOnPhoto]) -> Sheet | None:
        """A numbered sheet of these faces, cut from their photos fetched again from
        Telegram (crops of unknown faces are not kept); None when none could be."""
        crops: list[tuple[UUID, bytes]] = []
        for face in faces:
            cut = await self.cut(face)
            if cut is not None:
                crops.append((face.id, cut.crop))
        if not crops:
            return None
        return Sheet([face for face, _ in crops], self._crops.sheet([crop for _, crop in crops]))

    async def cut(self, face: FaceOnPhoto) -> FaceCut | None:
        """The face with a margin, cut from its photo fetched again from Telegram (a clip's
        face: from the clip's frame it was best seen in, given with it); None when the
        photo cannot be fetched or read, or nothing of the face is in it."""
        try:
            data = await self._messenger.download(face.file_id)
            frame = None
            if face.shown_at_s is not None:
                data = frame = await self._stills.frame_at(data, face.shown_at_s)
            box = (face.bbox_x, face.bbox_y, face.bbox_w, face.bbox_h)
            crop = self._crops.crop(data, box, margin=CROP_MARGIN, side=CROP_SIDE)
            return None if crop is None else FaceCut(crop, frame)
        except TelegramUnavailable:
            raise
        except (ChatUnavailable, ImageError) as error:
            log.info("photo %s: no crop for the sheet: %s", face.photo_id, error)
            return None

    async def named_since(self, group: ClaimGroup, shown: Collection[UUID] | None) -> str | None:
        """The name given since to faces a /whois sheet showed, if they were named (from
        another sheet: walkhe 7, its press said the faces had changed)."""
        return await self._store.named_for(group.id, shown) if shown else None

    async def still_shown(
        self, group: ClaimGroup, cluster_id: UUID, shown: list[UUID] | None, fp: str
    ) -> list[UUID] | None:
        """The faces a sheet showed (``shown``: recorded when it was posted; ``fp``: the
        fingerprint its button carries), if every one is still in the cluster and open to
        naming; None when anything changed (or the sheet is not the button's)."""
        if not shown or fingerprint(shown) != fp:
            return None
        open_ids = {face for face, _ in await self._store.open_faces(group.id, [cluster_id])}
        return shown if set(shown) <= open_ids else None

    async def look_alike(
        self, group: ClaimGroup, name: str, besides: UUID | None = None
    ) -> str | None:
        """The name of another unclaimed child of the group that reads the same as
        ``name`` ("Alice" and "Alice" with a Cyrillic i), if any: a parent sent a claim
        link must know which child it is for. Not the one being renamed (``besides``)."""
        return looks_like(name, await self._store.unclaimed_names(group.id, besides))

    async def name(self, group: ClaimGroup, face_ids: list[UUID], text: str, actor: Actor) -> Named:
        """An unclaimed person named ``text`` for these faces (those still nobody's and not
        shown for another unclaimed person), with its first claim link."""
        name = check_name(text).name
        if name is None:
            return Named(NameOutcome.BAD_NAME)
        link, code_hash = _new_code()
        expires = datetime.now(UTC) + CLAIM_VALID
        async with self._store.transaction():
            # Locked: two namings at once see each other's faces taken.
            await self._store.lock_group(group.id)
            open_ids = {face for face, _ in await self._store.open_faces(group.id)}
            faces = [face for face in face_ids if face in open_ids]
            if not faces:
                return Named(NameOutcome.CHANGED)
            person_id, claim_id = await self._store.name(
                group.id, faces, name, actor, code_hash, expires
            )
            await self._store.record(
                group.id,
                ModerationAction.NAMED,
                actor,
                name,
                {"person": str(person_id), "faces": len(faces)},
            )
        log.info(
            "group %s: unclaimed person %s named from %d faces", group.id, person_id, len(faces)
        )
        return Named(NameOutcome.NAMED, person_id, name, Link(link, expires), claim_id)

    async def organizer_name(self, group_id: UUID, user_id: int, until: datetime) -> str:
        """An organizer as the group's audit names them now for what they did up to
        ``until`` ("" once they used /forget: what they do after it names them again)."""
        return await self._store.organizer_name(group_id, user_id, until)

    async def unclaimed_name(self, person_id: UUID) -> str | None:
        """The name of this unclaimed person; None when it is no unclaimed person (any more:
        claimed, or deleted)."""
        claim = await self._store.claim(person_id=person_id)
        return None if claim is None or not claim.person_unclaimed else claim.name

    async def claim_of(self, person_id: UUID) -> ClaimRecord | None:
        """The claim naming this person (unclaimed, or claimed since)."""
        return await self._store.claim(person_id=person_id)

    async def unclaimed(self, group: ListedGroup) -> list[Unclaimed]:
        now = datetime.now(UTC)
        listed = []
        for claim, faces in await self._store.unclaimed(group.id):
            unused = claim.code_hash is not None and claim.used_at is None
            expires = claim.expires_at
            live = unused and expires is not None and expires > now
            expired = expires if unused and expires is not None and not live else None
            listed.append(
                Unclaimed(
                    claim.person_id,
                    claim.name,
                    faces,
                    live,
                    claim.named_by_name,
                    expired,
                    waiting=claim_waits(claim),
                    into_gone=claim_waits(claim) and claim.into_gone,
                )
            )
        return listed

    async def list_shown(self, group_id: UUID, chat_id: int, message_id: int) -> None:
        """An /unclaimed list of the group was posted: kept (the newest ``KEEP_LISTS``), so
        that a claim made or decided, or a link revoked, redraws it (findings19 13: one
        kept "a link is out" and four buttons that only refused after the claim was
        approved)."""

        def with_it(kept: list[tuple[int, int]]) -> list[tuple[int, int]]:
            others = [each for each in kept if each != (chat_id, message_id)]
            return [*others, (chat_id, message_id)][-KEEP_LISTS:]

        await self._store.keep_lists_shown(group_id, with_it)

    async def listing(self, group: ListedGroup) -> tuple[str, list[list[Button]]]:
        """The /unclaimed list as it is now, in the current language, with a row of buttons
        per child."""
        listed = await self.unclaimed(group)
        rows: list[list[Button]] = [
            [
                UnclaimedAction(each.person_id, act, f"{n}. {_(label)}" if act == "l" else _(label))
                for label, act in zip(texts.UNCLAIMED_BUTTONS, "lrnd", strict=True)
                # While a parent's claim waits, only "Delete": a new link would let a second
                # parent claim the same child (findings13 6), a rename change it under the
                # card. "Revoke" only while a link works (findings15 6: each press of one on
                # a child with none added "has no active claim link" to the admin chat).
                if (not each.waiting or act == "d") and (act != "r" or each.link_live)
            ]
            for n, each in enumerate(listed, 1)
        ]
        text = texts.unclaimed_list(
            group.title,
            [
                (u.name, u.faces, u.link_live, u.named_by, u.link_expired, u.waiting, u.into_gone)
                for u in listed
            ],
        )
        return text, rows

    async def redraw_lists(self, group: ListedGroup) -> None:
        """Every /unclaimed list of the group kept shown, drawn again as the list is now in
        its chat's language (the worker's side: a link that expired says so there too).
        Best effort: Telegram unavailable leaves the rest as they were."""
        for chat_id, message_id in await self.lists_shown(group.id):
            async with speaking_to(chat_id):
                text, rows = await self.listing(group)
            try:
                await self._messenger.replace_text(chat_id, message_id, text, rows)
            except TelegramUnavailable as error:
                log.info("group %s: its /unclaimed lists not redrawn: %s", group.id, error)
                return

    async def group_of_claim(self, claim_id: UUID) -> ClaimGroup | None:
        """The group a claim names its child in (None: the claim is gone)."""
        claim = await self._store.claim(claim_id)
        return None if claim is None else claim.group

    async def lists_shown(self, group_id: UUID) -> list[tuple[int, int]]:
        """The group's /unclaimed lists kept true: (chat id, message id)."""
        return await self._store.lists_shown(group_id)

    async def _locked(self, group: ClaimGroup, person_id: UUID) -> ClaimRecord | None:
        """The claim of an unclaimed person of this group, locked (inside a transaction)."""
        claim = await self._store.claim(person_id=person_id, lock=True)
        if claim is None or claim.group.id != group.id or not claim.person_unclaimed:
            return None
        return claim

    async def new_link(
        self, group: ClaimGroup, person_id: UUID, actor: Actor
    ) -> tuple[str, Link | None]:
        """A new claim link (the previous one stops working); the person's name, and None
        when it is no unclaimed person of the group any more."""
        link, code_hash = _new_code()
        expires = datetime.now(UTC) + CLAIM_VALID
        async with self._store.transaction():
            claim = await self._locked(group, person_id)
            name = await self._store.person_name(person_id)
            if claim is None or claim_waits(claim):
                return name, None
            await self._store.set_link(claim.id, code_hash, expires)
            await self._store.record(
                group.id, ModerationAction.CLAIM_LINK, actor, name, {"person": str(person_id)}
            )
        return name, Link(link, expires)

    async def drop_link(self, link: Link) -> None:
        """A link that could not be handed to the organizer stops working (it is nowhere)."""
        await self._store.drop_link(hash_code(link.payload.removeprefix(CLAIM_PREFIX)))

    async def revoke(
        self, group: ClaimGroup, person_id: UUID, actor: Actor
    ) -> tuple[str, bool | None]:
        """The claim link stops working: (name, True), (name, False) when there was no live
        one, (name, None) when the person is no unclaimed person of the group any more."""
        async with self._store.transaction():
            claim = await self._locked(group, person_id)
            name = await self._store.person_name(person_id)
            if claim is None or claim_waits(claim):
                return name, None
            if claim.code_hash is None:
                return name, False
            await self._store.set_link(claim.id, None, None)
            await self._store.record(
                group.id, ModerationAction.CLAIM_REVOKED, actor, name, {"person": str(person_id)}
            )
        return name, True

    async def rename(
        self, group: ClaimGroup, person_id: UUID, text: str, actor: Actor
    ) -> tuple[str, str | None]:
        """(old name, new name); new name None when the text is no name or the person is no
        unclaimed person of the group any more."""
        name = check_name(text).name
        async with self._store.transaction():
            claim = await self._locked(group, person_id)
            old = await self._store.person_name(person_id)
            if claim is None or name is None:
                return old, None
            await self._store.rename(person_id, name)
            await self._store.record(
                group.id,
                ModerationAction.UNCLAIMED_RENAMED,
                actor,
                name,
                {"person": str(person_id), "from": old},
            )
        return old, name

    async def delete(self, group: ClaimGroup, person_id: UUID, actor: Actor) -> str | None:
        """The unclaimed person goes, with its claim and the faces it remembered (the faces
        themselves stay, nobody's); the audit keeps that a child was named, not the name.
        Its name, or None when it was no unclaimed person of the group (any more).
        The sheets showing its faces (the /whois sheet, the opener's) are deleted first."""
        claim = await self._store.claim(person_id=person_id)
        if claim is not None and claim.group.id == group.id:
            await self.sheets.drop_where(claim_id=claim.id)
            if claim.person_unclaimed:
                name, on = claim.name, datetime.now(UTC)
                await self._prompt_says(claim, lambda: texts.whois_named_deleted(name, on))
            # A claim still waiting: its card (the child's name, the claimer's) goes too.
            await self._persons_going([person_id])
        async with self._store.transaction():
            claim = await self._locked(group, person_id)
            if claim is None:
                return None
            name = await self._store.person_name(person_id)
            await self._store.delete([person_id])
            await self._store.record(
                group.id,
                ModerationAction.UNCLAIMED_DELETED,
                actor,
                "a child",
                {"person": str(person_id)},
            )
        log.info("group %s: unclaimed person %s deleted", group.id, person_id)
        return name


def _since(group: ClaimGroup) -> datetime | None:
    """The oldest a photo of the group may be to be claimed: within its retention (an
    unclaimed person has no birth date to bound it, as ``earlier_photos.posted_since``)."""
    if group.retention_days is None:
        return None
    return datetime.now(UTC) - timedelta(days=group.retention_days)


@dataclass(frozen=True, slots=True)
class Agreed:
    """The opener agreed to the terms: what came of it, and the sheet of the faces still
    nobody's when they may answer."""

    outcome: ClaimOutcome
    sheet: Sheet | None = None
    name: str = ""
    group_id: UUID | None = None
    group: str = ""
    # The opener's own persons in the group ("Yes, it's my Itai"): (id, name)
    own: Sequence[tuple[UUID, str]] = ()


@dataclass(frozen=True, slots=True)
class AnsweredClaim:
    """A claim its opener said yes to: ``approved`` by the organizers, or waiting for them."""

    name: str
    group: str
    approved: bool


class Claims:
    """The parent's side: open the link, agree, see the faces, say yes or no."""

    def __init__(self, onboarding: Onboarding, naming: Naming, store: ClaimStore) -> None:
        self._onboarding = onboarding
        self._naming = naming
        self._store = store
        self.sheets = naming.sheets  # the opener's "Is this your child?" sheet is one

    async def open(self, payload: str, user_id: int) -> Opened:
        claim = None
        if payload.startswith(CLAIM_PREFIX):
            claim = await self._store.by_code(hash_code(payload.removeprefix(CLAIM_PREFIX)))
        if claim is None:
            return Opened(LinkState.INVALID)
        opener_claimed = claim.used_by_user_id == user_id
        state = link_state(
            found=True,
            person_unclaimed=claim.person_unclaimed,
            group_active=claim.group.is_active,
            expires_at=claim.expires_at,
            used=claim.used_at is not None,
            used_by_opener=opener_claimed and claim.claimer_is_guardian,
            named_by_opener=claim.named_by_user_id == user_id,
            waiting_for_opener=opener_claimed and claim.person_unclaimed,
            now=datetime.now(UTC),
        )
        if state == LinkState.INVALID:
            return Opened(state)
        if state == LinkState.EXPIRED and not await self._member_of(claim.group.id, user_id):
            # Dead: the group is said only to a member of it (findings18 15), as a live
            # link's name only once agree() found its opener one.
            return Opened(state, claim.id, claim.code_hash or "")
        # Its name only to who claimed it or named it: an opener learns it once agree() has
        # found them a member of the group. The group to every opener of a live link (they
        # were sent it), so the answer can say where to ask.
        named = state in (LinkState.YOURS, LinkState.WAITING, LinkState.NAMER)
        return Opened(
            state,
            claim.id,
            claim.code_hash or "",
            ""
            if not named
            # Its claimer said "it's my Itai": Itai, theirs (the namer reads the name given).
            else claim.name
            if state == LinkState.NAMER
            else claim.into_name or claim.name,
            claim.group.title,
            claim.group.retention_days,
        )

    async def _member_of(self, group_id: UUID, user_id: int) -> bool:
        """Whether this Telegram user is a member of the group, as the bot knows them."""
        claimer = await self._store.claimer(user_id)
        return claimer is not None and await self._store.is_member(claimer.id, group_id)

    async def answered_by(self, claim_id: UUID, user_id: int) -> AnsweredClaim | None:
        """The claim this user said yes to, as it stands now (waiting for the organizers,
        or approved); None: not theirs, or no longer either (rejected, deleted)."""
        claim = await self._store.claim(claim_id)
        if claim is None or claim.used_by_user_id != user_id:
            return None
        # "It's my Itai": Itai is what they answered, and what they read.
        name = claim.into_name or claim.name
        if claim.claimer_is_guardian:
            return AnsweredClaim(name, claim.group.title, approved=True)
        if claim.person_unclaimed:
            return AnsweredClaim(name, claim.group.title, approved=False)
        return None

    async def drop_sheet(self, claim_id: UUID, chat_id: int) -> None:
        """The claim's sheet in this chat goes (answered, other than by a "yes")."""
        await self.sheets.drop_where(claim_id=claim_id, chat_id=chat_id)

    @staticmethod
    def _open_for(claim: ClaimRecord | None, code_hash: str, user_id: int) -> bool:
        """Whether the link opened may still be used by this opener."""
        return may_answer(
            found=claim is not None,
            code_matches=claim is not None and claim.code_hash == code_hash,
            used=claim is not None and claim.used_at is not None,
            expires_at=None if claim is None else claim.expires_at,
            named_by_opener=claim is not None and claim.named_by_user_id == user_id,
            person_unclaimed=claim is not None and claim.person_unclaimed,
            now=datetime.now(UTC),
        )

    @staticmethod
    def _why_closed(claim: ClaimRecord | None, code_hash: str) -> ClaimOutcome:
        """A link found closed at an answer: USED when someone else used it meanwhile (the
        loser of a race between two openers), INVALID otherwise."""
        used = claim is not None and claim.code_hash == code_hash and claim.used_at is not None
        return ClaimOutcome.USED if used else ClaimOutcome.INVALID

    async def agree(self, claim_id: UUID, code_hash: str, user: TelegramUser) -> Agreed:
        """The opener agrees to the terms: their membership of the group is checked (as its
        own link does) and their consent recorded; then the sheet of the faces still
        nobody's."""
        claim = await self._store.claim(claim_id)
        if claim is None or claim.code_hash != code_hash:
            return Agreed(ClaimOutcome.INVALID)
        group = claim.group
        if claim.named_by_user_id == user.id:
            return Agreed(ClaimOutcome.NAMER, None, claim.name, group.id, group.title)
        if not group.is_active:
            return Agreed(ClaimOutcome.GROUP_GONE, None, "", group.id, group.title)
        if claim.expires_at is None or claim.expires_at < datetime.now(UTC):
            # Expired since it was opened: refused before anything is recorded of the opener.
            return Agreed(ClaimOutcome.INVALID, None, "", group.id, group.title)
        joined = await self._onboarding.join(user, claim.join_token)
        if joined.outcome == JoinOutcome.BANNED:
            return Agreed(ClaimOutcome.BANNED, None, "", group.id, group.title)
        if joined.outcome not in (JoinOutcome.JOINED, JoinOutcome.NEEDS_CONSENT):
            return Agreed(ClaimOutcome.NOT_A_MEMBER, None, "", group.id, group.title)
        # Their consent, in this group: just verified, it is their latest membership.
        await self._onboarding.agree(user)
        async with self._store.transaction():
            now = await self._store.claim(claim_id, lock=True)
            if not self._open_for(now, code_hash, user.id):
                return Agreed(self._why_closed(now, code_hash), None, "", group.id, group.title)
        faces = one_per_photo(await self._store.claimable(claim.id, _since(group)))
        sheet = await self._naming.sheet(faces)
        outcome = ClaimOutcome.NOTHING_LEFT if sheet is None else ClaimOutcome.CLAIMED
        # A child they enrolled may be the one named (its questions expired or undone:
        # findings27 5): "it's my Itai" rather than the same child twice.
        claimer = await self._store.claimer(user.id)
        own = (
            []
            if claimer is None
            else await self._store.own_persons(claimer.id, group.id, OWN_OFFERED)
        )
        return Agreed(outcome, sheet, claim.name, group.id, group.title, own)

    async def answer(
        self,
        claim_id: UUID,
        code_hash: str,
        shown: list[UUID],
        user: TelegramUser,
        yes: bool,
        *,
        one_by_one: bool = False,
        into: UUID | None = None,
    ) -> Claimed:
        """ "Is this your child?" answered. Yes: the claim waits for the organizers of its
        group (an approval card in the admin chat): nothing is assigned or sent until they
        approve (``ClaimDecisions.approve``); the faces not confirmed are forgotten by the claim.
        "Some are" (``one_by_one``): the same, and once approved each face is asked about
        on its own ("Is this Tom?"), as after "some are" on an earlier-photos sheet.
        No: the link is spent and the person stays unclaimed (the organizers are told).
        ``into``: "yes, it's my Itai", one of the claimer's own persons in the group (checked
        again here: NOT_YOURS, nothing changed, when it is not one now); once approved the
        faces are Itai's, the named person merged into it."""
        # Only someone who agreed (and so was registered) may answer: a button pressed
        # after /forget creates nobody again.
        claimer = await self._store.claimer(user.id)
        if claimer is None:
            return Claimed(ClaimOutcome.INVALID)
        async with self._store.transaction():
            claim = await self._store.claim(claim_id, lock=True)
            if claim is None or not self._open_for(claim, code_hash, user.id):
                return Claimed(self._why_closed(claim, code_hash))
            group = claim.group
            if not yes:
                await self._store.declined(claim.id)
                # The organizers learn that the link was declined, not by whom.
                await self._store.record(
                    group.id, ModerationAction.CLAIM_DECLINED, Actor(None, "the link's opener"),
                    claim.name, {"person": str(claim.person_id)},
                )  # fmt: skip
                return Claimed(
                    ClaimOutcome.DECLINED,
                    claim.name,
                    group.title,
                    admin_chat_id=group.admin_chat_id,
                )
            if not group.is_active:
                return Claimed(ClaimOutcome.GROUP_GONE, claim.name, group.title)
            if not await self._store.is_member(claimer.id, group.id):
                return Claimed(ClaimOutcome.NOT_A_MEMBER, claim.name, group.title)
            name = claim.name
            if into is not None:
                own = dict(await self._store.own_persons(claimer.id, group.id, OWN_OFFERED))
                if into not in own:
                    return Claimed(ClaimOutcome.NOT_YOURS, claim.name, group.title)
                name = own[into]
            claimable = await self._store.claimable(claim.id, _since(group), lock=True)
            claimable = one_per_photo(claimable)
            faces = [face for face in claimable if face.id in shown]
            if not faces:
                return Claimed(ClaimOutcome.NOTHING_LEFT, claim.name, group.title)
            # The claim remembers only the faces the parent confirmed.
            approval_id = await self._store.answered(
                claim.id, claimer.id, one_by_one, [face.id for face in faces], into
            )
            # Audited as it happens, before the organizers' decision on it (not at it).
            details: dict[str, object] = {"person": str(claim.person_id), "faces": len(faces)}
            if into is not None:
                details["into"] = str(into)
            await self._store.record(
                group.id, ModerationAction.CLAIMED,
                Actor(claimer.telegram_user_id, claimer.first_name or "a parent"), claim.name,
                details,
            )  # fmt: skip
        log.info("person %s claimed by participant %s: waits", claim.person_id, claimer.id)
        # Counted as the approval will count them (``ClaimDecisions.approve``).
        fates = await self._store.fates(
            claimer.id, claimer.telegram_user_id, {face.photo_id for face in faces}
        )
        share = photos_for_claimer(
            ((f.delivery, f.posted_by_claimer, f.clip) for f in fates), waiting=True
        )
        return Claimed(
            ClaimOutcome.WAITING,
            name,
            group.title,
            share.sending,
            share.clips,
            share.already + share.own,
            share.already_clips + share.own_clips,
            approval_id=approval_id,
            into=into is not None,
            named=claim.name,
        )


@dataclass(frozen=True, slots=True)
class ClaimApproved:
    """A claim the organizers approved: what to do once the transaction is done."""

    person_id: UUID
    name: str
    group: str
    photos: int  # photos of the faces on their way to the claimer
    changed: list[UUID]
    deliveries: list[UUID]
    asked: Sequence[AskedApproval]  # the person's approvals in the claimer's other approval groups
    questions: list[UUID]  # "some are": a suggestion per face, asked once approved
    already: int = 0  # photos of the faces the claimer had been sent before (not again)
    own: int = 0  # photos of the faces the claimer posted (not sent back unless they ask)
    clips: int = 0  # of ``photos``, clips (counted apart)
    already_clips: int = 0  # of ``already``, clips
    own_clips: int = 0  # of ``own``, clips
    claimer_id: UUID | None = None  # the participant who claimed
    kept: Sequence[UUID] = ()  # the ``already`` photos: her copies name the person now
    into: bool = False  # "it's my Itai": ``person_id`` is their own person, merged into
    claim_id: UUID | None = None  # the claim approved


class ClaimDecisions:
    """The organizers' decisions on claims, for ``Approvals`` (``approvals.ClaimDecisions``)."""

    def __init__(
        self,
        jobs: JobQueue,
        naming: Naming,
        blobs: BlobStore,
        store: ClaimStore,
        copies: Copies | None = None,
        events: EventBus | None = None,
        links: ClaimLinks | None = None,
    ) -> None:
        """``copies``: re-captions the copies the claimer had of the claimed faces' photos
        (None: they stay as they were); ``events``: told each change /history lists;
        ``links``: where the claim's link was handed says the decision (None: left)."""
        self._jobs = jobs
        self._naming = naming
        self._blobs = blobs
        self._store = store
        self._copies = copies
        self._events = events
        self._links = links

    async def _told(self, claim: ClaimRecord | None, *, approved: bool) -> None:
        """What the naming left in the admin chat, and where its link was handed, say the
        decision (walk33 7)."""
        if claim is None:
            return
        await self._naming.decided(claim, approved=approved)
        if self._links is not None:
            await self._links.decided(claim, approved=approved)

    async def approve(self, approval_id: UUID) -> ClaimApproved | None:
        """The organizers approved a claim (inside their decision's transaction): the
        claimer becomes the owner, the faces they confirmed (still nobody's) the person's,
        their photos are planned, the person is active with the faces as prototype
        candidates. None when the claim is no longer there to approve (deleted, or its
        claimer gone)."""
        parties = await self._store.approval(approval_id)
        if parties is None:
            return None
        person_id, claimer = parties
        claim = await self._store.claim(person_id=person_id, lock=True)
        if claim is None or claimer is None or claim.used_by_user_id != claimer.telegram_user_id:
            return None
        if not claim.person_unclaimed:
            return None
        into = claim.into_person_id
        if into is not None and into not in dict(
            await self._store.own_persons(claimer.id, claim.group.id, OWN_OFFERED)
        ):
            # "It's my Itai", and Itai is not theirs now (deleted, merged, rejected there):
            # nothing is approved (the organizers hear the claim is no longer there).
            return None
        faces = await self._store.claimable(claim.id, _since(claim.group), lock=True)
        faces = one_per_photo(faces)
        # "Some are": each face is a question for the new guardian; a "yes" assigns it and
        # sends its photo (the suggestions' own answer), a "no" teaches it is not Tom.
        asked = [face.id for face in faces] if claim.one_by_one else []
        assigned = [] if claim.one_by_one else faces
        if into is not None:
            owned = await self._store.merge_into(
                claim.person_id, into, claimer.id, [face.id for face in assigned], asked
            )
        else:
            owned = await self._store.make_owner(
                claim.person_id, claimer.id, [face.id for face in assigned], asked
            )
        photo_ids = {face.photo_id for face in assigned}
        fates = await self._store.fates(claimer.id, claimer.telegram_user_id, photo_ids)
        share = photos_for_claimer((f.delivery, f.posted_by_claimer, f.clip) for f in fates)
        return ClaimApproved(
            claim.person_id if into is None else into,
            claim.name if into is None else claim.into_name,
            claim.group.title,
            share.sending,
            [face.id for face in assigned],
            owned.deliveries,
            owned.asked,
            owned.questions,
            share.already,
            share.own,
            share.clips,
            share.already_clips,
            share.own_clips,
            claimer.id,
            [f.photo_id for f in fates if f.delivery == DeliveryStatus.SENT],
            into is not None,
            claim.id,
        )

    async def approved(self, approved: ClaimApproved) -> None:
        """After the approval's transaction: the faces synced, prototypes chosen, photos
        sent; for "some are", each face's crop cut again and kept for its question, then
        asked."""
        if approved.claim_id is not None:  # said before the photos are queued, not after
            await self._told(await self._store.claim(approved.claim_id), approved=True)
        await assignments.queue_syncs(self._jobs, approved.changed)
        if approved.changed:
            await prototype_choice.queue(self._jobs, [approved.person_id])
            # The faces claimed: /history lines.
            await history_changed(self._events, [approved.person_id])
        if self._events is not None:  # her /persons lists (and cards) list the child
            await self._events.publish(PersonClaimed(approved.person_id))
        for delivery_id in approved.deliveries:
            await enqueue_for(self._jobs, job_names.DELIVER, delivery_id)
        if self._copies is not None and approved.kept and approved.claimer_id is not None:
            # The copies she had (sent for another of her persons), not sent again, name
            # the claimed person too, with its "Not Tom?" (as a "yes" to a question does);
            # by their chat's job, so that the organizer's press is not kept waiting.
            await self._copies.show_later(
                await self._copies.in_chats(
                    participant_id=approved.claimer_id, photo_ids=approved.kept
                )
            )
        for question_id, face in await self._store.question_faces(approved.questions):
            cut = await self._naming.cut(face)
            if cut is None:  # the photo can't be fetched: nothing to ask
                await self._store.keep_crop(question_id, face.id, None)
                continue
            key = crop_key(face.photo_id, face.id)
            # A clip's face: its frame beside the crop, what its question shows, marked.
            await keep_crop(self._blobs, key, cut, CROPS_KEEP)
            await self._store.keep_crop(question_id, face.id, key)
            await enqueue_for(self._jobs, job_names.SEND_SUGGESTION, question_id)
        log.info("claim of person %s approved", approved.person_id)

    async def reject(self, person_id: UUID) -> None:
        """The organizers rejected a claim: the unclaimed person goes, as "Delete" in
        /unclaimed does (its name scrubbed from the audit, the faces nobody's and shown by
        /whois again). The claimer, whom they doubted, keeps nothing; the organizers start
        again with /whois and a link for the right parent."""
        claim = await self._store.claim(person_id=person_id)
        if claim is not None and claim.person_unclaimed:
            await self._told(claim, approved=False)  # before the claim goes with its child
        async with self._store.transaction():
            claim = await self._store.claim(person_id=person_id, lock=True)
            if claim is None or not claim.person_unclaimed:
                return
            await self._store.delete([person_id])  # its claim, faces and approval with it
        log.info("claim of person %s rejected: the unclaimed person is deleted", person_id)


__all__ = ["CLAIM_ACTIONS", "CLAIM_PREFIX", "Claims", "Naming", "scrub_names"]
