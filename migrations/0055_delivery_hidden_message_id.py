from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0054_person_message_listing")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Delivery",
            name="hidden_message_id",
            field=fields.BigIntField(null=True),
        ),
    ]
