"""Q9 written differently: a unit-by-unit loop with an einsum and a running maximum,
and revived coordinates found with Python loops over plain lists."""

import numpy as np


def dead_relu_units(W1, b1, X):
    W1 = np.asarray(W1, dtype=float)
    b1 = np.asarray(b1, dtype=float)
    X = np.asarray(X, dtype=float)
    if len(W1.shape) != 2 or len(b1.shape) != 1 or len(X.shape) != 2:
        raise ValueError("W1 must be (d, h), b1 (h,), X (n, d)")
    d, h = W1.shape
    if X.shape[1] != d:
        raise ValueError("X and W1 do not fit together")
    if b1.shape[0] != h:
        raise ValueError("b1 must have one entry per unit")
    dead = []
    for u in range(h):
        # Bias first, then the inputs: another summation order than X @ W1 + b1.
        z = b1[u] + np.einsum("nd,d->n", X, W1[:, u])
        highest = -np.inf
        for value in z.tolist():
            if value > highest:
                highest = value
        if not highest > 0.0:
            dead.append(u)
    return np.array(dead, dtype=np.int32)


def revived_coordinates(grad_fn, w, lr):
    g = np.array(grad_fn(w), dtype=float).ravel()
    zero_before = [k for k, value in enumerate(g.tolist()) if value == 0.0]
    w_new = np.empty_like(w)
    np.multiply(g, -lr, out=w_new)
    w_new += w                              # w + (-lr * g): the same number as w - lr * g
    g_new = np.array(grad_fn(w_new), dtype=float).ravel()
    after = g_new.tolist()
    revived = [k for k in zero_before if after[k] != 0.0]
    return np.array(revived, dtype=np.uint32)
