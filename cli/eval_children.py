"""The children scenario for ``facedrop eval`` (issue 17, "Measured, in CI"), written by
``facedrop eval --make-children-scenario DIR`` from ``../shared/faces/children``.

Deterministic: the same photos and labels give the same scenario file (paths only, no
image is copied). A class of 12 FG-NET children, each enrolled by its own guardian with
its three youngest photos as they are (scanned close-ups, as a parent sends them; a photo
refused is sent again with surroundings, as a parent then sends one taken from further
away), and two FIW sibling pairs, each enrolled by one family (FIW has two photos a member,
tight crops: the first with surroundings, its mirror image and a black-and-white copy
enroll, the second is posted).
Class photos are collages of 1-4 padded faces: each enrolled FG-NET child's photos of the
four years after its last enrollment photo (ages from labels.csv), each sibling's second
photo, and classmates nobody enrolls (the other FG-NET children and the siblings' brothers
and sisters), posted over those years in order of date. Day one ("starts") is the class's
first day, just after every enrollment; each FG-NET child's birth date is set so that it is
midway through the year of age of its last enrollment photo then (the posts' dates follow
the ages in the labels); FIW ages are not known, so the siblings have none. Every 5 posts
(about a school year) the teacher goes through /whois: a cluster of a child whose parent
could not enroll it (its close-ups refused) is named, and the parent claims it.
"""

from __future__ import annotations

import csv
import json
import os
import random
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

ENROLLED = 12  # FG-NET children enrolled
ENROLL_PHOTOS = 3
YEARS_AFTER = 4  # class photos of the years after enrollment
SIBLING_PAIRS = 2
WHOIS_EVERY = 5  # posts (about a school year's): the teacher goes through /whois after them
FIRST_DAY = date(2020, 9, 1)  # the class's first day: every enrollment is just before it
SEED = 17
NAMES: tuple[str, ...] = (
    "Ada",
    "Ben",
    "Cleo",
    "Dev",
    "Eli",
    "Fay",
    "Gus",
    "Hana",
    "Ivo",
    "Jana",
    "Kai",
    "Lia",
)
NAMES += ("Milo", "Nora", "Otto", "Pia", "Quin", "Rosa", "Sami", "Tea", "Uma", "Vito", "Wren")


def _days_before(day: date, years: float) -> date:
    return date.fromordinal(day.toordinal() - round(years * 365.25))


def _rows(root: Path) -> list[dict[str, str]]:
    with (root / "labels.csv").open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def _sibling_pairs(
    root: Path, photos: dict[str, list[str]], skip: int = 0
) -> list[tuple[str, str]]:
    """The first listed sibling pairs of different families, both with two photos (after
    the first ``skip`` such pairs)."""
    pairs, families = [], set()
    with (root / "kin_pairs.csv").open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            a, b = row["identity_a"], row["identity_b"]
            family = a.rsplit("_", 1)[0]
            if not row["relation"].startswith("sibling") or family in families:
                continue
            if len(photos.get(a, [])) >= 2 and len(photos.get(b, [])) >= 2:
                pairs.append((a, b))
                families.add(family)
            if len(pairs) == skip + SIBLING_PAIRS:
                break
    return pairs[skip:]


def _siblings_of(root: Path, identities: set[str]) -> set[str]:
    """Everyone listed as a brother or sister of one of ``identities``."""
    found = set()
    with (root / "kin_pairs.csv").open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            a, b = row["identity_a"], row["identity_b"]
            if row["relation"].startswith("sibling") and (a in identities or b in identities):
                found |= {a, b}
    return found


