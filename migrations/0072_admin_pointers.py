from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

# The answers kept before in ``groups.settings`` under "admin_pointer_messages" (a list of
# [message id, command], the newest 20) move into ``admin_pointers``; the key goes.
MOVE_POINTERS = """
INSERT INTO admin_pointers (id, group_id, message_id, command, created_at)
SELECT gen_random_uuid(), g.id, (e ->> 0)::bigint, e ->> 1, now()
FROM groups g
CROSS JOIN LATERAL jsonb_array_elements(
    CASE WHEN jsonb_typeof(g.settings -> 'admin_pointer_messages') = 'array'
         THEN g.settings -> 'admin_pointer_messages' ELSE '[]'::jsonb END
) AS e
WHERE CASE WHEN jsonb_typeof(e) = 'array'
           THEN jsonb_array_length(e) = 2
                AND jsonb_typeof(e -> 0) = 'number'
                AND jsonb_typeof(e -> 1) = 'string'
           ELSE false END
ON CONFLICT (group_id, message_id) DO NOTHING;
"""
FORGET_POINTERS = """
UPDATE groups SET settings = settings - 'admin_pointer_messages'
WHERE settings ? 'admin_pointer_messages';
"""


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0071_approval_approved_told")]

    initial = False

    operations = [
        ops.CreateModel(
            name="AdminPointer",
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
                        related_name="admin_pointers",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("message_id", fields.BigIntField()),
                ("command", fields.CharField(max_length=32)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "admin_pointers",
                "app": "facedrop",
                "unique_together": (("group", "message_id"),),
                "pk_attr": "id",
                "table_description": "An answer of mine in a photo group that says where its admin chat is (or that it",
            },
            bases=["Model"],
        ),
        ops.RunSQL(MOVE_POINTERS, reverse_sql="SELECT 1;"),
        ops.RunSQL(FORGET_POINTERS, reverse_sql="SELECT 1;"),
    ]
