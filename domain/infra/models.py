"""The Postgres schema, as tortoise-orm models (app label ``facedrop``).

Every change here needs a migration: ``make migrations`` writes it into
``migrations/`` and a test fails while one is missing. Foreign keys follow
the rule that deleting a person or a photo takes its biometric data with it,
while audit and consent records survive with the link set to NULL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from tortoise import fields
from tortoise.fields.db_defaults import SqlDefault
from tortoise.models import Model as TortoiseModel
from tortoise.models import ModelMeta

from domain.states import (
    ApprovalKind,
    ApprovalStatus,
    AssignmentOperation,
    ConsentKind,
    DeliveryMode,
    DeliveryStatus,
    EnrollmentPhotoStatus,
    FaceSource,
    GroupType,
    GuardianRole,
    MediaKind,
    MembershipStatus,
    ModerationAction,
    OfferStatus,
    PersonStatus,
    PhotoStatus,
    PrototypeRole,
    QuestionMode,
    RequestKind,
    SuggestionStatus,
)

if TYPE_CHECKING:
    from domain.moderation.audit import Actor

APP = "facedrop"


class _WithoutSourceComments(ModelMeta):
    """Tortoise gives a field the ``#:`` comment above it as its description, and to find it
    reads each model class's source: it parsed this whole file once per model, 3.4 of the
    3.7 CPU-seconds of importing it, in every process (bot, worker, each test worker). No
    field here has such a comment (descriptions are ``description=``), so none is looked
    for; the schema is the same (the migrations test checks it)."""

    def __new__(
        cls, name: str, bases: tuple[type, ...], attrs: dict[str, Any]
    ) -> _WithoutSourceComments:
        attrs.setdefault("_no_comments", True)
        return super().__new__(cls, name, bases, attrs)  # type: ignore[return-value]


class Model(TortoiseModel, metaclass=_WithoutSourceComments):
    """The base of every table here."""

    class Meta:
        abstract = True


class Group(Model):
    """A Telegram group or supergroup the bot is (or was) in."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    chat_id = fields.BigIntField(unique=True)
    title = fields.CharField(max_length=255)
    type = fields.CharEnumField(GroupType, max_length=16)
    join_token = fields.CharField(max_length=64, unique=True)
    is_active = fields.BooleanField(default=True)
    admin_chat_id = fields.BigIntField(null=True)
    # The payload of the /admin startgroup link that binds an admin chat (rotated on use).
    admin_token = fields.CharField(max_length=64, null=True, unique=True)
    requires_approval = fields.BooleanField(default=False)
    welcomed_at = fields.DatetimeField(null=True)
    # Organizers' settings (/settings in the admin chat); every change is a moderation event.
    paused_at = fields.DatetimeField(null=True)  # no recognition or delivery while set
    strictness = fields.SmallIntField(default=0, db_default=0)  # steps above the calibrated
    delivery_mode = fields.CharEnumField(
        DeliveryMode, max_length=16, default=DeliveryMode.EACH, db_default=DeliveryMode.EACH.value
    )
    retention_days = fields.IntField(null=True)  # faces and crops of photos older go
    retention_ran_at = fields.DatetimeField(null=True)  # the daily retention's last look
    faces_expired = fields.IntField(default=0, db_default=0)  # what retention deleted, in all
    language = fields.CharField(max_length=8, default="en", db_default="en")
    settings: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = APP
        table = "groups"


class Participant(Model):
    """A Telegram user known to the bot."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    telegram_user_id = fields.BigIntField(unique=True)
    first_name = fields.CharField(max_length=255, default="")
    username = fields.CharField(max_length=64, null=True)
    language_code = fields.CharField(max_length=16, null=True)  # Telegram's, kept current
    # Chosen with /language; None: Telegram's language_code, when facedrop speaks it.
    language = fields.CharField(max_length=8, null=True)
    is_reachable = fields.BooleanField(default=True)
    unreachable_since = fields.DatetimeField(null=True)
    # A poster who guards a person in their own photo gets it back only if they ask to.
    receive_own_photos = fields.BooleanField(default=False, db_default=False)
    # How questions reach them: each as it comes, once a day, or every N (their /settings).
    question_mode = fields.CharEnumField(
        QuestionMode, max_length=16, default=QuestionMode.EACH, db_default=QuestionMode.EACH.value
    )
    questions_every = fields.IntField(default=5, db_default=5)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = APP
        table = "participants"


class Membership(Model):
    """A participant's verified membership of a group."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    participant: fields.ForeignKeyRelation[Participant] = fields.ForeignKeyField(
        f"{APP}.Participant", related_name="memberships", on_delete=fields.CASCADE
    )
    group: fields.ForeignKeyRelation[Group] = fields.ForeignKeyField(
        f"{APP}.Group", related_name="memberships", on_delete=fields.CASCADE
    )
    status = fields.CharEnumField(MembershipStatus, max_length=16, default=MembershipStatus.MEMBER)
    verified_at = fields.DatetimeField()
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = APP
        table = "memberships"
        unique_together = (("participant", "group"),)
        indexes = (("group_id", "status"),)


class Person(Model):
    """Someone whose face is recognized, usually a guardian's child."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    name = fields.CharField(max_length=100)
    birth_date = fields.DateField(null=True)
    status = fields.CharEnumField(PersonStatus, max_length=24, default=PersonStatus.ENROLLING)
    cover_face_id = fields.UUIDField(null=True)
    merged_into: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        f"{APP}.Person", related_name="merged_from", on_delete=fields.SET_NULL, null=True
    )
    # When a guardian last resumed it: its held questions are queued by the resume, once
    # its guardians read "Resumed:", not by the reconcile cron meanwhile (findings16 11).
    resumed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    guardianships: fields.ReverseRelation[Guardianship]

    class Meta:
        app = APP
        table = "persons"


class Guardianship(Model):
    """A participant who receives a person's photos; a person may have several."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        f"{APP}.Person", related_name="guardianships", on_delete=fields.CASCADE
    )
    participant: fields.ForeignKeyRelation[Participant] = fields.ForeignKeyField(
        f"{APP}.Participant", related_name="guardianships", on_delete=fields.CASCADE
    )
    role = fields.CharEnumField(GuardianRole, max_length=16, default=GuardianRole.OWNER)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = APP
        table = "guardianships"
        unique_together = (("person", "participant"),)
        indexes = (("participant_id",),)


