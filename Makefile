# One command per chore. `make run` and `make test` are the README's contract.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test test-fast lint format check-python migrate seed-demo bench bench-seed bench-status bench-map bench-submission bench-api bench-pages bench-abuse bench-backup bench-load e2e browser nginx pg-tools cluster cluster-stop assets clean help

help:
	@echo "make run      - start the app on http://localhost:$(PORT) (embedded SQLite + demo data)"
	@echo "make test     - lint and run the whole test suite (SQLite, PostgreSQL, browser)"
	@echo "make test-fast - lint and the suite without the browser tests (-m 'not e2e')"
	@echo "make cluster  - two replicas on PostgreSQL behind nginx on http://127.0.0.1:$(CLUSTER_PORT) (docs/deploy.md)"
	@echo "make cluster-stop - end what make cluster started"
	@echo "make lint     - ruff check, format check and mypy over data_layer"
	@echo "make format   - ruff format and autofix"
	@echo "make bench-backup - backup/restore times at 1M reports (docs/backup.md)"
	@echo "make bench    - speed benchmarks (1M reports; slow): bench-seed, bench-status, bench-map, bench-submission, bench-api, bench-pages"

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.11)")'

$(VENV)/.run-deps: requirements.txt | check-python
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt pyproject.toml $(VENV)/.run-deps
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	# The project itself, editable: scripts/ import data_layer, ui and api from anywhere.
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

run: $(VENV)/.run-deps assets
	$(BIN)/python -m data_layer prepare-run
	$(BIN)/streamlit run serve.py --server.port $(PORT)

migrate: $(VENV)/.run-deps
	$(BIN)/python -m data_layer migrate

seed-demo: $(VENV)/.run-deps
	$(BIN)/python -m data_layer seed-demo --seed 2025

lint: $(VENV)/.dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.dev-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: $(VENV)/.dev-deps assets browser nginx pg-tools lint
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# The quick loop: lint and every test but the browser suite (no Chromium needed).
test-fast: $(VENV)/.dev-deps assets lint
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m "not e2e"

e2e: $(VENV)/.dev-deps assets browser nginx
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(BIN)/python -m pytest tests/e2e

# Speed is measured here, never in timed tests (the machine is shared and noisy).
bench: bench-seed bench-status bench-map bench-submission bench-api bench-pages

bench-seed: $(VENV)/.dev-deps
	$(BIN)/python scripts/bench_seed.py --reports 1000000

bench-status: $(VENV)/.dev-deps
	$(BIN)/python scripts/bench_status.py --reports 1000000

bench-map: $(VENV)/.dev-deps
	$(BIN)/python scripts/bench_map.py --reports 100000

bench-submission: $(VENV)/.dev-deps
	$(BIN)/python scripts/bench_submission.py

# Open311 requests.json (1,000 results) and the streamed CSV export at 1M reports, on
# SQLite and PostgreSQL (BENCH_POSTGRES_URL: an existing database; filled when empty).
BENCH_DIR ?= /tmp/pantau-bench
BENCH_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/pantau_bench_api
bench-api: $(VENV)/.dev-deps
	mkdir -p $(BENCH_DIR)
	$(BIN)/python scripts/bench_api.py --reports 1000000 --sqlite $(BENCH_DIR)/api_1m.db --postgres $(BENCH_POSTGRES_URL)

# Every public page x a matrix of URL filters, cold and warm, SQLite and PostgreSQL side by
# side. Seeds (once) and reuses 1M-report databases outside the repo (BENCH_DIR, default
# ~/pantau-bench; PostgreSQL at BENCH_POSTGRES).
BENCH_POSTGRES ?= postgresql://postgres@127.0.0.1:5432/pantau_bench_1m
bench-pages: $(VENV)/.dev-deps
	$(BIN)/python scripts/bench_pages.py --reports 1000000 --postgres $(BENCH_POSTGRES)

# Costs of the abuse controls, and what they save (issue 8); about a minute.
bench-abuse: $(VENV)/.dev-deps
	$(BIN)/python scripts/bench_abuse.py

# Backup and restore of 1M-report databases (docs/backup.md), SQLite and PostgreSQL, seeded
# once into databases of its own (BENCH_DIR, pantau_bench_backup_1m); restores go to scratch.
bench-backup: $(VENV)/.dev-deps pg-tools
	$(BIN)/python scripts/bench_backup.py --reports 1000000

# Debian's Chromium for the browser tests (never a downloaded browser).
browser:
	@command -v chromium >/dev/null || { \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Debian's nginx and its brotli modules, for the cluster and its tests (never the system
# service: deploy/cluster.py runs nginx with its own prefix and configuration).
NGINX_MODULES := /usr/lib/nginx/modules
nginx:
	@{ command -v nginx >/dev/null && test -f $(NGINX_MODULES)/ngx_http_brotli_static_module.so \
		&& test -f $(NGINX_MODULES)/ngx_http_brotli_filter_module.so; } || { \
		echo "installing Debian's nginx for the cluster"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			nginx libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static >/dev/null; }

# Two app replicas on one PostgreSQL database (DATABASE_URL; default a database on the
# local server, created, migrated and seeded with demo data) behind nginx on loopback.
CLUSTER_DIR ?= /tmp/pantau-cluster
CLUSTER_PORT ?= 8080
cluster: $(VENV)/.run-deps assets nginx
	$(BIN)/python deploy/cluster.py start --demo --run-dir $(CLUSTER_DIR) --port $(CLUSTER_PORT)

# Concurrent visitors through nginx (Beranda with its live refresh, Peta, a ticket) for
# N = 25, 50, 100, 200: p50/p95 script-run time, errors, CPU and memory per replica.
bench-load: cluster
	$(BIN)/python scripts/bench_load.py --run-dir $(CLUSTER_DIR) --url http://127.0.0.1:$(CLUSTER_PORT)

cluster-stop: $(VENV)/.run-deps
	$(BIN)/python deploy/cluster.py stop --run-dir $(CLUSTER_DIR)

# PostgreSQL's client tools (pg_dump, pg_restore) from Debian, for `python -m data_layer
# backup|restore` on PostgreSQL and their tests.
pg-tools:
	@command -v pg_dump >/dev/null && command -v pg_restore >/dev/null || { \
		echo "installing Debian's postgresql-client for backups (pg_dump, pg_restore)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; }

# Front-end assets (Leaflet and plugins) from the npm registry (package-lock.json) and the
# pinned folium, copied into static/vendor/. Without npm the app falls back to CDNs and says
# so; under CI=true that is an error. Needs the venv: it reads folium's installed files.
assets: $(VENV)/.run-deps
	@$(BIN)/python scripts/fetch_assets.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache artifacts
