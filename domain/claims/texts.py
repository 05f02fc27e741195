"""What naming unknown faces and claiming them says to people (HTML parse mode)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from domain.enrollment.rules import NAME_MAX
from domain.languages import dates as datefmt
from domain.languages.catalogs import N_, _, isolated, ngettext
from domain.languages.markup import e
from domain.languages.texts import counted_media
from domain.moderation.texts import join_refused
from domain.onboarding.texts import agreed, group_retention, what_i_do


def whois_not_organizer() -> str:
    return _("Only an admin of the group can name faces.")


def whois_none(group_title: str, named_before: bool = True) -> str:
    """``named_before``: faces were named in the group before ("left"); else none was ever
    there to name (findings25 12)."""
    if named_before:
        text = _(
            "No group of look-alike faces left to name in <b>{group}</b>: faces not matched to "
            "any enrolled child are grouped by likeness after photos and clips are posted, and "
            "a group needs at least 3 such faces."
        )
    else:
        text = _(
            "No group of look-alike faces to name in <b>{group}</b>: faces not matched to any "
            "enrolled child are grouped by likeness after photos and clips are posted, and a "
            "group needs at least 3 such faces."
        )
    return text.format(group=isolated(e(group_title)))


def whois_too_few(group_title: str, faces: int, needed: int) -> str:
    """/whois where the group's photos and clips have too few faces not matched to any enrolled
    child for any group of look-alikes (``needed``): how many there are, whether or not a regrouping is due."""
    return ngettext(
        "No group of look-alike faces to name in <b>{group}</b> yet: a group needs at least "
        "{needed} look-alike faces not matched to any enrolled child, and its photos and "
        "clips have {count} such face so far.",
        "No group of look-alike faces to name in <b>{group}</b> yet: a group needs at least "
        "{needed} look-alike faces not matched to any enrolled child, and its photos and "
        "clips have {count} such faces so far.",
        faces,
    ).format(group=isolated(e(group_title)), needed=needed, count=faces)


def whois_grouping_pending(group_title: str, minutes: int) -> str:
    """/whois finds no group of look-alike faces, but faces posted lately are not grouped
    yet (the regrouping after a burst of photos is still to come)."""
    return ngettext(
        "No group of look-alike faces to name in <b>{group}</b> yet: I group new faces "
        "within about {count} minute of being posted; try /whois again then.",
        "No group of look-alike faces to name in <b>{group}</b> yet: I group new faces "
        "within about {count} minutes of being posted; try /whois again then.",
        minutes,
    ).format(group=isolated(e(group_title)), count=minutes)


def whois_sheet(group_title: str, position: int, total: int, faces: int) -> str:
    return (
        ngettext(
            "Who is this? {count} look-alike face from <b>{group}</b> that I have not "
            "matched to anyone ({position} of {total}).",
            "Who is this? {count} look-alike faces from <b>{group}</b> that I have not "
            "matched to anyone ({position} of {total}).",
            faces,
        ).format(count=faces, group=isolated(e(group_title)), position=position, total=total)
        + "\n"
        + _(
            "Naming the child sends its photos and clips to nobody: I give you a one-time link "
            "for the child's parent. Whoever opens it and is a member of the group sees these faces and the "
            "name, and says whether this is their child."
        )
    )


# On a sheet of faces too old for Telegram to delete, once withdrawn.
def sheet_withdrawn() -> str:
    return _("A sheet of faces, withdrawn.")


# On a sheet of faces too old for Telegram to delete, once those faces were deleted.
def sheet_faces_deleted() -> str:
    return _("A sheet of faces. Those faces have since been deleted.")


# On a sheet of faces too old for Telegram to delete, in the chat of one who used /forget.
def sheet_forgotten() -> str:
    return _("A sheet of faces. Since then you deleted everything I had about you.")


def name_this_child() -> str:
    return _("Name this child")


def skip_cluster() -> str:
    return _("Skip")


def whois_named(name: str) -> str:
    """The /whois sheet a child was named from, once named (the faces and buttons gone):
    said as the rule of /unclaimed (walkhe4 11: "until … approved" read as still waiting);
    ``whois_named_decided`` once a parent's claim of the child is decided."""
    return _(
        "Named <b>{name}</b>. /unclaimed lists each named child until a parent's claim of "
        "them is approved."
    ).format(name=isolated(e(name)))


