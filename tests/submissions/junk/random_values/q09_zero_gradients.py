"""Junk submission, family random_values, Q9: contract-perfect behaviour, seeded random answers."""

import numpy as np


def dead_relu_units(W1, b1, X):
    """Check the shapes; junk indices."""
    W1 = np.asarray(W1)
    b1 = np.asarray(b1)
    X = np.asarray(X)
    if W1.ndim != 2 or b1.ndim != 1 or X.ndim != 2:
        raise ValueError("need W1 (d, h), b1 (h,) and X (n, d)")
    d, h = W1.shape
    if b1.shape[0] != h or X.shape[1] != d:
        raise ValueError("W1, b1 and X do not fit together")
    # Junk: a seeded random subset, ascending.
    rng = np.random.default_rng(0)
    return np.flatnonzero(rng.random(h) >= 0.5)


def revived_coordinates(grad_fn, w, lr):
    """Two calls of grad_fn, at w and at w - lr*g (w untouched); junk indices."""
    g = grad_fn(w)
    w_new = w - lr * g
    g_new = grad_fn(w_new)
    # Junk: a seeded random subset, ascending.
    rng = np.random.default_rng(0)
    return np.flatnonzero(rng.random(np.shape(g)[0]) >= 0.5)
