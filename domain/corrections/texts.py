"""What the questions about faces and the corrections of deliveries says to people (HTML
parse mode)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from babel.lists import format_list

from domain.delivery.texts import span
from domain.languages import dates as datefmt
from domain.languages.catalogs import N_, _, current_language, isolated, ngettext
from domain.languages.markup import e
from domain.languages.texts import counted_media
from domain.persons.texts import (  # said by persons too (an undone "no"): kept there
    another_guardian as another_guardian,
)
from domain.persons.texts import answer_undone_since as answer_undone_since
from domain.persons.texts import question_answered_by as question_answered_by
from domain.persons.texts import question_answered_no_undone as question_answered_no_undone


def suggestion_question(name: str, group_title: str) -> str:
    return _("Is this <b>{name}</b>? (a photo in {group})").format(
        name=isolated(e(name)), group=isolated(e(group_title))
    )


def earlier_question(name: str, group_title: str, posted_at: datetime) -> str:
    """ "Is this Alice?" about a photo posted before its person's guardians could get it
    (found by a look back for earlier photos: once back, walk33 8, in the group at last,
    the child approved or enrolled; or among a claim's faces), with its day in the reader's
    time zone. Not "while you weren't in the group": a co-guardian may have been. The one
    face left on a guardian's daily sheet is asked so too (walk34 9: a day later, a photo
    with no day could be any)."""
    return _("Is this <b>{name}</b>? (an earlier photo, posted in {group} on {day})").format(
        name=isolated(e(name)), group=isolated(e(group_title)), day=isolated(datefmt.day(posted_at))
    )


def clip_question(
    name: str,
    group_title: str,
    on_screen: tuple[float, float] | None,
    *,
    clip_s: float | None = None,
    posted_at: datetime | None = None,
) -> str:
    """ "Is this Alice?" about a face of a clip, with when it is on screen (the picture is
    its best frame, between the two: ``delivery.texts.span``, ``clip_s`` the clip's length
    when known); ``on_screen`` None: a clip read from its thumbnail. ``posted_at``: the
    clip's post, whose day it says in the reader's zone (a question asked alone by their
    daily sheet, or about a clip posted while they were out of the group)."""
    name, group = isolated(e(name)), isolated(e(group_title))
    day = None if posted_at is None else isolated(datefmt.day(posted_at))
    if on_screen is None:
        if day is not None:
            return _("Is this <b>{name}</b>? (a clip posted in {group} on {day})").format(
                name=name, group=group, day=day
            )
        return _("Is this <b>{name}</b>? (a clip posted in {group})").format(name=name, group=group)
    start, end = span(on_screen, clip_s)
    if start == end and day is not None:
        return _(
            "Is this <b>{name}</b>? (at {time} in the clip posted in {group} on {day})"
        ).format(name=name, time=isolated(start), group=group, day=day)
    if start == end:
        return _("Is this <b>{name}</b>? (at {time} in the clip posted in {group})").format(
            name=name, time=isolated(start), group=group
        )
    if day is not None:
        return _(
            "Is this <b>{name}</b>? (from {start} to {end} in the clip posted in {group} on {day})"
        ).format(name=name, start=isolated(start), end=isolated(end), group=group, day=day)
    return _("Is this <b>{name}</b>? (from {start} to {end} in the clip posted in {group})").format(
        name=name, start=isolated(start), end=isolated(end), group=group
    )


def suggestion_yes() -> str:
    return _("Thanks! Noted.")


def suggestion_no() -> str:
    return _("Thanks, noted: similar faces will be asked about instead of sent.")


def suggestion_already_answered() -> str:
    return _("This question has already been answered.")


def suggestion_expired_alert() -> str:
    return _("This question has expired: nobody answered it in time.")


def all_of_them(name: str) -> str:
    return _("Yes, all are {name}").format(name=isolated(name))


def none_of_them(name: str) -> str:
    return _("None is {name}").format(name=isolated(name))


def some_are() -> str:
    return _("Some are")


def questions_sheet(name: str, group_title: str, count: int, clips: int = 0) -> str:
    """A batch of a guardian's questions about one person, on one numbered sheet; ``clips``
    of its ``count`` faces are faces in clips. A sheet has two faces or more: one face left
    is asked as its own question (``suggestion_question``, ``clip_question``)."""
    person, group = isolated(e(name)), isolated(e(group_title))
    if clips >= count:
        sheet = ngettext(
            "Is this {count} face <b>{name}</b>? (clips in {group}, numbered)",
            "Are these {count} faces <b>{name}</b>? (clips in {group}, numbered)",
            count,
        )
    elif clips:
        sheet = ngettext(
            "Is this {count} face <b>{name}</b>? (photos and clips in {group}, numbered)",
            "Are these {count} faces <b>{name}</b>? (photos and clips in {group}, numbered)",
            count,
        )
    else:
        sheet = ngettext(
            "Is this {count} face <b>{name}</b>? (photos in {group}, numbered)",
            "Are these {count} faces <b>{name}</b>? (photos in {group}, numbered)",
            count,
        )
    return sheet.format(count=count, name=person, group=group)


def questions_sheet_answered(
    name: str, answer: str, count: int, to_you: int, closed: int, clips: int = 0
) -> str:
    """A batch, answered (``answer``: sent, declined, one_by_one) for the ``count`` faces
    still open at the press (``clips`` of them in clips, when sent); ``closed`` of the
    sheet's faces were settled meanwhile (someone answered, the face was given to someone,
    the photo taken down, the question expired): said without naming anybody."""
    person = isolated(e(name))
    if count == 0:
        said = _("Nothing left to answer on this sheet.")
    elif answer == "sent" and clips and to_you != count:
        said = ngettext(
            "Thanks: {media} of <b>{name}</b>, {to_you} on its way to you.",
            "Thanks: {media} of <b>{name}</b>, {to_you} on their way to you.",
            to_you,
        ).format(media=counted_media(count - clips, clips), name=person, to_you=to_you)
    elif answer == "sent" and clips:
        said = ngettext(
            "Thanks: {media} of <b>{name}</b>, on its way to you.",
            "Thanks: {media} of <b>{name}</b>, on their way to you.",
            count,
        ).format(media=counted_media(count - clips, clips), name=person)
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
        "its photos and clips."
    ).format(group=isolated(e(group_title)))


def question_left_since_back(group_title: str) -> str:
    """``question_left``, once its reader came back to the group through my link (walken4
    9): what is still open is asked again, as a new message."""
    return _("This question was closed when you left {group}; you're back in it since.").format(
        group=isolated(e(group_title))
    )


def question_mode_text(mode: str, every: int, hour: int, a_day: int) -> str:
    """The /settings line about how questions arrive (``mode``: each, daily, every); a sheet
    names one group, so one per person and group (walkmore 9)."""
    if mode == "each":
        how = _(
            'Questions ("Is this your child?"): <b>one message per face, as they come, {count} a day '
            "at most (more wait for a sheet)</b>."
        ).format(count=a_day)
    elif mode == "daily":
        how = _(
            'Questions ("Is this your child?"): <b>once a day, at {time} ({zone}), one numbered '
            "sheet per person and group</b>."
        ).format(time=datefmt.hour_here(hour), zone=datefmt.zone_name())
    else:
        how = ngettext(
            'Questions ("Is this your child?"): <b>once {count} is waiting, one numbered sheet per '
            "person and group</b>.",
            'Questions ("Is this your child?"): <b>once {count} are waiting, one numbered sheet per '
            "person and group</b>.",
            every,
        ).format(count=every)
    # A sheet of one face goes as its single question (``QuestionBatches._show``): said, as
    # /settings promised "one numbered sheet" of a lone face (walk34 Dan #17/#19, issue 32).
    sheet = _(
        "On a sheet you answer all faces at once (all are, none is) or one by one; a single "
        'face waiting comes as its own question. Questions about two of your people ("Is '
        'this one child or the other?") always come on their own.'
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


# "Not Alice?" on a delivered photo or clip: two choices, each with its consequence.
def remove_photo_only(*, clip: bool = False) -> str:
    """``clip``: the face is a clip's (every sentence of the choices says "clip")."""
    return _("Remove this clip only") if clip else _("Remove this photo only")


