from tortoise import fields, migrations
from tortoise.migrations import operations as ops

# The photos recognized so far, as /stats counted them: a face someone's now, a copy sent
# (or taken down since), or a copy a /forget left uncounted.
RECOGNIZED = """
UPDATE photos p SET recognized = TRUE
WHERE p.copies_forgotten > 0
   OR EXISTS (SELECT 1 FROM faces f WHERE f.photo_id = p.id AND f.person_id IS NOT NULL)
   OR EXISTS (
       SELECT 1 FROM deliveries d
       WHERE d.photo_id = p.id AND d.status IN ('sent', 'taken_down')
   );
"""


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0084_forget_notice_said")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Photo",
            name="recognized",
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.RunSQL(RECOGNIZED, reverse_sql="SELECT 1;"),
    ]
