"""Start worker processes at the strongest isolation this machine allows.

Three levels, tried in this order (``GDGRADE_ISOLATION=bwrap|user|plain`` asks
for one; when it is not available the next one down is used and the reason is
kept for the report):

- ``bubblewrap``: own user, PID, network, IPC, UTS and mount namespaces. The
  worker runs as uid 65534 without capabilities and sees the Python standard
  library, NumPy, ``gdkit`` and the submission (read-only), a size-capped private
  scratch folder (its only writable place) and nothing of ``grader``,
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
imports candidate code; the wall-time limits live in ``grader.proxy``.
"""

import json
import os
import pwd
import select
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy

import gdkit

BWRAP = "bubblewrap"
USER = "separate user"
PLAIN = "plain process"
LEVELS = (BWRAP, USER, PLAIN)
ISOLATION_ENV = "GDGRADE_ISOLATION"
_LEVEL_NAMES = {"bwrap": BWRAP, "bubblewrap": BWRAP, "user": USER, "plain": PLAIN}

SANDBOX_UID = 65534
SANDBOX_LIB = "/opt/gdgrade"
SANDBOX_SUBMISSION = "/submission"
SANDBOX_SCRATCH = "/scratch"
# Separate-user level: uids BASE + 16 * (pid mod 2**16) + k, unused by anything else.
_USER_UID_BASE = 0x70000000


@dataclass(frozen=True)
class Limits:
    """Every limit a worker runs under (bench/isolation.py prints the measurements behind them).

    Time. One call: 10 s by default (the slowest reference call takes 0.2 s); a hidden test
    may ask for up to 30 s (50,000 callbacks of a Q2 search take about 13 s). Each function
    may lose 12 s (or its longest call limit) to calls that do not finish, to crashes and
    to restarting its worker; after that its remaining tests fail at once. The whole
    submission may take 270 s of waiting on workers, so even an infinite loop in every
    function ends within 5 minutes (measured: 12.1 s per looping function).
    Memory: 1 GiB of address space per process; the largest need measured is 472 MiB
    (a 2001 x 2001 convexity map through stacked 2 x 2 eigvalsh), the 30M-weight float32
    vector with one accidental copy needs 325 MiB, NumPy alone 96 MiB.
    Processes: 1, i.e. no child processes and no threads (the pack needs none; BLAS runs
    on one thread): a fork bomb fails at once and memory stays within one address space.
    """

    call_seconds: float = 10.0          # wall time of one call, callbacks included
    max_call_seconds: float = 30.0      # the most a hidden test may ask for with with_timeout
    lost_seconds: float = 12.0          # wall time one function may lose (time-outs, crashes, restarts)
    submission_seconds: float = 270.0   # all waiting on workers for one submission
    start_seconds: float = 10.0         # a worker's start and import of the module
    cpu_seconds: int = 60               # CPU time of one worker (SIGXCPU, then SIGKILL)
    address_space: int = 1 << 30        # bytes of virtual memory per process
    processes: int = 1                  # tasks (processes and threads) of the worker's uid
    file_size: int = 16 << 20           # largest file a worker may write, its output included
    open_files: int = 64
    output_bytes: int = 1 << 20         # Python-level stdout + stderr kept
    scratch_bytes: int = 64 << 20       # size of the sandbox's scratch folder (bubblewrap)
    inbound_bytes: int = 1 << 30        # data a worker may send the grader during one call

    def rlimits(self):
        return {"cpu": self.cpu_seconds, "as": self.address_space, "nproc": self.processes,
                "fsize": self.file_size, "nofile": self.open_files, "core": 0}


DEFAULT_LIMITS = Limits()

_BOOT = ("import os, sys\n"
         "if sys.argv[1] != '-':\n"
         "    i = int(sys.argv[1]); os.setgroups([]); os.setresgid(i, i, i); os.setresuid(i, i, i)\n"
         "sys.path[:0] = [sys.argv[2]]\n"
         "del sys.argv[1:3]\n"
         "from gdkit.worker import main\n"
         "main(sys.argv[1:])\n")


