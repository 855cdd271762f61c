#!/bin/sh
# The README's test command: install what is missing, then build and run
# every test (host unit tests, tool tests, formatting and static analysis,
# ABI check, QEMU boot tests, TK1 image checks). Options go to
# tools/run_tests.py (--build-dir, --junit).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/tools/setup-deps.sh"
exec /usr/bin/python3 "$top/tools/run_tests.py" "$@"
