from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0037_names_beside")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Claim",
            name="link_chat_id",
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name="Claim",
            name="link_message_id",
            field=fields.BigIntField(null=True),
        ),
    ]
