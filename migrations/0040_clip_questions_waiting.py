from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0039_enrollment_checking")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Suggestion",
            name="waiting",
            field=fields.BooleanField(default=False),
        ),
    ]
