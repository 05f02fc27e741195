"""Callback data of every inline button; the bot's handlers filter on these.

Callback data is user input: handlers re-check that the clicking user may do
what the button says.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from uuid import UUID

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from domain.telegram import (
    AgreeToTerms,
    AnswerEarlierPhotos,
    AnswerHeld,
    AnswerLooksLike,
    AnswerPair,
    AnswerSuggestion,
    AnswerTakedown,
    Button,
    ChooseQuestionMode,
    DecideApproval,
    NameFaces,
    NotThisPerson,
    OpenLink,
    PersonCardButton,
    PressToken,
    RemoveClipViews,
    RemoveEnrollmentPhoto,
    ShowAutomaticMatches,
    ShowPrivacy,
    ToggleOwnPhotos,
    UnclaimedAction,
    UndoAuditEvent,
)


def short(value: UUID) -> str:
    """A UUID in 22 characters (callback data has room for 64 bytes)."""
    return base64.urlsafe_b64encode(value.bytes).rstrip(b"=").decode()


def expand(value: str) -> UUID | None:
    """The UUID of ``short``; None for anything else (tampered data)."""
    try:
        raw = base64.urlsafe_b64decode(value + "==")
        return UUID(bytes=raw) if len(raw) == 16 else None
    except (ValueError, TypeError):
        return None


class PersonData(CallbackData, prefix="pr"):
    """A person card's button (or a /persons entry: ``v`` empty). ``v`` is the version of
    the card it was on (``persons.rules.card_version``): an older card is refused."""

    id: str
    act: str
    v: str = ""


class MergeChoiceData(CallbackData, prefix="mc"):
    """ "Which person is the same child as Alice?": ``drop`` the one chosen (empty: none,
    keep both). Choosing only asks; the merge is the confirmation's single-use button."""

    keep: str
    drop: str


class TokenData(CallbackData, prefix="bt"):
    """A single-use button (``domain.buttons``): only the token's id travels."""

    id: str


class DismissData(CallbackData, prefix="dx"):
    """ "No, keep it" under a confirmation sent before ``KeepData``: nothing changes, the
    buttons go."""


class KeepData(CallbackData, prefix="dk"):
    """ "No, keep it" beside a single-use button (its token's ``short`` id): that button
    is spent, or, pressed already, the cancel says nothing was kept."""

    id: str


class HistoryData(CallbackData, prefix="hs"):
    """ "Show automatic matches" under /history (person: one person's, or empty: all)."""

    person: str


class MoveData(CallbackData, prefix="mv"):
    face: str
    to: str  # empty: none of the guardian's persons


class InviteData(CallbackData, prefix="iv"):
    pass


class NotPersonData(CallbackData, prefix="np"):
    face: UUID


class NotPersonChoiceData(CallbackData, prefix="nx"):
    """A choice after "Not Alice?": act "r" (remove this photo only) or "n" (that isn't Alice)."""

    face: str
    act: str


class SuggestionData(CallbackData, prefix="sg"):
    id: UUID
    yes: bool


class EarlierPhotosData(CallbackData, prefix="ea"):
    id: str  # the offer (``short``)
    reply: str  # ``earlier_photos.service.Reply``


class PairData(CallbackData, prefix="sp"):
    """ "Is this Alice or Bob?": ``pair`` the leading suggestion (``short``), ``person`` the
    one it is (``short``), or empty: neither."""

    pair: str
    person: str


class AgreeData(CallbackData, prefix="agree"):
    pass


class PrivacyData(CallbackData, prefix="pv"):
    """ "What exactly is stored?": the details of what facedrop keeps (anyone may ask)."""


class HeldData(CallbackData, prefix="hd"):
    """The answer to "While Alice was paused, N photos were posted. Send them?"."""

    person: str
    yes: bool


class OwnPhotosData(CallbackData, prefix="op"):
    """The /settings toggle; ``on`` is the value the press sets."""

    on: bool


