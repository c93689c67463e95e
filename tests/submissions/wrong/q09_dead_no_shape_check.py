"""Relies on NumPy to complain about shapes, so a length-1 b1 broadcasts silently."""
BREAKS = "dead_relu_units"


def dead_relu_units(W1, b1, X):
    Z = np.asarray(X) @ np.asarray(W1) + np.asarray(b1)
    return np.flatnonzero(np.all(Z <= 0, axis=0))
