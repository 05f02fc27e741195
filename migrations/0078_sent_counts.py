from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

# The copies sent so far and still on record, counted per group and hour, so that /stats
# starts from what it counted before.
COUNT_SENT = """
INSERT INTO sent_counts (id, group_id, hour, sent)
SELECT gen_random_uuid(), p.group_id, date_trunc('hour', d.sent_at AT TIME ZONE 'UTC')
       AT TIME ZONE 'UTC', count(*)
FROM deliveries d JOIN photos p ON p.id = d.photo_id
WHERE d.sent_at IS NOT NULL AND d.status IN ('sent', 'taken_down')
GROUP BY 2, 3
ON CONFLICT (group_id, hour) DO NOTHING;
"""


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0075_forget_notice_group")]

    initial = False

    operations = [
        ops.CreateModel(
            name="SentCount",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                (
                    "group",
                    fields.ForeignKeyField(
                        "facedrop.Group",
                        source_field="group_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="sent_counts",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("hour", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("sent", fields.IntField(default=0)),
            ],
            options={
                "table": "sent_counts",
                "app": "facedrop",
                "unique_together": (("group", "hour"),),
                "pk_attr": "id",
                "table_description": "How many copies the bot sent privately from one group's posts in one hour (UTC):",
            },
            bases=["Model"],
        ),
        ops.RunSQL(COUNT_SENT, reverse_sql="SELECT 1;"),
    ]
