from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0020_claims")]

    initial = False

    operations = [
        ops.AddField(
            model_name="EnrollmentPhoto",
            name="sent_at",
            field=fields.DatetimeField(null=True),
        ),
        ops.AddField(
            model_name="Face",
            name="taken_at",
            field=fields.DatetimeField(null=True),
        ),
    ]
