"""Many commands at once and names that cannot be names, through the emulator: 20
concurrent /add leave one unfinished enrollment, 25 /start in a group get one answer,
and a control character (what Telegram lets through: a directional isolate) or a 64 KiB
name gets a precise refusal with nothing stored."""

from __future__ import annotations

import asyncio
from typing import Any

from domain.infra.models import EnrollmentPhoto, Person
from domain.states import EnrollmentPhotoStatus, PersonStatus
from tests.e2e.conftest import CAST, Collages, Journey, photo_bytes
from tests.e2e.steps import ann_in_a_class

X = CAST["angelina"]


def _bot_texts(journey: Journey, chat_id: int, after: int = 0) -> list[str]:
    return [
        m.get("text") or m.get("caption") or ""
        for m in journey.world.transcript(chat_id, after_id=after)
        if m["from"]["is_bot"]
    ]


async def _quiet(journey: Journey, chat_id: int, for_s: float = 2.0) -> None:
    """Wait until the bot has said nothing more in the chat for ``for_s`` seconds."""
    seen, still = -1, 0.0
    while still < for_s:
        await asyncio.sleep(0.25)
        now = len(journey.world.transcript(chat_id))
        seen, still = now, (still + 0.25 if now == seen else 0.0)


async def _ann_in_a_group(journey: Journey) -> dict[str, Any]:
    ann = await ann_in_a_class(journey)
    return ann


async def test_twenty_adds_at_once_leave_one_enrollment(journey: Journey) -> None:
    ann = await _ann_in_a_group(journey)
    await asyncio.gather(
        *(journey.world.user_sends_text(ann["id"], ann["id"], f"/add Kid {n}") for n in range(20))
    )
    await _quiet(journey, ann["id"])
    await journey.settle()
    drafts = await Person.filter(
        status=PersonStatus.ENROLLING, guardianships__participant__telegram_user_id=ann["id"]
    )
    assert len(drafts) == 1, [p.name for p in drafts]
    assert await Person.all().count() == 1  # no orphans of any status
    assert not any("went wrong" in text for text in _bot_texts(journey, ann["id"]))

    # The conversation goes on with the enrollment that survived.
    (sent,) = await journey.world.user_sends_photos(
        ann["id"], ann["id"], [photo_bytes(X["enroll"][0])]
    )
    (verdict,) = await journey.replies(ann["id"], sent)
    assert verdict["text"].startswith("✅"), verdict["text"]
    (photo,) = await EnrollmentPhoto.all()
    assert photo.person_id == drafts[0].id  # type: ignore[attr-defined]
    assert photo.status == EnrollmentPhotoStatus.ACCEPTED


async def test_twenty_five_starts_in_a_group_get_one_answer(journey: Journey) -> None:
    poster = journey.user("Poster")
    members = [journey.user(f"Parent{n}") for n in range(25)]
    group, _ = await journey.group_with_bot("Class 1A", poster, members)
    await _quiet(journey, group["id"], 1.0)
    before = journey.world.transcript(group["id"])[-1]["message_id"]
    await asyncio.gather(
        *(journey.world.user_sends_text(group["id"], m["id"], "/start") for m in members)
    )
    await _quiet(journey, group["id"])
    answers = _bot_texts(journey, group["id"], before)
    assert len(answers) == 1, answers
    assert answers[0].startswith("Talk to me in private: https://t.me/")


async def test_control_characters_and_huge_names_are_refused_precisely(journey: Journey) -> None:
    ann = await _ann_in_a_group(journey)
    control = "Names can't contain control characters. Send the name again, or /cancel."

    # Telegram turns a NUL (and every control character but a line break) into a space
    # before a bot sees it (tdlib's clean_input_string; the emulator does the same): a line
    # break (taken as a space in a name), or a directional isolate, is what reaches a bot.
    assert (await journey.reply_to(ann, "/add Ya\u2067ra"))["text"] == control
    assert (await journey.reply_to(ann, "Ya\u2066ra"))["text"] == control  # at the name step
    huge = "Y" * 65536
    assert (await journey.reply_to(ann, huge))["text"] == (
        "That name is 65536 characters; the limit is 64. Send a shorter one, or /cancel."
    )
    assert (await journey.reply_to(ann, f"/add {huge}"))["text"].startswith(
        "That name is 65536 characters"
    )
    assert await Person.all().count() == 0

    assert "photos" in (await journey.reply_to(ann, "Yara"))["text"]
    card = await journey.card(ann, "Yara")
    await journey.after_pressing(ann, card, "Rename")
    assert (await journey.reply_to(ann, "Bad\u2068name"))["text"] == control
    assert (await journey.reply_to(ann, "B" * 70))["text"].startswith(
        "That name is 70 characters; the limit is 64."
    )
    # The right-to-left override (U+202E) never reaches a bot: Telegram removes U+2028 to
    # U+202E; the isolates do reach it, and a name spoofed with one is refused.
    assert (await journey.reply_to(ann, "Yara\u2067gnp.exe"))["text"] == control
    assert [p.name for p in await Person.all()] == ["Yara"]
    assert (await journey.reply_to(ann, "Yara Smith"))["text"] == "Renamed to Yara Smith."
    assert [p.name for p in await Person.all()] == ["Yara Smith"]
    assert not any("went wrong" in text for text in _bot_texts(journey, ann["id"]))


async def test_names_with_html_characters_reach_every_screen_intact(
    journey: Journey, collages: Collages
) -> None:
    """Telegram refuses a message whose HTML does not parse (``a < b`` included): names with
    ``<``, ``>`` and ``&`` must be escaped everywhere the bot shows them."""
    name, title = "Tom & <Jerry>", "Class <1A> & co"
    ann, poster = journey.user("Ann"), journey.user("Poster")
    group, payload = await journey.group_with_bot(title, poster, [ann])
    await journey.join(ann, payload)
    await journey.enroll(ann, name, [photo_bytes(n) for n in X["enroll"]])
    assert (await Person.get()).name == name

    listing = await journey.reply_to(ann, "/persons")
    assert name in listing["text"]
    card = await journey.card(ann, name)
    assert card["caption"].startswith(f"{name} · active")
    assert f"Groups: {title}" in card["caption"]

    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (delivered,) = journey.photos_for(ann)
    assert delivered["caption"] == f"{name} · {title}"

    history = await journey.reply_to(ann, "/history all")
    assert history["text"].splitlines()[1].endswith(name), history["text"]
