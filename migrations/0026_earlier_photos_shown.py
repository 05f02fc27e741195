from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0025_ask_next_family")]

    initial = False

    operations = [
        ops.AddField(
            model_name="EarlierPhotos",
            name="sheet",
            field=fields.BooleanField(default=False, db_default=False),
        ),
        # Sheets written before: look-alikes (a cluster) and batches of questions.
        ops.RunSQL(
            'UPDATE "earlier_photos" SET "sheet" = true '
            'WHERE "cluster_id" IS NOT NULL OR "participant_id" IS NOT NULL;',
            reverse_sql="SELECT 1;",
        ),
    ]
