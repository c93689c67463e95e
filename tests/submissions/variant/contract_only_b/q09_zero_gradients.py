"""Q9 (variant B): dead ReLU units, revived gradient coordinates."""
import numpy as np


def dead_relu_units(W1, b1, X):
    W1 = np.asarray(W1)
    b1 = np.asarray(b1)
    X = np.asarray(X)
    if W1.ndim != 2 or b1.ndim != 1 or X.ndim != 2:
        raise ValueError("need W1 (d, h), b1 (h,), X (n, d)")
    if X.shape[1] != W1.shape[0] or b1.shape[0] != W1.shape[1]:
        raise ValueError("shapes do not fit together")
    Z = X @ W1 + b1
    return np.flatnonzero(Z.max(axis=0) <= 0)


def revived_coordinates(grad_fn, w, lr):
    g = np.array(grad_fn(w), copy=True)
    w_new = w - lr * g
    g_new = np.asarray(grad_fn(w_new))
    return np.flatnonzero((g == 0) & (g_new != 0))
