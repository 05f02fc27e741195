from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0072_admin_pointers")]

    initial = False

    operations = [
        ops.AddField(
            model_name="ForgetNotice",
            name="invite_id",
            field=fields.UUIDField(null=True),
        ),
        ops.AddField(
            model_name="ForgetNotice",
            name="ended",
            field=fields.CharField(max_length=16, null=True),
        ),
    ]
