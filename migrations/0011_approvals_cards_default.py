import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.db_defaults import SqlDefault
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0010_approvals_kept")]

    initial = False

    operations = [
        ops.AlterField(
            model_name="Approval",
            name="cards",
            field=fields.JSONField(
                default=list,
                db_default=SqlDefault("'[]'::jsonb"),
                encoder=functools.partial(dumps, separators=(",", ":")),
                decoder=loads,
            ),
        ),
    ]
