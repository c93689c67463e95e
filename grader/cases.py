"""A hidden test's last call of a candidate function, as one short line for staff.

Where a check fails, staff see what the function was last called with before it did
(`perturb_and_measure(<function>, float64 array of shape (155,) in [-1.2, 1.3], …)`):
small arrays in full, large ones by dtype, shape and range, callables by name. Never on
a candidate's page or in results.json, which candidates may see: these are hidden inputs.
"""

import numpy as np

MAX_CHARS = 400       # the line is cut here
SMALL = 8             # arrays of at most this many elements are shown in full


class Placeholder(str):
    """An argument shown by a description instead of its value (the 30M-weight model's parts)."""

    def __repr__(self):
        return str(self)


def describe_call(fn_name, args, kwargs):
    parts = [_describe(a) for a in args] + [f"{k}={_describe(v)}" for k, v in kwargs.items()]
    text = f"{fn_name}({', '.join(parts)})"
    return text if len(text) <= MAX_CHARS else text[:MAX_CHARS - 1] + "…"


def _describe(value):
    if isinstance(value, np.ndarray):
        if value.size <= SMALL:
            return f"array({np.array2string(value, precision=6, separator=', ')}, dtype={value.dtype})"
        if value.dtype.kind in "biuf" and value.size:
            return (f"{value.dtype} array of shape {value.shape} in "
                    f"[{float(np.min(value)):.3g}, {float(np.max(value)):.3g}]")
        return f"{value.dtype} array of shape {value.shape}"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(_describe(v) for v in value[:SMALL]) + (", …" if len(value) > SMALL else "")
        return f"[{inner}]" if isinstance(value, list) else f"({inner})"
    if callable(value):
        return f"<function {getattr(value, '__name__', '')}>".replace(" >", ">")
    if isinstance(value, float):
        return f"{value:.6g}"
    return repr(value)[:80]