def names_list(names: Sequence[str]) -> str:
    """Names joined as the reader's language joins them ("Alice and Yara", "Alice и
    Yara"), each escaped and kept in its own direction (HTML)."""
    return format_list([isolated(e(name)) for name in names], locale=current_language())


def remove_photo_consequence(
    staying: Sequence[str] = (),
    *,
    clip: bool = False,
    too_old: bool = False,
    round_video: bool = False,
) -> str:
    """``staying``: the user's other persons in the photo, for whom their copy stays;
    ``too_old``: their copy is past Telegram's 48 hours (it can only be blanked, or, a
    ``round_video``, not even that)."""
    if clip:
        return remove_clip_consequence(staying, too_old=too_old, round_video=round_video)
    if staying:
        return ngettext(
            "I'll stop counting this photo as theirs. Your copy stays: {names} is in it "
            "too. Nothing is learned from it: future photos are not affected.",
            "I'll stop counting this photo as theirs. Your copy stays: {names} are in it "
            "too. Nothing is learned from it: future photos are not affected.",
            len(staying),
        ).format(names=names_list(staying))
    if too_old:
        return _(
            "I'll stop counting this photo as theirs and blank my copy of it here (Telegram "
            "lets me delete messages only in their first 48 hours). Nothing is learned from "
            "it: future photos are not affected."
        )
    return _(
        "I'll stop counting this photo as theirs and delete my copy of it here. Nothing is "
        "learned from it: future photos are not affected."
    )


def remove_clip_consequence(
    staying: Sequence[str] = (), *, too_old: bool = False, round_video: bool = False
) -> str:
    if staying:
        return ngettext(
            "I'll stop counting this clip as theirs. Your copy stays: {names} is in it "
            "too. Nothing is learned from it: future photos and clips are not affected.",
            "I'll stop counting this clip as theirs. Your copy stays: {names} are in it "
            "too. Nothing is learned from it: future photos and clips are not affected.",
            len(staying),
        ).format(names=names_list(staying))
    if too_old and round_video:
        return _(
            "I'll stop counting this clip as theirs. My copy of it stays here: Telegram lets "
            "me delete messages only in their first 48 hours, and never lets me change a "
            "round video; you can delete it yourself. Nothing is learned from it: future "
            "photos and clips are not affected."
        )
    if too_old:
        return _(
            "I'll stop counting this clip as theirs and blank my copy of it here (Telegram "
            "lets me delete messages only in their first 48 hours). Nothing is learned from "
            "it: future photos and clips are not affected."
        )
    return _(
        "I'll stop counting this clip as theirs and delete my copy of it here. Nothing is "
        "learned from it: future photos and clips are not affected."
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
    name: str,
    staying: Sequence[str] = (),
    others: int = 0,
    number: int | None = None,
    *,
    clip: bool = False,
    too_old: bool = False,
    round_video: bool = False,
) -> str:
    """``others``: the person's other guardians whose copy of the photo either choice
    deletes (none of their other persons is in it): they are told. ``number``: the
    photo's number in its album (asked from the album's "(photo n)" button). ``clip``:
    the face is a clip's (``round_video``: a round video's). ``too_old``: the user's copy
    is past Telegram's 48 hours."""
    question = _what_is_wrong(name, number, clip=clip)
    remove = remove_photo_only(clip=clip)
    consequence = remove_photo_consequence(
        staying, clip=clip, too_old=too_old, round_video=round_video
    )
    text = (
        f"{question}\n\n"
        f"<b>{remove}</b>: {consequence}\n\n"
        f"<b>{e(isnt_person(name))}</b>: {not_person_consequence(name)}"
    )
    if others and clip:
        text += "\n\n" + ngettext(
            "Either way, the clip also leaves the chat of {name}'s other guardian, and I'll "
            "tell them.",
            "Either way, the clip also leaves the chats of {name}'s {count} other guardians, "
            "and I'll tell them.",
            others,
        ).format(name=isolated(e(name)), count=others)
    elif others:
        text += "\n\n" + ngettext(
            "Either way, the photo also leaves the chat of {name}'s other guardian, and I'll "
            "tell them.",
            "Either way, the photo also leaves the chats of {name}'s {count} other guardians, "
            "and I'll tell them.",
            others,
        ).format(name=isolated(e(name)), count=others)
    return text


def _what_is_wrong(name: str, number: int | None, *, clip: bool) -> str:
    person = isolated(e(name))
    if number is None:
        if clip:
            return _("What's wrong with this clip of <b>{name}</b>?").format(name=person)
        return _("What's wrong with this photo of <b>{name}</b>?").format(name=person)
    if clip:
        return _(
            "What's wrong with this clip of <b>{name}</b> (clip {number} of the album)?"
        ).format(name=person, number=number)
    return _("What's wrong with this photo of <b>{name}</b> (photo {number} of the album)?").format(
        name=person, number=number
    )


def others_told(count: int) -> str:
    """After a correction: the other guardians whose copy went were told."""
    return ngettext(
        "I deleted the other guardian's copy too, and told them.",
        "I deleted the copies of the {count} other guardians too, and told them.",
        count,
    ).format(count=count)


