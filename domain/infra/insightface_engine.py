"""The face engine on insightface's ONNX models: SCRFD detection + ArcFace recognition.

Loaded once per process; inference runs on a small thread pool (onnxruntime
releases the GIL), never on the event loop. Recognition is one batched call
over all faces of an image.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import shutil
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
import onnxruntime

from domain.errors import ConfigurationError, ModelPackError
from domain.infra.images import BGRImage, check_size, decode_image, encode_jpeg
from domain.recognition.faces import EMBEDDING_SIZE, BGRPixels, DetectedFace, ImageFaces, Vector
from domain.recognition.quality import face_quality
from domain.settings import FacesSettings

log = logging.getLogger(__name__)

# Packs insightface publishes on its model zoo; only these can be downloaded.
DOWNLOADABLE_PACKS = frozenset({"buffalo_l", "buffalo_m", "buffalo_s", "buffalo_sc", "antelopev2"})
CROP_MARGIN = 0.25
CROP_MAX_SIDE = 256
SURROUNDED_MAX_SIDE = 1280  # a close-up looked at again: its longer side at most, in pixels
# A photo where no face is found is looked at again on a canvas this many times its size,
# the next only when the one before found nothing.
SURROUNDINGS = (2, 4)

# Directional detail of an aligned face (``quality.evenness``): the second derivative along
# 0, 45, 90 and 135 degrees, after a slight smoothing that takes out the line patterns of
# scanned prints (their fine detail runs along one direction too), and away from the
# aligned square's edges (filled, past a close-up's border).
DIRECTIONS = tuple(
    np.array(kernel, dtype=np.float64) * weight
    for kernel, weight in (
        ([[0, 0, 0], [1, -2, 1], [0, 0, 0]], 1.0),
        ([[1, 0, 0], [0, -2, 0], [0, 0, 1]], 0.5),
        ([[0, 1, 0], [0, -2, 0], [0, 1, 0]], 1.0),
        ([[0, 0, 1], [0, -2, 0], [1, 0, 0]], 0.5),
    )
)
DIRECTIONAL_SMOOTHING = 1.5  # sigma, in pixels of the 112-pixel aligned face
DIRECTIONAL_MARGIN = 12


def directional_detail(grey: npt.NDArray[Any]) -> tuple[float, ...]:
    """The variance of the aligned face's second derivative along each of ``DIRECTIONS``."""
    smooth = cv2.GaussianBlur(grey.astype(np.float64), (0, 0), DIRECTIONAL_SMOOTHING)
    m = DIRECTIONAL_MARGIN
    return tuple(
        float(cv2.filter2D(smooth, cv2.CV_64F, kernel)[m:-m, m:-m].var()) for kernel in DIRECTIONS
    )


# Puts a model-zoo pack into an empty work folder; returns the folder of its .onnx files.
Download = Callable[[str, Path], Path]


def from_model_zoo(pack: str, work: Path) -> Path:
    """insightface's model zoo: the pack's zip downloaded into ``work`` and unpacked there."""
    from insightface.utils.storage import download

    return Path(download(work.name, pack, root=str(work.parent)))


def resolve_pack_dir(
    settings: FacesSettings, *, download: bool = True, fetch: Download = from_model_zoo
) -> Path:
    """The pack's folder; downloads a model-zoo pack when it is missing and allowed.

    Processes starting at once on one models folder (compose's workers share a volume)
    download it once: each holds a lock beside the packs while it looks and downloads, so
    the next waits and then finds the pack. The pack is unpacked aside and renamed into
    place, so no process sees half of it, and a download killed midway is started afresh.
    """
    pack_dir = settings.pack_dir
    if _holds_pack(pack_dir):
        return pack_dir
    if not download or settings.pack not in DOWNLOADABLE_PACKS:
        raise ModelPackError(
            f"model pack {settings.pack!r} not found at {pack_dir}: put the pack's .onnx files "
            "there, or set FACEDROP_FACES__ROOT / FACEDROP_FACES__PACK"
        )
    try:
        settings.root.mkdir(parents=True, exist_ok=True)
        with _exclusive(settings.root / f".{settings.pack}.lock"):
            if not _holds_pack(pack_dir):  # another process may have downloaded it meanwhile
                _download(settings, fetch)
    except Exception as exc:  # requests, zipfile and OS errors alike
        raise ModelPackError(
            f"model pack {settings.pack!r} is not at {pack_dir} and downloading it failed ({exc})"
        ) from None
    return pack_dir


def _holds_pack(folder: Path) -> bool:
    return folder.is_dir() and any(folder.glob("*.onnx"))


