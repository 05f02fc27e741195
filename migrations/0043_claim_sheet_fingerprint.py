from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0042_request_waits_for")]

    initial = False

    operations = [
        ops.AlterField(
            model_name="ClaimSheet",
            name="message_id",
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name="ClaimSheet",
            name="fingerprint",
            field=fields.CharField(null=True, max_length=16),
        ),
        ops.AddIndex(
            model_name="ClaimSheet",
            index=Index(fields=["chat_id", "fingerprint"]),
        ),
    ]
