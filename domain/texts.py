"""Everything facedrop says to people, in one place (HTML parse mode)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape, unescape

from domain.enrollment.rules import MAX_PHOTOS, MIN_PHOTOS, NAME_MAX, NameProblem, PhotoVerdict
from domain.recognition.strictness import MAX_STEPS


def e(value: str) -> str:
    return escape(value, quote=False)


def plain(text: str) -> str:
    """An HTML sentence as plain text, for button popups (they show no markup)."""
    return unescape(re.sub(r"<[^>]+>", "", text))


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


# What facedrop stores, said once: the consent text and /help both show it, and a test
# compares it with the blob store and the tables after a real journey.
WHAT_I_KEEP = (
    "What I keep, and why:\n"
    "• names: the people you enroll (with a birth date if you give one), you and their other "
    "guardians, and the groups you joined;\n"
    "• face measurements (embeddings) of the faces in your enrollment photos and in the group's "
    "photos, to recognize your people;\n"
    "• one small crop of one enrollment face per person, shown on their card (while you are "
    "still sending photos, a crop of each accepted face, deleted at /done or /cancel, at most "
    "7 days);\n"
    '• when I\'m unsure ("Is this Alice?"), a small crop of that face, until you answer '
    "(at most 30 days);\n"
    "• which group photos were posted (a link to the Telegram message and who posted it), which "
    "of them I sent to whom, and the corrections you make (and, for at most 8 days, the buttons I showed "
    "you, so each works only once);\n"
    "• your consent, kept even after you delete everything, without any face data.\n"
    "I don't keep the enrollment photos themselves, and I fetch group photos from Telegram only "
    "while I look at them. /export shows what I hold, /forget deletes it."
)


def consent_request(group_title: str) -> str:
    return (
        f"Welcome! You're joining <b>{e(group_title)}</b>.\n\n"
        f"{WHAT_I_KEEP}\n\n"
        "Do you agree? Tap the button or send /agree."
    )


AGREE_BUTTON = "I agree"


def joined(group_title: str) -> str:
    return (
        f"You're in: I'll look for your people in <b>{e(group_title)}</b>.\n"
        "Use /add to enroll your child (3 to 10 photos of their face)."
    )


def welcome_back(groups: Sequence[str], persons: Sequence[tuple[str, str]]) -> str:
    where = ", ".join(f"<b>{e(g)}</b>" for g in groups)
    lines = [f"You're in {where}." if groups else "You aren't in any group of mine right now."]
    if persons:
        people = ", ".join(f"{e(name)} ({status})" for name, status in persons)
        lines.append(f"Your people: {people}.")
        lines.append("/add to enroll someone else, /help.")
    else:
        lines.append("/add to enroll your child, /help.")
    return " ".join(lines)


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


def bad_name(problem: NameProblem | None, length: int) -> str:
    """Why a name was refused, and what to do."""
    if problem == NameProblem.CONTROL:
        return "Names can't contain control characters. Send the name again, or /cancel."
    if problem == NameProblem.TOO_LONG:
        return (
            f"That name is {length} characters; the limit is {NAME_MAX}. "
            "Send a shorter one, or /cancel."
        )
    return BAD_NAME


def ask_photos(name: str, minimum: int = MIN_PHOTOS) -> str:
    if minimum >= MIN_PHOTOS:
        how_many = f"{MIN_PHOTOS} to {MAX_PHOTOS} photos"
        done_when = f"at least {MIN_PHOTOS}"
    else:
        how_many = f"{_photos(minimum)} or more (up to {MAX_PHOTOS})"
        done_when = f"at least {minimum}"
    return (
        f"Now send me {how_many} of <b>{e(name)}</b>, one at a time: "
        "clear photos where the face is large, well lit and looking at the camera, and "
        f"nobody else is close. Send /done when you have sent {done_when}, or /cancel."
    )


def _photos(count: int) -> str:
    return f"{count} photo" if count == 1 else f"{count} photos"


def _progress(accepted: int, minimum: int) -> str:
    return f"{accepted} of {minimum}" if accepted < minimum else _photos(accepted)


def photo_verdict(verdict: PhotoVerdict, accepted: int, minimum: int = MIN_PHOTOS) -> str:
    progress = _progress(accepted, minimum)
    texts = {
        PhotoVerdict.ACCEPTED: f"✅ Accepted ({progress})."
        + (" Send more, or /done." if accepted >= minimum else ""),
        PhotoVerdict.NO_FACE: "❌ I couldn't find a face in this photo. Please send another.",
        PhotoVerdict.SEVERAL_FACES: (
            "❌ I see several faces here and can't tell which one you mean. Please send a photo "
            "where only this person is close to the camera (or crop it)."
        ),
        PhotoVerdict.TOO_SMALL: (
            "❌ The face is too small. Please send a closer photo, or crop it around the face."
        ),
        PhotoVerdict.TOO_BLURRY: (
            "❌ The face is too blurred to learn from. Please send a sharper photo: "
            "in good light, with the camera and the person holding still."
        ),
        PhotoVerdict.TURNED_AWAY: (
            "❌ The face is turned away. Please send one where they look at the camera."
        ),
        PhotoVerdict.UNREADABLE: "❌ I can't open this file as a photo. Please send a JPEG or PNG photo.",
        PhotoVerdict.ENOUGH_ALREADY: f"That's {MAX_PHOTOS} photos, all I need. Send /done.",
        PhotoVerdict.SOMEONE_ELSES: (
            "❌ This face is already enrolled by another parent in one of your groups, so I "
            "won't enroll it again. If you are also their guardian, ask that person's guardian "
            'for a co-guardian invite (in /persons: "Invite co-guardian").'
        ),
    }
    return texts[verdict]


REMOVE_PHOTO_BUTTON = "Remove this photo"


def enrollment_photo_removed(accepted: int, minimum: int) -> str:
    return f"Removed; {_progress(accepted, minimum)} now."


def looks_like(name: str) -> str:
    return f"This looks like <b>{e(name)}</b>, whom you already enrolled. Add it to {e(name)}?"


def add_to_button(name: str) -> str:
    return f"Yes, add to {name}"


DIFFERENT_PERSON_BUTTON = "No, it's a different person"


def switched_to(name: str) -> str:
    return (
        f"OK: this photo, and the others you sent in this session, now go to <b>{e(name)}</b>. "
        f"Send more photos of {e(name)}, or /done."
    )


DIFFERENT_PERSON = "OK, a different person. I'm checking the photo again…"


NOT_A_PHOTO_NOW = "Please send a photo (or an image file), /done or /cancel."
STILL_CHECKING = "I'm still checking your last photo(s). Send /done again in a moment."


def too_few_photos(accepted: int, minimum: int = MIN_PHOTOS) -> str:
    if minimum < MIN_PHOTOS and accepted == 0:
        return (
            f"You haven't added any new photo yet: I need at least {_photos(minimum)}. "
            "Please send one, or /cancel."
        )
    return (
        f"I need at least {minimum} accepted photo{'s' if minimum != 1 else ''}; "
        f"I have {accepted}. Please send more."
    )


def enrollment_finishing(name: str) -> str:
    return f"Thanks! I'm learning <b>{e(name)}</b>'s face now; I'll tell you when I'm ready."


def enrollment_ready(name: str, groups: Sequence[str]) -> str:
    where = ", ".join(f"<b>{e(g)}</b>" for g in groups) or "your groups"
    return f"<b>{e(name)}</b> is ready. I'll send you the photos they appear in from: {where}."


def enrollment_awaiting_approval(name: str) -> str:
    return f"<b>{e(name)}</b> is enrolled. An organizer of your group approves new persons first; I'll tell you when that's done."


ENROLLMENT_CANCELLED = "Cancelled. I've deleted what you sent for this person."
CANCELLED = "Cancelled."
NOTHING_TO_CANCEL = "There's nothing to cancel."


# ----- persons ----------------------------------------------------------------------


def persons_list(rows: Sequence[tuple[str, str, int]]) -> str:
    if not rows:
        return "You haven't enrolled anyone yet. Use /add."
    lines = ["Your people:"]
    for name, status, photos in rows:
        lines.append(f"• <b>{e(name)}</b>: {status}, {photos} learned face(s)")
    return "\n".join(lines)


PERSON_STATUS = {
    "enrolling": "enrollment not finished",
    "needs_photos": "faces forgotten: add photos to enroll again",
    "indexing": "being learned",
    "pending_approval": "waiting for an organizer's approval",
    "active": "active",
    "paused": "paused",
}


# ----- deliveries, suggestions, corrections -----------------------------------------


CAPTION_LIMIT = 1024  # Telegram counts a caption's UTF-16 code units, as shown (after HTML)


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def delivery_caption(names: Sequence[str], group_title: str) -> str:
    """Whose photo and from where; names that don't fit Telegram's caption limit are
    counted ("and 3 more") rather than making the photo undeliverable."""
    shown = list(names)
    while True:
        hidden = len(names) - len(shown)
        more = f" and {hidden} more" if hidden else ""
        if not shown or utf16_units(f"{', '.join(shown)}{more} · {group_title}") <= CAPTION_LIMIT:
            break
        shown.pop()
    return f"{', '.join(e(n) for n in shown)}{more} · {e(group_title)}"


def not_person_button(name: str) -> str:
    return f"Not {name}?"


def suggestion_question(name: str, group_title: str) -> str:
    return f"Is this <b>{e(name)}</b>? (a photo in {e(group_title)})"


YES, NO = "Yes", "No"
SUGGESTION_YES = "Thanks! Noted."
SUGGESTION_NO = "Thanks, noted: similar faces will be asked about instead of sent."
SUGGESTION_ALREADY_ANSWERED = "This question has already been answered."


def not_person_done(name: str) -> str:
    return f"OK, that isn't <b>{e(name)}</b>. " + not_person_consequence(name)


# "Not Alice?" on a delivered photo: two choices, each with its consequence.
REMOVE_PHOTO_ONLY = "Remove this photo only"
REMOVE_PHOTO_CONSEQUENCE = (
    "I'll stop counting this photo as theirs and delete my copy of it here. Nothing is "
    "learned from it: future photos are not affected."
)


def isnt_person(name: str) -> str:
    """A button label (plain text)."""
    return f"That isn't {name}"


def not_person_consequence(name: str) -> str:
    return (
        f"I'll remember this face isn't {e(name)}, "
        "so similar faces will be asked about instead of sent."
    )


def not_person_choices(name: str) -> str:
    return (
        f"What's wrong with this photo of <b>{e(name)}</b>?\n\n"
        f"<b>{REMOVE_PHOTO_ONLY}</b>: {REMOVE_PHOTO_CONSEQUENCE}\n\n"
        f"<b>{e(isnt_person(name))}</b>: {not_person_consequence(name)}"
    )


def photo_removed(name: str) -> str:
    return (
        f"Removed this photo of <b>{e(name)}</b> from your photos. Nothing was learned from it: "
        "future photos are not affected."
    )


def already_theirs(name: str) -> str:
    """A callback answer (plain text)."""
    return f"That face is already {name}'s."


CORRECTION_DONE = "Done."  # a callback answer; the message says what was done


def suggestion_answered(name: str, fate: str | None) -> str:
    """The question, answered: ``fate`` is what becomes of the photo (None: the answer was no)."""
    yes = f"Yes, that's <b>{e(name)}</b>."
    if fate == "sent":
        return f"{yes} I'll send you the photo."
    if fate == "held":
        return f"{yes} {e(name)} is paused, so I'm holding the photo until you resume."
    if fate == "own_post":
        return (
            f"{yes} You posted this photo yourself, so I won't send it back to you "
            "(/settings changes that)."
        )
    if fate is not None:
        return f"{yes} Thanks, I'll recognize them better."
    return f"Not <b>{e(name)}</b>. " + not_person_consequence(name)


ALREADY_CHANGED = "That face isn't matched to that person any more."
NOT_YOURS = "That isn't one of your people."
BUTTON_EXPIRED = "This button has expired."
BUTTON_OTHER_CHAT = "That button belongs to another chat."
BUTTON_NOT_YOURS = "That button was shown to someone else."


# ----- general ---------------------------------------------------------------------

HELP = (
    "I find your child in the photos of your group chats and send you just those, privately.\n\n"
    "/add [name] enroll someone with 3-10 photos of their face\n"
    "/persons the people you enrolled: rename, add photos, merge, pause, invite a co-guardian, delete\n"
    "/history recent changes, with undo\n"
    "/settings send me my own photos too: off or on\n"
    "/export everything I hold about you\n"
    "/forget delete everything about you\n"
    "/cancel stop what you're doing\n"
    "/help this message\n\n"
    "To join a group, open the link I posted in its chat.\n\n"
    "Photos of a paused person are held, not sent; when you resume them I offer those "
    "photos in one batch.\n\n"
    f"{WHAT_I_KEEP}"
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
    ("history", "recent changes, with undo"),
    ("settings", "send me my own photos too: off or on"),
    ("export", "everything I hold about you"),
    ("forget", "delete everything about you"),
    ("done", "finish adding photos"),
    ("cancel", "stop what you're doing"),
    ("agree", "agree to how I use your data"),
    ("help", "how facedrop works"),
)


# ----- settings ------------------------------------------------------------------------


def settings_text(own_photos: bool) -> str:
    state = "on" if own_photos else "off"
    return (
        f"Send me my own photos too: <b>{state}</b>.\n"
        "When it is off, a photo you post yourself in a group is not sent back to you, "
        "even if your people are in it (their other guardians still get it)."
    )


def own_photos_button(own_photos: bool) -> str:
    return f"Send me my own photos too: {'on' if own_photos else 'off'}"


# ----- managing persons ---------------------------------------------------------------


def photos_added(name: str, count: int) -> str:
    return f"Added {count} photo(s) of <b>{e(name)}</b>. I'll use them from now on."


def faces_forgotten(name: str) -> str:
    return (
        f"I've deleted every face of <b>{e(name)}</b> I had; the name and guardians are kept. "
        'Open /persons and choose "Add photos" to enroll them again.'
    )


def person_deleted(name: str) -> str:
    return f"<b>{e(name)}</b> and everything I had about them are deleted."


FORGOTTEN = (
    "Everything I had about you is deleted, except the record that you agreed and then asked "
    "for this deletion (your Telegram id and the dates, nothing about faces). Goodbye! (Send "
    "/start if you ever want to come back.)"
)
FORGET_CONFIRM = (
    "This deletes everything I have about you: your groups, the people you enrolled (unless "
    "another guardian keeps them), and their face measurements. It cannot be undone. Are you sure?"
)
FORGET_BUTTON = "Yes, delete everything"
FORGETTING = "Deleting everything... I'll confirm when it's done."
NOTHING_TO_FORGET = "I don't hold anything about you, so there is nothing to delete."
CANCEL_BUTTON = "No, keep it"
KEPT = "OK, nothing was deleted."


def person_card(
    card_name: str,
    status: str,
    born: str | None,
    guardians: Sequence[str],
    groups: Sequence[str],
    other_groups: int,
    delivered: int,
    faces: int,
) -> str:
    lines = [f"<b>{e(card_name)}</b> · {status}"]
    if born:
        lines.append(f"Born: {born}")
    lines.append(f"Guardians: {', '.join(e(g) for g in guardians)}")
    named = ", ".join(e(g) for g in groups) or ("none of yours" if other_groups else "none yet")
    more = f" (and {other_groups} of another guardian)" if other_groups else ""
    lines.append(f"Groups: {named}{more}")
    lines.append(f"Photos delivered: {delivered} · learned faces: {faces}")
    return "\n".join(lines)


ACTIONS = {
    "rename": "Rename",
    "birth": "Birth date",
    "add": "Add photos",
    "pause": "Pause",
    "resume": "Resume",
    "merge": "Merge with…",
    "invite": "Invite co-guardian",
    "guardians": "Guardians…",
    "history": "History",
    "forget_faces": "Forget faces",
    "delete": "Delete",
}

ASK_NEW_NAME = "What should the new name be?"
ASK_BIRTH_DATE = (
    "When was this person born? Send the date like 2019-05-31 (or 31.05.2019), or /cancel."
)
BAD_BIRTH_DATE = (
    "I can't read that date. I read dates like 2019-05-31 or 31.05.2019. Send it again, or /cancel."
)
FUTURE_BIRTH_DATE = "That date is in the future. Send the day they were born, or /cancel."
TOO_OLD_BIRTH_DATE = "That date is before 1900. Send the day they were born, or /cancel."


def person_being_deleted(name: str) -> str:
    return f"{e(name)} is being deleted (or already is), so that button does nothing now."


def person_merged_into(name: str) -> str:
    return f"That person was merged into {e(name)}: open {e(name)} in /persons instead."


def already_paused(name: str, paused: bool) -> str:
    if paused:
        return f"<b>{e(name)}</b> is already paused."
    return f"<b>{e(name)}</b> isn't paused: I'm already sending their photos."


def not_ready_to_pause(name: str) -> str:
    return f"<b>{e(name)}</b> isn't enrolled yet, so there is nothing to pause or resume."


RENAMED = "Renamed."
BIRTH_DATE_SET = "Saved. From now on, photos posted before that day won't be matched to them."
PAUSED = (
    "Paused: I'll keep recognizing them in new group photos but hold those photos instead of "
    "sending them. When you resume, I'll offer you the held photos in one batch."
)
RESUMED = "Resumed: I'll send their photos again."


def held_offer(name: str, count: int) -> str:
    photos = "1 photo" if count == 1 else f"{count} photos"
    pronoun = "it" if count == 1 else "them"
    return f"While <b>{e(name)}</b> was paused, {photos} of them were posted. Send {pronoun}?"


def held_sent(count: int) -> str:
    return "Sending 1 photo." if count == 1 else f"Sending {count} photos."


def person_paused(name: str) -> str:
    """Plain text: used as a button's answer."""
    return f"{name} is paused. Resume them first, then answer again."


