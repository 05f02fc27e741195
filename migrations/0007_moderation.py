import functools
from json import dumps, loads
from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from domain.states import (
    ApprovalKind,
    ApprovalStatus,
    DeliveryMode,
    DeliveryStatus,
    ModerationAction,
    RequestKind,
)


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0006_user_requests")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Approval",
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
                        related_name="approvals",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="PERSON: person\nGUARDIAN: guardian",
                        enum_type=ApprovalKind,
                        max_length=16,
                    ),
                ),
                (
                    "person",
                    fields.ForeignKeyField(
                        "facedrop.Person",
                        source_field="person_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="approvals",
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
                        related_name="approvals",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=ApprovalStatus.PENDING,
                        description="PENDING: pending\nAPPROVED: approved\nREJECTED: rejected",
                        enum_type=ApprovalStatus,
                        max_length=16,
                    ),
                ),
                ("reason", fields.TextField(null=True, unique=False)),
                ("decided_by_user_id", fields.BigIntField(null=True)),
                ("decided_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("card_chat_id", fields.BigIntField(null=True)),
                ("card_message_id", fields.BigIntField(null=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "approvals",
                "app": "facedrop",
                "unique_together": (("group", "kind", "person", "participant"),),
                "indexes": [Index(fields=["group_id", "status"])],
                "pk_attr": "id",
                "table_description": "An organizer's decision on a new person, or a new co-guardian, in a group that",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="GroupBan",
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
                        related_name="bans",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("telegram_user_id", fields.BigIntField()),
                ("banned_by_user_id", fields.BigIntField(null=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "group_bans",
                "app": "facedrop",
                "unique_together": (("group", "telegram_user_id"),),
                "pk_attr": "id",
                "table_description": "A participant an organizer banned from a group in facedrop.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ModerationEvent",
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
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="moderation_events",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "action",
                    fields.CharEnumField(
                        description="ADMIN_CHAT_LINKED: admin_chat_linked\nAPPROVED: approved\nREJECTED: rejected\nTAKEN_DOWN: taken_down\nBANNED: banned\nUNBANNED: unbanned\nPAUSED: paused\nRESUMED: resumed\nSETTING_CHANGED: setting_changed",
                        enum_type=ModerationAction,
                        max_length=24,
                    ),
                ),
                ("actor_user_id", fields.BigIntField(null=True)),
                ("actor_name", fields.CharField(default="", max_length=255)),
                ("subject", fields.CharField(default="", max_length=255)),
                (
                    "details",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("undone_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("undone_by_user_id", fields.BigIntField(null=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "moderation_events",
                "app": "facedrop",
                "indexes": [Index(fields=["group_id", "created_at"])],
                "pk_attr": "id",
                "table_description": "What an organizer did to a group (``/audit``); never updated except to mark it undone.",
            },
            bases=["Model"],
        ),
        ops.AlterField(
            model_name="Delivery",
            name="status",
            field=fields.CharEnumField(
                default=DeliveryStatus.PENDING,
                description="PENDING: pending\nSENDING: sending\nSENT: sent\nPARKED: parked\nCANCELLED: cancelled\nHELD: held\nFAILED: failed\nTAKEN_DOWN: taken_down",
                enum_type=DeliveryStatus,
                max_length=16,
            ),
        ),
        ops.AddField(
            model_name="Group",
            name="admin_token",
            field=fields.CharField(null=True, unique=True, max_length=64),
        ),
        ops.AddField(
            model_name="Group",
            name="delivery_mode",
            field=fields.CharEnumField(
                default=DeliveryMode.EACH,
                description="EACH: each\nALBUM: album\nDIGEST: digest",
                db_default="each",
                enum_type=DeliveryMode,
                max_length=16,
            ),
        ),
        ops.AddField(
            model_name="Group",
            name="language",
            field=fields.CharField(default="en", db_default="en", max_length=8),
        ),
        ops.AddField(
            model_name="Group",
            name="paused_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name="Group",
            name="retention_days",
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name="Group",
            name="strictness",
            field=fields.SmallIntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name="Photo",
            name="removed_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name="Photo",
            name="removed_by_user_id",
            field=fields.BigIntField(null=True),
        ),
        ops.AlterField(
            model_name="UserRequest",
            name="kind",
            field=fields.CharEnumField(
                description="DELETE_PERSON: delete_person\nFORGET_FACES: forget_faces\nFORGET_PARTICIPANT: forget_participant\nINDEX_PERSON: index_person\nTAKEDOWN: takedown",
                enum_type=RequestKind,
                max_length=24,
            ),
        ),
    ]
