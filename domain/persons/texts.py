"""What managing persons says to people (HTML parse mode)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime
from functools import partial

from babel.lists import format_list

from domain.enrollment.texts import action_label
from domain.languages import dates as datefmt
from domain.languages.catalogs import (
    N_,
    _,
    current_language,
    either,
    isolated,
    joined,
    ngettext,
    right_to_left_lines,
)
from domain.languages.markup import bold_list, e
from domain.languages.texts import button_expired, counted_clips, counted_photos
from domain.onboarding.texts import what_i_do
from domain.persons.rules import DecidedSince, InviteEnd
from domain.persons.stores import KeptOut

# --- persons ---


def no_persons(refusal: str | None) -> str:
    """/persons with nobody to list: what the user can do next (what /add would say first,
    ``enrollment.service.Refusal``, when it would refuse)."""
    if refusal == "needs_group":
        return _(
            "Your list of people is empty. To enroll someone, first open the link I posted in "
            "your group's chat; then send /add."
        )
    if refusal == "needs_consent":
        return _(
            "Your list of people is empty. To enroll someone, first open your group's link and "
            'tap "I agree"; then send /add.'
        )
    # True for a newcomer, for one who deleted their people or everything (/forget) and for
    # a co-guardian who left ("You haven't enrolled anyone" was untrue to each but the first).
    return _("Your list of people is empty. Use /add to enroll someone.")


def persons_list(rows: Sequence[tuple[str, str, int]], refusal: str | None = None) -> str:
    """``refusal``: with no rows, what /add would refuse first (``no_persons``)."""
    if not rows:
        return no_persons(refusal)
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


def list_as_of(time: str) -> str:
    """Under a /persons list no change will edit any more (two newer ones are kept)."""
    return _("<i>As of {time}. Send /persons for the list as it is now.</i>").format(
        time=isolated(time)
    )


# Read as _(PERSON_STATUS[status]).
PERSON_STATUS = {
    "enrolling": N_("enrollment not finished"),
    "needs_photos": N_("faces forgotten: add photos or a clip to enroll again"),
    "indexing": N_("being learned"),
    "pending_approval": N_("waiting for an organizer's approval"),
    # rules.NOT_APPROVED: the organizers rejected it (a group on a card: its own words).
    "not_approved": N_("not approved by the organizers"),
    # rules.NOT_APPROVED_YOU, a group on a card: they rejected the reader as its guardian.
    "not_approved_you": N_("you were not approved as a guardian"),
    "active": N_("active"),
    "paused": N_("paused"),
}


def in_no_group(name: str) -> str:
    """rules.IN_NO_GROUP: the reader is in none of my groups (never opened a link, left, or
    unbanned and not back): nothing comes to them until they open one's link. Not "not in
    any of your groups": Telegram may say they are in one of the person's groups, whose link
    they never opened (issue 32; it is asked only when they accept an invitation). It names
    the person (findings23 12: "their" after one child read in Hebrew as the groups')."""
    return _(
        "no photos or clips of {name} come to you until you open my link in a group's chat"
    ).format(name=isolated(e(name)))


def not_approved_elsewhere(name: str, count: int) -> str:
    """rules.NOT_APPROVED_ELSEWHERE: the reader is in none of my groups, and the organizers
    of each of the person's groups (``count``, its other guardians', not named to the
    reader) rejected it: "open my link to get its photos" promised what none of them sends.
    Whether Telegram says the reader is in one of them or not (issue 32: "and not in any of
    your groups" was untrue of one in it who never opened its link)."""
    return ngettext(
        "not approved by the organizers of {name}'s group: no photos or clips of {name} come "
        "to you",
        "not approved by the organizers of {name}'s {count} groups: no photos or clips of "
        "{name} come to you",
        count,
    ).format(name=isolated(e(name)), count=count)


def not_approved_in(
    groups: Sequence[str], reasons: Mapping[str, str] | None = None, own: Sequence[str] = ()
) -> str:
    """A person's status on its card and in /persons when the organizers of every one of
    the reader's groups rejected it: where, and the way forward each group's reason code
    (``reasons``, title: code) leaves, as the rejection message says it (findings21 2:
    "Enrolled already" read "adding photos asks the organizers again", which only asks
    them the same). ``own``: the reader's other persons, which "Enrolled already" may mean
    (findings32 4: it said only "already enrolled by another parent" to a parent who had
    enrolled the same child twice herself)."""
    by_way: dict[Callable[[str], str], list[str]] = {}
    perhaps_yours = partial(_not_approved_perhaps_yours, own=tuple(own))
    for group in groups:
        way = _way_of((reasons or {}).get(group, ""))
        if way is _not_approved_ask_for_an_invitation and own:
            way = perhaps_yours
        by_way.setdefault(way, []).append(group)
    return "; ".join(way(joined(isolated(e(g)) for g in named)) for way, named in by_way.items())


def _way_of(reason: str) -> Callable[[str], str]:
    """The way forward a rejection's reason leaves: photos (and a reason not known) ask
    again with photos; "Enrolled already" asks the other parent for an invitation (or, to
    a reader with other persons, to merge it with the one it is); "Not of this group" and
    "Other" ask to talk to the organizers."""
    if reason == "duplicate":
        return _not_approved_ask_for_an_invitation
    if reason in ("photos", ""):
        return _not_approved_add_photos
    return _not_approved_talk_to_them


def _not_approved_add_photos(groups: str) -> str:
    return _("not approved in {groups}: adding photos asks the organizers again").format(
        groups=groups
    )


def _not_approved_ask_for_an_invitation(groups: str) -> str:
    return _(
        "not approved in {groups}: already enrolled by another parent, ask them to invite "
        'you ("{invite}" on their card)'
    ).format(groups=groups, invite=action_label("invite"))


def _not_approved_perhaps_yours(groups: str, *, own: tuple[str, ...]) -> str:
    """ "Enrolled already", said to a reader who guards other persons: perhaps by them, as
    one of those (then the two are merged), else by another parent."""
    return _(
        "not approved in {groups}: already enrolled. If that's your {names}, merge the two "
        '("{merge}" on the card); if another parent enrolled them, ask them to invite you '
        '("{invite}" on their card)'
    ).format(
        groups=groups,
        names=either(isolated(e(name)) for name in own),
        merge=action_label("merge"),
        invite=action_label("invite"),
    )


def _not_approved_talk_to_them(groups: str) -> str:
    return _("not approved in {groups}: if it's a mistake, talk to the organizers").format(
        groups=groups
    )


def turned_off_in(groups: Sequence[str]) -> str:
    """A person's status on its card and in /persons when the reader is in none of their
    groups because the organizers of these turned facedrop off for them (/ban)."""
    return _("turned off for you by the organizers of {groups}").format(
        groups=joined(isolated(e(g)) for g in groups)
    )


def not_approved_as_guardian_in(name: str, groups: Sequence[str]) -> str:
    """A person's status on a co-guardian's card and /persons when the organizers of each
    of the reader's groups rejected the reader as its guardian (or the person): their
    decision stands (asking again, leaving and coming back ask nothing), and only their
    undo from /audit changes it."""
    return _(
        "the organizers of {groups} did not approve you as a guardian of {name}: only they can "
        "change that"
    ).format(groups=", ".join(isolated(e(g)) for g in groups), name=isolated(e(name)))


# --- managing persons ---


def cancel_button() -> str:
    return _("No, keep it")


def person_card(
    card_name: str,
    status: str,
    born: str | None,
    guardians: Sequence[GuardianShown],
    groups: Sequence[str],
    other_groups: int,
    delivered: int,
    faces: int,
    delivered_clips: int = 0,
    waiting: Collection[str] = (),
    refused: Collection[str] = (),
    refused_you: Collection[str] = (),
) -> str:
    """``guardians``: each guardian's name, whether it is the reader (and, of another, the
    reader's groups that did not approve them, and those that have not decided yet); ``delivered``:
    the photos with the person's face delivered, ``delivered_clips`` the clips; ``waiting``:
    the groups of ``groups`` where an organizer's approval is awaited, ``refused`` those
    whose organizers rejected the person, ``refused_you`` those that rejected the reader
    as its guardian."""
    lines = [f"<b>{isolated(e(card_name))}</b> · {status}"]
    if born:
        lines.append(_("Born: {date}").format(date=born))
    lines.append(_("Guardians: {names}").format(names=", ".join(_guardian(g) for g in guardians)))
    named = ", ".join(
        f"{isolated(e(g))} ({_(PERSON_STATUS['not_approved'])})"
        if g in refused
        else f"{isolated(e(g))} ({_(PERSON_STATUS['not_approved_you'])})"
        if g in refused_you
        else f"{isolated(e(g))} ({_(PERSON_STATUS['pending_approval'])})"
        if g in waiting
        else isolated(e(g))
        for g in groups
    )
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
                # "that I know of": Telegram may say the reader is in it, though they never
                # opened its link (issue 32: "none of yours" was untrue of them).
                "Groups: none of yours that I know of (and {count} of another guardian)",
                "Groups: none of yours that I know of (and {count} of another guardian)",
                other_groups,
            ).format(count=other_groups)
        )
    else:
        lines.append(_("Groups: none"))
    if delivered_clips:
        lines.append(
            _("Photos delivered: {delivered} · clips: {clips} · learned faces: {faces}").format(
                delivered=delivered, clips=delivered_clips, faces=faces
            )
        )
    else:
        lines.append(
            _("Photos delivered: {delivered} · learned faces: {faces}").format(
                delivered=delivered, faces=faces
            )
        )
    return "\n".join(lines)


# A guardian as a card or its "Guardians" names them: the name, whether it is the reader,
# and (another guardian) the reader's groups whose organizers did not approve them as the
# person's guardian, and those that have not decided yet.
GuardianShown = (
    tuple[str, bool]
    | tuple[str, bool, Sequence[str], Sequence[str]]
    | tuple[str, bool, Sequence[str], Sequence[str], Sequence[str]]
)


def _guardian(guardian: GuardianShown) -> str:
    """A guardian on a person's card; "(you)" stays outside the name's isolate, in the
    sentence's direction: "Dana (you)" in Hebrew is not "(אתם) Dana". Another guardian
    whom a group's organizers rejected, or have not approved yet, says so: named plainly,
    they read as getting the person's photos there (findings13 5); so does one they
    banned (walk32 3)."""
    name, is_you = guardian[0], guardian[1]
    refused, waiting = (guardian[2], guardian[3]) if len(guardian) >= 4 else ((), ())
    banned = guardian[4] if len(guardian) == 5 else ()
    named = isolated(e(name))
    if is_you:
        return _("{name} (you)").format(name=named)
    if banned:
        return _("{name} (turned off by the organizers of {groups})").format(
            name=named, groups=", ".join(isolated(e(g)) for g in banned)
        )
    if refused:
        return _("{name} (not approved in {groups})").format(
            name=named, groups=", ".join(isolated(e(g)) for g in refused)
        )
    if waiting:
        return _("{name} (waiting for approval in {groups})").format(
            name=named, groups=", ".join(isolated(e(g)) for g in waiting)
        )
    return named


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


def person_deleted_since() -> str:
    """``person_being_deleted`` once done: its name went with it (issue 32)."""
    return _("That child was deleted, so that button does nothing now.")


def deleted_here(name: str, who: str | None, *, you: bool, faces_only: bool = False) -> str:
    """What a card or an open question about a person says once the person (``faces_only``:
    its faces) was deleted, where Telegram no longer lets the bot delete it (older than 48
    hours): it shows neither the face nor a button, and says who did it (``you``: the
    reader; ``who``: another guardian's first name; neither: not known). Findings18 3: such
    a card kept "active", the face and ten buttons after "Deleted Zoe's data."."""
    if faces_only:
        if you:
            text = _("You deleted every face of <b>{name}</b>.")
        elif who:
            text = _("{who} deleted every face of <b>{name}</b>.")
        else:
            text = _("Every face of <b>{name}</b> was deleted.")
    elif you:
        text = _("You deleted <b>{name}</b>.")
    elif who:
        text = _("{who} deleted <b>{name}</b>.")
    else:
        text = _("<b>{name}</b> was deleted.")
    return text.format(name=isolated(e(name)), who=isolated(e(who or "")))


def deleted_here_unnamed(who: str | None, *, faces_only: bool = False) -> str:
    """``deleted_here`` in another guardian's chat (by ``who``; None: not known), as kept
    once the person was deleted: its name went with it (issue 32); ``faces_only``: its
    faces, kept since without the name (review36 3: a row too old to know the person)."""
    if faces_only and who:
        return _("{who} deleted every face of a child you guarded.").format(who=isolated(e(who)))
    if faces_only:
        return _("Every face of a child you guarded was deleted.")
    if who:
        return _("{who} deleted a child you guarded.").format(who=isolated(e(who)))
    return _("A child you guarded was deleted.")


def stale_card() -> str:
    """Plain text (a popup): a card of a person who is not the reader's (any more: deleted,
    or they left) was pressed; it says nothing about that person."""
    return _("This card is out of date: that person isn't one of yours (any more).")


