"""The twenty-fourth and twenty-fifth walks' lists, times and wording (issue 32): a /persons
list no change edits any more ("As of 15:21") follows a language chosen after it, and
writes its time in the zone of the reader's groups, even of the one she was banned from."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from domain.infra.models import Group
from tests.e2e.conftest import CAST, Collages, Journey, data_of, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import ann_in_a_class, read_export

X = CAST["angelina"]


def _clock(zone: ZoneInfo | None) -> set[str]:
    """The times a list frozen now may read (a minute either way), in ``zone`` (None: UTC,
    and says so)."""
    now = datetime.now(UTC).timestamp()
    times = [datetime.fromtimestamp(now + d * 60, UTC) for d in (-1, 0, 1)]
    if zone is None:
        return {f"{t:%H:%M} UTC" for t in times}
    return {t.astimezone(zone).strftime("%H:%M") for t in times}


async def test_a_frozen_list_follows_a_language_chosen_after_it(journey: Journey) -> None:
    """Findings25 4: a list frozen ("As of 15:21") while the parent read English stayed
    English after she chose Hebrew again, among Hebrew ones."""
    ann, _poster, _group = await journey.class_with_alice()
    chooser = await journey.reply_to(ann, "/language")
    await journey.world.press_button(
        ann["id"], ann["id"], chooser["message_id"], data_of(chooser, "עברית")
    )
    await journey.settle()
    await journey.reply_to(ann, "/persons")
    chooser = await journey.reply_to(ann, "/language")
    await journey.world.press_button(
        ann["id"], ann["id"], chooser["message_id"], data_of(chooser, "English")
    )
    await journey.settle()
    english = await journey.reply_to(ann, "/persons")
    await journey.reply_to(ann, "/persons")
    await journey.reply_to(ann, "/persons")
    await journey.until(lambda: "As of" in journey.now(english)["text"])
    chooser = await journey.reply_to(ann, "/language")
    await journey.world.press_button(
        ann["id"], ann["id"], chooser["message_id"], data_of(chooser, "עברית")
    )
    await journey.settle()

    def in_english(message: dict[str, Any]) -> bool:
        text = message.get("text") or message.get("caption") or ""
        return "Your people" in text or "As of" in text

    await journey.until(lambda: not in_english(journey.now(english)))
    frozen = journey.now(english)["text"]
    assert frozen.startswith("האנשים שלכם:"), frozen
    assert "Alice" in frozen and "/persons" in frozen and "נכון לשעה" in frozen, frozen
    # No /persons list left in English in her chat (the lists before and after it).
    left = [m for m in journey.world.transcript(ann["id"]) if in_english(m)]
    assert left == [], [m.get("text") for m in left]


async def test_a_list_frozen_while_banned_from_her_only_group_reads_its_zone(
    journey: Journey,
) -> None:
    """Findings25 5: group in Jerusalem; banned from it, her only group, Ann's older list
    was frozen "As of 13:20", UTC unmarked, two hours off every other time she reads."""
    ann, poster, group = await journey.class_with_alice()
    await Group.filter(chat_id=group["id"]).update(settings={"zone": "Asia/Jerusalem"})
    office = await bound_admin_chat(journey, group, [poster])
    oldest = await journey.reply_to(ann, "/persons")
    await journey.reply_to(ann, "/persons")
    sent = await journey.says(poster, "/ban @ann", office["id"])
    await journey.replies(office["id"], sent)
    await journey.settle()
    await journey.reply_to(ann, "/persons")
    await journey.until(lambda: "As of" in journey.now(oldest)["text"])

    frozen = journey.now(oldest)["text"]
    said = frozen.split("As of ")[1].split(".")[0].strip("\u2068\u2069")
    assert said in _clock(ZoneInfo("Asia/Jerusalem")), frozen


# ----- wording true of what happened (findings25 12, findings24 12) ----------------------

SAME_PICTURE = (
    "❌ I already have this photo (or a copy of it): the same picture again teaches me "
    "nothing new, so I didn't count it."
)


async def _send(journey: Journey, user: dict[str, Any], data: bytes) -> dict[str, Any]:
    """One photo sent in the private chat; the bot's verdict on it."""
    (sent,) = await journey.world.user_sends_photos(user["id"], user["id"], [data])
    (verdict,) = await journey.replies(user["id"], sent)
    return verdict


async def test_cancel_of_an_addition_whose_only_photo_was_a_copy_deletes_nothing_said(
    journey: Journey,
) -> None:
    """Findings25 12: told the copy was not counted, the parent then read "I've deleted the
    1 photo you sent now" at /cancel."""
    ann, _poster, _group = await journey.class_with_alice()  # enrolled with X's 3 photos
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Add photos or a clip")
    again = await _send(journey, ann, photo_bytes(X["enroll"][0]))
    assert again["text"] == f"{SAME_PICTURE} Please send a different photo."
    assert (await journey.reply_to(ann, "/cancel"))["text"] == (
        "Cancelled: nothing added to Alice; the faces I learned before stay."
    )