HELD_DROPPED = "OK, I won't send them."
HELD_ALREADY = "Already done."
NO_OTHER_PERSON = "You have no other person to merge with."
CHOOSE_MERGE = (
    "Merge which person into this one? Its faces and history move here and it leaves your "
    "list (I keep it hidden, so you can undo the merge from /history)."
)


def merged(kept: str, removed: str) -> str:
    return f"Merged <b>{e(removed)}</b> into <b>{e(kept)}</b>. You can undo it from the history."


def invite_link(name: str, link: str) -> str:
    return f"Send this link to the other guardian of <b>{e(name)}</b>. It works once, for 48 hours:\n{link}"


def invitation(name: str) -> str:
    return (
        f"You've been invited to receive the photos of <b>{e(name)}</b>. I keep your name and which "
        "photos I send you; you can delete everything at any time with /forget. Accept?"
    )


ACCEPT_INVITE = "Accept"
INVITE_INVALID = "This invitation doesn't work (anymore): it is used, expired or unknown."


def invite_accepted(name: str) -> str:
    return (
        f"You're now a guardian of <b>{e(name)}</b>. You'll get their photos from the groups you're in "
        "(join a group through its link first)."
    )


def already_guardian(name: str) -> str:
    return f"You already are a guardian of <b>{e(name)}</b>."