def person_merged_into(name: str) -> str:
    return _("That person was merged into {name}: open {name} in /persons instead.").format(
        name=isolated(e(name))
    )


def card_merged_away(name: str, into: str) -> str:
    """A card of a person merged into another since, too old for Telegram to delete: what
    it says instead, with no buttons."""
    return _("{name} was merged into {into}: open {into} in /persons.").format(
        name=isolated(e(name)), into=isolated(e(into))
    )


def card_merge_undone(name: str, into: str) -> str:
    """A card of a person merged into another, too old for Telegram to delete, once that
    merge was undone: what it says instead of "merged into", with no buttons."""
    return _(
        "{name} was merged into {into}, and that merge was undone since: open {name} in /persons."
    ).format(name=isolated(e(name)), into=isolated(e(into)))


def already_paused(name: str, paused: bool) -> str:
    if paused:
        return _("<b>{name}</b> is already paused.").format(name=isolated(e(name)))
    return _("<b>{name}</b> isn't paused: I'm already sending their photos and clips.").format(
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


def renamed_by(who: str | None, was: str, name: str) -> str:
    """To the person's other guardians, once one of them renamed it: their copies and cards
    say the new name from now on. ``who`` None: said again once the renamer deleted their
    data (/forget took their name)."""
    if who is None:
        return _("Another guardian renamed <b>{was}</b> to <b>{name}</b>.").format(
            was=isolated(e(was)), name=isolated(e(name))
        )
    return _("{who} renamed <b>{was}</b> to <b>{name}</b>.").format(
        who=isolated(e(who)), was=isolated(e(was)), name=isolated(e(name))
    )


def birth_date_set(name: str, day: str) -> str:
    return _(
        "Saved: <b>{name}</b> was born on {day}. From now on, photos and clips posted before "
        "that day won't be matched to them."
    ).format(name=isolated(e(name)), day=day)


def card_out_of_date(name: str) -> str:
    """Plain text (a popup): an older card, from before a rename, was pressed."""
    return _("This card is out of date: the name is {name} now. Here is the current card.").format(
        name=isolated(name)
    )


def card_replaced() -> str:
    """A card too old to delete once newer cards of its person were sent: it names no one
    and has no buttons (nothing keeps it up to date any more)."""
    return _("This card is out of date: the newest card of this person is further down.")


def paused(name: str) -> str:
    """To the guardian who paused the person: named, as who has two is to know which."""
    return _(
        "Paused <b>{name}</b>: I'll keep recognizing them in new group photos and clips but hold "
        "those instead of sending them. When you resume, I'll offer you the held photos and clips "
        "in one batch."
    ).format(name=isolated(e(name)))


def paused_then_resumed(name: str) -> str:
    """``paused`` once the person was resumed (by its reader or another guardian): what it
    did, in the past (issue 32: "When you resume, I'll offer you…" stood after the resume)."""
    return _("Paused <b>{name}</b> for a while: resumed since.").format(name=isolated(e(name)))


def resumed(name: str) -> str:
    return _("Resumed <b>{name}</b>: I'll send their photos and clips again.").format(
        name=isolated(e(name))
    )


def resumed_then_paused(name: str) -> str:
    """``resumed`` once the person was paused again (by its reader or another guardian):
    what it did, in the past (issue 32: "I'll send their photos…" stood after the pause)."""
    return _("Resumed <b>{name}</b> for a while: paused again since.").format(
        name=isolated(e(name))
    )


def paused_by(who: str | None, name: str, *, alone: bool = False) -> str:
    """To the person's other guardians, once one of them paused it (their card says so too);
    ``who`` None: as ``renamed_by``'s; ``alone``: the reader is its only guardian now (the
    one who paused it left, or deleted their data), so no "one of you" resumes it."""
    if alone and who is None:
        return _(
            "Another guardian of <b>{name}</b> paused them: I'll hold new photos and clips of "
            "them instead of sending them until you resume, and then offer you the held ones."
        ).format(name=isolated(e(name)))
    if alone:
        return _(
            "{who} paused <b>{name}</b>: I'll hold new photos and clips of them instead of "
            "sending them until you resume, and then offer you the held ones."
        ).format(who=isolated(e(who or "")), name=isolated(e(name)))
    if who is None:
        return _(
            "Another guardian of <b>{name}</b> paused them: I'll hold new photos and clips of "
            "them instead of sending them until one of you resumes, and then offer you the "
            "held ones."
        ).format(name=isolated(e(name)))
    return _(
        "{who} paused <b>{name}</b>: I'll hold new photos and clips of them instead of sending "
        "them until one of you resumes, and then offer you the held ones."
    ).format(who=isolated(e(who)), name=isolated(e(name)))


def paused_by_then_resumed(who: str | None, name: str) -> str:
    """``paused_by`` once the person was resumed (by any of its guardians): what was done,
    in the past (issue 32: "… until one of you resumes" stood after the resume)."""
    if who is None:
        return _(
            "Another guardian of <b>{name}</b> paused them for a while: resumed since."
        ).format(name=isolated(e(name)))
    return _("{who} paused <b>{name}</b> for a while: resumed since.").format(
        who=isolated(e(who)), name=isolated(e(name))
    )


def resumed_by_then_paused(who: str | None, name: str) -> str:
    """``resumed_by`` once the person was paused again (by any of its guardians), as
    ``resumed_then_paused``."""
    if who is None:
        return _(
            "Another guardian of <b>{name}</b> resumed them for a while: paused again since."
        ).format(name=isolated(e(name)))
    return _("{who} resumed <b>{name}</b> for a while: paused again since.").format(
        who=isolated(e(who)), name=isolated(e(name))
    )


def resumed_by(who: str | None, name: str) -> str:
    """To the person's other guardians, once one of them resumed it; ``who`` None: as
    ``renamed_by``'s."""
    if who is None:
        return _(
            "Another guardian of <b>{name}</b> resumed them: I'll send their photos and clips "
            "again."
        ).format(name=isolated(e(name)))
    return _("{who} resumed <b>{name}</b>: I'll send their photos and clips again.").format(
        who=isolated(e(who)), name=isolated(e(name))
    )


def paused_by_before_forget(who: str | None, name: str) -> str:
    """``paused_by`` (or ``resumed_by``: ``resumed``) in the chat of one who deleted
    everything with /forget since: what was done, in the past, and that they were a
    guardian then (walk36 N2: "…until one of you resumes" promised them an offer still)."""
    if who is None:
        fact = _("Another guardian paused <b>{name}</b>.").format(name=isolated(e(name)))
    else:
        fact = _("{who} paused <b>{name}</b>.").format(who=isolated(e(who)), name=isolated(e(name)))
    return f"{fact} {you_were_guardian_brief([name])}"


def resumed_by_before_forget(who: str | None, name: str) -> str:
    """``resumed_by`` in the chat of one who deleted everything with /forget since, as
    ``paused_by_before_forget`` (walk36 N2: "I'll send their photos and clips again")."""
    if who is None:
        fact = _("Another guardian resumed <b>{name}</b>.").format(name=isolated(e(name)))
    else:
        fact = _("{who} resumed <b>{name}</b>.").format(
            who=isolated(e(who)), name=isolated(e(name))
        )
    return f"{fact} {you_were_guardian_brief([name])}"


def held_offer(name: str, photos: int, clips: int = 0, *, groups: Sequence[str]) -> str:
    """On resume: the photos and the clips of the person held while it was paused (posted
    then, or answered then), and the groups they are from (a parent in two can tell which)."""
    where = format_list([f"<b>{isolated(e(g))}</b>" for g in groups], locale=current_language())
    if not clips:
        return ngettext(
            "While <b>{name}</b> was paused, I held {count} photo of them from {groups}. Send it?",
            "While <b>{name}</b> was paused, I held {count} photos of them from {groups}. "
            "Send them?",
            photos,
        ).format(name=isolated(e(name)), count=photos, groups=where)
    if not photos:
        return ngettext(
            "While <b>{name}</b> was paused, I held {count} clip of them from {groups}. Send it?",
            "While <b>{name}</b> was paused, I held {count} clips of them from {groups}. "
            "Send them?",
            clips,
        ).format(name=isolated(e(name)), count=clips, groups=where)
    return _(
        "While <b>{name}</b> was paused, I held {photos} and {clips} of them from {groups}. "
        "Send them?"
    ).format(
        name=isolated(e(name)),
        photos=counted_photos(photos),
        clips=counted_clips(clips),
        groups=where,
    )


def held_sent(photos: int, clips: int = 0) -> str:
    if not clips:
        return ngettext("Sending {count} photo.", "Sending {count} photos.", photos).format(
            count=photos
        )
    if not photos:
        return ngettext("Sending {count} clip.", "Sending {count} clips.", clips).format(
            count=clips
        )
    return _("Sending {photos} and {clips}.").format(
        photos=counted_photos(photos), clips=counted_clips(clips)
    )


def person_paused(name: str) -> str:
    """Plain text: used as a button's answer."""
    return _("{name} is paused. Resume them first, then answer again.").format(name=isolated(name))


def held_dropped(photos: int, clips: int = 0) -> str:
    """The answer to "No" on what was held while paused: a clip's own words, as Hebrew and
    Spanish speak of a clip ("אותו", "lo") in another gender than of a photo ("אותה", "la")."""
    if not clips:
        return ngettext("OK, I won't send it.", "OK, I won't send them.", photos)
    if not photos:
        return ngettext("OK, I won't send the clip.", "OK, I won't send the clips.", clips)
    return _("OK, I won't send the photos and clips.")


def held_already() -> str:
    return _("Already done.")


def held_since_paused_again(name: str) -> str:
    """The offer on resume, once the person was paused again before it was answered: closed
    (issue 32: "Send it?" stood while paused, and its count beside the next resume's)."""
    return _(
        "While <b>{name}</b> was paused, I held photos or clips of them. This offer closed when "
        "they were paused again: the next resume offers everything held."
    ).format(name=isolated(e(name)))


def held_taken_down(name: str) -> str:
    """The offer on resume, once the organizers took down every photo and clip it counted."""
    return _(
        "While <b>{name}</b> was paused, I held photos or clips of them, but the organizers "
        "have since taken them down: nothing to send."
    ).format(name=isolated(e(name)))


def held_since_deleted(name: str) -> str:
    """The offer on resume, once its person was deleted (HTML, ``name`` kept from it)."""
    return _("<b>{name}</b> has since been deleted: nothing to send.").format(
        name=isolated(e(name))
    )


def held_gone() -> str:
    """A press of the offer's button once its person was deleted (its name is
    no longer stored)."""
    return _("That person has since been deleted: nothing to send.")


def held_since_faces_forgotten(name: str) -> str:
    """The offer on resume, once every face of its person was deleted ("Forget faces"):
    the held photos were found by those faces, which are gone."""
    return _(
        "Since then every face of <b>{name}</b> was deleted, with what I had found of them: "
        "nothing to send."
    ).format(name=isolated(e(name)))


def held_since_forgotten() -> str:
    """The offer on resume, in the chat of one who deleted everything with /forget."""
    return _("You deleted everything I had about you: nothing to send.")


def held_out_of_group(groups: Sequence[str]) -> str:
    """A press of the offer's button while the guardian is out of the groups
    the photos were held from: kept for their return."""
    return _(
        "I can't send them while you're not in {groups}. Answer again once you're back."
    ).format(groups=bold_list(groups))


def held_banned(groups: Sequence[str]) -> str:
    """A press of the offer's button (plain text), or the offer itself, once the
    organizers of the groups the photos were held from turned my service off for the
    guardian: a ban cancels what was held from there."""
    return _(
        "The organizers of {groups} have turned my service off for you since: what I held "
        "from there won't be sent."
    ).format(groups=bold_list(groups))


def no_other_person() -> str:
    return _("You have no other person to merge with.")


def merge_unfinished(names: Sequence[str]) -> str:
    """ "Merge with…" when the reader's other persons are enrollments not finished: nobody
    to merge with yet (walkhe 5)."""
    return ngettext(
        "The enrollment of {names} isn't finished, so there is nobody to merge with yet: open "
        "/persons to finish it or cancel it.",
        "The enrollments of {names} aren't finished, so there is nobody to merge with yet: "
        "open /persons to finish them or cancel them.",
        len(names),
    ).format(names=joined(f"<b>{isolated(e(name))}</b>" for name in names))


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


def merge_newcomer(guardian: str, guards: str, gains: str, waits_in: Sequence[str] = ()) -> str:
    """A merge's confirmation on another guardian of one of the two, who will get the
    other one's photos too (they become a guardian of the merged child); from the groups
    ``waits_in`` only once their organizers approve (walkhe 3: "will get" was said while
    both waited)."""
    names = {
        "guardian": isolated(e(guardian)),
        "guards": isolated(e(guards)),
        "gains": isolated(e(gains)),
    }
    if waits_in:
        return _(
            "{guardian}, {guards}'s other guardian, will get {gains}'s photos and clips too; "
            "from {groups}, only once the organizers there approve."
        ).format(groups=joined(isolated(e(g)) for g in waits_in), **names)
    return _(
        "{guardian}, {guards}'s other guardian, will get {gains}'s photos and clips too."
    ).format(**names)


def merge_standing(group: str, stricter: str, other: str, rejected: bool) -> str:
    """A merge's confirmation on a group where one of the two is not approved: merged,
    whichever name stays, the other is not approved there either (findings24 6)."""
    if rejected:
        text = _(
            "{stricter} isn't approved in {group}: after the merge, whichever name stays, I "
            "won't send photos or clips from {group} for {other} either."
        )
    else:
        text = _(
            "{stricter} isn't approved in {group} yet: after the merge, whichever name stays, "
            "{other} waits for the organizers of {group} too."
        )
    return text.format(
        stricter=isolated(e(stricter)), other=isolated(e(other)), group=isolated(e(group))
    )


def merged_by(
    who: str | None,
    kept: str,
    removed: str,
    guards: str,
    gains: str,
    waits_in: Sequence[str] = (),
) -> str:
    """To another guardian of either person, once a merge is done: who merged them (None:
    one who deleted their data since, said again at a rename), and (``gains``) whose photos
    they get from now on, named as before the merge; from the groups ``waits_in`` only
    once their organizers approve (walkhe 3)."""
    if who is None:
        text = _(
            "<b>{removed}</b> was merged into <b>{kept}</b>: they are one child now, called "
            "<b>{kept}</b>."
        ).format(removed=isolated(e(removed)), kept=isolated(e(kept)))
    else:
        text = _(
            "{who} merged <b>{removed}</b> into <b>{kept}</b>: they are one child now, called "
            "<b>{kept}</b>."
        ).format(who=isolated(e(who)), removed=isolated(e(removed)), kept=isolated(e(kept)))
    if not gains:
        return text
    if waits_in:
        more = _(
            "You were a guardian of {guards} only, so you'll get the photos and clips of "
            "{gains} too; from {groups}, only once the organizers there approve."
        ).format(
            guards=isolated(e(guards)),
            gains=isolated(e(gains)),
            groups=joined(isolated(e(g)) for g in waits_in),
        )
        return f"{text} {more}"
    more = _(
        "You were a guardian of {guards} only, so from now on you'll get the photos and clips of {gains} too."
    )
    return f"{text} " + more.format(guards=isolated(e(guards)), gains=isolated(e(gains)))


def confirm_merge(
    keep: str,
    drop: str,
    keep_has_cover: bool,
    births: str = "",
    guardians: str = "",
    forgotten: Sequence[str] = (),
    together: int = 0,
    standings: Sequence[str] = (),
) -> str:
    """Asked once before a merge: which name (and the card's picture) stays; ``births``:
    what becomes of the birth dates (``merge_birth_dates``); ``guardians``: who gets more
    photos (``merge_newcomer`` lines); ``forgotten``: which of the two had their faces
    forgotten, whose copies sent keep their name either way; ``together``: in how many
    photos and clips both are, side by side (said first: almost surely two children);
    ``standings``: the groups where the merged child will not be approved
    (``merge_standing``)."""
    if keep_has_cover:
        text = _(
            "Merge <b>{drop}</b> into <b>{keep}</b>?\n"
            "The name <b>{keep}</b> and {keep}'s card picture stay. {drop}'s faces, photos and "
            "clips move to {keep}, and {drop} leaves your list. You can undo this from /history."
        )
    else:
        text = _(
            "Merge <b>{drop}</b> into <b>{keep}</b>?\n"
            "The name <b>{keep}</b> stays. {drop}'s faces, photos and clips move to {keep}, and {drop} "
            "leaves your list. You can undo this from /history."
        )
    text = text.format(keep=isolated(e(keep)), drop=isolated(e(drop)))
    kept_names = [
        _(
            "<b>{name}</b>'s faces were forgotten: the photos and clips of {name} already sent "
            "keep that name, whichever name stays."
        ).format(name=isolated(e(name)))
        for name in forgotten
    ]
    both = (
        ngettext(
            "⚠️ <b>{drop}</b> and <b>{keep}</b> are both in {count} photo or clip together: "
            "are they really the same child?",
            "⚠️ <b>{drop}</b> and <b>{keep}</b> are both in {count} photos or clips together: "
            "are they really the same child?",
            together,
        ).format(drop=isolated(e(drop)), keep=isolated(e(keep)), count=together)
        if together
        else ""
    )
    parts = (both, text, *standings, *kept_names, births, guardians)
    return "\n".join(part for part in parts if part)


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


def merge_redone(kept: str, removed: str) -> str:
    """The "Merged … into …" message of a merge undone from /history, once the two were
    merged again (walken3 8: it kept "… are two persons again")."""
    return _(
        "Merged <b>{removed}</b> into <b>{kept}</b>, then undone from the history; the two "
        "were merged again since."
    ).format(removed=isolated(e(removed)), kept=isolated(e(kept)))


def merge_said_deleted(kept: str, removed: str, deleted: str, *, undone: bool) -> str:
    """The "Merged … into …" message once ``deleted`` (one of the two) was deleted
    (findings25 11: it kept "… are two persons again" of a child who no longer exists);
    ``undone``: the merge had been undone from /history."""
    if undone:
        return _(
            "Merged <b>{removed}</b> into <b>{kept}</b>, then undone from the history; "
            "<b>{deleted}</b> was deleted since."
        ).format(removed=isolated(e(removed)), kept=isolated(e(kept)), deleted=isolated(e(deleted)))
    return _("Merged <b>{removed}</b> into <b>{kept}</b>; <b>{kept}</b> was deleted since.").format(
        removed=isolated(e(removed)), kept=isolated(e(kept))
    )


def merge_said_faces_forgotten(kept: str, removed: str) -> str:
    """The "Merged … into … You can undo it from the history." message once every face of
    ``kept`` was deleted ("Forget faces"): the faces the merge moved went with them, and
    /history refuses its undo (issue 32)."""
    return _(
        "Merged <b>{removed}</b> into <b>{kept}</b>; every face of <b>{kept}</b> was deleted "
        "since, so it can't be undone."
    ).format(removed=isolated(e(removed)), kept=isolated(e(kept)))


def merge_said_both_deleted(*, undone: bool) -> str:
    """The "Merged … into …" message once both persons were deleted, one after the other
    (the first one's name went with it: the message said "<first> was deleted since" and
    named only that one); ``undone``: the merge had been undone from /history."""
    if undone:
        return _(
            "Merged two persons, then undone from the history; both were deleted since: I "
            "keep nothing of either."
        )
    return _("Merged two persons; both were deleted since: I keep nothing of either.")


def merged_by_undone(who: str | None, kept: str, removed: str) -> str:
    """A merge's news (``merged_by``) redrawn at a rename once the merge was undone: the
    merge in the past, and its undo (issue 32: it said "they are one child now")."""
    if who is None:
        return _(
            "<b>{removed}</b> was merged into <b>{kept}</b>; that merge has since been undone: "
            "they are two persons again."
        ).format(removed=isolated(e(removed)), kept=isolated(e(kept)))
    return _(
        "{who} merged <b>{removed}</b> into <b>{kept}</b>; that merge has since been undone: "
        "they are two persons again."
    ).format(who=isolated(e(who)), removed=isolated(e(removed)), kept=isolated(e(kept)))


def merge_undone_by(who: str | None, kept: str, removed: str, only: str = "") -> str:
    """To another guardian of either person, once the merge they were told of is undone
    (``merged_by``); ``only``: the one of the two they guard, when they guard one only
    (they no longer get the other's photos). ``who`` None: said again at a rename, the one
    who undid it having deleted their data since."""
    if who is None:
        text = _(
            "The merge of <b>{removed}</b> into <b>{kept}</b> was undone: they are two persons "
            "again."
        ).format(removed=isolated(e(removed)), kept=isolated(e(kept)))
    else:
        text = _(
            "{who} undid the merge of <b>{removed}</b> into <b>{kept}</b>: they are two persons "
            "again."
        ).format(who=isolated(e(who)), removed=isolated(e(removed)), kept=isolated(e(kept)))
    if not only:
        return text
    more = _("You get the photos and clips of {only} only, as before the merge.")
    return f"{text} " + more.format(only=isolated(e(only)))


def invite_link(name: str, link: str) -> str:
    return _(
        "Send this link to the other guardian of <b>{name}</b>. It works once, for 48 hours:\n"
        "{link}"
    ).format(name=isolated(e(name)), link=link)


def invite_link_used(name: str, by: str) -> str:
    """Where an invitation's link was sent (``invite_link``), once it was used. ``by`` "":
    the one who used it deleted their data since (/forget), their name with it."""
    if not by:
        return _(
            "The link I made here to become a guardian of <b>{name}</b> was used, so it no "
            'longer works. To invite someone else, press the card\'s "{invite}" again.'
        ).format(name=isolated(e(name)), invite=action_label("invite"))
    return _(
        "{by} used the link I made here to become a guardian of <b>{name}</b>: it no longer "
        'works. To invite someone else, press the card\'s "{invite}" again.'
    ).format(by=isolated(e(by)), name=isolated(e(name)), invite=action_label("invite"))


def invite_link_expired(name: str, expired: datetime) -> str:
    """Where an invitation's link was sent (``invite_link``), once it expired unused
    (findings18 14: it kept offering the link as if it worked)."""
    return _(
        "The link I made here to become a guardian of <b>{name}</b> expired unused on {date}: "
        'it no longer works. To invite someone, press the card\'s "{invite}" again.'
    ).format(
        name=isolated(e(name)), date=datefmt.moment_zoned(expired), invite=action_label("invite")
    )


def invite_link_since_left(name: str) -> str:
    """Where an unused invitation's link was sent (``invite_link``, or its expiry), once
    its creator stopped being a guardian of the person, which deleted it."""
    return _(
        "The link I made here to become a guardian of <b>{name}</b> no longer works: since "
        "then you stopped being a guardian of {name}, so I deleted it unused."
    ).format(name=isolated(e(name)))


def invite_link_since_removed(name: str) -> str:
    """``invite_link_since_left``, where its owner removed the link's creator."""
    return _(
        "The link I made here to become a guardian of <b>{name}</b> no longer works: since "
        "then you were removed as a guardian of {name}, so I deleted it unused."
    ).format(name=isolated(e(name)))


def invite_link_used_since_forgotten(name: str, by: str) -> str:
    """``invite_link_used`` once its creator deleted everything with /forget: no card is
    left to invite from (it said to press the card's "Invite" again). ``by`` "": the one
    who used it deleted their data before (their name with it)."""
    if not by:
        return _(
            "The link I made here to become a guardian of <b>{name}</b> was used, so it no "
            "longer works. Since then you deleted everything I had about you."
        ).format(name=isolated(e(name)))
    return _(
        "{by} used the link I made here to become a guardian of <b>{name}</b>. Since then you "
        "deleted everything I had about you."
    ).format(by=isolated(e(by)), name=isolated(e(name)))


def invite_link_used_since_gone(name: str, by: str) -> str:
    """``invite_link_used`` once its creator stopped being a guardian of the person (left,
    or removed by its owner): no card is left to invite from (walk37A A2: it still said to
    press the card's "Invite" again). ``by`` "": the one who used it deleted their data
    since (/forget), their name with it. Said in the past: true should they come back."""
    if not by:
        return _(
            "The link I made here to become a guardian of <b>{name}</b> was used, so it no "
            "longer works. Since then you stopped being a guardian of {name}."
        ).format(name=isolated(e(name)))
    return _(
        "{by} used the link I made here to become a guardian of <b>{name}</b>. Since then you "
        "stopped being a guardian of {name}."
    ).format(by=isolated(e(by)), name=isolated(e(name)))


def invite_link_used_since_deleted(name: str, by: str) -> str:
    """``invite_link_used`` once the person was deleted: no card is left to invite from.
    ``by`` "": the one who used it deleted their data since (/forget), their name with it;
    that it was used stays the reason it no longer works (walk33 9: "no longer works:
    since then everything I had about Alicia was deleted")."""
    if not by:
        return _(
            "The link I made here to become a guardian of <b>{name}</b> was used, so it no "
            "longer works. {name} has since been deleted."
        ).format(name=isolated(e(name)))
    return _(
        "{by} used the link I made here to become a guardian of <b>{name}</b>. {name} has "
        "since been deleted."
    ).format(by=isolated(e(by)), name=isolated(e(name)))


def invite_link_since_deleted(name: str) -> str:
    """Where an unused invitation's link was sent (``invite_link``, or its expiry), once
    the person was deleted, which took the invitation too."""
    return _(
        "The link I made here to become a guardian of <b>{name}</b> no longer works: "
        "{name} has since been deleted."
    ).format(name=isolated(e(name)))


def invite_link_since_forgotten(name: str) -> str:
    """Where an invitation's link was sent (``invite_link``), once its creator deleted
    everything with /forget, which took the invitation too."""
    return _(
        "The link I made here to become a guardian of <b>{name}</b> no longer works: since "
        "then you deleted everything I had about you."
    ).format(name=isolated(e(name)))


def invitation(
    name: str,
    inviter: str,
    agreed_before: bool = False,
    in_a_group_unopened: bool = False,
    *,
    unapproved: int = 0,
) -> str:
    """A co-guardian's consent: the same facts a guardian joining a group reads; to a reader
    who agreed already (joining a group, or before), only the invitation. Who invited is
    named, so that a link forwarded by someone else does not read as theirs.
    ``in_a_group_unopened``: Telegram says the reader is in a group the person is looked
    for in, whose link they never opened (in it since before the bot came): not told to
    join it. The group is not named before they accept (the link may have been forwarded).
    ``unapproved``: with the reader in none of my groups, the person's groups, when the
    organizers of none approved it (rejected, or not decided yet): nothing of it comes
    until they do, which "receive" alone promised."""
    invited = invited_by(inviter, name)
    # Its own paragraph, not the last: accepting replaces the last one ("Accept?").
    said = [invited, not_approved_anywhere(name, unapproved)] if unapproved else [invited]
    if agreed_before:
        return "\n\n".join(
            [*said, _("You agreed to how I work already (/privacy has every detail). Accept?")]
        )
    return "\n\n".join(
        [
            *said,
            what_i_do(),
            _(
                "How long I keep the faces found in a group's photos and clips is up to its "
                "organizers: I tell you when you open the group's link (the button I posted "
                "in the group)."
            )
            if in_a_group_unopened
            else _(
                "How long I keep the faces found in a group's photos and clips is up to its "
                "organizers: I tell you when you join the group."
            ),
            _("Accepting is agreeing to this. Accept?"),
        ]
    )


def invited_by(inviter: str, name: str) -> str:
    """An invitation's first paragraph: who invited the reader to guard whom."""
    return _("{who} invited you to receive the photos and clips of <b>{name}</b>.").format(
        who=isolated(e(inviter)), name=isolated(e(name))
    )


def waited_when_accepted(name: str, groups: int, since: DecidedSince, *, line: bool) -> str:
    """Where an invitee who accepted was told the organizers of none of the person's
    ``groups`` (none of them the reader's) had approved it ("… until they do", "… while
    the organizers … have not approved"), once they decided (``since``): what stands now
    (walkhe2 8: it still promised the photos after the approval, and after the organizers
    rejected the reader). ``line``: the whole "You're now a guardian…" line, else the
    invitation's paragraph. The groups the reader is not in are not named."""
    named = isolated(e(name))
    said = [
        ngettext(
            "When you accepted, the organizers of {name}'s group had not approved {name}.",
            "When you accepted, the organizers of {name}'s {count} groups had not approved {name}.",
            groups,
        )
    ]
    if since.approved:
        said.append(
            ngettext(
                "They have since approved {name}.",
                "Since then, the organizers of at least one of them approved {name}.",
                groups,
            )
        )
    elif since.rejected:
        said.append(
            ngettext(
                "They have since decided not to approve {name}: no photos or clips of {name} "
                "come to you.",
                "Since then, the organizers of each of them decided not to approve {name}: no "
                "photos or clips of {name} come to you.",
                groups,
            )
        )
    if since.refused_you:
        said.append(
            _(
                "The organizers of {groups}, which you're in, have since decided not to approve "
                "you as a guardian of {name}: no photos or clips of {name} come to you from "
                "there."
            )
        )
    elif since.approved:
        said.append(_("/persons says where the photos and clips of {name} come to you from now."))
    if line:
        said.insert(0, _("You're now a guardian of <b>{name}</b>."))
    groups_named = joined(f"<b>{isolated(e(g))}</b>" for g in since.refused_you)
    return " ".join(said).format(name=named, count=groups, groups=groups_named)


def not_approved_anywhere(name: str, groups: int) -> str:
    """To one invited to guard a person that the organizers of none of its ``groups`` (the
    groups it is looked for in, none of them the reader's) approved."""
    return ngettext(
        "The organizers of {name}'s group have not approved {name}: no photos or clips of "
        "{name} come to you until they do.",
        "The organizers of {name}'s {count} groups have not approved {name}: no photos or "
        "clips of {name} come to you until they do.",
        groups,
    ).format(name=isolated(e(name)), count=groups)


def invitation_since_forgotten(who: str, names: Sequence[str]) -> str:
    """Where an invitation asked "Accept?" (``invitation``), unanswered, once the one who
    made it (``who``) deleted their data with /forget, which took the invitation too (its
    button said only "This invitation doesn't work"). ``names``: the person's name, none
    when it was deleted with them."""
    if not names:
        return _(
            "{who} invited you to become a guardian here, then deleted their data with me: "
            "the invitation went with it and no longer works."
        ).format(who=isolated(e(who)))
    return _(
        "{who} invited you to receive the photos and clips of {names}, then deleted their "
        "data with me: the invitation went with it and no longer works. Another guardian of "
        "{names} can invite you again."
    ).format(who=isolated(e(who)), names=bold_list(names))


def invitation_ended(
    why: InviteEnd, who: str, name: str, expired: datetime | None = None, *, into: str = ""
) -> str:
    """Where an invitation asked "Accept?" (``invitation``), unanswered, once it stopped
    working for another reason than its maker's /forget (``invitation_since_forgotten``):
    its "Accept" kept offering it (issue 32). ``who`` made it, for ``name``; ``expired``:
    when it expired unused."""
    who, named = isolated(e(who)), f"<b>{isolated(e(name))}</b>"
    if why == InviteEnd.USED:
        return _(
            "{who} invited you to receive the photos and clips of {name}, but someone else "
            "used this invitation's link first: it no longer works. {who} can invite you "
            "again."
        ).format(who=who, name=named)
    if why == InviteEnd.EXPIRED and expired is not None:
        return _(
            "{who} invited you to receive the photos and clips of {name}. The invitation "
            "expired unused on {date} and no longer works; {who} can invite you again."
        ).format(who=who, name=named, date=datefmt.moment_zoned(expired))
    if why == InviteEnd.EXPIRED:
        return _(
            "{who} invited you to receive the photos and clips of {name}. The invitation "
            "expired unused and no longer works; {who} can invite you again."
        ).format(who=who, name=named)
    if why == InviteEnd.DELETED:
        return _(
            "{who} invited you to receive the photos and clips of {name}. {name} has since "
            "been deleted, with everything I had about them: the invitation no longer works."
        ).format(who=who, name=named)
    if why == InviteEnd.MERGED:
        return _(
            "{who} invited you to receive the photos and clips of {name}. {name} has since "
            "been merged into {into}, as one child: the invitation no longer works; {who} can "
            "invite you to {into}."
        ).format(who=who, name=named, into=f"<b>{isolated(e(into))}</b>")
    return _(
        "{who} invited you to receive the photos and clips of {name}, then stopped being a "
        "guardian of {name}: the invitation no longer works. Another guardian of {name} can "
        "invite you again."
    ).format(who=who, name=named)


def invitation_ended_answer(why: InviteEnd | None, expired: datetime | None = None) -> str:
    """A press of "Accept" under an invitation that no longer works, where its message
    could not be re-worded (``invitation_ended``): why, without names (an alert). ``None``:
    the reason is not known (``invite_invalid``)."""
    if why == InviteEnd.USED:
        return _("This invitation no longer works: someone else used its link first.")
    if why == InviteEnd.EXPIRED and expired is not None:
        return _("This invitation no longer works: it expired unused on {date}.").format(
            date=datefmt.moment_zoned(expired)
        )
    if why == InviteEnd.EXPIRED:
        return _("This invitation no longer works: it expired unused.")
    if why == InviteEnd.LEFT:
        return _(
            "This invitation no longer works: the one who made it is no longer a guardian of "
            "that person."
        )
    if why == InviteEnd.DELETED:
        return _("This invitation no longer works: that person has since been deleted.")
    if why == InviteEnd.MERGED:
        return _("This invitation no longer works: that person has since been merged into another.")
    if why == InviteEnd.FORGOTTEN:
        return _("This invitation no longer works: the one who made it deleted their data with me.")
    return invite_invalid()


def invitation_accepted(on: datetime) -> str:
    """Where an invitation asked "Accept?": the reader accepted it."""
    here = datefmt.zone(datefmt.current_zone())  # the reader's day
    day = on.astimezone(here).date() if here is not None else on.date()
    return _("You accepted on {day}.").format(day=datefmt.day(day))


def accept_invite() -> str:
    return _("Accept")


def invite_invalid() -> str:
    return _("This invitation doesn't work (anymore): it is used, expired or unknown.")


def invite_accepted(
    name: str,
    in_a_group: bool,
    unopened: Sequence[tuple[str, str]] = (),
    refused: Sequence[str] = (),
    *,
    every: bool = False,
    elsewhere: int = 0,
    rejected_there: Sequence[str] = (),
    unapproved: int = 0,
    approval_first: bool = False,
) -> str:
    """To one who accepted an invitation: where the photos will come from (joining a group
    first is said only to one in none). ``unopened``: the groups (title, join link) the
    person is looked for in that Telegram says they are in, though they never opened its
    link (in it since before the bot came): to open it, not to join. ``refused``: the
    reader's groups whose organizers did not approve the person (``every``: all of them);
    ``elsewhere``: with the reader in none, the person's groups, when the organizers of each
    rejected it: nothing comes of it, which "You'll get their photos" said (issue 32);
    ``rejected_there``: of those, the groups Telegram says the reader is in, though they
    never opened its link (not "you are in none of my groups"); ``unapproved``: with the
    reader in none, the person's groups, when the organizers of none of them approved it
    yet: nothing comes until they do, which "You'll get their photos" did not say;
    ``approval_first``: a group they are in approves new co-guardians first, and asked it
    now (its "⏳" follows: issue 32, "You'll get their photos" came before it)."""
    named = isolated(e(name))
    if in_a_group and refused:
        groups = joined(f"<b>{isolated(e(g))}</b>" for g in refused)
        if every:
            return _(
                "You're now a guardian of <b>{name}</b>. The organizers of {groups} did not "
                "approve {name}, so no photos or clips of {name} come to you from there until "
                "they do."
            ).format(name=named, groups=groups)
        return _(
            "You're now a guardian of <b>{name}</b>. You'll get their photos and clips from the "
            "groups you're in, except {groups}, whose organizers did not approve {name}."
        ).format(name=named, groups=groups)
    if in_a_group and approval_first:
        return _(
            "You're now a guardian of <b>{name}</b>. You'll get their photos and clips from the "
            "groups you're in; from a group whose organizers approve new co-guardians first, "
            "once they approve you."
        ).format(name=named)
    if in_a_group:
        return _(
            "You're now a guardian of <b>{name}</b>. You'll get their photos and clips from the "
            "groups you're in."
        ).format(name=named)
    if elsewhere and rejected_there:
        return _(
            "You're now a guardian of <b>{name}</b>, but no photos or clips of {name} come to "
            "you: the organizers of {groups}, which you're in, did not approve {name}."
        ).format(name=named, groups=joined(f"<b>{isolated(e(g))}</b>" for g in rejected_there))
    if elsewhere:  # rejected wherever it is looked for: no link to open brings it
        return ngettext(
            "You're now a guardian of <b>{name}</b>, but no photos or clips of {name} come to "
            "you: the organizers of {name}'s group did not approve {name}, and you are in none "
            "of my groups.",
            "You're now a guardian of <b>{name}</b>, but no photos or clips of {name} come to "
            "you: the organizers of {name}'s {count} groups did not approve {name}, and you are "
            "in none of my groups.",
            elsewhere,
        ).format(name=named, count=elsewhere)
    if unapproved and unopened:
        # Its lines "Class 1A: <link>" are made here: laid out right to left too.
        return right_to_left_lines(
            "\n".join(
                [
                    ngettext(
                        "You're now a guardian of <b>{name}</b>, but no photos or clips of "
                        "{name} come to you while the organizers of {name}'s group have not "
                        "approved {name}; once they do, they come from the groups you're in "
                        "after you open each one's link:",
                        "You're now a guardian of <b>{name}</b>, but no photos or clips of "
                        "{name} come to you while the organizers of {name}'s {count} groups "
                        "have not approved {name}; once they do, they come from the groups "
                        "you're in after you open each one's link:",
                        unapproved,
                    ).format(name=named, count=unapproved),
                    *(f"<b>{isolated(e(title))}</b>: {link}" for title, link in unopened),
                ]
            )
        )
    if unapproved:
        return ngettext(
            "You're now a guardian of <b>{name}</b>, but no photos or clips of {name} come to "
            "you while the organizers of {name}'s group have not approved {name}.",
            "You're now a guardian of <b>{name}</b>, but no photos or clips of {name} come to "
            "you while the organizers of {name}'s {count} groups have not approved {name}.",
            unapproved,
        ).format(name=named, count=unapproved)
    if len(unopened) == 1:
        ((title, link),) = unopened
        return _(
            "You're now a guardian of <b>{name}</b>. You'll get their photos and clips from "
            "<b>{group}</b>, which you're in, once you open its link:\n{link}"
        ).format(name=isolated(e(name)), group=isolated(e(title)), link=link)
    if unopened:
        # Its lines "Class 1A: <link>" are made here: laid out right to left too.
        return right_to_left_lines(
            "\n".join(
                [
                    _(
                        "You're now a guardian of <b>{name}</b>. You'll get their photos and clips "
                        "from the groups you're in once you open each one's link:"
                    ).format(name=isolated(e(name))),
                    *(f"<b>{isolated(e(title))}</b>: {link}" for title, link in unopened),
                ]
            )
        )
    return _(
        "You're now a guardian of <b>{name}</b>. You'll get their photos and clips from the groups "
        "you're in (join a group through its link first)."
    ).format(name=named)


def invite_accepted_since_opened(name: str, group_title: str, *, waiting: bool = False) -> str:
    """``invite_accepted``'s "… once you open its link" (or "join a group through its link
    first"), once the reader opened my link in ``group_title`` (walk33 2): said as done, the
    link gone; ``waiting``: its organizers approve new co-guardians first, and were asked."""
    if waiting:
        text = _(
            "You're now a guardian of <b>{name}</b>. Since then you opened my link in "
            "<b>{group}</b>, whose organizers approve new co-guardians first: you get their "
            "photos and clips from there once they approve you."
        )
    else:
        text = _(
            "You're now a guardian of <b>{name}</b>. Since then you opened my link in "
            "<b>{group}</b>, so you get their photos and clips from there."
        )
    return text.format(name=isolated(e(name)), group=isolated(e(group_title)))


def co_guardian_joined_since_opened(who: str, name: str) -> str:
    """``co_guardian_joined``'s "They will get … once they open the link…; I'll tell you when
    they do", once they opened one (walk33 3): said as done. Which group is not said: the
    message that told it names it only to a reader in that group too."""
    return _(
        "{who} is now also a guardian of <b>{name}</b>: they accepted an invitation, and since "
        "then opened my link in a group they are in."
    ).format(who=isolated(e(who)), name=isolated(e(name)))


def co_guardian_joined(
    who: str,
    name: str,
    in_a_group: bool = True,
    *,
    waiting: bool = False,
    group_title: str | None = None,
    unopened: bool = False,
    unapproved: int = 0,
    person_waits: bool = False,
) -> str:
    """Told to a person's guardians when someone accepts an invitation to join them: they
    get its photos only from a group they are in, so one in none is told of when they join;
    ``waiting``: every group they are in approves new co-guardians first, and the reader is
    told the decision (``group_title``: the group, when the reader is in it too);
    ``unopened``: in none I know of, but Telegram says they are in one of the person's
    groups, whose link they have yet to open (not to join it); ``unapproved``: in none I
    know of, and the organizers of none of the person's groups (that many) approved it:
    joining one, or opening its link, brings nothing of it until they do (issue 32);
    ``person_waits``: waiting, where the person itself is not approved either."""
    if not in_a_group and unapproved:
        return ngettext(
            "{who} is now also a guardian of <b>{name}</b>: they accepted an invitation. No "
            "photos or clips of {name} come to them while the organizers of {name}'s group "
            "have not approved {name}.",
            "{who} is now also a guardian of <b>{name}</b>: they accepted an invitation. No "
            "photos or clips of {name} come to them while the organizers of {name}'s {count} "
            "groups have not approved {name}.",
            unapproved,
        ).format(who=isolated(e(who)), name=isolated(e(name)), count=unapproved)
    if in_a_group and waiting:
        # Where the reader is in that group too it is named; the child not approved there
        # either is said too (issue 32).
        if group_title and person_waits:
            text = _(
                "{who} is now also a guardian of <b>{name}</b>: they accepted an invitation. In "
                "<b>{group}</b> its organizers approve new co-guardians first, and have not "
                "approved {name} there either; I'll tell you when they decide."
            )
        elif person_waits:
            text = _(
                "{who} is now also a guardian of <b>{name}</b>: they accepted an invitation. In "
                "their group the organizers approve new co-guardians first, and have not "
                "approved {name} there either; I'll tell you when they decide."
            )
        elif group_title:
            text = _(
                "{who} is now also a guardian of <b>{name}</b>: they accepted an invitation. In "
                "<b>{group}</b> its organizers approve new co-guardians first; I'll tell you "
                "when they decide."
            )
        else:
            text = _(
                "{who} is now also a guardian of <b>{name}</b>: they accepted an invitation. In "
                "their group the organizers approve new co-guardians first; I'll tell you when "
                "they decide."
            )
        return text.format(
            who=isolated(e(who)), name=isolated(e(name)), group=isolated(e(group_title or ""))
        )
    if in_a_group:
        return _(
            "{who} is now also a guardian of <b>{name}</b>: they accepted an invitation, and "
            "will get {name}'s photos and clips from the groups they are in."
        ).format(who=isolated(e(who)), name=isolated(e(name)))
    if unopened:
        return _(
            "{who} is now also a guardian of <b>{name}</b>: they accepted an invitation. They "
            "will get {name}'s photos and clips once they open the link of a group they are "
            "in; I'll tell you when they do."
        ).format(who=isolated(e(who)), name=isolated(e(name)))
    return _(
        "{who} is now also a guardian of <b>{name}</b>: they accepted an invitation. They will "
        "get {name}'s photos and clips once they join a group through its link; I'll tell you when they "
        "do."
    ).format(who=isolated(e(who)), name=isolated(e(name)))


def co_guardian_in_group(
    who: str, persons: Sequence[str], group_title: str | None, waiting: bool
) -> str:
    """Told to the other guardians when a co-guardian opens their first group's link. Not
    "joined": they may have been in its chat all along. The group is named only to a reader
    who is in it too (a guardian is not told another's groups)."""
    names = bold_list(persons)
    where = isolated(e(group_title)) if group_title else ""
    if waiting:
        if where:
            text = _(
                "{who} will get the photos and clips of {names} from <b>{group}</b> once its "
                "organizers approve them."
            )
        else:
            text = _(
                "{who} will get the photos and clips of {names} from one of my groups once "
                "its organizers approve them."
            )
    elif where:
        text = _("{who} now gets the photos and clips of {names} from <b>{group}</b>.")
    else:
        text = _("{who} now gets the photos and clips of {names} from one of my groups.")
    return text.format(who=isolated(e(who)), names=names, group=where)


def already_guardian(name: str) -> str:
    return _("You already are a guardian of <b>{name}</b>.").format(name=isolated(e(name)))


def guardians_list(
    name: str, guardians: Sequence[GuardianShown], owner: str, is_owner: bool
) -> str:
    """A card's "Guardians": who they are (``guardians``: each one's name and whether it is
    the reader), and what the buttons under it let the reader do: only the owner
    (``owner``) removes others; anyone may leave, and the last one to leave deletes them."""
    names = ", ".join(_guardian(g) for g in guardians)
    if len(guardians) < 2:
        text = _(
            "The guardians of <b>{name}</b>: {names}. If you stop getting their photos and "
            "clips, no guardian is left, so I delete them and everything about them."
        )
    elif is_owner:
        text = _(
            "The guardians of <b>{name}</b>: {names}. You can remove one, or stop getting "
            "their photos and clips yourself:"
        )
    else:
        text = _(
            "The guardians of <b>{name}</b>: {names}. You can stop getting their photos and "
            "clips; only {owner} can remove a guardian."
        )
    return text.format(name=isolated(e(name)), names=names, owner=isolated(e(owner)))


def leave_asked_since_deleted(name: str) -> str:
    """The owner's "Leave Alice? … and Carl becomes their owner", not answered, once Alice
    was deleted: its buttons gone (review37 1.2: it still asked, naming her and Carl)."""
    return _(
        "<b>{name}</b> has since been deleted, with everything I had about them: there is "
        "nothing to leave."
    ).format(name=isolated(e(name)))


def guardians_list_since_deleted(name: str) -> str:
    """A card's "Guardians" list (``guardians_list``), once the person was deleted: its
    buttons gone (walk33 1: it kept offering to leave, and promised the deletion done)."""
    return _(
        "The guardians of <b>{name}</b> were listed here. {name} has since been deleted, with "
        "everything I had about them."
    ).format(name=isolated(e(name)))


def remove_guardian_button(guardian: str) -> str:
    """The owner's button under the guardians list: another guardian stops being one."""
    return _("Remove {guardian} as a guardian").format(guardian=isolated(guardian))


def leave_button(name: str) -> str:
    """Your own button under the guardians list: said as what it does to you, since a verb
    beside your own name ("Leave Ann") reads as leaving someone."""
    return _("Stop getting {name}'s photos and clips").format(name=isolated(name))


def guardian_removed() -> str:
    """The owner's popup, once a co-guardian is removed (the list then says who, ``removed``)."""
    return _("Removed.")


def removed(who: str, name: str) -> str:
    """The owner's guardians list, once they removed a co-guardian ("Removed." named no one)."""
    return _("{who} no longer gets <b>{name}</b>'s photos and clips.").format(
        who=isolated(e(who)), name=isolated(e(name))
    )


def removed_you(owner: str, name: str) -> str:
    """To a co-guardian the owner removed: nothing told them, and their list still listed
    the person."""
    return _(
        "{owner} removed you as a guardian of <b>{name}</b>: you no longer get their photos "
        "and clips."
    ).format(owner=isolated(e(owner)), name=isolated(e(name)))


def removed_you_by_owner(name: str) -> str:
    """``removed_you``'s once the owner who removed them deleted their data: /forget took
    their name (issue 32)."""
    return _(
        "The owner of <b>{name}</b> removed you as a guardian: you no longer get their photos "
        "and clips."
    ).format(name=isolated(e(name)))


def removed_you_unnamed(owner: str | None) -> str:
    """``removed_you`` (``owner``; None: ``removed_you_by_owner``) as kept once the person
    was deleted: its name went with it (issue 32), so a redraw says it without."""
    if owner is None:
        return _(
            "The owner of a child you guarded removed you as a guardian: you no longer get "
            "their photos and clips."
        )
    return _(
        "{owner} removed you as a guardian of a child: you no longer get their photos and clips."
    ).format(owner=isolated(e(owner)))


def card_of_removed(name: str) -> str:
    """A card of the person, too old to delete, in the chat of a co-guardian the owner
    removed: emptied, its face and buttons gone (it kept "Guardians: ... (you)")."""
    return _(
        "You were removed from <b>{name}</b>'s guardians: this card no longer applies."
    ).format(name=isolated(e(name)))


def card_of_left(name: str) -> str:
    """A card of the person, too old to delete, in the chat of a guardian who left them."""
    return _("You left <b>{name}</b>'s guardians: this card no longer applies.").format(
        name=isolated(e(name))
    )


def left_person(name: str) -> str:
    """The popup, and the guardians' list pressed, once the user left the person."""
    return _("You no longer receive <b>{name}</b>'s photos and clips.").format(
        name=isolated(e(name))
    )


def no_longer_guardian(name: str) -> str:
    """Plain text: a popup, and an older guardians list of a person the reader no longer
    guards (it said "This button has expired." and kept listing them)."""
    return _("You no longer get {name}'s photos and clips.").format(name=isolated(name))


def not_a_guardian_now(guardian: str, name: str) -> str:
    """Plain text (a popup): an older guardians list's "Remove X" pressed once X no longer
    guards the person (they left, or were removed); the list then shows who does (it said
    "This button has expired." and took every button away: findings16 1)."""
    return _("{guardian} is no longer a guardian of {name}.").format(
        guardian=isolated(guardian), name=isolated(name)
    )


def guardians_changed(name: str) -> str:
    """Plain text (a popup): an older guardians list's button pressed once what it showed
    changed (who guards the person, or how, or its name); the list then shows them as they
    are now."""
    return _("This list was out of date: it now shows {name}'s guardians as they are.").format(
        name=isolated(name)
    )


def guardian_left(who: str | None, name: str) -> str:
    """To the person's other guardians, once a co-guardian left it; ``who`` None: as
    ``renamed_by``'s."""
    if who is None:
        return _(
            "Another guardian no longer gets <b>{name}</b>'s photos and clips: they left."
        ).format(name=isolated(e(name)))
    return _("{who} no longer gets <b>{name}</b>'s photos and clips: they left.").format(
        who=isolated(e(who)), name=isolated(e(name))
    )


def guardian_left_back(who: str | None, name: str) -> str:
    """``guardian_left``'s news once the one who left is a guardian of the person again (an
    invitation accepted): said in the past (walk35 4)."""
    if who is None:
        return _(
            "Another guardian stopped getting <b>{name}</b>'s photos and clips for a while: "
            "they left, then became a guardian again."
        ).format(name=isolated(e(name)))
    return _(
        "{who} stopped getting <b>{name}</b>'s photos and clips for a while: they left, then "
        "became a guardian again."
    ).format(who=isolated(e(who)), name=isolated(e(name)))


def confirm_last_leave(name: str) -> str:
    """The only guardian pressed "Stop getting X's photos": leaving would delete the person,
    so it is asked as the deletion it is."""
    return _(
        "You're the only guardian of <b>{name}</b>: if you stop getting their photos and clips, "
        "I delete <b>{name}</b> and everything about them, the faces I learned and their history "
        "included. This cannot be undone. Delete <b>{name}</b>?"
    ).format(name=isolated(e(name)))


def confirm_owner_leave(name: str, heir: str) -> str:
    """The owner pressed "Stop getting X's photos" while another guardian stays: asked
    first, as the card's "Delete" is, since the person then passes to ``heir`` for good."""
    return _(
        "Leave <b>{name}</b>? You'll no longer get their photos and clips, and {heir} becomes "
        "their owner: only they can then delete {name}, forget their faces or remove a "
        "guardian."
    ).format(name=isolated(e(name)), heir=isolated(e(heir)))


def confirm_leave_button() -> str:
    """The owner's confirmation of leaving (``confirm_owner_leave``)."""
    return _("Leave")


def cancel_leave_button() -> str:
    return _("Cancel")


def leave_cancel_said(guarded: str | None, asked_about: str) -> str:
    """What "Cancel" on "Leave Alice?" says: ``guarded``, the person's name if the reader
    still guards it (nothing changed); else they left it meanwhile (``asked_about``, its
    name when asked), or it was deleted (its name went with it: "")."""
    if guarded is not None:
        return leave_cancelled(guarded)
    if asked_about:
        return e(no_longer_guardian(asked_about))
    return person_deleted_since()


def leave_cancelled(name: str) -> str:
    """``confirm_owner_leave`` answered "Cancel": nothing changed."""
    return _("OK: you still get <b>{name}</b>'s photos and clips.").format(name=isolated(e(name)))


def leave_asked_changed(name: str) -> str:
    """Plain text (a popup, and the question redrawn): the owner's "Leave Alice? … and Carl
    becomes their owner" once who guards the person changed (one left, was removed, deleted
    their data, or joined): it did nothing, and names no one (review36 7: it kept naming
    Carl, after his /forget too, and its "Leave" said only "This button has expired.")."""
    return _(
        "Who guards {name} has changed since I asked, so I did nothing: you still get their "
        "photos and clips. To leave, press “Guardians…” on their card again."
    ).format(name=isolated(name))


def not_last_guardian(name: str) -> str:
    """The question above expired because someone else now guards the person too."""
    return _(
        "{name} has another guardian now, so leaving no longer deletes them: press "
        "“Guardians…” on their card again to stop getting their photos and clips."
    ).format(name=isolated(name))


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


def you_own_now(name: str, previous: str | None) -> str:
    """To the co-guardian who owns the person now that its owner (``previous``) left it;
    None: said again at a rename, the one who left having deleted their data since."""
    if previous is None:
        return _(
            "Its previous owner left, so you're now the owner of <b>{name}</b>: you alone can "
            "delete them, forget their faces and remove other guardians."
        ).format(name=isolated(e(name)))
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


# What a change in /history did. Read as _(OPERATION_NAMES[operation]).
OPERATION_NAMES = {
    "assign": N_("matched"),
    "unassign": N_("unmatched"),
    "move": N_("moved"),
    "merge": N_("merged"),
    "remove": N_("deleted"),
}


def history(rows: Sequence[tuple[str, object]], *, guards_no_one: bool = False) -> str:
    if not rows and guards_no_one:
        # Nobody need have been deleted (walken4 10: a co-guardian removed read only that
        # changes about a deleted person went with them), and someone may have been (one
        # who deleted their only person guards no one either): both are said.
        return _(
            "No changes to show: you guard no one now, and changes about a deleted person "
            "are deleted with them."
        )
    if not rows:
        # True after a deletion too (walken3 3: "Nothing has changed yet." once the child
        # with the changes was deleted, in the older lists too): those changes went with it.
        return _("No changes to show. Changes about a deleted person are deleted with them.")
    return (
        _("Recent changes (newest first):")
        + "\n"
        + "\n".join(f"{i + 1}. {text}" for i, (text, _row) in enumerate(rows))
    )


def history_when_by(when: str, by: str, *, mine: bool, by_hand: bool = True) -> str:
    """A /history line's time and who made the change: the reader, another guardian
    (``by``), or nobody named: "someone" where a person did it (an organizer, a forgotten
    guardian), else (``by_hand`` False: recognition may have) only a comma. Findings26 5:
    "Nov 27 11:35 New York merged 7 faces" read as if New York merged them."""
    if mine:
        return _("{when}, you").format(when=when)
    if by:
        return _("{when}, {who}").format(when=when, who=isolated(e(by)))
    if by_hand:
        return _("{when}, someone").format(when=when)
    return _("{when},").format(when=when)


def history_as_of(time: str) -> str:
    """Under a /history sent before changes it does not list (a newer one would)."""
    return _(
        "<i>As of {time}: changes made since are not listed here. Send /history for the "
        "latest changes.</i>"
    ).format(time=isolated(time))


def history_others_changes() -> str:
    return _(
        "A change another guardian made can be undone only by them, or by the owner of every "
        "child it concerns."
    )


def history_automatic_hidden() -> str:
    return _("Photos and clips I matched by myself are not listed; send /history all to see them.")


def show_automatic() -> str:
    return _("Show automatic matches")


def shown_forgotten() -> str:
    """A person card or /persons list that /forget could not delete (too old), emptied of
    the names (and the picture) it showed."""
    return _("This was deleted with everything else I had about you.")


def history_forgotten() -> str:
    """A /history that /forget could not delete (too old), emptied of the names it listed."""
    return _("This list of changes was deleted with everything else I had about you.")


def history_names(from_name: str | None, to_name: str | None) -> str:
    """A /history line's names, the arrow from the catalog: drawn in a right-to-left
    line, an arrow the catalog did not turn would point at the name the faces left."""
    if from_name and to_name:
        return _("{old} → {new}").format(old=isolated(e(from_name)), new=isolated(e(to_name)))
    name = from_name or to_name
    return isolated(e(name)) if name else "?"


def remembered_not_theirs(line: str, name: str, faces: int) -> str:
    """A /history line of an unmatch that taught me the faces are not ``name``'s."""
    return ngettext(
        "{line} (and I remember it isn't {name}'s)",
        "{line} (and I remember they aren't {name}'s)",
        faces,
    ).format(line=line, name=isolated(e(name)))


def history_answer_line(when: str, name: str, remembered: bool) -> str:
    """A /history line for a "no" to "Is this Alice?" (``when``: its time and who answered);
    ``remembered``: the face is still kept from the person."""
    person = isolated(e(name))
    if remembered:
        return _(
            "{when} said “no” to “Is this {name}?”: I remember that face isn't {name}'s"
        ).format(when=when, name=person)
    return _("{when} said “no” to “Is this {name}?” (no longer remembered)").format(
        when=when, name=person
    )


def history_pair_line(when: str, first: str, second: str, chosen: str, remembered: bool) -> str:
    """A /history line for an answer to a sibling pair's "Is this Alice or Ally?", as it
    was asked (findings27 2): ``chosen`` the child answered ("": Neither), which also said
    the face isn't the other's; ``remembered``: that "not" still holds."""
    a, b = isolated(e(first)), isolated(e(second))
    if not chosen and remembered:
        return _(
            "{when} answered “Neither” to “Is this {first} or {second}?”: I remember that face "
            "is neither {first}'s nor {second}'s"
        ).format(when=when, first=a, second=b)
    if not chosen:
        return _(
            "{when} answered “Neither” to “Is this {first} or {second}?” (no longer remembered)"
        ).format(when=when, first=a, second=b)
    other = b if chosen == first else a
    if remembered:
        return _(
            "{when} answered “{chosen}” to “Is this {first} or {second}?”: I remember that face "
            "isn't {other}'s"
        ).format(when=when, chosen=isolated(e(chosen)), first=a, second=b, other=other)
    return _(
        "{when} answered “{chosen}” to “Is this {first} or {second}?” (that the face isn't "
        "{other}'s is no longer remembered)"
    ).format(when=when, chosen=isolated(e(chosen)), first=a, second=b, other=other)


def pair_neither_undone(first: str, second: str, by: str = "") -> str:
    """A sibling pair's question answered "Neither", once that answer was undone from
    /history, both its halves (findings27 2; ``by``: the owner who undid the reader's
    answer; "": the reader)."""
    a, b = isolated(e(first)), isolated(e(second))
    if by:
        return _(
            "You said this face is neither <b>{first}</b> nor <b>{second}</b>; {who} undid that "
            "since: I no longer remember it."
        ).format(first=a, second=b, who=isolated(e(by)))
    return _(
        "You said this face is neither <b>{first}</b> nor <b>{second}</b>, then undid it: I no "
        "longer remember that."
    ).format(first=a, second=b)


def answer_no_undone(name: str, by: str = "", *, clip: bool = False) -> str:
    """A question answered "no", once that answer was undone from /history (``by``: the
    person's owner, who undid the reader's answer; "": the reader)."""
    person = isolated(e(name))
    if by and clip:
        return _(
            "You said this face in the clip isn't <b>{name}</b>; {who} undid that since: I no "
            "longer remember it."
        ).format(name=person, who=isolated(e(by)))
    if by:
        return _(
            "You said this face isn't <b>{name}</b>; {who} undid that since: I no longer "
            "remember it."
        ).format(name=person, who=isolated(e(by)))
    if clip:
        return _(
            "You said this face in the clip isn't <b>{name}</b>, then undid it: I no longer "
            "remember that."
        ).format(name=person)
    return _(
        "You said this face isn't <b>{name}</b>, then undid it: I no longer remember that."
    ).format(name=person)


def pair_no_undone(chosen: str, undone: str, *, stands: bool) -> str:
    """A sibling pair's question answered with ``chosen`` ("It's Alice."), which also said
    the face isn't the other child's, once that "no" was undone from /history (``undone``,
    ``answer_no_undone``'s words): what it says of ``chosen`` as it stands (``stands``: the
    face is still theirs; else that was undone before)."""
    person = isolated(e(chosen))
    if stands:
        said = _("It's <b>{name}</b>.").format(name=person)
    else:
        said = _(
            "You said it's <b>{name}</b>; that was undone since: this face isn't {name}'s any more."
        ).format(name=person)
    return f"{said} {undone}"


def answer_yes_undone(
    name: str,
    *,
    by: str = "",
    undoer: str = "",
    removed: bool = False,
    clip: bool = False,
    pair_other: str = "",
    other_kept: bool = False,
    other_undone: bool = False,
) -> str:
    """A question answered "yes", once the change that answer made was undone from /history
    (findings23 9): the face is no longer the person's. ``by``: who answered, when not the
    reader (another guardian's copy of the question); ``undoer``: the person's owner, who
    undid the reader's answer ("": the reader); ``removed``: the reader's copy went.
    ``pair_other``: the reader answered a sibling pair's "Is this Ally or Alice?" with this
    person, which also said the face isn't ``pair_other``'s; ``other_kept``: that still
    holds (its own /history line undoes it); ``other_undone``: that was undone since."""
    person = isolated(e(name))
    if by:
        return _(
            "{by} answered this question: yes, that's <b>{name}</b>. That was undone since: "
            "this face isn't {name}'s any more."
        ).format(by=isolated(e(by)), name=person)
    if pair_other and undoer:
        said = _(
            "You said it's <b>{name}</b>; {who} undid that since: this face isn't {name}'s any "
            "more."
        ).format(name=person, who=isolated(e(undoer)))
    elif pair_other:
        said = _(
            "You said it's <b>{name}</b>, then undid it: this face isn't {name}'s any more."
        ).format(name=person)
    elif undoer:
        said = _(
            "You said yes, that's <b>{name}</b>; {who} undid that since: this face isn't "
            "{name}'s any more."
        ).format(name=person, who=isolated(e(undoer)))
    else:
        said = _(
            "You said yes, that's <b>{name}</b>, then undid it: this face isn't {name}'s any more."
        ).format(name=person)
    if removed:
        gone = (
            _("I removed your copy of the clip.")
            if clip
            else _("I removed your copy of the photo.")
        )
        said = f"{said} {gone}"
    if pair_other and other_undone:
        return f"{said} " + _(
            "The “not <b>{name}</b>” of that answer was undone too: I no longer remember it."
        ).format(name=isolated(e(pair_other)))
    if pair_other and other_kept:
        # The words the pair's answer said it with (corrections' ``not_person_consequence``).
        kept = _(
            "I'll remember this face isn't {name}, so similar faces will be asked about "
            "instead of sent."
        ).format(name=isolated(e(pair_other)))
        said = f"{said} {kept}"
    return said


def blank_sent_again(*, own: bool, clip: bool = False) -> str:
    """A copy a correction had hidden past Telegram's 48 hours (blanked where it stands),
    once the correction was undone (``own``: by the reader) and the copy sent again below
    (findings25 7)."""
    if own and clip:
        return _("You undid this correction, so I sent the clip again, below.")
    if own:
        return _("You undid this correction, so I sent the photo again, below.")
    if clip:
        return _("This correction was undone, so I sent the clip again, below.")
    return _("This correction was undone, so I sent the photo again, below.")


def history_line(
    when: str,
    operation: str,
    from_name: str | None,
    to_name: str | None,
    faces: int,
    undone: bool,
    *,
    reverts: bool = False,
    faces_gone: bool = False,
    changed_since: bool = False,
    no_guardian: bool = False,
    deleted_since: bool = False,
    faces_forgotten: bool = False,
    remembered: bool = False,
) -> str:
    """One /history line; ``remembered``: an unmatch that also taught me the face is not
    ``from_name``'s ("That isn't Alice", not "Remove this photo only": walk34 finding 4),
    which its undo forgets again, and so does a deletion of its faces; ``faces_gone``: the change's faces were deleted, so it can never
    be undone, which the line says (as /audit's lines say why not) instead of an Undo;
    ``changed_since``: the face or person changed since, so its undo would be refused;
    ``no_guardian``: a merge whose undo would leave a child with no guardian;
    ``deleted_since``: its other person (named "another person") was deleted since,
    said after what became of the change; ``faces_forgotten``: it took a face from
    ``from_name``, every face of whom was deleted since ("Forget faces"), so its undo
    would be refused (walken7 4: it kept an Undo that promised to give back the face)."""
    what = _(OPERATION_NAMES[operation]) if operation in OPERATION_NAMES else operation
    names = history_names(from_name, to_name)
    if reverts:
        line = ngettext(
            "{when} {what} {count} face: {names} (an undo)",
            "{when} {what} {count} faces: {names} (an undo)",
            faces,
        )
    elif undone:
        line = ngettext(
            "{when} {what} {count} face: {names} (undone)",
            "{when} {what} {count} faces: {names} (undone)",
            faces,
        )
    else:
        line = ngettext(
            "{when} {what} {count} face: {names}", "{when} {what} {count} faces: {names}", faces
        )
    said = line.format(when=when, what=what, count=faces, names=names)
    if remembered and from_name and not undone and not reverts and not faces_gone:
        said = remembered_not_theirs(said, from_name, faces)
    if deleted_since:
        said = f"{said}\n    <i>{deleted_since_text()}</i>"
    if faces_gone and not undone and not reverts:
        return f"{said}\n    <i>{_(UNDO_TEXTS['not_undoable'])}</i>"
    if changed_since and not undone and not reverts:
        return f"{said}\n    <i>{_(UNDO_TEXTS['changed_since'])}</i>"
    if no_guardian and not undone and not reverts:
        return f"{said}\n    <i>{_(UNDO_TEXTS['no_guardian'])}</i>"
    if faces_forgotten and not undone and not reverts:
        why = undo_after_faces_forgotten(e(from_name or "?"))
        return f"{said}\n    <i>{why}</i>"
    return said


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
    "no_guardian": N_(
        "That can't be undone any more: one of the two persons would be left with no guardian."
    ),
    # Where the person is not named (``undo_after_faces_forgotten`` names it).
    "faces_forgotten": N_(
        "That can't be undone any more: every face of that person was deleted since "
        "(“Forget faces”)."
    ),
}


