"""The sentences every capability says (buttons' yes and no, a button too old or
someone else's, an error, a choice marked, a moment, an undo, nothing deleted) and the
/language chooser's (HTML parse mode)."""

from __future__ import annotations

from datetime import datetime

from domain.languages import dates as datefmt
from domain.languages.catalogs import LANGUAGES, N_, _, ngettext


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


# Button labels, read as _(YES) and _(NO).
YES, NO = N_("Yes"), N_("No")


def button_expired() -> str:
    return _("This button has expired.")


def button_other_chat() -> str:
    return _("That button belongs to another chat.")


def button_not_yours() -> str:
    return _("That button was shown to someone else.")


def something_went_wrong() -> str:
    return _("Sorry, something went wrong on my side. Please try again in a minute.")


def kept() -> str:
    return _("OK, nothing was deleted.")


def undone(line: str) -> str:
    return _("Undone: {change}").format(change=line)


def when(at: datetime) -> str:
    return datefmt.moment_zoned(at)


def counted_photos(count: int) -> str:
    """ "1 photo", "3 photos": in the plural form the current language gives ``count``."""
    return ngettext("{count} photo", "{count} photos", count).format(count=count)


def counted_clips(count: int) -> str:
    """ "1 clip", "3 clips" (videos, round videos, animations), as ``counted_photos``."""
    return ngettext("{count} clip", "{count} clips", count).format(count=count)


def counted_media(photos: int, clips: int) -> str:
    """ "2 photos and 1 clip", "1 clip", "3 photos": what is in it, none left unsaid."""
    if not clips:
        return counted_photos(photos)
    if not photos:
        return counted_clips(clips)
    return _("{photos} and {clips}").format(
        photos=counted_photos(photos), clips=counted_clips(clips)
    )


def chosen(label: str, is_current: bool) -> str:
    """A choice's button; the current one is marked."""
    return f"• {label}" if is_current else label
