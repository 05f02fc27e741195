from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0060_correction_menu_closed_why")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Suggestion",
            name="no_undone_at",
            field=fields.DatetimeField(null=True),
        ),
    ]
