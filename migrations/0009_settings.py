from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from domain.states import DeliveryStatus


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0008_takedown")]

    initial = False

    operations = [
        ops.AlterField(
            model_name="Delivery",
            name="status",
            field=fields.CharEnumField(
                default=DeliveryStatus.PENDING,
                description="PENDING: pending\nSENDING: sending\nSENT: sent\nPARKED: parked\nCANCELLED: cancelled\nHELD: held\nFAILED: failed\nTAKEN_DOWN: taken_down\nWAITING: waiting",
                enum_type=DeliveryStatus,
                max_length=16,
            ),
        ),
    ]
