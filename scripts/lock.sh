#!/usr/bin/env bash
# Refresh requirements.lock, the exact tree (versions and hashes) that scripts/setup.sh installs.
#
#   bash scripts/lock.sh              # add what pyproject.toml gained; keep every other pin as it is
#   bash scripts/lock.sh --upgrade    # move every pin to the newest version the ranges allow
#   bash scripts/lock.sh --upgrade-package typer   # move one package (and what it needs)
#   LOCK_FILE=/tmp/x.lock bash scripts/lock.sh --upgrade       # write elsewhere (scripts/drift.sh does)
#
# pip-tools resolves with pip itself, so it sees the same indexes and local wheel folders as the pip that
# setup.sh runs. torch is held at the CPU build 2.13.0 (a range that admits anything else makes pip, and
# any resolver that does not see the local wheel, fetch a CUDA build of several GB).
set -euo pipefail
cd "$(dirname "$0")/.."

tools=${LOCK_TOOLS_VENV:-.venv-lock}
if [ ! -x "$tools/bin/pip-compile" ]; then
    python=${PYTHON:-python3}
    "$python" -m venv "$tools"
    "$tools/bin/python" -m pip --disable-pip-version-check -q install "pip-tools==7.6.2" 2>&1 \
        | grep -v "^WARNING: Location" || true
fi

out=${LOCK_FILE:-requirements.lock}
constraints=$(mktemp)
trap 'rm -f "$constraints"' EXIT
echo "torch==2.13.0" >"$constraints"

CUSTOM_COMPILE_COMMAND="bash scripts/lock.sh" "$tools/bin/pip-compile" \
    --quiet \
    --extra dev \
    --generate-hashes \
    --allow-unsafe \
    --strip-extras \
    --no-emit-index-url \
    --no-emit-find-links \
    --constraint "$constraints" \
    --output-file "$out" \
    "$@" \
    pyproject.toml 2>&1 | grep -v "^WARNING: Location" || true
# The constraint file is a temporary path: keep it out of the lock's "via" comments.
sed -i "s#-c $constraints#torch pinned by scripts/lock.sh#" "$out"
