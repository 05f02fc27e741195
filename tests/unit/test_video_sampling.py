"""Sampling a clip densely where faces are: the sampler's rule on synthetic frame times,
the faces told back as a ``FacesOnScreen`` is by the clip's reader."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from domain.videos.frames import FacesOnScreen, Sampler, SamplingRate, sampling_rate

RATE = SamplingRate(sparse_s=0.5, dense_s=0.25)


def _frames_at(fps: float, seconds: float) -> list[float]:
    return [i / fps for i in range(round(fps * seconds))]


def _sampled(
    times: Iterable[float], rate: SamplingRate, face_at: Callable[[float], bool]
) -> list[float]:
    """The times taken when the consumer finds a face in each frame ``face_at`` says, told
    back before the next frame is picked (as ``ClipFaceReader`` does)."""
    sampler, on_screen, taken = Sampler(rate), FacesOnScreen(), []
    for at_s in times:
        if sampler.take(at_s, dense=on_screen.faces):
            taken.append(round(at_s, 2))
            on_screen.faces = face_at(at_s)
    return taken


def test_a_face_seen_makes_the_next_sample_dense_and_none_makes_it_sparse() -> None:
    # A face on screen from 1.0 s to 2.0 s of a 4 s clip at 20 fps: the frame after the
    # last with the face comes densely, finds none, and the next is sparse again.
    taken = _sampled(_frames_at(20, 4.0), RATE, lambda at_s: 1.0 <= at_s <= 2.0)
    assert taken == [0.0, 0.5, 1.0, 1.25, 1.5, 1.75, 2.0, 2.25, 2.5, 3.0, 3.5]


def test_without_faces_a_clip_is_sampled_as_at_the_sparse_rate_alone() -> None:
    times = _frames_at(30, 4.0)
    sparse = Sampler(0.5)
    assert _sampled(times, RATE, lambda _: False) == [
        round(at_s, 2) for at_s in times if sparse.take(at_s)
    ]


def test_a_long_clip_seen_densely_all_through_keeps_within_max_frames() -> None:
    for duration_s in (30.0, 60.0, 90.0, 150.0, 3600.0):
        rate = sampling_rate(duration_s, per_s=2.0, dense_per_s=4.0, max_frames=240)
        taken = _sampled(_frames_at(10, duration_s), rate, lambda _: True)
        assert len(taken) <= 240 + 1, duration_s  # the frame at 0 s, then one per interval
        assert taken[-1] >= duration_s - rate.sparse_s  # the end of the clip is still seen


def test_the_dense_interval_divides_the_sparse_one_within_the_bound() -> None:
    assert sampling_rate(60.0, per_s=2.0, dense_per_s=4.0, max_frames=240) == RATE
    # 90 s: 4 a second would be 360 frames; the sparse 0.5 s is not halved past the bound.
    assert sampling_rate(90.0, per_s=2.0, dense_per_s=4.0, max_frames=240) == SamplingRate(0.5, 0.5)
    assert sampling_rate(3600.0, per_s=2.0, dense_per_s=4.0, max_frames=240) == SamplingRate(
        15.0, 15.0
    )
    # A dense rate at or under the sparse one turns density off.
    assert sampling_rate(10.0, per_s=2.0, dense_per_s=2.0, max_frames=240) == SamplingRate(0.5, 0.5)


def test_a_variable_rate_clip_is_still_sampled_by_time_at_both_rates() -> None:
    # 30 fps, then 10 fps in the dark, then 30 fps again; a face on screen throughout.
    times = [i / 30 for i in range(30)] + [1 + i / 10 for i in range(10)]
    times += [2 + i / 30 for i in range(30)]
    taken = _sampled(times, RATE, lambda _: True)
    assert taken == [0.0, 0.27, 0.5, 0.77, 1.0, 1.3, 1.5, 1.8, 2.0, 2.27, 2.5, 2.77]


def test_a_gap_in_the_clip_is_not_followed_by_a_burst_of_dense_frames() -> None:
    times = [0.0, 0.1, 0.2, 2.0, 2.05, 2.1, 2.2, 2.3]  # nothing between 0.2 s and 2.0 s
    assert _sampled(times, RATE, lambda _: True) == [0.0, 2.0, 2.3]
