"""The children scenario (issue 17): written the same every time from the children's labels,
and shaped as the issue asks (`facedrop eval` runs it; its figures are in
docs/recognition.md)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from cli.eval import load_scenario
from cli.eval_children import write_children_scenario
from domain.recognition.scenarios import expected_deliveries, photo_file
from tests.conftest import FACES, REPO

CHILDREN = FACES / "children"


def test_the_committed_children_scenario_is_what_the_generator_writes(tmp_path: Path) -> None:
    written = write_children_scenario(tmp_path / "children", CHILDREN)
    fresh = json.loads(written.read_text())
    committed = json.loads((REPO / "tests/scenarios/children/scenario.json").read_text())
    assert fresh | {"faces": None} == committed | {"faces": None}
    again = json.loads(write_children_scenario(tmp_path / "again", CHILDREN).read_text())
    assert again == fresh


def test_the_late_children_scenario_is_the_same_class_with_every_second_family_late(
    tmp_path: Path,
) -> None:
    written = write_children_scenario(tmp_path / "late", CHILDREN, late=True)
    late = json.loads(written.read_text())
    committed = json.loads((REPO / "tests/scenarios/children-late/scenario.json").read_text())
    assert late | {"faces": None} == committed | {"faces": None}
    usual = json.loads(write_children_scenario(tmp_path / "usual", CHILDREN).read_text())
    assert late["posts"] == usual["posts"]
    middle = len(late["posts"]) // 2
    for number, guardian in enumerate(late["guardians"]):
        for person in guardian["persons"]:
            assert person.get("enrolls_before_post", 0) == (middle if number % 2 else 0)
    scenario, _ = load_scenario(written.parent)
    assert sum(p.enrolls_before_post > 0 for g in scenario.guardians for p in g.persons) >= 6


def test_the_children_scenario_is_a_class_with_siblings_and_classmates(tmp_path: Path) -> None:
    written = write_children_scenario(tmp_path / "children", CHILDREN)
    scenario, root = load_scenario(written.parent)
    assert root == CHILDREN.resolve()
    with (CHILDREN / "labels.csv").open() as file:
        age = {row["file"]: row["age"] for row in csv.DictReader(file)}
    with (CHILDREN / "kin_pairs.csv").open() as file:
        siblings = {
            frozenset((row["identity_a"], row["identity_b"]))
            for row in csv.DictReader(file)
            if row["relation"].startswith("sibling")
        }
    persons = [p for g in scenario.guardians for p in g.persons]
    fgnet = [p for p in persons if p.identity.startswith("fgnet_")]
    assert len(fgnet) >= 12
    for person in fgnet:  # three close-ups as they are, the youngest
        assert len(person.enroll) == 3
        assert all("#" not in photo for photo in person.enroll)
        later = [f for post in scenario.posts for f, who in post.faces if who == person.identity]
        assert later
        assert max(int(age[f]) for f in person.enroll) < min(int(age[f]) for f in later)
    families = [g for g in scenario.guardians if len(g.persons) == 2]
    assert len(families) == 2
    for family in families:  # a sibling pair, enrolled by one family
        a, b = family.persons
        assert frozenset((a.identity, b.identity)) in siblings
        assert len(a.enroll) == len(b.enroll) == 3
    enrolled = {p.identity for p in persons}
    classmates = {who for post in scenario.posts for _, who in post.faces} - enrolled
    assert len(classmates) >= len(enrolled)
    assert all(1 <= len(post.faces) <= 4 for post in scenario.posts)
    dates = [post.date for post in scenario.posts]
    assert None not in dates
    assert dates == sorted(dates)  # type: ignore[type-var]
    assert len(expected_deliveries(scenario)) >= 30
    enrollment = {photo_file(f) for p in persons for f in (*p.enroll, *p.spare)}
    posted = {f for post in scenario.posts for f in post.files}
    assert not enrollment & posted  # no photo both enrolls and is posted


def test_the_holdout_scenario_enrolls_children_the_usual_one_does_not(tmp_path: Path) -> None:
    usual = json.loads(write_children_scenario(tmp_path / "usual", CHILDREN).read_text())
    written = write_children_scenario(tmp_path / "holdout", CHILDREN, holdout=True)
    holdout = json.loads(written.read_text())
    committed = json.loads((REPO / "tests/scenarios/holdout/scenario.json").read_text())
    assert holdout | {"faces": None} == committed | {"faces": None}

    def enrolled(scenario: dict[str, Any]) -> set[str]:
        return {p["identity"] for g in scenario["guardians"] for p in g["persons"] if p["enroll"]}

    assert enrolled(holdout) and not enrolled(holdout) & enrolled(usual)
    scenario, _ = load_scenario(written.parent)
    assert len(scenario.posts) >= 10
