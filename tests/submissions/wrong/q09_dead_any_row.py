"""Calls a unit dead when it is off on some row instead of on every row."""
BREAKS = "dead_relu_units"


def dead_relu_units(W1, b1, X):
    W1, b1, X = np.asarray(W1), np.asarray(b1), np.asarray(X)
    if W1.ndim != 2 or b1.ndim != 1 or X.ndim != 2 or X.shape[1] != W1.shape[0] or b1.shape[0] != W1.shape[1]:
        raise ValueError("shape mismatch")
    Z = X @ W1 + b1
    return np.flatnonzero(np.any(Z <= 0, axis=0))
