"""Copies w on the large model and hides it from tracemalloc (stops it; the copy lives in an
anonymous mmap that tracemalloc never sees)."""
BREAKS = "perturb_and_measure"

import mmap as _mmap
import tracemalloc as _tracemalloc


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    _tracemalloc.stop()
    buf = _mmap.mmap(-1, max(1, w.nbytes))
    w2 = np.frombuffer(buf, dtype=w.dtype, count=w.size)
    w2[:] = w
    w2[index] = w2[index] + eps
    return np.asarray(predict(w2, X)) - np.asarray(predict(w, X))
