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
group (an approval of kind ``claim``); approved (``approve_claim``), the faces become the
person's (audited as the parent's doing) and their photos are sent as for "Yes, all are
Sara", or, after "some are", each face is asked about on its own; rejected
(``reject_claim``), the unclaimed person goes.

The claim link reuses the co-guardian invitation's scheme: a random code in a deep link,
only its hash stored, 48 hours."""

from __future__ import annotations

import io
import logging
import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from PIL import Image
from tortoise.transactions import in_transaction

from domain.blobs import BlobStore
from domain.claims import sheets
from domain.claims.rules import (
    SHEET_MAX,
    LinkState,
    fingerprint,
    largest_first,
    link_state,
)
from domain.claims.unclaimed import CLAIM_ACTIONS, scrub_names
from domain.clusters.rules import MIN_CLUSTER_SIZE
from domain.clusters.service import GROUPED_SETTING
from domain.corrections.service import deliver_to_new_guardians
from domain.earlier_photos.service import posted_since
from domain.enrollment.rules import check_name
from domain.errors import ImageError
from domain.infra.images import decode_image, encode_jpeg, face_sheet
from domain.infra.models import (
    Approval,
    Claim,
    ClaimFace,
    ClaimSheet,
    Delivery,
    EarlierPhotos,
    Face,
    Group,
    Guardianship,
    Membership,
    ModerationEvent,
    Participant,
    Person,
    Photo,
    Suggestion,
)
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for
from domain.moderation import approvals
from domain.moderation.audit import Actor
from domain.onboarding.service import JoinOutcome, Onboarding, TelegramUser
from domain.persons.guardians import INVITE_VALID, hash_code
from domain.persons.names import looks_like
from domain.recognition import assignments, prototype_choice
from domain.recognition.assignments import CLAIMED_NOTE
from domain.recognition.assignments import Actor as FaceActor
from domain.recognition.service import crop_key
from domain.retry import TryAgainLater
from domain.states import (
    DeliveryStatus,
    FaceSource,
    GuardianRole,
    MembershipStatus,
    ModerationAction,
    OfferStatus,
    PersonStatus,
    SuggestionStatus,
)
from domain.telegram import ChatUnavailable, Messenger, TelegramUnavailable

log = logging.getLogger(__name__)
CLAIM_PREFIX = "clm_"
CLAIM_VALID = INVITE_VALID
CROP_MARGIN = 0.4
CROP_SIDE = 320
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
    GROUP_GONE = "group_gone"  # the bot left the group


@dataclass(frozen=True, slots=True)
class Claimed:
    outcome: ClaimOutcome
    name: str = ""
    group: str = ""
    photos: int = 0  # the photos of the faces they confirmed
    admin_chat_id: int | None = None  # whom to tell of a "no"
    approval_id: UUID | None = None  # the organizers' check of a "yes"


def _new_code() -> tuple[str, str]:
    code = secrets.token_urlsafe(24)
    return CLAIM_PREFIX + code, hash_code(code)


async def _asked_about(group_id: UUID) -> set[UUID]:
    """The group's faces an enrolled child's family is being asked about: a pending
    suggestion ("Is this Alice?", one by one after "some are" too), or a pending
    earlier-photos offer or sheet. Never named nor claimed: that question is theirs."""
    asked = {
        UUID(str(face))
        for face in await Suggestion.filter(
            face__photo__group_id=group_id, status=SuggestionStatus.PENDING
        ).values_list("face_id", flat=True)
    }
    for face_ids in await EarlierPhotos.filter(
        group_id=group_id, status=OfferStatus.PENDING
    ).values_list("face_ids", flat=True):
        asked |= {UUID(str(face)) for face in face_ids or []}
    return asked


async def _open_faces(
    group_id: UUID, clusters: list[UUID] | None = None
) -> list[tuple[UUID, UUID]]:
    """(face, cluster) of the group's clustered faces nobody holds, not taken down, not
    asked about for an enrolled child, and not already shown for a person named and not
    yet claimed."""
    rows = Face.filter(
        photo__group_id=group_id,
        source=FaceSource.GROUP_PHOTO,
        person_id=None,
        cluster_id__isnull=False,
        photo__removed_at__isnull=True,
    )
    if clusters is not None:
        rows = rows.filter(cluster_id__in=clusters)
    named = {
        UUID(str(face))
        for face in await ClaimFace.filter(
            claim__group_id=group_id, claim__person__status=PersonStatus.UNCLAIMED
        ).values_list("face_id", flat=True)
    }
    named |= await _asked_about(group_id)
    return [
        (UUID(str(face)), UUID(str(cluster)))
        for face, cluster in await rows.values_list("id", "cluster_id")
        if UUID(str(face)) not in named
    ]


# A photo is recognized a little after it is posted, and its regrouping queued then.
PENDING_MARGIN_S = 120


async def grouping_pending(group_id: UUID, regroup_after_s: float) -> bool:
    """Whether faces nobody holds, of photos posted in the group less than a regrouping's
    delay ago and since its last grouping, are in no cluster yet: the regrouping that
    follows a burst of photos (``Clusters.after_photo``) has not run for them, and /whois
    may show them soon."""
    since = datetime.now(UTC) - timedelta(seconds=regroup_after_s + PENDING_MARGIN_S)
    group = await Group.get_or_none(id=group_id)
    grouped = (group.settings or {}).get(GROUPED_SETTING) if group is not None else None
    if isinstance(grouped, str):
        since = max(since, datetime.fromisoformat(grouped))
    return await Face.exists(
        photo__group_id=group_id,
        source=FaceSource.GROUP_PHOTO,
        person_id=None,
        cluster_id=None,
        photo__removed_at__isnull=True,
        photo__posted_at__gt=since,
    )


async def unknown_faces(group_id: UUID) -> int:
    """How many faces nobody holds the group's photos have (those a regrouping groups)."""
    return await Face.filter(
        photo__group_id=group_id,
        source=FaceSource.GROUP_PHOTO,
        person_id=None,
        photo__removed_at__isnull=True,
    ).count()


