"""A group's settings, changed by its organizers with /settings in the admin chat.

Each change sets one setting to a value the button carries (so a press replayed, or pressed
after someone else changed it, changes nothing twice), and is recorded as a
``SETTING_CHANGED`` event (which setting, old, new) in the same transaction. An undo from
/audit sets it back to the old value, unless it was changed again since.

- approval: new persons and co-guardians wait for an organizer (the approvals slice);
  persons already in the group stay as they are when it is turned on.
- strictness: 0..``MAX_STEPS`` steps above the calibrated thresholds, never below.
- delivery: each photo, albums of a few minutes, or a daily digest.
- retention: faces and crops of the group's photos are deleted after so many days.
- language: of the messages posted in the group itself (``domain.languages``); only
  languages with a catalog are offered.
- zone: the time zone the group's times are written in (an IANA name, kept in the group's
  ``settings``; ``domain.languages.chats``), typed by an organizer with /timezone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from domain.groups.stores import GroupRef
from domain.languages.catalogs import LANGUAGES
from domain.languages.chats import ZONE_SETTING, zone_of_group
from domain.languages.dates import zone
from domain.moderation.audit import Actor
from domain.moderation.settings_store import GroupSettingsStore, SettingChange
from domain.moderation.settings_store import Setting as Setting
from domain.moderation.settings_store import Value as Value
from domain.recognition.strictness import MAX_STEPS
from domain.settings import DIGEST_HOUR_UTC
from domain.states import DeliveryMode

RETENTION_CHOICES: tuple[int | None, ...] = (None, 30, 90, 365)


class Configured(Protocol):
    """What a group's settings are read from (a ``GroupView`` has it)."""

    @property
    def requires_approval(self) -> bool: ...

    @property
    def strictness(self) -> int: ...

    @property
    def delivery_mode(self) -> DeliveryMode: ...

    @property
    def retention_days(self) -> int | None: ...

    @property
    def language(self) -> str: ...

    @property
    def settings(self) -> Mapping[str, Any]: ...

    @property
    def admin_chat_id(self) -> int | None: ...


def current(group: Configured, setting: Setting) -> Value:
    match setting:
        case Setting.APPROVAL:
            return bool(group.requires_approval)
        case Setting.STRICTNESS:
            return int(group.strictness)
        case Setting.DELIVERY:
            return DeliveryMode(group.delivery_mode).value
        case Setting.RETENTION:
            return group.retention_days
        case Setting.LANGUAGE:
            return group.language
        case Setting.ZONE:
            return zone_of_group(group.settings)


def stored(group: Configured, setting: Setting, value: Value) -> tuple[str, Any]:
    """The group's field a setting is kept in, and ``value`` as it is kept there (the zone
    in the group's ``settings``, beside what the other slices keep there)."""
    match setting:
        case Setting.APPROVAL:
            return "requires_approval", bool(value)
        case Setting.STRICTNESS:
            assert isinstance(value, int)
            return "strictness", value
        case Setting.DELIVERY:
            return "delivery_mode", DeliveryMode(str(value))
        case Setting.RETENTION:
            return "retention_days", value if isinstance(value, int) else None
        case Setting.LANGUAGE:
            return "language", str(value)
        case Setting.ZONE:
            return "settings", {**(group.settings or {}), ZONE_SETTING: str(value)}


def encode(value: Value) -> str:
    """A value as a button carries it."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _number(raw: str) -> int | None:
    """ASCII digits only: "²" and "٣" are digits to ``str.isdigit``, not to a button."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 6 else None


def parse(key: str, raw: str) -> tuple[Setting, Value] | None:
    """A button's setting and value, or None when it is not one we offer (forged data)."""
    try:
        setting = Setting(key)
    except ValueError:
        return None
    match setting:
        case Setting.APPROVAL:
            return (setting, raw == "1") if raw in ("0", "1") else None
        case Setting.STRICTNESS:
            steps = _number(raw)
            return (setting, steps) if steps is not None and 0 <= steps <= MAX_STEPS else None
        case Setting.DELIVERY:
            return (setting, raw) if raw in {m.value for m in DeliveryMode} else None
        case Setting.RETENTION:
            days = None if raw == "-" else _number(raw)
            return (
                (setting, days)
                if (raw == "-" or days is not None) and days in RETENTION_CHOICES
                else None
            )
        case Setting.LANGUAGE:
            return (setting, raw) if raw in LANGUAGES else None
        case Setting.ZONE:
            return (setting, raw) if zone(raw) is not None else None


@dataclass(frozen=True, slots=True)
class Changed:
    setting: Setting
    old: Value
    new: Value
    changed: bool  # False: it already had that value


def keeps_longer(change: Changed) -> bool:
    """Whether the change keeps the group's faces longer than before (``None``: until
    deleted). Its members agreed to the keep they were told when they joined: a longer
    one is theirs to hear of."""
    if change.setting != Setting.RETENTION or not change.changed:
        return False
    old, new = change.old, change.new
    if old is None:
        return False
    return new is None or (isinstance(new, int) and isinstance(old, int) and new > old)


def keeps_shorter(change: Changed) -> bool:
    """Whether the change keeps the group's faces for less than before: what its members
    were told of the keep (the consent they agreed to says "no time limit", or more days)
    is no longer true, and the next run of retention deletes what is older."""
    if change.setting != Setting.RETENTION or not change.changed:
        return False
    old, new = change.old, change.new
    if not isinstance(new, int):
        return False
    return old is None or (isinstance(old, int) and new < old)


