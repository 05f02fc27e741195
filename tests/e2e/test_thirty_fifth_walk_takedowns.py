"""Issue 32, session 35 (walk34 findings 2 and 5): what /audit, /history and the parents
read after an organizer's /takedown.

- A "That isn't Alice" correction taught me its face is not Alice's; a takedown deletes the
  face, and what it taught goes with it. /audit still said "(and I remember it isn't that
  child)" of it, fresh and in an /audit shown before: no line says I remember a face that
  is gone, in /audit or /history, fresh or redrawn, nor in the "That isn't Alice" message
  ("I'll remember this face isn't Alice…").
- The parents' notice of a takedown ("…took down a photo posted there on …, so I deleted
  your copy of it.") writes its time in the group's zone, as /history and the admin chat's
  report do (kept since session 37: a later /timezone redraws it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.e2e.conftest import CAST, Collages, Journey
from tests.e2e.organizers import bound_admin_chat, take_down
from tests.e2e.test_admin_chat import audit_of
from tests.e2e.test_corrections import _in_hebrew, _not_alice
from tests.e2e.test_eleventh_walk_guardians import text_of
from tests.e2e.test_thirty_fourth_walk_zones import _timezone_jerusalem

X, NOBODY = CAST["angelina"], CAST["strangers"]
REMEMBERED = "(and I remember it isn't Alice's)"
AUDIT_REMEMBERED = "(and I remember it isn't that child)"
NOT_ALICE_TAKEN_DOWN = (
    "OK, that isn't Alice. The organizers of Class 1A took this photo down since, and I "
    "deleted its faces, so I no longer remember this one."
)
GONE_FACES = "That can't be undone: the faces it concerned were deleted."


def _untagged(text: str) -> list[str]:
    return [line for line in text.splitlines() if "untagged 1 face on a photo" in line]


def _unmatched(text: str) -> list[str]:
    return [line for line in text.splitlines() if "unmatched 1 face: Alice" in line]


async def test_after_a_takedown_no_line_says_i_remember_its_deleted_face(
    journey: Journey, collages: Collages
) -> None:
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    office = await bound_admin_chat(journey, group, [poster])
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)
    choices = await _not_alice(journey, ann, copy)
    assert (await journey.press(ann, choices, "That isn't Alice"))["text"] == "Done."
    await journey.settle()
    assert "I'll remember this face isn't Alice" in text_of(journey, choices)

    anns = await journey.reply_to(ann, "/history")
    carls = await journey.reply_to(carl, "/history")
    for shown in (anns, carls):
        (line,) = _unmatched(shown["text"])
        assert line.endswith(REMEMBERED), line
    audit = await audit_of(journey, poster, office)
    (line,) = _untagged(audit["text"])
    assert line.endswith(AUDIT_REMEMBERED), line

    await take_down(journey, group, office, poster, posted)

    # The /audit shown before is redrawn: its line no longer promises the face.
    await journey.until(_without(journey, audit, "I remember"))
    (line,) = _untagged(text_of(journey, audit))
    assert "remember" not in line, line
    # A fresh /audit says the same.
    fresh = await audit_of(journey, poster, office)
    (line,) = _untagged(fresh["text"])
    assert "remember" not in line, line

    # Ann's "That isn't Alice" says what became of it, no longer "I'll remember…".
    await journey.until(_without(journey, choices, "I'll remember"))
    assert text_of(journey, choices) == NOT_ALICE_TAKEN_DOWN

    # Each guardian's /history shown before, and a fresh one: no "(and I remember…)".
    for user, shown in ((ann, anns), (carl, carls)):
        await journey.until(_without(journey, shown, REMEMBERED))
        (line,) = _unmatched(text_of(journey, shown))
        assert line.endswith("unmatched 1 face: Alice"), line
        fresh = await journey.reply_to(user, "/history")
        (line,) = _unmatched(fresh["text"])
        assert line.endswith("unmatched 1 face: Alice"), line
        assert GONE_FACES in fresh["text"]


def _without(journey: Journey, message: dict[str, Any], words: str) -> Callable[[], bool]:
    """Whether the message no longer says ``words`` (redrawn)."""
    return lambda: words not in text_of(journey, message)


def _posted_at(text: str, before: str, after: str) -> str:
    """The post's time as a message writes it, between ``before`` and ``after``."""
    return text.split(before, 1)[1].split(after, 1)[0].strip()


async def _told(journey: Journey, user: dict[str, Any], start: str) -> str:
    told = [
        m["text"]
        for m in journey.world.transcript(user["id"])
        if m["from"]["is_bot"] and str(m.get("text", "")).startswith(start)
    ]
    assert len(told) == 1, told
    return str(told[0])


async def test_a_takedown_notice_says_when_it_was_posted_in_the_groups_zone(
    journey: Journey, collages: Collages
) -> None:
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    await _in_hebrew(journey, ann)
    office = await bound_admin_chat(journey, group, [poster])
    await _timezone_jerusalem(journey, poster, office)
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == len(journey.photos_for(carl)) == 1

    report = await take_down(journey, group, office, poster, posted)
    reported = _posted_at(report, "posted ", ".")
    assert reported.endswith(" Jerusalem"), report

    told = await _told(journey, carl, "The organizers of Class 1A took down a photo")
    assert _posted_at(told, "posted there on ", ", so I deleted") == reported, told
    # Ann reads it in Hebrew, at the same time, in Jerusalem's (ירושלים) zone.
    hebrew = await _told(journey, ann, "המארגנים של")
    assert "UTC" not in hebrew and "ירושלים" in hebrew, hebrew
    assert reported.removesuffix(" Jerusalem").split()[-1] in hebrew, (hebrew, reported)
