from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0060_correction_menu_closed_why")]

    initial = False

    operations = [
        ops.AlterField(
            model_name="ForgetNotice",
            name="about_user_id",
            field=fields.BigIntField(null=True),
        ),
    ]
