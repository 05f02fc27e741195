from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0030_enrollment_replies")]

    initial = False

    operations = [
        ops.CreateModel(
            name="PersonMessage",
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
                        related_name="person_messages",
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
                        related_name="shown_in",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("message_id", fields.BigIntField()),
                ("has_photo", fields.BooleanField(default=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "person_messages",
                "app": "facedrop",
                "unique_together": (("participant", "message_id"),),
                "indexes": [Index(fields=["person_id"])],
                "pk_attr": "id",
                "table_description": "A person card, or a /persons list, the bot sent to a guardian's private chat: kept",
            },
            bases=["Model"],
        ),
    ]
