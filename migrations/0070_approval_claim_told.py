from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0069_invite_expiry_told")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Approval",
            name="claim_told",
            field=fields.JSONField(null=True),
        ),
    ]
