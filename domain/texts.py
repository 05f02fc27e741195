"""Everything facedrop says to people, in one place (HTML parse mode)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from html import escape, unescape
from typing import Any

from babel.lists import format_list

from domain.enrollment.rules import MAX_PHOTOS, MIN_PHOTOS, NAME_MAX, NameProblem, PhotoVerdict
from domain.languages import dates as datefmt
from domain.languages.catalogs import (
    LANGUAGES,
    N_,
    _,
    current_language,
    isolated,
    ngettext,
    right_to_left_lines,
)
from domain.recognition.strictness import MAX_STEPS


def e(value: str) -> str:
    return escape(value, quote=False)


def plain(text: str) -> str:
    """An HTML sentence as plain text, for button popups (they show no markup)."""
    return unescape(re.sub(r"<[^>]+>", "", text))


# ----- the participant's language (/language) ------------------------------------


def language_text(language: str, chosen: bool) -> str:
    """/language: the language of this private chat, whether chosen or the Telegram app's."""
    if chosen:
        return _(
            "I write to you in <b>{language}</b>. Choose another language, or the one of "
            "your Telegram app:"
        ).format(language=LANGUAGES[language])
    return _(
        "I write to you in <b>{language}</b>, the language of your Telegram app (English "
        "when I don't speak it). Choose another language:"
    ).format(language=LANGUAGES[language])


def telegram_language_button() -> str:
    return _("Telegram's language")


def language_chosen(language: str) -> str:
    """The answer to a press, in the language just chosen."""
    return _("From now on I write to you in {language}.").format(language=LANGUAGES[language])


# ----- groups ------------------------------------------------------------------


def welcome(group_title: str, bot_username: str) -> str:
    return (
        _(
            "Hi, {group}! I'm facedrop. I send each parent, privately, only the photos "
            "from this group that their own child is in. I never post photos or names here.\n\n"
            "Parents: tap the button below to start."
        ).format(group=isolated(e(group_title)))
        + "\n\n"
        + _(
            "Admins of the group: send /admin here to link the organizers' chat (approvals, "
            "takedowns, settings) or see which one is linked; /help lists your tools."
        )
    )


def bot_description() -> str:
    """The empty private chat's "What can this bot do?" (plain text, at most 512 characters)."""
    return _(
        "I find your child in the photos posted in your group chats and send you, privately, "
        "only the photos they are in. I never post photos or names in the group.\n\n"
        "Parents: open the link I posted in your group, then enroll your child with a few "
        "photos.\n"
        "Organizers: add me to your group and make me an admin; /admin there links a chat "
        "for the organizers."
    )


def bot_short_description() -> str:
    """The bot's profile and START screen (plain text, at most 120 characters)."""
    return _("Sends each parent, privately, only the group photos their own child is in.")


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


# A link is never wrapped in ``isolated``: a URL is strongly left to right by itself, and an
# invisible mark touching it (U+2069 after it) would end up in the link a reader taps.
def group_hint(bot_username: str, link: str) -> str:
    return _("Talk to me in private: {link}").format(link=link)


def group_help_for_admins(link: str, admin_chat: str | None) -> str:
    """/help in the group from one of its admins: each command their menu there offers
    (``ORGANIZER_COMMANDS``, as described in the menu), and where each works.
    ``admin_chat`` is ``admin_chat_name(...)``, None before one is linked."""
    lines = [
        _("Parents get their child's photos through this link: {link}").format(link=link),
        "",
        _("For the admins of this group:"),
        *(f"/{command} {_(description)}" for command, description in ORGANIZER_COMMANDS),
        "",
    ]
    # The commands that act in the group itself; the others answer with where they work.
    here = ", ".join(
        f"/{command}"
        for command, _description in ORGANIZER_COMMANDS
        if command in ("admin", "takedown", "ban", "unban", "help")
    )
    if admin_chat is None:
        lines.append(
            _(
                "Here in the group: {commands}. The others work in the admin chat, and this "
                "group has none yet: send /admin first."
            ).format(commands=here)
        )
    else:
        lines.append(
            _("Here in the group: {commands}. The others work in the admin chat, {chat}.").format(
                commands=here, chat=admin_chat
            )
        )
    # Its lines "/whois ..." are made here, not in a translation: laid out right to left too.
    return right_to_left_lines("\n".join(lines))


# ----- joining and consent -------------------------------------------------------


def start_without_group() -> str:
    return _(
        "Hi! I'm facedrop. I send you, privately, the photos from your group chats that your "
        "child is in.\n\nTo start, open the link I posted in your group (tap my welcome message "
        "there). Then use /add to enroll your child."
    )


def start_for_organizer() -> str:
    """/start, without a link, from an organizer who is not (yet) a parent here."""
    return _(
        "Hi! I'm facedrop. Now I can send you claim links privately: when you name a child "
        "(/whois) or ask for a new link (/unclaimed) in your group's admin chat.\n\nIf your "
        "own child is in the group, open the link I posted there to get their photos."
    )


def unknown_link() -> str:
    return _("This link doesn't work (anymore). Please use the button in your group's chat.")


def inactive_group() -> str:
    return _("I'm no longer in that group, so I can't send you photos from it.")


def not_a_member(group_title: str) -> str:
    return _(
        "You need to be a member of <b>{group}</b> to get its photos. Join it first, then tap "
        "the link again."
    ).format(group=isolated(e(group_title)))


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
        "• which group photos were posted (a link to the Telegram message, its caption, to keep "
        "it on the copies I send, and who posted it), which "
        'of them I sent to whom, which earlier ones I offered you ("I found 3 earlier photos of '
        "Alice\") and what you answered, and the corrections you make (the group's organizers see who "
        "corrected faces on which day's photos, not whose faces), and, for at most 8 days, the "
        "buttons I showed you, so each works only once; and which of my messages show your "
        "people (their cards and /persons lists), to keep them up to date when something "
        "changes;\n"
        "• your /settings: whether you get your own photos back, and how my questions reach you "
        "(as they come, once a day, or every 5 or 10); and the language I write to you in: the "
        "one you chose with /language, or your Telegram app's (Telegram tells me which with "
        "each message: I keep the latest);\n"
        "• your consent, kept even after you delete everything, without any face data;\n"
        "• if a group's organizers stop my service for you in their group, your Telegram id and "
        "that group, kept even after /forget so that their decision holds;\n"
        "• what a group's organizers did about you (a ban, or their decision on a person you "
        "enroll), kept for the group's audit, without names after /forget.\n"
        "I don't keep the enrollment photos themselves, and I fetch group photos from Telegram only "
        "while I look at them. /export shows what I hold, /forget deletes it."
    )


def what_i_do() -> str:
    """The short facts everyone who will receive photos reads before agreeing (a guardian
    joining a group, a co-guardian accepting an invitation); ``what_i_keep`` has the
    details, one tap away."""
    return _(
        "What I do: I look for the people you enroll (usually your child) in the photos "
        "posted in your groups, and send you, privately, only the photos they are in.\n"
        "What I keep: names, measurements of faces (not the photos: only a few small face "
        "crops), which photos I sent to whom, and your answers and corrections.\n"
        "/forget deletes everything about you at any time, /export shows it all, /privacy "
        "lists every detail."
    )


def privacy_button() -> str:
    return _("What exactly is stored?")


def privacy(groups: Sequence[tuple[str, int | None]]) -> str:
    """/privacy and "What exactly is stored?": every detail, and how long each of the
    reader's groups keeps the faces of its photos."""
    return "\n\n".join([what_i_keep(), *(group_retention(t, days) for t, days in groups)])


def consent_request(
    group_title: str, retention_days: int | None = None, agreed_on: datetime | None = None
) -> str:
    """The consent a joiner reads; once they agreed (``agreed_on``, by any path), the same
    message says so instead of asking."""
    return "\n\n".join(
        [
            _("Welcome! You're joining <b>{group}</b>.").format(group=isolated(e(group_title))),
            what_i_do(),
            group_retention(group_title, retention_days),
            _("Do you agree? Tap the button or send /agree.")
            if agreed_on is None
            else agreed(agreed_on),
        ]
    )


def agreed(on: datetime) -> str:
    """Where a consent question was: the reader answered it."""
    here = datefmt.zone(datefmt.current_zone())  # the reader's day
    day = on.astimezone(here).date() if here is not None else on.date()
    return _("You agreed on {day}.").format(day=datefmt.day(day))


def group_retention(group_title: str, days: int | None) -> str:
    """How long the group's photos' faces are kept: the organizers' retention setting."""
    group = isolated(e(group_title))
    if days is None:
        return _(
            "In <b>{group}</b>, the faces found in its photos are kept until they are deleted: "
            "its organizers have set no time limit."
        ).format(group=group)
    return ngettext(
        "In <b>{group}</b>, its organizers have me delete the faces found in its photos {count} "
        "day after they were posted, except the faces you confirm as one of your people (they "
        "help me recognize them). The photos already sent to you stay in your chat.",
        "In <b>{group}</b>, its organizers have me delete the faces found in its photos {count} "
        "days after they were posted, except the faces you confirm as one of your people (they "
        "help me recognize them). The photos already sent to you stay in your chat.",
        days,
    ).format(group=group, count=days)


def agree_button() -> str:
    return _("I agree")


def joined(group_title: str, persons: Sequence[str] = (), waiting: Sequence[str] = ()) -> str:
    """In the group: whom I look for there. A reader who already has people (their own, or
    shared with them as a co-guardian) is told those, and /add only for another child;
    people the group's organizers have to approve first (``waiting``) are told of apart."""
    group = isolated(e(group_title))
    if not persons and waiting:
        return _("You're in <b>{group}</b>.\nTo enroll another child, use /add.").format(
            group=group
        )
    if not persons:
        return _(
            "You're in: I'll look for your people in <b>{group}</b>.\n"
            "Use /add to enroll your child (3 to 10 photos of their face)."
        ).format(group=group)
    names = ", ".join(f"<b>{isolated(e(name))}</b>" for name in persons)
    return ngettext(
        "You're in: I'll look for {names} in <b>{group}</b>, and send you the photos they are "
        "in.\nTo enroll another child, use /add.",
        "You're in: I'll look for {names} in <b>{group}</b>, and send you the photos they are "
        "in.\nTo enroll another child, use /add.",
        len(persons),
    ).format(names=names, group=group)


def joined_another(
    group_title: str,
    retention_days: int | None,
    persons: Sequence[str] = (),
    waiting: Sequence[str] = (),
) -> str:
    """Joining a group after agreeing before (in another group, or as a co-guardian): how
    long this group keeps the faces of its photos is new to the reader."""
    said = joined(group_title, persons, waiting)
    return f"{said}\n\n{group_retention(group_title, retention_days)}"


def welcome_back(groups: Sequence[str], persons: Sequence[tuple[str, str]]) -> str:
    where = ", ".join(f"<b>{isolated(e(g))}</b>" for g in groups)
    lines = [
        _("You're in {groups}.").format(groups=where)
        if groups
        else _("You aren't in any group of mine right now.")
    ]
    if persons:
        people = ", ".join(f"{isolated(e(name))} ({status})" for name, status in persons)
        lines.append(_("Your people: {people}.").format(people=people))
        lines.append(_("/add to enroll someone else, /help."))
    else:
        lines.append(_("/add to enroll your child, /help."))
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
        return _("Names can't contain control characters. Send the name again, or /cancel.")
    if problem == NameProblem.INVISIBLE:
        return _("That name has only invisible characters. Send a name with letters, or /cancel.")
    if problem == NameProblem.TOO_LONG:
        return ngettext(
            "That name is {length} character; the limit is {limit}. "
            "Send a shorter one, or /cancel.",
            "That name is {length} characters; the limit is {limit}. "
            "Send a shorter one, or /cancel.",
            length,
        ).format(length=length, limit=NAME_MAX)
    return send_a_name()


def ask_photos(name: str, minimum: int = MIN_PHOTOS) -> str:
    person = isolated(e(name))
    if minimum >= MIN_PHOTOS:
        ask = _(
            "Now send me {minimum} to {maximum} photos of <b>{name}</b> (several at once is "
            "fine): recent, clear photos where the face is large, well lit and looking at the "
            "camera, and nobody else is close (a child changes fast: photos of the last months "
            "find them best)."
        ).format(minimum=MIN_PHOTOS, maximum=MAX_PHOTOS, name=person)
        done_when = MIN_PHOTOS
    else:
        ask = ngettext(
            "Now send me {count} photo or more (up to {maximum}) of <b>{name}</b> (several at "
            "once is fine): recent, clear photos where the face is large, well lit and looking "
            "at the camera, and nobody else is close (a child changes fast: photos of the last "
            "months find them best).",
            "Now send me {count} photos or more (up to {maximum}) of <b>{name}</b> (several at "
            "once is fine): recent, clear photos where the face is large, well lit and looking "
            "at the camera, and nobody else is close (a child changes fast: photos of the last "
            "months find them best).",
            minimum,
        ).format(count=minimum, maximum=MAX_PHOTOS, name=person)
        done_when = minimum
    done = _("Send /done when you have sent at least {count}, or /cancel.").format(count=done_when)
    return f"{ask} {done}"


def photo_verdict(verdict: PhotoVerdict, accepted: int, minimum: int = MIN_PHOTOS) -> str:
    if verdict == PhotoVerdict.ACCEPTED:
        if accepted < minimum:
            return _("✅ Accepted ({accepted} of {minimum}).").format(
                accepted=accepted, minimum=minimum
            )
        return ngettext(
            "✅ Accepted ({count} photo). Send more, or /done.",
            "✅ Accepted ({count} photos). Send more, or /done.",
            accepted,
        ).format(count=accepted)
    if verdict == PhotoVerdict.ENOUGH_ALREADY:
        return ngettext(
            "That's {count} photo, all I need. Send /done.",
            "That's {count} photos, all I need. Send /done.",
            MAX_PHOTOS,
        ).format(count=MAX_PHOTOS)
    texts = {
        PhotoVerdict.NO_FACE: _("❌ I couldn't find a face in this photo. Please send another."),
        PhotoVerdict.SEVERAL_FACES: _(
            "❌ I see several faces here and can't tell which one you mean. Please send a photo "
            "where only this person is close to the camera (or crop it)."
        ),
        PhotoVerdict.TOO_SMALL: _(
            "❌ The face is too small. Please send a closer photo, or crop it around the face."
        ),
        PhotoVerdict.TOO_BLURRY: _(
            "❌ The face is too blurred to learn from. Please send a sharper photo: "
            "in good light, with the camera and the person holding still."
        ),
        PhotoVerdict.TURNED_AWAY: _(
            "❌ The face is turned away. Please send one where they look at the camera."
        ),
        PhotoVerdict.UNREADABLE: _(
            "❌ I can't open this file as a photo. Please send a JPEG or PNG photo."
        ),
        PhotoVerdict.SOMEONE_ELSES: _(
            "❌ This face is already enrolled by another parent in one of your groups, so I "
            "won't enroll it again. If you are also their guardian, ask that person's guardian "
            'for a co-guardian invite (in /persons: "Invite co-guardian").'
        ),
    }
    return texts[verdict]


