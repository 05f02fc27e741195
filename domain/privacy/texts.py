"""What privacy (/privacy, /export, /forget) says to people (HTML parse mode)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from domain.earlier_photos.service import NOTE as EARLIER_NOTE
from domain.enrollment.texts import action_label
from domain.languages import dates as datefmt
from domain.languages.catalogs import _, isolated, ngettext
from domain.languages.markup import bold_list, e
from domain.onboarding.texts import group_retention
from domain.recognition.assignments import CLAIMED_NOTE, FACES_FORGOTTEN_NOTE
from domain.states import ApprovalKind, AssignmentOperation, OrganizerRecord


# What facedrop stores, said once: the consent text and /help both show it, and a test
# compares it with the blob store and the tables after a real journey.
def what_i_keep() -> str:
    return _(
        "What I keep, and why:\n"
        "• names: the people you enroll (with a birth date if you give one), you and their other "
        "guardians, and the groups you joined;\n"
        "• face measurements (embeddings) of the faces in your enrollment photos and clips (and "
        "the day you sent each) and in the group's photos and clips (in a clip, one for each face "
        "I followed through it, with when it is on screen), to recognize your people (with a "
        "birth date, a face counts for more in photos of the child at about the same age), and "
        "for a face I "
        "recognized or asked about, which of "
        "your person's faces it resembled and how closely; faces not matched to any enrolled "
        "child are grouped by likeness (without any name, unless a group's organizers name a child from them for "
        "its parent to claim: that name receives nothing, and is shown only to the group's "
        "organizers in its admin chat, and to a member of the group who opens its claim link);\n"
        "• if you claimed a child an organizer named: who named them in which group, when, that "
        "you claimed them and whether you asked about each face, and where I showed you its "
        "faces, to delete them if a photo or clip is taken down (in that group's audit, and their "
        "decision shown to its organizers, without the name once you delete them);\n"
        "• one small crop of one enrollment face per person, shown on their card (while you are "
        "still sending photos or clips, a crop of each accepted face, deleted at /done or "
        "/cancel, at most 7 days);\n"
        "• in a group whose organizers approve new people: their decision on the people you enroll "
        "and on you as a guardian, with the reason if they decline (everyone in their admin chat "
        "sees the person's name, your Telegram name and that crop until they decide);\n"
        '• when I\'m unsure ("Is this your child?"), or before I send earlier photos or clips I found, '
        "a small crop of each face I show you, and for a face in a clip, the one frame of the clip "
        "I show it on, until you answer (at most 30 days);\n"
        "• which group photos and clips were posted (a link to the Telegram message, its caption, "
        "to keep it on the copies I send, who posted it, and a clip's length), which "
        'of them I sent to whom, which earlier ones I offered you ("I found 3 earlier photos of '
        "your child\") and what you answered, and the corrections you make (the group's organizers see who "
        "corrected faces on which day's posts, not whose faces), and, for at most 8 days, the "
        "buttons I showed you, so each works only once; and which of my messages show your "
        "people (their cards and /persons lists), to keep them up to date when something "
        "changes;\n"
        "• your /settings: whether you get your own photos and clips back, and how my questions "
        "reach you (as they come, once a day, or every 5 or 10); and the language I write to you "
        "in: the "
        "one you chose with /language, or your Telegram app's (Telegram tells me which with "
        "each message: I keep the latest);\n"
        "• your consent, kept even after you delete everything, without any face data, and, "
        "until /forget, which of my messages asked for it, to keep what they say of a group's "
        "keep up to date;\n"
        "• if a group's organizers stop my service for you in their group, your Telegram id and "
        "that group, kept even after /forget so that their decision holds;\n"
        "• what a group's organizers did about you (a ban, or their decision on a person you "
        "enroll), kept for the group's audit, without names after /forget;\n"
        "• if you organize a group: what you did in its admin chat (approvals, bans, "
        "takedowns, settings and the like), with your Telegram name, in its audit, the "
        "organizers' record (/export lists it; /forget takes your name off, not the record).\n"
        "I don't keep the enrollment photos and clips themselves, and I fetch the group's photos "
        "and clips from Telegram only while I look at them (a clip's frames are read one by one "
        "and let go, but for the one a question shows). /export shows what I hold, /forget "
        "deletes it."
    )


def privacy_button() -> str:
    return _("What exactly is stored?")


def privacy(groups: Sequence[tuple[str, int | None]]) -> str:
    """/privacy and "What exactly is stored?": every detail, and how long each of the
    reader's groups keeps the faces of its photos."""
    return "\n\n".join([what_i_keep(), *(group_retention(t, days) for t, days in groups)])


