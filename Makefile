# LabNet — the two commands of the README, and the steps behind them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000
# The PostgreSQL server the suite also runs on when LABNET_TEST_POSTGRES=1 (.ci/run sets it).
LABNET_TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
# Extra pytest arguments of the SQLite run (`make test` sets them when PostgreSQL runs too).
PYTEST_ARGS ?=

.PHONY: run setup install test test-sqlite test-postgres lint messages benchmark clean

## run: set everything up (virtualenv, database, real network dataset, demo accounts) and serve
run: setup
	@echo "LabNet: http://$(HOST)/  (Ctrl+C to stop)"
	@trap 'kill 0' INT TERM EXIT; \
	$(MANAGE) db_worker --interval 2 >var/worker.log 2>&1 & \
	$(MANAGE) runserver $(HOST)

## setup: idempotent; running it again keeps the data and duplicates nothing
setup: install
	@mkdir -p var
	@# The Atlas and the booklet need Pango (WeasyPrint); everything else runs without it.
	@$(BIN)/python -c 'import weasyprint' 2>/dev/null || echo "LabNet: Pango is missing, \
	so the Atlas and the booklet PDFs cannot be built (the rest works). On Debian or Ubuntu: \
	sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
	$(MANAGE) migrate --noinput
	$(MANAGE) import_network data/network --if-empty
	$(MANAGE) search_reindex
	$(MANAGE) demo_accounts

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "LabNet needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

## test: the whole suite (lint, migrations, SQLite, browser; PostgreSQL too when LABNET_TEST_POSTGRES=1)
# With PostgreSQL, the two runs go side by side (one core each); the PostgreSQL run's output
# is printed once both are done, so the two reports do not interleave. The browser walks run
# on SQLite only and the tests marked `once` (crawls of every route, API fuzzing, production
# settings in subprocesses) on PostgreSQL only, so that the two runs take about as long
# (docs/adr/0038).
test: install lint
	@mkdir -p var
	@if [ "$${LABNET_TEST_POSTGRES:-0}" = "1" ]; then \
		$(MAKE) --no-print-directory test-postgres >var/test-postgres.log 2>&1 & postgres=$$!; \
		$(MAKE) --no-print-directory test-sqlite PYTEST_ARGS='-m "not once"'; sqlite_status=$$?; \
		wait $$postgres; postgres_status=$$?; \
		echo "SQLite run: exit $$sqlite_status; PostgreSQL run: exit $$postgres_status"; \
		echo "----- PostgreSQL run -----"; cat var/test-postgres.log; \
		[ $$sqlite_status -eq 0 ] && [ $$postgres_status -eq 0 ]; \
	else $(MAKE) --no-print-directory test-sqlite && \
		echo "PostgreSQL run skipped (set LABNET_TEST_POSTGRES=1 to run it)."; fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=sqlite://:memory: $(MANAGE) makemigrations --check --dry-run

test-sqlite: install
	$(BIN)/pytest $(PYTEST_ARGS)

# The browser walk is not repeated on PostgreSQL: it checks pages, not the database.
test-postgres: install
	DATABASE_URL=$(LABNET_TEST_POSTGRES_URL) $(BIN)/pytest -m "not browser"

## messages: refresh the catalogues after changing French strings (needs gettext); then
## translate the new English entries. The French catalogue repeats each msgid (msgen): it
## exists only so that French plural rules apply ("0 personne", not "0 personnes").
messages: install
	$(MANAGE) makemessages -l en -l fr --ignore=.venv --ignore=staticfiles --ignore=tests \
		--ignore=data --ignore=benchmarks
	msgen -o locale/fr/LC_MESSAGES/django.po locale/fr/LC_MESSAGES/django.po
	$(MANAGE) compilemessages -l en -l fr --ignore=.venv

## benchmark: generate a national-scale database in var/bench/ (or DATABASE_URL), then time
## every route (benchmarks/run.py), the similar-projects search and the downloads' memory
benchmark: install
	@mkdir -p var/bench
	LABNET_VAR_DIR=var/bench $(BIN)/python -m benchmarks.generate
	LABNET_VAR_DIR=var/bench $(MANAGE) search_reindex
	LABNET_VAR_DIR=var/bench $(MANAGE) stats_rebuild_facts
	-LABNET_VAR_DIR=var/bench $(BIN)/python -m benchmarks.run
	-LABNET_VAR_DIR=var/bench $(BIN)/python -m benchmarks.similar_projects
	-LABNET_VAR_DIR=var/bench $(BIN)/python -m benchmarks.memory

clean:
	rm -rf $(VENV) var staticfiles