def copies_back(others: int, *, resent: bool = False, clip: bool = False) -> str:
    """After a move back: the copies an earlier change took that come again, the mover's
    own (``resent``) and the other guardians' (``others``, told why themselves; never
    named: the mover may not know them)."""
    said = []
    if resent:
        said.append(
            _("I'm sending you the clip again.") if clip else _("I'm sending you the photo again.")
        )
    if others:
        said.append(
            ngettext(
                "The other guardian who lost their copy gets it back, and I told them why.",
                "The {count} other guardians who lost their copies get them back, and I told "
                "them why.",
                others,
            ).format(count=others)
        )
    return " ".join(said)


# To a guardian whose copy another guardian's correction deleted, by what was said of it
# (``remembered``: "That isn't Alice"; else "Remove this photo only") and whether it is a
# clip. Read as _(COPY_REMOVED[remembered, clip]).
COPY_REMOVED = {
    (True, False): N_(
        "Another guardian of <b>{name}</b> said a face in a photo from {group} isn't "
        "{name}, so I deleted your copy of that photo."
    ),
    (True, True): N_(
        "Another guardian of <b>{name}</b> said a face in a clip from {group} isn't "
        "{name}, so I deleted your copy of that clip."
    ),
    (False, False): N_(
        "Another guardian of <b>{name}</b> removed a {group} photo from {name}'s "
        "photos, so I deleted your copy of that photo."
    ),
    (False, True): N_(
        "Another guardian of <b>{name}</b> removed a {group} clip from {name}'s "
        "photos and clips, so I deleted your copy of that clip."
    ),
}


# ... naming the other guardian, where the reader has no other (walk33 4: "Another
# guardian of Alicia" beside "Ann renamed Alice to Alicia."). Read as
# _(COPY_REMOVED_BY[remembered, clip]).
COPY_REMOVED_BY = {
    (True, False): N_(
        "{by} said a face in a photo from {group} isn't <b>{name}</b>, so I deleted your "
        "copy of that photo."
    ),
    (True, True): N_(
        "{by} said a face in a clip from {group} isn't <b>{name}</b>, so I deleted your "
        "copy of that clip."
    ),
    (False, False): N_(
        "{by} removed a {group} photo from <b>{name}</b>'s photos, so I deleted your copy "
        "of that photo."
    ),
    (False, True): N_(
        "{by} removed a {group} clip from <b>{name}</b>'s photos and clips, so I deleted "
        "your copy of that clip."
    ),
}


def copy_removed_by_co_guardian(
    name: str,
    group_title: str,
    *,
    remembered: bool,
    clip: bool = False,
    by: str | None = None,
    undone: bool = False,
) -> str:
    """To a guardian whose copy of a photo (``clip``: of a clip) another guardian's
    correction deleted; ``by``: that guardian's name, said where the reader has no other
    (``others_named``); ``undone``: the correction was undone since, and the copy sent
    again (walk37B 2: it read as final after the undo)."""
    said = _((COPY_REMOVED_BY if by else COPY_REMOVED)[remembered, clip])
    said = said.format(name=isolated(e(name)), group=isolated(e(group_title)), by=_by(by))
    if not undone:
        return said
    since = _("Since then this was undone, and I sent it to you again.")
    return f"{said} {since}"


def others_named(guardians: int) -> bool:
    """Whether a guardian's notice of another's correction names them: the person has
    ``guardians`` guardians, so the reader has that one other alone (walk33 4)."""
    return guardians == 2


def _by(by: str | None) -> str:
    return isolated(e(by)) if by else ""


# What a copy a correction took from its reader's photos says once Telegram refused to
# delete it (a message older than 48 hours): its picture blanked, its buttons gone. It
# names nobody (a later rename or deletion could not make it say so). Read as
# _(COPY_BLANKED[own, remembered, clip]): ``own``, to the guardian who corrected;
# ``remembered``, "That isn't Alice" (or a move), else "Remove this photo only".
COPY_BLANKED = {
    (True, False, False): N_("You removed this photo from your photos."),
    (True, False, True): N_("You removed this clip from your photos and clips."),
    (True, True, False): N_("You said the person I named isn't in this photo."),
    (True, True, True): N_("You said the person I named isn't in this clip."),
    (False, False, False): N_("Another guardian removed this photo from your photos."),
    (False, False, True): N_("Another guardian removed this clip from your photos and clips."),
    (False, True, False): N_("Another guardian said the person I named isn't in this photo."),
    (False, True, True): N_("Another guardian said the person I named isn't in this clip."),
}


def copy_blanked(*, own: bool, remembered: bool, clip: bool = False) -> str:
    """The caption of a copy a correction took that Telegram no longer lets the bot delete
    (``COPY_BLANKED``), and why it shows no picture."""
    said = _(COPY_BLANKED[own, remembered, clip])
    why = _("Telegram lets me delete messages only in their first 48 hours, so I blanked it.")
    return f"{said} {why}"


