from tortoise import migrations
from tortoise.migrations import operations as ops

# The offers of earlier photos left open on a person merged away before merges moved them
# (assignments.merge has moved them since migration 0056's deploy): each goes to the person
# at the end of its merge chain, as the merge would have done, and is recorded on the last
# merge of the chain (its ``offer_ids``), so that undoing that merge moves it back as it
# moves those the merge moved.
MOVE_OPEN_OFFERS = """
WITH RECURSIVE chain AS (
    SELECT p.id AS start_id, p.id AS from_id, p.merged_into_id AS to_id, 1 AS depth
    FROM persons p
    WHERE p.status = 'merged' AND p.merged_into_id IS NOT NULL
    UNION ALL
    SELECT c.start_id, p.id, p.merged_into_id, c.depth + 1
    FROM chain c JOIN persons p ON p.id = c.to_id
    WHERE p.status = 'merged' AND p.merged_into_id IS NOT NULL AND c.depth < 100
),
last_hop AS (
    SELECT DISTINCT ON (start_id) start_id, from_id, to_id
    FROM chain
    ORDER BY start_id, depth DESC
),
moved AS (
    UPDATE earlier_photos e
    SET person_id = l.to_id
    FROM last_hop l JOIN persons kept ON kept.id = l.to_id AND kept.status <> 'merged'
    WHERE e.person_id = l.start_id AND e.participant_id IS NULL AND e.status = 'pending'
    RETURNING e.id, l.from_id, l.to_id
),
by_merge AS (
    SELECT (
        SELECT a.id FROM assignment_events a
        WHERE a.operation = 'merge' AND a.from_person_id = m.from_id
          AND a.to_person_id = m.to_id AND a.undone_at IS NULL
        ORDER BY a.created_at DESC LIMIT 1
    ) AS event_id, jsonb_agg(m.id::text) AS offer_ids
    FROM moved m
    GROUP BY m.from_id, m.to_id
)
UPDATE assignment_events a
SET details = jsonb_set(
    COALESCE(a.details, '{}'::jsonb),
    '{offer_ids}',
    COALESCE(a.details -> 'offer_ids', '[]'::jsonb) || b.offer_ids
)
FROM by_merge b
WHERE a.id = b.event_id;
"""


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0056_photo_copies_forgotten")]

    initial = False

    operations = [ops.RunSQL(MOVE_OPEN_OFFERS, reverse_sql="SELECT 1;")]
