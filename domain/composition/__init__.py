"""What the composition roots (``bot/app.py``, ``workers/app.py``) share of their wiring:
the table of the domain's events and who reacts to each (``reactions.py``). It sits above
every other package of the domain; nothing in the domain imports it."""
