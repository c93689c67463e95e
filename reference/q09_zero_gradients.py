"""Reference for Q9: which zero gradients stay zero after a step on the others?"""

import numpy as np


def dead_relu_units(W1, b1, X):
    W1 = np.asarray(W1)
    b1 = np.asarray(b1)
    X = np.asarray(X)
    if W1.ndim != 2 or b1.ndim != 1 or X.ndim != 2:
        raise ValueError(
            f"need W1 (d, h), b1 (h,), X (n, d); got {W1.shape}, {b1.shape}, {X.shape}"
        )
    if X.shape[1] != W1.shape[0] or b1.shape[0] != W1.shape[1]:
        raise ValueError(
            f"need W1 (d, h), b1 (h,), X (n, d); got {W1.shape}, {b1.shape}, {X.shape}"
        )
    Z = X @ W1 + b1
    # With ReLU'(0) = 0, a unit whose pre-activation is <= 0 on every example
    # passes no gradient back to its incoming weights or bias.
    return np.flatnonzero(np.all(Z <= 0, axis=0))


def revived_coordinates(grad_fn, w, lr):
    g = np.asarray(grad_fn(w))
    # Take the mask and the step before the second call, so nothing depends on
    # g's buffer afterwards; w_new is a new array and w is never written to.
    was_zero = g == 0
    w_new = w - lr * g
    g_new = np.asarray(grad_fn(w_new))
    return np.flatnonzero(was_zero & (g_new != 0))