def whois_named_decided(name: str, approved: bool, on: datetime) -> str:
    """The /whois sheet a child was named from (``approved`` only: rejected, it is deleted)
    and the naming prompt, once the organizers decided on a parent's claim of the child
    (walk33 7: "/unclaimed lists each named child until…" stayed once it no longer did)."""
    if approved:
        text = _(
            "Named <b>{name}</b>. A parent's claim of {name} was approved on {date}: {name} "
            "is no longer listed in /unclaimed."
        )
    else:
        text = _(
            "Named <b>{name}</b>. A parent's claim of {name} was rejected on {date}, so "
            "{name} was deleted and is no longer listed in /unclaimed."
        )
    return text.format(name=isolated(e(name)), date=datefmt.day(on))


def whois_named_deleted(name: str, on: datetime) -> str:
    """The naming prompt, once the named child was deleted with /unclaimed."""
    return _(
        "Named <b>{name}</b>. {name} was deleted with /unclaimed on {date}: no parent can "
        "claim them any more."
    ).format(name=isolated(e(name)), date=datefmt.day(on))


def whois_changed() -> str:
    return _(
        "These faces have changed since (someone was recognized, or a photo or clip went). Send "
        "/whois again."
    )


def whois_named_since(name: str) -> str:
    """A /whois sheet's button pressed after its faces were named (from another sheet)."""
    return _("These faces were named {name} since. /unclaimed lists the named children.").format(
        name=isolated(name)
    )


def claim_link_used(name: str, group_title: str) -> str:
    """Where the organizer was handed a claim link, once a parent used it (while their
    claim waits: ``claim_link_decided`` once the organizers decide)."""
    return _(
        "The claim link for <b>{name}</b> in {group} was used, so it no longer works. "
        "/unclaimed lists each named child until a parent's claim of them is approved."
    ).format(name=isolated(e(name)), group=isolated(e(group_title)))


def claim_link_decided(name: str, group_title: str, approved: bool, on: datetime) -> str:
    """Where the organizer was handed a claim link, once a parent used it and the
    organizers decided on their claim (walk33 7)."""
    if approved:
        text = _(
            "The claim link for <b>{name}</b> in {group} was used, so it no longer works. "
            "The organizers approved that parent's claim on {date}: {name} is no longer "
            "listed in /unclaimed."
        )
    else:
        text = _(
            "The claim link for <b>{name}</b> in {group} was used, so it no longer works. "
            "The organizers rejected that parent's claim on {date}, so {name} was deleted."
        )
    return text.format(name=isolated(e(name)), group=isolated(e(group_title)), date=datefmt.day(on))


def claim_link_used_since_deleted(name: str, group_title: str) -> str:
    """Where the organizer was handed a claim link, once a parent used it and the child was
    deleted with /unclaimed before the organizers decided on the claim."""
    return _(
        "The claim link for <b>{name}</b> in {group} was used, so it no longer works. "
        "{name} has since been deleted with /unclaimed, and that parent's claim with them."
    ).format(name=isolated(e(name)), group=isolated(e(group_title)))


def claim_link_gone(name: str, group_title: str) -> str:
    """Where the organizer was handed a claim link, once it was revoked, replaced by a
    newer one, or the child deleted."""
    return _(
        "The claim link for <b>{name}</b> in {group} no longer works: it was revoked or "
        "replaced, or the child was deleted. /unclaimed lists the named children."
    ).format(name=isolated(e(name)), group=isolated(e(group_title)))


def claim_link_expired(name: str, group_title: str, expired: datetime) -> str:
    """Where the organizer was handed a claim link, once it expired unused."""
    return _(
        "The claim link for <b>{name}</b> in {group} expired on {date} without being used, "
        "so it no longer works. To make a new one, send /unclaimed in the admin chat and "
        "press “New link”."
    ).format(
        name=isolated(e(name)), group=isolated(e(group_title)), date=datefmt.moment_zoned(expired)
    )


def whois_ask_name(group_title: str) -> str:
    return _(
        "Reply to this message with the child's name (as the parent will see it; {count} "
        "characters at most), or /cancel. ({group})"
    ).format(count=NAME_MAX, group=isolated(e(group_title)))


def whois_prompt_named(name: str) -> str:
    """In the admin chat, the naming prompt once answered (and a later reply to it):
    /unclaimed can rename this child (walk32 4: "/unclaimed renames each named child…"
    read as if it renamed them all); ``whois_named_decided`` once a parent's claim of the
    child is decided, ``whois_named_deleted`` once deleted."""
    return _(
        "Named <b>{name}</b>. /unclaimed can rename {name} until a parent's claim of them is "
        "approved."
    ).format(name=isolated(e(name)))


