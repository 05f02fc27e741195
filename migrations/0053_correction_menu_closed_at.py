from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0052_person_message_language")]

    initial = False

    operations = [
        ops.AddField(
            model_name="CorrectionMenu",
            name="closed_at",
            field=fields.DatetimeField(null=True),
        ),
    ]