def undo_after_faces_forgotten(name: str) -> str:
    """Plain text (a popup): the Undo of a change that took a face or a photo from a person,
    pressed once every face of it was deleted ("Forget faces"): what it would give back
    was found through those faces (walkhe4 13)."""
    return _(
        "That can't be undone any more: every face of {name} was deleted since (“Forget faces”)."
    ).format(name=isolated(name))


def not_sent_again_left(
    group: str, *, clip: bool = False, why: KeptOut = KeptOut.LEFT_SINCE
) -> str:
    """Plain text (an Undo's popup, or after ``undone_correction``): the undoer's copy that
    the change took out of their chat is not sent again, because they left its group since
    (findings32 1: nothing came, and nothing said why), had left it before the change
    (``why`` "left_before"), or its organizers turned facedrop off for them ("banned":
    issue 32, nothing was said to them)."""
    if why == KeptOut.BANNED:
        if clip:
            return _(
                "The organizers of {group} turned me off for you there, so I'm not sending "
                "you the clip again."
            ).format(group=group)
        return _(
            "The organizers of {group} turned me off for you there, so I'm not sending you the "
            "photo again."
        ).format(group=group)
    if why == KeptOut.LEFT_BEFORE:
        if clip:
            return _("You're no longer in {group}, so I'm not sending you the clip again.").format(
                group=group
            )
        return _("You're no longer in {group}, so I'm not sending you the photo again.").format(
            group=group
        )
    if clip:
        return _("You left {group} since, so I'm not sending you the clip again.").format(
            group=group
        )
    return _("You left {group} since, so I'm not sending you the photo again.").format(group=group)