def copy_undone_blanked(*, own: bool, clip: bool = False, round_video: bool = False) -> str:
    """The caption of a copy an Undo from /history took (the answer or change that sent it
    undone) that Telegram no longer lets the bot delete; a round video's names message
    (it can't be blanked: it stays)."""
    if own:
        said = (
            _("You undid the change that sent you this clip.")
            if clip
            else _("You undid the change that sent you this photo.")
        )
    else:
        said = (
            _("Another guardian undid the change that sent you this clip.")
            if clip
            else _("Another guardian undid the change that sent you this photo.")
        )
    if round_video:
        why = _(
            "Telegram lets me delete messages only in their first 48 hours, and never lets me "
            "change a round video, so it stays here: you can delete it yourself."
        )
    else:
        why = _("Telegram lets me delete messages only in their first 48 hours, so I blanked it.")
    return f"{said} {why}"


def round_video_kept(*, own: bool, remembered: bool) -> str:
    """What the names message beside a round video a correction took says, once Telegram
    lets the bot neither delete the video (48 hours) nor change it (``COPY_BLANKED``): it
    stays in the chat, its reader may delete it."""
    said = _(COPY_BLANKED[own, remembered, True])
    why = _(
        "Telegram lets me delete messages only in their first 48 hours, and never lets me "
        "change a round video, so it stays here: you can delete it yourself."
    )
    return f"{said} {why}"


def own_round_video_kept() -> str:
    """After a correction: the corrector's round video stays (neither deleted nor blanked)."""
    return _(
        "Telegram lets me delete messages only in their first 48 hours, and never lets me "
        "change a round video, so your copy stays: you can delete it yourself."
    )


def own_copy_blanked() -> str:
    """After a correction: the corrector's copy was blanked, not deleted (48 hours)."""
    return _(
        "Telegram lets me delete messages only in their first 48 hours, so I blanked your "
        "copy instead."
    )


# What a guardian whose copy came again is told, read as _(COPY_BACK[moved, clip]): the
# correction that deleted it was undone, or (``moved``) its face moved back.
COPY_BACK = {
    (False, False): N_(
        "Another guardian of <b>{name}</b> undid their change: that face in a photo from "
        "{group} is {name}'s again, so I'm sending you the photo again."
    ),
    (False, True): N_(
        "Another guardian of <b>{name}</b> undid their change: that face in a clip from "
        "{group} is {name}'s again, so I'm sending you the clip again."
    ),
    (True, False): N_(
        "Another guardian of <b>{name}</b> said that face in a photo from {group} is "
        "{name}'s after all, so I'm sending you the photo again."
    ),
    (True, True): N_(
        "Another guardian of <b>{name}</b> said that face in a clip from {group} is "
        "{name}'s after all, so I'm sending you the clip again."
    ),
}


# ... once the change undone was "Remove this photo only" (walken3 7: "that face ... is
# Alice's again", of a removal that never said the face wasn't hers). Read as
# _(PHOTO_BACK[clip]).
PHOTO_BACK = {
    False: N_(
        "Another guardian of <b>{name}</b> undid their change: that {group} photo is back in "
        "{name}'s photos, so I'm sending it to you again."
    ),
    True: N_(
        "Another guardian of <b>{name}</b> undid their change: that {group} clip is back in "
        "{name}'s photos and clips, so I'm sending it to you again."
    ),
}


# ``COPY_BACK`` and ``PHOTO_BACK``, naming the other guardian (``COPY_REMOVED_BY``).
COPY_BACK_BY = {
    (False, False): N_(
        "{by} undid their change: that face in a photo from {group} is <b>{name}</b>'s "
        "again, so I'm sending you the photo again."
    ),
    (False, True): N_(
        "{by} undid their change: that face in a clip from {group} is <b>{name}</b>'s "
        "again, so I'm sending you the clip again."
    ),
    (True, False): N_(
        "{by} said that face in a photo from {group} is <b>{name}</b>'s after all, so I'm "
        "sending you the photo again."
    ),
    (True, True): N_(
        "{by} said that face in a clip from {group} is <b>{name}</b>'s after all, so I'm "
        "sending you the clip again."
    ),
}
PHOTO_BACK_BY = {
    False: N_(
        "{by} undid their change: that {group} photo is back in <b>{name}</b>'s photos, so "
        "I'm sending it to you again."
    ),
    True: N_(
        "{by} undid their change: that {group} clip is back in <b>{name}</b>'s photos and "
        "clips, so I'm sending it to you again."
    ),
}


