from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0057_offers_follow_old_merges")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Delivery",
            name="hidden_album_id",
            field=fields.UUIDField(null=True),
        ),
    ]
