"""Q9 (independent variant A)."""
import numpy as np


def dead_relu_units(W1, b1, X):
    W1 = np.asarray(W1)
    b1 = np.asarray(b1)
    X = np.asarray(X)
    if W1.ndim != 2 or b1.ndim != 1 or X.ndim != 2:
        raise ValueError("wrong number of dimensions")
    if X.shape[1] != W1.shape[0] or b1.shape[0] != W1.shape[1]:
        raise ValueError("shapes do not fit together")
    Z = X @ W1 + b1
    return np.flatnonzero(np.all(Z <= 0, axis=0))


def revived_coordinates(grad_fn, w, lr):
    g = np.asarray(grad_fn(w))
    w_new = w - lr * g
    g_new = np.asarray(grad_fn(w_new))
    return np.flatnonzero((g == 0) & (g_new != 0))
