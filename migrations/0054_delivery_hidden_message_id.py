from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0053_correction_menu_closed_at")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Delivery",
            name="hidden_message_id",
            field=fields.BigIntField(null=True),
        ),
    ]
