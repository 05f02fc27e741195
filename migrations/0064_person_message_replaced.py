from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0063_suggestion_no_undone_at")]

    initial = False

    operations = [
        ops.AddField(
            model_name="PersonMessage",
            name="replaced",
            field=fields.BooleanField(default=False),
        ),
    ]
