import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from domain.states import OfferStatus


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0018_choose_prototypes_requests")]

    initial = False

    operations = [
        ops.AlterField(
            model_name="EarlierPhotos",
            name="status",
            field=fields.CharEnumField(
                default=OfferStatus.PENDING,
                description="PENDING: pending\nSENT: sent\nDECLINED: declined\nONE_BY_ONE: one_by_one\nSTALE: stale",
                enum_type=OfferStatus,
                max_length=16,
            ),
        ),
        ops.AddField(
            model_name="EarlierPhotos",
            name="prototype_ids",
            field=fields.JSONField(
                null=True, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
            ),
        ),
    ]