async def test_a_refused_photo_stops_asking_for_another_once_the_addition_is_done(
    journey: Journey,
) -> None:
    """Findings25 12: after /done the accepted verdicts lost "Send more", the refused ones
    kept "Please send a different photo", which then starts nothing."""
    ann, _poster, _group = await journey.class_with_alice()
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Add photos or a clip")
    refused = await _send(journey, ann, photo_bytes(X["enroll"][0]))
    assert refused["text"].endswith("Please send a different photo.")
    accepted = await _send(journey, ann, photo_bytes(X["group"][2]))
    assert accepted["text"] == "✅ Accepted (1 photo). Send more, or /done."
    done = await journey.says(ann, "/done")
    _, added = await journey.replies(ann["id"], done, count=2)
    assert added["text"].startswith("Added 1 photo of")
    await journey.until(lambda: "Send more" not in journey.now(accepted)["text"])
    await journey.until(lambda: journey.now(refused)["text"] == SAME_PICTURE)


async def test_cancel_before_a_name_was_given_says_only_cancelled(journey: Journey) -> None:
    """Findings24 12: /add, a sticker instead of a name, /cancel read "Cancelled. I've
    deleted what you sent for this person.": nothing was sent for anyone."""
    ann = await ann_in_a_class(journey)
    asked = await journey.reply_to(ann, "/add")
    assert "name" in asked["text"]
    assert (await journey.reply_to(ann, "/cancel"))["text"] == "Cancelled."


async def test_whois_where_nothing_was_ever_grouped_says_none_not_none_left(
    journey: Journey, collages: Collages
) -> None:
    """Findings25 12: four faces nobody enrolled, all of different children, grouped: /whois
    said "No group of look-alike faces LEFT to name" where none had ever been."""
    poster = journey.user("Poster")
    group, _payload = await journey.group_with_bot("Class 1A", poster, [])
    strangers = CAST["strangers"]["group"]
    await journey.post(group, poster, collages.make(strangers[0], strangers[1]))
    await journey.post(group, poster, collages.make(strangers[2], strangers[3]))
    await journey.settle()
    await journey.regroup("Class 1A")
    office = await bound_admin_chat(journey, group, [poster])
    sent = await journey.says(poster, "/whois", office["id"])
    (said,) = await journey.replies(office["id"], sent)
    assert said["text"].startswith("No group of look-alike faces to name in Class 1A: "), said


async def test_groups_named_in_one_sentence_are_joined_with_and(journey: Journey) -> None:
    """Findings24 12: "Alice is ready. In Class 3A, Class 4B, the organizers approve new
    persons first" read as a list cut short: two groups are "Class 3A and Class 4B"."""
    poster, ann = journey.user("Poster"), journey.user("Ann")
    for title in ("Class 3A", "Class 4B"):
        group, payload = await journey.group_with_bot(title, poster, [ann])
        await Group.filter(chat_id=group["id"]).update(requires_approval=True)
        await bound_admin_chat(journey, group, [poster])
        await journey.join(ann, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    ready = journey.last(ann)["text"]
    assert any(
        f"In {groups}, the organizers approve new persons first" in ready
        for groups in ("Class 3A and Class 4B", "Class 4B and Class 3A")
    ), ready
    assert "You're one of them" not in ready
    # The organizer enrolls her own child there: told she is one of those who decide, and
    # where the card is (walkmore 5: "I'll tell you when they decide" as of others).
    await journey.join(poster, payload)
    await journey.enroll(poster, "Pia", [photo_bytes(n) for n in CAST["scarlett"]["enroll"]])
    mine = journey.last(poster)["text"]
    assert mine == (
        "Pia is ready. In Class 4B, the organizers approve new persons first: I'll tell you "
        "when they decide. You're one of them: the card is in Class 1A office."
    ), mine


async def test_a_shared_admin_chat_writes_a_groups_audit_in_that_groups_zone(
    journey: Journey,
) -> None:
    """Findings24 8: "/timezone Jerusalem" for Class 3A in the admin chat it shares with
    Class 4B (UTC) was confirmed, but /audit of Class 3A stayed "times in UTC", and the
    organizer's /export wrote its lines in Jerusalem time without saying so."""
    poster = journey.user("Poster")
    class3, _ = await journey.group_with_bot("Class 3A", poster, [])
    class4, _ = await journey.group_with_bot("Class 4B", poster, [])
    office = await bound_admin_chat(journey, class3, [poster])
    await Group.filter(chat_id=class4["id"]).update(admin_chat_id=office["id"])
    (asked,) = await journey.replies(
        office["id"], await journey.says(poster, "/timezone Jerusalem", office["id"])
    )
    pressed = await journey.press(poster, asked, "Jerusalem for Class 3A")
    assert pressed["text"] == "Class 3A: Time zone is now Jerusalem."
    # Where the zone is set, the card says what this chat does with two zones.
    card = " ".join(journey.now(asked)["text"].split())
    assert (
        "When one chat gets times from groups in different time zones (an admin chat of "
        "several groups, or a member of several), I write its times in UTC, except what an "
        "admin chat says of one group (its /audit, bans, pauses and takedowns): in that "
        "group's zone."
    ) in card, card

    (which,) = await journey.replies(
        office["id"], await journey.says(poster, "/audit", office["id"])
    )
    await journey.press(poster, which, "Class 3A")
    (audit,) = await journey.replies(office["id"], which)
    header, _blank, line = audit["text"].splitlines()[:3]
    assert header == "Audit of Class 3A (newest first, times in Jerusalem)", audit["text"]
    assert "Jerusalem · Poster changed a setting: time zone UTC → Jerusalem" in line, line
    assert line.split(" · ")[0].split(" ")[-2] in _clock(ZoneInfo("Asia/Jerusalem")), line

    data = await read_export(journey, poster)
    (action,) = data["your_actions_as_an_organizer"]["actions"]
    assert action["times_in"] == "Jerusalem", action
