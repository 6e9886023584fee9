#!/bin/sh
# Create .venv with Python 3.11. On a bare Debian the venv module ships separately
# (python3-venv); as root we install it, otherwise we say what is missing.
set -eu
PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
    for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1; then PYTHON="$candidate"; break; fi
    done
fi
if [ -z "$PYTHON" ]; then
    echo "Python 3.11 is needed: apt-get install python3" >&2; exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)'; then
    echo "Lotse needs Python 3.11; $PYTHON is $("$PYTHON" --version 2>&1)." >&2; exit 1
fi
if ! "$PYTHON" -m venv .venv >/dev/null 2>&1; then
    rm -rf .venv
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
        "$PYTHON" -m venv .venv
    else
        echo "The venv module is missing: sudo apt-get install python3-venv" >&2; exit 1
    fi
fi
