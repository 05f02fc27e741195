"""The "Which group?" buttons of an admin chat serving several groups (``og:``) are user
input: a stranger's press, forged or foreign data, a press after the chat stopped
serving that group, and a second press change nothing and reveal no one's name."""

from __future__ import annotations

from domain.infra.models import Group, ModerationEvent
from domain.infra.telegram.callbacks import GroupChoiceData, short
from tests.e2e.conftest import Journey, data_of
from tests.e2e.organizers import bound_admin_chat


async def test_which_group_buttons_refuse_strangers_forgeries_and_moved_groups(
    journey: Journey,
) -> None:
    poster, ann, dave = journey.user("Poster"), journey.user("Ann"), journey.user("Dave")
    class1, _ = await journey.group_with_bot("Class 1A", poster, [ann])
    class2, _ = await journey.group_with_bot("Class 2B", poster, [ann])
    office = await bound_admin_chat(journey, class1, [poster, dave])
    await Group.filter(chat_id=class2["id"]).update(admin_chat_id=office["id"])
    events_before = await ModerationEvent.all().count()

    sent = await journey.says(poster, "/audit", office["id"])
    (which,) = await journey.replies(office["id"], sent)
    assert which["text"] == "Which group?"

    # A member of the admin chat who is no admin of the group: refused by the command,
    # naming only the group.
    before = journey.world.transcript(office["id"])[-1]
    await journey.press(dave, which, "Class 2B")
    (refusal,) = await journey.replies(office["id"], before)
    assert refusal["text"] == "Only an admin of Class 2B can see its audit."
    assert "Ann" not in refusal["text"] and "Poster" not in refusal["text"]

    # Forged data: a group this chat does not serve, garbage, an unknown command.
    other, _ = await journey.group_with_bot("Class 3C", poster, [ann])
    stranger_group = short((await Group.get(chat_id=other["id"])).id)
    for forged in (
        GroupChoiceData(cmd="audit", group=stranger_group).pack(),
        GroupChoiceData(cmd="audit", group="AAAAAAAAAAAAAAAAAAAAAA").pack(),
        GroupChoiceData(
            cmd="rm-rf", group=short((await Group.get(chat_id=class2["id"])).id)
        ).pack(),
    ):
        answer = await journey.world.press_button(
            poster["id"], office["id"], which["message_id"], forged
        )
        assert answer.get("text") == "This button has expired.", forged
    # Data no button of ours carries: the catch-all of group chats answers.
    garbage = await journey.world.press_button(
        poster["id"], office["id"], which["message_id"], "og:audit"
    )
    assert garbage.get("text") == "That button belongs to another chat."
    assert journey.world.transcript(office["id"])[-1] == refusal  # nothing shown

    # Pressed by the admin, then again: the audit each time, nothing changed.
    for _ in range(2):
        before = journey.world.transcript(office["id"])[-1]
        await journey.press(poster, which, "Class 2B")
        (shown,) = await journey.replies(office["id"], before)
        assert shown["text"].startswith("Nothing happened in Class 2B yet")  # its audit
    assert await ModerationEvent.all().count() == events_before

    # After Class 2B's admin chat moved elsewhere, its button here has expired.
    chosen = data_of(which, "Class 2B")
    await Group.filter(chat_id=class2["id"]).update(admin_chat_id=None)
    moved = await journey.world.press_button(
        poster["id"], office["id"], which["message_id"], chosen
    )
    assert moved.get("text") == "This button has expired."
