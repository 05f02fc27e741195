"""/start with a group's deep link, and consent (/agree or the button)."""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.consent import (
    JOINED,
    asked,
    conclude_pressed,
    consent_keyboard,
    details_row,
    mark_agreed,
    privacy_sent,
    stated_keep,
)
from bot.replies import answer, drop_pressed, in_parts, pressed_message
from bot.states import JoinAsGuardian
from bot.users import telegram_user
from domain.buttons import Buttons
from domain.infra.telegram.callbacks import AgreeData, InviteData, PrivacyData
from domain.languages.catalogs import _
from domain.languages.chats import speaking_to
from domain.moderation import texts as moderation_texts
from domain.moderation.approvals import Approvals
from domain.moderation.audit_view import AuditView
from domain.moderation.organizers import Organizers
from domain.onboarding import texts
from domain.onboarding.service import Agreement, AgreeOutcome, JoinOutcome, Onboarding
from domain.persons import texts as persons_texts
from domain.persons.cards import show_as_now
from domain.persons.guardian_lists import leaving_asked_again, lists_again
from domain.persons.guardians import INVITE_PREFIX, Guardians, InviteOutcome
from domain.persons.service import NotApproved, Persons
from domain.privacy import texts as privacy_texts
from domain.privacy.notices import Notices, accepted_said
from domain.states import FirstSaid, WaitingSaid
from domain.telegram import Messenger


async def _send_privacy(bot: Bot, user_id: int, onboarding: Onboarding, state: FSMContext) -> None:
    groups = await onboarding.retention_of_groups(user_id)
    sent = [
        await bot.send_message(user_id, part)
        for part in in_parts(privacy_texts.privacy([(title, days) for _id, title, days in groups]))
    ]
    # Kept, so that a change of a group's keep redraws what it says (walkhe 13).
    await privacy_sent(state, [m.message_id for m in sent], groups)


async def privacy_command(message: Message, onboarding: Onboarding, state: FSMContext) -> None:
    """/privacy: every detail of what is kept, and each of the user's groups' retention."""
    assert message.from_user is not None
    assert message.bot is not None
    await _send_privacy(message.bot, message.from_user.id, onboarding, state)


async def privacy_button(query: CallbackQuery, onboarding: Onboarding, state: FSMContext) -> None:
    """The same as /privacy, from under a consent: it reveals nothing about anyone."""
    await answer(query)
    if query.bot is not None:
        await _send_privacy(query.bot, query.from_user.id, onboarding, state)


async def start_with_invite(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    guardians: Guardians,
    onboarding: Onboarding,
    persons: Persons,
    notices: Notices,
) -> None:
    """/start inv_<code>: an invitation to become a co-guardian (with the consent, unless
    they agreed already)."""
    assert message.from_user is not None
    invite = await guardians.find(command.args or "")
    if invite is None:
        await message.answer(persons_texts.invite_invalid())
        return
    await state.set_state(JoinAsGuardian.invited)
    await state.set_data({"invite_id": str(invite.id)})
    agreed = await onboarding.agreed(message.from_user.id)
    # In the person's group since before the bot came: not told to join it (Telegram asked).
    unopened = [] if agreed else await guardians.in_unopened(invite.person.id, message.from_user.id)
    # Not "receive" alone where the organizers of none of its groups approved it.
    where = await persons.not_approved_for(invite.person.id, message.from_user.id)
    asked = await message.answer(
        persons_texts.invitation(
            invite.person.name,
            invite.inviter or "?",
            agreed,
            bool(unopened),
            unapproved=where.nowhere,
        ),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(
                        text=persons_texts.accept_invite(), callback_data=InviteData().pack()
                    )
                ],
                details_row(),
            ]
        ),
    )
    if invite.said is not None:  # its creator's chat: their /forget says it no longer works
        # What it is made of: named as now at a rename, its "not approved" redrawn once
        # accepted (fixz, walkhe2 8).
        shown = {"unapproved": where.unapproved, "elsewhere": where.elsewhere}
        await notices.invited(
            asked.chat.id, asked.message_id, invite.said[0], invite.person.id, invite.id, shown
        )


