"""What the thirty-third session's walk found untrue (findings-walk 1, 2, 3, 4, 7).

Carl, in Class 1A since before the bot came, accepted Ann's invitation to be Alice's other
guardian: he read "You're now a guardian of Alice. You'll get their photos and clips from
Class 1A, which you're in, once you open its link: <link>", and Ann "Carl is now also a
guardian of Alice: … They will get Alice's photos and clips once they open the link of a
group they are in; I'll tell you when they do." Both stayed so once he had opened it (as
Dan's "You're no longer in Class 1A… open my link there again" did not: "You had left
Class 1A; since then you came back and opened my link there again.")."""

from __future__ import annotations

from tests.e2e.conftest import Journey
from tests.e2e.steps import reads_now, sent_starting


async def test_opening_the_link_is_said_as_done(journey: Journey) -> None:
    ann, _poster, group = await journey.class_with_alice()
    carl = journey.user("Carl")
    journey.world.chats[group["id"]].members[carl["id"]] = "member"  # the bot is not told
    await journey.co_guardian(ann, "Alice", carl)
    (carls,) = sent_starting(journey, carl, "You're now a guardian of Alice")
    (anns,) = sent_starting(journey, ann, "Carl is now also a guardian of Alice")
    assert reads_now(journey, carls).startswith(
        "You're now a guardian of Alice. You'll get their photos and clips from Class 1A, "
        "which you're in, once you open its link:\n"
    )

    await journey.join(carl, journey.group_payload(group))
    await journey.settle()
    assert reads_now(journey, carls) == (
        "You're now a guardian of Alice. Since then you opened my link in Class 1A, so you "
        "get their photos and clips from there."
    )
    assert reads_now(journey, anns) == (
        "Carl is now also a guardian of Alice: they accepted an invitation, and since then "
        "opened my link in a group they are in."
    )

    # A rename says it so too, in the new name.
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Rename")
    assert (await journey.reply_to(ann, "Alicia"))["text"] == "Renamed to Alicia."
    await journey.until(lambda: "Alicia" in reads_now(journey, carls))
    await journey.settle()
    assert reads_now(journey, carls) == (
        "You're now a guardian of Alicia. Since then you opened my link in Class 1A, so you "
        "get their photos and clips from there."
    )
    assert reads_now(journey, anns) == (
        "Carl is now also a guardian of Alicia: they accepted an invitation, and since then "
        "opened my link in a group they are in."
    )
