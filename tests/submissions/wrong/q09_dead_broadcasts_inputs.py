"""Checks only the sizes that must match (X's last axis, len(b1)), not the numbers of
dimensions, so a 1-D X or a column-vector b1 is broadcast into an answer instead of raising."""
BREAKS = "dead_relu_units"


def dead_relu_units(W1, b1, X):
    d, h = np.shape(W1)
    if np.shape(X)[-1] != d or len(b1) != h:
        raise ValueError("W1, b1 and X do not fit together")
    Z = X @ W1 + b1
    return np.flatnonzero(np.all(Z <= 0, axis=0))
