"""Junk submission, family random_values, Q5: contract-perfect behaviour, seeded random answers."""

import numpy as np


def is_monotone_transform(Z_a, Z_b):
    """Check the shapes; junk answer."""
    if np.shape(Z_a) != np.shape(Z_b):
        raise ValueError("Z_a and Z_b must have the same shape")
    # Junk: a seeded coin (the number of draws follows the size).
    rng = np.random.default_rng(0)
    return bool(rng.random(np.size(Z_a))[-1] < 0.5)


def flat_fraction(Z):
    """Check Z; junk answer."""
    Z = np.asarray(Z)
    if Z.ndim != 2 or Z.shape[0] < 3 or Z.shape[1] < 3:
        raise ValueError("Z must be 2-D with both sides >= 3")
    # Junk: a seeded random fraction.
    rng = np.random.default_rng(0)
    return float(rng.random(Z.size)[-1])