def told_to_members(change: Changed) -> bool:
    """Whether the group's members hear of the change, privately: a longer keep
    (``keeps_longer``) or a shorter one (``keeps_shorter``), or a new way its photos come
    (each, albums, a daily digest), which tells them when to expect them."""
    if change.setting == Setting.DELIVERY and change.changed:
        return True
    return keeps_longer(change) or keeps_shorter(change)


def undone_change(event: AuditedChange) -> Changed | None:
    """The change that undoing a recorded settings change makes: its new value back to its
    old one (what its undo brings and tells, as the change itself did); None when the event
    names no setting known."""
    try:
        setting = Setting(event.details["setting"])
    except (KeyError, ValueError):
        return None
    return Changed(setting, event.details.get("new"), event.details.get("old"), changed=True)


# The settings cards last shown in the admin chat ([chat, message] pairs, in the group's
# ``settings``): each is edited when a setting changes, so none says an old value.
CARDS_SETTING = "settings_cards"
KEEP_CARDS = 5


def with_card(kept: object, chat_id: int, message_id: int) -> list[list[int]]:
    """The cards to keep once this one is shown: it last, the ``KEEP_CARDS`` newest."""
    cards = [
        card for card in (kept if isinstance(kept, list) else []) if card != [chat_id, message_id]
    ]
    return [*cards, [chat_id, message_id]][-KEEP_CARDS:]


def cards_of(group: Configured) -> list[int]:
    """The settings cards shown in the group's admin chat now (message ids)."""
    return [] if group.admin_chat_id is None else cards_in(group, group.admin_chat_id)


def cards_in(group: Configured, chat_id: int) -> list[int]:
    """The group's settings cards shown in this chat (message ids): its admin chat's, or
    those of a chat it was before."""
    kept = (group.settings or {}).get(CARDS_SETTING)
    if not isinstance(kept, list):
        return []
    return [
        int(card[1])
        for card in kept
        if isinstance(card, list) and len(card) == 2 and card[0] == chat_id
    ]


class AuditedChange(Protocol):
    """A settings change as /audit recorded it (a ``ModerationEvent`` row, or the audit
    store's ``AuditEvent``)."""

    @property
    def id(self) -> UUID: ...

    @property
    def details(self) -> Mapping[str, Any]: ...


class GroupSettings:
    """The organizers' changes of a group's settings, and the settings cards shown."""

    def __init__(self, store: GroupSettingsStore, *, digest_hour: int = DIGEST_HOUR_UTC) -> None:
        self._store = store
        self.digest_hour = digest_hour  # UTC: when the daily digest goes, for every group

    async def change(
        self, group_id: UUID, setting: Setting, value: Value, actor: Actor
    ) -> Changed | None:
        """Set one setting of an active group, recording the change; None if the group is
        gone."""
        async with self._store.transaction():
            group = await self._store.locked(group_id)
            if group is None or not group.is_active:
                return None
            old = current(group, setting)
            if old == value:
                return Changed(setting, old, value, changed=False)
            await self._store.save(group_id, SettingChange(setting, old, value), actor)
            return Changed(setting, old, value, changed=True)

    async def to_tell_of(self, group_id: UUID, change: Changed) -> list[int]:
        """Who is told of the change, privately (Telegram user ids): the group's members
        when its faces are now kept longer than they agreed to; those who get its photos
        and clips when they come another way, or when its faces are kept for less (what
        goes is theirs: a member with nobody there gets none). Nobody for the other changes
        (``told_to_members``)."""
        if not told_to_members(change):
            return []
        if change.setting == Setting.DELIVERY or keeps_shorter(change):
            return await self._store.receiving_chats(group_id)
        return await self._store.member_chats(group_id)

    async def consents_to_redraw(self, group_id: UUID, change: Changed) -> list[int]:
        """Whose consent questions state the group's keep (Telegram user ids): its members',
        once the keep changed, either way. Nobody for the other changes."""
        if change.setting != Setting.RETENTION or not change.changed:
            return []
        return await self._store.member_chats(group_id)

    async def in_new_zone(self, group_id: UUID, change: Changed) -> list[int]:
        """Whose private chats write times in the group's zone (Telegram user ids): its
        members', once the zone changed; their settings cards say the hour of their daily
        questions in it (walk34 5). Nobody for the other changes."""
        if change.setting != Setting.ZONE or not change.changed:
            return []
        return await self._store.member_chats(group_id)

    async def card_shown(self, group_id: UUID, chat_id: int, message_id: int) -> None:
        """A settings card of the group was posted (or a message became one)."""
        async with self._store.transaction():
            group = await self._store.locked(group_id)
            if group is None:
                return
            kept = group.settings.get(CARDS_SETTING)
            await self._store.keep_cards(group_id, with_card(kept, chat_id, message_id))

    async def revert(self, event: AuditedChange, group: GroupRef, actor: Actor) -> str | None:
        """/audit's undo of a settings change (inside its transaction, or one of its own,
        the group locked): the old value back, recorded as a change itself. Else why not: a
        key of ``texts.UNDO_REFUSED`` ("changed_since" when the setting was changed again
        since)."""
        back = undone_change(event)
        if back is None:
            return "unknown_setting"
        async with self._store.transaction():
            locked = await self._store.locked(group.id)
            if locked is None or current(locked, back.setting) != back.old:
                return "changed_since"
            await self._store.save(
                group.id, SettingChange(back.setting, back.old, back.new, event.id), actor
            )
        return None
