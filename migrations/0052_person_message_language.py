from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0051_person_message_frozen")]

    initial = False

    operations = [
        ops.AddField(
            model_name="PersonMessage",
            name="language",
            field=fields.BooleanField(default=False),
        ),
    ]
