"""Steps that many end-to-end tests take the same way, written once: a user's /forget
confirmed, a person deleted from its card, ... Each acts as the users would, through the
emulator, and waits as the tests did where they wrote it out. And readers of a chat as
its user reads it (``reads_now``, ``bot_lines``, ``sent_starting``, ``everything_read``).

(The ``Journey`` in ``conftest.py`` holds the steps of setting a class up; the
organizers' steps are in ``organizers.py``.)
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.corrections.menus import CorrectionMenus
from domain.infra.models import CorrectionMenu
from domain.infra.stores.corrections import TortoiseMenuStore
from domain.infra.telegram.client import make_bot
from domain.infra.telegram.messenger import make_messenger
from domain.languages import dates as datefmt
from tests.e2e.conftest import CAST, Collages, Journey


async def forget_everything(journey: Journey, user: dict[str, Any]) -> list[dict[str, Any]]:
    """``user`` sends /forget, presses "Yes, delete everything", and the deletion runs to its
    end (settled); the bot's answer to the press (its goodbye), as ``after_pressing`` gives it."""
    question = await journey.reply_to(user, "/forget")
    answers = await journey.after_pressing(user, question, "Yes, delete everything")
    await journey.settle()
    return answers


async def delete_person(journey: Journey, user: dict[str, Any], name: str) -> dict[str, Any]:
    """``user`` opens ``name``'s card through /persons, presses "Delete" and "Yes, delete",
    and the deletion runs to its end (settled); the question "Delete …?" (``journey.now``
    reads it as it is now)."""
    card = await journey.card(user, name)
    (question,) = await journey.after_pressing(user, card, "Delete")
    await journey.press(user, question, "Yes, delete")
    await journey.settle()
    return question


async def forget_faces(journey: Journey, user: dict[str, Any], name: str) -> dict[str, Any]:
    """``user`` presses "Forget faces" on ``name``'s card and "Yes, delete", and the deletion
    runs to its end (settled); the question (``journey.now`` reads it as it is now)."""
    (question,) = await journey.after_pressing(user, await journey.card(user, name), "Forget faces")
    await journey.press(user, question, "Yes, delete")
    await journey.settle()
    return question


async def owner_leaves(
    journey: Journey, owner: dict[str, Any], listed: dict[str, Any], name: str
) -> dict[str, Any]:
    """``owner`` presses "Stop getting …'s photos and clips" on her guardians list of
    ``name`` (another guardian stays, who then owns them), and "Leave" on the question it
    asks; the bot's answer to that press (its popup)."""
    (asked,) = await journey.after_pressing(
        owner, listed, f"Stop getting {name}'s photos and clips"
    )
    assert asked["text"].startswith(f"Leave {name}?"), asked["text"]
    return await journey.press(owner, asked, "Leave")


async def co_guardian_then_joins(
    journey: Journey,
    owner: dict[str, Any],
    person: str,
    user: dict[str, Any],
    group: dict[str, Any],
) -> None:
    """``user``, made a member of ``group`` (Telegram tells the bot nothing), accepts
    ``owner``'s invitation to be ``person``'s other guardian, then joins the group through
    its link."""
    journey.world.chats[group["id"]].members[user["id"]] = "member"
    await journey.co_guardian(owner, person, user)
    await journey.join(user, journey.group_payload(group))


async def beas_correction_menu(
    journey: Journey, collages: Collages
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Ann with Alice in Class 1A, and Bea, Alice's other guardian there: a photo of Alice
    and a stranger posted, and Bea's "Not Alice?" pressed on her copy: (ann, bea, the
    correction menu it opened)."""
    ann, poster, group = await journey.class_with_alice()
    bea = journey.user("Bea")
    await co_guardian_then_joins(journey, ann, "Alice", bea, group)
    await journey.post(
        group, poster, collages.make(CAST["angelina"]["group"][0], CAST["strangers"]["group"][0])
    )
    await journey.settle()
    (beas,) = journey.photos_for(bea)
    (choices,) = await journey.after_pressing(bea, beas, "Not Alice?")
    return ann, bea, choices


async def joins_then_co_guardian(
    journey: Journey,
    owner: dict[str, Any],
    person: str,
    user: dict[str, Any],
    group: dict[str, Any],
) -> None:
    """``user`` joins ``group`` (Telegram tells the bot) and opens its link, then accepts
    ``owner``'s invitation to be ``person``'s other guardian."""
    await journey.world.set_member_status(group["id"], user["id"], "member")
    await journey.join(user, journey.group_payload(group))
    await journey.co_guardian(owner, person, user)


async def read_export(journey: Journey, user: dict[str, Any]) -> dict[str, Any]:
    """What ``user``'s /export holds: the JSON of the file the bot answers with."""
    sent = await journey.says(user, "/export")
    (reply,) = await journey.replies(user["id"], sent)
    data: dict[str, Any] = json.loads(journey.world.file_bytes(reply["document"]["file_id"]).data)
    return data


