"""Start worker processes at the strongest isolation this machine allows.

Three levels, tried in this order (``GDGRADE_ISOLATION=bwrap|user|plain`` asks
for one; when it is not available the next one down is used and the reason is
kept for the report):

- ``bubblewrap``: own user, PID, network, IPC, UTS and mount namespaces. The
  worker runs as uid 65534 without capabilities and sees the Python standard
  library, NumPy, ``gdkit`` and the submission (read-only), a size-capped private
  scratch folder (its only writable place) and nothing of ``gdgrade`` (the grader),
  ``reference`` or any site-packages. When the grader runs as root, the sandbox's
  uid 65534 is also uid 65534 outside (a uid map written here), so the kernel
  counts and limits its processes (RLIMIT_NPROC does not apply to root); the
  worker drops from namespace-root to 65534 before it imports anything.
  Everything it starts dies with its PID namespace.
- ``separate user`` (root only, when bubblewrap cannot run and an unprivileged
  uid can reach the interpreter and NumPy): a fresh uid per worker; its leftover
  processes are killed by uid. It can read what every user may read.
- ``plain process``: no isolation beyond resource limits, said plainly.

Limits that a process can set on itself are applied by the worker before it
imports candidate code; the wall-time limits live in ``gdgrade.budget``.
"""

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from gdgrade import gdkit
from gdgrade.limits import DEFAULT_LIMITS
from gdgrade.sandbox.base import BWRAP, ISOLATION_ENV, LEVEL_NAMES, LEVELS, PLAIN, USER
from gdgrade.sandbox.bwrap import bwrap_binds, launch_bwrap
from gdgrade.sandbox.host import (numpy_dirs, package_dir, readable_copy, secret_dirs, worker_argv, worker_config,
                                 worker_env, world_readable)
from gdgrade.sandbox.probe import probe
from gdgrade.sandbox.procs import WorkerProcess, free_uid


class Sandbox:
    """Knows how to start workers on this machine, at the strongest isolation available."""

    def __init__(self, submission, prefer=None, limits=None):
        """`prefer`: the strongest level to try (a level or bwrap/user/plain); by default
        GDGRADE_ISOLATION, else bubblewrap. `limits`: default DEFAULT_LIMITS."""
        requested = prefer or os.environ.get(ISOLATION_ENV) or BWRAP
        if requested not in LEVELS:
            if requested not in LEVEL_NAMES:
                raise ValueError(f"{ISOLATION_ENV} must be one of bwrap, user, plain (got {requested!r})")
            requested = LEVEL_NAMES[requested]
        self.submission = Path(submission).resolve()
        self.limits = limits or DEFAULT_LIMITS
        self.scratch_root = Path(tempfile.mkdtemp(prefix="gdgrade-"))
        self.requested = requested
        self.unavailable = {}   # level -> why it could not be used
        self._lib = None
        self._submission_copy = None
        self._count = 0
        self._bwrap_static = None
        self.level = PLAIN
        for level in LEVELS[LEVELS.index(requested):]:
            why = probe(level)
            if why is None:
                self.level = level
                break
            self.unavailable[level] = why

    # -- what the report says ----------------------------------------------------
    def describe(self):
        if self.level == BWRAP:
            return ("bubblewrap sandbox: own user, PID, network and mount namespaces, uid 65534 "
                    "without capabilities; it sees only Python's standard library, NumPy, the "
                    "worker modules and the submission (read-only), writes only to a private "
                    f"{self.limits.scratch_bytes >> 20} MiB scratch folder, has no network, and "
                    "every process it starts ends with it")
        fallback = "; ".join(f"no {lvl}: {why}" for lvl, why in self.unavailable.items())
        fallback = f" ({fallback})" if fallback else ""
        if self.level == USER:
            readable = [p.name for p in secret_dirs() if world_readable(p)]
            leak = (f", including the {' and the '.join(readable)} code" if readable else "")
            return ("separate unprivileged user (a fresh uid per worker, no sandbox): cannot write "
                    "outside its scratch folder or signal the grader, its leftover processes are "
                    "killed by uid, but it shares the network and can read every file that all "
                    f"users may read{leak}{fallback}")
        root = " (the process limit does not bind root)" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
        return ("plain process, no sandbox: candidate code runs as the grading user and can "
                f"read and write what that user can; only resource limits apply{root}" + fallback)

    # -- starting workers ----------------------------------------------------------
    def start(self, module_file, functions):
        """Start a worker for one submission module; returns a WorkerProcess."""
        self._count += 1
        config = worker_config(self.limits, functions, self.level)
        if self.level == BWRAP:
            return self._start_bwrap(module_file, config)
        if self.level == USER:
            return self._start_user(module_file, config)
        return self._start_plain(module_file, config)

    def _output_file(self):
        path = self.scratch_root / f"w{self._count}.out"
        return path, open(path, "wb")

    def _start_plain(self, module_file, config):
        scratch = self.scratch_root / f"w{self._count}"
        scratch.mkdir()
        ours, theirs = socket.socketpair()
        argv = worker_argv("-", str(self._plain_lib()), theirs.fileno(),
                                 str(self.submission / module_file), config)
        output_path, out = self._output_file()
        with out:
            process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                       pass_fds=[theirs.fileno()], cwd=scratch,
                                       env={**worker_env(), "HOME": str(scratch), "TMPDIR": str(scratch)},
                                       start_new_session=True)
        theirs.close()
        return WorkerProcess(process, ours, output_path, PLAIN)

    def _plain_lib(self):
        """A directory holding only gdkit and NumPy (links), for the worker's sys.path."""
        if self._lib is None:
            self._lib = self.scratch_root / "lib"
            self._lib.mkdir()
            for src in [package_dir(gdkit), *numpy_dirs()]:
                os.symlink(src, self._lib / src.name)
        return self._lib

    def _start_user(self, module_file, config):
        uid = free_uid(self._count)
        os.chmod(self.scratch_root, 0o711)
        lib = self._plain_lib()
        scratch = self.scratch_root / f"w{self._count}"
        scratch.mkdir(mode=0o700)
        os.chown(scratch, uid, uid)
        ours, theirs = socket.socketpair()
        argv = worker_argv("-", str(lib), theirs.fileno(), str(self._readable_submission() / module_file),
                            config)
        output_path, out = self._output_file()
        with out:
            process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                       pass_fds=[theirs.fileno()], cwd=scratch, user=uid, group=uid,
                                       extra_groups=[], umask=0o077,
                                       env={**worker_env(), "HOME": str(scratch), "TMPDIR": str(scratch)},
                                       start_new_session=True)
        theirs.close()
        return WorkerProcess(process, ours, output_path, USER, uid=uid)

    def _start_bwrap(self, module_file, config):
        if self._bwrap_static is None:
            self._bwrap_static = bwrap_binds()
        output_path = self.scratch_root / f"w{self._count}.out"
        return launch_bwrap(self._readable_submission(), module_file, config, self.limits, output_path,
                             self._bwrap_static)

    def _readable_submission(self):
        """A snapshot of the submission that the worker's uid can read (made once)."""
        if self._submission_copy is None:
            self._submission_copy = readable_copy(self.submission, self.scratch_root / "submission")
        return self._submission_copy

    def close(self):
        shutil.rmtree(self.scratch_root, ignore_errors=True)
