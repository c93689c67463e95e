"""Correct, but prints 100 MB (print and raw writes to descriptors 1 and 2) on every call."""
BREAKS = None

import os as _os

_reference_perturb_and_measure = perturb_and_measure
_MEGABYTE = "x" * (1 << 20)
_BLOCK = _MEGABYTE.encode()   # made once: the memory check of the large model counts allocations


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    for _ in range(100):
        print(_MEGABYTE)
    for fd in (1, 2):
        for _ in range(50):
            try:
                _os.write(fd, _BLOCK)
            except OSError:
                break
    return _reference_perturb_and_measure(predict, w, X, index, eps)
