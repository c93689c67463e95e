"""Appended to a reference module to make it compute nothing while behaving perfectly.

`_junk(fn, family, kind)` wraps a reference function: the wrapper calls it (so
arguments are checked, callables are called exactly as the budget says, `w` is
restored and the contract's errors are raised), then throws its answer away and
returns a value of the right type and shape that does not depend on what was
computed. tests/test_junk.py appends this file's text to each reference module of
a submission; it runs in the sandboxed worker, so it imports NumPy and the
standard library only.
"""

import math

import numpy as np

_RNG = np.random.default_rng(2021)
_LABELS = ("saddle", "minimum", "maximum", "degenerate")


def _first_array(args):
    return next((a for a in args if isinstance(a, np.ndarray)), np.zeros(1))


def _first_number(args):
    return next((float(a) for a in args if isinstance(a, (int, float, np.number)) and not isinstance(a, bool)),
                float(np.mean(_first_array(args))))


def _unit(n, k=0):
    v = np.zeros(n)
    v[k % n] = 1.0
    return v


# Per family, a function (kind, args, shape, bound) -> value; `shape` is the shape the
# contract gives the answer (from the inputs), `bound` the number of possible indices.
def _zeros(kind, args, shape, bound):
    return {"array": lambda: np.zeros(shape), "mask": lambda: np.zeros(shape, bool),
            "indices": lambda: np.zeros(0, np.int64), "points": lambda: np.zeros(0),
            "float": lambda: 0.0, "bool": lambda: False, "label": lambda: "saddle",
            "escape": lambda: None, "pair": lambda: (lambda v: 0.0, np.zeros(2))}[kind]()


def _ones(kind, args, shape, bound):
    return {"array": lambda: np.ones(shape), "mask": lambda: np.ones(shape, bool),
            "indices": lambda: np.arange(bound), "points": lambda: np.array([(args[4] + args[5]) / 2]),
            "float": lambda: 1.0, "bool": lambda: True, "label": lambda: "minimum",
            "escape": lambda: _unit(args[0].shape[0]),
            "pair": lambda: (lambda v: float(v[0] ** 2 + v[1] ** 2), np.zeros(2))}[kind]()


def _others(kind, args, shape, bound):
    return {"array": lambda: np.full(shape, -1.0),
            "mask": lambda: (np.indices(shape).sum(axis=0) % 2 == 0),
            "indices": lambda: np.arange(min(1, bound)),
            "points": lambda: np.linspace(args[4], args[5], 5)[1:-1],
            "float": lambda: math.inf, "bool": lambda: False, "label": lambda: "degenerate",
            "escape": lambda: _unit(args[0].shape[0], -1),
            "pair": lambda: (lambda v: float(v[0] - v[1]), np.ones(2))}[kind]()


def _echo(kind, args, shape, bound):
    a = _first_array(args)
    return {"array": lambda: np.resize(a, shape).astype(np.float64),
            "mask": lambda: np.resize(a, shape) > 0,
            "indices": lambda: np.flatnonzero(np.resize(a.ravel(), bound) <= 0),
            "points": lambda: np.array([args[4], args[5]], dtype=np.float64),
            "float": lambda: _first_number(args),
            "bool": lambda: bool(a.ravel()[0] > 0),
            "label": lambda: "minimum" if np.trace(a) > 0 else "maximum",
            "escape": lambda: a[:, 0] / (np.linalg.norm(a[:, 0]) or 1.0),
            "pair": lambda: (lambda v: float(v[0]), np.zeros(2))}[kind]()


def _random(kind, args, shape, bound):
    r = _RNG
    return {"array": lambda: r.normal(size=shape), "mask": lambda: r.random(shape) < 0.5,
            "indices": lambda: np.sort(r.choice(bound, size=int(r.integers(0, bound + 1)), replace=False)),
            "points": lambda: np.sort(r.uniform(args[4], args[5], size=int(r.integers(0, 4)))),
            "float": lambda: float(r.uniform(0, 2)), "bool": lambda: bool(r.random() < 0.5),
            "label": lambda: str(r.choice(_LABELS)),
            "escape": lambda: None if r.random() < 0.5 else
            (lambda v: v / np.linalg.norm(v))(r.normal(size=args[0].shape[0])),
            "pair": lambda: (lambda a, b: (lambda v: float(a @ v + b * (v @ v)), r.normal(size=2)))(
                r.normal(size=2), float(r.normal()))}[kind]()


_FAMILIES = {"zeros": _zeros, "ones": _ones, "others": _others, "echo": _echo, "random": _random}


def _shape_of(value):
    return value.shape if isinstance(value, np.ndarray) else ()


def _junk(fn, family, kind, bound=None):
    """`fn` behaving as before and answering junk of `family`; "replay" answers its first answer forever."""
    first = []

    def wrapper(*args, **kwargs):
        answer = fn(*args, **kwargs)
        if family == "replay":
            if not first:
                first.append(answer)
            return first[0]
        make = _FAMILIES[family]
        n = bound(args) if bound else 0
        if kind == "array_and_float":     # loss_change: (per-example changes, total change)
            return make("array", args, _shape_of(answer[0]), n), make("float", args, (), n)
        return make(kind, args, _shape_of(answer), n)

    wrapper.__name__ = fn.__name__
    return wrapper
