from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0015_prototype_evidence")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Suggestion",
            name="pair_id",
            field=fields.UUIDField(null=True),
        ),
    ]
