"""gdgrade gradescope: an autograder zip (setup.sh, run_autograder, a wheel of this gdgrade).

The wheel is built from the installed package's own files (no build tools, no network);
setup.sh installs it with its dependencies from PyPI into a virtual environment, plus
bubblewrap and the system's python3-numpy (the separate-user level's interpreter) with
apt-get. run_autograder grades $GDGRADE_AUTOGRADER_ROOT/submission (default /autograder)
through gdgrade.intake.autograder.
"""

import base64
import hashlib
import importlib.metadata
import io
import os
import stat
import zipfile
from pathlib import Path

SETUP_SH = r"""#!/bin/sh
# Gradescope runs this once, as root, when the autograder image is built.
set -eu
ROOT="${GDGRADE_AUTOGRADER_ROOT:-/autograder}"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && [ -z "${GDGRADE_NO_APT:-}" ]; then
    # bubblewrap for the strongest level; python3-numpy for the separate-user level, whose
    # workers cannot reach the private virtual environment below.
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        bubblewrap python3 python3-venv python3-numpy \
        || echo "setup.sh: apt-get failed; grading will use what isolation remains" >&2
fi
python3 -m venv "$ROOT/venv"
"$ROOT/venv/bin/python" -m pip install -q "$ROOT/source/"gdgrade-*.whl
# Workers of the separate-user level must not read the grader, the reference or the hidden tests:
# close the top folders only (bubblewrap binds gdkit and NumPy from inside the venv, readable).
chmod go-rwx "$ROOT/source" "$ROOT/venv"
"$ROOT/venv/bin/gdgrade" --version
"""

RUN_AUTOGRADER = r"""#!/bin/sh
# Gradescope runs this for every submission; it writes $ROOT/results/results.json.
ROOT="${GDGRADE_AUTOGRADER_ROOT:-/autograder}"
if [ -x "$ROOT/venv/bin/python" ]; then PY="$ROOT/venv/bin/python"; else PY="$(command -v python3)"; fi
exec "$PY" -m gdgrade.intake.autograder "$ROOT"
"""


def _package_files():
    """(path in the wheel, bytes) of every installed file of gdgrade, gdkit, the reference and the
    stubs (which `gdgrade kit` ships)."""
    import gdgrade
    from gdgrade import gdkit, reference
    from gdgrade.selfstudy.kit import stub_dir
    seen = {}
    for root, prefix in ((Path(gdgrade.__file__).resolve().parent, "gdgrade"),
                         (Path(gdkit.__file__).resolve().parent, "gdgrade/gdkit"),
                         (Path(reference.__file__).resolve().parent, "gdgrade/reference"),
                         (stub_dir(), "gdgrade/challenges")):
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root).as_posix()
            if not path.is_file() or "__pycache__" in rel or rel.endswith((".pyc", ".pyo")) \
                    or any(part.startswith(".") for part in rel.split("/")):
                continue
            seen.setdefault(f"{prefix}/{rel}", path.read_bytes())
    return sorted(seen.items())


def _metadata(version):
    try:
        requires = importlib.metadata.requires("gdgrade") or []
    except importlib.metadata.PackageNotFoundError:
        requires = ["numpy>=1.22", "pyyaml>=5.4", "jinja2>=3.0", "pytest>=7.0"]
    requires = [r for r in requires if "extra ==" not in r]
    return ("Metadata-Version: 2.1\nName: gdgrade\nVersion: {v}\n"
            "Summary: A grader for ten interview questions on gradient descent\nRequires-Python: >=3.9\n"
            .format(v=version) + "".join(f"Requires-Dist: {r}\n" for r in requires))


def wheel():
    """(file name, bytes) of a py3-none-any wheel of the installed gdgrade."""
    from gdgrade import __version__
    info = f"gdgrade-{__version__}.dist-info"
    files = _package_files() + [
        (f"{info}/METADATA", _metadata(__version__).encode()),
        (f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: gdgrade gradescope\nRoot-Is-Purelib: true\n"
                          b"Tag: py3-none-any\n"),
        (f"{info}/entry_points.txt", b"[console_scripts]\ngdgrade = gdgrade.cli:run\n"),
        (f"{info}/top_level.txt", b"gdgrade\n")]
    record = []
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            z.writestr(_info(name, 0o644), data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{name},sha256={digest},{len(data)}")
        record.append(f"{info}/RECORD,,")
        z.writestr(_info(f"{info}/RECORD", 0o644), "\n".join(record) + "\n")
    return f"gdgrade-{__version__}-py3-none-any.whl", buf.getvalue()


def _info(name, mode):
    zi = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))   # fixed: the same gdgrade, the same bytes
    zi.external_attr = (stat.S_IFREG | mode) << 16
    zi.compress_type = zipfile.ZIP_DEFLATED
    return zi


def build(path):
    """Write the autograder zip at `path` (through a temporary file and a rename); returns its members."""
    name, data = wheel()
    members = [("setup.sh", SETUP_SH.encode(), 0o755), ("run_autograder", RUN_AUTOGRADER.encode(), 0o755),
               (name, data, 0o644)]
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            for member, content, mode in members:
                z.writestr(_info(member, mode), content)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return [m for m, _, _ in members]
