"""The Telegram port: what the services need from Telegram, without aiogram.

Buttons are described here as actions; the adapter turns them into callback
data the bot's handlers understand.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from domain.errors import FacedropError
from domain.states import MediaKind

IN_CHAT_STATUSES = frozenset({"creator", "administrator", "member", "restricted"})
# A chat's admins: a group's organizers (``domain.moderation.organizers``).
ORGANIZER_STATUSES = frozenset({"creator", "administrator"})
# The largest file a bot may download through the cloud Bot API (getFile): "file is too
# big" past it. Telegram's own local Bot API server has no such limit.
DOWNLOAD_LIMIT = 20 * 1024 * 1024


def chat_status(status: str, is_member: bool | None = None) -> str:
    """A chat member's status as far as being in the chat goes: Telegram keeps a
    restricted user ``restricted`` after they leave, with ``is_member`` false; that
    user is ``left`` here. Any other status is itself."""
    if status == "restricted" and not is_member:
        return "left"
    return status


@dataclass(frozen=True, slots=True)
class NotThisPerson:
    """On a delivered photo: "this face is not <name>"."""

    face_id: UUID
    label: str


@dataclass(frozen=True, slots=True)
class AnswerSuggestion:
    suggestion_id: UUID
    accept: bool
    label: str


class Reply(StrEnum):
    """What a guardian pressed on an offer or a sheet of earlier photos, or a batch of
    questions (``AnswerEarlierPhotos.reply``; callback data: keep it short)."""

    SEND = "y"  # "Yes, all are Sara" (and "Send them" on offers written as text)
    NO = "n"  # "No, thanks" / "None is Sara" (on a sheet: each face a negative example)
    SOME = "s"  # on a sheet, "Some are": each face asked about on its own


@dataclass(frozen=True, slots=True)
class AnswerEarlierPhotos:
    """On a sheet of faces ("I found 3 earlier photos of Sara: are these faces Sara?", or
    look-alikes, or a batch of questions): all are Sara, some are, none is; the reply's
    code."""

    offer_id: UUID
    reply: str
    label: str


@dataclass(frozen=True, slots=True)
class AnswerPair:
    """On "Is this Alice or Bob?" (siblings): the person it is (``person_id``), or neither
    (None). ``pair_id`` is the pair's leading suggestion."""

    pair_id: UUID
    person_id: UUID | None
    label: str


@dataclass(frozen=True, slots=True)
class AgreeToTerms:
    label: str


@dataclass(frozen=True, slots=True)
class ShowPrivacy:
    """ "What exactly is stored?", under a consent (kept once it is answered)."""

    label: str


@dataclass(frozen=True, slots=True)
class OpenLink:
    url: str
    label: str


@dataclass(frozen=True, slots=True)
class RemoveEnrollmentPhoto:
    """On an accepted enrollment photo: take it back while the session is open."""

    photo_id: UUID
    label: str


@dataclass(frozen=True, slots=True)
class RemoveClipViews:
    """On a clip's verdict while enrolling: take back the views kept from it while the
    session is open."""

    clip_id: UUID
    label: str


@dataclass(frozen=True, slots=True)
class AnswerLooksLike:
    """On an enrollment photo that looks like another of the guardian's persons
    (``person_id``): "yes, add it to them" or "no, a different person"."""

    photo_id: UUID
    person_id: UUID
    accept: bool
    label: str


@dataclass(frozen=True, slots=True)
class DecideApproval:
    """On an approval card in an admin chat: approve, or reject (then a reason is asked)."""

    approval_id: UUID
    approve: bool
    label: str


@dataclass(frozen=True, slots=True)
class UndoAuditEvent:
    """Under an /audit line in an admin chat: undo that moderation event."""

    event_id: UUID
    label: str


@dataclass(frozen=True, slots=True)
class UnclaimedAction:
    """Under an /unclaimed list: ``act`` on that named child ("l" a new link, "r" revoke,
    "n" rename, "d" delete)."""

    person_id: UUID
    act: str
    label: str


@dataclass(frozen=True, slots=True)
class PersonCardButton:
    """On a person card: one of its actions (``act``), for the card of ``version``
    (``persons.rules.card_version``); on a /persons list: "open" its card (no version)."""

    person_id: UUID
    act: str
    version: str
    label: str


@dataclass(frozen=True, slots=True)
class PressToken:
    """A single-use button (``domain.buttons``) already issued: shown again on its message
    (a rename re-words it)."""

    token_id: UUID
    label: str