def undone_correction(
    name: str,
    resent: bool,
    *,
    clip: bool = False,
    others: int = 0,
    left: tuple[str, bool, KeptOut] | None = None,
    photo_only: bool = False,
) -> str:
    """What a correction's message says once its Undo was pressed; ``resent``: the reader's
    own copy is sent again, ``clip``: it is a clip; ``others``: how many other guardians
    get theirs back (told so themselves); ``left``: the reader's own copy is not sent again,
    as they are no longer in its group (its title, whether it is a clip, and why:
    ``not_sent_again_left``); ``photo_only``: the change was "Remove this photo only"."""
    if photo_only:
        return _undone_removal(name, resent, clip=clip, others=others, left=left)
    if left is not None and not resent:
        said = _("Undone: that face is <b>{name}</b>'s again.").format(name=isolated(e(name)))
        group, is_clip, why = left
        return f"{said} {not_sent_again_left(isolated(e(group)), clip=is_clip, why=why)}"
    if resent and clip:
        return _(
            "Undone: that face is <b>{name}</b>'s again, and I'm sending you the clip again."
        ).format(name=isolated(e(name)))
    if resent:
        return _(
            "Undone: that face is <b>{name}</b>'s again, and I'm sending you the photo again."
        ).format(name=isolated(e(name)))
    if others:
        return ngettext(
            "Undone: that face is <b>{name}</b>'s again. Your copy stays where it is; the "
            "other guardian who lost theirs gets it back.",
            "Undone: that face is <b>{name}</b>'s again. Your copy stays where it is; the "
            "{count} other guardians who lost theirs get them back.",
            others,
        ).format(name=isolated(e(name)), count=others)
    return _("Undone: that face is <b>{name}</b>'s again.").format(name=isolated(e(name)))


