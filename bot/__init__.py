"""The Telegram bot (aiogram 3): routers, middlewares, keyboards and texts. Arrives with issue #4."""
