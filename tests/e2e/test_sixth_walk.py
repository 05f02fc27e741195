"""What the sixth walk of issues 32 and 35 left untrue or unhelpful, each read as its reader
reads it: an unreadable clip of a poster the bot never met reported without her name; the
poster told why her clip could not be read but not what to do; a deletion said twice to
the one who deleted and without who deleted to the other guardian; "join a group first"
said to a co-guardian who is in the group already (and, issue 32, "join the group" to one
in it since before the bot came: Telegram is asked)."""

from __future__ import annotations

from pathlib import Path

from tests.clips import clip_at_times, sound_only
from tests.e2e.conftest import CAST, Journey, photo_bytes
from tests.e2e.organizers import bound_admin_chat

THREE_HOURS = 3 * 3600.0


def _said(journey: Journey, chat_id: int, after: int = 0) -> list[str]:
    """What the bot said in the chat, from the ``after``-th of its messages on."""
    said = [m.get("text", "") for m in journey.world.transcript(chat_id) if m["from"]["is_bot"]]
    return said[after:]


def _bad_clips(tmp_path: Path) -> tuple[bytes, bytes]:
    """A clip with sound and no picture, and one three hours long."""
    voice = sound_only(tmp_path / "voice.mp4")
    play = clip_at_times(tmp_path / "play.mp4", [0.0, THREE_HOURS])
    return voice.read_bytes(), play.read_bytes()


async def test_an_unreadable_clip_names_its_poster_and_tells_her_what_to_do(
    journey: Journey, tmp_path: Path
) -> None:
    _, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    tina = journey.user("Tina")  # the teacher: in the group, never started the bot
    await journey.world.set_member_status(group["id"], tina["id"], "member")
    before = len(_said(journey, office["id"]))
    voice, play = _bad_clips(tmp_path)

    await journey.world.user_sends_media(
        "video", group["id"], tina["id"], voice, file_name="voice.mp4", mime_type="video/mp4"
    )
    await journey.settle()
    # It said "the clip posted in Class 1A": the group's message carried her name.
    (told,) = _said(journey, office["id"], before)
    assert told.startswith("I could not read the clip Tina posted in Class 1A on "), told
    assert _said(journey, tina["id"]) == []  # she never started the bot: not written to

    await journey.join(tina, journey.group_payload(group))
    before = len(_said(journey, tina["id"]))
    await journey.world.user_sends_media(
        "video", group["id"], tina["id"], play, file_name="play.mp4", mime_type="video/mp4"
    )
    await journey.settle()
    # It said why, not what to do.
    (told,) = _said(journey, tina["id"], before)
    assert told.startswith("I could not read the clip you posted in Class 1A on "), told
    assert told.endswith(
        ": it is longer than the clips I read. Nothing else was affected. Send a shorter "
        "clip, at most 30 minutes long."
    ), told


async def test_a_deletion_is_said_once_and_the_other_guardian_reads_who_deleted(
    journey: Journey,
) -> None:
    ann, carl, _, _ = await journey.class_with_alice_and_carl()
    (question,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Delete")
    carl_before = len(_said(journey, carl["id"]))
    await journey.press(ann, question, "Yes, delete")
    await journey.settle()
    # "Deleting..." became "Deleted Alice's data.", and "Alice and everything I had about
    # them are deleted." followed it.
    assert journey.now(question)["text"] == "Deleted Alice's data."
    assert journey.last(ann)["message_id"] == question["message_id"]
    # Carl read "Alice and everything I had about them are deleted.", with no word of who.
    assert _said(journey, carl["id"], carl_before) == [
        "Ann deleted Alice: everything I had about them is deleted."
    ]


async def test_a_co_guardian_in_the_group_already_is_not_told_to_join_one(
    journey: Journey,
) -> None:
    # Dov was in Class 1A before the bot came: it never saw him join, nor has he opened the
    # group's link.
    ann, poster, dov = journey.user("Ann"), journey.user("Poster"), journey.user("Dov")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann, dov])
    await journey.join(ann, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in CAST["angelina"]["enroll"]])

    # Issue 32: he was told "I tell you when you join the group", and "(join a group
    # through its link first)" once he accepted; Telegram says he is in it.
    offer = await journey.reply_to(dov, f"/start {await journey.invite_link(ann, 'Alice')}")
    assert "join the group" not in offer["text"]
    assert (
        "up to its organizers: I tell you when you open the group's link (the button I posted "
        "in the group)."
    ) in offer["text"]
    before = journey.last(ann)
    (accepted,) = await journey.after_pressing(dov, offer, "Accept")
    assert accepted["text"] == (
        "You're now a guardian of Alice. You'll get their photos and clips from Class 1A, "
        f"which you're in, once you open its link:\nhttps://t.me/{journey.script.bot_username}"
        f"?start={payload}"
    )
    (told,) = await journey.replies(ann["id"], before)
    assert told["text"] == (
        "Dov is now also a guardian of Alice: they accepted an invitation. They will get "
        "Alice's photos and clips once they open the link of a group they are in; I'll tell "
        "you when they do."
    )
    opened = await journey.reply_to(dov, f"/start {payload}")
    assert opened["text"].startswith("You're in: I'll look for Alice in Class 1A"), opened

    yossi = journey.user("Yossi")
    await journey.world.set_member_status(group["id"], yossi["id"], "member")
    await journey.join(yossi, journey.group_payload(group))
    offer = await journey.reply_to(yossi, f"/start {await journey.invite_link(ann, 'Alice')}")
    (accepted,) = await journey.after_pressing(yossi, offer, "Accept")
    # It added "(join a group through its link first)": he had.
    assert accepted["text"] == (
        "You're now a guardian of Alice. You'll get their photos and clips from the groups "
        "you're in."
    )

    # Bea, in no group yet, is still told how to start getting them.
    bea = journey.user("Bea")
    offer = await journey.reply_to(bea, f"/start {await journey.invite_link(ann, 'Alice')}")
    (accepted,) = await journey.after_pressing(bea, offer, "Accept")
    assert accepted["text"] == (
        "You're now a guardian of Alice. You'll get their photos and clips from the groups "
        "you're in (join a group through its link first)."
    )