def _undone_removal(
    name: str,
    resent: bool,
    *,
    clip: bool,
    others: int,
    left: tuple[str, bool, KeptOut] | None,
) -> str:
    """``undone_correction`` of "Remove this photo only": the photo is counted as the
    person's again (walken3 7: it said "that face is Alice's again", of a removal that
    never said the face wasn't hers)."""
    who = isolated(e(name))
    if left is not None and not resent:
        group, is_clip, why = left
        said = (
            _("Undone: this clip is back in <b>{name}</b>'s photos and clips.")
            if is_clip
            else _("Undone: this photo is back in <b>{name}</b>'s photos.")
        ).format(name=who)
        return f"{said} {not_sent_again_left(isolated(e(group)), clip=is_clip, why=why)}"
    if resent:
        return (
            _(
                "Undone: this clip is back in <b>{name}</b>'s photos and clips, and I'm "
                "sending it to you again."
            )
            if clip
            else _(
                "Undone: this photo is back in <b>{name}</b>'s photos, and I'm sending it to "
                "you again."
            )
        ).format(name=who)
    said = (
        _("Undone: this clip is back in <b>{name}</b>'s photos and clips.")
        if clip
        else _("Undone: this photo is back in <b>{name}</b>'s photos.")
    ).format(name=who)
    if others:
        return f"{said} " + ngettext(
            "Your copy stays where it is; the other guardian who lost theirs gets it back.",
            "Your copy stays where it is; the {count} other guardians who lost theirs get "
            "them back.",
            others,
        ).format(count=others)
    return said


