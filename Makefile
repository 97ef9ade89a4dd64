# The commands people type. `make run` and `make test` set everything up themselves.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_PASSWORD ?= masp-demo-2026
export DEMO_PASSWORD
# pytest-xdist processes (one per core by default; PYTEST_WORKERS=0 runs in this process).
PYTEST_WORKERS ?= auto
# Tests with real processes (a Celery worker, a broker, Chromium and a live server) wait on
# timeouts: they run after the others, one at a time, so no other test competes for the cores.
SERIAL_MARKS := celery_worker or browser
# pytest's status 5 is "no test selected" (PYTEST_ARGS=tests/masp has no browser test): not a failure.
PYTEST_OK := || [ $$? -eq 5 ]

.PHONY: help bench bench-freeze run test check setup system-deps lint typecheck format migrate data worker beat report-samples clean restore-drill audit prod-smoke

help:
	@echo "make run    - installe, migre, charge les données et sert le portail sur http://127.0.0.1:8000"
	@echo "make test   - installe puis lance ruff, mypy, makemigrations --check, check --deploy et pytest"
	@echo "make check  - vérification rapide : ruff, mypy, pytest sans navigateur, worker ni tests lents"
	@echo "make restore-drill - sauvegarde, restaure et compare une base PostgreSQL (DATABASE_URL)"
	@echo "make prod-smoke - pile de production (gunicorn, Celery, Redis, PostgreSQL) et pannes"
	@echo "make audit  - pip-audit des dépendances verrouillées (requirements.txt)"
	@echo "make bench  - bancs d'essai sur PostgreSQL (DATABASE_URL) : docs/performance.md"
	@echo "make bench-freeze - refige les PDF de référence du banc (bench/references/)"

$(STAMP): pyproject.toml requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 est requis ($(PYTHON) introuvable)."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements-dev.txt
	touch $(STAMP)

system-deps:
	@bash scripts/system-deps.sh

setup: system-deps $(STAMP)

migrate: setup
	$(BIN)/python manage.py migrate --noinput

data: migrate
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py seed_demo

run: data
	@echo
	@echo "Comptes de démonstration (mot de passe : $(DEMO_PASSWORD)) :"
	@echo "  admin@example.org      administration nationale"
	@echo "  ars-hdf@example.org    agent ARS Hauts-de-France (région 32)"
	@echo "  ars-bre@example.org    agent ARS Bretagne (région 53)"
	@echo "  coord-hdf@example.org  coordination d'une maison des Hauts-de-France"
	@echo "  coord-bre@example.org  coordination d'une maison de Bretagne"
	@echo "  analyst@example.org    analyste CNSPFV (lecture et exports nationaux)"
	@echo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: setup lint typecheck
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production \
	  SECRET_KEY=check-deploy-dummy-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz \
	  ALLOWED_HOSTS=masp.example.org CACHE_URL=redis://127.0.0.1:6379/0 EMAIL_URL=smtp://127.0.0.1:25 \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not ($(SERIAL_MARKS))" $(PYTEST_ARGS) $(PYTEST_OK)
	$(BIN)/pytest -m "$(SERIAL_MARKS)" $(PYTEST_ARGS) $(PYTEST_OK)

# The quick loop before a commit; `make test` (and the CI) runs everything.
check: setup lint typecheck
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not ($(SERIAL_MARKS) or slow)" $(PYTEST_ARGS) $(PYTEST_OK)

# Backup drill (docs/operations.md): pg_dump, pg_restore into a scratch database, row counts.
restore-drill: setup
	PYTHON=$(BIN)/python bash scripts/restore-drill.sh

# The production stack as a whole (docs/operations.md): private PostgreSQL and Redis under /tmp,
# docker-compose.yml's commands, a journey over HTTP, then faults (wrk from Debian).
prod-smoke: setup
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -q wrk; } \
	  || { echo "wrk est requis : apt-get install -y wrk (en root)."; exit 2; }
	$(BIN)/python scripts/prod_smoke.py

# Known vulnerabilities in the locked dependencies (queries the PyPI advisory database).
audit: setup
	$(BIN)/python scripts/pip_audit.py requirements.txt

# Benchmarks (docs/performance.md): a scratch database beside DATABASE_URL's, wrk from Debian.
bench: setup
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
	  *) echo "make bench mesure PostgreSQL : définissez DATABASE_URL=postgres://…"; exit 2;; esac
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -q wrk; } \
	  || { echo "wrk est requis : apt-get install -y wrk (en root)."; exit 2; }
	$(BIN)/python bench/run.py

bench-freeze: setup
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
	  *) echo "make bench-freeze charge PostgreSQL : définissez DATABASE_URL=postgres://…"; exit 2;; esac
	$(BIN)/python bench/run.py --freeze

worker: setup
	$(BIN)/celery -A config worker --loglevel=INFO

beat: setup
	$(BIN)/celery -A config beat --loglevel=INFO

report-samples: setup
	$(BIN)/python scripts/report_samples.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
