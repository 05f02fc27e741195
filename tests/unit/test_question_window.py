"""The part of a posted photo "Is this Alice?" shows: the face zoomed, with the photo
around it, never beyond the photo."""

from __future__ import annotations

from domain.corrections.crops import question_window


def test_a_small_face_in_a_big_photo_is_zoomed_with_a_quarter_of_the_photo_around_it() -> None:
    # A 4000x3000 class photo, a child's face of 100 pixels in the middle.
    left, top, right, bottom = question_window((4000, 3000), (1950, 1450, 100, 100))
    assert (right - left, bottom - top) == (1000, 750)  # a quarter of each side
    assert (left + right) / 2 == 2000 and (top + bottom) / 2 == 1500  # centred on the face


def test_a_bigger_face_keeps_four_face_sizes_of_context() -> None:
    left, top, right, bottom = question_window((4000, 3000), (1800, 1300, 300, 400))
    assert (right - left, bottom - top) == (1600, 1600)


def test_the_window_stays_inside_the_photo() -> None:
    # A face in the top-left corner: the window is moved, not cut.
    assert question_window((4000, 3000), (10, 20, 100, 100)) == (0, 0, 1000, 750)
    assert question_window((4000, 3000), (3890, 2880, 100, 100)) == (3000, 2250, 4000, 3000)
    # A face filling a small photo: the whole photo.
    assert question_window((400, 300), (100, 50, 200, 200)) == (0, 0, 400, 300)
