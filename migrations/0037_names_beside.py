from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0036_moderation_said_in")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Delivery",
            name="names_message_id",
            field=fields.BigIntField(null=True),
        ),
    ]
