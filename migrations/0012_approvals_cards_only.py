from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0011_approvals_cards_default")]

    initial = False

    operations = [
        # A card recorded only in the old columns moves into ``cards`` (assumed to show a
        # face, as the code read it), so dropping the columns forgets no message.
        ops.RunSQL(
            'UPDATE "approvals" SET "cards" = jsonb_build_array(jsonb_build_object('
            "'chat', \"card_chat_id\", 'message', \"card_message_id\", 'face', true)) "
            'WHERE "cards" = \'[]\'::jsonb AND "card_chat_id" IS NOT NULL '
            'AND "card_message_id" IS NOT NULL;',
            reverse_sql="SELECT 1;",
        ),
        ops.RemoveField(model_name="Approval", name="card_chat_id"),
        ops.RemoveField(model_name="Approval", name="card_message_id"),
    ]
