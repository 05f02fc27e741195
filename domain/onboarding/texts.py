"""What joining a group and agreeing says to people (HTML parse mode)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from domain.languages import dates as datefmt
from domain.languages.catalogs import N_, _, isolated, ngettext
from domain.languages.markup import bold_list, e

# --- joining and consent ---


def start_without_group() -> str:
    return _(
        "Hi! I'm facedrop. I send you, privately, the photos and clips from your group chats "
        "that your child is in.\n\nTo start, open the link I posted in your group (tap my welcome message "
        "there). Then use /add to enroll your child."
    )


def start_for_organizer() -> str:
    """/start, without a link, from an organizer who is not (yet) a parent here."""
    return _(
        "Hi! I'm facedrop. Now I can send you claim links privately: when you name a child "
        "(/whois) or ask for a new link (/unclaimed) in your group's admin chat.\n\nIf your "
        "own child is in the group, open the link I posted there to get the photos and clips "
        "they are in."
    )


def unknown_link() -> str:
    return _("This link doesn't work (anymore). Please use the button in your group's chat.")


def inactive_group() -> str:
    return _("I'm no longer in that group, so I can't send you its photos and clips.")


def not_a_member(group_title: str) -> str:
    return _(
        "You need to be a member of <b>{group}</b> to get its photos and clips. Join it first, "
        "then tap the link again."
    ).format(group=isolated(e(group_title)))


def what_i_do() -> str:
    """The short facts everyone who will receive photos reads before agreeing (a guardian
    joining a group, a co-guardian accepting an invitation); ``what_i_keep`` has the
    details, one tap away."""
    return _(
        "What I do: I look for your people (usually your child) in the photos and clips "
        "posted in your groups, and send you, privately, only those they are in.\n"
        "What I keep: names, measurements of faces (not the photos or clips: only small face "
        "crops, and a clip's frame while I ask about it), which photos and clips I sent to "
        "whom, and your answers and corrections.\n"
        "/forget deletes everything about you at any time, /export shows it all, /privacy "
        "lists every detail."
    )


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
            "In <b>{group}</b>, the faces found in its photos and clips are kept until they are "
            "deleted: its organizers have set no time limit."
        ).format(group=group)
    return ngettext(
        "In <b>{group}</b>, its organizers have me delete the faces found in its photos and "
        "clips {count} day after they were posted, except the faces you confirm as one of "
        "your people (they help me recognize them). The photos and clips already sent to you "
        "stay in your chat.",
        "In <b>{group}</b>, its organizers have me delete the faces found in its photos and "
        "clips {count} days after they were posted, except the faces you confirm as one of "
        "your people (they help me recognize them). The photos and clips already sent to you "
        "stay in your chat.",
        days,
    ).format(group=group, count=days)


def agree_button() -> str:
    return _("I agree")


def sending_while_away(
    group_title: str, *, left: bool = False, banned: bool = False, lifted: bool = False
) -> str:
    """A "You're in: I'll look for … in <group>…" while nothing comes from that group: the
    reader left it (``left``), its organizers turned my service off for them (``banned``),
    or back on, and they are not back yet (``lifted``), or its organizers removed me from
    it (issue 32)."""
    group = isolated(e(group_title))
    if left:
        return _(
            "You were in <b>{group}</b> until you left it: I no longer look for your people there."
        ).format(group=group)
    if banned:
        return _(
            "You're in <b>{group}</b>, but its organizers turned off my service for you there: "
            "no photos or clips come to you from there."
        ).format(group=group)
    if lifted:
        return _(
            "The organizers of <b>{group}</b> had turned off my service for you there, and have "
            "since turned it back on: to get its photos and clips again, tap the button under "
            "my welcome in the group."
        ).format(group=group)  # the button in the group's language, not quoted (walk34 1)
    return _(
        "You're in <b>{group}</b>, but I'm no longer in it: no photos or clips come to you from "
        "there until its organizers add me back."
    ).format(group=group)


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
            "Use /add to enroll your child (3 to 10 photos of their face, or a short clip)."
        ).format(group=group)
    # Joined as the reader's language joins names in a sentence ("Yosef and Tamar", "יוסף
    # ותמר"), not by a bare comma (findings19 19).
    names = bold_list(persons)
    return ngettext(
        "You're in: I'll look for {names} in <b>{group}</b>, and send you the photos and clips "
        "they are in.\nTo enroll another child, use /add.",
        "You're in: I'll look for {names} in <b>{group}</b>, and send you the photos and clips "
        "they are in.\nTo enroll another child, use /add.",
        len(persons),
    ).format(names=names, group=group)


def still_waiting(group_title: str, waiting: Sequence[str]) -> str:
    """Back in the group: the reader's people its organizers have not approved there (the
    person, or the reader as its guardian), asked before and still waiting, so no new "⏳"
    names them; those refused there are ``still_rejected``."""
    names = bold_list(waiting)
    return _(
        "Nothing of {names} comes to you from <b>{group}</b> until its organizers give their "
        "approval."
    ).format(names=names, group=isolated(e(group_title)))


def still_rejected(group_title: str, rejected: Sequence[str]) -> str:
    """Back in the group: the reader's people its organizers refused there (the person, or
    the reader as its guardian): said as the refusal it is, no decision to wait for
    (walkmore 1)."""
    names = bold_list(rejected)
    return ngettext(
        "{names} isn't approved in <b>{group}</b>: if it's a mistake, talk to the organizers; "
        "adding photos from /persons asks them again.",
        "{names} aren't approved in <b>{group}</b>: if it's a mistake, talk to the organizers; "
        "adding photos from /persons asks them again.",
        len(rejected),
    ).format(names=names, group=isolated(e(group_title)))


def joined_again(said: str, group_title: str, retention_days: int | None) -> str:
    """Joining a group after agreeing before (in another group, or as a co-guardian): how
    long this group keeps the faces of its photos is new to the reader. ``said``: what
    ``joined`` said; drawn again with the group's keep as it is now once its organizers
    changed it (findings21 15)."""
    return f"{said}\n\n{group_retention(group_title, retention_days)}"


def welcome_back(groups: Sequence[str], persons: Sequence[tuple[str, str]]) -> str:
    where = bold_list(groups)
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


# --- general ---


def help_text(organized: Sequence[tuple[str, str | None]] = ()) -> str:
    """The private /help: one message in every language; what I keep is /privacy's.
    ``organized``: the groups the reader organizes (title, its admin chat's title, None
    when never seen): where their tools are, instead of how to link an admin chat
    (walkmore 7)."""
    text = _(
        "I find your child in the photos and clips of your group chats and send you just "
        "those, privately.\n\n"
        "/add [name] enroll someone with 3-10 photos of their face, or a short clip of it\n"
        "/persons the people you enrolled: rename, birth date, add photos or a clip, merge, "
        "pause, invite a co-guardian, delete\n"
        "/history recent changes, with undo\n"
        "/settings send me what I post too: off or on; questions as they come, once a day or "
        "every 5 or 10\n"
        "/language the language I write to you in\n"
        "/privacy what exactly I keep about you, and for how long\n"
        "/export everything I hold about you\n"
        "/forget delete everything about you\n"
        "/cancel stop what you're doing\n"
        "/help this message\n\n"
        "To join a group, open the link I posted in its chat.\n\n"
        "Photos and clips of a paused person are held, not sent; when you resume them I offer "
        "those in one batch.\n\n"
        "Organizing a group? Its admins send /admin in the group to link a chat for the "
        "organizers, where they approve new people, take photos and clips down, read the "
        "audit and change settings; /help there lists those tools."
    )
    if not organized:
        return text
    lines = [
        _("You organize <b>{group}</b>: its tools are in <b>{chat}</b> (/help there).").format(
            group=isolated(e(group)), chat=isolated(e(chat))
        )
        if chat
        else _(
            "You organize <b>{group}</b>: its tools are in its admin chat (/help there)."
        ).format(group=isolated(e(group)))
        for group, chat in organized
    ]
    # Its last paragraph ("Organizing a group?…") says where their tools are instead.
    return text.rsplit("\n\n", 1)[0] + "\n\n" + "\n".join(lines)


def unknown_command() -> str:
    return _("I don't know that command. /help lists what I can do.")


def only_photos() -> str:
    return _("I only work with photos and clips. Send /help to see what I can do.")


COMMANDS = (
    ("add", N_("enroll someone (3-10 photos or a clip)")),
    ("persons", N_("the people you enrolled")),
    ("history", N_("recent changes, with undo")),
    ("settings", N_("your own posts, how questions come")),
    ("language", N_("the language I write to you in")),
    ("export", N_("everything I hold about you")),
    ("privacy", N_("what exactly I store, and for how long")),
    ("forget", N_("delete everything about you")),
    ("done", N_("finish adding photos and clips")),
    ("cancel", N_("stop what you're doing")),
    ("agree", N_("agree to how I use your data")),
    ("help", N_("how facedrop works")),
)
