from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0055_delivery_hidden_message_id")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Photo",
            name="copies_forgotten",
            field=fields.IntField(default=0, db_default=0),
        ),
    ]
