from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0028_participant_language")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Photo",
            name="caption",
            field=fields.TextField(null=True),
        ),
        ops.AddField(
            model_name="Photo",
            name="caption_entities",
            field=fields.JSONField(null=True),
        ),
    ]
