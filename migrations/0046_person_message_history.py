from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0045_stale_copies")]

    initial = False

    operations = [
        ops.AlterModelOptions(
            name="PersonMessage",
            options={
                "table": "person_messages",
                "app": "facedrop",
                "unique_together": (("participant", "message_id"),),
                "indexes": [Index(fields=["person_id"])],
                "pk_attr": "id",
                "table_description": "A person card, a /persons list or a /history the bot sent to a guardian's private",
            },
        ),
        ops.AddField(
            model_name="PersonMessage",
            name="history",
            field=fields.BooleanField(default=False),
        ),
    ]
