#!/usr/bin/env bash
# Run every check the project has: lint, format, types, then the whole pytest suite.
# VENV=DIR runs them with another virtualenv's tools (scripts/drift.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-.venv}
export PATH="$(cd "$venv" && pwd)/bin:$PATH"
ruff check .
ruff format --check .
mypy
pytest "$@"
