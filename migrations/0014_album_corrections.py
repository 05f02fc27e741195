from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0013_clusters")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Delivery",
            name="album_id",
            field=fields.UUIDField(null=True),
        ),
        ops.AddField(
            model_name="Delivery",
            name="corrections_due",
            field=fields.BooleanField(default=False),
        ),
    ]