def remove_photo_button() -> str:
    return _("Remove this photo")


def enrollment_photo_removed(accepted: int, minimum: int) -> str:
    """What a removed photo's verdict is edited to say."""
    if accepted < minimum:
        return _("🗑 Removed: I won't learn from this photo. {accepted} of {minimum} now.").format(
            accepted=accepted, minimum=minimum
        )
    return ngettext(
        "🗑 Removed: I won't learn from this photo. {count} photo now.",
        "🗑 Removed: I won't learn from this photo. {count} photos now.",
        accepted,
    ).format(count=accepted)


def enrollment_photo_closed(accepted: int, *, cancelled: bool) -> str:
    """What an accepted photo's verdict is edited to say once the session is over: after
    /done, its count without "Send more, or /done"; after /cancel, that it was not kept."""
    if cancelled:
        return _("🗑 Cancelled: I won't learn from this photo.")
    return ngettext(
        "✅ Accepted ({count} photo).",
        "✅ Accepted ({count} photos).",
        accepted,
    ).format(count=accepted)


def unlike_the_others(session: str) -> str:
    """Added under an accepted enrollment photo whose face is far from the person's other
    faces (``rules.unlike_the_others``)."""
    return _(
        "⚠️ This doesn't look like the same child as your other photos of {name}. "
        'If it isn\'t {name}, press "Remove this photo", or I would look for {name} with '
        "another child's face."
    ).format(name=isolated(e(session)))


def looks_like(name: str, session: str) -> str:
    """An enrollment photo of ``session`` whose face is ``name``, already enrolled."""
    return _(
        "This looks like <b>{name}</b>, whom you already enrolled. Add this photo to {name}? "
        "Only this one: your other photos stay with {session}."
    ).format(name=isolated(e(name)), session=isolated(e(session)))


def add_to_button(name: str) -> str:
    return _("Yes, add to {name}").format(name=isolated(name))


def different_person_button() -> str:
    return _("No, it's a different person")


def added_to(name: str, session: str, *, others: int) -> str:
    """ "Yes, add to Sara" on one photo of Ben's enrollment: only that photo goes; the
    session keeps its ``others`` photos."""
    if not others:
        return _(
            "OK: I'm adding this photo to <b>{name}</b>, and I'll tell you when I've learned "
            "it. Now send photos of <b>{session}</b>, or /cancel."
        ).format(name=isolated(e(name)), session=isolated(e(session)))
    return _(
        "OK: I'm adding this photo to <b>{name}</b>, and I'll tell you when I've learned it. "
        "Your other photos stay with <b>{session}</b>: send more of {session}, or /done."
    ).format(name=isolated(e(name)), session=isolated(e(session)))


def answered_with(label: str) -> str:
    """Under a question once answered: the button pressed (its label, plain text)."""
    return _("✔️ You answered: {answer}").format(answer=e(label))


def different_person() -> str:
    return _("OK, a different person. I'm checking the photo again…")


def not_a_photo_now() -> str:
    return _("Please send a photo (or an image file), /done or /cancel.")


def still_checking() -> str:
    return _("I'm still checking your last photo(s). Send /done again in a moment.")


def too_few_photos(accepted: int, minimum: int = MIN_PHOTOS) -> str:
    if minimum < MIN_PHOTOS and accepted == 0:
        return ngettext(
            "You haven't added any new photo yet: I need at least {count} photo. "
            "Please send one, or /cancel.",
            "You haven't added any new photo yet: I need at least {count} photos. "
            "Please send one, or /cancel.",
            minimum,
        ).format(count=minimum)
    return ngettext(
        "I need at least {minimum} accepted photo; I have {accepted}. Please send more.",
        "I need at least {minimum} accepted photos; I have {accepted}. Please send more.",
        minimum,
    ).format(minimum=minimum, accepted=accepted)


def enrollment_finishing(name: str) -> str:
    return _("Thanks! I'm learning <b>{name}</b>'s face now; I'll tell you when I'm ready.").format(
        name=isolated(e(name))
    )


def enrollment_ready(name: str, groups: Sequence[str], *, ask_birth_date: bool = False) -> str:
    person = isolated(e(name))
    if groups:
        where = ", ".join(f"<b>{isolated(e(g))}</b>" for g in groups)
        ready = _(
            "<b>{name}</b> is ready. I'll send you the photos they appear in from: {groups}."
        ).format(name=person, groups=where)
    else:
        ready = _(
            "<b>{name}</b> is ready. I'll send you the photos they appear in from: your groups."
        ).format(name=person)
    if not ask_birth_date:
        return ready
    birth = _(
        "For a child: give their birth date on their card (/persons, {name}, {button}), and "
        "I'll weigh each photo by the child's age in it, to keep finding them as they grow."
    ).format(name=person, button=action_label("birth"))
    return f"{ready}\n\n{birth}"


def enrollment_awaiting_approval(name: str) -> str:
    return _(
        "<b>{name}</b> is enrolled. An organizer of your group approves new persons first; "
        "I'll tell you when that's done."
    ).format(name=isolated(e(name)))


def enrollment_cancelled() -> str:
    return _("Cancelled. I've deleted what you sent for this person.")


def enrollment_continues(name: str) -> str:
    """An unfinished enrollment taken up again from its card."""
    return _(
        "Let's finish enrolling <b>{name}</b>: send me more photos of them, then /done "
        "(or /cancel to delete what you sent)."
    ).format(name=isolated(e(name)))


def cancelled() -> str:
    return _("Cancelled.")


def nothing_to_cancel() -> str:
    return _("There's nothing to cancel.")


# ----- persons ----------------------------------------------------------------------


def no_persons(refusal: str | None) -> str:
    """/persons with nobody to list: what the user can do next (what /add would say first,
    ``enrollment.service.Refusal``, when it would refuse)."""
    if refusal == "needs_group":
        return _(
            "You haven't enrolled anyone. To enroll someone, first open the link I posted in "
            "your group's chat; then send /add."
        )
    if refusal == "needs_consent":
        return _(
            "You haven't enrolled anyone. To enroll someone, first open your group's link and "
            'tap "I agree"; then send /add.'
        )
    return _("You haven't enrolled anyone yet. Use /add.")


def persons_list(rows: Sequence[tuple[str, str, int]]) -> str:
    if not rows:
        return no_persons(None)
    lines = [_("Your people:")]
    for name, status, photos in rows:
        lines.append(
            ngettext(
                "• <b>{name}</b>: {status}, {count} learned face",
                "• <b>{name}</b>: {status}, {count} learned faces",
                photos,
            ).format(name=isolated(e(name)), status=status, count=photos)
        )
    return "\n".join(lines)


# Read as _(PERSON_STATUS[status]).
PERSON_STATUS = {
    "enrolling": N_("enrollment not finished"),
    "needs_photos": N_("faces forgotten: add photos to enroll again"),
    "indexing": N_("being learned"),
    "pending_approval": N_("waiting for an organizer's approval"),
    "active": N_("active"),
    "paused": N_("paused"),
}


# ----- deliveries, suggestions, corrections -----------------------------------------


CAPTION_LIMIT = 1024  # Telegram counts a caption's UTF-16 code units, as shown (after HTML)


def utf16_units(text: str) -> int:
    # a character beyond the Basic Multilingual Plane is a surrogate pair: two units
    return sum(2 if ord(char) > 0xFFFF else 1 for char in text)


def _caption(names: Sequence[str], hidden: int, group_title: str) -> str:
    listed = ", ".join(isolated(name) for name in names)
    if hidden:
        listed = _("{names} and {count} more").format(names=listed, count=hidden)
    return f"{listed} · {isolated(group_title)}"


def delivery_caption(names: Sequence[str], group_title: str) -> str:
    """Whose photo and from where; names that don't fit Telegram's caption limit are
    counted ("and 3 more") rather than making the photo undeliverable."""
    shown = list(names)
    while True:
        hidden = len(names) - len(shown)
        # measured as shown, after HTML: the names unescaped
        if not shown or utf16_units(_caption(shown, hidden, group_title)) <= CAPTION_LIMIT:
            break
        shown.pop()
    return _caption([e(n) for n in shown], hidden, e(group_title))


def not_person_button(name: str) -> str:
    return _("Not {name}?").format(name=isolated(name))


def suggestion_question(name: str, group_title: str) -> str:
    return _("Is this <b>{name}</b>? (a photo in {group})").format(
        name=isolated(e(name)), group=isolated(e(group_title))
    )


# Button labels, read as _(YES) and _(NO).
YES, NO = N_("Yes"), N_("No")


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
    return ngettext(
        "I found {count} earlier photo of <b>{name}</b> in {group}, posted before I knew "
        "{name} well enough. Is this face (numbered) {name}? I'll send the photo if it is.",
        "I found {count} earlier photos of <b>{name}</b> in {group}, posted before I knew "
        "{name} well enough. Are these faces (numbered) {name}? I'll send the photos of those "
        "that are.",
        count,
    ).format(count=count, name=isolated(e(name)), group=isolated(e(group_title)))


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
    person, group = isolated(e(name)), isolated(e(group_title))
    if count == 0:
        return _(
            "None of those photos of <b>{name}</b> from {group} can be sent any more: they "
            "were taken down, deleted, or are somebody else's by now."
        ).format(name=person, group=group)
    if to_you == count:
        return ngettext(
            "Sending you {count} photo of <b>{name}</b> from {group}.",
            "Sending you {count} photos of <b>{name}</b> from {group}.",
            to_you,
        ).format(count=to_you, name=person, group=group)
    return ngettext(
        "{count} photo from {group} is <b>{name}</b>'s now; {to_you} of them on their way to "
        "you (the others you have already, posted yourself, or wait while they are paused).",
        "{count} photos from {group} are <b>{name}</b>'s now; {to_you} of them on their way to "
        "you (the others you have already, posted yourself, or wait while they are paused).",
        count,
    ).format(count=count, group=group, name=person, to_you=to_you)


def earlier_photos_stale(name: str) -> str:
    """An offer found with a face that is no longer the person's by the press."""
    return _(
        "I found these with a face of <b>{name}</b> that was corrected since, so I sent "
        "nothing. I'm looking again with what I know now."
    ).format(name=isolated(e(name)))


def offer_looking_again() -> str:
    return _("Looking again.")


def offer_answered_elsewhere(name: str, answer: str) -> str:
    """An offer or sheet another guardian of the person answered (``answer``: sent,
    declined, one_by_one); it names nobody but the person."""
    person = isolated(e(name))
    if answer == "sent":
        return _(
            "Another guardian of <b>{name}</b> said yes: these photos come to you too."
        ).format(name=person)
    if answer == "one_by_one":
        return _(
            "Another guardian of <b>{name}</b> is going through these faces one by one."
        ).format(name=person)
    return _("Another guardian of <b>{name}</b> said no: I won't send these.").format(name=person)


def look_alikes_question(name: str, group_title: str, count: int) -> str:
    """A sheet of faces that look alike (a cluster), and like the person."""
    return ngettext(
        "{count} face from photos in {group} looks like <b>{name}</b>. Is it {name}?",
        "These {count} faces from photos in {group} look alike, and like <b>{name}</b>. "
        "Are they {name}?",
        count,
    ).format(count=count, group=isolated(e(group_title)), name=isolated(e(name)))


def all_of_them(name: str) -> str:
    return _("Yes, all are {name}").format(name=isolated(name))


def none_of_them(name: str) -> str:
    return _("None is {name}").format(name=isolated(name))


def some_are() -> str:
    return _("Some are")


def look_alikes_answered(name: str, group_title: str, answer: str, count: int, to_you: int) -> str:
    """The sheet, answered: ``answer`` is the service's (sent, declined, one_by_one)."""
    person = isolated(e(name))
    if answer == "sent":
        sent = earlier_photos_sent(name, group_title, count, to_you)
        if count == 0:
            return sent
        all_are = _("They're all <b>{name}</b>.").format(name=person)
        return f"{all_are} {sent}"
    if answer == "one_by_one":
        return _("OK, I'll ask about each face on its own: is it <b>{name}</b>?").format(
            name=person
        )
    return _(
        "OK, none is <b>{name}</b>: I won't send those photos, and faces like these "
        "will be asked about rather than sent to you as {name}."
    ).format(name=person)


def questions_sheet(name: str, group_title: str, count: int) -> str:
    """A batch of a guardian's questions about one person, on one numbered sheet."""
    person, group = isolated(e(name)), isolated(e(group_title))
    if count == 1:
        return _(
            "Is this face <b>{name}</b>? (the one question waiting, a photo in {group})"
        ).format(name=person, group=group)
    return ngettext(
        "Is this {count} face <b>{name}</b>? (photos in {group}, numbered)",
        "Are these {count} faces <b>{name}</b>? (photos in {group}, numbered)",
        count,
    ).format(count=count, name=person, group=group)


def questions_sheet_answered(name: str, answer: str, count: int, to_you: int, closed: int) -> str:
    """A batch, answered (``answer``: sent, declined, one_by_one) for the ``count`` faces
    still open at the press; ``closed`` of the sheet's faces were settled meanwhile (someone
    answered, the face was given to someone, the photo taken down, the question expired):
    said without naming anybody."""
    person = isolated(e(name))
    if count == 0:
        said = _("Nothing left to answer on this sheet.")
    elif answer == "sent" and to_you != count:
        said = ngettext(
            "Thanks: {count} photo of <b>{name}</b>, {to_you} on their way to you.",
            "Thanks: {count} photos of <b>{name}</b>, {to_you} on their way to you.",
            count,
        ).format(count=count, name=person, to_you=to_you)
    elif answer == "sent":
        said = ngettext(
            "Thanks: {count} photo of <b>{name}</b>, on its way to you.",
            "Thanks: {count} photos of <b>{name}</b>, on their way to you.",
            count,
        ).format(count=count, name=person)
    elif answer == "one_by_one":
        said = _("OK, I'll ask about each face on its own: is it <b>{name}</b>?").format(
            name=person
        )
    else:
        said = _(
            "OK, none is <b>{name}</b>: faces like these will be asked about rather than "
            "sent to you as {name}."
        ).format(name=person)
    if not closed:
        return said
    settled = ngettext(
        "{count} of the faces shown had been settled meanwhile (answered, sorted out or taken "
        "down): I left that one as it is.",
        "{count} of the faces shown had been settled meanwhile (answered, sorted out or taken "
        "down): I left those as they are.",
        closed,
    ).format(count=closed)
    return f"{said} {settled}"


def question_answered_by(by: str, name: str, yes: bool) -> str:
    """To another guardian asked the same "Is this Alice?": ``by`` (a guardian of the
    person too) answered it."""
    if yes:
        return _("{by} answered this question: yes, that's <b>{name}</b>.").format(
            by=isolated(e(by)), name=isolated(e(name))
        )
    return _("{by} answered this question: not <b>{name}</b>.").format(
        by=isolated(e(by)), name=isolated(e(name))
    )


def another_guardian() -> str:
    """Who answered, when they gave Telegram no name."""
    return _("Another guardian")


