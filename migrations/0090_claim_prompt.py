from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0089_suggestion_asking")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Claim", name="prompt_chat_id", field=fields.BigIntField(null=True)
        ),
        ops.AddField(
            model_name="Claim", name="prompt_message_id", field=fields.BigIntField(null=True)
        ),
    ]
