"""What enrolling a person says to people (HTML parse mode)."""

from __future__ import annotations

from collections.abc import Sequence

from domain.delivery.texts import clocks_apart
from domain.enrollment.rules import (
    MAX_PHOTOS,
    MIN_PHOTOS,
    NAME_MAX,
    NameProblem,
    PhotoVerdict,
    Tally,
)
from domain.languages.catalogs import N_, _, isolated, joined, ngettext
from domain.languages.markup import e
from domain.languages.texts import counted_media


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
    return f"{ask} {clip_works_too()} {done}"


def clip_works_too() -> str:
    """Enrollment takes a short clip as well as photos (its face's views count as photos)."""
    return _(
        "A short clip works too: 5 to 15 seconds of the face up close, turning slowly, "
        "as phones film it for face unlock."
    )


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
        PhotoVerdict.SAME_PICTURE: _(
            "❌ I already have this photo (or a copy of it): the same picture again teaches me "
            "nothing new, so I didn't count it. Please send a different photo."
        ),
        PhotoVerdict.SOMEONE_ELSES: _(
            "❌ This face is already enrolled by another parent in one of your groups, so I "
            "won't enroll it again. If you are also their guardian, ask that person's guardian "
            'for a co-guardian invite (in /persons: "Invite co-guardian").'
        ),
    }
    return texts[verdict]


# A refused photo's verdict once its session is over (/done, /cancel): why it was refused,
# without "Please send another", which starts nothing then (findings25 12). Read as
# _(REFUSED_CLOSED[verdict]).
REFUSED_CLOSED = {
    PhotoVerdict.NO_FACE: N_("❌ I couldn't find a face in this photo."),
    PhotoVerdict.SEVERAL_FACES: N_(
        "❌ I see several faces here and can't tell which one you mean."
    ),
    PhotoVerdict.TOO_SMALL: N_("❌ The face is too small."),
    PhotoVerdict.TOO_BLURRY: N_("❌ The face is too blurred to learn from."),
    PhotoVerdict.TURNED_AWAY: N_("❌ The face is turned away."),
    PhotoVerdict.UNREADABLE: N_("❌ I can't open this file as a photo."),
    PhotoVerdict.SAME_PICTURE: N_(
        "❌ I already have this photo (or a copy of it): the same picture again teaches me "
        "nothing new, so I didn't count it."
    ),
}


def refused_closed(verdict: PhotoVerdict) -> str:
    """A refused photo's verdict once the session is over (``REFUSED_CLOSED``)."""
    return _(REFUSED_CLOSED[verdict])


# A refused clip's verdict once its session is over (/done, /cancel): why nothing of it was
# kept, without how to film the next one, which starts nothing then. Read as
# _(CLIP_REFUSED_CLOSED[verdict]).
CLIP_REFUSED_CLOSED = {
    PhotoVerdict.NO_FACE: N_("❌ I couldn't find a face in this clip."),
    PhotoVerdict.SEVERAL_FACES: N_(
        "❌ I see two people or more all through this clip and can't tell which one you mean."
    ),
    PhotoVerdict.TOO_SMALL: N_("❌ The face is too small in this clip."),
    PhotoVerdict.TOO_BLURRY: N_("❌ The face is too blurred all through this clip."),
    PhotoVerdict.TURNED_AWAY: N_("❌ The face is turned away all through this clip."),
    PhotoVerdict.UNREADABLE: N_("❌ I can't read this file as a video."),
    PhotoVerdict.TOO_LONG: N_("❌ This clip is too long."),
    PhotoVerdict.SAME_PICTURE: N_(
        "❌ Every view of the face in this clip is one I already have: the same pictures "
        "again teach me nothing new, so I didn't count them."
    ),
    PhotoVerdict.LOOKS_LIKE_YOURS: N_(
        "❌ The face in this clip looks like one of the persons you already enrolled, so "
        "I kept nothing from it."
    ),
}


def clip_refused_closed(verdict: PhotoVerdict) -> str:
    """A refused clip's verdict once the session is over (``CLIP_REFUSED_CLOSED``)."""
    return _(CLIP_REFUSED_CLOSED[verdict])


