"""What a group chat says to people (HTML parse mode)."""

from __future__ import annotations

from domain.languages.catalogs import N_, _, isolated
from domain.languages.markup import e


def welcome(group_title: str, bot_username: str) -> str:
    return (
        _(
            "Hi, {group}! I'm facedrop. I send each parent, privately, only the photos and "
            "clips from this group that their own child is in. I never post photos, clips or "
            "names here.\n\n"
            "Parents: tap the button below to start."
        ).format(group=isolated(e(group_title)))
        + "\n\n"
        + _(
            "Admins of the group: send /admin here to link the admin chat (approvals, "
            "takedowns, settings) or see which one is linked; /help lists your tools."
        )
    )


def bot_description() -> str:
    """The empty private chat's "What can this bot do?" (plain text, at most 512 characters)."""
    return _(
        "I find your child in the photos and clips posted in your group chats and send you, "
        "privately, only those they are in. I never post photos, clips or names in the group."
        "\n\n"
        "Parents: open the link I posted in your group, then enroll your child with a few "
        "photos or a short clip.\n"
        "Organizers: add me to your group and make me an admin; /admin there links a chat "
        "for the organizers."
    )


def bot_short_description() -> str:
    """The bot's profile and START screen (plain text, at most 120 characters)."""
    return _("Sends each parent, privately, only the group photos and clips their own child is in.")


def no_longer_in(group_title: str) -> str:
    """To a parent who left the group (or was removed from it): what the "You're in: I'll
    look for your people in …" and "… is ready. I'll send you … from: …" said earlier no
    longer holds there (walkhe 8)."""
    return _(
        "You're no longer in <b>{group}</b>: I no longer look for your people there, nor send "
        "you its photos and clips. If you go back to it, open my link there again."
    ).format(group=isolated(e(group_title)))


def no_longer_in_since_back(group_title: str) -> str:
    """``no_longer_in``, once the parent came back to the group and opened my link there
    again (walken4 1)."""
    return _(
        "You had left <b>{group}</b>; since then you came back and opened my link there again."
    ).format(group=isolated(e(group_title)))


def bot_removed(group_title: str) -> str:
    """To each parent in the group in facedrop, once its organizers removed me from it: what
    the "You're in…" and "… is ready… from: …" said of it no longer holds, what stays, and
    what happens when they add me back (issue 32)."""
    return _(
        "I was removed from <b>{group}</b>, so no photos or clips come to you from there until "
        "its organizers add me back. Your people and the photos and clips I already sent you "
        "stay. Once I'm back, I'll look for your people there again: nothing for you to do."
    ).format(group=isolated(e(group_title)))


def bot_removed_since_back(group_title: str) -> str:
    """``bot_removed``, once the group's organizers added me back."""
    return _(
        "I had been removed from <b>{group}</b>; since then its organizers added me back, and "
        "I look for your people there again."
    ).format(group=isolated(e(group_title)))


def bot_removed_since_forgotten(group_title: str | None) -> str:
    """``bot_removed``, once the parent deleted everything with /forget; ``group_title``
    None: the group is gone."""
    if group_title is None:
        return _(
            "I had been removed from a group. Since then you deleted everything I had about you."
        )
    return _(
        "I had been removed from <b>{group}</b>. Since then you deleted everything I had about you."
    ).format(group=isolated(e(group_title)))


def bot_removed_for_organizers(group_title: str) -> str:
    """In the group's admin chat, once I was removed from the group."""
    return _(
        "I was removed from <b>{group}</b>: I no longer see its photos and clips, and its "
        "parents get none from there. To go on, add me back to it: its settings stay."
    ).format(group=isolated(e(group_title)))


def no_longer_in_since_forgotten(group_title: str | None) -> str:
    """``no_longer_in``, once the parent deleted everything with /forget (walken4 1);
    ``group_title`` None: the group is gone."""
    if group_title is None:
        return _("You had left a group. Since then you deleted everything I had about you.")
    return _(
        "You had left <b>{group}</b>. Since then you deleted everything I had about you."
    ).format(group=isolated(e(group_title)))


def join_button() -> str:
    return _("Get my child's photos and clips")


def needs_admin() -> str:
    return _(
        "I can't see the photos and clips posted here yet: Telegram only shows them to bots that are "
        "admins (or have privacy mode off). Please make me an admin of this group, with no "
        "special rights needed."
    )


def can_see_photos() -> str:
    return _("Thanks! I can see the photos and clips now.")


# A link is never wrapped in ``isolated``: a URL is strongly left to right by itself, and an
# invisible mark touching it (U+2069 after it) would end up in the link a reader taps.
def group_hint(bot_username: str, link: str) -> str:
    return _("Talk to me in private: {link}").format(link=link)


# The menu in a group (its members) and, for a group's admins, in the group and in its
# admin chat: how a newcomer finds /admin without the README.
GROUP_COMMANDS = (("help", N_("how to get your child's photos and clips")),)