class Naming:
    """The organizers' side: clusters to name, unclaimed persons and their links."""

    def __init__(
        self,
        messenger: Messenger,
        *,
        regroup_after_s: float = 600.0,
        min_size: int = MIN_CLUSTER_SIZE,
    ) -> None:
        self._messenger = messenger
        self._regroup_after_s = regroup_after_s
        self.min_size = min_size  # faces a group of look-alikes needs, at least

    async def too_few_faces(self, group: Group) -> int | None:
        """How many faces nobody holds the group's photos have, when too few for any group of
        look-alikes (``min_size``); None when there are enough."""
        faces = await unknown_faces(group.id)
        return faces if faces < self.min_size else None

    async def grouping_in(self, group: Group) -> int | None:
        """Minutes within which faces posted lately will be grouped (and so perhaps shown
        by /whois); None when none wait to be grouped."""
        if not await grouping_pending(group.id, self._regroup_after_s):
            return None
        return max(1, math.ceil(self._regroup_after_s / 60))

    async def group_gone(self, chat_id: int) -> None:
        """The bot is leaving the group: before its unclaimed persons go (``Groups``), the
        sheets of its faces (/whois in the admin chat, a parent's claim) are deleted, and
        the cards of claims still waiting withdrawn. Telegram unavailable: those messages
        stay (their buttons answer that they expired)."""
        persons = await Person.filter(
            claim__group__chat_id=chat_id, status=PersonStatus.UNCLAIMED
        ).values_list("id", flat=True)
        try:
            await sheets.drop(self._messenger, await ClaimSheet.filter(group__chat_id=chat_id))
            await approvals.withdraw_person(self._messenger, [UUID(str(p)) for p in persons])
        except (TryAgainLater, TelegramUnavailable) as error:
            log.warning("group %s gone: its sheets and cards not all deleted: %s", chat_id, error)

    async def named_from_sheet(
        self, chat_id: int, message_id: int, claim_id: UUID, name: str
    ) -> None:
        """The /whois sheet the child was just named from reads "Named Tom" now."""
        await sheets.mark_named(self._messenger, chat_id, message_id, claim_id, name)

    async def cluster(self, group: Group, position: int) -> ClusterSheet | None:
        """The group's ``position``-th cluster nobody holds (largest first), as a sheet;
        None when there is none (left)."""
        while True:
            order = largest_first(await _open_faces(group.id))
            if position >= len(order):
                return None
            faces = await self._faces_of(group, order[position])
            sheet = await self.sheet(faces)
            if sheet is not None:
                return ClusterSheet(order[position], position, len(order), sheet)
            position += 1  # no photo of it could be fetched: the next one

    @staticmethod
    async def _faces_of(group: Group, cluster_id: UUID) -> list[Face]:
        ids = [face for face, _ in await _open_faces(group.id, [cluster_id])]
        faces = await Face.filter(id__in=ids).order_by("-quality", "id").prefetch_related("photo")
        # One face per photo: two faces of a photo are two children.
        seen: set[UUID] = set()
        kept = []
        for face in faces:
            if face.photo is not None and face.photo.id not in seen:
                seen.add(face.photo.id)
                kept.append(face)
        return kept[:SHEET_MAX]

    async def sheet(self, faces: list[Face]) -> Sheet | None:
        """A numbered sheet of these faces, cut from their photos fetched again from
        Telegram (crops of unknown faces are not kept); None when none could be."""
        crops: list[tuple[UUID, bytes]] = []
        for face in faces:
            crop = await self._crop(face)
            if crop is not None:
                crops.append((face.id, crop))
        if not crops:
            return None
        return Sheet([face for face, _ in crops], face_sheet([crop for _, crop in crops]))

    async def _crop(self, face: Face) -> bytes | None:
        photo = face.photo
        if photo is None:
            return None
        try:
            data = await self._messenger.download(photo.file_id)
            pixels = decode_image(data, max_pixels=60_000_000, max_bytes=50_000_000)
        except TelegramUnavailable:
            raise
        except (ChatUnavailable, ImageError) as error:
            log.info("photo %s: no crop for the sheet: %s", photo.id, error)
            return None
        height, width = pixels.shape[:2]
        mx, my = face.bbox_w * CROP_MARGIN, face.bbox_h * CROP_MARGIN
        left, top = max(int(face.bbox_x - mx), 0), max(int(face.bbox_y - my), 0)
        right = min(int(face.bbox_x + face.bbox_w + mx), width)
        bottom = min(int(face.bbox_y + face.bbox_h + my), height)
        if right <= left or bottom <= top:
            return None
        crop = encode_jpeg(pixels[top:bottom, left:right])
        with Image.open(io.BytesIO(crop)) as image:
            image.thumbnail((CROP_SIDE, CROP_SIDE))
            out = io.BytesIO()
            image.convert("RGB").save(out, format="JPEG", quality=85)
        return out.getvalue()

    @staticmethod
    async def still_shown(
        group: Group, cluster_id: UUID, shown: list[UUID] | None, fp: str
    ) -> list[UUID] | None:
        """The faces a sheet showed (``shown``: recorded when it was posted; ``fp``: the
        fingerprint its button carries), if every one is still in the cluster and open to
        naming; None when anything changed (or the sheet is not the button's)."""
        if not shown or fingerprint(shown) != fp:
            return None
        open_ids = {face for face, _ in await _open_faces(group.id, [cluster_id])}
        return shown if set(shown) <= open_ids else None

    @staticmethod
    async def look_alike(group: Group, name: str, besides: UUID | None = None) -> str | None:
        """The name of another unclaimed child of the group that reads the same as
        ``name`` ("Alice" and "Alice" with a Cyrillic i), if any: a parent sent a claim
        link must know which child it is for. Not the one being renamed (``besides``)."""
        others = Person.filter(status=PersonStatus.UNCLAIMED, claim__group_id=group.id)
        if besides is not None:
            others = others.exclude(id=besides)
        return looks_like(name, [person.name for person in await others])

    async def name(self, group: Group, face_ids: list[UUID], text: str, actor: Actor) -> Named:
        """An unclaimed person named ``text`` for these faces (those still nobody's and not
        shown for another unclaimed person), with its first claim link."""
        name = check_name(text).name
        if name is None:
            return Named(NameOutcome.BAD_NAME)
        link, code_hash = _new_code()
        expires = datetime.now(UTC) + CLAIM_VALID
        async with in_transaction():
            await Group.select_for_update(no_key=True).get(id=group.id)
            open_ids = {face for face, _ in await _open_faces(group.id)}
            faces = [face for face in face_ids if face in open_ids]
            if not faces:
                return Named(NameOutcome.CHANGED)
            person = await Person.create(name=name, status=PersonStatus.UNCLAIMED)
            claim = await Claim.create(
                person=person,
                group=group,
                named_by_user_id=actor.user_id,
                named_by_name=actor.name[:255],
                code_hash=code_hash,
                expires_at=expires,
            )
            await ClaimFace.bulk_create([ClaimFace(claim=claim, face_id=face) for face in faces])
            await ModerationEvent.record(
                group.id,
                ModerationAction.NAMED,
                actor,
                name,
                {"person": str(person.id), "faces": len(faces)},
            )
        log.info(
            "group %s: unclaimed person %s named from %d faces", group.id, person.id, len(faces)
        )
        return Named(NameOutcome.NAMED, person.id, name, Link(link, expires), claim.id)

    @staticmethod
    async def unclaimed_name(person_id: UUID) -> str | None:
        """The name of this unclaimed person; None when it is no unclaimed person (any more:
        claimed, or deleted)."""
        claim = await Claim.get_or_none(
            person_id=person_id, person__status=PersonStatus.UNCLAIMED
        ).prefetch_related("person")
        return None if claim is None else claim.person.name

    @staticmethod
    async def unclaimed(group: Group) -> list[Unclaimed]:
        now = datetime.now(UTC)
        claims = (
            await Claim.filter(group=group, person__status=PersonStatus.UNCLAIMED)
            .order_by("created_at")
            .prefetch_related("person")
        )
        listed = []
        for claim in claims:
            faces = await ClaimFace.filter(
                claim=claim, face__person_id=None, face__photo__removed_at__isnull=True
            ).count()
            live = (
                claim.code_hash is not None
                and claim.used_at is None
                and claim.expires_at is not None
                and claim.expires_at > now
            )
            listed.append(
                Unclaimed(claim.person.id, claim.person.name, faces, live, claim.named_by_name)
            )
        return listed

    @staticmethod
    async def _locked(group: Group, person_id: UUID) -> Claim | None:
        """The claim of an unclaimed person of this group, locked (inside a transaction)."""
        claim = await Claim.select_for_update().get_or_none(person_id=person_id, group=group)
        if claim is None:
            return None
        if not await Person.exists(id=person_id, status=PersonStatus.UNCLAIMED):
            return None
        return claim

    async def new_link(
        self, group: Group, person_id: UUID, actor: Actor
    ) -> tuple[str, Link | None]:
        """A new claim link (the previous one stops working); the person's name, and None
        when it is no unclaimed person of the group any more."""
        link, code_hash = _new_code()
        expires = datetime.now(UTC) + CLAIM_VALID
        async with in_transaction():
            claim = await self._locked(group, person_id)
            if claim is None:
                return await _name_of(person_id), None
            claim.code_hash, claim.expires_at, claim.used_at = code_hash, expires, None
            await claim.save(update_fields=["code_hash", "expires_at", "used_at"])
            name = await _name_of(person_id)
            await ModerationEvent.record(
                group.id, ModerationAction.CLAIM_LINK, actor, name, {"person": str(person_id)}
            )
        return name, Link(link, expires)

    @staticmethod
    async def drop_link(link: Link) -> None:
        """A link that could not be handed to the organizer stops working (it is nowhere)."""
        await Claim.filter(code_hash=hash_code(link.payload.removeprefix(CLAIM_PREFIX))).update(
            code_hash=None, expires_at=None
        )

    async def revoke(self, group: Group, person_id: UUID, actor: Actor) -> tuple[str, bool | None]:
        """The claim link stops working: (name, True), (name, False) when there was no live
        one, (name, None) when the person is no unclaimed person of the group any more."""
        async with in_transaction():
            claim = await self._locked(group, person_id)
            name = await _name_of(person_id)
            if claim is None:
                return name, None
            if claim.code_hash is None:
                return name, False
            claim.code_hash, claim.expires_at = None, None
            await claim.save(update_fields=["code_hash", "expires_at"])
            await ModerationEvent.record(
                group.id, ModerationAction.CLAIM_REVOKED, actor, name, {"person": str(person_id)}
            )
        return name, True

    async def rename(
        self, group: Group, person_id: UUID, text: str, actor: Actor
    ) -> tuple[str, str | None]:
        """(old name, new name); new name None when the text is no name or the person is no
        unclaimed person of the group any more."""
        name = check_name(text).name
        async with in_transaction():
            claim = await self._locked(group, person_id)
            old = await _name_of(person_id)
            if claim is None or name is None:
                return old, None
            await Person.filter(id=person_id).update(name=name)
            await ModerationEvent.record(
                group.id,
                ModerationAction.UNCLAIMED_RENAMED,
                actor,
                name,
                {"person": str(person_id), "from": old},
            )
        return old, name

    async def delete(self, group: Group, person_id: UUID, actor: Actor) -> str | None:
        """The unclaimed person goes, with its claim and the faces it remembered (the faces
        themselves stay, nobody's); the audit keeps that a child was named, not the name.
        Its name, or None when it was no unclaimed person of the group (any more).
        The sheets showing its faces (the /whois sheet, the opener's) are deleted first."""
        claim = await Claim.get_or_none(person_id=person_id, group=group)
        if claim is not None:
            await sheets.drop(self._messenger, await ClaimSheet.filter(claim_id=claim.id))
            # A claim still waiting: its card (the child's name, the claimer's) goes too.
            await approvals.withdraw_person(self._messenger, [person_id])
        async with in_transaction():
            claim = await self._locked(group, person_id)
            if claim is None:
                return None
            name = await _name_of(person_id)
            await scrub_names([person_id])
            await Person.filter(id=person_id).delete()  # its claim and claim faces go with it
            await ModerationEvent.record(
                group.id,
                ModerationAction.UNCLAIMED_DELETED,
                actor,
                "a child",
                {"person": str(person_id)},
            )
        log.info("group %s: unclaimed person %s deleted", group.id, person_id)
        return name


