"""Adapters: Postgres (tortoise models and queries), Redis and arq, Qdrant, blob stores,
insightface, Telegram, and the embedded stack that starts them."""
