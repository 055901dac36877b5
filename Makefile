# One set of commands for people and CI. `make run` for a living portal, `make test` for the suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
VENDOR := static/vendor
PORT ?= 8000

# Python keeps its compiled bytecode (__pycache__, ignored by git) even where the environment asks it
# not to: without it every process (manage.py, each test worker, runserver's reloader) compiles
# Django and the apps afresh, about 3 s of CPU each.
unexport PYTHONDONTWRITEBYTECODE

# Development commands run with DEBUG on (a generated dev secret key, console e-mail).
run migrate seed worker stop-db makemessages bench: export DJANGO_DEBUG := 1

# `make bench` (issue 19): sizes of its run; smaller ones check that the benches work, not the goals.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/dbi_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/3
BENCH_ENTERPRISES ?= 100000
BENCH_ASSESSMENTS ?= 20000
BENCH_ROWS ?= 50000
BENCH_BASELINE_ROWS ?= 5000
BENCH_RUNS ?= 5
BENCH_SECONDS ?= 20
BENCH_PORT ?= 8077
BENCH_FIRST_PAGE_RUNS ?= 1
BENCH_LOGS := bench/logs

.PHONY: run urls test lint format static messages makemessages migrate seed worker clean stop-db bench

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@# uv installs the pinned set in seconds (pip takes ~40 s); pip stays the fallback when uv cannot.
	( $(PY) -m pip install --quiet uv && $(PY) -m uv pip install --quiet --python $(PY) -r requirements-dev.txt ) \
	  || { echo "uv failed; installing with pip"; $(PY) -m pip install --quiet --upgrade pip \
	       && $(PY) -m pip install --quiet -r requirements-dev.txt; }
	touch $@

# Bootstrap and htmx come from the npm registry at build time; the portal never loads a CDN.
# axe-core is for the browser suite's accessibility check only; no page loads it.
$(VENDOR)/.built: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)/bootstrap $(VENDOR)/htmx $(VENDOR)/axe
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map $(VENDOR)/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe/
	touch $@

static: $(VENDOR)/.built

# Babel compiles the committed .po files without needing GNU gettext on the machine, again only
# when a .po file changed.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
messages: $(CATALOGUES)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(VENV)/.installed
	$(VENV)/bin/pybabel compile --use-fuzzy -d locale -D django -l $*

# Developers only (needs GNU gettext): refresh the .po files from the source.
makemessages: $(VENV)/.installed
	DATABASE_URL=$${DATABASE_URL:-postgres://unused/x} $(MANAGE) makemessages -l vi -l en --no-obsolete --ignore='.venv/*' --ignore='node_modules/*' --ignore='.data/*'

migrate: $(VENV)/.installed
	$(MANAGE) migrate_schemas --executor=standard -v 0

# The three provinces are seeded at the same time, each in its own process and schema.
seed: migrate
	$(MANAGE) seed_demo --parallel

# The addresses are printed once runserver answers on the port, not before.
run: $(VENV)/.installed static messages seed
	@( for _ in $$(seq 1200); do (exec 3<>/dev/tcp/127.0.0.1/$(PORT)) 2>/dev/null && break; sleep 0.25; done; \
	  $(MAKE) --no-print-directory urls ) &
	$(MANAGE) runserver $(PORT)

urls:
	@echo
	@echo "  National site:  http://localhost:$(PORT)/   (superadmin@localhost, ministry@localhost)"
	@echo "  Đồng Nai:       http://dong-nai.localhost:$(PORT)/   (admin@dong-nai.localhost)"
	@echo "  Thanh Hóa:      http://thanh-hoa.localhost:$(PORT)/  (admin@thanh-hoa.localhost)"
	@echo "  Đắk Lắk:        http://dak-lak.localhost:$(PORT)/    (admin@dak-lak.localhost)"
	@echo "  Other roles:    province-staff@, expert@, association@, enterprise@<slug>.localhost"
	@echo "  Password of every demo account: dbi-demo-2026"
	@echo

worker: $(VENV)/.installed
	$(VENV)/bin/celery -A dbi_portal worker --pool=solo --loglevel=INFO

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports --no-cache

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: $(VENV)/.installed static messages lint
	$(VENV)/bin/pytest -q --durations=12

# Seeds the bench province afresh, runs every bench (each's output in bench/logs/), prints one table
# and writes bench/results.json. Not part of `make test`: it takes a quiet machine and many minutes.
bench: $(VENV)/.installed static messages
	@rm -rf $(BENCH_LOGS) && mkdir -p $(BENCH_LOGS)
	@export DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL); \
	step() { name=$$1; shift; echo "bench: $$name" >&2; started=$$SECONDS; status=0; \
	  $(PY) "$$@" > $(BENCH_LOGS)/$$name.out 2> $(BENCH_LOGS)/$$name.err || status=$$?; \
	  echo $$((SECONDS - started)) > $(BENCH_LOGS)/$$name.seconds; \
	  [ $$status = 0 ] || echo "bench: $$name failed, see $(BENCH_LOGS)/$$name.err" >&2; return $$status; }; \
	step seed_load bench/seed_load.py --database-url $(BENCH_DATABASE_URL) \
	  --enterprises $(BENCH_ENTERPRISES) --assessments $(BENCH_ASSESSMENTS) || exit 1; \
	step scoring bench/scoring.py --runs $(BENCH_RUNS) --province bench; \
	step import_registry bench/import_registry.py --rows $(BENCH_ROWS) --baseline-rows $(BENCH_BASELINE_ROWS) \
	  --runs $(BENCH_RUNS); \
	step report_pdf bench/report_pdf.py --province bench --runs $(BENCH_RUNS); \
	step rollup bench/rollup.py --runs $$(( $(BENCH_RUNS) * 4 )); \
	step pages bench/pages.py --province bench --runs $(BENCH_RUNS); \
	step registry_search bench/registry_search.py --province bench --runs $(BENCH_RUNS); \
	step stats_api bench/stats_api.py --province bench --runs $(BENCH_RUNS) --seconds $(BENCH_SECONDS) \
	  --port $(BENCH_PORT); \
	if [ "$(BENCH_FIRST_PAGE_RUNS)" -gt 0 ]; then step first_page bench/first_page.py --runs $(BENCH_FIRST_PAGE_RUNS) || true; fi
	$(PY) bench/table.py --out bench/results.json $(BENCH_LOGS)/*.out

stop-db:
	$(PY) -c "from pathlib import Path; from dbi_portal.devdb import stop; stop(Path('.'))"

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles
