"""Running workers: their processes as /proc shows them, their memory, and killing them and all they started."""

import os
import pwd
import select
import signal
import json
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from gdgrade.i18n import N_, msg
from gdgrade.sandbox.base import BWRAP, SandboxError


# Separate-user level: uids BASE + 16 * (pid mod 2**16) + k, unused by anything else.
_USER_UID_BASE = 0x70000000


def proc_status(pid):
    try:
        with open(f"/proc/{pid}/status") as fh:
            return dict(line.rstrip("\n").split(":\t", 1) for line in fh if ":\t" in line)
    except (OSError, ValueError):
        return {}


def pids_of_uid(uid):
    """Live (non-zombie) processes whose real uid is `uid`."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = proc_status(entry)
            if st.get("Uid", "").split("\t")[0] == str(uid) and not st.get("State", "").startswith(("Z", "X")):
                found.append(int(entry))
    return found


def children_of(pid):
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and proc_status(entry).get("PPid") == str(pid):
            kids.append(int(entry))
    return kids


def _kib(value):
    try:
        return int(value.split()[0]) * 1024
    except (AttributeError, ValueError, IndexError):
        return None


@dataclass
class WorkerProcess:
    """A started worker: its process, the grader's end of the socket, its output file."""

    process: subprocess.Popen
    sock: socket.socket
    output_path: Path
    level: str
    init_pid: int = None       # bubblewrap: the sandbox's PID 1, as seen from here
    init_pidfd: int = None
    uid: int = None            # separate-user level: the worker's uid
    _pid: int = None
    _output: str = None
    _killed: bool = field(default=False, repr=False)

    def pid(self):
        """The worker's process id on this machine (not the sandbox's), or None."""
        if self._pid is None:
            if self.init_pid is None:
                self._pid = self.process.pid
            else:
                # The worker is the sandbox's PID 2: the first process its PID 1 started.
                for kid in children_of(self.init_pid):
                    if proc_status(kid).get("NSpid", "").split("\t")[-1] == "2":
                        self._pid = kid
        return self._pid

    def reset_peak_memory(self):
        """Reset the worker's peak resident memory; returns its resident memory in bytes (or None)."""
        pid = self.pid()
        if pid is None:
            return None
        try:
            with open(f"/proc/{pid}/clear_refs", "w") as fh:
                fh.write("5")
        except OSError:
            return None
        return _kib(proc_status(pid).get("VmRSS"))

    def peak_memory(self):
        """The worker's peak resident memory since the last reset, in bytes (or None)."""
        pid = self.pid()
        return None if pid is None else _kib(proc_status(pid).get("VmHWM"))

    def cpu_seconds(self):
        """CPU time the worker has used so far, from the kernel (None if it is gone).

        Unlike wall time it does not grow while other processes hold the cores, so a
        speed check based on it gives the same verdict when questions are graded in
        parallel. The worker has one thread (Limits.processes), so its main task's
        run time (schedstat, in ns) is all of it."""
        pid = self.pid()
        if pid is None:
            return None
        try:
            with open(f"/proc/{pid}/schedstat") as fh:
                return int(fh.read().split()[0]) / 1e9
        except (OSError, ValueError, IndexError):
            pass
        try:   # kernels without schedstat: user + system time in clock ticks (10 ms)
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            return None

    def limits_in_force(self):
        """The worker's resource limits as the kernel reports them ({name: soft value})."""
        pid = self.pid()
        out = {}
        try:
            with open(f"/proc/{pid}/limits") as fh:
                for line in fh.readlines()[1:]:
                    name, soft = line[:26].strip(), line[26:47].strip()
                    out[name] = None if soft == "unlimited" else int(soft)
        except (OSError, TypeError, ValueError):
            pass
        return out

    def kill(self, grace=0.0):
        """Kill the worker and everything it started; keep the start of its output.

        `grace`: seconds to let a worker that is already ending exit by itself first,
        so that exit_reason() tells how it ended rather than that it was killed."""
        if self._killed:
            return
        self._killed = True
        if grace > 0:
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        if self.init_pidfd is not None:
            # PID 1 of the sandbox: when it dies the kernel kills every process in the namespace.
            try:
                signal.pidfd_send_signal(self.init_pidfd, signal.SIGKILL)
            except OSError:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        if self.init_pidfd is not None:
            _wait_pidfd_gone(self.init_pidfd)
            os.close(self.init_pidfd)
            self.init_pidfd = None
        if self.uid is not None:
            kill_uid(self.uid)
        self.sock.close()
        self._output = self._read_output()
        try:
            self.output_path.unlink()
        except OSError:
            pass

    def exit_reason(self):
        """How the worker process ended, in words ("" while it runs or when unknown)."""
        code = self.process.returncode
        if code is None:
            return ""
        if self.level == BWRAP and code > 128:
            code = -(code - 128)  # bubblewrap reports a signal as 128 + its number
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            said = {"SIGSEGV": N_("killed by {name}: a crash"), "SIGBUS": N_("killed by {name}: a crash"),
                    "SIGABRT": N_("killed by {name}: an abort"),
                    "SIGXCPU": N_("killed by {name}: the CPU-time limit")}.get(name, N_("killed by {name}"))
            return msg(said, name=name)
        return msg("exited with status {code}", code=code)

    def _read_output(self, limit=4096):
        try:
            with open(self.output_path, "rb") as fh:
                return fh.read(limit).decode("utf-8", "replace")
        except OSError:
            return ""

    def output(self, limit=4096):
        """The start of what the worker printed (capped)."""
        return self._output if self._output is not None else self._read_output(limit)


def _wait_pidfd_gone(pidfd, timeout=5.0):
    try:
        select.select([pidfd], [], [], timeout)
    except (OSError, ValueError):
        pass


def in_child(task, uid=None):
    """Run `task()` (returning a JSON-able value) in a forked child, as `uid` if given; its value.

    For what must not touch this process: dropping to another uid, installing a seccomp
    filter. The child makes system calls only, then _exits."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            if uid is not None:
                os.setgroups([])
                os.setresgid(uid, uid, uid)
                os.setresuid(uid, uid, uid)
            os.write(w, json.dumps(task()).encode())
        finally:
            os._exit(0)
    os.close(w)
    with os.fdopen(r, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    return json.loads(data) if data else None


def kill_uid(uid, rounds=50):
    """Kill every process of `uid` from a child running as that uid (kill(-1) reaches exactly them)."""

    def kill_all():
        try:
            os.kill(-1, signal.SIGKILL)
        except OSError:
            pass
        return True

    for _ in range(rounds):
        if not pids_of_uid(uid):
            return True
        in_child(kill_all, uid)
        time.sleep(0.01)
    return not pids_of_uid(uid)


def free_uid(count):
    """A uid for the separate-user level that no account or process uses now."""
    base = _USER_UID_BASE + 16 * (os.getpid() % 65536)
    for k in range(16):
        uid = base + (count + k) % 16
        try:
            pwd.getpwuid(uid)
            continue
        except KeyError:
            pass
        if not pids_of_uid(uid):
            return uid
    raise SandboxError("no free uid for a worker")
