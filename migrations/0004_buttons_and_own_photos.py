import functools
from json import dumps, loads
from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0003_persons_management")]

    initial = False

    operations = [
        ops.CreateModel(
            name="ButtonToken",
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
                        related_name="buttons",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("chat_id", fields.BigIntField()),
                ("action", fields.CharField(max_length=32)),
                ("subject", fields.UUIDField(null=True)),
                (
                    "args",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("state", fields.CharField(max_length=64)),
                ("used_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "button_tokens",
                "app": "facedrop",
                "indexes": [
                    Index(fields=["participant_id", "action"]),
                    Index(fields=["expires_at"]),
                ],
                "pk_attr": "id",
                "table_description": "One inline button that changes something, as it was shown: to whom, for what,",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Participant",
            name="receive_own_photos",
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]
