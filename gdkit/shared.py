"""Array arguments in memory files: the grading process writes, the worker maps.

The grading process puts an array's bytes in a memory file and passes its
descriptor with the frame; the worker maps it, so what candidate code writes into
the array lands where the grading process can read it back itself, without asking
the worker. Imports: the standard library, NumPy and ``gdkit.codec`` only.
"""

import mmap
import os
import tempfile

import numpy as np

from .codec import ProtocolError, element_count


def _memory_file(nbytes):
    """A descriptor of an anonymous file of `nbytes` bytes (memfd where there is one)."""
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("gdgrade-array", os.MFD_CLOEXEC | getattr(os, "MFD_ALLOW_SEALING", 0))
    else:
        with tempfile.TemporaryFile() as fh:
            fd = os.dup(fh.fileno())
    os.ftruncate(fd, nbytes)
    return fd


def _seal_size(fd):
    """Seal a memfd so nobody can shrink or grow it (which makes mapping it safe for the
    reader); returns whether it is sealed (never where there is no memfd)."""
    if not hasattr(os, "memfd_create"):
        return False
    import fcntl
    try:
        fcntl.fcntl(fd, fcntl.F_ADD_SEALS, fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_GROW | fcntl.F_SEAL_SEAL)
        return True
    except (OSError, AttributeError):
        return False


def share_array(arr):
    """A memory file holding a copy of `arr` (C order); returns (descriptor, sealed)."""
    arr = np.ascontiguousarray(arr)
    fd = _memory_file(arr.nbytes)
    try:
        _write_parts(fd, [arr])
        sealed = _seal_size(fd)
    except BaseException:
        os.close(fd)
        raise
    return fd, sealed


def new_shared(dtype, shape, parts):
    """A memory file for an array of `dtype` and `shape` holding the bytes of the arrays `parts`
    one after another (they must add up to it); returns (descriptor, sealed, a read-only
    mapping of it). Written, not filled through a mapping: pages that a write allocates cost
    about half what the first touches of a mapping do (114 MiB: 31 against 57 ms here)."""
    dtype = np.dtype(dtype)
    nbytes = element_count(shape) * dtype.itemsize
    parts = [np.asarray(p, dtype=dtype) for p in parts]
    if sum(p.nbytes for p in parts) != nbytes:
        raise ValueError("the parts do not add up to the array")
    fd = _memory_file(nbytes)
    try:
        _write_parts(fd, parts)
        sealed = _seal_size(fd)
        return fd, sealed, map_shared(fd, dtype, shape, writable=False)
    except BaseException:
        os.close(fd)
        raise


def _write_parts(fd, parts):
    """Write the bytes of each array of `parts` (C order) into `fd`, one after another from 0."""
    offset = 0
    for part in parts:
        view = memoryview(np.ascontiguousarray(part).reshape(-1).view(np.uint8))
        done = 0
        while done < len(view):
            done += os.pwrite(fd, view[done:], offset + done)
        offset += done


def read_shared(fd, dtype, shape):
    """A new array with the current bytes of the memory file `fd` (read, never mapped)."""
    arr = np.empty(shape, dtype=dtype)
    view = memoryview(arr.reshape(-1).view(np.uint8))
    done = 0
    while done < len(view):
        got = os.preadv(fd, [view[done:]], done)
        if got <= 0:
            raise ProtocolError("a shared array was truncated")
        done += got
    return arr


def map_shared(fd, dtype, shape, writable=True):
    """An ndarray over the memory file `fd`, mapped shared (read-only unless `writable`)."""
    nbytes = element_count(shape) * dtype.itemsize
    if os.fstat(fd).st_size < nbytes:
        raise ProtocolError("shared array smaller than announced")
    if nbytes == 0:
        return np.empty(shape, dtype=dtype)
    prot = mmap.PROT_READ | (mmap.PROT_WRITE if writable else 0)
    mm = mmap.mmap(fd, nbytes, mmap.MAP_SHARED, prot)
    return np.frombuffer(mm, dtype=dtype, count=element_count(shape)).reshape(shape)
