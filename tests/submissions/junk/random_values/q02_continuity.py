"""Junk submission, family random_values, Q2: contract-perfect behaviour, seeded random answers."""

import operator

import numpy as np


def _resolve(w, index):
    """Turn a NumPy-style integer index into a position in w; IndexError when out of range."""
    n = w.shape[0]
    k = operator.index(index)
    if k < -n or k >= n:
        raise IndexError("index %d is out of bounds for %d weights" % (k, n))
    return k + n if k < 0 else k


def find_jumps(predict, w, x, index, lo, hi, *, min_jump=1e-3, xtol=1e-9):
    """Check the arguments, sample y(t) at a few t (w restored); junk answer."""
    if lo >= hi:
        raise ValueError("need lo < hi")
    if xtol <= 0:
        raise ValueError("xtol must be positive")
    if min_jump <= 0:
        raise ValueError("min_jump must be positive")
    k = _resolve(w, index)
    xr = x[None, :]
    rng = np.random.default_rng(0)
    ts = np.sort(rng.uniform(float(lo), float(hi), int(rng.integers(1, 4))))
    old = w[k]
    try:
        for t in ts:
            w[k] = t
            predict(w, xr)
    finally:
        w[k] = old
    # Junk: one to three seeded random points in (lo, hi).
    return ts
