"""Errors the domain raises on purpose, each with a message a person can act on."""

from __future__ import annotations


class FacedropError(Exception):
    """Base of every error facedrop raises on purpose."""


class ConfigurationError(FacedropError):
    """The settings are invalid or a configured component cannot be used."""


class ImageError(FacedropError):
    """An image cannot be used for face detection; ``reason`` says why, for people."""

    reason = "the file cannot be used as a photo"

    def __init__(self, detail: str | None = None) -> None:
        self.detail = detail
        super().__init__(self.reason if detail is None else f"{self.reason}: {detail}")


class EmptyImage(ImageError):
    reason = "the file is empty"


class NotAnImage(ImageError):
    reason = "the file is not an image"


class BrokenImage(ImageError):
    reason = "the image is damaged or incomplete"


class ImageTooLarge(ImageError):
    reason = "the image is too large"


class ImageTooSmall(ImageError):
    reason = "the image is too small to show a face"


class ImageOddShape(ImageError):
    reason = "the image is too long and narrow to be a photo"


class NotDownloaded(ImageError):
    """Telegram would not give the bot the file (over the Bot API's download limit, or gone)."""

    reason = "the file cannot be downloaded"


class EngineFailed(ImageError):
    """The face engine raised something unexpected on this image, attempt after attempt."""

    reason = "the face engine could not process the image"


class ModelPackError(FacedropError):
    """The face model pack is missing, incomplete or cannot be loaded."""


class BlobNotFound(FacedropError):
    """No blob (or only an expired one) is stored under the key."""


class InvalidBlobKey(FacedropError):
    """A blob key that could escape its store or is otherwise malformed."""
