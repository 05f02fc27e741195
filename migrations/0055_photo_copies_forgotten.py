from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0054_person_message_listing")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Photo",
            name="copies_forgotten",
            field=fields.IntField(default=0, db_default=0),
        ),
    ]