async def accept_invite(
    query: CallbackQuery,
    state: FSMContext,
    guardians: Guardians,
    approvals: Approvals,
    persons: Persons,
    messenger: Messenger,
    notices: Notices,
    buttons: Buttons,
) -> None:
    """The invitation is read from where the pressed message was kept (its chat is the
    presser's own), else from this user's own conversation state, never from the button."""
    since = datetime.now(UTC)
    pressed = pressed_message(query)
    asked = (
        await notices.asked_at(pressed.chat.id, pressed.message_id) if pressed is not None else None
    )
    invite_id = (
        str(asked.invite_id)
        if asked is not None and asked.invite_id is not None
        else await state.get_value("invite_id")
    )
    await state.clear()
    await drop_pressed(query)  # an invitation is answered once (the details stay)
    if asked is not None and asked.ended is not None:
        # It ended, and Telegram did not let me say so there: said now (issue 32).
        await answer(query)
        await messenger.send_text(
            query.from_user.id, persons_texts.invitation_ended_answer(asked.ended)
        )
        return
    if not invite_id:
        await answer(query, persons_texts.invite_invalid(), alert=True)
        return
    outcome, name = await guardians.accept(UUID(invite_id), telegram_user(query.from_user))
    await answer(query)
    if query.bot is not None:
        if outcome == InviteOutcome.INVALID:  # why, where it is known (issue 32)
            why, expired = await guardians.why_refused(UUID(invite_id), query.from_user.id)
            said = persons_texts.invitation_ended_answer(why, expired)
        else:
            said = persons_texts.already_guardian(name)
        waits = 0
        first: dict[str, Any] | None = None
        concluded = await _conclude_invitation(query) if outcome == InviteOutcome.ACCEPTED else None
        if outcome != InviteOutcome.INVALID:  # accepting is agreeing: no question left open
            await mark_agreed(query.bot, state, query.from_user.id)
            if isinstance(query.message, Message):  # answered: nothing for a /forget to undo
                await notices.unsaid(query.message.chat.id, query.message.message_id)
        if concluded is not None and asked is not None:
            await notices.accepted(asked, *concluded)
        if outcome == InviteOutcome.ACCEPTED:  # told first: by the time she reads hers
            # The parenthesis "join a group first" only to one in no group yet; one in the
            # person's group since before the bot came (Telegram asked) opens its link.
            unopened = await _unopened(query.bot, guardians, UUID(invite_id), query.from_user.id)
            person_id = await guardians.person_of_invite(UUID(invite_id))
            # Not "You'll get their photos" where its organizers did not approve it.
            where = (
                await persons.not_approved_for(person_id, query.from_user.id)
                if person_id is not None
                else NotApproved()
            )
            in_a_group = await _tell_guardians(
                query.bot,
                guardians,
                notices,
                approvals,
                UUID(invite_id),
                query.from_user.id,
                bool(unopened),
                where.nowhere,
            )
            # In a group that rejected the person, by Telegram: not "in none of my groups".
            there = (
                await guardians.in_unopened(person_id, query.from_user.id, rejected=True)
                if where.elsewhere and person_id is not None
                else []
            )
            # What it is made of, kept to say it again in the child's new name at a rename.
            first = {
                "text": FirstSaid.ACCEPTED,
                "in_a_group": in_a_group,
                "unopened": [list(each) for each in unopened],
                "refused": list(where.yours),
                "every": where.every,
                "elsewhere": where.elsewhere,
                "rejected_there": [group.title for group in there],
                "unapproved": where.unapproved,
                "approval_first": bool(
                    await approvals.persons_asked_since(query.from_user.id, since)
                ),
            }
            said = accepted_said(first, name)
            await _link_used(query.bot, guardians, UUID(invite_id))
            await _cards_up_to_date(messenger, persons, query.from_user.id)
            if person_id is not None:  # "… until you resume": "one of you" again
                await notices.guardians_changed(messenger, person_id)
                await notices.guardian_again(messenger, person_id)  # walk35 2
                await lists_again(messenger, persons, buttons, person_id, query.from_user.id)
                # Its owner's "Leave Alice? … and Carl becomes their owner": not so now.
                await leaving_asked_again(messenger, persons, buttons, person_id)
            # Said in the words of "none of its groups approved it yet" (redrawn).
            waits = where.unapproved if not in_a_group and not where.elsewhere else 0
        sent = await query.bot.send_message(query.from_user.id, said)
        person_id = await guardians.person_of_invite(UUID(invite_id))
        if outcome == InviteOutcome.ACCEPTED and person_id is not None:
            # "You're now a guardian of Alice…": said in the past at their /forget; "while
            # the organizers… have not approved Alice" redrawn at their decisions; said
            # again in Alice's new name at a rename (walken7 2), as those left it.
            await notices.guardian(
                query.from_user.id, sent.message_id, [person_id], unapproved=waits, first=first
            )
    await approvals.announce_since(query.from_user.id, since)  # groups that approve guardians


