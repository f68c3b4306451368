# Two commands matter: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint format fixtures install install-dev clean bench bench-search bench-static loadtest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

## demo: set up (SQLite, fixtures, admin login printed) and serve http://127.0.0.1:8000
# The demo runs as production does (DEBUG off, real error pages), over plain HTTP on this machine.
demo: $(VENV)/.runtime
	DJANGO_DEMO=1 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEMO=1 $(BIN)/python manage.py setup_demo --site-url http://$(HOST):$(PORT)
	DJANGO_DEMO=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: set up and run the whole suite (DATABASE_URL picks the database; SQLite by default)
# Two pytest-xdist workers, each with its own test database, browser and live server, one test
# file at a time (so a module's shared demo data is loaded once), the browser files first
# (tests/conftest.py); TEST_WORKERS=0 runs serially.
TEST_WORKERS ?= 2
test: $(VENV)/.dev
	$(BIN)/python -m pytest $(if $(filter-out 0,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder) $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## fixtures: regenerate fixtures/*.json from fixtures/source/
fixtures: $(VENV)/.runtime
	DJANGO_DEBUG=1 $(BIN)/python manage.py build_fixtures

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

## bench: wrk benchmark, cold and warm, SQLite and PostgreSQL, N=1,000 and 20,000 -> docs/PERFORMANCE.md
bench: $(VENV)/.runtime
	cd scripts && BENCH_COMMAND="make bench$(if $(BENCH_ARGS), BENCH_ARGS='$(BENCH_ARGS)')" \
		PY=$(abspath $(BIN)/python) $(abspath $(BIN)/python) bench.py $(BENCH_ARGS)

## loadtest: 60 s, 32 connections, a mix of pages on PostgreSQL; zero non-2xx and zero log errors
loadtest: $(VENV)/.runtime
	cd scripts && PY=$(abspath $(BIN)/python) $(abspath $(BIN)/python) loadtest.py $(LOADTEST_ARGS)

## bench-static: the static CSS through iomkb's stack against a plain WhiteNoise stack (wrk, gunicorn)
bench-static: $(VENV)/.runtime
	$(BIN)/python scripts/bench_static.py $(BENCH_ARGS)

## bench-search: search latency p50/p95 at 1k/10k/100k items on SQLite and PostgreSQL (scratch databases)
bench-search: $(VENV)/.dev
	$(BIN)/python scripts/bench_search.py $(BENCH_ARGS)