class PersonMessage(Model):
    """A person card, or a /persons list, the bot sent to a guardian's private chat: kept
    so that a change (a rename, a merge, a deletion) brings it up to date at once, in
    every chat that shows it (``domain.persons.shown``); and each /history and /settings
    card sent there, and each /persons list no longer kept up to date, for /forget to delete
    (a settings card also for a change of a setting to redraw, a /history for a rename), and
    each /language menu, for a language chosen to redraw them all. Ids only; none of it
    outlives the participant or the person."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    participant: fields.ForeignKeyRelation[Participant] = fields.ForeignKeyField(
        f"{APP}.Participant", related_name="person_messages", on_delete=fields.CASCADE
    )
    # None: a /persons list.
    person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        f"{APP}.Person", related_name="shown_in", on_delete=fields.CASCADE, null=True
    )
    message_id = fields.BigIntField()
    has_photo = fields.BooleanField(default=False)  # a card with its cover (or text only)
    # A /history (its person None): no change edits it; /forget deletes it.
    history = fields.BooleanField(default=False)
    settings = fields.BooleanField(default=False)  # a /settings card: its person None too
    # A /persons list no change edits any more ("As of 10:12. Send /persons..."): it names
    # the persons it listed, so /forget empties it (findings18 20).
    frozen = fields.BooleanField(default=False)
    # A /language menu (its person None too): a language chosen redraws them all.
    language = fields.BooleanField(default=False)
    # A card of its person too old to delete once newer ones came, blanked "out of date":
    # no change edits it; a deletion, a merge or /forget re-words it (findings26 7).
    replaced = fields.BooleanField(default=False)
    # A /history: what it listed (its person, automatic matches or not, until when), so
    # that a rename redraws it even with no Undo button on it to find it by.
    listing: fields.JSONField[dict[str, str] | None] = fields.JSONField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = APP
        table = "person_messages"
        unique_together = (("participant", "message_id"),)
        indexes = (("person_id",),)


class ForgetNotice(Model):
    """A message of mine that a user's /forget would leave untrue, kept to be made true
    then (``domain.privacy.notices``): a notice that they are a guardian of a person and
    get its photos, in their own chat or another guardian's, an /export document they
    were sent, or that a group's organizers turned my service off for them (made true at
    the unban too). Ids only; the rows go at that /forget (but a notice in another
    guardian's chat, said in the past then: kept, about nobody, so a rename re-words it),
    or at the /forget of the chat's own user."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    chat_id = fields.BigIntField()
    message_id = fields.BigIntField()
    # Whose /forget makes it untrue; None: said in the past at that /forget.
    about_user_id = fields.BigIntField(null=True)
    kind = fields.CharField(max_length=16)  # ``notices.NoticeKind``
    person_ids: fields.JSONField[list[str]] = fields.JSONField(default=list)
    # An invitee's "Ann invited you… Accept?" (kind "invited"): the invitation it asks
    # about, re-worded once the invitation ends (used, expired, its maker gone, the person
    # deleted); ``ended`` (a ``guardians.InviteEnd``): it ended, but Telegram did not let
    # me re-word it, so a press of its "Accept" is answered why.
    invite_id = fields.UUIDField(null=True)
    ended = fields.CharField(max_length=16, null=True)
    group_id = fields.UUIDField(null=True)  # a ban's notice: the group it is about
    # Re-worded at "Forget faces" of the person it names (nothing comes until photos of it
    # are added again): re-worded once more when they are.
    faceless = fields.BooleanField(default=False, db_default=False)
    # An enrollment verdict's (kind "unlike"): its count, a clip's views' times.
    said: fields.JSONField[dict[str, Any]] = fields.JSONField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = APP
        table = "forget_notices"
        indexes = (("about_user_id",), ("chat_id",))


class AdminPointer(Model):
    """An answer of mine in a photo group that says where its admin chat is (or that it
    has none yet): an organizer's /settings, /stats, /whois... or /help there, kept so that
    linking, moving or losing the admin chat redraws it (``domain.moderation.linking``).
    Ids only; the newest few per group, none outliving the group."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    group: fields.ForeignKeyRelation[Group] = fields.ForeignKeyField(
        f"{APP}.Group", related_name="admin_pointers", on_delete=fields.CASCADE
    )
    message_id = fields.BigIntField()
    command = fields.CharField(max_length=32)  # what it answered ("help": the group /help)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = APP
        table = "admin_pointers"
        unique_together = (("group", "message_id"),)


class SentCount(Model):
    """How many copies the bot sent privately from one group's posts in one hour (UTC):
    a count alone (no participant, no photo, no person), kept when the copies or their
    records go (an erasure, a takedown, a correction), so that /stats counts what was
    sent that week, not what is left of it (findings-walken3 5)."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    group: fields.ForeignKeyRelation[Group] = fields.ForeignKeyField(
        f"{APP}.Group", related_name="sent_counts", on_delete=fields.CASCADE
    )
    hour = fields.DatetimeField()  # its start, UTC
    sent = fields.IntField(default=0)

    class Meta:
        app = APP
        table = "sent_counts"
        unique_together = (("group", "hour"),)