async def _conclude_invitation(query: CallbackQuery) -> tuple[list[str], datetime] | None:
    """The invitation's question ("Accept?") becomes its answer; the details stay. What it
    says before "You accepted on…" (its paragraphs), and when; None: not a message."""
    message = query.message
    if not isinstance(message, Message) or not message.text:
        return None
    said, on = message.html_text.split("\n\n")[:-1], datetime.now(UTC)
    with suppress(TelegramBadRequest):  # pressed twice: already says so
        await message.edit_text(
            "\n\n".join([*said, persons_texts.invitation_accepted(on)]),
            reply_markup=InlineKeyboardMarkup(inline_keyboard=[details_row()]),
        )
    return said, on


async def _unopened(
    bot: Bot, guardians: Guardians, invite_id: UUID, user_id: int
) -> list[tuple[str, str]]:
    """The groups (title, join link) of the invitation's person that Telegram says the user
    is in, while they are in none facedrop knows of (``Guardians.in_unopened``)."""
    person_id = await guardians.person_of_invite(invite_id)
    if person_id is None:
        return []
    groups = await guardians.in_unopened(person_id, user_id)
    if not groups:
        return []
    me = await bot.me()
    return [(g.title, f"https://t.me/{me.username}?start={g.join_token}") for g in groups]


async def _tell_guardians(
    bot: Bot,
    guardians: Guardians,
    notices: Notices,
    approvals: Approvals,
    invite_id: UUID,
    user_id: int,
    unopened: bool = False,
    unapproved: int = 0,
) -> bool:
    """The person's other guardians (the owner among them) learn who joins them; whether the
    one who joined (``user_id``) is in a group (where the person's photos come from)
    already (``unopened``: in none I know of, but in one of the person's, Telegram says;
    ``unapproved``: in none I know of, the organizers of none of the person's groups, that
    many, approved it). What they read is said in the past at the joiner's /forget, and
    "I'll tell you when they decide" redrawn at the organizers' decision (walkhe2 3)."""
    told, in_a_group = await guardians.to_tell_of(invite_id)
    for news in told:
        async with speaking_to(news.chat_id):
            said = persons_texts.co_guardian_joined(
                news.who,
                news.person,
                news.in_a_group,
                waiting=news.waiting,
                group_title=news.group_title,
                unopened=unopened,
                unapproved=unapproved,
                person_waits=news.person_waits,
            )
        # Said again in the child's new name at a rename (walken7 2), but where the
        # organizers' decision redraws it.
        first = (
            None
            if news.waiting
            else {
                "text": FirstSaid.JOINED,
                "in_a_group": news.in_a_group,
                "group_title": news.group_title,
                "unopened": unopened,
                "unapproved": unapproved,
                "person_waits": news.person_waits,
            }
        )
        with suppress(TelegramForbiddenError, TelegramBadRequest):  # blocked us meanwhile
            sent = await bot.send_message(news.chat_id, said)
            if news.person_id is not None:
                await notices.guarded_by(
                    news.chat_id, sent.message_id, user_id, [news.person_id], first, joined=True
                )
            if news.person_id is not None and news.waiting:
                await approvals.told_inside(
                    news.person_id,
                    news.chat_id,
                    sent.message_id,
                    WaitingSaid.JOINED,
                    co_guardian=user_id,
                )
    return in_a_group


