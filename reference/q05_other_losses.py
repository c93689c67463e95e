"""Reference for Q5: comparing loss surfaces built from different losses."""

import numpy as np


def is_monotone_transform(Z_a, Z_b):
    Z_a = np.asarray(Z_a)
    Z_b = np.asarray(Z_b)
    if Z_a.shape != Z_b.shape:
        raise ValueError(f"shapes differ: {Z_a.shape} vs {Z_b.shape}")
    a = Z_a.ravel()
    b = Z_b.ravel()
    if a.size < 2:
        return True
    # Sort by Z_a, ties broken by Z_b: O(N log N). Equal Z_a values are then
    # contiguous, so checking neighbours is enough.
    order = np.lexsort((b, a))
    sa = a[order]
    sb = b[order]
    same_a = sa[1:] == sa[:-1]
    # Equal Z_a must give equal Z_b (g is a function).
    if not np.all(sb[1:][same_a] == sb[:-1][same_a]):
        return False
    # Along increasing Z_a, Z_b must never go down (g is non-decreasing); with the
    # check above, a non-decreasing sorted Z_b covers every pair p, q.
    return bool(np.all(sb[1:] >= sb[:-1]))


def flat_fraction(Z):
    Z = np.asarray(Z)
    if Z.ndim != 2 or Z.shape[0] < 3 or Z.shape[1] < 3:
        raise ValueError("Z must be 2-D with both sides >= 3")
    centre = Z[1:-1, 1:-1]
    # Exact equality with all four axis neighbours: a terrace, no gradient signal.
    flat = (
        (Z[:-2, 1:-1] == centre)
        & (Z[2:, 1:-1] == centre)
        & (Z[1:-1, :-2] == centre)
        & (Z[1:-1, 2:] == centre)
    )
    return float(np.count_nonzero(flat) / flat.size)
