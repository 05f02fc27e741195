"""When two names look the same to a reader (pure): "Alice" and "Alіce" with a Cyrillic і.

A guardian tells their persons apart by name, in captions, questions and /persons: two
of their persons whose names read alike would make every one of those ambiguous, and a
name can be made to pass for another. The check compares skeletons: the name in
compatibility form (NFKC: full-width letters, ligatures), its Latin, Cyrillic and Greek
look-alikes made one letter, case folded and spaces collapsed. Case counts as looking
the same ("alice" and "Alice" are one name to a parent); accents do not ("Zoë" is not
"Zoe").

The map is ours, and small, on purpose: Unicode's confusables.txt (TR39) maps thousands
of characters, including letters that readers of their own script tell apart; the PyPI
packages that carry it are either unmaintained (``confusables`` 2021, ``homoglyphs``
2020) or answer another question (``confusable-homoglyphs``: whether one string mixes
scripts, not whether two strings look alike). The look-alikes that pass for Latin, or for
each other, in the scripts facedrop's readers write are these."""

# This module is about letters that look alike: its maps and examples are made of them.
# ruff: noqa: RUF001, RUF002, RUF003

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# Capitals first (before case folding, which would turn Cyrillic В into в, unlike b).
_CAPITALS = {
    # Cyrillic
    "А": "A", "В": "B", "Е": "E", "Ѕ": "S", "І": "I", "Ј": "J", "К": "K", "М": "M",
    "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ү": "Y",
    "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I", "Ё": "Ë", "Ї": "Ï",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}  # fmt: skip
_SMALL = {
    # Cyrillic
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s",
    "і": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ё": "ë",
    "ї": "ï", "ү": "y", "ɡ": "g",
    # Greek
    "ο": "o", "ν": "v", "ι": "i", "ρ": "p", "υ": "u", "κ": "k", "α": "a", "χ": "x",
}  # fmt: skip
_CAPITAL_LOOKS = str.maketrans(_CAPITALS)
_SMALL_LOOKS = str.maketrans(_SMALL)


def skeleton(name: str) -> str:
    """What a name looks like to a reader: two names with one skeleton read the same."""
    compatible = unicodedata.normalize("NFKC", name).translate(_CAPITAL_LOOKS)
    folded = unicodedata.normalize("NFC", compatible.casefold()).translate(_SMALL_LOOKS)
    return " ".join(folded.split())


def looks_like(name: str, others: Iterable[str]) -> str | None:
    """The first of ``others`` that reads the same as ``name``, if any."""
    wanted = skeleton(name)
    return next((other for other in others if skeleton(other) == wanted), None)
