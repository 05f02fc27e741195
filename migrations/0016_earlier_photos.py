import functools
from json import dumps, loads
from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from domain.states import OfferStatus


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0015_prototype_evidence")]

    initial = False

    operations = [
        ops.CreateModel(
            name="EarlierPhotos",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                (
                    "person",
                    fields.ForeignKeyField(
                        "facedrop.Person",
                        source_field="person_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="earlier_photos",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "group",
                    fields.ForeignKeyField(
                        "facedrop.Group",
                        source_field="group_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="earlier_photos",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "face_ids",
                    fields.JSONField(
                        encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                ("photo_count", fields.IntField()),
                (
                    "scores",
                    fields.JSONField(
                        null=True,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("cluster_id", fields.UUIDField(null=True)),
                (
                    "status",
                    fields.CharEnumField(
                        default=OfferStatus.PENDING,
                        description="PENDING: pending\nSENT: sent\nDECLINED: declined\nONE_BY_ONE: one_by_one",
                        enum_type=OfferStatus,
                        max_length=16,
                    ),
                ),
                (
                    "answered_by",
                    fields.ForeignKeyField(
                        "facedrop.Participant",
                        source_field="answered_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="answered_offers",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "answered_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "sent_to",
                    fields.JSONField(
                        null=True,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "earlier_photos",
                "app": "facedrop",
                "indexes": [Index(fields=["person_id", "status"])],
                "pk_attr": "id",
                "table_description": "An offer to a person's guardians of earlier photos of a group that look like the",
            },
            bases=["Model"],
        ),
    ]