def tally(count: Tally, *, yours: bool = True) -> str:
    """A session's accepted photos and clip views, told apart: "3 views from your clip and
    1 photo" (a view counts towards the minimum, but is no photo sent); "from a clip" to
    the other guardians (``yours`` False)."""
    photos = ngettext("{count} photo", "{count} photos", count.photos).format(count=count.photos)
    if not count.views:
        return photos
    n = count.views
    if yours and count.clips <= 1:
        views = ngettext("{count} view from your clip", "{count} views from your clip", n)
    elif yours:
        views = ngettext("{count} view from your clips", "{count} views from your clips", n)
    elif count.clips <= 1:
        views = ngettext("{count} view from a clip", "{count} views from a clip", n)
    else:
        views = ngettext("{count} view from clips", "{count} views from clips", n)
    views = views.format(count=n)
    if not count.photos:
        return views
    return _("{views} and {photos}").format(views=views, photos=photos)


def so_far(count: Tally, minimum: int) -> str:
    """The running count told after a verdict once a clip's views are among it."""
    if count.accepted < minimum:
        return _("{tally} so far ({accepted} of {minimum}).").format(
            tally=tally(count), accepted=count.accepted, minimum=minimum
        )
    return _("{tally} so far. Send more, or /done.").format(tally=tally(count))


def photo_accepted(count: Tally, minimum: int) -> str:
    """An accepted photo's verdict with the session's count at it: in photos, or, once a
    clip's views are among them, with the views told apart."""
    if not count.views:
        return photo_verdict(PhotoVerdict.ACCEPTED, count.accepted, minimum)
    return _("✅ Accepted: {so_far}").format(so_far=so_far(count, minimum))


def photo_accepted_closed(count: Tally) -> str:
    """``photo_accepted`` once the session is over (/done): its count, no "Send more"."""
    if not count.views:
        return enrollment_photo_closed(count.accepted, cancelled=False)
    return _("✅ Accepted: {tally}.").format(tally=tally(count))


def views_kept(name: str, times_s: Sequence[float]) -> str:
    """The views of the face kept from a clip: the time of each in the clip, as many
    times as views (two views half a second apart read "0:04, 0:04": findings23 4, the
    count said 5 views and listed 4 times)."""
    return ngettext(
        "✅ From your clip I kept {count} view of {name}'s face ({times}).",
        "✅ From your clip I kept {count} views of {name}'s face ({times}).",
        len(times_s),
    ).format(
        count=len(times_s),
        name=isolated(e(name)),
        times=", ".join(clocks_apart(times_s)),
    )


def clip_kept(name: str, times_s: Sequence[float], count: Tally, minimum: int) -> str:
    """What a clip sent while enrolling gave (``views_kept``), and the session's count
    with it, its views told apart from the photos."""
    return f"{views_kept(name, times_s)} {so_far(count, minimum)}"


def clip_cancelled() -> str:
    """A clip's verdict once its session is cancelled: its views are not kept."""
    return _("🗑 Cancelled: I won't learn from this clip.")


def unlike_the_others_closed(session: str, *, views: int = 0) -> str:
    """``unlike_the_others`` once the session is over (/done): its button is gone, and the
    face is learned; what undoes it now (findings20 2)."""
    if views:
        return _(
            "⚠️ The face in this clip didn't look like the same child as the others you sent "
            "of {name}. If it isn't {name}, open their card (/persons, then {name}), press "
            '"{forget}" and add photos again.'
        ).format(name=isolated(e(session)), forget=_(ACTIONS["forget_faces"]))
    return _(
        "⚠️ This didn't look like the same child as the other faces you sent of {name}. If it "
        'isn\'t {name}, open their card (/persons, then {name}), press "{forget}" and add '
        "photos again."
    ).format(name=isolated(e(session)), forget=_(ACTIONS["forget_faces"]))


def remove_views_button(views: int) -> str:
    """Under a clip's verdict: take back the views kept from it."""
    return ngettext("Remove this view", "Remove these views", views)


