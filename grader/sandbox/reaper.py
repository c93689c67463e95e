"""Nothing outlives grading: the grading process adopts every orphan its workers leave
and, before any result is written, kills every descendant and checks none is left.

Linux's PR_SET_CHILD_SUBREAPER makes processes orphaned below this one (double-forked,
``setsid``) become its children instead of init's, so walking /proc for descendants of
this process finds them all. A kernel without it (or another OS) still gets the
descendants that kept their parents, and the worker's process-group and uid kills.
"""

import ctypes
import os
import signal
import sys
import time

from gdgrade.sandbox.procs import proc_status


_PR_SET_CHILD_SUBREAPER = 36


class Survivors(RuntimeError):
    """Processes started during grading are still alive after every attempt to kill them."""


def become_subreaper():
    """Adopt orphaned descendants; True where the kernel supports it."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def descendants(root=None):
    """Live (non-zombie) processes below `root` (default: this process), from /proc."""
    root = os.getpid() if root is None else root
    parent_of, alive = {}, set()
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if entry.isdigit():
            st = proc_status(entry)
            if st.get("PPid", "").isdigit():
                parent_of[int(entry)] = int(st["PPid"])
                if not st.get("State", "").startswith(("Z", "X")):
                    alive.add(int(entry))
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in parent_of.items() if parent in frontier} - found
        found |= frontier
    return sorted(found & alive)


def _reap_zombies():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def kill_descendants(rounds=100):
    """SIGKILL every descendant until none is left; raises Survivors if some remain."""
    for _ in range(rounds):
        left = descendants()
        if not left:
            _reap_zombies()
            return
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        _reap_zombies()
        time.sleep(0.01)
    left = descendants()
    if left:
        raise Survivors(f"{len(left)} processes started during grading could not be killed: {left[:10]}")