@contextlib.asynccontextmanager
async def menus_of(journey: Journey) -> AsyncIterator[CorrectionMenus]:
    """The worker's menus (its hourly cron), on the same Telegram and Postgres."""
    assert journey.stack is not None and journey.stack.redis is not None
    bot = make_bot(journey.settings)
    try:
        yield CorrectionMenus(
            TortoiseMenuStore(), make_messenger(bot, journey.stack.redis, journey.settings.telegram)
        )
    finally:
        await bot.session.close()


async def close_menus_left_two_days(journey: Journey) -> None:
    """Every "What's wrong with this photo?" menu made 49 hours old, and the hourly run
    that closes the unused ones run once: it closes one."""
    await CorrectionMenu.all().update(created_at=datetime.now(UTC) - timedelta(hours=49))
    async with menus_of(journey) as menus:
        assert await menus.close_unused() == 1


async def ann_in_a_class(journey: Journey) -> dict[str, Any]:
    """Ann, who joined "Class 1A" (Poster's, the bot an admin there) through its link, with
    nobody enrolled yet: Ann (``journey.class_with_alice`` enrolls Alice too)."""
    ann, poster = journey.user("Ann"), journey.user("Poster")
    _, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    await journey.join(ann, payload)
    return ann


# ----- what the user reads ----------------------------------------------------------------


def reads_now(journey: Journey, message: dict[str, Any]) -> str:
    """What ``message`` says now in its chat (as redrawn: its text, else its caption), as
    its reader reads it: without the marks that keep a name's direction apart in
    right-to-left text (U+2068, U+2069)."""
    now = journey.now(message)
    text = str(now.get("text") or now.get("caption") or "")
    return text.replace("\u2068", "").replace("\u2069", "")


def bot_lines(journey: Journey, user: dict[str, Any]) -> list[str]:
    """The bot's messages in the user's chat, as they read now (``reads_now``)."""
    return [
        reads_now(journey, m) for m in journey.world.transcript(user["id"]) if m["from"]["is_bot"]
    ]


def everything_read(journey: Journey, user: dict[str, Any]) -> str:
    """All the bot showed the user in their chat, deleted messages too: each text,
    caption and button label, one per line. What a name must never be in: the chat's raw
    JSON also holds start-link tokens and file ids, random text where a short name
    like "Lia" turns up by chance."""
    shown = []
    for m in journey.world.transcript(user["id"], include_deleted=True):
        if not m["from"]["is_bot"]:
            continue
        shown.append(str(m.get("text") or m.get("caption") or ""))
        for row in m.get("reply_markup", {}).get("inline_keyboard", []):
            shown.extend(str(button["text"]) for button in row)
    return "\n".join(shown)


def sent_starting(journey: Journey, user: dict[str, Any], start: str) -> list[dict[str, Any]]:
    """The bot's messages to the user that started with ``start`` when sent."""
    return [
        m
        for m in journey.world.transcript(user["id"])
        if m["from"]["is_bot"] and m.get("text", "").startswith(start)
    ]


def asked_about(name: str, group: str, *, earlier: bool = False) -> str:
    """The caption of "Is this Tom?" about a photo of ``group``: "(a photo in Class 1A)";
    ``earlier``: about a photo posted before its guardians could get it (found by a look
    back for earlier photos, or among a claim's faces), "(an earlier photo, posted in Class
    1A on <today>)", whenever its reader joined (issue 32)."""
    if earlier:
        day = datefmt.day(datetime.now(UTC))
        return f"Is this {name}? (an earlier photo, posted in {group} on {day})"
    return f"Is this {name}? (a photo in {group})"
