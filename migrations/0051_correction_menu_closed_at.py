from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0050_person_resumed_at")]

    initial = False

    operations = [
        ops.AddField(
            model_name="CorrectionMenu",
            name="closed_at",
            field=fields.DatetimeField(null=True),
        ),
    ]
