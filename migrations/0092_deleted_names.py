from tortoise import migrations
from tortoise.migrations import operations as ops

# A deleted child's name went with it (issue 32): the messages kept to be redrawn that told
# of a deletion, written before, drop the name they kept. A redraw since says "a child"
# ("Another guardian deleted a child you guarded together: …"). "Ann removed you as a
# guardian of Alice" rows written before kept no person to tell whether Alice was deleted
# since: all drop the name (a redraw, at the owner's /forget, says "a child you guarded").
# A "You're in…" redrawn "Since then Alice was deleted: I look for Yara…" kept those words
# (and the name beside them) to say it again at a later change: it is no longer kept, and
# reads as it does (SQL cannot say those words again in the reader's language without the
# name; a change since would have said them "of one child").
FORGET_THE_NAMES = """
UPDATE forget_notices SET said = said - 'name'
WHERE kind = 'news_by' AND said ? 'name' AND (
    said->>'news' = 'deleted'
    OR (said->>'news' = 'deleted_here' AND NOT COALESCE((said->>'faces')::boolean, FALSE))
    OR (said->>'news' = 'removed_you' AND NOT said ? 'of')
);
DELETE FROM forget_notices
WHERE jsonb_typeof(said->'gone') = 'object'
  AND COALESCE((said->'gone'->>'deleted')::boolean, FALSE);
"""


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0091_suggestion_earlier")]

    initial = False

    operations = [ops.RunSQL(FORGET_THE_NAMES, reverse_sql="SELECT 1;")]