class SandboxError(RuntimeError):
    """A worker could not be started (a problem of this machine, not of the submission)."""


def _package_dir(module):
    return Path(module.__file__).resolve().parent


def _numpy_dirs():
    """NumPy's package and the directory of its bundled shared libraries (wheels)."""
    pkg = _package_dir(numpy)
    dirs = [pkg]
    libs = pkg.parent / "numpy.libs"
    if libs.is_dir():
        dirs.append(libs)
    return dirs


def _worker_env():
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": SANDBOX_SCRATCH,
           "TMPDIR": SANDBOX_SCRATCH, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}
    # Older OpenBLAS builds need these on some processors; keep them when set.
    for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if key in os.environ:
            env[key] = os.environ[key]
    return env


def _python():
    return Path(sys.executable).resolve()


def _worker_argv(drop_to, lib, fd, module_path, config):
    return [str(_python()), "-I", "-S", "-B", "-c", _BOOT, drop_to, lib, str(fd), module_path,
            json.dumps(config)]


def _secret_dirs():
    """Where the grader, the reference and the hidden tests live on this machine."""
    import grader
    import reference
    return [_package_dir(grader), _package_dir(reference)]


def _under(path, roots):
    path = Path(path)
    return any(path == r or r in path.parents for r in roots)


# -- running processes: /proc helpers -----------------------------------------------

def _proc_status(pid):
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
            st = _proc_status(entry)
            if st.get("Uid", "").split("\t")[0] == str(uid) and not st.get("State", "").startswith(("Z", "X")):
                found.append(int(entry))
    return found


def _children_of(pid):
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and _proc_status(entry).get("PPid") == str(pid):
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
                for kid in _children_of(self.init_pid):
                    if _proc_status(kid).get("NSpid", "").split("\t")[-1] == "2":
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
        return _kib(_proc_status(pid).get("VmRSS"))

    def peak_memory(self):
        """The worker's peak resident memory since the last reset, in bytes (or None)."""
        pid = self.pid()
        return None if pid is None else _kib(_proc_status(pid).get("VmHWM"))

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
            _kill_uid(self.uid)
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
            hint = {"SIGSEGV": ": a crash", "SIGBUS": ": a crash", "SIGABRT": ": an abort",
                    "SIGXCPU": ": the CPU-time limit", "SIGKILL": ""}.get(name, "")
            return f"killed by {name}{hint}"
        return f"exited with status {code}"

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


def _kill_uid(uid, rounds=50):
    """Kill every process of `uid`, from a helper running as that uid (kill(-1) is race-free)."""
    for _ in range(rounds):
        if not pids_of_uid(uid):
            return True
        try:
            subprocess.run([str(_python()), "-I", "-S", "-c",
                            "import os, signal\ntry: os.kill(-1, signal.SIGKILL)\nexcept OSError: pass"],
                           user=uid, group=uid, extra_groups=[], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10)
        except (OSError, subprocess.SubprocessError):
            pass
        time.sleep(0.01)
    return not pids_of_uid(uid)


def _read_info(fd, process, timeout=10.0):
    """The JSON bubblewrap writes to --info-fd (it closes the descriptor after)."""
    data = b""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            raise SandboxError("bubblewrap did not report its sandbox in time")
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        data += chunk
    try:
        return json.loads(data)
    except ValueError:
        raise SandboxError(f"bubblewrap failed to start (exit status {process.poll()})") from None


