from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0035_enrollment_clips")]

    initial = False

    operations = [
        ops.AddField(
            model_name="ModerationEvent",
            name="said_in",
            field=fields.JSONField(default=list),
        ),
    ]
