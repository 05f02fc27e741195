from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from domain.states import RequestKind

# The offers of earlier photos migration 0057 moved onto the person a merge kept (recorded
# in that merge's ``offer_ids``) kept, in their messages, the name of the person merged away
# (a migration sends nothing) until the kept person's next rename or merge. One request per
# person holding such an offer still shown (``ASK_OFFERS_AGAIN``): the next worker run (the
# reconcile cron queues every open request) says its offers again with its name now.
# Offers a merge moved since (the same ``offer_ids``) are said again too: harmless, they
# already read that name.
ASK_OFFERS_AGAIN = """
INSERT INTO user_requests (id, kind, subject, created_at)
SELECT gen_random_uuid(), 'ask_offers_again', e.person_id::text, now()
FROM earlier_photos e
JOIN persons p ON p.id = e.person_id AND p.status NOT IN ('merged', 'deleting')
WHERE e.participant_id IS NULL
  AND EXISTS (
      SELECT 1 FROM assignment_events a
      WHERE a.operation = 'merge' AND a.undone_at IS NULL AND a.to_person_id = e.person_id
        AND COALESCE(a.details -> 'offer_ids', '[]'::jsonb) ? e.id::text
  )
GROUP BY e.person_id;
"""


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0066_person_message_replaced")]

    initial = False

    operations = [
        ops.AlterField(
            model_name="UserRequest",
            name="kind",
            field=fields.CharEnumField(
                description="DELETE_PERSON: delete_person\nFORGET_FACES: forget_faces\nFORGET_PARTICIPANT: forget_participant\nINDEX_PERSON: index_person\nTAKEDOWN: takedown\nCHOOSE_PROTOTYPES: choose_prototypes\nASK_NEXT_FAMILY: ask_next_family\nHELD_SENT: held_sent\nASK_OFFERS_AGAIN: ask_offers_again",
                enum_type=RequestKind,
                max_length=24,
            ),
        ),
        ops.RunSQL(ASK_OFFERS_AGAIN, reverse_sql="SELECT 1;"),
    ]