def moved_until_face_deleted(name: str) -> str:
    """A move's own message once its face was deleted (its photo taken down, or the
    person's faces forgotten): nothing left to undo (findings19 5)."""
    return _("Moved: that face was <b>{name}</b>'s, until it was deleted.").format(
        name=isolated(e(name))
    )


def removed_then_taken_down(name: str, group_title: str, *, clip: bool = False) -> str:
    """A "Remove this photo only" message once the organizers took that photo (``clip``:
    clip) down: nothing left to undo (walken4 3)."""
    if clip:
        said = _(
            "Removed this clip of <b>{name}</b> from your photos and clips. The organizers "
            "of {group} took it down since."
        )
    else:
        said = _(
            "Removed this photo of <b>{name}</b> from your photos. The organizers of {group} "
            "took it down since."
        )
    return said.format(name=isolated(e(name)), group=isolated(e(group_title)))


def not_them_then_taken_down(name: str, group_title: str, *, clip: bool = False) -> str:
    """A "That isn't Alice" message once the organizers took that photo (``clip``: clip)
    down: its faces deleted, it no longer says "I'll remember this face isn't Alice"."""
    if clip:
        said = _(
            "OK, that isn't <b>{name}</b>. The organizers of {group} took this clip down since, "
            "and I deleted its faces, so I no longer remember this one."
        )
    else:
        said = _(
            "OK, that isn't <b>{name}</b>. The organizers of {group} took this photo down "
            "since, and I deleted its faces, so I no longer remember this one."
        )
    return said.format(name=isolated(e(name)), group=isolated(e(group_title)))


