"""The face engine on the real buffalo_sc pack and real photos from ../shared/faces."""

from __future__ import annotations

import asyncio
import csv
import io
import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from domain.errors import (
    BrokenImage,
    EmptyImage,
    ImageError,
    ImageOddShape,
    ImageTooLarge,
    ImageTooSmall,
    NotAnImage,
)
from domain.infra import insightface_engine
from domain.infra.insightface_engine import InsightFaceEngine, resolve_pack_dir
from domain.recognition.thresholds import thresholds_for
from domain.settings import FacesSettings
from tests.conftest import DEEPFACE, FACES, T1, TEST_PACK, shared_photo
from tests.images import declared_png, plain_image

ANGELINA = f"{DEEPFACE}/img1.jpg"
CROWD = "trandinhnguyen_scrfd_onnx/images/worlds_largest_selfie_image.jpg"
NO_FACE = "deepinsight_insightface/cpp-package/inspireface/test_res/data/bulk/view.jpg"
SKIPPED_LABELS = {"group", "unknown", "no_face", "identity"}


def _bytes(relative: str) -> bytes:
    return shared_photo(relative).read_bytes()


def _reencode(data: bytes, convert: str | None = None, **options: Any) -> bytes:
    image: Image.Image = Image.open(io.BytesIO(data))
    if convert:
        image = image.convert(convert)
    out = io.BytesIO()
    image.save(out, format=options.pop("format", "JPEG"), **options)
    return out.getvalue()


async def test_t1_has_six_faces(engine: InsightFaceEngine) -> None:
    found = await engine.analyze(_bytes(T1))
    assert (found.width, found.height) == (1280, 886)
    assert len(found.faces) == 6
    for face in found.faces:
        x1, y1, x2, y2 = face.bbox
        assert 0 <= x1 < x2 <= found.width
        assert 0 <= y1 < y2 <= found.height
        assert len(face.landmarks) == 5
        assert all(x1 - 5 <= px <= x2 + 5 and y1 - 5 <= py <= y2 + 5 for px, py in face.landmarks)
        assert 0.5 <= face.det_score <= 1.0
        assert 0.0 <= face.quality.score <= 1.0
        assert face.embedding.shape == (512,)
        assert face.embedding.dtype == np.float32
        assert np.linalg.norm(face.embedding) == pytest.approx(1.0, abs=1e-5)
        assert face.crop is None
    assert [f.det_score for f in found.faces] == sorted(
        (f.det_score for f in found.faces), reverse=True
    )


async def test_photo_without_a_face_gives_none(engine: InsightFaceEngine) -> None:
    assert (await engine.analyze(_bytes(NO_FACE))).faces == []


def _close_up(data: bytes, bbox: tuple[float, float, float, float]) -> bytes:
    """The photo cut to a face's box: the face fills the frame, as in a parent's close-up."""
    image = Image.open(io.BytesIO(data)).convert("RGB")
    out = io.BytesIO()
    image.crop((int(bbox[0]), int(bbox[1]), int(bbox[2]), int(bbox[3]))).save(
        out, format="JPEG", quality=95
    )
    return out.getvalue()


@pytest.mark.parametrize("photo", [ANGELINA, f"{DEEPFACE}/img8.jpg"])
async def test_a_close_up_whose_face_fills_the_frame_is_found_and_placed_in_it(
    engine: InsightFaceEngine, faces_settings: FacesSettings, photo: str
) -> None:
    data = _bytes(photo)
    whole = max((await engine.analyze(data)).faces, key=lambda f: f.min_side)
    close = _close_up(data, whole.bbox)
    found = await engine.analyze(close, crops=True)
    (face,) = found.faces
    # Placed in the close-up's own coordinates: the box fills most of it, the eyes are
    # inside it, left of each other as in the photo.
    x1, y1, x2, y2 = face.bbox
    assert 0 <= x1 < x2 <= found.width and 0 <= y1 < y2 <= found.height
    assert (x2 - x1) >= 0.8 * found.width
    (lx, ly), (rx, ry) = face.landmarks[:2]
    assert 0 < lx < rx < found.width and 0 < ly < found.height and 0 < ry < found.height
    # The same face as in the whole photo, well above the automatic threshold.
    calibrated = thresholds_for(TEST_PACK)
    assert float(np.dot(face.embedding, whole.embedding)) > calibrated.auto + 0.3
    assert face.crop is not None and Image.open(io.BytesIO(face.crop)).format == "JPEG"
    # As it is, the detector misses it: the second look is what finds it.
    plain = InsightFaceEngine.load(faces_settings.model_copy(update={"closeups": False}))
    try:
        assert (await plain.analyze(close)).faces == []
    finally:
        plain.close()


