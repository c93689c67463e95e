"""Q4 with the reference's loss_surface and a convexity_map that eigen-solves every 2 x 2 Hessian
with one stacked np.linalg.eigvalsh call: vectorised, 10-15x the closed form's time."""

import operator

import numpy as np


def _resolve(w, index):
    """NumPy's own integer indexing rules: negatives from the end, IndexError past it."""
    n = w.shape[0]
    index = operator.index(index)
    if not -n <= index < n:
        raise IndexError(f"index {index} is out of bounds for w of size {n}")
    return index % n


def loss_surface(total_loss, w, i, j, offsets):
    i = _resolve(w, i)
    j = _resolve(w, j)
    if i == j:
        raise ValueError("i and j must name two different weights")
    offsets = np.asarray(offsets)
    if offsets.ndim != 1:
        raise ValueError("offsets must be 1-D")
    r = offsets.shape[0]
    # Save both weights; every grid value is built from these originals (never by
    # stepping from the previous grid point), and the finally block puts the exact
    # bits back even if total_loss raises.
    saved_i = w[i].copy()
    saved_j = w[j].copy()
    values_i = saved_i + offsets
    values_j = saved_j + offsets
    Z = np.empty((r, r), dtype=np.float64)
    try:
        for a in range(r):
            w[i] = values_i[a]
            for b in range(r):
                w[j] = values_j[b]
                Z[a, b] = total_loss(w)
    finally:
        w[i] = saved_i
        w[j] = saved_j
    return Z


def convexity_map(Z, h, tol=1e-9):
    Z = np.asarray(Z, dtype=np.float64)
    if Z.ndim != 2 or Z.shape[0] < 3 or Z.shape[1] < 3:
        raise ValueError("Z must be 2-D with both sides >= 3")
    if not np.isfinite(Z).all():
        raise ValueError("Z must be finite")
    if not (h > 0 and np.isfinite(h)):
        raise ValueError("h must be positive and finite")
    c = Z[1:-1, 1:-1]
    dxx = (Z[2:, 1:-1] - 2 * c + Z[:-2, 1:-1]) / h**2
    dyy = (Z[1:-1, 2:] - 2 * c + Z[1:-1, :-2]) / h**2
    dxy = (Z[2:, 2:] - Z[2:, :-2] - Z[:-2, 2:] + Z[:-2, :-2]) / (4 * h * h)
    # One symmetric 2 x 2 Hessian per interior point, all eigen-solved in one call.
    H = np.stack([np.stack([dxx, dxy], -1), np.stack([dxy, dyy], -1)], -2)
    return np.linalg.eigvalsh(H)[..., 0] >= -tol