def guardians_list(name: str) -> str:
    return f"The guardians of <b>{e(name)}</b>. Remove one, or leave yourself:"


REMOVE = "Remove"
LEAVE = "Leave"
GUARDIAN_REMOVED = "Removed."
LEFT_PERSON = "You no longer receive their photos."
LAST_GUARDIAN_LEFT = "You were the last guardian, so I'm deleting them and everything about them."

# What only a person's owner may do, as the end of "Only Yara's owner (Ann) can ...".
OWNER_ONLY_ACTIONS = {
    "delete": "delete {name}",
    "forget_faces": "forget {name}'s faces",
    "merge": "merge {name}",
    "remove_guardian": "remove {name}'s other guardians",
}


def owner_only(action: str, name: str, owner: str) -> str:
    """Plain text (a popup): a co-guardian asked for what only the owner may do."""
    what = OWNER_ONLY_ACTIONS[action].format(name=name)
    return f"Only {name}'s owner ({owner}) can {what}. You can leave, or ask {owner}."


def owner_stays(name: str, owner: str) -> str:
    """Plain text (a popup)."""
    return f"{owner} owns {name} and can't be removed. Only {owner} can leave."


def you_own_now(name: str, previous: str) -> str:
    return (
        f"{e(previous)} left, so you're now the owner of <b>{e(name)}</b>: you alone can delete "
        "them, forget their faces and remove other guardians."
    )


