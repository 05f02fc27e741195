"""Helpers for the organizers' tests: an admin chat bound to a group.

``bound_admin_chat`` binds it straight in Postgres, for the tests of what happens in an
admin chat; the /admin link flow that binds it as a user would has its own tests.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from domain.groups import texts
from domain.infra.models import Group
from domain.infra.stores.moderation_approvals import TortoiseApprovalStore
from domain.infra.stores.moderation_bans import TortoiseBanStore
from domain.infra.stores.moderation_pause import TortoisePauseStore
from domain.infra.stores.moderation_settings import TortoiseGroupSettingsStore
from domain.infra.stores.moderation_undo import TortoiseUndoStore
from domain.moderation import texts as moderation_texts
from domain.moderation.bans import Bans
from domain.moderation.pause import Pauses
from domain.moderation.settings import GroupSettings
from domain.moderation.undo import Undo
from tests.e2e.conftest import Journey


async def bound_admin_chat(
    journey: Journey,
    group: dict[str, Any],
    organizers: Sequence[dict[str, Any]],
    title: str = "Class 1A office",
) -> dict[str, Any]:
    """A chat with the bot and ``organizers`` (the first creates it), bound as the admin
    chat of ``group``. Make the organizers admins of ``group`` yourself where needed
    (``journey.world.set_member_status(group["id"], user["id"], "administrator")``)."""
    chat = journey.world.create_group(
        title, creator_id=organizers[0]["id"], member_ids=[o["id"] for o in organizers[1:]]
    )
    await journey.world.set_bot_status(chat["id"], "member")
    await journey.settle()
    await Group.filter(chat_id=group["id"]).update(admin_chat_id=chat["id"])
    return chat


def post_link(group: dict[str, Any], message: dict[str, Any]) -> str:
    """The t.me link of a post in a supergroup, as an organizer copies it for /takedown."""
    return f"https://t.me/c/{str(group['id'])[4:]}/{message['message_id']}"


async def take_down(
    journey: Journey,
    group: dict[str, Any],
    office: dict[str, Any],
    organizer: dict[str, Any],
    posted: dict[str, Any],
) -> str:
    """Take the post down from the admin chat with its link; the report, once done."""
    command = await journey.world.user_sends_text(
        office["id"], organizer["id"], f"/takedown {post_link(group, posted)}"
    )
    (card,) = await journey.replies(office["id"], command)
    await journey.press(organizer, card, moderation_texts.takedown_go())
    await journey.settle()
    await journey.until(lambda: journey.now(card)["text"].startswith("Taken down"))
    return str(journey.now(card)["text"])


async def taken_down_from_the_admin_chat(
    journey: Journey, photo: bytes
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Class 1A with Alice and its admin chat; ``photo`` (of Alice) posted, sent to Ann, and
    taken down from the admin chat with its link, the takedown done. Returns (ann, poster,
    office, the post, the confirmation)."""
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    (posted,) = await journey.post(group, poster, photo)
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1
    link = post_link(group, posted)
    command = await journey.world.user_sends_text(office["id"], poster["id"], f"/takedown {link}")
    (question,) = await journey.replies(office["id"], command)
    await journey.press(poster, question, "Take it down")
    await journey.settle()
    assert journey.photos_for(ann) == []
    return ann, poster, office, posted, question


def audit_undo() -> Undo:
    """/audit's Undo as the composition root builds it (``build_services``), on the
    journey's database: for the tests that undo an event straight, without its button."""
    return Undo(
        TortoiseUndoStore(),
        Bans(TortoiseBanStore()),
        Pauses(TortoisePauseStore()),
        GroupSettings(TortoiseGroupSettingsStore()),
        TortoiseApprovalStore(),
    )


LINK = re.compile(r"https://t\.me/facedrop_test_bot\?startgroup=([A-Za-z0-9_-]{1,64})")


def link_of(message: dict[str, Any]) -> str:
    url: str = message["reply_markup"]["inline_keyboard"][0][0]["url"]
    assert LINK.fullmatch(url), url
    return url


async def admin_link(journey: Journey, group: dict[str, Any], admin: dict[str, Any]) -> str:
    sent = await journey.says(admin, "/admin", group["id"])
    (answer,) = await journey.replies(group["id"], sent)
    return link_of(answer)


async def open_link(
    journey: Journey, user: dict[str, Any], url: str, chat: dict[str, Any]
) -> dict[str, Any]:
    """Open the link in ``chat``; the bot's answer to the ``/start`` there (its welcome as
    a photo group, sent when it joined, may come after the ``/start``: it is not the answer)."""
    start = await journey.script.open_startgroup(user, url, chat)
    await journey.replies(chat["id"], start)
    await journey.settle()
    (answer,) = [
        m
        for m in journey.world.transcript(chat["id"], after_id=start["message_id"])
        if m["from"]["is_bot"] and not is_welcome(m)
    ]
    return answer


def is_welcome(message: dict[str, Any]) -> bool:
    return (
        "?start=" in str(message.get("reply_markup")) or message.get("text") == texts.needs_admin()
    )


async def takedown_asked_in_group(
    journey: Journey, group: dict[str, Any], organizer: dict[str, Any], posted: dict[str, Any]
) -> dict[str, Any]:
    """``organizer`` replies /takedown to ``posted`` in ``group``; the bot's answer there
    (its question "Take this photo down?", nothing pressed, or why not)."""
    command = await journey.world.user_sends_text(
        group["id"], organizer["id"], "/takedown", reply_to_message_id=posted["message_id"]
    )
    (question,) = await journey.replies(group["id"], command)
    return question
