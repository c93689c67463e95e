"""Junk submission, family constants_b, Q5: contract-perfect behaviour, other constant answers."""

import numpy as np


def is_monotone_transform(Z_a, Z_b):
    """Check the shapes; junk answer."""
    if np.shape(Z_a) != np.shape(Z_b):
        raise ValueError("Z_a and Z_b must have the same shape")
    # Junk: always False.
    return False


def flat_fraction(Z):
    """Check Z; junk answer."""
    Z = np.asarray(Z)
    if Z.ndim != 2 or Z.shape[0] < 3 or Z.shape[1] < 3:
        raise ValueError("Z must be 2-D with both sides >= 3")
    # Junk: everything is flat.
    return 1.0