def confirm_forget_faces(name: str) -> str:
    return f"Delete every face of <b>{e(name)}</b> I have? The name and guardians are kept. This cannot be undone."


def confirm_delete(name: str) -> str:
    return f"Delete <b>{e(name)}</b> and everything about them? This cannot be undone."


CONFIRM = "Yes, delete"


def erasing(name: str) -> str:
    return f"Deleting <b>{e(name)}</b>'s data... I'll confirm when it's done."


def forgetting_faces(name: str) -> str:
    return f"Deleting every face of <b>{e(name)}</b>... I'll confirm when it's done."


def undone(line: str) -> str:
    return f"Undone: {line}"


OPERATION_NAMES = {
    "assign": "matched",
    "unassign": "unmatched",
    "move": "moved",
    "merge": "merged",
    "remove": "deleted",
}


def history(rows: Sequence[tuple[str, object]]) -> str:
    if not rows:
        return "Nothing has changed yet."
    return "Recent changes (newest first):\n" + "\n".join(
        f"{i + 1}. {text}" for i, (text, _) in enumerate(rows)
    )


HISTORY_AUTOMATIC_HIDDEN = (
    "Photos I matched by myself are not listed; send /history all to see them."
)
SHOW_AUTOMATIC = "Show automatic matches"


def history_line(
    when: str, operation: str, from_name: str | None, to_name: str | None, faces: int, undone: bool
) -> str:
    what = OPERATION_NAMES.get(operation, operation)
    names = " → ".join(e(n) for n in (from_name, to_name) if n) or "?"
    return f"{when} {what} {faces} face(s): {names}" + (" (undone)" if undone else "")


