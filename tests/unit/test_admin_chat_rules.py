"""The admin chat's pure rules: the startgroup link, which events offer an undo, and what
/audit says (names of participants, settings and chats; never a child's)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from uuid import uuid4

from domain.moderation import linking, texts, undo
from domain.moderation.audit_store import AuditEvent
from domain.states import ModerationAction
from sandbox.formatting import parse_html


def test_the_admin_token_is_a_valid_start_parameter_and_unguessable() -> None:
    tokens = {linking.new_admin_token() for _ in range(100)}
    assert len(tokens) == 100
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]{32}", token)
        assert linking.TOKEN_PATTERN.fullmatch(token)
    link = linking.admin_link("facedrop_bot", "abc_-1")
    assert link == "https://t.me/facedrop_bot?startgroup=abc_-1"


def test_only_undoable_and_not_yet_undone_events_offer_undo() -> None:
    at = datetime.now(UTC)
    paused = AuditEvent(uuid4(), uuid4(), ModerationAction.PAUSED, "Olga", "", {}, at)
    taken = AuditEvent(uuid4(), uuid4(), ModerationAction.TAKEN_DOWN, "Olga", "", {}, at)
    resumed_back = AuditEvent(
        uuid4(), uuid4(), ModerationAction.RESUMED, "Olga", "", {"undoes": str(paused.id)}, at
    )
    assert undo.can_undo(paused) and not undo.can_undo(taken)
    assert not undo.can_undo(resumed_back)  # an undo is not undone in turn
    assert not undo.can_undo(replace(paused, undone_at=at))


def _shown(html: str) -> str:
    return parse_html(html)[0]


def test_audit_lines_never_name_the_approved_person() -> None:
    line = texts.audit_moderation_line(
        "Bob <3", "approved", "Alice", {"kind": "person"}, undone=False
    )
    assert _shown(line) == "Bob <3 approved a new person"
    line = texts.audit_moderation_line("Bob", "rejected", "Alice", {"kind": "guardian"}, True)
    assert _shown(line) == "Bob rejected a co-guardian (undone)"
    line = texts.audit_moderation_line("", "paused", "", {"undoes": "x"}, undone=False)
    assert _shown(line) == "Someone paused the group (an undo)"
    assert _shown(texts.audit_moderation_line("Ann", "banned", "Carl", {}, False)) == (
        "Ann banned Carl"
    )


def test_a_correction_says_how_many_faces_and_which_photo_by_date() -> None:
    day = datetime(2026, 11, 12, 9, 0, tzinfo=UTC)
    line = texts.audit_correction_line("Ann", "move", 2, [day])
    assert _shown(line) == "Ann corrected 2 faces on a photo of Nov 12"
    line = texts.audit_correction_line("Ann", "assign", 1, [day, day])
    assert _shown(line) == "Ann tagged 1 face on 2 photos"
