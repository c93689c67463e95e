"""Q4 (variant B): loss surface over two weights, convexity map."""
import operator

import numpy as np


def _resolve(w, i):
    k = operator.index(i)
    n = w.shape[0]
    if k < -n or k >= n:
        raise IndexError(f"index {k} out of range")
    return k + n if k < 0 else k


def loss_surface(total_loss, w, i, j, offsets):
    ii = _resolve(w, i)
    jj = _resolve(w, j)
    if ii == jj:
        raise ValueError("i and j name the same weight")
    offsets = np.asarray(offsets)
    R = offsets.shape[0]
    dt = w.dtype.type
    si, sj = w[ii].copy(), w[jj].copy()
    vi = [dt(si + dt(o)) for o in offsets]
    vj = [dt(sj + dt(o)) for o in offsets]
    Z = np.empty((R, R), dtype=np.float64)
    try:
        # variant B: column-major sweep (j outer, i inner)
        for b in range(R):
            w[jj] = vj[b]
            for a in range(R):
                w[ii] = vi[a]
                Z[a, b] = total_loss(w)
    finally:
        w[ii] = si
        w[jj] = sj
    return Z


def convexity_map(Z, h, tol=1e-9):
    Z = np.asarray(Z, dtype=np.float64)
    if Z.ndim != 2 or Z.shape[0] < 3 or Z.shape[1] < 3:
        raise ValueError("Z must be 2-D with both sides >= 3")
    if not np.isfinite(Z).all():
        raise ValueError("Z must be finite")
    h = float(h)
    if not h > 0:
        raise ValueError("h must be > 0")
    h2 = h * h
    C = Z[1:-1, 1:-1]
    dxx = (Z[2:, 1:-1] - 2.0 * C + Z[:-2, 1:-1]) / h2
    dyy = (Z[1:-1, 2:] - 2.0 * C + Z[1:-1, :-2]) / h2
    dxy = (Z[2:, 2:] - Z[2:, :-2] - Z[:-2, 2:] + Z[:-2, :-2]) / (4.0 * h2)
    lam = 0.5 * (dxx + dyy) - np.hypot(0.5 * (dxx - dyy), dxy)
    return np.asarray(lam >= -tol, dtype=bool)
