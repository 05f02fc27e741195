from uuid import uuid4

from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0058_delivery_hidden_album_id")]

    initial = False

    operations = [
        ops.CreateModel(
            name="ForgetNotice",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("chat_id", fields.BigIntField()),
                ("message_id", fields.BigIntField()),
                ("about_user_id", fields.BigIntField()),
                ("kind", fields.CharField(max_length=16)),
                ("person_ids", fields.JSONField(default=list)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "forget_notices",
                "app": "facedrop",
                "indexes": [Index(fields=["about_user_id"]), Index(fields=["chat_id"])],
                "pk_attr": "id",
                "table_description": "A message of mine that a user's /forget would leave untrue, kept to be made true",
            },
            bases=["Model"],
        ),
    ]
