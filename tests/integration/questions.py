"""A face to ask a question about, on the real Postgres: the set-up the question tests share
(``test_question_reserve``, ``test_question_crops``)."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.infra.models import Face, Group, Person, Photo
from domain.states import FaceSource, GroupType, PersonStatus

CROP = "crops/face.jpg"  # the face's crop, as questions show it


async def face_and_alice() -> tuple[Face, Person]:
    """A face in a photo of Class 1A, its crop kept (``CROP``), and Alice, an enrolled
    child: nobody was asked about the face yet."""
    group = await Group.create(chat_id=-1, title="1A", type=GroupType.SUPERGROUP, join_token="t")
    photo = await Photo.create(
        group=group, message_id=1, file_id="f", file_unique_id="u", posted_at=datetime.now(UTC)
    )
    face = await Face.create(
        photo=photo,
        bbox_x=0,
        bbox_y=0,
        bbox_w=90,
        bbox_h=90,
        det_score=0.9,
        quality=0.8,
        source=FaceSource.GROUP_PHOTO,
        crop_key=CROP,
    )
    return face, await Person.create(name="Alice", status=PersonStatus.ACTIVE)
