"""Junk submission, family constants_b, Q9: contract-perfect behaviour, other constant answers."""

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
    # Junk: every unit is dead.
    return np.arange(h, dtype=np.int64)


def revived_coordinates(grad_fn, w, lr):
    """Two calls of grad_fn, at w and at w - lr*g (w untouched); junk indices."""
    g = grad_fn(w)
    w_new = w - lr * g
    g_new = grad_fn(w_new)
    # Junk: every coordinate revives.
    return np.arange(np.shape(g)[0], dtype=np.int64)
