"""What a takedown says of a copy it never sent (issue 32, findings22 4): a copy taken down
while it waited for the daily digest was never sent, so the parent's /export does not list it
among the photos sent to them."""

from __future__ import annotations

import json
from typing import Any

from domain.infra.models import Group
from domain.states import DeliveryMode
from tests.e2e.conftest import CAST, Collages, Journey
from tests.e2e.organizers import bound_admin_chat, take_down

X = CAST["angelina"]


async def _export(journey: Journey, user: dict[str, Any]) -> dict[str, Any]:
    sent = await journey.says(user, "/export")
    (reply,) = await journey.replies(user["id"], sent)
    data: dict[str, Any] = json.loads(journey.world.file_bytes(reply["document"]["file_id"]).data)
    return data


async def test_a_copy_taken_down_before_the_digest_is_not_exported_as_sent(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    await Group.filter(chat_id=group["id"]).update(delivery_mode=DeliveryMode.DIGEST)
    (held,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    assert journey.photos_for(ann) == []  # waiting for the digest

    report = await take_down(journey, group, office, poster, held)
    assert "Copies deleted from guardians' chats: 0." in report, report
    assert journey.photos_for(ann) == []
    assert (await _export(journey, ann))["photos_sent_to_you"] == []
