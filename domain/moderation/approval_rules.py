"""The pure rules of approvals: who needs an organizer's approval in a group (what a pending
or rejected approval keeps from happening there is ``ApprovalStatus.blocks``, which
recognition respects)."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from domain.states import ENROLLED as ENROLLED
from domain.states import ApprovalKind

# Persons whose joining a group with approval on asks for them there.
# Who asked for a person's approval, once they have used /forget (no participant's id).
GONE_GUARDIAN = UUID(int=0)


def kind_needed(
    *,
    requires_approval: bool,
    participant_id: UUID,
    person_asked_by: UUID | None,
    others_present: bool,
    fresh: bool,
) -> ApprovalKind | None:
    """Which approval a guardian (``participant_id``) of a person needs in a group, if any.

    ``person_asked_by``: the guardian the person's own approval in this group was asked for
    (None: the person was never asked about there). ``others_present``: another guardian
    of the person is a member of the group. ``fresh``: the person was just enrolled.

    The person's own approval (PERSON) is asked once per group, by the first guardian who
    brings it there; a person already matched in the group before approval was turned on
    keeps matching, and every other guardian who comes later needs their own (GUARDIAN)
    before they receive anything from the group."""
    if not requires_approval:
        return None
    if person_asked_by is None:
        return ApprovalKind.PERSON if fresh or not others_present else ApprovalKind.GUARDIAN
    if person_asked_by == participant_id:
        return None
    return ApprovalKind.GUARDIAN


class Withdrawn(StrEnum):
    """Why an approval's messages were withdrawn from the admin chats (what one too old to
    delete says: ``texts.approval_card_withdrawn``)."""

    DELETED = "deleted"  # its person deleted by their guardian (or its last one)
    GONE = "gone"  # its person deleted otherwise (an unclaimed child)
    FACES = "faces"  # its person's faces deleted
    MOVED = "moved"  # the group's admin chat moved elsewhere
    FORGOTTEN = "forgotten"  # the parent it was about used /forget
    MERGED = "merged"  # its person merged into another, its record dropped since