class Photo(Model):
    """One image posted in a group."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    group: fields.ForeignKeyRelation[Group] = fields.ForeignKeyField(
        f"{APP}.Group", related_name="photos", on_delete=fields.CASCADE
    )
    message_id = fields.BigIntField()
    media_group_id = fields.CharField(max_length=64, null=True)
    file_id = fields.CharField(max_length=255)
    file_unique_id = fields.CharField(max_length=64)
    media_kind = fields.CharEnumField(
        MediaKind, max_length=16, default=MediaKind.PHOTO, db_default=MediaKind.PHOTO.value
    )
    width = fields.IntField(null=True)
    height = fields.IntField(null=True)
    duration_s = fields.FloatField(null=True)  # a clip's length (None: a photo)
    # What recognition reads instead of the file when the bot may not download it: a clip
    # over the Bot API's download limit is read from its thumbnail only.
    preview_file_id = fields.CharField(max_length=255, null=True)
    posted_by_user_id = fields.BigIntField(null=True)
    posted_at = fields.DatetimeField()
    # The poster's caption (and its Telegram entities), kept on the copies delivered.
    caption = fields.TextField(null=True)
    caption_entities: Any = fields.JSONField(null=True)
    status = fields.CharEnumField(PhotoStatus, max_length=16, default=PhotoStatus.PENDING)
    error = fields.CharField(max_length=255, null=True)
    removed_at = fields.DatetimeField(null=True)  # taken down by an organizer: never delivered
    removed_by_user_id = fields.BigIntField(null=True)
    # Copies sent to guardians who have since used /forget: their delivery rows went with
    # them, so a takedown can no longer reach these copies, only count them (no chat id,
    # nothing that says whose they were).
    copies_forgotten = fields.IntField(default=0, db_default=0)
    # At least one of its faces was recognized (when it was read, or later, as a copy was
    # sent): /stats' recognition rate, kept when those faces and copies go (a /forget,
    # "Forget faces", retention). It says that someone was, never who.
    recognized = fields.BooleanField(default=False, db_default=False)
    attempts = fields.SmallIntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = APP
        table = "photos"
        unique_together = (("group", "message_id"),)
        indexes = (("status", "updated_at"), ("media_group_id",), ("file_unique_id",))


class Cluster(Model):
    """Faces of a group's photos that nobody holds, which look like one another (one child
    nobody enrolled yet, most likely). Its faces say who is in it; it holds no name."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    group: fields.ForeignKeyRelation[Group] = fields.ForeignKeyField(
        f"{APP}.Group", related_name="clusters", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    faces: fields.ReverseRelation[Face]

    class Meta:
        app = APP
        table = "clusters"


class Face(Model):
    """One detected face: a group photo's, or an enrollment photo's (then ``photo`` is NULL).

    Its id is the Qdrant point id of its embedding.
    """

    id = fields.UUIDField(primary_key=True, default=uuid4)
    photo: fields.ForeignKeyNullableRelation[Photo] = fields.ForeignKeyField(
        f"{APP}.Photo", related_name="faces", on_delete=fields.CASCADE, null=True
    )
    person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        f"{APP}.Person", related_name="faces", on_delete=fields.SET_NULL, null=True
    )
    source = fields.CharEnumField(FaceSource, max_length=16, default=FaceSource.GROUP_PHOTO)
    bbox_x = fields.IntField()
    bbox_y = fields.IntField()
    bbox_w = fields.IntField()
    bbox_h = fields.IntField()
    landmarks: fields.JSONField[list[list[float]]] = fields.JSONField(default=list)
    det_score = fields.FloatField()
    quality = fields.FloatField()
    crop_key = fields.CharField(max_length=255, null=True)
    # A clip's face (a track): from when to when it is on screen, in seconds of the clip.
    seen_from_s = fields.FloatField(null=True)
    seen_to_s = fields.FloatField(null=True)
    # A clip's face read whole: when the frame its box is in was (its best sighting), so
    # its picture can be cut again from the clip as a photo's is from the photo.
    shown_at_s = fields.FloatField(null=True)
    # The day its photo shows it, when not its group photo's posting: an enrollment photo's
    # message date (a face counts for more in photos of the child at about the same age).
    taken_at = fields.DatetimeField(null=True)
    # The cluster of unknown faces it is in (faces nobody holds, grouped by likeness).
    cluster: fields.ForeignKeyNullableRelation[Cluster] = fields.ForeignKeyField(
        f"{APP}.Cluster", related_name="faces", on_delete=fields.SET_NULL, null=True
    )
    # How it matched the person it was assigned or suggested to (seed 002): the person's
    # prototypes that scored at least ``suggest`` (their face ids), best first, each one's
    # score, and how many; NULL when it matched nobody (and for enrollment faces).
    matching_prototype_ids: fields.JSONField[list[str] | None] = fields.JSONField(null=True)
    prototype_scores: fields.JSONField[dict[str, float] | None] = fields.JSONField(null=True)
    prototype_match_count = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = APP
        table = "faces"
        unique_together = (("photo", "bbox_x", "bbox_y", "bbox_w", "bbox_h"),)
        indexes = (("person_id",), ("photo_id",))


