#!/usr/bin/env bash
# Run every check the project has: lint, format, types, then the whole pytest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
ruff check .
ruff format --check .
mypy
pytest "$@"
