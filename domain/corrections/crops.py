"""A question's face crop: kept while a question about the face is open, or while the
next family may still be asked about it (``next_family``), then deleted."""

from __future__ import annotations

from uuid import UUID

from domain.blobs import BlobStore
from domain.infra.models import Face, Suggestion
from domain.jobs import requests
from domain.states import FaceSource, RequestKind, SuggestionStatus


async def drop_crop(blobs: BlobStore, face_id: UUID) -> None:
    """Delete the face's crop unless a question about it is open or about to be asked."""
    if await Suggestion.exists(face_id=face_id, status=SuggestionStatus.PENDING):
        return
    if await requests.pending(RequestKind.ASK_NEXT_FAMILY, face_id):
        return
    face = await Face.get_or_none(id=face_id, source=FaceSource.GROUP_PHOTO)
    if face is None or face.crop_key is None:
        return
    await blobs.delete(face.crop_key)
    await Face.filter(id=face_id, crop_key=face.crop_key).update(crop_key=None)