async def _link_used(bot: Bot, guardians: Guardians, invite_id: UUID) -> None:
    """The message that holds the link, in its creator's chat, says who used it."""
    used = await guardians.link_used(invite_id)
    if used is None:
        return
    async with speaking_to(used.chat_id):
        text = persons_texts.invite_link_used(used.person, used.by)
    with suppress(TelegramForbiddenError, TelegramBadRequest):  # deleted, or blocked us
        await bot.edit_message_text(text, chat_id=used.chat_id, message_id=used.message_id)


async def _cards_up_to_date(messenger: Messenger, persons: Persons, user_id: int) -> None:
    """The user became a guardian of a person, or joined a group: the cards of their
    persons, in every guardian's chat, list them among its guardians and the group among
    its groups (a card read "Guardians: Ann (you)" after Carl accepted)."""
    await show_as_now(persons, messenger, [row.id for row in await persons.of_user(user_id)])


async def _tell_of_joining(
    bot: Bot,
    guardians: Guardians,
    notices: Notices,
    approvals: Approvals,
    user_id: int,
    payload: str,
) -> None:
    """A co-guardian's first group: the guardians told "I'll tell you when they do" are
    (said in the past at the co-guardian's /forget; "once its organizers approve them"
    redrawn at their decision: walkhe2 3)."""
    for news in await guardians.to_tell_of_joining(user_id, payload):
        async with speaking_to(news.chat_id):
            told = persons_texts.co_guardian_in_group(
                news.who, news.persons, news.group_title, news.waiting
            )
        with suppress(TelegramForbiddenError, TelegramBadRequest):  # blocked us meanwhile
            sent = await bot.send_message(news.chat_id, told)
            # Said again in the children's names now at a rename, but where the
            # organizers' decision redraws it.
            first = (
                None
                if news.waiting
                else {"text": FirstSaid.IN_GROUP, "group_title": news.group_title}
            )
            await notices.guarded_by(news.chat_id, sent.message_id, user_id, news.person_ids, first)
            for person_id in news.person_ids if news.waiting else ():
                await approvals.told_inside(
                    person_id,
                    news.chat_id,
                    sent.message_id,
                    WaitingSaid.IN_GROUP,
                    co_guardian=user_id,
                )


