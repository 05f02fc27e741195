from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from domain.states import ModerationAction, PersonStatus


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0019_earlier_photos_found_by")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Claim",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                (
                    "person",
                    fields.OneToOneField(
                        "facedrop.Person",
                        source_field="person_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="claim",
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
                        related_name="claims",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("named_by_user_id", fields.BigIntField(null=True)),
                ("named_by_name", fields.CharField(default="", max_length=255)),
                ("code_hash", fields.CharField(null=True, unique=True, max_length=64)),
                ("expires_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("used_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "used_by",
                    fields.ForeignKeyField(
                        "facedrop.Participant",
                        source_field="used_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="claims_used",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "claims",
                "app": "facedrop",
                "indexes": [Index(fields=["group_id"])],
                "pk_attr": "id",
                "table_description": "An unclaimed person an organizer named from a cluster of unknown faces, and its",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ClaimFace",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                (
                    "claim",
                    fields.ForeignKeyField(
                        "facedrop.Claim",
                        source_field="claim_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="faces",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "face",
                    fields.ForeignKeyField(
                        "facedrop.Face",
                        source_field="face_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="claimed_in",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
            ],
            options={
                "table": "claim_faces",
                "app": "facedrop",
                "unique_together": (("claim", "face"),),
                "indexes": [Index(fields=["face_id"])],
                "pk_attr": "id",
                "table_description": "A face the organizer saw when naming; it goes with the face (a takedown, retention).",
            },
            bases=["Model"],
        ),
        ops.AlterField(
            model_name="ModerationEvent",
            name="action",
            field=fields.CharEnumField(
                description="ADMIN_CHAT_LINKED: admin_chat_linked\nAPPROVED: approved\nREJECTED: rejected\nTAKEN_DOWN: taken_down\nBANNED: banned\nUNBANNED: unbanned\nPAUSED: paused\nRESUMED: resumed\nSETTING_CHANGED: setting_changed\nNAMED: named\nCLAIM_LINK: claim_link\nCLAIM_REVOKED: claim_revoked\nUNCLAIMED_RENAMED: unclaimed_renamed\nUNCLAIMED_DELETED: unclaimed_deleted\nCLAIMED: claimed\nCLAIM_DECLINED: claim_declined",
                enum_type=ModerationAction,
                max_length=24,
            ),
        ),
        ops.AlterField(
            model_name="Person",
            name="status",
            field=fields.CharEnumField(
                default=PersonStatus.ENROLLING,
                description="ENROLLING: enrolling\nNEEDS_PHOTOS: needs_photos\nINDEXING: indexing\nPENDING_APPROVAL: pending_approval\nACTIVE: active\nPAUSED: paused\nDELETING: deleting\nMERGED: merged\nUNCLAIMED: unclaimed",
                enum_type=PersonStatus,
                max_length=24,
            ),
        ),
    ]
