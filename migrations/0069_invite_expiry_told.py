from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0068_approval_rejected_told")]

    initial = False

    operations = [
        ops.AddField(
            model_name="GuardianInvite",
            name="expiry_told",
            field=fields.BooleanField(default=False),
        ),
    ]