def clip_refused(verdict: PhotoVerdict) -> str:
    """Why nothing of a clip sent while enrolling was kept, and what to send instead."""
    if verdict == PhotoVerdict.ENOUGH_ALREADY:
        return photo_verdict(verdict, MAX_PHOTOS)
    texts = {
        PhotoVerdict.NO_FACE: _(
            "❌ I couldn't find a face in this clip. Please film the face up close, turning "
            "slowly from one side to the other, for 5 to 15 seconds."
        ),
        PhotoVerdict.SEVERAL_FACES: _(
            "❌ I see two people or more all through this clip and can't tell which one you "
            "mean. Please film only this person's face."
        ),
        PhotoVerdict.TOO_SMALL: _(
            "❌ The face is too small in this clip. Please film it up close, filling most of "
            "the picture."
        ),
        PhotoVerdict.TOO_BLURRY: _(
            "❌ The face is too blurred all through this clip. Please film it in good light, "
            "moving slowly."
        ),
        PhotoVerdict.TURNED_AWAY: _(
            "❌ The face is turned away all through this clip. Please film it looking at the "
            "camera, then turning slowly to each side."
        ),
        PhotoVerdict.UNREADABLE: _(
            "❌ I can't read this file as a video. Please send the clip again, or photos."
        ),
        PhotoVerdict.TOO_LONG: _(
            "❌ This clip is too long. Please send one of 5 to 15 seconds (at most a minute)."
        ),
        PhotoVerdict.SAME_PICTURE: _(
            "❌ Every view of the face in this clip is one I already have: the same pictures "
            "again teach me nothing new, so I didn't count them. Please send a different "
            "clip, or photos."
        ),
        PhotoVerdict.SOMEONE_ELSES: _(
            "❌ The face in this clip is already enrolled by another parent in one of your "
            "groups, so I won't enroll it again."
        ),
        PhotoVerdict.LOOKS_LIKE_YOURS: _(
            "❌ The face in this clip looks like one of the persons you already enrolled, so "
            "I kept nothing from it. Please send a clip of this person only."
        ),
    }
    return texts.get(verdict, texts[PhotoVerdict.UNREADABLE])


def clip_too_big() -> str:
    """A clip over what a bot may download (the cloud Bot API's 20 MB): a few seconds of
    a phone's 4K clip may be (walk34 8: "send a shorter one" for a 4-second clip)."""
    return _(
        "❌ This clip is over 20 MB, more than Telegram lets me download. Please send a "
        "smaller one: 5 to 15 seconds of the face is all I need, filmed or sent at a lower "
        "quality if it is still too big."
    )


def remove_photo_button() -> str:
    return _("Remove this photo")


def enrollment_photo_removed(count: Tally, minimum: int, *, views: int = 0) -> str:
    """What a removed photo's verdict, or that of a clip whose ``views`` were taken back,
    is edited to say: and the session's count now."""
    if not views and not count.views:
        accepted = count.accepted
        if accepted < minimum:
            return _(
                "🗑 Removed: I won't learn from this photo. {accepted} of {minimum} now."
            ).format(accepted=accepted, minimum=minimum)
        return ngettext(
            "🗑 Removed: I won't learn from this photo. {count} photo now.",
            "🗑 Removed: I won't learn from this photo. {count} photos now.",
            accepted,
        ).format(count=accepted)
    if views:
        removed = ngettext(
            "🗑 Removed: I won't learn from the {count} view of your clip.",
            "🗑 Removed: I won't learn from these {count} views of your clip.",
            views,
        ).format(count=views)
    else:
        removed = _("🗑 Removed: I won't learn from this photo.")
    below = count.accepted < minimum
    if not count.views:  # only photos are left: counted as before any clip
        left = (
            _("{accepted} of {minimum} now.").format(accepted=count.accepted, minimum=minimum)
            if below
            else ngettext("{count} photo now.", "{count} photos now.", count.accepted).format(
                count=count.accepted
            )
        )
    elif below:
        left = _("{tally} now ({accepted} of {minimum}).").format(
            tally=tally(count), accepted=count.accepted, minimum=minimum
        )
    else:
        left = _("{tally} now.").format(tally=tally(count))
    return f"{removed} {left}"


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


def question_left_at_done() -> str:
    """A look-alike question ("Add this photo to Alice?") still unanswered at /done: the
    session is over, and the photo was not used."""
    return _("🗑 Not used: you sent /done before answering, so I won't learn from this photo.")