def question_withdrawn() -> str:
    return _(
        "This question is closed: it was answered, or the face was sorted out or taken down "
        "meanwhile. Nothing to do here."
    )


def question_left(group_title: str) -> str:
    """A question's caption once its reader may no longer act on the group's photos
    (banned from it, or gone from it): its buttons and its face go."""
    return _(
        "This question no longer applies: you're no longer in {group}, so I don't send you "
        "its photos."
    ).format(group=isolated(e(group_title)))


def question_mode_text(mode: str, every: int, hour: int, a_day: int) -> str:
    """The /settings line about how questions arrive (``mode``: each, daily, every)."""
    if mode == "each":
        how = _(
            'Questions ("Is this Alice?"): <b>one message per face, as they come, {count} a day '
            "at most (more wait for a sheet)</b>."
        ).format(count=a_day)
    elif mode == "daily":
        how = _(
            'Questions ("Is this Alice?"): <b>once a day, at {time} ({zone}), one numbered '
            "sheet per person</b>."
        ).format(time=datefmt.hour_here(hour), zone=datefmt.zone_name())
    else:
        how = ngettext(
            'Questions ("Is this Alice?"): <b>once {count} is waiting, one numbered sheet per '
            "person</b>.",
            'Questions ("Is this Alice?"): <b>once {count} are waiting, one numbered sheet per '
            "person</b>.",
            every,
        ).format(count=every)
    sheet = _(
        "On a sheet you answer all faces at once (all are, none is) or one by one. Questions "
        'about two of your people ("Alice or Bob?") always come on their own.'
    )
    return f"{how}\n{sheet}"


def question_mode_button(mode: str, every: int, chosen: bool) -> str:
    if mode == "each":
        label = _("As they come")
    elif mode == "daily":
        label = _("Once a day")
    else:
        label = _("Every {count}").format(count=every)
    return f"✓ {label}" if chosen else label


def earlier_photos_declined(name: str, group_title: str) -> str:
    return _(
        "OK, I won't send those earlier photos of <b>{name}</b> from {group}, "
        "and I won't offer them again. New photos still come as usual."
    ).format(name=isolated(e(name)), group=isolated(e(group_title)))


def earlier_photos_left(group_title: str) -> str:
    """Plain text (a popup): the presser may not receive photos from that group now."""
    return _(
        "I can't send you photos from {group} now: you're no longer in it, or its "
        "organizers haven't approved you there (yet)."
    ).format(group=isolated(group_title))


def suggestion_expired(days: int) -> str:
    """An unanswered question's caption once it expired (its face crop is blanked). It
    names nobody: the chat may no longer be a guardian's."""
    return ngettext(
        "⌛ This question expired: nobody answered it within {days} day, so I didn't "
        "match that face to anyone.",
        "⌛ This question expired: nobody answered it within {days} days, so I didn't "
        "match that face to anyone.",
        days,
    ).format(days=days)


def not_person_done(name: str) -> str:
    isnt = _("OK, that isn't <b>{name}</b>.").format(name=isolated(e(name)))
    return f"{isnt} {not_person_consequence(name)}"


# "Not Alice?" on a delivered photo: two choices, each with its consequence.
def remove_photo_only() -> str:
    return _("Remove this photo only")


def names_list(names: Sequence[str]) -> str:
    """Names joined as the reader's language joins them ("Alice and Yara", "Alice и
    Yara"), each escaped and kept in its own direction (HTML)."""
    return format_list([isolated(e(name)) for name in names], locale=current_language())


def remove_photo_consequence(staying: Sequence[str] = ()) -> str:
    """``staying``: the user's other persons in the photo, for whom their copy stays."""
    if staying:
        return ngettext(
            "I'll stop counting this photo as theirs. Your copy stays: {names} is in it "
            "too. Nothing is learned from it: future photos are not affected.",
            "I'll stop counting this photo as theirs. Your copy stays: {names} are in it "
            "too. Nothing is learned from it: future photos are not affected.",
            len(staying),
        ).format(names=names_list(staying))
    return _(
        "I'll stop counting this photo as theirs and delete my copy of it here. Nothing is "
        "learned from it: future photos are not affected."
    )


def isnt_person(name: str) -> str:
    """A button label (plain text)."""
    return _("That isn't {name}").format(name=isolated(name))


def not_person_consequence(name: str) -> str:
    return _(
        "I'll remember this face isn't {name}, so similar faces will be asked about instead "
        "of sent."
    ).format(name=isolated(e(name)))


def not_person_choices(
    name: str, staying: Sequence[str] = (), others: int = 0, number: int | None = None
) -> str:
    """``others``: the person's other guardians whose copy of the photo either choice
    deletes (none of their other persons is in it): they are told. ``number``: the
    photo's number in its album (asked from the album's "(photo n)" button)."""
    if number is None:
        question = _("What's wrong with this photo of <b>{name}</b>?").format(
            name=isolated(e(name))
        )
    else:
        question = _(
            "What's wrong with this photo of <b>{name}</b> (photo {number} of the album)?"
        ).format(name=isolated(e(name)), number=number)
    text = (
        f"{question}\n\n"
        f"<b>{remove_photo_only()}</b>: {remove_photo_consequence(staying)}\n\n"
        f"<b>{e(isnt_person(name))}</b>: {not_person_consequence(name)}"
    )
    if others:
        text += "\n\n" + ngettext(
            "Either way, the photo also leaves the chat of {name}'s other guardian, and I'll "
            "tell them.",
            "Either way, the photo also leaves the chats of {name}'s {count} other guardians, "
            "and I'll tell them.",
            others,
        ).format(name=isolated(e(name)), count=others)
    return text


def others_told(count: int) -> str:
    """After a correction: the other guardians whose copy went were told."""
    return ngettext(
        "I deleted the other guardian's copy too, and told them.",
        "I deleted the copies of the {count} other guardians too, and told them.",
        count,
    ).format(count=count)


def copy_removed_by_co_guardian(name: str, group_title: str, *, remembered: bool) -> str:
    """To a guardian whose copy of a photo another guardian's correction deleted."""
    if remembered:
        said = _(
            "Another guardian of <b>{name}</b> said a face in a photo from {group} isn't "
            "{name}, so I deleted your copy of that photo."
        )
    else:
        said = _(
            "Another guardian of <b>{name}</b> removed a photo from {group} from {name}'s "
            "photos, so I deleted your copy of that photo."
        )
    return said.format(name=isolated(e(name)), group=isolated(e(group_title)))


def copy_back_by_co_guardian(name: str, group_title: str) -> str:
    """To a guardian whose copy another guardian's correction had deleted, once that
    correction is undone: the photo comes back."""
    return _(
        "Another guardian of <b>{name}</b> undid their change: that face in a photo from "
        "{group} is {name}'s again, so I'm sending you the photo again."
    ).format(name=isolated(e(name)), group=isolated(e(group_title)))


def photo_removed(name: str) -> str:
    return _(
        "Removed this photo of <b>{name}</b> from your photos. Nothing was learned from it: "
        "future photos are not affected."
    ).format(name=isolated(e(name)))


def already_theirs(name: str) -> str:
    """A callback answer (plain text)."""
    return _("That face is already {name}'s.").format(name=isolated(name))


def correction_done() -> str:
    # a callback answer; the message says what was done
    return _("Done.")


def suggestion_answered(
    name: str, fate: str | None, *, yes: str = N_("Yes, that's <b>{name}</b>.")
) -> str:
    """The question, answered: ``fate`` is what becomes of the photo (None: the answer was no).
    ``yes`` is the first sentence (marked with N_, translated here), naming the person."""
    person = isolated(e(name))
    if fate is None:
        isnt = _("Not <b>{name}</b>.").format(name=person)
        return f"{isnt} {not_person_consequence(name)}"
    said = _(yes).format(name=person)
    if fate == "sent":
        then = _("I'll send you the photo.")
    elif fate == "held":
        then = _("{name} is paused, so I'm holding the photo until you resume.").format(name=person)
    elif fate == "own_post":
        then = _(
            "You posted this photo yourself, so I won't send it back to you "
            "(/settings changes that)."
        )
    else:
        then = _("Thanks, I'll recognize them better.")
    return f"{said} {then}"


# Siblings: a face close to two persons of the same guardian is asked about naming both.
def pair_question(first: str, second: str, group_title: str) -> str:
    return _("Is this <b>{first}</b> or <b>{second}</b>? (a photo in {group})").format(
        first=isolated(e(first)), second=isolated(e(second)), group=isolated(e(group_title))
    )


def neither() -> str:
    return _("Neither")


def pair_answered(chosen: str | None, names: tuple[str, str], fate: str | None) -> str:
    """The "Alice or Bob?" question, answered: ``chosen`` is the name picked (None:
    neither), ``fate`` what becomes of the photo for the guardian."""
    if chosen is None:
        first, second = names
        return _(
            "Neither <b>{first}</b> nor <b>{second}</b>. I'll remember this face is "
            "neither of them, so similar faces will be asked about instead of sent."
        ).format(first=isolated(e(first)), second=isolated(e(second)))
    other = names[1] if chosen == names[0] else names[0]
    answered = suggestion_answered(chosen, fate, yes=N_("It's <b>{name}</b>."))
    return f"{answered} {not_person_consequence(other)}"


def already_changed() -> str:
    return _("That face isn't matched to that person any more.")


def not_yours() -> str:
    return _("That isn't one of your people.")


def face_gone() -> str:
    """Plain text (a popup): a "Not Alice?" whose face is no more; it names nobody (the
    presser may not have been a guardian)."""
    return _(
        "That person was deleted (or their faces, or this photo), so this button does nothing now."
    )


def button_expired() -> str:
    return _("This button has expired.")


def button_other_chat() -> str:
    return _("That button belongs to another chat.")


def button_not_yours() -> str:
    return _("That button was shown to someone else.")


# ----- general ---------------------------------------------------------------------


def help_text() -> str:
    """The private /help: one message in every language; what I keep is /privacy's."""
    return _(
        "I find your child in the photos of your group chats and send you just those, "
        "privately.\n\n"
        "/add [name] enroll someone with 3-10 photos of their face\n"
        "/persons the people you enrolled: rename, birth date, add photos, merge, pause, "
        "invite a co-guardian, delete\n"
        "/history recent changes, with undo\n"
        "/settings send me my own photos too: off or on; questions as they come, once a day or "
        "every 5 or 10\n"
        "/language the language I write to you in\n"
        "/privacy what exactly I keep about you, and for how long\n"
        "/export everything I hold about you\n"
        "/forget delete everything about you\n"
        "/cancel stop what you're doing\n"
        "/help this message\n\n"
        "To join a group, open the link I posted in its chat.\n\n"
        "Photos of a paused person are held, not sent; when you resume them I offer those "
        "photos in one batch.\n\n"
        "Organizing a group? Its admins send /admin in the group to link a chat for the "
        "organizers, where they approve new people, take photos down, read the audit and "
        "change settings; /help there lists those tools."
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
    ("add", N_("enroll someone (3-10 photos)")),
    ("persons", N_("the people you enrolled")),
    ("history", N_("recent changes, with undo")),
    ("settings", N_("send me my own photos too: off or on")),
    ("language", N_("the language I write to you in")),
    ("export", N_("everything I hold about you")),
    ("privacy", N_("what exactly I store, and for how long")),
    ("forget", N_("delete everything about you")),
    ("done", N_("finish adding photos")),
    ("cancel", N_("stop what you're doing")),
    ("agree", N_("agree to how I use your data")),
    ("help", N_("how facedrop works")),
)
# The menu in a group (its members) and, for a group's admins, in the group and in its
# admin chat: how a newcomer finds /admin without the README.
GROUP_COMMANDS = (("help", N_("how to get your child's photos")),)
ORGANIZER_COMMANDS = (
    ("admin", N_("link or move this group's admin chat")),
    ("settings", N_("approval, strictness, delivery, retention, language")),
    ("timezone", N_("the time zone of the group's times")),
    ("stats", N_("the group's numbers this week, and a chart")),
    ("audit", N_("recent moderation and corrections, with undo")),
    ("pending", N_("the approval cards still waiting")),
    ("takedown", N_("remove a photo everywhere (reply to it, or its link)")),
    ("ban", N_("stop facedrop for a participant (reply, or @username)")),
    ("unban", N_("let a banned participant use facedrop again")),
    ("pause", N_("pause recognition and delivery for the group")),
    ("resume", N_("resume recognition and delivery")),
    ("whois", N_("name look-alike faces nobody enrolled")),
    ("unclaimed", N_("the children you named that nobody claimed yet")),
    ("help", N_("what I do here, and each command")),
)


# ----- settings ------------------------------------------------------------------------


def settings_text(own_photos: bool) -> str:
    if own_photos:
        return _(
            "Send me my own photos too: <b>on</b>.\n"
            "When it is off, a photo you post yourself in a group is not sent back to you, "
            "even if your people are in it (their other guardians still get it)."
        )
    return _(
        "Send me my own photos too: <b>off</b>.\n"
        "When it is off, a photo you post yourself in a group is not sent back to you, "
        "even if your people are in it (their other guardians still get it)."
    )


def own_photos_button(own_photos: bool) -> str:
    if own_photos:
        return _("Send me my own photos too: on")
    return _("Send me my own photos too: off")


# ----- managing persons ---------------------------------------------------------------


def photos_added(name: str, count: int) -> str:
    return ngettext(
        "Added {count} photo of <b>{name}</b>. I'll use it from now on.",
        "Added {count} photos of <b>{name}</b>. I'll use them from now on.",
        count,
    ).format(count=count, name=isolated(e(name)))


def photos_added_by(who: str, name: str, count: int) -> str:
    """To the other guardians of a person when one of them added photos of it."""
    return ngettext(
        "{who} added {count} photo of <b>{name}</b>. I'll use it from now on.",
        "{who} added {count} photos of <b>{name}</b>. I'll use them from now on.",
        count,
    ).format(who=isolated(e(who)), count=count, name=isolated(e(name)))


def faces_forgotten(name: str) -> str:
    return _(
        "I've deleted every face of <b>{name}</b> I had; the name and guardians are kept. "
        'Open /persons and choose "{add_photos}" to enroll them again.'
    ).format(name=isolated(e(name)), add_photos=action_label("add"))


def person_deleted(name: str) -> str:
    return _("<b>{name}</b> and everything I had about them are deleted.").format(
        name=isolated(e(name))
    )


