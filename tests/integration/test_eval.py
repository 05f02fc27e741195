"""`facedrop eval`: the adults scenario through the real pipeline (emulator, aiogram bot, arq
worker with the model pack, embedded Postgres/Redis/Qdrant), with floors on its figures."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from cli.main import main
from tests.conftest import FACES, REPO
from tests.integration.test_cli import _env, facedrop

ADULTS = REPO / "tests" / "scenarios" / "adults"

# Measured on the adults scenario (docs/recognition.md, "Figures"): every expected photo
# arrived without a question. The floors leave a small margin for a slower machine's
# timing, none for a wrong delivery.
RECALL_FLOOR = 0.95

# The bot sends as fast as the end-to-end tests let it (tests/e2e/conftest.py's
# e2e_settings): Telegram's pacing of 1 message a second per chat, and the wait before a
# group just joined is greeted, are not what a scenario measures (its figures are the same
# either way). Paced, enrolling the children scenario's 12 children (48 photos, a birth
# date each) took 143 s of its 237, waiting.
AS_FAST_AS_E2E = {
    "FACEDROP_TELEGRAM__PER_CHAT_PER_S": "20",
    "FACEDROP_TELEGRAM__GLOBAL_PER_S": "30",
    "FACEDROP_TELEGRAM__JOINED_WAIT_S": "0",
}


def _eval(
    tmp_path: Path, *args: str, timeout: int = 280, database: str | None = None
) -> tuple[int, str, dict[str, object] | None]:
    """Run ``facedrop eval``: its exit code, output and figures. Stopped before the test's
    own time limit, so that a run that hangs fails with what it printed (where it hung).
    ``database``: a migrated one to use (the ``fresh_database`` fixture's) instead of an
    embedded Postgres the run creates and migrates (9 CPU-seconds of the run)."""
    out = tmp_path / "figures.json"
    # This checkout's code, whatever is installed.
    env = _env(tmp_path, PYTHONPATH=str(REPO), **AS_FAST_AS_E2E)
    if database is not None:
        env["FACEDROP_DATABASE_URL"] = database
    # Still running 30 s before it is stopped: where each task waits goes to its output.
    stuck = ["--stuck-after", str(timeout - 30)]
    try:
        result = facedrop("eval", *args, "--json", str(out), *stuck, env=env, timeout=timeout)
    except subprocess.TimeoutExpired as stopped:
        printed = [_text(stopped.stdout), _text(stopped.stderr)]
        return -1, f"stopped after {timeout} s:\n" + "\n".join(printed), None
    figures = json.loads(out.read_text()) if out.is_file() else None
    return result.returncode, result.stdout + result.stderr, figures


def _text(printed: str | bytes | None) -> str:
    return printed.decode(errors="replace") if isinstance(printed, bytes) else printed or ""


def test_the_adults_scenario_delivers_every_photo_to_the_right_guardian_only(
    tmp_path: Path, fresh_database: str
) -> None:
    code, output, figures = _eval(
        tmp_path, str(ADULTS), "--faces", str(FACES), database=fresh_database
    )
    assert code == 0, output
    assert figures is not None
    assert figures["expected_deliveries"] == 41
    assert figures["wrong_deliveries"] == [], output
    assert figures["precision"] == 1.0
    assert figures["faces_counted_as_the_wrong_person"] == []
    assert isinstance(figures["recall_automatic"], float)
    assert isinstance(figures["recall_after_answers"], float)
    assert figures["recall_automatic"] >= RECALL_FLOOR, output
    assert figures["recall_after_answers"] >= figures["recall_automatic"]
    assert figures["questions_about_another_familys_child"] == 0
    # Cole's second photo has several faces close to the camera: refused, his spare is sent.
    assert figures["enrollment_refused"] == [
        {
            "guardian": "Cat",
            "person": "Cole",
            "file": "serengil_deepface/tests/unit/dataset/img59.jpg",
            "reason": "several_faces",
        }
    ]
    assert figures["persons_not_enrolled"] == []
    # The strangers nobody enrolled, grouped by likeness: no cluster mixes two people.
    clusters: dict[str, Any] = figures["clusters"]  # type: ignore[assignment]
    assert clusters["clusters"] >= 2 and clusters["purity"] == 1.0
    assert clusters["completeness"] >= 0.5  # measured 0.57 (13 of 25 unknown faces clustered)
    lines = output.splitlines()
    assert any(line.startswith("facedrop eval adults: 24 posts, 8 persons") for line in lines)
    for row in ("precision", "recall, automatic", "recall, after answers", "questions asked"):
        assert any(line.strip().startswith(row) for line in lines), row
    assert any(line.split() == ["clusters:", "purity", "1.0"] for line in lines)


LATE = REPO / "tests" / "scenarios" / "late"


def test_persons_enrolled_late_get_their_earlier_photos_on_a_yes_and_no_wrong_one(
    tmp_path: Path, fresh_database: str
) -> None:
    code, output, figures = _eval(
        tmp_path, str(LATE), "--faces", str(FACES), database=fresh_database
    )
    assert code == 0, output
    assert figures is not None
    assert figures["expected_deliveries"] == 41
    assert figures["wrong_deliveries"] == [], output
    assert figures["precision"] == 1.0
    assert figures["faces_counted_as_the_wrong_person"] == []
    # Measured (docs/recognition.md): 21 photos arrive as they are posted (recall 0.51);
    # looking back shows 19 earlier ones on 6 sheets (one more alone, as a question), 17
    # arrive on "Yes, all are" (Will's guardian presses nothing), recall 0.95. Without
    # looking back it stays at 0.51.
    assert isinstance(figures["recall_automatic"], float)
    assert isinstance(figures["recall_after_answers"], float)
    assert figures["recall_automatic"] <= 0.6
    assert figures["recall_after_answers"] >= 0.9, output
    on_request, offered = figures["delivered_as_earlier_photos"], figures["earlier_photos_offered"]
    assert isinstance(on_request, int) and isinstance(offered, int)
    assert offered >= on_request >= 15
    assert figures["delivered_as_earlier_photos_wrong"] == 0
    assert any(line.strip().startswith("earlier photos offered") for line in output.splitlines())


CLAIMS = REPO / "tests" / "scenarios" / "claims"


def test_a_child_never_enrolled_is_named_by_the_organizer_and_claimed_with_its_photos(
    tmp_path: Path, fresh_database: str
) -> None:
    code, output, figures = _eval(
        tmp_path, str(CLAIMS), "--faces", str(FACES), database=fresh_database
    )
    assert code == 0, output
    assert figures is not None
    assert figures["wrong_deliveries"] == [] and figures["precision"] == 1.0, output
    assert figures["faces_counted_as_the_wrong_person"] == []
    # Through /whois: the classmate nobody's family has is skipped, Alice named; Ann says
    # yes to the faces, the teacher approves. Without naming, Ann's 7 photos all miss
    # (Alice is never enrolled): recall 4 of 11.
    assert (figures["clusters_named"], figures["clusters_skipped"]) == (1, 1), output
    assert figures["claims"] == [
        {"guardian": "Ann", "person": "Alice", "faces": 4, "answer": "yes", "approved": True}
    ]
    # Posts 0-3 arrive on the claim; 5-7 as they are posted, matched by the faces Ann
    # confirmed (Bea's 4 photos of Yara as always): every expected photo, no question.
    assert figures["delivered_on_claims"] == 4 and figures["delivered_on_claims_wrong"] == 0
    assert figures["expected_deliveries"] == 11 and figures["missed"] == [], output
    assert figures["recall_automatic"] == round(7 / 11, 4)
    assert figures["questions"] == 0
    assert any(
        line.strip().startswith("clusters named by an organizer") for line in output.split("\n")
    )


CHILDREN = REPO / "tests" / "scenarios" / "children"


def test_the_children_scenario_sends_no_photo_to_a_wrong_family(
    tmp_path: Path, fresh_database: str
) -> None:
    """Issue 17's scenario: 12 FG-NET children enrolled with close-ups (scanned prints of
    babies), two FIW sibling pairs, classmates nobody enrolled, four years of class photos.
    Floors at the figures measured (docs/recognition.md): none for a wrong delivery."""
    faces = str(FACES / "children")
    code, output, figures = _eval(
        tmp_path, str(CHILDREN), "--faces", faces, timeout=600, database=fresh_database
    )
    assert code == 0, output
    assert figures is not None
    assert figures["wrong_deliveries"] == [] and figures["precision"] == 1.0, output
    # Close-ups found, look-alike babies and blurred prints enrolled: every child is.
    assert figures["persons_not_enrolled"] == []
    # Every close-up accepted (038A00 found only on a canvas four times its size).
    assert figures["enrollment_refused"] == [], output
    # Measured 31 of 34 (0.91 after answers, 0.53 automatic); 17 questions, 4 of them
    # showing another family's child (issue 17's target is 3).
    assert isinstance(figures["recall_after_answers"], float)
    assert figures["recall_after_answers"] >= 0.9, output
    assert isinstance(figures["questions_about_another_familys_child"], int)
    assert figures["questions_about_another_familys_child"] <= 4, output


REAL_CLIPS = REPO / "tests" / "scenarios" / "real-clips"


@pytest.mark.timeout(480)  # ten clips read whole: 214 s on a loaded machine
def test_real_clips_go_only_to_the_families_whose_person_is_in_them(
    tmp_path: Path, fresh_database: str
) -> None:
    """Issue 35's real clips (``../shared/faces/videos``): TV wide shots, a hand over a face,
    a dark classroom with children, a talking head, and clips of people nobody enrolled
    (a 1080p crowd, a GIF, a small child, an MKV), posted as a phone sends them: a
    delivery or a question about any of the last four would be another family's. Measured
    9 of 12 (0.75 after answers, 0.25 automatic: the wide shots' small faces are asked
    about or left), 6 questions, none showing a face of a person absent from the clip."""
    code, output, figures = _eval(
        tmp_path, str(REAL_CLIPS), "--faces", str(FACES), timeout=420, database=fresh_database
    )
    assert code == 0, output
    assert figures is not None
    assert figures["expected_deliveries"] == 12
    assert figures["wrong_deliveries"] == [] and figures["precision"] == 1.0, output
    assert figures["questions_about_another_familys_child"] == 0, output
    assert figures["persons_not_enrolled"] == []
    # Joey alone in his clip, Phoebe in hers, AOC's talking head: sent without a question.
    assert isinstance(figures["recall_automatic"], float)
    assert figures["recall_automatic"] >= 0.25, output
    assert isinstance(figures["recall_after_answers"], float)
    assert figures["recall_after_answers"] >= 0.5, output
    # The measure: every labelled person here is on screen 2 s or more (by eye),
    # so it is owed the same 12 deliveries (9 of 12 measured with the second look).
    assert figures["expected_deliveries_on_screen_2s"] == 12
    assert figures["recall_after_answers_on_screen_2s"] == figures["recall_after_answers"]


HOLDOUT = REPO / "tests" / "scenarios" / "holdout-late"


def test_children_the_rules_were_not_tuned_on_get_no_photo_of_another_family(
    tmp_path: Path, fresh_database: str
) -> None:
    """The generator's next children (``--holdout --late``): 9 FG-NET children, two other
    FIW sibling pairs, none of them enrolled in the children scenario the thresholds were
    measured on; every second family enrolls after half the posts, so their earlier photos
    are looked for. Measured 12 of 13 (0.92 after answers), 0 wrong (1 when earlier photos
    were offered without their faces shown), 6 questions (3 showing another family's
    child)."""
    faces = str(FACES / "children")
    code, output, figures = _eval(
        tmp_path, str(HOLDOUT), "--faces", faces, timeout=600, database=fresh_database
    )
    assert code == 0, output
    assert figures is not None
    assert figures["wrong_deliveries"] == [] and figures["precision"] == 1.0, output
    assert figures["delivered_as_earlier_photos_wrong"] == 0
    assert figures["enrollment_refused"] == [] and figures["persons_not_enrolled"] == []
    assert isinstance(figures["recall_after_answers"], float)
    assert figures["recall_after_answers"] >= 0.9, output


QUESTIONS = REPO / "tests" / "scenarios" / "questions"


def test_guardians_answers_deliver_what_matching_only_asked_about(
    tmp_path: Path, fresh_database: str
) -> None:
    # Nothing is sure enough to send at once: every true match is asked about, and so is a
    # stranger who looks a little like Yara.
    out = tmp_path / "figures.json"
    env = _env(
        tmp_path,
        PYTHONPATH=str(REPO),
        FACEDROP_MATCHING__AUTO="0.95",
        FACEDROP_MATCHING__SUGGEST="0.2",
        FACEDROP_DATABASE_URL=fresh_database,
        **AS_FAST_AS_E2E,
    )
    result = facedrop(
        "eval", str(QUESTIONS), "--faces", str(FACES), "--json", str(out), env=env, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(out.read_text())
    assert figures["recall_automatic"] == 0.0
    assert figures["precision"] == 1.0
    # Ann and Bea said yes to their own child and got the photos; Wes ignores questions.
    assert figures["missed"] == [
        {
            "guardian": "Wes",
            "post": 1,
            "photo": [
                "serengil_deepface/tests/unit/dataset/img57.jpg",
                "serengil_deepface/tests/unit/dataset/img7.jpg",
            ],
        }
    ]
    assert figures["recall_after_answers"] == round(5 / 6, 4)
    asked = {
        (q["guardian"], q["post"], q["is_this"], q["really"], q["answer"]) for q in figures["asked"]
    }
    assert asked == {
        ("Ann", 0, "Alice", "deepface_angelina", "yes"),
        ("Bea", 0, "Yara", "deepface_scarlett", "yes"),
        ("Wes", 1, "Will", "deepface_mark", "none"),
        ("Ann", 1, "Alice", "deepface_angelina", "yes"),
        ("Bea", 2, "Yara", "deepface_marissa", "no"),
        ("Bea", 3, "Yara", "deepface_scarlett", "yes"),
        ("Ann", 3, "Alice", "deepface_angelina", "yes"),
    }
    assert figures["questions_about_another_familys_child"] == 1
    assert figures["questions_per_delivered_photo"] == 1.4


def _eval_here(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """``facedrop eval`` in this process (for answers given before any sandbox starts)."""
    code = main(["eval", *args])
    return code, capsys.readouterr().out


def test_a_folder_without_a_scenario_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = _eval_here(str(tmp_path), "--faces", str(FACES), capsys=capsys)
    assert code == 2
    assert output == f"facedrop eval: {tmp_path}: expected one of scenario.toml or scenario.json\n"


def test_a_scenario_naming_a_missing_photo_says_which(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (ADULTS / "scenario.toml").read_text().replace("img2.jpg", "img2-missing.jpg")
    (tmp_path / "scenario.toml").write_text(text)
    code, output = _eval_here(str(tmp_path), "--faces", str(FACES), capsys=capsys)
    assert code == 2
    assert "missing photo(s) serengil_deepface/tests/unit/dataset/img2-missing.jpg" in output


def test_a_scenario_whose_faces_folder_has_no_labels_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "scenario.toml").write_text((ADULTS / "scenario.toml").read_text())
    code, output = _eval_here(str(tmp_path), "--faces", str(tmp_path), capsys=capsys)
    assert code == 2
    assert output == f"facedrop eval: {tmp_path}: no labels.csv (is it the photos' root?)\n"


SIBLINGS = REPO / "tests" / "scenarios" / "siblings"


def test_a_question_naming_two_siblings_is_answered_with_the_right_name(
    tmp_path: Path, fresh_database: str
) -> None:
    # Ally is Alice's look-alike (photos of the same woman): a new photo of Alice is asked
    # about naming both, and Ann picks Alice, whichever the question names first.
    code, output, figures = _eval(
        tmp_path, str(SIBLINGS), "--faces", str(FACES), database=fresh_database
    )
    assert code == 0, output
    assert figures is not None
    questions: list[dict[str, Any]] = figures["asked"]  # type: ignore[assignment]
    (asked,) = questions
    assert asked["is_this"] in ("Alice or Ally", "Ally or Alice")
    assert (asked["guardian"], asked["post"], asked["really"], asked["answer"]) == (
        "Ann",
        0,
        "deepface_angelina",
        "yes",
    )
    # Picked Alice: the face is Alice's (Ally's would be a face counted as the wrong person).
    assert figures["faces_counted_as_the_wrong_person"] == []
    assert figures["precision"] == 1.0
    assert figures["recall_automatic"] == 0.5  # Yara's photo, at once
    assert figures["recall_after_answers"] == 1.0
