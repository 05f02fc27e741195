import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0009_settings")]

    initial = False

    operations = [
        ops.AlterField(
            model_name="Approval",
            name="participant",
            field=fields.ForeignKeyField(
                "facedrop.Participant",
                source_field="participant_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="approvals",
                on_delete=OnDelete.SET_NULL,
            ),
        ),
        # AlterField leaves the foreign key's ON DELETE as it was: set it here.
        ops.RunSQL(
            'ALTER TABLE "approvals" DROP CONSTRAINT IF EXISTS "approvals_participant_id_fkey"; '
            'ALTER TABLE "approvals" ADD CONSTRAINT "approvals_participant_id_fkey" '
            'FOREIGN KEY ("participant_id") REFERENCES "participants" ("id") ON DELETE SET NULL;',
            reverse_sql='ALTER TABLE "approvals" DROP CONSTRAINT IF EXISTS "approvals_participant_id_fkey"; '
            'ALTER TABLE "approvals" ADD CONSTRAINT "approvals_participant_id_fkey" '
            'FOREIGN KEY ("participant_id") REFERENCES "participants" ("id") ON DELETE CASCADE;',
        ),
        ops.AddField(
            model_name="Approval",
            name="cards",
            field=fields.JSONField(
                default=list, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
            ),
        ),
    ]