class Sandbox:
    """Knows how to start workers on this machine, at the strongest isolation available."""

    def __init__(self, submission, prefer=None, limits=None):
        """`prefer`: the strongest level to try (a level or bwrap/user/plain); by default
        GDGRADE_ISOLATION, else bubblewrap. `limits`: default DEFAULT_LIMITS."""
        requested = prefer or os.environ.get(ISOLATION_ENV) or BWRAP
        if requested not in LEVELS:
            if requested not in _LEVEL_NAMES:
                raise ValueError(f"{ISOLATION_ENV} must be one of bwrap, user, plain (got {requested!r})")
            requested = _LEVEL_NAMES[requested]
        self.submission = Path(submission).resolve()
        self.limits = limits or DEFAULT_LIMITS
        self.scratch_root = Path(tempfile.mkdtemp(prefix="gdgrade-"))
        self.time_spent = 0.0   # seconds spent waiting on this submission's workers (grader.proxy)
        self.requested = requested
        self.unavailable = {}   # level -> why it could not be used
        self._lib = None
        self._submission_copy = None
        self._count = 0
        self._bwrap_static = None
        self.level = PLAIN
        for level in LEVELS[LEVELS.index(requested):]:
            why = _probe(level)
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
            readable = [p.name for p in _secret_dirs() if _world_readable(p)]
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
        config = {"limits": self.limits.rlimits(), "functions": list(functions),
                  "output_bytes": self.limits.output_bytes, "no_capabilities": self.level != PLAIN}
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
        argv = _worker_argv("-", str(self._plain_lib()), theirs.fileno(),
                                 str(self.submission / module_file), config)
        output_path, out = self._output_file()
        with out:
            process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                       pass_fds=[theirs.fileno()], cwd=scratch,
                                       env={**_worker_env(), "HOME": str(scratch), "TMPDIR": str(scratch)},
                                       start_new_session=True)
        theirs.close()
        return WorkerProcess(process, ours, output_path, PLAIN)

    def _plain_lib(self):
        """A directory holding only gdkit and NumPy (links), for the worker's sys.path."""
        if self._lib is None:
            self._lib = self.scratch_root / "lib"
            self._lib.mkdir()
            for src in [_package_dir(gdkit), *_numpy_dirs()]:
                os.symlink(src, self._lib / src.name)
        return self._lib

    def _start_user(self, module_file, config):
        uid = _free_uid(self._count)
        os.chmod(self.scratch_root, 0o711)
        lib = self._plain_lib()
        scratch = self.scratch_root / f"w{self._count}"
        scratch.mkdir(mode=0o700)
        os.chown(scratch, uid, uid)
        ours, theirs = socket.socketpair()
        argv = _worker_argv("-", str(lib), theirs.fileno(), str(self._readable_submission() / module_file),
                            config)
        output_path, out = self._output_file()
        with out:
            process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                       pass_fds=[theirs.fileno()], cwd=scratch, user=uid, group=uid,
                                       extra_groups=[], umask=0o077,
                                       env={**_worker_env(), "HOME": str(scratch), "TMPDIR": str(scratch)},
                                       start_new_session=True)
        theirs.close()
        return WorkerProcess(process, ours, output_path, USER, uid=uid)

    def _start_bwrap(self, module_file, config):
        if self._bwrap_static is None:
            self._bwrap_static = bwrap_binds()
        output_path = self.scratch_root / f"w{self._count}.out"
        return _launch_bwrap(self._readable_submission(), module_file, config, self.limits, output_path,
                             self._bwrap_static)

    def _readable_submission(self):
        """A snapshot of the submission that the worker's uid can read (made once)."""
        if self._submission_copy is None:
            self._submission_copy = readable_copy(self.submission, self.scratch_root / "submission")
        return self._submission_copy

    def close(self):
        shutil.rmtree(self.scratch_root, ignore_errors=True)