UNDO = "Undo"
UNDO_TEXTS = {
    "done": "Undone.",
    "unknown": "I can't find that change.",
    "already_undone": "That change is already undone.",
    "not_undoable": "That can't be undone: the faces it concerned were deleted.",
    "changed_since": "That can't be undone any more: the face or person has changed since.",
}


def who_is_it(name: str) -> str:
    return f"That isn't <b>{e(name)}</b>. Who is it, then? One of your other people?"


ANOTHER_PERSON = "another person"  # in /history: someone the reader does not guard
NONE_OF_MINE = "Someone I don't know"


def moved_to(name: str) -> str:
    return f"Moved: that face is <b>{e(name)}</b> now."


EXPORT_CAPTION = (
    "Everything I hold about you and your people, the face crops I keep included. Face "
    "measurements are counted, not included: they are numbers only I can use."
)
NOTHING_TO_EXPORT = "I don't hold anything about you."


# ----- The organizers' side (issue 11). Each part in its own section. ------------------------

# --- admin chat: linking, /help of the admin chat, /audit ---
NOT_AN_ADMIN_CHAT = (
    "This chat is not the admin chat of any group. A group's admin sends /admin in the "
    "group to link one."
)
WHICH_GROUP = "Which group?"
UNTITLED_GROUP = "(untitled group)"