@dataclass(frozen=True, slots=True)
class ShowAutomaticMatches:
    """Under /history: list the matches recognition made too (``person_id``: one person's
    history; None: all)."""

    person_id: UUID | None
    label: str


@dataclass(frozen=True, slots=True)
class AnswerHeld:
    """Under "While Alice was paused, I held 2 photos ... Send them?": send them (``yes``)
    or not."""

    person_id: UUID
    yes: bool
    label: str


@dataclass(frozen=True, slots=True)
class ToggleOwnPhotos:
    """On a /settings card: send me what I post too (``on``: the value the press sets)."""

    on: bool
    label: str


@dataclass(frozen=True, slots=True)
class ChooseQuestionMode:
    """On a /settings card: how questions arrive (``mode``, a ``QuestionMode``; ``every``:
    how many for "every N"), for the presser alone."""

    mode: str
    every: int
    label: str


@dataclass(frozen=True, slots=True)
class NameFaces:
    """Under a /whois sheet in an admin chat: name the child of its faces (``act`` "n") or
    skip to the next group of faces ("s"); ``fp``: the fingerprint of the faces shown
    (naming is bound to them), ``position``: the sheet's place."""

    cluster: str
    act: str
    fp: str
    position: int
    label: str


@dataclass(frozen=True, slots=True)
class AnswerTakedown:
    """Under a takedown confirmation: take it down (``go``) or cancel; ``token_id``: its
    single-use organizer's button (``domain.buttons``, action TAKEDOWN)."""

    token_id: UUID
    go: bool
    label: str


Button = (
    NotThisPerson
    | AnswerSuggestion
    | AnswerEarlierPhotos
    | AnswerPair
    | AgreeToTerms
    | ShowPrivacy
    | OpenLink
    | RemoveEnrollmentPhoto
    | RemoveClipViews
    | AnswerLooksLike
    | DecideApproval
    | UndoAuditEvent
    | UnclaimedAction
    | PersonCardButton
    | PressToken
    | ShowAutomaticMatches
    | AnswerHeld
    | ToggleOwnPhotos
    | ChooseQuestionMode
    | NameFaces
    | AnswerTakedown
)


class RecipientUnreachable(FacedropError):
    """The user blocked the bot, never started it, or deleted their account."""


class ChatUnavailable(FacedropError):
    """The chat or message is gone, or the bot may no longer act in it."""


class TelegramUnavailable(FacedropError):
    """Telegram failed or could not be reached; the call may be retried later."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ChatMigrated(TelegramUnavailable):
    """The group was upgraded to a supergroup: Telegram refuses its old id from now on."""

    def __init__(self, message: str, old_chat_id: int, new_chat_id: int) -> None:
        super().__init__(message, retry_after=1)
        self.old_chat_id = old_chat_id
        self.new_chat_id = new_chat_id


class Deletion(StrEnum):
    """What became of a message the bot asked Telegram to delete."""

    DELETED = "deleted"
    GONE = "gone"  # deleted already (by its reader, or before)
    REFUSED = "refused"  # Telegram refuses: older than 48 hours, or no right to delete it


class Edit(StrEnum):
    """What became of the bot's own message it asked Telegram to edit."""

    EDITED = "edited"  # it shows what was asked (edited now, or said so already)
    # Deleted (by its reader): it shows nothing, and what the edit said is read nowhere.
    GONE = "gone"
    REFUSED = "refused"  # Telegram refuses: too old, or no longer the bot's to edit


# What an album may mix (tdlib's check_message_group_message_contents: photos and videos;
# an animation or a video note can't be in one, a document only with documents).
ALBUM_KINDS = frozenset({MediaKind.PHOTO, MediaKind.VIDEO})


@dataclass(frozen=True, slots=True)
class AlbumItem:
    """One photo or video of an album sent by its file id, with its caption."""

    file_id: str
    caption: str
    kind: MediaKind = MediaKind.PHOTO


