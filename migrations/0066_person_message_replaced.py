from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0065_approval_waiting_told")]

    initial = False

    operations = [
        ops.AddField(
            model_name="PersonMessage",
            name="replaced",
            field=fields.BooleanField(default=False),
        ),
    ]