def unlike_the_others(session: str, *, views: int = 0) -> str:
    """Added under an accepted enrollment photo, or a clip's verdict (its ``views`` kept),
    whose face is far from the person's other faces (``rules.unlike_the_others``); those
    others may be photos or views from clips, so they are called neither."""
    if views:
        return _(
            "⚠️ The face in this clip doesn't look like the same child as the others you sent "
            'of {name}. If it isn\'t {name}, press "{button}", or I would look for {name} '
            "with another child's face."
        ).format(name=isolated(e(session)), button=remove_views_button(views))
    return _(
        "⚠️ This doesn't look like the same child as the other faces you sent of {name}. "
        'If it isn\'t {name}, press "{button}", or I would look for {name} with '
        "another child's face."
    ).format(name=isolated(e(session)), button=remove_photo_button())


def looks_like(name: str, session: str, *, others: Tally) -> str:
    """An enrollment photo of ``session`` whose face is ``name``, already enrolled; that the
    session's ``others`` accepted photos stay with it is said only when it has some, and
    counted where views from a clip are among them (they are no photos)."""
    asked = _(
        "This looks like <b>{name}</b>, whom you already enrolled. Add this photo to {name}?"
    ).format(name=isolated(e(name)))
    if not others.accepted:
        return asked
    if others.views:
        stay = _("Only this one: {session} keeps the others you sent ({tally}).").format(
            session=isolated(e(session)), tally=tally(others)
        )
    else:
        stay = _("Only this one: your other photos stay with {session}.").format(
            session=isolated(e(session))
        )
    return f"{asked} {stay}"


def same_picture_added(name: str) -> str:
    """A photo the guardian said is ``name`` ("Yes, add to Alice"), who already has that
    picture from enrollment (``rules.same_picture``): not added."""
    return _(
        "❌ {name} already has this photo (or a copy of it): the same picture again teaches me "
        "nothing new, so I didn't add it to {name}."
    ).format(name=isolated(e(name)))


def add_to_button(name: str) -> str:
    return _("Yes, add to {name}").format(name=isolated(name))


def different_person_button() -> str:
    return _("No, it's a different person")


def added_to(name: str, session: str, *, others: int, kept: Tally | None = None) -> str:
    """ "Yes, add to Sara" on one photo of Ben's enrollment: only that photo goes; the
    session keeps its ``others`` photos (``kept``: those accepted, counted where views
    from a clip are among them)."""
    if kept is not None and kept.views:
        return _(
            "OK: I'm adding this photo to <b>{name}</b>, and I'll tell you when I've learned "
            "it. <b>{session}</b> keeps the others you sent ({tally}): send more of "
            "{session}, or /done."
        ).format(name=isolated(e(name)), session=isolated(e(session)), tally=tally(kept))
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
    return _("Please send a photo (or an image file) or a short clip, /done or /cancel.")


def still_checking() -> str:
    # What is being checked may be a photo or a clip (its views are read frame by frame).
    return _("I'm still checking what you sent last. Send /done again in a moment.")


def answer_first(questions: int) -> str:
    """/done with too few photos while look-alike questions wait for the guardian's answer
    (the photos were sent: what is missing is the answer)."""
    return ngettext(
        "Please answer the question above first (or send more photos or a clip), then send /done again.",
        "Please answer the {count} questions above first (or send more photos or a clip), then send "
        "/done again.",
        questions,
    ).format(count=questions)


def too_few_photos(accepted: int, minimum: int = MIN_PHOTOS, count: Tally | None = None) -> str:
    """/done too early: the photos (``count``: and clip views, told apart) it has."""
    if count is not None and count.views:
        return _(
            "I need at least {minimum}, photos or views from a clip; I have {tally}. "
            "Please send more."
        ).format(minimum=minimum, tally=tally(count))
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
        where = joined(f"<b>{isolated(e(g))}</b>" for g in groups)
        ready = _(
            "<b>{name}</b> is ready. I'll send you the photos and clips they appear in from: "
            "{groups}."
        ).format(name=person, groups=where)
    else:
        ready = _(
            "<b>{name}</b> is ready. I'll send you the photos and clips they appear in from: "
            "your groups."
        ).format(name=person)
    if not ask_birth_date:
        return ready
    return f"{ready}\n\n{_birth_date_hint(name)}"


def _birth_date_hint(name: str) -> str:
    return _(
        "For a child: give their birth date on their card (/persons, {name}, {button}), and "
        "I'll weigh each photo by the child's age in it, to keep finding them as they grow."
    ).format(name=isolated(e(name)), button=action_label("birth"))


def enrollment_ready_away(
    name: str,
    groups: Sequence[str],
    removed: Sequence[str],
    left: Sequence[str],
    *,
    banned: Sequence[str] = (),
    lifted: Sequence[str] = (),
    ask_birth_date: bool = False,
) -> str:
    """``enrollment_ready`` of ``groups`` while nothing comes from some of them: those I was
    removed from (``removed``), those the reader left (``left``), those whose organizers
    turned my service off for the reader (``banned``), or back on, and the reader is not
    back in them yet (``lifted``) (issue 32)."""
    still = [g for g in groups if g not in (*removed, *left, *banned, *lifted)]
    if still:
        lines = [enrollment_ready(name, still)]
    else:
        lines = [_("<b>{name}</b> is ready.").format(name=isolated(e(name)))]

    lines += away_from(removed, left, banned, lifted)
    ready = " ".join(lines)
    return f"{ready}\n\n{_birth_date_hint(name)}" if ask_birth_date else ready


def away_from(
    removed: Sequence[str],
    left: Sequence[str],
    banned: Sequence[str] = (),
    lifted: Sequence[str] = (),
) -> list[str]:
    """Why nothing comes from these groups now, a sentence a reason: I was removed from
    them (``removed``), the reader left them (``left``), their organizers turned my service
    off for the reader (``banned``), or back on, and the reader is not back yet
    (``lifted``) (issue 32)."""
    lines: list[str] = []

    def listed(titles: Sequence[str]) -> str:
        return joined(f"<b>{isolated(e(g))}</b>" for g in titles)

    if removed:
        lines.append(
            ngettext(
                "I'm no longer in {groups}: nothing comes from there until its organizers add "
                "me back.",
                "I'm no longer in {groups}: nothing comes from there until their organizers add "
                "me back.",
                len(removed),
            ).format(groups=listed(removed))
        )
    if left:
        lines.append(
            ngettext(
                "You left {groups}: nothing comes from there now.",
                "You left {groups}: nothing comes from there now.",
                len(left),
            ).format(groups=listed(left))
        )
    if banned:
        lines.append(
            ngettext(
                "The organizers of {groups} turned off my service for you: nothing comes from "
                "there.",
                "The organizers of {groups} turned off my service for you: nothing comes from "
                "there.",
                len(banned),
            ).format(groups=listed(banned))
        )
    if lifted:
        lines.append(
            ngettext(
                "Nothing comes from {groups} until you're back in it: tap the button under my "
                "welcome there.",
                "Nothing comes from {groups} until you're back in them: tap the button under my "
                "welcome there.",
                len(lifted),
            ).format(groups=listed(lifted))  # the button in the group's language (walk34 1)
        )
    return lines


def enrollment_awaiting_approval(name: str) -> str:
    return _(
        "<b>{name}</b> is enrolled. An organizer of your group approves new persons first; "
        "I'll tell you when that's done."
    ).format(name=isolated(e(name)))


def enrollment_cancelled() -> str:
    return _("Cancelled. I've deleted what you sent for this person.")


def enrollment_left_for_another(name: str, sent: bool) -> str:
    """A new /add while enrolling ``name``, not finished: nothing of them is kept (``sent``:
    photos or a clip had been sent for them, deleted now)."""
    if not sent:
        return _("I stopped enrolling <b>{name}</b>: nothing had been sent for {name} yet.").format(
            name=isolated(e(name))
        )
    return _(
        "I didn't keep <b>{name}</b>: you started enrolling someone else before {name} was "
        "done, so I've deleted what you sent for {name}. To enroll {name}, send /add again "
        "once this one is done."
    ).format(name=isolated(e(name)))


def addition_cancelled(name: str, photos: int, clips: int) -> str:
    """/cancel while adding photos or a clip to someone enrolled: nothing new learned, and
    what was learned of them before stays (``photos``, ``clips``: sent in this addition,
    deleted)."""
    name = isolated(e(name))
    if not photos and not clips:
        return _(
            "Cancelled: nothing added to <b>{name}</b>; the faces I learned before stay."
        ).format(name=name)
    return _(
        "Cancelled: nothing added to <b>{name}</b>. I've deleted the {media} you sent now; the "
        "faces I learned before stay."
    ).format(name=name, media=counted_media(photos, clips))


def enrollment_continues(name: str) -> str:
    """An unfinished enrollment taken up again from its card."""
    return _(
        "Let's finish enrolling <b>{name}</b>: send me more photos or a clip of them, then /done "
        "(or /cancel to delete what you sent)."
    ).format(name=isolated(e(name)))


def cancelled() -> str:
    return _("Cancelled.")


def nothing_to_cancel() -> str:
    return _("There's nothing to cancel.")


def nothing_to_finish() -> str:
    """/done with no enrollment open (findings23 2: it said "There's nothing to cancel.")."""
    return _("There's no enrollment open to finish. To enroll someone, send /add.")


def private_photo_outside_enrollment() -> str:
    return _(
        "To enroll someone, send /add first. Photos and clips for your group go in the group "
        "chat; I'll send you the ones your people are in."
    )


def photos_added(name: str, count: Tally, waiting_in: Sequence[str] = ()) -> str:
    """A session of an enrolled person learned: its photos, and a clip's views told apart
    (a view is no photo). ``waiting_in``: the reader's groups, none of which recognizes the
    person until its organizers approve it (nothing of it is used before: findings27 9)."""
    if waiting_in:
        groups = _bold_groups(waiting_in)
        if count.views:
            return ngettext(
                "Added {tally} to <b>{name}</b>. I'll use it once the organizers of {groups} "
                "approve <b>{name}</b>.",
                "Added {tally} to <b>{name}</b>. I'll use them once the organizers of {groups} "
                "approve <b>{name}</b>.",
                count.accepted,
            ).format(tally=tally(count), name=isolated(e(name)), groups=groups)
        return ngettext(
            "Added {count} photo of <b>{name}</b>. I'll use it once the organizers of {groups} "
            "approve <b>{name}</b>.",
            "Added {count} photos of <b>{name}</b>. I'll use them once the organizers of "
            "{groups} approve <b>{name}</b>.",
            count.photos,
        ).format(count=count.photos, name=isolated(e(name)), groups=groups)
    if count.views:
        return ngettext(
            "Added {tally} to <b>{name}</b>. I'll use it from now on.",
            "Added {tally} to <b>{name}</b>. I'll use them from now on.",
            count.accepted,
        ).format(tally=tally(count), name=isolated(e(name)))
    return ngettext(
        "Added {count} photo of <b>{name}</b>. I'll use it from now on.",
        "Added {count} photos of <b>{name}</b>. I'll use them from now on.",
        count.photos,
    ).format(count=count.photos, name=isolated(e(name)))


def photos_added_by(who: str, name: str, count: Tally, waiting_in: Sequence[str] = ()) -> str:
    """To the other guardians of a person when one of them added photos (or a clip) of it;
    ``waiting_in`` as ``photos_added``'s."""
    if waiting_in:
        groups = _bold_groups(waiting_in)
        if count.views:
            return ngettext(
                "{who} added {tally} to <b>{name}</b>. I'll use it once the organizers of "
                "{groups} approve <b>{name}</b>.",
                "{who} added {tally} to <b>{name}</b>. I'll use them once the organizers of "
                "{groups} approve <b>{name}</b>.",
                count.accepted,
            ).format(
                who=isolated(e(who)),
                tally=tally(count, yours=False),
                name=isolated(e(name)),
                groups=groups,
            )
        return ngettext(
            "{who} added {count} photo of <b>{name}</b>. I'll use it once the organizers of "
            "{groups} approve <b>{name}</b>.",
            "{who} added {count} photos of <b>{name}</b>. I'll use them once the organizers "
            "of {groups} approve <b>{name}</b>.",
            count.photos,
        ).format(who=isolated(e(who)), count=count.photos, name=isolated(e(name)), groups=groups)
    if count.views:
        return ngettext(
            "{who} added {tally} to <b>{name}</b>. I'll use it from now on.",
            "{who} added {tally} to <b>{name}</b>. I'll use them from now on.",
            count.accepted,
        ).format(who=isolated(e(who)), tally=tally(count, yours=False), name=isolated(e(name)))
    return ngettext(
        "{who} added {count} photo of <b>{name}</b>. I'll use it from now on.",
        "{who} added {count} photos of <b>{name}</b>. I'll use them from now on.",
        count.photos,
    ).format(who=isolated(e(who)), count=count.photos, name=isolated(e(name)))


def photos_added_by_another(name: str, count: Tally, waiting_in: Sequence[str] = ()) -> str:
    """``photos_added_by``'s once the guardian who added them deleted their data: /forget
    took their name (issue 32)."""
    if waiting_in:
        groups = _bold_groups(waiting_in)
        if count.views:
            return ngettext(
                "Another guardian added {tally} to <b>{name}</b>. I'll use it once the "
                "organizers of {groups} approve <b>{name}</b>.",
                "Another guardian added {tally} to <b>{name}</b>. I'll use them once the "
                "organizers of {groups} approve <b>{name}</b>.",
                count.accepted,
            ).format(tally=tally(count, yours=False), name=isolated(e(name)), groups=groups)
        return ngettext(
            "Another guardian added {count} photo of <b>{name}</b>. I'll use it once the "
            "organizers of {groups} approve <b>{name}</b>.",
            "Another guardian added {count} photos of <b>{name}</b>. I'll use them once the "
            "organizers of {groups} approve <b>{name}</b>.",
            count.photos,
        ).format(count=count.photos, name=isolated(e(name)), groups=groups)
    if count.views:
        return ngettext(
            "Another guardian added {tally} to <b>{name}</b>. I'll use it from now on.",
            "Another guardian added {tally} to <b>{name}</b>. I'll use them from now on.",
            count.accepted,
        ).format(tally=tally(count, yours=False), name=isolated(e(name)))
    return ngettext(
        "Another guardian added {count} photo of <b>{name}</b>. I'll use it from now on.",
        "Another guardian added {count} photos of <b>{name}</b>. I'll use them from now on.",
        count.photos,
    ).format(count=count.photos, name=isolated(e(name)))


def still_waits_for_approval(name: str, groups: Sequence[str]) -> str:
    """After the decisions of some groups' organizers, in what told another guardian that
    photos were added while the person waited (``photos_added_by``): those who have yet to
    decide."""
    return _("<b>{name}</b> still waits for the approval of the organizers of {groups}.").format(
        name=isolated(e(name)), groups=_bold_groups(groups)
    )


def _bold_groups(groups: Sequence[str]) -> str:
    return joined(f"<b>{isolated(e(g))}</b>" for g in groups)


def organizers_asked_again(name: str, groups: Sequence[str]) -> str:
    """After ``photos_added``: the organizers of these groups had not approved the person,
    and the new photos ask them again (a new card in their admin chat)."""
    return _(
        "The organizers of {groups} had not approved <b>{name}</b>: I asked them again with "
        "the new photos, and I'll tell you when they decide."
    ).format(groups=joined(f"<b>{isolated(e(g))}</b>" for g in groups), name=isolated(e(name)))


# A person card's buttons. Read as _(ACTIONS[action]).
ACTIONS = {
    "rename": N_("Rename"),
    "birth": N_("Birth date"),
    "add": N_("Add photos or a clip"),
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


def enrollment_ready_waiting(
    name: str,
    ready: Sequence[str],
    waiting: Sequence[str],
    unset: Sequence[str] = (),
    organized: Sequence[str] = (),
) -> str:
    """Enrolled, and waiting for approval in some groups (``unset``: those of them whose
    organizers have no admin chat linked yet; ``organized``: the admin chats (titles, ""
    when unknown) where the card waits for the reader, one of those organizers: walkmore
    5, an organizer read it as someone else's decision)."""

    def listed(groups: Sequence[str]) -> str:
        return joined(f"<b>{isolated(e(g))}</b>" for g in groups)

    lines = [_("<b>{name}</b> is ready.").format(name=isolated(e(name)))]
    if ready:
        lines.append(
            _("I'll send you the photos and clips they appear in from: {groups}.").format(
                groups=listed(ready)
            )
        )
    lines.append(
        _(
            "In {groups}, the organizers approve new persons first: I'll tell you when they decide."
        ).format(groups=listed(waiting))
    )
    if organized:
        chats = [c for c in organized if c]
        lines.append(
            _("You're one of them: the card is in {chats}.").format(chats=listed(chats))
            if chats
            else _("You're one of them: the card is in the admin chat.")
        )
    if unset:
        lines.append(
            _(
                "The organizers of {groups} haven't set up approvals yet; your request is kept "
                "and sent to them as soon as they do."
            ).format(groups=listed(unset))
        )
    return " ".join(lines)
