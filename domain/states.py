"""The states each entity moves through. Postgres holds them; jobs read and advance them."""

from __future__ import annotations

from enum import StrEnum


class GroupType(StrEnum):
    GROUP = "group"
    SUPERGROUP = "supergroup"


class MembershipStatus(StrEnum):
    MEMBER = "member"
    LEFT = "left"
    BANNED = "banned"


class PersonStatus(StrEnum):
    ENROLLING = "enrolling"  # photos being collected, not matched yet
    NEEDS_PHOTOS = "needs_photos"  # its faces were forgotten: kept, enrolled again with photos
    INDEXING = "indexing"  # enough photos; prototypes being stored
    PENDING_APPROVAL = "pending_approval"  # the group requires an organizer's approval
    ACTIVE = "active"
    PAUSED = "paused"  # matched; its photos are held and offered on resume
    DELETING = "deleting"  # being deleted: never matched or delivered again
    MERGED = "merged"  # merged into another person; kept only so the merge can be undone
    # Named by an organizer from a cluster of unknown faces: no guardian, matched and
    # delivered to no one, shown to no guardian, until a parent claims it with its link.
    UNCLAIMED = "unclaimed"


# The statuses in which a person is one of their guardians' people (listed, with a card).
LISTED = (
    PersonStatus.ENROLLING,
    PersonStatus.NEEDS_PHOTOS,
    PersonStatus.INDEXING,
    PersonStatus.PENDING_APPROVAL,
    PersonStatus.ACTIVE,
    PersonStatus.PAUSED,
)
# The statuses of a person whose enrollment is done (matched, or held while paused).
ENROLLED = (PersonStatus.ACTIVE, PersonStatus.PAUSED)


class GuardianRole(StrEnum):
    OWNER = "owner"
    CO_GUARDIAN = "co_guardian"


class PhotoStatus(StrEnum):
    PENDING = "pending"  # recorded by the bot, waiting for recognition
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"  # unusable input; the reason is kept on the photo
    REMOVED = "removed"  # taken down by an organizer


class MediaKind(StrEnum):
    PHOTO = "photo"
    DOCUMENT = "document"  # an image sent as a file
    VIDEO = "video"  # a clip, or a video sent as a file
    VIDEO_NOTE = "video_note"  # a round video
    ANIMATION = "animation"  # a GIF or a silent MP4 loop

    @property
    def is_clip(self) -> bool:
        """Moving pictures: read frame by frame, their faces followed as tracks."""
        return self in (MediaKind.VIDEO, MediaKind.VIDEO_NOTE, MediaKind.ANIMATION)


class EnrollmentPhotoStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class FaceSource(StrEnum):
    GROUP_PHOTO = "group_photo"
    ENROLLMENT = "enrollment"


class PrototypeRole(StrEnum):
    ENROLLMENT = "enrollment"
    ACCEPTED = "accepted"  # a guardian confirmed this face
    PINNED = "pinned"


class SuggestionStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    EXPIRED = "expired"


class QuestionMode(StrEnum):
    """How a guardian's questions ("Is this Alice?") arrive (their /settings)."""

    EACH = "each"  # one message a face, as they come
    DAILY = "daily"  # gathered, one sheet a person and group once a day
    EVERY = "every"  # gathered, sent once ``Participant.questions_every`` are waiting


class OfferStatus(StrEnum):
    """An offer of earlier photos ("I found 3 earlier photos of Sara: are these faces Sara?")."""

    PENDING = "pending"
    SENT = "sent"  # a guardian said send them
    DECLINED = "declined"  # a guardian said no: those faces are not offered again
    ONE_BY_ONE = "one_by_one"  # "some are": a sheet's faces asked about one by one
    # Found with a prototype gone by the press, or closed for all who held it (a ban, their
    # leaving the group): not sent, looked for again.
    STALE = "stale"
    # A batch of questions (``EarlierPhotos.participant``): gathering until it is due, then
    # claimed while it is being sent (a 429 puts it back to waiting).
    WAITING = "waiting"
    SENDING = "sending"
    # A batch none of whose faces is open any more, or closed in its guardian's chat (a ban,
    # their leaving, their /forget): its message says so
    CLOSED = "closed"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # the Telegram call may have happened: never sent again blindly
    SENT = "sent"
    PARKED = "parked"  # the participant blocked the bot; resumed when they return
    CANCELLED = "cancelled"  # the person or participant went away before sending
    HELD = "held"  # the person was paused: offered to the guardian when they resume
    FAILED = "failed"
    TAKEN_DOWN = "taken_down"  # an organizer took the photo down: never sent; a sent copy deleted
    WAITING = "waiting"  # for its album or the daily digest (the group's delivery mode)


class AssignmentOperation(StrEnum):
    ASSIGN = "assign"
    UNASSIGN = "unassign"
    MOVE = "move"
    MERGE = "merge"
    REMOVE = "remove"


class ConsentKind(StrEnum):
    AGREED = "agreed"
    WITHDRAWN = "withdrawn"
    DATA_DELETED = "data_deleted"


