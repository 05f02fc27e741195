"""``facedrop bench video``: read a clip as the worker will (sampled frames, the engine on
each, faces linked into tracks) and time each stage against the clip's length and the raw
model on the same frames. Prints figures and writes JSON; asserts nothing.

Then the journey: the clip posted in a group of a sandbox (the emulator, the bot, a
worker), the first face's person enrolled, and the time until her guardian has it.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import resource
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from cli.bench_sandbox import bench_sandbox
from cli.exits import EXIT_OK, EXIT_USAGE
from domain.infra.insightface_engine import InsightFaceEngine
from domain.infra.video_reader import PyAVVideoReader
from domain.recognition.faces import BGRPixels
from domain.settings import FacesSettings, Settings
from domain.videos.frames import VideoError
from domain.videos.tracks import Tracker

# The target: a clip read (and, later, delivered) within this share of its length.
TARGET_RATIO = 0.25
# How long the journey of a posted clip is waited for (the target is a quarter of a
# 60 s clip; a loaded machine takes several times that).
JOURNEY_LIMIT_S = 300.0
# The made clip: 720p at 30 fps, one face every few seconds, a keyframe each second and
# B-frames, as phones film.
WIDTH, HEIGHT, FPS = 1280, 720, 30
SECONDS_PER_FACE = 5.0
# Labels in ../shared/faces/labels.csv that are not one person's face.
NOT_A_PERSON = {"group", "unknown", "no_face"}


def register(actions: Any) -> None:
    video = actions.add_parser(
        "video",
        help="a clip read as the worker will: stage times and peak memory, against the raw model",
    )
    video.add_argument(
        "--clip", type=Path, default=None, help="the clip to read (default: a made 720p clip)"
    )
    video.add_argument(
        "--seconds",
        type=float,
        default=60.0,
        help="the made clip's length, without --clip (one face every 5 s)",
    )
    video.add_argument(
        "--faces", type=Path, default=Path("../shared/faces"), help="the labelled photos"
    )
    video.add_argument("--json", type=Path, default=None, help="also write the figures here")
    video.set_defaults(handler=bench_video)


def bench_video(args: argparse.Namespace, settings: Settings) -> int:
    if args.clip is not None and not args.clip.is_file():
        print(f"facedrop: no clip at {args.clip}")
        return EXIT_USAGE
    if args.clip is None and not (args.faces / "labels.csv").is_file():
        print(f"facedrop: {args.faces} is not the labelled photos folder (../shared/faces)")
        return EXIT_USAGE
    if args.clip is None and not 1 <= args.seconds <= 600:
        print("facedrop: --seconds must be between 1 and 600")
        return EXIT_USAGE
    with tempfile.TemporaryDirectory(prefix="facedrop-bench-video-") as work:
        clip = args.clip
        shown: list[tuple[str, str]] = []
        if clip is None:
            clip = Path(work) / "clip.mp4"
            # Made in another process: the photos' decoding and the encoder's memory are
            # not the reading's (the peak measured is a high-water mark).
            with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as maker:
                shown = maker.submit(
                    make_clip, clip, settings.faces, args.faces.resolve(), args.seconds
                ).result()
        engine = InsightFaceEngine.load(settings.faces)
        try:
            figures = _measure(settings, engine, clip)
        except VideoError as error:
            print(f"facedrop: {clip}: {error}")
            return EXIT_USAGE
        finally:
            engine.close()
        # The journey: the clip posted in a group of the sandbox, with the first face's
        # person enrolled (a clip made here: whose faces it shows is known; a given one's
        # is not, and its journey is not measured).
        figures["journey"] = (
            asyncio.run(
                _journey(settings, args.faces, clip.read_bytes(), _enrollment(args.faces, shown[0]))
            )
            if shown
            else None
        )
    # A made clip is gone with its temporary folder: its path would point at nothing.
    figures["clip"]["path"] = None if args.clip is None else str(args.clip)
    _print(figures, settings)
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return EXIT_OK


def _enrollment(faces_dir: Path, first: tuple[str, str]) -> list[bytes]:
    """Three other photos of the clip's first person (her own photo when she has no other),
    to enroll her."""
    shown, identity = first
    with (faces_dir / "labels.csv").open() as labels:
        others = [
            row["file"]
            for row in csv.DictReader(labels)
            if row["identity"] == identity and row["file"] != shown
        ]
    return [(faces_dir / file).read_bytes() for file in (others[:3] or [shown])]


async def _journey(
    settings: Settings, faces_dir: Path, clip: bytes, enroll: list[bytes]
) -> dict[str, Any]:
    """The clip posted in a sandbox's group (the emulator, the bot, a worker) with a person
    enrolled from ``enroll``: seconds until her guardian has it. Bounded: past
    ``JOURNEY_LIMIT_S`` (or when a step of the script fails) it is None, with
    ``not_delivered`` saying how far the journey got and what the guardian's chat shows."""
    from sandbox.script import ScriptError

    reached = "starting the sandbox"
    guardian_chat: Callable[[], list[dict[str, Any]]] = list
    try:
        async with asyncio.timeout(JOURNEY_LIMIT_S):
            async with bench_sandbox(settings, faces_dir) as sandbox:
                script, world = sandbox.script, sandbox.world
                poster, ann = script.user("Poster"), script.user("Ann")
                reached = "the guardian joining the group"
                group, payload = await script.group_with_bot("Bench class", poster, [ann])
                await script.join(ann, payload)
                guardian_chat = partial(world.transcript, ann["id"])
                reached = "enrolling the clip's first person"
                await script.enroll(ann, "Alice", enroll)
                reached = "the clip posted, its delivery awaited"
                started = time.perf_counter()
                await world.user_sends_media(
                    "video",
                    group["id"],
                    poster["id"],
                    clip,
                    file_name="clip.mp4",
                    mime_type="video/mp4",
                )
                delivered = False
                while not delivered:
                    await asyncio.sleep(0.05)
                    delivered = any(m["from"]["is_bot"] and "video" in m for m in guardian_chat())
                return {"post_to_delivery_s": time.perf_counter() - started}
    except (TimeoutError, ScriptError) as error:
        last = next((m for m in reversed(guardian_chat()) if m["from"]["is_bot"]), None)
        said = "nothing" if last is None else repr(last.get("text", last.get("caption", "")))
        why = "" if isinstance(error, TimeoutError) else f" ({error})"
        return {
            "post_to_delivery_s": None,
            "not_delivered": f"stopped at {reached}{why}; the guardian's last message: {said}",
        }


