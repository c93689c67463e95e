"""Collects the indices in a Python list and returns np.array(list): float64 when it is empty."""
BREAKS = "dead_relu_units"


def dead_relu_units(W1, b1, X):
    W1, b1, X = np.asarray(W1), np.asarray(b1), np.asarray(X)
    if W1.ndim != 2 or b1.ndim != 1 or X.ndim != 2 or X.shape[1] != W1.shape[0] or b1.shape[0] != W1.shape[1]:
        raise ValueError("shape mismatch")
    Z = X @ W1 + b1
    return np.array([u for u in range(Z.shape[1]) if np.all(Z[:, u] <= 0)])