class EnrollmentPhoto(Model):
    """A photo a guardian sent while enrolling a person; the photo itself is never kept."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        f"{APP}.Person", related_name="enrollment_photos", on_delete=fields.CASCADE
    )
    chat_id = fields.BigIntField()
    file_id = fields.CharField(max_length=255)
    # The message's date, taken as the day it shows the person (Telegram keeps no photo
    # date); its face keeps it (``Face.taken_at``) after the session's rows are gone.
    sent_at = fields.DatetimeField(null=True)
    # The guardian's message with the photo: its verdict is a reply to it, told in the
    # order of these ids (an album's photos are checked at once, finish in any order).
    message_id = fields.BigIntField(null=True)
    # The verdict's message: None until it is told, 0 while it is being sent (since
    # ``updated_at``), -1 when it could not be sent.
    reply_id = fields.BigIntField(null=True)
    # Checked again after "No, it's a different person": the message saying so ("I'm
    # checking the photo again…"), which its new verdict replaces rather than follows.
    checking_id = fields.BigIntField(null=True)
    status = fields.CharEnumField(
        EnrollmentPhotoStatus, max_length=16, default=EnrollmentPhotoStatus.PENDING
    )
    verdict = fields.CharField(max_length=32, null=True)
    face: fields.ForeignKeyNullableRelation[Face] = fields.ForeignKeyField(
        f"{APP}.Face", related_name="enrollment_photos", on_delete=fields.SET_NULL, null=True
    )
    # A clip (video, round video) sent instead of a photo: its views become rows of their
    # own (``clip_id``, ``at_s``), each kept as if it were a photo sent.
    media_kind = fields.CharEnumField(
        MediaKind, max_length=16, default=MediaKind.PHOTO, db_default=MediaKind.PHOTO.value
    )
    # A view picked from a clip: the clip's row (its verdict tells the views) and the
    # view's time in the clip.
    clip_id = fields.UUIDField(null=True)
    at_s = fields.FloatField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = APP
        table = "enrollment_photos"
        indexes = (("person_id", "status"),)


class Prototype(Model):
    """A face chosen to represent its person when matching."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        f"{APP}.Person", related_name="prototypes", on_delete=fields.CASCADE
    )
    face: fields.ForeignKeyNullableRelation[Face] = fields.ForeignKeyField(
        f"{APP}.Face", related_name="prototypes", on_delete=fields.SET_NULL, null=True
    )
    role = fields.CharEnumField(PrototypeRole, max_length=16, default=PrototypeRole.ENROLLMENT)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = APP
        table = "prototypes"
        unique_together = (("person", "face"),)
        indexes = (("face_id",),)


class Suggestion(Model):
    """A proposed face -> person match waiting for a guardian's yes or no."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    face: fields.ForeignKeyRelation[Face] = fields.ForeignKeyField(
        f"{APP}.Face", related_name="suggestions", on_delete=fields.CASCADE
    )
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        f"{APP}.Person", related_name="suggestions", on_delete=fields.CASCADE
    )
    score = fields.FloatField()
    status = fields.CharEnumField(SuggestionStatus, max_length=16, default=SuggestionStatus.PENDING)
    reviewed_by: fields.ForeignKeyNullableRelation[Participant] = fields.ForeignKeyField(
        f"{APP}.Participant",
        related_name="reviewed_suggestions",
        on_delete=fields.SET_NULL,
        null=True,
    )
    reviewed_at = fields.DatetimeField(null=True)
    # Who undid its "no" from /history (the answerer, or the person's owner): its message
    # says so, and says it again in the person's name after a rename.
    no_undone_by: fields.ForeignKeyNullableRelation[Participant] = fields.ForeignKeyField(
        f"{APP}.Participant",
        related_name="undone_noes",
        on_delete=fields.SET_NULL,
        null=True,
    )
    notified_at = fields.DatetimeField(null=True)
    # The questions sent, as [chat id, message id] pairs: a takedown deletes them (their crop).
    sent_to: fields.JSONField[list[list[int]] | None] = fields.JSONField(null=True)
    # The chats it is being sent to now, as [chat id, since (epoch seconds)] pairs: a chat is
    # reserved under the question's lock before its message goes, so the question's first
    # sending and a parent's questions owed at her return never both ask her (walkhe4 1). A
    # reservation older than ``questions.ASKING_FOR`` is a sender that died: it lapses.
    # NULL: no chat reserved (a /forget clears the leaving user's).
    asking: fields.JSONField[list[list[float]] | None] = fields.JSONField(null=True)
    # Siblings (two persons of one guardian close to the face): both suggestions carry the
    # id of the pair's leading one (the best-scoring person), which asks their shared
    # guardians "Alice or Bob?" (its ``sent_to`` holds those questions too). NULL: alone.
    pair_id = fields.UUIDField(null=True)
    # When its messages (``sent_to``) were told the question is closed (answered by someone
    # else, the face assigned elsewhere, expired): each chat but the answerer's.
    withdrawn_at = fields.DatetimeField(null=True)
    # One question a person a clip: a track of a clip whose question about the person waits
    # for the one about another of its tracks (asked first: the likest) to be answered "no";
    # not sent, nor work to wait for, until then (``corrections.clip_questions``).
    waiting = fields.BooleanField(default=False)
    # A "no" (``REJECTED``) its answerer undid from /history since: when (/export's
    # ``undone_at``, as a "yes" has from its match's undo).
    no_undone_at = fields.DatetimeField(null=True)
    # Asked about a photo posted before its person's guardians could get it: found by a look
    # back for earlier photos (a guardian's return or joining, the person's approval or
    # enrollment) or among a claim's faces: it says so, with its day ("an earlier photo,
    # posted in Class 1A on …"). A question asked as a photo is posted never is (issue 32).
    earlier = fields.BooleanField(default=False, db_default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = APP
        table = "suggestions"
        unique_together = (("face", "person"),)
        indexes = (("person_id", "status"), ("status", "created_at"))


class FaceRejection(Model):
    """A guardian said this face is not this person: it never matches them again."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    face: fields.ForeignKeyRelation[Face] = fields.ForeignKeyField(
        f"{APP}.Face", related_name="rejections", on_delete=fields.CASCADE
    )
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        f"{APP}.Person", related_name="rejections", on_delete=fields.CASCADE
    )
    rejected_by: fields.ForeignKeyNullableRelation[Participant] = fields.ForeignKeyField(
        f"{APP}.Participant", related_name="rejections", on_delete=fields.SET_NULL, null=True
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = APP
        table = "face_rejections"
        unique_together = (("face", "person"),)
        indexes = (("person_id",),)


class EarlierPhotos(Model):
    """An offer to a person's guardians of earlier photos of a group that look like the
    person ("I found 3 earlier photos of Sara in 5B: are these faces Sara?"): the faces
    found, shown numbered, which are checked again when a guardian answers. Nothing is sent
    until one says yes."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        f"{APP}.Person", related_name="earlier_photos", on_delete=fields.CASCADE
    )
    group: fields.ForeignKeyRelation[Group] = fields.ForeignKeyField(
        f"{APP}.Group", related_name="earlier_photos", on_delete=fields.CASCADE
    )
    face_ids: fields.JSONField[list[str]] = fields.JSONField()
    photo_count = fields.IntField()
    # The prototypes (their faces) that found them: one gone by the press, it is not sent.
    prototype_ids: fields.JSONField[list[str] | None] = fields.JSONField(null=True)
    # A sheet's faces' scores (for the questions of "some are").
    scores: fields.JSONField[dict[str, float] | None] = fields.JSONField(null=True)
    # Set: "These 5 faces look like Sara" (faces grouped by likeness, shown on one sheet).
    cluster_id = fields.UUIDField(null=True)
    # Set: a batch of one guardian's questions ("Are these Alice?"), a numbered sheet of the
    # faces of their open suggestions for the person, gathered per their /settings.
    participant: fields.ForeignKeyNullableRelation[Participant] = fields.ForeignKeyField(
        f"{APP}.Participant", related_name="question_batches", on_delete=fields.CASCADE, null=True
    )
    # Set: a photo message of the faces, numbered (a sheet), answered all / some / none:
    # look-alikes, a batch of questions, or earlier photos shown before they go. Unset: an
    # offer as text, "Send them?" (written before migration 0026; none since).
    sheet = fields.BooleanField(default=False, db_default=False)
    status = fields.CharEnumField(OfferStatus, max_length=16, default=OfferStatus.PENDING)
    answered_by: fields.ForeignKeyNullableRelation[Participant] = fields.ForeignKeyField(
        f"{APP}.Participant", related_name="answered_offers", on_delete=fields.SET_NULL, null=True
    )
    answered_at = fields.DatetimeField(null=True)
    # The offers sent, as [chat id, message id] pairs (a co-guardian's answer edits them).
    sent_to: fields.JSONField[list[list[int]] | None] = fields.JSONField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = APP
        table = "earlier_photos"
        indexes = (("person_id", "status"),)


class CorrectionMenu(Model):
    """An open "What's wrong with this photo of Alice?" menu in a guardian's private chat,
    about one face: kept so that renaming the person closes it (its words and buttons
    name them). Forgotten once one of its buttons is pressed; ids only, none of it
    outlives the participant or the face."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    participant: fields.ForeignKeyRelation[Participant] = fields.ForeignKeyField(
        f"{APP}.Participant", related_name="correction_menus", on_delete=fields.CASCADE
    )
    face: fields.ForeignKeyRelation[Face] = fields.ForeignKeyField(
        f"{APP}.Face", related_name="correction_menus", on_delete=fields.CASCADE
    )
    message_id = fields.BigIntField()
    created_at = fields.DatetimeField(auto_now_add=True)
    # Closed by the cron, nothing chosen: kept while its face and reader are, so a choice
    # replayed says so and a deletion or a /forget, at any age, re-words it.
    closed_at = fields.DatetimeField(null=True)
    # Closed by a rename or a merge (None: by the cron): kept too, as its words name a
    # person and a button that a /forget or a deletion takes away (findings25 10).
    closed_why = fields.CharField(max_length=16, null=True)

    class Meta:
        app = APP
        table = "correction_menus"
        indexes = (("face_id",), ("participant_id", "message_id"))