def _face_crops(
    engine: InsightFaceEngine, faces_dir: Path, seconds: float
) -> list[tuple[BGRPixels, str, str]]:
    """One photo of each person in the labelled photos, cropped around the face with its
    surroundings (hair, shoulders), as many as the clip has faces: (crop, file, identity)."""
    wanted = max(1, round(seconds / SECONDS_PER_FACE))
    crops: list[tuple[BGRPixels, str, str]] = []
    seen: set[str] = set()
    with (faces_dir / "labels.csv").open() as labels:
        for row in csv.DictReader(labels):
            who = row["identity"]
            if who in NOT_A_PERSON or who in seen:
                continue
            data = (faces_dir / row["file"]).read_bytes()
            found = engine.analyze_sync(data).faces
            if len(found) != 1:
                continue
            seen.add(who)
            pixels = np.asarray(
                cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR), dtype=np.uint8
            )
            x1, y1, x2, y2 = found[0].bbox
            side = 2.2 * max(x2 - x1, y2 - y1)
            cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
            top, left = int(max(0, cy - side / 2)), int(max(0, cx - side / 2))
            crop = pixels[top : int(cy + side / 2), left : int(cx + side / 2)]
            crops.append((crop, row["file"], who))
            if len(crops) == wanted:
                break
    if not crops:
        raise ValueError(f"no single-face photo in {faces_dir}")
    return crops


