"""Everything facedrop says to people, in one place (HTML parse mode)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from html import escape, unescape
from typing import Any

from domain.enrollment.rules import MAX_PHOTOS, MIN_PHOTOS, NAME_MAX, NameProblem, PhotoVerdict
from domain.languages.catalogs import LANGUAGES, _, isolated
from domain.recognition.strictness import MAX_STEPS


def e(value: str) -> str:
    return escape(value, quote=False)


def plain(text: str) -> str:
    """An HTML sentence as plain text, for button popups (they show no markup)."""
    return unescape(re.sub(r"<[^>]+>", "", text))


# ----- groups ------------------------------------------------------------------


def welcome(group_title: str, bot_username: str) -> str:
    return _(
        "Hi, {group}! I'm facedrop. I send each parent, privately, only the photos "
        "from this group that their own child is in. I never post photos or names here.\n\n"
        "Parents: tap the button below to start."
    ).format(group=isolated(e(group_title)))


def join_button() -> str:
    return _("Get my child's photos")


def needs_admin() -> str:
    return _(
        "I can't see the photos posted here yet: Telegram only shows them to bots that are "
        "admins (or have privacy mode off). Please make me an admin of this group, with no "
        "special rights needed."
    )


def can_see_photos() -> str:
    return _("Thanks! I can see the photos now.")


def group_hint(bot_username: str, link: str) -> str:
    return _("Talk to me in private: {link}").format(link=isolated(link))


# ----- joining and consent -------------------------------------------------------


def start_without_group() -> str:
    return _(
        "Hi! I'm facedrop. I send you, privately, the photos from your group chats that your "
        "child is in.\n\nTo start, open the link I posted in your group (tap my welcome message "
        "there). Then use /add to enroll your child."
    )


def unknown_link() -> str:
    return _("This link doesn't work (anymore). Please use the button in your group's chat.")


def inactive_group() -> str:
    return _("I'm no longer in that group, so I can't send you photos from it.")


def not_a_member(group_title: str) -> str:
    return f"You need to be a member of <b>{e(group_title)}</b> to get its photos. Join it first, then tap the link again."


# What facedrop stores, said once: the consent text and /help both show it, and a test
# compares it with the blob store and the tables after a real journey.
def what_i_keep() -> str:
    return _(
        "What I keep, and why:\n"
        "• names: the people you enroll (with a birth date if you give one), you and their other "
        "guardians, and the groups you joined;\n"
        "• face measurements (embeddings) of the faces in your enrollment photos (and the day you "
        "sent each) and in the group's photos, to recognize your people (with a birth date, a face "
        "counts for more in photos of the child at about the same age), and for a face I "
        "recognized or asked about, which of "
        "your person's faces it resembled and how closely; faces no one enrolled yet are grouped "
        "by likeness (without any name, unless a group's organizers name a child from them for "
        "its parent to claim: that name receives nothing, and is shown only to the group's "
        "organizers in its admin chat, and to a member of the group who opens its claim link);\n"
        "• if you claimed a child an organizer named: who named them in which group, when, that "
        "you claimed them and whether you asked about each face, and where I showed you its "
        "faces, to delete them if a photo is taken down (in that group's audit, and their "
        "decision shown to its organizers, without the name once you delete them);\n"
        "• one small crop of one enrollment face per person, shown on their card (while you are "
        "still sending photos, a crop of each accepted face, deleted at /done or /cancel, at most "
        "7 days);\n"
        "• in a group whose organizers approve new people: their decision on the people you enroll "
        "and on you as a guardian, with the reason if they decline (everyone in their admin chat "
        "sees the person's name, your Telegram name and that crop until they decide);\n"
        '• when I\'m unsure ("Is this Alice?"), or before I send earlier photos I found, a small '
        "crop of each face I show you, until you answer (at most 30 days);\n"
        "• which group photos were posted (a link to the Telegram message and who posted it), which "
        'of them I sent to whom, which earlier ones I offered you ("I found 3 earlier photos of '
        "Alice\") and what you answered, and the corrections you make (the group's organizers see who "
        "corrected faces on which day's photos, not whose faces), and, for at most 8 days, the "
        "buttons I showed you, so each works only once;\n"
        "• your /settings: whether you get your own photos back, and how my questions reach you "
        "(as they come, once a day, or every 5 or 10);\n"
        "• your consent, kept even after you delete everything, without any face data;\n"
        "• if a group's organizers stop my service for you in their group, your Telegram id and "
        "that group, kept even after /forget so that their decision holds;\n"
        "• what a group's organizers did about you (a ban, or their decision on a person you "
        "enroll), kept for the group's audit, without names after /forget.\n"
        "I don't keep the enrollment photos themselves, and I fetch group photos from Telegram only "
        "while I look at them. /export shows what I hold, /forget deletes it."
    )


def consent_request(group_title: str) -> str:
    return (
        f"Welcome! You're joining <b>{e(group_title)}</b>.\n\n"
        f"{what_i_keep()}\n\n"
        "Do you agree? Tap the button or send /agree."
    )


def agree_button() -> str:
    return _("I agree")


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


def already_agreed() -> str:
    return _("You have already agreed. Use /add to enroll someone, or /help.")


def nothing_to_agree() -> str:
    return _("There's nothing to agree to yet: open your group's link first.")


def needs_consent() -> str:
    return _('Please agree first: open your group\'s link and tap "I agree".')


def needs_group() -> str:
    return _(
        "You aren't in any group of mine yet. Open the link I posted in your group's chat first."
    )


# ----- enrollment ------------------------------------------------------------------


def ask_name() -> str:
    return _(
        "What is the name of the person you want to enroll (for example your child's first name)?"
    )


def send_a_name() -> str:
    return _("Please send a name (up to 64 characters), or /cancel.")


def bad_name(problem: NameProblem | None, length: int) -> str:
    """Why a name was refused, and what to do."""
    if problem == NameProblem.CONTROL:
        return "Names can't contain control characters. Send the name again, or /cancel."
    if problem == NameProblem.TOO_LONG:
        return (
            f"That name is {length} characters; the limit is {NAME_MAX}. "
            "Send a shorter one, or /cancel."
        )
    return send_a_name()


def ask_photos(name: str, minimum: int = MIN_PHOTOS) -> str:
    if minimum >= MIN_PHOTOS:
        how_many = f"{MIN_PHOTOS} to {MAX_PHOTOS} photos"
        done_when = f"at least {MIN_PHOTOS}"
    else:
        how_many = f"{_photos(minimum)} or more (up to {MAX_PHOTOS})"
        done_when = f"at least {minimum}"
    return (
        f"Now send me {how_many} of <b>{e(name)}</b>, one at a time: "
        "recent, clear photos where the face is large, well lit and looking at the camera, "
        "and nobody else is close (a child changes fast: photos of the last months find "
        f"them best). Send /done when you have sent {done_when}, or /cancel."
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


def remove_photo_button() -> str:
    return _("Remove this photo")


def enrollment_photo_removed(accepted: int, minimum: int) -> str:
    return f"Removed; {_progress(accepted, minimum)} now."


def looks_like(name: str) -> str:
    return f"This looks like <b>{e(name)}</b>, whom you already enrolled. Add it to {e(name)}?"


def add_to_button(name: str) -> str:
    return f"Yes, add to {name}"


def different_person_button() -> str:
    return _("No, it's a different person")


def switched_to(name: str) -> str:
    return (
        f"OK: this photo, and the others you sent in this session, now go to <b>{e(name)}</b>. "
        f"Send more photos of {e(name)}, or /done."
    )


def different_person() -> str:
    return _("OK, a different person. I'm checking the photo again…")


def not_a_photo_now() -> str:
    return _("Please send a photo (or an image file), /done or /cancel.")


def still_checking() -> str:
    return _("I'm still checking your last photo(s). Send /done again in a moment.")


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


def enrollment_ready(name: str, groups: Sequence[str], *, ask_birth_date: bool = False) -> str:
    where = ", ".join(f"<b>{e(g)}</b>" for g in groups) or "your groups"
    ready = f"<b>{e(name)}</b> is ready. I'll send you the photos they appear in from: {where}."
    if not ask_birth_date:
        return ready
    return (
        f"{ready}\n\nFor a child: give their birth date on their card (/persons, "
        f"{e(name)}, {ACTIONS['birth']}), and I'll weigh each photo by the child's age in it, to "
        "keep finding them as they grow."
    )


def enrollment_awaiting_approval(name: str) -> str:
    return f"<b>{e(name)}</b> is enrolled. An organizer of your group approves new persons first; I'll tell you when that's done."


def enrollment_cancelled() -> str:
    return _("Cancelled. I've deleted what you sent for this person.")


def cancelled() -> str:
    return _("Cancelled.")


def nothing_to_cancel() -> str:
    return _("There's nothing to cancel.")


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


def suggestion_yes() -> str:
    return _("Thanks! Noted.")


def suggestion_no() -> str:
    return _("Thanks, noted: similar faces will be asked about instead of sent.")


def suggestion_already_answered() -> str:
    return _("This question has already been answered.")


def suggestion_expired_alert() -> str:
    return _("This question has expired: nobody answered it in time.")


def earlier_photos_shown(name: str, group_title: str, count: int) -> str:
    """Found, not sent: earlier photos of a group where the person's face is sure enough
    to send, shown as a numbered sheet of the faces for a guardian to check first."""
    return (
        f"I found {count} earlier photos of <b>{e(name)}</b> in {e(group_title)}, posted "
        f"before I knew {e(name)} well enough. Are these faces (numbered) {e(name)}? "
        "I'll send the photos of those that are."
    )


def offer_already_answered() -> str:
    return _("This offer has already been answered.")


def offer_sent() -> str:
    return _("On their way.")


def offer_declined() -> str:
    return _("OK, I won't send them.")


def offer_one_by_one() -> str:
    return _("I'll ask about each face.")


def earlier_photos_sent(name: str, group_title: str, count: int, to_you: int) -> str:
    """The offer, answered "send them": ``count`` photos passed the check at the press and
    are the person's now; ``to_you`` of them are on their way to the presser (not their own
    posts, not ones they have already, not while the person is paused)."""
    if count == 0:
        return (
            f"None of those photos of <b>{e(name)}</b> from {e(group_title)} can be sent any "
            "more: they were taken down, deleted, or are somebody else's by now."
        )
    if to_you == count:
        return f"Sending you {_photos(to_you)} of <b>{e(name)}</b> from {e(group_title)}."
    return (
        f"{_photos(count).capitalize()} from {e(group_title)} are <b>{e(name)}</b>'s now; "
        f"{to_you} of them on their way to you (the others you have already, posted "
        "yourself, or wait while they are paused)."
    )


def earlier_photos_stale(name: str) -> str:
    """An offer found with a face that is no longer the person's by the press."""
    return (
        f"I found these with a face of <b>{e(name)}</b> that was corrected since, so I sent "
        "nothing. I'm looking again with what I know now."
    )


