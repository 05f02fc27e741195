"""What the seventh walk of issue 32 found untrue in the admin chat, each read as the
organizer (and the parent) reads it: a ban's announcement left saying "/unban lifts it"
once lifted; an undone ban that said nothing of what it means, to the organizers or to the
banned parent."""

from __future__ import annotations

import re

from tests.e2e.conftest import Journey
from tests.e2e.organizers import bound_admin_chat

LIFTED = re.compile(
    r"Class 1A: Ann \(@ann\) was banned; Poster( \(@poster\))? lifted the ban "
    r"\w{3} \d{1,2} \d\d:\d\d UTC\."
)
TOLD_ANN = (
    "The organizers of Class 1A have turned my service back on for you in this group. Nothing "
    "of it comes to you until you join again: tap “Get my child's photos” under my welcome in "
    "the group."
)


async def test_a_lifted_ban_is_said_lifted_where_it_was_announced(journey: Journey) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    (banned,) = await journey.replies(
        office["id"], await journey.says(poster, "/ban @ann", office["id"])
    )
    assert banned["text"].endswith("/unban lifts it.")
    (shown,) = await journey.replies(
        office["id"], await journey.says(poster, "/audit", office["id"])
    )
    before = journey.world.transcript(office["id"])[-1]
    assert (await journey.press(poster, shown, "↩️ Undo 1"))["text"] == "Undone."
    (undone,) = await journey.replies(office["id"], before)
    # It said only "Poster undid “... banned Ann”": the organizer believed Ann gets photos
    # again; she gets none until she opens the link again, as /unban says.
    assert undone["text"] == (
        "↩️ Class 1A: Poster undid “Poster (@poster) banned Ann (@ann)”.\n"
        "Class 1A: Ann (@ann) is no longer banned. They can join again through my link in the "
        "group (nothing is restored until they do)."
    )
    # The announcement above kept "Ann is banned ... /unban lifts it."
    await journey.until(lambda: "lifted" in journey.now(banned)["text"])
    assert LIFTED.fullmatch(journey.now(banned)["text"]), journey.now(banned)["text"]
    # Ann was told nothing, neither of the ban nor of its end.
    await journey.until(lambda: journey.last(ann).get("text") == TOLD_ANN)

    # Banned again and lifted by /unban: that announcement says so too, and Ann is told.
    (again,) = await journey.replies(
        office["id"], await journey.says(poster, "/ban @ann", office["id"])
    )
    assert again["text"].endswith("/unban lifts it.")
    (unbanned,) = await journey.replies(
        office["id"], await journey.says(poster, "/unban @ann", office["id"])
    )
    assert unbanned["text"].startswith("Class 1A: Ann (@ann) is no longer banned.")
    assert LIFTED.fullmatch(journey.now(again)["text"]), journey.now(again)["text"]
    told = [m for m in journey.world.transcript(ann["id"]) if m.get("text") == TOLD_ANN]
    assert len(told) == 2
