#!/bin/sh
# What the test suite needs from the system: PostgreSQL server binaries and Chromium.
# Installed with apt only where missing (CI and fresh machines run as root).
set -eu
missing=""
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    missing="$missing postgresql postgresql-contrib"
fi
if [ ! -x /usr/bin/chromium ]; then
    missing="$missing chromium"
fi
# Fonts for legible screenshots and stable layout in the browser tests.
if ! ls /usr/share/fonts/truetype/dejavu >/dev/null 2>&1; then
    missing="$missing fonts-dejavu-core"
fi
if [ -n "$missing" ]; then
    if [ "$(id -u)" != "0" ]; then
        echo "Missing system packages:$missing. Install them: sudo apt-get install$missing" >&2
        exit 1
    fi
    echo "Installing system packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
