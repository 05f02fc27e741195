"""Telegram's user, as the domain sees it."""

from __future__ import annotations

from aiogram.types import User

from domain.onboarding.service import TelegramUser


def telegram_user(user: User) -> TelegramUser:
    return TelegramUser(
        id=user.id,
        first_name=user.first_name,
        username=user.username,
        language_code=user.language_code,
    )