async def start_with_link(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    onboarding: Onboarding,
    approvals: Approvals,
    guardians: Guardians,
    persons: Persons,
    messenger: Messenger,
    notices: Notices,
    audits: AuditView,
) -> None:
    assert message.from_user is not None
    since = datetime.now(UTC)
    payload = command.args or ""
    result = await onboarding.join(telegram_user(message.from_user), payload)
    match result.outcome:
        case JoinOutcome.UNKNOWN_LINK:
            await message.answer(texts.unknown_link())
        case JoinOutcome.GROUP_INACTIVE:
            await message.answer(texts.inactive_group())
        case JoinOutcome.NOT_A_MEMBER:
            await message.answer(texts.not_a_member(result.group_title))
        case JoinOutcome.BANNED:
            refused = await message.answer(moderation_texts.join_refused(result.group_title))
            if result.group_id is not None:  # made true at the unban, or their /forget
                await notices.banned(refused.chat.id, refused.message_id, result.group_id)
        case JoinOutcome.NEEDS_CONSENT:
            question = await message.answer(
                texts.consent_request(result.group_title, result.retention_days),
                reply_markup=consent_keyboard(),
            )
            # So that agreeing (the button, /agree, an invitation) answers it there too.
            await asked(state, question, result.group_title, result.retention_days, result.group_id)
        case JoinOutcome.JOINED:
            if result.first_group and message.bot is not None:
                await _tell_of_joining(
                    message.bot, guardians, notices, approvals, message.from_user.id, payload
                )
            await _cards_up_to_date(messenger, persons, message.from_user.id)
            # Agreed before, elsewhere: this group's retention is new to them.
            said = texts.joined(result.group_title, result.persons, result.waiting)
            # Those still waiting from before (back in the group): no "⏳" announces them
            # now (issue 32: only the others were named).
            fresh = await approvals.persons_asked_since(message.from_user.id, since)
            if result.first_group:  # "… once you open its link" (walk33 2, 3): done now
                await notices.link_opened(
                    messenger, message.from_user.id, result.group_title, waiting=bool(fresh)
                )
            unannounced = [name for name in result.waiting if name not in fresh]
            # Refused there: said as refused, not as waiting for a decision (walkmore 1).
            if waits := [name for name in unannounced if name not in result.rejected]:
                said += "\n" + texts.still_waiting(result.group_title, waits)
            if denied := [name for name in unannounced if name in result.rejected]:
                said += "\n" + texts.still_rejected(result.group_title, denied)
            sent = await message.answer(
                texts.joined_again(said, result.group_title, result.retention_days)
            )
            # Made true at /forget, and once one it names is no longer theirs (issue 32);
            # said again in their names as now at a rename, by its parts.
            waiting_ids = dict(zip(result.waiting, result.waiting_ids, strict=False))
            await notices.sending(
                sent.chat.id,
                sent.message_id,
                result.person_ids,
                group_id=result.group_id,
                keeps=True,
                # "To enroll another child": made true once none is left (walken7 7).
                another=bool(result.waiting) and not result.persons,
                waiting=result.waiting_ids,
                still_waiting=[waiting_ids[n] for n in waits if n in waiting_ids],
                still_rejected=[waiting_ids[n] for n in denied if n in waiting_ids],
            )
            if result.group_id is not None:  # a change of its keep redraws it
                await stated_keep(
                    state,
                    JOINED,
                    sent,
                    result.group_title,
                    result.retention_days,
                    result.group_id,
                    said,
                )
            if result.back and result.group_id is not None:
                # "You're no longer in Class 1A…" and the questions leaving closed: in the
                # past now (walken4 1, 9); what is still open is asked again.
                await _back(
                    messenger,
                    notices,
                    persons,
                    audits,
                    message.from_user.id,
                    result.group_id,
                    result.group_title,
                )
    await approvals.announce_since(message.from_user.id, since)  # the group approves persons


async def start_without_link(
    message: Message, onboarding: Onboarding, organizers: Organizers
) -> None:
    assert message.from_user is not None
    # One who deleted everything (/forget) is not stored again by a /start that joins
    # nothing (findings25 9): a link, an invitation or a claim is where they come back.
    if not await onboarding.deleted_everything(message.from_user.id):
        await onboarding.register(telegram_user(message.from_user))
    overview = await onboarding.overview(message.from_user.id)
    if overview is None:
        # An organizer told to /start me so that claim links can reach her is no parent.
        if await organizers.asks_for_claim_links(message.from_user.id):
            await message.answer(texts.start_for_organizer())
        else:
            await message.answer(texts.start_without_group())
        return
    persons = [
        (n, _(persons_texts.PERSON_STATUS.get(s.value, s.value))) for n, s in overview.persons
    ]
    await message.answer(texts.welcome_back(overview.groups, persons))


def _reply(agreement: Agreement) -> str:
    if agreement.outcome == AgreeOutcome.AGREED:
        return texts.joined(agreement.group_title, agreement.persons, agreement.waiting)
    if agreement.outcome == AgreeOutcome.ALREADY_AGREED:
        return texts.already_agreed()
    return texts.nothing_to_agree()


