"""The caption of a delivered copy: the poster's own words under the photo (a teacher's
"Sports day!"), kept with their formatting, then facedrop's line ("Alice · Class 1A"),
all within Telegram's caption limit; and the copy's "Not Alice?" buttons. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from aiogram.types import MessageEntity
from aiogram.utils.text_decorations import html_decoration

from domain.delivery import texts
from domain.delivery.texts import CAPTION_LIMIT, utf16_units
from domain.languages import markup
from domain.telegram import Button, NotThisPerson

ELLIPSIS = "…"
SEPARATOR = "\n\n"


def _cut(text: str, units: int) -> str:
    """The start of ``text`` of at most ``units`` UTF-16 units, never half a surrogate pair."""
    encoded = text.encode("utf-16-le")[: units * 2]
    if len(encoded) >= 2 and 0xD800 <= int.from_bytes(encoded[-2:], "little") <= 0xDBFF:
        encoded = encoded[:-2]
    return encoded.decode("utf-16-le")


def posters_words(text: str, entities: Sequence[dict[str, Any]], room: int) -> str:
    """The poster's caption as HTML, at most ``room`` UTF-16 units as shown: cut (with "…")
    where it is longer, its entities (bold, links, mentions) cut with it, none broken."""
    parsed = [MessageEntity.model_validate(entity) for entity in entities]
    if utf16_units(text) <= room:
        return html_decoration.unparse(text, parsed)
    kept = _cut(text, max(room - 1, 0)).rstrip()
    end = utf16_units(kept)
    clipped = [
        entity.model_copy(update={"length": min(entity.length, end - entity.offset)})
        for entity in parsed
        if entity.offset < end
    ]
    return html_decoration.unparse(kept, [e for e in clipped if e.length > 0]) + ELLIPSIS


def delivery_caption(
    names: Sequence[str],
    group_title: str,
    posted: str | None = None,
    entities: Sequence[dict[str, Any]] | None = None,
) -> str:
    """facedrop's line, after the poster's caption when there was one; the poster's words
    give way (cut) so that the whole fits Telegram's limit. In the current language."""
    ours = texts.delivery_caption(names, group_title)
    if not posted or not posted.strip():
        return ours
    room = CAPTION_LIMIT - utf16_units(markup.plain(ours)) - len(SEPARATOR)
    if room < 2:  # not even a letter and the ellipsis: facedrop's line alone
        return ours
    return posters_words(posted, entities or [], room) + SEPARATOR + ours


def _names(named: Sequence[tuple[UUID, str]], on_screen: Mapping[UUID, float]) -> list[str]:
    """Each person once, by name; in a clip, with the times of their faces on screen."""
    times: dict[str, list[float]] = {}
    for face_id, name in named:
        seen = times.setdefault(name, [])
        if face_id in on_screen:
            seen.append(on_screen[face_id])
    return [
        texts.on_screen(name, sorted(seen)) if seen else name
        for name, seen in sorted(times.items())
    ]


def copy_caption(
    named: Sequence[tuple[UUID, str]],
    group_title: str,
    posted: str | None,
    entities: Sequence[dict[str, Any]] | None,
    *,
    buttons: bool = True,
    on_screen: Mapping[UUID, float] | None = None,
) -> tuple[str, list[list[Button]]]:
    """A guardian's copy of a photo naming the persons of ``named`` (face id, name): its
    caption (after the poster's ``posted`` words) and a "Not Alice?" button per face, in that
    order (none on an album's photo). A clip's names say when each is on screen
    (``on_screen``: by face id, from when). In the current language."""
    caption = delivery_caption(_names(named, on_screen or {}), group_title, posted, entities)
    rows: list[list[Button]] = (
        [[NotThisPerson(face_id, texts.not_person_button(name))] for face_id, name in named]
        if buttons
        else []
    )
    return caption, rows
