"""What offering the photos posted before enrolling says to people (HTML parse mode)."""

from __future__ import annotations

from datetime import datetime

from domain.languages import dates
from domain.languages.catalogs import _, isolated, ngettext
from domain.languages.markup import e
from domain.languages.texts import counted_media


def earlier_photos_shown(name: str, group_title: str, count: int, clips: int = 0) -> str:
    """Found, not sent: earlier photos of a group where the person's face is sure enough
    to send, shown as a numbered sheet of the faces for a guardian to check first;
    ``clips`` of the ``count`` faces are in clips, counted apart ("2 photos and 1 clip")."""
    person, group = isolated(e(name)), isolated(e(group_title))
    # No reason why they were not sent then: some may have been asked about at the time,
    # or posted while the person's faces were deleted ("Forget faces"; walk35 5).
    if clips:
        return ngettext(
            "I found {media} of <b>{name}</b> in {group}, posted earlier. Is this face "
            "(numbered) {name}? I'll send it if it is.",
            "I found {media} of <b>{name}</b> in {group}, posted earlier. Are these faces "
            "(numbered) {name}? I'll send the photos and clips of those that are.",
            count,
        ).format(media=counted_media(count - clips, clips), name=person, group=group)
    return ngettext(
        "I found {count} earlier photo of <b>{name}</b> in {group}. Is this face (numbered) "
        "{name}? I'll send the photo if it is.",
        "I found {count} earlier photos of <b>{name}</b> in {group}. Are these faces "
        "(numbered) {name}? I'll send the photos of those that are.",
        count,
    ).format(count=count, name=person, group=group)


def offer_already_answered() -> str:
    return _("This offer has already been answered.")


def offer_sent() -> str:
    return _("On their way.")


def offer_nothing_sent() -> str:
    """The popup of "send them" when none of the offer's faces could still be sent, or of
    any answer to an offer closed because its faces went."""
    return _("Nothing was sent: those faces are gone.")


def offer_declined() -> str:
    return _("OK, I won't send them.")


def offer_one_by_one() -> str:
    return _("I'll ask about each face.")


def earlier_photos_sent(
    name: str, group_title: str, count: int, to_you: int, clips: int = 0, clips_to_you: int = 0
) -> str:
    """The offer, answered "send them": ``count`` photos passed the check at the press and
    are the person's now; ``to_you`` of them are on their way to the presser (not their own
    posts, not ones they have already, not while the person is paused). ``clips`` of
    ``count`` and ``clips_to_you`` of ``to_you`` are clips, counted apart."""
    person, group = isolated(e(name)), isolated(e(group_title))
    if count == 0:
        return _(
            "None of those faces of <b>{name}</b> from {group} can be sent any more: they "
            "were taken down, deleted, or are somebody else's by now."
        ).format(name=person, group=group)
    if clips and to_you == count:
        return _("Sending you {media} of <b>{name}</b> from {group}.").format(
            media=counted_media(to_you - clips_to_you, clips_to_you), name=person, group=group
        )
    if clips:
        return ngettext(
            "{media} from {group} is <b>{name}</b>'s now; {to_you} of them on their way to "
            "you (the others you have already, posted yourself, or wait while they are paused).",
            "{media} from {group} are <b>{name}</b>'s now; {to_you} of them on their way to "
            "you (the others you have already, posted yourself, or wait while they are paused).",
            count,
        ).format(media=counted_media(count - clips, clips), group=group, name=person, to_you=to_you)
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
        return _("Another guardian of <b>{name}</b> said yes: these come to you too.").format(
            name=person
        )
    if answer == "one_by_one":
        return _(
            "Another guardian of <b>{name}</b> is going through these faces one by one."
        ).format(name=person)
    return _("Another guardian of <b>{name}</b> said no: I won't send these.").format(name=person)


def look_alikes_question(name: str, group_title: str, count: int) -> str:
    """A sheet of faces that look alike (a cluster), and like the person."""
    return ngettext(
        "{count} face from {group} looks like <b>{name}</b>. Is it {name}?",
        "These {count} faces from {group} look alike, and like <b>{name}</b>. Are they {name}?",
        count,
    ).format(count=count, group=isolated(e(group_title)), name=isolated(e(name)))


def look_alikes_answered(
    name: str,
    group_title: str,
    answer: str,
    count: int,
    to_you: int,
    clips: int = 0,
    clips_to_you: int = 0,
) -> str:
    """The sheet, answered: ``answer`` is the service's (sent, declined, one_by_one)."""
    person = isolated(e(name))
    if answer == "sent":
        sent = earlier_photos_sent(name, group_title, count, to_you, clips, clips_to_you)
        if count == 0:
            return sent
        all_are = _("They're all <b>{name}</b>.").format(name=person)
        return f"{all_are} {sent}"
    if answer == "one_by_one":
        return _("OK, I'll ask about each face on its own: is it <b>{name}</b>?").format(
            name=person
        )
    return _(
        "OK, none is <b>{name}</b>: I won't send the photos or clips they are in, and faces "
        "like these "
        "will be asked about rather than sent to you as {name}."
    ).format(name=person)


def all_are_you_said_on(name: str, on: datetime | None) -> str:
    """A sheet its reader answered "Yes, all are Sara", said again once Sara is called
    otherwise (renamed, merged): what it sent then is not kept, when it was answered is."""
    person = isolated(e(name))
    if on is None:
        return _("They're all <b>{name}</b>: you said so.").format(name=person)
    return _("They're all <b>{name}</b>: you said so on {day}.").format(
        name=person, day=dates.day(on)
    )


def earlier_photos_declined(name: str, group_title: str) -> str:
    return _(
        "OK, I won't send those earlier photos or clips of <b>{name}</b> from {group}, "
        "and I won't offer them again. New ones still come as usual."
    ).format(name=isolated(e(name)), group=isolated(e(group_title)))


def earlier_photos_left(group_title: str) -> str:
    """Plain text (a popup): the presser may not receive photos from that group now."""
    return _(
        "I can't send you photos or clips from {group} now: you're no longer in it, or its "
        "organizers haven't approved you there (yet)."
    ).format(group=isolated(group_title))
