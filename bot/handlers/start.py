"""/start with a group's deep link, and consent (/agree or the button)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, Message

from bot.users import telegram_user
from domain import texts
from domain.infra.telegram.callbacks import AgreeData, keyboard
from domain.onboarding import AgreeOutcome, JoinOutcome, Onboarding
from domain.telegram import AgreeToTerms


async def start_with_link(message: Message, command: CommandObject, onboarding: Onboarding) -> None:
    assert message.from_user is not None
    result = await onboarding.join(telegram_user(message.from_user), command.args or "")
    match result.outcome:
        case JoinOutcome.UNKNOWN_LINK:
            await message.answer(texts.UNKNOWN_LINK)
        case JoinOutcome.GROUP_INACTIVE:
            await message.answer(texts.INACTIVE_GROUP)
        case JoinOutcome.NOT_A_MEMBER:
            await message.answer(texts.not_a_member(result.group_title))
        case JoinOutcome.NEEDS_CONSENT:
            await message.answer(
                texts.consent_request(result.group_title),
                reply_markup=keyboard([[AgreeToTerms(texts.AGREE_BUTTON)]]),
            )
        case JoinOutcome.JOINED:
            await message.answer(texts.joined(result.group_title))


async def start_without_link(message: Message, onboarding: Onboarding) -> None:
    assert message.from_user is not None
    await onboarding.register(telegram_user(message.from_user))
    await message.answer(texts.START_WITHOUT_GROUP)


async def _agree(user_id_source: Message | CallbackQuery, onboarding: Onboarding) -> str:
    assert user_id_source.from_user is not None
    outcome, group_title = await onboarding.agree(telegram_user(user_id_source.from_user))
    if outcome == AgreeOutcome.AGREED:
        return texts.joined(group_title)
    if outcome == AgreeOutcome.ALREADY_AGREED:
        return texts.ALREADY_AGREED
    return texts.NOTHING_TO_AGREE


async def agree_command(message: Message, onboarding: Onboarding) -> None:
    await message.answer(await _agree(message, onboarding))


async def agree_button(query: CallbackQuery, onboarding: Onboarding) -> None:
    answer = await _agree(query, onboarding)
    await query.answer()
    if query.message is not None:
        await query.bot.send_message(query.from_user.id, answer)  # type: ignore[union-attr]


def router() -> Router:
    """This feature's handlers on a fresh router (one per dispatcher)."""
    routes = Router(name="start")
    routes.message.filter(F.chat.type == ChatType.PRIVATE)
    routes.message.register(start_with_link, CommandStart(deep_link=True))
    routes.message.register(start_without_link, CommandStart())
    routes.message.register(agree_command, Command("agree"))
    routes.callback_query.register(agree_button, AgreeData.filter())
    return routes
