"""Q5 written differently: Z_a's distinct values are grouped with np.unique and each group's
smallest and largest Z_b are compared (reduceat), and flatness is read off np.diff == 0."""

import numpy as np


def is_monotone_transform(Z_a, Z_b):
    a = np.asarray(Z_a)
    b = np.asarray(Z_b)
    if a.shape != b.shape:
        raise ValueError("Z_a and Z_b must have the same shape")
    if a.size == 0:
        return np.True_
    levels, group = np.unique(a.reshape(-1), return_inverse=True)
    group = group.reshape(-1)
    order = np.argsort(group, kind="stable")
    b_by_group = b.reshape(-1)[order]
    starts = np.concatenate(([0], np.flatnonzero(np.diff(group[order])) + 1))
    low = np.minimum.reduceat(b_by_group, starts)
    high = np.maximum.reduceat(b_by_group, starts)
    # One Z_b per Z_a value (g is a function), and each level's Z_b at most the next one's.
    return np.all(low == high) & np.all(high[:-1] <= low[1:])


def flat_fraction(Z):
    Z = np.asarray(Z)
    if Z.ndim != 2:
        raise ValueError("Z must be 2-D")
    rows, cols = Z.shape
    if rows < 3 or cols < 3:
        raise ValueError("Z needs at least 3 points along each side")
    down = np.diff(Z, axis=0) == 0      # Z[a + 1, b] equals Z[a, b]
    right = np.diff(Z, axis=1) == 0     # Z[a, b + 1] equals Z[a, b]
    flat = down[:-1, 1:-1] & down[1:, 1:-1] & right[1:-1, :-1] & right[1:-1, 1:]
    return int(flat.sum()) / ((rows - 2) * (cols - 2))