async def _name_of(person_id: UUID) -> str:
    person = await Person.get_or_none(id=person_id)
    return person.name if person is not None else ""


class Claims:
    """The parent's side: open the link, agree, see the faces, say yes or no."""

    def __init__(self, onboarding: Onboarding, jobs: JobQueue, messenger: Messenger) -> None:
        self._onboarding = onboarding
        self._jobs = jobs
        self._naming = Naming(messenger)

    async def open(self, payload: str, user_id: int) -> Opened:
        claim = None
        if payload.startswith(CLAIM_PREFIX):
            claim = await Claim.get_or_none(
                code_hash=hash_code(payload.removeprefix(CLAIM_PREFIX))
            ).prefetch_related("person", "group", "used_by")
        if claim is None:
            return Opened(LinkState.INVALID)
        unclaimed = claim.person.status == PersonStatus.UNCLAIMED
        opener_claimed = claim.used_by is not None and claim.used_by.telegram_user_id == user_id
        state = link_state(
            found=True,
            person_unclaimed=unclaimed,
            group_active=claim.group.is_active,
            expires_at=claim.expires_at,
            used=claim.used_at is not None,
            used_by_opener=opener_claimed
            and await Guardianship.exists(person_id=claim.person.id, participant=claim.used_by),
            named_by_opener=claim.named_by_user_id == user_id,
            waiting_for_opener=opener_claimed and unclaimed,
            now=datetime.now(UTC),
        )
        if state == LinkState.INVALID:
            return Opened(state)
        # Its name only to who claimed it or named it: an opener learns it once agree() has
        # found them a member of the group. The group to every opener of a real link (they
        # were sent it), so the answer can say where to ask.
        named = state in (LinkState.YOURS, LinkState.WAITING, LinkState.NAMER)
        return Opened(
            state,
            claim.id,
            claim.code_hash or "",
            claim.person.name if named else "",
            claim.group.title,
            claim.group.retention_days,
        )

    async def drop_sheet(self, claim_id: UUID, chat_id: int) -> None:
        """The claim's sheet in this chat goes (answered, other than by a "yes")."""
        await sheets.drop(
            self._naming._messenger, await ClaimSheet.filter(claim_id=claim_id, chat_id=chat_id)
        )

    @staticmethod
    async def _why_closed(claim_id: UUID, code_hash: str) -> ClaimOutcome:
        """A link found closed at an answer: USED when someone else used it meanwhile (the
        loser of a race between two openers), INVALID otherwise."""
        used = await Claim.exists(id=claim_id, code_hash=code_hash, used_at__isnull=False)
        return ClaimOutcome.USED if used else ClaimOutcome.INVALID

    async def _still_open(self, claim_id: UUID, code_hash: str, user_id: int) -> Claim | None:
        """The claim, locked, while its link is the one opened and may still be used."""
        claim = await Claim.select_for_update().get_or_none(id=claim_id)
        if (
            claim is None
            or claim.code_hash != code_hash
            or claim.used_at is not None
            or claim.expires_at is None
            or claim.expires_at < datetime.now(UTC)
            or claim.named_by_user_id == user_id
        ):
            return None
        if not await Person.exists(id=claim.person_id, status=PersonStatus.UNCLAIMED):  # type: ignore[attr-defined]
            return None
        return claim

    async def agree(
        self, claim_id: UUID, code_hash: str, user: TelegramUser
    ) -> tuple[ClaimOutcome, Sheet | None, str]:
        """The opener agrees to the terms: their membership of the group is checked (as its
        own link does) and their consent recorded; then the sheet of the faces still
        nobody's. (outcome, sheet, the person's name)."""
        claim = await Claim.get_or_none(id=claim_id).prefetch_related("group", "person")
        if claim is None or claim.code_hash != code_hash:
            return ClaimOutcome.INVALID, None, ""
        if claim.named_by_user_id == user.id:
            return ClaimOutcome.NAMER, None, claim.person.name
        if not claim.group.is_active:
            return ClaimOutcome.GROUP_GONE, None, ""
        joined = await self._onboarding.join(user, claim.group.join_token)
        if joined.outcome == JoinOutcome.BANNED:
            return ClaimOutcome.BANNED, None, ""
        if joined.outcome not in (JoinOutcome.JOINED, JoinOutcome.NEEDS_CONSENT):
            return ClaimOutcome.NOT_A_MEMBER, None, ""
        participant = await self._onboarding.register(user)
        await self._onboarding.record_consent(participant, group=claim.group)
        async with in_transaction():
            if await self._still_open(claim_id, code_hash, user.id) is None:
                return await self._why_closed(claim_id, code_hash), None, ""
        faces = await self._claimable(claim)
        sheet = await self._naming.sheet(faces)
        if sheet is None:
            return ClaimOutcome.NOTHING_LEFT, None, claim.person.name
        return ClaimOutcome.CLAIMED, sheet, claim.person.name

    @staticmethod
    async def _claimable(claim: Claim, *, lock: bool = False) -> list[Face]:
        """The claim's faces that may still become the person's: nobody's, of a photo of
        the group not taken down and within its retention, one per photo."""
        group = await Group.get(id=claim.group_id)  # type: ignore[attr-defined]
        person = await Person.get(id=claim.person_id)  # type: ignore[attr-defined]
        query = Face.select_for_update() if lock else Face
        faces = query.filter(
            claimed_in__claim_id=claim.id,
            person_id=None,
            photo__group_id=group.id,
            photo__removed_at__isnull=True,
        )
        since = posted_since(group, person, datetime.now(UTC))
        if since is not None:
            faces = faces.filter(photo__posted_at__gte=since)
        asked = await _asked_about(group.id)
        kept: list[Face] = []
        photos: set[UUID] = set()
        for face in await faces.order_by("-quality", "id").prefetch_related("photo"):
            if face.id in asked:  # another family is being asked about it
                continue
            if face.photo is None or face.photo.id in photos:
                continue
            photos.add(face.photo.id)
            kept.append(face)
        return kept[:SHEET_MAX]

    async def answer(
        self,
        claim_id: UUID,
        code_hash: str,
        shown: list[UUID],
        user: TelegramUser,
        yes: bool,
        *,
        one_by_one: bool = False,
    ) -> Claimed:
        """ "Is this your child?" answered. Yes: the claim waits for the organizers of its
        group (an approval card in the admin chat): nothing is assigned or sent until they
        approve (``approve_claim``); the faces not confirmed are forgotten by the claim.
        "Some are" (``one_by_one``): the same, and once approved each face is asked about
        on its own ("Is this Tom?"), as after "some are" on an earlier-photos sheet.
        No: the link is spent and the person stays unclaimed (the organizers are told)."""
        # Only someone who agreed (and so was registered) may answer: a button pressed
        # after /forget creates nobody again.
        participant = await Participant.get_or_none(telegram_user_id=user.id)
        if participant is None:
            return Claimed(ClaimOutcome.INVALID)
        async with in_transaction():
            claim = await self._still_open(claim_id, code_hash, user.id)
            if claim is None:
                return Claimed(await self._why_closed(claim_id, code_hash))
            group = await Group.get(id=claim.group_id)  # type: ignore[attr-defined]
            person = await Person.select_for_update().get(id=claim.person_id)  # type: ignore[attr-defined]
            if not yes:
                # The organizers learn that the link was declined, not by whom.
                actor = Actor(None, "the link's opener")
                claim.used_at = datetime.now(UTC)
                await claim.save(update_fields=["used_at"])
                await ModerationEvent.record(
                    group.id, ModerationAction.CLAIM_DECLINED, actor, person.name,
                    {"person": str(person.id)},
                )  # fmt: skip
                return Claimed(
                    ClaimOutcome.DECLINED,
                    person.name,
                    group.title,
                    admin_chat_id=group.admin_chat_id,
                )
            if not group.is_active:
                return Claimed(ClaimOutcome.GROUP_GONE, person.name, group.title)
            if not await Membership.exists(
                participant=participant, group=group, status=MembershipStatus.MEMBER
            ):
                return Claimed(ClaimOutcome.NOT_A_MEMBER, person.name, group.title)
            faces = [face for face in await self._claimable(claim, lock=True) if face.id in shown]
            if not faces:
                return Claimed(ClaimOutcome.NOTHING_LEFT, person.name, group.title)
            claim.used_at, claim.used_by_id = datetime.now(UTC), participant.id
            claim.one_by_one = one_by_one
            await claim.save(update_fields=["used_at", "used_by_id", "one_by_one"])
            # The claim remembers only the faces the parent confirmed.
            await (
                ClaimFace.filter(claim_id=claim.id)
                .exclude(face_id__in=[face.id for face in faces])
                .delete()
            )
            approval = await approvals.ask_for_claim(group, person, participant)
        log.info("person %s claimed by participant %s: waits", person.id, participant.id)
        return Claimed(
            ClaimOutcome.WAITING,
            person.name,
            group.title,
            len({face.photo.id for face in faces if face.photo is not None}),
            approval_id=approval.id,
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
    asked: list[Approval]  # the person's approvals in the claimer's other approval groups
    questions: list[UUID]  # "some are": a suggestion per face, asked once approved
    already: int = 0  # photos of the faces the claimer had been sent before (not again)
    own: int = 0  # photos of the faces the claimer posted (not sent back unless they ask)


async def approve_claim(approval: Approval, jobs: JobQueue) -> ClaimApproved | None:
    """The organizers approved a claim (inside their decision's transaction): the claimer
    becomes the owner, the faces they confirmed (still nobody's) the person's, their
    photos are planned, the person is active with the faces as prototype candidates.
    None when the claim is no longer there to approve (deleted, or its claimer gone)."""
    claim = await Claim.select_for_update().get_or_none(person_id=approval.person.id)
    participant = approval.participant
    if claim is None or participant is None or claim.used_by_id != participant.id:  # type: ignore[attr-defined]
        return None
    person = await Person.select_for_update().get(id=approval.person.id)
    if person.status != PersonStatus.UNCLAIMED:
        return None
    group = await Group.get(id=claim.group_id)  # type: ignore[attr-defined]
    faces = await Claims._claimable(claim, lock=True)
    await Guardianship.create(person=person, participant=participant, role=GuardianRole.OWNER)
    person.status = PersonStatus.ACTIVE
    await person.save(update_fields=["status", "updated_at"])
    parent = FaceActor.participant(participant)
    questions: list[UUID] = []
    if claim.one_by_one:
        # "Some are": each face is a question for the new guardian; a "yes" assigns it and
        # sends its photo (the suggestions' own answer), a "no" teaches it is not Tom.
        for face in faces:
            suggestion, _ = await Suggestion.get_or_create(
                face_id=face.id, person_id=person.id, defaults={"score": 0.0}
            )
            questions.append(suggestion.id)
        faces = []
    for face in faces:
        await assignments.assign(face, person.id, parent, prototype=None, note=CLAIMED_NOTE)
    # Matched at once in the claim's group (its organizers just approved); in the
    # claimer's other groups that approve new persons, once they do.
    asked = await approvals.ask_for_new_person(person)
    deliveries: list[UUID] = []
    for face in faces:
        deliveries += await deliver_to_new_guardians(jobs, face.photo, person)
    photos, already, own = await _fates_for_claimer(
        participant, {face.photo.id for face in faces if face.photo is not None}
    )
    # The faces the parent confirmed are prototype candidates: chosen, then the look back
    # for earlier photos (the worker's choose_prototypes job).
    await prototype_choice.ask([person.id])
    await ModerationEvent.record(
        group.id, ModerationAction.CLAIMED, Actor(participant.telegram_user_id,
        participant.first_name or "a parent"), person.name,
        {"person": str(person.id), "faces": len(faces)},
    )  # fmt: skip
    return ClaimApproved(
        person.id,
        person.name,
        group.title,
        photos,
        [f.id for f in faces],
        deliveries,
        asked,
        questions,
        already,
        own,
    )


# A delivery in one of these states reaches the claimer (now, with its album or digest).
_ON_ITS_WAY = (DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.WAITING)


async def _fates_for_claimer(
    participant: Participant, photo_ids: set[UUID]
) -> tuple[int, int, int]:
    """Of the claimed faces' photos: (how many are on their way to the claimer, how many
    they had already, e.g. sent for another of their children, how many they posted
    themselves and so are not sent back). A photo is sent to a participant once, so
    "Sending you 4 photos" counts only the first kind."""
    if not photo_ids:
        return 0, 0, 0
    deliveries = await Delivery.filter(participant_id=participant.id, photo_id__in=photo_ids)
    sending = sum(1 for delivery in deliveries if delivery.status in _ON_ITS_WAY)
    already = sum(1 for delivery in deliveries if delivery.status == DeliveryStatus.SENT)
    # A poster gets their own photos back only if they asked to (/settings): no delivery.
    own = await Photo.filter(
        id__in=photo_ids - {delivery.photo_id for delivery in deliveries},  # type: ignore[attr-defined]
        posted_by_user_id=participant.telegram_user_id,
    ).count()
    return sending, already, own


async def claim_approved(
    jobs: JobQueue, messenger: Messenger, blobs: BlobStore, approved: ClaimApproved
) -> None:
    """After the approval's transaction: the faces synced, prototypes chosen, photos sent;
    for "some are", each face's crop cut again and kept for its question, then asked."""
    await assignments.queue_syncs(jobs, approved.changed)
    if approved.changed:
        await prototype_choice.queue(jobs, [approved.person_id])
    for delivery_id in approved.deliveries:
        await enqueue_for(jobs, job_names.DELIVER, delivery_id)
    naming = Naming(messenger)
    for suggestion in await Suggestion.filter(id__in=approved.questions).prefetch_related(
        "face__photo"
    ):
        photo = suggestion.face.photo
        crop = await naming._crop(suggestion.face)
        if crop is None or photo is None:  # the photo can't be fetched: nothing to ask
            await Suggestion.filter(id=suggestion.id).update(status=SuggestionStatus.EXPIRED)
            continue
        key = crop_key(photo.id, suggestion.face.id)
        await blobs.put(
            key, crop, expires_at=datetime.now(UTC) + CROPS_KEEP, content_type="image/jpeg"
        )
        await Face.filter(id=suggestion.face.id).update(crop_key=key)
        await enqueue_for(jobs, job_names.SEND_SUGGESTION, suggestion.id)
    log.info("claim of person %s approved", approved.person_id)


class ClaimDecisions:
    """The organizers' decisions on claims, for ``Approvals`` (``approvals.ClaimDecisions``)."""

    def __init__(self, jobs: JobQueue, messenger: Messenger, blobs: BlobStore) -> None:
        self._jobs = jobs
        self._messenger = messenger
        self._blobs = blobs

    async def approve(self, approval_id: UUID) -> ClaimApproved | None:
        approval = await Approval.get(id=approval_id).prefetch_related("person", "participant")
        return await approve_claim(approval, self._jobs)

    async def approved(self, result: ClaimApproved) -> None:
        await claim_approved(self._jobs, self._messenger, self._blobs, result)

    async def reject(self, person_id: UUID) -> None:
        await reject_claim(person_id)


async def reject_claim(person_id: UUID) -> None:
    """The organizers rejected a claim: the unclaimed person goes, as "Delete" in
    /unclaimed does (its name scrubbed from the audit, the faces nobody's and shown by
    /whois again). The claimer, whom they doubted, keeps nothing; the organizers start
    again with /whois and a link for the right parent."""
    async with in_transaction():
        claim = await Claim.select_for_update().get_or_none(person_id=person_id)
        if claim is None or not await Person.exists(id=person_id, status=PersonStatus.UNCLAIMED):
            return
        await scrub_names([person_id])
        await Person.filter(id=person_id).delete()  # its claim, faces and approval with it
    log.info("claim of person %s rejected: the unclaimed person is deleted", person_id)


__all__ = ["CLAIM_ACTIONS", "CLAIM_PREFIX", "Claims", "Naming", "Photo", "scrub_names"]
