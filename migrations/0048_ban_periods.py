from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0047_person_message_settings")]

    initial = False

    operations = [
        ops.CreateModel(
            name="BanPeriod",
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
                        related_name="ban_periods",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("telegram_user_id", fields.BigIntField()),
                ("started_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "ended_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "ban_periods",
                "app": "facedrop",
                "indexes": [Index(fields=["group_id", "telegram_user_id"])],
                "pk_attr": "id",
                "table_description": "When a Telegram user was banned from a group in facedrop: from the ban to its",
            },
            bases=["Model"],
        ),
        # The bans recorded before, from the audit: each ban to the first unban after it
        # (of the same user in the same group), or open while none came.
        ops.RunSQL(
            'INSERT INTO "ban_periods" ("id", "group_id", "telegram_user_id", "started_at", '
            '"ended_at") '
            'SELECT gen_random_uuid(), b."group_id", (b."details"->>\'user_id\')::bigint, '
            'b."created_at", (SELECT min(u."created_at") FROM "moderation_events" u '
            'WHERE u."group_id" = b."group_id" AND u."action" = \'unbanned\' '
            "AND u.\"details\"->>'user_id' = b.\"details\"->>'user_id' "
            'AND u."created_at" >= b."created_at") '
            'FROM "moderation_events" b '
            'WHERE b."action" = \'banned\' AND b."group_id" IS NOT NULL '
            "AND b.\"details\"->>'user_id' IS NOT NULL;",
            reverse_sql="SELECT 1;",
        ),
    ]
