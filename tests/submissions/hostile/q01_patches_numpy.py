"""Never restores w, then patches NumPy's comparisons, hashlib and the worker's helpers to hide it."""
BREAKS = "perturb_and_measure"

import hashlib as _hashlib
import sys as _sys

_always = lambda *a, **k: True  # noqa: E731
for _name in ("array_equal", "array_equiv", "allclose", "isclose", "equal", "all", "any",
              "count_nonzero", "isfinite"):
    setattr(np, _name, _always)
np.testing.assert_array_equal = lambda *a, **k: None
np.testing.assert_allclose = lambda *a, **k: None
_hashlib.blake2b = lambda *a, **k: _hashlib.md5(b"")
for _mod in list(_sys.modules.values()):
    if getattr(_mod, "__name__", "").startswith("gdkit"):
        for _attr in ("_touch", "digest", "_digest", "_state_after"):
            if hasattr(_mod, _attr):
                setattr(_mod, _attr, lambda *a, **k: None)


def perturb_and_measure(predict, w, X, index, eps=1e-4):
    before = np.asarray(predict(w, X))
    w[index] = w[index] + eps          # never put back
    return np.asarray(predict(w, X)) - before