def _launch_bwrap(submission, module_file, config, limits, output_path, binds):
    """Start a worker inside a new bubblewrap sandbox; returns a WorkerProcess."""
    as_root = os.geteuid() == 0
    ours, theirs = socket.socketpair()
    info_r, info_w = os.pipe()
    block_r, block_w = os.pipe() if as_root else (None, None)
    args_r, args_w = os.pipe()
    head = ["--unshare-all", "--unshare-user", "--die-with-parent", "--new-session",
            "--info-fd", str(info_w)]
    if as_root:
        # The uid map is written below: namespace root (for bubblewrap's own setup)
        # and 65534, the same uid inside and outside, which the worker drops to.
        head += ["--userns-block-fd", str(block_r), "--cap-drop", "ALL",
                 "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        head += ["--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID), "--cap-drop", "ALL"]
    tail = ["--ro-bind", str(submission), SANDBOX_SUBMISSION,
            "--size", str(limits.scratch_bytes), "--perms", "1777", "--tmpfs", SANDBOX_SCRATCH,
            "--symlink", SANDBOX_SCRATCH, "/tmp", "--chdir", SANDBOX_SCRATCH,
            "--remount-ro", "/proc", "--remount-ro", "/dev", "--remount-ro", "/"]
    # Options travel through a pipe, so the sandbox's /proc/1/cmdline shows no host paths.
    os.write(args_w, b"".join(a.encode() + b"\0" for a in head + binds + tail))
    os.close(args_w)
    argv = ["bwrap", "--args", str(args_r), "--"] + _worker_argv(
        str(SANDBOX_UID) if as_root else "-", SANDBOX_LIB, theirs.fileno(),
        f"{SANDBOX_SUBMISSION}/{module_file}", config)
    child_fds = [theirs.fileno(), info_w, args_r] + ([block_r] if as_root else [])
    try:
        with open(output_path, "wb") as out:
            process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                       pass_fds=child_fds, env=_worker_env(), start_new_session=True)
    except BaseException:
        for fd in (info_r, block_w):
            if fd is not None:
                os.close(fd)
        ours.close()
        raise
    finally:
        for fd in child_fds[1:]:
            os.close(fd)
        theirs.close()
    worker = WorkerProcess(process, ours, output_path, BWRAP)
    try:
        info = _read_info(info_r, process)
        worker.init_pid = int(info["child-pid"])
        worker.init_pidfd = os.pidfd_open(worker.init_pid) if hasattr(os, "pidfd_open") else None
        if as_root:
            for name in ("uid_map", "gid_map"):
                with open(f"/proc/{worker.init_pid}/{name}", "w") as fh:
                    fh.write(f"0 0 1\n{SANDBOX_UID} {SANDBOX_UID} 1\n")
            os.write(block_w, b"1")
    except (OSError, KeyError, ValueError, TypeError, SandboxError) as exc:
        worker.kill()
        raise SandboxError(f"could not start a bubblewrap sandbox: {exc}") from None
    finally:
        os.close(info_r)
        if as_root:
            os.close(block_w)
    return worker


def bwrap_binds():
    """bubblewrap options for the read-only system view and the worker's library folder."""
    python = _python()
    prefix = Path(sys.base_prefix).resolve()
    roots, argv = [], []
    for top in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            argv += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            argv += ["--ro-bind", top, top]
            roots.append(Path(top))
    if not _under(prefix, roots):
        argv += ["--ro-bind", str(prefix), str(prefix)]
        roots.append(prefix)
    if not _under(python, roots):
        argv += ["--ro-bind", str(python), str(python)]
        roots.append(python)
    # Hide every package folder inside what is visible (the grader and the reference
    # may be installed there), and the grader's own folders wherever they are.
    hidden = set()
    for root in roots:
        if root.is_dir():
            for pattern in ("lib/python3*/site-packages", "lib/python3*/dist-packages",
                            "lib/python3/dist-packages", "local/lib/python3*/*-packages"):
                hidden.update(p.resolve() for p in root.glob(pattern) if p.is_dir())
    hidden.update(Path(p).resolve() for p in sys.path
                  if p.endswith(("site-packages", "dist-packages")) and os.path.isdir(p))
    hidden.update(Path(sysconfig.get_paths()[k]).resolve() for k in ("purelib", "platlib")
                  if os.path.isdir(sysconfig.get_paths()[k]))
    hidden.update(_secret_dirs())
    for path in sorted(p for p in hidden if _under(p, roots)):
        if not _under(path, [h for h in hidden if h != path]):
            argv += ["--tmpfs", str(path)]
    for src in [_package_dir(gdkit), *_numpy_dirs()]:
        argv += ["--ro-bind", str(src), f"{SANDBOX_LIB}/{src.name}"]
    argv += ["--proc", "/proc", "--dev", "/dev"]
    return _with_parent_dirs(argv)


def _with_parent_dirs(argv):
    """Create the folders above every mount point explicitly (mode 0755): bubblewrap
    makes missing parents 0700, which the worker's uid could not enter."""
    made, mounted, out, k = {Path("/")}, [], [], 0
    while k < len(argv):
        opt = argv[k]
        width = 3 if opt in ("--ro-bind", "--bind", "--symlink") else 2 if opt.startswith("--") else 1
        if opt in ("--ro-bind", "--bind", "--tmpfs", "--proc", "--dev", "--dir"):
            dest = Path(argv[k + width - 1])
            for parent in reversed(dest.parents):
                if parent not in made and not _under(parent, mounted):
                    out += ["--dir", str(parent)]
                    made.add(parent)
            made.add(dest)
            mounted.append(dest)
        out += argv[k:k + width]
        k += width
    return out


def readable_copy(src, dest):
    """Copy the folder `src` to `dest` with modes every user can read (0755 / 0644)."""
    shutil.copytree(src, dest, symlinks=False,
                    ignore=shutil.ignore_patterns("__pycache__", ".git", ".venv", "venv"))
    for path in [dest, *dest.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    return dest


def _world_readable(path):
    """True when every user may read `path` (each folder on the way searchable by others)."""
    path = Path(path).resolve()
    for part in [*reversed(path.parents), path]:
        try:
            mode = part.stat().st_mode
        except OSError:
            return False
        if not mode & 0o001:
            return False
    return bool(path.stat().st_mode & 0o004)


def _free_uid(count):
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


# -- probes: which levels work here (once per process) ------------------------------

_PROBES = {}
_PROBE_CODE = "import sys; sys.path[:0] = [sys.argv[1]]; import numpy, gdkit.protocol"


def _probe(level):
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
    from gdkit.protocol import Channel, ProtocolError
    folder = Path(tempfile.mkdtemp(prefix="gdgrade-probe-"))
    try:
        os.chmod(folder, 0o755)
        (folder / "probe.py").write_text("")
        os.chmod(folder / "probe.py", 0o644)
        config = {"limits": DEFAULT_LIMITS.rlimits(), "functions": [], "no_capabilities": True}
        worker = _launch_bwrap(folder, "probe.py", config, DEFAULT_LIMITS, folder / "out", bwrap_binds())
        try:
            hello = Channel(worker.sock).recv(deadline=time.monotonic() + 30)
            return None if hello.get("op") == "hello" and hello.get("problem") is None else "probe failed"
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
    uid = _free_uid(0)
    lib = Path(tempfile.mkdtemp(prefix="gdgrade-probe-"))
    try:
        os.chmod(lib, 0o755)
        for src in [_package_dir(gdkit), *_numpy_dirs()]:
            os.symlink(src, lib / src.name)
        why = _run_probe([str(_python()), "-I", "-S", "-c", _PROBE_CODE, str(lib)],
                         user=uid, group=uid, extra_groups=[], cwd="/", env=_worker_env())
        if why is not None:
            return (f"uid {uid} cannot run {_python()} with NumPy "
                    f"(e.g. installed under a private home folder): {why}")[:300]
        return None
    finally:
        _kill_uid(uid)
        shutil.rmtree(lib, ignore_errors=True)