async def _agreed(
    sent: Message,
    agreement: Agreement,
    notices: Notices,
    persons: Persons,
    messenger: Messenger,
    audits: AuditView,
) -> None:
    """Agreed, and told "You're in" in ``sent``: that is made true at /forget, and once one
    it names is no longer theirs; and one who came back to the group while its terms had
    changed is back only now: "You're no longer in Class 1A…" and the questions leaving
    closed say it in the past, and what is still open is asked again (fixw)."""
    await notices.sending(
        sent.chat.id,
        sent.message_id,
        agreement.person_ids,
        group_id=agreement.group_id,
        another=bool(agreement.waiting) and not agreement.persons,
        waiting=agreement.waiting_ids,
    )
    if agreement.group_id is not None:
        await _back(
            messenger,
            notices,
            persons,
            audits,
            sent.chat.id,
            agreement.group_id,
            agreement.group_title,
        )


async def _back(
    messenger: Messenger,
    notices: Notices,
    persons: Persons,
    audits: AuditView,
    user_id: int,
    group_id: UUID,
    title: str,
) -> None:
    """Back in the group: what told the user they were out (or banned) says it in the past,
    what is still open is asked again, and the admin chat's word of their unban says they
    came back (walk34 6)."""
    await notices.back(messenger, user_id, group_id, title)
    await persons.ask_again(user_id, group_id)
    await audits.member_back(messenger, group_id, user_id)


async def agree_command(
    message: Message,
    state: FSMContext,
    onboarding: Onboarding,
    notices: Notices,
    persons: Persons,
    messenger: Messenger,
    audits: AuditView,
) -> None:
    assert message.from_user is not None
    agreement = await onboarding.agree(telegram_user(message.from_user))
    if agreement.outcome != AgreeOutcome.NOTHING_TO_AGREE and message.bot is not None:
        await mark_agreed(message.bot, state, message.from_user.id)
    sent = await message.answer(_reply(agreement))
    if agreement.outcome == AgreeOutcome.AGREED:
        await _agreed(sent, agreement, notices, persons, messenger, audits)


async def agree_button(
    query: CallbackQuery,
    state: FSMContext,
    onboarding: Onboarding,
    notices: Notices,
    persons: Persons,
    messenger: Messenger,
    audits: AuditView,
) -> None:
    """The consent question says it was answered, without its button; a second tap only
    says so."""
    agreement = await onboarding.agree(telegram_user(query.from_user))
    reply = _reply(agreement)
    marked: list[int] = []
    if agreement.outcome != AgreeOutcome.NOTHING_TO_AGREE and query.bot is not None:
        marked = await mark_agreed(query.bot, state, query.from_user.id)
    pressed = query.message
    if isinstance(pressed, Message) and pressed.message_id not in marked:
        if agreement.outcome == AgreeOutcome.AGREED:  # asked, but not kept (a lost state)
            await conclude_pressed(pressed, datetime.now(UTC))
        else:
            await drop_pressed(query)  # pressed again: "I agree" goes, if it is still there
    if agreement.outcome != AgreeOutcome.AGREED or query.bot is None:
        await answer(query, reply)
        return
    await answer(query)
    sent = await query.bot.send_message(query.from_user.id, reply)
    await _agreed(sent, agreement, notices, persons, messenger, audits)


def router() -> Router:
    """This feature's handlers on a fresh router (one per dispatcher)."""
    routes = Router(name="start")
    routes.message.filter(F.chat.type == ChatType.PRIVATE)
    routes.message.register(
        start_with_invite, CommandStart(deep_link=True, magic=F.args.startswith(INVITE_PREFIX))
    )
    routes.message.register(start_with_link, CommandStart(deep_link=True))
    routes.message.register(start_without_link, CommandStart())
    routes.message.register(agree_command, Command("agree"))
    routes.message.register(privacy_command, Command("privacy"))
    routes.callback_query.register(agree_button, AgreeData.filter())
    routes.callback_query.register(privacy_button, PrivacyData.filter())
    routes.callback_query.register(accept_invite, InviteData.filter())
    return routes
