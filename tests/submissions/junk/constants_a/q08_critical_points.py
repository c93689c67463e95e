"""Junk submission, family constants_a, Q8: contract-perfect behaviour, constant answers."""

import numpy as np


def _check_hessian(hessian):
    """ValueError unless hessian is square and symmetric to 1e-8 * max(1, max|H|)."""
    H = np.asarray(hessian)
    if H.ndim != 2 or H.shape[0] != H.shape[1]:
        raise ValueError("the Hessian must be a square 2-D matrix")
    asym = float(np.max(np.abs(H - H.T)))
    if asym > 1e-8 * max(1.0, float(np.max(np.abs(H)))):
        raise ValueError("the Hessian is not symmetric")
    return H


def classify_critical_point(hessian, tol=1e-8):
    """Check the matrix; junk label."""
    H = _check_hessian(hessian)
    # Junk: always a saddle.
    return "saddle"


def escape_direction(hessian, tol=1e-8):
    """Check the matrix; junk direction."""
    H = _check_hessian(hessian)
    p = H.shape[0]
    # Junk: never a direction.
    return None