def copy_back_by_co_guardian(
    name: str,
    group_title: str,
    *,
    clip: bool = False,
    moved: bool = False,
    photo_only: bool = False,
    by: str | None = None,
) -> str:
    """To a guardian whose copy another guardian's correction had deleted, once that
    correction is undone (``moved``: once they moved the face back; ``photo_only``: the
    correction was "Remove this photo only"): the photo (``clip``: the clip) comes back;
    ``by``: as ``copy_removed_by_co_guardian``'s."""
    if photo_only and not moved:
        said = _(PHOTO_BACK_BY[clip]) if by else _(PHOTO_BACK[clip])
    else:
        said = _(COPY_BACK_BY[moved, clip]) if by else _(COPY_BACK[moved, clip])
    return said.format(name=isolated(e(name)), group=isolated(e(group_title)), by=_by(by))


# To a guardian whose copy went when another guardian undid their change (from /history
# or the change's own message) and the face is no longer the person's (findings21 5: the
# copy vanished without a word). Read as _(COPY_UNDONE[clip]).
COPY_UNDONE = {
    False: N_(
        "Another guardian of <b>{name}</b> undid their change: that face in a photo from "
        "{group} is not {name}'s any more, so I deleted your copy of that photo."
    ),
    True: N_(
        "Another guardian of <b>{name}</b> undid their change: that face in a clip from "
        "{group} is not {name}'s any more, so I deleted your copy of that clip."
    ),
}


# ``COPY_UNDONE``, naming the other guardian (``COPY_REMOVED_BY``).
COPY_UNDONE_BY = {
    False: N_(
        "{by} undid their change: that face in a photo from {group} is not <b>{name}</b>'s "
        "any more, so I deleted your copy of that photo."
    ),
    True: N_(
        "{by} undid their change: that face in a clip from {group} is not <b>{name}</b>'s "
        "any more, so I deleted your copy of that clip."
    ),
}


def copy_undone_by_co_guardian(
    name: str, group_title: str, *, clip: bool = False, by: str | None = None
) -> str:
    """To a guardian whose copy of a photo (``clip``: of a clip) went when another
    guardian undid a change that had made its face the person's; ``by``: as
    ``copy_removed_by_co_guardian``'s."""
    said = _(COPY_UNDONE_BY[clip]) if by else _(COPY_UNDONE[clip])
    return said.format(name=isolated(e(name)), group=isolated(e(group_title)), by=_by(by))


def photo_removed(name: str, *, clip: bool = False) -> str:
    if clip:
        return _(
            "Removed this clip of <b>{name}</b> from your photos and clips. Nothing was "
            "learned from it: future photos and clips are not affected."
        ).format(name=isolated(e(name)))
    return _(
        "Removed this photo of <b>{name}</b> from your photos. Nothing was learned from it: "
        "future photos are not affected."
    ).format(name=isolated(e(name)))


def already_theirs(name: str) -> str:
    """A callback answer (plain text)."""
    return _("That face is already {name}'s.").format(name=isolated(name))


def not_approved_there(name: str) -> str:
    """A callback answer (plain text): a move to a person the organizers of the photo's
    group have not approved (a forged or replayed button; the menu leaves them out)."""
    return _(
        "The organizers of the group this came from have not approved {name}, so I moved nothing."
    ).format(name=isolated(name))


def correction_done() -> str:
    # a callback answer; the message says what was done
    return _("Done.")


def suggestion_answered(
    name: str,
    fate: str | None,
    *,
    yes: str = N_("Yes, that's <b>{name}</b>."),
    clip: bool = False,
) -> str:
    """The question, answered: ``fate`` is what becomes of the photo (None: the answer was no;
    ``clip``: the photo is a clip). ``yes`` is the first sentence (marked with N_, translated
    here), naming the person."""
    person = isolated(e(name))
    if fate is None:
        isnt = _("Not <b>{name}</b>.").format(name=person)
        return f"{isnt} {not_person_consequence(name)}"
    said = _(yes).format(name=person)
    if fate == "sent":
        # True before it comes and after (findings16 10: "I'll send you" stayed once sent).
        then = (
            _("The clip comes to you in this chat.")
            if clip
            else _("The photo comes to you in this chat.")
        )
    elif fate == "in_chat":
        then = _("It's already in your chat: I added <b>{name}</b> to it.").format(name=person)
    elif fate == "held":
        held = (
            _("{name} is paused, so I'm holding the clip until you resume.")
            if clip
            else _("{name} is paused, so I'm holding the photo until you resume.")
        )
        then = held.format(name=person)
    elif fate == "own_post" and clip:
        then = _(
            "You posted this clip yourself, so I won't send it back to you "
            "(/settings changes that)."
        )
    elif fate == "own_post":
        then = _(
            "You posted this photo yourself, so I won't send it back to you "
            "(/settings changes that)."
        )
    else:
        then = _("Thanks, I'll recognize them better.")
    return f"{said} {then}"


