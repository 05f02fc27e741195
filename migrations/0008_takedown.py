import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0007_moderation")]

    initial = False

    operations = [
        ops.AlterField(
            model_name="ButtonToken",
            name="participant",
            field=fields.ForeignKeyField(
                "facedrop.Participant",
                source_field="participant_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="buttons",
                on_delete=OnDelete.CASCADE,
            ),
        ),
        ops.AddField(
            model_name="ButtonToken",
            name="user_id",
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name="Suggestion",
            name="sent_to",
            field=fields.JSONField(
                null=True, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
            ),
        ),
    ]
