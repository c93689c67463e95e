#!/bin/sh
# Set up gdgrade on this machine: the sandboxes for candidate code where the platform
# has them, then a virtual environment in .venv with gdgrade installed (editable, so
# the installed gdgrade is this clone). `sh scripts/setup.sh test` also installs what
# the project's own tests need.
#
# As root on Debian/Ubuntu it installs bubblewrap (the strongest sandbox) and the
# system's python3 with NumPy (the interpreter of the separate-user level, which an
# unprivileged uid can run wherever the grader's own Python lives), and makes this
# clone private to root, so that level's workers cannot read the reference or the
# hidden tests (gdgrade checks that at every start and refuses the level otherwise).
set -e
cd "$(dirname "$0")/.."

if [ "$(uname -s)" = Linux ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    missing=""
    command -v bwrap >/dev/null 2>&1 || missing="$missing bubblewrap"
    /usr/bin/python3 -c "import numpy" >/dev/null 2>&1 || missing="$missing python3 python3-numpy"
    python3 -c "import ensurepip" >/dev/null 2>&1 || missing="$missing python3-venv"
    if [ "${1:-}" = test ]; then
        # The report's layout test renders pages in headless Chromium, Korean ones included.
        command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
        [ -d /usr/share/fonts/opentype/noto ] || missing="$missing fonts-noto-cjk"
    fi
    if [ -n "$missing" ]; then
        echo "setup: installing$missing" >&2
        { apt-get update -qq && apt-get install -y -qq $missing; } >/dev/null 2>&1 ||
            echo "setup: could not install$missing; grading will use weaker isolation or refuse" >&2
    fi
    chmod go-rwx .
elif [ "$(uname -s)" = Linux ] && ! command -v bwrap >/dev/null 2>&1; then
    echo "setup: bubblewrap (bwrap) is not installed and this is not root: gdgrade grade will" \
         "refuse to run candidate code unless given --allow-unsandboxed" >&2
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
if [ "${1:-}" = test ]; then target=".[test]"; else target="."; fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --editable "$target"
# Bytecode for gdgrade's own modules (the hidden tests, the reference and gdkit, which the
# sandboxed workers import too): an editable install writes none, and where
# PYTHONDONTWRITEBYTECODE is set (as in many container images) every grading run would
# compile them again, about 0.1 s before the first test (the bundled stubs too, which the
# grading process reads to recognise them). A stale file is simply ignored.
.venv/bin/python -m compileall -q grader gdkit reference challenges >/dev/null