def faces_forgotten(name: str) -> str:
    return _(
        "I've deleted every face of <b>{name}</b> I had; the name and guardians are kept. "
        'Open /persons and choose "{add_photos}" to enroll them again.'
    ).format(name=isolated(e(name)), add_photos=action_label("add"))


def faces_forgotten_by(who: str | None, name: str) -> str:
    """To the person's other guardians, once its owner had its faces forgotten; ``who``
    None: said again once the owner deleted their data (/forget took their name)."""
    if who is None:
        return _(
            "Another guardian of <b>{name}</b> had me forget their faces: I deleted every one "
            'I had; the name and guardians are kept. Open /persons and choose "{add_photos}" '
            "to enroll them again."
        ).format(name=isolated(e(name)), add_photos=action_label("add"))
    return _(
        "{who} had me forget the faces of <b>{name}</b>: I deleted every one I had; the name "
        'and guardians are kept. Open /persons and choose "{add_photos}" to enroll them again.'
    ).format(who=isolated(e(who)), name=isolated(e(name)), add_photos=action_label("add"))


def faces_forgotten_since_back(name: str, who: str | None) -> str:
    """``faces_forgotten`` (``who``: ``faces_forgotten_by``, that guardian's first name),
    once photos of the person were added again: no longer "… to enroll them again"
    (walkhe4 9)."""
    if who:
        text = _(
            "{who} had me forget the faces of <b>{name}</b>: I deleted every one I had. Since "
            "then photos of {name} were added again: I look for {name} again."
        )
    else:
        text = _(
            "I deleted every face of <b>{name}</b> I had. Since then photos of {name} were "
            "added again: I look for {name} again."
        )
    return text.format(who=isolated(e(who or "")), name=isolated(e(name)))


def faces_forgotten_since_merged(name: str, who: str | None, kept: str) -> str:
    """``faces_forgotten`` (``who``: ``faces_forgotten_by``, that guardian's first name),
    once the person was merged into ``kept``: no longer "… to enroll them again" of a
    child no longer there."""
    if who:
        text = _(
            "{who} had me forget the faces of <b>{name}</b>: I deleted every one I had. Since "
            "then {name} was merged into <b>{kept}</b>: I send you the photos and clips of "
            "{kept}."
        )
    else:
        text = _(
            "I deleted every face of <b>{name}</b> I had. Since then {name} was merged into "
            "<b>{kept}</b>: I send you the photos and clips of {kept}."
        )
    return text.format(who=isolated(e(who or "")), name=isolated(e(name)), kept=isolated(e(kept)))


def person_deleted(name: str) -> str:
    return _("<b>{name}</b> and everything I had about them are deleted.").format(
        name=isolated(e(name))
    )


def person_deleted_by(who: str, name: str) -> str:
    """To the person's other guardians, once one of them deleted it."""
    return _("{who} deleted <b>{name}</b>: everything I had about them is deleted.").format(
        who=isolated(e(who)), name=isolated(e(name))
    )


def person_deleted_by_another(name: str) -> str:
    """``person_deleted_by``'s once the guardian who deleted it deleted their data too:
    /forget took their name (issue 32)."""
    return _(
        "Another guardian deleted <b>{name}</b>: everything I had about them is deleted."
    ).format(name=isolated(e(name)))


