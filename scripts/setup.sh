#!/usr/bin/env bash
# Set up a fresh machine for the toolkit: system tools, a virtualenv in .venv, the package and its extras.
# Safe to re-run; every step skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v msgfmt >/dev/null 2>&1 || need_apt+=(gettext)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
    else
        echo "setup: please install ${need_apt[*]} (e.g. sudo apt-get install ${need_apt[*]})" >&2
    fi
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
pip=(.venv/bin/python -m pip --disable-pip-version-check -q)
# torch first, pinned to the CPU build on disk: argostranslate pulls it in through stanza, and an
# unpinned resolve fetches a multi-GB CUDA build.
.venv/bin/python -c "import torch" 2>/dev/null || "${pip[@]}" install "torch==2.13.0" 2>&1 | grep -v "^WARNING: Location" || true
"${pip[@]}" install -e ".[dev]" 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -c "import translate, argostranslate, polib, babel, typer, pymorphy3" 
echo "setup: ready (.venv)"
