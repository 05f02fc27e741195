from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0067_offers_named_again")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Approval",
            name="claim_told",
            field=fields.JSONField(null=True),
        ),
    ]
