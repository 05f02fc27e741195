from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0038_claim_link_message")]

    initial = False

    operations = [
        ops.AddField(
            model_name="EnrollmentPhoto",
            name="checking_id",
            field=fields.BigIntField(null=True),
        ),
    ]
