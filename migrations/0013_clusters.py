from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0012_approvals_cards_only")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Cluster",
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
                        related_name="clusters",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "clusters",
                "app": "facedrop",
                "pk_attr": "id",
                "table_description": "Faces of a group's photos that nobody holds, which look like one another (one child",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Face",
            name="cluster",
            field=fields.ForeignKeyField(
                "facedrop.Cluster",
                source_field="cluster_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="faces",
                on_delete=OnDelete.SET_NULL,
            ),
        ),
    ]
