"""Which levels work on this machine: each is probed once per process by starting a real worker."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gdgrade import gdkit
from gdgrade.gdkit import ops
from gdgrade.gdkit.channel import Channel
from gdgrade.gdkit.codec import ProtocolError
from gdgrade.limits import DEFAULT_LIMITS
from gdgrade.sandbox.base import BWRAP, PLAIN, USER, SandboxError
from gdgrade.sandbox.bwrap import bwrap_binds, launch_bwrap
from gdgrade.sandbox.host import numpy_dirs, package_dir, python_path, worker_config, worker_env
from gdgrade.sandbox.procs import free_uid, kill_uid


_PROBES = {}

_PROBE_CODE = "import sys; sys.path[:0] = [sys.argv[1]]; import numpy, gdkit.worker"

def probe(level):
    """None when `level` works on this machine, else why not (probed once per process)."""
    if level not in _PROBES:
        _PROBES[level] = {BWRAP: _probe_bwrap, USER: _probe_user, PLAIN: lambda: None}[level]()
    return _PROBES[level]

def _run_probe(argv, **kwargs):
    try:
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=30, **kwargs)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"{type(exc).__name__}: {exc}"
    if done.returncode != 0:
        lines = done.stdout.decode("utf-8", "replace").strip().splitlines()
        return (lines[-1] if lines else f"exit status {done.returncode}")[:200]
    return None

def _probe_bwrap():
    if not sys.platform.startswith("linux"):
        return "not Linux"
    if shutil.which("bwrap") is None:
        return "bwrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)"
    if not hasattr(socket, "send_fds"):
        return "this Python cannot pass descriptors"
    folder = Path(tempfile.mkdtemp(prefix="gdgrade-probe-"))
    try:
        os.chmod(folder, 0o755)
        (folder / "probe.py").write_text("")
        os.chmod(folder / "probe.py", 0o644)
        config = worker_config(DEFAULT_LIMITS, [], BWRAP)
        worker = launch_bwrap(folder, "probe.py", config, DEFAULT_LIMITS, folder / "out", bwrap_binds())
        try:
            hello = Channel(worker.sock).recv(deadline=time.monotonic() + 30)
            return None if hello.get("op") == ops.HELLO and hello.get("problem") is None else "probe failed"
        except ProtocolError:
            worker.kill()
            out = worker.output().strip().splitlines()
            return (out[-1] if out else "the sandboxed worker did not start")[:200]
        finally:
            worker.kill()
    except (SandboxError, OSError) as exc:
        return str(exc)[:200]
    finally:
        shutil.rmtree(folder, ignore_errors=True)

def _probe_user():
    if not sys.platform.startswith("linux"):
        return "not Linux"   # leftover processes are found through /proc
    if os.geteuid() != 0:
        return "not running as root"
    uid = free_uid(0)
    lib = Path(tempfile.mkdtemp(prefix="gdgrade-probe-"))
    try:
        os.chmod(lib, 0o755)
        for src in [package_dir(gdkit), *numpy_dirs()]:
            os.symlink(src, lib / src.name)
        why = _run_probe([str(python_path()), "-I", "-S", "-c", _PROBE_CODE, str(lib)],
                         user=uid, group=uid, extra_groups=[], cwd="/", env=worker_env())
        if why is not None:
            return (f"uid {uid} cannot run {python_path()} with NumPy "
                    f"(e.g. installed under a private home folder): {why}")[:300]
        return None
    finally:
        kill_uid(uid)
        shutil.rmtree(lib, ignore_errors=True)
