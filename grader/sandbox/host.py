"""What a worker needs from this machine: the interpreter, NumPy, gdkit, its command line and
environment; and where the secrets (grader, reference, hidden tests) live, so they stay hidden."""

import json
import os
import shutil
import stat
import sys
from pathlib import Path

import numpy

from gdgrade.sandbox.base import BWRAP, PLAIN, SANDBOX_SCRATCH


_BOOT = ("import os, sys\n"
         "if sys.argv[1] != '-':\n"
         "    i = int(sys.argv[1]); os.setgroups([]); os.setresgid(i, i, i); os.setresuid(i, i, i)\n"
         "sys.path[:0] = [sys.argv[2]]\n"
         "del sys.argv[1:3]\n"
         "from gdkit.worker import main\n"
         "main(sys.argv[1:])\n")


def package_dir(module):
    return Path(module.__file__).resolve().parent


def numpy_dirs():
    """NumPy's package and the directory of its bundled shared libraries (wheels)."""
    pkg = package_dir(numpy)
    dirs = [pkg]
    libs = pkg.parent / "numpy.libs"
    if libs.is_dir():
        dirs.append(libs)
    return dirs


def worker_env():
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": SANDBOX_SCRATCH,
           "TMPDIR": SANDBOX_SCRATCH, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}
    # Older OpenBLAS builds need these on some processors; keep them when set.
    for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if key in os.environ:
            env[key] = os.environ[key]
    return env


def python_path():
    return Path(sys.executable).resolve()


def worker_argv(drop_to, lib, fd, module_path, config, python=None):
    """The worker's command line; `python`: its interpreter (default: the grader's own)."""
    return [str(python or python_path()), "-I", "-S", "-B", "-c", _BOOT, drop_to, lib, str(fd), module_path,
            json.dumps(config)]


def secret_dirs():
    """Where the grader, the reference and the hidden tests live on this machine, and the
    clone they come from when gdgrade runs from one (its .git holds them too)."""
    import gdgrade
    from gdgrade import reference
    dirs = [package_dir(gdgrade), package_dir(reference)]
    checkout = dirs[0].parent
    if (checkout / ".git").exists() and (checkout / "pyproject.toml").is_file():
        dirs.append(checkout)
    return dirs


def under(path, roots):
    path = Path(path)
    return any(path == r or r in path.parents for r in roots)


_NOT_COPIED = {"__pycache__", ".git", ".venv", "venv"}


def readable_copy(src, dest):
    """Copy the folder `src` to `dest` with modes every user can read (0755 / 0644).

    Only folders and regular files are copied, and symbolic links are never followed: the
    submission is the candidate's, and a link to the reference or to /dev/zero, or a FIFO,
    must neither bring the grader's files into the workers' view nor stall the copy."""
    src, dest = Path(src), Path(dest)
    dest.mkdir(mode=0o755)
    for top, dirs, names in os.walk(src, followlinks=False):
        here = dest / Path(top).relative_to(src)
        dirs[:] = sorted(d for d in dirs if d not in _NOT_COPIED and not os.path.islink(os.path.join(top, d)))
        for d in dirs:
            (here / d).mkdir(mode=0o755)
        for name in sorted(names):
            _copy_regular(os.path.join(top, name), here / name)
    for path in [dest, *dest.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    return dest


def _copy_regular(path, to):
    """Copy `path` if it is a regular file (opened without following a link, never blocking)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return
    with os.fdopen(fd, "rb") as fh:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            with open(to, "wb") as out:
                shutil.copyfileobj(fh, out)


def worker_config(limits, functions, level, spin):
    """What the worker reads from its command line: its limits, the functions to look for,
    whether it must refuse to run with capabilities left (every level but the plain process),
    whether it must deny itself the network (every level without a network namespace), and
    how long it polls for the next message before blocking (gdkit.channel.Channel)."""
    return {"limits": limits.rlimits(), "functions": list(functions), "output_bytes": limits.output_bytes,
            "no_capabilities": level != PLAIN, "deny_network": level != BWRAP, "spin": spin}
