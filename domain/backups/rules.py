"""What a restore accepts and what it checks afterwards (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from domain.errors import FacedropError

# The tables whose rows mean the stack is in use: a restore never writes over them unasked.
IN_USE_TABLES = ("participants", "persons", "groups", "photos")
# The tables a summary names (the others are counted and checked all the same).
MAIN_TABLES = ("participants", "persons", "groups", "photos", "faces", "deliveries")


class BackupRefused(FacedropError):
    """A backup or a restore refused before it wrote anything; the message says why."""


class RestoreIncomplete(FacedropError):
    """What was restored does not match the backup's manifest."""


def unknown_migrations(in_backup: Sequence[str], known: Sequence[str]) -> list[str]:
    """The backup's migrations this code lacks: its database is from a newer facedrop."""
    return [name for name in in_backup if name not in set(known)]


def in_use(tables: Mapping[str, int], faces: int, blobs: int) -> str | None:
    """What a stack holds that a restore would overwrite, in words; None when empty."""
    held = [f"{tables[t]} {t}" for t in IN_USE_TABLES if tables.get(t, 0) > 0]
    if faces:
        held.append(f"{faces} faces in the face index")
    if blobs:
        held.append(f"{blobs} blobs")
    return ", ".join(held) or None


def mismatches(
    expected_tables: Mapping[str, int],
    tables: Mapping[str, int],
    expected: Mapping[str, int],
    found: Mapping[str, int],
) -> list[str]:
    """Each count that differs from the backup's, e.g. ``faces: 12 rows, the backup 14``."""
    problems = [
        f"table {name}: {tables.get(name, 0)} rows, the backup {rows}"
        for name, rows in sorted(expected_tables.items())
        if tables.get(name, 0) != rows
    ]
    problems += [
        f"table {name}: not in the backup" for name in sorted(set(tables) - set(expected_tables))
    ]
    problems += [
        f"{what}: {found.get(what, 0)}, the backup {count}"
        for what, count in expected.items()
        if found.get(what, 0) != count
    ]
    return problems


def summary(tables: Mapping[str, int], faces: int, blobs: int) -> str:
    """``3 participants, 2 persons, ... (29 tables); 14 faces in the index; 2 blobs``."""
    main = ", ".join(f"{tables.get(t, 0)} {t}" for t in MAIN_TABLES)
    return f"{main} ({len(tables)} tables); {faces} faces in the index; {blobs} blobs"
