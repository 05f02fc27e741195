from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0040_clip_questions_waiting")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Face",
            name="shown_at_s",
            field=fields.FloatField(null=True),
        ),
    ]
