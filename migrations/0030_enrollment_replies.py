from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0029_photo_caption")]

    initial = False

    operations = [
        # The guardian's message with the photo: its verdict answers it, in its order.
        ops.AddField(
            model_name="EnrollmentPhoto",
            name="message_id",
            field=fields.BigIntField(null=True),
        ),
        # The verdict's message (0: being sent, -1: could not be sent).
        ops.AddField(
            model_name="EnrollmentPhoto",
            name="reply_id",
            field=fields.BigIntField(null=True),
        ),
    ]