# --- approvals ---


# --- takedown ---


# --- bans and pausing the group, /stats ---


# --- /settings ---
SETTING_NAMES = {
    "approval": "Approval of new persons",
    "strictness": "Strictness",
    "delivery": "Delivery",
    "retention": "Keep faces of photos",
    "language": "Language",
}
DELIVERY_MODES = {
    "each": "each photo as it comes",
    "album": "albums (photos of a few minutes together)",
    "digest": "a daily digest",
}
DELIVERY_BUTTONS = {"each": "Each photo", "album": "Albums", "digest": "Daily digest"}
LANGUAGE_NAMES = {"en": "English"}
STRICTNESS_STEPS = MAX_STEPS


def strictness_value(steps: int) -> str:
    if steps == 0:
        return f"calibrated (0 of {STRICTNESS_STEPS})"
    return f"stricter, {steps} of {STRICTNESS_STEPS}"


def retention_value(days: int | None) -> str:
    return "until someone deletes them" if days is None else f"{days} days"


def setting_value(key: str, value: bool | int | str | None) -> str:
    """A setting's value, in words (plain text)."""
    if key == "approval":
        return "on" if value else "off"
    if key == "strictness":
        return strictness_value(int(value or 0))
    if key == "delivery":
        return DELIVERY_MODES.get(str(value), str(value))
    if key == "retention":
        return retention_value(value if isinstance(value, int) else None)
    if key == "language":
        return LANGUAGE_NAMES.get(str(value), str(value))
    return str(value)


