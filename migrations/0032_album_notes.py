from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0031_person_messages")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Delivery",
            name="corrections_message_id",
            field=fields.BigIntField(null=True),
        ),
    ]