class Delivery(Model):
    """One photo sent privately to one participant, at most once."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    photo: fields.ForeignKeyRelation[Photo] = fields.ForeignKeyField(
        f"{APP}.Photo", related_name="deliveries", on_delete=fields.CASCADE
    )
    participant: fields.ForeignKeyRelation[Participant] = fields.ForeignKeyField(
        f"{APP}.Participant", related_name="deliveries", on_delete=fields.CASCADE
    )
    status = fields.CharEnumField(DeliveryStatus, max_length=16, default=DeliveryStatus.PENDING)
    message_id = fields.BigIntField(null=True)
    attempts = fields.SmallIntField(default=0)
    error = fields.CharField(max_length=255, null=True)
    sent_at = fields.DatetimeField(null=True)
    # Sent in an album: the id of the album's first delivery (its "Not Alice?" message is
    # owed while that one's ``corrections_due``).
    album_id = fields.UUIDField(null=True)
    corrections_due = fields.BooleanField(default=False)
    # On an album's first delivery: its "Not Alice? (photo n)" message, kept true since.
    corrections_message_id = fields.BigIntField(null=True)
    # A round video's copy (it carries no caption): the message replying to it with who is
    # in it and when, kept true as the copy's caption would be.
    names_message_id = fields.BigIntField(null=True)
    # An album's copy a correction (or a takedown) took past Telegram's 48 hours: its
    # message, hidden (blanked) instead of deleted, still holds its place in the album, so
    # the album's note numbers the others by where they stand (findings23 13).
    hidden_message_id = fields.BigIntField(null=True)
    # Such a copy that an undo sent again (a message of its own, outside the album): the
    # album its blank still stands in, at hidden_message_id, holding its place in that
    # album's note (issue 32).
    hidden_album_id = fields.UUIDField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = APP
        table = "deliveries"
        unique_together = (("photo", "participant"),)
        indexes = (("status", "updated_at"), ("participant_id", "status"))


class StaleCopy(Model):
    """A delivered copy in a chat that no longer says what is true (a rename, a merge, an
    erasure, retention changed who is in it): owed an edit until it is shown as it is now
    (``delivery.copies.Copies``). Each change owes it afresh (a new ``version``), so an
    edit made for an older change strikes it off only while no newer one came. No foreign
    keys: a forgotten participant's copy is still owed the loss of its buttons."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    chat_id = fields.BigIntField()
    message_id = fields.BigIntField()
    photo_id = fields.UUIDField()
    participant_id = fields.UUIDField()
    album_id = fields.UUIDField(null=True)
    names_message_id = fields.BigIntField(null=True)
    version = fields.UUIDField(default=uuid4)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = APP
        table = "stale_copies"
        unique_together = (("chat_id", "message_id"),)


