"""The composition root: every service built once from the stack and the settings
(``services.py``: ``Services``, ``FaceWork``), and the table of the domain's events and who
reacts to each (``reactions.py``). The bot (``bot/app.py``), the worker (``workers/app.py``)
and the CLI take their services from here. It sits above every other package of the domain
and may import the adapters (``domain.infra``); nothing in the domain imports it."""
