from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0060_correction_menu_closed_why")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Suggestion",
            name="no_undone_at",
            field=fields.DatetimeField(null=True),
        ),
        ops.AddField(
            model_name="Suggestion",
            name="no_undone_by",
            field=fields.ForeignKeyField(
                "facedrop.Participant",
                source_field="no_undone_by_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="undone_noes",
                on_delete=OnDelete.SET_NULL,
            ),
        ),
    ]
