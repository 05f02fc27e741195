"""Group photos with known people in them, for tests, demos and benchmarks.

Single-face photos of different identities are cropped around their face and
tiled side by side, so who is in a collage is exact. Which photos to enroll and
which to post come from ``DEMO_CAST``, on the labelled photos of ``../shared/faces``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from PIL import Image

DATASET = "serengil_deepface/tests/unit/dataset"

# Enrollment photos and other photos of the same person for the group (never the same files).
DEMO_CAST: dict[str, dict[str, list[str]]] = {
    "angelina": {
        "enroll": ["img2.jpg", "img4.jpg", "img5.jpg"],
        "group": ["img6.jpg", "img7.jpg", "img10.jpg"],
    },
    "scarlett": {
        "enroll": ["img8.jpg", "img9.jpg", "img47.jpg"],
        "group": ["img48.jpg", "img49.jpg", "img50.jpg"],
    },
    "mark": {
        "enroll": ["img13.jpg", "img14.jpg", "img15.jpg"],
        "group": ["img57.jpg", "img58.jpg"],
    },
    "strangers": {"enroll": [], "group": ["img16.jpg", "img3.jpg", "img18.jpg", "img20.jpg"]},
}

FaceBox = Callable[[bytes], tuple[float, float, float, float]]


class Collages:
    def __init__(
        self, faces_dir: Path, face_box: FaceBox, *, tile_side: int = 256, dataset: str = DATASET
    ) -> None:
        """``face_box`` finds a photo's main face (x1, y1, x2, y2), e.g. with the face engine.

        Photos are named relative to ``faces_dir / dataset`` (``dataset=""``: to ``faces_dir``).
        """
        self._dir = faces_dir / dataset if dataset else faces_dir
        self._face_box = face_box
        self._side = tile_side
        self._tiles: dict[str, Image.Image] = {}

    def photo(self, name: str) -> bytes:
        """A photo of the dataset, by file name."""
        return (self._dir / name).read_bytes()

    def tile(self, name: str) -> Image.Image:
        if name not in self._tiles:
            data = self.photo(name)
            x1, y1, x2, y2 = self._face_box(data)
            image = Image.open(io.BytesIO(data)).convert("RGB")
            cx, cy, half = (x1 + x2) / 2, (y1 + y2) / 2, max(x2 - x1, y2 - y1)
            box = (int(cx - half), int(cy - half), int(cx + half), int(cy + half))
            self._tiles[name] = image.crop(box).resize((self._side, self._side))
        return self._tiles[name]

    def make(self, *names: str) -> bytes:
        """A JPEG with the faces of these photos side by side, on a plain background."""
        return self.make_with_tiles(*names)[0]

    def make_with_tiles(self, *names: str) -> tuple[bytes, list[tuple[int, int, int, int]]]:
        """The collage and where each photo's tile lies in it (x1, y1, x2, y2), in order."""
        tiles = [self.tile(name) for name in names]
        gap = 40
        width = sum(t.width for t in tiles) + gap * (len(tiles) + 1)
        canvas = Image.new("RGB", (width, self._side + 2 * gap + 4), (235, 235, 230))
        x, boxes = gap, []
        for tile in tiles:
            canvas.paste(tile, (x, gap + 2))
            boxes.append((x, gap + 2, x + tile.width, gap + 2 + tile.height))
            x += tile.width + gap
        out = io.BytesIO()
        canvas.save(out, format="JPEG", quality=92)
        return out.getvalue(), boxes
