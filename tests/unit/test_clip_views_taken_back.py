"""A clip's views taken back while enrolling ("Remove these views"), and the running count
that tells a clip's views apart from photos, on enrollment's store in memory
(``tests/fakes/enrollment.py``): only the presser's own open session's, not learned yet,
once; the verdicts after it say the count left."""

from __future__ import annotations

from uuid import UUID, uuid5

from domain.enrollment import texts
from domain.enrollment.rules import MIN_PHOTOS, Tally
from domain.enrollment.service import FinishOutcome, PhotoAnswer, session_crop_key
from domain.enrollment.stores import Said
from domain.states import EnrollmentPhotoStatus, MediaKind, PersonStatus
from tests.unit.test_enrollment_session import ANN, Session


async def _clip(session: Session, views: int) -> UUID:
    """Ann sends a clip; its check keeps ``views`` views of the face (each an accepted
    row with its face and crop, as ``EnrollmentFaces._check_clip`` stores them) and its
    verdict is told."""
    message = len(session.store.photos) + 10
    assert await session.enrollment.add_photo(
        session.alice, ANN, ANN, "clip", None, message, MediaKind.VIDEO
    )
    clip = next(p for p in session.store.photos.values() if p.message_id == message)
    for number in range(views):
        face = uuid5(clip.id, str(number))
        session.store.faces[face] = (session.alice, True, session_crop_key(face))
        await session.store.add_view(uuid5(face, "view"), clip, 2.0 * number, face, -1)
    await session.store.record_verdict(
        clip.id, EnrollmentPhotoStatus.REJECTED, Said("accepted"), None
    )
    await session.store.set_reply(clip.id, message + 100)
    return clip.id


def _views(session: Session, clip: UUID) -> list[UUID]:
    return [p.id for p in session.store.photos.values() if p.clip_id == clip]


async def test_a_clips_views_are_taken_back_together_and_the_verdicts_after_it_recount() -> None:
    session = Session()
    (photo,) = await session.send(1)
    clip = await _clip(session, views=3)
    (later,) = await session.send(1)
    faces = [session.store.photos[v].face_id for v in _views(session, clip)]

    outcome = await session.enrollment.remove_clip_views(clip, ANN, session.alice)

    assert (outcome.answer, outcome.views, outcome.count) == (
        PhotoAnswer.REMOVED,
        3,
        Tally(photos=2),
    )
    assert _views(session, clip) == [] and clip in session.store.photos  # sent again: nothing
    assert not any(f in session.store.faces for f in faces)
    assert sorted(session.store.synced, key=str) == sorted(faces, key=str)  # the index follows
    assert sorted(session.blobs.deleted) == sorted(session_crop_key(f) for f in faces if f)
    # The photo after the clip said "3 views from your clip and 2 photos"; now 2 of 3.
    (retold,) = outcome.retold
    assert (retold.photo_id, retold.count) == (later, Tally(photos=2))
    assert retold.message()[0] == "✅ Accepted (2 of 3)."
    assert photo in session.store.photos
    # Pressed again: nothing left to take back.
    again = await session.enrollment.remove_clip_views(clip, ANN, session.alice)
    assert again.answer == PhotoAnswer.EXPIRED


async def test_views_of_another_session_a_photo_or_views_learned_are_not_taken_back() -> None:
    session = Session()
    (photo,) = await session.send(1)
    clip = await _clip(session, views=2)
    other = session.store.person_of(ANN, "Ben", PersonStatus.ENROLLING)
    remove = session.enrollment.remove_clip_views

    assert (await remove(clip, ANN, other)).answer == PhotoAnswer.EXPIRED  # not that session
    assert (await remove(clip, 999, session.alice)).answer == PhotoAnswer.EXPIRED  # a stranger
    assert (await remove(photo, ANN, session.alice)).answer == PhotoAnswer.EXPIRED  # no clip
    # A view is no photo: "Remove this photo" with a view's id takes nothing.
    view = _views(session, clip)[0]
    assert (await session.enrollment.remove_photo(view, ANN, session.alice)).answer == (
        PhotoAnswer.EXPIRED
    )
    learned = session.store.photos[view].face_id
    assert learned is not None
    session.store.prototypes.add(learned)
    assert (await remove(clip, ANN, session.alice)).answer == PhotoAnswer.EXPIRED
    assert len(_views(session, clip)) == 2


async def test_done_with_too_few_tells_views_from_photos_and_done_edits_the_clips_answer() -> None:
    session = Session()
    await session.send(1)
    clip = await _clip(session, views=1)

    too_few = await session.enrollment.finish(session.alice, ANN)
    assert too_few.outcome == FinishOutcome.TOO_FEW
    assert texts.too_few_photos(too_few.accepted, too_few.minimum, too_few.count) == (
        "I need at least 3, photos or views from a clip; I have 1 view from your clip and "
        "1 photo. Please send more."
    )

    await session.send(1)
    finish = await session.enrollment.finish(session.alice, ANN)
    assert finish.outcome == FinishOutcome.FINISHING
    closing = {r.message_id: r for r in finish.replies}
    clip_reply = session.store.photos[clip].reply_id
    assert clip_reply is not None
    # Its "so far (2 of 3)" is no longer true (walk37B 6): it says what the clip kept, and
    # the last photo's count says it all.
    assert closing[clip_reply].text() == "✅ From your clip I kept 1 view of Alice's face (0:00)."
    assert [r.text() for r in finish.replies if r.count is not None and r.clip is None] == [
        "✅ Accepted: 1 view from your clip and 2 photos."
    ]


async def test_cancel_says_the_clip_is_not_learned_from() -> None:
    session = Session()
    clip = await _clip(session, views=MIN_PHOTOS)
    clip_reply = session.store.photos[clip].reply_id
    cancelled = await session.enrollment.cancel(session.alice, ANN, new_person=True)
    assert cancelled is not None
    (closed,) = cancelled.replies  # the clip's answer, its button going
    assert closed.message_id == clip_reply
    assert closed.text() == "🗑 Cancelled: I won't learn from this clip."


def test_the_running_count_tells_a_clips_views_from_photos() -> None:
    assert texts.photo_accepted(Tally(photos=2), 3) == "✅ Accepted (2 of 3)."
    assert texts.photo_accepted(Tally(photos=1, views=3, clips=1), 3) == (
        "✅ Accepted: 3 views from your clip and 1 photo so far. Send more, or /done."
    )
    assert texts.photo_accepted(Tally(photos=1, views=1, clips=1), 3) == (
        "✅ Accepted: 1 view from your clip and 1 photo so far (2 of 3)."
    )
    assert texts.tally(Tally(photos=0, views=4, clips=2)) == "4 views from your clips"
    assert texts.enrollment_photo_removed(Tally(photos=1), 3, views=3) == (
        "🗑 Removed: I won't learn from these 3 views of your clip. 1 of 3 now."
    )
    assert texts.enrollment_photo_removed(Tally(photos=2, views=2, clips=1), 3) == (
        "🗑 Removed: I won't learn from this photo. 2 views from your clip and 2 photos now."
    )
    assert texts.remove_views_button(1) == "Remove this view"
    assert texts.remove_views_button(3) == "Remove these views"
