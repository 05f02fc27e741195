from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0033_clips")]

    initial = False

    operations = [
        ops.AddField(
            model_name="GuardianInvite",
            name="message_id",
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name="UserRequest",
            name="said_chat_id",
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name="UserRequest",
            name="said_message_id",
            field=fields.BigIntField(null=True),
        ),
    ]