class AssignmentEvent(Model):
    """An audit record of a change of faces' person; never updated except to mark it undone."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    operation = fields.CharEnumField(AssignmentOperation, max_length=16)
    actor = fields.CharField(max_length=64)
    actor_participant: fields.ForeignKeyNullableRelation[Participant] = fields.ForeignKeyField(
        f"{APP}.Participant",
        related_name="assignment_events",
        on_delete=fields.SET_NULL,
        null=True,
    )
    from_person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        f"{APP}.Person", related_name="events_from", on_delete=fields.SET_NULL, null=True
    )
    to_person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        f"{APP}.Person", related_name="events_to", on_delete=fields.SET_NULL, null=True
    )
    face_ids: fields.JSONField[list[str]] = fields.JSONField(default=list)
    photo_ids: fields.JSONField[list[str]] = fields.JSONField(default=list)
    face_count = fields.IntField(default=0)
    photo_count = fields.IntField(default=0)
    note = fields.TextField(null=True)
    # What undoing needs beyond the faces: prototypes, rejections, guardians it added.
    details: fields.JSONField[dict[str, Any] | None] = fields.JSONField(default=dict, null=True)
    undoes: fields.ForeignKeyNullableRelation[AssignmentEvent] = fields.ForeignKeyField(
        f"{APP}.AssignmentEvent", related_name="undone_by", on_delete=fields.SET_NULL, null=True
    )
    undone_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = APP
        table = "assignment_events"
        indexes = (
            ("created_at",),
            ("from_person_id", "created_at"),
            ("to_person_id", "created_at"),
        )


class FaceSyncRequest(Model):
    """Outbox: a face whose Qdrant payload must be brought in line with Postgres.

    Written in the same transaction as the change; deleted once Qdrant agrees.
    """

    id = fields.UUIDField(primary_key=True, default=uuid4)
    face_id = fields.UUIDField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = APP
        table = "face_sync_requests"
        indexes = (("face_id",), ("created_at",))


class UserRequest(Model):
    """Outbox: work a user confirmed (delete a person, forget its faces, ``/forget``, learn
    the photos sent before ``/done``, choose a person's prototypes again after a "yes" or a
    correction), written in the same transaction as the change that asks for it. Its job
    marks it done; the reconcile cron queues every request not done again, so a lost Redis
    delays the work but never drops it.

    No foreign keys: a request outlives what it deletes (``subject`` is a person id, or the
    Telegram user id for ``/forget``). ``requested_by`` (a Telegram user id) is whom to tell
    and to name in the audit; it is cleared once the request is done. ``said_chat_id`` and
    ``said_message_id``: the message that says the work is under way ("I'll confirm when
    it's done"), which says it is done once it is. ``waits_for``: the ids of other jobs'
    work it waits for before it says so (the held photos being sent: their deliveries).
    """

    id = fields.UUIDField(primary_key=True, default=uuid4)
    kind = fields.CharEnumField(RequestKind, max_length=24)
    subject = fields.CharField(max_length=40)
    requested_by = fields.BigIntField(null=True)
    said_chat_id = fields.BigIntField(null=True)
    said_message_id = fields.BigIntField(null=True)
    waits_for: fields.JSONField[list[str] | None] = fields.JSONField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    done_at = fields.DatetimeField(null=True)

    class Meta:
        app = APP
        table = "user_requests"
        indexes = (("kind", "subject"), ("done_at",))


class GuardianInvite(Model):
    """A one-time, expiring invitation to become a person's co-guardian.

    Only a hash of the code is stored; the code itself travels in the link once.
    """

    id = fields.UUIDField(primary_key=True, default=uuid4)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        f"{APP}.Person", related_name="invites", on_delete=fields.CASCADE
    )
    invited_by: fields.ForeignKeyNullableRelation[Participant] = fields.ForeignKeyField(
        f"{APP}.Participant", related_name="invites_sent", on_delete=fields.SET_NULL, null=True
    )
    code_hash = fields.CharField(max_length=64, unique=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    used_by: fields.ForeignKeyNullableRelation[Participant] = fields.ForeignKeyField(
        f"{APP}.Participant", related_name="invites_used", on_delete=fields.SET_NULL, null=True
    )
    # The message that holds the link, in its creator's chat: once used, it says so.
    message_id = fields.BigIntField(null=True)
    # That message says the link expired unused; kept, so that its creator's /forget
    # re-words it too (it says to press the card's "Invite" again).
    expiry_told = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = APP
        table = "guardian_invites"


class Claim(Model):
    """An unclaimed person an organizer named from a cluster of unknown faces, and its
    one-time claim link (only a hash of the code is stored, as for ``GuardianInvite``).

    Naming is not a guardian's confirmation: the faces shown stay nobody's (``ClaimFace``
    only remembers which were shown) until the parent who opens the link says "yes"."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    person: fields.OneToOneRelation[Person] = fields.OneToOneField(
        f"{APP}.Person", related_name="claim", on_delete=fields.CASCADE
    )
    group: fields.ForeignKeyRelation[Group] = fields.ForeignKeyField(
        f"{APP}.Group", related_name="claims", on_delete=fields.CASCADE
    )
    named_by_user_id = fields.BigIntField(null=True)  # NULL: an anonymous admin
    named_by_name = fields.CharField(max_length=255, default="")
    code_hash = fields.CharField(max_length=64, unique=True, null=True)  # NULL: no live link
    expires_at = fields.DatetimeField(null=True)
    used_at = fields.DatetimeField(null=True)
    used_by: fields.ForeignKeyNullableRelation[Participant] = fields.ForeignKeyField(
        f"{APP}.Participant", related_name="claims_used", on_delete=fields.SET_NULL, null=True
    )
    # The claimer said "some are": once approved, each face is asked about on its own.
    one_by_one = fields.BooleanField(default=False, db_default=False)
    # The claimer said "it's my Itai": the faces go to this person of theirs once approved
    # (the unclaimed person is merged into it) instead of making a new one. No foreign key:
    # a person deleted meanwhile must not turn the claim into a new person's (findings27 5).
    into_person_id = fields.UUIDField(null=True)
    # The message that holds the link, in its namer's private chat: once the link stops
    # working (used, replaced, revoked, expired), it says so. Kept here, not in Redis, so
    # that an expiry still finds it after a restart or a flush.
    link_chat_id = fields.BigIntField(null=True)
    link_message_id = fields.BigIntField(null=True)
    # The admin chat's naming prompt, answered ("Named Tom. /unclaimed can rename Tom…"):
    # once the claim is decided, or the child deleted, it says so (walk33 7).
    prompt_chat_id = fields.BigIntField(null=True)
    prompt_message_id = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    faces: fields.ReverseRelation[ClaimFace]

    class Meta:
        app = APP
        table = "claims"
        indexes = (("group_id",),)


