"""Submission files that are the bundled stubs, byte for byte: no worker is started for them.

A question file the candidate never touched is the stub of the kit (challenges/), whose
functions all raise NotImplementedError. A worker would import it and say so in its
hello; the grading process can say the same without starting one, because the bytes are
those of a file of this gdgrade: nothing of the candidate runs, here or anywhere. The
stub imports only NumPy, which the worker has imported before it loads the submission,
so nothing else in the submission folder can change what importing it does.
"""

import importlib.util
import os
import stat
from functools import lru_cache

from gdgrade.gdkit import ops
from gdgrade.gdkit.worker import function_status


@lru_cache(maxsize=None)
def _bundled(module_file, functions):
    """(bytes, {function: status}) of the bundled stub `module_file`, the statuses as a worker
    running this interpreter reports them; None when there is no such stub."""
    from gdgrade.selfstudy.kit import stub_dir
    try:
        path = stub_dir() / module_file
        data = path.read_bytes()
    except OSError:
        return None
    spec = importlib.util.spec_from_file_location(f"_gdgrade_stub_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return data, {fn: function_status(module, fn) for fn in functions}


def _read_regular(path, most):
    """At most `most` bytes of `path` if it is a regular file (no link followed, never blocking)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return fh.read(most)


def stub_hello(path, module_file, functions):
    """The hello a worker would send for the file at `path` (the copy workers load) when it is the
    bundled stub `module_file` and every one of `functions` in it is a stub; else None."""
    bundled = _bundled(module_file, tuple(functions))
    if bundled is None or any(s != ops.STUB for s in bundled[1].values()):
        return None
    data, statuses = bundled
    if _read_regular(path, len(data) + 1) != data:
        return None
    return {"op": ops.HELLO, "functions": dict(statuses), "problem": None, "network": None}
