"""The ``facedrop`` command: the composition root of every process (bot, worker, sandbox,
doctor, bench). It imports ``bot/``, ``workers/``, ``sandbox/`` and ``domain/``; nothing
imports it."""
