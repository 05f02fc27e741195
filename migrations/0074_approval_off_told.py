from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0073_notice_invite")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Approval",
            name="approval_off_told",
            field=fields.JSONField(null=True),
        ),
    ]
