"""What the eleventh walk (issue 32, findings11 4, 7, 10 and 13) read untrue, walked again
as an organizer and two parents: the command menus offer, in the group and in its admin
chat, what works there (the admin chat's menu following it when it is upgraded or moved);
a change of delivery is told only to the parents who get the group's photos; an album note
left with one photo speaks of it alone; and /cancel of "Add photos or a clip" says that
nothing was added and what the person keeps."""

from __future__ import annotations

from typing import Any

from domain.moderation import texts as moderation_texts
from domain.settings import DeliverySettings
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, photo_bytes
from tests.e2e.organizers import admin_link, open_link
from tests.e2e.test_bursts import albums_and_answers, burst
from tests.e2e.test_group_settings import settings_card

X = CAST["angelina"]
ORGANIZERS = [command for command, _description in moderation_texts.ORGANIZER_COMMANDS]
IN_THE_GROUP = ["admin", "takedown", "ban", "unban", "help"]
TOLD_OF_ALBUMS = "now have me send you its photos and clips in albums"


def menu(journey: Journey, user: dict[str, Any], chat: dict[str, Any]) -> list[str]:
    """The commands the user's menu offers in the chat, as Telegram picks them."""
    return [c["command"] for c in journey.world.commands_for(user["id"], chat["id"])]


def told(journey: Journey, user: dict[str, Any], words: str) -> list[str]:
    return [
        m["text"]
        for m in journey.world.transcript(user["id"])
        if m["from"]["is_bot"] and words in m.get("text", "")
    ]


async def test_menus_notices_album_notes_and_cancel_say_what_is_true(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(delivery=DeliverySettings(album_window_s=2)) as journey:
        ann, poster, group = await journey.class_with_alice()
        # Carl is in the group with nobody of his there; Tina helps organize (she is in
        # the admin chat, not an admin of it).
        carl, tina = journey.user("Carl"), journey.user("Tina")
        await journey.world.set_member_status(group["id"], carl["id"], "member")
        await journey.join(carl, journey.group_payload(group))

        # 4. In the group, an admin's menu offers only what works there.
        assert menu(journey, poster, group) == IN_THE_GROUP
        assert menu(journey, ann, group) == ["help"]
        # Linked, the admin chat offers every member the organizers' tools.
        office = journey.world.create_group(
            "Office", type="group", creator_id=poster["id"], member_ids=[tina["id"]]
        )
        linked = await open_link(journey, poster, await admin_link(journey, group, poster), office)
        assert "now the admin chat of Class 1A" in linked["text"]
        assert menu(journey, tina, office) == ORGANIZERS
        assert menu(journey, poster, office) == ORGANIZERS
        assert menu(journey, poster, group) == IN_THE_GROUP

        # 7. Albums: Ann, who gets Alice's photos from the group, is told; Carl is not.
        seen = journey.last(ann)["message_id"]
        await journey.press(poster, await settings_card(journey, poster, office), "Albums")
        await journey.until(lambda: journey.last(ann)["message_id"] > seen)
        assert len(told(journey, ann, TOLD_OF_ALBUMS)) == 1

        # 13. An album of two photos of Alice; photo 2 taken off: the note speaks of one.
        await journey.post(group, poster, *burst(collages)[:2])
        await journey.settle()
        ((_album, (note,)),) = albums_and_answers(journey, ann)
        assert note["text"] == (
            "2 photos from Class 1A above. If one of them isn't who I said, tap its button."
        )
        (choices,) = await journey.after_pressing(ann, note, "Not Alice? (photo 2)")
        assert (await journey.press(ann, choices, "Remove this photo only"))["text"] == "Done."
        await journey.until(lambda: journey.now(note)["text"].startswith("1 photo"))
        assert journey.now(note)["text"] == (
            "1 photo from Class 1A above. If it isn't who I said, tap its button."
        )

        # 10. "Add photos or a clip", then /cancel: nothing added, Alice keeps her faces.
        listed = (await journey.reply_to(ann, "/persons"))["text"]
        await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Add photos or a clip")
        assert (await journey.reply_to(ann, "/cancel"))["text"] == (
            "Cancelled: nothing added to Alice; the faces I learned before stay."
        )
        await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Add photos or a clip")
        (sent,) = await journey.world.user_sends_photos(
            ann["id"], ann["id"], [photo_bytes(X["group"][0])]
        )
        await journey.replies(ann["id"], sent)  # its verdict
        assert (await journey.reply_to(ann, "/cancel"))["text"] == (
            "Cancelled: nothing added to Alice. I've deleted the 1 photo you sent now; the "
            "faces I learned before stay."
        )
        assert (await journey.reply_to(ann, "/persons"))["text"] == listed

        # 4. The admin chat upgraded to a supergroup: its menu follows it to its new id.
        upgraded = await journey.world.upgrade_group(office["id"])
        await journey.settle()
        await journey.until(lambda: menu(journey, tina, upgraded) == ORGANIZERS)
        # Moved to another chat, the old one's menu is a group's again.
        office2 = journey.world.create_group("Office 2", creator_id=poster["id"])
        await open_link(journey, poster, await admin_link(journey, group, poster), office2)
        assert menu(journey, poster, office2) == ORGANIZERS
        assert menu(journey, tina, upgraded) == ["help"]

        # 7. Through all of it, nothing told Carl how the group's photos come.
        assert told(journey, carl, TOLD_OF_ALBUMS) == []
