from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from domain.states import MediaKind


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0034_said_messages")]

    initial = False

    operations = [
        # A clip sent while enrolling (issue 35): its views are rows of their own.
        ops.AddField(
            model_name="EnrollmentPhoto",
            name="media_kind",
            field=fields.CharEnumField(
                default=MediaKind.PHOTO,
                description="PHOTO: photo\nDOCUMENT: document\nVIDEO: video\nVIDEO_NOTE: video_note\nANIMATION: animation",
                db_default="photo",
                enum_type=MediaKind,
                max_length=16,
            ),
        ),
        ops.AddField(
            model_name="EnrollmentPhoto",
            name="clip_id",
            field=fields.UUIDField(null=True),
        ),
        ops.AddField(
            model_name="EnrollmentPhoto",
            name="at_s",
            field=fields.FloatField(null=True),
        ),
    ]
