from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0026_earlier_photos_shown")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Group",
            name="faces_expired",
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name="Group",
            name="retention_ran_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
