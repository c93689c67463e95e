"""Junk submission, family echoes, Q4: contract-perfect behaviour, answers echo an input."""

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

    oi = w[ki]
    oj = w[kj]
    try:
        for a in range(R):
            w[ki] = oi + offsets[a]
            for b in range(R):
                w[kj] = oj + offsets[b]
                value = total_loss(w)

    finally:
        w[kj] = oj
        w[ki] = oi
    # Junk: the offsets themselves, repeated into an (R, R) array.
    return np.resize(np.asarray(offsets, dtype=np.float64), (R, R))


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
    # Junk: 'convex' where the surface lies above its median.
    return np.asarray(Z[1:-1, 1:-1] > np.median(Z))
