"""The Telegram bot (aiogram 3): routers, middlewares, keyboards, texts. Arrives with issue #4."""
