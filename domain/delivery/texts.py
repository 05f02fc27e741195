"""What delivering photos says to people (HTML parse mode)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from domain.languages.catalogs import RLM, _, isolated, ngettext, right_to_left
from domain.languages.markup import e
from domain.languages.texts import counted_clips, counted_media, counted_photos

CAPTION_LIMIT = 1024  # Telegram counts a caption's UTF-16 code units, as shown (after HTML)


def utf16_units(text: str) -> int:
    # a character beyond the Basic Multilingual Plane is a surrogate pair: two units
    return sum(2 if ord(char) > 0xFFFF else 1 for char in text)


def _caption(names: Sequence[str], hidden: int, group_title: str) -> str:
    listed = ", ".join(isolated(name) for name in names)
    if hidden:
        listed = _("{names} and {count} more").format(names=listed, count=hidden)
    line = f"{listed} · {isolated(group_title)}"
    # Made here, not by the catalog: its only letters are inside the isolates, which a
    # line's direction does not see, so a Hebrew app would lay it out left to right
    # (walkhe 11) unless it begins with the mark, as the catalog's lines do.
    return RLM + line if right_to_left() and not line.startswith(RLM) else line


def clock(seconds: float) -> str:
    """A time in a clip as players show it: 0:07, 1:12, 1:02:03."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def span(seen: tuple[float, float], clip_s: float | None = None) -> tuple[str, str]:
    """When a face of a clip is on screen, as a viewer reads it (walk34 7): from the second
    it is first seen to the whole second after its last sampled frame (the face may be
    there until the next sample; "from 0:00 to 0:01" of a 2-second clip it is in
    throughout read as if it left a second early), never past the clip's end as a player
    shows its length (``clip_s``, rounded, when known). The same time twice: seen within
    one second, which a question says as an instant ("at 0:02")."""
    first, last = seen
    if clock(first) == clock(last):
        return clock(first), clock(first)
    end = float(math.ceil(last - 1e-6))
    if clip_s:
        end = min(end, float(round(clip_s)))
    return clock(first), clock(end)


def clocks_apart(times: Sequence[float]) -> list[str]:
    """Times in a clip as ``clock`` shows them, in order, told apart: those that would read
    alike get tenths of a second ("0:00.0, 0:00.5, 0:01"; hundredths where tenths still
    read alike), so that two different times never read the same (findings26 8)."""
    ordered = sorted(times)
    alike: dict[str, list[float]] = {}
    for at in ordered:
        alike.setdefault(clock(at), []).append(at)
    digits = {
        text: next(
            (d for d in (1, 2) if len({_fraction(at, d) for at in group}) == len(set(group))), 2
        )
        for text, group in alike.items()
        if len(set(group)) > 1
    }
    return [
        f"{clock(at)}.{_fraction(at, digits[clock(at)])}" if clock(at) in digits else clock(at)
        for at in ordered
    ]


def _fraction(seconds: float, digits: int) -> str:
    """The fraction of a second, cut (as ``clock`` cuts the seconds) to ``digits``."""
    return f"{int(round(seconds % 1 * 10**digits, 6)):0{digits}d}"


def on_screen(name: str, times: Sequence[float]) -> str:
    """A person of a clip and when they are on screen: "Alice at 0:12, 0:40"."""
    return _("{name} at {times}").format(name=name, times=", ".join(clock(t) for t in times))


def delivery_caption(names: Sequence[str], group_title: str) -> str:
    """Whose photo and from where; names that don't fit Telegram's caption limit are
    counted ("and 3 more") rather than making the photo undeliverable."""
    shown = list(names)
    while True:
        hidden = len(names) - len(shown)
        # measured as shown, after HTML: the names unescaped
        if not shown or utf16_units(_caption(shown, hidden, group_title)) <= CAPTION_LIMIT:
            break
        shown.pop()
    return _caption([e(n) for n in shown], hidden, e(group_title))


def held_delivered(photos: int, clips: int = 0) -> str:
    """Where "Sending 2 photos." answered the held photos' offer, once they went."""
    if not clips:
        return ngettext("Sent {count} photo.", "Sent {count} photos.", photos).format(count=photos)
    if not photos:
        return ngettext("Sent {count} clip.", "Sent {count} clips.", clips).format(count=clips)
    return _("Sent {photos} and {clips}.").format(
        photos=counted_photos(photos), clips=counted_clips(clips)
    )


def not_person_button(name: str) -> str:
    return _("Not {name}?").format(name=isolated(name))


def settings_text(own_photos: bool) -> str:
    if own_photos:
        return _(
            "Send me what I post too: <b>on</b>.\n"
            "When it is off, a photo or clip you post yourself in a group is not sent back to you, "
            "even if your people are in it (their other guardians still get it)."
        )
    return _(
        "Send me what I post too: <b>off</b>.\n"
        "When it is off, a photo or clip you post yourself in a group is not sent back to you, "
        "even if your people are in it (their other guardians still get it)."
    )


def own_photos_button(own_photos: bool) -> str:
    if own_photos:
        return _("Send me what I post too: on")
    return _("Send me what I post too: off")


def album_not_person_button(name: str, number: int, *, clip: bool = False) -> str:
    """Under an album: "Not Alice?" for its item number ``number``, a photo or a clip
    (plain text)."""
    if clip:
        return _("Not {name}? (clip {number})").format(name=isolated(name), number=number)
    return _("Not {name}? (photo {number})").format(name=isolated(name), number=number)


def album_note_closed(taken_down: tuple[int, int], group_title: str) -> str:
    """An album's "Not Alice?" message none of which applies any more, when Telegram no
    longer lets it be deleted (48 hours): what the organizers took down of it (photos,
    clips), and that no button is left (findings18 19: it said "tap its button")."""
    closed = _("Nothing here is left to correct.")
    if not any(taken_down):
        return closed
    said = _("The organizers of {group} took down {media} of this album.").format(
        group=isolated(e(group_title)), media=counted_media(*taken_down)
    )
    return f"{said} {closed}"


def album_corrections(photos: int, clips: int, group_title: str) -> str:
    """Above an album's "Not Alice?" buttons: how many photos and clips it has."""
    group = isolated(e(group_title))
    # One item left (the others taken off): "it", not "one of them".
    if (photos, clips) == (1, 0):
        return _("1 photo from {group} above. If it isn't who I said, tap its button.").format(
            group=group
        )
    if (photos, clips) == (0, 1):
        return _(
            "1 clip from {group} above. If someone in it isn't who I said, tap its button."
        ).format(group=group)
    if not clips:
        return ngettext(
            "{count} photo from {group} above. If one of them isn't who I said, tap its button.",
            "{count} photos from {group} above. If one of them isn't who I said, tap its button.",
            photos,
        ).format(count=photos, group=group)
    if not photos:
        return ngettext(
            "{count} clip from {group} above. If one of them isn't who I said, tap its button.",
            "{count} clips from {group} above. If one of them isn't who I said, tap its button.",
            clips,
        ).format(count=clips, group=group)
    counted_photos = ngettext("{count} photo", "{count} photos", photos).format(count=photos)
    counted_clips = ngettext("{count} clip", "{count} clips", clips).format(count=clips)
    return _(
        "{photos} and {clips} from {group} above. If one of them isn't who I said, tap its button."
    ).format(photos=counted_photos, clips=counted_clips, group=group)