def forgotten() -> str:
    return _(
        "Everything I had about you is deleted, except the record that you agreed and then asked "
        "for this deletion (your Telegram id and the dates, nothing about faces). Goodbye! (If "
        "you ever want to come back, open the link I posted in your group's chat again.)"
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
    guardians: Sequence[tuple[str, bool]],
    groups: Sequence[str],
    other_groups: int,
    delivered: int,
    faces: int,
) -> str:
    """``guardians``: each guardian's name, and whether it is the reader."""
    lines = [f"<b>{isolated(e(card_name))}</b> · {status}"]
    if born:
        lines.append(_("Born: {date}").format(date=born))
    lines.append(
        _("Guardians: {names}").format(names=", ".join(_guardian(g, you) for g, you in guardians))
    )
    named = ", ".join(isolated(e(g)) for g in groups)
    if named and other_groups:
        lines.append(
            ngettext(
                "Groups: {groups} (and {count} of another guardian)",
                "Groups: {groups} (and {count} of another guardian)",
                other_groups,
            ).format(groups=named, count=other_groups)
        )
    elif named:
        lines.append(_("Groups: {groups}").format(groups=named))
    elif other_groups:
        lines.append(
            ngettext(
                "Groups: none of yours (and {count} of another guardian)",
                "Groups: none of yours (and {count} of another guardian)",
                other_groups,
            ).format(count=other_groups)
        )
    else:
        lines.append(_("Groups: none"))
    lines.append(
        _("Photos delivered: {delivered} · learned faces: {faces}").format(
            delivered=delivered, faces=faces
        )
    )
    return "\n".join(lines)


def _guardian(name: str, is_you: bool) -> str:
    """A guardian on a person's card; "(you)" stays outside the name's isolate, in the
    sentence's direction: "Dana (you)" in Hebrew is not "(אתם) Dana"."""
    named = isolated(e(name))
    return _("{name} (you)").format(name=named) if is_you else named


# A person card's buttons. Read as _(ACTIONS[action]).
ACTIONS = {
    "rename": N_("Rename"),
    "birth": N_("Birth date"),
    "add": N_("Add photos"),
    "pause": N_("Pause"),
    "resume": N_("Resume"),
    "merge": N_("Merge with…"),
    "invite": N_("Invite co-guardian"),
    "guardians": N_("Guardians…"),
    "history": N_("History"),
    "forget_faces": N_("Forget faces"),
    "delete": N_("Delete"),
    # An unfinished enrollment's card (its conversation lost, or left for later).
    "continue": N_("Continue enrolling"),
    "discard": N_("Cancel enrollment"),
}


def action_label(action: str) -> str:
    """A person card's button (``ACTIONS``), in the reader's language."""
    return _(ACTIONS[action])


def ask_new_name(name: str) -> str:
    return _("What should <b>{name}</b>'s new name be? Send it, or /cancel.").format(
        name=isolated(e(name))
    )


def ask_birth_date(name: str) -> str:
    return _(
        "When was <b>{name}</b> born? Send the date like 2019-05-31 (or 31.05.2019), or /cancel."
    ).format(name=isolated(e(name)))


def bad_birth_date() -> str:
    return _(
        "I can't read that date. I read dates like 31 May 2019, 2019-05-31 or 31.05.2019. Send it again, or /cancel."
    )


def future_birth_date() -> str:
    return _("That date is in the future. Send the day they were born, or /cancel.")


def too_old_birth_date() -> str:
    return _("That date is before 1900. Send the day they were born, or /cancel.")


def person_being_deleted(name: str) -> str:
    return _("{name} is being deleted (or already is), so that button does nothing now.").format(
        name=isolated(e(name))
    )


def stale_card() -> str:
    """Plain text (a popup): a card of a person who is not the reader's (any more: deleted,
    or they left) was pressed; it says nothing about that person."""
    return _("This card is out of date: that person isn't one of yours (any more).")


def person_merged_into(name: str) -> str:
    return _("That person was merged into {name}: open {name} in /persons instead.").format(
        name=isolated(e(name))
    )


def already_paused(name: str, paused: bool) -> str:
    if paused:
        return _("<b>{name}</b> is already paused.").format(name=isolated(e(name)))
    return _("<b>{name}</b> isn't paused: I'm already sending their photos.").format(
        name=isolated(e(name))
    )


def not_ready_to_pause(name: str) -> str:
    return _("<b>{name}</b> isn't enrolled yet, so there is nothing to pause or resume.").format(
        name=isolated(e(name))
    )


def name_looks_like(name: str, other: str) -> str:
    """A new name that reads the same as one of the guardian's other persons'."""
    return _(
        "You already have <b>{other}</b>, and <b>{name}</b> looks the same. Send a name "
        "you can tell apart (add an initial, for example), or /cancel."
    ).format(name=isolated(e(name)), other=isolated(e(other)))


def renamed(name: str) -> str:
    return _("Renamed to <b>{name}</b>.").format(name=isolated(e(name)))


def birth_date_set(name: str, day: str) -> str:
    return _(
        "Saved: <b>{name}</b> was born on {day}. From now on, photos posted before that day "
        "won't be matched to them."
    ).format(name=isolated(e(name)), day=day)


def card_out_of_date(name: str) -> str:
    """Plain text (a popup): an older card, from before a rename, was pressed."""
    return _("This card is out of date: the name is {name} now. Here is the current card.").format(
        name=isolated(name)
    )


def paused() -> str:
    return _(
        "Paused: I'll keep recognizing them in new group photos but hold those photos instead of "
        "sending them. When you resume, I'll offer you the held photos in one batch."
    )


def resumed() -> str:
    return _("Resumed: I'll send their photos again.")


def held_offer(name: str, count: int) -> str:
    return ngettext(
        "While <b>{name}</b> was paused, {count} photo of them was posted. Send it?",
        "While <b>{name}</b> was paused, {count} photos of them were posted. Send them?",
        count,
    ).format(name=isolated(e(name)), count=count)


def held_sent(count: int) -> str:
    return ngettext("Sending {count} photo.", "Sending {count} photos.", count).format(count=count)


def person_paused(name: str) -> str:
    """Plain text: used as a button's answer."""
    return _("{name} is paused. Resume them first, then answer again.").format(name=isolated(name))


def held_dropped() -> str:
    return _("OK, I won't send them.")


def held_already() -> str:
    return _("Already done.")


def no_other_person() -> str:
    return _("You have no other person to merge with.")


def choose_merge(name: str) -> str:
    return _(
        "Which person is the same child as <b>{name}</b>? I'll show you which name stays "
        "before I merge anything."
    ).format(name=isolated(e(name)))


def merge_birth_dates(keep: str, drop: str, keep_born: str | None, drop_born: str | None) -> str:
    """A merge's confirmation on birth dates (the kept person's stays; one without takes
    the other's): either way, or which one; "" when neither has one."""
    if keep_born and drop_born and keep_born != drop_born:
        return _(
            "Birth dates: the kept person's stays ({keep}: {keep_born}, {drop}: "
            "{drop_born}); the other one's is dropped."
        ).format(
            keep=isolated(e(keep)),
            drop=isolated(e(drop)),
            keep_born=isolated(keep_born),
            drop_born=isolated(drop_born),
        )
    born = keep_born or drop_born
    if born:
        return _("Birth date: {date} stays, whichever name you keep.").format(date=isolated(born))
    return ""


def merge_newcomer(guardian: str, guards: str, gains: str) -> str:
    """A merge's confirmation on another guardian of one of the two, who will get the
    other one's photos too (they become a guardian of the merged child)."""
    return _("{guardian}, {guards}'s other guardian, will get {gains}'s photos too.").format(
        guardian=isolated(e(guardian)), guards=isolated(e(guards)), gains=isolated(e(gains))
    )


def merged_by(who: str, kept: str, removed: str, guards: str, gains: str) -> str:
    """To another guardian of either person, once a merge is done: who merged them, and
    (``gains``) whose photos they get from now on, named as before the merge."""
    text = _(
        "{who} merged <b>{removed}</b> into <b>{kept}</b>: they are one child now, called "
        "<b>{kept}</b>."
    ).format(who=isolated(e(who)), removed=isolated(e(removed)), kept=isolated(e(kept)))
    if not gains:
        return text
    more = _(
        "You were a guardian of {guards} only, so from now on you'll get the photos of {gains} too."
    )
    return f"{text} " + more.format(guards=isolated(e(guards)), gains=isolated(e(gains)))


def confirm_merge(
    keep: str, drop: str, keep_has_cover: bool, births: str = "", guardians: str = ""
) -> str:
    """Asked once before a merge: which name (and the card's picture) stays; ``births``:
    what becomes of the birth dates (``merge_birth_dates``); ``guardians``: who gets more
    photos (``merge_newcomer`` lines)."""
    if keep_has_cover:
        text = _(
            "Merge <b>{drop}</b> into <b>{keep}</b>?\n"
            "The name <b>{keep}</b> and {keep}'s card picture stay. {drop}'s faces and photos "
            "move to {keep}, and {drop} leaves your list. You can undo this from /history."
        )
    else:
        text = _(
            "Merge <b>{drop}</b> into <b>{keep}</b>?\n"
            "The name <b>{keep}</b> stays. {drop}'s faces and photos move to {keep}, and {drop} "
            "leaves your list. You can undo this from /history."
        )
    text = text.format(keep=isolated(e(keep)), drop=isolated(e(drop)))
    return "\n".join(part for part in (text, births, guardians) if part)


def merge_keep(name: str) -> str:
    """The button that merges as asked, keeping ``name`` (plain text)."""
    return _("Merge, keep {name}").format(name=isolated(name))


def merge_other_way(name: str) -> str:
    """The button that merges the other way round, keeping ``name`` (plain text)."""
    return _("The other way: keep {name}").format(name=isolated(name))


def keep_both() -> str:
    return _("No, keep both")


def merge_cancelled() -> str:
    return _("OK, I merged nothing.")


def stale_merge(reason: str, name: str, now: str, other: str) -> str:
    """Plain text (a popup): why a merge confirmation did nothing."""
    if reason == "done":
        return _("Already done: {name} is part of {now} now.").format(
            name=isolated(name), now=isolated(now)
        )
    if reason == "merged":
        return _("{name} was merged into {now} since I asked, so I merged nothing.").format(
            name=isolated(name), now=isolated(now)
        )
    if reason == "deleted":
        return _("{name} is being deleted (or already is), so I merged nothing.").format(
            name=isolated(name)
        )
    if reason == "renamed":
        return _(
            "{name} was renamed to {now} since I asked, so I merged nothing. To merge {now} and "
            "{other}, press Merge on the card again."
        ).format(name=isolated(name), now=isolated(now), other=isolated(other))
    return button_expired()


def merged(kept: str, removed: str) -> str:
    return _(
        "Merged <b>{removed}</b> into <b>{kept}</b>. You can undo it from the history."
    ).format(removed=isolated(e(removed)), kept=isolated(e(kept)))


def merge_undone(kept: str, removed: str) -> str:
    """The "Merged … into …" message, once the merge is undone from /history."""
    return _(
        "Merged <b>{removed}</b> into <b>{kept}</b>, then undone from the history: "
        "<b>{removed}</b> and <b>{kept}</b> are two persons again."
    ).format(removed=isolated(e(removed)), kept=isolated(e(kept)))


def merge_undone_by(who: str, kept: str, removed: str, only: str = "") -> str:
    """To another guardian of either person, once the merge they were told of is undone
    (``merged_by``); ``only``: the one of the two they guard, when they guard one only
    (they no longer get the other's photos)."""
    text = _(
        "{who} undid the merge of <b>{removed}</b> into <b>{kept}</b>: they are two persons again."
    ).format(who=isolated(e(who)), removed=isolated(e(removed)), kept=isolated(e(kept)))
    if not only:
        return text
    more = _("You get the photos of {only} only, as before the merge.")
    return f"{text} " + more.format(only=isolated(e(only)))


def invite_link(name: str, link: str) -> str:
    return _(
        "Send this link to the other guardian of <b>{name}</b>. It works once, for 48 hours:\n"
        "{link}"
    ).format(name=isolated(e(name)), link=link)


def invitation(name: str, agreed_before: bool = False) -> str:
    """A co-guardian's consent: the same facts a guardian joining a group reads; to a reader
    who agreed already (joining a group, or before), only the invitation."""
    invited = _("You've been invited to receive the photos of <b>{name}</b>.").format(
        name=isolated(e(name))
    )
    if agreed_before:
        return "\n\n".join(
            [invited, _("You agreed to how I work already (/privacy has every detail). Accept?")]
        )
    return "\n\n".join(
        [
            invited,
            what_i_do(),
            _(
                "How long I keep the faces found in a group's photos is up to its organizers: "
                "I tell you when you join the group."
            ),
            _("Accepting is agreeing to this. Accept?"),
        ]
    )


def invitation_accepted(on: datetime) -> str:
    """Where an invitation asked "Accept?": the reader accepted it."""
    here = datefmt.zone(datefmt.current_zone())  # the reader's day
    day = on.astimezone(here).date() if here is not None else on.date()
    return _("You accepted on {day}.").format(day=datefmt.day(day))


def accept_invite() -> str:
    return _("Accept")


def invite_invalid() -> str:
    return _("This invitation doesn't work (anymore): it is used, expired or unknown.")


def invite_accepted(name: str) -> str:
    return _(
        "You're now a guardian of <b>{name}</b>. You'll get their photos from the groups you're "
        "in (join a group through its link first)."
    ).format(name=isolated(e(name)))


def co_guardian_joined(who: str, name: str, in_a_group: bool = True) -> str:
    """Told to a person's guardians when someone accepts an invitation to join them: they
    get its photos only from a group they are in, so one in none is told of when they join."""
    if in_a_group:
        return _(
            "{who} is now also a guardian of <b>{name}</b>: they accepted an invitation, and "
            "will get {name}'s photos from the groups they are in."
        ).format(who=isolated(e(who)), name=isolated(e(name)))
    return _(
        "{who} is now also a guardian of <b>{name}</b>: they accepted an invitation. They will "
        "get {name}'s photos once they join a group through its link; I'll tell you when they "
        "do."
    ).format(who=isolated(e(who)), name=isolated(e(name)))


def co_guardian_in_group(
    who: str, persons: Sequence[str], group_title: str | None, waiting: bool
) -> str:
    """Told to the other guardians when a co-guardian joins their first group. The group is
    named only to a reader who is in it too (a guardian is not told another's groups)."""
    names = ", ".join(f"<b>{isolated(e(name))}</b>" for name in persons)
    where = isolated(e(group_title)) if group_title else ""
    if waiting:
        if where:
            text = _(
                "{who} joined <b>{group}</b>: they will get the photos of {names} from there "
                "once its organizers approve them."
            )
        else:
            text = _(
                "{who} joined one of my groups: they will get the photos of {names} from there "
                "once its organizers approve them."
            )
    elif where:
        text = _("{who} joined <b>{group}</b>: they now get the photos of {names} from there.")
    else:
        text = _("{who} joined one of my groups: they now get the photos of {names} from there.")
    return text.format(who=isolated(e(who)), names=names, group=where)


def already_guardian(name: str) -> str:
    return _("You already are a guardian of <b>{name}</b>.").format(name=isolated(e(name)))


def guardians_list(name: str) -> str:
    return _("The guardians of <b>{name}</b>. Remove one, or leave yourself:").format(
        name=isolated(e(name))
    )


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


