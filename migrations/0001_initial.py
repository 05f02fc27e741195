import functools
from json import dumps, loads
from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from domain.states import (
    AssignmentOperation,
    ConsentKind,
    DeliveryStatus,
    FaceSource,
    GroupType,
    GuardianRole,
    MembershipStatus,
    PersonStatus,
    PhotoStatus,
    PrototypeRole,
    SuggestionStatus,
)


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="Group",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("chat_id", fields.BigIntField(unique=True)),
                ("title", fields.CharField(max_length=255)),
                (
                    "type",
                    fields.CharEnumField(
                        description="GROUP: group\nSUPERGROUP: supergroup",
                        enum_type=GroupType,
                        max_length=16,
                    ),
                ),
                ("join_token", fields.CharField(unique=True, max_length=64)),
                ("is_active", fields.BooleanField(default=True)),
                ("admin_chat_id", fields.BigIntField(null=True)),
                ("requires_approval", fields.BooleanField(default=False)),
                (
                    "settings",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "groups",
                "app": "facedrop",
                "pk_attr": "id",
                "table_description": "A Telegram group or supergroup the bot is (or was) in.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Participant",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("telegram_user_id", fields.BigIntField(unique=True)),
                ("first_name", fields.CharField(default="", max_length=255)),
                ("username", fields.CharField(null=True, max_length=64)),
                ("language_code", fields.CharField(null=True, max_length=16)),
                ("is_reachable", fields.BooleanField(default=True)),
                (
                    "unreachable_since",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "participants",
                "app": "facedrop",
                "pk_attr": "id",
                "table_description": "A Telegram user known to the bot.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ConsentRecord",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                (
                    "participant",
                    fields.ForeignKeyField(
                        "facedrop.Participant",
                        source_field="participant_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="consents",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("telegram_user_id", fields.BigIntField()),
                (
                    "group",
                    fields.ForeignKeyField(
                        "facedrop.Group",
                        source_field="group_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="consents",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="AGREED: agreed\nWITHDRAWN: withdrawn\nDATA_DELETED: data_deleted",
                        enum_type=ConsentKind,
                        max_length=16,
                    ),
                ),
                ("terms_version", fields.CharField(max_length=32)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "consent_records",
                "app": "facedrop",
                "indexes": [Index(fields=["telegram_user_id", "created_at"])],
                "pk_attr": "id",
                "table_description": "Who agreed to (or withdrew from) what, and when. Kept after the participant is gone.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Membership",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                (
                    "participant",
                    fields.ForeignKeyField(
                        "facedrop.Participant",
                        source_field="participant_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="memberships",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "group",
                    fields.ForeignKeyField(
                        "facedrop.Group",
                        source_field="group_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="memberships",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=MembershipStatus.MEMBER,
                        description="MEMBER: member\nLEFT: left\nBANNED: banned",
                        enum_type=MembershipStatus,
                        max_length=16,
                    ),
                ),
                ("verified_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "memberships",
                "app": "facedrop",
                "unique_together": (("participant", "group"),),
                "indexes": [Index(fields=["group_id", "status"])],
                "pk_attr": "id",
                "table_description": "A participant's verified membership of a group.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Person",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("name", fields.CharField(max_length=100)),
                ("birth_date", fields.DateField(null=True)),
                (
                    "status",
                    fields.CharEnumField(
                        default=PersonStatus.ENROLLING,
                        description="ENROLLING: enrolling\nPENDING_APPROVAL: pending_approval\nACTIVE: active\nPAUSED: paused",
                        enum_type=PersonStatus,
                        max_length=24,
                    ),
                ),
                ("cover_face_id", fields.UUIDField(null=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "persons",
                "app": "facedrop",
                "pk_attr": "id",
                "table_description": "Someone whose face is recognized, usually a guardian's child.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AssignmentEvent",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                (
                    "operation",
                    fields.CharEnumField(
                        description="ASSIGN: assign\nUNASSIGN: unassign\nMOVE: move\nMERGE: merge\nREMOVE: remove",
                        enum_type=AssignmentOperation,
                        max_length=16,
                    ),
                ),
                ("actor", fields.CharField(max_length=64)),
                (
                    "actor_participant",
                    fields.ForeignKeyField(
                        "facedrop.Participant",
                        source_field="actor_participant_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="assignment_events",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "from_person",
                    fields.ForeignKeyField(
                        "facedrop.Person",
                        source_field="from_person_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="events_from",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "to_person",
                    fields.ForeignKeyField(
                        "facedrop.Person",
                        source_field="to_person_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="events_to",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "face_ids",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "photo_ids",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("face_count", fields.IntField(default=0)),
                ("photo_count", fields.IntField(default=0)),
                ("note", fields.TextField(null=True, unique=False)),
                (
                    "undoes",
                    fields.ForeignKeyField(
                        "facedrop.AssignmentEvent",
                        source_field="undoes_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="undone_by",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("undone_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "assignment_events",
                "app": "facedrop",
                "indexes": [
                    Index(fields=["created_at"]),
                    Index(fields=["from_person_id", "created_at"]),
                    Index(fields=["to_person_id", "created_at"]),
                ],
                "pk_attr": "id",
                "table_description": "An audit record of a change of faces' person; never updated except to mark it undone.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Guardianship",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                (
                    "person",
                    fields.ForeignKeyField(
                        "facedrop.Person",
                        source_field="person_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="guardianships",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "participant",
                    fields.ForeignKeyField(
                        "facedrop.Participant",
                        source_field="participant_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="guardianships",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "role",
                    fields.CharEnumField(
                        default=GuardianRole.OWNER,
                        description="OWNER: owner\nCO_GUARDIAN: co_guardian",
                        enum_type=GuardianRole,
                        max_length=16,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "guardianships",
                "app": "facedrop",
                "unique_together": (("person", "participant"),),
                "indexes": [Index(fields=["participant_id"])],
                "pk_attr": "id",
                "table_description": "A participant who receives a person's photos; a person may have several.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Photo",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                (
                    "group",
                    fields.ForeignKeyField(
                        "facedrop.Group",
                        source_field="group_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="photos",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("message_id", fields.BigIntField()),
                ("media_group_id", fields.CharField(null=True, max_length=64)),
                ("file_id", fields.CharField(max_length=255)),
                ("file_unique_id", fields.CharField(max_length=64)),
                ("width", fields.IntField(null=True)),
                ("height", fields.IntField(null=True)),
                ("posted_by_user_id", fields.BigIntField(null=True)),
                ("posted_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "status",
                    fields.CharEnumField(
                        default=PhotoStatus.PENDING,
                        description="PENDING: pending\nPROCESSING: processing\nDONE: done\nFAILED: failed\nREMOVED: removed",
                        enum_type=PhotoStatus,
                        max_length=16,
                    ),
                ),
                ("error", fields.CharField(null=True, max_length=255)),
                ("attempts", fields.SmallIntField(default=0)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "photos",
                "app": "facedrop",
                "unique_together": (("group", "message_id"),),
                "indexes": [
                    Index(fields=["status", "updated_at"]),
                    Index(fields=["media_group_id"]),
                    Index(fields=["file_unique_id"]),
                ],
                "pk_attr": "id",
                "table_description": "One image posted in a group.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Delivery",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                (
                    "photo",
                    fields.ForeignKeyField(
                        "facedrop.Photo",
                        source_field="photo_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="deliveries",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "participant",
                    fields.ForeignKeyField(
                        "facedrop.Participant",
                        source_field="participant_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="deliveries",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=DeliveryStatus.PENDING,
                        description="PENDING: pending\nSENDING: sending\nSENT: sent\nPARKED: parked\nCANCELLED: cancelled\nFAILED: failed",
                        enum_type=DeliveryStatus,
                        max_length=16,
                    ),
                ),
                ("message_id", fields.BigIntField(null=True)),
                ("attempts", fields.SmallIntField(default=0)),
                ("error", fields.CharField(null=True, max_length=255)),
                ("sent_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "deliveries",
                "app": "facedrop",
                "unique_together": (("photo", "participant"),),
                "indexes": [
                    Index(fields=["status", "updated_at"]),
                    Index(fields=["participant_id", "status"]),
                ],
                "pk_attr": "id",
                "table_description": "One photo sent privately to one participant, at most once.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Face",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                (
                    "photo",
                    fields.ForeignKeyField(
                        "facedrop.Photo",
                        source_field="photo_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="faces",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "person",
                    fields.ForeignKeyField(
                        "facedrop.Person",
                        source_field="person_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="faces",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "source",
                    fields.CharEnumField(
                        default=FaceSource.GROUP_PHOTO,
                        description="GROUP_PHOTO: group_photo\nENROLLMENT: enrollment",
                        enum_type=FaceSource,
                        max_length=16,
                    ),
                ),
                ("bbox_x", fields.IntField()),
                ("bbox_y", fields.IntField()),
                ("bbox_w", fields.IntField()),
                ("bbox_h", fields.IntField()),
                (
                    "landmarks",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("det_score", fields.FloatField()),
                ("quality", fields.FloatField()),
                ("crop_key", fields.CharField(null=True, max_length=255)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "faces",
                "app": "facedrop",
                "unique_together": (("photo", "bbox_x", "bbox_y", "bbox_w", "bbox_h"),),
                "indexes": [Index(fields=["person_id"]), Index(fields=["photo_id"])],
                "pk_attr": "id",
                "table_description": "One detected face: a group photo's, or an enrollment photo's (then ``photo`` is NULL).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="FaceRejection",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                (
                    "face",
                    fields.ForeignKeyField(
                        "facedrop.Face",
                        source_field="face_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="rejections",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "person",
                    fields.ForeignKeyField(
                        "facedrop.Person",
                        source_field="person_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="rejections",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "rejected_by",
                    fields.ForeignKeyField(
                        "facedrop.Participant",
                        source_field="rejected_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="rejections",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "face_rejections",
                "app": "facedrop",
                "unique_together": (("face", "person"),),
                "indexes": [Index(fields=["person_id"])],
                "pk_attr": "id",
                "table_description": "A guardian said this face is not this person: it never matches them again.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Prototype",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                (
                    "person",
                    fields.ForeignKeyField(
                        "facedrop.Person",
                        source_field="person_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="prototypes",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "face",
                    fields.ForeignKeyField(
                        "facedrop.Face",
                        source_field="face_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="prototypes",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "role",
                    fields.CharEnumField(
                        default=PrototypeRole.ENROLLMENT,
                        description="ENROLLMENT: enrollment\nACCEPTED: accepted\nPINNED: pinned",
                        enum_type=PrototypeRole,
                        max_length=16,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "prototypes",
                "app": "facedrop",
                "unique_together": (("person", "face"),),
                "indexes": [Index(fields=["face_id"])],
                "pk_attr": "id",
                "table_description": "A face chosen to represent its person when matching.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Suggestion",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                (
                    "face",
                    fields.ForeignKeyField(
                        "facedrop.Face",
                        source_field="face_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="suggestions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "person",
                    fields.ForeignKeyField(
                        "facedrop.Person",
                        source_field="person_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="suggestions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("score", fields.FloatField()),
                (
                    "status",
                    fields.CharEnumField(
                        default=SuggestionStatus.PENDING,
                        description="PENDING: pending\nACCEPTED: accepted\nREJECTED: rejected\nEXPIRED: expired",
                        enum_type=SuggestionStatus,
                        max_length=16,
                    ),
                ),
                (
                    "reviewed_by",
                    fields.ForeignKeyField(
                        "facedrop.Participant",
                        source_field="reviewed_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="reviewed_suggestions",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "reviewed_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "suggestions",
                "app": "facedrop",
                "unique_together": (("face", "person"),),
                "indexes": [
                    Index(fields=["person_id", "status"]),
                    Index(fields=["status", "created_at"]),
                ],
                "pk_attr": "id",
                "table_description": "A proposed face -> person match waiting for a guardian's yes or no.",
            },
            bases=["Model"],
        ),
    ]