def offer_looking_again() -> str:
    return _("Looking again.")


def offer_answered_elsewhere(name: str, answer: str) -> str:
    """An offer or sheet another guardian of the person answered (``answer``: sent,
    declined, one_by_one); it names nobody but the person."""
    if answer == "sent":
        return f"Another guardian of <b>{e(name)}</b> said yes: these photos come to you too."
    if answer == "one_by_one":
        return f"Another guardian of <b>{e(name)}</b> is going through these faces one by one."
    return f"Another guardian of <b>{e(name)}</b> said no: I won't send these."


def look_alikes_question(name: str, group_title: str, count: int) -> str:
    """A sheet of faces that look alike (a cluster), and like the person."""
    return (
        f"These {count} faces from photos in {e(group_title)} look alike, and like "
        f"<b>{e(name)}</b>. Are they {e(name)}?"
    )


def all_of_them(name: str) -> str:
    return f"Yes, all are {name}"


def none_of_them(name: str) -> str:
    return f"None is {name}"


def some_are() -> str:
    return _("Some are")


def look_alikes_answered(name: str, group_title: str, answer: str, count: int, to_you: int) -> str:
    """The sheet, answered: ``answer`` is the service's (sent, declined, one_by_one)."""
    if answer == "sent":
        sent = earlier_photos_sent(name, group_title, count, to_you)
        return sent if count == 0 else f"They're all <b>{e(name)}</b>. {sent}"
    if answer == "one_by_one":
        return f"OK, I'll ask about each face on its own: is it <b>{e(name)}</b>?"
    return (
        f"OK, none is <b>{e(name)}</b>: I won't send those photos, and faces like these "
        f"will be asked about rather than sent to you as {e(name)}."
    )


def questions_sheet(name: str, group_title: str, count: int) -> str:
    """A batch of a guardian's questions about one person, on one numbered sheet."""
    if count == 1:
        return f"Is this face <b>{e(name)}</b>? (the one question waiting, a photo in {e(group_title)})"
    return f"Are these {count} faces <b>{e(name)}</b>? (photos in {e(group_title)}, numbered)"


def questions_sheet_answered(name: str, answer: str, count: int, to_you: int, closed: int) -> str:
    """A batch, answered (``answer``: sent, declined, one_by_one) for the ``count`` faces
    still open at the press; ``closed`` of the sheet's faces were settled meanwhile (someone
    answered, the face was given to someone, the photo taken down, the question expired):
    said without naming anybody."""
    if count == 0:
        said = "Nothing left to answer on this sheet"
    elif answer == "sent":
        said = f"Thanks: {_photos(count)} of <b>{e(name)}</b>"
        said += f", {to_you} on their way to you" if to_you != count else ", on their way to you"
    elif answer == "one_by_one":
        said = f"OK, I'll ask about each face on its own: is it <b>{e(name)}</b>?"
    else:
        said = (
            f"OK, none is <b>{e(name)}</b>: faces like these will be asked about rather than "
            f"sent to you as {e(name)}"
        )
    if closed:
        said += (
            f". {closed} of the faces shown had been settled meanwhile (answered, sorted out "
            "or taken down): I left those as they are"
        )
    return said + "."


def question_withdrawn() -> str:
    return _(
        "This question is closed: it was answered, or the face was sorted out or taken down "
        "meanwhile. Nothing to do here."
    )


def question_mode_text(mode: str, every: int, hour: int, a_day: int) -> str:
    """The /settings line about how questions arrive (``mode``: each, daily, every)."""
    how = {
        "each": f"one message per face, as they come, {a_day} a day at most (more wait for "
        "a sheet)",
        "daily": f"once a day, at {hour:02d}:00 UTC, one numbered sheet per person",
        "every": f"once {every} are waiting, one numbered sheet per person",
    }[mode]
    return (
        f'Questions ("Is this Alice?"): <b>{how}</b>.\n'
        "On a sheet you answer all faces at once (all are, none is) or one by one. Questions "
        'about two of your people ("Alice or Bob?") always come on their own.'
    )


def question_mode_button(mode: str, every: int, chosen: bool) -> str:
    label = {"each": "As they come", "daily": "Once a day", "every": f"Every {every}"}[mode]
    return f"✓ {label}" if chosen else label


def earlier_photos_declined(name: str, group_title: str) -> str:
    return (
        f"OK, I won't send those earlier photos of <b>{e(name)}</b> from {e(group_title)}, "
        "and I won't offer them again. New photos still come as usual."
    )


def earlier_photos_left(group_title: str) -> str:
    """Plain text (a popup): the presser may not receive photos from that group now."""
    return (
        f"I can't send you photos from {group_title} now: you're no longer in it, or its "
        "organizers haven't approved you there (yet)."
    )


def suggestion_expired(days: int) -> str:
    """An unanswered question's caption once it expired (its face crop is blanked). It
    names nobody: the chat may no longer be a guardian's."""
    return (
        f"⌛ This question expired: nobody answered it within {days} days, so I didn't "
        "match that face to anyone."
    )


