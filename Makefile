# Sathi: `make run` serves the app with demo data; `make test` runs the whole suite;
# `make serve` runs it as production does (debug off, gunicorn, whitenoise, the worker) on this machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEV_ENV := SATHI_DEBUG=1
PG_URL ?= postgres://postgres@127.0.0.1:5432/sathi

.PHONY: install run serve test test-sqlite test-postgres lint format bench lock messages check-deploy migrations-check clean

$(VENV)/.installed: requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Sathi needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed

run: $(VENV)/.installed
	$(DEV_ENV) $(PY) manage.py ensure_dev_keys
	$(DEV_ENV) $(PY) manage.py migrate --noinput -v0
	$(DEV_ENV) $(PY) manage.py seed_demo
	@echo "Serving on http://127.0.0.1:8000 with the background worker. Ctrl-C stops both."
	@$(DEV_ENV) $(PY) manage.py db_worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# Production-like on this machine: debug off, a throwaway secret and keys in var/serve/ (mode 0600, made once),
# its own SQLite database there unless SATHI_DATABASE_URL is set, collectstatic, gunicorn with
# gunicorn.conf.py and the background worker for SATHI_TASKS_BACKEND (db or rq). Plain HTTP on
# 127.0.0.1:8000 (SATHI_BIND): TLS redirect and secure cookies off, since no proxy terminates TLS here.
SERVE_DIR := var/serve
SERVE_ENV = SATHI_DEBUG=0 SATHI_KEYS_FILE=$(CURDIR)/$(SERVE_DIR)/keys.json SATHI_SECRET_KEY="$$(cat $(SERVE_DIR)/secret)" \
  SATHI_DATABASE_URL=$${SATHI_DATABASE_URL:-sqlite:///$(CURDIR)/$(SERVE_DIR)/sathi.sqlite3} \
  SATHI_ALLOWED_HOSTS=$${SATHI_ALLOWED_HOSTS:-127.0.0.1,localhost} \
  SATHI_SSL_REDIRECT=0 SATHI_SECURE_COOKIES=0 SATHI_HSTS_SECONDS=0
WORKER = $(if $(filter rq,$(SATHI_TASKS_BACKEND)),rqworker --job-class django_tasks_rq.Job default,db_worker)

serve: $(VENV)/.installed
	@mkdir -p $(SERVE_DIR) && chmod 700 $(SERVE_DIR)
	@test -f $(SERVE_DIR)/keys.json || $(PY) -c "import sys; from sathi.lib.crypto import generate_keys_file; generate_keys_file(sys.argv[1])" $(SERVE_DIR)/keys.json
	@test -f $(SERVE_DIR)/secret || (umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $(SERVE_DIR)/secret)
	$(SERVE_ENV) $(PY) manage.py migrate --noinput -v0
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	@echo "Serving on http://$${SATHI_BIND:-127.0.0.1:8000} (gunicorn, debug off) with the worker. Ctrl-C stops both."
	@$(SERVE_ENV) $(PY) manage.py $(WORKER) & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(SERVE_ENV) $(VENV)/bin/gunicorn -c gunicorn.conf.py sathi.wsgi:application

# SQLite always; PostgreSQL too when SATHI_TEST_POSTGRES=1 (then it must be reachable) or a server answers.
# With both, the two runs go side by side (scripts/test-both), each line marked with its database.
test: $(VENV)/.installed
	@if [ "$$SATHI_TEST_POSTGRES" = "1" ] || $(PY) bench/pg_reachable.py "$(PG_URL)"; then \
	  scripts/test-both $(PY) "$(PG_URL)"; \
	else \
	  $(MAKE) --no-print-directory test-sqlite || exit 1; \
	  echo "PostgreSQL not reachable at $(PG_URL): skipped (set SATHI_TEST_POSTGRES=1 to require it)"; \
	fi

test-sqlite: $(VENV)/.installed
	SATHI_DATABASE_URL= $(PY) -m pytest -q 

test-postgres: $(VENV)/.installed
	SATHI_DATABASE_URL=$(PG_URL) $(PY) -m pytest -q

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=. $(VENV)/bin/lint-imports --no-logo --no-cache

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Benchmarks on PostgreSQL (1,000,000 people by default; BENCH_PEOPLE=20000 for a quick look).
# The load stage needs Debian's wrk: installed here when missing (as .ci/run installs chromium); without
# root or apt the stage says it is skipped and the other figures still come.
bench: $(VENV)/.installed
	@command -v wrk >/dev/null 2>&1 || { echo "Installing Debian's wrk for the load stage"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || \
	  echo "Could not install wrk (apt-get install wrk needs root): the load stage will be skipped"
	SATHI_DATABASE_URL=$${SATHI_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sathi_bench} \
	  $(PY) bench/run.py --people $${BENCH_PEOPLE:-1000000}
	SATHI_DATABASE_URL=$${SATHI_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sathi_bench} \
	  $(PY) bench/questionnaires_bench.py --submissions $${BENCH_SUBMISSIONS:-10000}

# Re-pin dependencies after editing pyproject.toml (needs pip-tools; not part of run or test).
lock:
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --generate-hashes --extra dev --strip-extras -o requirements.lock pyproject.toml

messages: $(VENV)/.installed
	cd sathi && ../$(PY) ../manage.py makemessages -l bn -l hi --no-obsolete --no-location
	cd sathi && ../$(PY) ../manage.py compilemessages

# Django's deployment checks with production-like settings (fresh keys and secret, debug off).
check-deploy: $(VENV)/.installed
	@tmp=$$(mktemp -d) && \
	  $(PY) -c "import sys; from sathi.lib.crypto import generate_keys_file; generate_keys_file(sys.argv[1])" $$tmp/keys.json && \
	  SATHI_DEBUG=0 SATHI_KEYS_FILE=$$tmp/keys.json SATHI_ALLOWED_HOSTS=sathi.example.org \
	  SATHI_SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))") \
	  $(PY) manage.py check --deploy --fail-level WARNING; status=$$?; rm -rf $$tmp; exit $$status

migrations-check: $(VENV)/.installed
	$(DEV_ENV) SATHI_KEYS_FILE=/nonexistent SATHI_DATABASE_URL=sqlite:///:memory: $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var
