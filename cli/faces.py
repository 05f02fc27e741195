"""``facedrop faces``: run the face engine on files, and measure a model pack."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from cli.exits import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from domain.errors import ImageError, ModelPackError
from domain.infra.insightface_engine import InsightFaceEngine
from domain.recognition.evaluation import evaluate
from domain.recognition.faces import DetectedFace, Vector
from domain.recognition.thresholds import thresholds_for
from domain.settings import Settings

# Labels that name no single person in labels.csv files.
NOT_AN_IDENTITY = frozenset({"group", "unknown", "no_face", "identity", ""})


def register(commands: Any) -> None:
    faces = commands.add_parser("faces")
    actions = faces.add_subparsers(dest="faces_command", required=True, metavar="ACTION")

    detect = actions.add_parser(
        "detect", help="print the faces found in each image, one JSON object per line"
    )
    detect.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    detect.add_argument("--embeddings", action="store_true", help="include the 512-d embeddings")
    detect.set_defaults(handler=detect_faces)

    measure = actions.add_parser(
        "evaluate",
        help="measure the model pack on labelled photos (a CSV of file,identity)",
    )
    measure.add_argument("labels", type=Path, metavar="LABELS_CSV")
    measure.set_defaults(handler=evaluate_pack)


def _load_engine(settings: Settings) -> InsightFaceEngine | None:
    try:
        return InsightFaceEngine.load(settings.faces)
    except ModelPackError as exc:
        print(f"facedrop: {exc}", file=sys.stderr)
        return None


def face_json(face: DetectedFace, *, embeddings: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "bbox": list(face.bbox),
        "det_score": face.det_score,
        "quality": face.quality.score,
    }
    if embeddings:
        data["embedding"] = [round(float(v), 6) for v in face.embedding]
    return data


def detect_faces(args: argparse.Namespace, settings: Settings) -> int:
    engine = _load_engine(settings)
    if engine is None:
        return EXIT_FAILURE
    try:
        for path in args.images:
            line: dict[str, Any] = {"path": str(path)}
            try:
                found = engine.analyze_sync(path.read_bytes())
                line["faces"] = [face_json(f, embeddings=args.embeddings) for f in found.faces]
            except OSError as exc:
                line["error"] = f"cannot read the file: {exc.strerror or exc}"
            except ImageError as exc:
                line["error"] = str(exc)
            print(json.dumps(line), flush=True)
    finally:
        engine.close()
    return EXIT_OK


def evaluate_pack(args: argparse.Namespace, settings: Settings) -> int:
    labels: Path = args.labels
    try:
        with labels.open(newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        print(f"facedrop: cannot read {labels}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    if not rows or not {"file", "identity"} <= set(rows[0]):
        print(f"facedrop: {labels} needs the columns file,identity", file=sys.stderr)
        return EXIT_USAGE
    engine = _load_engine(settings)
    if engine is None:
        return EXIT_FAILURE
    embeddings: dict[str, list[Vector]] = {}
    skipped = 0
    try:
        for row in rows:
            if row["identity"] in NOT_AN_IDENTITY:
                continue
            try:
                found = engine.analyze_sync((labels.parent / row["file"]).read_bytes())
            except (OSError, ImageError):
                skipped += 1
                continue
            if not found.faces:
                skipped += 1
                continue
            # The labelled person is the photo's most prominent face.
            main_face = max(found.faces, key=lambda f: f.min_side)
            embeddings.setdefault(row["identity"], []).append(main_face.embedding)
    finally:
        engine.close()
    thresholds = thresholds_for(settings.faces.pack, settings.matching)
    try:
        result = evaluate(embeddings, thresholds)
    except ValueError as exc:
        print(f"facedrop: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    report = {
        "pack": settings.faces.pack,
        "thresholds": asdict(thresholds),
        "photos_without_a_usable_face": skipped,
        **asdict(result),
    }
    print(json.dumps(report, indent=2))
    return EXIT_OK
