from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from domain.states import MediaKind


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0032_album_notes")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Face",
            name="seen_from_s",
            field=fields.FloatField(null=True),
        ),
        ops.AddField(
            model_name="Face",
            name="seen_to_s",
            field=fields.FloatField(null=True),
        ),
        ops.AlterField(
            model_name="Photo",
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
            model_name="Photo",
            name="duration_s",
            field=fields.FloatField(null=True),
        ),
        ops.AddField(
            model_name="Photo",
            name="preview_file_id",
            field=fields.CharField(null=True, max_length=255),
        ),
    ]
