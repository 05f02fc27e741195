from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0045_stale_copies")]

    initial = False

    operations = [
        ops.AddField(
            model_name="PersonMessage",
            name="history",
            field=fields.BooleanField(default=False),
        ),
    ]
