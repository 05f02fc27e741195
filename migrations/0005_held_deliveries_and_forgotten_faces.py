from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from domain.states import DeliveryStatus, PersonStatus


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0004_buttons_and_own_photos")]

    initial = False

    operations = [
        ops.AlterField(
            model_name="Delivery",
            name="status",
            field=fields.CharEnumField(
                default=DeliveryStatus.PENDING,
                description="PENDING: pending\nSENDING: sending\nSENT: sent\nPARKED: parked\nCANCELLED: cancelled\nHELD: held\nFAILED: failed",
                enum_type=DeliveryStatus,
                max_length=16,
            ),
        ),
        ops.AlterField(
            model_name="Person",
            name="status",
            field=fields.CharEnumField(
                default=PersonStatus.ENROLLING,
                description="ENROLLING: enrolling\nNEEDS_PHOTOS: needs_photos\nINDEXING: indexing\nPENDING_APPROVAL: pending_approval\nACTIVE: active\nPAUSED: paused\nDELETING: deleting\nMERGED: merged",
                enum_type=PersonStatus,
                max_length=24,
            ),
        ),
    ]