# Siblings: a face close to two persons of the same guardian is asked about naming both.
def pair_question(
    first: str,
    second: str,
    group_title: str,
    *,
    clip: bool = False,
    on_screen: tuple[float, float] | None = None,
    clip_s: float | None = None,
) -> str:
    """``clip``: the face is a clip's (the picture is its best frame), with when it is on
    screen as ``clip_question`` says it (None: a clip read from its thumbnail; ``clip_s``
    its length, when known)."""
    names = {"first": isolated(e(first)), "second": isolated(e(second))}
    group = isolated(e(group_title))
    if not clip:
        return _("Is this <b>{first}</b> or <b>{second}</b>? (a photo in {group})").format(
            **names, group=group
        )
    if on_screen is None:
        return _("Is this <b>{first}</b> or <b>{second}</b>? (a clip posted in {group})").format(
            **names, group=group
        )
    start, end = span(on_screen, clip_s)
    if start == end:
        return _(
            "Is this <b>{first}</b> or <b>{second}</b>? (at {time} in the clip posted in {group})"
        ).format(**names, time=isolated(start), group=group)
    return _(
        "Is this <b>{first}</b> or <b>{second}</b>? "
        "(from {start} to {end} in the clip posted in {group})"
    ).format(**names, start=isolated(start), end=isolated(end), group=group)


def neither() -> str:
    return _("Neither")


def pair_answered(
    chosen: str | None, names: tuple[str, str], fate: str | None, *, clip: bool = False
) -> str:
    """The "Alice or Bob?" question, answered: ``chosen`` is the name picked (None:
    neither), ``fate`` what becomes of the photo for the guardian (``clip``: a clip)."""
    if chosen is None:
        first, second = names
        return _(
            "Neither <b>{first}</b> nor <b>{second}</b>. I'll remember this face is "
            "neither of them, so similar faces will be asked about instead of sent."
        ).format(first=isolated(e(first)), second=isolated(e(second)))
    other = names[1] if chosen == names[0] else names[0]
    answered = suggestion_answered(chosen, fate, yes=N_("It's <b>{name}</b>."), clip=clip)
    return f"{answered} {not_person_consequence(other)}"


def already_changed() -> str:
    return _("That face isn't matched to that person any more.")


def not_yours() -> str:
    return _("That isn't one of your people.")


def faces_expired(group_title: str, days: int) -> str:
    """Plain text (a popup): a "Not Alice?" on a copy whose photo's faces the group's
    retention deleted (the person, their faces and the photo are all still there)."""
    return ngettext(
        "{group} keeps the faces of its photos and clips {count} day: this one's are "
        "deleted, so there is nothing to correct.",
        "{group} keeps the faces of its photos and clips {count} days: this one's are "
        "deleted, so there is nothing to correct.",
        days,
    ).format(group=group_title, count=days)


def question_gone() -> str:
    """Plain text (a popup): a question that is no more, gone with its face (its group's
    retention, a takedown) or with the person asked about (deleted, or their faces
    forgotten); it names nobody."""
    return _(
        "This question no longer applies: its face or the person it asked about was deleted, "
        "so there is nothing to answer now."
    )


def face_gone(*, clip: bool = False) -> str:
    """Plain text (a popup): a "Not Alice?" whose face is no more (``clip``: on a clip); it
    names nobody (the presser may not have been a guardian)."""
    if clip:
        return _(
            "That person was deleted (or their faces, or this clip), so this button does "
            "nothing now."
        )
    return _(
        "That person was deleted (or their faces, or this photo), so this button does nothing now."
    )


def question_faces_expired(group_title: str, days: int) -> str:
    """A question still open when retention deleted its face: its picture and buttons go,
    the caption says why there is nothing to answer."""
    return ngettext(
        "This question is closed: <b>{group}</b> keeps the faces of its photos and clips "
        "{count} day, and this one's are deleted. Nothing to do here.",
        "This question is closed: <b>{group}</b> keeps the faces of its photos and clips "
        "{count} days, and this one's are deleted. Nothing to do here.",
        days,
    ).format(group=isolated(e(group_title)), count=days)


