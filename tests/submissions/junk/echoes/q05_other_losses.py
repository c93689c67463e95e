"""Junk submission, family echoes, Q5: contract-perfect behaviour, answers echo an input."""

import numpy as np


def is_monotone_transform(Z_a, Z_b):
    """Check the shapes; junk answer."""
    if np.shape(Z_a) != np.shape(Z_b):
        raise ValueError("Z_a and Z_b must have the same shape")
    # Junk: compares the first elements only.
    return bool(np.ravel(Z_a)[0] <= np.ravel(Z_b)[0])


def flat_fraction(Z):
    """Check Z; junk answer."""
    Z = np.asarray(Z)
    if Z.ndim != 2 or Z.shape[0] < 3 or Z.shape[1] < 3:
        raise ValueError("Z must be 2-D with both sides >= 3")
    # Junk: the fraction of interior points that are exactly zero.
    return float(np.mean(Z[1:-1, 1:-1] == 0))
