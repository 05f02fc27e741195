"""Every button kind, forged: callback data is user input (issue 33's attack: a settings
button ending in "²" reached int("²")). Two ways, both pressed by the chat's own user (a
parent in her private chat, an organizer in the admin chat), each answered, never with an
unhandled error:

- every real button the bot showed in a journey (person card, settings, languages, the
  group's settings card, a time zone, the audit), with one field at a time replaced by
  what a tampered client sends;
- every kind of button (each ``CallbackData`` in ``domain.infra.telegram.callbacks``,
  found at run time so a new kind is covered the day it is added), with seeded random
  data of its shape."""

from __future__ import annotations

import random
from typing import Any
from uuid import uuid4

from aiogram.filters.callback_data import CallbackData

from domain.infra.telegram import callbacks
from domain.infra.telegram.callbacks import short
from domain.languages import texts
from tests.e2e.conftest import Journey
from tests.e2e.organizers import bound_admin_chat

# What a tampered client puts in a field: nothing, digits that are not ASCII ("²" is a digit
# to str.isdigit and not to int()), signs, ids of nothing, markup, invisible characters.
NASTY = ("", "²", "٣٠", "-1", "0", "1", "99999999999", "x" * 20, "../..", "<b>", "\u200b", "true")
PER_KIND = 5


def kinds() -> list[type[CallbackData]]:
    found = [
        value
        for value in vars(callbacks).values()
        if isinstance(value, type) and issubclass(value, CallbackData) and value is not CallbackData
    ]
    assert len(found) >= 25, found  # the module still holds every button kind
    return sorted(found, key=lambda kind: kind.__prefix__)


def buttons_of(messages: list[dict[str, Any]]) -> list[str]:
    """The callback data of the inline buttons in ``messages``, at most 8 of each kind."""
    seen: dict[str, list[str]] = {}
    for message in messages:
        for row in message.get("reply_markup", {}).get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data:
                    kind = seen.setdefault(data.split(":", 1)[0], [])
                    if data not in kind and len(kind) < 8:
                        kind.append(data)
    return [data for kind in seen.values() for data in kind]


def mutations(data: str) -> list[str]:
    """``data`` with one field (after the prefix) replaced by each of ``NASTY``."""
    prefix, *fields = data.split(":")
    made = []
    for i in range(len(fields)):
        for value in NASTY:
            mutated = ":".join([prefix, *fields[:i], value, *fields[i + 1 :]])
            if mutated != data and len(mutated.encode()) <= 64:
                made.append(mutated)
    return made


def forgeries(kind: type[CallbackData], rng: random.Random) -> list[str]:
    """Data of ``kind``'s shape: once with every field an id of nothing (the shape a real
    button has), then with fields drawn from ``NASTY``; at most 64 bytes, as Telegram keeps."""
    fields = list(kind.model_fields)
    made = [":".join([kind.__prefix__, *(short(uuid4()) for _ in fields)])]
    while len(made) < PER_KIND:
        made.append(":".join([kind.__prefix__, *(rng.choice(NASTY) for _ in fields)]))
    return [data for data in made if len(data.encode()) <= 64]


async def test_every_kind_of_button_forged_is_refused_without_an_error(journey: Journey) -> None:
    ann, poster, group = await journey.class_with_alice()
    await journey.world.set_member_status(group["id"], poster["id"], "administrator")
    office = await bound_admin_chat(journey, group, [poster])
    await journey.card(ann, "Alice")
    # Her guardians list, and the owner's "Leave Alice?" (Carl would own Alice) it asks.
    await journey.co_guardian(ann, "Alice", journey.user("Carl"))
    (listed,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    await journey.after_pressing(ann, listed, "Stop getting Alice's photos and clips")
    for command in ("/settings", "/language", "/persons"):
        await journey.reply_to(ann, command)
    for command in ("/settings", "/timezone Berlin", "/pause", "/audit", "/help"):
        sent = await journey.says(poster, command, office["id"])
        await journey.replies(office["id"], sent)
    private_buttons = buttons_of(journey.world.transcript(ann["id"]))
    office_buttons = buttons_of(journey.world.transcript(office["id"]))
    assert len(private_buttons) >= 8 and len(office_buttons) >= 9, (
        private_buttons,
        office_buttons,
    )

    rng = random.Random(33)
    presses = [(ann, ann["id"], d) for real in private_buttons for d in mutations(real)]
    presses += [(poster, office["id"], d) for real in office_buttons for d in mutations(real)]
    for kind in kinds():
        for data in forgeries(kind, rng):
            presses += [(ann, ann["id"], data), (poster, office["id"], data)]
    failed: list[tuple[str, Any]] = []
    for user, chat_id, data in presses:
        # Pressed on the bot's newest message there (a press may have deleted the last one).
        on = [m for m in journey.world.transcript(chat_id) if m["from"]["is_bot"]][-1]
        answer = await journey.world.press_button(
            user["id"], chat_id, on["message_id"], data, wait=15
        )
        if not answer["answered"] or answer.get("text") == texts.something_went_wrong():
            failed.append((data, answer))
    assert len(presses) > 400
    assert failed == []
