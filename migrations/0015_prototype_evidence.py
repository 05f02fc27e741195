import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0014_album_corrections")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Face",
            name="matching_prototype_ids",
            field=fields.JSONField(
                null=True,
                encoder=functools.partial(dumps, separators=(",", ":")),
                decoder=loads,
            ),
        ),
        ops.AddField(
            model_name="Face",
            name="prototype_scores",
            field=fields.JSONField(
                null=True,
                encoder=functools.partial(dumps, separators=(",", ":")),
                decoder=loads,
            ),
        ),
        ops.AddField(
            model_name="Face",
            name="prototype_match_count",
            field=fields.IntField(null=True),
        ),
    ]