def whois_prompt_decided(name: str, approved: bool, on: datetime) -> str:
    """The naming prompt once the organizers decided on a parent's claim of the child: what
    became of renaming them, which it offered (``whois_prompt_named``); the /whois sheet
    beside it says that /unclaimed no longer lists them (``whois_named_decided``: the same
    sentence twice, walk33 7). Rejected, the child and its sheet are gone: said as the
    sheet would have said it."""
    if not approved:
        return whois_named_decided(name, False, on)
    return _(
        "Named <b>{name}</b>. Since a parent's claim of {name} was approved on {date}, only "
        "their guardian can rename them."
    ).format(name=isolated(e(name)), date=datefmt.day(on))


def claim_link_text(name: str, group_title: str, link: str, expires: datetime) -> str:
    child = isolated(e(name))
    return _(
        "<b>{name}</b> is named in {group}. Send this link privately to {name}'s parent, and to "
        "no one else: whoever opens it first can claim {name} (it works once, until "
        "{date}):\n{link}\n"
        "They will see the faces and be asked whether this is their child; the organizers "
        "of the group then approve the claim in its admin chat before anything is sent. "
        "/unclaimed lists the named children: a new link, revoke, rename, delete."
    ).format(
        name=child,
        group=isolated(e(group_title)),
        date=datefmt.moment_zoned(expires),
        link=link,
    )


def claim_link_sent(organizer: str) -> str:
    """In the admin chat: the link went to the organizer who asked for it, privately;
    ``organizer`` "": no name is known of them (they used /forget since), and none is said."""
    if not organizer:
        return _(
            "A claim link for the child you named was sent privately to the organizer who asked "
            "for it. Pass it only to the child's parent."
        )
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
    """``organizer`` "": as ``claim_link_sent``'s."""
    if not organizer:
        return _(
            "I couldn't write privately to the organizer who asked for a claim link, so I kept "
            "no link. A new link can be made with /unclaimed."
        )
    return _(
        "{admin}, I can't write to you privately, so I kept no link. Open a private chat with "
        "me and send /start, then make a new link with /unclaimed."
    ).format(admin=isolated(e(organizer)))


def claim_waiting(
    name: str,
    group_title: str,
    one_by_one: bool = False,
    photos: int = 0,
    clips: int = 0,
    kept: int = 0,
    kept_clips: int = 0,
) -> str:
    """A claim answered, waiting for the organizers; ``one_by_one``: "Some are". What is
    sent once they approve is said as the claim's approval counts it: the ``photos`` the
    faces confirmed are in that will be sent, ``clips`` of them clips ("the 2 photos and 1
    clip"); ``kept``: those the claimer has already (sent before for another of their
    persons, or posted by them), not sent again, ``kept_clips`` of them clips."""
    group, child = isolated(e(group_title)), isolated(e(name))
    if one_by_one and clips:
        return _(
            "Thank you. The organizers of <b>{group}</b> check claims before anything is sent: "
            "once they approve, {name} is yours and I ask you about each face, a question "
            "for each; the photos and clips of the faces you confirm are sent. I'll tell you "
            "when they decide."
        ).format(group=group, name=child)
    if one_by_one:
        return _(
            "Thank you. The organizers of <b>{group}</b> check claims before anything is sent: "
            "once they approve, {name} is yours and I ask you about each face, a question "
            "for each; the photos of the faces you confirm are sent. I'll tell you when they "
            "decide."
        ).format(group=group, name=child)
    if kept and not photos:
        return ngettext(
            "Thank you. The organizers of <b>{group}</b> check claims before anything is "
            "sent: once they approve, {name} is yours. You already have the {media} you saw "
            "the faces of, so it isn't sent again. I'll tell you when they decide.",
            "Thank you. The organizers of <b>{group}</b> check claims before anything is "
            "sent: once they approve, {name} is yours. You already have the {media} you saw "
            "the faces of, so they aren't sent again. I'll tell you when they decide.",
            kept,
        ).format(group=group, name=child, media=counted_media(kept - kept_clips, kept_clips))
    if kept:
        return ngettext(
            "Thank you. The organizers of <b>{group}</b> check claims before anything is "
            "sent: once they approve, {name} is yours and I send you the {media} you saw "
            "the faces of that you don't have yet. You already have {kept} of those: it "
            "isn't sent again. I'll tell you when they decide.",
            "Thank you. The organizers of <b>{group}</b> check claims before anything is "
            "sent: once they approve, {name} is yours and I send you the {media} you saw "
            "the faces of that you don't have yet. You already have {kept} of those: they "
            "aren't sent again. I'll tell you when they decide.",
            kept,
        ).format(
            group=group,
            name=child,
            media=counted_media(photos - clips, clips),
            kept=counted_media(kept - kept_clips, kept_clips),
        )
    return _(
        "Thank you. The organizers of <b>{group}</b> check claims before anything is sent: "
        "once they approve, {name} is yours and I send you the {media} you saw the faces "
        "of. I'll tell you when they decide."
    ).format(group=group, name=child, media=counted_media(photos - clips, clips))


