"""What the organizers' side (admin chat, approvals, takedown, bans, /settings) says to
people (HTML parse mode)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from domain import errors
from domain.enrollment.texts import action_label
from domain.languages import dates as datefmt
from domain.languages.catalogs import (
    LANGUAGES,
    N_,
    RLM,
    _,
    isolated,
    joined,
    ngettext,
    right_to_left,
    right_to_left_lines,
)
from domain.languages.markup import e
from domain.languages.texts import counted_clips, counted_media, counted_photos, when
from domain.moderation.approval_rules import Withdrawn
from domain.moderation.audit_store import ASKER_SHOWN, INTO_SHOWN
from domain.moderation.unreadable_store import UnreadablePost
from domain.recognition.strictness import MAX_STEPS
from domain.states import DeliveryMode, MediaKind, WaitingSaid
from domain.videos import frames

# --- /help in a group, for its admins ---


def group_help_for_admins(link: str, admin_chat: str | None) -> str:
    """/help in the group from one of its admins: each command their menu there offers
    (``ORGANIZER_COMMANDS``, as described in the menu), and where each works.
    ``admin_chat`` is ``admin_chat_name(...)``, None before one is linked."""
    lines = [
        _("Parents get their child's photos and clips through this link: {link}").format(link=link),
        "",
        _("For the admins of this group:"),
        *(f"/{command} {_(description)}" for command, description in ORGANIZER_COMMANDS),
        "",
    ]
    # The commands that act in the group itself; the others answer with where they work.
    here = ", ".join(f"/{command}" for command, _description in GROUP_ADMIN_COMMANDS)
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


# --- the organizers' menu ---

ORGANIZER_COMMANDS = (
    ("admin", N_("link or move this group's admin chat")),
    ("settings", N_("approval, strictness, delivery, retention, language")),
    ("timezone", N_("the time zone of the group's times")),
    ("stats", N_("the group's numbers this week, and a chart")),
    ("audit", N_("recent moderation and corrections, with undo")),
    ("pending", N_("the approval cards still waiting")),
    ("takedown", N_("remove a photo or clip everywhere (reply to it, or its link)")),
    ("ban", N_("stop facedrop for a participant (reply, or @username)")),
    ("unban", N_("let a banned participant use facedrop again")),
    ("pause", N_("pause recognition and delivery for the group")),
    ("resume", N_("resume recognition and delivery")),
    ("whois", N_("name look-alike faces not matched to any enrolled child")),
    ("unclaimed", N_("the children you named that nobody claimed yet")),
    ("help", N_("what I do here, and each command")),
)
# Of those, the ones that act in the group itself: its admins' menu there (each other one
# answers in the group only with where it works: the admin chat, whose members' menu is
# all of ``ORGANIZER_COMMANDS``).
GROUP_ADMIN_COMMANDS = tuple(
    c for c in ORGANIZER_COMMANDS if c[0] in ("admin", "takedown", "ban", "unban", "help")
)


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
    # "/{command}" is no command until formatted: isolated then, as a translation's are.
    return right_to_left_lines(
        _(
            "/{command} works in this group's admin chat, {chat}, where only the organizers "
            "read the answer. Send it there."
        ).format(command=command, chat=admin_chat)
    )


def admin_chat_first(command: str) -> str:
    """An organizer's command sent in the photo group before any admin chat is linked."""
    return right_to_left_lines(
        _(
            "/{command} works in this group's admin chat, and it has none yet. Send /admin here "
            "first to link one, then /{command} there."
        ).format(command=command)
    )


def untitled_group() -> str:
    return _("(untitled group)")


# Linking: /admin in the group, the startgroup link, /start <token> in the chat it picks.
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


def admin_chat_was(group_title: str, chat_title: str) -> str:
    """The "now the admin chat" message in a chat the group's admin chat moved from
    (walkhe2 6)."""
    return _(
        "This chat was the admin chat of <b>{group}</b>; its admin chat is <b>{chat}</b> now."
    ).format(group=isolated(e(group_title)), chat=isolated(e(chat_title)))


def admin_chat_already(group_title: str) -> str:
    return _(
        "This chat is already the admin chat of <b>{group}</b>. /help lists the commands."
    ).format(group=isolated(e(group_title)))


def no_longer_admin_chat(group_title: str) -> str:
    """/help, and every organizers' command, in a chat the group's admins moved the admin
    chat away from."""
    return _(
        "This chat is no longer the admin chat of <b>{group}</b>: an admin of the group "
        "linked another admin chat. To make this chat its admin chat again, an admin of the "
        "group sends /admin in the group and picks this chat."
    ).format(group=isolated(e(group_title)))


def admin_chat_moved_away(group_title: str) -> str:
    return _(
        "This chat no longer serves <b>{group}</b>: an admin of the group linked "
        "another admin chat. Nothing of that group comes here any more."
    ).format(group=isolated(e(group_title)))


def settings_moved_away(group_title: str, chat_title: str) -> str:
    """A settings card left in a chat the group's admin chat moved from: its buttons would
    only expire (the Hebrew walk of issue 32)."""
    return _(
        "The settings of <b>{group}</b> are in its admin chat, <b>{chat}</b>, now: send "
        "/settings there."
    ).format(group=isolated(e(group_title)), chat=isolated(e(chat_title)))


