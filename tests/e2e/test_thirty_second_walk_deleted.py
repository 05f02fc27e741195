"""The walk of session 32 (finding 6): a child's deletion told again and again.

When Ann deleted Alice, every older message about her, in every guardian's chat ("Alice is
ready…", "Carl is now also a guardian of Alice…", "Carl now gets the photos and clips of
Alice…", "You're now a guardian of Alice…"), was redrawn to the same line, "Alice has since
been deleted, with everything I had about them: I no longer send anyone their photos and
clips." (seven times in Ann's chat, four in Carl's). The newest of them in Ann's chat keeps
the line; the older ones say in brief, in the past, what they told (as a /forget's do:
test_thirty_first_walk_departures). In Carl's, "Ann deleted Alice: …" says it: all of them
say it in brief (session 33: he read it there and on the newest of the others)."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Journey
from tests.e2e.steps import bot_lines, delete_person, reads_now, sent_starting

GONE = (
    "Alice has since been deleted, with everything I had about them: I no longer send anyone "
    "their photos and clips."
)


def _about_alice(journey: Journey, user: dict[str, Any], *starts: str) -> list[dict[str, Any]]:
    """The bot's messages to ``user`` that started with one of ``starts``, each once, in the
    order they were sent."""
    told = [m for start in starts for m in sent_starting(journey, user, start)]
    assert len(told) == len(starts), [m.get("text") for m in told]
    return sorted(told, key=lambda m: m["message_id"])


async def test_a_childs_deletion_is_said_once_in_each_chat(journey: Journey) -> None:
    ann, carl, _poster, group = await journey.class_with_alice_and_carl()
    dan = journey.user("Dan")
    journey.world.chats[group["id"]].members[dan["id"]] = "member"
    await journey.co_guardian(ann, "Alice", dan)
    await journey.join(dan, journey.group_payload(group))
    await journey.settle()
    anns = _about_alice(
        journey,
        ann,
        "Alice is ready",
        "Carl is now also a guardian",
        "Carl now gets",
        "Dan is now also a guardian",
        "Dan now gets",
    )
    carls = _about_alice(
        journey, carl, "You're now a guardian of Alice", "Dan is now also", "Dan now gets"
    )

    await delete_person(journey, ann, "Alice")
    dan_got = "Dan also got the photos and clips of Alice while they were a guardian."
    await journey.until(lambda: reads_now(journey, carls[-1]) == dan_got)
    # Once in each chat (it was in each of these messages): by the newest in Ann's, by the
    # news of it in Carl's.
    assert bot_lines(journey, ann).count(GONE) == 1, bot_lines(journey, ann)
    carl_read = "Ann deleted Alice: everything I had about them is deleted."
    assert bot_lines(journey, carl).count(carl_read) == 1, bot_lines(journey, carl)
    assert GONE not in bot_lines(journey, carl), bot_lines(journey, carl)
    # The older ones say in brief what they told, in the past.
    assert [reads_now(journey, m) for m in anns] == [
        "Alice was ready then.",  # walk33 6: not "You were a guardian", to who deleted her
        "Carl accepted an invitation to become a guardian of Alice.",
        "Carl also got the photos and clips of Alice while they were a guardian.",
        "Dan accepted an invitation to become a guardian of Alice.",
        GONE,
    ]
    assert [reads_now(journey, m) for m in carls] == [
        "You were a guardian of Alice.",
        "Dan accepted an invitation to become a guardian of Alice.",
        dan_got,
    ]
