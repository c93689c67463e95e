"""Which levels work on this machine: each is probed once per process by starting a real worker."""

import os
import shutil
import socket
import sys
import tempfile
import threading
import time
from functools import lru_cache
from pathlib import Path

from gdgrade.gdkit import netguard, ops
from gdgrade.gdkit.channel import Channel
from gdgrade.gdkit.codec import ProtocolError
from gdgrade.limits import DEFAULT_LIMITS
from gdgrade.sandbox.base import BWRAP, PLAIN, USER, SandboxError
from gdgrade.sandbox.bwrap import bwrap_binds, launch_bwrap
from gdgrade.sandbox.host import worker_config
from gdgrade.sandbox.procs import in_child
from gdgrade.sandbox.user import find_runtime


_PROBES = {}
_PENDING = {}   # level -> _Probing, started by probe_soon and not yet waited for


def probe(level):
    """None when `level` works on this machine, else why not (probed once per process)."""
    if level in _PENDING:
        _PROBES[level] = _PENDING.pop(level).result()
    if level not in _PROBES:
        _PROBES[level] = _PROBERS[level]()
    return _PROBES[level]


def probe_soon(level):
    """Start probing `level` in a thread, for probe(level) to wait for: the bubblewrap probe
    mostly waits for a sandboxed Python to start (0.1 s), which the caller can spend importing.
    probe(level) must be called before this process forks."""
    if level not in _PROBES and level not in _PENDING and level != PLAIN:
        _PENDING[level] = _Probing(level)
        _PENDING[level].start()


class _Probing(threading.Thread):
    # Not a daemon: a process interrupted while it probes waits for the probe (0.1 s) to stop
    # its worker and remove its folder, as the probe did when it ran in the main thread.
    def __init__(self, level):
        super().__init__(name=f"gdgrade-probe-{level}", daemon=False)
        self.level = level
        self.outcome = self.failure = None

    def run(self):
        try:
            self.outcome = _PROBERS[self.level]()
        except BaseException as exc:  # noqa: BLE001 - raised again by result(), in the caller's thread
            self.failure = exc

    def result(self):
        self.join()
        if self.failure is not None:
            raise self.failure
        return self.outcome


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
        config = worker_config(DEFAULT_LIMITS, [], BWRAP, 0.0)
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
    return user_runtime()[1]


_PROBERS = {BWRAP: _probe_bwrap, USER: _probe_user, PLAIN: lambda: None}


@lru_cache(maxsize=1)
def user_runtime():
    """(Runtime, None) for the separate-user level, or (None, why not); found once per process."""
    return find_runtime()


@lru_cache(maxsize=1)
def network_filter():
    """None when a worker can deny itself the network here (seccomp), else why not; tried once
    in a forked child, since the filter cannot be removed from the process that installs it."""
    return in_child(netguard.deny_network)