def person_deleted_unnamed(who: str | None) -> str:
    """``person_deleted_by`` (``who``; None: ``person_deleted_by_another``) as kept since:
    the deletion took the child's name, so a redraw (at the /forget of who deleted it) says
    it without (issue 32: "everything I had about them is deleted" kept it)."""
    if who is None:
        return _(
            "Another guardian deleted a child you guarded together: everything I had about "
            "them is deleted."
        )
    return _(
        "{who} deleted a child you guarded together: everything I had about them is deleted."
    ).format(who=isolated(e(who)))


def person_deleted_done(name: str) -> str:
    """Where deleting the person was said to be under way, once it is done."""
    return _("Deleted <b>{name}</b>'s data.").format(name=isolated(e(name)))


def faces_forgotten_done(name: str) -> str:
    """Where deleting the person's faces was said to be under way, once it is done."""
    return _("Deleted every face of <b>{name}</b>.").format(name=isolated(e(name)))


def forgotten() -> str:
    return _(
        "Everything I had about you is deleted, except the record that you agreed and then asked "
        "for this deletion (your Telegram id and the dates, nothing about faces). Goodbye! (If "
        "you ever want to come back, open the link I posted in your group's chat again.)"
    )


def forgotten_organizer() -> str:
    """/forget done, to a parent who also acted as an organizer: the audit keeps that."""
    return _(
        "Everything I had about you is deleted, except the record that you agreed and then asked "
        "for this deletion (your Telegram id and the dates, nothing about faces), and what you "
        "did as an organizer, which stays in the audit log of each group you acted in, by your "
        "Telegram id only, without your name. Goodbye! (If you ever want to come back, open the "
        "link I posted in your group's chat again.)"
    )


def forgotten_done() -> str:
    """Where /forget was said to be under way ("Deleting everything..."), once it is done."""
    return _("Deleted everything.")


def forget_confirm() -> str:
    return _(
        "This deletes everything I have about you: your groups, the people you enrolled (unless "
        "another guardian keeps them), and their face measurements. The photos and clips I sent "
        "you stay in this chat: I can no longer delete them after this, even if the organizers "
        "take one down. It cannot be undone. Are you sure?"
    )


def forget_button() -> str:
    return _("Yes, delete everything")


def forgetting() -> str:
    return _("Deleting everything... I'll confirm when it's done.")


def history_after_forget() -> str:
    """/history from someone whose data was all deleted (findings23 8: it said "Nothing has
    changed yet." right after /forget)."""
    return _(
        "There are no changes to show: you deleted everything I had about you. I keep only "
        "the record of what you agreed to and of your deletion (/export shows it)."
    )


def nothing_to_forget(organizer: OrganizerRecord | None = None, *, kept: bool = False) -> str:
    """``organizer``: what a group's audit log keeps of what they did as an organizer (its
    organizers' record, which /forget keeps, without their name: findings15 3); ``kept``:
    a record of their consent or a ban is kept by their Telegram id (after /forget)."""
    if organizer == OrganizerRecord.NAMED:
        return _(
            "I don't hold anything about you as a parent. What you did as an organizer is in "
            "the audit log of each group you acted in, with your name (/export lists it). Send "
            "/forget confirm to take your name off it: what you did stays there, the "
            "organizers' record, by your Telegram id only."
        )
    if organizer == OrganizerRecord.UNNAMED:
        return _(
            "I don't hold anything about you, so there is nothing to delete. What you did as an "
            "organizer stays in the audit log of each group you acted in, by your Telegram id "
            "only, without your name."
        )
    if kept:
        return _(
            "There is nothing left to delete: I keep only the record of what you agreed to "
            "and of your deletion, by your Telegram id (the dates, nothing about faces). "
            "/export shows it."
        )
    return _("I don't hold anything about you, so there is nothing to delete.")


def organizer_unnamed() -> str:
    """/forget confirmed by an organizer facedrop holds nothing else about, once done."""
    return _(
        "Your name is off what you did as an organizer: each group's audit log keeps it by "
        "your Telegram id only. I hold nothing else about you."
    )


def export_cover_photo(pixels: int, *, merged_into: str | None = None) -> str:
    """In /export's file: what the kept crop of a person is; ``merged_into``: the person
    was merged into that one, and has no card (walken3 8: "kept to show on the person's
    card")."""
    if merged_into:
        return _(
            "a small crop (at most {pixels} px) of one enrollment face, kept while the merge "
            "into {name} can be undone from the history; deleted with {name}"
        ).format(pixels=pixels, name=isolated(merged_into))
    return _(
        "a small crop (at most {pixels} px) of one enrollment face, kept to show on the "
        "person's card; deleted with the person or their faces"
    ).format(pixels=pixels)


def export_child_deleted() -> str:
    """In /export's file, for a child's name: the child a question named was merged into
    another that was deleted since."""
    return _("a child deleted since")


def export_question(names: Sequence[str]) -> str:
    """In /export's file: the question a kept crop waits on, as the reader was asked it
    ("Is this Alice?", or a pair's "Is this Alice or Bob?"), plain text."""
    if len(names) >= 2:
        return _("Is this {first} or {second}?").format(
            first=isolated(names[0]), second=isolated(names[1])
        )
    return _("Is this {name}?").format(name=isolated(names[0]))


def export_waiting_crop(until: datetime | None) -> str:
    """In /export's file: what a crop waiting for the reader's answer is, and the day it
    is deleted at the latest (None: nothing bounds it but the answer)."""
    if until is None:
        return _("a small crop of the face my question shows, kept until you answer it")
    return _(
        "a small crop of the face my question shows, kept until you answer it, and deleted on "
        "{day} at the latest"
    ).format(day=datefmt.day(until))


def export_offer_kind(gathered_questions: bool) -> str:
    """In /export's file: what an offer was (a sheet of the reader's questions gathered
    per their /settings, or earlier photos offered)."""
    return _("your questions, gathered") if gathered_questions else _("earlier photos")


def export_approval_for(kind: str) -> str:
    """In /export's file: what the organizers' approval was about."""
    if kind == ApprovalKind.GUARDIAN:
        return _("you as a guardian")
    if kind == ApprovalKind.CLAIM:
        return _("your claim of this child")
    return _("this person")


def export_claim_status(approved: bool) -> str:
    """In /export's file: where a claim of a child stands."""
    return _("approved") if approved else _("waiting for the organizers")


def export_change(operation: str, note: str | None, undoes: bool) -> str:
    """In /export's file: one change they made to faces, as a sentence in their language
    (findings17 4: its note was English internal text, one with a raw id)."""
    note = note or ""
    if undoes:
        return _("an undo of an earlier change")
    if operation == AssignmentOperation.ASSIGN:
        if note == "suggestion accepted":
            return _("you answered “yes” to a question: the face was given to your person")
        if note == CLAIMED_NOTE:
            return _("you claimed a child the organizers named: its faces were given to them")
        if note == EARLIER_NOTE:
            return _("you asked for an earlier photo: the face was given to your person")
        return _("you gave a face to your person")
    if operation == AssignmentOperation.UNASSIGN:
        if note == "guardian: not this person":
            return _("you said a face is not your person's: I remember it")
        return _("you removed a photo or clip from your person's (“remove this only”)")
    if operation == AssignmentOperation.MOVE:
        return _("you moved a face to another of your persons")
    if operation == AssignmentOperation.MERGE:
        return _("you merged two of your persons into one")
    if note == FACES_FORGOTTEN_NOTE:
        return _("you deleted a person's faces")
    return _("you deleted a person")


def export_answer(accepted: bool) -> str:
    """In /export's file: their answer to a question ("Is this Alice?")."""
    return _("yes") if accepted else _("no")


def export_answer_picked(name: str) -> str:
    """In /export's file: their answer to a sibling pair's question ("Is this Alice or
    Ally?") naming one of the two, as they pressed it."""
    return _("it's {name}").format(name=isolated(name))


