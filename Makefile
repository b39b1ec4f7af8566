# certdir — two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs on every core (pytest-xdist; each worker gets its own test database).
PYTEST_ARGS ?= -n auto

.DEFAULT_GOAL := help
.PHONY: help run test setup lint format check-migrations pytest browser-test lock messages bench clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

# The venv is rebuilt whenever the pinned requirements change.
$(BIN)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "certdir needs Python >= 3.11; set PYTHON=python3.11 (or newer)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(BIN)/.installed  ## Create .venv, install, migrate, load reference and demo data
	$(MANAGE) migrate --no-input
	$(MANAGE) setup_site

run: setup  ## Set everything up and serve on http://127.0.0.1:8000
	$(MANAGE) runserver $(HOST):$(PORT)

test: $(BIN)/.installed lint check-migrations pytest  ## Lint, check migrations, run the whole test suite

lint: $(BIN)/.installed  ## ruff check + ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed  ## Fix what ruff can fix
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations: $(BIN)/.installed  ## Fail if models and migrations disagree
	$(MANAGE) makemigrations --check --dry-run

pytest: $(BIN)/.installed  ## The test suite (set REQUIRE_BROWSER=1 to fail instead of skip without Chromium)
	$(BIN)/pytest $(PYTEST_ARGS)

browser-test: $(BIN)/.installed  ## Only the Playwright tests in Chromium (REQUIRE_BROWSER=1: fail without it)
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

lock:  ## Re-resolve requirements*.txt from pyproject.toml (needs uv)
	uv pip compile pyproject.toml -o requirements.txt --python-version 3.11 --no-header
	uv pip compile pyproject.toml --extra dev -o requirements-dev.txt --python-version 3.11 --no-header

messages: $(BIN)/.installed  ## Re-extract and compile the Russian translation (.po -> .mo, pure Python)
	$(MANAGE) makemessages --locale ru --no-obsolete --ignore '.venv/*' --ignore 'static/*' --ignore 'tests/*' --ignore 'bench/*'
	$(MANAGE) compile_translations

bench: $(BIN)/.installed  ## Benchmarks against PostgreSQL (see bench/README.md)
	$(BIN)/python bench/run.py

clean:  ## Remove the venv, the SQLite database and collected static files
	rm -rf $(VENV) db.sqlite3 staticfiles
