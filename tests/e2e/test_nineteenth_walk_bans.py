"""findings19 item 8: a question closed by /ban ("This question no longer applies: the
organizers ... turned off my service for you") stayed "waiting for your answer" in the
parent's /export (with its face crop) and counted in /stats' "Questions waiting for an
answer", and after /unban and her return through the link it was never asked again. Now
/export and /stats count only what a member of the group can answer, and a parent back in
the group is asked again the open questions her chat no longer holds. walken4 8-9: the closed
question says it in the past at the unban, and leaving the group closes her questions as the
ban does, said in the past at her return (and asked again)."""

from __future__ import annotations

from typing import Any

import pytest

from domain.onboarding import service as onboarding_service
from domain.settings import MatchingSettings
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import read_export
from tests.e2e.test_bans_and_pause import _says_in
from tests.e2e.test_stats import _number

X, NOBODY = CAST["angelina"], CAST["strangers"]
CROPS = "face_crops_waiting_for_your_answer"
WAITING = "Questions waiting for an answer"


async def _stats(journey: Journey, office: dict[str, Any], poster: dict[str, Any]) -> str:
    sent = await journey.says(poster, "/stats", office["id"])
    (reply,) = await journey.replies(office["id"], sent)
    return str(reply["caption"])


async def test_a_question_closed_by_a_ban_waits_for_no_one_and_is_asked_again_on_return(
    journey_factory: JourneyFactory, collages: Collages, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Thresholds so high that every true match lands in the suggestion band: a question.
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, poster, group = await journey.class_with_alice()
        payload = journey.group_payload(group)
        office = await bound_admin_chat(journey, group, [poster])
        await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        await journey.settle()
        (question,) = journey.suggestions(ann)
        assert question["caption"] == "Is this Alice? (a photo in Class 1A)"
        assert len((await read_export(journey, ann))[CROPS]) == 1
        assert _number(await _stats(journey, office, poster), WAITING) == "1"

        assert (await _says_in(journey, office, poster, "/ban @ann")).startswith(
            "Class 1A: Ann (@ann) is banned."
        )
        assert journey.now(question)["caption"].startswith("This question no longer applies")
        # Nobody in the group can answer it now: it waits for no one's answer.
        assert (await read_export(journey, ann))[CROPS] == []
        assert _number(await _stats(journey, office, poster), WAITING) == "0"

        (notice,) = [
            m
            for m in journey.world.transcript(ann["id"])
            if "turned off my service for you in this group" in m.get("text", "")
        ]  # (her "You're in Class 1A…" says it too, issue 32: "… for you there")
        assert "no longer banned" in await _says_in(journey, office, poster, "/unban @ann")
        # Her "…turned off my service for you… Your people stay" says it is back on (walken3
        # 4).
        assert journey.now(notice)["text"] == (
            "The organizers of Class 1A had turned off my service for you in this group; they "
            "have since turned it back on."
        )
        # So does the question it closed (walken4 8), asked again below once she is back.
        assert journey.now(question)["caption"] == (
            "This question was closed when the organizers of Class 1A turned off my service "
            "for you; they have since turned it back on."
        )
        await journey.join(ann, payload)
        await journey.settle()
        # Back in the group, she is asked again (the face is still nobody's), and her Yes
        # delivers the photo.
        asked = journey.suggestions(ann)
        assert [m["caption"] for m in asked] == ["Is this Alice? (a photo in Class 1A)"]
        assert asked[0]["message_id"] > question["message_id"]
        assert len((await read_export(journey, ann))[CROPS]) == 1
        assert _number(await _stats(journey, office, poster), WAITING) == "1"

        # Leaving the group closes it as the ban did (walken4 9), and her return says so in
        # the past and asks it again.
        await journey.world.set_member_status(group["id"], ann["id"], "left")
        await journey.settle()
        assert journey.now(asked[0])["caption"] == (
            "This question no longer applies: you're no longer in Class 1A, so I don't send "
            "you its photos and clips."
        )
        assert "reply_markup" not in journey.now(asked[0])
        # Back while the terms changed: both wait for her to agree to them again (fixw), and
        # come with her "I agree" (before, they never came).
        monkeypatch.setattr(onboarding_service, "TERMS_VERSION", "2099-01")
        await journey.world.set_member_status(group["id"], ann["id"], "member")
        opened = await journey.world.open_start_link(ann["id"], payload)
        (consent,) = await journey.replies(ann["id"], opened)
        assert "Do you agree?" in consent["text"]
        await journey.settle()
        assert journey.now(asked[0])["caption"].startswith("This question no longer applies")
        assert journey.suggestions(ann) == []  # not asked again yet
        *_, gone = [
            m
            for m in journey.world.transcript(ann["id"])
            if m.get("text", "").startswith("You're no longer in Class 1A")
        ]
        await journey.press(ann, consent, "I agree")
        await journey.settle()
        assert journey.now(asked[0])["caption"] == (
            "This question was closed when you left Class 1A; you're back in it since."
        )
        assert journey.now(gone)["text"] == (
            "You had left Class 1A; since then you came back and opened my link there again."
        )
        again = journey.suggestions(ann)
        assert [m["caption"] for m in again] == ["Is this Alice? (a photo in Class 1A)"]
        assert again[0]["message_id"] > asked[0]["message_id"]
        await journey.press(ann, again[0], "Yes")
        await journey.settle()
        assert len(journey.photos_for(ann)) == 1
