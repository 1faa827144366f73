#!/usr/bin/env bash
# See dependency drift before it lands: lock the newest versions pyproject.toml's ranges allow into a
# scratch folder, install that tree into a scratch venv, run the whole suite there, and print what moved
# and what broke. Nothing in the project changes; to take the new tree, run `bash scripts/lock.sh
# --upgrade`, then the tests, and commit requirements.lock. Not part of CI (it needs the index and ~10 min).
#
#   bash scripts/drift.sh [PYTEST ARGS]     # scratch folder: .drift/ (DRIFT_DIR=... to move it)
set -uo pipefail
cd "$(dirname "$0")/.."
dir=${DRIFT_DIR:-.drift}
mkdir -p "$dir"
rm -f "$dir/requirements.lock"

echo "drift: locking the newest allowed versions into $dir/requirements.lock"
LOCK_FILE="$dir/requirements.lock" bash scripts/lock.sh --upgrade || exit 2
echo "drift: what moved (requirements.lock -> newest):"
changes=$(python3 scripts/locked_tree.py --diff requirements.lock "$dir/requirements.lock")
if [ -n "$changes" ]; then sed 's/^/  /' <<<"$changes"; else echo "  nothing: the lock is the newest tree"; fi

echo "drift: installing that tree into $dir/venv"
VENV="$dir/venv" LOCK_FILE="$dir/requirements.lock" bash scripts/setup.sh || exit 2

echo "drift: running the suite on it"
VENV="$dir/venv" bash scripts/test.sh -p no:cacheprovider "$@" 2>&1 | tee "$dir/test.log"
status=${PIPESTATUS[0]}
# Exact-output checks skip outside the lock and say which versions differ.
echo "drift: checks that hold only under the lock (skipped on this tree):"
grep -E "^SKIPPED .*lock says" "$dir/test.log" | sed 's/^/  /' || echo "  none"
if [ "$status" = 0 ]; then
    echo "drift: the suite passes on the newest tree; bash scripts/lock.sh --upgrade takes it"
else
    echo "drift: the suite FAILS on the newest tree (exit $status); the failures above are what would break"
fi
exit "$status"