def export_answer_neither() -> str:
    """In /export's file: their answer "Neither" to a sibling pair's question ("Is this
    Alice or Ally?")."""
    return _("neither")


def export_rejections_kept(first: str, second: str) -> str:
    """In /export's file: what their "Neither" to "Is this Alice or Ally?" still changes."""
    return _(
        "I remember that this face is neither {first}'s nor {second}'s: on similar faces I ask "
        "instead of sending"
    ).format(first=isolated(first), second=isolated(second))


def export_rejection_kept(name: str) -> str:
    """In /export's file: what their "no" to "Is this Alice?" still changes."""
    return _(
        "I remember that this face isn't {name}'s: on similar faces I ask instead of sending"
    ).format(name=isolated(name))


def export_caption() -> str:
    return _(
        "Everything I hold about you and your people, the face crops I keep included. Face "
        "measurements are counted, not included: they are numbers only I can use."
    )


def export_caption_kept_by_id() -> str:
    """/export's caption when nothing is held about them but the records kept by their
    Telegram id (after /forget, or an organizer who never joined as a parent): findings23 8,
    it spoke of their people, face crops and measurements when none were left."""
    return _(
        "No people, faces or photos: only the records I keep by your Telegram id, each "
        "explained in the file."
    )


def export_organizer_actions() -> str:
    """/export: what its organizer actions are, and why they are kept."""
    return _(
        "What you did as an organizer, as each group's audit log keeps it (/audit in its "
        "admin chat): the action, when, and the name you were shown by then. The organizers "
        "keep it as the group's record."
    )


def export_claims_audited() -> str:
    """/export: a parent's claims of a named child, as the groups' audit logs keep them."""
    return _(
        "Your claims of a child a group's organizers named, as each group's audit log keeps "
        "them (the organizers' record), whatever they decided."
    )


def export_kept_by_id() -> str:
    """/export with nothing held about them but what is kept by their Telegram id (after
    /forget): what that is, and why."""
    return _(
        "All I keep about you, by your Telegram id only: the record of what you agreed to and "
        "of your deletion (the dates, nothing about faces), and the groups whose organizers "
        "stopped my service for you, so that their decision holds."
    )


def export_kept_by_id_organizer() -> str:
    """``export_kept_by_id``, to one who also acted as an organizer: the audit keeps that,
    without their name."""
    return _(
        "All I keep about you, by your Telegram id only: the record of what you agreed to and "
        "of your deletion (the dates, nothing about faces), the groups whose organizers "
        "stopped my service for you, so that their decision holds, and what you did as an "
        "organizer, in the audit log of each group you acted in, without your name."
    )


def nothing_to_export() -> str:
    return _("I don't hold anything about you.")


def export_since_forgotten() -> str:
    """The caption of an /export document Telegram no longer lets me delete, once its reader
    deleted everything with /forget (it said "Everything I hold about you…")."""
    return _(
        "Since I made this file, you deleted everything I had about you (/forget): I hold none "
        "of what it lists any more."
    )


def sending_since_no_guardian() -> str:
    """An earlier message that I look for the reader's people or send them photos ("You're
    in: I'll look for Alice…"), once they are no longer a guardian of anyone (they left
    the last person they guarded, or were removed)."""
    return _(
        "Since then you are no longer a guardian of anyone here: I look for no one for you, "
        "and send you no photos or clips."
    )


def sending_since_guardian_again() -> str:
    """``sending_since_no_guardian``'s message once its reader is a guardian again (an
    invitation accepted, a claim approved, an /add): said in the past (walk35 2)."""
    return _(
        "Since then you were for a while no longer a guardian of anyone here, until you "
        "became one again."
    )


