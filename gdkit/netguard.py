"""No network without namespaces: a seccomp filter the worker installs on itself.

Where the worker has no network namespace of its own (the separate-user and plain
levels), it installs this filter before it imports candidate code: creating any
socket, connecting one, and setting up io_uring (which can open sockets behind
seccomp's back) fail with EPERM; so does every system call of another ABI (32-bit
calls on a 64-bit kernel, x32). The worker needs none of them: its channel to the
grader is a socket it inherited, already connected. A small hand-written BPF program
through ctypes rather than libseccomp, because it must run in the sandbox's bare
interpreter with nothing but the standard library, and it is twenty instructions.
Imports: the standard library only.
"""

import ctypes
import errno
import os
import platform
import struct

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_EPERM = 0x00050000 | errno.EPERM
_LD_ABS_W, _JEQ, _JGE, _RET = 0x20, 0x15, 0x35, 0x06
_X32_BIT = 0x40000000

# machine -> (audit arch, {syscall: number}, has x32)
_ARCHES = {
    "x86_64": (0xC000003E, {"socket": 41, "connect": 42, "io_uring_setup": 425}, True),
    "aarch64": (0xC00000B7, {"socket": 198, "connect": 203, "io_uring_setup": 425}, False),
}


def _program(arch, numbers, x32):
    """The filter as (code, jt, jf, k) tuples; jumps land on the final "deny" instruction."""
    body = [("ld", 0)]                       # seccomp_data.nr
    if x32:
        body.append(("jge_deny", _X32_BIT))
    body += [("jeq_deny", n) for n in numbers.values()]
    prog = [(_LD_ABS_W, 0, 0, 4), (_JEQ, 1, 0, arch), (_RET, 0, 0, _RET_EPERM)]
    deny = len(prog) + len(body) + 1         # index of the last instruction
    for kind, k in body:
        here = len(prog)
        if kind == "ld":
            prog.append((_LD_ABS_W, 0, 0, k))
        else:
            prog.append((_JGE if kind == "jge_deny" else _JEQ, deny - here - 1, 0, k))
    prog += [(_RET, 0, 0, _RET_ALLOW), (_RET, 0, 0, _RET_EPERM)]
    return prog


def deny_network():
    """Install the filter on this process; returns None, or why it could not be installed."""
    machine = platform.machine()
    if not os.uname().sysname == "Linux":
        return "not Linux"
    if machine not in _ARCHES:
        return f"no filter for the {machine} architecture"
    prog = _program(*_ARCHES[machine])
    raw = b"".join(struct.pack("=HBBI", *insn) for insn in prog)
    buf = ctypes.create_string_buffer(raw, len(raw))

    class _Prog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = _Prog(len(prog), ctypes.cast(buf, ctypes.c_void_p))
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError as exc:
        return f"no C library to call prctl: {exc}"
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, None, 0, 0) != 0:
        return f"prctl(PR_SET_NO_NEW_PRIVS) failed: {os.strerror(ctypes.get_errno())}"
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        return f"seccomp is not available: {os.strerror(ctypes.get_errno())}"
    return None