def not_person_done(name: str) -> str:
    return f"OK, that isn't <b>{e(name)}</b>. " + not_person_consequence(name)


# "Not Alice?" on a delivered photo: two choices, each with its consequence.
def remove_photo_only() -> str:
    return _("Remove this photo only")


def remove_photo_consequence() -> str:
    return _(
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
        f"<b>{remove_photo_only()}</b>: {remove_photo_consequence()}\n\n"
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


def correction_done() -> str:
    # a callback answer; the message says what was done
    return _("Done.")


def suggestion_answered(name: str, fate: str | None, *, yes: str = "Yes, that's") -> str:
    """The question, answered: ``fate`` is what becomes of the photo (None: the answer was no)."""
    yes = f"{yes} <b>{e(name)}</b>."
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


# Siblings: a face close to two persons of the same guardian is asked about naming both.
def pair_question(first: str, second: str, group_title: str) -> str:
    return f"Is this <b>{e(first)}</b> or <b>{e(second)}</b>? (a photo in {e(group_title)})"


def neither() -> str:
    return _("Neither")


def pair_answered(chosen: str | None, names: tuple[str, str], fate: str | None) -> str:
    """The "Alice or Bob?" question, answered: ``chosen`` is the name picked (None:
    neither), ``fate`` what becomes of the photo for the guardian."""
    if chosen is None:
        first, second = names
        return (
            f"Neither <b>{e(first)}</b> nor <b>{e(second)}</b>. I'll remember this face is "
            "neither of them, so similar faces will be asked about instead of sent."
        )
    other = names[1] if chosen == names[0] else names[0]
    answered = suggestion_answered(chosen, fate, yes="It's")
    return (
        f"{answered} I'll remember this face isn't {e(other)}, "
        "so similar faces will be asked about instead of sent."
    )


def already_changed() -> str:
    return _("That face isn't matched to that person any more.")


def not_yours() -> str:
    return _("That isn't one of your people.")


def button_expired() -> str:
    return _("This button has expired.")


def button_other_chat() -> str:
    return _("That button belongs to another chat.")


def button_not_yours() -> str:
    return _("That button was shown to someone else.")


# ----- general ---------------------------------------------------------------------

HELP = (
    "I find your child in the photos of your group chats and send you just those, privately.\n\n"
    "/add [name] enroll someone with 3-10 photos of their face\n"
    "/persons the people you enrolled: rename, add photos, merge, pause, invite a co-guardian, delete\n"
    "/history recent changes, with undo\n"
    "/settings send me my own photos too: off or on; questions as they come, once a day or "
    "every 5 or 10\n"
    "/export everything I hold about you\n"
    "/forget delete everything about you\n"
    "/cancel stop what you're doing\n"
    "/help this message\n\n"
    "To join a group, open the link I posted in its chat.\n\n"
    "Photos of a paused person are held, not sent; when you resume them I offer those "
    "photos in one batch.\n\n"
    f"{what_i_keep()}"
)


def unknown_command() -> str:
    return _("I don't know that command. /help lists what I can do.")


def private_photo_outside_enrollment() -> str:
    return _(
        "To enroll someone, send /add first. Photos for your group go in the group chat; "
        "I'll send you the ones your people are in."
    )


def only_photos() -> str:
    return _("I only work with photos. Send /help to see what I can do.")


def something_went_wrong() -> str:
    return _("Sorry, something went wrong on my side. Please try again in a minute.")


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


def forgotten() -> str:
    return _(
        "Everything I had about you is deleted, except the record that you agreed and then asked "
        "for this deletion (your Telegram id and the dates, nothing about faces). Goodbye! (Send "
        "/start if you ever want to come back.)"
    )


def forget_confirm() -> str:
    return _(
        "This deletes everything I have about you: your groups, the people you enrolled (unless "
        "another guardian keeps them), and their face measurements. It cannot be undone. Are you sure?"
    )


def forget_button() -> str:
    return _("Yes, delete everything")


def forgetting() -> str:
    return _("Deleting everything... I'll confirm when it's done.")


def nothing_to_forget() -> str:
    return _("I don't hold anything about you, so there is nothing to delete.")


def cancel_button() -> str:
    return _("No, keep it")


def kept() -> str:
    return _("OK, nothing was deleted.")


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


def ask_new_name() -> str:
    return _("What should the new name be?")


def ask_birth_date() -> str:
    return _(
        "When was this person born? Send the date like 2019-05-31 (or 31.05.2019), or /cancel."
    )


def bad_birth_date() -> str:
    return _(
        "I can't read that date. I read dates like 2019-05-31 or 31.05.2019. Send it again, or /cancel."
    )


def future_birth_date() -> str:
    return _("That date is in the future. Send the day they were born, or /cancel.")


def too_old_birth_date() -> str:
    return _("That date is before 1900. Send the day they were born, or /cancel.")


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


def renamed() -> str:
    return _("Renamed.")


def birth_date_set() -> str:
    return _("Saved. From now on, photos posted before that day won't be matched to them.")


def paused() -> str:
    return _(
        "Paused: I'll keep recognizing them in new group photos but hold those photos instead of "
        "sending them. When you resume, I'll offer you the held photos in one batch."
    )


def resumed() -> str:
    return _("Resumed: I'll send their photos again.")


def held_offer(name: str, count: int) -> str:
    if count == 1:
        return f"While <b>{e(name)}</b> was paused, 1 photo of them was posted. Send it?"
    return f"While <b>{e(name)}</b> was paused, {count} photos of them were posted. Send them?"


def held_sent(count: int) -> str:
    return "Sending 1 photo." if count == 1 else f"Sending {count} photos."


def person_paused(name: str) -> str:
    """Plain text: used as a button's answer."""
    return f"{name} is paused. Resume them first, then answer again."


def held_dropped() -> str:
    return _("OK, I won't send them.")


def held_already() -> str:
    return _("Already done.")


def no_other_person() -> str:
    return _("You have no other person to merge with.")


def choose_merge() -> str:
    return _(
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


def accept_invite() -> str:
    return _("Accept")


def invite_invalid() -> str:
    return _("This invitation doesn't work (anymore): it is used, expired or unknown.")


def invite_accepted(name: str) -> str:
    return (
        f"You're now a guardian of <b>{e(name)}</b>. You'll get their photos from the groups you're in "
        "(join a group through its link first)."
    )


def already_guardian(name: str) -> str:
    return f"You already are a guardian of <b>{e(name)}</b>."


def guardians_list(name: str) -> str:
    return f"The guardians of <b>{e(name)}</b>. Remove one, or leave yourself:"


def remove() -> str:
    return _("Remove")


def leave() -> str:
    return _("Leave")


def guardian_removed() -> str:
    return _("Removed.")


def left_person() -> str:
    return _("You no longer receive their photos.")


def last_guardian_left() -> str:
    return _("You were the last guardian, so I'm deleting them and everything about them.")


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


def confirm() -> str:
    return _("Yes, delete")


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


def history_automatic_hidden() -> str:
    return _("Photos I matched by myself are not listed; send /history all to see them.")


def show_automatic() -> str:
    return _("Show automatic matches")


def history_line(
    when: str, operation: str, from_name: str | None, to_name: str | None, faces: int, undone: bool
) -> str:
    what = OPERATION_NAMES.get(operation, operation)
    names = " → ".join(e(n) for n in (from_name, to_name) if n) or "?"
    return f"{when} {what} {faces} face(s): {names}" + (" (undone)" if undone else "")


def undo() -> str:
    return _("Undo")


UNDO_TEXTS = {
    "done": "Undone.",
    "unknown": "I can't find that change.",
    "already_undone": "That change is already undone.",
    "not_undoable": "That can't be undone: the faces it concerned were deleted.",
    "changed_since": "That can't be undone any more: the face or person has changed since.",
}


def who_is_it(name: str) -> str:
    return f"That isn't <b>{e(name)}</b>. Who is it, then? One of your other people?"


def another_person() -> str:
    # in /history: someone the reader does not guard
    return _("another person")


def none_of_mine() -> str:
    return _("Someone I don't know")


def moved_to(name: str) -> str:
    return f"Moved: that face is <b>{e(name)}</b> now."


def export_caption() -> str:
    return _(
        "Everything I hold about you and your people, the face crops I keep included. Face "
        "measurements are counted, not included: they are numbers only I can use."
    )


def nothing_to_export() -> str:
    return _("I don't hold anything about you.")


# ----- The organizers' side (issue 11). Each part in its own section. ------------------------


# --- admin chat: linking, /help of the admin chat, /audit ---
def not_an_admin_chat() -> str:
    return _(
        "This chat is not the admin chat of any group. A group's admin sends /admin in the "
        "group to link one."
    )


def which_group() -> str:
    return _("Which group?")


def untitled_group() -> str:
    return _("(untitled group)")


# Linking: /admin in the group, the startgroup link, /start <token> in the chat it picks.
def admin_only() -> str:
    return _("Only this group's admins can link its admin chat.")


def admin_link_button() -> str:
    return _("Choose the admin chat")


def admin_link_text(group_title: str, admin_chat_title: str | None) -> str:
    now = (
        _("The admin chat is now <b>{chat}</b>; linking another moves it there.").format(
            chat=isolated(e(admin_chat_title))
        )
        if admin_chat_title
        else _("This group has no admin chat yet.")
    )
    return _(
        "<b>Admin chat of {group}</b>\n{now}\n\n"
        "An admin of this group opens the button below and picks a separate chat for the "
        "organizers (a new one, or an existing one like a school office's): I join it, and "
        "it gets approval cards and the organizers' commands. The link works once, and only "
        "for an admin of this group."
    ).format(group=isolated(e(group_title)), now=now)


def admin_chat_linked(group_title: str) -> str:
    return (
        f"✅ This chat is now the admin chat of <b>{e(group_title)}</b>. I post its approval "
        "cards here, and its admins moderate it from here. /help lists the commands."
    )


def admin_chat_already(group_title: str) -> str:
    return (
        f"This chat is already the admin chat of <b>{e(group_title)}</b>. /help lists the commands."
    )


def admin_chat_moved_away(group_title: str) -> str:
    return (
        f"This chat no longer serves <b>{e(group_title)}</b>: an admin of the group linked "
        "another admin chat. Nothing of that group comes here any more."
    )


def admin_chat_left(group_title: str) -> str:
    return _(
        "I was removed from the admin chat of <b>{group}</b>, so it has none now. "
        "An admin can send /admin here to link one."
    ).format(group=isolated(e(group_title)))


def admin_link_expired() -> str:
    return _(
        "This admin link was already used or replaced. An admin of the group can send /admin "
        "there for a new one."
    )


def admin_link_not_organizer(group_title: str) -> str:
    return _(
        "Only an admin of <b>{group}</b> can make this its admin chat. Nothing was changed."
    ).format(group=isolated(e(group_title)))


def admin_link_same_chat() -> str:
    return _(
        "That link is for another chat: pick a separate chat for the organizers, not the group "
        "itself (every member would see the approval cards)."
    )


def admin_link_photo_group() -> str:
    return _(
        "This chat is a photo group with members or photos: its members would see the approval "
        "cards. Pick a separate chat for the organizers. Nothing was changed."
    )


def admin_in_admin_chat(group_titles: Sequence[str]) -> str:
    served = ", ".join(f"<b>{e(t)}</b>" for t in group_titles)
    return (
        f"This is the admin chat of {served}. To link or move an admin chat, an admin sends "
        "/admin in the group itself."
    )


def admin_chat_help(group_titles: Sequence[str]) -> str:
    served = ", ".join(f"<b>{e(t)}</b>" for t in group_titles)
    return (
        f"This is the admin chat of {served}: its organizers moderate here. Anyone in this "
        "chat can read it; only the group's Telegram admins can act, and I ask Telegram "
        "at every action.\n\n"
        "/audit recent moderation and corrections (who, what, when), with undo where "
        "possible. Shows no faces and no names of children.\n"
        "/takedown &lt;message link&gt; here, or reply /takedown to the photo in the group: "
        "remove a photo from facedrop, from the group and from every guardian's chat. Shows "
        "the photo's date, not who is in it.\n"
        "/ban, /unban @username or user id here (or reply /ban to their message in the "
        "group): shows the participant's Telegram name only.\n"
        "/pause, /resume stop and restart recognition and delivery for the group.\n"
        "/stats numbers only: members, guardians, persons, photos and deliveries this week, "
        "questions waiting, recognition rate, failures; and a 14-day chart.\n"
        "/settings approval, strictness, delivery mode, retention, language.\n"
        "/pending post again the approval cards still waiting.\n"
        "/whois the largest groups of look-alike faces nobody enrolled, one at a time, as a "
        "sheet of faces: name the child, and pass the claim link I send you privately to the "
        "parent (the child gets no photos until the parent claims it and you approve the "
        "claim here; the name is shown only here and to a member of the group who opens the "
        "link).\n"
        "/unclaimed the children you named and nobody claimed yet: a new link, revoke, "
        "rename, delete.\n"
        "/help this message.\n\n"
        f"{approvals_help()} They are the only place a face appears.\n\n"
        "In the group itself I never post names or faces; an admin sends /admin there to "
        "link or move this chat. Photos posted here are not recognized or shared."
    )


# /audit and its undo buttons.
def audit_not_organizer(group_title: str) -> str:
    return f"Only an admin of <b>{e(group_title)}</b> can see its audit."


def audit_header(group_title: str) -> str:
    return f"<b>Audit of {e(group_title)}</b> (newest first, times in UTC)"


def audit_empty(group_title: str) -> str:
    return f"Nothing happened in <b>{e(group_title)}</b> yet: no moderation, no corrections."


def when(at: datetime) -> str:
    return f"{at:%d %b %H:%M}"


def _who(name: str) -> str:
    return f"<b>{e(name)}</b>" if name else "Someone"


_ACTIONS: Mapping[str, str] = {
    "admin_chat_linked": "linked the admin chat",
    "approved": "approved",
    "rejected": "rejected",
    "taken_down": "took down",
    "banned": "banned",
    "unbanned": "unbanned",
    "paused": "paused the group",
    "resumed": "resumed the group",
    "setting_changed": "changed a setting",
    # A cluster of unknown faces named: the audit names no child (the subject is ignored).
    "named": "named a child from unknown faces",
    "claim_link": "made a claim link for a named child",
    "claim_revoked": "revoked a claim link",
    "unclaimed_renamed": "renamed a named child",
    "unclaimed_deleted": "deleted a named child",
    "claimed": "claimed a named child",
    "claim_declined": "declined a claim link (not their child)",
}
_CLAIM_ACTIONS = frozenset(
    {
        "named",
        "claim_link",
        "claim_revoked",
        "unclaimed_renamed",
        "unclaimed_deleted",
        "claimed",
        "claim_declined",
    }
)
_APPROVAL_SUBJECTS: Mapping[str, str] = {"person": "a new person", "guardian": "a co-guardian"}


def audit_moderation_line(
    actor: str, action: str, subject: str, details: Mapping[str, Any], undone: bool
) -> str:
    """One moderation event. Approvals never show the person's name (``subject`` is ignored
    for them): the audit names participants, settings and chats, never children."""
    what = _ACTIONS.get(action, action)
    if action in ("approved", "rejected"):
        what += " " + _APPROVAL_SUBJECTS.get(str(details.get("kind", "")), "an enrollment")
    elif action in _CLAIM_ACTIONS:
        pass
    elif action == "taken_down":
        what += " " + (e(subject) if subject else "a photo")
    elif action == "setting_changed" and "setting" in details:
        key = str(details["setting"])
        name = SETTING_NAMES.get(key, key).lower()
        old, new = setting_value(key, details.get("old")), setting_value(key, details.get("new"))
        what += f": {e(name)} {e(old)} → {e(new)}"
    elif subject:
        what += f" {e(subject)}"
    if details.get("undoes"):
        what += " (an undo)"
    return f"{_who(actor)} {what}" + (" <i>(undone)</i>" if undone else "")


_CORRECTIONS: Mapping[str, str] = {
    "assign": "tagged",
    "unassign": "untagged",
    "move": "corrected",
    "merge": "merged people on",
    "remove": "removed",
}


def audit_correction_line(actor: str, operation: str, faces: int, dates: Sequence[datetime]) -> str:
    verb = _CORRECTIONS.get(operation, "changed")
    count = f"{faces} face{'s' if faces != 1 else ''} on " if operation != "merge" else ""
    where = f"a photo of {min(dates):%d %b}" if len(dates) == 1 else f"{len(dates)} photos"
    return f"{_who(actor)} {verb} {count}{where}"


def audit_text(group_title: str, lines: Sequence[tuple[datetime, str, str]]) -> str:
    """The /audit message: numbered lines (time, what, and why it cannot be undone)."""
    rows = [
        f"{n}. {when(at)} · {line}" + (f"\n    <i>{why}</i>" if why else "")
        for n, (at, line, why) in enumerate(lines, 1)
    ]
    return audit_header(group_title) + "\n\n" + "\n".join(rows)


def undo_button(number: int) -> str:
    return f"↩️ Undo {number}"


def undone_alert() -> str:
    return _("Undone.")


_CANNOT_UNDO: Mapping[str, str] = {
    "admin_chat_linked": "To move the admin chat, an admin sends /admin in the group.",
    "taken_down": "A takedown can't be undone: the photo and its copies are deleted.",
    "approved": "An approval can't be undone here.",
}


def cannot_undo(action: str) -> str:
    return _CANNOT_UNDO.get(action, "This can't be undone.")


UNDO_REFUSED: Mapping[str, str] = {
    "changed_since": "That can't be undone any more: it has changed since.",
    "unknown_setting": "That setting can't be undone from here; use /settings.",
}


def audit_undone(group_title: str, actor: str, line: str) -> str:
    """``line``: the undone event's audit line (HTML)."""
    return f"↩️ <b>{e(group_title)}</b>: {_who(actor)} undid “{line}”."


def undo_already(by: str) -> str:
    return f"Already undone by {by}." if by else "Already undone."


def not_an_organizer_button() -> str:
    return _("Only the group's admins can do that.")


# --- approvals ---
def approve_button() -> str:
    return _("✅ Approve")


def reject_button() -> str:
    return _("❌ Reject")


def back_button() -> str:
    return _("« Back")


# Why an organizer rejects: (code, button, what the guardian is told).
REJECT_REASONS: tuple[tuple[str, str, str], ...] = (
    ("unknown", "Not of this group", "the organizers don't know them as part of this group"),
    ("photos", "Unsuitable photos", "the enrollment photos don't show them clearly enough"),
    ("duplicate", "Enrolled already", "they are already enrolled by another guardian"),
    ("other", "Other: talk to us", "please talk to the group's organizers"),
)


def pick_a_reason() -> str:
    return _("Pick a reason: the guardian is told it.")


def only_organizers_decide() -> str:
    return _("Only the group's admins can approve or reject.")


def guardian_label(first_name: str, username: str | None) -> str:
    name = first_name or "?"
    return f"{name} (@{username})" if username else name


def approval_card(
    group_title: str, co_guardian: bool, person_name: str, guardian: str, cover: bool
) -> str:
    """The card in the admin chat: the group, who asks, for whom, and what it will do."""
    head = f"<b>Approval needed</b> in <b>{e(group_title)}</b>\n"
    if co_guardian:
        body = (
            f"New co-guardian: <b>{e(guardian)}</b>, of <b>{e(person_name)}</b> (enrolled "
            "already). Until approved they get no photos from this group."
        )
    else:
        body = (
            f"New person: <b>{e(person_name)}</b>, enrolled by <b>{e(guardian)}</b>. Until "
            "approved they are not recognized in this group's photos."
        )
    face = "\nThe photo is the enrollment face I keep." if cover else ""
    return f"{head}{body}{face}"


def approval_decided(approved: bool, by: str, reason: str = "") -> str:
    """The line added to a decided card."""
    if approved:
        return f"\n\n✅ Approved by {e(by)}."
    return f"\n\n❌ Rejected by {e(by)}: {e(reason)}."


# On a card whose guardian has since used /forget (the decision stays with the person).
def guardian_forgotten() -> str:
    return _("a guardian who has since left facedrop")


def approval_record(
    group_title: str,
    co_guardian: bool,
    person_name: str,
    guardian: str,
    approved: bool,
    by: str,
    reason: str = "",
) -> str:
    """What stays in the admin chat once an approval is decided: its card, without the face."""
    whom = (
        f"co-guardian <b>{e(guardian)}</b>, of <b>{e(person_name)}</b>"
        if co_guardian
        else f"new person <b>{e(person_name)}</b>, enrolled by <b>{e(guardian)}</b>"
    )
    return f"Approval in <b>{e(group_title)}</b>: {whom}.{approval_decided(approved, by, reason)}"


def approval_card_replaced(group_title: str) -> str:
    """On an approval card too old to delete, once a newer message about it is posted."""
    return f"An approval card of <b>{e(group_title)}</b>: see the newer message about it below."


def approval_card_withdrawn(group_title: str) -> str:
    """On an approval card too old to delete, withdrawn (its person deleted, its faces
    forgotten, or the admin chat moved)."""
    return f"An approval card of <b>{e(group_title)}</b>, withdrawn."


def already_decided(approved: bool, by: str) -> str:
    return f"Already {'approved' if approved else 'rejected'} by {by}."


def waiting_for_approval(
    person_name: str, group_title: str, co_guardian: bool, admin_chat: bool
) -> str:
    """The guardian hears that something waits for a group's organizers."""
    what = (
        f"You, as a guardian of <b>{e(person_name)}</b>,"
        if co_guardian
        else f"<b>{e(person_name)}</b>"
    )
    told = (
        "I'll tell you when they decide."
        if admin_chat
        else "They haven't set up approvals yet; your request is kept and sent to them as "
        "soon as they do."
    )
    return (
        f"⏳ {what} need{'' if co_guardian else 's'} the approval of the organizers of "
        f"<b>{e(group_title)}</b> before I send photos from there. {told}"
    )


def enrollment_ready_waiting(
    name: str, ready: Sequence[str], waiting: Sequence[str], unset: Sequence[str] = ()
) -> str:
    """Enrolled, and waiting for approval in some groups (``unset``: those of them whose
    organizers have no admin chat linked yet)."""

    def listed(groups: Sequence[str]) -> str:
        return ", ".join(f"<b>{e(g)}</b>" for g in groups)

    start = f"I'll send you the photos they appear in from: {listed(ready)}. " if ready else ""
    text = (
        f"<b>{e(name)}</b> is ready. {start}In {listed(waiting)}, the organizers approve new "
        "persons first: I'll tell you when they decide."
    )
    if unset:
        text += (
            f" The organizers of {listed(unset)} haven't set up approvals yet; your request "
            "is kept and sent to them as soon as they do."
        )
    return text


def approved_for_guardian(person_name: str, group_title: str, co_guardian: bool) -> str:
    whom = (
        f"You, as a guardian of <b>{e(person_name)}</b>, are"
        if co_guardian
        else (f"<b>{e(person_name)}</b> is")
    )
    return (
        f"✅ {whom} approved by the organizers of <b>{e(group_title)}</b>. I'll send you the "
        f"photos {e(person_name)} appears in that are posted there from now on."
    )


def rejected_for_guardian(
    person_name: str, group_title: str, co_guardian: bool, reason: str
) -> str:
    whom = (
        f"You weren't approved as a guardian of <b>{e(person_name)}</b>"
        if co_guardian
        else f"<b>{e(person_name)}</b> wasn't approved"
    )
    return (
        f"{whom} by the organizers of <b>{e(group_title)}</b>: {e(reason)}. I won't send "
        "photos from that group for them. Your other groups are not affected."
    )


# For /help of the admin chat: what approvals show the organizers.
def approvals_help() -> str:
    return _(
        "Approvals (when the group approves new people): a card per new person or co-guardian "
        "with the group, the person's name, the guardian's Telegram name and one enrollment face "
        "crop; Approve, or Reject with a reason the guardian is told. Once decided, the card is "
        "replaced by a line recording the decision, without the face; cards and lines go when "
        "the person is deleted. /pending posts the cards still waiting again, in place of the "
        "older ones."
    )


def no_pending_approvals(group_title: str) -> str:
    return f"Nothing waits for approval in <b>{e(group_title)}</b>."


def only_organizers_pending(group_title: str) -> str:
    return f"Only the admins of <b>{e(group_title)}</b> can ask for its pending approvals."


# --- takedown ---
def _at(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%d %b %H:%M UTC")


def _group(title: str) -> str:
    return f"<b>{isolated(e(title or untitled_group()))}</b>"


def takedown_ask(title: str, posted_at: datetime, link: str | None) -> str:
    """The confirmation in the admin chat: which photo (a link, no copy of it), which group."""
    where = f' <a href="{e(link)}">Open it in the group</a>.' if link else ""
    return (
        f"Take down a photo from {_group(title)}? Posted {_at(posted_at)}.{where}\n"
        "I'll delete its faces and crops and every copy I sent to guardians. This can't be "
        "undone."
    )


def takedown_ask_in_group() -> str:
    return _(
        "Take this photo down? I'll delete every copy I sent to guardians. Only the admin who "
        "asked can confirm."
    )


# Asked by an anonymous admin: Telegram does not say who, so any admin may confirm.
def takedown_ask_in_group_any_admin() -> str:
    return _(
        "Take this photo down? I'll delete every copy I sent to guardians. Any admin of the "
        "group can confirm."
    )


def takedown_only_this_of_album() -> str:
    return _(
        "It came in an album: only this photo of the album goes. Reply /takedown to the others "
        "in the group (or send their links here) to take them down too."
    )


def takedown_only_this_of_album_in_group() -> str:
    return _(
        "It came in an album: only this photo of the album goes. Reply /takedown to the others "
        "to take them down too."
    )


def takedown_go() -> str:
    return _("Take it down")


def takedown_cancel() -> str:
    return _("Cancel")


def takedown_kept() -> str:
    return _("Kept: nothing was taken down.")


def takedown_cant_delete_command() -> str:
    return _(
        "(I couldn't delete your /takedown message: make me an admin of the group with the right "
        "to delete messages.)"
    )


def takedown_taking(title: str) -> str:
    return _("Taking down the photo from {group}. I'll report here when it's done.").format(
        group=_group(title)
    )


def takedown_taking_private() -> str:
    return _("Taking the photo down. I'll tell you when it's done.")


def takedown_refused(title: str) -> str:
    return _("Only admins of {group} can take its photos down.").format(group=_group(title))


def takedown_refused_in_group() -> str:
    return _("Only the group's admins can take photos down.")


def takedown_how_in_group() -> str:
    return _("Reply /takedown to the photo you want taken down.")


def takedown_not_a_photo() -> str:
    return _("That message is not a photo I know. Reply /takedown to a group photo.")


def takedown_how_in_admin_chat() -> str:
    return _(
        "Send /takedown with the photo's link (in the group: the message's menu, Copy link), "
        "for example /takedown https://t.me/c/1234567890/42. Or reply /takedown to the photo "
        "in the group."
    )


def takedown_bad_link() -> str:
    return _(
        "That isn't a link to a message. Copy the photo's link in the group (the message's "
        "menu, Copy link): it looks like https://t.me/c/1234567890/42."
    )


def takedown_other_group() -> str:
    return _("That link is to a group this chat isn't the admin chat of.")


def takedown_no_such_photo() -> str:
    return _("I have no photo at that link in that group.")


def takedown_already(title: str, by: str) -> str:
    if by:
        return _("That photo from {group} was already taken down by {admin}.").format(
            group=_group(title), admin=isolated(e(by))
        )
    return _("That photo from {group} was already taken down.").format(group=_group(title))


def taken_down(
    title: str,
    posted_at: datetime,
    deleted: int,
    too_old: Sequence[datetime],
    group_post: bool | None,
    *,
    copies: Sequence[datetime] = (),
    posts_left: Sequence[datetime] = (),
) -> str:
    """The result: copies deleted, copies too old to delete (when; not to whom). ``copies``:
    when the same picture was posted in the group other times (taken down with it);
    ``posts_left``: which of these posts the bot could not delete from the group."""
    also = ""
    if copies:
        times = ", ".join(_at(moment) for moment in sorted(copies))
        posts = "1 other post" if len(copies) == 1 else f"{len(copies)} other posts"
        also = f", with {posts} of the same picture there ({times})"
    lines = [
        f"Taken down: the photo from {_group(title)} posted {_at(posted_at)}{also}. Its faces "
        "and crops are deleted, and it will never be sent again. This can't be undone.",
        f"Copies deleted from guardians' chats: {deleted}.",
    ]
    if too_old:
        times = ", ".join(_at(moment) for moment in sorted(too_old))
        lines.append(
            f"Copies too old for me to delete: {len(too_old)} (sent {times}). Telegram lets a "
            "bot delete its messages only in their first 48 hours; those guardians can delete "
            "theirs."
        )
    if group_post is False and copies and posts_left:
        times = ", ".join(_at(moment) for moment in sorted(posts_left))
        which = "1 of these posts" if len(posts_left) == 1 else f"{len(posts_left)} of these posts"
        them = "it" if len(posts_left) == 1 else "them"
        lines.append(
            f"I couldn't delete {which} in the group itself (posted {times}): please delete "
            f"{them} there, or make me an admin with the right to delete messages."
        )
    elif group_post is False:
        lines.append(
            "I couldn't delete the photo in the group itself: please delete it there, or make "
            "me an admin with the right to delete messages."
        )
    return "\n".join(lines)


def taken_down_in_group(group_post: bool | None) -> str:
    """Said in the group itself when no admin can be told privately: no counts, no names."""
    if group_post is False:
        return _(
            "Taken down. I couldn't delete the photo here: an admin, please delete it, or "
            "make me an admin with the right to delete messages."
        )
    return _("Taken down.")


def taken_down_posted_again(
    title: str, posted_at: datetime, deleted: bool, link: str | None
) -> str:
    """A photo taken down was posted in the group again (forwarded, re-sent): it stays
    down. Says which group and when; no names."""
    head = (
        f"A photo taken down from {_group(title)} was posted there again ({_at(posted_at)}). "
        "I won't recognize or send it to anyone."
    )
    if deleted:
        return f"{head} I deleted it from the group."
    where = f' <a href="{e(link)}">Open it in the group</a>.' if link else ""
    return (
        f"{head} I couldn't delete it from the group: please delete it there, or make me an "
        f"admin with the right to delete messages.{where}"
    )


# --- bans and pausing the group, /stats ---


def join_refused(group_title: str) -> str:
    return (
        f"The organizers of <b>{e(group_title)}</b> have turned off my service for you in "
        "this group, so I can't send you its photos. If you think this is a mistake, please "
        "ask them."
    )


def only_organizers() -> str:
    return _("Only the group's admins can do that.")


def only_organizers_of(group_title: str) -> str:
    return f"Only the admins of <b>{e(group_title)}</b> can do that."


def ban_usage() -> str:
    return _(
        "To ban someone from a group in facedrop: reply /ban to one of their messages in the "
        "group, or send <code>/ban @username</code> or <code>/ban user_id</code> here. "
        "<code>/unban</code> works the same way."
    )


def unknown_participant(reference: str, group_titles: list[str]) -> str:
    where = ", ".join(f"<b>{e(t)}</b>" for t in group_titles)
    return (
        f"I don't know {e(reference)} in {where}: I can only ban people who joined it "
        "through my link (their @username or Telegram user id)."
    )


def ban_reply_usage() -> str:
    return _("Reply /ban (or /unban) to a message of the person it is about.")


def cannot_ban_that() -> str:
    return _("I can only ban a person's account, not a channel, a bot or an anonymous admin.")


def cannot_ban_organizer(group_title: str) -> str:
    return (
        f"That's an admin of <b>{e(group_title)}</b>: remove their admin rights in Telegram "
        "first if they should not get photos."
    )


def banned(group_title: str, name: str) -> str:
    return (
        f"<b>{e(group_title)}</b>: {e(name)} is banned. They get no more photos from this "
        "group and can't join it again through my link. /unban lifts it."
    )


def already_banned(group_title: str, name: str) -> str:
    return f"<b>{e(group_title)}</b>: {e(name)} was already banned."


def unbanned(group_title: str, name: str) -> str:
    return (
        f"<b>{e(group_title)}</b>: {e(name)} is no longer banned. They can join again "
        "through my link in the group (nothing is restored until they do)."
    )


def not_banned(group_title: str, name: str) -> str:
    return f"<b>{e(group_title)}</b>: {e(name)} is not banned."


# Said in the group when it has no admin chat: no names there.
def banned_in_group() -> str:
    return _("Done: that participant gets no more photos from this group through me.")


def unbanned_in_group() -> str:
    return _("Done: that participant can join again through my link.")


def group_paused(group_title: str) -> str:
    return (
        f"<b>{e(group_title)}</b> is paused: I recognize and send nothing from it until you "
        "send /resume. Photos posted meanwhile are kept and handled after the resume. "
        "Parents are not told."
    )


def group_already_paused(group_title: str) -> str:
    return f"<b>{e(group_title)}</b> is already paused. /resume to resume it."


def group_resumed(group_title: str, waiting: int) -> str:
    if waiting == 1:
        held = " The photo posted while it was paused is being handled now."
    elif waiting:
        held = f" The {waiting} photos posted while it was paused are being handled now."
    else:
        held = ""
    return f"<b>{e(group_title)}</b> is running again.{held}"


def group_not_paused(group_title: str) -> str:
    return f"<b>{e(group_title)}</b> is not paused."


def stats_text(
    group_title: str,
    *,
    members: int,
    guardians: int,
    persons: int,
    photos_week: int,
    deliveries_week: int,
    suggestions_pending: int,
    rate: float | None,
    failed_photos: int,
    failed_deliveries: int,
    paused: bool,
    retention_days: int | None = None,
    retention_ran_at: datetime | None = None,
    faces_expired: int = 0,
) -> str:
    shown_rate = "n/a" if rate is None else f"{rate:.0%}"
    state = " (paused)" if paused else ""
    if retention_days is None:
        kept = "Faces of photos kept: with no time limit (/settings sets one)"
    elif retention_ran_at is None:
        kept = f"Faces of photos kept: {retention_days} days (not checked yet)"
    else:
        kept = (
            f"Faces of photos kept: {retention_days} days "
            f"({faces_expired} of older photos deleted so far; "
            f"last checked {retention_ran_at:%Y-%m-%d})"
        )
    return (
        f"<b>{e(group_title)}</b>{state}\n"
        f"Members who joined: {members}\n"
        f"Guardians: {guardians}\n"
        f"Persons enrolled: {persons}\n"
        f"Photos this week: {photos_week}\n"
        f"Photos delivered this week: {deliveries_week}\n"
        f"Questions waiting for an answer: {suggestions_pending}\n"
        f"Recognition rate this week: {shown_rate} (photos with at least one recognized face)\n"
        f"Failures this week: {failed_photos} photos, {failed_deliveries} deliveries\n"
        f"{kept}"
    )


def stats_chart_caption(group_title: str) -> str:
    return f"<b>{e(group_title)}</b>: photos and deliveries per day, last 14 days"


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
        return LANGUAGES.get(str(value), str(value))
    return str(value)


def group_settings_card(title: str, values: dict[str, bool | int | str | None]) -> str:
    """/settings in the admin chat: the group's settings, each explained in a line."""
    lines = [f"⚙️ Settings of <b>{e(title or untitled_group())}</b>", ""]
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
        "photos and their crops, except faces a guardian confirmed (\"Yes, that's "
        'Alice"), which help recognize that person; enrollment faces are not touched. '
        "Photos and questions already sent stay in the guardians' chats.",
        "• Language: of the messages I post in the group itself (the welcome, the link, "
        "refusals, takedown questions). Private chats and this admin chat stay in English "
        "for now.",
        "",
        "Only the group's admins can change these; every change is in /audit.",
    ]
    return "\n".join(lines)


def setting_changed(title: str, key: str, value: bool | int | str | None) -> str:
    """A press's answer (plain text: it is a popup)."""
    return f"{title or untitled_group()}: {SETTING_NAMES[key]} is now {setting_value(key, value)}."


def setting_unchanged(title: str, key: str, value: bool | int | str | None) -> str:
    return (
        f"{title or untitled_group()}: {SETTING_NAMES[key]} is already {setting_value(key, value)}."
    )


def settings_in_the_admin_chat() -> str:
    return _(
        "The group's settings are in its admin chat, where only organizers see them. "
        "Send /admin here to link one, then /settings there."
    )


def only_admins_change_settings() -> str:
    return _("Only the group's admins can change its settings.")


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


# ----- naming a cluster of unknown faces (admin chat) and claiming it (the parent) ----------


def whois_not_organizer() -> str:
    return _("Only an admin of the group can name faces.")


def whois_none(group_title: str) -> str:
    return (
        f"No group of look-alike faces left to name in <b>{e(group_title)}</b>: faces "
        "nobody enrolled are grouped by likeness after photos are posted, and a group needs "
        "at least 3 such faces."
    )


def whois_sheet(group_title: str, position: int, total: int, faces: int) -> str:
    return (
        f"Who is this? {faces} look-alike face{'s' if faces != 1 else ''} from photos in "
        f"<b>{e(group_title)}</b> that nobody enrolled ({position} of {total}).\n"
        "Naming the child gives it no photos and shows the name to no one: I give you a "
        "one-time link for the child's parent, who sees these faces and says whether this "
        "is their child."
    )


# On a sheet of faces too old for Telegram to delete, once withdrawn.
def sheet_withdrawn() -> str:
    return _("A sheet of faces, withdrawn.")


def name_this_child() -> str:
    return _("Name this child")


def skip_cluster() -> str:
    return _("Skip")


def whois_changed() -> str:
    return _(
        "These faces have changed since (someone was recognized, or a photo went). Send /whois again."
    )


def whois_ask_name(group_title: str) -> str:
    return (
        f"Reply to this message with the child's name (as the parent will see it; "
        f"{NAME_MAX} characters at most), or /cancel. ({e(group_title)})"
    )


def claim_link_text(name: str, group_title: str, link: str, expires: datetime) -> str:
    return (
        f"<b>{e(name)}</b> is named in {e(group_title)}. Send this link privately to "
        f"{e(name)}'s parent, and to no one else: whoever opens it first can claim "
        f"{e(name)} (it works once, until {expires:%d %b %H:%M} UTC):\n{link}\n"
        "They will see the faces and be asked whether this is their child; the organizers "
        "of the group then approve the claim in its admin chat before any photo is sent. "
        "/unclaimed lists the named children: a new link, revoke, rename, delete."
    )


def claim_link_sent(organizer: str) -> str:
    """In the admin chat: the link went to the organizer who asked for it, privately."""
    return (
        f"A claim link for the child you named was sent to {e(organizer)} privately. "
        "Pass it only to the child's parent."
    )


def claim_link_not_sent(organizer: str) -> str:
    return (
        f"{e(organizer)}, I can't write to you privately, so I kept no link. Open a private "
        "chat with me and send /start, then make a new link with /unclaimed."
    )


def claim_card(group_title: str, person_name: str, guardian: str) -> str:
    """The approval card of a claim in the admin chat."""
    return (
        f"<b>Claim to check</b> in <b>{e(group_title)}</b>\n"
        f"<b>{e(guardian)}</b> claims the child you named <b>{e(person_name)}</b>, with the "
        "claim link. Approve only if they are the child's parent: then they get the photos "
        f"of {e(person_name)}. Rejected, {e(person_name)} is deleted and /whois shows the "
        "faces again."
    )


def claim_record(group_title: str, person_name: str, guardian: str, approved: bool, by: str) -> str:
    """What stays in the admin chat once a claim is decided (a rejected one names no
    child: the child is deleted)."""
    if approved:
        return (
            f"Claim in <b>{e(group_title)}</b>: <b>{e(guardian)}</b> is the guardian of "
            f"<b>{e(person_name)}</b> now.{approval_decided(True, by)}"
        )
    return (
        f"A claim in <b>{e(group_title)}</b> by <b>{e(guardian)}</b> was rejected by "
        f"{e(by)}: the named child is deleted, and /whois shows its faces again."
    )


def claim_waiting(name: str, group_title: str) -> str:
    return (
        f"Thank you. The organizers of <b>{e(group_title)}</b> check claims before anything "
        f"is sent: once they approve, {e(name)} is yours and I send you the photos. I'll "
        "tell you when they decide."
    )


def claim_still_waiting(name: str, group_title: str) -> str:
    return (
        f"You claimed <b>{e(name)}</b> already: the organizers of <b>{e(group_title)}</b> "
        "haven't decided yet. I'll tell you when they do; nothing is sent before."
    )


def claim_rejected(name: str, group_title: str) -> str:
    return (
        f"The organizers of <b>{e(group_title)}</b> did not approve your claim of "
        f"<b>{e(name)}</b>: nothing of it is kept for you. If {e(name)} is your child, ask "
        "them, or enroll with /add."
    )


def naming_cancelled() -> str:
    return _("Nothing named.")


def unclaimed_list(group_title: str, rows: Sequence[tuple[str, int, bool, str]]) -> str:
    """The /unclaimed list: (name, faces left, link live, named by)."""
    if not rows:
        return f"No named child is waiting to be claimed in <b>{e(group_title)}</b>."
    lines = [
        f"{n}. <b>{e(name)}</b>: {faces} face{'s' if faces != 1 else ''}, "
        f"{'a link is out' if live else 'no live link'} (named by {e(by)})"
        for n, (name, faces, live, by) in enumerate(rows, 1)
    ]
    return f"Named children not claimed yet in <b>{e(group_title)}</b>:\n" + "\n".join(lines)


UNCLAIMED_BUTTONS = ("New link", "Revoke", "Rename", "Delete")


def unclaimed_gone() -> str:
    return _("That child was claimed or deleted meanwhile: send /unclaimed again.")


def unclaimed_revoked(name: str) -> str:
    return f"The claim link for <b>{e(name)}</b> no longer works."


def unclaimed_no_link(name: str) -> str:
    return f"<b>{e(name)}</b> has no live claim link."


def unclaimed_ask_rename(name: str) -> str:
    return f"Reply to this message with the new name for <b>{e(name)}</b>, or /cancel."


def unclaimed_renamed(old: str, new: str) -> str:
    return f"<b>{e(old)}</b> is now <b>{e(new)}</b>."


def unclaimed_deleted(name: str) -> str:
    return (
        f"<b>{e(name)}</b> is deleted: its name and the faces it was named from are "
        "forgotten (the faces stay in the group's photos, nobody's)."
    )


def claim_declined_for_organizers(name: str, group_title: str) -> str:
    return (
        f"The claim link for <b>{e(name)}</b> ({e(group_title)}) was opened, and the answer was "
        "that this is not their child. The link is spent; /unclaimed makes a new one."
    )


def claim_offer(group_title: str) -> str:
    """Before membership is checked: no child's name, no organizer's."""
    return (
        f"An organizer of <b>{e(group_title)}</b> sent you a claim link for a child in "
        "photos posted there, as the child's parent.\n\n"
        "If you claim the child, you become their guardian: once the group's organizers "
        "approve the claim, I send you the photos of the child posted in the groups you're "
        "in, and look for the earlier ones.\n\n"
        f"{what_i_keep()}\n\n"
        "Do you agree? Then I check that you're a member of the group, show you the faces "
        "and the name, and ask whether this is your child."
    )


def claim_agree() -> str:
    return _("I agree, show me")


def claim_not_now() -> str:
    return _("No")


def claim_invalid() -> str:
    return _(
        "This claim link doesn't work (any more): it was revoked, replaced by a newer one, or "
        "the child was deleted. Ask the group's organizers for a new one."
    )


def claim_expired(group_title: str) -> str:
    return (
        f"This claim link has expired (they work for 48 hours). Ask the organizers of "
        f"<b>{e(group_title)}</b> for a new one."
    )


def claim_used() -> str:
    return _("This claim link has been used already. Ask the group's organizers if that's wrong.")


def claim_yours(name: str) -> str:
    return f"You claimed <b>{e(name)}</b> already: /persons shows them."


def claim_namer(name: str) -> str:
    return (
        f"You named <b>{e(name)}</b> yourself: send this link to the child's parent. If "
        f"{e(name)} is your own child, enroll them with /add."
    )


def claim_group_gone(group_title: str) -> str:
    return f"I'm no longer in <b>{e(group_title)}</b>, so this child can't be claimed."


def claim_question(name: str, group_title: str, faces: int) -> str:
    return (
        f"Is this <b>{e(name)}</b>, your child? {faces} face{'s' if faces != 1 else ''} from "
        f"photos in {e(group_title)}. Say yes only if every face is your child; if only "
        "some are, I ask you about each face once the organizers approve the claim."
    )


def claim_yes() -> str:
    return _("Yes, that's my child")


def claim_some() -> str:
    return _("Some are")


def claim_no() -> str:
    return _("No, not my child")


def claim_nothing_left() -> str:
    return _(
        "The photos this child was named from are gone (taken down, or recognized as someone "
        "else meanwhile): there is nothing left to claim. Ask the organizers, or enroll with /add."
    )


def claim_not_a_member_hint() -> str:
    return _("Join the group first, then open the link again.")


def claim_cancelled() -> str:
    return _("Nothing claimed. The link still works until it expires.")


def claim_banned(group_title: str) -> str:
    return join_refused(group_title)


def claimed(
    name: str, group_title: str, photos: int, waiting: Sequence[str], one_by_one: int = 0
) -> str:
    """The claimer, once the organizers approved the claim."""
    sending = (
        f"Sending you the {photos} photo{'s' if photos != 1 else ''} from {e(group_title)} "
        "you saw the faces of; I'll look for more, and send new ones as they're posted."
    )
    if one_by_one:
        sending = (
            f"I'll ask you about each of the {one_by_one} face{'s' if one_by_one != 1 else ''} "
            f"from {e(group_title)}, one at a time: the photos of those you confirm are sent, "
            "and new ones as they're posted."
        )
    text = f"<b>{e(name)}</b> is yours now. {sending} /persons manages {e(name)}."
    if waiting:
        text += (
            f"\nIn {', '.join(e(t) for t in waiting)} its organizers approve new people "
            "first: you'll get those photos once they do."
        )
    return text


def claim_declined(name: str) -> str:
    return (
        f"Thank you: <b>{e(name)}</b> is not claimed, and the link is spent. I told the "
        "organizers that it isn't your child, nothing about you."
    )
