from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0059_forget_notices")]

    initial = False

    operations = [
        ops.AddField(
            model_name="CorrectionMenu",
            name="closed_why",
            field=fields.CharField(max_length=16, null=True),
        ),
    ]
