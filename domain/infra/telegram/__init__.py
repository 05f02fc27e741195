"""Telegram through aiogram: the bot client, callback data, the rate-limited messenger."""
