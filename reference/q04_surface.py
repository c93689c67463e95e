"""Reference for Q4: the loss surface over two weights, and where it is convex."""

import numpy as np


def _resolve(w, index):
    """NumPy's integer indexing rule, which range() shares: operator.index, negatives from the
    end, IndexError past it."""
    return range(w.shape[0])[index]


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
    centre = Z[1:-1, 1:-1]
    # h² times the second differences at every interior point at once, by shifted slices.
    # Comparing h²·lambda_min with -tol·h², rather than dividing by h², keeps a tiny h
    # (h² underflowing, the quotients overflowing) to the formulas' exact answer.
    nxx = Z[2:, 1:-1] - 2.0 * centre + Z[:-2, 1:-1]
    nyy = Z[1:-1, 2:] - 2.0 * centre + Z[1:-1, :-2]
    nxy = 0.25 * (Z[2:, 2:] - Z[2:, :-2] - Z[:-2, 2:] + Z[:-2, :-2])
    # Smallest eigenvalue of the symmetric 2x2 [[nxx, nxy], [nxy, nyy]] in closed form;
    # hypot avoids overflow when squaring large curvatures.
    lam_min = 0.5 * (nxx + nyy) - np.hypot(0.5 * (nxx - nyy), nxy)
    h = float(h)
    return lam_min >= -(float(tol) * h * h)
