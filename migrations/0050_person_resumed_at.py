from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0049_moderation_events_by_actor")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Person",
            name="resumed_at",
            field=fields.DatetimeField(null=True),
        ),
    ]