def children_scenario(
    root: Path, *, late: bool = False, holdout: bool = False, clips: bool = False
) -> dict[str, Any]:
    """The scenario's fields (as ``facedrop eval`` reads them), from the children's labels.
    ``late``: every second family enrolls only before the middle post (the photos posted
    before show whether facedrop finds those children in them afterwards). ``holdout``:
    the next children by class photos enrolled (and the next sibling pairs) instead, to
    check rules tuned on the usual scenario on children they were not tuned on. ``clips``:
    each post a clip of its faces one after the other (``sandbox.clips.film``), not a
    collage of them at once."""
    rng = random.Random(SEED)
    rows = _rows(root)
    fgnet: dict[str, list[tuple[int, str]]] = defaultdict(list)
    fiw: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row["file"].startswith("fgnet/"):
            if int(row["age"]) <= 12:
                fgnet[row["identity"]].append((int(row["age"]), row["file"]))
        else:
            fiw[row["identity"]].append(row["file"])
    for photos in fgnet.values():
        photos.sort()
    for files in fiw.values():
        files.sort()

    def later(identity: str) -> list[tuple[int, str]]:
        photos = fgnet[identity]
        last = photos[ENROLL_PHOTOS - 1][0]
        return [p for p in photos[ENROLL_PHOTOS:] if last < p[0] <= last + YEARS_AFTER]

    # The children with the most class photos in the years after their enrollment.
    candidates = [i for i in sorted(fgnet) if len(fgnet[i]) > ENROLL_PHOTOS and later(i)]
    skipped = ENROLLED if holdout else 0
    by_photos = sorted(candidates, key=lambda i: -len(later(i)))
    enrolled = sorted(by_photos[skipped : skipped + ENROLLED])
    pairs = _sibling_pairs(root, fiw, SIBLING_PAIRS if holdout else 0)
    siblings = {member for pair in pairs for member in pair}

    names = iter(NAMES)
    guardians: list[dict[str, Any]] = []
    appearances: list[tuple[str, str, float]] = []  # (file, identity, years after enrollment)
    for number, identity in enumerate(enrolled, 1):
        photos = fgnet[identity]
        enroll = [file for _, file in photos[:ENROLL_PHOTOS]]
        last = photos[ENROLL_PHOTOS - 1][0]
        guardians.append(
            {
                "name": f"Parent{number:02d}",
                "persons": [
                    {
                        "name": next(names),
                        "identity": identity,
                        "enroll": enroll,
                        "spare": [f"{file}#padded" for file in enroll],
                        # Midway through the year of age of its last enrollment photo.
                        "born": _days_before(FIRST_DAY, last + 0.5).isoformat(),
                    }
                ],
            }
        )
        for age, file in later(identity):
            appearances.append((file, identity, age - last + rng.uniform(0.0, 0.9)))
    for number, pair in enumerate(pairs, 1):
        persons = []
        for identity in pair:
            first, second = fiw[identity][:2]
            persons.append(
                {
                    "name": next(names),
                    "identity": identity,
                    # Tight crops: padded, as a chat photo has surroundings.
                    "enroll": [
                        f"{first}#padded",
                        f"{first}#mirrored#padded",
                        f"{first}#gray#padded",
                    ],
                }
            )
            appearances.append((second, identity, rng.uniform(0.0, YEARS_AFTER)))
        guardians.append({"name": f"Family{number}", "persons": persons})

    classmates = [
        file
        for identity in sorted(fgnet)
        if identity not in enrolled
        for _, file in fgnet[identity]
    ]
    brothers_and_sisters = _siblings_of(root, siblings) - siblings
    classmates += [file for identity in sorted(brothers_and_sisters) for file in fiw[identity]]
    label = {row["file"]: row["identity"] for row in rows}
    rng.shuffle(appearances)
    rng.shuffle(classmates)
    posts: list[tuple[float, list[str]]] = []
    while appearances:
        take = [appearances.pop()]
        if appearances and rng.random() < 0.4 and appearances[-1][1] != take[0][1]:
            take.append(appearances.pop())
        faces = [file for file, _, _ in take]
        people = {identity for _, identity, _ in take}
        for _ in range(rng.randint(0 if rng.random() < 0.2 else 1, 4 - len(faces))):
            while classmates and label[classmates[-1]] in people:
                classmates.insert(0, classmates.pop())
            if classmates:
                extra = classmates.pop()
                faces.append(extra)
                people.add(label[extra])
        rng.shuffle(faces)
        posts.append((max(years for _, _, years in take), faces))
    posts.sort(key=lambda post: post[0])
    if late:
        for guardian in guardians[1::2]:
            for person in guardian["persons"]:
                person["enrolls_before_post"] = len(posts) // 2
    return {
        "name": ("holdout" if holdout else "children")
        + ("-late" if late else "")
        + ("-clips" if clips else ""),
        "faces": str(root),
        "poster": "Teacher",
        "starts": FIRST_DAY.isoformat(),
        "groups": [{"title": "Class 2020", "members": [g["name"] for g in guardians]}],
        "guardians": guardians,
        "whois_after_posts": list(range(WHOIS_EVERY - 1, len(posts), WHOIS_EVERY)),
        "posts": [
            {
                "date": date.fromordinal(FIRST_DAY.toordinal() + round(years * 365)).isoformat(),
                ("clip" if clips else "collage"): faces,
            }
            for years, faces in posts
        ],
    }


def write_children_scenario(
    folder: Path, root: Path, *, late: bool = False, holdout: bool = False, clips: bool = False
) -> Path:
    """Write ``folder/scenario.json``, naming the photos' root relative to ``folder``."""
    scenario = children_scenario(root.resolve(), late=late, holdout=holdout, clips=clips)
    folder.mkdir(parents=True, exist_ok=True)
    scenario["faces"] = os.path.relpath(root.resolve(), folder.resolve())
    target = folder / "scenario.json"
    target.write_text(json.dumps(scenario, indent=1) + "\n", encoding="utf-8")
    return target
