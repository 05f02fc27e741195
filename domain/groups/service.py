"""Groups the bot is in: recorded when it joins, greeted once, deactivated when it leaves."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from domain.claims import unclaimed
from domain.infra.models import Delivery, Group, Membership, Photo
from domain.languages.chats import spoken
from domain.states import DeliveryStatus, GroupType, MembershipStatus
from domain.telegram import IN_CHAT_STATUSES

log = logging.getLogger(__name__)
WELCOME = "welcome_message_id"  # key of ``Group.settings``: the group's latest welcome
# Key of ``Group.settings``: when the bot last (re)joined the group; a membership verified
# before it is asked of Telegram again (``domain.groups.memberships``).
ARRIVED = "bot_arrived_at"


@dataclass(frozen=True, slots=True)
class BotMembershipChange:
    group: Group
    greet: bool = False  # first time here: post the welcome with the join link
    needs_admin: bool = False  # cannot see photos: say how to fix it
    can_now_see_photos: bool = False
    removed: bool = False


def new_join_token() -> str:
    """The opaque, unguessable deep-link payload that names a group."""
    return secrets.token_urlsafe(24)


def join_link(bot_username: str, group: Group) -> str:
    return f"https://t.me/{bot_username}?start={group.join_token}"


class Groups:
    async def record(self, chat_id: int, title: str, chat_type: str) -> Group:
        """The group for a chat, created on first sight and kept up to date."""
        kind = GroupType.SUPERGROUP if chat_type == "supergroup" else GroupType.GROUP
        group, created = await Group.get_or_create(
            chat_id=chat_id,
            defaults={"title": title or str(chat_id), "type": kind, "join_token": new_join_token()},
        )
        if not created and (group.title != title or group.type != kind) and title:
            group.title, group.type = title, kind
            await group.save(update_fields=["title", "type", "updated_at"])
        return group

    async def photo_seen_in(self, chat_id: int, title: str, chat_type: str) -> UUID:
        """A photo reached the bot from this chat: its group, recorded, and active (the bot
        is in the group)."""
        group = await self.record(chat_id, title, chat_type)
        if not group.is_active:
            group.is_active = True
            await group.save(update_fields=["is_active", "updated_at"])
        return group.id

    async def bot_status_changed(
        self,
        chat_id: int,
        title: str,
        chat_type: str,
        *,
        old_status: str,
        new_status: str,
        sees_all_messages: bool,
        added_by_language: str | None = None,
    ) -> BotMembershipChange:
        """The bot was added, promoted, demoted or removed (a ``my_chat_member`` update).
        A group greeted for the first time speaks the language of whoever added the bot
        (their Telegram app's, when facedrop speaks it) until its organizers choose one."""
        group = await self.record(chat_id, title, chat_type)
        if new_status not in IN_CHAT_STATUSES:
            group.is_active = False
            await group.save(update_fields=["is_active", "updated_at"])
            await unclaimed.delete_of_group(group.id)
            log.info("bot left group %s (%s)", group.id, new_status)
            return BotMembershipChange(group, removed=True)
        was_in = old_status in IN_CHAT_STATUSES
        # Back after being away (or away as far as facedrop knows): members may have left
        # meanwhile unseen, so none of the memberships is trusted without asking Telegram.
        arrived = not was_in or not group.is_active
        sees_photos = sees_all_messages or new_status == "administrator"
        saw_photos = sees_all_messages or old_status == "administrator"
        greet = group.welcomed_at is None or not group.is_active
        group.is_active = True
        if group.welcomed_at is None:
            group.language = spoken(added_by_language) or group.language
        if greet:
            group.welcomed_at = datetime.now(UTC)
        await group.save(update_fields=["is_active", "welcomed_at", "language", "updated_at"])
        if arrived:
            await self.bot_arrived(group)
        return BotMembershipChange(
            group,
            greet=greet,
            needs_admin=not sees_photos and (greet or saw_photos),
            can_now_see_photos=was_in and sees_photos and not saw_photos,
        )

    @staticmethod
    async def welcomed(group: Group, message_id: int) -> None:
        """Remember the group's welcome (the message with the join button), to pin it once
        the bot may."""
        async with in_transaction():
            locked = await Group.filter(id=group.id).select_for_update(no_key=True).get()
            locked.settings = {**locked.settings, WELCOME: message_id}
            await locked.save(update_fields=["settings", "updated_at"])
        group.settings = locked.settings

    @staticmethod
    async def bot_arrived(group: Group) -> None:
        """The bot (re)joined the group: no membership verified before now is trusted any
        more (each is asked of Telegram before the next photo or question goes)."""
        async with in_transaction():
            locked = await Group.filter(id=group.id).select_for_update(no_key=True).get()
            locked.settings = {**locked.settings, ARRIVED: datetime.now(UTC).isoformat()}
            await locked.save(update_fields=["settings", "updated_at"])
        group.settings = locked.settings
        log.info("bot arrived in group %s: its memberships are asked of Telegram again", group.id)

    @staticmethod
    async def welcome_message(group: Group) -> int | None:
        """The id of the group's latest welcome, if it was greeted."""
        stored = await Group.get(id=group.id)
        message_id = stored.settings.get(WELCOME)
        return message_id if isinstance(message_id, int) else None

    async def migrated(self, old_chat_id: int, new_chat_id: int) -> Group | None:
        """The group was upgraded to a supergroup (``migrate_to_chat_id`` /
        ``migrate_from_chat_id``, or Telegram refusing the old id): the same group, now at
        the new id, keeps its members, settings, photos and deliveries, and is not greeted
        again; the groups it is the admin chat of follow it there. Idempotent.

        The supergroup numbers its messages afresh, so the photos posted before keep their
        message id negated: Telegram no longer lets the bot copy from the old chat, and a
        delivery of one sends its file instead (and a new message with the same number is
        a new photo)."""
        async with in_transaction():
            # A chat upgraded may be the admin chat of groups: their cards go to its new id.
            served = await Group.filter(admin_chat_id=old_chat_id).update(admin_chat_id=new_chat_id)
            if served:
                log.info(
                    "admin chat %s upgraded to %s (%d groups)", old_chat_id, new_chat_id, served
                )
            group = await Group.filter(chat_id=old_chat_id).select_for_update().first()
            if group is None:
                return await Group.get_or_none(chat_id=new_chat_id)
            await Photo.filter(group=group, message_id__gt=0).update(message_id=-F("message_id"))
            twin = await Group.get_or_none(chat_id=new_chat_id)
            if twin is not None:
                # Seen at the new id first (a photo posted there): fold it into the group.
                await Photo.filter(group=twin).update(group_id=group.id)
                members = await Membership.filter(group=group).values_list(
                    "participant_id", flat=True
                )
                await (
                    Membership.filter(group=twin)
                    .exclude(participant_id__in=members)
                    .update(group_id=group.id)
                )
                await unclaimed.delete_of_group(twin.id)
                await twin.delete()
            group.chat_id, group.type = new_chat_id, GroupType.SUPERGROUP
            await group.save(update_fields=["chat_id", "type", "updated_at"])
        pending = await Delivery.filter(photo__group=group, status=DeliveryStatus.PENDING).count()
        log.info(
            "group %s upgraded to a supergroup (%s -> %s), %d deliveries pending",
            group.id,
            old_chat_id,
            new_chat_id,
            pending,
        )
        return group

    async def member_left(self, chat_id: int, user_id: int) -> None:
        """A user left or was removed: their people stop being matched in this group. A
        ban stays a ban (it says more: the link refuses them)."""
        group = await Group.get_or_none(chat_id=chat_id)
        if group is None:
            return
        await Membership.filter(
            group=group, participant__telegram_user_id=user_id, status=MembershipStatus.MEMBER
        ).update(status=MembershipStatus.LEFT)
