from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0088_photo_recognized")]

    initial = False

    operations = [
        ops.AddField(model_name="Suggestion", name="asking", field=fields.JSONField(null=True)),
    ]
