"""What was left of issue 32 after the ninth walk, read as each reader reads it: /history
offered an Undo its press then refused ("the face or person has changed since"); a "What's
wrong with this photo" menu nobody pressed was kept open for good, and one open at a merge
kept the merged name; a merge's copy edits lived only in Redis; /audit kept "can't be
undone" on a change an undo made current again; and after /unban, a parent in no group
read "active" in /persons and on the card."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from arq.connections import ArqRedis

from domain.infra.models import (
    AssignmentEvent,
    CorrectionMenu,
    Group,
    StaleCopy,
)
from domain.states import AssignmentOperation
from tests.e2e.conftest import CAST, Journey, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import menus_of
from tests.e2e.test_bans_and_pause import _says_in
from tests.e2e.test_durable_requests import _redis_lost, _workers_stopped
from tests.e2e.test_group_settings import settings_card
from workers.jobs import recaption_copies

X, Y = CAST["angelina"], CAST["scarlett"]
CHANGED = "That can't be undone any more: the face or person has changed since."
NO_GROUP = "no photos or clips of Alice come to you until you open my link in a group's chat"


def undos(message: dict[str, Any]) -> list[str]:
    """A /history's Undo buttons (its "Show automatic matches" left out)."""
    return [label for label in labels(message) if label.startswith("Undo")]


