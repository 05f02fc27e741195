"""An album's photo removed from a guardian's photos, or taken down (issue 32): /export says
which copy she removed (findings18 12), and the album's "Not Alice? (photo n)" message,
once Telegram no longer lets the bot delete it, says what became of its photos instead
of "tap its button" with no button left (findings18 19); nor does /forget leave it
saying so (findings20 6)."""

from __future__ import annotations

from domain.settings import DeliverySettings
from tests.e2e.conftest import Collages, JourneyFactory, labels
from tests.e2e.organizers import bound_admin_chat, take_down
from tests.e2e.steps import forget_everything, read_export
from tests.e2e.test_bursts import albums_and_answers, burst
from tests.e2e.test_eleventh_walk_history import PAST_DELETING_S
from tests.e2e.test_group_settings import in_mode, settings_card


async def test_export_says_which_album_photo_she_removed(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """Ann removes photo 2 of an album ("Remove this photo only"): her /export lists that
    copy as removed by a correction, and photo 1 as sent (findings18 12)."""
    async with journey_factory(delivery=DeliverySettings(album_window_s=2)) as journey:
        ann, poster, group = await journey.class_with_alice()
        await in_mode(journey, poster, group, "Albums")
        posted = await journey.post(group, poster, *burst(collages)[:2])
        await journey.settle()
        ((album, (note,)),) = albums_and_answers(journey, ann)
        (choices,) = await journey.after_pressing(ann, note, "Not Alice? (photo 2)")
        assert (await journey.press(ann, choices, "Remove this photo only"))["text"] == "Done."
        assert journey.now(album[1]).get("_deleted") is True
        await journey.settle()

        # The export names each copy by its post in the group.
        copies = (await read_export(journey, ann))["photos_sent_to_you"]
        status = {copy["message_id"]: copy["status"] for copy in copies}
        assert status == {
            posted[0]["message_id"]: "sent",
            posted[1]["message_id"]: "removed_by_a_correction",
        }, copies


async def test_an_old_album_note_says_its_photo_was_taken_down(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """Ann removed photo 2 of an album; more than 48 hours later photo 1 is taken down. The
    note under the album can no longer be deleted: it says the organizers took a photo of
    it down and that nothing is left to correct, with no button (findings18 19: "1 photo
    from Class 1A above. If it isn't who I said, tap its button." and no button)."""
    async with journey_factory(delivery=DeliverySettings(album_window_s=2)) as journey:
        ann, poster, group = await journey.class_with_alice()
        office = await bound_admin_chat(journey, group, [poster])
        await journey.press(poster, await settings_card(journey, poster, office), "Albums")
        posted = await journey.post(group, poster, *burst(collages)[:2])
        await journey.settle()
        ((album, (note,)),) = albums_and_answers(journey, ann)
        (choices,) = await journey.after_pressing(ann, note, "Not Alice? (photo 2)")
        await journey.press(ann, choices, "Remove this photo only")
        await journey.settle()
        assert journey.now(note)["text"].startswith("1 photo from Class 1A above.")
        assert labels(journey.now(note)) == ["Not Alice? (photo 1)"]

        journey.world.clock.advance(PAST_DELETING_S)  # Telegram refuses to delete them now
        await take_down(journey, group, office, poster, posted[0])
        now = journey.now(note)
        assert now.get("_deleted") is not True
        assert now["text"] == (
            "The organizers of Class 1A took down 1 photo of this album. Nothing here is left "
            "to correct."
        ), now["text"]
        assert labels(now) == []
        assert journey.now(album[0]).get("_deleted") is not True  # blanked, as a takedown does


async def test_an_old_album_note_is_emptied_at_forget(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """findings20 6: more than 48 hours after an album, /forget took the note's buttons off
    and left "2 photos from Class 1A above. If one of them isn't who I said, tap its
    button."; it now says it was deleted with everything else."""
    async with journey_factory(delivery=DeliverySettings(album_window_s=2)) as journey:
        ann, poster, group = await journey.class_with_alice()
        await in_mode(journey, poster, group, "Albums")
        await journey.post(group, poster, *burst(collages)[:2])
        await journey.settle()
        ((_album, (note,)),) = albums_and_answers(journey, ann)
        assert "tap its button" in note["text"]
        journey.world.clock.advance(PAST_DELETING_S)
        await forget_everything(journey, ann)
        old = journey.now(note)
        assert not old.get("_deleted")
        assert old["text"] == "This was deleted with everything else I had about you."
        assert labels(old) == []
