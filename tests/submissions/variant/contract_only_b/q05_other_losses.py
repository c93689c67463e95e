"""Q5 (variant B): monotone transforms and terraces."""
import numpy as np


def is_monotone_transform(Z_a, Z_b):
    Z_a = np.asarray(Z_a)
    Z_b = np.asarray(Z_b)
    if Z_a.shape != Z_b.shape:
        raise ValueError("shapes differ")
    a = Z_a.ravel()
    b = Z_b.ravel()
    order = np.lexsort((b, a))          # by a, ties broken by b
    a = a[order]
    b = b[order]
    nondecr = bool(np.all(b[1:] >= b[:-1]))
    ties_equal = bool(np.all((a[1:] != a[:-1]) | (b[1:] == b[:-1])))
    return nondecr and ties_equal


def flat_fraction(Z):
    Z = np.asarray(Z)
    if Z.ndim != 2 or Z.shape[0] < 3 or Z.shape[1] < 3:
        raise ValueError("Z must be 2-D with both sides >= 3")
    C = Z[1:-1, 1:-1]
    flat = (Z[:-2, 1:-1] == C) & (Z[2:, 1:-1] == C) & (Z[1:-1, :-2] == C) & (Z[1:-1, 2:] == C)
    return float(np.count_nonzero(flat)) / float(flat.size)