class ClaimFace(Model):
    """A face the organizer saw when naming; it goes with the face (a takedown, retention)."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    claim: fields.ForeignKeyRelation[Claim] = fields.ForeignKeyField(
        f"{APP}.Claim", related_name="faces", on_delete=fields.CASCADE
    )
    face: fields.ForeignKeyRelation[Face] = fields.ForeignKeyField(
        f"{APP}.Face", related_name="claimed_in", on_delete=fields.CASCADE
    )

    class Meta:
        app = APP
        table = "claim_faces"
        unique_together = (("claim", "face"),)
        indexes = (("face_id",),)


class ClaimSheet(Model):
    """A sheet of unknown faces' crops the bot posted: a /whois sheet in an admin chat, or
    a claim's "Is this your child?" sheet in the opener's private chat. Recorded so that
    its buttons are bound to the faces it showed, and so that it can be deleted (a
    takedown of one of its faces, the unclaimed person deleted, the group gone)."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    group: fields.ForeignKeyRelation[Group] = fields.ForeignKeyField(
        f"{APP}.Group", related_name="claim_sheets", on_delete=fields.CASCADE
    )
    # The claim it was shown for (a /whois sheet: once a child is named from it).
    claim: fields.ForeignKeyNullableRelation[Claim] = fields.ForeignKeyField(
        f"{APP}.Claim", related_name="sheets", on_delete=fields.SET_NULL, null=True
    )
    chat_id = fields.BigIntField()
    # None until Telegram has taken the sheet: it is recorded before it is sent, so that a
    # button pressed at once finds its faces (by the fingerprint the button carries).
    message_id = fields.BigIntField(null=True)
    # The faces' fingerprint (``claims.rules.fingerprint``); None: a sheet recorded before
    # sheets were (found by its message).
    fingerprint = fields.CharField(max_length=16, null=True)
    face_ids: fields.JSONField[list[str]] = fields.JSONField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = APP
        table = "claim_sheets"
        unique_together = (("chat_id", "message_id"),)
        indexes = (("chat_id", "fingerprint"),)


class ConsentRecord(Model):
    """Who agreed to (or withdrew from) what, and when. Kept after the participant is gone."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    participant: fields.ForeignKeyNullableRelation[Participant] = fields.ForeignKeyField(
        f"{APP}.Participant", related_name="consents", on_delete=fields.SET_NULL, null=True
    )
    telegram_user_id = fields.BigIntField()
    group: fields.ForeignKeyNullableRelation[Group] = fields.ForeignKeyField(
        f"{APP}.Group", related_name="consents", on_delete=fields.SET_NULL, null=True
    )
    kind = fields.CharEnumField(ConsentKind, max_length=16)
    terms_version = fields.CharField(max_length=32)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = APP
        table = "consent_records"
        indexes = (("telegram_user_id", "created_at"),)


class ButtonToken(Model):
    """One inline button that changes something, as it was shown: to whom, for what,
    in which state. Its callback data carries only this row's id; pressing it is
    single-use and works only while the state is still the one it was shown for.

    Deleting the participant deletes their buttons, so a button shown to an
    account that was erased never acts on the account created after it.

    An organizer's button (a takedown) is bound to the Telegram user instead
    (``user_id``; organizers need not be participants), or to no one for an
    anonymous admin: then any organizer of the group may press it in that chat.
    """

    id = fields.UUIDField(primary_key=True, default=uuid4)
    participant: fields.ForeignKeyNullableRelation[Participant] = fields.ForeignKeyField(
        f"{APP}.Participant", related_name="buttons", on_delete=fields.CASCADE, null=True
    )
    user_id = fields.BigIntField(null=True)  # an organizer's button: who may press it
    chat_id = fields.BigIntField()
    action = fields.CharField(max_length=32)
    subject = fields.UUIDField(null=True)
    args: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    state = fields.CharField(max_length=64)
    used_at = fields.DatetimeField(null=True)
    expires_at = fields.DatetimeField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = APP
        table = "button_tokens"
        indexes = (("participant_id", "action"), ("expires_at",))


class ModerationEvent(Model):
    """What an organizer did to a group (``/audit``); never updated except to mark it undone.

    (And to keep the admin-chat messages that report it, to unname a forgotten user, and
    to keep what a takedown's job could not delete, ``takedown_store.LEFT``.)"""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    group: fields.ForeignKeyNullableRelation[Group] = fields.ForeignKeyField(
        f"{APP}.Group", related_name="moderation_events", on_delete=fields.SET_NULL, null=True
    )
    action = fields.CharEnumField(ModerationAction, max_length=24)
    actor_user_id = fields.BigIntField(null=True)  # NULL: an anonymous admin
    actor_name = fields.CharField(max_length=255, default="")
    subject = fields.CharField(max_length=255, default="")
    details: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    undone_at = fields.DatetimeField(null=True)
    undone_by_user_id = fields.BigIntField(null=True)
    # The admin-chat messages that report it, [chat id, message id, ``audit_store.SAID_*``]:
    # rewritten without a forgotten user's name (``AuditView.unname_said``).
    said_in: fields.JSONField[list[Any]] = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = APP
        table = "moderation_events"
        # By group for /audit; by actor for an organizer's /export and /forget.
        indexes = (("group_id", "created_at"), ("actor_user_id",))

    @classmethod
    async def record(
        cls,
        group_id: UUID,
        action: ModerationAction,
        actor: Actor,
        subject: str = "",
        details: dict[str, Any] | None = None,
    ) -> ModerationEvent:
        """The audit's one way in: every moderation action and settings change is recorded
        here, in the same transaction as the change it describes (called from the stores'
        adapters, and from the modules still on the ORM, inside their transactions). Its
        names are cut to their columns."""
        return await cls.create(
            group_id=group_id,
            action=action,
            actor_user_id=actor.user_id,
            actor_name=actor.name[:255],
            subject=subject[:255],
            details=details or {},
        )


