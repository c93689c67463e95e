"""Start worker processes: inside bubblewrap where it works, else as a plain process.

The worker sees the submission (read-only), a scratch directory (its only
writable place), the Python standard library, NumPy and ``gdkit``; nothing of
``grader`` or ``reference``, and no network. Limits that a process can set on
itself are applied by the worker before it imports candidate code.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy

import gdkit

BWRAP = "bubblewrap"
PLAIN = "plain process"

# Per-worker limits (see the README, "Limits", for how they were chosen).
LIMITS = {
    "cpu": 120,                   # seconds of CPU for one worker
    "as": 3 * 1024 ** 3,          # address space: numpy + the 30M-weight model and a copy
    "fsize": 16 * 1024 ** 2,      # largest file a worker may write (captured output included)
    "nofile": 64,
    "core": 0,
}
# Processes: only where a PID namespace counts them for this worker alone.
NPROC_IN_SANDBOX = 64
SANDBOX_LIB = "/opt/gdgrade"
SANDBOX_SUBMISSION = "/submission"
SANDBOX_SCRATCH = "/scratch"

_BOOT = ("import sys; sys.path[:0] = [sys.argv[1]]; del sys.argv[1]; "
         "from gdkit.worker import main; main(sys.argv[1:])")


def _package_dir(module):
    return Path(module.__file__).resolve().parent


def _worker_env():
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": SANDBOX_SCRATCH,
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}
    # Older OpenBLAS builds need these on some processors; keep them when set.
    for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if key in os.environ:
            env[key] = os.environ[key]
    return env


def _numpy_dirs():
    """NumPy's package and the directory of its bundled shared libraries (wheels)."""
    pkg = _package_dir(numpy)
    dirs = [pkg]
    libs = pkg.parent / "numpy.libs"
    if libs.is_dir():
        dirs.append(libs)
    return dirs


def _hidden_dirs():
    """Directories that could hold the grader, the reference or other packages."""
    paths = {sysconfig.get_paths()[k] for k in ("purelib", "platlib")}
    paths.update(p for p in sys.path if p.endswith(("site-packages", "dist-packages")))
    import grader
    import reference
    paths.update(str(_package_dir(m).parent) for m in (grader, reference))
    return sorted(p for p in paths if os.path.isdir(p))


@dataclass
class WorkerProcess:
    """A started worker: its process, the grader's end of the socket, its output file."""

    process: subprocess.Popen
    sock: socket.socket
    output_path: Path

    def kill(self):
        """Kill the worker and everything it started (its process group or sandbox)."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        self.sock.close()

    def output(self, limit=4096):
        """The start of what the worker printed (capped)."""
        try:
            with open(self.output_path, "rb") as fh:
                return fh.read(limit).decode("utf-8", "replace")
        except OSError:
            return ""


class Sandbox:
    """Knows how to start workers on this machine, at the strongest isolation available."""

    def __init__(self, submission, prefer=None):
        self.submission = Path(submission).resolve()
        self.scratch_root = Path(tempfile.mkdtemp(prefix="gdgrade-"))
        self.level = prefer or (BWRAP if _bwrap_works() else PLAIN)
        self._lib = None
        self._count = 0

    def describe(self):
        if self.level == BWRAP:
            return ("bubblewrap sandbox (no network, read-only submission, scratch-only writes, "
                    "own PID namespace, uid 65534, no capabilities)")
        return "plain process (no sandbox available: candidate code can read this machine's files)"

    def _plain_lib(self):
        """A directory holding only gdkit and NumPy, for the worker's sys.path."""
        if self._lib is None:
            self._lib = self.scratch_root / "lib"
            self._lib.mkdir()
            for src in [_package_dir(gdkit), *_numpy_dirs()]:
                os.symlink(src, self._lib / src.name)
        return self._lib

    def _bwrap_argv(self, scratch):
        python = Path(sys.executable).resolve()
        argv = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session",
                "--uid", "65534", "--gid", "65534", "--cap-drop", "ALL"]
        for top in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
            if os.path.islink(top):
                argv += ["--symlink", os.readlink(top), top]
            elif os.path.isdir(top):
                argv += ["--ro-bind", top, top]
        prefix = Path(sys.base_prefix).resolve()
        if not str(prefix).startswith("/usr"):
            argv += ["--ro-bind", str(prefix), str(prefix)]
        if not python.is_relative_to(prefix) and not str(python).startswith("/usr"):
            argv += ["--ro-bind", str(python), str(python)]
        for hidden in _hidden_dirs():
            argv += ["--tmpfs", hidden]
        for src in [_package_dir(gdkit), *_numpy_dirs()]:
            argv += ["--ro-bind", str(src), f"{SANDBOX_LIB}/{src.name}"]
        argv += ["--ro-bind", str(self.submission), SANDBOX_SUBMISSION,
                 "--bind", str(scratch), SANDBOX_SCRATCH, "--chdir", SANDBOX_SCRATCH,
                 "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--", str(python)]
        return argv

    def start(self, module_file, functions):
        """Start a worker for one submission module; returns a WorkerProcess."""
        self._count += 1
        scratch = self.scratch_root / f"w{self._count}"
        scratch.mkdir()
        os.chmod(scratch, 0o777)
        output_path = self.scratch_root / f"w{self._count}.out"
        ours, theirs = socket.socketpair()
        limits = dict(LIMITS)
        if self.level == BWRAP:
            limits["nproc"] = NPROC_IN_SANDBOX
            head = self._bwrap_argv(scratch)
            lib, module_path, cwd = SANDBOX_LIB, f"{SANDBOX_SUBMISSION}/{module_file}", None
        else:
            head = [sys.executable]
            lib, module_path, cwd = str(self._plain_lib()), str(self.submission / module_file), scratch
        config = json.dumps({"limits": limits, "functions": list(functions)})
        argv = head + ["-I", "-S", "-B", "-c", _BOOT, lib, str(theirs.fileno()), module_path, config]
        with open(output_path, "wb") as out:
            process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out,
                                       stderr=subprocess.STDOUT, pass_fds=[theirs.fileno()],
                                       cwd=cwd, env=_worker_env(), start_new_session=True)
        theirs.close()
        return WorkerProcess(process, ours, output_path)

    def close(self):
        shutil.rmtree(self.scratch_root, ignore_errors=True)


_BWRAP_PROBE = None


def _bwrap_works():
    """True when bubblewrap is installed and can create a sandbox here (probed once)."""
    global _BWRAP_PROBE
    if _BWRAP_PROBE is None:
        _BWRAP_PROBE = False
        if sys.platform.startswith("linux") and shutil.which("bwrap"):
            try:
                done = subprocess.run(
                    ["bwrap", "--unshare-all", "--die-with-parent", "--uid", "65534",
                     "--gid", "65534", "--cap-drop", "ALL", "--ro-bind", "/", "/", "true"],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL, timeout=10)
                _BWRAP_PROBE = done.returncode == 0
            except (OSError, subprocess.TimeoutExpired):
                pass
    return _BWRAP_PROBE
