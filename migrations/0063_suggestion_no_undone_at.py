from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0062_suggestion_no_undone_by")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Suggestion",
            name="no_undone_at",
            field=fields.DatetimeField(null=True),
        ),
    ]