class Messenger(Protocol):
    """Sends messages as the bot, within Telegram's rate limits, and reads files and members.

    Send methods return the new message's id and raise ``RecipientUnreachable``,
    ``ChatUnavailable`` or ``TelegramUnavailable``. They wait their turn and wait
    out short 429s themselves, unless ``turn_taken``: the caller waited with
    ``wait_turn`` just before, and gets exactly one request, with any 429 raised as
    ``TelegramUnavailable`` carrying its ``retry_after`` (the chat is then held for it).
    """

    async def wait_turn(
        self, chat_id: int, longest: float, count: int | Callable[[], Awaitable[int]] = 1
    ) -> int:
        """Wait until ``count`` messages (an album's photos) may go to ``chat_id`` and take
        that turn; raise ``TelegramUnavailable`` (with ``retry_after``) rather than wait
        more than ``longest`` seconds. ``count`` may be asked once the chat is free: what
        is ready to go then (0: nothing, no turn taken). Returns the count taken."""

    async def send_text(
        self,
        chat_id: int,
        text: str,
        buttons: Sequence[Sequence[Button]] = (),
        *,
        reply_to: int | None = None,
        turn_taken: bool = False,
    ) -> int:
        """``reply_to``: a message of the chat this one answers (sent anyway when it is
        gone)."""
        ...

    async def copy_photo(
        self,
        chat_id: int,
        from_chat_id: int,
        message_id: int,
        caption: str,
        buttons: Sequence[Sequence[Button]] = (),
        *,
        turn_taken: bool = False,
    ) -> int: ...

    async def send_photo(
        self,
        chat_id: int,
        photo: str | bytes,
        caption: str,
        buttons: Sequence[Sequence[Button]] = (),
        *,
        turn_taken: bool = False,
    ) -> int: ...

    async def send_clip(
        self,
        chat_id: int,
        kind: MediaKind,
        file_id: str,
        caption: str,
        buttons: Sequence[Sequence[Button]] = (),
        *,
        turn_taken: bool = False,
    ) -> int:
        """A clip sent again by its file id as what it is (``sendVideo``, ``sendAnimation``,
        ``sendVideoNote``); a video note carries no caption, so ``caption`` is left out."""
        ...

    async def send_album(
        self, chat_id: int, items: Sequence[AlbumItem], *, turn_taken: bool = False
    ) -> list[int]:
        """Send 2 to 10 photos and videos as one album (``sendMediaGroup``); the ids of its
        messages, in order."""
        ...

    async def download(self, file_id: str) -> bytes: ...

    async def member_status(self, chat_id: int, user_id: int) -> str:
        """The user's status in the chat, ``chat_status`` applied (in the chat: one of
        ``IN_CHAT_STATUSES``)."""
        ...

    async def member_name(self, chat_id: int, user_id: int) -> str:
        """The user's first name as the chat shows it (what a group message's ``from``
        carries), asked of Telegram: nothing about a user who never started the bot is
        kept to say it. Raises as ``member_status``."""
        ...

    async def delete_message(self, chat_id: int, message_id: int) -> Deletion:
        """Delete a message; raises only ``TelegramUnavailable`` (try again later)."""
        ...

    async def blank_photo(self, chat_id: int, message_id: int, caption: str) -> bool:
        """Replace the bot's own photo message's image with a neutral one, its caption with
        ``caption``, and drop its buttons (``editMessageMedia``: a message too old to be
        deleted can still be edited). True once it shows none of that (edited, gone, or
        already so); False when Telegram refuses; raises only ``TelegramUnavailable``."""
        ...

    async def replace_text(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        buttons: Sequence[Sequence[Button]] = (),
    ) -> Edit:
        """Replace the bot's own text message with ``text``, with ``buttons`` (none: none).
        ``Edit.GONE`` when its reader deleted it: it shows none of what it said, and where
        ``text`` is news (a final word), only a new message tells it. Raises only
        ``TelegramUnavailable``."""
        ...

    async def recaption(
        self,
        chat_id: int,
        message_id: int,
        caption: str,
        buttons: Sequence[Sequence[Button]] = (),
    ) -> bool:
        """Re-write the bot's own photo message's caption and buttons (none: none); True once
        it shows them (edited, or already so) or is gone; False when Telegram refuses;
        raises only ``TelegramUnavailable``."""
        ...

    async def drop_buttons(self, chat_id: int, message_id: int) -> bool:
        """Take the buttons off the bot's own message, its text as it is; True once it shows
        none (edited, gone, or had none); False when Telegram refuses; raises only
        ``TelegramUnavailable``."""
        ...

    async def set_buttons(
        self, chat_id: int, message_id: int, buttons: Sequence[Sequence[Button]]
    ) -> bool:
        """Replace the buttons of the bot's own message that has no caption to edit (a
        round video), the rest as it is; True, False and raises as ``drop_buttons``."""
        ...
