"""The face engine the journeys run on: the real one, remembering its answers.

A test worker's journeys post the same few dozen photos again and again (43 journeys of
three files analyzed 48 different images 230 times), and what the model finds in an image
depends on the image alone: the first time an image (its bytes, or a clip frame's pixels)
is analyzed the real model runs on it, and later analyses of the same image get a copy of
that answer. Every face a journey sees was found and embedded by the real model, on
exactly those bytes; an image the engine refuses is refused again each time.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Hashable
from threading import Lock

import numpy as np

from domain.infra.insightface_engine import InsightFaceEngine
from domain.recognition.faces import BGRPixels, ImageFaces

# The answers kept, the oldest forgotten first: a worker's journeys use far fewer images.
KEPT = 4096


class RememberingEngine(InsightFaceEngine):
    def __init__(self, loaded: InsightFaceEngine) -> None:
        # The loaded models themselves, shared (a pool of its own to run them in).
        super().__init__(loaded._settings, loaded._detector, loaded._recognizer)
        self._found: dict[Hashable, ImageFaces] = {}
        self._lock = Lock()
        self.analyzed = 0  # how many times the model itself ran

    def analyze_sync(self, image: bytes, *, crops: bool = False) -> ImageFaces:
        key = ("image", hashlib.sha256(image).digest(), crops)
        return self._remembered(
            key, lambda: super(RememberingEngine, self).analyze_sync(image, crops=crops)
        )

    def analyze_pixels_sync(
        self, pixels: BGRPixels, *, crops: bool = False, closeups: bool = True
    ) -> ImageFaces:
        digest = hashlib.sha256(np.ascontiguousarray(pixels).data).digest()
        key = ("pixels", pixels.shape, str(pixels.dtype), digest, crops, closeups)
        return self._remembered(
            key,
            lambda: super(RememberingEngine, self).analyze_pixels_sync(
                pixels, crops=crops, closeups=closeups
            ),
        )

    def _remembered(self, key: Hashable, analyze: Callable[[], ImageFaces]) -> ImageFaces:
        with self._lock:
            found = self._found.get(key)
        if found is None:
            found = analyze()  # raises for an image it cannot use: nothing remembered
            with self._lock:
                if len(self._found) >= KEPT:
                    del self._found[next(iter(self._found))]
                self._found[key] = found
                self.analyzed += 1
        return copy.deepcopy(found)  # no caller changes what another one gets
