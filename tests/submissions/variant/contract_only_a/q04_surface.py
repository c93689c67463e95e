"""Q4 (independent variant A)."""
import operator

import numpy as np


def _resolve(w, index):
    n = w.shape[0]
    k = operator.index(index)
    if k < -n or k >= n:
        raise IndexError(f"index {k} out of range")
    return k + n if k < 0 else k


def loss_surface(total_loss, w, i, j, offsets):
    a_idx = _resolve(w, i)
    b_idx = _resolve(w, j)
    if a_idx == b_idx:
        raise ValueError("i and j name the same weight")
    offs = [float(o) for o in np.asarray(offsets).reshape(-1)]
    R = len(offs)
    Z = np.empty((R, R), dtype=np.float64)
    si, sj = w[a_idx], w[b_idx]
    fi, fj = float(si), float(sj)
    try:
        for a in range(R):
            w[a_idx] = fi + offs[a]
            for b in range(R):
                w[b_idx] = fj + offs[b]
                Z[a, b] = float(total_loss(w))
    finally:
        w[a_idx] = si
        w[b_idx] = sj
    return Z


def convexity_map(Z, h, tol=1e-9):
    Z = np.asarray(Z, dtype=np.float64)
    if Z.ndim != 2 or Z.shape[0] < 3 or Z.shape[1] < 3:
        raise ValueError("Z must be 2-D with both sides >= 3")
    if not np.all(np.isfinite(Z)):
        raise ValueError("Z must be finite")
    if not h > 0:
        raise ValueError("h must be > 0")
    h2 = float(h) ** 2
    c = Z[1:-1, 1:-1]
    dxx = (Z[2:, 1:-1] - 2.0 * c + Z[:-2, 1:-1]) / h2
    dyy = (Z[1:-1, 2:] - 2.0 * c + Z[1:-1, :-2]) / h2
    dxy = (Z[2:, 2:] - Z[2:, :-2] - Z[:-2, 2:] + Z[:-2, :-2]) / (4.0 * h2)
    lam_min = 0.5 * (dxx + dyy) - np.hypot(0.5 * (dxx - dyy), dxy)
    return lam_min >= -tol