def claim_waiting_into(
    name: str,
    group_title: str,
    one_by_one: bool = False,
    photos: int = 0,
    clips: int = 0,
    kept: int = 0,
    kept_clips: int = 0,
) -> str:
    """A claim answered "it's my Itai" (``name``), waiting for the organizers: once they
    approve, the faces are Itai's (``one_by_one``: each asked about first); ``photos`` of
    theirs are sent then (``clips`` of them clips), ``kept`` of them they have already (not
    sent again; ``kept_clips`` of them clips)."""
    group, child = isolated(e(group_title)), isolated(e(name))
    parts = [
        _(
            "Thank you. The organizers of <b>{group}</b> check claims before anything is sent: "
            "once they approve, I ask you about each face, a question for each; those you "
            "confirm are {name}'s, and their photos and clips are sent."
        ).format(group=group, name=child)
        if one_by_one
        else _(
            "Thank you. The organizers of <b>{group}</b> check claims before anything is sent: "
            "once they approve, these faces are {name}'s."
        ).format(group=group, name=child)
    ]
    if not one_by_one and photos:
        parts.append(
            _("I'll send you the {media} you saw the faces of that you don't have yet.").format(
                media=counted_media(photos - clips, clips)
            )
        )
    if not one_by_one and kept:
        parts.append(
            ngettext(
                "You already have {media} of them: it isn't sent again.",
                "You already have {media} of them: they aren't sent again.",
                kept,
            ).format(media=counted_media(kept - kept_clips, kept_clips))
        )
    parts.append(_("I'll tell you when they decide."))
    return " ".join(parts)


def claim_mine(name: str) -> str:
    """The sheet's answer "these faces are my Itai", enrolled before (a button)."""
    return _("Yes, it's my {name}").format(name=isolated(name))


def claim_own_hint() -> str:
    """Under the claim's question when the opener has children of their own in the group."""
    return _(
        "If these are the faces of a child you enrolled already, say which: the faces are "
        "then that child's, not a new one's."
    )


def claim_not_yours() -> str:
    return _(
        "That child isn't one of yours in this group now (deleted, merged or not approved "
        "since), so nothing was claimed and nothing changed. Open the claim link again to "
        "answer."
    )


def claim_still_waiting(name: str, group_title: str) -> str:
    return _(
        "You claimed <b>{name}</b> already: the organizers of <b>{group}</b> haven't decided "
        "yet. I'll tell you when they do; nothing is sent before."
    ).format(name=isolated(e(name)), group=isolated(e(group_title)))


def naming_cancelled() -> str:
    return _("Nothing named.")


def unclaimed_list(
    group_title: str, rows: Sequence[tuple[str, int, bool, str, datetime | None, bool, bool]]
) -> str:
    """The /unclaimed list: (name, faces left, link live, named by, when its unused link
    expired: None when it did not, a parent's claim waits for the organizers, that claim
    said the faces are a child of theirs deleted since)."""
    group = isolated(e(group_title))
    if not rows:
        return _("No named child is waiting to be claimed in <b>{group}</b>.").format(group=group)
    lines = [_("Named children not claimed yet in <b>{group}</b>:").format(group=group)]
    for n, (name, faces, live, by, expired, waiting, into_gone) in enumerate(rows, 1):
        child, namer = isolated(e(name)), isolated(e(by))
        if waiting and into_gone:
            line = _(
                "{n}. <b>{name}</b>: a parent said these faces are a child of theirs who has "
                "since been deleted; nothing is left to approve: reject the claim on its card "
                "in the admin chat (named by {admin})"
            ).format(n=n, name=child, admin=namer)
        elif waiting:
            line = _(
                "{n}. <b>{name}</b>: a parent claimed them; the claim waits for your decision "
                "on its card in the admin chat (named by {admin})"
            ).format(n=n, name=child, admin=namer)
        elif expired is not None:
            line = ngettext(
                "{n}. <b>{name}</b>: {count} face, its link expired on {date} (named by {admin})",
                "{n}. <b>{name}</b>: {count} faces, its link expired on {date} (named by {admin})",
                faces,
            ).format(n=n, name=child, count=faces, admin=namer, date=datefmt.moment_zoned(expired))
        elif live:
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


