from uuid import uuid4

from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from domain.states import RequestKind


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0005_held_deliveries_and_forgotten_faces")]

    initial = False

    operations = [
        ops.CreateModel(
            name="UserRequest",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="DELETE_PERSON: delete_person\nFORGET_FACES: forget_faces\nFORGET_PARTICIPANT: forget_participant\nINDEX_PERSON: index_person",
                        enum_type=RequestKind,
                        max_length=24,
                    ),
                ),
                ("subject", fields.CharField(max_length=40)),
                ("requested_by", fields.BigIntField(null=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("done_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "user_requests",
                "app": "facedrop",
                "indexes": [Index(fields=["kind", "subject"]), Index(fields=["done_at"])],
                "pk_attr": "id",
                "table_description": "Outbox: work a user confirmed (delete a person, forget its faces, ``/forget``, learn",
            },
            bases=["Model"],
        ),
    ]
