"""What a group setting changed redraws, pressed on a /settings card or undone from /audit
(``SettingRedraws.after_change``): the one list of what a change brings, for both.

The messages only the bot keeps (the settings cards, the group's welcome, what the admin
chat keeps, the consent questions in members' chats, each told member's news) it draws
through ``SettingScreens``, the bot's port, bound once by the bot process
(``bot.setting_screens``); the rest is the domain's own services.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import UTC, datetime
from typing import Protocol
from uuid import UUID

from domain.corrections.settings_cards import SettingsCards
from domain.delivery.service import Deliveries
from domain.groups.stores import GroupView
from domain.languages.chats import speaking_to, zone_of_group
from domain.moderation import settings, texts
from domain.moderation.approvals import Approvals
from domain.moderation.audit_view import AuditView
from domain.moderation.organizers import Organizers
from domain.moderation.settings import GroupSettings, Setting
from domain.telegram import Messenger


class SettingScreens(Protocol):
    """The bot's messages a setting change redraws, drawn where the bot keeps them."""

    async def cards(self, group_id: UUID, *, but: int | None) -> None:
        """Every settings card of the group still shown says the values now (``but``: the
        one edited already)."""

    async def in_group_language(self, group: GroupView) -> None:
        """The group's language changed: its welcome, its /admin answer, the admin chat's
        answers it keeps, its /unclaimed lists and its naming prompts answered say what
        they said in it."""

    async def in_group_zone(self, group: GroupView) -> None:
        """The group's time zone changed: the admin chat's answers it keeps (a post it
        could not read, /stats's "As of", a takedown's report) write their times in it."""

    async def tell(self, chat_id: int, text: str) -> int | None:
        """``text`` sent to a member's private chat: its message id, or None when it cannot
        reach them (blocked, or never started)."""

    async def consents(self, group_id: UUID, user_ids: Collection[int], days: int | None) -> None:
        """The consent questions kept in these users' chats say the group's keep now."""


class DeliveryNotices(Protocol):
    """Where the news of how a group's photos come, and of its takedowns, is kept, for a
    /forget and an absence to make true, and a zone change to redraw
    (``domain.privacy.notices.Notices``)."""

    async def delivery_told(
        self,
        messenger: Messenger,
        chat_id: int,
        message_id: int,
        group_id: UUID,
        mode: str,
        hour: int,
        zone: str,
    ) -> None:
        """Told the user how the group's photos come now (what told them before says it in
        the past)."""

    async def in_group_zone(self, messenger: Messenger, group_id: UUID) -> None:
        """The group's zone changed: what told its members that its organizers took down a
        photo posted there, or that their post there could not be read, writes when it was
        posted in their chat's zone now."""


class SettingRedraws:
    """What a setting changed brings, the same after a press and after its undo."""

    def __init__(
        self,
        group_settings: GroupSettings,
        organizers: Organizers,
        deliveries: Deliveries,
        approvals: Approvals,
        audits: AuditView,
        notices: DeliveryNotices,
        settings_cards: SettingsCards,
        *,
        keep_applies_from: Callable[[datetime], datetime],
    ) -> None:
        self._settings = group_settings
        self._organizers = organizers
        self._deliveries = deliveries
        self._approvals = approvals
        self._audits = audits
        self._notices = notices
        self._settings_cards = settings_cards
        # When a keep changed now applies: the retention's next daily run.
        self._keep_applies_from = keep_applies_from
        self._screens: SettingScreens | None = None

    def drawn_by(self, screens: SettingScreens) -> None:
        """The bot's messages are drawn by ``screens`` (the bot process binds it once)."""
        self._screens = screens

    async def after_change(
        self, group_id: UUID, changed: settings.Changed, *, but: int | None = None
    ) -> None:
        """What a setting changed brings, pressed on a settings card or undone from /audit
        (an undo is told to whom the change was): the albums and digests waiting looked at
        again (delivery); the approvals that waited closed when approval is turned off, and
        posted again when it is turned on; every settings card saying the value now
        (``but``: the one edited already); the group's welcome and what its admin chat keeps
        in its language (its approval cards too), and what it told there of its bans and
        pauses (its zone too); its members told, each in their language, when its faces are
        kept longer or for less than before, or when its photos come now
        (``GroupSettings.to_tell_of``); their settings cards the hour of their questions in
        the zone of their chat now, once the group's zone changed; and the consent questions
        kept in their chats say its keep as it is now."""
        screens = self._screens
        assert screens is not None, "the bot process binds its screens (drawn_by)"
        if changed.setting == Setting.DELIVERY:
            await self._deliveries.queue_waiting(group_id)
        if changed.setting == Setting.APPROVAL and not changed.new:
            # What waited for the organizers is matched now: its cards and its askers say so.
            await self._approvals.approval_off(group_id)
        elif changed.setting == Setting.APPROVAL and changed.new:
            # What still waited for them waits again: its cards are posted again, and its
            # askers no longer read that the photos come (issue 32).
            await self._approvals.approval_on(group_id)
        await screens.cards(group_id, but=but)
        group = await self._organizers.group(group_id)
        if group is None:
            return
        if changed.setting == Setting.LANGUAGE:
            await screens.in_group_language(group)
            await self._approvals.in_chat_language(  # its approval cards and records
                group.id, requires_approval=bool(group.requires_approval)
            )
        if changed.setting == Setting.ZONE:
            # They stayed in UTC beside the new zone's times (walk34 admin #8, #10, #16).
            await screens.in_group_zone(group)
            # So did its members' news of a takedown, beside /history in the new zone, and
            # a poster's of a post not read (walk37B 1).
            await self._notices.in_group_zone(self._organizers.telegram, group.id)
        if changed.setting in (Setting.LANGUAGE, Setting.ZONE):
            # Its bans, unbans and pauses told in the admin chat, their times in its zone.
            await self._audits.in_language(self._organizers.telegram, group.id)
        for chat_id in await self._settings.to_tell_of(group_id, changed):
            async with speaking_to(chat_id):
                told = self._told(group, changed)
            sent = await screens.tell(chat_id, told)
            if sent is not None and changed.setting == Setting.DELIVERY:
                # "…now have me send you its photos once a day": made true at /forget, and
                # while they, or I, are away from the group (issue 32).
                await self._notices.delivery_told(
                    self._organizers.telegram,
                    chat_id,
                    sent,
                    group_id,
                    str(changed.new),
                    self._settings.digest_hour,
                    zone_of_group(group.settings),
                )
        await self._settings_cards.in_their_zone(
            await self._settings.in_new_zone(group_id, changed)
        )
        readers = await self._settings.consents_to_redraw(group_id, changed)
        await screens.consents(group_id, readers, group.retention_days)

    def _told(self, group: GroupView, changed: settings.Changed) -> str:
        """What a member reads of the change: when the group's photos come now, or that its
        faces are kept longer, or for less (and what goes, from when)."""
        if changed.setting == Setting.DELIVERY:
            digest = texts.digest_at(self._settings.digest_hour, zone_of_group(group.settings))
            return texts.delivery_changed(group.title, str(changed.new), digest)
        old = changed.old if isinstance(changed.old, int) else None
        new = changed.new if isinstance(changed.new, int) else None
        if new is not None and settings.keeps_shorter(changed):
            shortened_from = self._keep_applies_from(datetime.now(UTC))
            return texts.keep_shortened(group.title, old, new, shortened_from)
        return texts.keep_lengthened(group.title, old or 0, new)
