# One command per chore. `make run` and `make test` are the README's contract.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint format check-python migrate seed-demo bench bench-seed bench-status bench-map bench-submission bench-api bench-pages bench-abuse e2e browser assets clean help

help:
	@echo "make run      - start the app on http://localhost:$(PORT) (embedded SQLite + demo data)"
	@echo "make test     - lint and run the whole test suite (SQLite, PostgreSQL, browser)"
	@echo "make lint     - ruff check and format check"
	@echo "make format   - ruff format and autofix"
	@echo "make bench    - speed benchmarks (1M reports; slow): bench-seed, bench-status, bench-map, bench-submission, bench-api, bench-pages"

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.11)")'

$(VENV)/.run-deps: requirements.txt | check-python
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt $(VENV)/.run-deps
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
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

format: $(VENV)/.dev-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: $(VENV)/.dev-deps assets browser lint
	$(BIN)/python -m pytest -n 2 --dist loadgroup

e2e: $(VENV)/.dev-deps assets browser
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

# Debian's Chromium for the browser tests (never a downloaded browser).
browser:
	@command -v chromium >/dev/null || { \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Front-end assets (Leaflet and plugins) from the npm registry (package-lock.json) and the
# pinned folium, copied into static/vendor/. Without npm the app falls back to CDNs and says
# so; under CI=true that is an error. Needs the venv: it reads folium's installed files.
assets: $(VENV)/.run-deps
	@$(BIN)/python scripts/fetch_assets.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts
