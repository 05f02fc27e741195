from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0043_claim_sheet_fingerprint")]

    initial = False

    operations = [
        ops.CreateModel(
            name="CorrectionMenu",
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
                        related_name="correction_menus",
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
                        related_name="correction_menus",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("message_id", fields.BigIntField()),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "correction_menus",
                "app": "facedrop",
                "indexes": [
                    Index(fields=["face_id"]),
                    Index(fields=["participant_id", "message_id"]),
                ],
                "pk_attr": "id",
                "table_description": "An open \"What's wrong with this photo of Alice?\" menu in a guardian's private chat,",
            },
            bases=["Model"],
        ),
    ]
