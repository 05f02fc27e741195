from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0046_person_message_history")]

    initial = False

    operations = [
        ops.AddField(
            model_name="PersonMessage",
            name="settings",
            field=fields.BooleanField(default=False),
        ),
    ]
