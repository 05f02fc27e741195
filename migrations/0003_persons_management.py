import functools
from json import dumps, loads
from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from domain.states import PersonStatus


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0002_enrollment_and_delivery_state")]

    initial = False

    operations = [
        ops.CreateModel(
            name="FaceSyncRequest",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("face_id", fields.UUIDField()),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "face_sync_requests",
                "app": "facedrop",
                "indexes": [Index(fields=["face_id"]), Index(fields=["created_at"])],
                "pk_attr": "id",
                "table_description": "Outbox: a face whose Qdrant payload must be brought in line with Postgres.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="GuardianInvite",
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
                        related_name="invites",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "invited_by",
                    fields.ForeignKeyField(
                        "facedrop.Participant",
                        source_field="invited_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="invites_sent",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("code_hash", fields.CharField(unique=True, max_length=64)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("used_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "used_by",
                    fields.ForeignKeyField(
                        "facedrop.Participant",
                        source_field="used_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="invites_used",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "guardian_invites",
                "app": "facedrop",
                "pk_attr": "id",
                "table_description": "A one-time, expiring invitation to become a person's co-guardian.",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="AssignmentEvent",
            name="details",
            field=fields.JSONField(
                null=True,
                default=dict,
                encoder=functools.partial(dumps, separators=(",", ":")),
                decoder=loads,
            ),
        ),
        ops.AlterField(
            model_name="Person",
            name="status",
            field=fields.CharEnumField(
                default=PersonStatus.ENROLLING,
                description="ENROLLING: enrolling\nINDEXING: indexing\nPENDING_APPROVAL: pending_approval\nACTIVE: active\nPAUSED: paused\nDELETING: deleting\nMERGED: merged",
                enum_type=PersonStatus,
                max_length=24,
            ),
        ),
        ops.AddField(
            model_name="Person",
            name="merged_into",
            field=fields.ForeignKeyField(
                "facedrop.Person",
                source_field="merged_into_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="merged_from",
                on_delete=OnDelete.SET_NULL,
            ),
        ),
    ]
