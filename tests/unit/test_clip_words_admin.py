"""What the organizers and a guardian's sheet of questions read of a clip says "clip"
(issue 35): the takedown's question and report, the /audit lines, the sheet of questions
and its answer, a "Not Alice?" whose face is gone; a photo's words are as they were."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.corrections import texts as corrections_texts
from domain.languages.catalogs import in_language
from domain.moderation import texts
from domain.states import MediaKind

POSTED = datetime(2026, 11, 12, 9, 30, tzinfo=UTC)


def test_a_clips_takedown_is_asked_and_reported_as_a_clip() -> None:
    asked = texts.takedown_ask("Class 1A", POSTED, None, clip=True)
    assert asked.startswith("Take down a clip from <b>Class 1A</b>?"), asked
    assert texts.takedown_ask_in_group(clip=True).startswith("Take this clip down?")
    assert texts.takedown_ask_in_group_any_admin(clip=True).startswith("Take this clip down?")
    assert "only this clip of the album goes" in texts.takedown_only_this_of_album(clip=True)
    assert texts.takedown_taking("Class 1A", clip=True).startswith("Taking down the clip from")
    assert texts.takedown_taken("Class 1A", clip=True) == "Took the clip down from <b>Class 1A</b>."
    assert texts.takedown_already("Class 1A", "Olga", clip=True).startswith("That clip from")
    report = texts.taken_down("Class 1A", POSTED, 2, [], False, clip=True)
    assert report.startswith("Taken down: the clip from <b>Class 1A</b> posted"), report
    assert "I couldn't delete the clip in the group itself" in report
    again = texts.taken_down("Class 1A", POSTED, 0, [], True, copies=[POSTED], clip=True)
    assert "with 1 other post of the same clip there" in again, again
    assert texts.taken_down_in_group(False, clip=True).startswith(
        "Taken down. I couldn't delete the clip here"
    )
    assert texts.taken_down_posted_again("Class 1A", POSTED, True, None, clip=True).startswith(
        "A clip taken down from"
    )
    # A photo's are as they were.
    assert texts.takedown_ask_in_group().startswith("Take this photo down?")
    assert texts.taken_down("Class 1A", POSTED, 0, [], None).startswith("Taken down: the photo")


def test_audit_says_clip_of_a_clips_takedown_and_of_corrections_on_clips() -> None:
    clip = {"photo": "p", "posted_at": POSTED.isoformat(), "media_kind": MediaKind.VIDEO_NOTE}
    line = texts.audit_moderation_line("Olga", "taken_down", "", clip, undone=False)
    assert line.startswith("<b>Olga</b> took down the clip posted"), line
    assert texts.cannot_undo("taken_down", clip) == (
        "A takedown can't be undone: the clip and its copies are deleted."
    )
    # Recorded before the media kind was kept: a photo, as it was.
    old = {"photo": "p", "posted_at": POSTED.isoformat()}
    assert "took down the photo posted" in texts.audit_moderation_line(
        "Olga", "taken_down", "", old, undone=False
    )
    assert texts.cannot_undo("taken_down", old).endswith("the photo and its copies are deleted.")
    one = texts.audit_correction_line("Ann", "move", 2, [POSTED], clips=1)
    assert one == "<b>Ann</b> corrected 2 faces on a clip of Nov 12", one
    mixed = texts.audit_correction_line("Ann", "assign", 1, [POSTED, POSTED, POSTED], clips=1)
    assert mixed == "<b>Ann</b> tagged 1 face on 2 photos and 1 clip", mixed
    assert texts.audit_correction_line("Ann", "assign", 3, [POSTED, POSTED]).endswith(
        "tagged 3 faces on 2 photos"
    )
    with in_language("ru"):
        ru = texts.audit_correction_line("Ann", "assign", 5, [POSTED, POSTED], clips=2)
        assert ru.endswith("5 лиц на 2 видео"), ru
    with in_language("es"):
        es = texts.audit_correction_line("Ann", "assign", 1, [POSTED], clips=1)
        assert es.endswith("etiquetó 1 cara en un vídeo del 12 nov"), es


def test_a_sheet_of_questions_names_its_clips() -> None:
    sheet = corrections_texts.questions_sheet
    assert sheet("Alice", "1A", 3, clips=1) == (
        "Are these 3 faces <b>Alice</b>? (photos and clips in 1A, numbered)"
    )
    assert (
        sheet("Alice", "1A", 2, clips=2)
        == "Are these 2 faces <b>Alice</b>? (clips in 1A, numbered)"
    )
    # One face left is no sheet: it is asked as its own question, a clip's with its times.
    one_face = corrections_texts.clip_question("Alice", "1A", (12.0, 40.0))
    assert one_face == "Is this <b>Alice</b>? (from 0:12 to 0:40 in the clip posted in 1A)"
    assert sheet("Alice", "1A", 3) == "Are these 3 faces <b>Alice</b>? (photos in 1A, numbered)"
    answered = corrections_texts.questions_sheet_answered("Alice", "sent", 3, 3, 0, clips=1)
    assert answered == "Thanks: 2 photos and 1 clip of <b>Alice</b>, on their way to you."
    one = corrections_texts.questions_sheet_answered("Alice", "sent", 2, 1, 0, clips=2)
    assert one == "Thanks: 2 clips of <b>Alice</b>, 1 on its way to you.", one
    with in_language("he"):
        he = corrections_texts.questions_sheet("Alice", "1A", 4, clips=4)
        assert "סרטונים" in he and "תמונות" not in he, he


def test_a_not_alice_whose_face_is_gone_says_which_it_was() -> None:
    assert "or this clip)" in corrections_texts.face_gone(clip=True)
    assert "or this photo)" in corrections_texts.face_gone()
