from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0082_forget_notice_faceless")]

    initial = False

    operations = [
        ops.AddField(
            model_name="ForgetNotice",
            name="said",
            field=fields.JSONField(null=True),
        ),
    ]
