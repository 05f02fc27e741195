"""``facedrop bench recognize``: how many group photos (and faces) a second the worker
recognizes end to end (download, model, matching, storing), against the raw model on the
same images. Prints figures and writes JSON; asserts nothing."""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path
from typing import Any

from cli.bench_sandbox import bench_sandbox
from cli.exits import EXIT_OK, EXIT_USAGE
from domain.infra.models import Face, Photo
from domain.settings import Settings
from domain.states import PhotoStatus


def register(actions: Any) -> None:
    recognize = actions.add_parser(
        "recognize", help="group photos recognized per second, against the raw model"
    )
    recognize.add_argument("--photos", type=int, default=40, help="group photos to post")
    recognize.add_argument(
        "--faces", type=Path, default=Path("../shared/faces"), help="the labelled photos"
    )
    recognize.add_argument("--json", type=Path, default=None, help="also write the figures here")
    recognize.set_defaults(handler=bench_recognize)


def bench_recognize(args: argparse.Namespace, settings: Settings) -> int:
    if not (args.faces / "labels.csv").is_file():
        print(f"facedrop: {args.faces} is not the labelled photos folder (../shared/faces)")
        return EXIT_USAGE
    if args.photos < 1:
        print("facedrop: --photos must be at least 1")
        return EXIT_USAGE
    figures = asyncio.run(_recognize(settings, args.faces.resolve(), args.photos))
    print(
        f"facedrop bench recognize: {args.photos} group photos, {figures['faces']} faces, "
        f"pack {settings.faces.pack} on {figures['provider']}, "
        f"{settings.jobs.max_jobs} jobs at once, {settings.faces.inference_threads} "
        "inference thread(s)"
    )
    print("                    photos/s   faces/s")
    print(
        f"  worker            {figures['photos_per_s']:8.2f}  {figures['faces_per_s']:8.2f}"
        "   (posted -> all recognized)"
    )
    print(
        f"  raw model         {figures['raw_photos_per_s']:8.2f}  {figures['raw_faces_per_s']:8.2f}"
        "   (the same images, one after another)"
    )
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return EXIT_OK


async def _recognize(settings: Settings, faces_dir: Path, count: int) -> dict[str, Any]:
    from sandbox.collages import DEMO_CAST

    async with bench_sandbox(settings, faces_dir) as sandbox:
        script, collages, engine = sandbox.script, sandbox.collages, sandbox.engine
        poster, ann = script.user("Poster"), script.user("Ann")
        group, payload = await script.group_with_bot("Bench class", poster, [ann])
        await script.join(ann, payload)
        cast = DEMO_CAST["angelina"]
        await script.enroll(ann, "Alice", [collages.photo(n) for n in cast["enroll"]])
        others = [name for who, c in DEMO_CAST.items() if who != "angelina" for name in c["group"]]
        images = [
            collages.make(
                cast["group"][i % len(cast["group"])],
                *(others[(i + k) % len(others)] for k in range(i % 3 + 1)),
            )
            for i in range(count)
        ]
        started = time.perf_counter()
        for image in images:
            await script.post(group, poster, image)
        done = Photo.filter(status__in=(PhotoStatus.DONE, PhotoStatus.FAILED))
        while await done.count() < count:  # noqa: ASYNC110 (Postgres is the source)
            await asyncio.sleep(0.05)
        wall = time.perf_counter() - started
        faces = await Face.filter(photo__status=PhotoStatus.DONE).count()
        raw_started = time.perf_counter()
        raw_faces = sum(len(engine.analyze_sync(image).faces) for image in images)
        raw = time.perf_counter() - raw_started
        return {
            "photos": count,
            "faces": faces,
            "provider": engine.provider,
            "wall_s": wall,
            "photos_per_s": count / wall,
            "faces_per_s": faces / wall,
            "raw_s": raw,
            "raw_photos_per_s": count / raw,
            "raw_faces_per_s": raw_faces / raw,
        }
