from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0064_claim_into_person")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Approval",
            name="waiting_told",
            field=fields.JSONField(null=True),
        ),
    ]
