# The README's commands. `make run` starts facedrop on its embedded default;
# `make test` runs every test. Both set up .venv first when needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The emulator's port for `make run` (`make run PORT=8090` when 8081 is taken).
PORT ?= 8081

.PHONY: install run bench test conformance lint format doctor migrate migrations i18n clean screenshots

$(BIN)/facedrop: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

install: $(BIN)/facedrop

# Try facedrop without Telegram: the emulator, the bot, the worker and the embedded
# stack in one process. With no model pack configured (environment or .env) and none
# installed, every facedrop command uses the small buffalo_sc pack beside the repository
# (../shared/models) when it is there (offline): `make doctor` then checks the same pack.
run: install
	$(BIN)/facedrop sandbox --port $(PORT)

# The README's pictures of the web chat (docs/screenshots/), taken by its journey test in
# Chromium (Debian's chromium; fonts-noto-color-emoji draws the bot's emoji).
screenshots: install
	WEB_CHAT_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -q \
		tests/e2e/test_web_chat_journey.py

# Post 20 group photos in a sandbox and print the latencies (a benchmark, not a test).
bench: install
	$(BIN)/facedrop bench journey --faces ../shared/faces

# In parallel (pytest-xdist): each worker starts its own embedded Postgres, Redis and model.
# Twice as many workers as cores: the tests wait on the bot, the worker and Telegram's
# emulator much of the time (measured on 26 end-to-end tests, 2 cores: 159 s with 2 workers,
# 125 s with 3, 114 s with 4; the whole suite, 1900 tests, took 22.6 min with 3 in CI).
# The slowest files start first (tests/conftest.py) and an idle worker takes tests queued
# for a busy one (worksteal), so no worker runs alone at the end. The 25 slowest tests are
# listed at the end: CI must stay under 25 minutes.
# One file alone: `.venv/bin/python -m pytest tests/e2e/test_core_journey.py`.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc) * 2 )))
test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal --durations=25

# The emulator's conformance suite alone (tests/emulator without the browser tests): what
# Telegram answers, each test citing the tdlib/telegram-bot-api source it follows; minutes.
conformance: install
	$(BIN)/python -m sandbox conformance

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

doctor: install
	$(BIN)/facedrop doctor

migrate: install
	$(BIN)/facedrop migrate

# After changing domain/infra/models.py: write the migration for it.
migrations: install
	$(BIN)/facedrop makemigrations

# After changing a translated text (``_("...")`` in a texts.py): extract the messages
# into the template and merge them into every language's catalog (then translate the new
# or fuzzy entries; tests/unit/test_catalogs.py says which). The catalogs are compiled in
# memory when facedrop starts: no .mo file is built or committed.
LOCALES := domain/languages/locales
i18n: install
	$(BIN)/pybabel extract --mapping babel.cfg --keywords N_ --no-location --omit-header --sort-output \
		--output-file $(LOCALES)/facedrop.pot .
	$(BIN)/pybabel update --domain facedrop --input-file $(LOCALES)/facedrop.pot \
		--output-dir $(LOCALES) --no-wrap --ignore-pot-creation-date --ignore-obsolete

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
