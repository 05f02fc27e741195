from tortoise import migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0048_ban_periods")]

    initial = False

    operations = [
        ops.AddIndex(
            model_name="ModerationEvent",
            index=Index(fields=["actor_user_id"]),
        ),
    ]
