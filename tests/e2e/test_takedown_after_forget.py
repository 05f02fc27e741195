"""What a takedown says of copies it cannot reach or never sent (issue 32, findings22 6
and 4). A guardian's /forget deletes their deliveries, so a later takedown no longer knows
where their copy is: it stays in their chat. The /forget question says so before they
agree, and the organizers' report and /audit count that copy as out of reach instead of
reading as complete. A copy taken down while it waited for the daily digest was never
sent: the parent's /export does not list it among the photos sent to them."""

from __future__ import annotations

from domain.infra.models import Group
from domain.states import DeliveryMode
from tests.e2e.conftest import CAST, Collages, Journey
from tests.e2e.organizers import bound_admin_chat, take_down
from tests.e2e.steps import read_export
from tests.e2e.test_admin_chat import audit_of

X = CAST["angelina"]
STAYS = (
    "The photos and clips I sent you stay in this chat: I can no longer delete them after "
    "this, even if the organizers take one down."
)
UNREACHABLE = (
    "Copies I can no longer reach: 1 (sent to guardians who have since deleted their data "
    "with /forget: I no longer know their chats, so those copies stay there)."
)


async def test_a_takedown_after_a_guardians_forget_counts_the_copy_it_cannot_reach(
    journey: Journey, collages: Collages
) -> None:
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    office = await bound_admin_chat(journey, group, [poster])
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (anns,), (carls,) = journey.photos_for(ann), journey.photos_for(carl)

    # Carl reads, before he agrees, that the copies he has stay out of the bot's reach.
    question = await journey.reply_to(carl, "/forget")
    assert STAYS in question["text"], question["text"]
    (done,) = await journey.after_pressing(carl, question, "Yes, delete everything")
    assert done["text"].startswith("Everything I had about you is deleted")
    await journey.settle()

    report = await take_down(journey, group, office, poster, posted)
    assert journey.now(anns).get("_deleted") is True
    assert journey.now(carls).get("_deleted") is not True  # out of reach: it stays
    assert "Copies deleted from guardians' chats: 1." in report, report
    assert UNREACHABLE in report, report

    # /audit says the same: not that every copy is deleted.
    audit = (await audit_of(journey, poster, office))["text"]
    assert (
        "1 copy sent to a guardian who has since deleted their data with /forget stays in "
        "their chat: I can no longer reach it."
    ) in audit, audit


async def test_a_takedown_with_every_copy_in_reach_says_nothing_of_forgotten_ones(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1
    report = await take_down(journey, group, office, poster, posted)
    assert "Copies deleted from guardians' chats: 1." in report, report
    assert "no longer reach" not in report, report


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
    assert (await read_export(journey, ann))["photos_sent_to_you"] == []
