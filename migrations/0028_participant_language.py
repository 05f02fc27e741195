from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0027_retention_report")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Participant",
            name="language",
            field=fields.CharField(null=True, max_length=8),
        ),
    ]