def offer_faces_expired(group_title: str, days: int) -> str:
    """An offer of earlier photos still open when retention deleted its faces: its buttons
    go, and it says why there is nothing to send."""
    return ngettext(
        "Nothing to send here any more: <b>{group}</b> keeps the faces of its photos and "
        "clips {count} day, and these are deleted.",
        "Nothing to send here any more: <b>{group}</b> keeps the faces of its photos and "
        "clips {count} days, and these are deleted.",
        days,
    ).format(group=isolated(e(group_title)), count=days)


def question_guardian_gone(name: str) -> str:
    """A question still open about a person its reader no longer guards (they left, or were
    removed): its picture and buttons go ("Yes" only said "That isn't one of your people")."""
    return _("You no longer get <b>{name}</b>'s photos and clips: nothing to answer here.").format(
        name=isolated(e(name))
    )


def question_forgotten() -> str:
    """A question still open in the chat of one who deleted everything (/forget), closed:
    its picture and buttons go (its "Yes" said "That isn't one of your people."); and the
    popup of a press on one of its buttons after."""
    return _("Closed: you deleted everything I had about you.")


def answer_forgotten() -> str:
    """A question answered, or a correction made, by one who since deleted everything
    (/forget): it no longer says what is remembered ("I'll remember these faces aren't
    Yoav's") nor whose the faces are now."""
    return _("Since then you deleted everything I had about you: I keep nothing of this for you.")


def menu_closed_unused_pressed(name: str) -> str:
    """A choice pressed on a menu ``menu_closed_unused`` closed (a client that still shows
    it); ``name``: the person its face is now (empty: nobody's)."""
    if not name:
        return _("This menu closed: nothing was chosen in two days.")
    return _("This menu closed: nothing was chosen in two days. Press “Not {name}?” again.").format(
        name=isolated(e(name))
    )


def menu_closed_unused(name: str) -> str:
    """An open "What's wrong with this photo of Alice?" nobody chose from in two days,
    closed (``menus.OPEN_FOR``); ``name``: the person its face is now (empty: nobody's)."""
    if not name:
        return _("Closed: nothing was chosen here in two days.")
    return _(
        "Closed: nothing was chosen here in two days. Press “Not {name}?” again to correct this."
    ).format(name=isolated(e(name)))


def menu_closed_merged(removed: str, kept: str, name: str) -> str:
    """An open "What's wrong with this photo of Alice?" about a face of either person of a
    merge, once made; ``name``: the person its face is now (the kept one)."""
    return _(
        "Closed: <b>{removed}</b> was merged into <b>{kept}</b>. Press “Not {name}?” again "
        "to correct this."
    ).format(removed=isolated(e(removed)), kept=isolated(e(kept)), name=isolated(e(name)))


def menu_closed_unmerged(removed: str, kept: str, name: str) -> str:
    """An open "What's wrong with this photo of Alice?" about a face of either person of a
    merge, once undone; ``name``: the person its face is now."""
    return _(
        "Closed: the merge of <b>{removed}</b> into <b>{kept}</b> was undone. Press “Not "
        "{name}?” again to correct this."
    ).format(removed=isolated(e(removed)), kept=isolated(e(kept)), name=isolated(e(name)))


def menu_closed_corrected() -> str:
    """An open "What's wrong with this photo of Alice?" once its face was corrected from
    another message (this chat's or another guardian's): it names no one."""
    return _("Closed: this photo was corrected since, so these choices no longer apply.")


def menu_closed_taken_down() -> str:
    """An open "What's wrong with this photo of Alice?" once the group's organizers took
    its photo (or clip) down: it names no one."""
    return _("Closed: the group's organizers took it down, so these choices no longer apply.")


def menu_closed_deleted(name: str) -> str:
    """An open "What's wrong with this photo of Alice?" once Alice was deleted."""
    return _("Closed: <b>{name}</b> was deleted.").format(name=isolated(e(name)))


def menu_closed_faces_forgotten(name: str) -> str:
    """An open "What's wrong with this photo of Alice?" once Alice's faces were deleted."""
    return _("Closed: the faces of <b>{name}</b> were deleted.").format(name=isolated(e(name)))


def menu_closed_renamed(name: str) -> str:
    """An open "What's wrong with this photo of Alice?" once Alice was renamed: it named
    the old name, in its words and on its buttons."""
    return _(
        "Closed: the name is <b>{name}</b> now. Press “Not {name}?” again to correct this."
    ).format(name=isolated(e(name)))