def undone_until_deleted(name: str) -> str:
    """A correction's message once it was undone and its face deleted since (its photo
    taken down): no longer anyone's (findings19 5)."""
    return _("Undone: that face was <b>{name}</b>'s again, until it was deleted.").format(
        name=isolated(e(name))
    )


def who_is_it(name: str) -> str:
    return _("That isn't <b>{name}</b>. Who is it, then? One of your other people?").format(
        name=isolated(e(name))
    )


def another_person() -> str:
    # in /history: someone the reader does not guard
    return _("another person")


def deleted_since_text() -> str:
    """Under a /history line of a move or a merge whose other person ("another person")
    was deleted since: what stands now, after what the change was and became."""
    return _("That person was deleted since.")


def none_of_mine() -> str:
    return _("Someone I don't know")


def moved_to(name: str) -> str:
    return _("Moved: that face is <b>{name}</b> now.").format(name=isolated(e(name)))


def moved_changed_since(name: str, why: str) -> str:
    """A move's own message once a later change of its face (a move back, a merge,
    "Forget faces") made its Undo refuse; ``why``: the refusal, as /history says it
    (``UNDO_TEXTS``)."""
    said = _("Moved: that face was <b>{name}</b>'s, until a later change.").format(
        name=isolated(e(name))
    )
    return f"{said}\n<i>{_(UNDO_TEXTS[why])}</i>"


def moved_not_undoable(name: str, why: str) -> str:
    """A move's own message once its Undo would refuse while its face is still where the
    move left it (the person it left was deleted, or a later change was undone)."""
    said = _("Moved: that face is <b>{name}</b> now.").format(name=isolated(e(name)))
    return f"{said}\n<i>{_(UNDO_TEXTS[why])}</i>"


def moved_until_deleted(name: str) -> str:
    """A move's own message once the person it moved the face to was deleted (its faces
    with it): nothing left to undo."""
    return _("Moved: that face was <b>{name}</b>'s, until {name} was deleted.").format(
        name=isolated(e(name))
    )


def guardian_forgot(name: str) -> str:
    """To a person's other guardians, once a co-guardian deleted everything with /forget:
    one line, no more (findings24 1, findings25 8: nothing told the owner). Without their
    name, which the same /forget takes out of the messages above it (walk36 N3: "At Carl's
    request I deleted all of Carl's data…" kept it, beside "…by another guardian")."""
    return _(
        "Another guardian of <b>{name}</b> is no longer one: they deleted their data with me."
    ).format(name=isolated(e(name)))


def you_own_after_forget(name: str) -> str:
    """To the guardian who owns the person now that its owner deleted everything with
    /forget (told instead of ``guardian_forgot``): nothing told them, and their older lists
    said only the owner could remove a guardian. Without the owner's name, which went with
    their data: the same /forget takes it out of every other message (issue 32)."""
    return _(
        "Its previous owner deleted their data with me, so you're now the owner of "
        "<b>{name}</b>: you can invite other guardians, and only you can delete "
        "<b>{name}</b>, forget their faces or remove a guardian."
    ).format(name=isolated(e(name)))


def co_guardian_accepted_unnamed(names: Sequence[str]) -> str:
    """``co_guardian_accepted_past`` once a person it names was renamed: the name of the one
    who left went with their data (/forget), so they are not named (walken7 3: each of the
    older messages said again that they had deleted their data)."""
    return _("Someone accepted an invitation to become a guardian of {names}.").format(
        names=bold_list(names)
    )


