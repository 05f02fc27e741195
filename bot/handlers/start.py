"""/start with a group's deep link, and consent (/agree or the button)."""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime
from uuid import UUID

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.replies import answer, drop_pressed, in_parts
from bot.states import JoinAsGuardian
from bot.users import telegram_user
from domain import texts
from domain.infra.telegram.callbacks import AgreeData, InviteData, PrivacyData, keyboard
from domain.languages.catalogs import _
from domain.languages.chats import speaking_to
from domain.moderation.approvals import Approvals
from domain.moderation.organizers import Organizers
from domain.onboarding.service import AgreeOutcome, JoinOutcome, Onboarding
from domain.persons.guardians import INVITE_PREFIX, Guardians, InviteOutcome
from domain.telegram import AgreeToTerms


def _details() -> list[InlineKeyboardButton]:
    """ "What exactly is stored?": under every consent, kept once it is answered."""
    return [InlineKeyboardButton(text=texts.privacy_button(), callback_data=PrivacyData().pack())]


def _consent_keyboard() -> InlineKeyboardMarkup:
    agree = keyboard([[AgreeToTerms(texts.agree_button())]])
    assert agree is not None
    return InlineKeyboardMarkup(inline_keyboard=[*agree.inline_keyboard, _details()])


async def _send_privacy(bot: Bot, user_id: int, onboarding: Onboarding) -> None:
    for part in in_parts(texts.privacy(await onboarding.retention(user_id))):
        await bot.send_message(user_id, part)


async def privacy_command(message: Message, onboarding: Onboarding) -> None:
    """/privacy: every detail of what is kept, and each of the user's groups' retention."""
    assert message.from_user is not None
    assert message.bot is not None
    await _send_privacy(message.bot, message.from_user.id, onboarding)


async def privacy_button(query: CallbackQuery, onboarding: Onboarding) -> None:
    """The same as /privacy, from under a consent: it reveals nothing about anyone."""
    await answer(query)
    if query.bot is not None:
        await _send_privacy(query.bot, query.from_user.id, onboarding)


async def start_with_invite(
    message: Message, command: CommandObject, state: FSMContext, guardians: Guardians
) -> None:
    """/start inv_<code>: an invitation to become a co-guardian."""
    invite = await guardians.find(command.args or "")
    if invite is None:
        await message.answer(texts.invite_invalid())
        return
    await state.set_state(JoinAsGuardian.invited)
    await state.set_data({"invite_id": str(invite.id)})
    await message.answer(
        texts.invitation(invite.person.name),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(
                        text=texts.accept_invite(), callback_data=InviteData().pack()
                    )
                ],
                _details(),
            ]
        ),
    )


async def accept_invite(
    query: CallbackQuery, state: FSMContext, guardians: Guardians, approvals: Approvals
) -> None:
    """The invitation is read from this user's own conversation state, never from the button."""
    since = datetime.now(UTC)
    invite_id = await state.get_value("invite_id")
    await state.clear()
    await drop_pressed(query)  # an invitation is answered once (the details stay)
    if not invite_id:
        await answer(query, texts.invite_invalid(), alert=True)
        return
    outcome, name = await guardians.accept(UUID(invite_id), telegram_user(query.from_user))
    answers = {
        InviteOutcome.INVALID: texts.invite_invalid(),
        InviteOutcome.ALREADY: texts.already_guardian(name),
        InviteOutcome.ACCEPTED: texts.invite_accepted(name),
    }
    await answer(query)
    if query.bot is not None:
        if outcome == InviteOutcome.ACCEPTED:  # told first: by the time she reads hers
            await _tell_guardians(query.bot, guardians, UUID(invite_id))
        await query.bot.send_message(query.from_user.id, answers[outcome])
    await approvals.announce_since(query.from_user.id, since)  # groups that approve guardians


async def _tell_guardians(bot: Bot, guardians: Guardians, invite_id: UUID) -> None:
    """The person's other guardians (the owner among them) learn who joins them."""
    joined, name, chats = await guardians.to_tell_of(invite_id)
    for chat_id in chats:
        async with speaking_to(chat_id):
            told = texts.co_guardian_joined(joined, name)
        with suppress(TelegramForbiddenError, TelegramBadRequest):  # blocked us meanwhile
            await bot.send_message(chat_id, told)


async def start_with_link(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    onboarding: Onboarding,
    approvals: Approvals,
) -> None:
    assert message.from_user is not None
    since = datetime.now(UTC)
    result = await onboarding.join(telegram_user(message.from_user), command.args or "")
    match result.outcome:
        case JoinOutcome.UNKNOWN_LINK:
            await message.answer(texts.unknown_link())
        case JoinOutcome.GROUP_INACTIVE:
            await message.answer(texts.inactive_group())
        case JoinOutcome.NOT_A_MEMBER:
            await message.answer(texts.not_a_member(result.group_title))
        case JoinOutcome.BANNED:
            await message.answer(texts.join_refused(result.group_title))
        case JoinOutcome.NEEDS_CONSENT:
            question = await message.answer(
                texts.consent_request(result.group_title, result.retention_days),
                reply_markup=_consent_keyboard(),
            )
            # So that /agree can take the button away too.
            await state.update_data(consent_message_id=question.message_id)
        case JoinOutcome.JOINED:
            # Agreed before, elsewhere: this group's retention is new to them.
            await message.answer(texts.joined_another(result.group_title, result.retention_days))
    await approvals.announce_since(message.from_user.id, since)  # the group approves persons


async def start_without_link(
    message: Message, onboarding: Onboarding, organizers: Organizers
) -> None:
    assert message.from_user is not None
    await onboarding.register(telegram_user(message.from_user))
    overview = await onboarding.overview(message.from_user.id)
    if overview is None:
        # An organizer told to /start me so that claim links can reach her is no parent.
        if await organizers.asks_for_claim_links(message.from_user.id):
            await message.answer(texts.start_for_organizer())
        else:
            await message.answer(texts.start_without_group())
        return
    persons = [(n, _(texts.PERSON_STATUS.get(s.value, s.value))) for n, s in overview.persons]
    await message.answer(texts.welcome_back(overview.groups, persons))


async def _agree(user_id_source: Message | CallbackQuery, onboarding: Onboarding) -> str:
    assert user_id_source.from_user is not None
    outcome, group_title = await onboarding.agree(telegram_user(user_id_source.from_user))
    if outcome == AgreeOutcome.AGREED:
        return texts.joined(group_title)
    if outcome == AgreeOutcome.ALREADY_AGREED:
        return texts.already_agreed()
    return texts.nothing_to_agree()


async def agree_command(message: Message, state: FSMContext, onboarding: Onboarding) -> None:
    reply = await _agree(message, onboarding)
    question = await state.get_value("consent_message_id")
    if question is not None and message.bot is not None:
        await state.update_data(consent_message_id=None)
        with suppress(TelegramBadRequest):  # deleted by the user meanwhile
            await message.bot.edit_message_reply_markup(
                chat_id=message.chat.id,
                message_id=question,
                reply_markup=InlineKeyboardMarkup(inline_keyboard=[_details()]),
            )
    await message.answer(reply)


async def agree_button(query: CallbackQuery, onboarding: Onboarding) -> None:
    """The consent question loses its button once answered; a second tap only says so."""
    reply = await _agree(query, onboarding)
    await drop_pressed(query)  # "What exactly is stored?" stays
    if reply == texts.already_agreed() or query.bot is None:
        await answer(query, reply)
        return
    await answer(query)
    await query.bot.send_message(query.from_user.id, reply)


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
