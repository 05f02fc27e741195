from uuid import uuid4

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0044_correction_menus")]

    initial = False

    operations = [
        ops.CreateModel(
            name="StaleCopy",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("chat_id", fields.BigIntField()),
                ("message_id", fields.BigIntField()),
                ("photo_id", fields.UUIDField()),
                ("participant_id", fields.UUIDField()),
                ("album_id", fields.UUIDField(null=True)),
                ("names_message_id", fields.BigIntField(null=True)),
                ("version", fields.UUIDField(default=uuid4)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "stale_copies",
                "app": "facedrop",
                "unique_together": (("chat_id", "message_id"),),
                "pk_attr": "id",
                "table_description": "A delivered copy in a chat that no longer says what is true (a rename, a merge, an",
            },
            bases=["Model"],
        ),
    ]