# What only a person's owner may do, the whole refusal ("Only Yara's owner (Ann) can ...").
# Read as _(OWNER_ONLY_ACTIONS[action]).format(name=..., owner=...).
OWNER_ONLY_ACTIONS = {
    "delete": N_("Only {name}'s owner ({owner}) can delete {name}. You can leave, or ask {owner}."),
    "forget_faces": N_(
        "Only {name}'s owner ({owner}) can forget {name}'s faces. You can leave, or ask {owner}."
    ),
    "merge": N_("Only {name}'s owner ({owner}) can merge {name}. You can leave, or ask {owner}."),
    "remove_guardian": N_(
        "Only {name}'s owner ({owner}) can remove {name}'s other guardians. You can leave, or "
        "ask {owner}."
    ),
}


def owner_only(action: str, name: str, owner: str) -> str:
    """Plain text (a popup): a co-guardian asked for what only the owner may do."""
    return _(OWNER_ONLY_ACTIONS[action]).format(name=isolated(name), owner=isolated(owner))


def owner_stays(name: str, owner: str) -> str:
    """Plain text (a popup)."""
    return _("{owner} owns {name} and can't be removed. Only {owner} can leave.").format(
        owner=isolated(owner), name=isolated(name)
    )


def you_own_now(name: str, previous: str) -> str:
    return _(
        "{previous} left, so you're now the owner of <b>{name}</b>: you alone can delete "
        "them, forget their faces and remove other guardians."
    ).format(previous=isolated(e(previous)), name=isolated(e(name)))


def confirm_forget_faces(name: str) -> str:
    return _(
        "Delete every face of <b>{name}</b> I have? The name and guardians are kept. This cannot "
        "be undone."
    ).format(name=isolated(e(name)))


def confirm_delete(name: str) -> str:
    return _("Delete <b>{name}</b> and everything about them? This cannot be undone.").format(
        name=isolated(e(name))
    )


def confirm() -> str:
    return _("Yes, delete")


def erasing(name: str) -> str:
    return _("Deleting <b>{name}</b>'s data... I'll confirm when it's done.").format(
        name=isolated(e(name))
    )


def forgetting_faces(name: str) -> str:
    return _("Deleting every face of <b>{name}</b>... I'll confirm when it's done.").format(
        name=isolated(e(name))
    )


def undone(line: str) -> str:
    return _("Undone: {change}").format(change=line)


# What a change in /history did. Read as _(OPERATION_NAMES[operation]).
OPERATION_NAMES = {
    "assign": N_("matched"),
    "unassign": N_("unmatched"),
    "move": N_("moved"),
    "merge": N_("merged"),
    "remove": N_("deleted"),
}


def history(rows: Sequence[tuple[str, object]]) -> str:
    if not rows:
        return _("Nothing has changed yet.")
    return (
        _("Recent changes (newest first):")
        + "\n"
        + "\n".join(f"{i + 1}. {text}" for i, (text, _row) in enumerate(rows))
    )


def history_when_by(when: str, by: str, *, mine: bool) -> str:
    """A /history line's time and who made the change: the reader, another guardian
    (``by``), or nobody said (recognition, an organizer, a forgotten guardian)."""
    if mine:
        return _("{when}, you").format(when=when)
    if by:
        return _("{when}, {who}").format(when=when, who=isolated(e(by)))
    return when


def history_others_changes() -> str:
    return _(
        "A change another guardian made can be undone only by them, or by the owner of every "
        "child it concerns."
    )


def history_automatic_hidden() -> str:
    return _("Photos I matched by myself are not listed; send /history all to see them.")


def show_automatic() -> str:
    return _("Show automatic matches")


def history_line(
    when: str,
    operation: str,
    from_name: str | None,
    to_name: str | None,
    faces: int,
    undone: bool,
    *,
    reverts: bool = False,
) -> str:
    what = _(OPERATION_NAMES[operation]) if operation in OPERATION_NAMES else operation
    names = " → ".join(isolated(e(n)) for n in (from_name, to_name) if n) or "?"
    if reverts:
        return ngettext(
            "{when} {what} {count} face: {names} (an undo)",
            "{when} {what} {count} faces: {names} (an undo)",
            faces,
        ).format(when=when, what=what, count=faces, names=names)
    if undone:
        return ngettext(
            "{when} {what} {count} face: {names} (undone)",
            "{when} {what} {count} faces: {names} (undone)",
            faces,
        ).format(when=when, what=what, count=faces, names=names)
    return ngettext(
        "{when} {what} {count} face: {names}", "{when} {what} {count} faces: {names}", faces
    ).format(when=when, what=what, count=faces, names=names)


def undo() -> str:
    return _("Undo")


# Read as _(UNDO_TEXTS[outcome]).
UNDO_TEXTS = {
    "done": N_("Undone."),
    "unknown": N_("I can't find that change."),
    "already_undone": N_("That change is already undone."),
    "not_undoable": N_("That can't be undone: the faces it concerned were deleted."),
    "changed_since": N_("That can't be undone any more: the face or person has changed since."),
    "is_an_undo": N_("That was an undo; it isn't undone in turn. Make the change again instead."),
}


def undone_correction(name: str, resent: bool) -> str:
    """What a correction's message says once its Undo was pressed."""
    if resent:
        return _(
            "Undone: that face is <b>{name}</b>'s again, and I'm sending you the photo again."
        ).format(name=isolated(e(name)))
    return _("Undone: that face is <b>{name}</b>'s again.").format(name=isolated(e(name)))


def who_is_it(name: str) -> str:
    return _("That isn't <b>{name}</b>. Who is it, then? One of your other people?").format(
        name=isolated(e(name))
    )


def another_person() -> str:
    # in /history: someone the reader does not guard
    return _("another person")


def none_of_mine() -> str:
    return _("Someone I don't know")


def moved_to(name: str) -> str:
    return _("Moved: that face is <b>{name}</b> now.").format(name=isolated(e(name)))


def export_cover_photo(pixels: int) -> str:
    """In /export's file: what the kept crop of a person is."""
    return _(
        "a small crop (at most {pixels} px) of one enrollment face, kept to show on the "
        "person's card; deleted with the person or their faces"
    ).format(pixels=pixels)


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


LINKED_NAME = '<a href="{link}">{name}</a>'


def admin_chat_name(title: str, link: str | None) -> str:
    """The admin chat by name, a link on it where Telegram has one (a public chat)."""
    name = f"<b>{isolated(e(title))}</b>"
    return LINKED_NAME.format(link=e(link), name=name) if link else name


def in_the_admin_chat(command: str, admin_chat: str) -> str:
    """An organizer's command sent in the photo group, which has an admin chat:
    ``admin_chat`` is ``admin_chat_name(...)``."""
    return _(
        "/{command} works in this group's admin chat, {chat}, where only the organizers "
        "read the answer. Send it there."
    ).format(command=command, chat=admin_chat)


def admin_chat_first(command: str) -> str:
    """An organizer's command sent in the photo group before any admin chat is linked."""
    return _(
        "/{command} works in this group's admin chat, and it has none yet. Send /admin here "
        "first to link one, then /{command} there."
    ).format(command=command)


def untitled_group() -> str:
    return _("(untitled group)")


# Linking: /admin in the group, the startgroup link, /start <token> in the chat it picks.
def admin_only() -> str:
    return _("Only this group's admins can link its admin chat.")


def admin_link_button(moving: bool = False) -> str:
    return _("Move the admin chat") if moving else _("Choose the admin chat")


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


def admin_link_done(group_title: str, admin_chat: str) -> str:
    """The group's earlier /admin answer, once a chat was linked with it (its link works no
    more): ``admin_chat`` is ``admin_chat_name(...)``."""
    return _(
        "<b>Admin chat of {group}</b>\n✅ Linked: the admin chat is {chat}. An admin sends "
        "/admin here to move it to another chat."
    ).format(group=isolated(e(group_title)), chat=admin_chat)


def admin_chat_linked(group_title: str) -> str:
    return _(
        "✅ This chat is now the admin chat of <b>{group}</b>. I post its approval "
        "cards here, and its admins moderate it from here. /help lists the commands."
    ).format(group=isolated(e(group_title)))


def admin_chat_already(group_title: str) -> str:
    return _(
        "This chat is already the admin chat of <b>{group}</b>. /help lists the commands."
    ).format(group=isolated(e(group_title)))


def admin_chat_moved_away(group_title: str) -> str:
    return _(
        "This chat no longer serves <b>{group}</b>: an admin of the group linked "
        "another admin chat. Nothing of that group comes here any more."
    ).format(group=isolated(e(group_title)))


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
    served = ", ".join(f"<b>{isolated(e(t))}</b>" for t in group_titles)
    return _(
        "This is the admin chat of {groups}. To link or move an admin chat, an admin sends "
        "/admin in the group itself."
    ).format(groups=served)


def admin_chat_help(group_titles: Sequence[str]) -> str:
    served = ", ".join(f"<b>{isolated(e(t))}</b>" for t in group_titles)
    return _(
        "This is the admin chat of {groups}: its organizers moderate here. Anyone in this "
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
        "/timezone the time zone of the times I write (for example /timezone Berlin).\n"
        "/pending post again the approval cards still waiting.\n"
        "/whois the largest groups of look-alike faces nobody enrolled, one at a time, as a "
        "sheet of faces: name the child, and pass the claim link I send you privately to the "
        "parent (the child gets no photos until the parent claims it and you approve the "
        "claim here; the name is shown only here and to a member of the group who opens the "
        "link).\n"
        "/unclaimed the children you named and nobody claimed yet: a new link, revoke, "
        "rename, delete.\n"
        "/help this message.\n\n"
        "{approvals_help} Faces appear here only on these cards and on /whois sheets.\n\n"
        "In the group itself I never post names or faces; an admin sends /admin there to "
        "link or move this chat. Photos posted here are not recognized or shared."
    ).format(groups=served, approvals_help=approvals_help())


# /audit and its undo buttons.
def audit_not_organizer(group_title: str) -> str:
    return _("Only an admin of <b>{group}</b> can see its audit.").format(
        group=isolated(e(group_title))
    )


def audit_header(group_title: str) -> str:
    return _("<b>Audit of {group}</b> (newest first, times in {zone})").format(
        group=isolated(e(group_title)), zone=isolated(e(datefmt.zone_name()))
    )


def audit_empty(group_title: str) -> str:
    return _("Nothing happened in <b>{group}</b> yet: no moderation, no corrections.").format(
        group=isolated(e(group_title))
    )


def when(at: datetime) -> str:
    return datefmt.moment_zoned(at)


# The name an anonymous admin's actions are recorded under (``audit.ANONYMOUS_ADMIN``): kept
# in English in the audit, shown in the reader's language by ``actor_name``.
ANONYMOUS_ADMIN_NAME = N_("an anonymous admin")


def actor_name(name: str) -> str:
    """A recorded actor's name as shown (plain text): the anonymous admin's in the reader's
    language, anyone else's as recorded."""
    return _(ANONYMOUS_ADMIN_NAME) if name == ANONYMOUS_ADMIN_NAME else name


def _who(name: str) -> str:
    return f"<b>{isolated(e(actor_name(name)))}</b>" if name else _("Someone")


# What an organizer did, as the whole audit line ({who}: the actor). Read as
# _(_ACTIONS[action]).format(who=...).
_ACTIONS: Mapping[str, str] = {
    "admin_chat_linked": N_("{who} linked the admin chat"),
    "approved": N_("{who} approved an enrollment"),
    "rejected": N_("{who} rejected an enrollment"),
    "taken_down": N_("{who} took down a photo"),
    "banned": N_("{who} banned"),
    "unbanned": N_("{who} unbanned"),
    "paused": N_("{who} paused the group"),
    "resumed": N_("{who} resumed the group"),
    "setting_changed": N_("{who} changed a setting"),
    # A cluster of unknown faces named: the audit names no child (the subject is ignored).
    "named": N_("{who} named a child from unknown faces"),
    "claim_link": N_("{who} made a claim link for a named child"),
    "claim_revoked": N_("{who} revoked a claim link"),
    "unclaimed_renamed": N_("{who} renamed a named child"),
    "unclaimed_deleted": N_("{who} deleted a named child"),
    "claimed": N_("{who} claimed a named child"),
    "claim_declined": N_("{who} declined a claim link (not their child)"),
}
# The same with what the event concerned ({subject}: a chat, a participant, a photo).
_ACTIONS_ON: Mapping[str, str] = {
    "admin_chat_linked": N_("{who} linked the admin chat {subject}"),
    "taken_down": N_("{who} took down {subject}"),
    "banned": N_("{who} banned {subject}"),
    "unbanned": N_("{who} unbanned {subject}"),
}
# An approval decided, by its kind (approvals of another kind: _ACTIONS' "an enrollment").
_DECISIONS: Mapping[tuple[str, str], str] = {
    ("approved", "person"): N_("{who} approved a new person"),
    ("approved", "guardian"): N_("{who} approved a co-guardian"),
    ("rejected", "person"): N_("{who} rejected a new person"),
    ("rejected", "guardian"): N_("{who} rejected a co-guardian"),
    ("approved", "claim"): N_("{who} approved a claim"),
    ("rejected", "claim"): N_("{who} rejected a claim"),
}


def audit_moderation_line(
    actor: str, action: str, subject: str, details: Mapping[str, Any], undone: bool
) -> str:
    """One moderation event. Approvals never show the person's name (``subject`` is ignored
    for them): the audit names participants, settings and chats, never children."""
    who = _who(actor)
    decision = _DECISIONS.get((action, str(details.get("kind", ""))))
    if decision is not None:
        line = _(decision).format(who=who)
    elif action == "setting_changed" and "setting" in details:
        key = str(details["setting"])
        name = _(SETTING_NAMES.get(key, key)).lower()
        old, new = setting_value(key, details.get("old")), setting_value(key, details.get("new"))
        # Each value isolated, so the arrow reads in the reader's direction (a right-to-left
        # catalog writes "←").
        line = _("{who} changed a setting: {setting} {old} → {new}").format(
            who=who, setting=e(name), old=isolated(e(old)), new=isolated(e(new))
        )
    elif subject and action in _ACTIONS_ON:
        line = _(_ACTIONS_ON[action]).format(who=who, subject=isolated(e(subject)))
    elif action in _ACTIONS:
        line = _(_ACTIONS[action]).format(who=who)
    else:
        line = f"{who} {e(action)}" + (f" {isolated(e(subject))}" if subject else "")
    if details.get("undoes"):
        line = _("{line} (an undo)").format(line=line)
    if undone:
        line = _("{line} <i>(undone)</i>").format(line=line)
    return line


def _correction_on_a_photo(operation: str, faces: int) -> str:
    """An audit line of a correction on one photo ({who}, {count} faces, {date}). A merge
    of a guardian's own persons is no correction: /audit does not list it."""
    if operation == "assign":
        return ngettext(
            "{who} tagged {count} face on a photo of {date}",
            "{who} tagged {count} faces on a photo of {date}",
            faces,
        )
    if operation == "unassign":
        return ngettext(
            "{who} untagged {count} face on a photo of {date}",
            "{who} untagged {count} faces on a photo of {date}",
            faces,
        )
    if operation == "move":
        return ngettext(
            "{who} corrected {count} face on a photo of {date}",
            "{who} corrected {count} faces on a photo of {date}",
            faces,
        )
    if operation == "remove":
        return ngettext(
            "{who} removed {count} face on a photo of {date}",
            "{who} removed {count} faces on a photo of {date}",
            faces,
        )
    return ngettext(
        "{who} changed {count} face on a photo of {date}",
        "{who} changed {count} faces on a photo of {date}",
        faces,
    )