def group_settings_card(title: str, values: dict[str, bool | int | str | None]) -> str:
    """/settings in the admin chat: the group's settings, each explained in a line."""
    lines = [f"⚙️ Settings of <b>{e(title or UNTITLED_GROUP)}</b>", ""]
    for key, name in SETTING_NAMES.items():
        lines.append(f"{name}: <b>{e(setting_value(key, values[key]))}</b>")
    lines += [
        "",
        "• Approval: new persons and co-guardians wait for an organizer's approval before "
        "their photos are matched; persons already in the group stay as they are.",
        "• Strictness only ever raises how sure I must be before I send a photo or ask a "
        "guardian; it never goes below the calibrated level.",
        "• Delivery: albums gather the photos of a few minutes (up to 10 in one); the "
        "digest sends the day's photos once a day.",
        "• Keep faces: after that many days I delete the faces found in the group's "
        "photos and their crops. Photos already sent stay in the guardians' chats; "
        "enrollment photos are not touched.",
        "• Language: of my messages about the group; English is the only one I speak so far.",
        "",
        "Only the group's admins can change these; every change is in /audit.",
    ]
    return "\n".join(lines)


def setting_changed(title: str, key: str, value: bool | int | str | None) -> str:
    """A press's answer (plain text: it is a popup)."""
    return f"{title or UNTITLED_GROUP}: {SETTING_NAMES[key]} is now {setting_value(key, value)}."


def setting_unchanged(title: str, key: str, value: bool | int | str | None) -> str:
    return (
        f"{title or UNTITLED_GROUP}: {SETTING_NAMES[key]} is already {setting_value(key, value)}."
    )


SETTINGS_IN_THE_ADMIN_CHAT = (
    "The group's settings are in its admin chat, where only organizers see them. "
    "Send /admin here to link one, then /settings there."
)
ONLY_ADMINS_CHANGE_SETTINGS = "Only the group's admins can change its settings."
SETTING_UNDO_GONE = "This change can no longer be undone."


def setting_changed_since(title: str, key: str) -> str:
    return (
        f"{e(title or UNTITLED_GROUP)}: {SETTING_NAMES[key]} was changed again since, "
        "so this change was not undone. Use /settings."
    )


def setting_undone(title: str, key: str, old: str) -> str:
    return f"{e(title or UNTITLED_GROUP)}: {SETTING_NAMES[key]} is back to <b>{e(old)}</b>."


def strictness_button(steps: int, stricter: bool) -> str:
    target = steps + 1 if stricter else steps - 1
    return f"{'Stricter' if stricter else 'Less strict'} ({target} of {STRICTNESS_STEPS})"


def approval_button(on: bool) -> str:
    return "Approval: turn off" if on else "Approval: turn on"


def chosen(label: str, is_current: bool) -> str:
    """A choice's button; the current one is marked."""
    return f"• {label}" if is_current else label


def retention_button(days: int | None) -> str:
    return "Keep: always" if days is None else f"Keep: {days} d"


def album_not_person_button(name: str, number: int) -> str:
    """Under an album: "Not Alice?" for its photo number ``number`` (plain text)."""
    return f"Not {name}? (photo {number})"


def album_corrections(count: int, group_title: str) -> str:
    return (
        f"{count} photos from {e(group_title)} above. If one of them isn't who I said, "
        "tap its button."
    )
