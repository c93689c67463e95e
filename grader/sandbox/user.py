"""The separate-user level: root runs each worker as a fresh unprivileged uid.

It works where bubblewrap cannot (inside Docker, which blocks the namespace calls;
on hosts that restrict user namespaces), but only as far as file permissions go, so
before it is used it proves its walls as the worker's uid (``probe_walls``): no read
of the grader, the reference, the hidden tests, the clone they come from or the
results folders, and no write to any of them or to the submission. Its worker
interpreter must be one that uid can run: the grader's own when every folder on the
way is open to it, else the system's ``/usr/bin/python3`` with its own NumPy
(Debian's python3-numpy, which scripts/setup.sh installs when run as root).
"""

import os
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from gdgrade import gdkit
from gdgrade.sandbox.host import numpy_dirs, package_dir, python_path, worker_env
from gdgrade.sandbox.procs import free_uid, in_child, kill_uid


SYSTEM_PYTHON = Path("/usr/bin/python3")
_CHECK = "import sys; sys.path[:0] = [sys.argv[1]]; import numpy, gdkit.worker; print(numpy.__version__)"


@dataclass(frozen=True)
class Runtime:
    """An interpreter and a NumPy that an unprivileged uid can run."""

    python: Path
    numpy: tuple        # folders to link into the worker's library folder
    numpy_version: str


def make_lib(dest, numpy):
    """The worker's library folder: a copy of gdkit (the grader's folders stay closed) and links to NumPy."""
    dest = Path(dest)
    dest.mkdir(mode=0o755)
    shutil.copytree(package_dir(gdkit), dest / "gdkit", ignore=shutil.ignore_patterns("__pycache__"))
    for path in [dest / "gdkit", *(dest / "gdkit").rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    for src in numpy:
        os.symlink(src, dest / Path(src).name)
    return dest


def _system_numpy():
    """The NumPy folders of /usr/bin/python3, or None."""
    if not SYSTEM_PYTHON.exists():
        return None
    try:
        out = subprocess.run([str(SYSTEM_PYTHON), "-I", "-c", "import numpy, os; print(os.path.dirname(numpy.__file__))"],
                             capture_output=True, text=True, timeout=30, env=worker_env())
    except (OSError, subprocess.SubprocessError):
        return None
    return (Path(out.stdout.strip()),) if out.returncode == 0 and out.stdout.strip() else None


def find_runtime():
    """(Runtime, None) for the first interpreter a fresh uid can run with NumPy and gdkit, else (None, why)."""
    candidates = [(python_path(), tuple(numpy_dirs()))]
    system = _system_numpy()
    if system is not None:
        candidates.append((SYSTEM_PYTHON, system))
    uid = free_uid(0)
    tried = []
    base = Path(tempfile.mkdtemp(prefix="gdgrade-probe-"))
    try:
        os.chmod(base, 0o755)
        for k, (python, numpy) in enumerate(candidates):
            lib = make_lib(base / f"lib{k}", numpy)
            try:
                done = subprocess.run([str(python), "-I", "-S", "-c", _CHECK, str(lib)], user=uid, group=uid,
                                      extra_groups=[], cwd="/", env=worker_env(), stdin=subprocess.DEVNULL,
                                      capture_output=True, text=True, timeout=30)
            except (OSError, subprocess.SubprocessError) as exc:
                tried.append(f"{python}: {type(exc).__name__}: {exc}")
                continue
            if done.returncode == 0:
                return Runtime(python, numpy, done.stdout.strip()), None
            last = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
            tried.append(f"{python}: {last}"[:200])
    finally:
        kill_uid(uid)
        shutil.rmtree(base, ignore_errors=True)
    if system is None:
        tried.append(f"{SYSTEM_PYTHON} with NumPy is not installed (Debian/Ubuntu: apt-get install python3-numpy)")
    return None, f"no interpreter with NumPy that uid {uid} can run ({'; '.join(tried)})"


def _sample_files(folder, most=3):
    """A few files inside `folder` (the walls must hold for what it holds, not only for its listing)."""
    found = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in (".venv", "__pycache__")]
        found += [os.path.join(top, f) for f in files[:1]]
        if len(found) >= most:
            break
    return found


def probe_walls(uid, hidden, unwritable):
    """What `uid` can do that it must not: read or list `hidden` folders (or files in them),
    or create a file in any of `hidden` or `unwritable`. Returns a list of breaches, in words."""
    hidden = [str(Path(p).resolve()) for p in hidden]
    unwritable = sorted({*hidden, *(str(Path(p).resolve()) for p in unwritable)})
    files = [f for folder in hidden for f in _sample_files(folder)]
    name = f".gdgrade-wall-{secrets.token_hex(6)}"

    def attempt():
        breaches = []
        for folder in hidden:
            try:
                os.listdir(folder)
                breaches.append(f"it can list {folder}")
            except OSError:
                pass
        for path in files:
            try:
                with open(path, "rb") as fh:
                    fh.read(1)
                breaches.append(f"it can read {path}")
            except OSError:
                pass
        for folder in unwritable:
            try:
                os.close(os.open(os.path.join(folder, name), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
                os.unlink(os.path.join(folder, name))
                breaches.append(f"it can write into {folder}")
            except OSError:
                pass
        return breaches

    return in_child(attempt, uid) or []