def _correction_on_photos(operation: str, faces: int) -> str:
    """An audit line of a correction on several photos ({who}, {count} faces, {photos})."""
    if operation == "assign":
        return ngettext(
            "{who} tagged {count} face on {photos} photos",
            "{who} tagged {count} faces on {photos} photos",
            faces,
        )
    if operation == "unassign":
        return ngettext(
            "{who} untagged {count} face on {photos} photos",
            "{who} untagged {count} faces on {photos} photos",
            faces,
        )
    if operation == "move":
        return ngettext(
            "{who} corrected {count} face on {photos} photos",
            "{who} corrected {count} faces on {photos} photos",
            faces,
        )
    if operation == "remove":
        return ngettext(
            "{who} removed {count} face on {photos} photos",
            "{who} removed {count} faces on {photos} photos",
            faces,
        )
    return ngettext(
        "{who} changed {count} face on {photos} photos",
        "{who} changed {count} faces on {photos} photos",
        faces,
    )


def audit_correction_line(actor: str, operation: str, faces: int, dates: Sequence[datetime]) -> str:
    if len(dates) == 1:
        day = datefmt.day_of_year(min(dates))
        return _correction_on_a_photo(operation, faces).format(
            who=_who(actor), count=faces, date=day
        )
    return _correction_on_photos(operation, faces).format(
        who=_who(actor), count=faces, photos=len(dates)
    )


def audit_text(group_title: str, lines: Sequence[tuple[datetime, str, str]]) -> str:
    """The /audit message: numbered lines (time, what, and why it cannot be undone)."""
    rows = [
        f"{n}. {when(at)} · {line}" + (f"\n    <i>{why}</i>" if why else "")
        for n, (at, line, why) in enumerate(lines, 1)
    ]
    return audit_header(group_title) + "\n\n" + "\n".join(rows)


def undo_button(number: int) -> str:
    return _("↩️ Undo {number}").format(number=number)


def undone_alert() -> str:
    return _("Undone.")


# Read as _(_CANNOT_UNDO[action]).
_CANNOT_UNDO: Mapping[str, str] = {
    "admin_chat_linked": N_("To move the admin chat, an admin sends /admin in the group."),
    "taken_down": N_("A takedown can't be undone: the photo and its copies are deleted."),
    "approved": N_("An approval can't be undone here."),
}


def cannot_undo_an_undo() -> str:
    return _("An undo isn't undone in turn: to go back, do it again.")


def cannot_undo(action: str) -> str:
    if action in _CANNOT_UNDO:
        return _(_CANNOT_UNDO[action])
    return _("This can't be undone.")


# Why an undo was refused. Read as _(UNDO_REFUSED[reason]).
UNDO_REFUSED: Mapping[str, str] = {
    "changed_since": N_("That can't be undone any more: it has changed since."),
    "unknown_setting": N_("That setting can't be undone from here; use /settings."),
}


def audit_undone(group_title: str, actor: str, line: str) -> str:
    """``line``: the undone event's audit line (HTML)."""
    return _("↩️ <b>{group}</b>: {who} undid “{line}”.").format(
        group=isolated(e(group_title)), who=_who(actor), line=line
    )


def undo_already(by: str) -> str:
    if by:
        return _("Already undone by {name}.").format(name=isolated(actor_name(by)))
    return _("Already undone.")


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
    (
        "unknown",
        N_("Not of this group"),
        N_("the organizers don't know them as part of this group"),
    ),
    (
        "photos",
        N_("Unsuitable photos"),
        N_("the enrollment photos don't show them clearly enough"),
    ),
    ("duplicate", N_("Enrolled already"), N_("they are already enrolled by another guardian")),
    ("other", N_("Other: talk to us"), N_("please talk to the group's organizers")),
)


def reject_reason(code: str) -> str:
    """What the guardian is told for a rejection's reason code (an unknown one as it is)."""
    for each, _button, sentence in REJECT_REASONS:
        if each == code:
            return _(sentence)
    return code


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
    head = _("<b>Approval needed</b> in <b>{group}</b>").format(group=isolated(e(group_title)))
    if co_guardian:
        body = _(
            "New co-guardian: <b>{guardian}</b>, of <b>{name}</b> (enrolled already). Until "
            "approved they get no photos from this group."
        ).format(guardian=isolated(e(guardian)), name=isolated(e(person_name)))
    else:
        body = _(
            "New person: <b>{name}</b>, enrolled by <b>{guardian}</b>. Until approved they are "
            "not recognized in this group's photos."
        ).format(name=isolated(e(person_name)), guardian=isolated(e(guardian)))
    face = "\n" + _("The photo is the enrollment face I keep.") if cover else ""
    return f"{head}\n{body}{face}"


def approval_decided(approved: bool, by: str, reason: str = "") -> str:
    """The line added to a decided card."""
    if approved:
        return "\n\n" + _("✅ Approved by {admin}.").format(admin=isolated(e(by)))
    return "\n\n" + _("❌ Rejected by {admin}: {reason}.").format(
        admin=isolated(e(by)), reason=isolated(e(reason))
    )


# On a card whose guardian has since used /forget (the decision stays with the person).
def guardian_forgotten() -> str:
    return _("a guardian who has since left facedrop")


# Who decided an approval, when its audit event does not say.
def an_organizer() -> str:
    return _("an organizer")


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
    group, name, whose = isolated(e(group_title)), isolated(e(person_name)), isolated(e(guardian))
    if co_guardian:
        record = _(
            "Approval in <b>{group}</b>: co-guardian <b>{guardian}</b>, of <b>{name}</b>."
        ).format(group=group, guardian=whose, name=name)
    else:
        record = _(
            "Approval in <b>{group}</b>: new person <b>{name}</b>, enrolled by <b>{guardian}</b>."
        ).format(group=group, name=name, guardian=whose)
    return record + approval_decided(approved, by, reason)


def approval_card_replaced(group_title: str) -> str:
    """On an approval card too old to delete, once a newer message about it is posted."""
    return _("An approval card of <b>{group}</b>: see the newer message about it below.").format(
        group=isolated(e(group_title))
    )


def approval_card_withdrawn(group_title: str) -> str:
    """On an approval card too old to delete, withdrawn (its person deleted, its faces
    forgotten, or the admin chat moved)."""
    return _("An approval card of <b>{group}</b>, withdrawn.").format(
        group=isolated(e(group_title))
    )


def already_decided(approved: bool, by: str) -> str:
    if approved:
        return _("Already approved by {admin}.").format(admin=isolated(by))
    return _("Already rejected by {admin}.").format(admin=isolated(by))


def waiting_for_approval(
    person_name: str, group_title: str, co_guardian: bool, admin_chat: bool
) -> str:
    """The guardian hears that something waits for a group's organizers."""
    name, group = isolated(e(person_name)), isolated(e(group_title))
    if co_guardian:
        waits = _(
            "⏳ You, as a guardian of <b>{name}</b>, need the approval of the organizers of "
            "<b>{group}</b> before I send photos from there."
        ).format(name=name, group=group)
    else:
        waits = _(
            "⏳ <b>{name}</b> needs the approval of the organizers of <b>{group}</b> before I "
            "send photos from there."
        ).format(name=name, group=group)
    if admin_chat:
        told = _("I'll tell you when they decide.")
    else:
        told = _(
            "They haven't set up approvals yet; your request is kept and sent to them as "
            "soon as they do."
        )
    return f"{waits} {told}"


def enrollment_ready_waiting(
    name: str, ready: Sequence[str], waiting: Sequence[str], unset: Sequence[str] = ()
) -> str:
    """Enrolled, and waiting for approval in some groups (``unset``: those of them whose
    organizers have no admin chat linked yet)."""

    def listed(groups: Sequence[str]) -> str:
        return ", ".join(f"<b>{isolated(e(g))}</b>" for g in groups)

    lines = [_("<b>{name}</b> is ready.").format(name=isolated(e(name)))]
    if ready:
        lines.append(
            _("I'll send you the photos they appear in from: {groups}.").format(
                groups=listed(ready)
            )
        )
    lines.append(
        _(
            "In {groups}, the organizers approve new persons first: I'll tell you when they decide."
        ).format(groups=listed(waiting))
    )
    if unset:
        lines.append(
            _(
                "The organizers of {groups} haven't set up approvals yet; your request is kept "
                "and sent to them as soon as they do."
            ).format(groups=listed(unset))
        )
    return " ".join(lines)


def approved_for_guardian(person_name: str, group_title: str, co_guardian: bool) -> str:
    name, group = isolated(e(person_name)), isolated(e(group_title))
    if co_guardian:
        return _(
            "✅ You, as a guardian of <b>{name}</b>, are approved by the organizers of "
            "<b>{group}</b>. I'll send you the photos {name} appears in that are posted there "
            "from now on."
        ).format(name=name, group=group)
    return _(
        "✅ <b>{name}</b> is approved by the organizers of <b>{group}</b>. I'll send you the "
        "photos {name} appears in that are posted there from now on."
    ).format(name=name, group=group)


def rejected_for_guardian(
    person_name: str, group_title: str, co_guardian: bool, reason: str
) -> str:
    name, group = isolated(e(person_name)), isolated(e(group_title))
    if co_guardian:
        return _(
            "You weren't approved as a guardian of <b>{name}</b> by the organizers of "
            "<b>{group}</b>: {reason}. I won't send photos from that group for them. Your other "
            "groups are not affected."
        ).format(name=name, group=group, reason=isolated(e(reason)))
    return _(
        "<b>{name}</b> wasn't approved by the organizers of <b>{group}</b>: {reason}. I won't "
        "send photos from that group for them. Your other groups are not affected."
    ).format(name=name, group=group, reason=isolated(e(reason)))


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
    return _("Nothing waits for approval in <b>{group}</b>.").format(group=isolated(e(group_title)))


def only_organizers_pending(group_title: str) -> str:
    return _("Only the admins of <b>{group}</b> can ask for its pending approvals.").format(
        group=isolated(e(group_title))
    )


# --- takedown ---
def _at(moment: datetime) -> str:
    return datefmt.moment_zoned(moment)


def _group(title: str) -> str:
    return f"<b>{isolated(e(title or untitled_group()))}</b>"


def takedown_subject(posted_at: datetime) -> str:
    """Which photo a takedown was, as /audit shows it (plain text, no names)."""
    return _("photo posted {date}").format(date=_at(posted_at))


def takedown_ask(title: str, posted_at: datetime, link: str | None) -> str:
    """The confirmation in the admin chat: which photo (a link, no copy of it), which group."""
    asked = _("Take down a photo from {group}? Posted {date}.").format(
        group=_group(title), date=_at(posted_at)
    )
    where = " " + _open_in_group(link) if link else ""
    return f"{asked}{where}\n" + _(
        "I'll delete it in the group itself too, its faces and crops, and every copy I sent to "
        "guardians. This can't be undone."
    )


def _open_in_group(link: str) -> str:
    return _('<a href="{link}">Open it in the group</a>.').format(link=e(link))


def takedown_ask_in_group() -> str:
    return _(
        "Take this photo down? I'll delete it here and every copy I sent to guardians. Only the "
        "admin who asked can confirm."
    )