@contextmanager
def _exclusive(lock_file: Path) -> Iterator[None]:
    """Held by one process at a time (``flock``; let go when the file closes, even when the
    process is killed)."""
    with lock_file.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info("waiting for another process to download the model pack (%s)", lock_file)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _download(settings: FacesSettings, fetch: Download) -> None:
    work = settings.root / f".{settings.pack}.download"
    shutil.rmtree(work, ignore_errors=True)  # what a download killed midway left
    work.mkdir()
    log.info("downloading model pack %s into %s", settings.pack, settings.root)
    try:
        fetch(settings.pack, work).rename(settings.pack_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the zip


class InsightFaceEngine:
    """``domain.recognition.faces.FaceEngine`` on a local insightface model pack."""

    def __init__(self, settings: FacesSettings, detector: Any, recognizer: Any) -> None:
        self._settings = settings
        self._detector = detector
        self._recognizer = recognizer
        self._pool = ThreadPoolExecutor(
            max_workers=settings.inference_threads, thread_name_prefix="faces"
        )

    @property
    def pack(self) -> str:
        return self._settings.pack

    @property
    def provider(self) -> str:
        """The execution provider the recognizer runs on (the first one onnxruntime took:
        a provider that failed to start, e.g. CUDA without a GPU, falls back to the next)."""
        return str(self._recognizer.session.get_providers()[0])

    @classmethod
    def load(cls, settings: FacesSettings, *, download: bool = True) -> InsightFaceEngine:
        """Load the pack's detector and recognizer (blocking: call it once, at start-up)."""
        from insightface.model_zoo import get_model

        pack_dir = resolve_pack_dir(settings, download=download)
        available = onnxruntime.get_available_providers()
        unavailable = [name for name in settings.providers if name not in available]
        if unavailable:
            raise ConfigurationError(
                f"face model provider {', '.join(unavailable)} is not in this onnxruntime "
                f"(it has {', '.join(available)}): for CUDA install facedrop[gpu] on a machine "
                "with a GPU, or set FACEDROP_FACES__PROVIDERS"
            )
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = settings.onnx_threads
        # onnxruntime's threads spin between runs by default, burning the cores the worker's
        # other jobs, Postgres and Qdrant need: measured on 2 cores, 30 photos detected and
        # embedded took 2.2 s spinning and 1.4 s not, and three processes at once 6.6 s each
        # spinning and 3.5 s not (facedrop bench recognize measures it on a machine).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        detector = recognizer = None
        started = time.perf_counter()
        for onnx_file in sorted(pack_dir.glob("*.onnx")):
            try:
                model = get_model(
                    str(onnx_file), providers=list(settings.providers), sess_options=options
                )
            except Exception as exc:  # onnxruntime raises its own exception types
                raise ModelPackError(f"cannot load {onnx_file.name}: {exc}") from None
            task = getattr(model, "taskname", None)
            if task == "detection" and detector is None:
                detector = model
            elif task == "recognition" and recognizer is None:
                recognizer = model
        if detector is None or recognizer is None:
            missing = "a detection model" if detector is None else "a recognition model"
            raise ModelPackError(f"model pack at {pack_dir} has no {missing}")
        # insightface's ctx_id < 0 resets a model to the CPU provider: only when asked for.
        ctx_id = -1 if settings.providers == ["CPUExecutionProvider"] else 0
        detector.prepare(
            ctx_id=ctx_id,
            input_size=(settings.det_size, settings.det_size),
            det_thresh=settings.det_threshold,
        )
        recognizer.prepare(ctx_id=ctx_id)
        log.info(
            "face models loaded: pack=%s dir=%s providers=%s in %.2fs",
            settings.pack,
            pack_dir,
            ",".join(recognizer.session.get_providers()),
            time.perf_counter() - started,
        )
        return cls(settings, detector, recognizer)

    async def analyze(self, image: bytes, *, crops: bool = False) -> ImageFaces:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._pool, partial(self.analyze_sync, image, crops=crops)
        )

    def analyze_sync(self, image: bytes, *, crops: bool = False) -> ImageFaces:
        settings = self._settings
        pixels = decode_image(image, max_pixels=settings.max_pixels, max_bytes=settings.max_bytes)
        return self._faces(pixels, crops=crops, closeups=True)

    async def analyze_pixels(
        self, pixels: BGRPixels, *, crops: bool = False, closeups: bool = True
    ) -> ImageFaces:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._pool, partial(self.analyze_pixels_sync, pixels, crops=crops, closeups=closeups)
        )

    def analyze_pixels_sync(
        self, pixels: BGRPixels, *, crops: bool = False, closeups: bool = True
    ) -> ImageFaces:
        height, width = pixels.shape[:2]
        # The same refusals as a photo's (the detector raises on a strip, or finds nothing
        # on a tiny frame): what ``decode_image`` checks before it decodes.
        check_size(width, height, max_pixels=self._settings.max_pixels)
        return self._faces(pixels, crops=crops, closeups=closeups)

    def _faces(self, pixels: BGRPixels, *, crops: bool, closeups: bool) -> ImageFaces:
        settings = self._settings
        height, width = pixels.shape[:2]
        seen, dx, dy, scale = pixels, 0, 0, 1.0  # where the faces were found: see below
        boxes, landmarks = self._detector.detect(pixels, max_num=settings.max_faces)
        for times in SURROUNDINGS if settings.closeups and closeups else ():
            if boxes is not None and len(boxes) > 0:
                break
            # A close-up: the detector misses a face filling the frame, and finds it with
            # surroundings. Faces are aligned there (the fill, not black, past an edge).
            seen, dx, dy, scale = with_surroundings(pixels, times)
            boxes, landmarks = self._detector.detect(seen, max_num=settings.max_faces)
        if boxes is None or len(boxes) == 0:
            return ImageFaces(width=width, height=height, faces=[])
        aligned = [self._align(seen, points) for points in landmarks]
        embeddings = self._embed(aligned)
        faces = []
        for box, points, face, embedding in zip(boxes, landmarks, aligned, embeddings, strict=True):
            x1, y1, x2, y2 = (float(v) for v in box[:4])
            # In the photo's own coordinates.
            x1, y1 = max((x1 - dx) / scale, 0.0), max((y1 - dy) / scale, 0.0)
            x2, y2 = min((x2 - dx) / scale, float(width)), min((y2 - dy) / scale, float(height))
            grey = cv2.cvtColor(face, cv2.COLOR_BGR2GRAY)
            sharpness = float(cv2.Laplacian(grey, cv2.CV_64F).var())
            points_list = tuple(
                ((float(px) - dx) / scale, (float(py) - dy) / scale) for px, py in points
            )
            faces.append(
                DetectedFace(
                    bbox=(round(x1, 1), round(y1, 1), round(x2, 1), round(y2, 1)),
                    landmarks=points_list,
                    det_score=round(float(box[4]), 4),
                    quality=face_quality(
                        min(x2 - x1, y2 - y1), sharpness, points_list, directional_detail(grey)
                    ),
                    embedding=embedding,
                    crop=_crop(pixels, (x1, y1, x2, y2)) if crops else None,
                )
            )
        faces.sort(key=lambda f: f.det_score, reverse=True)
        return ImageFaces(width=width, height=height, faces=faces)

    def _align(self, pixels: BGRImage, points: Any) -> BGRImage:
        from insightface.utils import face_align

        with warnings.catch_warnings():
            # scikit-image deprecation inside insightface, not ours to fix.
            warnings.simplefilter("ignore", FutureWarning)
            aligned: BGRImage = face_align.norm_crop(
                pixels, landmark=points, image_size=self._recognizer.input_size[0]
            )
        return aligned

    def _embed(self, aligned: list[BGRImage]) -> list[Vector]:
        raw = np.asarray(self._recognizer.get_feat(aligned), dtype=np.float32)
        raw = raw.reshape(len(aligned), -1)
        if raw.shape[1] != EMBEDDING_SIZE:
            raise ModelPackError(
                f"recognizer gives {raw.shape[1]}-d embeddings, need {EMBEDDING_SIZE}"
            )
        norms = np.linalg.norm(raw, axis=1, keepdims=True)
        normalized = raw / np.maximum(norms, 1e-12)
        return [row for row in normalized]

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def with_surroundings(pixels: BGRImage, times: int = 2) -> tuple[BGRImage, int, int, float]:
    """The photo in the middle of a canvas ``times`` its size, filled with its mean colour;
    where its top left corner lies (x, y) and its scale there (a large photo is made
    smaller first, the canvas's longer side at most twice SURROUNDED_MAX_SIDE: ample for a
    face that fills it). Measured on FG-NET's close-ups: a face is found in 148 of 248
    photos as they are, 247 on a canvas twice their size, the last one on a canvas four
    times (docs/recognition.md, "Close-ups")."""
    scale = min(1.0, 2 * SURROUNDED_MAX_SIDE / (times * max(pixels.shape[:2])))
    if scale < 1.0:
        pixels = np.asarray(
            cv2.resize(pixels, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA),
            dtype=np.uint8,
        )
    height, width = pixels.shape[:2]
    dx, dy = (times - 1) * width // 2, (times - 1) * height // 2
    canvas = np.empty((height * times, width * times, 3), dtype=pixels.dtype)
    canvas[:] = pixels.reshape(-1, 3).mean(axis=0).astype(pixels.dtype)
    canvas[dy : dy + height, dx : dx + width] = pixels
    return canvas, dx, dy, scale


def _crop(pixels: BGRImage, bbox: tuple[float, float, float, float]) -> bytes:
    """A JPEG of the face with some margin, at most CROP_MAX_SIDE pixels on a side."""
    height, width = pixels.shape[:2]
    x1, y1, x2, y2 = bbox
    margin_x, margin_y = (x2 - x1) * CROP_MARGIN, (y2 - y1) * CROP_MARGIN
    left, top = max(int(x1 - margin_x), 0), max(int(y1 - margin_y), 0)
    right, bottom = min(int(x2 + margin_x), width), min(int(y2 + margin_y), height)
    face: npt.NDArray[Any] = pixels[top:bottom, left:right]
    scale = CROP_MAX_SIDE / max(face.shape[:2])
    if scale < 1:
        face = cv2.resize(face, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return encode_jpeg(face)
