from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0016_earlier_photos")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Suggestion",
            name="pair_id",
            field=fields.UUIDField(null=True),
        ),
    ]
