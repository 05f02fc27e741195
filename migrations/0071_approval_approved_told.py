from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0070_approval_claim_told")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Approval",
            name="approved_told",
            field=fields.JSONField(null=True),
        ),
    ]