class GroupBan(Model):
    """A participant an organizer banned from a group in facedrop."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    group: fields.ForeignKeyRelation[Group] = fields.ForeignKeyField(
        f"{APP}.Group", related_name="bans", on_delete=fields.CASCADE
    )
    telegram_user_id = fields.BigIntField()
    banned_by_user_id = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = APP
        table = "group_bans"
        unique_together = (("group", "telegram_user_id"),)


class BanPeriod(Model):
    """When a Telegram user was banned from a group in facedrop: from the ban to its
    lifting (an unban, or /audit's undo), or open while the ban holds. Kept after the ban
    is lifted (``GroupBan`` is not): a look back never offers what was posted then
    (``domain.earlier_photos``), as the organizers were told."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    group: fields.ForeignKeyRelation[Group] = fields.ForeignKeyField(
        f"{APP}.Group", related_name="ban_periods", on_delete=fields.CASCADE
    )
    telegram_user_id = fields.BigIntField()
    started_at = fields.DatetimeField()
    ended_at = fields.DatetimeField(null=True)  # NULL: the ban holds

    class Meta:
        app = APP
        table = "ban_periods"
        indexes = (("group_id", "telegram_user_id"),)


class Approval(Model):
    """An organizer's decision on a new person, or a new co-guardian, in a group that
    requires approval. Pending and rejected ones match nothing in that group."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    group: fields.ForeignKeyRelation[Group] = fields.ForeignKeyField(
        f"{APP}.Group", related_name="approvals", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(ApprovalKind, max_length=16)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        f"{APP}.Person", related_name="approvals", on_delete=fields.CASCADE
    )
    # The guardian asking: the owner for a person, the new co-guardian for a guardian.
    # NULL once they /forget: the decision belongs to the person in the group and stands.
    participant: fields.ForeignKeyNullableRelation[Participant] = fields.ForeignKeyField(
        f"{APP}.Participant", related_name="approvals", on_delete=fields.SET_NULL, null=True
    )
    status = fields.CharEnumField(ApprovalStatus, max_length=16, default=ApprovalStatus.PENDING)
    reason = fields.TextField(null=True)
    decided_by_user_id = fields.BigIntField(null=True)
    decided_at = fields.DatetimeField(null=True)
    # Every message posted about it in an admin chat, still there as far as we know:
    # [{"chat": id, "message": id, "face": bool}] (cards with the face crop, decision records).
    # The database default lets a row written by hand, or by older code, start with no card.
    cards: fields.JSONField[list[dict[str, Any]]] = fields.JSONField(
        default=list, db_default=SqlDefault("'[]'::jsonb")
    )
    # The message that told the asker it waits ({"chat": id, "message": id}), redrawn at
    # the decision (findings27 7: "⏳ You… need the approval…" stayed after it), and those
    # that said it inside another line ("inside": [[chat, message, line], ...]: a first
    # enrollment's "ready" message, photos added: walkhe2 1, 9); NULL: none was sent.
    waiting_told: fields.JSONField[dict[str, Any] | None] = fields.JSONField(null=True)
    # The message that told the asker it was rejected ({"chat": id, "message": id}), redrawn
    # when /audit undoes the rejection (issue 32: "wasn't approved" stayed above the new
    # approval); NULL: none was sent, or nothing is left to redraw.
    rejected_told: fields.JSONField[dict[str, int] | None] = fields.JSONField(null=True)
    # An approved claim: the message that told the claimer ("Tom is yours now…"), with what
    # it counted (``approval_store.ClaimTold``), said again with the child as it stands now
    # at a rename or a merge (issue 32: "/persons manages Tom" stayed once Tom was merged
    # into Sara); NULL: none was sent.
    claim_told: fields.JSONField[dict[str, Any] | None] = fields.JSONField(null=True)
    # The message that told the asker "✅ approved… from now on" ({"chat": id, "message":
    # id, "blocked": bool}), redrawn when a merge makes the child wait for the organizers
    # again, and back when that ends (walkhe 4: it stayed as it was); NULL: none was sent.
    approved_told: fields.JSONField[dict[str, Any] | None] = fields.JSONField(null=True)
    # The message that told the asker, once the organizers turned approval off while it
    # waited, that the photos come now ({"chat": id, "message": id}), taken back when they
    # turn it on again (issue 32: it stayed "from now on"); NULL: none to take back.
    approval_off_told: fields.JSONField[dict[str, int] | None] = fields.JSONField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = APP
        table = "approvals"
        unique_together = (("group", "kind", "person", "participant"),)
        indexes = (("group_id", "status"),)