def takedown_moved_away(group_title: str, chat_title: str) -> str:
    """A takedown question left in a chat the group's admin chat moved from: it no longer
    acts there (walken4 11)."""
    return _("The admin chat of <b>{group}</b> is <b>{chat}</b> now: send /takedown there.").format(
        group=isolated(e(group_title)), chat=isolated(e(chat_title))
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
    served = joined(f"<b>{isolated(e(t))}</b>" for t in group_titles)
    return _(
        "This is the admin chat of {groups}. To link or move an admin chat, an admin sends "
        "/admin in the group itself."
    ).format(groups=served)


def admin_chat_help(group_titles: Sequence[str]) -> str:
    served = joined(f"<b>{isolated(e(t))}</b>" for t in group_titles)
    return _(
        "This is the admin chat of {groups}: its organizers moderate here. Anyone in this "
        "chat can read it; only the group's Telegram admins can act, and I ask Telegram "
        "at every action.\n\n"
        "/audit recent moderation and corrections (who, what, when), with undo where "
        "possible. Shows no faces and no names of children.\n"
        "/takedown &lt;message link&gt; here, or reply /takedown to the photo or clip in the "
        "group: remove it from facedrop, from the group and from every guardian's chat. "
        "Shows the post's date, not who is in it.\n"
        "/ban, /unban @username or user id here (or reply /ban to their message in the "
        "group): shows the participant's Telegram name only.\n"
        "/pause, /resume stop and restart recognition and delivery for the group.\n"
        "/stats numbers only: members, guardians, persons, photos, clips and deliveries this "
        "week, questions waiting, recognition rate, failures; and a 14-day chart.\n"
        "/settings approval, strictness, delivery mode, retention, language.\n"
        "/timezone the time zone of the times I write (for example /timezone Berlin).\n"
        "/pending post again the approval cards still waiting.\n"
        "/whois the largest groups of look-alike faces not matched to any enrolled child, one "
        "at a time, as a sheet of faces: name the child, and pass the claim link I send you privately to the "
        "parent (nothing of the child is sent until the parent claims it and you approve the "
        "claim here; the name is shown only here and to a member of the group who opens the "
        "link).\n"
        "/unclaimed the children you named and nobody claimed yet: a new link, revoke, "
        "rename, delete.\n"
        "/help this message.\n\n"
        "{approvals_help} Faces appear here only on these cards and on /whois sheets.\n\n"
        "In the group itself I never post names or faces; an admin sends /admin there to "
        "link or move this chat. Photos and clips posted here are not recognized or shared."
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
# An approval that undid a rejection (/audit's Undo): said as what it was (issue 32: it
# read "Poster approved a new person (an undo)").
_REJECTIONS_UNDONE: Mapping[str, str] = {
    "person": N_("{who} undid the rejection of a new person"),
    "guardian": N_("{who} undid the rejection of a co-guardian"),
}


def _decided_about(action: str, details: Mapping[str, Any]) -> list[str]:
    """What tells one decision on a person or a co-guardian from another without naming a
    child (findings25 1): who asked, and a rejection's reason."""
    kind = str(details.get("kind", ""))
    if kind not in ("person", "guardian"):
        return []
    said = []
    asker = details.get(ASKER_SHOWN)
    if asker:
        if kind == "person":
            said.append(_("enrolled by {parent}").format(parent=isolated(e(str(asker)))))
        else:
            said.append(isolated(e(str(asker))))
    code = details.get("reason")
    if action == "rejected" and code:
        label = next((button for each, button, _s in ALL_REJECT_REASONS if each == code), None)
        if label is not None:
            said.append(_("reason: {reason}").format(reason=_(label)))
    return said


def _took_down_a_clip(action: str, details: Mapping[str, Any]) -> bool:
    """A takedown whose details say it was a clip (``takedown_store.MEDIA_KIND``; recorded
    before that was kept: a photo)."""
    kind = details.get("media_kind")
    return action == "taken_down" and kind in {k.value for k in MediaKind if k.is_clip}


def audit_moderation_line(
    actor: str, action: str, subject: str, details: Mapping[str, Any], undone: bool
) -> str:
    """One moderation event. Approvals never show the person's name (``subject`` is ignored
    for them): the audit names participants, settings and chats, never children."""
    who = _who(actor)
    if action in ("banned", "unbanned"):
        subject = participant_named(subject, details.get("user_id"))
    clip = _took_down_a_clip(action, details)
    decision = _DECISIONS.get((action, str(details.get("kind", ""))))
    reapproved = action == "approved" and bool(details.get("undoes"))
    if reapproved:
        decision = _REJECTIONS_UNDONE.get(str(details.get("kind", "")), decision)
    if decision is not None:
        line = " · ".join([_(decision).format(who=who), *_decided_about(action, details)])
    elif action == "claimed" and details.get("into"):
        # "It's my Sara": the child the parent said the faces are, named as the claim's
        # card names it (as now; a child deleted since, unnamed).
        into = details.get(INTO_SHOWN)
        line = (
            _("{who} claimed a named child as their child {child}").format(
                who=who, child=f"<b>{isolated(e(str(into)))}</b>"
            )
            if into
            else _("{who} claimed a named child as a child of theirs deleted since").format(who=who)
        )
    elif action == "setting_changed" and "setting" in details:
        key = str(details["setting"])
        name = _(SETTING_NAMES.get(key, key)).lower()
        old, new = setting_value(key, details.get("old")), setting_value(key, details.get("new"))
        # Each value isolated, so the arrow reads in the reader's direction (a right-to-left
        # catalog writes "←").
        line = _("{who} changed a setting: {setting} {old} → {new}").format(
            who=who, setting=e(name), old=isolated(e(old)), new=isolated(e(new))
        )
    elif action == "taken_down" and isinstance(details.get("posted_at"), str):
        # When the photo was posted (``takedown_store.POSTED_AT``), in the reader's zone, as
        # the line's own time.
        posted = datefmt.moment(datetime.fromisoformat(details["posted_at"]))
        line = (
            _("{who} took down the clip posted {date}")
            if clip
            else _("{who} took down the photo posted {date}")
        ).format(who=who, date=posted)
    elif subject and action in _ACTIONS_ON:
        line = _(_ACTIONS_ON[action]).format(who=who, subject=isolated(e(subject)))
    elif clip:
        line = _("{who} took down a clip").format(who=who)
    elif action in _ACTIONS:
        line = _(_ACTIONS[action]).format(who=who)
    else:
        line = f"{who} {e(action)}" + (f" {isolated(e(subject))}" if subject else "")
    if details.get("undoes") and not reapproved:
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


def _correction_on_a_clip(operation: str, faces: int) -> str:
    """An audit line of a correction on one clip ({who}, {count} faces, {date})."""
    if operation == "assign":
        return ngettext(
            "{who} tagged {count} face on a clip of {date}",
            "{who} tagged {count} faces on a clip of {date}",
            faces,
        )
    if operation == "unassign":
        return ngettext(
            "{who} untagged {count} face on a clip of {date}",
            "{who} untagged {count} faces on a clip of {date}",
            faces,
        )
    if operation == "move":
        return ngettext(
            "{who} corrected {count} face on a clip of {date}",
            "{who} corrected {count} faces on a clip of {date}",
            faces,
        )
    if operation == "remove":
        return ngettext(
            "{who} removed {count} face on a clip of {date}",
            "{who} removed {count} faces on a clip of {date}",
            faces,
        )
    return ngettext(
        "{who} changed {count} face on a clip of {date}",
        "{who} changed {count} faces on a clip of {date}",
        faces,
    )


def _correction_on_posts(operation: str, faces: int) -> str:
    """An audit line of a correction on several posts ({who}, {count} faces, {posts}: "3
    photos", "2 photos and 1 clip")."""
    if operation == "assign":
        return ngettext(
            "{who} tagged {count} face on {posts}",
            "{who} tagged {count} faces on {posts}",
            faces,
        )
    if operation == "unassign":
        return ngettext(
            "{who} untagged {count} face on {posts}",
            "{who} untagged {count} faces on {posts}",
            faces,
        )
    if operation == "move":
        return ngettext(
            "{who} corrected {count} face on {posts}",
            "{who} corrected {count} faces on {posts}",
            faces,
        )
    if operation == "remove":
        return ngettext(
            "{who} removed {count} face on {posts}",
            "{who} removed {count} faces on {posts}",
            faces,
        )
    return ngettext(
        "{who} changed {count} face on {posts}",
        "{who} changed {count} faces on {posts}",
        faces,
    )


def audit_correction_line(
    actor: str,
    operation: str,
    faces: int,
    dates: Sequence[datetime],
    clips: int = 0,
    *,
    undone: bool = False,
    is_an_undo: bool = False,
    remembered: bool = False,
) -> str:
    """A person's correction of ``faces`` faces on the posts posted at ``dates``, ``clips``
    of them clips; ``undone`` since, or ``is_an_undo`` of an earlier one (as /history says:
    a correction and its undo read as two identical lines, findings10 4); ``remembered``:
    an untag that also taught me the faces are not that child's ("That isn't Alice", not
    "Remove this photo only": walk34 4), which its undo forgets again."""
    if len(dates) == 1:
        day = datefmt.day_of_year(min(dates))
        sentence = _correction_on_a_clip if clips else _correction_on_a_photo
        line = sentence(operation, faces).format(who=_who(actor), count=faces, date=day)
    else:
        line = _correction_on_posts(operation, faces).format(
            who=_who(actor), count=faces, posts=counted_media(len(dates) - clips, clips)
        )
    if is_an_undo:
        return _("{line} (an undo)").format(line=line)
    if undone:
        return _("{line} (undone)").format(line=line)
    if remembered:
        return ngettext(
            "{line} (and I remember it isn't that child)",
            "{line} (and I remember they aren't that child)",
            faces,
        ).format(line=line)
    return line


def audit_text(group_title: str, lines: Sequence[tuple[datetime, str, str]]) -> str:
    """The /audit message: numbered lines (time, what, and why it cannot be undone)."""
    rows = [
        f"{n}. {when(at)} · {line}" + (f"\n    <i>{why}</i>" if why else "")
        for n, (at, line, why) in enumerate(lines, 1)
    ]
    return audit_header(group_title) + "\n\n" + "\n".join(rows)


def audit_as_of(until: datetime) -> str:
    """Under an /audit redrawn after lines it does not list were recorded."""
    return _(
        "<i>As of {time}: what happened since is not listed here. Send /audit for the latest.</i>"
    ).format(time=isolated(when(until)))


def undo_button(number: int) -> str:
    return _("↩️ Undo {number}").format(number=number)


def undone_alert() -> str:
    return _("Undone.")


# Read as _(_CANNOT_UNDO[action]).
_CANNOT_UNDO: Mapping[str, str] = {
    "admin_chat_linked": N_("To move the admin chat, an admin sends /admin in the group."),
    "taken_down": N_("A takedown can't be undone: the photo and its copies are deleted."),
    "approved": N_("An approval can't be undone here."),
    # Nothing to undo here, but it can be done again: "can't be undone" would be untrue.
    "unbanned": N_("To ban them again, send /ban."),
}


def cannot_undo_an_undo(action: str) -> str:
    """Why an undo (recorded as ``action``, what it did) is not undone in turn: the
    organizer acts again where that can be done (a ban, a pause, a setting); an undone
    rejection approved the person, which nothing offers to reject again (findings15 1)."""
    if action == "approved":
        return _("An undo isn't undone in turn, and an approval can't be undone here.")
    return _("An undo isn't undone in turn: to go back, do it again.")


def cannot_undo(action: str, details: Mapping[str, Any] | None = None) -> str:
    """Why the event (``details``: what it recorded) cannot be undone; of a takedown, what
    its job could not delete (``takedown_store.LEFT``), if anything."""
    left = (details or {}).get("left") if action == "taken_down" else None
    if isinstance(left, Mapping) and left.get("unreachable"):
        unreachable = int(left.get("unreachable") or 0)
        if left.get("copies"):
            kept = _takedown_left(bool(left.get("post")), int(left.get("copies") or 0))
        elif left.get("post"):
            kept = _(
                "A takedown can't be undone. Its faces are deleted, but I couldn't delete the "
                "post in the group."
            )
        else:
            kept = _("A takedown can't be undone. Its faces are deleted.")
        return " ".join((kept, _takedown_unreachable(unreachable)))
    if isinstance(left, Mapping) and (left.get("post") or left.get("copies")):
        return _takedown_left(bool(left.get("post")), int(left.get("copies") or 0))
    if _took_down_a_clip(action, details or {}):
        return _("A takedown can't be undone: the clip and its copies are deleted.")
    if action == "rejected" and (details or {}).get("kind") == "claim":
        return _("A rejected claim can't be undone: the child it named was deleted with it.")
    if action in _CANNOT_UNDO:
        return _(_CANNOT_UNDO[action])
    return _("This can't be undone.")


def _takedown_left(post: bool, copies: int) -> str:
    """A takedown that could not delete everything (findings18 8): its faces are deleted,
    but the post in the group (``post``) or so many copies in guardians' chats stayed."""
    if post and copies:
        return ngettext(
            "A takedown can't be undone. Its faces are deleted, but I couldn't delete the post "
            "in the group, and {count} copy in guardians' chats was too old for me to delete.",
            "A takedown can't be undone. Its faces are deleted, but I couldn't delete the post "
            "in the group, and {count} copies in guardians' chats were too old for me to delete.",
            copies,
        ).format(count=copies)
    if post:
        return _(
            "A takedown can't be undone. Its faces and its copies in guardians' chats are "
            "deleted, but I couldn't delete the post in the group."
        )
    return ngettext(
        "A takedown can't be undone. Its faces are deleted, but {count} copy in guardians' "
        "chats was too old for me to delete.",
        "A takedown can't be undone. Its faces are deleted, but {count} copies in guardians' "
        "chats were too old for me to delete.",
        copies,
    ).format(count=copies)


def _takedown_unreachable(count: int) -> str:
    """Copies of a photo taken down that went to guardians forgotten since (findings22 6)."""
    return ngettext(
        "{count} copy sent to a guardian who has since deleted their data with /forget stays "
        "in their chat: I can no longer reach it.",
        "{count} copies sent to guardians who have since deleted their data with /forget stay "
        "in their chats: I can no longer reach them.",
        count,
    ).format(count=count)


# Why an undo was refused. Read as _(UNDO_REFUSED[reason]).
UNDO_REFUSED: Mapping[str, str] = {
    "changed_since": N_("That can't be undone any more: it has changed since."),
    "unknown_setting": N_("That setting can't be undone from here; use /settings."),
}


def lifted_since(action: str, line: int | None) -> str:
    """Why a ban or a pause of /audit cannot be undone: /unban lifted it, or /resume ended
    it, since (``line``: the number of that line in the same /audit, when it is listed)."""
    if action == "banned":
        if line is None:
            return _("Lifted since with /unban: to ban them again, send /ban.")
        return _("Lifted since with /unban (line {line}): to ban them again, send /ban.").format(
            line=line
        )
    if line is None:
        return _("Ended since with /resume: to pause again, send /pause.")
    return _("Ended since with /resume (line {line}): to pause again, send /pause.").format(
        line=line
    )


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


# A claim's: the claimer sent no photos, and is one parent among the group's (findings18 6:
# a claim was offered the enrollment's reasons, and its claimer told none).
CLAIM_REJECT_REASONS: tuple[tuple[str, str, str], ...] = (
    (
        "not_parent",
        N_("Not this child's parent"),
        N_("they don't know you as this child's parent"),
    ),
    ("other", N_("Other: talk to us"), N_("please talk to the group's organizers")),
)


# A co-guardian's: they sent no photos and enrolled no one (the Hebrew walk of issue 32: a
# co-guardian's card offered "Unsuitable photos" and "Enrolled already", which would have
# told them "the enrollment photos don't show them clearly enough").
GUARDIAN_REJECT_REASONS: tuple[tuple[str, str, str], ...] = (
    (
        "not_guardian",
        N_("Not known as its guardian"),
        N_("they don't know you as one of this child's guardians"),
    ),
    ("other", N_("Other: talk to us"), N_("please talk to the group's organizers")),
)
ALL_REJECT_REASONS = (*REJECT_REASONS, *GUARDIAN_REJECT_REASONS, *CLAIM_REJECT_REASONS)


def reject_reason(code: str) -> str:
    """What the guardian is told for a rejection's reason code (an unknown one as it is)."""
    for each, _button, sentence in ALL_REJECT_REASONS:
        if each == code:
            return _(sentence)
    return code


# What the admin chat's card and record say of a rejection's reason where the guardian's
# sentence speaks to the guardian (walkhe2 7: "they don't know you as…", read by the
# organizers, who are "they").
_RECORDED_REASONS = {
    "not_guardian": N_("not known to the organizers as one of this child's guardians"),
    "not_parent": N_("not known to the organizers as this child's parent"),
    "other": N_("asked to talk to the group's organizers"),
}


def recorded_reason(code: str) -> str:
    """What the admin chat reads of a rejection's reason code (third person)."""
    said = _RECORDED_REASONS.get(code)
    return _(said) if said is not None else reject_reason(code)


def pick_a_reason() -> str:
    return _("Pick a reason: the guardian is told it.")


def only_organizers_decide() -> str:
    return _("Only the group's admins can approve or reject.")


def guardian_label(first_name: str, username: str | None) -> str:
    name = first_name or "?"
    return f"{name} (@{username})" if username else name


def approval_card(
    group_title: str,
    co_guardian: bool,
    person_name: str,
    guardian: str,
    cover: bool,
    *,
    person_blocked: bool = False,
) -> str:
    """The card in the admin chat: the group, who asks, for whom, and what it will do
    (``person_blocked``: a co-guardian's, of a person not approved in the group itself)."""
    head = _("<b>Approval needed</b> in <b>{group}</b>").format(group=isolated(e(group_title)))
    if co_guardian:
        body = _(
            "New co-guardian: <b>{guardian}</b>, of <b>{name}</b> (enrolled already). Until "
            "approved they get no photos or clips from this group."
        ).format(guardian=isolated(e(guardian)), name=isolated(e(person_name)))
        if person_blocked:
            body += " " + _(
                "<b>{name}</b> is not approved in this group: approving a guardian sends "
                "nothing of {name} from it until {name} is approved."
            ).format(name=isolated(e(person_name)))
    else:
        body = _(
            "New person: <b>{name}</b>, enrolled by <b>{guardian}</b>. Until approved they are "
            "not recognized in this group's photos and clips."
        ).format(name=isolated(e(person_name)), guardian=isolated(e(guardian)))
    # The cover is a crop of the kept face: it may come from a photo or a clip.
    face = "\n" + _("This is the enrollment face I keep.") if cover else ""
    return f"{head}\n{body}{face}"


def merged_person(name: str, kept: str) -> str:
    """A person an approval card asked about, merged since into ``kept`` (named as it is
    now): what the card, its decision and its record call it."""
    return _("{name} (since merged into {kept})").format(name=name, kept=kept)


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


def approved_record_waits(person_name: str, merged_into: str = "") -> str:
    """Under the record of a person approved here, once a merge made it wait for approval
    again: merged with a person not approved here, or into one (``merged_into``) (issue 32:
    "✅ Approved" stayed beside the pending card)."""
    if merged_into:
        return _(
            "Since then merged into <b>{kept}</b>, who is not approved here: {kept} is not "
            "recognized in this group's photos and clips until approved."
        ).format(kept=isolated(e(merged_into)))
    return _(
        "Since then <b>{name}</b> was merged with a person not approved here: {name} is not "
        "recognized in this group's photos and clips until that person is approved."
    ).format(name=isolated(e(person_name)))


def approval_off_record(
    group_title: str, co_guardian: bool, person_name: str, guardian: str
) -> str:
    """What stays in the admin chat of a card that waited when approval was turned off
    (walkhe 1: the card kept its buttons and "until approved, I won't recognize…")."""
    group, name, whose = isolated(e(group_title)), isolated(e(person_name)), isolated(e(guardian))
    if co_guardian:
        return _(
            "Approval in <b>{group}</b>: co-guardian <b>{guardian}</b>, of <b>{name}</b>.\n"
            "Approval is off now: {guardian} gets the photos and clips of {name} without it."
        ).format(group=group, guardian=whose, name=name)
    return _(
        "Approval in <b>{group}</b>: new person <b>{name}</b>, enrolled by <b>{guardian}</b>.\n"
        "Approval is off now: {name} is matched without it."
    ).format(group=group, name=name, guardian=whose)


def approval_card_replaced(group_title: str) -> str:
    """On an approval card too old to delete, once a newer message about it is posted."""
    return _("An approval card of <b>{group}</b>: see the newer message about it below.").format(
        group=isolated(e(group_title))
    )


def approval_card_withdrawn(group_title: str, why: Withdrawn | None = None) -> str:
    """On an approval card or decision record too old to delete, withdrawn, saying why
    (``why``; None: not known). Findings19 18: a
    decision record read "withdrawn" (the word /audit uses for an undone decision) when
    the parent deleted their data."""
    group = isolated(e(group_title))
    if why == Withdrawn.DELETED:
        text = _(
            "Approval in <b>{group}</b>: that person has since been deleted by their guardian."
        )
    elif why == Withdrawn.GONE:
        text = _("Approval in <b>{group}</b>: that person has since been deleted.")
    elif why == Withdrawn.FACES:
        text = _("Approval in <b>{group}</b>: that person's faces have since been deleted.")
    elif why == Withdrawn.MOVED:
        text = _("Approval in <b>{group}</b>: the admin chat has moved since.")
    elif why == Withdrawn.FORGOTTEN:
        text = _(
            "Approval in <b>{group}</b>: the parent it was about has since deleted their data."
        )
    elif why == Withdrawn.MERGED:
        # Findings26 5: not "deleted": its faces are another approved person's now.
        text = _(
            "Approval in <b>{group}</b>: that person has since been merged into another person "
            "by their guardian."
        )
    else:
        text = _("An approval card of <b>{group}</b>, withdrawn.")
    return text.format(group=group)


def already_decided(approved: bool, by: str) -> str:
    if approved:
        return _("Already approved by {admin}.").format(admin=isolated(by))
    return _("Already rejected by {admin}.").format(admin=isolated(by))


def waiting_for_approval(
    person_name: str,
    group_title: str,
    co_guardian: bool,
    admin_chat: bool,
    *,
    person_blocked: bool = False,
) -> str:
    """The guardian hears that something waits for a group's organizers
    (``person_blocked``: a co-guardian of a person not approved there itself, rejected or
    waiting, so their approval alone sends nothing: issue 32)."""
    name, group = isolated(e(person_name)), isolated(e(group_title))
    if co_guardian and person_blocked:
        waits = _(
            "⏳ You, as a guardian of <b>{name}</b>, need the approval of the organizers of "
            "<b>{group}</b>, and {name} is not approved there either: nothing of {name} comes "
            "from there until they approve {name} and you."
        ).format(name=name, group=group)
    elif co_guardian:
        waits = _(
            "⏳ You, as a guardian of <b>{name}</b>, need the approval of the organizers of "
            "<b>{group}</b> before I send photos and clips from there."
        ).format(name=name, group=group)
    else:
        waits = _(
            "⏳ <b>{name}</b> needs the approval of the organizers of <b>{group}</b> before I "
            "send photos and clips from there."
        ).format(name=name, group=group)
    if admin_chat:
        told = _("I'll tell you when they decide.")
    else:
        told = _(
            "They haven't set up approvals yet; your request is kept and sent to them as "
            "soon as they do."
        )
    return f"{waits} {told}"


def waited_approval_off(person_name: str, group_title: str, co_guardian: bool) -> str:
    """The message that told the guardian it waits, once the organizers turned approval off
    (walkhe 1)."""
    name, group = isolated(e(person_name)), isolated(e(group_title))
    if co_guardian:
        text = _(
            "You, as a guardian of <b>{name}</b>, waited for the approval of the organizers of "
            "<b>{group}</b>: they have since turned approval off."
        )
    else:
        text = _(
            "<b>{name}</b> waited for the approval of the organizers of <b>{group}</b>: they "
            "have since turned approval off."
        )
    return text.format(name=name, group=group)


def approval_turned_off(person_name: str, group_title: str, co_guardian: bool) -> str:
    """To a guardian whose approval waited, once the organizers turned approval off: the
    photos come now (walkhe 1: "I'll tell you when they decide" stayed, nobody would)."""
    name, group = isolated(e(person_name)), isolated(e(group_title))
    if co_guardian:
        text = _(
            "✅ The organizers of <b>{group}</b> no longer approve new persons first: from now "
            "on I'll send you, as a guardian of <b>{name}</b>, the photos and clips of {name} "
            "posted there."
        )
    else:
        text = _(
            "✅ The organizers of <b>{group}</b> no longer approve new persons first: from now "
            "on I'll send you the photos and clips of <b>{name}</b> posted there."
        )
    return text.format(name=name, group=group)


def approval_turned_back_on(person_name: str, group_title: str, co_guardian: bool) -> str:
    """The line that told a guardian the photos come now (``approval_turned_off``), once
    the organizers turned approval on again while it still waited (issue 32: it still
    promised the photos)."""
    name, group = isolated(e(person_name)), isolated(e(group_title))
    if co_guardian:
        text = _(
            "The organizers of <b>{group}</b> turned approval off for a while, then on again: "
            "you, as a guardian of <b>{name}</b>, need their approval again before I send "
            "more photos and clips of {name} from there."
        )
    else:
        text = _(
            "The organizers of <b>{group}</b> turned approval off for a while, then on again: "
            "<b>{name}</b> needs their approval again before I send more photos and clips "
            "from there."
        )
    return text.format(name=name, group=group)


def approval_back_on_since(person_name: str, group_title: str, co_guardian: bool, now: str) -> str:
    """``approval_turned_back_on`` as it is ``now`` (walkhe4 5: "needs their approval again"
    stayed after the approval): "waits", "approved", "rejected", or "off" again."""
    if now == "waits":
        return approval_turned_back_on(person_name, group_title, co_guardian)
    name, group = isolated(e(person_name)), isolated(e(group_title))
    if now == "off":
        text = _(
            "The organizers of <b>{group}</b> turned approval off for a while, then on again, "
            "and since then off again."
        )
    elif co_guardian and now == "approved":
        text = _(
            "The organizers of <b>{group}</b> turned approval off for a while, then on again, "
            "and have since approved you as a guardian of <b>{name}</b>."
        )
    elif co_guardian:
        text = _(
            "The organizers of <b>{group}</b> turned approval off for a while, then on again, "
            "and have since decided not to approve you as a guardian of <b>{name}</b>."
        )
    elif now == "approved":
        text = _(
            "The organizers of <b>{group}</b> turned approval off for a while, then on again, "
            "and have since approved <b>{name}</b>."
        )
    else:
        text = _(
            "The organizers of <b>{group}</b> turned approval off for a while, then on again, "
            "and have since decided not to approve <b>{name}</b>."
        )
    return text.format(name=name, group=group)


def waited_for_approval(
    person_name: str, group_title: str, co_guardian: bool, *, approved: bool
) -> str:
    """The message that told the guardian it waits (``waiting_for_approval``), once the
    organizers decided (findings27 7: it still said it waits after the approval)."""
    name, group = isolated(e(person_name)), isolated(e(group_title))
    if co_guardian and approved:
        text = _(
            "You, as a guardian of <b>{name}</b>, waited for the approval of the organizers of "
            "<b>{group}</b>: they have since approved you."
        )
    elif co_guardian:
        text = _(
            "You, as a guardian of <b>{name}</b>, waited for the approval of the organizers of "
            "<b>{group}</b>: they have since decided not to approve you."
        )
    elif approved:
        text = _(
            "<b>{name}</b> waited for the approval of the organizers of <b>{group}</b>: they "
            "have since approved {name}."
        )
    else:
        text = _(
            "<b>{name}</b> waited for the approval of the organizers of <b>{group}</b>: they "
            "have since decided not to approve {name}."
        )
    return text.format(name=name, group=group)


def said_inside(line: str, person_name: str, said: str) -> str:
    """A line that said the person waits for the organizers inside another (``line``: a
    ``WaitingSaid``), saying ``said`` now of the wait (walkhe2 1, 9: "I'll tell you when
    they decide" stayed after the decision, and after approval was off)."""
    name = isolated(e(person_name))
    if line == WaitingSaid.READY:
        return _("<b>{name}</b> is ready. {said}").format(name=name, said=said)
    return _("New faces of <b>{name}</b> were added. {said}").format(name=name, said=said)


def merged_since(person_name: str, kept: str) -> str:
    """After a line about a new person merged since into ``kept`` (walkhe2 4)."""
    return _("<b>{name}</b> has since been merged into <b>{kept}</b>.").format(
        name=isolated(e(person_name)), kept=isolated(e(kept))
    )


def co_guardian_request(line: str, who: str, person_name: str, group_title: str, now: str) -> str:
    """In another guardian's chat, a line that said the co-guardian ``who`` waits for the
    organizers (``line``: ``WaitingSaid.JOINED``, ``WaitingSaid.IN_GROUP``), as it stands
    ``now``: "approved", "rejected", "off" (approval turned off), "waits" (again) (walkhe2
    3: "Carl will get… once its organizers approve them" stayed after the decision)."""
    values = {"who": isolated(e(who)), "name": isolated(e(person_name))}
    values["group"] = isolated(e(group_title))
    if now == "approved":
        said = _(
            "{who}'s request to get the photos and clips of <b>{name}</b> from <b>{group}</b> "
            "waited for its organizers' approval: they have since approved it."
        )
    elif now == "rejected":
        said = _(
            "{who}'s request to get the photos and clips of <b>{name}</b> from <b>{group}</b> "
            "waited for its organizers' approval: they have since decided not to approve it."
        )
    elif now == "off":
        said = _(
            "{who}'s request to get the photos and clips of <b>{name}</b> from <b>{group}</b> "
            "waited for its organizers' approval: they have since turned approval off."
        )
    else:
        said = _(
            "{who}'s request to get the photos and clips of <b>{name}</b> from <b>{group}</b> "
            "waits for its organizers' approval; I'll tell you when they decide."
        )
    said = said.format(**values)
    if line != WaitingSaid.JOINED:
        return said
    return _(
        "{who} is now also a guardian of <b>{name}</b>: they accepted an invitation. {said}"
    ).format(who=values["who"], name=values["name"], said=said)


def waited_no_longer_guardian(person_name: str, group_title: str) -> str:
    """The message that told a co-guardian they wait (``waiting_for_approval``), once they
    stopped guarding the person while it waited (they left, or its owner removed them)."""
    return _(
        "You, as a guardian of <b>{name}</b>, waited for the approval of the organizers of "
        "<b>{group}</b>: since then you are no longer a guardian of {name}, so there is "
        "nothing left for them to decide."
    ).format(name=isolated(e(person_name)), group=isolated(e(group_title)))


def approved_for_guardian(
    person_name: str,
    group_title: str,
    co_guardian: bool,
    *,
    person_blocked: bool = False,
    away: bool = False,
) -> str:
    """To the approved guardian (``person_blocked``: a co-guardian of a person not approved
    in the group itself, so nothing comes from there yet; ``away``: the guardian is not in
    the group now, unbanned and not back yet or gone, so its photos come once they are)."""
    name, group = isolated(e(person_name)), isolated(e(group_title))
    if away and not person_blocked:
        back = _(  # the button not quoted: it is in the group's language (walk34 1)
            "I'll send you the photos and clips {name} appears in that are posted there once "
            "you're back in the group: tap the button under my welcome there."
        ).format(name=name)
        return f"{approved_by(person_name, group_title, co_guardian)} {back}"
    if co_guardian and person_blocked:
        return _(
            "✅ You, as a guardian of <b>{name}</b>, are approved by the organizers of "
            "<b>{group}</b>. {name} is not approved there, though: nothing of {name} comes "
            "from there until the organizers approve {name}."
        ).format(name=name, group=group)
    if co_guardian:
        return _(
            "✅ You, as a guardian of <b>{name}</b>, are approved by the organizers of "
            "<b>{group}</b>. I'll send you the photos and clips {name} appears in that are posted "
            "there from now on."
        ).format(name=name, group=group)
    return _(
        "✅ <b>{name}</b> is approved by the organizers of <b>{group}</b>. I'll send you the "
        "photos and clips {name} appears in that are posted there from now on."
    ).format(name=name, group=group)


def approved_by(person_name: str, group_title: str, co_guardian: bool) -> str:
    """ "✅ Alice is approved by the organizers of Class 1A.", alone: ``approved_for_guardian``
    with no promise of when its photos come."""
    name, group = isolated(e(person_name)), isolated(e(group_title))
    if co_guardian:
        return _(
            "✅ You, as a guardian of <b>{name}</b>, are approved by the organizers of "
            "<b>{group}</b>."
        ).format(name=name, group=group)
    return _("✅ <b>{name}</b> is approved by the organizers of <b>{group}</b>.").format(
        name=name, group=group
    )


def approved_since_merged(person_name: str, group_title: str, co_guardian: bool) -> str:
    """The message that told the guardian "✅ approved… from now on", once a merge with a
    child not approved in the group made the child wait for its organizers again (walkhe
    4: it still promised the photos, and nothing came)."""
    name, group = isolated(e(person_name)), isolated(e(group_title))
    if co_guardian:
        text = _(
            "✅ You, as a guardian of <b>{name}</b>, were approved by the organizers of "
            "<b>{group}</b>. Since then {name} was merged with a child they haven't approved: "
            "nothing of {name} comes from there until they approve."
        )
    else:
        text = _(
            "✅ <b>{name}</b> was approved by the organizers of <b>{group}</b>. Since then "
            "{name} was merged with a child they haven't approved: nothing of {name} comes "
            "from there until they approve."
        )
    return text.format(name=name, group=group)


def approved_merged_away(
    merged_name: str, person_name: str, group_title: str, *, blocked: bool
) -> str:
    """To the guardian, once the organizers approved a person merged since into another
    (walkhe 4: "approved Amy, from now on I'll send Amy's photos", and there was no Amy):
    by the name that stays (``blocked``: the merged child still waits, or was rejected,
    there for another reason)."""
    merged, name = isolated(e(merged_name)), isolated(e(person_name))
    group = isolated(e(group_title))
    if blocked:
        text = _(
            "✅ The organizers of <b>{group}</b> approved <b>{merged}</b>, merged since into "
            "<b>{name}</b>. {name} still needs their approval, though: nothing of {name} "
            "comes from there until then."
        )
    else:
        text = _(
            "✅ The organizers of <b>{group}</b> approved <b>{merged}</b>, merged since into "
            "<b>{name}</b>. I'll send you the photos and clips {name} appears in that are "
            "posted there from now on."
        )
    return text.format(merged=merged, name=name, group=group)


def co_guardian_decided(
    who: str,
    person_name: str,
    group_title: str | None,
    *,
    approved: bool,
    person_blocked: bool = False,
    away: bool = False,
) -> str:
    """To a person's other guardians, once the organizers decided on a new co-guardian of
    it: the group is named only to a reader in it too (``person_blocked``: the person is
    not approved there itself, so the approval sends nothing yet; ``away``: the co-guardian
    is not in the group now, unbanned and not back yet or gone, so nothing comes to them
    from there until they are: not "now gets", issue 32)."""
    if approved and away and not person_blocked and group_title:
        text = _(
            "The organizers of <b>{group}</b> approved {who} as a guardian of <b>{name}</b>, "
            "but {who} is not in the group now: {who} gets {name}'s photos and clips from "
            "there once back in it."
        )
    elif approved and away and not person_blocked:
        text = _(
            "The organizers of one of my groups approved {who} as a guardian of <b>{name}</b>, "
            "but {who} is not in that group now: {who} gets {name}'s photos and clips from "
            "there once back in it."
        )
    elif approved and person_blocked and group_title:
        text = _(
            "The organizers of <b>{group}</b> approved {who} as a guardian of <b>{name}</b>. "
            "{name} is not approved there, though: nothing of {name} comes from there, to "
            "{who} or to you, until the organizers approve {name}."
        )
    elif approved and person_blocked:
        text = _(
            "The organizers of {who}'s group approved them as a guardian of <b>{name}</b>. "
            "{name} is not approved in that group, though: {who} gets nothing of {name} from "
            "there until its organizers approve {name}."
        )
    elif approved and group_title:
        text = _(
            "The organizers of <b>{group}</b> approved {who} as a guardian of <b>{name}</b>: {who} "
            "now gets {name}'s photos and clips from there too."
        )
    elif approved:
        text = _(
            "The organizers of {who}'s group approved them as a guardian of <b>{name}</b>: {who} "
            "now gets {name}'s photos and clips from there too."
        )
    elif group_title:
        text = _(
            "The organizers of <b>{group}</b> did not approve {who} as a guardian of <b>{name}</b>, "
            "so {who} gets no photos or clips of {name} from there."
        )
    else:
        text = _(
            "The organizers of {who}'s group did not approve them as a guardian of <b>{name}</b>, "
            "so {who} gets no photos or clips of {name} from there."
        )
    return text.format(
        who=isolated(e(who)), name=isolated(e(person_name)), group=isolated(e(group_title or ""))
    )


def _unaffected() -> str:
    return _("Your other groups are not affected.")


def rejected_for_guardian(
    person_name: str,
    group_title: str,
    co_guardian: bool,
    reason_code: str,
    *,
    other_groups: bool = True,
) -> str:
    """The guardian told of a rejection, its reason (a ``REJECT_REASONS`` code), and the
    way forward that reason leaves: clearer photos only where the photos were the reason
    (findings19 10: "already enrolled by another parent" was told to add clearer photos).
    ``other_groups``: the guardian is in other groups, which the rejection leaves as they
    are (findings25 12: said to a parent in one group only)."""
    name, group = isolated(e(person_name)), isolated(e(group_title))
    reason = isolated(e(reject_reason(reason_code)))
    if co_guardian:
        text = _(
            "You weren't approved as a guardian of <b>{name}</b> by the organizers of "
            "<b>{group}</b>: {reason}. I won't send photos or clips from that group for them."
        ).format(name=name, group=group, reason=reason)
        return f"{text} {_unaffected()}" if other_groups else text
    text = _(
        "<b>{name}</b> wasn't approved by the organizers of <b>{group}</b>: {reason}. I won't "
        "send photos or clips from that group for them."
    ).format(name=name, group=group, reason=reason)
    if other_groups:
        text = f"{text} {_unaffected()}"
    # Photos added to the person ask its organizers again (``ask_again``); nothing asks
    # them again about a co-guardian.
    if reason_code == "duplicate":
        way = _(
            "If another parent enrolled <b>{name}</b> already, ask them to invite you: "
            'on their card of {name}, "{invite}".'
        ).format(name=name, invite=action_label("invite"))
    elif reason_code == "photos":
        way = _("Add clearer photos of <b>{name}</b> from /persons to ask them again.").format(
            name=name
        )
    else:
        way = _(
            "If they are mistaken, talk to them: adding photos of <b>{name}</b> from /persons "
            "asks them again."
        ).format(name=name)
    return f"{text} {way}"


def rejection_undone(
    person_name: str, group_title: str, co_guardian: bool, *, again: bool = False
) -> str:
    """The message that told the guardian of a rejection (``rejected_for_guardian``), once
    the organizers undid it from /audit (issue 32: it stayed "wasn't approved… I won't
    send photos" above the approval that followed); ``again``: once they approved it,
    asked again with new photos (walken3 1)."""
    name, group = isolated(e(person_name)), isolated(e(group_title))
    if again and co_guardian:
        text = _(
            "You weren't approved as a guardian of <b>{name}</b> by the organizers of "
            "<b>{group}</b> at first, but they have since approved you."
        )
    elif again:
        text = _(
            "<b>{name}</b> wasn't approved by the organizers of <b>{group}</b> at first; after "
            "new photos of {name} were added, they approved {name}."
        )
    elif co_guardian:
        text = _(
            "You weren't approved as a guardian of <b>{name}</b> by the organizers of "
            "<b>{group}</b> at first, but they have since undone their rejection and approved "
            "you."
        )
    else:
        text = _(
            "<b>{name}</b> wasn't approved by the organizers of <b>{group}</b> at first, but they "
            "have since undone their rejection and approved {name}."
        )
    return text.format(name=name, group=group)


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


def pending_as_of(at: datetime) -> str:
    """Under "Nothing waits for approval…" said again (a switch of the group's language):
    it says what waited when it was asked, not now (review36 5)."""
    return _("<i>As of {time}. Send /pending for what waits now.</i>").format(
        time=isolated(when(at))
    )


def only_organizers_pending(group_title: str) -> str:
    return _("Only the admins of <b>{group}</b> can ask for its pending approvals.").format(
        group=isolated(e(group_title))
    )


# --- takedown ---


def _at(moment: datetime) -> str:
    return datefmt.moment_zoned(moment)


def _sent(moments: Sequence[datetime]) -> dict[str, object]:
    """A takedown report's "{count} (sent {dates})": how many, and when each was sent."""
    return {"count": len(moments), "dates": ", ".join(_at(moment) for moment in sorted(moments))}


def _group(title: str) -> str:
    return f"<b>{isolated(e(title or untitled_group()))}</b>"


def takedown_ask(
    title: str,
    posted_at: datetime,
    link: str | None,
    *,
    clip: bool = False,
    too_old: bool = False,
) -> str:
    """The confirmation in the admin chat: which photo (a link, no copy of it), which group;
    ``clip``: the post is a clip (a video, a round video, an animation); ``too_old``: the
    post is 48 hours old or more, which Telegram doesn't let a bot delete (findings21 8: the
    confirmation promised to delete it in the group, the report then said it couldn't)."""
    asked = (
        _("Take down a clip from {group}? Posted {date}.")
        if clip
        else _("Take down a photo from {group}? Posted {date}.")
    ).format(group=_group(title), date=_at(posted_at))
    where = " " + _open_in_group(link) if link else ""
    # A clip has words of its own: Hebrew and Spanish speak of it in another gender.
    if too_old:
        return f"{asked}{where}\n{_too_old_to_delete_there(clip)}"
    deleted = (
        _(
            "I'll delete the clip in the group itself too, its faces and crops, and every copy "
            "I sent to guardians. This can't be undone."
        )
        if clip
        else _(
            "I'll delete it in the group itself too, its faces and crops, and every copy I sent "
            "to guardians. This can't be undone."
        )
    )
    return f"{asked}{where}\n{deleted}"


def _too_old_to_delete_there(clip: bool) -> str:
    """What a takedown of a post 48 hours old or more will do, as its report then says it."""
    if clip:
        return _(
            "The clip in the group is 48 hours old or more: Telegram lets a bot delete "
            "messages only in their first 48 hours, so please delete it there yourselves. I'll "
            "delete its faces and crops and the copies I sent to guardians; those older than 48 "
            "hours I can only blank (a plain grey image). This can't be undone."
        )
    return _(
        "The photo in the group is 48 hours old or more: Telegram lets a bot delete messages "
        "only in their first 48 hours, so please delete it there yourselves. I'll delete its "
        "faces and crops and the copies I sent to guardians; those older than 48 hours I can "
        "only blank (a plain grey image). This can't be undone."
    )


def takedown_ask_unreachable(count: int) -> str:
    """Under a takedown question, when ``count`` copies of the photo went to guardians who
    have since used /forget: those the takedown cannot delete, said before it is confirmed
    as its report says them after (the question's "every copy I sent" is of the copies the
    bot still knows of)."""
    return ngettext(
        "But {count} copy went to a guardian who has since deleted their data with /forget: "
        "it stays in their chat, where I can no longer reach it.",
        "But {count} copies went to guardians who have since deleted their data with /forget: "
        "they stay in their chats, where I can no longer reach them.",
        count,
    ).format(count=count)


def _open_in_group(link: str) -> str:
    return _('<a href="{link}">Open it in the group</a>.').format(link=e(link))


def takedown_ask_in_group(*, clip: bool = False, too_old: bool = False) -> str:
    """The question under the post in the group; ``too_old``: the post is 48 hours old or
    more, which Telegram doesn't let a bot delete (findings21 8)."""
    if too_old and clip:
        return _(
            "Take this clip down? It is 48 hours old or more, so Telegram won't let me delete "
            "it here: an admin, please delete it. I'll delete the copies I sent to guardians "
            "(those older than 48 hours I can only blank). Only the admin who asked can confirm."
        )
    if too_old:
        return _(
            "Take this photo down? It is 48 hours old or more, so Telegram won't let me delete "
            "it here: an admin, please delete it. I'll delete the copies I sent to guardians "
            "(those older than 48 hours I can only blank). Only the admin who asked can confirm."
        )
    if clip:
        return _(
            "Take this clip down? I'll delete it here and every copy I sent to guardians. Only "
            "the admin who asked can confirm."
        )
    return _(
        "Take this photo down? I'll delete it here and every copy I sent to guardians. Only the "
        "admin who asked can confirm."
    )


# Asked by an anonymous admin: Telegram does not say who, so any admin may confirm.
def takedown_ask_in_group_any_admin(*, clip: bool = False, too_old: bool = False) -> str:
    if too_old and clip:
        return _(
            "Take this clip down? It is 48 hours old or more, so Telegram won't let me delete "
            "it here: an admin, please delete it. I'll delete the copies I sent to guardians "
            "(those older than 48 hours I can only blank). Any admin of the group can confirm."
        )
    if too_old:
        return _(
            "Take this photo down? It is 48 hours old or more, so Telegram won't let me delete "
            "it here: an admin, please delete it. I'll delete the copies I sent to guardians "
            "(those older than 48 hours I can only blank). Any admin of the group can confirm."
        )
    if clip:
        return _(
            "Take this clip down? I'll delete it here and every copy I sent to guardians. Any "
            "admin of the group can confirm."
        )
    return _(
        "Take this photo down? I'll delete it here and every copy I sent to guardians. Any admin "
        "of the group can confirm."
    )


def takedown_only_this_of_album(*, clip: bool = False) -> str:
    if clip:
        return _(
            "It came in an album: only this clip of the album goes. Reply /takedown to the "
            "others in the group (or send their links here) to take them down too."
        )
    return _(
        "It came in an album: only this photo of the album goes. Reply /takedown to the others "
        "in the group (or send their links here) to take them down too."
    )


def takedown_only_this_of_album_in_group(*, clip: bool = False) -> str:
    if clip:
        return _(
            "It came in an album: only this clip of the album goes. Reply /takedown to the "
            "others to take them down too."
        )
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


def takedown_taking(title: str, *, clip: bool = False) -> str:
    if clip:
        return _("Taking down the clip from {group}. I'll report here when it's done.").format(
            group=_group(title)
        )
    return _("Taking down the photo from {group}. I'll report here when it's done.").format(
        group=_group(title)
    )


def takedown_taken(title: str, *, clip: bool = False) -> str:
    """Where ``takedown_taking`` was said, once the report is sent."""
    if clip:
        return _("Took the clip down from {group}.").format(group=_group(title))
    return _("Took the photo down from {group}.").format(group=_group(title))


def takedown_taking_private(*, clip: bool = False) -> str:
    if clip:
        return _("Taking the clip down. I'll tell you when it's done.")
    return _("Taking the photo down. I'll tell you when it's done.")


def takedown_refused(title: str) -> str:
    return _("Only admins of {group} can take its photos and clips down.").format(
        group=_group(title)
    )


def takedown_how_in_group() -> str:
    return _("Reply /takedown to the photo or clip you want taken down.")


def takedown_not_a_photo() -> str:
    return _(
        "That message is not a photo or clip I know. Reply /takedown to a group photo or clip."
    )


def takedown_how_in_admin_chat() -> str:
    return _(
        "Send /takedown with the link of the photo or clip (in the group: the message's menu, "
        "Copy link), for example /takedown https://t.me/c/1234567890/42. Or reply /takedown to "
        "it in the group."
    )


def takedown_bad_link() -> str:
    return _(
        "That isn't a link to a message. Copy the link of the photo or clip in the group (the "
        "message's menu, Copy link): it looks like https://t.me/c/1234567890/42."
    )


def takedown_other_group() -> str:
    return _("That link is to a group this chat isn't the admin chat of.")


def takedown_no_such_photo() -> str:
    return _("I have no photo or clip at that link in that group.")


def takedown_already(title: str, by: str, *, clip: bool = False) -> str:
    if by and clip:
        return _("That clip from {group} was already taken down by {admin}.").format(
            group=_group(title), admin=isolated(e(by))
        )
    if by:
        return _("That photo from {group} was already taken down by {admin}.").format(
            group=_group(title), admin=isolated(e(by))
        )
    if clip:
        return _("That clip from {group} was already taken down.").format(group=_group(title))
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
    clip: bool = False,
    left_too_old: bool = False,
    blanked: Sequence[datetime] = (),
    unreachable: int = 0,
    questions: int = 0,
    questions_too_old: Sequence[datetime] = (),
    questions_blanked: Sequence[datetime] = (),
) -> str:
    """The result: copies deleted (``questions``: and apart, the questions showing it), copies too old to delete (when; not to whom; ``questions_too_old``,
    ``questions_blanked``: and apart, the questions showing it left or blanked). ``copies``:
    when the same picture was posted in the group other times (taken down with it);
    ``posts_left``: which of these posts the bot could not delete from the group;
    ``left_too_old``: they were refused for their age (48 hours or more: Telegram's limit
    for a bot, whatever its rights), not for a missing right; ``blanked``: when the copies
    too old to delete that show a neutral image now were sent; ``clip``: the post taken
    down is a clip; ``unreachable``: copies sent to guardians who have since used /forget,
    which the bot no longer knows where to find (findings22 6)."""
    if copies:
        with_copies = (
            ngettext(
                "Taken down: the clip from {group} posted {date}, with {count} other post of "
                "the same clip there ({dates}). Its faces and crops are deleted, and it will "
                "never be sent again. This can't be undone.",
                "Taken down: the clip from {group} posted {date}, with {count} other posts of "
                "the same clip there ({dates}). Its faces and crops are deleted, and it will "
                "never be sent again. This can't be undone.",
                len(copies),
            )
            if clip
            else ngettext(
                "Taken down: the photo from {group} posted {date}, with {count} other post of "
                "the same picture there ({dates}). Its faces and crops are deleted, and it will "
                "never be sent again. This can't be undone.",
                "Taken down: the photo from {group} posted {date}, with {count} other posts of "
                "the same picture there ({dates}). Its faces and crops are deleted, and it will "
                "never be sent again. This can't be undone.",
                len(copies),
            )
        )
        head = with_copies.format(
            group=_group(title),
            date=_at(posted_at),
            **_sent(copies),
        )
    else:
        alone = (
            _(
                "Taken down: the clip from {group} posted {date}. Its faces and crops are "
                "deleted, and it will never be sent again. This can't be undone."
            )
            if clip
            else _(
                "Taken down: the photo from {group} posted {date}. Its faces and crops are "
                "deleted, and it will never be sent again. This can't be undone."
            )
        )
        head = alone.format(group=_group(title), date=_at(posted_at))
    lines = [
        head,
        _("Copies deleted from guardians' chats: {count}.").format(count=deleted),
    ]
    if questions:
        lines.append(
            _("Questions showing it deleted from guardians' chats: {count}.").format(
                count=questions
            )
        )
    if too_old:
        lines.append(
            _(
                "Copies too old for me to delete: {count} (sent {dates}). Telegram lets a bot "
                "delete its messages only in their first 48 hours; those guardians can delete "
                "theirs."
            ).format(**_sent(too_old))
        )
    if blanked:
        lines.append(
            _(
                "Copies I could only blank (older than 48 hours, which Telegram doesn't let a "
                "bot delete): {count} (sent {dates}). Each shows a plain grey image now, saying "
                "that the organizers took it down."
            ).format(**_sent(blanked))
        )
    if questions_too_old:
        lines.append(
            _(
                "Questions showing it too old for me to delete: {count} (sent {dates}). Those "
                "guardians can delete theirs."
            ).format(**_sent(questions_too_old))
        )
    if questions_blanked:
        lines.append(
            _(
                "Questions showing it I could only blank (older than 48 hours): {count} (sent "
                "{dates}). Each shows a plain grey image now, saying that the organizers took "
                "down what it was about."
            ).format(**_sent(questions_blanked))
        )
    if unreachable:
        lines.append(
            _(
                "Copies I can no longer reach: {count} (sent to guardians who have since deleted "
                "their data with /forget: I no longer know their chats, so those copies stay "
                "there)."
            ).format(count=unreachable)
        )
    if group_post is False and left_too_old:
        lines.append(_left_in_group_too_old(len(posts_left) if copies else 0, posts_left, clip))
    elif group_post and clip:
        lines.append(
            _("The clip is deleted in the group itself too, with its other posts there.")
            if copies
            else _("The clip is deleted in the group itself too.")
        )
    elif group_post:
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
            ).format(**_sent(posts_left))
        )
    elif group_post is False and clip:
        lines.append(
            _(
                "I couldn't delete the clip in the group itself: please delete it there, or "
                "make me an admin with the right to delete messages."
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


def copy_taken_down(title: str, *, clip: bool = False) -> str:
    """The caption of a guardian's copy too old to delete, blanked at a takedown (a
    neutral image, no buttons): it names the group, never anyone in it."""
    if clip:
        return _("The organizers of {group} took this clip down.").format(group=_group(title))
    return _("The organizers of {group} took this photo down.").format(group=_group(title))


def copy_deleted_at_takedown(title: str, posted_at: datetime, *, clip: bool = False) -> str:
    """Told a guardian whose copy a takedown deleted from their chat (it can't be replied
    to once gone, so it is named by when it was posted): the group, never anyone in it."""
    if clip:
        said = _(
            "The organizers of {group} took down a clip posted there on {date}, so I deleted "
            "your copy of it."
        )
    else:
        said = _(
            "The organizers of {group} took down a photo posted there on {date}, so I deleted "
            "your copy of it."
        )
    return said.format(group=_group(title), date=_at(posted_at))


def round_video_taken_down(title: str) -> str:
    """The names message replying to a guardian's round video too old to delete, at a
    takedown: Telegram never lets a bot change a round video, so it stays."""
    return _(
        "The organizers of {group} took this clip down. Telegram lets me delete messages only "
        "in their first 48 hours, and never lets me change a round video, so it stays here: "
        "you can delete it yourself."
    ).format(group=_group(title))


def question_taken_down(title: str, *, clip: bool = False) -> str:
    """The caption of a question about one of its faces ("Is this Alice?"), or a sheet of
    them, too old to delete, blanked at a takedown: open or answered (findings26 8: an
    answered one read "This question was withdrawn")."""
    if clip:
        return _("The organizers of {group} took down the clip this question was about.").format(
            group=_group(title)
        )
    return _("The organizers of {group} took down the photo this question was about.").format(
        group=_group(title)
    )


def _left_in_group_too_old(count: int, posts_left: Sequence[datetime], clip: bool) -> str:
    """The group's post (``count``: so many of its posts) the bot could not delete because
    it is 48 hours old or more: no right would change that (findings18 1)."""
    if count:
        return ngettext(
            "I couldn't delete {count} of these posts in the group itself (posted {dates}): "
            "Telegram lets a bot delete messages only in their first 48 hours. Please delete "
            "it there.",
            "I couldn't delete {count} of these posts in the group itself (posted {dates}): "
            "Telegram lets a bot delete messages only in their first 48 hours. Please delete "
            "them there.",
            count,
        ).format(count=count, dates=", ".join(_at(moment) for moment in sorted(posts_left)))
    if clip:
        return _(
            "I couldn't delete the clip in the group itself: Telegram lets a bot delete "
            "messages only in their first 48 hours. Please delete it there."
        )
    return _(
        "I couldn't delete the photo in the group itself: Telegram lets a bot delete "
        "messages only in their first 48 hours. Please delete it there."
    )


def taken_down_in_group(
    group_post: bool | None, *, clip: bool = False, left_too_old: bool = False
) -> str:
    """Said in the group itself when no admin can be told privately: no counts, no names.
    ``left_too_old``: the post stayed because it is 48 hours old or more."""
    if group_post is False and left_too_old and clip:
        return _(
            "Taken down. I couldn't delete the clip here: Telegram lets a bot delete messages "
            "only in their first 48 hours. An admin, please delete it."
        )
    if group_post is False and left_too_old:
        return _(
            "Taken down. I couldn't delete the photo here: Telegram lets a bot delete messages "
            "only in their first 48 hours. An admin, please delete it."
        )
    if group_post is False and clip:
        return _(
            "Taken down. I couldn't delete the clip here: an admin, please delete it, or "
            "make me an admin with the right to delete messages."
        )
    if group_post is False:
        return _(
            "Taken down. I couldn't delete the photo here: an admin, please delete it, or "
            "make me an admin with the right to delete messages."
        )
    return _("Taken down.")


def taken_down_posted_again(
    title: str, posted_at: datetime, deleted: bool, link: str | None, *, clip: bool = False
) -> str:
    """A photo (``clip``: a clip) taken down was posted in the group again (forwarded,
    re-sent): it stays down. Says which group and when; no names."""
    head = (
        _(
            "A clip taken down from {group} was posted there again ({date}). I won't recognize "
            "or send it to anyone."
        )
        if clip
        else _(
            "A photo taken down from {group} was posted there again ({date}). I won't "
            "recognize or send it to anyone."
        )
    ).format(group=_group(title), date=_at(posted_at))
    if deleted:
        return f"{head} " + (
            _("I deleted the clip from the group.") if clip else _("I deleted it from the group.")
        )
    where = " " + _open_in_group(link) if link else ""
    left = (
        _(
            "I couldn't delete the clip from the group: please delete it there, or make me an "
            "admin with the right to delete messages."
        )
        if clip
        else _(
            "I couldn't delete it from the group: please delete it there, or make me an admin "
            "with the right to delete messages."
        )
    )
    return f"{head} {left}{where}"


# --- bans and pausing the group, /stats ---


def join_refused(group_title: str) -> str:
    return _(
        "The organizers of <b>{group}</b> have turned off my service for you in this group, so "
        "I can't send you its photos and clips. If you think this is a mistake, please ask them."
    ).format(group=isolated(e(group_title)))


def only_organizers() -> str:
    return _("Only the group's admins can do that.")


def organizer_command_refused(command: str) -> str:
    """Replied in the group to an organizers' command of one who is not its admin (when
    facedrop cannot write to them privately)."""
    return _("Only the group's admins can use /{command}.").format(command=command)


def organizer_command_refused_privately(command: str, group_title: str) -> str:
    """Said privately to one who sent an organizers' command in a group they are no admin
    of (the command is deleted there)."""
    return _("Only the admins of <b>{group}</b> can use /{command} there.").format(
        group=isolated(e(group_title)), command=command
    )


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
    where = joined(f"<b>{isolated(e(t))}</b>" for t in group_titles)
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
        "should not get photos or clips."
    ).format(group=isolated(e(group_title)))


def cannot_ban_yourself(group_title: str) -> str:
    """``cannot_ban_organizer`` said to that admin themself (walkmore 6)."""
    return _(
        "You're an admin of <b>{group}</b>: remove your admin rights in Telegram first if you "
        "should not get photos or clips."
    ).format(group=isolated(e(group_title)))


def participant_named(name: str, user_id: object) -> str:
    """A participant as the admin chat names them: by the name recorded, or, where there
    is none (facedrop knows them by their id alone, or they used /forget since), by their
    Telegram id in the reader's language (walkhe 1). Rows recorded before kept the English
    "user <id>" itself: read as no name."""
    if isinstance(user_id, int) and (not name or name == f"user {user_id}"):
        return _("user {id}").format(id=user_id)
    return name


def banned(group_title: str, name: str) -> str:
    return _(
        "<b>{group}</b>: {name} is banned. They get no more photos or clips from this group and "
        "can't join it again through my link. /unban lifts it."
    ).format(group=isolated(e(group_title)), name=isolated(e(name)))


def already_banned(group_title: str, name: str) -> str:
    return _("<b>{group}</b>: {name} was already banned.").format(
        group=isolated(e(group_title)), name=isolated(e(name))
    )


def unbanned(group_title: str, name: str, *, back: bool = False) -> str:
    """The admin chat's word of an unban; ``back``: they opened the group's link again
    since, and it says so rather than what they may do (walk34 6)."""
    if back:
        return _(
            "<b>{group}</b>: {name} is no longer banned. They could join again through my link "
            "in the group; since then they opened my link there again."
        ).format(group=isolated(e(group_title)), name=isolated(e(name)))
    return _(
        "<b>{group}</b>: {name} is no longer banned. They can join again through my link in "
        "the group (nothing is restored until they do)."
    ).format(group=isolated(e(group_title)), name=isolated(e(name)))


def ban_lifted(group_title: str, name: str, by: str, at: datetime) -> str:
    """The admin chat's announcement of a ban, once the ban was lifted (by /unban or
    /audit's undo): it no longer says "/unban lifts it"."""
    return _("<b>{group}</b>: {name} was banned; {who} lifted the ban {date}.").format(
        group=isolated(e(group_title)), name=isolated(e(name)), who=_who(by), date=when(at)
    )


def banned_for_member(group_title: str, *, questions_closed: bool = True) -> str:
    """Said privately to a participant the organizers banned (/ban): what stops (the
    group's photos and clips, the questions about them, closed: ``questions_closed``, only
    when some were open, findings27 9), what stays (their people, what was sent), and who
    can change it. Their card says the same ("turned off for you by the organizers of
    ...")."""
    if not questions_closed:
        return _(
            "The organizers of <b>{group}</b> have turned off my service for you in this group: "
            "I no longer send you its photos and clips. Your people stay, and so does what I "
            "already sent you. If you think this is a mistake, please ask them."
        ).format(group=isolated(e(group_title)))
    return _(
        "The organizers of <b>{group}</b> have turned off my service for you in this group: I "
        "no longer send you its photos and clips, and I closed the questions I asked you about "
        "them. Your people stay, and so does what I already sent you. If you think this is a "
        "mistake, please ask them."
    ).format(group=isolated(e(group_title)))


def ban_said_since_lifted(group_title: str) -> str:
    """An earlier notice of the reader's ban (``banned_for_member``, or ``join_refused`` of
    a link opened meanwhile), once the ban was lifted (walken3 4)."""
    return _(
        "The organizers of <b>{group}</b> had turned off my service for you in this group; "
        "they have since turned it back on."
    ).format(group=isolated(e(group_title)))


def ban_said_since_forgotten(group_title: str | None) -> str:
    """An earlier notice of the reader's ban (``banned_for_member``: "Your people stay…"),
    once they deleted everything with /forget (the ban stands: it is kept by Telegram id);
    ``group_title`` None: the group is gone."""
    if group_title is None:
        return _(
            "The organizers of a group had turned off my service for you there. Since then "
            "you deleted everything I had about you."
        )
    return _(
        "The organizers of <b>{group}</b> have turned off my service for you in this group. "
        "Since then you deleted everything I had about you."
    ).format(group=isolated(e(group_title)))


def question_withdrawn_by_ban(group_title: str) -> str:
    """A banned participant's open question about the group's photos, its face and buttons
    gone: why it no longer applies (they may still be in the Telegram group)."""
    return _(
        "This question no longer applies: the organizers of {group} have turned off my service "
        "for you in this group."
    ).format(group=isolated(e(group_title)))


def question_closed_by_ban_since_lifted(group_title: str) -> str:
    """``question_withdrawn_by_ban``, once the ban was lifted (walken4 8): what is still
    open is asked again, as a new message, once they are back in the group."""
    return _(
        "This question was closed when the organizers of {group} turned off my service for "
        "you; they have since turned it back on."
    ).format(group=isolated(e(group_title)))


def ban_lifted_for_member(group_title: str) -> str:
    """Said privately to the participant whose ban was lifted (they were told of the ban):
    their membership is not restored, so nothing comes until they open the link again. The
    welcome's button is not quoted: it is in the group's language, perhaps not the reader's
    (walk34 1: "tap “Get my child's photos…”" under a Hebrew welcome)."""
    return _(
        "The organizers of <b>{group}</b> turned my service back on for you: to get its "
        "photos and clips again, tap the button under my welcome in the group."
    ).format(group=isolated(e(group_title)))


def ban_lifted_since_back(group_title: str) -> str:
    """``ban_lifted_for_member``, once they opened my link in the group again."""
    return _(
        "The organizers of <b>{group}</b> turned my service back on for you; since then you "
        "opened my link there again."
    ).format(group=isolated(e(group_title)))


def ban_lifted_since_banned_again(group_title: str) -> str:
    """``ban_lifted_for_member``, once its organizers turned my service off for them again
    (before they came back)."""
    return _(
        "The organizers of <b>{group}</b> had turned my service back on for you; since then "
        "they turned it off again."
    ).format(group=isolated(e(group_title)))


def ban_lifted_since_forgotten(group_title: str | None) -> str:
    """``ban_lifted_for_member``, once they deleted everything with /forget; ``group_title``
    None: the group is gone."""
    if group_title is None:
        return _(
            "The organizers of a group had turned my service back on for you there. Since "
            "then you deleted everything I had about you."
        )
    return _(
        "The organizers of <b>{group}</b> had turned my service back on for you there. Since "
        "then you deleted everything I had about you."
    ).format(group=isolated(e(group_title)))


def not_banned(group_title: str, name: str) -> str:
    return _("<b>{group}</b>: {name} is not banned.").format(
        group=isolated(e(group_title)), name=isolated(e(name))
    )


# Said in the group when it has no admin chat: no names there.
def banned_in_group() -> str:
    return _("Done: that participant gets no more photos or clips from this group through me.")


def unbanned_in_group() -> str:
    return _("Done: that participant can join again through my link.")


def group_paused(group_title: str) -> str:
    return _(
        "<b>{group}</b> is paused: I recognize and send nothing from it until you send /resume. "
        "Photos and clips posted meanwhile are kept and handled after the resume. Parents are "
        "not told."
    ).format(group=isolated(e(group_title)))


def pause_lifted(group_title: str, paused_at: datetime, by: str, resumed_at: datetime) -> str:
    """The admin chat's announcement of a pause ("... is paused ... until you send
    /resume"), once the group was resumed (by /resume or /audit's undo): no longer in the
    present tense (findings19 14)."""
    return _("<b>{group}</b> was paused {paused} until {who} resumed it {resumed}.").format(
        group=isolated(e(group_title)),
        paused=when(paused_at),
        who=_who(by),
        resumed=when(resumed_at),
    )


def group_already_paused(group_title: str) -> str:
    return _("<b>{group}</b> is already paused. /resume to resume it.").format(
        group=isolated(e(group_title))
    )


def group_resumed(group_title: str, photos: int, clips: int = 0) -> str:
    """/resume: the photos and the clips posted while the group was paused."""
    running = _("<b>{group}</b> is running again.").format(group=isolated(e(group_title)))
    if not photos and not clips:
        return running
    return f"{running} {posted_while_paused(photos, clips)}"


def posted_while_paused(photos: int, clips: int) -> str:
    """What waited while the group was paused, taken up now that it runs again (/resume,
    or /audit's undo of the pause). In the past, as it stays on screen once they are
    handled (walk36 N4: "…is being handled now" stayed, redrawn at a language switch)."""
    if photos == 1 and not clips:
        return _("The photo posted while it was paused was queued to be handled.")
    if clips == 1 and not photos:
        return _("The clip posted while it was paused was queued to be handled.")
    if not clips:
        return ngettext(
            "The {count} photo posted while it was paused was queued to be handled.",
            "The {count} photos posted while it was paused were queued to be handled.",
            photos,
        ).format(count=photos)
    if not photos:
        return ngettext(
            "The {count} clip posted while it was paused was queued to be handled.",
            "The {count} clips posted while it was paused were queued to be handled.",
            clips,
        ).format(count=clips)
    return _("{photos} and {clips} posted while it was paused were queued to be handled.").format(
        photos=counted_photos(photos), clips=counted_clips(clips)
    )


def group_not_paused(group_title: str) -> str:
    return _("<b>{group}</b> is not paused.").format(group=isolated(e(group_title)))


def _title_line(group: str) -> str:
    """A line that is the group's title alone (isolated): its letters are inside the
    isolate, which a line's direction does not see, so a right-to-left app would lay it
    out left to right, to the other side of the lines under it, without the mark (walkhe
    11)."""
    return f"{RLM}<b>{group}</b>" if right_to_left() else f"<b>{group}</b>"


def stats_as_of(at: datetime, *, changed: bool) -> str:
    """Under a /stats answer: when its numbers were counted (issue 32: the newest read as
    current after they changed, while no redraw said so); ``changed``: a redraw found they
    have changed since."""
    if not changed:
        return _("<i>As of {time}. Send /stats for the latest.</i>").format(time=isolated(when(at)))
    return _(
        "<i>As of {time}: the numbers have changed since. Send /stats for the latest.</i>"
    ).format(time=isolated(when(at)))


def stats_text(
    group_title: str,
    *,
    members: int,
    guardians: int,
    persons: int,
    photos_week: int,
    deliveries_week: int,
    suggestions_pending: int,
    faceless: int = 0,
    clips_week: int = 0,
    thumbnail_only: int = 0,
    rate: float | None,
    failed_photos: int,
    failed_clips: int,
    failed_deliveries: int,
    paused: bool,
    retention_days: int | None = None,
    retention_ran_at: datetime | None = None,
    faces_expired: int = 0,
) -> str:
    shown_rate = _("n/a") if rate is None else f"{rate:.0%}"
    group = isolated(e(group_title))
    if retention_days is None:
        kept = _("Faces of photos and clips kept: with no time limit (/settings sets one)")
    elif retention_ran_at is None:
        kept = ngettext(
            "Faces of photos and clips kept: {count} day (not checked yet)",
            "Faces of photos and clips kept: {count} days (not checked yet)",
            retention_days,
        ).format(count=retention_days)
    else:
        kept = ngettext(
            "Faces of photos and clips kept: {count} day (faces of older posts deleted so "
            "far: {deleted}; last checked {date})",
            "Faces of photos and clips kept: {count} days (faces of older posts deleted so "
            "far: {deleted}; last checked {date})",
            retention_days,
        ).format(
            count=retention_days,
            deleted=faces_expired,
            date=datefmt.day(retention_ran_at),
        )
    lines = [
        _("<b>{group}</b> (paused)").format(group=group) if paused else _title_line(group),
        _("Members who joined: {count}").format(count=members),
        _("Guardians: {count}").format(count=guardians),
        _("Persons enrolled: {count}").format(count=persons),
        *stats_faceless(faceless),
        _("Photos this week: {count}").format(count=photos_week),
        stats_clips(clips_week, thumbnail_only),
        _("Deliveries this week: {count}").format(count=deliveries_week),
        _("Questions waiting for an answer: {count}").format(count=suggestions_pending),
        _(
            "Recognition rate this week: {rate} (photos and clips with at least one recognized "
            "face, as first recognized: corrections since not counted)"
        ).format(rate=shown_rate),
        stats_failures(failed_photos, failed_clips, failed_deliveries),
        kept,
    ]
    return "\n".join(lines)


def stats_faceless(faceless: int) -> list[str]:
    """/stats' line of the persons whose faces their owner deleted ("Forget faces"): not
    enrolled, yet their guardians still guard them (issue 32: "Guardians: 0"). None where
    there are none."""
    if not faceless:
        return []
    return [
        _("Persons whose faces were deleted, waiting for new photos: {count}").format(
            count=faceless
        )
    ]


def stats_clips(clips: int, thumbnail_only: int) -> str:
    """/stats' line of clips; ``thumbnail_only``: those a bot may not download (over 20 MB
    through the cloud Bot API), matched on their thumbnail alone: partly read."""
    line = _("Clips this week: {count}").format(count=clips)
    if not thumbnail_only:
        return line
    partly = ngettext(
        "{count} of them read from its thumbnail only: over 20 MB, more than a bot may "
        "download without a local Bot API server",
        "{count} of them read from their thumbnails only: over 20 MB, more than a bot may "
        "download without a local Bot API server",
        thumbnail_only,
    ).format(count=thumbnail_only)
    return f"{line} ({partly})"


def stats_failures(photos: int, clips: int, deliveries: int) -> str:
    """/stats' line of the week's failures: the photos and the clips that could not be
    read, counted apart, and the deliveries Telegram refused."""
    return _("Failures this week: {photos}, {clips}, {deliveries}").format(
        photos=counted_photos(photos),
        clips=counted_clips(clips),
        deliveries=ngettext("{count} delivery", "{count} deliveries", deliveries).format(
            count=deliveries
        ),
    )


# The title and the bars' labels drawn into the /stats chart (plain text).
def stats_chart_title(clips: bool = False) -> str:
    """``clips``: the chart draws a bar of clips too (a week with clips)."""
    if clips:
        return _("Photos, clips and deliveries per day")
    return _("Photos and deliveries per day")


def stats_chart_photos() -> str:
    return _("photos")


def stats_chart_deliveries() -> str:
    return _("deliveries")


def stats_chart_clips() -> str:
    return _("clips")


# --- /settings ---

SETTING_NAMES = {
    "approval": N_("Approval of new persons"),
    "strictness": N_("Strictness"),
    "delivery": N_("Delivery"),
    "retention": N_("Keep faces of photos and clips"),
    "language": N_("Language"),
    "zone": N_("Time zone"),
}


DELIVERY_MODES = {
    # A few photos for one guardian ready at once (a burst) go as one album: it says so.
    "each": N_("each photo or clip as it comes (several at once may come as one album)"),
    "album": N_("albums (photos and clips of a few minutes together)"),
    "digest": N_("a daily digest"),
}


# "Right away" rather than "Each photo": the mode sends clips too.
DELIVERY_BUTTONS = {"each": N_("Right away"), "album": N_("Albums"), "digest": N_("Daily digest")}


STRICTNESS_STEPS = MAX_STEPS


def strictness_value(steps: int) -> str:
    if steps == 0:
        return _("calibrated (0 of {steps})").format(steps=STRICTNESS_STEPS)
    return _("stricter, {step} of {steps}").format(step=steps, steps=STRICTNESS_STEPS)


def retention_value(days: int | None) -> str:
    if days is None:
        return _("until someone deletes them")
    return ngettext("{count} day", "{count} days", days).format(count=days)


def keep_lengthened(group_title: str, old_days: int, new_days: int | None) -> str:
    """To each member of the group, privately, once its organizers keep the faces of its
    photos longer than before (``new_days`` None: until deleted): they agreed to less."""
    group = isolated(e(group_title))
    was = retention_value(old_days)
    if new_days is None:
        text = _(
            "The organizers of <b>{group}</b> now have me keep the faces found in its photos and "
            "clips until they are deleted: they set no time limit (it was {was}). /privacy says what "
            "I keep, and /forget deletes everything I have about you."
        )
    else:
        text = _(
            "The organizers of <b>{group}</b> now have me keep the faces found in its photos and "
            "clips for {now} after they were posted (it was {was}). /privacy says what I keep, and "
            "/forget deletes everything I have about you."
        )
    return text.format(group=group, was=was, now=retention_value(new_days))


def keep_shortened(group_title: str, old_days: int | None, new_days: int, starts: datetime) -> str:
    """To each member who gets something from the group, privately, once its organizers
    keep the faces of its photos for less than before (``old_days`` None: no time limit):
    the keep they agreed to no longer holds; what retention deletes from its next run
    (``starts``), and what it leaves."""
    group = isolated(e(group_title))
    if old_days is None:
        said = _(
            "The organizers of <b>{group}</b> set a time limit: I now delete the faces found in "
            "its photos and clips {now} after they were posted (there was no time limit)."
        )
    else:
        said = _(
            "The organizers of <b>{group}</b> shortened the time limit: I now delete the faces "
            "found in its photos and clips {now} after they were posted (it was {was})."
        )
    deletes = _(
        "From {when}, I delete the faces of its photos and clips posted longer ago than that, "
        "and the questions still open about them. The faces you confirmed as one of your "
        "people stay (they help me recognize them), and the photos and clips already sent to "
        "you stay in your chat. /privacy says what I keep."
    )
    now = retention_value(new_days)
    return "\n\n".join(
        [
            said.format(group=group, now=now, was=retention_value(old_days)),
            deletes.format(when=datefmt.moment_zoned(starts)),
        ]
    )


def digest_at(hour_utc: int, zone: str) -> str:
    """ "17:00 (Jerusalem)": when the daily digest goes, in the group's time zone, named (a
    reader whose own zone differs reads it right)."""
    with datefmt.in_zone(zone):
        return f"{datefmt.hour_here(hour_utc)} ({datefmt.zone_name()})"


def delivery_value(mode: str, digest: str | None = None) -> str:
    """A delivery mode in words; the digest with when it goes (``digest_at``) where given."""
    if mode == DeliveryMode.DIGEST.value and digest is not None:
        return _("a daily digest, at {time}").format(time=digest)
    return _(DELIVERY_MODES[mode]) if mode in DELIVERY_MODES else mode


# To each member of a group, privately, once its organizers change how its photos come
# ({group}; {time}: ``digest_at``). Read as _(DELIVERY_TOLD[mode]).
DELIVERY_TOLD = {
    "each": N_(
        "The organizers of <b>{group}</b> now have me send you its photos and clips as they "
        "come, each as soon as I recognize it (several at once may come as one album)."
    ),
    "album": N_(
        "The organizers of <b>{group}</b> now have me send you its photos and clips in albums: "
        "those of a few minutes together, a few minutes after the first."
    ),
    "digest": N_(
        "The organizers of <b>{group}</b> now have me send you its photos and clips once a "
        "day, at {time}: the day's photos and clips together."
    ),
}


def delivery_changed(group_title: str, mode: str, digest: str) -> str:
    """To each member of the group, privately: when its photos come now (``digest``: when
    the daily digest goes, ``digest_at``)."""
    told = DELIVERY_TOLD.get(mode)
    if told is None:
        return ""
    return _(told).format(group=isolated(e(group_title)), time=e(digest))


def delivery_changed_since(group_title: str, mode: str, digest: str) -> str:
    """``delivery_changed``, once the organizers changed it again, or undid it from /audit
    (issue 32: it stayed above the news of how the photos come now)."""
    return _(
        "For a while, the organizers of <b>{group}</b> had me send you its photos and clips "
        "this way: {value}. They have changed it since."
    ).format(group=isolated(e(group_title)), value=e(delivery_value(mode, digest)))


def setting_value(key: str, value: bool | int | str | None, digest: str | None = None) -> str:
    """A setting's value, in words (plain text); ``digest``: when the daily digest goes
    (``digest_at``), said with it."""
    if key == "approval":
        return _("on") if value else _("off")
    if key == "strictness":
        return strictness_value(int(value or 0))
    if key == "delivery":
        return delivery_value(str(value), digest)
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


def group_settings_card(
    title: str,
    values: dict[str, bool | int | str | None],
    digest_hour: int,
    *,
    paused: bool = False,
) -> str:
    """/settings in the admin chat: the group's settings, each explained in a line
    (``digest_hour``: the daily digest's, UTC, said in the group's zone); ``paused``: an
    organizer sent /pause, which comes first (the settings alone read as photos flowing)."""
    digest = digest_at(digest_hour, str(values["zone"]))
    lines = [
        _("⚙️ Settings of <b>{group}</b>").format(group=isolated(e(title or untitled_group()))),
        "",
    ]
    if paused:
        lines += [
            _("⏸ Paused: nothing posted in the group is recognized or sent until /resume."),
            "",
        ]
    for key, name in SETTING_NAMES.items():
        lines.append(
            _("{setting}: <b>{value}</b>").format(
                setting=_(name), value=e(setting_value(key, values[key], digest))
            )
        )
    lines += [
        "",
        _(
            "• Approval: new persons and co-guardians wait for an organizer's approval before "
            "I match or send them the group's photos and clips; persons already in the group "
            "stay as they are."
        ),
        _(
            "• Strictness only ever raises how sure I must be before I send a photo or clip or "
            "ask a guardian; it never goes below the calibrated level."
        ),
        _(
            "• Delivery: albums gather the photos and clips of a few minutes (up to 10 in one); "
            "the digest sends the day's photos and clips once a day."
        ),
        _(
            "• Keep faces: after that many days I delete the faces found in the group's "
            'photos and clips and their crops, except faces a guardian confirmed ("Yes, '
            "that's my child\"), which help recognize that person; enrollment faces are not "
            "touched. Photos, clips and questions already sent stay in the guardians' chats."
        ),
        _(
            "• Time zone: of the times I write in the group, this admin chat and the private "
            "chats of its members (/audit, /history, takedown reports, the daily questions). "
            "When one chat gets times from groups in different time zones (an admin chat of "
            "several groups, or a member of several), I write its times in UTC, except what "
            "an admin chat says of one group (its /audit, bans, pauses and takedowns): in "
            "that group's zone. Change it with /timezone and a city, for example /timezone "
            "Berlin."
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


def setting_changed(
    title: str, key: str, value: bool | int | str | None, digest: str | None = None
) -> str:
    """A press's answer (plain text: it is a popup); ``digest``: when the daily digest goes
    (``digest_at``)."""
    return _("{group}: {setting} is now {value}.").format(
        group=isolated(title or untitled_group()),
        setting=_(SETTING_NAMES[key]),
        value=setting_value(key, value, digest),
    )


def setting_unchanged(
    title: str, key: str, value: bool | int | str | None, digest: str | None = None
) -> str:
    return _("{group}: {setting} is already {value}.").format(
        group=isolated(title or untitled_group()),
        setting=_(SETTING_NAMES[key]),
        value=setting_value(key, value, digest),
    )


def only_admins_change_settings() -> str:
    return _("Only the group's admins can change its settings.")


def strictness_button(steps: int, stricter: bool) -> str:
    if stricter:
        return _("Stricter ({step} of {steps})").format(step=steps + 1, steps=STRICTNESS_STEPS)
    return _("Less strict ({step} of {steps})").format(step=steps - 1, steps=STRICTNESS_STEPS)


def approval_button(on: bool) -> str:
    return _("Approval: turn off") if on else _("Approval: turn on")


def retention_button(days: int | None) -> str:
    if days is None:
        return _("Keep: always")
    return _("Keep: {count} d").format(count=days)


# --- claims decided in the admin chat; /timezone ---


def claim_card(group_title: str, person_name: str, guardian: str, into: str = "") -> str:
    """The approval card of a claim in the admin chat; ``into``: the parent said the faces
    are their own child's, enrolled before (Itai), not a new one."""
    if into:
        return _(
            "<b>Claim to check</b> in <b>{group}</b>\n"
            "<b>{guardian}</b> says the faces you named <b>{name}</b> are their child "
            "<b>{into}</b>, enrolled before, with the claim link. Approve only if they are: "
            "then those faces are {into}'s and they get their photos and clips; {name} is "
            "not kept apart. Rejected, {name} is deleted and /whois shows the faces again."
        ).format(
            group=isolated(e(group_title)),
            guardian=isolated(e(guardian)),
            name=isolated(e(person_name)),
            into=isolated(e(into)),
        )
    return _(
        "<b>Claim to check</b> in <b>{group}</b>\n"
        "<b>{guardian}</b> claims the child you named <b>{name}</b>, with the claim link. "
        "Approve only if they are the child's parent: then they get the photos and clips of "
        "{name}. "
        "Rejected, {name} is deleted and /whois shows the faces again."
    ).format(
        group=isolated(e(group_title)),
        guardian=isolated(e(guardian)),
        name=isolated(e(person_name)),
    )


def claim_card_into_gone(group_title: str, person_name: str, guardian: str) -> str:
    """A claim's card once the child the parent said the faces are (their own, enrolled
    before) has been deleted: nothing is left to approve, only to reject."""
    return _(
        "<b>Claim to check</b> in <b>{group}</b>\n"
        "<b>{guardian}</b> said the faces you named <b>{name}</b> are a child of theirs "
        "enrolled before, and that child has since been deleted: there is nothing left to "
        "approve. Rejected, {name} is deleted and /whois shows the faces again."
    ).format(
        group=isolated(e(group_title)),
        guardian=isolated(e(guardian)),
        name=isolated(e(person_name)),
    )


def claim_record(
    group_title: str, person_name: str, guardian: str, approved: bool, by: str, into: str = ""
) -> str:
    """What stays in the admin chat once a claim is decided (a rejected one names no
    child: the child is deleted); ``into``: the faces were said to be that child's."""
    if approved and into:
        return _(
            "Claim in <b>{group}</b>: the faces named <b>{name}</b> are <b>{into}</b>'s now, "
            "the child of <b>{guardian}</b>."
        ).format(
            group=isolated(e(group_title)),
            guardian=isolated(e(guardian)),
            name=isolated(e(person_name)),
            into=isolated(e(into)),
        ) + approval_decided(True, by)
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


def claim_record_forgotten(group_title: str, person_name: str, by: str) -> str:
    """An approved claim's record once the parent who claimed has used /forget: who the
    child's guardian is now is not the admin chat's to read, and the parent is not named."""
    return _(
        "Claim in <b>{group}</b>: <b>{name}</b> was claimed by a parent who has since left "
        "facedrop."
    ).format(group=isolated(e(group_title)), name=isolated(e(person_name))) + approval_decided(
        True, by
    )


def claim_waited(name: str, group_title: str, *, approved: bool) -> str:
    """The message that told a claimer their claim waits ("… check claims before anything
    is sent … I'll tell you when they decide"), once the organizers decided (walkhe4 10:
    it stayed as if they had not)."""
    if approved:
        text = _(
            "Your claim of <b>{name}</b> waited for the approval of the organizers of "
            "<b>{group}</b>: they have since approved it."
        )
    else:
        text = _(
            "Your claim of <b>{name}</b> waited for the approval of the organizers of "
            "<b>{group}</b>: they have since decided not to approve it."
        )
    return text.format(name=isolated(e(name)), group=isolated(e(group_title)))


def claim_rejected(
    name: str, group_title: str, reason_code: str = "", into: str = "", *, into_gone: bool = False
) -> str:
    """The claimer told of the rejection, with the reason the organizers picked; ``into``:
    they had said the faces were their own child's (Itai), who stays as before;
    ``into_gone``: that child was deleted since (not "enroll with /add" the named child, nor
    that Itai stays as before: issue 32)."""
    if into_gone:
        said = (
            _(
                "The organizers of <b>{group}</b> did not approve your claim that the faces "
                "named <b>{name}</b> are your child's"
            )
            if not reason_code
            else _(
                "The organizers of <b>{group}</b> did not approve your claim that the faces "
                "named <b>{name}</b> are your child's ({reason})"
            )
        )
        return (
            said.format(
                group=isolated(e(group_title)),
                name=isolated(e(name)),
                reason=isolated(e(reject_reason(reason_code))),
            )
            + ": "
            + _(
                "that child of yours was deleted since, so nothing was left to claim. Nothing "
                "of the claim is kept for you."
            )
        )
    if into:
        said = (
            _(
                "The organizers of <b>{group}</b> did not approve your claim that these faces are <b>{into}</b>'s"
            )
            if not reason_code
            else _(
                "The organizers of <b>{group}</b> did not approve your claim that these faces "
                "are <b>{into}</b>'s ({reason})"
            )
        )
        return (
            said.format(
                group=isolated(e(group_title)),
                into=isolated(e(into)),
                reason=isolated(e(reject_reason(reason_code))),
            )
            + ": "
            + _("{into} stays as before, and those faces aren't {into}'s.").format(
                into=isolated(e(into))
            )
        )
    if not reason_code:
        return _(
            "The organizers of <b>{group}</b> did not approve your claim of <b>{name}</b>: "
            "nothing of it is kept for you. If {name} is your child, ask them, or enroll with "
            "/add."
        ).format(group=isolated(e(group_title)), name=isolated(e(name)))
    return _(
        "The organizers of <b>{group}</b> did not approve your claim of <b>{name}</b>: "
        "{reason}. Nothing of it is kept for you. If {name} is your child, ask them, or enroll "
        "with /add."
    ).format(
        group=isolated(e(group_title)),
        name=isolated(e(name)),
        reason=isolated(e(reject_reason(reason_code))),
    )


def claimed(
    name: str,
    group_title: str,
    photos: int,
    waiting: Sequence[str],
    one_by_one: int = 0,
    already: int = 0,
    own: int = 0,
    clips: int = 0,
    already_clips: int = 0,
    own_clips: int = 0,
    into: bool = False,
) -> str:
    """The claimer, once the organizers approved the claim (``into``: "it's my Itai", the
    faces are their own person's now, ``name``): ``photos`` on their way
    (``clips`` of them clips, counted apart), ``already`` of the faces' photos they had
    been sent before (not sent again; ``already_clips`` of them clips), ``own`` they posted
    themselves (not sent back unless they asked to in /settings; ``own_clips`` of them
    clips)."""
    child, group = isolated(e(name)), isolated(e(group_title))
    if one_by_one:
        # Each face is its own question, sent as the suggestions' are (not in a sequence).
        sending = ngettext(
            "I'll ask you about the {count} face from {group} in a question of its own: the "
            "photo or clip it is in is sent once you confirm it. I'll look for more, and send "
            "new ones as they're posted.",
            "I'll ask you about each of the {count} faces from {group}, a question for each: "
            "the photos or clips of those you confirm are sent. I'll look for more, and send "
            "new ones as they're posted.",
            one_by_one,
        ).format(count=one_by_one, group=group)
    elif not already and not own and clips:
        sending = _(
            "Sending you the {media} from {group} you saw the faces of; I'll look for more, "
            "and send new ones as they're posted."
        ).format(media=counted_media(photos - clips, clips), group=group)
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
        if already_clips:
            parts.append(
                ngettext(
                    "You already have {media} of those from {group} you saw the faces of "
                    "(I sent it before): it isn't sent again.",
                    "You already have {media} of those from {group} you saw the faces of "
                    "(I sent them before): they aren't sent again.",
                    already,
                ).format(media=counted_media(already - already_clips, already_clips), group=group)
            )
        elif already:
            parts.append(
                ngettext(
                    "You already have {count} of the photos from {group} you saw the faces of "
                    "(I sent it before): it isn't sent again.",
                    "You already have {count} of the photos from {group} you saw the faces of "
                    "(I sent them before): they aren't sent again.",
                    already,
                ).format(count=already, group=group)
            )
        if own_clips and not already and not photos:
            parts.append(
                ngettext(
                    "You posted this clip from {group} yourself, so I don't send it back "
                    "(/settings).",
                    "You posted these {media} from {group} yourself, so I don't send them back "
                    "(/settings).",
                    own,
                ).format(media=counted_media(own - own_clips, own_clips), group=group)
            )
        elif own_clips:
            parts.append(
                ngettext(
                    "You posted {media} of those from {group} you saw the faces of yourself, "
                    "so I don't send it back (/settings).",
                    "You posted {media} of those from {group} you saw the faces of yourself, "
                    "so I don't send them back (/settings).",
                    own,
                ).format(media=counted_media(own - own_clips, own_clips), group=group)
            )
        elif own and not already and not photos:
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
            _(
                "Sending you the other {media}; I'll look for more, and send new ones as "
                "they're posted."
            ).format(media=counted_media(photos - clips, clips))
            if clips
            else ngettext(
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
            _(
                "The organizers of {group} approved your claim: the faces you saw are "
                "<b>{name}</b>'s now."
            ).format(name=child, group=group)
            if into
            else _("<b>{name}</b> is yours now.").format(name=child),
            sending,
            _("/persons manages {name}.").format(name=child),
        )
    )
    if waiting:
        text += "\n" + _(
            "In {groups} its organizers approve new people first: you'll get those photos and "
            "clips once they do."
        ).format(groups=joined(isolated(e(t)) for t in waiting))
    return text


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


# --- a photo or clip of the group that could not be read ---

# Why, for each ``ImageError``'s reason (a class's ``reason``: what recognition tells).
_WHY_UNREADABLE: dict[str, str] = {
    errors.EmptyImage.reason: N_("the file is empty"),
    frames.EmptyVideo.reason: N_("the file is empty"),
    errors.NotAnImage.reason: N_("it is not an image"),
    frames.NotAVideo.reason: N_("it is not a video, whatever its name or type says"),
    errors.BrokenImage.reason: N_("it is damaged or incomplete"),
    frames.BrokenVideo.reason: N_("it is damaged or cut short"),
    errors.ImageTooLarge.reason: N_("it is too large for me to open"),
    errors.ImageTooSmall.reason: N_("it is too small to show a face"),
    errors.ImageOddShape.reason: N_("it is too long and narrow to be a photo"),
    errors.EngineFailed.reason: N_("my face reader failed on it"),
    errors.NotDownloaded.reason: N_(
        "Telegram would not give me the file (a bot may download 20 MB at most)"
    ),
    frames.NoVideoStream.reason: N_("it has no picture, only sound"),
    frames.NoFrameRate.reason: N_("it has no frame rate or timestamps to play it by"),
    frames.VideoTooLong.reason: N_("it is longer than the clips I read"),
    frames.VideoFramesTooLarge.reason: N_("its picture is larger than 4K, more than I read"),
}


# What the poster can do about it, for each reason: one sentence, true of that reason (a
# clip too long is told its limit, ``send_shorter``). None for a reason not listed.
_WHAT_TO_DO: dict[str, str] = {
    errors.EmptyImage.reason: N_("Send it again."),
    frames.EmptyVideo.reason: N_("Send it again."),
    errors.NotAnImage.reason: N_("Send the picture itself, as a photo."),
    frames.NotAVideo.reason: N_("Send the clip itself, as a video."),
    errors.BrokenImage.reason: N_("Send it again from the original."),
    frames.BrokenVideo.reason: N_("Send it again from the original, in full."),
    errors.ImageTooLarge.reason: N_(
        "Send it as a photo, not as a file: Telegram makes it smaller."
    ),
    errors.ImageTooSmall.reason: N_("Send a larger photo, where faces can be seen."),
    errors.ImageOddShape.reason: N_(
        "Send it as an ordinary photo, not a panorama or a long screenshot."
    ),
    errors.EngineFailed.reason: N_("The fault is mine, not yours: sending it again may work."),
    errors.NotDownloaded.reason: N_("Send a copy under 20 MB."),
    frames.NoVideoStream.reason: N_("Send it again as a video with picture."),
    frames.NoFrameRate.reason: N_("Send it again as an ordinary video, from your phone's camera."),
    frames.VideoFramesTooLarge.reason: N_("Send it again at 4K resolution or less."),
}


def what_to_do(reason: str, longest_clip_s: float) -> str | None:
    """What the poster can do about a post that could not be read (``reason``: an
    ``ImageError``'s; ``longest_clip_s``: the longest clip read); None: nothing to suggest."""
    if reason == frames.VideoTooLong.reason:
        minutes = max(1, int(longest_clip_s // 60))
        return ngettext(
            "Send a shorter clip, at most {count} minute long.",
            "Send a shorter clip, at most {count} minutes long.",
            minutes,
        ).format(count=minutes)
    advice = _WHAT_TO_DO.get(reason)
    return _(advice) if advice is not None else None


def _unreadable_what(kind: MediaKind) -> str:
    if kind.is_clip:
        return _("the clip")
    if kind == MediaKind.DOCUMENT:
        return _("the file")
    return _("the photo")


def why_unreadable(reason: str) -> str:
    """Why a post could not be read, as a clause (``reason``: an ``ImageError``'s)."""
    why = _WHY_UNREADABLE.get(reason)
    return _(why) if why is not None else _("I cannot open it")


def _poster_name(post: UnreadablePost) -> str | None:
    poster = post.poster
    if poster is None:
        return None
    if poster.first_name:
        return isolated(e(poster.first_name))
    return f"@{poster.username}" if poster.username else None


def unreadable_for_admins(
    post: UnreadablePost, reason: str, link: str | None, *, by_a_member: bool = False
) -> str:
    """In the admin chat: which post (what, who, where, when) could not be read, and why;
    ``by_a_member``: its poster is no one facedrop may name now (they used /forget)."""
    values = {
        "what": _unreadable_what(post.media_kind),
        "group": _group(post.group_title),
        "date": _at(post.posted_at),
        "why": why_unreadable(reason),
    }
    name = _poster_name(post)
    if name is not None:
        text = _(
            "I could not read {what} {name} posted in {group} on {date}: {why}. Nothing else "
            "was affected."
        ).format(name=name, **values)
    elif by_a_member:
        text = _(
            "I could not read {what} a member posted in {group} on {date}: {why}. Nothing else "
            "was affected."
        ).format(**values)
    else:
        text = _(
            "I could not read {what} posted in {group} on {date}: {why}. Nothing else was affected."
        ).format(**values)
    return f"{text} {_open_in_group(link)}" if link else text


def unreadable_for_poster(
    title: str, kind: MediaKind, posted_at: datetime, reason: str, longest_clip_s: float
) -> str:
    """To the poster, privately: their post (``kind``, posted in the group ``title`` at
    ``posted_at``) could not be read, why, and what to do; said again from these alone, in
    the group's zone once it changes (``domain.privacy.notices``)."""
    text = _(
        "I could not read {what} you posted in {group} on {date}: {why}. Nothing else was affected."
    ).format(
        what=_unreadable_what(kind),
        group=_group(title),
        date=_at(posted_at),
        why=why_unreadable(reason),
    )
    advice = what_to_do(reason, longest_clip_s)
    return f"{text} {advice}" if advice is not None else text
