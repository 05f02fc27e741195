from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0078_sent_counts")]

    initial = False

    operations = [
        ops.AddField(
            model_name="ForgetNotice",
            name="faceless",
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]