class QuestionModeData(CallbackData, prefix="qm"):
    """The /settings choice of how questions arrive: the mode (``QuestionMode``) and, for
    "every", how many; the value the press sets, for the presser alone."""

    mode: str
    every: int = 0


class LanguageData(CallbackData, prefix="lg"):
    """The /language choice: a language's code, or "" for the Telegram app's; the value
    the press sets, for the presser alone."""

    code: str


class EnrollmentPhotoData(CallbackData, prefix="ep"):
    """A button on one enrollment photo's verdict: ``act`` "rm" removes it; "yes" adds it
    to the person ``to`` it looks like, "no" says it is a different person; on a clip's,
    "rmv" removes the views kept from it."""

    photo: str
    act: str
    to: str = ""


# ----- The organizers' side (issue 11): buttons in admin chats. Each part in its section. ---


# --- admin chat: /audit ---
class GroupChoiceData(CallbackData, prefix="og"):
    """ "Which group?" in an admin chat serving several: run ``cmd`` for ``group``."""

    cmd: str
    group: str


class AuditUndoData(CallbackData, prefix="au"):
    """ "Undo" under /audit: undo one moderation event (``short`` of its id)."""

    event: str


# --- approvals ---
class ApprovalData(CallbackData, prefix="ap"):
    """A button of an approval card: ``act`` is ``ok`` (approve), ``no`` (show the
    reasons), ``back`` (hide them), or ``r_<reason code>`` (reject for that reason)."""

    id: str
    act: str


def approval_button(approval_id: UUID, act: str, label: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=label, callback_data=ApprovalData(id=short(approval_id), act=act).pack()
    )


# --- takedown ---
class TakedownData(CallbackData, prefix="td"):
    """ "Take it down" (``act`` "go") or "Cancel" ("no") under a takedown confirmation: ``id``
    is its single-use organizer's button (``domain.buttons``, action TAKEDOWN)."""

    id: str
    act: str


# --- bans and pausing ---
class BanChoiceData(CallbackData, prefix="bn"):
    """ "Which group?" for ``/ban``/``/unban`` of ``user`` in an admin chat serving several
    groups that know them: ``act`` "b" bans, "u" unbans, in ``group``."""

    act: str
    group: str
    user: int


# --- /settings ---
class GroupSettingData(CallbackData, prefix="gs"):
    """A /settings button in an admin chat: set ``key`` of ``group`` to ``value`` (the
    value it sets, not a toggle: a replayed press changes nothing twice)."""

    group: str
    key: str
    value: str


def inline_button(button: Button) -> InlineKeyboardButton:
    match button:
        case NotThisPerson(face_id=face_id, label=label):
            return InlineKeyboardButton(
                text=label, callback_data=NotPersonData(face=face_id).pack()
            )
        case AnswerSuggestion(suggestion_id=suggestion_id, accept=accept, label=label):
            data = SuggestionData(id=suggestion_id, yes=accept).pack()
            return InlineKeyboardButton(text=label, callback_data=data)
        case AnswerEarlierPhotos(offer_id=offer_id, reply=reply, label=label):
            data = EarlierPhotosData(id=short(offer_id), reply=reply).pack()
            return InlineKeyboardButton(text=label, callback_data=data)
        case AnswerPair(pair_id=pair_id, person_id=person_id, label=label):
            chosen = short(person_id) if person_id is not None else ""
            data = PairData(pair=short(pair_id), person=chosen).pack()
            return InlineKeyboardButton(text=label, callback_data=data)
        case AgreeToTerms(label=label):
            return InlineKeyboardButton(text=label, callback_data=AgreeData().pack())
        case ShowPrivacy(label=label):
            return InlineKeyboardButton(text=label, callback_data=PrivacyData().pack())
        case OpenLink(url=url, label=label):
            return InlineKeyboardButton(text=label, url=url)
        case RemoveEnrollmentPhoto(photo_id=photo_id, label=label):
            data = EnrollmentPhotoData(photo=short(photo_id), act="rm").pack()
            return InlineKeyboardButton(text=label, callback_data=data)
        case RemoveClipViews(clip_id=clip_id, label=label):
            data = EnrollmentPhotoData(photo=short(clip_id), act="rmv").pack()
            return InlineKeyboardButton(text=label, callback_data=data)
        case AnswerLooksLike(photo_id=photo_id, person_id=person_id, accept=accept, label=label):
            act = "yes" if accept else "no"
            data = EnrollmentPhotoData(photo=short(photo_id), act=act, to=short(person_id)).pack()
            return InlineKeyboardButton(text=label, callback_data=data)
        case DecideApproval(approval_id=approval_id, approve=approve, label=label):
            return approval_button(approval_id, "ok" if approve else "no", label)
        case UndoAuditEvent(event_id=event_id, label=label):
            data = AuditUndoData(event=short(event_id)).pack()
            return InlineKeyboardButton(text=label, callback_data=data)
        case UnclaimedAction(person_id=person_id, act=act, label=label):
            data = UnclaimedData(person=short(person_id), act=act).pack()
            return InlineKeyboardButton(text=label, callback_data=data)
        case PersonCardButton(person_id=person_id, act=act, version=version, label=label):
            data = PersonData(id=short(person_id), act=act, v=version).pack()
            return InlineKeyboardButton(text=label, callback_data=data)
        case PressToken(token_id=token_id, label=label):
            return InlineKeyboardButton(
                text=label, callback_data=TokenData(id=short(token_id)).pack()
            )
        case ShowAutomaticMatches(person_id=person_id, label=label):
            data = HistoryData(person=short(person_id) if person_id else "").pack()
            return InlineKeyboardButton(text=label, callback_data=data)
        case AnswerHeld(person_id=person_id, yes=yes, label=label):
            data = HeldData(person=short(person_id), yes=yes).pack()
            return InlineKeyboardButton(text=label, callback_data=data)
        case ToggleOwnPhotos(on=on, label=label):
            return InlineKeyboardButton(text=label, callback_data=OwnPhotosData(on=on).pack())
        case ChooseQuestionMode(mode=mode, every=every, label=label):
            data = QuestionModeData(mode=mode, every=every).pack()
            return InlineKeyboardButton(text=label, callback_data=data)
        case AnswerTakedown(token_id=token_id, go=go, label=label):
            data = TakedownData(id=short(token_id), act="go" if go else "no").pack()
            return InlineKeyboardButton(text=label, callback_data=data)
        case NameFaces(cluster=cluster, act=act, fp=fp, position=position, label=label):
            data = WhoisData(cluster=cluster, act=act, fp=fp, pos=position).pack()
            return InlineKeyboardButton(text=label, callback_data=data)
    raise TypeError(f"not a button: {button!r}")


def keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    """An inline keyboard of button rows, or None for no rows."""
    built = [[inline_button(button) for button in row] for row in rows]
    return InlineKeyboardMarkup(inline_keyboard=built) if built else None


class WhoisData(CallbackData, prefix="wh"):
    """Under a /whois sheet: ``act`` "n" (name this child) or "s" (skip to the next);
    ``fp`` the fingerprint of the faces shown (naming is bound to them), ``pos`` its place."""

    cluster: str
    act: str
    fp: str
    pos: int


class UnclaimedData(CallbackData, prefix="uc"):
    """Under /unclaimed: ``act`` "l" (new link), "r" (revoke), "n" (rename), "d" (delete)."""

    person: str
    act: str


class ClaimData(CallbackData, prefix="cl"):
    """The parent's answers; the claim itself is read from their own conversation state:
    ``act`` "a" (agree), "x" (not now), "y" (yes, my child), "s" (some are), "n" (no),
    "i" (yes, it's my ``person``: one of those the sheet offered, as that state keeps them)."""

    act: str
    person: str = ""