# Asked by an anonymous admin: Telegram does not say who, so any admin may confirm.
def takedown_ask_in_group_any_admin() -> str:
    return _(
        "Take this photo down? I'll delete it here and every copy I sent to guardians. Any admin "
        "of the group can confirm."
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


def takedown_asked_in_admin_chat(admin_chat: str) -> str:
    """Said in the group when an admin's /takedown there (the command itself deleted) was
    asked in the admin chat: ``admin_chat`` is ``admin_chat_name(...)``. No photo, no name."""
    return _("I asked for the takedown to be confirmed in the admin chat, {chat}.").format(
        chat=admin_chat
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
    if copies:
        head = ngettext(
            "Taken down: the photo from {group} posted {date}, with {count} other post of the "
            "same picture there ({dates}). Its faces and crops are deleted, and it will never be "
            "sent again. This can't be undone.",
            "Taken down: the photo from {group} posted {date}, with {count} other posts of the "
            "same picture there ({dates}). Its faces and crops are deleted, and it will never be "
            "sent again. This can't be undone.",
            len(copies),
        ).format(
            group=_group(title),
            date=_at(posted_at),
            count=len(copies),
            dates=", ".join(_at(moment) for moment in sorted(copies)),
        )
    else:
        head = _(
            "Taken down: the photo from {group} posted {date}. Its faces and crops are deleted, "
            "and it will never be sent again. This can't be undone."
        ).format(group=_group(title), date=_at(posted_at))
    lines = [
        head,
        _("Copies deleted from guardians' chats: {count}.").format(count=deleted),
    ]
    if too_old:
        lines.append(
            _(
                "Copies too old for me to delete: {count} (sent {dates}). Telegram lets a bot "
                "delete its messages only in their first 48 hours; those guardians can delete "
                "theirs."
            ).format(count=len(too_old), dates=", ".join(_at(moment) for moment in sorted(too_old)))
        )
    if group_post:
        lines.append(
            _("Deleted in the group itself too, with its other posts there.")
            if copies
            else _("Deleted in the group itself too.")
        )
    elif group_post is False and copies and posts_left:
        lines.append(
            ngettext(
                "I couldn't delete {count} of these posts in the group itself (posted {dates}): "
                "please delete it there, or make me an admin with the right to delete messages.",
                "I couldn't delete {count} of these posts in the group itself (posted {dates}): "
                "please delete them there, or make me an admin with the right to delete messages.",
                len(posts_left),
            ).format(
                count=len(posts_left),
                dates=", ".join(_at(moment) for moment in sorted(posts_left)),
            )
        )
    elif group_post is False:
        lines.append(
            _(
                "I couldn't delete the photo in the group itself: please delete it there, or "
                "make me an admin with the right to delete messages."
            )
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
    head = _(
        "A photo taken down from {group} was posted there again ({date}). I won't recognize or "
        "send it to anyone."
    ).format(group=_group(title), date=_at(posted_at))
    if deleted:
        return f"{head} " + _("I deleted it from the group.")
    where = " " + _open_in_group(link) if link else ""
    return (
        f"{head} "
        + _(
            "I couldn't delete it from the group: please delete it there, or make me an admin "
            "with the right to delete messages."
        )
        + where
    )


# --- bans and pausing the group, /stats ---


def join_refused(group_title: str) -> str:
    return _(
        "The organizers of <b>{group}</b> have turned off my service for you in this group, so "
        "I can't send you its photos. If you think this is a mistake, please ask them."
    ).format(group=isolated(e(group_title)))


def only_organizers() -> str:
    return _("Only the group's admins can do that.")


def only_organizers_of(group_title: str) -> str:
    return _("Only the admins of <b>{group}</b> can do that.").format(
        group=isolated(e(group_title))
    )


def ban_usage() -> str:
    return _(
        "To ban someone from a group in facedrop: reply /ban to one of their messages in the "
        "group, or send <code>/ban @username</code> or <code>/ban user_id</code> here. "
        "<code>/unban</code> works the same way."
    )


def unknown_participant(reference: str, group_titles: list[str]) -> str:
    where = ", ".join(f"<b>{isolated(e(t))}</b>" for t in group_titles)
    return _(
        "I don't know {who} in {groups}: I can only ban people who joined it through my link "
        "(their @username or Telegram user id)."
    ).format(who=isolated(e(reference)), groups=where)


def ban_reply_usage() -> str:
    return _("Reply /ban (or /unban) to a message of the person it is about.")


def cannot_ban_that() -> str:
    return _("I can only ban a person's account, not a channel, a bot or an anonymous admin.")


def cannot_ban_organizer(group_title: str) -> str:
    return _(
        "That's an admin of <b>{group}</b>: remove their admin rights in Telegram first if they "
        "should not get photos."
    ).format(group=isolated(e(group_title)))


def banned(group_title: str, name: str) -> str:
    return _(
        "<b>{group}</b>: {name} is banned. They get no more photos from this group and can't "
        "join it again through my link. /unban lifts it."
    ).format(group=isolated(e(group_title)), name=isolated(e(name)))


def already_banned(group_title: str, name: str) -> str:
    return _("<b>{group}</b>: {name} was already banned.").format(
        group=isolated(e(group_title)), name=isolated(e(name))
    )


def unbanned(group_title: str, name: str) -> str:
    return _(
        "<b>{group}</b>: {name} is no longer banned. They can join again through my link in "
        "the group (nothing is restored until they do)."
    ).format(group=isolated(e(group_title)), name=isolated(e(name)))


def not_banned(group_title: str, name: str) -> str:
    return _("<b>{group}</b>: {name} is not banned.").format(
        group=isolated(e(group_title)), name=isolated(e(name))
    )


# Said in the group when it has no admin chat: no names there.
def banned_in_group() -> str:
    return _("Done: that participant gets no more photos from this group through me.")


def unbanned_in_group() -> str:
    return _("Done: that participant can join again through my link.")


def group_paused(group_title: str) -> str:
    return _(
        "<b>{group}</b> is paused: I recognize and send nothing from it until you send /resume. "
        "Photos posted meanwhile are kept and handled after the resume. Parents are not told."
    ).format(group=isolated(e(group_title)))


def group_already_paused(group_title: str) -> str:
    return _("<b>{group}</b> is already paused. /resume to resume it.").format(
        group=isolated(e(group_title))
    )


def group_resumed(group_title: str, waiting: int) -> str:
    running = _("<b>{group}</b> is running again.").format(group=isolated(e(group_title)))
    if not waiting:
        return running
    if waiting == 1:
        held = _("The photo posted while it was paused is being handled now.")
    else:
        held = ngettext(
            "The {count} photo posted while it was paused is being handled now.",
            "The {count} photos posted while it was paused are being handled now.",
            waiting,
        ).format(count=waiting)
    return f"{running} {held}"


def group_not_paused(group_title: str) -> str:
    return _("<b>{group}</b> is not paused.").format(group=isolated(e(group_title)))


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
    shown_rate = _("n/a") if rate is None else f"{rate:.0%}"
    group = isolated(e(group_title))
    if retention_days is None:
        kept = _("Faces of photos kept: with no time limit (/settings sets one)")
    elif retention_ran_at is None:
        kept = ngettext(
            "Faces of photos kept: {count} day (not checked yet)",
            "Faces of photos kept: {count} days (not checked yet)",
            retention_days,
        ).format(count=retention_days)
    else:
        kept = ngettext(
            "Faces of photos kept: {count} day ({deleted} of older photos deleted so far; "
            "last checked {date})",
            "Faces of photos kept: {count} days ({deleted} of older photos deleted so far; "
            "last checked {date})",
            retention_days,
        ).format(
            count=retention_days,
            deleted=faces_expired,
            date=datefmt.day(retention_ran_at),
        )
    lines = [
        _("<b>{group}</b> (paused)").format(group=group) if paused else f"<b>{group}</b>",
        _("Members who joined: {count}").format(count=members),
        _("Guardians: {count}").format(count=guardians),
        _("Persons enrolled: {count}").format(count=persons),
        _("Photos this week: {count}").format(count=photos_week),
        _("Deliveries this week: {count}").format(count=deliveries_week),
        _("Questions waiting for an answer: {count}").format(count=suggestions_pending),
        _("Recognition rate this week: {rate} (photos with at least one recognized face)").format(
            rate=shown_rate
        ),
        _("Failures this week: {photos} photos, {deliveries} deliveries").format(
            photos=failed_photos, deliveries=failed_deliveries
        ),
        kept,
    ]
    return "\n".join(lines)


# The title and the bars' labels drawn into the /stats chart (plain text).
def stats_chart_title() -> str:
    return _("Photos and deliveries per day")


def stats_chart_photos() -> str:
    return _("photos")


def stats_chart_deliveries() -> str:
    return _("deliveries")


# --- /settings ---
SETTING_NAMES = {
    "approval": N_("Approval of new persons"),
    "strictness": N_("Strictness"),
    "delivery": N_("Delivery"),
    "retention": N_("Keep faces of photos"),
    "language": N_("Language"),
    "zone": N_("Time zone"),
}
DELIVERY_MODES = {
    # A few photos for one guardian ready at once (a burst) go as one album: it says so.
    "each": N_("each photo as it comes (several at once may come as one album)"),
    "album": N_("albums (photos of a few minutes together)"),
    "digest": N_("a daily digest"),
}
DELIVERY_BUTTONS = {"each": N_("Each photo"), "album": N_("Albums"), "digest": N_("Daily digest")}
STRICTNESS_STEPS = MAX_STEPS


def strictness_value(steps: int) -> str:
    if steps == 0:
        return _("calibrated (0 of {steps})").format(steps=STRICTNESS_STEPS)
    return _("stricter, {step} of {steps}").format(step=steps, steps=STRICTNESS_STEPS)


def retention_value(days: int | None) -> str:
    if days is None:
        return _("until someone deletes them")
    return ngettext("{count} day", "{count} days", days).format(count=days)


def setting_value(key: str, value: bool | int | str | None) -> str:
    """A setting's value, in words (plain text)."""
    if key == "approval":
        return _("on") if value else _("off")
    if key == "strictness":
        return strictness_value(int(value or 0))
    if key == "delivery":
        mode = str(value)
        return _(DELIVERY_MODES[mode]) if mode in DELIVERY_MODES else mode
    if key == "retention":
        return retention_value(value if isinstance(value, int) else None)
    if key == "language":
        return LANGUAGES.get(str(value), str(value))
    if key == "zone":
        return datefmt.zone_name(str(value))
    return str(value)


def zone_value(name: str) -> str:
    """ "Jerusalem (now 15:05)": a time zone by its city, with the time it is there now."""
    with datefmt.in_zone(name):
        now = datefmt.hour_minute_now()
        return _("{zone} (now {time})").format(zone=datefmt.zone_name(), time=now)


def group_settings_card(title: str, values: dict[str, bool | int | str | None]) -> str:
    """/settings in the admin chat: the group's settings, each explained in a line."""
    lines = [
        _("⚙️ Settings of <b>{group}</b>").format(group=isolated(e(title or untitled_group()))),
        "",
    ]
    for key, name in SETTING_NAMES.items():
        lines.append(
            _("{setting}: <b>{value}</b>").format(
                setting=_(name), value=e(setting_value(key, values[key]))
            )
        )
    lines += [
        "",
        _(
            "• Approval: new persons and co-guardians wait for an organizer's approval before "
            "their photos are matched; persons already in the group stay as they are."
        ),
        _(
            "• Strictness only ever raises how sure I must be before I send a photo or ask a "
            "guardian; it never goes below the calibrated level."
        ),
        _(
            "• Delivery: albums gather the photos of a few minutes (up to 10 in one); the "
            "digest sends the day's photos once a day."
        ),
        _(
            "• Keep faces: after that many days I delete the faces found in the group's "
            "photos and their crops, except faces a guardian confirmed (\"Yes, that's "
            'Alice"), which help recognize that person; enrollment faces are not touched. '
            "Photos and questions already sent stay in the guardians' chats."
        ),
        _(
            "• Time zone: of the times I write in the group, this admin chat and the private "
            "chats of its members (/audit, /history, takedown reports, the daily questions). "
            "Change it with /timezone and a city, for example /timezone Berlin."
        ),
        _(
            "• Language: of my messages in the group itself and in this admin chat (English "
            "here when this chat serves groups set to different languages). In private chats "
            "I write to each person in their own language: the one they chose with /language, "
            "else their Telegram app's."
        ),
        "",
        _("Only the group's admins can change these; every change is in /audit."),
    ]
    return "\n".join(lines)


def setting_changed(title: str, key: str, value: bool | int | str | None) -> str:
    """A press's answer (plain text: it is a popup)."""
    return _("{group}: {setting} is now {value}.").format(
        group=isolated(title or untitled_group()),
        setting=_(SETTING_NAMES[key]),
        value=setting_value(key, value),
    )


def setting_unchanged(title: str, key: str, value: bool | int | str | None) -> str:
    return _("{group}: {setting} is already {value}.").format(
        group=isolated(title or untitled_group()),
        setting=_(SETTING_NAMES[key]),
        value=setting_value(key, value),
    )


def only_admins_change_settings() -> str:
    return _("Only the group's admins can change its settings.")


def strictness_button(steps: int, stricter: bool) -> str:
    if stricter:
        return _("Stricter ({step} of {steps})").format(step=steps + 1, steps=STRICTNESS_STEPS)
    return _("Less strict ({step} of {steps})").format(step=steps - 1, steps=STRICTNESS_STEPS)


def approval_button(on: bool) -> str:
    return _("Approval: turn off") if on else _("Approval: turn on")


def chosen(label: str, is_current: bool) -> str:
    """A choice's button; the current one is marked."""
    return f"• {label}" if is_current else label


def retention_button(days: int | None) -> str:
    if days is None:
        return _("Keep: always")
    return _("Keep: {count} d").format(count=days)


def album_not_person_button(name: str, number: int) -> str:
    """Under an album: "Not Alice?" for its photo number ``number`` (plain text)."""
    return _("Not {name}? (photo {number})").format(name=isolated(name), number=number)


def album_corrections(count: int, group_title: str) -> str:
    return ngettext(
        "{count} photo from {group} above. If one of them isn't who I said, tap its button.",
        "{count} photos from {group} above. If one of them isn't who I said, tap its button.",
        count,
    ).format(count=count, group=isolated(e(group_title)))


# ----- naming a cluster of unknown faces (admin chat) and claiming it (the parent) ----------


def whois_not_organizer() -> str:
    return _("Only an admin of the group can name faces.")


def whois_none(group_title: str) -> str:
    return _(
        "No group of look-alike faces left to name in <b>{group}</b>: faces nobody enrolled are "
        "grouped by likeness after photos are posted, and a group needs at least 3 such faces."
    ).format(group=isolated(e(group_title)))


def whois_too_few(group_title: str, faces: int, needed: int) -> str:
    """/whois where the group's photos have too few faces nobody enrolled for any group of
    look-alikes (``needed``): how many there are, whether or not a regrouping is due."""
    return ngettext(
        "No group of look-alike faces to name in <b>{group}</b> yet: a group needs at least "
        "{needed} faces of one child nobody enrolled, and its photos have {count} face nobody "
        "enrolled so far.",
        "No group of look-alike faces to name in <b>{group}</b> yet: a group needs at least "
        "{needed} faces of one child nobody enrolled, and its photos have {count} faces nobody "
        "enrolled so far.",
        faces,
    ).format(group=isolated(e(group_title)), needed=needed, count=faces)


def whois_grouping_pending(group_title: str, minutes: int) -> str:
    """/whois finds no group of look-alike faces, but faces posted lately are not grouped
    yet (the regrouping after a burst of photos is still to come)."""
    return ngettext(
        "No group of look-alike faces to name in <b>{group}</b> yet: I group new faces "
        "within about {count} minute of their photos; try /whois again then.",
        "No group of look-alike faces to name in <b>{group}</b> yet: I group new faces "
        "within about {count} minutes of their photos; try /whois again then.",
        minutes,
    ).format(group=isolated(e(group_title)), count=minutes)


def whois_sheet(group_title: str, position: int, total: int, faces: int) -> str:
    return (
        ngettext(
            "Who is this? {count} look-alike face from photos in <b>{group}</b> that nobody "
            "enrolled ({position} of {total}).",
            "Who is this? {count} look-alike faces from photos in <b>{group}</b> that nobody "
            "enrolled ({position} of {total}).",
            faces,
        ).format(count=faces, group=isolated(e(group_title)), position=position, total=total)
        + "\n"
        + _(
            "Naming the child gives it no photos: I give you a one-time link for the child's "
            "parent. Whoever opens it and is a member of the group sees these faces and the "
            "name, and says whether this is their child."
        )
    )


# On a sheet of faces too old for Telegram to delete, once withdrawn.
def sheet_withdrawn() -> str:
    return _("A sheet of faces, withdrawn.")


def name_this_child() -> str:
    return _("Name this child")


def skip_cluster() -> str:
    return _("Skip")


def whois_named(name: str) -> str:
    """The /whois sheet a child was named from, once named (the faces and buttons gone)."""
    return _(
        "Named <b>{name}</b>. /unclaimed lists the named children waiting for their parent."
    ).format(name=isolated(e(name)))


def whois_changed() -> str:
    return _(
        "These faces have changed since (someone was recognized, or a photo went). Send /whois again."
    )


def claim_link_used(name: str, group_title: str) -> str:
    """Where the organizer was handed a claim link, once a parent used it."""
    return _(
        "The claim link for <b>{name}</b> in {group} was used, so it no longer works. "
        "/unclaimed lists the named children."
    ).format(name=isolated(e(name)), group=isolated(e(group_title)))


def claim_link_gone(name: str, group_title: str) -> str:
    """Where the organizer was handed a claim link, once it was revoked, replaced by a
    newer one, or the child deleted."""
    return _(
        "The claim link for <b>{name}</b> in {group} no longer works: it was revoked or "
        "replaced, or the child was deleted. /unclaimed lists the named children."
    ).format(name=isolated(e(name)), group=isolated(e(group_title)))


def whois_ask_name(group_title: str) -> str:
    return _(
        "Reply to this message with the child's name (as the parent will see it; {count} "
        "characters at most), or /cancel. ({group})"
    ).format(count=NAME_MAX, group=isolated(e(group_title)))


def claim_link_text(name: str, group_title: str, link: str, expires: datetime) -> str:
    child = isolated(e(name))
    return _(
        "<b>{name}</b> is named in {group}. Send this link privately to {name}'s parent, and to "
        "no one else: whoever opens it first can claim {name} (it works once, until "
        "{date}):\n{link}\n"
        "They will see the faces and be asked whether this is their child; the organizers "
        "of the group then approve the claim in its admin chat before any photo is sent. "
        "/unclaimed lists the named children: a new link, revoke, rename, delete."
    ).format(
        name=child,
        group=isolated(e(group_title)),
        date=datefmt.moment_zoned(expires),
        link=link,
    )


def claim_link_sent(organizer: str) -> str:
    """In the admin chat: the link went to the organizer who asked for it, privately."""
    return _(
        "A claim link for the child you named was sent to {admin} privately. Pass it only to "
        "the child's parent."
    ).format(admin=isolated(e(organizer)))


def whois_start_me_first() -> str:
    """A popup (plain text, 200 characters at most): the namer can't be written to."""
    return _(
        "The claim link goes to you privately, and I can't write to you yet. Open a private "
        "chat with me, send /start, then press “Name this child” again."
    )


def unclaimed_start_me_first() -> str:
    """A popup (plain text, 200 characters at most): no new link made, the old one stands."""
    return _(
        "A new link goes to you privately, and I can't write to you yet: nothing changed. "
        "Open a private chat with me, send /start, then press “New link” again."
    )


def claim_link_not_sent(organizer: str) -> str:
    return _(
        "{admin}, I can't write to you privately, so I kept no link. Open a private chat with "
        "me and send /start, then make a new link with /unclaimed."
    ).format(admin=isolated(e(organizer)))


def claim_card(group_title: str, person_name: str, guardian: str) -> str:
    """The approval card of a claim in the admin chat."""
    return _(
        "<b>Claim to check</b> in <b>{group}</b>\n"
        "<b>{guardian}</b> claims the child you named <b>{name}</b>, with the claim link. "
        "Approve only if they are the child's parent: then they get the photos of {name}. "
        "Rejected, {name} is deleted and /whois shows the faces again."
    ).format(
        group=isolated(e(group_title)),
        guardian=isolated(e(guardian)),
        name=isolated(e(person_name)),
    )


def claim_record(group_title: str, person_name: str, guardian: str, approved: bool, by: str) -> str:
    """What stays in the admin chat once a claim is decided (a rejected one names no
    child: the child is deleted)."""
    if approved:
        return _(
            "Claim in <b>{group}</b>: <b>{guardian}</b> is the guardian of <b>{name}</b> now."
        ).format(
            group=isolated(e(group_title)),
            guardian=isolated(e(guardian)),
            name=isolated(e(person_name)),
        ) + approval_decided(True, by)
    return _(
        "A claim in <b>{group}</b> by <b>{guardian}</b> was rejected by {admin}: the named "
        "child is deleted, and /whois shows its faces again."
    ).format(group=isolated(e(group_title)), guardian=isolated(e(guardian)), admin=isolated(e(by)))


def claim_waiting(name: str, group_title: str, one_by_one: bool = False) -> str:
    """A claim answered, waiting for the organizers; ``one_by_one``: "Some are"."""
    if one_by_one:
        return _(
            "Thank you. The organizers of <b>{group}</b> check claims before anything is sent: "
            "once they approve, {name} is yours and I ask you about each face, a question "
            "for each; the photos of the faces you confirm are sent. I'll tell you when they "
            "decide."
        ).format(group=isolated(e(group_title)), name=isolated(e(name)))
    return _(
        "Thank you. The organizers of <b>{group}</b> check claims before anything is sent: "
        "once they approve, {name} is yours and I send you the photos. I'll tell you when "
        "they decide."
    ).format(group=isolated(e(group_title)), name=isolated(e(name)))


def claim_still_waiting(name: str, group_title: str) -> str:
    return _(
        "You claimed <b>{name}</b> already: the organizers of <b>{group}</b> haven't decided "
        "yet. I'll tell you when they do; nothing is sent before."
    ).format(name=isolated(e(name)), group=isolated(e(group_title)))


def claim_rejected(name: str, group_title: str) -> str:
    return _(
        "The organizers of <b>{group}</b> did not approve your claim of <b>{name}</b>: nothing "
        "of it is kept for you. If {name} is your child, ask them, or enroll with /add."
    ).format(group=isolated(e(group_title)), name=isolated(e(name)))


def naming_cancelled() -> str:
    return _("Nothing named.")


def unclaimed_list(group_title: str, rows: Sequence[tuple[str, int, bool, str]]) -> str:
    """The /unclaimed list: (name, faces left, link live, named by)."""
    group = isolated(e(group_title))
    if not rows:
        return _("No named child is waiting to be claimed in <b>{group}</b>.").format(group=group)
    lines = [_("Named children not claimed yet in <b>{group}</b>:").format(group=group)]
    for n, (name, faces, live, by) in enumerate(rows, 1):
        child, namer = isolated(e(name)), isolated(e(by))
        if live:
            line = ngettext(
                "{n}. <b>{name}</b>: {count} face, a link is out (named by {admin})",
                "{n}. <b>{name}</b>: {count} faces, a link is out (named by {admin})",
                faces,
            ).format(n=n, name=child, count=faces, admin=namer)
        else:
            line = ngettext(
                "{n}. <b>{name}</b>: {count} face, no live link (named by {admin})",
                "{n}. <b>{name}</b>: {count} faces, no live link (named by {admin})",
                faces,
            ).format(n=n, name=child, count=faces, admin=namer)
        lines.append(line)
    return "\n".join(lines)


UNCLAIMED_BUTTONS = (N_("New link"), N_("Revoke"), N_("Rename"), N_("Delete"))


def unclaimed_gone() -> str:
    return _("That child was claimed or deleted meanwhile: send /unclaimed again.")


def unclaimed_revoked(name: str) -> str:
    return _("The claim link for <b>{name}</b> no longer works.").format(name=isolated(e(name)))


def unclaimed_no_link(name: str) -> str:
    return _("<b>{name}</b> has no live claim link.").format(name=isolated(e(name)))


def unclaimed_ask_rename(name: str) -> str:
    return _("Reply to this message with the new name for <b>{name}</b>, or /cancel.").format(
        name=isolated(e(name))
    )


def unclaimed_name_looks_like(name: str, other: str) -> str:
    """An organizer's name for a child that reads the same as another unclaimed child's."""
    return _(
        "This group already has an unclaimed child named <b>{other}</b>, and <b>{name}</b> "
        "looks the same: a parent could not tell them apart. Send another name, or /cancel."
    ).format(name=isolated(e(name)), other=isolated(e(other)))


def unclaimed_renamed(old: str, new: str) -> str:
    return _("<b>{old}</b> is now <b>{new}</b>.").format(old=isolated(e(old)), new=isolated(e(new)))


def unclaimed_deleted(name: str) -> str:
    return _(
        "<b>{name}</b> is deleted: its name and the faces it was named from are forgotten (the "
        "faces stay in the group's photos, nobody's)."
    ).format(name=isolated(e(name)))


def claim_declined_for_organizers(name: str, group_title: str) -> str:
    return _(
        "The claim link for <b>{name}</b> ({group}) was opened, and the answer was that this is "
        "not their child. The link is spent; /unclaimed makes a new one."
    ).format(name=isolated(e(name)), group=isolated(e(group_title)))


def claim_offer(
    group_title: str,
    agreed_before: bool = False,
    retention_days: int | None = None,
    agreed_on: datetime | None = None,
) -> str:
    """Before membership is checked: no child's name, no organizer's. The same short facts
    as every consent, the group's retention among them (the details one tap away); a
    reader who agreed already is not shown them again. ``agreed_on``: they agreed to this
    one, which says so instead of asking."""
    offer = _(
        "An organizer of <b>{group}</b> sent you a claim link for a child in photos posted "
        "there, as the child's parent."
    ).format(group=isolated(e(group_title)))
    becomes = _(
        "If you claim the child, you become their guardian: once the group's organizers "
        "approve the claim, I send you the photos of the child posted in the groups you're "
        "in, and look for the earlier ones."
    )
    asks = _(
        "Do you agree? Then I check that you're a member of the group, show you the faces "
        "and the name, and ask whether this is your child."
    )
    if agreed_before:
        terms = _("You agreed to how I work already (/privacy has every detail).")
    else:
        terms = what_i_do()
    kept = group_retention(group_title, retention_days)
    return "\n\n".join(
        [offer, becomes, terms, kept, asks if agreed_on is None else agreed(agreed_on)]
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
    return _(
        "This claim link has expired (they work for 48 hours). Ask the organizers of "
        "<b>{group}</b> for a new one."
    ).format(group=isolated(e(group_title)))


def claim_used() -> str:
    return _("This claim link has been used already. Ask the group's organizers if that's wrong.")


def claim_yours(name: str) -> str:
    return _("You claimed <b>{name}</b> already: /persons shows them.").format(
        name=isolated(e(name))
    )


def claim_namer(name: str) -> str:
    return _(
        "You named <b>{name}</b> yourself: send this link to the child's parent. If {name} is "
        "your own child, enroll them with /add."
    ).format(name=isolated(e(name)))


def claim_group_gone(group_title: str) -> str:
    return _("I'm no longer in <b>{group}</b>, so this child can't be claimed.").format(
        group=isolated(e(group_title))
    )


def claim_question(name: str, group_title: str, faces: int) -> str:
    return ngettext(
        "Is this <b>{name}</b>, your child? {count} face from photos in {group}. Say yes only "
        "if every face is your child; if only some are, I ask you about each face once the "
        "organizers approve the claim.",
        "Is this <b>{name}</b>, your child? {count} faces from photos in {group}. Say yes only "
        "if every face is your child; if only some are, I ask you about each face once the "
        "organizers approve the claim.",
        faces,
    ).format(name=isolated(e(name)), count=faces, group=isolated(e(group_title)))


def claim_question_answered(name: str, group_title: str, faces: int, answer: str) -> str:
    """The claim's question once answered: what it asked, and the answer given."""
    said = _("You answered: “{answer}”.").format(answer=e(answer))
    return f"{claim_question(name, group_title, faces)}\n\n{said}"


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
    name: str,
    group_title: str,
    photos: int,
    waiting: Sequence[str],
    one_by_one: int = 0,
    already: int = 0,
    own: int = 0,
) -> str:
    """The claimer, once the organizers approved the claim: ``photos`` on their way,
    ``already`` of the faces' photos they had been sent before (not sent again), ``own``
    they posted themselves (not sent back unless they asked to in /settings)."""
    child, group = isolated(e(name)), isolated(e(group_title))
    if one_by_one:
        # Each face is its own question, sent as the suggestions' are (not in a sequence).
        sending = ngettext(
            "I'll ask you about the {count} face from {group} in a question of its own: its "
            "photo is sent once you confirm it. I'll look for more, and send new ones as "
            "they're posted.",
            "I'll ask you about each of the {count} faces from {group}, a question for each: "
            "the photos of those you confirm are sent. I'll look for more, and send new ones "
            "as they're posted.",
            one_by_one,
        ).format(count=one_by_one, group=group)
    elif not already and not own:
        sending = ngettext(
            "Sending you the {count} photo from {group} you saw the faces of; I'll look for "
            "more, and send new ones as they're posted.",
            "Sending you the {count} photos from {group} you saw the faces of; I'll look for "
            "more, and send new ones as they're posted.",
            photos,
        ).format(count=photos, group=group)
    else:
        parts = []
        if already:
            parts.append(
                ngettext(
                    "You already have {count} of the photos from {group} you saw the faces of "
                    "(I sent it before): it isn't sent again.",
                    "You already have {count} of the photos from {group} you saw the faces of "
                    "(I sent them before): they aren't sent again.",
                    already,
                ).format(count=already, group=group)
            )
        if own and not already and not photos:
            parts.append(
                ngettext(
                    "You posted this photo from {group} yourself, so I don't send it back "
                    "(/settings).",
                    "You posted these photos from {group} yourself, so I don't send them back "
                    "(/settings).",
                    own,
                ).format(group=group)
            )
        elif own:
            parts.append(
                ngettext(
                    "You posted {count} of the photos from {group} you saw the faces of "
                    "yourself, so I don't send it back (/settings).",
                    "You posted {count} of the photos from {group} you saw the faces of "
                    "yourself, so I don't send them back (/settings).",
                    own,
                ).format(count=own, group=group)
            )
        parts.append(
            ngettext(
                "Sending you the other {count} photo; I'll look for more, and send new ones "
                "as they're posted.",
                "Sending you the other {count} photos; I'll look for more, and send new ones "
                "as they're posted.",
                photos,
            ).format(count=photos)
            if photos
            else _("I'll look for more, and send new ones as they're posted.")
        )
        sending = " ".join(parts)
    text = " ".join(
        (
            _("<b>{name}</b> is yours now.").format(name=child),
            sending,
            _("/persons manages {name}.").format(name=child),
        )
    )
    if waiting:
        text += "\n" + _(
            "In {groups} its organizers approve new people first: you'll get those photos once "
            "they do."
        ).format(groups=", ".join(isolated(e(t)) for t in waiting))
    return text


def claim_declined(name: str) -> str:
    return _(
        "Thank you: <b>{name}</b> is not claimed, and the link is spent. I told the organizers "
        "that it isn't your child, nothing about you."
    ).format(name=isolated(e(name)))


# /timezone in an admin chat.
def timezone_help(zones: Sequence[tuple[str, str]]) -> str:
    """/timezone alone: each group's zone, and how to change it."""
    lines = [
        _("{group}: times in <b>{zone}</b>").format(
            group=isolated(e(title or untitled_group())), zone=e(zone_value(zone))
        )
        for title, zone in zones
    ]
    lines += [
        "",
        _(
            "To change it, send /timezone and a city or a time zone, for example "
            "<code>/timezone Berlin</code>, <code>/timezone Asia/Jerusalem</code> or "
            "<code>/timezone UTC+2</code> (a fixed offset, without summer time)."
        ),
    ]
    return "\n".join(lines)


def timezone_unknown(typed: str) -> str:
    return _(
        "I don't know the time zone <b>{typed}</b>. Send /timezone and a city (in English "
        "or your language), for example <code>/timezone Berlin</code>, or a zone such as "
        "<code>Asia/Jerusalem</code> or <code>UTC+2</code>."
    ).format(typed=isolated(e(typed[:64])))


def timezone_confirm(zone: str) -> str:
    return _("Use <b>{zone}</b> for the times of which group?").format(zone=e(zone_value(zone)))


def timezone_confirm_for(zone: str, group_title: str) -> str:
    """/timezone and a zone, in an admin chat that serves one group."""
    return _("Use <b>{zone}</b> for the times of <b>{group}</b>?").format(
        zone=e(zone_value(zone)), group=isolated(e(group_title or untitled_group()))
    )


def timezone_use(zone: str) -> str:
    return _("Use {zone}").format(zone=datefmt.zone_name(zone))


def timezone_button(zone: str, title: str) -> str:
    return _("{zone} for {group}").format(
        zone=datefmt.zone_name(zone), group=title or untitled_group()
    )
