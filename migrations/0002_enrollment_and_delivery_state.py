from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from domain.states import EnrollmentPhotoStatus, MediaKind, PersonStatus


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0001_initial")]

    initial = False

    operations = [
        ops.CreateModel(
            name="EnrollmentPhoto",
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
                        related_name="enrollment_photos",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("chat_id", fields.BigIntField()),
                ("file_id", fields.CharField(max_length=255)),
                (
                    "status",
                    fields.CharEnumField(
                        default=EnrollmentPhotoStatus.PENDING,
                        description="PENDING: pending\nACCEPTED: accepted\nREJECTED: rejected",
                        enum_type=EnrollmentPhotoStatus,
                        max_length=16,
                    ),
                ),
                ("verdict", fields.CharField(null=True, max_length=32)),
                (
                    "face",
                    fields.ForeignKeyField(
                        "facedrop.Face",
                        source_field="face_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="enrollment_photos",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "enrollment_photos",
                "app": "facedrop",
                "indexes": [Index(fields=["person_id", "status"])],
                "pk_attr": "id",
                "table_description": "A photo a guardian sent while enrolling a person; the photo itself is never kept.",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Group",
            name="welcomed_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AlterField(
            model_name="Person",
            name="status",
            field=fields.CharEnumField(
                default=PersonStatus.ENROLLING,
                description="ENROLLING: enrolling\nINDEXING: indexing\nPENDING_APPROVAL: pending_approval\nACTIVE: active\nPAUSED: paused",
                enum_type=PersonStatus,
                max_length=24,
            ),
        ),
        ops.AddField(
            model_name="Photo",
            name="media_kind",
            field=fields.CharEnumField(
                default=MediaKind.PHOTO,
                description="PHOTO: photo\nDOCUMENT: document",
                db_default="photo",
                enum_type=MediaKind,
                max_length=16,
            ),
        ),
        ops.AddField(
            model_name="Suggestion",
            name="notified_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
