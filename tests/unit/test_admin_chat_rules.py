"""The admin chat's pure rules: the startgroup link, the undo registry, and what /audit says
(names of participants, settings and chats; never a child's)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from domain.infra.models import Group, ModerationEvent
from domain.moderation import linking, texts, undo
from domain.moderation.audit import Actor
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


@pytest.fixture
def registry() -> Iterator[None]:
    saved, defaults = dict(undo._UNDOERS), set(undo._DEFAULTS)
    yield
    undo._UNDOERS.clear()
    undo._UNDOERS.update(saved)
    undo._DEFAULTS.clear()
    undo._DEFAULTS.update(defaults)


async def _noop(event: ModerationEvent, group: Group, actor: Actor) -> str | None:
    return None


def test_a_slice_replaces_a_default_undo_but_not_another_slice(registry: None) -> None:
    assert undo._UNDOERS[ModerationAction.RESUMED] is not _noop
    undo.undoes(ModerationAction.RESUMED)(_noop)
    assert undo._UNDOERS[ModerationAction.RESUMED] is _noop
    with pytest.raises(RuntimeError):
        undo.undoes(ModerationAction.RESUMED)(_noop)
    # A default registered later does not displace the slice's.
    undo.undoes(ModerationAction.RESUMED, default=True)(undo._pause_again)
    assert undo._UNDOERS[ModerationAction.RESUMED] is _noop


def test_only_registered_and_not_yet_undone_events_offer_undo(registry: None) -> None:
    paused = ModerationEvent(action=ModerationAction.PAUSED, details={})
    taken = ModerationEvent(action=ModerationAction.TAKEN_DOWN, details={})
    assert undo.can_undo(paused) and not undo.can_undo(taken)
    paused.undone_at = datetime.now(UTC)
    assert not undo.can_undo(paused)


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
