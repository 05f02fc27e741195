from tortoise import migrations
from tortoise.migrations import operations as ops

# A deleted child's name went with it (issue 32): the messages kept to be redrawn that told
# of a deletion, written before, drop the name they kept. A redraw since says "a child"
# ("Another guardian deleted a child you guarded together: …"). "Ann removed you as a
# guardian of Alice" rows written before kept no person to tell whether Alice was deleted
# since: all drop the name (a redraw, at the owner's /forget, says "a child you guarded").
# A "Since then Alice was deleted…" ("gone", on a "You're in…") drops the name kept beside
# its words, and what a rename had it say.
FORGET_THE_NAMES = """
UPDATE forget_notices SET said = said - 'name'
WHERE kind = 'news_by' AND said ? 'name' AND (
    said->>'news' = 'deleted'
    OR (said->>'news' = 'deleted_here' AND NOT COALESCE((said->>'faces')::boolean, FALSE))
    OR (said->>'news' = 'removed_you' AND NOT said ? 'of')
);
UPDATE forget_notices
SET said = jsonb_set(said, '{gone}', (said->'gone') - 'name')
    || CASE WHEN jsonb_typeof(said->'parts') = 'object'
            THEN jsonb_build_object('parts', (said->'parts') - 'said') ELSE '{}'::jsonb END
WHERE jsonb_typeof(said->'gone') = 'object'
  AND COALESCE((said->'gone'->>'deleted')::boolean, FALSE);
"""


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0091_suggestion_earlier")]

    initial = False

    operations = [ops.RunSQL(FORGET_THE_NAMES, reverse_sql="SELECT 1;")]