async def test_a_close_up_missed_with_some_surroundings_is_found_with_more(
    engine: InsightFaceEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FG-NET 038A00, a scanned print of a baby filling the frame: no face as it is nor on
    a canvas twice its size; found on one four times its size, and placed in the photo."""
    data = (FACES / "children" / "fgnet" / "038A00.jpg").read_bytes()
    found = await engine.analyze(data)
    (face,) = found.faces
    x1, y1, x2, y2 = face.bbox
    assert 0 <= x1 < x2 <= found.width and 0 <= y1 < y2 <= found.height
    assert (x2 - x1) >= 0.5 * found.width  # the face fills the print
    (lx, ly), (rx, ry) = face.landmarks[:2]
    assert x1 < lx < rx < x2 and y1 < ly < y2 and y1 < ry < y2
    monkeypatch.setattr(insightface_engine, "SURROUNDINGS", (2,))
    assert (await engine.analyze(data)).faces == []


async def test_crops_are_small_jpegs_of_each_face(engine: InsightFaceEngine) -> None:
    found = await engine.analyze(_bytes(T1), crops=True)
    for face in found.faces:
        assert face.crop is not None
        crop = Image.open(io.BytesIO(face.crop))
        assert crop.format == "JPEG"
        assert max(crop.size) <= 256
        assert min(crop.size) >= 64


async def test_same_person_pairs_score_above_different_person_pairs(
    engine: InsightFaceEngine,
) -> None:
    with (FACES / "labels.csv").open(newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["identity"] not in SKIPPED_LABELS]
    labelled: list[tuple[str, np.ndarray]] = []
    for row in rows:
        found = await engine.analyze((FACES / row["file"]).read_bytes())
        if found.faces:
            labelled.append((row["identity"], max(found.faces, key=lambda f: f.min_side).embedding))
    assert len(labelled) >= 70
    genuine: list[float] = []
    impostor: list[float] = []
    for (id_a, a), (id_b, b) in itertools.combinations(labelled, 2):
        (genuine if id_a == id_b else impostor).append(float(np.dot(a, b)))
    assert np.mean(genuine) > np.mean(impostor) + 0.4
    assert np.percentile(genuine, 5) > np.percentile(impostor, 99.9)
    # The pack's auto threshold lets no different-person pair through.
    assert max(impostor) < thresholds_for(TEST_PACK).auto


async def test_the_same_face_in_another_photo_matches(engine: InsightFaceEngine) -> None:
    """Angelina alone, and Angelina in couple.jpg: her face there is the best match."""
    alone = (await engine.analyze(_bytes(ANGELINA))).faces[0].embedding
    couple = (await engine.analyze(_bytes(f"{DEEPFACE}/couple.jpg"))).faces
    scores = sorted((float(np.dot(alone, f.embedding)) for f in couple), reverse=True)
    assert len(scores) == 2
    assert scores[0] >= thresholds_for(TEST_PACK).auto > scores[1]


async def test_exif_orientation_is_honoured(engine: InsightFaceEngine) -> None:
    upright = Image.open(io.BytesIO(_bytes(ANGELINA))).convert("RGB")
    stored_sideways = upright.transpose(Image.Transpose.ROTATE_90)  # as a phone stores it
    exif = Image.Exif()
    exif[0x0112] = 6  # display rotated 90 degrees clockwise
    out = io.BytesIO()
    stored_sideways.save(out, format="JPEG", quality=95, exif=exif.tobytes())

    reference = (await engine.analyze(_bytes(ANGELINA))).faces[0]
    rotated = await engine.analyze(out.getvalue())
    assert (rotated.width, rotated.height) == upright.size
    assert len(rotated.faces) == 1
    assert float(np.dot(reference.embedding, rotated.faces[0].embedding)) > 0.9
    assert np.allclose(reference.bbox, rotated.faces[0].bbox, atol=25)


@pytest.mark.parametrize(
    ("convert", "fmt"),
    [("CMYK", "JPEG"), ("L", "JPEG"), ("RGBA", "PNG"), ("LA", "PNG"), ("P", "PNG")],
)
async def test_other_colour_modes_still_find_the_face(
    engine: InsightFaceEngine, convert: str, fmt: str
) -> None:
    reference = (await engine.analyze(_bytes(ANGELINA))).faces[0]
    found = await engine.analyze(_reencode(_bytes(ANGELINA), convert, format=fmt))
    assert len(found.faces) == 1
    assert float(np.dot(reference.embedding, found.faces[0].embedding)) > 0.7


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", EmptyImage),
        (b"this is a text file, not a photo", NotAnImage),
        (_bytes(ANGELINA)[:20_000], BrokenImage),
    ],
    ids=["empty", "not-an-image", "truncated-jpeg"],
)
async def test_bad_input_raises_a_typed_error(
    engine: InsightFaceEngine, data: bytes, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await engine.analyze(data)
    # ... and the engine keeps working.
    assert len((await engine.analyze(_bytes(ANGELINA))).faces) == 1


async def test_image_over_the_pixel_limit_is_refused(faces_settings: FacesSettings) -> None:
    strict = InsightFaceEngine.load(
        faces_settings.model_copy(update={"max_pixels": 1_000_000}), download=False
    )
    try:
        with pytest.raises(ImageTooLarge, match="the limit is 1"):
            await strict.analyze(_bytes(T1))  # 1280 x 886 = 1.1 megapixels
    finally:
        strict.close()


async def test_recognition_is_one_batch_per_image(faces_settings: FacesSettings) -> None:
    loaded = InsightFaceEngine.load(faces_settings, download=False)
    batches: list[int] = []
    recognizer = loaded._recognizer
    original = recognizer.get_feat

    def counting(images: list[np.ndarray]) -> np.ndarray:
        batches.append(len(images))
        features: np.ndarray = original(images)
        return features

    recognizer.get_feat = counting
    try:
        await loaded.analyze(_bytes(T1))
    finally:
        loaded.close()
    assert batches == [6]


async def test_inference_runs_off_the_event_loop(engine: InsightFaceEngine) -> None:
    ticks = 0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            await asyncio.sleep(0.001)

    ticking = asyncio.create_task(ticker())
    found = await engine.analyze(_bytes(CROWD))
    done.set()
    await ticking
    assert len(found.faces) > 100
    assert ticks > 10  # the loop kept turning while the crowd photo was analyzed


async def test_missing_model_pack_is_explained(tmp_path: Path) -> None:
    from domain.errors import ModelPackError

    with pytest.raises(ModelPackError, match="not found"):
        InsightFaceEngine.load(FacesSettings(pack="buffalo_sc", root=tmp_path), download=False)
    with pytest.raises(ModelPackError, match="my_pack"):
        InsightFaceEngine.load(FacesSettings(pack="my_pack", root=tmp_path))  # not downloadable


def test_workers_starting_at_once_download_the_pack_once_and_load_it_whole(
    tmp_path: Path, faces_settings: FacesSettings
) -> None:
    # Compose's two workers share the models volume and start together. A stand-in for
    # the model zoo copies the real pack slowly, so the second asks while the first is
    # midway; each asks with a lock file of its own (as two processes would).
    settings = faces_settings.model_copy(update={"root": tmp_path / "models"})
    downloads: list[str] = []
    downloading = threading.Event()

    def slow_model_zoo(pack: str, work: Path) -> Path:
        downloads.append(pack)
        folder = work / pack
        folder.mkdir()
        for onnx in sorted(faces_settings.pack_dir.glob("*.onnx")):
            with onnx.open("rb") as source, (folder / onnx.name).open("wb") as copy:
                while chunk := source.read(1 << 20):
                    copy.write(chunk)
                    downloading.set()
                    time.sleep(0.02)
        return folder

    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(resolve_pack_dir, settings, fetch=slow_model_zoo)
        assert downloading.wait(10)
        second = pool.submit(resolve_pack_dir, settings, fetch=slow_model_zoo)
        assert first.result(60) == second.result(60) == settings.pack_dir

    assert downloads == [settings.pack]
    assert sorted(p.name for p in settings.root.iterdir()) == [
        f".{settings.pack}.lock",
        settings.pack,
    ]
    for onnx in faces_settings.pack_dir.glob("*.onnx"):
        assert (settings.pack_dir / onnx.name).read_bytes() == onnx.read_bytes()
    loaded = InsightFaceEngine.load(settings, download=False)
    try:
        assert len(loaded.analyze_sync(_bytes(T1)).faces) == 6
    finally:
        loaded.close()


def test_the_engine_says_which_provider_runs_it(engine: InsightFaceEngine) -> None:
    assert engine.provider == "CPUExecutionProvider"


def test_a_provider_this_onnxruntime_lacks_is_refused_clearly(
    faces_settings: FacesSettings,
) -> None:
    from domain.errors import ConfigurationError

    gpu = faces_settings.model_copy(
        update={"providers": ["CUDAExecutionProvider", "CPUExecutionProvider"]}
    )
    with pytest.raises(ConfigurationError, match=r"CUDAExecutionProvider .*facedrop\[gpu\]"):
        InsightFaceEngine.load(gpu, download=False)


def test_providers_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from domain.settings import Settings

    monkeypatch.setenv(
        "FACEDROP_FACES__PROVIDERS", '["CUDAExecutionProvider", "CPUExecutionProvider"]'
    )
    assert Settings().faces.providers == ["CUDAExecutionProvider", "CPUExecutionProvider"]
    monkeypatch.setenv("FACEDROP_FACES__PROVIDERS", "[]")
    with pytest.raises(ValueError, match="at least 1"):
        Settings()


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    [
        (plain_image(3, 3000), ImageOddShape, "3x3000 pixels"),
        (plain_image(3000, 3), ImageOddShape, "3000x3 pixels"),
        (plain_image(40, 2000), ImageOddShape, "at most 20 times"),
        (plain_image(1, 1), ImageTooSmall, "1x1 pixels"),
        (plain_image(1, 1, "PNG"), ImageTooSmall, "at least 32"),
        (declared_png(30000, 30000), ImageTooLarge, "too large"),
    ],
    ids=["strip-3x3000", "strip-3000x3", "strip-40x2000", "1x1-jpeg", "1x1-png", "png-30000"],
)
async def test_unusable_shapes_are_refused_with_a_reason(
    engine: InsightFaceEngine, data: bytes, error: type[ImageError], reason: str
) -> None:
    """Refused before detection with the domain's error (a strip made OpenCV raise)."""
    with pytest.raises(error, match=reason):
        await engine.analyze(data, crops=True)
    assert len((await engine.analyze(_bytes(ANGELINA))).faces) == 1


async def test_a_wide_panorama_is_still_a_photo(engine: InsightFaceEngine) -> None:
    face = Image.open(io.BytesIO(_bytes(ANGELINA))).convert("RGB")
    face.thumbnail((400, 400))
    panorama = Image.new("RGB", (face.width * 8, face.height), (200, 200, 200))
    panorama.paste(face, (face.width * 3, 0))
    out = io.BytesIO()
    panorama.save(out, format="JPEG", quality=95)
    found = await engine.analyze(out.getvalue())
    assert (found.width, found.height) == panorama.size
    assert len(found.faces) == 1


@pytest.mark.parametrize("fmt", ["GIF", "WEBP"])
async def test_the_first_frame_of_an_animation_is_analyzed(
    engine: InsightFaceEngine, fmt: str
) -> None:
    reference = (await engine.analyze(_bytes(ANGELINA))).faces[0]
    face = Image.open(io.BytesIO(_bytes(ANGELINA))).convert("RGB")
    frames = [face, Image.new("RGB", face.size, (10, 10, 10)), face.rotate(180)]
    out = io.BytesIO()
    frames[0].save(out, format=fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)
    assert getattr(Image.open(io.BytesIO(out.getvalue())), "n_frames", 1) == 3
    found = await engine.analyze(out.getvalue())
    assert len(found.faces) == 1
    assert float(np.dot(reference.embedding, found.faces[0].embedding)) > 0.7


def test_the_journeys_engine_answers_as_the_model_does_and_runs_it_once_per_image(
    engine: InsightFaceEngine,
) -> None:
    """The end-to-end tests' engine (tests/e2e/engine.py) remembers what the model found
    in an image: the same answer as the model's, the model run once for it, each caller
    its own copy; an image it refuses is refused every time."""
    from tests.e2e.engine import RememberingEngine

    remembering = RememberingEngine(engine)
    try:
        data = shared_photo(T1).read_bytes()
        first = remembering.analyze_sync(data, crops=True)
        first.faces.clear()  # a caller changing its answer changes no one else's
        again = remembering.analyze_sync(data, crops=True)
        real = engine.analyze_sync(data, crops=True)
        assert remembering.analyzed == 1
        assert len(again.faces) == len(real.faces) == 6
        for kept, found in zip(again.faces, real.faces, strict=True):
            assert kept.bbox == pytest.approx(found.bbox)
            assert np.allclose(kept.embedding, found.embedding, atol=1e-5)
            assert kept.crop == found.crop
        pixels = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))[:, :, ::-1].copy()
        framed = remembering.analyze_pixels_sync(pixels)
        assert len(remembering.analyze_pixels_sync(pixels).faces) == len(framed.faces)
        assert remembering.analyzed == 2
        for _ in range(2):
            with pytest.raises(ImageError):
                remembering.analyze_sync(b"not an image")
        assert remembering.analyzed == 2
    finally:
        remembering.close()