async def test_history_offers_only_undos_that_act_menus_end_and_a_merge_s_edits_outlive_redis(
    journey: Journey,
) -> None:
    ann, poster, group = await journey.class_with_alice()
    await journey.enroll(ann, "Yara", [photo_bytes(n) for n in Y["enroll"]])
    await journey.post(group, poster, photo_bytes(X["group"][0]))
    await journey.until(lambda: len(journey.singles(ann)) == 1)
    (copy,) = journey.singles(ann)

    # Not Alice: it is Yara (a move); the /history sent then offers its Undo.
    async def moved(from_name: str, to_name: str) -> None:
        (menu,) = await journey.after_pressing(ann, journey.now(copy), f"Not {from_name}?")
        await journey.press(ann, menu, f"That isn't {from_name}")
        await journey.until(lambda: journey.has_button(journey.now(menu), to_name))
        await journey.press(ann, journey.now(menu), to_name)
        await journey.until(lambda: labels(journey.now(copy)) == [f"Not {to_name}?"])

    await moved("Alice", "Yara")
    older = await journey.reply_to(ann, "/history")
    assert undos(older) == ["Undo 1"]
    # And back: the first move's undo would now be refused, so it is offered no more.
    await moved("Yara", "Alice")
    history = await journey.reply_to(ann, "/history")
    lines = history["text"].splitlines()
    assert lines[1].endswith("moved 1 face: Yara → Alice"), lines
    assert lines[2].endswith("moved 1 face: Alice → Yara"), lines
    assert lines[3].strip() == CHANGED, lines
    assert undos(history) == ["Undo 1"]
    # The older /history, made before the move back, says so once that move was recorded,
    # as it stands now: the first move changed since, its Undo no longer offered.
    await journey.until(lambda: CHANGED in journey.now(older)["text"])
    assert "As of " in journey.now(older)["text"]
    assert undos(journey.now(older)) == []

    # A menu opened and left: two days on, the hourly cron closes it, saying so.
    (left,) = await journey.after_pressing(ann, journey.now(copy), "Not Alice?")
    assert labels(left)[-1] == "That isn't Alice"
    await journey.settle()  # the bot has recorded it (after sending it)
    assert await CorrectionMenu.exists()
    choices = [b["callback_data"] for row in left["reply_markup"]["inline_keyboard"] for b in row]
    await CorrectionMenu.all().update(created_at=datetime.now(UTC) - timedelta(hours=49))
    async with menus_of(journey) as menus:
        assert await menus.close_unused() == 1
        assert await menus.close_unused() == 0  # once
    assert journey.now(left)["text"] == (
        "Closed: nothing was chosen here in two days. Press “Not Alice?” again to correct this."
    )
    assert labels(journey.now(left)) == []
    assert not await CorrectionMenu.filter(closed_at=None).exists()
    # Its choices replayed (a client that had not redrawn): closed, not "already answered"
    # (findings18 18), and nothing is done.
    for data in choices:
        replayed = await journey.world.press_button(ann["id"], ann["id"], left["message_id"], data)
        assert replayed["text"] == (
            "This menu closed: nothing was chosen in two days. Press “Not Alice?” again."
        )
    assert labels(journey.now(copy)) == ["Not Alice?"]

    # Yara's photo; then Yara merged into Alice while no worker runs, and Redis lost: the
    # copy owes its edit in Postgres, and says Alice once the workers are back.
    await journey.post(group, poster, photo_bytes(Y["group"][0]))
    await journey.until(lambda: len(journey.singles(ann)) == 2)
    yaras = journey.singles(ann)[1]
    assert labels(yaras) == ["Not Yara?"]
    (open_menu,) = await journey.after_pressing(ann, yaras, "Not Yara?")
    await journey.settle()  # the bot has recorded it (after sending it)
    await _workers_stopped(journey)
    (choose,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Merge")
    await journey.confirm_merge(ann, choose, "Yara")
    # The menu opened on Yara's photo named Yara: the merge closes it, naming both.
    await journey.until(lambda: not labels(journey.now(open_menu)))
    assert journey.now(open_menu)["text"] == (
        "Closed: Yara was merged into Alice. Press “Not Alice?” again to correct this."
    )
    assert labels(journey.now(yaras)) == ["Not Yara?"]  # nothing edited yet
    await _redis_lost(journey, f"show_copies:{ann['id']}")
    assert labels(journey.now(yaras)) == ["Not Alice?"]
    assert "Yara" not in journey.now(yaras)["caption"]

    # The merge undone from /history, as the version before queued a merge's edits: only
    # a `recaption_copies` job in Redis (no rows owed). The workers of this version take it
    # and the copy names Yara again.
    await _workers_stopped(journey)
    history = await journey.reply_to(ann, "/history")
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
    for _ in range(100):  # the undo's edits owed (this version's way), then taken away
        if await StaleCopy.exists():
            break
        await asyncio.sleep(0.1)
    await StaleCopy.all().delete()
    await journey.redis.flushall()
    merge = (  # its faces are those its undo moved back
        await AssignmentEvent.filter(operation=AssignmentOperation.MERGE)
        .order_by("-created_at")
        .first()
    )
    assert merge is not None
    await ArqRedis(connection_pool=journey.redis.connection_pool).enqueue_job(
        recaption_copies.__name__, str(merge.id)
    )
    await journey.shutdown()
    await journey.start()
    await journey.until(lambda: labels(journey.now(yaras)) == ["Not Yara?"])


async def test_audit_after_an_undo_and_a_parent_in_no_group_after_unban(
    journey: Journey,
) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])

    # Stricter twice; /audit offers only the latest change's Undo.
    card = await settings_card(journey, poster, office)
    for label in ("Stricter (1 of 3)", "Stricter (2 of 3)"):
        await journey.press(poster, journey.now(card), label)
    sent = await journey.says(poster, "/audit", office["id"])
    (audit,) = await journey.replies(office["id"], sent)
    assert labels(audit) == ["↩️ Undo 1"]
    assert "it has changed since" in audit["text"]
    # Undone: strictness is where the first change left it, and that line's Undo is
    # offered again (it read "can't be undone any more: it has changed since").
    assert (await journey.press(poster, audit, "↩️ Undo 1"))["text"] == "Undone."
    await journey.until(lambda: labels(journey.now(audit)) == ["↩️ Undo 2"])
    assert "it has changed since" not in journey.now(audit)["text"]
    assert (await journey.press(poster, journey.now(audit), "↩️ Undo 2"))["text"] == "Undone."
    undid = (
        "↩️ Class 1A: Poster undid “Poster changed a setting: strictness calibrated (0 of 3) "
        "→ stricter, 1 of 3”."
    )
    await journey.until(lambda: journey.world.transcript(office["id"])[-1].get("text") == undid)
    assert (await Group.get(chat_id=group["id"])).strictness == 0

    # Banned, then unbanned: Ann is in no group until she joins again, and her lists say so.
    assert (await _says_in(journey, office, poster, "/ban @ann")).startswith("Class 1A: Ann")
    assert "no longer banned" in await _says_in(journey, office, poster, "/unban @ann")
    listing = await journey.reply_to(ann, "/persons")
    assert listing["text"].startswith(f"Your people:\n• Alice: {NO_GROUP}, "), listing["text"]
    card = await journey.card(ann, "Alice")
    assert card["caption"].startswith(f"Alice · {NO_GROUP}\n"), card["caption"]
    assert "Groups: none" in card["caption"]