def co_guardian_got_unnamed(names: Sequence[str]) -> str:
    """``co_guardian_got_past`` once a person it names was renamed, as
    ``co_guardian_accepted_unnamed``."""
    return _(
        "Another guardian also got the photos and clips of {names} while they were a guardian."
    ).format(names=bold_list(names))


def was_guardian_since_forgotten(names: Sequence[str]) -> str:
    """``was_guardian`` once a person it names was renamed: the name of the one who left
    went with their data, so they are not named."""
    return _(
        "This was about another guardian of {names}, who has since deleted their data with "
        "me: they no longer get these photos and clips."
    ).format(names=bold_list(names))


def was_guardian(who: str, names: Sequence[str]) -> str:
    """An earlier notice, in another guardian's chat, that ``who`` guards (or would guard)
    these persons and gets their photos, once ``who`` deleted their data with /forget: in
    brief, in the past, as the one new message (``guardian_forgot``) says the rest (walkhe
    N5: the same sentence stood four times in a row)."""
    if not names:
        return _("{who} was a co-guardian of your people until they deleted their data.").format(
            who=isolated(e(who))
        )
    return _("{who} was a co-guardian of {names} until they deleted their data.").format(
        who=isolated(e(who)), names=bold_list(names)
    )


def guarded_with_you_until_forgotten(who: str, names: Sequence[str]) -> str:
    """An earlier notice, in the chat of one who deleted everything with /forget, that
    another (``who``) guards their persons too ("Carl now gets the photos and clips of
    Alice…", "… I'll tell you when they do"). Only the reader's guarding ended: ``who``
    still guards them (walk32 1: "You and Carl were guardians of Alice until you deleted…"
    said Carl was no longer one, when he had just become their owner)."""
    if not names:
        return _(
            "You were a guardian with {who} until you deleted everything I had about you: I "
            "no longer send you photos or clips."
        ).format(who=isolated(e(who)))
    return _(
        "You were a guardian of {names} with {who} until you deleted everything I had about "
        "you: I no longer send you their photos and clips."
    ).format(who=isolated(e(who)), names=bold_list(names))


def you_were_guardian(names: Sequence[str]) -> str:
    """An earlier notice, in the chat of one who deleted everything with /forget, that they
    are a guardian and will get the photos ("You're now a guardian of Alice…")."""
    if not names:
        return _(
            "You deleted everything I had about you, so you are no longer a guardian here and "
            "I no longer send you photos or clips."
        )
    return _(
        "You were a guardian of {names} until you deleted everything I had about you: I no "
        "longer send you their photos and clips."
    ).format(names=bold_list(names))


def you_were_guardian_until(name: str, removed: bool) -> str:
    """An earlier notice, in the chat of one who left the person (``removed``: was removed
    by its owner), that they are its guardian and will get its photos ("You're now a
    guardian of Alice…", "Alice is ready…")."""
    if removed:
        return _(
            "You were a guardian of <b>{name}</b> until you were removed as one: I no longer "
            "send you their photos and clips."
        ).format(name=isolated(e(name)))
    return _(
        "You were a guardian of <b>{name}</b> until you stopped getting their photos and clips."
    ).format(name=isolated(e(name)))


def guardian_again_since(name: str, removed: bool) -> str:
    """``you_were_guardian_until`` once its reader guards the person again (an invitation
    accepted, a claim approved): it says they came back (walk35 Rivka #3: it ended with
    the first guardianship while she owned Alice again)."""
    if removed:
        return _(
            "You were a guardian of <b>{name}</b> until you were removed as one, then became "
            "one again."
        ).format(name=isolated(e(name)))
    return _(
        "You were a guardian of <b>{name}</b> until you stopped getting their photos and clips, "
        "then became one again."
    ).format(name=isolated(e(name)))


def merged_by_until(
    who: str | None, kept: str, removed: str, *, removed_as_one: bool, undone: bool = False
) -> str:
    """A merge's news (``merged_by``), in the chat of one who left the merged child since
    (``removed_as_one``: was removed by its owner): the merge, in the past, and that they
    were its guardian until then (it read the line of "You're now a guardian…" above it,
    and lost the merge); ``undone``: the merge was undone before (issue 32: it lost that)."""
    names = {"removed": isolated(e(removed)), "kept": isolated(e(kept))}
    if who is None:
        fact = (
            _("<b>{removed}</b> was merged into <b>{kept}</b>; that merge has since been undone.")
            if undone
            else _("<b>{removed}</b> was merged into <b>{kept}</b>.")
        ).format(**names)
    else:
        fact = (
            _("{who} merged <b>{removed}</b> into <b>{kept}</b>; that merge has since been undone.")
            if undone
            else _("{who} merged <b>{removed}</b> into <b>{kept}</b>.")
        ).format(who=isolated(e(who)), **names)
    return f"{fact} {you_were_guardian_until(kept, removed_as_one)}"


def merge_undone_until(
    who: str | None, kept: str, removed: str, guarded: str, *, removed_as_one: bool
) -> str:
    """A merge undone's news (``merge_undone_by``), in the chat of one who left the child
    they guarded (``guarded``) since (``removed_as_one``: was removed by its owner): the
    undo, in the past, and that they were its guardian until then."""
    if who is None:
        fact = _("The merge of <b>{removed}</b> into <b>{kept}</b> was undone.").format(
            removed=isolated(e(removed)), kept=isolated(e(kept))
        )
    else:
        fact = _("{who} undid the merge of <b>{removed}</b> into <b>{kept}</b>.").format(
            who=isolated(e(who)), removed=isolated(e(removed)), kept=isolated(e(kept))
        )
    return f"{fact} {you_were_guardian_until(guarded, removed_as_one)}"


def co_guardian_accepted_past(who: str, names: Sequence[str]) -> str:
    """An earlier notice, in another guardian's chat, that ``who`` accepted an invitation
    to guard these persons ("Carl is now also a guardian of Alice… I'll tell you when they
    do"), once ``who`` no longer does (left, removed, or deleted their data): in the past,
    without the news, which one message says (walken7 3: four messages said it)."""
    return _("{who} accepted an invitation to become a guardian of {names}.").format(
        who=isolated(e(who)), names=bold_list(names)
    )


def co_guardian_got_past(who: str, names: Sequence[str]) -> str:
    """An earlier notice, in another guardian's chat, that ``who`` gets these persons'
    photos ("Carl now gets the photos and clips of Alice from Class 1A.", the organizers'
    approval of Carl), once ``who`` no longer does: in the past, without the news, as
    ``co_guardian_accepted_past``. "While they were a guardian", not "at the time": true of
    one who left and came back, and of whatever time it is read (issue 32)."""
    return _("{who} also got the photos and clips of {names} while they were a guardian.").format(
        who=isolated(e(who)), names=bold_list(names)
    )


def you_were_guardian_brief(names: Sequence[str]) -> str:
    """An older notice, in the chat of one who deleted everything with /forget, that they
    are a guardian or a person of theirs is ready, when a newer one says the rest
    (``you_were_guardian``): said in brief, naming whom it was about, as they knew them
    (walken7 8: six messages read the same line)."""
    if not names:
        return _("You were a guardian here.")
    return _("You were a guardian of {names}.").format(names=bold_list(names))


def was_ready_brief(name: str) -> str:
    """An older "Alice is ready. I'll send you the photos…" once Alice was deleted, when a
    newer message says the deletion: what it told, in the past (walk33 6: it read "You were
    a guardian of Alice.", as if its reader had been removed, who had deleted Alice)."""
    return _("<b>{name}</b> was ready then.").format(name=isolated(e(name)))


def was_paused_brief(name: str) -> str:
    """An older "Paused Alice: I'll keep recognizing them…" once Alice was deleted, when a
    newer message says the deletion: what it told, in the past (as ``was_ready_brief``)."""
    return _("<b>{name}</b> was paused then.").format(name=isolated(e(name)))


def was_resumed_brief(name: str) -> str:
    """An older "Resumed Alice: I'll send their photos and clips again." in the chat of one
    who deleted everything with /forget, when a newer message says the rest: what it told,
    in the past (walk36b 4: it read "You were a guardian of Alice.", as did the pause and
    "Alice is ready" above it)."""
    return _("<b>{name}</b> was resumed then.").format(name=isolated(e(name)))


def was_ready_merged_brief(name: str, into: str) -> str:
    """An older "Amy is ready…", redrawn "Since then Amy was merged into Alice…", in the
    chat of one who deleted everything with /forget, when a newer message says the rest:
    what it told, and the merge (walk36b N5: "You were a guardian of Amy." left out that Amy
    had been Alice for long)."""
    return _("<b>{name}</b> was ready then, and was merged into <b>{into}</b> since.").format(
        name=isolated(e(name)), into=isolated(e(into))
    )


def ready_since_faces_forgotten(name: str) -> str:
    """An earlier notice that the person is ready and its photos come ("Alice is ready.
    I'll send you the photos…"), once every face of it was deleted ("Forget faces")."""
    return _(
        "Since then every face of <b>{name}</b> was deleted: I send no photos or clips of "
        "them until photos or a clip of them are added again from /persons."
    ).format(name=isolated(e(name)))


def ready_since_merged(name: str, kept: str) -> str:
    """An earlier "Amy is ready. I'll send you the photos…" of a first enrollment, once Amy
    was merged into ``kept`` (walken7 6)."""
    return _(
        "Since then <b>{name}</b> was merged into <b>{kept}</b>: I send you the photos and "
        "clips of {kept}."
    ).format(name=isolated(e(name)), kept=isolated(e(kept)))


def ready_since_merged_deleted(name: str, kept: str) -> str:
    """``ready_since_merged`` (or the "Forget faces" line of a person merged since), once
    the person it went into (``kept``) was deleted, and it with it."""
    return _(
        "Since then <b>{name}</b> was merged into <b>{kept}</b>, and {kept} has been deleted "
        "since, with everything I had about them: I no longer send anyone their photos and "
        "clips."
    ).format(name=isolated(e(name)), kept=isolated(e(kept)))


def guardian_since_faces_forgotten(name: str) -> str:
    """An earlier notice that the reader guards the person and gets its photos ("You're now
    a guardian of Alice. You'll get…"), once every face of it was deleted ("Forget
    faces")."""
    return _(
        "You're a guardian of <b>{name}</b>. Since then every face of {name} was deleted: I "
        "send no photos or clips of them until photos or a clip of them are added again from "
        "/persons."
    ).format(name=isolated(e(name)))


def guarded_by_since_faces_forgotten(who: str, name: str) -> str:
    """An earlier notice that another (``who``) guards the person too and gets its photos
    ("Carl now gets the photos and clips of Alice…"), once every face of it was deleted."""
    return _(
        "{who} is a guardian of <b>{name}</b> too. Since then every face of {name} was "
        "deleted: I send no photos or clips of them to anyone until photos or a clip of them "
        "are added again from /persons."
    ).format(who=isolated(e(who)), name=isolated(e(name)))


def ready_since_faces_back(name: str) -> str:
    """An earlier "Alice is ready. I'll send you…", re-worded at "Forget faces", once photos
    of the person were added again and it is ready again (findings walken4 6)."""
    return _(
        "Since then every face of <b>{name}</b> was deleted, and then photos of them were "
        "added again: I look for {name} again and send you the photos and clips they are in."
    ).format(name=isolated(e(name)))


def guardian_since_faces_back(name: str) -> str:
    """An earlier "You're now a guardian of Alice…", re-worded at "Forget faces", once
    photos of the person were added again."""
    return _(
        "You're a guardian of <b>{name}</b>. Since then every face of {name} was deleted, "
        "and then photos of them were added again: I look for {name} again."
    ).format(name=isolated(e(name)))


def guarded_by_since_faces_back(who: str, name: str) -> str:
    """An earlier "Carl now gets the photos and clips of Alice…", re-worded at "Forget
    faces", once photos of the person were added again."""
    return _(
        "{who} is a guardian of <b>{name}</b> too. Since then every face of {name} was "
        "deleted, and then photos of them were added again: I look for {name} again, for "
        "{who} too."
    ).format(who=isolated(e(who)), name=isolated(e(name)))


def notice_of_deleted(name: str) -> str:
    """An earlier notice that someone guards the person and gets its photos ("✅ Alice is
    approved… I'll send you… from now on", "Sam is yours now…"), once it was deleted."""
    return _(
        "<b>{name}</b> has since been deleted, with everything I had about them: I no longer "
        "send anyone their photos and clips."
    ).format(name=isolated(e(name)))


# ----- the other guardians' copies of a question (corrections says them too) ---------


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


def answer_undone_since() -> str:
    """After ``question_answered_by``'s "no": that answer was undone from /history since."""
    return _("That was undone since.")


def question_answered_no_undone(by: str, name: str) -> str:
    """Another guardian's copy of "Is this Alice?" once ``by``'s "no" was undone."""
    return f"{question_answered_by(by, name, False)} {answer_undone_since()}"


def another_guardian() -> str:
    """Who answered, when they gave Telegram no name."""
    return _("Another guardian")
