import functools
from json import dumps, loads
from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

from domain.states import ApprovalKind


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0023_question_batches")]

    initial = False

    operations = [
        ops.CreateModel(
            name="ClaimSheet",
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
                        related_name="claim_sheets",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "claim",
                    fields.ForeignKeyField(
                        "facedrop.Claim",
                        source_field="claim_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="sheets",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("chat_id", fields.BigIntField()),
                ("message_id", fields.BigIntField()),
                (
                    "face_ids",
                    fields.JSONField(
                        encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "claim_sheets",
                "app": "facedrop",
                "unique_together": (("chat_id", "message_id"),),
                "pk_attr": "id",
                "table_description": "A sheet of unknown faces' crops the bot posted: a /whois sheet in an admin chat, or",
            },
            bases=["Model"],
        ),
        ops.AlterField(
            model_name="Approval",
            name="kind",
            field=fields.CharEnumField(
                description="PERSON: person\nGUARDIAN: guardian\nCLAIM: claim",
                enum_type=ApprovalKind,
                max_length=16,
            ),
        ),
        ops.AddField(
            model_name="Claim",
            name="one_by_one",
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]