def unclaimed_claim_waits(name: str) -> str:
    """A new link, a revoke or a rename pressed while a parent's claim of the child waits:
    a second link would let another parent claim the same child."""
    return _(
        "A parent's claim of <b>{name}</b> waits for your decision on its card in the admin "
        "chat: approve or reject it first."
    ).format(name=isolated(e(name)))


def unclaimed_gone() -> str:
    return _("That child was claimed or deleted meanwhile: send /unclaimed again.")


def unclaimed_claimed(name: str) -> str:
    """Plain text (a popup): an older /unclaimed list's button on a child claimed since (the
    list then shows what waits now)."""
    return _("{name} was claimed: the organizers approved a parent's claim.").format(
        name=isolated(name)
    )


def unclaimed_no_longer() -> str:
    """Plain text (a popup): an older /unclaimed list's button on a child deleted since (a
    claim rejected, or deleted from another list); the list then shows what waits now."""
    return _("That child is no longer waiting to be claimed: the list shows who is.")


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
        "faces stay in the group's photos and clips, nobody's)."
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
    *,
    outsider: bool = False,
) -> str:
    """Before membership is checked: no child's name, no organizer's. The same short facts
    as every consent, the group's retention among them (the details one tap away); a
    reader who agreed already is not shown them again. ``agreed_on``: they agreed to this
    one, which says so instead of asking; ``outsider``: they agreed, but are no member of
    the group, so nothing was kept and the link asks again once they are (findings10 3:
    it read as still undecided)."""
    offer = _(
        "An organizer of <b>{group}</b> sent you a claim link for a child in photos and clips "
        "posted there, as the child's parent."
    ).format(group=isolated(e(group_title)))
    becomes = _(
        "If you claim the child, you become their guardian: once the group's organizers "
        "approve the claim, I send you the photos and clips of the child posted in the groups "
        "you're in, and look for the earlier ones."
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
    if outsider:
        asks = _(
            "Not yet: you aren't a member of <b>{group}</b>. Join it, then tap the link again: "
            "I'll ask you once more then."
        ).format(group=isolated(e(group_title)))
    elif agreed_on is not None:
        asks = agreed(agreed_on)
    return "\n\n".join([offer, becomes, terms, kept, asks])


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
    """``group_title``: the link's group, said to a member of it only ("": the opener is
    not one, and learns nothing of where the link is for)."""
    if not group_title:
        return _(
            "This claim link has expired (they work for 48 hours). Ask whoever sent it to you "
            "for a new one."
        )
    return _(
        "This claim link has expired (they work for 48 hours). Ask the organizers of "
        "<b>{group}</b> for a new one."
    ).format(group=isolated(e(group_title)))


def claim_answered_waiting(group_title: str) -> str:
    return _("You said yes: the organizers of {group} decide now; I'll tell you.").format(
        group=isolated(group_title)
    )


def claim_answered_approved(name: str, group_title: str) -> str:
    return _(
        "You said yes, and the organizers of {group} approved it: {name}'s photos come to you."
    ).format(group=isolated(group_title), name=isolated(name))


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
        "Is this <b>{name}</b>, your child? {count} face from {group}. Say yes only "
        "if every face is your child; if only some are, I ask you about each face once the "
        "organizers approve the claim.",
        "Is this <b>{name}</b>, your child? {count} faces from {group}. Say yes only "
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
        "The faces this child was named from are gone (taken down, or recognized as someone "
        "else meanwhile): there is nothing left to claim. Ask the organizers, or enroll with /add."
    )


def claim_not_a_member_hint() -> str:
    return _("Join the group first, then open the link again.")


def claim_cancelled() -> str:
    return _("Nothing claimed. The link still works until it expires.")


def claim_banned(group_title: str) -> str:
    return join_refused(group_title)


def claim_declined(name: str) -> str:
    return _(
        "Thank you: <b>{name}</b> is not claimed, and the link is spent. I told the organizers "
        "that it isn't your child, nothing about you."
    ).format(name=isolated(e(name)))
