"""How a reader sees a sentence the bot writes (the clip words' tests read it so)."""

from __future__ import annotations

from domain.languages.catalogs import RLM


def as_read(text: str) -> str:
    """``text`` without the marks that order it right to left and isolate a name: unseen."""
    return text.replace(RLM, "").replace("\u2068", "").replace("\u2069", "")
