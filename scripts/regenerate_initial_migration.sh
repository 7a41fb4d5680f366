#!/usr/bin/env bash
# Pre-release only: rebuild migrations/versions/0001_initial_schema.py from the
# models. Once a release ships, add new revisions with `alembic revision
# --autogenerate` instead and never edit a released one.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
rm -f migrations/versions/0001_initial_schema.py
DATABASE_URL="sqlite:///$tmp/gen.db" .venv/bin/alembic revision --autogenerate -m "initial schema" --rev-id 0001 >/dev/null
.venv/bin/ruff format -q migrations/versions/0001_initial_schema.py
.venv/bin/ruff check -q --fix migrations/versions/0001_initial_schema.py || true
rm -rf "$tmp"
echo "regenerated migrations/versions/0001_initial_schema.py"
