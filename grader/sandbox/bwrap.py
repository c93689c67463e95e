"""The bubblewrap level: a worker in its own user, PID, network, IPC, UTS and mount namespaces."""

import json
import os
import select
import socket
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

from gdgrade import gdkit
from gdgrade.sandbox.base import BWRAP, SANDBOX_LIB, SANDBOX_SCRATCH, SANDBOX_SUBMISSION, SANDBOX_UID, SandboxError
from gdgrade.sandbox.host import numpy_dirs, package_dir, python_path, secret_dirs, under, worker_argv, worker_env
from gdgrade.sandbox.procs import WorkerProcess


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


def launch_bwrap(submission, module_file, config, limits, output_path, binds):
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
    argv = ["bwrap", "--args", str(args_r), "--"] + worker_argv(
        str(SANDBOX_UID) if as_root else "-", SANDBOX_LIB, theirs.fileno(),
        f"{SANDBOX_SUBMISSION}/{module_file}", config)
    child_fds = [theirs.fileno(), info_w, args_r] + ([block_r] if as_root else [])
    try:
        with open(output_path, "wb") as out:
            process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                       pass_fds=child_fds, env=worker_env(), start_new_session=True)
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
    python = python_path()
    prefix = Path(sys.base_prefix).resolve()
    roots, argv = [], []
    for top in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            argv += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            argv += ["--ro-bind", top, top]
            roots.append(Path(top))
    if not under(prefix, roots):
        argv += ["--ro-bind", str(prefix), str(prefix)]
        roots.append(prefix)
    if not under(python, roots):
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
    hidden.update(secret_dirs())
    for path in sorted(p for p in hidden if under(p, roots)):
        if not under(path, [h for h in hidden if h != path]):
            argv += ["--tmpfs", str(path)]
    for src in [package_dir(gdkit), *numpy_dirs()]:
        argv += ["--ro-bind", str(src), f"{SANDBOX_LIB}/{src.name}"]
    argv += ["--proc", "/proc", "--dev", "/dev"]
    return with_parent_dirs(argv)


def with_parent_dirs(argv):
    """Create the folders above every mount point explicitly (mode 0755): bubblewrap
    makes missing parents 0700, which the worker's uid could not enter."""
    made, mounted, out, k = {Path("/")}, [], [], 0
    while k < len(argv):
        opt = argv[k]
        width = 3 if opt in ("--ro-bind", "--bind", "--symlink") else 2 if opt.startswith("--") else 1
        if opt in ("--ro-bind", "--bind", "--tmpfs", "--proc", "--dev", "--dir"):
            dest = Path(argv[k + width - 1])
            for parent in reversed(dest.parents):
                if parent not in made and not under(parent, mounted):
                    out += ["--dir", str(parent)]
                    made.add(parent)
            made.add(dest)
            mounted.append(dest)
        out += argv[k:k + width]
        k += width
    return out
