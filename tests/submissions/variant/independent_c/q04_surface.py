"""Q4 written differently: the grid is walked column by column with the offsets rounded to
w's dtype before adding, Z is kept in w's dtype, and convexity is decided by shifting the
Hessian by tol and testing its diagonal and determinant instead of its smallest eigenvalue."""

import numpy as np


def _position(n, index):
    # Let NumPy itself apply its indexing rules (negatives, IndexError past the end).
    return int(np.arange(n)[index])


def loss_surface(total_loss, w, i, j, offsets):
    n = len(w)
    first = _position(n, i)
    second = _position(n, j)
    if first == second:
        raise ValueError("loss_surface needs two different weights")
    steps = [w.dtype.type(o) for o in np.asarray(offsets).tolist()]
    size = len(steps)
    keep_first = w[first]
    keep_second = w[second]
    surface = np.zeros((size, size), dtype=w.dtype)
    try:
        for b in range(size):
            w[second] = keep_second + steps[b]
            for a in range(size):
                w[first] = keep_first + steps[a]
                surface[a, b] = total_loss(w)
    finally:
        w[second] = keep_second
        w[first] = keep_first
    return surface


def convexity_map(Z, h, tol=1e-9):
    if not h > 0:
        raise ValueError("the grid spacing h must be positive")
    grid = np.array(Z, dtype=float)
    if np.ndim(grid) != 2:
        raise ValueError("Z must be a 2-D grid")
    rows, cols = grid.shape
    if min(rows, cols) < 3:
        raise ValueError("Z needs at least 3 points along each side")
    if np.isnan(grid).any() or np.isinf(grid).any():
        raise ValueError("Z holds NaN or infinite values")
    hh = h * h
    middle = grid[1:-1, 1:-1]
    dxx = ((grid[2:, 1:-1] + grid[:-2, 1:-1]) - (middle + middle)) / hh
    dyy = ((grid[1:-1, 2:] + grid[1:-1, :-2]) - (middle + middle)) / hh
    across = grid[2:, :] - grid[:-2, :]
    dxy = (across[:, 2:] - across[:, :-2]) / (4.0 * hh)
    # H + tol*I is positive semidefinite iff both diagonal entries and the determinant are >= 0,
    # which is lambda_min(H) >= -tol.
    p = dxx + tol
    q = dyy + tol
    return (p >= 0) & (q >= 0) & (p * q >= dxy * dxy)
