"""Start worker processes at the strongest isolation this machine allows.

Three levels, tried in this order (``GDGRADE_ISOLATION=bwrap|user|plain`` asks
for one; when it is not available the next one down is used and the reason is
kept for the results):

- ``bubblewrap`` (``bwrap.py``): own user, PID, network, IPC, UTS and mount
  namespaces. The worker runs as uid 65534 without capabilities and sees the Python
  standard library, NumPy, ``gdkit`` and the submission (read-only), a size-capped
  private scratch folder (its only writable place) and nothing of gdgrade, the
  reference or any site-packages. When the grader runs as root, the sandbox's uid
  65534 is also uid 65534 outside (a uid map written here), so the kernel counts and
  limits its processes (RLIMIT_NPROC does not apply to root). Everything it starts
  dies with its PID namespace.
- ``separate user`` (``user.py``; root only): a fresh unprivileged uid per worker,
  used only once its walls are proved as that uid; its leftover processes are killed
  by uid. It can read what every user may read.
- ``plain process``: no isolation beyond resource limits; hiring commands use it only
  when told to (``NoSandbox`` otherwise).

Without a network namespace (the last two) the worker denies itself the network
(``gdkit.netguard``). Limits a process can set on itself are applied by the worker
before it imports candidate code; the wall-time budgets live in ``gdgrade.budget``,
and ``reaper.py`` makes sure nothing outlives grading.
"""

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from gdgrade.gdkit.channel import Channel
from gdgrade.i18n import msg
from gdgrade.limits import DEFAULT_LIMITS
from gdgrade.sandbox.base import BWRAP, ISOLATION_ENV, LEVEL_NAMES, LEVELS, PLAIN, USER, NoSandbox  # noqa: F401
from gdgrade.sandbox.bwrap import bwrap_binds, launch_bwrap
from gdgrade.sandbox.host import (numpy_dirs, python_path, readable_copy, secret_dirs, worker_argv, worker_config,
                                  worker_env)
from gdgrade.sandbox.probe import network_filter, probe, probe_soon, user_runtime
from gdgrade.sandbox.procs import WorkerProcess, free_uid
from gdgrade.sandbox.stubs import stub_hello
from gdgrade.sandbox.user import make_lib, probe_walls


def requested_level(prefer=None):
    """The strongest level to try: `prefer` (a level or bwrap/user/plain), else GDGRADE_ISOLATION,
    else bubblewrap."""
    requested = prefer or os.environ.get(ISOLATION_ENV) or BWRAP
    if requested not in LEVELS:
        if requested not in LEVEL_NAMES:
            raise ValueError(f"{ISOLATION_ENV} must be one of bwrap, user, plain (got {requested!r})")
        requested = LEVEL_NAMES[requested]
    return requested


def probe_soon_for(prefer=None):
    """Start probing the level a Sandbox(prefer=`prefer`) tries first, in the background (see
    gdgrade.sandbox.probe.probe_soon); the Sandbox waits for it."""
    probe_soon(requested_level(prefer))


class Sandbox:
    """Knows how to start workers on this machine, at the strongest isolation available."""

    def __init__(self, submission, prefer=None, limits=None, private=()):
        """`prefer`: the strongest level to try (a level or bwrap/user/plain); by default
        GDGRADE_ISOLATION, else bubblewrap. `limits`: default DEFAULT_LIMITS. `private`:
        folders the workers must neither read nor write (where results will be written)."""
        requested = requested_level(prefer)
        self.submission = Path(submission).resolve()
        self.limits = limits or DEFAULT_LIMITS
        self.scratch_root = Path(tempfile.mkdtemp(prefix="gdgrade-"))
        self.requested = requested
        self.unavailable = {}   # level -> why it could not be used
        self._lib = None
        self._submission_copy = None
        self._count = 0
        self.spin = Channel.SPIN   # see prepare()
        self._bwrap_static = None
        self.runtime = None     # separate-user level: the interpreter its workers run
        self.level = PLAIN
        for level in LEVELS[LEVELS.index(requested):]:
            why = probe(level)
            if why is None and level == USER:
                why = self._user_walls(private)
            if why is None:
                self.level = level
                break
            self.unavailable[level] = why
        self.network = None if self.level == BWRAP else network_filter()   # why it is open, or None

    def _user_walls(self, private):
        """None when the separate-user level's walls hold here, else what breaks them."""
        breaches = probe_walls(free_uid(0), secret_dirs(), [self.submission, *private])
        if not breaches:
            self.runtime = user_runtime()[0]
            return None
        return (f"a worker's uid could get through: {'; '.join(breaches[:3])}"
                f"{f' (and {len(breaches) - 3} more)' if len(breaches) > 3 else ''}. Make the clone "
                "and the results folder private to root (chmod 700; scripts/setup.sh does so for the "
                "clone when run as root)")

    # -- what the results say --------------------------------------------------------
    def isolation(self):
        """The level in force, what it blocks and what it does not, and why stronger ones were not used."""
        # Phrases as messages (gdgrade.i18n), so the report can list them in Korean too.
        network = (msg("the network (no sockets, no connect: a seccomp filter)") if self.network is None else None)
        open_net = [] if network else [msg("the network ({why})", why=self.network)]
        if self.level == BWRAP:
            blocks = [msg("reading anything but the system's read-only files, NumPy, the worker modules and "
                          "the submission (the grader, the reference and the hidden tests are not there)"),
                      msg("writing outside a private {mib} MiB scratch folder", mib=self.limits.scratch_bytes >> 20),
                      msg("the network (own network namespace)"), msg("seeing or signalling other processes"),
                      msg("processes outliving the worker")]
            allows = [msg("reading the system's read-only files (/usr, /lib)")]
        elif self.level == USER:
            blocks = [msg("reading or writing the grader, the reference, the hidden tests and the results "
                          "folder (checked at start as the worker's uid)"), msg("writing into the submission"),
                      msg("signalling the grader"), *([network] if network else []),
                      msg("processes outliving grading (killed by uid and as descendants)")]
            allows = [msg("reading files every user may read"),
                      msg("writing folders every user may write, such as /tmp"),
                      msg("seeing other processes in /proc"), *open_net]
        else:
            blocks = [*([network] if network else []), msg("processes outliving grading (killed as descendants)")]
            allows = [msg("reading and writing everything the grading user can, the reference, the hidden "
                          "tests and the results included"), msg("signalling the grader"), *open_net]
        return {"level": self.level, "blocks": blocks, "does_not_block": allows,
                "unavailable": dict(self.unavailable),
                **({"worker_python": f"{self.runtime.python} with NumPy {self.runtime.numpy_version}"}
                   if self.runtime else {})}

    def refusal(self):
        """Why hiring commands refuse to grade here, and what would let them, in one line."""
        why = "; ".join(f"{lvl}: {reason}" for lvl, reason in self.unavailable.items())
        why = why or f"{ISOLATION_ENV}={os.environ.get(ISOLATION_ENV, 'plain')} asks for no sandbox"
        return (f"no sandbox for candidate code here ({why}). Install bubblewrap (apt-get install "
                "bubblewrap), or run as root for the separate-user level (sh scripts/setup.sh as root "
                "prepares it), or pass --allow-unsandboxed to run it as a plain process of yours")

    def describe(self):
        """The isolation in one paragraph, for the results' summary and the report."""
        iso = self.isolation()
        text = (f"{iso['level']}; blocks: {'; '.join(iso['blocks'])}; does not block: "
                f"{'; '.join(iso['does_not_block'])}")
        if iso.get("worker_python"):
            text += f"; workers run {iso['worker_python']}"
        if iso["unavailable"]:
            text += " (" + "; ".join(f"no {lvl}: {why}" for lvl, why in iso["unavailable"].items()) + ")"
        return text

    # -- starting workers ----------------------------------------------------------
    def prepare(self, cores_shared=False):
        """Make now what starting a worker needs at this level and would otherwise make at the
        first start, so that grading processes forked from this one share it. `cores_shared`:
        several grading processes will run at once, so no side polls (Channel.spin)."""
        if cores_shared:
            self.spin = 0.0
        if self.level == BWRAP:
            self._bwrap_static = self._bwrap_static or bwrap_binds()
        if self.level in (BWRAP, USER):
            self._readable_submission()
        if self.level in (USER, PLAIN):
            self._worker_lib()

    def stub_hello(self, module_file, functions):
        """What a worker would say about `module_file` when it is the bundled stub byte for byte and
        all `functions` are stubs (gdgrade.sandbox.stubs), so that none need start; else None."""
        if self.runtime is not None and Path(self.runtime.python).resolve() != python_path():
            return None   # another interpreter might judge the stub otherwise
        seen = self._readable_submission() if self.level in (BWRAP, USER) else self.submission
        return stub_hello(seen / module_file, module_file, functions)

    def start(self, module_file, functions):
        """Start a worker for one submission module; returns a WorkerProcess."""
        self._count += 1
        # Named by process too: grading processes forked from one Sandbox start workers side by side.
        self._name = f"w{os.getpid()}-{self._count}"
        config = worker_config(self.limits, functions, self.level, self.spin)
        if self.level == BWRAP:
            return self._start_bwrap(module_file, config)
        if self.level == USER:
            return self._start_user(module_file, config)
        return self._start_plain(module_file, config)

    def _output_file(self):
        path = self.scratch_root / f"{self._name}.out"
        return path, open(path, "wb")

    def _start_plain(self, module_file, config):
        scratch = self.scratch_root / self._name
        scratch.mkdir()
        ours, theirs = socket.socketpair()
        argv = worker_argv("-", str(self._worker_lib()), theirs.fileno(), str(self.submission / module_file), config)
        output_path, out = self._output_file()
        with out:
            process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                       pass_fds=[theirs.fileno()], cwd=scratch,
                                       env={**worker_env(), "HOME": str(scratch), "TMPDIR": str(scratch)},
                                       start_new_session=True)
        theirs.close()
        return WorkerProcess(process, ours, output_path, PLAIN)

    def _worker_lib(self):
        """The worker's library folder (gdkit and NumPy), made once."""
        if self._lib is None:
            numpy = self.runtime.numpy if self.runtime else numpy_dirs()
            self._lib = make_lib(self.scratch_root / "lib", numpy)
        return self._lib

    def _start_user(self, module_file, config):
        uid = free_uid(self._count)
        os.chmod(self.scratch_root, 0o711)
        lib = self._worker_lib()
        scratch = self.scratch_root / self._name
        scratch.mkdir(mode=0o700)
        os.chown(scratch, uid, uid)
        ours, theirs = socket.socketpair()
        argv = worker_argv("-", str(lib), theirs.fileno(), str(self._readable_submission() / module_file),
                           config, python=self.runtime.python)
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
        output_path = self.scratch_root / f"{self._name}.out"
        return launch_bwrap(self._readable_submission(), module_file, config, self.limits, output_path,
                            self._bwrap_static)

    def _readable_submission(self):
        """A snapshot of the submission that the worker's uid can read (made once)."""
        if self._submission_copy is None:
            self._submission_copy = readable_copy(self.submission, self.scratch_root / "submission")
        return self._submission_copy

    def close(self):
        shutil.rmtree(self.scratch_root, ignore_errors=True)
