from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0074_approval_off_told")]

    initial = False

    operations = [
        ops.AddField(
            model_name="ForgetNotice",
            name="group_id",
            field=fields.UUIDField(null=True),
        ),
    ]
