from tortoise import migrations
from tortoise.migrations import operations as ops

# A deleted child's name kept in no row (issue 32, review36 3): two kinds of row written
# before the person's id ("of") was kept beside the name cannot be found by a later
# deletion of the child, so they drop the name now. An old card or question blanked "Ann
# deleted every face of Alice." keeps the news (said without Ann's name at her /forget:
# "Another guardian deleted every face of a child you guarded."), not the name. A "You're
# in…" redrawn "Since then you are no longer a guardian of Alice: I look for Yara…" kept
# those words (and the name) to say them again at a later change: it is no longer kept, and
# reads as it does (SQL cannot say them again in the reader's language without the name),
# as 0092 did for one redrawn "Since then Alice was deleted…". The cost: a later rename or
# deletion of another child it names ("I look for Yara") no longer redraws that message.
FORGET_THE_NAMES = """
UPDATE forget_notices SET said = said - 'name'
WHERE kind = 'news_by' AND said ? 'name' AND NOT said ? 'of'
  AND said->>'news' = 'deleted_here' AND said->'faces' = 'true'::jsonb;
DELETE FROM forget_notices
WHERE kind = 'sending' AND jsonb_typeof(said->'gone') = 'object'
  AND said->'gone' ? 'name' AND NOT said->'gone' ? 'of';
"""


class Migration(migrations.Migration):
    dependencies = [("facedrop", "0092_deleted_names")]

    initial = False

    operations = [ops.RunSQL(FORGET_THE_NAMES, reverse_sql="SELECT 1;")]
