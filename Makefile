# Lotse: `make run` to try it, `make test` to check it. See README.md.
.DEFAULT_GOAL := help
SHELL := /bin/sh
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_WORKERS ?= auto
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help setup run test test-sqlite test-postgres test-browser lint typecheck messages bench clean

help:
	@echo "make run    set up and start Lotse with demo data on http://127.0.0.1:$(PORT)"
	@echo "make test   set up and run the whole test suite (SQLite, PostgreSQL, Chromium)"
	@echo "make setup  only set up (.venv, dependencies, database)"

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(PY) || ./scripts/bootstrap-python.sh
	$(PY) -m pip install -q --upgrade "pip>=24"
	$(PY) -m pip install -q -r requirements-dev.txt
	$(PY) -m pip install -q --no-deps -e .
	@touch $@

setup: $(VENV)/.installed
	@mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --no-input -v 0
	DEBUG=1 $(PY) manage.py createcachetable

run: setup
	DEBUG=1 $(VENV)/bin/lotse seed-demo
	@echo ""
	@echo "Lotse runs at http://127.0.0.1:$(PORT)/ with its worker for background tasks (stop with Ctrl+C)"
	@# The worker runs in a session of its own, so that the trap stops it with its reloader
	@# whichever way the web server ends.
	DEBUG=1 setsid $(VENV)/bin/lotse db_worker & worker=$$!; \
	trap 'kill -TERM -$$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(VENV)/bin/lotse runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy lotse

test-sqlite: $(VENV)/.installed
	env -u DATABASE_URL $(VENV)/bin/pytest -n $(PYTEST_WORKERS) -m "not browser"

test-postgres: $(VENV)/.installed
	./scripts/ensure-test-system.sh
	$(PY) -m lotse.devtools.pgcluster -- $(VENV)/bin/pytest -n $(PYTEST_WORKERS) -m "not browser"

test-browser: $(VENV)/.installed
	./scripts/ensure-test-system.sh
	env -u DATABASE_URL $(VENV)/bin/pytest -n $(PYTEST_WORKERS) -m browser

test: setup lint typecheck
	./scripts/ensure-test-system.sh
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres
	$(MAKE) --no-print-directory test-browser

messages: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py makemessages -l de -l en -l ro -l bg -l ar -l tr -l uk -l fa --no-obsolete --no-location -i "tests/*" -i "bench/*" -i ".venv/*" -i "var/*"
	DEBUG=1 $(PY) manage.py compilemessages -i ".venv"

bench: setup
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
