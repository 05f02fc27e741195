from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

from domain.states import OfferStatus, QuestionMode


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0022_enrollment_photo_dates")]

    initial = False

    operations = [
        ops.AlterField(
            model_name="EarlierPhotos",
            name="status",
            field=fields.CharEnumField(
                default=OfferStatus.PENDING,
                description="PENDING: pending\nSENT: sent\nDECLINED: declined\nONE_BY_ONE: one_by_one\nSTALE: stale\nWAITING: waiting\nSENDING: sending\nCLOSED: closed",
                enum_type=OfferStatus,
                max_length=16,
            ),
        ),
        ops.AddField(
            model_name="EarlierPhotos",
            name="participant",
            field=fields.ForeignKeyField(
                "facedrop.Participant",
                source_field="participant_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="question_batches",
                on_delete=OnDelete.CASCADE,
            ),
        ),
        ops.AddField(
            model_name="Participant",
            name="question_mode",
            field=fields.CharEnumField(
                default=QuestionMode.EACH,
                description="EACH: each\nDAILY: daily\nEVERY: every",
                db_default="each",
                enum_type=QuestionMode,
                max_length=16,
            ),
        ),
        ops.AddField(
            model_name="Participant",
            name="questions_every",
            field=fields.IntField(default=5, db_default=5),
        ),
        ops.AddField(
            model_name="Suggestion",
            name="withdrawn_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        # Questions answered or expired before this migration: their messages were dealt
        # with then (the withdrawal job looks only at those closed from now on).
        ops.RunSQL(
            'UPDATE "suggestions" SET "withdrawn_at" = now() WHERE "status" <> \'pending\';',
            reverse_sql="SELECT 1;",
        ),
    ]