def make_clip(
    path: Path, model: FacesSettings, faces_dir: Path, seconds: float
) -> list[tuple[str, str]]:
    """A 720p H.264 clip: each face a few seconds in turn, crossing the frame and growing
    and shrinking over a still background; the (photo, identity) of each face, in turn.
    Run in its own process (module level)."""
    import av

    engine = InsightFaceEngine.load(model)
    try:
        found = _face_crops(engine, faces_dir, seconds)
    finally:
        engine.close()
    crops = [crop for crop, _, _ in found]
    background = np.empty((HEIGHT, WIDTH, 3), np.uint8)
    background[:] = np.linspace(40, 200, WIDTH, dtype=np.uint8)[None, :, None]
    background[:, :, 0] = np.linspace(160, 60, HEIGHT, dtype=np.uint8)[:, None]
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        stream.options = {"preset": "veryfast", "g": str(FPS), "bf": "2", "crf": "23"}
        for n in range(round(seconds * FPS)):
            at_s = n / FPS
            crop = crops[int(at_s // SECONDS_PER_FACE) % len(crops)]
            progress = (at_s % SECONDS_PER_FACE) / SECONDS_PER_FACE
            side = int(HEIGHT * (0.45 + 0.15 * np.sin(2 * np.pi * progress)))
            face = cv2.resize(crop, (side, side))
            left = int((WIDTH - side) * (0.1 + 0.8 * progress))
            top = int((HEIGHT - side) * (0.5 + 0.3 * np.sin(4 * np.pi * progress)))
            frame = background.copy()
            frame[top : top + side, left : left + side] = face
            picture = av.VideoFrame.from_ndarray(frame, format="bgr24")
            picture.pts = n
            container.mux(stream.encode(picture))
        container.mux(stream.encode(None))
    return [(file, identity) for _, file, identity in found]


@dataclass
class _Clock:
    """Wall and CPU seconds spent in one stage."""

    wall: float = 0.0
    cpu: float = 0.0
    _started: tuple[float, float] = field(default=(0.0, 0.0), repr=False)

    def start(self) -> None:
        self._started = (time.perf_counter(), time.process_time())

    def stop(self) -> None:
        self.wall += time.perf_counter() - self._started[0]
        self.cpu += time.process_time() - self._started[1]


def _peak_rss_mb() -> float:
    # ru_maxrss is kilobytes on Linux: the process's high-water mark, native memory
    # (FFmpeg's, onnxruntime's) included, which tracemalloc does not see.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(settings: Settings, engine: InsightFaceEngine, clip: Path) -> dict[str, Any]:
    reader = PyAVVideoReader(settings.videos)
    info = reader.probe(clip)
    # The model warmed on one of the clip's frames first, as in a worker that has run: its
    # first call's buffers are the model's memory, not the clip's.
    first = next(reader.frames(clip), None)  # the rest unread: the file closes with it
    if first is not None:
        engine.analyze_pixels_sync(first.pixels, closeups=False)
    peak_before = _peak_rss_mb()
    decode, detect, tracking, total = _Clock(), _Clock(), _Clock(), _Clock()
    tracker = Tracker()
    faces = 0
    total.start()
    frames = reader.frames(clip)
    while True:
        decode.start()
        frame = next(frames, None)
        decode.stop()
        if frame is None:
            break
        detect.start()
        # As the worker reads a clip (``ClipFaceReader``): the frame's pixels, no close-ups.
        found = engine.analyze_pixels_sync(frame.pixels, closeups=False).faces
        detect.stop()
        tracking.start()
        tracker.add_frame(frame.at_s, found)
        tracking.stop()
        faces += len(found)
    total.stop()
    peak_after = _peak_rss_mb()
    # The model alone on the same frames, read again (kept, the pixels of every frame
    # would be the reading's peak memory), its time without the decoding's.
    raw = _Clock()
    for frame in reader.frames(clip):
        raw.start()
        engine.analyze_pixels_sync(frame.pixels, closeups=False)
        raw.stop()
    tracks = tracker.tracks

    def stage(clock: _Clock) -> dict[str, float]:
        return {"wall_s": clock.wall, "cpu_s": clock.cpu, "ratio": clock.wall / info.duration_s}

    return {
        "clip": {
            "path": str(clip),
            "duration_s": info.duration_s,
            "width": info.width,
            "height": info.height,
            "fps": info.fps,
            "codec": info.codec,
        },
        "pack": engine.pack,
        "provider": engine.provider,
        "frames_per_s": settings.videos.frames_per_s,
        "frames_decoded": reader.last.decoded,
        "frames_sampled": reader.last.sampled,
        "faces": faces,
        "tracks": len(tracks),
        "tracks_seen_3_times": sum(len(t.sightings) >= 3 for t in tracks),
        "stages": {
            "decode_sample": stage(decode),
            "detect_embed": stage(detect),
            "tracking": stage(tracking),
            "total": stage(total),
        },
        "raw_model": stage(raw),
        "target_ratio": TARGET_RATIO,
        "peak_memory_before_mb": peak_before,
        "peak_memory_added_mb": peak_after - peak_before,
    }


def _print(figures: dict[str, Any], settings: Settings) -> None:
    clip, stages = figures["clip"], figures["stages"]
    made = clip["path"] or "made from the shared face photos"
    threads = settings.faces.onnx_threads or "onnxruntime's default"
    print(
        f"facedrop bench video: {clip['duration_s']:.1f} s clip, {clip['width']}x{clip['height']}"
        f" at {clip['fps']:.0f} fps ({clip['codec']}, {made}), pack {figures['pack']} on "
        f"{figures['provider']}, onnx threads: {threads}"
    )
    print(
        f"  frames: {figures['frames_decoded']} decoded, {figures['frames_sampled']} sampled "
        f"({figures['frames_per_s']:g} a second of clip; B-frames are not decoded); "
        f"{figures['faces']} faces in {figures['tracks']} tracks "
        f"({figures['tracks_seen_3_times']} seen 3 times or more)"
    )
    print("                     wall s    CPU s   x clip")
    rows = (
        ("decode + sample", stages["decode_sample"]),
        ("detect + embed", stages["detect_embed"]),
        ("tracking", stages["tracking"]),
        ("total", stages["total"]),
        ("raw model alone", figures["raw_model"]),
    )
    for name, figure in rows:
        print(f"  {name:16} {figure['wall_s']:8.2f} {figure['cpu_s']:8.2f} {figure['ratio']:7.3f}x")
    print(
        f"  target: the total within {figures['target_ratio']}x the clip's length; "
        f"peak memory added {figures['peak_memory_added_mb']:.0f} MB "
        f"(high-water mark, {figures['peak_memory_before_mb']:.0f} MB with the model loaded)"
    )
    journey = figures["journey"]
    if journey is None:
        shown = "not measured (who is in a given --clip is not known, so nobody is enrolled)"
    elif journey["post_to_delivery_s"] is None:
        shown = f"not delivered within {JOURNEY_LIMIT_S:.0f} s: {journey['not_delivered']}"
    else:
        took = journey["post_to_delivery_s"]
        shown = (
            f"{took:.2f} s ({took / clip['duration_s']:.3f}x the clip, target "
            f"{figures['target_ratio']}x; {took / figures['raw_model']['wall_s']:.1f}x the raw "
            "model on the same frames)"
        )
    print(f"  post to delivery (emulator, bot and one worker in this process): {shown}")
