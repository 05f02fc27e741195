from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0090_claim_prompt")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Suggestion",
            name="earlier",
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]
