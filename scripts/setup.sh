#!/bin/sh
# Set up gdgrade on this machine: the sandbox tool where the platform has one, then a
# virtual environment in .venv with gdgrade installed. `sh scripts/setup.sh test` also
# installs what the project's own tests need.
set -e
cd "$(dirname "$0")/.."

if [ "$(uname -s)" = Linux ] && ! command -v bwrap >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "setup: installing bubblewrap (the sandbox for candidate code)" >&2
        { apt-get update -qq && apt-get install -y -qq bubblewrap; } >/dev/null 2>&1 ||
            echo "setup: could not install bubblewrap; grading will use weaker isolation" >&2
    else
        echo "setup: bubblewrap (bwrap) is not installed; grading will use weaker isolation" >&2
    fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
if [ "${1:-}" = test ]; then target=".[test]"; else target="."; fi
# Editable: the installed gdgrade is this clone, so the tests test the working tree.
.venv/bin/python -m pip install --quiet --disable-pip-version-check --editable "$target"
