#!/usr/bin/env bash
# Set up a fresh machine for the toolkit: system tools, a virtualenv in .venv holding exactly the tree in
# requirements.lock (versions and hashes), and the package itself. Safe to re-run: it brings an existing
# .venv back to the lock.
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

venv=${VENV:-.venv}
lock=${LOCK_FILE:-requirements.lock}
python=${PYTHON:-python3}
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
pip=("$venv/bin/python" -m pip --disable-pip-version-check -q)
quiet() { grep -v "^WARNING: Location" || true; }
# First the pinned pip (scripts/pip-requirements.txt says why), then everything else with it.
"${pip[@]}" install --require-hashes -r scripts/pip-requirements.txt 2>&1 | quiet

# Every package at the locked version, checked against the locked hashes; pip refuses the install if the
# lock is missing anything a locked package needs.
"${pip[@]}" install --require-hashes -r "$lock" 2>&1 | quiet
# The project itself, without touching the locked tree (setuptools comes from the lock too).
"${pip[@]}" install --no-deps --no-build-isolation -e . 2>&1 | quiet
# A venv made by an older lock keeps packages the lock no longer lists: take them out.
"$venv/bin/python" scripts/locked_tree.py --lock "$lock" --remove-extras --pip "$venv/bin/python"
"${pip[@]}" check
"$venv/bin/python" -c "import translate, argostranslate.package, polib, babel, typer, pymorphy3"

# translate-toolkit, for the interop tests only (those in tests/interop/ call its po2tmx, tmx2po, pocount,
# pofilter, csv2tbx and its TBX reader as subprocesses). It gets a venv of its own, .venv-ttk, because its
# import package is also named `translate` and would shadow the toolkit's in .venv. Exact pins and hashes
# are in scripts/ttk-requirements.txt (made from scripts/ttk-requirements.in); its lxml also validates
# TBX and TMX exports against ../shared/standards/. SKIP_TTK=1 skips this block (the tests then skip).
if [ "${SKIP_TTK:-0}" != 1 ]; then
    ttk=${TTK_VENV:-.venv-ttk}
    [ -x "$ttk/bin/python" ] || "$python" -m venv "$ttk"
    "$ttk/bin/python" -m pip --disable-pip-version-check -q install --require-hashes \
        -r scripts/pip-requirements.txt 2>&1 | quiet
    "$ttk/bin/python" -m pip --disable-pip-version-check -q install --require-hashes \
        -r scripts/ttk-requirements.txt 2>&1 | quiet
    "$ttk/bin/python" -I -c "import translate.storage.tbx, lxml.etree"
    echo "setup: translate-toolkit ready ($ttk)"
fi
echo "setup: ready ($venv, the tree in $lock)"

# axe-core for the report's accessibility test (tests/report/test_accessibility.py), at the version and
# hash in tests/report/axe/package-lock.json; without node/npm that test skips and says why.
if command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
    npm ci --prefix tests/report/axe --no-audit --no-fund --loglevel=error
    echo "setup: axe-core installed in tests/report/axe/node_modules"
else
    echo "setup: node/npm not found; skipping axe-core (tests/report/test_accessibility.py will skip)" >&2
fi
