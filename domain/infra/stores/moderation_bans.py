"""The bans' store (``domain.moderation.ban_store``) on tortoise and Postgres: ``GroupBan``
rows by Telegram user id (and ``BanPeriod`` rows, kept after the ban), and what a ban
changes of the banned participant's membership and deliveries."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.delivery.stores import CANCELLED_BY_BAN
from domain.infra.models import (
    BanPeriod,
    Delivery,
    EarlierPhotos,
    Group,
    GroupBan,
    Membership,
    ModerationEvent,
    Participant,
    Suggestion,
)
from domain.infra.queries import ids_of
from domain.moderation.audit import Actor
from domain.moderation.ban_store import UNSENT, Known
from domain.states import (
    DeliveryStatus,
    MembershipStatus,
    ModerationAction,
    OfferStatus,
    SuggestionStatus,
)


def _known(participant: Participant | None) -> Known | None:
    if participant is None:
        return None
    return Known(participant.telegram_user_id, participant.first_name, participant.username)


class TortoiseBanStore:
    """``BanStore``: bans, and the banned participant's membership and deliveries changed
    under the group's row lock."""

    async def known(self, user_id: int) -> Known | None:
        return _known(await Participant.get_or_none(telegram_user_id=user_id))

    async def by_username(self, username: str) -> Known | None:
        return _known(
            await Participant.filter(username__iexact=username)
            .order_by("-updated_at", "-created_at")
            .first()
        )

    async def is_banned(self, group_id: UUID, user_id: int) -> bool:
        return await GroupBan.exists(group_id=group_id, telegram_user_id=user_id)

    async def was_member(self, group_id: UUID, user_id: int) -> bool:
        return await Membership.exists(group_id=group_id, participant__telegram_user_id=user_id)

    async def ban(self, group_id: UUID, user_id: int, actor: Actor, name: str) -> int | None:
        async with in_transaction():
            locked = await Group.select_for_update(no_key=True).get(id=group_id)
            _, created = await GroupBan.get_or_create(
                group=locked,
                telegram_user_id=user_id,
                defaults={"banned_by_user_id": actor.user_id},
            )
            if not created:
                return None
            participant = await Participant.get_or_none(telegram_user_id=user_id)
            cancelled = 0
            if participant is not None:
                await Membership.filter(group_id=group_id, participant=participant).update(
                    status=MembershipStatus.BANNED
                )
                unsent = await ids_of(
                    Delivery.filter(
                        participant=participant, photo__group_id=group_id, status__in=UNSENT
                    )
                )
                cancelled = await Delivery.filter(id__in=unsent, status__in=UNSENT).update(
                    status=DeliveryStatus.CANCELLED, error=CANCELLED_BY_BAN
                )
            event = await ModerationEvent.record(
                locked.id,
                ModerationAction.BANNED,
                actor,
                subject=name,
                details={"user_id": user_id, "cancelled_deliveries": cancelled},
            )
            await BanPeriod.create(
                group=locked, telegram_user_id=user_id, started_at=event.created_at
            )
        return cancelled

    async def unban(
        self, group_id: UUID, user_id: int, actor: Actor, name: str, *, undoes: UUID | None
    ) -> bool:
        async with in_transaction():
            deleted = await GroupBan.filter(group_id=group_id, telegram_user_id=user_id).delete()
            if not deleted:
                return False
            participant = await Participant.get_or_none(telegram_user_id=user_id)
            if participant is not None:
                await Membership.filter(
                    group_id=group_id, participant=participant, status=MembershipStatus.BANNED
                ).update(status=MembershipStatus.LEFT, updated_at=datetime.now(UTC))
            event = await ModerationEvent.record(
                group_id,
                ModerationAction.UNBANNED,
                actor,
                subject=name,
                details={
                    "user_id": user_id,
                    **({"undoes": str(undoes)} if undoes is not None else {}),
                },
            )
            await BanPeriod.filter(
                group_id=group_id, telegram_user_id=user_id, ended_at__isnull=True
            ).update(ended_at=event.created_at)
        return True

    async def open_questions(self, group_id: UUID) -> list[tuple[int, int]]:
        sent: list[Any] = [
            *await Suggestion.filter(
                status=SuggestionStatus.PENDING,
                face__photo__group_id=group_id,
                sent_to__isnull=False,
            ).values_list("sent_to", flat=True),
            *await EarlierPhotos.filter(
                status=OfferStatus.PENDING, group_id=group_id, sent_to__isnull=False
            ).values_list("sent_to", flat=True),
        ]
        return [(chat, message) for pairs in sent for chat, message in pairs or []]

    async def release_questions(self, group_id: UUID, user_id: int) -> None:
        ids = await ids_of(
            Suggestion.filter(
                status=SuggestionStatus.PENDING,
                face__photo__group_id=group_id,
                sent_to__isnull=False,
            )
        )
        async with in_transaction():
            for question in await Suggestion.select_for_update().filter(id__in=ids):
                pairs = question.sent_to or []
                kept = [[chat, message] for chat, message in pairs if chat != user_id]
                if len(kept) != len(pairs):
                    question.sent_to = kept
                    await question.save(update_fields=["sent_to"])
            # An offer of earlier photos (not a batch of questions) closed in their chat
            # leaves it too, and one nobody else holds is forgotten: its faces are offered
            # again once they are back (``GuardianJoined``; walken4 8), and a rename no
            # longer re-captions the closed message with its buttons.
            for offer in await EarlierPhotos.select_for_update().filter(
                status=OfferStatus.PENDING,
                group_id=group_id,
                participant_id__isnull=True,
                sent_to__isnull=False,
            ):
                pairs = offer.sent_to or []
                kept = [[chat, message] for chat, message in pairs if chat != user_id]
                if len(kept) == len(pairs):
                    continue
                offer.sent_to = kept
                fields = ["sent_to"]
                if not kept:
                    offer.status = OfferStatus.STALE
                    fields.append("status")
                await offer.save(update_fields=fields)
            # Their own sheets of questions shown (or asked one by one): the cron asking a
            # sheet's faces one by one would ask them again at once, whatever their
            # /settings; closed, their open questions are owed at the return instead.
            asked = await Participant.get_or_none(telegram_user_id=user_id)
            if asked is not None:
                await EarlierPhotos.filter(
                    group_id=group_id,
                    participant=asked,
                    status__in=(OfferStatus.PENDING, OfferStatus.ONE_BY_ONE),
                ).update(status=OfferStatus.CLOSED)