def sending_since_faces(
    name: str, names: Sequence[str], group_title: str | None, *, back: bool
) -> str:
    """An earlier "You're in: I'll look for Alice and Bob in Class 1A…", once every face of
    one it names (``name``) was deleted ("Forget faces"), or (``back``) once photos of it
    were added again since. ``names``: all it names still (``name`` among them)."""
    who = isolated(e(name))
    group = isolated(e(group_title)) if group_title else "?"
    if back:
        listed = bold_list(names)
        return ngettext(
            "You're in <b>{group}</b>. Since then every face of {name} was deleted, and then "
            "photos of them were added again: I look for {names} there, and send you the "
            "photos and clips they are in.",
            "You're in <b>{group}</b>. Since then every face of {name} was deleted, and then "
            "photos of them were added again: I look for {names} there, and send you the "
            "photos and clips they are in.",
            len(names),
        ).format(group=group, name=who, names=listed)
    others = [each for each in names if each != name]
    if not others:
        return _(
            "You're in <b>{group}</b>. Since then every face of <b>{name}</b> was deleted: I "
            "send you no photos or clips of them until photos or a clip of them are added "
            "again from /persons."
        ).format(group=group, name=who)
    listed = bold_list(others)
    return ngettext(
        "You're in <b>{group}</b>. Since then every face of <b>{name}</b> was deleted: I look "
        "for {names} there, and send you the photos and clips they are in; photos of {name} "
        "come again once photos or a clip of them are added again from /persons.",
        "You're in <b>{group}</b>. Since then every face of <b>{name}</b> was deleted: I look "
        "for {names} there, and send you the photos and clips they are in; photos of {name} "
        "come again once photos or a clip of them are added again from /persons.",
        len(others),
    ).format(group=group, name=who, names=listed)


def sending_since_gone(
    name: str | None, looked: Sequence[str], group_title: str | None, *, deleted: bool
) -> str:
    """An earlier "You're in: I'll look for Alice and Bob in Class 1A…", once one it names
    (``name``) is no longer the reader's: they stopped guarding it, or it was ``deleted``
    (issue 32: it still named the child). ``looked``: those it names still looked for.
    ``name`` None: deleted, then or since, as said again since (its name went with it)."""
    who = isolated(e(name or ""))
    if name is None:
        why = (
            _("Since then a child of yours was deleted")
            if deleted
            else _("Since then you are no longer a guardian of one child")
        )
        if not looked:
            if group_title:
                now = _("I no longer look for them in <b>{group}</b>.").format(
                    group=isolated(e(group_title))
                )
            else:
                now = _("I no longer look for them.")
            return f"{why}: {now}"
    elif deleted:
        why = _("Since then <b>{name}</b> was deleted").format(name=who)
    else:
        why = _("Since then you are no longer a guardian of <b>{name}</b>").format(name=who)
    names = bold_list(looked)
    group = isolated(e(group_title)) if group_title else None
    if looked and group:
        now = ngettext(
            "I look for {names} in <b>{group}</b>, and send you the photos and clips they are in.",
            "I look for {names} in <b>{group}</b>, and send you the photos and clips they are in.",
            len(looked),
        ).format(names=names, group=group)
    elif looked:
        now = ngettext(
            "I look for {names}, and send you the photos and clips they are in.",
            "I look for {names}, and send you the photos and clips they are in.",
            len(looked),
        ).format(names=names)
    elif group:
        now = _("I no longer look for {name} in <b>{group}</b>.").format(name=who, group=group)
    else:
        now = _("I no longer look for {name}.").format(name=who)
    return f"{why}: {now}"


def sending_since_forgotten_brief(group: str | None) -> str:
    """An older ``sending_since_forgotten``, when a newer message says it in full: what it
    was about, in brief and in the past (walken7 8: six messages read the same line)."""
    if group is None:
        return _("I looked for your people here.")
    return _("I looked for your people in <b>{group}</b>.").format(group=isolated(e(group)))


def sending_since_forgotten() -> str:
    """An earlier message that I look for the reader's people or send them photos ("You're
    in: I'll look for your people…", a group's delivery change), once they used /forget."""
    return _(
        "Since then you deleted everything I had about you: I no longer look for anyone for "
        "you, nor send you photos or clips."
    )