class RequestKind(StrEnum):
    """Work a user's confirmation starts (``UserRequest``); each is the name of its job."""

    DELETE_PERSON = "delete_person"
    FORGET_FACES = "forget_faces"
    FORGET_PARTICIPANT = "forget_participant"
    INDEX_PERSON = "index_person"
    TAKEDOWN = "takedown"
    # A person's faces changed (a "yes", a correction, a merge, an undo, photos added): its
    # prototypes are chosen again.
    CHOOSE_PROTOTYPES = "choose_prototypes"
    # A guardian answered "no" to "Is this X?": the face may be asked about once more, to
    # the family of the person who now scores best for it.
    ASK_NEXT_FAMILY = "ask_next_family"
    # A guardian took the photos held while their child was paused: "Sending 2 photos."
    # says "Sent" once they went (subject: that message, "<chat id>:<message id>").
    HELD_SENT = "held_sent"
    # A person's offers of earlier photos are said again with its name now (subject: the
    # person): those migration 0057 moved onto it kept the name of the person merged away.
    ASK_OFFERS_AGAIN = "ask_offers_again"


class DeliveryMode(StrEnum):
    """How a group's photos reach guardians (an organizer's setting)."""

    EACH = "each"  # every photo as soon as it is recognized
    ALBUM = "album"  # the photos of a few minutes sent together as albums
    DIGEST = "digest"  # once a day


class ApprovalKind(StrEnum):
    PERSON = "person"  # a person newly enrolled by a member of the group
    GUARDIAN = "guardian"  # a co-guardian newly added to a person
    # A parent claiming a child organizers named: asked in every group (a claim never
    # delivers on its own), the person stays unclaimed until it is approved.
    CLAIM = "claim"


class ApprovalStatus(StrEnum):
    PENDING = "pending"  # matches nothing in the group until an organizer decides
    APPROVED = "approved"
    REJECTED = "rejected"

    def blocks(self, requires_approval: bool) -> bool:
        """Whether an approval keeps its person (or co-guardian) out of the group: a
        rejection always does; a pending one while the group requires approval (an
        organizer who turns approval off lets the waiting ones in)."""
        return self == ApprovalStatus.REJECTED or (
            self == ApprovalStatus.PENDING and requires_approval
        )


class WaitingSaid(StrEnum):
    """A message that said a person's approval waits inside its other lines (redrawn with
    the decision: ``ApprovalCase.waiting_inside``)."""

    READY = "ready"  # a first enrollment's "Alice is ready… In Class 1A, the organizers…"
    ADDED = "added"  # "Added 1 photo of Alice. I'll use it once the organizers… approve"
    # Of a co-guardian's approval, in another guardian's chat: "Carl is now also a guardian
    # of Alice… I'll tell you when they decide", "Carl will get… once its organizers approve"
    JOINED = "joined"
    IN_GROUP = "in_group"
    # In the asker's chat: "… turned approval off for a while, then on again: Alice needs
    # their approval again before I send more" (walkhe4 5: it stayed after the approval).
    BACK_ON = "back_on"


class FirstSaid(StrEnum):
    """What a notice that a person is ready, or that someone guards it, said when sent
    (``notices.Notice.shown``'s "first", with the rest of what it was made of): said again
    in the person's new name at a rename (walken7 2)."""

    READY = "ready"  # "Alice is ready. I'll send you… from: Class 1A." (enrollment_ready)
    ACCEPTED = "accepted"  # "You're now a guardian of Alice…" (invite_accepted)
    JOINED = "joined"  # "Carl is now also a guardian of Alice…" (co_guardian_joined)
    IN_GROUP = "in_group"  # "Carl now gets the photos and clips of Alice…"
    # "Ann merged Amy into Alice: … you'll get the photos and clips of Amy too" (merged_by):
    # "by", who merged them (by Telegram id, not name); "removed", the one merged away;
    # "guards_kept", whether the reader guarded the one kept; "gains", whether they gained
    # the other's photos; "waits_in", the groups it named.
    MERGED = "merged"
    # "Ann undid the merge of Amy into Alice: … You get the photos and clips of Alice only"
    # (merge_undone_by): "by", "kept", "removed" (names then), "guards_kept" as MERGED's.
    MERGE_UNDONE = "merge_undone"
    # "Its previous owner deleted their data with me, so you're now the owner of Alice…"
    # (to the heir).
    OWNER = "owner"
    # "Ann left, so you're now the owner of Alice…" (to the heir): "by", who left, by
    # Telegram id (their name is read as now).
    OWNER_LEFT = "owner_left"
    # The card's answer to "Pause" or "Resume" ("Paused Alice: I'll keep recognizing
    # them…", "Resumed Alice: I'll send their photos and clips again."), in the pauser's chat.
    PAUSED = "paused"
    RESUMED = "resumed"


class OrganizerRecord(StrEnum):
    """What the groups' audit logs keep of what a user did as an organizer."""

    NAMED = "named"  # with the name they were shown by then
    UNNAMED = "unnamed"  # by Telegram id only: they took their name off it (/forget)


class ModerationAction(StrEnum):
    """What an organizer did (``ModerationEvent``), for ``/audit``."""

    ADMIN_CHAT_LINKED = "admin_chat_linked"
    APPROVED = "approved"
    REJECTED = "rejected"
    TAKEN_DOWN = "taken_down"
    BANNED = "banned"
    UNBANNED = "unbanned"
    PAUSED = "paused"
    RESUMED = "resumed"
    SETTING_CHANGED = "setting_changed"
    # A cluster of unknown faces named (an unclaimed person) and what became of it.
    NAMED = "named"
    CLAIM_LINK = "claim_link"  # a new claim link made (the previous one stops working)
    CLAIM_REVOKED = "claim_revoked"
    UNCLAIMED_RENAMED = "unclaimed_renamed"
    UNCLAIMED_DELETED = "unclaimed_deleted"
    CLAIMED = "claimed"  # a parent claimed the person with its link
    CLAIM_DECLINED = "claim_declined"  # the link's opener said it is not their child
