"""Junk submission, family constants_b, Q4: contract-perfect behaviour, other constant answers."""

import operator

import numpy as np


def _resolve(w, index):
    """Turn a NumPy-style integer index into a position in w; IndexError when out of range."""
    n = w.shape[0]
    k = operator.index(index)
    if k < -n or k >= n:
        raise IndexError("index %d is out of bounds for %d weights" % (k, n))
    return k + n if k < 0 else k


def loss_surface(total_loss, w, i, j, offsets):
    """Call total_loss at all R*R grid points (w restored); junk answer."""
    ki = _resolve(w, i)
    kj = _resolve(w, j)
    if ki == kj:
        raise ValueError("i and j name the same weight")
    R = len(offsets)
    centre = int(np.argmin(np.abs(offsets)))
    base = 0.0
    oi = w[ki]
    oj = w[kj]
    try:
        for a in range(R):
            w[ki] = oi + offsets[a]
            for b in range(R):
                w[kj] = oj + offsets[b]
                value = total_loss(w)
                if a == centre and b == centre:
                    base = float(value)
    finally:
        w[kj] = oj
        w[ki] = oi
    # Junk: the loss at the grid point nearest w (the base loss when 0 is an offset) everywhere.
    return np.full((R, R), base)


def convexity_map(Z, h, tol=1e-9):
    """Check Z and h; junk answer of shape (r-2, c-2)."""
    Z = np.asarray(Z)
    if Z.ndim != 2 or Z.shape[0] < 3 or Z.shape[1] < 3:
        raise ValueError("Z must be 2-D with both sides >= 3")
    if h <= 0:
        raise ValueError("h must be positive")
    if not np.all(np.isfinite(Z)):
        raise ValueError("Z must be finite")
    r, c = Z.shape
    # Junk: convex nowhere.
    return np.zeros((r - 2, c - 2), dtype=bool)
