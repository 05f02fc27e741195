"""Everything facedrop says to people, in one place (HTML parse mode)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from domain.enrollment_rules import MAX_PHOTOS, MIN_PHOTOS, PhotoVerdict


def e(value: str) -> str:
    return escape(value, quote=False)


# ----- groups ------------------------------------------------------------------


def welcome(group_title: str, bot_username: str) -> str:
    return (
        f"Hi, {e(group_title)}! I'm facedrop. I send each parent, privately, only the photos "
        "from this group that their own child is in. I never post photos or names here.\n\n"
        "Parents: tap the button below to start."
    )


JOIN_BUTTON = "Get my child's photos"

NEEDS_ADMIN = (
    "I can't see the photos posted here yet: Telegram only shows them to bots that are "
    "admins (or have privacy mode off). Please make me an admin of this group, with no "
    "special rights needed."
)

CAN_SEE_PHOTOS = "Thanks! I can see the photos now."


def group_hint(bot_username: str, link: str) -> str:
    return f"Talk to me in private: {link}"


# ----- joining and consent -------------------------------------------------------

START_WITHOUT_GROUP = (
    "Hi! I'm facedrop. I send you, privately, the photos from your group chats that your "
    "child is in.\n\nTo start, open the link I posted in your group (tap my welcome message "
    "there). Then use /add to enroll your child."
)
UNKNOWN_LINK = "This link doesn't work (anymore). Please use the button in your group's chat."
INACTIVE_GROUP = "I'm no longer in that group, so I can't send you photos from it."


def not_a_member(group_title: str) -> str:
    return f"You need to be a member of <b>{e(group_title)}</b> to get its photos. Join it first, then tap the link again."


def consent_request(group_title: str) -> str:
    return (
        f"Welcome! You're joining <b>{e(group_title)}</b>.\n\n"
        "Here is what I keep, and why:\n"
        "• the names of the people you enroll (usually your child) and who may receive their photos;\n"
        "• face measurements (embeddings) made from the photos you send me, to recognize them;\n"
        "• which group photos I sent you.\n"
        "I don't keep the photos you send me for enrollment. Group photos are fetched from "
        "Telegram only while I look at them. You can delete everything at any time.\n\n"
        "Do you agree? Tap the button or send /agree."
    )


AGREE_BUTTON = "I agree"


def joined(group_title: str) -> str:
    return (
        f"You're in: I'll look for your people in <b>{e(group_title)}</b>.\n"
        "Use /add to enroll your child (3 to 10 photos of their face)."
    )


ALREADY_AGREED = "You have already agreed. Use /add to enroll someone, or /help."
NOTHING_TO_AGREE = "There's nothing to agree to yet: open your group's link first."
NEEDS_CONSENT = 'Please agree first: open your group\'s link and tap "I agree".'
NEEDS_GROUP = (
    "You aren't in any group of mine yet. Open the link I posted in your group's chat first."
)


# ----- enrollment ------------------------------------------------------------------

ASK_NAME = (
    "What is the name of the person you want to enroll (for example your child's first name)?"
)
BAD_NAME = "Please send a name (up to 64 characters), or /cancel."


def ask_photos(name: str) -> str:
    return (
        f"Now send me {MIN_PHOTOS} to {MAX_PHOTOS} photos of <b>{e(name)}</b>, one at a time: "
        "clear photos where the face is large, well lit and looking at the camera, and "
        f"nobody else is close. Send /done when you have sent at least {MIN_PHOTOS}, or /cancel."
    )


def photo_verdict(verdict: PhotoVerdict, accepted: int) -> str:
    progress = f"{accepted} of {MIN_PHOTOS}" if accepted < MIN_PHOTOS else f"{accepted} photos"
    texts = {
        PhotoVerdict.ACCEPTED: f"✅ Accepted ({progress})."
        + (" Send more, or /done." if accepted >= MIN_PHOTOS else ""),
        PhotoVerdict.NO_FACE: "❌ I couldn't find a face in this photo. Please send another.",
        PhotoVerdict.SEVERAL_FACES: (
            "❌ I see several faces here and can't tell which one you mean. Please send a photo "
            "where only this person is close to the camera (or crop it)."
        ),
        PhotoVerdict.TOO_SMALL: "❌ The face is too small. Please send a closer photo.",
        PhotoVerdict.TOO_BLURRY: "❌ The face is too blurred. Please send a sharper photo.",
        PhotoVerdict.TURNED_AWAY: "❌ The face is turned away. Please send one looking at the camera.",
        PhotoVerdict.UNREADABLE: "❌ I can't open this file as a photo. Please send a JPEG or PNG photo.",
        PhotoVerdict.ENOUGH_ALREADY: f"That's {MAX_PHOTOS} photos, all I need. Send /done.",
    }
    return texts[verdict]


NOT_A_PHOTO_NOW = "Please send a photo (or an image file), /done or /cancel."
STILL_CHECKING = "I'm still checking your last photo(s). Send /done again in a moment."


def too_few_photos(accepted: int) -> str:
    return f"I need at least {MIN_PHOTOS} accepted photos; I have {accepted}. Please send more."


def enrollment_finishing(name: str) -> str:
    return f"Thanks! I'm learning <b>{e(name)}</b>'s face now; I'll tell you when I'm ready."


def enrollment_ready(name: str, groups: Sequence[str]) -> str:
    where = ", ".join(f"<b>{e(g)}</b>" for g in groups) or "your groups"
    return f"<b>{e(name)}</b> is ready. I'll send you the photos they appear in from: {where}."


def enrollment_awaiting_approval(name: str) -> str:
    return f"<b>{e(name)}</b> is enrolled. An organizer of your group approves new persons first; I'll tell you when that's done."


ENROLLMENT_CANCELLED = "Cancelled. I've deleted what you sent for this person."
NOTHING_TO_CANCEL = "There's nothing to cancel."


# ----- persons ----------------------------------------------------------------------


def persons_list(rows: Sequence[tuple[str, str, int]]) -> str:
    if not rows:
        return "You haven't enrolled anyone yet. Use /add."
    lines = ["Your people:"]
    for name, status, photos in rows:
        lines.append(f"• <b>{e(name)}</b>: {status}, {photos} face photo(s)")
    return "\n".join(lines)


PERSON_STATUS = {
    "enrolling": "enrollment not finished",
    "pending_approval": "waiting for an organizer's approval",
    "active": "active",
    "paused": "paused",
}


# ----- deliveries, suggestions, corrections -----------------------------------------


def delivery_caption(names: Sequence[str], group_title: str) -> str:
    return f"{', '.join(e(n) for n in names)} · {e(group_title)}"


def not_person_button(name: str) -> str:
    return f"Not {name}?"


def suggestion_question(name: str, group_title: str) -> str:
    return f"Is this <b>{e(name)}</b>? (a photo in {e(group_title)})"


YES, NO = "Yes", "No"
SUGGESTION_YES = "Thanks! I'll send you the photo."
SUGGESTION_NO = "Thanks, noted. I won't match that face to them again."
SUGGESTION_ALREADY_ANSWERED = "This question has already been answered."


def not_person_done(name: str) -> str:
    return f"OK, that's not {e(name)}. I won't match this face to them again."


ALREADY_CHANGED = "That face isn't matched to that person any more."
NOT_YOURS = "That isn't one of your people."
BUTTON_EXPIRED = "This button is no longer valid."


# ----- general ---------------------------------------------------------------------

HELP = (
    "I find your child in the photos of your group chats and send you just those, privately.\n\n"
    "/add [name] enroll someone with 3-10 photos of their face\n"
    "/persons the people you enrolled\n"
    "/cancel stop what you're doing\n"
    "/help this message\n\n"
    "To join a group, open the link I posted in its chat."
)
UNKNOWN_COMMAND = "I don't know that command. /help lists what I can do."
PRIVATE_PHOTO_OUTSIDE_ENROLLMENT = (
    "To enroll someone, send /add first. Photos for your group go in the group chat; "
    "I'll send you the ones your people are in."
)
ONLY_PHOTOS = "I only work with photos. Send /help to see what I can do."
SOMETHING_WENT_WRONG = "Sorry, something went wrong on my side. Please try again in a minute."

COMMANDS = (
    ("add", "enroll someone (3-10 photos)"),
    ("persons", "the people you enrolled"),
    ("done", "finish adding photos"),
    ("cancel", "stop what you're doing"),
    ("agree", "agree to how I use your data"),
    ("help", "how facedrop works"),
)
